//! The rights of the people Relais holds data about (issue 12, parts 3–5):
//! the right-of-access export through the real binary (fields, history with
//! authors, sites and dates, hours), an ambiguous name refused with its
//! candidates, the retention review on a clock set forward, consents
//! edited in the terminal UI by keys, and the processing register in
//! Markdown and in well-formed, escaped HTML.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use relais::app::identity::{InitRequest, init};
use relais::app::ui::{Context, Model, View, settle, update};
use relais::app::{App, Assignment, Config};
use relais::domain::Kind;
use relais::domain::clock::FixedClock;
use relais::i18n::Lang;
use relais::tui::keymap::Keymap;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::sync::Arc;

const NOW: &str = "2026-01-10T09:00:00Z";

struct Env {
    dir: tempfile::TempDir,
    db: PathBuf,
    config: PathBuf,
}

impl Env {
    /// A regional lead with two Zoé and hours logged for one of them.
    fn new() -> Env {
        let dir = tempfile::tempdir().unwrap();
        let env = Env {
            db: dir.path().join("relais.db"),
            config: dir.path().join("config.toml"),
            dir,
        };
        env.ok(
            &[
                "init",
                "--name",
                "Coordination <Sud> & Co",
                "--departement",
                "13",
                "--role",
                "regional",
                "--author",
                "Anne Lead",
            ],
            NOW,
        );
        env.ok(
            &[
                "add",
                "developer",
                "name=Zoé Martin",
                "email=zoe@example.org",
                "departement=13",
            ],
            NOW,
        );
        env.ok(
            &["add", "developer", "name=Zoé Blanc", "departement=04"],
            NOW,
        );
        env
    }

    fn cmd(&self, args: &[&str], now: &str, lang: &str) -> assert_cmd::Command {
        let mut cmd = assert_cmd::Command::cargo_bin("relais").unwrap();
        for var in ["LANGUAGE", "LC_ALL", "LC_MESSAGES"] {
            cmd.env_remove(var);
        }
        cmd.env("LANG", lang)
            .env("RELAIS_DB", &self.db)
            .env("RELAIS_CONFIG", &self.config)
            .env("RELAIS_NOW", now)
            .args(args);
        cmd
    }

    fn ok(&self, args: &[&str], now: &str) -> String {
        self.ok_in(args, now, "C.UTF-8")
    }

