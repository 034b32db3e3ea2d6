//! Scaling guard: a generated dossier of 1,000 sources (10,000 claims, ~11,600 pages) builds
//! with the real binary into a complete, consistent site, so the fast path is also the
//! correct path. Checks every page the dossier implies, every internal link and fragment, the
//! quote marks on claim and source pages and the full claim list; and, on a smaller dossier,
//! that rebuilding unchanged content rewrites no file and leaves every byte as it was, and that
//! a rebuild after an edit equals a clean build.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::path::Path;

use dossier::build::{CheckOptions, check};
use dossier::generate::{GenerateOptions, write_dossier};
use dossier::load::InputFiles;
use rayon::prelude::*;
use scraper::{Html, Selector};

use crate::fixture::{Fixture, resolve};

const SOURCES: usize = 1000;

/// What one output page holds that the checks need.
struct PageFacts {
    ids: HashSet<String>,
    /// Internal links: (target file, fragment).
    links: Vec<(String, String)>,
    /// Ids of `mark.quote` elements (`q-CLAIM`).
    quote_anchors: BTreeSet<String>,
    /// Number of `mark.quote` elements.
    marks: usize,
}

fn selector(css: &str) -> Selector {
    Selector::parse(css).unwrap_or_else(|e| panic!("bad selector {css}: {e:?}"))
}

fn facts(path: &str, html: &str) -> PageFacts {
    let document = Html::parse_document(html);
    let ids = document
        .select(&selector("[id]"))
        .filter_map(|e| e.value().attr("id").map(str::to_owned))
        .collect();
    let links = document
        .select(&selector("a[href], link[href]"))
        .filter_map(|e| e.value().attr("href"))
        .filter(|h| !h.contains("://") && !h.starts_with("mailto:") && !h.starts_with('/'))
        .map(|h| {
            let fragment = h.split_once('#').map(|(_, f)| f.to_owned()).unwrap_or_default();
            let target = if h.starts_with('#') {
                path.to_owned()
            } else {
                resolve(path, h)
            };
            (target, fragment)
        })
        .collect();
    let marks: Vec<_> = document.select(&selector("mark.quote")).collect();
    PageFacts {
        ids,
        links,
        quote_anchors: marks
            .iter()
            .filter_map(|m| m.value().attr("id").map(str::to_owned))
            .collect(),
        marks: marks.len(),
    }
}

/// Every file of the output folder (relative path → bytes), without the manifest.
fn read_tree(root: &Path) -> BTreeMap<String, Vec<u8>> {
    let paths: Vec<_> = walkdir::WalkDir::new(root)
        .into_iter()
        .map(|e| e.expect("walk output"))
        .filter(|e| e.file_type().is_file() && e.file_name() != ".dossier-output")
        .map(|e| e.into_path())
        .collect();
    paths
        .into_par_iter()
        .map(|path| {
            let key = path
                .strip_prefix(root)
                .expect("inside output")
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join("/");
            let bytes = std::fs::read(&path).expect("read output file");
            (key, bytes)
        })
        .collect()
}

/// The count of files changed from the build summary line, in either language ("13,169 files,
/// 12 changed" or "13.169 Dateien, 12 geändert").
fn changed_count(stdout: &str) -> usize {
    let after = [" files, ", " Dateien, "]
        .iter()
        .find_map(|words| stdout.split(words).nth(1))
        .expect("build summary line");
    after
        .split(' ')
        .next()
        .map(|n| n.replace([',', '.'], ""))
        .and_then(|n| n.parse().ok())
        .expect("changed count")
}

