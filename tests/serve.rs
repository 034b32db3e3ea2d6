//! `dossier serve`: the incremental engine against clean builds, and the real binary on a
//! loopback port — HTTP behaviour, live reload over the WebSocket, errors in the page, editor
//! save patterns, shutdown — and, in headless Chromium, a page that reloads by itself.

mod serve_support;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use dossier::render::RenderOptions;
use dossier::serve::incremental::Engine;
use serve_support::*;

// ---------------------------------------------------------------------------------------------
// The incremental engine.

/// After every one of a long random sequence of edits (claims, sources, topics, origins,
/// templates, static files, pages, config; added, changed, renamed, deleted; sometimes broken and
/// fixed), the engine's site is byte-identical to what the real `dossier build` writes on disk
/// (once without a base URL, once with one: exports, feed and sitemap too), it fails exactly
/// when that build fails, with the same messages, and it reports as changed exactly the files
/// whose bytes differ. Every step builds into the same output folder, as a user rebuilds. With
/// the base URL the engine also keeps an output folder as `dossier serve` does (each good site
/// written, then read from the folder, only changed files in memory). Each rebuild runs in the
/// two steps of `serve`: the pages first, with the earlier data release kept, then the data
/// release (see `serve::release`); both are checked.
#[test]
fn engine_matches_dossier_build_over_random_edits() {
    // The kinds of edit made at the start of the dossier (every later index shifted).
    let mut at_the_start = std::collections::BTreeSet::new();
    for (seed, base_url) in [(1, None), (2, Some("https://example.org/dossier/"))] {
        let served = tempfile::tempdir().unwrap();
        let served = served.path().join("public");
        let mut mirror: Option<dossier::write::OutputDir> = None;
        let mut store = |engine: &mut Engine, report: Option<&dossier::serve::incremental::Rebuild>| {
            if base_url.is_none() {
                return;
            }
            match (&mut mirror, report) {
                (Some(mirror), Some(report)) => {
                    mirror.apply(engine.files(), &report.changed, &report.removed).unwrap();
                }
                _ => {
                    mirror = Some(
                        dossier::write::OutputDir::replace_all(&served, engine.files())
                            .unwrap()
                            .0,
                    )
                }
            }
            engine.stored_in(&served);
            assert_eq!(engine.files().in_memory(), 0);
        };
        let mut model = Model::small();
        let dir = new_dossier(&model);
        let root = dir.path();
        let options = RenderOptions {
            base_url: base_url.map(str::to_owned),
        };
        let mut engine = Engine::new(root, options);
        engine
            .rebuild()
            .unwrap_or_else(|d| panic!("first build: {}", d.render()));
        store(&mut engine, None);
        // One output folder for every step: later builds reuse the previous output.
        let output = OutputFolder::new();
        let mut last_good = output
            .build(root, base_url)
            .unwrap_or_else(|d| panic!("{}", d.render()));
        assert_eq!(base_url.is_some(), last_good.contains_key("sitemap.xml"));
        assert_eq!(site_of(&engine), last_good);
        let mut rng = Rng::new(seed);
        let mut failures = 0;
        // Steps that made the joined export files with the pages, and those that left them.
        let mut steps_with = [0usize; 2];
        for step in 0..120 {
            let what = model.random_edit(&mut rng, step);
            if let Some(kind) = what.strip_suffix(" at the start") {
                // "add claim claim-105" → "add claim"
                at_the_start.insert(kind.rsplit_once(' ').map_or(kind, |(kind, _)| kind).to_owned());
            }
            let touched = model.sync(root);
            // Sometimes report only the folders, as a watcher does for folder moves (a file at
            // the root has no folder but the root: it is reported itself).
            let paths: Vec<PathBuf> = if rng.chance(15) {
                touched
                    .iter()
                    .map(|p| top_folder(root, p).unwrap_or_else(|| p.clone()))
                    .collect()
            } else {
                touched
            };
            engine.reload_paths(&paths);
            let context = format!("seed {seed}, step {step}: {what}");
            let old_release = engine.release_paths().unwrap_or_default().to_vec();
            match (engine.rebuild_pages(), output.build(root, base_url)) {
                (Ok(report), Ok(expected)) => {
                    // The pages first, with the earlier data release; then the release.
                    let pages_first = site_of(&engine);
                    let job = engine.release_job().expect("the release follows the pages");
                    let released = engine
                        .publish_release(job.run())
                        .unwrap_or_else(|d| panic!("{context}: release: {}", d.render()))
                        .expect("the release of the latest rebuild is published");
                    assert!(engine.release_job().is_none() && !engine.release_pending());
                    let new_release = engine.release_paths().unwrap_or_default().to_vec();
                    // Every export file is left for later, but those a page links to that the
                    // earlier release lacks: these are made with the pages.
                    let early = &report.early;
                    let mut expected_first: BTreeMap<String, Vec<u8>> = expected
                        .iter()
                        .filter(|(path, _)| !new_release.contains(path) || early.contains(path))
                        .map(|(path, bytes)| (path.clone(), bytes.clone()))
                        .collect();
                    for path in old_release.iter().filter(|path| !early.contains(path)) {
                        expected_first.insert(path.clone(), last_good[path].clone());
                    }
                    assert!(
                        pages_first == expected_first,
                        "{context}: the pages are served with the earlier release: {}",
                        describe_difference(&expected_first, &pages_first)
                    );
                    // No page links to a file the site lacks meanwhile: every file of the
                    // build is there (the search index, which pages do not link to, aside).
                    for path in expected.keys().filter(|path| !path.starts_with("search/")) {
                        assert!(
                            pages_first.contains_key(path),
                            "{context}: {path} is missing until the release"
                        );
                    }
                    let joined_later = new_release
                        .iter()
                        .any(|path| path == "claims.json" && !early.contains(path));
                    steps_with[usize::from(joined_later)] += 1;
                    if joined_later {
                        assert!(
                            old_release.contains(&"claims.json".to_owned()),
                            "{context}: left for later only with an earlier release"
                        );
                    }
                    let mut report = report;
                    report.changed.extend(released.changed);
                    report.changed.sort();
                    report.removed.extend(released.removed);
                    report.removed.sort();
                    let actual = site_of(&engine);
                    assert!(
                        actual == expected,
                        "{context}: {}",
                        describe_difference(&expected, &actual)
                    );
                    let changed: Vec<&String> = expected
                        .iter()
                        .filter(|(p, b)| last_good.get(*p) != Some(b))
                        .map(|(p, _)| p)
                        .collect();
                    let removed: Vec<&String> = last_good.keys().filter(|p| !expected.contains_key(*p)).collect();
                    assert_eq!(
                        report.changed.iter().collect::<Vec<_>>(),
                        changed,
                        "{context}: changed files"
                    );
                    assert_eq!(
                        report.removed.iter().collect::<Vec<_>>(),
                        removed,
                        "{context}: removed files"
                    );
                    last_good = expected;
                    store(&mut engine, Some(&report));
                }
                (Err(actual), Err(expected)) => {
                    assert_eq!(actual.render(), expected.render(), "{context}: the same errors");
                    assert!(site_of(&engine) == last_good, "{context}: the last good site stays");
                    failures += 1;
                }
                (Ok(_), Err(expected)) => panic!("{context}: engine built, clean build failed:\n{}", expected.render()),
                (Err(actual), Ok(_)) => panic!("{context}: engine failed, clean build worked:\n{}", actual.render()),
            }
        }
        assert!(failures > 0, "the sequence should include broken states");
        assert!(
            steps_with[0] > 0 && steps_with[1] > 0,
            "the joined files are left for later in some steps and made with the pages in others: {steps_with:?}"
        );
    }
    assert_eq!(
        at_the_start.iter().map(String::as_str).collect::<Vec<_>>(),
        ["add claim", "add source", "delete claim", "delete source"],
        "the sequences add and delete claims and sources at the start"
    );
}

/// `serve` publishes a rebuild's pages first and its data release (SQLite, XLSX, German CSV,
/// data package, search index) after: meanwhile the site keeps the earlier release, byte for
/// byte; a newer rebuild cancels a release under way, and the files of a release made for an
/// older rebuild are never published over the newer one's; a rebuild that fails leaves the
/// release due for the last good one.
#[test]
fn the_data_release_follows_the_pages_and_a_newer_rebuild_supersedes_it() {
    let mut model = Model::small();
    let dir = new_dossier(&model);
    let root = dir.path();
    let built = |what: &str| clean_build(root, None).unwrap_or_else(|d| panic!("{what}: {}", d.render()));
    let mut engine = Engine::new(root, RenderOptions::default());
    engine.rebuild().unwrap_or_else(|d| panic!("{}", d.render()));
    assert!(!engine.release_pending(), "the first build makes everything");
    let first = built("first");
    assert!(site_of(&engine) == first);
    let release = engine
        .release_paths()
        .expect("the first build made the release")
        .to_vec();
    for path in [
        "dossier.sqlite",
        "claims.xlsx",
        "claims.de.csv",
        "datapackage.json",
        "search/meta.json",
    ] {
        assert!(release.iter().any(|p| p == path), "{path} in {release:?}");
    }
    let mut edit = |statement: &str, engine: &mut Engine| {
        model.sources[0].claims[0].statement = statement.to_owned();
        engine.reload_paths(&model.sync(root));
    };

    // A: the pages at once, with the first release; its release made but not yet published.
    edit("Statement edited first.", &mut engine);
    let pages_a = engine.rebuild_pages().unwrap_or_else(|d| panic!("{}", d.render()));
    let expected_a = built("A");
    assert!(engine.release_pending());
    assert!(
        pages_a.changed.iter().all(|path| !release.contains(path)),
        "{:?}",
        pages_a.changed
    );
    let site = site_of(&engine);
    for path in &release {
        assert!(
            site[path] == first[path],
            "{path}: the earlier release until the new one is made"
        );
    }
    // (The search index of A may have other shards than the first's: they come with its release.)
    let later = |path: &str| release.iter().any(|p| p == path) || path.starts_with("search/terms/");
    for (path, bytes) in expected_a.iter().filter(|(path, _)| !later(path)) {
        assert!(site.get(path) == Some(bytes), "{path}: the new pages at once");
    }
    assert_ne!(
        expected_a["claims.xlsx"], first["claims.xlsx"],
        "the statement is in the release"
    );
    let job_a = engine.release_job().expect("A's release is due");
    assert!(engine.release_job().is_none(), "one job at a time");
    let done_a = job_a.run();
    assert!(!done_a.was_cancelled());

    // B before A's files are published: they are never published over B's site.
    edit("Statement edited again.", &mut engine);
    engine.rebuild_pages().unwrap_or_else(|d| panic!("{}", d.render()));
    let expected_b = built("B");
    assert!(
        engine.publish_release(done_a).unwrap().is_none(),
        "A's release is stale"
    );
    let job_b = engine.release_job().expect("B's release is due");
    // C while B's job is under way: B's job is cancelled, and nothing of it is published.
    edit("Statement edited a third time.", &mut engine);
    engine.rebuild_pages().unwrap_or_else(|d| panic!("{}", d.render()));
    let expected_c = built("C");
    let done_b = job_b.run();
    assert!(done_b.was_cancelled(), "the newer rebuild cancelled B's job");
    assert!(engine.publish_release(done_b).unwrap().is_none());
    let site = site_of(&engine);
    for path in &release {
        assert!(site[path] == first[path], "{path}: still the first release");
    }
    let job_c = engine.release_job().expect("C's release is due");

    // A broken save while C's release is under way: the last good site (C's) gets its release.
    let broken = root.join("content/sources/zz-broken.yaml");
    std::fs::write(&broken, "claims: [broken").unwrap();
    engine.reload_paths(&[&broken]);
    assert!(engine.rebuild_pages().is_err());
    assert!(built_fails(root), "the clean build fails too");
    assert!(
        engine.publish_release(job_c.run()).unwrap().is_none(),
        "cancelled by the rebuild"
    );
    let job = engine.release_job().expect("C's release is still due");
    let released = engine
        .publish_release(job.run())
        .unwrap()
        .expect("the release of the last good rebuild is published");
    assert!(
        released.changed.iter().any(|path| path == "claims.xlsx"),
        "{:?}",
        released.changed
    );
    assert!(
        site_of(&engine) == expected_c,
        "{}",
        describe_difference(&expected_c, &site_of(&engine))
    );
    assert!(!engine.release_pending() && engine.release_job().is_none());
    assert!(expected_b != expected_c);
}

fn built_fails(root: &Path) -> bool {
    clean_build(root, None).is_err()
}

