//! Model: the resolved, validated dossier.
//!
//! [`resolve`] takes the parsed files and checks everything against everything: ids are unique
//! and URL-safe, every reference (topic, measure, origin, verdict, related claim, seed file)
//! exists, dates are real dates, and every quote is anchored to a span of its article. The
//! result, [`Dossier`], holds entities in `Vec`s and refers between them by index, with the
//! reverse links (claims per source, topic and origin) already computed, so rendering never
//! searches. Problems become [`Diagnostic`]s with file, line and column; resolution goes on after
//! a problem so that one run reports them all. Pure: no disk access.

pub mod article;
pub mod base_url;
pub mod date;
pub mod lint;
pub mod markdown;
pub mod numbers;
mod relations;

use std::collections::{BTreeMap, HashMap};
use std::ops::Range;
use std::sync::Arc;

use serde::Serialize;
use serde_saphyr::Spanned;

use crate::anchor::{self, AnchorError, FoldedText, QuoteQuery};
use crate::diagnostic::{Diagnostic, Diagnostics, Position, closest_name};
use crate::load::schema::{self, OriginKind, Qualifier, Relation};
use crate::load::{InputFiles, Parsed, ParsedDossier, SEEDS_DIR};
pub use date::PartialDate;

/// Index of a source in [`Dossier::sources`].
pub type SourceId = usize;
/// Index of a claim in [`Dossier::claims`].
pub type ClaimId = usize;
/// Index of a topic in [`Dossier::topics`].
pub type TopicId = usize;
/// Index of an origin in [`Dossier::origins`].
pub type OriginId = usize;
/// Index of a verdict in [`Config::verdicts`] (0 = best).
pub type VerdictId = usize;

/// The origin id that means "the article itself names no origin".
pub const ARTICLE_ORIGIN: &str = "article";

/// UI languages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    /// German.
    De,
    /// English.
    En,
}

impl Language {
    /// The BCP 47 tag.
    pub fn tag(self) -> &'static str {
        match self {
            Language::De => "de",
            Language::En => "en",
        }
    }
}

/// The dossier as a whole.
#[derive(Debug, Clone, Serialize)]
pub struct Config {
    /// Site title.
    pub title: String,
    /// Description (Markdown).
    pub description: String,
    /// UI language.
    pub language: Language,
    /// Base URL, ending in `/`, if configured.
    pub base_url: Option<String>,
    /// Publisher name.
    pub organization_name: String,
    /// Publisher website.
    pub organization_url: Option<String>,
    /// The verdict scale, best first.
    pub verdicts: Vec<Verdict>,
    /// When the dossier's claims were reviewed (the default for sources and claims).
    pub reviewed: Option<PartialDate>,
}

/// One step of the verdict scale.
#[derive(Debug, Clone, Serialize)]
pub struct Verdict {
    /// URL-safe id.
    pub id: String,
    /// Label.
    pub label: String,
    /// What it means (Markdown).
    pub explanation: String,
    /// Its place on the truth scale (higher = truer); `None` for a verdict that is not on it
    /// (`rating: none`, e.g. "cannot be checked").
    pub rating: Option<i64>,
}

/// A source article.
#[derive(Debug, Clone, Serialize)]
pub struct Source {
    /// URL-safe id.
    pub id: String,
    /// The YAML file it is annotated in.
    pub annotation_file: String,
    /// The article's text file (`seeds/...`).
    pub file: String,
    /// Headline.
    pub title: String,
    /// Outlet; `None` when the article does not name one.
    pub outlet: Option<String>,
    /// Author, if known.
    pub author: Option<String>,
    /// Publication date.
    pub published: PartialDate,
    /// Review date of its claims as written on the source (without the dossier's default).
    pub reviewed: Option<PartialDate>,
    /// Original URL.
    pub url: Option<String>,
    /// Archive copy.
    pub archive_url: Option<String>,
    /// Language of the text.
    pub language: String,
    /// The article text, exactly as in the file.
    #[serde(skip)]
    pub text: Arc<str>,
    /// Body paragraphs: byte ranges of `text`.
    pub paragraphs: Vec<Range<usize>>,
    /// Its claims, in the order their quotes appear in the text.
    pub claims: Vec<ClaimId>,
    /// Sentences with a figure or quotation that no claim covers and no `unannotated` entry excuses.
    pub uncovered: Vec<Range<usize>>,
    /// Sentences that need a claim.
    pub sentences_needing_claims: usize,
}

/// A figure: value or range, qualifier, unit and what is counted.
#[derive(Debug, Clone, Serialize)]
pub struct Quantity {
    /// Lower end (the value, for a single value).
    pub low: f64,
    /// Upper end (the value, for a single value).
    pub high: f64,
    /// Whether a range was given.
    pub is_range: bool,
    /// How the source qualifies the figure; `None` when it does not.
    pub qualifier: Option<Qualifier>,
    /// The source's own words for a vague quantity ("Tausende"): `low`/`high` are then the
    /// dossier's reading of them, not a reported figure.
    pub wording: Option<String>,
    /// Unit (from the claim, else its measure, else its topic).
    pub unit: Option<String>,
    /// The unit's singular, for a figure of exactly 1 (from where `unit` came from).
    pub unit_singular: Option<String>,
    /// Index into the topic's `measures`.
    pub measure: usize,
}

/// A link between two claims, as seen from the claim that holds it. A pair declared on both
/// sides is one link (see [`relations`] for what each relation means and which pairs are errors).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Link {
    /// How they relate.
    pub relation: Relation,
    /// The other claim.
    pub claim: ClaimId,
    /// True when only the other claim declared the link (so read a directed one backwards:
    /// "is supported by").
    pub incoming: bool,
    /// True when both claims declared it (for `supports`: each is evidence for the other).
    pub mutual: bool,
}

/// A claim.
#[derive(Debug, Clone, Serialize)]
pub struct Claim {
    /// Stable URL-safe id.
    pub id: String,
    /// The source it was annotated in.
    pub source: SourceId,
    /// The quote as the annotator wrote it.
    pub quote: String,
    /// Where the quote is: byte ranges of the source text (several with gaps).
    pub quote_parts: Vec<Range<usize>>,
    /// Index of the source paragraph holding the quote.
    pub paragraph: usize,
    /// Our statement of what it asserts.
    pub statement: String,
    /// Short summary without verdict.
    pub summary: String,
    /// Topic.
    pub topic: TopicId,
    /// The figure.
    pub quantity: Option<Quantity>,
    /// The date the claim refers to.
    pub as_of: Option<PartialDate>,
    /// When it was reviewed: its own `reviewed`, else its source's, else the dossier's.
    pub reviewed: Option<PartialDate>,
    /// The origin; `None` when the article names none.
    pub origin: Option<OriginId>,
    /// Intermediaries between origin and outlet.
    pub via: Vec<OriginId>,
    /// Verdict.
    pub verdict: VerdictId,
    /// Why the verdict (Markdown).
    pub note: Option<String>,
    /// Links to and from other claims, outgoing first, each group in id order.
    pub links: Vec<Link>,
    /// The group of claims that go back to one origin (smallest claim index in the group).
    pub origin_group: ClaimId,
}

/// A measure of a topic: what its figures count.
#[derive(Debug, Clone, Serialize)]
pub struct Measure {
    /// Id within the topic.
    pub id: String,
    /// Label.
    pub label: String,
    /// Unit (measure's or topic's).
    pub unit: Option<String>,
    /// The unit's singular (measure's or topic's).
    pub unit_singular: Option<String>,
    /// What is and is not counted.
    pub description: Option<String>,
}

/// A topic.
#[derive(Debug, Clone, Serialize)]
pub struct Topic {
    /// URL-safe id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Question its table answers.
    pub question: String,
    /// Default unit.
    pub unit: Option<String>,
    /// The default unit's singular.
    pub unit_singular: Option<String>,
    /// Markdown description.
    pub description: String,
    /// Measures, in the order given.
    pub measures: Vec<Measure>,
    /// Its claims, in dossier order.
    pub claims: Vec<ClaimId>,
}

/// A person or organisation that claims are attributed to.
#[derive(Debug, Clone, Serialize)]
pub struct Origin {
    /// URL-safe id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Kind.
    pub kind: OriginKind,
    /// Description.
    pub description: String,
    /// A collective entry for sources the article does not name; its name is a label, so it is
    /// never published as a Person or Organization.
    pub unnamed: bool,
    /// Claims attributed to it.
    pub claims: Vec<ClaimId>,
    /// Claims it relayed as an intermediary.
    pub relayed: Vec<ClaimId>,
}

