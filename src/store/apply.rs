//! The batch entry point for changes made elsewhere (fed by bundle imports).
//!
//! One transaction per batch: changes are checked for shape, deduplicated by
//! id (same id with other content is a fork and aborts everything), logged,
//! then the touched fields are re-derived. Any error rolls everything back, so
//! a failed import leaves the database exactly as it was.

use super::bulk::{self, BulkMode, Suspended};
use super::bulk_settings;
use super::codec::Codes;
use super::fresh;
use super::materialise::{ConflictDelta, Materialiser};
use super::peers::{Receipt, write_receipt};
use super::purge::{self, RowStatus};
use super::refresh::flush;
use super::touched::TouchedRecords;
use super::vector::VectorMoves;
use super::{Store, StoreError};
use crate::domain::change::{MAX_SEQ, has_record_id_bytes, is_site_id};
use crate::domain::purge::{Hashed, Logged, is_marker, purgeable};
use crate::domain::schema;
use crate::domain::{Change, SiteId};
use rusqlite::{Connection, TransactionBehavior};
use std::collections::BTreeSet;

/// Changes from elsewhere, streamed.
pub type ChangeSource<'a> = &'a mut dyn Iterator<Item = Result<Change, StoreError>>;
/// Logged changes (whole, markers or stubs) from elsewhere, streamed, each
/// with its hash.
pub type LoggedSource<'a> = &'a mut dyn Iterator<Item = Result<Hashed, StoreError>>;

/// Where a test may force an import to fail, to prove nothing is kept.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FailPoint {
    AfterFirstInsert,
    AfterInserts,
    AfterRefresh,
    BeforeCommit,
}

impl FailPoint {
    pub const ALL: [FailPoint; 4] = [
        FailPoint::AfterFirstInsert,
        FailPoint::AfterInserts,
        FailPoint::AfterRefresh,
        FailPoint::BeforeCommit,
    ];

    fn name(self) -> &'static str {
        match self {
            FailPoint::AfterFirstInsert => "after-first-insert",
            FailPoint::AfterInserts => "after-inserts",
            FailPoint::AfterRefresh => "after-refresh",
            FailPoint::BeforeCommit => "before-commit",
        }
    }
}

/// How far a batch is, as its progress callback hears it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ApplyStep {
    /// Changes read so far (every few thousand), of those the source
    /// announced, if it did (a number from outside: for display only).
    Reading { done: u64, announced: Option<u64> },
    /// Every change read: the last records, the derived tables' indexes and
    /// figures and the commit remain (seconds, at region scale).
    Finishing { done: u64 },
}

impl ApplyStep {
    /// Changes read so far.
    pub fn done(self) -> u64 {
        match self {
            ApplyStep::Reading { done, .. } | ApplyStep::Finishing { done } => done,
        }
    }
}

#[derive(Default)]
pub struct ApplyOptions<'p> {
    pub fail_at: Option<FailPoint>,
    /// Told how far the batch is (`ApplyStep`).
    pub progress: Option<&'p mut dyn FnMut(ApplyStep)>,
    /// Recorded in the same transaction (bundle id, sender's ack vector).
    pub receipt: Option<&'p Receipt>,
    /// Whether the kept figures are recounted once at the end (`bulk`).
    pub bulk: BulkMode,
    /// How many changes the source announces (a bundle's header), if known.
    pub expected: Option<u64>,
}

/// What a batch did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ApplyReport {
    pub new_changes: usize,
    pub duplicate_changes: usize,
    pub records_touched: usize,
    pub new_conflicts: usize,
    pub resolved_conflicts: usize,
    /// Origin sites whose stamps are more than a day ahead of our clock.
    pub skewed_sites: BTreeSet<SiteId>,
}

/// Largest accepted sizes for the parts of a change.
pub const MAX_VALUE_BYTES: usize = 64 * 1024;
pub const MAX_AUTHOR_BYTES: usize = 200;
pub const MAX_RECORD_ID_BYTES: usize = 64;
/// Parents per change: the heads an editor saw (a deletion names the heads of
/// every field of its record). Honest data stays far below; hostile data
/// naming thousands of parents would make every derivation of the field slow.
pub const MAX_PARENTS: usize = 256;

/// Prepared statements kept by an import (see `apply_logged`).
const STATEMENT_CACHE: usize = 256;

