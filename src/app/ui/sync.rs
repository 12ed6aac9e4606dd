//! *Synchronisation*: the known sites with their last exchanges, exporting
//! a bundle (for this EPN's lead, or the site selected on the lead), the
//! preview of a bundle before importing it, the import itself in the
//! background with its progress, then its summary; enrolling a site from its
//! card and revoking one. The work is done by the use cases of
//! `app::sync_ops`.

use crate::app::sync_ops::{self, ImportPreview, SiteRow};
use crate::app::{App, AppError, AppResult, Config};
use crate::domain::clock::Clock;
use crate::i18n::Message;
use crate::store::ApplyReport;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::thread::JoinHandle;

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

/// How far the running import is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Progress {
    pub done: u64,
    pub total: u64,
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
    pub progress: Option<Progress>,
    /// What the last export or import did.
    pub summary: Vec<Message>,
}

impl SyncState {
    pub fn selected_site(&self) -> Option<&SiteRow> {
        self.trust.as_ref().and_then(|rows| rows.get(self.selected))
    }
}

/// Reads the sites and looks for removable media.
pub fn load(app: &App, state: &mut SyncState) -> AppResult<()> {
    state.regional = app.store.require_identity()?.role == "regional";
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

/// Sender name, report, whether it was a replay, names of skewed sites.
type JobOutcome = (String, ApplyReport, bool, Vec<String>);

/// An import running on its own connection, off the UI thread.
pub struct ImportJob {
    handle: JoinHandle<AppResult<JobOutcome>>,
    done: Arc<AtomicU64>,
    pub total: u64,
}

impl ImportJob {
    pub fn start(
        db: &Path,
        config: Config,
        clock: Arc<dyn Clock>,
        path: PathBuf,
        total: u64,
    ) -> ImportJob {
        let done = Arc::new(AtomicU64::new(0));
        let counter = done.clone();
        let db = db.to_path_buf();
        let handle = std::thread::spawn(move || {
            let mut app = App::open(&db, config, clock)?;
            let outcome = app.import_bundle(&path, &mut |n| counter.store(n, Ordering::Relaxed))?;
            let names = app.store.site_names()?;
            let skewed = outcome
                .report
                .skewed_sites
                .iter()
                .map(|site| {
                    names
                        .iter()
                        .find(|(id, _)| id == site)
                        .map(|(_, name)| name.clone())
                        .unwrap_or_else(|| crate::store::short_id(site).to_string())
                })
                .collect();
            Ok((outcome.sender_name, outcome.report, outcome.replay, skewed))
        });
        ImportJob {
            handle,
            done,
            total,
        }
    }

    pub fn progress(&self) -> Progress {
        Progress {
            done: self.done.load(Ordering::Relaxed),
            total: self.total,
        }
    }

    pub fn is_finished(&self) -> bool {
        self.handle.is_finished()
    }

    /// The outcome, once finished, as summary lines.
    pub fn finish(self) -> AppResult<Vec<Message>> {
        let (sender, report, replay, skewed) = self
            .handle
            .join()
            .map_err(|_| AppError::refused(Message::new("tui.sync.import_crashed")))??;
        if replay {
            return Ok(vec![Message::new("tui.sync.replay").arg("sender", sender)]);
        }
        let mut lines = vec![
            Message::new("tui.sync.imported")
                .count(report.new_changes as i64)
                .arg("sender", sender)
                .arg("duplicates", report.duplicate_changes)
                .arg("records", report.records_touched),
            Message::new("tui.sync.imported_conflicts")
                .arg("new", report.new_conflicts)
                .arg("resolved", report.resolved_conflicts),
        ];
        if !skewed.is_empty() {
            lines.push(Message::new("tui.sync.imported_skew").arg("sites", skewed.join(", ")));
        }
        Ok(lines)
    }
}