/// A free Markdown page.
#[derive(Debug, Clone, Serialize)]
pub struct Page {
    /// URL slug.
    pub slug: String,
    /// Title.
    pub title: String,
    /// Navigation position.
    pub nav: Option<i64>,
    /// Meta description.
    pub description: Option<String>,
    /// Markdown body.
    pub body: String,
    /// Show the verdict scale with its ratings after the body.
    pub verdict_scale: bool,
    /// The file it comes from.
    pub file: String,
}

/// The resolved dossier.
#[derive(Debug, Clone)]
pub struct Dossier {
    /// Settings.
    pub config: Config,
    /// Sources, in id order.
    pub sources: Vec<Source>,
    /// Claims, in source order, then text order.
    pub claims: Vec<Claim>,
    /// Topics, in the order of `topics.yaml`.
    pub topics: Vec<Topic>,
    /// Origins, in the order of `origins.yaml`.
    pub origins: Vec<Origin>,
    /// Pages, by navigation position, then slug.
    pub pages: Vec<Page>,
}

impl Dossier {
    /// The claims of a topic that share one measure, in dossier order.
    pub fn claims_with_measure(&self, topic: TopicId, measure: usize) -> impl Iterator<Item = &Claim> {
        self.topics[topic]
            .claims
            .iter()
            .map(|&c| &self.claims[c])
            .filter(move |claim| claim.quantity.as_ref().is_some_and(|q| q.measure == measure))
    }
}

/// Whether `id` is URL-safe: lower-case ASCII letters, digits and single inner hyphens.
pub fn is_url_safe_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 100
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !id.starts_with('-')
        && !id.ends_with('-')
        && !id.contains("--")
}

/// The Windows device name `name` stands for (`CON`, `PRN`, `AUX`, `NUL`, `COM1`–`COM9`,
/// `LPT1`–`LPT9`, in any case, with or without an extension), if any. A file or folder of that
/// name cannot be created, checked out or served on Windows or an SMB share, so such ids are
/// refused although Linux accepts them.
pub fn windows_reserved_name(name: &str) -> Option<String> {
    let stem = name.split('.').next().unwrap_or(name).trim_end_matches(' ');
    let upper = stem.to_ascii_uppercase();
    let reserved = matches!(upper.as_str(), "CON" | "PRN" | "AUX" | "NUL")
        || ((upper.starts_with("COM") || upper.starts_with("LPT")) && matches!(&upper.as_bytes()[3..], [b'1'..=b'9']));
    reserved.then_some(upper)
}

/// The problem with `id` as a path segment of the site, as (message tail, help): not URL-safe,
/// or a Windows device name.
fn id_problem(id: &str) -> Option<(String, String)> {
    if !is_url_safe_id(id) {
        return Some((
            "is not URL-safe".to_owned(),
            format!(
                "use lower-case letters a-z, digits and single hyphens, e.g. `{}`",
                suggest_id(id)
            ),
        ));
    }
    windows_reserved_name(id).map(|device| {
        (
            format!("is the Windows device name {device}: the site could not be copied to, checked out or served from Windows"),
            format!("choose another, e.g. `{id}-1`"),
        )
    })
}

/// Resolves parsed files into a dossier. Returns `None` when something essential (the config)
/// is missing; otherwise a dossier built from everything that could be resolved, with every
/// problem in `diagnostics`.
pub fn resolve(parsed: &ParsedDossier, input: &InputFiles, diagnostics: &mut Diagnostics) -> Option<Dossier> {
    let mut resolver = Resolver { diagnostics, input };
    resolver.run(parsed, None)
}

/// [`resolve`], reusing from `cache` every source whose annotation file and article text are
/// unchanged since it was resolved without any problem, and leaving this run's clean sources in
/// it; for `serve`, where one save changes one file. The result is the same as [`resolve`]'s.
pub fn resolve_cached(
    parsed: &ParsedDossier,
    input: &InputFiles,
    diagnostics: &mut Diagnostics,
    cache: &mut SourceCache,
) -> Option<Dossier> {
    let mut resolver = Resolver { diagnostics, input };
    resolver.run(parsed, Some(cache))
}

/// Sources as [`resolve_cached`] last resolved them, by annotation file: the article read,
/// excluded passages cut, paragraphs found, every quote anchored (the costly part of resolving,
/// and independent of every other file).
#[derive(Debug, Default)]
pub struct SourceCache {
    by_file: HashMap<String, CachedSource>,
}

#[derive(Debug)]
struct CachedSource {
    /// The annotation file's text it was resolved from.
    yaml: Arc<str>,
    /// The article's text.
    article: Arc<str>,
    source: Source,
    /// Per claim of the file that anchored: its index in the file, quote parts and paragraph.
    anchored: Vec<(usize, Vec<Range<usize>>, usize)>,
}

impl SourceCache {
    /// The cached resolution of `file`, if its text and its article's are unchanged.
    fn get<'f>(
        &self,
        file: &'f Parsed<schema::SourceFile>,
        input: &InputFiles,
    ) -> Option<(Source, Vec<AnchoredClaim<'f>>)> {
        let cached = self.by_file.get(&file.path)?;
        let same = |a: &Arc<str>, b: &Arc<str>| Arc::ptr_eq(a, b) || a == b;
        if !same(&cached.yaml, &file.text) {
            return None;
        }
        let key = normalize_seed_path(&file.value.file.value)?;
        match input.files.get(&key) {
            Some(crate::load::FileContent::Text(article)) if same(&cached.article, article) => {}
            _ => return None,
        }
        let anchored = cached
            .anchored
            .iter()
            .map(|(index, parts, paragraph)| {
                Some(AnchoredClaim {
                    claim: file.value.claims.get(*index)?,
                    parts: parts.clone(),
                    paragraph: *paragraph,
                })
            })
            .collect::<Option<Vec<_>>>()?;
        Some((cached.source.clone(), anchored))
    }

    fn insert(&mut self, file: &Parsed<schema::SourceFile>, source: &Source, anchored: &[AnchoredClaim<'_>]) {
        let claims = &file.value.claims;
        let anchored = anchored
            .iter()
            .filter_map(|a| {
                let index = claims.iter().position(|c| std::ptr::eq(c, a.claim))?;
                Some((index, a.parts.clone(), a.paragraph))
            })
            .collect();
        self.by_file.insert(
            file.path.clone(),
            CachedSource {
                yaml: file.text.clone(),
                article: source.text.clone(),
                source: source.clone(),
                anchored,
            },
        );
    }
}

struct Resolver<'a> {
    diagnostics: &'a mut Diagnostics,
    input: &'a InputFiles,
}

/// Where a parsed value sits, for messages.
/// The singular of the unit in effect: the one given beside it where the unit itself is given;
/// where no unit is given (it is inherited), the own singular or else the inherited one.
fn inherited_singular(unit: &Option<String>, singular: &Option<String>, inherited: &Option<String>) -> Option<String> {
    match unit {
        Some(_) => singular.clone(),
        None => singular.clone().or_else(|| inherited.clone()),
    }
}

fn position<T>(spanned: &Spanned<T>) -> Option<Position> {
    Some(Position::from(&spanned.referenced))
}

