//! How stored values look to people, written once for both interfaces:
//! a value in words (vocabulary labels, dates, amounts, hours, départements
//! with their names, referenced records by name), wall-clock times, field and
//! kind labels, text cut to a display width with an ellipsis, and records as
//! JSON objects for scripts. The CLI and the TUI both render through here, so
//! a record reads the same in both.

use crate::domain::Vocab;
use crate::domain::escape::{escape_control, escaped};
use crate::domain::schema::{Element, ElementValue, FieldType, Kind, SetDef};
use crate::domain::validate::parse_date;
use crate::i18n::{self, Lang, tr};
use crate::store::{Record, Store, short_id};
use chrono::{DateTime, Utc};
use serde::ser::{Serialize, SerializeMap, Serializer};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// A wall-clock time as people read it (`26/11/2026 14:05` in French).
pub fn format_time(lang: Lang, wall_ms: i64) -> String {
    let Some(time) = DateTime::<Utc>::from_timestamp_millis(wall_ms) else {
        return "—".into();
    };
    match lang {
        Lang::Fr => time.format("%d/%m/%Y %H:%M").to_string(),
        Lang::En => time.format("%Y-%m-%d %H:%M").to_string(),
    }
}

/// A wall-clock time for scripts (RFC 3339, UTC).
pub fn rfc3339(wall_ms: i64) -> String {
    DateTime::<Utc>::from_timestamp_millis(wall_ms)
        .unwrap_or_default()
        .to_rfc3339()
}

/// A stored value in words. Referenced records are named through `store`
/// (their short id when they have not arrived yet). Text merged from other
/// sites may hold terminal escapes: they are shown escaped, never obeyed.
pub fn display_value(store: &Store, lang: Lang, ty: FieldType, value: &str) -> String {
    escaped(value_in_words(store, lang, ty, value))
}

fn value_in_words(store: &Store, lang: Lang, ty: FieldType, value: &str) -> String {
    match ty {
        FieldType::Ref(kind) => store
            .label_of(kind, value)
            .ok()
            .flatten()
            .filter(|label| !label.is_empty())
            .unwrap_or_else(|| erased_or_id(store, lang, value)),
        _ => plain_value_in_words(lang, ty, value),
    }
}

/// A value in words when saying it reads no other record (every type but a
/// reference, which is given as written): the detail and `show` through
/// `display_value`, the list screens' preview pane directly. Not escaped.
pub fn plain_value_in_words(lang: Lang, ty: FieldType, value: &str) -> String {
    match ty {
        FieldType::Vocab(vocab) => vocab.label(value, lang).to_string(),
        FieldType::Status => Vocab::Status.label(value, lang).to_string(),
        // As the form offers it; an identifier the list lacks, as written.
        FieldType::Licence => Vocab::Licence.label(value, lang).to_string(),
        FieldType::Date => parse_date(value)
            .map(|date| i18n::format_date(lang, date))
            .unwrap_or_else(|| value.to_string()),
        FieldType::Amount => value
            .parse()
            .map(|euros| i18n::format_amount(lang, euros))
            .unwrap_or_else(|_| value.to_string()),
        FieldType::Hours => value
            .parse()
            .map(|hours| i18n::format_hours(lang, hours))
            .unwrap_or_else(|_| value.to_string()),
        FieldType::Latitude | FieldType::Longitude => value
            .parse()
            .map(|degrees| i18n::format_degrees(lang, degrees))
            .unwrap_or_else(|_| value.to_string()),
        FieldType::Departement => match crate::domain::geo::departement(value) {
            Some(dep) => format!("{} {}", dep.code, dep.name),
            None => value.to_string(),
        },
        FieldType::Commune => crate::domain::geo::commune(value)
            .map(|commune| commune.name.clone())
            .unwrap_or_else(|| value.to_string()),
        _ => value.to_string(),
    }
}

/// One field of a record in words; sets as `element:level` lists.
pub fn cell(store: &Store, lang: Lang, record: &Record, field: &str) -> String {
    let Some(def) = record.kind.field(field) else {
        return String::new();
    };
    if let Some(set) = def.set {
        return record
            .sets
            .get(def.name)
            .map(|elements| {
                elements
                    .iter()
                    .map(|(element, value)| element_in_words(store, lang, set, element, value))
                    .collect::<Vec<_>>()
                    .join(", ")
            })
            .unwrap_or_default();
    }
    match record.get(field) {
        Some(value) => display_value(store, lang, def.ty, value),
        // A purged person's name reads "personne effacée".
        None if field == record.kind.label_field()
            && store.is_purged(&record.id).unwrap_or(false) =>
        {
            tr(lang, "purge.erased_person").to_string()
        }
        None => String::new(),
    }
}

