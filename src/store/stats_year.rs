//! The year's figures of every département and of the region at once: each
//! aggregate is one pass over the year's range of a covering index (schema
//! v7), folded in memory by a small key (département × a vocabulary, or a
//! month) instead of SQLite's `GROUP BY`, which would first sort every row of
//! the year: the report's memory then does not grow with the data. The
//! region is the sum of the groups, those without a département included
//! (they also add up to an area of their own, so that every column sums to
//! the region's); organisations served by several départements are counted
//! once, from a pass in organisation order. Developers and organisations
//! are read through merges (`merged_alias`, `store::merged`): a record
//! merged into another counts as that one. The yearly report and the
//! dashboard both read this: one definition of every figure.

use super::stats::year_bounds;
use super::stats_orgs::OrganisationRuns;
use super::stats_report::text;
use super::{AreaDetails, AreaFigures, KindFigures, Store, StoreError};
use rusqlite::types::ValueRef;
use rusqlite::{Row, ToSql};
use std::collections::BTreeMap;

/// The figures of one area: the dashboard's and the report's own.
pub type AreaYear = (AreaFigures, AreaDetails);

/// Every département's figures of a year, and the region's.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct YearFigures {
    pub departements: BTreeMap<String, AreaYear>,
    pub region: AreaYear,
    /// What has no département (a request without one, a workshop without
    /// a request, a developer without one): counted in the region only,
    /// so it is shown apart for the départements to add up to the region.
    pub without_departement: AreaYear,
    /// Developer hours by the developer's département (`None`: without one,
    /// or a developer not arrived yet).
    pub hours_by_departement: BTreeMap<Option<String>, f64>,
}

impl YearFigures {
    /// A département's figures (empty when it has none).
    pub fn area(&self, departement: Option<&str>) -> AreaYear {
        match departement {
            None => self.region.clone(),
            Some(code) => self.departements.get(code).cloned().unwrap_or_default(),
        }
    }

    /// Whether anything of the year has no département.
    pub fn has_without_departement(&self) -> bool {
        self.without_departement != AreaYear::default()
    }

    /// The figures a group adds to: its département's (if any) and the region's.
    pub(super) fn both(&mut self, departement: Option<String>) -> Vec<&mut AreaYear> {
        let YearFigures {
            departements,
            region,
            without_departement,
            ..
        } = self;
        match departement {
            Some(code) => vec![departements.entry(code).or_default(), region],
            None => vec![without_departement, region],
        }
    }

    /// Adds `n` requests received in a group — (status, category, month
    /// `01`…`12`) — to its areas: its département's (or the one without)
    /// and the region's.
    pub(super) fn add_requests(
        &mut self,
        departement: Option<String>,
        (status, category, month): (&str, &str, &str),
        n: u64,
    ) {
        for (figures, details) in self.both(departement) {
            *figures
                .requests_by_status
                .entry(status.to_string())
                .or_default() += n;
            *details
                .requests_by_category
                .entry(category.to_string())
                .or_default() += n;
            figures.requests_received += n;
            if let Some(index) = month_index(month) {
                figures.received_by_month[index] += n;
            }
        }
    }

    /// Adds a group's workshops of one kind to its areas: its département's
    /// (or the one without) and the region's.
    pub(super) fn add_workshops(&mut self, departement: Option<String>, counted: &KindFigures) {
        for (figures, details) in self.both(departement) {
            figures.workshops += counted.workshops;
            figures.participants += counted.participants;
            figures.workshop_hours += counted.hours;
            let by_kind = &mut details.workshops_by_kind;
            match by_kind.iter_mut().find(|item| item.kind == counted.kind) {
                Some(item) => {
                    item.workshops += counted.workshops;
                    item.participants += counted.participants;
                    item.hours += counted.hours;
                }
                None => by_kind.push(counted.clone()),
            }
        }
    }
}

pub(super) fn month_index(month: &str) -> Option<usize> {
    match month.parse::<usize>() {
        Ok(index @ 1..=12) => Some(index - 1),
        _ => None,
    }
}

