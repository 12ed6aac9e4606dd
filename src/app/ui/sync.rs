//! *Synchronisation*: the known sites with their last exchanges, exporting
//! a bundle (for this EPN's lead, or the site selected on the lead), the
//! preview of a bundle before importing it, the import itself in the
//! background (see `jobs`) with its progress, then its summary; syncing
//! with a folder (its plan, then what it did); this site's card written;
//! enrolling a site from its card and revoking one; Tab completion of the
//! path prompts. The work is done by the use cases of `app::sync_ops`,
//! `app::sync_folder` and `app::trust`.

use super::dialog::Prompt;
use crate::app::sync_folder::FolderPlan;
use crate::app::sync_ops::{self, ImportPreview, SiteRow, SummaryLine};
use crate::app::trust::CardPreview;
use crate::app::{App, AppResult};
use crate::domain::SiteRole;
use crate::i18n::{Lang, Message};
use std::path::{Path, PathBuf};

/// The last bundles exchanged with one site (for the dashboard).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Exchange {
    pub site: String,
    pub name: String,
    /// Wall-clock time (ms) of the last bundle sent to the site.
    pub last_sent_ms: Option<i64>,
    /// Wall-clock time (ms) of the last bundle imported from the site.
    pub last_received_ms: Option<i64>,
}

/// The sites bundles were exchanged with, and when; the longest silence
/// first.
pub fn exchanges(app: &App) -> AppResult<Vec<Exchange>> {
    let mut exchanges: Vec<Exchange> = app
        .sites()?
        .into_iter()
        .filter(|row| row.last_sent_ms.is_some() || row.last_received_ms.is_some())
        .map(|row| Exchange {
            site: row.site,
            name: row.name,
            last_sent_ms: row.last_sent_ms,
            last_received_ms: row.last_received_ms,
        })
        .collect();
    exchanges.sort_by_key(|e| (e.last_received_ms.unwrap_or(0), e.name.clone()));
    Ok(exchanges)
}

/// The Synchronisation screen's state.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SyncState {
    /// The known sites; `None` until loaded.
    pub trust: Option<Vec<SiteRow>>,
    pub selected: usize,
    /// Whether this installation is the lead (it picks the addressee, and
    /// may revoke).
    pub regional: bool,
    /// Mounted removable media, offered for export and import.
    pub media: Vec<PathBuf>,
    /// The bundle about to be imported.
    pub preview: Option<ImportPreview>,
    /// What the last export or import did.
    pub summary: Vec<SummaryLine>,
    /// A card read and shown, waiting for the person's "yes".
    pub pending_card: Option<PendingCard>,
    /// A backup file named, waiting for the person's "yes" to restore it.
    pub pending_restore: Option<PathBuf>,
    /// A folder looked at, waiting for the person's "yes" to sync with it.
    pub folder_plan: Option<FolderPlan>,
}

/// A site card read from a file, not trusted yet.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PendingCard {
    pub path: PathBuf,
    pub card: CardPreview,
}

impl SyncState {
    pub fn selected_site(&self) -> Option<&SiteRow> {
        self.trust.as_ref().and_then(|rows| rows.get(self.selected))
    }
}

/// Reads the sites and looks for removable media.
pub fn load(app: &App, state: &mut SyncState) -> AppResult<()> {
    state.regional = app.role()? == SiteRole::Regional;
    let rows = app.sites()?;
    state.selected = state.selected.min(rows.len().saturating_sub(1));
    state.trust = Some(rows);
    state.media = sync_ops::removable_media();
    Ok(())
}

/// Where a new bundle for `to` (`None`: this EPN's lead) goes in `dir`
/// (`App::new_bundle_path`).
pub fn bundle_path(app: &App, lang: Lang, to: Option<&SiteRow>, dir: &Path) -> AppResult<PathBuf> {
    let addressee = match to {
        Some(row) => row.name.clone(),
        None => app
            .folder_addressees()?
            .into_iter()
            .find(|to| to.site.is_some())
            .map_or_else(|| "region".to_string(), |to| to.name),
    };
    app.new_bundle_path(lang, dir, &addressee)
}

/// Tab in a path prompt: completes the last part of the path from the files
/// and folders there (a folder gets its `/`); several candidates complete
/// to what they share and are listed under the line.
pub fn complete_path(prompt: &mut Prompt) {
    let text = prompt.text.as_str().to_string();
    let (dir_part, prefix) = match text.rfind('/') {
        Some(at) => (text[..=at].to_string(), text[at + 1..].to_string()),
        None => (String::new(), text.clone()),
    };
    let listed = if dir_part.is_empty() {
        PathBuf::from(".")
    } else {
        expand_home(&dir_part)
    };
    let mut candidates: Vec<String> = std::fs::read_dir(&listed)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .filter_map(|entry| {
                    let name = entry.file_name().to_string_lossy().into_owned();
                    // Hidden files only when asked for (a dot typed).
                    let wanted = name.starts_with(&prefix)
                        && (prefix.starts_with('.') || !name.starts_with('.'));
                    let slash = if entry.path().is_dir() { "/" } else { "" };
                    wanted.then(|| format!("{dir_part}{name}{slash}"))
                })
                .collect()
        })
        .unwrap_or_default();
    candidates.sort();
    match candidates.as_slice() {
        [] => {
            prompt.error = Some(Message::new("syncfolder.tui.no_match").arg("text", &text));
        }
        [one] => {
            prompt.text.set(one);
            prompt.error = None;
        }
        many => {
            let shared = common_prefix(many);
            if shared.chars().count() > text.chars().count() {
                prompt.text.set(&shared);
            }
            prompt.suggestions = many.to_vec();
            prompt.error = None;
        }
    }
}

/// The longest start every text shares (whole characters).
fn common_prefix(texts: &[String]) -> String {
    let Some(first) = texts.first() else {
        return String::new();
    };
    let mut end = first.len();
    for text in &texts[1..] {
        end = first
            .char_indices()
            .zip(text.chars())
            .find(|((_, a), b)| a != b)
            .map_or(end.min(text.len()), |((at, _), _)| at.min(end));
    }
    first[..end].to_string()
}

/// `~/x` is the home directory's `x`.
pub fn expand_home(text: &str) -> PathBuf {
    match (text.strip_prefix("~/"), std::env::var_os("HOME")) {
        (Some(rest), Some(home)) => Path::new(&home).join(rest),
        _ => PathBuf::from(text),
    }
}
