//! What the registry's rows read from the model: the keys a place's footer
//! offers, what a key means in a form or a one-line text, and whether the
//! open prompt offers a path or encryption.

use crate::app::ui::{Action, Input, Model, View};

/// In a one-line text, ←/→ move the caret.
pub(super) fn caret_meaning(action: Action) -> Option<&'static str> {
    match action {
        Action::OptionPrev => Some("tui.action_in.caret_left"),
        Action::OptionNext => Some("tui.action_in.caret_right"),
        _ => None,
    }
}

pub(super) fn home_footer(model: &Model) -> Vec<Action> {
    use Action::*;
    if model.home.review.is_some() {
        return vec![Open, Back, Down, Help, Quit];
    }
    // What the dashboard is for first: recomputing is rarely needed
    // (figures refresh themselves), so it goes last.
    let mut actions = vec![NextScreen, Open, Export, Backup];
    // The retention review, when someone is due (the lead only).
    let due = model
        .home
        .dashboard
        .as_ref()
        .is_some_and(|dashboard| dashboard.attention.privacy_due > 0);
    if due {
        actions.push(Privacy);
    }
    actions.extend([Search, Help, Quit, Refresh]);
    if budget_writer(model) {
        actions.push(Budget);
    }
    actions
}

pub(super) fn browse_footer(model: &Model) -> Vec<Action> {
    use Action::*;
    if !model.screen.editable() {
        return vec![Open, Back, Search, Help, Quit, FilterDepartement, Sort];
    }
    let mut actions = vec![Open, New];
    if model.screen == crate::app::ui::Screen::Requests {
        actions.push(Status);
    }
    actions.extend([Search, Help, Quit, Edit, FilterDepartement, Sort, Delete]);
    if model.app.as_ref().is_some_and(|app| app.can_undo()) {
        actions.push(Undo);
    }
    actions
}

pub(super) fn detail_footer(model: &Model) -> Vec<Action> {
    use Action::*;
    let mut actions = vec![Back];
    if model.screen.editable() {
        actions.push(Edit);
    }
    actions.push(History);
    // A request's status; another budget line next to one (the lead).
    match &model.view {
        View::Detail(detail) if detail.record.kind == crate::domain::Kind::Request => {
            actions.push(Status)
        }
        View::Detail(detail)
            if detail.record.kind == crate::domain::Kind::Budget && budget_writer(model) =>
        {
            actions.insert(1, Budget)
        }
        _ => {}
    }
    // On a suggested developer, assigning them comes first.
    let suggestion =
        matches!(&model.view, View::Detail(detail) if detail.selected_suggestion().is_some());
    if suggestion {
        actions.insert(0, Assign);
    }
    // Hours and deliverables next: they are what a detail is opened for
    // (shown at 80 columns, with `? aide`: see the footer's fitting).
    actions.extend(record_forms(model));
    // Enter follows a link only when a linked line is selected.
    let linked = matches!(&model.view, View::Detail(detail) if detail.target().is_some());
    if linked {
        actions.push(Open);
    }
    actions.extend([Search, Help]);
    // Organisations and developers can take in a duplicate (shown when
    // the width allows, always in the help overlay).
    let mergeable = matches!(&model.view, View::Detail(detail)
        if crate::search::merge::MERGEABLE.contains(&detail.record.kind));
    if mergeable {
        actions.push(Merge);
    }
    let developer = matches!(&model.view, View::Detail(detail)
        if detail.record.kind == crate::domain::Kind::Developer);
    if developer {
        actions.push(Consent);
    }
    // The lead may erase a person (GDPR purge).
    let purgeable = matches!((&model.view, model.app.as_ref()), (View::Detail(detail), Some(app))
        if app.may_purge(detail.record.kind));
    if purgeable {
        actions.push(Purge);
    }
    if model.screen.editable() {
        actions.push(Delete);
    }
    if model.app.as_ref().is_some_and(|app| app.can_undo()) {
        actions.push(Undo);
    }
    actions
}

/// The forms a detail opens on its record: hours (`t`), a deliverable of a
/// request (`l`), another budget line (the lead).
pub(super) fn record_forms(model: &Model) -> Vec<Action> {
    use crate::domain::Kind;
    let View::Detail(detail) = &model.view else {
        return Vec::new();
    };
    match detail.record.kind {
        Kind::Request => vec![Action::LogHours, Action::Deliverable],
        Kind::Developer | Kind::Workshop => vec![Action::LogHours],
        _ => Vec::new(),
    }
}

/// Whether this operator writes the budget lines (the lead).
pub(super) fn budget_writer(model: &Model) -> bool {
    model
        .app
        .as_ref()
        .is_some_and(|app| app.may_edit_budget().is_ok())
}

/// Whether the focused form field is a list (←/→ choose) or a text.
fn in_list(model: &Model) -> bool {
    match &model.view {
        View::Form(form) | View::Setup(form) => form
            .fields
            .get(form.focus)
            .is_some_and(|field| matches!(field.input, Input::Pick(_))),
        _ => false,
    }
}

pub(super) fn form_footer(model: &Model) -> Vec<Action> {
    use Action::*;
    // Save and cancel first: a narrow footer drops the last ones (a list
    // field says under it that ←/→ choose).
    if in_list(model) {
        vec![Save, NextField, Back, OptionNext]
    } else {
        vec![Save, NextField, Back, ClearField]
    }
}

pub(super) fn form_meaning(model: &Model, action: Action) -> Option<&'static str> {
    let last = match &model.view {
        View::Form(form) | View::Setup(form) => form.focus + 1 >= form.fields.len(),
        _ => false,
    };
    match action {
        // Enter moves on, and on the last field saves.
        Action::Open if last => Some("tui.action.save"),
        Action::Open => Some("tui.action.next_field"),
        Action::Back => Some("tui.action_in.cancel"),
        Action::OptionPrev | Action::OptionNext if !in_list(model) => caret_meaning(action),
        _ => None,
    }
}

/// Whether the open prompt asks for a path (Tab completes it).
pub(super) fn path_offered(model: &Model) -> bool {
    matches!(&model.overlay, crate::app::ui::Overlay::Prompt(prompt) if prompt.purpose.is_path() && prompt.encrypt.is_none())
}

/// Whether the open prompt offers to encrypt (writing a bundle).
pub(super) fn encryption_offered(model: &Model) -> bool {
    matches!(&model.overlay, crate::app::ui::Overlay::Prompt(prompt) if prompt.encrypt.is_some())
}
