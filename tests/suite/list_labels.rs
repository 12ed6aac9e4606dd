//! The text `list` names referenced records from its own query (issue 13,
//! item 3: a `LEFT JOIN` per reference column instead of one label query per
//! row) and lays out its columns in one read (rows spooled, then written):
//! the names must be what the one-query-per-row reading gave — a deleted
//! record's name, the record a merged one went into, the short id of a record not
//! held, « erased person » for a purged one — and the columns must line up
//! in display width with accented, combining and wide characters.

use crate::cli_support;

use cli_support::{Env, by_id};
use unicode_width::UnicodeWidthStr;

/// The cells of the `list` line of the record whose id ends like `id`:
/// split at the display columns where the header's labels start.
fn cells(listing: &str, id: &str) -> Vec<String> {
    let mut lines = listing.lines();
    let header = lines.next().unwrap();
    let starts = column_starts(header);
    let line = lines
        .find(|line| line.starts_with(&id[id.len() - 8..]))
        .unwrap_or_else(|| panic!("{id} not listed:\n{listing}"));
    split_at_columns(line, &starts)
}

/// Display columns where each header label starts (labels are one or
/// two words, columns two spaces apart).
fn column_starts(header: &str) -> Vec<usize> {
    let mut starts = vec![0];
    let mut column = 0;
    let mut spaces = 0;
    for c in header.chars() {
        if c == ' ' {
            spaces += 1;
        } else {
            if spaces >= 2 {
                starts.push(column);
            }
            spaces = 0;
        }
        column += c.to_string().width();
    }
    starts
}

fn split_at_columns(line: &str, starts: &[usize]) -> Vec<String> {
    let mut cells = vec![String::new(); starts.len()];
    let mut column = 0;
    for c in line.chars() {
        let index = starts.iter().rposition(|start| *start <= column).unwrap();
        cells[index].push(c);
        column += c.to_string().width();
    }
    cells
        .iter()
        .map(|cell| cell.trim_end().to_string())
        .collect()
}

/// A time entry's developer and request as `list time` names them.
fn listed_names(env: &Env, time: &str) -> (String, String) {
    let listing = env.ok(&["list", "time"]);
    let row = cells(&listing, time);
    (row[3].clone(), row[4].clone())
}

fn add_developer(env: &Env, name: &str) -> String {
    env.ok(&["add", "developer", &format!("name={name}"), "--force"])
}

fn add_time(env: &Env, developer: &str, request: &str, date: &str) -> String {
    env.ok(&[
        "add",
        "time",
        &format!("developer={developer}"),
        &format!("request={request}"),
        &format!("date={date}"),
        "hours=2",
    ])
}

