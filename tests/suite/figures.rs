//! One set of figures: the dashboard and `relais report --json` agree on
//! every figure they share, for the demo data (the lead's region and an
//! EPN's département); the report's region column is the sum of its other
//! columns, what has no département included; each "À traiter" line opens
//! the list it counts, filtered; the year selector; the demo data looks
//! real (no duplicate titles, a budget adding up to the envelope, believable
//! hours); the demo's requests sorted by status read in the workflow's
//! order. Snapshots at 80×24 in French.

use crate::app_support;
use crate::tui_support;

use app_support::add;
use relais::app::demo::{self, DemoSize};
use relais::app::ui::home::{Todo, TodoTarget};
use relais::app::ui::{Action, Tab, View, settle, update};
use relais::app::{App, Config};
use relais::domain::Kind;
use relais::domain::vocab::Vocab;
use relais::i18n::Lang;
use serde_json::Value;
use std::path::{Path, PathBuf};
use tui_support::{clock, drawn, keys, open, screen, site};

/// A site with the demo data loaded (default size, seed 2026).
fn demo_site(dir: &Path, departement: &str, role: &str) -> PathBuf {
    let path = dir.join(format!("{role}.db"));
    site(&path, "Site", departement, role, "Léa");
    let mut app = App::open(&path, Config::default(), clock()).unwrap();
    demo::load(&mut app, 2026, DemoSize::for_requests(None), &mut |_, _| {}).unwrap();
    path
}

fn report_json(path: &Path, args: &[&str]) -> Value {
    let output = assert_cmd::Command::cargo_bin("relais")
        .unwrap()
        .env("RELAIS_NOW", "2026-11-26T09:00:00Z")
        .env("RELAIS_CONFIG", path.with_extension("toml"))
        .env("LANG", "C.UTF-8")
        .env_remove("LANGUAGE")
        .env_remove("LC_ALL")
        .arg("--db")
        .arg(path)
        .args(["report", "--json"])
        .args(args)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).unwrap()
}

fn number(value: &Value) -> f64 {
    value
        .as_f64()
        .unwrap_or_else(|| panic!("a number: {value}"))
}

/// Every figure the dashboard shows against the report's column.
fn assert_same_figures(dashboard: &relais::app::ui::home::Dashboard, json: &Value, column: &Value) {
    let shown = &dashboard.indicators;
    let f = &shown.figures;
    assert_eq!(dashboard.year as i64, json["year"].as_i64().unwrap());
    assert_eq!(column["requests_received"], f.requests_received);
    assert_eq!(column["requests_delivered"], f.requests_delivered);
    match shown.median_days_to_delivery {
        Some(days) => assert_eq!(number(&column["median_days_to_delivery"]), days),
        None => assert!(column["median_days_to_delivery"].is_null()),
    }
    for (status, count) in column["requests_by_status"].as_object().unwrap() {
        assert_eq!(
            f.requests_by_status.get(status).copied().unwrap_or(0),
            count.as_u64().unwrap(),
            "{status}"
        );
    }
    assert_eq!(
        f.requests_by_status.values().sum::<u64>(),
        f.requests_received
    );
    assert_eq!(column["workshops"], f.workshops);
    assert_eq!(column["participants"], f.participants);
    assert_eq!(number(&column["workshop_hours"]), f.workshop_hours);
    assert_eq!(number(&column["developer_hours"]), f.developer_hours);
    assert_eq!(column["active_developers"], f.active_developers);
    assert_eq!(number(&column["budget_spent"]), shown.budget_spent);
    assert_eq!(number(&json["budget"]), shown.budget);
    for (index, count) in f.received_by_month.iter().enumerate() {
        assert_eq!(column["received_by_month"][index], *count, "month {index}");
    }
    // The "new" status of the year is the one the "to do" line quotes.
    assert_eq!(
        dashboard.attention.new_requests_in_year,
        column["requests_by_status"]["new"].as_u64().unwrap_or(0)
    );
}

