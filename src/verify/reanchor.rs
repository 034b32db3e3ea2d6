//! Re-anchoring one quote in a new version of its article, the way Hypothesis re-anchors an
//! annotation: the exact quote first (unique, or picked by its context and its old place),
//! then a fuzzy match located by the text around the quote's old place (prefix and suffix),
//! else the most similar passage of the new text; a passage too unlike the quote means the
//! quote is gone.

use std::ops::Range;

use similar::{ChangeTag, TextDiff};

use crate::anchor::{self, AnchorError, FoldedText, QuoteQuery};
use crate::load::schema::{ExcludeFile, ParagraphMode};

/// How much text on each side of a quote's old place is its context (in characters), as in
/// Hypothesis's `TextQuoteSelector`.
const CONTEXT_CHARS: usize = 32;

/// The least similarity (normalised Levenshtein of the folded texts) for a passage found
/// without context on both sides to count as the quote, changed.
const MIN_SIMILARITY: f64 = 0.5;

/// Longest passage compared character by character (longer ones by their words' bigrams).
const MAX_LEVENSHTEIN_CHARS: usize = 4_000;

/// Most bytes between the two sides of a quote's context in the new text.
const MAX_GAP_BYTES: usize = 100_000;

/// Most places of the quote, or of a side of its context, weighed: beyond them (a text of one
/// word repeated), the first ones are taken, so that no input costs quadratic time.
const MAX_PLACES: usize = 1_000;

/// One version of an article: its text folded, and its paragraphs.
pub struct Version<'a> {
    /// The text.
    pub text: &'a str,
    /// The text folded for matching.
    pub folded: FoldedText,
    /// Paragraph byte ranges (a quote lies inside one).
    pub paragraphs: Vec<Range<usize>>,
}

impl<'a> Version<'a> {
    /// A version of `text` split into paragraphs as `mode` says.
    pub fn new(text: &'a str, mode: ParagraphMode) -> Self {
        Self {
            text,
            folded: FoldedText::new(text),
            paragraphs: crate::model::article::paragraphs(text, mode, &[], &[]),
        }
    }

    /// The version the source's YAML was written against: its `exclude:` entries (lines by
    /// number, passages by their words) are left out of the paragraphs, as `check` does, so
    /// a quote is found where `check` finds it. An entry that does not apply is skipped
    /// (`check` reports it).
    pub fn annotated(text: &'a str, mode: ParagraphMode, exclude: &[ExcludeFile]) -> Self {
        let folded = FoldedText::new(text);
        let line_count = crate::model::article::line_ranges(text).len();
        let mut lines = Vec::new();
        let mut cuts = Vec::new();
        for entry in exclude {
            if let Some(range) = entry
                .lines
                .as_ref()
                .and_then(|l| crate::model::parse_lines(&l.value.0, line_count).ok())
            {
                lines.push(range);
            }
            if let Some(passage) = &entry.text {
                let query = QuoteQuery {
                    quote: &passage.value,
                    prefix: None,
                    suffix: None,
                };
                if let Ok(found) = anchor::anchor(&folded, &[], &query) {
                    cuts.push(found.span());
                }
            }
        }
        Self {
            text,
            paragraphs: crate::model::article::paragraphs(text, mode, &lines, &cuts),
            folded,
        }
    }
}

/// What became of a quote in the new text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// The same words at the same byte offset.
    Unchanged(Range<usize>),
    /// The same words at another offset (old, new).
    Moved {
        /// Where they were.
        from: Range<usize>,
        /// Where they are.
        to: Range<usize>,
    },
    /// The same words, found in the new text; there is no earlier version to compare places.
    Present(Range<usize>),
    /// Other words at the quote's place: the passage in the new text and the word diff.
    Changed {
        /// The passage now.
        to: Range<usize>,
        /// `[-old-]{+new+}` word diff from the quoted words to the passage.
        diff: String,
    },
    /// Nothing like it in the new text.
    Gone,
}

