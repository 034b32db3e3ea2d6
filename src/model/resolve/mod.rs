//! Resolution: parsed files in, a [`Dossier`] out, one phase per kind of entity.
//!
//! [`resolve`] checks everything against everything: ids are unique and URL-safe, every
//! reference (topic, measure, origin, verdict, related claim, seed file) exists, dates are real
//! dates, and every quote is anchored to a span of its article. Problems become
//! [`Diagnostic`]s with file, line and column; resolution goes on after a problem so that one
//! run reports them all. The phases, in order: [`config`], [`topics`], [`origins`], [`sources`]
//! (with [`anchors`]: exclusions, quotes, coverage), [`claims`], [`links`] (relations and
//! same-origin groups), the reverse links, the claim warnings and lint, [`pages`], then
//! [`provenance`] over the whole dossier (independent origins, verdict rules, constraints,
//! suggested links).

mod anchors;
mod claims;
mod config;
pub(super) mod links;
mod markdown_fields;
mod origins;
mod pages;
mod provenance;
mod sources;
mod topics;

use serde_saphyr::Spanned;

use super::cache::SourceCache;
use super::claim_cache::ClaimCache;
use super::provenance::suggestions::SuggestionMemo;
use super::text_scans::TextScans;
use super::types::Dossier;
use super::{PartialDate, lint};
use crate::diagnostic::{Diagnostic, Diagnostics, Language, Position};
use crate::load::schema;
use crate::load::{InputFiles, Parsed, ParsedDossier};
use crate::model::ids::id_problem;
use crate::say;

pub use crate::model::article::parse_lines;
pub(in crate::model) use markdown_fields::PendingRef;
pub use pages::RESERVED_SLUGS;
pub use sources::normalize_seed_path;
pub(super) use sources::{AnchoredClaim, SourceOutcome};

/// Resolves parsed files into a dossier. Returns `None` when something essential (the config)
/// is missing; otherwise a dossier built from everything that could be resolved, with every
/// problem in `diagnostics`.
pub fn resolve(parsed: &ParsedDossier, input: &InputFiles, diagnostics: &mut Diagnostics) -> Option<Dossier> {
    let mut resolver = Resolver::new(diagnostics, input);
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
    let mut resolver = Resolver::new(diagnostics, input);
    resolver.run(parsed, Some(cache))
}

/// The state every phase shares: where problems go and the files read.
pub(super) struct Resolver<'a> {
    pub(super) diagnostics: &'a mut Diagnostics,
    pub(super) input: &'a InputFiles,
    /// The language of every message: the UI language `dossier.yaml` asks for.
    pub(super) language: Language,
    /// The cross-references of the Markdown fields read so far, checked once every entity is
    /// known ([`Resolver::check_cross_refs`]).
    pub(super) cross_refs: Vec<markdown_fields::PendingRef>,
    /// What was read from notes and quotes, by text (kept by `serve` between runs).
    pub(super) scans: TextScans,
    /// Claims as resolved and linted before (kept by `serve` between runs); `None` when nothing
    /// is kept.
    pub(super) claim_cache: Option<ClaimCache>,
    /// Suggested links as found before, by the claims compared (kept by `serve`).
    pub(super) suggestion_memo: Option<SuggestionMemo>,
}

impl<'a> Resolver<'a> {
    pub(super) fn new(diagnostics: &'a mut Diagnostics, input: &'a InputFiles) -> Self {
        Self {
            diagnostics,
            language: input.language(),
            input,
            cross_refs: Vec::new(),
            scans: TextScans::default(),
            claim_cache: None,
            suggestion_memo: None,
        }
    }
}

