//! The claim tables of a build written row by row: `claims.csv`, `claims.json`, the topics'
//! CSVs, `annotations.jsonld` and `feed.xml`, and the records the data release is made from
//! ([`ClaimRecords`]). A build makes each claim's rows a chunk of claims at a time (in
//! parallel) and writes them into the file as it goes: never every claim's parts at once, never
//! a whole file in memory. The serve engine joins the parts it keeps ([`super::ClaimExport`])
//! through the same writers, so both give the same bytes.

use std::io::Write;

use super::*;

/// Claims made at once (in parallel) before their rows are written, in dossier order.
const CHUNK: usize = 512;

/// `make` of every claim of `claims`, given to `take` in their order: made a chunk at a time,
/// each chunk in parallel, so only a chunk's worth is ever held.
pub(super) fn chunked<T: Send, Err>(
    claims: &[ClaimId],
    make: impl Fn(ClaimId) -> T + Sync,
    mut take: impl FnMut(T) -> Result<(), Err>,
) -> Result<(), Err> {
    use rayon::prelude::*;
    for chunk in claims.chunks(CHUNK) {
        let made: Vec<T> = chunk.par_iter().map(|&c| make(c)).collect();
        for item in made {
            take(item)?;
        }
    }
    Ok(())
}

/// What a claim's record needs besides the dossier, for every claim: its source's SHA-256 and
/// its quote's offsets in code points (one pass over each article).
pub(super) struct RecordInputs {
    hashes: Vec<String>,
    code_points: Vec<(usize, usize)>,
}

impl RecordInputs {
    /// The inputs of every claim of `dossier`.
    pub(super) fn of(dossier: &Dossier) -> Self {
        use rayon::prelude::*;
        let needed = vec![true; dossier.sources.len()];
        Self {
            hashes: dossier.sources.par_iter().map(|s| sha256_hex(&s.text)).collect(),
            code_points: quote_code_points(dossier, &needed),
        }
    }

    /// Claim `c`'s record.
    pub(super) fn record(&self, prepared: &Prepared<'_>, c: ClaimId) -> ClaimRecord {
        let source = prepared.dossier.claims[c].source.index();
        claim_record(prepared, &self.hashes[source], c, self.code_points[c.index()])
    }

    /// Claim `c`'s quote in code points of its source's text.
    pub(super) fn code_points(&self, c: ClaimId) -> (usize, usize) {
        self.code_points[c.index()]
    }

    /// The SHA-256 of source `s`'s text, hex.
    pub(super) fn source_sha256(&self, s: usize) -> &str {
        &self.hashes[s]
    }
}

/// The records of claims, in dossier order, given one at a time ([`ClaimRecords::each`]):
/// kept ones (the serve engine's parts), or made a chunk at a time from the dossier as they are
/// visited (a build), so that a visit never holds every record.
pub struct ClaimRecords<'a>(Records<'a>);

enum Records<'a> {
    Kept(&'a [&'a ClaimRecord]),
    Made {
        prepared: &'a Prepared<'a>,
        inputs: &'a RecordInputs,
        claims: &'a [ClaimId],
    },
}

impl<'a> ClaimRecords<'a> {
    /// Records made and kept already.
    pub fn kept(records: &'a [&'a ClaimRecord]) -> Self {
        Self(Records::Kept(records))
    }

    /// The records of `claims`, made as they are visited.
    pub(super) fn made(prepared: &'a Prepared<'a>, inputs: &'a RecordInputs, claims: &'a [ClaimId]) -> Self {
        Self(Records::Made {
            prepared,
            inputs,
            claims,
        })
    }

    /// How many records there are.
    pub fn len(&self) -> usize {
        match &self.0 {
            Records::Kept(records) => records.len(),
            Records::Made { claims, .. } => claims.len(),
        }
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Gives every record to `visit`, in order; stops at its first error.
    pub fn each<Err>(&self, mut visit: impl FnMut(&ClaimRecord) -> Result<(), Err>) -> Result<(), Err> {
        match &self.0 {
            Records::Kept(records) => records.iter().try_for_each(|record| visit(record)),
            Records::Made {
                prepared,
                inputs,
                claims,
            } => chunked(claims, |c| inputs.record(prepared, c), |record| visit(&record)),
        }
    }

    /// The SHA-256 (hex) of each source's text by source id, as the records give it.
    pub fn source_hashes(&self, dossier: &Dossier) -> std::collections::HashMap<String, String> {
        match &self.0 {
            Records::Kept(records) => records
                .iter()
                .map(|r| (r.source.clone(), r.source_sha256.clone()))
                .collect(),
            Records::Made { inputs, .. } => dossier
                .sources
                .iter()
                .enumerate()
                .map(|(s, source)| (source.id.clone(), inputs.source_sha256(s).to_owned()))
                .collect(),
        }
    }
}

/// Pretty JSON elements (each from [`indent`] at `levels`) written as one pretty array at
/// `levels - 1`, exactly as `serde_json::to_string_pretty` writes it (see [`pretty_array`]).
pub(super) struct PrettyArray {
    levels: usize,
    written: usize,
}

