//! `relais search`, `relais suggest`, `relais assign` and `relais skills`:
//! finding records, matching requests with developers, and the skills map.

use super::output::{columns, field_label, json_or_sentence, kind_label, print_json, truncate};
use super::{Ctx, out};
use crate::app::merge::{DuplicateReason, LookAlike};
use crate::app::{App, Assignment, short_id};
use crate::domain::Kind;
use crate::domain::Vocab;
use crate::domain::text::fold;
use crate::i18n::{Lang, Message};
use anyhow::Context as _;
use std::io::Write as _;
use std::process::ExitCode;

/// Widest title shown in a listing line.
const TITLE_WIDTH: usize = 50;

pub fn search(
    ctx: &Ctx,
    query: &str,
    kind: Option<Kind>,
    limit: usize,
    json: bool,
) -> anyhow::Result<ExitCode> {
    let app = ctx.open()?;
    let outcome = app
        .search(query, kind, limit)
        .map_err(|err| ctx.app_error(err))?;
    if json {
        print_json(&outcome)?;
        return Ok(ExitCode::SUCCESS);
    }
    if outcome.hits.is_empty() {
        out(&format!(
            "{}\n",
            ctx.say(Message::new("search.none").arg("query", query))
        ))?;
        return Ok(ExitCode::SUCCESS);
    }
    let rows: Vec<Vec<String>> = outcome
        .hits
        .iter()
        .map(|hit| {
            let matched = match &hit.snippet {
                Some(snippet) => ctx.say(
                    Message::new("search.in_field")
                        .arg("field", field_label(ctx.lang, hit.kind, hit.field))
                        .arg("snippet", snippet),
                ),
                None => String::new(),
            };
            vec![
                kind_label(ctx.lang, hit.kind),
                short_id(&hit.id).to_string(),
                truncate(&hit.title, TITLE_WIDTH),
                matched,
            ]
        })
        .collect();
    let mut text = columns(&rows);
    let total = i64::try_from(outcome.total).unwrap_or(i64::MAX);
    let mut footer = ctx.say(Message::new("search.count").count(total));
    if outcome.total > outcome.hits.len() {
        footer.push(' ');
        footer.push_str(&ctx.say(Message::new("search.shown").arg("shown", outcome.hits.len())));
    }
    text.push_str(&footer);
    text.push('\n');
    out(&text)?;
    Ok(ExitCode::SUCCESS)
}

