//! What each kind of record holds: the field sets of the guide, as data.
//!
//! The store derives its columns from nothing here (its migrations are
//! explicit SQL), but a test checks that both agree. Sets (skills, assigned
//! developers, facilitators, consents…) are stored one element per field
//! (`skill.web = 3`) so that two sites adding different elements never
//! conflict.

use super::vocab::Vocab;

/// A kind of record.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    Site,
    Org,
    Request,
    Developer,
    Workshop,
    Time,
    Budget,
    Deliverable,
    /// A place of digital inclusion from the national directory.
    Place,
}

impl Kind {
    pub const ALL: [Kind; 9] = [
        Kind::Site,
        Kind::Org,
        Kind::Request,
        Kind::Developer,
        Kind::Workshop,
        Kind::Time,
        Kind::Budget,
        Kind::Deliverable,
        Kind::Place,
    ];

    /// Where the kind stands in `ALL` (tables and bit sets indexed by kind).
    pub fn position(self) -> usize {
        match self {
            Kind::Site => 0,
            Kind::Org => 1,
            Kind::Request => 2,
            Kind::Developer => 3,
            Kind::Workshop => 4,
            Kind::Time => 5,
            Kind::Budget => 6,
            Kind::Deliverable => 7,
            Kind::Place => 8,
        }
    }

    /// The name used on the command line and in the change log.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Site => "site",
            Kind::Org => "org",
            Kind::Request => "request",
            Kind::Developer => "developer",
            Kind::Workshop => "workshop",
            Kind::Time => "time",
            Kind::Budget => "budget",
            Kind::Deliverable => "deliverable",
            Kind::Place => "place",
        }
    }

    pub fn from_name(name: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|kind| kind.name() == name)
    }

    /// The materialised table that holds this kind's current values.
    pub fn table(self) -> &'static str {
        match self {
            Kind::Site => "site",
            Kind::Org => "org",
            Kind::Request => "request",
            Kind::Developer => "developer",
            Kind::Workshop => "workshop",
            Kind::Time => "time_entry",
            Kind::Budget => "budget_line",
            Kind::Deliverable => "deliverable",
            Kind::Place => "place",
        }
    }

    pub fn fields(self) -> &'static [FieldDef] {
        match self {
            Kind::Site => SITE,
            Kind::Org => ORG,
            Kind::Request => REQUEST,
            Kind::Developer => DEVELOPER,
            Kind::Workshop => WORKSHOP,
            Kind::Time => TIME,
            Kind::Budget => BUDGET,
            Kind::Deliverable => DELIVERABLE,
            Kind::Place => PLACE,
        }
    }

    pub fn field(self, name: &str) -> Option<&'static FieldDef> {
        self.fields().iter().find(|field| field.name == name)
    }

    /// The scalar fields, in schema order (the store's columns).
    pub fn scalar_fields(self) -> impl Iterator<Item = &'static FieldDef> {
        self.fields().iter().filter(|field| field.set.is_none())
    }

    pub fn set_fields(self) -> impl Iterator<Item = &'static FieldDef> {
        self.fields().iter().filter(|field| field.set.is_some())
    }

    /// The set a change field such as `skill.web` belongs to.
    pub fn set_by_prefix(self, prefix: &str) -> Option<&'static FieldDef> {
        self.set_fields()
            .find(|field| field.set.is_some_and(|set| set.prefix == prefix))
    }

    /// The field that names a record of this kind to a person.
    pub fn label_field(self) -> &'static str {
        match self {
            Kind::Site | Kind::Org | Kind::Developer | Kind::Place => "name",
            Kind::Request | Kind::Workshop | Kind::Deliverable => "title",
            Kind::Time => "date",
            Kind::Budget => "year",
        }
    }
}

/// The field every kind has: its tombstone.
pub const DELETED_FIELD: &str = "deleted";

/// What values a field accepts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FieldType {
    /// One line of text.
    Text,
    /// Free text that may be long (needs, notes).
    LongText,
    /// An INSEE département code (`13`, `2A`).
    Departement,
    /// An INSEE commune code (`13055`).
    Commune,
    /// A slug from a vocabulary.
    Vocab(Vocab),
    /// An SPDX licence id from the licence vocabulary.
    Licence,
    /// A request status; changes follow the status rules.
    Status,
    /// A calendar date, `YYYY-MM-DD` (also accepts `DD/MM/YYYY`).
    Date,
    /// Non-negative hours, decimals allowed.
    Hours,
    /// A non-negative whole number.
    Count,
    /// A non-negative amount in euros.
    Amount,
    /// A year such as 2026.
    Year,
    /// The id of another record.
    Ref(Kind),
    /// An http(s) address.
    Url,
    /// An e-mail address or other role-based contact.
    Contact,
    /// A SIRET (14 digits) or RNA (`W` + 9 digits) number.
    Siret,
    /// A base64 ed25519 public key (written by the software, not people).
    PublicKey,
    /// A sequence number (trust cut-offs).
    Seq,
    /// A latitude in decimal degrees (WGS84), -90 to 90.
    Latitude,
    /// A longitude in decimal degrees (WGS84), -180 to 180.
    Longitude,
}

