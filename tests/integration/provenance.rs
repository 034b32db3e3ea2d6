//! Provenance (issue #16): independent origins counted per figure and claim, verdict rules,
//! constraints between measures, suggested links; on the fixture dossier (one file per rule)
//! and on the example.

use std::path::Path;

use crate::fixture::{Fixture, normalize};

/// An article with figures of several origins (line 1 is its headline).
const ARTICLE_C: &str = "Lage an der Front\n\nLaut NATO stehen etwa 15.000 Soldaten an der Front. Der Geheimdienst sagt, bis zu 12.000 Soldaten seien insgesamt geplant. Die NATO wiederholt: etwa 15.000 Soldaten kämpfen an der Front.\n";

/// A second article: Reuters relays the NATO figure; a ministry gives its own.
const ARTICLE_D: &str = "Reuters meldet unter Berufung auf die NATO 14.000 Soldaten an der Front. Das Ministerium spricht von 30.000 Soldaten an der Front.\n";

const TOPICS: &str = r#"- id: nk-truppen
  title: "Nordkoreanische Truppen in Russland"
  question: "Wie viele nordkoreanische Soldaten sind in Russland?"
  unit: "Soldaten"
  measures:
    - id: entsandt
      label: "Entsandt"
    - id: geplant
      label: "Geplant (Obergrenze)"
    - id: front
      label: "An der Front"
  constraints:
    - front <= geplant
- id: ru-staerke
  title: "Russische Truppenstärke"
  question: "Wie groß ist Russlands Armee?"
  unit: "Soldaten"
  measures:
    - id: aktiv
      label: "Aktive Soldaten"
"#;

const ORIGINS: &str = r#"- id: bloomberg
  name: "Bloomberg"
  kind: media
- id: putin
  name: "Wladimir Putin"
  kind: person
- id: ny-post
  name: "New York Post"
  kind: media
- id: nato
  name: "NATO"
  kind: organization
- id: nis
  name: "Südkoreanischer Geheimdienst"
  kind: intelligence
- id: reuters
  name: "Reuters"
  kind: media
- id: ministerium
  name: "Ministerium"
  kind: government
"#;

const SOURCE_C: &str = r#"id: artikel-c
file: seeds/c.txt
title: "Lage an der Front"
outlet: "Drittblatt"
published: 2024-11-20
language: de
exclude:
  - lines: 1
    reason: "Titelzeile"
claims:
  - id: nato-15000
    quote: "Laut NATO stehen etwa 15.000 Soldaten an der Front."
    statement: "Laut NATO stehen etwa 15.000 Soldaten an der Front."
    topic: nk-truppen
    quantity: { value: 15000, qualifier: about, measure: front }
    as_of: 2024-11
    origin: nato
    verdict: unbelegt
    related:
      - claim: nato-15000-wieder
        relation: same-origin
  - id: nis-12000
    quote: "bis zu 12.000 Soldaten seien insgesamt geplant"
    statement: "Laut Geheimdienst sind bis zu 12.000 Soldaten geplant."
    topic: nk-truppen
    quantity: { value: 12000, qualifier: up-to, measure: geplant }
    as_of: 2024-11
    origin: nis
    verdict: unbelegt
  - id: nato-15000-wieder
    quote: "Die NATO wiederholt: etwa 15.000 Soldaten kämpfen an der Front."
    statement: "Die NATO wiederholt: etwa 15.000 Soldaten an der Front."
    topic: nk-truppen
    quantity: { value: 15000, qualifier: about, measure: front }
    as_of: 2024-11
    origin: nato
    verdict: unbelegt
"#;

const SOURCE_D: &str = r#"id: artikel-d
file: seeds/d.txt
title: "Reuters zur Front"
outlet: "Viertblatt"
published: 2024-11-22
language: de
claims:
  - id: reuters-14000
    quote: "Reuters meldet unter Berufung auf die NATO 14.000 Soldaten an der Front."
    statement: "Laut NATO, über Reuters, stehen 14.000 Soldaten an der Front."
    topic: nk-truppen
    quantity: { value: 14000, measure: front }
    as_of: 2024-11
    origin: nato
    via: [reuters]
    verdict: unbelegt
  - id: ministerium-30000
    quote: "Das Ministerium spricht von 30.000 Soldaten an der Front."
    statement: "Laut Ministerium stehen 30.000 Soldaten an der Front."
    topic: nk-truppen
    quantity: { value: 30000, measure: front }
    as_of: 2024-11
    origin: ministerium
    verdict: unbelegt
