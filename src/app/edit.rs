//! Turns `FIELD=VALUE` assignments typed by a person into validated,
//! canonical field writes: scalars, set elements (`skills=web:3,dataviz:2`,
//! `skills+=gis`, `skills-=web`), references resolved from id tails, and the
//! request status rules.

use super::error::{AppError, AppResult};
use super::refs::resolve_record;
use crate::domain::schema::{Element, FieldDef, FieldType, Kind};
use crate::domain::status::{self, Status, TransitionError};
use crate::domain::validate::{self, Invalid};
use crate::domain::vocab::Vocab;
use crate::i18n::Message;
use crate::store::{Record, Store};
use chrono::NaiveDate;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Op {
    Assign,
    Add,
    Remove,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Assignment {
    pub field: String,
    pub op: Op,
    pub value: String,
}

impl Assignment {
    pub fn new(field: &str, value: &str) -> Assignment {
        Assignment {
            field: field.to_string(),
            op: Op::Assign,
            value: value.to_string(),
        }
    }

    /// Parses `field=value`, `field+=value` or `field-=value`.
    pub fn parse(text: &str) -> AppResult<Assignment> {
        let Some((left, value)) = text.split_once('=') else {
            return Err(AppError::refused(
                Message::new("error.edit.assignment").arg("text", text),
            ));
        };
        let (field, op) = if let Some(field) = left.strip_suffix('+') {
            (field, Op::Add)
        } else if let Some(field) = left.strip_suffix('-') {
            (field, Op::Remove)
        } else {
            (left, Op::Assign)
        };
        let field = field.trim();
        if field.is_empty() {
            return Err(AppError::refused(
                Message::new("error.edit.assignment").arg("text", text),
            ));
        }
        Ok(Assignment {
            field: field.to_string(),
            op,
            value: value.to_string(),
        })
    }
}

/// A write to perform: a change field (`title`, `skill.web`) and its value.
pub type FieldWrite = (String, Option<String>);

pub fn field_list(kind: Kind) -> String {
    kind.fields()
        .iter()
        .map(|field| field.name)
        .collect::<Vec<_>>()
        .join(", ")
}

fn find_field(kind: Kind, name: &str) -> AppResult<&'static FieldDef> {
    let name = if kind == Kind::Request && name == "reason" {
        "status_reason"
    } else {
        name
    };
    kind.field(name).ok_or_else(|| unknown_field(kind, name))
}

/// A field `kind` does not have, refused with the one it most likely
/// meant when one is near, and the list of all.
fn unknown_field(kind: Kind, name: &str) -> AppError {
    let near = crate::domain::near::nearest(name, kind.fields().iter().map(|field| field.name));
    let message = match near {
        Some(near) => Message::new("error.edit.unknown_field_near").arg("near", near),
        None => Message::new("error.edit.unknown_field"),
    };
    AppError::refused(
        message
            .arg("field", name)
            .arg("kind", kind.name())
            .arg("allowed", field_list(kind)),
    )
}

/// Validates the value a person gives to resolve a conflict on a change field
/// (`title`, `skill.web`, `deleted`); returns it in canonical form.
pub fn validate_change_field(
    store: &Store,
    kind: Kind,
    field: &str,
    value: Option<&str>,
) -> AppResult<Option<String>> {
    use crate::domain::schema::{FieldRef, resolve_field};
    let unknown = || unknown_field(kind, field);
    let Some(value) = value else { return Ok(None) };
    match resolve_field(kind, field).ok_or_else(unknown)? {
        FieldRef::Deleted => Ok(Some(
            if matches!(value, "1" | "true" | "yes" | "oui") {
                "1"
            } else {
                "0"
            }
            .to_string(),
        )),
        FieldRef::Scalar(def) => {
            let value = validate::validate_scalar(def, value)?;
            match def.ty {
                FieldType::Ref(target) => Ok(Some(resolve_record(store, target, &value)?)),
                _ => Ok(Some(value)),
            }
        }
        FieldRef::Element { set, .. } => {
            let Some(set_def) = set.set else {
                return Err(unknown());
            };
            Ok(Some(validate::validate_element_value(
                set.name,
                set_def.value,
                Some(value),
            )?))
        }
    }
}

