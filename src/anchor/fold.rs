//! Folding: the normal form quotes and articles are matched in, and the map from a folded
//! article back to its original bytes.

use std::ops::Range;

/// What folding does with one character.
#[derive(Clone, Copy)]
pub(super) enum Fold {
    /// Removed entirely (soft hyphen, zero-width characters).
    Drop,
    /// Part of a whitespace run that becomes one space.
    Space,
    /// Replaced by (or kept as) this character.
    Char(char),
}

#[inline]
pub(super) fn classify(c: char) -> Fold {
    if c.is_ascii_alphanumeric() {
        return Fold::Char(c);
    }
    match c {
        '\u{00AD}' | '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}' => Fold::Drop,
        // „ “ ” ‟ ‚ ‘ ’ ‛ « » ‹ › " ' ` ´ ″ ′
        '\u{201E}' | '\u{201C}' | '\u{201D}' | '\u{201F}' | '\u{201A}' | '\u{2018}' | '\u{2019}' | '\u{201B}'
        | '\u{00AB}' | '\u{00BB}' | '\u{2039}' | '\u{203A}' | '"' | '\'' | '`' | '\u{00B4}' | '\u{2033}'
        | '\u{2032}' => Fold::Char('"'),
        // – — − ‒ ‐ ‑ ― -
        '\u{2013}' | '\u{2014}' | '\u{2212}' | '\u{2012}' | '\u{2010}' | '\u{2011}' | '\u{2015}' | '-' => {
            Fold::Char('-')
        }
        c if c.is_whitespace() => Fold::Space,
        c => Fold::Char(c),
    }
}

/// Fold a quote, prefix or suffix for matching: see the module docs.
///
/// Leading and trailing whitespace is removed.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut pending_space = false;
    for c in s.chars() {
        match classify(c) {
            Fold::Drop => {}
            Fold::Space => pending_space = true,
            Fold::Char(f) => {
                if pending_space && !out.is_empty() {
                    out.push(' ');
                }
                pending_space = false;
                out.push(f);
            }
        }
    }
    out
}

/// An article text in folded form, with a map back to the original.
///
/// Every folded byte maps to the original byte range of the character (or
/// whitespace run) it came from. Offsets are stored as `u32`; a text longer
/// than 4 GiB is folded only up to that limit.
#[derive(Debug, Clone, Default)]
pub struct FoldedText {
    folded: String,
    /// Original start offset of the character behind each folded byte.
    starts: Vec<u32>,
    /// Original end offset of the character (or whitespace run) behind each
    /// folded byte. Non-decreasing, like `starts`.
    ends: Vec<u32>,
    /// Length of the original text that was folded.
    original_len: usize,
}

impl FoldedText {
    /// Fold `original` (linear time). Unlike [`fold`], leading and trailing
    /// whitespace is kept (as one space each).
    pub fn new(original: &str) -> FoldedText {
        let mut folded = String::with_capacity(original.len());
        let mut starts = Vec::with_capacity(original.len());
        let mut ends = Vec::with_capacity(original.len());
        let mut in_space = false;
        let mut covered = 0;
        for (i, c) in original.char_indices() {
            let end = i + c.len_utf8();
            let (Ok(start32), Ok(end32)) = (u32::try_from(i), u32::try_from(end)) else {
                break;
            };
            match classify(c) {
                Fold::Drop => {}
                Fold::Space => {
                    if in_space {
                        if let Some(e) = ends.last_mut() {
                            *e = end32;
                        }
                    } else {
                        folded.push(' ');
                        starts.push(start32);
                        ends.push(end32);
                        in_space = true;
                    }
                }
                Fold::Char(f) => {
                    folded.push(f);
                    for _ in 0..f.len_utf8() {
                        starts.push(start32);
                        ends.push(end32);
                    }
                    in_space = false;
                }
            }
            covered = end;
        }
        FoldedText {
            folded,
            starts,
            ends,
            original_len: covered,
        }
    }

    /// The folded text.
    pub fn folded(&self) -> &str {
        &self.folded
    }

    /// Length in bytes of the original text that was folded.
    pub fn original_len(&self) -> usize {
        self.original_len
    }

    /// Original byte range for a folded byte range: from the start of the
    /// first original character to the end of the last one. Out-of-range
    /// input is clamped; an empty folded range gives an empty original range.
    pub fn original_range(&self, folded: Range<usize>) -> Range<usize> {
        let len = self.folded.len();
        let a = folded.start.min(len);
        let b = folded.end.min(len).max(a);
        if a == b {
            let p = self.original_pos(a);
            return p..p;
        }
        let start = self.starts.get(a).map_or(self.original_len, |&s| s as usize);
        let end = self.ends.get(b - 1).map_or(self.original_len, |&e| e as usize);
        start..end.max(start)
    }

