//! One door: the command line and the terminal UI reach data only through
//! `app`, so what one interface does the other sees, and both put a record
//! into the same words. Runs the real binary on real databases and draws the
//! real screens on a test backend.

use crate::region_support;
use crate::tui_support;

use region_support::Region;
use relais::app::ui::{Action, Model, View, settle, update};
use relais::app::{App, AppError, Config};
use relais::domain::Kind;
use relais::domain::clock::{Clock, FixedClock};
use relais::i18n::Lang;
use std::path::Path;
use std::sync::Arc;
use tui_support::screen;

const NOW: &str = "2026-11-26T10:00:00Z";

/// A folder with no site yet; commands in French on `NOW`.
fn french() -> Region {
    Region::empty().in_lang("fr_FR.UTF-8").at(Some(NOW))
}

/// A lead and an EPN that trust each other through their cards.
fn lead_and_epn() -> Region {
    let region = french();
    region.ok(
        "lead",
        &[
            "init",
            "--name",
            "Région Sud",
            "--departement",
            "13",
            "--role",
            "regional",
        ],
    );
    region.ok(
        "epn",
        &["init", "--name", "EPN de Digne", "--departement", "04"],
    );
    region.ok(
        "lead",
        &["identity", "export", "--out", &region.path("lead.card")],
    );
    region.ok(
        "epn",
        &["identity", "export", "--out", &region.path("epn.card")],
    );
    region.ok("lead", &["trust", &region.path("epn.card")]);
    region.ok("epn", &["trust", &region.path("lead.card"), "--as-lead"]);
    region
}

fn text(path: &Path) -> String {
    path.display().to_string()
}

fn clock() -> Arc<dyn Clock> {
    Arc::new(FixedClock::parse(NOW).expect("clock"))
}

fn open_model(db: &Path) -> Model {
    let mut model = Model::open(db, Config::default(), clock(), Lang::Fr, (80, 24)).expect("model");
    settle(&mut model);
    model
}

#[test]
fn an_export_from_the_command_line_shows_as_last_sent_in_the_ui() {
    let region = lead_and_epn();
    let bundle = region.file("epn-to-lead.rb");
    let before = open_model(&region.db("epn"));
    let dashboard = before.home.dashboard.as_ref().expect("dashboard");
    assert!(
        dashboard.exchanges.iter().all(|e| e.last_sent_ms.is_none()),
        "nothing sent yet: {:?}",
        dashboard.exchanges
    );

    region.ok("epn", &["export", "--out", &text(&bundle)]);

    let mut model = open_model(&region.db("epn"));
    let dashboard = model.home.dashboard.as_ref().expect("dashboard");
    let to_lead = dashboard
        .exchanges
        .iter()
        .find(|exchange| exchange.name == "Région Sud")
        .expect("the lead on the dashboard");
    assert!(to_lead.last_sent_ms.is_some(), "{to_lead:?}");
    assert!(
        screen(&model).contains("Région Sud : envoyé aujourd'hui"),
        "{}",
        screen(&model)
    );

    update(&mut model, Action::Screen(7));
    settle(&mut model);
    assert_eq!(model.view, View::Sync);
    let rows = model.sync.trust.as_ref().expect("sites");
    let lead = rows
        .iter()
        .find(|row| row.name == "Région Sud")
        .expect("lead row");
    assert!(lead.last_sent_ms.is_some());
    let sync_screen = screen(&model);
    let lead_line = sync_screen
        .lines()
        .find(|line| line.contains("Région Sud"))
        .expect("lead line");
    assert!(lead_line.contains("aujourd'hui"), "{sync_screen}");
}

#[test]
fn a_record_reads_the_same_on_the_command_line_and_in_the_ui() {
    let region = french();
    region.ok(
        "lead",
        &[
            "init",
            "--name",
            "Région Sud",
            "--departement",
            "13",
            "--role",
            "regional",
        ],
    );
    let budget = region.ok(
        "lead",
        &[
            "add",
            "budget",
            "year=2026",
            "amount=280000",
            "label=Enveloppe",
        ],
    );
    let budget = budget.trim();
    let org = region.ok(
        "lead",
        &[
            "add",
            "org",
            "name=Parc du Luberon",
            "kind=pnr",
            "departement=84",
        ],
    );
    let org = org.trim();

    let shown = region.ok("lead", &["show", "budget", budget]);
    assert!(shown.contains("280 000 €"), "CLI amount: {shown}");
    let shown_org = region.ok("lead", &["show", "org", org]);
    assert!(
        shown_org.contains("84 Vaucluse"),
        "CLI département: {shown_org}"
    );

    let app = App::open(&region.db("lead"), Config::default(), clock()).expect("open");
    let record = app.show(Kind::Budget, budget).expect("budget");
    assert_eq!(app.cell(Lang::Fr, &record, "amount"), "280 000 €");
    let record = app.show(Kind::Org, org).expect("org");
    assert_eq!(app.cell(Lang::Fr, &record, "departement"), "84 Vaucluse");

    let mut model = open_model(&region.db("lead"));
    update(&mut model, Action::Screen(4));
    settle(&mut model);
    update(&mut model, Action::Open);
    settle(&mut model);
    let detail = screen(&model);
    assert!(detail.contains("84 Vaucluse"), "TUI département: {detail}");
}

#[test]
fn a_refused_bundle_stays_a_refusal_through_app_and_exits_3() {
    let region = lead_and_epn();
    let stranger = french();
    stranger.ok("x", &["init", "--name", "Inconnu", "--departement", "05"]);
    stranger.ok("x", &["add", "request", "title=Carte"]);
    let bundle = region.file("stranger.rb");
    stranger.ok("x", &["export", "--out", &text(&bundle)]);

    let mut app = App::open(&region.db("lead"), Config::default(), clock()).expect("open");
    let digest = app.status().expect("status").digest;
    let err = app
        .import_bundle(&bundle, &mut |_| {})
        .expect_err("an unknown sender is refused");
    assert!(err.is_bundle_refusal(), "{err:?}");
    assert!(matches!(err, AppError::BundleRefused(_)));
    assert!(err.message().render(Lang::En).contains("stranger.rb"));
    assert!(
        app.verify_bundle(&bundle)
            .expect_err("refused")
            .is_bundle_refusal()
    );
    assert_eq!(app.status().expect("status").digest, digest);
    drop(app);

    let refused = region.cmd("lead", &["import", &text(&bundle)]).code(3);
    let stderr = String::from_utf8_lossy(&refused.get_output().stderr).into_owned();
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    region.cmd("lead", &["verify", &text(&bundle)]).code(3);
    // A missing card is not a bundle refusal.
    region
        .cmd("lead", &["trust", &region.path("missing.card")])
        .code(1);
}