#[test]
fn references_to_deleted_merged_unknown_and_purged_records_keep_their_names() {
    let env = Env::new();
    let request = env.ok(&["add", "request", "title=Carte des tiers-lieux"]);
    let gone = add_developer(&env, "Gaëlle Départ");
    let kept = add_developer(&env, "Paul Reste");
    let merged = add_developer(&env, "Zoé Fusion");
    let erased = add_developer(&env, "Basile Effacé");
    let on_gone = add_time(&env, &gone, &request, "2026-11-02");
    let on_merged = add_time(&env, &merged, &request, "2026-11-03");
    let late = add_time(&env, &kept, &request, "2026-11-04");
    let on_unknown = add_time(&env, &kept, &request, "2026-11-05");
    let on_erased = add_time(&env, &erased, &request, "2026-11-06");
    let on_other_kind = add_time(&env, &kept, &request, "2026-11-07");

    env.ok(&["rm", "developer", &gone]);
    env.ok(&["merge", "developer", &kept, &merged]);
    env.ok(&["purge", "developer", &erased, "--yes"]);
    // A reference to the merged record that arrived after the merge, and
    // one to a request this site does not hold yet.
    env.point("time_entry", &late, "developer", &merged);
    let unknown = "01900000-0000-7000-8000-00000badcafe";
    env.point("time_entry", &on_unknown, "request", unknown);
    // A request reference naming a developer: no request row has that
    // key, so the listing reads the id from `record_key` (v29).
    env.point("time_entry", &on_other_kind, "request", &kept);

    // (time entry, developer listed, developer `show` prints, request
    // listed): `show` reads a reference to a merged record as the record it
    // went into (`App::show`), and so does the listing (session 9).
    let expect = [
        (
            &on_gone,
            "Gaëlle Départ",
            "Gaëlle Départ",
            "Carte des tiers-lieux",
        ),
        // Re-pointed by the merge.
        (
            &on_merged,
            "Paul Reste",
            "Paul Reste",
            "Carte des tiers-lieux",
        ),
        // Still naming the merged record: read through the merge, as
        // `show` reads it (tests/suite/list_merged.rs).
        (&late, "Paul Reste", "Paul Reste", "Carte des tiers-lieux"),
        (&on_unknown, "Paul Reste", "Paul Reste", "0badcafe"),
        (
            &on_other_kind,
            "Paul Reste",
            "Paul Reste",
            &kept[kept.len() - 8..],
        ),
    ];
    for (time, developer, shown_developer, request_name) in expect {
        let (listed_developer, listed_request) = listed_names(&env, time);
        assert_eq!(listed_developer, developer, "time {time}");
        assert_eq!(listed_request, request_name, "time {time}");
        // The same words as the per-value reading of `show`.
        assert_eq!(env.shown("time", time, "Developer"), shown_developer);
        assert_eq!(env.shown("time", time, "Request"), request_name);
    }
    // A purged person reads as erased wherever a reference still names them.
    let (listed_developer, _) = listed_names(&env, &on_erased);
    assert_eq!(
        listed_developer,
        env.shown("time", &on_erased, "Developer"),
        "{on_erased}"
    );
    assert_eq!(listed_developer, "erased person");
    // The JSON listing keeps the ids themselves.
    let entries = env.json(&["list", "time", "--json"]);
    assert_eq!(by_id(&entries, &late)["developer"], merged.as_str());
}

#[test]
fn french_listing_names_references_in_the_same_words() {
    let env = Env::with_lang("fr_FR.UTF-8");
    let request = env.ok(&["add", "request", "title=Données ouvertes"]);
    let developer = add_developer(&env, "Émilie Côté");
    let time = add_time(&env, &developer, &request, "2026-11-02");
    let (listed_developer, listed_request) = listed_names(&env, &time);
    assert_eq!(listed_developer, "Émilie Côté");
    assert_eq!(listed_request, "Données ouvertes");
    assert_eq!(env.shown("time", &time, "Développeur·se"), listed_developer);
    assert_eq!(env.shown("time", &time, "Demande"), listed_request);
}

#[test]
fn accented_combining_and_wide_values_line_up_in_display_columns() {
    let env = Env::new();
    let titles = [
        "Éducation à l'image",
        // « e » and a combining acute accent: 6 bytes, 4 columns.
        "Cafe\u{301}",
        // Wide characters: two columns each.
        "日本語のデータ",
        "Œuvres numérisées — « fonds » régional",
        // Longer than a cell (48 columns): cut with an ellipsis.
        "データの可視化とオープンデータの公開のための長い題名の依頼",
    ];
    let ids: Vec<String> = titles
        .iter()
        .map(|title| {
            env.ok(&[
                "add",
                "request",
                &format!("title={title}"),
                "departement=04",
            ])
        })
        .collect();
    let listing = env.ok(&["list", "request"]);
    let mut lines = listing.lines();
    let header = lines.next().unwrap();
    let starts = column_starts(header);
    assert_eq!(starts.len(), 5, "{header}");
    for (title, id) in titles.iter().zip(&ids) {
        let row = cells(&listing, id);
        let expected_title = if title.width() > 48 {
            let mut cut = String::new();
            for c in title.chars() {
                if cut.width() + c.to_string().width() + 1 > 48 {
                    break;
                }
                cut.push(c);
            }
            cut.push('…');
            cut
        } else {
            title.to_string()
        };
        assert_eq!(row[1], expected_title, "{listing}");
        assert!(row[1].width() <= 48, "{listing}");
        // The status and the département start exactly under their labels.
        assert_eq!(row[2], "New", "{listing}");
        assert_eq!(row[3], "04 Alpes-de-Haute-Provence", "{listing}");
    }
    // Every line's status starts at the same display column, and the title
    // column is as wide as the widest title shown.
    let widest = ids
        .iter()
        .map(|id| cells(&listing, id)[1].width())
        .max()
        .unwrap();
    assert_eq!(starts[2], starts[1] + widest + 2, "{listing}");
    let footer = listing.lines().last().unwrap();
    assert_eq!(footer, "5 records", "{listing}");
}

