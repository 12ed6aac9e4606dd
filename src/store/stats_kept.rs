//! The year's figures read from the counters kept by triggers (schema v14,
//! `schema_v14_counters.sql`): a few hundred rows at most, whatever the
//! number of records, instead of a pass over the year's records. The rows
//! are read in the order of the recount's groups (`stats_year.rs`) and added
//! up by the same code, so both give the same figures; sums are kept in
//! millionths (exact when added and removed again) and read back as floats.

use super::stats_orgs::OrganisationRuns;
use super::stats_report::text;
use super::stats_year::{as_count, month_index};
use super::{KindFigures, Store, StoreError, YearFigures};
use rusqlite::{Row, ToSql};

/// Whether an organisation served in the year (`?1`) was merged into
/// another: one look-up per merged record (`CROSS JOIN` keeps the merges
/// outside: the planner would otherwise walk the year's pairs).
const ANY_ORGANISATION_MERGED: &str = "SELECT EXISTS (SELECT 1 FROM merged_link l
     CROSS JOIN fig_org_year f ON f.year = ?1 AND f.organisation = l.id AND f.n <> 0)";

/// The year's (organisation, département) pairs by organisation, each
/// organisation read through merges, with its liveness and kind.
const ORGANISATIONS_THROUGH_MERGES: &str = "SELECT coalesce(a.target, f.organisation), f.dep,
         o.id IS NOT NULL AND o.deleted IS NOT 1, o.kind
     FROM fig_org_year f LEFT JOIN merged_alias a ON a.id = f.organisation
     LEFT JOIN org o INDEXED BY org_area ON o.id = coalesce(a.target, f.organisation)
     WHERE f.year = ?1 AND f.n <> 0 ORDER BY 1";

/// The same when no organisation of the year was merged: in the kept
/// table's key order, so no sort.
const ORGANISATIONS_AS_KEPT: &str = "SELECT f.organisation, f.dep,
         o.id IS NOT NULL AND o.deleted IS NOT 1, o.kind
     FROM fig_org_year f LEFT JOIN org o INDEXED BY org_area ON o.id = f.organisation
     WHERE f.year = ?1 AND f.n <> 0 ORDER BY f.organisation, f.dep";

/// Kept sums are in millionths of the stored number.
const MICRO: f64 = 1_000_000.0;

/// The counters' key of a year (the years whose range of dates
/// `YYYY-01-01 ≤ date < YYYY+1-01-01` is four digits wide).
fn year_key(year: i32) -> Option<i64> {
    (0..=9998).contains(&year).then_some(i64::from(year))
}

/// A kept département key: '' for none, '=' and the code otherwise.
fn departement(row: &Row, index: usize) -> rusqlite::Result<Option<String>> {
    let key = text(row, index)?;
    Ok(key.strip_prefix('=').map(str::to_string))
}

/// A kept count (never negative: a count below zero would be a bug that
/// `check` reports, not a figure).
fn count(row: &Row, index: usize) -> rusqlite::Result<u64> {
    Ok(u64::try_from(row.get::<_, i64>(index)?).unwrap_or(0))
}

/// A kept sum, back in the stored unit.
fn sum(row: &Row, index: usize) -> rusqlite::Result<f64> {
    Ok(row.get::<_, f64>(index)? / MICRO)
}

/// The year's value of a date as the counters key it (schema v14): the year
/// whose range holds the stored text, so that a correction lands on the
/// very row the trigger wrote.
const TIME_YEAR: &str = "(CASE WHEN t.date GLOB '[0-9][0-9][0-9][0-9]*' THEN CAST(substr(t.date, 1, 4) AS INTEGER) - (t.date < substr(t.date, 1, 4) || '-01-01') WHEN t.date GLOB '[0-9][0-9][0-9]*' THEN CAST(substr(t.date, 1, 3) AS INTEGER) * 10 + (CASE WHEN substr(t.date, 4, 1) > '9' THEN 9 ELSE -1 END) WHEN t.date GLOB '[0-9][0-9]*' THEN CAST(substr(t.date, 1, 2) AS INTEGER) * 100 + (CASE WHEN substr(t.date, 3, 1) > '9' THEN 99 ELSE -1 END) WHEN t.date GLOB '[0-9]*' THEN CAST(substr(t.date, 1, 1) AS INTEGER) * 1000 + (CASE WHEN substr(t.date, 2, 1) > '9' THEN 999 ELSE -1 END) END)";

/// A time entry's hours in millionths, as the counters add them.
const TIME_MICRO_HOURS: &str = "CAST(round((CASE typeof(t.hours) WHEN 'integer' THEN t.hours WHEN 'real' THEN (CASE WHEN abs(t.hours) <= 1.7976931348623157e308 THEN t.hours ELSE 0.0 END) ELSE 0.0 END) * 1000000.0) AS INTEGER)";

