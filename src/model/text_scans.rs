//! What resolving reads from a text on its own, remembered by the text: the script URLs, plain
//! code blocks and cross-references of a Markdown field, and the numbers a quote writes. These
//! are pure functions of the text (and the number style), so a remembered result is the one a
//! fresh scan gives; `serve` keeps them between rebuilds, so an edit scans only the texts it
//! changed instead of every claim's note and quote.

use std::collections::HashMap;
use std::sync::Arc;

use super::markdown::{self, PlainCodeBlock};
use super::numbers::{self, NumberStyle, WrittenNumber};

/// What the model checks in a Markdown field ([`markdown::unsafe_urls`],
/// [`markdown::unhighlighted_code_blocks`], [`markdown::cross_refs`]).
#[derive(Debug, PartialEq)]
pub struct MarkdownScan {
    /// Link and image targets that are script or data URLs.
    pub unsafe_urls: Vec<String>,
    /// Code blocks shown without highlighting.
    pub plain_code_blocks: Vec<PlainCodeBlock>,
    /// Link targets that are cross-references.
    pub cross_refs: Vec<String>,
}

impl MarkdownScan {
    /// Scans `text` (no memory).
    pub fn of(text: &str) -> Self {
        Self {
            unsafe_urls: markdown::unsafe_urls(text),
            plain_code_blocks: markdown::unhighlighted_code_blocks(text),
            cross_refs: markdown::cross_refs(text),
        }
    }
}

/// Scans remembered by text. Entries live while a run uses them: what the last run
/// ([`TextScans::finish_run`]) did not use is dropped, so the memory follows the dossier.
#[derive(Debug, Default)]
pub struct TextScans {
    markdown: Generations<Box<str>, Arc<MarkdownScan>>,
    numbers: Generations<(Box<str>, NumberStyle), Arc<Vec<WrittenNumber>>>,
}

impl TextScans {
    /// The scan of the Markdown text `text`.
    pub fn markdown(&mut self, text: &str) -> Arc<MarkdownScan> {
        self.markdown
            .get_or_make(text, |t| Box::from(t), |t| Arc::new(MarkdownScan::of(t)))
    }

    /// The numbers the quote `text` writes, read in `style` ([`numbers::read`]).
    pub fn numbers(&mut self, text: &str, style: NumberStyle) -> Arc<Vec<WrittenNumber>> {
        let key = (Box::from(text), style);
        if let Some(found) = self.numbers.current.get(&key) {
            return found.clone();
        }
        let found = match self.numbers.previous.remove(&key) {
            Some(found) => found,
            None => Arc::new(numbers::read(text, style)),
        };
        self.numbers.current.insert(key, found.clone());
        found
    }

    /// Ends a run: what it did not use is forgotten.
    pub fn finish_run(&mut self) {
        self.markdown.finish_run();
        self.numbers.finish_run();
    }

    /// How many texts are remembered (tests).
    pub fn len(&self) -> usize {
        self.markdown.current.len()
            + self.markdown.previous.len()
            + self.numbers.current.len()
            + self.numbers.previous.len()
    }

    /// Whether nothing is remembered.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Values used by this run (`current`) and by the last one (`previous`).
#[derive(Debug)]
struct Generations<K, V> {
    current: HashMap<K, V>,
    previous: HashMap<K, V>,
}

impl<K, V> Default for Generations<K, V> {
    fn default() -> Self {
        Self {
            current: HashMap::new(),
            previous: HashMap::new(),
        }
    }
}

impl<K: std::hash::Hash + Eq, V: Clone> Generations<K, V> {
    fn get_or_make<Q>(&mut self, query: &Q, key: impl FnOnce(&Q) -> K, make: impl FnOnce(&Q) -> V) -> V
    where
        K: std::borrow::Borrow<Q>,
        Q: std::hash::Hash + Eq + ?Sized,
    {
        if let Some(found) = self.current.get(query) {
            return found.clone();
        }
        let found = match self.previous.remove(query) {
            Some(found) => found,
            None => make(query),
        };
        self.current.insert(key(query), found.clone());
        found
    }

    fn finish_run(&mut self) {
        self.previous = std::mem::take(&mut self.current);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_remembered_scan_is_a_fresh_scan_of_the_same_text_and_unused_ones_are_forgotten() {
        let mut scans = TextScans::default();
        let note = "See [x](javascript:alert(1)) and [y](#claim-a).";
        assert_eq!(*scans.markdown(note), MarkdownScan::of(note));
        assert_eq!(scans.markdown(note).unsafe_urls, vec!["javascript:alert(1)".to_owned()]);
        let other = "Plain [link](https://example.org).";
        // Another text is never answered from the first one's entry.
        assert_eq!(*scans.markdown(other), MarkdownScan::of(other));
        assert!(scans.markdown(other).unsafe_urls.is_empty());

        let style = NumberStyle::for_language("de");
        let english = NumberStyle::for_language("en");
        let quote = "Rund 1.523 Soldaten";
        assert_eq!(*scans.numbers(quote, style), numbers::read(quote, style));
        // The same text in another style is read again: 1.523 is 1523 in German, 1.523 in English.
        assert_eq!(*scans.numbers(quote, english), numbers::read(quote, english));
        assert_ne!(*scans.numbers(quote, style), *scans.numbers(quote, english));

        scans.finish_run();
        assert_eq!(scans.len(), 4);
        // The next run uses only the note: the rest is dropped at its end.
        assert_eq!(*scans.markdown(note), MarkdownScan::of(note));
        scans.finish_run();
        assert_eq!(scans.len(), 1);
        scans.finish_run();
        assert!(scans.is_empty());
    }
}
