//! Tables, a record's detail and its history: moving, opening, and the
//! record actions (edit, history, status) shared by the table and detail.

use super::super::detail::{load_detail, load_history};
use super::super::dialog::{Confirm, ConfirmAction, StatusDialog};
use super::super::form::FormState;
use super::super::{Action, Model, Overlay, Screen, Tab, View};
use super::{app, back_to_tab, global};
use crate::app::AppResult;
use crate::domain::Kind;
use crate::domain::status::Status;
use crate::i18n::Message;
use crate::search::fold;
use crate::store::{Record, StoreError};

pub(super) fn browse(model: &mut Model, action: Action) -> AppResult<()> {
    if global(model, action)? {
        return Ok(());
    }
    // The places: Esc goes back to the map they open from; they are read
    // from the directory, not written here.
    if !model.screen.editable() {
        match action {
            Action::Back => return super::map::close_places(model),
            Action::New | Action::Edit | Action::Delete => {
                model.say(read_only());
                return Ok(());
            }
            _ => {}
        }
    }
    let rows = model.table_rows();
    let list = model.list_mut();
    let page = rows.saturating_sub(1).max(1);
    match action {
        Action::Up => list.select(list.selected.saturating_sub(1), rows),
        Action::Down => list.select(list.selected + 1, rows),
        Action::PageUp => {
            list.top = list.top.saturating_sub(page);
            list.select(list.selected.saturating_sub(page), rows);
        }
        Action::PageDown => {
            list.top += page;
            list.select(list.selected + page, rows);
        }
        Action::Top => list.select(0, rows),
        Action::Bottom => list.select(list.total.saturating_sub(1), rows),
        Action::Select(index) => list.select(index, rows),
        Action::Sort => list.cycle_sort(),
        Action::SortReverse => list.reverse_sort(),
        Action::FilterStatus => list.cycle_status(),
        Action::FilterDepartement => list.cycle_departement(),
        Action::FilterCategory => list.cycle_category(),
        Action::ClearFilters => list.clear_filters(),
        Action::New => {
            let kind = model.screen.kind();
            return open_form(model, kind, None);
        }
        Action::Undo => return undo(model),
        Action::Open | Action::Edit | Action::History | Action::Status | Action::Delete => {
            let Some(record) = model.list().selected_record().cloned() else {
                return Ok(());
            };
            return act_on_record(model, action, &record);
        }
        _ => {}
    }
    model.refresh_list()
}

/// Open, edit, history or status change of one record.
fn act_on_record(model: &mut Model, action: Action, record: &Record) -> AppResult<()> {
    match action {
        Action::Open => open_detail(model, record.kind, &record.id),
        Action::Edit if Screen::of_kind(record.kind).is_some_and(|s| !s.editable()) => {
            model.say(read_only());
            Ok(())
        }
        Action::Edit => open_form(model, record.kind, Some(&record.id)),
        Action::Delete => {
            ask_delete(model, record);
            Ok(())
        }
        Action::History => {
            let state = load_history(&app(model)?.store, model.lang, record)?;
            model.history_return = match &model.view {
                View::Detail(detail) => Some(detail.clone()),
                _ => None,
            };
            model.view = View::History(state);
            Ok(())
        }
        Action::Status => {
            if record.kind != Kind::Request {
                return Ok(());
            }
            let from = record
                .get("status")
                .and_then(Status::from_slug)
                .unwrap_or(Status::New);
            model.overlay = Overlay::Status(StatusDialog::new(
                record.id.clone(),
                record.label().to_string(),
                from,
            ));
            Ok(())
        }
        _ => Ok(()),
    }
}

/// Why a place cannot be created or edited here.
fn read_only() -> Message {
    Message::new("tui.places.read_only")
}

pub(super) fn open_detail(model: &mut Model, kind: Kind, id: &str) -> AppResult<()> {
    let store = &app(model)?.store;
    let Some(record) = store.record(kind, id)?.filter(|r| !r.deleted) else {
        model.view = model.tab_view();
        return Err(StoreError::UnknownId {
            kind: kind.name(),
            id: crate::store::short_id(id).to_string(),
        }
        .into());
    };
    let state = load_detail(store, model.lang, record)?;
    if state.suggestions.is_some() {
        super::suggest::start(model, id);
    }
    if let Some(screen) = Screen::of_kind(kind) {
        model.screen = screen;
        // From a record tab, the tab of the record opened (for a place,
        // the map's); other tabs stay where they are.
        if matches!(model.tab, Tab::Records(_)) {
            model.tab = screen.tab();
        }
    }
    model.view = View::Detail(state);
    Ok(())
}

pub(super) fn open_form(model: &mut Model, kind: Kind, id: Option<&str>) -> AppResult<()> {
    let lang = model.lang;
    let app = app(model)?;
    let store = &app.store;
    let record = match id {
        Some(id) => store.record(kind, id)?,
        None => None,
    };
    let mut refs = |target: Kind| {
        let mut labels = match target {
            // A place is picked with its commune (many share a name).
            Kind::Place => app.place_labels().unwrap_or_default(),
            _ => store.labels(target).unwrap_or_default(),
        };
        labels.sort_by_cached_key(|(_, label)| fold(label));
        labels
    };
    let mut names = |target: Kind, id: &str| {
        store
            .label_of(target, id)
            .ok()
            .flatten()
            .unwrap_or_else(|| id.to_string())
    };
    let defaults = app.defaults(kind)?;
    let mut form = FormState::for_record(
        kind,
        record.as_ref(),
        lang,
        &mut refs,
        &mut names,
        &defaults,
    );
    if kind == Kind::Request && record.is_none() {
        form.departement_of = Some(store.org_departements()?.into_iter().collect());
    }
    model.view = View::Form(form);
    Ok(())
}

