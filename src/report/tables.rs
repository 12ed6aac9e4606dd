//! The report's document laid out as titled tables of typed cells, in the
//! reader's language. Markdown, text, HTML, CSV and XLSX all write these same
//! tables, so a figure has one label and one place in every format.

use super::document::{AreaReport, ReportDocument, ratio};
use crate::domain::geo;
use crate::domain::vocab::Vocab;
use crate::i18n::{Lang, format_amount, format_date, format_number, tr};
use chrono::NaiveDate;
use std::collections::{BTreeMap, BTreeSet};

/// A typed cell: renderers choose how each type is written (a spreadsheet
/// keeps numbers as numbers, with a euro or date format).
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    Text(String),
    Count(u64),
    Hours(f64),
    Euros(f64),
    /// A share, 0.0 to 1.0 (written as a percentage).
    Percent(f64),
    Days(f64),
    Date(NaiveDate),
    Empty,
}

impl Cell {
    /// The cell as a person reads it in `lang`.
    pub fn display(&self, lang: Lang) -> String {
        match self {
            Cell::Text(text) => text.clone(),
            Cell::Count(n) => format_number(lang, *n as f64, 0),
            Cell::Hours(h) | Cell::Days(h) => format_number(lang, *h, 1),
            Cell::Euros(e) => format_amount(lang, *e),
            Cell::Percent(r) => format!("{} %", format_number(lang, r * 100.0, 1)),
            Cell::Date(date) => format_date(lang, *date),
            Cell::Empty => "–".to_string(),
        }
    }

    /// The cell for other programs: plain numbers with a dot, ISO dates.
    pub fn raw(&self) -> String {
        match self {
            Cell::Text(text) => text.clone(),
            Cell::Count(n) => n.to_string(),
            Cell::Hours(x) | Cell::Euros(x) | Cell::Days(x) => trim_number(format!("{x:.2}")),
            Cell::Percent(r) => trim_number(format!("{r:.4}")),
            Cell::Date(date) => date.format("%Y-%m-%d").to_string(),
            Cell::Empty => String::new(),
        }
    }

    /// Whether the cell is a number (right-aligned).
    pub fn is_number(&self) -> bool {
        !matches!(self, Cell::Text(_) | Cell::Empty)
    }

    fn date(text: Option<&str>) -> Cell {
        text.and_then(|t| NaiveDate::parse_from_str(t, "%Y-%m-%d").ok())
            .map_or(Cell::Empty, Cell::Date)
    }

    fn text(text: Option<&str>) -> Cell {
        text.filter(|t| !t.is_empty())
            .map_or(Cell::Empty, |t| Cell::Text(t.to_string()))
    }
}

/// `12.50` → `12.5`, `3.00` → `3`.
fn trim_number(text: String) -> String {
    if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        text
    }
}

/// Which table this is (its file name in a CSV folder, its anchor in HTML).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TableId {
    Requests,
    Categories,
    Organisations,
    Workshops,
    WorkshopKinds,
    Participants,
    Hours,
    Developers,
    RequestHours,
    WorkshopHours,
    DeliverableKinds,
    Licences,
    Skills,
    Budget,
    BudgetLines,
    BudgetCategories,
    SpendingDepartements,
    Months,
}