#[test]
fn the_lead_dashboard_and_report_json_agree_on_the_demo_data() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo_site(dir.path(), "13", "regional");
    let app = App::open(&path, Config::default(), clock()).unwrap();
    let dashboard = relais::app::ui::home::load(&app, None).unwrap();
    let json = report_json(&path, &[]);
    let areas = json["areas"].as_array().unwrap();
    let region = areas.last().unwrap();
    assert!(region["departement"].is_null());
    assert_same_figures(&dashboard, &json, region);
    assert_eq!(
        number(&json["finances"]["spent"]),
        dashboard.indicators.budget_spent
    );
    // The bars per département are the report's columns, one for one.
    let columns: Vec<(String, u64)> = areas[..areas.len() - 1]
        .iter()
        .filter(|area| area["requests_received"].as_u64().unwrap() > 0)
        .map(|area| {
            (
                area["departement"].as_str().unwrap_or("").to_string(),
                area["requests_received"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(dashboard.bar_values, columns);
    // The share of the budget is written with the report's rounding.
    let mut model = open(&path, Lang::Fr);
    update(&mut model, Action::Tick);
    settle(&mut model);
    let text = screen(&model);
    let ratio = number(&json["finances"]["spent"]) / number(&json["finances"]["envelope"]);
    let share = relais::i18n::format_number(Lang::Fr, ratio * 100.0, 1);
    assert!(text.contains(&format!("{share} %")), "{share} %:\n{text}");
}

#[test]
fn an_epn_dashboard_and_its_departement_report_agree() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo_site(dir.path(), "06", "epn");
    let app = App::open(&path, Config::default(), clock()).unwrap();
    let dashboard = relais::app::ui::home::load(&app, None).unwrap();
    let json = report_json(&path, &["--departement", "06"]);
    let column = &json["areas"][0];
    assert_eq!(column["departement"], "06");
    assert_same_figures(&dashboard, &json, column);
    // Another year: the same agreement.
    let last = relais::app::ui::home::load(&app, Some(2025)).unwrap();
    let json = report_json(&path, &["--departement", "06", "--year", "2025"]);
    assert_same_figures(&last, &json, &json["areas"][0]);
}

#[test]
fn the_region_column_is_the_sum_of_the_others_with_what_has_no_departement() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("lead.db");
    site(&path, "Coordination", "13", "regional", "Léa");
    let mut app = App::open(&path, Config::default(), clock()).unwrap();
    let dev = add(
        &mut app,
        Kind::Developer,
        &[("name", "Zoé Martin"), ("departement", "04")],
    );
    let request = add(
        &mut app,
        Kind::Request,
        &[
            ("title", "Carte des fontaines"),
            ("departement", "04"),
            ("received_on", "2026-02-01"),
        ],
    );
    add(
        &mut app,
        Kind::Request,
        &[
            ("title", "Site du club"),
            ("departement", "83"),
            ("received_on", "2026-03-01"),
        ],
    );
    // A workshop without a request has no département: before, it counted
    // in the region and in no column.
    add(
        &mut app,
        Kind::Workshop,
        &[
            ("title", "Atelier ouvert"),
            ("date", "2026-04-02"),
            ("participants", "9"),
            ("duration", "2"),
        ],
    );
    add(
        &mut app,
        Kind::Time,
        &[
            ("developer", &dev),
            ("date", "2026-02-03"),
            ("hours", "6"),
            ("request", &request),
        ],
    );
    let json = report_json(&path, &[]);
    let areas = json["areas"].as_array().unwrap();
    let (region, columns) = areas.split_last().unwrap();
    let without = columns
        .iter()
        .find(|area| area["without_departement"] == true)
        .expect("a column for what has no département");
    assert_eq!(without["workshops"], 1);
    assert_eq!(without["participants"], 9);
    for field in [
        "requests_received",
        "requests_delivered",
        "workshops",
        "participants",
        "workshop_hours",
        "developer_hours",
        "active_developers",
        "budget_spent",
    ] {
        let sum: f64 = columns.iter().map(|area| number(&area[field])).sum();
        assert_eq!(sum, number(&region[field]), "{field}");
    }
    for month in 0..12 {
        let sum: u64 = columns
            .iter()
            .map(|area| area["received_by_month"][month].as_u64().unwrap())
            .sum();
        assert_eq!(sum, region["received_by_month"][month], "month {month}");
    }
    // The text report names the column.
    let output = assert_cmd::Command::cargo_bin("relais")
        .unwrap()
        .env("RELAIS_NOW", "2026-11-26T09:00:00Z")
        .env("LANG", "fr_FR.UTF-8")
        .env_remove("LANGUAGE")
        .env_remove("LC_ALL")
        .arg("--db")
        .arg(&path)
        .arg("report")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(text.contains("Sans département"), "{text}");
    // Without anything lacking a département, no such column.
    let json = report_json(&path, &["--year", "2025"]);
    assert!(
        json["areas"]
            .as_array()
            .unwrap()
            .iter()
            .all(|area| area.get("without_departement").is_none())
    );
}

#[test]
fn each_to_do_line_opens_the_list_it_counts() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo_site(dir.path(), "06", "epn");
    let mut model = open(&path, Lang::Fr);
    update(&mut model, Action::Tick);
    settle(&mut model);
    let dashboard = model.home.dashboard.clone().expect("figures");
    let todo = dashboard.todo();
    let at = |wanted: &Todo| todo.iter().position(|line| line == wanted).unwrap();
    // "N nouvelles demandes à qualifier": Enter lists exactly those.
    let new = at(&Todo::NewRequests);
    for _ in 0..new {
        keys(&mut model, &[Action::Down]);
    }
    assert_eq!(model.home.selected, new);
    assert!(matches!(model.home.target(), Some(TodoTarget::Requests(_))));
    keys(&mut model, &[Action::Open]);
    assert_eq!(model.tab, Tab::Records(relais::app::ui::Screen::Requests));
    assert_eq!(model.view, View::Browse);
    let list = model.list();
    assert_eq!(list.filter("status"), Some("new"));
    assert_eq!(list.filter("departement"), Some("06"));
    assert_eq!(list.total as u64, dashboard.attention.new_requests);
    assert!((0..list.total).all(|index| {
        list.row(index)
            .is_none_or(|record| record.get("status") == Some("new"))
    }));
    // Back on the dashboard, "conflits" opens the conflicts screen and the
    // exchanges line the synchronisation.
    keys(&mut model, &[Action::Screen(0)]);
    settle(&mut model);
    for (line, tab) in [
        (Todo::Conflicts, Tab::Conflicts),
        (Todo::NoExchange, Tab::Sync),
    ] {
        keys(&mut model, &[Action::Screen(0), Action::Top]);
        for _ in 0..at(&line) {
            keys(&mut model, &[Action::Down]);
        }
        keys(&mut model, &[Action::Open]);
        assert_eq!(model.tab, tab, "{line:?}");
    }
    // The review items are a count to read: Enter does nothing there.
    keys(&mut model, &[Action::Screen(0), Action::Top]);
    for _ in 0..at(&Todo::Review) {
        keys(&mut model, &[Action::Down]);
    }
    keys(&mut model, &[Action::Open]);
    assert_eq!(model.tab, Tab::Home);
}

