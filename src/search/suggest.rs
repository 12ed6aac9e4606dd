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
use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet, HashMap};
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

/// The order of suggestions: available before unavailable, then by score,
/// then by name.
fn ranking(a: &Suggestion, b: &Suggestion) -> Ordering {
    b.available
        .cmp(&a.available)
        .then(b.score.cmp(&a.score))
        .then_with(|| a.name.cmp(&b.name))
        .then_with(|| a.id.cmp(&b.id))
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
    ranked.sort_by(ranking);
    ranked
}

/// Candidates whose open assignments are asked for at once.
const LOAD_BATCH: usize = 32;

/// The best `limit` candidates, as `rank` would order them, asking `load`
/// for the open assignments of only as many candidates as needed.
///
/// The candidates' `open_assignments` are ignored: each is scored first
/// without load, which bounds its score from above (assignments only take
/// points away). Candidates are then completed in the order of that bound,
/// and the search stops when the last of the best `limit` known comes
/// before the next bound — no candidate left can overtake it.
pub fn top<E>(
    candidates: &[Candidate],
    skills: &[String],
    departement: Option<&str>,
    limit: usize,
    mut load: impl FnMut(&[&str]) -> Result<HashMap<String, u32>, E>,
) -> Result<Vec<Suggestion>, E> {
    let mut bounds: Vec<(Suggestion, &Candidate)> = candidates
        .iter()
        .map(|candidate| {
            let unloaded = Candidate {
                open_assignments: 0,
                ..candidate.clone()
            };
            (score(&unloaded, skills, departement), candidate)
        })
        .collect();
    bounds.sort_by(|a, b| ranking(&a.0, &b.0));
    let mut best: Vec<Suggestion> = Vec::new();
    let mut next = 0;
    while next < bounds.len() && limit > 0 {
        let settled = best.len() >= limit
            && best
                .get(limit - 1)
                .is_some_and(|last| ranking(last, &bounds[next].0) == Ordering::Less);
        if settled {
            break;
        }
        let batch = &bounds[next..(next + LOAD_BATCH).min(bounds.len())];
        next += batch.len();
        let ids: Vec<&str> = batch.iter().map(|(_, c)| c.id.as_str()).collect();
        let loads = load(&ids)?;
        for (_, candidate) in batch {
            let loaded = Candidate {
                open_assignments: loads.get(&candidate.id).copied().unwrap_or(0),
                ..(*candidate).clone()
            };
            best.push(score(&loaded, skills, departement));
        }
        best.sort_by(ranking);
        best.truncate(limit);
    }
    Ok(best)
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
    fn top_asks_for_few_loads_and_agrees_with_rank() {
        let departements = ["04", "05", "13", "83", "84"];
        let skills = ["web", "dataviz", "sig"];
        let candidates: Vec<Candidate> = (0..300u32)
            .map(|n| Candidate {
                id: format!("d{n:03}"),
                name: format!("Dev {}", n % 17),
                departement: Some(departements[(n % 5) as usize].to_string()),
                skills: skills
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| !(n as usize + i).is_multiple_of(3))
                    .map(|(i, s)| (s.to_string(), ((n as usize + i) % 3 + 1) as u8))
                    .collect(),
                availability: f64::from(n % 7) * 4.0,
                recent_hours: f64::from(n % 5),
                open_assignments: n % 9,
            })
            .collect();
        let wanted = vec!["web".to_string(), "sig".to_string()];
        let loads: HashMap<String, u32> = candidates
            .iter()
            .map(|c| (c.id.clone(), c.open_assignments))
            .collect();
        for limit in [0, 1, 5, 10, 300] {
            let mut asked = 0;
            let best = top(&candidates, &wanted, Some("04"), limit, |ids| {
                asked += ids.len();
                Ok::<_, ()>(ids.iter().map(|id| (id.to_string(), loads[*id])).collect())
            })
            .unwrap();
            let mut expected = rank(&candidates, &wanted, Some("04"));
            expected.truncate(limit);
            assert_eq!(best, expected, "limit {limit}");
            if limit == 5 {
                assert!(asked < 300, "asked for {asked} loads");
            }
        }
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
