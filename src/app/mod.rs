//! Use cases: what a person can do with Relais, whatever the interface
//! (command line or terminal UI). No terminal and no SQL here.

pub mod about;
pub mod backup;
pub mod compact;
pub mod config;
pub mod conflicts;
pub mod crypt;
pub mod demo;
pub mod edit;
mod error;
pub mod hours;
pub mod identity;
pub mod merge;
pub mod places;
pub mod present;
pub mod privacy;
pub mod publish;
pub mod purge;
pub mod refs;
pub mod report;
pub mod search;
pub mod settings;
mod status;
pub mod suggest;
pub mod sync_folder;
pub mod sync_ops;
pub mod trust;
pub mod ui;
pub mod undo;

/// Records and history lines as the store derives them; interfaces read
/// them through `present`.
pub use crate::store::{ApplyStep as ImportStep, HistoryEntry, Record, SystemClock, short_id};
pub use config::Config;
pub use edit::Assignment;
pub use error::{AppError, AppResult};
pub use status::{CheckOutcome, RecordDetail, SiteSummary, StatusReport};

use crate::domain::Kind;
use crate::domain::clock::Clock;
use crate::i18n::Message;
use crate::store::{LocalIdentity, OpenMode, Store, StoreError};
use std::path::Path;
use std::sync::Arc;

/// An open database with the settings of the person using it. The store is
/// private to `app`: interfaces reach data only through use cases.
pub struct App {
    store: Store,
    pub config: Config,
    /// What this session wrote, for `u` (undo).
    journal: undo::Journal,
}

impl App {
    /// Opens an existing database (commands other than `init` never create one).
    pub fn open(path: &Path, config: Config, clock: Arc<dyn Clock>) -> AppResult<App> {
        let store = Store::open(path, OpenMode::MustExist, clock)?;
        Ok(App::from_store(store, config))
    }

    /// Wraps a store opened elsewhere (tests, benches, the demo loader).
    pub fn from_store(store: Store, config: Config) -> App {
        App {
            store,
            config,
            journal: undo::Journal::default(),
        }
    }

    /// The store, for tests and benchmarks that look below the use cases.
    /// Interfaces never call this (`tests/suite/tidy.rs` checks).
    #[doc(hidden)]
    pub fn test_store(&self) -> &Store {
        &self.store
    }

    /// The store, for tests and benchmarks that set up data below the use cases.
    #[doc(hidden)]
    pub fn test_store_mut(&mut self) -> &mut Store {
        &mut self.store
    }

    /// The name written as author of this operator's changes: the config,
    /// else the name given at `init`, else the system user.
    pub fn author(&self) -> String {
        if let Some(author) = self.config.author.as_ref().filter(|a| !a.trim().is_empty()) {
            return author.trim().to_string();
        }
        if let Ok(Some(author)) = self.store.local_setting("author") {
            return author;
        }
        std::env::var("USER").unwrap_or_else(|_| "?".into())
    }

    fn today(&self) -> chrono::NaiveDate {
        self.store.clock().today()
    }

    fn require_site(&self) -> AppResult<LocalIdentity> {
        Ok(self.store.require_identity()?)
    }

    /// Creates a record from assignments; returns its id.
    pub fn add(&mut self, kind: Kind, assignments: &[Assignment]) -> AppResult<String> {
        self.require_site()?;
        if kind == Kind::Site {
            return Err(AppError::refused(Message::new("error.edit.site_by_trust")));
        }
        let mut given = assignments.to_vec();
        for (field, value) in self.defaults(kind)? {
            if !given.iter().any(|assignment| assignment.field == field) {
                given.push(Assignment::new(field, &value));
            }
        }
        let writes = edit::plan(&self.store, kind, None, &given, self.today())?;
        let author = self.author();
        let mut writer = self.store.writer(&author)?;
        let id = writer.create(kind);
        let fields: Vec<(&str, String)> = writes
            .iter()
            .filter_map(|(field, value)| value.clone().map(|value| (field.as_str(), value)))
            .collect();
        writer.insert_new(kind, &id, &fields)?;
        let written = writer.written_ids();
        writer.commit()?;
        self.journal
            .push(kind, &id, undo::Written::Created, written);
        Ok(id)
    }

