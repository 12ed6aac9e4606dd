//! Indicators the funders ask for, per département and per year: requests
//! received and delivered with the median days to delivery, workshops and
//! inhabitants taking part, hours, deliverables by kind and licence,
//! organisations served, active developers and skills, budget used.
//! Figures come from SQL aggregates (`store::stats`, `store::stats_report`);
//! this layer shapes them into one document (`document`), lays it out as
//! tables (`tables`) and writes it in every format (`render`).

pub mod document;
pub mod render;
pub mod tables;

pub mod map;
pub mod opendata;

use crate::store::{AreaFigures, Store, StoreError, YearFigures};

/// Settings the figures depend on.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct CostSettings {
    pub hourly_cost: f64,
    pub yearly_budget: f64,
}

/// The indicators of one area (a département or the region) for a year.
#[derive(Clone, Debug, PartialEq)]
pub struct Indicators {
    pub year: i32,
    pub departement: Option<String>,
    pub figures: AreaFigures,
    pub median_days_to_delivery: Option<f64>,
    /// Euros: developer hours at the hourly cost.
    pub budget_spent: f64,
    pub budget: f64,
}

impl Indicators {
    /// Share of the budget spent, 0.0 to (possibly above) 1.0.
    pub fn budget_ratio(&self) -> f64 {
        if self.budget > 0.0 {
            self.budget_spent / self.budget
        } else {
            0.0
        }
    }
}

/// The median of a list of whole numbers (`None` when empty).
pub fn median(values: &[i64]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    let mut sorted = values.to_vec();
    sorted.sort_unstable();
    let middle = sorted.len() / 2;
    Some(if sorted.len().is_multiple_of(2) {
        (sorted[middle - 1] + sorted[middle]) as f64 / 2.0
    } else {
        sorted[middle] as f64
    })
}

/// Computes the indicators of `year` for a département, or the region:
/// the yearly report's figures of that column (the same aggregates, the
/// same definitions).
pub fn indicators(
    store: &Store,
    year: i32,
    departement: Option<&str>,
    costs: CostSettings,
) -> Result<Indicators, StoreError> {
    let all = store.year_figures(year)?;
    let budget = envelope(store, year, costs)?;
    Ok(Indicators::of_area(
        &all,
        (year, departement),
        costs,
        budget,
    ))
}

/// The year's envelope: its budget lines, else the configured budget.
pub fn envelope(store: &Store, year: i32, costs: CostSettings) -> Result<f64, StoreError> {
    Ok(store.budget_for_year(year)?.unwrap_or(costs.yearly_budget))
}

impl Indicators {
    /// The indicators of one column of the year's figures (a département,
    /// or the region for `None`).
    pub fn of_area(
        all: &YearFigures,
        (year, departement): (i32, Option<&str>),
        costs: CostSettings,
        budget: f64,
    ) -> Indicators {
        let (figures, _) = all.area(departement);
        Indicators::from_figures((year, departement), figures, costs, budget)
    }

    /// The indicators of an area from its figures. The budget is regional:
    /// a département's figures are set against the whole budget rather than
    /// an invented share of it.
    pub fn from_figures(
        (year, departement): (i32, Option<&str>),
        figures: AreaFigures,
        costs: CostSettings,
        budget: f64,
    ) -> Indicators {
        Indicators {
            year,
            departement: departement.map(str::to_string),
            median_days_to_delivery: median(&figures.delivery_days),
            budget_spent: figures.developer_hours * costs.hourly_cost,
            budget,
            figures,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn median_of_odd_even_and_empty_lists() {
        assert_eq!(median(&[]), None);
        assert_eq!(median(&[5]), Some(5.0));
        assert_eq!(median(&[9, 1, 5]), Some(5.0));
        assert_eq!(median(&[1, 2, 3, 10]), Some(2.5));
    }
}