#[test]
fn accented_names_sort_among_their_letters_in_text_and_json() {
    let env = Env::new();
    for name in [
        "Zone d'activité",
        "Parc naturel",
        "Écomusée du Verdon",
        "école de musique",
        "Ecrin des Alpes",
        "Îlot solidaire",
    ] {
        env.ok(&["add", "org", &format!("name={name}"), "--force"]);
    }
    // `COLLATE NOCASE` folds ASCII only: it put the É, é and Î after Z.
    let expected = [
        "école de musique",
        "Écomusée du Verdon",
        "Ecrin des Alpes",
        "Îlot solidaire",
        "Parc naturel",
        "Zone d'activité",
    ];
    let json = env.json(&["list", "org", "--json"]);
    let names: Vec<&str> = json
        .as_array()
        .unwrap()
        .iter()
        .map(|org| org["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, expected);
    let text = env.ok(&["list", "org"]);
    let listed: Vec<&str> = text
        .lines()
        .skip(1)
        .filter_map(|line| expected.iter().copied().find(|name| line.contains(name)))
        .collect();
    assert_eq!(listed, expected, "{text}");
}

#[test]
fn a_time_entrys_workshop_and_long_note_are_listed_as_shown() {
    // Since schema v31 `list time --json` reads every column from the time
    // entries' label index: the workshop and the note (as long as an edit
    // allows) must come back as `show` reads them from the row.
    let env = Env::new();
    let developer = add_developer(&env, "Zoé Martin");
    let request = env.ok(&["add", "request", "title=Carte des fontaines"]);
    let workshop = env.ok(&["add", "workshop", "title=Atelier carte", "date=2026-11-20"]);
    let long_note = "Relevé des fontaines, « bornes » et lavoirs ; ".repeat(6);
    let with_workshop = env.ok(&[
        "add",
        "time",
        &format!("developer={developer}"),
        &format!("request={request}"),
        &format!("workshop={workshop}"),
        "date=2026-11-20",
        "hours=2,5",
        &format!("note={long_note}"),
    ]);
    let plain = add_time(&env, &developer, &request, "2026-11-02");
    let listed = env.json(&["list", "time", "--json"]);
    let listed = listed.as_array().unwrap();
    assert_eq!(listed.len(), 2);
    assert_eq!(listed[0]["id"], plain.as_str(), "in date order");
    assert_eq!(listed[1]["workshop"], workshop.as_str());
    assert_eq!(listed[1]["note"], long_note.trim_end());
    for entry in listed {
        let id = entry["id"].as_str().unwrap();
        let shown = env.json(&["show", "time", id, "--json"]);
        for field in ["developer", "request", "workshop", "date", "hours", "note"] {
            assert_eq!(entry[field], shown[field], "{field} of {id}");
        }
    }
    assert_eq!(listed[1]["id"], with_workshop.as_str());
}
