//! One figure, one way of writing it: every place a claim's figure appears (claim page, topic
//! table, chart, index and topic cards, the topic's jump list, the range line, search, feed,
//! `og:description`, ClaimReview, CSV and JSON) carries its qualifier and its unit, and a reading
//! of vague words ("Tausende") is shown as a reading, never as a reported figure or range end.
//! Checked for every claim of the example dossier and of a fixture with every qualifier.

use std::collections::BTreeMap;
use std::path::Path;

use dossier::build::{CheckOptions, check, site_in_memory};
use dossier::load::InputFiles;
use dossier::load::schema::Qualifier;
use dossier::model::{Claim, Dossier, Quantity};
use dossier::render::RenderOptions;
use dossier::render::format::quantity_number;
use scraper::{ElementRef, Html, Selector};
use serde_json::Value;

use crate::fixture::{Fixture, normalize};

/// The German words of each qualifier, written here independently of the renderer.
fn qualifier_words(qualifier: Qualifier) -> &'static str {
    match qualifier {
        Qualifier::Exactly => "genau",
        Qualifier::About => "etwa",
        Qualifier::JustUnder => "knapp",
        Qualifier::UpTo => "bis zu",
        Qualifier::MoreThan => "mehr als",
        Qualifier::AtLeast => "mindestens",
        Qualifier::LessThan => "weniger als",
    }
}

/// The annotation's qualifier as written in YAML (what the data files must export).
fn qualifier_id(qualifier: Option<Qualifier>) -> &'static str {
    match qualifier {
        None => "",
        Some(Qualifier::Exactly) => "exactly",
        Some(Qualifier::About) => "about",
        Some(Qualifier::JustUnder) => "just-under",
        Some(Qualifier::UpTo) => "up-to",
        Some(Qualifier::MoreThan) => "more-than",
        Some(Qualifier::AtLeast) => "at-least",
        Some(Qualifier::LessThan) => "less-than",
    }
}

/// What the figure of `q` must look like wherever it is shown, in parts: the text before the
/// number, the number, the text after it.
fn parts(q: &Quantity) -> (String, String, String) {
    let one = !q.is_range && q.low == 1.0;
    let unit = match (&q.unit, &q.unit_singular) {
        (Some(_), Some(singular)) if one => Some(singular.as_str()),
        (unit, _) => unit.as_deref(),
    };
    let mut before = q
        .qualifier
        .map(|w| format!("{} ", qualifier_words(w)))
        .unwrap_or_default();
    let mut after = unit.map(|u| format!(" {u}")).unwrap_or_default();
    if let Some(words) = &q.wording {
        before = format!("{words} (gelesen als {before}");
        after.push(')');
    }
    (before, quantity_number(dossier::model::Language::De, q), after)
}

fn expected_figure(q: &Quantity) -> String {
    let (before, number, after) = parts(q);
    format!("{before}{number}{after}")
}

/// Every occurrence of a claim's number in `text` stands in one of `quantities`' whole figures
/// (or, as the lower end of a range line, without its unit but with nothing to qualify).
fn assert_every_number_is_qualified(place: &str, text: &str, quantities: &[&Quantity]) {
    // Longest numbers first, each masked once checked, so `12.000` is not looked at again
    // inside `10.000–12.000`.
    let mut by_length: Vec<&&Quantity> = quantities.iter().collect();
    by_length.sort_by_key(|q| std::cmp::Reverse(parts(q).1.len()));
    let mut text = text.to_owned();
    for q in by_length {
        let (_, number, _) = parts(q);
        let found: Vec<usize> = text.match_indices(&number).map(|(at, _)| at).collect();
        for &at in &found {
            let head = &text[..at];
            let tail = &text[at + number.len()..];
            let digit_before = head
                .chars()
                .next_back()
                .is_some_and(|c| c.is_ascii_digit() || c == '.' || c == ',');
            let digit_after = tail.starts_with(|c: char| c.is_ascii_digit())
                || tail.len() > 1
                    && tail.starts_with(['.', ','])
                    && tail[1..].starts_with(|c: char| c.is_ascii_digit());
            if digit_before || digit_after {
                continue; // part of another number
            }
            let whole = quantities.iter().any(|other| {
                let (before, other_number, after) = parts(other);
                other_number == number
                    && head.ends_with(&before)
                    && (tail.starts_with(&after)
                        || other.qualifier.is_none() && other.wording.is_none() && tail.starts_with(" – "))
            });
            assert!(
                whole,
                "{place}: `{number}` in {text:?} lacks its qualifier or unit (expected e.g. {:?})",
                expected_figure(q)
            );
        }
        text = text.replace(&number, &"#".repeat(number.len()));
    }
}

