//! What a job is: its kind (what may stop part-way, what goes to a pooled
//! worker, its title), the work it is given and what it produces.

use super::IndexGate;
use crate::app::backup::BackedUp;
use crate::app::report::{ReportFormat, WrittenReport};
use crate::app::search::SearchOutcome;
use crate::app::suggest::SuggestOutcome;
use crate::app::sync_ops::SummaryLine;
use crate::app::ui::conflicts::ConflictList;
use crate::app::ui::home::Dashboard;
use crate::app::ui::map::MapData;
use crate::app::ui::skills::SkillGrid;
use crate::domain::Kind;
use crate::i18n::Lang;
use std::path::PathBuf;

/// The kinds of background work; at most one of each runs at a time.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum JobKind {
    Dashboard,
    Skills,
    Map,
    Conflicts,
    SearchIndex,
    Import,
    Export,
    Backup,
    /// The yearly report written to a file (from the dashboard).
    Report,
    /// The `/` search through every field (titles come at once from the index).
    Search,
    /// The `/` search's titles, matched in a large index off the UI thread.
    SearchTitles,
    /// The developers suggested in a request's detail.
    Suggest,
}

impl JobKind {
    /// Whether stopping it part-way leaves nothing behind. An import or an
    /// export commits as it goes, and the store's progress callbacks cannot
    /// stop it: it runs to its end.
    pub fn cancellable(self) -> bool {
        // A report is written beside its target and renamed: it runs to its
        // end too (stopping would only leave the person without it).
        !matches!(
            self,
            JobKind::Import | JobKind::Export | JobKind::Backup | JobKind::Report
        )
    }

    /// Whether its jobs go to a long-lived worker instead of a thread
    /// each: the `/` search's, started at every keystroke.
    pub fn pooled(self) -> bool {
        matches!(self, JobKind::Search | JobKind::SearchTitles)
    }

    /// Catalog key of what the job does ("computing the figures"…).
    pub fn title_key(self) -> &'static str {
        match self {
            JobKind::Dashboard | JobKind::Skills | JobKind::Map | JobKind::Conflicts => {
                "tui.jobs.figures"
            }
            JobKind::SearchIndex => "tui.jobs.search_index",
            JobKind::Import => "tui.jobs.import",
            JobKind::Export => "tui.jobs.export",
            JobKind::Backup => "tui.jobs.backup",
            JobKind::Report => "report.export.job",
            JobKind::Search | JobKind::SearchTitles => "tui.match.jobs.search",
            JobKind::Suggest => "tui.match.jobs.suggest",
        }
    }
}

/// What to do, with what it needs.
#[derive(Clone, Debug)]
pub enum Work {
    /// The dashboard of a year (`None`: this year).
    Dashboard(Option<i32>),
    Skills,
    Map,
    Conflicts,
    /// Read the labels of these kinds into `index`, chunk by chunk: a
    /// search matches the labels read so far while the rest come.
    SearchIndex {
        kinds: Vec<Kind>,
        index: crate::app::ui::SharedIndex,
        /// Tests only: holds the builder before each chunk.
        gate: Option<IndexGate>,
    },
    /// Import this bundle of `total` changes.
    Import {
        path: PathBuf,
        total: u64,
    },
    /// Write a bundle for a site (or the lead) at a path.
    Export {
        to: Option<String>,
        path: PathBuf,
        /// Encrypted for the addressee (`app::crypt`).
        encrypt: bool,
    },
    /// Copy the database to a dated file beside it.
    Backup,
    /// Write the report of a year (the whole region, or every département
    /// and the region) in a format, in a language, at a path.
    Report {
        year: i32,
        format: ReportFormat,
        lang: Lang,
        path: PathBuf,
    },
    /// Search every field for this query.
    Search(String),
    /// Match this query against the titles of this index.
    SearchTitles {
        index: crate::app::ui::SharedIndex,
        query: String,
    },
    /// Rank developers for this request, explained in this language.
    Suggest {
        request: String,
        lang: Lang,
    },
}

impl Work {
    pub fn kind(&self) -> JobKind {
        match self {
            Work::Dashboard(_) => JobKind::Dashboard,
            Work::Skills => JobKind::Skills,
            Work::Map => JobKind::Map,
            Work::Conflicts => JobKind::Conflicts,
            Work::SearchIndex { .. } => JobKind::SearchIndex,
            Work::Import { .. } => JobKind::Import,
            Work::Export { .. } => JobKind::Export,
            Work::Backup => JobKind::Backup,
            Work::Report { .. } => JobKind::Report,
            Work::Search(_) => JobKind::Search,
            Work::SearchTitles { .. } => JobKind::SearchTitles,
            Work::Suggest { .. } => JobKind::Suggest,
        }
    }
}

/// What a job produced.
pub enum Output {
    Dashboard(Box<Dashboard>),
    Skills(SkillGrid),
    Map(Box<MapData>),
    Conflicts(ConflictList),
    /// Every label is in the index (it grew in place, chunk by chunk).
    SearchIndexBuilt,
    /// The summary lines of an import or an export.
    Summary(Vec<SummaryLine>),
    /// The backup written and checked.
    BackedUp(BackedUp),
    /// Where the report was written.
    Report(WrittenReport),
    /// The hits of a query in every field.
    Search(SearchOutcome),
    /// The titles matching a query (the query as typed).
    SearchTitles {
        query: String,
        hits: Vec<crate::app::ui::dialog::SearchHit>,
    },
    /// The developers suggested for a request.
    Suggestions(Box<SuggestOutcome>),
}
