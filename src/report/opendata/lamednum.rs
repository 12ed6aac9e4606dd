//! The places directory written back in LaMednum's national schema (CSV,
//! UTF-8, comma, `|` between values), valid against `assets/schemas/lamednum.json`.
//! A place missing a field the schema requires (postcode, address, commune)
//! is left out and counted; `pivot` is the SIRET or the schema's
//! `00000000000000` placeholder; `date_maj` is the place's update date, else
//! the export date; multi-valued columns keep only the schema's values.

use super::{LAMEDNUM_SCHEMA, csv_writer, io_error};
use crate::store::Record;
use std::collections::HashMap;
use std::io::{self, Write};
use std::sync::OnceLock;

/// What an export of the places wrote and left out.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct PlacesExport {
    pub written: u64,
    /// Places it could not write: without postcode, address or commune
    /// name (LaMednum), without any position (GeoJSON).
    pub left_out: u64,
}

struct Schema {
    columns: Vec<String>,
    /// Columns whose values must come from a closed list.
    allowed: HashMap<String, Vec<String>>,
}

fn schema() -> &'static Schema {
    static CELL: OnceLock<Schema> = OnceLock::new();
    CELL.get_or_init(|| {
        let document: serde_json::Value = serde_json::from_str(LAMEDNUM_SCHEMA).unwrap_or_default();
        let fields = document["fields"].as_array().cloned().unwrap_or_default();
        let mut columns = Vec::new();
        let mut allowed = HashMap::new();
        for field in &fields {
            let Some(name) = field["name"].as_str() else {
                continue;
            };
            columns.push(name.to_string());
            if let Some(values) = field["constraints"]["pattern"]
                .as_str()
                .and_then(alternatives)
            {
                allowed.insert(name.to_string(), values);
            }
        }
        Schema { columns, allowed }
    })
}

/// The values of a `(?:(?:^|\|)(A|B|C))+$` pattern, unescaped.
fn alternatives(pattern: &str) -> Option<Vec<String>> {
    let inner = pattern
        .strip_prefix("(?:(?:^|\\|)(")?
        .strip_suffix("))+$")?;
    Some(
        inner
            .split('|')
            .map(|value| value.replace("\\(", "(").replace("\\)", ")"))
            .collect(),
    )
}

/// Keeps the values the schema allows for `column`, joined by `|`.
fn allowed_values(column: &str, values: &str) -> String {
    match schema().allowed.get(column) {
        Some(allowed) => values
            .split('|')
            .filter(|value| allowed.iter().any(|a| a == value))
            .collect::<Vec<_>>()
            .join("|"),
        None => values.to_string(),
    }
}

/// Writes places as a LaMednum CSV one at a time, as the store reads them;
/// `today` stands in for a missing `date_maj`.
pub struct LamednumWriter<'a, W: Write> {
    writer: csv::Writer<W>,
    today: &'a str,
    export: PlacesExport,
}

impl<'a, W: Write> LamednumWriter<'a, W> {
    /// Writes the header row.
    pub fn new(today: &'a str, out: W) -> io::Result<LamednumWriter<'a, W>> {
        let mut writer = csv_writer(out);
        writer.write_record(&schema().columns).map_err(io_error)?;
        Ok(LamednumWriter {
            writer,
            today,
            export: PlacesExport::default(),
        })
    }

    /// Writes one place, or counts it as left out.
    pub fn place(&mut self, place: &Record) -> io::Result<()> {
        let get = |field: &str| place.get(field).unwrap_or("");
        let required = [get("postcode"), get("address"), get("commune_name")];
        if required.iter().any(|value| value.is_empty()) {
            self.export.left_out += 1;
            return Ok(());
        }
        let id = match get("directory_id") {
            "" => place.id.as_str(),
            id => id,
        };
        let pivot = match get("siret") {
            "" => "00000000000000",
            siret => siret,
        };
        let date = match get("updated_on") {
            "" => self.today,
            date => date,
        };
        let row: Vec<String> = schema()
            .columns
            .iter()
            .map(|column| match column.as_str() {
                "id" => id.to_string(),
                "pivot" => pivot.to_string(),
                "nom" => get("name").to_string(),
                "commune" => get("commune_name").to_string(),
                "code_postal" => get("postcode").to_string(),
                "code_insee" => get("commune").to_string(),
                "adresse" => get("address").to_string(),
                "latitude" => get("latitude").to_string(),
                "longitude" => get("longitude").to_string(),
                "typologie" => get("typology").to_string(),
                "site_web" => get("website").to_string(),
                "source" => get("source").to_string(),
                "date_maj" => date.to_string(),
                "services" => allowed_values("services", get("services")),
                _ => String::new(),
            })
            .collect();
        self.writer.write_record(&row).map_err(io_error)?;
        self.export.written += 1;
        Ok(())
    }

    /// Flushes the file; returns what went in and out.
    pub fn finish(mut self) -> io::Result<PlacesExport> {
        self.writer.flush()?;
        Ok(self.export)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_schema_gives_its_columns_and_closed_lists() {
        let schema = schema();
        assert_eq!(schema.columns.len(), 32);
        assert_eq!(schema.columns[0], "id");
        let services = &schema.allowed["services"];
        assert!(services.contains(&"Aide aux démarches administratives".to_string()));
        assert_eq!(
            allowed_values("services", "Aide aux démarches administratives|free text"),
            "Aide aux démarches administratives"
        );
    }
}
