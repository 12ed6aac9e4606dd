//! Queries for the open-data files: the catalogue of deliverables (with the
//! request each answered and the requesting organisation, never a person),
//! workshops as counts, requests by commune. Rows are streamed to a visitor
//! so that a large catalogue is never held whole. A request's organisation
//! is read through merges (`merged_alias`), as `show` names it.

use super::{Store, StoreError, bulk_settings, sql};
use crate::domain::Kind;
use rusqlite::Row;

/// One deliverable as published: public facts only.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CatalogueRow {
    pub id: String,
    pub title: String,
    pub kind: Option<String>,
    pub organisation: Option<String>,
    pub departement: Option<String>,
    /// The requesting organisation's commune (INSEE code).
    pub commune: Option<String>,
    pub url: Option<String>,
    pub licence: Option<String>,
    pub published_on: Option<String>,
    pub request_title: Option<String>,
}

/// Workshops of one département, year and kind, as counts only.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct WorkshopCount {
    pub departement: Option<String>,
    pub year: Option<String>,
    pub kind: Option<String>,
    pub workshops: u64,
    pub participants: u64,
    pub hours: f64,
}

/// The catalogue, newest first. The unary `+` keeps SQLite from walking
/// `deliverable_by_published` for the order: that walk reads each
/// deliverable, then its request, in date order, at random (0.22 s for
/// 25,000 deliverables); read in the table's order and sorted after, the
/// same rows take 0.11 s.
const CATALOGUE_SQL: &str = "
    SELECT d.id, d.title, d.kind, o.name, coalesce(r.departement, o.departement), o.commune,
           d.url, d.licence, d.published_on, r.title
    FROM deliverable d
    LEFT JOIN request r ON r.id = d.request AND r.deleted IS NOT 1
    LEFT JOIN merged_alias a ON a.id = r.organisation
    LEFT JOIN org o ON o.id = coalesce(a.target, r.organisation) AND o.deleted IS NOT 1
    WHERE d.deleted IS NOT 1 AND d.title IS NOT NULL
    ORDER BY +d.published_on DESC, d.title, d.id";

fn catalogue_row(row: &Row<'_>) -> rusqlite::Result<CatalogueRow> {
    Ok(CatalogueRow {
        id: row.get(0)?,
        title: row.get(1)?,
        kind: row.get(2)?,
        organisation: row.get(3)?,
        departement: row.get(4)?,
        commune: row.get(5)?,
        url: row.get(6)?,
        licence: row.get(7)?,
        published_on: row.get(8)?,
        request_title: row.get(9)?,
    })
}

/// A record's id and the words that name it.
pub type Labelled = (String, String);

impl Store {
    /// Visits every live deliverable, newest first; stops at the visitor's
    /// first error. The rows are sorted in temporary files
    /// (`sorting_in_files`), so memory stays flat in the catalogue's size.
    pub fn for_each_deliverable<E: From<StoreError>>(
        &self,
        mut visit: impl FnMut(CatalogueRow) -> Result<(), E>,
    ) -> Result<(), E> {
        bulk_settings::sorting_in_files(&self.conn, || {
            let mut stmt = self
                .conn
                .prepare_cached(CATALOGUE_SQL)
                .map_err(StoreError::sqlite)?;
            let mut rows = stmt.query([]).map_err(StoreError::sqlite)?;
            while let Some(row) = rows.next().map_err(StoreError::sqlite)? {
                visit(catalogue_row(row).map_err(StoreError::sqlite)?)?;
            }
            Ok(())
        })
    }