    fn ok_in(&self, args: &[&str], now: &str, lang: &str) -> String {
        let output = self.cmd(args, now, lang).output().unwrap();
        assert!(
            output.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8(output.stdout).unwrap()
    }

    fn zoe_martin(&self) -> String {
        let list: Value =
            serde_json::from_str(&self.ok(&["list", "developer", "--json"], NOW)).expect("json");
        list.as_array()
            .unwrap()
            .iter()
            .find(|d| d["name"] == "Zoé Martin")
            .unwrap()["id"]
            .as_str()
            .unwrap()
            .to_string()
    }
}

#[test]
fn the_right_of_access_export_holds_the_record_its_history_and_hours() {
    let env = Env::new();
    let zoe = env.zoe_martin();
    let at = "2026-02-02T10:00:00Z";
    let request = env.ok(&["add", "request", "title=Carte", "departement=13"], at);
    let workshop = env.ok(&["add", "workshop", "title=Atelier", "date=2026-02-02"], at);
    let (request, workshop) = (request.trim(), workshop.trim());
    env.ok(
        &[
            "add",
            "time",
            &format!("developer={zoe}"),
            "date=2026-02-03",
            "hours=3,5",
        ],
        "2026-02-03T10:00:00Z",
    );
    env.ok(
        &[
            "add",
            "time",
            &format!("developer={zoe}"),
            "date=2026-02-02",
            "hours=1",
            &format!("request={request}"),
            &format!("workshop={workshop}"),
        ],
        at,
    );
    env.ok(
        &["set", "developer", &zoe, "email=zoe.martin@example.org"],
        "2026-02-04T11:30:00Z",
    );
    env.ok(
        &["set", "developer", &zoe, "consents+=contact:2026-01-15"],
        "2026-02-05T08:00:00Z",
    );
    let out = env.dir.path().join("zoe.json");
    let said = env.ok(
        &[
            "privacy",
            "export",
            "zoé mar",
            "--out",
            out.to_str().unwrap(),
        ],
        "2026-03-01T09:00:00Z",
    );
    assert!(
        said.contains("Zoé Martin") && said.contains("zoe.json"),
        "{said}"
    );
    assert!(said.contains(" h)") && !said.contains("h h"), "{said}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&out).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "personal data is private to its owner");
    }
    let export: Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    assert_eq!(export["exported_on"], "2026-03-01");
    assert_eq!(export["person"]["id"], zoe.as_str());
    assert_eq!(export["person"]["name"], "Zoé Martin");
    assert_eq!(export["person"]["email"], "zoe.martin@example.org");
    let history = export["history"].as_array().unwrap();
    let email: Vec<&Value> = history.iter().filter(|c| c["field"] == "email").collect();
    assert_eq!(email.len(), 2, "both values of the e-mail are listed");
    assert_eq!(email[0]["new"], "zoe@example.org");
    assert_eq!(email[0]["at"], "2026-01-10T09:00:00+00:00");
    assert_eq!(email[1]["old"], "zoe@example.org");
    assert_eq!(email[1]["new"], "zoe.martin@example.org");
    assert_eq!(email[1]["at"], "2026-02-04T11:30:00+00:00");
    for change in history {
        assert_eq!(change["author"], "Anne Lead");
        assert_eq!(change["site"], "Coordination <Sud> & Co");
    }
    assert_eq!(
        export["consents"],
        serde_json::json!([{"purpose": "contact", "given": "2026-01-15", "withdrawn": null}])
    );
    // Oldest first; the references given by their ids.
    let hours = export["hours"].as_array().unwrap();
    assert_eq!(hours.len(), 2);
    assert_eq!(hours[0]["date"], "2026-02-02");
    assert_eq!(hours[0]["request"], request);
    assert_eq!(hours[0]["workshop"], workshop);
    assert_eq!(hours[1]["date"], "2026-02-03");
    assert_eq!(hours[1]["hours"], 3.5);
    assert_eq!(hours[1]["request"], Value::Null);
    assert_eq!(export["total_hours"], 4.5);
    assert_eq!(export["workshops"], serde_json::json!([]));
    // Nothing of the other Zoé.
    assert!(!std::fs::read_to_string(&out).unwrap().contains("Blanc"));
}

#[test]
fn an_ambiguous_name_is_refused_naming_the_candidates() {
    let env = Env::new();
    let output = env
        .cmd(&["privacy", "export", "zoé"], NOW, "C.UTF-8")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(output.stdout.is_empty(), "nothing exported");
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.contains("Zoé Blanc (") && stderr.contains("Zoé Martin ("),
        "{stderr}"
    );
    let unknown = env
        .cmd(&["privacy", "export", "Personne"], NOW, "C.UTF-8")
        .output()
        .unwrap();
    assert_eq!(unknown.status.code(), Some(1));
}

