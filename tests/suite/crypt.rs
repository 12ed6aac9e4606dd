//! Encrypted bundles through the real binary: a lead L and EPNs A and B made
//! with `init`, bundles encrypted to the addressee's age recipient (from its
//! card) or to a passphrase, read back by the addressee; the wrong site, the
//! wrong passphrase and altered ciphertext each refused in one line with exit
//! code 3 and the database unchanged (digest and change count); and the
//! standard `age` tool decrypting a Relais bundle that then verifies. On
//! the Synchronisation screen, the export prompt offers encryption (Tab).

use crate::region_support;
use crate::tui_support;

use region_support::Region;
use relais::app::ui::{Action, Overlay, settle, update};
use relais::app::{App, Config};
use relais::i18n::Lang;
use serde_json::Value;

const PASSPHRASE: &str = "cheval correct agrafe pile";

/// What the encryption tests ask of a region beyond the shared commands.
trait Encrypted {
    fn ok_with_passphrase(&self, db: &str, args: &[&str], passphrase: &str) -> String;
    fn state(&self, db: &str) -> (String, u64);
    fn refused(&self, db: &str, args: &[&str], passphrase: Option<&str>) -> String;
}

impl Encrypted for Region {
    fn ok_with_passphrase(&self, db: &str, args: &[&str], passphrase: &str) -> String {
        let out = self
            .command(db, args)
            .env("RELAIS_PASSPHRASE", passphrase)
            .assert()
            .success();
        String::from_utf8_lossy(&out.get_output().stdout).into_owned()
    }

    /// Digest and change count: what must not move when a bundle is refused.
    fn state(&self, db: &str) -> (String, u64) {
        let status = self.json(db, &["status", "--json"]);
        (
            status["digest"].as_str().unwrap().to_string(),
            status["changes"].as_u64().unwrap(),
        )
    }

    /// Runs a command that must refuse a bundle: exit 3, one line on stderr.
    fn refused(&self, db: &str, args: &[&str], passphrase: Option<&str>) -> String {
        let mut command = self.command(db, args);
        if let Some(passphrase) = passphrase {
            command.env("RELAIS_PASSPHRASE", passphrase);
        }
        let out = command.assert().code(3);
        let stderr = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
        assert_eq!(stderr.trim_end().lines().count(), 1, "{stderr}");
        stderr
    }
}

/// A lead L and EPNs A and B that trust each other through their cards,
/// a person recorded at A.
fn region() -> Region {
    let region = Region::runbook(&["A", "B"]);
    region.ok("A", &["add", "developer", "name=Zoé Martin"]);
    region
}

/// The age recipient written in a site's identity file.
fn recipient_of(region: &Region, db: &str) -> String {
    let text = std::fs::read_to_string(region.file(&format!("{db}.db.age"))).unwrap();
    text.lines()
        .find_map(|line| line.strip_prefix("# public key: "))
        .unwrap()
        .to_string()
}

#[test]
fn an_encrypted_bundle_reaches_its_addressee_only() {
    let r = region();
    let out = r.ok("A", &["export", "--out", &r.path("a.rb"), "--encrypt"]);
    assert!(
        out.contains("Encrypted for Coordination (and this site)."),
        "{out}"
    );
    let bytes = std::fs::read(r.file("a.rb")).unwrap();
    assert!(bytes.starts_with(b"age-encryption.org/v1\n"));
    let text = String::from_utf8_lossy(&bytes);
    assert!(!text.contains("Zoé") && !text.contains("EPN A") && !text.contains("RELAIS"));
    // The card carries the recipient, signed.
    let card: Value =
        serde_json::from_str(&std::fs::read_to_string(r.file("L.card")).unwrap()).unwrap();
    assert_eq!(card["recipient"].as_str().unwrap(), recipient_of(&r, "L"));

    let verified = r.json("L", &["verify", &r.path("a.rb"), "--json"]);
    assert_eq!(verified["sender_name"], "EPN A");
    let before = r.state("L");
    r.ok("L", &["import", &r.path("a.rb")]);
    assert!(r.state("L").1 > before.1);
    r.ok("L", &["check"]);
    // Imported again: a replay, as for a plain bundle.
    let again = r.ok("L", &["import", &r.path("a.rb")]);
    assert!(again.contains("imported already"), "{again}");

    // B is not the addressee: refused, naming B's own recipient.
    let before = r.state("B");
    let err = r.refused("B", &["import", &r.path("a.rb")], None);
    assert!(err.contains("not for this site"), "{err}");
    assert!(err.contains(&recipient_of(&r, "B")), "{err}");
    assert_eq!(r.state("B"), before);
    let err = r.refused("B", &["verify", &r.path("a.rb")], None);
    assert!(err.contains("not for this site"), "{err}");
}

