//! The report as CSV: one file per table (RFC 4180: UTF-8, comma, CRLF,
//! quotes where needed, a header row), numbers with a dot and no grouping so
//! that any tool reads them; dates `YYYY-MM-DD`.

use crate::report::tables::Table;

/// `(file name, bytes)` for each table: `requests.csv`, `hours.csv`…
pub fn render(tables: &[Table]) -> Result<Vec<(String, Vec<u8>)>, csv::Error> {
    tables
        .iter()
        .map(|table| {
            let mut writer = csv::WriterBuilder::new()
                .terminator(csv::Terminator::CRLF)
                .from_writer(Vec::new());
            writer.write_record(&table.columns)?;
            for row in &table.rows {
                writer.write_record(row.iter().map(|cell| cell.raw()))?;
            }
            let bytes = writer
                .into_inner()
                .map_err(|err| csv::Error::from(err.into_error()))?;
            Ok((format!("{}.csv", table.id.slug()), bytes))
        })
        .collect()
}
