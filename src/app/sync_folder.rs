//! *Sync with a folder* (a USB stick, a shared folder), for both interfaces:
//! one plan that says what will happen (the bundles not imported yet and
//! how many changes they bring; those already imported, this site's own and
//! those meant for another site, left aside in words), then one run that
//! imports them and writes this site's bundle for each addressee there (an
//! EPN: its lead; the lead: each enrolled EPN), named so that nothing is
//! ever overwritten (`relais-<site>-to-<addressee>-<date>-<n>.rb`).

use super::crypt::Encryption;
use super::sync_ops::{self, Exported, ImportPreview, Imported, Severity, SummaryLine, file_name};
use super::{App, AppError, AppResult};
use crate::domain::{SiteRole, TrustStatus};
use crate::i18n::{Lang, Message, tr};
use crate::sync;
use std::path::{Path, PathBuf};

/// Who a bundle is written for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Addressee {
    /// The site id; `None`: anyone (an EPN that knows no lead yet).
    pub site: Option<String>,
    /// The site's name; empty for anyone.
    pub name: String,
}

impl Aside {
    /// Its name in JSON output.
    pub fn slug(&self) -> &'static str {
        match self {
            Aside::AlreadyImported => "already_imported",
            Aside::Own => "own",
            Aside::ForAnother => "for_another",
            Aside::Refused(_) => "refused",
        }
    }
}

impl Addressee {
    /// Who it is, in words.
    pub fn label(&self) -> Message {
        if self.site.is_none() {
            Message::new("syncfolder.anyone")
        } else {
            Message::new("syncfolder.name").arg("name", &self.name)
        }
    }

    /// Its part of a bundle file name.
    fn file_part(&self) -> &str {
        if self.site.is_none() {
            "region"
        } else {
            &self.name
        }
    }
}

/// Why a bundle of the folder is left aside.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Aside {
    /// Imported here before.
    AlreadyImported,
    /// Written by this site.
    Own,
    /// Addressed to (or encrypted for) another site.
    ForAnother,
    /// Refused by the checks (the reason in words).
    Refused(Message),
}

/// What syncing with a folder will do; nothing is written yet.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FolderPlan {
    pub dir: PathBuf,
    /// The bundles to import, with what each brings, oldest first.
    pub to_import: Vec<ImportPreview>,
    /// The bundles left aside, and why.
    pub aside: Vec<(PathBuf, Aside)>,
    /// The sites a bundle will be written for.
    pub addressees: Vec<Addressee>,
    /// Whether the written bundles are encrypted (on removable media).
    pub encrypt: bool,
}

impl FolderPlan {
    /// Changes not held here yet, over every bundle to import.
    pub fn new_changes(&self) -> u64 {
        self.to_import
            .iter()
            .fold(0u64, |sum, preview| sum.saturating_add(preview.new_changes))
    }

    /// How many bundles were imported before.
    pub fn already_imported(&self) -> usize {
        self.aside
            .iter()
            .filter(|(_, why)| *why == Aside::AlreadyImported)
            .count()
    }

    /// What the folder holds: the bundles to import, the changes they
    /// bring, those imported before.
    pub fn found(&self) -> Message {
        Message::new("syncfolder.plan.found")
            .count(self.to_import.len() as i64)
            .arg_number("changes", self.new_changes())
            .arg("already", self.already_imported())
            .arg("dir", self.dir.display())
    }

    /// The question asked before anything is done, with the totals.
    pub fn question(&self) -> Message {
        let write = match self.addressees.as_slice() {
            [] => Message::new("syncfolder.plan.write_none"),
            [one] => Message::new("syncfolder.plan.write_one").arg_message("name", one.label()),
            many => Message::new("syncfolder.plan.write_many").count(many.len() as i64),
        };
        Message::new("syncfolder.plan.question")
            .arg_message("found", self.found())
            .arg_message("write", write)
    }
}

/// What syncing with a folder did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FolderSynced {
    pub dir: PathBuf,
    pub imported: Vec<Imported>,
    pub aside: Vec<(PathBuf, Aside)>,
    pub written: Vec<(Addressee, Exported)>,
    /// Imports or exports that failed, the reason in words.
    pub failed: Vec<(PathBuf, Message)>,
}

impl FolderSynced {
    /// Whether a bundle was refused by the checks (the command line exits 3).
    pub fn refused_any(&self) -> bool {
        self.aside
            .iter()
            .any(|(_, why)| matches!(why, Aside::Refused(_)))
    }

