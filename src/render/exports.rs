//! The site's machine-readable files beside the pages: the claims as data (`claims.json`,
//! `claims.csv`, `topics/ID/claims.csv`), every quote as a W3C Web Annotation
//! (`annotations.jsonld`), and what crawlers and feed readers read (`sitemap.xml`, `feed.xml`,
//! `robots.txt`).
//!
//! Deterministic like the pages: claims in dossier order (the feed: newest source first, then
//! claim id), no build timestamps. Sitemap and feed need absolute URLs, so they are written only
//! when a base URL is configured ([`skipped_without_base_url`]).

mod amount;
mod annotations;
mod crawlers;
pub mod datapackage;
mod emit;
mod joined;
mod names;
mod parts;
mod record;
mod release;
mod serve;
pub mod sqlite;
mod tables;
pub mod xlsx;

use std::collections::HashMap;
use std::sync::Arc;

pub use amount::Amount;
pub use crawlers::feed_order;
pub use emit::{Emit, EmitFile};
pub use names::{files_key, paths, paths_but_search};
pub use parts::{ClaimExport, ExportCache};
pub use record::{ClaimRecord, neutralise_formula, passage_bytes};
pub use serve::{ClaimParts, Later, Release, ServeExports, files_for_serve, release_files_from};
pub use tables::ClaimRecords;

use annotations::*;
use crawlers::*;
use emit::{Emitter, cannot_write};
use joined::*;
use names::*;
use parts::*;
use record::*;
use release::*;
use tables::*;

/// How the names of the exports' temporary files in the scratch folder begin (see
/// [`Emit::scratch_dir`]).
pub const SCRATCH_PREFIX: &str = ".dossier-tmp-scratch-";

use serde::Serialize;
use serde_json::json;

use super::pages::{EntityHashes, Key};
use super::{OutputFile, PageKind, PagePlan, Prepared, article_text_url, entity_url, escape, format};
use crate::diagnostic::Diagnostic;
use crate::model::{ClaimId, Dossier, PartialDate, Source};

pub use super::sha256_hex;

/// Why no sitemap and feed were written: `None` when a base URL is configured.
pub fn skipped_without_base_url(base_url: Option<&str>) -> Option<Diagnostic> {
    base_url.is_none().then(|| {
        Diagnostic::warning(
            "dossier.yaml",
            None,
            "no base URL: sitemap.xml and feed.xml were not written, pages have no canonical URL",
        )
        .with_help("set `base_url:` in dossier.yaml or pass --base-url https://…/")
    })
}

/// Every export file. `pages` is the site's page plan (for the sitemap).
pub fn files(prepared: &Prepared<'_>, pages: &[PagePlan]) -> Result<Vec<OutputFile>, Diagnostic> {
    collect_files(|emit| write_files(prepared, pages, None, emit))
}

/// [`files`], reusing the parts of claims whose key (`keys[claim]`) is in `cache`, and leaving
/// this build's parts in it (a claim without a key is made anew and not kept). The output is
/// the same as [`files`]'s.
pub fn files_cached(
    prepared: &Prepared<'_>,
    pages: &[PagePlan],
    keys: &[Option<u64>],
    cache: &mut ExportCache,
) -> Result<Vec<OutputFile>, Diagnostic> {
    collect_files(|emit| write_files(prepared, pages, Some((cache, keys)), emit))
}

