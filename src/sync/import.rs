//! Importing a bundle, in two streaming passes over the file:
//! 1. verify everything without writing: magic, version, header, sender
//!    trust and key, signature, every change's shape and origin, counts,
//!    contents and the payload hash;
//! 2. read it again (on a thread of its own, `ahead`) and feed the changes
//!    to `Store::apply`, one transaction that also records the bundle and
//!    the sender's acks. Pass 2 re-checks the hash and header, so a file
//!    changed in between aborts the transaction and leaves nothing.
//!
//! An encrypted bundle (`crypt`) is decrypted as it streams, in each pass.
//!
//! A bundle imported before is a clean no-op. Changes of a revoked site
//! beyond its cut-off are skipped, so every replica keeps the same set.
//!
//! Many bundles in one run (`relais import dir/*.rb`, a folder sync) share a
//! `Session`: each sender's trust decision and rotated keys, and the
//! revocation cut-offs, are read once and kept until a bundle that writes
//! site records lands (it may enrol, revoke or re-key a sender). Each bundle
//! still has its own checks and its own transaction, so a bad one is refused
//! alone.

use super::ahead::{Source, read_ahead};
use super::crypt::Keys;
use super::error::SyncError;
use super::format::{Header, Preamble, read_preamble};
use super::reader::{PayloadReader, scan_version};
use super::trust::{Authorised, authorise};
use crate::domain::purge::is_marker;
use crate::domain::{Change, Kind, SiteId};
use crate::store::{
    ApplyOptions, ApplyReport, ApplyStep, BulkMode, FailPoint, Receipt, Store, StoreError,
    check_shape,
};
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

#[derive(Default)]
pub struct ImportOptions<'p> {
    /// Forces a failure inside the store's transaction (tests).
    pub fail_at: Option<FailPoint>,
    pub progress: Option<&'p mut dyn FnMut(ApplyStep)>,
    /// Whether a large bundle takes the store's bulk path (`Auto` unless a
    /// test compares both).
    pub bulk: BulkMode,
}

/// What importing one bundle did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportOutcome {
    pub bundle_id: String,
    pub sender: SiteId,
    pub sender_name: String,
    /// Seen before: nothing was done.
    pub replay: bool,
    pub report: ApplyReport,
    /// Changes of revoked sites beyond their cut-off, left out.
    pub cut_off: u64,
}

/// What verifying a bundle found (nothing written).
#[derive(Clone, Debug)]
pub struct Verified {
    pub preamble: Preamble,
    pub sender_name: String,
    pub may_relay: bool,
    /// Revocation cut-offs carried by the bundle itself.
    pub revocations: BTreeMap<SiteId, u64>,
    pub already_imported: bool,
    /// Whether it writes site records (trust, keys, cut-offs may change).
    pub writes_sites: bool,
}

/// A sender's trust decision and the keys it rotated away from, as read
/// from the store for one session.
#[derive(Clone, Debug)]
struct Sender {
    authorised: Authorised,
    previous_keys: Vec<String>,
}

/// What a run of imports reads once (see the module doc). A refused sender
/// is never kept: it is asked again for its next bundle.
#[derive(Default)]
pub struct Session {
    senders: HashMap<SiteId, Sender>,
    cutoffs: Option<BTreeMap<SiteId, u64>>,
}

impl Session {
    pub fn new() -> Session {
        Session::default()
    }

    /// The sender's trust decision, read once per session.
    fn sender(&mut self, store: &Store, header: &Header) -> Result<Sender, SyncError> {
        if let Some(sender) = self.senders.get(&header.sender) {
            return Ok(sender.clone());
        }
        let sender = Sender {
            authorised: authorise(store, header)?,
            previous_keys: super::rotation::previous_keys(store, &header.sender)?,
        };
        self.senders.insert(header.sender.clone(), sender.clone());
        Ok(sender)
    }

