//! Source pages: metadata, article text, the claims made in it, links.

use super::*;

#[test]
fn source_page_shows_metadata_text_and_claims() {
    let html = render(Language::De, "source.html", &source_page());
    let doc = check_page(&html, Language::De, "source");
    assert_eq!(one(&doc, "h1").attr("lang"), Some("de"));
    let paragraphs = all(&doc, ".article-text > p");
    assert_eq!(paragraphs.len(), 2);
    assert_eq!(
        (paragraphs[1].attr("id"), paragraphs[1].attr("lang")),
        (Some("p2"), Some("de"))
    );
    let mark = one(&doc, "#p2 mark.quote");
    assert_eq!(one_in(mark, "a").attr("href"), Some("../../claims/nk-11000/"));
    let facts: BTreeMap<String, ElementRef<'_>> = all(&doc, "dl.facts > div")
        .into_iter()
        .map(|d| (text(one_in(d, "dt")), one_in(d, "dd")))
        .collect();
    assert_eq!(text(facts["Verfasst von"]), "Jana Beispiel");
    assert_eq!(
        one_in(facts["Original"], "a").attr("href"),
        Some("https://www.n-tv.de/politik/putin-kim-article.html")
    );
    assert!(
        one_in(facts["Archiv"], "a")
            .attr("href")
            .unwrap()
            .starts_with("https://web.archive.org/")
    );
    assert_eq!(text(facts["SHA-256-Prüfsumme"]), "5fed95931630f43d".repeat(4));
    assert_eq!(
        one_in(facts["Textdatei"], "a").attr("href"),
        Some("../../sources/ntv/article.txt")
    );
    assert_eq!(text(facts["Behauptungen"]), "2 Behauptungen");
    assert_eq!(
        one(&doc, "time[datetime='2024-11-20']").attr("datetime"),
        Some("2024-11-20")
    );
    let listed = all(&doc, "#claims-title + .claim-list > li");
    assert_eq!(listed.len(), 2);
    assert!(
        all(&doc, ".claim-list .claim-source").is_empty(),
        "the source is this page"
    );
    assert_eq!(text(one(&doc, "nav [aria-current]")), "Quellen");
}

#[test]
fn only_http_urls_become_links() {
    let mut page = source_page();
    page.source.original_url = Some("javascript:alert(1)".into());
    let doc = check_page(
        &render(Language::De, "source.html", &page),
        Language::De,
        "source with a bad URL",
    );
    assert_eq!(all(&doc, "dl.facts a.external").len(), 1, "the archive link only");
    assert!(all(&doc, "a[href^='javascript']").is_empty());
    assert!(text(one(&doc, "dl.facts")).contains("Originalartikel: javascript:alert(1)"));
}

#[test]
fn source_page_without_author_and_links() {
    let mut page = source_page();
    page.source.author = None;
    page.source.original_url = None;
    page.source.archive_url = None;
    page.claims.clear();
    let doc = check_page(&render(Language::En, "source.html", &page), Language::En, "bare source");
    assert!(all(&doc, "dl.facts a.external").is_empty());
    assert_eq!(text(one(&doc, "#claims-title + p.empty")), "No claims.");
}
