//! The internal link check of a build: every `href`, `src` and `cite` of every page that points
//! into the site must name a file of the output, and its `#fragment` an `id` on that page.
//!
//! [`extract`] reads one page with `html5gum`'s WHATWG tokenizer (no tree is built), through an
//! emitter that keeps only tag names and the values of the attributes it needs (character
//! references decoded, the first of duplicate attributes winning) and switches to the raw text
//! states after `script`, `style`, `xmp`, `iframe`, `noembed`, `noframes`, `textarea` and `title`.
//! The build calls it in its parallel rendering pass, right after a page is rendered, and keeps
//! only the links and ids; its tests hold it to what `html5ever`'s tokenizer, which it replaced,
//! finds. [`check_some`] then resolves every link against the set of output files and the ids per page
//! and returns a [`Diagnostic`] for each broken one, naming the page (and, for a Markdown page,
//! its file) and the link.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::sync::Arc;

use html5gum::{Emitter, Error, State, Tokenizer};

use crate::diagnostic::Diagnostic;
use crate::percent;

mod strings;

pub use strings::Strings;

/// What the link check needs of one page: the links it makes and the ids it has (each list in
/// one buffer: a build keeps every page's until the check).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PageLinks {
    /// Every `href`, `src` and `cite` value, in document order, duplicates removed.
    pub links: Strings,
    /// Every `id` (and `name` of `<a>`), i.e. what a `#fragment` may point at.
    pub ids: Strings,
}

/// The attributes the check reads. Their bits mark the ones a tag already has: as in HTML, only
/// the first of two attributes with the same name counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Wanted {
    Href = 1,
    Src = 2,
    Cite = 4,
    Id = 8,
    Name = 16,
}

impl Wanted {
    fn of(name: &[u8]) -> Option<Wanted> {
        match name {
            b"href" => Some(Wanted::Href),
            b"src" => Some(Wanted::Src),
            b"cite" => Some(Wanted::Cite),
            b"id" => Some(Wanted::Id),
            b"name" => Some(Wanted::Name),
            _ => None,
        }
    }
}

/// An [`Emitter`] that keeps only what [`PageLinks`] needs: the name of the current tag, the
/// values of its wanted attributes (committed when the tag ends, as the tokenizer drops a tag cut
/// off by the end of the input), and the last start tag for the end of raw text. Text, comments,
/// doctypes and errors are dropped as they come. Its one token is the [`PageLinks`] of the page, at
/// the end of the input.
#[derive(Default)]
struct LinkEmitter {
    found: PageLinks,
    /// Whether the input has ended, so `found` is complete.
    ended: bool,
    seen: HashSet<String>,
    /// Whether the current tag is a start tag (attributes of end tags are ignored).
    start_tag: bool,
    tag_name: Vec<u8>,
    last_start_tag: Vec<u8>,
    /// Bits of the [`Wanted`] attributes the current tag already has.
    has: u8,
    /// The wanted attributes of the current tag, in order, their values back to back in `values`.
    attributes: Vec<(Wanted, usize)>,
    values: String,
    /// The current attribute's name and, once known, whether it is wanted and new on the tag.
    attribute_name: Vec<u8>,
    attribute: Option<Option<Wanted>>,
    value: Vec<u8>,
}

impl LinkEmitter {
    /// Whether the current attribute is one to keep, deciding it from its name on first ask.
    fn wanted(&mut self) -> Option<Wanted> {
        *self.attribute.get_or_insert_with(|| {
            let wanted = Wanted::of(&self.attribute_name).filter(|w| self.has & *w as u8 == 0);
            if let Some(w) = wanted {
                self.has |= w as u8;
            }
            wanted
        })
    }

    /// Ends the current attribute, if any.
    fn finish_attribute(&mut self) {
        if !self.start_tag || self.attribute_name.is_empty() {
            return;
        }
        if let Some(wanted) = self.wanted() {
            // The tokenizer reads a `&str` and decodes character references to whole characters.
            self.values.push_str(&String::from_utf8_lossy(&self.value));
            self.attributes.push((wanted, self.values.len()));
        }
        self.attribute_name.clear();
        self.attribute = None;
        self.value.clear();
    }

