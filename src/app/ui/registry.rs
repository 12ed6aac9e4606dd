//! The registry of the UI's places: one row per context (a tab's own view,
//! a record's detail, a form, an overlay…) saying its keymap section, its
//! help heading, whether letters type text there, what the footer offers
//! and what a key *means* there when that is not its general meaning (Enter
//! opens in a list, goes to the next field in a form, keeps a value in an
//! open conflict). The keymap's sections, the footer and the help overlay
//! are generated from these rows, so they cannot disagree; the tabs have
//! their own table in `tabs`. Adding a place is a row here, a row there if
//! it is a tab, and its update handler and view.

use super::{Action, Context, Input, Model, View};

/// One context of the UI.
pub struct ContextSpec {
    pub context: Context,
    /// Its section in `keymap.toml`.
    pub section: &'static str,
    /// Catalog key of its heading in the help overlay (none: not listed).
    pub help_key: Option<&'static str>,
    /// Printable keys type text here; only the section's keys act.
    pub types_text: bool,
    /// The actions the footer offers, most useful first (those without a
    /// key are skipped; the width decides how many show).
    pub footer: fn(&Model) -> Vec<Action>,
    /// Catalog key of what an action does here, when that differs from
    /// its general words (`tui.action.<name>`).
    pub meaning: fn(&Model, Action) -> Option<&'static str>,
}

fn general(_: &Model, _: Action) -> Option<&'static str> {
    None
}

