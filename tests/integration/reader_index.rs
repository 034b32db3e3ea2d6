//! The reader's ways into the findings: the index leads with them (`highlights:`, the claims per
//! verdict, the claims of verdicts marked `finding: true`), a static page per verdict lists
//! exactly its claims, `highlights:` is checked with locations, and every origin's scorecard
//! adds up to its attributed claims. Real `dossier build` runs on the fixture; HTML parsed.

use std::collections::BTreeSet;

use dossier::build::{CheckOptions, check};
use dossier::load::InputFiles;

use crate::fixture::{CONFIG, Fixture, Page};

/// The fixture with `falsch` marked as a finding and `extra` appended to `dossier.yaml`.
fn fixture_with(extra: &str) -> Fixture {
    let fixture = Fixture::new();
    let config = CONFIG.replace(
        "    explanation: \"Widerlegt.\"\n",
        "    explanation: \"Widerlegt.\"\n    finding: true\n",
    );
    assert_ne!(config, CONFIG, "the fixture's scale changed: update this test");
    fixture.write("dossier.yaml", &format!("{config}{extra}"));
    fixture
}

/// The claim ids a page links to (`claims/ID/`), in order, from `.claim-list` entries under `css`.
fn listed_claims(page: &Page, css: &str) -> Vec<String> {
    page.attrs(&format!("{css} .claim-statement a"), "href")
        .into_iter()
        .map(|href| {
            let path = crate::fixture::resolve(&page.path, &href);
            path.strip_prefix("claims/")
                .and_then(|p| p.strip_suffix("/index.html"))
                .unwrap_or_else(|| panic!("{href} is not a claim page"))
                .to_owned()
        })
        .collect()
}

#[test]
fn the_index_leads_with_highlights_verdict_counts_and_the_findings() {
    let fixture = fixture_with("highlights:\n  - ru-putin\n");
    fixture.build();
    let index = fixture.page("index.html");
    // The first section of the page is the findings; topics, sources and the description follow.
    let sections = index.attrs("main > section", "class");
    assert_eq!(sections.first().map(String::as_str), Some("findings"), "{sections:?}");
    assert!(
        index.texts("main > section.findings .lead").is_empty(),
        "the description is not part of the findings"
    );
    let order = index.attrs(
        "section.findings .highlights, section.findings .tally, section.findings .finding-group",
        "class",
    );
    assert_eq!(order, ["highlights", "tally", "finding-group"]);
    assert_eq!(listed_claims(&index, ".highlights"), ["ru-putin"]);
    // Claims per verdict, each count linked to its verdict's page.
    let rows = index.texts(".findings .tally-row");
    assert_eq!(rows, ["Belegt 1", "Unbelegt 3", "Falsch 1"]);
    assert_eq!(
        index.attrs(".findings .tally-row a", "href"),
        [
            "claims/verdict/belegt/",
            "claims/verdict/unbelegt/",
            "claims/verdict/falsch/"
        ]
    );
    // Only the verdict marked `finding: true` is listed with its claims.
    assert_eq!(index.attrs(".finding-group h3", "id"), ["finding-falsch"]);
    assert_eq!(listed_claims(&index, ".finding-group"), ["ru-nypost"]);
}

