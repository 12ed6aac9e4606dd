//! Key rotation as a signed act: `relais identity rotate` makes a new key and
//! a statement signed by the old key (this site wants the new one) and by the
//! new key (whoever made the statement holds it). A site that pins the old
//! key accepts the statement (`accept`); on the lead, the replicated registry
//! follows, so every EPN learns the new key from the lead's bundles.
//!
//! A card for a known site with another key is refused (`trust_card`): this
//! statement is the only way a key changes without a new identity.

use super::card::fingerprint;
use super::error::SyncError;
use super::format::{hex, unhex32};
use crate::domain::Kind;
use crate::domain::change::is_site_id;
use crate::store::{Store, keyfile};
use ed25519_dalek::{Signature, Signer, SigningKey, Verifier, VerifyingKey};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

pub const ROTATION_FORMAT: &str = "relais-key-rotation";
const ROTATION_CONTEXT: &str = "relais key rotation v1";
/// Largest rotation file accepted.
pub const MAX_ROTATION_BYTES: u64 = 4 * 1024;

/// The statement, as small readable JSON.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rotation {
    pub format: String,
    pub version: u32,
    pub site: String,
    pub old_key: String,
    pub new_key: String,
    /// By the old key, over the signed text.
    pub old_signature: String,
    /// By the new key, over the same text.
    pub new_signature: String,
}

fn signed_text(site: &str, old_key: &str, new_key: &str) -> String {
    format!("{ROTATION_CONTEXT}\n{site}\n{old_key}\n{new_key}\n")
}

fn parse_signature(text: &str) -> Option<Signature> {
    if text.len() != 128 {
        return None;
    }
    let mut bytes = [0u8; 64];
    for (index, byte) in bytes.iter_mut().enumerate() {
        *byte = u8::from_str_radix(text.get(index * 2..index * 2 + 2)?, 16).ok()?;
    }
    Some(Signature::from_bytes(&bytes))
}

fn verifying(text: &str) -> Option<VerifyingKey> {
    VerifyingKey::from_bytes(&unhex32(text)?).ok()
}

impl Rotation {
    /// A statement moving `site` from `old` to `new`.
    pub fn new(site: &str, old: &SigningKey, new: &SigningKey) -> Rotation {
        let old_key = hex(old.verifying_key().as_bytes());
        let new_key = hex(new.verifying_key().as_bytes());
        let text = signed_text(site, &old_key, &new_key);
        Rotation {
            format: ROTATION_FORMAT.into(),
            version: 1,
            site: site.into(),
            old_signature: hex(&old.sign(text.as_bytes()).to_bytes()),
            new_signature: hex(&new.sign(text.as_bytes()).to_bytes()),
            old_key,
            new_key,
        }
    }

    /// Parses a statement and checks both signatures.
    pub fn parse(text: &str) -> Result<Rotation, SyncError> {
        let bad = |reason: &str| SyncError::BadRotation(reason.to_string());
        let rotation: Rotation =
            serde_json::from_str(text).map_err(|_| bad("not a key rotation statement"))?;
        if rotation.format != ROTATION_FORMAT || rotation.version != 1 {
            return Err(bad("unknown format"));
        }
        if !is_site_id(&rotation.site) {
            return Err(bad("bad site id"));
        }
        if rotation.old_key == rotation.new_key {
            return Err(bad("the new key is the old one"));
        }
        let text = signed_text(&rotation.site, &rotation.old_key, &rotation.new_key);
        for (key, signature) in [
            (&rotation.old_key, &rotation.old_signature),
            (&rotation.new_key, &rotation.new_signature),
        ] {
            let key = verifying(key).ok_or_else(|| bad("bad public key"))?;
            let signature = parse_signature(signature).ok_or_else(|| bad("bad signature"))?;
            key.verify(text.as_bytes(), &signature)
                .map_err(|_| bad("a signature does not match: the statement was altered"))?;
        }
        Ok(rotation)
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default() + "\n"
    }
}

/// What `identity rotate` did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rotated {
    pub rotation: Rotation,
    /// Where the old secret key was kept (to sign nothing more; kept so that
    /// a mistake can be undone by hand).
    pub old_key_file: PathBuf,
}

