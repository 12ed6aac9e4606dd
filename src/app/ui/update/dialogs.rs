//! Overlays: the search box, the status dialog, confirmations and help.

use super::super::SharedIndex;
use super::super::dialog::{ConfirmAction, SearchHit, SearchState, title_hits};
use super::super::jobs::Work;
use super::super::{Action, Model, Overlay, Screen};
use super::forms::close_form;
use super::records::open_detail;
use super::reload_open_record;
use super::request_quit;
use crate::app::demo::{self, DemoSize};
use crate::app::search::SearchOutcome;
use crate::app::ui::jobs::JobKind;
use crate::app::{AppResult, Assignment};
use crate::domain::Kind;
use crate::i18n::Message;

pub(super) fn search(model: &mut Model, action: Action) -> AppResult<()> {
    if action == Action::Quit {
        request_quit(model);
        return Ok(());
    }
    let Overlay::Search(state) = &mut model.overlay else {
        return Ok(());
    };
    let mut query = state.query.clone();
    match action {
        Action::Back => {
            model.overlay = Overlay::None;
            return Ok(());
        }
        Action::Up => {
            state.selected = state.selected.saturating_sub(1);
            return Ok(());
        }
        Action::Down => {
            state.selected = (state.selected + 1).min(state.hits.len().saturating_sub(1));
            return Ok(());
        }
        Action::Open => {
            let Some(hit) = state.hits.get(state.selected).cloned() else {
                return Ok(());
            };
            model.overlay = Overlay::None;
            if let Some(screen) = Screen::of_kind(hit.kind) {
                model.tab = screen.tab();
            }
            return open_detail(model, hit.kind, &hit.id);
        }
        other => match query.edit(other) {
            Some(true) => {}
            // A caret move: the results stay.
            Some(false) => {
                state.query = query;
                return Ok(());
            }
            None => return Ok(()),
        },
    }
    // The index's titles at once when few are scored (else from a job:
    // the keystroke never waits for them); every field (need, notes,
    // commune…) from a search in the background, which replaces them when
    // it ends. Each keystroke stops the jobs of the one before, and only
    // results for the query in the box are ever shown (`install_titles`,
    // `install_search`): until they come, the box shows none.
    model.jobs.cancel(JobKind::SearchTitles);
    let hits = match model.search_index_now() {
        Some(index) => titles_now(model, index, query.as_str()).unwrap_or_default(),
        None => Vec::new(),
    };
    let text = query.as_str().trim().to_string();
    let full = if text.is_empty() {
        model.jobs.cancel(JobKind::Search);
        Some(text)
    } else {
        model.start_job(Work::Search(text));
        None
    };
    model.overlay = Overlay::Search(SearchState {
        query,
        hits,
        selected: 0,
        full,
        total: 0,
    });
    Ok(())
}

/// The titles matching `query` if they can be scored on this thread within
/// a frame; else `None`, and a job matches them.
fn titles_now(model: &mut Model, index: SharedIndex, query: &str) -> Option<Vec<SearchHit>> {
    let found = match index.try_lock() {
        Ok(mut index) if index.cost(query) <= model.titles_at_once => {
            title_hits(&mut index, query, &|| false)
        }
        // Too many to score now, or a job (or the builder) holds the index.
        _ => None,
    };
    if found.is_none() {
        let query = query.to_string();
        model.start_job(Work::SearchTitles { index, query });
    }
    found
}

/// The index now holds every label: the titles shown, matched while it
/// was built, are matched again over all of them (unless the search
/// through every field has answered: its hits are the final ones).
pub(super) fn refine_titles(model: &mut Model) {
    let Overlay::Search(state) = &model.overlay else {
        return;
    };
    if state.full.is_some() || state.query.as_str().trim().is_empty() {
        return;
    }
    let query = state.query.as_str().to_string();
    // A titles job over the partial index must not answer after this.
    model.jobs.cancel(JobKind::SearchTitles);
    let Some(index) = model.search_index_now() else {
        return;
    };
    // Else a job matches them and `install_titles` shows them.
    if let Some(hits) = titles_now(model, index, &query)
        && let Overlay::Search(state) = &mut model.overlay
    {
        state.hits = hits;
        state.selected = 0;
    }
}

/// The titles matched off the UI thread, for the query still in the box
/// and only while the search through every field has not answered.
pub(super) fn install_titles(model: &mut Model, query: &str, hits: Vec<SearchHit>) {
    let Overlay::Search(state) = &mut model.overlay else {
        return;
    };
    if state.full.is_some() || state.query.as_str() != query {
        return;
    }
    state.hits = hits;
    state.selected = 0;
}

