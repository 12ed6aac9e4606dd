//! Reading a places file of the national directory: LaMednum's *schéma des
//! lieux de médiation numérique* (v1.x) or the 2022 Région Sud list, whose
//! columns differ. Real files are messy: Windows-1252 or UTF-8 (with or
//! without BOM), comma or semicolon, CRLF, postcodes that lost their leading
//! zero, missing INSEE codes (derived from postcode and commune name when
//! unambiguous), multiple values joined by `|` or `,`. The result is one
//! list of place fields per row and a report of the rows left out, with why;
//! nothing is written here.

use crate::domain::geo;
use crate::domain::geo::postcode::{insee_from_postcode, name_key, normalise_postcode};
use crate::domain::validate::{canonical_degrees, parse_date};
use std::borrow::Cow;
use std::collections::HashMap;

/// The kinds of places file Relais reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DirectoryFormat {
    /// LaMednum's national schema (`id`, `pivot`, `nom`, `code_postal`…).
    Lamednum,
    /// The Région Sud 2022 list (`nom`, `adresse_code_postal`…).
    RegionSud,
}

/// One row ready to become a place: its stable key and non-empty fields.
#[derive(Clone, Debug, PartialEq)]
pub struct PlaceRow {
    /// The row's line in the file (the header is line 1).
    pub line: u64,
    pub key: String,
    pub fields: Vec<(&'static str, String)>,
}

impl PlaceRow {
    pub fn get(&self, name: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|(field, _)| *field == name)
            .map(|(_, value)| value.as_str())
    }
}

/// Why a row was not taken.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "reason", rename_all = "snake_case")]
pub enum SkipReason {
    /// The row has no name.
    NoName,
    /// Neither postcode, INSEE code nor commune: the place cannot be located.
    NoLocation,
    /// Another row of the file has the same key.
    Duplicate { first_line: u64 },
}

#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Skipped {
    pub line: u64,
    pub name: String,
    #[serde(flatten)]
    pub reason: SkipReason,
}

/// A places file, read.
#[derive(Clone, Debug, PartialEq)]
pub struct DirectoryFile {
    pub format: DirectoryFormat,
    pub rows: Vec<PlaceRow>,
    pub skipped: Vec<Skipped>,
    /// Rows whose INSEE code was derived from the postcode and commune.
    pub derived_insee: u64,
    /// Rows left without an INSEE code (ambiguous or unknown postcode).
    pub without_insee: u64,
}

/// Why a file cannot be read at all.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DirectoryError {
    /// The header matches neither known format; `columns` is what it had.
    UnknownColumns { columns: String },
    /// The file has no header line.
    Empty,
    /// The CSV itself is broken at `line`.
    Csv { line: u64, detail: String },
}

/// Largest places file read (bytes). The national directory of digital
/// inclusion places is a few megabytes; a file beyond this is not one, and
/// reading it whole (then decoding a copy) would take the memory of an old
/// PC.
pub const MAX_DIRECTORY_BYTES: u64 = 64 * 1024 * 1024;

/// Text of a file in UTF-8 (BOM dropped) or, failing that, Windows-1252.
pub fn decode(bytes: &[u8]) -> Cow<'_, str> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => Cow::Borrowed(text),
        Err(_) => {
            encoding_rs::WINDOWS_1252
                .decode_without_bom_handling(bytes)
                .0
        }
    }
}

/// The delimiter of the header line: the more frequent of `;` and `,`.
fn delimiter(text: &str) -> u8 {
    let header = text.lines().next().unwrap_or("");
    let count = |c: char| header.chars().filter(|&x| x == c).count();
    if count(';') > count(',') { b';' } else { b',' }
}

/// Column positions by name.
struct Columns(HashMap<String, usize>);

impl Columns {
    fn cell<'r>(&self, record: &'r csv::StringRecord, name: &str) -> &'r str {
        self.0
            .get(name)
            .and_then(|&index| record.get(index))
            .map(str::trim)
            .unwrap_or("")
    }
}