impl Resolver<'_> {
    fn error<T, F>(&mut self, file: &Parsed<F>, at: &Spanned<T>, message: impl Into<String>, help: impl Into<String>) {
        self.diagnostics.push(
            Diagnostic::error(&file.path, position(at), message)
                .with_help(help)
                .with_source_lines(&file.text, &file.lines),
        );
    }

    fn warning<T, F>(
        &mut self,
        file: &Parsed<F>,
        at: &Spanned<T>,
        message: impl Into<String>,
        help: impl Into<String>,
    ) {
        self.diagnostics.push(
            Diagnostic::warning(&file.path, position(at), message)
                .with_help(help)
                .with_source_lines(&file.text, &file.lines),
        );
    }

    fn check_id<F>(&mut self, file: &Parsed<F>, id: &Spanned<String>, what: &str) -> bool {
        let Some((problem, help)) = id_problem(&id.value) else {
            return true;
        };
        self.error(file, id, format!("{what} id `{}` {problem}", id.value), help);
        false
    }

    /// Script and data URLs in a Markdown field are errors (rendering would only drop them),
    /// located at the URL in the file when it is written there literally.
    fn markdown_urls<F>(&mut self, file: &Parsed<F>, text: &str, fallback: Option<Position>, what: &str) {
        // An error each, each searched for in the file: a text of many such links is listed
        // in part and counted, so the report stays linear in the file's size.
        const LISTED: usize = 20;
        let urls = markdown::unsafe_urls(text);
        for url in urls.iter().take(LISTED) {
            self.unsafe_url(file, url, fallback, what);
        }
        if let Some(first) = urls.get(LISTED) {
            let more = urls.len() - LISTED;
            self.diagnostics.push(
                Diagnostic::error(
                    &file.path,
                    locate(&file.text, first).or(fallback),
                    format!(
                        "{what} has {more} more script or data URL{} from here on",
                        if more == 1 { "" } else { "s" }
                    ),
                )
                .with_help(format!(
                    "the first {LISTED} are listed one by one; link to an http(s) address or a relative path"
                ))
                .with_source(&file.text),
            );
        }
        let plain = markdown::unhighlighted_code_blocks(text);
        if let Some(first) = plain.first() {
            self.unhighlighted_code(file, first, plain.len() - 1, fallback, what);
        }
    }

    /// One warning for the code blocks of a text over the highlighting budget, at the first
    /// one's first line of code when it is found in the file as written; the `more` after it
    /// are counted (a warning each, with the search for each in the file, made a text of a
    /// million small blocks take hours).
    fn unhighlighted_code<F>(
        &mut self,
        file: &Parsed<F>,
        block: &markdown::PlainCodeBlock,
        more: usize,
        fallback: Option<Position>,
        what: &str,
    ) {
        use markdown::{HIGHLIGHT_MAX_BYTES, HIGHLIGHT_MAX_LINE_BYTES};
        let probe: String = block.first_line.chars().take(60).collect();
        let at = (!probe.trim().is_empty())
            .then(|| file.text.find(&probe))
            .flatten()
            .map(|offset| Position::of_offset(&file.text, offset))
            .or(fallback);
        let lang = if block.lang.is_empty() {
            String::new()
        } else {
            format!("`{}` ", block.lang)
        };
        let shown_lang: String = lang.chars().take(40).collect();
        self.diagnostics.push(
            Diagnostic::warning(
                &file.path,
                at,
                format!(
                    "{what}: the {shown_lang}code block on line {} of its text is shown as plain text, not coloured: it is over the size budget{}",
                    block.line,
                    match more {
                        0 => String::new(),
                        1 => "; so is the code block after it".to_owned(),
                        n => format!("; so are the {n} code blocks after it"),
                    }
                ),
            )
            .with_help(format!(
                "code is coloured up to {} KB per page, note or description, in lines of up to {HIGHLIGHT_MAX_LINE_BYTES} bytes; shorten the code or its lines, or leave it plain",
                HIGHLIGHT_MAX_BYTES / 1024
            ))
            .with_source_lines(&file.text, &file.lines),
        );
    }

    fn unsafe_url<F>(&mut self, file: &Parsed<F>, url: &str, fallback: Option<Position>, what: &str) {
        let shown: String = url.chars().take(60).collect();
        self.diagnostics.push(
            Diagnostic::error(
                &file.path,
                locate(&file.text, url).or(fallback),
                format!("{what} links to `{shown}`: script and data URLs are not allowed"),
            )
            .with_help("link to an http(s) address or a relative path")
            .with_source_lines(&file.text, &file.lines),
        );
    }

    fn run(&mut self, parsed: &ParsedDossier, cache: Option<&mut SourceCache>) -> Option<Dossier> {
        let config_file = parsed.config.as_ref()?;
        let config = self.config(config_file);
        let verdict_ids: HashMap<&str, VerdictId> = config
            .verdicts
            .iter()
            .enumerate()
            .map(|(i, v)| (v.id.as_str(), i))
            .collect();

        for file in &parsed.sources {
            lint::source_file(file, self.diagnostics);
        }
        let (mut topics, topic_ids, measure_ids) = self.topics(parsed.topics.as_ref());
        let (mut origins, origin_ids) = self.origins(parsed.origins.as_ref());

        // Sources in id order; duplicate ids reported.
        let mut source_files: Vec<&Parsed<schema::SourceFile>> = parsed.sources.iter().collect();
        source_files.sort_by(|a, b| (&a.value.id.value, &a.path).cmp(&(&b.value.id.value, &b.path)));
        let mut seen_sources: HashMap<&str, &str> = HashMap::new();
        let mut sources = Vec::new();
        let mut claim_files: Vec<(SourceId, &Parsed<schema::SourceFile>, AnchoredClaim<'_>)> = Vec::new();
        // Ids serially (a duplicate depends on what came before), then each source on its own
        // and in parallel (seed text, exclusions, anchors, coverage); every file's problems are
        // kept apart and merged back in file order, as a serial loop would have reported them.
        let mut checked_ids: Vec<(&Parsed<schema::SourceFile>, Diagnostics, bool)> = Vec::new();
        for file in source_files {
            let mut found = Diagnostics::new();
            let mut resolver = Resolver {
                diagnostics: &mut found,
                input: self.input,
            };
            let id = &file.value.id;
            let id_ok = resolver.check_id(file, id, "source");
            let resolve = match seen_sources.get(id.value.as_str()) {
                Some(first) => {
                    let message = format!("duplicate source id `{}` (first used in {first})", id.value);
                    resolver.error(file, id, message, "give every source its own id");
                    false
                }
                None => {
                    seen_sources.insert(&id.value, &file.path);
                    id_ok
                }
            };
            checked_ids.push((file, found, resolve));
        }
        let input = self.input;
        let cached_sources = cache.as_deref();
        let resolved: Vec<_> = {
            use rayon::prelude::*;
            checked_ids
                .into_par_iter()
                .map(|(file, mut found, resolve)| {
                    if resolve
                        && found.is_empty()
                        && let Some(source) = cached_sources.and_then(|cache| cache.get(file, input))
                    {
                        return (file, found, Some(source));
                    }
                    let source = resolve
                        .then(|| {
                            Resolver {
                                diagnostics: &mut found,
                                input,
                            }
                            .source(file)
                        })
                        .flatten();
                    (file, found, source)
                })
                .collect()
        };
        if let Some(cache) = cache {
            // Keep exactly this run's clean sources.
            let mut kept = SourceCache::default();
            for (file, found, source) in &resolved {
                if let (true, Some((source, anchored))) = (found.is_empty(), source) {
                    match cache.by_file.remove(&file.path) {
                        Some(entry)
                            if Arc::ptr_eq(&entry.yaml, &file.text) && Arc::ptr_eq(&entry.article, &source.text) =>
                        {
                            kept.by_file.insert(file.path.clone(), entry);
                        }
                        _ => kept.insert(file, source, anchored),
                    }
                }
            }
            *cache = kept;
        }
        for (file, found, source) in resolved {
            self.diagnostics.extend(found);
            let Some((source, anchored)) = source else {
                continue;
            };
            let source_id = sources.len();
            for claim in anchored {
                claim_files.push((source_id, file, claim));
            }
            sources.push(source);
        }

        // Claims: ids unique across the dossier; references resolved.
        let mut claims: Vec<Claim> = Vec::new();
        let mut claim_ids: HashMap<String, ClaimId> = HashMap::new();
        let mut claim_locations: Vec<(&Parsed<schema::SourceFile>, &schema::ClaimFile)> = Vec::new();
        for (
            source_id,
            file,
            AnchoredClaim {
                claim: claim_file,
                parts,
                paragraph,
            },
        ) in claim_files
        {
            if let Some(&other) = claim_ids.get(&claim_file.id.value) {
                let other_source = &sources[claims[other].source].annotation_file;
                let message = format!("duplicate claim id `{}` (also in {other_source})", claim_file.id.value);
                self.error(
                    file,
                    &claim_file.id,
                    message,
                    "claim ids must be unique across the whole dossier",
                );
                continue;
            }
            let Some(claim) = self.claim(ClaimInput {
                file,
                claim: claim_file,
                source: source_id,
                parts,
                paragraph,
                topics: &topics,
                topic_ids: &topic_ids,
                measure_ids: &measure_ids,
                origin_ids: &origin_ids,
                verdict_ids: &verdict_ids,
                default_reviewed: sources[source_id].reviewed.or(config.reviewed),
            }) else {
                continue;
            };
            claim_ids.insert(claim.id.clone(), claims.len());
            claim_locations.push((file, claim_file));
            claims.push(claim);
        }

        // Claims declared but dropped for their own errors: links to them are not reported again.
        let declared: std::collections::HashSet<&str> = parsed
            .sources
            .iter()
            .flat_map(|f| f.value.claims.iter().map(|c| c.id.value.as_str()))
            .chain(parsed.unparsed_claims.values().flatten().map(String::as_str))
            .collect();
        self.link_claims(
            &mut claims,
            relations::Lookup {
                ids: &claim_ids,
                locations: &claim_locations,
                declared: &declared,
                origins: &origins,
                sources: &sources,
            },
        );

        for (index, claim) in claims.iter().enumerate() {
            sources[claim.source].claims.push(index);
            topics[claim.topic].claims.push(index);
            if let Some(origin) = claim.origin {
                origins[origin].claims.push(index);
            }
            for &via in &claim.via {
                // Claims come in index order, so a repeat can only be this claim's own.
                if origins[via].relayed.last() != Some(&index) {
                    origins[via].relayed.push(index);
                }
            }
        }
        for source in &mut sources {
            source
                .claims
                .sort_by_key(|&c| (claims[c].quote_parts.first().map_or(0, |r| r.start), c));
        }
        self.warn_unlinked_same_origin(&claims, &claim_locations);
        self.warn_unreviewed(&claims, &claim_locations);
        for (claim, (file, raw)) in claims.iter().zip(&claim_locations) {
            lint::claim(file, raw, claim, &sources[claim.source], self.diagnostics);
        }

        let pages = self.pages(&parsed.pages, &topics, &sources);
        Some(Dossier {
            config,
            sources,
            claims,
            topics,
            origins,
            pages,
        })
    }

    fn config(&mut self, file: &Parsed<schema::ConfigFile>) -> Config {
        let raw = &file.value;
        let language = match raw.language.value.as_str() {
            "de" => Language::De,
            "en" => Language::En,
            other => {
                self.error(
                    file,
                    &raw.language,
                    format!("UI language `{other}` is not supported"),
                    "use `de` (German) or `en` (English)",
                );
                Language::En
            }
        };
        let base_url = raw
            .base_url
            .as_ref()
            .and_then(|url| match normalize_base_url(&url.value) {
                Ok(url) => Some(url),
                Err(problem) => {
                    self.error(
                        file,
                        url,
                        problem,
                        "write a full URL like `https://example.org/dossier/`",
                    );
                    None
                }
            });
        self.markdown_urls(file, &raw.description, None, "the dossier's description");
        if let Some(url) = &raw.organization.url {
            let value = url.trim();
            let http = value.starts_with("https://") || value.starts_with("http://");
            if !http || value.len() <= 8 || value.contains(char::is_whitespace) {
                self.diagnostics.push(
                    Diagnostic::error(
                        &file.path,
                        locate(&file.text, url),
                        format!("organization URL `{value}` is not an http(s) URL"),
                    )
                    .with_help("write the full address, starting with https://")
                    .with_source_lines(&file.text, &file.lines),
                );
            }
        }
        let mut verdicts: Vec<Verdict> = Vec::new();
        for verdict in &raw.verdicts {
            if !self.check_id(file, &verdict.id, "verdict") {
                continue;
            }
            let what = format!("the explanation of verdict `{}`", verdict.id.value);
            self.markdown_urls(file, &verdict.explanation, position(&verdict.id), &what);
            if verdicts.iter().any(|v| v.id == verdict.id.value) {
                let message = format!("duplicate verdict id `{}`", verdict.id.value);
                self.error(file, &verdict.id, message, "every step of the scale needs its own id");
                continue;
            }
            let rating = self.rating(file, verdict);
            verdicts.push(Verdict {
                id: verdict.id.value.clone(),
                label: verdict.label.clone(),
                explanation: verdict.explanation.clone(),
                rating,
            });
        }
        if verdicts.is_empty() {
            self.diagnostics.push(
                Diagnostic::error(&file.path, None, "the verdict scale is empty")
                    .with_help("list at least one verdict under `verdicts:` with id, label and explanation"),
            );
        }
        let reviewed = raw.reviewed.as_ref().and_then(|date| self.date(file, date));
        Config {
            reviewed,
            title: raw.title.clone(),
            description: raw.description.clone(),
            language,
            base_url,
            organization_name: raw.organization.name.clone(),
            organization_url: raw.organization.url.clone(),
            verdicts,
        }
    }

    #[allow(clippy::type_complexity)]
    fn topics(
        &mut self,
        file: Option<&Parsed<Vec<schema::TopicFile>>>,
    ) -> (Vec<Topic>, HashMap<String, TopicId>, Vec<HashMap<String, usize>>) {
        let mut topics = Vec::new();
        let mut ids = HashMap::new();
        let mut measure_ids = Vec::new();
        let Some(file) = file else {
            return (topics, ids, measure_ids);
        };
        for topic in &file.value {
            if !self.check_id(file, &topic.id, "topic") {
                continue;
            }
            if ids.contains_key(&topic.id.value) {
                let message = format!("duplicate topic id `{}`", topic.id.value);
                self.error(file, &topic.id, message, "give every topic its own id");
                continue;
            }
            let mut measures: Vec<Measure> = Vec::new();
            let mut by_id = HashMap::new();
            for measure in &topic.measures {
                if !self.check_id(file, &measure.id, "measure") {
                    continue;
                }
                if by_id.contains_key(&measure.id.value) {
                    let message = format!(
                        "duplicate measure id `{}` in topic `{}`",
                        measure.id.value, topic.id.value
                    );
                    self.error(
                        file,
                        &measure.id,
                        message,
                        "measure ids must be unique within their topic",
                    );
                    continue;
                }
                by_id.insert(measure.id.value.clone(), measures.len());
                measures.push(Measure {
                    id: measure.id.value.clone(),
                    label: measure.label.clone(),
                    unit: measure.unit.clone().or_else(|| topic.unit.clone()),
                    unit_singular: inherited_singular(&measure.unit, &measure.unit_singular, &topic.unit_singular),
                    description: measure.description.clone(),
                });
            }
            let what = format!("the description of topic `{}`", topic.id.value);
            self.markdown_urls(file, &topic.description, position(&topic.id), &what);
            ids.insert(topic.id.value.clone(), topics.len());
            measure_ids.push(by_id);
            topics.push(Topic {
                id: topic.id.value.clone(),
                title: topic.title.clone(),
                question: topic.question.clone(),
                unit: topic.unit.clone(),
                unit_singular: topic.unit_singular.clone(),
                description: topic.description.clone(),
                measures,
                claims: Vec::new(),
            });
        }
        (topics, ids, measure_ids)
    }

    fn origins(&mut self, file: Option<&Parsed<Vec<schema::OriginFile>>>) -> (Vec<Origin>, HashMap<String, OriginId>) {
        let mut origins = Vec::new();
        let mut ids = HashMap::new();
        let Some(file) = file else { return (origins, ids) };
        for origin in &file.value {
            if !self.check_id(file, &origin.id, "origin") {
                continue;
            }
            if origin.id.value == ARTICLE_ORIGIN {
                self.error(
                    file,
                    &origin.id,
                    "origin id `article` is reserved",
                    "`origin: article` means the article names no origin; choose another id",
                );
                continue;
            }
            if ids.contains_key(&origin.id.value) {
                let message = format!("duplicate origin id `{}`", origin.id.value);
                self.error(file, &origin.id, message, "give every origin its own id");
                continue;
            }
            ids.insert(origin.id.value.clone(), origins.len());
            origins.push(Origin {
                id: origin.id.value.clone(),
                name: origin.name.clone(),
                kind: origin.kind,
                description: origin.description.clone(),
                unnamed: origin.unnamed,
                claims: Vec::new(),
                relayed: Vec::new(),
            });
        }
        (origins, ids)
    }

    /// Resolves a source: its seed file, paragraphs, exclusions, and the anchors of its claims.
    fn source<'f>(&mut self, file: &'f Parsed<schema::SourceFile>) -> Option<(Source, Vec<AnchoredClaim<'f>>)> {
        let raw = &file.value;
        let published = self.date(file, &raw.published);
        let reviewed = raw.reviewed.as_ref().and_then(|date| self.date(file, date));
        let seed_key = normalize_seed_path(&raw.file.value);
        let text = match seed_key.as_deref().map(|key| (key, self.input.files.get(key))) {
            None => {
                self.error(
                    file,
                    &raw.file,
                    format!("article file `{}` is not inside seeds/", raw.file.value),
                    "put the article's text file in the dossier's seeds/ folder and write its path as `seeds/NAME.txt`",
                );
                return None;
            }
            Some((key, None)) if self.input.read_errors.iter().any(|d| d.file == key) => {
                let message = format!("article file `{key}` could not be read");
                self.error(file, &raw.file, message, format!("see the error reported for {key}"));
                return None;
            }
            Some((key, None)) => {
                let known: Vec<&str> = self
                    .input
                    .files
                    .keys()
                    .filter(|k| k.starts_with(SEEDS_DIR))
                    .map(String::as_str)
                    .collect();
                let help = match closest_name(key, &known) {
                    Some(name) => format!("did you mean `{name}`?"),
                    None => "add the article's text file to seeds/ (`dossier add-source FILE` does it)".to_owned(),
                };
                self.error(file, &raw.file, format!("article file `{key}` does not exist"), help);
                return None;
            }
            Some((key, Some(crate::load::FileContent::Bytes(_)))) => {
                self.error(
                    file,
                    &raw.file,
                    format!("article file `{key}` is not UTF-8 text"),
                    "convert the file to UTF-8",
                );
                return None;
            }
            Some((_, Some(crate::load::FileContent::Text(text)))) => text.clone(),
        };
        let seed_key = seed_key.unwrap_or_default();

        // Exclusions: lines and passages.
        // No paragraphs: the whole text is one.
        let whole: [Range<usize>; 0] = [];
        let folded = FoldedText::new(&text);
        let line_ranges = article::line_ranges(&text);
        let line_count = line_ranges.len();
        let mut excluded_lines = Vec::new();
        let mut cuts = Vec::new();
        // Every excluded part as bytes, with its entry, to explain quotes found only there.
        let mut excluded = Vec::new();
        for exclude in &raw.exclude {
            match (&exclude.lines, &exclude.text) {
                (Some(lines), None) => match parse_lines(&lines.value.0, line_count) {
                    Ok(range) => {
                        excluded.push(lint::Excluded {
                            bytes: line_ranges[range.start].start..line_ranges[range.end - 1].end,
                            entry: exclude,
                        });
                        excluded_lines.push(range);
                    }
                    Err(problem) => self.error(
                        file,
                        lines,
                        problem,
                        format!("the article has {line_count} lines; write `3` or `3-5`"),
                    ),
                },
                (None, Some(passage)) => {
                    match anchor::anchor(
                        &folded,
                        &whole,
                        &QuoteQuery {
                            quote: &passage.value,
                            prefix: None,
                            suffix: None,
                        },
                    ) {
                        Ok(found) => {
                            excluded.push(lint::Excluded {
                                bytes: found.span(),
                                entry: exclude,
                            });
                            cuts.push(found.span());
                        }
                        Err(error) => {
                            let (message, help) = describe_anchor_error(&error, &text, &seed_key, "passage to exclude");
                            self.error(file, passage, message, help);
                        }
                    }
                }
                _ => self.diagnostics.push(
                    Diagnostic::error(
                        &file.path,
                        position(&raw.id),
                        "an `exclude` entry needs exactly one of `lines` or `text`",
                    )
                    .with_source_lines(&file.text, &file.lines)
                    .with_help("write `- lines: 3-5` or `- text: \"exact passage\"`, with a `reason`"),
                ),
            }
        }
        let paragraphs = article::paragraphs(&text, raw.paragraphs, &excluded_lines, &cuts);

        let mut anchored = Vec::new();
        for claim in &raw.claims {
            let query = QuoteQuery {
                quote: &claim.quote.value,
                prefix: claim.prefix.as_deref(),
                suffix: claim.suffix.as_deref(),
            };
            match anchor::anchor(&folded, &paragraphs, &query) {
                Ok(found) => anchored.push(AnchoredClaim {
                    claim,
                    parts: found.parts,
                    paragraph: found.paragraph,
                }),
                Err(error) => {
                    let what = format!("claim `{}`: quote", claim.id.value);
                    let (message, help) =
                        explain_unanchored(&error, file, &text, &folded, &query, &excluded, &seed_key, &what);
                    self.error(file, &claim.quote, message, help);
                }
            }
        }

        // Coverage: sentences with figures or quotations that no quote touches.
        let covered = RangeSet::new(anchored.iter().flat_map(|a| a.parts.iter().cloned()).collect());
        let mut excused_ranges = Vec::new();
        for entry in &raw.unannotated {
            let query = QuoteQuery {
                quote: &entry.text.value,
                prefix: None,
                suffix: None,
            };
            match anchor::anchor(&folded, &paragraphs, &query) {
                Ok(found) => excused_ranges.push(found.span()),
                Err(error) => {
                    let what = "unannotated passage";
                    let (message, help) =
                        explain_unanchored(&error, file, &text, &folded, &query, &excluded, &seed_key, what);
                    self.error(file, &entry.text, message, help);
                }
            }
        }
        let excused = RangeSet::new(excused_ranges);
        let mut needing = 0;
        let mut uncovered = Vec::new();
        for paragraph in &paragraphs {
            for sentence in article::sentences(&text, paragraph.clone()) {
                if !article::needs_claim(&text[sentence.clone()]) {
                    continue;
                }
                needing += 1;
                if !covered.overlaps(&sentence) && !excused.overlaps(&sentence) {
                    uncovered.push(sentence);
                }
            }
        }

        let url = raw.url.as_ref().and_then(|u| self.url(file, u));
        let archive_url = raw.archive_url.as_ref().and_then(|u| self.url(file, u));
        Some((
            Source {
                id: raw.id.value.clone(),
                annotation_file: file.path.clone(),
                file: seed_key,
                title: raw.title.clone(),
                outlet: raw
                    .outlet
                    .as_deref()
                    .map(str::trim)
                    .filter(|outlet| !outlet.is_empty())
                    .map(str::to_owned),
                reviewed,
                author: raw.author.clone(),
                published: published.unwrap_or(PartialDate {
                    year: 0,
                    month: None,
                    day: None,
                }),
                url,
                archive_url,
                language: raw.language.value.clone(),
                text,
                paragraphs,
                claims: Vec::new(),
                uncovered,
                sentences_needing_claims: needing,
            },
            anchored,
        ))
    }

    fn url<F>(&mut self, file: &Parsed<F>, url: &Spanned<String>) -> Option<String> {
        let value = url.value.trim();
        if (value.starts_with("https://") || value.starts_with("http://"))
            && value.len() > 8
            && !value.contains(char::is_whitespace)
        {
            Some(value.to_owned())
        } else {
            self.error(
                file,
                url,
                format!("`{value}` is not an http(s) URL"),
                "write the full address, starting with https://",
            );
            None
        }
    }

    /// A verdict's `rating`: a whole number, or `None` for `none`. A missing or malformed one is
    /// an error (reported here; the verdict is kept so claims using it are still checked).
    fn rating(&mut self, file: &Parsed<schema::ConfigFile>, verdict: &schema::VerdictFile) -> Option<i64> {
        const HELP: &str = "write `rating: 3` (a whole number; higher means truer, the best verdict has the highest) \
                            or `rating: none` for a verdict that says nothing about truth, e.g. \"cannot be checked\"";
        let Some(rating) = &verdict.rating else {
            let message = format!("verdict `{}` has no `rating`", verdict.id.value);
            self.error(file, &verdict.id, message, HELP);
            return None;
        };
        let text = rating.value.0.trim();
        if text == "none" {
            return None;
        }
        match text.parse::<i64>() {
            Ok(number) => Some(number),
            Err(_) => {
                let message = format!(
                    "verdict `{}`: rating `{text}` is neither a whole number nor `none`",
                    verdict.id.value
                );
                self.error(file, rating, message, HELP);
                None
            }
        }
    }

    fn date<F>(&mut self, file: &Parsed<F>, date: &Spanned<schema::DateText>) -> Option<PartialDate> {
        match PartialDate::parse(&date.value.0) {
            Ok(parsed) => Some(parsed),
            Err(error) => {
                self.error(
                    file,
                    date,
                    format!("invalid date: {error}"),
                    "write YYYY-MM-DD, YYYY-MM or YYYY, e.g. 2024-11-18",
                );
                None
            }
        }
    }

    fn claim(&mut self, input: ClaimInput<'_>) -> Option<Claim> {
        let ClaimInput { file, claim, .. } = input;
        let mut ok = self.check_id(file, &claim.id, "claim");
        if let Some(note) = &claim.note {
            let what = format!("the note of claim `{}`", claim.id.value);
            self.markdown_urls(file, note, position(&claim.id), &what);
        }
        let topic = input.topic_ids.get(&claim.topic.value).copied();
        if topic.is_none() {
            let known: Vec<&str> = input.topic_ids.keys().map(String::as_str).collect();
            let help = hint("topic", &claim.topic.value, &known, "content/topics.yaml");
            let message = format!("claim `{}`: unknown topic `{}`", claim.id.value, claim.topic.value);
            self.error(file, &claim.topic, message, help);
            ok = false;
        }
        let origin = if claim.origin.value == ARTICLE_ORIGIN {
            None
        } else {
            let found = input.origin_ids.get(&claim.origin.value).copied();
            if found.is_none() {
                let known: Vec<&str> = input.origin_ids.keys().map(String::as_str).collect();
                let help = format!(
                    "{}; write `origin: article` when the article names no origin",
                    hint("origin", &claim.origin.value, &known, "content/origins.yaml")
                );
                let message = format!("claim `{}`: unknown origin `{}`", claim.id.value, claim.origin.value);
                self.error(file, &claim.origin, message, help);
                ok = false;
            }
            found
        };
        let mut via = Vec::new();
        for step in &claim.via {
            match input.origin_ids.get(&step.value) {
                Some(&id) => via.push(id),
                None => {
                    let known: Vec<&str> = input.origin_ids.keys().map(String::as_str).collect();
                    let help = hint("origin", &step.value, &known, "content/origins.yaml");
                    let message = format!("claim `{}`: unknown intermediary `{}`", claim.id.value, step.value);
                    self.error(file, step, message, help);
                    ok = false;
                }
            }
        }
        let verdict = input.verdict_ids.get(claim.verdict.value.as_str()).copied();
        if verdict.is_none() {
            let known: Vec<&str> = input.verdict_ids.keys().copied().collect();
            let help = hint(
                "verdict",
                &claim.verdict.value,
                &known,
                "the `verdicts` of dossier.yaml",
            );
            let message = format!("claim `{}`: unknown verdict `{}`", claim.id.value, claim.verdict.value);
            self.error(file, &claim.verdict, message, help);
            ok = false;
        }
        let reviewed = match &claim.reviewed {
            Some(date) => {
                let parsed = self.date(file, date);
                ok &= parsed.is_some();
                parsed
            }
            None => input.default_reviewed,
        };
        let as_of = match &claim.as_of {
            Some(date) => {
                let parsed = self.date(file, date);
                ok &= parsed.is_some();
                parsed
            }
            None => None,
        };
        let quantity = match (&claim.quantity, topic) {
            (Some(quantity), Some(topic)) => {
                let parsed = self.quantity(&input, quantity, topic);
                ok &= parsed.is_some();
                parsed
            }
            _ => None,
        };
        if claim.statement.trim().is_empty() {
            self.error(
                file,
                &claim.id,
                format!("claim `{}` has an empty statement", claim.id.value),
                "say in one sentence what the quote asserts",
            );
            ok = false;
        }
        if !ok {
            return None;
        }
        let summary = claim
            .summary
            .clone()
            .unwrap_or_else(|| derive_summary(&claim.statement));
        Some(Claim {
            id: claim.id.value.clone(),
            source: input.source,
            quote: claim.quote.value.clone(),
            quote_parts: input.parts,
            paragraph: input.paragraph,
            statement: claim.statement.trim().to_owned(),
            summary,
            topic: topic?,
            quantity,
            as_of,
            reviewed,
            origin,
            via,
            verdict: verdict?,
            note: claim.note.clone(),
            links: Vec::new(),
            origin_group: 0,
        })
    }

    fn quantity(
        &mut self,
        input: &ClaimInput<'_>,
        quantity: &schema::QuantityFile,
        topic: TopicId,
    ) -> Option<Quantity> {
        let ClaimInput { file, claim, .. } = *input;
        let measure = input.measure_ids[topic].get(&quantity.measure.value).copied();
        let topic_model = &input.topics[topic];
        if measure.is_none() {
            let known: Vec<&str> = topic_model.measures.iter().map(|m| m.id.as_str()).collect();
            let help = if known.is_empty() {
                format!(
                    "topic `{}` defines no measures; add them under its `measures:` in content/topics.yaml",
                    topic_model.id
                )
            } else {
                hint(
                    "measure",
                    &quantity.measure.value,
                    &known,
                    &format!("topic `{}`", topic_model.id),
                )
            };
            let message = format!(
                "claim `{}`: topic `{}` has no measure `{}`",
                claim.id.value, topic_model.id, quantity.measure.value
            );
            self.error(file, &quantity.measure, message, help);
        }
        let finite = |n: &Spanned<f64>| n.value.is_finite();
        let (low, high, is_range) = match (&quantity.value, &quantity.min, &quantity.max) {
            (Some(value), None, None) if finite(value) => (value.value, value.value, false),
            (None, Some(min), Some(max)) if finite(min) && finite(max) && min.value <= max.value => {
                (min.value, max.value, true)
            }
            (None, Some(min), Some(max)) if finite(min) && finite(max) => {
                let message = format!(
                    "claim `{}`: range minimum {} is above its maximum {}",
                    claim.id.value, min.value, max.value
                );
                self.error(file, min, message, "swap `min` and `max`");
                return None;
            }
            _ => {
                self.error(
                    file,
                    &quantity.measure,
                    format!(
                        "claim `{}`: a quantity needs either `value` or both `min` and `max`",
                        claim.id.value
                    ),
                    "write `value: 11000`, or `min: 10000` and `max: 12000`",
                );
                return None;
            }
        };
        let wording = match &quantity.wording {
            Some(words) if words.value.trim().is_empty() => {
                self.error(
                    file,
                    words,
                    format!("claim `{}`: `wording` is empty", claim.id.value),
                    "write the source's own words for the quantity (`wording: \"Tausende\"`), or leave `wording` out",
                );
                None
            }
            Some(words) => Some(words.value.trim().to_owned()),
            None => None,
        };
        let measure = measure?;
        let measure_model = &topic_model.measures[measure];
        Some(Quantity {
            low,
            high,
            is_range,
            qualifier: quantity.qualifier,
            wording,
            unit: quantity.unit.clone().or_else(|| measure_model.unit.clone()),
            unit_singular: inherited_singular(&quantity.unit, &quantity.unit_singular, &measure_model.unit_singular),
            measure,
        })
    }

    /// Hints at claims that carry the same figure from the same origin but are not linked.
    /// One warning per source file whose claims have no review date from anywhere (claim,
    /// source, dossier): their `ClaimReview` has no `datePublished` and the feed leaves them out.
    fn warn_unreviewed(&mut self, claims: &[Claim], locations: &[(&Parsed<schema::SourceFile>, &schema::ClaimFile)]) {
        // Claims come in source order, so one file's claims are neighbours.
        let mut by_file: Vec<(&Parsed<schema::SourceFile>, Vec<&str>)> = Vec::new();
        for (claim, (file, _)) in claims.iter().zip(locations) {
            if claim.reviewed.is_some() {
                continue;
            }
            match by_file.last_mut().filter(|(f, _)| std::ptr::eq(*f, *file)) {
                Some((_, ids)) => ids.push(&claim.id),
                None => by_file.push((file, vec![&claim.id])),
            }
        }
        for (file, ids) in by_file {
            let shown: Vec<String> = ids.iter().take(3).map(|id| format!("`{id}`")).collect();
            let more = if ids.len() > 3 {
                format!(" and {} more", ids.len() - 3)
            } else {
                String::new()
            };
            let message = format!(
                "no review date for {} claim{} ({}{more}): the published ClaimReview has no date, and the feed leaves {} out",
                ids.len(),
                if ids.len() == 1 { "" } else { "s" },
                shown.join(", "),
                if ids.len() == 1 { "it" } else { "them" },
            );
            self.warning(
                file,
                &file.value.id,
                message,
                "write the day the claims were checked as `reviewed: 2024-11-18`: on a claim, on this source (for all its claims) or in dossier.yaml (for the whole dossier)",
            );
        }
    }

    fn warn_unlinked_same_origin(
        &mut self,
        claims: &[Claim],
        locations: &[(&Parsed<schema::SourceFile>, &schema::ClaimFile)],
    ) {
        let mut seen: BTreeMap<(usize, usize, usize, u64, u64), ClaimId> = BTreeMap::new();
        for (index, claim) in claims.iter().enumerate() {
            let (Some(origin), Some(quantity)) = (claim.origin, &claim.quantity) else {
                continue;
            };
            let key = (
                claim.topic,
                quantity.measure,
                origin,
                quantity.low.to_bits(),
                quantity.high.to_bits(),
            );
            match seen.get(&key) {
                Some(&first)
                    if claims[first].origin_group != claim.origin_group && claims[first].source != claim.source =>
                {
                    let (file, raw) = locations[index];
                    let message = format!(
                        "claim `{}` has the same figure from the same origin as `{}` but they are not linked",
                        claim.id, claims[first].id
                    );
                    let help = format!(
                        "if both go back to one report, add `related: [{{claim: {}, relation: same-origin}}]` so the topic table counts it once",
                        claims[first].id
                    );
                    self.warning(file, &raw.id, message, help);
                }
                Some(_) => {}
                None => {
                    seen.insert(key, index);
                }
            }
        }
    }

    fn pages(&mut self, files: &[Parsed<crate::load::PageFile>], topics: &[Topic], sources: &[Source]) -> Vec<Page> {
        let _ = (topics, sources);
        let mut pages: Vec<Page> = Vec::new();
        for file in files {
            let front = &file.value.front;
            let slug = match &front.slug {
                Some(slug) => {
                    if let Some((problem, help)) = id_problem(&slug.value) {
                        // Front matter starts on the file's second line.
                        let at = position(slug).map(|p| Position::new(p.line + 1, p.column));
                        self.diagnostics.push(
                            Diagnostic::error(&file.path, at, format!("page slug `{}` {problem}", slug.value))
                                .with_help(help)
                                .with_source_lines(&file.text, &file.lines),
                        );
                        continue;
                    }
                    slug.value.clone()
                }
                None => {
                    let stem = file
                        .path
                        .rsplit('/')
                        .next()
                        .unwrap_or("")
                        .trim_end_matches(".md")
                        .to_owned();
                    if let Some(device) = windows_reserved_name(&stem).filter(|_| is_url_safe_id(&stem)) {
                        self.diagnostics.push(
                            Diagnostic::error(
                                &file.path,
                                None,
                                format!("page file name `{stem}` is the Windows device name {device}: the site could not be copied to, checked out or served from Windows"),
                            )
                            .with_help(format!("rename the file to `{stem}-1.md` or set `slug:` in its front matter")),
                        );
                        continue;
                    }
                    if !is_url_safe_id(&stem) {
                        self.diagnostics.push(
                            Diagnostic::error(
                                &file.path,
                                None,
                                format!("page file name `{stem}` is not a URL-safe slug"),
                            )
                            .with_help(format!(
                                "rename the file to `{}.md` or set `slug:` in its front matter",
                                suggest_id(&stem)
                            )),
                        );
                        continue;
                    }
                    stem
                }
            };
            let body_start = Some(Position::new(file.value.body_line, 1));
            self.markdown_urls(file, &file.value.body, body_start, "the page");
            if RESERVED_SLUGS.contains(&slug.as_str()) {
                // At the `slug:` value when there is one (front matter starts on line 2).
                let at = front
                    .slug
                    .as_ref()
                    .and_then(position)
                    .map(|p| Position::new(p.line + 1, p.column));
                let mut diagnostic = Diagnostic::error(
                    &file.path,
                    at,
                    format!("page slug `{slug}` is reserved for generated pages"),
                )
                .with_help(format!("choose another slug; reserved: {}", RESERVED_SLUGS.join(", ")));
                if at.is_some() {
                    diagnostic = diagnostic.with_source(&file.text);
                }
                self.diagnostics.push(diagnostic);
                continue;
            }
            if let Some(other) = pages.iter().find(|p| p.slug == slug) {
                self.diagnostics.push(
                    Diagnostic::error(
                        &file.path,
                        None,
                        format!("page slug `{slug}` is also used by {}", other.file),
                    )
                    .with_help("give each page its own slug"),
                );
                continue;
            }
            pages.push(Page {
                slug,
                title: front.title.clone(),
                nav: front.nav,
                description: front.description.clone(),
                body: file.value.body.clone(),
                verdict_scale: front.verdict_scale,
                file: file.path.clone(),
            });
        }
        pages.sort_by(|a, b| (a.nav.is_none(), a.nav, &a.slug).cmp(&(b.nav.is_none(), b.nav, &b.slug)));
        pages
    }
}

