//! Erasure through the real binary: a person purged on EPN A reaches the lead
//! and two other EPNs; old bundles (written before the purge) and a stale
//! site's edit arriving afterwards never bring the person back. A byte scan
//! of every replica's database, WAL and SHM files and of every bundle written
//! after the purge (payload decompressed) finds neither name nor e-mail;
//! `check` passes, report totals are unchanged, digests are equal. Rights:
//! an EPN cannot purge another site's record.

use crate::region_support;

use region_support::Region;
use serde_json::Value;
use std::path::{Path, PathBuf};

const NAME: &str = "Zoé Effaçable-Durand";
const RENAMED: &str = "Zoé Effaçable";
const EMAIL: &str = "zoe.effacable@example.org";
const OTHER_EMAIL: &str = "zoe.perso@example.net";

/// The figures of the year's report that must survive a purge.
fn report_totals(region: &Region, db: &str) -> Vec<Value> {
    let report = region.json(db, &["report", "--year", "2026", "--json"]);
    let hours: f64 = report["developers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|developer| developer["hours"].as_f64().unwrap())
        .sum();
    let workshops: u64 = report["areas"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|area| area["departement"].is_null())
        .map(|area| area["workshops"].as_u64().unwrap())
        .sum();
    vec![
        report["budget_spent"].clone(),
        report["finances"]["hours"].clone(),
        report["finances"]["spent"].clone(),
        Value::from(hours),
        Value::from(workshops),
    ]
}

/// A lead L and EPNs A, B and C, trusting each other as the runbook says.
fn region() -> Region {
    Region::runbook(&["A", "B", "C"])
}

/// The bytes of a file, with a bundle's payload decompressed and appended
/// (values travel compressed: a plain scan would never see them).
fn readable_bytes(path: &Path) -> Vec<u8> {
    let mut bytes = std::fs::read(path).unwrap_or_default();
    if bytes.starts_with(b"RELAIS\x1aB") && bytes.len() > 14 {
        let header_len = u32::from_le_bytes(bytes[10..14].try_into().unwrap()) as usize;
        let payload = &bytes[14 + header_len + 64..];
        let raw = zstd::stream::decode_all(payload).expect("bundle payload decompresses");
        bytes.extend_from_slice(&raw);
    }
    bytes
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|window| window == needle.as_bytes())
}

/// Every needle absent from every file given (existing or not).
fn assert_erased(files: &[PathBuf]) {
    for file in files {
        let bytes = readable_bytes(file);
        for needle in [NAME, RENAMED, "Effaçable", EMAIL, OTHER_EMAIL] {
            assert!(
                !contains(&bytes, needle),
                "{needle:?} still in {}",
                file.display()
            );
        }
    }
}

fn replica_files(region: &Region, sites: &[&str]) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for site in sites {
        let db = region.db(site);
        files.push(db.clone());
        for suffix in ["-wal", "-shm"] {
            let mut name = db.clone().into_os_string();
            name.push(suffix);
            files.push(PathBuf::from(name));
        }
    }
    files
}

