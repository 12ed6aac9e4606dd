//! A realistic regional data set for trying Relais and for benchmarks, built
//! on the six scenarios that founded the programme, across the six
//! départements of Provence-Alpes-Côte d'Azur. The same seed gives the same
//! content (ids and stamps differ from run to run).

use super::App;
use super::error::AppResult;
use crate::domain::Kind;
use crate::domain::geo;
use crate::domain::status::Status;
use chrono::NaiveDate;

mod hours;
mod rng;
mod scenarios;
mod texts;

use hours::{Led, Staff, WorkItem};
use rng::Rng;
use scenarios::{BUDGET_LINES, FIRST_NAMES, LAST_NAMES, SCENARIOS, WORKSHOP_TITLES};
use texts::{commune_name, date_from, deliverable_url, slug_ascii};

/// How many days the demo covers from its first Monday (6 January 2025):
/// two years of work up to late November 2026.
const DEMO_DAYS: i64 = 690;
/// Hours a month a full-time developer gives (about 1 500 h a year).
const FULL_TIME_PER_MONTH: u32 = 125;

/// Sizes of a demo data set.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DemoSize {
    pub requests: usize,
    pub orgs: usize,
    pub developers: usize,
    pub workshops: usize,
    pub time_entries: usize,
}

impl DemoSize {
    /// The default set (about forty requests), or `requests` requests with
    /// proportionate organisations, developers, workshops and hours.
    pub fn for_requests(requests: Option<usize>) -> DemoSize {
        let requests = requests.unwrap_or(42).max(1);
        DemoSize {
            requests,
            orgs: (requests / 3).max(18),
            developers: (requests / 20).max(18),
            workshops: (requests * 2 / 3).max(6),
            time_entries: requests,
        }
    }
}

/// What was created.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DemoSummary {
    pub counts: Vec<(Kind, usize)>,
    pub changes: usize,
}

