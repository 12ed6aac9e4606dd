//! Schema v4 (issue 9): a version-3 database is backed up, then migrated:
//! imported bundles keyed by (sender, id), acks stored before clamped to what
//! the site holds, cards trusted as `regional` before marked as the lead.

use relais::domain::clock::FixedClock;
use relais::store::{OpenMode, SCHEMA_VERSION, Store};
use std::sync::Arc;

const APPLICATION_ID: i64 = 0x524C_4149;

#[test]
fn a_version_3_database_migrates_to_bundles_by_sender_and_clamped_acks() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v3.db");
    let conn = rusqlite::Connection::open(&path).unwrap();
    for schema in [
        include_str!("../../src/store/schema.sql"),
        include_str!("../../src/store/schema_v2.sql"),
        include_str!("../../src/store/schema_v3.sql"),
    ] {
        conn.execute_batch(schema).unwrap();
    }
    let (lead, epn) = ("aaaaaaaaaaaaaaaa", "bbbbbbbbbbbbbbbb");
    conn.execute_batch(&format!(
        "PRAGMA user_version = 3; PRAGMA application_id = {APPLICATION_ID};
         INSERT INTO meta(key, value) VALUES ('site_id', '{epn}'), ('site_name', 'EPN'),
             ('site_departement', '04'), ('site_role', 'epn');
         INSERT INTO vector(site, contiguous, max_seq, changes) VALUES ('{lead}', 5, 5, 5);
         INSERT INTO peer_ack(peer, site, seq) VALUES ('{lead}', '{lead}', 1000000),
             ('{lead}', 'cccccccccccccccc', 7);
         INSERT INTO imported_bundle(id, sender, imported_at, changes) VALUES ('b-1', '{lead}', 1, 5);
         INSERT INTO trusted_card(site, public_key, name, departement, role, trusted_at, revoked)
             VALUES ('{lead}', '{key}', 'Coordination', '13', 'regional', 1, 0);",
        key = "ab".repeat(32),
    ))
    .unwrap();
    drop(conn);
    let store = Store::open(
        &path,
        OpenMode::MustExist,
        Arc::new(FixedClock::new(1_772_000_000_000)),
    )
    .unwrap();
    assert!(dir.path().join("v3.db.v3.backup").exists());
    let version: i64 = rusqlite::Connection::open(&path)
        .unwrap()
        .query_row("PRAGMA user_version", [], |row| row.get(0))
        .unwrap();
    assert_eq!(version, SCHEMA_VERSION);
    assert!(store.bundle_seen(lead, "b-1").unwrap());
    assert!(!store.bundle_seen(epn, "b-1").unwrap());
    let acks = store.peer_ack(lead).unwrap();
    assert_eq!(acks.get(lead), Some(&5), "clamped to what is held");
    assert_eq!(acks.get("cccccccccccccccc"), Some(&0), "nothing held");
    assert!(store.trusted_card(lead).unwrap().unwrap().lead);
}
