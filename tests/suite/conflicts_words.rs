//! Conflicts a person can read, made with real replicas and real bundle
//! files: an edit concurrent with a deletion is ONE card ("deleted on … by
//! Y (site); meanwhile Z changed participants 12 → 14") with two choices,
//! keep the deletion or restore with the changes; every card shows the
//! value before the conflict; `relais conflicts` prints field labels,
//! names, date and time. Each way of settling converges on a third replica.

use crate::cli_support;
use crate::tui_support;

use cli_support::Env;
use relais::app::ui::{Action, Model, Tab};
use relais::app::{App, Config};
use relais::domain::{ConflictReason, Kind};
use relais::i18n::Lang;
use std::path::{Path, PathBuf};
use tui_support::{a, card, clock, epn_clock, keys, screen, site};

/// The EPN (the CLI's site: "EPN", 04, Anne), the lead (Léa) and a second
/// EPN (Manosque) that only hears from the lead. They share a workshop and
/// an organisation; then the EPN deletes the workshop while the lead
/// changes its participants, and both rename the organisation.
struct World {
    env: Env,
    _dir: tempfile::TempDir,
    dir: PathBuf,
    lead: PathBuf,
    third: PathBuf,
    workshop: String,
    org: String,
}

fn site_id(app: &App) -> String {
    app.test_store().require_identity().unwrap().site
}

fn open(path: &Path) -> App {
    App::open(path, Config::default(), clock()).unwrap()
}

/// `from` writes a bundle for `to` as a real file; `to` imports it.
fn exchange(from: &Path, to: &Path, dir: &Path, name: &str) {
    let mut sender = open(from);
    let mut receiver = open(to);
    let path = dir.join(format!("{name}.rb"));
    let addressee = site_id(&receiver);
    sender
        .export_bundle(Some(&addressee), false, &path, &mut |_| {})
        .unwrap();
    receiver.import_bundle(&path, &mut |_| {}).unwrap();
}

fn world() -> World {
    let env = Env::with_lang("fr_FR.UTF-8");
    let dir = tempfile::tempdir().unwrap();
    let lead = dir.path().join("lead.db");
    let third = dir.path().join("manosque.db");
    site(&lead, "Coordination régionale", "13", "regional", "Léa");
    site(&third, "EPN de Manosque", "04", "epn", "Malik");
    let lead_card = card(&lead);
    {
        let mut l = open(&lead);
        l.enrol_card(&card(&env.db), false).unwrap();
        l.enrol_card(&card(&third), false).unwrap();
        for epn in [&env.db, &third] {
            open(epn).enrol_card(&lead_card, true).unwrap();
        }
    }
    let (workshop, org) = {
        let mut l = open(&lead);
        let workshop = l
            .add(
                Kind::Workshop,
                &[
                    a("title", "Atelier carte sensible"),
                    a("kind", "cocreation"),
                    a("date", "2026-03-14"),
                    a("participants", "12"),
                    a("duration", "3"),
                ],
            )
            .unwrap();
        let org = l
            .add(
                Kind::Org,
                &[
                    a("name", "Parc naturel régional du Verdon"),
                    a("kind", "pnr"),
                    a("departement", "04"),
                ],
            )
            .unwrap();
        (workshop, org)
    };
    exchange(&lead, &env.db, dir.path(), "shared");
    exchange(&lead, &third, dir.path(), "shared-third");
    // Concurrently: the EPN deletes and renames, the lead (an hour later)
    // edits the workshop and renames too.
    let mut epn = open(&env.db);
    epn.remove(Kind::Workshop, &workshop).unwrap();
    epn.set(Kind::Org, &org, &[a("name", "PNR du Verdon")])
        .unwrap();
    let mut l = App::open(&lead, Config::default(), epn_clock()).unwrap();
    l.set(Kind::Workshop, &workshop, &[a("participants", "14")])
        .unwrap();
    l.set(Kind::Org, &org, &[a("name", "Parc du Verdon")])
        .unwrap();
    drop((epn, l));
    exchange(&env.db, &lead, dir.path(), "from-epn");
    exchange(&lead, &env.db, dir.path(), "from-lead");
    World {
        env,
        dir: dir.path().to_path_buf(),
        _dir: dir,
        lead,
        third,
        workshop,
        org,
    }
}

