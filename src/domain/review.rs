//! Why something needs a person's eye: the reason of a conflict (values that
//! disagree, or an edit a deletion did not see) and of a review item (merged
//! data that validation would have refused). Stored as codes; typed here.

use serde::Serialize;

/// Why a field is in conflict.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ConflictReason {
    /// Several heads hold different values.
    Values,
    /// An edit concurrent with the record's deletion.
    Deleted,
}

impl ConflictReason {
    pub fn code(self) -> &'static str {
        match self {
            ConflictReason::Values => "values",
            ConflictReason::Deleted => "deleted",
        }
    }

    /// A stored code; anything else is a disagreement of values.
    pub fn from_code(code: &str) -> ConflictReason {
        if code == ConflictReason::Deleted.code() {
            ConflictReason::Deleted
        } else {
            ConflictReason::Values
        }
    }
}

/// Why merged data is listed for review.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ReviewReason {
    /// A reference to a record that has not arrived (or was deleted).
    DanglingReference,
    /// Two organisations with one SIRET/RNA.
    DuplicateSiret,
    /// A site whose changes were stamped far in the future.
    ClockSkew,
}

impl ReviewReason {
    pub const ALL: [ReviewReason; 3] = [
        ReviewReason::DanglingReference,
        ReviewReason::DuplicateSiret,
        ReviewReason::ClockSkew,
    ];

    pub fn code(self) -> &'static str {
        match self {
            ReviewReason::DanglingReference => "dangling_reference",
            ReviewReason::DuplicateSiret => "duplicate_siret",
            ReviewReason::ClockSkew => "clock_skew",
        }
    }

    pub fn from_code(code: &str) -> Option<ReviewReason> {
        ReviewReason::ALL
            .into_iter()
            .find(|reason| reason.code() == code)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip() {
        for reason in ReviewReason::ALL {
            assert_eq!(ReviewReason::from_code(reason.code()), Some(reason));
        }
        assert_eq!(
            ConflictReason::from_code("deleted"),
            ConflictReason::Deleted
        );
        assert_eq!(ConflictReason::from_code("values"), ConflictReason::Values);
    }
}
