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
pub(super) struct Lcg(pub(super) u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }

    pub(super) fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

pub(super) const ALPHABET: [char; 14] = [
    'a', 'b', 'ä', ' ', ' ', '\n', '„', '“', '"', '\u{00A0}', '\u{00AD}', '–', '-', '\u{200B}',
];

pub(super) fn random_text(rng: &mut Lcg, len: usize) -> String {
    (0..len).map(|_| ALPHABET[rng.below(ALPHABET.len())]).collect()
}