    /// The outcome in words: each bundle imported or left aside, the
    /// warnings, then each bundle written.
    pub fn summary(&self) -> Vec<SummaryLine> {
        let mut lines = Vec::new();
        let mut conflicts = 0usize;
        for imported in &self.imported {
            lines.push(SummaryLine::done(
                Message::new("syncfolder.done.imported")
                    .count(imported.new_changes as i64)
                    .arg("file", file_name(&imported.file))
                    .arg("name", &imported.sender_name),
            ));
            conflicts = conflicts.saturating_add(imported.new_conflicts);
            // A warning two bundles share (a clock ahead) is said once.
            for line in imported.summary() {
                if line.severity == Severity::Warning && !lines.contains(&line) {
                    lines.push(line);
                }
            }
        }
        for (path, why) in &self.aside {
            let file = file_name(path);
            let (severity, message) = match why {
                Aside::AlreadyImported => (
                    Severity::Notice,
                    Message::new("syncfolder.aside.already").arg("file", file),
                ),
                Aside::Own => (
                    Severity::Notice,
                    Message::new("syncfolder.aside.own").arg("file", file),
                ),
                Aside::ForAnother => (
                    Severity::Notice,
                    Message::new("syncfolder.aside.other").arg("file", file),
                ),
                Aside::Refused(reason) => (
                    Severity::Warning,
                    Message::new("sync.file_error")
                        .arg("file", file)
                        .arg_message("reason", reason.clone()),
                ),
            };
            lines.push(SummaryLine { severity, message });
        }
        if conflicts > 0 {
            lines.push(SummaryLine {
                severity: Severity::Notice,
                message: Message::new("syncfolder.done.conflicts").count(conflicts as i64),
            });
        }
        for (path, reason) in &self.failed {
            lines.push(SummaryLine {
                severity: Severity::Warning,
                message: Message::new("sync.file_error")
                    .arg("file", file_name(path))
                    .arg_message("reason", reason.clone()),
            });
        }
        for (to, exported) in &self.written {
            lines.push(SummaryLine::done(
                Message::new("syncfolder.done.written")
                    .count(exported.changes as i64)
                    .arg("file", file_name(&exported.file))
                    .arg_message("name", to.label()),
            ));
        }
        if self.written.is_empty() && self.failed.is_empty() {
            lines.push(SummaryLine {
                severity: Severity::Notice,
                message: Message::new("syncfolder.plan.write_none"),
            });
        }
        lines
    }
}

impl App {
    /// Looks at the bundles in `dir` and says what syncing with it will do;
    /// nothing is written.
    pub fn plan_folder_sync(&self, dir: &Path) -> AppResult<FolderPlan> {
        if !dir.is_dir() {
            return Err(AppError::refused(
                Message::new("syncfolder.not_a_folder").arg("dir", dir.display()),
            ));
        }
        let own = self.store.require_identity()?.site;
        let mut to_import = Vec::new();
        let mut aside = Vec::new();
        // Oldest first: a site's bundles go in in the order it wrote them.
        let mut files: Vec<(std::time::SystemTime, PathBuf)> =
            sync_ops::bundles_in(&[dir.to_path_buf()])
                .into_iter()
                .map(|path| {
                    let modified = std::fs::metadata(&path)
                        .and_then(|meta| meta.modified())
                        .unwrap_or(std::time::UNIX_EPOCH);
                    (modified, path)
                })
                .collect();
        files.sort();
        // Changes two bundles share are counted once.
        let mut planned = std::collections::BTreeSet::new();
        let mut session = sync::import::Session::new();
        for (_, path) in files {
            match self.classify(&path, &own, &mut planned, &mut session) {
                Ok(preview) => to_import.push(preview),
                Err(why) => aside.push((path, why)),
            }
        }
        Ok(FolderPlan {
            dir: dir.to_path_buf(),
            to_import,
            aside,
            addressees: self.folder_addressees()?,
            encrypt: sync_ops::on_removable_media(dir),
        })
    }

