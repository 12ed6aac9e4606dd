//! Bundle format v2 (and v1, still read), byte by byte (see `docs/sync.md`):
//!
//! ```text
//! magic "RELAIS\x1aB" | u16 LE version | u32 LE header length | header (JSON)
//! | 64-byte ed25519 signature over "relais bundle vN\0" + header bytes
//! | payload: one zstd stream of encoded changes, exactly `payload_bytes` long
//! ```
//!
//! Version 2 adds stubs (a change whose value and author were erased by a
//! purge: value flag 2 and the original content hash) and purge markers
//! (ordinary changes on the `purged` field).
//!
//! The header holds the SHA-256 of the compressed payload, so the signature
//! covers header and payload. This module only encodes and decodes; trust
//! decisions live in `trust`, streaming in `reader`.

use super::error::SyncError;
use crate::domain::change::MAX_SEQ;
use crate::domain::{SiteId, Stamp};
use ed25519_dalek::{Signature, Signer, SigningKey, Verifier, VerifyingKey};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::io::{Read, Write};
mod changes;

pub use changes::{
    blank_logged, decode_change, decode_logged, decode_logged_into, encode_change, encode_logged,
};

pub const MAGIC: &[u8; 8] = b"RELAIS\x1aB";
/// The value flag of a stub (format v2).
const STUB_FLAG: u8 = 2;
/// The version written; readers accept 1 and 2.
pub const FORMAT_VERSION: u16 = 2;
/// The oldest version still read.
pub const OLDEST_FORMAT_VERSION: u16 = 1;
pub const SIGNATURE_BYTES: usize = 64;
/// Largest header accepted (vectors of thousands of sites fit easily).
pub const MAX_HEADER_BYTES: u32 = 1 << 20;
/// Largest encoded change accepted (a 64 KiB value, 4096 parents and slack).
pub const MAX_CHANGE_BYTES: u32 = 256 * 1024;
/// Largest zstd window a reader allocates (2^24 = 16 MiB).
pub const ZSTD_WINDOW_LOG_MAX: u32 = 24;
/// Largest vector (sites) in a header.
pub const MAX_VECTOR_SITES: usize = 100_000;
/// Largest number of changes a header may announce (16.7 million: ten times
/// a large region's whole history).
pub const MAX_CHANGES: u64 = 1 << 24;
/// Largest ratio of decompressed to compressed payload bytes, beyond
/// [`RATIO_SLACK_BYTES`]: keeps the cost of an import (and the time it holds
/// the write lock) proportional to the file's size. Honest bundles compress
/// about 5 to 20 times.
pub const MAX_COMPRESSION_RATIO: u64 = 256;
/// Raw bytes allowed beyond the ratio, so that a small bundle holding one
/// highly repetitive value still passes.
pub const RATIO_SLACK_BYTES: u64 = 1 << 20;
/// What the signature covers before the header, per version.
fn signing_context(version: u16) -> &'static [u8] {
    if version >= 2 {
        b"relais bundle v2\0"
    } else {
        b"relais bundle v1\0"
    }
}

/// Everything a receiver learns before the payload.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Header {
    /// UUIDv7; a bundle seen before is a no-op.
    pub bundle_id: String,
    pub sender: SiteId,
    pub sender_name: String,
    /// 64 hex digits: the ed25519 public key that signed this bundle.
    pub sender_key: String,
    /// A site id, or `any`.
    pub addressee: String,
    /// A full-state bundle (no assumption about the receiver).
    pub full: bool,
    pub created_stamp: u64,
    pub created_wall_ms: i64,
    /// What the sender assumed the receiver holds (site → seq).
    pub assumed: BTreeMap<SiteId, u64>,
    /// Per origin site, the highest seq the payload contains.
    pub contains: BTreeMap<SiteId, u64>,
    /// What the sender holds itself (site → contiguous seq).
    pub ack: BTreeMap<SiteId, u64>,
    pub change_count: u64,
    /// Length of the compressed payload.
    pub payload_bytes: u64,
    /// Length of the payload once decompressed.
    pub payload_raw_bytes: u64,
    /// SHA-256 of the compressed payload, 64 hex digits.
    pub payload_hash: String,
}

pub const ANY: &str = "any";

fn is_hex64(text: &str) -> bool {
    text.len() == 64
        && text
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}

pub fn unhex32(text: &str) -> Option<[u8; 32]> {
    if !is_hex64(text) {
        return None;
    }
    let mut out = [0u8; 32];
    for (index, byte) in out.iter_mut().enumerate() {
        *byte = u8::from_str_radix(text.get(index * 2..index * 2 + 2)?, 16).ok()?;
    }
    Some(out)
}

