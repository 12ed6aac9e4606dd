//! The year's figures of every département and of the region at once: each
//! aggregate is one pass over the year's index range grouped by département
//! (instead of one pass per area), and the region is the sum of the groups,
//! those without a département included. Counts of distinct things that a
//! sum would count twice (organisations served by several départements) are
//! counted by hash. The yearly report reads this; the dashboard, which shows
//! one area, keeps `area_figures`.

use super::stats::year_bounds;
use super::stats_report::{count, number, text};
use super::{AreaDetails, AreaFigures, KindFigures, Store, StoreError};
use rusqlite::{Row, params};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::hash::{DefaultHasher, Hash, Hasher};

/// The figures of one area: the dashboard's and the report's own.
pub type AreaYear = (AreaFigures, AreaDetails);

/// Every département's figures of a year, and the region's.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct YearFigures {
    pub departements: BTreeMap<String, AreaYear>,
    pub region: AreaYear,
}

impl YearFigures {
    /// A département's figures (empty when it has none).
    pub fn area(&self, departement: Option<&str>) -> AreaYear {
        match departement {
            None => self.region.clone(),
            Some(code) => self.departements.get(code).cloned().unwrap_or_default(),
        }
    }

    /// The figures a row adds to: its département's (if any) and the region's.
    fn both(&mut self, departement: Option<String>) -> Vec<&mut AreaYear> {
        let YearFigures {
            departements,
            region,
        } = self;
        match departement {
            Some(code) => vec![departements.entry(code).or_default(), region],
            None => vec![region],
        }
    }
}

fn month_index(month: &str) -> Option<usize> {
    match month.parse::<usize>() {
        Ok(index @ 1..=12) => Some(index - 1),
        _ => None,
    }
}

fn hash_of(value: &str) -> u64 {
    let mut hasher = DefaultHasher::new();
    value.hash(&mut hasher);
    hasher.finish()
}

impl Store {
    /// Runs a query bound to the year's bounds and hands each row to `each`.
    fn each_row(
        &self,
        sql: &str,
        year: i32,
        mut each: impl FnMut(&Row) -> rusqlite::Result<()>,
    ) -> Result<(), StoreError> {
        let (start, end) = year_bounds(year);
        let mut stmt = self.conn.prepare_cached(sql).map_err(StoreError::sqlite)?;
        let mut rows = stmt
            .query(params![start, end])
            .map_err(StoreError::sqlite)?;
        while let Some(row) = rows.next().map_err(StoreError::sqlite)? {
            each(row).map_err(StoreError::sqlite)?;
        }
        Ok(())
    }

