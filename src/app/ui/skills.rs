//! *Compétences*, the skills map: every skill of the shared taxonomy ×
//! the départements that have developers or requests, with the number of
//! available developers in each cell; a cell where open requests want a
//! skill that no available developer of the département has is a gap.
//! Enter on a cell lists its developers (the drill-down); Enter on a gap
//! lists the open requests that want the skill there and the nearest
//! developers who have it (the gap panel).

use crate::app::suggest::GapDetail;
use crate::app::{App, AppResult};
use crate::domain::Kind;
use crate::domain::vocab::Vocab;
use crate::store::SkilledDeveloper;

/// Width of the skill labels column, and of one département column.
pub const LABEL_WIDTH: u16 = 24;
pub const CELL_WIDTH: u16 = 7;

/// How many département columns fit in a terminal `width` wide.
pub fn visible_columns(width: u16) -> usize {
    (width.saturating_sub(LABEL_WIDTH + 2) / CELL_WIDTH).max(1) as usize
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SkillCount {
    /// Available developers of the département with the skill.
    pub available: u64,
    /// Open requests of the département wanting the skill.
    pub wanted: u64,
}

impl SkillCount {
    /// Wanted by open requests, and nobody available has it.
    pub fn is_gap(&self) -> bool {
        self.wanted > 0 && self.available == 0
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SkillGrid {
    pub departements: Vec<String>,
    /// Skill slugs, in the taxonomy's order.
    pub skills: Vec<String>,
    /// `cells[skill][departement]`.
    pub cells: Vec<Vec<SkillCount>>,
}

impl SkillGrid {
    pub fn cell(&self, skill: usize, departement: usize) -> SkillCount {
        self.cells
            .get(skill)
            .and_then(|row| row.get(departement))
            .copied()
            .unwrap_or_default()
    }

    /// Every gap: `(skill slug, département, open requests wanting it)`.
    pub fn gaps(&self) -> Vec<(&str, &str, u64)> {
        let mut gaps = Vec::new();
        for (s, skill) in self.skills.iter().enumerate() {
            for (d, departement) in self.departements.iter().enumerate() {
                let cell = self.cell(s, d);
                if cell.is_gap() {
                    gaps.push((skill.as_str(), departement.as_str(), cell.wanted));
                }
            }
        }
        gaps
    }
}

/// The people behind one cell.
#[derive(Clone, Debug, PartialEq)]
pub struct Drill {
    pub departement: String,
    pub skill: String,
    pub people: Vec<SkilledDeveloper>,
    pub selected: usize,
}

/// A gap looked at closely: the requests that want the skill in the
/// département, then the developers of neighbouring départements who have
/// it; one cursor runs down both lists.
#[derive(Clone, Debug, PartialEq)]
pub struct GapPanel {
    pub detail: GapDetail,
    pub selected: usize,
}

impl GapPanel {
    pub fn new(detail: GapDetail) -> GapPanel {
        GapPanel {
            detail,
            selected: 0,
        }
    }

    /// Requests and developers, as one list.
    pub fn len(&self) -> usize {
        self.detail.requests.len() + self.detail.nearby.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn step(&mut self, step: isize) {
        let last = self.len().saturating_sub(1) as isize;
        self.selected = (self.selected as isize + step).clamp(0, last.max(0)) as usize;
    }

    /// The record under the cursor, which Enter opens.
    pub fn target(&self) -> Option<(Kind, &str)> {
        let requests = &self.detail.requests;
        match requests.get(self.selected) {
            Some(request) => Some((Kind::Request, request.id.as_str())),
            None => self
                .detail
                .nearby
                .get(self.selected - requests.len())
                .map(|developer| (Kind::Developer, developer.id.as_str())),
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct SkillsState {
    /// `None` until loaded (and after a write).
    pub grid: Option<SkillGrid>,
    /// Selected skill (row) and département (column).
    pub row: usize,
    pub col: usize,
    /// First département column shown (the grid scrolls sideways).
    pub first_col: usize,
    pub drill: Option<Drill>,
    /// The gap under the cursor, opened with Enter.
    pub gap: Option<GapPanel>,
}

impl SkillsState {
    /// Moves the selection by `(rows, cols)`, keeping it on the grid and
    /// its column in view for a terminal `width` wide.
    pub fn step(&mut self, rows: isize, cols: isize, width: u16) {
        let Some(grid) = &self.grid else {
            return;
        };
        let max_row = grid.skills.len().saturating_sub(1);
        let max_col = grid.departements.len().saturating_sub(1);
        self.row = (self.row as isize + rows).clamp(0, max_row as isize) as usize;
        self.col = (self.col as isize + cols).clamp(0, max_col as isize) as usize;
        self.keep_in_view(width);
    }

    /// Whether the cursor is on a gap (Enter then opens the gap panel).
    pub fn on_gap(&self) -> bool {
        self.grid
            .as_ref()
            .is_some_and(|grid| grid.cell(self.row, self.col).is_gap())
    }

    pub fn keep_in_view(&mut self, width: u16) {
        let shown = visible_columns(width);
        if self.col < self.first_col {
            self.first_col = self.col;
        } else if self.col >= self.first_col + shown {
            self.first_col = self.col + 1 - shown;
        }
    }
}

/// Builds the grid from the store's aggregate (one SQL pass).
pub fn load(app: &App) -> AppResult<SkillGrid> {
    let cells = app.store.skills_map()?;
    let mut departements: Vec<String> = cells.iter().map(|c| c.departement.clone()).collect();
    departements.sort();
    departements.dedup();
    let skills: Vec<String> = Vocab::Skill
        .slugs()
        .into_iter()
        .map(str::to_string)
        .collect();
    let mut grid = vec![vec![SkillCount::default(); departements.len()]; skills.len()];
    for cell in cells {
        let (Some(s), Ok(d)) = (
            skills.iter().position(|skill| *skill == cell.skill),
            departements.binary_search(&cell.departement),
        ) else {
            continue;
        };
        grid[s][d] = SkillCount {
            available: cell.available_developers,
            wanted: cell.open_requests_wanting,
        };
    }
    Ok(SkillGrid {
        departements,
        skills,
        cells: grid,
    })
}

/// The gap of the selected cell, if it is one: the requests that want
/// its skill in its département and the nearest developers who have it.
pub fn gap(app: &App, grid: &SkillGrid, row: usize, col: usize) -> AppResult<Option<GapPanel>> {
    let (Some(skill), Some(departement)) = (grid.skills.get(row), grid.departements.get(col))
    else {
        return Ok(None);
    };
    if !grid.cell(row, col).is_gap() {
        return Ok(None);
    }
    Ok(Some(GapPanel::new(app.skill_gap(departement, skill)?)))
}

/// The developers of the selected cell.
pub fn drill(app: &App, grid: &SkillGrid, row: usize, col: usize) -> AppResult<Option<Drill>> {
    let (Some(skill), Some(departement)) = (grid.skills.get(row), grid.departements.get(col))
    else {
        return Ok(None);
    };
    Ok(Some(Drill {
        people: app.store.developers_with_skill(departement, skill)?,
        departement: departement.clone(),
        skill: skill.clone(),
        selected: 0,
    }))
}
