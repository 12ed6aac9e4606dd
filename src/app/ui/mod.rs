//! The terminal UI's state and behaviour, without a terminal: a `Model`, the
//! `Action`s a person can take, and `update`, the one place that carries
//! them out. Rendering (in `tui`) only reads the model; tests drive `update`
//! directly. Errors never escape: they become a message on the status line.

pub mod action;
pub mod conflicts;
pub mod consent;
pub mod detail;
pub mod dialog;
pub mod form;
pub mod form_fields;
pub mod home;
pub mod index_build;
mod job_priority;
pub mod jobs;
pub mod layout;
pub mod list;
pub mod map;
pub mod picker;
pub mod registry;
pub mod report_form;
pub mod retention;
mod screen;
mod search_index;
pub mod skills;
pub mod sync;
pub mod tabs;
pub mod text_input;
mod update;

pub use action::Action;
pub use conflicts::ConflictsState;
pub use detail::{DetailLine, DetailState, HistoryLine, HistoryState};
pub use dialog::{
    Confirm, ConfirmAction, Prompt, PromptPurpose, SearchHit, SearchState, StatusDialog,
};
pub use form::{FormPurpose, FormState, Input};
pub use home::HomeState;
pub use list::ListState;
pub use map::MapState;
pub use picker::{PickOption, Picker};
pub use screen::{Context, Notice, Overlay, Screen, View};
pub use search_index::SharedIndex;
pub use skills::SkillsState;
pub use tabs::Tab;
pub use text_input::TextInput;
pub use update::{settle, settle_search_index, update};

use super::{App, AppError, AppResult, Config};
use crate::domain::clock::Clock;
use crate::i18n::{Lang, Message};
use jobs::JobKind;
use std::path::{Path, PathBuf};
use std::sync::Arc;

pub struct Model {
    pub lang: Lang,
    pub app: Option<App>,
    pub db_path: PathBuf,
    /// Where the settings are read from (shown in the help).
    pub config_path: PathBuf,
    pub config: Config,
    pub clock: Arc<dyn Clock>,
    /// The tab shown; for a record tab, `screen` is its table.
    pub tab: Tab,
    /// The record table last shown (details open on it).
    pub screen: Screen,
    pub home: HomeState,
    pub skills: SkillsState,
    pub conflicts: ConflictsState,
    pub sync: sync::SyncState,
    pub map: MapState,
    /// Work under way off this thread, and the last failure of each kind.
    pub jobs: jobs::Jobs,
    pub lists: Vec<ListState>,
    pub view: View,
    pub overlay: Overlay,
    pub notice: Option<Notice>,
    /// Where to go back to from a history (the detail it was opened from).
    pub history_return: Option<DetailState>,
    pub site: Option<String>,
    pub size: (u16, u16),
    pub quit: bool,
    data_version: i64,
    /// Shared with the job that matches titles off the UI thread (a large
    /// index: see `dialogs::search`); it remembers the matches of each
    /// query typed, whichever thread scored them.
    search_index: Option<SharedIndex>,
    /// Whether every label is in `search_index` (else it still grows).
    search_index_built: bool,
    /// Tests only: holds the index builder before each chunk (see
    /// `jobs::IndexGate`), taken by the next build started.
    #[doc(hidden)]
    pub index_gate: Option<jobs::IndexGate>,
    /// Titles a keystroke scores on the UI thread at most
    /// (`dialog::TITLES_AT_ONCE`); tests lower it to take the job's path.
    #[doc(hidden)]
    pub titles_at_once: usize,
}

impl Model {
    /// Opens the database, or prepares the first-run setup when it does not
    /// exist yet or has no identity. A file that is not a Relais database is
    /// an error the caller reports.
    pub fn open(
        db_path: &Path,
        config: Config,
        clock: Arc<dyn Clock>,
        lang: Lang,
        size: (u16, u16),
    ) -> AppResult<Model> {
        let mut model = Model {
            lang,
            app: None,
            db_path: db_path.to_path_buf(),
            config_path: super::config::default_config_path(),
            config: config.clone(),
            clock: clock.clone(),
            tab: Tab::Home,
            screen: Screen::Requests,
            home: HomeState::default(),
            skills: SkillsState::default(),
            conflicts: ConflictsState::default(),
            sync: sync::SyncState::default(),
            map: MapState::default(),
            jobs: jobs::Jobs::default(),
            lists: Screen::ALL.into_iter().map(ListState::new).collect(),
            view: View::Browse,
            overlay: Overlay::None,
            notice: None,
            history_return: None,
            site: None,
            size,
            quit: false,
            data_version: 0,
            search_index: None,
            search_index_built: false,
            index_gate: None,
            titles_at_once: dialog::TITLES_AT_ONCE,
        };
        // One connection serves both the check and the browsing.
        let app = if db_path.exists() {
            Some(App::open(db_path, config, clock)?)
        } else {
            None
        };
        let initialised = match &app {
            Some(app) => app.store.identity()?.is_some(),
            None => false,
        };
        if let (true, Some(app)) = (initialised, app) {
            model.attach(app)?;
        } else {
            let author = model
                .config
                .author
                .clone()
                .or_else(|| std::env::var("USER").ok())
                .unwrap_or_default();
            model.view = View::Setup(FormState::setup(lang, &author));
        }
        Ok(model)
    }

