//! The export files joined from the claims' parts: the claim tables, annotations and feed,
//! and the files that are no table of claims (robots.txt, schemas, sitemap, article texts).

use super::*;

/// The export files joined from the claims' parts (CSV and JSON tables, annotations, feeds,
/// sitemap, robots.txt, schemas, article texts): each mostly a join, quick; each emitted as soon
/// as it is made, through the writers a build uses ([`tables`]).
pub(super) fn joined_files<E: Send>(
    prepared: &Prepared<'_>,
    pages: &[PagePlan],
    exports: &[Arc<ClaimExport>],
    out: &Emitter<'_, E>,
) -> Result<(), Diagnostic> {
    let dossier = prepared.dossier;
    let header = csv_header()?;
    // The rows and `claims.json`'s elements are written from the kept records, a chunk of
    // claims at a time (in parallel), as a build writes them (`tables::claim_tables`).
    let csv_of = |path: &str, claims: &[ClaimId]| {
        out.stream(path, |file| {
            file.write_all(&header).map_err(|e| cannot_write(path, &e))?;
            chunked(
                claims,
                |c| csv_row(&exports[c.index()].record).map_err(csv_error),
                |row| file.write_all(&row?).map_err(|e| cannot_write(path, &e)),
            )
        })
    };
    let all: Vec<ClaimId> = (0..exports.len()).map(ClaimId::new).collect();
    let (tables, ()) = rayon::join(
        || {
            let (tables, annotations) = rayon::join(
                || {
                    csv_of(CLAIMS_CSV, &all)?;
                    out.stream(CLAIMS_JSON, |file| {
                        let mut array = PrettyArray::new(RECORD_INDENT);
                        chunked(
                            &all,
                            |c| record_json(&exports[c.index()].record),
                            |element| {
                                array
                                    .element(file, &element?)
                                    .map_err(|e| cannot_write(CLAIMS_JSON, &e))
                            },
                        )?;
                        array
                            .end(file)
                            .and_then(|()| file.write_all(b"\n"))
                            .map_err(|e| cannot_write(CLAIMS_JSON, &e))
                    })?;
                    dossier
                        .topics
                        .iter()
                        .try_for_each(|topic| csv_of(&topic_csv_path(&topic.id), &topic.claims))
                },
                || {
                    out.stream(ANNOTATIONS, |file| {
                        write_annotations(prepared, AnnotationItems::Kept(exports), file)
                            .map_err(|e| cannot_write(ANNOTATIONS, &e))
                    })
                },
            );
            tables.and(annotations)
        },
        || small_files(prepared, pages, &|c| exports[c.index()].feed_entry.clone(), out),
    );
    tables
}

/// The export files that are no table of claims (robots.txt, the schemas, sitemap, feed,
/// corrections feed, article texts). `feed_entry`: a claim's feed entry when it is kept, else
/// `None` (then made).
pub(super) fn small_files<E: Send>(
    prepared: &Prepared<'_>,
    pages: &[PagePlan],
    feed_entry: &(dyn Fn(ClaimId) -> Option<String> + Sync),
    out: &Emitter<'_, E>,
) {
    let dossier = prepared.dossier;
    out.file(ROBOTS, robots(prepared).as_bytes());
    // The content format's JSON Schemas, beside the data they describe.
    for (name, schema) in crate::load::shape::schema_files() {
        out.file(&schema_path(name), schema.as_bytes());
    }
    if let Some(base) = &prepared.base_url {
        out.file(SITEMAP, sitemap(prepared, base, pages).as_bytes());
        // Writing into the emitter's file fails only with the file, which it keeps.
        let _ = out.stream(FEED, |file| {
            write_feed(prepared, base, feed_entry, file).map_err(|e| cannot_write(FEED, &e))
        });
        out.file(CORRECTIONS, crate::render::corrections::feed(prepared, base).as_bytes());
    }
    // Each article's text, byte for byte what its SHA-256 and the annotations' selectors are
    // computed over.
    for source in &dossier.sources {
        out.file(&article_text_url(&source.id), source.text.as_bytes());
    }
}
