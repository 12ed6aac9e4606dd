//! Sync through the real binary: two EPNs and a lead made with `init`,
//! exchanging bundle files in any order, conflicts appearing and resolving
//! everywhere, and every hostile bundle refused with exit code 3, one line,
//! and an unchanged digest.

use crate::region_support;
use crate::sync_support;

use region_support::Region;
use serde_json::Value;
use sync_support::{change, craft_bundle};

/// A lead L and EPNs A and B, each trusting as the runbook says.
fn region() -> Region {
    Region::runbook(&["A", "B"])
}

#[test]
fn two_epns_and_a_lead_converge_in_any_order() {
    let r = region();
    r.ok("A", &["add", "request", "title=Carte des lieux"]);
    r.ok("B", &["add", "request", "title=Annuaire"]);
    r.ok("B", &["add", "developer", "name=Zoé"]);
    r.ok("A", &["export", "--out", &r.path("a.rb")]);
    r.ok("B", &["export", "--out", &r.path("b.rb")]);
    // A copy of the lead imports the same bundles in the other order.
    std::fs::copy(r.db("L"), r.db("L2")).unwrap();
    std::fs::copy(r.file("L.db.key"), r.file("L2.db.key")).unwrap();
    let imported = r.json("L", &["import", &r.path("a.rb"), &r.path("b.rb"), "--json"]);
    let keys: Vec<&str> = imported[0]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        [
            "bundle_id",
            "cut_off",
            "duplicate_changes",
            "file",
            "new_changes",
            "new_conflicts",
            "records_touched",
            "replay",
            "resolved_conflicts",
            "sender",
            "sender_name",
            "skewed_sites",
        ]
    );
    assert!(imported[1]["new_changes"].as_u64().unwrap() > 0);
    r.ok("L2", &["import", &r.path("b.rb"), &r.path("a.rb")]);
    assert_eq!(r.digest("L"), r.digest("L2"));
    r.send("L", "A", "la.rb");
    r.send("L", "B", "lb.rb");
    let digest = r.digest("L");
    assert_eq!(r.digest("A"), digest);
    assert_eq!(r.digest("B"), digest);
    // Nothing new: the next incremental bundles are empty and change nothing.
    r.send("A", "L", "a2.rb");
    assert_eq!(r.digest("L"), digest);
    r.ok("L", &["check"]);
    // Importing the same bundle again is a no-op.
    let again = r.json("A", &["import", &r.path("la.rb"), "--json"]);
    assert_eq!(again[0]["new_changes"], 0);
    assert_eq!(r.digest("A"), digest);
}

#[test]
fn conflicts_appear_and_resolve_on_every_replica() {
    let r = region();
    let id = r
        .ok("A", &["add", "request", "title=Carte"])
        .trim()
        .to_string();
    r.send("A", "L", "a1.rb");
    r.send("L", "B", "lb1.rb");
    r.ok("A", &["set", "request", &id, "title=Carte des lieux"]);
    r.ok("B", &["set", "request", &id, "title=Carte interactive"]);
    r.send("A", "L", "a2.rb");
    r.send("B", "L", "b2.rb");
    r.send("L", "A", "la2.rb");
    r.send("L", "B", "lb2.rb");
    for site in ["L", "A", "B"] {
        let conflicts = r.json(site, &["conflicts", "--json"]);
        assert_eq!(conflicts.as_array().unwrap().len(), 1, "{site}");
        assert_eq!(conflicts[0]["field"], "title");
        assert_eq!(conflicts[0]["heads"].as_array().unwrap().len(), 2);
    }
    r.ok(
        "B",
        &[
            "resolve",
            "request",
            &id,
            "title",
            "--value",
            "Carte des lieux numériques",
        ],
    );
    r.send("B", "L", "b3.rb");
    r.send("L", "A", "la3.rb");
    r.send("L", "B", "lb3.rb");
    let digest = r.digest("L");
    for site in ["L", "A", "B"] {
        assert_eq!(
            r.json(site, &["conflicts", "--json"]),
            Value::Array(vec![]),
            "{site}"
        );
        assert_eq!(r.digest(site), digest, "{site}");
    }
}

fn key_of(r: &Region, db: &str) -> ed25519_dalek::SigningKey {
    relais::sync::signing_key(&r.db(db)).unwrap()
}