impl FieldType {
    /// The vocabulary whose slugs the field holds, if any.
    pub fn vocab(self) -> Option<Vocab> {
        match self {
            FieldType::Vocab(vocab) => Some(vocab),
            FieldType::Status => Some(Vocab::Status),
            FieldType::Licence => Some(Vocab::Licence),
            _ => None,
        }
    }

    /// Whether the field holds a quantity (hours, a count, euros): set to
    /// the right in columns, so that units and digits line up.
    pub fn is_quantity(self) -> bool {
        matches!(
            self,
            FieldType::Hours | FieldType::Count | FieldType::Amount
        )
    }
}

/// How a set's elements are named.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Element {
    Vocab(Vocab),
    Ref(Kind),
}

/// What a set stores for each element.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ElementValue {
    /// Present or not (`1`).
    Flag,
    /// A level from 1 to 3.
    Level,
    /// A date (consents: when it was given).
    Date,
    /// A count (participants by group).
    Count,
}

/// A set field: stored one element per change field, `prefix.element`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SetDef {
    pub prefix: &'static str,
    pub element: Element,
    pub value: ElementValue,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FieldDef {
    pub name: &'static str,
    pub ty: FieldType,
    pub required: bool,
    pub set: Option<SetDef>,
}

const fn field(name: &'static str, ty: FieldType) -> FieldDef {
    FieldDef {
        name,
        ty,
        required: false,
        set: None,
    }
}

const fn required(name: &'static str, ty: FieldType) -> FieldDef {
    FieldDef {
        name,
        ty,
        required: true,
        set: None,
    }
}

const fn set(
    name: &'static str,
    prefix: &'static str,
    element: Element,
    value: ElementValue,
) -> FieldDef {
    FieldDef {
        name,
        ty: FieldType::Text,
        required: false,
        set: Some(SetDef {
            prefix,
            element,
            value,
        }),
    }
}

use ElementValue as EV;
use FieldType as T;

const SITE: &[FieldDef] = &[
    required("name", T::Text),
    required("departement", T::Departement),
    field("commune", T::Commune),
    field("role", T::Vocab(Vocab::SiteRole)),
    field("public_key", T::PublicKey),
    field("enrolled_on", T::Date),
    field("revoked_after", T::Seq),
];

const ORG: &[FieldDef] = &[
    required("name", T::Text),
    field("kind", T::Vocab(Vocab::OrgKind)),
    field("siret", T::Siret),
    field("departement", T::Departement),
    field("commune", T::Commune),
    field("website", T::Url),
    field("contact", T::Contact),
    // Set on the record a merge folded into another (with its tombstone).
    field("merged_into", T::Ref(Kind::Org)),
];

const REQUEST: &[FieldDef] = &[
    required("title", T::Text),
    field("need", T::LongText),
    field("organisation", T::Ref(Kind::Org)),
    field("departement", T::Departement),
    field("category", T::Vocab(Vocab::Category)),
    set("skills", "skill", Element::Vocab(Vocab::Skill), EV::Flag),
    field("data_sources", T::LongText),
    field("licence", T::Licence),
    field("priority", T::Vocab(Vocab::Priority)),
    field("status", T::Status),
    field("status_reason", T::Text),
    set(
        "developers",
        "developer",
        Element::Ref(Kind::Developer),
        EV::Flag,
    ),
    field("estimated_hours", T::Hours),
    field("received_on", T::Date),
    field("delivered_on", T::Date),
];

const DEVELOPER: &[FieldDef] = &[
    required("name", T::Text),
    field("email", T::Contact),
    field("departement", T::Departement),
    field("role", T::Vocab(Vocab::DeveloperRole)),
    set("skills", "skill", Element::Vocab(Vocab::Skill), EV::Level),
    field("availability", T::Hours),
    set(
        "consents",
        "consent",
        Element::Vocab(Vocab::Consent),
        EV::Date,
    ),
    // When a consent was withdrawn, per purpose. Beside `consents` rather
    // than a record kind of its own: one person's consents sync, merge and
    // are erased with the person, and a withdrawal never conflicts with the
    // date it was given (two change fields).
    set(
        "consents_withdrawn",
        "consent_withdrawn",
        Element::Vocab(Vocab::Consent),
        EV::Date,
    ),
    field("last_activity", T::Date),
    // Set on the record a merge folded into another (with its tombstone).
    field("merged_into", T::Ref(Kind::Developer)),
];

