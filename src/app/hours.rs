//! Hours logged on a record, in figures a person reads on its detail (a
//! request's hours spent against estimated, a developer's month and year, a
//! workshop's total), time entries named in words (date, developer, hours,
//! never ids), and who may write the budget lines: the regional lead
//! (coordinateur).

use super::present::display_value;
use super::{App, AppError, AppResult};
use crate::domain::Kind;
use crate::domain::schema::FieldType;
use crate::i18n::{Lang, Message, format_hours};
use crate::store::{Record, Store, StoreError};
use chrono::NaiveDate;

/// How many time entries a detail lists (the latest).
pub const ENTRIES_SHOWN: usize = 8;

/// The hours logged on one record.
#[derive(Clone, Debug, PartialEq)]
pub struct LoggedHours {
    pub total: f64,
    /// In the month of `today`.
    pub month: f64,
    /// In the year of `today`.
    pub year: f64,
    /// How many entries there are.
    pub entries: usize,
    /// The latest entries, newest first (at most `ENTRIES_SHOWN`).
    pub latest: Vec<Record>,
}

fn hours_of(entry: &Record) -> f64 {
    entry
        .get("hours")
        .and_then(|hours| hours.parse::<f64>().ok())
        .filter(|hours| hours.is_finite() && *hours >= 0.0)
        .unwrap_or(0.0)
}

/// The hours logged on the record `id` through the time entries' `column`
/// (`request`, `workshop` or `developer`): figures summed in SQL, and the
/// latest entries.
pub fn logged_on(
    store: &Store,
    column: &'static str,
    id: &str,
    today: NaiveDate,
) -> Result<LoggedHours, StoreError> {
    let hours = store.hours_on(column, id, today)?;
    Ok(LoggedHours {
        total: hours.total,
        month: hours.month,
        year: hours.year,
        entries: usize::try_from(hours.entries).unwrap_or(usize::MAX),
        latest: store.latest_time_entries(column, id, ENTRIES_SHOWN)?,
    })
}

/// A time entry in words: `26/11/2026 · Zoé Martin · 3,5 h · maquette`.
/// `on` is the record whose detail lists it (not named again).
pub fn entry_in_words(store: &Store, lang: Lang, entry: &Record, on: Kind) -> String {
    let mut parts = Vec::new();
    if let Some(date) = entry.get("date") {
        parts.push(display_value(store, lang, FieldType::Date, date));
    }
    for (field, kind) in [
        ("developer", Kind::Developer),
        ("request", Kind::Request),
        ("workshop", Kind::Workshop),
    ] {
        if kind == on {
            continue;
        }
        if let Some(id) = entry.get(field).filter(|id| !id.is_empty()) {
            parts.push(display_value(store, lang, FieldType::Ref(kind), id));
        }
    }
    parts.push(format_hours(lang, hours_of(entry)));
    if let Some(note) = entry.get("note").filter(|note| !note.is_empty()) {
        parts.push(display_value(store, lang, FieldType::Text, note));
    }
    parts.join(" · ")
}

/// The budget lines of a year, by label.
pub fn budget_lines(store: &Store, year: &str) -> Result<Vec<Record>, StoreError> {
    let mut lines: Vec<Record> = store
        .list(Kind::Budget)?
        .into_iter()
        .filter(|line| !line.deleted && line.get("year") == Some(year))
        .collect();
    lines.sort_by(|a, b| a.get("label").cmp(&b.get("label")));
    Ok(lines)
}

impl App {
    /// Whether this operator may write budget lines: the regional lead
    /// only; an EPN is told in words who does.
    pub fn may_edit_budget(&self) -> AppResult<()> {
        let identity = self.require_site()?;
        if identity.role == "regional" {
            Ok(())
        } else {
            Err(AppError::refused(Message::new(
                "hours.error.budget_lead_only",
            )))
        }
    }

    /// Today, for a form's default date and a detail's month and year.
    pub fn today_date(&self) -> NaiveDate {
        self.today()
    }
}
