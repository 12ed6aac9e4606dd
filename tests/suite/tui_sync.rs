//! The Synchronisation screen driven through `update(Action)`: enrolling a
//! site from its card, exporting a bundle for the selected site, importing a
//! bundle with a preview first and the import in the background, then the
//! summary and the new records; revoking a site. Snapshots at 80×24.

use crate::tui_support;

use relais::app::ui::{Action, Model, Overlay, Tab, View, settle, update};
use relais::app::{App, Assignment, Config};
use relais::domain::{Kind, TrustStatus};
use relais::i18n::Lang;
use tui_support::{card, clock, network, open, screen, trust_each_other, wait_until_idle};

/// The screen with what changes from run to run (temporary paths, keys,
/// site ids) replaced by placeholders.
fn stable(model: &Model, dir: &std::path::Path) -> String {
    let mut text = screen(model).replace(&dir.display().to_string(), "<tmp>");
    if let Some(preview) = &model.sync.preview {
        let bytes = relais::i18n::format_number(model.lang, preview.bytes as f64, 0);
        text = text.replace(&format!("({bytes} "), "(<n> ");
    }
    for row in model.sync.trust.iter().flatten() {
        if let Some(fingerprint) = &row.fingerprint {
            text = text.replace(fingerprint, "<empreinte>");
        }
        text = text.replace(&row.site, "<site>");
    }
    text
}

/// Opens the Synchronisation screen and selects the site named `name`;
/// gives its row's index.
fn select_site(model: &mut Model, name: &str) -> usize {
    update(model, Action::Screen(7));
    settle(model);
    let rows = model.sync.trust.as_ref().expect("sites");
    let at = rows
        .iter()
        .position(|row| row.name == name)
        .unwrap_or_else(|| panic!("no site {name}"));
    for _ in 0..at {
        update(model, Action::Down);
        settle(model);
    }
    at
}

fn type_path(model: &mut Model, path: &std::path::Path) {
    update(model, Action::ClearField);
    for c in path.display().to_string().chars() {
        update(model, Action::Type(c));
    }
}

#[test]
fn the_lead_enrols_a_site_from_its_card_on_the_screen() {
    let net = network();
    let epn_card = card(&net.epn);
    let mut model = open(&net.lead, Lang::Fr);
    update(&mut model, Action::Screen(7));
    settle(&mut model);
    assert_eq!(model.view, View::Sync);
    update(&mut model, Action::Enrol);
    settle(&mut model);
    assert!(matches!(model.overlay, Overlay::Prompt(_)));
    type_path(&mut model, &epn_card);
    update(&mut model, Action::Open);
    settle(&mut model);
    // The card is read, not trusted yet: the screen names it and its key's
    // fingerprint, and asks.
    let Overlay::Confirm(confirm) = &model.overlay else {
        panic!(
            "a confirmation, not {:?} ({:?})",
            model.overlay, model.notice
        );
    };
    let question = confirm.question.render(Lang::Fr);
    let fingerprint = &model
        .sync
        .pending_card
        .as_ref()
        .expect("pending")
        .card
        .fingerprint;
    assert!(question.contains("EPN de Digne"), "{question}");
    assert!(question.contains(fingerprint.as_str()), "{question}");
    let before = model.app.as_ref().expect("app").trust_list().expect("list");
    assert!(
        before
            .iter()
            .filter(|row| row.name == "EPN de Digne")
            .all(|row| row.status == TrustStatus::Known),
        "nothing trusted before the yes: {before:?}"
    );
    update(&mut model, Action::Yes);
    settle(&mut model);
    assert_eq!(model.overlay, Overlay::None, "{:?}", model.notice);
    let rows = model.sync.trust.as_ref().expect("sites");
    let epn = rows
        .iter()
        .find(|row| row.name == "EPN de Digne")
        .expect("the EPN");
    assert_eq!(epn.status, TrustStatus::Enrolled);
    let app = model.app.as_ref().expect("app");
    let site = app
        .test_store()
        .site_entry(&epn.site)
        .expect("read")
        .expect("site record");
    assert!(site.enrolled_on.is_some(), "enrolled for the region");
    insta::assert_snapshot!("sync_enrolled_fr", stable(&model, net.dir.path()));
}

