//! Backup and restore from the terminal UI, driven through `update(Action)`
//! over real databases: the backup key runs a background job and shows
//! where the file went; a restore of a real backup gives the installation a
//! new site id, writes its card, and syncs with the lead after one card
//! exchange; a restore of a file that is not a backup leaves the database
//! as it was. Snapshots at 80×24: the dashboard's reminder, the help with
//! the installation's files.

use crate::tui_support;

use relais::app::backup::BackupAge;
use relais::app::ui::jobs::JobKind;
use relais::app::ui::{Action, ConfirmAction, Model, Overlay, Tab, View, settle, update};
use relais::app::{App, Assignment, Config};
use relais::domain::Kind;
use relais::domain::clock::{Clock, FixedClock};
use relais::i18n::Lang;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tui_support::{
    DAY_MS, NOW, clock, network, open, screen, site, trust_each_other, wait_until_idle,
};

fn type_path(model: &mut Model, path: &Path) {
    update(model, Action::ClearField);
    for c in path.display().to_string().chars() {
        update(model, Action::Type(c));
    }
}

/// Every line of the summary on the synchronisation screen, in French.
fn summary(model: &Model) -> Vec<String> {
    model
        .sync
        .summary
        .iter()
        .map(|line| line.message.render(Lang::Fr))
        .collect()
}

fn site_id(db: &Path) -> String {
    let app = App::open(db, Config::default(), clock()).expect("open");
    app.status().expect("status").site.expect("identity").id
}

fn digest(db: &Path) -> (String, u64) {
    let app = App::open(db, Config::default(), clock()).expect("open");
    let status = app.status().expect("status");
    (status.digest, status.changes)
}

/// The files of a folder, by name.
fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("dir")
        .flatten()
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// One EPN with a request of its own.
fn epn() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("relais.db");
    site(&db, "EPN de Digne", "04", "epn", "Camille");
    let mut app = App::open(&db, Config::default(), clock()).expect("open");
    app.add(
        Kind::Request,
        &[
            Assignment::new("title", "Atlas de la biodiversité"),
            Assignment::new("departement", "04"),
        ],
    )
    .expect("request");
    (dir, db)
}

#[test]
fn the_backup_key_runs_in_the_background_and_says_where_the_file_is() {
    let (dir, db) = epn();
    let mut model = open(&db, Lang::Fr);
    settle(&mut model);
    let dashboard = model.home.dashboard.as_ref().expect("figures");
    assert_eq!(dashboard.backup, BackupAge::Never);
    assert!(
        screen(&model).contains("! Aucune sauvegarde de cette base : b pour en faire une"),
        "{}",
        screen(&model)
    );

    update(&mut model, Action::Backup);
    // The copy runs off the UI thread; its outcome shows on Synchronisation.
    assert_eq!(model.tab, Tab::Sync);
    assert_eq!(model.view, View::Sync);
    assert!(
        model.jobs.is_running(JobKind::Backup) || model.jobs.kinds().is_empty(),
        "a backup job was started"
    );
    wait_until_idle(&mut model);
    settle(&mut model);
    assert!(
        model.notice.as_ref().is_some_and(|n| !n.error),
        "{:?}",
        model.notice
    );
    let backups = dir.path().join("backups");
    let written = names(&backups);
    assert_eq!(written.len(), 1, "{written:?}");
    assert!(written[0].starts_with("relais-2026-11-26-"), "{written:?}");
    let path = backups.join(&written[0]);
    let lines = summary(&model);
    assert!(
        lines[0].contains(&path.display().to_string()),
        "the whole path is said: {lines:?}"
    );
    assert!(lines[0].starts_with("Sauvegarde écrite et vérifiée"));
    let text = screen(&model);
    assert!(text.contains(written[0].as_str()), "{text}");
    // The copy is a Relais database with this site's changes.
    let copy = App::open(&path, Config::default(), clock()).expect("the copy opens");
    assert_eq!(
        copy.status().expect("status").digest,
        digest(&db).0,
        "the copy holds what the database holds"
    );
    drop(copy);

    // The next tick is not taken for another program's change, and the
    // dashboard no longer reminds.
    update(&mut model, Action::Tick);
    settle(&mut model);
    assert!(
        model
            .notice
            .as_ref()
            .is_none_or(|n| n.message.key != "tui.notice.refreshed"),
        "{:?}",
        model.notice
    );
    update(&mut model, Action::Screen(0));
    settle(&mut model);
    let dashboard = model.home.dashboard.as_ref().expect("figures");
    assert_eq!(dashboard.backup, BackupAge::Recent { days: 0 });
    let text = screen(&model);
    assert!(!text.contains("sauvegarde de cette base"), "{text}");
    assert!(!text.contains("Dernière sauvegarde"), "{text}");
}

