//! The records a batch touches, counted exactly in bounded memory (issue 13:
//! an import's peak memory must not grow with the bundle).
//!
//! An import reports how many distinct records its new changes touch. Every
//! record the log names has a small integer key (`keys`, handed out in
//! order), so the records seen are bits of a bitmap indexed by key: one bit
//! per record the replica holds (50 KB at region scale), whatever the
//! bundle's size, and no look-up beyond the key the change's logging found
//! already. (Until session 31 the records went through a sorted window to a
//! temporary table: 2.7 % of a full import.) A key outside the bitmap's
//! range, which the store never hands out, is kept in a set.

use std::collections::BTreeSet;

/// Largest key kept as a bit (a bitmap of 256 MB at most; the store's keys
/// count records, far below).
const MAX_BIT_KEY: u64 = 1 << 31;

/// Distinct records touched by one batch (see the module).
#[derive(Default)]
pub(super) struct TouchedRecords {
    bits: Vec<u64>,
    /// Keys beyond `MAX_BIT_KEY` (none in practice).
    others: BTreeSet<i64>,
}

impl TouchedRecords {
    /// Notes that a new change touches the record of key `key`.
    pub(super) fn note(&mut self, key: i64) {
        let Some(bit) = u64::try_from(key).ok().filter(|bit| *bit <= MAX_BIT_KEY) else {
            self.others.insert(key);
            return;
        };
        // Both fit: `bit` is at most 2^31.
        let word = (bit / 64) as usize;
        if word >= self.bits.len() {
            self.bits.resize(word + 1, 0);
        }
        self.bits[word] |= 1 << (bit % 64);
    }

    /// The number of distinct records touched (a pass over the bitmap, once
    /// per batch).
    pub(super) fn count(&self) -> usize {
        let bits: u32 = self.bits.iter().map(|word| word.count_ones()).sum();
        bits as usize + self.others.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_record_counts_once_whatever_its_key() {
        let mut touched = TouchedRecords::default();
        for key in [1, 64, 63, 1, 200_000, 64, -5, i64::MAX, -5, i64::MAX, 0] {
            touched.note(key);
        }
        assert_eq!(touched.count(), 7);
        // The bitmap grows with the largest key, not with the notes.
        assert_eq!(touched.bits.len(), 200_000 / 64 + 1);
    }
}