impl Header {
    /// Checks the shape of every field (not the signature).
    pub fn check(&self) -> Result<(), SyncError> {
        let bad = |reason: &str| Err(SyncError::BadHeader(reason.to_string()));
        if self.bundle_id.is_empty() || self.bundle_id.len() > 64 {
            return bad("bundle id");
        }
        if !crate::domain::change::is_site_id(&self.sender) {
            return bad("sender");
        }
        if self.sender_name.len() > 200 {
            return bad("sender name");
        }
        if !is_hex64(&self.sender_key) {
            return bad("sender key");
        }
        if self.addressee != ANY && !crate::domain::change::is_site_id(&self.addressee) {
            return bad("addressee");
        }
        if !is_hex64(&self.payload_hash) {
            return bad("payload hash");
        }
        for vector in [&self.assumed, &self.contains, &self.ack] {
            if vector.len() > MAX_VECTOR_SITES
                || !vector
                    .keys()
                    .all(|site| crate::domain::change::is_site_id(site))
            {
                return bad("vector");
            }
            if vector.values().any(|seq| *seq > MAX_SEQ) {
                return Err(SyncError::BadHeader(format!(
                    "a vector names a seq above {MAX_SEQ}"
                )));
            }
        }
        if self.change_count > MAX_CHANGES {
            return bad("change count");
        }
        // Each change is at most MAX_CHANGE_BYTES plus its length prefix: a
        // header announcing more raw bytes than that is lying.
        let ceiling = self
            .change_count
            .saturating_mul(u64::from(MAX_CHANGE_BYTES) + 4);
        if self.payload_raw_bytes > ceiling {
            return bad("payload size");
        }
        let ratio_ceiling = self
            .payload_bytes
            .saturating_mul(MAX_COMPRESSION_RATIO)
            .saturating_add(RATIO_SLACK_BYTES);
        if self.payload_raw_bytes > ratio_ceiling {
            return bad("payload compressed more than 256 times");
        }
        if !Stamp(self.created_stamp).is_valid() {
            return bad("creation stamp");
        }
        Ok(())
    }

    pub fn sender_key(&self) -> Option<VerifyingKey> {
        VerifyingKey::from_bytes(&unhex32(&self.sender_key)?).ok()
    }
}

/// The part of a bundle before its payload.
#[derive(Clone, Debug)]
pub struct Preamble {
    /// The format version of the file.
    pub version: u16,
    pub header: Header,
    pub header_bytes: Vec<u8>,
    pub signature: [u8; SIGNATURE_BYTES],
}

impl Preamble {
    /// Checks the signature with the key the receiver trusts for the sender.
    pub fn verify(&self, key: &VerifyingKey) -> Result<(), SyncError> {
        let signature = Signature::from_bytes(&self.signature);
        key.verify(
            &signed_message(self.version, &self.header_bytes),
            &signature,
        )
        .map_err(|_| SyncError::BadSignature {
            sender: self.header.sender.clone(),
        })
    }

    /// Byte offset of the payload in the file.
    pub fn payload_offset(&self) -> u64 {
        (MAGIC.len() + 2 + 4 + self.header_bytes.len() + SIGNATURE_BYTES) as u64
    }
}

fn signed_message(version: u16, header_bytes: &[u8]) -> Vec<u8> {
    let context = signing_context(version);
    let mut message = Vec::with_capacity(context.len() + header_bytes.len());
    message.extend_from_slice(context);
    message.extend_from_slice(header_bytes);
    message
}

/// Fills `buf` completely, or reports a truncated bundle.
fn read_exact_or_truncated(source: &mut dyn Read, buf: &mut [u8]) -> Result<(), SyncError> {
    source.read_exact(buf).map_err(|err| match err.kind() {
        std::io::ErrorKind::UnexpectedEof => SyncError::Truncated,
        _ => SyncError::Io("-".into(), err),
    })
}

