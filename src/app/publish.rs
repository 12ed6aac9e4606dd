//! Publishing open data: the catalogue of deliverables, the skills map and
//! the workshops as files (CSV with Table Schemas, JSON, GeoJSON), the
//! static website, and the region's SVG map for reports. Only public facts
//! leave: no developer, e-mail or contact is ever read for these files.

use super::{App, AppError, AppResult};
use crate::i18n::{Lang, Message};
use crate::report::map::{RegionMap, svg_region_map};
use crate::report::opendata::Format;
use crate::report::opendata::catalogue::{CatalogueWriter, position};
use crate::report::opendata::counts::{SkillRow, WorkshopRow, write_skills, write_workshops};
use crate::report::opendata::site::{DATA_DIR, DATA_FILES, SiteWriter};
use serde::Serialize;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

pub use crate::report::opendata::Format as PublishFormat;

/// What `relais publish` can write.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Dataset {
    Catalogue,
    Skills,
    Workshops,
}

/// The outcome of publishing one file.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Published {
    pub dataset: Dataset,
    pub format: Format,
    pub rows: u64,
    pub out: Option<PathBuf>,
}

/// The outcome of publishing the website.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PublishedSite {
    pub dir: PathBuf,
    pub deliverables: u64,
    pub files: Vec<String>,
}

/// An I/O failure on `path`, as a message that names it.
pub(crate) fn write_error(path: &Path, err: &io::Error) -> AppError {
    AppError::refused(
        Message::new("publish.error.write")
            .arg("path", path.display())
            .arg("error", err),
    )
}

/// Writes a file through a temporary sibling renamed at the end, so that a
/// failure never leaves half a file under the real name.
pub(crate) fn write_atomically<T>(
    path: &Path,
    write: impl FnOnce(&mut io::BufWriter<std::fs::File>) -> AppResult<T>,
) -> AppResult<T> {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".tmp");
    let temporary = path.with_file_name(name);
    let file = std::fs::File::create(&temporary).map_err(|err| write_error(path, &err))?;
    let mut out = io::BufWriter::new(file);
    let result = write(&mut out).and_then(|value| {
        out.flush().map_err(|err| write_error(path, &err))?;
        Ok(value)
    });
    drop(out);
    match result {
        Ok(value) => {
            std::fs::rename(&temporary, path).map_err(|err| write_error(path, &err))?;
            Ok(value)
        }
        Err(err) => {
            let _ = std::fs::remove_file(&temporary);
            Err(err)
        }
    }
}

impl App {
    /// The skills map as published rows.
    pub fn published_skills(&self) -> AppResult<Vec<SkillRow>> {
        Ok(self
            .store
            .skills_map()?
            .iter()
            .map(SkillRow::from)
            .collect())
    }

    /// The workshops as published counts.
    pub fn published_workshops(&self) -> AppResult<Vec<WorkshopRow>> {
        Ok(self
            .store
            .workshop_counts()?
            .iter()
            .map(WorkshopRow::from)
            .collect())
    }

    /// Writes one dataset in one format to `out` (a file named `path`, for
    /// messages); returns how many rows.
    pub fn publish(
        &self,
        dataset: Dataset,
        format: Format,
        out: &mut dyn Write,
        path: &Path,
    ) -> AppResult<u64> {
        let failed = |err: io::Error| write_error(path, &err);
        match (dataset, format) {
            (Dataset::Catalogue, _) => {
                let mut writer = CatalogueWriter::new(format, out).map_err(failed)?;
                self.store
                    .for_each_deliverable(|row| writer.row(&row).map_err(failed))?;
                writer.finish().map_err(failed)
            }
            (_, Format::Geojson) => Err(AppError::refused(Message::new(
                "publish.error.geojson_catalogue_only",
            ))),
            (Dataset::Skills, _) => {
                let rows = self.published_skills()?;
                write_skills(&rows, format, out).map_err(failed)?;
                Ok(rows.len() as u64)
            }
            (Dataset::Workshops, _) => {
                let rows = self.published_workshops()?;
                write_workshops(&rows, format, out).map_err(failed)?;
                Ok(rows.len() as u64)
            }
        }
    }

    /// Writes one dataset to a file (atomically).
    pub fn publish_to_file(
        &self,
        dataset: Dataset,
        format: Format,
        path: &Path,
    ) -> AppResult<Published> {
        let rows = write_atomically(path, |out| self.publish(dataset, format, out, path))?;
        Ok(Published {
            dataset,
            format,
            rows,
            out: Some(path.to_path_buf()),
        })
    }

    /// Writes the static website into `dir` (created if needed).
    pub fn publish_site(&self, dir: &Path, lang: Lang) -> AppResult<PublishedSite> {
        let failed = |err: io::Error| write_error(dir, &err);
        let mut site = SiteWriter::create(dir, lang).map_err(failed)?;
        self.store
            .for_each_deliverable(|row| site.add(&row).map_err(failed))?;
        let skills = self.published_skills()?;
        let workshops = self.published_workshops()?;
        let requests = self.store.requests_by_departement()?.into_iter().collect();
        let deliverables = site.finish(&skills, &workshops, requests).map_err(failed)?;
        let mut files = vec!["index.html".to_string()];
        files.extend(DATA_FILES.iter().map(|name| format!("{DATA_DIR}/{name}")));
        Ok(PublishedSite {
            dir: dir.to_path_buf(),
            deliverables,
            files,
        })
    }

    /// The region's map as SVG: départements shaded by requests received,
    /// deliverables at their commune (for the HTML report).
    pub fn region_map_svg(&self, lang: Lang) -> AppResult<String> {
        let mut points = Vec::new();
        self.store.for_each_deliverable::<AppError>(|row| {
            points.extend(position(&row));
            Ok(())
        })?;
        let map = RegionMap {
            requests_by_departement: self.store.requests_by_departement()?.into_iter().collect(),
            points,
        };
        Ok(svg_region_map(lang, &map))
    }
}
