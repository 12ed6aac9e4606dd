//! Many bundles in one `relais import` (issue 13 item 2: "opens, checks and
//! plans once", one transaction per bundle). Real bundle files written by
//! sites with real keys, imported by the real binary into a real database:
//! N bundles in one command end in the same state digest as the same
//! bundles imported one by one; a tampered one in the middle is refused
//! alone (exit 3, one line naming it) and the others land; a lead's bundle
//! revoking a site in the middle of the run refuses that site's later
//! bundle in the same run (what the run reads once is read again after a
//! bundle that writes site records).

use crate::cli_support;
use crate::sync_support;

use cli_support::Env;
use relais::domain::Kind;
use std::path::{Path, PathBuf};
use sync_support::{Site, full};

/// An EPN that writes `requests` requests, one of them edited twice.
fn epn(index: u8, requests: usize) -> Site {
    let mut site = Site::new(index, "epn");
    let mut writer = site.store.writer("op").unwrap();
    for n in 0..requests {
        let id = writer.create(Kind::Request);
        let title = format!("Demande {n} de {}", site.name);
        writer
            .set(Kind::Request, &id, "title", Some(&title))
            .unwrap();
        if n == 0 {
            writer
                .set(
                    Kind::Request,
                    &id,
                    "title",
                    Some(&format!("{title} (revu)")),
                )
                .unwrap();
        }
    }
    writer.commit().unwrap();
    site
}

/// `site`'s card in `dir`, trusted by `env` (as its lead for a lead).
fn trust(env: &Env, dir: &Path, site: &Site) {
    let card = dir.join(format!("{}.card", site.id));
    std::fs::write(&card, site.card().to_json()).unwrap();
    let card = card.display().to_string();
    if site.role == "regional" {
        env.ok(&["trust", &card, "--as-lead"]);
    } else {
        env.ok(&["trust", &card]);
    }
}

/// Another site whose database is a copy of `env`'s (the same site, the
/// same state), to import the same bundles another way.
fn twin(env: &Env) -> Env {
    let twin = Env::new();
    let files = |db: &Path| -> Vec<PathBuf> {
        let dir = db.parent().unwrap();
        let stem = db.file_name().unwrap().to_string_lossy().into_owned();
        std::fs::read_dir(dir)
            .unwrap()
            .map(|entry| entry.unwrap().path())
            .filter(|path| {
                path.file_name()
                    .unwrap()
                    .to_string_lossy()
                    .starts_with(&stem)
            })
            .collect()
    };
    for path in files(&twin.db) {
        std::fs::remove_file(path).unwrap();
    }
    let into = twin.db.parent().unwrap().to_path_buf();
    for path in files(&env.db) {
        std::fs::copy(&path, into.join(path.file_name().unwrap())).unwrap();
    }
    assert_eq!(digest(&twin), digest(env));
    twin
}

/// The site's state digest (as `status` says it).
fn digest(env: &Env) -> serde_json::Value {
    env.json(&["status", "--json"])["digest"].clone()
}

fn text(path: &Path) -> String {
    path.display().to_string()
}

/// `env` imports `bundles` in one command; returns the exit code and stderr.
fn import_all(env: &Env, bundles: &[PathBuf]) -> (Option<i32>, String) {
    let mut args = vec!["import".to_string()];
    args.extend(bundles.iter().map(|path| text(path)));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let output = env.cmd(&args).output().unwrap();
    (
        output.status.code(),
        String::from_utf8(output.stderr).unwrap(),
    )
}

/// Five EPNs' bundles (anyone may read them) in a folder, and two copies
/// of a site trusting them all: one to import them in one command, one to
/// import them one by one.
struct Five {
    _dir: tempfile::TempDir,
    bundles: Vec<PathBuf>,
    many: Env,
    one: Env,
}

fn five_bundles() -> Five {
    let dir = tempfile::tempdir().unwrap();
    let many = Env::new();
    let bundles = (1..=5u8)
        .map(|index| {
            let site = epn(index, 4 + usize::from(index));
            trust(&many, dir.path(), &site);
            site.export(dir.path(), &format!("e{index}.rb"), full())
        })
        .collect();
    let one = twin(&many);
    Five {
        _dir: dir,
        bundles,
        many,
        one,
    }
}

