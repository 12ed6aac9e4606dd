//! The national places directory through the real binary: the real 2022
//! Région Sud file imports its places and reports exactly the rows it
//! cannot take; importing again changes nothing; the same file as
//! Windows-1252 with semicolons reads the same; LaMednum's example imports;
//! the export validates against LaMednum's schema; a workshop links a place;
//! coordinates typed by hand are checked.

use crate::opendata_support;

use opendata_support::{Env, fixture, frictionless_available, validate};
use serde_json::Value;

const REGION_SUD: &str = "regionsud_lieux_inclusion_numerique_2022.csv";

fn skipped(report: &Value) -> Vec<(u64, String)> {
    report["skipped"]
        .as_array()
        .expect("skipped")
        .iter()
        .map(|row| {
            (
                row["line"].as_u64().expect("line"),
                row["reason"].as_str().expect("reason").to_string(),
            )
        })
        .collect()
}

#[test]
fn the_region_sud_file_imports_its_places_once() {
    let env = Env::initialised();
    let file = fixture(REGION_SUD);
    let file = file.to_str().unwrap();
    let first = env.json(&["sites", "import", file, "--json"]);
    assert_eq!(first["format"], "region_sud");
    // 1,245 rows: four have neither postcode, INSEE code nor commune (their
    // columns are shifted in the source), so they cannot be placed.
    let expected: Vec<(u64, String)> = [637, 688, 1240, 1241]
        .into_iter()
        .map(|line| (line, "no_location".to_string()))
        .collect();
    assert_eq!(skipped(&first), expected);
    assert_eq!(first["rows"], 1241);
    assert_eq!(first["created"], 1241);
    assert_eq!(first["rows"].as_u64().unwrap() + 4, 1245);
    let derived = first["derived_insee"].as_u64().unwrap();
    assert!(
        derived > 1000,
        "INSEE codes derived from postcodes: {derived}"
    );

    let places = env.json(&["list", "place", "--json"]);
    let places = places.as_array().unwrap();
    assert_eq!(places.len(), 1241);
    let schebba = places
        .iter()
        .find(|p| p["name"] == "Association Schebba")
        .expect("first row");
    assert_eq!(schebba["postcode"], "13014");
    assert_eq!(
        schebba["commune"], "13055",
        "Marseille, not its arrondissement"
    );
    assert_eq!(schebba["departement"], "13");
    assert_eq!(schebba["latitude"], "43.333887");
    // Every row's date is 01/01/1970, the export's stand-in for none.
    assert!(places.iter().all(|p| p["updated_on"].is_null()));
    // A postcode that lost its leading zero gets it back.
    assert!(places.iter().any(|p| p["postcode"] == "04000"));

    let digest = env.digest();
    let second = env.json(&["sites", "import", file, "--json"]);
    assert_eq!(second["changes"], 0, "a second import writes nothing");
    assert_eq!(second["created"], 0);
    assert_eq!(second["unchanged"], 1241);
    assert_eq!(env.digest(), digest);
    let text = env.ok(&["sites", "import", file]);
    assert!(text.contains("line 688"), "{text}");
    // Counts read with the thousands separator, as everywhere else.
    assert!(
        text.contains("0 created, 0 updated, 1,241 unchanged"),
        "{text}"
    );
}

/// The fixture as a spreadsheet would save it: Windows-1252, semicolons, CRLF.
fn legacy_copy(dir: &std::path::Path) -> std::path::PathBuf {
    let text = std::fs::read_to_string(fixture(REGION_SUD)).unwrap();
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut writer = csv::WriterBuilder::new()
        .delimiter(b';')
        .terminator(csv::Terminator::CRLF)
        .flexible(true)
        .from_writer(Vec::new());
    for record in reader.records() {
        writer.write_record(&record.unwrap()).unwrap();
    }
    let utf8 = String::from_utf8(writer.into_inner().unwrap()).unwrap();
    let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(&utf8);
    let path = dir.join("lieux-1252.csv");
    std::fs::write(&path, &bytes).unwrap();
    assert!(std::str::from_utf8(&bytes).is_err(), "really not UTF-8");
    path
}

#[test]
fn a_windows_1252_semicolon_copy_reads_the_same() {
    let env = Env::initialised();
    let path = legacy_copy(env.dir.path());
    let report = env.json(&["sites", "import", path.to_str().unwrap(), "--json"]);
    assert_eq!(report["rows"], 1241);
    assert_eq!(skipped(&report).len(), 4);
    let places = env.json(&["list", "place", "--json"]);
    assert!(
        places
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p["commune_name"] == "Port-Saint-Louis-du-Rhône"),
        "accents survive the legacy encoding"
    );
}

