//! The yearly report as one document: the indicators of each area (a
//! département, then the region), the developers' hours, the requests and
//! workshops that took most hours, and the budget. Every renderer (text,
//! Markdown, HTML, CSV, XLSX, JSON) reads this document; none recomputes it.

use super::{CostSettings, Indicators};
use crate::domain::BudgetCategory;
use crate::store::{KindFigures, RecordHours, Store, StoreError};
use serde::Serialize;
use std::collections::BTreeMap;

/// How many developers, requests and workshops the "by …" tables list: the
/// ones with most hours. A report of a large network stays readable (and
/// its size does not grow with the data).
pub const TOP_ROWS: usize = 50;

/// The yearly report.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ReportDocument {
    pub year: i32,
    /// The département asked for, or null for the whole region.
    pub departement: Option<String>,
    /// The day the report was made (`YYYY-MM-DD`).
    pub generated_on: String,
    /// The yearly envelope (euros): the budget lines of the year, else the configured budget.
    pub budget: Option<f64>,
    /// Developer hours valued at the hourly cost (euros).
    pub budget_spent: Option<f64>,
    /// One column per département asked for, then (the whole region only,
    /// when there is any) what has no département, then the region
    /// (`departement: null`): the region is the sum of the columns before it.
    pub areas: Vec<AreaReport>,
    /// The developers with most hours in the year.
    pub developers: Vec<DeveloperRow>,
    /// The requests with most developer hours in the year.
    pub top_requests: Vec<HoursRow>,
    /// The workshops with most developer hours in the year.
    pub top_workshops: Vec<HoursRow>,
    pub finances: Finances,
    /// Deliverables published in the year, by the commune of the requesting
    /// organisation (for the map): few rows, one per place.
    pub deliverable_places: Vec<DeliverablePlace>,
}

/// Deliverables of the year at one place.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DeliverablePlace {
    /// INSEE commune code of the requesting organisation, if known.
    pub commune: Option<String>,
    /// The request's (else the organisation's) département.
    pub departement: Option<String>,
    pub deliverables: u64,
}

/// The indicators of one area (a département, or the region when `departement` is null).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct AreaReport {
    pub departement: Option<String>,
    /// The column of what has no département (a request without one, a
    /// workshop without a request, a developer without one): `departement`
    /// is null there too, but it is not the region.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub without_departement: bool,
    pub requests_received: u64,
    pub requests_by_status: BTreeMap<String, u64>,
    pub requests_delivered: u64,
    pub median_days_to_delivery: Option<f64>,
    pub requests_by_category: BTreeMap<String, u64>,
    pub organisations_served: u64,
    pub organisations_by_kind: BTreeMap<String, u64>,
    pub workshops: u64,
    pub participants: u64,
    pub participants_breakdown: BTreeMap<String, u64>,
    pub workshop_hours: f64,
    pub workshops_by_kind: Vec<WorkshopKindRow>,
    pub developer_hours: f64,
    /// Hours the area's developers can give in a year (availability × 12).
    pub availability_hours: f64,
    pub active_developers: u64,
    pub developers_by_skill: BTreeMap<String, u64>,
    pub deliverables_by_kind: BTreeMap<String, u64>,
    pub deliverables_by_licence: BTreeMap<String, u64>,
    pub received_by_month: [u64; 12],
    pub hours_by_month: [f64; 12],
    pub budget_spent: f64,
    #[serde(skip)]
    pub budget: f64,
}

/// Workshops of one kind.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct WorkshopKindRow {
    pub kind: String,
    pub workshops: u64,
    pub participants: u64,
    pub hours: f64,
}

/// One developer's hours against their availability.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DeveloperRow {
    pub name: String,
    pub departement: Option<String>,
    pub role: Option<String>,
    pub hours: f64,
    pub request_hours: f64,
    pub workshop_hours: f64,
    /// Hours a year the developer can give (availability per month × 12).
    pub availability_hours: f64,
}

/// The developer hours of a request or a workshop.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct HoursRow {
    pub title: String,
    pub departement: Option<String>,
    pub date: Option<String>,
    pub hours: f64,
    /// A request's estimate, a workshop's duration.
    pub planned: Option<f64>,
}

