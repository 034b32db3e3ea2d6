//! Claim pages: quote, figure, chain of reports, topic, structured data.

use super::*;

#[test]
fn claim_page_shows_quote_figure_chain_links_and_topic() {
    let html = render(Language::De, "claim.html", &claim_page());
    let doc = check_page(&html, Language::De, "claim");
    assert_eq!(
        text(one(&doc, "h1")),
        "Nordkorea hat knapp 11.000 Soldaten nach Russland geschickt."
    );
    assert_eq!(text(one(&doc, ".verdict-line")), "Bewertung: Belegt");
    assert_eq!(
        text(one(&doc, ".claim-header .conclusion")),
        "Kurz gesagt: Zwei unabhängige Ursprünge nennen dieselbe Zahl."
    );
    assert_eq!(text(one(&doc, "#compared-title")), "Die Angaben im Vergleich");
    let quote = one(&doc, "figure.quote blockquote");
    assert_eq!(quote.attr("cite"), Some("../../sources/ntv/#p4"));
    assert_eq!(quote.attr("lang"), Some("de"));
    assert_eq!(text(one_in(quote, "p > mark.quote")), "knapp 11.000 Soldaten");
    assert_eq!(one(&doc, "a.to-paragraph").attr("href"), Some("../../sources/ntv/#p4"));
    let facts: BTreeMap<String, String> = all(&doc, "dl.facts > div")
        .into_iter()
        .map(|d| (text(one_in(d, "dt")), text(one_in(d, "dd"))))
        .collect();
    // The figure is in the box above; source and topic are on screen already.
    assert_eq!(
        facts.keys().map(String::as_str).collect::<Vec<_>>(),
        ["Herkunft", "Messgröße", "Stand"]
    );
    assert_eq!(facts["Messgröße"], "Entsandte Soldaten");
    assert_eq!(facts["Stand"], "November 2024");
    assert_eq!(
        facts["Herkunft"],
        "Ursprung: Südkoreanischer Geheimdienst über Bloomberg veröffentlicht von ntv"
    );
    assert_eq!(one(&doc, "time[datetime='2024-11']").attr("datetime"), Some("2024-11"));
    let steps: Vec<&str> = all(&doc, "ol.chain > li > a")
        .iter()
        .filter_map(|a| a.attr("href"))
        .collect();
    assert_eq!(
        steps,
        ["../../origins/nis/", "../../origins/bloomberg/", "../../sources/ntv/"]
    );
    assert!(text(one(&doc, ".note")).contains("Bloomberg-Bericht"));
    assert_eq!(text(one(&doc, "#verdict-title")), "Was „Belegt“ bedeutet");
    let compared = all(&doc, ".compared-list > li");
    assert_eq!(compared.len(), 3);
    assert!(
        text(compared[0]).starts_with("diese Behauptung"),
        "{}",
        text(compared[0])
    );
    let related = all(&doc, ".compared-list > li.related");
    assert_eq!(related.len(), 2);
    assert_eq!(text(one_in(related[0], ".relation")), "widerspricht");
    assert_eq!(related[1].attr("class"), Some("related relation-same-origin"));
    // The other claims of the topic, and a link to all of them.
    assert_eq!(all(&doc, "#same-topic-title + .claim-list > li").len(), 3);
    let more = one(&doc, "p.more a");
    assert_eq!(text(more), "Alle 4 Behauptungen auf der Themenseite");
    assert_eq!(more.attr("href"), Some("../../topics/truppenstaerke/"));
    // Data is escaped, not interpreted.
    assert!(html.contains("Kursk &lt;script&gt;"));
    // The claims section is current in the navigation, but this page is not the list.
    let current = one(&doc, "nav [aria-current]");
    assert_eq!(
        (text(current).as_str(), current.attr("aria-current")),
        ("Behauptungen", Some("true"))
    );
    assert_eq!(one(&doc, "meta[property='og:type']").attr("content"), Some("article"));
    assert_eq!(
        text(one(&doc, "head > title")),
        format!("{} – Nordkoreanische Soldaten in Russland", claim_page().page.title)
    );
}

#[test]
fn claim_page_without_optional_parts() {
    let mut page = claim_page();
    page.quantity = None;
    page.as_of = None;
    page.as_of_iso = None;
    page.note_html = None;
    page.links.clear();
    page.same_topic.clear();
    page.same_topic_total = 0;
    page.paragraph_html.clear();
    page.verdict_explanation_html.clear();
    let html = render(Language::En, "claim.html", &page);
    let doc = check_page(&html, Language::En, "bare claim");
    assert_eq!(
        text(one(&doc, "blockquote mark.quote")),
        "knapp 11.000 Soldaten",
        "falls back to the quote"
    );
    assert!(all(&doc, ".note, .compared, .verdict-explanation, p.more").is_empty());
    let terms: Vec<String> = all(&doc, "dl.facts dt").into_iter().map(text).collect();
    assert_eq!(terms, ["Attribution"]);
}

#[test]
fn claim_quote_is_in_the_language_of_its_article() {
    let mut page = claim_page();
    page.source_language = "en".into();
    let doc = Html::parse_document(&render(Language::De, "claim.html", &page));
    assert_eq!(one(&doc, "blockquote").attr("lang"), Some("en"));
}

#[test]
fn claim_page_embeds_structured_data_in_the_head_and_links_the_original_passage() {
    let doc = check_page(
        &render(Language::De, "claim.html", &claim_page()),
        Language::De,
        "claim",
    );
    let script = one(&doc, "head script[type='application/ld+json']");
    let review: serde_json::Value = serde_json::from_str(&text(script)).unwrap();
    assert_eq!(review["claimReviewed"], "</script>");
    let passage = one(&doc, "figcaption a.external");
    assert_eq!(
        passage.attr("href"),
        Some("https://example.com/a#:~:text=knapp%2011.000%20Soldaten")
    );
}
