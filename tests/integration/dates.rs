//! Dates, outlets and ratings that mean what they say: the review date (claim → source →
//! dossier) on claim pages, in `ClaimReview`, feed and sitemap; the article's date (never
//! `as_of`) and every appearance of a same-origin group in the `Claim`; an outlet the article
//! does not name; declared verdict ratings; and Web Annotation selectors that resolve against
//! the published article text.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::fixture::{Fixture, Page};

/// The one JSON-LD block of a claim page.
fn claim_review(fixture: &Fixture, claim: &str) -> Value {
    let page = fixture.page(&format!("claims/{claim}/index.html"));
    let scripts = page.texts(r#"script[type="application/ld+json"]"#);
    assert_eq!(scripts.len(), 1, "{claim}: one JSON-LD block");
    serde_json::from_str(&scripts[0]).expect("JSON-LD parses")
}

/// Every object with `"@type": "Organization"` anywhere in `value`, by name.
fn organizations(value: &Value, found: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            if map.get("@type").and_then(Value::as_str) == Some("Organization") {
                found.push(map.get("name").and_then(Value::as_str).unwrap_or_default().to_owned());
            }
            map.values().for_each(|v| organizations(v, found));
        }
        Value::Array(items) => items.iter().for_each(|v| organizations(v, found)),
        _ => {}
    }
}

fn headlines(appearances: &Value) -> Vec<String> {
    appearances
        .as_array()
        .expect("appearance is a list")
        .iter()
        .map(|a| a["headline"].as_str().unwrap_or_default().to_owned())
        .collect()
}

#[test]
fn the_review_date_falls_back_from_claim_to_source_to_dossier_and_is_shown_and_published() {
    let fixture = Fixture::new();
    // The dossier says 2024-11-25; source B 2024-11-22; claim nk-11000 2024-11-20.
    fixture.edit(
        "content/sources/b.yaml",
        "published: 2024-11\n",
        "published: 2024-11\nreviewed: 2024-11-22\n",
    );
    fixture.edit(
        "content/sources/a.yaml",
        "    as_of: 2024-11\n",
        "    as_of: 2024-11\n    reviewed: 2024-11-20\n",
    );
    fixture.build();
    for (claim, iso, shown) in [
        ("nk-11000", "2024-11-20", "Geprüft am 20. November 2024"),
        ("nk-100000-b", "2024-11-22", "Geprüft am 22. November 2024"),
        ("ru-putin", "2024-11-25", "Geprüft am 25. November 2024"),
    ] {
        assert_eq!(claim_review(&fixture, claim)["datePublished"], iso, "{claim}");
        let page = fixture.page(&format!("claims/{claim}/index.html"));
        assert_eq!(page.text(".reviewed-line"), shown, "{claim}");
        assert_eq!(page.attrs(".reviewed-line time", "datetime"), [iso], "{claim}");
    }
    // A month is "im", not "am".
    fixture.edit(
        "content/sources/a.yaml",
        "    reviewed: 2024-11-20\n",
        "    reviewed: 2024-11\n",
    );
    fixture.build();
    let page = fixture.page("claims/nk-11000/index.html");
    assert_eq!(page.text(".reviewed-line"), "Geprüft im November 2024");
    assert_eq!(claim_review(&fixture, "nk-11000")["datePublished"], "2024-11");
    // The data files carry it too.
    let json: Vec<BTreeMap<String, Value>> = serde_json::from_str(&fixture.read("public/claims.json")).unwrap();
    let reviewed: BTreeMap<&str, &str> = json
        .iter()
        .map(|r| (r["id"].as_str().unwrap(), r["reviewed"].as_str().unwrap()))
        .collect();
    assert_eq!(reviewed["nk-11000"], "2024-11");
    assert_eq!(reviewed["nk-100000-b"], "2024-11-22");
    assert_eq!(reviewed["ru-putin"], "2024-11-25");
}

