//! Markdown to HTML: pulldown-cmark with tables, footnotes and strikethrough; fenced code
//! highlighted by syntect with `hl-`-prefixed CSS classes, within a size budget per text (beyond
//! it, code is escaped plain text and the model warns: see [`crate::model::markdown`], which also
//! holds the URL policy).
//!
//! Notes and pages are written by annotators, but a dossier may be built from material others
//! wrote, so raw HTML is escaped (shown as text), and links or images with `javascript:`,
//! `vbscript:` or `data:` URLs lose their target.

use std::sync::LazyLock;

use pulldown_cmark::{CodeBlockKind, CowStr, Event, Parser, Tag, TagEnd, html};
use syntect::html::{ClassStyle, ClassedHTMLGenerator, css_for_theme_with_class_style};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

use crate::model::markdown::{HighlightBudget, cross_ref, is_safe_url, parser_options};

/// The class prefix of highlighted code.
pub const CLASS_STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };

static SYNTAXES: LazyLock<SyntaxSet> = LazyLock::new(SyntaxSet::load_defaults_newlines);

/// Renders Markdown to HTML for a page at the site root (`index.html`); elsewhere use
/// [`to_html_at`], or cross-references point to the wrong place (the link check says so).
pub fn to_html(markdown: &str) -> String {
    to_html_at(markdown, "")
}

/// Renders Markdown to HTML for a page whose way back to the site root is `root` (`""`,
/// `"../../"`): cross-references (`claim:ID`, …, see [`crate::model::markdown`]) become links
/// relative to that page.
pub fn to_html_at(markdown: &str, root: &str) -> String {
    let options = parser_options();
    let mut events = Vec::new();
    let mut code: Option<(String, String)> = None;
    let mut budget = HighlightBudget::default();
    // The open table's place in `events` and its column heads so far, until its head ends.
    let mut table: Option<(usize, String)> = None;
    let mut wrapped_tables = 0_usize;
    for event in Parser::new_ext(markdown, options) {
        match event {
            Event::Start(Tag::CodeBlock(kind)) => {
                let lang = match kind {
                    CodeBlockKind::Fenced(info) => info.split_whitespace().next().unwrap_or("").to_owned(),
                    CodeBlockKind::Indented => String::new(),
                };
                code = Some((lang, String::new()));
            }
            Event::End(TagEnd::CodeBlock) => {
                if let Some((lang, text)) = code.take() {
                    let html = if budget.admits(&text) {
                        highlight(&lang, &text)
                    } else {
                        plain_code(&text)
                    };
                    events.push(Event::Html(CowStr::from(html)));
                }
            }
            Event::Text(text) if code.is_some() => {
                if let Some((_, buffer)) = code.as_mut() {
                    buffer.push_str(&text);
                }
            }
            Event::Html(raw) | Event::InlineHtml(raw) => events.push(Event::Text(raw)),
            // A table in a box of its own that scrolls when the table is wider than the column
            // (its cells never break inside a word), named by its column heads.
            Event::Start(Tag::Table(alignments)) => {
                table = Some((events.len(), String::new()));
                events.push(Event::Start(Tag::Table(alignments)));
            }
            Event::End(TagEnd::TableHead) => {
                if let Some((at, heads)) = table.take() {
                    let name = crate::render::escape::html(heads.trim_end_matches(", "));
                    events.insert(
                        at,
                        Event::Html(CowStr::from(format!(
                            "<div class=\"table-scroll\" role=\"region\" tabindex=\"0\" aria-label=\"{name}\">"
                        ))),
                    );
                    wrapped_tables += 1;
                }
                events.push(Event::End(TagEnd::TableHead));
            }
            Event::End(TagEnd::TableCell) => {
                if let Some((_, heads)) = table.as_mut() {
                    heads.push_str(", ");
                }
                events.push(Event::End(TagEnd::TableCell));
            }
            Event::End(TagEnd::Table) => {
                events.push(Event::End(TagEnd::Table));
                if wrapped_tables > 0 {
                    wrapped_tables -= 1;
                    events.push(Event::Html(CowStr::from("</div>")));
                }
            }
            Event::Text(text) if table.is_some() => {
                if let Some((_, heads)) = table.as_mut() {
                    heads.push_str(&text);
                }
                events.push(Event::Text(text));
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let dest_url = match cross_ref(&dest_url) {
                    Some(target) => CowStr::from(format!("{root}{}", target.path())),
                    None if is_safe_url(&dest_url) => dest_url,
                    None => CowStr::from("#"),
                };
                events.push(Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                }));
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let dest_url = match cross_ref(&dest_url) {
                    Some(target) => CowStr::from(format!("{root}{}", target.path())),
                    None if is_safe_url(&dest_url) => dest_url,
                    None => CowStr::from(""),
                };
                events.push(Event::Start(Tag::Image {
                    link_type,
                    dest_url,
                    title,
                    id,
                }));
            }
            other => events.push(other),
        }
    }
    let mut out = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut out, events.into_iter());
    out
}

