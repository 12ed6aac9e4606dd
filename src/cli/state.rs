//! The commands about the database as a whole: `status`, `check`, `demo`.

use super::output::{kind_label, label_width, pad, print_json};
use super::{Ctx, out, progress_line};
use crate::app::{StatusReport, demo};
use crate::domain::Vocab;
use crate::i18n::{Lang, Message, format_count, format_number};
use std::process::ExitCode;

pub fn status_text(lang: Lang, report: &StatusReport) -> String {
    let mut text = String::new();
    match &report.site {
        Some(site) => text.push_str(&format!(
            "{}\n",
            Message::new("cli.status.site")
                .arg("name", &site.name)
                .arg("site", &site.id)
                .arg("departement", &site.departement)
                .arg("role", Vocab::SiteRole.label(site.role.slug(), lang))
                .render(lang)
        )),
        None => text.push_str(&format!(
            "{}\n",
            Message::new("cli.status.no_site").render(lang)
        )),
    }
    let labels: Vec<String> = report
        .counts
        .iter()
        .map(|(kind, _)| kind_label(lang, *kind))
        .collect();
    let width = label_width(labels.iter().map(String::as_str));
    // Counts grouped by thousands and right-aligned: 100 000 reads at a glance.
    let counts: Vec<String> = report
        .counts
        .iter()
        .map(|(_, count)| format_count(lang, *count))
        .collect();
    let count_width = counts.iter().map(String::len).max().unwrap_or(0);
    for (count, label) in counts.iter().zip(&labels) {
        text.push_str(&format!("  {}  {count:>count_width$}\n", pad(label, width)));
    }
    text.push_str(&format!(
        "{}\n",
        Message::new("cli.status.changes")
            .count(report.changes as i64)
            .render(lang)
    ));
    for (site, seq) in &report.vector {
        text.push_str(&format!("  {site}  {seq}\n"));
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
        print_json(&report)?;
    } else {
        out(&status_text(ctx.lang, &report))?;
    }
    Ok(ExitCode::SUCCESS)
}

pub fn check(ctx: &Ctx) -> anyhow::Result<ExitCode> {
    let mut app = ctx.open()?;
    let outcome = app.check().map_err(|err| ctx.app_error(err))?;
    if outcome.ok {
        out(&format!(
            "{}\n",
            ctx.say(Message::new("cli.check.ok").count(outcome.changes_checked as i64))
        ))?;
        return Ok(ExitCode::SUCCESS);
    }
    Err(ctx.fail(Message::new("cli.check.failed").arg("problems", outcome.problems.join("; "))))
}

pub fn demo(ctx: &Ctx, seed: u64, scale: Option<usize>) -> anyhow::Result<ExitCode> {
    let mut app = ctx.open()?;
    let size = demo::DemoSize::for_requests(scale);
    let started = std::time::Instant::now();
    let mut progress = |done: usize, total: usize| {
        progress_line(
            ctx,
            Message::new("cli.demo.progress")
                .arg_number("done", done)
                .arg_number("total", total),
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
                .arg_number("requests", size.requests)
                .arg_number("developers", size.developers)
                .arg_number("orgs", size.orgs)
                .arg_number("workshops", size.workshops)
                .arg_number("changes", summary.changes)
                .arg(
                    "seconds",
                    format_number(ctx.lang, started.elapsed().as_secs_f64(), 1)
                )
        )
    ))?;
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Kind;

    #[test]
    fn status_counts_are_grouped_and_right_aligned() {
        let report = StatusReport {
            site: None,
            counts: vec![
                (Kind::Org, 33_333),
                (Kind::Request, 100_000),
                (Kind::Budget, 14),
            ],
            changes: 3_135_455,
            vector: vec![("9cd10dc7c18c3d83".into(), 3_135_451)],
            digest: "d".into(),
        };
        let text = status_text(Lang::En, &report);
        let counts: Vec<&str> = text
            .lines()
            .filter(|line| line.starts_with("  ") && !line.contains("9cd10dc7"))
            .collect();
        assert_eq!(counts.len(), 3, "{text}");
        assert!(counts[0].ends_with(" 33,333"), "{text}");
        assert!(counts[1].ends_with("100,000"), "{text}");
        assert!(counts[2].ends_with("     14"), "{text}");
        let ends: Vec<usize> = counts.iter().map(|line| line.chars().count()).collect();
        assert!(ends.iter().all(|end| *end == ends[0]), "{text}");
        assert!(text.contains("3,135,455 changes"), "{text}");
    }
}