#[test]
fn without_any_review_date_no_date_is_published_check_warns_at_the_source_and_strict_fails() {
    let fixture = Fixture::english();
    fixture.edit("dossier.yaml", "reviewed: 2024-11-25\n", "");
    let check = fixture.run(&["check"]);
    assert_eq!(check.code, 0, "a warning, not an error: {}", check.stderr);
    assert!(
        check.stderr.contains("content/sources/a.yaml:1:5") && check.stderr.contains("no review date for 4 claims"),
        "{}",
        check.stderr
    );
    assert!(check.stderr.contains("content/sources/b.yaml:1:5"), "{}", check.stderr);
    assert!(
        check.stderr.contains("reviewed: 2024-11-18"),
        "the help shows how: {}",
        check.stderr
    );
    let strict = fixture.run(&["check", "--strict"]);
    assert_eq!(strict.code, 1, "{}", strict.stderr);
    fixture.build();
    let review = claim_review(&fixture, "nk-11000");
    assert!(
        review.get("datePublished").is_none(),
        "no review date is made up: {review:#}"
    );
    assert_eq!(
        review["itemReviewed"]["datePublished"], "2024-11-18",
        "the article's date stays"
    );
    assert!(
        fixture
            .page("claims/nk-11000/index.html")
            .texts(".reviewed-line")
            .is_empty()
    );
    let feed = fixture.read("public/feed.xml");
    assert!(!feed.contains("<entry>"), "no undated entries: {feed}");
}

#[test]
fn the_claim_is_dated_by_its_article_never_by_as_of_and_appears_in_every_article_of_its_origin_group() {
    let fixture = Fixture::new();
    fixture.build();
    // nk-11000: as_of 2024-11, article 2024-11-18.
    let review = claim_review(&fixture, "nk-11000");
    assert_eq!(review["itemReviewed"]["datePublished"], "2024-11-18", "{review:#}");
    assert_eq!(
        headlines(&review["itemReviewed"]["appearance"]),
        ["Nordkorea schickt Soldaten"]
    );
    assert_eq!(
        review["itemReviewed"]["firstAppearance"]["headline"],
        "Nordkorea schickt Soldaten"
    );
    // ru-putin: as_of 2024-11 too; the Claim's date is still the article's.
    assert_eq!(
        claim_review(&fixture, "ru-putin")["itemReviewed"]["datePublished"],
        "2024-11-18"
    );
    // The Bloomberg figure appears in both articles (same-origin): both are listed, from both
    // claim pages. Which came first is open (2024-11 against 2024-11-18), so none is named.
    for claim in ["nk-100000-a", "nk-100000-b"] {
        let item = &claim_review(&fixture, claim)["itemReviewed"];
        let mut listed = headlines(&item["appearance"]);
        listed.sort();
        assert_eq!(
            listed,
            ["Bloomberg: bis zu 100.000", "Nordkorea schickt Soldaten"],
            "{claim}"
        );
        assert!(item.get("firstAppearance").is_none(), "{claim}: {item:#}");
    }
    assert_eq!(
        claim_review(&fixture, "nk-100000-b")["itemReviewed"]["datePublished"],
        "2024-11"
    );
    // Dated to the day, the earlier article is the first appearance, on both pages.
    fixture.edit(
        "content/sources/b.yaml",
        "published: 2024-11\n",
        "published: 2024-11-05\n",
    );
    fixture.build();
    for claim in ["nk-100000-a", "nk-100000-b"] {
        let item = &claim_review(&fixture, claim)["itemReviewed"];
        assert_eq!(
            item["firstAppearance"]["headline"], "Bloomberg: bis zu 100.000",
            "{claim}"
        );
        assert_eq!(item["firstAppearance"]["datePublished"], "2024-11-05", "{claim}");
        assert_eq!(
            headlines(&item["appearance"]),
            ["Bloomberg: bis zu 100.000", "Nordkorea schickt Soldaten"],
            "{claim}: oldest first"
        );
    }
}

