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
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

pub use super::trust::SiteRow;
mod media;
mod outcomes;

pub use media::{
    MEDIA_ROOTS, bundles_in, on_removable_media, removable_media, removable_media_under,
};
pub use outcomes::{Exported, ImportPreview, Imported, Severity, SummaryLine, VerifiedBundle};

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

/// A message naming a path, for the status line.
pub fn path_message(key: &'static str, path: &Path) -> Message {
    Message::new(key).arg("path", path.display())
}
