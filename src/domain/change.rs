//! Field-level changes: the unit that is logged, synced and merged.
//!
//! A change id is `site:seq` (origin site, that site's own counter). Its
//! content hash covers everything that travels, so that the same id arriving
//! with other content (a database restored from a backup that kept writing)
//! is recognised as a fork.

use super::hlc::Stamp;
use super::schema::Kind;
use sha2::{Digest, Sha256};
use std::fmt;

/// A site (installation) id: 16 lowercase hexadecimal characters, random.
pub type SiteId = String;

/// The largest seq any site may use (2^48: a site writing a change every
/// millisecond would need 8,900 years). Every seq from outside is checked
/// against it, so `seq + 1` and the conversion to SQLite's i64 never fail.
pub const MAX_SEQ: u64 = 1 << 48;

/// Whether `text` has the shape of a site id.
pub fn is_site_id(text: &str) -> bool {
    text.len() == 16 && all_bytes(text, |b| b.is_ascii_digit() | (b'a'..=b'f').contains(&b))
}

/// Whether `text` has the characters of a record id: ASCII letters,
/// digits and `-` (its length is the caller's to bound).
pub fn has_record_id_bytes(text: &str) -> bool {
    all_bytes(text, |b| b.is_ascii_alphanumeric() | (b == b'-'))
}

/// Whether every byte of `text` passes `test`, without stopping at the
/// first that fails: every change of every import is checked twice, and
/// a loop without an early exit compiles to vector code.
fn all_bytes(text: &str, test: impl Fn(u8) -> bool) -> bool {
    text.bytes().fold(true, |all, b| all & test(b))
}

/// `site:seq`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ChangeId {
    pub site: SiteId,
    pub seq: u64,
}

impl ChangeId {
    pub fn new(site: impl Into<SiteId>, seq: u64) -> Self {
        ChangeId {
            site: site.into(),
            seq,
        }
    }

    /// Parses `site:seq`.
    pub fn parse(text: &str) -> Option<ChangeId> {
        let (site, seq) = text.trim().split_once(':')?;
        if !is_site_id(site) {
            return None;
        }
        let seq: u64 = seq.parse().ok()?;
        (seq > 0 && seq <= MAX_SEQ).then(|| ChangeId::new(site, seq))
    }

    /// Formats a list as the log stores it: space-separated, sorted.
    pub fn join(ids: &[ChangeId]) -> String {
        let mut sorted: Vec<&ChangeId> = ids.iter().collect();
        sorted.sort();
        sorted
            .iter()
            .map(|id| id.to_string())
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// Parses a space-separated list; `None` if any item is malformed.
    pub fn split(text: &str) -> Option<Vec<ChangeId>> {
        // Most changes have no parents: no iterator to run.
        if text.is_empty() {
            return Some(Vec::new());
        }
        text.split_whitespace().map(ChangeId::parse).collect()
    }
}

impl fmt::Display for ChangeId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.site, self.seq)
    }
}

/// One field-level change.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change {
    pub id: ChangeId,
    pub record: String,
    pub kind: Kind,
    /// `title`, `skill.web`, `deleted`…
    pub field: String,
    /// `None` removes a set element (or clears a scalar).
    pub value: Option<String>,
    /// Hybrid-logical-clock stamp: orders concurrent values.
    pub stamp: Stamp,
    /// The author's wall clock, in milliseconds since the epoch (display only).
    pub wall_ms: i64,
    /// The operator's name from the config of the origin site.
    pub author: String,
    /// The change ids of the value(s) the editor saw.
    pub parents: Vec<ChangeId>,
}

impl Change {
    /// SHA-256 over a canonical, length-prefixed encoding of the content.
    pub fn content_hash(&self) -> [u8; 32] {
        let mut hasher = Sha256::new();
        let mut put = |bytes: &[u8]| {
            hasher.update((bytes.len() as u64).to_le_bytes());
            hasher.update(bytes);
        };
        put(self.id.site.as_bytes());
        put(&self.id.seq.to_le_bytes());
        put(self.record.as_bytes());
        put(self.kind.name().as_bytes());
        put(self.field.as_bytes());
        match &self.value {
            Some(value) => {
                put(b"v");
                put(value.as_bytes());
            }
            None => put(b"-"),
        }
        put(&self.stamp.0.to_le_bytes());
        put(&self.wall_ms.to_le_bytes());
        put(self.author.as_bytes());
        put(ChangeId::join(&self.parents).as_bytes());
        hasher.finalize().into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn site_and_record_ids_are_told_by_their_bytes() {
        assert!(is_site_id("0123456789abcdef"));
        for not_a_site in [
            "0123456789ABCDEF",
            "0123456789abcde",
            "0123456789abcdefa",
            "0123456789abcdeg",
            "0123456789abcdé",
        ] {
            assert!(!is_site_id(not_a_site), "{not_a_site}");
        }
        assert!(has_record_id_bytes("01a23050-5548-70cc-9cc7-784cf76b43be"));
        assert!(has_record_id_bytes("Org-42"));
        // A bad byte anywhere, the last one included, is seen.
        for not_a_record in ["org_1", "org 1", "org-é", "org/1", "org-1\n", "\0"] {
            assert!(!has_record_id_bytes(not_a_record), "{not_a_record:?}");
        }
    }

    fn sample() -> Change {
        Change {
            id: ChangeId::new("0123456789abcdef", 7),
            record: "r1".into(),
            kind: Kind::Request,
            field: "title".into(),
            value: Some("Carte".into()),
            stamp: Stamp(42),
            wall_ms: 1000,
            author: "Anne".into(),
            parents: vec![ChangeId::new("0123456789abcdef", 3)],
        }
    }

    #[test]
    fn change_ids_parse_and_print() {
        let id = ChangeId::parse("0123456789abcdef:12").unwrap();
        assert_eq!(id.to_string(), "0123456789abcdef:12");
        assert_eq!(ChangeId::parse("0123456789abcdef:0"), None);
        assert_eq!(ChangeId::parse("xyz:1"), None);
        assert_eq!(
            ChangeId::parse(&format!("0123456789abcdef:{}", MAX_SEQ + 1)),
            None
        );
        assert_eq!(
            ChangeId::split("0123456789abcdef:2 0123456789abcdef:1")
                .unwrap()
                .len(),
            2
        );
        assert_eq!(ChangeId::split("bad"), None);
    }

    #[test]
    fn the_hash_covers_every_travelling_part() {
        let base = sample();
        let hash = base.content_hash();
        let mut variants = Vec::new();
        let mut c = base.clone();
        c.value = Some("Carte!".into());
        variants.push(c);
        let mut c = base.clone();
        c.value = None;
        variants.push(c);
        let mut c = base.clone();
        c.stamp = Stamp(43);
        variants.push(c);
        let mut c = base.clone();
        c.author = "Bob".into();
        variants.push(c);
        let mut c = base.clone();
        c.parents.clear();
        variants.push(c);
        let mut c = base.clone();
        c.field = "need".into();
        variants.push(c);
        for variant in variants {
            assert_ne!(variant.content_hash(), hash, "{variant:?}");
        }
        assert_eq!(base.clone().content_hash(), hash);
    }
}