/// Reads a places file; rows that cannot be taken are reported, not fatal.
pub fn read_directory(bytes: &[u8]) -> Result<DirectoryFile, DirectoryError> {
    // Line ends as LF: the csv crate's record positions count a CRLF file's
    // lines one short.
    let decoded = decode(bytes);
    let text: Cow<'_, str> = if decoded.contains('\r') {
        Cow::Owned(decoded.replace("\r\n", "\n"))
    } else {
        decoded
    };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter(&text))
        .flexible(true)
        .from_reader(text.as_bytes());
    let header = reader.headers().map_err(|err| csv_error(&err))?.clone();
    if header.iter().all(|name| name.trim().is_empty()) {
        return Err(DirectoryError::Empty);
    }
    let columns = Columns(
        header
            .iter()
            .enumerate()
            .map(|(index, name)| (name.trim().to_lowercase(), index))
            .collect(),
    );
    let has = |name: &str| columns.0.contains_key(name);
    let format = if has("adresse_code_postal") && has("nom") {
        DirectoryFormat::RegionSud
    } else if has("code_postal") && has("nom") && has("pivot") {
        DirectoryFormat::Lamednum
    } else {
        let names: Vec<&str> = header.iter().take(8).collect();
        return Err(DirectoryError::UnknownColumns {
            columns: names.join(", "),
        });
    };
    let mut file = DirectoryFile {
        format,
        rows: Vec::new(),
        skipped: Vec::new(),
        derived_insee: 0,
        without_insee: 0,
    };
    let mut first_line_of: HashMap<String, u64> = HashMap::new();
    let mut record = csv::StringRecord::new();
    loop {
        match reader.read_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(err) => return Err(csv_error(&err)),
        }
        let line = record.position().map_or(0, |p| p.line());
        let raw = match format {
            DirectoryFormat::Lamednum => lamednum_row(&columns, &record),
            DirectoryFormat::RegionSud => region_sud_row(&columns, &record),
        };
        match place_row(line, raw, &mut file) {
            Ok(row) => match first_line_of.get(&row.key) {
                Some(&first_line) => file.skipped.push(Skipped {
                    line,
                    name: row.get("name").unwrap_or("").to_string(),
                    reason: SkipReason::Duplicate { first_line },
                }),
                None => {
                    first_line_of.insert(row.key.clone(), line);
                    file.rows.push(row);
                }
            },
            Err(skipped) => file.skipped.push(skipped),
        }
    }
    Ok(file)
}

fn csv_error(err: &csv::Error) -> DirectoryError {
    DirectoryError::Csv {
        line: err.position().map_or(0, |p| p.line()),
        detail: err.to_string(),
    }
}

/// A row's cells under Relais' names, before cleaning.
#[derive(Default)]
struct RawPlace<'r> {
    id: &'r str,
    siret: &'r str,
    name: &'r str,
    address: String,
    postcode: &'r str,
    insee: &'r str,
    commune: &'r str,
    latitude: &'r str,
    longitude: &'r str,
    typology: String,
    services: String,
    website: &'r str,
    source: &'r str,
    updated: &'r str,
}

fn lamednum_row<'r>(columns: &Columns, record: &'r csv::StringRecord) -> RawPlace<'r> {
    let cell = |name: &str| columns.cell(record, name);
    let address = [cell("adresse"), cell("complement_adresse")]
        .into_iter()
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join(", ");
    RawPlace {
        id: cell("id"),
        siret: cell("pivot"),
        name: cell("nom"),
        address,
        postcode: cell("code_postal"),
        insee: cell("code_insee"),
        commune: cell("commune"),
        latitude: cell("latitude"),
        longitude: cell("longitude"),
        typology: multi(cell("typologie"), &['|']),
        services: multi(cell("services"), &['|']),
        website: cell("site_web"),
        source: cell("source"),
        updated: cell("date_maj"),
    }
}

fn region_sud_row<'r>(columns: &Columns, record: &'r csv::StringRecord) -> RawPlace<'r> {
    let cell = |name: &str| columns.cell(record, name);
    let street = [cell("adresse_numero"), cell("adresse_rue")]
        .into_iter()
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    let address = if street.is_empty() {
        cell("adresse_brut").to_string()
    } else {
        street
    };
    RawPlace {
        id: cell("id"),
        siret: cell("siret"),
        name: cell("nom"),
        address,
        postcode: cell("adresse_code_postal"),
        insee: cell("adresse_code_insee"),
        commune: cell("adresse_commune"),
        latitude: cell("latitude"),
        longitude: cell("longitude"),
        typology: multi(cell("type_lieu"), &['|']),
        // Région Sud joined its labels with commas.
        services: multi(cell("services"), &['|', ',']),
        website: cell("contact_web"),
        source: cell("source"),
        updated: cell("date"),
    }
}