pub(super) fn detail(model: &mut Model, action: Action) -> AppResult<()> {
    if global(model, action)? {
        return Ok(());
    }
    let View::Detail(state) = &mut model.view else {
        return Ok(());
    };
    match action {
        Action::Back => back_to_tab(model)?,
        Action::Up | Action::Down => {
            // The body shows the screen less the header, the status line,
            // the footer and the title rule.
            let rows = usize::from(model.size.1).saturating_sub(4);
            state.step(if action == Action::Up { -1 } else { 1 }, rows);
        }
        Action::Top => {
            state.scroll = 0;
            state.selected = state.lines.iter().position(|l| l.target().is_some());
        }
        Action::Open => {
            // Enter opens the record named by the selected line.
            if let Some((kind, id)) = state.target() {
                open_detail(model, kind, &id)?;
            }
        }
        Action::Edit | Action::History | Action::Status | Action::Delete => {
            let record = state.record.clone();
            act_on_record(model, action, &record)?;
        }
        Action::Undo => undo(model)?,
        Action::Merge => {
            let record = state.record.clone();
            super::merge::ask(model, &record)?;
        }
        Action::Assign => super::suggest::assign_selected(model)?,
        Action::Consent if state.record.kind == Kind::Developer => {
            let form = super::super::consent::form(&state.record, model.lang);
            model.view = View::Form(form);
        }
        Action::Purge => {
            let record = state.record.clone();
            ask_purge(model, &record)?;
        }
        Action::LogHours => {
            let record = state.record.clone();
            super::hours::log_hours(model, &record)?;
        }
        Action::Deliverable => {
            let record = state.record.clone();
            super::hours::new_deliverable(model, &record)?;
        }
        Action::Budget if state.record.kind == Kind::Budget => {
            super::hours::new_budget_line(model)?;
        }
        _ => {}
    }
    Ok(())
}

/// `d`: a confirmation that names the record (kind and name).
fn ask_delete(model: &mut Model, record: &Record) {
    let kind =
        |lang| crate::i18n::tr(lang, &format!("tui.kind_one.{}", record.kind.name())).to_string();
    let label = if record.label().trim().is_empty() {
        record.short_id().to_string()
    } else {
        record.label().to_string()
    };
    model.overlay = Overlay::Confirm(Confirm {
        question: Message::new("undo.confirm.delete")
            .arg("label", label)
            .arg_localized(
                "kind",
                kind(crate::i18n::Lang::Fr),
                kind(crate::i18n::Lang::En),
            ),
        action: ConfirmAction::Delete {
            kind: record.kind,
            id: record.id.clone(),
        },
    });
}

/// The deletion the person confirmed (a tombstone change that syncs); the
/// record's tab shows after.
pub(super) fn delete(model: &mut Model, kind: Kind, id: &str) -> AppResult<()> {
    let Some(app) = model.app.as_mut() else {
        return Ok(());
    };
    let label = app.show(kind, id)?.label().to_string();
    app.remove(kind, id)?;
    model.invalidate();
    if matches!(model.view, View::Detail(_) | View::History(_)) {
        back_to_tab(model)?;
    }
    model.refresh_list()?;
    model.say(Message::new("undo.done.deleted").arg("label", label));
    Ok(())
}

/// `u`: takes back the last change of this session (a new change that
/// syncs), or says in words why not.
fn undo(model: &mut Model) -> AppResult<()> {
    let Some(app) = model.app.as_mut() else {
        return Ok(());
    };
    let outcome = app.undo()?;
    model.invalidate();
    let showing_gone = matches!(&model.view, View::Detail(detail)
        if detail.record.id == outcome.id && !outcome.live);
    if showing_gone {
        back_to_tab(model)?;
    } else {
        super::reload_open_record(model)?;
    }
    model.refresh_list()?;
    model.say(outcome.message);
    Ok(())
}

/// `P` on a developer or organisation, on the lead: a confirmation naming
/// the person (refusals, such as an EPN's, come back as the error line).
fn ask_purge(model: &mut Model, record: &Record) -> AppResult<()> {
    if !app(model)?.may_purge(record.kind) {
        return Ok(());
    }
    let target = app(model)?.purge_target(record.kind, &record.id)?;
    model.overlay = Overlay::Confirm(Confirm {
        question: Message::new("purge.tui.confirm").arg("name", &target.label),
        action: ConfirmAction::Purge {
            kind: target.kind,
            id: target.id,
        },
    });
    Ok(())
}

/// The purge the person confirmed; the erased record's detail shows after.
pub(super) fn purge(model: &mut Model, kind: Kind, id: &str) -> AppResult<()> {
    let Some(app) = model.app.as_mut() else {
        return Ok(());
    };
    app.purge(kind, id)?;
    model.invalidate();
    open_detail(model, kind, id)?;
    model.say(Message::new("purge.tui.done"));
    Ok(())
}

pub(super) fn history(model: &mut Model, action: Action) -> AppResult<()> {
    if global(model, action)? {
        return Ok(());
    }
    let View::History(state) = &mut model.view else {
        return Ok(());
    };
    match action {
        Action::Back | Action::History => {
            model.view = match model.history_return.take() {
                Some(detail) => View::Detail(detail),
                None => model.tab_view(),
            };
        }
        Action::Up => state.scroll = state.scroll.saturating_sub(1),
        Action::Down => state.scroll = (state.scroll + 1).min(state.lines.len().saturating_sub(1)),
        Action::PageDown => {
            state.scroll = (state.scroll + 10).min(state.lines.len().saturating_sub(1))
        }
        Action::PageUp => state.scroll = state.scroll.saturating_sub(10),
        _ => {}
    }
    Ok(())
}