#[test]
fn an_edit_concurrent_with_a_deletion_is_one_card_that_tells_the_story() {
    let w = world();
    for path in [&w.lead, &w.env.db] {
        let cards = open(path).conflicts().unwrap();
        assert_eq!(cards.len(), 2, "{cards:#?}");
        let card = cards.iter().find(|c| c.id == w.workshop).unwrap();
        assert_eq!(card.reason, ConflictReason::Deleted);
        assert_eq!(card.label, "Atelier carte sensible");
        let deletion = card.deletion.as_ref().expect("one deletion card");
        assert_eq!(deletion.deleted_by.author, "Anne");
        assert_eq!(deletion.deleted_by.site_name, "EPN");
        assert_eq!(deletion.edits.len(), 1, "only the unseen edit");
        let edit = &deletion.edits[0];
        assert_eq!(
            (
                edit.field.as_str(),
                edit.before.as_deref(),
                edit.value.as_deref()
            ),
            ("participants", Some("12"), Some("14"))
        );
        assert_eq!(
            (edit.author.as_str(), edit.site_name.as_str()),
            ("Léa", "Coordination régionale")
        );
        let story: Vec<String> = deletion
            .story(card.kind)
            .iter()
            .map(|line| line.render(Lang::Fr))
            .collect();
        assert_eq!(
            story,
            [
                "Fiche supprimée le 26/11/2026 09:00 par Anne (EPN).",
                "Pendant ce temps, le 26/11/2026 10:00, Léa (Coordination régionale) a changé « participant·es » : 12 → 14.",
            ]
        );
        // Every card shows the value before the conflict.
        let org = cards.iter().find(|c| c.id == w.org).unwrap();
        assert_eq!(org.reason, ConflictReason::Values);
        assert_eq!(
            org.before.as_deref(),
            Some("Parc naturel régional du Verdon")
        );
    }
}

#[test]
fn the_edit_against_deletion_card_and_the_values_card_at_80x24() {
    let w = world();
    let mut model = Model::open(&w.lead, Config::default(), clock(), Lang::Fr, (80, 24)).unwrap();
    keys(&mut model, &[Action::Screen(Tab::Conflicts.index() as u8)]);
    let list = model.conflicts.list.as_ref().unwrap();
    let at = list
        .conflicts
        .iter()
        .position(|row| row.deletion.is_some())
        .unwrap();
    let org_at = list
        .conflicts
        .iter()
        .position(|row| row.deletion.is_none())
        .unwrap();
    for _ in 0..at {
        keys(&mut model, &[Action::Down]);
    }
    keys(&mut model, &[Action::Open]);
    let text = screen(&model);
    assert!(text.contains("Garder la suppression"), "{text}");
    assert!(text.contains("Restaurer avec les changements"), "{text}");
    insta::assert_snapshot!("edit_vs_delete_card_fr", text);
    keys(&mut model, &[Action::Back, Action::Top]);
    for _ in 0..org_at {
        keys(&mut model, &[Action::Down]);
    }
    keys(&mut model, &[Action::Open]);
    let text = screen(&model);
    assert!(
        text.contains("Avant le conflit : Parc naturel régional du Verdon"),
        "{text}"
    );
    insta::assert_snapshot!("values_card_before_fr", text);
}

/// The lead's bundle to each EPN; the three then hold the same changes.
fn spread_from_lead(w: &World) {
    exchange(&w.lead, &w.env.db, &w.dir, "settled");
    exchange(&w.lead, &w.third, &w.dir, "settled-third");
    exchange(&w.env.db, &w.lead, &w.dir, "settled-back");
    let digests: Vec<String> = [&w.lead, &w.env.db, &w.third]
        .iter()
        .map(|path| open(path).test_store().digest().unwrap())
        .collect();
    assert_eq!(digests[0], digests[1], "lead and EPN");
    assert_eq!(digests[0], digests[2], "lead and the third replica");
}

