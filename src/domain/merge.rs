//! The merge rule, as pure functions: the state of a field is a function of
//! the set of its changes, whatever their order of arrival.
//!
//! - A parent edge counts only within the same (record, field) and only when
//!   the parent's `(stamp, site)` is lower than the child's, so a hostile
//!   graph cannot hide a value.
//! - The heads are the present versions no present version names as parent.
//! - The shown value is the head with the largest `(stamp, site)`.
//! - More than one head holding different values is a conflict.
//! - A deleted record with a head the deletion did not see is a conflict.

use super::DELETED_FIELD;
use super::change::ChangeId;
use super::hlc::Stamp;
use std::collections::{BTreeMap, HashMap, HashSet};

/// One present version of a field, as the merge sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Version {
    pub id: ChangeId,
    pub stamp: Stamp,
    pub parents: Vec<ChangeId>,
    pub value: Option<String>,
}

impl Version {
    /// The total order of versions: stamp, then site id (then seq, which
    /// only matters for hostile data reusing a stamp).
    pub fn order_key(&self) -> (Stamp, &str, u64) {
        (self.stamp, self.id.site.as_str(), self.id.seq)
    }
}

/// Indices of the heads among `versions` (all of the same record and field),
/// sorted by ascending `(stamp, site)`. O(versions × parents) through a hash
/// map of ids, so hostile data with thousands of versions stays linear; the
/// values are not looked at (callers may leave them out).
pub fn heads(versions: &[Version]) -> Vec<usize> {
    let superseded = superseded(versions, |version| {
        (&version.id, version.parents.as_slice(), version.order_key())
    });
    let mut result: Vec<usize> = (0..versions.len())
        .filter(|&position| !superseded[position])
        .collect();
    result.sort_by(|&a, &b| versions[a].order_key().cmp(&versions[b].order_key()));
    result
}

/// Up to this many versions, a parent is looked for by a scan: a field
/// edited a few times (nearly all of them) costs no hash map.
const SCANNED: usize = 8;

/// Which of `items` (versions of one field, each giving its id, parents and
/// order key through `view`) a present later version names as parent: the
/// rule of `heads`, shared by every caller that holds versions in another
/// shape.
pub fn superseded<'a, T>(
    items: &'a [T],
    view: impl Fn(&'a T) -> (&'a ChangeId, &'a [ChangeId], (Stamp, &'a str, u64)),
) -> Vec<bool> {
    let mut superseded = vec![false; items.len()];
    if items.len() < 2 {
        return superseded;
    }
    let views: Vec<_> = items.iter().map(view).collect();
    let mut mark = |position: usize, child: (Stamp, &str, u64)| {
        if views[position].2 < child {
            superseded[position] = true;
        }
    };
    if views.len() <= SCANNED {
        for (_, parents, child) in &views {
            for parent in *parents {
                if let Some(position) = views.iter().position(|(id, _, _)| *id == parent) {
                    mark(position, *child);
                }
            }
        }
    } else {
        let index: HashMap<&ChangeId, usize> = views
            .iter()
            .enumerate()
            .map(|(position, (id, _, _))| (*id, position))
            .collect();
        for (_, parents, child) in &views {
            for parent in *parents {
                if let Some(&position) = index.get(parent) {
                    mark(position, *child);
                }
            }
        }
    }
    superseded
}

/// The outcome of merging one field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Merged {
    /// Heads, ascending by `(stamp, site)`; the last one wins.
    pub heads: Vec<usize>,
    /// Whether the heads disagree.
    pub conflict: bool,
}

impl Merged {
    pub fn winner(&self) -> Option<usize> {
        self.heads.last().copied()
    }

    /// The winning head's value among the `versions` merged (`None`: no
    /// head, or a head that unsets the field).
    pub fn winning_value<'v>(&self, versions: &'v [Version]) -> Option<&'v str> {
        self.winner()
            .and_then(|index| versions.get(index))
            .and_then(|version| version.value.as_deref())
    }
}

pub fn merge(versions: &[Version]) -> Merged {
    let heads = heads(versions);
    // If any two heads differ, some neighbouring pair differs.
    let conflict = heads
        .windows(2)
        .any(|pair| versions[pair[0]].value != versions[pair[1]].value);
    Merged { heads, conflict }
}

