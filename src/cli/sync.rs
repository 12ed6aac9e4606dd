//! Sync commands: `identity export`, `trust`, `revoke`, `export`, `verify`,
//! `import` and `sync DIR` (sync with a folder). Each calls one use case of `app` and prints its outcome; a
//! refused bundle exits with code 3, one line per file. An encrypted bundle's
//! passphrase comes from `RELAIS_PASSPHRASE`, else is asked on the terminal
//! without echo.

use super::args::{ExportArgs, IdentityAction, TrustArgs};
use super::output::{columns, format_time, print_json};
use super::{CLEAR_LINE, Ctx, EXIT_BUNDLE_REFUSED, out, progress_line};
use crate::app::ImportStep;
use crate::app::crypt::{BundleLock, Encryption, PASSPHRASE_VAR, Passphrase};
use crate::domain::TrustStatus;
use crate::i18n::Message;
use std::collections::BTreeMap;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

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

fn addressee_text(ctx: &Ctx, addressee: &str, for_anyone: bool) -> String {
    if for_anyone {
        ctx.say(Message::new("sync.any"))
    } else {
        addressee.to_string()
    }
}

fn kind_text(ctx: &Ctx, full: bool) -> String {
    ctx.say(Message::new(if full {
        "sync.full"
    } else {
        "sync.incremental"
    }))
}

pub fn identity(ctx: &Ctx, action: IdentityAction) -> anyhow::Result<ExitCode> {
    match action {
        IdentityAction::Export { out } => identity_export(ctx, &out),
        IdentityAction::Rotate { out } => {
            let mut app = ctx.open()?;
            let rotated = app.rotate_key(&out).map_err(|err| ctx.app_error(err))?;
            say_line(
                ctx,
                Message::new("sync.rotate.done")
                    .arg("old", &rotated.old_fingerprint)
                    .arg("new", &rotated.new_fingerprint)
                    .arg("path", out.display()),
            )
        }
        IdentityAction::Accept { file } => {
            let mut app = ctx.open()?;
            let taken = app
                .accept_rotation(&file)
                .map_err(|err| ctx.app_error(err))?;
            say_line(
                ctx,
                Message::new("sync.rotate.accepted")
                    .arg("site", &taken.site)
                    .arg("old", &taken.old_fingerprint)
                    .arg("new", &taken.fingerprint),
            )
        }
    }
}

fn say_line(ctx: &Ctx, message: Message) -> anyhow::Result<ExitCode> {
    out(&format!("{}\n", ctx.say(message)))?;
    Ok(ExitCode::SUCCESS)
}

fn identity_export(ctx: &Ctx, path: &Path) -> anyhow::Result<ExitCode> {
    let app = ctx.open()?;
    let card = app.export_card(path).map_err(|err| ctx.app_error(err))?;
    if card.role == crate::domain::SiteRole::Regional {
        // The lead hands its card to the EPNs, not "to the lead".
        return say_line(ctx, card.handover());
    }
    out(&format!(
        "{}\n",
        ctx.say(
            Message::new("sync.identity.exported")
                .arg("name", &card.name)
                .arg("site", &card.site)
                .arg("fingerprint", &card.fingerprint)
                .arg("path", path.display())
        )
    ))?;
    Ok(ExitCode::SUCCESS)
}