fn workshop_on(path: &Path, id: &str) -> relais::app::Record {
    open(path).show(Kind::Workshop, id).unwrap()
}

#[test]
fn keeping_the_deletion_from_the_card_converges_on_a_third_replica() {
    let w = world();
    let mut model = Model::open(&w.lead, Config::default(), clock(), Lang::Fr, (80, 24)).unwrap();
    keys(&mut model, &[Action::Screen(Tab::Conflicts.index() as u8)]);
    let list = model.conflicts.list.as_ref().unwrap();
    let at = list
        .conflicts
        .iter()
        .position(|row| row.deletion.is_some())
        .unwrap();
    for _ in 0..at {
        keys(&mut model, &[Action::Down]);
    }
    // The first choice: keep the deletion.
    keys(&mut model, &[Action::Open, Action::Open]);
    assert!(model.conflicts.open.is_none());
    drop(model);
    spread_from_lead(&w);
    for path in [&w.lead, &w.env.db, &w.third] {
        assert!(workshop_on(path, &w.workshop).deleted);
        let cards = open(path).conflicts().unwrap();
        assert!(cards.iter().all(|c| c.id != w.workshop), "{cards:#?}");
    }
}

#[test]
fn restoring_with_the_changes_from_the_command_line_converges_on_a_third_replica() {
    let w = world();
    let text = w.env.ok(&["conflicts"]);
    let tail = &w.workshop[w.workshop.len() - 8..];
    let hint = format!("relais resolve workshop {tail} deleted --value 1");
    assert!(text.contains(&hint), "{text}");
    assert!(
        text.contains("--value 0 (restaurer avec les changements)"),
        "{text}"
    );
    // The second choice, on the EPN, by the command the card prints.
    w.env
        .ok(&["resolve", "workshop", tail, "deleted", "--value", "0"]);
    exchange(&w.env.db, &w.lead, &w.dir, "restored");
    spread_from_lead(&w);
    for path in [&w.lead, &w.env.db, &w.third] {
        let workshop = workshop_on(path, &w.workshop);
        assert!(!workshop.deleted);
        assert_eq!(workshop.get("participants"), Some("14"), "with the changes");
        let cards = open(path).conflicts().unwrap();
        assert!(cards.iter().all(|c| c.id != w.workshop), "{cards:#?}");
    }
}

#[test]
fn relais_conflicts_prints_labels_names_dates_and_times() {
    let w = world();
    let text = w.env.ok(&["conflicts"]);
    let expected = [
        "2 conflits",
        "Atelier « Atelier carte sensible » — modifié pendant sa suppression",
        "    Fiche supprimée le 26/11/2026 09:00 par Anne (EPN).",
        "    Pendant ce temps, le 26/11/2026 10:00, Léa (Coordination régionale) a changé « participant·es » : 12 → 14.",
        "Organisation « Parc du Verdon » · Nom — valeurs concurrentes",
        "    avant le conflit : Parc naturel régional du Verdon",
        "    EPN · Anne · 26/11/2026 09:00 : PNR du Verdon",
        "    Coordination régionale · Léa · 26/11/2026 10:00 : Parc du Verdon",
    ];
    for line in expected {
        assert!(
            text.lines().any(|l| l == line),
            "missing {line:?} in:\n{text}"
        );
    }
    // No record id and no field code where a person reads.
    assert!(!text.contains(&w.org), "{text}");
    assert!(!text.contains(&w.org[w.org.len() - 8..]), "{text}");
    assert!(!text.contains("participants "), "{text}");
    assert!(!text.contains(" name"), "{text}");
    // English too.
    let english = w
        .env
        .cmd(&["conflicts"])
        .env("LANG", "C.UTF-8")
        .output()
        .unwrap();
    let english = String::from_utf8(english.stdout).unwrap();
    assert!(
        english.contains("Organisation “Parc du Verdon” · Name"),
        "{english}"
    );
    assert!(
        english.contains("before the conflict: Parc naturel régional du Verdon"),
        "{english}"
    );
}
