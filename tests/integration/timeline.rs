//! Figures over time (issue #16, item 5): per measure a timeline (one series per origin, month
//! dates as spans, qualifiers as intervals and open ends, the latest figure per origin marked,
//! the key as text), and the topic's tables in a second, static ordering by as-of date. On a
//! fixture dossier and on the example; the phone layout is in `reader_topic`'s browser test.

use std::path::Path;

use crate::fixture::{CONFIG, Fixture};

const TOPICS: &str = r#"- id: truppen
  title: "Truppen"
  question: "Wie viele Soldaten?"
  unit: "Soldaten"
  measures:
    - id: entsandt
      label: "Entsandt"
    - id: geplant
      label: "Geplant"
- id: ohne-stand
  title: "Ohne Stand"
  question: "Wie viele, undatiert?"
  unit: "Soldaten"
  measures:
    - id: zahl
      label: "Zahl"
"#;

const ORIGINS: &str = r#"- id: nato
  name: "NATO"
  kind: organization
- id: nis
  name: "Südkoreanischer Geheimdienst"
  kind: intelligence
"#;

const ARTICLE: &str = "Truppen im Überblick\n\nIm Oktober zählte die NATO 7.000 Soldaten. Inzwischen seien es etwa 11.000 Soldaten, so die NATO. Der Geheimdienst nennt mehr als 3.000 Soldaten. Geplant seien bis zu 12.000 Soldaten. Insgesamt sind 5.000 Soldaten im Land. Weitere 900 Soldaten folgen.\n";

const SOURCE: &str = r#"id: artikel
file: seeds/artikel.txt
title: "Truppen im Überblick"
outlet: "Testblatt"
published: 2024-11-20
language: de
exclude:
  - lines: 1
    reason: "Titelzeile"
claims:
  - id: nato-11000
    quote: "Inzwischen seien es etwa 11.000 Soldaten, so die NATO."
    statement: "Laut NATO sind etwa 11.000 Soldaten entsandt."
    topic: truppen
    quantity: { value: 11000, qualifier: about, measure: entsandt }
    as_of: 2024-11
    origin: nato
    verdict: unbelegt
  - id: nato-7000
    quote: "Im Oktober zählte die NATO 7.000 Soldaten."
    statement: "Laut NATO waren im Oktober 7.000 Soldaten entsandt."
    topic: truppen
    quantity: { value: 7000, measure: entsandt }
    as_of: 2024-10-20
    origin: nato
    verdict: unbelegt
  - id: nis-3000
    quote: "Der Geheimdienst nennt mehr als 3.000 Soldaten."
    statement: "Laut Geheimdienst sind mehr als 3.000 Soldaten entsandt."
    topic: truppen
    quantity: { value: 3000, qualifier: more-than, measure: entsandt }
    as_of: 2024-11-02
    origin: nis
    verdict: unbelegt
  - id: nis-12000
    quote: "Geplant seien bis zu 12.000 Soldaten."
    statement: "Laut Geheimdienst sind bis zu 12.000 Soldaten geplant."
    topic: truppen
    quantity: { value: 12000, qualifier: up-to, measure: geplant }
    as_of: 2024-11-05
    origin: nis
    verdict: unbelegt
  - id: artikel-5000
    quote: "Insgesamt sind 5.000 Soldaten im Land."
    statement: "Laut Artikel sind 5.000 Soldaten im Land."
    topic: truppen
    quantity: { value: 5000, measure: entsandt }
    origin: article
    verdict: unbelegt
  - id: artikel-900
    quote: "Weitere 900 Soldaten folgen."
    statement: "Laut Artikel folgen 900 Soldaten."
    topic: ohne-stand
    quantity: { value: 900, measure: zahl }
    origin: article
    verdict: unbelegt
"#;

/// A dossier of one article: NATO's 7.000 (20 October) and about 11.000 (November, a month
/// only), the intelligence service's "more than 3.000" (2 November) and "up to 12.000" planned
/// (5 November), the article's own undated 5.000; a second topic with an undated figure only.
fn timeline_fixture() -> Fixture {
    one_article(SOURCE, ARTICLE)
}

/// A built dossier of one article, `artikel`, with this annotation file and text, and the
/// topics and origins above.
fn one_article(source: &str, article: &str) -> Fixture {
    let fixture = Fixture::new();
    std::fs::remove_file(fixture.path("content/sources/a.yaml")).unwrap();
    std::fs::remove_file(fixture.path("content/sources/b.yaml")).unwrap();
    fixture.write("dossier.yaml", CONFIG);
    fixture.write("content/topics.yaml", TOPICS);
    fixture.write("content/origins.yaml", ORIGINS);
    fixture.write("content/sources/artikel.yaml", source);
    fixture.write("seeds/artikel.txt", article);
    fixture.build();
    fixture
}

