//! The tabs across the top, in order (number keys 1–9): the dashboard first,
//! the four record tables, the skills map, the map of the region (with the
//! places of the directory), synchronisation and conflicts. `TABS` is their registry: each row gives a tab's titles, the
//! view it shows and the background job that computes its data, and the
//! tab bar, the number keys, Tab/Shift-Tab and the loading of figures all
//! read it (the keys and footer of each view are in `registry`).

use super::jobs::{JobKind, Work};
use super::{Screen, View};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Tab {
    Home,
    Records(Screen),
    Skills,
    Map,
    Sync,
    Conflicts,
}

/// One tab of the bar.
pub struct TabSpec {
    pub tab: Tab,
    /// Catalog key of its title.
    pub title_key: &'static str,
    /// Catalog key of the short title used when the full ones do not fit.
    pub short_key: &'static str,
    /// The view it shows when nothing is open over it.
    pub view: fn() -> View,
    /// The background work that computes its data, if it takes a moment.
    pub job: Option<fn() -> Work>,
}

/// Every tab, in the order of the bar.
pub const TABS: &[TabSpec] = &[
    TabSpec {
        tab: Tab::Home,
        title_key: "tui.tab.home",
        short_key: "tui.tab_short.home",
        view: || View::Home,
        job: Some(|| Work::Dashboard(None)),
    },
    records(
        Screen::Requests,
        "tui.tab.requests",
        "tui.tab_short.requests",
    ),
    records(
        Screen::Developers,
        "tui.tab.developers",
        "tui.tab_short.developers",
    ),
    records(
        Screen::Workshops,
        "tui.tab.workshops",
        "tui.tab_short.workshops",
    ),
    records(Screen::Orgs, "tui.tab.orgs", "tui.tab_short.orgs"),
    TabSpec {
        tab: Tab::Skills,
        title_key: "tui.tab.skills",
        short_key: "tui.tab_short.skills",
        view: || View::Skills,
        job: Some(|| Work::Skills),
    },
    TabSpec {
        tab: Tab::Map,
        title_key: "tui.tab.map",
        short_key: "tui.tab_short.map",
        view: || View::Map,
        job: Some(|| Work::Map),
    },
    TabSpec {
        tab: Tab::Sync,
        title_key: "tui.tab.sync",
        short_key: "tui.tab_short.sync",
        view: || View::Sync,
        // The list of sites is read at once (it is short).
        job: None,
    },
    TabSpec {
        tab: Tab::Conflicts,
        title_key: "tui.tab.conflicts",
        short_key: "tui.tab_short.conflicts",
        view: || View::Conflicts,
        job: Some(|| Work::Conflicts),
    },
];

/// A record table's tab.
const fn records(screen: Screen, title_key: &'static str, short_key: &'static str) -> TabSpec {
    TabSpec {
        tab: Tab::Records(screen),
        title_key,
        short_key,
        view: || View::Browse,
        job: None,
    }
}

impl Tab {
    /// The tabs in order.
    pub fn all() -> impl Iterator<Item = Tab> {
        TABS.iter().map(|spec| spec.tab)
    }

    /// The n-th tab (0-based), if there is one.
    pub fn nth(index: usize) -> Option<Tab> {
        TABS.get(index).map(|spec| spec.tab)
    }

    pub fn count() -> usize {
        TABS.len()
    }

    /// Its row in `TABS`.
    pub fn spec(self) -> &'static TabSpec {
        TABS.iter()
            .find(|spec| spec.tab == self)
            // Every tab has a row (a test checks it).
            .unwrap_or(&TABS[0])
    }

    pub fn index(self) -> usize {
        TABS.iter().position(|spec| spec.tab == self).unwrap_or(0)
    }

    pub fn title_key(self) -> &'static str {
        self.spec().title_key
    }

    pub fn short_key(self) -> &'static str {
        self.spec().short_key
    }

    /// The kind of background job that computes its data, if any.
    pub fn job(self) -> Option<JobKind> {
        self.spec().job.map(|work| work().kind())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_dashboard_comes_first_and_every_tab_has_its_place() {
        assert_eq!(Tab::nth(0), Some(Tab::Home));
        for (index, tab) in Tab::all().enumerate() {
            assert_eq!(tab.index(), index);
            assert_eq!(tab.spec().tab, tab);
        }
        for screen in Screen::ALL {
            assert!(Tab::all().any(|tab| tab == screen.tab()), "{screen:?}");
        }
        assert_eq!(Screen::Places.tab(), Tab::Map, "the places open on the map");
        assert_eq!(Tab::count(), 9, "the number keys 1–9 reach every tab");
    }
}
