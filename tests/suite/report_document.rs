//! The yearly report on a small hand-built year: every indicator asserted,
//! golden Markdown, CSV and JSON, the HTML checked for its sections and
//! charts (and printed to PDF by headless Chromium), the XLSX reopened with
//! calamine, and the dashboard agreeing with `report --json`.

use crate::app_support;

use app_support::assignments;
use assert_cmd::Command;
use relais::app::identity::{InitRequest, init};
use relais::app::report::{ReportDocument, ReportFormat};
use relais::app::{App, Config};
use relais::domain::clock::FixedClock;
use relais::domain::{BudgetCategory, Kind};
use relais::i18n::Lang;
use std::path::{Path, PathBuf};
use std::sync::Arc;

const TODAY: &str = "2026-11-26";

fn config() -> Config {
    Config {
        hourly_cost: Some(40.0),
        ..Config::default()
    }
}

/// A regional installation holding a small, known year.
fn year(dir: &Path) -> (PathBuf, App) {
    let path = dir.join("r.db");
    let clock = Arc::new(FixedClock::parse(TODAY).unwrap());
    init(
        &path,
        clock.clone(),
        &InitRequest {
            name: "Région",
            departement: "13",
            role: "regional",
            author: Some("Anne"),
        },
    )
    .unwrap();
    let mut app = App::open(&path, config(), clock).unwrap();
    let mut add = |kind: Kind, pairs: &[(&str, &str)]| app.add(kind, &assignments(pairs)).unwrap();
    let pnr = add(
        Kind::Org,
        &[
            ("name", "PNR du Verdon"),
            ("kind", "pnr"),
            ("departement", "04"),
            ("commune", "04070"),
        ],
    );
    let asso = add(
        Kind::Org,
        &[
            ("name", "Maison de l'Europe"),
            ("kind", "association"),
            ("departement", "13"),
            ("commune", "13055"),
        ],
    );
    let lea = add(
        Kind::Developer,
        &[
            ("name", "Léa Martin"),
            ("departement", "04"),
            ("role", "departmental"),
            ("skills", "gis:2,web:1"),
            ("availability", "100"),
        ],
    );
    let karim = add(
        Kind::Developer,
        &[
            ("name", "Karim Benali"),
            ("departement", "13"),
            ("role", "volunteer"),
            ("skills", "web:3"),
            ("availability", "10"),
        ],
    );
    let map = add(
        Kind::Request,
        &[
            ("title", "Carte du patrimoine"),
            ("organisation", &pnr),
            ("departement", "04"),
            ("category", "map"),
            ("received_on", "2026-01-10"),
            ("estimated_hours", "40"),
        ],
    );
    let site = add(
        Kind::Request,
        &[
            ("title", "Site des initiatives"),
            ("organisation", &asso),
            ("departement", "13"),
            ("category", "website"),
            ("received_on", "2026-02-01"),
        ],
    );
    add(
        Kind::Request,
        &[
            ("title", "Base des jumelages"),
            ("departement", "13"),
            ("category", "database"),
            ("received_on", "2026-05-01"),
        ],
    );
    add(
        Kind::Request,
        &[
            ("title", "Ancienne"),
            ("departement", "13"),
            ("received_on", "2025-05-01"),
        ],
    );
    for (request, delivered_on) in [(&map, "2026-03-11"), (&site, "2026-02-21")] {
        for status in ["qualified", "assigned", "in_progress"] {
            // An assigned request has its developer.
            let mut change = vec![("status", status)];
            if status == "assigned" {
                change.push(("developers", lea.as_str()));
            }
            app.set(Kind::Request, request, &assignments(&change))
                .unwrap();
        }
        app.set(
            Kind::Request,
            request,
            &assignments(&[("status", "delivered"), ("delivered_on", delivered_on)]),
        )
        .unwrap();
    }
    let mut add = |kind: Kind, pairs: &[(&str, &str)]| app.add(kind, &assignments(pairs)).unwrap();
    let workshop = add(
        Kind::Workshop,
        &[
            ("title", "Atelier carte sensible"),
            ("kind", "cocreation"),
            ("date", "2026-04-02"),
            ("request", &map),
            ("participants", "12"),
            ("breakdown", "women:7,not_given:5"),
            ("duration", "3"),
        ],
    );
    for (developer, date, hours, target, id) in [
        (&lea, "2026-02-03", "7.5", "request", &map),
        (&lea, "2026-04-02", "5", "workshop", &workshop),
        (&karim, "2026-02-10", "4", "request", &site),
        (&lea, "2025-12-30", "3", "request", &map),
    ] {
        add(
            Kind::Time,
            &[
                ("developer", developer),
                ("date", date),
                ("hours", hours),
                (target, id),
            ],
        );
    }
    for (request, kind, licence, date) in [
        (&map, "map", "ODbL-1.0", "2026-03-11"),
        (&site, "website", "CC-BY-4.0", "2026-02-21"),
    ] {
        add(
            Kind::Deliverable,
            &[
                ("title", "Version publiée"),
                ("request", request),
                ("kind", kind),
                ("licence", licence),
                ("url", "https://umap.openstreetmap.fr/fr/map/patrimoine_1"),
                ("published_on", date),
            ],
        );
    }
    // A line with a category, two without (written before categories
    // existed, as on an old database): they count as "other".
    add(
        Kind::Budget,
        &[
            ("year", "2026"),
            ("amount", "200000"),
            ("label", "Salaires"),
            ("category", "staff"),
        ],
    );
    for (label, amount) in [("Ateliers", "20000"), ("Imprévus", "10000")] {
        add(
            Kind::Budget,
            &[("year", "2026"), ("amount", amount), ("label", label)],
        );
    }
    (path, app)
}

