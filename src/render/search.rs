//! The static search index: built with the site, read by `static/search.js` in the browser, no
//! server needed. Claims, sources, topics and origins are documents. Each document's words are
//! terms of one of two weights: *title* words (a claim's statement and summary, a source's
//! headline, a topic's title, an origin's name) and *body* words (a claim's quote, id, figure,
//! topic, origin and verdict label; a source's outlet and author; a topic's question; an origin's
//! description). A claim is not found through its source's headline or outlet: the source is
//! a result of its own.
//!
//! Words are folded the same way here and in the script ([`fold`]): lowercase, umlauts and other
//! diacritics dropped (`ä` → `a`, `ß` → `ss`), thousands separators between digits removed
//! (`11.000` → `11000`). A query matches documents that have, for every query word, a term
//! starting with it. The script ranks them: a word found among the title words counts more than
//! one found in the body, a whole word more than a prefix; on a tie topics come first, then
//! origins, claims and sources, each in dossier order.
//!
//! Sharded so a search at 100,000 claims downloads little: terms are split by their first two
//! characters (`search/terms/HEX.json`, term → document numbers, a document where the term is a
//! title word written as `-1 - number`), documents into blocks of [`DOCS_PER_SHARD`]
//! (`search/docs/N.json`: title, kind, root-relative URL and, for a claim, its verdict's place on
//! the scale). `search/meta.json` lists the term shards, so the script never asks for one that
//! does not exist, the verdicts (label, id, tone) and how many documents of each kind there are.
//! A query loads one term shard per word and the document blocks of the results it shows only.

use std::collections::{BTreeSet, HashMap};

use serde::Serialize;

use super::i18n::{self, Key, ui_key};
use super::{OutputFile, Prepared, entity_url};
use crate::model::ClaimId;

/// Documents per `search/docs/N.json`.
pub const DOCS_PER_SHARD: usize = 500;

/// Characters of a term that name its shard.
pub const SHARD_PREFIX_CHARS: usize = 2;

/// Words too common to be worth an index entry (German and English).
const STOP_WORDS: &[&str] = &[
    "der", "die", "das", "den", "dem", "des", "ein", "eine", "einen", "einem", "einer", "eines", "und", "oder", "in",
    "im", "an", "am", "auf", "aus", "bei", "mit", "von", "vom", "zu", "zum", "zur", "fur", "ist", "sind", "war", "hat",
    "haben", "wird", "werden", "sich", "nicht", "als", "auch", "es", "er", "sie", "dass", "the", "a", "an", "and",
    "or", "of", "to", "in", "on", "at", "by", "for", "is", "are", "was", "were", "it", "its", "that", "this", "with",
    "from", "as", "be",
];

/// Folds a character for search: lowercase, without diacritics; `ß` becomes `ss`.
fn fold_char(c: char, out: &mut String) {
    let folded = match c {
        'ä' | 'Ä' | 'á' | 'Á' | 'à' | 'À' | 'â' | 'Â' | 'ã' | 'Ã' | 'å' | 'Å' => 'a',
        'ö' | 'Ö' | 'ó' | 'Ó' | 'ò' | 'Ò' | 'ô' | 'Ô' | 'õ' | 'Õ' | 'ø' | 'Ø' => 'o',
        'ü' | 'Ü' | 'ú' | 'Ú' | 'ù' | 'Ù' | 'û' | 'Û' => 'u',
        'é' | 'É' | 'è' | 'È' | 'ê' | 'Ê' | 'ë' | 'Ë' => 'e',
        'í' | 'Í' | 'ì' | 'Ì' | 'î' | 'Î' | 'ï' | 'Ï' => 'i',
        'ç' | 'Ç' | 'č' | 'Č' => 'c',
        'ñ' | 'Ñ' => 'n',
        'š' | 'Š' => 's',
        'ž' | 'Ž' => 'z',
        'ß' | 'ẞ' => {
            out.push_str("ss");
            return;
        }
        _ => {
            out.extend(c.to_lowercase());
            return;
        }
    };
    out.push(folded);
}