#[test]
fn a_purge_reaches_every_replica_and_old_bundles_never_bring_the_person_back() {
    let r = region();
    let email = format!("email={EMAIL}");
    let id = r
        .ok(
            "A",
            &[
                "add",
                "developer",
                &format!("name={NAME}"),
                &email,
                "departement=04",
            ],
        )
        .trim()
        .to_string();
    r.ok("A", &["set", "developer", &id, &format!("name={RENAMED}")]);
    let developer = format!("developer={id}");
    r.ok(
        "A",
        &["add", "time", &developer, "date=2026-02-02", "hours=3"],
    );
    r.ok(
        "A",
        &["add", "time", &developer, "date=2026-02-09", "hours=4.5"],
    );
    r.ok(
        "A",
        &[
            "add",
            "workshop",
            "title=Atelier cartes",
            "date=2026-02-10",
            "participants=12",
        ],
    );
    // Everyone holds the person; the lead keeps a full bundle it never sent.
    r.send("A", "L", "old-a.rb");
    r.send("L", "B", "old-lb.rb");
    r.send("L", "C", "old-lc.rb");
    r.ok("L", &["export", "--full", "--out", &r.path("old-full.rb")]);
    // B, not yet aware of the purge, edits the e-mail (sent later: stale).
    r.ok(
        "B",
        &["set", "developer", &id, &format!("email={OTHER_EMAIL}")],
    );
    r.ok("B", &["export", "--out", &r.path("stale-b.rb")]);
    let totals = report_totals(&r, "L");
    assert!(r.ok("L", &["list", "developer"]).contains(RENAMED));
    // The scan sees the person where they still are (it would catch a leak).
    assert!(contains(&readable_bytes(&r.db("A")), EMAIL));
    assert!(contains(&readable_bytes(&r.db("B")), OTHER_EMAIL));
    assert!(contains(
        &readable_bytes(Path::new(&r.path("old-full.rb"))),
        RENAMED
    ));

    let purged = r.json("A", &["purge", "developer", &id, "--yes", "--json"]);
    assert_eq!(purged["kind"], "developer");
    assert!(purged["erased_changes"].as_u64().unwrap() >= 4);
    assert_erased(&replica_files(&r, &["A"]));

    // Through the lead to the two other EPNs.
    let mut after = Vec::new();
    for (from, to, name) in [("A", "L", "a.rb"), ("L", "B", "lb.rb"), ("L", "C", "lc.rb")] {
        r.send(from, to, name);
        after.push(PathBuf::from(r.path(name)));
    }
    // The stale edit reaches the lead after the purge, then goes round.
    r.ok("L", &["import", &r.path("stale-b.rb")]);
    for (from, to, name) in [
        ("L", "A", "la.rb"),
        ("L", "B", "lb2.rb"),
        ("L", "C", "lc2.rb"),
        ("B", "L", "b2.rb"),
    ] {
        r.send(from, to, name);
        after.push(PathBuf::from(r.path(name)));
    }
    // Old bundles again everywhere: replays, and a full one never seen.
    r.ok("L", &["import", &r.path("old-a.rb")]);
    r.ok("B", &["import", &r.path("old-lb.rb")]);
    r.ok("C", &["import", &r.path("old-lc.rb")]);
    for site in ["A", "B", "C"] {
        r.ok(site, &["import", &r.path("old-full.rb")]);
    }
    // Bundles written after all that carry no value of the person either.
    r.ok(
        "L",
        &["export", "--full", "--out", &r.path("full-after.rb")],
    );
    after.push(PathBuf::from(r.path("full-after.rb")));
    r.ok(
        "B",
        &["export", "--full", "--out", &r.path("b-full-after.rb")],
    );
    after.push(PathBuf::from(r.path("b-full-after.rb")));

    let sites = ["L", "A", "B", "C"];
    let mut files = replica_files(&r, &sites);
    files.extend(after);
    assert_erased(&files);
    let digest = r.digest("L");
    for site in sites {
        r.ok(site, &["check"]);
        assert_eq!(r.digest(site), digest, "digest of {site}");
        assert_eq!(report_totals(&r, site), totals, "report totals of {site}");
        let times = r.ok(site, &["list", "time"]);
        assert!(times.contains("erased person"), "{site}: {times}");
        let audit = r.json(site, &["purge", "--audit", "--json"]);
        assert_eq!(audit.as_array().unwrap().len(), 1, "{site}");
        assert_eq!(audit[0]["record"], id.as_str());
        assert_eq!(audit[0]["author"], "Ana");
        assert_eq!(audit[0]["kind"], "developer");
        assert_eq!(audit[0]["site_name"], "EPN A", "{site}");
        let listed = r.ok(site, &["purge", "--audit"]);
        assert!(listed.contains("EPN A"), "{site}: {listed}");
    }
    // A purged person cannot be edited back in.
    let refused = r
        .cmd("L", &["set", "developer", &id, "name=Zoé"])
        .failure()
        .code(1);
    let stderr = String::from_utf8_lossy(&refused.get_output().stderr).into_owned();
    assert!(stderr.contains("erased"), "{stderr}");
}

