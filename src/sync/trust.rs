//! Who may send us bundles. Two sources, checked in this order:
//! - cards this installation trusted itself (`relais trust FILE`), kept
//!   locally; a card trusted with `--as-lead` marks the lead, the only kind
//!   of sender allowed to relay other sites' changes or registry changes
//!   (never what a card says of itself);
//! - the replicated registry: `site` records with a public key and an
//!   enrolment date, written by the lead, so that EPNs learn the region's
//!   sites from the lead's bundles. `revoked_after` (the last accepted seq of
//!   a revoked site) refuses its bundles and cuts off its later changes.
//!
//! On a lead, trusting a card also writes the enrolment as replicated
//! changes, and revoking writes the cut-off.
//!
//! Identities are pinned: a card for a known site with another key is
//! refused, naming both fingerprints. A key changes only through a rotation
//! statement signed by the old key and the new one (`rotation`).

use super::card::{SiteCard, fingerprint};
use super::error::SyncError;
use super::format::{Header, unhex32};
use crate::domain::Kind;
use crate::domain::change::is_site_id;
use crate::store::{Store, TrustedCard};
use ed25519_dalek::VerifyingKey;

/// Site record fields only the lead may change, for any site (its own record
/// included: a site cannot re-key or promote itself through a bundle).
pub const TRUST_FIELDS: &[&str] = &["public_key", "role", "enrolled_on", "revoked_after"];

/// A sender we accept.
#[derive(Clone, Debug)]
pub struct Authorised {
    pub key: VerifyingKey,
    pub name: String,
    /// Leads relay every site's changes; other sites send only their own.
    pub may_relay: bool,
}

fn verifying_key(hex: &str) -> Option<VerifyingKey> {
    VerifyingKey::from_bytes(&unhex32(hex)?).ok()
}

/// Decides whether the bundle's sender is trusted, and with which key.
pub fn authorise(store: &Store, header: &Header) -> Result<Authorised, SyncError> {
    let name = if header.sender_name.is_empty() {
        "?".to_string()
    } else {
        header.sender_name.clone()
    };
    let refused_fingerprint = fingerprint(&header.sender_key);
    let mismatch = |expected: &str| SyncError::KeyMismatch {
        sender: header.sender.clone(),
        name: name.clone(),
        fingerprint: refused_fingerprint.clone(),
        expected: fingerprint(expected),
    };
    let revoked = || SyncError::RevokedSender {
        sender: header.sender.clone(),
        name: name.clone(),
        fingerprint: refused_fingerprint.clone(),
    };
    if let Some(card) = store.trusted_card(&header.sender)? {
        if card.revoked {
            return Err(revoked());
        }
        if card.public_key != header.sender_key {
            return Err(mismatch(&card.public_key));
        }
        let key = verifying_key(&card.public_key).ok_or_else(|| mismatch(&card.public_key))?;
        return Ok(Authorised {
            key,
            name: card.name,
            may_relay: card.lead,
        });
    }
    let own = store
        .identity()?
        .is_some_and(|identity| identity.site == header.sender);
    if let Some(entry) = store.site_entry(&header.sender)?
        && let Some(public_key) = entry.public_key.as_deref()
        && (entry.enrolled_on.is_some() || own)
        && !entry.deleted
    {
        if entry.revoked_after.is_some() {
            return Err(revoked());
        }
        if public_key != header.sender_key {
            return Err(mismatch(public_key));
        }
        let key = verifying_key(public_key).ok_or_else(|| mismatch(public_key))?;
        return Ok(Authorised {
            key,
            name: entry.name,
            may_relay: false,
        });
    }
    Err(SyncError::UnknownSender {
        sender: header.sender.clone(),
        name,
        fingerprint: refused_fingerprint,
    })
}

/// What `trust FILE` did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TrustOutcome {
    pub card: SiteCard,
    pub fingerprint: String,
    /// Written as replicated changes (this site is a lead).
    pub enrolled: bool,
    /// Trusted as the regional lead (`--as-lead`).
    pub lead: bool,
}

/// How far `trust FILE` goes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct TrustOptions {
    /// `--as-lead`: the person checked the fingerprint and makes this site
    /// the lead here. Without it, a card saying `regional` is refused.
    pub as_lead: bool,
}

/// The key this installation already pins for `site`, if any: its trusted
/// card, else the replicated registry.
fn pinned_key(store: &Store, site: &str) -> Result<Option<String>, SyncError> {
    if let Some(card) = store.trusted_card(site)? {
        return Ok(Some(card.public_key));
    }
    Ok(store
        .site_entry(site)?
        .filter(|entry| !entry.deleted)
        .and_then(|entry| entry.public_key))
}