/// The same on a generated dossier big enough for overviews of several pages, with a base URL
/// (so feed and sitemap are made too), against what the real `dossier build --base-url` writes:
/// edits that change claims in place, and deletions and re-additions of whole sources that move
/// claims from one overview page to another and change the number of pages. Exports are kept
/// per claim between rebuilds; they must still equal the build's, byte for byte.
#[test]
fn engine_matches_dossier_build_on_a_generated_dossier_with_paged_overviews() {
    use dossier::generate::{GenerateOptions, write_dossier};
    let base_url = "https://example.org/dossier/";
    let options = RenderOptions {
        base_url: Some(base_url.to_owned()),
    };
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("dossier");
    let summary = write_dossier(&root, &GenerateOptions { sources: 21, seed: 3 }).unwrap();
    assert!(
        summary.claims > 2 * dossier::render::LIST_PAGE_SIZE,
        "claims span three overview pages"
    );
    let mut engine = Engine::new(&root, options);
    let sources: Vec<String> = engine
        .input()
        .files
        .keys()
        .filter(|key| key.starts_with("content/sources/"))
        .cloned()
        .collect();
    let original: BTreeMap<String, String> = sources
        .iter()
        .map(|key| (key.clone(), engine_text(engine.input(), key)))
        .collect();
    engine
        .rebuild()
        .unwrap_or_else(|d| panic!("first build: {}", d.render()));
    // One output folder for every step: later builds reuse the previous output.
    let output = OutputFolder::new();
    let expected = output
        .build(&root, Some(base_url))
        .unwrap_or_else(|d| panic!("{}", d.render()));
    assert!(
        site_of(&engine) == expected,
        "{}",
        describe_difference(&expected, &site_of(&engine))
    );
    assert!(expected.contains_key("feed.xml") && expected.contains_key("claims.csv"));
    let mut rng = Rng::new(7);
    let mut removed: Vec<String> = Vec::new();
    let mut pages_seen = std::collections::BTreeSet::new();
    let mut failures = 0;
    for step in 0..40 {
        let what = match rng.below(3) {
            // Later articles link to earlier ones: removing one of the last breaks fewer links.
            0 if removed.len() < 5 => {
                let key = sources[sources.len() - 5 + rng.below(5)].clone();
                if removed.contains(&key) {
                    continue;
                }
                std::fs::remove_file(root.join(&key)).unwrap();
                removed.push(key.clone());
                format!("removed {key}")
            }
            1 if !removed.is_empty() => {
                let key = removed.remove(rng.below(removed.len()));
                std::fs::write(root.join(&key), &original[&key]).unwrap();
                format!("restored {key}")
            }
            _ => {
                let key = sources[rng.below(sources.len())].clone();
                let Some(text) = engine.input().text(&key).map(|text| text.to_string()) else {
                    continue;
                };
                let nth = rng.below(10);
                // The old value stays behind as a comment.
                let new_statement = format!("    statement: \"Step {step} changed this.\"\n    # was: ");
                std::fs::write(
                    root.join(&key),
                    replace_nth(&text, "    statement: ", nth, &new_statement),
                )
                .unwrap();
                format!("statement {nth} of {key}")
            }
        };
        let key = what.rsplit(' ').next().unwrap_or_default();
        engine.reload_paths(&[root.join(key)]);
        let before = site_of(&engine);
        match (engine.rebuild(), output.build(&root, Some(base_url))) {
            (Ok(report), Ok(expected)) => {
                let actual = site_of(&engine);
                assert!(
                    actual == expected,
                    "step {step} ({what}): {}",
                    describe_difference(&expected, &actual)
                );
                pages_seen.insert(expected.keys().filter(|p| p.starts_with("claims/page/")).count());
                assert!(
                    report.rendered.len() < report.pages,
                    "step {step}: not everything re-rendered"
                );
            }
            (Err(actual), Err(expected)) => {
                // A removed article that others link to: both fail alike, the site stays.
                assert_eq!(actual.render(), expected.render(), "step {step} ({what})");
                assert!(
                    site_of(&engine) == before,
                    "step {step} ({what}): the last good site stays"
                );
                failures += 1;
            }
            (Ok(_), Err(expected)) => panic!("step {step} ({what}): only the build failed:\n{}", expected.render()),
            (Err(actual), Ok(_)) => panic!("step {step} ({what}): only the engine failed: {}", actual.render()),
        }
    }
    assert!(
        pages_seen.len() > 1,
        "the number of overview pages changed along the way: {pages_seen:?}"
    );
    assert!(failures < 20, "most steps build ({failures} failed)");
}

fn engine_text(input: &dossier::load::InputFiles, key: &str) -> String {
    input.text(key).expect("a text file").to_string()
}

/// `text` with the `nth` occurrence of `pattern` (counting from 0, wrapping around) replaced.
fn replace_nth(text: &str, pattern: &str, nth: usize, with: &str) -> String {
    let count = text.matches(pattern).count().max(1);
    match text.match_indices(pattern).nth(nth % count) {
        Some((at, _)) => format!("{}{with}{}", &text[..at], &text[at + pattern.len()..]),
        None => text.to_owned(),
    }
}

/// The engine checks again only the pages whose links changed and the pages that link to a
/// file that went away or whose ids changed; a link broken by a change elsewhere (a claim
/// deleted, a paragraph gone from an article) must still fail the rebuild exactly as a clean
/// build fails, though the page with the link is not rendered again.
#[test]
fn engine_catches_links_broken_by_changes_elsewhere() {
    let mut model = Model::small();
    let target = model.sources[0].claims[2].id.clone();
    model.pages.insert(
        "links".into(),
        (
            "Links".into(),
            format!("See [the claim](../claims/{target}/) and [the fourth paragraph](../sources/source-1/#p4)."),
        ),
    );
    let dir = new_dossier(&model);
    let root = dir.path();
    let mut engine = Engine::new(root, RenderOptions::default());
    engine
        .rebuild()
        .unwrap_or_else(|d| panic!("first build: {}", d.render()));
    let good = site_of(&engine);

    let expect_failure = |model: &Model, engine: &mut Engine, broken: &str| {
        let touched = model.sync(root);
        engine.reload_paths(&touched);
        let actual = engine.rebuild().expect_err("the rebuild must fail");
        let expected = clean_build(root, None).expect_err("the clean build fails");
        assert_eq!(actual.render(), expected.render());
        assert!(actual.render().contains(broken), "{}", actual.render());
        assert!(
            actual.render().contains("content/pages/links.md"),
            "reported at the page's file: {}",
            actual.render()
        );
    };

    // The linked claim deleted: its page goes away.
    let removed = model.sources[0].claims.remove(2);
    expect_failure(&model, &mut engine, &format!("../claims/{target}/"));
    assert!(site_of(&engine) == good, "the last good site stays");
    model.sources[0].claims.insert(2, removed);
    let touched = model.sync(root);
    engine.reload_paths(&touched);
    let report = engine.rebuild().unwrap_or_else(|d| panic!("restored: {}", d.render()));
    assert!(report.is_unchanged(), "back to the good site: {:?}", report.changed);

    // A claim of the other article deleted: its fourth paragraph, which the page links to, goes.
    model.sources[1].claims.pop();
    expect_failure(&model, &mut engine, "#p4");
}

fn site_of(engine: &Engine) -> BTreeMap<String, Vec<u8>> {
    engine
        .files()
        .to_files()
        .iter()
        .map(|(path, bytes)| (path.clone(), bytes.to_vec()))
        .collect()
}

fn top_folder(root: &Path, path: &Path) -> Option<PathBuf> {
    let relative = path.strip_prefix(root).ok()?;
    let first = relative.components().next()?;
    (relative.components().count() > 1).then(|| root.join(first))
}

/// A changed claim re-renders the pages that show it and nothing else; a template change the
/// pages that use it; a static file is copied alone; a config change re-renders everything;
/// a save that changes nothing rebuilds nothing.
#[test]
fn rebuilds_render_only_what_a_change_affects() {
    let model = Model::small();
    let dir = new_dossier(&model);
    let root = dir.path();
    let mut engine = Engine::new(root, RenderOptions::default());
    let first = engine.rebuild().unwrap_or_else(|d| panic!("{}", d.render()));
    assert_eq!(first.rendered.len(), first.pages, "the first build renders every page");

    // A claim statement: source-1's second claim, linked from nothing.
    let claim = &model.sources[1].claims[1];
    let topic = &model.topics[claim.topic].0;
    let source_file = root.join("content/sources/source-1.yaml");
    replace_in_file(&source_file, &claim.statement, "A brand new statement.");
    assert_eq!(engine.reload_paths(&[&source_file]), ["content/sources/source-1.yaml"]);
    let report = engine.rebuild().unwrap_or_else(|d| panic!("{}", d.render()));
    let own_page = format!("claims/{}/index.html", claim.id);
    let mut allowed: Vec<String> = vec![
        own_page.clone(),
        "sources/source-1/index.html".into(),
        format!("topics/{topic}/index.html"),
        "claims/index.html".into(),
    ];
    if let Some(origin) = claim.origin {
        allowed.push(format!("origins/{}/index.html", model.origins[origin].0));
    }
    // The listing of its verdict (every page of it: the claims are few).
    let verdict = ["confirmed", "unverified", "wrong"][claim.verdict];
    allowed.push(format!("claims/verdict/{verdict}/index.html"));
    // Claims of the same topic list it among their neighbours.
    for other in model
        .sources
        .iter()
        .flat_map(|s| &s.claims)
        .filter(|c| c.topic == claim.topic)
    {
        allowed.push(format!("claims/{}/index.html", other.id));
    }
    for must in [
        &own_page,
        "sources/source-1/index.html",
        &format!("topics/{topic}/index.html"),
        "claims/index.html",
    ] {
        assert!(
            report.rendered.iter().any(|p| p == must),
            "{must} must be re-rendered: {:?}",
            report.rendered
        );
    }
    for page in &report.rendered {
        assert!(
            allowed.contains(page),
            "{page} does not show the claim but was re-rendered"
        );
    }
    assert!(!report.rendered.contains(&"index.html".to_owned()));
    assert!(!report.rendered.contains(&"sources/source-0/index.html".to_owned()));
    assert!(report.changed.contains(&own_page));

    // A template: only the pages that use it.
    std::fs::create_dir_all(root.join("templates")).unwrap();
    let template = root.join("templates/source.html");
    std::fs::write(&template, edited_template("source.html", 1)).unwrap();
    engine.reload_paths(&[root.join("templates")]);
    let report = engine.rebuild().unwrap_or_else(|d| panic!("{}", d.render()));
    let source_pages: Vec<String> = model
        .sources
        .iter()
        .map(|s| format!("sources/{}/index.html", s.id))
        .collect();
    assert_eq!(report.rendered, source_pages);
    assert_eq!(report.changed, source_pages);

    // A template no page uses: nothing.
    std::fs::write(root.join("templates/unused.html"), "<p>unused</p>").unwrap();
    engine.reload_paths(&[root.join("templates/unused.html")]);
    let report = engine.rebuild().unwrap_or_else(|d| panic!("{}", d.render()));
    assert!(
        report.rendered.is_empty() && report.is_unchanged(),
        "{:?}",
        report.rendered
    );

    // A static file: copied alone.
    std::fs::create_dir_all(root.join("static")).unwrap();
    std::fs::write(root.join("static/extra.css"), "p { color: red }").unwrap();
    engine.reload_paths(&[root.join("static/extra.css")]);
    let report = engine.rebuild().unwrap_or_else(|d| panic!("{}", d.render()));
    assert!(report.rendered.is_empty());
    assert_eq!(report.changed, ["static/extra.css"]);
    assert_eq!(report.changed_pages, 0);

    // The config: everything.
    replace_in_file(&root.join("dossier.yaml"), "Serve test dossier", "Renamed dossier");
    engine.reload_paths(&[root.join("dossier.yaml")]);
    let report = engine.rebuild().unwrap_or_else(|d| panic!("{}", d.render()));
    assert_eq!(report.rendered.len(), report.pages);

    // The same bytes saved again, and editor temp files: no change at all.
    let text = std::fs::read_to_string(&source_file).unwrap();
    std::fs::write(&source_file, text).unwrap();
    std::fs::write(root.join("content/sources/.source-1.yaml.swp"), "swap").unwrap();
    std::fs::write(root.join("content/sources/source-1.yaml~"), "backup").unwrap();
    std::fs::write(root.join("content/sources/4913"), "").unwrap();
    let changed = engine.reload_paths(&[
        source_file.clone(),
        root.join("content/sources/.source-1.yaml.swp"),
        root.join("content/sources/source-1.yaml~"),
        root.join("content/sources/4913"),
    ]);
    assert!(changed.is_empty(), "{changed:?}");
}

