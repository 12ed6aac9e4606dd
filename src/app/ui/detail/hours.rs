//! The hours logged on a request, developer or workshop as lines of its
//! detail: the figure under its fields and the latest entries.

use super::DetailLine;
use crate::domain::schema::Kind;
use crate::i18n::{Lang, Message, tr};
use crate::store::{Record, Store, StoreError};

/// The time entries' column that links them to records of `kind`.
fn time_column(kind: Kind) -> Option<&'static str> {
    match kind {
        Kind::Request => Some("request"),
        Kind::Workshop => Some("workshop"),
        Kind::Developer => Some("developer"),
        _ => None,
    }
}

/// The hours logged on a request, developer or workshop (read once for
/// both the figure and the latest entries); none for other kinds.
pub(super) fn logged_hours(
    store: &Store,
    record: &Record,
) -> Result<Option<crate::app::hours::LoggedHours>, StoreError> {
    time_column(record.kind)
        .map(|column| {
            crate::app::hours::logged_on(store, column, &record.id, store.clock().today())
        })
        .transpose()
}

/// The hours logged on a request (against its estimate), a developer (this
/// month and this year) or a workshop, as one line under its fields.
pub(super) fn hours_lines(
    lang: Lang,
    record: &Record,
    logged: Option<&crate::app::hours::LoggedHours>,
    lines: &mut Vec<DetailLine>,
) {
    let Some(logged) = logged else {
        return;
    };
    let hours = |value: f64| crate::i18n::format_hours(lang, value);
    let estimated = record
        .get("estimated_hours")
        .and_then(|value| value.parse::<f64>().ok());
    let value = match (record.kind, estimated) {
        (Kind::Request, Some(estimated)) => Message::new("hours.detail.spent_of")
            .arg("spent", hours(logged.total))
            .arg("estimated", hours(estimated)),
        _ if logged.entries == 0 => return,
        (Kind::Developer, _) => Message::new("hours.detail.month_year")
            .arg("month", hours(logged.month))
            .arg("year", hours(logged.year)),
        _ => Message::new("hours.detail.spent").arg("spent", hours(logged.total)),
    };
    lines.push(DetailLine::Field {
        label: tr(lang, "hours.detail.label").to_string(),
        value: value.render(lang),
        link: None,
    });
}

/// The latest hours logged on a request or workshop, each in words (date,
/// developer, hours) and opened with Enter.
pub(super) fn entry_lines(
    store: &Store,
    lang: Lang,
    record: &Record,
    logged: Option<&crate::app::hours::LoggedHours>,
    lines: &mut Vec<DetailLine>,
) {
    let Some(logged) = logged.filter(|logged| logged.entries > 0) else {
        return;
    };
    lines.push(DetailLine::Heading(
        Message::new("hours.detail.entries")
            .count(i64::try_from(logged.entries).unwrap_or(i64::MAX))
            .render(lang),
    ));
    lines.extend(logged.latest.iter().map(|entry| DetailLine::Link {
        kind: Kind::Time,
        id: entry.id.clone(),
        text: crate::app::hours::entry_in_words(store, lang, entry, record.kind),
    }));
}
