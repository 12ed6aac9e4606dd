//! What a person can ask the terminal UI to do. Keys resolve to these through
//! the keymap (in `tui`); `update` carries them out. Each named action has a
//! catalog key (`tui.action.<name>`) used by the help overlay and the footer.

/// An action of the terminal UI.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Action {
    Quit,
    Help,
    Search,
    NextScreen,
    PrevScreen,
    /// Go to the n-th tab (0-based).
    Screen(u8),
    Up,
    Down,
    PageUp,
    PageDown,
    Top,
    Bottom,
    /// Enter: open the selection, go to the next field, confirm.
    Open,
    /// Esc: close, cancel, go back.
    Back,
    New,
    Edit,
    History,
    /// Change a request's status.
    Status,
    Sort,
    SortReverse,
    FilterStatus,
    FilterDepartement,
    FilterCategory,
    ClearFilters,
    Save,
    NextField,
    PrevField,
    OptionNext,
    OptionPrev,
    DeleteBack,
    ClearField,
    /// Text: move the caret to the start of the field.
    LineStart,
    /// Text: move the caret to the end of the field.
    LineEnd,
    /// Text: remove the character after the caret.
    DeleteForward,
    /// Text: remove the word before the caret.
    DeleteWord,
    /// Text: move the caret to the start of the previous word.
    WordPrev,
    /// Text: move the caret to the start of the next word.
    WordNext,
    Yes,
    No,
    /// Conflicts: keep the value under the cursor.
    Keep,
    /// Conflicts: write another value.
    WriteValue,
    /// Compute the figures again.
    Refresh,
    /// Synchronisation: write a bundle.
    Export,
    /// Synchronisation: read a bundle.
    Import,
    /// Synchronisation: enrol or trust a site from its card.
    Enrol,
    /// Synchronisation: revoke the selected site (lead only).
    Revoke,
    /// Carte: open the list of the directory's places (*Lieux*).
    Places,
    /// Copy the database to a dated backup file, now.
    Backup,
    /// Bring a backup back in place of the database (a new site identity).
    Restore,
    /// A record's detail: merge a look-alike record into this one.
    Merge,
    /// A request's detail: assign the selected suggested developer.
    Assign,
    /// A developer's detail: the consent form.
    Consent,
    /// The dashboard: the people due for anonymisation or purge.
    Privacy,
    /// A developer's or organisation's detail, on the lead: erase the
    /// person for good (GDPR purge), after a confirmation naming them.
    Purge,
    /// A record's table or detail: delete it (after a confirmation naming it).
    Delete,
    /// Take back the last change of this session (a new change that syncs).
    Undo,
    /// Synchronisation: import from a folder, then write this site's
    /// bundles there.
    SyncFolder,
    /// Synchronisation: write this site's identity card.
    ExportCard,
    /// A request's, developer's or workshop's detail: log hours on it.
    LogHours,
    /// A request's detail: a new deliverable of this request.
    Deliverable,
    /// The dashboard or a budget line, on the lead: a new budget line.
    Budget,
    // Not bound by name in the keymap:
    /// A character typed into the focused text.
    Type(char),
    /// Time passes (liveness checks).
    Tick,
    /// The terminal has a new size.
    Resize(u16, u16),
    /// A click on the n-th row of the current table (absolute index).
    Select(usize),
}

/// The actions a keymap may bind, by the name used in `keymap.toml`.
pub const NAMED: &[(&str, Action)] = &[
    ("quit", Action::Quit),
    ("help", Action::Help),
    ("search", Action::Search),
    ("next_screen", Action::NextScreen),
    ("prev_screen", Action::PrevScreen),
    ("screen_1", Action::Screen(0)),
    ("screen_2", Action::Screen(1)),
    ("screen_3", Action::Screen(2)),
    ("screen_4", Action::Screen(3)),
    ("screen_5", Action::Screen(4)),
    ("screen_6", Action::Screen(5)),
    ("screen_7", Action::Screen(6)),
    ("screen_8", Action::Screen(7)),
    ("screen_9", Action::Screen(8)),
    ("up", Action::Up),
    ("down", Action::Down),
    ("page_up", Action::PageUp),
    ("page_down", Action::PageDown),
    ("top", Action::Top),
    ("bottom", Action::Bottom),
    ("open", Action::Open),
    ("back", Action::Back),
    ("new", Action::New),
    ("edit", Action::Edit),
    ("history", Action::History),
    ("status", Action::Status),
    ("sort", Action::Sort),
    ("sort_reverse", Action::SortReverse),
    ("filter_status", Action::FilterStatus),
    ("filter_departement", Action::FilterDepartement),
    ("filter_category", Action::FilterCategory),
    ("clear_filters", Action::ClearFilters),
    ("save", Action::Save),
    ("next_field", Action::NextField),
    ("prev_field", Action::PrevField),
    ("option_next", Action::OptionNext),
    ("option_prev", Action::OptionPrev),
    ("delete_back", Action::DeleteBack),
    ("clear_field", Action::ClearField),
    ("line_start", Action::LineStart),
    ("line_end", Action::LineEnd),
    ("delete_forward", Action::DeleteForward),
    ("delete_word", Action::DeleteWord),
    ("word_prev", Action::WordPrev),
    ("word_next", Action::WordNext),
    ("yes", Action::Yes),
    ("no", Action::No),
    ("keep", Action::Keep),
    ("write_value", Action::WriteValue),
    ("refresh", Action::Refresh),
    ("export", Action::Export),
    ("import", Action::Import),
    ("enrol", Action::Enrol),
    ("revoke", Action::Revoke),
    ("places", Action::Places),
    ("backup", Action::Backup),
    ("restore", Action::Restore),
    ("merge", Action::Merge),
    ("assign", Action::Assign),
    ("consent", Action::Consent),
    ("privacy", Action::Privacy),
    ("purge", Action::Purge),
    ("delete", Action::Delete),
    ("undo", Action::Undo),
    ("sync_folder", Action::SyncFolder),
    ("export_card", Action::ExportCard),
    ("log_hours", Action::LogHours),
    ("deliverable", Action::Deliverable),
    ("budget", Action::Budget),
];

impl Action {
    pub fn from_name(name: &str) -> Option<Action> {
        NAMED
            .iter()
            .find(|(known, _)| *known == name)
            .map(|(_, action)| *action)
    }

    /// The keymap name of a named action.
    pub fn name(self) -> Option<&'static str> {
        NAMED
            .iter()
            .find(|(_, action)| *action == self)
            .map(|(name, _)| *name)
    }

    /// Actions that move or look, as opposed to those that change data; a
    /// status message stays visible across these only.
    pub fn is_passive(self) -> bool {
        matches!(self, Action::Tick | Action::Resize(..))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_named_action_round_trips() {
        for (name, action) in NAMED {
            assert_eq!(Action::from_name(name), Some(*action));
            assert_eq!(action.name(), Some(*name));
        }
        assert_eq!(Action::from_name("nope"), None);
    }
}
