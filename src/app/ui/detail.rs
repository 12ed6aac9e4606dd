//! The detail of one record (its fields in words, its links: an
//! organisation's requests, a developer's load, a request's workshops) and
//! its history from the change log. Built here as lines of text in the
//! reader's language; the views only lay them out.

use crate::app::suggest::SuggestOutcome;
use crate::domain::schema::{Element, FieldType, Kind};
use crate::domain::status::Status;
use crate::domain::validate::parse_date;
use crate::domain::vocab::Vocab;
use crate::i18n::{Lang, Message, format_date, tr};
use crate::store::{Record, Store, StoreError};

mod history;
mod hours;

pub use history::{HistoryLine, HistoryState, history_line, load_history};
use hours::{entry_lines, hours_lines, logged_hours};

/// How many of an organisation's requests its detail lists (the latest).
const ORG_REQUESTS_SHOWN: usize = 50;

/// One line of a detail: a label and a value, or a heading, or a list item
/// that links to another record.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DetailLine {
    /// A field; `link` is the record it names (an organisation, a
    /// developer…), if any. A set of records takes one line per record,
    /// the label on the first only.
    Field {
        label: String,
        value: String,
        link: Option<(Kind, String)>,
    },
    Heading(String),
    Link {
        kind: Kind,
        id: String,
        text: String,
    },
    /// A developer suggested for the request, with the reasons in words;
    /// `a` assigns the selected one, Enter opens them.
    Suggestion {
        id: String,
        name: String,
        departement: Option<String>,
        explanation: String,
    },
    /// A quiet line of text (suggestions being computed, none to give).
    Note(String),
}