/// The search words of `text`, folded: runs of letters and digits; `.`, `,`, `'` and a
/// no-break space between two digits are dropped, so `11.000` is one word `11000`.
pub fn fold(text: &str) -> Vec<String> {
    let mut words = Vec::new();
    fold_each(text, |word| words.push(word.to_owned()));
    words
}

/// Gives `found` each of [`fold`]'s words of `text`, in order, without making a `String` of
/// each (the word is in a buffer reused for the next one).
fn fold_each(text: &str, mut found: impl FnMut(&str)) {
    let mut word = String::new();
    let mut previous: Option<char> = None;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c.is_alphanumeric() {
            fold_char(c, &mut word);
        } else if matches!(c, '.' | ',' | '\'' | '\u{a0}' | '\u{202f}')
            && previous.is_some_and(|p| p.is_ascii_digit())
            && chars.peek().is_some_and(char::is_ascii_digit)
        {
            // A thousands separator (or decimal mark): keep the number together.
        } else if !word.is_empty() {
            found(&word);
            word.clear();
        }
        previous = Some(c);
    }
    if !word.is_empty() {
        found(&word);
    }
}

/// The shard a folded term belongs to: its first two characters, hex-encoded as UTF-8 (file
/// names stay ASCII whatever the script).
pub fn shard_name(term: &str) -> String {
    prefix(term).bytes().map(|b| format!("{b:02x}")).collect()
}

/// The characters of `term` that name its shard.
fn prefix(term: &str) -> &str {
    match term.char_indices().nth(SHARD_PREFIX_CHARS) {
        Some((end, _)) => &term[..end],
        None => term,
    }
}

/// A term and the documents that have it, in order (a title word's as `-1 - number`).
type Posting<'a> = (&'a str, Vec<i64>);

/// One term shard: term → document numbers, as a JSON object in term order.
struct Postings<'a>(&'a [Posting<'a>]);

impl Serialize for Postings<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.0.iter().map(|(term, docs)| (term, docs)))
    }
}

/// One search result as shown: `[title, kind, url]` in `search/docs/N.json`, and for a claim
/// `[title, kind, url, verdict]` (the verdict's place in `meta.json`'s `verdicts`).
#[derive(Debug, Clone, Serialize)]
struct Doc<'a>(
    std::borrow::Cow<'a, str>,
    &'a str,
    String,
    #[serde(skip_serializing_if = "Option::is_none")] Option<usize>,
);

/// The terms of one document: the title words and the other words (each folded, sorted, once;
/// a word of the title is not repeated among the others). Kept as one text, every word followed
/// by a line break (which no folded word holds), the title's first: the serve engine keeps the
/// terms of every claim between rebuilds, and a `String` per word took ~30 bytes more each.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Terms {
    words: Box<str>,
    /// How many bytes of `words` are the title's.
    title_len: usize,
}

impl Terms {
    fn new<'a>(title: impl IntoIterator<Item = &'a str>, body: impl IntoIterator<Item = &'a str>) -> Self {
        let title = terms(title);
        let body = terms(body);
        let body = body.iter().filter(|t| title.binary_search(t).is_err());
        let mut words = String::new();
        for word in &title {
            words.push_str(word);
            words.push('\n');
        }
        let title_len = words.len();
        for word in body {
            words.push_str(word);
            words.push('\n');
        }
        Self {
            words: words.into_boxed_str(),
            title_len,
        }
    }

    /// Words of the title (a claim's statement and summary), sorted.
    pub fn title(&self) -> impl Iterator<Item = &str> {
        self.words[..self.title_len].split_terminator('\n')
    }

    /// The other words, sorted.
    pub fn body(&self) -> impl Iterator<Item = &str> {
        self.words[self.title_len..].split_terminator('\n')
    }
}

/// A verdict as `meta.json` lists it for the results: `[label, id, tone]`, the tone being its
/// place on a five-step scale from best (0) to worst (4), as the badges have it.
#[derive(Debug, Serialize)]
struct VerdictEntry<'a>(&'a str, &'a str, usize);

