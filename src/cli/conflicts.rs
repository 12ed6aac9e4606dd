//! `conflicts` and `resolve`: the competing values merges left, and the
//! change that settles them (it syncs like any edit).

use super::args::ResolveArgs;
use super::output::{format_time, truncate};
use super::{Ctx, out};
use crate::domain::ChangeId;
use crate::i18n::Message;
use crate::store::short_id;
use chrono::{DateTime, Utc};
use serde_json::{Value, json};
use std::process::ExitCode;

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
