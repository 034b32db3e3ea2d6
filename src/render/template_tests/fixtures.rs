//! Hand-built page contexts: the template contract of [`context`](crate::render::context),
//! filled with German sample data (and hostile text where escaping is tested).

use crate::model::Language;
use crate::render::context::*;
use crate::render::{PageType, Section, chart, i18n, quotes};

pub(super) const BASE_URL: &str = "https://example.org/dossier/";
pub(super) const EVIL: &str = "<script>alert(1)</script>";

pub(super) fn site(lang: Language) -> Site {
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

pub(super) fn meta(kind: PageType, section: &str, root: &str, path: &str, title: &str) -> PageMeta {
    PageMeta {
        kind,
        section: section.into(),
        title: title.into(),
        description: format!("{title} – Beschreibung"),
        root: root.into(),
        canonical_url: (kind != PageType::NotFound).then(|| format!("{BASE_URL}{path}")),
        image: None,
    }
}

pub(super) fn verdict(id: &str, label: &str, rank: usize) -> VerdictView {
    VerdictView {
        id: id.into(),
        label: label.into(),
        rank,
        scale_size: 5,
    }
}

pub(super) fn belegt() -> VerdictView {
    verdict("belegt", "Belegt", 1)
}

pub(super) fn unbelegt() -> VerdictView {
    verdict("unbelegt", "Unbelegt", 4)
}

pub(super) fn claim(
    id: &str,
    statement: &str,
    verdict: VerdictView,
    figure: Option<&str>,
    outlet: &str,
) -> ClaimSummary {
    ClaimSummary {
        id: id.into(),
        url: format!("claims/{id}/"),
        statement: statement.into(),
        summary: statement.into(),
        verdict,
        figure: figure.map(Into::into),
        source_title: format!("Putin setzt auf Kim – Bericht von {outlet}"),
        source_label: Some("Artikel 002".into()),
        source_language: "de".into(),
        source_outlet: outlet.into(),
        source_url: format!("sources/{}/", outlet.to_lowercase()),
        published: "20. November 2024".into(),
        topic_title: "Truppenstärke".into(),
        topic_url: "topics/truppenstaerke/".into(),
        origin_name: "Bloomberg".into(),
    }
}

pub(super) fn claims() -> Vec<ClaimSummary> {
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

pub(super) fn chain_steps(with_outlet: bool) -> Vec<ChainStep> {
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

pub(super) fn source_summary() -> SourceSummary {
    SourceSummary {
        id: "ntv".into(),
        url: "sources/ntv/".into(),
        title: "Putin setzt auf Kim".into(),
        label: Some("Artikel 002".into()),
        language: "de".into(),
        outlet: "ntv".into(),
        outlet_named: true,
        published: "20. November 2024".into(),
        published_iso: "2024-11-20".into(),
        claim_count: 2,
    }
}

pub(super) fn topic_summary() -> TopicSummary {
    TopicSummary {
        id: "truppenstaerke".into(),
        url: "topics/truppenstaerke/".into(),
        title: "Truppenstärke".into(),
        question: "Wie viele nordkoreanische Soldaten sind in Russland?".into(),
        claim_count: 4,
        spreads: vec!["Entsandte Soldaten: 11.000 – 100.000".into()],
    }
}

pub(super) fn origin_summary() -> OriginSummary {
    OriginSummary {
        id: "nis".into(),
        url: "origins/nis/".into(),
        name: "Südkoreanischer Geheimdienst".into(),
        kind: "Geheimdienst".into(),
        claim_count: 1,
        relayed_count: 0,
    }
}

pub(super) const ARTICLE: &str =
    "Der nordkoreanische Machthaber hat seinen „Freund“ bereits mit knapp 11.000 Soldaten unterstützt.";

pub(super) fn highlighted(href: Option<String>) -> String {
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
            verdict: None,
        }],
    )
}

pub(super) fn index_page() -> IndexPage {
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

pub(super) fn claim_page() -> ClaimPage {
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
        conclusion: Some("Zwei unabhängige Ursprünge nennen dieselbe Zahl.".into()),
        figures_compared: true,
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

pub(super) fn source_page() -> SourcePage {
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

pub(super) fn row(figure: &str, reports: Vec<ClaimSummary>, as_of: &str) -> TableRow {
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

pub(super) fn topic_page() -> TopicPage {
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

pub(super) fn origin_page() -> OriginPage {
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

pub(super) fn markdown_page() -> MarkdownPage {
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

pub(super) fn list_page(section: &str) -> ListPage {
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

pub(super) fn not_found_page() -> NotFoundPage {
    let t = i18n::strings(Language::De);
    NotFoundPage {
        page: meta(PageType::NotFound, "", "/dossier/", "404.html", t["not_found_title"]),
    }
}