#[test]
fn the_dashboard_reminds_when_the_last_backup_is_older_than_configured() {
    let (_dir, db) = epn();
    let mut app = App::open(&db, Config::default(), clock()).expect("open");
    app.backup(None).expect("backup");
    drop(app);
    // Ten days later, with a reminder after a week.
    let later = FixedClock::parse(NOW).expect("date");
    later.advance(10 * DAY_MS);
    let later: Arc<dyn Clock> = Arc::new(later);
    let mut model =
        Model::open(&db, Config::default(), later.clone(), Lang::Fr, (80, 24)).expect("model");
    settle(&mut model);
    let dashboard = model.home.dashboard.as_ref().expect("figures");
    assert_eq!(dashboard.backup, BackupAge::Overdue { days: 10 });
    insta::assert_snapshot!("home_backup_reminder_fr", screen(&model));
    // With a reminder after 30 days, nothing is said.
    let patient = Config {
        backup_reminder_days: Some(30),
        ..Config::default()
    };
    let mut model = Model::open(&db, patient, later, Lang::Fr, (80, 24)).expect("model");
    settle(&mut model);
    let dashboard = model.home.dashboard.as_ref().expect("figures");
    assert_eq!(dashboard.backup, BackupAge::Recent { days: 10 });
    let text = screen(&model);
    assert!(!text.contains("sauvegarde de cette base"), "{text}");
    assert!(!text.contains("Dernière sauvegarde"), "{text}");
}

#[test]
fn a_restore_asks_in_words_then_takes_a_new_site_id_and_syncs_after_one_card() {
    let net = network();
    trust_each_other(&net);
    let old_site = site_id(&net.epn);
    let backup = net.dir.path().join("digne-backup.db");
    {
        let mut epn = App::open(&net.epn, Config::default(), clock()).expect("open");
        epn.backup(Some(&backup)).expect("backup");
        // Written after the backup: lost with the PC.
        epn.add(
            Kind::Request,
            &[
                Assignment::new("title", "Écrite après la sauvegarde"),
                Assignment::new("departement", "04"),
            ],
        )
        .expect("request");
    }
    let mut model = open(&net.epn, Lang::Fr);
    settle(&mut model);
    update(&mut model, Action::Screen(Tab::Sync.index() as u8));
    settle(&mut model);
    update(&mut model, Action::Restore);
    let Overlay::Prompt(_) = &model.overlay else {
        panic!("a prompt for the file, not {:?}", model.overlay)
    };
    // A file that is not there: said under the line, nothing else.
    type_path(&mut model, &net.dir.path().join("absent.db"));
    update(&mut model, Action::Open);
    let Overlay::Prompt(prompt) = &model.overlay else {
        panic!("the prompt stays open")
    };
    assert_eq!(
        prompt.error.as_ref().map(|m| m.key),
        Some("backup.not_found")
    );
    type_path(&mut model, &backup);
    update(&mut model, Action::Open);
    let Overlay::Confirm(confirm) = &model.overlay else {
        panic!("a confirmation, not {:?}", model.overlay)
    };
    assert_eq!(confirm.action, ConfirmAction::Restore);
    let question = confirm.question.render(Lang::Fr);
    for words in [
        "La base actuelle sera remplacée",
        "NOUVELLE identité de site",
        "le coordinateur devra inscrire sa nouvelle carte",
    ] {
        assert!(question.contains(words), "{question}");
    }
    let text = screen(&model);
    assert!(
        text.contains("un seul échange de carte"),
        "the whole question shows: {text}"
    );
    assert_eq!(site_id(&net.epn), old_site, "nothing done before the yes");

    update(&mut model, Action::Yes);
    settle(&mut model);
    assert!(
        model.notice.as_ref().is_some_and(|n| !n.error),
        "{:?}",
        model.notice
    );
    let new_site = site_id(&net.epn);
    assert_ne!(new_site, old_site);
    assert_eq!(model.tab, Tab::Sync);
    assert!(model.app.is_some(), "the restored database is open");
    let lines = summary(&model);
    let card_path = net.dir.path().join(format!("carte-{new_site}.json"));
    assert!(card_path.is_file(), "the card is written: {lines:?}");
    let card = App::open(&net.lead, Config::default(), clock())
        .expect("open")
        .read_card(&card_path)
        .expect("a card");
    assert_eq!(card.site, new_site);
    let all = lines.join("\n");
    for words in [
        new_site.as_str(),
        old_site.as_str(),
        card.fingerprint.as_str(),
        "donnez-la au coordinateur",
        "before-restore",
    ] {
        assert!(all.contains(words), "{words}: {all}");
    }
    assert!(
        names(net.dir.path())
            .iter()
            .any(|name| name.starts_with("epn.db.before-restore-")),
        "the database that was there is set aside"
    );

    // The restored site writes; the lead enrols its card, imports without a
    // fork, and the change the dead PC had sent comes back.
    let request = model
        .app
        .as_mut()
        .expect("app")
        .add(
            Kind::Request,
            &[
                Assignment::new("title", "Écrite après la restauration"),
                Assignment::new("departement", "04"),
            ],
        )
        .expect("a write under the new id");
    drop(model);
    let bundle = net.dir.path().join("restored.rb");
    let mut epn = App::open(&net.epn, Config::default(), clock()).expect("open");
    epn.export_bundle(None, false, &bundle, &mut |_| {})
        .expect("export");
    let mut lead = App::open(&net.lead, Config::default(), clock()).expect("open");
    lead.enrol_card(&card_path, false).expect("enrol");
    let imported = lead.import_bundle(&bundle, &mut |_| {}).expect("no fork");
    assert!(imported.new_changes > 0);
    assert!(
        lead.show_detail(Kind::Request, &request).is_ok(),
        "the lead has the restored site's request"
    );
    assert!(lead.check().expect("check").ok);
    assert!(epn.check().expect("check").ok);
}