#[test]
fn a_bundle_is_previewed_then_imported_and_its_records_appear() {
    let net = network();
    trust_each_other(&net);
    // The EPN records a new request and exports for its lead.
    let bundle = net.dir.path().join("digne.rb");
    {
        let mut epn = App::open(&net.epn, Config::default(), clock()).expect("open");
        epn.add(
            Kind::Request,
            &[
                Assignment::new("title", "Inventaire des fontaines"),
                Assignment::new("departement", "04"),
            ],
        )
        .expect("request");
        epn.export_bundle(None, false, &bundle, &mut |_| {})
            .expect("export");
    }
    let mut model = open(&net.lead, Lang::Fr);
    update(&mut model, Action::Screen(7));
    settle(&mut model);
    update(&mut model, Action::Import);
    settle(&mut model);
    let Overlay::Prompt(prompt) = &model.overlay else {
        panic!("no prompt")
    };
    assert!(
        prompt.suggestions.iter().any(|s| s.ends_with("digne.rb")),
        "bundles beside the database are offered: {:?}",
        prompt.suggestions
    );
    type_path(&mut model, &bundle);
    update(&mut model, Action::Open);
    settle(&mut model);
    let preview = model.sync.preview.as_ref().expect("preview");
    assert_eq!(preview.sender_name, "EPN de Digne");
    assert!(preview.new_changes >= 1);
    assert!(
        preview
            .new_by_kind
            .iter()
            .any(|(kind, _)| *kind == Kind::Request),
        "{:?}",
        preview.new_by_kind
    );
    assert!(matches!(model.overlay, Overlay::Confirm(_)));
    insta::assert_snapshot!("sync_preview_fr", stable(&model, net.dir.path()));
    // Nothing written before the confirmation.
    let before = model
        .app
        .as_ref()
        .expect("app")
        .test_store()
        .change_count()
        .expect("count");
    update(&mut model, Action::Yes);
    settle(&mut model);
    assert!(model.busy(), "the import runs in the background");
    wait_until_idle(&mut model);
    assert!(model.sync.preview.is_none());
    assert!(!model.sync.summary.is_empty());
    let after = model
        .app
        .as_ref()
        .expect("app")
        .test_store()
        .change_count()
        .expect("count");
    assert!(after > before);
    update(&mut model, Action::Tick);
    settle(&mut model);
    insta::assert_snapshot!("sync_imported_en", {
        let mut english = open(&net.lead, Lang::En);
        update(&mut english, Action::Screen(7));
        english.sync.summary = model.sync.summary.clone();
        stable(&english, net.dir.path())
    });
    // The dashboard now says when a bundle last came from the EPN.
    update(&mut model, Action::Screen(0));
    settle(&mut model);
    update(&mut model, Action::Tick);
    settle(&mut model);
    let dashboard = model.home.dashboard.as_ref().expect("figures");
    let exchange = dashboard
        .exchanges
        .iter()
        .find(|e| e.name == "EPN de Digne")
        .expect("an exchange with the EPN");
    assert!(exchange.last_received_ms.is_some());
    assert!(screen(&model).contains("EPN de Digne : envoyé —, reçu aujourd'hui"));
    update(&mut model, Action::Screen(1));
    settle(&mut model);
    assert_eq!(model.tab, Tab::Records(relais::app::ui::Screen::Requests));
    let app = model.app.as_ref().expect("app");
    let titles: Vec<String> = app
        .test_store()
        .list(Kind::Request)
        .expect("list")
        .into_iter()
        .map(|r| r.label().to_string())
        .collect();
    assert!(titles.iter().any(|t| t == "Inventaire des fontaines"));
}

#[test]
fn the_lead_exports_for_the_selected_site_and_can_revoke_it() {
    let net = network();
    trust_each_other(&net);
    let mut model = open(&net.lead, Lang::Fr);
    let at = select_site(&mut model, "EPN de Digne");
    update(&mut model, Action::Export);
    settle(&mut model);
    let Overlay::Prompt(prompt) = &model.overlay else {
        panic!("no prompt: {:?}", model.notice)
    };
    let text = prompt.text.as_str();
    assert!(text.ends_with(".rb"), "{text}");
    let out = net.dir.path().join("pour-digne.rb");
    type_path(&mut model, &out);
    update(&mut model, Action::Open);
    // The export runs in the background; the prompt is gone meanwhile.
    assert!(
        matches!(model.overlay, Overlay::None),
        "{:?}",
        model.overlay
    );
    wait_until_idle(&mut model);
    settle(&mut model);
    assert!(out.exists(), "{:?}", model.notice);
    assert!(
        model
            .sync
            .summary
            .iter()
            .any(|line| line.message.key == "tui.sync.exported"),
        "{:?}",
        model.sync.summary
    );
    let rows = model.sync.trust.as_ref().expect("reloaded");
    assert!(rows[at].last_sent_ms.is_some(), "the export is remembered");
    let mut epn = App::open(&net.epn, Config::default(), clock()).expect("open");
    let outcome = epn.import_bundle(&out, &mut |_| {}).expect("import");
    assert!(!outcome.replay);

    update(&mut model, Action::Revoke);

    settle(&mut model);
    assert!(matches!(model.overlay, Overlay::Confirm(_)));
    update(&mut model, Action::Yes);
    settle(&mut model);
    let rows = model.sync.trust.as_ref().expect("reloaded");
    assert_eq!(rows[at].status, TrustStatus::Revoked);
}

