//! `claims.xlsx`: the claims for newsroom spreadsheets, one row per claim with the columns of
//! `claims.csv`, figures and offsets as numbers (not text), and a sheet `Info` with the
//! dossier's title, publisher and licence. Deterministic: the document's creation time is fixed
//! (the zip entries carry none), so the same claims give the same bytes.

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook, XlsxError};

use super::ClaimRecord;
use crate::render::Prepared;

/// The workbook as bytes.
pub fn workbook(prepared: &Prepared<'_>, records: &[&ClaimRecord]) -> Result<Vec<u8>, XlsxError> {
    let config = &prepared.dossier.config;
    let mut book = Workbook::new();
    let mut properties = DocProperties::new()
        .set_title(&config.title)
        .set_author(&config.organization_name)
        .set_creation_datetime(&ExcelDateTime::from_ymd(2000, 1, 1)?);
    if let Some(license) = &config.license {
        properties = properties.set_custom_property("License", license.id.as_str());
    }
    book.set_properties(&properties);
    let bold = Format::new().set_bold();
    let sheet = book.add_worksheet();
    sheet.set_name("Claims")?;
    let header: Vec<&str> = super::datapackage::FIELDS.iter().map(|f| f.0).collect();
    for (column, name) in header.iter().enumerate() {
        sheet.write_string_with_format(0, column as u16, *name, &bold)?;
    }
    for (row, record) in records.iter().enumerate() {
        let row = row as u32 + 1;
        let value = serde_json::to_value(record).unwrap_or_default();
        for (column, name) in header.iter().enumerate() {
            let column = column as u16;
            match value.get(*name) {
                Some(serde_json::Value::Number(n)) => {
                    if let Some(number) = n.as_f64() {
                        sheet.write_number(row, column, number)?;
                    }
                }
                // Strings are written as strings: a spreadsheet never runs them as formulas.
                Some(serde_json::Value::String(text)) if !text.is_empty() => {
                    sheet.write_string(row, column, text)?;
                }
                _ => {}
            }
        }
    }
    sheet.set_freeze_panes(1, 1)?;
    let info = book.add_worksheet();
    info.set_name("Info")?;
    let mut rows: Vec<(&str, String)> = vec![
        ("title", config.title.clone()),
        ("publisher", config.organization_name.clone()),
    ];
    if let Some(license) = &config.license {
        rows.push(("license", license.id.clone()));
        rows.push(("license_title", license.title.clone()));
        rows.push(("license_url", license.url.clone().unwrap_or_default()));
    }
    for (row, (key, value)) in rows.iter().enumerate() {
        info.write_string_with_format(row as u32, 0, *key, &bold)?;
        info.write_string(row as u32, 1, value)?;
    }
    book.save_to_buffer()
}
