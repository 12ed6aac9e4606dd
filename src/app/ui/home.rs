//! *Accueil*, the dashboard: a year's figures (an EPN's own département,
//! the whole region for the lead, with requests per département), and what
//! needs attention: new requests, open conflicts, review items (dangling
//! references, duplicate SIRETs, clock skew) and how long since bundles were
//! exchanged with each site. The figures are the yearly report's (the same
//! aggregates, `Store::year_figures`, read through `report`), so the
//! dashboard and `relais report` never disagree; each "to do" count is the
//! count of the list its line opens. Computed in one `load`, run after the
//! first frame is drawn (the view says "loading" meanwhile).

use super::sync::Exchange;
use crate::app::backup::BackupAge;
use crate::app::{App, AppResult};
use crate::domain::Kind;
use crate::report::Indicators;
use crate::store::BrowseQuery;
use chrono::Datelike;

/// The first year the selector goes back to.
pub const FIRST_YEAR: i32 = 2000;

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
    /// New requests of any year (the list "to qualify" shows).
    pub new_requests: u64,
    /// Of those, the ones received in the dashboard's year (its "new" status figure).
    pub new_requests_in_year: u64,
    pub conflicts: u64,
    pub dangling_references: u64,
    pub duplicate_sirets: u64,
    /// Names (or ids) of sites whose changes are stamped ahead of our clock.
    pub skewed_sites: Vec<String>,
    /// The lead: people due for anonymisation or purge (retention review).
    pub privacy_due: u64,
}

impl Dashboard {
    /// The lines of "À traiter", in order.
    pub fn todo(&self) -> Vec<Todo> {
        let mut lines = Vec::new();
        if !matches!(self.backup, BackupAge::Recent { .. }) {
            lines.push(Todo::Backup(self.backup));
        }
        lines.extend([Todo::NewRequests, Todo::Conflicts, Todo::Review]);
        if !self.attention.skewed_sites.is_empty() {
            lines.push(Todo::Skew);
        }
        if self.attention.privacy_due > 0 {
            lines.push(Todo::Privacy);
        }
        if self.exchanges.is_empty() {
            lines.push(Todo::NoExchange);
        }
        lines.extend((0..self.exchanges.len()).map(Todo::Exchange));
        lines
    }
}

impl Attention {
    pub fn review_items(&self) -> u64 {
        self.dangling_references + self.duplicate_sirets + self.skewed_sites.len() as u64
    }
}

/// One line of "À traiter", and what Enter on it opens.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Todo {
    /// No recent backup: Enter makes one.
    Backup(BackupAge),
    /// New requests (any year) of the scope: Enter lists them.
    NewRequests,
    /// Open conflicts: Enter opens the conflicts screen.
    Conflicts,
    /// Dangling references, duplicate SIRETs, clock skew (a count only).
    Review,
    /// Sites whose clocks run ahead: Enter opens synchronisation.
    Skew,
    /// People due under the retention period: Enter lists them.
    Privacy,
    /// No bundle exchanged yet: Enter opens synchronisation.
    NoExchange,
    /// The n-th site's last exchange: Enter opens synchronisation.
    Exchange(usize),
}

/// Where Enter on a "to do" line goes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TodoTarget {
    /// Make a backup now.
    Backup,
    /// The requests list, with these filters (exactly the counted ones).
    Requests(BrowseQuery),
    Conflicts,
    Sync,
    /// The people due under the retention period.
    Privacy,
}

impl Todo {
    /// Red: worth doing now.
    pub fn urgent(&self, dashboard: &Dashboard) -> bool {
        let attention = &dashboard.attention;
        match self {
            Todo::Backup(_) | Todo::Skew | Todo::Privacy => true,
            Todo::Conflicts => attention.conflicts > 0,
            Todo::Review => attention.review_items() > 0,
            Todo::NewRequests | Todo::NoExchange | Todo::Exchange(_) => false,
        }
    }

