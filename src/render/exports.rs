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
mod names;
pub mod sqlite;
mod tables;
pub mod xlsx;

use std::collections::HashMap;
use std::sync::Arc;

pub use amount::Amount;
pub use crawlers::feed_order;
pub use emit::{Emit, EmitFile};
pub use names::{files_key, paths, paths_but_search};
pub use tables::ClaimRecords;

use annotations::*;
use crawlers::*;
use emit::{Emitter, cannot_write};
use names::*;
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

/// One claim as a flat record: a row of `claims.csv`, an object of `claims.json`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, serde::Deserialize)]
pub struct ClaimRecord {
    /// Claim id.
    pub id: String,
    /// The claim page: absolute with a base URL, else relative to the site root.
    pub url: String,
    /// Our statement of what is claimed.
    pub statement: String,
    /// Short summary without the verdict.
    pub summary: String,
    /// The quote as annotated.
    pub quote: String,
    /// Start of the quoted passage in the article text, in Unicode code points.
    pub quote_start: usize,
    /// End (exclusive) of the quoted passage, in code points.
    pub quote_end: usize,
    /// Verdict id.
    pub verdict: String,
    /// Verdict label.
    pub verdict_label: String,
    /// The verdict's declared rating (higher = truer); empty for a verdict rated `none`.
    pub rating_value: Option<i64>,
    /// Topic id.
    pub topic: String,
    /// Topic title.
    pub topic_title: String,
    /// Measure id of the figure, if any.
    pub measure: Option<String>,
    /// Measure label.
    pub measure_label: Option<String>,
    /// Lower end of the figure (an integer when whole).
    pub quantity_low: Option<Amount>,
    /// Upper end of the figure (equal to the lower one unless it is a range).
    pub quantity_high: Option<Amount>,
    /// Qualifier as annotated (`exactly`, `about`, `just-under`, …); empty when the source gives
    /// none.
    pub quantity_qualifier: Option<String>,
    /// The source's own words for a vague quantity ("Tausende"); low and high are then the
    /// dossier's reading of them, not reported figures.
    pub quantity_wording: Option<String>,
    /// Unit.
    pub unit: Option<String>,
    /// The figure as the site writes it (qualifier, number, unit, wording).
    pub figure: Option<String>,
    /// The date the claim refers to (ISO, as precise as known).
    pub as_of: Option<String>,
    /// When the claim was reviewed (ISO, as precise as known; claim, else source, else dossier).
    pub reviewed: Option<String>,
    /// Origin id; empty when the article itself is the origin.
    pub origin: Option<String>,
    /// Origin name (the outlet when the article itself is the origin; empty when it names none).
    pub origin_name: String,
    /// Origin kind.
    pub origin_kind: Option<String>,
    /// Intermediaries' ids, separated by `;`.
    pub via: String,
    /// Related claims as `relation:id`, separated by `;`.
    pub related: String,
    /// How many independent origins stand behind the claim: its own (one, however many
    /// articles repeat it) and those of the claims that support it, counting origins that share
    /// a link of their chains once.
    pub independent_origins: usize,
    /// The note (Markdown).
    pub note: Option<String>,
    /// Source id.
    pub source: String,
    /// Source headline.
    pub source_title: String,
    /// Outlet; empty when the article names none.
    pub source_outlet: Option<String>,
    /// Publication date (ISO, as precise as known).
    pub source_published: String,
    /// Language of the article.
    pub source_language: String,
    /// Original URL.
    pub source_url: Option<String>,
    /// Archive URL.
    pub source_archive_url: Option<String>,
    /// SHA-256 of the article text, hex.
    pub source_sha256: String,
    /// Licence of the data (SPDX id), when the dossier declares one.
    pub license: Option<String>,
}

pub use super::sha256_hex;

