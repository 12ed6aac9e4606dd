//! Aggregates for indicators and the dashboard, computed in SQLite (never by
//! loading every row). Dates are stored `YYYY-MM-DD`, so a year is a prefix.

use super::{Store, StoreError};
use crate::domain::Kind;
use rusqlite::params;
use std::collections::BTreeMap;

/// Figures of one département (or of the whole region, `departement = None`).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct AreaFigures {
    /// Requests received in the year, by current status.
    pub requests_by_status: BTreeMap<String, u64>,
    pub requests_received: u64,
    pub requests_delivered: u64,
    /// Days from reception to delivery of the requests delivered in the year.
    pub delivery_days: Vec<i64>,
    pub workshops: u64,
    pub participants: u64,
    pub workshop_hours: f64,
    pub developer_hours: f64,
    pub deliverables_by_kind: BTreeMap<String, u64>,
    pub deliverables_by_licence: BTreeMap<String, u64>,
    pub organisations_by_kind: BTreeMap<String, u64>,
    pub active_developers: u64,
    pub developers_by_skill: BTreeMap<String, u64>,
    /// Requests received per month (index 0 = January).
    pub received_by_month: [u64; 12],
}

/// One cell of the skills map: a département and a skill.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SkillCell {
    pub departement: String,
    pub skill: String,
    /// Developers of the département with the skill and some availability.
    pub available_developers: u64,
    /// Open requests of the département asking for the skill.
    pub open_requests_wanting: u64,
}

/// A merged fact that deserves a person's look.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReviewItem {
    /// `dangling_reference` or `duplicate_siret`.
    pub reason: &'static str,
    pub kind: &'static str,
    pub record: String,
    /// The field whose reference dangles (`None` for a shared SIRET): a
    /// schema name, which the screens put into words.
    pub field: Option<&'static str>,
    /// The record the reference names and no live record is, or the SIRET
    /// shared, as stored.
    pub detail: String,
}

/// The first day of `year` and of the next one, as stored dates compare:
/// `date >= start AND date < end` can use an index, `LIKE 'YYYY-%'` cannot.
pub(super) fn year_bounds(year: i32) -> (String, String) {
    (format!("{year:04}-01-01"), format!("{:04}-01-01", year + 1))
}

impl Store {
    /// Départements × skills: available developers and open requests asking
    /// for the skill (a cell with requests but no developer is a gap).
    pub fn skills_map(&self) -> Result<Vec<SkillCell>, StoreError> {
        let mut cells: BTreeMap<(String, String), SkillCell> = BTreeMap::new();
        let available = self.departement_skill_counts(
            "SELECT d.departement, e.element, count(*) FROM element e JOIN developer d ON d.rowid = e.key
             WHERE e.name = 'skill' AND d.deleted IS NOT 1 AND d.departement IS NOT NULL
               AND coalesce(d.availability, 0) > 0
             GROUP BY d.departement, e.element",
        )?;
        let wanted = self.departement_skill_counts(
            "SELECT r.departement, e.element, count(*) FROM element e JOIN request r ON r.rowid = e.key
             WHERE e.name = 'skill' AND r.deleted IS NOT 1 AND r.departement IS NOT NULL
               AND coalesce(r.status, 'new') NOT IN ('delivered', 'abandoned')
             GROUP BY r.departement, e.element",
        )?;
        fn cell(
            cells: &mut BTreeMap<(String, String), SkillCell>,
            departement: String,
            skill: String,
        ) -> &mut SkillCell {
            cells
                .entry((departement.clone(), skill.clone()))
                .or_insert_with(|| SkillCell {
                    departement,
                    skill,
                    ..SkillCell::default()
                })
        }
        for (departement, skill, count) in available {
            cell(&mut cells, departement, skill).available_developers = count;
        }
        for (departement, skill, count) in wanted {
            cell(&mut cells, departement, skill).open_requests_wanting = count;
        }
        Ok(cells.into_values().collect())
    }

    /// Rows of (département, skill, count) from a grouped query.
    fn departement_skill_counts(
        &self,
        sql: &str,
    ) -> Result<Vec<(String, String, u64)>, StoreError> {
        let mut stmt = self.conn.prepare_cached(sql).map_err(StoreError::sqlite)?;
        let rows = stmt
            .query_map([], |row| {
                Ok((
                    row.get::<_, String>(0)?,
                    row.get::<_, String>(1)?,
                    row.get::<_, i64>(2)? as u64,
                ))
            })
            .map_err(StoreError::sqlite)?;
        rows.collect::<Result<_, _>>().map_err(StoreError::sqlite)
    }

