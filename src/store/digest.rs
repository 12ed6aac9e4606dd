//! The state digest.
//!
//! Each record with derived state has a digest: SHA-256 over its id, its row
//! in its kind table (replicated columns), its set elements and its conflicts
//! (`RecordDigest`). The state digest is the sum of the record digests modulo
//! 2^256, kept in `digest_state` and the record digests in `record_digest`,
//! both maintained as changes are applied (`digest_kept`), so `status` reads
//! one row. A sum, not XOR: XOR is linear over GF(2), so any set of record
//! digests can be cancelled or forged by solving a linear system (and a record
//! counted twice would vanish); addition modulo 2^256 has no such shortcut.
//! Like the old digest it never covers local identity or the version vector,
//! so two replicas holding the same changes agree whatever the arrival order.
//!
//! `check` (`store::check`) recomputes every record digest from the tables and
//! compares it with the kept one and with a re-derivation from the log.

use super::check_parts::Part;
use super::digest_kept::MainScan;
use super::key_order::KeyIds;
use super::{Store, StoreError};
use crate::domain::Kind;
use crate::domain::purge::purgeable;
use rusqlite::types::ValueRef;
use sha2::{Digest, Sha256};

pub(super) fn hash_value(hasher: &mut Sha256, value: ValueRef<'_>) {
    match value {
        ValueRef::Null => hasher.update([0u8]),
        ValueRef::Integer(i) => {
            hasher.update([1u8]);
            hasher.update(i.to_le_bytes());
        }
        ValueRef::Real(f) => {
            hasher.update([2u8]);
            hasher.update(f.to_bits().to_le_bytes());
        }
        ValueRef::Text(bytes) | ValueRef::Blob(bytes) => {
            hasher.update([3u8]);
            hasher.update((bytes.len() as u64).to_le_bytes());
            hasher.update(bytes);
        }
    }
}

/// The columns of a kind's row a record digest covers: `id`, `deleted`, the
/// scalars, and `purged` where the kind can be erased.
pub(super) fn hashed_columns(kind: Kind) -> Vec<&'static str> {
    let mut columns = super::sql::columns(kind);
    if purgeable(kind) {
        columns.push("purged");
    }
    columns
}

/// The SQL reading `hashed_columns` of the row named `table`, a keyed
/// reference as its id's spelling in `record_key` (`sql::read_column`),
/// which `RecordHasher::row` hashes as the id text.
pub(super) fn hashed_reads(kind: Kind, table: &str) -> String {
    hashed_columns(kind)
        .into_iter()
        .map(|column| super::sql::read_column(kind, table, column))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The parts of a record's derived state, each hashed apart so that a
/// mismatch names the table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct RecordDigest {
    pub total: [u8; 32],
    pub row: [u8; 32],
    pub elements: [u8; 32],
    pub conflicts: [u8; 32],
    /// The kind tables holding a row of the record (bit = position in `Kind::ALL`).
    pub kinds: u16,
    /// Those of its rows that are live (`deleted` is not 1): what `status` counts.
    pub live: u16,
}

/// SHA-256 of no bytes: the elements' or conflicts' hash of a record that
/// has none.
const EMPTY_SHA256: [u8; 32] = [
    0xe3, 0xb0, 0xc4, 0x42, 0x98, 0xfc, 0x1c, 0x14, 0x9a, 0xfb, 0xf4, 0xc8, 0x99, 0x6f, 0xb9, 0x24,
    0x27, 0xae, 0x41, 0xe4, 0x64, 0x9b, 0x93, 0x4c, 0xa4, 0x95, 0x99, 0x1b, 0x78, 0x52, 0xb8, 0x55,
];

/// Builds a `RecordDigest`: rows by kind in `Kind::ALL` order, then elements
/// by (name, element), then conflicts by field.
#[derive(Default)]
pub(super) struct RecordHasher {
    row: Sha256,
    /// Started by the first element: most records have none, and SHA-256
    /// of nothing is a constant (`EMPTY_SHA256`), not a block to compress.
    elements: Option<Sha256>,
    /// Likewise, by the first conflict.
    conflicts: Option<Sha256>,
    kinds: u16,
    live: u16,
    empty: bool,
}

impl RecordHasher {
    pub fn new() -> Self {
        RecordHasher {
            empty: true,
            ..RecordHasher::default()
        }
    }