impl PrettyArray {
    pub(super) fn new(levels: usize) -> Self {
        Self { levels, written: 0 }
    }

    /// Writes the next element.
    pub(super) fn element(&mut self, out: &mut dyn Write, element: &str) -> std::io::Result<()> {
        out.write_all(if self.written == 0 { b"[\n" } else { b",\n" })?;
        out.write_all("  ".repeat(self.levels).as_bytes())?;
        out.write_all(element.as_bytes())?;
        self.written += 1;
        Ok(())
    }

    /// Ends the array.
    pub(super) fn end(self, out: &mut dyn Write) -> std::io::Result<()> {
        if self.written == 0 {
            return out.write_all(b"[]");
        }
        out.write_all(b"\n")?;
        out.write_all("  ".repeat(self.levels.saturating_sub(1)).as_bytes())?;
        out.write_all(b"]")
    }
}

/// Claim `c`'s record as an element of `claims.json`'s array.
pub(super) fn record_json(record: &ClaimRecord) -> Result<String, Diagnostic> {
    let json = serde_json::to_string_pretty(record).map_err(|e| cannot_write(CLAIMS_JSON, &e))?;
    Ok(indent(&json, RECORD_INDENT))
}

/// Claim `c`'s Web Annotation as an element of `annotations.jsonld`'s items.
pub(super) fn annotation_json(prepared: &Prepared<'_>, c: ClaimId, code_points: (usize, usize)) -> String {
    let json = serde_json::to_string_pretty(&annotation(prepared, c, code_points)).unwrap_or_default();
    indent(&json, ANNOTATION_INDENT)
}

fn io_problem(file: &str) -> impl Fn(std::io::Error) -> Diagnostic + '_ {
    move |e| cannot_write(file, &e)
}

/// `claims.csv` and `claims.json` (each record's row and element made once), then each topic's
/// `claims.csv`, written row by row.
pub(super) fn claim_tables<E: Send>(
    prepared: &Prepared<'_>,
    inputs: &RecordInputs,
    out: &Emitter<'_, E>,
) -> Result<(), Diagnostic> {
    let dossier = prepared.dossier;
    let header = csv_header()?;
    let all: Vec<ClaimId> = (0..dossier.claims.len()).map(ClaimId::new).collect();
    out.stream(CLAIMS_CSV, |csv| {
        csv.write_all(&header).map_err(io_problem(CLAIMS_CSV))?;
        out.stream(CLAIMS_JSON, |json| {
            let mut array = PrettyArray::new(RECORD_INDENT);
            chunked(
                &all,
                |c| {
                    let record = inputs.record(prepared, c);
                    Ok::<_, Diagnostic>((csv_row(&record).map_err(csv_error)?, record_json(&record)?))
                },
                |made| {
                    let (row, element) = made?;
                    csv.write_all(&row).map_err(io_problem(CLAIMS_CSV))?;
                    array.element(json, &element).map_err(io_problem(CLAIMS_JSON))
                },
            )?;
            array
                .end(json)
                .and_then(|()| json.write_all(b"\n"))
                .map_err(io_problem(CLAIMS_JSON))
        })
    })?;
    drop(all);
    use rayon::prelude::*;
    dossier.topics.par_iter().try_for_each(|topic| {
        let path = topic_csv_path(&topic.id);
        out.stream(&path, |csv| {
            csv.write_all(&header).map_err(io_problem(&path))?;
            chunked(
                &topic.claims,
                |c| csv_row(&inputs.record(prepared, c)).map_err(csv_error),
                |row| csv.write_all(&row?).map_err(io_problem(&path)),
            )
        })
    })
}

/// `annotations.jsonld`, its items written as they are made from the dossier (`made`: a build)
/// or given (`kept`: the serve engine's parts, in dossier order).
pub(super) fn write_annotations(
    prepared: &Prepared<'_>,
    items: AnnotationItems<'_>,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let dossier = prepared.dossier;
    let (head, tail) = annotations_wrapper(prepared, dossier.claims.len());
    out.write_all(head.as_bytes())?;
    let mut array = PrettyArray::new(ANNOTATION_INDENT);
    match items {
        AnnotationItems::Kept(exports) => {
            for export in exports {
                array.element(out, &export.annotation_json)?;
            }
        }
        AnnotationItems::Made(inputs) => {
            let all: Vec<ClaimId> = (0..dossier.claims.len()).map(ClaimId::new).collect();
            chunked(
                &all,
                |c| annotation_json(prepared, c, inputs.code_points(c)),
                |item| array.element(out, &item),
            )?;
        }
    }
    array.end(out)?;
    out.write_all(tail.as_bytes())
}