/// `cell`, for a listing that read the label of the record a reference
/// field names in the same query (`Store::for_each_record_named`): the same
/// words, without one query per row. `label` is `Some` only for a scalar
/// reference field whose label was read (`None` inside when that record is
/// unknown or has no label).
pub fn cell_named(
    store: &Store,
    lang: Lang,
    record: &Record,
    field: &str,
    label: Option<Option<&str>>,
) -> String {
    // A column has room for a licence's identifier (`CC-BY-SA-4.0`); the
    // detail and `show` give its name.
    let licence = record
        .kind
        .field(field)
        .is_some_and(|def| def.set.is_none() && def.ty == FieldType::Licence);
    if licence {
        return record.get(field).map(escape_control).unwrap_or_default();
    }
    let (Some(label), Some(value)) = (label, record.get(field)) else {
        return cell(store, lang, record, field);
    };
    let words = match label.filter(|label| !label.is_empty()) {
        Some(label) => label.to_string(),
        None => erased_or_id(store, lang, value),
    };
    escaped(words)
}

/// A referenced record without a label: "personne effacée" when it was
/// purged, else its short id.
fn erased_or_id(store: &Store, lang: Lang, id: &str) -> String {
    if store.is_purged(id).unwrap_or(false) {
        tr(lang, "purge.erased_person").to_string()
    } else {
        short_id(id).to_string()
    }
}

/// One element of a set in words: `SIG et cartographie (3/3)`, a person's
/// name, `Contact (12/03/2026)`.
pub(crate) fn element_in_words(
    store: &Store,
    lang: Lang,
    set: SetDef,
    element: &str,
    value: &str,
) -> String {
    let name = match set.element {
        Element::Vocab(vocab) => escape_control(vocab.label(element, lang)),
        Element::Ref(kind) => display_value(store, lang, FieldType::Ref(kind), element),
    };
    match set.value {
        ElementValue::Flag => name,
        ElementValue::Level => format!("{name} ({}/3)", escape_control(value)),
        ElementValue::Date => format!(
            "{name} ({})",
            display_value(store, lang, FieldType::Date, value)
        ),
        ElementValue::Count => format!("{name} ({})", escape_control(value)),
    }
}

/// A kind of record in words (`demande`, `request`).
pub fn kind_label(lang: Lang, kind: Kind) -> String {
    tr(lang, &format!("kind.{}", kind.name())).to_string()
}

/// A field's label; a set element (`skill.web`) reads as the set's label and
/// the element. Unknown fields keep their code rather than a catalog key.
pub fn field_label(lang: Lang, kind: Kind, field: &str) -> String {
    let (prefix, element) = field.split_once('.').unwrap_or((field, ""));
    let base = match kind.set_by_prefix(prefix) {
        Some(set) if !element.is_empty() => set.name,
        _ => prefix,
    };
    let key = format!("field.{base}");
    let label = if i18n::has(lang, &key) {
        tr(lang, &key).to_string()
    } else {
        base.to_string()
    };
    if element.is_empty() {
        label
    } else {
        format!("{label} · {element}")
    }
}

/// The terminal columns `text` takes: its length when it is printable
/// ASCII only (most cells of a listing), else its Unicode display width.
pub fn display_width(text: &str) -> usize {
    if crate::domain::escape::printable_ascii(text) {
        text.len()
    } else {
        text.width()
    }
}

/// `text` cut to `width` terminal columns, with `…` when something was cut.
pub fn truncate(text: &str, width: usize) -> String {
    if display_width(text) <= width {
        return text.to_string();
    }
    cut_to(text, width)
}

/// `truncate` of text the caller owns: text that fits is handed back as it
/// is, without a copy.
pub fn truncated(text: String, width: usize) -> String {
    truncated_measured(text, width).0
}

/// `truncated`, with the display width of what it hands back: a listing
/// measures each cell once, here, and lays it out with that width.
pub fn truncated_measured(text: String, width: usize) -> (String, usize) {
    let measured = display_width(&text);
    if measured <= width {
        return (text, measured);
    }
    let cut = cut_to(&text, width);
    let measured = display_width(&cut);
    (cut, measured)
}

/// The first characters of `text` that fit in `width` columns with `…`.
fn cut_to(text: &str, width: usize) -> String {
    let mut cut = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        if used + w + 1 > width {
            break;
        }
        cut.push(c);
        used += w;
    }
    if width > 0 {
        // A cut that falls after a space would leave it before the ellipsis.
        cut.truncate(cut.trim_end().len());
        cut.push('…');
    }
    cut
}

/// `text` padded with spaces to `width` terminal columns.
pub fn pad(text: &str, width: usize) -> String {
    let missing = width.saturating_sub(display_width(text));
    format!("{text}{}", " ".repeat(missing))
}

/// The columns `list` shows for each kind.
pub fn list_columns(kind: Kind) -> &'static [&'static str] {
    match kind {
        Kind::Site => &["name", "departement", "role"],
        Kind::Org => &["name", "kind", "departement"],
        Kind::Request => &["title", "status", "departement", "category"],
        Kind::Developer => &["name", "departement", "role", "skills"],
        Kind::Workshop => &["date", "title", "participants"],
        Kind::Time => &["date", "hours", "developer", "request"],
        Kind::Budget => &["year", "amount", "label"],
        Kind::Deliverable => &["title", "licence", "url"],
        Kind::Place => &["name", "commune_name", "departement"],
    }
}