/// Slugs that generated pages use.
pub const RESERVED_SLUGS: [&str; 8] = [
    "claims", "sources", "topics", "origins", "static", "index", "404", "assets",
];

/// A claim whose quote was found: where.
struct AnchoredClaim<'a> {
    claim: &'a schema::ClaimFile,
    parts: Vec<Range<usize>>,
    paragraph: usize,
}

struct ClaimInput<'a> {
    file: &'a Parsed<schema::SourceFile>,
    claim: &'a schema::ClaimFile,
    source: SourceId,
    parts: Vec<Range<usize>>,
    paragraph: usize,
    topics: &'a [Topic],
    topic_ids: &'a HashMap<String, TopicId>,
    measure_ids: &'a [HashMap<String, usize>],
    origin_ids: &'a HashMap<String, OriginId>,
    verdict_ids: &'a HashMap<&'a str, VerdictId>,
    /// The review date its source gives, else the dossier's.
    default_reviewed: Option<PartialDate>,
}

struct UnionFind {
    parent: Vec<usize>,
}

impl UnionFind {
    fn new(len: usize) -> Self {
        Self {
            parent: (0..len).collect(),
        }
    }
    fn find(&mut self, mut x: usize) -> usize {
        while self.parent[x] != x {
            self.parent[x] = self.parent[self.parent[x]];
            x = self.parent[x];
        }
        x
    }
    fn union(&mut self, a: usize, b: usize) {
        let (ra, rb) = (self.find(a), self.find(b));
        // The smaller index is the root, so a group is named by its first claim.
        if ra < rb {
            self.parent[rb] = ra;
        } else {
            self.parent[ra] = rb;
        }
    }
}

