//! Synchronisation use cases for the interfaces: export a bundle for the
//! lead or a chosen site (remembering when, per addressee), preview a bundle
//! before importing it (sender, what it contains, how many changes are new
//! here and to which kinds of records), import it with progress, enrol or
//! trust a site from its card, revoke one, list the known sites with their
//! last exchanges, and find mounted removable media. The terminal UI calls
//! these, never `sync` or `store` directly.

use super::{App, AppError, AppResult};
use crate::domain::Kind;
use crate::i18n::Message;
use crate::sync::{
    self, ExportRequest, ExportSummary, ImportOptions, ImportOutcome, RevokeOutcome, SiteCard,
    SyncError, TrustOutcome,
};
use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};

/// Where removable media are mounted on Linux desktops.
pub const MEDIA_ROOTS: [&str; 2] = ["/media", "/run/media"];
/// File names a bundle is usually given.
const BUNDLE_EXTENSIONS: [&str; 3] = ["rb", "bundle", "relais"];

impl From<SyncError> for AppError {
    fn from(err: SyncError) -> Self {
        AppError::refused(err.message())
    }
}

/// What a bundle would bring, found without writing anything.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportPreview {
    pub path: PathBuf,
    pub sender: String,
    pub sender_name: String,
    pub full: bool,
    pub created_wall_ms: i64,
    pub change_count: u64,
    pub bytes: u64,
    /// Origin sites (named when known) and the highest seq of each.
    pub contains: Vec<(String, u64)>,
    /// Changes not held here yet, and how many records of each kind they touch.
    pub new_changes: u64,
    pub new_by_kind: Vec<(Kind, u64)>,
    pub already_imported: bool,
}

/// A known site and the last bundles exchanged with it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SiteRow {
    pub site: String,
    pub name: String,
    pub role: String,
    pub fingerprint: String,
    /// `card`, `enrolled`, `revoked` or `known`.
    pub status: String,
    pub last_sent_ms: Option<i64>,
    pub last_received_ms: Option<i64>,
}

fn sent_key(site: &str) -> String {
    format!("sync.last_sent.{site}")
}

impl App {
    fn signing_key(&self) -> AppResult<ed25519_dalek::SigningKey> {
        Ok(sync::signing_key(self.store.path())?)
    }

    /// Writes a bundle for `to` (`None`: this EPN's lead, or anyone) and
    /// remembers when, for the dashboard's "days since".
    pub fn export_bundle(
        &mut self,
        to: Option<&str>,
        full: bool,
        out: &Path,
        progress: &mut dyn FnMut(u64),
    ) -> AppResult<ExportSummary> {
        let key = self.signing_key()?;
        let request = ExportRequest {
            to: to.map(str::to_string),
            full,
        };
        let summary = sync::export(&self.store, &key, &request, out, progress)?;
        let now = self.store.now_ms().to_string();
        self.store
            .set_local_setting(&sent_key(&summary.addressee), &now)?;
        Ok(summary)
    }

    /// Checks a bundle (signature, sender, every change) and says what it
    /// would change here; nothing is written.
    pub fn preview_bundle(&self, path: &Path) -> AppResult<ImportPreview> {
        let verified = sync::verify(&self.store, path)?;
        let header = &verified.preamble.header;
        let held: BTreeMap<String, u64> = self
            .store
            .vector()?
            .into_iter()
            .map(|entry| (entry.site, entry.contiguous))
            .collect();
        let mut file = std::fs::File::open(path)
            .map_err(|err| AppError::from(SyncError::Io(path.to_path_buf(), err)))?;
        let preamble = sync::format::read_preamble(&mut file as &mut dyn Read)?;
        let store = &self.store;
        let mut new_changes = 0u64;
        let mut records: BTreeMap<Kind, std::collections::BTreeSet<String>> = BTreeMap::new();
        sync::reader::scan(
            std::io::BufReader::new(file),
            &preamble.header,
            &mut |_, change| {
                let above = change.id.seq > held.get(&change.id.site).copied().unwrap_or(0);
                if above && !store.has_change(&change.id.site, change.id.seq)? {
                    new_changes += 1;
                    records
                        .entry(change.kind)
                        .or_default()
                        .insert(change.record.clone());
                }
                Ok(())
            },
        )?;
        let names = self.store.site_names()?;
        let name_of = |site: &str| {
            names
                .iter()
                .find(|(id, _)| id == site)
                .map(|(_, name)| name.clone())
                .unwrap_or_else(|| crate::store::short_id(site).to_string())
        };
        Ok(ImportPreview {
            path: path.to_path_buf(),
            sender: header.sender.clone(),
            sender_name: verified.sender_name.clone(),
            full: header.full,
            created_wall_ms: header.created_wall_ms,
            change_count: header.change_count,
            bytes: header.payload_bytes,
            contains: header
                .contains
                .iter()
                .map(|(site, seq)| (name_of(site), *seq))
                .collect(),
            new_changes,
            new_by_kind: records
                .into_iter()
                .map(|(kind, ids)| (kind, ids.len() as u64))
                .collect(),
            already_imported: verified.already_imported,
        })
    }

