//! The built-in templates rendered with hand-built contexts and read back as HTML (scraper):
//! what each page shows, its accessibility markup, escaping of hostile text, both languages.
//! The contexts here are the template contract of [`context`](crate::render::context).

use std::collections::{BTreeMap, BTreeSet};

use scraper::{ElementRef, Html, Selector};
use serde::Serialize;

use crate::model::Language;
use crate::render::context::*;
use crate::render::embedded::*;
use crate::render::{PageType, Section, chart, i18n, quotes};

const BASE_URL: &str = "https://example.org/dossier/";
const EVIL: &str = "<script>alert(1)</script>";

fn site(lang: Language) -> Site {
    let t = i18n::strings(lang);
    let nav = |key: &str, url: &str, section: &str| NavLink {
        title: t[key].to_owned(),
        url: url.into(),
        section: section.into(),
    };
    let nav = vec![
        nav("nav_topics", "topics/", "topics"),
        nav("nav_sources", "sources/", "sources"),
        nav("nav_origins", "origins/", "origins"),
        nav("nav_claims", "claims/", "claims"),
        NavLink {
            title: "Methode".into(),
            url: "methode/".into(),
            section: "methode".into(),
        },
    ];
    Site {
        title: "Nordkoreanische Soldaten in Russland".into(),
        description_html: "<p>Wie viele Soldaten hat Nordkorea geschickt? Fünf Artikel im Vergleich.</p>\n".into(),
        description_text: "Wie viele Soldaten hat Nordkorea geschickt? Fünf Artikel im Vergleich.".into(),
        lang: lang.tag().into(),
        base_url: BASE_URL.into(),
        organization_name: "Faktencheck-Werkstatt".into(),
        organization_url: Some("https://example.org/".into()),
        nav,
        t,
    }
}

fn meta(kind: PageType, section: &str, root: &str, path: &str, title: &str) -> PageMeta {
    PageMeta {
        kind,
        section: section.into(),
        title: title.into(),
        description: format!("{title} – Beschreibung"),
        root: root.into(),
        canonical_url: (kind != PageType::NotFound).then(|| format!("{BASE_URL}{path}")),
    }
}

fn verdict(id: &str, label: &str, rank: usize) -> VerdictView {
    VerdictView {
        id: id.into(),
        label: label.into(),
        rank,
        scale_size: 5,
    }
}

fn belegt() -> VerdictView {
    verdict("belegt", "Belegt", 1)
}

fn unbelegt() -> VerdictView {
    verdict("unbelegt", "Unbelegt", 4)
}

fn claim(id: &str, statement: &str, verdict: VerdictView, figure: Option<&str>, outlet: &str) -> ClaimSummary {
    ClaimSummary {
        id: id.into(),
        url: format!("claims/{id}/"),
        statement: statement.into(),
        summary: statement.into(),
        verdict,
        figure: figure.map(Into::into),
        source_title: format!("Putin setzt auf Kim – Bericht von {outlet}"),
        source_language: "de".into(),
        source_outlet: outlet.into(),
        source_url: format!("sources/{}/", outlet.to_lowercase()),
        published: "20. November 2024".into(),
        topic_title: "Truppenstärke".into(),
        topic_url: "topics/truppenstaerke/".into(),
        origin_name: "Bloomberg".into(),
    }
}

fn claims() -> Vec<ClaimSummary> {
    vec![
        claim(
            "nk-11000",
            "Nordkorea hat knapp 11.000 Soldaten nach Russland geschickt.",
            belegt(),
            Some("knapp 11.000 Soldaten"),
            "ntv",
        ),
        claim(
            "nk-12000",
            "Rund 12.000 nordkoreanische Soldaten sind in Russland.",
            belegt(),
            Some("etwa 12.000 Soldaten"),
            "Spiegel",
        ),
        claim(
            "nk-100000",
            "Nordkorea könnte bis zu 100.000 Soldaten schicken.",
            unbelegt(),
            Some("bis zu 100.000 Soldaten"),
            "Bild",
        ),
        claim(
            "nk-kursk",
            &format!("Die Soldaten kämpfen in Kursk {EVIL}"),
            verdict("falsch", "Falsch", 5),
            None,
            "ntv",
        ),
    ]
}