/// Where `needle` first occurs in `text` (exactly, else ignoring ASCII case).
fn locate(text: &str, needle: &str) -> Option<Position> {
    if needle.is_empty() {
        return None;
    }
    let offset = text
        .find(needle)
        .or_else(|| text.to_ascii_lowercase().find(&needle.to_ascii_lowercase()))?;
    Some(Position::of_offset(text, offset))
}

/// `seeds/x.txt` (or `./seeds/x.txt`) as a key of the input files; `None` when the path leaves
/// `seeds/` or is absolute.
pub fn normalize_seed_path(path: &str) -> Option<String> {
    let mut parts = Vec::new();
    for part in path.split(['/', '\\']) {
        match part {
            "" | "." => {}
            ".." => return None,
            part if part.contains('\0') || part.contains(':') => return None,
            part => parts.push(part),
        }
    }
    if path.starts_with('/') || path.starts_with('\\') || parts.len() < 2 || parts[0] != SEEDS_DIR.trim_end_matches('/')
    {
        return None;
    }
    Some(parts.join("/"))
}

fn parse_lines(text: &str, line_count: usize) -> Result<Range<usize>, String> {
    let bad = || format!("`{text}` is not a line number or a range of lines");
    let (first, last) = match text.split_once('-') {
        Some((a, b)) => (
            a.trim().parse::<usize>().map_err(|_| bad())?,
            b.trim().parse::<usize>().map_err(|_| bad())?,
        ),
        None => {
            let n = text.trim().parse::<usize>().map_err(|_| bad())?;
            (n, n)
        }
    };
    if first == 0 || first > last {
        return Err(bad());
    }
    if last > line_count {
        return Err(format!("line {last} is past the end of the article"));
    }
    Ok(first - 1..last)
}