/// The budget: the envelope, its lines, the hours valued and what is left.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Finances {
    pub envelope: f64,
    pub hourly_cost: f64,
    pub lines: Vec<BudgetLineRow>,
    pub lines_total: f64,
    /// The lines summed by category, in the funders' order; only
    /// categories that have lines.
    pub by_category: Vec<CategoryRow>,
    pub hours: f64,
    /// Hours valued at the hourly cost.
    pub spent: f64,
    /// The envelope less what was spent (negative when overspent).
    pub left: f64,
    pub by_departement: Vec<SpendingRow>,
    /// Twelve rows, January first.
    pub by_month: Vec<MonthSpending>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct BudgetLineRow {
    pub label: String,
    pub amount: f64,
    /// Lines without a (known) category count as `other`.
    pub category: BudgetCategory,
}

/// The budget lines of one category.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CategoryRow {
    pub category: BudgetCategory,
    pub lines: u64,
    pub amount: f64,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SpendingRow {
    pub departement: Option<String>,
    pub hours: f64,
    pub spent: f64,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct MonthSpending {
    /// 1 = January.
    pub month: u32,
    pub hours: f64,
    pub spent: f64,
}

impl AreaReport {
    /// Share of the budget spent, 0.0 to (possibly above) 1.0.
    pub fn budget_ratio(&self) -> f64 {
        ratio(self.budget_spent, self.budget)
    }
}

impl ReportDocument {
    /// The last column: the region, or the one département asked for.
    pub fn region(&self) -> Option<&AreaReport> {
        self.areas.last()
    }

    /// The areas that are départements (not the region's column, nor the
    /// one without a département).
    pub fn departements(&self) -> impl Iterator<Item = &AreaReport> {
        self.areas.iter().filter(|area| area.departement.is_some())
    }
}

impl Finances {
    /// Share of the envelope spent.
    pub fn spent_ratio(&self) -> f64 {
        ratio(self.spent, self.envelope)
    }
}

/// `part / whole`, 0 when there is no whole.
pub fn ratio(part: f64, whole: f64) -> f64 {
    if whole > 0.0 { part / whole } else { 0.0 }
}

fn area_report(item: Indicators, details: crate::store::AreaDetails) -> AreaReport {
    let f = item.figures;
    AreaReport {
        departement: item.departement,
        without_departement: false,
        requests_received: f.requests_received,
        requests_by_status: f.requests_by_status,
        requests_delivered: f.requests_delivered,
        median_days_to_delivery: item.median_days_to_delivery,
        requests_by_category: details.requests_by_category,
        organisations_served: details.organisations_served,
        organisations_by_kind: f.organisations_by_kind,
        workshops: f.workshops,
        participants: f.participants,
        participants_breakdown: details.participants_breakdown,
        workshop_hours: f.workshop_hours,
        workshops_by_kind: details
            .workshops_by_kind
            .into_iter()
            .map(|k: KindFigures| WorkshopKindRow {
                kind: k.kind,
                workshops: k.workshops,
                participants: k.participants,
                hours: k.hours,
            })
            .collect(),
        developer_hours: f.developer_hours,
        availability_hours: details.availability_per_month * 12.0,
        active_developers: f.active_developers,
        developers_by_skill: f.developers_by_skill,
        deliverables_by_kind: f.deliverables_by_kind,
        deliverables_by_licence: f.deliverables_by_licence,
        received_by_month: f.received_by_month,
        hours_by_month: details.hours_by_month,
        budget_spent: item.budget_spent,
        budget: item.budget,
    }
}

fn hours_row(row: RecordHours) -> HoursRow {
    HoursRow {
        title: row.title,
        departement: row.departement,
        date: row.date,
        hours: row.hours,
        planned: row.planned,
    }
}

/// What the report covers.
#[derive(Clone, Debug, PartialEq)]
pub struct ReportScope<'a> {
    pub year: i32,
    /// One département, or `None` for each département and the region.
    pub departement: Option<&'a str>,
    pub costs: CostSettings,
    pub generated_on: String,
}