/// `search/meta.json`.
#[derive(Debug, Serialize)]
struct Meta<'a> {
    /// Number of documents.
    docs: usize,
    /// Documents per block.
    docs_per_shard: usize,
    /// Characters of a term that name its shard.
    prefix_chars: usize,
    /// The term shards that exist.
    shards: Vec<String>,
    /// Folded words that are not indexed; queries skip them.
    stop_words: &'static [&'static str],
    /// The verdicts, in scale order: `[label, id, tone]`.
    verdicts: Vec<VerdictEntry<'a>>,
    /// Documents of each kind, in document order: claims, sources, topics, origins.
    kinds: [usize; 4],
}

/// The folded words of a query that can match: [`fold`]ed, without stop words and one-character
/// words. `static/search.js` does the same.
pub fn query_words(query: &str) -> Vec<String> {
    fold(query)
        .into_iter()
        .filter(|w| w.chars().count() >= 2 && !STOP_WORDS.contains(&w.as_str()))
        .collect()
}

/// What a claim's search texts take from beyond the claim: its topic's title, its origin's
/// name (or the word for "the article itself"), its figure as written, its verdict's label.
struct ClaimShown<'a> {
    topic_title: &'a str,
    origin_name: &'a str,
    figure: Option<&'a str>,
    verdict: &'a str,
}

impl<'a> ClaimShown<'a> {
    /// As claim `index`'s summary shows them.
    fn summarised(prepared: &'a Prepared<'_>, index: ClaimId) -> Self {
        let summary = prepared.claim(index);
        Self {
            topic_title: &summary.topic_title,
            origin_name: &summary.origin_name,
            figure: summary.figure.as_deref(),
            verdict: &summary.verdict.label,
        }
    }
}

/// The texts of claim `index` that the index lists it under: its title (statement, summary) and
/// its body (id, quote, topic, origin, figure, verdict), never its source's headline or outlet.
fn claim_texts<'a>(claim: &'a crate::model::Claim, shown: &ClaimShown<'a>) -> ([&'a str; 2], [&'a str; 6]) {
    (
        [&claim.statement, &claim.summary],
        [
            &claim.id,
            &claim.quote,
            shown.topic_title,
            shown.origin_name,
            shown.figure.unwrap_or_default(),
            shown.verdict,
        ],
    )
}

/// The folded words of `texts` the index lists, sorted, without repeats and stop words.
fn terms<'a>(texts: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let terms: BTreeSet<String> = texts
        .into_iter()
        .flat_map(fold)
        .filter(|w| !STOP_WORDS.contains(&w.as_str()))
        .collect();
    terms.into_iter().collect()
}

/// The terms claim `index` is found by: what [`files`] needs of each claim (and what `serve`
/// keeps between rebuilds, see `exports::ExportCache`).
pub fn claim_terms(prepared: &Prepared<'_>, index: ClaimId) -> Terms {
    let shown = ClaimShown::summarised(prepared, index);
    let (title, body) = claim_texts(&prepared.dossier.claims[index], &shown);
    Terms::new(title, body)
}

