//! A source's article: the parts its `exclude` entries cut out, its claims' quotes anchored in
//! the body, and the coverage (sentences with figures or quotations that no quote touches and
//! no `unannotated` entry excuses). Why a quote did not anchor is explained here too.

use std::ops::Range;

use super::{AnchoredClaim, Resolver, position};
use crate::anchor::{self, AnchorError, FoldedText, QuoteQuery};
use crate::diagnostic::{Diagnostic, Language, Position};
use crate::load::Parsed;
use crate::load::schema;
use crate::model::article;
use crate::model::lint::{self, Article};
use crate::say;

/// What a source's `exclude` entries cut out of its article.
pub(super) struct Exclusions<'a> {
    /// Excluded lines (0-based, end exclusive), for the paragraph split.
    pub lines: Vec<Range<usize>>,
    /// Excluded passages as byte ranges, for the paragraph split.
    pub cuts: Vec<Range<usize>>,
    /// Every excluded part as bytes, with its entry, to explain quotes found only there.
    pub parts: Vec<lint::Excluded<'a>>,
}

/// The sentences of a source that need a claim, and those no claim covers.
pub(super) struct Coverage {
    /// Sentences with a figure or quotation.
    pub needing: usize,
    /// Those of them no quote touches and no `unannotated` entry excuses.
    pub uncovered: Vec<Range<usize>>,
}