"#;

/// The fixture dossier with articles C and D: a constraint `front <= geplant` that NATO's
/// 15.000 break against "bis zu 12.000", a NATO figure relayed by Reuters in another article, and
/// a ministry's 30.000 against NATO's 15.000.
fn provenance_fixture() -> Fixture {
    let fixture = Fixture::new();
    fixture.write("content/topics.yaml", TOPICS);
    fixture.write("content/origins.yaml", ORIGINS);
    fixture.write("content/sources/c.yaml", SOURCE_C);
    fixture.write("content/sources/d.yaml", SOURCE_D);
    fixture.write("seeds/c.txt", ARTICLE_C);
    fixture.write("seeds/d.txt", ARTICLE_D);
    fixture
}

/// The warnings of `dossier check` (exit 0), one string each with its location line.
fn check_warnings(fixture: &Fixture) -> String {
    let run = fixture.run(&["check"]);
    run.succeeds();
    run.stderr
}

/// Line and column (1-based) of the first occurrence of `needle` in `text`, after `after`.
fn line_col(text: &str, after: &str, needle: &str) -> (usize, usize) {
    let start = text.find(after).expect("anchor");
    let at = start + text[start..].find(needle).expect("needle");
    let line = text[..at].matches('\n').count() + 1;
    let column = text[..at].rsplit('\n').next().unwrap().chars().count() + 1;
    (line, column)
}

#[test]
fn independence_counts_origins_not_articles_or_places() {
    let fixture = provenance_fixture();
    // NATO's 15.000 twice in one article (same-origin): one origin, one article, two places.
    // The ministry's 30.000 is supported by NATO via Reuters and by NATO itself: those share
    // the link NATO, so two independent origins stand behind it, not three.
    fixture.edit(
        "content/sources/c.yaml",
        "      - claim: nato-15000-wieder\n        relation: same-origin\n",
        "      - claim: nato-15000-wieder\n        relation: same-origin\n      - claim: ministerium-30000\n        relation: supports\n      - claim: nis-12000\n        relation: contradicts\n",
    );
    fixture.edit(
        "content/sources/d.yaml",
        "    via: [reuters]\n    verdict: unbelegt\n",
        "    via: [reuters]\n    verdict: unbelegt\n    related:\n      - claim: ministerium-30000\n        relation: supports\n      - claim: nato-15000\n        relation: same-origin\n",
    );
    fixture.edit(
        "content/sources/d.yaml",
        "    origin: ministerium\n    verdict: unbelegt\n",
        "    origin: ministerium\n    verdict: unbelegt\n",
    );
    fixture.build();
    let topic = fixture.page("topics/nk-truppen/index.html");
    let counts = topic.texts("#measure-front .report-count");
    assert!(
        counts.contains(&"1 unabhängiger Ursprung, 2 Artikel, 3 Stellen".to_owned()),
        "NATO's row: one origin in two articles, three places: {counts:?}"
    );
    assert!(
        counts.contains(&"2 unabhängige Ursprünge, 1 Artikel".to_owned()),
        "the ministry's row: its own origin and NATO (direct and via Reuters, one origin): {counts:?}"
    );
    let supporting = topic.texts("#measure-front .supporting-origins");
    assert_eq!(supporting.len(), 1, "{supporting:?}");
    assert!(supporting[0].starts_with("gestützt von: NATO"), "{supporting:?}");
    let claim = fixture.page("claims/ministerium-30000/index.html");
    assert_eq!(claim.text(".independence-count"), "2 unabhängige Ursprünge");
    // Exported: a column in claims.csv and a field in claims.json.
    let csv = fixture.read("public/claims.csv");
    let mut reader = csv::Reader::from_reader(csv.trim_start_matches('\u{feff}').as_bytes());
    let headers = reader.headers().unwrap().clone();
    let column = headers.iter().position(|h| h == "independent_origins").expect("column");
    let id = headers.iter().position(|h| h == "id").unwrap();
    let by_id: std::collections::BTreeMap<String, String> = reader
        .records()
        .map(|r| r.unwrap())
        .map(|r| (r[id].to_owned(), r[column].to_owned()))
        .collect();
    assert_eq!(by_id["ministerium-30000"], "2");
    assert_eq!(by_id["nato-15000"], "1");
    assert_eq!(by_id["reuters-14000"], "1");
    let json: serde_json::Value = serde_json::from_str(&fixture.read("public/claims.json")).unwrap();
    let record = json
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == "ministerium-30000")
        .unwrap();
    assert_eq!(record["independent_origins"], 2);
    // The ClaimReview lists as appearances the articles the row counts.
    let nato = fixture.read("public/claims/nato-15000/index.html");
    let start = nato.find("application/ld+json\">").unwrap() + "application/ld+json\">".len();
    let end = start + nato[start..].find("</script>").unwrap();
    let review: serde_json::Value = serde_json::from_str(&nato[start..end]).unwrap();
    assert_eq!(review["itemReviewed"]["appearance"].as_array().unwrap().len(), 2);
}