    /// The figures of `year` for every département and the region.
    pub fn year_figures(&self, year: i32) -> Result<YearFigures, StoreError> {
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
        self.each_row(
            "SELECT departement, status, category, substr(received_on, 6, 2), count(*) FROM request
             WHERE deleted IS NOT 1 AND received_on >= ?1 AND received_on < ?2 GROUP BY 1, 2, 3, 4",
            year,
            |row| {
                let (status, category, month) = (text(row, 1)?, text(row, 2)?, text(row, 3)?);
                let n = count(row, 4)?;
                for (figures, details) in all.both(row.get(0)?) {
                    *figures
                        .requests_by_status
                        .entry(status.clone())
                        .or_default() += n;
                    *details
                        .requests_by_category
                        .entry(category.clone())
                        .or_default() += n;
                    figures.requests_received += n;
                    if let Some(index) = month_index(&month) {
                        figures.received_by_month[index] += n;
                    }
                }
                Ok(())
            },
        )?;
        self.each_row(
            "SELECT departement, CAST(julianday(delivered_on) - julianday(received_on) AS INTEGER) FROM request
             WHERE deleted IS NOT 1 AND status = 'delivered' AND delivered_on >= ?1 AND delivered_on < ?2
               AND received_on IS NOT NULL",
            year,
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
        self.each_row(
            "SELECT r.departement, w.kind, count(*), sum(w.participants), sum(w.duration)
             FROM workshop w LEFT JOIN request r ON r.id = w.request
             WHERE w.deleted IS NOT 1 AND w.date >= ?1 AND w.date < ?2 GROUP BY 1, 2",
            year,
            |row| {
                let kind = text(row, 1)?;
                let (workshops, participants, hours) =
                    (count(row, 2)?, count(row, 3)?, number(row, 4)?);
                for (figures, details) in all.both(row.get(0)?) {
                    figures.workshops += workshops;
                    figures.participants += participants;
                    figures.workshop_hours += hours;
                    match details
                        .workshops_by_kind
                        .iter_mut()
                        .find(|k| k.kind == kind)
                    {
                        Some(item) => {
                            item.workshops += workshops;
                            item.participants += participants;
                            item.hours += hours;
                        }
                        None => details.workshops_by_kind.push(KindFigures {
                            kind: kind.clone(),
                            workshops,
                            participants,
                            hours,
                        }),
                    }
                }
                Ok(())
            },
        )?;
        for (_, details) in all.departements.values_mut().chain([&mut all.region]) {
            details
                .workshops_by_kind
                .sort_by(|a, b| b.workshops.cmp(&a.workshops).then(a.kind.cmp(&b.kind)));
        }
        // From the year's workshops to their elements (primary key), not the
        // other way round: `element` holds every set of every record.
        self.each_row(
            "SELECT r.departement, e.element, sum(CAST(e.value AS REAL))
             FROM workshop w LEFT JOIN request r ON r.id = w.request
             CROSS JOIN element e ON e.record = w.id AND e.name = 'breakdown'
             WHERE w.deleted IS NOT 1 AND w.date >= ?1 AND w.date < ?2 GROUP BY 1, 2",
            year,
            |row| {
                let (group, n) = (text(row, 1)?, count(row, 2)?);
                for (_, details) in all.both(row.get(0)?) {
                    *details
                        .participants_breakdown
                        .entry(group.clone())
                        .or_default() += n;
                }
                Ok(())
            },
        )
    }

    /// Developer hours by month and active developers, by the developer's département.
    fn year_hours(&self, year: i32, all: &mut YearFigures) -> Result<(), StoreError> {
        self.each_row(
            "SELECT d.departement, substr(t.date, 6, 2), sum(t.hours) FROM time_entry t
             LEFT JOIN developer d ON d.id = t.developer
             WHERE t.deleted IS NOT 1 AND t.date >= ?1 AND t.date < ?2 GROUP BY 1, 2",
            year,
            |row| {
                let (month, hours) = (text(row, 1)?, number(row, 2)?);
                for (figures, details) in all.both(row.get(0)?) {
                    figures.developer_hours += hours;
                    if let Some(index) = month_index(&month) {
                        details.hours_by_month[index] += hours;
                    }
                }
                Ok(())
            },
        )?;
        // A developer has one département, so the region is the sum.
        self.each_row(
            "SELECT d.departement, count(DISTINCT t.developer) FROM time_entry t JOIN developer d ON d.id = t.developer
             WHERE t.deleted IS NOT 1 AND d.deleted IS NOT 1 AND t.date >= ?1 AND t.date < ?2 GROUP BY 1",
            year,
            |row| {
                let n = count(row, 1)?;
                for (figures, _) in all.both(row.get(0)?) {
                    figures.active_developers += n;
                }
                Ok(())
            },
        )
    }

    /// Deliverables published in the year, by kind and by licence.
    fn year_deliverables(&self, year: i32, all: &mut YearFigures) -> Result<(), StoreError> {
        self.each_row(
            "SELECT r.departement, v.kind, v.licence, count(*) FROM deliverable v LEFT JOIN request r ON r.id = v.request
             WHERE v.deleted IS NOT 1 AND v.published_on >= ?1 AND v.published_on < ?2 GROUP BY 1, 2, 3",
            year,
            |row| {
                let (kind, licence, n) = (text(row, 1)?, text(row, 2)?, count(row, 3)?);
                for (figures, _) in all.both(row.get(0)?) {
                    *figures.deliverables_by_kind.entry(kind.clone()).or_default() += n;
                    *figures
                        .deliverables_by_licence
                        .entry(licence.clone())
                        .or_default() += n;
                }
                Ok(())
            },
        )
    }

    /// Organisations served (distinct), and by kind (live ones).
    fn year_organisations(&self, year: i32, all: &mut YearFigures) -> Result<(), StoreError> {
        // The region counts an organisation once, even when it asked in two
        // départements: its id's hash is remembered (8 bytes, not the id).
        let mut served: HashSet<u64> = HashSet::new();
        let mut by_kind: HashMap<u64, String> = HashMap::new();
        self.each_row(
            "SELECT DISTINCT r.departement, r.organisation, o.id IS NOT NULL AND o.deleted IS NOT 1, o.kind
             FROM request r LEFT JOIN org o ON o.id = r.organisation
             WHERE r.deleted IS NOT 1 AND r.received_on >= ?1 AND r.received_on < ?2 AND r.organisation IS NOT NULL",
            year,
            |row| {
                let departement: Option<String> = row.get(0)?;
                let organisation = text(row, 1)?;
                let live = row.get::<_, Option<bool>>(2)?.unwrap_or(false);
                let kind = text(row, 3)?;
                let hash = hash_of(&organisation);
                served.insert(hash);
                if live {
                    by_kind.insert(hash, kind.clone());
                }
                if let Some(code) = departement {
                    let (figures, details) = all.departements.entry(code).or_default();
                    details.organisations_served += 1;
                    if live {
                        *figures.organisations_by_kind.entry(kind).or_default() += 1;
                    }
                }
                Ok(())
            },
        )?;
        let (figures, details) = &mut all.region;
        details.organisations_served = served.len() as u64;
        for kind in by_kind.into_values() {
            *figures.organisations_by_kind.entry(kind).or_default() += 1;
        }
        Ok(())
    }

    /// Skills and availability: a present-day picture, whatever the year.
    fn year_developers(&self, all: &mut YearFigures) -> Result<(), StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT d.departement, e.element, count(*) FROM element e JOIN developer d ON d.id = e.record
                 WHERE e.name = 'skill' AND d.deleted IS NOT 1 GROUP BY 1, 2",
            )
            .map_err(StoreError::sqlite)?;
        let mut rows = stmt.query([]).map_err(StoreError::sqlite)?;
        while let Some(row) = rows.next().map_err(StoreError::sqlite)? {
            let departement: Option<String> = row.get(0).map_err(StoreError::sqlite)?;
            let skill = text(row, 1).map_err(StoreError::sqlite)?;
            let n = count(row, 2).map_err(StoreError::sqlite)?;
            for (figures, _) in all.both(departement) {
                *figures
                    .developers_by_skill
                    .entry(skill.clone())
                    .or_default() += n;
            }
        }
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT departement, sum(availability) FROM developer WHERE deleted IS NOT 1 GROUP BY 1",
            )
            .map_err(StoreError::sqlite)?;
        let mut rows = stmt.query([]).map_err(StoreError::sqlite)?;
        while let Some(row) = rows.next().map_err(StoreError::sqlite)? {
            let departement: Option<String> = row.get(0).map_err(StoreError::sqlite)?;
            let hours = number(row, 1).map_err(StoreError::sqlite)?;
            for (_, details) in all.both(departement) {
                details.availability_per_month += hours;
            }
        }
        Ok(())
    }
}
