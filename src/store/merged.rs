//! Where references to merged records lead. A merge re-points, by ordinary
//! changes, every reference its site holds; a reference made elsewhere at the
//! same time (it arrives after the merge) still names the retired record in
//! the log. Rather than have some replica re-point it by more changes — which
//! would compete with any concurrent edit of the same field and show as a
//! conflict — it is *read* through `merged_into`: a reference to a tombstone
//! that names the record it went into stands for the end of that chain. The
//! answer is a function of the derived state, itself a function of the set
//! of changes, so every replica holding the same changes reads the same
//! reference, without a single extra change.
//!
//! Chains are followed at most `MAX_MERGE_CHAIN` steps; a cycle (two sites
//! merging each record into the other at once) or a longer chain leaves the
//! reference as written: both records then stay tombstones to review.

use super::{Record, Store, StoreError};
use crate::domain::Kind;
use crate::domain::schema::{Element, FieldType};
use rusqlite::{OptionalExtension, params};
use std::collections::BTreeMap;

/// The longest chain of merges a reference is followed through.
pub const MAX_MERGE_CHAIN: usize = 16;

/// The field naming, on a merged record, the record it went into.
const MERGED_INTO: &str = "merged_into";

/// Whether records of `kind` can be merged (they carry `merged_into`).
fn mergeable(kind: Kind) -> bool {
    kind.field(MERGED_INTO).is_some()
}

/// Whether the scalar reference `field` to a record of `target` is read
/// through merges (`follow_merges`): every one but `merged_into` itself.
pub(super) fn follows_merges(field: &str, target: Kind) -> bool {
    field != MERGED_INTO && mergeable(target)
}

impl Store {
    /// The record a reference to `id` (of `kind`) stands for: `id` itself,
    /// or, while it is a tombstone with `merged_into`, the end of that chain.
    pub fn merged_end(&self, kind: Kind, id: &str) -> Result<String, StoreError> {
        if !mergeable(kind) {
            return Ok(id.to_string());
        }
        let sql = format!(
            "SELECT merged_into FROM {} WHERE {} AND deleted = 1",
            kind.table(),
            super::keys::row_of("?1")
        );
        let mut stmt = self.conn.prepare_cached(&sql).map_err(StoreError::sqlite)?;
        let mut chain = vec![id.to_string()];
        while chain.len() <= MAX_MERGE_CHAIN {
            let Some(current) = chain.last() else { break };
            let next: Option<String> = stmt
                .query_row(params![current], |row| row.get(0))
                .optional()
                .map_err(StoreError::sqlite)?
                .flatten()
                .filter(|next: &String| !next.trim().is_empty());
            match next {
                None => return Ok(current.clone()),
                // A cycle: no end to stand for.
                Some(next) if chain.contains(&next) => break,
                Some(next) => chain.push(next),
            }
        }
        Ok(id.to_string())
    }

    /// `record` with every reference to a merged record replaced by the
    /// record it stands for (`merged_end`). A set that held both keeps one
    /// element, with the live record's own value.
    pub fn follow_merges(&self, record: &mut Record) -> Result<(), StoreError> {
        let kind = record.kind;
        for (name, value) in &mut record.fields {
            let Some(FieldType::Ref(target)) = kind.field(name).map(|def| def.ty) else {
                continue;
            };
            if !follows_merges(name, target) {
                continue;
            }
            if let Some(id) = value.as_deref() {
                *value = Some(self.merged_end(target, id)?);
            }
        }
        for def in kind.set_fields() {
            let Some(set) = def.set else { continue };
            let Element::Ref(target) = set.element else {
                continue;
            };
            if !mergeable(target) {
                continue;
            }
            let Some(elements) = record.sets.get_mut(def.name) else {
                continue;
            };
            let mut followed = BTreeMap::new();
            let mut moved = Vec::new();
            for (element, value) in std::mem::take(elements) {
                let end = self.merged_end(target, &element)?;
                if end == element {
                    followed.insert(element, value);
                } else {
                    moved.push((end, value));
                }
            }
            for (end, value) in moved {
                followed.entry(end).or_insert(value);
            }
            *elements = followed;
        }
        Ok(())
    }

    /// Points `record`'s scalar reference `field` (to a record of `target`)
    /// at the record it stands for (`merged_end`) and gives that record's
    /// label as `label_of` reads it: one listed reference, read as
    /// `follow_merges` reads the whole record.
    pub(super) fn follow_reference(
        &self,
        record: &mut Record,
        field: &str,
        target: Kind,
    ) -> Result<Option<String>, StoreError> {
        let Some((_, Some(value))) = record.fields.iter_mut().find(|(name, _)| *name == field)
        else {
            return Ok(None);
        };
        let end = self.merged_end(target, value)?;
        let label = self.label_of(target, &end)?;
        *value = end;
        Ok(label)
    }

    /// The elements of `set` held by `record` that stand for `id` through
    /// merges (`id` itself left out): what removing `id` must remove too.
    pub fn merged_elements(
        &self,
        record: &Record,
        set: &str,
        target: Kind,
        id: &str,
    ) -> Result<Vec<String>, StoreError> {
        let mut found = Vec::new();
        if let Some(elements) = record.sets.get(set) {
            for element in elements.keys().filter(|element| *element != id) {
                if self.merged_end(target, element)? == id {
                    found.push(element.clone());
                }
            }
        }
        Ok(found)
    }
}
