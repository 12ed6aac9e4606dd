//! Key rotation as a signed act (issue 9, attack 2): a statement signed by
//! the old and the new key moves a site to its new key on the lead, and the
//! lead's registry carries it to the region; a statement from anyone else,
//! or a card with another key, changes nothing.

use crate::sync_support;

use ed25519_dalek::SigningKey;
use relais::domain::clock::FixedClock;
use relais::store::{LocalIdentity, OpenMode, Store, keyfile};
use relais::sync::rotation::{self, Rotation};
use relais::sync::{SyncError, TrustStatus};
use std::sync::Arc;
use sync_support::{NOW_MS, region, to};

#[test]
fn a_rotated_key_is_accepted_by_the_lead_and_reaches_the_region() {
    let dir = tempfile::tempdir().unwrap();
    let (mut lead, mut epns) = region(2);
    let new = SigningKey::from_bytes(&[42u8; 32]);
    let statement = Rotation::new(&epns[0].id, &epns[0].key, &new);
    let parsed = Rotation::parse(&statement.to_json()).unwrap();
    let accepted = rotation::accept(&mut lead.store, &parsed, "op").unwrap();
    assert!(accepted.replicated);
    epns[0].key = new;
    epns[0]
        .store
        .writer("op")
        .unwrap()
        .set(
            relais::domain::Kind::Org,
            "org-1",
            "name",
            Some("Médiathèque"),
        )
        .unwrap();
    let bundle = epns[0].export(dir.path(), "e0.rb", to(&lead.id));
    lead.import(&bundle).unwrap();
    // The second EPN learns the new key from the lead's registry.
    let relayed = lead.export(dir.path(), "l1.rb", to(&epns[1].id));
    epns[1].import(&relayed).unwrap();
    let entry = epns[1].store.site_entry(&epns[0].id).unwrap().unwrap();
    assert_eq!(
        entry.public_key.as_deref(),
        Some(statement.new_key.as_str())
    );
    assert_eq!(lead.digest(), epns[1].digest());
    assert!(epns[1].store.check().unwrap().is_ok());
    // Bundles signed with the old key are now refused.
    let old = SigningKey::from_bytes(&[2u8; 32]);
    let thief = sync_support::craft_bundle(&epns[0].id, &old, &[], None, |_| {});
    let path = dir.path().join("old.rb");
    std::fs::write(&path, thief).unwrap();
    assert!(matches!(
        lead.import(&path),
        Err(SyncError::KeyMismatch { .. })
    ));
}

#[test]
fn a_rotation_not_signed_by_the_pinned_key_is_refused() {
    let (mut lead, epns) = region(1);
    let thief = SigningKey::from_bytes(&[77u8; 32]);
    let other = SigningKey::from_bytes(&[78u8; 32]);
    let forged = Rotation::new(&epns[0].id, &thief, &other);
    let before = lead.digest();
    assert!(matches!(
        rotation::accept(&mut lead.store, &forged, "op"),
        Err(SyncError::KeyPinned { .. })
    ));
    assert_eq!(lead.digest(), before);
    // And a card with another key for a known site is refused the same way.
    let card = relais::sync::SiteCard::new(&epns[0].id, "EPN", "04", "epn", &thief);
    assert!(matches!(
        relais::sync::trust::trust_card(&mut lead.store, card, "op", Default::default()),
        Err(SyncError::KeyPinned { .. })
    ));
    let listed = relais::sync::trust::list(&lead.store).unwrap();
    let entry = listed.iter().find(|e| e.site == epns[0].id).unwrap();
    assert_eq!(entry.status, TrustStatus::Enrolled);
    assert_eq!(serde_json::to_value(entry.status).unwrap(), "enrolled");
}

#[test]
fn rotate_replaces_the_key_file_and_keeps_the_old_one_aside() {
    let dir = tempfile::tempdir().unwrap();
    let database = dir.path().join("a.db");
    let clock = Arc::new(FixedClock::new(NOW_MS));
    let mut store = Store::open(&database, OpenMode::CreateIfMissing, clock).unwrap();
    store
        .set_identity(&LocalIdentity {
            site: "a000000000000001".into(),
            name: "EPN".into(),
            departement: "04".into(),
            role: "epn".into(),
        })
        .unwrap();
    keyfile::write_secret(&keyfile::key_path(&database), &[5u8; 32]).unwrap();
    let rotated = rotation::rotate(&store, &database).unwrap();
    let statement = Rotation::parse(&rotated.rotation.to_json()).unwrap();
    let old = SigningKey::from_bytes(&[5u8; 32]);
    assert_eq!(
        statement.old_key,
        relais::sync::format::hex(old.verifying_key().as_bytes())
    );
    let now = relais::sync::signing_key(&database).unwrap();
    assert_eq!(
        statement.new_key,
        relais::sync::format::hex(now.verifying_key().as_bytes())
    );
    assert_eq!(
        keyfile::read_secret(&rotated.old_key_file).unwrap(),
        [5u8; 32]
    );
}
