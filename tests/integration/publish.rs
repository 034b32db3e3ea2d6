//! Publishing-grade output: schema.org `ClaimReview` on every claim page, the data exports, Web
//! Annotations, sitemap, feed and robots.txt, Text Fragment links, the build's link check, the
//! `lang` of foreign-language article text, and the external checkers (Nu HTML Checker, axe-core
//! in Chromium) over the example dossier's whole output.
//!
//! The example dossier of this repository is built once per test run into a temp dir and read
//! by several tests; the expected values come from the dossier as the library resolves it.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use dossier::build::{CheckOptions, check};
use dossier::load::InputFiles;
use dossier::model::Dossier;
use scraper::{Html, Selector};
use serde_json::Value;

use crate::fixture::Fixture;

/// The repository's example dossier.
fn example_root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The example dossier, built once into a temp dir, and its resolved model.
struct Example {
    _dir: tempfile::TempDir,
    output: PathBuf,
    dossier: Dossier,
}

fn example() -> &'static Example {
    static EXAMPLE: OnceLock<Example> = OnceLock::new();
    EXAMPLE.get_or_init(|| {
        let dir = tempfile::tempdir().expect("temp dir");
        let output = dir.path().join("public");
        let run = Command::new(env!("CARGO_BIN_EXE_dossier"))
            .arg("build")
            .arg("--root")
            .arg(example_root())
            .arg("--output")
            .arg(&output)
            .output()
            .expect("run dossier");
        assert!(
            run.status.success(),
            "example build failed:\n{}\n{}",
            String::from_utf8_lossy(&run.stdout),
            String::from_utf8_lossy(&run.stderr)
        );
        let input = InputFiles::read(example_root());
        let dossier = check(&input, CheckOptions::default())
            .dossier
            .expect("the example dossier resolves");
        Example {
            _dir: dir,
            output,
            dossier,
        }
    })
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn sel(css: &str) -> Selector {
    Selector::parse(css).expect("selector")
}

/// The attribute `name` of the first element matched by `css`.
fn attr(html: &Html, css: &str, name: &str) -> Option<String> {
    html.select(&sel(css))
        .next()
        .and_then(|e| e.value().attr(name))
        .map(str::to_owned)
}