/// Checks that a change from elsewhere is well formed (never its business
/// rules: merge never validates).
pub fn check_shape(change: &Change) -> Result<(), StoreError> {
    let malformed = |reason: String| StoreError::MalformedChange {
        id: change.id.to_string(),
        reason,
    };
    if !is_site_id(&change.id.site) || change.id.seq == 0 || change.id.seq > MAX_SEQ {
        return Err(malformed(format!("seq outside 1..={MAX_SEQ}")));
    }
    if change.record.is_empty()
        || change.record.len() > MAX_RECORD_ID_BYTES
        || !has_record_id_bytes(&change.record)
    {
        return Err(malformed("bad record id".into()));
    }
    if is_marker(change) {
        // A marker names the record and who purged it, never a value.
        if !purgeable(change.kind) || change.value.is_some() {
            return Err(malformed(format!(
                "a purge marker on {} with a value or of a kind that cannot be purged",
                change.kind.name()
            )));
        }
    } else if schema::resolve_field(change.kind, &change.field).is_none() {
        return Err(malformed(format!(
            "unknown field {} for {}",
            change.field,
            change.kind.name()
        )));
    }
    if change
        .value
        .as_ref()
        .is_some_and(|value| value.len() > MAX_VALUE_BYTES)
    {
        return Err(malformed(format!(
            "value larger than {MAX_VALUE_BYTES} bytes"
        )));
    }
    if change.author.len() > MAX_AUTHOR_BYTES {
        return Err(malformed("author too long".into()));
    }
    if change.parents.len() > MAX_PARENTS {
        return Err(malformed("too many parents".into()));
    }
    if !change.stamp.is_valid() {
        return Err(malformed(
            "stamp beyond the year 2200 (a clock far in the future, or forged)".into(),
        ));
    }
    if change.parents.iter().any(|parent| parent.seq > MAX_SEQ) {
        return Err(malformed(format!("parent seq above {MAX_SEQ}")));
    }
    Ok(())
}

impl Store {
    /// Applies changes from other sites in one transaction.
    pub fn apply(
        &mut self,
        source: ChangeSource<'_>,
        options: ApplyOptions<'_>,
    ) -> Result<ApplyReport, StoreError> {
        self.apply_logged(
            &mut source.map(|change| change.map(|change| Hashed::new(Logged::from(change)))),
            options,
        )
    }

    /// Applies logged changes (stubs and purge markers included) from other
    /// sites in one transaction. A marker erases its record as it arrives;
    /// any change of a purged record is stored as a stub (without ever
    /// writing its value); a resend of a whole change already held as a stub
    /// is a duplicate (same original hash).
    pub fn apply_logged(
        &mut self,
        source: LoggedSource<'_>,
        options: ApplyOptions<'_>,
    ) -> Result<ApplyReport, StoreError> {
        // The derivation cycles through some fifty statements (per kind:
        // upserts, reads of `deleted`; elements, conflicts, the log): with
        // the default cache of 16 they were compiled again and again.
        self.conn
            .set_prepared_statement_cache_capacity(STATEMENT_CACHE);
        // Freed bytes are zeroed: a value erased by a marker leaves nothing.
        purge::secure_delete(&self.conn)?;
        if !bulk::wanted(&self.conn, options.bulk, options.expected)? {
            return self.apply_in_transaction(source, options, false);
        }
        let settings = bulk_settings::Settings::enter(&self.conn)?;
        let outcome = self.apply_in_transaction(source, options, true);
        let restored = settings.leave(&self.conn);
        let report = outcome?;
        restored?;
        Ok(report)
    }

