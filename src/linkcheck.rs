//! The internal link check of a build: every `href`, `src` and `cite` of every page that points
//! into the site must name a file of the output, and its `#fragment` an `id` on that page.
//!
//! [`extract`] reads one page with `html5ever`'s tokenizer (no tree is built), so the build calls
//! it in its parallel rendering pass, right after a page is rendered, and keeps only the links and
//! ids. [`check`] then resolves every link against the set of output files and the ids per page
//! and returns a [`Diagnostic`] for each broken one, naming the page (and, for a Markdown page,
//! its file) and the link.

use std::cell::RefCell;
use std::collections::{BTreeSet, HashMap, HashSet};

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::{
    BufferQueue, Tag, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts, states::RawKind,
};

use crate::diagnostic::Diagnostic;

/// What the link check needs of one page: the links it makes and the ids it has.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PageLinks {
    /// Every `href`, `src` and `cite` value, in document order, duplicates removed.
    pub links: Vec<String>,
    /// Every `id` (and `name` of `<a>`), i.e. what a `#fragment` may point at.
    pub ids: Vec<String>,
}

#[derive(Default)]
struct LinkSink {
    found: RefCell<PageLinks>,
    seen: RefCell<HashSet<String>>,
}

impl LinkSink {
    fn tag(&self, tag: &Tag) {
        let mut found = self.found.borrow_mut();
        for attribute in &tag.attrs {
            let name: &str = &attribute.name.local;
            let value: &str = &attribute.value;
            match name {
                "href" | "src" | "cite" if self.seen.borrow_mut().insert(value.to_owned()) => {
                    found.links.push(value.to_owned());
                }
                "href" | "src" | "cite" => {}
                "id" => found.ids.push(value.to_owned()),
                "name" if &*tag.name == "a" => found.ids.push(value.to_owned()),
                _ => {}
            }
        }
    }
}

impl TokenSink for LinkSink {
    type Handle = ();

    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        if let Token::TagToken(tag) = token
            && tag.kind == TagKind::StartTag
        {
            self.tag(&tag);
            // The tokenizer alone does not know which elements hold raw text.
            return match &*tag.name {
                "script" => TokenSinkResult::RawData(RawKind::ScriptData),
                "style" | "xmp" | "iframe" | "noembed" | "noframes" => TokenSinkResult::RawData(RawKind::Rawtext),
                "textarea" | "title" => TokenSinkResult::RawData(RawKind::Rcdata),
                _ => TokenSinkResult::Continue,
            };
        }
        TokenSinkResult::Continue
    }
}

/// The links and ids of one HTML page.
pub fn extract(html: &str) -> PageLinks {
    let tokenizer = Tokenizer::new(LinkSink::default(), TokenizerOpts::default());
    let input = BufferQueue::default();
    input.push_back(StrTendril::from_slice(html));
    let _ = tokenizer.feed(&input);
    tokenizer.end();
    tokenizer.sink.found.take()
}

/// One rendered page, as the check sees it.
#[derive(Debug, Clone)]
pub struct CheckedPage {
    /// Output path (`claims/x/index.html`).
    pub path: String,
    /// The file the page's content comes from when a user wrote it (a Markdown page), for messages.
    pub source_file: Option<String>,
    /// Its links and ids.
    pub links: PageLinks,
}

/// Where a link points inside the site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// Leaves the site (other scheme or host), or cannot be judged (an absolute path outside the
    /// site's base path): not checked.
    External,
    /// An output file (`claims/x/index.html`) and maybe a fragment.
    Internal {
        /// Output path.
        path: String,
        /// Decoded fragment, if any and not empty.
        fragment: Option<String>,
    },
    /// A relative path that climbs above the site root.
    OutsideRoot,
}