#[test]
fn the_year_selector_shows_another_year_and_stops_at_this_one() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo_site(dir.path(), "13", "regional");
    let mut model = open(&path, Lang::Fr);
    update(&mut model, Action::Tick);
    settle(&mut model);
    insta::assert_snapshot!("home_demo_lead_fr", screen(&model));
    let this_year = model.home.dashboard.as_ref().unwrap().year;
    assert_eq!(this_year, 2026);
    // Next year does not exist yet.
    keys(&mut model, &[Action::OptionNext]);
    assert_eq!(model.home.dashboard.as_ref().map(|d| d.year), Some(2026));
    keys(&mut model, &[Action::OptionPrev]);
    update(&mut model, Action::Tick);
    settle(&mut model);
    let before = model.home.dashboard.as_ref().expect("2025");
    assert_eq!(before.year, 2025);
    let app = App::open(&path, Config::default(), clock()).unwrap();
    assert_eq!(
        before.indicators,
        relais::app::ui::home::load(&app, Some(2025))
            .unwrap()
            .indicators
    );
    let text = screen(&model);
    assert!(text.contains("Région · 2025"), "{text}");
    insta::assert_snapshot!("home_demo_lead_2025_fr", text);
    keys(&mut model, &[Action::OptionNext]);
    update(&mut model, Action::Tick);
    settle(&mut model);
    assert_eq!(model.home.dashboard.as_ref().map(|d| d.year), Some(2026));
}