#[test]
fn each_verdict_page_lists_exactly_the_claims_of_its_verdict() {
    let fixture = fixture_with("");
    fixture.build();
    let dossier = check(&InputFiles::read(fixture.root()), CheckOptions::default())
        .dossier
        .expect("valid");
    let sitemap = fixture.read("public/sitemap.xml");
    for (v, verdict) in dossier.config.verdicts.iter().enumerate() {
        let expected: BTreeSet<String> = dossier
            .claims
            .iter()
            .filter(|c| c.verdict.index() == v)
            .map(|c| c.id.clone())
            .collect();
        let path = format!("claims/verdict/{}/index.html", verdict.id);
        let page = fixture.page(&path);
        let listed = listed_claims(&page, "main");
        assert_eq!(listed.len(), expected.len(), "{path}: each claim once");
        assert_eq!(listed.into_iter().collect::<BTreeSet<_>>(), expected, "{path}");
        assert!(page.text("h1").ends_with(&verdict.label), "{path}");
        // The page is in the sitemap, and the ways in mark it as the current one.
        assert!(sitemap.contains(&format!("claims/verdict/{}/</loc>", verdict.id)));
        let current = page.attrs(".claim-filters a[aria-current]", "href");
        assert_eq!(current.len(), 1, "{path}");
        assert_eq!(crate::fixture::resolve(&page.path, &current[0]), path);
    }
    // The claims overview links every verdict with claims, every topic and the origins.
    let overview = fixture.page("claims/index.html");
    let links: Vec<String> = overview.internal_links();
    for target in [
        "claims/verdict/belegt/index.html",
        "claims/verdict/unbelegt/index.html",
        "claims/verdict/falsch/index.html",
        "topics/nk-truppen/index.html",
        "topics/ru-staerke/index.html",
        "origins/index.html",
    ] {
        assert!(links.iter().any(|l| l == target), "claims/ links {target}: {links:?}");
    }
}

#[test]
fn highlights_name_existing_claims_once_each_and_errors_say_where() {
    // Every problem at once, each at its entry.
    let fixture = fixture_with("highlights:\n  - ru-putin\n  - ru-putinn\n  - ru-putin\n  - gibt-es-nicht\n");
    // Its messages are checked in English.
    fixture.edit("dossier.yaml", "language: de", "language: en");
    let lines = CONFIG.lines().count() + 1; // the `finding: true` line
    let stderr = fixture.run(&["check"]).fails().to_owned();
    let at = |n: usize| format!("dossier.yaml:{}:5", lines + 1 + n);
    assert!(
        stderr.contains(&at(2)) && stderr.contains("highlighted claim `ru-putinn` does not exist"),
        "{stderr}"
    );
    assert!(stderr.contains("did you mean `ru-putin`?"), "{stderr}");
    assert!(
        stderr.contains(&at(3)) && stderr.contains("claim `ru-putin` is listed twice under `highlights:`"),
        "{stderr}"
    );
    assert!(
        stderr.contains(&at(4)) && stderr.contains("highlighted claim `gibt-es-nicht` does not exist"),
        "{stderr}"
    );
    // A failed build leaves no output.
    assert_eq!(fixture.run(&["build"]).code, 1);
    assert!(!fixture.path("public").exists());
}

#[test]
fn every_origin_scorecard_adds_up_to_its_attributed_claims() {
    let fixture = fixture_with("");
    fixture.build();
    let dossier = check(&InputFiles::read(fixture.root()), CheckOptions::default())
        .dossier
        .expect("valid");
    let mut checked = 0;
    for origin in &dossier.origins {
        let path = format!("origins/{}/index.html", origin.id);
        let page = fixture.page(&path);
        let counts: Vec<usize> = page
            .texts(".scorecard .tally-count")
            .iter()
            .map(|n| n.parse().expect("a count"))
            .collect();
        if origin.claims.is_empty() {
            assert!(counts.is_empty(), "{path}: no scorecard without claims");
            continue;
        }
        assert_eq!(counts.len(), dossier.config.verdicts.len(), "{path}: every verdict");
        assert_eq!(counts.iter().sum::<usize>(), origin.claims.len(), "{path}");
        // Each count is that of its verdict, and links to the group of exactly those claims.
        for (v, verdict) in dossier.config.verdicts.iter().enumerate() {
            let expected: BTreeSet<String> = origin
                .claims
                .iter()
                .map(|&c| &dossier.claims[c])
                .filter(|c| c.verdict.index() == v)
                .map(|c| c.id.clone())
                .collect();
            assert_eq!(counts[v], expected.len(), "{path}: {}", verdict.id);
            let group = format!("#verdict-{}", verdict.id);
            let listed: BTreeSet<String> = listed_claims(&page, &group).into_iter().collect();
            assert_eq!(listed, expected, "{path}: {group}");
            let linked = page.attrs(".scorecard .tally-row a", "href").contains(&group);
            assert_eq!(
                linked,
                !expected.is_empty(),
                "{path}: {group} linked when it has claims"
            );
        }
        checked += 1;
    }
    assert!(checked >= 2, "the fixture has origins with claims");
}
