//! Merged records counted once in every figure (issue 11, item 4): after
//! `merge KEEP OTHER`, the yearly report and the dashboard count an
//! organisation served under both names once, a developer active under
//! both names once and in KEEP's département, and move OTHER's hours to
//! KEEP's département without changing the total — also for references to
//! OTHER made on another replica while the merge was made (they arrive
//! after it and keep naming OTHER), on both replicas once synced, through a
//! chain of merges A → B → C, and with the kept counters still equal to a
//! recount (`relais check`). An unmerged look-alike pair stays two.

use crate::tui_support;

use relais::app::report::{AreaReport, ReportDocument};
use relais::app::{App, Config};
use relais::domain::Kind;
use relais::i18n::Lang;
use std::path::Path;
use tui_support::{a, clock, send, site};

fn open(path: &Path) -> App {
    App::open(path, Config::default(), clock()).unwrap()
}

/// Two replicas: the regional lead (13) and an EPN (04).
fn replicas(dir: &Path) -> (App, App) {
    let (first, second) = (dir.join("one.db"), dir.join("two.db"));
    site(&first, "Coordination", "13", "regional", "Léa");
    site(&second, "EPN de Digne", "04", "epn", "Camille");
    (open(&first), open(&second))
}

fn sync(one: &mut App, two: &mut App) {
    send(one.test_store(), two.test_store_mut(), &|_| false);
    send(two.test_store(), one.test_store_mut(), &|_| false);
}

fn org(app: &mut App, name: &str, departement: &str) -> String {
    app.add(
        Kind::Org,
        &[
            a("name", name),
            a("kind", "association"),
            a("departement", departement),
        ],
    )
    .unwrap()
}

fn developer(app: &mut App, name: &str, departement: &str, skills: &str) -> String {
    app.add(
        Kind::Developer,
        &[
            a("name", name),
            a("departement", departement),
            a("skills", skills),
            a("availability", "10"),
        ],
    )
    .unwrap()
}

fn request(app: &mut App, organisation: &str, departement: &str, received: &str) -> String {
    app.add(
        Kind::Request,
        &[
            a("title", &format!("Demande du {received}")),
            a("organisation", organisation),
            a("departement", departement),
            a("received_on", received),
        ],
    )
    .unwrap()
}

fn hours(app: &mut App, developer: &str, date: &str, hours: &str) {
    app.add(
        Kind::Time,
        &[
            a("developer", developer),
            a("date", date),
            a("hours", hours),
        ],
    )
    .unwrap();
}

fn area<'a>(report: &'a ReportDocument, departement: Option<&str>) -> &'a AreaReport {
    report
        .areas
        .iter()
        .find(|area| area.departement.as_deref() == departement && !area.without_departement)
        .unwrap_or_else(|| panic!("no column {departement:?} in {:?}", report.areas))
}

/// The figures the issue names, as (organisations served, active
/// developers, developer hours) of the département, or of the region.
fn counted(report: &ReportDocument, departement: Option<&str>) -> (u64, u64, f64) {
    let column = area(report, departement);
    (
        column.organisations_served,
        column.active_developers,
        column.developer_hours,
    )
}

/// The same figures from the year's figures of the store (every
/// département, also those without a request: no report column).
fn figured(app: &App, departement: Option<&str>) -> (u64, u64, f64) {
    let (figures, details) = app
        .test_store()
        .year_figures(2026)
        .unwrap()
        .area(departement);
    (
        details.organisations_served,
        figures.active_developers,
        figures.developer_hours,
    )
}

/// Hours by the developer's département (the report's spending table).
fn hours_by_departement(report: &ReportDocument) -> Vec<(Option<String>, f64)> {
    report
        .finances
        .by_departement
        .iter()
        .map(|row| (row.departement.clone(), row.hours))
        .collect()
}

fn developer_rows(report: &ReportDocument) -> Vec<(String, f64)> {
    report
        .developers
        .iter()
        .map(|row| (row.name.clone(), row.hours))
        .collect()
}

/// The kept counters equal a recount, and the year's figures read from
/// them equal those recounted from the kind tables.
fn assert_consistent(app: &App) {
    let store = app.test_store();
    assert!(store.kept_figures_mismatches().unwrap().is_empty());
    assert_eq!(
        store.year_figures(2026).unwrap(),
        store.recount_year_figures(2026).unwrap()
    );
}

