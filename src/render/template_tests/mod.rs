//! The built-in templates rendered with hand-built contexts and read back as HTML (scraper):
//! what each page shows, its accessibility markup, escaping of hostile text, both languages.
//! The contexts (in `fixtures`) are the template contract of [`context`](crate::render::context).
//! This file holds the checks every page gets and the site-wide tests; the others, one per
//! page kind, what that page shows.

use std::collections::{BTreeMap, BTreeSet};

use scraper::{ElementRef, Html, Selector};
use serde::Serialize;

use crate::model::Language;
use crate::render::PageType;
use crate::render::context::*;
use crate::render::embedded::*;

mod claim;
mod fixtures;
mod index;
mod list;
mod markdown_page;
mod not_found;
mod origin;
mod source;
mod topic;
mod verdict;

use fixtures::*;

fn tera(lang: Language) -> tera::Tera {
    let mut tera = tera::Tera::new();
    tera.autoescape_on(vec![".html"]);
    if let Err(error) = tera.add_raw_templates(TEMPLATES.iter().copied()) {
        panic!("templates do not compile: {}", error_chain(&error));
    }
    tera.global_context().insert("site", &site(lang));
    tera
}

fn error_chain(error: &dyn std::error::Error) -> String {
    let mut messages = vec![error.to_string()];
    let mut source = error.source();
    while let Some(e) = source {
        messages.push(e.to_string());
        source = e.source();
    }
    messages.join(": ")
}

fn render_context(lang: Language, template: &str, context: &tera::Context) -> String {
    tera(lang)
        .render(template, context)
        .unwrap_or_else(|e| panic!("{template}: {}", error_chain(&e)))
}

fn render<T: Serialize>(lang: Language, template: &str, page: &T) -> String {
    let context = crate::render::engine::to_context(page).unwrap();
    render_context(lang, template, &context)
}

fn sel(selector: &str) -> Selector {
    Selector::parse(selector).unwrap()
}

fn all<'a>(doc: &'a Html, selector: &str) -> Vec<ElementRef<'a>> {
    doc.select(&sel(selector)).collect()
}

fn one<'a>(doc: &'a Html, selector: &str) -> ElementRef<'a> {
    let found = all(doc, selector);
    assert_eq!(found.len(), 1, "expected one `{selector}`, found {}", found.len());
    found[0]
}

fn text(element: ElementRef<'_>) -> String {
    element
        .text()
        .collect::<Vec<_>>()
        .join("")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn one_in<'a>(element: ElementRef<'a>, selector: &str) -> ElementRef<'a> {
    let found: Vec<ElementRef<'a>> = element.select(&sel(selector)).collect();
    assert_eq!(found.len(), 1, "expected one `{selector}` in {}", element.html());
    found[0]
}