fn document(app: &App) -> ReportDocument {
    app.report(Some(2026), None).unwrap()
}

fn render(app: &App, format: ReportFormat) -> String {
    String::from_utf8(app.render_report(&document(app), format, Lang::Fr).unwrap()).unwrap()
}

#[test]
fn every_indicator_of_a_small_year() {
    let dir = tempfile::tempdir().unwrap();
    let (_, app) = year(dir.path());
    let doc = document(&app);
    let codes: Vec<Option<&str>> = doc.areas.iter().map(|a| a.departement.as_deref()).collect();
    assert_eq!(codes, [Some("04"), Some("13"), None]);
    let region = doc.region().unwrap();
    assert_eq!(region.requests_received, 3);
    assert_eq!(region.requests_by_status.get("delivered"), Some(&2));
    assert_eq!(region.requests_by_status.get("new"), Some(&1));
    assert_eq!(region.requests_delivered, 2);
    assert_eq!(region.median_days_to_delivery, Some(40.0), "(60 + 20) / 2");
    assert_eq!(region.requests_by_category.len(), 3);
    assert_eq!(region.organisations_served, 2);
    assert_eq!(region.organisations_by_kind.get("pnr"), Some(&1));
    assert_eq!(region.workshops, 1);
    assert_eq!(region.participants, 12);
    assert_eq!(region.participants_breakdown.get("women"), Some(&7));
    assert_eq!(region.participants_breakdown.get("not_given"), Some(&5));
    assert_eq!(region.workshop_hours, 3.0);
    assert_eq!(region.workshops_by_kind[0].kind, "cocreation");
    assert_eq!(region.developer_hours, 16.5);
    assert_eq!(region.active_developers, 2);
    assert_eq!(region.availability_hours, 1320.0);
    assert_eq!(region.developers_by_skill.get("web"), Some(&2));
    assert_eq!(region.deliverables_by_licence.get("ODbL-1.0"), Some(&1));
    assert_eq!(region.deliverables_by_kind.get("website"), Some(&1));
    assert_eq!(region.hours_by_month[1], 11.5);
    assert_eq!(region.hours_by_month[3], 5.0);
    assert_eq!(region.received_by_month[4], 1);

    let alpes = &doc.areas[0];
    assert_eq!((alpes.requests_received, alpes.developer_hours), (1, 12.5));
    assert_eq!(alpes.workshops, 1);
    let bouches = &doc.areas[1];
    assert_eq!(
        (bouches.requests_received, bouches.developer_hours),
        (2, 4.0)
    );
    assert_eq!(bouches.median_days_to_delivery, Some(20.0));

    // Hours by developer, against availability, split requests / workshops.
    let lea = &doc.developers[0];
    assert_eq!(lea.name, "Léa Martin");
    assert_eq!(
        (lea.hours, lea.request_hours, lea.workshop_hours),
        (12.5, 7.5, 5.0)
    );
    assert_eq!(lea.availability_hours, 1200.0);
    assert_eq!(doc.developers[1].name, "Karim Benali");
    assert_eq!(doc.developers[1].hours, 4.0);
    // By request and by workshop.
    assert_eq!(doc.top_requests[0].title, "Carte du patrimoine");
    assert_eq!(
        (doc.top_requests[0].hours, doc.top_requests[0].planned),
        (7.5, Some(40.0))
    );
    assert_eq!(doc.top_workshops[0].title, "Atelier carte sensible");
    assert_eq!(
        (doc.top_workshops[0].hours, doc.top_workshops[0].planned),
        (5.0, Some(3.0))
    );

    // Budget: the lines make the envelope; hours at 40 €; what is left.
    let f = &doc.finances;
    assert_eq!(f.envelope, 230_000.0);
    assert_eq!(f.lines.len(), 3);
    assert_eq!(f.lines[0].label, "Salaires");
    assert_eq!(f.lines[0].category, BudgetCategory::Staff);
    assert_eq!(f.lines[1].category, BudgetCategory::Other);
    assert_eq!(f.lines_total, 230_000.0);
    // By category against the envelope, in the funders' order, "other" last.
    let by_category: Vec<(BudgetCategory, u64, f64)> = f
        .by_category
        .iter()
        .map(|row| (row.category, row.lines, row.amount))
        .collect();
    assert_eq!(
        by_category,
        [
            (BudgetCategory::Staff, 1, 200_000.0),
            (BudgetCategory::Other, 2, 30_000.0)
        ]
    );
    // Deliverables of the year at their organisation's commune, for the map.
    let places: Vec<(Option<&str>, u64)> = doc
        .deliverable_places
        .iter()
        .map(|place| (place.commune.as_deref(), place.deliverables))
        .collect();
    assert_eq!(places, [(Some("04070"), 1), (Some("13055"), 1)]);
    assert_eq!(f.spent, 660.0);
    assert_eq!(f.left, 229_340.0);
    let by_dep: Vec<(Option<&str>, f64)> = f
        .by_departement
        .iter()
        .map(|row| (row.departement.as_deref(), row.spent))
        .collect();
    assert_eq!(by_dep, [(Some("04"), 500.0), (Some("13"), 160.0)]);
    assert_eq!(f.by_month[1].spent, 460.0);
    assert_eq!(f.by_month.len(), 12);

    // One département asked for: its column only, its own lists.
    let only = app.report(Some(2026), Some("13")).unwrap();
    assert_eq!(only.areas.len(), 1);
    assert_eq!(only.developers.len(), 1);
    assert_eq!(only.finances.spent, 160.0);
}

