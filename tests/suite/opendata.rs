//! Open data as people reuse it: the catalogue, skills map, workshops and
//! website published from the demo data carry no personal data, every CSV
//! validates against its Table Schema with the reference validator, and the
//! GeoJSON is an RFC 7946 FeatureCollection of Points inside the region.

use crate::opendata_support;

use opendata_support::{Env, copy_schemas, frictionless_available, validate};
use serde_json::Value;
use std::path::{Path, PathBuf};

/// A demo installation with one developer whose name and e-mail we know.
fn published_env() -> (Env, [String; 2]) {
    let env = Env::initialised();
    env.ok(&["demo", "--seed", "7"]);
    env.ok(&[
        "add",
        "developer",
        "name=Zoé Témoin-Unique",
        "email=zoe.temoin@example.org",
        "departement=04",
        "skills=web:2",
        "availability=12",
    ]);
    let known = [
        "Zoé Témoin-Unique".to_string(),
        "zoe.temoin@example.org".to_string(),
    ];
    (env, known)
}

/// Every developer's name and e-mail in the database.
fn personal_data(env: &Env) -> Vec<String> {
    let developers = env.json(&["list", "developer", "--json"]);
    let mut values = Vec::new();
    for developer in developers.as_array().expect("developers") {
        for field in ["name", "email"] {
            if let Some(value) = developer[field].as_str() {
                values.push(value.to_string());
            }
        }
    }
    assert!(values.len() > 4, "the demo has developers");
    values
}

fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).expect("read dir").flatten() {
        let path = entry.path();
        if path.is_dir() {
            files.extend(files_under(&path));
        } else {
            files.push(path);
        }
    }
    files
}

fn assert_no_personal_data(files: &[PathBuf], personal: &[String]) {
    for file in files {
        let text = std::fs::read_to_string(file).expect("read output");
        for value in personal {
            assert!(
                !text.contains(value.as_str()),
                "{} contains {value}",
                file.display()
            );
        }
    }
}

fn header(path: &Path) -> String {
    let text = std::fs::read_to_string(path).expect("read csv");
    text.lines().next().unwrap_or_default().to_string()
}

/// RFC 7946: a FeatureCollection of Features with Point geometries,
/// `[lon, lat]` inside the region's bounds, no `crs` member.
fn assert_geojson_points_in_paca(path: &Path) -> usize {
    let text = std::fs::read_to_string(path).expect("read geojson");
    let document: Value = serde_json::from_str(&text).expect("GeoJSON is JSON");
    assert_eq!(document["type"], "FeatureCollection");
    assert!(document.get("crs").is_none(), "RFC 7946 has no crs member");
    let features = document["features"].as_array().expect("features");
    for feature in features {
        assert_eq!(feature["type"], "Feature");
        assert!(feature["properties"].is_object());
        assert_eq!(feature["geometry"]["type"], "Point");
        let coordinates = feature["geometry"]["coordinates"]
            .as_array()
            .expect("coordinates");
        assert_eq!(coordinates.len(), 2);
        let lon = coordinates[0].as_f64().expect("longitude");
        let lat = coordinates[1].as_f64().expect("latitude");
        assert!((4.2..=7.8).contains(&lon), "longitude {lon}");
        assert!((42.9..=45.2).contains(&lat), "latitude {lat}");
    }
    features.len()
}

