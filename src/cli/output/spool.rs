//! Rows kept in anonymous temporary files until they can be written: the
//! second half of a long listing, read on another thread while the first
//! is written (`JsonSpool`), and a text listing's rows while its column
//! widths are measured (`Spool`), then its second half laid out ahead
//! (`SpooledLines`). Memory stays flat in the listing's size.

use super::{Columns, display_width, write_element};
use crate::app::{AppError, AppResult};
use crate::i18n::Message;
use serde::Serialize;
use std::io::{self, BufWriter, Write};

/// Elements of a JSON array kept in a temporary file until they can be
/// written after the others (`Stream::json_append`): the second half of a
/// listing, read while the first half is written.
pub struct JsonSpool {
    pub(super) file: BufWriter<std::fs::File>,
    pub(super) items: u64,
}

impl JsonSpool {
    pub fn new() -> AppResult<JsonSpool> {
        Ok(JsonSpool {
            file: spool_file()?,
            items: 0,
        })
    }

    /// Keeps one element.
    pub fn json_item<T: Serialize + ?Sized>(&mut self, value: &T) -> AppResult<()> {
        let opening: &[u8] = if self.items == 0 { b"" } else { b",\n  " };
        self.items += 1;
        write_element(&mut self.file, opening, value).map_err(spool_failed)
    }
}

/// The rows of a listing laid out in columns, spooled to an anonymous
/// temporary file while the column widths are measured, then written from
/// it: the table is read and put into words once, with memory flat in its
/// size. A row is its cells, each a little-endian `u32` display width and
/// `u32` length, then the bytes: a cell is measured once, when it is kept.
pub struct Spool {
    file: BufWriter<std::fs::File>,
    rows: u64,
}

impl Spool {
    pub fn new() -> AppResult<Spool> {
        Ok(Spool {
            file: spool_file()?,
            rows: 0,
        })
    }

    /// Keeps one row, each cell with its display width (`widths`, in order;
    /// a cell past its end is measured here).
    pub fn push(&mut self, row: &[String], widths: &[usize]) -> AppResult<()> {
        for (index, cell) in row.iter().enumerate() {
            let number = |value: usize| {
                u32::try_from(value).map_err(|err| spool_failed(io::Error::other(err)))
            };
            let width = widths
                .get(index)
                .copied()
                .unwrap_or_else(|| display_width(cell));
            let (width, length) = (number(width)?, number(cell.len())?);
            let written = self
                .file
                .write_all(&width.to_le_bytes())
                .and_then(|()| self.file.write_all(&length.to_le_bytes()))
                .and_then(|()| self.file.write_all(cell.as_bytes()));
            written.map_err(spool_failed)?;
        }
        self.rows += 1;
        Ok(())
    }

    /// Rows kept so far.
    pub fn rows(&self) -> u64 {
        self.rows
    }

    /// Hands back the rows in the order they were kept, each with `cells`
    /// cells and their widths; stops at the first error.
    pub fn replay(
        self,
        cells: usize,
        mut each: impl FnMut(&[String], &[usize]) -> AppResult<()>,
    ) -> AppResult<()> {
        use std::io::Read;
        let file = rewound(self.file)?;
        let mut reader = io::BufReader::with_capacity(64 * 1024, file);
        let mut row = vec![String::new(); cells];
        let mut widths = vec![0; cells];
        let mut bytes = Vec::new();
        let number = |reader: &mut io::BufReader<std::fs::File>| {
            let mut four = [0u8; 4];
            reader.read_exact(&mut four).map_err(spool_failed)?;
            Ok::<_, AppError>(u32::from_le_bytes(four) as usize)
        };
        for _ in 0..self.rows {
            for (cell, width) in row.iter_mut().zip(widths.iter_mut()) {
                *width = number(&mut reader)?;
                bytes.resize(number(&mut reader)?, 0);
                reader.read_exact(&mut bytes).map_err(spool_failed)?;
                let text = std::str::from_utf8(&bytes)
                    .map_err(|err| spool_failed(io::Error::other(err)))?;
                cell.clear();
                cell.push_str(text);
            }
            each(&row, &widths)?;
        }
        Ok(())
    }

    /// The rows laid out by `layout` as lines, kept in another temporary
    /// file to be appended (`Stream::lines_append`): the second half of a
    /// listing is laid out on its own thread while the first is written.
    pub fn lay_out(self, cells: usize, layout: &Columns) -> AppResult<SpooledLines> {
        let mut file = spool_file()?;
        let mut line = String::new();
        self.replay(cells, |row, widths| {
            layout.measured_line_into(row, widths, &mut line);
            file.write_all(line.as_bytes()).map_err(spool_failed)
        })?;
        Ok(SpooledLines { file })
    }
}

/// Lines of a listing laid out ahead, in a temporary file (`Spool::lay_out`).
pub struct SpooledLines {
    pub(super) file: BufWriter<std::fs::File>,
}

/// An anonymous temporary file to spool a listing to, buffered.
fn spool_file() -> AppResult<BufWriter<std::fs::File>> {
    let file = tempfile::tempfile().map_err(spool_failed)?;
    Ok(BufWriter::with_capacity(64 * 1024, file))
}

/// A spool's file flushed and back at its start, to be read.
pub(super) fn rewound(file: BufWriter<std::fs::File>) -> AppResult<std::fs::File> {
    use std::io::Seek;
    let mut file = file
        .into_inner()
        .map_err(|err| spool_failed(err.into_error()))?;
    file.seek(io::SeekFrom::Start(0)).map_err(spool_failed)?;
    Ok(file)
}

/// A failure of the temporary file a listing is spooled to, named by its
/// folder (the file itself has no name).
pub(super) fn spool_failed(err: io::Error) -> AppError {
    AppError::refused(
        Message::new("publish.error.write")
            .arg("path", std::env::temp_dir().display())
            .arg("error", &err),
    )
}