#[test]
fn the_epn_dashboard_fits_80_by_24() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo_site(dir.path(), "06", "epn");
    let mut model = open(&path, Lang::Fr);
    update(&mut model, Action::Tick);
    settle(&mut model);
    let text = screen(&model);
    assert!(!text.contains('…'), "no figure cut:\n{text}");
    insta::assert_snapshot!("home_demo_epn_fr", text);
}

fn list_json(path: &Path, kind: &str) -> Vec<Value> {
    let output = assert_cmd::Command::cargo_bin("relais")
        .unwrap()
        .env("RELAIS_NOW", "2026-11-26T09:00:00Z")
        .env("LANG", "C.UTF-8")
        .arg("--db")
        .arg(path)
        .args(["list", kind, "--json"])
        .output()
        .unwrap();
    assert!(output.status.success());
    serde_json::from_slice::<Value>(&output.stdout)
        .unwrap()
        .as_array()
        .unwrap()
        .clone()
}

#[test]
fn the_demo_looks_real_titles_budget_hours_and_deliverables() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo_site(dir.path(), "13", "regional");
    // No title twice, none numbered, at the default size.
    for (kind, field) in [
        ("request", "title"),
        ("workshop", "title"),
        ("deliverable", "title"),
        ("developer", "name"),
        ("org", "name"),
    ] {
        let rows = list_json(&path, kind);
        assert!(!rows.is_empty(), "{kind}");
        let mut titles: Vec<&str> = rows.iter().map(|r| r[field].as_str().unwrap()).collect();
        assert!(
            titles.iter().all(|t| !t.contains('#')),
            "{kind}: {titles:?}"
        );
        titles.sort_unstable();
        let count = titles.len();
        titles.dedup();
        assert_eq!(titles.len(), count, "{kind}: a title twice");
    }
    // Budget lines add up to the 280 000 € envelope each year, in the
    // funders' categories.
    let budget = list_json(&path, "budget");
    for year in [2025, 2026] {
        let lines: Vec<&Value> = budget.iter().filter(|l| l["year"] == year).collect();
        let total: f64 = lines.iter().map(|l| number(&l["amount"])).sum();
        assert_eq!(total, 280_000.0, "{year}");
        for category in ["staff", "equipment", "services", "travel"] {
            assert!(
                lines.iter().any(|l| l["category"] == category),
                "{year}: {category}"
            );
        }
    }
    // Six departmental developers and a regional lead log a believable
    // year (full time ≈ 1 500 h); volunteers and students a few hours.
    for (year, low, high) in [(2025, 1_350.0, 1_650.0), (2026, 1_250.0, 1_600.0)] {
        let json = report_json(&path, &["--year", &year.to_string()]);
        let developers = json["developers"].as_array().unwrap();
        let staff: Vec<&Value> = developers
            .iter()
            .filter(|d| matches!(d["role"].as_str(), Some("departmental" | "regional_lead")))
            .collect();
        assert_eq!(staff.len(), 7, "{year}");
        assert_eq!(
            staff
                .iter()
                .filter(|d| d["role"] == "regional_lead")
                .count(),
            1
        );
        for person in &staff {
            let hours = number(&person["hours"]);
            assert!(
                (low..=high).contains(&hours),
                "{year}: {} logs {hours} h",
                person["name"]
            );
            // Most of a year goes to the requests and the workshops, the
            // rest to the network's own work.
            let on_requests = number(&person["request_hours"]);
            assert!(
                (0.25 * hours..=0.75 * hours).contains(&on_requests),
                "{year}: {} logs {on_requests} h of {hours} on requests",
                person["name"]
            );
        }
        for helper in developers.iter().filter(|d| !staff.contains(d)) {
            assert!(number(&helper["hours"]) < 200.0, "{year}: {helper}");
        }
    }
    // A request takes about its estimate once delivered, less before, a
    // few hours while it is qualified (it once showed 2 172 h spent on
    // 40 h estimated, not even qualified); volunteers add a few hours.
    let mut spent: std::collections::HashMap<&str, f64> = Default::default();
    let entries = list_json(&path, "time");
    for entry in &entries {
        if let Some(request) = entry["request"].as_str() {
            *spent.entry(request).or_default() += number(&entry["hours"]);
        } else if entry["workshop"].is_null() {
            assert!(
                entry["note"].as_str().is_some_and(|n| !n.is_empty()),
                "{entry}"
            );
        }
    }
    for request in list_json(&path, "request") {
        let estimated = number(&request["estimated_hours"]);
        let hours = spent
            .get(request["id"].as_str().unwrap())
            .copied()
            .unwrap_or(0.0);
        let most = match request["status"].as_str().unwrap() {
            "new" | "qualified" => 40.0,
            _ => 1.3 * estimated + 40.0,
        };
        assert!(
            hours <= most,
            "{}: {hours} h on {estimated} h estimated",
            request["title"]
        );
    }
    // Every skill has someone in the region (the skills map once showed
    // nobody in GIS, wanted by most requests).
    let developers = list_json(&path, "developer");
    for skill in relais::domain::Vocab::Skill.slugs() {
        assert!(
            developers.iter().any(|d| !d["skills"][skill].is_null()),
            "nobody in {skill}"
        );
    }
    // A contributive weekend lasts two days, the other workshops an
    // afternoon (every workshop once lasted two to four hours).
    for workshop in list_json(&path, "workshop") {
        let duration = number(&workshop["duration"]);
        let range = match workshop["kind"].as_str() {
            Some("hackathon") => 10.0..=14.0,
            _ => 2.0..=4.0,
        };
        assert!(range.contains(&duration), "{workshop}");
    }
    // Deliverables: real-looking addresses and SPDX licences.
    for deliverable in list_json(&path, "deliverable") {
        let url = deliverable["url"].as_str().unwrap();
        assert!(
            [
                "https://umap.openstreetmap.fr/fr/map/",
                "https://www.data.gouv.fr/fr/datasets/",
                "https://codeberg.org/relais-sud/",
                "https://gitlab.com/relais-sud/",
            ]
            .iter()
            .any(|prefix| url.starts_with(prefix)),
            "{url}"
        );
        assert!(!url.contains(' ') && !url.contains("--"), "{url}");
        let licence = deliverable["licence"].as_str().unwrap();
        assert!(
            [
                "etalab-2.0",
                "ODbL-1.0",
                "CC-BY-4.0",
                "CC-BY-SA-4.0",
                "MIT",
                "AGPL-3.0-or-later",
                "GPL-3.0-or-later",
                "EUPL-1.2"
            ]
            .contains(&licence),
            "{licence}"
        );
    }
}