/// Resolves `link` found on the page at `page_path`. `base_path` is the site's absolute path on
/// its host (`/` or `/dossier/`), for links that start with `/`.
pub fn resolve(page_path: &str, link: &str, base_path: &str) -> Target {
    let link = link.trim();
    if link.starts_with("//") || has_scheme(link) {
        return Target::External;
    }
    let (rest, fragment) = match link.split_once('#') {
        Some((rest, fragment)) => (rest, Some(percent_decode(fragment))),
        None => (link, None),
    };
    let fragment = fragment.filter(|f| !f.is_empty() && !f.starts_with(":~:"));
    let rest = rest.split_once('?').map_or(rest, |(path, _)| path);
    let rest = percent_decode(rest);
    let mut segments: Vec<&str> = Vec::new();
    let relative = if rest.is_empty() {
        return Target::Internal {
            path: page_path.to_owned(),
            fragment,
        };
    } else if let Some(absolute) = rest.strip_prefix('/') {
        let Some(inside) = format!("/{absolute}").strip_prefix(base_path).map(str::to_owned) else {
            return Target::External;
        };
        inside
    } else {
        segments.extend(page_path.split('/'));
        segments.pop();
        rest.clone()
    };
    let is_dir = relative.is_empty() || relative.ends_with('/');
    for segment in relative.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                if segments.pop().is_none() {
                    return Target::OutsideRoot;
                }
            }
            other => segments.push(other),
        }
    }
    let mut path = segments.join("/");
    if is_dir {
        if !path.is_empty() {
            path.push('/');
        }
        path.push_str("index.html");
    }
    Target::Internal { path, fragment }
}

