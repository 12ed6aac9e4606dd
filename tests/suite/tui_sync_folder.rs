//! Synchronisation a non-specialist cannot get wrong, driven through
//! `update(Action)` at 80×24 in French: syncing with a folder that holds
//! three bundles, one already imported (the totals first, two imported, one
//! left aside in words, this site's bundle written under a name that carries
//! both sites and never overwrites); enrolling a card after seeing its
//! fingerprint; Tab completing a path; one's own bundle refused in words;
//! a long refusal wrapped whole; this site's card written from the screen.

use crate::tui_support;

use relais::app::ui::{Action, Model, Overlay, Tab, View, settle, update};
use relais::app::{App, Assignment, Config};
use relais::domain::{Kind, TrustStatus};
use relais::i18n::Lang;
use std::path::{Path, PathBuf};
use tui_support::{Network, card, clock, network, open, screen, site, trust_each_other};

/// The screen with what changes from run to run replaced by placeholders.
fn stable(model: &Model, dir: &Path) -> String {
    // The folder's path at its own width, so that lines wrap and borders
    // stand where users see them.
    let mut text = masked(&screen(model), &dir.display().to_string(), "tmp");
    for row in model.sync.trust.iter().flatten() {
        if let Some(fingerprint) = &row.fingerprint {
            text = masked(&text, fingerprint, "empreinte");
        }
        text = masked(&text, &row.site, "site");
    }
    if let Some(pending) = &model.sync.pending_card {
        text = masked(&text, &pending.card.fingerprint, "empreinte");
    }
    text
}

/// `text` with `secret` (a key's fingerprint, a site id: the same length
/// on every run) replaced by `<name___>` as wide as it, so that the
/// snapshot keeps the borders and line breaks the user sees.
fn masked(text: &str, secret: &str, name: &str) -> String {
    let fill = secret.chars().count().saturating_sub(name.len() + 2);
    text.replace(secret, &format!("<{name}{}>", "_".repeat(fill)))
}

fn type_text(model: &mut Model, text: &str) {
    update(model, Action::ClearField);
    for c in text.chars() {
        update(model, Action::Type(c));
    }
}

fn sync_screen(path: &Path) -> Model {
    let mut model = open(path, Lang::Fr);
    update(&mut model, Action::Screen(Tab::Sync.index() as u8));
    settle(&mut model);
    assert_eq!(model.view, View::Sync);
    // No removable media in a test: the folders are typed.
    model.sync.media.clear();
    model
}

fn prompt_text(model: &Model) -> String {
    match &model.overlay {
        Overlay::Prompt(prompt) => prompt.text.as_str().to_string(),
        other => panic!("a prompt, not {other:?} ({:?})", model.notice),
    }
}

fn question(model: &Model) -> String {
    match &model.overlay {
        Overlay::Confirm(confirm) => confirm.question.render(Lang::Fr),
        other => panic!("a confirmation, not {other:?} ({:?})", model.notice),
    }
}

fn add_request(app: &mut App, title: &str) {
    app.add(
        Kind::Request,
        &[
            Assignment::new("title", title),
            Assignment::new("departement", "04"),
        ],
    )
    .expect("request");
}