#[test]
fn a_timeline_per_measure_has_one_series_per_origin_and_its_key_as_text() {
    let fixture = timeline_fixture();
    let page = fixture.page("topics/truppen/index.html");
    // In the measure's section, after its table; one per measure with a dated figure.
    assert_eq!(
        page.texts("#measure-entsandt .timeline-section h3"),
        ["Zeitverlauf: Entsandt"]
    );
    assert_eq!(
        page.texts("#measure-geplant .timeline-section h3"),
        ["Zeitverlauf: Geplant"]
    );
    // The key: each origin in order of first appearance, its figures by date through the one
    // figure formatter, the latest marked; the undated figure named as not drawn.
    assert_eq!(
        page.texts("#timeline-entsandt .timeline-origin"),
        ["NATO", "Südkoreanischer Geheimdienst"]
    );
    assert_eq!(
        page.texts("#timeline-entsandt .timeline-series > li > ul > li"),
        [
            "20. Oktober 2024: 7.000 Soldaten",
            "November 2024: etwa 11.000 Soldaten (neueste Angabe)",
            "2. November 2024: mehr als 3.000 Soldaten (neueste Angabe)",
        ]
    );
    assert_eq!(
        page.attrs("#timeline-entsandt .timeline-series time", "datetime"),
        ["2024-10-20", "2024-11", "2024-11-02"]
    );
    assert_eq!(
        page.texts("#timeline-entsandt .timeline-undated + ul li"),
        ["5.000 Soldaten (der Artikel selbst)"]
    );
    // The drawing: two series, the month as a span, the floor as an arrow, one ring per origin,
    // the undated figure not drawn; the ceiling of the planned figure as an interval from 0.
    for layout in ["wide", "narrow"] {
        let svg = format!("#timeline-entsandt svg.timeline-{layout}");
        assert_eq!(page.texts(&format!("{svg} g.timeline-series")).len(), 2, "{layout}");
        assert_eq!(
            page.attrs(&format!("{svg} g.timeline-point"), "data-value"),
            ["7000", "11000", "3000"]
        );
        assert_eq!(page.texts(&format!("{svg} .timeline-span")).len(), 1, "{layout}");
        assert_eq!(page.texts(&format!("{svg} .timeline-arrow")).len(), 1, "{layout}");
        assert_eq!(
            page.texts(&format!("{svg} circle.timeline-latest")).len(),
            2,
            "{layout}"
        );
        assert_eq!(
            page.texts(&format!(
                "#timeline-geplant svg.timeline-{layout} rect.timeline-interval"
            ))
            .len(),
            1
        );
    }
    assert_eq!(
        page.texts("#timeline-entsandt svg.timeline-wide text.chart-value"),
        ["etwa 11.000 Soldaten", "mehr als 3.000 Soldaten"],
        "the latest figure of each origin, labelled whole"
    );
    let desc = page.text("#timeline-entsandt svg.timeline-wide desc");
    assert!(
        desc.contains("NATO: 20. Oktober 2024: 7.000 Soldaten; November 2024: etwa 11.000 Soldaten (neueste Angabe)"),
        "{desc}"
    );
    // A topic whose figures have no date has no timeline and no second ordering.
    let undated = fixture.page("topics/ohne-stand/index.html");
    assert!(undated.texts(".timeline-section").is_empty());
    assert!(undated.texts("#by-as-of").is_empty());
    assert!(undated.texts(".table-order").is_empty());
}

#[test]
fn the_tables_have_a_second_static_ordering_by_as_of_linked_from_each_table() {
    let fixture = timeline_fixture();
    let page = fixture.page("topics/truppen/index.html");
    // A measure with two or more dated rows links to its own table ordered by as-of date; one
    // with a single dated row has nothing to order.
    assert_eq!(
        page.attrs("#measure-entsandt .table-order a", "href"),
        ["#by-as-of-entsandt"]
    );
    assert!(page.attrs("#measure-geplant .table-order a", "href").is_empty());
    // One table per measure, never two measures in one: figures of different measures count
    // different things.
    assert_eq!(page.attrs("#by-as-of table", "id"), ["by-as-of-entsandt"]);
    // Its rows, earliest first (a month counts from its first day), undated last, each with
    // its independent origins and a way back to the table.
    assert_eq!(
        page.texts("#by-as-of-entsandt tbody th.figure"),
        [
            "7.000 Soldaten",
            "etwa 11.000 Soldaten",
            "mehr als 3.000 Soldaten",
            "5.000 Soldaten"
        ]
    );
    assert_eq!(
        page.texts("#by-as-of-entsandt tbody td.as-of"),
        [
            "20. Oktober 2024",
            "November 2024",
            "2. November 2024",
            "nicht angegeben"
        ]
    );
    for count in page.texts("#by-as-of-entsandt tbody .report-count") {
        assert_eq!(count, "1 unabhängiger Ursprung, 1 Artikel");
    }
    assert_eq!(
        page.attrs("#by-as-of-entsandt tbody .reported-in a", "href"),
        ["#measure-entsandt"; 4]
    );
    // The measure's own table keeps its order (first appearance in the article).
    assert_eq!(
        page.texts("#measure-entsandt tbody th.figure"),
        [
            "etwa 11.000 Soldaten",
            "7.000 Soldaten",
            "mehr als 3.000 Soldaten",
            "5.000 Soldaten"
        ]
    );
}

