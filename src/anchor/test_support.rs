//! Helpers shared by the anchor module's tests.

use std::ops::Range;

use super::{Anchor, AnchorError, FoldedText, QuoteQuery, anchor};

/// Paragraph ranges: text split at blank lines, trimmed of line breaks.
pub(super) fn paragraphs(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, _) in text.match_indices("\n\n") {
        if i > start {
            out.push(start..i);
        }
        start = i + 2;
    }
    if start < text.len() {
        out.push(start..text.len());
    }
    out
}

pub(super) fn query(quote: &str) -> QuoteQuery<'_> {
    QuoteQuery {
        quote,
        prefix: None,
        suffix: None,
    }
}

pub(super) fn run(text: &str, q: &QuoteQuery<'_>) -> Result<Anchor, AnchorError> {
    anchor(&FoldedText::new(text), &paragraphs(text), q)
}

/// Anchor `quote` and return the original substring of the span.
pub(super) fn found<'t>(text: &'t str, quote: &str) -> &'t str {
    let a = run(text, &query(quote)).expect("quote should anchor");
    &text[a.span()]
}

/// Deterministic linear congruential generator.
pub(super) use crate::test_rng::Rng;

pub(super) const ALPHABET: [char; 14] = [
    'a', 'b', 'ä', ' ', ' ', '\n', '„', '“', '"', '\u{00A0}', '\u{00AD}', '–', '-', '\u{200B}',
];

pub(super) fn random_text(rng: &mut Rng, len: usize) -> String {
    (0..len).map(|_| ALPHABET[rng.below(ALPHABET.len())]).collect()
}
