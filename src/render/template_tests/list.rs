//! The list pages of each section, with their pagination.

use super::*;

#[test]
fn list_pages_show_their_section() {
    for (section, selector, current) in [
        ("claims", ".claim-list > li", "Behauptungen"),
        ("sources", ".source-list > li", "Quellen"),
        ("topics", ".topic-list > li h2", "Themen"),
        ("origins", ".origin-list > li", "Ursprünge"),
    ] {
        let doc = check_page(
            &render(Language::De, "list.html", &list_page(section)),
            Language::De,
            section,
        );
        assert!(!all(&doc, selector).is_empty(), "{section}");
        let current_link = one(&doc, "nav.site-nav [aria-current]");
        assert_eq!(
            (text(current_link).as_str(), current_link.attr("aria-current")),
            (current, Some("page"))
        );
        assert_eq!(current_link.attr("href"), Some(format!("../{section}/").as_str()));
    }
    // The claims overview is page 3 of 9: links to pages 1, 2, 3 (current), 4, 5 and 9, a
    // gap for pages 6 to 8, previous and next.
    let doc = check_page(
        &render(Language::De, "list.html", &list_page("claims")),
        Language::De,
        "claims page 3",
    );
    let pages = one(&doc, "nav.pagination[aria-label='Seiten']");
    let links: Vec<(String, String)> = pages
        .select(&sel("a"))
        .map(|a| (text(a), a.attr("href").unwrap_or_default().to_owned()))
        .collect();
    let expected = [
        ("Vorherige Seite", "../claims/page/2/"),
        ("1", "../claims/"),
        ("2", "../claims/page/2/"),
        ("3", "../claims/page/3/"),
        ("4", "../claims/page/4/"),
        ("5", "../claims/page/5/"),
        ("9", "../claims/page/9/"),
        ("Nächste Seite", "../claims/page/4/"),
    ];
    assert_eq!(
        links,
        expected.map(|(t, h)| (t.to_owned(), h.to_owned())),
        "pagination links"
    );
    assert_eq!(text(one(&doc, "nav.pagination [aria-current='page']")), "3");
    assert_eq!(all(&doc, "nav.pagination li.gap").len(), 1);
    assert!(
        !text(one(&doc, ".page-meta")).contains("Seite"),
        "the page number is in the title"
    );
    let mut empty = list_page("claims");
    empty.claims.clear();
    let doc = check_page(&render(Language::En, "list.html", &empty), Language::En, "empty list");
    assert_eq!(text(one(&doc, "p.empty")), "Nothing here yet.");
}