// ---------------------------------------------------------------------------------------------
// The server.

/// Content types, folders and redirects, 404 with the site's page, HEAD, no-cache, percent
/// decoding, refusal of every way out of the site, and an output folder without the script.
#[test]
fn serve_answers_like_a_proper_little_server() {
    let mut model = Model::small();
    model.statics.insert("my file.css".into(), "p { margin: 0 }\n".into());
    let dir = new_dossier(&model);
    let root = dir.path();
    let server = Server::start(root, &[]);
    assert!(server.url.starts_with("http://127.0.0.1:"), "{}", server.url);
    let expected = clean_build(root, None).unwrap_or_else(|d| panic!("{}", d.render()));

    let index = server.get("");
    assert_eq!(index.status, 200);
    assert_eq!(index.header("content-type"), Some("text/html; charset=utf-8"));
    assert_eq!(index.header("cache-control"), Some("no-cache"));
    assert!(
        index.text().contains("/__dossier/live.js"),
        "the live script is injected"
    );
    assert_eq!(
        strip_live_script(&index.body),
        expected["index.html"],
        "the page is the built page"
    );

    let claim = &model.sources[0].claims[0].id;
    let redirect = server.get(&format!("claims/{claim}"));
    assert_eq!(redirect.status, 302);
    assert_eq!(redirect.header("location"), Some(format!("/claims/{claim}/").as_str()));
    let page = server.get(&format!("claims/{claim}/"));
    assert_eq!(page.status, 200);
    assert_eq!(
        strip_live_script(&page.body),
        expected[&format!("claims/{claim}/index.html")]
    );

    let css = server.get("static/style.css");
    assert_eq!(css.status, 200);
    assert_eq!(css.header("content-type"), Some("text/css; charset=utf-8"));
    assert_eq!(
        css.body, expected["static/style.css"],
        "static files are served untouched"
    );
    let spaced = server.get("static/my%20file.css");
    assert_eq!(spaced.status, 200, "percent-decoded paths");
    assert_eq!(spaced.text(), "p { margin: 0 }\n");

    let missing = server.get("no/such/page/");
    assert_eq!(missing.status, 404);
    assert_eq!(
        strip_live_script(&missing.body),
        expected["404.html"],
        "the site's 404 page"
    );
    assert!(missing.text().contains("/__dossier/live.js"));

    let head = server.request("HEAD", "");
    assert_eq!(head.status, 200);
    assert!(head.body.is_empty(), "HEAD has no body");
    assert_eq!(
        head.header("content-length"),
        Some(index.body.len().to_string().as_str())
    );
    assert_eq!(head.header("content-type"), Some("text/html; charset=utf-8"));
    assert_eq!(server.request("POST", "").status, 405);

    // Ways out: raw and encoded `..`, encoded slashes and backslashes, NUL, and a symbolic link
    // planted in the output folder pointing at the dossier.
    #[cfg(unix)]
    std::os::unix::fs::symlink(root, root.join("public/leak")).unwrap();
    for attempt in [
        "/../dossier.yaml",
        "/../../../../etc/passwd",
        "/%2e%2e/dossier.yaml",
        "/claims/%2e%2e/%2e%2e/dossier.yaml",
        "/static/..%2f..%2fdossier.yaml",
        "/static/..%5c..%5cdossier.yaml",
        "/static/%00",
        "/leak/dossier.yaml",
        "/leak/content/topics.yaml",
    ] {
        let response = server.get(attempt);
        assert!(matches!(response.status, 403 | 404), "{attempt}: {}", response.status);
        assert!(
            !response.text().contains("organization:"),
            "{attempt} leaked the config"
        );
    }

    // Other host names (DNS rebinding) and WebSockets from other sites are refused.
    let rebound = http_with_headers(&server.address, "GET", "/", "Host: evil.example\r\n").unwrap();
    assert_eq!(rebound.status, 403);
    let upgrade = "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n";
    let foreign_socket = http_with_headers(
        &server.address,
        "GET",
        "/__dossier/ws",
        &format!("Host: {}\r\nOrigin: https://evil.example\r\n{upgrade}", server.address),
    )
    .unwrap();
    assert_eq!(foreign_socket.status, 403);

    // The output folder is the clean build, without the script.
    let output = read_tree(&root.join("public"));
    let output: BTreeMap<String, Vec<u8>> = output.into_iter().filter(|(k, _)| !k.starts_with("leak/")).collect();
    assert!(output == expected, "{}", describe_difference(&expected, &output));
    assert!(
        output
            .values()
            .all(|bytes| !String::from_utf8_lossy(bytes).contains("__dossier")),
        "no live script in the output"
    );
}

/// With a base URL the site is served under its path.
#[test]
fn serve_mounts_the_site_at_the_base_path() {
    let dir = new_dossier(&Model::small());
    let server = Server::start(dir.path(), &["--base-url", "https://example.org/sub/"]);
    assert!(server.url.ends_with("/sub/"), "{}", server.url);
    let root = server.get("/");
    assert_eq!((root.status, root.header("location")), (302, Some("/sub/")));
    assert_eq!(server.get("/sub/").status, 200);
    assert_eq!(server.get("/sub/static/style.css").status, 200);
    assert_eq!(server.get("/static/style.css").status, 404);
}

/// A save shows up in the served page and over the WebSocket; a broken file shows its errors
/// (in the WebSocket message, in every page served meanwhile, in the status) while the last
/// good site stays; the fix removes them.
#[test]
fn serve_watch_reloads_on_save_and_shows_errors_until_fixed() {
    let model = Model::small();
    let dir = new_dossier(&model);
    let root = dir.path();
    let server = Server::start(root, &["--watch"]);
    let mut socket = WebSocketClient::connect(&server.address, "/__dossier/ws").expect("WebSocket");
    let hello: serde_json::Value = serde_json::from_str(&socket.next_text(DEADLINE).expect("hello")).unwrap();
    assert_eq!(hello["type"], "hello");
    assert!(hello["errors"].is_null());

    let claim = &model.sources[0].claims[2];
    let page = format!("claims/{}/", claim.id);
    let source_file = root.join("content/sources/source-0.yaml");
    replace_in_file(&source_file, &claim.statement, "Saved from the editor.");
    poll_until(DEADLINE, "the new statement", || {
        server
            .get(&page)
            .text()
            .contains("Saved from the editor.")
            .then_some(())
    });
    let reload = next_message_of(&mut socket, "reload");
    let changed: Vec<&str> = reload["changed"]
        .as_array()
        .expect("changed paths")
        .iter()
        .filter_map(|v| v.as_str())
        .collect();
    assert!(changed.contains(&format!("{page}index.html").as_str()), "{changed:?}");
    poll_until(DEADLINE, "the rebuild line", || {
        server
            .stdout()
            .iter()
            .any(|line| line.starts_with("rebuilt in ") && line.contains(" ms: ") && line.contains("pages changed"))
            .then_some(())
    });

    // Break it: an unclosed flow sequence.
    let good = std::fs::read_to_string(&source_file).unwrap();
    std::fs::write(&source_file, good.replacen("claims:\n", "claims: [\n", 1)).unwrap();
    let errors = next_message_of(&mut socket, "errors");
    let first = &errors["errors"][0];
    assert!(
        first["location"]
            .as_str()
            .unwrap()
            .starts_with("content/sources/source-0.yaml:"),
        "{first}"
    );
    assert!(first["line"].as_u64().is_some() && first["column"].as_u64().is_some());
    assert!(!first["message"].as_str().unwrap().is_empty());
    let status = server.status();
    assert_eq!(status["ok"], false);
    let broken_page = server.get(&page);
    assert_eq!(broken_page.status, 200, "the last good page stays served");
    assert!(broken_page.text().contains("Saved from the editor."));
    assert!(
        broken_page.text().contains("\"errors\":[{"),
        "pages served while broken carry the errors"
    );
    assert!(broken_page.text().contains("content/sources/source-0.yaml:"));
    let mut late = WebSocketClient::connect(&server.address, "/__dossier/ws").expect("WebSocket");
    let late_hello: serde_json::Value = serde_json::from_str(&late.next_text(DEADLINE).expect("hello")).unwrap();
    assert!(
        late_hello["errors"].is_array(),
        "a page opened while broken gets the errors at once"
    );
    // The terminal hears of the build after the pages are served, so it may lag a little.
    poll_until(DEADLINE, "the terminal to show them too", || {
        server
            .stderr()
            .iter()
            .any(|line| line.contains("content/sources/source-0.yaml:"))
            .then_some(())
    });

    // Fix it with a further change: the errors go, the change arrives.
    std::fs::write(&source_file, good.replace("Saved from the editor.", "Fixed and saved.")).unwrap();
    let reload = next_message_of(&mut socket, "reload");
    assert_eq!(reload["type"], "reload");
    poll_until(DEADLINE, "the fixed page", || {
        server.get(&page).text().contains("Fixed and saved.").then_some(())
    });
    assert_eq!(server.status()["ok"], true);
    assert!(!server.get(&page).text().contains("\"errors\":[{"));

    let expected = clean_build(root, None).unwrap_or_else(|d| panic!("{}", d.render()));
    poll_until(DEADLINE, "the output folder", || {
        (read_tree(&root.join("public")) == expected).then_some(())
    });
}

/// The terminal shows each warning once: the first build prints them all, a rebuild only those
/// it has not shown (with a count of the rest), a failed build its errors and new warnings,
/// and a rebuild that changes no warning prints none. At 10,000 sources every save used to
/// print all 65,441 warnings again.
#[test]
fn serve_watch_prints_each_warning_once() {
    let mut model = Model::small();
    let dir = new_dossier(&model);
    let root = dir.path();
    let server = Server::start(root, &["--watch"]);
    let times = |needle: &str| server.stderr().iter().filter(|line| line.contains(needle)).count();
    let counts_lines = || {
        server
            .stderr()
            .iter()
            .filter(|line| line.contains(" error(s), "))
            .cloned()
            .collect::<Vec<_>>()
    };
    // The small model's claims have no conclusion: a warning each.
    let (first, later) = (&model.sources[0].claims[0].id, &model.sources[1].claims[0].id);
    let (first_warning, later_warning) = (
        format!("claim `{first}` has no `conclusion`"),
        format!("claim `{later}` has no `conclusion`"),
    );
    poll_until(DEADLINE, "the first build's counts", || {
        (counts_lines().len() == 1).then_some(())
    });
    assert_eq!(
        (times(&first_warning), times(&later_warning)),
        (1, 1),
        "{:?}",
        server.stderr()
    );
    let warnings: usize = counts_lines()[0]
        .strip_prefix("0 error(s), ")
        .and_then(|rest| rest.strip_suffix(" warning(s)"))
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("{:?}", counts_lines()));

    // A new claim without a conclusion: its warning is printed, the others are not again.
    let added = model.new_claim();
    let added_warning = format!("claim `{}` has no `conclusion`", added.id);
    model.sources[0].claims.push(added);
    model.sync(root);
    poll_until(DEADLINE, "the new warning", || {
        (times(&added_warning) == 1).then_some(())
    });
    poll_until(DEADLINE, "the counts", || (counts_lines().len() == 2).then_some(()));
    assert_eq!(
        (times(&first_warning), times(&later_warning)),
        (1, 1),
        "{:?}",
        server.stderr()
    );
    // Between the two lines of counts: the warnings printed by the rebuild.
    let stderr = server.stderr();
    let at_counts: Vec<usize> = (0..stderr.len())
        .filter(|&i| stderr[i].contains(" error(s), "))
        .collect();
    let printed = stderr[at_counts[0]..at_counts[1]]
        .iter()
        .filter(|line| line.starts_with("warning: "))
        .count();
    let (total, shown_before) = counts_lines()[1]
        .strip_prefix("0 error(s), ")
        .and_then(|rest| rest.split_once(" warning(s) ("))
        .and_then(|(total, rest)| {
            let (before, _) =
                rest.split_once(" warning(s) shown before are not repeated; `dossier check` lists every one)")?;
            Some((total.parse::<usize>().ok()?, before.parse::<usize>().ok()?))
        })
        .unwrap_or_else(|| panic!("{:?}", counts_lines()));
    assert!(total > warnings && shown_before < total, "{:?}", counts_lines());
    assert_eq!(
        printed + shown_before,
        total,
        "each warning printed or counted as shown before"
    );
    assert!(printed < total, "not every warning printed again");

    // A change that keeps the warnings: nothing printed about them.
    let rebuilt = |server: &Server| server.stdout().iter().filter(|l| l.starts_with("rebuilt in ")).count();
    let before = rebuilt(&server);
    let source_file = root.join("content/sources/source-1.yaml");
    let good = std::fs::read_to_string(&source_file).unwrap();
    let claim = &model.sources[1].claims[1];
    std::fs::write(
        &source_file,
        good.replacen(&claim.statement, "Saved from the editor.", 1),
    )
    .unwrap();
    poll_until(DEADLINE, "the rebuild", || (rebuilt(&server) > before).then_some(()));
    assert_eq!(counts_lines().len(), 2, "{:?}", server.stderr());

    // Broken: the error and its counts; the other file's warnings are not repeated.
    std::fs::write(&source_file, good.replacen("claims:\n", "claims: [\n", 1)).unwrap();
    poll_until(DEADLINE, "the failure", || {
        (counts_lines().len() == 3 && times("build failed with 1 error(s)") == 1).then_some(())
    });
    assert!(counts_lines()[2].starts_with("1 error(s), "), "{:?}", counts_lines());
    assert_eq!(times(&first_warning), 1, "{:?}", server.stderr());

    // Fixed: the counts say the warnings are back.
    std::fs::write(&source_file, &good).unwrap();
    poll_until(DEADLINE, "the fixed build's counts", || {
        (counts_lines().len() == 4).then_some(())
    });
    assert!(counts_lines()[3].starts_with("0 error(s), "), "{:?}", counts_lines());
    assert_eq!(times(&first_warning), 1, "{:?}", server.stderr());
}

