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

use std::collections::HashMap;
use std::fmt::Write as _;
use std::hash::{BuildHasherDefault, Hasher};
use std::ops::Range;

use aho_corasick::{AhoCorasick, AhoCorasickKind, automaton::OverlappingState};

/// How many places of an ambiguous or context-mismatched quote a message lists (then "… and
/// N more").
pub const LISTED_CANDIDATES: usize = 5;

/// Minimum Dice score for [`closest_passage`] to report a passage.
const CLOSEST_MIN_SCORE: f64 = 0.3;

/// What folding does with one character.
#[derive(Clone, Copy)]
enum Fold {
    /// Removed entirely (soft hyphen, zero-width characters).
    Drop,
    /// Part of a whitespace run that becomes one space.
    Space,
    /// Replaced by (or kept as) this character.
    Char(char),
}

#[inline]
fn classify(c: char) -> Fold {
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
    fn folded_range_within(&self, orig: &Range<usize>) -> Range<usize> {
        let a = self.starts.partition_point(|&s| (s as usize) < orig.start);
        let b = self.ends.partition_point(|&e| (e as usize) <= orig.end);
        a..b.max(a)
    }
}

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

/// Byte length of the gap marker at the start of `s` (folded), if any.
fn gap_len(s: &str) -> Option<usize> {
    fn ellipsis(t: &str) -> Option<usize> {
        if t.starts_with('…') {
            return Some('…'.len_utf8());
        }
        let dots = t.bytes().take_while(|&b| b == b'.').count();
        (dots >= 3).then_some(dots)
    }
    if let Some(n) = ellipsis(s) {
        return Some(n);
    }
    for (open, close) in [('[', ']'), ('(', ')')] {
        let Some(rest) = s.strip_prefix(open) else {
            continue;
        };
        let rest = rest.strip_prefix(' ').unwrap_or(rest);
        let Some(n) = ellipsis(rest) else {
            continue;
        };
        let rest = rest.get(n..).unwrap_or("");
        let rest = rest.strip_prefix(' ').unwrap_or(rest);
        if let Some(rest) = rest.strip_prefix(close) {
            return Some(s.len() - rest.len());
        }
    }
    None
}

/// Fold a quote and split it at gap markers into non-empty, trimmed parts.
fn quote_parts(quote: &str) -> Vec<String> {
    let folded = fold(quote);
    let mut parts = Vec::new();
    let mut push = |part: &str| {
        let part = part.trim_matches(' ');
        if !part.is_empty() {
            parts.push(part.to_owned());
        }
    };
    let mut part_start = 0;
    let mut i = 0;
    while let Some(rest) = folded.get(i..) {
        let Some(c) = rest.chars().next() else {
            break;
        };
        if let Some(n) = gap_len(rest) {
            push(folded.get(part_start..i).unwrap_or(""));
            i += n;
            part_start = i;
        } else {
            i += c.len_utf8();
        }
    }
    push(folded.get(part_start..).unwrap_or(""));
    parts
}

/// Needles up to this length are searched for again after each occurrence; longer ones get
/// an automaton.
const SHORT_NEEDLE: usize = 64;

/// All (also overlapping) occurrences of a non-empty `needle` in `hay`, in order, in time
/// linear in the lengths of both however the needle repeats: a long needle is found in one
/// pass over `hay` by an Aho-Corasick automaton of the one needle (searching again after each
/// occurrence would cost up to the needle's length per occurrence); a short one is searched
/// for again after each occurrence, at most [`SHORT_NEEDLE`] bytes of extra work each.
///
/// Besides iterating, [`Occurrences::at_or_after`] answers "the first occurrence starting at or
/// after `pos`" for non-decreasing `pos` in amortised constant time.
struct Occurrences<'h> {
    hay: &'h str,
    /// The needle, searched for again after each occurrence when it is short (at most
    /// [`SHORT_NEEDLE`] bytes: each search costs at most that much beyond the distance it
    /// covers, and building an automaton would cost more than all the searches of a typical
    /// quote).
    short: Option<&'h str>,
    /// The automaton of a long needle. Both `None` for an empty needle, one longer than `hay`,
    /// or one the automaton cannot hold: then there are no occurrences.
    finder: Option<AhoCorasick>,
    state: OverlappingState,
    /// The current occurrence's start; `None` before the first step and after the last.
    current: Option<usize>,
    done: bool,
}

