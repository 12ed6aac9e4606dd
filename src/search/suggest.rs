//! Ranking developers for a request: skills first, then territory, then
//! the hours they have left. Pure: the caller gathers the facts.
//!
//! The weights are chosen so that each rule has a clear reach:
//! - a wanted skill a developer has is worth more than any territory
//!   (covering one more skill beats being in the same département);
//! - territory beats one level of skill (same département, then a
//!   neighbouring one, then the rest of the region);
//! - free hours and open assignments move developers within those bands;
//! - a developer with no availability comes after every available one.

use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

const ADJACENCY_CSV: &str = include_str!("../../assets/departements_adjacency.csv");

/// Points of a wanted skill the developer has, plus `LEVEL_POINTS` per level.
const SKILL_POINTS: i64 = 100;
const LEVEL_POINTS: i64 = 20;
const SAME_DEPARTEMENT_POINTS: i64 = 50;
const NEIGHBOUR_POINTS: i64 = 25;
/// One point per free hour, up to this many.
const FREE_HOURS_CAP: f64 = 20.0;
/// Points taken per open assignment.
const ASSIGNMENT_PENALTY: i64 = 5;

/// Whether two département codes share a border (see `assets/departements_adjacency.csv`).
pub fn neighbours(a: &str, b: &str) -> bool {
    adjacency().get(a).is_some_and(|around| around.contains(b))
}

/// The départements bordering `code`.
pub fn neighbours_of(code: &str) -> Vec<&'static str> {
    adjacency()
        .get(code)
        .map(|around| around.iter().map(String::as_str).collect())
        .unwrap_or_default()
}

fn adjacency() -> &'static BTreeMap<String, BTreeSet<String>> {
    static CELL: OnceLock<BTreeMap<String, BTreeSet<String>>> = OnceLock::new();
    CELL.get_or_init(|| {
        let mut map: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for line in ADJACENCY_CSV.lines().skip(1) {
            if let Some((a, b)) = line.trim().split_once(',') {
                map.entry(a.to_string()).or_default().insert(b.to_string());
                map.entry(b.to_string()).or_default().insert(a.to_string());
            }
        }
        map
    })
}

/// Where a developer is, seen from a request.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Territory {
    SameDepartement,
    Neighbour,
    Region,
}

impl Territory {
    pub fn of(request: Option<&str>, developer: Option<&str>) -> Territory {
        match (request, developer) {
            (Some(a), Some(b)) if a == b => Territory::SameDepartement,
            (Some(a), Some(b)) if neighbours(a, b) => Territory::Neighbour,
            _ => Territory::Region,
        }
    }

    fn points(self) -> i64 {
        match self {
            Territory::SameDepartement => SAME_DEPARTEMENT_POINTS,
            Territory::Neighbour => NEIGHBOUR_POINTS,
            Territory::Region => 0,
        }
    }
}

/// What is known of a developer when suggesting.
#[derive(Clone, Debug, PartialEq)]
pub struct Candidate {
    pub id: String,
    pub name: String,
    pub departement: Option<String>,
    /// Skill slug → level 1..3.
    pub skills: BTreeMap<String, u8>,
    /// Hours a month they offer.
    pub availability: f64,
    /// Hours logged in the last 30 days.
    pub recent_hours: f64,
    /// Requests assigned to them and not yet delivered or abandoned.
    pub open_assignments: u32,
}

/// A wanted skill and the level the developer has in it (0: none).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SkillFit {
    pub skill: String,
    pub level: u8,
}

/// A developer's score and its reasons.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Suggestion {
    pub id: String,
    pub name: String,
    pub departement: Option<String>,
    pub score: i64,
    pub skills: Vec<SkillFit>,
    pub territory: Territory,
    /// Availability minus the hours logged in the last 30 days (not below 0).
    pub free_hours: f64,
    pub open_assignments: u32,
    pub available: bool,
}

/// Scores one developer for a request wanting `skills` in `departement`.
pub fn score(candidate: &Candidate, skills: &[String], departement: Option<&str>) -> Suggestion {
    let mut fits: Vec<SkillFit> = skills
        .iter()
        .map(|skill| SkillFit {
            skill: skill.clone(),
            level: candidate.skills.get(skill).copied().unwrap_or(0),
        })
        .collect();
    // Strongest first: the explanation reads best that way.
    fits.sort_by(|a, b| b.level.cmp(&a.level).then_with(|| a.skill.cmp(&b.skill)));
    let skill_points: i64 = fits
        .iter()
        .filter(|fit| fit.level > 0)
        .map(|fit| SKILL_POINTS + LEVEL_POINTS * i64::from(fit.level.min(3)))
        .sum();
    let territory = Territory::of(departement, candidate.departement.as_deref());
    let availability = if candidate.availability.is_finite() {
        candidate.availability.max(0.0)
    } else {
        0.0
    };
    let recent = if candidate.recent_hours.is_finite() {
        candidate.recent_hours.max(0.0)
    } else {
        0.0
    };
    let free_hours = (availability - recent).max(0.0);
    // Free hours are capped and floored, so the cast cannot overflow.
    let free_points = free_hours.min(FREE_HOURS_CAP).floor() as i64;
    let load = i64::from(candidate.open_assignments).saturating_mul(ASSIGNMENT_PENALTY);
    Suggestion {
        id: candidate.id.clone(),
        name: candidate.name.clone(),
        departement: candidate.departement.clone(),
        score: skill_points + territory.points() + free_points - load,
        skills: fits,
        territory,
        free_hours,
        open_assignments: candidate.open_assignments,
        available: availability > 0.0,
    }
}

/// Every candidate scored, best first: available before unavailable, then
/// by score, then by name.
pub fn rank(
    candidates: &[Candidate],
    skills: &[String],
    departement: Option<&str>,
) -> Vec<Suggestion> {
    let mut ranked: Vec<Suggestion> = candidates
        .iter()
        .map(|candidate| score(candidate, skills, departement))
        .collect();
    ranked.sort_by(|a, b| {
        b.available
            .cmp(&a.available)
            .then(b.score.cmp(&a.score))
            .then_with(|| a.name.cmp(&b.name))
            .then_with(|| a.id.cmp(&b.id))
    });
    ranked
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn adjacency_is_symmetric_and_knows_paca() {
        assert!(neighbours("04", "05") && neighbours("05", "04"));
        assert!(neighbours("13", "84"));
        assert!(!neighbours("05", "13"));
        assert!(!neighbours("06", "06"));
        assert_eq!(neighbours_of("05"), vec!["04"]);
    }

    #[test]
    fn territory_bands() {
        assert_eq!(
            Territory::of(Some("04"), Some("04")),
            Territory::SameDepartement
        );
        assert_eq!(Territory::of(Some("04"), Some("83")), Territory::Neighbour);
        assert_eq!(Territory::of(Some("05"), Some("13")), Territory::Region);
        assert_eq!(Territory::of(None, Some("13")), Territory::Region);
    }
}