fn skill_holders(app: &App, departement: &str, skill: &str) -> Vec<String> {
    app.skills_map(None)
        .unwrap()
        .cells
        .into_iter()
        .filter(|cell| cell.departement == departement && cell.skill == skill)
        .flat_map(|cell| cell.developers.into_iter().map(|d| d.name))
        .collect()
}

#[test]
fn a_merge_counts_the_organisation_and_the_developer_once_on_both_replicas() {
    let dir = tempfile::tempdir().unwrap();
    let (mut one, mut two) = replicas(dir.path());
    let keep_org = org(&mut one, "Écomusée de la Crau", "13");
    let other_org = org(&mut one, "Ecomusee de la Crau", "13");
    let control_org = org(&mut one, "Mairie de Digne", "04");
    request(&mut one, &keep_org, "13", "2026-03-02");
    request(&mut one, &other_org, "13", "2026-04-07");
    let asked = request(&mut one, &control_org, "04", "2026-05-11");
    let keep_dev = developer(&mut one, "Zoé Martin", "13", "web");
    let other_dev = developer(&mut one, "Zoe Martin", "04", "web");
    let control_dev = developer(&mut one, "Paul Durand", "04", "dataviz");
    hours(&mut one, &keep_dev, "2026-05-02", "3");
    hours(&mut one, &other_dev, "2026-06-03", "2");
    hours(&mut one, &control_dev, "2026-06-04", "4");
    sync(&mut one, &mut two);

    let before = one.report(Some(2026), None).unwrap();
    assert_eq!(counted(&before, Some("13")), (2, 1, 3.0));
    assert_eq!(counted(&before, Some("04")), (1, 2, 6.0));
    assert_eq!(counted(&before, None), (3, 3, 9.0));

    // Site two serves the other organisation and logs hours for the other
    // developer while site one merges both into the kept ones.
    request(&mut two, &other_org, "13", "2026-09-01");
    hours(&mut two, &other_dev, "2026-09-02", "1.5");
    let total_before_merge = counted(&two.report(Some(2026), None).unwrap(), None).2;
    assert_eq!(total_before_merge, 10.5);
    one.merge(Kind::Org, &keep_org, &other_org).unwrap();
    one.merge(Kind::Developer, &keep_dev, &other_dev).unwrap();

    // On site one before syncing: its own references were re-pointed.
    let merged_here = one.report(Some(2026), None).unwrap();
    assert_eq!(counted(&merged_here, Some("13")), (1, 1, 5.0));
    assert_eq!(counted(&merged_here, Some("04")), (1, 1, 4.0));
    assert_eq!(counted(&merged_here, None), (2, 2, 9.0));
    assert_consistent(&one);

    sync(&mut one, &mut two);
    let reports: Vec<ReportDocument> = [&one, &two]
        .iter()
        .map(|app| app.report(Some(2026), None).unwrap())
        .collect();
    for (app, report) in [&one, &two].into_iter().zip(&reports) {
        // The request made on site two still names the other organisation
        // (and the hours the other developer): read through the merge.
        assert_eq!(counted(report, Some("13")), (1, 1, 6.5));
        assert_eq!(counted(report, Some("04")), (1, 1, 4.0));
        assert_eq!(counted(report, None), (2, 2, total_before_merge));
        assert_eq!(area(report, Some("13")).requests_received, 3);
        assert_eq!(
            hours_by_departement(report),
            vec![(Some("04".to_string()), 4.0), (Some("13".to_string()), 6.5)]
        );
        assert_eq!(
            developer_rows(report),
            vec![
                ("Zoé Martin".to_string(), 6.5),
                ("Paul Durand".to_string(), 4.0)
            ]
        );
        // A département's report lists the hours by its own developers only.
        let local = app.report(Some(2026), Some("04")).unwrap();
        assert_eq!(
            developer_rows(&local),
            vec![("Paul Durand".to_string(), 4.0)]
        );
        let kept = app.report(Some(2026), Some("13")).unwrap();
        assert_eq!(developer_rows(&kept), vec![("Zoé Martin".to_string(), 6.5)]);
        // The merged developer's skill is not counted twice, nor in 04.
        assert_eq!(
            area(report, None).developers_by_skill.get("web").copied(),
            Some(1)
        );
        assert_eq!(skill_holders(app, "13", "web"), vec!["Zoé Martin"]);
        assert!(skill_holders(app, "04", "web").is_empty());
        assert_consistent(app);
        // Suggestions list the kept developer only.
        let suggested = app.suggest(&asked, 10, Lang::En).unwrap();
        assert!(suggested.suggestions.iter().all(|s| s.id != other_dev));
    }
    assert_eq!(
        reports[0].areas, reports[1].areas,
        "same figures on both replicas"
    );

    // The dashboard reads the same figures: the lead's is the region's,
    // the EPN's its département's.
    let lead = relais::app::ui::home::load(&one, Some(2026)).unwrap();
    assert_eq!(lead.indicators.figures.active_developers, 2);
    assert_eq!(lead.indicators.figures.developer_hours, 10.5);
    assert_eq!(
        lead.indicators
            .figures
            .organisations_by_kind
            .get("association"),
        Some(&2)
    );
    let epn = relais::app::ui::home::load(&two, Some(2026)).unwrap();
    assert_eq!(epn.indicators.figures.active_developers, 1);
    assert_eq!(epn.indicators.figures.developer_hours, 4.0);
    // A reference to a record merged into a live one is no dangling
    // reference to review.
    for dashboard in [&lead, &epn] {
        assert_eq!(dashboard.attention.dangling_references, 0);
    }
}

