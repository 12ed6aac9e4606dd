//! The dashboard's list of people due for anonymisation or purge (the
//! retention review, for the regional lead): ↑/↓ move, Enter opens the
//! person's record, Esc goes back to the dashboard.

use crate::app::privacy::DuePerson;
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
            people: review.due,
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