pub fn suggest(ctx: &Ctx, request: &str, limit: usize, json: bool) -> anyhow::Result<ExitCode> {
    let app = ctx.open()?;
    let outcome = app
        .suggest(request, limit, ctx.lang)
        .map_err(|err| ctx.app_error(err))?;
    if json {
        print_json(&outcome)?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut text = format!(
        "{}\n",
        ctx.say(
            Message::new("suggest.heading")
                .arg("title", &outcome.title)
                .arg("departement", outcome.departement.as_deref().unwrap_or("–"))
                .arg("skills", skill_labels(ctx.lang, &outcome.skills))
        )
    );
    if let Some(status) = outcome.closed {
        // On stderr: the list below stays what scripts read.
        let status = Vocab::Status.label(status.slug(), ctx.lang);
        eprintln!(
            "relais: {}",
            ctx.say(Message::new("suggest.closed").arg("status", status))
        );
    }
    if outcome.suggestions.is_empty() {
        text.push_str(&ctx.say(Message::new("suggest.none")));
        text.push('\n');
    }
    let rows: Vec<Vec<String>> = outcome
        .suggestions
        .iter()
        .enumerate()
        .map(|(rank, item)| {
            vec![
                format!("{}.", rank + 1),
                short_id(&item.id).to_string(),
                item.name.clone(),
                item.departement.clone().unwrap_or_default(),
                item.explanation.clone(),
            ]
        })
        .collect();
    text.push_str(&columns(&rows));
    out(&text)?;
    Ok(ExitCode::SUCCESS)
}

pub fn assign(ctx: &Ctx, request: &str, developer: &str, json: bool) -> anyhow::Result<ExitCode> {
    let mut app = ctx.open()?;
    let outcome = app
        .assign(request, developer)
        .map_err(|err| ctx.app_error(err))?;
    let key = if outcome.status_changed {
        "suggest.assigned_status"
    } else {
        "suggest.assigned"
    };
    let sentence = Message::new(key)
        .arg("request", short_id(&outcome.request))
        .arg("developer", short_id(&outcome.developer));
    json_or_sentence(ctx, json, &outcome, sentence)
}

pub fn skills(ctx: &Ctx, departement: Option<&str>, json: bool) -> anyhow::Result<ExitCode> {
    let app = ctx.open()?;
    let map = app
        .skills_map(departement)
        .map_err(|err| ctx.app_error(err))?;
    if json {
        print_json(&map)?;
        return Ok(ExitCode::SUCCESS);
    }
    if map.cells.is_empty() {
        out(&format!("{}\n", ctx.say(Message::new("skills.empty"))))?;
        return Ok(ExitCode::SUCCESS);
    }
    let gap = ctx.say(Message::new("skills.gap"));
    let mut text = format!("{}\n", ctx.say(Message::new("skills.heading")));
    // Skills by their names within each département, as they are shown.
    let mut cells: Vec<_> = map.cells.iter().collect();
    cells.sort_by_cached_key(|cell| {
        let label = fold(Vocab::Skill.label(&cell.skill, ctx.lang));
        (cell.departement.clone(), label)
    });
    let rows: Vec<Vec<String>> = cells
        .into_iter()
        .map(|cell| {
            let available = cell
                .developers
                .iter()
                .filter(|developer| developer.availability > 0.0)
                .count();
            let names: Vec<String> = cell
                .developers
                .iter()
                .map(|developer| match developer.level {
                    Some(level) => format!("{} {level}/3", developer.name),
                    None => developer.name.clone(),
                })
                .collect();
            vec![
                cell.departement.clone(),
                Vocab::Skill.label(&cell.skill, ctx.lang).to_string(),
                format!("{available} / {}", cell.open_requests),
                if cell.gap { gap.clone() } else { String::new() },
                truncate(&names.join(", "), 60),
            ]
        })
        .collect();
    text.push_str(&columns(&rows));
    let gaps = i64::try_from(map.gaps().count()).unwrap_or(i64::MAX);
    if gaps > 0 {
        text.push_str(&ctx.say(Message::new("skills.gaps").count(gaps)));
        text.push('\n');
    }
    out(&text)?;
    Ok(ExitCode::SUCCESS)
}

/// Skills by their names in `lang`, comma-separated (the JSON keeps slugs).
fn skill_labels(lang: Lang, skills: &[String]) -> String {
    skills
        .iter()
        .map(|skill| Vocab::Skill.label(skill, lang))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The reasons of a duplicate pair in words, comma-separated.
fn reasons_text(ctx: &Ctx, reasons: &[DuplicateReason]) -> String {
    reasons
        .iter()
        .map(|reason| ctx.say(Message::new(reason.message_key())))
        .collect::<Vec<_>>()
        .join(", ")
}

fn named(record: &LookAlike) -> String {
    match &record.departement {
        Some(departement) => format!(
            "{} {} ({departement})",
            short_id(&record.id),
            truncate(&record.name, TITLE_WIDTH)
        ),
        None => format!(
            "{} {}",
            short_id(&record.id),
            truncate(&record.name, TITLE_WIDTH)
        ),
    }
}

pub fn duplicates(ctx: &Ctx, kind: Option<Kind>, json: bool) -> anyhow::Result<ExitCode> {
    let app = ctx.open()?;
    let outcome = app.duplicates(kind).map_err(|err| ctx.app_error(err))?;
    if json {
        print_json(&outcome)?;
        return Ok(ExitCode::SUCCESS);
    }
    if outcome.pairs.is_empty() {
        out(&format!("{}\n", ctx.say(Message::new("duplicates.none"))))?;
        return Ok(ExitCode::SUCCESS);
    }
    let rows: Vec<Vec<String>> = outcome
        .pairs
        .iter()
        .map(|pair| {
            vec![
                kind_label(ctx.lang, pair.kind),
                named(&pair.first),
                named(&pair.second),
                reasons_text(ctx, &pair.reasons),
            ]
        })
        .collect();
    let mut text = format!("{}\n", ctx.say(Message::new("duplicates.heading")));
    text.push_str(&columns(&rows));
    let count = i64::try_from(outcome.pairs.len()).unwrap_or(i64::MAX);
    text.push_str(&ctx.say(Message::new("duplicates.count").count(count)));
    text.push('\n');
    out(&text)?;
    Ok(ExitCode::SUCCESS)
}

pub fn merge(
    ctx: &Ctx,
    kind: Kind,
    keep: &str,
    other: &str,
    json: bool,
) -> anyhow::Result<ExitCode> {
    let mut app = ctx.open()?;
    let outcome = app
        .merge(kind, keep, other)
        .map_err(|err| ctx.app_error(err))?;
    let sentence = Message::new("merge.done")
        .arg("keep", short_id(&outcome.keep))
        .arg("other", short_id(&outcome.other))
        .arg("repointed", outcome.repointed)
        .arg("filled", outcome.filled);
    json_or_sentence(ctx, json, &outcome, sentence)
}

/// Before `add` saves an organisation or developer: the existing records it
/// looks like go to stderr and the command is refused (exit 1).
pub fn refuse_look_alikes(
    ctx: &Ctx,
    app: &App,
    kind: Kind,
    assignments: &[Assignment],
) -> anyhow::Result<()> {
    let found = app
        .look_alikes(kind, assignments)
        .map_err(|err| ctx.app_error(err))?;
    if found.is_empty() {
        return Ok(());
    }
    let rows: Vec<Vec<String>> = found
        .iter()
        .map(|record| {
            vec![
                String::new(),
                named(record),
                reasons_text(ctx, &record.reasons),
            ]
        })
        .collect();
    let text = format!(
        "{}\n{}",
        ctx.say(Message::new("duplicates.look_alikes")),
        columns(&rows)
    );
    let mut stderr = std::io::stderr().lock();
    stderr.write_all(text.as_bytes()).context("stderr")?;
    Err(ctx.fail(Message::new("duplicates.refused")))
}