/// The kept hours of year `?1` by (département, month), with the entries
/// that name a merged developer moved from the tombstone's département
/// (where the triggers counted them: `fig_hours` has no developer column)
/// to the département of the record the merge leads to. Only those entries
/// are read (merges are rare: `merged_alias` is empty or tiny), in integer
/// millionths, so the total is exactly unchanged; a group whose count falls
/// to zero is left out, as the counters' zero rows are.
fn kept_hours_followed() -> String {
    format!(
        "WITH moved AS (
             SELECT (CASE WHEN o.departement IS NULL THEN '' ELSE '=' || o.departement END) AS source,
                    (CASE WHEN k.departement IS NULL THEN '' ELSE '=' || k.departement END) AS dest,
                    substr(t.date, 6, 2) AS month, {TIME_MICRO_HOURS} AS hours
             FROM merged_alias_key a JOIN time_entry t INDEXED BY time_by_developer_date ON t.developer = a.key
             LEFT JOIN developer o ON o.rowid = a.key LEFT JOIN developer k ON k.id = a.target
             WHERE t.deleted IS NOT 1 AND {TIME_YEAR} = ?1)
         SELECT dep, month, sum(hours) FROM (
             SELECT dep, month, n, hours FROM fig_hours WHERE year = ?1
             UNION ALL SELECT source, month, -1, -hours FROM moved
             UNION ALL SELECT dest, month, 1, hours FROM moved)
         GROUP BY dep, month HAVING sum(n) <> 0 ORDER BY dep, month"
    )
}

impl Store {
    /// The figures of `year` for every département and the region, from
    /// the kept counters.
    pub fn year_figures(&self, year: i32) -> Result<YearFigures, StoreError> {
        let mut all = YearFigures::default();
        let Some(key) = year_key(year) else {
            return Ok(all);
        };
        let bound: &[&dyn ToSql] = &[&key];
        self.kept_requests(bound, &mut all)?;
        self.kept_workshops(bound, &mut all)?;
        self.kept_hours(bound, &mut all)?;
        self.kept_deliverables(bound, &mut all)?;
        self.kept_organisations(bound, &mut all)?;
        self.kept_developers(&mut all)?;
        Ok(all)
    }

    fn kept_requests(&self, bound: &[&dyn ToSql], all: &mut YearFigures) -> Result<(), StoreError> {
        self.each_row(
            "SELECT dep, status, category, month, n FROM fig_received
             WHERE year = ?1 AND n <> 0 ORDER BY dep, status, category, month",
            bound,
            |row| {
                let (status, category, month) = (text(row, 1)?, text(row, 2)?, text(row, 3)?);
                let n = count(row, 4)?;
                all.add_requests(departement(row, 0)?, (&status, &category, &month), n);
                Ok(())
            },
        )?;
        self.each_row(
            "SELECT dep, days, n FROM fig_delivered WHERE year = ?1 AND n <> 0 ORDER BY dep, days",
            bound,
            |row| {
                let (days, n) = (row.get::<_, i64>(1)?, count(row, 2)?);
                for (figures, _) in all.both(departement(row, 0)?) {
                    // The median needs every day count: a few hundred
                    // distinct values, repeated.
                    let times = usize::try_from(n).unwrap_or(0);
                    figures
                        .delivery_days
                        .extend(std::iter::repeat_n(days, times));
                    figures.requests_delivered += n;
                }
                Ok(())
            },
        )
    }

    fn kept_workshops(
        &self,
        bound: &[&dyn ToSql],
        all: &mut YearFigures,
    ) -> Result<(), StoreError> {
        self.each_row(
            "SELECT dep, kind, n, participants, hours FROM fig_workshop
             WHERE year = ?1 AND n <> 0 ORDER BY dep, kind",
            bound,
            |row| {
                let kind = text(row, 1)?;
                let workshops = count(row, 2)?;
                let (participants, hours) = (as_count(sum(row, 3)?), sum(row, 4)?);
                let counted = KindFigures {
                    kind,
                    workshops,
                    participants,
                    hours,
                };
                all.add_workshops(departement(row, 0)?, &counted);
                Ok(())
            },
        )?;
        let areas = all.departements.values_mut();
        for (_, details) in areas.chain([&mut all.region, &mut all.without_departement]) {
            details
                .workshops_by_kind
                .sort_by(|a, b| b.workshops.cmp(&a.workshops).then(a.kind.cmp(&b.kind)));
        }
        self.each_row(
            "SELECT dep, grp, amount FROM fig_breakdown WHERE year = ?1 AND n <> 0 ORDER BY dep, grp",
            bound,
            |row| {
                let (group, n) = (text(row, 1)?, as_count(sum(row, 2)?));
                for (_, details) in all.both(departement(row, 0)?) {
                    *details
                        .participants_breakdown
                        .entry(group.clone())
                        .or_default() += n;
                }
                Ok(())
            },
        )
    }