    /// Départements that have at least one live request, sorted.
    pub fn request_departements(&self) -> Result<Vec<String>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT DISTINCT departement FROM request WHERE deleted IS NOT 1 AND departement IS NOT NULL ORDER BY 1",
            )
            .map_err(StoreError::sqlite)?;
        stmt.query_map([], |row| row.get(0))
            .map_err(StoreError::sqlite)?
            .collect::<Result<_, _>>()
            .map_err(StoreError::sqlite)
    }

    /// Budget lines of a year (euros), if any were recorded.
    pub fn budget_for_year(&self, year: i32) -> Result<Option<f64>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT sum(amount) FROM budget_line WHERE deleted IS NOT 1 AND year = ?1",
            )
            .map_err(StoreError::sqlite)?;
        stmt.query_row([year], |row| row.get::<_, Option<f64>>(0))
            .map_err(StoreError::sqlite)
    }

    /// Merged facts worth a look: references to records that have not
    /// arrived (or were deleted, unless merged into a live record), and
    /// organisations sharing a SIRET. Read
    /// from the tables the triggers of schema v14 keep current
    /// (`review_dangling`, `siret_count`): the cost follows the items, not
    /// the records.
    pub fn review_items(&self, limit: usize) -> Result<Vec<ReviewItem>, StoreError> {
        let mut items = Vec::new();
        for (kind, column, target) in DANGLING {
            let table = kind.table();
            let sql = format!(
                "SELECT record, missing FROM review_dangling WHERE source = ?1 AND col = ?2
                   AND missing NOT IN ({}) ORDER BY record LIMIT ?3",
                merged_into_live(target)
            );
            let mut stmt = self.conn.prepare_cached(&sql).map_err(StoreError::sqlite)?;
            let rows = stmt
                .query_map(params![table, column, limit as i64], |row| {
                    Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?))
                })
                .map_err(StoreError::sqlite)?;
            for row in rows {
                let (record, missing) = row.map_err(StoreError::sqlite)?;
                items.push(dangling(kind.name(), column, record, missing));
            }
        }
        // Only when a SIRET is shared (the partial index answers at once)
        // are the organisations read.
        let shared: bool = self
            .conn
            .query_row(
                "SELECT EXISTS (SELECT 1 FROM siret_count INDEXED BY siret_shared WHERE n > 1)",
                [],
                |row| row.get(0),
            )
            .map_err(StoreError::sqlite)?;
        if shared {
            self.duplicate_sirets(
                "SELECT o.id, o.siret FROM org o WHERE o.deleted IS NOT 1
                   AND o.siret IN (SELECT siret FROM siret_count INDEXED BY siret_shared WHERE n > 1)
                 ORDER BY o.siret, o.id LIMIT ?1",
                limit,
                &mut items,
            )?;
        }
        items.truncate(limit);
        Ok(items)
    }

    /// The review items recounted from the kind tables (what `review_items`
    /// reads must be the same set: `tests/suite/counters.rs`).
    pub fn recount_review_items(&self, limit: usize) -> Result<Vec<ReviewItem>, StoreError> {
        let mut items = Vec::new();
        for (kind, column, target) in DANGLING {
            let table = kind.table();
            let sql = match super::sql::keyed(kind, column) {
                true => dangling_keys(table, column, target),
                false => dangling_ids(table, column, target),
            };
            let mut stmt = self.conn.prepare_cached(&sql).map_err(StoreError::sqlite)?;
            let rows = stmt
                .query_map([limit as i64], |row| {
                    let missing = super::codec::record_text(row.get_ref(1)?)?;
                    Ok((row.get::<_, String>(0)?, missing))
                })
                .map_err(StoreError::sqlite)?;
            for row in rows {
                let (record, missing) = row.map_err(StoreError::sqlite)?;
                items.push(dangling(kind.name(), column, record, missing));
            }
        }
        self.duplicate_sirets(
            "SELECT o.id, o.siret FROM org o JOIN (SELECT siret FROM org WHERE deleted IS NOT 1 AND siret IS NOT NULL
             GROUP BY siret HAVING count(*) > 1) d ON d.siret = o.siret WHERE o.deleted IS NOT 1 ORDER BY o.siret, o.id LIMIT ?1",
            limit,
            &mut items,
        )?;
        items.truncate(limit);
        Ok(items)
    }

    /// Appends the organisations `sql` (bound to `limit`) lists as sharing a SIRET.
    fn duplicate_sirets(
        &self,
        sql: &str,
        limit: usize,
        items: &mut Vec<ReviewItem>,
    ) -> Result<(), StoreError> {
        let mut stmt = self.conn.prepare_cached(sql).map_err(StoreError::sqlite)?;
        let rows = stmt
            .query_map([limit as i64], |row| {
                Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?))
            })
            .map_err(StoreError::sqlite)?;
        for row in rows {
            let (record, siret) = row.map_err(StoreError::sqlite)?;
            items.push(ReviewItem {
                reason: "duplicate_siret",
                kind: "org",
                record,
                field: None,
                detail: siret,
            });
        }
        Ok(())
    }
}

