//! The overlays' state: global search, the status-change dialog of a request
//! yes/no confirmations and one-line prompts (a conflict value, a path).

use super::text_input::TextInput;
use crate::domain::Kind;
use crate::domain::status::Status;
use crate::i18n::Message;

/// One search result, ready to show: its matched characters are `positions`
/// (in characters of `label`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SearchHit {
    pub kind: Kind,
    pub id: String,
    pub label: String,
    pub positions: Vec<usize>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SearchState {
    pub query: TextInput,
    pub hits: Vec<SearchHit>,
    pub selected: usize,
}

/// Moving a request to another status, with a reason where the rules want one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StatusDialog {
    pub id: String,
    pub title: String,
    pub from: Status,
    pub options: Vec<Status>,
    pub cursor: usize,
    pub reason: TextInput,
    pub error: Option<Message>,
}

impl StatusDialog {
    pub fn new(id: String, title: String, from: Status) -> StatusDialog {
        StatusDialog {
            id,
            title,
            from,
            options: from.next(),
            cursor: 0,
            reason: TextInput::default(),
            error: None,
        }
    }

    pub fn target(&self) -> Option<Status> {
        self.options.get(self.cursor).copied()
    }

    pub fn needs_reason(&self) -> bool {
        self.target().is_some_and(|to| self.from.needs_reason(to))
    }
}

/// What a "yes" does.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ConfirmAction {
    Quit,
    DiscardForm,
    LoadDemo,
    /// Import the previewed bundle.
    Import,
    /// Revoke the site selected on the synchronisation screen.
    Revoke,
    /// Trust the card read on the synchronisation screen (its fingerprint shown).
    Enrol,
    /// Put the backup named on the synchronisation screen in place.
    Restore,
    /// Save the open form although it looks like existing records.
    SaveLookAlike,
    /// Merge `other` into `keep` (the record whose detail is open).
    Merge {
        kind: Kind,
        keep: String,
        other: String,
    },
    /// Erase the record whose detail is open (GDPR purge).
    Purge {
        kind: Kind,
        id: String,
    },
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Confirm {
    pub question: Message,
    pub action: ConfirmAction,
}

/// What the text typed in a prompt is for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PromptPurpose {
    /// Another value for the open conflict.
    ResolveValue,
    /// Where to write a bundle.
    ExportPath,
    /// The bundle to read.
    ImportPath,
    /// A site card to enrol or trust.
    CardPath,
    /// The backup file to restore.
    RestorePath,
}

/// A one-line text question (a value, a path).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Prompt {
    pub purpose: PromptPurpose,
    /// Catalog key of the question.
    pub title_key: &'static str,
    /// A line under the title (e.g. who a bundle is for).
    pub detail: Option<Message>,
    pub text: TextInput,
    /// Suggestions shown under the line (e.g. mounted removable media);
    /// ↑/↓ put one in the line.
    pub suggestions: Vec<String>,
    pub error: Option<Message>,
}

impl Prompt {
    pub fn new(purpose: PromptPurpose, title_key: &'static str, text: &str) -> Prompt {
        Prompt {
            purpose,
            title_key,
            detail: None,
            text: TextInput::new(text),
            suggestions: Vec::new(),
            error: None,
        }
    }
}
