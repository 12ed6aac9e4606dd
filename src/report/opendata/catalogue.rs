//! The catalogue of deliverables as CSV, JSON or GeoJSON. Only public facts:
//! title, kind, organisation, place, address, licence, date and the request
//! answered — never a developer, an e-mail or a contact. GeoJSON places each
//! deliverable at its organisation's commune centroid, else at its
//! département's centre, else leaves it out (RFC 7946: Points, `[lon, lat]`).

use super::{Format, csv_writer, io_error};
use crate::domain::geo::outline::{LonLat, commune_centroid, departement_outlines};
use crate::store::CatalogueRow;
use serde::Serialize;
use std::io::{self, Write};

/// The columns, in the order of `assets/schemas/catalogue.json`.
pub const COLUMNS: [&str; 10] = [
    "id",
    "title",
    "kind",
    "organisation",
    "departement",
    "commune",
    "url",
    "licence",
    "published_on",
    "request_title",
];

#[derive(Serialize)]
struct Published<'a> {
    id: &'a str,
    title: &'a str,
    kind: Option<&'a str>,
    organisation: Option<&'a str>,
    departement: Option<&'a str>,
    commune: Option<&'a str>,
    url: Option<&'a str>,
    licence: Option<&'a str>,
    published_on: Option<&'a str>,
    request_title: Option<&'a str>,
}

impl<'a> From<&'a CatalogueRow> for Published<'a> {
    fn from(row: &'a CatalogueRow) -> Self {
        Published {
            id: &row.id,
            title: &row.title,
            kind: row.kind.as_deref(),
            organisation: row.organisation.as_deref(),
            departement: row.departement.as_deref(),
            commune: row.commune.as_deref(),
            url: row.url.as_deref(),
            licence: row.licence.as_deref(),
            published_on: row.published_on.as_deref(),
            request_title: row.request_title.as_deref(),
        }
    }
}

/// Where a deliverable goes on a map.
pub fn position(row: &CatalogueRow) -> Option<LonLat> {
    if let Some(at) = row.commune.as_deref().and_then(commune_centroid) {
        return Some(at);
    }
    let code = row.departement.as_deref()?;
    departement_outlines()
        .iter()
        .find(|outline| outline.code == code)
        .map(|outline| outline.centre())
}

/// Writes rows one at a time in one format; `finish` closes the document.
pub struct CatalogueWriter<W: Write> {
    format: Format,
    csv: Option<csv::Writer<W>>,
    out: Option<W>,
    written: u64,
}

impl<W: Write> CatalogueWriter<W> {
    pub fn new(format: Format, mut out: W) -> io::Result<Self> {
        let mut csv = None;
        match format {
            Format::Csv => {
                let mut writer = csv_writer(out);
                writer.write_record(COLUMNS).map_err(io_error)?;
                csv = Some(writer);
                return Ok(CatalogueWriter {
                    format,
                    csv,
                    out: None,
                    written: 0,
                });
            }
            Format::Json => out.write_all(b"[")?,
            Format::Geojson => out.write_all(b"{\"type\":\"FeatureCollection\",\"features\":[")?,
        }
        Ok(CatalogueWriter {
            format,
            csv,
            out: Some(out),
            written: 0,
        })
    }

    /// Adds one deliverable (GeoJSON leaves out one that cannot be placed).
    pub fn row(&mut self, row: &CatalogueRow) -> io::Result<()> {
        let published = Published::from(row);
        if let Some(csv) = &mut self.csv {
            let cells = [
                published.id,
                published.title,
                published.kind.unwrap_or(""),
                published.organisation.unwrap_or(""),
                published.departement.unwrap_or(""),
                published.commune.unwrap_or(""),
                published.url.unwrap_or(""),
                published.licence.unwrap_or(""),
                published.published_on.unwrap_or(""),
                published.request_title.unwrap_or(""),
            ];
            csv.write_record(cells).map_err(io_error)?;
            self.written += 1;
            return Ok(());
        }
        let Some(out) = &mut self.out else {
            return Ok(());
        };
        let value = match self.format {
            Format::Geojson => {
                let Some((lon, lat)) = position(row) else {
                    return Ok(());
                };
                serde_json::json!({
                    "type": "Feature",
                    "geometry": {"type": "Point", "coordinates": [round(lon), round(lat)]},
                    "properties": published,
                })
            }
            _ => serde_json::to_value(&published).map_err(io::Error::other)?,
        };
        if self.written > 0 {
            out.write_all(b",")?;
        }
        out.write_all(b"\n")?;
        serde_json::to_writer(&mut *out, &value).map_err(io::Error::from)?;
        self.written += 1;
        Ok(())
    }

    /// Closes the document; returns how many rows went in.
    pub fn finish(self) -> io::Result<u64> {
        if let Some(mut csv) = self.csv {
            csv.flush()?;
        }
        if let Some(mut out) = self.out {
            out.write_all(b"\n]")?;
            if self.format == Format::Geojson {
                out.write_all(b"}")?;
            }
            out.write_all(b"\n")?;
            out.flush()?;
        }
        Ok(self.written)
    }
}

/// Five decimals (about a metre), as the centroids have.
fn round(value: f64) -> f64 {
    (value * 100_000.0).round() / 100_000.0
}
