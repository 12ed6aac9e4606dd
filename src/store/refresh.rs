//! The re-derivation an import does at each flush: the records whose
//! fields it touched, each once, from the log (their heads, then their row)
//! or, for a record new to the log, from the changes it holds (`fresh`).
//! In a large window those are derived on a helper thread, in order, while
//! this thread writes the records before them: deriving them was a
//! twentieth of a bulk import's writing thread, and the other core waits
//! during a flush (the reading thread's queue is full).

use super::StoreError;
use super::derive::Names;
use super::fresh::{self, Derivation, Derived, Held, Slot};
use super::heads::{Values, load_record_versions, load_versions, owner_kind};
use super::materialise::{ConflictDelta, Materialiser};
use super::purge;
use crate::domain::Kind;
use crate::domain::merge::Version;
use rusqlite::Connection;
use std::collections::{BTreeMap, HashSet};
use std::sync::mpsc;

/// Records new to the log, in a window, below which they are derived on
/// this thread (a helper costs a thread's start: a small import's flush).
const HELPER_FROM: usize = 256;

/// Derivations a helper hands over at once: one at a time, each hand-over
/// woke the helper waiting on a full queue (a system call per record).
const HELPER_BATCH: usize = 64;

/// Batches a helper may have ready ahead of the writing (bounds the memory
/// they hold).
const HELPER_QUEUE: usize = 4;

/// What a flush does with one touched record.
enum Step {
    /// The next derivation of the records new to the log.
    Derive,
    /// Re-derive from the log, for these touched fields (repeats allowed).
    FromLog(Vec<String>),
}

/// Re-derives the records the window touched, in id order, each once: the
/// touched fields' heads read, its row written, then its deletion state; a
/// record new to the log derives from the changes the window holds, with
/// no read. A record named under several kinds is rebuilt whole under its
/// owner kind; a purged one derives from its marker.
pub(super) fn flush(
    conn: &Connection,
    materialiser: &mut Materialiser,
    window: &mut fresh::Window,
    purged: &HashSet<String>,
) -> Result<ConflictDelta, StoreError> {
    let mut steps = Vec::new();
    let mut held = Vec::new();
    for (record, slot) in window.drain() {
        let step = match slot {
            Slot::Fresh(fresh) if fresh.changes.is_empty() => continue,
            Slot::Fresh(fresh) if !purged.contains(&record) => {
                held.push(fresh);
                Step::Derive
            }
            Slot::Fresh(fresh) => Step::FromLog(fresh.fields()),
            Slot::Logged(fields) if fields.is_empty() => continue,
            Slot::Logged(fields) => Step::FromLog(fields),
        };
        steps.push((record, step));
    }
    let delta = with_derivations(held, |derivations| {
        let mut delta = ConflictDelta::default();
        for (record, step) in steps {
            let mut fields = match step {
                Step::Derive => match derivations.next()? {
                    Derivation::Derived(derived) => {
                        delta += fresh::write_derived(conn, materialiser, &record, &derived)?;
                        derivations.written(derived);
                        continue;
                    }
                    Derivation::FromLog(fields) => fields,
                },
                Step::FromLog(fields) => fields,
            };
            fields.sort_unstable();
            fields.dedup();
            let fields: Vec<&str> = fields.iter().map(String::as_str).collect();
            delta += refresh_one(conn, materialiser, &record, &fields, purged)?;
            // Record refreshed: its row, elements and conflicts are final
            // for this batch, and each touched record passes here exactly
            // once per flush. A per-record derived figure (a digest, a
            // counter) is kept current from here.
        }
        Ok(delta)
    })?;
    materialiser.flush_digest(conn)?;
    Ok(delta)
}

/// The derivations of a flush's held records, handed out in their order,
/// and taken back once written.
trait Derivations {
    /// The next held record's derivation.
    fn next(&mut self) -> Result<Derivation, StoreError>;
    /// A derivation written.
    fn written(&mut self, derived: Derived);
}

/// Derivations made on this thread as they are asked for.
struct Here {
    held: std::vec::IntoIter<Held>,
    names: Names,
}