#[test]
fn bundles_in_one_command_land_as_they_do_one_by_one() {
    let five = five_bundles();
    let (bundles, many, one) = (&five.bundles, &five.many, &five.one);

    let (code, stderr) = import_all(many, bundles);
    assert_eq!(code, Some(0), "{stderr}");
    for bundle in bundles {
        one.ok(&["import", &text(bundle)]);
    }
    assert_eq!(digest(many), digest(one));
    let status = many.json(&["status", "--json"]);
    assert_eq!(status["counts"]["request"], 5 + 6 + 7 + 8 + 9);
    assert_eq!(status["counts"], one.json(&["status", "--json"])["counts"]);
    many.ok(&["check"]);

    // Again in one command: every bundle a clean replay, nothing changes.
    let before = digest(many);
    let (code, stderr) = import_all(many, bundles);
    assert_eq!(code, Some(0), "{stderr}");
    assert_eq!(digest(many), before);
}

#[test]
fn a_tampered_bundle_in_the_middle_is_refused_alone() {
    let five = five_bundles();
    let (bundles, many, one) = (&five.bundles, &five.many, &five.one);
    // The third bundle's payload is damaged: its hash no longer matches.
    let mut bytes = std::fs::read(&bundles[2]).unwrap();
    let last = bytes.len() - 1;
    bytes[last] ^= 0x55;
    std::fs::write(&bundles[2], bytes).unwrap();

    let (code, stderr) = import_all(many, bundles);
    assert_eq!(code, Some(3), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "one line, for e3.rb: {stderr}");
    assert!(stderr.contains("e3.rb"), "{stderr}");
    // The four others landed, exactly as if imported one by one.
    for (index, bundle) in bundles.iter().enumerate() {
        if index != 2 {
            one.ok(&["import", &text(bundle)]);
        }
    }
    assert_eq!(digest(many), digest(one));
    let requests = many.ok(&["list", "request"]);
    assert!(requests.contains("de Site 2") && requests.contains("de Site 4"));
    assert!(!requests.contains("de Site 3"), "{requests}");
    many.ok(&["check"]);
}

#[test]
fn a_revocation_in_the_run_refuses_the_sites_later_bundle_in_the_same_run() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    let mut lead = Site::new(0, "regional");
    let mut site = epn(1, 1);
    lead.trust(&site);
    site.trust(&lead);
    let many = Env::new();
    trust(&many, dir, &lead);
    // The lead's first bundle enrols the EPN here; the EPN writes, the lead
    // revokes it and says so in its second bundle; the EPN writes again.
    let enrolment = lead.export(dir, "l1.rb", full());
    let before = site.export(dir, "a1.rb", full());
    relais::sync::trust::revoke(&mut lead.store, &site.id, "op").unwrap();
    let revocation = lead.export(dir, "l2.rb", full());
    {
        let mut writer = site.store.writer("op").unwrap();
        let id = writer.create(Kind::Request);
        writer
            .set(Kind::Request, &id, "title", Some("Écrite après"))
            .unwrap();
        writer.commit().unwrap();
    }
    let after = site.export(dir, "a2.rb", full());
    let bundles = [enrolment, before, revocation, after];
    let one = twin(&many);

    let (code, stderr) = import_all(&many, &bundles);
    assert_eq!(code, Some(3), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.contains("a2.rb") && stderr.contains("revoked"),
        "{stderr}"
    );
    let requests = many.ok(&["list", "request"]);
    assert!(requests.contains("de Site 1"), "{requests}");
    assert!(!requests.contains("Écrite après"), "{requests}");
    // One by one: the same three land, the same one is refused.
    for bundle in &bundles[..3] {
        one.ok(&["import", &text(bundle)]);
    }
    one.cmd(&["import", &text(&bundles[3])]).assert().code(3);
    assert_eq!(digest(&many), digest(&one));
}