#[test]
fn an_unnamed_origin_is_never_published_as_an_author() {
    let fixture = Fixture::new();
    fixture.edit(
        "content/origins.yaml",
        "  name: \"New York Post\"\n  kind: media\n",
        "  name: \"Ungenannte Medien\"\n  kind: media\n  unnamed: true\n",
    );
    fixture.build();
    let review = claim_review(&fixture, "ru-nypost");
    assert!(review["itemReviewed"].get("author").is_none(), "{review:#}");
    let mut names = Vec::new();
    organizations(&review, &mut names);
    assert!(!names.iter().any(|n| n.contains("Ungenannte")), "{names:?}");
    // The page still names the collective entry as the origin.
    let chain = fixture.page("claims/ru-nypost/index.html").text(".chain");
    assert!(chain.contains("Ungenannte Medien"), "{chain}");
    // A named origin is still the author.
    let named = claim_review(&fixture, "ru-putin");
    assert_eq!(named["itemReviewed"]["author"]["name"], "Wladimir Putin", "{named:#}");
}

#[test]
fn an_outlet_the_article_does_not_name_reads_right_in_german_and_english_and_is_never_an_organization() {
    let fixture = Fixture::new();
    fixture.edit("content/sources/a.yaml", "outlet: \"Testblatt\"\n", "");
    fixture.build();
    // nk-11000 has `origin: article`: no outlet, no author.
    let page = fixture.page("claims/nk-11000/index.html");
    let chain = page.text(".chain");
    assert!(
        chain.contains("veröffentlicht in einem nicht genannten Medium"),
        "{chain}"
    );
    assert!(!chain.contains("von Medium"), "{chain}");
    assert!(
        page.text("figcaption")
            .contains("Nordkorea schickt Soldaten, Medium nicht genannt, 18. November 2024")
    );
    let source = fixture.page("sources/artikel-a/index.html");
    assert_eq!(source.texts(".facts dt")[0], "Medium");
    assert_eq!(source.texts(".facts dd")[0], "nicht genannt");
    let listed = fixture.page("sources/index.html");
    assert!(
        listed
            .texts(".entry-meta")
            .iter()
            .any(|m| m.starts_with("Medium nicht genannt, 18. November 2024"))
    );
    for claim in ["nk-11000", "nk-100000-a", "ru-putin", "ru-nypost", "nk-100000-b"] {
        let review = claim_review(&fixture, claim);
        let mut names = Vec::new();
        organizations(&review, &mut names);
        assert!(
            names.iter().all(|n| !n.is_empty() && !n.contains("nicht genannt")),
            "{claim}: {names:?}"
        );
    }
    let review = claim_review(&fixture, "nk-11000");
    assert!(review["itemReviewed"].get("author").is_none(), "{review:#}");
    assert!(
        review["itemReviewed"]["appearance"][0].get("publisher").is_none(),
        "{review:#}"
    );
    // Data files: an empty field, never the label.
    let json: Vec<BTreeMap<String, Value>> = serde_json::from_str(&fixture.read("public/claims.json")).unwrap();
    let row = json.iter().find(|r| r["id"] == "nk-11000").unwrap();
    assert_eq!(row["source_outlet"], Value::Null);
    assert_eq!(row["origin_name"], "");
    assert!(!fixture.read("public/claims.csv").contains("nicht genannt"));
    assert!(!fixture.read("public/annotations.jsonld").contains("nicht genannt"));
    // English.
    fixture.edit("dossier.yaml", "language: de", "language: en");
    fixture.build();
    let page = fixture.page("claims/nk-11000/index.html");
    assert!(
        page.text(".chain").contains("published by an outlet not named"),
        "{}",
        page.text(".chain")
    );
    assert!(page.text("figcaption").contains("outlet not named"));
}

#[test]
fn a_verdict_without_a_rating_or_with_a_bad_one_is_an_error_at_its_place_all_reported_at_once() {
    let fixture = Fixture::english();
    fixture.edit("dossier.yaml", "    rating: 2\n", "");
    fixture.edit("dossier.yaml", "    rating: 1\n", "    rating: hoch\n");
    let check = fixture.run(&["check"]);
    assert_eq!(check.code, 1, "{}", check.stderr);
    assert!(
        check.stderr.contains("dossier.yaml:10:9") && check.stderr.contains("verdict `belegt` has no `rating`"),
        "{}",
        check.stderr
    );
    assert!(
        check.stderr.contains("dossier.yaml:20:13")
            && check
                .stderr
                .contains("verdict `falsch`: rating `hoch` is neither a whole number nor `none`"),
        "{}",
        check.stderr
    );
    assert!(
        check.stderr.contains("rating: none"),
        "the help names `none`: {}",
        check.stderr
    );
}