/// Multiple values split on any of `separators`, trimmed, joined by `|`.
fn multi(text: &str, separators: &[char]) -> String {
    text.split(|c| separators.contains(&c))
        .map(str::trim)
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join("|")
}

/// A valid INSEE commune code (Marseille's arrondissements read as Marseille).
fn insee_code(text: &str) -> Option<String> {
    let code = text.trim().to_uppercase();
    let ok = code.len() == 5
        && code.is_char_boundary(2)
        && code[2..].bytes().all(|b| b.is_ascii_digit())
        && (code[..2].bytes().all(|b| b.is_ascii_digit()) || matches!(&code[..2], "2A" | "2B"));
    if !ok {
        return None;
    }
    if code.starts_with("132") {
        return Some("13055".into());
    }
    Some(code)
}

/// A coordinate in range, as text with at most six decimals; 0 is a
/// directory's stand-in for "not placed".
fn coordinate(text: &str, limit: f64) -> Option<String> {
    canonical_degrees(text, limit).filter(|degrees| degrees != "0")
}

/// A place's update date, `YYYY-MM-DD`. The Unix epoch (1 January 1970) is
/// an export's stand-in for "no date" (every row of Région Sud's 2022 file
/// carries it), never a real update: read as no date, like a 0,0 position.
fn update_date(text: &str) -> Option<String> {
    parse_date(text)
        .filter(|date| Some(*date) != chrono::NaiveDate::from_ymd_opt(1970, 1, 1))
        .map(|date| date.format("%Y-%m-%d").to_string())
}

fn website(text: &str) -> Option<String> {
    let first = text
        .split(['|', ' '])
        .map(str::trim)
        .find(|s| !s.is_empty())?;
    if first.starts_with("http://") || first.starts_with("https://") {
        Some(first.to_string())
    } else if first.starts_with("www.") {
        Some(format!("https://{first}"))
    } else {
        None
    }
}

/// A SIRET or SIREN (the `00000000000000` placeholder means none).
fn siret(text: &str) -> Option<String> {
    let digits: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let ok = (9..=14).contains(&digits.len())
        && digits.bytes().all(|b| b.is_ascii_alphanumeric())
        && digits.bytes().any(|b| b != b'0');
    ok.then_some(digits)
}

