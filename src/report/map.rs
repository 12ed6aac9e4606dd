//! The region as an SVG map, for the HTML report and the published site:
//! the départements' outlines shaded by requests received, and markers at
//! the communes where deliverables (or anything placed) are, sized by count.
//! Pure: the caller gives the figures, this returns the SVG text.

use crate::domain::geo::outline::{LonLat, departement_outlines};
use crate::i18n::{Lang, Message};
use std::collections::BTreeMap;
use std::fmt::Write;

/// What the map shows.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RegionMap {
    /// Requests received per département code.
    pub requests_by_departement: BTreeMap<String, u64>,
    /// Things to mark (deliverables), each at its place.
    pub points: Vec<LonLat>,
}

/// Width of the drawing in SVG units; the height follows the region's shape.
const WIDTH: f64 = 640.0;
const MARGIN: f64 = 12.0;
/// Sequential shades, lightest first (readable in print and for most colour
/// vision; counts are also written on the map, so colour is never alone).
const SHADES: [&str; 5] = ["#eef3fa", "#c6d8ee", "#8fb3dc", "#4f86c3", "#1f5a9e"];

/// A projection from degrees to SVG units (equirectangular, scaled for 44°N).
struct Projection {
    west: f64,
    north: f64,
    scale: f64,
    aspect: f64,
}

impl Projection {
    fn fit() -> (Projection, f64) {
        let points = departement_outlines()
            .iter()
            .flat_map(|outline| outline.rings.iter().flatten());
        let (mut west, mut east, mut south, mut north) = (f64::MAX, f64::MIN, f64::MAX, f64::MIN);
        for (lon, lat) in points {
            west = west.min(*lon);
            east = east.max(*lon);
            south = south.min(*lat);
            north = north.max(*lat);
        }
        if west > east {
            (west, east, south, north) = (4.2, 7.8, 42.9, 45.2);
        }
        let aspect = 44f64.to_radians().cos();
        let scale = (WIDTH - 2.0 * MARGIN) / ((east - west) * aspect);
        let height = (north - south) * scale + 2.0 * MARGIN;
        (
            Projection {
                west,
                north,
                scale,
                aspect,
            },
            height,
        )
    }

    fn xy(&self, (lon, lat): LonLat) -> (f64, f64) {
        (
            MARGIN + (lon - self.west) * self.aspect * self.scale,
            MARGIN + (self.north - lat) * self.scale,
        )
    }
}

/// The shade of a count among counts up to `max`.
fn shade(count: u64, max: u64) -> &'static str {
    if count == 0 || max == 0 {
        return SHADES[0];
    }
    let step = (count.saturating_mul(4)).div_ceil(max).clamp(1, 4) as usize;
    SHADES[step]
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The map as a standalone `<svg>` element (embeddable in HTML).
pub fn svg_region_map(lang: Lang, map: &RegionMap) -> String {
    let (projection, height) = Projection::fit();
    let max = map
        .requests_by_departement
        .values()
        .copied()
        .max()
        .unwrap_or(0);
    let title = Message::new("map.svg.title").render(lang);
    let mut svg = String::with_capacity(64 * 1024);
    let _ = write!(
        svg,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {WIDTH:.0} {height:.0}\" \
         role=\"img\" aria-labelledby=\"relais-map-title\" font-family=\"sans-serif\">\
         <title id=\"relais-map-title\">{}</title>",
        escape(&title)
    );
    for outline in departement_outlines() {
        let count = map
            .requests_by_departement
            .get(&outline.code)
            .copied()
            .unwrap_or(0);
        let mut path = String::new();
        for ring in &outline.rings {
            for (index, point) in ring.iter().enumerate() {
                let (x, y) = projection.xy(*point);
                let _ = write!(path, "{}{x:.1},{y:.1}", if index == 0 { "M" } else { "L" });
            }
            path.push('Z');
        }
        let label = Message::new("map.svg.departement")
            .arg("name", &outline.name)
            .count(count as i64)
            .render(lang);
        let _ = write!(
            svg,
            "<path d=\"{path}\" fill=\"{}\" stroke=\"#333\" stroke-width=\"1\"><title>{}</title></path>",
            shade(count, max),
            escape(&label)
        );
    }
    // Markers: one per place, sized by how many things are there.
    let mut at: BTreeMap<(i64, i64), u64> = BTreeMap::new();
    for point in &map.points {
        let (x, y) = projection.xy(*point);
        *at.entry(((x * 10.0) as i64, (y * 10.0) as i64))
            .or_default() += 1;
    }
    for ((x, y), count) in &at {
        let radius = 2.5 + (*count as f64).sqrt().min(12.0);
        let _ = write!(
            svg,
            "<circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"{radius:.1}\" fill=\"#d9480f\" fill-opacity=\"0.8\" stroke=\"#fff\" stroke-width=\"0.8\"/>",
            *x as f64 / 10.0,
            *y as f64 / 10.0
        );
    }
    // Codes and counts written on each département: the map reads without colour.
    for outline in departement_outlines() {
        let (x, y) = projection.xy(outline.centre());
        let count = map
            .requests_by_departement
            .get(&outline.code)
            .copied()
            .unwrap_or(0);
        let _ = write!(
            svg,
            "<text x=\"{x:.1}\" y=\"{y:.1}\" text-anchor=\"middle\" font-size=\"13\" font-weight=\"bold\" fill=\"#111\" stroke=\"#fff\" stroke-width=\"3\" paint-order=\"stroke\">{} ({count})</text>",
            escape(&outline.code)
        );
    }
    let legend = Message::new("map.svg.legend").render(lang);
    let _ = write!(
        svg,
        "<text x=\"{MARGIN}\" y=\"{:.0}\" font-size=\"12\" fill=\"#111\">{}</text></svg>",
        height - 4.0,
        escape(&legend)
    );
    svg
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_map_has_six_departements_shaded_and_a_marker_per_place() {
        let mut map = RegionMap::default();
        map.requests_by_departement.insert("13".into(), 8);
        map.requests_by_departement.insert("04".into(), 1);
        map.points = vec![(5.37, 43.3), (5.37, 43.3), (6.23, 44.09)];
        let svg = svg_region_map(Lang::Fr, &map);
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
        assert_eq!(svg.matches("<path ").count(), 6);
        assert_eq!(svg.matches("<circle ").count(), 2, "two places");
        assert!(svg.contains(SHADES[4]) && svg.contains(SHADES[1]));
        assert!(svg.contains("13 (8)"));
    }
}
