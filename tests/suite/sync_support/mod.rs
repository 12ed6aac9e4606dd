//! Shared by the sync tests: in-memory sites with real keys, trust set up
//! the way `relais trust` does it, and bundles written to real files.

use ed25519_dalek::SigningKey;
use relais::domain::Kind;
use relais::domain::clock::FixedClock;
use relais::store::{LocalIdentity, Store};
use relais::sync::{self, ExportRequest, ImportOptions, ImportOutcome, SiteCard, SyncError};
use std::path::{Path, PathBuf};
use std::sync::Arc;

pub const NOW_MS: i64 = 1_772_000_000_000; // 2026-02-25

pub struct Site {
    pub store: Store,
    pub key: SigningKey,
    pub id: String,
    pub name: String,
    pub role: &'static str,
    pub clock: Arc<FixedClock>,
}

impl Site {
    /// A site with an identity, a key and its own site record, as `init` makes it.
    pub fn new(index: u8, role: &'static str) -> Site {
        let clock = Arc::new(FixedClock::new(NOW_MS));
        let mut store = Store::open_in_memory(clock.clone()).unwrap();
        let id = format!("{:016x}", 0xa000_0000_0000_0000u64 + index as u64);
        let name = format!("Site {index}");
        store
            .set_identity(&LocalIdentity {
                site: id.clone(),
                name: name.clone(),
                departement: "04".into(),
                role: role.into(),
            })
            .unwrap();
        let key = SigningKey::from_bytes(&[index.wrapping_add(1); 32]);
        let public_key = sync::format::hex(key.verifying_key().as_bytes());
        let mut writer = store.writer("op").unwrap();
        writer.create_with_id(Kind::Site, &id);
        let mut fields = vec![
            ("name", name.clone()),
            ("departement", "04".to_string()),
            ("role", role.to_string()),
            ("public_key", public_key),
        ];
        if role == "regional" {
            fields.push(("enrolled_on", "2026-01-01".into()));
        }
        writer.insert_new(Kind::Site, &id, &fields).unwrap();
        writer.commit().unwrap();
        Site {
            store,
            key,
            id,
            name,
            role,
            clock,
        }
    }

    pub fn card(&self) -> SiteCard {
        SiteCard::new(&self.id, &self.name, "04", self.role, &self.key)
    }

    pub fn trust(&mut self, other: &Site) {
        let options = sync::TrustOptions {
            as_lead: other.role == "regional",
        };
        sync::trust::trust_card(&mut self.store, other.card(), "op", options).unwrap();
    }

    pub fn export(&self, dir: &Path, name: &str, request: ExportRequest) -> PathBuf {
        let path = dir.join(name);
        sync::export(&self.store, &self.key, &request, &path, &mut |_| {}).unwrap();
        path
    }

    pub fn import(&mut self, path: &Path) -> Result<ImportOutcome, SyncError> {
        sync::import(&mut self.store, path, ImportOptions::default())
    }

    pub fn digest(&self) -> String {
        self.store.digest().unwrap()
    }

    /// Conflicts as comparable data: record, field, reason, sorted head ids.
    pub fn conflict_set(&self) -> Vec<(String, String, String, Vec<String>)> {
        let mut set: Vec<_> = self
            .store
            .conflicts()
            .unwrap()
            .into_iter()
            .map(|entry| {
                let mut heads: Vec<String> =
                    entry.heads.iter().map(|h| h.change.to_string()).collect();
                heads.sort();
                (entry.record, entry.field, entry.reason, heads)
            })
            .collect();
        set.sort();
        set
    }
}

/// A lead and `epns` EPNs that trust each other as the runbook says.
pub fn region(epns: usize) -> (Site, Vec<Site>) {
    let mut lead = Site::new(0, "regional");
    let mut sites: Vec<Site> = (1..=epns).map(|i| Site::new(i as u8, "epn")).collect();
    for site in sites.iter_mut() {
        lead.trust(site);
        site.trust(&lead);
    }
    (lead, sites)
}

pub fn to(site: &str) -> ExportRequest {
    ExportRequest {
        to: Some(site.to_string()),
        full: false,
    }
}

pub fn full() -> ExportRequest {
    ExportRequest {
        to: None,
        full: true,
    }
}

/// Builds a bundle from raw parts, signed with `key`: `tweak` may lie in the
/// header after the honest values are filled in; `raw` may replace the
/// decompressed payload bytes.
pub fn craft_bundle(
    sender: &str,
    key: &SigningKey,
    changes: &[relais::domain::Change],
    raw: Option<Vec<u8>>,
    tweak: impl FnOnce(&mut sync::format::Header),
) -> Vec<u8> {
    use sha2::Digest;
    let mut payload_raw = Vec::new();
    for change in changes {
        sync::format::encode_change(change, &mut payload_raw);
    }
    let payload_raw = raw.unwrap_or(payload_raw);
    let compressed = zstd::encode_all(&payload_raw[..], 3).unwrap();
    let mut contains = std::collections::BTreeMap::new();
    for change in changes {
        let seq = contains.entry(change.id.site.clone()).or_insert(0);
        *seq = change.id.seq.max(*seq);
    }
    let mut header = sync::format::Header {
        bundle_id: format!("crafted-{}", uuid::Uuid::now_v7()),
        sender: sender.to_string(),
        sender_name: "crafted".into(),
        sender_key: sync::format::hex(key.verifying_key().as_bytes()),
        addressee: "any".into(),
        full: true,
        created_stamp: 0,
        created_wall_ms: NOW_MS,
        assumed: Default::default(),
        contains,
        ack: Default::default(),
        change_count: changes.len() as u64,
        payload_bytes: compressed.len() as u64,
        payload_raw_bytes: payload_raw.len() as u64,
        payload_hash: sync::format::hex(&sha2::Sha256::digest(&compressed)),
    };
    tweak(&mut header);
    let mut out = sync::format::write_preamble(&header, key).unwrap();
    out.extend_from_slice(&compressed);
    out
}

/// A well-formed change of `site`.
pub fn change(site: &str, seq: u64, field: &str, value: &str) -> relais::domain::Change {
    relais::domain::Change {
        id: relais::domain::ChangeId::new(site, seq),
        record: format!("rec-{site}"),
        kind: Kind::Request,
        field: field.into(),
        value: Some(value.into()),
        stamp: relais::domain::Stamp::from_parts(NOW_MS, seq),
        wall_ms: NOW_MS,
        author: "x".into(),
        parents: vec![],
    }
}