fn normalize_base_url(url: &str) -> Result<String, String> {
    base_url::normalize(url)
}

/// Checks and normalises a base URL given on the command line.
pub fn parse_base_url(url: &str) -> Result<String, String> {
    normalize_base_url(url)
}

fn derive_summary(statement: &str) -> String {
    const LIMIT: usize = 75;
    let statement = statement.trim().trim_end_matches('.');
    if statement.chars().count() <= LIMIT {
        return statement.to_owned();
    }
    let mut cut = String::new();
    for word in statement.split_whitespace() {
        if cut.chars().count() + word.chars().count() + 1 > LIMIT - 1 {
            break;
        }
        if !cut.is_empty() {
            cut.push(' ');
        }
        cut.push_str(word);
    }
    format!("{cut}…")
}

/// A URL-safe version of `id`, for hints.
pub fn suggest_id(id: &str) -> String {
    let mut out = String::new();
    for c in id.to_lowercase().chars() {
        let mapped = match c {
            'ä' => "ae".to_owned(),
            'ö' => "oe".to_owned(),
            'ü' => "ue".to_owned(),
            'ß' => "ss".to_owned(),
            c if c.is_ascii_alphanumeric() => c.to_string(),
            _ => "-".to_owned(),
        };
        out.push_str(&mapped);
    }
    let parts: Vec<&str> = out.split('-').filter(|p| !p.is_empty()).collect();
    let joined = parts.join("-");
    if joined.is_empty() { "my-id".to_owned() } else { joined }
}

