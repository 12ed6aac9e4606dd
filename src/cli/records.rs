//! The record commands (`init`, `add`, `set`, `rm`, `list`, `show`,
//! `history`, `status`, `check`, `demo`, `conflicts`, `resolve`): run the use
//! case, print text for people or JSON for scripts.

use super::args::{InitArgs, ResolveArgs};
use super::{Ctx, out, progress_line};
use crate::app::identity::{InitRequest, init as init_site};
use crate::app::{Assignment, StatusReport, demo};
use crate::domain::schema::{ElementValue, FieldType, Kind};
use crate::domain::validate::parse_date;
use crate::domain::{ChangeId, Vocab};
use crate::i18n::{self, Lang, Message};
use crate::store::{HistoryEntry, Record, short_id};
use chrono::{DateTime, Utc};
use serde_json::{Map, Value, json};
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

/// A field's value for people: vocabulary labels, dates in the local form.
pub fn display_value(lang: Lang, ty: FieldType, value: &str) -> String {
    match ty {
        FieldType::Vocab(vocab) => vocab.label(value, lang).to_string(),
        FieldType::Status => Vocab::Status.label(value, lang).to_string(),
        FieldType::Date => parse_date(value)
            .map(|date| i18n::format_date(lang, date))
            .unwrap_or_else(|| value.into()),
        FieldType::Amount => value
            .parse()
            .map(|n| i18n::format_amount(lang, n))
            .unwrap_or_else(|_| value.into()),
        FieldType::Hours => value
            .parse()
            .map(|n| i18n::format_hours(lang, n))
            .unwrap_or_else(|_| value.into()),
        FieldType::Ref(_) => short_id(value).to_string(),
        _ => value.to_string(),
    }
}

fn json_scalar(ty: FieldType, value: Option<&str>) -> Value {
    let Some(value) = value else {
        return Value::Null;
    };
    match ty {
        FieldType::Hours
        | FieldType::Amount
        | FieldType::Count
        | FieldType::Year
        | FieldType::Seq => value
            .parse::<i64>()
            .map(Value::from)
            .or_else(|_| value.parse::<f64>().map(Value::from))
            .unwrap_or_else(|_| Value::from(value)),
        _ => Value::from(value),
    }
}

/// A record as a JSON object: `id`, every field, sets as objects.
pub fn record_json(record: &Record) -> Value {
    let mut object = Map::new();
    object.insert("id".into(), Value::from(record.id.clone()));
    for def in record.kind.fields() {
        match def.set {
            None => {
                object.insert(def.name.into(), json_scalar(def.ty, record.get(def.name)));
            }
            Some(set) => {
                let elements: Map<String, Value> = record
                    .sets
                    .get(def.name)
                    .map(|elements| {
                        elements
                            .iter()
                            .map(|(element, value)| {
                                let value = match set.value {
                                    ElementValue::Flag => Value::Bool(true),
                                    ElementValue::Level | ElementValue::Count => value
                                        .parse::<i64>()
                                        .map(Value::from)
                                        .unwrap_or_else(|_| Value::from(value.clone())),
                                    ElementValue::Date => Value::from(value.clone()),
                                };
                                (element.clone(), value)
                            })
                            .collect()
                    })
                    .unwrap_or_default();
                object.insert(def.name.into(), Value::Object(elements));
            }
        }
    }
    Value::Object(object)
}

/// The columns `list` shows for each kind.
fn list_columns(kind: Kind) -> &'static [&'static str] {
    match kind {
        Kind::Site => &["name", "departement", "role"],
        Kind::Org => &["name", "kind", "departement"],
        Kind::Request => &["title", "status", "departement", "category"],
        Kind::Developer => &["name", "departement", "role", "skills"],
        Kind::Workshop => &["date", "title", "participants"],
        Kind::Time => &["date", "hours", "developer", "request"],
        Kind::Budget => &["year", "amount", "label"],
        Kind::Deliverable => &["title", "licence", "url"],
    }
}

fn cell(lang: Lang, record: &Record, field: &str) -> String {
    let Some(def) = record.kind.field(field) else {
        return String::new();
    };
    if def.set.is_some() {
        return record
            .sets
            .get(def.name)
            .map(|elements| {
                elements
                    .iter()
                    .map(|(element, value)| {
                        if value == "1" {
                            element.clone()
                        } else {
                            format!("{element}:{value}")
                        }
                    })
                    .collect::<Vec<_>>()
                    .join(",")
            })
            .unwrap_or_default();
    }
    record
        .get(field)
        .map(|value| display_value(lang, def.ty, value))
        .unwrap_or_default()
}

