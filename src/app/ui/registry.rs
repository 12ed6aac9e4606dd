//! The registry of the UI's places: one row per context (a tab's own view,
//! a record's detail, a form, an overlay…) saying its keymap section, its
//! help heading, whether letters type text there, what the footer offers
//! and what a key *means* there when that is not its general meaning (Enter
//! opens in a list, goes to the next field in a form, keeps a value in an
//! open conflict). The keymap's sections, the footer and the help overlay
//! are generated from these rows, so they cannot disagree; the tabs have
//! their own table in `tabs`. Adding a place is a row here, a row there if
//! it is a tab, and its update handler and view.

use super::{Action, Context, Model};
mod footers;

use footers::{
    browse_footer, caret_meaning, detail_footer, encryption_offered, form_footer, form_meaning,
    home_footer, path_offered,
};

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
            } else if model
                .conflicts
                .list
                .as_ref()
                .is_some_and(|list| list.is_empty())
            {
                // Nothing to open or move through.
                vec![
                    Action::Refresh,
                    Action::NextScreen,
                    Action::Help,
                    Action::Quit,
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
        // Up once there is something above.
        footer: |model| match model.overlay {
            super::Overlay::Help { scroll } if scroll > 0 => {
                vec![Action::Back, Action::Up, Action::Down]
            }
            _ => vec![Action::Back, Action::Down],
        },
        meaning: |_, action| match action {
            Action::Back => Some("tui.action_in.close"),
            _ => None,
        },
    },
];

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

#[cfg(test)]
mod tests;
