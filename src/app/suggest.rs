//! Developers suggested for a request (`relais suggest`, the request's
//! detail in the UI), the one-step assignment of a suggestion, and the
//! skills map with its gaps (`relais skills`, the Compétences screen).

use super::edit::Assignment;
use super::{App, AppError, AppResult};
use crate::domain::Kind;
use crate::domain::Vocab;
use crate::domain::status::Status;
use crate::i18n::{Lang, Message};
use crate::search::suggest::{Candidate, Suggestion, Territory, neighbours_of, top};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

/// Days of logged hours that count as current load.
const LOAD_WINDOW_DAYS: i64 = 30;

/// A suggested developer with the reasons in words.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SuggestedDeveloper {
    pub id: String,
    pub name: String,
    pub departement: Option<String>,
    pub score: i64,
    /// Each wanted skill and the developer's level in it (0: none), strongest first.
    pub skills: Vec<SkillLevel>,
    pub territory: Place,
    /// Availability minus the hours logged in the last 30 days (not below 0).
    pub free_hours: f64,
    pub open_assignments: u32,
    pub available: bool,
    /// "web 3/3, dataviz 2/3, même département, 12 h disponibles ce mois".
    pub explanation: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SkillLevel {
    pub skill: String,
    pub level: u8,
}

/// Where a developer is, seen from the request.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Place {
    SameDepartement,
    Neighbour,
    Region,
}

impl SuggestedDeveloper {
    fn new(suggestion: Suggestion, lang: Lang) -> SuggestedDeveloper {
        let explanation = explain(&suggestion, lang);
        SuggestedDeveloper {
            explanation,
            territory: match suggestion.territory {
                Territory::SameDepartement => Place::SameDepartement,
                Territory::Neighbour => Place::Neighbour,
                Territory::Region => Place::Region,
            },
            skills: suggestion
                .skills
                .into_iter()
                .map(|fit| SkillLevel {
                    skill: fit.skill,
                    level: fit.level,
                })
                .collect(),
            id: suggestion.id,
            name: suggestion.name,
            departement: suggestion.departement,
            score: suggestion.score,
            free_hours: suggestion.free_hours,
            open_assignments: suggestion.open_assignments,
            available: suggestion.available,
        }
    }
}

/// Suggestions for one request.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SuggestOutcome {
    pub request: String,
    pub title: String,
    pub departement: Option<String>,
    pub skills: Vec<String>,
    /// The request's status when it is delivered or abandoned: it waits
    /// for nobody (the detail suggests no one then), so the suggestions
    /// only matter if it is reopened.
    pub closed: Option<Status>,
    pub suggestions: Vec<SuggestedDeveloper>,
}

/// What an assignment did.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct AssignOutcome {
    pub request: String,
    pub developer: String,
    /// Whether the request moved from qualified to assigned.
    pub status_changed: bool,
    pub changes: usize,
}

/// The reasons of a score, in words, in `lang`.
fn explain(suggestion: &Suggestion, lang: Lang) -> String {
    let mut parts: Vec<String> = suggestion
        .skills
        .iter()
        .map(|fit| {
            Message::new("suggest.skill")
                .arg("skill", Vocab::Skill.label(&fit.skill, lang))
                .arg("level", fit.level)
                .render(lang)
        })
        .collect();
    let territory = match suggestion.territory {
        Territory::SameDepartement => Message::new("suggest.territory.same"),
        Territory::Neighbour => Message::new("suggest.territory.neighbour"),
        Territory::Region => Message::new("suggest.territory.region"),
    };
    parts.push(territory.render(lang));
    let message = if suggestion.available {
        // Whole hours: the figure is a guide, not an account.
        Message::new("suggest.free_hours").count(suggestion.free_hours.floor() as i64)
    } else {
        Message::new("suggest.unavailable")
    };
    parts.push(message.render(lang));
    if suggestion.open_assignments > 0 {
        parts.push(
            Message::new("suggest.open_assignments")
                .count(i64::from(suggestion.open_assignments))
                .render(lang),
        );
    }
    parts.join(", ")
}

