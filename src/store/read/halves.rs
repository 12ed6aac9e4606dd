//! A long listing read by two threads at once (issue 13: `list --json` at
//! region scale within twice the time of SQLite's own shell).
//!
//! A listing walks the label index and fetches rows and set elements at
//! random: on one thread, reading and writing JSON took 2.0–2.6 times the
//! shell's `select *`. Here the listing is cut in two where its first
//! order term (the folded label's prefix, or the date or year) reaches the
//! value it has halfway down, and each half is walked by its own connection
//! and thread over one snapshot: the first half's records go to a visitor
//! on the caller's thread, the second half's to one on a thread of its own,
//! both at once. The cut falls on the first term, not on a position, so that
//! each half is a range of the index SQLite searches directly (ties all go
//! to the second half: a listing of equal labels is unbalanced, never
//! wrong). A record with no label at all sorts first and no range holds
//! it, so such a listing is not cut; nor is a short one, a database in
//! memory, a machine with one core, or a snapshot a writer keeps from being
//! pinned at the first try (a listing never waits for a writer): then the
//! first visitor gets every record.

use super::{Record, Sets};
use crate::domain::Kind;
use crate::i18n::Message;
use crate::store::check_parts::{pin_snapshot, walking_connection};
use crate::store::{Store, StoreError, sql};
use rusqlite::OptionalExtension;
use rusqlite::types::Value;
use std::path::Path;
use std::sync::atomic::{AtomicU8, Ordering};

/// Listings shorter than this are read by one thread: opening a second
/// connection reads the schema (a few milliseconds), more than a short
/// listing gains.
const SPLIT_FROM: i64 = 10_000;

/// The page cache of each half's connection: SQLite's default (the walking
/// connections of `check` have a larger one).
const HALF_CACHE: &str = "PRAGMA cache_size = -2000";

/// One half of a listing: the records whose first order term is below
/// `value`, or (`from`) not below it.
pub(super) struct Cut {
    pub(super) value: Value,
    pub(super) from: bool,
}

impl Cut {
    /// The condition added to the listing's `WHERE` (its `?1` is `value`).
    pub(super) fn condition(&self, kind: Kind) -> String {
        let operator = if self.from { ">=" } else { "<" };
        format!(" AND {} {operator} ?1", first_term(kind))
    }
}

/// The first term of the listing's order (the label index's first column).
fn first_term(kind: Kind) -> String {
    sql::order_terms(kind, "t", kind.label_field())
        .into_iter()
        .next()
        .unwrap_or_else(|| "t.id".to_string())
}

/// Which visitor failed first (the other is then stopped).
const NONE_FAILED: u8 = 0;
const FIRST_FAILED: u8 = 1;
const SECOND_FAILED: u8 = 2;

impl Store {
    /// Every live record of `kind` in listing order, as `for_each_record`
    /// hands them, read in two halves at once (see the module): the first
    /// half to `first`, on this thread, then (in the caller's output order)
    /// the second half to `second`, on another thread, during the same
    /// time. When one visitor fails the other stops, and the first failure
    /// is the result.
    pub fn for_each_record_in_halves<E>(
        &self,
        kind: Kind,
        sets: Sets,
        mut first: impl FnMut(Record) -> Result<(), E>,
        mut second: impl FnMut(Record) -> Result<(), E> + Send,
    ) -> Result<(), E>
    where
        E: From<StoreError> + Send,
    {
        let every: Vec<&str> = kind.scalar_fields().map(|field| field.name).collect();
        self.in_halves(
            (kind, sets, &every, &[]),
            SPLIT_FROM,
            |_, record, _| first(record),
            |_, record, _| second(record),
        )
    }

    /// `for_each_record_columns` read in two halves at once, as
    /// `for_each_record_in_halves`: each visitor also gets the store its
    /// half is read from (to read what else it needs in the same snapshot,
    /// on its own thread).
    pub fn for_each_record_columns_in_halves<E>(
        &self,
        (kind, sets, shown, named): (Kind, Sets, &[&str], &[&str]),
        first: impl FnMut(&Store, Record, &[Option<String>]) -> Result<(), E>,
        second: impl FnMut(&Store, Record, &[Option<String>]) -> Result<(), E> + Send,
    ) -> Result<(), E>
    where
        E: From<StoreError> + Send,
    {
        self.in_halves((kind, sets, shown, named), SPLIT_FROM, first, second)
    }