/// References checked for review: (kind, column, target table).
const DANGLING: [(Kind, &str, &str); 5] = [
    (Kind::Request, "organisation", "org"),
    (Kind::Time, "developer", "developer"),
    (Kind::Time, "request", "request"),
    (Kind::Workshop, "request", "request"),
    (Kind::Deliverable, "request", "request"),
];

/// The rows of `table` whose `column` names no live record of `target`
/// (nor one merged into a live one): record id, the id named. NOT IN
/// builds the set of live ids once, instead of one index lookup (and row
/// read) per referencing row.
fn dangling_ids(table: &str, column: &str, target: &str) -> String {
    format!(
        "SELECT s.id, s.{column} FROM {table} s
         WHERE s.deleted IS NOT 1 AND s.{column} IS NOT NULL
           AND s.{column} NOT IN (SELECT id FROM {target} WHERE deleted IS NOT 1)
           AND s.{column} NOT IN ({}) ORDER BY s.id LIMIT ?1",
        merged_into_live(target)
    )
}

/// `dangling_ids` for a reference stored as a key (v29): compared by key,
/// the id named read from `record_key` (`#key` for a key no id has, as the
/// triggers keep it).
fn dangling_keys(table: &str, column: &str, target: &str) -> String {
    format!(
        "SELECT s.id, coalesce(k.id, '#' || s.{column}) FROM {table} s
         LEFT JOIN record_key k ON k.key = s.{column}
         WHERE s.deleted IS NOT 1 AND s.{column} IS NOT NULL
           AND s.{column} NOT IN (SELECT rowid FROM {target} WHERE deleted IS NOT 1)
           AND s.{column} NOT IN (SELECT a.key FROM merged_alias_key a JOIN {target} x ON x.id = a.target
                                  WHERE x.deleted IS NOT 1)
         ORDER BY s.id LIMIT ?1"
    )
}

/// The records of `target` merged into a live one: a reference to them is
/// read through the merge (`store::merged`), so it dangles no more than a
/// reference to the record kept (the kept table stays raw, `relais check`
/// compares it as such; the merge is applied on read).
fn merged_into_live(target: &str) -> String {
    format!(
        "SELECT a.id FROM merged_alias a JOIN {target} x ON x.id = a.target WHERE x.deleted IS NOT 1"
    )
}

fn dangling(
    kind: &'static str,
    column: &'static str,
    record: String,
    missing: String,
) -> ReviewItem {
    ReviewItem {
        reason: "dangling_reference",
        kind,
        record,
        field: Some(column),
        detail: missing,
    }
}

#[cfg(test)]
mod tests {
    use super::year_bounds;
    use rusqlite::Connection;

    /// Schema v26 reads a year's time entries from an index in NOCASE order
    /// (`date COLLATE NOCASE` bounds): for bounds of digits and hyphens it
    /// must select exactly the dates a BINARY comparison does, whatever a
    /// peer wrote in a date.
    #[test]
    fn year_bounds_select_the_same_dates_compared_nocase() -> rusqlite::Result<()> {
        let conn = Connection::open_in_memory()?;
        conn.execute_batch("CREATE TABLE t (date TEXT)")?;
        let dates = [
            "2026-01-01",
            "2025-12-31",
            "2026-12-31",
            "2027-01-01",
            "2026",
            "2026-",
            "2026-A",
            "2026-a",
            "2026-Zz",
            "2026/01/01",
            "2026-01-01T10:00",
            "2025-ÉTÉ",
            "2026-été",
            "",
            "A2026",
            "a2026",
            "2026 ",
            "202",
            "2026-00-00",
            "-2026",
            "9999-99-99",
            "10000-01-01",
            "0000-01-01",
            "-001-06-01",
        ];
        for date in dates {
            conn.execute("INSERT INTO t VALUES (?1)", [date])?;
        }
        for year in [-1, 0, 2025, 2026, 2027, 9999] {
            let (start, end) = year_bounds(year);
            let select = |sql: &str| -> rusqlite::Result<Vec<String>> {
                let mut stmt = conn.prepare(sql)?;
                let rows = stmt.query_map([&start, &end], |row| row.get(0))?;
                rows.collect()
            };
            let binary = select("SELECT date FROM t WHERE date >= ?1 AND date < ?2 ORDER BY date")?;
            let nocase = select(
                "SELECT date FROM t WHERE date COLLATE NOCASE >= ?1 AND date COLLATE NOCASE < ?2
                 ORDER BY date",
            )?;
            assert_eq!(binary, nocase, "{year}");
            let since = select("SELECT date FROM t WHERE date >= ?1 AND ?2 = ?2 ORDER BY date")?;
            let since_nocase = select(
                "SELECT date FROM t WHERE date COLLATE NOCASE >= ?1 AND ?2 = ?2 ORDER BY date",
            )?;
            assert_eq!(since, since_nocase, "since {year}");
        }
        Ok(())
    }
}