    /// Starts browsing an initialised database.
    fn attach(&mut self, app: App) -> AppResult<()> {
        let identity = app.store.require_identity()?;
        self.site = Some(format!("{} ({})", identity.name, identity.departement));
        self.data_version = app.store.data_version()?;
        self.app = Some(app);
        self.tab = Tab::Home;
        self.view = View::Home;
        // The dashboard's figures, the lists' rows and the search index all
        // wait for the first tick, after the first frame.
        for list in &mut self.lists {
            list.loaded = false;
        }
        self.home.invalidate();
        Ok(())
    }

    /// Closes the database: every background job stopped and waited for,
    /// then the model's own connection (before a restore replaces the file).
    pub(crate) fn close_database(&mut self) {
        self.jobs.stop_all();
        self.app = None;
        self.search_index = None;
        self.search_index_built = false;
    }

    /// Opens the database at `db_path` again and forgets everything read
    /// from the one before.
    pub(crate) fn reopen(&mut self) -> AppResult<()> {
        let app = App::open(&self.db_path, self.config.clone(), self.clock.clone())?;
        self.attach(app)?;
        self.sync = sync::SyncState::default();
        self.invalidate();
        Ok(())
    }

    /// Reads everything again after this model's own work wrote through
    /// another connection, so that the next tick does not take it for a
    /// change made by another program.
    pub(crate) fn absorb_outside_changes(&mut self) -> AppResult<()> {
        if let Some(app) = self.app.as_ref() {
            self.data_version = app.store.data_version()?;
        }
        self.invalidate();
        Ok(())
    }

    /// The files of this installation, for the help screen.
    pub fn files(&self) -> super::about::Files {
        super::about::Files::new(&self.db_path, &self.config_path)
    }

    /// Finishes what start-up left for later: the current list's count, and
    /// the search index (built in the background from then on).
    pub(crate) fn finish_deferred(&mut self) -> AppResult<()> {
        let rows = self.table_rows();
        let index = self.screen.index();
        if let Some(app) = self.app.as_ref() {
            self.lists[index].finish_count(&app.store, rows)?;
            if !self.search_index_built
                && !self.jobs.is_running(JobKind::SearchIndex)
                && self.jobs.failure(JobKind::SearchIndex).is_none()
            {
                self.start_search_index();
            }
        }
        Ok(())
    }

    /// The view of the current tab, when nothing is open on it (on the
    /// map, the list of places once it was opened there).
    pub fn tab_view(&self) -> View {
        if self.tab == Tab::Map && self.map.places_open {
            return View::Browse;
        }
        (self.tab.spec().view)()
    }

    /// Whether work runs in the background (the event loop then ticks
    /// often, to show its progress and its end).
    pub fn busy(&self) -> bool {
        self.jobs.busy()
    }

    /// Whether the search box waits for results from the background, or
    /// the current tab for its figures (the event loop then ticks within a
    /// frame, to show them as they come: the dashboard at start-up appears
    /// when its job ends, not up to a busy tick later).
    pub fn results_due(&self) -> bool {
        let searching = matches!(self.overlay, Overlay::Search(_))
            && (self.jobs.is_running(JobKind::Search)
                || self.jobs.is_running(JobKind::SearchTitles)
                || self.jobs.is_running(JobKind::SearchIndex));
        let figures = self
            .tab_job()
            .is_some_and(|kind| self.jobs.is_running(kind));
        searching || figures
    }

    /// The background job that computes the current tab's figures, if
    /// any (when the tab itself shows, not a record opened over it).
    pub fn tab_job(&self) -> Option<JobKind> {
        // The tab's own view: not the list of places opened over the map.
        self.tab
            .job()
            .filter(|_| self.view == (self.tab.spec().view)())
    }

    /// Where a background job opens the database.
    pub(crate) fn source(&self) -> jobs::Source {
        jobs::Source {
            db: self.db_path.clone(),
            config: self.config.clone(),
            clock: self.clock.clone(),
        }
    }