#[test]
fn a_passphrase_bundle_round_trips_and_a_wrong_passphrase_is_refused() {
    let r = region();
    let l = r.site("L");
    let out = r.ok_with_passphrase(
        "A",
        &[
            "export",
            "--out",
            &r.path("p.rb"),
            "--to",
            &l,
            "--passphrase",
        ],
        PASSPHRASE,
    );
    assert!(out.contains("Encrypted with a passphrase"), "{out}");
    assert!(
        std::fs::read(r.file("p.rb"))
            .unwrap()
            .starts_with(b"age-encryption.org/v1\n")
    );
    let before = r.state("L");
    let err = r.refused(
        "L",
        &["import", &r.path("p.rb")],
        Some("not the passphrase"),
    );
    assert!(err.contains("wrong passphrase"), "{err}");
    assert_eq!(r.state("L"), before);
    r.ok_with_passphrase("L", &["verify", &r.path("p.rb")], PASSPHRASE);
    r.ok_with_passphrase("L", &["import", &r.path("p.rb")], PASSPHRASE);
    assert!(r.state("L").1 > before.1);
}

#[test]
fn altered_ciphertext_is_refused_with_nothing_written() {
    let r = region();
    let l = r.site("L");
    r.ok(
        "A",
        &["export", "--out", &r.path("a.rb"), "--to", &l, "--encrypt"],
    );
    r.ok_with_passphrase(
        "A",
        &[
            "export",
            "--out",
            &r.path("p.rb"),
            "--to",
            &l,
            "--passphrase",
        ],
        PASSPHRASE,
    );
    let before = r.state("L");
    let recipient = recipient_of(&r, "L");
    for (name, passphrase, expected) in [
        ("a.rb", None, recipient.as_str()),
        ("p.rb", Some(PASSPHRASE), "passphrase"),
    ] {
        let bytes = std::fs::read(r.file(name)).unwrap();
        // One bit in the payload, then one in the header's MAC line.
        let payload = bytes.len() - 20;
        let mac = bytes.windows(4).position(|w| w == b"\n---").unwrap() + 6;
        for at in [payload, mac] {
            let mut altered = bytes.clone();
            altered[at] ^= 1;
            std::fs::write(r.file("altered.rb"), &altered).unwrap();
            let err = r.refused("L", &["import", &r.path("altered.rb")], passphrase);
            assert!(err.contains("altered or damaged"), "{name}@{at}: {err}");
            assert!(err.contains(expected), "{name}@{at}: {err}");
            assert_eq!(r.state("L"), before, "{name}@{at}");
        }
        // Cut short: refused too.
        std::fs::write(r.file("short.rb"), &bytes[..bytes.len() - 10]).unwrap();
        r.refused("L", &["import", &r.path("short.rb")], passphrase);
        assert_eq!(r.state("L"), before);
    }
}

#[test]
fn a_site_known_by_an_old_card_gets_no_encrypted_bundle_until_it_sends_a_new_one() {
    let r = region();
    r.init("C", "EPN C", "04", "epn", "Léa");
    r.ok("C", &["identity", "export", "--out", &r.path("C.card")]);
    // A card from a Relais older than encryption: no recipient.
    let mut card: Value =
        serde_json::from_str(&std::fs::read_to_string(r.file("C.card")).unwrap()).unwrap();
    let object = card.as_object_mut().unwrap();
    object.remove("recipient");
    object.remove("recipient_signature");
    std::fs::write(r.file("C.old.card"), card.to_string()).unwrap();
    r.ok("L", &["trust", &r.path("C.old.card")]);
    let c = r.site("C");
    let out = r
        .command(
            "L",
            &["export", "--out", &r.path("c.rb"), "--to", &c, "--encrypt"],
        )
        .assert()
        .code(1);
    let err = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(
        err.contains("EPN C") && err.contains("ask it for a new card"),
        "{err}"
    );
    assert!(!r.file("c.rb").exists());
    // The new card brings the recipient; the export goes through.
    r.ok("L", &["trust", &r.path("C.card")]);
    r.ok(
        "L",
        &["export", "--out", &r.path("c.rb"), "--to", &c, "--encrypt"],
    );
    r.ok("C", &["trust", &r.path("L.card"), "--as-lead"]);
    r.ok("C", &["import", &r.path("c.rb")]);
}

#[test]
fn keys_are_private_files_and_an_older_installation_gets_its_identity_on_first_need() {
    let r = region();
    #[cfg(unix)]
    for name in ["A.db", "A.db.key", "A.db.age"] {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(r.file(name))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600, "{name}");
    }
    let identity = std::fs::read_to_string(r.file("A.db.age")).unwrap();
    assert!(identity.lines().any(|l| l.starts_with("AGE-SECRET-KEY-1")));
    // An installation from before encryption has no identity file yet.
    std::fs::remove_file(r.file("A.db.age")).unwrap();
    r.ok("A", &["identity", "export", "--out", &r.path("A2.card")]);
    let card = std::fs::read_to_string(r.file("A2.card")).unwrap();
    assert!(card.contains(&recipient_of(&r, "A")));
}