/// Byte offsets → code point offsets in `text`, in one pass over it: the offsets are visited in
/// ascending order, each counting on from the one before. The result is in the order of
/// `bytes`. An offset past the end or inside a character counts as 0, as it never is for an
/// anchored quote.
fn code_points(text: &str, bytes: &[usize]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..bytes.len()).collect();
    order.sort_unstable_by_key(|&i| bytes[i]);
    let mut counted = vec![0; bytes.len()];
    let (mut at, mut count) = (0, 0);
    for i in order {
        let byte = bytes[i];
        if let Some(between) = text.get(at..byte) {
            count += between.chars().count();
            at = byte;
            counted[i] = count;
        }
    }
    counted
}

/// Every claim's quote as code point offsets (start, end) in its source's text, for the claims
/// of the sources marked in `needed` (the others get (0, 0)): one pass per source.
fn quote_code_points(dossier: &Dossier, needed: &[bool]) -> Vec<(usize, usize)> {
    use rayon::prelude::*;
    let per_source: Vec<Vec<(ClaimId, (usize, usize))>> = dossier
        .sources
        .par_iter()
        .zip(needed)
        .map(|(source, &needed)| {
            if !needed {
                return Vec::new();
            }
            let bytes: Vec<usize> = source
                .claims
                .iter()
                .flat_map(|&c| {
                    let (start, end) = passage_bytes(dossier, c);
                    [start, end]
                })
                .collect();
            let counted = code_points(&source.text, &bytes);
            source
                .claims
                .iter()
                .zip(counted.chunks_exact(2))
                .map(|(&c, pair)| (c, (pair[0], pair[1])))
                .collect()
        })
        .collect();
    let mut all = vec![(0, 0); dossier.claims.len()];
    for (c, offsets) in per_source.into_iter().flatten() {
        all[c.index()] = offsets;
    }
    all
}

/// A page's public URL: absolute with a base URL, else root-relative.
fn public_url(prepared: &Prepared<'_>, root_relative: &str) -> String {
    match &prepared.base_url {
        Some(base) => format!("{base}{root_relative}"),
        None => root_relative.to_owned(),
    }
}

/// One claim's part of every export file, ready to be joined: its record as a `claims.json`
/// element and a CSV row, its Web Annotation, its feed entry and its search terms. Everything
/// the exports show of a claim is made here, once per claim; joining the parts is cheap.
#[derive(Debug, Clone)]
pub struct ClaimExport {
    /// The record itself, for the data release (SQLite, XLSX, German CSV).
    record: ClaimRecord,
    /// The record as pretty JSON, indented as an element of the top-level array.
    record_json: String,
    /// The record as one CSV line (no header).
    csv_row: Vec<u8>,
    /// The Web Annotation as pretty JSON, indented as an element of `first.items`.
    annotation_json: String,
    /// The Atom `<entry>`, when there is a base URL and the claim's review date is known to the
    /// day.
    feed_entry: Option<String>,
    /// The folded words the search index lists the claim under, sorted, without repeats.
    terms: super::search::Terms,
}

/// The [`ClaimExport`]s of the last build by key, for `serve`: a claim whose key is unchanged
/// keeps its parts. The key must cover everything a claim's export shows (the claim, its
/// source, topic, origins and related claims' ids, the configuration, the base URL and the
/// language).
#[derive(Debug, Default)]
pub struct ExportCache {
    by_key: HashMap<u64, Arc<ClaimExport>>,
}

/// Indentation of the elements of `claims.json`'s array.
const RECORD_INDENT: usize = 1;
/// Indentation of the elements of `annotations.jsonld`'s `first.items`.
const ANNOTATION_INDENT: usize = 3;

impl ClaimExport {
    /// The key of what claim `c`'s exports show (see [`ClaimExport::new`]): the claim, its
    /// source, topic and origins, the claims it links, and what every claim's exports see (the
    /// configuration, the base URL, the language). `None` when a part could not be hashed: the
    /// claim's exports are then made anew.
    pub fn key(hashes: &EntityHashes, dossier: &Dossier, c: ClaimId) -> Option<u64> {
        let claim = dossier.claims.get(c.index())?;
        let mut key = Key::new([
            Some(hashes.exports_global()),
            hashes.claim(c),
            hashes.source(claim.source),
            hashes.topic(claim.topic),
        ]);
        key.extend(claim.origin.iter().chain(&claim.via).map(|&o| hashes.origin(o)));
        key.extend(claim.links.iter().map(|link| hashes.claim(link.claim)));
        key.finish()
    }

