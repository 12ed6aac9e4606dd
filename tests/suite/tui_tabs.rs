//! The terminal UI's second part without a terminal: the dashboard, the
//! skills map, the conflicts screen and the synchronisation screen, on two
//! replicas (the regional lead and an EPN) that edited the same fields
//! concurrently and exchanged their changes, so that there are conflicts and
//! review items (a dangling reference, a duplicate SIRET, clock skew).
//! Snapshots at 80×24 in French, and English once; behaviour through
//! `update(Action)`.

use crate::tui_support;

use relais::app::ui::{Action, Overlay, Tab, View, settle, update};
use relais::app::{App, Config};
use relais::domain::Kind;
use relais::i18n::Lang;
use tui_support::{clock, keys, network, open, screen, trust_each_other};

// ---- snapshots -------------------------------------------------------------

#[test]
fn the_dashboard_draws_first_then_fills_on_the_first_tick() {
    let net = network();
    let mut model = open(&net.lead, Lang::Fr);
    assert_eq!(model.tab, Tab::Home, "the dashboard is the first screen");
    assert!(model.pending());
    let first = screen(&model);
    assert!(first.contains("Calcul des indicateurs…"), "{first}");
    update(&mut model, Action::Tick);
    settle(&mut model);
    assert!(!model.pending());
    insta::assert_snapshot!("home_lead_fr", screen(&model));
    let dashboard = model.home.dashboard.as_ref().expect("figures");
    assert!(dashboard.regional);
    assert_eq!(dashboard.attention.conflicts, 2);
    assert_eq!(dashboard.attention.dangling_references, 1);
    assert_eq!(dashboard.attention.duplicate_sirets, 2);
    assert_eq!(dashboard.attention.skewed_sites, vec!["EPN de Digne"]);
}

#[test]
fn the_epn_dashboard_shows_its_own_departement_in_english() {
    let net = network();
    let mut model = open(&net.epn, Lang::En);
    update(&mut model, Action::Tick);
    settle(&mut model);
    let dashboard = model.home.dashboard.as_ref().expect("figures");
    assert!(!dashboard.regional);
    assert_eq!(dashboard.indicators.departement.as_deref(), Some("04"));
    insta::assert_snapshot!("home_epn_en", screen(&model));
}

#[test]
fn the_skills_map_marks_gaps_and_drills_down_to_the_people() {
    let net = network();
    let mut model = open(&net.lead, Lang::Fr);
    update(&mut model, Action::Screen(5));
    settle(&mut model);
    assert_eq!(model.view, View::Skills);
    insta::assert_snapshot!("skills_fr", screen(&model));
    let grid = model.skills.grid.as_ref().expect("grid");
    let gaps = grid.gaps();
    assert!(
        gaps.contains(&("gis", "04", 1)),
        "Zoé was deleted on the lead: nobody for GIS in 04: {gaps:?}"
    );
    // Web development in 13: Yanis.
    let web = grid.skills.iter().position(|s| s == "web").expect("web");
    let col = grid
        .departements
        .iter()
        .position(|d| d == "13")
        .expect("13");
    keys(&mut model, &[Action::Top]);
    for _ in 0..web {
        update(&mut model, Action::Down);
        settle(&mut model);
    }
    for _ in 0..col {
        update(&mut model, Action::OptionNext);
        settle(&mut model);
    }
    update(&mut model, Action::Open);
    settle(&mut model);
    let drill = model.skills.drill.as_ref().expect("drill-down");
    assert_eq!(drill.people.len(), 1);
    assert_eq!(drill.people[0].name, "Yanis Benali");
    insta::assert_snapshot!("skills_drill_fr", screen(&model));
    update(&mut model, Action::Open);
    settle(&mut model);
    let View::Detail(detail) = &model.view else {
        panic!("no detail")
    };
    assert_eq!(detail.record.label(), "Yanis Benali");
    update(&mut model, Action::Back);
    settle(&mut model);
    assert_eq!(model.view, View::Skills, "back to the skills map");
}

