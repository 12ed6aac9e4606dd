//! A payload decompressed on a helper thread: the helper reads, hashes and
//! decompresses the bundle and sends the decompressed bytes in chunks down a
//! bounded queue; the reading thread cuts them into changes (`reader`). At
//! the decompressed stream's end the helper checks the compressed bytes
//! (count, hash, nothing after them) and sends that outcome last, so every
//! check happens as it does on one thread, in the same order.
//!
//! Memory stays flat: a few chunks in the queue, and the helper stops once
//! it has sent more bytes than the (signed) header announced and a change's
//! length beyond, which the reader refuses as too large.

use super::error::SyncError;
use super::format::Header;
use super::reader::{Decoder, finish_compressed};
use std::io::Read;
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};
use std::thread::Scope;

/// Bytes per chunk: enough that the queue's locking is negligible.
const CHUNK: usize = 64 * 1024;
/// Chunks decompressed ahead of the reader.
const QUEUE: usize = 4;
/// The bytes of a change's length: what the reader may read past the
/// announced size before it refuses the payload as too large.
const LENGTH_PREFIX: u64 = 4;

/// What the helper sends, in order.
enum Piece {
    Bytes(Vec<u8>),
    /// Reading or decompressing failed (nothing follows).
    Failed(std::io::Error),
    /// The stream ended; the checks of the compressed bytes.
    End(Result<(), SyncError>),
}

/// Starts decompressing `decoder` on a helper thread of `scope`; returns
/// the reading end.
pub(super) fn on_helper<'scope, R: Read + Send + 'scope>(
    scope: &'scope Scope<'scope, '_>,
    decoder: Decoder<R>,
    header: &Header,
) -> Chunks {
    let (queue, pieces) = sync_channel(QUEUE);
    let end = End {
        raw_bytes: header.payload_raw_bytes,
        bytes: header.payload_bytes,
        hash: header.payload_hash.clone(),
    };
    scope.spawn(move || send_chunks(decoder, &end, &queue));
    Chunks {
        pieces,
        chunk: Vec::new(),
        at: 0,
        end: None,
    }
}

/// What the header announced of the payload.
struct End {
    raw_bytes: u64,
    bytes: u64,
    hash: String,
}

/// The helper's loop: chunks until the stream ends (then the checks of
/// the compressed bytes), fails, goes past the announced size, or the
/// reader stops listening.
fn send_chunks<R: Read>(mut decoder: Decoder<R>, end: &End, queue: &SyncSender<Piece>) {
    let mut sent: u64 = 0;
    loop {
        let (bytes, failure) = read_chunk(&mut decoder);
        if bytes.is_empty() && failure.is_none() {
            break;
        }
        sent = sent.saturating_add(bytes.len() as u64);
        if !bytes.is_empty() && queue.send(Piece::Bytes(bytes)).is_err() {
            return;
        }
        if let Some(err) = failure {
            queue.send(Piece::Failed(err)).ok();
            return;
        }
        if sent > end.raw_bytes.saturating_add(LENGTH_PREFIX) {
            // The reader refuses the payload once it reads past the size,
            // which it finds reading at most a change's length beyond it.
            return;
        }
    }
    let outcome = finish_compressed(decoder, end.bytes, &end.hash);
    queue.send(Piece::End(outcome)).ok();
}

/// Up to `CHUNK` decompressed bytes (none at the stream's end), and the
/// error that stopped the reading, if one did.
fn read_chunk(source: &mut dyn Read) -> (Vec<u8>, Option<std::io::Error>) {
    let mut chunk = vec![0u8; CHUNK];
    let mut got = 0;
    let mut failure = None;
    while got < chunk.len() {
        match source.read(&mut chunk[got..]) {
            Ok(0) => break,
            Ok(n) => got += n,
            Err(err) if err.kind() == std::io::ErrorKind::Interrupted => {}
            Err(err) => {
                failure = Some(err);
                break;
            }
        }
    }
    chunk.truncate(got);
    (chunk, failure)
}

/// The reading end: the decompressed bytes as a `Read`.
pub(super) struct Chunks {
    pieces: Receiver<Piece>,
    chunk: Vec<u8>,
    at: usize,
    /// The helper's checks, once the stream's end has been read.
    end: Option<Result<(), SyncError>>,
}

