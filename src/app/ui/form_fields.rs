//! Which fields each kind's form shows, the picker options and format hints
//! of a field type, how a stored value reads in the form, the text a set
//! field starts with, and how a name typed in a set of records (`Zoé`) is
//! matched against the records' labels.

use super::picker::PickOption;
use crate::domain::schema::{Element, ElementValue, FieldType, Kind};
use crate::domain::validate::parse_date;
use crate::domain::{geo, vocab::Vocab};
use crate::i18n::Lang;
use crate::search::fold;

pub use crate::domain::naming::{NameMatch, match_name};
use crate::store::Record;

/// Options of a picker for a field type; `refs` supplies other records.
pub fn options_for(
    ty: FieldType,
    lang: Lang,
    refs: &mut dyn FnMut(Kind) -> Vec<(String, String)>,
) -> Option<Vec<PickOption>> {
    let vocab = |vocab: Vocab| {
        vocab
            .terms()
            .iter()
            .map(|term| PickOption::new(term.slug.clone(), term.label(lang)))
            .collect()
    };
    match ty {
        FieldType::Departement => Some(
            geo::departements()
                .iter()
                .map(|dep| PickOption::new(dep.code.clone(), format!("{} {}", dep.code, dep.name)))
                .collect(),
        ),
        FieldType::Commune => Some(commune_options("")),
        FieldType::Vocab(v) => Some(vocab(v)),
        FieldType::Licence => Some(vocab(Vocab::Licence)),
        FieldType::Ref(kind) => Some(
            refs(kind)
                .into_iter()
                .map(|(id, label)| PickOption::new(id, label))
                .collect(),
        ),
        _ => None,
    }
}

/// The PACA communes of a département (all of them when it is empty),
/// by name; typing a name or an INSEE code filters them.
pub fn commune_options(departement: &str) -> Vec<PickOption> {
    let mut options: Vec<PickOption> = geo::paca_communes()
        .iter()
        .filter(|commune| departement.is_empty() || commune.departement == departement)
        .map(|commune| PickOption::new(commune.code.clone(), commune.name.clone()))
        .collect();
    options.sort_by_cached_key(|option| fold(&option.label));
    options
}

/// The fields a person fills in for each kind (status changes have their own
/// dialog; computed and technical fields are left out).
pub fn form_fields(kind: Kind) -> &'static [&'static str] {
    match kind {
        Kind::Request => &[
            "title",
            "need",
            "organisation",
            "departement",
            "category",
            "skills",
            "licence",
            "priority",
            "estimated_hours",
            "developers",
        ],
        Kind::Developer => &[
            "name",
            "email",
            "departement",
            "role",
            "skills",
            "availability",
        ],
        Kind::Workshop => &[
            "title",
            "kind",
            "date",
            "duration",
            "site",
            "place",
            "request",
            "facilitators",
            "participants",
            "outputs",
            "notes",
        ],
        Kind::Org => &[
            "name",
            "kind",
            "siret",
            "departement",
            "commune",
            "website",
            "contact",
        ],
        Kind::Deliverable => &["title", "request", "kind", "url", "licence", "published_on"],
        Kind::Time => &["developer", "request", "workshop", "date", "hours", "note"],
        Kind::Budget => &["year", "label", "amount", "category"],
        Kind::Site | Kind::Place => &[],
    }
}

pub fn hint_for(ty: FieldType, set: Option<crate::domain::schema::SetDef>) -> Option<&'static str> {
    if let Some(set) = set {
        return Some(match (set.element, set.value) {
            (Element::Vocab(_), ElementValue::Level) => "tui.hint.skill_levels",
            (Element::Vocab(_), _) => "tui.hint.slugs",
            (Element::Ref(_), _) => "tui.hint.names",
        });
    }
    match ty {
        FieldType::Date => Some("tui.hint.date"),
        FieldType::Hours | FieldType::Count | FieldType::Latitude | FieldType::Longitude => {
            Some("tui.hint.number")
        }
        FieldType::Departement
        | FieldType::Commune
        | FieldType::Vocab(_)
        | FieldType::Licence
        | FieldType::Ref(_) => Some("tui.hint.pick"),
        _ => None,
    }
}

/// The text a set field starts with: `web:3, dataviz:2`, or names for
/// references (`names` gives a record's label).
pub fn set_text(
    record: &Record,
    set_name: &str,
    names: &mut dyn FnMut(Kind, &str) -> String,
) -> String {
    let Some(def) = record.kind.field(set_name).and_then(|def| def.set) else {
        return String::new();
    };
    let Some(elements) = record.sets.get(set_name) else {
        return String::new();
    };
    elements
        .iter()
        .map(|(element, value)| match (def.element, def.value) {
            (Element::Ref(kind), _) => names(kind, element),
            (_, ElementValue::Flag) => element.clone(),
            _ => format!("{element}:{value}"),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// A scalar value as the form shows it in `lang`: dates and degrees as the
/// language writes them (`20/11/2026`, `44,089876` in French), whatever
/// spelling they are stored or defaulted in; text that does not read as its
/// type is left for the user to see and correct. The form reads either
/// spelling back.
pub fn as_written(ty: FieldType, lang: Lang, text: String) -> String {
    match ty {
        FieldType::Date => match parse_date(&text) {
            Some(date) => crate::i18n::format_date(lang, date),
            None => text,
        },
        FieldType::Latitude | FieldType::Longitude => match text.parse() {
            Ok(degrees) => crate::i18n::format_degrees(lang, degrees),
            Err(_) => text,
        },
        _ => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn degrees_are_shown_as_each_language_writes_them() {
        assert_eq!(
            as_written(FieldType::Latitude, Lang::Fr, "44.089876".into()),
            "44,089876"
        );
        assert_eq!(
            as_written(FieldType::Latitude, Lang::Fr, "-5.3".into()),
            "-5,3"
        );
        assert_eq!(as_written(FieldType::Latitude, Lang::Fr, "6".into()), "6");
        assert_eq!(
            as_written(FieldType::Longitude, Lang::En, "44.089876".into()),
            "44.089876"
        );
        assert_eq!(
            as_written(FieldType::Latitude, Lang::Fr, "nord".into()),
            "nord"
        );
    }

    #[test]
    fn a_date_is_shown_as_each_language_writes_it() {
        for stored in ["2026-11-20", "20/11/2026"] {
            assert_eq!(
                as_written(FieldType::Date, Lang::Fr, stored.into()),
                "20/11/2026"
            );
            assert_eq!(
                as_written(FieldType::Date, Lang::En, stored.into()),
                "2026-11-20"
            );
        }
        assert_eq!(
            as_written(FieldType::Date, Lang::Fr, "bientôt".into()),
            "bientôt"
        );
        assert_eq!(as_written(FieldType::Date, Lang::En, String::new()), "");
    }
}