/// A stored number as SQLite's `sum` reads it: merged data is never
/// validated, so a text where a number belongs counts as its leading number, or 0.
fn lenient_number(row: &Row, index: usize) -> rusqlite::Result<f64> {
    Ok(match row.get_ref(index)? {
        ValueRef::Integer(n) => n as f64,
        ValueRef::Real(x) if x.is_finite() => x,
        ValueRef::Text(bytes) => std::str::from_utf8(bytes)
            .ok()
            .and_then(|t| t.trim().parse::<f64>().ok())
            .filter(|x| x.is_finite())
            .unwrap_or(0.0),
        _ => 0.0,
    })
}

/// A sum of counts as a count: never negative (hostile values are clamped).
pub(super) fn as_count(sum: f64) -> u64 {
    sum.max(0.0) as u64
}

/// Sums per group: count, and up to two summed columns.
#[derive(Clone, Copy, Debug, Default)]
struct Sums {
    rows: u64,
    first: f64,
    second: f64,
}

impl Sums {
    fn add(&mut self, other: Sums) {
        self.rows += other.rows;
        self.first += other.first;
        self.second += other.second;
    }

    fn one(first: f64, second: f64) -> Sums {
        Sums {
            rows: 1,
            first,
            second,
        }
    }
}

type Groups<K> = BTreeMap<K, Sums>;

impl Store {
    /// Streams the rows of a query and folds them into sums by the key
    /// `each` gives a row.
    fn fold<K: Ord>(
        &self,
        sql: &str,
        bound: &[&dyn ToSql],
        mut each: impl FnMut(&Row) -> rusqlite::Result<(K, Sums)>,
    ) -> Result<Groups<K>, StoreError> {
        let mut groups: Groups<K> = BTreeMap::new();
        self.each_row(sql, bound, |row| {
            let (key, sums) = each(row)?;
            groups.entry(key).or_default().add(sums);
            Ok(())
        })?;
        Ok(groups)
    }

    /// Runs a query and hands each row to `each`.
    pub(super) fn each_row(
        &self,
        sql: &str,
        bound: &[&dyn ToSql],
        mut each: impl FnMut(&Row) -> rusqlite::Result<()>,
    ) -> Result<(), StoreError> {
        let mut stmt = self.conn.prepare_cached(sql).map_err(StoreError::sqlite)?;
        let mut rows = stmt.query(bound).map_err(StoreError::sqlite)?;
        while let Some(row) = rows.next().map_err(StoreError::sqlite)? {
            each(row).map_err(StoreError::sqlite)?;
        }
        Ok(())
    }

    /// The figures of `year` for every département and the region,
    /// recounted from the kind tables (the kept counters of `stats_kept.rs`
    /// must give the same: `tests/suite/counters.rs` compares them).
    pub fn recount_year_figures(&self, year: i32) -> Result<YearFigures, StoreError> {
        let mut all = YearFigures::default();
        self.year_requests(year, &mut all)?;
        self.year_workshops(year, &mut all)?;
        self.year_hours(year, &mut all)?;
        self.year_deliverables(year, &mut all)?;
        self.year_organisations(year, &mut all)?;
        self.year_developers(&mut all)?;
        Ok(all)
    }

    /// Requests received (by status, category, month) and delivered.
    fn year_requests(&self, year: i32, all: &mut YearFigures) -> Result<(), StoreError> {
        let (start, end) = year_bounds(year);
        let bound: &[&dyn ToSql] = &[&start, &end];
        let groups = self.fold(
            "SELECT departement, status, category, substr(received_on, 6, 2) FROM request INDEXED BY request_year
             WHERE deleted IS NOT 1 AND received_on >= ?1 AND received_on < ?2",
            bound,
            |row| {
                let key: (Option<String>, String, String, String) =
                    (row.get(0)?, text(row, 1)?, text(row, 2)?, text(row, 3)?);
                Ok((key, Sums::one(0.0, 0.0)))
            },
        )?;
        for ((departement, status, category, month), sums) in groups {
            all.add_requests(departement, (&status, &category, &month), sums.rows);
        }
        self.each_row(
            "SELECT departement, CAST(julianday(delivered_on) - julianday(received_on) AS INTEGER) FROM request
             WHERE deleted IS NOT 1 AND status = 'delivered' AND delivered_on >= ?1 AND delivered_on < ?2
               AND received_on IS NOT NULL",
            bound,
            |row| {
                if let Some(days) = row.get::<_, Option<i64>>(1)? {
                    for (figures, _) in all.both(row.get(0)?) {
                        figures.delivery_days.push(days);
                        figures.requests_delivered += 1;
                    }
                }
                Ok(())
            },
        )
    }