const WORKSHOP: &[FieldDef] = &[
    required("title", T::Text),
    field("kind", T::Vocab(Vocab::WorkshopKind)),
    field("date", T::Date),
    field("duration", T::Hours),
    field("site", T::Ref(Kind::Site)),
    field("request", T::Ref(Kind::Request)),
    set(
        "facilitators",
        "facilitator",
        Element::Ref(Kind::Developer),
        EV::Flag,
    ),
    field("participants", T::Count),
    set(
        "breakdown",
        "breakdown",
        Element::Vocab(Vocab::Breakdown),
        EV::Count,
    ),
    field("outputs", T::LongText),
    field("notes", T::LongText),
    field("place", T::Ref(Kind::Place)),
];

const TIME: &[FieldDef] = &[
    required("developer", T::Ref(Kind::Developer)),
    field("request", T::Ref(Kind::Request)),
    field("workshop", T::Ref(Kind::Workshop)),
    required("date", T::Date),
    required("hours", T::Hours),
    field("note", T::Text),
];

const BUDGET: &[FieldDef] = &[
    required("year", T::Year),
    required("amount", T::Amount),
    field("label", T::Text),
    field("category", T::Vocab(Vocab::BudgetCategory)),
];

const DELIVERABLE: &[FieldDef] = &[
    required("title", T::Text),
    field("request", T::Ref(Kind::Request)),
    field("kind", T::Vocab(Vocab::Category)),
    field("url", T::Url),
    field("licence", T::Licence),
    field("published_on", T::Date),
];

/// A place of the national directory of digital inclusion (LaMednum's
/// *schéma des lieux de médiation numérique*), imported from its files.
/// `directory_key` is the stable key re-imports update by: the directory's
/// id, else SIRET, name and address. Multiple values are joined by `|`.
/// Coordinates are decimal degrees (WGS84), stored with a point as the
/// importer writes them.
const PLACE: &[FieldDef] = &[
    required("name", T::Text),
    field("directory_key", T::Text),
    field("directory_id", T::Text),
    field("siret", T::Siret),
    field("address", T::Text),
    field("postcode", T::Text),
    field("commune", T::Commune),
    field("commune_name", T::Text),
    field("departement", T::Departement),
    field("latitude", T::Latitude),
    field("longitude", T::Longitude),
    field("typology", T::Text),
    field("services", T::LongText),
    field("website", T::Url),
    field("source", T::Text),
    field("updated_on", T::Date),
];

/// A change field resolved against the schema.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FieldRef<'a> {
    Deleted,
    Scalar(&'static FieldDef),
    Element {
        set: &'static FieldDef,
        element: &'a str,
    },
}

/// Resolves a change's field name (`title`, `skill.web`, `deleted`).
pub fn resolve_field(kind: Kind, name: &str) -> Option<FieldRef<'_>> {
    if name == DELETED_FIELD {
        return Some(FieldRef::Deleted);
    }
    if let Some((prefix, element)) = name.split_once('.') {
        let set = kind.set_by_prefix(prefix)?;
        if element.is_empty() || element.len() > 64 {
            return None;
        }
        return Some(FieldRef::Element { set, element });
    }
    kind.field(name)
        .filter(|field| field.set.is_none())
        .map(FieldRef::Scalar)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_round_trips_its_name_and_has_a_label_field() {
        for kind in Kind::ALL {
            assert_eq!(Kind::from_name(kind.name()), Some(kind));
            assert!(kind.field(kind.label_field()).is_some(), "{kind:?}");
        }
    }

    #[test]
    fn every_kind_stands_at_its_position_in_all() {
        for (at, kind) in Kind::ALL.into_iter().enumerate() {
            assert_eq!(kind.position(), at, "{kind:?}");
        }
    }

    #[test]
    fn change_fields_resolve_to_scalars_sets_and_tombstones() {
        assert!(matches!(
            resolve_field(Kind::Request, "title"),
            Some(FieldRef::Scalar(_))
        ));
        assert!(matches!(
            resolve_field(Kind::Developer, "skill.web"),
            Some(FieldRef::Element { element: "web", .. })
        ));
        assert_eq!(resolve_field(Kind::Org, "deleted"), Some(FieldRef::Deleted));
        assert_eq!(resolve_field(Kind::Org, "skills"), None);
        assert_eq!(resolve_field(Kind::Org, "nope"), None);
        assert_eq!(
            resolve_field(Kind::Developer, "skills"),
            None,
            "a set is never a scalar"
        );
        assert_eq!(resolve_field(Kind::Developer, "skill."), None);
    }
}