    /// A row's values in `hashed_columns` order (`id`, `deleted`, …).
    pub fn row(&mut self, kind: Kind, values: &[ValueRef<'_>]) {
        self.empty = false;
        self.kinds |= kind_bit(kind);
        // As `deleted IS NOT 1` counts (an INTEGER column: 1 or 1.0).
        let deleted = matches!(values.get(1), Some(ValueRef::Integer(1)))
            || matches!(values.get(1), Some(ValueRef::Real(f)) if *f == 1.0);
        if !deleted {
            self.live |= kind_bit(kind);
        }
        self.row.update(b"K");
        hash_value(&mut self.row, ValueRef::Text(kind.name().as_bytes()));
        let keyed = super::sql::keyed_at(kind);
        for (index, value) in values.iter().enumerate() {
            // A keyed reference read as a UUID's 16 bytes hashes as the id
            // text the log holds; a text id already is that text.
            match value {
                ValueRef::Blob(bytes) if bytes.len() == 16 && keyed.contains(&index) => {
                    let text = super::codec::record_text(*value).unwrap_or_default();
                    hash_value(&mut self.row, ValueRef::Text(text.as_bytes()));
                }
                _ => hash_value(&mut self.row, *value),
            }
        }
    }

    pub fn element(&mut self, name: ValueRef<'_>, element: ValueRef<'_>, value: ValueRef<'_>) {
        self.empty = false;
        let elements = self.elements.get_or_insert_with(Sha256::new);
        elements.update(b"E");
        for part in [name, element, value] {
            hash_value(elements, part);
        }
    }

    pub fn conflict(&mut self, field: ValueRef<'_>, kind: ValueRef<'_>, reason: ValueRef<'_>) {
        self.empty = false;
        let conflicts = self.conflicts.get_or_insert_with(Sha256::new);
        conflicts.update(b"C");
        for part in [field, kind, reason] {
            hash_value(conflicts, part);
        }
    }

    /// `None` when the record has no derived state at all.
    pub fn finish(self, record: &str) -> Option<RecordDigest> {
        if self.empty {
            return None;
        }
        let row: [u8; 32] = self.row.finalize().into();
        let elements = self.elements.map_or(EMPTY_SHA256, |h| h.finalize().into());
        let conflicts = self.conflicts.map_or(EMPTY_SHA256, |h| h.finalize().into());
        let mut total = Sha256::new();
        total.update(b"relais-record-v1");
        hash_value(&mut total, ValueRef::Text(record.as_bytes()));
        total.update(row);
        total.update(elements);
        total.update(conflicts);
        Some(RecordDigest {
            total: total.finalize().into(),
            row,
            elements,
            conflicts,
            kinds: self.kinds,
            live: self.live,
        })
    }
}

pub(super) fn kind_bit(kind: Kind) -> u16 {
    1 << kind.position()
}

/// Every kind's bit.
pub(super) const ALL_KINDS: u16 = (1 << Kind::ALL.len()) - 1;

/// A 256-bit unsigned integer, little-endian, with wrapping sums.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(super) struct Sum256(pub [u8; 32]);

impl Sum256 {
    pub fn from_blob(bytes: &[u8]) -> Sum256 {
        let mut out = [0u8; 32];
        if bytes.len() == 32 {
            out.copy_from_slice(bytes);
        }
        Sum256(out)
    }

    pub fn add(&mut self, other: &[u8; 32]) {
        let mut carry = 0u16;
        for (mine, theirs) in self.0.iter_mut().zip(other) {
            let sum = u16::from(*mine) + u16::from(*theirs) + carry;
            *mine = (sum & 0xff) as u8;
            carry = sum >> 8;
        }
    }

    pub fn sub(&mut self, other: &[u8; 32]) {
        let mut borrow = 0i16;
        for (mine, theirs) in self.0.iter_mut().zip(other) {
            let mut difference = i16::from(*mine) - i16::from(*theirs) - borrow;
            borrow = i16::from(difference < 0);
            if difference < 0 {
                difference += 256;
            }
            *mine = (difference & 0xff) as u8;
        }
    }

    /// Most significant byte first, as people read numbers.
    pub fn to_hex(self) -> String {
        let mut bytes = self.0;
        bytes.reverse();
        hex(&bytes)
    }
}

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}

impl Store {
    /// The state digest, as 64 hex digits: the kept sum (one row).
    pub fn digest(&self) -> Result<String, StoreError> {
        Ok(super::digest_kept::kept_total(&self.conn)?.to_hex())
    }

    /// Live records per kind, in schema order: the kept counts (nine rows).
    pub fn kept_counts(&self) -> Result<Vec<(Kind, u64)>, StoreError> {
        super::digest_kept::kept_counts(&self.conn)
    }

    /// The state digest recomputed from the tables (what `digest` must equal).
    pub fn digest_from_scratch(&self) -> Result<String, StoreError> {
        let mut statements = MainScan::prepare(&self.conn, &Part::WHOLE)?;
        let mut scan = MainScan::new(&mut statements)?;
        let mut id_statement = KeyIds::prepare(&self.conn, &Part::WHOLE)?;
        let mut ids = KeyIds::new(&mut id_statement)?;
        let mut sum = Sum256::default();
        while let Some((_, _, digest)) = scan.next(&mut ids)? {
            sum.add(&digest.total);
        }
        Ok(sum.to_hex())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_empty_hash_is_sha256_of_nothing() {
        let nothing: [u8; 32] = Sha256::new().finalize().into();
        assert_eq!(EMPTY_SHA256, nothing);
    }

    #[test]
    fn a_record_without_elements_or_conflicts_hashes_as_before() {
        let mut hasher = RecordHasher::new();
        hasher.row(Kind::Org, &[ValueRef::Text(b"o1"), ValueRef::Null]);
        let digest = hasher.finish("o1").unwrap();
        let empty: [u8; 32] = Sha256::digest(b"").into();
        assert_eq!((digest.elements, digest.conflicts), (empty, empty));
        let mut with = RecordHasher::new();
        with.row(Kind::Org, &[ValueRef::Text(b"o1"), ValueRef::Null]);
        with.element(ValueRef::Text(b"tag"), ValueRef::Text(b"a"), ValueRef::Null);
        let with = with.finish("o1").unwrap();
        assert_ne!(with.elements, empty);
        assert_eq!(with.row, digest.row);
        assert_ne!(with.total, digest.total);
    }

    #[test]
    fn sums_wrap_and_subtraction_undoes_addition() {
        let mut sum = Sum256::default();
        let max = [0xffu8; 32];
        let mut one = [0u8; 32];
        one[0] = 1;
        sum.add(&max);
        sum.add(&one);
        assert_eq!(sum, Sum256::default(), "2^256 - 1 + 1 wraps to 0");
        let a = [7u8; 32];
        let b = [200u8; 32];
        sum.add(&a);
        sum.add(&b);
        sum.sub(&a);
        assert_eq!(sum, Sum256(b));
        sum.sub(&b);
        assert_eq!(sum, Sum256::default());
        // A record counted twice does not vanish (unlike XOR).
        sum.add(&a);
        sum.add(&a);
        assert_ne!(sum, Sum256::default());
    }
}
