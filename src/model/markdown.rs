//! What a Markdown field (a page, a note, a description) may hold, decided here so that the
//! model can report it and `render::markdown` can act on it by the same rules: link and image
//! targets with a script or data scheme are refused ([`is_safe_url`], [`unsafe_urls`]), and code
//! is coloured only within a size budget ([`HighlightBudget`], [`unhighlighted_code_blocks`]).
//!
//! Cross-references: a link target `claim:ID`, `source:ID`, `topic:ID` or `origin:ID` (an
//! optional `#fragment` after the id) names an entity of the dossier ([`cross_ref`],
//! [`cross_refs`]); the model reports one that names nothing, and `render::markdown` turns it
//! into a relative link to the entity's page ([`CrossRef::path`]).

use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag, TagEnd};

/// The Markdown extensions dossier reads: tables, footnotes and strikethrough.
pub fn parser_options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES | Options::ENABLE_STRIKETHROUGH
}

/// The kind of entity a cross-reference names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CrossRefKind {
    /// `claim:ID`.
    Claim,
    /// `source:ID`.
    Source,
    /// `topic:ID`.
    Topic,
    /// `origin:ID`.
    Origin,
}

impl CrossRefKind {
    /// Every kind, in the order they are documented.
    pub const ALL: [CrossRefKind; 4] = [Self::Claim, Self::Source, Self::Topic, Self::Origin];

    /// The scheme as written before the colon (`claim`, …), and the entity's name in messages.
    pub fn name(self) -> &'static str {
        match self {
            Self::Claim => "claim",
            Self::Source => "source",
            Self::Topic => "topic",
            Self::Origin => "origin",
        }
    }

    /// The folder of the entity's pages (`claims`, …).
    pub fn dir(self) -> &'static str {
        match self {
            Self::Claim => "claims",
            Self::Source => "sources",
            Self::Topic => "topics",
            Self::Origin => "origins",
        }
    }
}

/// A link target that names an entity of the dossier: `claim:ID`, `source:ID#p3`, …
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CrossRef<'a> {
    /// What it names.
    pub kind: CrossRefKind,
    /// The id (may be empty or wrong: the model checks it).
    pub id: &'a str,
    /// What follows the id from `#` on (empty when nothing does).
    pub fragment: &'a str,
}

impl CrossRef<'_> {
    /// The root-relative URL of the entity's page, with the fragment: `claims/ID/#x`.
    pub fn path(&self) -> String {
        format!("{}/{}/{}", self.kind.dir(), self.id, self.fragment)
    }
}

/// The cross-reference a link target writes, if it is one (`claim:ID`, `source:ID`,
/// `topic:ID`, `origin:ID`, each with an optional `#fragment`; the scheme in lower case).
pub fn cross_ref(url: &str) -> Option<CrossRef<'_>> {
    let (scheme, rest) = url.split_once(':')?;
    let kind = CrossRefKind::ALL.into_iter().find(|kind| kind.name() == scheme)?;
    let (id, fragment) = match rest.find('#') {
        Some(at) => rest.split_at(at),
        None => (rest, ""),
    };
    Some(CrossRef { kind, id, fragment })
}

/// The link targets of `markdown` that are cross-references, in order, as written.
pub fn cross_refs(markdown: &str) -> Vec<String> {
    Parser::new_ext(markdown, parser_options())
        .filter_map(|event| match event {
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. })
                if cross_ref(&dest_url).is_some() =>
            {
                Some(dest_url.into_string())
            }
            _ => None,
        })
        .collect()
}

/// Link and image targets in `markdown` that [`is_safe_url`] refuses, in order. The model
/// reports each as an error, so a script or data URL never vanishes silently.
pub fn unsafe_urls(markdown: &str) -> Vec<String> {
    let options = parser_options();
    Parser::new_ext(markdown, options)
        .filter_map(|event| match event {
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) if !is_safe_url(&dest_url) => {
                Some(dest_url.into_string())
            }
            _ => None,
        })
        .collect()
}

/// Whether a link target is harmless: no script or data scheme.
pub fn is_safe_url(url: &str) -> bool {
    let lowered: String = url
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect::<String>()
        .to_ascii_lowercase();
    !(lowered.starts_with("javascript:") || lowered.starts_with("vbscript:") || lowered.starts_with("data:"))
}

/// The most code (in bytes) highlighted in one Markdown text (a page, a note, a
/// description); blocks beyond it, and any larger block, are plain text. Highlighted HTML is up
/// to some 40 times the size of its code (a `<span>` with classes per character for `"\` in
/// bash), so the budget bounds the page as well as the time.
pub const HIGHLIGHT_MAX_BYTES: usize = 64 * 1024;

