//! One screen's table: which query it shows, its row count, the selected and
//! first visible rows, and a small window of fetched rows around them. Only
//! the window is ever read from the store, so moving in 100,000 rows costs
//! what it costs in 100.

use super::Screen;
use crate::domain::geo;
use crate::domain::status::Status;
use crate::domain::vocab::Vocab;
use crate::store::{BrowseQuery, Record, Store, StoreError};
use std::collections::HashMap;

pub struct ListState {
    pub screen: Screen,
    pub query: BrowseQuery,
    /// Rows matching the query.
    pub total: usize,
    /// Absolute index of the selected row.
    pub selected: usize,
    /// Absolute index of the first visible row.
    pub top: usize,
    /// Absolute index of `window[0]`.
    pub window_start: usize,
    pub window: Vec<Record>,
    /// Per row id: a developer's open requests, an organisation's requests.
    pub extra: HashMap<String, u64>,
    pub loaded: bool,
    /// Whether `total` is the real count (the first frame shows the first
    /// rows before counting, so that start-up does not grow with the data).
    pub counted: bool,
}

impl ListState {
    pub fn new(screen: Screen) -> ListState {
        let kind = screen.kind();
        let mut query = BrowseQuery::new(kind);
        if screen == Screen::Workshops {
            query.sort = "date";
            query.descending = true;
        }
        ListState {
            screen,
            query,
            total: 0,
            selected: 0,
            top: 0,
            window_start: 0,
            window: Vec::new(),
            extra: HashMap::new(),
            loaded: false,
            counted: false,
        }
    }