#[test]
fn a_verdict_rule_reports_the_claim_at_its_verdict_and_accepts_a_basis_or_a_second_origin() {
    let fixture = provenance_fixture();
    // Its messages are checked in English.
    fixture.edit("dossier.yaml", "language: de", "language: en");
    fixture.edit(
        "dossier.yaml",
        "    rating: 2\n",
        "    rating: 2\n    requires: { independent_origins: 2 }\n",
    );
    // nk-11000 is `belegt` with one origin (the article).
    let stderr = fixture.run(&["check"]).fails().to_owned();
    let source = fixture.read("content/sources/a.yaml");
    let (line, column) = line_col(&source, "id: nk-11000", "belegt");
    assert!(
        stderr.contains(&format!("  --> content/sources/a.yaml:{line}:{column}")),
        "at the verdict: {stderr}"
    );
    assert!(
        normalize(&stderr).contains(
            "claim `nk-11000` is rated `belegt`, which requires 2 independent origins, but 1 stands behind it (the article itself (source `artikel-a`))"
        ),
        "{stderr}"
    );
    assert_eq!(stderr.matches("error:").count(), 1, "{stderr}");
    // A calendar or arithmetic basis stands in for the origins.
    fixture.edit(
        "content/sources/a.yaml",
        "    verdict: belegt\n",
        "    verdict: belegt\n    basis: arithmetic\n",
    );
    fixture.run(&["check"]).succeeds();
    // So does a second, independent origin that supports it.
    fixture.edit("content/sources/a.yaml", "    basis: arithmetic\n", "");
    fixture.edit(
        "content/sources/c.yaml",
        "    origin: nis\n    verdict: unbelegt\n",
        "    origin: nis\n    verdict: unbelegt\n    related:\n      - claim: nk-11000\n        relation: supports\n",
    );
    fixture.run(&["check"]).succeeds();
    // An unknown basis is refused with its location.
    fixture.edit(
        "content/sources/a.yaml",
        "    verdict: belegt\n",
        "    verdict: belegt\n    basis: astrology\n",
    );
    let stderr = fixture.run(&["check"]).fails().to_owned();
    assert!(stderr.contains("content/sources/a.yaml:"), "{stderr}");
    assert!(stderr.contains("astrology"), "{stderr}");
}

#[test]
fn a_constraint_that_cannot_be_read_is_an_error_at_its_word_with_a_suggestion() {
    let fixture = provenance_fixture();
    // Its messages are checked in English.
    fixture.edit("dossier.yaml", "language: de", "language: en");
    fixture.edit(
        "content/topics.yaml",
        "    - front <= geplant\n",
        "    - front <= geplannt\n    - \"geplant >= front <= entsandt\"\n",
    );
    let stderr = fixture.run(&["check"]).fails().to_owned();
    let topics = fixture.read("content/topics.yaml");
    let (line, column) = line_col(&topics, "constraints:", "geplannt");
    assert!(
        stderr.contains(&format!("  --> content/topics.yaml:{line}:{column}")),
        "{stderr}"
    );
    assert!(
        stderr.contains("topic `nk-truppen` has no measure `geplannt`"),
        "{stderr}"
    );
    assert!(stderr.contains("did you mean `geplant`?"), "{stderr}");
    // In a quoted scalar, the column counts past the quote: at the second operator.
    let (line, column) = line_col(&topics, "\"geplant >=", "<=");
    assert!(
        stderr.contains(&format!("  --> content/topics.yaml:{line}:{column}")),
        "{stderr}"
    );
    assert!(stderr.contains("mixes `<` and `>`"), "{stderr}");
    assert_eq!(stderr.matches("error:").count(), 2, "all errors at once: {stderr}");
}