    /// Original offset of the folded position `i` (start of the character
    /// there, or the end of the text).
    fn original_pos(&self, i: usize) -> usize {
        self.starts.get(i).map_or(self.original_len, |&s| s as usize)
    }

    /// Folded byte range of the folded characters lying entirely inside the
    /// original range `orig`.
    pub(super) fn folded_range_within(&self, orig: &Range<usize>) -> Range<usize> {
        let a = self.starts.partition_point(|&s| (s as usize) < orig.start);
        let b = self.ends.partition_point(|&e| (e as usize) <= orig.end);
        a..b.max(a)
    }
}

#[cfg(test)]
// Reversed ranges are deliberate test inputs here.
#[allow(clippy::reversed_empty_ranges)]
mod tests {
    use super::*;
    use crate::anchor::test_support::{Rng, query, random_text};
    use crate::anchor::{AnchorError, anchor};

    #[test]
    fn fold_rules() {
        assert_eq!(
            fold("  „Hallo“\u{00A0}\u{202F}\u{2009} ‚Welt‘\n\t«x» ‹y› `z´ ″′ "),
            "\"Hallo\" \"Welt\" \"x\" \"y\" \"z\" \"\""
        );
        assert_eq!(fold("a–b—c−d‒e‐f‑g-h"), "a-b-c-d-e-f-g-h");
        assert_eq!(
            fold("Sol\u{00AD}da\u{200B}t\u{200C}e\u{200D}n\u{2060}\u{FEFF}"),
            "Soldaten"
        );
        assert_eq!(fold("Groß und klein"), "Groß und klein");
        assert_eq!(fold("a \u{00AD} b"), "a b");
        assert_eq!(fold(" \n "), "");
    }

    #[test]
    fn folded_text_keeps_outer_space_and_maps_back() {
        let text = "  Tür\u{00AD}schloss —\n ok ";
        let ft = FoldedText::new(text);
        assert_eq!(ft.folded(), " Türschloss - ok ");
        assert_eq!(ft.original_len(), text.len());
        // "Türschloss" maps over the soft hyphen.
        let f = ft.folded().find("Türschloss").unwrap();
        let r = ft.original_range(f..f + "Türschloss".len());
        assert_eq!(&text[r], "Tür\u{00AD}schloss");
        // The dash maps to the em dash.
        let f = ft.folded().find('-').unwrap();
        assert_eq!(&text[ft.original_range(f..f + 1)], "—");
        // Out-of-range and empty ranges are clamped.
        assert_eq!(ft.original_range(100..200), text.len()..text.len());
        assert_eq!(ft.original_range(3..1), 3..3); // mid-char folded byte: start of "ü"
    }

    #[test]
    fn property_every_substring_anchors_to_itself() {
        let mut rng = Rng::new(0x5eed);
        for _ in 0..60 {
            let len = 1 + rng.below(24);
            let text = random_text(&mut rng, len);
            let ft = FoldedText::new(&text);
            // fold() agrees with FoldedText modulo outer spaces.
            assert_eq!(fold(&text), ft.folded().trim_matches(' '));
            let solid = |c: char| matches!(classify(c), Fold::Char(_));
            let bounds: Vec<(usize, char)> = text.char_indices().collect();
            for (si, &(i, ci)) in bounds.iter().enumerate() {
                if !solid(ci) {
                    continue;
                }
                for &(j0, cj) in &bounds[si..] {
                    if !solid(cj) {
                        continue;
                    }
                    let j = j0 + cj.len_utf8();
                    let quote = &text[i..j];
                    match anchor(&ft, &[], &query(quote)) {
                        Ok(a) => {
                            assert_eq!(a.span(), i..j, "{text:?} / {quote:?}");
                        }
                        Err(AnchorError::Ambiguous { candidates }) => {
                            assert!(candidates.contains(&(i..j)), "{text:?} / {quote:?}");
                            for c in candidates {
                                let sub = text.get(c.clone()).expect("char boundaries");
                                assert_eq!(fold(sub), fold(quote), "{text:?} / {quote:?}");
                            }
                        }
                        Err(e) => panic!("{text:?} / {quote:?}: {e:?}"),
                    }
                }
            }
        }
    }
}