/// Fills the database with the demo data in one transaction.
pub fn load(
    app: &mut App,
    seed: u64,
    size: DemoSize,
    progress: &mut dyn FnMut(usize, usize),
) -> AppResult<DemoSummary> {
    let site = app.store.require_identity()?;
    let author = app.author();
    let mut rng = Rng(seed);
    let departements: Vec<String> = geo::paca_departements()
        .iter()
        .map(|dep| dep.code.clone())
        .collect();
    let communes = geo::paca_communes();
    let base = NaiveDate::from_ymd_opt(2025, 1, 6).unwrap_or_default();
    let total = size.requests + size.orgs + size.developers + size.workshops + size.time_entries;
    let mut done = 0usize;
    let mut summary = DemoSummary::default();
    let mut writer = app.store.writer(&author)?;
    let mut tick = |done: &mut usize| {
        *done += 1;
        if (*done).is_multiple_of(5_000) {
            progress(*done, total);
        }
    };

    for year in ["2025", "2026"] {
        for (label, category, amount) in BUDGET_LINES {
            let id = writer.create(Kind::Budget);
            writer.insert_new(
                Kind::Budget,
                &id,
                &[
                    ("year", year.into()),
                    ("amount", amount.to_string()),
                    ("label", label.to_string()),
                    ("category", category.slug().to_string()),
                ],
            )?;
        }
    }

    // Developers: one departmental developer per département, a regional
    // lead, then volunteers and students.
    let mut developers: Vec<(String, String)> = Vec::with_capacity(size.developers);
    for index in 0..size.developers {
        let id = writer.create(Kind::Developer);
        let departement = departements[index % departements.len()].clone();
        let role = match index {
            i if i < departements.len() => "departmental",
            i if i == departements.len() => "regional_lead",
            _ if rng.chance(60) => "volunteer",
            _ => "student",
        };
        let first = *rng.pick(FIRST_NAMES);
        let last = *rng.pick(LAST_NAMES);
        let name = if index < FIRST_NAMES.len() * 2 {
            format!("{first} {last}")
        } else {
            format!("{first} {last} ({index})")
        };
        let mut fields: Vec<(String, String)> = vec![
            ("name".into(), name),
            (
                "email".into(),
                format!(
                    "{}.{}{}@relais-sud.example",
                    slug_ascii(first),
                    slug_ascii(last),
                    index
                ),
            ),
            ("departement".into(), departement.clone()),
            ("role".into(), role.into()),
            (
                "availability".into(),
                (if matches!(role, "departmental" | "regional_lead") {
                    FULL_TIME_PER_MONTH as usize
                } else {
                    8 + rng.below(30)
                })
                .to_string(),
            ),
            (
                "last_activity".into(),
                date_from(base, 500 + rng.below(180) as i64),
            ),
            (
                "consent.directory".into(),
                date_from(base, rng.below(60) as i64),
            ),
        ];
        let skills = crate::domain::Vocab::Skill.slugs();
        for draw in 0..(2 + rng.below(3)) {
            let picked = *rng.pick(&skills);
            // The first skill goes round the list, so that every skill has
            // someone in the region (by chance alone, seed 2026 had nobody
            // in GIS, wanted by most requests); the draw is kept either way
            // so that the rest of the demo stays as it was.
            let skill = match draw {
                0 => skills[index % skills.len()],
                _ => picked,
            };
            let level = 1 + rng.below(3);
            fields.retain(|(field, _)| *field != format!("skill.{skill}"));
            fields.push((format!("skill.{skill}"), level.to_string()));
        }
        let refs: Vec<(&str, String)> = fields
            .iter()
            .map(|(f, v)| (f.as_str(), v.clone()))
            .collect();
        writer.insert_new(Kind::Developer, &id, &refs)?;
        developers.push((id, departement));
        tick(&mut done);
    }

    // Organisations, by scenario, spread over the départements.
    let mut orgs: Vec<(String, usize, String)> = Vec::with_capacity(size.orgs);
    let mut org_names: std::collections::HashSet<String> = Default::default();
    for index in 0..size.orgs {
        let scenario_index = index % SCENARIOS.len();
        let scenario = &SCENARIOS[scenario_index];
        let id = writer.create(Kind::Org);
        let round = index / SCENARIOS.len();
        let (mut name, commune) = if scenario.org_names.is_empty() {
            // Villages: the commune itself asks; the départements take turns.
            let departement = &departements[(round + scenario_index) % departements.len()];
            let local: Vec<&geo::Commune> = communes
                .iter()
                .filter(|c| &c.departement == departement)
                .collect();
            let commune = if local.is_empty() {
                &communes[rng.below(communes.len())]
            } else {
                local[rng.below(local.len())]
            };
            (commune_name(&commune.name), commune)
        } else {
            let (name, code) = scenario.org_names[round % scenario.org_names.len()];
            let home = geo::commune(code).unwrap_or(&communes[0]);
            (name.to_string(), home)
        };
        if !scenario.org_names.is_empty() && round >= scenario.org_names.len() {
            // Beyond the named organisations (benchmark scales): a local
            // branch in another commune of the same département.
            let local: Vec<&geo::Commune> = communes
                .iter()
                .filter(|c| c.departement == commune.departement)
                .collect();
            let branch = local[rng.below(local.len())];
            name = format!("{name} — {}", branch.name);
        }
        // A name already given (two branches or two village halls in one
        // commune, at benchmark scales): numbered as the requests are, so
        // that a lead sees no duplicate organisations.
        if !org_names.insert(name.clone()) {
            name = format!("{name} #{}", index + 1);
        }
        let siret = format!(
            "{:014}",
            20_000_000_000_000u64 + rng.next() % 9_000_000_000_000
        );
        let fields = [
            ("name", name),
            ("kind", scenario.org_kind.to_string()),
            ("siret", siret),
            ("departement", commune.departement.clone()),
            ("commune", commune.code.clone()),
            ("contact", format!("contact{index}@asso-sud.example")),
        ];
        writer.insert_new(Kind::Org, &id, &fields)?;
        orgs.push((id, scenario_index, commune.departement.clone()));
        tick(&mut done);
    }

    // Requests, with their assigned developers and deliverables.
    let statuses = [
        ("new", 15),
        ("qualified", 15),
        ("assigned", 15),
        ("in_progress", 25),
        ("delivered", 25),
        ("abandoned", 5),
    ];
    let mut requests: Vec<WorkItem> = Vec::with_capacity(size.requests);
    for index in 0..size.requests {
        let (org_id, scenario_index, departement) = &orgs[index % orgs.len()];
        let scenario = &SCENARIOS[*scenario_index];
        let id = writer.create(Kind::Request);
        let roll = rng.below(100);
        let mut cumulative = 0;
        let status = statuses
            .iter()
            .find(|(_, share)| {
                cumulative += share;
                roll < cumulative
            })
            .map(|(status, _)| *status)
            .unwrap_or("new");
        let received = rng.below(600) as i64;
        let title = scenario.titles[(index / SCENARIOS.len()) % scenario.titles.len()];
        let title = if index < SCENARIOS.len() * scenario.titles.len() {
            title.to_string()
        } else {
            format!("{title} #{}", index + 1)
        };
        // Drawn in the order the fields always were: the requests, the
        // workshops and the rest of a seed's demo stay as they were.
        let priority = ["low", "normal", "normal", "high", "urgent"][rng.below(5)];
        let estimated = 80 + 40 * rng.below(18);
        let mut fields: Vec<(String, String)> = vec![
            ("title".into(), title.clone()),
            ("need".into(), scenario.need.into()),
            ("organisation".into(), org_id.clone()),
            ("departement".into(), departement.clone()),
            ("category".into(), scenario.category.into()),
            ("data_sources".into(), scenario.sources.into()),
            ("licence".into(), scenario.licence.into()),
            ("priority".into(), priority.into()),
            ("status".into(), status.into()),
            ("estimated_hours".into(), estimated.to_string()),
            ("received_on".into(), date_from(base, received)),
        ];
        for skill in scenario.skills.iter().take(2 + rng.below(2)) {
            fields.push((format!("skill.{skill}"), "1".into()));
        }
        if status == "abandoned" {
            fields.push((
                "status_reason".into(),
                "La structure n'a plus de référent pour le projet".into(),
            ));
        }
        if matches!(status, "assigned" | "in_progress" | "delivered") {
            let local: Vec<&(String, String)> = developers
                .iter()
                .filter(|(_, dep)| dep == departement)
                .collect();
            let pool: Vec<&(String, String)> = if local.is_empty() {
                developers.iter().collect()
            } else {
                local
            };
            for _ in 0..(1 + rng.below(2)) {
                let (developer, _) = pool[rng.below(pool.len())];
                fields.retain(|(field, _)| *field != format!("developer.{developer}"));
                fields.push((format!("developer.{developer}"), "1".into()));
            }
        }
        let delivered_day = received + 30 + rng.below(150) as i64;
        let delivered_on = date_from(base, delivered_day);
        if status == "delivered" {
            fields.push(("delivered_on".into(), delivered_on.clone()));
        }
        let refs: Vec<(&str, String)> = fields
            .iter()
            .map(|(f, v)| (f.as_str(), v.clone()))
            .collect();
        writer.insert_new(Kind::Request, &id, &refs)?;
        if status == "delivered" {
            let deliverable = writer.create(Kind::Deliverable);
            writer.insert_new(
                Kind::Deliverable,
                &deliverable,
                &[
                    ("title", format!("{title} — version publiée")),
                    ("request", id.clone()),
                    ("kind", scenario.category.into()),
                    (
                        "url",
                        deliverable_url(scenario.category, &title, departement, index),
                    ),
                    ("licence", scenario.licence.into()),
                    ("published_on", delivered_on),
                ],
            )?;
        }
        requests.push(WorkItem {
            id,
            title: title.clone(),
            departement: departement.clone(),
            received,
            delivered: (status == "delivered").then_some(delivered_day),
            status: Status::from_slug(status).unwrap_or(Status::New),
            estimated: estimated as f64,
        });
        tick(&mut done);
    }

    // The staff: one departmental developer per département, then the lead.
    let staff_count = (departements.len() + 1).min(developers.len());
    let staff: Vec<Staff> = developers[..staff_count]
        .iter()
        .enumerate()
        .map(|(index, (id, departement))| Staff {
            developer: id.clone(),
            departement: (index < departements.len()).then(|| departement.clone()),
        })
        .collect();
    let mut led: Vec<Led> = Vec::new();
    let mut workshop_titles: std::collections::HashSet<String> = Default::default();
    for index in 0..size.workshops {
        let id = writer.create(Kind::Workshop);
        let (kind, title) = WORKSHOP_TITLES[index % WORKSHOP_TITLES.len()];
        // A workshop is named after its request: one of the next few
        // requests whose name is not taken yet (a bounded look, so large
        // benchmark scales stay linear; there, a number at the end).
        let first = rng.below(requests.len());
        let free = (0..requests.len().min(8))
            .map(|step| &requests[(first + step) % requests.len()])
            .find(|item| !workshop_titles.contains(&format!("{title} : {}", item.title)));
        let (item, title) = match free {
            Some(item) => (item, format!("{title} : {}", item.title)),
            None => {
                let item = &requests[first];
                (item, format!("{title} : {} #{}", item.title, index + 1))
            }
        };
        workshop_titles.insert(title.clone());
        let request = &item.id;
        let participants = 4 + rng.below(22);
        let day = rng.below(DEMO_DAYS as usize) as i64;
        // Two to four hours; a contributive weekend, two days of five to seven.
        let duration = match 2 + rng.below(3) {
            hours if kind == "hackathon" => 2 * (hours + 3),
            hours => hours,
        };
        let mut fields: Vec<(String, String)> = vec![
            ("title".into(), title),
            ("kind".into(), kind.into()),
            ("date".into(), date_from(base, day)),
            ("duration".into(), duration.to_string()),
            ("site".into(), site.site.clone()),
            ("request".into(), request.clone()),
            ("participants".into(), participants.to_string()),
            (
                "outputs".into(),
                "Compte rendu et liste des besoins priorisés".into(),
            ),
        ];
        // Most workshops are led by the département's developer.
        let facilitator = match departements.iter().position(|d| *d == item.departement) {
            Some(local) if local < staff_count && rng.chance(70) => local,
            _ => rng.below(developers.len()),
        };
        fields.push((
            format!("facilitator.{}", developers[facilitator].0),
            "1".into(),
        ));
        if facilitator < staff_count {
            led.push(Led {
                id: id.clone(),
                facilitator,
                day,
                duration: duration as f64,
            });
        }
        if rng.chance(50) {
            let women = rng.below(participants + 1);
            fields.push(("breakdown.women".into(), women.to_string()));
            fields.push((
                "breakdown.not_given".into(),
                (participants - women).to_string(),
            ));
        }
        let refs: Vec<(&str, String)> = fields
            .iter()
            .map(|(f, v)| (f.as_str(), v.clone()))
            .collect();
        writer.insert_new(Kind::Workshop, &id, &refs)?;
        tick(&mut done);
    }

    let staff_entries = hours::log_staff(
        &mut writer,
        &mut rng,
        &staff,
        &requests,
        &led,
        (base, DEMO_DAYS),
    )?;
    // Volunteers and students: a few hours now and then, near home.
    let helpers = &developers[staff_count..];
    for _ in 0..size.time_entries {
        let id = writer.create(Kind::Time);
        let item = &requests[rng.below(requests.len())];
        let local: Vec<&(String, String)> = helpers
            .iter()
            .filter(|(_, dep)| *dep == item.departement)
            .collect();
        let developer = match (local.is_empty(), helpers.is_empty()) {
            (false, _) => local[rng.below(local.len())].0.clone(),
            (true, false) => helpers[rng.below(helpers.len())].0.clone(),
            (true, true) => developers[0].0.clone(),
        };
        writer.insert_new(
            Kind::Time,
            &id,
            &[
                ("developer", developer),
                ("request", item.id.clone()),
                (
                    "date",
                    date_from(base, rng.below(DEMO_DAYS as usize) as i64),
                ),
                ("hours", (1 + rng.below(4)).to_string()),
            ],
        )?;
        tick(&mut done);
    }
    summary.changes = writer.written();
    writer.commit()?;
    progress(total, total);
    summary.counts = vec![
        (Kind::Org, size.orgs),
        (Kind::Request, size.requests),
        (Kind::Developer, size.developers),
        (Kind::Workshop, size.workshops),
        (Kind::Time, size.time_entries + staff_entries),
    ];
    Ok(summary)
}
