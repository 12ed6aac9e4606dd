//! Erasure (GDPR): purge markers and payload-free stubs.
//!
//! A purge is a change on the record's `purged` field, without a value: it
//! names the record, its kind, the site and operator who purged it and when,
//! never the erased values. Every other logged change of the record becomes
//! a stub: its value and author are dropped, its id, record, kind, field,
//! stamps, parents and original content hash stay, so that version vectors
//! stay contiguous and fork detection still works. See `docs/sync.md`.

use super::change::Change;
use super::schema::Kind;

/// The field a purge marker is written on.
pub const PURGED_FIELD: &str = "purged";

/// The kinds whose records hold personal data and may be purged: people
/// (developers) and organisations (their contact).
pub fn purgeable(kind: Kind) -> bool {
    matches!(kind, Kind::Developer | Kind::Org)
}

/// A logged change as it travels and is stored: whole, or a stub.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Logged {
    /// For a stub: value `None`, author empty.
    pub change: Change,
    /// For a stub, the content hash of the change before it was erased.
    pub stub: Option<[u8; 32]>,
}

impl Logged {
    /// A stub of `change`: value and author dropped, original hash kept.
    pub fn stub_of(mut change: Change, hash: [u8; 32]) -> Logged {
        change.value = None;
        change.author.clear();
        Logged {
            change,
            stub: Some(hash),
        }
    }

    /// The content hash fork detection compares: the original one for a stub.
    pub fn hash(&self) -> [u8; 32] {
        self.stub.unwrap_or_else(|| self.change.content_hash())
    }

    /// Whether this is a purge marker.
    pub fn is_marker(&self) -> bool {
        self.stub.is_none() && is_marker(&self.change)
    }
}

/// A logged change with the hash fork detection compares, computed once:
/// an import computes it on the thread that reads the bundle while the store
/// writes the changes before it. Only `new` makes one, so the hash always
/// matches the change.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hashed {
    logged: Logged,
    hash: [u8; 32],
}

impl Hashed {
    pub fn new(logged: Logged) -> Hashed {
        let hash = logged.hash();
        Hashed { logged, hash }
    }

    /// `Logged::hash`, as computed by `new`.
    pub fn hash(&self) -> [u8; 32] {
        self.hash
    }

    pub fn logged(&self) -> &Logged {
        &self.logged
    }

    pub fn into_logged(self) -> Logged {
        self.logged
    }
}

impl From<Logged> for Hashed {
    fn from(logged: Logged) -> Hashed {
        Hashed::new(logged)
    }
}

impl From<Change> for Logged {
    fn from(change: Change) -> Logged {
        Logged { change, stub: None }
    }
}

/// Whether a change is a purge marker.
pub fn is_marker(change: &Change) -> bool {
    change.field == PURGED_FIELD
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{ChangeId, Stamp};

    #[test]
    fn a_stub_keeps_the_original_hash_and_drops_value_and_author() {
        let change = Change {
            id: ChangeId::new("0123456789abcdef", 1),
            record: "d1".into(),
            kind: Kind::Developer,
            field: "name".into(),
            value: Some("Anne".into()),
            stamp: Stamp(5),
            wall_ms: 1,
            author: "Lead".into(),
            parents: Vec::new(),
        };
        let hash = change.content_hash();
        let stub = Logged::stub_of(change, hash);
        assert_eq!(stub.change.value, None);
        assert!(stub.change.author.is_empty());
        assert_eq!(stub.hash(), hash);
        assert!(!stub.is_marker());
        assert!(purgeable(Kind::Developer) && !purgeable(Kind::Time));
    }
}
