//! Annotation coverage: the sentences of an article with a figure or quotation and how many a
//! claim covers; `check`'s warnings for the uncovered ones (each offering the `dossier
//! add-claim` command that annotates it), the full list of gaps for `check --format json`, and
//! the one-line summary `build` prints.

use crate::authoring::add_claim_command;
use crate::diagnostic::{Diagnostic, Diagnostics, Positions};
use crate::model::Dossier;

/// Coverage of one source: sentences with a figure or quotation, and how many a claim covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Coverage {
    /// Source id.
    pub source: String,
    /// Sentences that need a claim and have one (or are excused in `unannotated`).
    pub covered: usize,
    /// Sentences that need a claim.
    pub total: usize,
}

/// Coverage per source, in source order.
pub fn coverage(dossier: &Dossier) -> Vec<Coverage> {
    dossier
        .sources
        .iter()
        .map(|source| Coverage {
            source: source.id.clone(),
            covered: source.sentences_needing_claims - source.uncovered.len(),
            total: source.sentences_needing_claims,
        })
        .collect()
}

/// Coverage warnings shown one by one per source; the rest of a source's uncovered sentences
/// are one summary warning (coverage is advice, and an article of a hundred thousand figures
/// without a claim would otherwise print a hundred thousand blocks).
pub const COVERAGE_WARNINGS_PER_SOURCE: usize = 50;

/// A warning for each sentence with a figure or quotation that no claim covers: the first
/// [`COVERAGE_WARNINGS_PER_SOURCE`] of a source one by one, then one warning for the rest of it.
pub fn coverage_diagnostics(dossier: &Dossier) -> Diagnostics {
    let mut diagnostics = Diagnostics::new();
    for source in &dossier.sources {
        let help = |sentence: &str| {
            format!(
                "annotate it with `{}`, or list it under `unannotated:` in {} with a one-line reason",
                add_claim_command(&source.id, &claim_words(sentence)),
                source.annotation_file
            )
        };
        // The sentences are in text order: their positions cost one pass over the text.
        let mut positions = Positions::new(&source.text);
        for sentence in source.uncovered.iter().take(COVERAGE_WARNINGS_PER_SOURCE) {
            let position = positions.of_offset(sentence.start);
            let excerpt = one_line_excerpt(&source.text[sentence.clone()], 120);
            diagnostics.push(
                Diagnostic::warning(
                    &source.file,
                    Some(position),
                    format!("sentence with a figure or quotation is not covered by any claim: \"{excerpt}\""),
                )
                .with_source_at(&source.text, sentence.start)
                .with_help(help(&source.text[sentence.clone()])),
            );
        }
        let rest = source.uncovered.len().saturating_sub(COVERAGE_WARNINGS_PER_SOURCE);
        if let Some(first) = source.uncovered.get(COVERAGE_WARNINGS_PER_SOURCE) {
            let position = positions.of_offset(first.start);
            let sentences = if rest == 1 { "sentence" } else { "sentences" };
            diagnostics.push(
                Diagnostic::warning(
                    &source.file,
                    Some(position),
                    format!(
                        "… and {rest} more {sentences} with a figure or quotation not covered by any claim in {}, the first of them here",
                        source.file
                    ),
                )
                .with_source_at(&source.text, first.start)
                .with_help(format!(
                    "add claims whose quotes cover them to {}, or list them under `unannotated:` there; `dossier check` lists the first {COVERAGE_WARNINGS_PER_SOURCE} of a source one by one, `dossier check --format json` all of them",
                    source.annotation_file
                )),
            );
        }
    }
    diagnostics
}

/// `text` on one line (runs of white space as one space), at most `limit` characters, with `…`
/// where it is cut. Reads only as much of `text` as it shows.
fn one_line_excerpt(text: &str, limit: usize) -> String {
    let mut out = String::new();
    let mut count = 0;
    for word in text.split_whitespace() {
        for c in (count > 0).then_some(' ').into_iter().chain(word.chars()) {
            if count == limit {
                out.pop();
                out.push('…');
                return out;
            }
            out.push(c);
            count += 1;
        }
    }
    out
}

/// The words `dossier add-claim` is offered for a sentence: the whole sentence, or for a long
/// one its first and last words around a `…` gap (a quote may leave out the middle of a
/// paragraph).
fn claim_words(sentence: &str) -> String {
    const WORDS_EACH_SIDE: usize = 8;
    let words: Vec<&str> = sentence.split_whitespace().collect();
    if words.len() <= 3 * WORDS_EACH_SIDE {
        return words.join(" ");
    }
    format!(
        "{} … {}",
        words[..WORDS_EACH_SIDE].join(" "),
        words[words.len() - WORDS_EACH_SIDE..].join(" ")
    )
}

/// A sentence with a figure or quotation that no claim covers, with the command that
/// annotates it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct CoverageGap {
    /// The article (`seeds/...`).
    pub file: String,
    /// 1-based line of the sentence's start.
    pub line: u32,
    /// 1-based column (in characters).
    pub column: u32,
    /// The sentence, on one line.
    pub sentence: String,
    /// `dossier add-claim SOURCE '…'`.
    pub command: String,
}

/// Every uncovered sentence of the dossier, by source in source order.
pub fn coverage_gaps(dossier: &Dossier) -> Vec<(Coverage, Vec<CoverageGap>)> {
    dossier
        .sources
        .iter()
        .zip(coverage(dossier))
        .map(|(source, counts)| {
            let mut positions = Positions::new(&source.text);
            let gaps = source
                .uncovered
                .iter()
                .map(|sentence| {
                    let at = positions.of_offset(sentence.start);
                    let text = &source.text[sentence.clone()];
                    CoverageGap {
                        file: source.file.clone(),
                        line: at.line,
                        column: at.column,
                        sentence: text.split_whitespace().collect::<Vec<_>>().join(" "),
                        command: add_claim_command(&source.id, &claim_words(text)),
                    }
                })
                .collect();
            (counts, gaps)
        })
        .collect()
}

/// Coverage of the whole dossier, for one line of `build`'s output.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CoverageSummary {
    /// Sentences that need a claim.
    pub total: usize,
    /// Of them, those covered or excused.
    pub covered: usize,
    /// Sources with at least one uncovered sentence.
    pub sources_with_gaps: usize,
}

impl CoverageSummary {
    /// The summary of `dossier`.
    pub fn of(dossier: &Dossier) -> CoverageSummary {
        coverage(dossier)
            .iter()
            .fold(CoverageSummary::default(), |sum, source| CoverageSummary {
                total: sum.total + source.total,
                covered: sum.covered + source.covered,
                sources_with_gaps: sum.sources_with_gaps + usize::from(source.covered < source.total),
            })
    }

    /// One line: how many sentences are annotated and, when some are not, where to see them.
    pub fn line(&self) -> String {
        let missing = self.total - self.covered;
        let are = if missing == 1 { "is" } else { "are" };
        if missing == 0 {
            return format!(
                "Coverage: all {} sentences with a figure or quotation are annotated.",
                self.total
            );
        }
        let sources = if self.sources_with_gaps == 1 {
            "source"
        } else {
            "sources"
        };
        format!(
            "Coverage: {} of {} sentences with a figure or quotation are annotated; {missing} {are} not, in {} {sources}: run `dossier check` for details.",
            self.covered, self.total, self.sources_with_gaps
        )
    }
}
