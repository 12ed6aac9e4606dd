//! Bundle use cases for both interfaces: export a bundle for the lead or a
//! chosen site (remembering when, per addressee, whichever interface wrote
//! it), verify one, preview what it would change here, import it with
//! progress and put the outcome into words once (so the command line and the
//! Synchronisation screen say the same thing), and find bundles on removable
//! media. Interfaces call these, never `sync` or `store` directly.

use super::crypt::{Passphrase, Sealed};
use super::trust::sent_key;
use super::{App, AppError, AppResult, ImportStep};
use crate::domain::Kind;
use crate::i18n::Message;
use crate::sync::{self, ExportRequest, ImportOptions, fingerprint};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

pub use super::trust::SiteRow;

/// Where removable media are mounted on Linux desktops (`/media/USER/LABEL`,
/// `/run/media/USER/LABEL`) and by hand (`/mnt/NAME`).
pub const MEDIA_ROOTS: [&str; 3] = ["/media", "/run/media", "/mnt"];
/// File names a bundle is usually given.
const BUNDLE_EXTENSIONS: [&str; 3] = ["rb", "bundle", "relais"];

/// A bundle written and read back.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Exported {
    pub file: PathBuf,
    pub bundle_id: String,
    /// The addressee's site id, or `*` for anyone.
    pub addressee: String,
    pub full: bool,
    pub changes: u64,
    pub bytes: u64,
    /// How it was encrypted (`crypt`).
    pub sealed: Sealed,
}

impl Exported {
    /// The line saying how the bundle was encrypted, if it was.
    pub fn sealed_line(&self) -> Option<Message> {
        match &self.sealed {
            Sealed::None => None,
            Sealed::Sites { names } => {
                Some(Message::new("crypt.export.sites").arg("names", names.join(", ")))
            }
            Sealed::Passphrase => Some(Message::new("crypt.export.passphrase")),
        }
    }

    /// Whether the bundle is for any site rather than a named one.
    pub fn for_anyone(&self) -> bool {
        self.addressee == sync::format::ANY
    }
}

/// What a bundle holds, checked without writing anything.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct VerifiedBundle {
    pub file: PathBuf,
    pub valid: bool,
    pub bundle_id: String,
    pub sender: String,
    pub sender_name: String,
    pub fingerprint: String,
    pub addressee: String,
    pub full: bool,
    /// When the sender wrote it (RFC 3339).
    pub created: String,
    #[serde(skip)]
    pub created_ms: i64,
    pub changes: u64,
    pub payload_bytes: u64,
    pub payload_raw_bytes: u64,
    pub assumed: BTreeMap<String, u64>,
    pub contains: BTreeMap<String, u64>,
    pub ack: BTreeMap<String, u64>,
    pub already_imported: bool,
}

impl VerifiedBundle {
    /// Whether the bundle is for any site rather than a named one.
    pub fn for_anyone(&self) -> bool {
        self.addressee == sync::format::ANY
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

/// How a line of an outcome should be shown (a warning is never drawn with ✓).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Done,
    Notice,
    Warning,
}

/// One line of an outcome, in no language yet.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SummaryLine {
    pub severity: Severity,
    pub message: Message,
}

impl SummaryLine {
    /// A line saying something was done.
    pub fn done(message: Message) -> SummaryLine {
        SummaryLine {
            severity: Severity::Done,
            message,
        }
    }
}

/// What importing one bundle did.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Imported {
    pub file: PathBuf,
    pub bundle_id: String,
    pub sender: String,
    pub sender_name: String,
    /// Seen before: nothing was done.
    pub replay: bool,
    pub new_changes: usize,
    pub duplicate_changes: usize,
    pub records_touched: usize,
    pub new_conflicts: usize,
    pub resolved_conflicts: usize,
    /// Origin sites whose stamps were more than a day ahead of this clock.
    pub skewed_sites: BTreeSet<String>,
    /// The same sites by name, for people.
    #[serde(skip)]
    pub skewed_names: Vec<String>,
    /// Changes of revoked sites beyond their cut-off, left out.
    pub cut_off: u64,
}

