//! Encrypted bundles for both interfaces: this site's age identity (a 0600
//! file beside the signing key, created at `init`, or on first need for an
//! installation older than encryption: exporting a card, an encrypted
//! export, reading an encrypted bundle), the recipients an export is
//! encrypted to, and the keys a bundle is read with. The envelope itself is
//! `sync::crypt`.

use super::error::not_a_bundle;
use super::sync_ops::Exported;
use super::{App, AppResult};
use crate::store::keyfile;
use crate::sync::crypt::{self, CryptError, Envelope, Identity, Keys, Lock, Recipient};
use crate::sync::{self, ExportRequest, SyncError};
use age::secrecy::SecretString;
use serde::Serialize;
use std::path::Path;

/// The environment variable a script gives a bundle's passphrase in.
pub const PASSPHRASE_VAR: &str = "RELAIS_PASSPHRASE";

/// A passphrase typed by a person or given by a script; never printed.
#[derive(Clone)]
pub struct Passphrase(SecretString);

impl Passphrase {
    /// `None` for an empty text: an empty passphrase protects nothing.
    pub fn new(text: String) -> Option<Passphrase> {
        let text = text.trim_end_matches(['\r', '\n']).to_string();
        (!text.is_empty()).then(|| Passphrase(SecretString::from(text)))
    }
}

/// How an export is to be encrypted.
#[derive(Clone, Default)]
pub enum Encryption {
    #[default]
    None,
    /// To the addressee's recipient (every trusted site's, for a bundle
    /// for anyone), and to this site's own so that it can read it back.
    ForAddressees,
    Passphrase(Passphrase),
}

/// How a written bundle was encrypted, for the result line.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Sealed {
    #[default]
    None,
    /// The sites (by name) that can decrypt it, besides this one.
    Sites {
        names: Vec<String>,
    },
    Passphrase,
}

/// How a bundle file is wrapped, for an interface to know whether to ask
/// for a passphrase before reading it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BundleLock {
    Plain,
    ForSites,
    Passphrase,
}

/// This site's identity, created when missing (0600, age's format).
pub(crate) fn site_identity(database: &Path, today: &str) -> AppResult<(Identity, bool)> {
    let path = keyfile::age_path(database);
    if let Some(text) = keyfile::read_private(&path)? {
        let identity = crypt::parse_identity_file(&text, &path)
            .map_err(|err| not_a_bundle(SyncError::from(err)))?;
        return Ok((identity, false));
    }
    let (identity, text) = crypt::new_identity_file(today);
    use age::secrecy::ExposeSecret;
    keyfile::write_private(&path, text.expose_secret())?;
    Ok((identity, true))
}

impl App {
    fn today_text(&self) -> String {
        self.store.clock().today().format("%Y-%m-%d").to_string()
    }

    /// This site's age identity, created on first need.
    pub(crate) fn age_identity(&self) -> AppResult<Identity> {
        Ok(site_identity(self.store.path(), &self.today_text())?.0)
    }

    /// This site's recipient (`age1…`), as its card carries it.
    pub fn age_recipient(&self) -> AppResult<String> {
        Ok(self.age_identity()?.to_public().to_string())
    }

    /// How `path` is wrapped.
    pub fn bundle_lock(&self, path: &Path) -> AppResult<BundleLock> {
        if path.is_dir() {
            return Err(SyncError::IsDirectory(path.to_path_buf()).into());
        }
        Ok(match crypt::envelope_of(path)? {
            Envelope::Plain => BundleLock::Plain,
            Envelope::Recipients => BundleLock::ForSites,
            Envelope::Passphrase => BundleLock::Passphrase,
        })
    }