    /// Workshops by kind (counted where their request is) and the
    /// participants' anonymous breakdown.
    fn year_workshops(&self, year: i32, all: &mut YearFigures) -> Result<(), StoreError> {
        let (start, end) = year_bounds(year);
        let bound: &[&dyn ToSql] = &[&start, &end];
        let groups = self.fold(
            "SELECT r.departement, w.kind, w.participants, w.duration
             FROM workshop w INDEXED BY workshop_year LEFT JOIN request r INDEXED BY request_area ON r.id = w.request
             WHERE w.deleted IS NOT 1 AND w.date >= ?1 AND w.date < ?2",
            bound,
            |row| {
                let key: (Option<String>, String) = (row.get(0)?, text(row, 1)?);
                let sums = Sums::one(lenient_number(row, 2)?, lenient_number(row, 3)?);
                Ok((key, sums))
            },
        )?;
        for ((departement, kind), sums) in groups {
            let (workshops, participants, hours) = (sums.rows, as_count(sums.first), sums.second);
            let counted = KindFigures {
                kind,
                workshops,
                participants,
                hours,
            };
            all.add_workshops(departement, &counted);
        }
        let areas = all.departements.values_mut();
        for (_, details) in areas.chain([&mut all.region, &mut all.without_departement]) {
            details
                .workshops_by_kind
                .sort_by(|a, b| b.workshops.cmp(&a.workshops).then(a.kind.cmp(&b.kind)));
        }
        // From the year's workshops, in rowid order (their record keys), to
        // their elements (keyed by it, so read in order), not the other way
        // round: `element` holds every set of every record.
        let groups = self.fold(
            "SELECT r.departement, e.element, CAST(e.value AS REAL)
             FROM workshop w NOT INDEXED LEFT JOIN request r INDEXED BY request_area ON r.id = w.request
             CROSS JOIN element e ON e.key = w.rowid AND e.name = 'breakdown'
             WHERE w.deleted IS NOT 1 AND w.date >= ?1 AND w.date < ?2",
            bound,
            |row| {
                let key: (Option<String>, String) = (row.get(0)?, text(row, 1)?);
                Ok((key, Sums::one(lenient_number(row, 2)?, 0.0)))
            },
        )?;
        for ((departement, group), sums) in groups {
            let n = as_count(sums.first);
            for (_, details) in all.both(departement) {
                *details
                    .participants_breakdown
                    .entry(group.clone())
                    .or_default() += n;
            }
        }
        Ok(())
    }