    /// `apply_logged` inside its transaction, on the bulk path or not.
    fn apply_in_transaction(
        &mut self,
        source: LoggedSource<'_>,
        mut options: ApplyOptions<'_>,
        bulk: bool,
    ) -> Result<ApplyReport, StoreError> {
        let now_ms = self.clock.now_ms();
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(StoreError::sqlite)?;
        let suspended = if bulk {
            Some(Suspended::begin(&tx)?)
        } else {
            None
        };
        let mut clock = Store::clock_stamp(&tx)?;
        let mut purged = purge::purged_records(&tx)?;
        let mut erased = false;
        let mut report = ApplyReport::default();
        // The records touched since the last flush, with the changes of
        // those new to the log.
        let mut window = match bulk {
            true => fresh::Window::mostly_new(),
            false => fresh::Window::default(),
        };
        // Exact, one bit per record key.
        let mut records = TouchedRecords::default();
        let mut vector = VectorMoves::default();
        let mut materialiser = match bulk {
            true => Materialiser::digests_rebuilt(),
            false => Materialiser::default(),
        };
        let mut codes = Codes::default();
        let mut delta = ConflictDelta::default();
        let mut read: u64 = 0;
        let mut log = purge::LogInsert::new(&tx)?;
        let fail = |point: FailPoint| -> Result<(), StoreError> {
            if options.fail_at == Some(point) {
                Err(StoreError::InjectedFault(point.name()))
            } else {
                Ok(())
            }
        };
        for hashed in source {
            let hashed = hashed?;
            read += 1;
            let announced = options.expected;
            if read.is_multiple_of(10_000)
                && let Some(progress) = options.progress.as_mut()
            {
                progress(ApplyStep::Reading {
                    done: read,
                    announced,
                });
            }
            check_shape(&hashed.logged().change)?;
            let hash = hashed.hash();
            let logged = hashed.into_logged();
            let marker = logged.is_marker();
            let status = if marker {
                RowStatus::Marker
            } else if logged.stub.is_some() || purged.contains(&logged.change.record) {
                RowStatus::Stub
            } else {
                RowStatus::Live
            };
            let change = logged.change;
            if status == RowStatus::Live {
                window.see(&tx, &mut codes, &change.record)?;
            }
            // Insert first: a new id (the common case) costs one B-tree
            // descent; only an id already present is looked up.
            if !log.insert_if_new(&tx, &mut codes, &change, &hash, status)? {
                match existing_hash(&tx, &change)? {
                    Some(existing) if existing == hash => {
                        report.duplicate_changes += 1;
                        continue;
                    }
                    _ => return Err(StoreError::Fork { id: change.id }),
                }
            }
            if marker {
                purge::erase_record(&tx, &change)?;
                purged.insert(change.record.clone());
                erased = true;
            }
            report.new_changes += 1;
            if report.new_changes == 1 {
                fail(FailPoint::AfterFirstInsert)?;
            }
            if change.stamp.is_skewed(now_ms) {
                report.skewed_sites.insert(change.id.site.clone());
            }
            clock = clock.observe(change.stamp, now_ms);
            vector.inserted(&tx, &change.id.site, change.id.seq)?;
            let key = codes.record(&tx, &change.record)?;
            records.note(key);
            // A stub changes no derived state (derivation ignores stubs; a
            // purged record derives from its marker alone).
            match status {
                RowStatus::Live => window.keep(change, Some(key)),
                RowStatus::Stub => window.spoil(&change.record),
                RowStatus::Marker => window.erase(&change),
            }
            if window.is_full() {
                delta += flush(&tx, &mut materialiser, &mut window, &purged)?;
            }
        }
        drop(log);
        fail(FailPoint::AfterInserts)?;
        if let Some(progress) = options.progress.as_mut() {
            progress(ApplyStep::Finishing { done: read });
        }
        delta += flush(&tx, &mut materialiser, &mut window, &purged)?;
        if let Some(suspended) = suspended {
            suspended.finish(&tx)?;
            super::digest_kept::rebuild(&tx)?;
        }
        fail(FailPoint::AfterRefresh)?;
        report.records_touched = records.count();
        vector.write(&tx)?;
        tx.execute(
            "INSERT OR REPLACE INTO meta(key, value) VALUES ('hlc', ?1)",
            [clock.0.to_string()],
        )
        .map_err(StoreError::sqlite)?;
        if let Some(receipt) = options.receipt {
            write_receipt(&tx, receipt, now_ms)?;
        }
        fail(FailPoint::BeforeCommit)?;
        tx.commit().map_err(StoreError::sqlite)?;
        if erased {
            purge::checkpoint_truncate(&self.conn)?;
        }
        report.new_conflicts = delta.opened.saturating_sub(delta.closed.min(delta.opened));
        report.resolved_conflicts = delta.closed.saturating_sub(delta.opened.min(delta.closed));
        Ok(report)
    }
}

/// A seq as SQLite stores it; checked, since it may come from outside.
pub(super) fn sql_seq(seq: u64) -> Result<i64, StoreError> {
    i64::try_from(seq).map_err(|_| StoreError::MalformedChange {
        id: seq.to_string(),
        reason: format!("seq outside 1..={MAX_SEQ}"),
    })
}

fn existing_hash(conn: &Connection, change: &Change) -> Result<Option<[u8; 32]>, StoreError> {
    super::codec::existing_hash(conn, &change.id.site, sql_seq(change.id.seq)?)
}
