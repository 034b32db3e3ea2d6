//! The passage most like a quote that was not found, for the error message.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::ops::Range;

use super::fold::FoldedText;
use super::search::{folded_paragraphs, quote_parts};

/// Minimum Dice score for [`closest_passage`] to report a passage.
const CLOSEST_MIN_SCORE: f64 = 0.3;

/// The passage of the article most similar to `quote` (original byte range),
/// or `None` if nothing is reasonably similar.
///
/// Windows of about the quote's folded length, starting at word boundaries of
/// each paragraph, are scored by the (case-insensitive) character-bigram Dice
/// coefficient; the window is updated incrementally, so the cost is linear in
/// the text length plus the quote length per paragraph.
pub fn closest_passage(text: &FoldedText, paragraphs: &[Range<usize>], quote: &str) -> Option<Range<usize>> {
    closest_for_parts(text, paragraphs, &quote_parts(quote))
}

/// A fast multiplicative hasher for the `u64` bigram keys (which are not
/// attacker-controlled in any way that matters: the map is tiny and local).
#[derive(Default)]
struct BigramHasher(u64);

impl Hasher for BigramHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u64(u64::from(b));
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

fn bigram_key(a: char, b: char) -> u64 {
    (u64::from(a) << 32) | u64::from(b)
}

fn lower(c: char) -> char {
    if c.is_ascii() {
        return c.to_ascii_lowercase();
    }
    c.to_lowercase().next().unwrap_or(c)
}

/// Dice-coefficient bookkeeping between a quote and a sliding window.
struct BigramWindow {
    /// Dense ids of the distinct quote bigrams.
    ids: HashMap<u64, usize, BuildHasherDefault<BigramHasher>>,
    /// Per id: occurrences in the quote.
    quote_count: Vec<usize>,
    /// Per id: occurrences in the current window.
    window_count: Vec<usize>,
    /// Ids whose window count was raised since the last reset (so a reset costs what the
    /// window saw, not the number of distinct quote bigrams: it runs once per paragraph).
    touched: Vec<usize>,
    /// Number of bigrams in the quote.
    quote_bigrams: usize,
    /// Size of the multiset intersection of quote and window bigrams.
    common: usize,
}

impl BigramWindow {
    fn new(quote: &[char]) -> BigramWindow {
        let mut ids: HashMap<u64, usize, BuildHasherDefault<BigramHasher>> = HashMap::default();
        let mut quote_count: Vec<usize> = Vec::new();
        for w in quote.windows(2) {
            if let [a, b] = w {
                let next = ids.len();
                let id = *ids.entry(bigram_key(*a, *b)).or_insert(next);
                if id == quote_count.len() {
                    quote_count.push(0);
                }
                if let Some(c) = quote_count.get_mut(id) {
                    *c += 1;
                }
            }
        }
        let window_count = vec![0; quote_count.len()];
        BigramWindow {
            ids,
            quote_count,
            window_count,
            touched: Vec::new(),
            quote_bigrams: quote.len().saturating_sub(1),
            common: 0,
        }
    }

    /// For each position `i`, the id of the quote bigram `(chars[i], chars[i + 1])`.
    fn bigram_ids(&self, chars: &[char]) -> Vec<Option<usize>> {
        chars
            .windows(2)
            .map(|w| match w {
                [a, b] => self.ids.get(&bigram_key(*a, *b)).copied(),
                _ => None,
            })
            .collect()
    }

    fn reset(&mut self) {
        for id in self.touched.drain(..) {
            if let Some(c) = self.window_count.get_mut(id) {
                *c = 0;
            }
        }
        self.common = 0;
    }

    fn add(&mut self, id: Option<usize>) {
        if let Some(id) = id
            && let (Some(w), Some(&q)) = (self.window_count.get_mut(id), self.quote_count.get(id))
        {
            if *w < q {
                self.common += 1;
            }
            if *w == 0 {
                self.touched.push(id);
            }
            *w += 1;
        }
    }

    fn remove(&mut self, id: Option<usize>) {
        if let Some(id) = id
            && let (Some(w), Some(&q)) = (self.window_count.get_mut(id), self.quote_count.get(id))
        {
            *w = w.saturating_sub(1);
            if *w < q {
                self.common = self.common.saturating_sub(1);
            }
        }
    }