    /// The store's revocation cut-offs, read once per session.
    fn cutoffs(&mut self, store: &Store) -> Result<BTreeMap<SiteId, u64>, SyncError> {
        if let Some(cutoffs) = &self.cutoffs {
            return Ok(cutoffs.clone());
        }
        let cutoffs = store.revocation_cutoffs()?;
        self.cutoffs = Some(cutoffs.clone());
        Ok(cutoffs)
    }

    /// A bundle landed: what it wrote to site records is read again.
    fn landed(&mut self, verified: &Verified) {
        if verified.writes_sites {
            *self = Session::default();
        }
    }
}

/// Opens a bundle, decrypting its envelope with `keys` when it has one.
fn open(path: &Path, keys: &Keys) -> Result<Box<dyn std::io::Read + Send>, SyncError> {
    if path.is_dir() {
        return Err(SyncError::IsDirectory(path.to_path_buf()));
    }
    super::crypt::open(path, keys)
}

/// Whether a sender that is not the lead may write `field` on a site record:
/// only on its own record, never enrolment or revocation, never the lead's
/// role, and no key but the one that signed the bundle or one it rotated
/// away from (its own history): a site cannot re-key itself by a bundle.
fn own_site_field_allowed(
    sender: &str,
    sender_key: &str,
    previous_keys: &[String],
    change: &Change,
) -> bool {
    if change.record != sender {
        return false;
    }
    match change.field.as_str() {
        "enrolled_on" | "revoked_after" => false,
        "public_key" => change
            .value
            .as_deref()
            .is_some_and(|key| key == sender_key || previous_keys.iter().any(|old| old == key)),
        "role" => change.value.as_deref() != Some("regional"),
        _ => true,
    }
}

/// The rules a change must follow to enter from this sender.
fn check_change(
    header: &Header,
    authorised: &Authorised,
    previous_keys: &[String],
    index: u64,
    change: &Change,
) -> Result<(), SyncError> {
    let sender = header.sender.as_str();
    check_shape(change).map_err(|err| match err {
        StoreError::MalformedChange { reason, .. } => SyncError::BadChange { index, reason },
        other => SyncError::Store(other),
    })?;
    if authorised.may_relay {
        return Ok(());
    }
    if change.id.site != sender {
        return Err(SyncError::ForeignChange {
            sender: sender.to_string(),
            change: change.id.to_string(),
        });
    }
    if change.kind == Kind::Site
        && !own_site_field_allowed(sender, &header.sender_key, previous_keys, change)
    {
        return Err(SyncError::TrustField {
            sender: sender.to_string(),
            record: change.record.clone(),
            field: change.field.clone(),
        });
    }
    Ok(())
}

/// Pass 1: every check, nothing written (a plain bundle).
pub fn verify(store: &Store, path: &Path) -> Result<Verified, SyncError> {
    verify_with(store, path, &Keys::default())
}

/// Pass 1, decrypting an encrypted bundle with `keys`.
pub fn verify_with(store: &Store, path: &Path, keys: &Keys) -> Result<Verified, SyncError> {
    Session::new().verify(store, path, keys)
}

impl Session {
    /// Pass 1 within a session (the sender's trust read once).
    pub fn verify(
        &mut self,
        store: &Store,
        path: &Path,
        keys: &Keys,
    ) -> Result<Verified, SyncError> {
        let mut reader = open(path, keys)?;
        let preamble = read_preamble(&mut reader)?;
        let Sender {
            authorised,
            previous_keys,
        } = self.sender(store, &preamble.header)?;
        preamble.verify(&authorised.key)?;
        let header = preamble.header.clone();
        let mut revocations: BTreeMap<SiteId, u64> = BTreeMap::new();
        let mut writes_sites = false;
        scan_version(
            reader,
            &preamble.header,
            preamble.version,
            &mut |index, change| {
                check_change(&header, &authorised, &previous_keys, index, change)?;
                writes_sites |= change.kind == Kind::Site;
                // An EPN may erase only what its own site created (as `relais purge`
                // allows it); the lead may erase anything.
                if !authorised.may_relay
                    && is_marker(change)
                    && store
                        .record_origin(&change.record)?
                        .is_some_and(|origin| origin != header.sender)
                {
                    return Err(SyncError::TrustField {
                        sender: header.sender.clone(),
                        record: change.record.clone(),
                        field: change.field.clone(),
                    });
                }
                if change.kind == Kind::Site
                    && change.field == "revoked_after"
                    && let Some(seq) = change.value.as_deref().and_then(|v| v.parse::<u64>().ok())
                {
                    let cut = revocations.entry(change.record.clone()).or_insert(seq);
                    *cut = (*cut).min(seq);
                }
                Ok(())
            },
        )?;
        let already_imported =
            store.bundle_seen(&preamble.header.sender, &preamble.header.bundle_id)?;
        Ok(Verified {
            preamble,
            sender_name: authorised.name,
            may_relay: authorised.may_relay,
            revocations,
            already_imported,
            writes_sites,
        })
    }
}