#[test]
fn a_constraint_violation_is_shown_on_pages_and_warned_about_until_acknowledged() {
    let fixture = provenance_fixture();
    // "etwa 15.000 an der Front" cannot be below "bis zu 12.000 geplant" (as-of November).
    let stderr = check_warnings(&fixture);
    assert!(
        stderr.contains("Zahlen von Thema `nk-truppen` können unter seiner Bedingung `front <= geplant` nicht beide stimmen: `nato-15000` nennt etwa 15.000 Soldaten für `front`, `nis-12000` nennt bis zu 12.000 Soldaten für `geplant`"),
        "{stderr}"
    );
    assert!(
        stderr.contains("- { claim: nis-12000, relation: contradicts }"),
        "ready to paste: {stderr}"
    );
    // NATO's repeat is one origin: one violation per pair of origins; Reuters' 14.000 and the
    // ministry's 30.000 are above 12.000 too.
    assert_eq!(stderr.matches("nicht beide stimmen: ").count(), 3, "{stderr}");
    fixture.build();
    let topic = fixture.page("topics/nk-truppen/index.html");
    let violations = topic.texts("#violations .violation-text");
    assert!(
        violations.contains(
            &"etwa 15.000 Soldaten (An der Front), aber bis zu 12.000 Soldaten (Geplant (Obergrenze))".to_owned()
        ),
        "{violations:?}"
    );
    assert!(
        topic
            .text("#violations")
            .contains("im Dossier noch nicht als Widerspruch vermerkt")
    );
    let claim = fixture.page("claims/nis-12000/index.html");
    assert!(
        claim.text(".violations").contains("etwa 15.000 Soldaten"),
        "on the claims involved"
    );
    // A `contradicts` link acknowledges it: no warning, and the page says so.
    fixture.edit(
        "content/sources/c.yaml",
        "      - claim: nato-15000-wieder\n        relation: same-origin\n",
        "      - claim: nato-15000-wieder\n        relation: same-origin\n      - { claim: nis-12000, relation: contradicts }\n",
    );
    let stderr = check_warnings(&fixture);
    assert_eq!(stderr.matches("nicht beide stimmen: ").count(), 2, "{stderr}");
    assert!(!stderr.contains("`nato-15000` nennt"), "{stderr}");
    // A note naming the other claim acknowledges it too.
    fixture.edit(
        "content/sources/d.yaml",
        "    via: [reuters]\n",
        "    via: [reuters]\n    note: \"Mehr als die bis zu 12.000 geplanten (nis-12000): ein Widerspruch.\"\n",
    );
    let stderr = check_warnings(&fixture);
    assert_eq!(stderr.matches("nicht beide stimmen: ").count(), 1, "{stderr}");
    assert!(stderr.contains("`ministerium-30000` nennt"), "{stderr}");
    fixture.build();
    let topic = fixture.page("topics/nk-truppen/index.html");
    assert_eq!(topic.texts("#violations .violation.unacknowledged").len(), 1);
    assert!(
        topic
            .text("#violations")
            .contains("im Dossier als Widerspruch vermerkt")
    );
    // A figure of another month is not compared.
    fixture.edit(
        "content/sources/d.yaml",
        "    as_of: 2024-11\n    origin: ministerium\n",
        "    as_of: 2024-09\n    origin: ministerium\n",
    );
    let stderr = check_warnings(&fixture);
    assert!(!stderr.contains("nicht beide stimmen: "), "{stderr}");
}

#[test]
fn a_probable_same_origin_is_suggested_with_a_line_to_paste() {
    let fixture = provenance_fixture();
    fixture.edit("content/topics.yaml", "  constraints:\n    - front <= geplant\n", "");
    let stderr = check_warnings(&fixture);
    // Reuters' 14.000 (NATO via Reuters) agrees with NATO's "etwa 15.000" in another article.
    assert!(
        stderr.contains("Behauptung `reuters-14000` (14.000 Soldaten, NATO über Reuters) wiederholt wahrscheinlich `nato-15000` (etwa 15.000 Soldaten, NATO) aus einem anderen Artikel"),
        "{stderr}"
    );
    assert!(
        stderr.contains("- { claim: nato-15000, relation: same-origin }"),
        "{stderr}"
    );
    // The line pasted as it stands makes the warning go away.
    fixture.edit(
        "content/sources/d.yaml",
        "    via: [reuters]\n    verdict: unbelegt\n",
        "    via: [reuters]\n    verdict: unbelegt\n    related:\n      - { claim: nato-15000, relation: same-origin }\n",
    );
    let stderr = check_warnings(&fixture);
    assert!(!stderr.contains("wiederholt wahrscheinlich"), "{stderr}");
}