    fn finish_start_tag(&mut self) {
        let mut from = 0;
        for &(wanted, to) in &self.attributes {
            let value = &self.values[from..to];
            from = to;
            match wanted {
                Wanted::Href | Wanted::Src | Wanted::Cite => {
                    if !self.seen.contains(value) {
                        self.seen.insert(value.to_owned());
                        self.found.links.push(value);
                    }
                }
                Wanted::Id => self.found.ids.push(value),
                Wanted::Name if self.tag_name == b"a" => self.found.ids.push(value),
                Wanted::Name => {}
            }
        }
    }
}

impl Emitter for LinkEmitter {
    type Token = PageLinks;

    fn set_last_start_tag(&mut self, last_start_tag: Option<&[u8]>) {
        self.last_start_tag.clear();
        self.last_start_tag
            .extend_from_slice(last_start_tag.unwrap_or_default());
    }

    fn emit_eof(&mut self) {
        self.ended = true;
    }

    fn emit_error(&mut self, _: Error) {}

    fn should_emit_errors(&mut self) -> bool {
        false
    }

    fn pop_token(&mut self) -> Option<PageLinks> {
        if !self.ended {
            return None;
        }
        self.ended = false;
        let mut found = std::mem::take(&mut self.found);
        found.links.shrink_to_fit();
        found.ids.shrink_to_fit();
        Some(found)
    }

    fn emit_string(&mut self, _: &[u8]) {}

    fn init_start_tag(&mut self) {
        self.start_tag = true;
        self.tag_name.clear();
        self.has = 0;
        self.attributes.clear();
        self.values.clear();
        self.attribute_name.clear();
        self.attribute = None;
        self.value.clear();
    }

    fn init_end_tag(&mut self) {
        self.start_tag = false;
        self.tag_name.clear();
    }

    fn init_comment(&mut self) {}

    fn emit_current_tag(&mut self) -> Option<State> {
        if !self.start_tag {
            return None;
        }
        self.finish_attribute();
        self.finish_start_tag();
        self.last_start_tag.clear();
        self.last_start_tag.extend_from_slice(&self.tag_name);
        // The tokenizer alone does not know which elements hold raw text.
        match &self.tag_name[..] {
            b"script" => Some(State::ScriptData),
            b"style" | b"xmp" | b"iframe" | b"noembed" | b"noframes" => Some(State::RawText),
            b"textarea" | b"title" => Some(State::RcData),
            _ => None,
        }
    }

    fn emit_current_comment(&mut self) {}

    fn emit_current_doctype(&mut self) {}

    fn set_self_closing(&mut self) {}

    fn set_force_quirks(&mut self) {}

    fn push_tag_name(&mut self, s: &[u8]) {
        self.tag_name.extend_from_slice(s);
    }

    fn push_comment(&mut self, _: &[u8]) {}

    fn push_doctype_name(&mut self, _: &[u8]) {}

    fn init_doctype(&mut self) {}

    fn init_attribute(&mut self) {
        self.finish_attribute();
    }

    fn push_attribute_name(&mut self, s: &[u8]) {
        if self.start_tag {
            self.attribute_name.extend_from_slice(s);
        }
    }

    fn push_attribute_value(&mut self, s: &[u8]) {
        if self.start_tag && self.wanted().is_some() {
            self.value.extend_from_slice(s);
        }
    }

    fn set_doctype_public_identifier(&mut self, _: &[u8]) {}

    fn set_doctype_system_identifier(&mut self, _: &[u8]) {}

    fn push_doctype_public_identifier(&mut self, _: &[u8]) {}

    fn push_doctype_system_identifier(&mut self, _: &[u8]) {}

    fn current_is_appropriate_end_tag_token(&mut self) -> bool {
        !self.start_tag && !self.last_start_tag.is_empty() && self.last_start_tag == self.tag_name
    }
}