/// A summary that states the figure keeps its qualification (in any of the usual words).
fn assert_summary_keeps_qualifier(place: &str, text: &str, q: &Quantity) {
    let (_, number, _) = parts(q);
    let words: &[&str] = match q.qualifier {
        None | Some(Qualifier::Exactly) => return,
        Some(Qualifier::About) => &["etwa", "rund", "circa", "ca.", "ungefähr", "knapp", "gut"],
        Some(Qualifier::JustUnder) => &["knapp", "fast", "beinahe"],
        Some(Qualifier::UpTo) => &["bis zu", "höchstens"],
        Some(Qualifier::MoreThan) => &["mehr als", "über"],
        Some(Qualifier::AtLeast) => &["mindestens", "wenigstens"],
        Some(Qualifier::LessThan) => &["weniger als", "unter"],
    };
    let lower = text.to_lowercase();
    for (at, _) in lower.match_indices(&number.to_lowercase()) {
        let head: String = lower[..at]
            .chars()
            .rev()
            .take(16)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        assert!(
            words.iter().any(|w| head.contains(w)),
            "{place}: {text:?} states {number} without its qualifier ({words:?})"
        );
    }
}

fn sel(css: &str) -> Selector {
    Selector::parse(css).unwrap_or_else(|e| panic!("selector {css}: {e:?}"))
}

fn text(element: ElementRef<'_>) -> String {
    normalize(&element.text().collect::<String>())
}

/// The site in memory, by path.
struct Site(BTreeMap<String, String>);

impl Site {
    fn file(&self, path: &str) -> &str {
        self.0.get(path).unwrap_or_else(|| panic!("no {path} in the site"))
    }

    fn page(&self, path: &str) -> Html {
        Html::parse_document(self.file(path))
    }
}

fn build(input: &InputFiles) -> (Dossier, Site) {
    let checked = check(input, CheckOptions::default());
    let dossier = checked
        .dossier
        .unwrap_or_else(|| panic!("the dossier resolves:\n{}", checked.diagnostics.render()));
    let rendered = site_in_memory(input, &RenderOptions::default()).unwrap_or_else(|d| panic!("{}", d.render()));
    let files = rendered
        .into_iter()
        .map(|(path, bytes)| (path, String::from_utf8_lossy(&bytes).into_owned()))
        .collect();
    (dossier, Site(files))
}