pub fn kind_label(lang: Lang, kind: Kind) -> String {
    i18n::tr(lang, &format!("kind.{}", kind.name())).to_string()
}

pub fn field_label(lang: Lang, field: &str) -> String {
    let key = format!("field.{field}");
    if i18n::has(lang, &key) {
        i18n::catalog(lang)[&key].clone()
    } else {
        field.to_string()
    }
}

fn truncate(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        text.to_string()
    } else {
        let mut cut: String = text.chars().take(width.saturating_sub(1)).collect();
        cut.push('…');
        cut
    }
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

pub fn format_time(lang: Lang, wall_ms: i64) -> String {
    let time = DateTime::<Utc>::from_timestamp_millis(wall_ms).unwrap_or_default();
    match lang {
        Lang::Fr => time.format("%d/%m/%Y %H:%M").to_string(),
        Lang::En => time.format("%Y-%m-%d %H:%M").to_string(),
    }
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

pub fn status_json(report: &StatusReport) -> Value {
    let counts: Map<String, Value> = report
        .counts
        .iter()
        .map(|(kind, count)| (kind.name().to_string(), Value::from(*count)))
        .collect();
    let vector: Map<String, Value> = report
        .vector
        .iter()
        .map(|entry| (entry.site.clone(), Value::from(entry.contiguous)))
        .collect();
    json!({
        "site": report.site.as_ref().map(|site| json!({
            "id": site.site, "name": site.name, "departement": site.departement, "role": site.role,
        })),
        "counts": counts,
        "changes": report.changes,
        "vector": vector,
        "digest": report.digest,
    })
}

pub fn status_text(lang: Lang, report: &StatusReport) -> String {
    let mut text = String::new();
    match &report.site {
        Some(site) => text.push_str(&format!(
            "{}\n",
            Message::new("cli.status.site")
                .arg("name", &site.name)
                .arg("site", &site.site)
                .arg("departement", &site.departement)
                .arg("role", Vocab::SiteRole.label(&site.role, lang))
                .render(lang)
        )),
        None => text.push_str(&format!(
            "{}\n",
            Message::new("cli.status.no_site").render(lang)
        )),
    }
    let width = report
        .counts
        .iter()
        .map(|(kind, _)| kind_label(lang, *kind).chars().count())
        .max()
        .unwrap_or(0);
    for (kind, count) in &report.counts {
        let label = kind_label(lang, *kind);
        let pad = width - label.chars().count();
        text.push_str(&format!("  {label}{}  {count}\n", " ".repeat(pad)));
    }
    text.push_str(&format!(
        "{}\n",
        Message::new("cli.status.changes")
            .count(report.changes as i64)
            .render(lang)
    ));
    for entry in &report.vector {
        text.push_str(&format!("  {}  {}\n", entry.site, entry.contiguous));
    }
    text.push_str(&format!(
        "{}\n",
        Message::new("cli.status.digest")
            .arg("digest", &report.digest)
            .render(lang)
    ));
    text
}

pub fn status(ctx: &Ctx, json: bool) -> anyhow::Result<ExitCode> {
    let app = ctx.open()?;
    let report = app.status().map_err(|err| ctx.app_error(err))?;
    if json {
        out(&format!(
            "{}\n",
            serde_json::to_string_pretty(&status_json(&report))?
        ))?;
    } else {
        out(&status_text(ctx.lang, &report))?;
    }
    Ok(ExitCode::SUCCESS)
}

pub fn check(ctx: &Ctx) -> anyhow::Result<ExitCode> {
    let mut app = ctx.open()?;
    let report = app.check().map_err(|err| ctx.app_error(err))?;
    if report.is_ok() {
        out(&format!(
            "{}\n",
            ctx.say(Message::new("cli.check.ok").count(report.changes_checked as i64))
        ))?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut problems: Vec<String> = report
        .integrity
        .iter()
        .filter(|line| *line != "ok")
        .cloned()
        .collect();
    problems.extend(
        report
            .mismatched_tables
            .iter()
            .map(|table| format!("table {table}")),
    );
    Err(ctx.fail(Message::new("cli.check.failed").arg("problems", problems.join("; "))))
}

pub fn demo(ctx: &Ctx, seed: u64, scale: Option<usize>) -> anyhow::Result<ExitCode> {
    let mut app = ctx.open()?;
    let size = demo::DemoSize::for_requests(scale);
    let started = std::time::Instant::now();
    let mut progress = |done: usize, total: usize| {
        progress_line(
            ctx,
            Message::new("cli.demo.progress")
                .arg("done", done)
                .arg("total", total),
        );
    };
    let summary =
        demo::load(&mut app, seed, size, &mut progress).map_err(|err| ctx.app_error(err))?;
    if std::io::IsTerminal::is_terminal(&std::io::stderr()) {
        eprintln!();
    }
    out(&format!(
        "{}\n",
        ctx.say(
            Message::new("cli.demo.done")
                .arg("requests", size.requests)
                .arg("developers", size.developers)
                .arg("orgs", size.orgs)
                .arg("workshops", size.workshops)
                .arg("changes", summary.changes)
                .arg("seconds", format!("{:.1}", started.elapsed().as_secs_f64()))
        )
    ))?;
    Ok(ExitCode::SUCCESS)
}

pub fn conflicts(ctx: &Ctx, json: bool) -> anyhow::Result<ExitCode> {
    let app = ctx.open()?;
    let entries = app
        .store
        .conflicts()
        .map_err(|err| ctx.app_error(err.into()))?;
    if json {
        let array: Vec<Value> = entries
            .iter()
            .map(|entry| {
                json!({
                    "kind": entry.kind.name(),
                    "id": entry.record,
                    "field": entry.field,
                    "reason": entry.reason,
                    "heads": entry.heads.iter().map(|head| json!({
                        "change": head.change.to_string(),
                        "site": head.change.site,
                        "value": head.value,
                        "author": head.author,
                        "time": DateTime::<Utc>::from_timestamp_millis(head.wall_ms).unwrap_or_default().to_rfc3339(),
                    })).collect::<Vec<_>>(),
                })
            })
            .collect();
        out(&format!("{}\n", serde_json::to_string_pretty(&array)?))?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut text = format!(
        "{}\n",
        ctx.say(Message::new("cli.conflicts.count").count(entries.len() as i64))
    );
    for entry in &entries {
        let reason_key = if entry.reason == "deleted" {
            "cli.conflicts.deleted"
        } else {
            "cli.conflicts.values"
        };
        text.push_str(&format!(
            "{} {} {} — {}\n",
            entry.kind.name(),
            short_id(&entry.record),
            entry.field,
            ctx.say(Message::new(reason_key))
        ));
        for head in &entry.heads {
            text.push_str(&format!(
                "    {:<24} {:<14} {}  {}\n",
                head.change.to_string(),
                truncate(&head.author, 14),
                format_time(ctx.lang, head.wall_ms),
                head.value.clone().unwrap_or_else(|| "∅".into())
            ));
        }
    }
    out(&text)?;
    Ok(ExitCode::SUCCESS)
}

pub fn resolve(ctx: &Ctx, args: &ResolveArgs) -> anyhow::Result<ExitCode> {
    let kind = args.kind.kind();
    let mut app = ctx.open()?;
    let value: Option<String> = match (&args.value, &args.keep) {
        (Some(value), _) => Some(value.clone()),
        (None, Some(keep)) => {
            let wanted = ChangeId::parse(keep).ok_or_else(|| {
                ctx.fail(Message::new("error.resolve.keep_syntax").arg("value", keep))
            })?;
            let id = app
                .store
                .resolve_id(kind, &args.id)
                .map_err(|err| ctx.app_error(err.into()))?;
            let conflicts = app
                .store
                .conflicts()
                .map_err(|err| ctx.app_error(err.into()))?;
            let head = conflicts
                .iter()
                .filter(|entry| entry.record == id)
                .flat_map(|entry| entry.heads.iter())
                .find(|head| head.change == wanted && head.field == args.field)
                .ok_or_else(|| {
                    ctx.fail(Message::new("error.resolve.not_a_head").arg("change", keep))
                })?;
            head.value.clone()
        }
        (None, None) => None,
    };
    let id = app
        .resolve(kind, &args.id, &args.field, value.as_deref())
        .map_err(|err| ctx.app_error(err))?;
    out(&format!(
        "{}\n",
        ctx.say(
            Message::new("cli.resolve.done")
                .arg("field", &args.field)
                .arg("id", short_id(&id))
        )
    ))?;
    Ok(ExitCode::SUCCESS)
}
