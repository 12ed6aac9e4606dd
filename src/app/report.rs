//! The funders' report as one document: the indicators of a year for each
//! département that received requests and for the region, with the budget.
//! Every renderer (text, JSON) reads this document; nothing recomputes it.

use super::{App, AppResult};
use crate::report::{CostSettings, Indicators, indicators};
use chrono::Datelike;
use serde::Serialize;
use std::collections::BTreeMap;

/// The yearly report.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ReportDocument {
    pub year: i32,
    /// The region's budget for the year (euros).
    pub budget: Option<f64>,
    /// Developer hours valued at the hourly cost (euros).
    pub budget_spent: Option<f64>,
    /// One column per département asked for, then the region (`departement: null`).
    pub areas: Vec<AreaReport>,
}

/// The indicators of one area (a département, or the region when `departement` is null).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct AreaReport {
    pub departement: Option<String>,
    pub requests_received: u64,
    pub requests_by_status: BTreeMap<String, u64>,
    pub requests_delivered: u64,
    pub median_days_to_delivery: Option<f64>,
    pub workshops: u64,
    pub participants: u64,
    pub workshop_hours: f64,
    pub developer_hours: f64,
    pub active_developers: u64,
    pub developers_by_skill: BTreeMap<String, u64>,
    pub deliverables_by_kind: BTreeMap<String, u64>,
    pub deliverables_by_licence: BTreeMap<String, u64>,
    pub organisations_by_kind: BTreeMap<String, u64>,
    pub received_by_month: [u64; 12],
    pub budget_spent: f64,
    #[serde(skip)]
    pub budget: f64,
}

impl AreaReport {
    fn from_indicators(item: Indicators) -> AreaReport {
        let f = item.figures;
        AreaReport {
            departement: item.departement,
            requests_received: f.requests_received,
            requests_by_status: f.requests_by_status,
            requests_delivered: f.requests_delivered,
            median_days_to_delivery: item.median_days_to_delivery,
            workshops: f.workshops,
            participants: f.participants,
            workshop_hours: f.workshop_hours,
            developer_hours: f.developer_hours,
            active_developers: f.active_developers,
            developers_by_skill: f.developers_by_skill,
            deliverables_by_kind: f.deliverables_by_kind,
            deliverables_by_licence: f.deliverables_by_licence,
            organisations_by_kind: f.organisations_by_kind,
            received_by_month: f.received_by_month,
            budget_spent: item.budget_spent,
            budget: item.budget,
        }
    }

    /// Share of the budget spent, 0.0 to (possibly above) 1.0.
    pub fn budget_ratio(&self) -> f64 {
        if self.budget > 0.0 {
            self.budget_spent / self.budget
        } else {
            0.0
        }
    }
}

impl ReportDocument {
    /// The region's column (the last one), when the whole region was asked for.
    pub fn region(&self) -> Option<&AreaReport> {
        self.areas.last()
    }
}

impl App {
    /// The cost settings of the figures (hourly cost, yearly budget).
    pub fn cost_settings(&self) -> CostSettings {
        CostSettings {
            hourly_cost: self.config.hourly_cost(),
            yearly_budget: self.config.yearly_budget(),
        }
    }

    /// The report of `year` (default: this year) for one département, or
    /// for each département that received requests and the region.
    pub fn report(
        &self,
        year: Option<i32>,
        departement: Option<&str>,
    ) -> AppResult<ReportDocument> {
        let year = year.unwrap_or_else(|| self.today().year());
        let costs = self.cost_settings();
        let mut areas: Vec<Option<String>> = match departement {
            Some(code) => vec![Some(code.to_string())],
            None => self
                .store
                .request_departements()?
                .into_iter()
                .map(Some)
                .collect(),
        };
        if departement.is_none() {
            areas.push(None);
        }
        let areas: Vec<AreaReport> = areas
            .iter()
            .map(|area| indicators(&self.store, year, area.as_deref(), costs))
            .map(|result| result.map(AreaReport::from_indicators))
            .collect::<Result<_, _>>()?;
        let region = areas.last();
        Ok(ReportDocument {
            year,
            budget: region.map(|area| area.budget),
            budget_spent: region.map(|area| area.budget_spent),
            areas,
        })
    }
}
