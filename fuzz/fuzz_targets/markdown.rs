//! Fuzz target: Markdown rendering. Arbitrary Markdown must render without panicking, and the
//! HTML may only contain the tags Markdown itself produces, no event-handler attributes, and no
//! `javascript:`, `vbscript:` or `data:` link or image targets: raw HTML is escaped.

#![no_main]

use dossier::render::markdown::{to_html, to_text};
use libfuzzer_sys::fuzz_target;

/// Tags pulldown-cmark and the highlighter emit.
const ALLOWED_TAGS: &[&str] = &[
    "p",
    "a",
    "img",
    "em",
    "strong",
    "del",
    "code",
    "pre",
    "span",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "ul",
    "ol",
    "li",
    "blockquote",
    "hr",
    "br",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "sup",
    "div",
    "input",
];

fuzz_target!(|data: &[u8]| {
    let markdown = String::from_utf8_lossy(data);
    let html = to_html(&markdown);
    let _ = to_text(&markdown);
    let lower = html.to_ascii_lowercase();
    let mut rest = lower.as_str();
    while let Some(at) = rest.find('<') {
        rest = &rest[at + 1..];
        let tag_end = rest.find('>').expect("every tag is closed");
        let tag = &rest[..tag_end];
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        assert!(
            ALLOWED_TAGS.contains(&name.as_str()),
            "unexpected tag <{tag}> in {html}"
        );
        // Attributes: name="value" pairs; values are quoted, so split on quotes.
        let mut attribute = "";
        for (index, piece) in tag.split('"').enumerate() {
            if index % 2 == 0 {
                for word in piece.split_whitespace().skip(usize::from(index == 0)) {
                    attribute = word.trim_end_matches('=').trim_end_matches('/');
                    assert!(!attribute.starts_with("on"), "event handler in <{tag}>");
                }
            } else if attribute == "href" || attribute == "src" {
                let value: String = piece
                    .replace("&amp;", "&")
                    .chars()
                    .filter(|c| !c.is_whitespace() && !c.is_control())
                    .collect();
                for scheme in ["javascript:", "vbscript:", "data:"] {
                    assert!(!value.starts_with(scheme), "script URL in <{tag}>");
                }
            }
        }
        rest = &rest[tag_end..];
    }
});