    /// What `path` is read with here: nothing for a plain bundle (or a file
    /// the bundle reader will refuse itself), else this site's identity and
    /// the passphrase when one was given.
    pub(crate) fn bundle_keys(
        &self,
        path: &Path,
        passphrase: Option<&Passphrase>,
    ) -> AppResult<Keys> {
        let passphrase = passphrase.map(|passphrase| passphrase.0.clone());
        Ok(match crypt::envelope_of(path) {
            Ok(Envelope::Plain) | Err(_) => Keys::default(),
            Ok(Envelope::Passphrase) => Keys::new(None, passphrase),
            Ok(Envelope::Recipients) => Keys::new(Some(self.age_identity()?), passphrase),
        })
    }

    /// The recipients of an export for `to` (as `sync::export` picks the
    /// addressee), with their names; refused when one has no recipient yet.
    fn addressee_recipients(
        &self,
        to: Option<&str>,
        full: bool,
    ) -> AppResult<(Vec<Recipient>, Vec<String>)> {
        let own = self.store.require_identity()?.site;
        let cards: Vec<_> = self
            .store
            .trusted_cards()?
            .into_iter()
            .filter(|card| !card.revoked && card.site != own)
            .collect();
        let lead = (!full && to.is_none())
            .then(|| cards.iter().find(|card| card.role == "regional"))
            .flatten();
        let chosen: Vec<_> = match (to, lead) {
            (Some(site), _) => match cards.iter().find(|card| card.site == site) {
                Some(card) => vec![card],
                None => {
                    let name = self
                        .store
                        .site_entry(site)?
                        .map(|entry| entry.name)
                        .unwrap_or_else(|| crate::store::short_id(site).to_string());
                    let err = CryptError::NoRecipient {
                        site: site.to_string(),
                        name,
                    };
                    return Err(not_a_bundle(err.into()));
                }
            },
            (None, Some(lead)) => vec![lead],
            (None, None) => cards.iter().collect(),
        };
        if chosen.is_empty() {
            return Err(not_a_bundle(CryptError::NoAddressee.into()));
        }
        let mut recipients = Vec::new();
        let mut names = Vec::new();
        for card in chosen {
            let missing = || {
                not_a_bundle(
                    CryptError::NoRecipient {
                        site: card.site.clone(),
                        name: card.name.clone(),
                    }
                    .into(),
                )
            };
            let text = card.recipient.as_deref().ok_or_else(missing)?;
            recipients.push(crypt::parse_recipient(text).map_err(|_| missing())?);
            names.push(card.name.clone());
        }
        Ok((recipients, names))
    }

    /// Writes a bundle like `export_bundle`, encrypted as asked.
    pub fn export_bundle_as(
        &mut self,
        to: Option<&str>,
        full: bool,
        out: &Path,
        encryption: &Encryption,
        progress: &mut dyn FnMut(u64),
    ) -> AppResult<Exported> {
        let (lock, keys, sealed) = match encryption {
            Encryption::None => return self.export_bundle(to, full, out, progress),
            Encryption::ForAddressees => {
                let (mut recipients, names) = self.addressee_recipients(to, full)?;
                let identity = self.age_identity()?;
                recipients.push(identity.to_public());
                let keys = Keys::new(Some(identity), None);
                (Lock::Recipients(recipients), keys, Sealed::Sites { names })
            }
            Encryption::Passphrase(passphrase) => {
                let keys = Keys::new(None, Some(passphrase.0.clone()));
                (
                    Lock::Passphrase(passphrase.0.clone()),
                    keys,
                    Sealed::Passphrase,
                )
            }
        };
        let key = sync::signing_key(self.store.path()).map_err(not_a_bundle)?;
        let request = ExportRequest {
            to: to.map(str::to_string),
            full,
        };
        let seal = sync::export::Seal {
            lock: &lock,
            keys: &keys,
        };
        let summary =
            sync::export::export_sealed(&self.store, &key, &request, out, Some(seal), progress)
                .map_err(not_a_bundle)?;
        let mut exported = self.remember_export(summary);
        exported.sealed = sealed;
        Ok(exported)
    }
}