    fn kept_hours(&self, bound: &[&dyn ToSql], all: &mut YearFigures) -> Result<(), StoreError> {
        self.each_row(&kept_hours_followed(), bound, |row| {
            let (code, month, hours) = (departement(row, 0)?, text(row, 1)?, sum(row, 2)?);
            *all.hours_by_departement.entry(code.clone()).or_default() += hours;
            for (figures, details) in all.both(code) {
                figures.developer_hours += hours;
                if let Some(index) = month_index(&month) {
                    details.hours_by_month[index] += hours;
                }
            }
            Ok(())
        })?;
        // Who is active is kept per developer; their département and
        // whether they are live are read now (a few thousand rows at most),
        // through merges: a developer active under two names counts once,
        // in the kept record's département.
        self.each_row(
            "SELECT d.departement, count(DISTINCT d.id) FROM fig_dev_active f
             LEFT JOIN merged_alias a ON a.id = f.developer
             JOIN developer d ON d.id = coalesce(a.target, f.developer)
             WHERE f.year = ?1 AND f.n <> 0 AND d.deleted IS NOT 1 GROUP BY d.departement ORDER BY d.departement",
            bound,
            |row| {
                let n = count(row, 1)?;
                for (figures, _) in all.both(row.get(0)?) {
                    figures.active_developers += n;
                }
                Ok(())
            },
        )
    }

    fn kept_deliverables(
        &self,
        bound: &[&dyn ToSql],
        all: &mut YearFigures,
    ) -> Result<(), StoreError> {
        self.each_row(
            "SELECT dep, kind, licence, n FROM fig_deliverable
             WHERE year = ?1 AND n <> 0 ORDER BY dep, kind, licence",
            bound,
            |row| {
                let (kind, licence, n) = (text(row, 1)?, text(row, 2)?, count(row, 3)?);
                for (figures, _) in all.both(departement(row, 0)?) {
                    *figures
                        .deliverables_by_kind
                        .entry(kind.clone())
                        .or_default() += n;
                    *figures
                        .deliverables_by_licence
                        .entry(licence.clone())
                        .or_default() += n;
                }
                Ok(())
            },
        )
    }

    /// Organisations served: the kept (organisation, département) pairs of
    /// the year, each organisation read through merges (`merged_alias`: an
    /// organisation served under two names is one run, the kept one's), in
    /// that order, joined to the organisation for its kind and whether it is
    /// live (which change without a request changing). When none of the
    /// year's organisations was merged (the usual case: merges are rare), the
    /// pairs are read in their key's order with no walk of the merges and no
    /// sort (26 k pairs at demo scale 100,000: the year figures 26 -> 21 ms).
    fn kept_organisations(
        &self,
        bound: &[&dyn ToSql],
        all: &mut YearFigures,
    ) -> Result<(), StoreError> {
        let merged: bool = self
            .conn
            .prepare_cached(ANY_ORGANISATION_MERGED)
            .and_then(|mut stmt| stmt.query_row(bound, |row| row.get(0)))
            .map_err(StoreError::sqlite)?;
        let sql = match merged {
            true => ORGANISATIONS_THROUGH_MERGES,
            false => ORGANISATIONS_AS_KEPT,
        };
        let mut runs = OrganisationRuns::default();
        self.each_row(sql, bound, |row| runs.add(row, departement(row, 1)?, all))?;
        runs.finish(all);
        Ok(())
    }

    /// Skills and availability of the live developers, whatever the year.
    fn kept_developers(&self, all: &mut YearFigures) -> Result<(), StoreError> {
        self.each_row(
            "SELECT dep, skill, n FROM fig_skill WHERE n <> 0 ORDER BY dep, skill",
            &[],
            |row| {
                let (skill, n) = (text(row, 1)?, count(row, 2)?);
                for (figures, _) in all.both(departement(row, 0)?) {
                    *figures
                        .developers_by_skill
                        .entry(skill.clone())
                        .or_default() += n;
                }
                Ok(())
            },
        )?;
        self.each_row(
            "SELECT dep, amount FROM fig_availability WHERE n <> 0 ORDER BY dep",
            &[],
            |row| {
                let amount = sum(row, 1)?;
                for (_, details) in all.both(departement(row, 0)?) {
                    details.availability_per_month += amount;
                }
                Ok(())
            },
        )
    }
}