#[test]
fn every_claim_page_carries_one_claim_review_with_rating_author_and_appearance() {
    let example = example();
    let dossier = &example.dossier;
    let ratings = dossier.config.verdicts.iter().filter_map(|v| v.rating);
    let (best, worst) = (ratings.clone().max(), ratings.min());
    let base = dossier.config.base_url.clone().expect("the example has a base URL");
    for claim in &dossier.claims {
        let html = Html::parse_document(&read(&example.output.join(format!("claims/{}/index.html", claim.id))));
        let scripts: Vec<String> = html
            .select(&sel(r#"script[type="application/ld+json"]"#))
            .map(|s| s.text().collect())
            .collect();
        assert_eq!(scripts.len(), 1, "{}: one JSON-LD block", claim.id);
        let review: Value = serde_json::from_str(&scripts[0]).expect("JSON-LD parses");
        let context = format!("claim {}: {review:#}", claim.id);
        assert_eq!(review["@context"], "https://schema.org", "{context}");
        assert_eq!(review["@type"], "ClaimReview", "{context}");
        let reviewed = review["claimReviewed"].as_str().expect("claimReviewed");
        assert_eq!(reviewed, claim.summary, "{context}");
        assert!(!reviewed.is_empty() && reviewed.chars().count() <= 80, "{context}");
        let verdict = &dossier.config.verdicts[claim.verdict];
        let rating = &review["reviewRating"];
        assert_eq!(rating["@type"], "Rating");
        assert_eq!(rating["alternateName"], verdict.label.as_str(), "{context}");
        match verdict.rating {
            Some(value) => {
                assert_eq!(rating["ratingValue"], value, "{context}");
                assert_eq!(rating["bestRating"], best.unwrap(), "{context}");
                assert_eq!(rating["worstRating"], worst.unwrap(), "{context}");
            }
            None => assert!(rating.get("ratingValue").is_none(), "{context}"),
        }
        let source = &dossier.sources[claim.source];
        let item = &review["itemReviewed"];
        assert_eq!(item["@type"], "Claim", "{context}");
        let author = match claim.origin {
            Some(o) if dossier.origins[o].unnamed => None,
            Some(o) => {
                let origin = &dossier.origins[o];
                let person = origin.kind == dossier::load::schema::OriginKind::Person;
                Some((if person { "Person" } else { "Organization" }, origin.name.as_str()))
            }
            None => source.outlet.as_deref().map(|outlet| ("Organization", outlet)),
        };
        match author {
            Some((author_type, author_name)) => {
                assert_eq!(item["author"]["@type"], author_type, "{context}");
                assert_eq!(item["author"]["name"], author_name, "{context}");
            }
            None => assert!(item.get("author").is_none(), "{context}"),
        }
        // The claim's own article is among its appearances (with those of its origin group).
        let appearance = item["appearance"]
            .as_array()
            .expect("appearances")
            .iter()
            .find(|a| a["headline"] == source.title.as_str())
            .expect("its own article");
        assert_eq!(appearance["@type"], "CreativeWork", "{context}");
        assert_eq!(
            appearance.get("publisher").map(|p| p["name"].clone()),
            source.outlet.as_deref().map(Value::from),
            "{context}"
        );
        assert_eq!(appearance["datePublished"], source.published.iso(), "{context}");
        assert_eq!(
            appearance.get("url").and_then(Value::as_str),
            source.url.as_deref(),
            "{context}"
        );
        // The Claim is dated by its article; the review by its own date, when there is one.
        assert_eq!(item["datePublished"], source.published.iso(), "{context}");
        assert_eq!(
            review.get("datePublished").and_then(Value::as_str),
            claim.reviewed.map(|d| d.iso()).as_deref(),
            "{context}"
        );
        assert_eq!(review["author"]["@type"], "Organization", "{context}");
        assert_eq!(
            review["author"]["name"],
            dossier.config.organization_name.as_str(),
            "{context}"
        );
        let canonical = attr(&html, r#"link[rel="canonical"]"#, "href").expect("canonical link");
        assert_eq!(canonical, format!("{base}claims/{}/", claim.id));
        assert_eq!(review["url"], canonical.as_str(), "{context}");
    }
}

#[test]
fn the_methodology_page_publishes_the_rating_of_every_verdict() {
    let example = example();
    let verdicts = &example.dossier.config.verdicts;
    let html = Html::parse_document(&read(&example.output.join("methodik/index.html")));
    let rows: Vec<(String, String)> = html
        .select(&sel(".rating-scale tbody tr"))
        .map(|row| {
            let value: String = row.select(&sel("td.num")).next().expect("value").text().collect();
            let label: String = row.select(&sel(".verdict")).next().expect("badge").text().collect();
            (value.trim().to_owned(), label.trim().to_owned())
        })
        .collect();
    let expected: Vec<(String, String)> = verdicts
        .iter()
        .map(|v| (v.rating.map_or("keine".to_owned(), |r| r.to_string()), v.label.clone()))
        .collect();
    assert_eq!(rows, expected);
}

/// `claims.csv` parsed with the csv crate: header and rows.
fn read_csv(path: &Path) -> (Vec<String>, Vec<BTreeMap<String, String>>) {
    let mut reader = csv::Reader::from_path(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let header: Vec<String> = reader
        .headers()
        .expect("header")
        .iter()
        .map(|h| h.trim_start_matches('\u{feff}').to_owned())
        .collect();
    let rows = reader
        .records()
        .map(|r| {
            let record = r.expect("CSV row parses");
            assert_eq!(record.len(), header.len(), "every row has every column");
            header.iter().cloned().zip(record.iter().map(str::to_owned)).collect()
        })
        .collect();
    (header, rows)
}

#[test]
fn claims_csv_and_json_hold_every_claim_with_every_field() {
    let example = example();
    let dossier = &example.dossier;
    let bytes = std::fs::read(example.output.join("claims.csv")).expect("claims.csv");
    assert!(
        bytes.starts_with("\u{feff}".as_bytes()),
        "BOM, so spreadsheets read UTF-8"
    );
    let (header, rows) = read_csv(&example.output.join("claims.csv"));
    for column in [
        "id",
        "url",
        "statement",
        "summary",
        "quote",
        "quote_start",
        "quote_end",
        "verdict",
        "verdict_label",
        "rating_value",
        "topic",
        "measure",
        "quantity_low",
        "quantity_high",
        "quantity_qualifier",
        "unit",
        "as_of",
        "reviewed",
        "origin",
        "origin_name",
        "via",
        "related",
        "note",
        "source",
        "source_title",
        "source_outlet",
        "source_published",
        "source_url",
        "source_archive_url",
        "source_sha256",
    ] {
        assert!(header.iter().any(|h| h == column), "column {column} in {header:?}");
    }
    assert_eq!(rows.len(), dossier.claims.len());
    let json: Vec<BTreeMap<String, Value>> =
        serde_json::from_str(&read(&example.output.join("claims.json"))).expect("claims.json parses");
    assert_eq!(json.len(), dossier.claims.len());
    for ((claim, row), object) in dossier.claims.iter().zip(&rows).zip(&json) {
        let source = &dossier.sources[claim.source];
        assert_eq!(row["id"], claim.id);
        assert_eq!(row["statement"], claim.statement);
        assert_eq!(row["quote"], claim.quote);
        assert_eq!(row["verdict"], dossier.config.verdicts[claim.verdict].id);
        assert_eq!(row["topic"], dossier.topics[claim.topic].id);
        assert_eq!(row["source"], source.id);
        assert_eq!(row["note"], claim.note.clone().unwrap_or_default());
        assert_eq!(row["source_sha256"], sha256_hex(&source.text));
        match &claim.quantity {
            Some(q) => assert_eq!(row["quantity_low"].parse::<f64>().expect("number"), q.low),
            None => assert_eq!(row["quantity_low"], ""),
        }
        // The JSON holds the same values.
        for (key, value) in row {
            let in_json = match &object[key] {
                Value::Null => String::new(),
                Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            if key.starts_with("quantity_") && !value.is_empty() {
                assert_eq!(in_json.parse::<f64>().ok(), value.parse::<f64>().ok(), "{key}");
            } else {
                assert_eq!(&in_json, value, "{} {key}", claim.id);
            }
        }
        // quote_start/quote_end are code points into the article text.
        let start: usize = row["quote_start"].parse().expect("start");
        let end: usize = row["quote_end"].parse().expect("end");
        let passage: String = source.text.chars().skip(start).take(end - start).collect();
        let first_part = &source.text[claim.quote_parts[0].clone()];
        assert!(passage.starts_with(first_part), "{}: {passage:?}", claim.id);
    }
}

fn sha256_hex(text: &str) -> String {
    dossier::render::exports::sha256_hex(text)
}

#[test]
fn every_topic_has_a_csv_of_its_claims_linked_from_its_page_and_the_index_links_the_exports() {
    let example = example();
    let dossier = &example.dossier;
    for topic in &dossier.topics {
        let (_, rows) = read_csv(&example.output.join(format!("topics/{}/claims.csv", topic.id)));
        let ids: Vec<&str> = rows.iter().map(|r| r["id"].as_str()).collect();
        let expected: Vec<&str> = topic.claims.iter().map(|&c| dossier.claims[c].id.as_str()).collect();
        assert_eq!(ids, expected, "{}", topic.id);
        assert!(rows.iter().all(|r| r["topic"] == topic.id));
        let page = Html::parse_document(&read(&example.output.join(format!("topics/{}/index.html", topic.id))));
        if !topic.claims.is_empty() {
            assert_eq!(attr(&page, ".downloads a", "href").as_deref(), Some("claims.csv"));
        }
    }
    let index = Html::parse_document(&read(&example.output.join("index.html")));
    let links: BTreeSet<String> = index
        .select(&sel(".downloads a"))
        .filter_map(|a| a.value().attr("href").map(str::to_owned))
        .collect();
    for file in ["claims.csv", "claims.json", "annotations.jsonld", "feed.xml"] {
        assert!(links.contains(file), "index links {file}: {links:?}");
        assert!(example.output.join(file).is_file());
    }
}

#[test]
fn annotations_select_every_quote_by_text_and_by_code_points_in_the_published_article_text() {
    let example = example();
    let dossier = &example.dossier;
    let collection: Value =
        serde_json::from_str(&read(&example.output.join("annotations.jsonld"))).expect("annotations parse");
    assert_eq!(collection["@context"], "http://www.w3.org/ns/anno.jsonld");
    assert_eq!(collection["type"], "AnnotationCollection");
    assert_eq!(collection["total"], dossier.claims.len());
    let base = dossier.config.base_url.clone().unwrap();
    let checked = crate::dates::assert_every_selector_resolves(&example.output, &base);
    assert_eq!(checked, dossier.claims.len());
}

#[test]
fn sitemap_lists_every_page_and_robots_points_at_it() {
    let example = example();
    let base = example.dossier.config.base_url.clone().unwrap();
    let sitemap = read(&example.output.join("sitemap.xml"));
    let document = roxmltree::Document::parse(&sitemap).expect("sitemap is XML");
    assert_eq!(
        document.root_element().tag_name().namespace(),
        Some("http://www.sitemaps.org/schemas/sitemap/0.9")
    );
    let locs: BTreeSet<String> = document
        .descendants()
        .filter(|n| n.has_tag_name("loc"))
        .map(|n| n.text().unwrap_or_default().to_owned())
        .collect();
    let pages: BTreeSet<String> = walkdir::WalkDir::new(&example.output)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_name() == "index.html")
        .map(|e| {
            let relative = e
                .path()
                .strip_prefix(&example.output)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            format!("{base}{}", relative.trim_end_matches("index.html"))
        })
        .collect();
    assert_eq!(locs, pages);
    // Every page names its own canonical URL, Open Graph URL and a description.
    for loc in &locs {
        let relative = loc.strip_prefix(&base).unwrap();
        let html = Html::parse_document(&read(&example.output.join(format!("{relative}index.html"))));
        assert_eq!(
            attr(&html, r#"link[rel="canonical"]"#, "href").as_deref(),
            Some(loc.as_str())
        );
        assert_eq!(
            attr(&html, r#"meta[property="og:url"]"#, "content").as_deref(),
            Some(loc.as_str())
        );
        let description = attr(&html, r#"meta[name="description"]"#, "content").unwrap_or_default();
        assert!(!description.trim().is_empty(), "{loc}: description");
        assert!(attr(&html, r#"meta[property="og:title"]"#, "content").is_some_and(|t| !t.is_empty()));
    }
    let robots = read(&example.output.join("robots.txt"));
    let sitemap_lines: Vec<&str> = robots.lines().filter_map(|l| l.strip_prefix("Sitemap: ")).collect();
    assert_eq!(sitemap_lines, vec![format!("{base}sitemap.xml")]);
}

#[test]
fn feed_lists_claims_newest_first_and_is_updated_with_its_newest_entry() {
    let example = example();
    let dossier = &example.dossier;
    let base = dossier.config.base_url.clone().unwrap();
    let text = read(&example.output.join("feed.xml"));
    let feed = roxmltree::Document::parse(&text).expect("feed is XML");
    let root = feed.root_element();
    assert_eq!(root.tag_name().namespace(), Some("http://www.w3.org/2005/Atom"));
    let child = |node: roxmltree::Node<'_, '_>, name: &str| {
        node.children()
            .find(|n| n.has_tag_name(name))
            .and_then(|n| n.text())
            .unwrap_or_default()
            .to_owned()
    };
    let entries: Vec<roxmltree::Node<'_, '_>> = root.children().filter(|n| n.has_tag_name("entry")).collect();
    // Every claim reviewed on a known day, newest review first, then newest article.
    let day = |c: &dossier::model::Claim| c.reviewed.filter(|d| d.day.is_some());
    let mut expected: Vec<&dossier::model::Claim> = dossier.claims.iter().filter(|c| day(c).is_some()).collect();
    assert_eq!(entries.len(), expected.len());
    let ids: Vec<String> = entries.iter().map(|e| child(*e, "id")).collect();
    expected.sort_by(|a, b| {
        day(b)
            .cmp(&day(a))
            .then_with(|| {
                dossier.sources[b.source]
                    .published
                    .cmp(&dossier.sources[a.source].published)
            })
            .then_with(|| a.id.cmp(&b.id))
    });
    let expected_ids: Vec<String> = expected.iter().map(|c| format!("{base}claims/{}/", c.id)).collect();
    assert_eq!(ids, expected_ids);
    let updated: Vec<String> = entries.iter().map(|e| child(*e, "updated")).collect();
    if let Some(newest) = updated.first() {
        assert_eq!(&child(root, "updated"), newest);
        assert!(newest.ends_with('Z') && newest.len() == 20, "RFC 3339: {newest}");
    }
    assert!(updated.windows(2).all(|w| w[0] >= w[1]), "newest first");
    // Every page announces the feed.
    let index = Html::parse_document(&read(&example.output.join("index.html")));
    assert_eq!(
        attr(&index, r#"link[rel="alternate"][type="application/atom+xml"]"#, "href").as_deref(),
        Some("feed.xml")
    );
}

#[test]
fn without_a_base_url_there_is_no_sitemap_or_feed_and_the_build_says_so() {
    let fixture = Fixture::new();
    fixture.edit("dossier.yaml", "base_url: \"https://example.org/dossier/\"\n", "");
    let run = fixture.build();
    let all = format!("{}{}", run.stdout, run.stderr);
    assert!(all.contains("sitemap.xml and feed.xml were not written"), "{all}");
    assert!(!fixture.path("public/sitemap.xml").exists());
    assert!(!fixture.path("public/feed.xml").exists());
    let robots = fixture.read("public/robots.txt");
    assert!(!robots.contains("Sitemap:"));
    let page = fixture.page("claims/nk-11000/index.html");
    assert!(page.attrs(r#"link[rel="canonical"]"#, "href").is_empty());
    let script: String = page
        .html
        .select(&sel(r#"script[type="application/ld+json"]"#))
        .flat_map(|s| s.text())
        .collect();
    let review: Value = serde_json::from_str(&script).expect("JSON-LD parses");
    assert_eq!(review["@type"], "ClaimReview");
    assert!(review.get("url").is_none());
}

#[test]
fn claim_pages_link_the_original_article_at_the_quoted_passage() {
    let fixture = Fixture::new();
    fixture.build();
    let page = fixture.page("claims/nk-11000/index.html");
    let links: Vec<String> = page
        .attrs("a.external", "href")
        .into_iter()
        .filter(|h| h.contains("#:~:text="))
        .collect();
    assert_eq!(links.len(), 1, "{links:?}");
    let (url, directive) = links[0].split_once("#:~:text=").unwrap();
    assert_eq!(url, "https://example.com/a");
    assert!(
        !directive.contains(['-', '&', ' ']),
        "reserved characters are encoded: {directive}"
    );
    let decoded = percent_decode(directive);
    assert_eq!(decoded, "mit knapp 11.000 Soldaten unterstützt");
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            out.push(u8::from_str_radix(&text[i + 1..i + 3], 16).expect("hex"));
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).expect("UTF-8")
}

#[test]
fn a_broken_link_or_anchor_in_a_markdown_page_fails_the_build_naming_page_and_link() {
    let fixture = Fixture::new();
    fixture.build();
    let before = fixture.read("public/index.html");
    fixture.write(
        "content/pages/methodik.md",
        "---\ntitle: \"Methodik\"\nnav: 1\n---\nSiehe [die Zahl](../claims/nk-11000/#quote-title), \
         [eine fehlende Seite](../claims/gibt-es-nicht/) und [einen fehlenden Anker](#kein-anker).\n",
    );
    let run = fixture.run(&["build"]);
    assert_eq!(run.code, 1, "{}\n{}", run.stdout, run.stderr);
    let all = format!("{}{}", run.stdout, run.stderr);
    let errors: Vec<&str> = all.lines().filter(|l| l.contains("broken link")).collect();
    assert_eq!(errors.len(), 2, "{all}");
    // Both point at line 5 of the Markdown file, where the links are.
    assert_eq!(all.matches("--> content/pages/methodik.md:5:").count(), 2, "{all}");
    assert!(errors.iter().all(|l| l.contains("page methodik/index.html")), "{all}");
    assert!(errors.iter().any(|l| l.contains("../claims/gibt-es-nicht/")), "{all}");
    assert!(errors.iter().any(|l| l.contains("#kein-anker")), "{all}");
    assert_eq!(
        fixture.read("public/index.html"),
        before,
        "a failed build changes nothing"
    );
}

#[test]
fn english_ui_marks_german_article_text_and_headlines_as_german() {
    let fixture = Fixture::new();
    fixture.edit("dossier.yaml", "language: de", "language: en");
    fixture.build();
    let source = fixture.page("sources/artikel-a/index.html");
    assert_eq!(source.attrs("html", "lang"), vec!["en"]);
    let paragraphs = source.attrs(".article-text p", "lang");
    assert!(
        !paragraphs.is_empty() && paragraphs.iter().all(|l| l == "de"),
        "{paragraphs:?}"
    );
    assert_eq!(source.attrs("h1", "lang"), vec!["de"]);
    let claim = fixture.page("claims/nk-11000/index.html");
    assert_eq!(claim.attrs("blockquote", "lang"), vec!["de"]);
    assert_eq!(claim.attrs("cite a", "lang"), vec!["de"]);
    let list = fixture.page("sources/index.html");
    let titles = list.attrs(".source-list .entry-title", "lang");
    assert_eq!(titles, vec!["de", "de"]);
}

/// The documents the index finds for `query`, as [title, kind, URL], read from the index files
/// the way `static/search.js` reads them.
fn search_index(output: &Path, query: &str) -> Vec<Vec<String>> {
    use dossier::render::search::{query_words, shard_name};
    let meta: Value = serde_json::from_str(&read(&output.join("search/meta.json"))).expect("meta.json");
    let shards: BTreeSet<&str> = meta["shards"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .collect();
    let per_shard = meta["docs_per_shard"].as_u64().unwrap() as usize;
    let mut hits: Option<BTreeSet<usize>> = None;
    for word in query_words(query) {
        let shard = shard_name(&word);
        let mut found = BTreeSet::new();
        if shards.contains(shard.as_str()) {
            // A document where the term is a title word is written as `-1 - number`.
            let terms: BTreeMap<String, Vec<i64>> =
                serde_json::from_str(&read(&output.join(format!("search/terms/{shard}.json")))).expect("shard");
            for (term, docs) in terms {
                if term.starts_with(&word) {
                    found.extend(docs.into_iter().map(|d| if d < 0 { -1 - d } else { d } as usize));
                }
            }
        }
        hits = Some(match hits {
            Some(before) => before.intersection(&found).copied().collect(),
            None => found,
        });
    }
    hits.unwrap_or_default()
        .into_iter()
        .map(|d| {
            let docs: Vec<Vec<Value>> =
                serde_json::from_str(&read(&output.join(format!("search/docs/{}.json", d / per_shard)))).expect("docs");
            docs[d % per_shard][..3]
                .iter()
                .map(|v| v.as_str().expect("title, kind, URL").to_owned())
                .collect()
        })
        .collect()
}

#[test]
fn the_search_index_finds_every_claim_by_a_word_of_its_quote() {
    let example = example();
    let dossier = &example.dossier;
    for claim in &dossier.claims {
        // The longest word of the quote, as a reader might type it: upper case, umlauts folded.
        let word = claim
            .quote
            .split(|c: char| !c.is_alphanumeric())
            .max_by_key(|w| w.chars().count())
            .expect("a word");
        let results = search_index(&example.output, &word.to_uppercase());
        let url = format!("claims/{}/", claim.id);
        assert!(
            results.iter().any(|doc| doc[2] == url),
            "{word:?} does not find {}",
            claim.id
        );
    }
    // Sources, topics and origins by a word of their names; umlauts folded both ways.
    let origin = &dossier.origins[0];
    let results = search_index(&example.output, &origin.name);
    assert!(results.iter().any(|doc| doc[2] == format!("origins/{}/", origin.id)));
    let topic = &dossier.topics[0];
    let results = search_index(&example.output, &topic.title);
    assert!(results.iter().any(|doc| doc[2] == format!("topics/{}/", topic.id)));
    let source = &dossier.sources[0];
    let results = search_index(&example.output, &source.title);
    assert!(results.iter().any(|doc| doc[2] == format!("sources/{}/", source.id)));
    // A word with an umlaut is found with and without it, in any case.
    let claim = dossier
        .claims
        .iter()
        .find(|c| c.quote.contains(['ä', 'ö', 'ü']))
        .expect("a quote with an umlaut");
    let word = claim
        .quote
        .split(|c: char| !c.is_alphanumeric())
        .find(|w| w.contains(['ä', 'ö', 'ü']))
        .unwrap();
    let plain = word
        .replace('ä', "a")
        .replace('ö', "o")
        .replace('ü', "u")
        .to_uppercase();
    let url = format!("claims/{}/", claim.id);
    for query in [word.to_owned(), plain] {
        let results = search_index(&example.output, &query);
        assert!(results.iter().any(|doc| doc[2] == url), "{query} finds {}", claim.id);
    }
    // No single file holds the whole index.
    let shards = std::fs::read_dir(example.output.join("search/terms")).unwrap().count();
    assert!(shards > 10, "{shards} term shards");
}

#[test]
fn the_search_box_finds_a_claim_in_a_browser_and_stays_hidden_without_javascript() {
    let dir = browser_dir();
    let ready = dir.join("node_modules/playwright-core").is_dir()
        && Path::new("/usr/bin/chromium").is_file()
        && runs("node", "--version");
    if !tool_available("playwright-core (tests/browser) with node and /usr/bin/chromium", ready) {
        return;
    }
    let example = example();
    let claim = &example.dossier.claims[0];
    let word = claim
        .quote
        .split(|c: char| !c.is_alphanumeric())
        .max_by_key(|w| w.chars().count())
        .expect("a word");
    let page = format!("sources/{}/index.html", example.dossier.sources[0].id);
    let output = Command::new("node")
        .arg(dir.join("search.mjs"))
        .arg(&example.output)
        .arg(&page)
        .arg(word.to_lowercase())
        .arg("nordkorea")
        .current_dir(&dir)
        .output()
        .expect("run node");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let report: Value = serde_json::from_str(&stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}):\n{stdout}\n{}", String::from_utf8_lossy(&output.stderr)));
    assert_eq!(report["visible_with_js"], true, "{report:#}");
    assert_eq!(report["visible_without_js"], false, "{report:#}");
    assert!(report["nav_links_without_js"].as_u64().unwrap() >= 4);
    let hrefs: Vec<&str> = report["results"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|r| r["href"].as_str())
        .collect();
    let expected = format!("/dossier/claims/{}/", claim.id);
    assert!(hrefs.iter().any(|h| h.ends_with(&expected)), "{word}: {report:#}");
    // Every claim result shows its verdict, as the scale names it.
    let labels: BTreeSet<&str> = example
        .dossier
        .config
        .verdicts
        .iter()
        .map(|v| v.label.as_str())
        .collect();
    for result in report["results"].as_array().unwrap() {
        if result["href"].as_str().unwrap().contains("/claims/") {
            let verdict = result["verdict"].as_str().unwrap_or_default();
            assert!(labels.contains(verdict), "{result:#}");
        } else {
            assert!(result["verdict"].is_null(), "{result:#}");
        }
    }
    // Nothing moves when the script shows the box: its place was kept.
    assert_eq!(report["main_top_before"], report["main_top_after"], "{report:#}");
    // A broad query: ranked (the first result has the word in its title), 20 shown, "more"
    // shows more, Enter opens the first result.
    let broad = &report["broad"];
    assert_eq!(broad["before_more"], 20, "{report:#}");
    assert!(broad["after_more"].as_u64().unwrap() > 20, "{report:#}");
    assert!(broad["status"].as_str().unwrap().contains("20"), "{report:#}");
    assert_eq!(broad["entered"], broad["first"], "{report:#}");
    let first = report["broad"]["first"].as_str().unwrap();
    let first_page = read(&example.output.join(format!(
        "{}index.html",
        first.split("/dossier/").nth(1).expect("a page of the site")
    )));
    let title = Html::parse_document(&first_page)
        .select(&sel("h1"))
        .next()
        .map(|h| h.text().collect::<String>().to_lowercase())
        .unwrap_or_default();
    assert!(
        title.contains("nordkorea"),
        "first result `{first}` has the word in its title: {title}"
    );
}

// External checkers ---------------------------------------------------------------------------

/// Whether an external tool can run; in CI (`CI` set) a missing tool fails the test.
fn tool_available(what: &str, available: bool) -> bool {
    if available {
        return true;
    }
    if std::env::var_os("CI").is_some() {
        panic!("{what} is missing, and CI is set: run .ci/run's installation steps");
    }
    eprintln!("SKIPPED: {what} is missing (run `npm ci` in tests/browser; CI fails instead of skipping)");
    false
}

fn browser_dir() -> PathBuf {
    example_root().join("tests/browser")
}

fn runs(program: &str, arg: &str) -> bool {
    Command::new(program)
        .arg(arg)
        .output()
        .is_ok_and(|o| o.status.success())
}

#[test]
fn nu_html_checker_finds_no_errors_in_the_example_output() {
    let jar = browser_dir().join("node_modules/vnu-jar/build/dist/vnu.jar");
    if !tool_available(
        "the Nu HTML Checker (java, tests/browser/node_modules/vnu-jar)",
        jar.is_file() && runs("java", "-version"),
    ) {
        return;
    }
    let example = example();
    let output = Command::new("java")
        .arg("-jar")
        .arg(&jar)
        .args(["--errors-only", "--skip-non-html", "--format", "json"])
        .arg(&example.output)
        .output()
        .expect("run vnu");
    // vnu writes its JSON report to stderr.
    let report: Value = serde_json::from_slice(&output.stderr).unwrap_or_else(|e| {
        panic!(
            "vnu report is not JSON ({e}): {}",
            String::from_utf8_lossy(&output.stderr)
        )
    });
    let messages: Vec<String> = report["messages"]
        .as_array()
        .expect("messages")
        .iter()
        .filter(|m| m["type"] == "error" || m["subType"] == "fatal")
        .map(|m| {
            format!(
                "{}:{}: {}",
                m["url"]
                    .as_str()
                    .unwrap_or_default()
                    .rsplit("public/")
                    .next()
                    .unwrap_or_default(),
                m["lastLine"],
                m["message"].as_str().unwrap_or_default()
            )
        })
        .collect();
    assert!(
        messages.is_empty(),
        "{} vnu errors:\n{}",
        messages.len(),
        messages.join("\n")
    );
    assert!(output.status.success(), "vnu exit status {}", output.status);
}

#[test]
fn axe_finds_no_wcag_aa_violations_on_any_page_kind_in_light_and_dark() {
    let dir = browser_dir();
    let ready = dir.join("node_modules/axe-core/axe.min.js").is_file()
        && dir.join("node_modules/playwright-core").is_dir()
        && Path::new("/usr/bin/chromium").is_file()
        && runs("node", "--version");
    if !tool_available(
        "axe-core/playwright-core (tests/browser) with node and /usr/bin/chromium",
        ready,
    ) {
        return;
    }
    let example = example();
    let dossier = &example.dossier;
    // One page of every kind.
    let mut pages = vec![
        "index.html".to_owned(),
        "404.html".to_owned(),
        "claims/index.html".to_owned(),
        "sources/index.html".to_owned(),
        "topics/index.html".to_owned(),
        "origins/index.html".to_owned(),
    ];
    pages.extend(dossier.pages.iter().map(|p| format!("{}/index.html", p.slug)));
    let with_links = dossier.claims.iter().find(|c| !c.links.is_empty() && c.note.is_some());
    pages.push(format!(
        "claims/{}/index.html",
        with_links.unwrap_or(&dossier.claims[0]).id
    ));
    pages.push(format!("sources/{}/index.html", dossier.sources[0].id));
    let busiest_topic = dossier.topics.iter().max_by_key(|t| t.claims.len()).expect("a topic");
    pages.push(format!("topics/{}/index.html", busiest_topic.id));
    pages.push(format!("origins/{}/index.html", dossier.origins[0].id));
    // The listing of one verdict and the corrections page.
    let verdict = &dossier.config.verdicts[dossier.claims[0].verdict.index()].id;
    pages.push(format!("claims/verdict/{verdict}/index.html"));
    pages.push("corrections/index.html".to_owned());
    let output = Command::new("node")
        .arg(dir.join("axe.mjs"))
        .arg(&example.output)
        .args(&pages)
        .env("SEARCH_QUERY", "Soldaten")
        .current_dir(&dir)
        .output()
        .expect("run node");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let report: Value = serde_json::from_str(&stdout).unwrap_or_else(|e| {
        panic!(
            "axe report is not JSON ({e}):\n{stdout}\n{}",
            String::from_utf8_lossy(&output.stderr)
        )
    });
    let checked = report["checked"].as_array().expect("checked").len();
    assert_eq!(checked, pages.len() * 2, "every page in light and dark: {report:#}");
    let violations = report["violations"].as_array().expect("violations");
    assert!(
        violations.is_empty(),
        "{} axe violations:\n{report:#}",
        violations.len()
    );
    assert!(output.status.success());
}

#[test]
fn a_claim_page_prints_to_pdf_as_a_document_with_the_source_url_written_out() {
    let ready = Path::new("/usr/bin/chromium").is_file() && runs("pdftotext", "-v");
    if !tool_available("/usr/bin/chromium and pdftotext (poppler-utils)", ready) {
        return;
    }
    let fixture = Fixture::new();
    fixture.build();
    let page = fixture.path("public/claims/nk-11000/index.html");
    let pdf = fixture.path("claim.pdf");
    let status = Command::new("/usr/bin/chromium")
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-pdf-header-footer",
        ])
        .arg(format!("--print-to-pdf={}", pdf.display()))
        .arg(format!("file://{}", page.display()))
        .output()
        .expect("run chromium");
    assert!(pdf.is_file(), "no PDF: {}", String::from_utf8_lossy(&status.stderr));
    let text = Command::new("pdftotext")
        .args(["-layout"])
        .arg(&pdf)
        .arg("-")
        .output()
        .expect("run pdftotext");
    let text = String::from_utf8_lossy(&text.stdout);
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        flat.contains("Nordkorea hat Russland mit knapp 11.000 Soldaten"),
        "{flat}"
    );
    // The original article's URL is written out, without the text fragment.
    assert!(flat.contains("(https://example.com/a)"), "{flat}");
    assert!(!flat.contains(":~:text="), "{flat}");
    // Navigation, skip link and search box are not printed.
    assert!(
        !flat.contains("Zum Inhalt springen") && !flat.contains("Suche"),
        "{flat}"
    );
}
