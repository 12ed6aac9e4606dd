//! The report as one XLSX workbook: one sheet per table, a bold header row
//! frozen in place, numbers kept as numbers with a grouping, euro, percent
//! or date format, so that funders can sum and chart them.

use super::title;
use crate::i18n::Lang;
use crate::report::document::ReportDocument;
use crate::report::tables::{Cell, Table};
use chrono::Datelike;
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook, Worksheet, XlsxError};
use unicode_width::UnicodeWidthStr;

/// Excel's limit on a sheet name, in characters.
const SHEET_NAME_MAX: usize = 31;

struct Formats {
    header: Format,
    count: Format,
    hours: Format,
    euros: Format,
    percent: Format,
    date: Format,
}

impl Formats {
    fn new(lang: Lang) -> Formats {
        // Number formats are stored locale-free (`,` groups, `.` decimals);
        // the spreadsheet shows them with the reader's separators.
        let euros = match lang {
            Lang::Fr => "#,##0.00\\ \"€\"",
            Lang::En => "\"€\"#,##0.00",
        };
        let date = match lang {
            Lang::Fr => "dd/mm/yyyy",
            Lang::En => "yyyy-mm-dd",
        };
        Formats {
            header: Format::new().set_bold(),
            count: Format::new().set_num_format("#,##0"),
            hours: Format::new().set_num_format("#,##0.0"),
            euros: Format::new().set_num_format(euros),
            percent: Format::new().set_num_format("0.0%"),
            date: Format::new().set_num_format(date),
        }
    }
}

/// A valid, unique sheet name from a table title.
fn sheet_name(title: &str, taken: &[String]) -> String {
    let clean: String = title
        .chars()
        .map(|c| if "[]:*?/\\".contains(c) { '-' } else { c })
        .collect();
    let mut name: String = clean.chars().take(SHEET_NAME_MAX).collect();
    let mut suffix = 2;
    while taken.iter().any(|other| other.eq_ignore_ascii_case(&name)) {
        let tail = format!(" {suffix}");
        name = clean
            .chars()
            .take(SHEET_NAME_MAX - tail.chars().count())
            .collect::<String>()
            + &tail;
        suffix += 1;
    }
    name
}

fn write_cell(
    sheet: &mut Worksheet,
    (row, col): (u32, u16),
    cell: &Cell,
    formats: &Formats,
) -> Result<(), XlsxError> {
    match cell {
        Cell::Text(text) => {
            sheet.write_string(row, col, text)?;
        }
        Cell::Count(n) => {
            sheet.write_number_with_format(row, col, *n as f64, &formats.count)?;
        }
        Cell::Hours(x) | Cell::Days(x) => {
            sheet.write_number_with_format(row, col, *x, &formats.hours)?;
        }
        Cell::Euros(x) => {
            sheet.write_number_with_format(row, col, *x, &formats.euros)?;
        }
        Cell::Percent(x) => {
            sheet.write_number_with_format(row, col, *x, &formats.percent)?;
        }
        Cell::Date(date) => {
            let (Ok(year), Ok(month), Ok(day)) = (
                u16::try_from(date.year()),
                u8::try_from(date.month()),
                u8::try_from(date.day()),
            ) else {
                sheet.write_string(row, col, date.to_string())?;
                return Ok(());
            };
            let value = ExcelDateTime::from_ymd(year, month, day)?;
            sheet.write_datetime_with_format(row, col, value, &formats.date)?;
        }
        Cell::Empty => {}
    }
    Ok(())
}

fn write_table(
    sheet: &mut Worksheet,
    table: &Table,
    formats: &Formats,
    lang: Lang,
) -> Result<(), XlsxError> {
    let mut widths: Vec<usize> = table.columns.iter().map(|c| c.width()).collect();
    for (col, heading) in table.columns.iter().enumerate() {
        sheet.write_string_with_format(0, col as u16, heading, &formats.header)?;
    }
    for (index, row) in table.rows.iter().enumerate() {
        let row_number = u32::try_from(index + 1).unwrap_or(u32::MAX);
        for (col, cell) in row.iter().enumerate() {
            write_cell(sheet, (row_number, col as u16), cell, formats)?;
            if let Some(width) = widths.get_mut(col) {
                *width = (*width).max(cell.display(lang).width());
            }
        }
    }
    for (col, width) in widths.iter().enumerate() {
        sheet.set_column_width(col as u16, (*width).clamp(8, 60) as f64 + 2.0)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    Ok(())
}

pub fn render(
    document: &ReportDocument,
    tables: &[Table],
    lang: Lang,
) -> Result<Vec<u8>, XlsxError> {
    let formats = Formats::new(lang);
    let mut workbook = Workbook::new();
    workbook.set_properties(&DocProperties::new().set_title(title(document, lang)));
    let mut names: Vec<String> = Vec::with_capacity(tables.len());
    for table in tables {
        let name = sheet_name(&table.title, &names);
        let sheet = workbook.add_worksheet();
        sheet.set_name(&name)?;
        names.push(name);
        write_table(sheet, table, &formats, lang)?;
    }
    workbook.save_to_buffer()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sheet_names_are_short_clean_and_unique() {
        let long = "Heures des développeur·ses par demande / atelier [top]";
        let first = sheet_name(long, &[]);
        assert!(first.chars().count() <= SHEET_NAME_MAX);
        assert!(!first.contains(['/', '[', ']']));
        let second = sheet_name(long, std::slice::from_ref(&first));
        assert_ne!(first, second);
        assert!(second.chars().count() <= SHEET_NAME_MAX);
    }
}