fn hint(what: &str, wrong: &str, known: &[&str], place: &str) -> String {
    match closest_name(wrong, known) {
        Some(name) => format!("did you mean `{name}`? {what}s are defined in {place}"),
        None if known.is_empty() => format!("define the {what} in {place}"),
        None => {
            let mut sorted = known.to_vec();
            sorted.sort_unstable();
            let more = if sorted.len() > 8 {
                format!(" and {} more", sorted.len() - 8)
            } else {
                String::new()
            };
            sorted.truncate(8);
            format!("{what}s are defined in {place}; known: {}{more}", sorted.join(", "))
        }
    }
}

/// Byte ranges (quotes, excused passages) asked whether any overlaps a sentence: sorted by start
/// with the running maximum of ends, so each question is a binary search, however many claims
/// and sentences an article holds.
struct RangeSet {
    ranges: Vec<Range<usize>>,
    /// `max_end[i]`: the largest end among `ranges[..=i]`.
    max_end: Vec<usize>,
}

impl RangeSet {
    fn new(mut ranges: Vec<Range<usize>>) -> RangeSet {
        ranges.sort_by_key(|r| r.start);
        let max_end = ranges
            .iter()
            .scan(0, |max, r| {
                *max = r.end.max(*max);
                Some(*max)
            })
            .collect();
        RangeSet { ranges, max_end }
    }