/// The figure in each place, checked for every claim with one; returns the figures by claim id.
fn assert_figures_everywhere(dossier: &Dossier, site: &Site) -> BTreeMap<String, String> {
    let mut figures = BTreeMap::new();
    let csv_rows: Vec<BTreeMap<String, String>> = csv::Reader::from_reader(site.file("claims.csv").as_bytes())
        .deserialize()
        .collect::<Result<_, _>>()
        .expect("claims.csv parses");
    let json_rows: Vec<BTreeMap<String, Value>> =
        serde_json::from_str(site.file("claims.json")).expect("claims.json parses");
    let feed = site.file("feed.xml");
    let search_docs: Vec<Value> = site
        .0
        .iter()
        .filter(|(path, _)| path.starts_with("search/docs/"))
        .flat_map(|(_, json)| serde_json::from_str::<Vec<Value>>(json).expect("search docs parse"))
        .collect();
    for (index, claim) in dossier.claims.iter().enumerate() {
        let Some(q) = &claim.quantity else { continue };
        let figure = expected_figure(q);
        let place = |what: &str| format!("claim `{}`, {what}", claim.id);
        figures.insert(claim.id.clone(), figure.clone());

        // The claim page: the figure, the share description, the ClaimReview.
        let page = site.page(&format!("claims/{}/index.html", claim.id));
        // Its own figure, once: in the compared figures at the top, or in the details without them.
        let shown: Vec<String> = page
            .select(&sel(".compared-self strong.figure, .facts strong.figure"))
            .map(text)
            .collect();
        assert_eq!(shown, std::slice::from_ref(&figure), "{}", place("claim page"));
        let og: Vec<&str> = page
            .select(&sel("meta[property='og:description']"))
            .filter_map(|m| m.value().attr("content"))
            .collect();
        assert!(
            og.iter().any(|d| d.contains(&figure)),
            "{}: {og:?}",
            place("og:description")
        );
        let review: Value = page
            .select(&sel("script[type='application/ld+json']"))
            .map(|s| serde_json::from_str(&s.text().collect::<String>()).expect("JSON-LD parses"))
            .find(|v: &Value| v["@type"] == "ClaimReview")
            .expect("a ClaimReview");
        let reviewed = review["claimReviewed"].as_str().expect("claimReviewed");
        assert_summary_keeps_qualifier(&place("claimReviewed"), reviewed, q);

        // The topic table: the row reporting this claim, and the chart beside it.
        let topic = &dossier.topics[claim.topic];
        let measure = &topic.measures[q.measure];
        let topic_page = site.page(&format!("topics/{}/index.html", topic.id));
        let section = topic_page
            .select(&sel(&format!("section#measure-{}", measure.id)))
            .next()
            .unwrap_or_else(|| panic!("{}", place("a section for its measure")));
        let row = section
            .select(&sel("tbody tr"))
            .find(|tr| {
                tr.select(&sel("a[href]")).any(|a| {
                    a.value()
                        .attr("href")
                        .is_some_and(|h| h.ends_with(&format!("claims/{}/", claim.id)))
                })
            })
            .unwrap_or_else(|| panic!("{}", place("a table row")));
        let cell = text(row.select(&sel("th.figure")).next().expect("figure cell"));
        assert!(
            cell.split(" / ").any(|f| f == figure),
            "{}: {cell:?} ≠ {figure:?}",
            place("table")
        );
        // The chart: its own in the measure's section, or the topic's overview chart of the unit
        // the measure shares with others; either way the rows of this measure name it.
        let rows = sel(&format!("svg.chart-wide g.chart-row[data-measure='{}']", measure.id));
        let row_figure = |g: ElementRef<'_>| {
            let lines: Vec<String> = g.select(&sel("text.chart-value")).map(text).collect();
            lines.join(" ")
        };
        let bars: Vec<String> = topic_page.select(&rows).map(row_figure).collect();
        assert!(
            bars.iter().any(|b| b.split(" / ").any(|f| f == figure)),
            "{}: {bars:?} lack {figure:?}",
            place("chart")
        );
        if q.wording.is_some() {
            let reading_rows = topic_page
                .select(&rows)
                .filter(|g| row_figure(*g).contains(&figure))
                .count();
            let outlined = topic_page
                .select(&rows)
                .filter(|g| {
                    row_figure(*g).contains(&figure) && g.select(&sel("rect.chart-bar-reading")).next().is_some()
                })
                .count();
            assert!(
                reading_rows > 0 && outlined == reading_rows,
                "{}",
                place("chart: a reading is an outline")
            );
        }

        // Search, feed, data.
        let url = format!("claims/{}/", claim.id);
        let doc = search_docs
            .iter()
            .find(|d| d[2] == url.as_str())
            .unwrap_or_else(|| panic!("{}", place("a search document")));
        assert!(
            doc[0].as_str().is_some_and(|t| t.contains(&figure)),
            "{}: {doc}",
            place("search result")
        );
        let entry = feed
            .split("<entry>")
            .find(|e| e.contains(&format!("{url}</id>")))
            .unwrap_or_else(|| panic!("{}", place("a feed entry")));
        let escaped = figure.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;");
        assert!(entry.contains(&escaped), "{}: {entry}", place("feed entry"));
        let annotated = qualifier_id(q.qualifier);
        let wording = q.wording.clone().unwrap_or_default();
        let csv = &csv_rows[index];
        assert_eq!(csv["id"], claim.id);
        assert_eq!(csv["figure"], figure, "{}", place("claims.csv figure"));
        assert_eq!(
            csv["quantity_qualifier"],
            annotated,
            "{}",
            place("claims.csv qualifier")
        );
        assert_eq!(csv["quantity_wording"], wording, "{}", place("claims.csv wording"));
        assert_eq!(
            csv["unit"],
            q.unit.clone().unwrap_or_default(),
            "{}",
            place("claims.csv unit")
        );
        let json = &json_rows[index];
        assert_eq!(json["figure"], figure.as_str(), "{}", place("claims.json figure"));
        let json_qualifier = json["quantity_qualifier"].as_str().unwrap_or_default();
        assert_eq!(json_qualifier, annotated, "{}", place("claims.json qualifier"));
        assert_eq!(json["quantity_wording"].as_str().unwrap_or_default(), wording);
    }

    // Per measure: cards, jump list, range line, table cells and chart labels carry whole figures;
    // "Spanne" only for two or more figures; a reading is never a range end.
    let cards = [site.page("index.html"), site.page("topics/index.html")];
    for (t, topic) in dossier.topics.iter().enumerate() {
        let topic_page = site.page(&format!("topics/{}/index.html", topic.id));
        let card_spreads: Vec<String> = cards
            .iter()
            .flat_map(|page| {
                page.select(&sel("li.card"))
                    .filter(|card| {
                        card.select(&sel(".card-title a")).any(|a| {
                            a.value()
                                .attr("href")
                                .is_some_and(|h| h.ends_with(&format!("topics/{}/", topic.id)))
                        })
                    })
                    .flat_map(|card| card.select(&sel("ul.spreads li")).map(text).collect::<Vec<_>>())
                    .collect::<Vec<_>>()
            })
            .collect();
        let jumps: Vec<String> = topic_page.select(&sel("nav.toc li")).map(text).collect();
        for (m, measure) in topic.measures.iter().enumerate() {
            let quantities: Vec<&Quantity> = dossier
                .claims_with_measure(dossier::model::TopicId::new(t), dossier::model::MeasureId::new(m))
                .filter_map(|c: &Claim| c.quantity.as_ref())
                .collect();
            if quantities.is_empty() {
                continue;
            }
            let place = |what: &str| format!("topic `{}`, measure `{}`, {what}", topic.id, measure.id);
            let prefix = format!("{}: ", measure.label);
            let spreads: Vec<&String> = card_spreads.iter().filter(|s| s.starts_with(&prefix)).collect();
            assert!(!spreads.is_empty(), "{}", place("a line on the topic's card"));
            for spread in spreads {
                assert_every_number_is_qualified(&place("card"), &spread[prefix.len()..], &quantities);
            }
            for jump in jumps.iter().filter(|j| j.starts_with(&measure.label)) {
                assert_every_number_is_qualified(&place("jump list"), &jump[measure.label.len()..], &quantities);
            }
            let section = topic_page
                .select(&sel(&format!("section#measure-{}", measure.id)))
                .next()
                .expect("section");
            let range = text(section.select(&sel(".range strong")).next().expect("a range line"));
            let label = text(section.select(&sel(".range .label")).next().expect("its label"));
            assert_every_number_is_qualified(&place("range line"), &range, &quantities);
            let mut reported: Vec<String> = quantities
                .iter()
                .filter(|q| q.wording.is_none())
                .map(|q| expected_figure(q))
                .collect();
            reported.sort();
            reported.dedup();
            let expected_label = match reported.len() {
                0 if quantities.iter().filter(|q| q.wording.is_some()).count() > 1 => "Angaben:",
                0 | 1 => "Wert:",
                _ => "Spanne:",
            };
            assert_eq!(label, expected_label, "{}: {range}", place("range label"));
            if !reported.is_empty() {
                assert!(
                    !range.contains("gelesen als"),
                    "{}: {range}",
                    place("a reading as a range end")
                );
            }
            for cell in section.select(&sel("th.figure")).map(text) {
                assert_every_number_is_qualified(&place("table"), &cell, &quantities);
            }
            // The measure's bars, in its own chart or in the overview chart of its unit (both
            // layouts), each figure read whole across the lines it wraps onto.
            let rows = sel(&format!("svg g.chart-row[data-measure='{}']", measure.id));
            let mut drawn = 0;
            for row in topic_page.select(&rows) {
                let lines: Vec<String> = row.select(&sel("text.chart-value")).map(text).collect();
                assert_every_number_is_qualified(&place("chart"), &lines.join(" "), &quantities);
                drawn += 1;
            }
            assert!(drawn > 0, "{}", place("bars in a chart"));
        }
    }
    figures
}

