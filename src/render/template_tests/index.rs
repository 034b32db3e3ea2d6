//! The index page, and the verdict badges it shows.

use super::*;

/// The index leads with the findings: highlights, then the claims per verdict (each linked to
/// its verdict's page, the count as text beside a bar hidden from assistive technology), then
/// the claims of each finding verdict, with a link to all of them; the description follows.
#[test]
fn index_leads_with_highlights_verdict_counts_and_findings() {
    let html = render(Language::De, "index.html", &index_page());
    let doc = check_page(&html, Language::De, "index");
    let sections: Vec<&str> = all(&doc, "main > section")
        .iter()
        .map(|s| s.attr("class").unwrap_or_default())
        .collect();
    assert_eq!(sections.first(), Some(&"findings"), "findings first: {sections:?}");
    let findings = one(&doc, "main > section.findings");
    let order: Vec<String> = findings
        .select(&sel(".highlights, .tally, .finding-group"))
        .map(|e| e.attr("class").unwrap().to_owned())
        .collect();
    assert_eq!(order, ["highlights", "tally", "finding-group"]);
    assert_eq!(
        text(one_in(findings, ".highlights .claim-statement")),
        "Rund 12.000 nordkoreanische Soldaten sind in Russland."
    );
    let rows = all(&doc, ".tally-row");
    assert_eq!(rows.len(), 4);
    let link = one_in(rows[0], "a");
    assert_eq!(link.attr("href"), Some("claims/verdict/belegt/"));
    assert_eq!(text(link), "Belegt 2");
    assert_eq!(one_in(rows[0], ".tally-bar").attr("aria-hidden"), Some("true"));
    assert_eq!(one_in(rows[0], ".tally-fill").attr("style"), Some("width: 50%"));
    let group = one(&doc, ".finding-group");
    assert_eq!(text(one_in(group, "h3")), "Falsch 3 Behauptungen");
    assert!(
        text(one_in(group, ".claim-statement")).contains(EVIL),
        "escaped, shown as text"
    );
    assert_eq!(
        one_in(group, ".more a").attr("href"),
        Some("claims/verdict/falsch/"),
        "1 of 3 shown: a link to all"
    );
    assert!(text(one_in(group, ".more a")).contains('3'));
    // Without claims, no findings section.
    let mut empty = index_page();
    empty.counts.claims = 0;
    let doc = check_page(&render(Language::De, "index.html", &empty), Language::De, "empty index");
    assert!(all(&doc, ".findings").is_empty());
}

#[test]
fn index_shows_totals_topics_verdicts_sources_and_origins() {
    let html = render(Language::De, "index.html", &index_page());
    let doc = check_page(&html, Language::De, "index");
    assert_eq!(text(one(&doc, "h1")), "Nordkoreanische Soldaten in Russland");
    assert!(text(one(&doc, ".lead")).contains("Fünf Artikel im Vergleich"));
    let stats: Vec<String> = all(&doc, ".stats li").into_iter().map(text).collect();
    assert_eq!(stats, ["4 Behauptungen", "1 Quelle", "1 Thema", "1 Ursprung"]);
    assert_eq!(one(&doc, ".stats a[href='claims/']").select(&sel(".n")).count(), 1);
    let card = one(&doc, ".topic-list .card");
    assert_eq!(text(one_in(card, "h3 a")), "Truppenstärke");
    assert!(text(card).contains("4 Behauptungen"));
    assert!(text(card).contains("Entsandte Soldaten: 11.000 – 100.000"));
    let rows = all(&doc, ".tally-row");
    assert_eq!(rows.len(), 4);
    assert_eq!(text(one_in(rows[1], ".verdict")), "Überwiegend belegt");
    assert_eq!(text(one_in(rows[0], ".tally-count")), "2");
    assert_eq!(text(one(&doc, ".source-list li a")), "Putin setzt auf Kim");
    assert!(text(one(&doc, ".origin-list li")).contains("Geheimdienst · 1 Behauptung"));
    // On the index, links are relative to the root.
    assert_eq!(one(&doc, ".site-title").attr("href"), Some("./"));
    assert_eq!(one(&doc, ".site-title").attr("aria-current"), Some("page"));
    assert_eq!(
        one(&doc, "link[rel=stylesheet][href$='style.css']").attr("href"),
        Some("static/style.css")
    );
    assert_eq!(one(&doc, "meta[property='og:type']").attr("content"), Some("website"));
    assert_eq!(text(one(&doc, "head > title")), "Nordkoreanische Soldaten in Russland");
}

#[test]
fn verdict_badges_carry_label_id_rank_and_tone() {
    let html = render(Language::De, "index.html", &index_page());
    let doc = Html::parse_document(&html);
    let badges = all(&doc, ".tally .verdict");
    let attrs: Vec<(String, &str, &str)> = badges
        .iter()
        .map(|b| (text(*b), b.attr("class").unwrap(), b.attr("data-tone").unwrap()))
        .collect();
    assert_eq!(attrs[0], ("Belegt".to_owned(), "verdict verdict-belegt", "0"));
    assert_eq!(attrs[1].2, "1");
    assert_eq!(attrs[2].2, "3");
    assert_eq!(attrs[3], ("Falsch".to_owned(), "verdict verdict-falsch", "4"));
    assert_eq!(badges[2].attr("data-rank"), Some("4"));
    // A one-verdict scale does not divide by zero.
    let single = VerdictView {
        id: "x".into(),
        label: "X".into(),
        rank: 1,
        scale_size: 1,
    };
    let mut page = claim_page();
    page.claim.verdict = single;
    let doc = Html::parse_document(&render(Language::De, "claim.html", &page));
    assert_eq!(one(&doc, ".verdict-line .verdict").attr("data-tone"), Some("0"));
}
