//! The report's document laid out as titled tables of typed cells, in the
//! reader's language. Markdown, text, HTML, CSV and XLSX all write these same
//! tables, so a figure has one label and one place in every format.

use super::document::{AreaReport, ReportDocument};
use crate::domain::geo;
use crate::domain::text::fold;
use crate::domain::vocab::Vocab;
use crate::i18n::{Lang, format_amount, format_date, format_number, format_percent, tr};
use chrono::NaiveDate;
use std::collections::{BTreeMap, BTreeSet};

mod finances;
mod work;

use finances::{budget, budget_categories, budget_lines, months, spending_departements};
use work::{developers, hours, participants, record_hours, workshop_kinds, workshops};

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
            Cell::Percent(r) => format_percent(lang, *r),
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
            Some(Vocab::Licence),
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

/// Rows = the slugs any area has (labelled from `vocab`, in the order of
/// those names as the reader's language writes them, the unspecified
/// last), columns = areas.
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
    let mut labelled: Vec<(String, &String)> = slugs
        .into_iter()
        .map(|slug| {
            let label = if slug.is_empty() {
                tr(lang, "report.unspecified").to_string()
            } else {
                vocab
                    .map_or(slug.as_str(), |v| v.label(slug, lang))
                    .to_string()
            };
            (label, slug)
        })
        .collect();
    labelled.sort_by_cached_key(|(label, slug)| (slug.is_empty(), fold(label)));
    for (label, slug) in labelled {
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
