//! `update`: the one place where actions change the model. Each context
//! (browse, detail, form, search…) has its handler; anything that fails ends
//! as a translated message on the status line, never a panic.

use super::detail::{load_detail, load_history};
use super::dialog::{Confirm, ConfirmAction, SearchHit, SearchState, StatusDialog};
use super::form::{FormPurpose, FormState};
use super::{Action, Context, Model, Overlay, Screen, View};
use crate::app::demo::{self, DemoSize};
use crate::app::identity::{self, InitRequest};
use crate::app::{App, AppError, AppResult, Assignment};
use crate::domain::Kind;
use crate::domain::schema::Element;
use crate::domain::status::Status;
use crate::i18n::Message;
use crate::search::fold;
use crate::store::{Record, StoreError};

/// How many search results are kept and shown at most.
pub const SEARCH_LIMIT: usize = 50;

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
            Context::Browse => browse(model, action),
            Context::Detail => detail(model, action),
            Context::History => history(model, action),
            Context::Form => form(model, action),
            Context::Search => search(model, action),
            Context::StatusDialog => status_dialog(model, action),
            Context::Confirm => confirm(model, action),
            Context::Help => help(model, action),
        },
    };
    if let Err(err) = result {
        model.fail(err);
    }
}

/// Liveness: another program (an import on the command line) committed.
fn tick(model: &mut Model) -> AppResult<()> {
    model.finish_deferred()?;
    let Some(app) = model.app.as_ref() else {
        return Ok(());
    };
    let version = app.store.data_version()?;
    if version == model.data_version {
        return Ok(());
    }
    model.data_version = version;
    model.invalidate();
    model.refresh_list()?;
    reload_open_record(model)?;
    model.say(Message::new("tui.notice.refreshed"));
    Ok(())
}

/// After a change, re-reads the detail on screen (it may be gone).
fn reload_open_record(model: &mut Model) -> AppResult<()> {
    let View::Detail(state) = &model.view else {
        return Ok(());
    };
    let (kind, id, scroll) = (state.record.kind, state.record.id.clone(), state.scroll);
    open_detail(model, kind, &id)?;
    if let View::Detail(state) = &mut model.view {
        state.scroll = scroll;
    }
    Ok(())
}

fn app(model: &Model) -> AppResult<&App> {
    model
        .app
        .as_ref()
        .ok_or_else(|| AppError::refused(Message::new("tui.error.no_database")))
}

/// Actions that work wherever no text is being typed.
fn global(model: &mut Model, action: Action) -> AppResult<bool> {
    match action {
        Action::Quit => request_quit(model),
        Action::Help => model.overlay = Overlay::Help { scroll: 0 },
        Action::Search => {
            model.search_index()?;
            model.overlay = Overlay::Search(SearchState::default());
        }
        Action::NextScreen | Action::PrevScreen | Action::Screen(_) => {
            let current = model.screen.index();
            let count = Screen::ALL.len();
            let next = match action {
                Action::NextScreen => (current + 1) % count,
                Action::PrevScreen => (current + count - 1) % count,
                Action::Screen(n) => (n as usize).min(count - 1),
                _ => current,
            };
            model.screen = Screen::ALL[next];
            model.view = View::Browse;
            model.refresh_list()?;
        }
        _ => return Ok(false),
    }
    Ok(true)
}

fn request_quit(model: &mut Model) {
    if model.has_unsaved_input() {
        model.overlay = Overlay::Confirm(Confirm {
            question: Message::new("tui.confirm.quit"),
            action: ConfirmAction::Quit,
        });
    } else {
        model.quit = true;
    }
}