    /// What a new record of `kind` starts with, in the CLI and the forms
    /// alike: this site's département, and for a workshop or logged time
    /// this site and today's date.
    pub fn defaults(&self, kind: Kind) -> AppResult<Vec<(&'static str, String)>> {
        let Some(site) = self.store.identity()? else {
            return Ok(Vec::new());
        };
        let today = self.today().format("%d/%m/%Y").to_string();
        let candidates = [
            ("departement", site.departement.clone()),
            ("site", site.site.clone()),
            ("date", today),
        ];
        let wanted = |field: &str| match field {
            "departement" => kind != Kind::Site,
            "site" | "date" => matches!(kind, Kind::Workshop | Kind::Time),
            _ => false,
        };
        Ok(candidates
            .into_iter()
            .filter(|(field, _)| wanted(field) && kind.field(field).is_some())
            .collect())
    }

    /// Finds a live record by id, tail or name; a deleted one is refused for edits.
    fn live_record(&self, kind: Kind, id_text: &str) -> AppResult<Record> {
        refs::live_record(&self.store, kind, id_text)
    }

    /// Edits a record; returns its id and the number of changes written.
    pub fn set(
        &mut self,
        kind: Kind,
        id_text: &str,
        assignments: &[Assignment],
    ) -> AppResult<(String, usize)> {
        self.require_site()?;
        let record = self.live_record(kind, id_text)?;
        let writes = edit::plan(&self.store, kind, Some(&record), assignments, self.today())?;
        let author = self.author();
        let mut writer = self.store.writer(&author)?;
        for (field, value) in &writes {
            writer.set(kind, &record.id, field, value.as_deref())?;
        }
        let ids = writer.written_ids();
        let written = writer.commit()?;
        self.journal
            .push(kind, &record.id, undo::Written::Edited, ids);
        Ok((record.id, written))
    }

    /// Deletes a record (a tombstone change that syncs like any edit).
    pub fn remove(&mut self, kind: Kind, id_text: &str) -> AppResult<String> {
        self.require_site()?;
        let record = self.live_record(kind, id_text)?;
        let author = self.author();
        let mut writer = self.store.writer(&author)?;
        writer.delete(kind, &record.id)?;
        let ids = writer.written_ids();
        writer.commit()?;
        self.journal
            .push(kind, &record.id, undo::Written::Deleted, ids);
        Ok(record.id)
    }

    /// One record, deleted or not.
    /// References to merged records read as the record they went into
    /// (`store::merged`), so a reference made elsewhere during a merge shows
    /// the kept record.
    pub fn show(&self, kind: Kind, id_text: &str) -> AppResult<Record> {
        let id = refs::resolve_record(&self.store, kind, id_text)?;
        let mut record = self.store.record(kind, &id)?.ok_or(StoreError::UnknownId {
            kind: kind.name(),
            id,
        })?;
        self.store.follow_merges(&mut record)?;
        Ok(record)
    }

    pub fn list(&self, kind: Kind) -> AppResult<Vec<Record>> {
        Ok(self.store.list(kind)?)
    }

    /// Hands every live record of a kind to `each` in listing order (label,
    /// then id), one at a time as it is read: what `list` prints, with
    /// memory flat in the table's size.
    pub fn for_each_record(
        &self,
        kind: Kind,
        each: &mut dyn FnMut(Record) -> AppResult<()>,
    ) -> AppResult<()> {
        self.store
            .for_each_record(kind, crate::store::Sets::Read, each)
    }

    /// `for_each_record` in two halves read at once
    /// (`Store::for_each_record_in_halves`): `first` gets the first half on
    /// this thread while `second` gets the second half on another; the
    /// caller puts the second half after the first. A short listing goes
    /// to `first` whole.
    pub fn for_each_record_in_halves(
        &self,
        kind: Kind,
        first: &mut dyn FnMut(Record) -> AppResult<()>,
        second: &mut (dyn FnMut(Record) -> AppResult<()> + Send),
    ) -> AppResult<()> {
        self.store
            .for_each_record_in_halves(kind, crate::store::Sets::Read, first, second)
    }

    /// Hands every live record of a kind to `each` in listing order with
    /// `fields` in words (as `cell` writes them), one at a time as it is
    /// read. Set elements are read only when one of `fields` is a set, and
    /// the records the reference fields name are labelled by the same query
    /// (not one query per row).
    /// The records hold only `fields` and their label (what the columns
    /// show), so that the covering label index (schema v16) serves them.
    pub fn for_each_record_cells(
        &self,
        kind: Kind,
        lang: crate::i18n::Lang,
        fields: &[&str],
        each: &mut dyn FnMut(&Record, Vec<String>) -> AppResult<()>,
    ) -> AppResult<()> {
        let (sets, named) = cells_read(kind, fields);
        self.store
            .for_each_record_columns(kind, sets, fields, &named, |record, labels| {
                each(
                    &record,
                    cells(&self.store, lang, fields, &named, &record, labels),
                )
            })
    }