/// Trusts a verified card; on a lead, enrols the site for the whole region.
pub fn trust_card(
    store: &mut Store,
    card: SiteCard,
    author: &str,
    options: TrustOptions,
) -> Result<TrustOutcome, SyncError> {
    let identity = store.require_identity()?;
    if card.site == identity.site {
        return Err(SyncError::OwnCard);
    }
    if let Some(pinned) = pinned_key(store, &card.site)?
        && pinned != card.public_key
    {
        return Err(SyncError::KeyPinned {
            site: card.site.clone(),
            name: card.name.clone(),
            pinned: fingerprint(&pinned),
            offered: fingerprint(&card.public_key),
        });
    }
    if card.role == "regional" && !options.as_lead {
        return Err(SyncError::LeadNeedsConfirmation {
            site: card.site.clone(),
            name: card.name.clone(),
            fingerprint: fingerprint(&card.public_key),
        });
    }
    // A card without a recipient (an older Relais) keeps the one known.
    let recipient = match &card.recipient {
        Some(recipient) => Some(recipient.clone()),
        None => store
            .trusted_card(&card.site)?
            .and_then(|known| known.recipient),
    };
    store.save_trusted_card(&TrustedCard {
        site: card.site.clone(),
        public_key: card.public_key.clone(),
        name: card.name.clone(),
        departement: card.departement.clone(),
        role: card.role.clone(),
        trusted_at: store.now_ms(),
        revoked: false,
        lead: options.as_lead,
        recipient,
    })?;
    let enrolled = identity.role == "regional";
    if enrolled {
        let today = store.clock().today().format("%Y-%m-%d").to_string();
        let mut writer = store.writer(author)?;
        for (field, value) in [
            ("name", Some(card.name.as_str())),
            ("departement", Some(card.departement.as_str())),
            ("role", Some(card.role.as_str())),
            ("public_key", Some(card.public_key.as_str())),
            ("enrolled_on", Some(today.as_str())),
            ("revoked_after", None),
        ] {
            writer.set(Kind::Site, &card.site, field, value)?;
        }
        writer.commit()?;
    }
    Ok(TrustOutcome {
        fingerprint: fingerprint(&card.public_key),
        card,
        enrolled,
        lead: options.as_lead,
    })
}

/// What `revoke SITE` did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RevokeOutcome {
    pub site: String,
    /// The cut-off written for the region (lead only).
    pub revoked_after: Option<u64>,
}

/// Revokes a site: locally always; on a lead, for the whole region, with the
/// last accepted seq as cut-off (the highest seq of it held here, so every
/// replica ends up accepting exactly the changes the lead accepted).
pub fn revoke(store: &mut Store, site: &str, author: &str) -> Result<RevokeOutcome, SyncError> {
    if !is_site_id(site) {
        return Err(SyncError::BadSiteId(site.to_string()));
    }
    let identity = store.require_identity()?;
    if site == identity.site {
        return Err(SyncError::OwnCard);
    }
    let had_card = store.revoke_trusted_card(site)?;
    if identity.role != "regional" {
        if !had_card {
            return Err(SyncError::NotTrusted(site.to_string()));
        }
        return Ok(RevokeOutcome {
            site: site.to_string(),
            revoked_after: None,
        });
    }
    if !had_card && store.site_entry(site)?.is_none() {
        return Err(SyncError::NotTrusted(site.to_string()));
    }
    let held = store
        .vector()?
        .into_iter()
        .find(|entry| entry.site == site)
        .map(|entry| entry.max_seq)
        .unwrap_or(0);
    let mut writer = store.writer(author)?;
    writer.set(Kind::Site, site, "revoked_after", Some(&held.to_string()))?;
    writer.commit()?;
    Ok(RevokeOutcome {
        site: site.to_string(),
        revoked_after: Some(held),
    })
}

pub use crate::domain::TrustStatus;

/// One line of `trust --list`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TrustEntry {
    pub site: String,
    pub name: String,
    pub role: String,
    /// `None`: a site known from its record alone, whose key never came.
    pub fingerprint: Option<String>,
    pub status: TrustStatus,
    pub revoked_after: Option<u64>,
    /// Trusted here as the regional lead.
    pub lead: bool,
}

/// Every site this installation knows, with how far it is trusted: a
/// revocation (local or for the region) wins, then an enrolment, then a card.
pub fn list(store: &Store) -> Result<Vec<TrustEntry>, SyncError> {
    let mut entries: Vec<TrustEntry> = Vec::new();
    for card in store.trusted_cards()? {
        entries.push(TrustEntry {
            fingerprint: Some(fingerprint(&card.public_key)),
            status: if card.revoked {
                TrustStatus::Revoked
            } else {
                TrustStatus::Card
            },
            site: card.site,
            name: card.name,
            role: card.role,
            revoked_after: None,
            lead: card.lead && !card.revoked,
        });
    }
    for entry in store.site_entries()? {
        let status = if entry.revoked_after.is_some() {
            TrustStatus::Revoked
        } else if entry.enrolled_on.is_some() {
            TrustStatus::Enrolled
        } else {
            TrustStatus::Known
        };
        match entries.iter_mut().find(|known| known.site == entry.site) {
            Some(known) => {
                known.revoked_after = entry.revoked_after;
                if known.status != TrustStatus::Revoked && status != TrustStatus::Known {
                    known.status = status;
                }
            }
            None => entries.push(TrustEntry {
                fingerprint: entry.public_key.as_deref().map(fingerprint),
                status,
                site: entry.site,
                name: entry.name,
                role: entry.role,
                revoked_after: entry.revoked_after,
                lead: false,
            }),
        }
    }
    entries.sort_by(|a, b| a.site.cmp(&b.site));
    Ok(entries)
}