#[test]
fn the_age_tool_decrypts_a_relais_bundle_which_then_verifies() {
    let available = std::process::Command::new("age")
        .arg("--version")
        .output()
        .is_ok_and(|out| out.status.success());
    if !available {
        assert!(
            std::env::var_os("CI").is_none(),
            "the age tool is missing under CI (.ci/run installs it)"
        );
        eprintln!("skipped: the age command-line tool is not installed (apt-get install age)");
        return;
    }
    let r = region();
    r.ok("A", &["export", "--out", &r.path("a.rb"), "--encrypt"]);
    let out = std::process::Command::new("age")
        .args(["-d", "-i", &r.path("L.db.age"), "-o", &r.path("plain.rb")])
        .arg(r.file("a.rb"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        std::fs::read(r.file("plain.rb"))
            .unwrap()
            .starts_with(b"RELAIS")
    );
    let verified = r.json("L", &["verify", &r.path("plain.rb"), "--json"]);
    assert_eq!(verified["valid"], true);
    assert_eq!(verified["sender_name"], "EPN A");
    // And B's identity does not open it.
    let out = std::process::Command::new("age")
        .args(["-d", "-i", &r.path("B.db.age"), "-o", &r.path("no.rb")])
        .arg(r.file("a.rb"))
        .output()
        .unwrap();
    assert!(!out.status.success());
}

#[test]
fn the_export_prompt_offers_encryption_and_the_result_says_for_whom() {
    use relais::app::sync_ops::on_removable_media;
    assert!(on_removable_media(std::path::Path::new(
        "/media/ana/CLE/x.rb"
    )));
    assert!(on_removable_media(std::path::Path::new(
        "/run/media/ana/CLE/x.rb"
    )));
    assert!(!on_removable_media(std::path::Path::new("/home/ana/x.rb")));
    let net = tui_support::network();
    // Cards from this Relais carry the age recipient.
    let mut lead = App::open(&net.lead, Config::default(), tui_support::clock()).unwrap();
    let mut epn = App::open(&net.epn, Config::default(), tui_support::clock()).unwrap();
    let epn_card = net.dir.path().join("epn.card");
    let lead_card = net.dir.path().join("lead.card");
    epn.export_card(&epn_card).unwrap();
    lead.export_card(&lead_card).unwrap();
    lead.enrol_card(&epn_card, false).unwrap();
    epn.enrol_card(&lead_card, true).unwrap();
    drop(lead);

    let mut model = tui_support::open(&net.lead, Lang::Fr);
    update(&mut model, Action::Screen(7));
    settle(&mut model);
    let at = model
        .sync
        .trust
        .as_ref()
        .unwrap()
        .iter()
        .position(|row| row.name == "EPN de Digne")
        .unwrap();
    for _ in 0..at {
        update(&mut model, Action::Down);
        settle(&mut model);
    }
    update(&mut model, Action::Export);
    settle(&mut model);
    let Overlay::Prompt(prompt) = &model.overlay else {
        panic!("no prompt: {:?}", model.notice)
    };
    // On by default exactly when the suggested place is removable media.
    let first = prompt.suggestions.first().unwrap().clone();
    let default = on_removable_media(std::path::Path::new(&first));
    assert_eq!(prompt.encrypt, Some(default));
    if default {
        update(&mut model, Action::NextField);
    }
    let screen = tui_support::screen(&model);
    assert!(screen.contains("Non chiffré (Tab : chiffrer"), "{screen}");
    update(&mut model, Action::NextField);
    let screen = tui_support::screen(&model);
    assert!(
        screen.contains("Chiffré pour le destinataire (Tab : ne pas"),
        "{screen}"
    );

    let out = net.dir.path().join("pour-digne.rb");
    update(&mut model, Action::ClearField);
    for c in out.display().to_string().chars() {
        update(&mut model, Action::Type(c));
    }
    update(&mut model, Action::Open);
    tui_support::wait_until_idle(&mut model);
    settle(&mut model);
    assert!(
        std::fs::read(&out)
            .unwrap()
            .starts_with(b"age-encryption.org/v1\n"),
        "{:?}",
        model.notice
    );
    let said: Vec<String> = model
        .sync
        .summary
        .iter()
        .map(|line| line.message.render(Lang::Fr))
        .collect();
    assert!(
        said.iter()
            .any(|line| line == "Chiffré pour EPN de Digne (et ce site)."),
        "{said:?}"
    );
    // The EPN reads it with its own identity, nothing to type.
    let outcome = epn.import_bundle(&out, &mut |_| {}).unwrap();
    assert!(!outcome.replay && outcome.new_changes > 0);
}