/// Every context, in the order of the help overlay (after the keys that
/// work everywhere).
pub const CONTEXTS: &[ContextSpec] = &[
    ContextSpec {
        context: Context::Browse,
        section: "browse",
        help_key: Some("tui.help.browse"),
        types_text: false,
        footer: browse_footer,
        meaning: |model, action| match action {
            Action::Back if model.screen == super::Screen::Places => {
                Some("tui.action_in.places.back")
            }
            _ => None,
        },
    },
    ContextSpec {
        context: Context::Detail,
        section: "detail",
        help_key: Some("tui.help.detail"),
        types_text: false,
        footer: detail_footer,
        meaning: |_, action| match action {
            Action::Open => Some("tui.action_in.detail.open"),
            _ => None,
        },
    },
    ContextSpec {
        context: Context::History,
        section: "history",
        help_key: Some("tui.help.history"),
        types_text: false,
        footer: |_| vec![Action::Back, Action::Down, Action::Help],
        meaning: general,
    },
    ContextSpec {
        context: Context::Form,
        section: "form",
        help_key: Some("tui.help.form"),
        types_text: true,
        footer: form_footer,
        meaning: form_meaning,
    },
    ContextSpec {
        context: Context::Search,
        section: "search",
        help_key: Some("tui.help.search"),
        types_text: true,
        footer: |_| vec![Action::Open, Action::Down, Action::Back],
        meaning: |_, action| match action {
            Action::Open => Some("tui.action_in.search.open"),
            Action::Back => Some("tui.action_in.close"),
            Action::Up => Some("tui.action_in.search.up"),
            Action::Down => Some("tui.action_in.search.down"),
            other => caret_meaning(other),
        },
    },
    ContextSpec {
        context: Context::StatusDialog,
        section: "status_dialog",
        help_key: Some("tui.help.status_dialog"),
        types_text: true,
        footer: |_| vec![Action::Open, Action::Down, Action::Back],
        meaning: |_, action| match action {
            Action::Open => Some("tui.action_in.confirm"),
            Action::Back => Some("tui.action_in.cancel"),
            Action::Up => Some("tui.action_in.status_dialog.up"),
            Action::Down => Some("tui.action_in.status_dialog.down"),
            other => caret_meaning(other),
        },
    },
    ContextSpec {
        context: Context::Confirm,
        section: "confirm",
        help_key: Some("tui.help.confirm"),
        types_text: false,
        footer: |_| vec![Action::Yes, Action::No],
        meaning: general,
    },
    ContextSpec {
        context: Context::Home,
        section: "home",
        help_key: Some("tui.help.home"),
        types_text: false,
        footer: home_footer,
        meaning: |model, action| match action {
            Action::Export => Some("report.export.action"),
            Action::Open if model.home.review.is_some() => Some("privacy.tui.open_person"),
            Action::Back if model.home.review.is_some() => Some("privacy.tui.close_review"),
            Action::Open => Some("tui.action_in.home.open"),
            Action::Up => Some("tui.action_in.home.up"),
            Action::Down => Some("tui.action_in.home.down"),
            Action::OptionPrev => Some("tui.action_in.home.year_prev"),
            Action::OptionNext => Some("tui.action_in.home.year_next"),
            _ => None,
        },
    },
    ContextSpec {
        context: Context::Skills,
        section: "skills",
        help_key: Some("tui.help.skills"),
        types_text: false,
        footer: |model| {
            if model.skills.drill.is_some() || model.skills.gap.is_some() {
                vec![
                    Action::Open,
                    Action::Back,
                    Action::Down,
                    Action::Help,
                    Action::Quit,
                ]
            } else {
                vec![
                    Action::Open,
                    Action::OptionNext,
                    Action::Help,
                    Action::Down,
                    Action::NextScreen,
                    Action::Quit,
                ]
            }
        },
        meaning: |model, action| match action {
            Action::Open if model.skills.gap.is_some() => Some("tui.match.gap.open_record"),
            Action::Back if model.skills.gap.is_some() => Some("tui.action_in.close"),
            Action::Open if model.skills.drill.is_some() => {
                Some("tui.action_in.skills.open_person")
            }
            Action::Open if model.skills.on_gap() => Some("tui.match.gap.open"),
            Action::Open => Some("tui.action_in.skills.open"),
            Action::Back => Some("tui.action_in.skills.back"),
            Action::OptionNext => Some("tui.action_in.skills.option_next"),
            Action::OptionPrev => Some("tui.action_in.skills.option_prev"),
            _ => None,
        },
    },
    ContextSpec {
        context: Context::Map,
        section: "map",
        help_key: Some("tui.help.map"),
        types_text: false,
        footer: |model| {
            if model.map.listing.is_some() {
                vec![
                    Action::Open,
                    Action::Back,
                    Action::Down,
                    Action::Help,
                    Action::Quit,
                ]
            } else {
                vec![
                    Action::Open,
                    Action::Places,
                    Action::OptionNext,
                    Action::Help,
                    Action::NextScreen,
                    Action::Quit,
                ]
            }
        },
        meaning: |model, action| {
            let listing = model.map.listing.is_some();
            match action {
                Action::Open if listing => Some("tui.action_in.map.open_record"),
                Action::Open => Some("tui.action_in.map.open"),
                Action::Back => Some("tui.action_in.map.back"),
                Action::Up if listing => None,
                Action::Down if listing => None,
                Action::Up => Some("tui.action_in.map.up"),
                Action::Down => Some("tui.action_in.map.down"),
                Action::OptionPrev => Some("tui.action_in.map.left"),
                Action::OptionNext => Some("tui.action_in.map.right"),
                _ => None,
            }
        },
    },
    ContextSpec {
        context: Context::Sync,
        section: "sync",
        help_key: Some("tui.help.sync"),
        types_text: false,
        footer: |model| {
            let mut actions = vec![
                Action::SyncFolder,
                Action::Export,
                Action::Import,
                Action::Enrol,
                Action::Help,
            ];
            // Only the lead revokes: an EPN's footer has room for its backup.
            if model.sync.regional {
                actions.push(Action::Revoke);
            }
            actions.extend([
                Action::ExportCard,
                Action::Backup,
                Action::Restore,
                Action::Refresh,
                Action::Quit,
            ]);
            actions
        },
        meaning: |_, action| match action {
            Action::Back => Some("tui.action_in.sync.back"),
            _ => None,
        },
    },
    ContextSpec {
        context: Context::Conflicts,
        section: "conflicts",
        help_key: Some("tui.help.conflicts"),
        types_text: false,
        footer: |model| {
            let deletion = model
                .conflicts
                .open
                .as_ref()
                .is_some_and(|open| open.row.deletion.is_some());
            if deletion {
                vec![Action::Open, Action::OptionNext, Action::Back, Action::Help]
            } else if model.conflicts.open.is_some() {
                vec![
                    Action::Keep,
                    Action::WriteValue,
                    Action::OptionNext,
                    Action::Back,
                    Action::Help,
                ]
            } else {
                vec![
                    Action::Open,
                    Action::Down,
                    Action::Refresh,
                    Action::NextScreen,
                    Action::Help,
                    Action::Quit,
                ]
            }
        },
        meaning: |model, action| match action {
            // An edit against a deletion: Enter takes the choice under the cursor.
            Action::Open | Action::Keep
                if model
                    .conflicts
                    .open
                    .as_ref()
                    .is_some_and(|open| open.row.deletion.is_some()) =>
            {
                Some("conflict.choose")
            }
            Action::OptionNext
                if model
                    .conflicts
                    .open
                    .as_ref()
                    .is_some_and(|open| open.row.deletion.is_some()) =>
            {
                Some("conflict.next_choice")
            }
            // In an open conflict, Enter keeps the value under the cursor.
            Action::Open if model.conflicts.open.is_some() => Some("tui.action.keep"),
            Action::OptionNext => Some("tui.action_in.conflicts.option_next"),
            Action::OptionPrev => Some("tui.action_in.conflicts.option_prev"),
            _ => None,
        },
    },
    ContextSpec {
        context: Context::Prompt,
        section: "prompt",
        help_key: Some("tui.help.prompt"),
        types_text: true,
        footer: |model| {
            let mut keys = vec![Action::Open, Action::Back, Action::ClearField];
            if encryption_offered(model) || path_offered(model) {
                keys.insert(1, Action::NextField);
            }
            keys
        },
        meaning: |model, action| match action {
            Action::Open => Some("tui.action_in.confirm"),
            Action::Back => Some("tui.action_in.cancel"),
            Action::NextField if encryption_offered(model) => Some("crypt.tui.toggle"),
            Action::NextField if path_offered(model) => Some("syncfolder.tui.complete"),
            Action::Up => Some("tui.action_in.prompt.up"),
            Action::Down => Some("tui.action_in.prompt.down"),
            other => caret_meaning(other),
        },
    },
    ContextSpec {
        context: Context::ReportForm,
        section: "report_form",
        help_key: Some("report.export.help"),
        types_text: true,
        footer: |_| {
            vec![
                Action::Open,
                Action::NextField,
                Action::OptionNext,
                Action::Back,
            ]
        },
        meaning: |model, action| {
            let in_list = matches!(&model.overlay, super::Overlay::Report(form)
                if form.focus == super::report_form::ReportField::Format);
            match action {
                Action::Open => Some("report.export.start"),
                Action::Back => Some("tui.action_in.close"),
                Action::OptionNext | Action::OptionPrev if !in_list => caret_meaning(action),
                Action::OptionNext => Some("report.export.format_next"),
                Action::OptionPrev => Some("report.export.format_prev"),
                _ => None,
            }
        },
    },
    ContextSpec {
        context: Context::Help,
        section: "help",
        help_key: None,
        types_text: false,
        footer: |_| vec![Action::Back, Action::Down],
        meaning: |_, action| match action {
            Action::Back => Some("tui.action_in.close"),
            _ => None,
        },
    },
];

