//! Printing outcomes: JSON for scripts straight from the use cases'
//! `Serialize` outcomes, streamed listings (rows written as the use case
//! reads them; the temporary files they wait in are `output/spool.rs`'s),
//! and the small text-layout helpers the commands share. What a value looks
//! like in words comes from `app::present`.

use super::{Ctx, out};
use crate::app::{AppError, AppResult};
use crate::i18n::Message;
use anyhow::Context;
use serde::Serialize;
use std::io::{self, BufWriter, Write};

mod spool;

pub use spool::{JsonSpool, Spool, SpooledLines};
use spool::{rewound, spool_failed};

pub use crate::app::present::{
    display_width, field_label, format_time, kind_label, list_columns, pad, truncate,
    truncated_measured,
};

/// Prints an outcome as pretty JSON, one document, serialized straight
/// into buffered standard output (a large document, such as a person's
/// right-of-access export, is not copied into a string first).
pub fn print_json<T: Serialize + ?Sized>(value: &T) -> anyhow::Result<()> {
    let mut stdout = BufWriter::with_capacity(64 * 1024, io::stdout().lock());
    // Back to the `io::Error` itself, so that a closed pipe stays quiet.
    serde_json::to_writer_pretty(&mut stdout, value)
        .map_err(io::Error::from)
        .context("stdout")?;
    stdout.write_all(b"\n").context("stdout")?;
    stdout.flush().context("stdout")
}