#[test]
fn markdown_csv_and_json_match_their_golden_files() {
    let dir = tempfile::tempdir().unwrap();
    let (_, app) = year(dir.path());
    insta::assert_snapshot!("report_md_fr", render(&app, ReportFormat::Markdown));
    insta::assert_snapshot!("report_json", render(&app, ReportFormat::Json));
    let out = dir.path().join("csv");
    let written = app
        .write_report(
            (Some(2026), None),
            ReportFormat::Csv,
            Lang::Fr,
            &out,
            &mut |_, _| {},
        )
        .unwrap();
    assert_eq!(written.files.len(), 18);
    let mut all = String::new();
    for file in &written.files {
        let text = std::fs::read_to_string(file).unwrap();
        assert!(
            text.ends_with("\r\n"),
            "RFC 4180 line ends: {}",
            file.display()
        );
        all.push_str(&format!(
            "== {}\n{}",
            file.file_name().unwrap().to_string_lossy(),
            text.replace("\r\n", "\n")
        ));
    }
    insta::assert_snapshot!("report_csv_fr", all);
}

/// `(opening, closing)` counts of a tag.
fn balance(html: &str, tag: &str) -> (usize, usize) {
    (
        html.matches(&format!("<{tag}>")).count() + html.matches(&format!("<{tag} ")).count(),
        html.matches(&format!("</{tag}>")).count(),
    )
}

