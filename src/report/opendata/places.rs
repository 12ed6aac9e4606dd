//! The places directory as GeoJSON (RFC 7946 Points, `[lon, lat]`): a place
//! with its own coordinates keeps them, another stands at its commune's
//! centroid, and one with neither is left out (counted).

use super::lamednum::PlacesExport;
use crate::domain::geo::outline::commune_centroid;
use crate::store::Record;
use std::io::{self, Write};

/// Where a place is: its own coordinates, else its commune's centroid.
pub fn place_position(place: &Record) -> Option<(f64, f64)> {
    let own = place
        .get("longitude")
        .and_then(|lon| lon.parse::<f64>().ok())
        .zip(
            place
                .get("latitude")
                .and_then(|lat| lat.parse::<f64>().ok()),
        )
        .filter(|(lon, lat)| lon.abs() <= 180.0 && lat.abs() <= 90.0);
    own.or_else(|| place.get("commune").and_then(commune_centroid))
}

const PROPERTIES: [&str; 9] = [
    "name",
    "address",
    "postcode",
    "commune",
    "commune_name",
    "typology",
    "services",
    "website",
    "updated_on",
];

/// Writes places as a FeatureCollection one at a time, as the store reads
/// them.
pub struct PlacesGeojsonWriter<W: Write> {
    out: W,
    export: PlacesExport,
}

impl<W: Write> PlacesGeojsonWriter<W> {
    /// Writes the collection's opening.
    pub fn new(mut out: W) -> io::Result<PlacesGeojsonWriter<W>> {
        out.write_all(b"{\"type\":\"FeatureCollection\",\"features\":[")?;
        Ok(PlacesGeojsonWriter {
            out,
            export: PlacesExport::default(),
        })
    }

    /// Writes one place as a Point, or counts it as left out.
    pub fn place(&mut self, place: &Record) -> io::Result<()> {
        let Some((lon, lat)) = place_position(place) else {
            self.export.left_out += 1;
            return Ok(());
        };
        let mut properties = serde_json::Map::new();
        let id = place.get("directory_id").unwrap_or(&place.id);
        properties.insert("id".into(), id.into());
        for name in PROPERTIES {
            if let Some(value) = place.get(name) {
                properties.insert(name.into(), value.into());
            }
        }
        let feature = serde_json::json!({
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [lon, lat]},
            "properties": properties,
        });
        if self.export.written > 0 {
            self.out.write_all(b",")?;
        }
        self.out.write_all(b"\n")?;
        serde_json::to_writer(&mut self.out, &feature).map_err(io::Error::from)?;
        self.export.written += 1;
        Ok(())
    }

    /// Closes the collection; returns what went in and out.
    pub fn finish(mut self) -> io::Result<PlacesExport> {
        self.out.write_all(b"\n]}\n")?;
        self.out.flush()?;
        Ok(self.export)
    }
}
