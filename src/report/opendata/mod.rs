//! Open data in and out: the catalogue of deliverables, the skills map and
//! the workshops as files others can reuse (CSV with a Table Schema, JSON,
//! GeoJSON), the static website that publishes them, and the national
//! places directory (LaMednum's schema) read and written. Pure renderers
//! over rows the store streams; the use cases in `app` open the files.

pub mod catalogue;
pub mod counts;
pub mod directory;
pub mod lamednum;
pub mod places;
pub mod site;

/// The file formats of `relais publish`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Csv,
    Json,
    Geojson,
}

impl Format {
    pub fn extension(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Json => "json",
            Format::Geojson => "geojson",
        }
    }
}

/// The Table Schemas shipped with every CSV (`assets/schemas/`).
pub const CATALOGUE_SCHEMA: &str = include_str!("../../../assets/schemas/catalogue.json");
pub const SKILLS_SCHEMA: &str = include_str!("../../../assets/schemas/skills.json");
pub const WORKSHOPS_SCHEMA: &str = include_str!("../../../assets/schemas/workshops.json");
pub const LAMEDNUM_SCHEMA: &str = include_str!("../../../assets/schemas/lamednum.json");

/// A CSV writer as every open-data file uses it: UTF-8, comma, LF.
pub(crate) fn csv_writer<W: std::io::Write>(out: W) -> csv::Writer<W> {
    csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(out)
}

/// A `csv` error as an I/O error (the only kind a writer into a file meets).
pub(crate) fn io_error(err: csv::Error) -> std::io::Error {
    match err.into_kind() {
        csv::ErrorKind::Io(err) => err,
        other => std::io::Error::other(format!("{other:?}")),
    }
}