#[test]
fn every_example_topic_page_has_its_graph_and_a_timeline_for_each_measure_with_dated_figures() {
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("site");
    let run = std::process::Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args(["build", "--root"])
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")))
        .arg("--output")
        .arg(&site)
        .output()
        .unwrap();
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    let mut timelines = 0;
    for entry in std::fs::read_dir(site.join("topics")).unwrap() {
        let entry = entry.unwrap();
        if !entry.file_type().unwrap().is_dir() {
            continue;
        }
        let html = std::fs::read_to_string(entry.path().join("index.html")).unwrap();
        let doc = scraper::Html::parse_document(&html);
        let select = |css: &str| doc.select(&scraper::Selector::parse(css).unwrap()).collect::<Vec<_>>();
        let name = entry.file_name().into_string().unwrap();
        assert_eq!(select("svg.provenance-graph").len(), 1, "{name}: graph");
        for measure in select("section.measure[id^=measure-]") {
            let dated = measure
                .select(&scraper::Selector::parse("table.comparison td.as-of time").unwrap())
                .next()
                .is_some();
            let timeline = measure
                .select(&scraper::Selector::parse(".timeline-section svg.timeline").unwrap())
                .count();
            let id = measure.value().attr("id").unwrap();
            assert_eq!(
                timeline,
                if dated { 2 } else { 0 },
                "{name} {id}: wide and narrow timeline"
            );
            timelines += usize::from(dated);
        }
    }
    assert!(timelines >= 15, "{timelines}");
    // North Korean troops: the figures sent, each origin's latest marked, read as the source
    // says ("Tausende", read as at least 2.000; "knapp 11.000").
    let troops = std::fs::read_to_string(site.join("topics/nordkoreanische-truppen/index.html")).unwrap();
    let doc = scraper::Html::parse_document(&troops);
    let entries: Vec<String> = doc
        .select(&scraper::Selector::parse("#timeline-entsandt .timeline-series > li > ul > li").unwrap())
        .map(|e| crate::fixture::normalize(&e.text().collect::<String>()))
        .collect();
    assert_eq!(
        entries,
        [
            "November 2024: Tausende (gelesen als mindestens 2.000 Soldaten) (neueste Angabe)",
            "November 2024: knapp 11.000 Soldaten (neueste Angabe)"
        ]
    );
}

/// The second ordering counts what reports a figure as the first does: when one article reports
/// it in two passages (two claims of one same-origin group), both tables say "1 Artikel, 2
/// Stellen" (before, the as-of table dropped the passages and showed less than the table it
/// orders).
#[test]
fn the_as_of_table_counts_the_passages_of_a_figure_as_the_main_table_does() {
    let again = r#"  - id: nato-7000-wieder
    quote: "Die NATO bleibt bei 7.000 Soldaten im Oktober."
    statement: "Laut NATO waren im Oktober 7.000 Soldaten entsandt."
    topic: truppen
    quantity: { value: 7000, measure: entsandt }
    as_of: 2024-10-20
    origin: nato
    verdict: unbelegt
    related:
      - { claim: nato-7000, relation: same-origin }
"#;
    let fixture = one_article(
        &format!("{SOURCE}{again}"),
        &format!("{ARTICLE}Die NATO bleibt bei 7.000 Soldaten im Oktober.\n"),
    );
    let page = fixture.page("topics/truppen/index.html");
    let row_count = |table: &str| -> String {
        let figures = page.texts(&format!("{table} tbody th.figure"));
        let counts = page.texts(&format!("{table} tbody .report-count"));
        let at = figures
            .iter()
            .position(|f| f == "7.000 Soldaten")
            .expect("the 7.000 row");
        counts[at].clone()
    };
    assert_eq!(
        row_count("#measure-entsandt table"),
        "1 unabhängiger Ursprung, 1 Artikel, 2 Stellen"
    );
    assert_eq!(
        row_count("#by-as-of-entsandt"),
        "1 unabhängiger Ursprung, 1 Artikel, 2 Stellen"
    );
}