#[test]
fn a_probable_contradiction_is_suggested_with_a_line_to_paste() {
    let fixture = provenance_fixture();
    fixture.edit("content/topics.yaml", "  constraints:\n    - front <= geplant\n", "");
    let stderr = check_warnings(&fixture);
    // The ministry's 30.000 at the front against NATO's "etwa 15.000", same month.
    assert!(
        stderr.contains("Behauptung `ministerium-30000` (30.000 Soldaten) und `nato-15000` (etwa 15.000 Soldaten) zählen dasselbe zu sich überschneidenden Zeitpunkten, können aber nicht beide stimmen (und 1 weitere Behauptung)"),
        "{stderr}"
    );
    assert!(
        stderr.contains("- { claim: nato-15000, relation: contradicts }"),
        "{stderr}"
    );
    fixture.edit(
        "content/sources/d.yaml",
        "    origin: ministerium\n    verdict: unbelegt\n",
        "    origin: ministerium\n    verdict: unbelegt\n    related:\n      - { claim: nato-15000, relation: contradicts }\n      - { claim: reuters-14000, relation: contradicts }\n",
    );
    let stderr = check_warnings(&fixture);
    assert!(!stderr.contains("cannot both be right"), "{stderr}");
    // Different months are not compared.
    fixture.edit(
        "content/sources/d.yaml",
        "    related:\n      - { claim: nato-15000, relation: contradicts }\n      - { claim: reuters-14000, relation: contradicts }\n",
        "",
    );
    fixture.edit(
        "content/sources/d.yaml",
        "    as_of: 2024-11\n    origin: ministerium\n",
        "    as_of: 2024-09\n    origin: ministerium\n",
    );
    let stderr = check_warnings(&fixture);
    assert!(!stderr.contains("cannot both be right"), "{stderr}");
}

/// The example dossier, built once into a temp folder.
fn example_site() -> (tempfile::TempDir, std::path::PathBuf) {
    let out = tempfile::tempdir().unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let run = std::process::Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args(["build", "--root"])
        .arg(root)
        .arg("--output")
        .arg(out.path().join("site"))
        .output()
        .unwrap();
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    let site = out.path().join("site");
    (out, site)
}

fn texts(html: &str, css: &str) -> Vec<String> {
    let document = scraper::Html::parse_document(html);
    let selector = scraper::Selector::parse(css).unwrap();
    document
        .select(&selector)
        .map(|e| normalize(&e.text().collect::<String>()))
        .collect()
}

#[test]
fn the_example_counts_nato_600000_as_one_origin_in_one_article_and_shows_the_front_violation() {
    let (_guard, site) = example_site();
    let read = |path: &str| std::fs::read_to_string(site.join(path)).unwrap();
    let losses = read("topics/russische-verluste/index.html");
    let rows = texts(&losses, "#measure-getoetet-oder-verwundet tbody tr");
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert!(
        rows[0].contains("1 unabhängiger Ursprung, 1 Artikel, 3 Stellen"),
        "{rows:?}"
    );
    let troops = read("topics/nordkoreanische-truppen/index.html");
    // Every figure row says how many independent origins stand behind it.
    let rows = texts(&troops, "table.comparison tbody tr");
    assert!(!rows.is_empty());
    for row in &rows {
        assert!(row.contains("unabhängige"), "{row}");
    }
    let violations = texts(&troops, "#violations .violation-text");
    assert!(
        violations.contains(
            &"etwa 15.000 Soldaten (An der Front im Einsatz), aber bis zu 12.000 Soldaten (Geplante Gesamtzahl)"
                .to_owned()
        ),
        "{violations:?}"
    );
    assert!(
        violations.contains(&"etwa 15.000 Soldaten (An der Front im Einsatz), aber knapp 11.000 Soldaten (Bereits nach Russland entsandt)".to_owned()),
        "{violations:?}"
    );
    // Both are acknowledged by the annotation (`contradicts`), so `check` stays silent.
    assert!(!troops.contains("noch nicht als Widerspruch vermerkt"));
    let claim = read("claims/nk-15000-front/index.html");
    assert_eq!(texts(&claim, ".violation-text").len(), 2);
}

