//! *Carte*: the region drawn in the terminal. The départements' outlines,
//! each with its requests and a mark when open requests want a skill no
//! available developer there has (a gap); the communes that hold places of
//! the imported directory or requests, as markers; a cursor that arrows move
//! from commune to commune in the arrow's direction, and Enter that lists
//! what is there. State and logic only: `tui::view::map` draws it.

use crate::app::{App, AppResult};
use crate::domain::Kind;
use crate::domain::geo::outline::{LonLat, commune_centroid, departement_outlines};
use crate::domain::geo::{self};
use std::collections::BTreeMap;

/// How many records of each kind the listing of a commune shows.
pub const LISTING_LIMIT: usize = 50;

/// A département as the map shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct MapDepartement {
    pub code: String,
    pub name: String,
    pub rings: &'static [Vec<LonLat>],
    pub centre: LonLat,
    pub requests: u64,
    /// Open requests want a skill that no available developer here has.
    pub gap: bool,
}

/// A commune with something on it.
#[derive(Clone, Debug, PartialEq)]
pub struct MapCommune {
    pub code: String,
    pub name: String,
    pub at: LonLat,
    pub places: u64,
    pub requests: u64,
}

/// A record listed at a commune, that Enter opens.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Listed {
    pub kind: Kind,
    pub id: String,
    pub label: String,
}

/// What is at a commune: Enter's answer, places first, then requests.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Listing {
    pub commune: String,
    pub records: Vec<Listed>,
    /// Index in `records` of the one Enter opens.
    pub selected: usize,
}

impl Listing {
    /// The listed records of one kind, with their index in `records`.
    pub fn of_kind(&self, kind: Kind) -> impl Iterator<Item = (usize, &Listed)> {
        self.records
            .iter()
            .enumerate()
            .filter(move |(_, record)| record.kind == kind)
    }

    pub fn selected_record(&self) -> Option<&Listed> {
        self.records.get(self.selected)
    }

    /// ↑/↓ in the listing (stops at either end).
    pub fn step(&mut self, step: isize) {
        let last = self.records.len().saturating_sub(1);
        self.selected = self.selected.saturating_add_signed(step).min(last);
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct MapData {
    pub departements: Vec<MapDepartement>,
    /// Sorted by code.
    pub communes: Vec<MapCommune>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct MapState {
    /// `None` until computed (in the background).
    pub data: Option<MapData>,
    /// Index of the commune under the cursor.
    pub selected: usize,
    pub listing: Option<Listing>,
    /// The list of places (*Lieux*) is open over the map.
    pub places_open: bool,
    /// The commune the cursor was on while the data is computed again.
    kept: Option<String>,
}

/// An arrow's direction.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    Up,
    Down,
    Left,
    Right,
}

impl Direction {
    /// A unit step in degrees of (longitude, latitude): north is up.
    fn vector(self) -> (f64, f64) {
        match self {
            Direction::Up => (0.0, 1.0),
            Direction::Down => (0.0, -1.0),
            Direction::Left => (-1.0, 0.0),
            Direction::Right => (1.0, 0.0),
        }
    }
}

/// The commune to move to from `from` in `direction`: among those ahead,
/// the nearest, counting sideways distance twice (so the cursor goes where
/// the arrow points rather than to the closest neighbour). `None` at the edge.
pub fn next_commune(communes: &[MapCommune], from: usize, direction: Direction) -> Option<usize> {
    let origin = communes.get(from)?.at;
    let (dx, dy) = direction.vector();
    let scale = 44f64.to_radians().cos();
    communes
        .iter()
        .enumerate()
        .filter(|(index, _)| *index != from)
        .filter_map(|(index, commune)| {
            let x = (commune.at.0 - origin.0) * scale;
            let y = commune.at.1 - origin.1;
            let ahead = x * dx + y * dy;
            let aside = (x * dy - y * dx).abs();
            (ahead > 1e-9).then_some((index, ahead + 2.0 * aside))
        })
        .min_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(index, _)| index)
}

impl MapState {
    pub fn selected_commune(&self) -> Option<&MapCommune> {
        self.data.as_ref()?.communes.get(self.selected)
    }

    /// Moves the cursor; closes a listing.
    pub fn step(&mut self, direction: Direction) {
        let Some(data) = &self.data else {
            return;
        };
        if let Some(next) = next_commune(&data.communes, self.selected, direction) {
            self.selected = next;
            self.listing = None;
        }
    }

