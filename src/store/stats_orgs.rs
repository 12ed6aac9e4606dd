//! Organisations served in a year: counted from rows `(organisation,
//! département, live, kind)` read in organisation order, each organisation
//! once per département it asked in, once in the region, and by kind while
//! it is live. The recount (`stats_year.rs`) and the kept counters
//! (`stats_kept.rs`) read their rows differently and count them here.

use super::YearFigures;
use super::stats_report::text;
use super::stats_year::AreaYear;
use rusqlite::Row;

/// The organisation being read and what it has shown so far.
#[derive(Default)]
pub(super) struct OrganisationRuns {
    current: Option<OrganisationRun>,
}

/// One organisation's rows of the year, while they are being read.
struct OrganisationRun {
    organisation: String,
    /// The départements it asked in (a handful at most).
    departements: Vec<String>,
    live: bool,
    kind: String,
}

impl OrganisationRuns {
    /// Adds one row; `departement` is its département, as its query spells
    /// it. A new organisation first counts the one before.
    pub(super) fn add(
        &mut self,
        row: &Row,
        departement: Option<String>,
        all: &mut YearFigures,
    ) -> rusqlite::Result<()> {
        let organisation = text(row, 0)?;
        if self
            .current
            .as_ref()
            .is_none_or(|run| run.organisation != organisation)
        {
            self.finish(all);
            self.current = Some(OrganisationRun {
                organisation,
                departements: Vec::new(),
                live: row.get::<_, Option<bool>>(2)?.unwrap_or(false),
                kind: text(row, 3)?,
            });
        }
        if let (Some(current), Some(code)) = (self.current.as_mut(), departement)
            && !current.departements.contains(&code)
        {
            current.departements.push(code);
        }
        Ok(())
    }

    /// Counts the organisation in progress, if any.
    pub(super) fn finish(&mut self, all: &mut YearFigures) {
        if let Some(done) = self.current.take() {
            done.count(all);
        }
    }
}

impl OrganisationRun {
    fn count(self, all: &mut YearFigures) {
        if self.departements.is_empty() {
            self.serve(&mut all.without_departement);
        }
        for code in &self.departements {
            self.serve(all.departements.entry(code.clone()).or_default());
        }
        self.serve(&mut all.region);
    }

    /// One area served by this organisation.
    fn serve(&self, (figures, details): &mut AreaYear) {
        details.organisations_served += 1;
        if self.live {
            *figures
                .organisations_by_kind
                .entry(self.kind.clone())
                .or_default() += 1;
        }
    }
}