impl TableId {
    pub fn slug(self) -> &'static str {
        match self {
            TableId::Requests => "requests",
            TableId::Categories => "categories",
            TableId::Organisations => "organisations",
            TableId::Workshops => "workshops",
            TableId::WorkshopKinds => "workshop_kinds",
            TableId::Participants => "participants",
            TableId::Hours => "hours",
            TableId::Developers => "developers",
            TableId::RequestHours => "request_hours",
            TableId::WorkshopHours => "workshop_hours",
            TableId::DeliverableKinds => "deliverable_kinds",
            TableId::Licences => "licences",
            TableId::Skills => "skills",
            TableId::Budget => "budget",
            TableId::BudgetLines => "budget_lines",
            TableId::BudgetCategories => "budget_categories",
            TableId::SpendingDepartements => "spending_departements",
            TableId::Months => "months",
        }
    }

    fn title_key(self) -> &'static str {
        match self {
            TableId::Requests => "report.table.requests",
            TableId::Categories => "report.table.categories",
            TableId::Organisations => "report.table.organisations",
            TableId::Workshops => "report.table.workshops",
            TableId::WorkshopKinds => "report.table.workshop_kinds",
            TableId::Participants => "report.table.participants",
            TableId::Hours => "report.table.hours",
            TableId::Developers => "report.table.developers",
            TableId::RequestHours => "report.table.request_hours",
            TableId::WorkshopHours => "report.table.workshop_hours",
            TableId::DeliverableKinds => "report.table.deliverable_kinds",
            TableId::Licences => "report.table.licences",
            TableId::Skills => "report.table.skills",
            TableId::Budget => "report.table.budget",
            TableId::BudgetLines => "report.table.budget_lines",
            TableId::BudgetCategories => "report.table.budget_categories",
            TableId::SpendingDepartements => "report.table.spending_departements",
            TableId::Months => "report.table.months",
        }
    }
}

/// One table of the report.
#[derive(Clone, Debug, PartialEq)]
pub struct Table {
    pub id: TableId,
    pub title: String,
    pub columns: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
}

impl Table {
    fn new(lang: Lang, id: TableId, columns: &[&str]) -> Table {
        Table {
            id,
            title: tr(lang, id.title_key()).to_string(),
            columns: columns
                .iter()
                .map(|key| tr(lang, key).to_string())
                .collect(),
            rows: Vec::new(),
        }
    }
}

/// A column heading for an area: `13 Bouches-du-Rhône`, or the region.
pub fn area_name(lang: Lang, departement: Option<&str>) -> String {
    match departement {
        None => tr(lang, "report.region").to_string(),
        Some(code) => match geo::departement(code) {
            Some(dep) => format!("{code} {}", dep.name),
            None => code.to_string(),
        },
    }
}

/// The name of a month, `1` = January.
pub fn month_name(lang: Lang, month: u32) -> String {
    const KEYS: [&str; 12] = [
        "report.month.1",
        "report.month.2",
        "report.month.3",
        "report.month.4",
        "report.month.5",
        "report.month.6",
        "report.month.7",
        "report.month.8",
        "report.month.9",
        "report.month.10",
        "report.month.11",
        "report.month.12",
    ];
    let index = (month as usize).clamp(1, 12) - 1;
    tr(lang, KEYS[index]).to_string()
}

/// Every table of the report, in reading order.
pub fn tables(document: &ReportDocument, lang: Lang) -> Vec<Table> {
    vec![
        requests(document, lang),
        cross(
            document,
            lang,
            TableId::Categories,
            "report.column.category",
            Some(Vocab::Category),
            |area| &area.requests_by_category,
        ),
        organisations(document, lang),
        workshops(document, lang),
        workshop_kinds(document, lang),
        participants(document, lang),
        hours(document, lang),
        developers(document, lang),
        record_hours(document, lang, TableId::RequestHours),
        record_hours(document, lang, TableId::WorkshopHours),
        cross(
            document,
            lang,
            TableId::DeliverableKinds,
            "report.column.kind",
            Some(Vocab::Category),
            |area| &area.deliverables_by_kind,
        ),
        cross(
            document,
            lang,
            TableId::Licences,
            "report.column.licence",
            None,
            |area| &area.deliverables_by_licence,
        ),
        cross(
            document,
            lang,
            TableId::Skills,
            "report.column.skill",
            Some(Vocab::Skill),
            |area| &area.developers_by_skill,
        ),
        budget(document, lang),
        budget_categories(document, lang),
        budget_lines(document, lang),
        spending_departements(document, lang),
        months(document, lang),
    ]
}

