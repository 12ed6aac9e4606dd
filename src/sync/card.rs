//! Site cards: what a site hands to the sites that should trust it (id,
//! name, département, role, public key), self-signed so that a card altered
//! on its way is refused. A card is small JSON, readable by people.
//!
//! Since encrypted bundles a card also carries the site's age recipient
//! (`age1…`), signed apart (`recipient_signature`) so that older Relais,
//! which ignore the field, still accept new cards, and new Relais still
//! accept old cards (without a recipient: such a site cannot be sent an
//! encrypted bundle until it hands over a new card).

use super::error::SyncError;
use super::format::{hex, unhex32};
use crate::domain::change::is_site_id;
use ed25519_dalek::{Signature, Signer, SigningKey, Verifier, VerifyingKey};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

pub const CARD_FORMAT: &str = "relais-site-card";
const CARD_CONTEXT: &str = "relais site card v1";
const RECIPIENT_CONTEXT: &str = "relais site card v1 age recipient";
/// Largest card file accepted.
pub const MAX_CARD_BYTES: u64 = 16 * 1024;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SiteCard {
    pub format: String,
    pub version: u32,
    pub site: String,
    pub name: String,
    pub departement: String,
    pub role: String,
    pub public_key: String,
    pub signature: String,
    /// The age recipient bundles for this site are encrypted to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recipient: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recipient_signature: Option<String>,
}

fn signed_text(card: &SiteCard) -> String {
    format!(
        "{CARD_CONTEXT}\n{}\n{}\n{}\n{}\n{}\n",
        card.site, card.name, card.departement, card.role, card.public_key
    )
}

fn recipient_text(site: &str, recipient: &str) -> String {
    format!("{RECIPIENT_CONTEXT}\n{site}\n{recipient}\n")
}

/// A 64-byte signature from its hex text.
fn signature_from_hex(text: &str) -> Option<Signature> {
    if text.len() != 128 {
        return None;
    }
    let mut bytes = [0u8; 64];
    for (index, byte) in bytes.iter_mut().enumerate() {
        *byte = u8::from_str_radix(text.get(index * 2..index * 2 + 2)?, 16).ok()?;
    }
    Some(Signature::from_bytes(&bytes))
}

/// A short, readable fingerprint of a public key (hex): the first 8 bytes of
/// its SHA-256, in groups of four digits.
pub fn fingerprint(public_key_hex: &str) -> String {
    let bytes = unhex32(public_key_hex).unwrap_or_default();
    let digest = Sha256::digest(bytes);
    let text = hex(&digest[..8]);
    text.as_bytes()
        .chunks(4)
        .map(|chunk| String::from_utf8_lossy(chunk).into_owned())
        .collect::<Vec<_>>()
        .join(":")
}

impl SiteCard {
    pub fn new(site: &str, name: &str, departement: &str, role: &str, key: &SigningKey) -> Self {
        let mut card = SiteCard {
            format: CARD_FORMAT.into(),
            version: 1,
            site: site.into(),
            name: name.into(),
            departement: departement.into(),
            role: role.into(),
            public_key: hex(key.verifying_key().as_bytes()),
            signature: String::new(),
            recipient: None,
            recipient_signature: None,
        };
        card.signature = hex(&key.sign(signed_text(&card).as_bytes()).to_bytes());
        card
    }

    /// The same card carrying the site's age recipient, signed.
    pub fn with_recipient(mut self, recipient: &str, key: &SigningKey) -> Self {
        let text = recipient_text(&self.site, recipient);
        self.recipient_signature = Some(hex(&key.sign(text.as_bytes()).to_bytes()));
        self.recipient = Some(recipient.to_string());
        self
    }

    /// Parses and verifies a card.
    pub fn parse(text: &str) -> Result<SiteCard, SyncError> {
        let bad = |reason: &str| SyncError::BadCard(reason.to_string());
        let card: SiteCard = serde_json::from_str(text).map_err(|_| bad("not a site card"))?;
        if card.format != CARD_FORMAT || card.version != 1 {
            return Err(bad("unknown card format"));
        }
        if !is_site_id(&card.site) {
            return Err(bad("bad site id"));
        }
        if card.name.trim().is_empty() || card.name.len() > 200 || card.departement.len() > 8 {
            return Err(bad("bad name or département"));
        }
        if !matches!(card.role.as_str(), "epn" | "regional") {
            return Err(bad("bad role"));
        }
        let key = unhex32(&card.public_key)
            .and_then(|bytes| VerifyingKey::from_bytes(&bytes).ok())
            .ok_or_else(|| bad("bad public key"))?;
        let signature = signature_from_hex(&card.signature).ok_or_else(|| bad("bad signature"))?;
        key.verify(signed_text(&card).as_bytes(), &signature)
            .map_err(|_| bad("the signature does not match: the card was altered"))?;
        match (&card.recipient, &card.recipient_signature) {
            (None, None) => {}
            (Some(recipient), Some(signature)) => {
                super::crypt::parse_recipient(recipient)
                    .map_err(|_| bad("bad encryption recipient"))?;
                let signature =
                    signature_from_hex(signature).ok_or_else(|| bad("bad signature"))?;
                key.verify(recipient_text(&card.site, recipient).as_bytes(), &signature)
                    .map_err(|_| bad("the signature does not match: the card was altered"))?;
            }
            _ => return Err(bad("the encryption recipient is not signed")),
        }
        Ok(card)
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default() + "\n"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_card_verifies_and_an_altered_one_does_not() {
        let key = SigningKey::from_bytes(&[7u8; 32]);
        let card = SiteCard::new("0123456789abcdef", "EPN A", "04", "epn", &key);
        let text = card.to_json();
        assert_eq!(SiteCard::parse(&text).unwrap(), card);
        let altered = text.replace("EPN A", "EPN B");
        assert!(matches!(
            SiteCard::parse(&altered),
            Err(SyncError::BadCard(_))
        ));
        assert!(SiteCard::parse("{}").is_err());
        assert!(
            !text.contains("recipient"),
            "an old-style card stays as it was"
        );
        let recipient = &super::super::crypt::new_identity_file("now")
            .0
            .to_public()
            .to_string();
        let with = card.clone().with_recipient(recipient, &key);
        let text = with.to_json();
        assert_eq!(SiteCard::parse(&text).unwrap(), with);
        let other = super::super::crypt::new_identity_file("now")
            .0
            .to_public()
            .to_string();
        assert!(matches!(
            SiteCard::parse(&text.replace(recipient.as_str(), &other)),
            Err(SyncError::BadCard(reason)) if reason.contains("altered")
        ));
        assert_eq!(fingerprint(&card.public_key).len(), 19);
    }
}