/// The stamp a new local edit must carry so that its parents count: strictly
/// after every parent, even if a parent came from a clock set in the future.
/// Saturates at [`Stamp::MAX`] (the window every replica accepts) instead of
/// wrapping; this floor is used for that one change only and never becomes
/// the replica's clock.
pub fn stamp_after_parents(clock_stamp: Stamp, parents: &[&Version]) -> Stamp {
    parents
        .iter()
        .map(|parent| parent.stamp.succ())
        .fold(clock_stamp, Stamp::max)
}

/// Whether a record's `deleted` field, merged, reads deleted (its kind
/// table's `deleted` column then holds 1).
pub fn is_deleted(fields: &BTreeMap<String, Vec<Version>>) -> bool {
    fields
        .get(DELETED_FIELD)
        .is_some_and(|versions| merge(versions).winning_value(versions) == Some("1"))
}

/// A record is deleted yet some field has a head the deletion did not see.
pub fn edit_concurrent_with_deletion(fields: &BTreeMap<String, Vec<Version>>) -> bool {
    let Some(deleted_versions) = fields.get(DELETED_FIELD) else {
        return false;
    };
    let merged = merge(deleted_versions);
    let seen: HashSet<&ChangeId> = merged
        .heads
        .iter()
        .map(|&index| &deleted_versions[index])
        .filter(|version| version.value.as_deref() == Some("1"))
        .flat_map(|version| version.parents.iter())
        .collect();
    fields
        .iter()
        .filter(|(field, _)| field.as_str() != DELETED_FIELD)
        .any(|(_, versions)| {
            heads(versions)
                .into_iter()
                .any(|index| !seen.contains(&versions[index].id))
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn version(site: &str, seq: u64, stamp: u64, parents: &[(&str, u64)], value: &str) -> Version {
        Version {
            id: ChangeId::new(site.repeat(16 / site.len()), seq),
            stamp: Stamp(stamp),
            parents: parents
                .iter()
                .map(|(s, q)| ChangeId::new(s.repeat(16 / s.len()), *q))
                .collect(),
            value: Some(value.to_string()),
        }
    }

    #[test]
    fn a_record_reads_deleted_when_its_winning_deleted_value_is_one() {
        let fields = |versions: Vec<Version>| {
            BTreeMap::from([
                ("title".to_string(), vec![version("a", 1, 10, &[], "x")]),
                (DELETED_FIELD.to_string(), versions),
            ])
        };
        assert!(is_deleted(&fields(vec![version("a", 2, 20, &[], "1")])));
        // Restored after the deletion it saw.
        assert!(!is_deleted(&fields(vec![
            version("a", 2, 20, &[], "1"),
            version("b", 1, 30, &[("a", 2)], "0"),
        ])));
        // Concurrent deletion and restoration: the larger stamp wins.
        assert!(is_deleted(&fields(vec![
            version("a", 2, 40, &[], "1"),
            version("b", 1, 30, &[], "0"),
        ])));
        let mut never = fields(Vec::new());
        never.remove(DELETED_FIELD);
        assert!(!is_deleted(&never));
    }

    #[test]
    fn a_later_edit_that_saw_the_value_replaces_it() {
        let versions = [
            version("a", 1, 10, &[], "x"),
            version("b", 1, 20, &[("a", 1)], "y"),
        ];
        let merged = merge(&versions);
        assert_eq!(merged.heads, vec![1]);
        assert!(!merged.conflict);
    }

    #[test]
    fn concurrent_edits_conflict_and_the_largest_stamp_is_shown() {
        let versions = [
            version("a", 1, 10, &[], "x"),
            version("b", 1, 20, &[("a", 1)], "y"),
            version("c", 1, 15, &[("a", 1)], "z"),
        ];
        let merged = merge(&versions);
        assert_eq!(merged.heads, vec![2, 1]);
        assert_eq!(merged.winner(), Some(1));
        assert_eq!(merged.winning_value(&versions), Some("y"));
        assert!(merged.conflict);
        assert_eq!(merge(&[]).winning_value(&[]), None);
    }

    #[test]
    fn equal_concurrent_values_are_not_a_conflict() {
        let versions = [version("a", 1, 10, &[], "x"), version("b", 1, 11, &[], "x")];
        assert!(!merge(&versions).conflict);
        assert_eq!(merge(&versions).heads.len(), 2);
    }

    #[test]
    fn a_parent_with_a_higher_stamp_cannot_be_hidden() {
        // b claims a as parent but is stamped lower: the edge does not count.
        let versions = [
            version("a", 1, 50, &[], "x"),
            version("b", 1, 20, &[("a", 1)], "y"),
        ];
        let merged = merge(&versions);
        assert_eq!(merged.heads, vec![1, 0]);
        assert!(merged.conflict);
    }

    #[test]
    fn a_child_arriving_before_its_parent_settles_when_the_parent_arrives() {
        let child = version("b", 1, 20, &[("a", 1)], "y");
        assert_eq!(merge(std::slice::from_ref(&child)).heads, vec![0]);
        let both = [child, version("a", 1, 10, &[], "x")];
        assert_eq!(merge(&both).heads, vec![0]);
    }

    #[test]
    fn new_edits_are_stamped_after_future_parents() {
        let future = version("a", 1, 1_000, &[], "x");
        assert_eq!(stamp_after_parents(Stamp(5), &[&future]), Stamp(1_001));
        assert_eq!(stamp_after_parents(Stamp(5_000), &[&future]), Stamp(5_000));
    }

    #[test]
    fn a_parent_at_the_ceiling_does_not_wrap_the_child() {
        let top = Version {
            stamp: Stamp::MAX,
            ..version("a", 1, 0, &[], "x")
        };
        let far = Version {
            stamp: Stamp(u64::MAX),
            ..version("b", 1, 0, &[], "x")
        };
        assert_eq!(stamp_after_parents(Stamp(5), &[&top, &far]), Stamp::MAX);
    }

    #[test]
    fn heads_of_a_long_chain_are_found_in_linear_time() {
        let site = "aaaaaaaaaaaaaaaa";
        let versions: Vec<Version> = (1..=50_000u64)
            .map(|seq| Version {
                id: ChangeId::new(site, seq),
                stamp: Stamp(seq),
                parents: if seq > 1 {
                    vec![ChangeId::new(site, seq - 1)]
                } else {
                    vec![]
                },
                value: None,
            })
            .collect();
        assert_eq!(heads(&versions), vec![49_999]);
    }

    fn arb_versions() -> impl Strategy<Value = Vec<Version>> {
        arb_versions_of(4, 8)
    }

    /// Versions of up to `most` distinct ids, seqs below `seqs`.
    fn arb_versions_of(seqs: u64, most: usize) -> impl Strategy<Value = Vec<Version>> {
        prop::collection::vec(
            (
                0u8..3,
                1u64..seqs,
                0u64..20,
                prop::collection::vec((0u8..3, 1u64..seqs), 0..3),
                0u8..3,
            ),
            1..most,
        )
        .prop_map(|raw| {
            let sites = ["aaaaaaaaaaaaaaaa", "bbbbbbbbbbbbbbbb", "cccccccccccccccc"];
            let mut seen = std::collections::HashSet::new();
            raw.into_iter()
                .filter(|(site, seq, ..)| seen.insert((*site, *seq)))
                .map(|(site, seq, stamp, parents, value)| Version {
                    id: ChangeId::new(sites[site as usize], seq),
                    stamp: Stamp(stamp),
                    parents: parents
                        .into_iter()
                        .map(|(s, q)| ChangeId::new(sites[s as usize], q))
                        .collect(),
                    value: Some(format!("v{value}")),
                })
                .collect()
        })
    }

    proptest! {
        #[test]
        fn few_and_many_versions_are_superseded_by_the_same_rule(versions in arb_versions_of(9, 24)) {
            // The rule spelled out, pair by pair, against `superseded`'s
            // scan (up to SCANNED versions) and its hash map (beyond).
            let by_rule: Vec<bool> = versions
                .iter()
                .map(|parent| {
                    versions.iter().any(|child| {
                        child.parents.contains(&parent.id) && parent.order_key() < child.order_key()
                    })
                })
                .collect();
            let found = superseded(&versions, |v| (&v.id, v.parents.as_slice(), v.order_key()));
            prop_assert_eq!(found, by_rule);
        }

        #[test]
        fn merge_does_not_depend_on_arrival_order(versions in arb_versions(), seed in any::<u64>()) {
            let merged = merge(&versions);
            let mut shuffled = versions.clone();
            // A deterministic shuffle from the seed.
            let mut state = seed;
            for i in (1..shuffled.len()).rev() {
                state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                shuffled.swap(i, (state >> 33) as usize % (i + 1));
            }
            let other = merge(&shuffled);
            let ids = |m: &Merged, v: &[Version]| m.heads.iter().map(|&i| v[i].id.clone()).collect::<Vec<_>>();
            prop_assert_eq!(ids(&merged, &versions), ids(&other, &shuffled));
            prop_assert_eq!(merged.conflict, other.conflict);
            prop_assert!(!merged.heads.is_empty());
        }
    }
}