fn trust_list(ctx: &Ctx, json: bool) -> anyhow::Result<ExitCode> {
    let app = ctx.open()?;
    let rows = app.trust_list().map_err(|err| ctx.app_error(err))?;
    if json {
        print_json(&rows)?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut text = format!(
        "{}\n",
        ctx.say(Message::new("sync.trust.count").count(rows.len() as i64))
    );
    let mut table = Vec::with_capacity(rows.len());
    for row in &rows {
        let status = match row.status {
            TrustStatus::Card => Message::new("sync.trust.status.card"),
            TrustStatus::Enrolled => Message::new("sync.trust.status.enrolled"),
            TrustStatus::Revoked => {
                Message::new("sync.trust.status.revoked").arg("seq", row.revoked_after.unwrap_or(0))
            }
            TrustStatus::Known => Message::new("sync.trust.status.known"),
        };
        table.push(vec![
            String::new(),
            row.site.to_string(),
            // A site known from its record alone may have no key yet.
            row.fingerprint.clone().unwrap_or_else(|| "—".to_string()),
            row.role.slug().to_string(),
            row.name.clone(),
            ctx.say(status),
        ]);
    }
    text.push_str(&columns(&table));
    out(&text)?;
    Ok(ExitCode::SUCCESS)
}

pub fn trust(ctx: &Ctx, args: &TrustArgs) -> anyhow::Result<ExitCode> {
    if args.list {
        return trust_list(ctx, args.json);
    }
    let Some(path) = args.file.as_deref() else {
        return Err(ctx.fail(Message::new("sync.trust.need_file")));
    };
    let mut app = ctx.open()?;
    let outcome = app
        .enrol_card(path, args.as_lead)
        .map_err(|err| ctx.app_error(err))?;
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
                .arg("name", &outcome.name)
                .arg("site", &outcome.site)
                .arg("fingerprint", &outcome.fingerprint)
        )
    ))?;
    Ok(ExitCode::SUCCESS)
}

pub fn revoke(ctx: &Ctx, site: &str) -> anyhow::Result<ExitCode> {
    let mut app = ctx.open()?;
    let outcome = app.revoke_site(site).map_err(|err| ctx.app_error(err))?;
    let message = match outcome.revoked_after {
        Some(seq) => Message::new("sync.revoke.region")
            .arg("site", &outcome.site)
            .arg("seq", seq),
        None => Message::new("sync.revoke.local").arg("site", &outcome.site),
    };
    out(&format!("{}\n", ctx.say(message)))?;
    Ok(ExitCode::SUCCESS)
}

/// A passphrase from `RELAIS_PASSPHRASE`, else typed on the terminal
/// (twice when it encrypts, so that a typo does not lock the bundle).
fn passphrase(ctx: &Ctx, prompt: Message, twice: bool) -> anyhow::Result<Passphrase> {
    let empty = || ctx.fail(Message::new("crypt.passphrase.empty"));
    if let Ok(text) = std::env::var(PASSPHRASE_VAR) {
        return Passphrase::new(text).ok_or_else(empty);
    }
    let ask = |prompt: Message| {
        rpassword::prompt_password(ctx.say(prompt))
            .map_err(|_| ctx.fail(Message::new("crypt.passphrase.no_terminal")))
    };
    let text = ask(prompt)?;
    if twice && ask(Message::new("crypt.passphrase.again"))? != text {
        return Err(ctx.fail(Message::new("crypt.passphrase.mismatch")));
    }
    Passphrase::new(text).ok_or_else(empty)
}

/// The passphrase a bundle needs, if it is encrypted with one.
fn passphrase_for(
    ctx: &Ctx,
    app: &crate::app::App,
    file: &Path,
    known: &mut Option<Passphrase>,
) -> anyhow::Result<()> {
    if known.is_none() && matches!(app.bundle_lock(file), Ok(BundleLock::Passphrase)) {
        let prompt = Message::new("crypt.passphrase.ask").arg("file", file.display());
        *known = Some(passphrase(ctx, prompt, false)?);
    }
    Ok(())
}