#[test]
fn the_demo_stays_deterministic_and_scales() {
    let dir = tempfile::tempdir().unwrap();
    let first = demo_site(dir.path(), "13", "regional");
    let other = tempfile::tempdir().unwrap();
    let second = demo_site(other.path(), "13", "regional");
    let titles = |path: &Path| {
        let mut rows: Vec<String> = list_json(path, "workshop")
            .iter()
            .map(|r| r["title"].as_str().unwrap().to_string())
            .collect();
        rows.sort();
        rows
    };
    assert_eq!(titles(&first), titles(&second));
    // A benchmark scale still loads (names may be numbered there), with
    // local branches of the named organisations, none named twice.
    let big = dir.path().join("big.db");
    site(&big, "Site", "13", "regional", "Léa");
    let mut app = App::open(&big, Config::default(), clock()).unwrap();
    let summary = demo::load(
        &mut app,
        7,
        DemoSize::for_requests(Some(3_000)),
        &mut |_, _| {},
    )
    .unwrap();
    assert!(summary.changes > 0);
    drop(app);
    for (kind, label) in [("org", "name"), ("request", "title")] {
        let mut names: Vec<String> = list_json(&big, kind)
            .iter()
            .map(|r| r[label].as_str().unwrap().to_string())
            .collect();
        let count = names.len();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), count, "{kind}: a {label} given twice");
        let branches = names.iter().filter(|name| name.contains(" — ")).count();
        assert!(kind != "org" || branches > 100, "{branches} branches");
    }
}

