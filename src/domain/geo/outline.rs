//! Where things are on a map of PACA: commune centroids (WGS84) and the
//! simplified outlines of the six départements (`assets/geo/`, with their
//! provenance). Coordinates are `(longitude, latitude)` in degrees, the
//! order GeoJSON uses.

use std::collections::HashMap;
use std::sync::OnceLock;

const CENTROIDS_CSV: &str = include_str!("../../../assets/geo/communes_paca_centroides.csv");
const DEPARTEMENTS_GEOJSON: &str = include_str!("../../../assets/geo/departements_paca.geojson");

/// A point as `(longitude, latitude)` in degrees.
pub type LonLat = (f64, f64);

/// The box that holds the region: west, south, east, north (degrees).
pub const PACA_BOUNDS: [f64; 4] = [4.2, 42.9, 7.8, 45.2];

/// Whether a point lies inside the region's box.
pub fn in_paca(point: LonLat) -> bool {
    let [west, south, east, north] = PACA_BOUNDS;
    (west..=east).contains(&point.0) && (south..=north).contains(&point.1)
}

fn centroids() -> &'static HashMap<String, LonLat> {
    static CELL: OnceLock<HashMap<String, LonLat>> = OnceLock::new();
    CELL.get_or_init(|| {
        // code_insee,nom,departement,latitude,longitude (no quoted commas)
        CENTROIDS_CSV
            .lines()
            .skip(1)
            .filter_map(|line| {
                let cols: Vec<&str> = line.split(',').collect();
                let lat: f64 = cols.get(3)?.parse().ok()?;
                let lon: f64 = cols.get(4)?.parse().ok()?;
                Some((cols.first()?.to_string(), (lon, lat)))
            })
            .collect()
    })
}

/// The centroid of a PACA commune (INSEE code).
pub fn commune_centroid(code: &str) -> Option<LonLat> {
    centroids().get(code).copied()
}

/// One département's outline: its rings (outer boundaries of each part).
#[derive(Clone, Debug, PartialEq)]
pub struct Outline {
    pub code: String,
    pub name: String,
    pub rings: Vec<Vec<LonLat>>,
}

impl Outline {
    /// The mean of its outer ring's points: where its label or marker goes.
    pub fn centre(&self) -> LonLat {
        let ring = self
            .rings
            .iter()
            .max_by_key(|ring| ring.len())
            .map(Vec::as_slice)
            .unwrap_or(&[]);
        let n = ring.len().max(1) as f64;
        let (lon, lat) = ring
            .iter()
            .fold((0.0, 0.0), |(x, y), (lon, lat)| (x + lon, y + lat));
        (lon / n, lat / n)
    }
}

/// The six départements of PACA, in code order.
pub fn departement_outlines() -> &'static [Outline] {
    static CELL: OnceLock<Vec<Outline>> = OnceLock::new();
    CELL.get_or_init(|| parse_outlines(DEPARTEMENTS_GEOJSON))
}

fn parse_outlines(text: &str) -> Vec<Outline> {
    let Ok(document) = serde_json::from_str::<serde_json::Value>(text) else {
        return Vec::new();
    };
    let features = document["features"].as_array().cloned().unwrap_or_default();
    let mut outlines: Vec<Outline> = features
        .iter()
        .filter_map(|feature| {
            let code = feature["properties"]["code"].as_str()?.to_string();
            let name = feature["properties"]["nom"].as_str()?.to_string();
            let geometry = &feature["geometry"];
            let polygons: Vec<&serde_json::Value> = match geometry["type"].as_str()? {
                "Polygon" => vec![&geometry["coordinates"]],
                "MultiPolygon" => geometry["coordinates"].as_array()?.iter().collect(),
                _ => return None,
            };
            // The outer ring of each polygon; holes do not change an outline drawing.
            let rings = polygons
                .iter()
                .filter_map(|polygon| polygon.get(0)?.as_array())
                .map(|ring| ring.iter().filter_map(point).collect())
                .collect();
            Some(Outline { code, name, rings })
        })
        .collect();
    outlines.sort_by(|a, b| a.code.cmp(&b.code));
    outlines
}

fn point(value: &serde_json::Value) -> Option<LonLat> {
    Some((value.get(0)?.as_f64()?, value.get(1)?.as_f64()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_paca_commune_has_a_centroid_inside_the_region() {
        for commune in crate::domain::geo::paca_communes() {
            let at = commune_centroid(&commune.code);
            assert!(at.is_some_and(in_paca), "{}", commune.code);
        }
    }

    #[test]
    fn the_six_departement_outlines_load_inside_the_region() {
        let outlines = departement_outlines();
        let codes: Vec<&str> = outlines.iter().map(|o| o.code.as_str()).collect();
        assert_eq!(codes, ["04", "05", "06", "13", "83", "84"]);
        for outline in outlines {
            assert!(!outline.rings.is_empty());
            assert!(outline.rings.iter().flatten().all(|p| in_paca(*p)));
            assert!(in_paca(outline.centre()));
        }
    }
}
