//! `relais report`: the funders' yearly report in the format asked for
//! (text by default), on standard output or written to `--out` (a folder for
//! CSV). Building and rendering are `app`'s; this parses and prints.

use super::{Ctx, out, progress_line};
use crate::app::report::ReportFormat;
use crate::i18n::Message;
use std::io::{IsTerminal, Write};
use std::path::Path;
use std::process::ExitCode;

pub fn report(
    ctx: &Ctx,
    (year, departement): (Option<i32>, Option<&str>),
    format: Option<&str>,
    out_path: Option<&Path>,
) -> anyhow::Result<ExitCode> {
    // clap only lets the listed names through.
    let format = format
        .and_then(ReportFormat::from_name)
        .unwrap_or(ReportFormat::Text);
    let app = ctx.open()?;
    let mut progress = |done: usize, total: usize| {
        progress_line(
            ctx,
            Message::new("report.progress")
                .arg("done", done)
                .arg("total", total),
        );
    };
    let end_progress = || {
        if std::io::stderr().is_terminal() {
            eprintln!();
        }
    };
    let Some(path) = out_path else {
        if format.needs_file() {
            return Err(ctx.app_error(crate::app::AppError::refused(
                Message::new("report.error.needs_out").arg("format", format.name()),
            )));
        }
        let document = app
            .report_with_progress(year, departement, &mut progress)
            .map_err(|err| ctx.app_error(err))?;
        end_progress();
        let bytes = app
            .render_report(&document, format, ctx.lang)
            .map_err(|err| ctx.app_error(err))?;
        let mut stdout = std::io::stdout().lock();
        stdout.write_all(&bytes)?;
        stdout.flush()?;
        return Ok(ExitCode::SUCCESS);
    };
    let written = app
        .write_report((year, departement), format, ctx.lang, path, &mut progress)
        .map_err(|err| ctx.app_error(err))?;
    end_progress();
    out(&format!(
        "{}\n",
        ctx.say(
            Message::new("report.written")
                .arg("path", written.path.display())
                .count(written.files.len() as i64)
        )
    ))?;
    Ok(ExitCode::SUCCESS)
}
