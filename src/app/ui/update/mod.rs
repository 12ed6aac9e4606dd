//! `update`: the one place where actions change the model. Each context
//! (browse, detail, form, search…) has its handler, one module per family;
//! anything that fails ends as a translated message on the status line,
//! never a panic.

mod backup;
mod conflicts;
mod dialogs;
mod forms;
mod hours;
mod map;
mod merge;
mod records;
mod report;
mod screens;
mod suggest;
mod sync;

use super::dialog::{Confirm, ConfirmAction, SearchState};
use super::jobs::{JobKind, Output, Work};
use super::{Action, Context, Model, Overlay, Screen, Tab, View};
use crate::app::{App, AppError, AppResult};
use crate::i18n::Message;

use records::open_detail;

/// Carries out one action.
pub fn update(model: &mut Model, action: Action) {
    if !action.is_passive() {
        model.notice = None;
    }
    let result = match action {
        Action::Tick => tick(model),
        Action::Resize(width, height) => {
            model.size = (width, height);
            let rows = model.table_rows();
            let index = model.screen.index();
            let selected = model.lists[index].selected;
            model.lists[index].select(selected, rows);
            model.refresh_list()
        }
        _ => match model.context() {
            Context::Browse => records::browse(model, action),
            Context::Detail => records::detail(model, action),
            Context::History => records::history(model, action),
            Context::Form => forms::form(model, action),
            Context::Search => dialogs::search(model, action),
            Context::StatusDialog => dialogs::status_dialog(model, action),
            Context::Confirm => dialogs::confirm(model, action),
            Context::Help => dialogs::help(model, action),
            Context::Home => screens::home(model, action),
            Context::Skills => screens::skills(model, action),
            Context::Sync => sync::sync(model, action),
            Context::Conflicts => conflicts::conflicts(model, action),
            Context::Prompt => conflicts::prompt(model, action),
            Context::Map => map::map(model, action),
            Context::ReportForm => report::form(model, action),
        },
    };
    let result = result.and_then(|()| {
        // Cheap screens load at once; the dashboard waits for a tick, so
        // that its first frame is drawn before the figures are computed.
        if action != Action::Tick && !matches!(model.view, View::Home) {
            load_pending(model)?;
        }
        Ok(())
    });
    if let Err(err) = result {
        model.fail(err);
    }
}

/// Computes what the current tab waits for (see `Model::pending`): the
/// dashboard, the skills map and the conflicts in the background, the rest
/// at once.
fn load_pending(model: &mut Model) -> AppResult<()> {
    if !model.pending() {
        return Ok(());
    }
    if model.tab_job().is_some()
        && let Some(work) = model.tab.spec().job
    {
        // The dashboard computes the year chosen on it.
        let work = match work() {
            Work::Dashboard(_) => Work::Dashboard(model.home.year),
            other => other,
        };
        model.start_job(work);
        return Ok(());
    }
    if let (View::Sync, Some(app)) = (&model.view, model.app.as_ref()) {
        super::sync::load(app, &mut model.sync)?;
    }
    Ok(())
}

/// Installs what the background jobs produced, for those that ended.
fn poll_jobs(model: &mut Model) -> AppResult<()> {
    let mut first_error = Ok(());
    for (kind, result) in model.jobs.poll() {
        let installed = install(model, kind, result);
        if first_error.is_ok() {
            first_error = installed;
        }
    }
    first_error
}

/// Waits until the current tab's figures are there (tests and benchmarks;
/// the event loop polls on its ticks instead of waiting).
pub fn settle(model: &mut Model) {
    for _ in 0..8 {
        // The figures of any tab (not an import: tests follow its progress).
        let waited = [
            JobKind::Dashboard,
            JobKind::Skills,
            JobKind::Map,
            JobKind::Conflicts,
            JobKind::SearchTitles,
            JobKind::Search,
            JobKind::Suggest,
            // A search typed next finds every title (`settle_search_index`).
            JobKind::SearchIndex,
        ]
        .into_iter()
        .find(|kind| model.jobs.is_running(*kind))
        .and_then(|kind| Some((kind, model.jobs.wait(kind)?)));
        if let Some((kind, result)) = waited {
            if let Err(err) = install(model, kind, result) {
                model.fail(err);
            }
        } else if model.pending() {
            update(model, Action::Tick);
        } else {
            break;
        }
    }
}

/// Drives the model until its search index holds every label (tests and
/// benchmarks: a search typed next finds every title, as it will once the
/// index is built; the model itself never waits for it).
pub fn settle_search_index(model: &mut Model) {
    if let Some(result) = model.jobs.wait(JobKind::SearchIndex)
        && let Err(err) = install(model, JobKind::SearchIndex, result)
    {
        model.fail(err);
    }
}