    /// Starts a job with the real runner.
    pub(crate) fn start_job(&mut self, work: jobs::Work) {
        let source = self.source();
        self.jobs.start(work, source, jobs::run);
    }

    /// Whether the current tab waits for data to be computed (the event
    /// loop then ticks at once, after drawing the "loading" frame).
    pub fn pending(&self) -> bool {
        if self.app.is_none() {
            return false;
        }
        // A computation under way for this tab, or one that failed (it
        // waits for the person to ask again): nothing to start.
        if let Some(kind) = self.tab_job()
            && (self.jobs.is_running(kind) || self.jobs.failure(kind).is_some())
        {
            return false;
        }
        match self.view {
            View::Home => self.home.dashboard.is_none(),
            View::Skills => self.skills.grid.is_none(),
            View::Conflicts => self.conflicts.list.is_none(),
            View::Sync => self.sync.trust.is_none(),
            View::Map => self.map.data.is_none(),
            View::Browse => {
                let list = self.list();
                list.loaded && !list.counted
            }
            _ => false,
        }
    }

    pub fn list(&self) -> &ListState {
        &self.lists[self.screen.index()]
    }

    fn list_mut(&mut self) -> &mut ListState {
        &mut self.lists[self.screen.index()]
    }

    /// Visible table rows at the current size.
    pub fn table_rows(&self) -> usize {
        layout::table_rows(self.size.1)
    }

    pub fn context(&self) -> Context {
        match &self.overlay {
            Overlay::Help { .. } => return Context::Help,
            Overlay::Search(_) => return Context::Search,
            Overlay::Status(_) => return Context::StatusDialog,
            Overlay::Confirm(_) => return Context::Confirm,
            Overlay::Prompt(_) => return Context::Prompt,
            Overlay::Report(_) => return Context::ReportForm,
            Overlay::None => {}
        }
        match &self.view {
            View::Setup(_) | View::Form(_) => Context::Form,
            View::Browse => Context::Browse,
            View::Detail(_) => Context::Detail,
            View::History(_) => Context::History,
            View::Home => Context::Home,
            View::Skills => Context::Skills,
            View::Sync => Context::Sync,
            View::Conflicts => Context::Conflicts,
            View::Map => Context::Map,
        }
    }

    /// Whether leaving now would lose typed input.
    pub fn has_unsaved_input(&self) -> bool {
        match &self.view {
            View::Form(form) => form.dirty(),
            View::Setup(form) => form.dirty(),
            _ => false,
        }
    }

    fn say(&mut self, message: Message) {
        self.notice = Some(Notice {
            message,
            error: false,
        });
    }

    fn fail(&mut self, err: AppError) {
        self.notice = Some(Notice {
            message: err.message(),
            error: true,
        });
    }

    /// Re-reads the current table if it is stale, or just the visible window.
    fn refresh_list(&mut self) -> AppResult<()> {
        self.load_list(true)
    }

    /// The current table, stale or not: the visible window is read; a stale
    /// table is re-read and counted at once (`count_now`) or on the next tick.
    fn load_list(&mut self, count_now: bool) -> AppResult<()> {
        let rows = self.table_rows();
        let index = self.screen.index();
        let Some(app) = self.app.as_ref() else {
            return Ok(());
        };
        let list = &mut self.lists[index];
        match (list.loaded, count_now) {
            (true, _) => list.ensure_window(&app.store, rows)?,
            (false, true) => list.reload(&app.store, rows)?,
            (false, false) => list.reload_uncounted(&app.store, rows)?,
        }
        Ok(())
    }

    /// Shows the current table: its first rows at once; a long listing is
    /// counted on the next tick (see `finish_deferred`), after the frame.
    fn show_list(&mut self) -> AppResult<()> {
        self.load_list(false)
    }

    /// Shows the current table with exactly the filters of `query` (the
    /// dashboard's "to do" lines open the list they count), counted now.
    pub(crate) fn show_filtered(&mut self, query: crate::store::BrowseQuery) -> AppResult<()> {
        let list = self.list_mut();
        list.query.filters = query.filters;
        list.selected = 0;
        list.top = 0;
        list.loaded = false;
        self.load_list(true)
    }

    /// Forgets everything read from the database (after a write here or a
    /// change made by another program).
    fn invalidate(&mut self) {
        for list in &mut self.lists {
            list.loaded = false;
        }
        self.home.invalidate();
        // A computation started before this change would show stale figures.
        self.jobs.cancel_readers();
        self.skills.grid = None;
        self.conflicts.list = None;
        self.sync.trust = None;
        self.map.invalidate();
        self.start_search_index();
    }
}