    /// The columns this screen may be sorted by, in the order `sort` cycles.
    pub fn sort_columns(&self) -> &'static [&'static str] {
        match self.screen {
            Screen::Requests => &["title", "status", "departement", "category", "received_on"],
            Screen::Developers => &["name", "departement", "role", "availability"],
            Screen::Workshops => &["date", "title", "kind"],
            Screen::Orgs => &["name", "kind", "departement"],
            Screen::Places => &["name", "commune_name", "departement"],
        }
    }

    /// The vocabulary field the "category" filter cycles through here
    /// (the places' typologies are the directory's own words: none).
    pub fn category_field(&self) -> Option<(&'static str, Vocab)> {
        match self.screen {
            Screen::Requests => Some(("category", Vocab::Category)),
            Screen::Developers => Some(("role", Vocab::DeveloperRole)),
            Screen::Workshops => Some(("kind", Vocab::WorkshopKind)),
            Screen::Orgs => Some(("kind", Vocab::OrgKind)),
            Screen::Places => None,
        }
    }

    pub fn filter(&self, column: &str) -> Option<&str> {
        self.query
            .filters
            .iter()
            .find(|(name, _)| *name == column)
            .map(|(_, value)| value.as_str())
    }

    /// Moves a filter to the next of `values`, then back to none.
    fn cycle_filter(&mut self, column: &'static str, values: &[String]) {
        let next = match self.filter(column) {
            None => values.first().cloned(),
            Some(current) => values
                .iter()
                .position(|value| value == current)
                .and_then(|at| values.get(at + 1))
                .cloned(),
        };
        self.query.filters.retain(|(name, _)| *name != column);
        if let Some(value) = next {
            self.query.filters.push((column, value));
        }
        self.selected = 0;
        self.top = 0;
        self.loaded = false;
    }

    pub fn cycle_status(&mut self) {
        if self.screen != Screen::Requests {
            return;
        }
        let values: Vec<String> = Status::ALL.iter().map(|s| s.slug().to_string()).collect();
        self.cycle_filter("status", &values);
    }

    pub fn cycle_departement(&mut self) {
        if self.screen == Screen::Workshops {
            return;
        }
        let values: Vec<String> = geo::paca_departements()
            .iter()
            .map(|dep| dep.code.clone())
            .collect();
        self.cycle_filter("departement", &values);
    }

    pub fn cycle_category(&mut self) {
        let Some((column, vocab)) = self.category_field() else {
            return;
        };
        let values: Vec<String> = vocab.slugs().iter().map(|s| s.to_string()).collect();
        self.cycle_filter(column, &values);
    }

    pub fn clear_filters(&mut self) {
        self.query.filters.clear();
        self.selected = 0;
        self.top = 0;
        self.loaded = false;
    }

    pub fn cycle_sort(&mut self) {
        let columns = self.sort_columns();
        let at = columns.iter().position(|c| *c == self.query.sort);
        self.query.sort = columns[at.map_or(0, |at| (at + 1) % columns.len())];
        self.query.descending = false;
        self.forget_rows();
    }

    pub fn reverse_sort(&mut self) {
        self.query.descending = !self.query.descending;
        self.forget_rows();
    }

    /// Another order: the rows read are now in the wrong place, the count
    /// still right (no new count of 100,000 rows for a key press).
    fn forget_rows(&mut self) {
        self.window.clear();
        self.window_start = 0;
    }

    pub fn selected_record(&self) -> Option<&Record> {
        self.row(self.selected)
    }

    pub fn row(&self, index: usize) -> Option<&Record> {
        index
            .checked_sub(self.window_start)
            .and_then(|at| self.window.get(at))
    }

    /// The rows on screen, with their absolute index.
    pub fn visible(&self, rows: usize) -> impl Iterator<Item = (usize, &Record)> {
        (self.top..self.total.min(self.top + rows))
            .filter_map(move |index| self.row(index).map(|record| (index, record)))
    }

    /// Re-counts and re-reads the window (after a filter, an edit, another
    /// program's change).
    pub fn reload(&mut self, store: &Store, rows: usize) -> Result<(), StoreError> {
        self.total = store.browse_count(&self.query)?;
        self.counted = true;
        self.window.clear();
        self.loaded = true;
        self.clamp(rows);
        self.ensure_window(store, rows)
    }

    /// Reads the first rows without counting (start-up): `total` is only
    /// what was read until `finish_count` runs.
    pub fn reload_uncounted(&mut self, store: &Store, rows: usize) -> Result<(), StoreError> {
        self.selected = 0;
        self.top = 0;
        self.window.clear();
        self.window_start = 0;
        self.total = rows.max(1) * 3;
        self.loaded = true;
        self.counted = false;
        self.ensure_window(store, rows)?;
        self.total = self.window.len();
        // Fewer rows than asked for: that is the whole listing.
        self.counted = self.window.len() < rows.max(1) * 3;
        Ok(())
    }

    /// Counts the rows if start-up left that for later.
    pub fn finish_count(&mut self, store: &Store, rows: usize) -> Result<(), StoreError> {
        if self.loaded && !self.counted {
            self.total = store.browse_count(&self.query)?;
            self.counted = true;
            self.clamp(rows);
        }
        Ok(())
    }

    /// Selects `index` (clamped) and scrolls so that it is visible.
    pub fn select(&mut self, index: usize, rows: usize) {
        self.selected = index;
        self.clamp(rows);
    }

    fn clamp(&mut self, rows: usize) {
        let rows = rows.max(1);
        if self.total == 0 {
            self.selected = 0;
            self.top = 0;
            return;
        }
        self.selected = self.selected.min(self.total - 1);
        if self.selected < self.top {
            self.top = self.selected;
        }
        if self.selected >= self.top + rows {
            self.top = self.selected + 1 - rows;
        }
        self.top = self.top.min(self.total.saturating_sub(rows));
    }

    /// Reads rows around the visible ones if they are not in the window.
    pub fn ensure_window(&mut self, store: &Store, rows: usize) -> Result<(), StoreError> {
        let end = self.total.min(self.top + rows.max(1));
        let window_end = self.window_start + self.window.len();
        if self.top >= self.window_start
            && end <= window_end
            && !(self.window.is_empty() && end > 0)
        {
            return Ok(());
        }
        let start = self.top.saturating_sub(rows);
        let limit = rows.max(1) * 3;
        // Far down a long listing, reading from the end skips fewer rows
        // (End in 100,000 rows costs what Home costs).
        self.window = if self.counted && start > self.total / 2 {
            let skip_from_end = self.total.saturating_sub(start + limit);
            let take = limit.min(self.total - start);
            store.browse_page_from_end(&self.query, skip_from_end, take)?
        } else {
            store.browse_page(&self.query, start, limit)?
        };
        self.window_start = start;
        let ids: Vec<String> = self.window.iter().map(|r| r.id.clone()).collect();
        self.extra = match self.screen {
            Screen::Developers => store.developer_loads(&ids)?,
            Screen::Orgs => store.org_request_counts(&ids)?,
            _ => HashMap::new(),
        };
        Ok(())
    }
}
