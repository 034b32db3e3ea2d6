//! Each claim's part of every export file ([`ClaimExport`]), made once per claim and joined
//! into the files; the serve engine keeps them between builds by key ([`ExportCache`]).

use super::*;

/// One claim's part of every export file, ready to be joined: its record (for the data
/// release, and written as its CSV rows and `claims.json` element when those are joined), its
/// Web Annotation, its feed entry and its search terms. Everything the exports show of a claim
/// is made here, once per claim; joining the parts is cheap.
#[derive(Debug, Clone)]
pub struct ClaimExport {
    /// The record itself, for the data release (SQLite, XLSX, German CSV), the CSV tables and
    /// `claims.json`. Its CSV row and JSON element are not kept: they are written from the
    /// record in microseconds, and the serve engine would keep ~2.7 KB a claim of them.
    pub(super) record: ClaimRecord,
    /// The Web Annotation as pretty JSON, indented as an element of `first.items`.
    pub(super) annotation_json: String,
    /// The Atom `<entry>`, when there is a base URL and the claim's review date is known to the
    /// day.
    pub(super) feed_entry: Option<String>,
    /// The folded words the search index lists the claim under, sorted, without repeats.
    pub(super) terms: crate::render::search::Terms,
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
pub(super) const RECORD_INDENT: usize = 1;
/// Indentation of the elements of `annotations.jsonld`'s `first.items`.
pub(super) const ANNOTATION_INDENT: usize = 3;

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
    fn new(prepared: &Prepared<'_>, source_sha256: &str, index: ClaimId, code_points: (usize, usize)) -> Self {
        let record = claim_record(prepared, source_sha256, index, code_points);
        let mut export = Self {
            annotation_json: annotation_json(prepared, index, code_points),
            record,
            feed_entry: prepared
                .base_url
                .as_deref()
                .and_then(|base| feed_entry(prepared, base, index)),
            terms: crate::render::search::claim_terms(prepared, index),
        };
        export.shrink_to_fit();
        export
    }

    /// Gives back the spare room of the parts made by growing a buffer: the serve engine keeps
    /// every claim's parts between rebuilds. (The search terms are made without spare room.)
    fn shrink_to_fit(&mut self) {
        if let Some(entry) = &mut self.feed_entry {
            entry.shrink_to_fit();
        }
    }
}

/// Pretty JSON indented by `levels` (two spaces each) after every line break, as it is nested
/// that deep. JSON strings hold no raw line breaks, so this never changes a value.
/// The text has exactly the room it needs: the serve engine keeps these parts of every claim
/// ([`ExportCache`]), and `str::replace` left up to as much again spare.
pub(super) fn indent(json: &str, levels: usize) -> String {
    let breaks = json.bytes().filter(|&b| b == b'\n').count();
    let mut indented = String::with_capacity(json.len() + breaks * 2 * levels);
    for (n, line) in json.split('\n').enumerate() {
        if n > 0 {
            indented.push('\n');
            (0..levels).for_each(|_| indented.push_str("  "));
        }
        indented.push_str(line);
    }
    indented
}

/// The [`ClaimExport`] of every claim, in dossier order. With `cache` and a key per claim,
/// claims whose key is in the cache keep their parts; the cache then holds exactly this
/// build's parts.
pub(super) fn claim_exports(
    prepared: &Prepared<'_>,
    cache: Option<(&mut ExportCache, &[Option<u64>])>,
) -> Vec<Arc<ClaimExport>> {
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
            Some(export) => export,
            None => {
                let sha = hashes[dossier.claims[c].source.index()].as_deref().unwrap_or_default();
                Arc::new(ClaimExport::new(prepared, sha, ClaimId::new(c), code_points[c]))
            }
        })
        .collect();
    if let (Some(cache), Some(keys)) = (previous, keys) {
        cache.by_key = keys
            .iter()
            .zip(&exports)
            .filter_map(|(key, export)| Some(((*key)?, export.clone())))
            .collect();
    }
    exports
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `indent` gives what replacing every line break with a line break and the indentation
    /// gives, with no spare room (the serve engine keeps two such texts per claim).
    #[test]
    fn indent_indents_every_line_after_the_first_and_leaves_no_spare_room() {
        for json in ["", "{}", "{\n  \"a\": 1\n}", "\n\n", "[\n  \"ü\",\n  2\n]\n"] {
            for levels in [0, 1, 3] {
                let indented = indent(json, levels);
                assert_eq!(indented, json.replace('\n', &format!("\n{}", "  ".repeat(levels))));
                assert_eq!(indented.capacity(), indented.len(), "{json:?} at {levels}");
            }
        }
    }

    /// The parts the export cache keeps have no spare room: their texts and buffers hold
    /// exactly their bytes.
    #[test]
    fn kept_claim_parts_leave_no_spare_room() {
        let dossier = super::super::tests::generated(3);
        let options = crate::render::RenderOptions {
            base_url: Some("https://example.org/d/".into()),
        };
        let prepared = Prepared::new(&dossier, &options);
        let exports = claim_exports(&prepared, None);
        assert!(exports.iter().any(|export| export.feed_entry.is_some()));
        for export in &exports {
            let id = &export.record.id;
            assert_eq!(export.annotation_json.capacity(), export.annotation_json.len(), "{id}");
            if let Some(entry) = &export.feed_entry {
                assert_eq!(entry.capacity(), entry.len(), "{id}");
            }
        }
    }
}