#[test]
fn the_conflicts_screen_lists_conflicts_and_review_items_side_by_side() {
    let net = network();
    let mut model = open(&net.lead, Lang::Fr);
    update(&mut model, Action::Screen(8));
    settle(&mut model);
    let list = model.conflicts.list.as_ref().expect("list");
    // The dangling reference names its field in words and the missing
    // record by its short id (random: masked in the snapshot).
    let dangling = list
        .review
        .iter()
        .find(|row| row.reason.code() == "dangling_reference")
        .expect("a dangling reference");
    let missing = relais::app::short_id(&dangling.detail).to_string();
    let text = screen(&model);
    assert!(
        text.contains(&format!("fiche liée absente : Organisation → {missing}")),
        "{text}"
    );
    insta::assert_snapshot!("conflicts_fr", text.replace(&missing, "<absente>"));
    assert_eq!(list.conflicts.len(), 2);
    let reasons: Vec<&str> = list.review.iter().map(|r| r.reason.code()).collect();
    assert!(reasons.contains(&"dangling_reference"), "{reasons:?}");
    assert!(reasons.contains(&"duplicate_siret"), "{reasons:?}");
    assert!(reasons.contains(&"clock_skew"), "{reasons:?}");
    let title = list
        .conflicts
        .iter()
        .position(|row| row.field == "title")
        .expect("title conflict");
    for _ in 0..title {
        update(&mut model, Action::Down);
        settle(&mut model);
    }
    update(&mut model, Action::Open);
    settle(&mut model);
    insta::assert_snapshot!("conflict_open_fr", screen(&model));
    update(&mut model, Action::WriteValue);
    settle(&mut model);
    assert!(matches!(model.overlay, Overlay::Prompt(_)));
    insta::assert_snapshot!("conflict_prompt_fr", screen(&model));
}

/// A site with nothing to settle says so in one sentence (it printed a
/// row of zeros above the same sentence).
#[test]
fn the_conflicts_screen_of_a_quiet_site_is_one_sentence() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("relais.db");
    tui_support::site(&path, "EPN de Digne", "04", "epn", "Camille");
    let mut model = open(&path, Lang::Fr);
    update(&mut model, Action::Screen(8));
    settle(&mut model);
    let text = screen(&model);
    let body: Vec<&str> = text
        .lines()
        .skip(1)
        .filter(|line| !line.trim().is_empty())
        .collect();
    assert_eq!(
        body.first().copied(),
        Some("Aucun conflit ni élément à revoir."),
        "{text}"
    );
    assert!(!text.contains("0 conflit"), "{text}");
    // Nothing to open: the footer does not offer to.
    let footer = text.lines().last().unwrap_or_default();
    assert!(!footer.contains("Entrée"), "{text}");
    assert!(footer.contains("r recalculer"), "{text}");
}

// ---- behaviour ---------------------------------------------------------------

