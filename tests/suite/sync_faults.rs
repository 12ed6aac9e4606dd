//! Failures at every step of an import leave the database exactly as it
//! was: the store's fault points, the sync layer's own refusals (hostile
//! bytes, forks, lying headers), and arbitrary or mutated bytes.

use crate::sync_support;

use proptest::prelude::*;
use relais::domain::Kind;
use relais::store::FailPoint;
use relais::sync::{self, ImportOptions};
use sync_support::{Site, change, craft_bundle, region, to};

fn state(site: &Site) -> (String, u64) {
    (site.digest(), site.store.change_count().unwrap())
}

fn add_request(site: &mut Site, title: &str) -> String {
    let mut writer = site.store.writer("op").unwrap();
    let id = writer.create(Kind::Request);
    writer
        .insert_new(Kind::Request, &id, &[("title", title.to_string())])
        .unwrap();
    writer.commit().unwrap();
    id
}

#[test]
fn a_fault_at_every_step_of_import_leaves_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (mut lead, mut epns) = region(2);
    add_request(&mut epns[0], "Carte");
    add_request(&mut epns[0], "Annuaire");
    let bundle = epns[0].export(dir.path(), "a.rb", to(&lead.id));
    let before = state(&lead);
    for point in FailPoint::ALL {
        let result = sync::import(
            &mut lead.store,
            &bundle,
            ImportOptions {
                fail_at: Some(point),
                ..ImportOptions::default()
            },
        );
        assert!(result.is_err(), "{point:?} did not fail");
        assert_eq!(state(&lead), before, "{point:?} left something");
        assert!(lead.store.peer_ack(&epns[0].id).unwrap().is_empty());
    }
    // The same bundle then imports normally: the receipt was rolled back too.
    let outcome = lead.import(&bundle).unwrap();
    assert!(!outcome.replay);
    assert!(outcome.report.new_changes >= 2);
    assert_ne!(state(&lead), before);
}

#[test]
fn a_fork_is_refused_naming_the_site_and_leaves_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (mut lead, mut epns) = region(1);
    let first = epns[0].export(dir.path(), "a1.rb", to(&lead.id));
    lead.import(&first).unwrap();
    // A restored copy of the EPN writes seq N+1 with other content.
    let mut restored = Site::new(1, "epn");
    restored.trust(&lead);
    add_request(&mut epns[0], "Original");
    add_request(&mut restored, "Restored elsewhere");
    lead.import(&epns[0].export(dir.path(), "a2.rb", to(&lead.id)))
        .unwrap();
    let before = state(&lead);
    let forked = restored.export(dir.path(), "fork.rb", sync_support::full());
    let err = lead.import(&forked).unwrap_err();
    let text = format!("{err:?}");
    assert!(text.contains("Fork"), "{text}");
    assert!(err.message().args.iter().any(|(_, v)| v == &epns[0].id));
    assert_eq!(state(&lead), before);
}

#[test]
fn lying_headers_and_hostile_payloads_are_refused_before_writing() {
    let dir = tempfile::tempdir().unwrap();
    let (mut lead, epns) = region(2);
    let a = &epns[0];
    let good = vec![
        change(&a.id, 10, "title", "x"),
        change(&a.id, 11, "need", "y"),
    ];
    let mut huge = change(&a.id, 12, "need", "");
    huge.value = Some("z".repeat(100_000));
    let cases: Vec<(&str, Vec<u8>)> = vec![
        (
            "count",
            craft_bundle(&a.id, &a.key, &good, None, |h| h.change_count = 3),
        ),
        (
            "contains",
            craft_bundle(&a.id, &a.key, &good, None, |h| {
                h.contains.insert(a.id.clone(), 99);
            }),
        ),
        (
            "hash",
            craft_bundle(&a.id, &a.key, &good, None, |h| {
                h.payload_hash = "0".repeat(64)
            }),
        ),
        (
            "bomb",
            craft_bundle(
                &a.id,
                &a.key,
                &good[..1],
                Some(vec![0u8; 50_000_000]),
                |h| h.payload_raw_bytes = 100,
            ),
        ),
        (
            "oversized",
            craft_bundle(&a.id, &a.key, &[huge], None, |_| {}),
        ),
        (
            "unknown field",
            craft_bundle(
                &a.id,
                &a.key,
                &[change(&a.id, 13, "colour", "red")],
                None,
                |_| {},
            ),
        ),
        (
            "foreign",
            craft_bundle(
                &a.id,
                &a.key,
                &[change(&epns[1].id, 1, "title", "x")],
                None,
                |_| {},
            ),
        ),
        (
            "trust field",
            craft_bundle(
                &a.id,
                &a.key,
                &[relais::domain::Change {
                    kind: Kind::Site,
                    record: epns[1].id.clone(),
                    ..change(&a.id, 14, "revoked_after", "0")
                }],
                None,
                |_| {},
            ),
        ),
        (
            "unknown sender",
            craft_bundle("ffffffffffffffff", &a.key, &good, None, |_| {}),
        ),
        (
            "wrong key",
            craft_bundle(&a.id, &epns[1].key, &good, None, |_| {}),
        ),
    ];
    let before = state(&lead);
    for (name, bytes) in cases {
        let path = dir.path().join(format!("{name}.rb"));
        std::fs::write(&path, &bytes).unwrap();
        let result = lead.import(&path);
        assert!(result.is_err(), "{name} was accepted");
        assert!(result.unwrap_err().is_refusal(), "{name}");
        assert_eq!(state(&lead), before, "{name} left something");
    }
    // The honest version of the same bundle is accepted.
    let path = dir.path().join("honest.rb");
    std::fs::write(&path, craft_bundle(&a.id, &a.key, &good, None, |_| {})).unwrap();
    assert_eq!(lead.import(&path).unwrap().report.new_changes, 2);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: crate::replica_support::cases(), ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic_the_reader(bytes in prop::collection::vec(any::<u8>(), 0..2048)) {
        prop_assert!(sync::parse_untrusted(&mut &bytes[..]).is_err());
        let mut with_magic = sync::format::MAGIC.to_vec();
        with_magic.extend_from_slice(&bytes);
        prop_assert!(sync::parse_untrusted(&mut &with_magic[..]).is_err());
    }

    #[test]
    fn any_flipped_or_cut_byte_is_refused_and_leaves_nothing(
        position in any::<prop::sample::Index>(),
        flip in 1..=255u8,
        cut in any::<bool>(),
    ) {
        let dir = tempfile::tempdir().unwrap();
        let (mut lead, mut epns) = region(1);
        add_request(&mut epns[0], "Carte");
        let path = epns[0].export(dir.path(), "a.rb", to(&lead.id));
        let mut bytes = std::fs::read(&path).unwrap();
        let at = position.index(bytes.len());
        if cut {
            bytes.truncate(at);
        } else {
            bytes[at] ^= flip;
        }
        std::fs::write(&path, &bytes).unwrap();
        let before = state(&lead);
        let result = lead.import(&path);
        prop_assert!(matches!(result, Err(ref err) if err.is_refusal()), "{:?}", result);
        prop_assert_eq!(state(&lead), before);
        // The reader alone never panics on it either.
        let _ = sync::parse_untrusted(&mut &bytes[..]);
    }
}