/// What every page must satisfy; returns the parsed document.
fn check_page(html: &str, lang: Language, name: &str) -> Html {
    assert!(html.starts_with("<!DOCTYPE html>\n"), "{name}: doctype first");
    let doc = Html::parse_document(html);
    assert!(doc.errors.is_empty(), "{name}: HTML parse errors {:?}", doc.errors);
    assert_eq!(one(&doc, "html").attr("lang"), Some(lang.tag()), "{name}");
    assert_eq!(one(&doc, "meta[charset]").attr("charset"), Some("utf-8"));
    assert!(
        one(&doc, "meta[name=viewport]")
            .attr("content")
            .unwrap()
            .contains("width=device-width")
    );
    assert!(!text(one(&doc, "head > title")).is_empty(), "{name}: title");
    assert!(
        !one(&doc, "meta[name=description]").attr("content").unwrap().is_empty(),
        "{name}: description"
    );
    assert_eq!(all(&doc, "h1").len(), 1, "{name}: exactly one h1");
    // Landmarks and skip link.
    assert_eq!(one(&doc, "body > a.skip-link").attr("href"), Some("#main"));
    assert_eq!(one(&doc, "main").attr("id"), Some("main"));
    one(&doc, "body > header");
    one(&doc, "body > footer");
    let nav = one(&doc, "header nav[aria-label]");
    assert_eq!(nav.select(&sel("li > a")).count(), 5, "{name}: nav entries");
    // Stylesheets.
    let sheets: Vec<&str> = all(&doc, "link[rel=stylesheet]")
        .iter()
        .filter_map(|l| l.attr("href"))
        .collect();
    assert!(
        sheets.iter().any(|h| h.ends_with("static/style.css")),
        "{name}: style.css"
    );
    // No duplicate ids, and in-page links point to existing ids.
    let mut ids = BTreeSet::new();
    for element in all(&doc, "[id]") {
        let id = element.attr("id").unwrap();
        assert!(ids.insert(id.to_owned()), "{name}: duplicate id `{id}`");
    }
    for link in all(&doc, "a[href^='#']") {
        let target = &link.attr("href").unwrap()[1..];
        assert!(ids.contains(target), "{name}: link to missing #{target}");
    }
    // Links have discernible text.
    for link in all(&doc, "a") {
        assert!(link.attr("href").is_some(), "{name}: link without href");
        assert!(
            !text(link).is_empty() || link.attr("aria-label").is_some(),
            "{name}: empty link {}",
            link.html()
        );
    }
    // Headings in order.
    let mut previous = 0;
    for heading in all(&doc, "h1, h2, h3, h4, h5, h6") {
        let level: usize = heading.value().name()[1..].parse().unwrap();
        assert!(
            level <= previous + 1,
            "{name}: heading level jumps from h{previous} to h{level}"
        );
        previous = level;
    }
    // Lists contain only items; description lists only groups of terms and details.
    for list in all(&doc, "ul, ol") {
        for child in list.child_elements() {
            assert_eq!(child.value().name(), "li", "{name}: {} in a list", child.value().name());
        }
    }
    for list in all(&doc, "dl") {
        for child in list.child_elements() {
            assert!(
                ["dt", "dd", "div"].contains(&child.value().name()),
                "{name}: {} in a dl",
                child.value().name()
            );
            if child.value().name() == "div" {
                assert!(child.child_elements().all(|c| ["dt", "dd"].contains(&c.value().name())));
            }
        }
    }
    // Tables have a caption and header cells with a scope.
    for table in all(&doc, "table") {
        assert_eq!(
            table.child_elements().next().map(|c| c.value().name()),
            Some("caption"),
            "{name}: caption first"
        );
        assert!(
            table.select(&sel("thead th[scope=col]")).count() > 0,
            "{name}: column headers"
        );
        assert!(
            table.select(&sel("th:not([scope])")).next().is_none(),
            "{name}: th without scope"
        );
    }
    // Nothing from the data turned into markup.
    // Scripts: the search box's own file, and structured data (JSON that cannot close its
    // element); the page works without either.
    for script in all(&doc, "script[src]") {
        assert!(
            script.attr("src").unwrap().ends_with("static/search.js"),
            "{name}: foreign script"
        );
        assert!(text(script).is_empty());
    }
    assert!(
        one(&doc, ".site-search").attr("hidden").is_some(),
        "{name}: search hidden without JS"
    );
    for script in all(&doc, "script:not([src])") {
        assert_eq!(
            script.attr("type"),
            Some("application/ld+json"),
            "{name}: injected script"
        );
        let json = text(script);
        assert!(!json.contains('<'), "{name}: `<` in JSON-LD");
        serde_json::from_str::<serde_json::Value>(&json).expect("JSON-LD parses");
    }
    // Canonical URL and Open Graph go together.
    let canonical = all(&doc, "link[rel=canonical]");
    let og = all(&doc, "meta[property^='og:']");
    if canonical.is_empty() {
        assert!(og.is_empty(), "{name}: Open Graph without canonical URL");
    } else {
        assert!(canonical[0].attr("href").unwrap().starts_with(BASE_URL));
        assert_eq!(og.len(), 6, "{name}: Open Graph tags");
    }
    doc
}

fn pages(lang: Language) -> Vec<(&'static str, String)> {
    vec![
        ("index.html", render(lang, "index.html", &index_page())),
        ("claim.html", render(lang, "claim.html", &claim_page())),
        ("source.html", render(lang, "source.html", &source_page())),
        ("topic.html", render(lang, "topic.html", &topic_page())),
        ("origin.html", render(lang, "origin.html", &origin_page())),
        ("page.html", render(lang, "page.html", &markdown_page())),
        ("list.html claims", render(lang, "list.html", &list_page("claims"))),
        ("list.html sources", render(lang, "list.html", &list_page("sources"))),
        ("list.html topics", render(lang, "list.html", &list_page("topics"))),
        ("list.html origins", render(lang, "list.html", &list_page("origins"))),
        ("verdict.html", render(lang, "verdict.html", &verdict_page())),
        ("404.html", render(lang, "404.html", &not_found_page())),
    ]
}

#[test]
fn every_page_is_well_formed_in_both_languages() {
    for lang in [Language::De, Language::En] {
        for (name, html) in pages(lang) {
            check_page(&html, lang, name);
        }
    }
}