#[test]
fn an_import_that_fails_in_the_background_says_so_on_the_screen() {
    let net = network();
    trust_each_other(&net);
    let bundle = net.dir.path().join("digne.rb");
    {
        let mut epn = App::open(&net.epn, Config::default(), clock()).expect("open");
        epn.export_bundle(None, false, &bundle, &mut |_| {})
            .expect("export");
    }
    let mut model = open(&net.lead, Lang::En);
    update(&mut model, Action::Screen(7));
    settle(&mut model);
    update(&mut model, Action::Import);
    type_path(&mut model, &bundle);
    update(&mut model, Action::Open);
    settle(&mut model);
    assert!(model.sync.preview.is_some(), "{:?}", model.notice);
    // The bundle is damaged between the preview and the confirmation.
    let mut bytes = std::fs::read(&bundle).expect("read");
    let middle = bytes.len() / 2;
    bytes.truncate(middle);
    std::fs::write(&bundle, bytes).expect("write");
    update(&mut model, Action::Yes);
    wait_until_idle(&mut model);
    settle(&mut model);
    let text = screen(&model);
    assert!(text.contains("✗ The import failed:"), "{text}");
    assert!(model.sync.preview.is_none());
    assert!(model.notice.as_ref().is_some_and(|notice| notice.error));
}

#[test]
fn a_site_known_without_a_key_says_so_instead_of_an_empty_fingerprint() {
    let net = network();
    // A bare site record, as a registry or a relayed record leaves it: no
    // key, no enrolment.
    let site = {
        let mut app = App::open(&net.lead, Config::default(), clock()).unwrap();
        let mut writer = app.test_store_mut().writer("Léa").unwrap();
        let id = writer.create(Kind::Site);
        writer
            .insert_new(
                Kind::Site,
                &id,
                &[
                    ("name", "EPN sans clé".to_string()),
                    ("role", "epn".to_string()),
                ],
            )
            .unwrap();
        writer.commit().unwrap();
        id
    };
    let mut model = open(&net.lead, Lang::Fr);
    let at = select_site(&mut model, "EPN sans clé");
    let rows = model.sync.trust.as_ref().expect("sites");
    assert_eq!(rows[at].status, TrustStatus::Known);
    let text = screen(&model);
    assert!(
        text.contains(&format!("Aucune clé connue · site {site}")),
        "{text}"
    );
    assert!(!text.contains("Empreinte :  ·"), "{text}");
    // The command line's list keeps its columns and shows a dash.
    let listed = assert_cmd::Command::cargo_bin("relais")
        .unwrap()
        .env("RELAIS_CONFIG", "/dev/null")
        .env("LANG", "C.UTF-8")
        .args(["--db", net.lead.to_str().unwrap(), "trust", "--list"])
        .output()
        .unwrap();
    let listed = String::from_utf8(listed.stdout).unwrap();
    let line = listed
        .lines()
        .find(|line| line.contains("EPN sans clé"))
        .unwrap_or_else(|| panic!("{listed}"));
    let cells: Vec<&str> = line.split_whitespace().collect();
    assert_eq!(cells[..3], [site.as_str(), "—", "epn"], "{listed}");
    // In JSON, no key is `null`, not an empty fingerprint.
    let rows = App::open(&net.lead, Config::default(), clock())
        .unwrap()
        .trust_list()
        .unwrap();
    let row = rows.iter().find(|row| row.site == site).unwrap();
    assert_eq!(
        serde_json::to_value(row).unwrap()["fingerprint"],
        serde_json::Value::Null
    );
}

/// At 60 columns the site column narrows so that the dates keep their room
/// (the header was cut at « Rec… »).
#[test]
fn the_sites_table_fits_sixty_columns() {
    let net = network();
    trust_each_other(&net);
    let mut model = open(&net.lead, Lang::Fr);
    model.size = (60, 16);
    update(&mut model, Action::Screen(7));
    settle(&mut model);
    let text = screen(&model);
    let header = text
        .lines()
        .find(|line| line.contains("Envoyé"))
        .unwrap_or_else(|| panic!("no header:\n{text}"));
    assert!(header.trim_end().ends_with("Reçu"), "{text}");
    assert!(!header.contains('…'), "{text}");
}

/// A lead that knows no site yet, on the Synchronisation screen.
fn lead_with_no_site() -> (tempfile::TempDir, Model) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("lead.db");
    tui_support::site(&path, "Coordination régionale", "13", "regional", "Lina");
    let mut model = open(&path, Lang::Fr);
    update(&mut model, Action::Screen(7));
    settle(&mut model);
    (dir, model)
}

#[test]
fn a_lead_with_no_site_yet_reads_one_sentence_under_no_column_titles() {
    let (_dir, model) = lead_with_no_site();
    let text = screen(&model);
    assert!(text.contains("Aucun site connu"), "{text}");
    assert!(
        !text.contains("Envoyé"),
        "column titles over no rows:\n{text}"
    );
}

#[test]
fn exporting_with_no_site_yet_says_to_enrol_one_not_to_pick_it() {
    let (_dir, mut model) = lead_with_no_site();
    update(&mut model, Action::Export);
    settle(&mut model);
    assert_eq!(model.overlay, Overlay::None);
    let text = screen(&model);
    assert!(
        text.contains("Aucun site à qui écrire : inscrivez-en d'abord un depuis sa carte."),
        "{text}"
    );
}