#[test]
fn every_hostile_bundle_is_refused_with_exit_3_and_nothing_lost() {
    let r = region();
    r.ok("A", &["add", "request", "title=Carte"]);
    r.ok("A", &["export", "--out", &r.path("good.rb")]);
    let good = std::fs::read(r.file("good.rb")).unwrap();
    let a = r.site("A");
    let b = r.site("B");
    let a_key = key_of(&r, "A");
    let b_key = key_of(&r, "B");
    let mut cases: Vec<(&str, Vec<u8>)> = vec![
        ("truncated", good[..good.len() / 2].to_vec()),
        ("empty", Vec::new()),
        (
            "random",
            (0..4096u32)
                .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
                .collect(),
        ),
    ];
    for (name, at) in [
        ("flip-header", 40),
        ("flip-signature", good.len() - 60),
        ("flip-payload", good.len() - 5),
    ] {
        let mut bytes = good.clone();
        let at = if name == "flip-signature" {
            // The signature sits just before the payload.
            let header_len = u32::from_le_bytes(good[10..14].try_into().unwrap()) as usize;
            14 + header_len + 10
        } else {
            at
        };
        bytes[at] ^= 0x20;
        cases.push((name, bytes));
    }
    let mut future = good.clone();
    future[8] = (relais::sync::format::FORMAT_VERSION + 1) as u8;
    cases.push(("future version", future));
    let honest = vec![change(&a, 100, "title", "x")];
    cases.push((
        "unknown sender",
        craft_bundle("ffffffffffffffff", &a_key, &honest, None, |_| {}),
    ));
    cases.push((
        "wrong signature",
        craft_bundle(&a, &b_key, &honest, None, |h| {
            h.sender_key = relais::sync::format::hex(a_key.verifying_key().as_bytes());
        }),
    ));
    cases.push((
        "lying count",
        craft_bundle(&a, &a_key, &honest, None, |h| h.change_count = 5),
    ));
    cases.push((
        "lying hash",
        craft_bundle(&a, &a_key, &honest, None, |h| {
            h.payload_hash = "ab".repeat(32)
        }),
    ));
    cases.push((
        "bomb",
        craft_bundle(&a, &a_key, &honest, Some(vec![b'x'; 200_000_000]), |h| {
            h.payload_raw_bytes = 64
        }),
    ));
    let mut oversized = change(&a, 101, "need", "");
    oversized.value = Some("z".repeat(70_000));
    cases.push((
        "oversized field",
        craft_bundle(&a, &a_key, &[oversized], None, |_| {}),
    ));
    cases.push((
        "unknown field",
        craft_bundle(
            &a,
            &a_key,
            &[change(&a, 102, "colour", "red")],
            None,
            |_| {},
        ),
    ));
    // An unknown kind of record: patch the encoded kind name in the payload.
    let mut raw = Vec::new();
    relais::sync::format::encode_change(&change(&a, 103, "title", "x"), &mut raw);
    let at = raw.windows(7).position(|w| w == b"request").unwrap();
    raw[at..at + 7].copy_from_slice(b"rocket!");
    cases.push((
        "unknown entity",
        craft_bundle(&a, &a_key, &honest, Some(raw), |_| {}),
    ));
    cases.push((
        "foreign change",
        craft_bundle(&a, &a_key, &[change(&b, 1, "title", "x")], None, |_| {}),
    ));
    let before = r.digest("L");
    for (name, bytes) in &cases {
        let path = r.file(&format!("{}.rb", name.replace(' ', "-")));
        std::fs::write(&path, bytes).unwrap();
        for command in ["import", "verify"] {
            let out = r.cmd("L", &[command, &path.display().to_string()]).code(3);
            let stderr = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
            assert_eq!(stderr.lines().count(), 1, "{name}: {stderr}");
            assert!(stderr.starts_with("relais: "), "{name}: {stderr}");
        }
        assert_eq!(r.digest("L"), before, "{name} changed the lead");
    }
    // A directory.
    let out = r
        .cmd("L", &["import", &r.dir().display().to_string()])
        .code(3);
    assert!(String::from_utf8_lossy(&out.get_output().stderr).contains("directory"));
    // The unknown sender is named with its fingerprint and how to enrol it.
    let out = r
        .cmd("L", &["import", &r.path("unknown-sender.rb")])
        .code(3);
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(
        stderr.contains("ffffffffffffffff") && stderr.contains("relais trust"),
        "{stderr}"
    );
    // Several files: the good one is imported, the bad ones named, exit 3.
    let out = r
        .cmd(
            "L",
            &[
                "import",
                &r.path("empty.rb"),
                &r.path("good.rb"),
                &r.path("bomb.rb"),
            ],
        )
        .code(3);
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert_eq!(stderr.lines().count(), 2, "{stderr}");
    let after_good = r.digest("L");
    assert_ne!(after_good, before);
    // A replay is a clean no-op.
    r.ok("L", &["import", &r.path("good.rb")]);
    assert_eq!(r.digest("L"), after_good);
    // A revoked site's bundles are refused.
    r.ok("A", &["add", "request", "title=Encore"]);
    r.ok("A", &["export", "--out", &r.path("late.rb")]);
    r.ok("L", &["revoke", &a]);
    let revoked = r.digest("L");
    let out = r.cmd("L", &["import", &r.path("late.rb")]).code(3);
    assert!(String::from_utf8_lossy(&out.get_output().stderr).contains("revoked"));
    assert_eq!(r.digest("L"), revoked);
}

#[test]
fn a_restored_copy_that_kept_writing_is_refused_as_a_fork() {
    let r = region();
    r.ok("A", &["add", "request", "title=Carte"]);
    r.send("A", "L", "a1.rb");
    std::fs::copy(r.db("A"), r.db("A2")).unwrap();
    std::fs::copy(r.file("A.db.key"), r.file("A2.db.key")).unwrap();
    r.ok("A", &["add", "request", "title=Original"]);
    r.ok("A2", &["add", "request", "title=Copie"]);
    r.send("A", "L", "a2.rb");
    let before = r.digest("L");
    r.ok("A2", &["export", "--full", "--out", &r.path("fork.rb")]);
    let out = r.cmd("L", &["import", &r.path("fork.rb")]).code(3);
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(
        stderr.contains(&r.site("A")) && stderr.contains("new identity"),
        "{stderr}"
    );
    assert_eq!(r.digest("L"), before);
}