#[test]
fn a_thousand_sources_build_into_a_complete_consistent_site() {
    let fixture = Fixture::empty();
    let summary = write_dossier(
        fixture.root(),
        &GenerateOptions {
            sources: SOURCES,
            seed: 1,
        },
    )
    .expect("generate");
    assert_eq!(summary.claims, SOURCES * 10);
    assert!(
        summary.largest_topic >= 1000,
        "one topic with a thousand claims or more"
    );

    // The model says which pages must exist.
    let input = InputFiles::read(fixture.root());
    let checked = check(
        &input,
        CheckOptions {
            coverage: true,
            // Not strict: the suggested links stay warnings.
            strict: false,
        },
    );
    // Generated figures are random: the links `check` suggests are the only warnings.
    assert!(
        checked
            .diagnostics
            .iter()
            .all(|d| dossier::model::provenance::suggestions::is_suggestion(&d.message)),
        "generated dossier is clean but for suggested links"
    );
    let dossier = checked.dossier.expect("valid dossier");

    let run = fixture.build();
    let tree = read_tree(&fixture.path("public"));
    assert_eq!(changed_count(&run.stdout), tree.len(), "{}", run.stdout);
    // No page grows with the square of its topic: the topic of 1,000+ claims lists its origins
    // instead of drawing a graph thousands of pixels high (with origins that name each other,
    // its graph was 248 MB of SVG, and the build took 30 s instead of 10).
    let (largest, bytes) = tree
        .iter()
        .filter(|(path, _)| path.ends_with(".html"))
        .max_by_key(|(_, bytes)| bytes.len())
        .expect("pages");
    assert!(bytes.len() < 8 << 20, "{largest} is {} bytes", bytes.len());

    let mut expected: Vec<String> = vec![
        "index.html".into(),
        "404.html".into(),
        "claims/index.html".into(),
        "sources/index.html".into(),
        "topics/index.html".into(),
        "origins/index.html".into(),
        "methodik/index.html".into(),
        "ueber/index.html".into(),
        "static/style.css".into(),
        "static/highlight.css".into(),
    ];
    expected.extend(dossier.claims.iter().map(|c| format!("claims/{}/index.html", c.id)));
    expected.extend(dossier.sources.iter().map(|s| format!("sources/{}/index.html", s.id)));
    expected.extend(dossier.topics.iter().map(|t| format!("topics/{}/index.html", t.id)));
    expected.extend(dossier.origins.iter().map(|o| format!("origins/{}/index.html", o.id)));
    // A page per verdict of the scale (an empty verdict too), in pages of LIST_PAGE_SIZE claims.
    let mut verdict_pages = 0;
    for (v, verdict) in dossier.config.verdicts.iter().enumerate() {
        let count = dossier.claims.iter().filter(|c| c.verdict.index() == v).count();
        let pages = count.div_ceil(dossier::render::LIST_PAGE_SIZE).max(1);
        verdict_pages += pages;
        expected.push(format!("claims/verdict/{}/index.html", verdict.id));
        expected.extend((2..=pages).map(|n| format!("claims/verdict/{}/page/{n}/index.html", verdict.id)));
    }
    let missing: Vec<&String> = expected.iter().filter(|p| !tree.contains_key(*p)).collect();
    assert!(
        missing.is_empty(),
        "missing pages: {:?}",
        &missing[..missing.len().min(10)]
    );
    // Index, 404, corrections, two Markdown pages, the overviews (of 100 entries a page), the verdict
    // pages and the entities.
    let overviews: usize = [
        dossier.claims.len(),
        dossier.sources.len(),
        dossier.topics.len(),
        dossier.origins.len(),
    ]
    .iter()
    .map(|n| n.div_ceil(dossier::render::LIST_PAGE_SIZE).max(1))
    .sum();
    let pages = 5
        + overviews
        + verdict_pages
        + dossier.claims.len()
        + dossier.sources.len()
        + dossier.topics.len()
        + dossier.origins.len();
    // "Built 11,823 pages" or, the generated dossier being German, "11.823 Seiten erstellt".
    let built: usize = run
        .stdout
        .lines()
        .find_map(|line| {
            line.strip_prefix("Built ")
                .or_else(|| line.split_once(" Seiten erstellt").map(|(count, _)| count))
        })
        .and_then(|rest| rest.split(' ').next())
        .and_then(|count| count.replace([',', '.'], "").parse().ok())
        .unwrap_or_else(|| panic!("no summary line: {}", run.stdout));
    assert_eq!(built, pages, "{}", run.stdout);

    // Parse every page; check links, fragments and quote marks.
    let facts: BTreeMap<&str, PageFacts> = tree
        .par_iter()
        .filter(|(path, _)| path.ends_with(".html"))
        .map(|(path, bytes)| {
            let html = std::str::from_utf8(bytes).expect("UTF-8 page");
            (path.as_str(), facts(path, html))
        })
        .collect();
    let mut broken = Vec::new();
    for (page, page_facts) in &facts {
        for (target, fragment) in &page_facts.links {
            let ok = match facts.get(target.as_str()) {
                Some(target_facts) => fragment.is_empty() || target_facts.ids.contains(fragment),
                None => tree.contains_key(target) && fragment.is_empty(),
            };
            if !ok {
                broken.push(format!("{page} -> {target}#{fragment}"));
            }
        }
    }
    assert!(
        broken.is_empty(),
        "{} broken links, e.g. {:?}",
        broken.len(),
        &broken[..broken.len().min(10)]
    );

    for claim in &dossier.claims {
        let page = &facts[format!("claims/{}/index.html", claim.id).as_str()];
        assert_eq!(
            page.marks,
            claim.quote_parts.len(),
            "claim {}: one mark per quote part",
            claim.id
        );
        assert!(
            page.quote_anchors.contains(&format!("q-{}", claim.id)),
            "claim {}",
            claim.id
        );
    }
    for source in &dossier.sources {
        let page = &facts[format!("sources/{}/index.html", source.id).as_str()];
        for &c in &source.claims {
            let anchor = format!("q-{}", dossier.claims[c].id);
            assert!(page.quote_anchors.contains(&anchor), "{}: {anchor}", source.id);
        }
    }
    // The overview of claims, page by page, lists every claim exactly once.
    let overview_pages = dossier.claims.len().div_ceil(dossier::render::LIST_PAGE_SIZE);
    let is_overview = |path: &str| path == "claims/index.html" || path.starts_with("claims/page/");
    let is_claim_page = |path: &str| {
        path.strip_prefix("claims/")
            .and_then(|p| p.strip_suffix("/index.html"))
            .is_some_and(|id| !id.contains('/'))
    };
    assert_eq!(
        facts.keys().filter(|path| is_overview(path)).count(),
        overview_pages,
        "pages of the claims overview"
    );
    let mut listed: Vec<&str> = Vec::new();
    for number in 0..overview_pages {
        let path = match number {
            0 => "claims/index.html".to_owned(),
            n => format!("claims/page/{}/index.html", n + 1),
        };
        let page_claims: BTreeSet<&str> = facts[path.as_str()]
            .links
            .iter()
            .filter_map(|(target, _)| target.strip_prefix("claims/")?.strip_suffix("/index.html"))
            .filter(|id| !id.contains('/'))
            .collect();
        assert!(page_claims.len() <= dossier::render::LIST_PAGE_SIZE, "{path}");
        listed.extend(page_claims);
    }
    let ids: Vec<&str> = dossier.claims.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(listed.len(), ids.len(), "the claims overview lists every claim once");
    assert_eq!(
        listed.iter().copied().collect::<BTreeSet<_>>(),
        ids.iter().copied().collect::<BTreeSet<_>>()
    );
    let linking_to_source: usize = facts
        .iter()
        .filter(|(path, _)| is_claim_page(path))
        .filter(|(_, f)| {
            f.links
                .iter()
                .any(|(t, frag)| t.starts_with("sources/") && frag.starts_with('p'))
        })
        .count();
    assert_eq!(
        linking_to_source,
        dossier.claims.len(),
        "every claim links to its paragraph"
    );
}