    /// `code_points`: the quote's start and end in code points of its source's text.
    fn new(
        prepared: &Prepared<'_>,
        source_sha256: &str,
        index: ClaimId,
        code_points: (usize, usize),
    ) -> Result<Self, Diagnostic> {
        let record = claim_record(prepared, source_sha256, index, code_points);
        Ok(Self {
            record_json: record_json(&record)?,
            csv_row: csv_row(&record).map_err(csv_error)?,
            annotation_json: annotation_json(prepared, index, code_points),
            record,
            feed_entry: prepared
                .base_url
                .as_deref()
                .and_then(|base| feed_entry(prepared, base, index)),
            terms: super::search::claim_terms(prepared, index),
        })
    }
}

fn csv_error(e: csv::Error) -> Diagnostic {
    cannot_write(CLAIMS_CSV, &e)
}

/// Pretty JSON indented by `levels` (two spaces each) after every line break, as it is nested
/// that deep. JSON strings hold no raw line breaks, so this never changes a value.
fn indent(json: &str, levels: usize) -> String {
    json.replace('\n', &format!("\n{}", "  ".repeat(levels)))
}

/// The [`ClaimExport`] of every claim, in dossier order. With `cache` and a key per claim,
/// claims whose key is in the cache keep their parts; the cache then holds exactly this
/// build's parts.
fn claim_exports(
    prepared: &Prepared<'_>,
    cache: Option<(&mut ExportCache, &[Option<u64>])>,
) -> Result<Vec<Arc<ClaimExport>>, Diagnostic> {
    use rayon::prelude::*;
    let dossier = prepared.dossier;
    let (previous, keys) = match cache {
        Some((cache, keys)) if keys.len() == dossier.claims.len() => (Some(cache), Some(keys)),
        _ => (None, None),
    };
    let cached = |c: ClaimId| -> Option<Arc<ClaimExport>> {
        let (cache, keys) = (previous.as_deref()?, keys?);
        cache.by_key.get(&keys[c.index()]?).cloned()
    };
    // Hash and count only the articles whose claims are made anew.
    let mut needed = vec![false; dossier.sources.len()];
    for (c, claim) in dossier.claims.iter().enumerate() {
        if cached(ClaimId::new(c)).is_none() {
            needed[claim.source.index()] = true;
        }
    }
    let hashes: Vec<Option<String>> = dossier
        .sources
        .par_iter()
        .zip(&needed)
        .map(|(source, &needed)| needed.then(|| sha256_hex(&source.text)))
        .collect();
    let code_points = quote_code_points(dossier, &needed);
    let exports: Vec<Arc<ClaimExport>> = (0..dossier.claims.len())
        .into_par_iter()
        .map(|c| match cached(ClaimId::new(c)) {
            Some(export) => Ok(export),
            None => {
                let sha = hashes[dossier.claims[c].source.index()].as_deref().unwrap_or_default();
                ClaimExport::new(prepared, sha, ClaimId::new(c), code_points[c]).map(Arc::new)
            }
        })
        .collect::<Result<_, _>>()?;
    if let (Some(cache), Some(keys)) = (previous, keys) {
        cache.by_key = keys
            .iter()
            .zip(&exports)
            .filter_map(|(key, export)| Some(((*key)?, export.clone())))
            .collect();
    }
    Ok(exports)
}

