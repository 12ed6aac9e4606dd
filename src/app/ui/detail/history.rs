//! A record's history from the change log, newest first: each change in
//! words (labels, names, dates; an element of a set as one sentence).

use super::{date_text, display_value, label};
use crate::domain::schema::{
    Element, ElementValue, FieldDef, FieldRef, FieldType, Kind, resolve_field,
};
use crate::i18n::{Lang, Message, tr};
use crate::store::{HistoryEntry, Record, Store, StoreError};

/// One change in a history. For a field, `old` and `new` are its values in
/// words; for an element of a set (a skill, a facilitator) `field` says the
/// whole change (`Compétences : web (ajout, niveau 3)`) and both are empty.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HistoryLine {
    pub date: String,
    pub author: String,
    pub field: String,
    pub old: String,
    pub new: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct HistoryState {
    pub kind: Kind,
    pub id: String,
    pub title: String,
    /// Newest first.
    pub lines: Vec<HistoryLine>,
    pub scroll: usize,
}

/// One change of a record's history in words (labels, names, date).
pub fn history_line(
    store: &Store,
    lang: Lang,
    record: &Record,
    entry: &HistoryEntry,
) -> HistoryLine {
    let date = crate::app::present::format_time(lang, entry.wall_ms);
    let (field, ty) = match resolve_field(record.kind, &entry.field) {
        Some(FieldRef::Scalar(def)) => (label(lang, def.name), Some(def.ty)),
        Some(FieldRef::Element { set, element }) => {
            let change = element_change(store, lang, set, element, entry);
            return HistoryLine {
                date,
                author: author_of(store, lang, entry),
                field: Message::new("tui.history.element")
                    .arg("set", label(lang, set.name))
                    .arg("change", change)
                    .render(lang),
                old: String::new(),
                new: String::new(),
            };
        }
        Some(FieldRef::Deleted) => {
            let key = match entry.new.as_deref() {
                Some("1") => "tui.history.record_deleted",
                _ => "tui.history.record_restored",
            };
            return HistoryLine {
                date,
                author: author_of(store, lang, entry),
                field: tr(lang, key).to_string(),
                old: String::new(),
                new: String::new(),
            };
        }
        None => (entry.field.clone(), None),
    };
    let words = |value: &Option<String>| match (value, ty) {
        (Some(value), Some(ty)) => display_value(store, lang, ty, value),
        (Some(value), None) => value.clone(),
        (None, _) => "—".to_string(),
    };
    HistoryLine {
        date,
        author: author_of(store, lang, entry),
        field,
        old: words(&entry.old),
        new: words(&entry.new),
    }
}

/// A record's history, newest first, values in words.
pub fn load_history(
    store: &Store,
    lang: Lang,
    record: &Record,
) -> Result<HistoryState, StoreError> {
    let mut lines: Vec<HistoryLine> = Vec::new();
    store.for_each_history::<StoreError>(&record.id, |entry| {
        lines.push(history_line(store, lang, record, &entry));
        Ok(())
    })?;
    lines.reverse();
    Ok(HistoryState {
        kind: record.kind,
        id: record.id.clone(),
        title: record.label().to_string(),
        lines,
        scroll: 0,
    })
}

/// Who made a change: the person's name, or else the name of the site it
/// was made at.
fn author_of(store: &Store, lang: Lang, entry: &HistoryEntry) -> String {
    // "?" is what a session without a user name records.
    if matches!(entry.author.trim(), "" | "?") {
        display_value(store, lang, FieldType::Ref(Kind::Site), &entry.change.site)
    } else {
        entry.author.clone()
    }
}

/// An element of a set added, removed or changed, in words: `web (ajout,
/// niveau 3)`, `Zoé Martin (retrait)`, `dataviz (niveau 2 → niveau 3)`
/// (French says the change with a noun: no participle to agree with a
/// person or a skill).
fn element_change(
    store: &Store,
    lang: Lang,
    set: &FieldDef,
    element: &str,
    entry: &HistoryEntry,
) -> String {
    let name = match set.set.map(|s| s.element) {
        Some(Element::Vocab(vocab)) => vocab.label(element, lang).to_string(),
        Some(Element::Ref(target)) => display_value(store, lang, FieldType::Ref(target), element),
        None => element.to_string(),
    };
    let kind = set.set.map(|s| s.value);
    let value = |value: &str| match kind {
        Some(ElementValue::Level) => Message::new("tui.history.level")
            .arg("value", value)
            .render(lang),
        Some(ElementValue::Date) => date_text(lang, value),
        _ => value.to_string(),
    };
    let given = |value: &Option<String>| value.clone().filter(|v| !v.is_empty());
    match (given(&entry.old), given(&entry.new)) {
        (Some(old), Some(new)) => Message::new("tui.history.changed")
            .arg("element", name)
            .arg("old", value(&old))
            .arg("new", value(&new))
            .render(lang),
        (_, Some(new)) => match kind {
            Some(ElementValue::Flag) | None => Message::new("tui.history.added"),
            _ => Message::new("tui.history.added_with").arg("value", value(&new)),
        }
        .arg("element", name)
        .render(lang),
        (_, None) => Message::new("tui.history.removed")
            .arg("element", name)
            .render(lang),
    }
}
