//! Resolved claims kept between `serve` rebuilds (in [`super::SourceCache`]): per claim, what
//! the claims phase made of its annotation (the [`Claim`] before its links, or nothing when it
//! had an error), the problems it reported, the cross-references its Markdown fields hold, and
//! the problems its content lint reported.
//!
//! What a claim's resolution and lint read: its annotation and the rest of its source file
//! (the source's dates and language; the file's lines, for messages), its article (where the
//! quote is), and the references every claim is resolved against: `dossier.yaml` (verdicts,
//! review date), `content/topics.yaml` (topics, measures, units), `content/origins.yaml`, and
//! the messages' language. A record is reused only while all of these are the same text; the
//! claim's index among the sources (which an edit elsewhere may shift) is set afresh.
//! Everything that looks at claims together (duplicate ids, links, reverse links, provenance)
//! runs on every rebuild.

use std::collections::HashMap;
use std::sync::Arc;

use super::resolve::PendingRef;
use super::types::Claim;
use crate::diagnostic::{Diagnostic, Language};
use crate::load::ParsedDossier;

/// Claims as the last run resolved and linted them, by source file.
#[derive(Debug, Default)]
pub(in crate::model) struct ClaimCache {
    /// What the kept records were resolved against.
    references: Option<ReferenceTexts>,
    /// The last run's records, by annotation file.
    previous: HashMap<String, FileClaims>,
    /// This run's records, by annotation file.
    current: HashMap<String, FileClaims>,
    /// The last run's lint of each annotation file on its own (placeholders, language tag):
    /// the file's text and the problems found.
    previous_file_lint: HashMap<String, (Arc<str>, Vec<Diagnostic>)>,
    /// This run's lint of each annotation file on its own.
    current_file_lint: HashMap<String, (Arc<str>, Vec<Diagnostic>)>,
}

/// The texts every claim is resolved against, and the language of the messages.
#[derive(Debug, Clone)]
struct ReferenceTexts {
    language: Language,
    config: Option<Arc<str>>,
    topics: Option<Arc<str>>,
    origins: Option<Arc<str>>,
}

impl ReferenceTexts {
    fn of(parsed: &ParsedDossier, language: Language) -> Self {
        Self {
            language,
            config: parsed.config.as_ref().map(|f| f.text.clone()),
            topics: parsed.topics.as_ref().map(|f| f.text.clone()),
            origins: parsed.origins.as_ref().map(|f| f.text.clone()),
        }
    }

    fn same(&self, other: &Self) -> bool {
        let text = |a: &Option<Arc<str>>, b: &Option<Arc<str>>| match (a, b) {
            (Some(a), Some(b)) => same_text(a, b),
            (None, None) => true,
            _ => false,
        };
        self.language == other.language
            && text(&self.config, &other.config)
            && text(&self.topics, &other.topics)
            && text(&self.origins, &other.origins)
    }
}

fn same_text(a: &Arc<str>, b: &Arc<str>) -> bool {
    Arc::ptr_eq(a, b) || a == b
}

/// The records of one annotation file's claims, with the texts they were made from.
#[derive(Debug)]
struct FileClaims {
    yaml: Arc<str>,
    article: Arc<str>,
    /// By the claim's index in the file's `claims:`.
    records: HashMap<usize, ClaimRecord>,
}

/// What resolving and linting one claim gave.
#[derive(Debug)]
pub(in crate::model) struct ClaimRecord {
    /// The claim as the claims phase made it (no links yet); `None` when it had an error.
    pub claim: Option<Claim>,
    /// The problems its resolution reported.
    pub resolution: Vec<Diagnostic>,
    /// The cross-references of its note and corrections, to check once all entities are known.
    pub cross_refs: Vec<PendingRef>,
    /// The problems its content lint reported, once it ran.
    pub lint: Option<Vec<Diagnostic>>,
}