/// Re-anchors `query` (its words and the YAML's optional prefix/suffix) in `new`. `old` is the
/// earlier version with the quote's place in it, when there is one.
pub fn reanchor(query: &QuoteQuery<'_>, old: Option<(&Version<'_>, Range<usize>)>, new: &Version<'_>) -> Outcome {
    let old_place = old.as_ref().map(|(_, span)| span.clone());
    // The context: the old text around the quote, else the YAML's prefix and suffix.
    let (prefix, suffix) = match &old {
        Some((version, span)) => (
            tail_chars(&version.text[..span.start], CONTEXT_CHARS).to_owned(),
            head_chars(&version.text[span.end..], CONTEXT_CHARS).to_owned(),
        ),
        None => (
            query.prefix.unwrap_or_default().to_owned(),
            query.suffix.unwrap_or_default().to_owned(),
        ),
    };
    let exact = match anchor::anchor(&new.folded, &new.paragraphs, query) {
        Ok(found) => Some(found.span()),
        Err(AnchorError::Ambiguous { candidates } | AnchorError::ContextMismatch { candidates }) => {
            Some(pick(new, &candidates, &prefix, &suffix, old_place.as_ref()))
        }
        Err(AnchorError::NotFound { .. } | AnchorError::EmptyQuote) => None,
    };
    if let Some(to) = exact {
        return match old_place {
            Some(from) if from == to => Outcome::Unchanged(to),
            Some(from) => Outcome::Moved { from, to },
            None => Outcome::Present(to),
        };
    }
    // The words the quote stood for: the old passage, else the quote as written.
    let quoted = match &old {
        Some((version, span)) => &version.text[span.clone()],
        None => query.quote,
    };
    let expected = old_place.as_ref().map(|span| {
        scale(
            span.start,
            old.as_ref().map_or(1, |(v, _)| v.text.len()),
            new.text.len(),
        )
    });
    let found = between_context(new, &prefix, &suffix, quoted.len(), expected)
        .or_else(|| closest(new, quoted, &prefix, &suffix));
    match found {
        Some(to) if !new.text[to.clone()].trim().is_empty() => Outcome::Changed {
            diff: word_diff(quoted, &new.text[to.clone()]),
            to,
        },
        _ => Outcome::Gone,
    }
}

/// Of several places of the same words, the one whose surroundings agree best with the context,
/// then the nearest to the old place.
fn pick(
    new: &Version<'_>,
    candidates: &[Range<usize>],
    prefix: &str,
    suffix: &str,
    old: Option<&Range<usize>>,
) -> Range<usize> {
    let score = |span: &Range<usize>| {
        let before = anchor::fold(tail_chars(&new.text[..span.start], CONTEXT_CHARS));
        let after = anchor::fold(head_chars(&new.text[span.end..], CONTEXT_CHARS));
        let agree = strsim::normalized_levenshtein(&before, &anchor::fold(prefix))
            + strsim::normalized_levenshtein(&after, &anchor::fold(suffix));
        let distance = old.map_or(0, |old| old.start.abs_diff(span.start));
        (agree, std::cmp::Reverse(distance))
    };
    candidates
        .iter()
        .take(MAX_PLACES)
        .max_by(|a, b| {
            let (sa, da) = score(a);
            let (sb, db) = score(b);
            sa.total_cmp(&sb).then(da.cmp(&db))
        })
        .cloned()
        .unwrap_or(0..0)
}

/// The passage between the context's prefix and suffix in the new text, both found (the pair
/// nearest the expected place, at most a few times the quote's length apart).
fn between_context(
    new: &Version<'_>,
    prefix: &str,
    suffix: &str,
    quoted_len: usize,
    expected: Option<usize>,
) -> Option<Range<usize>> {
    let (prefix, suffix) = (prefix.trim(), suffix.trim());
    if prefix.is_empty() || suffix.is_empty() {
        return None;
    }
    let longest = quoted_len.saturating_mul(4).saturating_add(400).min(MAX_GAP_BYTES);
    let mut best: Option<(usize, Range<usize>)> = None;
    for (at, _) in new.text.match_indices(prefix).take(MAX_PLACES) {
        let start = at + prefix.len();
        let window_end = floor_boundary(new.text, start.saturating_add(longest).min(new.text.len()));
        let Some(offset) = new.text[start..window_end].find(suffix) else {
            continue;
        };
        let span = trim_span(new.text, start..start + offset);
        let distance = expected.map_or(0, |e| e.abs_diff(span.start));
        if best.as_ref().is_none_or(|(d, _)| distance < *d) {
            best = Some((distance, span));
        }
    }
    best.map(|(_, span)| span)
}

