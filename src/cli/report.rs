//! `relais report`: the funders' indicators for a year, per département and
//! for the region, as a table or JSON.

use super::output::{label_width, pad, print_json};
use super::{Ctx, out};
use crate::app::report::AreaReport;
use crate::i18n::{self, Message};
use std::process::ExitCode;

/// A line of the table: its label key and how to compute a cell.
type ReportRow<'a> = (&'static str, Box<dyn Fn(&AreaReport) -> String + 'a>);

pub fn report(
    ctx: &Ctx,
    year: Option<i32>,
    departement: Option<&str>,
    json_output: bool,
) -> anyhow::Result<ExitCode> {
    let app = ctx.open()?;
    let document = app
        .report(year, departement)
        .map_err(|err| ctx.app_error(err))?;
    if json_output {
        print_json(&document)?;
        return Ok(ExitCode::SUCCESS);
    }
    let (year, all) = (document.year, &document.areas);
    let lang = ctx.lang;
    let heading = |item: &AreaReport| {
        item.departement
            .clone()
            .unwrap_or_else(|| i18n::tr(lang, "report.region").to_string())
    };
    let number = move |value: f64| i18n::format_number(lang, value, 1);
    let rows: Vec<ReportRow<'_>> = vec![
        (
            "report.received",
            Box::new(|i| i.requests_received.to_string()),
        ),
        (
            "report.delivered",
            Box::new(|i| i.requests_delivered.to_string()),
        ),
        (
            "report.median_days",
            Box::new(move |i| {
                i.median_days_to_delivery
                    .map(number)
                    .unwrap_or_else(|| "–".into())
            }),
        ),
        ("report.workshops", Box::new(|i| i.workshops.to_string())),
        (
            "report.participants",
            Box::new(|i| i.participants.to_string()),
        ),
        (
            "report.workshop_hours",
            Box::new(move |i| number(i.workshop_hours)),
        ),
        (
            "report.developer_hours",
            Box::new(move |i| number(i.developer_hours)),
        ),
        (
            "report.active_developers",
            Box::new(|i| i.active_developers.to_string()),
        ),
    ];
    let label_width = label_width(rows.iter().map(|(key, _)| i18n::tr(lang, key)));
    let mut text = format!(
        "{}\n",
        ctx.say(Message::new("report.title").arg("year", year))
    );
    text.push_str(&" ".repeat(label_width));
    for item in all {
        text.push_str(&format!("  {:>8}", heading(item)));
    }
    text.push('\n');
    for (key, value) in &rows {
        let label = i18n::tr(lang, key);
        text.push_str(&pad(label, label_width));
        for item in all {
            text.push_str(&format!("  {:>8}", value(item)));
        }
        text.push('\n');
    }
    if let Some(region) = all.last() {
        text.push_str(&format!(
            "{}\n",
            ctx.say(
                Message::new("report.budget")
                    .arg("spent", i18n::format_amount(lang, region.budget_spent))
                    .arg("budget", i18n::format_amount(lang, region.budget))
                    .arg(
                        "percent",
                        i18n::format_number(lang, region.budget_ratio() * 100.0, 1)
                    )
            )
        ));
        let licences: Vec<String> = region
            .deliverables_by_licence
            .iter()
            .map(|(licence, count)| format!("{licence} {count}"))
            .collect();
        if !licences.is_empty() {
            text.push_str(&format!(
                "{}\n",
                ctx.say(Message::new("report.licences").arg("list", licences.join(", ")))
            ));
        }
    }
    out(&text)?;
    Ok(ExitCode::SUCCESS)
}