/// The next message of a type, skipping others (`ok` and the like).
fn next_message_of(socket: &mut WebSocketClient, kind: &str) -> serde_json::Value {
    poll_until(DEADLINE, &format!("a `{kind}` message"), || {
        let text = socket.next_text(DEADLINE)?;
        let message: serde_json::Value = serde_json::from_str(&text).ok()?;
        (message["type"] == kind).then_some(message)
    })
}

/// Saves as editors make them — in place, by rename over the file, vim's dance with `4913`
/// and a backup, JetBrains' `___jb_tmp___`, Emacs' lock and autosave files — each lead to
/// exactly one rebuild with the final content; temp files alone lead to none; new and deleted
/// folders are followed.
#[test]
fn serve_watch_follows_editor_saves_with_one_rebuild_each() {
    let model = Model::small();
    let dir = new_dossier(&model);
    let root = dir.path();
    let server = Server::start(root, &["--watch"]);
    let sources = root.join("content/sources");
    let file = sources.join("source-0.yaml");
    let claim = model.sources[0].claims[0].id.clone();
    let page = format!("claims/{claim}/");
    let mut current = model.sources[0].claims[0].statement.clone();
    let mut barrier_count = 0;

    // Each pattern turns `current` into `next` in its own way.
    type Save = fn(&Path, &Path, &str);
    let patterns: [(&str, Save); 5] = [
        ("write in place", |_, file, text| std::fs::write(file, text).unwrap()),
        ("rename a temp file over it", |dir, file, text| {
            let temp = dir.join(".source-0.yaml.tmp");
            std::fs::write(&temp, text).unwrap();
            std::fs::rename(&temp, file).unwrap();
        }),
        ("vim", |dir, file, text| {
            let swap = dir.join(".source-0.yaml.swp");
            std::fs::write(&swap, "swap").unwrap();
            std::fs::write(dir.join("4913"), "").unwrap();
            std::fs::remove_file(dir.join("4913")).unwrap();
            let backup = dir.join("source-0.yaml~");
            std::fs::rename(file, &backup).unwrap();
            std::fs::write(file, text).unwrap();
            std::fs::remove_file(&backup).unwrap();
            std::fs::remove_file(&swap).unwrap();
        }),
        ("jetbrains", |dir, file, text| {
            let temp = dir.join("source-0.yaml___jb_tmp___");
            let old = dir.join("source-0.yaml___jb_old___");
            std::fs::write(&temp, text).unwrap();
            std::fs::rename(file, &old).unwrap();
            std::fs::rename(&temp, file).unwrap();
            std::fs::remove_file(&old).unwrap();
        }),
        ("emacs", |dir, file, text| {
            let autosave = dir.join("#source-0.yaml#");
            std::fs::write(&autosave, text).unwrap();
            #[cfg(unix)]
            std::os::unix::fs::symlink("user@host.1234", dir.join(".#source-0.yaml")).unwrap();
            std::fs::write(dir.join("source-0.yaml~"), "backup").unwrap();
            std::fs::write(file, text).unwrap();
            std::fs::remove_file(&autosave).unwrap();
            let _ = std::fs::remove_file(dir.join(".#source-0.yaml"));
            std::fs::remove_file(dir.join("source-0.yaml~")).unwrap();
        }),
    ];
    for (i, (name, save)) in patterns.iter().enumerate() {
        let before = server.generation();
        let next = format!("Saved by pattern {i}.");
        let text = std::fs::read_to_string(&file).unwrap().replacen(&current, &next, 1);
        save(&sources, &file, &text);
        poll_until(DEADLINE, name, || {
            server.get(&page).text().contains(&next).then_some(())
        });
        barrier(&server, root, &mut barrier_count);
        assert_eq!(
            server.generation(),
            before + 2,
            "{name}: one rebuild for the save, one for the barrier"
        );
        current = next;
    }

    // Temp files alone: no rebuild.
    let before = server.generation();
    for name in [
        ".source-9.yaml.swp",
        "source-9.yaml~",
        "4913",
        "#source-9.yaml#",
        "x.yaml___jb_tmp___",
    ] {
        std::fs::write(sources.join(name), "claims: [broken").unwrap();
    }
    barrier(&server, root, &mut barrier_count);
    assert_eq!(server.generation(), before + 1, "temp files never rebuild");
    assert_eq!(server.status()["ok"], true);

    // A new folder with a page in it, then the folder deleted.
    let pages = root.join("content/pages");
    std::fs::remove_dir_all(&pages).unwrap();
    poll_until(DEADLINE, "the page to go", || {
        (server.get("about/").status == 404).then_some(())
    });
    std::fs::create_dir_all(&pages).unwrap();
    std::fs::write(
        pages.join("new.md"),
        "---\ntitle: \"Brand new\"\n---\nA page in a new folder.\n",
    )
    .unwrap();
    poll_until(DEADLINE, "the new page", || {
        server
            .get("new/")
            .text()
            .contains("A page in a new folder.")
            .then_some(())
    });
}

/// A file deleted, created again and deleted again, the steps a little less than the debounce
/// apart, is gone from the site: the watcher must not cancel the second creation against the
/// second deletion once the first deletion has been delivered (and the file read again). The
/// pauses vary, since which ones hit the window depends on the machine.
#[test]
fn serve_watch_sees_a_file_deleted_again_soon_after_it_came_back() {
    let model = Model::small();
    let dir = new_dossier(&model);
    let root = dir.path();
    let server = Server::start(root, &["--watch"]);
    let page = root.join("content/pages/about.md");
    let text = std::fs::read_to_string(&page).unwrap();
    let mut barrier_count = 0;
    for (round, (first, second)) in [
        (20, 24),
        (18, 22),
        (22, 26),
        (15, 25),
        (24, 18),
        (12, 30),
        (26, 14),
        (20, 20),
    ]
    .into_iter()
    .enumerate()
    {
        std::fs::write(&page, format!("{text}\nRound {round}.\n")).unwrap();
        poll_until(DEADLINE, "the page", || {
            server
                .get("about/")
                .text()
                .contains(&format!("Round {round}."))
                .then_some(())
        });
        std::fs::remove_file(&page).unwrap();
        std::thread::sleep(std::time::Duration::from_millis(first));
        std::fs::write(&page, &text).unwrap();
        std::thread::sleep(std::time::Duration::from_millis(second));
        std::fs::remove_file(&page).unwrap();
        barrier(&server, root, &mut barrier_count);
        assert_eq!(
            server.get("about/").status,
            404,
            "round {round} ({first} ms, {second} ms): the deleted page is still served"
        );
    }
    let expected = clean_build(root, None).unwrap_or_else(|d| panic!("{}", d.render()));
    let served = fetch_site(&server, expected.keys());
    assert!(served == expected, "{}", describe_difference(&expected, &served));
}

/// Changes the title of the dossier and waits until it is served: every earlier event has been
/// handled by then.
fn barrier(server: &Server, root: &Path, count: &mut usize) {
    *count += 1;
    let config = root.join("dossier.yaml");
    let text = std::fs::read_to_string(&config).unwrap();
    let (start, rest) = text.split_once("title: \"").unwrap();
    let end = rest.find('"').unwrap();
    let title = format!("Barrier {count}");
    std::fs::write(&config, format!("{start}title: \"{title}{}", &rest[end..])).unwrap();
    poll_until(DEADLINE, "the barrier", || {
        (server.status()["ok"] == true && server.get("").text().contains(&title)).then_some(())
    });
}

/// A dossier that is broken from the start is still served: every page shows its errors, and
/// the site appears when they are fixed. Without `--watch` that is an error (exit 1).
#[test]
fn serve_starts_with_a_broken_dossier_and_recovers() {
    let mut model = Model::small();
    model.broken = Some((
        "content/sources/source-1.yaml".into(),
        "id: source-1\nclaims: [\n".into(),
    ));
    let dir = new_dossier(&model);
    let root = dir.path();

    let output = std::process::Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args(["serve", "--port", "0", "--root"])
        .arg(root)
        .output()
        .unwrap();
    assert_eq!(
        output.status.code(),
        Some(1),
        "without --watch a broken dossier is an error"
    );

    let server = Server::start(root, &["--watch"]);
    let page = server.get("");
    assert_eq!(page.status, 500);
    assert!(
        page.text().contains("content/sources/source-1.yaml:"),
        "{}",
        page.text()
    );
    assert!(page.text().contains("/__dossier/live.js"));
    assert_eq!(server.get("claims/x/").status, 500, "every page shows the errors");
    assert_eq!(server.get("static/style.css").status, 404);
    assert_eq!(server.status()["has_site"], false);

    model.broken = None;
    model.sync(root);
    let expected = clean_build(root, None).unwrap_or_else(|d| panic!("{}", d.render()));
    poll_until(DEADLINE, "the site", || {
        let page = server.get("");
        (page.status == 200 && strip_live_script(&page.body) == expected["index.html"]).then_some(())
    });
    poll_until(DEADLINE, "the output folder", || {
        (read_tree(&root.join("public")) == expected).then_some(())
    });
}

/// The real server under a random sequence of edits serves, after each, exactly what a clean
/// build gives (over HTTP, script removed), and keeps the output folder equal to it.
#[test]
fn served_site_matches_clean_builds_over_random_edits() {
    let mut model = Model::small();
    let dir = new_dossier(&model);
    let root = dir.path();
    let server = Server::start(root, &["--watch"]);
    let mut rng = Rng::new(7);
    let mut last_good = clean_build(root, None).unwrap_or_else(|d| panic!("{}", d.render()));
    for step in 0..25 {
        let what = model.random_edit(&mut rng, step);
        model.sync(root);
        match clean_build(root, None) {
            Ok(expected) => {
                poll_until(DEADLINE, &format!("step {step} ({what}) to be served"), || {
                    let served = fetch_site(&server, expected.keys());
                    let output = read_tree(&root.join("public"));
                    (served == expected && output == expected && server.status()["ok"] == true).then_some(())
                });
                last_good = expected;
            }
            Err(diagnostics) => {
                let first = diagnostics.first_location();
                poll_until(DEADLINE, &format!("step {step} ({what}) to show its errors"), || {
                    let status = server.status();
                    (status["ok"] == false && status["errors"][0]["location"] == first.as_str()).then_some(())
                });
                let served = fetch_site(&server, last_good.keys());
                assert!(
                    served == last_good,
                    "step {step}: the last good site stays: {}",
                    describe_difference(&last_good, &served)
                );
            }
        }
    }
}

fn fetch_site<'a>(server: &Server, paths: impl Iterator<Item = &'a String>) -> BTreeMap<String, Vec<u8>> {
    paths
        .map(|path| {
            let response = server.get(path);
            let body = if path.ends_with(".html") {
                strip_live_script(&response.body)
            } else {
                response.body
            };
            let status_ok = response.status == 200 || (path == "404.html");
            (path.clone(), if status_ok { body } else { Vec::new() })
        })
        .collect()
}