/// The most similar passage of the new text: in the paragraph where one side of the context
/// still stands, else anywhere; `None` when it is too unlike the quote.
fn closest(new: &Version<'_>, quoted: &str, prefix: &str, suffix: &str) -> Option<Range<usize>> {
    let near_context: Vec<Range<usize>> = [prefix.trim(), suffix.trim()]
        .into_iter()
        .filter(|side| !side.is_empty())
        .flat_map(|side| {
            new.text
                .match_indices(side)
                .take(MAX_PLACES)
                .map(|(at, _)| at)
                .collect::<Vec<_>>()
        })
        .filter_map(|at| new.paragraphs.iter().find(|p| p.contains(&at) || p.end == at).cloned())
        .collect();
    let search = |paragraphs: &[Range<usize>]| anchor::closest_passage(&new.folded, paragraphs, quoted);
    let found = (!near_context.is_empty())
        .then(|| search(&near_context))
        .flatten()
        .or_else(|| search(&new.paragraphs))?;
    let similar = similarity(&anchor::fold(quoted), &anchor::fold(&new.text[found.clone()]));
    (similar >= MIN_SIMILARITY).then_some(found)
}

/// How alike two folded texts are, 0 to 1.
fn similarity(a: &str, b: &str) -> f64 {
    if a.chars().count().max(b.chars().count()) <= MAX_LEVENSHTEIN_CHARS {
        strsim::normalized_levenshtein(a, b)
    } else {
        strsim::sorensen_dice(a, b)
    }
}

/// A word diff from `old` to `new`: equal words as they are, removed words in `[-…-]`, added
/// ones in `{+…+}` (the notation of `git diff --word-diff`).
pub fn word_diff(old: &str, new: &str) -> String {
    let (old, new) = (collapse(old), collapse(new));
    // A deadline keeps long, very different passages from costing quadratic time (the diff is
    // then coarser, never wrong).
    let diff = TextDiff::configure()
        .timeout(std::time::Duration::from_millis(200))
        .diff_words(old.as_str(), new.as_str());
    let mut out = String::new();
    let mut removed = String::new();
    let mut added = String::new();
    // A run of removed and added words, the whitespace around it kept outside the marks.
    let flush = |out: &mut String, removed: &mut String, added: &mut String| {
        let first = if removed.is_empty() { &*added } else { &*removed };
        let last = if added.is_empty() { &*removed } else { &*added };
        let lead = &first[..first.len() - first.trim_start().len()];
        let trail = &last[last.trim_end().len()..];
        if removed.trim().is_empty() && added.trim().is_empty() {
            out.push_str(if removed.is_empty() {
                added.as_str()
            } else {
                removed.as_str()
            });
        } else {
            out.push_str(lead);
            for (text, open, close) in [(&*removed, "[-", "-]"), (&*added, "{+", "+}")] {
                if !text.trim().is_empty() {
                    out.push_str(open);
                    out.push_str(text.trim());
                    out.push_str(close);
                }
            }
            out.push_str(trail);
        }
        removed.clear();
        added.clear();
    };
    for change in diff.iter_all_changes() {
        match change.tag() {
            ChangeTag::Delete => removed.push_str(change.value()),
            ChangeTag::Insert => added.push_str(change.value()),
            ChangeTag::Equal => {
                // Whitespace between two changed words belongs to the change.
                if change.value().trim().is_empty() && !(removed.is_empty() && added.is_empty()) {
                    if !removed.is_empty() {
                        removed.push_str(change.value());
                    }
                    if !added.is_empty() {
                        added.push_str(change.value());
                    }
                    continue;
                }
                flush(&mut out, &mut removed, &mut added);
                out.push_str(change.value());
            }
        }
    }
    flush(&mut out, &mut removed, &mut added);
    out.trim_end().to_owned()
}

/// Whitespace runs as one space (line breaks in an article are not changes of its words).
fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The last `n` characters of `text`.
fn tail_chars(text: &str, n: usize) -> &str {
    let start = text.char_indices().rev().nth(n.saturating_sub(1)).map_or(0, |(i, _)| i);
    &text[start..]
}