    /// What Enter on the line opens (none: a count to read only).
    pub fn target(&self, dashboard: &Dashboard) -> Option<TodoTarget> {
        match self {
            Todo::Backup(_) => Some(TodoTarget::Backup),
            Todo::NewRequests => Some(TodoTarget::Requests(new_requests_query(
                dashboard.indicators.departement.as_deref(),
            ))),
            Todo::Conflicts => Some(TodoTarget::Conflicts),
            Todo::Skew | Todo::NoExchange | Todo::Exchange(_) => Some(TodoTarget::Sync),
            Todo::Privacy => Some(TodoTarget::Privacy),
            Todo::Review => None,
        }
    }
}

/// The requests list that "new requests to qualify" counts: status new,
/// in the département (an EPN) or anywhere (the lead), any year.
pub fn new_requests_query(departement: Option<&str>) -> BrowseQuery {
    let mut query = BrowseQuery::new(Kind::Request);
    query.filters.push(("status", "new".to_string()));
    if let Some(code) = departement {
        query.filters.push(("departement", code.to_string()));
    }
    query
}

#[derive(Clone, Debug, PartialEq)]
pub struct Dashboard {
    pub year: i32,
    /// This year (the selector goes no further).
    pub this_year: i32,
    /// Whether this installation is the regional lead.
    pub regional: bool,
    pub indicators: Indicators,
    pub bars: Bars,
    /// `(label code, value)`: a département code (empty: without one) or
    /// a status slug.
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
    /// The selected line of "À traiter".
    pub selected: usize,
    /// The year shown (`None`: this year).
    pub year: Option<i32>,
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

    /// Whether `dashboard` is the one asked for (a year changed while it
    /// was being computed: it is not).
    pub fn wants(&self, dashboard: &Dashboard) -> bool {
        self.year.unwrap_or(dashboard.this_year) == dashboard.year
    }
}

impl HomeState {
    /// Shows the previous (`-1`) or next (`1`) year, within `FIRST_YEAR` and
    /// this year; the figures are computed again.
    pub fn step_year(&mut self, step: i32) {
        let Some(dashboard) = &self.dashboard else {
            return;
        };
        let year = dashboard
            .year
            .saturating_add(step)
            .clamp(FIRST_YEAR, dashboard.this_year);
        if year != dashboard.year {
            self.year = (year != dashboard.this_year).then_some(year);
            self.invalidate();
        }
    }

    /// Moves the selection among the "to do" lines.
    pub fn step(&mut self, down: bool) {
        let count = self.dashboard.as_ref().map_or(0, |d| d.todo().len());
        self.selected = if down {
            (self.selected + 1).min(count.saturating_sub(1))
        } else {
            self.selected.saturating_sub(1)
        };
    }

    /// Where Enter on the selected line goes.
    pub fn target(&self) -> Option<TodoTarget> {
        let dashboard = self.dashboard.as_ref()?;
        dashboard.todo().get(self.selected)?.target(dashboard)
    }
}

/// Computes the dashboard of this installation, for `year` (default: this
/// year).
pub fn load(app: &App, year: Option<i32>) -> AppResult<Dashboard> {
    let store = &app.store;
    let identity = store.require_identity()?;
    let regional = identity.role == "regional";
    let this_year = store.clock().today().year();
    let year = year.unwrap_or(this_year).clamp(FIRST_YEAR, this_year);
    let scope = (!regional).then_some(identity.departement.as_str());
    let costs = app.cost_settings();
    // The report's own figures of the year, every column at once.
    let all = store.year_figures(year)?;
    let budget = crate::report::envelope(store, year, costs)?;
    let indicators = Indicators::of_area(&all, (year, scope), costs, budget);
    let (bars, bar_values) = if regional {
        let mut values: Vec<(String, u64)> = all
            .departements
            .iter()
            .filter(|(_, (figures, _))| figures.requests_received > 0)
            .map(|(code, (figures, _))| (code.clone(), figures.requests_received))
            .collect();
        let without = all.without_departement.0.requests_received;
        if without > 0 {
            values.push((String::new(), without));
        }
        (Bars::Departements, values)
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
        // The requests list's count with the same filters, from the kept
        // counts (schema v17) instead of a pass over the requests.
        new_requests: store.kept_request_count("new", scope)?,
        new_requests_in_year: indicators
            .figures
            .requests_by_status
            .get("new")
            .copied()
            .unwrap_or(0),
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
        this_year,
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