impl Derivations for Here {
    fn next(&mut self) -> Result<Derivation, StoreError> {
        match self.held.next() {
            Some(record) => fresh::derive_held(record, &mut self.names),
            None => Err(no_derivation_left()),
        }
    }

    fn written(&mut self, _derived: Derived) {}
}

/// Derivations made ahead on a helper thread, in batches, and given back
/// to it in batches once written: freeing what another thread allocated
/// costs the freeing thread more (a tenth of the writing thread's share of
/// a flush went to dropping derivations).
struct Aside {
    ready: mpsc::Receiver<Vec<Result<Derivation, StoreError>>>,
    batch: std::vec::IntoIter<Result<Derivation, StoreError>>,
    spent: Vec<Derived>,
    give_back: mpsc::Sender<Vec<Derived>>,
}

impl Derivations for Aside {
    fn next(&mut self) -> Result<Derivation, StoreError> {
        loop {
            if let Some(derivation) = self.batch.next() {
                return derivation;
            }
            let batch = self.ready.recv().map_err(|_| no_derivation_left())?;
            self.batch = batch.into_iter();
        }
    }

    fn written(&mut self, derived: Derived) {
        self.spent.push(derived);
        if self.spent.len() == HELPER_BATCH {
            let spent = std::mem::replace(&mut self.spent, Vec::with_capacity(HELPER_BATCH));
            // A helper gone (it stopped first) leaves them to be freed here.
            let _ = self.give_back.send(spent);
        }
    }
}

/// Runs `write` with the derivations of `held`: made on a helper thread
/// ahead of it when there are many, else on this thread as asked.
fn with_derivations(
    held: Vec<Held>,
    write: impl FnOnce(&mut dyn Derivations) -> Result<ConflictDelta, StoreError>,
) -> Result<ConflictDelta, StoreError> {
    if held.len() < HELPER_FROM {
        return write(&mut Here {
            held: held.into_iter(),
            names: Names::default(),
        });
    }
    std::thread::scope(|scope| {
        let (sender, ready) = mpsc::sync_channel(HELPER_QUEUE);
        let (give_back, given_back) = mpsc::channel::<Vec<Derived>>();
        scope.spawn(move || {
            let mut names = Names::default();
            let mut held = held.into_iter();
            loop {
                given_back.try_iter().for_each(drop);
                let batch: Vec<_> = held
                    .by_ref()
                    .take(HELPER_BATCH)
                    .map(|record| fresh::derive_held(record, &mut names))
                    .collect();
                // All sent, or the writing stopped (an error): nothing more
                // is asked.
                if batch.is_empty() || sender.send(batch).is_err() {
                    break;
                }
            }
            // Nothing more to hand over (a writing that asks past the last
            // is told so), then what is given back until the writing ends.
            drop(sender);
            given_back.iter().for_each(drop);
        });
        write(&mut Aside {
            ready,
            batch: Vec::new().into_iter(),
            spent: Vec::with_capacity(HELPER_BATCH),
            give_back,
        })
    })
}

/// A flush asked for more derivations than it held records for: a bug,
/// refused rather than writing a record from another's changes.
fn no_derivation_left() -> StoreError {
    StoreError::MalformedChange {
        id: String::new(),
        reason: "a record new to the log was not derived".into(),
    }
}

/// Re-derives one touched record (see `flush`).
fn refresh_one(
    conn: &Connection,
    materialiser: &mut Materialiser,
    record: &str,
    fields: &[&str],
    purged: &HashSet<String>,
) -> Result<ConflictDelta, StoreError> {
    if purged.contains(record) {
        purge::materialise_purged(conn, materialiser, record)?;
        return Ok(ConflictDelta::default());
    }
    match owner_kind(conn, record)? {
        Some((kind, true)) => materialiser.rebuild_record(conn, kind, record),
        Some((kind, false)) => {
            let versions = touched_versions(conn, kind, record, fields)?;
            let mut delta = materialiser.refresh_record(conn, kind, record, &versions)?;
            delta += materialiser.refresh_deletion(conn, kind, record)?;
            Ok(delta)
        }
        None => Ok(ConflictDelta::default()),
    }
}