impl Resolver<'_> {
    /// Resolves the `exclude` entries of a source: `lines: 3-5` or `text: "exact passage"`.
    pub(super) fn exclusions<'f>(
        &mut self,
        file: &'f Parsed<schema::SourceFile>,
        text: &str,
        folded: &FoldedText,
        seed: &str,
    ) -> Exclusions<'f> {
        let raw = &file.value;
        let language = self.language;
        // No paragraphs: the whole text is one.
        let whole: [Range<usize>; 0] = [];
        let line_ranges = article::line_ranges(text);
        let line_count = line_ranges.len();
        let mut exclusions = Exclusions {
            lines: Vec::new(),
            cuts: Vec::new(),
            parts: Vec::new(),
        };
        for exclude in &raw.exclude {
            match (&exclude.lines, &exclude.text) {
                (Some(lines), None) => match article::parse_lines(&lines.value.0, line_count) {
                    Ok(range) => {
                        exclusions.parts.push(lint::Excluded {
                            bytes: line_ranges[range.start].start..line_ranges[range.end - 1].end,
                            entry: exclude,
                        });
                        exclusions.lines.push(range);
                    }
                    Err(problem) => self.error(
                        file,
                        lines,
                        problem.describe(language),
                        say!(
                            language,
                            "the article has {line_count} lines; write `3` or `3-5`",
                            "der Artikel hat {line_count} Zeilen; schreiben Sie `3` oder `3-5`"
                        ),
                    ),
                },
                (None, Some(passage)) => {
                    let query = QuoteQuery {
                        quote: &passage.value,
                        prefix: None,
                        suffix: None,
                    };
                    match anchor::anchor(folded, &whole, &query) {
                        Ok(found) => {
                            exclusions.parts.push(lint::Excluded {
                                bytes: found.span(),
                                entry: exclude,
                            });
                            exclusions.cuts.push(found.span());
                        }
                        Err(error) => {
                            let what = language.pick("passage to exclude", "die auszuschließende Passage");
                            let (message, help) = describe_anchor_error(&error, text, seed, what, language);
                            self.error(file, passage, message, help);
                        }
                    }
                }
                _ => self.diagnostics.push(
                    Diagnostic::error(
                        &file.path,
                        position(&raw.id),
                        say!(
                            language,
                            "an `exclude` entry needs exactly one of `lines` or `text`",
                            "ein `exclude`-Eintrag braucht genau eines von `lines` oder `text`"
                        ),
                    )
                    .with_source_lines(&file.text, &file.lines)
                    .with_help(say!(
                        language,
                        "write `- lines: 3-5` or `- text: \"exact passage\"`, with a `reason`",
                        "Schreiben Sie `- lines: 3-5` oder `- text: \"genaue Passage\"`, mit einem `reason`"
                    )),
                ),
            }
        }
        exclusions
    }

    /// Anchors each claim's quote in the article's body paragraphs; an error for each that
    /// does not anchor.
    pub(super) fn anchor_claims<'f>(
        &mut self,
        article: &Article<'f, '_>,
        paragraphs: &[Range<usize>],
    ) -> Vec<AnchoredClaim<'f>> {
        let mut anchored = Vec::new();
        for (index, claim) in article.file.value.claims.iter().enumerate() {
            let query = QuoteQuery {
                quote: &claim.quote.value,
                prefix: claim.prefix.as_deref(),
                suffix: claim.suffix.as_deref(),
            };
            match anchor::anchor(article.folded, paragraphs, &query) {
                Ok(found) => anchored.push(AnchoredClaim {
                    claim,
                    index,
                    parts: found.parts,
                    paragraph: found.paragraph,
                }),
                Err(error) => {
                    let (id, language) = (&claim.id.value, self.language);
                    let what = say!(language, "claim `{id}`: quote", "Behauptung `{id}`: das Zitat");
                    let (message, help) = explain_unanchored(&error, article, &query, &what, language);
                    self.error(article.file, &claim.quote, message, help);
                }
            }
        }
        anchored
    }

    /// Coverage: sentences with figures or quotations that no quote touches and no
    /// `unannotated` entry excuses.
    pub(super) fn coverage(
        &mut self,
        article: &Article<'_, '_>,
        paragraphs: &[Range<usize>],
        anchored: &[AnchoredClaim<'_>],
    ) -> Coverage {
        let text = article.text;
        let covered = RangeSet::new(anchored.iter().flat_map(|a| a.parts.iter().cloned()).collect());
        let mut excused_ranges = Vec::new();
        for entry in &article.file.value.unannotated {
            let query = QuoteQuery {
                quote: &entry.text.value,
                prefix: None,
                suffix: None,
            };
            match anchor::anchor(article.folded, paragraphs, &query) {
                Ok(found) => excused_ranges.push(found.span()),
                Err(error) => {
                    let language = self.language;
                    let what = language.pick("unannotated passage", "die nicht annotierte Passage");
                    let (message, help) = explain_unanchored(&error, article, &query, what, language);
                    self.error(article.file, &entry.text, message, help);
                }
            }
        }
        let excused = RangeSet::new(excused_ranges);
        let mut coverage = Coverage {
            needing: 0,
            uncovered: Vec::new(),
        };
        for paragraph in paragraphs {
            for sentence in article::sentences(text, paragraph.clone()) {
                if !article::needs_claim(&text[sentence.clone()]) {
                    continue;
                }
                coverage.needing += 1;
                if !covered.overlaps(&sentence) && !excused.overlaps(&sentence) {
                    coverage.uncovered.push(sentence);
                }
            }
        }
        coverage
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
fn explain_unanchored(
    error: &AnchorError,
    article: &Article<'_, '_>,
    query: &QuoteQuery<'_>,
    what: &str,
    language: Language,
) -> (String, String) {
    if let AnchorError::NotFound { .. } = error
        && let Some(explained) = lint::unfound_quote(article, query, what, language)
    {
        return explained;
    }
    describe_anchor_error(error, article.text, article.seed, what, language)
}

/// Message and help, in `language`, for an anchoring error of `what` (in German a subject in
/// the nominative: "das Zitat") in the article `seed`.
fn describe_anchor_error(
    error: &AnchorError,
    text: &str,
    seed: &str,
    what: &str,
    language: Language,
) -> (String, String) {
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
            let more = language.count(more);
            list.push_str(&say!(language, " … and {more} more", " … und {more} weitere"));
        }
        list
    };
    let not_found = || say!(language, "{what} not found in {seed}", "{what} steht nicht in {seed}");
    match error {
        AnchorError::EmptyQuote => (
            say!(language, "{what} is empty", "{what} ist leer"),
            say!(
                language,
                "copy the exact words from the article",
                "Kopieren Sie die genauen Worte aus dem Artikel"
            ),
        ),
        AnchorError::NotFound { closest: Some(range) } => {
            let (at, passage) = (place(range), excerpt(range));
            (
                not_found(),
                say!(
                    language,
                    "closest passage ({at}): \"{passage}\"",
                    "ähnlichste Passage ({at}): „{passage}“"
                ),
            )
        }
        AnchorError::NotFound { closest: None } => (
            not_found(),
            say!(
                language,
                "copy the exact words from the article's body (excluded lines and passages do not count); use `…` for a gap within one paragraph",
                "Kopieren Sie die genauen Worte aus dem Text des Artikels (ausgeschlossene Zeilen und Passagen zählen nicht); `…` steht für eine Lücke innerhalb eines Absatzes"
            ),
        ),
        AnchorError::Ambiguous { candidates } => {
            let (times, at) = (language.count(candidates.len()), places(candidates));
            (
                say!(
                    language,
                    "{what} occurs {times} times in {seed}",
                    "{what} steht {times}-mal in {seed}"
                ),
                say!(
                    language,
                    "add `prefix:` or `suffix:` with the words around the intended place; found at {at}",
                    "Ergänzen Sie `prefix:` oder `suffix:` mit den Worten um die gemeinte Stelle; gefunden in {at}"
                ),
            )
        }
        AnchorError::ContextMismatch { candidates } => {
            let at = places(candidates);
            (
                say!(
                    language,
                    "{what} is found, but its `prefix`/`suffix` do not match the text around it in {seed}",
                    "{what} wird gefunden, aber `prefix`/`suffix` passen nicht zum umgebenden Text in {seed}"
                ),
                say!(
                    language,
                    "fix or remove `prefix`/`suffix`; the quote is at {at}",
                    "Korrigieren oder entfernen Sie `prefix`/`suffix`; das Zitat steht in {at}"
                ),
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn range_set_overlaps_like_testing_every_range() {
        let mut rng = crate::test_rng::Rng::new(3);
        let mut below = |n: usize| rng.below(n);
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
}