/// Puts a job's result in the model; a failure goes to the status line as
/// well as staying with the job (for the screen that waited for it).
fn install(model: &mut Model, kind: JobKind, result: AppResult<Output>) -> AppResult<()> {
    let output = match result {
        Ok(output) => output,
        Err(err) => {
            if matches!(kind, JobKind::Import | JobKind::Export) {
                model.sync.preview = None;
            }
            return Err(err);
        }
    };
    match output {
        // Figures of a year no longer asked for are dropped (then computed again).
        Output::Dashboard(dashboard) if model.home.wants(&dashboard) => {
            model.home.dashboard = Some(*dashboard)
        }
        Output::Dashboard(_) => {}
        Output::Skills(grid) => {
            model.skills.grid = Some(grid);
            let width = model.size.0;
            model.skills.step(0, 0, width);
        }
        Output::Map(data) => model.map.install(*data),
        Output::Conflicts(list) => {
            model.conflicts.selected = model.conflicts.selected.min(list.len().saturating_sub(1));
            model.conflicts.list = Some(list);
        }
        Output::SearchIndexBuilt => {
            model.search_index_done();
            dialogs::refine_titles(model);
        }
        Output::Summary(lines) => sync::finished(model, kind, lines),
        Output::BackedUp(done) => backup::backed_up(model, done)?,
        Output::Report(written) => report::finished(model, &written),
        Output::Search(outcome) => dialogs::install_search(model, outcome),
        Output::SearchTitles { query, hits } => dialogs::install_titles(model, &query, hits),
        Output::Suggestions(outcome) => suggest::install(model, &outcome),
    }
    Ok(())
}

/// Liveness: another program (an import on the command line) committed.
/// The current tab's figures are started before what start-up deferred (the
/// list's count, the search index): the dashboard's job is what the first
/// screen waits for, so its thread starts first.
fn tick(model: &mut Model) -> AppResult<()> {
    poll_jobs(model)?;
    let Some(app) = model.app.as_ref() else {
        return Ok(());
    };
    let version = app.store.data_version()?;
    if version != model.data_version {
        model.data_version = version;
        model.invalidate();
        model.refresh_list()?;
        reload_open_record(model)?;
        model.say(Message::new("tui.notice.refreshed"));
    }
    load_pending(model)?;
    model.finish_deferred()
}

/// After a change, re-reads the detail on screen (it may be gone).
pub(super) fn reload_open_record(model: &mut Model) -> AppResult<()> {
    let View::Detail(state) = &model.view else {
        return Ok(());
    };
    let (kind, id, scroll) = (state.record.kind, state.record.id.clone(), state.scroll);
    let selected = state.selected;
    open_detail(model, kind, &id)?;
    if let View::Detail(state) = &mut model.view {
        state.scroll = scroll;
        if let Some(at) =
            selected.filter(|&at| state.lines.get(at).is_some_and(|l| l.target().is_some()))
        {
            state.selected = Some(at);
        }
    }
    Ok(())
}

pub(super) fn app(model: &Model) -> AppResult<&App> {
    model
        .app
        .as_ref()
        .ok_or_else(|| AppError::refused(Message::new("tui.error.no_database")))
}

/// Actions that work wherever no text is being typed.
pub(super) fn global(model: &mut Model, action: Action) -> AppResult<bool> {
    match action {
        Action::Quit => request_quit(model),
        Action::Help => model.overlay = Overlay::Help { scroll: 0 },
        Action::Search => {
            // The box opens at once: a keystroke matches the titles read
            // so far while the index is built. A failed index shows in the
            // box (and is built again on the next keystroke).
            model.prepare_search_index();
            model.overlay = Overlay::Search(SearchState::default());
        }
        Action::Refresh => {
            // Asking again is what a failed computation waits for.
            if let Some(kind) = model.tab_job() {
                model.jobs.forget_failure(kind);
            }
            return Ok(false);
        }
        Action::NextScreen | Action::PrevScreen | Action::Screen(_) => {
            let current = model.tab.index();
            let count = Tab::count();
            let next = match action {
                Action::NextScreen => (current + 1) % count,
                Action::PrevScreen => (current + count - 1) % count,
                Action::Screen(n) => (n as usize).min(count - 1),
                _ => current,
            };
            if let Some(tab) = Tab::nth(next) {
                go_to_tab(model, tab)?;
            }
        }
        _ => return Ok(false),
    }
    Ok(true)
}

/// Shows a tab (its table, or its own view: the map itself, not the list
/// of places last opened over it).
pub(super) fn go_to_tab(model: &mut Model, tab: Tab) -> AppResult<()> {
    model.tab = tab;
    if tab == Tab::Map {
        model.map.places_open = false;
    }
    back_to_tab(model)
}

/// Closes whatever is open over the current tab (a detail, a history, a
/// form) and shows the tab itself again.
pub(super) fn back_to_tab(model: &mut Model) -> AppResult<()> {
    model.view = model.tab_view();
    match model.tab {
        Tab::Records(screen) => model.screen = screen,
        Tab::Map if model.view == View::Browse => model.screen = Screen::Places,
        _ => {}
    }
    if model.view == View::Browse {
        model.show_list()?;
    }
    Ok(())
}

pub(super) fn request_quit(model: &mut Model) {
    if model.has_unsaved_input() {
        model.overlay = Overlay::Confirm(Confirm {
            question: Message::new("tui.confirm.quit"),
            action: ConfirmAction::Quit,
        });
    } else {
        model.quit = true;
    }
}
