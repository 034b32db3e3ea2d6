//! Relations between claims, end to end: every rule a pair of claims can break is an error at its
//! `related` entry (file:line:column, what is wrong, how to fix it); a pair declared on both sides
//! is one link; each direction reads with its own verb; and a topic table counts the articles
//! and the places (passages) that repeat one origin's figure.

use crate::fixture::{Fixture, Page};

const A: &str = "content/sources/a.yaml";
const B: &str = "content/sources/b.yaml";

/// Runs `check`, asserts exit code 1, returns stderr.
fn check_fails(fixture: &Fixture) -> String {
    let run = fixture.run(&["check"]);
    assert_eq!(run.code, 1, "expected content errors:\n{}\n{}", run.stdout, run.stderr);
    run.stderr
}

/// `FILE:LINE:COLUMN` of the value after `claim: ` on the one line of `file` that contains `line`.
fn entry_location(fixture: &Fixture, file: &str, line: &str) -> String {
    let text = fixture.read(file);
    let matches: Vec<(usize, &str)> = text.lines().enumerate().filter(|(_, l)| l.contains(line)).collect();
    assert_eq!(matches.len(), 1, "{file}: {line:?} must be on exactly one line");
    let (index, found) = matches[0];
    let column = found.find("claim: ").expect("a `claim:` entry") + "claim: ".len();
    format!("{file}:{}:{}", index + 1, found[..column].chars().count() + 1)
}

/// Appends `related` entries to the last claim of `file` (which must have none).
fn relate_last_claim(fixture: &Fixture, file: &str, entries: &[&str]) {
    let mut text = fixture.read(file);
    text.push_str("    related:\n");
    for entry in entries {
        text.push_str(&format!("      - {entry}\n"));
    }
    fixture.write(file, &text);
}

/// Gives `nk-11000` (the first claim of a.yaml, which has none) `related` entries.
fn relate_nk_11000(fixture: &Fixture, entries: &[&str]) {
    let note = "    note: \"Deckt sich mit *anderen* Berichten.\"\n";
    let mut related = String::from("    related:\n");
    for entry in entries {
        related.push_str(&format!("      - {entry}\n"));
    }
    fixture.edit(A, note, &format!("{note}{related}"));
}

/// The related claims a claim page lists: (relation as written, the other claim's id).
fn related(fixture: &Fixture, claim: &str) -> Vec<(String, String)> {
    let page = fixture.page(&format!("claims/{claim}/index.html"));
    let labels = page.texts(".compared-list > li.related .relation");
    let targets = page.attrs(".compared-list > li.related > a", "href");
    assert_eq!(labels.len(), targets.len(), "{claim}: one link per entry");
    labels
        .into_iter()
        .zip(targets)
        .map(|(label, href)| {
            let id = href.trim_end_matches('/').rsplit('/').next().unwrap_or("").to_owned();
            (label, id)
        })
        .collect()
}

fn pairs(expected: &[(&str, &str)]) -> Vec<(String, String)> {
    expected
        .iter()
        .map(|(label, id)| ((*label).to_owned(), (*id).to_owned()))
        .collect()
}

