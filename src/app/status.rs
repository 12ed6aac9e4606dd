//! The database as a whole and one record in full: `status` (site, counts,
//! vector, digest), `check` (integrity and re-derivation), and a record with
//! the fields in conflict, as outcomes both interfaces render.

use super::{App, AppResult};
use crate::domain::{Kind, SiteRole};
use crate::store::Record;
use serde::Serialize;
use serde::ser::{SerializeMap, Serializer};

/// This installation's identity, as `status` shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SiteSummary {
    pub id: String,
    pub name: String,
    pub departement: String,
    pub role: SiteRole,
}

/// What `relais status` reports.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct StatusReport {
    pub site: Option<SiteSummary>,
    /// Live records per kind, in schema order.
    #[serde(serialize_with = "counts_map")]
    pub counts: Vec<(Kind, u64)>,
    pub changes: u64,
    /// Highest contiguous seq held per origin site.
    #[serde(serialize_with = "pairs_map")]
    pub vector: Vec<(String, u64)>,
    pub digest: String,
}

/// What `relais check` found.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CheckOutcome {
    pub ok: bool,
    pub changes_checked: u64,
    /// SQLite's integrity problems and the derived tables that differ.
    pub problems: Vec<String>,
}

/// A record with the fields currently in conflict.
#[derive(Clone, Debug, PartialEq)]
pub struct RecordDetail {
    pub record: Record,
    pub conflicts: Vec<String>,
}

/// A `#[serde(serialize_with)]` helper: a kind-keyed list as a JSON object.
fn counts_map<S: Serializer>(counts: &[(Kind, u64)], s: S) -> Result<S::Ok, S::Error> {
    let mut map = s.serialize_map(Some(counts.len()))?;
    for (kind, count) in counts {
        map.serialize_entry(kind.name(), count)?;
    }
    map.end()
}

fn pairs_map<S: Serializer>(pairs: &[(String, u64)], s: S) -> Result<S::Ok, S::Error> {
    let mut map = s.serialize_map(Some(pairs.len()))?;
    for (key, value) in pairs {
        map.serialize_entry(key, value)?;
    }
    map.end()
}

impl App {
    pub fn status(&self) -> AppResult<StatusReport> {
        Ok(StatusReport {
            site: self.store.identity()?.map(|site| SiteSummary {
                role: SiteRole::from_stored(&site.role),
                id: site.site,
                name: site.name,
                departement: site.departement,
            }),
            // Kept with the digest: nine rows, not a scan of every table.
            counts: self.store.kept_counts()?,
            changes: self.store.change_count()?,
            vector: self
                .store
                .vector()?
                .into_iter()
                .map(|entry| (entry.site, entry.contiguous))
                .collect(),
            digest: self.store.digest()?,
        })
    }

    pub fn check(&mut self) -> AppResult<CheckOutcome> {
        // The kept figures, review items and dashboard counts are compared
        // with their recount inside (stats_check.rs, kept_dashboard.rs).
        let report = self.store.check()?;
        let mut problems: Vec<String> = report
            .integrity
            .iter()
            .filter(|line| *line != "ok")
            .cloned()
            .collect();
        problems.extend(
            report
                .mismatched_tables
                .iter()
                .map(|table| format!("table {table}")),
        );
        Ok(CheckOutcome {
            ok: report.is_ok(),
            changes_checked: report.changes_checked,
            problems,
        })
    }

    /// One record, deleted or not, with the fields in conflict.
    pub fn show_detail(&self, kind: Kind, id_text: &str) -> AppResult<RecordDetail> {
        let record = self.show(kind, id_text)?;
        let conflicts = self.store.conflicting_fields(&record.id)?;
        Ok(RecordDetail { record, conflicts })
    }

    /// A record's history in words, newest first: labels, names, date and
    /// time (the same lines the TUI's history shows).
    pub fn history_in_words(
        &self,
        kind: Kind,
        id_text: &str,
        lang: crate::i18n::Lang,
    ) -> AppResult<super::ui::detail::HistoryState> {
        let record = self.show(kind, id_text)?;
        Ok(super::ui::detail::load_history(&self.store, lang, &record)?)
    }

    /// A stored value in words (see `present::display_value`).
    pub fn display_value(
        &self,
        lang: crate::i18n::Lang,
        ty: crate::domain::schema::FieldType,
        value: &str,
    ) -> String {
        super::present::display_value(&self.store, lang, ty, value)
    }

    /// One field of a record in words (see `present::cell`).
    pub fn cell(&self, lang: crate::i18n::Lang, record: &Record, field: &str) -> String {
        super::present::cell(&self.store, lang, record, field)
    }
}
