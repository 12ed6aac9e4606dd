//! The record commands (`init`, `add`, `set`, `rm`, `list`, `show`,
//! `history`): run the use case, print text for people or JSON for scripts.

use super::args::InitArgs;
use super::output::{cell, field_label, format_time, list_columns, record_json, truncate};
use super::{Ctx, out};
use crate::app::Assignment;
use crate::app::identity::{InitRequest, init as init_site};
use crate::domain::schema::Kind;
use crate::i18n::Message;
use crate::store::{HistoryEntry, short_id};
use chrono::{DateTime, Utc};
use serde_json::{Value, json};
use std::process::ExitCode;

fn parse_assignments(ctx: &Ctx, texts: &[String]) -> anyhow::Result<Vec<Assignment>> {
    texts
        .iter()
        .map(|text| Assignment::parse(text).map_err(|err| ctx.app_error(err)))
        .collect()
}

pub fn no_command(ctx: &Ctx) -> anyhow::Result<ExitCode> {
    // No command: the terminal UI, which also sets up a new database.
    if !std::io::IsTerminal::is_terminal(&std::io::stdout()) {
        out(&format!(
            "{}\n",
            ctx.say(Message::new("cli.first_run").arg("path", ctx.db.display()))
        ))?;
        return Ok(ExitCode::SUCCESS);
    }
    let options = crate::tui::Options {
        db: ctx.db.clone(),
        config: ctx.config.clone(),
        config_dir: ctx.config_path.parent().map(std::path::Path::to_path_buf),
        clock: ctx.clock.clone(),
        lang: ctx.lang,
        mouse: !ctx.no_mouse,
    };
    match crate::tui::run(options) {
        Ok(()) => Ok(ExitCode::SUCCESS),
        Err(crate::tui::TuiError::App(message)) => Err(ctx.fail(message)),
        Err(crate::tui::TuiError::Io(err)) => Err(anyhow::Error::new(err).context("terminal")),
    }
}

pub fn init(ctx: &Ctx, args: &InitArgs) -> anyhow::Result<ExitCode> {
    let request = InitRequest {
        name: &args.name,
        departement: &args.departement,
        role: &args.role,
        author: args.author.as_deref(),
    };
    let identity =
        init_site(&ctx.db, ctx.clock.clone(), &request).map_err(|err| ctx.app_error(err))?;
    out(&format!(
        "{}\n",
        ctx.say(
            Message::new("cli.init.done")
                .arg("name", &identity.name)
                .arg("site", &identity.site)
                .arg("path", ctx.db.display())
        )
    ))?;
    Ok(ExitCode::SUCCESS)
}

pub fn add(ctx: &Ctx, kind: Kind, texts: &[String]) -> anyhow::Result<ExitCode> {
    let assignments = parse_assignments(ctx, texts)?;
    let mut app = ctx.open()?;
    let id = app
        .add(kind, &assignments)
        .map_err(|err| ctx.app_error(err))?;
    out(&format!("{id}\n"))?;
    Ok(ExitCode::SUCCESS)
}

pub fn set(ctx: &Ctx, kind: Kind, id: &str, texts: &[String]) -> anyhow::Result<ExitCode> {
    let assignments = parse_assignments(ctx, texts)?;
    let mut app = ctx.open()?;
    let (id, written) = app
        .set(kind, id, &assignments)
        .map_err(|err| ctx.app_error(err))?;
    out(&format!(
        "{}\n",
        ctx.say(
            Message::new("cli.set.done")
                .arg("id", short_id(&id))
                .count(written as i64)
        )
    ))?;
    Ok(ExitCode::SUCCESS)
}

pub fn remove(ctx: &Ctx, kind: Kind, id: &str) -> anyhow::Result<ExitCode> {
    let mut app = ctx.open()?;
    let id = app.remove(kind, id).map_err(|err| ctx.app_error(err))?;
    out(&format!(
        "{}\n",
        ctx.say(
            Message::new("cli.rm.done")
                .arg("kind", kind.name())
                .arg("id", short_id(&id))
        )
    ))?;
    Ok(ExitCode::SUCCESS)
}