#[test]
fn restoring_a_file_that_is_not_a_backup_leaves_the_database_as_it_was() {
    let (dir, db) = epn();
    let before = (site_id(&db), digest(&db));
    let files_before = names(dir.path());
    let mut model = open(&db, Lang::Fr);
    settle(&mut model);
    for (name, content) in [
        ("notes.db", b"Ceci n'est pas une base.".to_vec()),
        ("vide.db", Vec::new()),
    ] {
        let fake = dir.path().join(name);
        std::fs::write(&fake, content).expect("write");
        update(&mut model, Action::Screen(Tab::Sync.index() as u8));
        settle(&mut model);
        update(&mut model, Action::Restore);
        type_path(&mut model, &fake);
        update(&mut model, Action::Open);
        assert!(matches!(model.overlay, Overlay::Confirm(_)));
        update(&mut model, Action::Yes);
        settle(&mut model);
        let notice = model.notice.as_ref().expect("a message");
        assert!(notice.error, "{name}: {notice:?}");
        let said = notice.message.render(Lang::Fr);
        assert!(!said.contains('\n'), "one line: {said}");
        assert!(model.app.is_some(), "{name}: the database is open again");
        assert_eq!(model.overlay, Overlay::None);
        std::fs::remove_file(&fake).expect("remove");
    }
    drop(model);
    assert_eq!((site_id(&db), digest(&db)), before, "unchanged");
    let mut files_after = names(dir.path());
    files_after.retain(|name| !name.ends_with("-wal") && !name.ends_with("-shm"));
    let mut files_before = files_before;
    files_before.retain(|name| !name.ends_with("-wal") && !name.ends_with("-shm"));
    assert_eq!(files_after, files_before, "nothing set aside or left over");
}

#[test]
fn the_help_names_the_database_the_settings_and_the_backups() {
    let (_dir, db) = epn();
    let mut model = open(&db, Lang::En);
    settle(&mut model);
    update(&mut model, Action::Help);
    // Fixed paths for the picture (the real ones are temporary); a long
    // one goes on lines of its own, whole.
    let database = std::mem::replace(
        &mut model.db_path,
        PathBuf::from(
            "/home/camille/Documents/Espace numérique de Digne-les-Bains/données/relais/relais.db",
        ),
    );
    model.config_path = PathBuf::from("/home/camille/.config/relais/config.toml");
    insta::assert_snapshot!("help_files_en", screen(&model));
    model.db_path = database;
}
