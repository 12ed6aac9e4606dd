//! What a job's thread does: each `Work` answered through the app, the
//! `/` search's on its worker's kept connection.

use super::worker::with_kept;
use super::{Handle, Output, Source, Work, died};
use crate::app::AppResult;
use crate::app::sync_ops::SummaryLine;
use crate::i18n::Message;

/// What the thread of a job does (the `Runner` of every job but tests').
pub fn run(work: &Work, source: &Source, handle: &Handle) -> AppResult<Output> {
    if let Work::SearchTitles { index, query } = work {
        // In memory: no connection to open.
        let mut index = index
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let hits = crate::app::ui::dialog::title_hits(&mut index, query, &|| handle.cancelled());
        handle.check()?;
        return Ok(Output::SearchTitles {
            query: query.clone(),
            hits: hits.unwrap_or_default(),
        });
    }
    if let Work::Search(query) = work {
        let outcome = with_kept(source, |app| {
            crate::app::ui::dialog::search_everywhere(app, query, &|| handle.cancelled())
        })?;
        return Ok(Output::Search(outcome));
    }
    let mut app = source.open()?;
    Ok(match work {
        Work::Dashboard(year) => {
            Output::Dashboard(Box::new(crate::app::ui::home::load(&app, *year)?))
        }
        Work::Skills => Output::Skills(crate::app::ui::skills::load(&app)?),
        Work::Map => Output::Map(Box::new(crate::app::ui::map::load(&app)?)),
        Work::Conflicts => Output::Conflicts(crate::app::ui::conflicts::load(&app)?),
        Work::SearchIndex { kinds, index, gate } => {
            crate::app::ui::index_build::build_index(&app, kinds, index, gate.as_ref(), handle)?;
            Output::SearchIndexBuilt
        }
        Work::Import { path, total } => {
            handle.set_total(*total);
            let imported = app.import_bundle(path, &mut |step| handle.set_import_step(step))?;
            Output::Summary(imported.summary())
        }
        Work::Backup => Output::BackedUp(app.backup(None)?),
        Work::Export { to, path, encrypt } => {
            let encryption = if *encrypt {
                crate::app::crypt::Encryption::ForAddressees
            } else {
                crate::app::crypt::Encryption::None
            };
            let exported =
                app.export_bundle_as(to.as_deref(), false, path, &encryption, &mut |n| {
                    handle.set_done(n)
                })?;
            let mut lines = vec![SummaryLine::done(
                Message::new("tui.sync.exported")
                    .count(exported.changes as i64)
                    .arg("path", exported.file.display())
                    .arg_number("bytes", exported.bytes),
            )];
            lines.extend(exported.sealed_line().map(SummaryLine::done));
            Output::Summary(lines)
        }
        Work::Report {
            year,
            format,
            lang,
            path,
        } => {
            let written = app.write_report(
                (Some(*year), None),
                *format,
                *lang,
                path,
                &mut |done, total| {
                    handle.set_total(total as u64);
                    handle.set_done(done as u64);
                },
            )?;
            Output::Report(written)
        }
        // Answered below, on the worker's kept connection.
        Work::Search(_) => return Err(died()),
        // Answered above, without the database.
        Work::SearchTitles { .. } => return Err(died()),
        Work::Suggest { request, lang } => Output::Suggestions(Box::new(app.suggest(
            request,
            crate::app::ui::detail::SUGGESTED,
            *lang,
        )?)),
    })
}
