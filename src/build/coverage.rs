//! Annotation coverage: the sentences of an article with a figure or quotation and how many a
//! claim covers; `check`'s warnings for the uncovered ones (each offering the `dossier
//! add-claim` command that annotates it), the full list of gaps for `check --format json`, and
//! the one-line summary `build` prints.

use crate::authoring::add_claim_command;
use crate::diagnostic::{Diagnostic, Diagnostics, Language, Positions};
use crate::model::Dossier;
use crate::say;

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
    let language = dossier.config.language;
    for source in &dossier.sources {
        let annotation_file = &source.annotation_file;
        let help = |sentence: &str| {
            let command = add_claim_command(&source.id, &claim_words(sentence));
            say!(
                language,
                "annotate it with `{command}`, or list it under `unannotated:` in {annotation_file} with a one-line reason",
                "Annotieren Sie ihn mit `{command}`, oder führen Sie ihn unter `unannotated:` in {annotation_file} mit einer einzeiligen Begründung auf"
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
                    say!(
                        language,
                        "sentence with a figure or quotation is not covered by any claim: \"{excerpt}\"",
                        "Satz mit Zahl oder Zitat ist von keiner Behauptung erfasst: „{excerpt}“"
                    ),
                )
                .with_source_at(&source.text, sentence.start)
                .with_help(help(&source.text[sentence.clone()])),
            );
        }
        let rest = source.uncovered.len().saturating_sub(COVERAGE_WARNINGS_PER_SOURCE);
        if let Some(first) = source.uncovered.get(COVERAGE_WARNINGS_PER_SOURCE) {
            let position = positions.of_offset(first.start);
            let file = &source.file;
            let count = language.count(rest);
            let message = match (language, rest) {
                (Language::En, 1) => format!(
                    "… and 1 more sentence with a figure or quotation not covered by any claim in {file}, the first of them here"
                ),
                (Language::En, _) => format!(
                    "… and {count} more sentences with a figure or quotation not covered by any claim in {file}, the first of them here"
                ),
                (Language::De, 1) => {
                    format!(
                        "… und 1 weiterer Satz mit Zahl oder Zitat in {file}, den keine Behauptung erfasst; er steht hier"
                    )
                }
                (Language::De, _) => format!(
                    "… und {count} weitere Sätze mit Zahl oder Zitat in {file}, die keine Behauptung erfasst; der erste davon steht hier"
                ),
            };
            diagnostics.push(
                Diagnostic::warning(&source.file, Some(position), message)
                    .with_source_at(&source.text, first.start)
                    .with_help(say!(
                        language,
                        "add claims whose quotes cover them to {annotation_file}, or list them under `unannotated:` there; `dossier check` lists the first {COVERAGE_WARNINGS_PER_SOURCE} of a source one by one, `dossier check --format json` all of them",
                        "Ergänzen Sie in {annotation_file} Behauptungen, deren Zitate sie erfassen, oder führen Sie sie dort unter `unannotated:` auf; `dossier check` zeigt die ersten {COVERAGE_WARNINGS_PER_SOURCE} einer Quelle einzeln, `dossier check --format json` alle"
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

    /// One line in `language`: how many sentences are annotated and, when some are not, where
    /// to see them.
    pub fn line(&self, language: Language) -> String {
        let missing = self.total - self.covered;
        let (total, covered, missing_n, with_gaps) = (
            language.count(self.total),
            language.count(self.covered),
            language.count(missing),
            language.count(self.sources_with_gaps),
        );
        if missing == 0 {
            return say!(
                language,
                "Coverage: all {total} sentences with a figure or quotation are annotated.",
                "Abdeckung: Alle {total} Sätze mit Zahl oder Zitat sind annotiert."
            );
        }
        match language {
            Language::En => {
                let are = if missing == 1 { "is" } else { "are" };
                let sources = if self.sources_with_gaps == 1 {
                    "source"
                } else {
                    "sources"
                };
                format!(
                    "Coverage: {covered} of {total} sentences with a figure or quotation are annotated; {missing_n} {are} not, in {with_gaps} {sources}: run `dossier check` for details."
                )
            }
            Language::De => {
                let sources = if self.sources_with_gaps == 1 {
                    "Quelle"
                } else {
                    "Quellen"
                };
                format!(
                    "Abdeckung: {covered} von {total} Sätzen mit Zahl oder Zitat sind annotiert; {missing_n} nicht, in {with_gaps} {sources}: Einzelheiten zeigt `dossier check`."
                )
            }
        }
    }
}