impl Imported {
    /// The outcome in words, short enough for one line of an 80-column
    /// screen: what was done, the conflicts, then each warning.
    pub fn summary(&self) -> Vec<SummaryLine> {
        if self.replay {
            return vec![SummaryLine {
                severity: Severity::Notice,
                message: Message::new("sync.import.replay")
                    .arg("id", &self.bundle_id)
                    .arg("name", &self.sender_name),
            }];
        }
        let mut lines = vec![
            SummaryLine::done(
                Message::new("sync.import.done")
                    .count(self.new_changes as i64)
                    .arg("name", &self.sender_name)
                    .arg_number("duplicates", self.duplicate_changes)
                    .arg_number("records", self.records_touched),
            ),
            SummaryLine {
                severity: Severity::Notice,
                message: Message::new("sync.import.conflicts")
                    .arg_number("new", self.new_conflicts)
                    .arg_number("resolved", self.resolved_conflicts),
            },
        ];
        lines.extend(self.skewed_names.iter().map(|site| SummaryLine {
            severity: Severity::Warning,
            message: Message::new("sync.import.skew").arg("site", site),
        }));
        if self.cut_off > 0 {
            lines.push(SummaryLine {
                severity: Severity::Warning,
                message: Message::new("sync.import.cut_off").count(self.cut_off as i64),
            });
        }
        lines
    }
}

/// A refusal that names the file it is about; a bundle refusal stays one.
fn about_file(path: &Path, err: AppError) -> AppError {
    let message = Message::new("sync.file_error")
        .arg("file", path.display())
        .arg_message("reason", err.message());
    err.with_message(message)
}

/// "This is a bundle this site wrote": said in words, not as a signature
/// or trust error.
pub(super) fn own_bundle(path: &Path) -> AppError {
    AppError::refused(Message::new("syncfolder.own_bundle").arg("file", file_name(path)))
}

/// The last part of a path, for lines that must fit 80 columns.
pub fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

impl App {
    /// The header of a bundle this site can open (nothing checked yet):
    /// who wrote it and for whom.
    pub(super) fn bundle_header(
        &self,
        path: &Path,
        keys: &sync::crypt::Keys,
    ) -> AppResult<sync::format::Header> {
        let mut file = sync::crypt::open(path, keys)?;
        Ok(sync::format::read_preamble(&mut file)?.header)
    }

    /// Refuses, in words, a bundle this very site wrote (it holds nothing
    /// new here); any other problem is left to the full check.
    fn refuse_own(&self, path: &Path, keys: &sync::crypt::Keys) -> AppResult<()> {
        let own = self.store.require_identity()?.site;
        self.refuse_written_by(path, keys, &own)
    }

    /// `refuse_own` with this site's id already read.
    fn refuse_written_by(&self, path: &Path, keys: &sync::crypt::Keys, own: &str) -> AppResult<()> {
        match self.bundle_header(path, keys) {
            Ok(header) if header.sender == own => Err(own_bundle(path)),
            _ => Ok(()),
        }
    }

    /// Whether `path` is a bundle this site wrote (for the import prompt's
    /// suggestions, which never offer it).
    pub fn is_own_bundle(&self, path: &Path) -> bool {
        let Ok(keys) = self.bundle_keys(path, None) else {
            return false;
        };
        self.refuse_own(path, &keys).is_err()
    }

    /// Site id → name, for every site record known here.
    fn site_names(&self) -> AppResult<BTreeMap<String, String>> {
        Ok(self.store.site_names()?.into_iter().collect())
    }

    fn signing_key(&self) -> AppResult<ed25519_dalek::SigningKey> {
        sync::signing_key(self.store.path()).map_err(super::error::not_a_bundle)
    }

    /// Writes a bundle for `to` (`None`: this EPN's lead, or anyone), reads
    /// it back, and remembers when, for the dashboard's "days since".
    pub fn export_bundle(
        &mut self,
        to: Option<&str>,
        full: bool,
        out: &Path,
        progress: &mut dyn FnMut(u64),
    ) -> AppResult<Exported> {
        let key = self.signing_key()?;
        let request = ExportRequest {
            to: to.map(str::to_string),
            full,
        };
        let summary = sync::export(&self.store, &key, &request, out, progress)
            .map_err(super::error::not_a_bundle)?;
        Ok(self.remember_export(summary))
    }

    /// Remembers when a bundle was written for its addressee, for the
    /// dashboard's "days since".
    pub(super) fn remember_export(&mut self, summary: sync::ExportSummary) -> Exported {
        // Remembering when is bookkeeping: on a full disk the database cannot
        // take it, but the bundle (the way to rescue the data) is written and
        // checked, so the export still succeeds.
        let now = self.store.now_ms().to_string();
        let _ = self
            .store
            .set_local_setting(&sent_key(&summary.addressee), &now);
        Exported {
            file: summary.path,
            bundle_id: summary.bundle_id,
            addressee: summary.addressee,
            full: summary.full,
            changes: summary.change_count,
            bytes: summary.bytes,
            sealed: Sealed::None,
        }
    }

