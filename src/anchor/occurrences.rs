//! Every occurrence of one needle in a text, found in time linear in both.

use aho_corasick::{AhoCorasick, AhoCorasickKind, automaton::OverlappingState};

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
pub(super) struct Occurrences<'h> {
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
    pub(super) fn new(hay: &'h str, needle: &'h str) -> Occurrences<'h> {
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
    pub(super) fn step(&mut self) -> Option<usize> {
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
    pub(super) fn at_or_after(&mut self, pos: usize) -> Option<usize> {
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
    pub(super) fn starts_at(&mut self, pos: usize) -> bool {
        self.at_or_after(pos) == Some(pos)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::anchor::AnchorError;
    use crate::anchor::test_support::{query, run};

    fn all(hay: &str, needle: &str) -> Vec<usize> {
        let mut occurrences = Occurrences::new(hay, needle);
        std::iter::from_fn(|| occurrences.step()).collect()
    }

    #[test]
    fn short_and_long_needles_find_overlapping_occurrences() {
        assert_eq!(all("aaaa", "aa"), [0, 1, 2]);
        assert_eq!(all("äää", "ää"), [0, 2]);
        let long = "ab".repeat(SHORT_NEEDLE);
        let hay = "ab".repeat(SHORT_NEEDLE + 2);
        assert_eq!(all(&hay, &long), [0, 2, 4]);
        assert!(all("abc", "").is_empty());
        assert!(all("ab", "abc").is_empty());
    }

    #[test]
    fn at_or_after_walks_forward_once() {
        let mut occurrences = Occurrences::new("xaxaxa", "a");
        assert_eq!(occurrences.at_or_after(0), Some(1));
        assert!(occurrences.starts_at(3));
        assert!(!occurrences.starts_at(4));
        assert_eq!(occurrences.at_or_after(6), None);
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
}