#[test]
fn same_origin_between_claims_that_share_no_origin_is_an_error() {
    let fixture = Fixture::english();
    fixture.edit(A, "relation: contradicts", "relation: same-origin");
    let stderr = check_fails(&fixture);
    let at = entry_location(&fixture, A, "- claim: ru-nypost");
    assert!(stderr.contains(&at), "located at the entry {at}:\n{stderr}");
    assert!(
        stderr.contains(
            "claim `ru-putin` is marked `same-origin` with `ru-nypost`, but they share no origin: `ru-putin` goes back to Wladimir Putin, `ru-nypost` to New York Post"
        ),
        "{stderr}"
    );
    assert!(
        stderr.contains("if two origins say the same thing, write `supports` on the claim that is the evidence"),
        "{stderr}"
    );
    assert!(stderr.contains("1 error(s)"), "{stderr}");

    // An intermediary in one chain that is the other's origin is a shared origin.
    fixture.edit(A, "origin: putin", "origin: putin\n    via: [ny-post]");
    let run = fixture.run(&["check"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
}

#[test]
fn supports_together_with_contradicts_on_one_pair_is_an_error() {
    let fixture = Fixture::english();
    // ru-putin contradicts ru-nypost; ru-nypost says it supports ru-putin.
    relate_last_claim(&fixture, A, &["{ claim: ru-putin, relation: supports }"]);
    // And nk-11000 both supports and contradicts ru-putin.
    relate_nk_11000(
        &fixture,
        &[
            "{claim: ru-putin, relation: supports}",
            "{claim: ru-putin, relation: contradicts}",
        ],
    );
    let stderr = check_fails(&fixture);
    let inverted = entry_location(&fixture, A, "{ claim: ru-putin, relation: supports }");
    let both = entry_location(&fixture, A, "{claim: ru-putin, relation: supports}");
    let contradicting = entry_location(&fixture, A, "- claim: ru-nypost");
    for at in [&inverted, &both] {
        assert!(stderr.contains(at.as_str()), "located at the entry {at}:\n{stderr}");
    }
    assert!(
        stderr.contains(&format!(
            "claim `ru-nypost` supports `ru-putin`, but `ru-putin` contradicts `ru-nypost` ({contradicting})"
        )),
        "names where the contradiction is declared:\n{stderr}"
    );
    assert!(
        stderr.contains("claim `nk-11000` both supports and contradicts `ru-putin`"),
        "{stderr}"
    );
    assert!(
        stderr.contains("`ru-nypost` supports `ru-putin` means `ru-nypost` is evidence for `ru-putin`"),
        "{stderr}"
    );
    assert!(stderr.contains("2 error(s)"), "{stderr}");
}

#[test]
fn supports_between_claims_of_one_origin_is_an_error_that_says_same_origin() {
    let fixture = Fixture::english();
    // Both 100,000 claims are Bloomberg's.
    fixture.edit(A, "relation: same-origin", "relation: supports");
    // ru-putin (Putin via the New York Post) and ru-nypost are joined as one origin; then one
    // cannot support the other either.
    fixture.edit(A, "origin: putin", "origin: putin\n    via: [ny-post]");
    fixture.edit(A, "relation: contradicts", "relation: same-origin");
    relate_last_claim(&fixture, A, &["{ claim: ru-putin, relation: supports }"]);
    let stderr = check_fails(&fixture);
    let at = entry_location(&fixture, A, "- claim: nk-100000-b");
    assert!(stderr.contains(&at), "located at the entry {at}:\n{stderr}");
    assert!(
        stderr.contains(
            "claim `nk-100000-a` supports `nk-100000-b`, but both go back to one origin, Bloomberg: one origin repeating itself is not support"
        ),
        "{stderr}"
    );
    assert!(stderr.contains("write `relation: same-origin` instead"), "{stderr}");
    let at = entry_location(&fixture, A, "{ claim: ru-putin, relation: supports }");
    assert!(stderr.contains(&at), "located at the entry {at}:\n{stderr}");
    assert!(
        stderr.contains("claim `ru-nypost` supports `ru-putin`, but `same-origin` links make them one origin"),
        "{stderr}"
    );
    assert!(stderr.contains("2 error(s)"), "{stderr}");
}

#[test]
fn the_article_itself_is_one_origin_per_article() {
    let fixture = Fixture::english();
    // Two claims that name no origin in one article: the article cannot support itself.
    fixture.edit(A, "origin: ny-post", "origin: article");
    relate_last_claim(&fixture, A, &["{ claim: nk-11000, relation: supports }"]);
    // Two articles that name no origin are two origins: one may support the other.
    fixture.edit(
        A,
        "    related:\n      - claim: nk-100000-b\n        relation: same-origin\n",
        "",
    );
    fixture.edit(B, "origin: bloomberg", "origin: article");
    relate_last_claim(&fixture, B, &["{ claim: nk-11000, relation: supports }"]);
    let stderr = check_fails(&fixture);
    let at = entry_location(&fixture, A, "{ claim: nk-11000, relation: supports }");
    assert!(stderr.contains(&at), "located at the entry {at}:\n{stderr}");
    assert!(
        stderr.contains(
            "claim `ru-nypost` supports `nk-11000`, but both go back to one origin, the article itself (source `artikel-a`)"
        ),
        "{stderr}"
    );
    assert!(
        !stderr.contains("nk-100000-b"),
        "articles apart are origins apart:\n{stderr}"
    );
    assert!(stderr.contains("1 error(s)"), "{stderr}");
}

#[test]
fn a_relation_to_itself_and_updates_both_ways_are_errors() {
    let fixture = Fixture::english();
    fixture.edit(
        A,
        "- claim: ru-nypost\n        relation: contradicts",
        "- claim: ru-putin\n        relation: contradicts",
    );
    fixture.edit(A, "relation: same-origin", "relation: updates");
    relate_last_claim(&fixture, B, &["{ claim: nk-100000-a, relation: updates }"]);
    let stderr = check_fails(&fixture);
    let itself = entry_location(&fixture, A, "- claim: ru-putin");
    assert!(stderr.contains(&itself), "located at the entry {itself}:\n{stderr}");
    assert!(stderr.contains("claim `ru-putin` is related to itself"), "{stderr}");
    assert!(stderr.contains("name another claim's id in `claim:`"), "{stderr}");
    let first = entry_location(&fixture, A, "- claim: nk-100000-b");
    let second = entry_location(&fixture, B, "{ claim: nk-100000-a, relation: updates }");
    assert!(
        stderr.contains(&second),
        "located at the later entry {second}:\n{stderr}"
    );
    assert!(
        stderr.contains(&format!(
            "claims `nk-100000-b` and `nk-100000-a` each update the other (the other at {first})"
        )),
        "{stderr}"
    );
    assert!(stderr.contains("keep it only on the newer claim"), "{stderr}");
    assert!(stderr.contains("2 error(s)"), "{stderr}");
}

#[test]
fn a_pair_declared_on_both_sides_is_one_link() {
    let fixture = Fixture::new();
    // contradicts on both sides; nk-11000 and ru-nypost support each other.
    relate_last_claim(
        &fixture,
        A,
        &[
            "{ claim: ru-putin, relation: contradicts }",
            "{ claim: nk-11000, relation: supports }",
        ],
    );
    relate_nk_11000(&fixture, &["{ claim: ru-nypost, relation: supports }"]);
    fixture.build();
    assert_eq!(related(&fixture, "ru-putin"), pairs(&[("widerspricht", "ru-nypost")]));
    assert_eq!(
        related(&fixture, "ru-nypost"),
        pairs(&[
            ("widerspricht", "ru-putin"),
            ("stützt und wird gestützt von", "nk-11000"),
        ])
    );
    assert_eq!(
        related(&fixture, "nk-11000"),
        pairs(&[("stützt und wird gestützt von", "ru-nypost")])
    );
}

#[test]
fn each_direction_of_a_relation_reads_with_its_own_verb() {
    let fixture = Fixture::new();
    // Declared: ru-putin contradicts ru-nypost; nk-11000 supports ru-putin; ru-nypost updates ru-putin.
    relate_nk_11000(&fixture, &["{ claim: ru-putin, relation: supports }"]);
    relate_last_claim(&fixture, A, &["{ claim: ru-putin, relation: updates }"]);
    fixture.build();
    assert_eq!(related(&fixture, "nk-11000"), pairs(&[("stützt", "ru-putin")]));
    assert_eq!(
        related(&fixture, "ru-putin"),
        pairs(&[
            ("widerspricht", "ru-nypost"),
            ("wird gestützt von", "nk-11000"),
            ("wird aktualisiert durch", "ru-nypost"),
        ])
    );
    assert_eq!(
        related(&fixture, "ru-nypost"),
        pairs(&[("aktualisiert", "ru-putin"), ("widerspricht", "ru-putin")])
    );

    fixture.edit("dossier.yaml", "language: de", "language: en");
    fixture.build();
    assert_eq!(related(&fixture, "nk-11000"), pairs(&[("supports", "ru-putin")]));
    assert_eq!(
        related(&fixture, "ru-putin"),
        pairs(&[
            ("contradicts", "ru-nypost"),
            ("is supported by", "nk-11000"),
            ("is updated by", "ru-nypost"),
        ])
    );
    assert_eq!(
        related(&fixture, "ru-nypost"),
        pairs(&[("updates", "ru-putin"), ("contradicts", "ru-putin")])
    );
}

/// The fixture with Bloomberg's 100,000 in three places of two articles: once in a, twice in b
/// (the second place rated `falsch`).
fn one_origin_in_three_places() -> Fixture {
    let fixture = Fixture::new();
    fixture.write(
        "seeds/b.txt",
        &format!(
            "{}\nLaut Bloomberg könnten es bis zu 100.000 Soldaten werden.\n",
            crate::fixture::SECOND_ARTICLE
        ),
    );
    let mut b = fixture.read(B);
    b.push_str(
        r#"  - id: nk-100000-c
    quote: "könnten es bis zu 100.000 Soldaten werden"
    statement: "Laut Bloomberg könnten es bis zu 100.000 Soldaten werden."
    topic: nk-truppen
    quantity: { value: 100000, qualifier: up-to, measure: geplant }
    origin: bloomberg
    verdict: falsch
    related:
      - { claim: nk-100000-b, relation: same-origin }
"#,
    );
    fixture.write(B, &b);
    fixture
}

fn planned_row(fixture: &Fixture) -> Page {
    fixture.page("topics/nk-truppen/index.html")
}

#[test]
fn a_topic_row_counts_articles_and_places_each_with_its_verdict() {
    let fixture = one_origin_in_three_places();
    fixture.build();
    let page = planned_row(&fixture);
    let row = "section#measure-geplant table.comparison tbody tr";
    assert_eq!(page.texts(row).len(), 1, "one origin, one row");
    assert_eq!(
        page.text(&format!("{row} .report-count")),
        "1 unabhängiger Ursprung, 2 Artikel, 3 Stellen"
    );
    let articles = page.texts(&format!("{row} .reports > li"));
    assert_eq!(articles.len(), 2, "each article once: {articles:?}");
    assert_eq!(
        articles[0], "Nordkorea schickt Soldaten Testblatt, 18. November 2024 zur Behauptung Unbelegt",
        "an article with one place carries that place's verdict"
    );
    let places = page.texts(&format!("{row} .reports > li ol.places > li"));
    assert_eq!(places, ["Stelle 1 Unbelegt", "Stelle 2 Falsch"], "in text order");
    let hrefs = page.attrs(&format!("{row} .reports a"), "href");
    assert_eq!(
        hrefs,
        [
            // The article's title links the quote in the article, then the claim is linked.
            "../../sources/artikel-a/#q-nk-100000-a",
            "../../claims/nk-100000-a/",
            "../../sources/artikel-b/",
            "../../claims/nk-100000-b/",
            "../../claims/nk-100000-c/",
        ]
    );
    // A row of one place has no count and no badge beside its article.
    let single = "section#measure-entsandt table.comparison tbody tr";
    assert_eq!(
        page.texts(&format!("{single} .report-count")),
        ["1 unabhängiger Ursprung, 1 Artikel"],
        "every row says how many independent origins stand behind it"
    );
    assert!(page.texts(&format!("{single} .reports .verdict")).is_empty());

    fixture.edit("dossier.yaml", "language: de", "language: en");
    fixture.build();
    let page = planned_row(&fixture);
    assert_eq!(
        page.text(&format!("{row} .report-count")),
        "1 independent origin, 2 articles, 3 passages"
    );
    let places = page.texts(&format!("{row} .reports > li ol.places > li"));
    assert_eq!(places, ["passage 1 Unbelegt", "passage 2 Falsch"]);

    // Two places in one article and none elsewhere: one article, two places.
    fixture.edit(A, "relation: same-origin", "relation: contradicts");
    fixture.build();
    let rows = planned_row(&fixture).texts("section#measure-geplant .report-count");
    assert_eq!(
        rows,
        [
            "1 independent origin, 1 article",
            "1 independent origin, 1 article, 2 passages"
        ]
    );
}

#[test]
fn a_chart_label_names_each_outlet_once() {
    let fixture = one_origin_in_three_places();
    fixture.edit(B, "outlet: \"Zweitblatt\"", "outlet: \"Testblatt\"");
    fixture.build();
    let page = planned_row(&fixture);
    let label = page
        .texts("svg.chart-wide g.chart-row[data-measure='geplant'] text.chart-label")
        .join(" ");
    assert_eq!(label, "Bloomberg (Testblatt)");
    let desc = page.text("section.chart-overview svg.chart-wide desc");
    assert!(desc.contains("Geplant (Obergrenze): Bloomberg (Testblatt): "), "{desc}");
    assert!(!desc.contains("Testblatt, Testblatt"), "{desc}");
}

#[test]
fn the_origin_chain_has_its_colon_and_intermediaries_count_what_they_passed_on() {
    let fixture = Fixture::new();
    let mut origins = fixture.read("content/origins.yaml");
    origins.push_str("- id: afp\n  name: \"AFP\"\n  kind: media\n");
    fixture.write("content/origins.yaml", &origins);
    fixture.edit(B, "origin: bloomberg", "origin: bloomberg\n    via: [afp]");
    fixture.build();
    let claim = fixture.page("claims/nk-11000/index.html");
    assert_eq!(
        claim.texts("ol.chain > li").first().map(String::as_str),
        Some("Ursprung: der Artikel selbst")
    );
    let list = fixture.page("origins/index.html");
    let entries = list.texts(".origin-list > li");
    assert!(
        entries.contains(&"AFP Medium · 0 zugeschrieben, 1 weitergegeben".to_owned()),
        "{entries:?}"
    );
    assert!(
        entries.contains(&"Bloomberg Medium · 2 Behauptungen".to_owned()),
        "{entries:?}"
    );
}

#[test]
fn a_new_dossier_explains_the_direction_of_every_relation() {
    let fixture = Fixture::empty();
    let dir = fixture.path("new");
    let run = fixture.run(&["init", dir.to_str().expect("utf-8 path")]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let run = fixture.run(&["build", "--root", dir.to_str().expect("utf-8 path")]);
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    let html = fixture.read("new/public/methodology/index.html");
    let page = Page {
        html: scraper::Html::parse_document(&html),
        path: "methodology/index.html".into(),
    };
    let items = page.texts(".prose li");
    for expected in [
        "\"A supports B\": A is evidence for B; B's page says it \"is supported by\" A.",
        "\"A contradicts B\": the two cannot both be true.",
        "\"Same origin as\": both claims repeat one report of one origin.",
        "\"A updates B\": A is a newer figure for what B counts; B \"is updated by\" A.",
    ] {
        assert!(
            items.iter().any(|i| i.starts_with(expected)),
            "{expected:?} in {items:?}"
        );
    }
}