/// Plans the writes for a new record (`current` is `None`) or an edit.
pub fn plan(
    store: &Store,
    kind: Kind,
    current: Option<&Record>,
    assignments: &[Assignment],
    today: NaiveDate,
) -> AppResult<Vec<FieldWrite>> {
    let mut writes: Vec<FieldWrite> = Vec::new();
    let push = |writes: &mut Vec<FieldWrite>, field: String, value: Option<String>| {
        writes.retain(|(existing, _)| *existing != field);
        writes.push((field, value));
    };
    for assignment in assignments {
        let def = find_field(kind, &assignment.field)?;
        match def.set {
            None => {
                if assignment.op != Op::Assign {
                    return Err(AppError::refused(
                        Message::new("error.edit.not_a_set").arg("field", def.name),
                    ));
                }
                if assignment.value.trim().is_empty() {
                    if def.required {
                        return Err(Invalid::new(
                            def.name,
                            Message::new("error.value.empty").arg_field(def.name),
                        )
                        .into());
                    }
                    push(&mut writes, def.name.to_string(), None);
                    continue;
                }
                let value = validate::validate_scalar(def, &assignment.value)?;
                let value = match def.ty {
                    FieldType::Ref(target) => resolve_record(store, target, &value)?,
                    _ => value,
                };
                push(&mut writes, def.name.to_string(), Some(value));
            }
            Some(set) => {
                let present: Vec<String> = current
                    .and_then(|record| record.sets.get(def.name))
                    .map(|elements| elements.keys().cloned().collect())
                    .unwrap_or_default();
                let mut listed: Vec<String> = Vec::new();
                for item in assignment
                    .value
                    .split(',')
                    .map(str::trim)
                    .filter(|item| !item.is_empty())
                {
                    let (element, raw_value) = match item.split_once(':') {
                        Some((element, value)) => (element.trim(), Some(value)),
                        None => (item, None),
                    };
                    let element = match set.element {
                        Element::Vocab(vocab) => validate::resolve_term(def.name, vocab, element)?,
                        Element::Ref(target) => resolve_record(store, target, element)?,
                    };
                    let field = format!("{}.{}", set.prefix, element);
                    if assignment.op == Op::Remove {
                        push(&mut writes, field, None);
                        // Removing a record removes what stands for it, too:
                        // elements naming records merged into it.
                        if let (Element::Ref(target), Some(record)) = (set.element, current) {
                            for alias in
                                store.merged_elements(record, def.name, target, &element)?
                            {
                                push(&mut writes, format!("{}.{alias}", set.prefix), None);
                            }
                        }
                    } else {
                        let value =
                            validate::validate_element_value(def.name, set.value, raw_value)?;
                        push(&mut writes, field, Some(value));
                    }
                    listed.push(element);
                }
                if assignment.op == Op::Assign {
                    for element in present.iter().filter(|element| !listed.contains(element)) {
                        push(&mut writes, format!("{}.{}", set.prefix, element), None);
                    }
                }
            }
        }
    }
    if kind == Kind::Request {
        apply_status_rules(current, &mut writes, today)?;
    }
    check_commune_in_departement(current, &writes)?;
    if current.is_none() {
        for def in kind.fields().iter().filter(|def| def.required) {
            if !writes
                .iter()
                .any(|(field, value)| field == def.name && value.is_some())
            {
                return Err(Invalid::new(
                    def.name,
                    Message::new("error.edit.required").arg_field(def.name),
                )
                .into());
            }
        }
    }
    Ok(writes)
}

/// A commune's INSEE code starts with its département's code: refuses a
/// commune of another département than the record's (as it will be).
fn check_commune_in_departement(current: Option<&Record>, writes: &[FieldWrite]) -> AppResult<()> {
    let value = |name: &str| -> Option<String> {
        match writes.iter().find(|(field, _)| field == name) {
            Some((_, value)) => value.clone(),
            None => current
                .and_then(|record| record.get(name))
                .map(str::to_string),
        }
    };
    // Only an edit of either field is checked: merged data is never
    // validated, and an unrelated edit must not be blocked by it.
    let edited = writes
        .iter()
        .any(|(field, _)| field == "commune" || field == "departement");
    if !edited {
        return Ok(());
    }
    let (Some(commune), Some(departement)) = (value("commune"), value("departement")) else {
        return Ok(());
    };
    if commune.starts_with(&departement) {
        return Ok(());
    }
    let name = crate::domain::geo::commune(&commune)
        .map(|known| known.name.clone())
        .unwrap_or(commune);
    Err(Invalid::new(
        "commune",
        Message::new("error.value.commune_elsewhere")
            .arg("commune", name)
            .arg("departement", departement),
    )
    .into())
}