fn claim_record(
    prepared: &Prepared<'_>,
    source_sha256: &str,
    index: ClaimId,
    (quote_start, quote_end): (usize, usize),
) -> ClaimRecord {
    let dossier = prepared.dossier;
    let claim = &dossier.claims[index];
    let source = &dossier.sources[claim.source];
    let topic = &dossier.topics[claim.topic];
    let verdict = &dossier.config.verdicts[claim.verdict];
    let origin = claim.origin.map(|o| &dossier.origins[o]);
    ClaimRecord {
        id: claim.id.clone(),
        url: public_url(prepared, &entity_url("claims", &claim.id)),
        statement: claim.statement.clone(),
        summary: claim.summary.clone(),
        quote: claim.quote.clone(),
        quote_start,
        quote_end,
        verdict: verdict.id.clone(),
        verdict_label: verdict.label.clone(),
        rating_value: verdict.rating,
        topic: topic.id.clone(),
        topic_title: topic.title.clone(),
        measure: claim.quantity.as_ref().map(|q| topic.measures[q.measure].id.clone()),
        measure_label: claim.quantity.as_ref().map(|q| topic.measures[q.measure].label.clone()),
        quantity_low: claim.quantity.as_ref().map(|q| Amount(q.low)),
        quantity_high: claim.quantity.as_ref().map(|q| Amount(q.high)),
        quantity_qualifier: claim.quantity.as_ref().and_then(|q| q.qualifier).map(format::schema_id),
        quantity_wording: claim.quantity.as_ref().and_then(|q| q.wording.clone()),
        unit: claim.quantity.as_ref().and_then(|q| q.unit.clone()),
        figure: claim.quantity.as_ref().map(|q| format::figure(prepared.lang, q)),
        as_of: claim.as_of.as_ref().map(PartialDate::iso),
        reviewed: claim.reviewed.as_ref().map(PartialDate::iso),
        origin: origin.map(|o| o.id.clone()),
        origin_name: origin.map_or_else(|| source.outlet.clone().unwrap_or_default(), |o| o.name.clone()),
        origin_kind: origin.map(|o| format::schema_id(o.kind)),
        via: claim
            .via
            .iter()
            .map(|&v| dossier.origins[v].id.as_str())
            .collect::<Vec<_>>()
            .join(";"),
        related: claim
            .links
            .iter()
            .filter(|link| !link.incoming)
            .map(|link| format!("{}:{}", format::schema_id(link.relation), dossier.claims[link.claim].id))
            .collect::<Vec<_>>()
            .join(";"),
        independent_origins: claim.independent_origins.len(),
        note: claim.note.clone(),
        source: source.id.clone(),
        source_title: source.title.clone(),
        source_outlet: source.outlet.clone(),
        source_published: source.published.iso(),
        source_language: source.language.clone(),
        source_url: source.url.clone(),
        source_archive_url: source.archive_url.clone(),
        source_sha256: source_sha256.to_owned(),
        license: dossier.config.license.as_ref().map(|l| l.id.clone()),
    }
}

/// The quoted passage of a claim in its article's text, as a byte range: from the start of its
/// first part to the end of its last (gaps included).
pub fn passage_bytes(dossier: &Dossier, index: ClaimId) -> (usize, usize) {
    let parts = &dossier.claims[index].quote_parts;
    match (parts.first(), parts.last()) {
        (Some(first), Some(last)) => (first.start, last.end),
        _ => (0, 0),
    }
}

/// A UTF-8 byte order mark: spreadsheet programs read CSV files as UTF-8 only with it.
const BOM: &str = "\u{feff}";

/// `records` as RFC 4180 CSV with a header row.
fn csv_bytes(records: &[&ClaimRecord]) -> Result<Vec<u8>, csv::Error> {
    let mut bytes = BOM.as_bytes().to_vec();
    let mut header = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    // The `csv` crate writes the header (the field names) before the first record.
    header.serialize(ClaimRecord::default())?;
    let header = header.into_inner().map_err(|e| csv::Error::from(e.into_error()))?;
    let end = header
        .windows(2)
        .position(|w| w == b"\r\n")
        .map_or(header.len(), |at| at + 2);
    bytes.extend_from_slice(&header[..end]);
    for record in records {
        bytes.extend(csv_row(record)?);
    }
    Ok(bytes)
}

