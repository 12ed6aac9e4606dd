//! Forms opened on a record: `t` logs hours on a request, a developer or a
//! workshop (the developer picked by name, or the only one it has; today's
//! date, `3,5` or `3.5` hours), `l` records a deliverable of a request, `B` writes a budget line
//! (the lead only). After saving, the record they were opened from shows
//! again with the new hours or deliverable.

use super::super::form::{FormPurpose, FormState, Origin};
use super::super::{Model, View};
use super::app;
use super::records::open_form;
use crate::app::AppResult;
use crate::domain::Kind;
use crate::i18n::Message;
use crate::store::Record;

/// `t` on a detail: the "log hours" form on this record.
pub(super) fn log_hours(model: &mut Model, record: &Record) -> AppResult<()> {
    let (link, fields): (&str, &[&str]) = match record.kind {
        Kind::Request => (
            "request",
            &["developer", "request", "date", "hours", "note"],
        ),
        Kind::Workshop => (
            "workshop",
            &["developer", "workshop", "date", "hours", "note"],
        ),
        Kind::Developer => (
            "developer",
            &["developer", "request", "workshop", "date", "hours", "note"],
        ),
        _ => return Ok(()),
    };
    open_on(model, Kind::Time, record, link, fields)?;
    if let View::Form(form) = &mut model.view {
        // On a developer, the person is known; on a request or workshop
        // with one developer, most likely them: the hours come next.
        let only = only_developer(record);
        if let Some(developer) = only {
            form.prefill("developer", developer);
        }
        let first = match (record.kind, only) {
            (Kind::Developer, _) | (_, Some(_)) => "hours",
            _ => "developer",
        };
        form.focus_on(first);
    }
    Ok(())
}

/// The one developer assigned to a request or facilitating a workshop,
/// if there is exactly one.
fn only_developer(record: &Record) -> Option<&str> {
    let set = match record.kind {
        Kind::Request => "developers",
        Kind::Workshop => "facilitators",
        _ => return None,
    };
    let people = record.sets.get(set)?;
    match people.len() {
        1 => people.keys().next().map(String::as_str),
        _ => None,
    }
}

/// `l` on a request's detail: a new deliverable of this request.
pub(super) fn new_deliverable(model: &mut Model, record: &Record) -> AppResult<()> {
    if record.kind != Kind::Request {
        return Ok(());
    }
    let fields = ["title", "request", "kind", "url", "licence", "published_on"];
    open_on(model, Kind::Deliverable, record, "request", &fields)?;
    // A deliverable is most often of the request's own kind and licence.
    if let View::Form(form) = &mut model.view {
        if let Some(licence) = record.get("licence") {
            form.prefill("licence", licence);
        }
        if let Some(category) = record.get("category") {
            form.prefill("kind", category);
        }
    }
    Ok(())
}

/// `B` on the dashboard or a budget line: a new budget line of this year,
/// for the lead; an EPN is told who writes the budget.
pub(super) fn new_budget_line(model: &mut Model) -> AppResult<()> {
    let app = app(model)?;
    app.may_edit_budget()?;
    let year = chrono::Datelike::year(&app.today_date()).to_string();
    open_form(model, Kind::Budget, None)?;
    if let View::Form(form) = &mut model.view {
        form.prefill("year", &year);
        form.focus_on("label");
    }
    Ok(())
}

/// Opens the form of a new `kind` linked to `record` through `link`,
/// showing only `fields`.
fn open_on(
    model: &mut Model,
    kind: Kind,
    record: &Record,
    link: &str,
    fields: &[&str],
) -> AppResult<()> {
    open_form(model, kind, None)?;
    if let View::Form(form) = &mut model.view {
        form.keep_only(fields);
        form.prefill(link, &record.id);
        form.origin = Some(Origin {
            kind: record.kind,
            id: record.id.clone(),
            label: record.label().to_string(),
        });
    }
    Ok(())
}

/// A refusal that comes before any value is checked: a budget line saved
/// by an EPN (its form cannot be opened there, but an edit can be).
pub(super) fn refused_before_save(model: &Model, kind: Kind) -> AppResult<Option<Message>> {
    if kind != Kind::Budget {
        return Ok(None);
    }
    Ok(app(model)?.may_edit_budget().err().map(|err| err.message()))
}

/// The record whose detail shows after saving `form`: the one it was
/// opened from, if any.
pub(super) fn return_to(form: &FormState) -> Option<(Kind, String)> {
    match (&form.purpose, &form.origin) {
        (FormPurpose::Create(_), Some(origin)) => Some((origin.kind, origin.id.clone())),
        _ => None,
    }
}