#[test]
fn html_is_self_contained_with_sections_and_charts() {
    let dir = tempfile::tempdir().unwrap();
    let (_, app) = year(dir.path());
    let html = render(&app, ReportFormat::Html);
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains("<html lang=\"fr\">"));
    for section in [
        "summary",
        "requests",
        "workshops",
        "hours",
        "deliverables",
        "budget",
        "map",
    ] {
        assert!(
            html.contains(&format!("<section id=\"{section}\"")),
            "section {section}"
        );
    }
    for tag in ["section", "table", "svg", "figure", "tr", "td", "th"] {
        let (open, close) = balance(&html, tag);
        assert_eq!(open, close, "<{tag}> opened {open}, closed {close}");
    }
    // Bars per département (requests, hours), two monthly lines, the budget
    // gauge, the region map.
    assert_eq!(balance(&html, "svg").0, 6);
    // The map: six départements, shaded by requests of the year with their
    // counts written, a marker at each of the two communes with deliverables.
    let map = &html[html.find("<section id=\"map\"").unwrap()..];
    let map = &map[..map.find("</section>").unwrap()];
    assert!(map.contains("<figcaption>Départements teintés"));
    assert_eq!(map.matches("<path ").count(), 6);
    assert_eq!(map.matches("<circle ").count(), 2);
    assert!(map.contains(">04 (1)</text>") && map.contains(">13 (2)</text>"));
    // Budget by category, lines without one counted as "Autre".
    assert!(html.contains("<h3 id=\"t-budget_categories\">Budget par catégorie de dépense</h3>"));
    assert!(html.contains("<td>Salaires et charges</td>") && html.contains("<td>Autre</td>"));
    assert!(html.contains("<polyline"));
    assert!(html.contains("@page { size: A4"));
    let lower = html.to_lowercase();
    assert!(!lower.contains("<script"), "no script");
    assert!(!lower.contains("<link"), "no linked resource");
    assert!(!lower.contains("src="), "no embedded remote resource");
    let without_namespace = lower.replace("xmlns=\"http://www.w3.org/2000/svg\"", "");
    assert!(
        !without_namespace.contains("http://") && !without_namespace.contains("https://"),
        "no remote URL"
    );
    assert!(html.contains("230 000 €"), "the envelope in French");
}

#[test]
fn html_prints_to_pdf_with_headless_chromium() {
    let chromium = ["chromium", "chromium-browser", "google-chrome"]
        .into_iter()
        .find(|name| {
            std::process::Command::new(name)
                .arg("--version")
                .output()
                .is_ok_and(|o| o.status.success())
        });
    let Some(chromium) = chromium else {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "chromium is required under CI (.ci/run installs it)"
        );
        eprintln!("skipped: chromium is not installed (apt-get install chromium)");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let (_, app) = year(dir.path());
    let html = dir.path().join("report.html");
    let pdf = dir.path().join("report.pdf");
    app.write_report(
        (Some(2026), None),
        ReportFormat::Html,
        Lang::Fr,
        &html,
        &mut |_, _| {},
    )
    .unwrap();
    let output = std::process::Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-pdf-header-footer",
        ])
        .arg(format!(
            "--user-data-dir={}",
            dir.path().join("profile").display()
        ))
        .arg(format!("--print-to-pdf={}", pdf.display()))
        .arg(format!("file://{}", html.display()))
        .output()
        .unwrap();
    assert!(
        pdf.exists(),
        "no PDF: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let bytes = std::fs::read(&pdf).unwrap();
    assert!(bytes.starts_with(b"%PDF"));
    // Each page object is `/Type /Page` (the tree is `/Type /Pages`).
    let text = String::from_utf8_lossy(&bytes);
    let pages = text.matches("/Type /Page").count() - text.matches("/Type /Pages").count();
    assert!(pages >= 5, "one page per section at least, got {pages}");
    if let Ok(keep) = std::env::var("RELAIS_KEEP_PDF") {
        std::fs::copy(&pdf, keep).unwrap();
    }
}

#[test]
fn xlsx_reopens_with_one_typed_sheet_per_table() {
    use calamine::{Data, Reader, Xlsx, open_workbook};
    let dir = tempfile::tempdir().unwrap();
    let (_, app) = year(dir.path());
    let path = dir.path().join("report.xlsx");
    app.write_report(
        (Some(2026), None),
        ReportFormat::Xlsx,
        Lang::Fr,
        &path,
        &mut |_, _| {},
    )
    .unwrap();
    let mut workbook: Xlsx<_> = open_workbook(&path).unwrap();
    let names = workbook.sheet_names();
    assert_eq!(names.len(), 18);
    assert!(names.iter().all(|name| name.chars().count() <= 31));
    let developers = workbook
        .worksheet_range("Heures par développeur·se")
        .unwrap();
    assert_eq!(
        developers.get((0, 0)),
        Some(&Data::String("Développeur·se".into()))
    );
    assert_eq!(
        developers.get((1, 0)),
        Some(&Data::String("Léa Martin".into()))
    );
    assert_eq!(
        developers.get((1, 3)),
        Some(&Data::Float(12.5)),
        "hours stay numbers"
    );
    let budget = workbook.worksheet_range("Lignes budgétaires").unwrap();
    assert_eq!(
        budget.get((1, 1)),
        Some(&Data::String("Salaires et charges".into()))
    );
    assert_eq!(budget.get((1, 2)), Some(&Data::Float(200_000.0)));
    let categories = workbook
        .worksheet_range("Budget par catégorie de dépense")
        .unwrap();
    let row = |r: usize| {
        (0..4)
            .map(|c| categories.get((r, c)).cloned())
            .collect::<Vec<_>>()
    };
    assert_eq!(
        row(2)[..3],
        [
            Some(Data::String("Autre".into())),
            Some(Data::Float(2.0)),
            Some(Data::Float(30_000.0))
        ]
    );
    let requests = workbook.worksheet_range("Heures par demande").unwrap();
    match requests.get((1, 2)) {
        // Excel counts days from 1899-12-30: 46032 is 10 January 2026.
        Some(Data::DateTime(date)) => assert_eq!(date.as_f64(), 46032.0),
        other => panic!("a date cell, not {other:?}"),
    }
    // Percentages are fractions with a percent format.
    match budget.get((1, 3)) {
        Some(Data::Float(share)) => assert!((share - 200_000.0 / 230_000.0).abs() < 1e-9),
        other => panic!("a share, not {other:?}"),
    }
}

