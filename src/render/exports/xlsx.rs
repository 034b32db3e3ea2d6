//! `claims.xlsx`: the claims for newsroom spreadsheets, one row per claim with the columns of
//! `claims.csv`, figures and offsets as numbers (not text), and a sheet `Info` with the
//! dossier's title, publisher and licence. Deterministic: the document's creation time is fixed
//! (the zip entries carry none), so the same claims give the same bytes. The claims' sheet is
//! written in `rust_xlsxwriter`'s constant-memory mode: each row goes to a temporary file (in
//! the scratch folder when there is one) as soon as the next begins, never all cells at once;
//! its strings are stored in the cells (no shared-strings table).

use std::path::Path;

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook, XlsxError};

use super::ClaimRecords;
use super::record::Cell;
use crate::render::Prepared;
use crate::render::i18n::{self, ui_key};

/// The most UTF-16 units Excel keeps in one cell.
const CELL_LIMIT: usize = 32_767;

/// `text` as it fits in one cell: whole when it fits, otherwise cut at a character boundary and
/// ended by `marker`, which says that the cell is shortened and where the whole text is. A long
/// quote is never shown as if it were the whole quote.
fn cell_text<'t>(text: &'t str, marker: &str) -> std::borrow::Cow<'t, str> {
    let units = |s: &str| s.encode_utf16().count();
    if units(text) <= CELL_LIMIT {
        return text.into();
    }
    let budget = CELL_LIMIT - units(marker);
    let mut used = 0;
    let end = text
        .char_indices()
        .find(|(_, c)| {
            used += c.len_utf16();
            used > budget
        })
        .map_or(text.len(), |(at, _)| at);
    format!("{}{marker}", &text[..end]).into()
}

/// The workbook written to `out`, its rows waiting in temporary files of `scratch` (or of the
/// system's temporary folder without one) until it is saved.
pub fn write_workbook(
    prepared: &Prepared<'_>,
    records: &ClaimRecords<'_>,
    scratch: Option<&Path>,
    out: &mut (dyn std::io::Write + Send),
) -> Result<(), XlsxError> {
    let config = &prepared.dossier.config;
    let mut book = Workbook::new();
    if let Some(scratch) = scratch {
        book.set_tempdir(scratch)?;
    }
    // Level 2 (zlib-rs's `deflate_fast`, no lazy matches) rather than 3 (`deflate_medium`):
    // the workbook is made again on every edit in `serve`, from every claim (see BENCHMARKS.md,
    // "release", for the time and size of each level).
    book.set_zip_compression_level(2);
    let mut properties = DocProperties::new()
        .set_title(&config.title)
        .set_author(&config.organization_name)
        .set_creation_datetime(&ExcelDateTime::from_ymd(2000, 1, 1)?);
    if let Some(license) = &config.license {
        properties = properties.set_custom_property("License", license.id.as_str());
    }
    book.set_properties(&properties);
    let bold = Format::new().set_bold();
    let shortened = i18n::text(prepared.lang, ui_key!("xlsx_cell_shortened"));
    let sheet = book.add_worksheet_with_constant_memory()?;
    sheet.set_name("Claims")?;
    let header: Vec<&str> = super::datapackage::FIELDS.iter().map(|f| f.0).collect();
    for (column, name) in header.iter().enumerate() {
        sheet.write_string_with_format(0, column as u16, *name, &bold)?;
    }
    let mut row = 0;
    records.each(|record| {
        row += 1;
        for (column, cell) in record.cells().into_iter().enumerate() {
            let column = column as u16;
            match cell {
                Cell::Number(n) => {
                    if let Some(number) = n.as_f64() {
                        sheet.write_number(row, column, number)?;
                    }
                }
                // Strings are written as strings: a spreadsheet never runs them as formulas.
                Cell::Text(text) if !text.is_empty() => {
                    sheet.write_string(row, column, cell_text(text, shortened))?;
                }
                Cell::Text(_) | Cell::Empty => {}
            }
        }
        Ok::<(), XlsxError>(())
    })?;
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
        info.write_string(row as u32, 1, cell_text(value, shortened))?;
    }
    book.save_to_writer(out)
}

#[cfg(test)]
mod tests {
    use super::{CELL_LIMIT, cell_text};

    #[test]
    fn a_cell_over_excels_limit_is_cut_at_a_character_and_marked() {
        let marker = " [shortened]";
        assert_eq!(cell_text("kurz", marker), "kurz");
        // "ü" is one UTF-16 unit, "𝄞" two: the cut never splits a character.
        for filler in ["ü", "𝄞", "a"] {
            let long = filler.repeat(CELL_LIMIT + 1);
            let cell = cell_text(&long, marker);
            assert!(cell.ends_with(marker), "{filler}");
            assert!(cell.encode_utf16().count() <= CELL_LIMIT, "{filler}");
            assert!(long.starts_with(cell.trim_end_matches(marker)), "{filler}");
        }
        let exact = "a".repeat(CELL_LIMIT);
        assert_eq!(
            cell_text(&exact, marker),
            exact,
            "a text of exactly the limit stays whole"
        );
    }
}
