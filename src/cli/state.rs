//! The commands about the database as a whole: `status`, `check`, `demo`.

use super::output::kind_label;
use super::{Ctx, out, progress_line};
use crate::app::{StatusReport, demo};
use crate::domain::Vocab;
use crate::i18n::{Lang, Message};
use serde_json::{Map, Value, json};
use std::process::ExitCode;

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
