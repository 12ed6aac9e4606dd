//! The tabs across the top, in order (number keys 1–8): the dashboard first,
//! the four record tables, then the skills map, synchronisation and
//! conflicts. A record tab shows a `Screen`'s table; the others have their
//! own view.

use super::Screen;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Tab {
    Home,
    Records(Screen),
    Skills,
    Sync,
    Conflicts,
}

impl Tab {
    pub const ALL: [Tab; 8] = [
        Tab::Home,
        Tab::Records(Screen::Requests),
        Tab::Records(Screen::Developers),
        Tab::Records(Screen::Workshops),
        Tab::Records(Screen::Orgs),
        Tab::Skills,
        Tab::Sync,
        Tab::Conflicts,
    ];

    pub fn index(self) -> usize {
        Tab::ALL.iter().position(|tab| *tab == self).unwrap_or(0)
    }

    /// Catalog key of the tab title.
    pub fn title_key(self) -> &'static str {
        match self {
            Tab::Home => "tui.tab.home",
            Tab::Records(screen) => screen.title_key(),
            Tab::Skills => "tui.tab.skills",
            Tab::Sync => "tui.tab.sync",
            Tab::Conflicts => "tui.tab.conflicts",
        }
    }

    /// Catalog key of the short title used when the full ones do not fit.
    pub fn short_key(self) -> &'static str {
        match self {
            Tab::Home => "tui.tab_short.home",
            Tab::Records(Screen::Requests) => "tui.tab_short.requests",
            Tab::Records(Screen::Developers) => "tui.tab_short.developers",
            Tab::Records(Screen::Workshops) => "tui.tab_short.workshops",
            Tab::Records(Screen::Orgs) => "tui.tab_short.orgs",
            Tab::Skills => "tui.tab_short.skills",
            Tab::Sync => "tui.tab_short.sync",
            Tab::Conflicts => "tui.tab_short.conflicts",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_dashboard_comes_first_and_every_tab_has_its_place() {
        assert_eq!(Tab::ALL[0], Tab::Home);
        for (index, tab) in Tab::ALL.into_iter().enumerate() {
            assert_eq!(tab.index(), index);
        }
    }
}