/// Verifies then imports one (plain) bundle file.
pub fn import(
    store: &mut Store,
    path: &Path,
    options: ImportOptions<'_>,
) -> Result<ImportOutcome, SyncError> {
    import_with(store, path, options, &Keys::default())
}

/// Verifies then imports one bundle file, decrypting it with `keys`.
pub fn import_with(
    store: &mut Store,
    path: &Path,
    options: ImportOptions<'_>,
    keys: &Keys,
) -> Result<ImportOutcome, SyncError> {
    Session::new().import(store, path, options, keys)
}

impl Session {
    /// Verifies then imports one bundle file within a session.
    pub fn import(
        &mut self,
        store: &mut Store,
        path: &Path,
        options: ImportOptions<'_>,
        keys: &Keys,
    ) -> Result<ImportOutcome, SyncError> {
        let verified = self.verify(store, path, keys)?;
        let outcome = self.apply(store, path, options, keys, &verified);
        if outcome.as_ref().is_ok_and(|outcome| !outcome.replay) {
            self.landed(&verified);
        }
        outcome
    }

    /// Pass 2 of a verified bundle.
    fn apply(
        &mut self,
        store: &mut Store,
        path: &Path,
        mut options: ImportOptions<'_>,
        keys: &Keys,
        verified: &Verified,
    ) -> Result<ImportOutcome, SyncError> {
        let header = &verified.preamble.header;
        if verified.already_imported {
            return Ok(ImportOutcome {
                bundle_id: header.bundle_id.clone(),
                sender: header.sender.clone(),
                sender_name: verified.sender_name.clone(),
                replay: true,
                report: ApplyReport {
                    duplicate_changes: header.change_count as usize,
                    ..ApplyReport::default()
                },
                cut_off: 0,
            });
        }
        let mut cutoffs = self.cutoffs(store)?;
        for (site, seq) in &verified.revocations {
            let cut = cutoffs.entry(site.clone()).or_insert(*seq);
            *cut = (*cut).min(*seq);
        }
        let mut reader = open(path, keys)?;
        let again = read_preamble(&mut reader)?;
        if again.header_bytes != verified.preamble.header_bytes
            || again.signature != verified.preamble.signature
        {
            return Err(SyncError::ChangedDuringImport);
        }
        let source = Source::new(
            PayloadReader::with_version(reader, header, again.version)?,
            cutoffs,
        );
        let receipt = Receipt {
            bundle_id: header.bundle_id.clone(),
            sender: header.sender.clone(),
            ack: header.ack.clone(),
            changes: header.change_count,
        };
        let (report, cut_off) = read_ahead(source, |changes| {
            store.apply_logged(
                changes,
                ApplyOptions {
                    fail_at: options.fail_at,
                    progress: options
                        .progress
                        .as_deref_mut()
                        .map(|progress| progress as &mut dyn FnMut(ApplyStep)),
                    receipt: Some(&receipt),
                    bulk: options.bulk,
                    expected: Some(header.change_count),
                },
            )
        });
        let report = report?;
        Ok(ImportOutcome {
            bundle_id: header.bundle_id.clone(),
            sender: header.sender.clone(),
            sender_name: verified.sender_name.clone(),
            replay: false,
            report,
            cut_off,
        })
    }
}