#[test]
fn region_scale_counts_on_the_home_screen_read_with_a_thousands_separator() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo_site(dir.path(), "13", "regional");
    let mut model = open(&path, Lang::Fr);
    update(&mut model, Action::Tick);
    settle(&mut model);
    // The figures of a region at scale, put in the computed dashboard: the
    // view alone decides how they read.
    let dashboard = model.home.dashboard.as_mut().unwrap();
    dashboard.bar_values = vec![("13".to_string(), 13_040), ("84".to_string(), 6_015)];
    dashboard.indicators.figures.received_by_month = [3_000; 12];
    dashboard.attention.new_requests = 14_993;
    dashboard.attention.new_requests_in_year = 5_996;
    dashboard.attention.dangling_references = 1_200;
    let by_status = &mut dashboard.indicators.figures.requests_by_status;
    for (status, count) in [
        ("new", 14_993),
        ("qualified", 12_004),
        ("assigned", 10_220),
        ("in_progress", 9_020),
        ("delivered", 9_815),
        ("abandoned", 3_120),
    ] {
        by_status.insert(status.to_string(), count);
    }
    let text = screen(&model);
    for grouped in [
        // All six statuses on 80 columns: the short labels.
        "Nouv. 14 993 Qual. 12 004 Attr. 10 220 En cours 9 020 Livrée 9 815 Aband. 3 120",
        "13 040",
        "6 015",
        "36 000 dans l'année · pic 3 000/mois",
        "14 993 nouvelles demandes à qualifier, dont 5 996 de 2026",
        "réf. manquantes 1 200",
    ] {
        assert!(text.contains(grouped), "{grouped:?} not in\n{text}");
    }
    model.lang = Lang::En;
    let text = screen(&model);
    let statuses = "New 14,993 Qual. 12,004 Assign. 10,220 Ongoing 9,020 Deliv. 9,815 Aband. 3,120";
    assert!(text.contains(statuses), "{statuses:?} not in\n{text}");
}