/// Markdown reduced to plain text (for meta descriptions).
pub fn to_text(markdown: &str) -> String {
    let mut out = String::new();
    for event in Parser::new(markdown) {
        match event {
            Event::Text(text) | Event::Code(text) => out.push_str(&text),
            Event::SoftBreak | Event::HardBreak | Event::End(TagEnd::Paragraph) => out.push(' '),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Escaped code in a `<pre>`, uncoloured.
fn plain_code(code: &str) -> String {
    format!(
        "<pre class=\"code\"><code>{}</code></pre>\n",
        crate::render::escape::html(code)
    )
}

/// Highlights code in a `<pre>` with classes; unknown languages are escaped plain text.
/// [`to_html`] calls it only for blocks within the highlighting budget.
pub fn highlight(lang: &str, code: &str) -> String {
    let syntax = (!lang.is_empty())
        .then(|| SYNTAXES.find_syntax_by_token(lang))
        .flatten()
        .unwrap_or_else(|| SYNTAXES.find_syntax_plain_text());
    let mut generator = ClassedHTMLGenerator::new_with_class_style(syntax, &SYNTAXES, CLASS_STYLE);
    for line in LinesWithEndings::from(code) {
        if generator.parse_html_for_line_which_includes_newline(line).is_err() {
            return plain_code(code);
        }
    }
    let class = if lang.is_empty() {
        String::new()
    } else {
        format!(" data-lang=\"{}\"", crate::render::escape::html(lang))
    };
    format!(
        "<pre class=\"code\"{class}><code>{}</code></pre>\n",
        generator.finalize()
    )
}

/// Whether a page's context holds highlighted code (a `hl-` class that [`highlight`] wrote), so
/// the page needs `highlight.css`: whether any string in it holds a highlighted span. Text
/// written by annotators cannot fake it in HTML fields, as its `<` is escaped there.
pub fn holds_highlighted_code(context: &tera::Value) -> bool {
    /// A highlighted span as [`highlight`] writes it.
    const NEEDLE: &str = r#"<span class="hl-"#;
    if let Some(text) = context.as_str() {
        text.contains(NEEDLE)
    } else if let Some(values) = context.as_array() {
        values.iter().any(holds_highlighted_code)
    } else if let Some(map) = context.as_map() {
        map.values().any(holds_highlighted_code)
    } else {
        false
    }
}

/// The stylesheet for highlighted code: a light theme, and a dark one under
/// `prefers-color-scheme: dark`.
pub fn highlight_css() -> String {
    let themes = syntect::highlighting::ThemeSet::load_defaults();
    let mut css = String::new();
    if let Some(light) = themes.themes.get("InspiredGitHub") {
        css.push_str(&css_for_theme_with_class_style(light, CLASS_STYLE).unwrap_or_default());
    }
    if let Some(dark) = themes.themes.get("base16-ocean.dark") {
        css.push_str("\n@media (prefers-color-scheme: dark) {\n");
        css.push_str(&css_for_theme_with_class_style(dark, CLASS_STYLE).unwrap_or_default());
        css.push_str("}\n");
    }
    css
}

// The one HTML escaper, under the names the renderer used before it had its own module.
pub use crate::render::escape::{html as escape, html_into as escape_into};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::markdown::{
        HIGHLIGHT_MAX_BYTES, HIGHLIGHT_MAX_LINE_BYTES, PlainCodeBlock, unhighlighted_code_blocks,
    };

    #[test]
    fn a_context_holds_highlighted_code_only_where_a_code_block_was_highlighted() {
        #[derive(serde::Serialize)]
        struct Page {
            note_html: String,
            others: Vec<String>,
        }
        let code = to_html("```rust\nfn main() {}\n```\n");
        let with_code = Page {
            note_html: "<p>Vorher</p>".into(),
            others: vec!["x".repeat(5000), code],
        };
        assert!(holds_highlighted_code(&tera::Value::from_serializable(&with_code)));
        // Text about the class and raw HTML, written by an annotator, are escaped: no code.
        let prose = Page {
            note_html: to_html("Ein `<span class=\"hl-source\">` im Text und <span class=\"hl-x\">roh</span>"),
            others: vec![to_html("Wahl-Kampf, hl- und class=hl-")],
        };
        assert!(
            !holds_highlighted_code(&tera::Value::from_serializable(&prose)),
            "{}",
            prose.note_html
        );
    }

    #[test]
    fn tables_footnotes_strikethrough() {
        let html = to_html_at(
            "| a | b |\n|---|---|\n| 1 | 2 |\n\nText[^1] ~~alt~~\n\n[^1]: Fußnote\n",
            "",
        );
        assert!(html.contains("<table>"), "{html}");
        assert!(html.contains("<del>alt</del>"), "{html}");
        assert!(html.contains("footnote-definition"), "{html}");
    }

    #[test]
    fn a_table_scrolls_in_its_own_box_named_by_its_column_heads() {
        let html = to_html("Vorher\n\n| Urteil | Bedeutung & Zweck |\n|---|---|\n| Widersprüchlich | 2 |\n\nNachher\n");
        let start = "<div class=\"table-scroll\" role=\"region\" tabindex=\"0\" aria-label=\"Urteil, Bedeutung &amp; Zweck\"><table>";
        assert!(html.contains(start), "{html}");
        assert!(
            html.contains("</table>\n</div>") || html.contains("</table></div>"),
            "{html}"
        );
        assert_eq!(html.matches("<div").count(), html.matches("</div>").count(), "{html}");
        assert!(html.ends_with("<p>Nachher</p>\n"), "{html}");
    }

    #[test]
    fn raw_html_is_escaped_and_script_links_neutralised() {
        let html = to_html_at(
            "<script>alert(1)</script>\n\nHi <b onclick=\"x\">there</b> [x](javascript:alert(1)) [y]( JaVaScRiPt:alert(2))",
            "",
        );
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("<b onclick"), "{html}");
        assert!(html.contains("&lt;script&gt;"), "{html}");
        assert!(!html.to_lowercase().contains("javascript:"), "{html}");
    }

    #[test]
    fn fenced_code_is_highlighted_with_prefixed_classes() {
        let html = to_html_at("```rust\nfn main() { let x = 1; }\n```\n", "");
        assert!(html.contains("<pre class=\"code\" data-lang=\"rust\">"), "{html}");
        assert!(html.contains("class=\"hl-"), "{html}");
        let plain = to_html_at("```nosuchlang\n<b>\n```\n", "");
        assert!(plain.contains("&lt;b&gt;"), "{plain}");
        assert!(highlight_css().contains(".hl-"));
    }

    #[test]
    fn cross_references_link_relative_to_the_page() {
        let html = to_html_at(
            "[Artikel 004](source:nato-rutte-verluste) [x](claim:a#q) [y](https://e.org)",
            "../../",
        );
        assert!(html.contains("href=\"../../sources/nato-rutte-verluste/\""), "{html}");
        assert!(html.contains("href=\"../../claims/a/#q\""), "{html}");
        assert!(html.contains("href=\"https://e.org\""), "{html}");
        assert!(to_html_at("[t](topic:t)", "").contains("href=\"topics/t/\""));
    }

    #[test]
    fn plain_text_for_meta() {
        assert_eq!(to_text("Ein *kurzer*\nText.\n\nZweiter."), "Ein kurzer Text. Zweiter.");
    }

    #[test]
    fn code_over_the_budget_is_escaped_plain_text_and_listed() {
        let long_line = format!("echo \"<b>{}\"", "x".repeat(HIGHLIGHT_MAX_LINE_BYTES));
        let markdown = format!("Text.\n\n```bash\n{long_line}\n```\n\n```bash\necho ok\n```\n");
        let html = to_html_at(&markdown, "");
        assert!(
            html.contains("<pre class=\"code\"><code>echo &quot;&lt;b&gt;xxx"),
            "{html}"
        );
        assert!(html.contains("<pre class=\"code\" data-lang=\"bash\">"), "{html}");
        assert_eq!(
            unhighlighted_code_blocks(&markdown),
            [PlainCodeBlock {
                line: 3,
                lang: "bash".into(),
                first_line: long_line.clone()
            }]
        );
        // Blocks within the budget each, but not together: the later ones are plain.
        let lines = HIGHLIGHT_MAX_BYTES / 11 / 2 + 1;
        let block = format!("```rust\n{}```\n\n", "let x = 1;\n".repeat(lines));
        let markdown = block.repeat(3);
        let html = to_html_at(&markdown, "");
        assert_eq!(html.matches("data-lang=\"rust\"").count(), 1, "first block only");
        let plain = unhighlighted_code_blocks(&markdown);
        // Each block: its fences, its lines and a blank line.
        assert_eq!(
            plain.iter().map(|b| b.line).collect::<Vec<_>>(),
            [1 + (lines + 3), 1 + 2 * (lines + 3)]
        );
        assert!(unhighlighted_code_blocks("```bash\necho ok\n```\n").is_empty());
    }
}