/// How a command that does one thing ends: its outcome as JSON with
/// `--json`, else one sentence of the catalogs saying what was done.
pub fn json_or_sentence<T: Serialize + ?Sized>(
    ctx: &Ctx,
    json: bool,
    outcome: &T,
    sentence: Message,
) -> anyhow::Result<std::process::ExitCode> {
    if json {
        print_json(outcome)?;
    } else {
        out(&format!("{}\n", ctx.say(sentence)))?;
    }
    Ok(std::process::ExitCode::SUCCESS)
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
#[derive(Debug, Default, Clone)]
pub struct Columns {
    widths: Vec<usize>,
    /// The columns set to the right (quantities), by index.
    right: Vec<bool>,
}

impl Columns {
    /// Columns whose cells are set to the right where `right` says so.
    pub fn aligned(right: Vec<bool>) -> Columns {
        Columns {
            widths: Vec::new(),
            right,
        }
    }

    /// Widens the columns to fit `row`.
    pub fn measure(&mut self, row: &[String]) {
        for (index, value) in row.iter().enumerate() {
            self.widen(index, display_width(value));
        }
    }

    /// Widens the columns to fit a row whose cells the caller measured.
    pub fn measure_widths(&mut self, widths: &[usize]) {
        for (index, width) in widths.iter().enumerate() {
            self.widen(index, *width);
        }
    }

    /// Widens the columns to fit every row `other` measured.
    pub fn widen_to(&mut self, other: &Columns) {
        for (index, width) in other.widths.iter().enumerate() {
            self.widen(index, *width);
        }
    }

    fn widen(&mut self, index: usize, width: usize) {
        match self.widths.get_mut(index) {
            Some(known) => *known = (*known).max(width),
            None => self.widths.push(width),
        }
    }

    /// One row laid out, trailing spaces trimmed, with its line break.
    pub fn line(&self, row: &[String]) -> String {
        let mut line = String::new();
        self.line_into(row, &mut line);
        line
    }

    /// `line` written into `line` (emptied first), whose buffer a listing
    /// reuses from row to row.
    pub fn line_into(&self, row: &[String], line: &mut String) {
        self.measured_line_into(row, &[], line);
    }

    /// `line_into` for a row whose cells' display widths the caller
    /// measured (`widths`, in order; a cell past its end is measured here).
    pub fn measured_line_into(&self, row: &[String], widths: &[usize], line: &mut String) {
        line.clear();
        let last = row.len().saturating_sub(1);
        for (index, value) in row.iter().enumerate() {
            if index > 0 {
                line.push_str("  ");
            }
            let measured = widths
                .get(index)
                .copied()
                .unwrap_or_else(|| display_width(value));
            let missing = self
                .widths
                .get(index)
                .map_or(0, |width| width.saturating_sub(measured));
            if self.right.get(index).copied().unwrap_or(false) {
                push_spaces(line, missing);
                line.push_str(value);
            } else {
                line.push_str(value);
                // The last cell's padding would be trimmed at once.
                if index < last {
                    push_spaces(line, missing);
                }
            }
        }
        let kept = line.trim_end().len();
        line.truncate(kept);
        line.push('\n');
    }
}

/// Appends `count` spaces, a slice at a time rather than a character.
fn push_spaces(line: &mut String, count: usize) {
    const SPACES: &str = "                                ";
    let mut left = count;
    while left > 0 {
        let now = left.min(SPACES.len());
        line.push_str(&SPACES[..now]);
        left -= now;
    }
}

/// Standard output for a listing written row by row as the use case reads
/// it. A use case's visitor can only fail with an `AppError`, so an output
/// failure (a closed pipe) is kept here and stops the reading; `finish`
/// gives it back as itself, and a closed pipe stays a quiet exit.
pub struct Stream {
    /// Standard output (a file in the tests).
    out: BufWriter<Box<dyn Write>>,
    failure: Option<io::Error>,
    /// Elements of the JSON array written so far.
    items: u64,
}

impl Stream {
    pub fn stdout() -> Stream {
        Stream::to(Box::new(io::stdout().lock()))
    }

    fn to(out: Box<dyn Write>) -> Stream {
        Stream {
            out: BufWriter::with_capacity(64 * 1024, out),
            failure: None,
            items: 0,
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
    /// for the whole array, one element at a time, serialized straight into
    /// the output by serde's pretty printer set one level deep (as it stands
    /// inside the array's `[`).
    pub fn json_item<T: Serialize + ?Sized>(&mut self, value: &T) -> AppResult<()> {
        let opening: &[u8] = if self.items == 0 { b"[\n  " } else { b",\n  " };
        self.items += 1;
        write_element(&mut self.out, opening, value).map_err(|err| self.fail(err))
    }

    /// Appends the elements `spool` holds to the JSON array, after those
    /// written so far.
    pub fn json_append(&mut self, spool: JsonSpool) -> AppResult<()> {
        if spool.items == 0 {
            return Ok(());
        }
        let opening: &[u8] = if self.items == 0 { b"[\n  " } else { b",\n  " };
        self.items += spool.items;
        self.text_bytes(opening)?;
        self.copy_spooled(spool.file)
    }

    /// Appends the lines `lines` holds after those written so far.
    pub fn lines_append(&mut self, lines: SpooledLines) -> AppResult<()> {
        self.copy_spooled(lines.file)
    }

    /// Writes what a spool's file holds, from its start.
    fn copy_spooled(&mut self, file: BufWriter<std::fs::File>) -> AppResult<()> {
        use std::io::Read;
        let mut file = rewound(file)?;
        let mut chunk = vec![0u8; 64 * 1024];
        loop {
            let read = file.read(&mut chunk).map_err(spool_failed)?;
            if read == 0 {
                return Ok(());
            }
            self.text_bytes(&chunk[..read])?;
        }
    }

    fn text_bytes(&mut self, bytes: &[u8]) -> AppResult<()> {
        self.out.write_all(bytes).map_err(|err| self.fail(err))
    }

    /// Closes the JSON array (`[]` when it had no element).
    pub fn json_end(&mut self) -> AppResult<()> {
        let closing: &[u8] = if self.items == 0 { b"[]\n" } else { b"\n]\n" };
        self.out.write_all(closing).map_err(|err| self.fail(err))
    }

    /// Keeps the first output failure; hands back one of the same kind.
    fn keep(&mut self, err: io::Error) -> io::Error {
        let kind = err.kind();
        self.failure.get_or_insert(err);
        io::Error::from(kind)
    }

    fn fail(&mut self, err: io::Error) -> AppError {
        let message = Message::new("publish.error.write")
            .arg("path", "-")
            .arg("error", &err);
        self.failure = Some(err);
        AppError::refused(message)
    }

    /// The command's outcome: a closed pipe (a quiet exit upstream), else
    /// the use case's error (which names an output failure in words), else
    /// an output failure the use case did not see, else the flushed output.
    pub fn finish(mut self, ctx: &Ctx, outcome: AppResult<()>) -> anyhow::Result<()> {
        let failure = self.failure.take();
        if let Some(err) = failure
            .as_ref()
            .filter(|err| err.kind() == io::ErrorKind::BrokenPipe)
        {
            return Err(anyhow::Error::new(io::Error::from(err.kind())).context("stdout"));
        }
        outcome.map_err(|err| ctx.app_error(err))?;
        if let Some(err) = failure {
            return Err(anyhow::Error::new(err).context("stdout"));
        }
        self.out.flush().context("stdout")
    }
}

/// A use case that writes a whole file (an open-data export to standard
/// output) writes through the stream: the first failure is kept, so that
/// `finish` tells a closed pipe (a quiet exit) from any other error.
impl Write for Stream {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.out.write(buf).map_err(|err| self.keep(err))
    }

    fn flush(&mut self) -> io::Result<()> {
        self.out.flush().map_err(|err| self.keep(err))
    }
}

/// One element of a JSON array after `opening` (the bracket or the comma
/// and the indent), as `serde_json` writes it pretty one level down.
fn write_element<T: Serialize + ?Sized>(
    out: &mut impl Write,
    opening: &[u8],
    value: &T,
) -> io::Result<()> {
    out.write_all(opening)?;
    let mut serializer = serde_json::Serializer::with_formatter(out, element_formatter());
    // `From` gives back serde's own I/O error, kind and all, so that a
    // closed pipe is still one.
    value.serialize(&mut serializer).map_err(io::Error::from)
}

/// serde's pretty printer (two spaces) as it stands inside an array's
/// first element: what it writes for a value is then the bytes that value
/// takes in the whole array.
fn element_formatter() -> serde_json::ser::PrettyFormatter<'static> {
    use serde_json::ser::Formatter;
    let mut formatter = serde_json::ser::PrettyFormatter::with_indent(b"  ");
    // Only the indent level moves; what these two calls write is dropped.
    let mut sink = io::sink();
    let _ = formatter.begin_array(&mut sink);
    let _ = formatter.begin_array_value(&mut sink, true);
    formatter
}

/// Labels padded to the widest, for `label : value` listings.
pub fn label_width<'a>(labels: impl Iterator<Item = &'a str>) -> usize {
    labels
        .map(unicode_width::UnicodeWidthStr::width)
        .max()
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::{Columns, JsonSpool, Spool, Stream};
    use std::io::{Read, Seek, Write};

    /// What a stream writes for `written` elements then a spool of
    /// `spooled`, its array closed.
    fn array_of(written: &[u32], spooled: &[u32]) -> String {
        let file = tempfile::tempfile().expect("file");
        let mut stream = Stream::to(Box::new(file.try_clone().expect("clone")));
        let mut spool = JsonSpool::new().expect("spool");
        for value in spooled {
            spool
                .json_item(&serde_json::json!({ "n": value }))
                .expect("spooled");
        }
        for value in written {
            stream
                .json_item(&serde_json::json!({ "n": value }))
                .expect("written");
        }
        stream.json_append(spool).expect("appended");
        stream.json_end().expect("closed");
        stream.out.flush().expect("flushed");
        let mut file = file;
        let mut text = String::new();
        file.rewind().expect("rewound");
        file.read_to_string(&mut text).expect("read");
        text
    }

    /// Rows measured in two parts, the widths then joined, lay out as the
    /// rows measured together.
    #[test]
    fn columns_measured_apart_then_joined_lay_out_as_measured_together() {
        let rows: Vec<Vec<String>> = [
            ["a", "long cell", "1"],
            ["a much longer one", "b", "12 345"],
        ]
        .iter()
        .map(|row| row.iter().map(|cell| cell.to_string()).collect())
        .collect();
        let columns = || Columns::aligned(vec![false, false, true]);
        let mut together = columns();
        rows.iter().for_each(|row| together.measure(row));
        let (mut near, mut far) = (columns(), columns());
        near.measure(&rows[0]);
        far.measure(&rows[1]);
        near.widen_to(&far);
        for row in &rows {
            assert_eq!(near.line(row), together.line(row));
        }
        assert_ne!(
            far.line(&rows[1]),
            together.line(&rows[1]),
            "far alone is narrower"
        );
    }

    /// Every split of an array between the stream and the spool writes the
    /// array `serde_json` writes pretty, whichever side is empty.
    #[test]
    fn spooled_elements_continue_the_array_as_if_written_in_turn() {
        let all = [1, 2, 3, 4];
        for cut in 0..=all.len() {
            let (written, spooled) = all.split_at(cut);
            let objects: Vec<_> = all.iter().map(|n| serde_json::json!({ "n": n })).collect();
            let pretty = serde_json::to_string_pretty(&objects).expect("json");
            assert_eq!(
                array_of(written, spooled),
                format!("{pretty}\n"),
                "cut at {cut}"
            );
        }
        assert_eq!(array_of(&[], &[]), "[]\n");
    }

    /// Spooled rows come back with the widths they were kept with (a cell
    /// past the widths given is measured when kept), and a spool laid out
    /// ahead then appended writes the lines `line` writes.
    #[test]
    fn spooled_rows_keep_their_widths_and_lay_out_as_lines_written_in_turn() {
        let rows: Vec<Vec<String>> = [["a1", "Écomusée du pays", "2 h"], ["b2", "x", "12 h"]]
            .iter()
            .map(|row| row.iter().map(|cell| cell.to_string()).collect())
            .collect();
        let mut layout = Columns::aligned(vec![false, false, true]);
        rows.iter().for_each(|row| layout.measure(row));
        let spooled = || {
            let mut spool = Spool::new().expect("spool");
            spool.push(&rows[0], &[2, 16, 3]).expect("pushed");
            spool.push(&rows[1], &[2]).expect("pushed");
            spool
        };
        let mut back = Vec::new();
        spooled()
            .replay(3, |row, widths| {
                back.push((row.to_vec(), widths.to_vec()));
                Ok(())
            })
            .expect("replayed");
        let expected = vec![
            (rows[0].clone(), vec![2, 16, 3]),
            (rows[1].clone(), vec![2, 1, 4]),
        ];
        assert_eq!(back, expected);
        let lines = spooled().lay_out(3, &layout).expect("laid out");
        let file = tempfile::tempfile().expect("file");
        let mut stream = Stream::to(Box::new(file.try_clone().expect("clone")));
        stream.lines_append(lines).expect("appended");
        stream.out.flush().expect("flushed");
        let mut file = file;
        let mut text = String::new();
        file.rewind().expect("rewound");
        file.read_to_string(&mut text).expect("read");
        let in_turn: String = rows.iter().map(|row| layout.line(row)).collect();
        assert_eq!(text, in_turn);
        assert_eq!(
            text,
            "a1  Écomusée du pays   2 h\nb2  x                 12 h\n"
        );
    }

    #[test]
    fn quantities_line_up_on_the_right_and_words_on_the_left() {
        let rows = [
            vec!["Montant".to_string(), "Libellé".to_string()],
            vec!["224 000 €".to_string(), "Salaires".to_string()],
            vec!["12 000 €".to_string(), "Ateliers".to_string()],
        ];
        let mut layout = Columns::aligned(vec![true, false]);
        for row in &rows {
            layout.measure(row);
        }
        let text: String = rows.iter().map(|row| layout.line(row)).collect();
        assert_eq!(
            text,
            "  Montant  Libellé\n224 000 €  Salaires\n 12 000 €  Ateliers\n"
        );
    }
}
