//! Shared by the terminal UI tests: sites made with the library and a
//! fixed clock; two replicas (the regional lead and an EPN) with conflicts
//! and review items, and cards to trust each other; a model drawn on a
//! test backend (at its size or another, in colour or not, with the
//! built-in keymap or another one) and read back as text.

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use relais::app::identity::{InitRequest, init};
use relais::app::ui::{Action, Model, settle, update};
use relais::app::{App, Assignment, Config};
use relais::domain::Kind;
use relais::domain::clock::{Clock, FixedClock};
use relais::i18n::Lang;
use relais::store::{ApplyOptions, Store};
use relais::tui::keymap::Keymap;
use relais::tui::theme::Theme;
use relais::tui::view::{ViewCtx, draw};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

pub const NOW: &str = "2026-11-26";
pub const DAY_MS: i64 = 86_400_000;

pub fn clock() -> Arc<dyn Clock> {
    Arc::new(FixedClock::parse(NOW).expect("date"))
}

/// The EPN's clock: an hour after the lead's, so that the later edit wins.
pub fn epn_clock() -> Arc<dyn Clock> {
    let clock = FixedClock::parse(NOW).expect("date");
    clock.advance(3_600_000);
    Arc::new(clock)
}

/// A clock three days ahead: a PC set to the wrong date.
pub fn skewed_clock() -> Arc<dyn Clock> {
    let clock = FixedClock::parse(NOW).expect("date");
    clock.advance(3 * DAY_MS);
    Arc::new(clock)
}

pub fn a(field: &str, value: &str) -> Assignment {
    Assignment::new(field, value)
}

/// Sends what `to` lacks from `from`, except changes `skip` refuses.
pub fn send(from: &Store, to: &mut Store, skip: &dyn Fn(&relais::domain::Change) -> bool) {
    let known: BTreeMap<String, u64> = to
        .vector()
        .expect("vector")
        .into_iter()
        .map(|entry| (entry.site, entry.contiguous))
        .collect();
    let changes: Vec<_> = from
        .changes_since(&known)
        .expect("changes")
        .into_iter()
        .filter(|change| !skip(change))
        .collect();
    let mut iter = changes.into_iter().map(Ok);
    to.apply(&mut iter, ApplyOptions::default()).expect("apply");
}

pub struct Network {
    pub dir: tempfile::TempDir,
    pub lead: PathBuf,
    pub epn: PathBuf,
    /// The request whose title both sites changed.
    pub request: String,
}

pub fn site(path: &Path, name: &str, departement: &str, role: &str, author: &str) {
    init(
        path,
        clock(),
        &InitRequest {
            name,
            departement,
            role,
            author: Some(author),
        },
    )
    .expect("init");
}

/// The lead (13) and an EPN (04) with shared records, a conflict on a
/// request's title, an edit concurrent with a deletion, a request whose
/// organisation never arrived, two organisations with one SIRET, and
/// changes from a PC whose clock runs three days ahead.
pub fn network() -> Network {
    let dir = tempfile::tempdir().expect("tempdir");
    let lead = dir.path().join("lead.db");
    let epn = dir.path().join("epn.db");
    site(&lead, "Coordination régionale", "13", "regional", "Léa");
    site(&epn, "EPN de Digne", "04", "epn", "Camille");
    let mut l = App::open(&lead, Config::default(), clock()).expect("open");
    let mut e = App::open(&epn, Config::default(), epn_clock()).expect("open");
    let pnr = l
        .add(
            Kind::Org,
            &[
                a("name", "Parc naturel régional du Verdon"),
                a("kind", "pnr"),
                a("departement", "04"),
                a("siret", "25040046300015"),
            ],
        )
        .expect("org");
    let zoe = l
        .add(
            Kind::Developer,
            &[
                a("name", "Zoé Martin"),
                a("departement", "04"),
                a("role", "departmental"),
                a("skills", "web:3,gis:2"),
                a("availability", "40"),
            ],
        )
        .expect("dev");
    l.add(
        Kind::Developer,
        &[
            a("name", "Yanis Benali"),
            a("departement", "13"),
            a("role", "volunteer"),
            a("skills", "dataviz:2,web:1"),
            a("availability", "10"),
        ],
    )
    .expect("dev");
    let request = l
        .add(
            Kind::Request,
            &[
                a("title", "Valoriser les données patrimoniales"),
                a("organisation", &pnr),
                a("departement", "04"),
                a("category", "dataviz"),
                a("skills", "dataviz,gis"),
            ],
        )
        .expect("request");
    l.add(
        Kind::Request,
        &[
            a("title", "Carte des tournées de maraude"),
            a("departement", "13"),
            a("category", "map"),
            a("skills", "gis"),
        ],
    )
    .expect("request");
    l.add(
        Kind::Workshop,
        &[
            a("title", "Atelier carte sensible"),
            a("kind", "cocreation"),
            a("date", "2026-03-14"),
            a("request", &request),
            a("participants", "12"),
            a("duration", "3"),
        ],
    )
    .expect("workshop");
    send(l.test_store(), e.test_store_mut(), &|_| false);
    // Concurrent edits of one field, and an edit the deletion did not see.
    l.set(
        Kind::Request,
        &request,
        &[a("title", "Patrimoine du Verdon en carte")],
    )
    .expect("edit");
    e.set(
        Kind::Request,
        &request,
        &[a("title", "Données patrimoniales du parc")],
    )
    .expect("edit");
    l.remove(Kind::Developer, &zoe).expect("delete");
    e.set(Kind::Developer, &zoe, &[a("availability", "20")])
        .expect("edit");
    // The EPN records an organisation with the PNR's SIRET, and a request
    // for an organisation whose record it will not send.
    e.add(
        Kind::Org,
        &[
            a("name", "Verdon Patrimoine"),
            a("kind", "association"),
            a("departement", "04"),
            a("siret", "25040046300015"),
        ],
    )
    .expect("org");
    let lost = e
        .add(
            Kind::Org,
            &[a("name", "Écomusée de la Roudoule"), a("kind", "ecomuseum")],
        )
        .expect("org");
    e.add(
        Kind::Request,
        &[
            a("title", "Sentier de découverte"),
            a("organisation", &lost),
            a("departement", "04"),
            a("skills", "mobile"),
        ],
    )
    .expect("request");
    drop(e);
    // A PC three days ahead writes one change.
    let mut ahead = App::open(&epn, Config::default(), skewed_clock()).expect("open");
    ahead
        .add(
            Kind::Request,
            &[a("title", "Demande du futur"), a("departement", "04")],
        )
        .expect("request");
    send(ahead.test_store(), l.test_store_mut(), &|change| {
        change.record == lost
    });
    send(l.test_store(), ahead.test_store_mut(), &|_| false);
    Network {
        dir,
        lead,
        epn,
        request,
    }
}