/// Where a claim was written and what it was made from: its file, the file's text, its
/// article's text and its index in the file.
pub(in crate::model) struct ClaimAt<'a> {
    pub path: &'a str,
    pub yaml: &'a Arc<str>,
    pub article: &'a Arc<str>,
    pub index: usize,
}

impl ClaimCache {
    /// Starts a run over `parsed`: every record goes when the references changed.
    pub(in crate::model) fn start_run(&mut self, parsed: &ParsedDossier, language: Language) {
        let references = ReferenceTexts::of(parsed, language);
        if !self.references.as_ref().is_some_and(|kept| kept.same(&references)) {
            self.previous.clear();
            self.previous_file_lint.clear();
        }
        self.references = Some(references);
        self.current.clear();
        self.current_file_lint.clear();
    }

    /// Ends a run: what it did not use is forgotten.
    pub(in crate::model) fn finish_run(&mut self) {
        self.previous = std::mem::take(&mut self.current);
        self.previous_file_lint = std::mem::take(&mut self.current_file_lint);
    }

    /// The problems the lint of the annotation file `path` on its own found in its text
    /// `yaml`: the ones kept while the text is the same, else those `lint` pushes to `found`
    /// (kept for the next run).
    pub(in crate::model) fn file_lint(
        &mut self,
        path: &str,
        yaml: &Arc<str>,
        lint: impl FnOnce(&mut crate::diagnostic::Diagnostics),
    ) -> &[Diagnostic] {
        let entry = match self.previous_file_lint.remove(path) {
            Some((text, found)) if same_text(&text, yaml) => (text, found),
            _ => {
                let mut found = crate::diagnostic::Diagnostics::new();
                lint(&mut found);
                (yaml.clone(), found.iter().cloned().collect())
            }
        };
        let kept = self.current_file_lint.entry(path.to_owned()).insert_entry(entry);
        &kept.into_mut().1
    }

    /// The record of the claim `at`, if the texts it was made from are unchanged (the last
    /// run's is carried over into this run's records).
    pub(in crate::model) fn recorded(&mut self, at: &ClaimAt<'_>) -> Option<&ClaimRecord> {
        let file = self.current_file(at)?;
        file.records.get(&at.index)
    }

    /// This run's record of the claim `at` (made, or kept by [`ClaimCache::recorded`]), for its lint.
    pub(in crate::model) fn get_mut(&mut self, at: &ClaimAt<'_>) -> Option<&mut ClaimRecord> {
        let file = self.current.get_mut(at.path)?;
        file.records.get_mut(&at.index)
    }

    /// Keeps `record` as this run's record of the claim `at`.
    pub(in crate::model) fn insert(&mut self, at: &ClaimAt<'_>, record: ClaimRecord) {
        let file = self.current_file(at).is_some();
        if !file {
            self.current.insert(
                at.path.to_owned(),
                FileClaims {
                    yaml: at.yaml.clone(),
                    article: at.article.clone(),
                    records: HashMap::new(),
                },
            );
        }
        if let Some(file) = self.current.get_mut(at.path) {
            file.records.insert(at.index, record);
        }
    }

    /// This run's records of the file of `at`, carried over from the last run when it was
    /// made from the same texts; `None` when there are none.
    fn current_file(&mut self, at: &ClaimAt<'_>) -> Option<&mut FileClaims> {
        let fits = |file: &FileClaims| same_text(&file.yaml, at.yaml) && same_text(&file.article, at.article);
        match self.current.get(at.path) {
            Some(file) if fits(file) => {}
            Some(_) => {
                // Two files of one path cannot be in one run; a record of other texts is stale.
                self.current.remove(at.path);
                return None;
            }
            None => {
                let kept = self.previous.remove(at.path).filter(|file| fits(file))?;
                self.current.insert(at.path.to_owned(), kept);
            }
        }
        self.current.get_mut(at.path)
    }

    /// How many claims have a record (tests).
    #[cfg(test)]
    pub(in crate::model) fn len(&self) -> usize {
        self.previous.values().map(|file| file.records.len()).sum()
    }
}