impl<'h> Occurrences<'h> {
    fn new(hay: &'h str, needle: &'h str) -> Occurrences<'h> {
        let searchable = !needle.is_empty() && needle.len() <= hay.len();
        let short = (searchable && needle.len() <= SHORT_NEEDLE).then_some(needle);
        let finder = (searchable && short.is_none())
            .then(|| {
                AhoCorasick::builder()
                    .kind(Some(AhoCorasickKind::ContiguousNFA))
                    .build([needle])
                    .ok()
            })
            .flatten();
        Occurrences {
            hay,
            done: short.is_none() && finder.is_none(),
            short,
            finder,
            state: OverlappingState::start(),
            current: None,
        }
    }

    /// Start of the next occurrence.
    fn step(&mut self) -> Option<usize> {
        if self.done {
            return None;
        }
        if let Some(needle) = self.short {
            // Overlapping occurrences: search again one character after the last start.
            let from = self.current.map_or(0, |start| {
                start + self.hay[start..].chars().next().map_or(1, char::len_utf8)
            });
            self.current = self.hay[from..].find(needle).map(|at| from + at);
            self.done = self.current.is_none();
            return self.current;
        }
        let finder = self.finder.as_ref()?;
        finder.find_overlapping(self.hay, &mut self.state);
        self.current = self.state.get_match().map(|m| m.start());
        self.done = self.current.is_none();
        debug_assert!(self.current.is_none_or(|s| self.hay.is_char_boundary(s)));
        self.current
    }

    /// Start of the first occurrence at or after `pos`; `pos` must not decrease between calls.
    fn at_or_after(&mut self, pos: usize) -> Option<usize> {
        loop {
            match self.current {
                Some(start) if start >= pos => return Some(start),
                _ if self.done => return None,
                _ => {
                    self.step()?;
                }
            }
        }
    }

    /// Whether an occurrence starts exactly at `pos`; `pos` must not decrease between calls.
    fn starts_at(&mut self, pos: usize) -> bool {
        self.at_or_after(pos) == Some(pos)
    }
}

/// A match in folded coordinates.
struct Candidate {
    parts: Vec<Range<usize>>,
    paragraph: usize,
}

impl Candidate {
    fn folded_span(&self) -> Range<usize> {
        match (self.parts.first(), self.parts.last()) {
            (Some(first), Some(last)) => first.start..last.end,
            _ => 0..0,
        }
    }

    fn original_span(&self, text: &FoldedText) -> Range<usize> {
        text.original_range(self.folded_span())
    }

    fn to_anchor(&self, text: &FoldedText) -> Anchor {
        Anchor {
            parts: self.parts.iter().map(|r| text.original_range(r.clone())).collect(),
            paragraph: self.paragraph,
        }
    }
}

/// Index of the paragraph that contains the original range `orig`. An empty
/// `paragraphs` slice means the whole text is paragraph 0.
fn paragraph_of(paragraphs: &[Range<usize>], orig: &Range<usize>) -> Option<usize> {
    if paragraphs.is_empty() {
        return Some(0);
    }
    let idx = paragraphs.partition_point(|p| p.start <= orig.start).checked_sub(1)?;
    let p = paragraphs.get(idx)?;
    (p.start <= orig.start && orig.end <= p.end).then_some(idx)
}

/// Folded byte ranges of all paragraphs (the whole text if `paragraphs` is
/// empty), paired with their index.
fn folded_paragraphs(text: &FoldedText, paragraphs: &[Range<usize>]) -> Vec<(usize, Range<usize>)> {
    if paragraphs.is_empty() {
        return vec![(0, 0..text.folded.len())];
    }
    paragraphs
        .iter()
        .enumerate()
        .map(|(i, p)| (i, text.folded_range_within(p)))
        .filter(|(_, r)| r.start < r.end)
        .collect()
}

