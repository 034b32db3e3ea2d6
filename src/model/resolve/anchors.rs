//! A source's article: the parts its `exclude` entries cut out, its claims' quotes anchored in
//! the body, and the coverage (sentences with figures or quotations that no quote touches and
//! no `unannotated` entry excuses). Why a quote did not anchor is explained here too.

use std::ops::Range;

use super::{AnchoredClaim, Resolver, position};
use crate::anchor::{self, AnchorError, FoldedText, QuoteQuery};
use crate::diagnostic::{Diagnostic, Position};
use crate::load::Parsed;
use crate::load::schema;
use crate::model::article;
use crate::model::lint::{self, Article};

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
                (Some(lines), None) => match parse_lines(&lines.value.0, line_count) {
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
                        problem,
                        format!("the article has {line_count} lines; write `3` or `3-5`"),
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
                            let (message, help) = describe_anchor_error(&error, text, seed, "passage to exclude");
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
        for claim in &article.file.value.claims {
            let query = QuoteQuery {
                quote: &claim.quote.value,
                prefix: claim.prefix.as_deref(),
                suffix: claim.suffix.as_deref(),
            };
            match anchor::anchor(article.folded, paragraphs, &query) {
                Ok(found) => anchored.push(AnchoredClaim {
                    claim,
                    parts: found.parts,
                    paragraph: found.paragraph,
                }),
                Err(error) => {
                    let what = format!("claim `{}`: quote", claim.id.value);
                    let (message, help) = explain_unanchored(&error, article, &query, &what);
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
                    let (message, help) = explain_unanchored(&error, article, &query, "unannotated passage");
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

/// An `exclude: lines:` value (`3` or `3-5`, 1-based) as 0-based line indices of an article of
/// `line_count` lines; the message says what is wrong.
pub fn parse_lines(text: &str, line_count: usize) -> Result<Range<usize>, String> {
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
) -> (String, String) {
    if let AnchorError::NotFound { .. } = error
        && let Some(explained) = lint::unfound_quote(article, query, what)
    {
        return explained;
    }
    describe_anchor_error(error, article.text, article.seed, what)
}

/// Message and help for an anchoring error of `what` in the article `seed`.
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