#[test]
fn declared_ratings_make_the_review_rating_and_a_none_verdict_gets_no_number() {
    let fixture = Fixture::new();
    fixture.edit("dossier.yaml", "    rating: 2\n", "    rating: 10\n");
    fixture.edit("dossier.yaml", "    rating: 1\n", "    rating: 3\n");
    fixture.edit("content/pages/methodik.md", "nav: 1\n", "nav: 1\nverdict_scale: true\n");
    fixture.build();
    let rating = &claim_review(&fixture, "nk-11000")["reviewRating"];
    assert_eq!(rating["ratingValue"], 10, "{rating:#}");
    assert_eq!(rating["bestRating"], 10);
    assert_eq!(rating["worstRating"], 3);
    assert_eq!(rating["alternateName"], "Belegt");
    assert_eq!(claim_review(&fixture, "ru-nypost")["reviewRating"]["ratingValue"], 3);
    // "Unbelegt" is `rating: none`: the verdict, and no number on the truth scale.
    let rating = &claim_review(&fixture, "nk-100000-a")["reviewRating"];
    assert_eq!(rating["alternateName"], "Unbelegt", "{rating:#}");
    for field in ["ratingValue", "bestRating", "worstRating"] {
        assert!(rating.get(field).is_none(), "{field}: {rating:#}");
    }
    let methodik = fixture.page("methodik/index.html");
    assert_eq!(methodik.texts(".rating-scale td.num"), ["10", "keine", "3"]);
    assert!(
        methodik
            .text(".rating-scale > p")
            .contains("10 ist die beste, 3 die schlechteste")
    );
    let json: Vec<BTreeMap<String, Value>> = serde_json::from_str(&fixture.read("public/claims.json")).unwrap();
    let rating_of = |id: &str| json.iter().find(|r| r["id"] == id).unwrap()["rating_value"].clone();
    assert_eq!(rating_of("nk-11000"), 10);
    assert_eq!(rating_of("nk-100000-a"), Value::Null);
}

/// `<loc>` → `<lastmod>` of the sitemap (empty when there is none).
fn lastmods(sitemap: &str) -> BTreeMap<String, String> {
    let document = roxmltree::Document::parse(sitemap).expect("sitemap is XML");
    document
        .descendants()
        .filter(|n| n.has_tag_name("url"))
        .map(|url| {
            let child = |name: &str| {
                url.children()
                    .find(|n| n.has_tag_name(name))
                    .and_then(|n| n.text())
                    .unwrap_or_default()
                    .to_owned()
            };
            (child("loc"), child("lastmod"))
        })
        .collect()
}