#[test]
fn every_figure_of_the_example_carries_its_qualifier_and_unit_everywhere() {
    let input = InputFiles::read(Path::new(env!("CARGO_MANIFEST_DIR")));
    let (dossier, site) = build(&input);
    let figures = assert_figures_everywhere(&dossier, &site);
    assert!(figures.len() >= 20, "the example has figures: {figures:?}");
}

const FIGURES_ARTICLE: &str = "Zahlen\n\nGenau 300 Soldaten kamen an. Etwa 400 Soldaten folgten. Knapp 11.000 Soldaten sind im Land. Bis zu 12.000 Soldaten sind geplant. Dazu kommen 7.000 Soldaten an der Grenze. Es sind zwischen 10.000 und 12.000 Soldaten, sagt die Nato. Tausende Soldaten sind es laut Medien.\n\nMehr als 600 Soldaten wurden verwundet. Mindestens 50 Soldaten fielen. Weniger als 20 Soldaten desertierten. Der Krieg soll in 1 Tag enden.\n";

const FIGURES_TOPIC: &str = r#"- id: zahlen
  title: "Zahlen aller Art"
  question: "Wie viele?"
  unit: "Soldaten"
  measures:
    - id: im-land
      label: "Im Land"
    - id: verluste
      label: "Verluste"
    - id: frist
      label: "Frist"
      unit: "Tage"
      unit_singular: "Tag"
    - id: nur-lesart
      label: "Nur gelesen"