thread_local! {
    /// The reader of [`csv_row`]: one row at a time, no header, any number of cells.
    static ROW_READER: std::cell::RefCell<csv::Reader<std::io::Cursor<Vec<u8>>>> = std::cell::RefCell::new(
        csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(std::io::Cursor::new(Vec::new())),
    );
}

/// One record as a CSV line (no header), every cell a spreadsheet could run as a formula
/// neutralised ([`neutralise_formula`]).
fn csv_row(record: &ClaimRecord) -> Result<Vec<u8>, csv::Error> {
    let mut plain = csv::WriterBuilder::new()
        .has_headers(false)
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    plain.serialize(record)?;
    let plain = plain.into_inner().map_err(|e| csv::Error::from(e.into_error()))?;
    // Read the cells back (every field, whatever its type, as the text the file would hold),
    // then write them again with the dangerous ones neutralised. The reader is made once per
    // thread (building one costs more than reading a row) and pointed at each row in turn.
    let mut cells = csv::StringRecord::new();
    ROW_READER.with_borrow_mut(|reader| {
        *reader.get_mut() = std::io::Cursor::new(plain);
        reader.seek_raw(std::io::SeekFrom::Start(0), csv::Position::new())?;
        reader.read_record(&mut cells)
    })?;
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    writer.write_record(cells.iter().map(|cell| neutralise_formula(cell).into_owned()))?;
    writer.into_inner().map_err(|e| csv::Error::from(e.into_error()))
}

/// A cell as a spreadsheet program shows it and never evaluates it (CSV injection, OWASP's
/// rule): a cell starting with `=`, `+`, `-`, `@`, a tab or a carriage return gets a `'` in
/// front, which spreadsheets read as "text follows" (the `csv` writer quotes the cell when it
/// holds a quote, a comma or a line break). A plain decimal number (`-12`, `-0.5`, `-1e3`) is
/// kept: it is what the numeric columns hold, no spreadsheet evaluates it as a formula, and a
/// `'` would turn it into text. `claims.json` keeps the raw values.
pub fn neutralise_formula(cell: &str) -> std::borrow::Cow<'_, str> {
    let dangerous = cell.starts_with(['=', '+', '-', '@', '\t', '\r']);
    if dangerous && !is_plain_number(cell) {
        std::borrow::Cow::Owned(format!("'{cell}"))
    } else {
        std::borrow::Cow::Borrowed(cell)
    }
}

/// `-12`, `-0.5`, `-1e3`, `-2.5E-7`: an optional minus, digits, an optional fraction and
/// exponent; nothing else (no `+`, no operators, no `inf`).
fn is_plain_number(cell: &str) -> bool {
    let digits = cell.strip_prefix('-').unwrap_or(cell);
    let (mantissa, exponent) = match digits.find(['e', 'E']) {
        Some(at) => (&digits[..at], Some(&digits[at + 1..])),
        None => (digits, None),
    };
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    let exponent_ok = exponent.is_none_or(|e| {
        let e = e.strip_prefix('-').unwrap_or(e);
        !e.is_empty() && all_digits(e)
    });
    !whole.is_empty() && all_digits(whole) && all_digits(fraction) && exponent_ok
}

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
            let exports = claim_exports(prepared, Some(cache))?;
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

/// The parts of every claim's exports, made or kept by [`files_for_serve`] for the export files
/// made after the pages ([`release_files_from`]).
#[derive(Debug, Clone, Default)]
pub struct ClaimParts(Vec<Arc<ClaimExport>>);

/// What [`files_for_serve`] made: the export files joined from the claims' parts, and the data
/// release (the files made from every record at once) or what it is made from.
#[derive(Debug)]
pub struct ServeExports {
    /// The export files made now but the data release's (none when [`Later::Everything`]).
    pub joined: Vec<OutputFile>,
    /// The data release.
    pub release: Release,
}

