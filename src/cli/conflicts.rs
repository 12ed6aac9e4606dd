//! `conflicts` and `resolve`: the competing values merges left, and the
//! change that settles them (it syncs like any edit).

use super::args::ResolveArgs;
use super::output::{field_label, format_time, print_json, truncate};
use super::{Ctx, out};
use crate::app::short_id;
use crate::domain::ConflictReason;
use crate::i18n::Message;
use std::process::ExitCode;

pub fn conflicts(ctx: &Ctx, json: bool) -> anyhow::Result<ExitCode> {
    let app = ctx.open()?;
    let cards = app.conflicts().map_err(|err| ctx.app_error(err))?;
    if json {
        print_json(&cards)?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut text = format!(
        "{}\n",
        ctx.say(Message::new("cli.conflicts.count").count(cards.len() as i64))
    );
    for card in &cards {
        let reason_key = match card.reason {
            ConflictReason::Deleted => "cli.conflicts.deleted",
            ConflictReason::Values => "cli.conflicts.values",
        };
        text.push_str(&format!(
            "{} {} {} — {}\n",
            card.kind.name(),
            short_id(&card.id),
            field_label(ctx.lang, card.kind, &card.field),
            ctx.say(Message::new(reason_key))
        ));
        for head in &card.heads {
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
    let resolved = match &args.keep {
        Some(keep) => app.resolve_keep(kind, &args.id, &args.field, keep),
        None => app.resolve(kind, &args.id, &args.field, args.value.as_deref()),
    };
    let id = resolved.map_err(|err| ctx.app_error(err))?;
    out(&format!(
        "{}\n",
        ctx.say(
            Message::new("cli.resolve.done")
                .arg("field", field_label(ctx.lang, kind, &args.field))
                .arg("id", short_id(&id))
        )
    ))?;
    Ok(ExitCode::SUCCESS)
}