#[test]
fn lamednum_files_import_and_the_export_validates_against_the_schema() {
    let env = Env::initialised();
    let example = fixture("lamednum_exemple-valide.csv");
    let report = env.json(&["sites", "import", example.to_str().unwrap(), "--json"]);
    assert_eq!(report["format"], "lamednum");
    assert_eq!(report["created"], 1);
    env.ok(&["sites", "import", fixture(REGION_SUD).to_str().unwrap()]);
    let out = env.path("lieux.csv");
    let export = env.json(&["sites", "export", "--out", out.to_str().unwrap(), "--json"]);
    let written = export["written"].as_u64().unwrap();
    let left_out = export["left_out"].as_u64().unwrap();
    assert_eq!(written + left_out, 1242);
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(text.starts_with("id,pivot,nom,commune,code_postal,code_insee,adresse,"));
    assert!(text.contains("structure-1,43493312300029,Anonymal,Reims,51100,51454,"));
    // The export reads back as the same places: nothing changes.
    let again = env.json(&["sites", "import", out.to_str().unwrap(), "--json"]);
    assert_eq!(again["format"], "lamednum");
    assert_eq!(again["created"], 0, "the same places, not copies");
    assert_eq!(
        env.json(&["list", "place", "--json"])
            .as_array()
            .unwrap()
            .len(),
        1242
    );
    // As GeoJSON: each place at its own coordinates, else at its commune.
    let geojson = env.ok(&["sites", "export", "--format", "geojson"]);
    let document: Value = serde_json::from_str(&geojson).unwrap();
    assert_eq!(document["type"], "FeatureCollection");
    let features = document["features"].as_array().unwrap();
    assert!(features.len() > 1200, "{}", features.len());
    let schebba = features
        .iter()
        .find(|f| f["properties"]["name"] == "Association Schebba")
        .unwrap();
    assert_eq!(
        schebba["geometry"]["coordinates"],
        serde_json::json!([5.392946, 43.333887]),
        "its own coordinates, not Marseille's centroid"
    );
    if frictionless_available() {
        let schema =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/schemas/lamednum.json");
        std::fs::copy(schema, env.path("lamednum.json")).unwrap();
        validate(env.dir.path(), "lamednum.json", "lieux.csv");
    }
}

#[test]
fn an_unknown_file_is_refused_whole_and_a_workshop_links_a_place() {
    let env = Env::initialised();
    let odd = env.path("odd.csv");
    std::fs::write(&odd, "a;b\n1;2\n").unwrap();
    let digest = env.digest();
    let message = env.fails(&["sites", "import", odd.to_str().unwrap()]);
    assert!(message.contains("LaMednum"), "{message}");
    assert_eq!(env.digest(), digest, "nothing imported");

    let place = first_example_place(&env);
    let workshop = env.ok(&["add", "workshop", "title=Atelier carte", "date=2026-11-20"]);
    let workshop = workshop
        .split_whitespace()
        .last()
        .unwrap()
        .trim_end_matches('.')
        .to_string();
    env.ok(&["set", "workshop", &workshop, &format!("place={place}")]);
    let shown = env.json(&["show", "workshop", &workshop, "--json"]);
    assert_eq!(shown["place"], place.as_str());
}

#[test]
fn a_file_larger_than_any_directory_is_refused_before_it_is_read() {
    let env = Env::initialised();
    let huge = env.path("huge.csv");
    // A sparse file: its size is what the import sees first; nothing that
    // large is written to disk. Its header alone would be a LaMednum file.
    let file = std::fs::File::create(&huge).unwrap();
    std::io::Write::write_all(&mut &file, b"id,pivot,nom,code_postal\n").unwrap();
    file.set_len(64 * 1024 * 1024 + 1).unwrap();
    let digest = env.digest();
    let message = env.fails(&["sites", "import", huge.to_str().unwrap()]);
    assert!(message.contains("huge.csv"), "{message}");
    assert!(message.contains("64 MiB"), "{message}");
    assert_eq!(env.digest(), digest, "nothing imported");
    // At the limit, the file is read: its one line of NULs has no name.
    file.set_len(64 * 1024 * 1024).unwrap();
    let report = env.json(&["sites", "import", huge.to_str().unwrap(), "--json"]);
    assert_eq!(report["rows"], 0);
    assert_eq!(skipped(&report), vec![(2, "no_name".to_string())]);
}

/// Imports LaMednum's example file; the id of its first place.
fn first_example_place(env: &Env) -> String {
    env.ok(&[
        "sites",
        "import",
        fixture("lamednum_exemple-valide.csv").to_str().unwrap(),
    ]);
    env.json(&["list", "place", "--json"])[0]["id"]
        .as_str()
        .unwrap()
        .to_string()
}

#[test]
fn coordinates_typed_by_hand_are_checked_and_kept_with_a_point() {
    let env = Env::initialised();
    let place = first_example_place(&env);
    env.ok(&[
        "set",
        "place",
        &place,
        "latitude=43,2965",
        "longitude=5.36978",
    ]);
    let shown = env.json(&["show", "place", &place, "--json"]);
    assert_eq!(shown["latitude"], "43.2965");
    assert_eq!(shown["longitude"], "5.36978");
    let digest = env.digest();
    let message = env.fails(&["set", "place", &place, "latitude=95"]);
    assert!(message.contains("latitude"), "{message}");
    assert_eq!(env.digest(), digest, "nothing written");
}
