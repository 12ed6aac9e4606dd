//! Printing outcomes: JSON for scripts straight from the use cases'
//! `Serialize` outcomes, streamed listings (rows written as the use case
//! reads them), and the small text-layout helpers the commands share. What
//! a value looks like in words comes from `app::present`.

use super::{Ctx, out};
use crate::app::{AppError, AppResult};
use crate::i18n::Message;
use anyhow::Context;
use serde::Serialize;
use std::io::{self, BufWriter, StdoutLock, Write};

pub use crate::app::present::{field_label, format_time, kind_label, list_columns, pad, truncate};

/// Prints an outcome as pretty JSON, one document.
pub fn print_json<T: Serialize + ?Sized>(value: &T) -> anyhow::Result<()> {
    out(&format!("{}\n", serde_json::to_string_pretty(value)?))
}

/// Rows of cells laid out in columns two spaces apart (display width), with
/// trailing spaces trimmed.
pub fn columns(rows: &[Vec<String>]) -> String {
    let mut layout = Columns::default();
    for row in rows {
        layout.measure(row);
    }
    rows.iter().map(|row| layout.line(row)).collect()
}

/// Column widths, measured over every row before any is laid out: a
/// streamed listing measures in a first pass and writes in a second.
#[derive(Debug, Default)]
pub struct Columns {
    widths: Vec<usize>,
}

impl Columns {
    /// Widens the columns to fit `row`.
    pub fn measure(&mut self, row: &[String]) {
        for (index, value) in row.iter().enumerate() {
            let width = unicode_width::UnicodeWidthStr::width(value.as_str());
            match self.widths.get_mut(index) {
                Some(known) => *known = (*known).max(width),
                None => self.widths.push(width),
            }
        }
    }

    /// One row laid out, trailing spaces trimmed, with its line break.
    pub fn line(&self, row: &[String]) -> String {
        let cells: Vec<String> = row
            .iter()
            .enumerate()
            .map(|(index, value)| pad(value, self.widths.get(index).copied().unwrap_or(0)))
            .collect();
        let mut line = cells.join("  ").trim_end().to_string();
        line.push('\n');
        line
    }
}

/// Standard output for a listing written row by row as the use case reads
/// it. A use case's visitor can only fail with an `AppError`, so an output
/// failure (a closed pipe) is kept here and stops the reading; `finish`
/// gives it back as itself, and a closed pipe stays a quiet exit.
pub struct Stream {
    out: BufWriter<StdoutLock<'static>>,
    failure: Option<io::Error>,
    /// Elements of the JSON array written so far.
    items: u64,
    scratch: Vec<u8>,
}

impl Stream {
    pub fn stdout() -> Stream {
        Stream {
            out: BufWriter::with_capacity(64 * 1024, io::stdout().lock()),
            failure: None,
            items: 0,
            scratch: Vec::new(),
        }
    }

    /// Writes text, from inside a visitor.
    pub fn text(&mut self, text: &str) -> AppResult<()> {
        match self.out.write_all(text.as_bytes()) {
            Ok(()) => Ok(()),
            Err(err) => Err(self.fail(err)),
        }
    }

    /// Writes one element of a JSON array: the bytes `print_json` prints
    /// for the whole array, one element at a time. Pretty JSON escapes the
    /// line breaks inside strings, so every raw one is layout, and an
    /// element one level deep takes two more spaces after each.
    pub fn json_item<T: Serialize + ?Sized>(&mut self, value: &T) -> AppResult<()> {
        self.scratch.clear();
        if let Err(err) = serde_json::to_writer_pretty(&mut self.scratch, value) {
            return Err(self.fail(io::Error::other(err)));
        }
        let opening: &[u8] = if self.items == 0 { b"[\n  " } else { b",\n  " };
        let mut written = self.out.write_all(opening);
        for (index, line) in self.scratch.split(|byte| *byte == b'\n').enumerate() {
            if index > 0 {
                written = written.and_then(|()| self.out.write_all(b"\n  "));
            }
            written = written.and_then(|()| self.out.write_all(line));
        }
        self.items += 1;
        written.map_err(|err| self.fail(err))
    }

    /// Closes the JSON array (`[]` when it had no element).
    pub fn json_end(&mut self) -> AppResult<()> {
        let closing: &[u8] = if self.items == 0 { b"[]\n" } else { b"\n]\n" };
        self.out.write_all(closing).map_err(|err| self.fail(err))
    }

    fn fail(&mut self, err: io::Error) -> AppError {
        let message = Message::new("publish.error.write")
            .arg("path", "-")
            .arg("error", &err);
        self.failure = Some(err);
        AppError::refused(message)
    }

    /// The command's outcome: an output failure first, else the use
    /// case's error, else the flushed output.
    pub fn finish(mut self, ctx: &Ctx, outcome: AppResult<()>) -> anyhow::Result<()> {
        if let Some(err) = self.failure.take() {
            return Err(anyhow::Error::new(err).context("stdout"));
        }
        outcome.map_err(|err| ctx.app_error(err))?;
        self.out.flush().context("stdout")
    }
}

/// Labels padded to the widest, for `label : value` listings.
pub fn label_width<'a>(labels: impl Iterator<Item = &'a str>) -> usize {
    labels
        .map(unicode_width::UnicodeWidthStr::width)
        .max()
        .unwrap_or(0)
}