/// Reads magic, version, header and signature; checks the header's shape.
pub fn read_preamble(source: &mut dyn Read) -> Result<Preamble, SyncError> {
    let mut magic = [0u8; 8];
    let mut got = 0;
    while got < magic.len() {
        let n = source
            .read(&mut magic[got..])
            .map_err(|err| SyncError::Io("-".into(), err))?;
        if n == 0 {
            return Err(SyncError::NotABundle);
        }
        got += n;
    }
    if &magic != MAGIC {
        return Err(SyncError::NotABundle);
    }
    let mut version = [0u8; 2];
    read_exact_or_truncated(source, &mut version)?;
    let version = u16::from_le_bytes(version);
    if version > FORMAT_VERSION {
        return Err(SyncError::FutureVersion {
            found: version,
            known: FORMAT_VERSION,
        });
    }
    if version < OLDEST_FORMAT_VERSION {
        return Err(SyncError::BadHeader(format!("format version {version}")));
    }
    let mut length = [0u8; 4];
    read_exact_or_truncated(source, &mut length)?;
    let length = u32::from_le_bytes(length);
    if length == 0 || length > MAX_HEADER_BYTES {
        return Err(SyncError::BadHeader("header length".into()));
    }
    let mut header_bytes = vec![0u8; length as usize];
    read_exact_or_truncated(source, &mut header_bytes)?;
    let header: Header = serde_json::from_slice(&header_bytes)
        .map_err(|err| SyncError::BadHeader(err.to_string()))?;
    header.check()?;
    let mut signature = [0u8; SIGNATURE_BYTES];
    read_exact_or_truncated(source, &mut signature)?;
    Ok(Preamble {
        version,
        header,
        header_bytes,
        signature,
    })
}

/// Serialises and signs a header; returns the bytes that precede the payload.
pub fn write_preamble(header: &Header, key: &SigningKey) -> Result<Vec<u8>, SyncError> {
    let header_bytes =
        serde_json::to_vec(header).map_err(|err| SyncError::BadHeader(err.to_string()))?;
    let signature = key.sign(&signed_message(FORMAT_VERSION, &header_bytes));
    let mut out = Vec::with_capacity(header_bytes.len() + 80);
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
    let length = u32::try_from(header_bytes.len())
        .ok()
        .filter(|length| *length <= MAX_HEADER_BYTES)
        .ok_or_else(|| SyncError::BadHeader("header length".into()))?;
    out.extend_from_slice(&length.to_le_bytes());
    out.extend_from_slice(&header_bytes);
    out.extend_from_slice(&signature.to_bytes());
    Ok(out)
}

/// Writes `bytes` fully, naming the file on failure.
pub fn write_all(
    out: &mut dyn Write,
    bytes: &[u8],
    path: &std::path::Path,
) -> Result<(), SyncError> {
    out.write_all(bytes)
        .map_err(|err| SyncError::Io(path.to_path_buf(), err))
}

/// A header for tests of the payload's reading: one sender, no vectors.
#[cfg(test)]
pub(crate) fn test_header(
    sender: &str,
    change_count: u64,
    payload_bytes: u64,
    payload_raw_bytes: u64,
    payload_hash: String,
) -> Header {
    Header {
        bundle_id: "b".into(),
        sender: sender.into(),
        sender_name: "A".into(),
        sender_key: "0".repeat(64),
        addressee: ANY.into(),
        full: true,
        created_stamp: 0,
        created_wall_ms: 0,
        assumed: BTreeMap::new(),
        contains: BTreeMap::new(),
        ack: BTreeMap::new(),
        change_count,
        payload_bytes,
        payload_raw_bytes,
        payload_hash,
    }
}

/// The site of `test_payload`'s changes.
#[cfg(test)]
pub(crate) const TEST_SITE: &str = "0123456789abcdef";

/// A payload of changes 1..=`count` of `TEST_SITE` (an organisation's name
/// each, about 90 bytes decompressed; the first one's longer by `pad`
/// bytes), its header, and where each change starts decompressed.
#[cfg(test)]
pub(crate) fn test_payload(count: u64, pad: usize) -> (Vec<u8>, Header, Vec<u64>) {
    use sha2::{Digest, Sha256};
    let mut raw = Vec::new();
    let mut starts = Vec::new();
    for seq in 1..=count {
        starts.push(raw.len() as u64);
        let padding = if seq == 1 {
            "x".repeat(pad)
        } else {
            String::new()
        };
        let change = crate::domain::Change {
            id: crate::domain::ChangeId::new(TEST_SITE, seq),
            record: format!("r-{seq}"),
            kind: crate::domain::Kind::Org,
            field: "name".into(),
            value: Some(format!("Association n° {seq}{padding}")),
            stamp: crate::domain::Stamp(seq),
            wall_ms: 0,
            author: "Anne".into(),
            parents: Vec::new(),
        };
        encode_logged(&crate::domain::purge::Logged::from(change), &mut raw);
    }
    let compressed = zstd::encode_all(raw.as_slice(), 3).unwrap_or_default();
    let hash = hex(&Sha256::digest(&compressed));
    let mut header = test_header(
        TEST_SITE,
        count,
        compressed.len() as u64,
        raw.len() as u64,
        hash,
    );
    header.contains.insert(TEST_SITE.to_string(), count);
    (compressed, header, starts)
}

#[cfg(test)]
mod tests;