/// The data release of a build: `dossier.sqlite`, `claims.xlsx`, `claims.de.csv`,
/// `datapackage.json` and the search index, the files made from every claim's record at once.
#[derive(Debug)]
pub enum Release {
    /// Made with the other files.
    Made(Vec<OutputFile>),
    /// Left to be made later from these parts ([`release_files_from`]).
    Deferred(ClaimParts),
}

/// Which export files [`files_for_serve`] leaves to [`release_files_from`], to be made after the
/// pages are served.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Later {
    /// None: every export file is made now.
    Nothing,
    /// The data release; the files joined from the claims' parts are made now.
    DataRelease,
    /// Every export file.
    Everything,
}

/// [`files_cached`] in two groups for `serve`: the files joined from the claims' parts, and the
/// data release; `later` says which are left to [`release_files_from`] (which makes every export
/// file), so that the pages can be served before them. With [`Later::Nothing`] both groups
/// together are [`files`]'s output.
pub fn files_for_serve(
    prepared: &Prepared<'_>,
    pages: &[PagePlan],
    (keys, cache): (&[Option<u64>], &mut ExportCache),
    later: Later,
) -> Result<ServeExports, Diagnostic> {
    let exports = claim_exports(prepared, Some((cache, keys)))?;
    match later {
        Later::Everything => Ok(ServeExports {
            joined: Vec::new(),
            release: Release::Deferred(ClaimParts(exports)),
        }),
        Later::DataRelease => Ok(ServeExports {
            joined: collected(|out| joined_files(prepared, pages, &exports, out))?,
            release: Release::Deferred(ClaimParts(exports)),
        }),
        Later::Nothing => {
            let (joined, release) = rayon::join(
                || collected(|out| joined_files(prepared, pages, &exports, out)),
                || collected(|out| release_files_of(prepared, &exports, out)),
            );
            Ok(ServeExports {
                joined: joined?,
                release: Release::Made(release?),
            })
        }
    }
}

/// Every export file made from `parts` (see [`files_for_serve`]): the same files [`files`]
/// makes of the same dossier and `pages`. `None` when `cancelled` says so before it is done (a
/// newer build supersedes this one).
pub fn release_files_from(
    prepared: &Prepared<'_>,
    pages: &[PagePlan],
    parts: &ClaimParts,
    cancelled: &(dyn Fn() -> bool + Sync),
) -> Option<Result<Vec<OutputFile>, Diagnostic>> {
    if cancelled() {
        return None;
    }
    let records: Vec<&ClaimRecord> = parts.0.iter().map(|e| &e.record).collect();
    let records = ClaimRecords::kept(&records);
    let (search, (release, joined)) = rayon::join(
        || {
            (!cancelled()).then(|| {
                collected(|out| {
                    search_files(prepared, &parts.0, out);
                    Ok(())
                })
            })
        },
        || {
            rayon::join(
                || (!cancelled()).then(|| collected(|out| release_files(prepared, &records, out))),
                || (!cancelled()).then(|| collected(|out| joined_files(prepared, pages, &parts.0, out))),
            )
        },
    );
    let (search, release, joined) = (search?, release?, joined?);
    if cancelled() {
        return None;
    }
    Some(release.and_then(|mut files| {
        files.extend(search?);
        files.extend(joined?);
        files.sort_by(|a, b| a.path.cmp(&b.path));
        Ok(files)
    }))
}

