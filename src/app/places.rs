//! The national places directory: importing a places file (LaMednum's
//! schema or the Région Sud list) as replicated `place` records, and
//! exporting them back in LaMednum's schema. An import is one transaction:
//! a file that cannot be read writes nothing; rows that cannot be taken are
//! listed with their reason. Re-importing updates by the directory's stable
//! key, so a second import of the same file writes no change.

use super::publish::{write_atomically, write_error};
use super::{App, AppError, AppResult};
use crate::domain::Kind;
use crate::i18n::Message;
use crate::report::opendata::directory::{
    DirectoryError, DirectoryFormat, MAX_DIRECTORY_BYTES, Skipped, read_directory,
};
use crate::report::opendata::lamednum::{LamednumWriter, PlacesExport};
use crate::report::opendata::places::PlacesGeojsonWriter;
use crate::store::{Record, Sets};
use serde::Serialize;

pub use crate::report::opendata::directory::{SkipReason, Skipped as SkippedRow};

/// The formats the places directory is written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PlacesFormat {
    /// LaMednum's national schema (CSV).
    Lamednum,
    /// RFC 7946 Points, each place at its own coordinates or its commune.
    Geojson,
}
use std::collections::HashMap;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

/// What an import did.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PlacesImported {
    pub file: PathBuf,
    pub format: DirectoryFormat,
    /// Rows taken from the file.
    pub rows: u64,
    pub created: u64,
    pub updated: u64,
    pub unchanged: u64,
    /// Field-level changes written (0 when the directory is already known).
    pub changes: u64,
    /// Rows left out, each with its line and reason.
    pub skipped: Vec<Skipped>,
    /// Rows whose INSEE code was derived from postcode and commune name.
    pub derived_insee: u64,
    /// Rows kept without an INSEE code (unknown or ambiguous postcode).
    pub without_insee: u64,
}

/// A directory error as a message that names the file.
fn directory_error(path: &Path, err: DirectoryError) -> AppError {
    let message = match err {
        DirectoryError::UnknownColumns { columns } => {
            Message::new("sites.error.columns").arg("columns", columns)
        }
        DirectoryError::Empty => Message::new("sites.error.empty"),
        DirectoryError::Csv { line, detail } => Message::new("sites.error.csv")
            .arg("line", line)
            .arg("detail", detail),
    };
    AppError::refused(message.arg("path", path.display()))
}