/// Where the items of `annotations.jsonld` come from.
pub(super) enum AnnotationItems<'a> {
    /// The serve engine's parts, every claim's in dossier order.
    Kept(&'a [Arc<ClaimExport>]),
    /// Made from the dossier as they are written.
    Made(&'a RecordInputs),
}

/// `feed.xml` with its entries in [`feed_order`], each from `entry` (made in chunks, in
/// parallel, as they are written).
pub(super) fn write_feed(
    prepared: &Prepared<'_>,
    base: &str,
    entry: &(dyn Fn(ClaimId) -> Option<String> + Sync),
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let order = feed_order(prepared.dossier);
    out.write_all(feed_head(prepared, base, &order).as_bytes())?;
    chunked(
        &order,
        |c| entry(c).or_else(|| feed_entry(prepared, base, c)).unwrap_or_default(),
        |text| out.write_all(text.as_bytes()),
    )?;
    out.write_all(b"</feed>\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::exports::tests::generated;

    /// Collects whole files, and has a scratch folder.
    struct WithScratch {
        dir: std::path::PathBuf,
        files: std::sync::Mutex<Vec<OutputFile>>,
    }

    impl Emit<std::convert::Infallible> for WithScratch {
        fn file(&self, path: &str, bytes: &[u8]) -> Result<(), std::convert::Infallible> {
            self.files.lock().unwrap().push(OutputFile {
                path: path.to_owned(),
                bytes: bytes.to_vec(),
            });
            Ok(())
        }

        fn create(
            &self,
            path: &str,
        ) -> Result<Box<dyn EmitFile<std::convert::Infallible> + '_>, std::convert::Infallible> {
            struct Piecewise<'a>(&'a WithScratch, String, Vec<u8>);
            impl Write for Piecewise<'_> {
                fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
                    self.2.extend_from_slice(buf);
                    Ok(buf.len())
                }
                fn flush(&mut self) -> std::io::Result<()> {
                    Ok(())
                }
            }
            impl EmitFile<std::convert::Infallible> for Piecewise<'_> {
                fn finish(self: Box<Self>, complete: bool) -> Result<(), std::convert::Infallible> {
                    if complete {
                        self.0.file(&self.1, &self.2)?;
                    }
                    Ok(())
                }
            }
            Ok(Box::new(Piecewise(self, path.to_owned(), Vec::new())))
        }

        fn scratch_dir(&self) -> Option<&std::path::Path> {
            Some(&self.dir)
        }
    }

    /// A build's exports (written row by row from the dossier, the database and the workbook
    /// made in a scratch folder or the system's temporary folder) are byte for byte the serve
    /// engine's (joined from every claim's kept parts), with and without a base URL; the
    /// scratch folder is left empty.
    #[test]
    fn streamed_exports_equal_the_exports_joined_from_kept_parts() {
        let dossier = generated(7);
        for base_url in [Some("https://example.org/d/".to_owned()), None] {
            let options = crate::render::RenderOptions { base_url };
            let prepared = Prepared::new(&dossier, &options);
            let plan = crate::render::plan(&dossier);
            let streamed = files(&prepared, &plan).expect("exports");
            let keys = vec![None; dossier.claims.len()];
            let joined = files_cached(&prepared, &plan, &keys, &mut ExportCache::default()).expect("exports");
            let scratch = tempfile::tempdir().unwrap();
            let emit = WithScratch {
                dir: scratch.path().to_path_buf(),
                files: Default::default(),
            };
            let Ok(_) = write_files(&prepared, &plan, None, &emit).expect("exports");
            let mut in_scratch = emit.files.into_inner().unwrap();
            in_scratch.sort_by(|a, b| a.path.cmp(&b.path));
            let paths = |files: &[OutputFile]| files.iter().map(|f| f.path.clone()).collect::<Vec<_>>();
            assert_eq!(paths(&streamed), paths(&joined));
            assert_eq!(paths(&streamed), paths(&in_scratch));
            for ((a, b), c) in streamed.iter().zip(&joined).zip(&in_scratch) {
                assert!(a.bytes == b.bytes, "{}: streamed and joined differ", a.path);
                assert!(
                    a.bytes == c.bytes,
                    "{}: made in the system's temporary folder and in a scratch folder differ",
                    a.path
                );
            }
            for large in [
                "claims.json",
                "claims.csv",
                "annotations.jsonld",
                "dossier.sqlite",
                "claims.xlsx",
            ] {
                assert!(streamed.iter().any(|f| f.path == large), "{large}");
            }
            assert!(
                std::fs::read_dir(scratch.path()).unwrap().next().is_none(),
                "no temporary file is left in the scratch folder"
            );
        }
    }

    /// The streamed `claims.json` is what `serde_json` writes of the records (also empty).
    #[test]
    fn a_pretty_array_written_in_pieces_is_serde_jsons() {
        let values = [
            vec![],
            vec![serde_json::json!({"a": [1, 2], "b": "x"})],
            vec![serde_json::json!(1), serde_json::json!({"c": {}})],
        ];
        for elements in values {
            let mut out = Vec::new();
            let mut array = PrettyArray::new(RECORD_INDENT);
            for element in &elements {
                array
                    .element(
                        &mut out,
                        &indent(&serde_json::to_string_pretty(element).unwrap(), RECORD_INDENT),
                    )
                    .unwrap();
            }
            array.end(&mut out).unwrap();
            assert_eq!(
                String::from_utf8(out).unwrap(),
                serde_json::to_string_pretty(&elements).unwrap()
            );
        }
    }
}