#[test]
fn feed_and_sitemap_are_dated_by_reviews_and_never_invent_a_first_of_the_month() {
    let fixture = Fixture::new();
    fixture.edit("dossier.yaml", "reviewed: 2024-11-25\n", "reviewed: 2024-11\n");
    fixture.edit(
        "content/sources/b.yaml",
        "published: 2024-11\n",
        "published: 2024-11\nreviewed: 2024-11-22\n",
    );
    fixture.edit(
        "content/sources/a.yaml",
        "    as_of: 2024-11\n",
        "    as_of: 2024-11\n    reviewed: 2024-11-20\n",
    );
    fixture.build();
    let feed_text = fixture.read("public/feed.xml");
    let sitemap = fixture.read("public/sitemap.xml");
    for text in [&feed_text, &sitemap] {
        assert!(!text.contains("2024-11-01"), "an invented day: {text}");
    }
    let feed = roxmltree::Document::parse(&feed_text).expect("feed is XML");
    let root = feed.root_element();
    let child = |node: roxmltree::Node<'_, '_>, name: &str| {
        node.children()
            .find(|n| n.has_tag_name(name))
            .and_then(|n| n.text())
            .unwrap_or_default()
            .to_owned()
    };
    let entries: Vec<(String, String)> = root
        .children()
        .filter(|n| n.has_tag_name("entry"))
        .map(|e| (child(e, "id"), child(e, "updated")))
        .collect();
    // Only the claims reviewed on a known day, newest review first.
    assert_eq!(
        entries,
        [
            (
                "https://example.org/dossier/claims/nk-100000-b/".to_owned(),
                "2024-11-22T00:00:00Z".to_owned()
            ),
            (
                "https://example.org/dossier/claims/nk-11000/".to_owned(),
                "2024-11-20T00:00:00Z".to_owned()
            ),
        ]
    );
    assert_eq!(child(root, "updated"), "2024-11-22T00:00:00Z");
    let lastmod = lastmods(&sitemap);
    let base = "https://example.org/dossier/";
    assert_eq!(lastmod[&format!("{base}claims/nk-11000/")], "2024-11-20");
    assert_eq!(lastmod[&format!("{base}claims/nk-100000-b/")], "2024-11-22");
    assert_eq!(
        lastmod[&format!("{base}claims/ru-putin/")],
        "2024-11",
        "as precise as known"
    );
    assert_eq!(lastmod[&format!("{base}sources/artikel-b/")], "2024-11-22");
    // Source A: 2024-11-20 and the dossier's 2024-11, which may be later in November.
    assert_eq!(lastmod[&format!("{base}sources/artikel-a/")], "2024-11");
    assert_eq!(lastmod[base], "", "the index has no review of its own");
}

/// Code points `start..end` of `text`.
fn code_points(text: &str, start: usize, end: usize) -> String {
    text.chars().skip(start).take(end - start).collect()
}

/// Resolves every selector of `annotations.jsonld` in `output` against the file its target's
/// source names, and checks that file is what the source page's SHA-256 is of. Returns the
/// number of annotations checked.
pub fn assert_every_selector_resolves(output: &std::path::Path, base: &str) -> usize {
    use sha2::Digest;
    let read = |relative: &str| std::fs::read(output.join(relative)).unwrap_or_else(|e| panic!("{relative}: {e}"));
    let collection: Value = serde_json::from_slice(&read("annotations.jsonld")).expect("annotations parse");
    let items = collection["first"]["items"].as_array().expect("items");
    for item in items {
        let target = &item["target"];
        let text_url = target["source"]["id"].as_str().expect("target source id");
        assert_eq!(target["source"]["format"], "text/plain", "{item:#}");
        let relative = text_url.strip_prefix(base).expect("inside the site");
        let bytes = read(relative);
        let text = String::from_utf8(bytes.clone()).expect("UTF-8");
        // The page of the source links this file and shows its SHA-256.
        let folder = relative.strip_suffix("article.txt").expect("sources/ID/article.txt");
        let page = Page {
            html: scraper::Html::parse_document(&String::from_utf8_lossy(&read(&format!("{folder}index.html")))),
            path: format!("{folder}index.html"),
        };
        assert!(
            page.internal_links().contains(&relative.to_owned()),
            "{folder}: links its text"
        );
        let sha: String = sha2::Sha256::digest(&bytes)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_eq!(page.text("code.hash"), sha, "{relative}");
        let selectors = target["selector"].as_array().expect("selectors");
        let quote = selectors
            .iter()
            .find(|s| s["type"] == "TextQuoteSelector")
            .expect("quote");
        let position = selectors
            .iter()
            .find(|s| s["type"] == "TextPositionSelector")
            .expect("position");
        let (start, end) = (
            position["start"].as_u64().unwrap() as usize,
            position["end"].as_u64().unwrap() as usize,
        );
        let exact = quote["exact"].as_str().unwrap();
        let prefix = quote["prefix"].as_str().unwrap();
        let suffix = quote["suffix"].as_str().unwrap();
        assert_eq!(code_points(&text, start, end), exact, "{item:#}");
        let prefix_len = prefix.chars().count();
        assert_eq!(code_points(&text, start - prefix_len, start), prefix, "{item:#}");
        assert_eq!(
            code_points(&text, end, end + suffix.chars().count()),
            suffix,
            "{item:#}"
        );
        assert!(text.contains(&format!("{prefix}{exact}{suffix}")), "{item:#}");
    }
    items.len()
}