/// The heads of the touched `fields` of a record: one query for the whole
/// record when several are touched (a new record: all of them), one for
/// the field otherwise. A touched field with no live version maps to none.
fn touched_versions(
    conn: &Connection,
    kind: Kind,
    record: &str,
    fields: &[&str],
) -> Result<BTreeMap<String, Vec<Version>>, StoreError> {
    if let [field] = fields {
        let versions = load_versions(conn, kind, record, field)?;
        return Ok(BTreeMap::from([(field.to_string(), versions)]));
    }
    let mut all = load_record_versions(conn, kind, record, Values::Compact)?;
    all.retain(|field, _| fields.contains(&field.as_str()));
    for field in fields {
        all.entry(field.to_string()).or_default();
    }
    Ok(all)
}

#[cfg(test)]
mod tests {
    use super::super::derive::ChangeRow;
    use super::*;
    use crate::domain::{Change, ChangeId, Kind, Stamp};

    fn change(record: usize, site: &str, kind: Kind, seq: u64, parents: Vec<ChangeId>) -> Change {
        Change {
            id: ChangeId::new(site, seq),
            record: format!("r{record}"),
            kind,
            field: "title".into(),
            value: Some(format!("{site} {record}")),
            stamp: Stamp(seq),
            wall_ms: 0,
            author: "test".into(),
            parents,
        }
    }

    /// `count` records new to the log: most with one change, every fifth
    /// with two concurrent ones (two heads, a conflict), every seventh
    /// named under two kinds (derived from the log instead).
    fn held(count: usize) -> Vec<Held> {
        let (one, two) = ("0123456789abcdef", "fedcba9876543210");
        (0..count)
            .map(|record| {
                let seq = record as u64 + 1;
                let mut changes = vec![change(record, one, Kind::Request, seq, Vec::new())];
                if record % 5 == 0 {
                    changes.push(change(record, two, Kind::Request, seq, Vec::new()));
                }
                if record % 7 == 0 {
                    changes.push(change(record, two, Kind::Org, seq + 1, Vec::new()));
                }
                Held {
                    key: Some(record as i64),
                    changes: changes.into_iter().map(ChangeRow::of).collect(),
                }
            })
            .collect()
    }

    /// Every derivation `with_derivations` hands out for `held`, in order.
    fn derived(held: Vec<Held>, asked: usize) -> Result<Vec<Derivation>, StoreError> {
        let mut out = Vec::new();
        with_derivations(held, |derivations| {
            for _ in 0..asked {
                out.push(derivations.next()?);
            }
            Ok(ConflictDelta::default())
        })?;
        Ok(out)
    }

    #[test]
    fn the_helper_hands_out_the_derivations_this_thread_makes_in_the_same_order() {
        let count = HELPER_FROM * 3;
        let aside = derived(held(count), count).unwrap();
        let mut names = Names::default();
        let here: Vec<Derivation> = held(count)
            .into_iter()
            .map(|record| fresh::derive_held(record, &mut names).unwrap())
            .collect();
        assert_eq!(aside, here);
        let from_log = here
            .iter()
            .filter(|derivation| matches!(derivation, Derivation::FromLog(_)))
            .count();
        assert_eq!(from_log, count.div_ceil(7));
    }

    #[test]
    fn asking_past_the_last_derivation_is_an_error_on_either_side() {
        for count in [3, HELPER_FROM] {
            let err = derived(held(count), count + 1).unwrap_err();
            assert!(err.to_string().contains("not derived"), "{err}");
        }
    }

    #[test]
    fn a_writing_that_stops_early_stops_the_helper_and_gives_its_error() {
        let err = with_derivations(held(HELPER_FROM * 4), |derivations| {
            derivations.next()?;
            Err(StoreError::InjectedFault("after-first-derivation"))
        })
        .unwrap_err();
        assert!(matches!(err, StoreError::InjectedFault(_)), "{err}");
    }
}