impl App {
    /// Every live developer with their skills and hours logged lately; their
    /// open assignments are left at 0 (`suggest::top` asks for those of the
    /// few developers that can make the list).
    fn candidates(&self) -> AppResult<Vec<Candidate>> {
        let since = (self.today() - chrono::Duration::days(LOAD_WINDOW_DAYS))
            .format("%Y-%m-%d")
            .to_string();
        let mut skills = self.store.set_elements(Kind::Developer, "skill")?;
        let hours = self.store.hours_since(&since)?;
        let rows = self.store.developer_rows()?;
        Ok(rows
            .into_iter()
            .map(|row| Candidate {
                skills: skills
                    .remove(&row.id)
                    .unwrap_or_default()
                    .into_iter()
                    .map(|(skill, level)| (skill, level.parse().unwrap_or(1)))
                    .collect(),
                recent_hours: hours.get(&row.id).copied().unwrap_or(0.0),
                open_assignments: 0,
                id: row.id,
                name: row.name,
                departement: row.departement,
                availability: row.availability,
            })
            .collect())
    }

    /// The developers best suited to a request, best first; those already
    /// assigned to it are left out.
    pub fn suggest(&self, request: &str, limit: usize, lang: Lang) -> AppResult<SuggestOutcome> {
        let record = self.live_record(Kind::Request, request)?;
        let wanted: Vec<String> = record
            .sets
            .get("skills")
            .map(|skills| skills.keys().cloned().collect())
            .unwrap_or_default();
        let assigned: Vec<String> = record
            .sets
            .get("developers")
            .map(|developers| developers.keys().cloned().collect())
            .unwrap_or_default();
        let departement = record.get("departement").map(str::to_string);
        let candidates: Vec<Candidate> = self
            .candidates()?
            .into_iter()
            .filter(|candidate| !assigned.contains(&candidate.id))
            .collect();
        let suggestions = top(&candidates, &wanted, departement.as_deref(), limit, |ids| {
            self.store.open_assignments_of(ids)
        })?
        .into_iter()
        .map(|suggestion| SuggestedDeveloper::new(suggestion, lang))
        .collect();
        let closed = record
            .get("status")
            .and_then(Status::from_slug)
            .filter(|status| !status.is_open());
        Ok(SuggestOutcome {
            closed,
            title: record.label().to_string(),
            request: record.id,
            departement,
            skills: wanted,
            suggestions,
        })
    }

    /// Assigns a developer to a request (a set element that syncs) and moves
    /// a qualified request to assigned.
    pub fn assign(&mut self, request: &str, developer: &str) -> AppResult<AssignOutcome> {
        let record = self.live_record(Kind::Request, request)?;
        let developer = self.live_record(Kind::Developer, developer)?;
        let mut assignments = vec![Assignment {
            field: "developers".into(),
            op: super::edit::Op::Add,
            value: developer.id.clone(),
        }];
        let qualified = record.get("status") == Some(Status::Qualified.slug());
        if qualified {
            assignments.push(Assignment::new("status", Status::Assigned.slug()));
        }
        let (request, changes) = self.set(Kind::Request, &record.id, &assignments)?;
        Ok(AssignOutcome {
            request,
            developer: developer.id,
            status_changed: qualified,
            changes,
        })
    }
}

