//! The funders' report as a use case: the document of a year (for one
//! département, or each département and the region) built from the store,
//! and written in a format to a file, a folder (CSV) or for the terminal.
//! The document and its renderers live in `report`; interfaces reach them
//! through here.

use super::{App, AppError, AppResult};
use crate::i18n::{Lang, Message};
use crate::report::CostSettings;
use crate::report::document::{self, ReportScope};
use crate::report::render::{self, Rendered};
use chrono::Datelike;
use serde::Serialize;
use std::path::{Path, PathBuf};

pub use crate::report::document::{AreaReport, Finances, ReportDocument};
pub use crate::report::render::ReportFormat;

/// What `write_report` produced.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct WrittenReport {
    pub format: &'static str,
    /// The file, or (CSV) the folder.
    pub path: PathBuf,
    /// The files written (one, or one per table for CSV).
    pub files: Vec<PathBuf>,
    pub bytes: u64,
}

impl App {
    /// The cost settings of the figures (hourly cost, yearly budget).
    pub fn cost_settings(&self) -> CostSettings {
        CostSettings {
            hourly_cost: self.config.hourly_cost(),
            yearly_budget: self.config.yearly_budget(),
        }
    }

    /// The report of `year` (default: this year) for one département, or
    /// for each département that received requests and the region.
    pub fn report(
        &self,
        year: Option<i32>,
        departement: Option<&str>,
    ) -> AppResult<ReportDocument> {
        self.report_with_progress(year, departement, &mut |_, _| {})
    }

    /// `report`, calling `progress(done, total)` after each step.
    pub fn report_with_progress(
        &self,
        year: Option<i32>,
        departement: Option<&str>,
        progress: &mut dyn FnMut(usize, usize),
    ) -> AppResult<ReportDocument> {
        let year = year.unwrap_or_else(|| self.today().year());
        if !(2000..=2100).contains(&year) {
            return Err(AppError::refused(
                Message::new("error.report.year").arg("year", year),
            ));
        }
        // The same check and spelling (`6` → `06`, `2a` → `2A`) as a form's.
        let departement = match departement {
            Some(code) => Some(crate::domain::validate::departement_code(
                "departement",
                code,
            )?),
            None => None,
        };
        let scope = ReportScope {
            year,
            departement: departement.as_deref(),
            costs: self.cost_settings(),
            generated_on: self.today().format("%Y-%m-%d").to_string(),
        };
        Ok(document::build(&self.store, &scope, progress)?)
    }

    /// The report rendered in `format` for reading on a terminal or a pipe
    /// (CSV and XLSX need a file: use `write_report`).
    pub fn render_report(
        &self,
        document: &ReportDocument,
        format: ReportFormat,
        lang: Lang,
    ) -> AppResult<Vec<u8>> {
        match render::render(document, format, lang).map_err(AppError::refused)? {
            Rendered::One(bytes) => Ok(bytes),
            Rendered::Files(_) => Err(AppError::refused(
                Message::new("report.error.needs_out").arg("format", format.name()),
            )),
        }
    }

    /// Builds the report and writes it to `path` (CSV: a folder of one file
    /// per table). Files are written beside their target and renamed, so a
    /// reader never sees half a report.
    pub fn write_report(
        &self,
        (year, departement): (Option<i32>, Option<&str>),
        format: ReportFormat,
        lang: Lang,
        path: &Path,
        progress: &mut dyn FnMut(usize, usize),
    ) -> AppResult<WrittenReport> {
        let document = self.report_with_progress(year, departement, progress)?;
        let rendered = render::render(&document, format, lang).map_err(AppError::refused)?;
        let mut files = Vec::new();
        let mut bytes = 0u64;
        match rendered {
            Rendered::One(content) => {
                bytes = content.len() as u64;
                write_atomically(path, &content)?;
                files.push(path.to_path_buf());
            }
            Rendered::Files(parts) => {
                std::fs::create_dir_all(path).map_err(|err| write_error(path, &err))?;
                for (name, content) in parts {
                    let file = path.join(name);
                    bytes = bytes.saturating_add(content.len() as u64);
                    write_atomically(&file, &content)?;
                    files.push(file);
                }
            }
        }
        Ok(WrittenReport {
            format: format.name(),
            path: path.to_path_buf(),
            files,
            bytes,
        })
    }
}

fn write_error(path: &Path, err: &std::io::Error) -> AppError {
    AppError::refused(
        Message::new("report.error.write")
            .arg("path", path.display())
            .arg("error", err),
    )
}

fn write_atomically(path: &Path, content: &[u8]) -> AppResult<()> {
    let name = path
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_else(|| "report".into());
    let temporary = path.with_file_name(format!(".{name}.tmp"));
    std::fs::write(&temporary, content).map_err(|err| write_error(path, &err))?;
    std::fs::rename(&temporary, path).map_err(|err| {
        let _ = std::fs::remove_file(&temporary);
        write_error(path, &err)
    })
}