#[test]
fn the_retention_review_lists_people_inactive_past_the_period() {
    let env = Env::new();
    let zoe = env.zoe_martin();
    // Zoé Martin logs hours a year later; Zoé Blanc never does anything.
    env.ok(
        &[
            "add",
            "time",
            &format!("developer={zoe}"),
            "date=2027-01-20",
            "hours=2",
        ],
        "2027-01-20T09:00:00Z",
    );
    let review = |now: &str| -> Value {
        serde_json::from_str(&env.ok(&["privacy", "review", "--json"], now)).unwrap()
    };
    assert_eq!(review("2028-12-01T09:00:00Z")["due"], serde_json::json!([]));
    let later = review("2029-06-01T09:00:00Z");
    assert_eq!(later["retention_years"], 3);
    assert_eq!(later["cutoff"], "2026-06-01");
    let due = later["due"].as_array().unwrap();
    assert_eq!(due.len(), 1, "{later}");
    assert_eq!(due[0]["name"], "Zoé Blanc");
    assert_eq!(due[0]["last_activity"], "2026-01-10");
    assert_eq!(due[0]["reason"], "inactive");
    // Her hours of 2027 keep Zoé Martin until 2030.
    let due = review("2030-02-01T09:00:00Z")["due"]
        .as_array()
        .unwrap()
        .clone();
    assert_eq!(due.len(), 2);
    assert_eq!(due[1]["last_activity"], "2027-01-20");
    // A shorter retention, set in the configuration, shows in `config show`.
    env.ok(&["config", "set", "retention_years", "1"], NOW);
    assert!(env.ok(&["config", "show"], NOW).contains("retention_years"));
    assert_eq!(
        review("2028-02-01T09:00:00Z")["due"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
    // A removed person is due for purge at once.
    env.ok(&["config", "set", "retention_years", ""], NOW);
    env.ok(&["rm", "developer", &zoe], "2027-02-01T09:00:00Z");
    let due = review("2027-02-02T09:00:00Z")["due"]
        .as_array()
        .unwrap()
        .clone();
    assert_eq!(due.len(), 1);
    assert_eq!(due[0]["reason"], "removed");
    let text = env.ok_in(
        &["privacy", "review"],
        "2027-02-02T09:00:00Z",
        "fr_FR.UTF-8",
    );
    assert!(
        text.contains("Zoé Martin") && text.contains("1 personne"),
        "{text}"
    );
    // The period in words, its plural chosen: never « an(s) ».
    assert!(
        text.contains("Conservation : 3 ans sans activité"),
        "{text}"
    );
    env.ok(&["config", "set", "retention_years", "1"], NOW);
    let text = env.ok_in(&["privacy", "review"], NOW, "en_GB.UTF-8");
    assert!(text.contains("Retention: 1 year without"), "{text}");
}

fn press(model: &mut Model, keymap: &Keymap, keys: &[KeyCode]) {
    for code in keys {
        let event = KeyEvent::new(*code, KeyModifiers::NONE);
        let context = model.context();
        let action = match (context.types_text(), code) {
            (true, KeyCode::Char(c)) => relais::app::ui::Action::Type(*c),
            _ => keymap
                .resolve(context, event)
                .unwrap_or_else(|| panic!("{code:?} unbound in {context:?}")),
        };
        update(model, action);
        settle(model);
    }
}

fn text(keys: &str) -> Vec<KeyCode> {
    keys.chars().map(KeyCode::Char).collect()
}

fn lead(path: &Path, now: &str) -> Model {
    let clock = Arc::new(FixedClock::parse(now).unwrap());
    Model::open(path, Config::default(), clock, Lang::Fr, (100, 30)).unwrap()
}

#[test]
fn consents_round_trip_in_the_tui_and_the_lead_reviews_people_due() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("relais.db");
    let clock = Arc::new(FixedClock::parse("2026-01-10").unwrap());
    let request = InitRequest {
        name: "Coordination Sud",
        departement: "13",
        role: "regional",
        author: Some("Anne"),
    };
    init(&path, clock.clone(), &request).unwrap();
    let mut app = App::open(&path, Config::default(), clock).unwrap();
    let zoe = app
        .add(Kind::Developer, &[Assignment::new("name", "Zoé Martin")])
        .unwrap();
    drop(app);

    // Three years and more later, the dashboard counts her; `p` lists her
    // and Enter opens her record.
    let keymap = Keymap::builtin();
    let mut model = lead(&path, "2029-06-01");
    settle(&mut model);
    let due = model.home.dashboard.as_ref().unwrap().attention.privacy_due;
    assert_eq!(due, 1);
    press(&mut model, &keymap, &[KeyCode::Char('p')]);
    let review = model.home.review.as_ref().expect("review open");
    assert_eq!(review.people[0].name, "Zoé Martin");
    press(&mut model, &keymap, &[KeyCode::Enter]);
    let View::Detail(detail) = &model.view else {
        panic!("detail expected: {:?}", model.view)
    };
    assert_eq!(detail.record.id, zoe);

    // `c` opens her consents: contact given, then withdrawn later.
    press(&mut model, &keymap, &[KeyCode::Char('c')]);
    assert!(matches!(model.context(), Context::Form));
    let mut keys = text("contact");
    keys.push(KeyCode::Tab);
    keys.extend(text("02/01/2026"));
    keys.push(KeyCode::Tab);
    keys.extend(text("2029-05-31"));
    keys.push(KeyCode::F(2));
    press(&mut model, &keymap, &keys);
    assert!(matches!(model.view, View::Detail(_)), "{:?}", model.notice);
    let app = model.app.as_ref().unwrap();
    let consents = app.consents(&zoe).unwrap();
    assert_eq!(consents.len(), 1);
    assert_eq!(consents[0].purpose, "contact");
    assert_eq!(consents[0].given.as_deref(), Some("2026-01-02"));
    assert_eq!(consents[0].withdrawn.as_deref(), Some("2029-05-31"));

    // Opened again, the form shows what was saved; clearing the withdrawal
    // gives the consent back. A withdrawal before the consent is refused.
    press(&mut model, &keymap, &[KeyCode::Char('c')]);
    let View::Form(form) = &model.view else {
        panic!("form expected")
    };
    assert_eq!(form.value("purpose"), "contact");
    assert_eq!(form.value("given"), "2026-01-02");
    assert_eq!(form.value("withdrawn"), "2029-05-31");
    let mut keys = vec![KeyCode::Tab, KeyCode::Tab];
    keys.extend(text("01/01/2020"));
    keys.push(KeyCode::F(2));
    press(&mut model, &keymap, &keys);
    let View::Form(form) = &model.view else {
        panic!("the refused form stays open")
    };
    assert!(form.fields[2].error.is_some());
    let app = model.app.as_ref().unwrap();
    assert_eq!(
        app.consents(&zoe).unwrap()[0].withdrawn.as_deref(),
        Some("2029-05-31"),
        "nothing written by a refusal"
    );
}

/// Every tag opened is closed, in order (void elements aside).
fn assert_well_formed(html: &str) {
    let mut open: Vec<String> = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        let after = &rest[start + 1..];
        let end = after.find('>').expect("unclosed <");
        let tag = &after[..end];
        rest = &after[end + 1..];
        if tag.starts_with('!') {
            continue;
        }
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        assert!(!name.is_empty(), "a bare < in text: {tag}");
        if name == "meta" {
            continue;
        }
        if tag.starts_with('/') {
            assert_eq!(open.pop().as_deref(), Some(name.as_str()), "</{name}>");
        } else {
            open.push(name);
        }
    }
    assert!(open.is_empty(), "left open: {open:?}");
}

#[test]
fn the_register_names_the_retention_in_markdown_and_well_formed_html() {
    let env = Env::new();
    let md = env.ok_in(&["privacy", "register"], NOW, "fr_FR.UTF-8");
    assert!(md.starts_with("# Registre des traitements"), "{md}");
    assert!(md.contains("## Durée de conservation"));
    assert!(md.contains("3 ans sans activité"));
    assert!(md.contains("Courriel"), "categories come from the schema");
    assert!(md.contains("Coordination \\<Sud\\> & Co"), "escaped: {md}");
    env.ok(&["config", "set", "retention_years", "5"], NOW);
    let out = env.dir.path().join("register.html");
    env.ok(
        &[
            "privacy",
            "register",
            "--format",
            "html",
            "--out",
            out.to_str().unwrap(),
        ],
        NOW,
    );
    let html = std::fs::read_to_string(&out).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"en\">"));
    assert!(html.contains("5 years without activity"), "{html}");
    assert!(html.contains("Coordination &lt;Sud&gt; &amp; Co"));
    assert!(!html.contains("<Sud>"));
    assert!(html.contains("<h2>Transfers outside the European Union</h2>"));
    assert_well_formed(&html);
}