/// The files a [`write_files`] run emits, sorted by path.
fn collect_files(
    run: impl FnOnce(
        &dyn Emit<std::convert::Infallible>,
    ) -> Result<Result<Vec<String>, std::convert::Infallible>, Diagnostic>,
) -> Result<Vec<OutputFile>, Diagnostic> {
    let files = std::sync::Mutex::new(Vec::new());
    let emit = |path: &str, bytes: &[u8]| {
        files.lock().unwrap_or_else(|e| e.into_inner()).push(OutputFile {
            path: path.to_owned(),
            bytes: bytes.to_vec(),
        });
        Ok(())
    };
    let Ok(_) = run(&emit)?;
    let mut files = files.into_inner().unwrap_or_else(|e| e.into_inner());
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

/// Makes every export file ([`files`]; with `cache`, as [`files_cached`] does) and gives each
/// to `emit` as it is made. Without a cache (a build) the claim tables are written row by row
/// and the data release built in `emit`'s scratch folder ([`Emit::scratch_dir`]): no claim's
/// parts are kept, no large file is held whole unless `emit` collects it. Returns the paths
/// emitted, sorted, or the first error of `emit` (no file is started after it); a failed
/// export is its problem (files emitted before it stay emitted).
pub fn write_files<E: Send>(
    prepared: &Prepared<'_>,
    pages: &[PagePlan],
    cache: Option<(&mut ExportCache, &[Option<u64>])>,
    emit: &dyn Emit<E>,
) -> Result<Result<Vec<String>, E>, Diagnostic> {
    let emitter = Emitter::new(emit);
    match cache {
        None => streamed_files(prepared, pages, &emitter)?,
        Some(cache) => {
            let exports = claim_exports(prepared, Some(cache));
            files_from(prepared, pages, &exports, &emitter)?;
        }
    }
    Ok(emitter.finish())
}

/// Every export file of a build, the claim tables and the data release made row by row from
/// the dossier (see [`write_files`]).
fn streamed_files<E: Send>(
    prepared: &Prepared<'_>,
    pages: &[PagePlan],
    out: &Emitter<'_, E>,
) -> Result<(), Diagnostic> {
    let inputs = RecordInputs::of(prepared.dossier);
    let all: Vec<ClaimId> = (0..prepared.dossier.claims.len()).map(ClaimId::new).collect();
    let records = ClaimRecords::made(prepared, &inputs, &all);
    let ((tables, annotations), (release, ())) = rayon::join(
        || {
            rayon::join(
                || claim_tables(prepared, &inputs, out),
                || {
                    out.stream(ANNOTATIONS, |file| {
                        write_annotations(prepared, AnnotationItems::Made(&inputs), file)
                            .map_err(|e| cannot_write(ANNOTATIONS, &e))
                    })
                },
            )
        },
        || {
            rayon::join(
                || release_files(prepared, &records, out),
                || {
                    small_files(prepared, pages, &|_| None, out);
                    // The search index needs every claim's words at once.
                    use rayon::prelude::*;
                    let terms: Vec<super::search::Terms> = all
                        .par_iter()
                        .map(|&c| super::search::claim_terms(prepared, c))
                        .collect();
                    let terms: Vec<&super::search::Terms> = terms.iter().collect();
                    for file in super::search::files(prepared, &terms) {
                        out.file(&file.path, &file.bytes);
                    }
                },
            )
        },
    );
    tables?;
    annotations?;
    release
}

fn files_from<E: Send>(
    prepared: &Prepared<'_>,
    pages: &[PagePlan],
    exports: &[Arc<ClaimExport>],
    out: &Emitter<'_, E>,
) -> Result<(), Diagnostic> {
    // The files joined from parts and the data release (made from all records at once, the
    // longest): made side by side, each file emitted (and dropped) as soon as it is made.
    let (joined, release) = rayon::join(
        || joined_files(prepared, pages, exports, out),
        || release_files_of(prepared, exports, out),
    );
    joined?;
    release
}

pub use crate::render::escape::xml as xml_escape;

#[cfg(test)]
mod tests {
    use super::*;

    /// A valid generated dossier of `sources` sources (also for the tests of `tables`).
    pub(super) fn generated(sources: usize) -> Dossier {
        let (input, _) = crate::generate::input_files(
            std::path::Path::new("/nonexistent"),
            &crate::generate::GenerateOptions { sources, seed: 4 },
        );
        crate::build::check(&input, crate::build::CheckOptions::default())
            .dossier
            .expect("valid")
    }

    /// Each file goes to the emitter once, with the bytes [`files`] makes; the paths returned
    /// are the files emitted.
    #[test]
    fn write_files_emits_every_export_file_once_with_the_bytes_files_makes() {
        let dossier = generated(6);
        let options = crate::render::RenderOptions {
            base_url: Some("https://example.org/d/".into()),
        };
        let prepared = Prepared::new(&dossier, &options);
        let plan = crate::render::plan(&dossier);
        let expected = files(&prepared, &plan).expect("exports");
        let emitted = std::sync::Mutex::new(Vec::new());
        let emit = |path: &str, bytes: &[u8]| -> Result<(), ()> {
            emitted.lock().unwrap().push((path.to_owned(), bytes.to_vec()));
            Ok(())
        };
        let paths = write_files(&prepared, &plan, None, &emit)
            .expect("exports")
            .expect("emitted");
        let mut emitted = emitted.into_inner().unwrap();
        emitted.sort();
        let expected: Vec<(String, Vec<u8>)> = expected.into_iter().map(|f| (f.path, f.bytes)).collect();
        assert!(expected.iter().any(|(path, _)| path == "claims.xlsx"));
        assert!(expected.iter().any(|(path, _)| path == "feed.xml"));
        assert_eq!(emitted, expected);
        let expected_paths: Vec<String> = expected.into_iter().map(|(path, _)| path).collect();
        assert_eq!(paths, expected_paths);
    }

    /// A failed emit is returned, and the files still to be made are not emitted after it.
    #[test]
    fn write_files_returns_the_first_failed_emit() {
        let dossier = generated(6);
        let prepared = Prepared::new(&dossier, &Default::default());
        let plan = crate::render::plan(&dossier);
        let all = files(&prepared, &plan).expect("exports").len();
        let calls = std::sync::atomic::AtomicUsize::new(0);
        let emit = |path: &str, _: &[u8]| -> Result<(), String> {
            calls.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            Err(format!("cannot write {path}"))
        };
        let failed = write_files(&prepared, &plan, None, &emit).expect("exports");
        assert!(failed.is_err_and(|error| error.starts_with("cannot write ")));
        let calls = calls.into_inner();
        // Calls already under way on other threads when the first failed may still end.
        assert!(
            calls < all / 2,
            "{calls} of {all} files were tried after a failed write"
        );
    }

    #[test]
    fn only_dates_known_to_the_day_become_atom_timestamps() {
        let date = |text| PartialDate::parse(text).unwrap();
        assert_eq!(atom_date(&date("2024-11-18")).as_deref(), Some("2024-11-18T00:00:00Z"));
        assert_eq!(atom_date(&date("2024-11")), None);
        assert_eq!(atom_date(&date("2024")), None);
    }

    #[test]
    fn the_later_of_two_partial_dates_claims_no_more_than_is_known() {
        let date = |text| PartialDate::parse(text).unwrap();
        assert_eq!(later(date("2024-11"), date("2024-11-30")), date("2024-11"));
        assert_eq!(later(date("2024-11-30"), date("2024-11")), date("2024-11"));
        assert_eq!(later(date("2024-12-01"), date("2024-11")), date("2024-12-01"));
        assert_eq!(later(date("2024"), date("2024-12-31")), date("2024"));
    }
}