    /// Developer hours by month and active developers, by the developer's
    /// département. The year's entries are read from the listing's index:
    /// bounds of digits and hyphens compare NOCASE as BINARY (schema v26).
    fn year_hours(&self, year: i32, all: &mut YearFigures) -> Result<(), StoreError> {
        let (start, end) = year_bounds(year);
        let bound: &[&dyn ToSql] = &[&start, &end];
        let groups = self.fold(
            "SELECT d.departement, substr(t.date, 6, 2), t.hours
             FROM time_entry t INDEXED BY time_entry_by_label LEFT JOIN merged_alias_key a ON a.key = t.developer
             LEFT JOIN developer d ON d.rowid = iif(a.key IS NULL, t.developer, a.target_key)
             WHERE t.deleted IS NOT 1 AND t.date COLLATE NOCASE >= ?1 AND t.date COLLATE NOCASE < ?2",
            bound,
            |row| {
                let key: (Option<String>, String) = (row.get(0)?, text(row, 1)?);
                Ok((key, Sums::one(lenient_number(row, 2)?, 0.0)))
            },
        )?;
        for ((departement, month), sums) in groups {
            let hours = sums.first;
            *all.hours_by_departement
                .entry(departement.clone())
                .or_default() += hours;
            for (figures, details) in all.both(departement) {
                figures.developer_hours += hours;
                if let Some(index) = month_index(&month) {
                    details.hours_by_month[index] += hours;
                }
            }
        }
        // A developer has one département, so the region is the sum; one
        // index probe per developer instead of a distinct over the year's
        // hours. Hours logged under a record merged into the developer count
        // for them (`merged_alias`).
        let groups = self.fold(
            "SELECT d.departement FROM developer d WHERE d.deleted IS NOT 1 AND (EXISTS (
                 SELECT 1 FROM time_entry t INDEXED BY time_by_developer_date
                 WHERE t.developer = d.rowid AND t.date >= ?1 AND t.date < ?2 AND t.deleted IS NOT 1)
               OR EXISTS (SELECT 1 FROM merged_alias_key a JOIN time_entry t INDEXED BY time_by_developer_date ON t.developer = a.key
                 WHERE a.target = d.id AND t.date >= ?1 AND t.date < ?2 AND t.deleted IS NOT 1))",
            bound,
            |row| Ok((row.get::<_, Option<String>>(0)?, Sums::one(0.0, 0.0))),
        )?;
        for (departement, sums) in groups {
            for (figures, _) in all.both(departement) {
                figures.active_developers += sums.rows;
            }
        }
        Ok(())
    }

    /// Deliverables published in the year, by kind and by licence.
    fn year_deliverables(&self, year: i32, all: &mut YearFigures) -> Result<(), StoreError> {
        let (start, end) = year_bounds(year);
        let bound: &[&dyn ToSql] = &[&start, &end];
        let groups = self.fold(
            "SELECT r.departement, v.kind, v.licence
             FROM deliverable v INDEXED BY deliverable_by_published LEFT JOIN request r INDEXED BY request_area ON r.id = v.request
             WHERE v.deleted IS NOT 1 AND v.published_on >= ?1 AND v.published_on < ?2",
            bound,
            |row| {
                let key: (Option<String>, String, String) =
                    (row.get(0)?, text(row, 1)?, text(row, 2)?);
                Ok((key, Sums::one(0.0, 0.0)))
            },
        )?;
        for ((departement, kind, licence), sums) in groups {
            for (figures, _) in all.both(departement) {
                *figures
                    .deliverables_by_kind
                    .entry(kind.clone())
                    .or_default() += sums.rows;
                *figures
                    .deliverables_by_licence
                    .entry(licence.clone())
                    .or_default() += sums.rows;
            }
        }
        Ok(())
    }

    /// Organisations served (distinct), and by kind (live ones). The year's
    /// requests come in the order of the organisation they stand for
    /// (through merges: `merged_alias`), so an organisation's requests are
    /// consecutive: it is counted once when its run ends, without a set of
    /// every organisation seen.
    fn year_organisations(&self, year: i32, all: &mut YearFigures) -> Result<(), StoreError> {
        let (start, end) = year_bounds(year);
        let bound: &[&dyn ToSql] = &[&start, &end];
        let mut runs = OrganisationRuns::default();
        self.each_row(
            "SELECT coalesce(a.target, r.organisation), r.departement, o.id IS NOT NULL AND o.deleted IS NOT 1, o.kind
             FROM request r INDEXED BY request_by_organisation
             LEFT JOIN merged_alias a ON a.id = r.organisation
             LEFT JOIN org o INDEXED BY org_area ON o.id = coalesce(a.target, r.organisation)
             WHERE r.organisation IS NOT NULL AND r.received_on >= ?1 AND r.received_on < ?2 AND r.deleted IS NOT 1
             ORDER BY 1",
            bound,
            |row| runs.add(row, row.get(1)?, all),
        )?;
        runs.finish(all);
        Ok(())
    }

    /// Skills and availability: a present-day picture, whatever the year.
    fn year_developers(&self, all: &mut YearFigures) -> Result<(), StoreError> {
        let skills = self.fold(
            "SELECT d.departement, e.element FROM element e JOIN developer d ON d.rowid = e.key
             WHERE e.name = 'skill' AND d.deleted IS NOT 1",
            &[],
            |row| {
                let key: (Option<String>, String) = (row.get(0)?, text(row, 1)?);
                Ok((key, Sums::one(0.0, 0.0)))
            },
        )?;
        for ((departement, skill), sums) in skills {
            for (figures, _) in all.both(departement) {
                *figures
                    .developers_by_skill
                    .entry(skill.clone())
                    .or_default() += sums.rows;
            }
        }
        let availability = self.fold(
            "SELECT departement, availability FROM developer WHERE deleted IS NOT 1",
            &[],
            |row| {
                let key: Option<String> = row.get(0)?;
                Ok((key, Sums::one(lenient_number(row, 1)?, 0.0)))
            },
        )?;
        for (departement, sums) in availability {
            for (_, details) in all.both(departement) {
                details.availability_per_month += sums.first;
            }
        }
        Ok(())
    }
}