    /// Checks a bundle (format, signature, sender, every change); nothing is written.
    pub fn verify_bundle(&self, path: &Path) -> AppResult<VerifiedBundle> {
        self.verify_bundle_with(path, None)
    }

    /// `verify_bundle`, decrypting an encrypted bundle with this site's
    /// identity or `passphrase`.
    pub fn verify_bundle_with(
        &self,
        path: &Path,
        passphrase: Option<&Passphrase>,
    ) -> AppResult<VerifiedBundle> {
        let keys = self
            .bundle_keys(path, passphrase)
            .map_err(|err| about_file(path, err))?;
        self.refuse_own(path, &keys)?;
        let verified = sync::import::verify_with(&self.store, path, &keys)
            .map_err(|err| about_file(path, err.into()))?;
        let header = verified.preamble.header;
        Ok(VerifiedBundle {
            file: path.to_path_buf(),
            valid: true,
            fingerprint: fingerprint(&header.sender_key),
            bundle_id: header.bundle_id,
            sender: header.sender,
            sender_name: verified.sender_name,
            addressee: header.addressee,
            full: header.full,
            created: super::present::rfc3339(header.created_wall_ms),
            created_ms: header.created_wall_ms,
            changes: header.change_count,
            payload_bytes: header.payload_bytes,
            payload_raw_bytes: header.payload_raw_bytes,
            assumed: header.assumed,
            contains: header.contains,
            ack: header.ack,
            already_imported: verified.already_imported,
        })
    }

    /// Checks a bundle and says what it would change here; nothing is written.
    pub fn preview_bundle(&self, path: &Path) -> AppResult<ImportPreview> {
        self.preview_bundle_after(
            path,
            &mut BTreeSet::new(),
            &mut sync::import::Session::new(),
        )
    }