impl Resolver<'_> {
    fn run(&mut self, parsed: &ParsedDossier, mut cache: Option<&mut SourceCache>) -> Option<Dossier> {
        let config_file = parsed.config.as_ref()?;
        if let Some(cache) = cache.as_deref_mut() {
            self.scans = std::mem::take(&mut cache.scans);
            let mut claims = std::mem::take(&mut cache.claims);
            claims.start_run(parsed, self.language);
            self.claim_cache = Some(claims);
            self.suggestion_memo = Some(std::mem::take(&mut cache.suggestions));
        }
        let mut config = self.config(config_file);
        for file in &parsed.sources {
            let language = self.language;
            match self.claim_cache.as_mut() {
                Some(cache) => {
                    let found = cache.file_lint(&file.path, &file.text, |found| {
                        lint::source_file(file, found, language);
                    });
                    for diagnostic in found {
                        self.diagnostics.push(diagnostic.clone());
                    }
                }
                None => lint::source_file(file, self.diagnostics, language),
            }
        }
        let mut topics = self.topics(parsed.topics.as_ref());
        let mut origins = self.origins(parsed.origins.as_ref());
        let (mut sources, anchored) = self.sources(&parsed.sources, cache.as_deref_mut());
        let references = claims::References::new(&config, &topics, &origins);
        let mut claims = self.claims(anchored, &sources, &references);
        // Ids declared but not resolved: looked up only where `claims.ids` has no such claim.
        let mut declared = claims::dropped_ids(&parsed.sources, &claims.ids);
        // Claims of source files that did not parse exist for the annotator all the same.
        declared.extend(parsed.unparsed_claims.values().flatten().map(String::as_str));
        config.highlights = self.highlights(config_file, &claims.ids, &declared);
        self.link_claims(
            &mut claims.claims,
            links::Lookup {
                ids: &claims.ids,
                locations: &claims.locations,
                declared: &declared,
                origins: &origins.origins,
                sources: &sources,
            },
        );
        claims::attach(&claims.claims, &mut sources, &mut topics.topics, &mut origins.origins);
        self.claim_warnings(&claims, &sources);
        let pages = self.pages(&parsed.pages);
        let unparsed_sources: std::collections::HashSet<&str> =
            parsed.unparsed_sources.values().map(String::as_str).collect();
        self.check_cross_refs(markdown_fields::Known {
            claims: &claims.ids,
            declared: &declared,
            sources: &sources,
            unparsed_sources: &unparsed_sources,
            topics: &topics.topics,
            origins: &origins.origins,
        });
        let mut dossier = Dossier {
            config,
            sources,
            claims: claims.claims,
            topics: topics.topics,
            origins: origins.origins,
            pages,
        };
        self.provenance(&mut dossier, &claims.locations, &claims.ids, parsed);
        if let Some(cache) = cache {
            self.scans.finish_run();
            cache.scans = std::mem::take(&mut self.scans);
            if let Some(mut claims) = self.claim_cache.take() {
                claims.finish_run();
                cache.claims = claims;
            }
            if let Some(mut suggestions) = self.suggestion_memo.take() {
                suggestions.finish_run();
                cache.suggestions = suggestions;
            }
        }
        Some(dossier)
    }

    pub(super) fn error<T, F>(
        &mut self,
        file: &Parsed<F>,
        at: &Spanned<T>,
        message: impl Into<String>,
        help: impl Into<String>,
    ) {
        let diagnostic = Diagnostic::error(&file.path, position(at), message);
        self.push_in(file, diagnostic.with_help(help));
    }

    pub(super) fn warning<T, F>(
        &mut self,
        file: &Parsed<F>,
        at: &Spanned<T>,
        message: impl Into<String>,
        help: impl Into<String>,
    ) {
        let diagnostic = Diagnostic::warning(&file.path, position(at), message);
        self.push_in(file, diagnostic.with_help(help));
    }

    /// Adds `diagnostic`, showing the lines of `file` it points at.
    fn push_in<F>(&mut self, file: &Parsed<F>, diagnostic: Diagnostic) {
        self.diagnostics
            .push(diagnostic.with_source_lines(&file.text, &file.lines));
    }

    /// Whether `id` is a good id; reports it when not. `what` names what it is the id of
    /// ("claim", "Behauptung"), in the messages' language.
    pub(super) fn check_id<F>(&mut self, file: &Parsed<F>, id: &Spanned<String>, what: &str) -> bool {
        let Some((problem, help)) = id_problem(&id.value, self.language) else {
            return true;
        };
        let value = &id.value;
        let message = say!(
            self.language,
            "{what} id `{value}` {problem}",
            "die Kennung `{value}` ({what}) {problem}"
        );
        self.error(file, id, message, help);
        false
    }

    pub(super) fn url<F>(&mut self, file: &Parsed<F>, url: &Spanned<String>) -> Option<String> {
        let value = url.value.trim();
        if (value.starts_with("https://") || value.starts_with("http://"))
            && value.len() > 8
            && !value.contains(char::is_whitespace)
        {
            Some(value.to_owned())
        } else {
            let language = self.language;
            self.error(
                file,
                url,
                say!(
                    language,
                    "`{value}` is not an http(s) URL",
                    "`{value}` ist keine http(s)-URL"
                ),
                say!(
                    language,
                    "write the full address, starting with https://",
                    "Schreiben Sie die vollständige Adresse, beginnend mit https://"
                ),
            );
            None
        }
    }

    pub(super) fn date<F>(&mut self, file: &Parsed<F>, date: &Spanned<schema::DateText>) -> Option<PartialDate> {
        match PartialDate::parse(&date.value.0) {
            Ok(parsed) => Some(parsed),
            Err(error) => {
                let language = self.language;
                let error = error.describe(language);
                self.error(
                    file,
                    date,
                    say!(language, "invalid date: {error}", "ungültiges Datum: {error}"),
                    say!(
                        language,
                        "write YYYY-MM-DD, YYYY-MM or YYYY, e.g. 2024-11-18",
                        "Schreiben Sie JJJJ-MM-TT, JJJJ-MM oder JJJJ, z. B. 2024-11-18"
                    ),
                );
                None
            }
        }
    }
}

/// Where a parsed value sits, for messages.
pub(super) fn position<T>(spanned: &Spanned<T>) -> Option<Position> {
    Some(Position::from(&spanned.referenced))
}

/// `file:line:column` of a value, for messages that name a second place ("first used at …").
pub(super) fn place<T>(file: &str, spanned: &Spanned<T>) -> String {
    let at = Position::from(&spanned.referenced);
    format!("{file}:{}:{}", at.line, at.column)
}

/// The singular of the unit in effect: the one given beside it where the unit itself is given;
/// where no unit is given (it is inherited), the own singular or else the inherited one.
pub(super) fn inherited_singular(
    unit: &Option<String>,
    singular: &Option<String>,
    inherited: &Option<String>,
) -> Option<String> {
    match unit {
        Some(_) => singular.clone(),
        None => singular.clone().or_else(|| inherited.clone()),
    }
}

/// Where `needle` first occurs in `text` (exactly, else ignoring ASCII case).
pub(super) fn locate(text: &str, needle: &str) -> Option<Position> {
    if needle.is_empty() {
        return None;
    }
    let offset = text
        .find(needle)
        .or_else(|| text.to_ascii_lowercase().find(&needle.to_ascii_lowercase()))?;
    Some(Position::of_offset(text, offset))
}
