//! Where "now" comes from. Tests and snapshots use a fixed clock so that
//! stamps and dates are deterministic.

use chrono::{DateTime, NaiveDate, Utc};
use std::sync::atomic::{AtomicI64, Ordering};

pub trait Clock: Send + Sync {
    /// Milliseconds since the Unix epoch.
    fn now_ms(&self) -> i64;

    fn today(&self) -> NaiveDate {
        DateTime::<Utc>::from_timestamp_millis(self.now_ms())
            .unwrap_or_default()
            .date_naive()
    }
}

/// A clock that only moves when told to.
#[derive(Debug)]
pub struct FixedClock(AtomicI64);

impl FixedClock {
    pub fn new(now_ms: i64) -> FixedClock {
        FixedClock(AtomicI64::new(now_ms))
    }

    /// Parses an RFC 3339 time or a `YYYY-MM-DD` date, taken at 09:00 UTC
    /// (a working hour, not midnight, so that the local date in France is
    /// the date given).
    pub fn parse(text: &str) -> Option<FixedClock> {
        if let Ok(time) = DateTime::parse_from_rfc3339(text) {
            return Some(FixedClock::new(time.timestamp_millis()));
        }
        let date = NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()?;
        Some(FixedClock::new(
            date.and_hms_opt(9, 0, 0)?.and_utc().timestamp_millis(),
        ))
    }

    pub fn advance(&self, ms: i64) {
        self.0.fetch_add(ms, Ordering::SeqCst);
    }
}

impl Clock for FixedClock {
    fn now_ms(&self) -> i64 {
        self.0.load(Ordering::SeqCst)
    }
}
