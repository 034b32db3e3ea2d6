//! The cache `serve` keeps between rebuilds: resolved sources, each reused while its annotation
//! file and its article are unchanged (see [`super::resolve_cached`]).

use std::collections::HashMap;
use std::ops::Range;
use std::sync::Arc;

use super::claim_cache::ClaimCache;
use super::provenance::suggestions::SuggestionMemo;
use super::resolve::{AnchoredClaim, SourceOutcome, normalize_seed_path};
use super::text_scans::TextScans;
use super::types::Source;
use crate::load::schema;
use crate::load::{FileContent, InputFiles, Parsed};

/// Sources as [`resolve_cached`] last resolved them, by annotation file: the article read,
/// excluded passages cut, paragraphs found, every quote anchored (the costly part of resolving,
/// and independent of every other file).
#[derive(Debug, Default)]
pub struct SourceCache {
    by_file: HashMap<String, CachedSource>,
    /// The scans of notes and quotes the last run read (see [`TextScans`]).
    pub(super) scans: TextScans,
    /// The claims the last run resolved and linted (see [`ClaimCache`]).
    pub(super) claims: ClaimCache,
    /// The suggested links the last run found (see [`SuggestionMemo`]).
    pub(super) suggestions: SuggestionMemo,
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
    pub(super) fn get<'f>(
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
            Some(FileContent::Text(article)) if same(&cached.article, article) => {}
            _ => return None,
        }
        let anchored = cached
            .anchored
            .iter()
            .map(|(index, parts, paragraph)| {
                Some(AnchoredClaim {
                    claim: file.value.claims.get(*index)?,
                    index: *index,
                    parts: parts.clone(),
                    paragraph: *paragraph,
                })
            })
            .collect::<Option<Vec<_>>>()?;
        Some((cached.source.clone(), anchored))
    }

    fn insert(&mut self, file: &Parsed<schema::SourceFile>, source: &Source, anchored: &[AnchoredClaim<'_>]) {
        let anchored = anchored
            .iter()
            .map(|a| (a.index, a.parts.clone(), a.paragraph))
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

    /// Keeps exactly the clean sources of this run (resolved without a problem), reusing the
    /// entries that are unchanged.
    pub(super) fn keep_clean(&mut self, resolved: &[SourceOutcome<'_>]) {
        let mut kept = SourceCache {
            by_file: HashMap::new(),
            scans: std::mem::take(&mut self.scans),
            claims: std::mem::take(&mut self.claims),
            suggestions: std::mem::take(&mut self.suggestions),
        };
        for (file, found, source) in resolved {
            if let (true, Some((source, anchored))) = (found.is_empty(), source) {
                match self.by_file.remove(&file.path) {
                    Some(entry)
                        if Arc::ptr_eq(&entry.yaml, &file.text) && Arc::ptr_eq(&entry.article, &source.text) =>
                    {
                        kept.by_file.insert(file.path.clone(), entry);
                    }
                    _ => kept.insert(file, source, anchored),
                }
            }
        }
        *self = kept;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Diagnostics;
    use crate::model::{Dossier, resolve, resolve_cached};

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
        // Generated figures are random: suggested links are the only warnings.
        let only_suggestions = |rendered: &str| {
            rendered
                .lines()
                .filter(|l| l.starts_with("warning:") || l.starts_with("error:"))
                .all(|l| l.starts_with("warning:") && crate::model::provenance::suggestions::is_suggestion(l))
        };
        assert!(first.0.is_some() && only_suggestions(&first.1), "{}", first.1);
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

    /// Each kept claim is reused only while everything it was resolved against is the same:
    /// an edit to the topics, the origins, `dossier.yaml`, the messages' language, an article,
    /// or a source added before all others (every source index shifted) gives the cached
    /// resolve exactly what a fresh one gives; a stale record would show in the claims or
    /// their problems.
    #[test]
    fn kept_claims_follow_the_files_they_were_resolved_against() {
        let (mut input, summary) = crate::generate::input_files(
            std::path::Path::new("/nonexistent"),
            &crate::generate::GenerateOptions { sources: 3, seed: 4 },
        );
        let mut cache = SourceCache::default();
        let first = resolve_both(&input, &mut cache);
        assert_eq!(first.0, first.2);
        assert_eq!(cache.claims.len(), summary.claims, "every claim is kept");
        let original = |input: &InputFiles, key: &str| input.text(key).expect("text").to_string();
        let mut check = |input: &InputFiles, what: &str| {
            let cached = resolve_both(input, &mut cache);
            assert_eq!((&cached.0, &cached.1), (&cached.2, &cached.3), "{what}");
            assert_ne!((&cached.0, &cached.1), (&first.0, &first.1), "{what}: the change shows");
            cached
        };
        let replace = |input: &mut InputFiles, key: &str, from: &str, to: &str| {
            let text = original(input, key);
            assert!(text.contains(from), "{key} has {from}");
            input.insert_text(key, &text.replacen(from, to, 1));
            text
        };

        // A topic's unit (every figure of the topic shows it), a measure renamed (its claims
        // become errors), an origin renamed, a verdict renamed, the review date; a source
        // file's language tag and a placeholder in it.
        let edits: [(&str, &str, &str); 7] = [
            ("content/topics.yaml", "unit: \"Euro\"", "unit: \"Dollar\""),
            ("content/topics.yaml", "- id: bestaetigt", "- id: bestaetigt-neu"),
            (
                "content/origins.yaml",
                "- id: generalstab-nordland-6",
                "- id: generalstab-6",
            ),
            ("dossier.yaml", "- id: plausibel", "- id: glaubhaft"),
            ("dossier.yaml", "reviewed: 2026-12-01", "reviewed: 2026-12-24"),
            // The source file's own lint (its language tag, a placeholder).
            ("content/sources/00001.yaml", "language: de", "language: deutsch"),
            ("content/sources/00002.yaml", "outlet: ", "outlet: TODO "),
        ];
        for (key, from, to) in edits {
            let before = replace(&mut input, key, from, to);
            check(&input, &format!("{key}: {from} → {to}"));
            input.insert_text(key, &before);
        }

        // The messages' language: the same errors (a measure renamed), in English.
        let topics = replace(
            &mut input,
            "content/topics.yaml",
            "- id: bestaetigt",
            "- id: bestaetigt-neu",
        );
        check(&input, "a measure renamed");
        let config = replace(&mut input, "dossier.yaml", "language: de", "language: en");
        let english = check(&input, "in English");
        assert!(english.3.contains("has no measure"), "{}", english.3);
        input.insert_text("dossier.yaml", &config);
        input.insert_text("content/topics.yaml", &topics);

        // The article of the first source: a paragraph before every quote moves them all.
        let seed = "seeds/00000_kranonowitz.txt";
        let article = original(&input, seed);
        let (heading, body) = article.split_once('\n').expect("a heading line");
        input.insert_text(seed, &format!("{heading}\nEin neuer erster Absatz.\n\n{body}"));
        check(&input, "a paragraph inserted into an article");
        input.insert_text(seed, &article);

        // A source before all others: every claim's source index shifts by one.
        let first_source = original(&input, "content/sources/00000.yaml");
        let copy = first_source
            .replacen("id: quelle-00000-kranonowitz", "id: aaa-erste-quelle", 1)
            .replace("  - id: ", "  - id: kopie-");
        input.insert_text("content/sources/0.yaml", &copy);
        check(&input, "a source added before all others");
        input.files.remove("content/sources/0.yaml");

        let back = resolve_both(&input, &mut cache);
        assert_eq!(back, first);
    }

    /// The suggested links' warnings a cached resolve keeps per set of comparable claims are
    /// worded again whenever a text they read changes though the claims compared do not: the
    /// origins' names, a unit, the lines above the claims (their positions), the files' paths,
    /// the messages' language. A kept warning would show the old words or place.
    #[test]
    fn remembered_suggestion_warnings_follow_every_text_they_read() {
        let (mut input, _) = crate::generate::input_files(
            std::path::Path::new("/nonexistent"),
            &crate::generate::GenerateOptions { sources: 12, seed: 3 },
        );
        let mut cache = SourceCache::default();
        let first = resolve_both(&input, &mut cache);
        assert_eq!(first.0, first.2);
        let same_origin = crate::model::provenance::suggestions::same_origin_words(crate::diagnostic::Language::De);
        assert!(first.1.contains(same_origin), "{}", first.1);
        assert!(cache.suggestions.worded_len() > 0, "warnings are remembered");
        let again = resolve_both(&input, &mut cache);
        assert_eq!(again, first);

        let sources: Vec<String> = input
            .files
            .keys()
            .filter(|key| key.starts_with("content/sources/"))
            .cloned()
            .collect();
        let text = |input: &InputFiles, key: &str| input.text(key).expect("text").to_string();
        type Edit = Box<dyn Fn(&mut InputFiles)>;
        let renamed = sources.clone();
        let edits: Vec<(&str, Edit)> = vec![
            (
                "every origin renamed",
                Box::new(move |input: &mut InputFiles| {
                    let origins = text(input, "content/origins.yaml");
                    input.insert_text("content/origins.yaml", &origins.replace("\n  name: ", "\n  name: Neu "));
                }),
            ),
            (
                "a unit renamed",
                Box::new(move |input: &mut InputFiles| {
                    let topics = text(input, "content/topics.yaml");
                    assert!(topics.contains("unit: \"Euro\""));
                    input.insert_text(
                        "content/topics.yaml",
                        &topics.replace("unit: \"Euro\"", "unit: \"Dollar\""),
                    );
                }),
            ),
            (
                "a line above every claim",
                Box::new(move |input: &mut InputFiles| {
                    for key in &sources {
                        let yaml = text(input, key);
                        input.insert_text(key, &format!("# Anmerkung\n{yaml}"));
                    }
                }),
            ),
            (
                "every source file renamed",
                Box::new(move |input: &mut InputFiles| {
                    for key in &renamed {
                        let yaml = text(input, key);
                        input.files.remove(key);
                        input.insert_text(&key.replace("sources/", "sources/q"), &yaml);
                    }
                }),
            ),
            (
                "the messages in English",
                Box::new(move |input: &mut InputFiles| {
                    let config = text(input, "dossier.yaml");
                    input.insert_text("dossier.yaml", &config.replacen("language: de", "language: en", 1));
                }),
            ),
        ];
        for (what, edit) in edits {
            let before = input.clone();
            edit(&mut input);
            let cached = resolve_both(&input, &mut cache);
            assert_eq!((&cached.0, &cached.1), (&cached.2, &cached.3), "{what}");
            assert_ne!(cached.1, first.1, "{what}: the change shows");
            input = before;
            assert_eq!(resolve_both(&input, &mut cache), first, "{what}: back");
        }
    }

    #[test]
    fn remembered_note_and_quote_scans_follow_edits_to_notes_and_figures() {
        let (mut input, _) = crate::generate::input_files(
            std::path::Path::new("/nonexistent"),
            &crate::generate::GenerateOptions { sources: 3, seed: 4 },
        );
        let key = input
            .files
            .keys()
            .find(|key| key.starts_with("content/sources/"))
            .expect("a source file")
            .clone();
        let original = input.text(&key).expect("text").to_string();
        let mut cache = SourceCache::default();
        let first = resolve_both(&input, &mut cache);
        assert_eq!(first.0, first.2);
        assert!(!cache.scans.is_empty(), "notes and quotes are remembered");

        // A script link in a note and a figure its quote does not write: both reported by the
        // cached resolve as by a fresh one, though the texts around them were scanned before.
        let note_line = original
            .lines()
            .find(|line| line.starts_with("      ") && !line.trim().is_empty() && !line.trim_start().starts_with('-'))
            .expect("a note line");
        let edited = original
            .replacen(
                note_line,
                &format!("      [Quelle](javascript:alert(1)) {}", note_line.trim()),
                1,
            )
            .replacen("quantity: { value: ", "quantity: { value: 98765", 1);
        assert_ne!(edited, original);
        input.insert_text(&key, &edited);
        let broken = resolve_both(&input, &mut cache);
        assert_eq!((&broken.0, &broken.1), (&broken.2, &broken.3));
        assert!(broken.3.contains("javascript:alert(1)"), "{}", broken.3);
        assert!(broken.3.contains("98765"), "{}", broken.3);

        // Back to the original: the problems go, in the cached resolve too.
        input.insert_text(&key, &original);
        let back = resolve_both(&input, &mut cache);
        assert_eq!(back, first);
        assert!(!back.3.contains("javascript:alert(1)"));
    }
}