fn chain_steps(with_outlet: bool) -> Vec<ChainStep> {
    let t = i18n::strings(Language::De);
    let mut steps = vec![
        ChainStep {
            name: "Südkoreanischer Geheimdienst".into(),
            url: Some("origins/nis/".into()),
            role: t["chain_origin"].into(),
        },
        ChainStep {
            name: "Bloomberg".into(),
            url: Some("origins/bloomberg/".into()),
            role: t["chain_via"].into(),
        },
    ];
    if with_outlet {
        steps.push(ChainStep {
            name: "ntv".into(),
            url: Some("sources/ntv/".into()),
            role: t["chain_outlet"].into(),
        });
    }
    steps
}

fn source_summary() -> SourceSummary {
    SourceSummary {
        id: "ntv".into(),
        url: "sources/ntv/".into(),
        title: "Putin setzt auf Kim".into(),
        language: "de".into(),
        outlet: "ntv".into(),
        outlet_named: true,
        published: "20. November 2024".into(),
        published_iso: "2024-11-20".into(),
        claim_count: 2,
    }
}

fn topic_summary() -> TopicSummary {
    TopicSummary {
        id: "truppenstaerke".into(),
        url: "topics/truppenstaerke/".into(),
        title: "Truppenstärke".into(),
        question: "Wie viele nordkoreanische Soldaten sind in Russland?".into(),
        claim_count: 4,
        spreads: vec!["Entsandte Soldaten: 11.000 – 100.000".into()],
    }
}

fn origin_summary() -> OriginSummary {
    OriginSummary {
        id: "nis".into(),
        url: "origins/nis/".into(),
        name: "Südkoreanischer Geheimdienst".into(),
        kind: "Geheimdienst".into(),
        claim_count: 1,
        relayed_count: 0,
    }
}

const ARTICLE: &str =
    "Der nordkoreanische Machthaber hat seinen „Freund“ bereits mit knapp 11.000 Soldaten unterstützt.";

fn highlighted(href: Option<String>) -> String {
    let start = ARTICLE.find("knapp").unwrap();
    let end = ARTICLE.find(" unterstützt").unwrap();
    quotes::paragraph_html(
        ARTICLE,
        0..ARTICLE.len(),
        &[quotes::Highlight {
            range: start..end,
            claim_id: "nk-11000",
            href,
            first: true,
        }],
    )
}

fn index_page() -> IndexPage {
    let counts = [
        (belegt(), 2),
        (verdict("ueberwiegend-belegt", "Überwiegend belegt", 2), 0),
        (unbelegt(), 1),
        (verdict("falsch", "Falsch", 5), 1),
    ];
    IndexPage {
        page: meta(PageType::Index, "index", "", "", "Nordkoreanische Soldaten in Russland"),
        topics: vec![topic_summary()],
        sources: vec![source_summary()],
        origins: vec![origin_summary()],
        verdicts: counts
            .into_iter()
            .map(|(verdict, count)| VerdictCount {
                explanation_html: format!("<p>Erklärung zu „{}“.</p>", verdict.label),
                verdict,
                count,
            })
            .collect(),
        counts: Counts {
            claims: 4,
            sources: 1,
            topics: 1,
            origins: 1,
        },
    }
}

fn claim_page() -> ClaimPage {
    let all = claims();
    ClaimPage {
        page: meta(
            PageType::Claim,
            "claims",
            "../../",
            "claims/nk-11000/",
            &all[0].statement,
        ),
        claim: all[0].clone(),
        quote: "knapp 11.000 Soldaten".into(),
        paragraph_html: highlighted(None),
        source_language: "de".into(),
        paragraph_url: "sources/ntv/#p4".into(),
        quantity: Some(QuantityView {
            text: "knapp 11.000 Soldaten".into(),
            number: "11.000".into(),
            qualifier: "knapp".into(),
            unit: Some("Soldaten".into()),
            wording: None,
            measure: "Entsandte Soldaten".into(),
        }),
        as_of: Some("November 2024".into()),
        as_of_iso: Some("2024-11".into()),
        reviewed: Some("1. Dezember 2024".into()),
        reviewed_label: Some("Geprüft am".into()),
        reviewed_iso: Some("2024-12-01".into()),
        chain: chain_steps(true),
        verdict_explanation_html: "<p>Mehrere unabhängige Stellen bestätigen die Zahl.</p>".into(),
        note_html: Some("<p>Die Zahl stammt aus einem <em>Bloomberg</em>-Bericht.</p>".into()),
        links: vec![
            LinkView {
                relation: "contradicts".into(),
                label: "widerspricht".into(),
                claim: all[2].clone(),
            },
            LinkView {
                relation: "same-origin".into(),
                label: "derselbe Ursprung wie".into(),
                claim: all[1].clone(),
            },
        ],
        same_topic: all[1..].to_vec(),
        same_topic_total: 3,
        structured_data_html: r#"{"@type":"ClaimReview","claimReviewed":"\u003c/script\u003e"}"#.into(),
        original_passage_url: Some("https://example.com/a#:~:text=knapp%2011.000%20Soldaten".into()),
        original_url: Some("https://example.com/a".into()),
    }
}