/// The hits of the background search, for the query still in the box
/// (an older query's are dropped); the selected record stays selected.
pub(super) fn install_search(model: &mut Model, outcome: SearchOutcome) {
    let Overlay::Search(state) = &mut model.overlay else {
        return;
    };
    if state.query.as_str().trim() != outcome.query {
        return;
    }
    // Only a hit the person moved to stays selected.
    let selected = state
        .hits
        .get(state.selected)
        .filter(|_| state.selected > 0)
        .map(|hit| (hit.kind, hit.id.clone()));
    state.hits = outcome.hits.into_iter().map(SearchHit::from).collect();
    state.selected = selected
        .and_then(|(kind, id)| {
            state
                .hits
                .iter()
                .position(|hit| hit.kind == kind && hit.id == id)
        })
        .unwrap_or(0);
    state.total = outcome.total;
    state.full = Some(outcome.query);
}

pub(super) fn status_dialog(model: &mut Model, action: Action) -> AppResult<()> {
    let Overlay::Status(dialog) = &mut model.overlay else {
        return Ok(());
    };
    match action {
        Action::Back => model.overlay = Overlay::None,
        Action::Up => dialog.cursor = dialog.cursor.saturating_sub(1),
        Action::Down => {
            dialog.cursor = (dialog.cursor + 1).min(dialog.options.len().saturating_sub(1))
        }
        Action::Open | Action::Save => {
            let Some(target) = dialog.target() else {
                return Ok(());
            };
            let mut assignments = vec![Assignment::new("status", target.slug())];
            let reason = dialog.reason.as_str().trim();
            if !reason.is_empty() {
                assignments.push(Assignment::new("status_reason", reason));
            }
            let id = dialog.id.clone();
            let Some(app) = model.app.as_mut() else {
                return Ok(());
            };
            match app.set(Kind::Request, &id, &assignments) {
                Ok(_) => {
                    model.overlay = Overlay::None;
                    model.invalidate();
                    model.refresh_list()?;
                    reload_open_record(model)?;
                    model.say(Message::new("tui.notice.status_changed"));
                }
                Err(err) => {
                    if let Overlay::Status(dialog) = &mut model.overlay {
                        dialog.error = Some(err.message());
                    }
                }
            }
        }
        other => {
            dialog.reason.edit(other);
        }
    }
    Ok(())
}

pub(super) fn confirm(model: &mut Model, action: Action) -> AppResult<()> {
    let Overlay::Confirm(question) = &model.overlay else {
        return Ok(());
    };
    let what = question.action.clone();
    match action {
        Action::Yes | Action::Open => {
            model.overlay = Overlay::None;
            match what {
                ConfirmAction::Quit => model.quit = true,
                ConfirmAction::DiscardForm => close_form(model)?,
                ConfirmAction::LoadDemo => {
                    let Some(app) = model.app.as_mut() else {
                        return Ok(());
                    };
                    demo::load(app, 2026, DemoSize::for_requests(None), &mut |_, _| {})?;
                    model.invalidate();
                    model.refresh_list()?;
                    model.say(Message::new("tui.notice.demo_loaded"));
                }
                ConfirmAction::Import => super::sync::start_import(model)?,
                ConfirmAction::Revoke => super::sync::revoke(model)?,
                ConfirmAction::Enrol => super::sync::enrol(model)?,
                ConfirmAction::SyncFolder => super::sync::sync_folder(model)?,
                ConfirmAction::Restore => super::backup::restore(model)?,
                ConfirmAction::SaveLookAlike => super::forms::save_anyway(model)?,
                ConfirmAction::Merge { kind, keep, other } => {
                    super::merge::merge(model, kind, &keep, &other)?
                }
                ConfirmAction::Purge { kind, id } => super::records::purge(model, kind, &id)?,
                ConfirmAction::Delete { kind, id } => super::records::delete(model, kind, &id)?,
            }
        }
        Action::No | Action::Back | Action::Quit => model.overlay = Overlay::None,
        _ => {}
    }
    Ok(())
}

pub(super) fn help(model: &mut Model, action: Action) -> AppResult<()> {
    let Overlay::Help { scroll } = &mut model.overlay else {
        return Ok(());
    };
    match action {
        Action::Up => *scroll = scroll.saturating_sub(1),
        Action::Down => *scroll += 1,
        Action::PageDown => *scroll += 10,
        Action::PageUp => *scroll = scroll.saturating_sub(10),
        Action::Back | Action::Help | Action::Quit | Action::Open => model.overlay = Overlay::None,
        _ => {}
    }
    Ok(())
}