#[test]
fn an_epn_cannot_purge_another_sites_record_and_nothing_changes() {
    let r = region();
    let id = r
        .ok(
            "A",
            &[
                "add",
                "developer",
                &format!("name={NAME}"),
                &format!("email={EMAIL}"),
            ],
        )
        .trim()
        .to_string();
    r.send("A", "L", "a.rb");
    r.send("L", "B", "lb.rb");
    let digest = r.digest("B");
    let refused = r
        .cmd("B", &["purge", "developer", &id, "--yes"])
        .failure()
        .code(1);
    let stderr = String::from_utf8_lossy(&refused.get_output().stderr).into_owned();
    assert!(stderr.contains("regional lead"), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert_eq!(r.digest("B"), digest);
    assert!(r.ok("B", &["list", "developer"]).contains(NAME));
    assert_eq!(
        r.json("B", &["purge", "--audit", "--json"]),
        Value::Array(vec![])
    );
    // Answering anything but yes cancels, exit 1, nothing changed.
    let cancelled = r
        .command("A", &["purge", "developer", &id])
        .write_stdin("non\n")
        .assert()
        .failure()
        .code(1);
    let stderr = String::from_utf8_lossy(&cancelled.get_output().stderr).into_owned();
    assert!(
        stderr.contains(NAME),
        "the question names the person: {stderr}"
    );
    assert!(r.ok("A", &["list", "developer"]).contains(NAME));
    // The lead may purge it; so may A, its creator.
    r.ok("L", &["purge", "developer", &id, "--yes"]);
    assert!(r.ok("L", &["list", "developer"]).contains("erased person"));
    // A kind without personal data is refused by the grammar.
    r.cmd("L", &["purge", "request", &id, "--yes"])
        .failure()
        .code(2);
}

use crate::tui_support;

use relais::app::ui::{Action, Overlay, Screen, Tab, View, update};
use relais::app::{App, Config};
use relais::domain::Kind;
use relais::i18n::Lang;
use tui_support::{a, clock, keys, screen, site};

#[test]
fn p_on_a_developer_asks_the_lead_naming_the_person_then_erases_them() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("relais.db");
    site(&path, "Coordination", "13", "regional", "Léa");
    let mut app = App::open(&path, Config::default(), clock()).unwrap();
    let id = app
        .add(
            Kind::Developer,
            &[
                a("name", RENAMED),
                a("email", EMAIL),
                a("departement", "04"),
            ],
        )
        .unwrap();
    app.add(
        Kind::Time,
        &[
            a("developer", &id),
            a("date", "2026-02-02"),
            a("hours", "3"),
        ],
    )
    .unwrap();
    drop(app);
    let mut model = tui_support::open(&path, Lang::Fr);
    keys(
        &mut model,
        &[Action::Screen(
            Tab::Records(Screen::Developers).index() as u8
        )],
    );
    let row = (0..10)
        .find(|&index| {
            model
                .list()
                .row(index)
                .is_some_and(|record| record.id == id)
        })
        .expect("listed");
    keys(&mut model, &[Action::Select(row), Action::Open]);
    assert!(matches!(model.view, View::Detail(_)));
    update(&mut model, Action::Purge);
    assert!(matches!(model.overlay, Overlay::Confirm(_)), "asked first");
    let text = screen(&model);
    assert!(
        text.contains(&format!("Effacer définitivement « {RENAMED} »")),
        "{text}"
    );
    // No: nothing erased.
    update(&mut model, Action::No);
    assert!(
        !App::open(&path, Config::default(), clock())
            .unwrap()
            .is_purged(&id)
            .unwrap()
    );
    update(&mut model, Action::Purge);
    update(&mut model, Action::Yes);
    let text = screen(&model);
    assert!(text.contains("personne effacée"), "{text}");
    let app = App::open(&path, Config::default(), clock()).unwrap();
    assert!(app.is_purged(&id).unwrap());
    assert_eq!(app.purge_audit().unwrap().len(), 1);
    drop(app);
    drop(model);
    assert_erased(&replica_files_at(&path));
}

fn replica_files_at(db: &Path) -> Vec<PathBuf> {
    ["", "-wal", "-shm"]
        .iter()
        .map(|suffix| {
            let mut name = db.as_os_str().to_owned();
            name.push(suffix);
            PathBuf::from(name)
        })
        .collect()
}
