//! The report as one self-contained HTML page: inline CSS (laid out for A4
//! paper), inline SVG charts (bars per département, a monthly line, the
//! budget used against the envelope) and the region map, no script and no
//! remote resource.

use super::svg::{self, Bar};
use super::{no_data, subtitle, title};
use crate::domain::geo::outline::{LonLat, commune_centroid, departement_outlines};
use crate::i18n::{Lang, Message, format_amount, format_number, tr};
use crate::report::document::{DeliverablePlace, ReportDocument};
use crate::report::map::{RegionMap, svg_region_map};
use crate::report::tables::{Table, TableId, area_name, month_name};
use std::fmt::Write;

/// The page's style: readable on screen, and on A4 with running margins.
const STYLE: &str = "
@page { size: A4; margin: 16mm 14mm; }
* { box-sizing: border-box; }
body { font-family: 'DejaVu Sans', 'Liberation Sans', Arial, sans-serif; font-size: 10pt; color: #1b1b1b; margin: 0 auto; max-width: 190mm; line-height: 1.35; }
header { border-bottom: 3px solid #1f5f8b; margin-bottom: 6mm; }
h1 { font-size: 19pt; color: #1f5f8b; margin: 0 0 2mm; }
h2 { font-size: 14pt; color: #1f5f8b; border-bottom: 1px solid #c9dbe8; margin: 8mm 0 3mm; break-after: avoid; }
h3 { font-size: 11pt; margin: 5mm 0 2mm; break-after: avoid; }
section { break-before: auto; }
section.major { break-before: page; }
.subtitle { color: #555; margin: 0 0 3mm; }
.figures { display: flex; flex-wrap: wrap; gap: 3mm; margin: 0; padding: 0; }
.figures div { border: 1px solid #c9dbe8; border-radius: 2mm; padding: 2mm 3mm; min-width: 42mm; break-inside: avoid; }
.figures dt { color: #555; font-size: 8.5pt; }
.figures dd { margin: 0; font-size: 14pt; font-weight: bold; color: #1f5f8b; }
table { border-collapse: collapse; width: 100%; margin: 0 0 4mm; font-size: 8.5pt; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
th, td { border-bottom: 1px solid #ddd; padding: 1mm 1.5mm; text-align: left; vertical-align: top; }
th { background: #eef4f8; font-weight: bold; }
td.n, th.n { text-align: right; }
td.n { white-space: nowrap; }
th { overflow-wrap: anywhere; }
figure { margin: 2mm 0 5mm; break-inside: avoid; }
figcaption { font-size: 9pt; color: #555; margin-bottom: 1mm; }
svg.chart { width: 100%; height: auto; font-size: 11px; font-family: inherit; }
svg.chart .small { font-size: 9px; }
figure.map { text-align: center; }
figure.map svg { width: 100%; max-height: 200mm; height: auto; }
.none { color: #777; font-style: italic; }
footer { margin-top: 8mm; color: #777; font-size: 8pt; border-top: 1px solid #ddd; }
";

/// Escapes text for HTML element content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// The page's sections: (id, title key, its tables). The first is the
/// summary, written apart.
const SECTIONS: &[(&str, &str, &[TableId])] = &[
    (
        "requests",
        "report.section.requests",
        &[
            TableId::Requests,
            TableId::Categories,
            TableId::Organisations,
        ],
    ),
    ("map", "report.section.map", &[]),
    (
        "workshops",
        "report.section.workshops",
        &[
            TableId::Workshops,
            TableId::WorkshopKinds,
            TableId::Participants,
        ],
    ),
    (
        "hours",
        "report.section.hours",
        &[
            TableId::Hours,
            TableId::Developers,
            TableId::RequestHours,
            TableId::WorkshopHours,
            TableId::Skills,
        ],
    ),
    (
        "deliverables",
        "report.section.deliverables",
        &[TableId::DeliverableKinds, TableId::Licences],
    ),
    (
        "budget",
        "report.section.budget",
        &[
            TableId::Budget,
            TableId::BudgetCategories,
            TableId::BudgetLines,
            TableId::SpendingDepartements,
            TableId::Months,
        ],
    ),
];

fn table_html(out: &mut String, table: &Table, lang: Lang) {
    let _ = write!(
        out,
        "<h3 id=\"t-{}\">{}</h3>",
        table.id.slug(),
        escape(&table.title)
    );
    if table.rows.is_empty() {
        let _ = write!(out, "<p class=\"none\">{}</p>", escape(no_data(lang)));
        return;
    }
    let numeric: Vec<bool> = (0..table.columns.len())
        .map(|index| {
            index > 0
                && table.rows.iter().all(|row| {
                    row.get(index)
                        .is_none_or(|c| c.is_number() || c.raw().is_empty())
                })
        })
        .collect();
    out.push_str("<table><thead><tr>");
    for (index, heading) in table.columns.iter().enumerate() {
        let class = if numeric[index] { " class=\"n\"" } else { "" };
        let _ = write!(out, "<th{class}>{}</th>", escape(heading));
    }
    out.push_str("</tr></thead><tbody>");
    for row in &table.rows {
        out.push_str("<tr>");
        for (index, cell) in row.iter().enumerate() {
            let class = if numeric.get(index).copied().unwrap_or(false) {
                " class=\"n\""
            } else {
                ""
            };
            let _ = write!(out, "<td{class}>{}</td>", escape(&cell.display(lang)));
        }
        out.push_str("</tr>");
    }
    out.push_str("</tbody></table>");
}

fn figure(out: &mut String, caption: &str, svg: String) {
    let _ = write!(
        out,
        "<figure><figcaption>{}</figcaption>{svg}</figure>",
        escape(caption)
    );
}

fn summary(out: &mut String, document: &ReportDocument, lang: Lang) {
    let Some(area) = document.region() else {
        return;
    };
    let f = &document.finances;
    let number = |n: f64| format_number(lang, n, 0);
    let items: [(&str, String); 8] = [
        (
            "report.column.received",
            number(area.requests_received as f64),
        ),
        (
            "report.summary.delivered",
            number(area.requests_delivered as f64),
        ),
        (
            "report.column.median_days",
            area.median_days_to_delivery
                .map_or("–".into(), |d| format_number(lang, d, 1)),
        ),
        ("report.column.workshops", number(area.workshops as f64)),
        (
            "report.column.participants",
            number(area.participants as f64),
        ),
        (
            "report.column.developer_hours",
            number(area.developer_hours),
        ),
        ("report.budget_item.spent", format_amount(lang, f.spent)),
        ("report.budget_item.left", format_amount(lang, f.left)),
    ];
    let _ = write!(
        out,
        "<section id=\"summary\"><h2>{}</h2><dl class=\"figures\">",
        escape(tr(lang, "report.section.summary"))
    );
    for (key, value) in items {
        let _ = write!(
            out,
            "<div><dt>{}</dt><dd>{}</dd></div>",
            escape(tr(lang, key)),
            escape(&value)
        );
    }
    out.push_str("</dl></section>");
}

fn months(lang: Lang) -> Vec<String> {
    (1..=12)
        .map(|month| month_name(lang, month).chars().take(4).collect())
        .collect()
}

fn requests_charts(out: &mut String, document: &ReportDocument, lang: Lang) {
    let bars: Vec<Bar> = document
        .departements()
        .map(|area| Bar {
            label: area_name(lang, area.departement.as_deref()),
            value: area.requests_received as f64,
            text: format_number(lang, area.requests_received as f64, 0),
        })
        .collect();
    if !bars.is_empty() {
        let caption = tr(lang, "report.chart.requests_by_departement");
        figure(out, caption, svg::bars(caption, &bars));
    }
    if let Some(area) = document.region() {
        let values: Vec<f64> = area.received_by_month.iter().map(|n| *n as f64).collect();
        let texts: Vec<String> = values.iter().map(|n| format_number(lang, *n, 0)).collect();
        let caption = tr(lang, "report.chart.requests_by_month");
        figure(
            out,
            caption,
            svg::line(caption, &months(lang), &values, &texts, None),
        );
    }
}

fn hours_chart(out: &mut String, document: &ReportDocument, lang: Lang) {
    let bars: Vec<Bar> = document
        .departements()
        .map(|area| Bar {
            label: area_name(lang, area.departement.as_deref()),
            value: area.developer_hours,
            text: format!("{} h", format_number(lang, area.developer_hours, 0)),
        })
        .collect();
    if !bars.is_empty() {
        let caption = tr(lang, "report.chart.hours_by_departement");
        figure(out, caption, svg::bars(caption, &bars));
    }
}

fn budget_charts(out: &mut String, document: &ReportDocument, lang: Lang) {
    let f = &document.finances;
    let caption = tr(lang, "report.chart.budget");
    let used = Message::new("report.chart.spent")
        .arg("amount", format_amount(lang, f.spent))
        .render(lang);
    let whole = Message::new("report.chart.envelope")
        .arg("amount", format_amount(lang, f.envelope))
        .render(lang);
    let note = Message::new("report.chart.share")
        .arg("percent", format_number(lang, f.spent_ratio() * 100.0, 1))
        .arg("left", format_amount(lang, f.left))
        .render(lang);
    figure(
        out,
        caption,
        svg::gauge(caption, (f.spent, f.envelope), [&used, &whole, &note]),
    );
    let mut cumulative = 0.0;
    let values: Vec<f64> = f
        .by_month
        .iter()
        .map(|month| {
            cumulative += month.spent;
            cumulative
        })
        .collect();
    let texts: Vec<String> = values
        .iter()
        .map(|v| format_number(lang, v / 1000.0, 0) + tr(lang, "report.chart.thousands"))
        .collect();
    let caption = tr(lang, "report.chart.spending_by_month");
    figure(
        out,
        caption,
        svg::line(
            caption,
            &months(lang),
            &values,
            &texts,
            Some((f.envelope, whole)),
        ),
    );
}

/// Where a place's deliverables go on the map: the commune's centroid,
/// else the centre of the département, else nowhere.
fn position(place: &DeliverablePlace) -> Option<LonLat> {
    if let Some(at) = place.commune.as_deref().and_then(commune_centroid) {
        return Some(at);
    }
    let code = place.departement.as_deref()?;
    departement_outlines()
        .iter()
        .find(|outline| outline.code == code)
        .map(|outline| outline.centre())
}

/// The region map: départements shaded by requests received in the year,
/// the year's deliverables at their commune.
fn map(out: &mut String, document: &ReportDocument, lang: Lang) {
    let mut points = Vec::new();
    for place in &document.deliverable_places {
        if let Some(at) = position(place) {
            // The map sizes a marker by how many points share it; a place's
            // count is bounded by the year's deliverables.
            let count = usize::try_from(place.deliverables).unwrap_or(usize::MAX);
            points.extend(std::iter::repeat_n(at, count.min(100_000)));
        }
    }
    let region_map = RegionMap {
        requests_by_departement: document
            .departements()
            .filter_map(|area| Some((area.departement.clone()?, area.requests_received)))
            .collect(),
        points,
    };
    let _ = write!(
        out,
        "<figure class=\"map\"><figcaption>{}</figcaption>{}</figure>",
        escape(tr(lang, "report.map.caption")),
        svg_region_map(lang, &region_map)
    );
}

pub fn render(document: &ReportDocument, tables: &[Table], lang: Lang) -> String {
    let heading = title(document, lang);
    let mut out = String::with_capacity(64 * 1024);
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"{}\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\"><title>{}</title><style>{STYLE}</style></head><body>",
        lang.code(),
        escape(&heading)
    );
    let _ = write!(
        out,
        "<header><h1>{}</h1><p class=\"subtitle\">{}</p></header><main>",
        escape(&heading),
        escape(&subtitle(document, lang))
    );
    summary(&mut out, document, lang);
    for (index, (id, key, ids)) in SECTIONS.iter().enumerate() {
        let class = if index == 0 { "" } else { " class=\"major\"" };
        let _ = write!(
            out,
            "<section id=\"{id}\"{class}><h2>{}</h2>",
            escape(tr(lang, key))
        );
        match *id {
            "requests" => requests_charts(&mut out, document, lang),
            "hours" => hours_chart(&mut out, document, lang),
            "budget" => budget_charts(&mut out, document, lang),
            "map" => map(&mut out, document, lang),
            _ => {}
        }
        for table in tables.iter().filter(|table| ids.contains(&table.id)) {
            table_html(&mut out, table, lang);
        }
        out.push_str("</section>");
    }
    let _ = writeln!(
        out,
        "</main><footer>{}</footer></body></html>",
        escape(tr(lang, "report.document.footer"))
    );
    out
}