/// Every place where all `parts` occur in order within one paragraph.
///
/// For gapped quotes each occurrence of the first part is completed with the
/// earliest occurrences of the following parts; of several completions ending
/// in the same last part only the tightest (latest first part) is kept.
fn find_candidates(text: &FoldedText, paragraphs: &[Range<usize>], parts: &[String]) -> Vec<Candidate> {
    let hay = text.folded();
    let Some((first, rest)) = parts.split_first() else {
        return Vec::new();
    };
    let mut out: Vec<Candidate> = Vec::new();
    // The later parts' occurrences, each walked once: the position searched from never goes
    // back (the first part's occurrences come in order, so does the earliest completion).
    let mut later: Vec<Occurrences<'_>> = rest.iter().map(|part| Occurrences::new(hay, part)).collect();
    // A paragraph in which a later part was not found after some occurrence
    // of the first part: later occurrences there cannot succeed either.
    let mut failed_paragraph = None;
    let mut firsts = Occurrences::new(hay, first);
    while let Some(a) = firsts.step() {
        let first_range = a..a + first.len();
        let Some(paragraph) = paragraph_of(paragraphs, &text.original_range(first_range.clone())) else {
            continue;
        };
        if failed_paragraph == Some(paragraph) {
            continue;
        }
        let limit = match paragraphs.get(paragraph) {
            Some(p) => text.folded_range_within(p).end,
            None => hay.len(),
        };
        let mut ranges = Vec::with_capacity(parts.len());
        let mut cursor = first_range.end;
        ranges.push(first_range);
        let mut complete = true;
        for (part, occurrences) in rest.iter().zip(later.iter_mut()) {
            // Occurrences sorted by start are sorted by end too: if the first one after the
            // cursor ends past the paragraph, every later one does.
            match occurrences.at_or_after(cursor) {
                Some(s) if s + part.len() <= limit => {
                    cursor = s + part.len();
                    ranges.push(s..cursor);
                }
                _ => {
                    complete = false;
                    break;
                }
            }
        }
        if !complete {
            failed_paragraph = Some(paragraph);
            continue;
        }
        let candidate = Candidate {
            parts: ranges,
            paragraph,
        };
        if !rest.is_empty()
            && let Some(prev) = out.last_mut()
            && prev.parts.last() == candidate.parts.last()
        {
            *prev = candidate;
            continue;
        }
        out.push(candidate);
    }
    out
}

/// Which candidates the folded text around agrees with the folded prefix/suffix: the prefix
/// must end right before the match (or before the one space there), the suffix start right
/// after it (or after the one space). Candidates come in order of their start and of their
/// end, so each context's occurrences are walked once.
fn context_matches(hay: &str, candidates: &[Candidate], prefix: Option<&str>, suffix: Option<&str>) -> Vec<bool> {
    let mut prefixes = prefix.map(|p| (p.len(), Occurrences::new(hay, p)));
    let mut suffixes = suffix.map(|s| Occurrences::new(hay, s));
    let bytes = hay.as_bytes();
    candidates
        .iter()
        .map(|candidate| {
            let span = candidate.folded_span();
            let prefix_ok = prefixes.as_mut().is_none_or(|(len, occurrences)| {
                let end = if span.start > 0 && bytes.get(span.start - 1) == Some(&b' ') {
                    span.start - 1
                } else {
                    span.start
                };
                end.checked_sub(*len).is_some_and(|start| occurrences.starts_at(start))
            });
            let suffix_ok = suffixes.as_mut().is_none_or(|occurrences| {
                let start = if bytes.get(span.end) == Some(&b' ') {
                    span.end + 1
                } else {
                    span.end
                };
                occurrences.starts_at(start)
            });
            prefix_ok && suffix_ok
        })
        .collect()
}

/// Find `query.quote` in `text`, within one of `paragraphs` (original byte
/// ranges, sorted and non-overlapping; an empty slice means the whole text is
/// one paragraph, reported as index 0).
pub fn anchor(text: &FoldedText, paragraphs: &[Range<usize>], query: &QuoteQuery<'_>) -> Result<Anchor, AnchorError> {
    let parts = quote_parts(query.quote);
    if parts.is_empty() {
        return Err(AnchorError::EmptyQuote);
    }
    let candidates = find_candidates(text, paragraphs, &parts);
    if candidates.is_empty() {
        return Err(AnchorError::NotFound {
            closest: closest_for_parts(text, paragraphs, &parts),
        });
    }
    let prefix = query.prefix.map(fold).filter(|p| !p.is_empty());
    let suffix = query.suffix.map(fold).filter(|s| !s.is_empty());
    let spans = |cands: &[&Candidate]| -> Vec<Range<usize>> { cands.iter().map(|c| c.original_span(text)).collect() };
    let all: Vec<&Candidate> = candidates.iter().collect();
    if prefix.is_none() && suffix.is_none() {
        return match all.as_slice() {
            [only] => Ok(only.to_anchor(text)),
            _ => Err(AnchorError::Ambiguous {
                candidates: spans(&all),
            }),
        };
    }
    let agrees = context_matches(text.folded(), &candidates, prefix.as_deref(), suffix.as_deref());
    let matching: Vec<&Candidate> = candidates
        .iter()
        .zip(agrees)
        .filter_map(|(c, ok)| ok.then_some(c))
        .collect();
    match matching.as_slice() {
        [only] => Ok(only.to_anchor(text)),
        [] => Err(AnchorError::ContextMismatch {
            candidates: spans(&all),
        }),
        _ => Err(AnchorError::Ambiguous {
            candidates: spans(&matching),
        }),
    }
}

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

