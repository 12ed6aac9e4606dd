//! `conflicts` and `resolve`: the competing values merges left, and the
//! change that settles them (it syncs like any edit).

use super::args::ResolveArgs;
use super::output::{field_label, format_time, print_json, truncate};
use super::{Ctx, out};
use crate::app::conflicts::ConflictCard;
use crate::app::short_id;
use crate::i18n::{Lang, Message, tr};
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
        text.push_str(&card_text(ctx, card));
    }
    out(&text)?;
    Ok(ExitCode::SUCCESS)
}

/// One conflict in words: the record by kind and name, the field's label,
/// then the value before the conflict and each competing value (site,
/// author, date and time); an edit against a deletion as one story with
/// the two ways to settle it.
fn card_text(ctx: &Ctx, card: &ConflictCard) -> String {
    let lang = ctx.lang;
    let kind = tr(lang, &format!("tui.kind_one.{}", card.kind.name())).to_string();
    let record = ctx.say(
        Message::new("cli.conflicts.record")
            .arg("kind", kind)
            .arg("label", &card.label),
    );
    let mut text = match &card.deletion {
        Some(_) => format!(
            "{record} — {}\n",
            ctx.say(Message::new("cli.conflicts.deleted"))
        ),
        None => format!(
            "{record} · {} — {}\n",
            field_label(lang, card.kind, &card.field),
            ctx.say(Message::new("cli.conflicts.values"))
        ),
    };
    if let Some(deletion) = &card.deletion {
        for sentence in deletion.story(card.kind) {
            text.push_str(&format!("    {}\n", ctx.say(sentence)));
        }
        // A deleted record has no name to find it by: its id's end.
        text.push_str(&format!(
            "    {}\n",
            ctx.say(
                Message::new("cli.conflicts.choices")
                    .arg("kind", card.kind.name())
                    .arg("id", short_id(&card.id))
            )
        ));
        return text;
    }
    if let Some(before) = &card.before_words {
        text.push_str(&format!(
            "    {}\n",
            ctx.say(Message::new("cli.conflicts.before").arg("value", before.get(lang)))
        ));
    }
    for head in &card.heads {
        text.push_str(&format!(
            "    {} · {} · {}{}{}\n",
            head.site_name,
            truncate(&head.author, 24),
            format_time(lang, head.wall_ms),
            colon(lang),
            head.words.get(lang)
        ));
    }
    text
}

/// The colon as each language writes it.
fn colon(lang: Lang) -> &'static str {
    match lang {
        Lang::Fr => " : ",
        Lang::En => ": ",
    }
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
