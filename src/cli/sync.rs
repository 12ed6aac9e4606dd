//! Sync commands: `identity export`, `trust`, `revoke`, `export`, `verify`
//! and `import`. A refused bundle exits with code 3, one line per file.

use super::args::{ExportArgs, TrustArgs};
use super::{Ctx, EXIT_BUNDLE_REFUSED, Failure, out, progress_line};
use crate::i18n::Message;
use crate::sync::{self, ExportRequest, ImportOptions, SiteCard, SyncError, fingerprint};
use chrono::{DateTime, Utc};
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::io::{IsTerminal, Read};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

fn sync_error(ctx: &Ctx, err: &SyncError) -> anyhow::Error {
    anyhow::Error::new(Failure {
        code: if err.is_refusal() {
            EXIT_BUNDLE_REFUSED
        } else {
            super::EXIT_FAILED
        },
        message: ctx.say(err.message()),
    })
}

fn file_error(ctx: &Ctx, file: &Path, err: &SyncError) -> String {
    ctx.say(
        Message::new("sync.file_error")
            .arg("file", file.display())
            .arg("reason", ctx.say(err.message())),
    )
}

fn vector_text(ctx: &Ctx, vector: &BTreeMap<String, u64>) -> String {
    if vector.is_empty() {
        return ctx.say(Message::new("sync.nothing"));
    }
    vector
        .iter()
        .map(|(site, seq)| format!("{site}:{seq}"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn time_text(ms: i64) -> String {
    DateTime::<Utc>::from_timestamp_millis(ms)
        .unwrap_or_default()
        .format("%Y-%m-%d %H:%M UTC")
        .to_string()
}

pub fn identity_export(ctx: &Ctx, path: &Path) -> anyhow::Result<ExitCode> {
    let app = ctx.open()?;
    let identity = app
        .store
        .require_identity()
        .map_err(|err| ctx.fail(err.message()))?;
    let key = sync::signing_key(&ctx.db).map_err(|err| sync_error(ctx, &err))?;
    let entry = app
        .store
        .site_entry(&identity.site)
        .map_err(|err| ctx.fail(err.message()))?;
    let name = entry.map(|e| e.name).unwrap_or(identity.name.clone());
    let card = SiteCard::new(
        &identity.site,
        &name,
        &identity.departement,
        &identity.role,
        &key,
    );
    std::fs::write(path, card.to_json())
        .map_err(|err| sync_error(ctx, &SyncError::Io(path.to_path_buf(), err)))?;
    out(&format!(
        "{}\n",
        ctx.say(
            Message::new("sync.identity.exported")
                .arg("name", &card.name)
                .arg("site", &card.site)
                .arg("fingerprint", fingerprint(&card.public_key))
                .arg("path", path.display())
        )
    ))?;
    Ok(ExitCode::SUCCESS)
}

fn read_card(ctx: &Ctx, path: &Path) -> anyhow::Result<SiteCard> {
    let fail = |err: SyncError| ctx.fail(err.message());
    if path.is_dir() {
        return Err(fail(SyncError::IsDirectory(path.to_path_buf())));
    }
    let file = std::fs::File::open(path).map_err(|err| fail(SyncError::Io(path.into(), err)))?;
    let mut text = String::new();
    file.take(sync::card::MAX_CARD_BYTES)
        .read_to_string(&mut text)
        .map_err(|_| fail(SyncError::BadCard("not a site card".into())))?;
    SiteCard::parse(&text).map_err(fail)
}

pub fn trust(ctx: &Ctx, args: &TrustArgs) -> anyhow::Result<ExitCode> {
    let mut app = ctx.open()?;
    if args.list {
        let entries = sync::trust::list(&app.store).map_err(|err| ctx.fail(err.message()))?;
        if args.json {
            let array: Vec<Value> = entries
                .iter()
                .map(|entry| {
                    json!({
                        "site": entry.site, "name": entry.name, "role": entry.role,
                        "fingerprint": entry.fingerprint, "status": entry.status,
                        "revoked_after": entry.revoked_after,
                    })
                })
                .collect();
            out(&format!("{}\n", serde_json::to_string_pretty(&array)?))?;
            return Ok(ExitCode::SUCCESS);
        }
        let mut text = format!(
            "{}\n",
            ctx.say(Message::new("sync.trust.count").count(entries.len() as i64))
        );
        for entry in &entries {
            let status = match entry.status {
                sync::TrustStatus::Card => Message::new("sync.trust.status.card"),
                sync::TrustStatus::Enrolled => Message::new("sync.trust.status.enrolled"),
                sync::TrustStatus::Revoked => Message::new("sync.trust.status.revoked")
                    .arg("seq", entry.revoked_after.unwrap_or(0)),
                sync::TrustStatus::Known => Message::new("sync.trust.status.known"),
            };
            text.push_str(&format!(
                "  {}  {}  {}  {}  {}\n",
                entry.site,
                entry.fingerprint,
                entry.role,
                entry.name,
                ctx.say(status)
            ));
        }
        out(&text)?;
        return Ok(ExitCode::SUCCESS);
    }
    let Some(path) = args.file.as_deref() else {
        return Err(ctx.fail(Message::new("sync.trust.need_file")));
    };
    let card = read_card(ctx, path)?;
    let author = app.author();
    let options = sync::TrustOptions {
        as_lead: args.as_lead,
    };
    let outcome = sync::trust::trust_card(&mut app.store, card, &author, options)
        .map_err(|err| ctx.fail(err.message()))?;
    let key = if outcome.enrolled {
        "sync.trust.enrolled"
    } else if outcome.lead {
        "sync.trust.lead"
    } else {
        "sync.trust.done"
    };
    out(&format!(
        "{}\n",
        ctx.say(
            Message::new(key)
                .arg("name", &outcome.card.name)
                .arg("site", &outcome.card.site)
                .arg("fingerprint", &outcome.fingerprint)
        )
    ))?;
    Ok(ExitCode::SUCCESS)
}

pub fn revoke(ctx: &Ctx, site: &str) -> anyhow::Result<ExitCode> {
    let mut app = ctx.open()?;
    let author = app.author();
    let outcome = sync::trust::revoke(&mut app.store, site.trim(), &author)
        .map_err(|err| ctx.fail(err.message()))?;
    let message = match outcome.revoked_after {
        Some(seq) => Message::new("sync.revoke.region")
            .arg("site", &outcome.site)
            .arg("seq", seq),
        None => Message::new("sync.revoke.local").arg("site", &outcome.site),
    };
    out(&format!("{}\n", ctx.say(message)))?;
    Ok(ExitCode::SUCCESS)
}

pub fn export(ctx: &Ctx, args: &ExportArgs) -> anyhow::Result<ExitCode> {
    let app = ctx.open()?;
    let key = sync::signing_key(&ctx.db).map_err(|err| sync_error(ctx, &err))?;
    let request = ExportRequest {
        to: args.to.clone(),
        full: args.full,
    };
    let quiet = args.json;
    let mut progress = |n: u64| {
        if !quiet {
            progress_line(ctx, Message::new("sync.export.progress").count(n as i64));
        }
    };
    let summary =
        sync::export(&app.store, &key, &request, &args.out, &mut progress).map_err(|err| {
            anyhow::Error::new(Failure {
                code: super::EXIT_FAILED,
                message: ctx.say(err.message()),
            })
        })?;
    if !quiet && std::io::stderr().is_terminal() {
        eprintln!();
    }
    let to = if summary.addressee == sync::format::ANY {
        ctx.say(Message::new("sync.any"))
    } else {
        summary.addressee.clone()
    };
    if args.json {
        out(&format!(
            "{}\n",
            serde_json::to_string_pretty(&json!({
                "file": summary.path.display().to_string(),
                "bundle_id": summary.bundle_id,
                "addressee": summary.addressee,
                "full": summary.full,
                "changes": summary.change_count,
                "bytes": summary.bytes,
            }))?
        ))?;
    } else {
        let kind = if summary.full {
            Message::new("sync.full")
        } else {
            Message::new("sync.incremental")
        };
        out(&format!(
            "{}\n",
            ctx.say(
                Message::new("sync.export.done")
                    .count(summary.change_count as i64)
                    .arg("path", summary.path.display())
                    .arg("id", &summary.bundle_id)
                    .arg("to", to)
                    .arg("kind", ctx.say(kind))
                    .arg("bytes", summary.bytes)
            )
        ))?;
    }
    Ok(ExitCode::SUCCESS)
}

pub fn verify(ctx: &Ctx, file: &Path, json: bool) -> anyhow::Result<ExitCode> {
    let app = ctx.open()?;
    let verified = sync::verify(&app.store, file).map_err(|err| {
        anyhow::Error::new(Failure {
            code: if err.is_refusal() {
                EXIT_BUNDLE_REFUSED
            } else {
                super::EXIT_FAILED
            },
            message: file_error(ctx, file, &err),
        })
    })?;
    let header = &verified.preamble.header;
    if json {
        out(&format!(
            "{}\n",
            serde_json::to_string_pretty(&json!({
                "file": file.display().to_string(),
                "valid": true,
                "bundle_id": header.bundle_id,
                "sender": header.sender,
                "sender_name": verified.sender_name,
                "fingerprint": fingerprint(&header.sender_key),
                "addressee": header.addressee,
                "full": header.full,
                "created": time_text(header.created_wall_ms),
                "changes": header.change_count,
                "payload_bytes": header.payload_bytes,
                "payload_raw_bytes": header.payload_raw_bytes,
                "assumed": header.assumed,
                "contains": header.contains,
                "ack": header.ack,
                "already_imported": verified.already_imported,
            }))?
        ))?;
        return Ok(ExitCode::SUCCESS);
    }
    let to = if header.addressee == sync::format::ANY {
        ctx.say(Message::new("sync.any"))
    } else {
        header.addressee.clone()
    };
    let kind = ctx.say(Message::new(if header.full {
        "sync.full"
    } else {
        "sync.incremental"
    }));
    let lines = [
        Message::new("sync.verify.ok")
            .arg("file", file.display())
            .arg("id", &header.bundle_id)
            .arg("name", &verified.sender_name)
            .arg("sender", &header.sender)
            .arg("fingerprint", fingerprint(&header.sender_key)),
        Message::new("sync.verify.addressee")
            .arg("to", to)
            .arg("created", time_text(header.created_wall_ms))
            .arg("kind", kind),
        Message::new("sync.verify.count")
            .count(header.change_count as i64)
            .arg("bytes", header.payload_bytes)
            .arg("raw", header.payload_raw_bytes),
        Message::new("sync.verify.contains").arg("list", vector_text(ctx, &header.contains)),
        Message::new("sync.verify.assumed").arg("list", vector_text(ctx, &header.assumed)),
        Message::new("sync.verify.ack").arg("list", vector_text(ctx, &header.ack)),
        Message::new(if verified.already_imported {
            "sync.verify.seen"
        } else {
            "sync.verify.new"
        }),
    ];
    let text: String = lines
        .into_iter()
        .map(|line| format!("{}\n", ctx.say(line)))
        .collect();
    out(&text)?;
    Ok(ExitCode::SUCCESS)
}

pub fn import(ctx: &Ctx, files: &[PathBuf], json: bool) -> anyhow::Result<ExitCode> {
    let mut app = ctx.open()?;
    let mut rejected = 0usize;
    let mut results: Vec<Value> = Vec::new();
    for file in files {
        let name = file.display().to_string();
        let mut progress = |n: u64| {
            if !json {
                progress_line(
                    ctx,
                    Message::new("sync.import.progress")
                        .count(n as i64)
                        .arg("file", &name),
                );
            }
        };
        let outcome = sync::import(
            &mut app.store,
            file,
            ImportOptions {
                fail_at: None,
                progress: Some(&mut progress),
            },
        );
        if !json && std::io::stderr().is_terminal() {
            eprint!("\r");
        }
        let outcome = match outcome {
            Ok(outcome) => outcome,
            Err(err) => {
                rejected += 1;
                eprintln!("relais: {}", file_error(ctx, file, &err));
                continue;
            }
        };
        let report = &outcome.report;
        results.push(json!({
            "file": name,
            "bundle_id": outcome.bundle_id,
            "sender": outcome.sender,
            "new_changes": report.new_changes,
            "duplicate_changes": report.duplicate_changes,
            "records_touched": report.records_touched,
            "new_conflicts": report.new_conflicts,
        }));
        if json {
            continue;
        }
        let mut text = if outcome.replay {
            ctx.say(
                Message::new("sync.import.replay")
                    .arg("file", &name)
                    .arg("id", &outcome.bundle_id)
                    .arg("name", &outcome.sender_name),
            )
        } else {
            ctx.say(
                Message::new("sync.import.done")
                    .arg("file", &name)
                    .arg("name", &outcome.sender_name)
                    .arg("sender", &outcome.sender)
                    .arg("new", report.new_changes)
                    .arg("duplicates", report.duplicate_changes)
                    .arg("records", report.records_touched)
                    .arg("conflicts", report.new_conflicts)
                    .arg("resolved", report.resolved_conflicts),
            )
        };
        text.push('\n');
        for site in &report.skewed_sites {
            text.push_str(&ctx.say(Message::new("sync.import.skew").arg("site", site)));
            text.push('\n');
        }
        if outcome.cut_off > 0 {
            text.push_str(
                &ctx.say(Message::new("sync.import.cut_off").count(outcome.cut_off as i64)),
            );
            text.push('\n');
        }
        out(&text)?;
    }
    if json {
        out(&format!("{}\n", serde_json::to_string_pretty(&results)?))?;
    }
    if rejected > 0 {
        return Ok(ExitCode::from(EXIT_BUNDLE_REFUSED));
    }
    Ok(ExitCode::SUCCESS)
}