/// SIGTERM stops the server cleanly (exit 0) and removes nothing: the dossier and the output
/// folder are as they were.
#[cfg(unix)]
/// `--open` hands the printed URL to the desktop's opener (`xdg-open`) once the site is served.
#[test]
fn serve_open_hands_the_url_to_the_desktop_opener() {
    use std::os::unix::fs::PermissionsExt;
    let model = Model::small();
    let dir = new_dossier(&model);
    let bin = tempfile::tempdir().unwrap();
    let opened = bin.path().join("opened.txt");
    let opener = bin.path().join("xdg-open");
    std::fs::write(
        &opener,
        "#!/bin/sh\nprintf '%s\\n' \"$@\" >> \"$DOSSIER_TEST_OPENED\"\n",
    )
    .unwrap();
    std::fs::set_permissions(&opener, std::fs::Permissions::from_mode(0o755)).unwrap();
    let mut path = std::ffi::OsString::from(bin.path());
    path.push(":");
    path.push(std::env::var_os("PATH").unwrap_or_default());
    let server = Server::start_with_env(
        dir.path(),
        &["--open"],
        &[("PATH", path), ("DOSSIER_TEST_OPENED", opened.clone().into_os_string())],
    );
    let arguments = poll_until(Duration::from_secs(20), "xdg-open to be run", || {
        std::fs::read_to_string(&opened)
            .ok()
            .filter(|text| text.ends_with('\n'))
    });
    assert_eq!(
        arguments.lines().collect::<Vec<_>>(),
        [server.url.as_str()],
        "one call, with the URL"
    );
    assert_eq!(server.get("").status, 200, "the URL it opened answers");
}

#[test]
fn sigterm_stops_serve_cleanly_and_deletes_nothing() {
    let model = Model::small();
    let dir = new_dossier(&model);
    let root = dir.path();
    let mut server = Server::start(root, &["--watch"]);
    let before_output = read_tree(&root.join("public"));
    let status = server.terminate();
    assert!(status.success(), "{status}");
    assert!(server.stdout().iter().any(|line| line == "Stopping."));
    for (key, text) in model.files() {
        assert_eq!(
            std::fs::read_to_string(root.join(&key)).unwrap(),
            text,
            "{key} untouched"
        );
    }
    assert_eq!(read_tree(&root.join("public")), before_output);
    assert!(root.join("public").join(dossier::write::MARKER).is_file());
}

/// A save reaches the served page first and the data release follows (`release_pending` in the
/// status meanwhile, a `data release` line when it is made); stopped right after the page is
/// served, `serve` finishes the release first, so the output folder is what `dossier build`
/// writes.
#[test]
fn serve_finishes_the_data_release_before_it_stops() {
    let mut model = Model::small();
    let dir = new_dossier(&model);
    let root = dir.path();
    let mut server = Server::start(root, &["--watch"]);
    assert_eq!(
        server.status()["release_pending"],
        false,
        "the first build makes everything"
    );
    let page = format!("claims/{}/", model.sources[0].claims[0].id);
    let statement = "Statement saved right before the server stops.";
    model.sources[0].claims[0].statement = statement.to_owned();
    model.sync(root);
    poll_until(DEADLINE, "the edited page to be served", || {
        server.get(&page).text().contains(statement).then_some(())
    });
    let status = server.terminate();
    assert!(status.success(), "{status}");
    let expected = clean_build(root, None).unwrap_or_else(|d| panic!("{}", d.render()));
    let output = read_tree(&root.join("public"));
    assert!(output == expected, "{}", describe_difference(&expected, &output));
    assert!(
        server
            .stdout()
            .iter()
            .any(|line| line.starts_with("data release (SQLite, XLSX, CSV, search index) made in ")),
        "{:?}",
        server.stdout()
    );
}

// ---------------------------------------------------------------------------------------------
// Churn and load.

/// The tests that load the machine run one at a time, so that neither's timings and deadlines
/// depend on the other.
static HEAVY: std::sync::Mutex<()> = std::sync::Mutex::new(());

fn heavy_lock() -> std::sync::MutexGuard<'static, ()> {
    HEAVY.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Requests pages in a loop on its own thread until stopped, and remembers every answer that is
/// a server error (5xx) or no answer at all, and every path in `always_ok` not answered with 200.
struct Prober {
    stop: std::sync::Arc<std::sync::atomic::AtomicBool>,
    handle: std::thread::JoinHandle<(usize, Vec<String>)>,
}

impl Prober {
    fn start(server: &Server, always_ok: &[String], others: &[String]) -> Prober {
        let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let address = server.address.clone();
        let paths: Vec<(String, bool)> = always_ok
            .iter()
            .map(|p| (p.clone(), true))
            .chain(others.iter().map(|p| (p.clone(), false)))
            .collect();
        let stopped = stop.clone();
        let handle = std::thread::spawn(move || {
            let mut requests = 0;
            let mut failures = Vec::new();
            while !stopped.load(std::sync::atomic::Ordering::Relaxed) {
                for (path, must_be_ok) in &paths {
                    requests += 1;
                    match http(&address, "GET", path) {
                        Ok(response) if response.status >= 500 || (*must_be_ok && response.status != 200) => {
                            failures.push(format!("{path}: {}", response.status))
                        }
                        Ok(_) => {}
                        Err(error) => failures.push(format!("{path}: {error}")),
                    }
                }
            }
            (requests, failures)
        });
        Prober { stop, handle }
    }

    /// Stops the thread; returns the number of requests and the failures.
    fn finish(self) -> (usize, Vec<String>) {
        self.stop.store(true, std::sync::atomic::Ordering::Relaxed);
        self.handle.join().expect("prober thread")
    }
}

/// One step of the churn; returns what it did.
fn churn_step(model: &mut Model, rng: &mut Rng, root: &Path, step: usize) -> &'static str {
    match rng.below(100) {
        // The model changes (claims, sources, topics, templates, static files, pages, config;
        // added, changed, renamed, deleted, sometimes broken and fixed), each file saved as some
        // editor saves.
        0..=59 => {
            model.random_edit(rng, step);
            let how = Save::ALL[rng.below(Save::ALL.len())];
            model.sync_with(root, |path, text| save(path, text, how));
            match how {
                Save::InPlace => "edit, written in place",
                Save::RenameOver => "edit, temp file renamed over",
                Save::DeleteAndCreate => "edit, deleted and created again",
                Save::Vim => "edit, saved as vim does",
            }
        }
        // Editor temp files come, change and go beside the dossier's files.
        60..=74 => {
            let folders = ["content/sources", "content", "seeds", "static", "templates", ""];
            let folder = root.join(folders[rng.below(folders.len())]);
            if !folder.is_dir() {
                return "nothing (no folder for a temp file)";
            }
            let stem = &model.sources[rng.below(model.sources.len())].file_stem;
            let names = [
                format!(".{stem}.yaml.swp"),
                "4913".to_owned(),
                format!("{stem}.yaml~"),
                format!(".#{stem}.yaml"),
                format!("#{stem}.yaml#"),
                format!(".{stem}.yaml.tmp"),
            ];
            let path = folder.join(&names[rng.below(names.len())]);
            if path.symlink_metadata().is_ok() && rng.chance(50) {
                std::fs::remove_file(&path).unwrap();
                "editor temp file deleted"
            } else {
                let _ = std::fs::remove_file(&path);
                std::fs::write(&path, format!("claims: [not yaml {step}")).unwrap();
                "editor temp file written"
            }
        }
        // A source file deleted and written again with the same content.
        75..=84 => {
            let source = &model.sources[rng.below(model.sources.len())];
            let path = root.join(format!("content/sources/{}.yaml", source.file_stem));
            let text = std::fs::read_to_string(&path).unwrap();
            save(&path, &text, Save::DeleteAndCreate);
            "source file deleted and created again"
        }
        // A seed deleted and written again with the same content.
        85..=89 => {
            let source = &model.sources[rng.below(model.sources.len())];
            let path = root.join(format!("seeds/{}.txt", source.id));
            let text = std::fs::read_to_string(&path).unwrap();
            save(&path, &text, Save::DeleteAndCreate);
            "seed deleted and created again"
        }
        // Some file of the dossier saved again, unchanged.
        _ => {
            let files = model.files();
            let (key, text) = files.iter().nth(rng.below(files.len())).unwrap();
            save(&root.join(key), text, Save::RenameOver);
            "file saved again unchanged"
        }
    }
}