fn browse(model: &mut Model, action: Action) -> AppResult<()> {
    if global(model, action)? {
        return Ok(());
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
        Action::Open | Action::Edit | Action::History | Action::Status => {
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
        Action::Edit => open_form(model, record.kind, Some(&record.id)),
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

fn open_detail(model: &mut Model, kind: Kind, id: &str) -> AppResult<()> {
    let store = &app(model)?.store;
    let Some(record) = store.record(kind, id)?.filter(|r| !r.deleted) else {
        model.view = View::Browse;
        return Err(StoreError::UnknownId {
            kind: kind.name(),
            id: crate::store::short_id(id).to_string(),
        }
        .into());
    };
    let state = load_detail(store, model.lang, record)?;
    if let Some(screen) = Screen::of_kind(kind) {
        model.screen = screen;
    }
    model.view = View::Detail(state);
    Ok(())
}

fn open_form(model: &mut Model, kind: Kind, id: Option<&str>) -> AppResult<()> {
    let lang = model.lang;
    let store = &app(model)?.store;
    let record = match id {
        Some(id) => store.record(kind, id)?,
        None => None,
    };
    let mut refs = |target: Kind| {
        let mut labels = store.labels(target).unwrap_or_default();
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
    let mut defaults: Vec<(&str, String)> = Vec::new();
    if let Ok(Some(site)) = store.identity() {
        defaults.push(("departement", site.departement.clone()));
        if kind == Kind::Workshop {
            defaults.push(("site", site.site.clone()));
            defaults.push(("date", store.clock().today().format("%d/%m/%Y").to_string()));
        }
    }
    let form = FormState::for_record(
        kind,
        record.as_ref(),
        lang,
        &mut refs,
        &mut names,
        &defaults,
    );
    model.view = View::Form(form);
    Ok(())
}

fn detail(model: &mut Model, action: Action) -> AppResult<()> {
    if global(model, action)? {
        return Ok(());
    }
    let View::Detail(state) = &mut model.view else {
        return Ok(());
    };
    match action {
        Action::Back => {
            model.view = View::Browse;
            model.refresh_list()?;
        }
        Action::Up => state.scroll = state.scroll.saturating_sub(1),
        Action::Down => state.scroll = (state.scroll + 1).min(state.lines.len().saturating_sub(1)),
        Action::Top => state.scroll = 0,
        Action::Open => {
            // Enter follows the first link at the top of the scrolled text.
            let link = state
                .lines
                .iter()
                .skip(state.scroll)
                .find_map(|line| match line {
                    super::DetailLine::Link { kind, id, .. } => Some((*kind, id.clone())),
                    _ => None,
                });
            if let Some((kind, id)) = link {
                open_detail(model, kind, &id)?;
            }
        }
        Action::Edit | Action::History | Action::Status => {
            let record = state.record.clone();
            act_on_record(model, action, &record)?;
        }
        _ => {}
    }
    Ok(())
}

fn history(model: &mut Model, action: Action) -> AppResult<()> {
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
                None => View::Browse,
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

fn form(model: &mut Model, action: Action) -> AppResult<()> {
    if action == Action::Quit {
        request_quit(model);
        return Ok(());
    }
    let (View::Form(form) | View::Setup(form)) = &mut model.view else {
        return Ok(());
    };
    match action {
        Action::Type(c) => form.type_char(c),
        Action::DeleteBack => form.backspace(),
        Action::ClearField => form.clear_field(),
        Action::NextField | Action::Down => form.move_focus(1),
        Action::PrevField | Action::Up => form.move_focus(-1),
        Action::OptionNext => form.step_option(1),
        Action::OptionPrev => form.step_option(-1),
        Action::Open if form.focus + 1 < form.fields.len() => form.move_focus(1),
        Action::Open | Action::Save => return save_form(model),
        Action::Back => {
            if form.purpose == FormPurpose::Setup {
                request_quit(model);
            } else if form.dirty() {
                model.overlay = Overlay::Confirm(Confirm {
                    question: Message::new("tui.confirm.discard"),
                    action: ConfirmAction::DiscardForm,
                });
            } else {
                close_form(model)?;
            }
        }
        _ => {}
    }
    Ok(())
}

fn close_form(model: &mut Model) -> AppResult<()> {
    let target = match &model.view {
        View::Form(form) => match &form.purpose {
            FormPurpose::Edit(kind, id) => Some((*kind, id.clone())),
            _ => None,
        },
        _ => None,
    };
    match target {
        Some((kind, id)) => open_detail(model, kind, &id),
        None => {
            model.view = View::Browse;
            model.refresh_list()
        }
    }
}

/// Replaces names typed in a reference set (`developers`, `facilitators`)
/// by the ids they name; an unknown or ambiguous name is refused at its field.
fn resolve_names(
    model: &Model,
    kind: Kind,
    assignments: &mut [Assignment],
) -> AppResult<Result<(), (String, Message)>> {
    let store = &app(model)?.store;
    for assignment in assignments.iter_mut() {
        let Some(Element::Ref(target)) = kind
            .field(&assignment.field)
            .and_then(|def| def.set)
            .map(|set| set.element)
        else {
            continue;
        };
        let labels = store.labels(target)?;
        let mut ids = Vec::new();
        for name in assignment
            .value
            .split(',')
            .map(str::trim)
            .filter(|n| !n.is_empty())
        {
            let key = fold(name);
            let found: Vec<&String> = labels
                .iter()
                .filter(|(id, label)| {
                    fold(label) == key
                        || id.ends_with(&name.to_ascii_lowercase()) && name.len() >= 6
                })
                .map(|(id, _)| id)
                .collect();
            match found.as_slice() {
                [id] => ids.push((*id).clone()),
                [] => {
                    return Ok(Err((
                        assignment.field.clone(),
                        Message::new("tui.error.unknown_name").arg("name", name),
                    )));
                }
                _ => {
                    return Ok(Err((
                        assignment.field.clone(),
                        Message::new("tui.error.ambiguous_name").arg("name", name),
                    )));
                }
            }
        }
        assignment.value = ids.join(",");
    }
    Ok(Ok(()))
}

fn save_form(model: &mut Model) -> AppResult<()> {
    let (View::Form(form) | View::Setup(form)) = &mut model.view else {
        return Ok(());
    };
    form.clear_errors();
    let form = form.clone();
    match &form.purpose {
        FormPurpose::Setup => save_setup(model, form),
        FormPurpose::Create(kind) | FormPurpose::Edit(kind, _) => {
            let kind = *kind;
            let mut assignments = form.assignments();
            if let Err((field, message)) = resolve_names(model, kind, &mut assignments)? {
                return show_form_error(model, &field, message);
            }
            let lang = model.lang;
            let Some(app) = model.app.as_mut() else {
                return Ok(());
            };
            let result = match &form.purpose {
                FormPurpose::Edit(_, id) => app.set(kind, id, &assignments).map(|(id, _)| id),
                _ => app.add(kind, &assignments),
            };
            match result {
                Ok(id) => {
                    model.invalidate();
                    open_detail(model, kind, &id)?;
                    let kind_label =
                        crate::i18n::tr(lang, &format!("kind.{}", kind.name())).to_string();
                    model.say(Message::new("tui.notice.saved").arg("kind", kind_label));
                    Ok(())
                }
                Err(AppError::Invalid(invalid))
                | Err(AppError::Store(StoreError::Invalid(invalid))) => {
                    show_form_error(model, &invalid.field, invalid.message)
                }
                Err(err) => {
                    let message = err.message();
                    if let View::Form(form) = &mut model.view {
                        form.error = Some(message);
                    }
                    Err(err)
                }
            }
        }
    }
}

fn show_form_error(model: &mut Model, field: &str, mut message: Message) -> AppResult<()> {
    // Messages name the field by its code; a person reads its label.
    for (name, value) in message.args.iter_mut() {
        if *name == "field" {
            *value = crate::i18n::tr(model.lang, &format!("field.{value}")).to_string();
        }
    }
    if let View::Form(form) | View::Setup(form) = &mut model.view {
        form.show_error(field, message);
    }
    model.notice = Some(super::Notice {
        message: Message::new("tui.notice.fix_fields"),
        error: true,
    });
    Ok(())
}

fn save_setup(model: &mut Model, form: FormState) -> AppResult<()> {
    let author = form.value("author");
    let request = InitRequest {
        name: &form.value("name"),
        departement: &form.value("departement"),
        role: &form.value("role"),
        author: Some(author.as_str()).filter(|a| !a.is_empty()),
    };
    match identity::init(&model.db_path, model.clock.clone(), &request) {
        Ok(_) => {}
        Err(AppError::Invalid(invalid)) | Err(AppError::Store(StoreError::Invalid(invalid))) => {
            return show_form_error(model, &invalid.field, invalid.message);
        }
        Err(err) => return Err(err),
    }
    let app = App::open(&model.db_path, model.config.clone(), model.clock.clone())?;
    model.attach(app)?;
    model.overlay = Overlay::Confirm(Confirm {
        question: Message::new("tui.confirm.demo"),
        action: ConfirmAction::LoadDemo,
    });
    Ok(())
}

fn search(model: &mut Model, action: Action) -> AppResult<()> {
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
            return open_detail(model, hit.kind, &hit.id);
        }
        Action::Type(c) => query.push(c),
        Action::DeleteBack => {
            query.pop();
        }
        Action::ClearField => query.clear(),
        _ => return Ok(()),
    }
    let index = model.search_index()?;
    let hits: Vec<SearchHit> = index
        .search(&query, SEARCH_LIMIT, &|_| true)
        .into_iter()
        .filter_map(|hit| {
            index.entry(hit.entry).map(|entry| SearchHit {
                kind: entry.kind,
                id: entry.id.clone(),
                label: entry.label.clone(),
                positions: hit.positions,
            })
        })
        .collect();
    model.overlay = Overlay::Search(SearchState {
        query,
        hits,
        selected: 0,
    });
    Ok(())
}

fn status_dialog(model: &mut Model, action: Action) -> AppResult<()> {
    let Overlay::Status(dialog) = &mut model.overlay else {
        return Ok(());
    };
    match action {
        Action::Back => model.overlay = Overlay::None,
        Action::Up | Action::OptionPrev => dialog.cursor = dialog.cursor.saturating_sub(1),
        Action::Down | Action::OptionNext => {
            dialog.cursor = (dialog.cursor + 1).min(dialog.options.len().saturating_sub(1))
        }
        Action::Type(c) => dialog.reason.push(c),
        Action::DeleteBack => {
            dialog.reason.pop();
        }
        Action::ClearField => dialog.reason.clear(),
        Action::Open | Action::Save => {
            let Some(target) = dialog.target() else {
                return Ok(());
            };
            let mut assignments = vec![Assignment::new("status", target.slug())];
            if !dialog.reason.trim().is_empty() {
                assignments.push(Assignment::new("status_reason", dialog.reason.trim()));
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
        _ => {}
    }
    Ok(())
}

fn confirm(model: &mut Model, action: Action) -> AppResult<()> {
    let Overlay::Confirm(question) = &model.overlay else {
        return Ok(());
    };
    let what = question.action;
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
            }
        }
        Action::No | Action::Back | Action::Quit => model.overlay = Overlay::None,
        _ => {}
    }
    Ok(())
}

fn help(model: &mut Model, action: Action) -> AppResult<()> {
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
