//! The record commands (`init`, `add`, `set`, `rm`, `list`, `show`,
//! `history`): run the use case, print text for people or JSON for scripts.

use super::args::InitArgs;
use super::output::{
    Columns, JsonSpool, Spool, Stream, display_width, field_label, kind_label, label_width,
    list_columns, pad, print_json, truncate, truncated_measured,
};
use super::{Ctx, out};
use crate::app::identity::{InitRequest, init as init_site};
use crate::app::present::{RecordJson, rfc3339};
use crate::app::{App, AppResult, Assignment, HistoryEntry, Record, short_id};
use crate::domain::schema::Kind;
use crate::i18n::{Message, tr};
use serde::Serialize;
use std::process::ExitCode;

fn parse_assignments(ctx: &Ctx, texts: &[String]) -> anyhow::Result<Vec<Assignment>> {
    texts
        .iter()
        .map(|text| Assignment::parse(text).map_err(|err| ctx.app_error(err)))
        .collect()
}

pub fn no_command(ctx: &Ctx) -> anyhow::Result<ExitCode> {
    crate::app::config::check_database_folder(&ctx.db).map_err(|err| ctx.app_error(err))?;
    // No command: the terminal UI, which also sets up a new database.
    if !std::io::IsTerminal::is_terminal(&std::io::stdout()) {
        out(&format!(
            "{}\n",
            ctx.say(Message::new("cli.first_run").arg("path", ctx.db.display()))
        ))?;
        return Ok(ExitCode::SUCCESS);
    }
    let options = crate::tui::Options {
        db: ctx.db.clone(),
        config: ctx.config.clone(),
        config_path: ctx.config_path.clone(),
        config_dir: ctx.config_path.parent().map(std::path::Path::to_path_buf),
        clock: ctx.clock.clone(),
        lang: ctx.lang,
        mouse: !ctx.no_mouse,
    };
    match crate::tui::run(options) {
        Ok(()) => Ok(ExitCode::SUCCESS),
        Err(crate::tui::TuiError::App(message)) => Err(ctx.fail(message)),
        Err(crate::tui::TuiError::Io(err)) => Err(anyhow::Error::new(err).context("terminal")),
    }
}

pub fn init(ctx: &Ctx, args: &InitArgs) -> anyhow::Result<ExitCode> {
    let request = InitRequest {
        name: &args.name,
        departement: &args.departement,
        role: &args.role,
        author: args.author.as_deref(),
    };
    let identity =
        init_site(&ctx.db, ctx.clock.clone(), &request).map_err(|err| ctx.app_error(err))?;
    out(&format!(
        "{}\n",
        ctx.say(
            Message::new("cli.init.done")
                .arg("name", &identity.name)
                .arg("site", &identity.site)
                .arg("path", ctx.db.display())
        )
    ))?;
    Ok(ExitCode::SUCCESS)
}

pub fn add(ctx: &Ctx, kind: Kind, texts: &[String], force: bool) -> anyhow::Result<ExitCode> {
    let assignments = parse_assignments(ctx, texts)?;
    let mut app = ctx.open()?;
    if !force {
        super::search::refuse_look_alikes(ctx, &app, kind, &assignments)?;
    }
    let id = app
        .add(kind, &assignments)
        .map_err(|err| ctx.app_error(err))?;
    out(&format!("{id}\n"))?;
    Ok(ExitCode::SUCCESS)
}

pub fn set(ctx: &Ctx, kind: Kind, id: &str, texts: &[String]) -> anyhow::Result<ExitCode> {
    let assignments = parse_assignments(ctx, texts)?;
    let mut app = ctx.open()?;
    let (id, written) = app
        .set(kind, id, &assignments)
        .map_err(|err| ctx.app_error(err))?;
    out(&format!(
        "{}\n",
        ctx.say(
            Message::new("cli.set.done")
                .arg("id", short_id(&id))
                .count(written as i64)
        )
    ))?;
    Ok(ExitCode::SUCCESS)
}

pub fn remove(ctx: &Ctx, kind: Kind, id: &str) -> anyhow::Result<ExitCode> {
    let mut app = ctx.open()?;
    let id = app.remove(kind, id).map_err(|err| ctx.app_error(err))?;
    out(&format!(
        "{}\n",
        ctx.say(
            Message::new("cli.rm.done")
                .arg("kind", kind.name())
                .arg("id", short_id(&id))
        )
    ))?;
    Ok(ExitCode::SUCCESS)
}

