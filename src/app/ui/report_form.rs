//! "Export the report" from the dashboard, its state: the format from a
//! list, the year, the path (with a default in the person's documents).
//! The keys are handled in `update::report`; the report is written by
//! `App::write_report` as a background job (`jobs`).

use super::Model;
use super::text_input::TextInput;
use crate::app::report::ReportFormat;
use crate::app::{AppError, AppResult};
use crate::i18n::{Lang, Message};
use chrono::Datelike;
use std::path::{Path, PathBuf};

/// The form's fields, top to bottom.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReportField {
    Format,
    Year,
    Path,
}

impl ReportField {
    const ALL: [ReportField; 3] = [ReportField::Format, ReportField::Year, ReportField::Path];
}

/// The form's state.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReportForm {
    pub format: ReportFormat,
    pub year: TextInput,
    pub path: TextInput,
    pub focus: ReportField,
    /// The folder the default path is in (documents, else home, else the
    /// database's folder).
    pub folder: PathBuf,
    pub error: Option<Message>,
}

/// The formats offered, in the order of the list.
pub const FORMATS: [ReportFormat; 6] = [
    ReportFormat::Html,
    ReportFormat::Xlsx,
    ReportFormat::Markdown,
    ReportFormat::Csv,
    ReportFormat::Json,
    ReportFormat::Text,
];

/// Where reports go by default: `~/Documents` when it exists, else the home
/// folder, else beside the database.
pub fn default_folder(db_path: &Path) -> PathBuf {
    let beside = db_path
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."));
    let Some(home) = std::env::var_os("HOME").map(PathBuf::from) else {
        return beside;
    };
    let documents = home.join("Documents");
    if documents.is_dir() {
        documents
    } else if home.is_dir() {
        home
    } else {
        beside
    }
}

/// `rapport-2026.html`; CSV is a folder, `rapport-2026-csv`.
pub fn default_name(lang: Lang, year: &str, format: ReportFormat) -> String {
    let stem = match lang {
        Lang::Fr => "rapport",
        Lang::En => "report",
    };
    match format.extension() {
        "" => format!("{stem}-{year}-{}", format.name()),
        extension => format!("{stem}-{year}.{extension}"),
    }
}

impl ReportForm {
    pub fn new(model: &Model) -> ReportForm {
        let year = model.clock.today().year().to_string();
        let folder = default_folder(&model.db_path);
        let format = ReportFormat::Html;
        let path = folder.join(default_name(model.lang, &year, format));
        ReportForm {
            format,
            year: TextInput::new(&year),
            path: TextInput::new(&path.display().to_string()),
            focus: ReportField::Format,
            folder,
            error: None,
        }
    }

    pub(super) fn default_path(&self, lang: Lang, format: ReportFormat) -> String {
        let year = self.year.as_str().trim();
        self.folder
            .join(default_name(lang, year, format))
            .display()
            .to_string()
    }

    /// Moves through the list of formats; a path still at its default
    /// follows (its extension and name), a typed one is kept.
    pub(super) fn step_format(&mut self, lang: Lang, forward: bool) {
        let at = FORMATS.iter().position(|f| *f == self.format).unwrap_or(0);
        let len = FORMATS.len();
        let next = if forward {
            (at + 1) % len
        } else {
            (at + len - 1) % len
        };
        let was_default = self.path.as_str() == self.default_path(lang, self.format);
        self.format = FORMATS[next];
        if was_default {
            let path = self.default_path(lang, self.format);
            self.path.set(&path);
        }
    }

    pub(super) fn step_focus(&mut self, forward: bool) {
        let at = ReportField::ALL
            .iter()
            .position(|f| *f == self.focus)
            .unwrap_or(0);
        let len = ReportField::ALL.len();
        let next = if forward {
            (at + 1) % len
        } else {
            (at + len - 1) % len
        };
        self.focus = ReportField::ALL[next];
    }

    /// The year typed, if it is one a report can be made for.
    pub(super) fn year(&self) -> AppResult<i32> {
        match self.year.as_str().trim().parse::<i32>() {
            Ok(year @ 2000..=2100) => Ok(year),
            _ => Err(AppError::refused(Message::new("report.export.bad_year"))),
        }
    }
}