/// A record as a JSON object for scripts: `id`, every field (numbers as
/// numbers), sets as objects; with `detail`, also `deleted` and `conflicts`.
#[derive(Clone, Debug)]
pub struct RecordJson<'a> {
    pub record: &'a Record,
    /// The fields in conflict, when the caller asked for them.
    pub conflicts: Option<&'a [String]>,
}

impl<'a> RecordJson<'a> {
    /// A record as a listing writes it (no conflicts).
    pub fn listed(record: &'a Record) -> RecordJson<'a> {
        RecordJson {
            record,
            conflicts: None,
        }
    }
}

impl Serialize for RecordJson<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let record = self.record;
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("id", &record.id)?;
        // The scalars are stored in schema order: read them side by side
        // rather than searched for by name.
        let mut scalars = record.fields.iter();
        for def in record.kind.fields() {
            match def.set {
                None => {
                    let value = match scalars.next() {
                        Some((name, value)) if *name == def.name => value.as_deref(),
                        _ => record.get(def.name),
                    };
                    map.serialize_entry(def.name, &JsonScalar(def.ty, value))?
                }
                Some(set) => {
                    let elements = record.sets.get(def.name);
                    map.serialize_entry(def.name, &JsonSet(set.value, elements))?;
                }
            }
        }
        if let Some(conflicts) = self.conflicts {
            map.serialize_entry("deleted", &record.deleted)?;
            map.serialize_entry("conflicts", conflicts)?;
        }
        map.end()
    }
}

/// A scalar field: numbers for numeric types, text otherwise, null when unset.
struct JsonScalar<'a>(FieldType, Option<&'a str>);

impl Serialize for JsonScalar<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let Some(value) = self.1 else {
            return serializer.serialize_none();
        };
        let numeric = matches!(
            self.0,
            FieldType::Hours
                | FieldType::Amount
                | FieldType::Count
                | FieldType::Year
                | FieldType::Seq
        );
        if numeric {
            if let Ok(n) = value.parse::<i64>() {
                return serializer.serialize_i64(n);
            }
            if let Ok(n) = value.parse::<f64>() {
                return serializer.serialize_f64(n);
            }
        }
        serializer.serialize_str(value)
    }
}

/// A set: element → `true`, a level or count, or a date.
struct JsonSet<'a>(
    ElementValue,
    Option<&'a std::collections::BTreeMap<String, String>>,
);

impl Serialize for JsonSet<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        for (element, value) in self.1.into_iter().flatten() {
            match self.0 {
                ElementValue::Flag => map.serialize_entry(element, &true)?,
                ElementValue::Level | ElementValue::Count => match value.parse::<i64>() {
                    Ok(n) => map.serialize_entry(element, &n)?,
                    Err(_) => map.serialize_entry(element, value)?,
                },
                ElementValue::Date => map.serialize_entry(element, value)?,
            }
        }
        map.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_ascii_width_is_the_unicode_width() {
        for text in [
            "",
            "abc def",
            "~!",
            "a\tb",
            "\u{7f}x",
            "é",
            "日本",
            "Cafe\u{301}",
        ] {
            assert_eq!(display_width(text), text.width(), "{text:?}");
        }
    }

    #[test]
    fn truncate_counts_display_columns_and_marks_the_cut() {
        assert_eq!(
            truncate("Visualisation de données", 24),
            "Visualisation de données"
        );
        assert_eq!(truncate("Visualisation de données", 16), "Visualisation d…");
        assert_eq!(truncate("日本語テキスト", 7), "日本語…");
        assert_eq!(truncate("abc", 0), "");
        // A cut after a space leaves no space before the ellipsis.
        assert_eq!(
            truncate("Centre Communal d'Action Sociale", 26),
            "Centre Communal d'Action…"
        );
        for (text, width) in [
            ("Visualisation de données", 16),
            ("日本語テキスト", 7),
            ("abc", 3),
            ("abc", 0),
        ] {
            assert_eq!(truncated(text.to_string(), width), truncate(text, width));
            let (cut, measured) = truncated_measured(text.to_string(), width);
            assert_eq!(measured, display_width(&cut), "{text} in {width}");
        }
    }

    #[test]
    fn values_from_elsewhere_never_reach_the_terminal_raw() {
        let store = Store::open_in_memory(std::sync::Arc::new(
            crate::domain::clock::FixedClock::parse("2026-11-26").expect("clock"),
        ))
        .expect("store");
        let shown = display_value(&store, Lang::En, FieldType::Text, "a\u{1b}[2Jb");
        assert!(!shown.contains('\u{1b}'), "{shown:?}");
        assert!(shown.contains("\\x1b"), "{shown:?}");
    }

    #[test]
    fn field_labels_name_set_elements() {
        assert_eq!(
            field_label(Lang::En, Kind::Developer, "skill.web"),
            "Skills · web"
        );
        assert_eq!(
            field_label(Lang::Fr, Kind::Request, "no_such_field"),
            "no_such_field"
        );
    }

    #[test]
    fn times_read_in_the_reader_language() {
        assert_eq!(format_time(Lang::Fr, 1_764_460_800_000), "30/11/2025 00:00");
        assert_eq!(format_time(Lang::En, 1_764_460_800_000), "2025-11-30 00:00");
    }
}
