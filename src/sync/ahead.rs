//! Pass 2 of an import reads ahead on a thread of its own: the bundle is
//! decompressed, decoded, cut off and hashed there while the store writes
//! the changes read before them, so the writing thread does nothing but
//! write (a tenth of a region-scale import's time moves to the other core).
//! A bounded queue of small batches keeps memory flat; the first error
//! (a damaged payload, a hash that does not match) goes down the queue like
//! a change, so the writer aborts its transaction as it did when it read
//! the file itself.

use super::reader::PayloadReader;
use crate::domain::SiteId;
use crate::domain::purge::{Hashed, Logged};
use crate::store::{LoggedSource, StoreError};
use std::collections::BTreeMap;
use std::io::Read;
use std::sync::mpsc::{SyncSender, sync_channel};

/// Changes sent at once: few enough to stay small, enough that the queue's
/// locking is negligible.
const BATCH: usize = 256;
/// Batches read ahead of the writer.
const QUEUE: usize = 4;

type Batch = Vec<Result<Hashed, StoreError>>;

/// Pass 2's changes: the payload again, cut-offs applied, with the end-of-
/// payload checks surfacing as an error inside the transaction.
pub(super) struct Source<R: Read> {
    reader: PayloadReader<R>,
    cutoffs: BTreeMap<SiteId, u64>,
    cut_off: u64,
}

impl<R: Read> Source<R> {
    pub(super) fn new(reader: PayloadReader<R>, cutoffs: BTreeMap<SiteId, u64>) -> Self {
        Source {
            reader,
            cutoffs,
            cut_off: 0,
        }
    }

    /// Sends every change to `queue`, hashed, in batches; stops after the
    /// first error (sent too) or as soon as the writer stops listening.
    /// Returns how many changes the cut-offs left out.
    fn send_to(mut self, queue: SyncSender<Batch>) -> u64 {
        let mut batch = Batch::with_capacity(BATCH);
        while let Some(item) = self.next() {
            let failed = item.is_err();
            batch.push(item.map(Hashed::new));
            if failed || batch.len() == BATCH {
                let full = std::mem::replace(&mut batch, Batch::with_capacity(BATCH));
                if queue.send(full).is_err() || failed {
                    return self.cut_off;
                }
            }
        }
        if !batch.is_empty() {
            // A writer that stopped has its answer already.
            queue.send(batch).ok();
        }
        self.cut_off
    }
}

impl<R: Read> Iterator for Source<R> {
    type Item = Result<Logged, StoreError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            match self.reader.next_logged() {
                Ok(Some(logged)) => {
                    if self
                        .cutoffs
                        .get(&logged.change.id.site)
                        .is_some_and(|cut| logged.change.id.seq > *cut)
                    {
                        self.cut_off += 1;
                        continue;
                    }
                    return Some(Ok(logged));
                }
                Ok(None) => return None,
                Err(err) => return Some(Err(StoreError::Aborted(err.message()))),
            }
        }
    }
}

/// Runs `write` on this thread with the changes of `source`, read ahead on
/// another; returns what `write` returned and how many changes the
/// cut-offs left out.
pub(super) fn read_ahead<R: Read + Send, T>(
    source: Source<R>,
    write: impl FnOnce(LoggedSource<'_>) -> T,
) -> (T, u64) {
    std::thread::scope(|scope| {
        let (queue, arrivals) = sync_channel::<Batch>(QUEUE);
        let reading = scope.spawn(move || source.send_to(queue));
        let written = {
            let mut changes = arrivals.into_iter().flatten();
            write(&mut changes)
        };
        // The queue's end is dropped: a reader still going stops at its
        // next batch.
        match reading.join() {
            Ok(cut_off) => (written, cut_off),
            Err(panic) => std::panic::resume_unwind(panic),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sync::format::{TEST_SITE, test_payload};
    use std::io::Cursor;

    fn source(count: u64, tamper: bool, cut: Option<u64>) -> Source<Cursor<Vec<u8>>> {
        let (bytes, mut header, _) = test_payload(count, 0);
        if tamper {
            header.payload_hash = "0".repeat(64);
        }
        let reader = PayloadReader::new(Cursor::new(bytes), &header).unwrap();
        let cutoffs = cut
            .map(|cut| (TEST_SITE.to_string(), cut))
            .into_iter()
            .collect();
        Source::new(reader, cutoffs)
    }

    #[test]
    fn every_change_arrives_in_order_hashed_and_the_cut_off_ones_are_counted() {
        // 1,000 changes cross several batches; those past seq 900 are cut.
        let (seqs, cut_off) = read_ahead(source(1_000, false, Some(900)), |changes| {
            changes
                .map(|hashed| {
                    let hashed = hashed.unwrap();
                    assert_eq!(hashed.hash(), hashed.logged().change.content_hash());
                    hashed.into_logged().change.id.seq
                })
                .collect::<Vec<_>>()
        });
        assert_eq!(seqs, (1..=900).collect::<Vec<_>>());
        assert_eq!(cut_off, 100);
    }

    #[test]
    fn a_damaged_payload_reaches_the_writer_as_an_error_after_its_changes() {
        let (items, _) = read_ahead(source(600, true, None), |changes| {
            changes.collect::<Vec<_>>()
        });
        assert_eq!(items.len(), 601);
        assert!(items[..600].iter().all(Result::is_ok));
        assert!(matches!(items[600], Err(StoreError::Aborted(_))));
    }

    #[test]
    fn a_writer_that_stops_early_is_not_kept_waiting_by_the_reader() {
        // The reader is blocked on a full queue the writer no longer drains:
        // the queue's end must be dropped before the reader is joined, or
        // this test never ends.
        let (first, _) = read_ahead(source(20_000, false, None), |changes| {
            changes.take(3).count()
        });
        assert_eq!(first, 3);
    }
}