#[test]
fn a_scrolled_list_sorted_by_status_reads_in_the_workflow_order_with_its_count_kept() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo_site(dir.path(), "13", "regional");
    let mut model = open(&path, Lang::Fr);
    keys(&mut model, &[Action::Screen(1), Action::Tick]);
    keys(&mut model, &[Action::PageDown, Action::PageDown]);
    let total = model.list().total;
    let selected = model.list().selected;
    assert!(total > 30 && selected > 10, "{total} rows, row {selected}");
    update(&mut model, Action::Sort);
    assert_eq!(model.list().query.sort, "status");
    assert_eq!(model.list().total, total, "a new order, the same count");
    let workflow: Vec<&str> = Vocab::Status.slugs();
    let at_selected = model.list().selected_record().unwrap().id.clone();
    let mut ranks = Vec::new();
    for index in 0..total {
        update(&mut model, Action::Select(index));
        let record = model.list().selected_record().unwrap();
        if index == selected {
            assert_eq!(record.id, at_selected, "the rows read after the sort");
        }
        let status = record.get("status").unwrap_or_default();
        // A slug the vocabulary does not know sorts last.
        let rank = workflow.iter().position(|slug| *slug == status);
        ranks.push(rank.unwrap_or(usize::MAX));
    }
    assert!(ranks.is_sorted(), "{ranks:?}");
    assert!(ranks.first() != ranks.last(), "several statuses: {ranks:?}");
}

/// Spent over the budget: the bar is full, in the error colour, and the
/// figures beside it say by how much.
#[test]
fn an_overspent_budget_fills_its_bar_in_the_error_colour() {
    use ratatui::style::Color;

    let dir = tempfile::tempdir().unwrap();
    let path = demo_site(dir.path(), "13", "regional");
    // The year's budget lines but the smallest withdrawn.
    let mut lines: Vec<Value> = list_json(&path, "budget")
        .into_iter()
        .filter(|line| line["year"] == 2026)
        .collect();
    lines.sort_by(|a, b| number(&a["amount"]).total_cmp(&number(&b["amount"])));
    let mut app = App::open(&path, Config::default(), clock()).unwrap();
    for line in &lines[1..] {
        app.remove(Kind::Budget, line["id"].as_str().unwrap())
            .unwrap();
    }
    drop(app);
    let mut model = open(&path, Lang::Fr);
    update(&mut model, Action::Tick);
    settle(&mut model);
    let terminal = drawn(&model, (80, 24), true);
    let buffer = terminal.backend().buffer();
    let row = (0..24)
        .find(|&y| buffer[(0, y)].symbol() == "B")
        .expect("the budget line");
    let line: String = (0..80).map(|x| buffer[(x, row)].symbol()).collect();
    let full = format!("Budget : {} ", "█".repeat(24));
    assert!(line.starts_with(&full) && line.contains(" € / "), "{line}");
    let bar: Vec<Color> = (9..33).map(|x| buffer[(x, row)].fg).collect();
    assert!(bar.iter().all(|fg| *fg == Color::Red), "{bar:?}");
}

/// The heading's year keys (« [ année précédente  ] suivante ») are drawn
/// as the footer draws its keys, and their words as quieter text: they read
/// as keys to press, not as a bracketed label.
#[test]
fn the_year_keys_are_drawn_as_the_footer_draws_keys() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo_site(dir.path(), "13", "regional");
    let mut model = open(&path, Lang::Fr);
    update(&mut model, Action::Tick);
    settle(&mut model);
    let terminal = drawn(&model, (80, 24), true);
    let buffer = terminal.backend().buffer();
    let heading: String = (0..80).map(|x| buffer[(x, 1)].symbol()).collect();
    assert!(
        heading.contains("   [ année précédente  ] suivante"),
        "{heading}"
    );
    let footer_key = buffer[(0, 23)].style();
    assert_eq!(buffer[(0, 23)].symbol(), "T", "the footer starts with Tab");
    // The column of `text` (one cell a character on this line).
    let at = |text: &str| {
        let found = heading.find(text).expect("in the heading");
        u16::try_from(heading[..found].chars().count()).unwrap()
    };
    for key in ["[", "]"] {
        assert_eq!(buffer[(at(key), 1)].style(), footer_key, "{key}");
    }
    let word = buffer[(at("année"), 1)].style();
    assert_ne!(word, footer_key);
    assert_eq!(word, buffer[(at("suivante"), 1)].style());
}