#[test]
fn resolving_from_the_screen_writes_a_change_on_all_heads_that_clears_the_other_replica() {
    let net = network();
    trust_each_other(&net);
    let mut model = open(&net.lead, Lang::Fr);
    update(&mut model, Action::Screen(8));
    settle(&mut model);
    let list = model.conflicts.list.as_ref().expect("list");
    let title = list
        .conflicts
        .iter()
        .position(|row| row.field == "title")
        .expect("title conflict");
    let heads: Vec<String> = list.conflicts[title]
        .heads
        .iter()
        .map(|head| head.change.clone())
        .collect();
    assert_eq!(heads.len(), 2);
    for _ in 0..title {
        update(&mut model, Action::Down);
        settle(&mut model);
    }
    // Keep the EPN's value (whichever column it is in).
    update(&mut model, Action::Open);
    settle(&mut model);
    let open = model.conflicts.open.as_ref().expect("open");
    let epn_column = open
        .row
        .heads
        .iter()
        .position(|head| head.site_name == "EPN de Digne")
        .expect("the EPN's head");
    for _ in 0..epn_column {
        update(&mut model, Action::OptionNext);
        settle(&mut model);
    }
    update(&mut model, Action::Keep);
    settle(&mut model);
    assert!(model.conflicts.open.is_none());
    let list = model.conflicts.list.as_ref().expect("reloaded");
    assert!(list.conflicts.iter().all(|row| row.field != "title"));
    drop(model);

    let lead = App::open(&net.lead, Config::default(), clock()).expect("open");
    let identity = lead.test_store().require_identity().expect("identity");
    let resolution = lead
        .test_store()
        .all_changes()
        .expect("log")
        .into_iter()
        .rfind(|c| c.id.site == identity.site && c.record == net.request && c.field == "title")
        .expect("the resolution");
    let mut parents: Vec<String> = resolution.parents.iter().map(|p| p.to_string()).collect();
    parents.sort();
    let mut expected = heads.clone();
    expected.sort();
    assert_eq!(parents, expected, "parents are all the heads");
    assert_eq!(
        resolution.value.as_deref(),
        Some("Données patrimoniales du parc")
    );

    let mut epn = App::open(&net.epn, Config::default(), clock()).expect("open");
    let before = epn.test_store().conflicts().expect("conflicts");
    assert!(
        before
            .iter()
            .any(|c| c.record == net.request && c.field == "title")
    );
    // The resolution travels in an ordinary bundle, lead → EPN.
    drop(lead);
    let mut lead = App::open(&net.lead, Config::default(), clock()).expect("open");
    let bundle = net.dir.path().join("to-epn.rb");
    let epn_site = epn.test_store().require_identity().expect("identity").site;
    lead.export_bundle(Some(&epn_site), false, &bundle, &mut |_| {})
        .expect("export");
    let outcome = epn.import_bundle(&bundle, &mut |_| {}).expect("import");
    assert!(outcome.resolved_conflicts >= 1, "{outcome:?}");
    let after = epn.test_store().conflicts().expect("conflicts");
    assert!(after.iter().all(|c| c.field != "title"), "{after:?}");
    let shown = epn
        .test_store()
        .record(Kind::Request, &net.request)
        .expect("read")
        .expect("request");
    assert_eq!(shown.get("title"), Some("Données patrimoniales du parc"));
}

#[test]
fn writing_another_value_resolves_and_a_deletion_conflict_can_restore() {
    let net = network();
    let mut model = open(&net.lead, Lang::En);
    update(&mut model, Action::Screen(8));
    settle(&mut model);
    // The deletion conflict comes first (developers sort before requests).
    let list = model.conflicts.list.as_ref().expect("list");
    assert_eq!(
        list.conflicts[0].reason,
        relais::domain::ConflictReason::Deleted
    );
    update(&mut model, Action::Open);
    settle(&mut model);
    update(&mut model, Action::WriteValue);
    settle(&mut model);
    assert_eq!(
        model.overlay,
        Overlay::None,
        "a deletion has no other value"
    );
    let open = model.conflicts.open.as_ref().expect("open");
    let edit = open
        .row
        .heads
        .iter()
        .position(|head| head.field == "availability")
        .expect("the edit");
    for _ in 0..edit {
        update(&mut model, Action::Down);
        settle(&mut model);
    }
    update(&mut model, Action::Keep);
    settle(&mut model);
    let list = model.conflicts.list.as_ref().expect("reloaded");
    assert_eq!(list.conflicts.len(), 1, "{:?}", list.conflicts);
    // Another value for the title, typed in the prompt.
    keys(&mut model, &[Action::Top, Action::Open, Action::WriteValue]);
    update(&mut model, Action::ClearField);
    settle(&mut model);
    for c in "Patrimoine commun".chars() {
        update(&mut model, Action::Type(c));
        settle(&mut model);
    }
    update(&mut model, Action::Open);
    settle(&mut model);
    assert_eq!(model.overlay, Overlay::None);
    assert!(
        model
            .conflicts
            .list
            .as_ref()
            .expect("list")
            .conflicts
            .is_empty()
    );
    update(&mut model, Action::Screen(2));
    settle(&mut model);
    let app = model.app.as_ref().expect("app");
    let restored = app
        .test_store()
        .list(Kind::Developer)
        .expect("developers")
        .into_iter()
        .any(|dev| dev.label() == "Zoé Martin");
    assert!(restored, "keeping the edit restores the developer");
}