/// 1,000 edits in quick succession, most with no pause at all — writes in place, temp files
/// renamed over, deletions and re-creations, vim's save dance, editor temp files, new and
/// deleted sources, pages, templates and static files, broken and fixed YAML — against
/// `serve --watch`. After a last marked edit the server settles on exactly a clean build of the
/// final content (served over HTTP and in the output folder: every file, nothing extra, no
/// page of a deleted claim or source), then stays idle; it never answered with a server error,
/// and it coalesced the bursts into far fewer rebuilds than edits. The edits are deterministic
/// for a seed (`DOSSIER_CHURN_SEED`, default 11); their timing against the rebuilds is not.
#[test]
fn serve_watch_settles_on_the_final_content_after_a_churn_of_edits() {
    const EDITS: usize = 1_000;
    let _heavy = heavy_lock();
    let seed = std::env::var("DOSSIER_CHURN_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(11);
    let mut model = Model::small();
    let dir = new_dossier(&model);
    let root = dir.path();
    let server = Server::start(root, &["--watch"]);
    let first_claim = &model.sources[0].claims[0].id;
    let prober = Prober::start(
        &server,
        &["/".to_owned(), "/claims/".to_owned(), "/__dossier/status".to_owned()],
        &[
            format!("/claims/{first_claim}/"),
            "/static/style.css".to_owned(),
            "/no/such/page/".to_owned(),
        ],
    );
    let start_generation = server.generation();

    // Everything that existed at some point, to check that what went away is not served.
    let mut ever: BTreeMap<&str, std::collections::BTreeSet<String>> = BTreeMap::new();
    let mut remember = |model: &Model| {
        for source in &model.sources {
            ever.entry("sources").or_default().insert(source.id.clone());
            for claim in &source.claims {
                ever.entry("claims").or_default().insert(claim.id.clone());
            }
        }
        for (id, _) in &model.topics {
            ever.entry("topics").or_default().insert(id.clone());
        }
        for stem in model.pages.keys() {
            ever.entry("pages").or_default().insert(stem.clone());
        }
        for name in model.statics.keys() {
            ever.entry("static").or_default().insert(name.clone());
        }
    };
    remember(&model);

    let mut rng = Rng::new(seed);
    let mut kinds: BTreeMap<&str, usize> = BTreeMap::new();
    let mut paused = 0;
    let churn_started = std::time::Instant::now();
    for step in 0..EDITS {
        *kinds.entry(churn_step(&mut model, &mut rng, root, step)).or_default() += 1;
        remember(&model);
        // Now and then a pause about as long as the debounce, so that rebuilds start (and read
        // files) in the middle of the churn.
        if rng.chance(3) {
            paused += 1;
            std::thread::sleep(std::time::Duration::from_millis(5 + rng.below(45) as u64));
        }
    }
    let churn_time = churn_started.elapsed();
    let generation_before_marker = server.generation();

    // The marker: a last edit to the config (and the fix of a broken file, if any), whose arrival
    // proves that the server has handled everything written before it.
    let mut socket = WebSocketClient::connect(&server.address, "/__dossier/ws").expect("WebSocket");
    socket.next_text(DEADLINE).expect("hello");
    model.broken = None;
    model.title = format!("Churn finished, seed {seed}");
    model.sync(root);
    let expected = clean_build(root, None).unwrap_or_else(|d| panic!("the final content must build: {}", d.render()));
    let settle_started = std::time::Instant::now();
    let settle_deadline = std::time::Duration::from_secs(60);
    poll_until(settle_deadline, "a reload showing the marker", || {
        let text = socket.next_text(settle_deadline)?;
        let message: serde_json::Value = serde_json::from_str(&text).ok()?;
        (message["type"] == "reload" && server.get("").text().contains(&model.title)).then_some(())
    });
    poll_until(settle_deadline, "the served site to equal a clean build", || {
        (server.status()["ok"] == true && fetch_site(&server, expected.keys()) == expected).then_some(())
    });
    poll_until(settle_deadline, "the output folder to equal a clean build", || {
        (read_tree(&root.join("public")) == expected).then_some(())
    });
    let settle_time = settle_started.elapsed();

    // Idle: no rebuild follows, and the site stays as it is.
    let settled_generation = server.generation();
    std::thread::sleep(dossier::serve::watch::DEBOUNCE * 10 + std::time::Duration::from_millis(200));
    assert_eq!(
        server.generation(),
        settled_generation,
        "a rebuild after the server settled"
    );
    assert_eq!(server.status()["ok"], true);
    let served = fetch_site(&server, expected.keys());
    assert!(
        served == expected,
        "served after settling: {}",
        describe_difference(&expected, &served)
    );
    let output = read_tree(&root.join("public"));
    assert!(
        output == expected,
        "output folder: {}",
        describe_difference(&expected, &output)
    );

    // Nothing extra: what existed during the churn and is gone is not served.
    let mut gone = 0;
    for (kind, ids) in &ever {
        for id in ids {
            let key = match *kind {
                "static" => format!("static/{id}"),
                "pages" => format!("{id}/index.html"),
                _ => format!("{kind}/{id}/index.html"),
            };
            let response = server.get(&key);
            if expected.contains_key(&key) {
                assert_eq!(response.status, 200, "{key}");
            } else {
                gone += 1;
                assert_eq!(response.status, 404, "{key} is gone from the content but served");
            }
        }
    }
    assert!(gone > 10, "the churn should delete and rename things ({gone} gone)");

    let (requests, failures) = prober.finish();
    assert!(
        failures.is_empty(),
        "{} of {requests} requests during the churn failed: {:?}",
        failures.len(),
        &failures[..failures.len().min(20)]
    );
    let rebuilds = settled_generation - start_generation;
    let during = generation_before_marker - start_generation;
    println!(
        "churn (seed {seed}): {EDITS} edits in {churn_time:?} ({paused} pauses), {rebuilds} rebuilds ({during} during the churn), settled {settle_time:?} after the marker; {requests} probe requests; {kinds:?}"
    );
    assert!(during >= 1, "rebuilds should run while the edits go on");
    assert!(
        rebuilds <= EDITS as u64 / 5,
        "{rebuilds} rebuilds for {EDITS} edits: bursts are not coalesced"
    );
}

/// Changes one claim statement of the example dossier per edit, in turn through its source
/// files and claims, saved in place or by renaming a temp file over the file.
struct StatementEditor {
    files: Vec<(PathBuf, String)>,
    edits: usize,
}

impl StatementEditor {
    fn new(root: &Path) -> Self {
        let mut files: Vec<(PathBuf, String)> = std::fs::read_dir(root.join("content/sources"))
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
            .map(|p| {
                let text = std::fs::read_to_string(&p).unwrap();
                (p, text)
            })
            .collect();
        files.sort();
        assert!(!files.is_empty());
        Self { files, edits: 0 }
    }

    /// The next edit.
    fn edit(&mut self) {
        let n = self.edits;
        self.edits += 1;
        let (path, original) = &self.files[n % self.files.len()];
        let statements = original.matches("\n    statement: \"").count();
        let target = (n / self.files.len()) % statements;
        let mut seen = 0;
        let text: String = original
            .split_inclusive('\n')
            .map(|line| {
                if line.starts_with("    statement: \"") {
                    seen += 1;
                    if seen - 1 == target {
                        let end = line.trim_end().len() - 1;
                        return format!("{} (Bearbeitung {n}){}", &line[..end], &line[end..]);
                    }
                }
                line.to_owned()
            })
            .collect();
        assert_ne!(&text, original);
        save(
            path,
            &text,
            if n.is_multiple_of(2) {
                Save::InPlace
            } else {
                Save::RenameOver
            },
        );
    }
}

/// Opens `count` live-reload connections, each past its `hello`.
fn live_connections(server: &Server, count: usize) -> Vec<WebSocketClient> {
    (0..count)
        .map(|_| {
            let mut socket = WebSocketClient::connect(&server.address, "/__dossier/ws").expect("WebSocket");
            socket.next_text(DEADLINE).expect("hello");
            socket
        })
        .collect()
}

/// One edit, waited for on every socket: the rebuild time the server printed, and the time from
/// the save to the `reload` message on the last socket, in milliseconds.
fn timed_rebuild(server: &Server, editor: &mut StatementEditor, sockets: &mut [WebSocketClient]) -> (f64, f64) {
    let printed = server.rebuild_millis().len();
    // The last save's data release is published after its pages, as a version of its own: wait
    // for it, so that its message is not taken for this save's reload.
    let before = poll_until(DEADLINE, "the last data release", || {
        let status = server.status();
        (status["release_pending"] == false).then(|| status["version"].as_u64().expect("version"))
    });
    let saved = std::time::Instant::now();
    editor.edit();
    for socket in sockets.iter_mut() {
        // Skipping an older version's message (read at once) must not pause.
        while next_message_of(socket, "reload")["version"].as_u64().expect("version") <= before {}
    }
    let delivered = saved.elapsed().as_secs_f64() * 1000.0;
    let times = poll_until(DEADLINE, "the rebuild line", || {
        let times = server.rebuild_millis();
        (times.len() > printed).then_some(times)
    });
    assert_eq!(times.len(), printed + 1, "one rebuild per edit");
    (times[printed] as f64, delivered)
}

fn median(values: &[f64]) -> f64 {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    sorted[sorted.len() / 2]
}

/// What `wrk` reported, from the `done` function of its script.
#[derive(Debug, Default)]
struct WrkResult {
    figures: BTreeMap<String, u64>,
    text: String,
}

impl WrkResult {
    fn get(&self, name: &str) -> u64 {
        *self
            .figures
            .get(name)
            .unwrap_or_else(|| panic!("wrk reported no {name}: {}", self.text))
    }
}

/// Runs `wrk --latency` against `paths` (absolute paths on `address`), in turn.
fn run_wrk(address: &str, paths: &[String], connections: usize, seconds: u64, script_dir: &Path) -> WrkResult {
    let list: Vec<String> = paths.iter().map(|p| format!("{p:?}")).collect();
    let script = format!(
        r#"local paths = {{ {} }}
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", paths[(i % #paths) + 1])
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT requests=%d duration_us=%d bytes=%d connect=%d read=%d write=%d status=%d timeout=%d p50_us=%d p90_us=%d p99_us=%d max_us=%d\n",
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max))
end
"#,
        list.join(", ")
    );
    let script_path = script_dir.join("load.lua");
    std::fs::write(&script_path, script).unwrap();
    let output = std::process::Command::new("wrk")
        .arg("-t2")
        .arg(format!("-c{connections}"))
        .arg(format!("-d{seconds}s"))
        .args(["--timeout", "5s", "--latency", "-s"])
        .arg(&script_path)
        .arg(format!("http://{address}/"))
        .output()
        .expect("run wrk");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(output.status.success(), "wrk failed: {text}");
    let figures = text
        .lines()
        .find_map(|line| line.strip_prefix("RESULT "))
        .unwrap_or_else(|| panic!("no RESULT line from wrk: {text}"))
        .split_whitespace()
        .filter_map(|pair| {
            let (name, value) = pair.split_once('=')?;
            Some((name.to_owned(), value.parse().ok()?))
        })
        .collect();
    WrkResult { figures, text }
}

/// `wrk` with 100 connections against `serve --watch` on a copy of the example dossier, over
/// the index, a claim, a source, a topic, the claim list and the style sheet, while a thread
/// saves a claim statement every ~200 ms: not one socket error, timeout or non-2xx answer, and
/// after the last save the served site and the output folder are exactly a clean build. Before
/// that, with the server otherwise idle: a rebuild (as the server times it, and from save to
/// the `reload` message on every socket) with 200 live-reload connections open takes less than
/// three times as long as with one (medians of 7 each, taken in turns). The load lasts `DOSSIER_LOAD_SECONDS` (default 10; the
/// figures in BENCHMARKS.md are from 30). Needs `wrk` (`apt-get install wrk`); fails without.
#[test]
fn serve_watch_under_load_answers_every_request_and_ends_current() {
    let _heavy = heavy_lock();
    if std::process::Command::new("wrk").arg("-v").output().is_err() {
        panic!("this test needs wrk on the PATH: apt-get install wrk (.ci/run installs it)");
    }
    let seconds: u64 = std::env::var("DOSSIER_LOAD_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(10);
    const CONNECTIONS: usize = 100;
    const ROUNDS: usize = 7;
    let dir = copy_example_dossier();
    let root = dir.path();
    let scratch = tempfile::tempdir().unwrap();
    let server = Server::start(root, &["--watch"]);
    let mut editor = StatementEditor::new(root);

    // Rebuild time with 1 and with 200 live-reload connections, in turns, so that the noise of
    // the machine falls on both alike.
    let mut sockets = live_connections(&server, 1);
    let (mut engine_one, mut delivered_one, mut engine_many, mut delivered_many) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for _ in 0..ROUNDS {
        let (engine, delivered) = timed_rebuild(&server, &mut editor, &mut sockets);
        engine_one.push(engine);
        delivered_one.push(delivered);
        sockets.extend(live_connections(&server, 199));
        let (engine, delivered) = timed_rebuild(&server, &mut editor, &mut sockets);
        engine_many.push(engine);
        delivered_many.push(delivered);
        sockets.truncate(1);
    }
    drop(sockets);
    let engine_ratio = median(&engine_many) / median(&engine_one).max(1.0);
    let delivered_ratio = median(&delivered_many) / median(&delivered_one);
    println!(
        "rebuild with 1 live connection: {:.0} ms (save to reload {:.0} ms); with 200: {:.0} ms (save to reload on all {:.0} ms); medians of {ROUNDS}; engine {engine_one:?} vs {engine_many:?}, delivered {delivered_one:.0?} vs {delivered_many:.0?}",
        median(&engine_one),
        median(&delivered_one),
        median(&engine_many),
        median(&delivered_many),
    );
    assert!(
        engine_ratio < 3.0,
        "a rebuild with 200 live connections takes {engine_ratio:.1} times as long as with one"
    );
    assert!(
        delivered_ratio < 3.0,
        "save to reload with 200 live connections takes {delivered_ratio:.1} times as long as with one"
    );

    // The load, with a save every ~200 ms.
    let expected = clean_build(root, None).unwrap_or_else(|d| panic!("{}", d.render()));
    let first_under = |prefix: &str| {
        expected
            .keys()
            .find(|k| k.starts_with(prefix) && k.ends_with("/index.html") && k.matches('/').count() == 2)
            .unwrap_or_else(|| panic!("no page under {prefix}"))
            .trim_end_matches("index.html")
            .to_owned()
    };
    let paths: Vec<String> = [
        String::new(),
        first_under("claims/"),
        first_under("sources/"),
        first_under("topics/"),
        "claims/".to_owned(),
        "static/style.css".to_owned(),
    ]
    .iter()
    .map(|p| format!("{}{p}", server.base_path))
    .collect();
    for path in &paths {
        assert_eq!(server.get(path).status, 200, "{path}");
    }
    let generation_before = server.generation();
    let printed_before = server.rebuild_millis().len();
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let editing = {
        let stop = stop.clone();
        std::thread::spawn(move || {
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                std::thread::sleep(std::time::Duration::from_millis(200));
                editor.edit();
            }
            editor.edits
        })
    };
    let wrk = run_wrk(&server.address, &paths, CONNECTIONS, seconds, scratch.path());
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let edits = editing.join().expect("editor thread") - 2 * ROUNDS;
    let rebuilds_under_load = server.generation() - generation_before;
    let times_under_load: Vec<f64> = server.rebuild_millis()[printed_before..]
        .iter()
        .map(|&ms| ms as f64)
        .collect();

    // After the last save: the served site is current.
    let expected = clean_build(root, None).unwrap_or_else(|d| panic!("{}", d.render()));
    let settle_started = std::time::Instant::now();
    poll_until(
        std::time::Duration::from_secs(60),
        "the served site to equal a clean build",
        || (server.status()["ok"] == true && fetch_site(&server, expected.keys()) == expected).then_some(()),
    );
    poll_until(DEADLINE, "the output folder to equal a clean build", || {
        (read_tree(&root.join("public")) == expected).then_some(())
    });
    let settle_time = settle_started.elapsed();

    let ms = |name: &str| wrk.get(name) as f64 / 1000.0;
    println!(
        "load: {CONNECTIONS} connections for {seconds} s: {} requests ({:.0}/s), latency p50 {:.2} ms, p90 {:.2} ms, p99 {:.2} ms, max {:.2} ms; errors: connect {}, read {}, write {}, timeout {}, non-2xx/3xx {}; {edits} saves, {rebuilds_under_load} rebuilds (median {:.0} ms, max {:.0} ms); current {settle_time:?} after the load\n{}",
        wrk.get("requests"),
        wrk.get("requests") as f64 / (wrk.get("duration_us") as f64 / 1e6),
        ms("p50_us"),
        ms("p90_us"),
        ms("p99_us"),
        ms("max_us"),
        wrk.get("connect"),
        wrk.get("read"),
        wrk.get("write"),
        wrk.get("timeout"),
        wrk.get("status"),
        if times_under_load.is_empty() {
            0.0
        } else {
            median(&times_under_load)
        },
        times_under_load.iter().copied().fold(0.0, f64::max),
        wrk.text
    );
    for error in ["connect", "read", "write", "timeout"] {
        assert_eq!(wrk.get(error), 0, "socket errors ({error}) under load: {}", wrk.text);
    }
    assert_eq!(wrk.get("status"), 0, "non-2xx answers under load: {}", wrk.text);
    assert!(wrk.get("requests") > 1_000, "wrk hardly ran: {}", wrk.text);
    assert!(
        edits as u64 >= seconds * 2,
        "the editor should save about 5 times a second ({edits} saves)"
    );
    assert!(
        rebuilds_under_load * 4 >= edits as u64,
        "the server should keep rebuilding under load ({rebuilds_under_load} rebuilds for {edits} saves)"
    );
}