/// The links and ids of one HTML page.
pub fn extract(html: &str) -> PageLinks {
    let mut tokenizer = Tokenizer::new_with_emitter(html, LinkEmitter::default());
    match tokenizer.next() {
        Some(Ok(found)) => found,
        // Reading a `&str` cannot fail, and the input always ends.
        Some(Err(never)) => match never {},
        None => unreachable!("the emitter gives its links at the end of the input"),
    }
}

/// One rendered page, as the check sees it.
#[derive(Debug, Clone)]
pub struct CheckedPage {
    /// Output path (`claims/x/index.html`).
    pub path: String,
    /// The file the page's content comes from when a user wrote it (a Markdown page), for messages.
    pub source_file: Option<String>,
    /// Its links and ids (shared: `serve` keeps them between rebuilds).
    pub links: Arc<PageLinks>,
}

/// The internal files `links` point at from the page at `page_path`, as hashes of their paths
/// ([`path_hash`]), sorted: what `serve` keeps of a page to find the pages that link to a file
/// that went away or whose ids changed.
pub fn target_hashes(page_path: &str, links: &PageLinks, base_path: &str) -> Vec<u64> {
    let mut targets: Vec<u64> = links
        .links
        .iter()
        .filter_map(|link| match resolve(page_path, link, base_path) {
            Target::Internal { path, .. } => Some(path_hash(&path)),
            _ => None,
        })
        .collect();
    targets.sort_unstable();
    targets.dedup();
    targets
}

/// The hash of an output path, for [`target_hashes`].
pub fn path_hash(path: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::hash::DefaultHasher::new();
    path.hash(&mut hasher);
    hasher.finish()
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
        Some((rest, fragment)) => (rest, Some(percent::decode_lenient(fragment))),
        None => (link, None),
    };
    let fragment = fragment.filter(|f| !f.is_empty() && !f.starts_with(":~:"));
    let rest = rest.split_once('?').map_or(rest, |(path, _)| path);
    // Leniently: a malformed escape names no file, so the link is reported as broken.
    let rest = percent::decode_lenient(rest);
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