/// Cleans a row into place fields, or says why it is left out.
fn place_row(line: u64, raw: RawPlace<'_>, file: &mut DirectoryFile) -> Result<PlaceRow, Skipped> {
    let skip = |reason| Skipped {
        line,
        name: raw.name.to_string(),
        reason,
    };
    if raw.name.is_empty() {
        return Err(skip(SkipReason::NoName));
    }
    let postcode = normalise_postcode(raw.postcode);
    let mut commune = insee_code(raw.insee);
    if commune.is_none()
        && let Some(postcode) = &postcode
    {
        commune = insee_from_postcode(postcode, raw.commune);
        if commune.is_some() {
            file.derived_insee += 1;
        }
    }
    if postcode.is_none() && commune.is_none() && raw.commune.is_empty() {
        return Err(skip(SkipReason::NoLocation));
    }
    if commune.is_none() {
        file.without_insee += 1;
    }
    let departement = commune
        .as_deref()
        .and_then(geo::commune)
        .map(|c| c.departement.clone())
        .or_else(|| {
            let prefix = postcode.as_deref()?.get(..2)?;
            geo::departement(prefix).map(|d| d.code.clone())
        });
    let commune_name = commune
        .as_deref()
        .and_then(geo::commune)
        .map(|c| c.name.clone())
        .unwrap_or_else(|| raw.commune.to_string());
    let siret = siret(raw.siret);
    let key = if raw.id.is_empty() {
        let parts = [
            siret.as_deref().unwrap_or(""),
            raw.name,
            postcode.as_deref().unwrap_or(""),
            raw.commune,
            &raw.address,
        ];
        parts.map(name_key).join("|")
    } else {
        format!("id:{}", raw.id)
    };
    let latitude = coordinate(raw.latitude, 90.0);
    let longitude = coordinate(raw.longitude, 180.0);
    let (latitude, longitude) = match (latitude, longitude) {
        (Some(lat), Some(lon)) => (Some(lat), Some(lon)),
        _ => (None, None),
    };
    let updated = update_date(raw.updated);
    let candidates: [(&'static str, Option<String>); 16] = [
        ("name", Some(raw.name.to_string())),
        ("directory_key", Some(key.clone())),
        ("directory_id", Some(raw.id.to_string())),
        ("siret", siret),
        ("address", Some(raw.address.clone())),
        ("postcode", postcode),
        ("commune", commune),
        ("commune_name", Some(commune_name)),
        ("departement", departement),
        ("latitude", latitude),
        ("longitude", longitude),
        ("typology", Some(raw.typology.clone())),
        ("services", Some(raw.services.clone())),
        ("website", website(raw.website)),
        ("source", Some(raw.source.to_string())),
        ("updated_on", updated),
    ];
    let fields = candidates
        .into_iter()
        .filter_map(|(name, value)| value.filter(|v| !v.is_empty()).map(|v| (name, v)))
        .collect();
    Ok(PlaceRow { line, key, fields })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_windows_1252_semicolon_file_with_crlf_reads() {
        let text = "nom;adresse_code_postal;adresse_commune;services\r\n\
                    Médiathèque;4000;DIGNE-LES-BAINS;a,b\r\n";
        let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(text);
        let file = read_directory(&bytes).unwrap();
        assert_eq!(file.format, DirectoryFormat::RegionSud);
        let row = &file.rows[0];
        assert_eq!(row.get("name"), Some("Médiathèque"));
        assert_eq!(row.get("postcode"), Some("04000"));
        assert_eq!(row.get("commune"), Some("04070"));
        assert_eq!(row.get("departement"), Some("04"));
        assert_eq!(row.get("services"), Some("a|b"));
        assert_eq!(file.derived_insee, 1);
        assert_eq!(row.line, 2, "CRLF lines count like LF ones");
    }

    #[test]
    fn a_bom_is_dropped_and_unknown_columns_are_refused() {
        let file =
            read_directory(b"\xEF\xBB\xBFid,pivot,nom,code_postal\nx,123456789,A,13001\n").unwrap();
        assert_eq!(file.format, DirectoryFormat::Lamednum);
        assert_eq!(file.rows[0].key, "id:x");
        assert_eq!(file.rows[0].get("commune"), Some("13055"));
        assert!(matches!(
            read_directory(b"a,b\n1,2\n"),
            Err(DirectoryError::UnknownColumns { .. })
        ));
    }

    #[test]
    fn the_epoch_stands_for_no_update_date() {
        let text = "nom,adresse_code_postal,adresse_commune,date\n\
                    A,13001,MARSEILLE,01/01/1970\n\
                    B,13001,MARSEILLE,02/01/1970\n\
                    C,13001,MARSEILLE,15/03/2022\n";
        let file = read_directory(text.as_bytes()).unwrap();
        let dates: Vec<Option<&str>> = file.rows.iter().map(|row| row.get("updated_on")).collect();
        assert_eq!(dates, [None, Some("1970-01-02"), Some("2022-03-15")]);
    }

    #[test]
    fn rows_without_name_or_place_and_duplicates_are_reported() {
        let text = "nom,adresse_code_postal,adresse_commune\n,13001,MARSEILLE\nA,,\nB,13001,MARSEILLE\nB,13001,MARSEILLE\n";
        let file = read_directory(text.as_bytes()).unwrap();
        let reasons: Vec<(u64, SkipReason)> = file
            .skipped
            .iter()
            .map(|s| (s.line, s.reason.clone()))
            .collect();
        assert_eq!(
            reasons,
            [
                (2, SkipReason::NoName),
                (3, SkipReason::NoLocation),
                (5, SkipReason::Duplicate { first_line: 4 })
            ]
        );
        assert_eq!(file.rows.len(), 1);
    }
}
