//! Local edits. A `Writer` is one transaction: every `set` appends a
//! field-level change to the log (parents = the heads the editor saw) and
//! updates the derived tables; `commit` makes it all durable at once.

use super::apply::{MAX_PARENTS, check_shape, sql_seq};
use super::codec::Codes;
use super::heads::{Values, load_record_versions, load_versions, owner_kind};
use super::materialise::Materialiser;
use super::purge;
use super::{Store, StoreError};
use crate::domain::change::MAX_SEQ;
use crate::domain::merge::{self, Version};
use crate::domain::schema;
use crate::domain::{Change, ChangeId, DELETED_FIELD, Kind, SiteId, Stamp};
use insert::insert_change;
use rusqlite::{Transaction, TransactionBehavior, params};
use std::collections::{BTreeSet, HashSet};

mod insert;

pub struct Writer<'s> {
    tx: Transaction<'s>,
    site: SiteId,
    author: String,
    now_ms: i64,
    stamp: Stamp,
    next_seq: u64,
    written: usize,
    /// Records created in this transaction: their fields have no history yet.
    fresh: HashSet<String>,
    /// (record, field) written in this transaction.
    touched_fields: HashSet<(String, String)>,
    touched_records: BTreeSet<(Kind, String)>,
    materialiser: Materialiser,
    /// Dictionary codes of the log, for this transaction.
    codes: Codes,
}

impl Store {
    /// Starts a local edit as `author`. Needs an initialised site.
    pub fn writer(&mut self, author: &str) -> Result<Writer<'_>, StoreError> {
        let identity = self.require_identity()?;
        let now_ms = self.clock.now_ms();
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(StoreError::sqlite)?;
        let stamp = Store::clock_stamp(&tx)?;
        let max_seq: Option<i64> = tx
            .query_row(
                "SELECT max(seq) FROM changes WHERE site = (SELECT code FROM log_site WHERE id = ?1)",
                [&identity.site],
                |row| row.get(0),
            )
            .map_err(StoreError::sqlite)?;
        let next_seq = next_seq(&identity.site, max_seq)?;
        Ok(Writer {
            tx,
            site: identity.site,
            author: author.to_string(),
            now_ms,
            stamp,
            next_seq,
            written: 0,
            fresh: HashSet::new(),
            touched_fields: HashSet::new(),
            touched_records: BTreeSet::new(),
            materialiser: Materialiser::default(),
            codes: Codes::default(),
        })
    }
}

/// The seq after `max_seq`, checked: a log holding a seq at the bound (only
/// forged data can put it there) stops local writes with a clear message
/// instead of wrapping.
fn next_seq(site: &str, max_seq: Option<i64>) -> Result<u64, StoreError> {
    let max = u64::try_from(max_seq.unwrap_or(0)).unwrap_or(u64::MAX);
    match max.checked_add(1) {
        Some(next) if next <= MAX_SEQ => Ok(next),
        _ => Err(StoreError::SeqExhausted {
            site: site.to_string(),
        }),
    }
}

/// The parents a local change names: every head, or when hostile data made
/// more heads than a change may name, the latest ones (each resolution then
/// removes that many, and peers never refuse the change).
fn bounded_parents(mut parent_ids: Vec<ChangeId>, heads: &[&Version]) -> Vec<ChangeId> {
    if parent_ids.len() <= MAX_PARENTS {
        return parent_ids;
    }
    let mut ordered: Vec<&Version> = heads.to_vec();
    ordered.sort_by(|a, b| b.order_key().cmp(&a.order_key()));
    let keep: HashSet<&ChangeId> = ordered
        .iter()
        .take(MAX_PARENTS)
        .map(|version| &version.id)
        .collect();
    parent_ids.retain(|id| keep.contains(id));
    parent_ids.truncate(MAX_PARENTS);
    parent_ids
}