impl DetailLine {
    /// The record this line names, if Enter can open one.
    pub fn target(&self) -> Option<(Kind, &str)> {
        match self {
            DetailLine::Field {
                link: Some((kind, id)),
                ..
            }
            | DetailLine::Link { kind, id, .. } => Some((*kind, id.as_str())),
            DetailLine::Suggestion { id, .. } => Some((Kind::Developer, id.as_str())),
            _ => None,
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct DetailState {
    pub record: Record,
    pub lines: Vec<DetailLine>,
    /// The first line shown.
    pub scroll: usize,
    /// The line (one that names a record) that Enter opens.
    pub selected: Option<usize>,
    /// A request's suggested developers: where their lines start and how
    /// many there are (a heading, then the developers or a note).
    pub suggestions: Option<(usize, usize)>,
}

/// How many developers a request's detail suggests.
pub const SUGGESTED: usize = 3;

impl DetailState {
    fn new(record: Record, lines: Vec<DetailLine>) -> DetailState {
        let selected = lines.iter().position(|line| line.target().is_some());
        DetailState {
            record,
            lines,
            scroll: 0,
            selected,
            suggestions: None,
        }
    }

    /// Puts the suggested developers in place of what their lines said
    /// (being computed); the selection stays on the line it was on.
    pub fn install_suggestions(&mut self, lang: Lang, outcome: &SuggestOutcome) {
        let Some((at, len)) = self.suggestions else {
            return;
        };
        let mut block = vec![DetailLine::Heading(
            tr(lang, "tui.match.suggest.heading").to_string(),
        )];
        if outcome.suggestions.is_empty() {
            block.push(DetailLine::Note(
                tr(lang, "tui.match.suggest.none").to_string(),
            ));
        }
        block.extend(
            outcome
                .suggestions
                .iter()
                .map(|developer| DetailLine::Suggestion {
                    id: developer.id.clone(),
                    name: developer.name.clone(),
                    departement: developer.departement.clone(),
                    explanation: developer.explanation.clone(),
                }),
        );
        let end = (at + len).min(self.lines.len());
        let added = block.len();
        self.lines.splice(at.min(end)..end, block);
        self.suggestions = Some((at, added));
        self.selected = match self.selected {
            Some(line) if line >= end => Some(line + added - (end - at.min(end))),
            Some(line) if line >= at => self.first_target_from(at),
            None => self.first_target_from(0),
            kept => kept,
        };
    }

    fn first_target_from(&self, from: usize) -> Option<usize> {
        (from..self.lines.len())
            .find(|&at| self.lines[at].target().is_some())
            .or_else(|| self.lines.iter().position(|line| line.target().is_some()))
    }

    /// The suggested developer under the cursor: (id, name).
    pub fn selected_suggestion(&self) -> Option<(&str, &str)> {
        match self.selected.and_then(|at| self.lines.get(at)) {
            Some(DetailLine::Suggestion { id, name, .. }) => Some((id.as_str(), name.as_str())),
            _ => None,
        }
    }

    /// ↑/↓: the previous or next line that names a record; past the first
    /// or the last one, the text scrolls instead. `rows` is how many lines
    /// the screen shows, to keep the selection in view.
    pub fn step(&mut self, step: isize, rows: usize) {
        let from = self.selected.unwrap_or(self.scroll);
        let next = if step > 0 {
            (from + 1..self.lines.len()).find(|&at| self.lines[at].target().is_some())
        } else {
            (0..from)
                .rev()
                .find(|&at| self.lines[at].target().is_some())
        };
        let last = self.lines.len().saturating_sub(1);
        match next {
            Some(at) if self.selected.is_some() => {
                self.selected = Some(at);
                if at < self.scroll {
                    self.scroll = at;
                }
                self.scroll = self.scroll.max((at + 1).saturating_sub(rows.max(1)));
            }
            _ if step > 0 => self.scroll = (self.scroll + 1).min(last),
            _ => self.scroll = self.scroll.saturating_sub(1),
        }
    }

    /// The record Enter opens.
    pub fn target(&self) -> Option<(Kind, String)> {
        self.selected
            .and_then(|at| self.lines.get(at))
            .and_then(DetailLine::target)
            .map(|(kind, id)| (kind, id.to_string()))
    }
}

fn date_text(lang: Lang, value: &str) -> String {
    parse_date(value)
        .map(|date| format_date(lang, date))
        .unwrap_or_else(|| value.to_string())
}

pub use crate::app::present::display_value;

fn label(lang: Lang, field: &str) -> String {
    tr(lang, &format!("field.{field}")).to_string()
}

fn link(record: &Record, lang: Lang, extra: Option<String>) -> DetailLine {
    let status = record
        .get("status")
        .map(|slug| format!(" · {}", Vocab::Status.label(slug, lang)))
        .unwrap_or_default();
    let date = record
        .get("date")
        .map(|date| format!("{} · ", date_text(lang, date)))
        .unwrap_or_default();
    DetailLine::Link {
        kind: record.kind,
        id: record.id.clone(),
        text: format!(
            "{date}{}{status}{}",
            record.label(),
            extra.unwrap_or_default()
        ),
    }
}

/// Fields kept for the software rather than for reading: a place's key in
/// the directory, and its commune's name when the commune says it.
fn technical(record: &Record, field: &str) -> bool {
    match (record.kind, field) {
        (Kind::Place, "directory_key") => true,
        (Kind::Place, "commune_name") => record.get("commune").is_some_and(|c| !c.is_empty()),
        _ => false,
    }
}

/// Builds the detail of a record with its related records.
pub fn load_detail(store: &Store, lang: Lang, record: Record) -> Result<DetailState, StoreError> {
    let kind = record.kind;
    let mut lines = Vec::new();
    for def in kind.fields() {
        if technical(&record, def.name) {
            continue;
        }
        match def.set {
            None => {
                if let Some(value) = record.get(def.name).filter(|v| !v.is_empty()) {
                    let link = match def.ty {
                        FieldType::Ref(target) if target != Kind::Site => {
                            Some((target, value.to_string()))
                        }
                        _ => None,
                    };
                    // The directory joins a place's services with `|`.
                    let value = match (kind, def.name) {
                        (Kind::Place, "services") => {
                            value.split('|').collect::<Vec<_>>().join(", ")
                        }
                        _ => display_value(store, lang, def.ty, value),
                    };
                    lines.push(DetailLine::Field {
                        label: label(lang, def.name),
                        value,
                        link,
                    });
                }
            }
            Some(set) => {
                let Some(elements) = record.sets.get(def.name).filter(|e| !e.is_empty()) else {
                    continue;
                };
                if let Element::Ref(target) = set.element {
                    // One line per person, so that each can be opened.
                    for (at, (element, _)) in elements.iter().enumerate() {
                        lines.push(DetailLine::Field {
                            label: if at == 0 {
                                label(lang, def.name)
                            } else {
                                String::new()
                            },
                            value: display_value(store, lang, FieldType::Ref(target), element),
                            link: Some((target, element.clone())),
                        });
                    }
                    continue;
                }
                // Worded as every listing words them (`web (3/3)`).
                let items: Vec<String> = elements
                    .iter()
                    .map(|(element, value)| {
                        crate::app::present::element_in_words(store, lang, set, element, value)
                    })
                    .collect();
                lines.push(DetailLine::Field {
                    label: label(lang, def.name),
                    value: items.join(", "),
                    link: None,
                });
            }
        }
    }
    let mut suggestions = None;
    let logged = logged_hours(store, &record)?;
    hours_lines(lang, &record, logged.as_ref(), &mut lines);
    match kind {
        Kind::Org => {
            let requests = store.referencing(
                Kind::Request,
                "organisation",
                &record.id,
                ORG_REQUESTS_SHOWN,
            )?;
            // The heading counts them all, not the page listed under it.
            let total = store
                .org_request_counts(std::slice::from_ref(&record.id))?
                .get(&record.id)
                .copied()
                .unwrap_or(requests.len() as u64);
            let heading = if total > requests.len() as u64 {
                Message::new("tui.detail.org_requests_latest").arg("shown", requests.len())
            } else {
                Message::new("tui.detail.org_requests")
            };
            lines.push(DetailLine::Heading(
                heading
                    .count(i64::try_from(total).unwrap_or(i64::MAX))
                    .render(lang),
            ));
            lines.extend(requests.iter().map(|r| link(r, lang, None)));
        }
        Kind::Developer => {
            let load = store.developer_loads(std::slice::from_ref(&record.id))?;
            let open = load.get(&record.id).copied().unwrap_or(0);
            lines.push(DetailLine::Field {
                label: tr(lang, "tui.column.load").to_string(),
                value: Message::new("tui.detail.open_requests")
                    .count(open as i64)
                    .render(lang),
                link: None,
            });
            // Headings only over something (the load line says "none").
            let requests = store.holding_element(Kind::Request, "developer", &record.id, 30)?;
            if !requests.is_empty() {
                lines.push(DetailLine::Heading(
                    tr(lang, "tui.detail.assigned").to_string(),
                ));
                lines.extend(requests.iter().map(|r| link(r, lang, None)));
            }
            let workshops = store.holding_element(Kind::Workshop, "facilitator", &record.id, 20)?;
            if !workshops.is_empty() {
                lines.push(DetailLine::Heading(tr(lang, "kind.workshop").to_string()));
                lines.extend(workshops.iter().map(|r| link(r, lang, None)));
            }
        }
        Kind::Request => {
            // The statuses it may move to belong with its fields.
            if let Some(status) = record.get("status").and_then(Status::from_slug) {
                let next: Vec<&str> = status
                    .next()
                    .iter()
                    .map(|s| Vocab::Status.label(s.slug(), lang))
                    .collect();
                lines.push(DetailLine::Field {
                    label: tr(lang, "tui.detail.next_status").to_string(),
                    value: next.join(", "),
                    link: None,
                });
            }
            // Then who could do it (computed in the background, see
            // `jobs::Work::Suggest`), while there is something to do: a
            // delivered or abandoned request needs nobody.
            let open = record
                .get("status")
                .and_then(Status::from_slug)
                .is_none_or(Status::is_open);
            if open {
                suggestions = Some((lines.len(), 2));
                lines.push(DetailLine::Heading(
                    tr(lang, "tui.match.suggest.heading").to_string(),
                ));
                lines.push(DetailLine::Note(
                    tr(lang, "tui.match.suggest.computing").to_string(),
                ));
            }
            let workshops = store.referencing(Kind::Workshop, "request", &record.id, 20)?;
            if !workshops.is_empty() {
                lines.push(DetailLine::Heading(tr(lang, "kind.workshop").to_string()));
                lines.extend(workshops.iter().map(|r| link(r, lang, None)));
            }
            let deliverables = store.referencing(Kind::Deliverable, "request", &record.id, 20)?;
            if !deliverables.is_empty() {
                lines.push(DetailLine::Heading(
                    tr(lang, "kind.deliverable").to_string(),
                ));
                // The licence by its short name (« Licence Ouverte 2.0 »):
                // its code means nothing to most readers, its full name
                // rarely fits the line.
                lines.extend(deliverables.iter().map(|r| {
                    let extra = r
                        .get("licence")
                        .map(|l| format!(" · {}", Vocab::Licence.short_label(l, lang)));
                    link(r, lang, extra)
                }));
            }
            entry_lines(store, lang, &record, logged.as_ref(), &mut lines);
        }
        Kind::Workshop => entry_lines(store, lang, &record, logged.as_ref(), &mut lines),
        Kind::Budget => {
            // The other lines of the year, each opened to be edited.
            let year = record.get("year").unwrap_or_default().to_string();
            let others = crate::app::hours::budget_lines(store, &year)?;
            lines.push(DetailLine::Heading(
                Message::new("hours.detail.budget_lines")
                    .arg("year", &year)
                    .render(lang),
            ));
            lines.extend(
                others
                    .iter()
                    .filter(|line| line.id != record.id)
                    .map(|line| {
                        let amount = line.get("amount").unwrap_or_default();
                        DetailLine::Link {
                            kind: Kind::Budget,
                            id: line.id.clone(),
                            text: format!(
                                "{} · {}",
                                line.get("label").unwrap_or("—"),
                                display_value(store, lang, FieldType::Amount, amount)
                            ),
                        }
                    }),
            );
        }
        Kind::Place => {
            // The workshops held here (a workshop's `place`).
            let workshops = store.referencing(Kind::Workshop, "place", &record.id, 20)?;
            if !workshops.is_empty() {
                lines.push(DetailLine::Heading(tr(lang, "kind.workshop").to_string()));
                lines.extend(workshops.iter().map(|r| link(r, lang, None)));
            }
        }
        _ => {}
    }
    let mut state = DetailState::new(record, lines);
    state.suggestions = suggestions;
    Ok(state)
}