fn source_page() -> SourcePage {
    let all = claims();
    SourcePage {
        page: meta(
            PageType::Source,
            "sources",
            "../../",
            "sources/ntv/",
            "Putin setzt auf Kim",
        ),
        source: SourceView {
            summary: source_summary(),
            author: Some("Jana Beispiel".into()),
            original_url: Some("https://www.n-tv.de/politik/putin-kim-article.html".into()),
            archive_url: Some(
                "https://web.archive.org/web/2024/https://www.n-tv.de/politik/putin-kim-article.html".into(),
            ),
            language: "de".into(),
            file: "seeds/000_5fed95931630f43d.txt".into(),
            text_url: "sources/ntv/article.txt".into(),
            sha256: "5fed95931630f43d".repeat(4),
        },
        paragraphs: vec![
            ParagraphView {
                id: "p1".into(),
                html: "Die Kämpfe in der Ukraine haben ihre 1000-Tage-Marke überschritten.".into(),
            },
            ParagraphView {
                id: "p2".into(),
                html: highlighted(Some("../../claims/nk-11000/".into())),
            },
        ],
        claims: vec![all[0].clone(), all[3].clone()],
    }
}

fn row(figure: &str, reports: Vec<ClaimSummary>, as_of: &str) -> TableRow {
    let mut articles: Vec<ReportingArticle> = Vec::new();
    for report in &reports {
        match articles.iter_mut().find(|a| a.url == report.source_url) {
            Some(article) => article.places.push(report.clone()),
            None => articles.push(ReportingArticle {
                title: report.source_title.clone(),
                language: report.source_language.clone(),
                outlet: report.source_outlet.clone(),
                published: report.published.clone(),
                url: report.source_url.clone(),
                places: vec![report.clone()],
            }),
        }
    }
    TableRow {
        figure: figure.into(),
        as_of: as_of.into(),
        as_of_iso: if as_of.is_empty() {
            String::new()
        } else {
            "2024-11".into()
        },
        chain: chain_steps(false),
        article_count: articles.len(),
        place_count: reports.len(),
        articles,
        reports,
    }
}

fn topic_page() -> TopicPage {
    let all = claims();
    let bars = [
        chart::Bar {
            label: "Geheimdienst (ntv, Spiegel)".into(),
            value_text: "11.000 Soldaten".into(),
            low: 11_000.0,
            high: 11_000.0,
            ceiling: false,
            reading: false,
        },
        chart::Bar {
            label: "Bild".into(),
            value_text: "bis zu 100.000 Soldaten".into(),
            low: 100_000.0,
            high: 100_000.0,
            ceiling: true,
            reading: false,
        },
        chart::Bar {
            label: "Medien".into(),
            value_text: "Tausende (gelesen als mindestens 2.000 Soldaten)".into(),
            low: 2_000.0,
            high: 2_000.0,
            ceiling: false,
            reading: true,
        },
    ];
    let measure = |id: &str, label: &str, rows: Vec<TableRow>| MeasureView {
        id: id.into(),
        label: label.into(),
        description: Some("Soldaten, die Nordkorea nach Russland verlegt hat.".into()),
        unit: None,
        range_label: "Spanne".into(),
        range: "11.000 – bis zu 100.000 Soldaten".into(),
        rows,
        chart_svg: chart::bar_chart(
            &format!("chart-{id}"),
            label,
            &bars,
            chart::Legend {
                ceiling: "schraffiert: Obergrenze",
                reading: "gestrichelt: Lesart",
            },
        ),
    };
    TopicPage {
        page: meta(
            PageType::Topic,
            "topics",
            "../../",
            "topics/truppenstaerke/",
            "Truppenstärke",
        ),
        question: "Wie viele nordkoreanische Soldaten sind in Russland?".into(),
        unit: Some("Soldaten".into()),
        description_html: "<p>Die Angaben gehen weit auseinander.</p>".into(),
        measures: vec![
            measure(
                "entsandt",
                "Entsandte Soldaten",
                vec![
                    row(
                        "etwa 11.000 Soldaten / 12.000 Soldaten",
                        vec![all[0].clone(), all[1].clone()],
                        "November 2024",
                    ),
                    row("bis zu 100.000 Soldaten", vec![all[2].clone()], ""),
                ],
            ),
            measure(
                "getoetet",
                "Getötete",
                vec![row("mehr als 200 Soldaten", vec![all[2].clone()], "November 2024")],
            ),
        ],
        unquantified: vec![all[3].clone()],
        claim_count: 4,
    }
}