fn has_scheme(link: &str) -> bool {
    match link.find(':') {
        Some(colon) => {
            let scheme = &link[..colon];
            !scheme.is_empty()
                && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        }
        None => false,
    }
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2]))
        {
            out.push(h * 16 + l);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn hex(byte: u8) -> Option<u8> {
    (byte as char).to_digit(16).map(|d| d as u8)
}

/// Every broken internal link of `pages`, given every output file's path. Sorted by page, then
/// link order. `source_text` gives the text of a page's `source_file`, to point at the line of
/// the link.
pub fn check<'t>(
    pages: &[CheckedPage],
    files: &BTreeSet<String>,
    base_path: &str,
    source_text: impl Fn(&str) -> Option<&'t str>,
) -> Vec<Diagnostic> {
    let ids: HashMap<&str, HashSet<&str>> = pages
        .iter()
        .map(|page| (page.path.as_str(), page.links.ids.iter().map(String::as_str).collect()))
        .collect();
    let mut diagnostics = Vec::new();
    for page in pages {
        for link in &page.links.links {
            let problem = match resolve(&page.path, link, base_path) {
                Target::External => None,
                Target::OutsideRoot => Some("it leads above the site's root folder".to_owned()),
                Target::Internal { path, fragment } => {
                    let exists = files.contains(&path);
                    let as_folder = format!("{path}/index.html");
                    if !exists && files.contains(&as_folder) {
                        // `claims/x` works on most servers only through a redirect; say so.
                        Some(format!("`{path}` is a folder: end the link with `/`"))
                    } else if !exists {
                        Some(format!("there is no `{path}` in the output"))
                    } else {
                        match (fragment, ids.get(path.as_str())) {
                            (Some(fragment), Some(page_ids)) if !page_ids.contains(fragment.as_str()) => {
                                Some(format!("`{path}` has no element with id `{fragment}`"))
                            }
                            _ => None,
                        }
                    }
                }
            };
            if let Some(problem) = problem {
                let file = page.source_file.clone().unwrap_or_else(|| page.path.clone());
                let on_page = if page.source_file.is_some() {
                    format!(" (page {})", page.path)
                } else {
                    String::new()
                };
                let found = page
                    .source_file
                    .as_deref()
                    .and_then(&source_text)
                    .and_then(|text| text.find(link.as_str()).map(|offset| (text, offset)));
                let mut diagnostic = Diagnostic::error(
                    file,
                    found.map(|(text, offset)| crate::diagnostic::Position::of_offset(text, offset)),
                    format!("broken link `{link}`{on_page}: {problem}"),
                )
                .with_help(
                    "links between pages are relative to the page's own folder (`../sources/ID/`); \
                     a `#fragment` must be the id of an element on the target page",
                );
                if let Some((text, _)) = found {
                    diagnostic = diagnostic.with_source(text);
                }
                diagnostics.push(diagnostic);
            }
        }
    }
    diagnostics
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extracts_links_and_ids_but_not_from_script_text() {
        let page = extract(
            "<!DOCTYPE html><html><head><link rel=stylesheet href='../static/a.css'>\
             <script type=application/ld+json>{\"x\":\"<a href=nope>\"}</script></head>\
             <body><h2 id=top>T</h2><a href=\"../x/#top\">x</a><a name=old></a><img src=i.png>\
             <blockquote cite=\"../s/#p1\"></blockquote><a href=\"../x/#top\">again</a></body></html>",
        );
        assert_eq!(page.links, vec!["../static/a.css", "../x/#top", "i.png", "../s/#p1"]);
        assert_eq!(page.ids, vec!["top", "old"]);
    }

    #[test]
    fn resolves_relative_absolute_and_external_links() {
        let internal = |path: &str, fragment: Option<&str>| Target::Internal {
            path: path.into(),
            fragment: fragment.map(str::to_owned),
        };
        let page = "claims/a/index.html";
        assert_eq!(
            resolve(page, "../../sources/s/#p2", "/"),
            internal("sources/s/index.html", Some("p2"))
        );
        assert_eq!(resolve(page, "#note", "/"), internal(page, Some("note")));
        assert_eq!(resolve(page, "../../", "/"), internal("index.html", None));
        assert_eq!(resolve(page, "../../claims.csv", "/"), internal("claims.csv", None));
        assert_eq!(resolve(page, "../../../x/", "/"), Target::OutsideRoot);
        assert_eq!(resolve(page, "https://e.org/", "/"), Target::External);
        assert_eq!(resolve(page, "mailto:a@b", "/"), Target::External);
        assert_eq!(resolve(page, "//e.org/x", "/"), Target::External);
        assert_eq!(
            resolve("404.html", "/d/static/s.css", "/d/"),
            internal("static/s.css", None)
        );
        assert_eq!(resolve("404.html", "/elsewhere/", "/d/"), Target::External);
        assert_eq!(
            resolve(page, "caf%C3%A9/", "/"),
            internal("claims/a/café/index.html", None)
        );
    }

    #[test]
    fn reports_missing_files_and_anchors_with_the_user_file() {
        let files: BTreeSet<String> = ["index.html", "about/index.html", "claims/a/index.html"]
            .map(str::to_owned)
            .into();
        let pages = vec![
            CheckedPage {
                path: "about/index.html".into(),
                source_file: Some("content/pages/about.md".into()),
                links: PageLinks {
                    links: vec![
                        "../claims/a/".into(),
                        "../claims/b/".into(),
                        "#missing".into(),
                        "../claims/a".into(),
                    ],
                    ids: vec!["top".into()],
                },
            },
            CheckedPage {
                path: "claims/a/index.html".into(),
                source_file: None,
                links: PageLinks {
                    links: vec!["../../about/#top".into()],
                    ids: vec![],
                },
            },
        ];
        let text = "---\ntitle: About\n---\nLinks: [a](../claims/a/)\n[b](../claims/b/)\n";
        let found = check(&pages, &files, "/", |file| {
            (file == "content/pages/about.md").then_some(text)
        });
        let messages: Vec<&str> = found.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(found.len(), 3, "{messages:?}");
        assert!(found.iter().all(|d| d.file == "content/pages/about.md"));
        assert!(messages[0].contains("../claims/b/") && messages[0].contains("claims/b/index.html"));
        assert_eq!(found[0].position.map(|p| p.line), Some(5), "the line of the link");
        assert!(messages[1].contains("#missing") && messages[1].contains("`missing`"));
        assert!(messages[2].contains("end the link with `/`"));
    }
}