// ---------------------------------------------------------------------------------------------
// A real browser.

/// Headless Chromium opens a claim page; the YAML is edited on disk and the new text appears with
/// no user action, keeping the scroll position; a broken YAML shows the overlay with the
/// file:line:column, and the fix removes it. Skipped (with a message) only when Chromium or the
/// npm packages are missing and `CI` is not set.
#[test]
fn browser_reloads_by_itself_and_shows_the_error_overlay() {
    let browser_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser");
    let chromium = std::env::var_os("CHROMIUM")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/bin/chromium"));
    let node_modules = browser_dir.join("node_modules/playwright-core");
    let node = std::process::Command::new("node")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !chromium.exists() || !node_modules.is_dir() || !node {
        let message = format!(
            "browser test needs {} (apt-get install chromium), node, and `npm ci` in tests/browser",
            chromium.display()
        );
        if std::env::var_os("CI").is_some() {
            panic!("{message}");
        }
        eprintln!("SKIPPED browser_reloads_by_itself_and_shows_the_error_overlay: {message}");
        return;
    }
    let model = Model::small();
    let dir = new_dossier(&model);
    let root = dir.path();
    let server = Server::start(root, &["--watch"]);
    let claim = &model.sources[0].claims[2];
    let output = std::process::Command::new("node")
        .arg(browser_dir.join("live_reload.mjs"))
        .env("DOSSIER_URL", format!("{}claims/{}/", server.url, claim.id))
        .env("DOSSIER_SOURCE_FILE", root.join("content/sources/source-0.yaml"))
        .env("DOSSIER_OLD_TEXT", &claim.statement)
        .env("CHROMIUM", &chromium)
        .output()
        .expect("run node");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    println!("{stdout}");
    assert!(
        output.status.success(),
        "browser script failed:\n{stdout}\n{stderr}\nserver: {:?}",
        server.stderr()
    );
    assert!(stdout.contains("live reload ok"), "{stdout}");
}

// ---------------------------------------------------------------------------------------------
// Limits (security review F10, F12).

/// Raises this process's open-files limit so that it can hold `count` more sockets.
fn allow_open_files(count: u64) {
    use rustix::process::{Resource, Rlimit, getrlimit, setrlimit};
    let limit = getrlimit(Resource::Nofile);
    let wanted = count + 512;
    if limit.current.is_some_and(|current| current < wanted) {
        let raised = limit.maximum.map_or(wanted, |maximum| maximum.min(wanted));
        setrlimit(
            Resource::Nofile,
            Rlimit {
                current: Some(raised),
                maximum: limit.maximum,
            },
        )
        .expect("raise the open-files limit");
    }
}

/// 1,000 idle connections and a client that sends its header a byte at a time do not keep a
/// normal request from being answered at once; the server closes connections whose header
/// does not arrive within its header timeout (before, they stayed open for ever).
#[test]
fn serve_answers_beside_idle_and_slow_header_connections_and_closes_them() {
    use std::io::{Read, Write};
    use std::net::TcpStream;
    use std::time::Instant;
    let _heavy = heavy_lock();
    allow_open_files(1_100);
    let dir = new_dossier(&Model::small());
    let server = Server::start(dir.path(), &[]);

    let idle: Vec<TcpStream> = (0..1_000)
        .map(|i| TcpStream::connect(&server.address).unwrap_or_else(|e| panic!("connection {i}: {e}")))
        .collect();
    let mut slow = TcpStream::connect(&server.address).unwrap();
    slow.write_all(b"GET / HTTP/1.1\r\n").unwrap();
    let trickle = {
        let mut slow = slow.try_clone().unwrap();
        let header = format!("Host: {}\r\nX-Padding: {}\r\n\r\n", server.address, "a".repeat(200));
        std::thread::spawn(move || {
            for byte in header.bytes() {
                if slow.write_all(&[byte]).is_err() {
                    return true;
                }
                std::thread::sleep(Duration::from_millis(200));
            }
            false
        })
    };
    std::thread::sleep(Duration::from_millis(300));

    let started = Instant::now();
    let answer = http(&server.address, "GET", "/").expect("a normal request is answered");
    let took = started.elapsed();
    assert_eq!(answer.status, 200);
    assert!(took < Duration::from_secs(1), "answered after {took:?}");

    // The header timeout (10 s) closes the idle connections and the slow one.
    let deadline = Duration::from_secs(20);
    let mut first_idle = idle.into_iter().next().unwrap();
    first_idle.set_read_timeout(Some(deadline)).unwrap();
    let started = Instant::now();
    let mut buffer = [0u8; 64];
    let read = first_idle.read(&mut buffer);
    assert!(
        matches!(read, Ok(0) | Err(_)) && started.elapsed() < deadline,
        "an idle connection was not closed: {read:?} after {:?}",
        started.elapsed()
    );
    slow.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    let mut rest = Vec::new();
    let _ = slow.read_to_end(&mut rest);
    assert!(
        !String::from_utf8_lossy(&rest).contains("200 OK"),
        "the slow header was never completed, yet answered"
    );
    assert!(
        trickle.join().unwrap(),
        "the slow connection stayed open until its header was complete"
    );
    assert_eq!(http(&server.address, "GET", "/").unwrap().status, 200, "still serving");
}

/// A browser's WebSocket message is limited to a few KB (the live script sends none); a 1 MB
/// message closes the connection instead of filling memory.
#[test]
fn serve_closes_a_websocket_that_sends_a_large_message() {
    let dir = new_dossier(&Model::small());
    let server = Server::start(dir.path(), &["--watch"]);
    let mut small = WebSocketClient::connect(&server.address, "/__dossier/ws").unwrap();
    small.next_text(Duration::from_secs(5)).expect("hello");
    small.send_text("ping").unwrap();
    assert!(
        !small.closed_within(Duration::from_millis(500)),
        "a small message is ignored"
    );

    let mut large = WebSocketClient::connect(&server.address, "/__dossier/ws").unwrap();
    large.next_text(Duration::from_secs(5)).expect("hello");
    let _ = large.send_text(&"x".repeat(1 << 20));
    assert!(
        large.closed_within(Duration::from_secs(5)),
        "a 1 MB message did not close the WebSocket"
    );
    assert_eq!(server.get("/").status, 200, "still serving");
}

/// `--allow-host NAME` adds a name the preview answers to (e.g. the machine's name on the
/// network); other names are still refused.
#[test]
fn serve_answers_host_names_given_with_allow_host() {
    let dir = new_dossier(&Model::small());
    let server = Server::start(dir.path(), &["--allow-host", "Preview.Example"]);
    let allowed = http_with_headers(&server.address, "GET", "/", "Host: preview.example:1111\r\n").unwrap();
    assert_eq!(allowed.status, 200);
    let rebound = http_with_headers(&server.address, "GET", "/", "Host: evil.example:1111\r\n").unwrap();
    assert_eq!(rebound.status, 403);
}

/// Held family 18: a 100 KB URL and 5,000 header lines are refused with 414 or 431, and the
/// server goes on answering.
#[test]
fn serve_refuses_huge_request_lines_and_headers_and_stays_up() {
    let dir = new_dossier(&Model::small());
    let server = Server::start(dir.path(), &[]);
    let long_path = format!("/{}", "a".repeat(100_000));
    let long = http(&server.address, "GET", &long_path);
    assert!(
        long.as_ref().map_or(true, |r| matches!(r.status, 414 | 431 | 400)),
        "a 100 KB URL: {:?}",
        long.map(|r| r.status)
    );
    let many: String = (0..5_000).map(|i| format!("X-Header-{i}: {i}\r\n")).collect();
    let headers = http_with_headers(
        &server.address,
        "GET",
        "/",
        &format!("Host: {}\r\n{many}", server.address),
    );
    assert!(
        headers.as_ref().map_or(true, |r| r.status == 431),
        "5,000 headers: {:?}",
        headers.map(|r| r.status)
    );
    assert_eq!(server.get("/").status, 200, "still serving");
}

// ---------------------------------------------------------------------------------------------
// What held in the security review, kept held (the table is at the top of
// tests/integration/hostile.rs).

/// Asserts that a served page holds no element or event attribute from the payload and that
/// the live state is JSON without `<`.
fn assert_served_page_inert(what: &str, html: &str) {
    let document = scraper::Html::parse_document(html);
    let every = scraper::Selector::parse("*").unwrap();
    for element in document.select(&every) {
        let name = element.value().name();
        assert!(
            !(name == "img" && element.value().attr("src") == Some("x")),
            "{what}: injected <img>"
        );
        for (attribute, _) in element.value().attrs() {
            assert!(!attribute.starts_with("on"), "{what}: {attribute} on <{name}>");
        }
        if name == "script" && element.value().attr("src").is_none() {
            let text: String = element.text().collect();
            assert_eq!(element.value().attr("id"), Some("dossier-live-state"), "{what}: {text}");
            assert!(!text.contains('<'), "{what}: {text}");
            serde_json::from_str::<serde_json::Value>(&text).unwrap_or_else(|e| panic!("{what}: {e}: {text}"));
        }
    }
}

/// Held family 8: build errors quoting the dossier, shown in `serve`'s error page and its live
/// state, and a 404 path reflected in the live state, are text: no element, no attribute.
#[test]
fn held_8_serve_error_page_and_reflected_paths_are_escaped() {
    let payload = "</script><img src=x onerror=alert(1)><script>alert(2)</script>";
    let mut model = Model::small();
    model.broken = Some((
        "content/pages/evil.md".into(),
        format!("---\ntitle: \"x\"\nslug: \"{payload}\"\n---\nText\n"),
    ));
    let dir = new_dossier(&model);
    let server = Server::start(dir.path(), &["--watch"]);
    let page = server.get("");
    assert_eq!(page.status, 500);
    let html = page.text();
    assert!(html.contains("content/pages/evil.md:3:"), "{html}");
    assert_served_page_inert("error page", &html);
    let document = scraper::Html::parse_document(&html);
    let listing: String = document
        .select(&scraper::Selector::parse("#dossier-build-errors").unwrap())
        .flat_map(|e| e.text())
        .collect();
    assert!(listing.contains(payload), "the message is shown as text: {listing}");
    let state: serde_json::Value = serde_json::from_str(
        &document
            .select(&scraper::Selector::parse("#dossier-live-state").unwrap())
            .next()
            .expect("live state")
            .text()
            .collect::<String>(),
    )
    .unwrap();
    assert!(
        state.to_string().contains(payload),
        "the errors reach the overlay as data: {state}"
    );

    let dir = new_dossier(&Model::small());
    let server = Server::start(dir.path(), &["--watch"]);
    let reflected = server.get("/%3C/script%3E%3Cimg%20src=x%20onerror=alert(1)%3E/");
    assert_eq!(reflected.status, 404);
    let html = reflected.text();
    assert!(!html.contains("<img src=x"), "{html}");
    assert_served_page_inert("404 page", &html);
}

/// One raw request (`request` is sent as is) and the whole response as text.
fn raw_request(address: &str, request: &[u8]) -> String {
    use std::io::{Read, Write};
    let mut stream = std::net::TcpStream::connect(address).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    stream.write_all(request).unwrap();
    let mut raw = Vec::new();
    let _ = stream.read_to_end(&mut raw);
    String::from_utf8_lossy(&raw).into_owned()
}

fn status_of(response: &str) -> u16 {
    response
        .split(' ')
        .nth(1)
        .and_then(|code| code.parse().ok())
        .unwrap_or_else(|| panic!("no status in {response:?}"))
}