"#;

const FIGURES_SOURCE: &str = r#"id: zahlen
file: seeds/zahlen.txt
title: "Zahlen"
outlet: "Zahlenblatt"
published: 2024-11-20
language: de
exclude:
  - lines: 1
    reason: "Titelzeile"
claims:
  - id: z-genau
    quote: "Genau 300 Soldaten kamen an"
    statement: "Genau 300 Soldaten kamen an."
    topic: zahlen
    quantity: { value: 300, qualifier: exactly, measure: im-land }
    origin: article
    verdict: belegt
  - id: z-etwa
    quote: "Etwa 400 Soldaten folgten"
    statement: "Etwa 400 Soldaten folgten."
    topic: zahlen
    quantity: { value: 400, qualifier: about, measure: im-land }
    origin: article
    verdict: belegt
  - id: z-knapp
    quote: "Knapp 11.000 Soldaten sind im Land"
    statement: "Knapp 11.000 Soldaten sind im Land."
    topic: zahlen
    quantity: { value: 11000, qualifier: just-under, measure: im-land }
    origin: article
    verdict: belegt
  - id: z-bis-zu
    quote: "Bis zu 12.000 Soldaten sind geplant"
    statement: "Bis zu 12.000 Soldaten sind geplant."
    topic: zahlen
    quantity: { value: 12000, qualifier: up-to, measure: im-land }
    origin: article
    verdict: belegt
  - id: z-ohne
    quote: "Dazu kommen 7.000 Soldaten an der Grenze"
    statement: "An der Grenze stehen 7.000 Soldaten."
    topic: zahlen
    quantity: { value: 7000, measure: im-land }
    origin: article
    verdict: belegt
  - id: z-spanne
    quote: "zwischen 10.000 und 12.000 Soldaten, sagt die Nato"
    statement: "Es sind zwischen 10.000 und 12.000 Soldaten."
    topic: zahlen
    quantity: { min: 10000, max: 12000, measure: im-land }
    origin: article
    verdict: belegt
  - id: z-tausende
    quote: "Tausende Soldaten sind es laut Medien"
    statement: "Tausende Soldaten sind im Land."
    topic: zahlen
    quantity: { value: 2000, qualifier: at-least, wording: "Tausende", measure: im-land }
    origin: article
    verdict: unbelegt
  - id: z-tausende-allein
    quote: "Tausende Soldaten"
    statement: "Tausende Soldaten sind im Land (nur gelesen)."
    topic: zahlen
    quantity: { value: 2000, qualifier: at-least, wording: "Tausende", measure: nur-lesart }
    origin: article
    verdict: unbelegt
  - id: z-mehr-als
    quote: "Mehr als 600 Soldaten wurden verwundet"
    statement: "Mehr als 600 Soldaten wurden verwundet."
    topic: zahlen
    quantity: { value: 600, qualifier: more-than, measure: verluste }
    origin: article
    verdict: belegt
  - id: z-mindestens
    quote: "Mindestens 50 Soldaten fielen"
    statement: "Mindestens 50 Soldaten fielen."
    topic: zahlen
    quantity: { value: 50, qualifier: at-least, measure: verluste }
    origin: article
    verdict: belegt
  - id: z-weniger-als
    quote: "Weniger als 20 Soldaten desertierten"
    statement: "Weniger als 20 Soldaten desertierten."
    topic: zahlen
    quantity: { value: 20, qualifier: less-than, measure: verluste }
    origin: article
    verdict: belegt
  - id: z-ein-tag
    quote: "Der Krieg soll in 1 Tag enden"
    statement: "Der Krieg soll binnen eines Tages enden."
    topic: zahlen
    quantity: { value: 1, qualifier: up-to, measure: frist }
    origin: article
    verdict: unbelegt
