//! How records look on the command line: values in the reader's language,
//! JSON objects for scripts, the columns of `list`.

use crate::domain::Vocab;
use crate::domain::schema::{ElementValue, FieldType, Kind};
use crate::domain::validate::parse_date;
use crate::i18n::{self, Lang};
use crate::store::{Record, short_id};
use chrono::{DateTime, Utc};
use serde_json::{Map, Value};

/// A field's value for people: vocabulary labels, dates in the local form.
pub fn display_value(lang: Lang, ty: FieldType, value: &str) -> String {
    match ty {
        FieldType::Vocab(vocab) => vocab.label(value, lang).to_string(),
        FieldType::Status => Vocab::Status.label(value, lang).to_string(),
        FieldType::Date => parse_date(value)
            .map(|date| i18n::format_date(lang, date))
            .unwrap_or_else(|| value.into()),
        FieldType::Amount => value
            .parse()
            .map(|n| i18n::format_amount(lang, n))
            .unwrap_or_else(|_| value.into()),
        FieldType::Hours => value
            .parse()
            .map(|n| i18n::format_hours(lang, n))
            .unwrap_or_else(|_| value.into()),
        FieldType::Ref(_) => short_id(value).to_string(),
        _ => value.to_string(),
    }
}

fn json_scalar(ty: FieldType, value: Option<&str>) -> Value {
    let Some(value) = value else {
        return Value::Null;
    };
    match ty {
        FieldType::Hours
        | FieldType::Amount
        | FieldType::Count
        | FieldType::Year
        | FieldType::Seq => value
            .parse::<i64>()
            .map(Value::from)
            .or_else(|_| value.parse::<f64>().map(Value::from))
            .unwrap_or_else(|_| Value::from(value)),
        _ => Value::from(value),
    }
}

/// A record as a JSON object: `id`, every field, sets as objects.
pub fn record_json(record: &Record) -> Value {
    let mut object = Map::new();
    object.insert("id".into(), Value::from(record.id.clone()));
    for def in record.kind.fields() {
        match def.set {
            None => {
                object.insert(def.name.into(), json_scalar(def.ty, record.get(def.name)));
            }
            Some(set) => {
                let elements: Map<String, Value> = record
                    .sets
                    .get(def.name)
                    .map(|elements| {
                        elements
                            .iter()
                            .map(|(element, value)| {
                                let value = match set.value {
                                    ElementValue::Flag => Value::Bool(true),
                                    ElementValue::Level | ElementValue::Count => value
                                        .parse::<i64>()
                                        .map(Value::from)
                                        .unwrap_or_else(|_| Value::from(value.clone())),
                                    ElementValue::Date => Value::from(value.clone()),
                                };
                                (element.clone(), value)
                            })
                            .collect()
                    })
                    .unwrap_or_default();
                object.insert(def.name.into(), Value::Object(elements));
            }
        }
    }
    Value::Object(object)
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
    }
}

pub fn cell(lang: Lang, record: &Record, field: &str) -> String {
    let Some(def) = record.kind.field(field) else {
        return String::new();
    };
    if def.set.is_some() {
        return record
            .sets
            .get(def.name)
            .map(|elements| {
                elements
                    .iter()
                    .map(|(element, value)| {
                        if value == "1" {
                            element.clone()
                        } else {
                            format!("{element}:{value}")
                        }
                    })
                    .collect::<Vec<_>>()
                    .join(",")
            })
            .unwrap_or_default();
    }
    record
        .get(field)
        .map(|value| display_value(lang, def.ty, value))
        .unwrap_or_default()
}

pub fn kind_label(lang: Lang, kind: Kind) -> String {
    i18n::tr(lang, &format!("kind.{}", kind.name())).to_string()
}

pub fn field_label(lang: Lang, field: &str) -> String {
    let key = format!("field.{field}");
    if i18n::has(lang, &key) {
        i18n::catalog(lang)[&key].clone()
    } else {
        field.to_string()
    }
}

pub fn truncate(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        text.to_string()
    } else {
        let mut cut: String = text.chars().take(width.saturating_sub(1)).collect();
        cut.push('…');
        cut
    }
}

pub fn format_time(lang: Lang, wall_ms: i64) -> String {
    let time = DateTime::<Utc>::from_timestamp_millis(wall_ms).unwrap_or_default();
    match lang {
        Lang::Fr => time.format("%d/%m/%Y %H:%M").to_string(),
        Lang::En => time.format("%Y-%m-%d %H:%M").to_string(),
    }
}
