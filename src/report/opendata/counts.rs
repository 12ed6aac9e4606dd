//! The skills map and the workshops as aggregated counts (CSV or JSON):
//! how many developers offer a skill in a département, how many open
//! requests want it, how many workshops and inhabitants — no one named.

use super::{Format, csv_writer, io_error};
use crate::store::{SkillCell, WorkshopCount};
use serde::Serialize;
use std::io::{self, Write};

/// One cell of the published skills map.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SkillRow {
    pub departement: String,
    pub skill: String,
    pub available_developers: u64,
    pub open_requests_wanting: u64,
    /// Requests want the skill and no developer of the département offers it.
    pub gap: bool,
}

impl From<&SkillCell> for SkillRow {
    fn from(cell: &SkillCell) -> Self {
        SkillRow {
            departement: cell.departement.clone(),
            skill: cell.skill.clone(),
            available_developers: cell.available_developers,
            open_requests_wanting: cell.open_requests_wanting,
            gap: cell.open_requests_wanting > 0 && cell.available_developers == 0,
        }
    }
}

/// One line of the published workshops file.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct WorkshopRow {
    pub departement: String,
    pub year: Option<i32>,
    pub kind: String,
    pub workshops: u64,
    pub participants: u64,
    pub hours: f64,
}

impl From<&WorkshopCount> for WorkshopRow {
    fn from(count: &WorkshopCount) -> Self {
        WorkshopRow {
            departement: count.departement.clone().unwrap_or_default(),
            year: count.year.as_deref().and_then(|y| y.parse().ok()),
            kind: count.kind.clone().unwrap_or_default(),
            workshops: count.workshops,
            participants: count.participants,
            hours: (count.hours * 100.0).round() / 100.0,
        }
    }
}

pub const SKILL_COLUMNS: [&str; 5] = [
    "departement",
    "skill",
    "available_developers",
    "open_requests_wanting",
    "gap",
];
pub const WORKSHOP_COLUMNS: [&str; 6] = [
    "departement",
    "year",
    "kind",
    "workshops",
    "participants",
    "hours",
];

pub fn write_skills<W: Write>(rows: &[SkillRow], format: Format, out: W) -> io::Result<()> {
    write_rows(rows, format, out, &SKILL_COLUMNS, |row| {
        vec![
            row.departement.clone(),
            row.skill.clone(),
            row.available_developers.to_string(),
            row.open_requests_wanting.to_string(),
            row.gap.to_string(),
        ]
    })
}

pub fn write_workshops<W: Write>(rows: &[WorkshopRow], format: Format, out: W) -> io::Result<()> {
    write_rows(rows, format, out, &WORKSHOP_COLUMNS, |row| {
        vec![
            row.departement.clone(),
            row.year.map(|y| y.to_string()).unwrap_or_default(),
            row.kind.clone(),
            row.workshops.to_string(),
            row.participants.to_string(),
            row.hours.to_string(),
        ]
    })
}

fn write_rows<T: Serialize, W: Write>(
    rows: &[T],
    format: Format,
    mut out: W,
    columns: &[&str],
    cells: impl Fn(&T) -> Vec<String>,
) -> io::Result<()> {
    match format {
        Format::Csv => {
            let mut writer = csv_writer(out);
            writer.write_record(columns).map_err(io_error)?;
            for row in rows {
                writer.write_record(cells(row)).map_err(io_error)?;
            }
            writer.flush()
        }
        // Counts have no single place: GeoJSON is for the catalogue (the
        // use case refuses it before calling here).
        Format::Json | Format::Geojson => {
            serde_json::to_writer_pretty(&mut out, rows).map_err(io::Error::from)?;
            out.write_all(b"\n")?;
            out.flush()
        }
    }
}