fn relais(path: &Path) -> Command {
    let mut cmd = Command::cargo_bin("relais").unwrap();
    cmd.env("RELAIS_NOW", TODAY)
        .env("LANG", "fr_FR.UTF-8")
        .env_remove("LANGUAGE")
        .env_remove("LC_ALL")
        .arg("--db")
        .arg(path);
    cmd
}

#[test]
fn the_dashboard_and_report_json_agree() {
    let dir = tempfile::tempdir().unwrap();
    let (path, app) = year(dir.path());
    let config = dir.path().join("config.toml");
    std::fs::write(&config, "hourly_cost = 40.0\n").unwrap();
    let output = relais(&path)
        .arg("--config")
        .arg(&config)
        .args(["report", "--json"])
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let region = json["areas"].as_array().unwrap().last().unwrap().clone();
    let dashboard = relais::app::ui::home::load(&app, None).unwrap();
    let shown = &dashboard.indicators;
    assert_eq!(dashboard.year, json["year"].as_i64().unwrap() as i32);
    assert_eq!(region["requests_received"], shown.figures.requests_received);
    assert_eq!(
        region["requests_delivered"],
        shown.figures.requests_delivered
    );
    assert_eq!(
        region["median_days_to_delivery"],
        shown.median_days_to_delivery.unwrap()
    );
    assert_eq!(region["workshops"], shown.figures.workshops);
    assert_eq!(region["participants"], shown.figures.participants);
    assert_eq!(region["workshop_hours"], shown.figures.workshop_hours);
    assert_eq!(region["developer_hours"], shown.figures.developer_hours);
    assert_eq!(region["active_developers"], shown.figures.active_developers);
    assert_eq!(region["budget_spent"], shown.budget_spent);
    assert_eq!(json["budget"], shown.budget);
    assert_eq!(json["finances"]["spent"], shown.budget_spent);
    for (index, count) in shown.figures.received_by_month.iter().enumerate() {
        assert_eq!(region["received_by_month"][index], *count);
    }
    // The dashboard's bars per département are the report's columns.
    for (code, count) in &dashboard.bar_values {
        let area = json["areas"]
            .as_array()
            .unwrap()
            .iter()
            .find(|area| area["departement"] == code.as_str())
            .unwrap_or_else(|| panic!("département {code} in the report"));
        assert_eq!(area["requests_received"], *count);
    }
}

#[test]
fn the_command_line_writes_each_format_and_says_where() {
    let dir = tempfile::tempdir().unwrap();
    let (path, _app) = year(dir.path());
    let csv = dir.path().join("tables");
    relais(&path)
        .args(["report", "--year", "2026", "--format", "csv", "--out"])
        .arg(&csv)
        .assert()
        .success()
        .stdout(predicates::str::contains("18 fichiers"));
    assert!(csv.join("budget_lines.csv").exists());
    let xlsx = dir.path().join("r.xlsx");
    relais(&path)
        .args(["report", "--format", "xlsx", "--out"])
        .arg(&xlsx)
        .assert()
        .success()
        // One file: its path says it all, no « (1 fichier) ».
        .stdout(predicates::str::ends_with("r.xlsx\n"));
    assert!(std::fs::read(&xlsx).unwrap().starts_with(b"PK"));
    relais(&path)
        .args(["report", "--format", "xlsx"])
        .assert()
        .failure()
        .stderr(predicates::str::contains("--out"));
    relais(&path)
        .args(["report", "--format", "md"])
        .assert()
        .success()
        .stdout(predicates::str::starts_with(
            "# Rapport annuel 2026 — Région",
        ));
    relais(&path)
        .args(["report", "--format", "pdf"])
        .assert()
        .failure();
}