/// Held family 15: the review's paths beyond the ones above (double encoding, overlong UTF-8,
/// absolute form, `*`, the dossier's own folders and files, the output's marker and staging
/// folder, CRLF in the query, bytes that are not UTF-8) are 400, 403 or 404, never a file from
/// outside the site.
#[test]
fn held_15_serve_paths_never_reach_outside_the_site() {
    let dir = new_dossier(&Model::small());
    let root = dir.path();
    let server = Server::start(root, &[]);
    let secrets = [
        std::fs::read_to_string(root.join("dossier.yaml")).unwrap(),
        std::fs::read_to_string(root.join("content/topics.yaml")).unwrap(),
        std::fs::read_to_string(root.join("seeds/source-0.txt")).unwrap(),
    ];
    let host = &server.address;
    let mut requests: Vec<Vec<u8>> = [
        "/%252e%252e/dossier.yaml",
        "/%252e%252e%252fdossier.yaml",
        "/%c0%ae%c0%ae/dossier.yaml",
        "/%c0%af..%c0%afdossier.yaml",
        "//etc/passwd",
        "//dossier.yaml",
        "/.dossier-output",
        "/.public.staging/index.html",
        "/../.public.staging/index.html",
        "/seeds/source-0.txt",
        "/content/topics.yaml",
        "/dossier.yaml",
        "/../seeds/",
        "/%2e/%2e%2e/dossier.yaml",
        "/static/..\\..\\dossier.yaml",
        "/?a=%0d%0aSet-Cookie:%20x=1",
        "/%ff%fe/../dossier.yaml",
        "*",
        "http://127.0.0.1/../dossier.yaml",
        "http://evil.example/dossier.yaml",
        "file:///etc/passwd",
    ]
    .iter()
    .map(|path| format!("GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n").into_bytes())
    .collect();
    // A raw CR LF in the query, and raw bytes that are not UTF-8.
    requests
        .push(format!("GET /?a=b\rSet-Cookie: x=1 HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n").into_bytes());
    let mut not_utf8 = b"GET /\xff\xfe/../../dossier.yaml HTTP/1.1\r\n".to_vec();
    not_utf8.extend_from_slice(format!("Host: {host}\r\nConnection: close\r\n\r\n").as_bytes());
    requests.push(not_utf8);
    for request in &requests {
        let shown = String::from_utf8_lossy(&request[..request.iter().position(|&b| b == b'\n').unwrap()]).into_owned();
        let response = raw_request(host, request);
        if response.is_empty() {
            continue; // The connection was closed: nothing served.
        }
        let status = status_of(&response);
        assert!(
            matches!(status, 400 | 403 | 404 | 405) || (status == 200 && shown.starts_with("GET /?")),
            "{shown}: {status}"
        );
        for secret in &secrets {
            assert!(!response.contains(secret.trim()), "{shown} leaked a dossier file");
        }
        assert!(!response.contains("\r\nSet-Cookie"), "{shown}: header injected");
    }
    assert_eq!(server.get("/").status, 200, "still serving");
}

/// Held family 29: requests without a Host, HTTP/1.0, HEAD and methods other than GET get the
/// answers a small static server should give; the Host check holds for HTTP/1.0 too.
#[test]
fn held_29_serve_answers_odd_requests_as_a_static_server_should() {
    let dir = new_dossier(&Model::small());
    let server = Server::start(dir.path(), &[]);
    let host = &server.address;
    // Without a Host the request is from no browser (every browser sends one), so no
    // rebinding page: answered, as curl or wrk expect.
    let no_host = raw_request(host, b"GET / HTTP/1.1\r\nConnection: close\r\n\r\n");
    assert_eq!(status_of(&no_host), 200, "{no_host}");
    let old = raw_request(host, format!("GET / HTTP/1.0\r\nHost: {host}\r\n\r\n").as_bytes());
    assert_eq!(status_of(&old), 200, "HTTP/1.0 with a loopback Host");
    assert!(old.contains("<html"), "{old}");
    let old_without_host = raw_request(host, b"GET / HTTP/1.0\r\n\r\n");
    assert_eq!(status_of(&old_without_host), 200, "{old_without_host}");
    let foreign = raw_request(host, b"GET / HTTP/1.0\r\nHost: evil.example\r\n\r\n");
    assert_eq!(status_of(&foreign), 403, "HTTP/1.0 keeps the Host check");
    let head = raw_request(
        host,
        format!("HEAD /static/style.css HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n").as_bytes(),
    );
    assert_eq!(status_of(&head), 200);
    assert!(head.ends_with("\r\n\r\n"), "HEAD has no body: {head}");
    for method in ["POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE"] {
        let response = raw_request(
            host,
            format!(
                "{method} /dossier.yaml HTTP/1.1\r\nHost: {host}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
            )
            .as_bytes(),
        );
        assert!(matches!(status_of(&response), 403..=405), "{method}: {response}");
        assert!(!response.contains("organization"), "{method}");
    }
    let missing = raw_request(
        host,
        format!("GET /no/such/ HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n").as_bytes(),
    );
    assert_eq!(status_of(&missing), 404);
    assert_eq!(server.get("/").status, 200, "still serving");
}

// ---------------------------------------------------------------------------------------------
// Issue 15: the error page and overlay in the dossier's language, the port checked first,
// commits seen by `--watch`.

/// The text of the one element `css` selects in `html`.
fn element_text(html: &str, css: &str) -> String {
    let document = scraper::Html::parse_document(html);
    let selector = scraper::Selector::parse(css).unwrap();
    let texts: Vec<String> = document.select(&selector).map(|e| e.text().collect()).collect();
    assert_eq!(texts.len(), 1, "one `{css}` in {html}");
    texts.into_iter().next().unwrap()
}

/// A German dossier gets the page shown while there is no site, and the overlay's words, in
/// German, on the page and over the WebSocket after a later failure.
#[test]
fn serve_error_page_and_overlay_speak_the_dossier_language() {
    let mut model = Model::small();
    model.language = "de";
    model.broken = Some((
        "content/sources/source-1.yaml".into(),
        "id: source-1\nclaims: [\n".into(),
    ));
    let dir = new_dossier(&model);
    let root = dir.path();
    let server = Server::start(root, &["--watch"]);

    let page = server.get("");
    assert_eq!(page.status, 500);
    let html = page.text();
    let document = scraper::Html::parse_document(&html);
    let lang = document.root_element().value().attr("lang").map(str::to_owned);
    assert_eq!(lang.as_deref(), Some("de"), "{html}");
    assert_eq!(element_text(&html, "h1"), "Website nicht erstellt");
    let listing = element_text(&html, "#dossier-build-errors");
    assert!(
        listing.contains("Fehler: eine `[` wird nicht mit `]` geschlossen"),
        "{listing}"
    );
    assert!(listing.contains("\n  = Hinweis: "), "{listing}");
    assert!(
        !html.contains("Build failed") && !listing.contains("error:") && !listing.contains("= help:"),
        "{html}"
    );
    let state: serde_json::Value = serde_json::from_str(&element_text(&html, "#dossier-live-state")).unwrap();
    assert_eq!(state["text"]["errors_other"], "Website nicht erstellt: {n} Fehler");
    assert_eq!(state["text"]["close"], "Schließen");

    let mut socket = WebSocketClient::connect(&server.address, "/__dossier/ws").expect("WebSocket");
    let hello: serde_json::Value = serde_json::from_str(&socket.next_text(DEADLINE).expect("hello")).unwrap();
    assert_eq!(hello["text"]["help"], "Hinweis", "{hello}");

    // Fixed, then broken again: the pages served meanwhile and the errors message are German.
    model.broken = None;
    model.sync(root);
    poll_until(DEADLINE, "the site", || (server.get("").status == 200).then_some(()));
    let source_file = root.join("content/sources/source-0.yaml");
    let good = std::fs::read_to_string(&source_file).unwrap();
    std::fs::write(&source_file, good.replacen("claims:\n", "claims: [\n", 1)).unwrap();
    let errors = next_message_of(&mut socket, "errors");
    assert_eq!(
        errors["text"]["hint"],
        "Die Seite zeigt den letzten fehlerfreien Stand. Sie lädt neu, sobald die Fehler behoben sind."
    );
    assert_eq!(errors["text"]["error"], "Fehler");
    let served = server.get("");
    assert_eq!(served.status, 200, "the last good site stays");
    assert!(served.text().contains("\"warning\":\"Warnung\""), "{}", served.text());
}

/// `serve` on a port in use fails at once (exit 2, a plain message with the fix) without
/// building: no output folder is written, no build is reported.
#[test]
fn serve_checks_the_port_before_it_builds() {
    let model = Model::small();
    let dir = new_dossier(&model);
    let root = dir.path();
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    for watch in [false, true] {
        let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_dossier"));
        command.args(["serve", "--port", &port, "--root"]).arg(root);
        if watch {
            command.arg("--watch");
        }
        let output = command.output().unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        let stdout = String::from_utf8_lossy(&output.stdout);
        assert_eq!(output.status.code(), Some(2), "{stdout}\n{stderr}");
        assert!(
            stderr.contains(&format!("cannot listen on 127.0.0.1:{port}: the port is in use")),
            "{stderr}"
        );
        assert!(stderr.contains("--port 0"), "{stderr}");
        assert!(
            !stdout.contains("Built"),
            "no build before the port is checked: {stdout}"
        );
        assert!(!root.join("public").exists(), "nothing written");
    }
}

/// `git` in `root` with a fixed identity and date.
fn git_in(root: &Path, args: &[&str]) {
    let status = std::process::Command::new("git")
        .current_dir(root)
        .args(["-c", "user.name=Test", "-c", "user.email=test@example.org"])
        .args(args)
        .env("GIT_AUTHOR_DATE", "2024-11-22T09:30:00Z")
        .env("GIT_COMMITTER_DATE", "2024-11-22T09:30:00Z")
        .stdout(std::process::Stdio::null())
        .status()
        .expect("run git");
    assert!(status.success(), "git {args:?}");
}

/// A commit changes no file of the dossier, only the branch in `.git`; the corrections log
/// is read from the history, so `serve --watch` rebuilds and the corrections page shows it.
#[test]
fn serve_watch_rebuilds_when_a_commit_moves_the_history() {
    let mut model = Model::small();
    let dir = new_dossier(&model);
    let root = dir.path();
    std::fs::write(root.join(".gitignore"), "public/\n").unwrap();
    git_in(root, &["init", "-q", "-b", "main"]);
    git_in(root, &["add", "-A"]);
    git_in(root, &["commit", "-q", "-m", "Erste Fassung"]);
    let server = Server::start(root, &["--watch"]);
    assert!(!server.get("corrections/").text().contains("class=\"correction\""));

    // A verdict changed and saved: rebuilt, but no correction until it is committed.
    let claim = model.sources[0].claims[0].id.clone();
    model.sources[0].claims[0].verdict = (model.sources[0].claims[0].verdict + 1) % 3;
    model.sync(root);
    let mut barriers = 0;
    barrier(&server, root, &mut barriers);
    assert!(!server.get("corrections/").text().contains("class=\"correction\""));

    git_in(root, &["add", "-A"]);
    git_in(root, &["commit", "-q", "-m", "Bewertung korrigiert"]);
    let page = poll_until(DEADLINE, "the commit on the corrections page", || {
        let page = server.get("corrections/").text();
        page.contains("class=\"correction\"").then_some(page)
    });
    assert!(page.contains(&format!("claims/{claim}/")), "{page}");
    assert_eq!(server.status()["ok"], true);
}

/// Messages are written in the dossier's language (`language:` of dossier.yaml). Switched while
/// `serve` runs, the problems of files that did not change come in the new language too, as a
/// fresh start gives them; before, the engine kept each unchanged file's messages as first
/// written.
#[test]
fn switching_the_language_rewrites_the_messages_of_unchanged_files() {
    let dir = copy_example_dossier();
    let root = dir.path();
    let source = root.join("content/sources/000-tausend-tage-nordkorea.yaml");
    let text = std::fs::read_to_string(&source).unwrap();
    std::fs::write(&source, text.replacen("claims:\n", "bewertung: 1\nclaims:\n", 1)).unwrap();
    let mut engine = Engine::new(root, RenderOptions::default());
    let german = engine.rebuild().expect_err("an unknown field").render();
    let fresh = |root: &Path| {
        Engine::new(root, RenderOptions::default())
            .rebuild()
            .expect_err("an unknown field")
            .render()
    };
    assert_eq!(german, fresh(root));

    let config = root.join("dossier.yaml");
    let yaml = std::fs::read_to_string(&config).unwrap();
    assert!(yaml.contains("language: de\n"));
    std::fs::write(&config, yaml.replacen("language: de\n", "language: en\n", 1)).unwrap();
    engine.reload_paths(&[config]);
    let english = engine.rebuild().expect_err("still the unknown field").render();
    assert_ne!(english, german, "the messages follow the language");
    assert_eq!(english, fresh(root), "as a fresh start writes them");
}