/// Whether the request has at least one developer once `writes` apply.
fn has_developer(current: Option<&Record>, writes: &[FieldWrite]) -> bool {
    let Some(prefix) = Kind::Request
        .field("developers")
        .and_then(|def| def.set)
        .map(|set| set.prefix)
    else {
        return false;
    };
    let written = |element: &str| {
        writes
            .iter()
            .find(|(field, _)| {
                field
                    .strip_prefix(prefix)
                    .and_then(|rest| rest.strip_prefix('.'))
                    == Some(element)
            })
            .map(|(_, value)| value.is_some())
    };
    let kept = current
        .and_then(|record| record.sets.get("developers"))
        .is_some_and(|elements| elements.keys().any(|id| written(id) != Some(false)));
    let added = writes.iter().any(|(field, value)| {
        value.is_some()
            && field
                .strip_prefix(prefix)
                .is_some_and(|rest| rest.starts_with('.'))
    });
    kept || added
}

/// A refused status change in words: statuses by their labels, in the
/// reader's language.
fn status_message(err: TransitionError) -> Message {
    let label = |message: Message, name: &'static str, status: Status| {
        let (french, english) = Vocab::Status.choices(&[status.slug()]);
        message.arg_localized(name, french, english)
    };
    match err {
        TransitionError::NotAllowed { from, to, allowed } => {
            let slugs: Vec<&str> = allowed.iter().map(|status| status.slug()).collect();
            let (french, english) = Vocab::Status.choices(&slugs);
            let message = label(Message::new("error.status.not_allowed"), "from", from);
            label(message, "to", to).arg_localized("allowed", french, english)
        }
        TransitionError::ReasonRequired { from, to } => {
            let message = label(Message::new("error.status.reason_required"), "from", from);
            label(message, "to", to).arg_field("status_reason")
        }
    }
}

fn apply_status_rules(
    current: Option<&Record>,
    writes: &mut Vec<FieldWrite>,
    today: NaiveDate,
) -> AppResult<()> {
    let get = |writes: &Vec<FieldWrite>, name: &str| -> Option<Option<String>> {
        writes
            .iter()
            .find(|(field, _)| field == name)
            .map(|(_, value)| value.clone())
    };
    let from = current
        .and_then(|record| record.get("status"))
        .and_then(Status::from_slug)
        .unwrap_or(Status::New);
    match get(writes, "status") {
        Some(Some(slug)) => {
            let to = Status::from_slug(&slug).unwrap_or(Status::New);
            let reason = get(writes, "status_reason").flatten();
            let start = if current.is_some() { from } else { Status::New };
            status::check_transition(start, to, reason.as_deref())
                .map_err(|err| AppError::from(Invalid::new("status", status_message(err))))?;
            if to == Status::Assigned && !has_developer(current, writes) {
                return Err(Invalid::new(
                    "status",
                    Message::new("error.status.no_developer").arg_field("developers"),
                )
                .into());
            }
            // A reason explains one move; the next move leaves it behind.
            let had_reason = current
                .and_then(|record| record.get("status_reason"))
                .is_some();
            if to != start && reason.is_none() && had_reason {
                writes.push(("status_reason".into(), None));
            }
            if to == Status::Delivered && get(writes, "delivered_on").is_none() {
                writes.push((
                    "delivered_on".into(),
                    Some(today.format("%Y-%m-%d").to_string()),
                ));
            }
        }
        Some(None) => {
            return Err(Invalid::new(
                "status",
                Message::new("error.value.empty").arg_field("status"),
            )
            .into());
        }
        None if current.is_none() => {
            writes.push(("status".into(), Some(Status::New.slug().into())))
        }
        None => {}
    }
    if current.is_none() && get(writes, "received_on").is_none() {
        writes.push((
            "received_on".into(),
            Some(today.format("%Y-%m-%d").to_string()),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn assignments_parse_with_their_operator() {
        assert_eq!(
            Assignment::parse("title=Carte = PNR").unwrap(),
            Assignment::new("title", "Carte = PNR")
        );
        assert_eq!(Assignment::parse("skills+=web").unwrap().op, Op::Add);
        assert_eq!(Assignment::parse("skills-=web").unwrap().op, Op::Remove);
        assert!(Assignment::parse("title").is_err());
        assert!(Assignment::parse("=x").is_err());
    }
}