    /// `preview_bundle`, not counting the changes in `planned` (those of
    /// bundles to be imported first); adds this bundle's new ones to it.
    /// Senders' trust is read once per `session` (a folder's plan).
    pub(super) fn preview_bundle_after(
        &self,
        path: &Path,
        planned: &mut BTreeSet<(String, u64)>,
        session: &mut sync::import::Session,
    ) -> AppResult<ImportPreview> {
        let keys = self.bundle_keys(path, None)?;
        self.refuse_own(path, &keys)?;
        let verified = session.verify(&self.store, path, &keys)?;
        let header = &verified.preamble.header;
        let held: BTreeMap<String, u64> = self
            .store
            .vector()?
            .into_iter()
            .map(|entry| (entry.site, entry.contiguous))
            .collect();
        let mut file = sync::crypt::open(path, &keys)?;
        let preamble = sync::format::read_preamble(&mut file)?;
        let store = &self.store;
        let mut new_changes = 0u64;
        let mut records: BTreeMap<Kind, BTreeSet<String>> = BTreeMap::new();
        sync::reader::scan(file, &preamble.header, &mut |_, change| {
            let above = change.id.seq > held.get(&change.id.site).copied().unwrap_or(0);
            if above
                && !store.has_change(&change.id.site, change.id.seq)?
                && planned.insert((change.id.site.clone(), change.id.seq))
            {
                new_changes += 1;
                records
                    .entry(change.kind)
                    .or_default()
                    .insert(change.record.clone());
            }
            Ok(())
        })?;
        let names = self.site_names()?;
        let name_of = |site: &str| {
            names
                .get(site)
                .cloned()
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

    /// Imports a bundle (verified again, then one transaction). A refusal
    /// names the file and stays a bundle refusal.
    pub fn import_bundle(
        &mut self,
        path: &Path,
        progress: &mut dyn FnMut(ImportStep),
    ) -> AppResult<Imported> {
        self.import_bundle_with(path, None, progress)
    }

    /// `import_bundle`, decrypting an encrypted bundle with this site's
    /// identity or `passphrase`.
    pub fn import_bundle_with(
        &mut self,
        path: &Path,
        passphrase: Option<&Passphrase>,
        progress: &mut dyn FnMut(ImportStep),
    ) -> AppResult<Imported> {
        let mut run = self.import_run()?;
        self.import_in_run(&mut run, path, passphrase, progress)
    }

    /// Starts a run of imports (`relais import a.rb b.rb …`, a folder
    /// sync): what every bundle of it needs is read once (see `ImportRun`).
    pub fn import_run(&self) -> AppResult<ImportRun> {
        Ok(ImportRun {
            own: self.store.require_identity()?.site,
            session: sync::import::Session::new(),
        })
    }

    /// Imports one bundle of a run, in its own transaction: a refusal
    /// concerns this bundle alone, names the file and stays a bundle
    /// refusal.
    pub fn import_in_run(
        &mut self,
        run: &mut ImportRun,
        path: &Path,
        passphrase: Option<&Passphrase>,
        progress: &mut dyn FnMut(ImportStep),
    ) -> AppResult<Imported> {
        let keys = self
            .bundle_keys(path, passphrase)
            .map_err(|err| about_file(path, err))?;
        self.refuse_written_by(path, &keys, &run.own)?;
        let outcome = run
            .session
            .import(
                &mut self.store,
                path,
                ImportOptions {
                    fail_at: None,
                    progress: Some(progress),
                    ..ImportOptions::default()
                },
                &keys,
            )
            .map_err(|err| about_file(path, err.into()))?;
        let report = outcome.report;
        // Names only for the warning that needs them (most imports have none).
        let skewed_names = if report.skewed_sites.is_empty() {
            Vec::new()
        } else {
            let names = self.site_names()?;
            report
                .skewed_sites
                .iter()
                .map(|site| names.get(site).cloned().unwrap_or_else(|| site.clone()))
                .collect()
        };
        Ok(Imported {
            skewed_names,
            file: path.to_path_buf(),
            bundle_id: outcome.bundle_id,
            sender: outcome.sender,
            sender_name: outcome.sender_name,
            replay: outcome.replay,
            new_changes: report.new_changes,
            duplicate_changes: report.duplicate_changes,
            records_touched: report.records_touched,
            new_conflicts: report.new_conflicts,
            resolved_conflicts: report.resolved_conflicts,
            skewed_sites: report.skewed_sites,
            cut_off: outcome.cut_off,
        })
    }
}

/// A run of imports: this site's id and the sync session (each sender's
/// trust, the revocation cut-offs), read once for all its bundles.
pub struct ImportRun {
    own: String,
    session: sync::import::Session,
}

/// Mounted removable media, this user's first: `/media/$USER/*`,
/// `/run/media/$USER/*`, then `/mnt/*` (and a volume mounted directly under
/// `/media` or `/run/media` on systems without a per-user folder).
pub fn removable_media() -> Vec<PathBuf> {
    let user = std::env::var("USER").unwrap_or_default();
    removable_media_under(Path::new("/"), &user)
}

/// `removable_media` below `root` (a test's stand-in for `/`).
pub fn removable_media_under(root: &Path, user: &str) -> Vec<PathBuf> {
    let subdirs = |dir: &Path| -> Vec<PathBuf> {
        let mut dirs: Vec<PathBuf> = std::fs::read_dir(dir)
            .map(|entries| {
                entries
                    .filter_map(Result::ok)
                    .map(|entry| entry.path())
                    .filter(|path| path.is_dir())
                    .collect()
            })
            .unwrap_or_default();
        dirs.sort();
        dirs
    };
    let mut found = Vec::new();
    for media in ["media", "run/media"] {
        let media = root.join(media);
        let mine = media.join(user);
        if !user.is_empty() && mine.is_dir() {
            found.extend(subdirs(&mine));
        }
        // Other users' folders hold volumes of theirs; a folder without
        // subfolders is a volume mounted directly.
        found.extend(
            subdirs(&media)
                .into_iter()
                .filter(|dir| *dir != mine && subdirs(dir).is_empty()),
        );
    }
    // `/mnt` holds folders of all kinds: only those something is mounted on.
    let mnt = root.join("mnt");
    found.extend(
        subdirs(&mnt)
            .into_iter()
            .filter(|dir| is_mount_point(&mnt, dir)),
    );
    found
}

/// Whether `dir` is on another file system than its parent (a volume is
/// mounted there).
#[cfg(unix)]
fn is_mount_point(parent: &Path, dir: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (std::fs::metadata(parent), std::fs::metadata(dir)) {
        (Ok(parent), Ok(dir)) => parent.dev() != dir.dev(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn is_mount_point(_: &Path, _: &Path) -> bool {
    true
}

/// Whether `path` lies on mounted removable media (under a media root).
pub fn on_removable_media(path: &Path) -> bool {
    MEDIA_ROOTS
        .iter()
        .any(|root| path.starts_with(root) && path != Path::new(root))
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