/// In a one-line text, ←/→ move the caret.
fn caret_meaning(action: Action) -> Option<&'static str> {
    match action {
        Action::OptionPrev => Some("tui.action_in.caret_left"),
        Action::OptionNext => Some("tui.action_in.caret_right"),
        _ => None,
    }
}

fn home_footer(model: &Model) -> Vec<Action> {
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

fn browse_footer(model: &Model) -> Vec<Action> {
    use Action::*;
    if !model.screen.editable() {
        return vec![Open, Back, Search, Help, Quit, FilterDepartement, Sort];
    }
    let mut actions = vec![Open, New];
    if model.screen == super::Screen::Requests {
        actions.push(Status);
    }
    actions.extend([Search, Help, Quit, Edit, FilterDepartement, Sort, Delete]);
    if model.app.as_ref().is_some_and(|app| app.can_undo()) {
        actions.push(Undo);
    }
    actions
}

fn detail_footer(model: &Model) -> Vec<Action> {
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
fn record_forms(model: &Model) -> Vec<Action> {
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
fn budget_writer(model: &Model) -> bool {
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

fn form_footer(model: &Model) -> Vec<Action> {
    use Action::*;
    if in_list(model) {
        vec![Save, NextField, OptionNext, Back]
    } else {
        vec![Save, NextField, Back, ClearField]
    }
}

fn form_meaning(model: &Model, action: Action) -> Option<&'static str> {
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

impl Context {
    /// Its row in the registry.
    pub fn spec(self) -> &'static ContextSpec {
        CONTEXTS
            .iter()
            .find(|spec| spec.context == self)
            // Every context has a row (a test checks it); Home's is first.
            .unwrap_or(&CONTEXTS[0])
    }

    /// In these, printable keys type text and only non-printable keys act.
    pub fn types_text(self) -> bool {
        self.spec().types_text
    }

    /// Its section in `keymap.toml`.
    pub fn section(self) -> &'static str {
        self.spec().section
    }
}

/// Catalog key of the words for `action` in `context`: what it does
/// there, else its general words (`tui.action.<name>`).
pub fn meaning_key(model: &Model, context: Context, action: Action) -> Option<String> {
    match (context.spec().meaning)(model, action) {
        Some(key) => Some(key.to_string()),
        None => action.name().map(|name| format!("tui.action.{name}")),
    }
}

/// Whether the open prompt asks for a path (Tab completes it).
fn path_offered(model: &Model) -> bool {
    matches!(&model.overlay, super::Overlay::Prompt(prompt) if prompt.purpose.is_path() && prompt.encrypt.is_none())
}

/// Whether the open prompt offers to encrypt (writing a bundle).
fn encryption_offered(model: &Model) -> bool {
    matches!(&model.overlay, super::Overlay::Prompt(prompt) if prompt.encrypt.is_some())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_context_has_one_row_with_its_own_section() {
        let all = [
            Context::Browse,
            Context::Detail,
            Context::History,
            Context::Form,
            Context::Search,
            Context::StatusDialog,
            Context::Confirm,
            Context::Help,
            Context::Home,
            Context::Skills,
            Context::Sync,
            Context::Conflicts,
            Context::Prompt,
            Context::Map,
            Context::ReportForm,
        ];
        assert_eq!(CONTEXTS.len(), all.len());
        for context in all {
            let rows = CONTEXTS.iter().filter(|s| s.context == context).count();
            assert_eq!(rows, 1, "{context:?}");
            assert_eq!(context.spec().context, context);
        }
        let mut sections: Vec<_> = CONTEXTS.iter().map(|s| s.section).collect();
        sections.sort_unstable();
        sections.dedup();
        assert_eq!(sections.len(), CONTEXTS.len());
    }
}