fn files_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("read dir")
        .map(|entry| {
            entry
                .expect("entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    names.sort();
    names
}

/// The EPN writes three bundles for its lead into `usb`, the lead imports
/// the first one beforehand.
fn three_bundles(net: &tui_support::Network, usb: &Path) -> Vec<PathBuf> {
    let mut epn = App::open(&net.epn, Config::default(), clock()).expect("open");
    let mut bundles = Vec::new();
    for (n, title) in [
        "Inventaire des fontaines",
        "Carte des lavoirs",
        "Sentier des moulins",
    ]
    .into_iter()
    .enumerate()
    {
        add_request(&mut epn, title);
        let path = usb.join(format!(
            "relais-epn-de-digne-vers-coordination-regionale-2026-11-2{n}-1.rb"
        ));
        epn.export_bundle(None, false, &path, &mut |_| {})
            .expect("export");
        bundles.push(path);
        // Distinct modification times: oldest first is the import order.
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let mut lead = App::open(&net.lead, Config::default(), clock()).expect("open");
    lead.import_bundle(&bundles[0], &mut |_| {})
        .expect("first import");
    bundles
}

#[test]
fn the_lead_syncs_with_a_folder_of_three_bundles_one_already_imported() {
    let net = network();
    trust_each_other(&net);
    let usb = net.dir.path().join("usb");
    std::fs::create_dir(&usb).expect("usb");
    let bundles = three_bundles(&net, &usb);
    let mut model = sync_screen(&net.lead);
    let before = model
        .app
        .as_ref()
        .expect("app")
        .test_store()
        .change_count()
        .expect("count");

    update(&mut model, Action::SyncFolder);
    settle(&mut model);
    assert_eq!(
        prompt_text(&model),
        "",
        "nothing mounted: the folder is typed"
    );
    type_text(&mut model, &usb.display().to_string());
    update(&mut model, Action::Open);
    settle(&mut model);
    // The totals first: two bundles to import, one already imported, and
    // the changes they bring counted once (the third holds the second's).
    let plan = model.sync.folder_plan.clone().expect("a plan");
    assert_eq!(plan.to_import.len(), 2);
    assert_eq!(plan.already_imported(), 1);
    let asked = question(&model);
    assert!(asked.contains("2 paquets à importer"), "{asked}");
    assert!(asked.contains("déjà importés : 1"), "{asked}");
    assert!(
        asked.contains(&format!("({} modifications nouvelles)", plan.new_changes())),
        "{asked}"
    );
    assert!(asked.contains("destiné au site EPN de Digne"), "{asked}");
    insta::assert_snapshot!("sync_folder_plan_fr", stable(&model, net.dir.path()));
    let unchanged = model
        .app
        .as_ref()
        .expect("app")
        .test_store()
        .change_count()
        .expect("count");
    assert_eq!(unchanged, before, "nothing written before the yes");

    update(&mut model, Action::Yes);
    settle(&mut model);
    assert_eq!(model.overlay, Overlay::None, "{:?}", model.notice);
    let after = model
        .app
        .as_ref()
        .expect("app")
        .test_store()
        .change_count()
        .expect("count");
    assert_eq!(
        after - before,
        plan.new_changes(),
        "the preview's total is what came in"
    );
    let lines: Vec<String> = model
        .sync
        .summary
        .iter()
        .map(|line| line.message.render(Lang::Fr))
        .collect();
    assert_eq!(
        lines.iter().filter(|l| l.contains(" » importé : ")).count(),
        2,
        "{lines:#?}"
    );
    let first = bundles[0]
        .file_name()
        .unwrap()
        .to_string_lossy()
        .into_owned();
    assert!(
        lines.contains(&format!("« {first} » déjà importé : laissé de côté")),
        "{lines:#?}"
    );
    // The lead wrote one bundle for its enrolled EPN, named after both.
    let written = "relais-coordination-regionale-vers-epn-de-digne-2026-11-26-1.rb";
    assert!(
        files_in(&usb).contains(&written.to_string()),
        "{:?}",
        files_in(&usb)
    );
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("Écrit pour le site EPN de Digne : « relais-coordination")),
        "{lines:#?}"
    );
    insta::assert_snapshot!("sync_folder_done_fr", stable(&model, net.dir.path()));

    // A second sync the same day: nothing left to import, and the new
    // bundle takes the next number instead of overwriting the first.
    let first_bytes = std::fs::read(usb.join(written)).expect("first");
    update(&mut model, Action::SyncFolder);
    type_text(&mut model, &usb.display().to_string());
    update(&mut model, Action::Open);
    let asked = question(&model);
    assert!(asked.contains("0 paquet à importer"), "{asked}");
    assert!(asked.contains("déjà importés : 3"), "{asked}");
    update(&mut model, Action::Yes);
    settle(&mut model);
    let names = files_in(&usb);
    assert!(
        names.contains(
            &"relais-coordination-regionale-vers-epn-de-digne-2026-11-26-2.rb".to_string()
        ),
        "{names:?}"
    );
    assert_eq!(
        std::fs::read(usb.join(written)).expect("first"),
        first_bytes
    );
}

#[test]
fn the_epn_syncs_with_the_folder_the_lead_wrote_and_skips_its_own() {
    let net = network();
    trust_each_other(&net);
    let usb = net.dir.path().join("usb");
    std::fs::create_dir(&usb).expect("usb");
    let own = three_bundles(&net, &usb);
    // The lead syncs first: it imports the EPN's bundles and writes its own.
    let mut lead = sync_screen(&net.lead);
    update(&mut lead, Action::SyncFolder);
    type_text(&mut lead, &usb.display().to_string());
    update(&mut lead, Action::Open);
    update(&mut lead, Action::Yes);
    settle(&mut lead);
    let mut model = sync_screen(&net.epn);
    update(&mut model, Action::SyncFolder);
    type_text(&mut model, &usb.display().to_string());
    update(&mut model, Action::Open);
    let plan = model.sync.folder_plan.clone().expect("a plan");
    assert_eq!(plan.to_import.len(), 1, "the lead's bundle");
    assert_eq!(plan.aside.len(), own.len(), "its own three, left aside");
    update(&mut model, Action::Yes);
    settle(&mut model);
    let lines: Vec<String> = model
        .sync
        .summary
        .iter()
        .map(|line| line.message.render(Lang::Fr))
        .collect();
    assert_eq!(
        lines
            .iter()
            .filter(|l| l.contains("est un paquet de ce site : laissé de côté"))
            .count(),
        3,
        "{lines:#?}"
    );
    assert!(
        lines.iter().any(|l| l.starts_with("Écrit pour le site Coordination régionale : « relais-epn-de-digne-vers-coordination-regionale-2026-11-26-1.rb »")),
        "{lines:#?}"
    );
}

#[test]
fn enrolling_shows_the_fingerprint_above_the_confirmation() {
    let net = network();
    let epn_card = card(&net.epn);
    let mut model = sync_screen(&net.lead);
    update(&mut model, Action::Enrol);
    type_text(&mut model, &epn_card.display().to_string());
    update(&mut model, Action::Open);
    settle(&mut model);
    let fingerprint = model
        .sync
        .pending_card
        .as_ref()
        .expect("pending")
        .card
        .fingerprint
        .clone();
    assert!(question(&model).contains(&fingerprint));
    // The fingerprint is on the screen itself, not under the box.
    let drawn = screen(&model);
    let line = drawn
        .lines()
        .find(|line| line.contains("Empreinte de sa clé"))
        .expect("a fingerprint line");
    assert!(line.contains(&fingerprint), "{drawn}");
    insta::assert_snapshot!("sync_folder_enrol_fr", stable(&model, net.dir.path()));
    update(&mut model, Action::Yes);
    settle(&mut model);
    let rows = model.sync.trust.as_ref().expect("sites");
    let epn = rows
        .iter()
        .find(|row| row.name == "EPN de Digne")
        .expect("EPN");
    assert_eq!(epn.status, TrustStatus::Enrolled);
}

#[test]
fn tab_completes_a_path_in_the_prompt() {
    let net = network();
    let usb = net.dir.path().join("usb");
    std::fs::create_dir_all(usb.join("sauvegardes")).expect("dirs");
    std::fs::write(
        usb.join("relais-epn-de-gap-vers-coordination-regionale-2026-11-26-1.rb"),
        b"x",
    )
    .expect("file");
    std::fs::write(
        usb.join("relais-epn-de-gap-vers-coordination-regionale-2026-11-26-2.rb"),
        b"x",
    )
    .expect("file");
    let mut model = sync_screen(&net.lead);
    update(&mut model, Action::Import);
    assert_eq!(prompt_text(&model), "", "never pre-filled");
    // A folder gets its slash.
    type_text(&mut model, &format!("{}/sau", usb.display()));
    update(&mut model, Action::NextField);
    assert_eq!(
        prompt_text(&model),
        format!("{}/sauvegardes/", usb.display())
    );
    // Two files: what they share, and both listed.
    type_text(&mut model, &format!("{}/rel", usb.display()));
    update(&mut model, Action::NextField);
    assert_eq!(
        prompt_text(&model),
        format!(
            "{}/relais-epn-de-gap-vers-coordination-regionale-2026-11-26-",
            usb.display()
        )
    );
    let Overlay::Prompt(prompt) = &model.overlay else {
        panic!("prompt")
    };
    assert_eq!(prompt.suggestions.len(), 2);
    update(&mut model, Action::Type('2'));
    update(&mut model, Action::NextField);
    assert!(prompt_text(&model).ends_with("-2.rb"));
    // Nothing matches: said under the line.
    type_text(&mut model, &format!("{}/zzz", usb.display()));
    update(&mut model, Action::NextField);
    assert!(screen(&model).contains("Aucun fichier ni dossier ne commence par"));
}

#[test]
fn importing_ones_own_bundle_is_refused_in_words() {
    let net = network();
    trust_each_other(&net);
    let own = net
        .dir
        .path()
        .join("relais-coordination-regionale-vers-epn-de-digne-2026-11-26-1.rb");
    {
        let mut lead = App::open(&net.lead, Config::default(), clock()).expect("open");
        lead.export_bundle(None, false, &own, &mut |_| {})
            .expect("export");
    }
    let mut model = sync_screen(&net.lead);
    update(&mut model, Action::Import);
    let Overlay::Prompt(prompt) = &model.overlay else {
        panic!("prompt")
    };
    assert!(prompt.text.as_str().is_empty(), "never pre-filled");
    assert!(
        !prompt
            .suggestions
            .iter()
            .any(|s| s.ends_with(".rb") && s.contains("coordination-regionale-to")),
        "its own bundle is not offered: {:?}",
        prompt.suggestions
    );
    type_text(&mut model, &own.display().to_string());
    update(&mut model, Action::Open);
    let Overlay::Prompt(prompt) = &model.overlay else {
        panic!("the prompt stays open")
    };
    let error = prompt.error.as_ref().expect("a reason").render(Lang::Fr);
    assert!(error.contains("a été écrit par ce site-ci"), "{error}");
    assert!(!error.contains("signature"), "{error}");
}

#[test]
fn a_long_refusal_wraps_whole_at_80_columns() {
    let net = network();
    // A site nobody enrolled writes a bundle.
    let stranger = net.dir.path().join("gap.db");
    site(&stranger, "EPN de Gap", "05", "epn", "Inès");
    let bundle = net
        .dir
        .path()
        .join("relais-epn-de-gap-vers-region-2026-11-26-1.rb");
    {
        let mut gap = App::open(&stranger, Config::default(), clock()).expect("open");
        add_request(&mut gap, "Ateliers numériques");
        gap.export_bundle(None, false, &bundle, &mut |_| {})
            .expect("export");
    }
    let mut model = sync_screen(&net.lead);
    update(&mut model, Action::Import);
    type_text(&mut model, &bundle.display().to_string());
    update(&mut model, Action::Open);
    let Overlay::Prompt(prompt) = &model.overlay else {
        panic!("the prompt stays open")
    };
    let error = prompt.error.as_ref().expect("a reason").render(Lang::Fr);
    assert!(error.contains("site inconnu"), "{error}");
    // Every word of the reason is on the screen.
    let drawn = screen(&model);
    let flat: String = drawn.split_whitespace().collect::<Vec<_>>().join(" ");
    let tail = error.split_whitespace().rev().take(4).collect::<Vec<_>>();
    for word in tail {
        assert!(flat.contains(word), "{word} missing:\n{drawn}");
    }
    assert!(!drawn.contains('…'), "nothing cut:\n{drawn}");
    insta::assert_snapshot!("sync_folder_wrapped_error_fr", {
        let mut text = stable(&model, net.dir.path());
        let identity = App::open(&stranger, Config::default(), clock()).expect("open");
        for card in identity.trust_list().expect("list") {
            text = masked(&text, &card.site, "site");
            if let Some(fingerprint) = &card.fingerprint {
                text = masked(&text, fingerprint, "empreinte");
            }
        }
        text
    });
}

#[test]
fn this_sites_card_is_written_from_the_screen() {
    let net = network();
    for (db, words) in [
        (&net.epn, "remettez-la au coordinateur"),
        (&net.lead, "remettez-la à chaque EPN"),
    ] {
        let mut model = sync_screen(db);
        update(&mut model, Action::ExportCard);
        let suggested = prompt_text(&model);
        assert!(suggested.ends_with(".json"), "{suggested}");
        update(&mut model, Action::Open);
        settle(&mut model);
        assert_eq!(model.overlay, Overlay::None, "{:?}", model.notice);
        assert!(Path::new(&suggested).is_file(), "{suggested}");
        let said = model.sync.summary[0].message.render(Lang::Fr);
        assert!(said.contains(words), "{said}");
        if db == &net.lead {
            assert!(!said.contains("au coordinateur"), "{said}");
        }
    }
}

/// `relais` run on `db` in French, at the fixture's date.
fn relais(db: &Path, args: &[&str]) -> std::process::Output {
    let mut cmd = assert_cmd::Command::cargo_bin("relais").expect("binary");
    for var in ["LANGUAGE", "LC_ALL", "LC_MESSAGES"] {
        cmd.env_remove(var);
    }
    cmd.env("LANG", "fr_FR.UTF-8")
        .env("RELAIS_DB", db)
        .env("RELAIS_CONFIG", db.with_extension("toml"))
        .env("RELAIS_NOW", tui_support::NOW)
        .args(args)
        .output()
        .expect("runs")
}

/// An EPN and its lead that trust each other, and an empty folder for
/// their bundles.
fn enrolled_with_a_stick() -> (Network, PathBuf) {
    let net = network();
    trust_each_other(&net);
    let usb = net.dir.path().join("usb");
    std::fs::create_dir(&usb).expect("usb");
    (net, usb)
}

#[test]
fn the_command_line_syncs_with_a_folder_through_the_same_use_case() {
    let (net, usb) = enrolled_with_a_stick();
    let usb_text = usb.display().to_string();
    let epn = relais(&net.epn, &["sync", &usb_text]);
    let said = String::from_utf8_lossy(&epn.stdout).into_owned();
    assert!(
        epn.status.success(),
        "{said}{}",
        String::from_utf8_lossy(&epn.stderr)
    );
    assert!(said.contains(": 0 paquet à importer"), "{said}");
    let written = "relais-epn-de-digne-vers-coordination-regionale-2026-11-26-1.rb";
    assert!(
        said.contains(&format!(
            "Écrit pour le site Coordination régionale : « {written} »"
        )),
        "{said}"
    );
    let lead = relais(&net.lead, &["sync", &usb_text]);
    let said = String::from_utf8_lossy(&lead.stdout).into_owned();
    assert!(
        lead.status.success(),
        "{said}{}",
        String::from_utf8_lossy(&lead.stderr)
    );
    assert!(said.contains(": 1 paquet à importer"), "{said}");
    assert!(
        said.contains(&format!("« {written} » importé : ")),
        "{said}"
    );
    assert!(said.contains("Écrit pour le site EPN de Digne"), "{said}");
    // Its own bundle, imported by hand: refused in words, exit 1.
    let own = usb.join(written);
    let again = relais(&net.epn, &["import", &own.display().to_string()]);
    assert_eq!(again.status.code(), Some(1));
    let error = String::from_utf8_lossy(&again.stderr).into_owned();
    assert!(error.contains("a été écrit par ce site-ci"), "{error}");
    // Not a folder: said so.
    let refused = relais(&net.epn, &["sync", &own.display().to_string()]);
    assert_eq!(refused.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("n'est pas un dossier"));
}

/// With no removable disk, `s` asks for a folder and says why in full: the
/// question wraps inside the box (it was cut after « /mnt) »).
#[test]
fn the_folder_question_wraps_whole_inside_its_box() {
    let net = network();
    let mut model = sync_screen(&net.lead);
    update(&mut model, Action::SyncFolder);
    assert!(
        matches!(model.overlay, Overlay::Prompt(_)),
        "{:?}",
        model.overlay
    );
    let text = screen(&model);
    assert!(text.contains("(dans /media, /run/media, /mnt)"), "{text}");
    assert!(text.contains("tapez le chemin d'un dossier."), "{text}");
    assert!(!text.contains("/mnt) …"), "{text}");
}

/// The word between the two sites in a bundle's file name is the reader's:
/// `vers` in French (above), `to` in English; the lead reads either.
#[test]
fn bundle_file_names_are_in_the_readers_language() {
    let (net, usb) = enrolled_with_a_stick();
    let usb_text = usb.display().to_string();
    let epn = relais(&net.epn, &["--lang", "en", "sync", &usb_text]);
    assert!(epn.status.success(), "{epn:?}");
    let written = "relais-epn-de-digne-to-coordination-regionale-2026-11-26-1.rb";
    assert!(usb.join(written).is_file(), "{epn:?}");
    let lead = relais(&net.lead, &["sync", &usb_text]);
    let said = String::from_utf8_lossy(&lead.stdout).into_owned();
    assert!(
        said.contains(&format!("« {written} » importé : ")),
        "{said}"
    );
    assert!(
        usb.join("relais-coordination-regionale-vers-epn-de-digne-2026-11-26-1.rb")
            .is_file(),
        "{said}"
    );
}
