//! An HTML page as an article: its bytes decoded (the charset of the HTTP header, a byte-order
//! mark or `<meta charset>`, else UTF-8, else windows-1252 as browsers do), the article's text
//! extracted with `dom_smoothie` (a port of Mozilla's Readability, the reader view of
//! Firefox), and the page's metadata for [`super::guess`].

use super::guess::PageMeta;

/// Why a page gave no article.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ExtractError {
    /// The page has no main text readability could find.
    #[error(
        "no article text found in the page (it may be an index page, need JavaScript, or sit behind a paywall or consent wall)"
    )]
    NoArticle,
    /// The page is too big for readability.
    #[error("the page has too many elements ({0}) to read")]
    TooManyElements(usize),
}

/// An article read from an HTML page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Article {
    /// The text: the headline, a blank line, then the paragraphs separated by blank lines.
    pub text: String,
    /// What the page says about itself.
    pub meta: PageMeta,
}

/// Fewer words than this are no article (a page of links, a consent wall, a menu).
const MIN_WORDS: usize = 15;

/// Most elements a page may have (readability's work grows with them); a long news page has a
/// few thousand.
const MAX_ELEMENTS: usize = 100_000;

/// Whether `bytes` look like an HTML document (for files without a telling name and servers
/// without a `Content-Type`).
pub fn looks_like_html(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(1024)];
    let head = String::from_utf8_lossy(head).to_lowercase();
    let start = head.trim_start_matches('\u{feff}').trim_start();
    start.starts_with("<!doctype html")
        || start.starts_with("<html")
        || head.contains("<html")
        || head.contains("<body")
}

/// The page's text: decoded by the charset `content_type` names, else a byte-order mark, else
/// `<meta charset>` in its first 1,024 bytes, else UTF-8 if it is valid, else windows-1252.
pub fn decode(bytes: &[u8], content_type: Option<&str>) -> String {
    let from_header = content_type
        .and_then(charset_parameter)
        .and_then(|label| encoding_rs::Encoding::for_label(label.as_bytes()));
    let encoding = from_header
        .or_else(|| encoding_rs::Encoding::for_bom(bytes).map(|(encoding, _)| encoding))
        .or_else(|| meta_charset(&bytes[..bytes.len().min(1024)]))
        .unwrap_or(if std::str::from_utf8(bytes).is_ok() {
            encoding_rs::UTF_8
        } else {
            encoding_rs::WINDOWS_1252
        });
    encoding.decode(bytes).0.into_owned()
}

/// `utf-8` of `text/html; charset=utf-8`.
fn charset_parameter(content_type: &str) -> Option<String> {
    content_type.split(';').skip(1).find_map(|parameter| {
        let (name, value) = parameter.split_once('=')?;
        (name.trim().eq_ignore_ascii_case("charset")).then(|| value.trim().trim_matches(['"', '\'']).to_owned())
    })
}

/// The encoding `<meta charset="…">` or `<meta http-equiv … content="…; charset=…">` names.
fn meta_charset(head: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    let head = String::from_utf8_lossy(head).to_lowercase();
    let at = head.find("charset=")? + "charset=".len();
    let label: String = head[at..]
        .trim_start_matches(['"', '\''])
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ':' | '.'))
        .collect();
    encoding_rs::Encoding::for_label(label.as_bytes())
}

/// The article of `html`, found by readability; `url` (the page's address, if known) gives the
/// outlet's host name.
pub fn extract(html: &str, url: Option<&url::Url>) -> Result<Article, ExtractError> {
    let config = dom_smoothie::Config {
        max_elements_to_parse: MAX_ELEMENTS,
        text_mode: dom_smoothie::TextMode::Formatted,
        ..Default::default()
    };
    let absolute = url.map(url::Url::as_str);
    let document = dom_query::Document::from(html);
    let dateline = page_dateline(&document);
    let mut readability =
        dom_smoothie::Readability::with_document(document, absolute, Some(config)).map_err(from_readability)?;
    let article = readability.parse().map_err(from_readability)?;
    let body = paragraphs(&article.text_content);
    if body.split_whitespace().count() < MIN_WORDS {
        return Err(ExtractError::NoArticle);
    }
    let title = non_empty(Some(article.title.to_string()));
    let text = match &title {
        // The headline leads the text, unless readability kept it there.
        Some(title) if body.lines().next().map(str::trim) != Some(title.trim()) => format!("{title}\n\n{body}"),
        _ => body,
    };
    Ok(Article {
        text,
        meta: PageMeta {
            title,
            published: non_empty(article.published_time),
            lang: non_empty(article.lang),
            site_name: non_empty(article.site_name),
            byline: non_empty(article.byline),
            dateline,
            host: url.and_then(url::Url::host_str).map(str::to_owned),
        },
    })
}

/// The dateline of a page, which readability often leaves out of the article: the first short
/// element after the headline (`<h1>`) that holds a date (a `<time datetime>` gives its
/// attribute), before the first paragraph of body text.
fn page_dateline(document: &dom_query::Document) -> Option<String> {
    let mut after_headline = false;
    for node in document.select("h1, time, p, div, span, li, small, address").nodes() {
        let name = node.node_name().map(|n| n.to_string()).unwrap_or_default();
        if name == "h1" {
            after_headline = true;
            continue;
        }
        if !after_headline {
            continue;
        }
        let text = node.text().split_whitespace().collect::<Vec<_>>().join(" ");
        if name == "p" && text.chars().count() >= 120 {
            return None;
        }
        // A wrapper's text is its children's: read the innermost element that holds the date.
        let wraps_block = node.element_children().iter().any(|child| {
            child
                .node_name()
                .is_some_and(|n| matches!(&*n, "p" | "div" | "span" | "time" | "li" | "small" | "address"))
        });
        if text.chars().count() > 90 || wraps_block {
            continue;
        }
        if name == "time"
            && let Some(when) = node.attr("datetime")
            && super::date::find_date(&when).is_some()
        {
            return Some(when.to_string());
        }
        if super::date::find_date(&text).is_some() {
            return Some(text);
        }
    }
    None
}