pub fn list(ctx: &Ctx, kind: Kind, json: bool) -> anyhow::Result<ExitCode> {
    let app = ctx.open()?;
    let records = app.list(kind).map_err(|err| ctx.app_error(err))?;
    if json {
        let array: Vec<Value> = records.iter().map(record_json).collect();
        out(&format!("{}\n", serde_json::to_string_pretty(&array)?))?;
        return Ok(ExitCode::SUCCESS);
    }
    let columns = list_columns(kind);
    let rows: Vec<Vec<String>> = records
        .iter()
        .map(|record| {
            std::iter::once(record.short_id().to_string())
                .chain(
                    columns
                        .iter()
                        .map(|field| truncate(&cell(ctx.lang, record, field), 48)),
                )
                .collect()
        })
        .collect();
    let header: Vec<String> = std::iter::once("id".to_string())
        .chain(columns.iter().map(|field| field_label(ctx.lang, field)))
        .collect();
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for row in &rows {
        for (index, value) in row.iter().enumerate() {
            widths[index] = widths[index].max(value.chars().count());
        }
    }
    let mut text = String::new();
    let line = |values: &[String]| -> String {
        let cells: Vec<String> = values
            .iter()
            .enumerate()
            .map(|(index, value)| format!("{value:<width$}", width = widths[index]))
            .collect();
        format!("{}\n", cells.join("  ").trim_end())
    };
    text.push_str(&line(&header));
    for row in &rows {
        text.push_str(&line(row));
    }
    text.push_str(&format!(
        "{}\n",
        ctx.say(Message::new("cli.list.count").count(rows.len() as i64))
    ));
    out(&text)?;
    Ok(ExitCode::SUCCESS)
}

pub fn show(ctx: &Ctx, kind: Kind, id: &str, json: bool) -> anyhow::Result<ExitCode> {
    let app = ctx.open()?;
    let record = app.show(kind, id).map_err(|err| ctx.app_error(err))?;
    let conflicts = app
        .store
        .conflicting_fields(&record.id)
        .map_err(|err| ctx.app_error(err.into()))?;
    if json {
        let mut value = record_json(&record);
        if let Value::Object(map) = &mut value {
            map.insert("deleted".into(), Value::Bool(record.deleted));
            map.insert("conflicts".into(), json!(conflicts));
        }
        out(&format!("{}\n", serde_json::to_string_pretty(&value)?))?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut text = format!("{} {}\n", kind.name(), record.id);
    if record.deleted {
        text.push_str(&format!("{}\n", ctx.say(Message::new("cli.show.deleted"))));
    }
    let width = kind
        .fields()
        .iter()
        .map(|def| field_label(ctx.lang, def.name).chars().count())
        .max()
        .unwrap_or(0);
    for def in kind.fields() {
        let value = cell(ctx.lang, &record, def.name);
        if value.is_empty() {
            continue;
        }
        let marker = if conflicts.iter().any(|field| field == def.name) {
            " ⚠"
        } else {
            ""
        };
        let label = field_label(ctx.lang, def.name);
        let pad = width.saturating_sub(label.chars().count());
        text.push_str(&format!("  {label}{} : {value}{marker}\n", " ".repeat(pad)));
    }
    if !conflicts.is_empty() {
        text.push_str(&format!(
            "{}\n",
            ctx.say(Message::new("cli.show.conflicts").arg("fields", conflicts.join(", ")))
        ));
    }
    out(&text)?;
    Ok(ExitCode::SUCCESS)
}

fn history_json(entry: &HistoryEntry) -> Value {
    json!({
        "change": entry.change.to_string(),
        "site": entry.change.site,
        "author": entry.author,
        "time": DateTime::<Utc>::from_timestamp_millis(entry.wall_ms).unwrap_or_default().to_rfc3339(),
        "field": entry.field,
        "old": entry.old,
        "new": entry.new,
    })
}

pub fn history(ctx: &Ctx, kind: Kind, id: &str, json: bool) -> anyhow::Result<ExitCode> {
    let app = ctx.open()?;
    let (record, entries) = app.history(kind, id).map_err(|err| ctx.app_error(err))?;
    if json {
        let array: Vec<Value> = entries.iter().map(history_json).collect();
        out(&format!("{}\n", serde_json::to_string_pretty(&array)?))?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut text = format!(
        "{} {} — {}\n",
        kind.name(),
        record.short_id(),
        record.label()
    );
    for entry in &entries {
        let show = |value: &Option<String>| value.clone().unwrap_or_else(|| "∅".into());
        text.push_str(&format!(
            "{}  {}  {:<12} {:<16} {} → {}\n",
            format_time(ctx.lang, entry.wall_ms),
            &entry.change.site[..6.min(entry.change.site.len())],
            truncate(
                if entry.author.is_empty() {
                    "?"
                } else {
                    &entry.author
                },
                12
            ),
            entry.field,
            truncate(&show(&entry.old), 30),
            truncate(&show(&entry.new), 40),
        ));
    }
    out(&text)?;
    Ok(ExitCode::SUCCESS)
}
