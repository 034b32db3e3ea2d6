//! Origin pages: the claims attributed to and relayed from an origin.

use super::*;

#[test]
fn origin_page_lists_attributed_and_relayed_claims() {
    let doc = check_page(
        &render(Language::De, "origin.html", &origin_page()),
        Language::De,
        "origin",
    );
    assert_eq!(text(one(&doc, ".eyebrow")), "Art: Geheimdienst");
    assert_eq!(text(one(&doc, ".lead")), "Der National Intelligence Service Südkoreas.");
    assert_eq!(all(&doc, "#attributed-title + .claim-list > li").len(), 1);
    assert_eq!(all(&doc, "#relayed-title + .claim-list > li").len(), 1);
    let mut page = origin_page();
    page.relayed.clear();
    let doc = check_page(
        &render(Language::De, "origin.html", &page),
        Language::De,
        "origin without relays",
    );
    assert!(all(&doc, "#relayed-title").is_empty());
}