#[test]
fn published_files_have_public_columns_no_personal_data_and_validate() {
    let (env, known) = published_env();
    let mut personal = personal_data(&env);
    personal.extend(known.iter().cloned());
    let out = env.path("out");
    std::fs::create_dir_all(&out).unwrap();
    let write = |dataset: &str, format: &str, name: &str| {
        let path = out.join(name);
        let summary = env.json(&[
            "publish",
            dataset,
            "--format",
            format,
            "--out",
            path.to_str().unwrap(),
            "--json",
        ]);
        summary["rows"].as_u64().expect("rows")
    };
    let catalogue_rows = write("catalogue", "csv", "catalogue.csv");
    assert!(catalogue_rows > 0, "the demo has deliverables");
    assert_eq!(write("catalogue", "json", "catalogue.json"), catalogue_rows);
    let placed = write("catalogue", "geojson", "catalogue.geojson");
    assert!(write("skills", "csv", "skills.csv") > 0);
    write("skills", "json", "skills.json");
    assert!(write("workshops", "csv", "workshops.csv") > 0);
    write("workshops", "json", "workshops.json");

    assert_eq!(
        header(&out.join("catalogue.csv")),
        "id,title,kind,organisation,departement,commune,url,licence,published_on,request_title"
    );
    assert_eq!(
        header(&out.join("skills.csv")),
        "departement,skill,available_developers,open_requests_wanting,gap"
    );
    assert_eq!(
        header(&out.join("workshops.csv")),
        "departement,year,kind,workshops,participants,hours"
    );
    let catalogue: Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("catalogue.json")).unwrap())
            .unwrap();
    assert_eq!(catalogue.as_array().unwrap().len() as u64, catalogue_rows);
    // Newest first, then by title and id (a date missing last): the order
    // the site's index shows, kept when the sort left the date's index.
    let field = |row: &Value, name: &str| row[name].as_str().unwrap_or_default().to_string();
    let order: Vec<(String, String, String)> = catalogue
        .as_array()
        .unwrap()
        .iter()
        .map(|row| {
            (
                field(row, "published_on"),
                field(row, "title"),
                field(row, "id"),
            )
        })
        .collect();
    let mut sorted = order.clone();
    sorted.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| (&a.1, &a.2).cmp(&(&b.1, &b.2))));
    assert_eq!(order, sorted);
    assert!(order.first().map(|row| &row.0) > order.last().map(|row| &row.0));
    assert_eq!(
        assert_geojson_points_in_paca(&out.join("catalogue.geojson")) as u64,
        placed
    );
    assert!(placed > 0 && placed <= catalogue_rows);

    // Standard output gives the same file as --out.
    let stdout = env.ok(&["publish", "catalogue"]);
    assert_eq!(
        stdout,
        std::fs::read_to_string(out.join("catalogue.csv")).unwrap()
    );

    let site = env.path("site");
    let summary = env.json(&["publish", "site", "--out", site.to_str().unwrap(), "--json"]);
    assert_eq!(summary["deliverables"].as_u64(), Some(catalogue_rows));
    let site_files = files_under(&site);
    let pages = files_under(&site.join("livrables"));
    assert_eq!(
        pages.len() as u64,
        catalogue_rows,
        "one page per deliverable"
    );
    let index = std::fs::read_to_string(site.join("index.html")).unwrap();
    assert!(index.contains("<svg") && index.contains("donnees/catalogue.geojson"));
    assert!(!index.contains("<script"), "no JavaScript needed");
    let licensed = pages.iter().any(|page| {
        let text = std::fs::read_to_string(page).unwrap();
        text.contains("rel=\"license\"") && text.contains("https://")
    });
    assert!(licensed, "pages give the licence and the source address");
    assert_geojson_points_in_paca(&site.join("donnees/catalogue.geojson"));

    let mut all_files = files_under(&out);
    all_files.extend(site_files);
    assert_no_personal_data(&all_files, &personal);

    if frictionless_available() {
        copy_schemas(&out);
        validate(&out, "catalogue.json", "catalogue.csv");
        validate(&out, "skills.json", "skills.csv");
        validate(&out, "workshops.json", "workshops.csv");
        let data = site.join("donnees");
        validate(&data, "catalogue.schema.json", "catalogue.csv");
        validate(&data, "competences.schema.json", "competences.csv");
        validate(&data, "ateliers.schema.json", "ateliers.csv");
    }
}

#[test]
fn counts_refuse_geojson_and_an_unwritable_file_says_so() {
    let (env, _) = published_env();
    let message = env.fails(&["publish", "skills", "--format", "geojson"]);
    assert!(message.contains("GeoJSON"), "{message}");
    let missing = env.path("no/such/dir/catalogue.csv");
    let message = env.fails(&["publish", "catalogue", "--out", missing.to_str().unwrap()]);
    assert!(message.contains("catalogue.csv"), "{message}");
}

#[test]
fn an_empty_database_publishes_headers_and_an_empty_collection() {
    let env = Env::initialised();
    let csv = env.ok(&["publish", "catalogue"]);
    assert_eq!(csv.lines().count(), 1, "{csv}");
    let geojson: Value =
        serde_json::from_str(&env.ok(&["publish", "catalogue", "--format", "geojson"])).unwrap();
    assert_eq!(geojson["features"].as_array().map(Vec::len), Some(0));
}