#[test]
fn every_annotation_selector_resolves_against_the_published_article_text() {
    let fixture = Fixture::new();
    fixture.build();
    let output = fixture.path("public");
    assert_eq!(
        assert_every_selector_resolves(&output, "https://example.org/dossier/"),
        5
    );
    // The text is published byte for byte, and the original web page is kept as the scope.
    assert_eq!(
        fixture.read("public/sources/artikel-a/article.txt"),
        crate::fixture::ARTICLE
    );
    let collection: Value = serde_json::from_str(&fixture.read("public/annotations.jsonld")).unwrap();
    let targets: BTreeMap<&str, &Value> = collection["first"]["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|item| (item["id"].as_str().unwrap(), &item["target"]))
        .collect();
    let a = targets["https://example.org/dossier/claims/nk-11000/#annotation"];
    assert_eq!(
        a["source"]["id"],
        "https://example.org/dossier/sources/artikel-a/article.txt"
    );
    assert_eq!(a["source"]["via"], "https://example.com/a");
    assert_eq!(a["scope"], "https://example.com/a");
    // Without an original URL, the scope is the dossier's page of the source.
    let b = targets["https://example.org/dossier/claims/nk-100000-b/#annotation"];
    assert_eq!(b["scope"], "https://example.org/dossier/sources/artikel-b/");
    assert!(b["source"].get("via").is_none());
}

/// A third article with the Bloomberg figure, linked only to article B's claim (whose chain it
/// shares through the New York Post), and sharing neither topic nor any origin with article A's
/// claim: only the same-origin group joins them.
const SOURCE_C: &str = r#"id: artikel-c
file: seeds/c.txt
title: "Drittblatt meldet 100.000"
outlet: "Drittblatt"
published: 2024-11-20
language: de
claims:
  - id: nk-100000-c
    quote: "bis zu 100.000 Soldaten zu entsenden"
    statement: "Nordkorea erwägt, bis zu 100.000 Soldaten zu entsenden."
    topic: ru-staerke
    origin: ny-post
    verdict: unbelegt
    related:
      - claim: nk-100000-b
        relation: same-origin
"#;

#[test]
fn serve_updates_a_claim_page_when_an_article_of_its_origin_group_it_does_not_link_changes() {
    use dossier::render::RenderOptions;
    use dossier::serve::incremental::Engine;
    let fixture = Fixture::new();
    fixture.write("content/sources/c.yaml", SOURCE_C);
    fixture.edit(
        "content/sources/b.yaml",
        "    origin: bloomberg\n",
        "    origin: bloomberg\n    via: [ny-post]\n",
    );
    fixture.write("seeds/c.txt", crate::fixture::SECOND_ARTICLE);
    let page = |engine: &Engine| {
        let bytes = engine
            .files()
            .read("claims/nk-100000-a/index.html")
            .expect("the claim page");
        String::from_utf8_lossy(&bytes).into_owned()
    };
    let mut engine = Engine::new(fixture.root(), RenderOptions::default());
    engine.rebuild().unwrap_or_else(|d| panic!("{}", d.render()));
    // nk-100000-a links nk-100000-b only; c joins their group through b.
    assert!(page(&engine).contains("Drittblatt meldet 100.000"));
    fixture.edit(
        "content/sources/c.yaml",
        "Drittblatt meldet 100.000",
        "Drittblatt: bis zu 100.000",
    );
    engine.reload_paths(&[fixture.path("content/sources/c.yaml")]);
    engine.rebuild().unwrap_or_else(|d| panic!("{}", d.render()));
    let mut clean = Engine::new(fixture.root(), RenderOptions::default());
    clean.rebuild().unwrap_or_else(|d| panic!("{}", d.render()));
    assert!(page(&clean).contains("Drittblatt: bis zu 100.000"));
    assert_eq!(page(&engine), page(&clean));
}