/// The first `n` characters of `text`.
fn head_chars(text: &str, n: usize) -> &str {
    let end = text.char_indices().nth(n).map_or(text.len(), |(i, _)| i);
    &text[..end]
}

/// The largest char boundary at or below `at`.
fn floor_boundary(text: &str, mut at: usize) -> usize {
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// `span` without the whitespace at its ends.
fn trim_span(text: &str, span: Range<usize>) -> Range<usize> {
    let inner = &text[span.clone()];
    let start = span.start + (inner.len() - inner.trim_start().len());
    let end = span.end - (inner.len() - inner.trim_end().len());
    start..end.max(start)
}

/// `offset` in a text of length `from` mapped to a text of length `to`.
fn scale(offset: usize, from: usize, to: usize) -> usize {
    if from == 0 {
        return 0;
    }
    ((offset as u128 * to as u128) / from as u128) as usize
}

#[cfg(test)]
mod tests {
    use super::*;

    fn place(text: &str, words: &str) -> Range<usize> {
        let at = text.find(words).unwrap();
        at..at + words.len()
    }

    fn run(old: &str, new: &str, quote: &str) -> Outcome {
        let (old_v, new_v) = (
            Version::new(old, ParagraphMode::BlankLines),
            Version::new(new, ParagraphMode::BlankLines),
        );
        let query = QuoteQuery {
            quote,
            prefix: None,
            suffix: None,
        };
        reanchor(&query, Some((&old_v, place(old, quote))), &new_v)
    }

    #[test]
    fn the_four_outcomes() {
        let old = "Erster Absatz ohne Belang.\n\nNordkorea plant bis zu 12.000 Soldaten zu entsenden, heißt es.\n\nEin letzter Satz folgt hier.";
        assert!(matches!(run(old, old, "Erster Absatz"), Outcome::Unchanged(_)));
        let moved = format!("Neu eingefügt.\n\n{old}");
        assert!(matches!(run(old, &moved, "letzter Satz"), Outcome::Moved { .. }));
        let changed = old.replace("bis zu 12.000", "12.000");
        match run(old, &changed, "Nordkorea plant bis zu 12.000 Soldaten zu entsenden") {
            Outcome::Changed { diff, to } => {
                assert_eq!(diff, "Nordkorea plant [-bis zu-] 12.000 Soldaten zu entsenden");
                assert_eq!(&changed[to], "Nordkorea plant 12.000 Soldaten zu entsenden");
            }
            other => panic!("{other:?}"),
        }
        let gone = old.replace("Ein letzter Satz folgt hier.", "Etwas völlig anderes steht da.");
        assert_eq!(run(old, &gone, "Ein letzter Satz folgt hier."), Outcome::Gone);
    }

    #[test]
    fn a_repeated_quote_is_found_where_its_context_is() {
        let old = "A sagt: Das stimmt nicht.\n\nB sagt: Das stimmt nicht.";
        let new = "Vorab.\n\nA sagt: Das stimmt nicht.\n\nB sagt: Das stimmt nicht.";
        let (old_v, new_v) = (
            Version::new(old, ParagraphMode::BlankLines),
            Version::new(new, ParagraphMode::BlankLines),
        );
        let second = old.rfind("Das stimmt").unwrap();
        let query = QuoteQuery {
            quote: "Das stimmt nicht.",
            prefix: Some("B sagt:"),
            suffix: None,
        };
        let from = second..second + "Das stimmt nicht.".len();
        match reanchor(&query, Some((&old_v, from)), &new_v) {
            Outcome::Moved { to, .. } => assert_eq!(to.start, new.rfind("Das stimmt").unwrap()),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn word_diffs_mark_removed_and_added_words() {
        assert_eq!(
            word_diff("bis zu 12.000 Soldaten", "12.000 Soldaten"),
            "[-bis zu-] 12.000 Soldaten"
        );
        assert_eq!(
            word_diff("etwa 11.000 Soldaten", "knapp 12.000 Soldaten"),
            "[-etwa 11.000-]{+knapp 12.000+} Soldaten"
        );
        assert_eq!(word_diff("a  b\nc", "a b c"), "a b c");
    }
}