fn area_cell(lang: Lang, area: &AreaReport) -> Cell {
    Cell::Text(column_name(lang, area))
}

/// A column's heading: its département, "without a département" or the region.
fn column_name(lang: Lang, area: &AreaReport) -> String {
    if area.without_departement {
        return tr(lang, "figures.report.without_departement").to_string();
    }
    area_name(lang, area.departement.as_deref())
}

fn requests(document: &ReportDocument, lang: Lang) -> Table {
    let mut table = Table::new(
        lang,
        TableId::Requests,
        &["report.column.area", "report.column.received"],
    );
    for status in crate::domain::status::Status::ALL {
        table
            .columns
            .push(Vocab::Status.label(status.slug(), lang).to_string());
    }
    table
        .columns
        .push(tr(lang, "report.column.median_days").into());
    for area in &document.areas {
        let mut row = vec![area_cell(lang, area), Cell::Count(area.requests_received)];
        for status in crate::domain::status::Status::ALL {
            let count = area.requests_by_status.get(status.slug()).copied();
            row.push(Cell::Count(count.unwrap_or(0)));
        }
        row.push(area.median_days_to_delivery.map_or(Cell::Empty, Cell::Days));
        table.rows.push(row);
    }
    table
}

/// Rows = the slugs any area has (labelled from `vocab`), columns = areas.
fn cross(
    document: &ReportDocument,
    lang: Lang,
    id: TableId,
    first_column: &str,
    vocab: Option<Vocab>,
    counts: impl Fn(&AreaReport) -> &BTreeMap<String, u64>,
) -> Table {
    let mut table = Table::new(lang, id, &[first_column]);
    table
        .columns
        .extend(document.areas.iter().map(|area| column_name(lang, area)));
    let slugs: BTreeSet<&String> = document
        .areas
        .iter()
        .flat_map(|area| counts(area).keys())
        .collect();
    for slug in slugs {
        let label = if slug.is_empty() {
            tr(lang, "report.unspecified").to_string()
        } else {
            vocab
                .map_or(slug.as_str(), |v| v.label(slug, lang))
                .to_string()
        };
        let mut row = vec![Cell::Text(label)];
        row.extend(
            document
                .areas
                .iter()
                .map(|area| Cell::Count(counts(area).get(slug).copied().unwrap_or(0))),
        );
        table.rows.push(row);
    }
    table
}

fn organisations(document: &ReportDocument, lang: Lang) -> Table {
    let mut table = cross(
        document,
        lang,
        TableId::Organisations,
        "report.column.org_kind",
        Some(Vocab::OrgKind),
        |area| &area.organisations_by_kind,
    );
    let mut total = vec![Cell::Text(
        tr(lang, "report.column.organisations_served").into(),
    )];
    total.extend(
        document
            .areas
            .iter()
            .map(|area| Cell::Count(area.organisations_served)),
    );
    table.rows.push(total);
    table
}

fn workshops(document: &ReportDocument, lang: Lang) -> Table {
    let mut table = Table::new(
        lang,
        TableId::Workshops,
        &[
            "report.column.area",
            "report.column.workshops",
            "report.column.participants",
            "report.column.workshop_hours",
        ],
    );
    for area in &document.areas {
        table.rows.push(vec![
            area_cell(lang, area),
            Cell::Count(area.workshops),
            Cell::Count(area.participants),
            Cell::Hours(area.workshop_hours),
        ]);
    }
    table
}

fn workshop_kinds(document: &ReportDocument, lang: Lang) -> Table {
    let mut table = Table::new(
        lang,
        TableId::WorkshopKinds,
        &[
            "report.column.workshop_kind",
            "report.column.workshops",
            "report.column.participants",
            "report.column.workshop_hours",
        ],
    );
    for kind in document.region().map_or(&[][..], |r| &r.workshops_by_kind) {
        let label = if kind.kind.is_empty() {
            tr(lang, "report.unspecified")
        } else {
            Vocab::WorkshopKind.label(&kind.kind, lang)
        };
        table.rows.push(vec![
            Cell::Text(label.to_string()),
            Cell::Count(kind.workshops),
            Cell::Count(kind.participants),
            Cell::Hours(kind.hours),
        ]);
    }
    table
}

