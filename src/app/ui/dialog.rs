//! The overlays' state: global search, the status-change dialog of a request
//! yes/no confirmations and one-line prompts (a conflict value, a path).

use super::text_input::TextInput;
use crate::app::search::{self as app_search, SearchOutcome};
use crate::app::{App, AppResult};
use crate::domain::Kind;
use crate::domain::status::Status;
use crate::i18n::Message;
use crate::search::SearchIndex;

/// One search result, ready to show: its matched characters are `positions`
/// (in characters of `label`). A hit found in another field than the title
/// names that `field` and carries a `snippet` of it around the match, with
/// the matched characters at `snippet_positions`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SearchHit {
    pub kind: Kind,
    pub id: String,
    pub label: String,
    pub positions: Vec<usize>,
    /// The matched field (`need`, `commune`…) when it is not the title.
    pub field: Option<&'static str>,
    pub snippet: Option<String>,
    pub snippet_positions: Vec<usize>,
}

impl SearchHit {
    /// A title found by the index (typed a moment ago: the full search
    /// through every field follows).
    pub fn titled(kind: Kind, id: String, label: String, positions: Vec<usize>) -> SearchHit {
        SearchHit {
            kind,
            id,
            label,
            positions,
            field: None,
            snippet: None,
            snippet_positions: Vec::new(),
        }
    }
}

impl From<app_search::SearchHit> for SearchHit {
    fn from(hit: app_search::SearchHit) -> SearchHit {
        // The search gives a snippet exactly when another field than the
        // title matched; its positions are then in that field, not the title.
        match hit.snippet {
            Some(snippet) => SearchHit {
                kind: hit.kind,
                id: hit.id,
                label: hit.title,
                positions: Vec::new(),
                field: Some(hit.field),
                snippet: Some(snippet),
                snippet_positions: hit.snippet_positions,
            },
            None => SearchHit::titled(hit.kind, hit.id, hit.title, hit.positions),
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SearchState {
    pub query: TextInput,
    pub hits: Vec<SearchHit>,
    pub selected: usize,
    /// The query whose hits through every field are shown (`None`: the
    /// hits are the index's titles, the full search is under way).
    pub full: Option<String>,
    /// How many records the full search matched in all (the hits are the
    /// best of them); meaningful once `full` is set.
    pub total: usize,
}

/// The best hits of `query` in every kind the tabs show (the places too),
/// through every searchable field.
/// `stop` gives it up part-way (a newer keystroke).
pub fn search_everywhere(
    app: &App,
    query: &str,
    stop: &(dyn Fn() -> bool + Sync),
) -> AppResult<SearchOutcome> {
    let mut outcome = app.search_until(query, None, SEARCH_LIMIT, stop)?;
    let places = app.search_until(query, Some(Kind::Place), SEARCH_LIMIT, stop)?;
    outcome.total = outcome.total.saturating_add(places.total);
    outcome.hits.extend(places.hits);
    outcome.hits.sort_by(|a, b| {
        b.score
            .cmp(&a.score)
            .then_with(|| a.title.cmp(&b.title))
            .then_with(|| a.id.cmp(&b.id))
    });
    outcome.hits.truncate(SEARCH_LIMIT);
    Ok(outcome)
}

/// The titles of the index matching `query`, best first; `None` when
/// `stop` gave the matching up.
pub fn title_hits(
    index: &mut SearchIndex,
    query: &str,
    stop: &dyn Fn() -> bool,
) -> Option<Vec<SearchHit>> {
    let hits = index.search_until(query, SEARCH_LIMIT, &|_| true, stop)?;
    Some(
        hits.into_iter()
            .filter_map(|hit| {
                index.entry(hit.entry).map(|entry| {
                    SearchHit::titled(
                        entry.kind,
                        entry.id.clone(),
                        entry.label.clone(),
                        hit.positions,
                    )
                })
            })
            .collect(),
    )
}

/// Titles a keystroke may score on the UI thread (about 5 ms of nucleo on
/// the benchmark machine); a larger search goes to a job.
pub const TITLES_AT_ONCE: usize = 20_000;

/// How many search results are kept and shown at most.
pub const SEARCH_LIMIT: usize = 50;

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
    /// Sync with the folder whose plan the synchronisation screen shows.
    SyncFolder,
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
    /// Delete the record named in the question (a tombstone that syncs).
    Delete {
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
    /// The folder to sync with (a USB stick, a shared folder).
    FolderPath,
    /// Where to write this site's card.
    CardOut,
    /// The record to merge into `keep`: a listed look-alike (label → id)
    /// or any name or id of `kind`.
    MergeWith {
        kind: Kind,
        keep: String,
        candidates: Vec<(String, String)>,
    },
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
    /// Writing a bundle: whether it is encrypted for its addressee (Tab
    /// switches); `None` where encryption is not offered.
    pub encrypt: Option<bool>,
}

impl PromptPurpose {
    /// Whether the line is a path (Tab completes it).
    pub fn is_path(&self) -> bool {
        !matches!(
            self,
            PromptPurpose::ResolveValue | PromptPurpose::MergeWith { .. }
        )
    }
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
            encrypt: None,
        }
    }
}