    /// Dice coefficient for a window of `window_chars` characters.
    fn score(&self, window_chars: usize) -> f64 {
        let total = self.quote_bigrams + window_chars.saturating_sub(1);
        if total == 0 {
            return 0.0;
        }
        (2 * self.common) as f64 / total as f64
    }
}

/// One paragraph of the folded text, char by char (lower-cased).
struct ParagraphChars {
    /// Folded byte offset of each char.
    offsets: Vec<usize>,
    chars: Vec<char>,
    /// Folded byte offset of the paragraph end.
    end: usize,
}

impl ParagraphChars {
    fn new(hay: &str, range: &Range<usize>) -> ParagraphChars {
        let (offsets, chars) = hay
            .get(range.clone())
            .unwrap_or("")
            .char_indices()
            .map(|(i, c)| (range.start + i, lower(c)))
            .unzip();
        ParagraphChars {
            offsets,
            chars,
            end: range.end,
        }
    }

    fn is_space(&self, i: usize) -> bool {
        self.chars.get(i) == Some(&' ')
    }

    /// Folded byte range of the chars `s..e`.
    fn folded_range(&self, s: usize, e: usize) -> Range<usize> {
        let start = self.offsets.get(s).copied().unwrap_or(self.end);
        let end = self.offsets.get(e).copied().unwrap_or(self.end);
        start..end.max(start)
    }
}