fn participants(document: &ReportDocument, lang: Lang) -> Table {
    let mut table = Table::new(
        lang,
        TableId::Participants,
        &["report.column.group", "report.column.participants"],
    );
    if let Some(region) = document.region() {
        for (group, count) in &region.participants_breakdown {
            table.rows.push(vec![
                Cell::Text(Vocab::Breakdown.label(group, lang).to_string()),
                Cell::Count(*count),
            ]);
        }
        table.rows.push(vec![
            Cell::Text(tr(lang, "report.column.total_participants").into()),
            Cell::Count(region.participants),
        ]);
    }
    table
}

fn hours(document: &ReportDocument, lang: Lang) -> Table {
    let mut table = Table::new(
        lang,
        TableId::Hours,
        &[
            "report.column.area",
            "report.column.developer_hours",
            "report.column.active_developers",
            "report.column.availability",
            "report.column.use",
            "report.column.valued",
        ],
    );
    for area in &document.areas {
        table.rows.push(vec![
            area_cell(lang, area),
            Cell::Hours(area.developer_hours),
            Cell::Count(area.active_developers),
            Cell::Hours(area.availability_hours),
            Cell::Percent(ratio(area.developer_hours, area.availability_hours)),
            Cell::Euros(area.budget_spent),
        ]);
    }
    table
}

fn developers(document: &ReportDocument, lang: Lang) -> Table {
    let mut table = Table::new(
        lang,
        TableId::Developers,
        &[
            "report.column.developer",
            "report.column.departement",
            "report.column.role",
            "report.column.developer_hours",
            "report.column.on_requests",
            "report.column.in_workshops",
            "report.column.availability",
            "report.column.use",
        ],
    );
    for developer in &document.developers {
        table.rows.push(vec![
            Cell::Text(developer.name.clone()),
            Cell::text(developer.departement.as_deref()),
            developer.role.as_deref().map_or(Cell::Empty, |role| {
                Cell::Text(Vocab::DeveloperRole.label(role, lang).to_string())
            }),
            Cell::Hours(developer.hours),
            Cell::Hours(developer.request_hours),
            Cell::Hours(developer.workshop_hours),
            Cell::Hours(developer.availability_hours),
            Cell::Percent(ratio(developer.hours, developer.availability_hours)),
        ]);
    }
    table
}

fn record_hours(document: &ReportDocument, lang: Lang, id: TableId) -> Table {
    let (columns, rows) = if id == TableId::RequestHours {
        (
            [
                "report.column.request",
                "report.column.departement",
                "report.column.received_on",
                "report.column.developer_hours",
                "report.column.estimate",
            ],
            &document.top_requests,
        )
    } else {
        (
            [
                "report.column.workshop",
                "report.column.departement",
                "report.column.date",
                "report.column.developer_hours",
                "report.column.duration",
            ],
            &document.top_workshops,
        )
    };
    let mut table = Table::new(lang, id, &columns);
    for row in rows {
        table.rows.push(vec![
            Cell::Text(row.title.clone()),
            Cell::text(row.departement.as_deref()),
            Cell::date(row.date.as_deref()),
            Cell::Hours(row.hours),
            row.planned.map_or(Cell::Empty, Cell::Hours),
        ]);
    }
    table
}

fn budget(document: &ReportDocument, lang: Lang) -> Table {
    let f = &document.finances;
    let mut table = Table::new(
        lang,
        TableId::Budget,
        &["report.column.item", "report.column.value"],
    );
    let mut item = |key: &str, cell: Cell| {
        table
            .rows
            .push(vec![Cell::Text(tr(lang, key).into()), cell]);
    };
    item("report.budget_item.envelope", Cell::Euros(f.envelope));
    item("report.budget_item.hourly_cost", Cell::Euros(f.hourly_cost));
    item("report.budget_item.hours", Cell::Hours(f.hours));
    item("report.budget_item.spent", Cell::Euros(f.spent));
    item("report.budget_item.left", Cell::Euros(f.left));
    item("report.budget_item.ratio", Cell::Percent(f.spent_ratio()));
    table
}

