//! The data release: the files made from every claim's record at once (`dossier.sqlite`,
//! `claims.xlsx`, `claims.de.csv`, `datapackage.json`) and the search index.

use super::*;

/// The data release: [`release_files`] and the search index.
pub(super) fn release_files_of<E: Send>(
    prepared: &Prepared<'_>,
    exports: &[Arc<ClaimExport>],
    out: &Emitter<'_, E>,
) -> Result<(), Diagnostic> {
    let records: Vec<&ClaimRecord> = exports.iter().map(|e| &e.record).collect();
    let records = ClaimRecords::kept(&records);
    let (release, ()) = rayon::join(
        || release_files(prepared, &records, out),
        || search_files(prepared, exports, out),
    );
    release
}

/// The search index of every claim's terms and the other documents.
pub(super) fn search_files<E: Send>(prepared: &Prepared<'_>, exports: &[Arc<ClaimExport>], out: &Emitter<'_, E>) {
    let terms: Vec<&crate::render::search::Terms> = exports.iter().map(|e| &e.terms).collect();
    for file in crate::render::search::files(prepared, &terms) {
        out.file(&file.path, &file.bytes);
    }
}

/// The data release beside the CSV and JSON: `dossier.sqlite`, `claims.xlsx`,
/// `claims.de.csv` and `datapackage.json`, each written as it is made (the database and the
/// workbook's rows in the emitter's scratch folder while they are made, when it has one).
pub(super) fn release_files<E: Send>(
    prepared: &Prepared<'_>,
    records: &ClaimRecords<'_>,
    out: &Emitter<'_, E>,
) -> Result<(), Diagnostic> {
    let [sqlite_path, workbook_path, german_path, descriptor_path] = RELEASE;
    let scratch = out.scratch_dir();
    let (database, (workbook, german)) = rayon::join(
        || {
            out.stream(sqlite_path, |file| {
                sqlite::write_database(prepared, records, scratch, file).map_err(|e| cannot_write(sqlite_path, &e))
            })
        },
        || {
            rayon::join(
                || {
                    out.stream(workbook_path, |file| {
                        xlsx::write_workbook(prepared, records, scratch, file)
                            .map_err(|e| cannot_write(workbook_path, &e))
                    })
                },
                || {
                    out.stream(german_path, |file| {
                        datapackage::write_german_csv(records, file).map_err(|e| cannot_write(german_path, &e))
                    })
                },
            )
        },
    );
    database?;
    workbook?;
    german?;
    out.file(descriptor_path, &datapackage::descriptor(prepared));
    Ok(())
}