fn closest_for_parts(text: &FoldedText, paragraphs: &[Range<usize>], parts: &[String]) -> Option<Range<usize>> {
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
// Reversed and single-element ranges are deliberate test inputs here.
#[allow(clippy::reversed_empty_ranges, clippy::single_range_in_vec_init)]
mod tests {
    use super::*;

    /// Paragraph ranges: text split at blank lines, trimmed of line breaks.
    fn paragraphs(text: &str) -> Vec<Range<usize>> {
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

    fn query(quote: &str) -> QuoteQuery<'_> {
        QuoteQuery {
            quote,
            prefix: None,
            suffix: None,
        }
    }

    fn run(text: &str, q: &QuoteQuery<'_>) -> Result<Anchor, AnchorError> {
        anchor(&FoldedText::new(text), &paragraphs(text), q)
    }

    /// Anchor `quote` and return the original substring of the span.
    fn found<'t>(text: &'t str, quote: &str) -> &'t str {
        let a = run(text, &query(quote)).expect("quote should anchor");
        &text[a.span()]
    }

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
    fn german_quotes_match_straight_quotes() {
        let text = "Sie sagte: „Wir schaffen das“, und ging.";
        assert_eq!(found(text, "\"Wir schaffen das\""), "„Wir schaffen das“");
        assert_eq!(found(text, "'Wir schaffen das'"), "„Wir schaffen das“");
    }

    #[test]
    fn single_german_quotes_and_guillemets() {
        let text = "Er nannte es ‚absurd‘ und «völlig überzogen».";
        assert_eq!(found(text, "'absurd'"), "‚absurd‘");
        assert_eq!(found(text, "\"völlig überzogen\""), "«völlig überzogen»");
        assert_eq!(found(text, "„völlig überzogen“"), "«völlig überzogen»");
    }

    #[test]
    fn no_break_space_in_article() {
        let text = "Es geht um 11.000\u{00A0}Soldaten aus Nordkorea.";
        assert_eq!(found(text, "11.000 Soldaten"), "11.000\u{00A0}Soldaten");
    }

    #[test]
    fn soft_hyphen_in_article() {
        let text = "Die Sol\u{00AD}daten kämpfen.";
        assert_eq!(found(text, "Soldaten"), "Sol\u{00AD}daten");
        assert_eq!(found(text, "Die Soldaten kämpfen"), "Die Sol\u{00AD}daten kämpfen");
    }

    #[test]
    fn zero_width_space_in_article() {
        let text = "Das Kreml\u{200B}-\u{200B}Statement kam spät.";
        assert_eq!(found(text, "Kreml-Statement"), "Kreml\u{200B}-\u{200B}Statement");
    }

    #[test]
    fn quote_spanning_line_break() {
        let text = "Der Kreml will den Krieg\nmilitärisch beenden.";
        assert_eq!(found(text, "Krieg militärisch"), "Krieg\nmilitärisch");
        assert_eq!(found(text, "  Krieg \n militärisch "), "Krieg\nmilitärisch");
    }

    #[test]
    fn dashes_match_hyphen() {
        let text = "50.000 Truppen – Russen und Nordkoreaner — stehen bereit.";
        assert_eq!(
            found(text, "Truppen - Russen und Nordkoreaner - stehen"),
            "Truppen – Russen und Nordkoreaner — stehen"
        );
        assert_eq!(found("Kim Jong‑un", "Kim Jong-un"), "Kim Jong‑un");
    }

    #[test]
    fn ellipsis_gaps_match_in_order_within_paragraph() {
        let text = "Putin wolle keine Diplomatie. Putin wolle den Krieg an der Front gewinnen.";
        for quote in [
            "Putin wolle keine … an der Front gewinnen",
            "Putin wolle keine […] an der Front gewinnen",
            "Putin wolle keine ... an der Front gewinnen",
            "Putin wolle keine [...] an der Front gewinnen",
            "Putin wolle keine(…)an der Front gewinnen",
            "Putin wolle keine…an der Front gewinnen",
        ] {
            let a = run(text, &query(quote)).unwrap();
            assert_eq!(a.parts.len(), 2, "{quote}");
            assert_eq!(&text[a.parts[0].clone()], "Putin wolle keine");
            assert_eq!(&text[a.parts[1].clone()], "an der Front gewinnen");
            assert_eq!(&text[a.span()], &text[..text.len() - 1]);
            assert_eq!(a.paragraph, 0);
        }
        // Three parts.
        let a = run(text, &query("Putin … Diplomatie … Front")).unwrap();
        let parts: Vec<&str> = a.parts.iter().map(|r| &text[r.clone()]).collect();
        assert_eq!(parts, ["Putin", "Diplomatie", "Front"]);
        // Markers at start and end are ignored.
        let a = run(text, &query("… keine Diplomatie […]")).unwrap();
        assert_eq!(a.parts.len(), 1);
        assert_eq!(&text[a.span()], "keine Diplomatie");
    }

    #[test]
    fn ellipsis_gap_does_not_cross_paragraphs() {
        let text = "Erster Absatz endet hier.\n\nZweiter Absatz beginnt hier.";
        let err = run(text, &query("Erster Absatz … Zweiter Absatz")).unwrap_err();
        assert!(matches!(err, AnchorError::NotFound { .. }), "{err:?}");
        // Within the second paragraph it works, and reports paragraph 1.
        let a = run(text, &query("Zweiter … hier")).unwrap();
        assert_eq!(a.paragraph, 1);
        assert_eq!(&text[a.span()], "Zweiter Absatz beginnt hier");
    }

    #[test]
    fn plain_quote_across_paragraphs_is_not_found() {
        let text = "Erster Absatz endet hier.\n\nZweiter Absatz beginnt hier.";
        let err = run(text, &query("endet hier. Zweiter Absatz")).unwrap_err();
        assert!(matches!(err, AnchorError::NotFound { closest: Some(_) }), "{err:?}");
        // Without paragraph information the whole text is one paragraph.
        let ft = FoldedText::new(text);
        let a = anchor(&ft, &[], &query("endet hier. Zweiter Absatz")).unwrap();
        assert_eq!(&text[a.span()], "endet hier.\n\nZweiter Absatz");
        assert_eq!(a.paragraph, 0);
    }

    #[test]
    fn gap_parts_out_of_order_do_not_match() {
        let text = "Putin wolle keine Diplomatie.";
        let err = run(text, &query("Diplomatie … Putin")).unwrap_err();
        assert!(matches!(err, AnchorError::NotFound { .. }), "{err:?}");
        // Parts must not overlap either.
        let err = run("abc", &query("abc … bc")).unwrap_err();
        assert!(matches!(err, AnchorError::NotFound { .. }), "{err:?}");
    }

    #[test]
    fn gapped_quote_prefers_tightest_completion() {
        let text = "Putin sagt, Putin wolle Krieg.";
        let a = run(text, &query("Putin … Krieg")).unwrap();
        assert_eq!(&text[a.span()], "Putin wolle Krieg");
    }

    #[test]
    fn ambiguous_quote_lists_all_candidates() {
        let text = "Putin wolle keine Diplomatie. Putin wolle den Krieg.";
        let err = run(text, &query("Putin wolle")).unwrap_err();
        assert_eq!(
            err,
            AnchorError::Ambiguous {
                candidates: vec![0..11, 30..41]
            }
        );
        let msg = err.describe(text);
        assert!(msg.contains("2 times"), "{msg}");
        assert!(msg.contains("„Putin wolle“, „Putin wolle“"), "{msg}");
    }

    #[test]
    fn overlapping_occurrences_are_ambiguous() {
        let err = run("ha ha ha", &query("ha ha")).unwrap_err();
        assert_eq!(
            err,
            AnchorError::Ambiguous {
                candidates: vec![0..5, 3..8]
            }
        );
    }

    #[test]
    fn prefix_and_suffix_pick_one() {
        let text = "Putin wolle keine Diplomatie. Putin wolle den Krieg.";
        let with_prefix = QuoteQuery {
            quote: "Putin wolle",
            prefix: Some("Diplomatie. "),
            suffix: None,
        };
        assert_eq!(run(text, &with_prefix).unwrap().span(), 30..41);
        let with_suffix = QuoteQuery {
            quote: "Putin wolle",
            prefix: None,
            suffix: Some("keine"),
        };
        assert_eq!(run(text, &with_suffix).unwrap().span(), 0..11);
        // Prefix directly adjacent (no space) and folded the same way.
        let text2 = "„Krieg“ sagt er. Dann: „Krieg“ sagt sie.";
        let q = QuoteQuery {
            quote: "Krieg",
            prefix: Some("Dann: \""),
            suffix: Some("\" sagt"),
        };
        let a = run(text2, &q).unwrap();
        assert_eq!(
            a.span(),
            text2.rfind("Krieg").unwrap()..text2.rfind("Krieg").unwrap() + 5
        );
        // A prefix that matches both keeps it ambiguous, listing the rest.
        let three = "x Putin. y Putin. y Putin.";
        let q = QuoteQuery {
            quote: "Putin",
            prefix: Some("y"),
            suffix: None,
        };
        assert_eq!(
            run(three, &q).unwrap_err(),
            AnchorError::Ambiguous {
                candidates: vec![11..16, 20..25]
            }
        );
        // An empty prefix is treated as absent.
        let q = QuoteQuery {
            quote: "keine",
            prefix: Some("  "),
            suffix: Some(""),
        };
        assert_eq!(&text[run(text, &q).unwrap().span()], "keine");
    }

    #[test]
    fn context_mismatch() {
        let text = "Putin wolle keine Diplomatie. Putin wolle den Krieg.";
        // Unique quote, wrong prefix.
        let q = QuoteQuery {
            quote: "keine Diplomatie",
            prefix: Some("Selenskyj wolle"),
            suffix: None,
        };
        assert_eq!(
            run(text, &q).unwrap_err(),
            AnchorError::ContextMismatch {
                candidates: vec![12..28]
            }
        );
        // Unique quote, right prefix, wrong suffix.
        let q = QuoteQuery {
            quote: "keine Diplomatie",
            prefix: Some("Putin wolle"),
            suffix: Some("Frieden"),
        };
        assert!(matches!(
            run(text, &q).unwrap_err(),
            AnchorError::ContextMismatch { .. }
        ));
        // Ambiguous quote, context matching none: all candidates listed.
        let q = QuoteQuery {
            quote: "Putin wolle",
            prefix: None,
            suffix: Some("Frieden"),
        };
        assert_eq!(
            run(text, &q).unwrap_err(),
            AnchorError::ContextMismatch {
                candidates: vec![0..11, 30..41]
            }
        );
        // The correct context passes.
        let q = QuoteQuery {
            quote: "keine Diplomatie",
            prefix: Some("Putin wolle"),
            suffix: Some(". Putin"),
        };
        assert_eq!(run(text, &q).unwrap().span(), 12..28);
    }

    #[test]
    fn empty_quotes() {
        let text = "Irgendein Text … mit Ellipse.";
        for quote in [
            "",
            "   ",
            "\n\u{00A0}\t",
            "…",
            " […] ",
            "...",
            "\u{00AD}\u{200B}",
            "… [...] …",
        ] {
            assert_eq!(run(text, &query(quote)), Err(AnchorError::EmptyQuote), "{quote:?}");
        }
    }

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
    fn case_sensitive() {
        let text = "Der Kreml schweigt.";
        assert!(matches!(
            run(text, &query("der kreml")),
            Err(AnchorError::NotFound { .. })
        ));
    }

    #[test]
    fn multibyte_chars_around_matches() {
        let text = "ßäöü😀„Größe“😀üöäß";
        let a = run(text, &query("\"Größe\"")).unwrap();
        assert_eq!(&text[a.span()], "„Größe“");
        assert!(text.is_char_boundary(a.span().start) && text.is_char_boundary(a.span().end));
        assert!(matches!(run(text, &query("😀")), Err(AnchorError::Ambiguous { .. })));
        let a = run("ä😀ö", &query("😀")).unwrap();
        assert_eq!(a.span(), 2..6);
        assert_eq!(
            found("Maß\u{00AD}stab für Öl", "Maßstab für Öl"),
            "Maß\u{00AD}stab für Öl"
        );
    }

    #[test]
    fn quote_at_start_and_end_of_text() {
        let text = "„Anfang“ des Textes und sein Ende.";
        let a = run(text, &query("\"Anfang\"")).unwrap();
        assert_eq!(a.span(), 0..text.find(" des").unwrap());
        let a = run(text, &query("sein Ende.")).unwrap();
        assert_eq!(a.span().end, text.len());
        assert_eq!(&text[a.span()], "sein Ende.");
        let a = run(text, &query(text)).unwrap();
        assert_eq!(a.span(), 0..text.len());
    }

    #[test]
    fn weird_paragraph_input_does_not_panic() {
        let text = "Ein Text mit „Zitat“ und – Strich.";
        let ft = FoldedText::new(text);
        let weird = [
            vec![50..10, 0..3],
            vec![0..1000],
            vec![5..5, 5..5, 2..1],
            vec![usize::MAX - 1..usize::MAX],
        ];
        for paras in &weird {
            for quote in ["Zitat", "Text … Strich", "nichts da", "t"] {
                let _ = anchor(&ft, paras, &query(quote));
                let _ = closest_passage(&ft, paras, quote);
            }
        }
        let a = anchor(&ft, &[0..1000], &query("\"Zitat\"")).unwrap();
        assert_eq!(&text[a.span()], "„Zitat“");
    }

    /// Deterministic linear congruential generator.
    struct Lcg(u64);

    impl Lcg {
        fn next(&mut self) -> u64 {
            self.0 = self
                .0
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            self.0 >> 33
        }

        fn below(&mut self, n: usize) -> usize {
            (self.next() % n as u64) as usize
        }
    }

    const ALPHABET: [char; 14] = [
        'a', 'b', 'ä', ' ', ' ', '\n', '„', '“', '"', '\u{00A0}', '\u{00AD}', '–', '-', '\u{200B}',
    ];

    fn random_text(rng: &mut Lcg, len: usize) -> String {
        (0..len).map(|_| ALPHABET[rng.below(ALPHABET.len())]).collect()
    }

    #[test]
    fn property_every_substring_anchors_to_itself() {
        let mut rng = Lcg(0x5eed);
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

    #[test]
    fn property_random_queries_never_panic() {
        let mut rng = Lcg(42);
        let extra = ['…', '.', '[', ']', '(', ')', '😀', 'ß'];
        for _ in 0..300 {
            let len = rng.below(40);
            let mut text = random_text(&mut rng, len);
            if rng.below(2) == 0 {
                text.push(extra[rng.below(extra.len())]);
            }
            let quote: String = (0..rng.below(8))
                .map(|_| {
                    if rng.below(3) == 0 {
                        extra[rng.below(extra.len())]
                    } else {
                        ALPHABET[rng.below(ALPHABET.len())]
                    }
                })
                .collect();
            let ft = FoldedText::new(&text);
            let paras = vec![
                rng.below(len + 2)..rng.below(len + 2),
                rng.below(len + 2)..rng.below(len + 2),
            ];
            let q = QuoteQuery {
                quote: &quote,
                prefix: Some("a"),
                suffix: None,
            };
            let results = [anchor(&ft, &paras, &q), anchor(&ft, &paragraphs(&text), &query(&quote))];
            for r in results {
                match r {
                    Ok(a) => {
                        for part in &a.parts {
                            assert!(text.get(part.clone()).is_some());
                        }
                    }
                    Err(e) => {
                        let _ = e.describe(&text);
                    }
                }
            }
            let _ = ft.original_range(rng.below(len + 3)..rng.below(len + 3));
        }
    }

    /// The search as it was before it walked each part's occurrences once: from every
    /// occurrence of the first part, a fresh search for each later part (quadratic on long
    /// paragraphs, but plainly right). The fast search must agree with it on everything.
    fn reference_anchor(
        text: &FoldedText,
        paragraphs: &[Range<usize>],
        q: &QuoteQuery<'_>,
    ) -> Result<Anchor, AnchorError> {
        let parts = quote_parts(q.quote);
        let Some((first, rest)) = parts.split_first() else {
            return Err(AnchorError::EmptyQuote);
        };
        let hay = text.folded();
        let mut candidates: Vec<Candidate> = Vec::new();
        let step = first.chars().next().map_or(1, char::len_utf8);
        let mut pos = 0;
        while let Some(found) = hay.get(pos..).and_then(|h| h.find(first.as_str())) {
            let a = pos + found;
            pos = a + step;
            let first_range = a..a + first.len();
            let Some(paragraph) = paragraph_of(paragraphs, &text.original_range(first_range.clone())) else {
                continue;
            };
            let limit = paragraphs
                .get(paragraph)
                .map_or(hay.len(), |p| text.folded_range_within(p).end);
            let mut ranges = vec![first_range.clone()];
            let mut cursor = first_range.end;
            let complete = rest.iter().all(
                |part| match hay.get(cursor..limit).and_then(|h| h.find(part.as_str())) {
                    Some(i) => {
                        ranges.push(cursor + i..cursor + i + part.len());
                        cursor += i + part.len();
                        true
                    }
                    None => false,
                },
            );
            if !complete {
                continue;
            }
            let candidate = Candidate {
                parts: ranges,
                paragraph,
            };
            match candidates.last_mut() {
                Some(prev) if !rest.is_empty() && prev.parts.last() == candidate.parts.last() => *prev = candidate,
                _ => candidates.push(candidate),
            }
        }
        if candidates.is_empty() {
            return Err(AnchorError::NotFound {
                closest: closest_for_parts(text, paragraphs, &parts),
            });
        }
        let prefix = q.prefix.map(fold).filter(|p| !p.is_empty());
        let suffix = q.suffix.map(fold).filter(|s| !s.is_empty());
        let agrees = |c: &Candidate| {
            let span = c.folded_span();
            let before = hay.get(..span.start).unwrap_or("");
            let before = before.strip_suffix(' ').unwrap_or(before);
            let after = hay.get(span.end..).unwrap_or("");
            let after = after.strip_prefix(' ').unwrap_or(after);
            prefix.as_deref().is_none_or(|p| before.ends_with(p))
                && suffix.as_deref().is_none_or(|s| after.starts_with(s))
        };
        let spans = |cands: &[&Candidate]| cands.iter().map(|c| c.original_span(text)).collect::<Vec<_>>();
        let all: Vec<&Candidate> = candidates.iter().collect();
        let matching: Vec<&Candidate> = if prefix.is_none() && suffix.is_none() {
            all.clone()
        } else {
            candidates.iter().filter(|c| agrees(c)).collect()
        };
        match matching.as_slice() {
            [only] => Ok(only.to_anchor(text)),
            [] => Err(AnchorError::ContextMismatch {
                candidates: spans(&all),
            }),
            _ => Err(AnchorError::Ambiguous {
                candidates: spans(&matching),
            }),
        }
    }

    #[test]
    fn property_walking_occurrences_once_agrees_with_searching_from_each() {
        let mut rng = Lcg(0x0cc0);
        // Few letters, so parts occur often, overlap and repeat; gaps and context from the
        // same letters.
        let letters = ['a', 'b', ' ', '\n', '"', '–'];
        let pick = |rng: &mut Lcg, max: usize| -> String {
            let len = 1 + rng.below(max);
            (0..len).map(|_| letters[rng.below(letters.len())]).collect()
        };
        for round in 0..3000 {
            let mut text = pick(&mut rng, 60);
            if round % 3 == 0 {
                text = text.replace("\n", "\n\n");
            }
            let gaps = rng.below(3);
            let mut quote = pick(&mut rng, 3);
            for _ in 0..gaps {
                quote.push_str([" … ", "[...]", " (…) "][rng.below(3)]);
                quote.push_str(&pick(&mut rng, 3));
            }
            let prefix = (rng.below(3) == 0).then(|| pick(&mut rng, 3));
            let suffix = (rng.below(3) == 0).then(|| pick(&mut rng, 3));
            let q = QuoteQuery {
                quote: &quote,
                prefix: prefix.as_deref(),
                suffix: suffix.as_deref(),
            };
            let ft = FoldedText::new(&text);
            for paras in [paragraphs(&text), Vec::new()] {
                assert_eq!(
                    anchor(&ft, &paras, &q),
                    reference_anchor(&ft, &paras, &q),
                    "{text:?} / {q:?} / {paras:?}"
                );
            }
        }
    }

    #[test]
    fn gapped_ambiguous_and_mismatched_quotes_on_a_long_paragraph() {
        // The outside test's inputs, small: one paragraph of `lorem ipsum`, then the end.
        let text = format!("{}UNIQUEEND here.", "lorem ipsum ".repeat(2000));
        let ft = FoldedText::new(&text);
        let a = anchor(&ft, &[], &query("lorem … UNIQUEEND")).unwrap();
        assert_eq!(&text[a.span()], "lorem ipsum UNIQUEEND");
        assert_eq!(a.parts.len(), 2);
        let Err(AnchorError::Ambiguous { candidates }) = anchor(&ft, &[], &query("lorem ipsum")) else {
            panic!("ambiguous expected");
        };
        assert_eq!(candidates.len(), 2000);
        assert_eq!(candidates[1999], 12 * 1999..12 * 1999 + 11);
        let wrong = QuoteQuery {
            quote: "lorem ipsum",
            prefix: Some("found nowhere"),
            suffix: None,
        };
        let err = anchor(&ft, &[], &wrong).unwrap_err();
        assert!(matches!(&err, AnchorError::ContextMismatch { candidates } if candidates.len() == 2000));
        // The message lists a few places, not two thousand.
        let msg = err.describe(&text);
        assert!(msg.ends_with("… and 1995 more"), "{msg}");
        assert_eq!(msg.matches("„lorem ipsum“").count(), LISTED_CANDIDATES, "{msg}");
        // The right context picks the last one.
        let right = QuoteQuery {
            quote: "lorem ipsum",
            prefix: None,
            suffix: Some("UNIQUEEND"),
        };
        assert_eq!(anchor(&ft, &[], &right).unwrap().span(), 12 * 1999..12 * 1999 + 11);
        // A gapped quote whose end is nowhere: not found, with the closest passage.
        assert!(matches!(
            anchor(&ft, &[], &query("lorem … NOSUCHEND")),
            Err(AnchorError::NotFound { .. })
        ));
    }

    #[test]
    fn periodic_quote_overlapping_itself_finds_every_occurrence() {
        // Occurrences that overlap by all but one period: the automaton reports each.
        let text = "ha ".repeat(50);
        let quote = "ha ".repeat(10);
        let Err(AnchorError::Ambiguous { candidates }) = run(&text, &query(&quote)) else {
            panic!("ambiguous expected");
        };
        assert_eq!(candidates.len(), 41);
        assert_eq!(candidates[40], 120..149);
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