pub fn export(ctx: &Ctx, args: &ExportArgs) -> anyhow::Result<ExitCode> {
    let mut app = ctx.open()?;
    let encryption = if args.passphrase {
        Encryption::Passphrase(passphrase(ctx, Message::new("crypt.passphrase.new"), true)?)
    } else if args.encrypt {
        Encryption::ForAddressees
    } else {
        Encryption::None
    };
    let quiet = args.json;
    let mut progress = |n: u64| {
        if !quiet {
            progress_line(ctx, Message::new("sync.export.progress").count(n as i64));
        }
    };
    let exported = app
        .export_bundle_as(
            args.to.as_deref(),
            args.full,
            &args.out,
            &encryption,
            &mut progress,
        )
        .map_err(|err| ctx.app_error(err))?;
    if !quiet && std::io::stderr().is_terminal() {
        eprintln!();
    }
    if args.json {
        print_json(&exported)?;
        return Ok(ExitCode::SUCCESS);
    }
    out(&format!(
        "{}\n",
        ctx.say(
            Message::new("sync.export.done")
                .count(exported.changes as i64)
                .arg("path", exported.file.display())
                .arg("id", &exported.bundle_id)
                .arg(
                    "to",
                    addressee_text(ctx, &exported.addressee, exported.for_anyone())
                )
                .arg("kind", kind_text(ctx, exported.full))
                .arg_number("bytes", exported.bytes)
        )
    ))?;
    if let Some(line) = exported.sealed_line() {
        out(&format!("{}\n", ctx.say(line)))?;
    }
    Ok(ExitCode::SUCCESS)
}