/// The files `make` emits, collected and sorted by path.
fn collected(
    make: impl FnOnce(&Emitter<'_, std::convert::Infallible>) -> Result<(), Diagnostic>,
) -> Result<Vec<OutputFile>, Diagnostic> {
    collect_files(|emit| {
        let emitter = Emitter::new(emit);
        make(&emitter)?;
        Ok(emitter.finish())
    })
}

/// The data release: [`release_files`] and the search index.
fn release_files_of<E: Send>(
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
fn search_files<E: Send>(prepared: &Prepared<'_>, exports: &[Arc<ClaimExport>], out: &Emitter<'_, E>) {
    let terms: Vec<&super::search::Terms> = exports.iter().map(|e| &e.terms).collect();
    for file in super::search::files(prepared, &terms) {
        out.file(&file.path, &file.bytes);
    }
}

/// The export files joined from the claims' parts (CSV and JSON tables, annotations, feeds,
/// sitemap, robots.txt, schemas, article texts): each mostly a join, quick; each emitted as soon
/// as it is made, through the writers a build uses ([`tables`]).
fn joined_files<E: Send>(
    prepared: &Prepared<'_>,
    pages: &[PagePlan],
    exports: &[Arc<ClaimExport>],
    out: &Emitter<'_, E>,
) -> Result<(), Diagnostic> {
    let dossier = prepared.dossier;
    let header = csv_header()?;
    let csv_of = |path: &str, claims: &mut dyn Iterator<Item = &ClaimExport>| {
        out.stream(path, |file| {
            file.write_all(&header).map_err(|e| cannot_write(path, &e))?;
            for export in claims {
                file.write_all(&export.csv_row).map_err(|e| cannot_write(path, &e))?;
            }
            Ok(())
        })
    };
    let (tables, ()) = rayon::join(
        || {
            let (tables, annotations) = rayon::join(
                || {
                    csv_of(CLAIMS_CSV, &mut exports.iter().map(|e| &**e))?;
                    out.stream(CLAIMS_JSON, |file| {
                        let mut array = PrettyArray::new(RECORD_INDENT);
                        exports
                            .iter()
                            .try_for_each(|e| array.element(file, &e.record_json))
                            .and_then(|()| array.end(file))
                            .and_then(|()| file.write_all(b"\n"))
                            .map_err(|e| cannot_write(CLAIMS_JSON, &e))
                    })?;
                    dossier.topics.iter().try_for_each(|topic| {
                        csv_of(
                            &topic_csv_path(&topic.id),
                            &mut topic.claims.iter().map(|&c| &*exports[c.index()]),
                        )
                    })
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
fn small_files<E: Send>(
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
        out.file(CORRECTIONS, super::corrections::feed(prepared, base).as_bytes());
    }
    // Each article's text, byte for byte what its SHA-256 and the annotations' selectors are
    // computed over.
    for source in &dossier.sources {
        out.file(&article_text_url(&source.id), source.text.as_bytes());
    }
}

/// The data release beside the CSV and JSON: `dossier.sqlite`, `claims.xlsx`,
/// `claims.de.csv` and `datapackage.json`, each written as it is made (the database and the
/// workbook's rows in the emitter's scratch folder while they are made, when it has one).
fn release_files<E: Send>(
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

/// The start of every claim CSV file: the byte order mark and the header line (the field names
/// of [`ClaimRecord`], as the `csv` crate writes them before the first record), also when a
/// file has no rows.
fn csv_header() -> Result<Vec<u8>, Diagnostic> {
    csv_bytes(&[]).map_err(csv_error)
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

    /// The row reader is shared by the rows a thread makes: a row with quotes, line breaks and
    /// formulas does not leak into the next one, and each row reads back as its own cells,
    /// neutralised.
    #[test]
    fn csv_rows_made_one_after_another_read_back_as_their_own_cells() {
        let tricky = ClaimRecord {
            id: "c-1".into(),
            statement: "=HYPERLINK(\"x\"),\r\nsecond \"line\"".into(),
            summary: "-12".into(),
            note: Some("@note, with a comma\n".into()),
            ..ClaimRecord::default()
        };
        let plain = ClaimRecord {
            id: "c-2".into(),
            statement: "plain".into(),
            ..ClaimRecord::default()
        };
        for record in [&tricky, &plain, &tricky, &plain] {
            let row = csv_row(record).expect("row");
            let mut fresh = csv::ReaderBuilder::new().has_headers(false).from_reader(row.as_slice());
            let cells: Vec<csv::StringRecord> = fresh.records().collect::<Result<_, _>>().expect("one row");
            assert_eq!(cells.len(), 1, "{:?}", String::from_utf8_lossy(&row));
            assert_eq!(&cells[0][0], record.id);
            let statement = neutralise_formula(&record.statement);
            assert_eq!(&cells[0][2], statement.as_ref());
            assert_eq!(&cells[0][3], record.summary);
        }
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
    fn code_points_of_unsorted_offsets_count_characters_before_each() {
        let text = "äb€\ncd𝄞e";
        let bytes = [
            text.find('e').unwrap(),
            0,
            text.find('c').unwrap(),
            2,
            text.len(),
            1,
            text.len() + 5,
        ];
        assert_eq!(code_points(text, &bytes), [7, 0, 4, 1, 8, 0, 0]);
        for (&byte, counted) in bytes.iter().zip(code_points(text, &bytes)) {
            assert_eq!(
                text.get(..byte).map_or(0, |head| head.chars().count()),
                counted,
                "{byte}"
            );
        }
    }

    #[test]
    fn formulas_are_neutralised_and_numbers_kept() {
        for (cell, shown) in [
            ("=HYPERLINK(\"x\")", "'=HYPERLINK(\"x\")"),
            ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
            ("-2+3", "'-2+3"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\t=1+1", "'\t=1+1"),
            ("\r=1+1", "'\r=1+1"),
            ("-", "'-"),
            ("-inf", "'-inf"),
            ("-1e", "'-1e"),
            ("-12", "-12"),
            ("-0.5", "-0.5"),
            ("-2.5e-7", "-2.5e-7"),
            ("12", "12"),
            ("Text", "Text"),
            ("", ""),
        ] {
            assert_eq!(neutralise_formula(cell), shown, "{cell:?}");
        }
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

    #[test]
    fn csv_quotes_fields_per_rfc_4180() {
        let record = ClaimRecord {
            id: "a".into(),
            url: "claims/a/".into(),
            statement: "Er sagte: \"ja, nein\"\nund ging.".into(),
            summary: String::new(),
            quote: String::new(),
            quote_start: 0,
            quote_end: 1,
            verdict: "v".into(),
            verdict_label: "V".into(),
            rating_value: Some(1),
            topic: "t".into(),
            topic_title: "T".into(),
            measure: None,
            measure_label: None,
            quantity_low: Some(Amount(11000.0)),
            quantity_high: Some(Amount(11000.5)),
            quantity_qualifier: None,
            quantity_wording: None,
            unit: None,
            figure: None,
            as_of: None,
            reviewed: Some("2024-11-20".into()),
            origin: None,
            origin_name: "O".into(),
            origin_kind: None,
            via: String::new(),
            related: String::new(),
            independent_origins: 1,
            note: None,
            source: "s".into(),
            source_title: "S".into(),
            source_outlet: None,
            source_published: "2024".into(),
            source_language: "de".into(),
            source_url: None,
            source_archive_url: None,
            source_sha256: "00".into(),
            license: Some("CC-BY-4.0".into()),
        };
        let bytes = csv_bytes(&[&record]).unwrap();
        let text = std::str::from_utf8(&bytes).unwrap();
        assert!(text.contains("\"Er sagte: \"\"ja, nein\"\"\nund ging.\""));
        assert!(text.contains(",11000,11000.5,"), "whole figures as integers: {text}");
        let mut reader = csv::Reader::from_reader(bytes.as_slice());
        let back: Vec<ClaimRecord> = reader.deserialize().collect::<Result<_, _>>().unwrap();
        assert_eq!(back, vec![record]);
    }
}

#[cfg(test)]
mod release_tests {
    use super::*;

    #[test]
    fn the_data_dictionary_describes_every_csv_column_in_order() {
        let header = csv_header().unwrap();
        let header = std::str::from_utf8(&header).unwrap().trim_start_matches(BOM).trim_end();
        let described: Vec<&str> = datapackage::FIELDS.iter().map(|f| f.0).collect();
        assert_eq!(header.split(',').collect::<Vec<_>>(), described);
    }
}
