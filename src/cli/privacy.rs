//! `relais privacy export|review|register`: the right of access, the
//! retention review and the processing register.

use super::args::{PrivacyAction, RegisterFormatArg};
use super::output::{columns, print_json};
use super::{Ctx, out};
use crate::app::privacy::register::{RegisterFormat, render};
use crate::app::privacy::{RetentionReview, write_private};
use crate::app::short_id;
use crate::i18n::{Message, format_date, format_hours, tr};
use anyhow::Context as _;
use std::path::Path;
use std::process::ExitCode;

pub fn privacy(ctx: &Ctx, action: &PrivacyAction) -> anyhow::Result<ExitCode> {
    match action {
        PrivacyAction::Export { person, out } => export(ctx, person, out.as_deref()),
        PrivacyAction::Review { json } => review(ctx, *json),
        PrivacyAction::Register { format, out } => {
            let format = match format {
                RegisterFormatArg::Md => RegisterFormat::Markdown,
                RegisterFormatArg::Html => RegisterFormat::Html,
            };
            register(ctx, format, out.as_deref())
        }
    }
}

/// Writes `text` to `path` (0600, it may hold personal data) or prints it.
fn deliver(ctx: &Ctx, text: &str, path: Option<&Path>) -> anyhow::Result<bool> {
    match path {
        Some(path) => {
            write_private(path, text.as_bytes()).map_err(|err| ctx.app_error(err))?;
            Ok(true)
        }
        None => {
            out(text)?;
            Ok(false)
        }
    }
}

fn export(ctx: &Ctx, person: &str, path: Option<&Path>) -> anyhow::Result<ExitCode> {
    let app = ctx.open()?;
    let export = app
        .privacy_export(person)
        .map_err(|err| ctx.app_error(err))?;
    let Some(path) = path else {
        print_json(&export)?;
        return Ok(ExitCode::SUCCESS);
    };
    let mut text = serde_json::to_string_pretty(&export).context("json")?;
    text.push('\n');
    deliver(ctx, &text, Some(path))?;
    let name = export
        .person
        .get("name")
        .and_then(|name| name.as_str())
        .unwrap_or_default()
        .to_string();
    let message = Message::new("privacy.export.written")
        .arg("name", name)
        .arg("path", path.display())
        .arg_number("changes", export.history.len())
        .arg("hours", format_hours(ctx.lang, export.total_hours));
    out(&format!("{}\n", ctx.say(message)))?;
    Ok(ExitCode::SUCCESS)
}

fn review(ctx: &Ctx, json: bool) -> anyhow::Result<ExitCode> {
    let app = ctx.open()?;
    let review = app.privacy_review().map_err(|err| ctx.app_error(err))?;
    if json {
        print_json(&review)?;
    } else {
        out(&review_text(ctx, &review))?;
    }
    Ok(ExitCode::SUCCESS)
}

/// A `YYYY-MM-DD` date as the reader writes dates.
fn in_words(ctx: &Ctx, date: &str) -> String {
    crate::domain::validate::parse_date(date)
        .map(|date| format_date(ctx.lang, date))
        .unwrap_or_else(|| date.to_string())
}

fn review_text(ctx: &Ctx, review: &RetentionReview) -> String {
    let mut text = format!(
        "{}\n",
        ctx.say(
            Message::new("privacy.review.heading")
                .arg(
                    "years",
                    ctx.say(Message::new("privacy.years").count(i64::from(review.retention_years)))
                )
                .arg("cutoff", in_words(ctx, &review.cutoff))
        )
    );
    if review.due.is_empty() {
        text.push_str(&ctx.say(Message::new("privacy.review.none")));
        text.push('\n');
        return text;
    }
    let rows: Vec<Vec<String>> = review
        .due
        .iter()
        .map(|person| {
            let last = person
                .last_activity
                .as_deref()
                .map(|date| in_words(ctx, date))
                .unwrap_or_else(|| tr(ctx.lang, "privacy.review.never").to_string());
            vec![
                short_id(&person.id).to_string(),
                crate::domain::escape::escape_control(&person.name),
                last,
                tr(ctx.lang, person.reason.message_key()).to_string(),
            ]
        })
        .collect();
    text.push_str(&columns(&rows));
    text.push_str(&ctx.say(Message::new("privacy.review.count").count(review.due.len() as i64)));
    text.push('\n');
    text
}

fn register(ctx: &Ctx, format: RegisterFormat, path: Option<&Path>) -> anyhow::Result<ExitCode> {
    let app = ctx.open()?;
    let register = app.privacy_register().map_err(|err| ctx.app_error(err))?;
    let text = render(&register, format, ctx.lang);
    if deliver(ctx, &text, path)? {
        let path = path.map(|p| p.display().to_string()).unwrap_or_default();
        let message = Message::new("privacy.register.written").arg("path", path);
        out(&format!("{}\n", ctx.say(message)))?;
    }
    Ok(ExitCode::SUCCESS)
}
