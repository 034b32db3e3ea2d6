//! The example dossier in this repository: every claim anchors, strict check passes, no topic
//! table mixes measures, and the same-origin rows are exactly the annotated same-origin groups.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use dossier::build::{CheckOptions, check, site_in_memory};
use dossier::load::InputFiles;
use dossier::load::schema::Relation;
use dossier::render::RenderOptions;
use scraper::{Html, Selector};

fn example() -> (InputFiles, dossier::model::Dossier) {
    let input = InputFiles::read(Path::new(env!("CARGO_MANIFEST_DIR")));
    let checked = check(
        &input,
        CheckOptions {
            coverage: true,
            strict: true,
        },
    );
    assert!(checked.diagnostics.is_empty(), "{}", checked.diagnostics.render());
    (input, checked.dossier.expect("the example dossier resolves"))
}

#[test]
fn the_example_passes_strict_check_with_every_claim_anchored_in_all_five_articles() {
    let (_, dossier) = example();
    assert_eq!(dossier.sources.len(), 5, "all five seed articles are annotated");
    for source in &dossier.sources {
        assert!(
            source.claims.len() >= 10,
            "{} has only {} claims",
            source.id,
            source.claims.len()
        );
        assert!(source.uncovered.is_empty(), "{} has unannotated sentences", source.id);
    }
    for claim in &dossier.claims {
        let source = &dossier.sources[claim.source];
        let paragraph = &source.paragraphs[claim.paragraph];
        for part in &claim.quote_parts {
            assert!(
                paragraph.start <= part.start && part.end <= paragraph.end,
                "{}: quote outside its paragraph",
                claim.id
            );
            assert!(
                !source.text[part.clone()].trim().is_empty(),
                "{}: empty quote part",
                claim.id
            );
        }
    }
    for required in [
        "russische-truppenstaerke",
        "nordkoreanische-truppen",
        "ukrainische-truppenstaerke",
        "russische-verluste",
        "ukrainische-verluste",
    ] {
        assert!(
            dossier.topics.iter().any(|t| t.id == required),
            "topic {required} missing"
        );
    }
}

#[test]
fn topic_tables_never_mix_measures_and_show_one_origin_once() {
    let (input, dossier) = example();
    let site = site_in_memory(&input, &RenderOptions::default()).unwrap_or_else(|d| panic!("{}", d.render()));
    let measure_of: BTreeMap<&str, (&str, &str)> = dossier
        .claims
        .iter()
        .filter_map(|c| {
            let q = c.quantity.as_ref()?;
            let topic = &dossier.topics[c.topic];
            Some((
                c.id.as_str(),
                (topic.id.as_str(), topic.measures[q.measure].id.as_str()),
            ))
        })
        .collect();
    // Annotated same-origin groups: connected components of same-origin links.
    let group_of: BTreeMap<&str, usize> = dossier
        .claims
        .iter()
        .map(|c| (c.id.as_str(), c.origin_group.index()))
        .collect();
    let linked: BTreeSet<&str> = dossier
        .claims
        .iter()
        .filter(|c| c.links.iter().any(|l| l.relation == Relation::SameOrigin))
        .map(|c| c.id.as_str())
        .collect();
    let sections = Selector::parse("section.measure").unwrap();
    let rows = Selector::parse("tbody tr").unwrap();
    // The row's own reports (not the claims of other origins named as its support).
    let links = Selector::parse(".reports a[href]").unwrap();
    let mut rows_seen = 0;
    let mut multi_report_rows = 0;
    for topic in &dossier.topics {
        let path = format!("topics/{}/index.html", topic.id);
        let file = site.get(&path).expect("topic page");
        let html = Html::parse_document(std::str::from_utf8(file).unwrap());
        for section in html.select(&sections) {
            let measure = section.value().id().unwrap().trim_start_matches("measure-").to_owned();
            for row in section.select(&rows) {
                rows_seen += 1;
                let claims: Vec<&str> = row
                    .select(&links)
                    .filter_map(|a| a.value().attr("href"))
                    .filter_map(|h| h.split("claims/").nth(1))
                    .map(|rest| rest.trim_end_matches('/'))
                    .collect();
                assert!(!claims.is_empty(), "{path}: a row without claims");
                for claim in &claims {
                    assert_eq!(
                        measure_of.get(claim),
                        Some(&(topic.id.as_str(), measure.as_str())),
                        "{path}: {claim} in measure {measure}"
                    );
                }
                let groups: BTreeSet<usize> = claims.iter().map(|c| group_of[c]).collect();
                assert_eq!(groups.len(), 1, "{path}: one row holds one origin group: {claims:?}");
                if claims.len() > 1 {
                    multi_report_rows += 1;
                    assert!(
                        claims.iter().all(|c| linked.contains(c)),
                        "{path}: {claims:?} grouped without a same-origin link"
                    );
                }
            }
        }
    }
    assert!(rows_seen > 20, "only {rows_seen} table rows");
    assert!(
        multi_report_rows >= 2,
        "the Bloomberg 100,000 and the NATO 600,000 are each one origin reported several times"
    );
}