#[test]
fn a_chain_of_merges_leads_to_its_end() {
    let dir = tempfile::tempdir().unwrap();
    let (mut one, mut two) = replicas(dir.path());
    let first = org(&mut one, "Médiathèque de Manosque", "04");
    let second = org(&mut one, "Mediatheque Manosque", "04");
    let third = org(&mut one, "Médiathèque d'Intercommunalité de Manosque", "04");
    let dev_a = developer(&mut one, "Inès Roux", "84", "web");
    let dev_b = developer(&mut one, "Ines Roux", "05", "web");
    let dev_c = developer(&mut one, "Inès Roux-Martin", "13", "web");
    request(&mut one, &third, "04", "2026-02-03");
    hours(&mut one, &dev_c, "2026-02-04", "1");
    sync(&mut one, &mut two);

    // Site two serves the first organisation and logs the first
    // developer's hours; site one merges A into B, then B into C.
    request(&mut two, &first, "04", "2026-06-01");
    request(&mut two, &second, "04", "2026-06-02");
    hours(&mut two, &dev_a, "2026-06-03", "2");
    hours(&mut two, &dev_b, "2026-06-04", "0.5");
    one.merge(Kind::Org, &second, &first).unwrap();
    one.merge(Kind::Org, &third, &second).unwrap();
    one.merge(Kind::Developer, &dev_b, &dev_a).unwrap();
    one.merge(Kind::Developer, &dev_c, &dev_b).unwrap();
    sync(&mut one, &mut two);

    for app in [&one, &two] {
        let report = app.report(Some(2026), None).unwrap();
        assert_eq!(
            counted(&report, Some("04")),
            (1, 0, 0.0),
            "one organisation served"
        );
        assert_eq!(figured(app, Some("13")), (0, 1, 3.5));
        assert_eq!(figured(app, None), (1, 1, 3.5));
        assert_eq!(
            hours_by_departement(&report),
            vec![(Some("13".to_string()), 3.5)]
        );
        let all = app.test_store().year_figures(2026).unwrap();
        assert_eq!(
            all.departements.keys().collect::<Vec<_>>(),
            vec!["04", "13"],
            "nothing left in the merged records' départements"
        );
        assert_eq!(
            developer_rows(&report),
            vec![("Inès Roux-Martin".to_string(), 3.5)]
        );
        assert_consistent(app);
    }
}

#[test]
fn look_alikes_left_unmerged_count_twice() {
    let dir = tempfile::tempdir().unwrap();
    let (mut one, mut two) = replicas(dir.path());
    let keep_org = org(&mut one, "Écomusée de la Crau", "13");
    let other_org = org(&mut one, "Ecomusee de la Crau", "13");
    let keep_dev = developer(&mut one, "Zoé Martin", "13", "web");
    let other_dev = developer(&mut one, "Zoe Martin", "04", "web");
    request(&mut one, &keep_org, "13", "2026-03-02");
    request(&mut one, &other_org, "13", "2026-04-07");
    hours(&mut one, &keep_dev, "2026-05-02", "3");
    hours(&mut one, &other_dev, "2026-06-03", "2");
    sync(&mut one, &mut two);
    for app in [&one, &two] {
        let report = app.report(Some(2026), None).unwrap();
        assert_eq!(counted(&report, Some("13")), (2, 1, 3.0));
        assert_eq!(figured(app, Some("04")), (0, 1, 2.0));
        assert_eq!(counted(&report, None), (2, 2, 5.0));
        assert_eq!(
            area(&report, None).developers_by_skill.get("web").copied(),
            Some(2)
        );
        assert_consistent(app);
    }
}
