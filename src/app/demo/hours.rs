//! The demo's hours: the six departmental developers and the regional lead
//! log each working week (35 h less a public holiday or a training day now
//! and then, five weeks of leave a year: about 1 500 h a year) on the
//! requests under way in their département (the lead: in the region) and on
//! the workshops they lead; volunteers and students log a few hours now and
//! then. A request takes about its estimate once delivered, part of it while
//! in progress, a few hours of qualifying before: the rest of a week goes to
//! the network's own work (an entry with a note and no request), so that a
//! request never shows twenty times its estimate.

use super::{Rng, date_from};
use crate::domain::Kind;
use crate::domain::status::Status;
use crate::store::{StoreError, Writer};
use chrono::{Datelike, Duration, NaiveDate};

/// A request as the hours need it: where, and when it was worked on.
pub(super) struct WorkItem {
    pub id: String,
    pub title: String,
    pub departement: String,
    /// Days after the demo's first day.
    pub received: i64,
    pub delivered: Option<i64>,
    pub status: Status,
    pub estimated: f64,
}

impl WorkItem {
    /// Assigned, in progress or delivered: someone works on it.
    fn worked(&self) -> bool {
        matches!(
            self.status,
            Status::Assigned | Status::InProgress | Status::Delivered
        )
    }

    /// The most hours the staff log on it, as a share of its estimate drawn
    /// in a range that follows its status.
    fn cap(&self, rng: &mut Rng) -> f64 {
        let (low, high) = match self.status {
            Status::Delivered => (80, 130),
            Status::InProgress => (30, 90),
            Status::Assigned => (5, 15),
            Status::Abandoned => (5, 30),
            Status::New | Status::Qualified => return 4.0 + rng.below(5) as f64,
        };
        let percent = low + rng.below(high - low + 1);
        (self.estimated * percent as f64 / 100.0).round()
    }
}

/// What a staff member's week goes to when no request needs hours.
const NETWORK_WORK: [&str; 4] = [
    "Animation du réseau des EPN",
    "Accompagnement des structures qui déposent une demande",
    "Veille technique et formation",
    "Documentation et publication des livrables",
];

/// A workshop a developer led.
pub(super) struct Led {
    pub id: String,
    pub facilitator: usize,
    pub day: i64,
    pub duration: f64,
}

/// A staff member: index in the developers, and their département (`None`
/// for the regional lead, who works across the region).
pub(super) struct Staff {
    pub developer: String,
    pub departement: Option<String>,
}

/// Whether the week starting `monday` is one of leave (three weeks in
/// August, the Christmas week, and the week after).
fn on_leave(monday: NaiveDate) -> bool {
    let (month, day) = (monday.month(), monday.day());
    (month == 8 && day <= 21) || (month == 12 && day >= 22) || (month == 1 && day <= 2)
}

/// The requests `staff` may work on during the week starting on `day` (as
/// indexes in `items`), those under way first, and only those with hours
/// left under their cap.
fn pool(items: &[WorkItem], left: &[f64], staff: &Staff, day: i64) -> Vec<usize> {
    let open = |index: &usize| {
        let item = &items[*index];
        left[*index] >= 1.0
            && item.received <= day
            && item.delivered.is_none_or(|d| d >= day)
            && staff
                .departement
                .as_ref()
                .is_none_or(|dep| *dep == item.departement)
    };
    let under_way: Vec<usize> = (0..items.len())
        .filter(open)
        .filter(|index| items[*index].worked())
        .collect();
    if !under_way.is_empty() {
        return under_way;
    }
    // Nothing under way: the week goes to qualifying what came in.
    (0..items.len()).filter(open).collect()
}

/// One entry: on `target` (a field and a record id), or with a note.
fn log(
    writer: &mut Writer<'_>,
    developer: &str,
    target: (&str, &str),
    date: String,
    hours: f64,
) -> Result<(), StoreError> {
    let id = writer.create(Kind::Time);
    writer.insert_new(
        Kind::Time,
        &id,
        &[
            ("developer", developer.to_string()),
            (target.0, target.1.to_string()),
            ("date", date),
            ("hours", hours.to_string()),
        ],
    )
}

/// Logs the staff's weeks from `base` (a Monday) for `days` days, and the
/// workshops they led; returns how many entries were written.
pub(super) fn log_staff(
    writer: &mut Writer<'_>,
    rng: &mut Rng,
    staff: &[Staff],
    items: &[WorkItem],
    led: &[Led],
    (base, days): (NaiveDate, i64),
) -> Result<usize, StoreError> {
    let mut written = 0;
    let mut left: Vec<f64> = items.iter().map(|item| item.cap(rng)).collect();
    // Early on, a département may have no request yet: its developer then
    // helps on the region's (a staff member works every week of the year).
    let region = Staff {
        developer: String::new(),
        departement: None,
    };
    for week in (0..days).step_by(7) {
        let monday = base + Duration::days(week);
        if on_leave(monday) {
            continue;
        }
        for person in staff {
            // A public holiday or a training day one week in four.
            let mut hours: f64 = if rng.chance(25) { 28.0 } else { 35.0 };
            for share in [0.6_f64, 1.0] {
                let mut choices = pool(items, &left, person, week);
                if choices.is_empty() {
                    choices = pool(items, &left, &region, week);
                }
                if choices.is_empty() || hours < 1.0 {
                    break;
                }
                let index = choices[rng.below(choices.len())];
                let part = (hours * share).round().min(left[index].floor());
                hours -= part;
                left[index] -= part;
                let day = week + rng.below(5) as i64;
                let target = ("request", items[index].id.as_str());
                log(
                    writer,
                    &person.developer,
                    target,
                    date_from(base, day),
                    part,
                )?;
                written += 1;
            }
            if hours >= 1.0 {
                let note = NETWORK_WORK[rng.below(NETWORK_WORK.len())];
                let day = week + rng.below(5) as i64;
                log(
                    writer,
                    &person.developer,
                    ("note", note),
                    date_from(base, day),
                    hours,
                )?;
                written += 1;
            }
        }
    }
    for workshop in led {
        if let Some(person) = staff.get(workshop.facilitator) {
            // The workshop itself and two hours to prepare it.
            let hours = workshop.duration + 2.0;
            log(
                writer,
                &person.developer,
                ("workshop", &workshop.id),
                date_from(base, workshop.day),
                hours,
            )?;
            written += 1;
        }
    }
    Ok(written)
}