/// One département × skill of the map.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SkillsMapCell {
    pub departement: String,
    pub skill: String,
    /// Developers of the département with the skill, available first.
    pub developers: Vec<MapDeveloper>,
    /// Open requests of the département wanting the skill.
    pub open_requests: u64,
    /// Wanted here, and no available developer of the département has it.
    pub gap: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct MapDeveloper {
    pub id: String,
    pub name: String,
    pub departement: Option<String>,
    pub level: Option<u8>,
    pub availability: f64,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SkillsMap {
    pub cells: Vec<SkillsMapCell>,
}

impl SkillsMap {
    pub fn gaps(&self) -> impl Iterator<Item = &SkillsMapCell> {
        self.cells.iter().filter(|cell| cell.gap)
    }
}

/// A gap looked at closely: who asks, and who nearby could help.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct GapDetail {
    pub departement: String,
    pub skill: String,
    pub requests: Vec<GapRequest>,
    /// Available developers with the skill in neighbouring départements,
    /// best level first.
    pub nearby: Vec<MapDeveloper>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct GapRequest {
    pub id: String,
    pub title: String,
}

impl App {
    /// Developers per département × skill, with the gaps; one département
    /// when given.
    pub fn skills_map(&self, departement: Option<&str>) -> AppResult<SkillsMap> {
        let mut cells: BTreeMap<(String, String), SkillsMapCell> = BTreeMap::new();
        for cell in self.store.skills_map()? {
            if departement.is_some_and(|wanted| wanted != cell.departement) {
                continue;
            }
            cells.insert(
                (cell.departement.clone(), cell.skill.clone()),
                SkillsMapCell {
                    gap: cell.open_requests_wanting > 0 && cell.available_developers == 0,
                    departement: cell.departement,
                    skill: cell.skill,
                    developers: Vec::new(),
                    open_requests: cell.open_requests_wanting,
                },
            );
        }
        // Developers without availability appear too (levels are useful),
        // they just do not close a gap.
        let skills = self.store.set_elements(Kind::Developer, "skill")?;
        let mut by_id: HashMap<String, Vec<(String, String)>> = skills;
        for row in self.store.developer_rows()? {
            let Some(dep) = row.departement.clone() else {
                continue;
            };
            if departement.is_some_and(|wanted| wanted != dep) {
                continue;
            }
            for (skill, level) in by_id.remove(&row.id).unwrap_or_default() {
                let cell = cells
                    .entry((dep.clone(), skill.clone()))
                    .or_insert_with(|| SkillsMapCell {
                        departement: dep.clone(),
                        skill,
                        developers: Vec::new(),
                        open_requests: 0,
                        gap: false,
                    });
                cell.developers.push(MapDeveloper {
                    id: row.id.clone(),
                    name: row.name.clone(),
                    departement: row.departement.clone(),
                    level: level.parse().ok(),
                    availability: row.availability,
                });
            }
        }
        let mut cells: Vec<SkillsMapCell> = cells.into_values().collect();
        for cell in &mut cells {
            cell.developers.sort_by(|a, b| {
                (b.availability > 0.0)
                    .cmp(&(a.availability > 0.0))
                    .then(b.level.cmp(&a.level))
                    .then_with(|| a.name.cmp(&b.name))
            });
        }
        Ok(SkillsMap { cells })
    }

    /// The requests wanting `skill` in `departement`, and the available
    /// developers of neighbouring départements who have it.
    pub fn skill_gap(&self, departement: &str, skill: &str) -> AppResult<GapDetail> {
        if crate::domain::geo::departement(departement).is_none() {
            return Err(AppError::refused(
                Message::new("error.search.unknown_departement").arg("code", departement),
            ));
        }
        let requests = self
            .store
            .requests_wanting(skill, Some(departement))?
            .into_iter()
            .map(|request| GapRequest {
                id: request.id,
                title: request.title,
            })
            .collect();
        let mut nearby = Vec::new();
        for neighbour in neighbours_of(departement) {
            for developer in self.store.developers_with_skill(neighbour, skill)? {
                if developer.availability > 0.0 {
                    nearby.push(MapDeveloper {
                        id: developer.id,
                        name: developer.name,
                        departement: Some(neighbour.to_string()),
                        level: developer.level,
                        availability: developer.availability,
                    });
                }
            }
        }
        nearby.sort_by(|a, b| b.level.cmp(&a.level).then_with(|| a.name.cmp(&b.name)));
        Ok(GapDetail {
            departement: departement.to_string(),
            skill: skill.to_string(),
            requests,
            nearby,
        })
    }
}