fn origin_page() -> OriginPage {
    let all = claims();
    OriginPage {
        page: meta(
            PageType::Origin,
            "origins",
            "../../",
            "origins/nis/",
            "Südkoreanischer Geheimdienst",
        ),
        kind: "Geheimdienst".into(),
        description: "Der National Intelligence Service Südkoreas.".into(),
        claims: vec![all[0].clone()],
        relayed: vec![all[1].clone()],
    }
}

fn markdown_page() -> MarkdownPage {
    MarkdownPage {
        page: meta(PageType::Markdown, "methode", "../", "methode/", "Methode"),
        body_html: "<p>So prüfen wir.</p>\n<h2>Quellen</h2>\n<p>Fünf Artikel.</p>\n".into(),
        verdict_scale: vec![
            VerdictRating {
                verdict: belegt(),
                rating_value: Some(4),
                rating_text: "4".into(),
                explanation_html: "<p>Bestätigt.</p>".into(),
            },
            VerdictRating {
                verdict: unbelegt(),
                rating_value: None,
                rating_text: "keine".into(),
                explanation_html: "<p>Nicht prüfbar.</p>".into(),
            },
        ],
        rating_bounds: Some(RatingBounds { best: 4, worst: 4 }),
    }
}

fn list_page(section: &str) -> ListPage {
    let title = match section {
        "claims" => "Behauptungen",
        "sources" => "Quellen",
        "topics" => "Themen",
        _ => "Ursprünge",
    };
    let claims = if section == "claims" { claims() } else { vec![] };
    ListPage {
        page: meta(PageType::List, section, "../", &format!("{section}/"), title),
        total: claims.len().max(1),
        // The claims overview shows page 3 of 9, with its links to the others.
        pagination: (section == "claims")
            .then(|| Pagination::new(Section::Claims, 2, 9))
            .flatten(),
        claims,
        sources: if section == "sources" {
            vec![source_summary()]
        } else {
            vec![]
        },
        topics: if section == "topics" {
            vec![topic_summary()]
        } else {
            vec![]
        },
        origins: if section == "origins" {
            vec![origin_summary()]
        } else {
            vec![]
        },
    }
}

fn not_found_page() -> NotFoundPage {
    let t = i18n::strings(Language::De);
    NotFoundPage {
        page: meta(PageType::NotFound, "", "/dossier/", "404.html", t["not_found_title"]),
    }
}

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
    render_context(lang, template, &tera::Context::from_serialize(page).unwrap())
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
        .collect();
    assert_eq!(
        files,
        names.iter().map(|n| n.to_string()).collect(),
        "TEMPLATES lists every file of templates/"
    );
    let statics: BTreeMap<&str, &[u8]> = STATIC_FILES.iter().copied().collect();
    assert_eq!(statics.keys().copied().collect::<Vec<_>>(), ["search.js", "style.css"]);
    assert!(
        std::str::from_utf8(statics["style.css"])
            .unwrap()
            .contains("prefers-color-scheme: dark")
    );
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
    let rows = all(&doc, ".verdict-table tbody tr");
    assert_eq!(rows.len(), 4);
    assert_eq!(text(one_in(rows[1], "th .verdict")), "Überwiegend belegt");
    assert_eq!(text(one_in(rows[0], "td.num")), "2");
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

fn one_in<'a>(element: ElementRef<'a>, selector: &str) -> ElementRef<'a> {
    let found: Vec<ElementRef<'a>> = element.select(&sel(selector)).collect();
    assert_eq!(found.len(), 1, "expected one `{selector}` in {}", element.html());
    found[0]
}

