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
    // Its chart in both layouts, each an image with a title and a description, then the
    // source line linking the articles and the tables.
    let figure = one_in(section, "figure.chart-figure#chart-entsandt");
    for layout in ["wide", "narrow"] {
        let svg = one_in(figure, &format!(".chart-{layout} > svg[role=img]"));
        assert_eq!(
            svg.attr("aria-labelledby"),
            Some(format!("chart-entsandt-{layout}-title chart-entsandt-{layout}-desc").as_str())
        );
    }
    assert_eq!(
        text(one_in(figure, "figcaption")),
        "Quellen: Putin setzt auf Kim. Die Zahlen als Tabelle: Entsandte Soldaten."
    );
    assert_eq!(
        one_in(figure, "figcaption a[href^='#']").attr("href"),
        Some("#measure-entsandt-caption")
    );
    let table = one_in(section, "table.comparison");
    assert_eq!(
        text(one_in(table, "caption")),
        "Entsandte Soldaten: die Zahlen im Vergleich"
    );
    let headers: Vec<String> = table.select(&sel("thead th[scope=col]")).map(text).collect();
    assert_eq!(
        headers,
        ["Zahl", "Bewertung", "Stand", "Ursprung", "Berichtet in"],
        "the verdict next to the figure"
    );
    // Every cell names its column, for the card layout on phones.
    for row in table.select(&sel("tbody tr")) {
        let labels: Vec<&str> = row
            .select(&sel("td"))
            .filter_map(|td| td.value().attr("data-label"))
            .collect();
        assert_eq!(labels, ["Bewertung", "Stand", "Ursprung", "Berichtet in"]);
    }
    let rows: Vec<ElementRef<'_>> = table.select(&sel("tbody tr")).collect();
    assert_eq!(rows.len(), 2);
    assert_eq!(
        text(one_in(rows[0], "th[scope=row]")),
        "etwa 11.000 Soldaten / 12.000 Soldaten"
    );
    assert_eq!(
        text(one_in(rows[0], ".report-count")),
        "1 unabhängiger Ursprung, 2 Artikel"
    );
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
    assert_eq!(
        text(one_in(rows[1], ".report-count")),
        "1 unabhängiger Ursprung, 1 Artikel"
    );
    assert_eq!(text(one_in(rows[1], "td.as-of")), "nicht angegeben");
    assert_eq!(rows[1].select(&sel("ol.chain > li")).count(), 2);
    assert_eq!(text(one(&doc, "#unquantified-title")), "Behauptungen ohne Zahl");
    assert_eq!(all(&doc, "#unquantified-title + .claim-list > li").len(), 1);
    // The overview chart of the measures that share a unit, under its own heading.
    let overview = one(&doc, "section.chart-overview");
    assert_eq!(text(one_in(overview, "h2")), "Alle Angaben auf einer Skala (Soldaten)");
    one_in(overview, "figure#chart-overview-1 .chart-wide > svg[role=img]");
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
    page.overview.clear();
    page.unquantified.clear();
    let doc = check_page(&render(Language::En, "topic.html", &page), Language::En, "empty topic");
    assert_eq!(text(one(&doc, "p.empty")), "No claims.");
}