    /// `for_each_record_cells` in two halves read at once, as
    /// `for_each_record_in_halves`: `first` gets the first half's rows on
    /// this thread while `second` gets the second half's on another.
    pub fn for_each_record_cells_in_halves(
        &self,
        kind: Kind,
        lang: crate::i18n::Lang,
        fields: &[&str],
        first: &mut dyn FnMut(&Record, Vec<String>) -> AppResult<()>,
        second: &mut (dyn FnMut(&Record, Vec<String>) -> AppResult<()> + Send),
    ) -> AppResult<()> {
        let (sets, named) = cells_read(kind, fields);
        let named = &named[..];
        self.store.for_each_record_columns_in_halves(
            (kind, sets, fields, named),
            |store, record, labels| {
                first(&record, cells(store, lang, fields, named, &record, labels))
            },
            |store, record, labels| {
                second(&record, cells(store, lang, fields, named, &record, labels))
            },
        )
    }

    /// Hands a record's changes to `each`, oldest first, as they are read.
    pub fn for_each_history(
        &self,
        record: &Record,
        each: &mut dyn FnMut(HistoryEntry) -> AppResult<()>,
    ) -> AppResult<()> {
        self.store.for_each_history(&record.id, each)
    }

    /// Hands a record's history in words to `each`, oldest first, as it is
    /// read (the lines of `history_in_words`, in the other order).
    pub fn for_each_history_line(
        &self,
        record: &Record,
        lang: crate::i18n::Lang,
        each: &mut dyn FnMut(ui::detail::HistoryLine) -> AppResult<()>,
    ) -> AppResult<()> {
        self.store.for_each_history(&record.id, |entry| {
            each(ui::detail::history_line(&self.store, lang, record, &entry))
        })
    }

    pub fn history(&self, kind: Kind, id_text: &str) -> AppResult<(Record, Vec<HistoryEntry>)> {
        let record = self.show(kind, id_text)?;
        let history = self.store.history(&record.id)?;
        Ok((record, history))
    }

    /// Resolves a conflict by writing `value` with every head as parent.
    pub fn resolve(
        &mut self,
        kind: Kind,
        id_text: &str,
        field: &str,
        value: Option<&str>,
    ) -> AppResult<String> {
        self.require_site()?;
        let id = refs::resolve_record(&self.store, kind, id_text)?;
        let value = edit::validate_change_field(&self.store, kind, field, value)?;
        let author = self.author();
        let mut writer = self.store.writer(&author)?;
        writer.resolve(kind, &id, field, value.as_deref())?;
        writer.commit()?;
        Ok(id)
    }
}

/// What a listing of `fields` reads: set elements only when one of them is
/// a set; and the scalar references among them, whose records' labels the
/// same query joins (not one query per row).
fn cells_read<'f>(kind: Kind, fields: &[&'f str]) -> (crate::store::Sets, Vec<&'f str>) {
    let needs_sets = fields
        .iter()
        .any(|name| kind.field(name).is_some_and(|field| field.set.is_some()));
    let sets = match needs_sets {
        true => crate::store::Sets::Read,
        false => crate::store::Sets::Skip,
    };
    let is_reference = |name: &&str| {
        kind.field(name).is_some_and(|field| {
            field.set.is_none() && matches!(field.ty, crate::domain::schema::FieldType::Ref(_))
        })
    };
    (sets, fields.iter().copied().filter(is_reference).collect())
}

/// A listed record's `fields` in words (as `cell` writes them), the
/// references `named` in words from the labels the query joined.
fn cells(
    store: &Store,
    lang: crate::i18n::Lang,
    fields: &[&str],
    named: &[&str],
    record: &Record,
    labels: &[Option<String>],
) -> Vec<String> {
    fields
        .iter()
        .map(|field| {
            let label = named
                .iter()
                .position(|name| name == field)
                .and_then(|index| labels.get(index))
                .map(Option::as_deref);
            present::cell_named(store, lang, record, field, label)
        })
        .collect()
}
