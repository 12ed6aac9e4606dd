//! Streaming the payload of a bundle: the compressed bytes are hashed as they
//! are read, decompressed with a bounded window, and cut into changes whose
//! sizes are checked before they are buffered. Nothing is ever held but one
//! change, so memory does not grow with the bundle, and a payload that
//! decompresses to more than its (signed) header announced is refused as
//! soon as it goes past it.
//!
//! The verifying pass (`scan_version`) decompresses on a helper thread
//! (`inflate`) while this one cuts and checks the changes: zstd and the
//! payload's hash were a quarter of that pass, which the import waits for
//! before it writes anything.

use super::error::SyncError;
use super::format::{
    FORMAT_VERSION, Header, MAX_CHANGE_BYTES, ZSTD_WINDOW_LOG_MAX, blank_logged, decode_logged,
    decode_logged_into, hex,
};
use super::inflate::{self, Chunks};
use crate::domain::purge::Logged;
use crate::domain::{Change, SiteId};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::io::{BufReader, Read, Take};

/// Hashes and counts the bytes read through it.
pub(super) struct Hashing<R> {
    inner: R,
    hasher: Sha256,
    count: u64,
}

impl<R: Read> Read for Hashing<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.hasher.update(&buf[..n]);
        self.count += n as u64;
        Ok(n)
    }
}

pub(super) type Decoder<R> = zstd::stream::read::Decoder<'static, BufReader<Hashing<Take<R>>>>;

/// Decompressed bytes buffered ahead of the changes cut from them: each
/// change is two small reads (its length, its body), and a read straight
/// from the decoder runs zstd's streaming call for a few bytes each time.
const DECOMPRESSED_BUFFER: usize = 64 * 1024;

/// Where a payload's decompressed bytes come from.
enum Inflated<R: Read> {
    /// Decompressed on this thread, as they are read.
    Here(BufReader<Decoder<R>>),
    /// Decompressed ahead on a helper thread (`inflate`).
    Helper(Chunks),
}

impl<R: Read> Read for Inflated<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        match self {
            Inflated::Here(decoder) => decoder.read(buf),
            Inflated::Helper(chunks) => chunks.read(buf),
        }
    }
}

/// The changes of one payload, in order, with every check of the format.
pub struct PayloadReader<R: Read> {
    inflated: Option<Inflated<R>>,
    change_count: u64,
    payload_bytes: u64,
    payload_raw_bytes: u64,
    payload_hash: String,
    /// The bundle's format version (stubs exist from version 2).
    version: u16,
    read: u64,
    raw_read: u64,
    buf: Vec<u8>,
}

fn damaged(err: std::io::Error) -> SyncError {
    match err.kind() {
        std::io::ErrorKind::UnexpectedEof => SyncError::Truncated,
        _ => SyncError::Damaged(err.to_string()),
    }
}

/// Reads as many bytes as possible into `buf`; returns how many.
fn fill(source: &mut dyn Read, buf: &mut [u8]) -> Result<usize, SyncError> {
    let mut got = 0;
    while got < buf.len() {
        match source.read(&mut buf[got..]) {
            Ok(0) => break,
            Ok(n) => got += n,
            Err(err) if err.kind() == std::io::ErrorKind::Interrupted => {}
            Err(err) => return Err(damaged(err)),
        }
    }
    Ok(got)
}

impl<R: Read> PayloadReader<R> {
    /// `source` is positioned at the payload (just after the preamble);
    /// read as the current format version.
    pub fn new(source: R, header: &Header) -> Result<Self, SyncError> {
        Self::with_version(source, header, FORMAT_VERSION)
    }

    /// As `new`, for a bundle of format `version`.
    pub fn with_version(source: R, header: &Header, version: u16) -> Result<Self, SyncError> {
        let decoder = BufReader::with_capacity(DECOMPRESSED_BUFFER, decoder(source, header)?);
        Ok(Self::over(Inflated::Here(decoder), header, version))
    }

    fn over(inflated: Inflated<R>, header: &Header, version: u16) -> Self {
        PayloadReader {
            inflated: Some(inflated),
            change_count: header.change_count,
            payload_bytes: header.payload_bytes,
            payload_raw_bytes: header.payload_raw_bytes,
            payload_hash: header.payload_hash.clone(),
            version,
            read: 0,
            raw_read: 0,
            buf: Vec::new(),
        }
    }

    /// The next logged change; after the last one, checks the end of the
    /// payload (exact sizes, hash, nothing after it) and returns `None`.
    pub fn next_logged(&mut self) -> Result<Option<Logged>, SyncError> {
        if !self.next_body()? {
            return Ok(None);
        }
        let logged = decode_logged(&self.buf, self.version).map_err(|reason| self.bad(reason))?;
        Ok(Some(logged))
    }

    /// As `next_logged`, decoding into `into` (its buffers reused); `false`
    /// after the last change, the end of the payload checked.
    pub fn next_logged_into(&mut self, into: &mut Logged) -> Result<bool, SyncError> {
        if !self.next_body()? {
            return Ok(false);
        }
        decode_logged_into(&self.buf, self.version, into).map_err(|reason| self.bad(reason))?;
        Ok(true)
    }

    /// The change just read cannot be decoded.
    fn bad(&self, reason: String) -> SyncError {
        SyncError::BadChange {
            index: self.read,
            reason,
        }
    }

