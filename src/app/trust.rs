//! Who this installation trusts, for both interfaces: its own identity card
//! (to hand to the lead or to a peer), the cards it trusts and the sites the
//! region enrolled, enrolling a site from its card, revoking one, and the
//! known sites with the last bundles exchanged with each.

use super::error::not_a_bundle;
use super::{App, AppResult};
use crate::domain::{SiteRole, TrustStatus};
use crate::sync::{self, SiteCard, SyncError, fingerprint};
use serde::Serialize;
use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};

/// This site's card, written to a file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CardExported {
    pub name: String,
    pub site: String,
    pub role: SiteRole,
    pub fingerprint: String,
    pub path: PathBuf,
}

impl CardExported {
    /// Who to hand the card to, in words: an EPN's goes to the lead, the
    /// lead's to each EPN.
    pub fn handover(&self) -> crate::i18n::Message {
        let key = if self.role == SiteRole::Regional {
            "syncfolder.card.lead"
        } else {
            "syncfolder.card.epn"
        };
        crate::i18n::Message::new(key)
            .arg("name", &self.name)
            .arg("path", self.path.display())
            .arg("fingerprint", &self.fingerprint)
    }
}

/// One site this installation knows, and how far it trusts it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TrustRow {
    pub site: String,
    pub name: String,
    pub role: SiteRole,
    /// `None`: known from its site record alone, no key received yet.
    pub fingerprint: Option<String>,
    pub status: TrustStatus,
    pub revoked_after: Option<u64>,
}

/// What enrolling (or trusting) a card did.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Enrolled {
    pub site: String,
    pub name: String,
    pub fingerprint: String,
    /// Written for the whole region (this site is the lead).
    pub enrolled: bool,
    /// Trusted as the regional lead (`--as-lead`).
    pub lead: bool,
}

/// This site's key, replaced.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct KeyRotated {
    /// The statement to hand to the lead (and to peers that trust this site).
    pub statement: PathBuf,
    pub old_fingerprint: String,
    pub new_fingerprint: String,
    /// Where the old secret was kept (it signs nothing more).
    pub old_key_file: PathBuf,
}

/// Another site's key rotation, accepted.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RotationTaken {
    pub site: String,
    pub old_fingerprint: String,
    pub fingerprint: String,
    /// Written to the replicated registry (this site is the lead).
    pub replicated: bool,
}

/// A card read but not trusted yet.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CardPreview {
    pub site: String,
    pub name: String,
    pub departement: String,
    pub role: SiteRole,
    pub fingerprint: String,
}

/// What revoking a site did.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Revoked {
    pub site: String,
    /// The cut-off written for the region (lead only).
    pub revoked_after: Option<u64>,
}

/// A known site and the last bundles exchanged with it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SiteRow {
    pub site: String,
    pub name: String,
    pub role: SiteRole,
    /// `None`: known from its site record alone, no key received yet.
    pub fingerprint: Option<String>,
    pub status: TrustStatus,
    pub last_sent_ms: Option<i64>,
    pub last_received_ms: Option<i64>,
}

/// The local setting that remembers when a bundle was last written for `site`.
pub(super) fn sent_key(site: &str) -> String {
    format!("sync.last_sent.{site}")
}

/// A small text file from outside, read up to `limit` bytes.
fn read_small(path: &Path, limit: u64) -> AppResult<String> {
    if path.is_dir() {
        return Err(not_a_bundle(SyncError::IsDirectory(path.to_path_buf())));
    }
    let file = std::fs::File::open(path)
        .map_err(|err| not_a_bundle(SyncError::Io(path.to_path_buf(), err)))?;
    let mut text = String::new();
    file.take(limit)
        .read_to_string(&mut text)
        .map_err(|_| not_a_bundle(SyncError::BadCard("not a text file".into())))?;
    Ok(text)
}

fn read_card(path: &Path) -> AppResult<SiteCard> {
    let text = read_small(path, sync::card::MAX_CARD_BYTES)?;
    SiteCard::parse(&text).map_err(not_a_bundle)
}

impl App {
    /// This site's role, from its own identity.
    pub fn role(&self) -> AppResult<SiteRole> {
        Ok(SiteRole::from_stored(&self.store.require_identity()?.role))
    }

    /// Writes this site's signed card to `path`.
    pub fn export_card(&self, path: &Path) -> AppResult<CardExported> {
        let identity = self.store.require_identity()?;
        let key = sync::signing_key(self.store.path()).map_err(not_a_bundle)?;
        let name = self
            .store
            .site_entry(&identity.site)?
            .map(|entry| entry.name)
            .unwrap_or(identity.name.clone());
        let card = SiteCard::new(
            &identity.site,
            &name,
            &identity.departement,
            &identity.role,
            &key,
        )
        .with_recipient(&self.age_recipient()?, &key);
        std::fs::write(path, card.to_json())
            .map_err(|err| not_a_bundle(SyncError::Io(path.to_path_buf(), err)))?;
        Ok(CardExported {
            fingerprint: fingerprint(&card.public_key),
            role: SiteRole::from_stored(&card.role),
            name: card.name,
            site: card.site,
            path: path.to_path_buf(),
        })
    }