/// Replaces this site's signing key beside `database`: the old secret moves
/// to `KEY.old-FINGERPRINT`, a new one is written, and the statement is
/// returned for the caller to write where the person asked.
pub fn rotate(store: &Store, database: &Path) -> Result<Rotated, SyncError> {
    let identity = store.require_identity()?;
    let old = super::signing_key(database)?;
    let mut secret = [0u8; 32];
    getrandom::getrandom(&mut secret)
        .map_err(|err| SyncError::BadRotation(format!("no random numbers: {err}")))?;
    let new = SigningKey::from_bytes(&secret);
    let rotation = Rotation::new(&identity.site, &old, &new);
    let key_path = keyfile::key_path(database);
    let mut old_name = key_path.file_name().unwrap_or_default().to_os_string();
    old_name.push(format!(
        ".old-{}",
        fingerprint(&rotation.old_key).replace(':', "")
    ));
    let old_key_file = key_path.with_file_name(old_name);
    std::fs::rename(&key_path, &old_key_file)
        .map_err(|err| SyncError::Io(key_path.clone(), err))?;
    if let Err(err) = keyfile::write_secret(&key_path, &secret) {
        // Put the old key back: never leave the site without a key.
        let _ = std::fs::rename(&old_key_file, &key_path);
        return Err(SyncError::Store(err));
    }
    Ok(Rotated {
        rotation,
        old_key_file,
    })
}

fn previous_keys_setting(site: &str) -> String {
    format!("sync.previous_keys.{site}")
}

/// The keys `site` signed with before rotations accepted here.
pub fn previous_keys(store: &Store, site: &str) -> Result<Vec<String>, SyncError> {
    Ok(store
        .local_setting(&previous_keys_setting(site))?
        .map(|text| text.split_whitespace().map(str::to_string).collect())
        .unwrap_or_default())
}

/// What accepting a statement did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RotationAccepted {
    pub site: String,
    pub old_fingerprint: String,
    pub fingerprint: String,
    /// The registry was updated for the region (this site is the lead).
    pub replicated: bool,
}

/// Accepts a verified statement for a site whose pinned key is its old key:
/// the local card takes the new key and, on the lead, the registry too.
pub fn accept(
    store: &mut Store,
    rotation: &Rotation,
    author: &str,
) -> Result<RotationAccepted, SyncError> {
    let identity = store.require_identity()?;
    if rotation.site == identity.site {
        return Err(SyncError::OwnCard);
    }
    let card = store.trusted_card(&rotation.site)?;
    let entry = store.site_entry(&rotation.site)?;
    let pinned = card
        .as_ref()
        .map(|card| card.public_key.clone())
        .or_else(|| entry.as_ref().and_then(|entry| entry.public_key.clone()))
        .ok_or_else(|| SyncError::NotTrusted(rotation.site.clone()))?;
    if pinned != rotation.old_key {
        return Err(SyncError::KeyPinned {
            site: rotation.site.clone(),
            name: entry.map(|entry| entry.name).unwrap_or_default(),
            pinned: fingerprint(&pinned),
            offered: fingerprint(&rotation.old_key),
        });
    }
    if let Some(mut card) = card {
        card.public_key = rotation.new_key.clone();
        store.save_trusted_card(&card)?;
    }
    // The site's own history names its old key (its site record, written at
    // `init`): its bundles signed with the new key may still carry it.
    let mut previous = previous_keys(store, &rotation.site)?;
    previous.push(rotation.old_key.clone());
    store.set_local_setting(&previous_keys_setting(&rotation.site), &previous.join(" "))?;
    let replicated = identity.role == "regional";
    if replicated {
        let mut writer = store.writer(author)?;
        writer.set(
            Kind::Site,
            &rotation.site,
            "public_key",
            Some(&rotation.new_key),
        )?;
        writer.commit()?;
    }
    Ok(RotationAccepted {
        site: rotation.site.clone(),
        old_fingerprint: fingerprint(&rotation.old_key),
        fingerprint: fingerprint(&rotation.new_key),
        replicated,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_statement_verifies_and_an_altered_one_does_not() {
        let old = SigningKey::from_bytes(&[1u8; 32]);
        let new = SigningKey::from_bytes(&[2u8; 32]);
        let statement = Rotation::new("0123456789abcdef", &old, &new);
        let text = statement.to_json();
        assert_eq!(Rotation::parse(&text).unwrap(), statement);
        // A thief holding only a new key cannot forge the old key's consent.
        let thief = SigningKey::from_bytes(&[3u8; 32]);
        let forged = Rotation {
            new_key: hex(thief.verifying_key().as_bytes()),
            ..statement.clone()
        };
        assert!(matches!(
            Rotation::parse(&forged.to_json()),
            Err(SyncError::BadRotation(_))
        ));
        assert!(Rotation::parse("{}").is_err());
    }
}
