//! The dashboard's list of people due for anonymisation or purge (the
//! retention review, for the regional lead): ↑/↓ move, Enter opens the
//! person's record, Esc goes back to the dashboard. It holds the people
//! inactive past the retention period; removed records still holding
//! values are listed by `relais privacy review` (and purged there), so that
//! a deletion does not raise an alarm on every replica's dashboard.

use crate::app::privacy::{DuePerson, DueReason};
use crate::app::{App, AppResult};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReviewList {
    pub people: Vec<DuePerson>,
    pub selected: usize,
    /// The retention period the list was computed with.
    pub years: u32,
}

impl ReviewList {
    /// The review as it stands now.
    pub fn load(app: &App) -> AppResult<ReviewList> {
        let review = app.privacy_review()?;
        Ok(ReviewList {
            people: review
                .due
                .into_iter()
                .filter(|person| person.reason == DueReason::Inactive)
                .collect(),
            selected: 0,
            years: review.retention_years,
        })
    }

    pub fn step(&mut self, down: bool) {
        self.selected = if down {
            (self.selected + 1).min(self.people.len().saturating_sub(1))
        } else {
            self.selected.saturating_sub(1)
        };
    }

    pub fn current(&self) -> Option<&DuePerson> {
        self.people.get(self.selected)
    }
}