    /// Every site this installation knows, with how far it is trusted.
    pub fn trust_list(&self) -> AppResult<Vec<TrustRow>> {
        let entries = sync::trust::list(&self.store).map_err(not_a_bundle)?;
        Ok(entries
            .into_iter()
            .map(|entry| TrustRow {
                status: entry.status,
                role: SiteRole::from_stored(&entry.role),
                site: entry.site,
                name: entry.name,
                fingerprint: entry.fingerprint,
                revoked_after: entry.revoked_after,
            })
            .collect())
    }

    /// Reads a card file without trusting it: who it says it is and its
    /// key's fingerprint, for a person to check before enrolling it.
    pub fn read_card(&self, path: &Path) -> AppResult<CardPreview> {
        let card = read_card(path)?;
        Ok(CardPreview {
            fingerprint: fingerprint(&card.public_key),
            role: SiteRole::from_stored(&card.role),
            site: card.site,
            name: card.name,
            departement: card.departement,
        })
    }

    /// Trusts a site from its card file; on the lead, enrols it for the
    /// region. `as_lead`: the person checked the fingerprint and makes this
    /// site the lead here (a card never makes itself a lead).
    pub fn enrol_card(&mut self, path: &Path, as_lead: bool) -> AppResult<Enrolled> {
        let card = read_card(path)?;
        let author = self.author();
        let options = sync::TrustOptions { as_lead };
        let outcome = sync::trust::trust_card(&mut self.store, card, &author, options)
            .map_err(not_a_bundle)?;
        Ok(Enrolled {
            site: outcome.card.site,
            name: outcome.card.name,
            fingerprint: outcome.fingerprint,
            enrolled: outcome.enrolled,
            lead: outcome.lead,
        })
    }

    /// Makes a new signing key and writes to `out` the statement, signed by
    /// the old key and the new one, that peers pinning the old key accept.
    pub fn rotate_key(&mut self, out: &Path) -> AppResult<KeyRotated> {
        if out.exists() {
            return Err(not_a_bundle(SyncError::Io(
                out.to_path_buf(),
                std::io::Error::new(std::io::ErrorKind::AlreadyExists, "file exists"),
            )));
        }
        let rotated =
            sync::rotation::rotate(&self.store, self.store.path()).map_err(not_a_bundle)?;
        std::fs::write(out, rotated.rotation.to_json())
            .map_err(|err| not_a_bundle(SyncError::Io(out.to_path_buf(), err)))?;
        Ok(KeyRotated {
            statement: out.to_path_buf(),
            old_fingerprint: fingerprint(&rotated.rotation.old_key),
            new_fingerprint: fingerprint(&rotated.rotation.new_key),
            old_key_file: rotated.old_key_file,
        })
    }

    /// Accepts another site's key rotation statement (the key it replaces
    /// must be the one pinned here); on the lead, the registry follows.
    pub fn accept_rotation(&mut self, path: &Path) -> AppResult<RotationTaken> {
        let text = read_small(path, sync::rotation::MAX_ROTATION_BYTES)?;
        let rotation = sync::rotation::Rotation::parse(&text).map_err(not_a_bundle)?;
        let author = self.author();
        let accepted =
            sync::rotation::accept(&mut self.store, &rotation, &author).map_err(not_a_bundle)?;
        Ok(RotationTaken {
            site: accepted.site,
            old_fingerprint: accepted.old_fingerprint,
            fingerprint: accepted.fingerprint,
            replicated: accepted.replicated,
        })
    }

    /// Revokes a site (for the whole region when this is the lead).
    pub fn revoke_site(&mut self, site: &str) -> AppResult<Revoked> {
        let author = self.author();
        let outcome =
            sync::trust::revoke(&mut self.store, site.trim(), &author).map_err(not_a_bundle)?;
        Ok(Revoked {
            site: outcome.site,
            revoked_after: outcome.revoked_after,
        })
    }

    /// The sites this installation knows, with the last bundle sent to and
    /// received from each.
    pub fn sites(&self) -> AppResult<Vec<SiteRow>> {
        let identity = self.store.require_identity()?;
        let received: BTreeMap<String, i64> = self.store.last_imports()?.into_iter().collect();
        let mut rows = Vec::new();
        for entry in self.trust_list()? {
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
                status: entry.status,
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
