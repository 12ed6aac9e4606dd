//! The published website: static HTML pages (no server, no JavaScript) and
//! the open-data files beside them, that a region can host so that other
//! territories find and reuse the deliverables. `index.html` has the map and
//! the list; `livrables/<id>.html` one page per deliverable with its licence,
//! source address and the request it answered; `donnees/` the CSV (with
//! their Table Schemas), JSON and GeoJSON files.

use super::catalogue::{CatalogueWriter, position};
use super::counts::{SkillRow, WorkshopRow, write_skills, write_workshops};
use super::{CATALOGUE_SCHEMA, Format, SKILLS_SCHEMA, WORKSHOPS_SCHEMA};
use crate::domain::geo;
use crate::domain::geo::outline::LonLat;
use crate::domain::vocab::Vocab;
use crate::i18n::{Lang, Message, tr};
use crate::report::map::{RegionMap, svg_region_map};
use crate::store::CatalogueRow;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::fs::{self, File};
use std::io::{self, BufWriter, Seek, Write as _};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::thread;

/// The folders and files of the site, relative to its root.
pub const PAGES_DIR: &str = "livrables";
pub const DATA_DIR: &str = "donnees";

/// The data files the site publishes, in `donnees/`.
pub const DATA_FILES: [&str; 8] = [
    "catalogue.csv",
    "catalogue.schema.json",
    "catalogue.json",
    "catalogue.geojson",
    "competences.csv",
    "competences.schema.json",
    "ateliers.csv",
    "ateliers.schema.json",
];

type Out = BufWriter<File>;

/// Writes the site while the catalogue is streamed in, then `finish`.
pub struct SiteWriter {
    root: PathBuf,
    lang: Lang,
    csv: CatalogueWriter<Out>,
    json: CatalogueWriter<Out>,
    geojson: CatalogueWriter<Out>,
    /// The list on the index page, spooled to an anonymous temporary file
    /// as rows arrive (it comes after the map, drawn once every row is
    /// read): memory stays flat in the catalogue's size.
    index_rows: BufWriter<File>,
    points: Vec<LonLat>,
    pages: u64,
    writer: PageWriter,
}

/// Writes pages on a thread of its own: creating thousands of small files
/// is the kernel's work, which then overlaps reading and rendering the rows.
struct PageWriter {
    sender: Option<mpsc::SyncSender<(PathBuf, String)>>,
    worker: Option<thread::JoinHandle<io::Result<()>>>,
}

impl PageWriter {
    fn start() -> PageWriter {
        let (sender, receiver) = mpsc::sync_channel::<(PathBuf, String)>(256);
        let worker = thread::spawn(move || {
            for (path, text) in receiver {
                fs::write(path, text)?;
            }
            Ok(())
        });
        PageWriter {
            sender: Some(sender),
            worker: Some(worker),
        }
    }

    fn write(&mut self, path: PathBuf, text: String) -> io::Result<()> {
        let sent = self.sender.as_ref().map(|sender| sender.send((path, text)));
        match sent {
            Some(Ok(())) => Ok(()),
            // The worker stopped: its error says why.
            _ => self.finish(),
        }
    }

    /// Waits for every page; the first failure, if any.
    fn finish(&mut self) -> io::Result<()> {
        self.sender = None;
        match self.worker.take().map(thread::JoinHandle::join) {
            Some(Ok(result)) => result,
            Some(Err(_)) => Err(io::Error::other("the page writer stopped")),
            None => Err(io::Error::other("the page writer stopped")),
        }
    }
}