pub fn list(ctx: &Ctx, kind: Kind, json: bool) -> anyhow::Result<ExitCode> {
    let app = ctx.open()?;
    let mut stream = Stream::stdout();
    // Each record is written as it is read: memory flat in the table's size.
    let outcome = if json {
        // The second half of a long listing is read and put into JSON on
        // another thread while the first is written (`Store::halves`).
        let mut spool = JsonSpool::new().map_err(|err| ctx.app_error(err))?;
        app.for_each_record_in_halves(
            kind,
            &mut |record| stream.json_item(&RecordJson::listed(&record)),
            &mut |record| spool.json_item(&RecordJson::listed(&record)),
        )
        .and_then(|()| stream.json_append(spool))
        .and_then(|()| stream.json_end())
    } else {
        list_text(ctx, &app, kind, &mut stream)
    };
    stream.finish(ctx, outcome)?;
    Ok(ExitCode::SUCCESS)
}

/// The listing in columns, in one pass over the table: each row is put
/// into words once, measured, and spooled to a temporary file, then written
/// from it once the widths are known.
fn list_text(ctx: &Ctx, app: &App, kind: Kind, stream: &mut Stream) -> AppResult<()> {
    let fields = list_columns(kind);
    let header: Vec<String> = std::iter::once("id".to_string())
        .chain(
            fields
                .iter()
                .map(|field| field_label(ctx.lang, kind, field)),
        )
        .collect();
    // The id first, then the fields; quantities set to the right.
    let right = std::iter::once(false)
        .chain(
            fields
                .iter()
                .map(|field| kind.field(field).is_some_and(|def| def.ty.is_quantity())),
        )
        .collect();
    // The second half of a long listing is read and put into words on
    // another thread while the first is (`Store::halves`): each half is
    // measured and spooled on its own, then both written with the widths
    // of the two.
    let mut near = Measured::new(Columns::aligned(right))?;
    let mut far = Measured::new(near.layout.clone())?;
    near.layout.measure(&header);
    app.for_each_record_cells_in_halves(
        kind,
        ctx.lang,
        fields,
        &mut |record, cells| near.push(record, cells),
        &mut |record, cells| far.push(record, cells),
    )?;
    let mut layout = near.layout;
    layout.widen_to(&far.layout);
    stream.text(&layout.line(&header))?;
    let rows = near.spool.rows() + far.spool.rows();
    write_halves(stream, &layout, header.len(), near.spool, far.spool)?;
    let count = i64::try_from(rows).unwrap_or(i64::MAX);
    stream.text(&format!(
        "{}\n",
        ctx.say(Message::new("cli.list.count").count(count))
    ))
}