/// A places file's bytes, refused beyond `MAX_DIRECTORY_BYTES` (a file
/// that grows while it is read, or a pipe, is bounded by the read itself).
fn read_places_file(path: &Path) -> AppResult<Vec<u8>> {
    let unreadable = |err: std::io::Error| {
        AppError::refused(
            Message::new("sites.error.read")
                .arg("path", path.display())
                .arg("error", err),
        )
    };
    let too_large = || {
        AppError::refused(
            Message::new("sites.error.too_large")
                .arg("path", path.display())
                .arg("limit", MAX_DIRECTORY_BYTES / (1024 * 1024)),
        )
    };
    let file = std::fs::File::open(path).map_err(unreadable)?;
    if file.metadata().map_err(unreadable)?.len() > MAX_DIRECTORY_BYTES {
        return Err(too_large());
    }
    let mut bytes = Vec::new();
    file.take(MAX_DIRECTORY_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(unreadable)?;
    if bytes.len() as u64 > MAX_DIRECTORY_BYTES {
        return Err(too_large());
    }
    Ok(bytes)
}

impl App {
    /// Imports a places file; returns what changed and what was left out.
    pub fn import_places(&mut self, path: &Path) -> AppResult<PlacesImported> {
        self.require_site()?;
        let bytes = read_places_file(path)?;
        let file = read_directory(&bytes).map_err(|err| directory_error(path, err))?;
        let places = self.store.list(Kind::Place)?;
        let by_id: HashMap<&str, &Record> = places.iter().map(|p| (p.id.as_str(), p)).collect();
        let known: HashMap<&str, &Record> = places
            .iter()
            .filter_map(|record| Some((record.get("directory_key")?, record)))
            .collect();
        let mut outcome = PlacesImported {
            file: path.to_path_buf(),
            format: file.format,
            rows: file.rows.len() as u64,
            created: 0,
            updated: 0,
            unchanged: 0,
            changes: 0,
            skipped: file.skipped,
            derived_insee: file.derived_insee,
            without_insee: file.without_insee,
        };
        let author = self.author();
        let mut writer = self.store.writer(&author)?;
        for row in &file.rows {
            let fields: Vec<(&str, String)> = row
                .fields
                .iter()
                .map(|(name, value)| (*name, value.clone()))
                .collect();
            // Our own LaMednum export names places without a directory id
            // by their record id: that is the same place, keyed as before.
            let ours = row.get("directory_id").and_then(|id| by_id.get(id));
            let fields: Vec<(&str, String)> = match ours {
                Some(_) => fields
                    .into_iter()
                    .filter(|(name, _)| !matches!(*name, "directory_id" | "directory_key"))
                    .collect(),
                None => fields,
            };
            let Some(record) = ours.or_else(|| known.get(row.key.as_str())) else {
                let id = writer.create(Kind::Place);
                writer.insert_new(Kind::Place, &id, &fields)?;
                outcome.created += 1;
                continue;
            };
            // Only fields the file gives are written: a value added here
            // and absent from the directory stays.
            let mut changed = false;
            for (name, value) in &fields {
                if record.get(name) != Some(value.as_str()) {
                    changed |= writer.set(Kind::Place, &record.id, name, Some(value))?;
                }
            }
            if changed {
                outcome.updated += 1;
            } else {
                outcome.unchanged += 1;
            }
        }
        outcome.changes = writer.commit()? as u64;
        Ok(outcome)
    }

    /// Every live place of the directory, by name.
    pub fn places(&self) -> AppResult<Vec<Record>> {
        Ok(self.store.list(Kind::Place)?)
    }

    /// Every live place as `(id, "name (commune)")`: how a place is picked
    /// in a form and found by a search, since the directory holds many a
    /// « France Services ».
    pub fn place_labels(&self) -> AppResult<Vec<(String, String)>> {
        Ok(self
            .places()?
            .iter()
            .map(|place| (place.id.clone(), place_label(place)))
            .collect())
    }

    /// Writes the places to `out` (`path` names it in messages).
    pub fn export_places(
        &self,
        format: PlacesFormat,
        out: &mut dyn Write,
        path: &Path,
    ) -> AppResult<PlacesExport> {
        // Row by row as the store reads them: memory flat in the directory's size.
        let failed = |err: std::io::Error| write_error(path, &err);
        match format {
            PlacesFormat::Lamednum => {
                let today = self.today().format("%Y-%m-%d").to_string();
                let mut writer = LamednumWriter::new(&today, out).map_err(failed)?;
                self.store
                    .for_each_record(Kind::Place, Sets::Read, |place| {
                        writer.place(&place).map_err(failed)
                    })?;
                writer.finish().map_err(failed)
            }
            PlacesFormat::Geojson => {
                let mut writer = PlacesGeojsonWriter::new(out).map_err(failed)?;
                self.store
                    .for_each_record(Kind::Place, Sets::Read, |place| {
                        writer.place(&place).map_err(failed)
                    })?;
                writer.finish().map_err(failed)
            }
        }
    }

    /// Writes the places to a file (atomically).
    pub fn export_places_to_file(
        &self,
        format: PlacesFormat,
        path: &Path,
    ) -> AppResult<PlacesExport> {
        write_atomically(path, |out| self.export_places(format, out, path))
    }
}

/// A place's name with its commune, when the directory gives one.
pub fn place_label(place: &Record) -> String {
    match place
        .get("commune_name")
        .filter(|name| !name.trim().is_empty())
    {
        Some(commune) => format!("{} ({commune})", place.label()),
        None => place.label().to_string(),
    }
}