fn create(path: &Path) -> io::Result<Out> {
    Ok(BufWriter::new(File::create(path)?))
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// A file name safe on every system from a record id.
fn page_name(id: &str) -> String {
    let safe: String = id
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect();
    format!("{safe}.html")
}

fn page(lang: Lang, title: &str, depth: usize, body: &str) -> String {
    format!("{}{body}{PAGE_END}", page_start(lang, title, depth))
}

/// A page up to its body.
fn page_start(lang: Lang, title: &str, depth: usize) -> String {
    let up = "../".repeat(depth);
    format!(
        "<!DOCTYPE html>\n<html lang=\"{}\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{}</title><style>{STYLE}</style></head><body>\
         <header><a href=\"{up}index.html\">{}</a></header><main>",
        lang.code(),
        escape(title),
        escape(tr(lang, "publish.site.title")),
    )
}

/// A page after its body.
const PAGE_END: &str = "</main></body></html>\n";

const STYLE: &str = "body{font-family:sans-serif;max-width:60rem;margin:auto;padding:1rem;line-height:1.5}\
table{border-collapse:collapse;width:100%}th,td{border-bottom:1px solid #ccc;padding:.3rem;text-align:left}\
svg{max-width:100%;height:auto}dt{font-weight:bold}header{margin-bottom:1rem}";

impl SiteWriter {
    /// Creates the folders (the root may exist; its other files stay).
    pub fn create(root: &Path, lang: Lang) -> io::Result<SiteWriter> {
        fs::create_dir_all(root.join(PAGES_DIR))?;
        fs::create_dir_all(root.join(DATA_DIR))?;
        let data = root.join(DATA_DIR);
        Ok(SiteWriter {
            root: root.to_path_buf(),
            lang,
            csv: CatalogueWriter::new(Format::Csv, create(&data.join("catalogue.csv"))?)?,
            json: CatalogueWriter::new(Format::Json, create(&data.join("catalogue.json"))?)?,
            geojson: CatalogueWriter::new(
                Format::Geojson,
                create(&data.join("catalogue.geojson"))?,
            )?,
            index_rows: BufWriter::with_capacity(64 * 1024, tempfile::tempfile()?),
            points: Vec::new(),
            pages: 0,
            writer: PageWriter::start(),
        })
    }

    /// Adds one deliverable: its page, its line in the list and the files.
    pub fn add(&mut self, row: &CatalogueRow) -> io::Result<()> {
        self.csv.row(row)?;
        self.json.row(row)?;
        self.geojson.row(row)?;
        if let Some(at) = position(row) {
            self.points.push(at);
        }
        let name = page_name(&row.id);
        let lang = self.lang;
        let kind = row
            .kind
            .as_deref()
            .map(|slug| Vocab::Category.label(slug, lang).to_string())
            .unwrap_or_default();
        write!(
            self.index_rows,
            "<tr><td><a href=\"{PAGES_DIR}/{name}\">{}</a></td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            escape(&row.title),
            escape(&kind),
            escape(row.organisation.as_deref().unwrap_or("")),
            escape(&place_name(row)),
            escape(row.licence.as_deref().unwrap_or("")),
        )?;
        let body = self.deliverable_body(row, &kind);
        let path = self.root.join(PAGES_DIR).join(name);
        self.writer.write(path, page(lang, &row.title, 1, &body))?;
        self.pages += 1;
        Ok(())
    }

    fn deliverable_body(&self, row: &CatalogueRow, kind: &str) -> String {
        let lang = self.lang;
        let mut items: Vec<(&str, String)> = vec![("publish.site.kind", escape(kind))];
        let optional = |value: &Option<String>| value.as_deref().map(escape);
        if let Some(organisation) = optional(&row.organisation) {
            items.push(("publish.site.organisation", organisation));
        }
        items.push(("publish.site.place", escape(&place_name(row))));
        let licence = match row.licence.as_deref() {
            Some(id) => format!(
                "<a href=\"https://spdx.org/licenses/{0}.html\" rel=\"license\">{0}</a>",
                escape(id)
            ),
            None => escape(tr(lang, "publish.site.no_licence")),
        };
        items.push(("publish.site.licence", licence));
        if let Some(url) = optional(&row.url) {
            items.push((
                "publish.site.source",
                format!("<a href=\"{url}\">{url}</a>"),
            ));
        }
        if let Some(date) = optional(&row.published_on) {
            items.push(("publish.site.published", date));
        }
        if let Some(request) = optional(&row.request_title) {
            items.push(("publish.site.request", request));
        }
        let mut body = format!("<h1>{}</h1><dl>", escape(&row.title));
        for (key, value) in items {
            let _ = write!(body, "<dt>{}</dt><dd>{value}</dd>", escape(tr(lang, key)));
        }
        body.push_str("</dl>");
        body
    }

    /// Writes the index page and the counts; returns how many deliverables.
    pub fn finish(
        mut self,
        skills: &[SkillRow],
        workshops: &[WorkshopRow],
        requests_by_departement: BTreeMap<String, u64>,
    ) -> io::Result<u64> {
        let data = self.root.join(DATA_DIR);
        self.writer.finish()?;
        self.csv.finish()?;
        self.json.finish()?;
        self.geojson.finish()?;
        write_skills(skills, Format::Csv, create(&data.join("competences.csv"))?)?;
        write_workshops(workshops, Format::Csv, create(&data.join("ateliers.csv"))?)?;
        for (name, schema) in [
            ("catalogue.schema.json", CATALOGUE_SCHEMA),
            ("competences.schema.json", SKILLS_SCHEMA),
            ("ateliers.schema.json", WORKSHOPS_SCHEMA),
        ] {
            fs::write(data.join(name), schema)?;
        }
        let lang = self.lang;
        let map = svg_region_map(
            lang,
            &RegionMap {
                requests_by_departement,
                points: self.points,
            },
        );
        let mut body = format!(
            "<h1>{}</h1><p>{}</p>{map}<h2>{}</h2><ul>",
            escape(tr(lang, "publish.site.title")),
            escape(
                &Message::new("publish.site.intro")
                    .count(self.pages as i64)
                    .render(lang)
            ),
            escape(tr(lang, "publish.site.data")),
        );
        for name in DATA_FILES {
            let _ = write!(body, "<li><a href=\"{DATA_DIR}/{name}\">{name}</a></li>");
        }
        let _ = write!(
            body,
            "</ul><h2>{}</h2><table><thead><tr>",
            escape(tr(lang, "publish.site.list"))
        );
        for key in [
            "publish.site.title_column",
            "publish.site.kind",
            "publish.site.organisation",
            "publish.site.place",
            "publish.site.licence",
        ] {
            let _ = write!(body, "<th>{}</th>", escape(tr(lang, key)));
        }
        body.push_str("</tr></thead><tbody>");
        let title = tr(lang, "publish.site.title");
        let mut rows = self
            .index_rows
            .into_inner()
            .map_err(|err| err.into_error())?;
        rows.seek(io::SeekFrom::Start(0))?;
        let mut index = create(&self.root.join("index.html"))?;
        index.write_all(page_start(lang, title, 0).as_bytes())?;
        index.write_all(body.as_bytes())?;
        io::copy(&mut rows, &mut index)?;
        index.write_all(b"</tbody></table>")?;
        index.write_all(PAGE_END.as_bytes())?;
        index.flush()?;
        Ok(self.pages)
    }
}

/// The commune's name, else the département's, else nothing.
fn place_name(row: &CatalogueRow) -> String {
    if let Some(commune) = row.commune.as_deref().and_then(geo::commune) {
        return commune.name.clone();
    }
    row.departement
        .as_deref()
        .and_then(geo::departement)
        .map(|d| d.name.clone())
        .unwrap_or_default()
}
