//! *Synchronisation*: the state of the screen that exports and imports
//! bundles and lists the trusted sites. Until the sync layer is merged it
//! only knows the exchange times the dashboard shows (none).

use crate::app::{App, AppResult};

/// The last bundles exchanged with one site.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Exchange {
    pub site: String,
    pub name: String,
    /// Wall-clock time (ms) of the last bundle sent to the site.
    pub last_sent_ms: Option<i64>,
    /// Wall-clock time (ms) of the last bundle imported from the site.
    pub last_received_ms: Option<i64>,
}

/// The sites bundles were exchanged with, and when.
pub fn exchanges(_app: &App) -> AppResult<Vec<Exchange>> {
    Ok(Vec::new())
}

/// The Synchronisation screen's state.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SyncState {
    /// The sites and their last exchanges; `None` until loaded.
    pub trust: Option<Vec<Exchange>>,
    pub selected: usize,
}

/// Reads what the screen lists.
pub fn load(app: &App) -> AppResult<Vec<Exchange>> {
    exchanges(app)
}