    /// Workshops per département (of their site, else of their request),
    /// year and kind: counts, participants and hours, no names.
    pub fn workshop_counts(&self) -> Result<Vec<WorkshopCount>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT coalesce(s.departement, r.departement), substr(w.date, 1, 4), w.kind,
                        count(*), CAST(coalesce(sum(w.participants), 0) AS INTEGER),
                        CAST(coalesce(sum(w.duration), 0) AS REAL)
                 FROM workshop w
                 LEFT JOIN site s ON s.id = w.site
                 LEFT JOIN request r ON r.id = w.request
                 WHERE w.deleted IS NOT 1
                 GROUP BY 1, 2, 3 ORDER BY 1, 2, 3",
            )
            .map_err(StoreError::sqlite)?;
        stmt.query_map([], |row| {
            Ok(WorkshopCount {
                departement: row.get(0)?,
                year: row.get(1)?,
                kind: row.get(2)?,
                workshops: row.get::<_, i64>(3)?.max(0) as u64,
                participants: row.get::<_, i64>(4)?.max(0) as u64,
                hours: row.get(5)?,
            })
        })
        .map_err(StoreError::sqlite)?
        .collect::<Result<_, _>>()
        .map_err(StoreError::sqlite)
    }

    /// Live requests per département, all years (sorted by code).
    pub fn requests_by_departement(&self) -> Result<Vec<(String, u64)>, StoreError> {
        self.code_counts(
            "SELECT departement, count(*) FROM request
             WHERE deleted IS NOT 1 AND departement IS NOT NULL
             GROUP BY departement ORDER BY departement",
        )
    }

    /// Live requests per commune of their organisation (sorted by code).
    pub fn requests_by_commune(&self) -> Result<Vec<(String, u64)>, StoreError> {
        self.code_counts(
            "SELECT o.commune, count(*) FROM request r LEFT JOIN merged_alias a ON a.id = r.organisation
             JOIN org o ON o.id = coalesce(a.target, r.organisation)
             WHERE r.deleted IS NOT 1 AND o.commune IS NOT NULL
             GROUP BY o.commune ORDER BY o.commune",
        )
    }

    /// Live places of the directory per commune (sorted by code).
    pub fn places_by_commune(&self) -> Result<Vec<(String, u64)>, StoreError> {
        self.code_counts(
            "SELECT commune, count(*) FROM place WHERE deleted IS NOT 1 AND commune IS NOT NULL
             GROUP BY commune ORDER BY commune",
        )
    }

    /// Ids and names of the live places of a commune, then ids and titles
    /// of the live requests of its organisations, each sorted, at most
    /// `limit` of each.
    pub fn commune_contents(
        &self,
        commune: &str,
        limit: usize,
    ) -> Result<(Vec<Labelled>, Vec<Labelled>), StoreError> {
        let limit = limit as i64;
        let places = self.labelled(
            &format!(
                "SELECT id, name FROM place
                 WHERE deleted IS NOT 1 AND commune = ?1 AND name IS NOT NULL
                 ORDER BY {} LIMIT ?2",
                sql::order_key(Kind::Place, "", "name", "")
            ),
            commune,
            limit,
        )?;
        let requests = self.labelled(
            &format!(
                "SELECT r.id, r.title FROM request r LEFT JOIN merged_alias a ON a.id = r.organisation
                 JOIN org o ON o.id = coalesce(a.target, r.organisation)
                 WHERE r.deleted IS NOT 1 AND o.commune = ?1 AND r.title IS NOT NULL
                 ORDER BY {} LIMIT ?2",
                sql::order_key(Kind::Request, "r", "title", "")
            ),
            commune,
            limit,
        )?;
        Ok((places, requests))
    }

    fn labelled(&self, sql: &str, key: &str, limit: i64) -> Result<Vec<Labelled>, StoreError> {
        let mut stmt = self.conn.prepare_cached(sql).map_err(StoreError::sqlite)?;
        stmt.query_map(rusqlite::params![key, limit], |row| {
            Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?))
        })
        .map_err(StoreError::sqlite)?
        .collect::<Result<_, _>>()
        .map_err(StoreError::sqlite)
    }

    fn code_counts(&self, sql: &str) -> Result<Vec<(String, u64)>, StoreError> {
        let mut stmt = self.conn.prepare_cached(sql).map_err(StoreError::sqlite)?;
        stmt.query_map([], |row| {
            Ok((
                row.get::<_, String>(0)?,
                row.get::<_, i64>(1)?.max(0) as u64,
            ))
        })
        .map_err(StoreError::sqlite)?
        .collect::<Result<_, _>>()
        .map_err(StoreError::sqlite)
    }
}
