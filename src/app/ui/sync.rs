//! *Synchronisation*: the known sites with their last exchanges, exporting
//! a bundle (for this EPN's lead, or the site selected on the lead), the
//! preview of a bundle before importing it, the import itself in the
//! background (see `jobs`) with its progress, then its summary; enrolling a site from its
//! card and revoking one. The work is done by the use cases of
//! `app::sync_ops`.

use crate::app::sync_ops::{self, ImportPreview, SiteRow, SummaryLine};
use crate::app::trust::CardPreview;
use crate::app::{App, AppResult};
use crate::domain::SiteRole;
use std::path::PathBuf;

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

/// A file name for a new bundle: `relais-<site>-<date>.rb`.
pub fn bundle_name(app: &App, to: Option<&SiteRow>) -> String {
    let date = app.store.clock().today().format("%Y-%m-%d");
    let who = match to {
        Some(row) => slug(&row.name),
        None => "region".to_string(),
    };
    format!("relais-{who}-{date}.rb")
}

fn slug(text: &str) -> String {
    let folded = crate::search::fold(text);
    let mut out = String::new();
    for c in folded.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_matches('-').to_string()
}