    /// Whether a range of the set starts before `other` ends and ends after it starts.
    fn overlaps(&self, other: &Range<usize>) -> bool {
        let starting_before_end = self.ranges.partition_point(|r| r.start < other.end);
        starting_before_end
            .checked_sub(1)
            .and_then(|last| self.max_end.get(last))
            .is_some_and(|&end| end > other.start)
    }
}

/// Message and help for a quote (or passage) that did not anchor in the article's body: why it
/// is not in the body when it is elsewhere in the article, else [`describe_anchor_error`].
#[allow(clippy::too_many_arguments)]
fn explain_unanchored(
    error: &AnchorError,
    file: &Parsed<schema::SourceFile>,
    text: &str,
    folded: &FoldedText,
    query: &QuoteQuery<'_>,
    excluded: &[lint::Excluded<'_>],
    seed: &str,
    what: &str,
) -> (String, String) {
    if let AnchorError::NotFound { .. } = error
        && let Some(explained) = lint::unfound_quote(file, text, folded, query, excluded, seed, what)
    {
        return explained;
    }
    describe_anchor_error(error, text, seed, what)
}

fn describe_anchor_error(error: &AnchorError, text: &str, seed: &str, what: &str) -> (String, String) {
    let excerpt = |range: &Range<usize>| -> String {
        let passage = text.get(range.clone()).unwrap_or("");
        let passage: String = passage.split_whitespace().collect::<Vec<_>>().join(" ");
        if passage.chars().count() > 160 {
            format!("{}…", passage.chars().take(160).collect::<String>())
        } else {
            passage
        }
    };
    let place = |range: &Range<usize>| {
        let at = Position::of_offset(text, range.start);
        format!("{seed}:{}:{}", at.line, at.column)
    };
    // The first few places only: a quote may occur a hundred thousand times, and each place
    // costs a scan of the article.
    let places = |candidates: &[Range<usize>]| {
        let mut list = candidates
            .iter()
            .take(anchor::LISTED_CANDIDATES)
            .map(place)
            .collect::<Vec<_>>()
            .join(", ");
        if let Some(more) = candidates
            .len()
            .checked_sub(anchor::LISTED_CANDIDATES)
            .filter(|&n| n > 0)
        {
            list.push_str(&format!(" … and {more} more"));
        }
        list
    };
    match error {
        AnchorError::EmptyQuote => (format!("{what} is empty"), "copy the exact words from the article".to_owned()),
        AnchorError::NotFound { closest: Some(range) } => (
            format!("{what} not found in {seed}"),
            format!("closest passage ({}): \"{}\"", place(range), excerpt(range)),
        ),
        AnchorError::NotFound { closest: None } => (
            format!("{what} not found in {seed}"),
            "copy the exact words from the article's body (excluded lines and passages do not count); use `…` for a gap within one paragraph".to_owned(),
        ),
        AnchorError::Ambiguous { candidates } => (
            format!("{what} occurs {} times in {seed}", candidates.len()),
            format!(
                "add `prefix:` or `suffix:` with the words around the intended place; found at {}",
                places(candidates)
            ),
        ),
        AnchorError::ContextMismatch { candidates } => (
            format!("{what} is found, but its `prefix`/`suffix` do not match the text around it in {seed}"),
            format!(
                "fix or remove `prefix`/`suffix`; the quote is at {}",
                places(candidates)
            ),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn range_set_overlaps_like_testing_every_range() {
        let mut state = 3u64;
        let mut below = |n: usize| {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (state >> 33) as usize % n
        };
        for _ in 0..500 {
            let ranges: Vec<Range<usize>> = (0..below(6))
                .map(|_| {
                    let a = below(30);
                    a..a + below(8)
                })
                .collect();
            let set = RangeSet::new(ranges.clone());
            for s in 0..30 {
                for e in s..32 {
                    let sentence = s..e;
                    let expected = ranges.iter().any(|r| r.start < sentence.end && sentence.start < r.end);
                    assert_eq!(set.overlaps(&sentence), expected, "{ranges:?} {sentence:?}");
                }
            }
        }
    }

    /// What of a dossier a cached resolve must get exactly right: every source with its text,
    /// paragraphs and coverage, every claim with its anchored quote.
    fn fingerprint(dossier: &Dossier) -> String {
        serde_json::to_string(&(&dossier.sources, &dossier.claims, &dossier.topics, &dossier.origins))
            .expect("serialisable")
    }

    fn resolve_both(input: &InputFiles, cache: &mut SourceCache) -> (Option<String>, String, Option<String>, String) {
        let mut plain_problems = Diagnostics::new();
        let parsed = crate::load::parse(input, &mut plain_problems);
        let mut cached_problems = plain_problems.clone();
        let plain = resolve(&parsed, input, &mut plain_problems);
        let cached = resolve_cached(&parsed, input, &mut cached_problems, cache);
        (
            plain.as_ref().map(fingerprint),
            plain_problems.render(),
            cached.as_ref().map(fingerprint),
            cached_problems.render(),
        )
    }

    #[test]
    fn a_cached_resolve_equals_a_fresh_one_when_articles_change_under_unchanged_annotations() {
        let (mut input, _) = crate::generate::input_files(
            std::path::Path::new("/nonexistent"),
            &crate::generate::GenerateOptions { sources: 4, seed: 9 },
        );
        let seed = input
            .files
            .keys()
            .find(|key| key.starts_with("seeds/"))
            .expect("a seed")
            .clone();
        let original = input.text(&seed).expect("text").to_string();
        let mut cache = SourceCache::default();
        let first = resolve_both(&input, &mut cache);
        assert!(first.0.is_some() && first.1.is_empty(), "{}", first.1);
        assert_eq!(first.0, first.2);
        assert_eq!(cache.by_file.len(), 4, "every clean source is kept");

        // A paragraph added at the end: the same quotes, other text and coverage.
        input.insert_text(&seed, &format!("{original}\n\nEin neuer Absatz mit 12.345 Soldaten.\n"));
        let grown = resolve_both(&input, &mut cache);
        assert_eq!((&grown.0, &grown.1), (&grown.2, &grown.3));
        assert_ne!(grown.0, first.0, "the change shows");

        // The article cut down to its first line: quotes no longer anchor, in both alike.
        let first_line = original.lines().next().unwrap_or_default().to_owned();
        input.insert_text(&seed, &first_line);
        let cut = resolve_both(&input, &mut cache);
        assert!(
            cut.1.contains("error"),
            "quotes that no longer anchor are errors: {}",
            cut.1
        );
        assert_eq!((&cut.0, &cut.1), (&cut.2, &cut.3));
        assert_eq!(cache.by_file.len(), 3, "a source with problems is not kept");

        input.insert_text(&seed, &original);
        let back = resolve_both(&input, &mut cache);
        assert_eq!(back, first);
    }

    #[test]
    fn url_safe_ids() {
        assert!(is_url_safe_id("nk-troops-11000"));
        for bad in ["", "Nk", "a b", "../x", "a--b", "-a", "a-", "ä", "a/b", "a\0b"] {
            assert!(!is_url_safe_id(bad), "{bad:?} must be rejected");
        }
    }

    #[test]
    fn seed_paths_stay_inside_seeds() {
        assert_eq!(normalize_seed_path("seeds/a.txt").as_deref(), Some("seeds/a.txt"));
        assert_eq!(normalize_seed_path("./seeds//a.txt").as_deref(), Some("seeds/a.txt"));
        for bad in [
            "../seeds/a.txt",
            "/etc/passwd",
            "seeds/../dossier.yaml",
            "content/a.txt",
            "seeds",
            "C:/seeds/a",
        ] {
            assert_eq!(normalize_seed_path(bad), None, "{bad}");
        }
    }

    #[test]
    fn suggestions() {
        assert_eq!(suggest_id("Nordkorea Truppen!"), "nordkorea-truppen");
        assert_eq!(
            closest_name("nordkorea-trupen", &["nordkorea-truppen", "russland"]),
            Some("nordkorea-truppen")
        );
        assert_eq!(closest_name("xyz", &["nordkorea-truppen"]), None);
    }

    #[test]
    fn summaries_are_short() {
        let long = "Nordkorea hat nach Angaben von Bloomberg bis zu 100.000 Soldaten zur Unterstützung Russlands an die Front geschickt.";
        let summary = derive_summary(long);
        assert!(summary.chars().count() <= 75, "{summary}");
        assert!(summary.ends_with('…'));
        assert_eq!(derive_summary("Kurz."), "Kurz");
    }

    #[test]
    fn base_urls() {
        assert_eq!(
            normalize_base_url("https://example.org/dossier").unwrap(),
            "https://example.org/dossier/"
        );
        assert!(normalize_base_url("example.org").is_err());
        assert!(normalize_base_url("https:///x").is_err());
    }
}
