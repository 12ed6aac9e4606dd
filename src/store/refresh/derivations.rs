//! The derivations of a flush's records new to the log (`fresh::derive_held`,
//! pure), handed to the writing thread in their order: made on a helper
//! thread ahead of the writing when there are many, else as asked. Deriving
//! them was a twentieth of a bulk import's writing thread, and the other
//! core waits during a flush (the reading thread's queue is full).

use crate::store::StoreError;
use crate::store::derive::Names;
use crate::store::fresh::{self, Derivation, Derived, Held};
use crate::store::materialise::ConflictDelta;
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

/// The derivations of a flush's held records, handed out in their order,
/// and taken back once written.
pub(super) trait Derivations {
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
/// costs the freeing thread more (dropping them was about a sixth of
/// writing the records new to the log).
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
pub(super) fn with_derivations(
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Change, ChangeId, Kind, Stamp};
    use crate::store::derive::ChangeRow;

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