pub fn verify(ctx: &Ctx, file: &Path, json: bool) -> anyhow::Result<ExitCode> {
    let app = ctx.open()?;
    let mut known = None;
    passphrase_for(ctx, &app, file, &mut known)?;
    let bundle = app
        .verify_bundle_with(file, known.as_ref())
        .map_err(|err| ctx.app_error(err))?;
    if json {
        print_json(&bundle)?;
        return Ok(ExitCode::SUCCESS);
    }
    let for_anyone = bundle.for_anyone();
    let lines = [
        Message::new("sync.verify.ok")
            .arg("file", file.display())
            .arg("id", &bundle.bundle_id)
            .arg("name", &bundle.sender_name)
            .arg("sender", &bundle.sender)
            .arg("fingerprint", &bundle.fingerprint),
        Message::new("sync.verify.addressee")
            .arg("to", addressee_text(ctx, &bundle.addressee, for_anyone))
            .arg("created", format_time(ctx.lang, bundle.created_ms))
            .arg("kind", kind_text(ctx, bundle.full)),
        Message::new("sync.verify.count")
            .count(bundle.changes as i64)
            .arg_number("bytes", bundle.payload_bytes)
            .arg_number("raw", bundle.payload_raw_bytes),
        Message::new("sync.verify.contains").arg("list", vector_text(ctx, &bundle.contains)),
        Message::new("sync.verify.assumed").arg("list", vector_text(ctx, &bundle.assumed)),
        Message::new("sync.verify.ack").arg("list", vector_text(ctx, &bundle.ack)),
        Message::new(if bundle.already_imported {
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

/// The import's progress line: how many of the changes the bundle
/// announces are read, then that the indexes and figures are being brought
/// up to date (seconds at region scale, with nothing else to show).
fn import_progress(file: &str, step: ImportStep) -> Message {
    match step {
        ImportStep::Reading {
            done,
            announced: Some(total),
        } if total >= done && total > 0 => Message::new("sync.import.reading")
            .arg("file", file)
            .arg_number("done", done)
            .arg_number("total", total)
            .arg("percent", done.saturating_mul(100) / total),
        ImportStep::Reading { done, .. } => Message::new("sync.import.progress")
            .count(i64::try_from(done).unwrap_or(i64::MAX))
            .arg("file", file),
        ImportStep::Finishing { done } => Message::new("sync.import.finishing")
            .arg("file", file)
            .arg_number("done", done),
    }
}

pub fn import(ctx: &Ctx, files: &[PathBuf], json: bool) -> anyhow::Result<ExitCode> {
    let mut app = ctx.open()?;
    let mut rejected = 0usize;
    let mut failed = 0usize;
    let mut results = Vec::new();
    let mut known = None;
    // One run: the trust list and cut-offs are read once for every file.
    let mut run = app.import_run().map_err(|err| ctx.app_error(err))?;
    for file in files {
        passphrase_for(ctx, &app, file, &mut known)?;
        let name = file.display().to_string();
        let mut progress = |step: ImportStep| {
            if !json {
                progress_line(ctx, import_progress(&name, step));
            }
        };
        let outcome = app.import_in_run(&mut run, file, known.as_ref(), &mut progress);
        if !json && std::io::stderr().is_terminal() {
            eprint!("{CLEAR_LINE}");
        }
        let imported = match outcome {
            Ok(imported) => imported,
            Err(err) => {
                if err.is_bundle_refusal() {
                    rejected += 1;
                } else {
                    failed += 1;
                }
                eprintln!("relais: {}", ctx.say(err.message()));
                continue;
            }
        };
        if !json {
            let text: String = imported
                .summary()
                .into_iter()
                .map(|line| {
                    let line = ctx.say(line.message);
                    let about = Message::new("sync.import.file")
                        .arg("file", &name)
                        .arg("line", line);
                    format!("{}\n", ctx.say(about))
                })
                .collect();
            out(&text)?;
        }
        results.push(imported);
    }
    if json {
        print_json(&results)?;
    }
    if rejected > 0 {
        return Ok(ExitCode::from(EXIT_BUNDLE_REFUSED));
    }
    if failed > 0 {
        return Ok(ExitCode::from(super::EXIT_FAILED));
    }
    Ok(ExitCode::SUCCESS)
}

/// `relais sync DIR`: what the folder holds, then each bundle imported or
/// left aside and each bundle written, as the Synchronisation screen says
/// it (one use case).
pub fn sync_folder(ctx: &Ctx, dir: &Path, json: bool) -> anyhow::Result<ExitCode> {
    let mut app = ctx.open()?;
    let plan = app
        .plan_folder_sync(dir)
        .map_err(|err| ctx.app_error(err))?;
    if !json {
        out(&format!("{}\n", ctx.say(plan.found())))?;
    }
    let mut progress = |_: u64| {};
    let done = app
        .sync_folder(&plan, ctx.lang, &mut progress)
        .map_err(|err| ctx.app_error(err))?;
    if json {
        let aside: Vec<serde_json::Value> = done
            .aside
            .iter()
            .map(|(file, why)| {
                let reason = match why {
                    crate::app::sync_folder::Aside::Refused(message) => ctx.say(message.clone()),
                    other => other.slug().to_string(),
                };
                serde_json::json!({ "file": file, "reason": reason })
            })
            .collect();
        let written: Vec<&crate::app::sync_ops::Exported> =
            done.written.iter().map(|(_, exported)| exported).collect();
        print_json(&serde_json::json!({
            "imported": done.imported,
            "aside": aside,
            "written": written,
            "failed": done.failed.iter().map(|(file, reason)| {
                serde_json::json!({ "file": file, "reason": ctx.say(reason.clone()) })
            }).collect::<Vec<_>>(),
        }))?;
    } else {
        let text: String = done
            .summary()
            .into_iter()
            .map(|line| format!("{}\n", ctx.say(line.message)))
            .collect();
        out(&text)?;
    }
    if done.refused_any() {
        return Ok(ExitCode::from(EXIT_BUNDLE_REFUSED));
    }
    if !done.failed.is_empty() {
        return Ok(ExitCode::from(super::EXIT_FAILED));
    }
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;

    fn line(lang: Lang, step: ImportStep) -> String {
        import_progress("b.rb", step).render(lang)
    }

    #[test]
    fn the_import_line_tells_how_far_then_that_it_finishes() {
        let reading = ImportStep::Reading {
            done: 1_230_000,
            announced: Some(3_135_451),
        };
        assert_eq!(
            line(Lang::En, reading),
            "importing b.rb… 1,230,000 of 3,135,451 changes (39%)"
        );
        assert!(
            line(Lang::Fr, reading).contains("(39 %)"),
            "{}",
            line(Lang::Fr, reading)
        );
        let finishing = ImportStep::Finishing { done: 3_135_451 };
        assert_eq!(
            line(Lang::En, finishing),
            "importing b.rb… 3,135,451 changes read; bringing indexes and figures up to date…"
        );
        // No total, or one a lying header makes smaller than what was read:
        // the count alone.
        for announced in [None, Some(5)] {
            let step = ImportStep::Reading {
                done: 20_000,
                announced,
            };
            assert_eq!(line(Lang::En, step), "importing b.rb… 20,000 changes");
        }
    }
}
