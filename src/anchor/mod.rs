//! Anchoring claim quotes in article text.
//!
//! A claim's `quote` must occur verbatim in its article, but "verbatim" is
//! taken loosely enough to survive typographic noise. Both the article and the
//! quote are *folded* the same way before matching:
//!
//! * runs of whitespace (anything `char::is_whitespace` accepts, including
//!   no-break, narrow no-break and thin spaces, and line breaks) become a single
//!   space; a quote's leading and trailing whitespace is dropped;
//! * soft hyphens and zero-width characters (U+00AD, U+200B, U+200C, U+200D,
//!   U+2060, U+FEFF) are dropped;
//! * all quotation marks and apostrophes („ “ ” ‚ ‘ ’ « » ‹ › " ' ` ´ ″ ′ …)
//!   become `"`;
//! * all dashes (– — − ‒ ‐ ‑ ― -) become `-`;
//! * case is kept.
//!
//! [`FoldedText`] keeps a map from every folded byte back to the original text,
//! so a match in the folded text becomes a byte range of the original.
//!
//! An ellipsis inside a quote (`…`, `[…]`, `...`, `[...]`, and the parenthesised
//! forms `(…)`, `(...)`) is a gap: the parts around it must occur in order
//! within one paragraph. A whole match always has to lie inside one paragraph.
//! An optional prefix / suffix (the article text right before / after the
//! quote) picks one occurrence when the quote is ambiguous, and must agree with
//! the occurrence when the quote is unique.
//!
//! When a quote is not found, [`closest_passage`] finds the most similar
//! passage (character-bigram Dice coefficient over word-aligned windows) for
//! the error message.
//!
//! The parts: `fold` (folding and the offset map), `search` (gaps, occurrences
//! within a paragraph, prefix/suffix), `occurrences` (every occurrence of one needle) and
//! `closest` (the most similar passage).

use std::fmt::Write as _;
use std::ops::Range;

mod closest;
mod fold;
mod occurrences;
mod search;
#[cfg(test)]
mod test_support;

pub use closest::closest_passage;
pub use fold::{FoldedText, fold};
pub use search::anchor;

/// How many places of an ambiguous or context-mismatched quote a message lists (then "… and
/// N more").
pub const LISTED_CANDIDATES: usize = 5;

/// The quote to anchor, with optional disambiguating context.
#[derive(Debug, Clone, Copy, Default)]
pub struct QuoteQuery<'a> {
    /// The exact quote; may contain ellipsis gaps.
    pub quote: &'a str,
    /// Article text immediately before the quote.
    pub prefix: Option<&'a str>,
    /// Article text immediately after the quote.
    pub suffix: Option<&'a str>,
}

/// Where a quote was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Anchor {
    /// byte ranges in the original text, one per quote part (several when the quote has gaps), in order
    pub parts: Vec<Range<usize>>,
    /// index into the `paragraphs` slice the match lies in
    pub paragraph: usize,
}

impl Anchor {
    /// Original byte range from the start of the first part to the end of
    /// the last one (`0..0` if there are no parts).
    pub fn span(&self) -> Range<usize> {
        match (self.parts.first(), self.parts.last()) {
            (Some(first), Some(last)) => first.start..last.end.max(first.start),
            _ => 0..0,
        }
    }
}

/// Why a quote could not be anchored.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AnchorError {
    /// The quote is empty after folding (or consists only of gap markers).
    #[error("quote is empty")]
    EmptyQuote,
    /// not found; `closest` is the original byte range of the most similar passage, if any is reasonably similar
    #[error("quote not found")]
    NotFound {
        /// The most similar passage, if any.
        closest: Option<Range<usize>>,
    },
    /// found several times and prefix/suffix (if any) did not pick exactly one; original ranges of every candidate
    /// (of every occurrence that still agrees with the given prefix/suffix)
    #[error("quote found {} times; give a prefix or suffix to pick one", candidates.len())]
    Ambiguous {
        /// Every occurrence that agrees with the prefix/suffix.
        candidates: Vec<Range<usize>>,
    },
    /// quote found (at these places) but the given prefix/suffix matches none of them
    #[error("quote found, but the given prefix/suffix does not match the text around it")]
    ContextMismatch {
        /// Every occurrence of the quote.
        candidates: Vec<Range<usize>>,
    },
}

impl AnchorError {
    /// A one-line message quoting the relevant passages of `original`, e.g.
    /// `quote not found; closest passage: „…“`.
    pub fn describe(&self, original: &str) -> String {
        let mut msg = self.to_string();
        match self {
            AnchorError::EmptyQuote | AnchorError::NotFound { closest: None } => {}
            AnchorError::NotFound { closest: Some(range) } => {
                let _ = write!(msg, "; closest passage: „{}“", excerpt(original, range));
            }
            AnchorError::Ambiguous { candidates } | AnchorError::ContextMismatch { candidates } => {
                msg.push_str("; found at: ");
                for (i, range) in candidates.iter().take(LISTED_CANDIDATES).enumerate() {
                    if i > 0 {
                        msg.push_str(", ");
                    }
                    let _ = write!(msg, "„{}“", excerpt(original, range));
                }
                if let Some(more) = candidates.len().checked_sub(LISTED_CANDIDATES).filter(|&n| n > 0) {
                    let _ = write!(msg, " … and {more} more");
                }
            }
        }
        msg
    }
}

/// The original text in `range` (empty if out of bounds), shortened to about
/// 120 characters and with whitespace runs collapsed.
fn excerpt(original: &str, range: &Range<usize>) -> String {
    const MAX_CHARS: usize = 120;
    let text = original.get(range.clone()).unwrap_or("");
    let collapsed = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if collapsed.chars().count() <= MAX_CHARS {
        return collapsed;
    }
    let mut short: String = collapsed.chars().take(MAX_CHARS).collect();
    short.push('…');
    short
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn span_runs_from_first_to_last_part() {
        let anchor = Anchor {
            parts: vec![2..5, 9..12],
            paragraph: 0,
        };
        assert_eq!(anchor.span(), 2..12);
        let empty = Anchor {
            parts: Vec::new(),
            paragraph: 0,
        };
        assert_eq!(empty.span(), 0..0);
    }

    #[test]
    fn describe_collapses_whitespace_and_shortens_long_passages() {
        let original = format!("Kurz\n\t gesagt. {}", "lang ".repeat(60));
        let err = AnchorError::NotFound {
            closest: Some(0..original.len()),
        };
        let msg = err.describe(&original);
        let passage = msg.strip_prefix("quote not found; closest passage: „").unwrap();
        assert!(passage.starts_with("Kurz gesagt. lang"), "{msg}");
        assert!(passage.ends_with("…“"), "{msg}");
        assert_eq!(passage.chars().count(), 120 + "…“".chars().count(), "{msg}");
        // A range outside the text quotes nothing rather than panicking.
        let outside = AnchorError::NotFound {
            closest: Some(500..900),
        };
        assert_eq!(outside.describe("kurz"), "quote not found; closest passage: „“");
    }
}
