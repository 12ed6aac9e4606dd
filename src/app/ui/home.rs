//! *Accueil*, the dashboard: this year's figures (an EPN's own département,
//! the whole region for the lead, with requests per département), and what
//! needs attention: new requests, open conflicts, review items (dangling
//! references, duplicate SIRETs, clock skew) and how long since bundles were
//! exchanged with each site. Everything is computed by SQL aggregates in one
//! `load`, run after the first frame is drawn (the view says "loading"
//! meanwhile).

use super::sync::Exchange;
use crate::app::backup::BackupAge;
use crate::app::{App, AppResult};
use crate::report::{self, CostSettings, Indicators};
use chrono::Datelike;

/// How many review items are counted at most (the screen shows counts).
const REVIEW_LIMIT: usize = 1000;
/// A change stamped this far ahead of our clock is clock skew.
pub const SKEW_MS: i64 = 24 * 3600 * 1000;

/// What the bar chart compares.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Bars {
    /// The lead: requests received this year in each département.
    Departements,
    /// An EPN: its département's requests of this year by status.
    Statuses,
}

/// What needs a person's look.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Attention {
    pub new_requests: u64,
    pub conflicts: u64,
    pub dangling_references: u64,
    pub duplicate_sirets: u64,
    /// Names (or ids) of sites whose changes are stamped ahead of our clock.
    pub skewed_sites: Vec<String>,
    /// The lead: people due for anonymisation or purge (retention review).
    pub privacy_due: u64,
}

impl Attention {
    pub fn review_items(&self) -> u64 {
        self.dangling_references + self.duplicate_sirets + self.skewed_sites.len() as u64
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Dashboard {
    pub year: i32,
    /// Whether this installation is the regional lead.
    pub regional: bool,
    pub indicators: Indicators,
    pub bars: Bars,
    /// `(label code, value)`: a département code or a status slug.
    pub bar_values: Vec<(String, u64)>,
    pub attention: Attention,
    /// Last bundle sent to / received from each site, when known.
    pub exchanges: Vec<Exchange>,
    /// When the figures were computed (ms), for "days since".
    pub computed_ms: i64,
    /// How old the last backup is (the reminder).
    pub backup: BackupAge,
}

/// The dashboard's state: `None` until the figures are computed.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct HomeState {
    pub dashboard: Option<Dashboard>,
    pub scroll: usize,
    /// The people due under the retention period, when opened (`p`).
    pub review: Option<super::retention::ReviewList>,
}

impl HomeState {
    /// Forgets the figures (after a write); they are computed again on the
    /// next tick.
    pub fn invalidate(&mut self) {
        self.dashboard = None;
        self.review = None;
    }
}

/// Computes the dashboard of this installation.
pub fn load(app: &App) -> AppResult<Dashboard> {
    let store = &app.store;
    let identity = store.require_identity()?;
    let regional = identity.role == "regional";
    let year = store.clock().today().year();
    let scope = (!regional).then_some(identity.departement.as_str());
    let costs = CostSettings {
        hourly_cost: app.config.hourly_cost(),
        yearly_budget: app.config.yearly_budget(),
    };
    let indicators = report::indicators(store, year, scope, costs)?;
    let (bars, bar_values) = if regional {
        (
            Bars::Departements,
            store.requests_received_by_departement(year)?,
        )
    } else {
        let values = crate::domain::status::Status::ALL
            .iter()
            .map(|status| {
                let count = indicators
                    .figures
                    .requests_by_status
                    .get(status.slug())
                    .copied()
                    .unwrap_or(0);
                (status.slug().to_string(), count)
            })
            .collect();
        (Bars::Statuses, values)
    };
    let review = store.review_items(REVIEW_LIMIT)?;
    let names = store.site_names()?;
    let name_of = |site: &str| {
        names
            .iter()
            .find(|(id, _)| id == site)
            .map(|(_, name)| name.clone())
            .unwrap_or_else(|| site.to_string())
    };
    let skewed_sites = store
        .clock_skew(store.now_ms() + SKEW_MS)?
        .into_iter()
        .map(|skewed| name_of(&skewed.site))
        .collect();
    let attention = Attention {
        new_requests: store.new_request_count(scope)?,
        conflicts: store.conflict_count()?,
        dangling_references: review
            .iter()
            .filter(|item| item.reason == "dangling_reference")
            .count() as u64,
        duplicate_sirets: review
            .iter()
            .filter(|item| item.reason == "duplicate_siret")
            .count() as u64,
        skewed_sites,
        privacy_due: if regional {
            super::retention::ReviewList::load(app)?.people.len() as u64
        } else {
            0
        },
    };
    Ok(Dashboard {
        year,
        regional,
        indicators,
        bars,
        bar_values,
        attention,
        exchanges: super::sync::exchanges(app)?,
        computed_ms: store.now_ms(),
        backup: app.backup_age()?,
    })
}