/// Every broken internal link of the pages `pages` for which `wanted` is true, given every
/// output file's path; the other pages count only as link targets (their ids). Sorted by page,
/// then link order. `source_text` gives the text of a page's `source_file`, to point at the
/// line of the link. A run with caches checks only the pages a change can have broken.
pub fn check_some<'t>(
    pages: &[CheckedPage],
    wanted: impl Fn(&CheckedPage) -> bool,
    files: &BTreeSet<String>,
    base_path: &str,
    source_text: impl Fn(&str) -> Option<&'t str>,
) -> Vec<Diagnostic> {
    // Ids are looked up by target page; a set is made only for pages a fragment points at.
    let by_path: HashMap<&str, &PageLinks> = pages.iter().map(|page| (page.path.as_str(), &*page.links)).collect();
    let mut ids: HashMap<&str, HashSet<&str>> = HashMap::new();
    let mut diagnostics = Vec::new();
    for page in pages.iter().filter(|page| wanted(page)) {
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
                        let target_ids = fragment.as_ref().and_then(|_| {
                            let (&target, links) = by_path.get_key_value(path.as_str())?;
                            Some(&*ids.entry(target).or_insert_with(|| links.ids.iter().collect()))
                        });
                        match (fragment, target_ids) {
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
                    .and_then(|text| text.find(link).map(|offset| (text, offset)));
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

    /// The extraction as it was done with `html5ever`'s tokenizer, which [`extract`] must match.
    mod reference {
        use std::cell::RefCell;
        use std::collections::HashSet;

        use html5ever::tendril::StrTendril;
        use html5ever::tokenizer::{
            BufferQueue, Tag, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts, states::RawKind,
        };

        use super::PageLinks;

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
                            found.links.push(value);
                        }
                        "href" | "src" | "cite" => {}
                        "id" => found.ids.push(value),
                        "name" if &*tag.name == "a" => found.ids.push(value),
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
                    return match &*tag.name {
                        "script" => TokenSinkResult::RawData(RawKind::ScriptData),
                        "style" | "xmp" | "iframe" | "noembed" | "noframes" => {
                            TokenSinkResult::RawData(RawKind::Rawtext)
                        }
                        "textarea" | "title" => TokenSinkResult::RawData(RawKind::Rcdata),
                        _ => TokenSinkResult::Continue,
                    };
                }
                TokenSinkResult::Continue
            }
        }

        pub(super) fn extract(html: &str) -> PageLinks {
            let tokenizer = Tokenizer::new(LinkSink::default(), TokenizerOpts::default());
            let input = BufferQueue::default();
            input.push_back(StrTendril::from_slice(html));
            let _ = tokenizer.feed(&input);
            tokenizer.end();
            tokenizer.sink.found.take()
        }
    }

    /// Asserts that [`extract`] and the `html5ever` reference agree on `html`.
    fn agrees(html: &str) {
        assert_eq!(extract(html), reference::extract(html), "{html:?}");
    }

    const TRICKY: [&str; 64] = [
        "<!DOCTYPE html><html lang=de><head><title>A <b> &amp; </title><link rel=stylesheet href=\"../static/s.css\"></head>",
        "<a href=\"a/\" id=x>1</a><a href='a/'>again</a><A HREF=\"B/\" Name=n ID=\"y\">",
        "<a href=\"x\" href=\"y\" id=1 id=2 ID=3 Href=z><img src=i.png alt=\"a > b\" SRC=j><q cite=c cite=d>",
        "<p class=\"x\"title=t id=\"z\"/><br/><input value=\"</a>\" id=q>",
        "<!-- <a href=\"no\"> --><a href=\"yes\"><!----><!-- a -- b -->",
        "<script type=\"application/ld+json\">{\"a\": \"<a href='no'>\"}</script><a href=\"after\">",
        "<style>a[href=\"no\"] {}</style ><title>x</title id=t><textarea><a href=no></TEXTAREA>",
        "<svg><title id=\"c-title\">T</title><desc id=\"c-desc\">D</desc></svg>",
        "<a href=\"?a=1&amp;b=2&#38;c&#x26;&lt;&gt;&quot;&apos;&nbsp;\" id=\"a&amp;b & c\">",
        "</p class=\"x>y\"><a href=1></><? pi ><!x><![CDATA[ <a href=no> ]]>",
        "<a href=x/>1</a><a href = \"y\" >2<a name=\"n2\"><span name=\"no-id\">",
        "text < more <3 &c <a href=\"z\">",
        "",
        "<a href=\"x\">\r\n<a href=\"a\r\nb\rc\" id='\r'>",
        "<a href=\"&copy;&copy&copy=&copyx&notit;&notin;&not\" id=&amp>",
        "<a href=&amp;&lt&gt=&quot id=&#0;&#x110000;&#xD800;&#128;&#x9F;&#65;&#x41&#X42;&#;&#x;>",
        "<a href=\"&CounterClockwiseContourIntegral;&acE;&NotNestedGreaterGreater;\">",
        "<!--> <a href=x>",
        "<!---> <a href=x2>",
        "<!-- a --!> <a href=x> -->",
        "<!-- a --!- <a href=no> -->",
        "<script><!-- </script> --></script><a href=after-script>",
        "<script><!--<script></script><a href=no></script>--></script><a href=yes>",
        "<script><!--<script>a</script>--></script><a href=yes2>",
        "<script>a</scriptx><a href=no></SCRIPT\t><a href=yes3>",
        "<a =x href=y>",
        "<a href=\"unterminated",
        "<a href=\"k\" ",
        "<a href=\"k\" id",
        "<a id=q href=k",
        "<a href=\"k\" id=e/",
        "<noscript><a href=ns></noscript><noframes><a href=no></noframes><a href=nf>",
        "<plaintext><a href=pt></plaintext><a href=pt2>",
        "<xmp><a href=no></xmp><iframe><a href=no></iframe><noembed><a href=no></noembed><a href=raw>",
        "<title><a href=no>&amp;</title><textarea id=t><a href=no></textarea >",
        "<script/><a href=no></script><style/><a href=no2></style>",
        "<a\x00b href=\"\x00\" id=\x00 n\x00ame=z>",
        "<a href='x' \x00href=y>",
        "<a href=\"caf\u{e9}\" id=\"\u{1f600}\">\u{e9}",
        "<a href=a'b\"c<d=e id=f`g>",
        "<a/href=sl/id=si>",
        "<a href=\"x\"id=\"y\"name=\"z\">",
        "<A NAME=big><AREA HREF=area><IMG SRC=img><BLOCKQUOTE CITE=bq>",
        "<math><mi id=m></mi><annotation-xml><a href=mx></a></annotation-xml></math>",
        "<svg><![CDATA[ <a href=no> ]]><script><a href=no></script></svg><a href=svgafter>",
        "<table><tr><td><form><input src=s id=f></form>",
        "<a href>empty</a><a id>no-id</a><a href=\"\">again</a><a name>",
        "<a href=\"dup\"><b href=\"dup\"><c src=dup cite=dup>",
        "</a href=endtag id=endid><a href=start>",
        "<!DOCTYPE html PUBLIC \"-//W3C//DTD HTML 4.01//EN\" \"x\"><a href=d>",
        "<!doctype><!DOCTYPE html <a href=no>><a href=dd>",
        "<?xml version=\"1.0\"?><a href=pi>",
        "<\u{e9}><a href=nonascii></\u{e9}>",
        "< a href=no><a\thref=tab\nid=nl\x0cname=ff>",
        "<a href=x/ id=y>",
        "<a href=\"x\"/ id=y>",
        "<title>unterminated <a href=no>",
        "<script>unterminated <a href=no>",
        "<textarea>&lt;a href=no&gt;</textarea><a href=ta>",
        "<style><!-- </style> --><a href=st>",
        "<iframe src=frame><a href=no></iframe>",
        "<TITLE>t</title><a href=uptitle>",
        "<script>a</script <a href=no>><a href=after>",
        "<a href=\"&#x26;amp;\" id=\"&amp;amp;\">",
    ];

    #[test]
    fn agrees_with_html5ever_on_tricky_fragments() {
        for html in TRICKY {
            agrees(html);
        }
    }

    #[test]
    fn agrees_with_html5ever_on_random_mixtures_of_fragments() {
        const FRAGMENTS: [&str; 52] = [
            "<a href=\"x\">",
            "<a href='y'>",
            "<a href=z>",
            "<A HREF=\"Up\">",
            "<a href=\"x\" href=\"w\">",
            "<img src=\"i.png\" alt=\"a > b\">",
            "<q cite=c/>",
            "<a name=\"n\">",
            "<b name=\"m\" id=\"k\">",
            "<p id=\"p1\"class=c>",
            "<p id = \"sp\" >",
            "<br/>",
            "<br / >",
            "</p>",
            "</p x=\">\">",
            "</>",
            "</ 3>",
            "<!-- c -->",
            "<!---->",
            "<!--",
            "-->",
            "<!-- <a href=\"hidden\"> -->",
            "<!DOCTYPE html>",
            "<!x y>",
            "<?pi ?>",
            "<script>",
            "</script>",
            "<script type=\"a\">var a = '<a href=\"s\">';</script>",
            "<style>",
            "</style>",
            "<title>",
            "</title>",
            "</TITLE >",
            "<textarea>",
            "</textarea/>",
            "<noscript>",
            "text",
            " ",
            "\n",
            "\r\n",
            "<",
            ">",
            "&",
            "&amp;",
            "&lt;",
            "=",
            "/",
            "\"",
            "'",
            "<a href=\"a&amp;b&#38;c\">",
            "<a href=\"&#x41;&nbsp;&copy\" id=\"&quot;q&quot;\">",
            "<span title=\"</span>\">",
        ];
        let mut state: u64 = 0x2545_f491_4f6c_dd1d;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for _ in 0..3000 {
            let parts = 1 + next() % 12;
            let html: String = (0..parts)
                .map(|_| FRAGMENTS[(next() % FRAGMENTS.len() as u64) as usize])
                .collect();
            agrees(&html);
        }
        // Whole tricky fragments glued together, so each starts in the state the last left.
        for _ in 0..1000 {
            let parts = 1 + next() % 4;
            let html: String = (0..parts)
                .map(|_| TRICKY[(next() % TRICKY.len() as u64) as usize])
                .collect();
            agrees(&html);
        }
    }

    #[test]
    fn agrees_with_html5ever_on_every_page_of_a_generated_site() {
        use crate::build::site_in_memory;
        use crate::generate::{GenerateOptions, input_files};
        let (input, _) = input_files(
            std::path::Path::new("/nonexistent"),
            &GenerateOptions { sources: 12, seed: 5 },
        );
        let site = site_in_memory(&input, &Default::default()).expect("renders");
        let mut pages = 0;
        for (path, bytes) in site.iter().filter(|(path, _)| path.ends_with(".html")) {
            let html = std::str::from_utf8(bytes).expect("UTF-8");
            let found = extract(html);
            assert_eq!(found, reference::extract(html), "{path}");
            assert!(!found.links.is_empty(), "{path}");
            pages += 1;
        }
        assert!(pages > 100, "{pages} pages");
    }

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
        // A build keeps every page's lists until the check: no room to spare in them.
        assert_eq!((page.links.spare(), page.ids.spare()), (0, 0));
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
                links: Arc::new(PageLinks {
                    links: Strings::from(["../claims/a/", "../claims/b/", "#missing", "../claims/a"]),
                    ids: Strings::from(["top"]),
                }),
            },
            CheckedPage {
                path: "claims/a/index.html".into(),
                source_file: None,
                links: Arc::new(PageLinks {
                    links: Strings::from(["../../about/#top", "../../about/#gone"]),
                    ids: Strings::default(),
                }),
            },
        ];
        let text = "---\ntitle: About\n---\nLinks: [a](../claims/a/)\n[b](../claims/b/)\n";
        let found = check_some(
            &pages,
            |_| true,
            &files,
            "/",
            |file| (file == "content/pages/about.md").then_some(text),
        );
        let messages: Vec<&str> = found.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(found.len(), 4, "{messages:?}");
        assert!(found[..3].iter().all(|d| d.file == "content/pages/about.md"));
        assert!(messages[0].contains("../claims/b/") && messages[0].contains("claims/b/index.html"));
        assert_eq!(found[0].position.map(|p| p.line), Some(5), "the line of the link");
        assert!(messages[1].contains("#missing") && messages[1].contains("`missing`"));
        assert!(messages[2].contains("end the link with `/`"));
        assert_eq!(found[3].file, "claims/a/index.html");
        assert!(messages[3].contains("has no element with id `gone`"), "{}", messages[3]);

        // Checking one page still reads the ids of the others: `#top` is found on the about
        // page, `#gone` is not.
        let some = check_some(&pages, |page| page.path == "claims/a/index.html", &files, "/", |_| None);
        assert_eq!(some.len(), 1);
        assert_eq!(some[0].message, found[3].message);
    }

    #[test]
    fn target_hashes_name_the_internal_files_a_page_links_to() {
        let links = PageLinks {
            links: Strings::from(["../a/", "../a/#x", "/dossier/b/c.csv", "https://example.org/", "#top"]),
            ids: Strings::default(),
        };
        let hashes = target_hashes("claims/index.html", &links, "/dossier/");
        let mut expected: Vec<u64> = ["a/index.html", "b/c.csv", "claims/index.html"]
            .iter()
            .map(|path| path_hash(path))
            .collect();
        expected.sort_unstable();
        assert_eq!(hashes, expected);
    }
}
