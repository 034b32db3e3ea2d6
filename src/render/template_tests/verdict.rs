//! The pages of one verdict's claims, and the ways into the claims above every page of claims.

use super::*;

#[test]
fn verdict_page_lists_its_claims_below_the_meaning_and_the_ways_in() {
    let doc = check_page(
        &render(Language::De, "verdict.html", &verdict_page()),
        Language::De,
        "verdict",
    );
    assert_eq!(text(one(&doc, "h1")), "Behauptungen: Belegt");
    assert_eq!(text(one(&doc, ".verdict-meaning .prose")), "Bestätigt.");
    assert_eq!(all(&doc, ".claim-list > li").len(), 2);
    assert_eq!(text(one(&doc, ".page-meta")), "2 Behauptungen");
    let filters = one(&doc, "nav.claim-filters");
    assert_eq!(filters.attr("aria-label"), Some("Behauptungen finden"));
    let current: Vec<ElementRef<'_>> = filters.select(&sel("a[aria-current]")).collect();
    assert_eq!(current.len(), 1);
    assert_eq!(current[0].attr("href"), Some("../../../claims/verdict/belegt/"));
    assert_eq!(text(current[0]), "Belegt (2)");
    assert_eq!(
        one_in(filters, "a[href='../../../claims/']").attr("aria-current"),
        None,
        "all claims is not the current page"
    );
    let falsch = filters
        .select(&sel("li"))
        .find(|li| text(*li).starts_with("Falsch"))
        .expect("every verdict is listed");
    assert!(
        falsch.select(&sel("a")).next().is_none(),
        "a verdict without claims is not linked"
    );
    one_in(filters, "a[href='../../../topics/truppenstaerke/']");
    assert_eq!(text(one_in(filters, "a[href='../../../origins/']")), "Alle 3 Ursprünge");
}

#[test]
fn claims_overview_leads_with_the_ways_in_and_marks_all_claims_current() {
    let doc = check_page(
        &render(Language::De, "list.html", &list_page("claims")),
        Language::De,
        "claims",
    );
    let filters = one(&doc, "nav.claim-filters");
    assert_eq!(
        one_in(filters, "a[aria-current]").attr("href"),
        Some("../claims/"),
        "the overview is the current way in"
    );
    assert_eq!(
        one_in(filters, "a[href='../claims/verdict/unbelegt/']")
            .text()
            .collect::<String>()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" "),
        "Unbelegt (2)"
    );
    let doc = check_page(
        &render(Language::De, "list.html", &list_page("sources")),
        Language::De,
        "sources",
    );
    assert!(all(&doc, ".claim-filters").is_empty(), "only on claims");
}