pub(super) fn closest_for_parts(
    text: &FoldedText,
    paragraphs: &[Range<usize>],
    parts: &[String],
) -> Option<Range<usize>> {
    let quote: Vec<char> = parts.join(" ").chars().map(lower).collect();
    if quote.len() < 2 {
        return None;
    }
    let quote_len = quote.len();
    let mut window = BigramWindow::new(&quote);
    let hay = text.folded();

    // Coarse pass: windows of `quote_len` chars starting at each word start.
    // best: (score, paragraph range, window start char)
    let mut best: Option<(f64, Range<usize>, usize)> = None;
    for (_, prange) in folded_paragraphs(text, paragraphs) {
        let para = ParagraphChars::new(hay, &prange);
        let n = para.chars.len();
        let ids = window.bigram_ids(&para.chars);
        let id_at = |i: usize| ids.get(i).copied().flatten();
        window.reset();
        let (mut s, mut e) = (0usize, 0usize);
        for ws in 0..n {
            if para.is_space(ws) || (ws > 0 && !para.is_space(ws - 1)) {
                continue;
            }
            // Window: chars s..e; its bigrams start at s..e-1.
            let target = (ws + quote_len).min(n);
            while e < target {
                if e > s {
                    window.add(id_at(e - 1));
                }
                e += 1;
            }
            while s < ws {
                if s + 1 < e {
                    window.remove(id_at(s));
                }
                s += 1;
            }
            let score = window.score(e - s);
            if best.as_ref().is_none_or(|(b, _, _)| score > *b) {
                best = Some((score, prange.clone(), s));
            }
        }
    }
    let (coarse_score, prange, s) = best?;

    // Refinement: from the best start, pick the best end at a word end
    // within about 1.25 times the quote length.
    let para = ParagraphChars::new(hay, &prange);
    let n = para.chars.len();
    let ids = window.bigram_ids(&para.chars);
    window.reset();
    let max_end = (s + quote_len + quote_len / 4 + 1).min(n);
    let mut refined: Option<(f64, usize)> = None;
    for end in s + 1..=max_end {
        if end >= s + 2 {
            window.add(ids.get(end - 2).copied().flatten());
        }
        let at_word_end = !para.is_space(end - 1) && (end == n || para.is_space(end));
        if !at_word_end {
            continue;
        }
        let score = window.score(end - s);
        if refined.is_none_or(|(b, _)| score > b) {
            refined = Some((score, end));
        }
    }
    let (score, end) = match refined {
        Some((score, end)) => (score, end),
        None => {
            // No word end nearby: extend the coarse window to its word end.
            let mut end = (s + quote_len).min(n);
            while end < n && !para.is_space(end) {
                end += 1;
            }
            (coarse_score, end)
        }
    };
    (score >= CLOSEST_MIN_SCORE).then(|| text.original_range(para.folded_range(s, end)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::anchor::AnchorError;
    use crate::anchor::test_support::{paragraphs, query, run};

    #[test]
    fn not_found_reports_closest_passage() {
        let text = "Die Kämpfe dauern an.\n\n\
                    Der Kreml will den Krieg militärisch beenden und setzt dabei vermehrt auf Nordkorea.\n\n\
                    Ein Ende des Konflikts ist nicht in Sicht.";
        let quote = "Der Kreml will den Krieg diplomatisch beenden und setzt dabei vermehrt auf Nordkorea.";
        let err = run(text, &query(quote)).unwrap_err();
        let AnchorError::NotFound { closest: Some(range) } = &err else {
            panic!("expected closest passage, got {err:?}");
        };
        assert_eq!(
            &text[range.clone()],
            "Der Kreml will den Krieg militärisch beenden und setzt dabei vermehrt auf Nordkorea."
        );
        let msg = err.describe(text);
        assert!(
            msg.starts_with("quote not found; closest passage: „Der Kreml will"),
            "{msg}"
        );
        // Also through the public function.
        assert_eq!(
            closest_passage(&FoldedText::new(text), &paragraphs(text), quote),
            Some(range.clone())
        );
        // Without paragraphs the window is not padded with the next paragraph.
        assert_eq!(closest_passage(&FoldedText::new(text), &[], quote), Some(range.clone()));
    }

    #[test]
    fn closest_passage_within_long_paragraph() {
        let text = "Am Montag traf sich der Ausschuss. Der Minister sagte, die Lage sei ernst, aber \
                    beherrschbar. Danach gingen alle nach Hause und aßen Kuchen.";
        let quote = "Die Lage sei ernst, aber kontrollierbar";
        let err = run(text, &query(quote)).unwrap_err();
        let AnchorError::NotFound { closest: Some(range) } = err else {
            panic!("expected closest passage");
        };
        // Dice favours dropping the dissimilar last word; either is fine.
        let passage = &text[range];
        assert!(
            ["die Lage sei ernst, aber", "die Lage sei ernst, aber beherrschbar."].contains(&passage),
            "{passage}"
        );
    }

    #[test]
    fn not_found_without_similar_passage() {
        let text = "Die Kämpfe in der Ukraine haben ihre 1000-Tage-Marke überschritten.";
        assert_eq!(
            run(text, &query("xyzzy qwertz plugh")),
            Err(AnchorError::NotFound { closest: None })
        );
        assert_eq!(
            run("", &query("irgendwas")),
            Err(AnchorError::NotFound { closest: None })
        );
        assert_eq!(run(text, &query("x")), Err(AnchorError::NotFound { closest: None }));
    }

    #[test]
    fn closest_passage_over_many_paragraphs_and_a_quote_of_many_bigrams() {
        // The window is reset per paragraph: that must cost what the paragraph held, not the
        // quote's distinct bigrams (here thousands, over thousands of paragraphs).
        let mut text = String::new();
        for i in 0..3000 {
            text.push_str(&format!("Satz {i} hier.\n\n"));
        }
        text.push_str("Der Kreml will den Krieg militärisch beenden.\n\n");
        let varied: String = (0..3000u32)
            .filter_map(|i| char::from_u32(0x4E00 + (i * 7) % 2000))
            .collect();
        let quote = format!("Der Kreml will den Krieg diplomatisch beenden {varied}");
        let err = run(&text, &query(&quote)).unwrap_err();
        // Whatever it picks, it is a real passage of the text.
        let AnchorError::NotFound { closest } = err else {
            panic!("not found expected");
        };
        if let Some(range) = closest {
            assert!(text.get(range).is_some());
        }
        let err = run(&text, &query("Der Kreml will den Krieg diplomatisch beenden.")).unwrap_err();
        let AnchorError::NotFound { closest: Some(range) } = err else {
            panic!("closest passage expected");
        };
        assert_eq!(&text[range], "Der Kreml will den Krieg militärisch beenden.");
    }
}