fn from_readability(error: dom_smoothie::ReadabilityError) -> ExtractError {
    match error {
        dom_smoothie::ReadabilityError::TooManyElements(found, _) => ExtractError::TooManyElements(found),
        _ => ExtractError::NoArticle,
    }
}

fn non_empty(text: Option<String>) -> Option<String> {
    let text = text?;
    let line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    (!line.is_empty()).then_some(line)
}

/// Readability's text as paragraphs: one a line (as readability writes them), spaces
/// collapsed, a blank line between two, none at either end, a final line break.
fn paragraphs(text: &str) -> String {
    let mut out = String::new();
    for line in text.lines() {
        let line = line.split_whitespace().collect::<Vec<_>>().join(" ");
        if line.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(&line);
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn charsets() {
        assert_eq!(decode("Größe".as_bytes(), Some("text/html; charset=UTF-8")), "Größe");
        assert_eq!(decode(b"Gr\xf6\xdfe", Some("text/html; charset=iso-8859-1")), "Größe");
        assert_eq!(
            decode(b"<meta charset=\"windows-1252\">Gr\xf6\xdfe", None),
            "<meta charset=\"windows-1252\">Größe"
        );
        assert_eq!(
            decode(b"Gr\xf6\xdfe", None),
            "Größe",
            "invalid UTF-8 is read as windows-1252"
        );
    }

    #[test]
    fn recognises_html() {
        assert!(looks_like_html(b"<!DOCTYPE html><html>"));
        assert!(looks_like_html(b"\n  <html lang=de>"));
        assert!(!looks_like_html(b"%PDF-1.7"));
        assert!(!looks_like_html(b"Just a text about <b>bold</b> claims."));
    }

    #[test]
    fn extracts_paragraphs_and_metadata() {
        let html = r#"<!doctype html><html lang="en"><head><title>North Korean troops come under fire in Kursk | Example Times</title>
<meta property="og:site_name" content="Example Times">
<meta property="article:published_time" content="2024-11-04T08:36:00Z"></head>
<body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>North Korean troops come under fire in Kursk</h1>
<p>North Korean soldiers deployed to Russia's Kursk region have come under fire for the first time, officials in Kyiv said on Monday, citing intelligence reports from the front.</p>
<p>About 11,000 soldiers are in the region, the ministry said. The number could not be independently verified, and Moscow did not comment on the reports.</p>
</article><footer>© 2024 Example Times</footer></body></html>"#;
        let url = url::Url::parse("https://www.example.com/world/troops").expect("url");
        let article = extract(html, Some(&url)).expect("article");
        assert!(
            article
                .text
                .starts_with("North Korean troops come under fire in Kursk\n\nNorth Korean soldiers"),
            "{}",
            article.text
        );
        assert!(
            article
                .text
                .contains("Monday, citing intelligence reports from the front.\n\nAbout 11,000"),
            "{}",
            article.text
        );
        assert!(!article.text.contains("Home"), "{}", article.text);
        assert_eq!(article.meta.site_name.as_deref(), Some("Example Times"));
        assert_eq!(article.meta.lang.as_deref(), Some("en"));
        assert_eq!(article.meta.published.as_deref(), Some("2024-11-04T08:36:00Z"));
        assert_eq!(article.meta.host.as_deref(), Some("www.example.com"));
    }

    #[test]
    fn the_dateline_outside_the_article_is_kept() {
        let body = "Nordkoreanische Soldaten sind nach ukrainischen Angaben erstmals unter Beschuss geraten, teilte der Geheimdienst am Montag in Kiew mit. ".repeat(3);
        let html = format!(
            "<html><body><p>Top-Thema am 17.11.2024</p><h1>Soldaten unter Beschuss</h1><div><p>18. November 2024, 08:31 Uhr</p></div><p>{body}</p><p>Am 3. Oktober 2024 begann es, sagt er.</p></body></html>"
        );
        let article = extract(&html, None).expect("article");
        assert_eq!(article.meta.dateline.as_deref(), Some("18. November 2024, 08:31 Uhr"));
        let with_time = format!(
            "<html><body><h1>Titel</h1><time datetime=\"2024-11-18T08:31:00+01:00\">Montag</time><p>{body}</p></body></html>"
        );
        assert_eq!(
            extract(&with_time, None).expect("article").meta.dateline.as_deref(),
            Some("2024-11-18T08:31:00+01:00")
        );
        let none = format!("<html><body><h1>Titel</h1><p>{body}</p><p>Am 3. Oktober 2024 begann es.</p></body></html>");
        assert_eq!(
            extract(&none, None).expect("article").meta.dateline,
            None,
            "a date in the body is no dateline"
        );
    }

    #[test]
    fn a_page_without_text_is_an_error() {
        assert_eq!(
            extract("<html><body></body></html>", None),
            Err(ExtractError::NoArticle)
        );
    }
}