#[test]
fn the_example_graphs_have_no_more_crossings_than_first_appearance_order_and_a_list_each() {
    let input = dossier::load::InputFiles::read(Path::new(env!("CARGO_MANIFEST_DIR")));
    let checked = dossier::build::check(
        &input,
        dossier::build::CheckOptions {
            coverage: false,
            strict: false,
        },
    );
    let dossier = checked.dossier.expect("the example resolves");
    let labels = dossier::render::graph::Labels {
        article_itself: "der Artikel selbst",
        title: "Herkunft",
        via: "über",
        back_edge: "zurück",
    };
    let (mut before, mut after) = (0, 0);
    for topic in &dossier.topics {
        let graph = dossier::render::graph::Graph::new(&dossier, &topic.claims, labels);
        assert!(graph.crossings() <= graph.initial_crossings, "{}", topic.id);
        before += graph.initial_crossings;
        after += graph.crossings();
        assert_eq!(
            graph.svg("g", "Herkunft"),
            dossier::render::graph::Graph::new(&dossier, &topic.claims, labels).svg("g", "Herkunft"),
            "deterministic"
        );
    }
    println!(
        "edge crossings over the example's topic graphs: {before} in order of first appearance, {after} after barycentre sweeps"
    );
    let (_guard, site) = example_site();
    for topic in &dossier.topics {
        let html = std::fs::read_to_string(site.join(format!("topics/{}/index.html", topic.id))).unwrap();
        assert!(html.contains("class=\"provenance-graph\""), "{}: graph", topic.id);
        let list = texts(&html, ".graph-list");
        assert_eq!(list.len(), 1, "{}: text alternative", topic.id);
    }
}

#[test]
fn origins_that_name_each_other_are_drawn_in_few_columns_with_the_closing_arrow_pointing_back() {
    // Article D: "NATO via Reuters". Article E: "Reuters via NATO". Before, the layout gave the
    // cycle a column per node it could reach (the 1,000-source example's biggest topic page grew
    // to 253 MB), and the edge that closes the cycle was drawn like any other, left to right:
    // as if Reuters had it from NATO in both articles.
    let fixture = provenance_fixture();
    fixture.write(
        "seeds/e.txt",
        "Die NATO beruft sich auf Reuters: 16.000 Soldaten stehen an der Front.\n",
    );
    fixture.write(
        "content/sources/e.yaml",
        r#"id: artikel-e
file: seeds/e.txt
title: "NATO zitiert Reuters"
outlet: "Fünftblatt"
published: 2024-11-23
language: de
claims:
  - id: reuters-16000
    quote: "Die NATO beruft sich auf Reuters: 16.000 Soldaten stehen an der Front."
    statement: "Laut Reuters, über die NATO, stehen 16.000 Soldaten an der Front."
    topic: nk-truppen
    quantity: { value: 16000, measure: front }
    as_of: 2024-11
    origin: reuters
    via: [nato]
    verdict: unbelegt
"#,
    );
    fixture.build();
    let html = fixture.read("public/topics/nk-truppen/index.html");
    let page = fixture.page("topics/nk-truppen/index.html");
    let svg_width: f64 = page.attrs("svg.provenance-graph", "width")[0].parse().unwrap();
    // Origins in two columns (NATO, Reuters), the articles, the figures: four columns of 230
    // px, at most.
    assert!(svg_width <= 4.0 * 230.0, "graph {svg_width} px wide");
    // The edge that closes the cycle runs back (dashed), its arrow at its left end, and the
    // legend says what that means; every other edge ends in an arrow at its right end.
    let back = page.attrs("svg.provenance-graph > path.edge.back", "d");
    assert!(!back.is_empty(), "a back edge: {html}");
    assert_eq!(
        page.texts("svg.provenance-graph .legend text"),
        ["Gestrichelt, Pfeil nach links: Ursprünge, die sich gegenseitig als Quelle nennen"]
    );
    let arrows = page.attrs("svg.provenance-graph path.edge:not(.back)[marker-end]", "marker-end");
    assert!(!arrows.is_empty(), "edges end in arrows");
    assert!(arrows.iter().all(|m| m == "url(#provenance-graph-arrow)"), "{arrows:?}");
    assert_eq!(
        page.attrs("svg.provenance-graph marker", "id"),
        ["provenance-graph-arrow"]
    );
    // A back edge's path is written from its right end to its left end.
    for d in &back {
        let numbers: Vec<f64> = d
            .split(|c: char| !(c.is_ascii_digit() || c == '.'))
            .filter(|n| !n.is_empty())
            .map(|n| n.parse().unwrap())
            .collect();
        assert!(numbers[0] > numbers[numbers.len() - 2], "right to left: {d}");
    }
    // The list still says both chains.
    let list = page.text(".graph-list");
    assert!(list.contains("NATO") && list.contains("Reuters"), "{list}");
}
