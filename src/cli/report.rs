//! `relais report`: the funders' indicators for a year, per département and
//! for the region, as a table or JSON.

use super::{Ctx, out};
use crate::i18n::{self, Message};
use crate::report::{CostSettings, Indicators, indicators};
use chrono::Datelike;
use serde_json::{Value, json};
use std::process::ExitCode;

fn indicators_json(item: &Indicators) -> Value {
    let f = &item.figures;
    json!({
        "departement": item.departement,
        "requests_received": f.requests_received,
        "requests_by_status": f.requests_by_status,
        "requests_delivered": f.requests_delivered,
        "median_days_to_delivery": item.median_days_to_delivery,
        "workshops": f.workshops,
        "participants": f.participants,
        "workshop_hours": f.workshop_hours,
        "developer_hours": f.developer_hours,
        "active_developers": f.active_developers,
        "developers_by_skill": f.developers_by_skill,
        "deliverables_by_kind": f.deliverables_by_kind,
        "deliverables_by_licence": f.deliverables_by_licence,
        "organisations_by_kind": f.organisations_by_kind,
        "received_by_month": f.received_by_month,
        "budget_spent": item.budget_spent,
    })
}

/// A line of the table: its label key and how to compute a cell.
type ReportRow<'a> = (&'static str, Box<dyn Fn(&Indicators) -> String + 'a>);

pub fn report(
    ctx: &Ctx,
    year: Option<i32>,
    departement: Option<&str>,
    json_output: bool,
) -> anyhow::Result<ExitCode> {
    let app = ctx.open()?;
    let year = year.unwrap_or_else(|| ctx.clock.today().year());
    let costs = CostSettings {
        hourly_cost: ctx.config.hourly_cost(),
        yearly_budget: ctx.config.yearly_budget(),
    };
    let store = &app.store;
    let mut areas: Vec<Option<String>> = match departement {
        Some(code) => vec![Some(code.to_string())],
        None => store
            .request_departements()
            .map_err(|err| ctx.app_error(err.into()))?
            .into_iter()
            .map(Some)
            .collect(),
    };
    if departement.is_none() {
        areas.push(None);
    }
    let all: Vec<Indicators> = areas
        .iter()
        .map(|area| indicators(store, year, area.as_deref(), costs))
        .collect::<Result<_, _>>()
        .map_err(|err| ctx.app_error(err.into()))?;
    if json_output {
        let region = all.last();
        let value = json!({
            "year": year,
            "budget": region.map(|item| item.budget),
            "budget_spent": region.map(|item| item.budget_spent),
            "areas": all.iter().map(indicators_json).collect::<Vec<_>>(),
        });
        out(&format!("{}\n", serde_json::to_string_pretty(&value)?))?;
        return Ok(ExitCode::SUCCESS);
    }
    let lang = ctx.lang;
    let heading = |item: &Indicators| {
        item.departement
            .clone()
            .unwrap_or_else(|| i18n::tr(lang, "report.region").to_string())
    };
    let number = move |value: f64| i18n::format_number(lang, value, 1);
    let rows: Vec<ReportRow<'_>> = vec![
        (
            "report.received",
            Box::new(|i| i.figures.requests_received.to_string()),
        ),
        (
            "report.delivered",
            Box::new(|i| i.figures.requests_delivered.to_string()),
        ),
        (
            "report.median_days",
            Box::new(move |i| {
                i.median_days_to_delivery
                    .map(number)
                    .unwrap_or_else(|| "–".into())
            }),
        ),
        (
            "report.workshops",
            Box::new(|i| i.figures.workshops.to_string()),
        ),
        (
            "report.participants",
            Box::new(|i| i.figures.participants.to_string()),
        ),
        (
            "report.workshop_hours",
            Box::new(move |i| number(i.figures.workshop_hours)),
        ),
        (
            "report.developer_hours",
            Box::new(move |i| number(i.figures.developer_hours)),
        ),
        (
            "report.active_developers",
            Box::new(|i| i.figures.active_developers.to_string()),
        ),
    ];
    let label_width = rows
        .iter()
        .map(|(key, _)| i18n::tr(lang, key).chars().count())
        .max()
        .unwrap_or(0);
    let mut text = format!(
        "{}\n",
        ctx.say(Message::new("report.title").arg("year", year))
    );
    text.push_str(&" ".repeat(label_width));
    for item in &all {
        text.push_str(&format!("  {:>8}", heading(item)));
    }
    text.push('\n');
    for (key, value) in &rows {
        let label = i18n::tr(lang, key);
        text.push_str(&format!(
            "{label}{}",
            " ".repeat(label_width - label.chars().count())
        ));
        for item in &all {
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
            .figures
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