/// Builds the report; `progress(done, total)` is called after each step.
pub fn build(
    store: &Store,
    scope: &ReportScope<'_>,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<ReportDocument, StoreError> {
    let (year, departement, costs) = (scope.year, scope.departement, scope.costs);
    let columns: Vec<Option<String>> = match departement {
        Some(code) => vec![Some(code.to_string())],
        None => store
            .request_departements()?
            .into_iter()
            .map(Some)
            .collect(),
    };
    // All areas in one pass per aggregate, then the lists, then the budget.
    let total = 3;
    let year_figures = store.year_figures(year)?;
    let budget = super::envelope(store, year, costs)?;
    let mut areas: Vec<AreaReport> = columns
        .iter()
        .map(|column| {
            let (figures, details) = year_figures.area(column.as_deref());
            let item = Indicators::from_figures((year, column.as_deref()), figures, costs, budget);
            area_report(item, details)
        })
        .collect();
    if departement.is_none() {
        // Without this column, a request with no département would count in
        // the region and in no département: the columns would not add up.
        if year_figures.has_without_departement() {
            let (figures, details) = year_figures.without_departement.clone();
            let item = Indicators::from_figures((year, None), figures, costs, budget);
            let mut column = area_report(item, details);
            column.without_departement = true;
            areas.push(column);
        }
        let (figures, details) = year_figures.area(None);
        let item = Indicators::from_figures((year, None), figures, costs, budget);
        areas.push(area_report(item, details));
    }
    let hours_by_departement = year_figures.hours_by_departement;
    progress(1, total);
    let developers = store
        .hours_by_developer(year, departement, TOP_ROWS)?
        .into_iter()
        .map(|d| DeveloperRow {
            name: d.name,
            departement: d.departement,
            role: d.role,
            hours: d.hours,
            request_hours: d.request_hours,
            workshop_hours: d.workshop_hours,
            availability_hours: d.availability_per_month * 12.0,
        })
        .collect();
    let top_requests = store
        .hours_by_request(year, departement, TOP_ROWS)?
        .into_iter()
        .map(hours_row)
        .collect();
    let top_workshops = store
        .hours_by_workshop(year, departement, TOP_ROWS)?
        .into_iter()
        .map(hours_row)
        .collect();
    progress(2, total);
    let finances = finances(store, scope, areas.last(), hours_by_departement)?;
    let deliverable_places = store
        .deliverables_by_place(year, departement)?
        .into_iter()
        .map(|(commune, departement, deliverables)| DeliverablePlace {
            commune,
            departement,
            deliverables,
        })
        .collect();
    progress(total, total);
    let region = areas.last();
    Ok(ReportDocument {
        year,
        departement: departement.map(str::to_string),
        generated_on: scope.generated_on.clone(),
        budget: region.map(|area| area.budget),
        budget_spent: region.map(|area| area.budget_spent),
        areas,
        developers,
        top_requests,
        top_workshops,
        finances,
        deliverable_places,
    })
}

fn finances(
    store: &Store,
    scope: &ReportScope<'_>,
    region: Option<&AreaReport>,
    hours_by_departement: BTreeMap<Option<String>, f64>,
) -> Result<Finances, StoreError> {
    let cost = scope.costs.hourly_cost;
    let lines: Vec<BudgetLineRow> = store
        .budget_lines(scope.year)?
        .into_iter()
        .map(|line| BudgetLineRow {
            label: line.label,
            amount: line.amount,
            category: BudgetCategory::from_stored(line.category.as_deref()),
        })
        .collect();
    let lines_total = lines.iter().map(|line| line.amount).sum();
    let by_category = by_category(&lines);
    let envelope = region.map_or(scope.costs.yearly_budget, |area| area.budget);
    let hours = region.map_or(0.0, |area| area.developer_hours);
    let spent = hours * cost;
    // A one-département report spends that département's developers' hours only.
    let by_departement = hours_by_departement
        .into_iter()
        .filter(|(departement, _)| {
            scope
                .departement
                .is_none_or(|code| departement.as_deref() == Some(code))
        })
        .map(|(departement, hours)| SpendingRow {
            departement,
            hours,
            spent: hours * cost,
        })
        .collect();
    let by_month = region
        .map(|area| area.hours_by_month)
        .unwrap_or_default()
        .iter()
        .zip(1..)
        .map(|(hours, month)| MonthSpending {
            month,
            hours: *hours,
            spent: hours * cost,
        })
        .collect();
    Ok(Finances {
        envelope,
        hourly_cost: cost,
        lines,
        lines_total,
        by_category,
        hours,
        spent,
        left: envelope - spent,
        by_departement,
        by_month,
    })
}

/// Sums the lines by category, in `BudgetCategory::ALL` order.
fn by_category(lines: &[BudgetLineRow]) -> Vec<CategoryRow> {
    BudgetCategory::ALL
        .into_iter()
        .filter_map(|category| {
            let of: Vec<&BudgetLineRow> = lines
                .iter()
                .filter(|line| line.category == category)
                .collect();
            (!of.is_empty()).then(|| CategoryRow {
                category,
                lines: of.len() as u64,
                amount: of.iter().map(|line| line.amount).sum(),
            })
        })
        .collect()
}
