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
    assert_eq!(all(&doc, "#verdict-belegt .claim-list > li").len(), 1);
    // The scorecard: every verdict with its count; a count with claims links to their group.
    let rows = all(&doc, ".scorecard .tally-row");
    assert_eq!(rows.len(), 2);
    assert_eq!(one_in(rows[0], "a").attr("href"), Some("#verdict-belegt"));
    assert_eq!(text(rows[0]), "Belegt 1");
    assert!(rows[1].select(&sel("a")).next().is_none(), "no link for 0");
    assert_eq!(text(rows[1]), "Falsch 0");
    one(&doc, "section#verdict-belegt h3#verdict-belegt-title");
    assert_eq!(all(&doc, "#relayed-title + .claim-list > li").len(), 1);
    let mut page = origin_page();
    page.relayed.clear();
    let doc = check_page(
        &render(Language::De, "origin.html", &page),
        Language::De,
        "origin without relays",
    );
    assert!(all(&doc, "#relayed-title").is_empty());
    let mut page = origin_page();
    page.claims.clear();
    page.groups.clear();
    let doc = check_page(
        &render(Language::De, "origin.html", &page),
        Language::De,
        "origin without claims",
    );
    assert!(all(&doc, ".scorecard").is_empty(), "no scorecard without claims");
    one(&doc, "p.empty");
}