#[test]
fn every_template_is_listed_and_every_page_template_renders() {
    let names: BTreeSet<&str> = TEMPLATES.iter().map(|(name, _)| *name).collect();
    for required in PageType::ALL.map(PageType::template).into_iter().chain(["base.html"]) {
        assert!(names.contains(required), "{required} missing");
    }
    let files: BTreeSet<String> = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/templates"))
        .unwrap()
        .map(|entry| entry.unwrap().file_name().into_string().unwrap())
        .filter(|name| name.ends_with(".html"))
        .chain(
            std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/templates/partials"))
                .unwrap()
                .map(|entry| format!("partials/{}", entry.unwrap().file_name().into_string().unwrap())),
        )
        .collect();
    assert_eq!(
        files,
        names.iter().map(|n| n.to_string()).collect(),
        "TEMPLATES lists every file of templates/"
    );
    let statics: BTreeMap<&str, &[u8]> = STATIC_FILES.iter().copied().collect();
    assert_eq!(
        statics.keys().copied().collect::<Vec<_>>(),
        ["favicon.svg", "search.js", "style.css"]
    );
    assert!(
        std::str::from_utf8(statics["style.css"])
            .unwrap()
            .contains("prefers-color-scheme: dark")
    );
}

#[test]
fn english_pages_use_english_strings() {
    let doc = Html::parse_document(&render(Language::En, "claim.html", &claim_page()));
    assert_eq!(text(one(&doc, ".skip-link")), "Skip to content");
    assert_eq!(text(one(&doc, "#quote-title")), "The quote in context");
    assert_eq!(one(&doc, "meta[property='og:locale']").attr("content"), Some("en_GB"));
    let doc = Html::parse_document(&render(Language::En, "topic.html", &topic_page()));
    assert_eq!(text(all(&doc, ".report-count")[0]), "1 independent origin, 2 articles");
}

/// Writes the sample pages as a site, for a look in a browser or a run of an HTML checker:
/// `DOSSIER_SAMPLE_DIR=/tmp/sample cargo test --lib render::template_tests::write_sample_site -- --ignored`.
#[test]
#[ignore = "writes files; run by hand"]
fn write_sample_site() {
    let Some(dir) = std::env::var_os("DOSSIER_SAMPLE_DIR") else {
        return;
    };
    let dir = std::path::PathBuf::from(dir);
    for (lang, prefix) in [(Language::De, ""), (Language::En, "en/")] {
        let pages = [
            ("index.html", render(lang, "index.html", &index_page())),
            ("claims/nk-11000/index.html", render(lang, "claim.html", &claim_page())),
            ("sources/ntv/index.html", render(lang, "source.html", &source_page())),
            (
                "topics/truppenstaerke/index.html",
                render(lang, "topic.html", &topic_page()),
            ),
            ("origins/nis/index.html", render(lang, "origin.html", &origin_page())),
            ("methode/index.html", render(lang, "page.html", &markdown_page())),
            ("claims/index.html", render(lang, "list.html", &list_page("claims"))),
            ("sources/index.html", render(lang, "list.html", &list_page("sources"))),
            ("topics/index.html", render(lang, "list.html", &list_page("topics"))),
            ("origins/index.html", render(lang, "list.html", &list_page("origins"))),
            (
                "claims/verdict/belegt/index.html",
                render(lang, "verdict.html", &verdict_page()),
            ),
            ("404.html", render(lang, "404.html", &not_found_page())),
        ];
        for (path, html) in pages {
            let file = dir.join(prefix).join(path);
            std::fs::create_dir_all(file.parent().unwrap()).unwrap();
            std::fs::write(file, html).unwrap();
        }
        let statics = dir.join(prefix).join("static");
        std::fs::create_dir_all(&statics).unwrap();
        for (name, bytes) in STATIC_FILES {
            std::fs::write(statics.join(name), bytes).unwrap();
        }
        std::fs::write(statics.join("highlight.css"), "").unwrap();
    }
}

#[test]
fn footer_names_the_organisation() {
    let doc = Html::parse_document(&render(Language::De, "index.html", &index_page()));
    let footer = one(&doc, "footer");
    assert_eq!(
        text(footer),
        "Herausgegeben von Faktencheck-Werkstatt Korrekturen Lizenz: CC BY 4.0 Diese Seite: https://example.org/dossier/"
    );
    assert_eq!(
        text(one_in(footer, "p.print-url")),
        "Diese Seite: https://example.org/dossier/",
        "the page's address, shown in print"
    );
    let links: Vec<_> = footer.select(&sel("a")).filter_map(|a| a.attr("href")).collect();
    assert_eq!(
        links,
        [
            "https://example.org/",
            "corrections/",
            "https://creativecommons.org/licenses/by/4.0/"
        ]
    );
}