    /// Reads the next change's body into `buf`, its size checked; `false`
    /// after the last one, the end of the payload checked.
    fn next_body(&mut self) -> Result<bool, SyncError> {
        let Some(decoder) = self.inflated.as_mut() else {
            return Ok(false);
        };
        if self.read == self.change_count {
            self.finish()?;
            return Ok(false);
        }
        let mut length = [0u8; 4];
        let got = fill(decoder, &mut length)?;
        if got < 4 {
            return Err(SyncError::CountMismatch {
                declared: self.change_count,
                found: self.read,
            });
        }
        let length = u32::from_le_bytes(length);
        self.raw_read += 4 + u64::from(length);
        if self.raw_read > self.payload_raw_bytes {
            return Err(SyncError::PayloadTooLarge);
        }
        if length > MAX_CHANGE_BYTES {
            return Err(SyncError::BadChange {
                index: self.read + 1,
                reason: format!("encoded change larger than {MAX_CHANGE_BYTES} bytes"),
            });
        }
        self.buf.resize(length as usize, 0);
        if fill(decoder, &mut self.buf)? < length as usize {
            return Err(SyncError::Truncated);
        }
        self.read += 1;
        Ok(true)
    }

    fn finish(&mut self) -> Result<(), SyncError> {
        let Some(mut inflated) = self.inflated.take() else {
            return Ok(());
        };
        // Nothing may follow the announced changes in the decompressed stream.
        let mut probe = [0u8; 1];
        if fill(&mut inflated, &mut probe)? > 0 {
            return Err(SyncError::PayloadTooLarge);
        }
        if self.raw_read != self.payload_raw_bytes {
            return Err(SyncError::BadHeader("payload size".into()));
        }
        match inflated {
            // The probe found the buffer empty: nothing is lost unwrapping it.
            Inflated::Here(decoder) => {
                finish_compressed(decoder.into_inner(), self.payload_bytes, &self.payload_hash)
            }
            Inflated::Helper(chunks) => chunks.finish(),
        }
    }
}

/// The decoder of a payload (`source` positioned at its first byte),
/// hashing the compressed bytes as it reads them.
fn decoder<R: Read>(source: R, header: &Header) -> Result<Decoder<R>, SyncError> {
    let hashing = Hashing {
        inner: source.take(header.payload_bytes),
        hasher: Sha256::new(),
        count: 0,
    };
    let mut decoder = zstd::stream::read::Decoder::new(hashing).map_err(damaged)?;
    decoder
        .window_log_max(ZSTD_WINDOW_LOG_MAX)
        .map_err(damaged)?;
    Ok(decoder)
}

/// The checks of the compressed bytes once the decompressed stream has
/// ended: their count and hash as the header announced, nothing after them.
pub(super) fn finish_compressed<R: Read>(
    decoder: Decoder<R>,
    payload_bytes: u64,
    payload_hash: &str,
) -> Result<(), SyncError> {
    let mut hashing = decoder.finish().into_inner();
    // Hash whatever compressed bytes the decoder did not need.
    std::io::copy(&mut hashing, &mut std::io::sink()).map_err(damaged)?;
    if hashing.count != payload_bytes {
        return Err(SyncError::Truncated);
    }
    let digest = hex(&std::mem::take(&mut hashing.hasher).finalize());
    if digest != payload_hash {
        return Err(SyncError::HashMismatch);
    }
    let mut rest = hashing.inner.into_inner();
    let mut probe = [0u8; 1];
    if fill(&mut rest, &mut probe)? > 0 {
        return Err(SyncError::TrailingData);
    }
    Ok(())
}

/// What a full pass over a payload found.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ScanSummary {
    pub count: u64,
    pub contains: BTreeMap<SiteId, u64>,
}

/// Reads a whole payload, calling `each` on every change, and checks that
/// the header told the truth about counts and contents.
pub fn scan<R: Read>(
    source: R,
    header: &Header,
    each: &mut dyn FnMut(u64, &Change) -> Result<(), SyncError>,
) -> Result<ScanSummary, SyncError> {
    scan_all(PayloadReader::new(source, header)?, header, each)
}

/// As `scan`, for a bundle of format `version`, decompressed on a helper
/// thread while this one decodes and checks.
pub fn scan_version<R: Read + Send>(
    source: R,
    header: &Header,
    version: u16,
    each: &mut dyn FnMut(u64, &Change) -> Result<(), SyncError>,
) -> Result<ScanSummary, SyncError> {
    let decoder = decoder(source, header)?;
    std::thread::scope(|scope| {
        let chunks = inflate::on_helper(scope, decoder, header);
        // Returning drops the reader and its end of the queue: a helper
        // still decompressing stops at its next chunk.
        let reader = PayloadReader::<R>::over(Inflated::Helper(chunks), header, version);
        scan_all(reader, header, each)
    })
}

/// Every change of `reader`, then the header's counts and contents checked.
fn scan_all<R: Read>(
    mut reader: PayloadReader<R>,
    header: &Header,
    each: &mut dyn FnMut(u64, &Change) -> Result<(), SyncError>,
) -> Result<ScanSummary, SyncError> {
    let mut summary = ScanSummary::default();
    // One change decoded at a time into the same buffers.
    let mut slot = blank_logged();
    while reader.next_logged_into(&mut slot)? {
        let change = &slot.change;
        summary.count += 1;
        each(summary.count, change)?;
        // Looked up before inserting: a bundle names few sites, and a key
        // made for every change cost an allocation each.
        match summary.contains.get_mut(&change.id.site) {
            Some(seq) => *seq = (*seq).max(change.id.seq),
            None => {
                summary
                    .contains
                    .insert(change.id.site.clone(), change.id.seq);
            }
        }
    }
    if summary.count != header.change_count {
        return Err(SyncError::CountMismatch {
            declared: header.change_count,
            found: summary.count,
        });
    }
    if summary.contains != header.contains {
        return Err(SyncError::ContainsMismatch);
    }
    Ok(summary)
}