impl Read for Chunks {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        while self.at == self.chunk.len() {
            match self.pieces.recv() {
                Ok(Piece::Bytes(bytes)) => {
                    self.chunk = bytes;
                    self.at = 0;
                }
                Ok(Piece::Failed(err)) => return Err(err),
                Ok(Piece::End(outcome)) => {
                    self.end = Some(outcome);
                    return Ok(0);
                }
                // The helper stopped past the announced size (or failed).
                Err(_) => return Ok(0),
            }
        }
        let n = buf.len().min(self.chunk.len() - self.at);
        buf[..n].copy_from_slice(&self.chunk[self.at..self.at + n]);
        self.at += n;
        Ok(n)
    }
}

impl Chunks {
    /// The checks of the compressed bytes, once the decompressed stream has
    /// been read to its end.
    pub(super) fn finish(self) -> Result<(), SyncError> {
        // No outcome: the helper stopped past the announced size.
        self.end.unwrap_or(Err(SyncError::PayloadTooLarge))
    }
}

#[cfg(test)]
mod tests {
    use super::super::reader::{ScanSummary, scan, scan_version};
    use super::*;
    use crate::sync::format::{FORMAT_VERSION, test_payload};

    /// A payload of `count` changes and its header.
    fn payload(count: u64) -> (Vec<u8>, Header) {
        let (bytes, header, _) = test_payload(count, 0);
        (bytes, header)
    }

    /// The outcome of scanning `bytes` on one thread and with the helper,
    /// as comparable text.
    fn both(bytes: &[u8], header: &Header) -> (String, String) {
        let outcome = |result: Result<ScanSummary, SyncError>| format!("{result:?}");
        let here = scan(bytes, header, &mut |_, _| Ok(()));
        let helper = scan_version(bytes, header, FORMAT_VERSION, &mut |_, _| Ok(()));
        (outcome(here), outcome(helper))
    }

    #[test]
    fn the_helper_reads_what_one_thread_reads_and_refuses_what_it_refuses() {
        let (good, header) = payload(5_000);
        assert!(good.len() < CHUNK && header.payload_raw_bytes > 4 * CHUNK as u64);
        let (here, helper) = both(&good, &header);
        assert!(here.starts_with("Ok(ScanSummary { count: 5000"), "{here}");
        assert_eq!(helper, here);

        let mut cases: Vec<(&str, Vec<u8>, Header)> = Vec::new();
        let mut trailing = good.clone();
        trailing.push(0);
        cases.push(("trailing", trailing, header.clone()));
        cases.push(("cut", good[..good.len() / 2].to_vec(), header.clone()));
        let mut flipped = good.clone();
        flipped[good.len() / 2] ^= 0x55;
        cases.push(("flipped", flipped, header.clone()));
        let mut wrong_hash = header.clone();
        wrong_hash.payload_hash = "0".repeat(64);
        cases.push(("hash", good.clone(), wrong_hash));
        let mut smaller = header.clone();
        smaller.payload_raw_bytes = 3 * CHUNK as u64;
        cases.push(("announced smaller", good.clone(), smaller));
        let mut fewer = header.clone();
        fewer.change_count = 4_000;
        cases.push(("fewer changes", good.clone(), fewer));
        for (name, bytes, header) in cases {
            let (here, helper) = both(&bytes, &header);
            assert!(here.starts_with("Err("), "{name}: {here}");
            assert_eq!(helper, here, "{name}");
        }
    }

    #[test]
    fn a_size_announced_just_short_of_a_chunk_is_refused_as_one_thread_refuses_it() {
        // A change starts two bytes before the end of the third chunk and
        // the header announces the payload ending there: one thread reads
        // that change's length across the chunk's end and finds it too
        // large; the helper must have sent those bytes too.
        let target = 3 * CHUNK as u64 - 2;
        let (_, _, starts) = test_payload(5_000, 0);
        let before = starts.iter().rev().find(|start| **start <= target).unwrap();
        let (bytes, mut header, starts) = test_payload(5_000, (target - before) as usize);
        assert!(starts.contains(&target));
        header.payload_raw_bytes = target;
        let (here, helper) = both(&bytes, &header);
        assert!(here.contains("PayloadTooLarge"), "{here}");
        assert_eq!(helper, here);
    }

    #[test]
    fn a_reader_that_stops_early_does_not_wait_for_the_helper() {
        // The helper is blocked on a full queue when the check refuses the
        // third change: returning must not wait for the rest (or never end).
        let (bytes, header) = payload(50_000);
        let result = scan_version(
            &bytes[..],
            &header,
            FORMAT_VERSION,
            &mut |index, _| match index {
                3 => Err(SyncError::PayloadTooLarge),
                _ => Ok(()),
            },
        );
        assert!(matches!(result, Err(SyncError::PayloadTooLarge)));
    }
}