    /// A bundle to import (with its preview), or why it is left aside.
    fn classify(
        &self,
        path: &Path,
        own: &str,
        planned: &mut std::collections::BTreeSet<(String, u64)>,
        session: &mut sync::import::Session,
    ) -> Result<ImportPreview, Aside> {
        let lock = self.bundle_lock(path);
        let keys = self
            .bundle_keys(path, None)
            .map_err(|err| Aside::Refused(err.message()))?;
        let header = match self.bundle_header(path, &keys) {
            Ok(header) => header,
            // Sealed for other sites only: not ours to open.
            Err(_) if matches!(lock, Ok(super::crypt::BundleLock::ForSites)) => {
                return Err(Aside::ForAnother);
            }
            Err(err) => return Err(Aside::Refused(err.message())),
        };
        if header.sender == own {
            return Err(Aside::Own);
        }
        if header.addressee != sync::format::ANY && header.addressee != own {
            return Err(Aside::ForAnother);
        }
        let preview = self
            .preview_bundle_after(path, planned, session)
            .map_err(|err| Aside::Refused(err.message()))?;
        if preview.already_imported {
            return Err(Aside::AlreadyImported);
        }
        Ok(preview)
    }

    /// Who this site writes for: an EPN, its lead (anyone while it knows
    /// none); the lead, each EPN it enrolled and did not revoke.
    pub fn folder_addressees(&self) -> AppResult<Vec<Addressee>> {
        let sites = self.sites()?;
        let as_addressee = |row: &sync_ops::SiteRow| Addressee {
            site: Some(row.site.clone()),
            name: row.name.clone(),
        };
        if self.role()? == SiteRole::Regional {
            return Ok(sites
                .iter()
                .filter(|row| row.status == TrustStatus::Enrolled && row.role == SiteRole::Epn)
                .map(as_addressee)
                .collect());
        }
        let lead = self
            .store
            .trusted_cards()?
            .into_iter()
            .find(|card| card.role == SiteRole::Regional.slug() && !card.revoked);
        Ok(vec![match lead {
            Some(card) => Addressee {
                name: sites
                    .iter()
                    .find(|row| row.site == card.site)
                    .map_or(card.name.clone(), |row| row.name.clone()),
                site: Some(card.site),
            },
            None => Addressee {
                site: None,
                name: String::new(),
            },
        }])
    }

    /// Imports every bundle of the plan, then writes this site's bundle for
    /// each addressee in the folder. One failure does not stop the rest:
    /// each is said in the outcome.
    pub fn sync_folder(
        &mut self,
        plan: &FolderPlan,
        lang: Lang,
        progress: &mut dyn FnMut(u64),
    ) -> AppResult<FolderSynced> {
        let mut done = FolderSynced {
            dir: plan.dir.clone(),
            imported: Vec::new(),
            aside: plan.aside.clone(),
            written: Vec::new(),
            failed: Vec::new(),
        };
        let mut run = self.import_run()?;
        for preview in &plan.to_import {
            let mut reading = |step: super::ImportStep| progress(step.done());
            match self.import_in_run(&mut run, &preview.path, None, &mut reading) {
                Ok(imported) if imported.replay => done
                    .aside
                    .push((preview.path.clone(), Aside::AlreadyImported)),
                Ok(imported) => done.imported.push(imported),
                Err(err) if err.is_bundle_refusal() => done
                    .aside
                    .push((preview.path.clone(), Aside::Refused(err.message()))),
                Err(err) => done.failed.push((preview.path.clone(), err.message())),
            }
        }
        let encryption = if plan.encrypt {
            Encryption::ForAddressees
        } else {
            Encryption::None
        };
        for to in &plan.addressees {
            let out = self.new_bundle_path(lang, &plan.dir, to.file_part())?;
            match self.export_bundle_as(to.site.as_deref(), false, &out, &encryption, progress) {
                Ok(exported) => done.written.push((to.clone(), exported)),
                Err(err) => done.failed.push((out, err.message())),
            }
        }
        Ok(done)
    }

    /// Where a new bundle of this site for the addressee named `to` goes in
    /// `dir`: `relais-<this site>-<to>-<addressee>-<today>-<n>.rb`, "to" in
    /// the reader's language, the first free `n`.
    pub fn new_bundle_path(&self, lang: Lang, dir: &Path, to: &str) -> AppResult<PathBuf> {
        let date = self.store.clock().today().format("%Y-%m-%d").to_string();
        Ok(sync::export::numbered_bundle_path(
            dir,
            &self.own_name()?,
            tr(lang, "sync.file_to"),
            to,
            &date,
        ))
    }

    /// This site's name, as its record says (else as it was initialised).
    pub fn own_name(&self) -> AppResult<String> {
        let identity = self.store.require_identity()?;
        Ok(self
            .store
            .site_entry(&identity.site)?
            .map_or(identity.name, |entry| entry.name))
    }
}