#[test]
fn rebuilds_reuse_the_previous_tree_and_match_a_clean_build() {
    let fixture = Fixture::empty();
    write_dossier(fixture.root(), &GenerateOptions { sources: 100, seed: 2 }).expect("generate");
    let first = fixture.build();
    let tree = read_tree(&fixture.path("public"));
    // The second build fills a fresh staging folder; the third reuses the first tree and, with
    // nothing changed, writes nothing and leaves every byte as it was.
    fixture.build();
    let third = fixture.build();
    assert_eq!(changed_count(&third.stdout), 0, "{}", third.stdout);
    assert!(read_tree(&fixture.path("public")) == tree, "rebuild is byte-identical");

    // Edit one claim: the reused tree gets exactly what a clean build makes.
    let source = "content/sources/00050.yaml";
    fixture.edit(source, "    statement: \"", "    statement: \"Geändert: ");
    let edited = fixture.build();
    let written = changed_count(&edited.stdout);
    assert!(
        written > 0 && written < changed_count(&first.stdout) / 4,
        "{}",
        edited.stdout
    );
    let clean = fixture.run(&["build", "--output", &fixture.path("clean").to_string_lossy()]);
    assert_eq!(clean.code, 0, "{}", clean.stderr);
    let rebuilt = read_tree(&fixture.path("public"));
    assert!(
        rebuilt == read_tree(&fixture.path("clean")),
        "incremental output equals a clean build"
    );
    assert!(rebuilt != tree);
}
