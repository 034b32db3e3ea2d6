//! Topic pages: the figures compared per measure.

use super::*;

#[test]
fn topic_page_compares_figures_per_measure() {
    let html = render(Language::De, "topic.html", &topic_page());
    let doc = check_page(&html, Language::De, "topic");
    assert_eq!(
        text(one(&doc, ".question")),
        "Wie viele nordkoreanische Soldaten sind in Russland?"
    );
    assert_eq!(
        all(&doc, "nav.toc li a")
            .iter()
            .filter_map(|a| a.attr("href"))
            .collect::<Vec<_>>(),
        ["#measure-entsandt", "#measure-getoetet"]
    );
    let section = one(&doc, "section#measure-entsandt");
    assert_eq!(text(one_in(section, "h2")), "Entsandte Soldaten");
    assert_eq!(
        text(one_in(section, ".range")),
        "Spanne: 11.000 – bis zu 100.000 Soldaten",
        "the line as the renderer wrote it, units and qualifiers included"
    );
    one_in(section, ".chart-wrap > svg[role=img]");
    let table = one_in(section, "table.comparison");
    assert_eq!(
        text(one_in(table, "caption")),
        "Entsandte Soldaten: die Zahlen im Vergleich"
    );
    let headers: Vec<String> = table.select(&sel("thead th[scope=col]")).map(text).collect();
    assert_eq!(headers, ["Zahl", "Stand", "Ursprung", "Berichtet in", "Bewertung"]);
    let rows: Vec<ElementRef<'_>> = table.select(&sel("tbody tr")).collect();
    assert_eq!(rows.len(), 2);
    assert_eq!(
        text(one_in(rows[0], "th[scope=row]")),
        "etwa 11.000 Soldaten / 12.000 Soldaten"
    );
    assert_eq!(text(one_in(rows[0], ".report-count")), "1 Ursprung, 2 Artikel");
    let reports: Vec<String> = rows[0].select(&sel(".reports > li")).map(text).collect();
    assert_eq!(
        reports[1], "Putin setzt auf Kim – Bericht von Spiegel Spiegel, 20. November 2024 zur Behauptung Belegt",
        "each article of a row of several carries its place's verdict"
    );
    assert_eq!(
        one_in(rows[0], ".reports a[href$='nk-12000/']").attr("href"),
        Some("../../claims/nk-12000/")
    );
    assert_eq!(
        rows[0].select(&sel(".badges > li")).count(),
        1,
        "one badge per distinct verdict"
    );
    assert!(rows[1].select(&sel(".report-count")).next().is_none());
    assert_eq!(text(one_in(rows[1], "td.as-of")), "nicht angegeben");
    assert_eq!(rows[1].select(&sel("ol.chain > li")).count(), 2);
    assert_eq!(text(one(&doc, "#unquantified-title")), "Behauptungen ohne Zahl");
    assert_eq!(all(&doc, "#unquantified-title + .claim-list > li").len(), 1);
    assert!(all(&doc, "#unquantified-title + .claim-list .claim-topic").is_empty());
}

#[test]
fn topic_page_with_one_measure_and_no_claims() {
    let mut page = topic_page();
    page.measures.truncate(1);
    let doc = check_page(
        &render(Language::En, "topic.html", &page),
        Language::En,
        "one-measure topic",
    );
    assert!(all(&doc, "nav.toc").is_empty());
    assert_eq!(text(one(&doc, "caption")), "Entsandte Soldaten: the figures compared");
    page.measures.clear();
    page.unquantified.clear();
    let doc = check_page(&render(Language::En, "topic.html", &page), Language::En, "empty topic");
    assert_eq!(text(one(&doc, "p.empty")), "No claims.");
}