    /// The listing `for_each_record_columns` reads, in two halves when it
    /// has `split_from` live records or more.
    fn in_halves<E>(
        &self,
        (kind, sets, shown, named): (Kind, Sets, &[&str], &[&str]),
        split_from: i64,
        mut first: impl FnMut(&Store, Record, &[Option<String>]) -> Result<(), E>,
        mut second: impl FnMut(&Store, Record, &[Option<String>]) -> Result<(), E> + Send,
    ) -> Result<(), E>
    where
        E: From<StoreError> + Send,
    {
        let Some((near, far, value)) = self.halves(kind, split_from)? else {
            let whole = |record, labels: &[Option<String>]| first(self, record, labels);
            return self.walk_listing(kind, sets, shown, named, None, whole);
        };
        let failed = AtomicU8::new(NONE_FAILED);
        let (before, from) = (
            Cut {
                value: value.clone(),
                from: false,
            },
            Cut { value, from: true },
        );
        std::thread::scope(|scope| {
            let (failed, from) = (&failed, &from);
            let far_walk = scope.spawn(move || {
                let visit = guarded(
                    failed,
                    SECOND_FAILED,
                    |record, labels: &[Option<String>]| second(&far, record, labels),
                );
                let walked = far.walk_listing(kind, sets, shown, named, Some(from), visit);
                noted(failed, SECOND_FAILED, walked)
            });
            let visit = guarded(failed, FIRST_FAILED, |record, labels: &[Option<String>]| {
                first(&near, record, labels)
            });
            let near_walked = near.walk_listing(kind, sets, shown, named, Some(&before), visit);
            let near_walked = noted(failed, FIRST_FAILED, near_walked);
            let far_walked = far_walk.join().unwrap_or_else(|_| Err(stopped()));
            match failed.load(Ordering::Acquire) {
                SECOND_FAILED => far_walked,
                _ => near_walked.and(far_walked),
            }
        })
    }

    /// Two read-only stores over one snapshot and the value where the
    /// listing is cut, or `None` when it is not to be cut (see the module).
    fn halves(
        &self,
        kind: Kind,
        split_from: i64,
    ) -> Result<Option<(Store, Store, Value)>, StoreError> {
        let cores = std::thread::available_parallelism().map_or(1, |cores| cores.get());
        if cores < 2 || self.path == Path::new(":memory:") {
            return Ok(None);
        }
        let live = format!("FROM {} t WHERE t.deleted IS NOT 1", kind.table());
        // The kept count (a scan of the table took 6 ms at 150,000 time
        // entries); only where the cut falls depends on it, never what is
        // listed, so a kept count that is wrong only unbalances the halves.
        let count: i64 = self
            .conn
            .query_row(
                &format!(
                    "SELECT coalesce((SELECT live FROM live_count WHERE kind = ?1),
                                     (SELECT count(*) {live}))"
                ),
                [kind.name()],
                |row| row.get(0),
            )
            .map_err(StoreError::sqlite)?;
        if count < split_from {
            return Ok(None);
        }
        let path = self.path.as_path();
        let walkers = std::thread::scope(|scope| {
            let other = scope.spawn(|| half_connection(path));
            let one = half_connection(path);
            let other = other
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            Ok::<_, StoreError>([one?, other?])
        })?;
        // Tried once: a writer at work leaves the listing read whole.
        if !pin_snapshot(&self.conn, &walkers)? {
            return Ok(None);
        }
        let [near, far] = walkers;
        // Read in the snapshot the halves will walk.
        let term = first_term(kind);
        let unlabelled: bool = near
            .query_row(
                &format!("SELECT EXISTS (SELECT 1 {live} AND {term} IS NULL)"),
                [],
                |row| row.get(0),
            )
            .map_err(StoreError::sqlite)?;
        let order = format!(
            "{}, t.id",
            sql::order_key(kind, "t", kind.label_field(), "")
        );
        let halfway: Option<Value> = near
            .query_row(
                &format!("SELECT {term} {live} ORDER BY {order} LIMIT 1 OFFSET ?1"),
                [count / 2],
                |row| row.get(0),
            )
            .optional()
            .map_err(StoreError::sqlite)?;
        let (Some(value), false) = (halfway, unlabelled) else {
            return Ok(None);
        };
        let store = |conn| Store {
            conn,
            path: self.path.clone(),
            clock: self.clock.clone(),
        };
        Ok(Some((store(near), store(far), value)))
    }
}

/// A connection to walk one half with, its schema read (4 ms each at
/// `demo --scale 100000`: the two are opened at once, on two threads).
fn half_connection(path: &Path) -> Result<rusqlite::Connection, StoreError> {
    let conn = walking_connection(path)?;
    conn.execute_batch(HALF_CACHE).map_err(StoreError::sqlite)?;
    conn.query_row("SELECT count(*) FROM meta", [], |row| row.get::<_, i64>(0))
        .map_err(StoreError::sqlite)?;
    Ok(conn)
}

/// `visit`, stopped once the other half has failed, noting its own failure.
fn guarded<E: From<StoreError>>(
    failed: &AtomicU8,
    me: u8,
    mut visit: impl FnMut(Record, &[Option<String>]) -> Result<(), E>,
) -> impl FnMut(Record, &[Option<String>]) -> Result<(), E> {
    move |record, labels| {
        if failed.load(Ordering::Acquire) != NONE_FAILED {
            return Err(stopped());
        }
        visit(record, labels).inspect_err(|_| {
            let _ = failed.compare_exchange(NONE_FAILED, me, Ordering::AcqRel, Ordering::Acquire);
        })
    }
}

/// A half's result, its failure noted if it is the first.
fn noted<E>(failed: &AtomicU8, me: u8, walked: Result<(), E>) -> Result<(), E> {
    if walked.is_err() {
        let _ = failed.compare_exchange(NONE_FAILED, me, Ordering::AcqRel, Ordering::Acquire);
    }
    walked
}

/// What a half stopped by the other's failure returns (never the result).
fn stopped<E: From<StoreError>>() -> E {
    E::from(StoreError::Aborted(Message::new(
        "error.store.listing_stopped",
    )))
}

#[cfg(test)]
mod tests;