/// Writes the two halves' rows in columns: the second half is laid out
/// on another thread, into a file, while the first is written; then that
/// file is appended.
fn write_halves(
    stream: &mut Stream,
    layout: &Columns,
    cells: usize,
    near: Spool,
    far: Spool,
) -> AppResult<()> {
    std::thread::scope(|scope| {
        let far_lines = (far.rows() > 0).then(|| scope.spawn(|| far.lay_out(cells, layout)));
        let mut line = String::new();
        let near_written = near.replay(cells, |row, widths| {
            layout.measured_line_into(row, widths, &mut line);
            stream.text(&line)
        });
        let far_lines = far_lines
            .map(|handle| {
                handle
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .transpose();
        near_written?;
        match far_lines? {
            Some(lines) => stream.lines_append(lines),
            None => Ok(()),
        }
    })
}

/// Rows of a listing put into words, measured and spooled until the
/// widths of every row are known.
struct Measured {
    layout: Columns,
    spool: Spool,
    /// The row being pushed (its cells moved in, not copied) and its
    /// cells' display widths.
    row: Vec<String>,
    widths: Vec<usize>,
}

impl Measured {
    fn new(layout: Columns) -> AppResult<Measured> {
        Ok(Measured {
            layout,
            spool: Spool::new()?,
            row: Vec::new(),
            widths: Vec::new(),
        })
    }

    /// The record's short id, then its cells cut to 48 columns, each
    /// measured once.
    fn push(&mut self, record: &Record, cells: Vec<String>) -> AppResult<()> {
        self.row.clear();
        self.widths.clear();
        let id = record.short_id().to_string();
        self.widths.push(display_width(&id));
        self.row.push(id);
        for cell in cells {
            let (cell, width) = truncated_measured(cell, 48);
            self.row.push(cell);
            self.widths.push(width);
        }
        self.layout.measure_widths(&self.widths);
        self.spool.push(&self.row, &self.widths)
    }
}

pub fn show(ctx: &Ctx, kind: Kind, id: &str, json: bool) -> anyhow::Result<ExitCode> {
    let app = ctx.open()?;
    let detail = app
        .show_detail(kind, id)
        .map_err(|err| ctx.app_error(err))?;
    let record = &detail.record;
    if json {
        print_json(&RecordJson {
            record,
            conflicts: Some(&detail.conflicts),
        })?;
        return Ok(ExitCode::SUCCESS);
    }
    // The kind as the screens name one record (`Demande`), then the id.
    let kind_one = tr(ctx.lang, &format!("tui.kind_one.{}", kind.name())).to_string();
    let mut text = format!("{kind_one} {}\n", record.id);
    if record.deleted {
        text.push_str(&format!("{}\n", ctx.say(Message::new("cli.show.deleted"))));
    }
    let labels: Vec<String> = kind
        .fields()
        .iter()
        .map(|def| field_label(ctx.lang, kind, def.name))
        .collect();
    let width = label_width(labels.iter().map(String::as_str));
    for (def, label) in kind.fields().iter().zip(&labels) {
        let value = app.cell(ctx.lang, record, def.name);
        if value.is_empty() {
            continue;
        }
        let marker = if detail.conflicts.iter().any(|field| field == def.name) {
            " ⚠"
        } else {
            ""
        };
        text.push_str(&format!("  {} : {value}{marker}\n", pad(label, width)));
    }
    if !detail.conflicts.is_empty() {
        let names: Vec<String> = detail
            .conflicts
            .iter()
            .map(|field| field_label(ctx.lang, kind, field))
            .collect();
        text.push_str(&format!(
            "{}\n",
            ctx.say(Message::new("cli.show.conflicts").arg("fields", names.join(", ")))
        ));
    }
    out(&text)?;
    Ok(ExitCode::SUCCESS)
}

/// One history line for scripts.
#[derive(Serialize)]
struct HistoryJson<'a> {
    change: String,
    site: &'a str,
    author: &'a str,
    time: String,
    field: &'a str,
    old: &'a Option<String>,
    new: &'a Option<String>,
}

impl<'a> HistoryJson<'a> {
    fn of(entry: &'a HistoryEntry) -> Self {
        HistoryJson {
            change: entry.change.to_string(),
            site: &entry.change.site,
            author: &entry.author,
            time: rfc3339(entry.wall_ms),
            field: &entry.field,
            old: &entry.old,
            new: &entry.new,
        }
    }
}

pub fn history(ctx: &Ctx, kind: Kind, id: &str, json: bool) -> anyhow::Result<ExitCode> {
    let app = ctx.open()?;
    // An unknown id is refused before anything is written.
    let record = app.show(kind, id).map_err(|err| ctx.app_error(err))?;
    let mut stream = Stream::stdout();
    let outcome = if json {
        app.for_each_history(&record, &mut |entry| {
            stream.json_item(&HistoryJson::of(&entry))
        })
        .and_then(|()| stream.json_end())
    } else {
        history_text(ctx, &app, &record, &mut stream)
    };
    stream.finish(ctx, outcome)?;
    Ok(ExitCode::SUCCESS)
}

/// The history in words, oldest first, as a log reads.
fn history_text(ctx: &Ctx, app: &App, record: &Record, stream: &mut Stream) -> AppResult<()> {
    stream.text(&format!(
        "{} — {}\n",
        kind_label(ctx.lang, record.kind),
        record.label()
    ))?;
    app.for_each_history_line(record, ctx.lang, &mut |line| {
        let author = if line.author.is_empty() {
            "?"
        } else {
            &line.author
        };
        let change = if line.old.is_empty() && line.new.is_empty() {
            line.field.clone()
        } else {
            ctx.say(
                Message::new("cli.history.line")
                    .arg("field", &line.field)
                    .arg("old", &line.old)
                    .arg("new", &line.new),
            )
        };
        stream.text(&format!(
            "{}  {:<14} {change}\n",
            line.date,
            truncate(author, 14)
        ))
    })
}