pub fn open(path: &Path, lang: Lang) -> Model {
    Model::open(path, Config::default(), clock(), lang, (80, 24)).expect("model")
}

pub fn screen(model: &Model) -> String {
    screen_with(model, &Keymap::builtin())
}

/// The screen drawn with `keymap` (a person's remapped keys).
pub fn screen_with(model: &Model, keymap: &Keymap) -> String {
    let terminal = drawn_with(model, model.size, Theme { color: false }, keymap);
    let buffer = terminal.backend().buffer();
    for cell in buffer.content() {
        assert_eq!(cell.fg, ratatui::style::Color::Reset, "NO_COLOR: no colour");
    }
    buffer_text(buffer)
}

/// The model drawn once at `size` with the built-in keys, in colour or
/// not; the terminal holds the cells and the cursor.
pub fn drawn(model: &Model, size: (u16, u16), color: bool) -> Terminal<TestBackend> {
    drawn_with(model, size, Theme { color }, &Keymap::builtin())
}

fn drawn_with(
    model: &Model,
    (width, height): (u16, u16),
    theme: Theme,
    keymap: &Keymap,
) -> Terminal<TestBackend> {
    let ctx = ViewCtx { keymap, theme };
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("terminal");
    terminal
        .draw(|frame| draw(frame, model, &ctx))
        .expect("draw");
    terminal
}

/// Drawn cells as text: a line a row, trailing spaces left out.
pub fn buffer_text(buffer: &Buffer) -> String {
    let area = buffer.area;
    let mut text = String::new();
    for y in area.top()..area.bottom() {
        let line: String = (area.left()..area.right())
            .map(|x| buffer[(x, y)].symbol())
            .collect();
        text.push_str(line.trim_end());
        text.push('\n');
    }
    text
}

pub fn keys(model: &mut Model, actions: &[Action]) {
    for action in actions {
        update(model, *action);
        settle(model);
    }
}

/// Each site's card file (`identity export`), written beside its database.
pub fn card(db: &Path) -> PathBuf {
    let app = App::open(db, Config::default(), clock()).expect("open");
    let path = db.with_extension("card.json");
    app.export_card(&path).expect("write card");
    path
}

/// The lead enrols the EPN and the EPN trusts the lead, from their cards.
pub fn trust_each_other(net: &Network) {
    trust_pair(&net.lead, &net.epn);
}

/// `trust_each_other` for any lead and EPN databases.
pub fn trust_pair(lead: &Path, epn: &Path) {
    let (lead_card, epn_card) = (card(lead), card(epn));
    let mut lead = App::open(lead, Config::default(), clock()).expect("open");
    lead.enrol_card(&epn_card, false).expect("enrol");
    let mut epn = App::open(epn, Config::default(), clock()).expect("open");
    epn.enrol_card(&lead_card, true).expect("trust");
}

/// A lead (« Coordination régionale », 13) and an EPN (« EPN de Digne »,
/// 04) in `dir`, author Camille, that trust each other and hold nothing.
pub fn linked_pair(dir: &Path) -> (PathBuf, PathBuf) {
    let lead = dir.join("lead.db");
    let epn = dir.join("epn.db");
    site(&lead, "Coordination régionale", "13", "regional", "Camille");
    site(&epn, "EPN de Digne", "04", "epn", "Camille");
    trust_pair(&lead, &epn);
    (lead, epn)
}

/// Ticks until no background job (import, export, search index…) runs.
pub fn wait_until_idle(model: &mut Model) {
    let start = std::time::Instant::now();
    while model.busy() {
        assert!(
            start.elapsed().as_secs() < 30,
            "a background job never ended"
        );
        std::thread::sleep(std::time::Duration::from_millis(10));
        update(model, Action::Tick);
    }
}