    /// Enter: lists what the selected commune holds.
    pub fn open(&mut self, app: &App) -> AppResult<()> {
        let Some(commune) = self.selected_commune() else {
            return Ok(());
        };
        self.listing = Some(listing(app, &commune.code)?);
        Ok(())
    }

    /// Esc: closes the listing.
    pub fn close(&mut self) {
        self.listing = None;
    }

    /// Takes freshly computed data, keeping the cursor on the same commune
    /// when it is still there (else on the busiest one).
    pub fn install(&mut self, data: MapData) {
        let kept = self
            .selected_commune()
            .map(|c| c.code.clone())
            .or(self.kept.take());
        self.selected = kept
            .and_then(|code| data.communes.iter().position(|c| c.code == code))
            .unwrap_or_else(|| busiest(&data.communes));
        self.data = Some(data);
    }

    /// The data changed: computed again when the map shows (the cursor
    /// stays where it was; an open listing is stale and closes).
    pub fn invalidate(&mut self) {
        if let Some(code) = self.selected_commune().map(|c| c.code.clone()) {
            self.kept = Some(code);
        }
        self.data = None;
        self.listing = None;
    }
}

/// The commune with the most on it, where a person would look first.
fn busiest(communes: &[MapCommune]) -> usize {
    communes
        .iter()
        .enumerate()
        .max_by_key(|(index, c)| (c.places + c.requests, std::cmp::Reverse(*index)))
        .map_or(0, |(index, _)| index)
}

/// Reads what the map shows (a few grouped queries).
pub fn load(app: &App) -> AppResult<MapData> {
    let requests: BTreeMap<String, u64> =
        app.store.requests_by_departement()?.into_iter().collect();
    // The skills map's rule (`App::skills_map`), from its grouped query.
    let gaps: Vec<String> = app
        .store
        .skills_map()?
        .into_iter()
        .filter(|cell| cell.open_requests_wanting > 0 && cell.available_developers == 0)
        .map(|cell| cell.departement)
        .collect();
    let departements = departement_outlines()
        .iter()
        .map(|outline| MapDepartement {
            code: outline.code.clone(),
            name: outline.name.clone(),
            rings: &outline.rings,
            centre: outline.centre(),
            requests: requests.get(&outline.code).copied().unwrap_or(0),
            gap: gaps.contains(&outline.code),
        })
        .collect();
    let mut communes: BTreeMap<String, MapCommune> = BTreeMap::new();
    let places = app.store.places_by_commune()?;
    let asked = app.store.requests_by_commune()?;
    for (code, count, is_place) in places
        .into_iter()
        .map(|(code, n)| (code, n, true))
        .chain(asked.into_iter().map(|(code, n)| (code, n, false)))
    {
        let Some(at) = commune_centroid(&code) else {
            continue;
        };
        let name = geo::commune(&code)
            .map(|c| c.name.clone())
            .unwrap_or_default();
        let commune = communes.entry(code.clone()).or_insert(MapCommune {
            code,
            name,
            at,
            places: 0,
            requests: 0,
        });
        if is_place {
            commune.places = count;
        } else {
            commune.requests = count;
        }
    }
    Ok(MapData {
        departements,
        communes: communes.into_values().collect(),
    })
}

fn listing(app: &App, code: &str) -> AppResult<Listing> {
    let (places, requests) = app.store.commune_contents(code, LISTING_LIMIT)?;
    let listed = |kind: Kind| move |(id, label): (String, String)| Listed { kind, id, label };
    let records = places
        .into_iter()
        .map(listed(Kind::Place))
        .chain(requests.into_iter().map(listed(Kind::Request)))
        .collect();
    Ok(Listing {
        commune: code.to_string(),
        records,
        selected: 0,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn commune(code: &str, at: LonLat) -> MapCommune {
        MapCommune {
            code: code.into(),
            name: code.into(),
            at,
            places: 1,
            requests: 0,
        }
    }

    #[test]
    fn arrows_go_where_they_point_and_stop_at_the_edge() {
        let communes = [
            commune("centre", (5.0, 44.0)),
            commune("north", (5.05, 44.5)),
            commune("near-east-but-south", (5.2, 43.5)),
            commune("east", (6.0, 44.05)),
        ];
        assert_eq!(next_commune(&communes, 0, Direction::Up), Some(1));
        assert_eq!(next_commune(&communes, 0, Direction::Right), Some(3));
        assert_eq!(next_commune(&communes, 0, Direction::Down), Some(2));
        assert_eq!(next_commune(&communes, 0, Direction::Left), None);
        assert_eq!(next_commune(&communes, 1, Direction::Up), None);
    }
}
