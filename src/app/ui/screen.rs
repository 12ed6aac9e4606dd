//! Where the UI stands: the record screens, the view shown, the overlay
//! above it, the context keys are read in, and the status line's notice.

use super::{
    Confirm, DetailState, FormState, HistoryState, Prompt, SearchState, StatusDialog, Tab,
    report_form,
};
use crate::domain::Kind;
use crate::i18n::Message;

/// The record tables: four are tabs of their own, the places of the
/// directory (*Lieux*) open from the *Carte* tab (see `Screen::tab`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Screen {
    Requests,
    Developers,
    Workshops,
    Orgs,
    Places,
}

impl Screen {
    pub const ALL: [Screen; 5] = [
        Screen::Requests,
        Screen::Developers,
        Screen::Workshops,
        Screen::Orgs,
        Screen::Places,
    ];

    pub fn kind(self) -> Kind {
        match self {
            Screen::Requests => Kind::Request,
            Screen::Developers => Kind::Developer,
            Screen::Workshops => Kind::Workshop,
            Screen::Orgs => Kind::Org,
            Screen::Places => Kind::Place,
        }
    }

    /// The tab its table belongs to: its own, or the map for the places
    /// (the tab bar has no room for a tenth tab at 80 columns).
    pub fn tab(self) -> Tab {
        match self {
            Screen::Places => Tab::Map,
            other => Tab::Records(other),
        }
    }

    /// Whether its records are written here (places come from the
    /// directory's files, `relais sites import`, and are read-only).
    pub fn editable(self) -> bool {
        self != Screen::Places
    }

    pub fn of_kind(kind: Kind) -> Option<Screen> {
        Screen::ALL.into_iter().find(|screen| screen.kind() == kind)
    }

    pub fn index(self) -> usize {
        Screen::ALL.iter().position(|s| *s == self).unwrap_or(0)
    }

    /// Catalog key of the tab title.
    pub fn title_key(self) -> &'static str {
        match self {
            Screen::Requests => "tui.tab.requests",
            Screen::Developers => "tui.tab.developers",
            Screen::Workshops => "tui.tab.workshops",
            Screen::Orgs => "tui.tab.orgs",
            Screen::Places => "tui.tab.places",
        }
    }
}

/// What fills the body under the tabs.
#[derive(Clone, Debug, PartialEq)]
pub enum View {
    /// First run: the database has no identity yet.
    Setup(FormState),
    /// The current screen's table (with a detail pane when there is room).
    Browse,
    Detail(DetailState),
    History(HistoryState),
    Form(FormState),
    /// The dashboard (state in `Model::home`).
    Home,
    /// The skills map (state in `Model::skills`).
    Skills,
    /// Synchronisation (state in `Model::sync`).
    Sync,
    /// Conflicts and review items (state in `Model::conflicts`).
    Conflicts,
    /// The map of the region (state in `Model::map`).
    Map,
}

/// What floats above the body.
#[derive(Clone, Debug, PartialEq)]
pub enum Overlay {
    None,
    Help {
        scroll: usize,
    },
    Search(SearchState),
    Status(StatusDialog),
    Confirm(Confirm),
    Prompt(Prompt),
    /// The dashboard's "export the report" form.
    Report(report_form::ReportForm),
}

/// Which keys apply: the keymap's sections (each has a row in `registry`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Context {
    Browse,
    Detail,
    History,
    Form,
    Search,
    StatusDialog,
    Confirm,
    Help,
    Home,
    Skills,
    Sync,
    Conflicts,
    Prompt,
    Map,
    ReportForm,
}

/// A message on the status line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Notice {
    pub message: Message,
    pub error: bool,
}