/// The longest line (in bytes) a highlighted code block may hold. Some grammars take time
/// quadratic in a line's length (bash: 400 KB of `"\` took two minutes); with lines this short
/// and blocks this small, any block is highlighted in well under a second.
pub const HIGHLIGHT_MAX_LINE_BYTES: usize = 500;

/// Which code blocks of one Markdown text are highlighted: in order, while they fit in
/// [`HIGHLIGHT_MAX_BYTES`] together, and none with a line over [`HIGHLIGHT_MAX_LINE_BYTES`].
#[derive(Debug, Default)]
pub struct HighlightBudget {
    used: usize,
}

impl HighlightBudget {
    /// Whether the next block, `code`, is highlighted (and counts against the budget).
    pub fn admits(&mut self, code: &str) -> bool {
        let fits = self.used.saturating_add(code.len()) <= HIGHLIGHT_MAX_BYTES
            && code.lines().all(|line| line.len() <= HIGHLIGHT_MAX_LINE_BYTES);
        if fits {
            self.used += code.len();
        }
        fits
    }
}

/// A code block [`to_html`](crate::render::markdown::to_html) shows as plain text for the highlighting budget.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlainCodeBlock {
    /// Line of the Markdown text the block starts on (1-based).
    pub line: usize,
    /// The block's language, as written after the fence (may be empty).
    pub lang: String,
    /// The block's first line of code (for finding it in the file).
    pub first_line: String,
}

/// The code blocks of `markdown` that [`to_html`](crate::render::markdown::to_html) shows as plain text for the highlighting
/// budget, in order. The model warns about each.
pub fn unhighlighted_code_blocks(markdown: &str) -> Vec<PlainCodeBlock> {
    let options = parser_options();
    let mut found = Vec::new();
    let mut budget = HighlightBudget::default();
    let mut open: Option<(usize, String, String)> = None;
    let (mut line, mut counted) = (1, 0);
    for (event, range) in Parser::new_ext(markdown, options).into_offset_iter() {
        match event {
            Event::Start(Tag::CodeBlock(kind)) => {
                let start = range.start.min(markdown.len());
                line += markdown.get(counted..start).map_or(0, |t| t.matches('\n').count());
                counted = counted.max(start);
                let lang = match kind {
                    CodeBlockKind::Fenced(info) => info.split_whitespace().next().unwrap_or("").to_owned(),
                    CodeBlockKind::Indented => String::new(),
                };
                open = Some((line, lang, String::new()));
            }
            Event::Text(text) => {
                if let Some((_, _, code)) = open.as_mut() {
                    code.push_str(&text);
                }
            }
            Event::End(TagEnd::CodeBlock) => {
                if let Some((line, lang, code)) = open.take()
                    && !budget.admits(&code)
                {
                    found.push(PlainCodeBlock {
                        line,
                        lang,
                        first_line: code.lines().next().unwrap_or("").to_owned(),
                    });
                }
            }
            _ => {}
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cross_references_are_read_and_resolved() {
        let found = cross_ref("source:nato-rutte-verluste#p3").unwrap();
        assert_eq!(found.kind, CrossRefKind::Source);
        assert_eq!((found.id, found.fragment), ("nato-rutte-verluste", "#p3"));
        assert_eq!(found.path(), "sources/nato-rutte-verluste/#p3");
        assert_eq!(cross_ref("claim:x").unwrap().path(), "claims/x/");
        assert_eq!(cross_ref("origin:").unwrap().id, "");
        for other in [
            "https://example.org",
            "../claims/x/",
            "claims:x",
            "Claim:x",
            "mailto:a@b",
        ] {
            assert!(cross_ref(other).is_none(), "{other}");
        }
        assert_eq!(
            cross_refs("[a](claim:x) [b](https://e.org) [c](topic:t#m) `[d](claim:y)`"),
            ["claim:x", "topic:t#m"]
        );
    }

    #[test]
    fn unsafe_urls_are_listed() {
        let found =
            unsafe_urls("[a](https://ok.example) [b](javascript:alert(1)) ![c](DATA:text/html,x) <javascript:x>");
        assert_eq!(found, ["javascript:alert(1)", "DATA:text/html,x", "javascript:x"]);
        assert!(unsafe_urls("<a href=\"javascript:x\">raw html is escaped</a>").is_empty());
    }
}