fn budget_lines(document: &ReportDocument, lang: Lang) -> Table {
    let f = &document.finances;
    let mut table = Table::new(
        lang,
        TableId::BudgetLines,
        &[
            "report.column.budget_line",
            "report.column.budget_category",
            "report.column.amount",
            "report.column.share_of_envelope",
        ],
    );
    for line in &f.lines {
        let label = if line.label.is_empty() {
            tr(lang, "report.unspecified").to_string()
        } else {
            line.label.clone()
        };
        table.rows.push(vec![
            Cell::Text(label),
            Cell::Text(line.category.label(lang).to_string()),
            Cell::Euros(line.amount),
            Cell::Percent(ratio(line.amount, f.envelope)),
        ]);
    }
    table.rows.push(vec![
        Cell::Text(tr(lang, "report.column.total").into()),
        Cell::Empty,
        Cell::Euros(f.lines_total),
        Cell::Percent(ratio(f.lines_total, f.envelope)),
    ]);
    table
}

/// The lines summed by category against the envelope (lines without a
/// category count as "other").
fn budget_categories(document: &ReportDocument, lang: Lang) -> Table {
    let f = &document.finances;
    let mut table = Table::new(
        lang,
        TableId::BudgetCategories,
        &[
            "report.column.budget_category",
            "report.column.lines",
            "report.column.amount",
            "report.column.share_of_envelope",
        ],
    );
    for row in &f.by_category {
        table.rows.push(vec![
            Cell::Text(row.category.label(lang).to_string()),
            Cell::Count(row.lines),
            Cell::Euros(row.amount),
            Cell::Percent(ratio(row.amount, f.envelope)),
        ]);
    }
    table.rows.push(vec![
        Cell::Text(tr(lang, "report.column.total").into()),
        Cell::Count(f.lines.len() as u64),
        Cell::Euros(f.lines_total),
        Cell::Percent(ratio(f.lines_total, f.envelope)),
    ]);
    table
}

fn spending_departements(document: &ReportDocument, lang: Lang) -> Table {
    let f = &document.finances;
    let mut table = Table::new(
        lang,
        TableId::SpendingDepartements,
        &[
            "report.column.departement",
            "report.column.developer_hours",
            "report.column.spent",
            "report.column.share_of_spending",
        ],
    );
    for row in &f.by_departement {
        let name = match row.departement.as_deref() {
            Some(code) => area_name(lang, Some(code)),
            None => tr(lang, "report.unspecified").to_string(),
        };
        table.rows.push(vec![
            Cell::Text(name),
            Cell::Hours(row.hours),
            Cell::Euros(row.spent),
            Cell::Percent(ratio(row.spent, f.spent)),
        ]);
    }
    table
}

fn months(document: &ReportDocument, lang: Lang) -> Table {
    let f = &document.finances;
    let mut table = Table::new(
        lang,
        TableId::Months,
        &[
            "report.column.month",
            "report.column.received",
            "report.column.developer_hours",
            "report.column.spent",
            "report.column.cumulative",
        ],
    );
    let received = document
        .region()
        .map(|area| area.received_by_month)
        .unwrap_or_default();
    let mut cumulative = 0.0;
    for (month, count) in f.by_month.iter().zip(received) {
        cumulative += month.spent;
        table.rows.push(vec![
            Cell::Text(month_name(lang, month.month)),
            Cell::Count(count),
            Cell::Hours(month.hours),
            Cell::Euros(month.spent),
            Cell::Euros(cumulative),
        ]);
    }
    table
}