"#;

#[test]
fn every_qualifier_a_range_a_reading_and_a_singular_unit_are_written_whole_everywhere() {
    let fixture = Fixture::new();
    let topics = fixture.read("content/topics.yaml");
    fixture.write("content/topics.yaml", &format!("{topics}{FIGURES_TOPIC}"));
    fixture.write("content/sources/zahlen.yaml", FIGURES_SOURCE);
    fixture.write("seeds/zahlen.txt", FIGURES_ARTICLE);
    let input = InputFiles::read(fixture.root());
    let (dossier, site) = build(&input);
    let figures = assert_figures_everywhere(&dossier, &site);
    // The figures themselves, spelled out.
    for (id, figure) in [
        ("z-genau", "genau 300 Soldaten"),
        ("z-etwa", "etwa 400 Soldaten"),
        ("z-knapp", "knapp 11.000 Soldaten"),
        ("z-bis-zu", "bis zu 12.000 Soldaten"),
        ("z-ohne", "7.000 Soldaten"),
        ("z-spanne", "10.000–12.000 Soldaten"),
        ("z-tausende", "Tausende (gelesen als mindestens 2.000 Soldaten)"),
        ("z-mehr-als", "mehr als 600 Soldaten"),
        ("z-mindestens", "mindestens 50 Soldaten"),
        ("z-weniger-als", "weniger als 20 Soldaten"),
        ("z-ein-tag", "bis zu 1 Tag"),
        ("ru-putin", "1,6 Mio. Soldaten"),
    ] {
        assert_eq!(figures.get(id).map(String::as_str), Some(figure), "{id}");
    }
    // The range lines, as a reader sees them.
    let topic = site.page("topics/zahlen/index.html");
    let lines: Vec<String> = topic.select(&sel(".range")).map(text).collect();
    assert_eq!(
        lines,
        [
            "Spanne: genau 300 Soldaten – bis zu 12.000 Soldaten",
            "Spanne: weniger als 20 Soldaten – mehr als 600 Soldaten",
            "Wert: bis zu 1 Tag",
            "Wert: Tausende (gelesen als mindestens 2.000 Soldaten)",
        ]
    );
    let jumps: Vec<String> = topic.select(&sel("nav.toc li")).map(text).collect();
    assert!(jumps.contains(&"Frist (bis zu 1 Tag)".to_owned()), "{jumps:?}");
}

#[test]
fn an_empty_wording_is_an_error_at_its_line_and_absent_qualifiers_stay_absent() {
    let fixture = Fixture::english();
    fixture.edit(
        "content/sources/a.yaml",
        "quantity: { value: 500000, qualifier: about, measure: aktiv }",
        "quantity: { value: 500000, qualifier: about, wording: \"  \", measure: aktiv }",
    );
    let run = fixture.run(&["check"]);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    let all = format!("{}{}", run.stdout, run.stderr);
    let line = crate::fixture::SOURCE_A
        .lines()
        .position(|l| l.contains("value: 500000"))
        .expect("the quantity's line")
        + 1;
    assert!(
        all.contains("claim `ru-nypost`: `wording` is empty") && all.contains(&format!("a.yaml:{line}:")),
        "{all}"
    );
    assert!(all.contains("the source's own words"), "says how to fix it: {all}");
}