    /// Imports a bundle (verified again, then one transaction).
    pub fn import_bundle(
        &mut self,
        path: &Path,
        progress: &mut dyn FnMut(u64),
    ) -> AppResult<ImportOutcome> {
        Ok(sync::import(
            &mut self.store,
            path,
            ImportOptions {
                fail_at: None,
                progress: Some(progress),
            },
        )?)
    }

    /// Trusts a site from its card file; on the lead, enrols it for the region.
    pub fn enrol_card(&mut self, path: &Path) -> AppResult<TrustOutcome> {
        let io = |err| AppError::from(SyncError::Io(path.to_path_buf(), err));
        if path.is_dir() {
            return Err(SyncError::IsDirectory(path.to_path_buf()).into());
        }
        let file = std::fs::File::open(path).map_err(io)?;
        let mut text = String::new();
        file.take(sync::card::MAX_CARD_BYTES)
            .read_to_string(&mut text)
            .map_err(|_| AppError::from(SyncError::BadCard("not a site card".into())))?;
        let card = SiteCard::parse(&text)?;
        let author = self.author();
        // TODO(issue 8/9, lead): show the fingerprint and ask before trusting
        // a card as the lead; until the TUI asks, it keeps its old behaviour.
        let options = sync::TrustOptions {
            as_lead: card.role == "regional",
        };
        Ok(sync::trust::trust_card(
            &mut self.store,
            card,
            &author,
            options,
        )?)
    }

    /// Revokes a site (for the whole region when this is the lead).
    pub fn revoke_site(&mut self, site: &str) -> AppResult<RevokeOutcome> {
        let author = self.author();
        Ok(sync::trust::revoke(&mut self.store, site, &author)?)
    }

    /// The sites this installation knows, with the last bundle sent to and
    /// received from each.
    pub fn sites(&self) -> AppResult<Vec<SiteRow>> {
        let identity = self.store.require_identity()?;
        let received: BTreeMap<String, i64> = self.store.last_imports()?.into_iter().collect();
        let mut rows = Vec::new();
        for entry in sync::trust::list(&self.store)? {
            if entry.site == identity.site {
                continue;
            }
            let sent = self
                .store
                .local_setting(&sent_key(&entry.site))?
                .and_then(|ms| ms.parse().ok());
            rows.push(SiteRow {
                last_received_ms: received.get(&entry.site).copied(),
                last_sent_ms: sent,
                status: entry.status.name().to_string(),
                site: entry.site,
                name: entry.name,
                role: entry.role,
                fingerprint: entry.fingerprint,
            });
        }
        rows.sort_by(|a, b| (&a.name, &a.site).cmp(&(&b.name, &b.site)));
        Ok(rows)
    }
}

/// Mounted removable media (`/media/USER/LABEL`, `/run/media/USER/LABEL`,
/// or a volume directly under a root), sorted.
pub fn removable_media() -> Vec<PathBuf> {
    let mut found = Vec::new();
    let subdirs = |dir: &Path| -> Vec<PathBuf> {
        std::fs::read_dir(dir)
            .map(|entries| {
                entries
                    .filter_map(Result::ok)
                    .map(|entry| entry.path())
                    .filter(|path| path.is_dir())
                    .collect()
            })
            .unwrap_or_default()
    };
    for root in MEDIA_ROOTS {
        for first in subdirs(Path::new(root)) {
            let below = subdirs(&first);
            if below.is_empty() {
                found.push(first);
            } else {
                found.extend(below);
            }
        }
    }
    found.sort();
    found
}

/// Bundle files at the top of each of `dirs`, newest first.
pub fn bundles_in(dirs: &[PathBuf]) -> Vec<PathBuf> {
    let mut files: Vec<(std::time::SystemTime, PathBuf)> = Vec::new();
    for dir in dirs {
        let Ok(entries) = std::fs::read_dir(dir) else {
            continue;
        };
        for entry in entries.filter_map(Result::ok) {
            let path = entry.path();
            let wanted = path
                .extension()
                .and_then(|ext| ext.to_str())
                .is_some_and(|ext| BUNDLE_EXTENSIONS.contains(&ext));
            if wanted && path.is_file() {
                let modified = entry
                    .metadata()
                    .and_then(|meta| meta.modified())
                    .unwrap_or(std::time::UNIX_EPOCH);
                files.push((modified, path));
            }
        }
    }
    files.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    files.into_iter().map(|(_, path)| path).collect()
}

/// A message naming a path, for the status line.
pub fn path_message(key: &'static str, path: &Path) -> Message {
    Message::new(key).arg("path", path.display())
}
