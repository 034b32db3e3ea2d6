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
        license: Some(crate::model::License {
            id: "CC-BY-4.0".into(),
            title: "CC BY 4.0".into(),
            url: Some("https://creativecommons.org/licenses/by/4.0/".into()),
        }),
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
        dataset_html:
            r#"{"@context":"https://schema.org","@type":"Dataset","name":"Nordkoreanische Soldaten in Russland"}"#
                .into(),
        verdicts: counts
            .into_iter()
            .map(|(verdict, count)| VerdictCount {
                explanation_html: format!("<p>Erklärung zu „{}“.</p>", verdict.label),
                url: format!("claims/verdict/{}/", verdict.id),
                percent: count * 25,
                verdict,
                count,
            })
            .collect(),
        highlights: vec![claims()[1].clone()],
        findings: vec![FindingGroup {
            verdict: verdict("falsch", "Falsch", 5),
            count: 3,
            url: "claims/verdict/falsch/".into(),
            claims: vec![claims()[3].clone()],
        }],
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
        independence: IndependenceView {
            count: 2,
            supporting: vec![SupportingOrigin {
                name: "Südkoreanischer Geheimdienst".into(),
                claims: vec![all[1].clone()],
            }],
        },
        violations: vec![violation(&all)],
        graph_svg_html: "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-labelledby=\"g-title\"><title id=\"g-title\">Herkunft</title></svg>".into(),
        graph_list_html: "<ul><li>NATO</li></ul>".into(),
        changes: Vec::new(),
    }
}

/// A constraint violation between the first two claims.
pub(super) fn violation(all: &[ClaimSummary]) -> ViolationView {
    ViolationView {
        text: "etwa 15.000 Soldaten (An der Front), aber bis zu 12.000 Soldaten (Geplant)".into(),
        rule: "„An der Front“ ≤ „Geplant“".into(),
        acknowledged: false,
        claims: all[..2].to_vec(),
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
        independence: IndependenceView {
            count: 1,
            supporting: Vec::new(),
        },
        article_count: articles.len(),
        place_count: reports.len(),
        articles,
        reports,
    }
}

pub(super) fn topic_page() -> TopicPage {
    let all = claims();
    let bar = |label: &str, value_text: &str, value: f64, mark: chart::Mark, reading: bool| chart::Bar {
        label: label.into(),
        value_text: value_text.into(),
        low: value,
        high: value,
        mark,
        reading,
    };
    let groups = [chart::Group {
        heading: None,
        measure: None,
        bars: vec![
            bar(
                "Geheimdienst (ntv, Spiegel)",
                "11.000 Soldaten",
                11_000.0,
                chart::Mark::Value,
                false,
            ),
            bar(
                "Bild",
                "bis zu 100.000 Soldaten",
                100_000.0,
                chart::Mark::Ceiling,
                false,
            ),
            bar(
                "Medien",
                "Tausende (gelesen als mindestens 2.000 Soldaten)",
                2_000.0,
                chart::Mark::Floor,
                true,
            ),
        ],
    }];
    let chart_view = |id: &str, label: &str, heading: &str| {
        let spec = chart::Chart {
            id,
            title: label,
            summary: "Balkendiagramm, alle Balken auf einer gemeinsamen Skala von 0 bis 100.000 Soldaten",
            unit: Some("Soldaten"),
            lang: Language::De,
            scale: chart::Scale::nice(100_000.0, true),
            groups: &groups,
            legend: chart::Legend {
                interval: "schraffiert: Obergrenze",
                floor: "Pfeil: mindestens",
                reading: "gestrichelt: Lesart",
            },
        };
        ChartView {
            id: id.into(),
            heading: heading.into(),
            svg_wide: chart::svg(&spec, chart::Layout::Wide),
            svg_narrow: chart::svg(&spec, chart::Layout::Narrow),
            sources: vec![ChartSource {
                title: "Putin setzt auf Kim".into(),
                url: "sources/spiegel/".into(),
                language: "de".into(),
            }],
            tables: vec![ChartTable {
                id: "entsandt".into(),
                label: "Entsandte Soldaten".into(),
            }],
        }
    };
    let measure = |id: &str, label: &str, rows: Vec<TableRow>| MeasureView {
        id: id.into(),
        label: label.into(),
        description: Some("Soldaten, die Nordkorea nach Russland verlegt hat.".into()),
        unit: None,
        range_label: "Spanne".into(),
        range: "11.000 – bis zu 100.000 Soldaten".into(),
        rows,
        charts: vec![chart_view(&format!("chart-{id}"), label, "")],
        timeline: None,
        rows_by_as_of: Vec::new(),
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
        by_as_of: false,
        overview: vec![chart_view(
            "chart-overview-1",
            "Alle Angaben",
            "Alle Angaben auf einer Skala (Soldaten)",
        )],
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
        violations: vec![violation(&all)],
        graph_svg_html: String::new(),
        graph_list_html: String::new(),
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
        tally: vec![
            TallyEntry {
                verdict: all[0].verdict.clone(),
                count: 1,
                percent: 100,
                url: Some(format!("#verdict-{}", all[0].verdict.id)),
                current: false,
            },
            TallyEntry {
                verdict: verdict("falsch", "Falsch", 5),
                count: 0,
                percent: 0,
                url: None,
                current: false,
            },
        ],
        groups: vec![VerdictGroup {
            verdict: all[0].verdict.clone(),
            claims: vec![all[0].clone()],
        }],
        relayed: vec![all[1].clone()],
    }
}

pub(super) fn claim_filters(current: Option<&str>) -> ClaimFilters {
    let entry = |v: VerdictView, count: usize| TallyEntry {
        current: current == Some(v.id.as_str()),
        url: (count > 0).then(|| format!("claims/verdict/{}/", v.id)),
        percent: count * 25,
        verdict: v,
        count,
    };
    ClaimFilters {
        verdicts: vec![
            entry(belegt(), 2),
            entry(unbelegt(), 2),
            entry(verdict("falsch", "Falsch", 5), 0),
        ],
        topics: vec![TopicLink {
            title: "Truppenstärke".into(),
            url: "topics/truppenstaerke/".into(),
            count: 4,
        }],
        origins: 3,
        claims: 4,
        all_current: current.is_none(),
    }
}

pub(super) fn verdict_page() -> VerdictPage {
    let claims: Vec<ClaimSummary> = claims().into_iter().filter(|c| c.verdict.id == "belegt").collect();
    VerdictPage {
        page: meta(
            PageType::Verdict,
            "claims",
            "../../../",
            "claims/verdict/belegt/",
            "Behauptungen: Belegt",
        ),
        verdict: belegt(),
        explanation_html: "<p>Bestätigt.</p>".into(),
        total: claims.len(),
        pagination: None,
        claims,
        filters: claim_filters(Some("belegt")),
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
        filters: (section == "claims").then(|| claim_filters(None)),
    }
}

pub(super) fn not_found_page() -> NotFoundPage {
    let t = i18n::strings(Language::De);
    NotFoundPage {
        page: meta(PageType::NotFound, "", "/dossier/", "404.html", t["not_found_title"]),
    }
}