#[test]
fn verdict_badges_carry_label_id_rank_and_tone() {
    let html = render(Language::De, "index.html", &index_page());
    let doc = Html::parse_document(&html);
    let badges = all(&doc, ".verdict-table .verdict");
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

#[test]
fn claim_page_shows_quote_figure_chain_links_and_topic() {
    let html = render(Language::De, "claim.html", &claim_page());
    let doc = check_page(&html, Language::De, "claim");
    assert_eq!(
        text(one(&doc, "h1")),
        "Nordkorea hat knapp 11.000 Soldaten nach Russland geschickt."
    );
    assert_eq!(text(one(&doc, ".verdict-line")), "Bewertung: Belegt");
    let quote = one(&doc, "figure.quote blockquote");
    assert_eq!(quote.attr("cite"), Some("../../sources/ntv/#p4"));
    assert_eq!(quote.attr("lang"), Some("de"));
    assert_eq!(text(one_in(quote, "p > mark.quote")), "knapp 11.000 Soldaten");
    assert_eq!(one(&doc, "a.to-paragraph").attr("href"), Some("../../sources/ntv/#p4"));
    let facts: BTreeMap<String, String> = all(&doc, "dl.facts > div")
        .into_iter()
        .map(|d| (text(one_in(d, "dt")), text(one_in(d, "dd"))))
        .collect();
    assert_eq!(facts["Zahl"], "knapp 11.000 Soldaten");
    assert_eq!(facts["Messgröße"], "Entsandte Soldaten");
    assert_eq!(facts["Stand"], "November 2024");
    assert_eq!(
        facts["Herkunft"],
        "Ursprung: Südkoreanischer Geheimdienst über Bloomberg veröffentlicht von ntv"
    );
    assert_eq!(facts["Thema"], "Truppenstärke");
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
    let related = all(&doc, ".related-list > li");
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
        format!(
            "{} – Nordkoreanische Soldaten in Russland",
            claim_page().claim.statement
        )
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
    assert!(all(&doc, ".note, .related-list, .verdict-explanation, p.more").is_empty());
    let terms: Vec<String> = all(&doc, "dl.facts dt").into_iter().map(text).collect();
    assert_eq!(terms, ["Attribution", "Source", "Topic"]);
}

#[test]
fn claim_quote_is_in_the_language_of_its_article() {
    let mut page = claim_page();
    page.source_language = "en".into();
    let doc = Html::parse_document(&render(Language::De, "claim.html", &page));
    assert_eq!(one(&doc, "blockquote").attr("lang"), Some("en"));
}

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
        reports[1], "Putin setzt auf Kim – Bericht von Spiegel Spiegel, 20. November 2024 Belegt",
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

#[test]
fn markdown_page_keeps_its_html() {
    let doc = check_page(
        &render(Language::De, "page.html", &markdown_page()),
        Language::De,
        "page",
    );
    assert_eq!(text(one(&doc, "article .prose h2")), "Quellen");
    let ratings: Vec<String> = all(&doc, ".rating-scale tbody tr")
        .iter()
        .map(|row| format!("{} {}", text(one_in(*row, "td.num")), text(one_in(*row, ".verdict"))))
        .collect();
    assert_eq!(ratings, ["4 Belegt", "keine Unbelegt"]);
    assert_eq!(text(one(&doc, "nav [aria-current=page]")), "Methode");
}

#[test]
fn not_found_page_works_at_any_depth() {
    let html = render(Language::De, "404.html", &not_found_page());
    let doc = check_page(&html, Language::De, "404");
    assert_eq!(text(one(&doc, "h1")), "Seite nicht gefunden");
    assert_eq!(
        one(&doc, "link[rel=stylesheet][href$='style.css']").attr("href"),
        Some("/dossier/static/style.css")
    );
    assert_eq!(one(&doc, "main a").attr("href"), Some("/dossier/"));
    assert_eq!(all(&doc, "nav a")[0].attr("href"), Some("/dossier/topics/"));
    assert!(all(&doc, "nav [aria-current], link[rel=canonical]").is_empty());
}

#[test]
fn english_pages_use_english_strings() {
    let doc = Html::parse_document(&render(Language::En, "claim.html", &claim_page()));
    assert_eq!(text(one(&doc, ".skip-link")), "Skip to content");
    assert_eq!(text(one(&doc, "#quote-title")), "The quote in context");
    assert_eq!(one(&doc, "meta[property='og:locale']").attr("content"), Some("en_GB"));
    let doc = Html::parse_document(&render(Language::En, "topic.html", &topic_page()));
    assert_eq!(text(one(&doc, ".report-count")), "1 origin, 2 articles");
}

/// Writes the sample pages as a site, for a look in a browser or a run of an HTML checker:
/// `DOSSIER_SAMPLE_DIR=/tmp/sample cargo test --lib render::embedded -- --ignored`.
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
    assert_eq!(text(footer), "Herausgegeben von Faktencheck-Werkstatt");
    assert_eq!(one_in(footer, "a").attr("href"), Some("https://example.org/"));
}