/// The index files, under `search/`. `claim_terms` holds [`claim_terms`] of every claim.
pub fn files(prepared: &Prepared<'_>, claim_terms: &[&Terms]) -> Vec<OutputFile> {
    use rayon::prelude::*;
    let dossier = prepared.dossier;
    let label = |key: Key| -> &'static str { i18n::text(prepared.lang, key) };
    // Documents: claims, sources, topics, origins, in that order.
    let mut docs: Vec<Doc<'_>> = Vec::new();
    for (c, claim) in dossier.claims.iter().enumerate() {
        let summary = prepared.claim(ClaimId::new(c));
        // A claim is listed with its figure, written as everywhere else.
        let title = match &summary.figure {
            Some(figure) => format!("{} – {figure}", claim.statement).into(),
            None => claim.statement.as_str().into(),
        };
        docs.push(Doc(
            title,
            label(ui_key!("search_kind_claim")),
            summary.url.clone(),
            Some(claim.verdict.index()),
        ));
    }
    for source in &dossier.sources {
        docs.push(Doc(
            source.title.as_str().into(),
            label(ui_key!("search_kind_source")),
            entity_url("sources", &source.id),
            None,
        ));
    }
    for topic in &dossier.topics {
        docs.push(Doc(
            topic.title.as_str().into(),
            label(ui_key!("search_kind_topic")),
            entity_url("topics", &topic.id),
            None,
        ));
    }
    for origin in &dossier.origins {
        docs.push(Doc(
            origin.name.as_str().into(),
            label(ui_key!("search_kind_origin")),
            entity_url("origins", &origin.id),
            None,
        ));
    }
    let other_terms = other_terms(dossier);
    // Postings by term (documents in order; a title word's as `-1 - number`), then, in term
    // order, cut into shards: terms with the same prefix are neighbours, and prefixes come in the
    // order of their shard names.
    let mut postings: HashMap<&str, Vec<i64>> = HashMap::new();
    let all_terms = claim_terms.iter().copied().chain(other_terms.iter());
    for (doc, terms) in all_terms.enumerate() {
        let doc = doc as i64;
        for term in terms.title() {
            postings.entry(term).or_default().push(-1 - doc);
        }
        for term in terms.body() {
            postings.entry(term).or_default().push(doc);
        }
    }
    let mut postings: Vec<Posting<'_>> = postings
        .into_iter()
        .map(|(term, mut docs)| {
            docs.sort_unstable_by_key(|&d| if d < 0 { -1 - d } else { d });
            (term, docs)
        })
        .collect();
    postings.sort_unstable_by(|a, b| a.0.cmp(b.0));
    let mut shards: Vec<(String, &[Posting<'_>])> = Vec::new();
    let mut start = 0;
    while start < postings.len() {
        let shard = prefix(postings[start].0);
        let len = postings[start..].partition_point(|(term, _)| prefix(term) == shard);
        shards.push((shard_name(shard), &postings[start..start + len]));
        start += len;
    }
    let mut files = Vec::with_capacity(shards.len() + docs.len() / DOCS_PER_SHARD + 2);
    let meta = Meta {
        docs: docs.len(),
        docs_per_shard: DOCS_PER_SHARD,
        prefix_chars: SHARD_PREFIX_CHARS,
        shards: shards.iter().map(|(name, _)| name.clone()).collect(),
        stop_words: STOP_WORDS,
        verdicts: dossier
            .config
            .verdicts
            .iter()
            .enumerate()
            .map(|(v, verdict)| VerdictEntry(&verdict.label, &verdict.id, tone(v, dossier.config.verdicts.len())))
            .collect(),
        kinds: [
            dossier.claims.len(),
            dossier.sources.len(),
            dossier.topics.len(),
            dossier.origins.len(),
        ],
    };
    files.push(OutputFile {
        path: META_PATH.into(),
        bytes: serde_json::to_vec(&meta).unwrap_or_default(),
    });
    files.par_extend(shards.par_iter().map(|(name, terms)| OutputFile {
        path: term_shard_path(name),
        bytes: serde_json::to_vec(&Postings(terms)).unwrap_or_default(),
    }));
    for (n, block) in docs.chunks(DOCS_PER_SHARD).enumerate() {
        files.push(OutputFile {
            path: docs_block_path(n),
            bytes: serde_json::to_vec(block).unwrap_or_default(),
        });
    }
    files
}

/// Where [`files`] puts the list of shards and verdicts.
const META_PATH: &str = "search/meta.json";

/// Where [`files`] puts the term shard named `name` ([`shard_name`]).
fn term_shard_path(name: &str) -> String {
    format!("search/terms/{name}.json")
}

/// Where [`files`] puts the `n`th block of documents.
fn docs_block_path(n: usize) -> String {
    format!("search/docs/{n}.json")
}

/// The title and other texts of the documents after the claims: sources, topics, origins, in
/// that order.
fn other_texts(dossier: &crate::model::Dossier) -> Vec<(Vec<&str>, Vec<&str>)> {
    let mut texts: Vec<(Vec<&str>, Vec<&str>)> = dossier.sources.iter().map(source_texts).collect();
    for topic in &dossier.topics {
        texts.push((vec![&topic.title], vec![&topic.id, &topic.question]));
    }
    for origin in &dossier.origins {
        texts.push((vec![&origin.name], vec![&origin.id, &origin.description]));
    }
    texts
}

/// The terms of the documents after the claims: sources, topics, origins, in that order.
fn other_terms(dossier: &crate::model::Dossier) -> Vec<Terms> {
    use rayon::prelude::*;
    other_texts(dossier)
        .par_iter()
        .map(|(title, body)| Terms::new(title.iter().copied(), body.iter().copied()))
        .collect()
}

/// The paths of the files [`files`] makes for the same dossier, without making them or any
/// claim's [`Terms`] (for `dossier check`, which needs the names for the link check, never the
/// bytes): the term shards of every term's prefix, the blocks of every document, the list. A
/// shard's name needs only the first characters of each term, so each claim's texts are folded
/// word by word, nothing kept but the prefixes, and no claim's summary is made (its topic's
/// title, origin's name, figure and verdict are read as `render::summary` reads them; the
/// integration test `check_names_exactly_the_files_a_build_writes` holds the two together).
pub fn paths(prepared: &Prepared<'_>) -> Vec<String> {
    use rayon::prelude::*;
    use std::collections::HashSet;
    let dossier = prepared.dossier;
    let lang = prepared.lang;
    let claims = dossier
        .claims
        .par_iter()
        .fold(HashSet::new, |mut prefixes, claim| {
            let figure = claim.quantity.as_ref().map(|q| super::format::figure(lang, q));
            let shown = ClaimShown {
                topic_title: &dossier.topics[claim.topic].title,
                origin_name: super::summary::origin_label(lang, claim.origin.map(|o| dossier.origins[o].name.as_str())),
                figure: figure.as_deref(),
                verdict: &dossier.config.verdicts[claim.verdict].label,
            };
            let (title, body) = claim_texts(claim, &shown);
            for text in title.into_iter().chain(body) {
                add_prefixes(text, &mut prefixes);
            }
            prefixes
        })
        .reduce(HashSet::new, |mut all, some| {
            all.extend(some);
            all
        });
    let mut others = HashSet::new();
    for (title, body) in other_texts(dossier) {
        for text in title.into_iter().chain(body) {
            add_prefixes(text, &mut others);
        }
    }
    let prefixes: BTreeSet<String> = claims.into_iter().chain(others).collect();
    let documents = dossier.claims.len() + dossier.sources.len() + dossier.topics.len() + dossier.origins.len();
    let mut paths = vec![META_PATH.to_owned()];
    paths.extend(prefixes.iter().map(|prefix| term_shard_path(&shard_name(prefix))));
    paths.extend((0..documents.div_ceil(DOCS_PER_SHARD)).map(docs_block_path));
    paths
}

/// Adds the [`prefix`] of each term of `text` (a folded word that is not a stop word) to
/// `prefixes`.
fn add_prefixes(text: &str, prefixes: &mut std::collections::HashSet<String>) {
    fold_each(text, |word| {
        if STOP_WORDS.contains(&word) {
            return;
        }
        let prefix = prefix(word);
        if !prefixes.contains(prefix) {
            prefixes.insert(prefix.to_owned());
        }
    });
}

/// A source's title words (its headline) and other words (id, outlet, author).
fn source_texts(source: &crate::model::Source) -> (Vec<&str>, Vec<&str>) {
    let mut body = vec![source.id.as_str()];
    body.extend(source.outlet.as_deref());
    body.extend(source.author.as_deref());
    (vec![&source.title], body)
}

/// The place of verdict `index` (0-based) of a scale of `size` on five steps from best (0) to
/// worst (4), rounded half up, as `components.html`'s badges compute it.
fn tone(index: usize, size: usize) -> usize {
    if size < 2 {
        0
    } else {
        (index * 8 + size - 1) / (2 * (size - 1))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A document's terms are its title's words and then its other words, each folded, sorted
    /// and listed once, stop words left out, a title word never again among the others; kept as
    /// one text, they read back as those lists.
    #[test]
    fn terms_read_back_as_sorted_title_and_other_words() {
        let terms = Terms::new(
            ["Die Straße und 11.000 Soldaten", "Soldaten İstanbul"],
            ["soldaten im Süden", "Zahl", "", "und"],
        );
        assert_eq!(
            terms.title().collect::<Vec<_>>(),
            ["11000", "i\u{307}stanbul", "soldaten", "strasse"]
        );
        assert_eq!(terms.body().collect::<Vec<_>>(), ["suden", "zahl"]);
        let empty = Terms::new([], ["und"]);
        assert_eq!(empty.title().count() + empty.body().count(), 0);
        let body_only = Terms::new([""], ["b a"]);
        assert_eq!(body_only.title().count(), 0);
        assert_eq!(body_only.body().collect::<Vec<_>>(), ["b"], "`a` is a stop word");
    }

    #[test]
    fn folding_drops_case_umlauts_and_thousands_separators() {
        assert_eq!(
            fold("Südkorea: knapp 11.000 Soldaten, STRAßE"),
            ["sudkorea", "knapp", "11000", "soldaten", "strasse"]
        );
        assert_eq!(fold("Kursk, 2024"), ["kursk", "2024"]);
        assert_eq!(fold("1,6 Millionen"), ["16", "millionen"]);
    }

    /// The shards, however they are made, hold exactly what a plain term → documents map of
    /// every document's terms holds, split by [`shard_name`], and `meta.json` lists them.
    #[test]
    fn shards_hold_every_term_of_every_document() {
        use std::collections::BTreeMap;
        let (input, _) = crate::generate::input_files(
            std::path::Path::new("/nonexistent"),
            &crate::generate::GenerateOptions { sources: 6, seed: 4 },
        );
        let checked = crate::build::check(&input, crate::build::CheckOptions::default());
        let dossier = checked.dossier.expect("valid");
        let prepared = Prepared::new(&dossier, &Default::default());
        let claim_terms: Vec<Terms> = (0..dossier.claims.len())
            .map(|c| claim_terms(&prepared, ClaimId::new(c)))
            .collect();
        let borrowed: Vec<&Terms> = claim_terms.iter().collect();
        let files = files(&prepared, &borrowed);

        let mut documents: Vec<Terms> = claim_terms.clone();
        documents.extend(dossier.sources.iter().map(|s| {
            let (title, body) = source_texts(s);
            Terms::new(title, body)
        }));
        documents.extend(
            dossier
                .topics
                .iter()
                .map(|t| Terms::new([t.title.as_str()], [t.id.as_str(), &t.question])),
        );
        documents.extend(
            dossier
                .origins
                .iter()
                .map(|o| Terms::new([o.name.as_str()], [o.id.as_str(), &o.description])),
        );
        let mut expected: BTreeMap<String, BTreeMap<String, Vec<i64>>> = BTreeMap::new();
        for (doc, terms) in documents.iter().enumerate() {
            let doc = doc as i64;
            let weighted = terms
                .title()
                .map(|t| (t, -1 - doc))
                .chain(terms.body().map(|t| (t, doc)));
            for (term, entry) in weighted {
                expected
                    .entry(shard_name(term))
                    .or_default()
                    .entry(term.to_owned())
                    .or_default()
                    .push(entry);
            }
        }
        for shard in expected.values_mut() {
            for docs in shard.values_mut() {
                docs.sort_by_key(|&d| if d < 0 { -1 - d } else { d });
            }
        }
        let actual: BTreeMap<String, BTreeMap<String, Vec<i64>>> = files
            .iter()
            .filter_map(|file| {
                let name = file.path.strip_prefix("search/terms/")?.strip_suffix(".json")?;
                Some((name.to_owned(), serde_json::from_slice(&file.bytes).expect("JSON")))
            })
            .collect();
        assert_eq!(actual, expected);
        let meta: serde_json::Value =
            serde_json::from_slice(&files.iter().find(|f| f.path == "search/meta.json").expect("meta").bytes)
                .expect("JSON");
        let listed: Vec<&str> = meta["shards"]
            .as_array()
            .expect("list")
            .iter()
            .filter_map(|v| v.as_str())
            .collect();
        assert_eq!(
            listed,
            expected.keys().map(String::as_str).collect::<Vec<_>>(),
            "in order"
        );
        assert_eq!(meta["docs"], documents.len());
        // Each shard file is written as a sorted map would be: terms in order.
        for file in files.iter().filter(|f| f.path.starts_with("search/terms/")) {
            let parsed: BTreeMap<String, Vec<i64>> = serde_json::from_slice(&file.bytes).expect("JSON");
            assert_eq!(serde_json::to_vec(&parsed).expect("JSON"), file.bytes, "{}", file.path);
        }
    }

    /// A claim is found by its own words and its verdict, never by its source's headline alone;
    /// its statement's words are title words, its quote's body words.
    #[test]
    fn a_claim_has_title_and_body_words_and_none_of_its_sources_headline() {
        let (input, _) = crate::generate::input_files(
            std::path::Path::new("/nonexistent"),
            &crate::generate::GenerateOptions { sources: 2, seed: 9 },
        );
        let dossier = crate::build::check(&input, crate::build::CheckOptions::default())
            .dossier
            .expect("valid");
        let prepared = Prepared::new(&dossier, &Default::default());
        for (c, claim) in dossier.claims.iter().enumerate() {
            let found = claim_terms(&prepared, ClaimId::new(c));
            let own: BTreeSet<String> = [claim.statement.as_str(), &claim.summary, &claim.quote, &claim.id]
                .into_iter()
                .chain([
                    prepared.claim(ClaimId::new(c)).topic_title.as_str(),
                    &prepared.claim(ClaimId::new(c)).origin_name,
                ])
                .chain(prepared.claim(ClaimId::new(c)).figure.as_deref())
                .flat_map(fold)
                .collect();
            for word in fold(&dossier.sources[claim.source].title) {
                if !own.contains(&word) && !STOP_WORDS.contains(&word.as_str()) {
                    assert!(
                        !found.title().any(|t| t == word) && !found.body().any(|t| t == word)
                            || fold(&prepared.claim(ClaimId::new(c)).verdict.label).contains(&word),
                        "{}: `{word}` only from the source's headline",
                        claim.id
                    );
                }
            }
            for word in terms(fold(&claim.statement).iter().map(String::as_str)) {
                assert!(
                    found.title().any(|t| t == word),
                    "{}: `{word}` of the statement is a title word",
                    claim.id
                );
            }
            for word in fold(&prepared.claim(ClaimId::new(c)).verdict.label) {
                if !STOP_WORDS.contains(&word.as_str()) {
                    assert!(
                        found.title().any(|t| t == word) || found.body().any(|t| t == word),
                        "verdict `{word}` searchable"
                    );
                }
            }
        }
        assert_eq!(tone(0, 6), 0);
        assert_eq!(tone(5, 6), 4);
        assert_eq!(tone(3, 6), 2, "3 * 4 / 5 = 2.4");
        assert_eq!(tone(2, 5), 2);
        assert_eq!(tone(0, 1), 0);
    }

    /// [`paths`], which folds the claims' texts for their prefixes only and makes no summary,
    /// names exactly the files [`files`] makes from every claim's [`claim_terms`]: also with
    /// words that fold to more characters (`ß`, `İ`), stop words, numbers with separators,
    /// one-character words, and a claim without an origin.
    #[test]
    fn paths_name_exactly_the_files_made() {
        let (input, _) = crate::generate::input_files(
            std::path::Path::new("/nonexistent"),
            &crate::generate::GenerateOptions { sources: 6, seed: 4 },
        );
        let mut dossier = crate::build::check(&input, crate::build::CheckOptions::default())
            .dossier
            .expect("valid");
        dossier.claims[0].statement = "Straße İstanbul der die 11.000 x Ça, 1,5 ẞig".into();
        dossier.claims[1].summary = "qu'il Œuvre ǅemal 9\u{a0}000 an of".into();
        dossier.claims[2].origin = None;
        let prepared = Prepared::new(&dossier, &Default::default());
        let terms: Vec<Terms> = (0..dossier.claims.len())
            .map(|c| claim_terms(&prepared, ClaimId::new(c)))
            .collect();
        let made: BTreeSet<String> = files(&prepared, &terms.iter().collect::<Vec<_>>())
            .into_iter()
            .map(|file| file.path)
            .collect();
        let named: Vec<String> = paths(&prepared);
        assert_eq!(named.len(), made.len(), "no name twice");
        assert_eq!(named.into_iter().collect::<BTreeSet<_>>(), made);
    }

    #[test]
    fn shard_names_are_hex_of_the_first_two_characters() {
        assert_eq!(shard_name("soldaten"), "736f");
        assert_eq!(shard_name("x"), "78");
        assert_eq!(shard_name("юг"), "d18ed0b3");
    }
}