impl Writer<'_> {
    /// A new record id (UUIDv7: time-ordered, random tail).
    pub fn create(&mut self, kind: Kind) -> String {
        let id = uuid::Uuid::now_v7().to_string();
        self.fresh.insert(id.clone());
        self.touched_records.insert((kind, id.clone()));
        id
    }

    /// Creates a record with a chosen id (site records use the site id).
    pub fn create_with_id(&mut self, kind: Kind, id: &str) {
        self.fresh.insert(id.to_string());
        self.touched_records.insert((kind, id.to_string()));
    }

    fn versions(&self, kind: Kind, record: &str, field: &str) -> Result<Vec<Version>, StoreError> {
        let key = (record.to_string(), field.to_string());
        if self.fresh.contains(record) && !self.touched_fields.contains(&key) {
            return Ok(Vec::new());
        }
        load_versions(&self.tx, kind, record, field)
    }

    /// The current heads of a field (what an editor sees).
    pub fn heads(&self, kind: Kind, record: &str, field: &str) -> Result<Vec<Version>, StoreError> {
        let versions = self.versions(kind, record, field)?;
        let merged = merge::merge(&versions);
        Ok(merged
            .heads
            .into_iter()
            .map(|index| versions[index].clone())
            .collect())
    }

    /// Sets a field (scalar, `set.element` or `deleted`). Writes nothing and
    /// returns `false` when the field already shows that value without conflict.
    pub fn set(
        &mut self,
        kind: Kind,
        record: &str,
        field: &str,
        value: Option<&str>,
    ) -> Result<bool, StoreError> {
        let versions = self.versions(kind, record, field)?;
        let merged = merge::merge(&versions);
        let current = merged.winning_value(&versions);
        if !merged.conflict && current == value && !versions.is_empty() {
            return Ok(false);
        }
        if versions.is_empty() && value.is_none() {
            return Ok(false);
        }
        let parent_ids: Vec<ChangeId> = merged
            .heads
            .iter()
            .map(|&index| versions[index].id.clone())
            .collect();
        self.append(kind, record, field, value, versions, parent_ids)?;
        Ok(true)
    }

    /// Writes a value whose parents are all current heads, even if it equals
    /// the shown value: this is how a conflict is resolved.
    pub fn resolve(
        &mut self,
        kind: Kind,
        record: &str,
        field: &str,
        value: Option<&str>,
    ) -> Result<(), StoreError> {
        if field == DELETED_FIELD && value == Some("1") {
            return self.delete(kind, record);
        }
        let versions = self.versions(kind, record, field)?;
        let merged = merge::merge(&versions);
        let parent_ids = merged
            .heads
            .iter()
            .map(|&index| versions[index].id.clone())
            .collect();
        self.append(kind, record, field, value, versions, parent_ids)
    }

    /// Deletes a record: a tombstone change whose parents name every head of
    /// every field, so that an edit the deleting site never saw shows up as a
    /// conflict (an edit concurrent with the deletion).
    pub fn delete(&mut self, kind: Kind, record: &str) -> Result<(), StoreError> {
        let mut fields = load_record_versions(&self.tx, kind, record, Values::Compact)?;
        // Name (and stamp after) every head of every field, not only `deleted`.
        let heads: Vec<&Version> = fields
            .values()
            .flat_map(|versions| {
                merge::heads(versions)
                    .into_iter()
                    .map(move |index| &versions[index])
            })
            .collect();
        let parent_ids = bounded_parents(
            heads.iter().map(|version| version.id.clone()).collect(),
            &heads,
        );
        let named: Vec<&Version> = heads
            .iter()
            .copied()
            .filter(|version| parent_ids.contains(&version.id))
            .collect();
        let floor = merge::stamp_after_parents(Stamp::default(), &named);
        let versions = fields.remove(DELETED_FIELD).unwrap_or_default();
        self.append_with_floor(
            kind,
            record,
            DELETED_FIELD,
            Some("1"),
            versions,
            floor,
            parent_ids,
        )
    }

    /// Appends a change after `versions` (the field's present versions).
    fn append(
        &mut self,
        kind: Kind,
        record: &str,
        field: &str,
        value: Option<&str>,
        versions: Vec<Version>,
        parent_ids: Vec<ChangeId>,
    ) -> Result<(), StoreError> {
        let parents: Vec<&Version> = versions
            .iter()
            .filter(|version| parent_ids.contains(&version.id))
            .collect();
        let parent_ids = bounded_parents(parent_ids, &parents);
        let parents: Vec<&Version> = parents
            .into_iter()
            .filter(|version| parent_ids.contains(&version.id))
            .collect();
        let floor = merge::stamp_after_parents(Stamp::default(), &parents);
        self.append_with_floor(kind, record, field, value, versions, floor, parent_ids)
    }

    /// Appends a purge marker for `record` and erases the record in this
    /// transaction (see `purge`). Returns the marker's id and how many
    /// logged changes lost their values.
    pub(super) fn append_marker(
        &mut self,
        kind: Kind,
        record: &str,
    ) -> Result<(ChangeId, u64), StoreError> {
        self.stamp = self.stamp.tick(self.now_ms);
        let change = Change {
            id: ChangeId::new(self.site.clone(), self.next_seq),
            record: record.to_string(),
            kind,
            field: crate::domain::purge::PURGED_FIELD.to_string(),
            value: None,
            stamp: self.stamp,
            wall_ms: self.now_ms,
            author: self.author.clone(),
            parents: Vec::new(),
        };
        check_shape(&change)?;
        purge::LogInsert::new(&self.tx)?.insert_if_new(
            &self.tx,
            &mut self.codes,
            &change,
            &change.content_hash(),
            purge::RowStatus::Marker,
        )?;
        self.next_seq = next_seq(&self.site, i64::try_from(self.next_seq).ok())?;
        self.written += 1;
        let stubbed = purge::erase_record(&self.tx, &change)?;
        purge::materialise_purged(&self.tx, &mut self.materialiser, record)?;
        Ok((change.id, stubbed))
    }

    #[allow(clippy::too_many_arguments)]
    fn append_with_floor(
        &mut self,
        kind: Kind,
        record: &str,
        field: &str,
        value: Option<&str>,
        mut versions: Vec<Version>,
        floor: Stamp,
        parent_ids: Vec<ChangeId>,
    ) -> Result<(), StoreError> {
        if schema::resolve_field(kind, field).is_none() {
            return Err(StoreError::unknown_field(kind, record, field));
        }
        // A purged person never comes back, not even by a local edit.
        if purge::is_purged(&self.tx, record)? {
            return Err(StoreError::Purged {
                kind: kind.name(),
                id: super::short_id(record).to_string(),
            });
        }
        self.stamp = self.stamp.tick(self.now_ms);
        let stamp = self.stamp.max(floor);
        let change = Change {
            id: ChangeId::new(self.site.clone(), self.next_seq),
            record: record.to_string(),
            kind,
            field: field.to_string(),
            value: value.map(str::to_string),
            stamp,
            wall_ms: self.now_ms,
            author: self.author.clone(),
            parents: parent_ids,
        };
        // What this site writes, its peers must accept: same checks.
        check_shape(&change)?;
        insert_change(&self.tx, &mut self.codes, &change)?;
        self.next_seq = next_seq(&self.site, i64::try_from(self.next_seq).ok())?;
        self.written += 1;
        self.touched_fields
            .insert((record.to_string(), field.to_string()));
        self.touched_records.insert((kind, record.to_string()));
        versions.push(Version {
            id: change.id,
            stamp: change.stamp,
            parents: change.parents,
            value: change.value,
        });
        self.materialiser
            .refresh_field(&self.tx, kind, record, field, &versions)?;
        Ok(())
    }

    /// How many changes this writer has appended so far.
    pub fn written(&self) -> usize {
        self.written
    }

    /// The ids of the changes appended so far, oldest first (this site's
    /// seqs are consecutive within one writer), so that an edit can be undone.
    pub fn written_ids(&self) -> Vec<ChangeId> {
        let first = self.next_seq.saturating_sub(self.written as u64);
        (first..self.next_seq)
            .map(|seq| ChangeId::new(self.site.clone(), seq))
            .collect()
    }

    /// Commits the edit; returns the number of changes written.
    pub fn commit(self) -> Result<usize, StoreError> {
        let mut materialiser = self.materialiser;
        for (kind, record) in &self.touched_records {
            match owner_kind(&self.tx, record)? {
                // Forged changes of another kind name this id: derive it
                // exactly as an import or `check` would.
                Some((owner, true)) => materialiser.rebuild_record(&self.tx, owner, record)?,
                _ => materialiser.refresh_deletion(&self.tx, *kind, record)?,
            };
        }
        materialiser.flush_digest(&self.tx)?;
        if self.written > 0 {
            let last_seq = sql_seq(self.next_seq.saturating_sub(1))?;
            let written = i64::try_from(self.written).unwrap_or(i64::MAX);
            self.tx
                .execute(
                    "INSERT INTO vector(site, contiguous, max_seq, changes) VALUES (?1, ?2, ?2, ?3)
                     ON CONFLICT(site) DO UPDATE SET contiguous = max(contiguous, ?2), max_seq = max(max_seq, ?2),
                         changes = changes + ?3",
                    params![self.site, last_seq, written],
                )
                .map_err(StoreError::sqlite)?;
            self.tx
                .execute(
                    "INSERT OR REPLACE INTO meta(key, value) VALUES ('hlc', ?1)",
                    [self.stamp.0.to_string()],
                )
                .map_err(StoreError::sqlite)?;
        }
        self.tx.commit().map_err(StoreError::sqlite)?;
        Ok(self.written)
    }
}
