//! What merging two records writes, decided without touching the store:
//! where records of a kind can be referenced (read from the schema, so a
//! new reference field is re-pointed without anyone remembering to), and
//! which values the kept record takes over from the other one.

use crate::domain::schema::{Element, ElementValue, FieldType, Kind};
use std::collections::BTreeMap;

/// A record's current values, as merging reads them.
#[derive(Clone, Copy, Debug)]
pub struct Values<'a> {
    /// Scalar fields in schema order; `None` when never set.
    pub fields: &'a [(&'static str, Option<String>)],
    /// Set name (`skills`) → element → value.
    pub sets: &'a BTreeMap<&'static str, BTreeMap<String, String>>,
}

impl Values<'_> {
    fn get(&self, field: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|(name, _)| *name == field)
            .and_then(|(_, value)| value.as_deref())
    }
}

/// The kinds people can merge (the ones duplicates are looked for in).
pub const MERGEABLE: [Kind; 2] = [Kind::Org, Kind::Developer];

/// The field that names, on a merged record, the record it went into.
pub const MERGED_INTO: &str = "merged_into";

/// A place a record can be named from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reference {
    /// A scalar field of `kind` holding the id (`request.organisation`).
    Column { kind: Kind, field: &'static str },
    /// A set of `kind` with one element per id (`request.developer.<id>`).
    Element { kind: Kind, prefix: &'static str },
}

/// Every place a record of `target` can be referenced from, except the
/// `merged_into` of records merged before (those are gone already).
pub fn references_to(target: Kind) -> Vec<Reference> {
    let mut references = Vec::new();
    for kind in Kind::ALL {
        for def in kind.fields() {
            match (def.set, def.ty) {
                (None, FieldType::Ref(to)) if to == target && def.name != MERGED_INTO => {
                    references.push(Reference::Column {
                        kind,
                        field: def.name,
                    });
                }
                (Some(set), _) if set.element == Element::Ref(target) => {
                    references.push(Reference::Element {
                        kind,
                        prefix: set.prefix,
                    });
                }
                _ => {}
            }
        }
    }
    references
}

/// The change fields and values the kept record takes from the other: a
/// scalar the kept one lacks, a set element it lacks, a higher skill level.
/// The kept record's own values always stay.
pub fn fill_ins(kind: Kind, keep: Values, other: Values) -> Vec<(String, String)> {
    let mut writes = Vec::new();
    for def in kind.scalar_fields() {
        if def.name == MERGED_INTO {
            continue;
        }
        let missing = keep
            .get(def.name)
            .is_none_or(|value| value.trim().is_empty());
        if let (true, Some(value)) = (missing, other.get(def.name))
            && !value.trim().is_empty()
        {
            writes.push((def.name.to_string(), value.to_string()));
        }
    }
    for def in kind.set_fields() {
        let Some(set) = def.set else { continue };
        let Some(theirs) = other.sets.get(def.name) else {
            continue;
        };
        let ours = keep.sets.get(def.name);
        for (element, value) in theirs {
            let current = ours.and_then(|elements| elements.get(element));
            let take = match (current, set.value) {
                (None, _) => true,
                (Some(mine), ElementValue::Level) => level(value) > level(mine),
                (Some(_), _) => false,
            };
            if take {
                writes.push((format!("{}.{element}", set.prefix), value.clone()));
            }
        }
    }
    writes
}

fn level(value: &str) -> u8 {
    value.trim().parse().unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    type Owned = (
        Vec<(&'static str, Option<String>)>,
        BTreeMap<&'static str, BTreeMap<String, String>>,
    );

    fn developer(fields: &[(&'static str, &str)], skills: &[(&str, &str)]) -> Owned {
        let fields = Kind::Developer
            .scalar_fields()
            .map(|def| {
                let value = fields
                    .iter()
                    .find(|(name, _)| *name == def.name)
                    .map(|(_, value)| value.to_string());
                (def.name, value)
            })
            .collect();
        let mut sets = BTreeMap::new();
        let skills: BTreeMap<String, String> = skills
            .iter()
            .map(|(skill, level)| (skill.to_string(), level.to_string()))
            .collect();
        sets.insert("skills", skills);
        (fields, sets)
    }

    fn values(owned: &Owned) -> Values<'_> {
        Values {
            fields: &owned.0,
            sets: &owned.1,
        }
    }

    #[test]
    fn references_come_from_the_schema() {
        assert_eq!(
            references_to(Kind::Org),
            vec![Reference::Column {
                kind: Kind::Request,
                field: "organisation"
            }]
        );
        let developer = references_to(Kind::Developer);
        assert!(developer.contains(&Reference::Element {
            kind: Kind::Request,
            prefix: "developer"
        }));
        assert!(developer.contains(&Reference::Element {
            kind: Kind::Workshop,
            prefix: "facilitator"
        }));
        assert!(developer.contains(&Reference::Column {
            kind: Kind::Time,
            field: "developer"
        }));
        assert_eq!(
            developer.len(),
            3,
            "merged_into is not a reference to re-point"
        );
    }

    #[test]
    fn the_kept_record_keeps_its_values_and_takes_what_it_lacks() {
        let keep = developer(
            &[("name", "Zoé Martin"), ("departement", "13")],
            &[("web", "2"), ("gis", "3")],
        );
        let other = developer(
            &[
                ("name", "Z. Martin"),
                ("departement", "84"),
                ("email", "zoe@exemple.fr"),
            ],
            &[("web", "3"), ("gis", "1"), ("ux", "2")],
        );
        let writes = fill_ins(Kind::Developer, values(&keep), values(&other));
        assert_eq!(
            writes,
            vec![
                ("email".to_string(), "zoe@exemple.fr".to_string()),
                ("skill.ux".to_string(), "2".to_string()),
                ("skill.web".to_string(), "3".to_string()),
            ]
        );
    }
}
