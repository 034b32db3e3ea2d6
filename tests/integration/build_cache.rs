//! The build cache (`.NAME.cache/` beside the output): real `dossier build` processes, one after
//! another into the same output with the cache, each compared byte for byte with a clean build
//! of the same content into a fresh folder; edits at the start of the dossier (a claim edited,
//! added, deleted; a source added and deleted), and caches that must not be trusted (another
//! version, other flags, damaged, an output changed behind the cache's back).

use std::path::Path;

use dossier::generate::{GenerateOptions, write_dossier};

use crate::fixture::{Fixture, Run, tree};

const FIRST_SOURCE: &str = "content/sources/00000.yaml";

/// A generated dossier of 12 sources (120 claims).
fn generated() -> Fixture {
    let fixture = Fixture::empty();
    write_dossier(fixture.root(), &GenerateOptions { sources: 12, seed: 3 }).expect("generate");
    fixture
}

/// `dossier build ARGS` into `output`, asserting success; the pages it rendered.
fn build_into(fixture: &Fixture, output: &Path, args: &[&str]) -> usize {
    build_counting(fixture, output, args).rendered
}

/// What a build did with its pages, from its summary line (`Built N pages (R rendered of L
/// looked at; …`).
#[derive(Debug, Clone, Copy)]
struct Counts {
    /// Pages rendered.
    rendered: usize,
    /// Pages whose contexts were built (rendered, or compared and kept): not kept by their
    /// neighbourhood key alone.
    looked_at: usize,
}

/// `dossier build ARGS` into `output`, asserting success; what it did with its pages.
fn build_counting(fixture: &Fixture, output: &Path, args: &[&str]) -> Counts {
    let mut all = vec!["build", "--output"];
    let output = output.to_string_lossy().into_owned();
    all.push(&output);
    all.extend(args);
    let run = fixture.run(&all);
    run.succeeds();
    let looked_at = run
        .stdout
        .split(" gerendert von ")
        .nth(1)
        .and_then(|rest| rest.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no looked-at count in {}", run.stdout));
    Counts {
        rendered: rendered(&run),
        looked_at,
    }
}

/// The pages a build rendered, from its summary line (`N Seiten erstellt (R gerendert von …`:
/// the generated dossiers are German).
fn rendered(run: &Run) -> usize {
    run.stdout
        .split(" Seiten erstellt (")
        .nth(1)
        .and_then(|rest| rest.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no rendered count in {}", run.stdout))
}

/// The pages of the site, from the summary line.
fn pages(run: &Run) -> usize {
    run.stdout
        .split(" Seiten erstellt (")
        .next()
        .and_then(|before| before.rsplit('\n').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no page count in {}", run.stdout))
}

/// Builds with the cache into `output`, then cleanly into a fresh folder, and asserts both
/// trees are byte-identical; the pages the cached build rendered.
fn cached_equals_clean(fixture: &Fixture, output: &Path, what: &str) -> usize {
    cached_equals_clean_counting(fixture, output, what).rendered
}

/// [`cached_equals_clean`], with what the cached build did with its pages.
fn cached_equals_clean_counting(fixture: &Fixture, output: &Path, what: &str) -> Counts {
    let counts = build_counting(fixture, output, &[]);
    let clean = tempfile::tempdir().expect("temp dir");
    let clean_output = clean.path().join("site");
    build_into(fixture, &clean_output, &["--no-cache"]);
    assert_same_tree(output, &clean_output, what);
    counts
}

/// Asserts that the folder `output` holds exactly the files of the clean build `clean_output`,
/// byte for byte.
fn assert_same_tree(output: &Path, clean_output: &Path, what: &str) {
    let (cached, clean) = (tree(output), tree(clean_output));
    assert_eq!(
        cached.keys().collect::<Vec<_>>(),
        clean.keys().collect::<Vec<_>>(),
        "{what}: other files"
    );
    for (path, bytes) in &cached {
        assert!(clean[path] == *bytes, "{what}: {path} differs from a clean build");
    }
}

/// The first claim of the first source file, as generated (id line to the next claim).
fn first_claim(text: &str) -> (usize, usize) {
    let start = text.find("claims:\n").expect("claims") + "claims:\n".len();
    let next = text[start + 4..].find("\n  - id: ").expect("a second claim") + start + 4 + 1;
    (start, next)
}

#[test]
fn builds_with_the_cache_equal_clean_builds_after_edits_at_the_start_of_the_dossier() {
    let fixture = generated();
    let out_dir = tempfile::tempdir().expect("temp dir");
    let output = out_dir.path().join("public");
    let all = cached_equals_clean(&fixture, &output, "first build");
    assert!(
        out_dir.path().join(".public.cache/pages").is_file(),
        "the cache lives beside the output"
    );
    assert!(
        !tree(&output).keys().any(|path| path.contains("cache")),
        "never inside the output"
    );

    assert_eq!(cached_equals_clean(&fixture, &output, "nothing changed"), 0);

    // One claim's statement edited, in the first source file.
    let text = fixture.read(FIRST_SOURCE);
    let (start, next) = first_claim(&text);
    let claim = &text[start..next];
    let statement_at = claim.find("statement: \"").expect("statement") + "statement: \"".len();
    let edited = format!("{}Edited: {}", &claim[..statement_at], &claim[statement_at..]);
    fixture.write(FIRST_SOURCE, &format!("{}{edited}{}", &text[..start], &text[next..]));
    let one = cached_equals_clean(&fixture, &output, "one claim edited");
    assert!(
        one > 0 && one < all / 4,
        "one claim edited: {one} of {all} pages rendered"
    );

    // A claim added before every other claim (same quote as the first, another id).
    let text = fixture.read(FIRST_SOURCE);
    let (start, next) = first_claim(&text);
    let first_id = text[start..]
        .split_once("  - id: ")
        .expect("id")
        .1
        .split('\n')
        .next()
        .expect("line");
    let added = text[start..next].replacen(&format!("- id: {first_id}\n"), "- id: aaa-added-first\n", 1);
    fixture.write(FIRST_SOURCE, &format!("{}{added}{}", &text[..start], &text[start..]));
    // Every claim's index shifted by one; the pages that show the new claim or what changed
    // with it (its source, topic and origins, the claims sharing them, the overviews, the
    // home page) are looked at again, not the rest of the site.
    let counts = cached_equals_clean_counting(&fixture, &output, "claim added at the start");
    eprintln!("claim added at the start: {counts:?} of {all} pages");
    assert!(
        counts.rendered >= 1 && counts.looked_at >= counts.rendered && counts.looked_at < all / 2,
        "claim added at the start: {counts:?} of {all} pages"
    );

    // That claim deleted again, then the first generated claim too (if nothing needs it).
    fixture.write(FIRST_SOURCE, &text);
    let counts = cached_equals_clean_counting(&fixture, &output, "claim deleted at the start");
    assert!(
        counts.rendered >= 1 && counts.looked_at < all / 2,
        "claim deleted at the start: {counts:?} of {all} pages"
    );

    // A source added before every other (a copy of the first with other ids), then deleted.
    let copy = text
        .replace("  - id: ", "  - id: copy-")
        .replacen("id: ", "id: copy-", 1);
    fixture.write("content/sources/0000.yaml", &copy);
    let added = cached_equals_clean_counting(&fixture, &output, "source added at the start");
    std::fs::remove_file(fixture.path("content/sources/0000.yaml")).expect("delete");
    let deleted = cached_equals_clean_counting(&fixture, &output, "source deleted at the start");
    eprintln!("source added: {added:?}, deleted: {deleted:?} of {all} pages");
    assert_eq!(build_into(&fixture, &output, &[]), 0, "and then nothing changed");
}

#[test]
fn a_cache_of_another_version_other_flags_or_damaged_is_ignored() {
    let fixture = generated();
    let out_dir = tempfile::tempdir().expect("temp dir");
    let output = out_dir.path().join("public");
    let cache = out_dir.path().join(".public.cache/pages");
    let all = cached_equals_clean(&fixture, &output, "first build");
    assert!(all > 100);

    // Another version wrote it.
    let text = std::fs::read_to_string(&cache).expect("cache");
    let version = format!(" {} ", env!("CARGO_PKG_VERSION"));
    std::fs::write(&cache, text.replacen(&version, " 0.0.0-older ", 1)).expect("write");
    assert_eq!(cached_equals_clean(&fixture, &output, "older version"), all);

    // Truncated, emptied, garbage, a folder in its place: all ignored, never a panic.
    let text = std::fs::read_to_string(&cache).expect("cache");
    for damaged in [
        &text[..text.len() / 2],
        &text[..text.len() - 3],
        "",
        "\u{0}\n\n\nend 1 x\n",
    ] {
        std::fs::write(&cache, damaged).expect("write");
        assert_eq!(cached_equals_clean(&fixture, &output, "damaged cache"), all);
    }
    std::fs::remove_file(&cache).expect("remove");
    std::fs::create_dir(&cache).expect("folder");
    let run = fixture.run(&["build", "--output", &output.to_string_lossy()]);
    run.succeeds();
    assert_eq!(rendered(&run), all, "a folder is no cache");
    if cache.is_dir() {
        std::fs::remove_dir(&cache).expect("remove");
    } else {
        std::fs::remove_file(&cache).expect("remove");
    }

    // Another base URL: the cache of the plain build is not used, and vice versa.
    assert_eq!(cached_equals_clean(&fixture, &output, "rebuilt"), all);
    let run = fixture.run(&[
        "build",
        "--output",
        &output.to_string_lossy(),
        "--base-url",
        "https://example.org/sub/",
    ]);
    run.succeeds();
    assert_eq!(rendered(&run), pages(&run), "another base URL renders everything");
    assert_eq!(cached_equals_clean(&fixture, &output, "base URL dropped"), all);

    // A page of the output changed behind the cache's back is made anew.
    let page = tree(&output)
        .into_keys()
        .find(|path| path.starts_with("claims/") && path.ends_with("index.html"))
        .expect("a claim page");
    std::thread::sleep(std::time::Duration::from_millis(20));
    std::fs::write(output.join(&page), "tampered").expect("tamper");
    assert!(cached_equals_clean(&fixture, &output, "tampered output") >= 1);
    // The output folder deleted: everything rendered, nothing taken from nowhere.
    std::fs::remove_dir_all(&output).expect("delete output");
    assert_eq!(cached_equals_clean(&fixture, &output, "output deleted"), all);
}

#[test]
fn check_with_the_cache_of_the_last_build_still_finds_what_changed() {
    let fixture = generated();
    fixture.build();
    fixture.run(&["check", "--quiet"]).succeeds();
    // A Markdown page with a broken link: rendered (its page is new) and its links checked.
    fixture.write(
        "content/pages/zz-links.md",
        "---\ntitle: \"Links\"\n---\nSee [the list](../nowhere/) and [a claim](../claims/).\n",
    );
    let stderr = fixture.run(&["check", "--quiet"]).fails().to_owned();
    assert!(stderr.contains("broken link `../nowhere/`"), "{stderr}");
    // A template override with a broken link: every page of that kind is rendered again.
    std::fs::remove_file(fixture.path("content/pages/zz-links.md")).expect("delete");
    fixture.run(&["check", "--quiet"]).succeeds();
    fixture.write(
        "templates/source.html",
        "{% extends \"base.html\" %}{% block content %}<a href=\"missing.html\">x</a>{% endblock %}",
    );
    let stderr = fixture.run(&["check", "--quiet"]).fails().to_owned();
    assert!(stderr.contains("broken link `missing.html`"), "{stderr}");
}

#[test]
fn check_trusts_the_record_of_the_last_build_not_its_output_folder() {
    let fixture = generated();
    fixture.build();
    // The output folder edited and then deleted behind the cache's back: `check` needs no
    // page's bytes, so it still passes, and still finds a new broken link and a link to an
    // element a page no longer has (for which kept pages' links are needed: rendered anew
    // where the output no longer holds them).
    let claim_page = tree(&fixture.path("public"))
        .into_keys()
        .find(|path| path.starts_with("claims/") && path.ends_with("index.html"))
        .expect("a claim page");
    std::fs::write(fixture.path("public").join(&claim_page), "tampered").expect("tamper");
    fixture.run(&["check", "--quiet"]).succeeds();
    std::fs::remove_dir_all(fixture.path("public")).expect("delete output");
    assert!(fixture.path(".public.cache/pages").is_file());
    fixture.run(&["check", "--quiet"]).succeeds();
    fixture.write(
        "content/pages/zz-links.md",
        "---\ntitle: \"Links\"\n---\nSee [the list](../nowhere/) and [a claim](../claims/#no-such-id).\n",
    );
    let stderr = fixture.run(&["check", "--quiet"]).fails().to_owned();
    assert!(stderr.contains("broken link `../nowhere/`"), "{stderr}");
    assert!(stderr.contains("no-such-id"), "{stderr}");
}

/// The generated dossier in memory, as `dossier build` and `dossier check` read it.
fn pipeline_input(fixture: &Fixture) -> dossier::load::InputFiles {
    dossier::load::InputFiles::read(fixture.root())
}

#[test]
fn check_names_exactly_the_files_a_build_writes() {
    use dossier::build::{MemorySink, NullSink, Pipeline, PipelineOptions};
    let fixture = generated();
    // A static file of the dossier's own, in a folder: named like the built-in ones.
    fixture.write("static/extra/site.css", "body { color: black; }\n");
    for base_url in ["configured", "none"] {
        if base_url == "none" {
            // Without a base URL there is no sitemap, feed or corrections feed.
            fixture.edit("dossier.yaml", "base_url: \"https://example.org/dossier/\"\n", "");
        }
        let input = pipeline_input(&fixture);
        let pipeline = Pipeline::new(&input, PipelineOptions::default());
        let mut memory = MemorySink::new();
        let built = pipeline.run(None, &mut memory).expect("build");
        let written: Vec<String> = memory.into_files().into_keys().collect();
        let pages: std::collections::BTreeSet<&String> = built.rendered.iter().collect();
        let beside: Vec<&String> = written.iter().filter(|path| !pages.contains(path)).collect();
        assert_eq!(
            built.others.iter().collect::<Vec<_>>(),
            beside,
            "{base_url}: the build's own list"
        );
        assert!(
            beside.iter().any(|path| path.starts_with("search/terms/")),
            "{base_url}: {beside:?}"
        );
        assert_eq!(
            beside.iter().any(|path| *path == "sitemap.xml"),
            base_url == "configured"
        );
        // `check` drops every file and makes none of the exports: it names them.
        let checked = pipeline.run(None, &mut NullSink).expect("check");
        assert_eq!(
            checked.others, built.others,
            "{base_url}: check names what build writes"
        );
    }
}

/// A sink that keeps nothing and notes which files were made and which kept from the last
/// output (as `dossier build`'s staging folder would take them).
#[derive(Default)]
struct NotingSink {
    written: std::sync::Mutex<Vec<String>>,
    kept: std::sync::Mutex<Vec<String>>,
}

impl dossier::build::Sink for NotingSink {
    fn write(&self, path: &str, _bytes: &[u8]) -> Result<(), dossier::write::WriteError> {
        self.written.lock().unwrap().push(path.to_owned());
        Ok(())
    }

    fn keep(
        &self,
        path: &str,
        hash: u64,
        previous: &dossier::write::PreviousOutput,
    ) -> Result<bool, dossier::write::WriteError> {
        let held = previous.read_file(path, hash).is_some();
        if held {
            self.kept.lock().unwrap().push(path.to_owned());
        }
        Ok(held)
    }
}

/// Runs the pipeline with the build cache of `output` (as `dossier build --output OUTPUT`
/// would) into a [`NotingSink`]: the files it made and the files it kept.
fn made_and_kept(fixture: &Fixture, output: &Path) -> (Vec<String>, Vec<String>) {
    use dossier::build::{BuildCache, CacheRun, CacheScope, Pipeline, PipelineOptions};
    let input = pipeline_input(fixture);
    let previous = BuildCache::read_from(&dossier::write::cache_folder(output), &CacheScope::default());
    assert!(previous.is_some(), "the build left its cache");
    let previous_output = dossier::write::PreviousOutput::read(output);
    let run = CacheRun {
        previous: previous.as_ref(),
        output: &previous_output,
    };
    let mut sink = NotingSink::default();
    Pipeline::new(&input, PipelineOptions::default())
        .run_with_build_cache(&run, &mut sink)
        .unwrap_or_else(|error| match error {
            dossier::build::BuildError::Content(problems) => {
                panic!("{}", problems.render_in(dossier::diagnostic::Language::En))
            }
            error => panic!("{error}"),
        });
    let NotingSink { written, kept } = sink;
    (written.into_inner().unwrap(), kept.into_inner().unwrap())
}

/// `dossier build` in this process (the build cache trusts only the program that wrote it)
/// into `output` with the cache, then cleanly into a fresh folder; asserts both trees are
/// byte-identical.
fn built_equals_clean(fixture: &Fixture, output: &Path, what: &str) {
    let build = |output: &Path, use_cache: bool| {
        let options = dossier::build::BuildOptions {
            root: fixture.root().to_path_buf(),
            output: output.to_path_buf(),
            base_url: None,
            strict: false,
            read: dossier::load::ReadOptions::default(),
            use_cache,
        };
        dossier::build::build(&options).unwrap_or_else(|error| panic!("{what}: {error}"));
    };
    build(output, true);
    let clean = tempfile::tempdir().expect("temp dir");
    let clean_output = clean.path().join("site");
    build(&clean_output, false);
    let (cached, clean) = (tree(output), tree(&clean_output));
    assert_eq!(
        cached.keys().collect::<Vec<_>>(),
        clean.keys().collect::<Vec<_>>(),
        "{what}: other files"
    );
    for (path, bytes) in &cached {
        assert!(clean[path] == *bytes, "{what}: {path} differs from a clean build");
    }
}

#[test]
fn exports_and_static_files_whose_inputs_are_unchanged_are_kept_from_the_last_output() {
    let fixture = generated();
    let out_dir = tempfile::tempdir().expect("temp dir");
    let output = out_dir.path().join("public");
    built_equals_clean(&fixture, &output, "first build");
    let release = [
        "claims.xlsx",
        "dossier.sqlite",
        "search/meta.json",
        "claims.json",
        "feed.xml",
    ];
    let (made, kept) = made_and_kept(&fixture, &output);
    assert!(made.is_empty(), "nothing changed, nothing made: {made:?}");
    for file in release.iter().chain(&["static/style.css", "sitemap.xml"]) {
        assert!(kept.iter().any(|path| path == file), "{file} kept");
    }

    // A template edited: pages rendered again, the exports (which no template shows) kept,
    // and the site the same as a clean build's.
    let template = include_str!("../../templates/source.html");
    fixture.write("templates/source.html", &format!("{template}{{# edited #}}\n"));
    let (made, kept) = made_and_kept(&fixture, &output);
    assert!(made.iter().any(|path| path.starts_with("sources/")), "{made:?}");
    assert!(!made.iter().any(|path| release.contains(&path.as_str())), "{made:?}");
    assert!(kept.iter().any(|path| path == "claims.xlsx"));
    built_equals_clean(&fixture, &output, "template edited");

    // One claim's statement edited: every export is made again.
    let text = fixture.read(FIRST_SOURCE);
    let at = text.find("statement: \"").expect("statement") + "statement: \"".len();
    fixture.write(FIRST_SOURCE, &format!("{}Edited: {}", &text[..at], &text[at..]));
    let (made, _) = made_and_kept(&fixture, &output);
    for file in release {
        assert!(made.iter().any(|path| path == file), "{file} made again");
    }
    assert!(
        !made.iter().any(|path| path.starts_with("static/")),
        "static files kept: {made:?}"
    );
    built_equals_clean(&fixture, &output, "claim edited");

    // A static file of the dossier's own added: the static files made again, the exports kept.
    fixture.write("static/extra/site.css", "body { color: black; }\n");
    let (made, kept) = made_and_kept(&fixture, &output);
    assert!(made.iter().any(|path| path == "static/extra/site.css"), "{made:?}");
    assert!(kept.iter().any(|path| path == "claims.xlsx"), "{kept:?}");
    built_equals_clean(&fixture, &output, "static file added");

    // An export changed behind the cache's back: made anew, never taken as it is.
    built_equals_clean(&fixture, &output, "settled");
    std::thread::sleep(std::time::Duration::from_millis(20));
    std::fs::write(output.join("claims.xlsx"), "tampered").expect("tamper");
    let (made, _) = made_and_kept(&fixture, &output);
    assert!(made.iter().any(|path| path == "claims.xlsx"), "{made:?}");
    built_equals_clean(&fixture, &output, "export tampered");
}

/// A share image is drawn from its claim's statement and verdict, the dossier's title and
/// verdict scale: a template or a Markdown page edited must not redraw every image (at 100,000
/// claims, 100,000 PNGs), while the claim pages the template makes are rendered again.
#[test]
fn a_template_or_markdown_page_edited_keeps_the_share_images() {
    let fixture = generated();
    let config = fixture.read("dossier.yaml");
    fixture.write(
        "dossier.yaml",
        &config.replace("share_images: false", "share_images: true"),
    );
    let out_dir = tempfile::tempdir().expect("temp dir");
    let output = out_dir.path().join("public");
    build_into(&fixture, &output, &[]);
    let images = tree(&output).keys().filter(|path| path.ends_with("/share.png")).count();
    assert_eq!(images, 120, "with a base URL: one image per claim");

    let claim_template = dossier::render::embedded::TEMPLATES
        .iter()
        .find(|(name, _)| *name == "claim.html")
        .map(|(_, text)| *text)
        .expect("built-in claim.html");
    let at = claim_template.rfind("{% endblock").expect("a block");
    fixture.write(
        "templates/claim.html",
        &format!("{}<p>edited</p>\n{}", &claim_template[..at], &claim_template[at..]),
    );
    let rendered = cached_equals_clean(&fixture, &output, "claim template edited");
    assert!(
        (120..240).contains(&rendered),
        "the 120 claim pages rendered again, not their 120 images: {rendered} rendered"
    );

    fixture.write("content/pages/about.md", "---\ntitle: Über\n---\nNeu.\n");
    let rendered = cached_equals_clean(&fixture, &output, "Markdown page added");
    assert!(
        rendered < 240,
        "every page may show the new page in its menu, but no image is drawn again: {rendered} rendered"
    );

    // The title is on every image: all are drawn again.
    let config = fixture.read("dossier.yaml");
    let title = config.lines().find(|line| line.starts_with("title:")).expect("title");
    fixture.write(
        "dossier.yaml",
        &config.replacen(title, "title: \"Ein anderer Titel\"", 1),
    );
    let rendered = cached_equals_clean(&fixture, &output, "title changed");
    assert!(rendered >= 240, "pages and images show the title: {rendered} rendered");
}

/// Every entry below `dir` (files, folders, links) with its inode and its modification and
/// status-change times: equal before and after a run that wrote, replaced, touched and
/// removed nothing there.
#[cfg(unix)]
fn stamps(dir: &Path) -> std::collections::BTreeMap<String, (u64, i64, i64, i64, i64)> {
    use std::os::unix::fs::MetadataExt;
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(Result::unwrap)
        .map(|entry| {
            let meta = std::fs::symlink_metadata(entry.path()).expect("metadata");
            let key = entry.path().to_string_lossy().into_owned();
            (
                key,
                (
                    meta.ino(),
                    meta.mtime(),
                    meta.mtime_nsec(),
                    meta.ctime(),
                    meta.ctime_nsec(),
                ),
            )
        })
        .collect()
}

/// `dossier build ARGS` into `output` (with the cache), then a clean build of the same dossier
/// into a fresh folder: both must succeed or fail alike, say the same on stderr, and (when they
/// succeed) leave byte-identical trees. The first run.
fn build_says_what_a_clean_build_says(fixture: &Fixture, output: &Path, args: &[&str], what: &str) -> Run {
    let run_into = |output: &Path, extra: &[&str]| {
        let output = output.to_string_lossy().into_owned();
        let mut all = vec!["build", "--output", &output];
        all.extend(args);
        all.extend(extra);
        fixture.run(&all)
    };
    let run = run_into(output, &[]);
    let clean = tempfile::tempdir().expect("temp dir");
    let clean_output = clean.path().join("public");
    let clean_run = run_into(&clean_output, &["--no-cache"]);
    assert_eq!(run.code, clean_run.code, "{what}: exit status\n{}", run.stderr);
    // A failed build names its output folder.
    let (stderr, clean_stderr) = (
        run.stderr.replace(&*output.to_string_lossy(), "OUTPUT"),
        clean_run.stderr.replace(&*clean_output.to_string_lossy(), "OUTPUT"),
    );
    if stderr != clean_stderr {
        let first = stderr.lines().zip(clean_stderr.lines()).position(|(a, b)| a != b);
        panic!(
            "{what}: stderr differs from a clean build's at line {first:?}:\n{}\n---\n{}",
            &stderr[stderr.len().saturating_sub(2000)..],
            &clean_stderr[clean_stderr.len().saturating_sub(2000)..]
        );
    }
    if run.code == 0 {
        assert_same_tree(output, &clean_output, what);
    }
    run
}

/// Whether a build's summary line says it replayed the last build (nothing rendered, looked at,
/// changed or removed).
fn replayed(run: &Run) -> bool {
    run.stdout.contains("(0 gerendert von 0 geprüften; ") && run.stdout.contains(" Dateien, 0 geändert, 0 entfernt)")
}

/// A sentence with a figure that no claim covers, appended to the first source's article: a
/// coverage warning for `check`.
fn add_uncovered_sentence(fixture: &Fixture) {
    let source = fixture.read(FIRST_SOURCE);
    let article = source
        .lines()
        .find_map(|line| line.strip_prefix("file: "))
        .expect("article file")
        .to_owned();
    let text = fixture.read(&article);
    fixture.write(
        &article,
        &format!("{text}\nNach Angaben der Feuerwehr wurden dort 4.321 Schäden gezählt.\n"),
    );
}

#[cfg(unix)]
#[test]
fn a_build_of_the_inputs_of_the_last_one_says_what_it_said_and_writes_nothing() {
    let fixture = generated();
    let out_dir = tempfile::tempdir().expect("temp dir");
    let output = out_dir.path().join("public");
    let first = build_says_what_a_clean_build_says(&fixture, &output, &[], "first build");
    assert!(!replayed(&first), "nothing to replay yet: {}", first.stdout);
    assert!(
        first.stderr.contains("Warnung"),
        "a dossier with warnings: {}",
        first.stderr
    );
    // The same inputs, the output as the first build left it: replayed.
    let before = stamps(out_dir.path());
    let run = build_says_what_a_clean_build_says(&fixture, &output, &[], "nothing changed");
    assert!(replayed(&run), "{}", run.stdout);
    assert!(run.stderr == first.stderr, "the same warnings, in the same order");
    assert!(
        run.stdout.contains(&format!("{} Seiten erstellt", pages(&first))),
        "{}",
        run.stdout
    );
    assert_eq!(stamps(out_dir.path()), before, "nothing written, touched or removed");
    // And again: a replay is itself replayable.
    assert!(replayed(&fixture.run(&[
        "build",
        "--output",
        &output.to_string_lossy()
    ])));

    // `--strict` fails on those warnings, as a full build does: never replayed as a success.
    let strict = build_says_what_a_clean_build_says(&fixture, &output, &["--strict"], "strict");
    strict.fails();
    assert_eq!(stamps(out_dir.path()), before, "a failed build changes nothing");
    // `--no-cache` builds in full.
    let run = fixture.run(&["build", "--output", &output.to_string_lossy(), "--no-cache"]);
    run.succeeds();
    assert!(!replayed(&run), "{}", run.stdout);
}

#[test]
fn no_change_of_an_input_is_answered_with_the_last_output() {
    let fixture = generated();
    let out_dir = tempfile::tempdir().expect("temp dir");
    let output = out_dir.path().join("public");
    let settle = |what: &str| {
        build_says_what_a_clean_build_says(&fixture, &output, &[], what).succeeds();
        let run = build_says_what_a_clean_build_says(&fixture, &output, &[], what);
        assert!(replayed(&run), "{what}: then replayed\n{}", run.stdout);
    };
    settle("first build");
    type Change = fn(&Fixture);
    let changes: [(&str, Change); 7] = [
        ("a claim's statement", |fixture| {
            fixture.edit(FIRST_SOURCE, "statement: \"", "statement: \"Edited: ")
        }),
        ("an article", add_uncovered_sentence),
        ("a Markdown page added", |fixture| {
            fixture.write("content/pages/neu.md", "---\ntitle: Neu\n---\nNeu.\n")
        }),
        ("a Markdown page deleted", |fixture| {
            std::fs::remove_file(fixture.path("content/pages/neu.md")).expect("delete")
        }),
        ("a template", |fixture| {
            let template = include_str!("../../templates/source.html");
            let at = template.rfind("{% endblock").expect("a block");
            fixture.write(
                "templates/source.html",
                &format!("{}<p>edited</p>\n{}", &template[..at], &template[at..]),
            );
        }),
        ("a static file", |fixture| {
            fixture.write("static/extra/site.css", "body { color: black; }\n")
        }),
        ("the configuration", |fixture| {
            fixture.edit("dossier.yaml", "title: \"", "title: \"Neu: ")
        }),
    ];
    for (what, change) in changes {
        change(&fixture);
        let run = build_says_what_a_clean_build_says(&fixture, &output, &[], what);
        run.succeeds();
        assert!(!replayed(&run), "{what}: built, not replayed\n{}", run.stdout);
        settle(what);
    }

    // The corrections log: the same files, another commit at `HEAD`.
    fixture.git(&["init", "-q"], None);
    fixture.git(&["add", "-A"], None);
    fixture.git(&["commit", "-q", "-m", "first"], Some("2026-01-01T12:00:00Z"));
    settle("in git");
    let text = fixture.read(FIRST_SOURCE);
    let at = text.find("verdict: ").expect("verdict") + "verdict: ".len();
    let end = at + text[at..].find('\n').expect("line end");
    let other = if &text[at..end] == "belegt" {
        "plausibel"
    } else {
        "belegt"
    };
    fixture.write(FIRST_SOURCE, &format!("{}{other}{}", &text[..at], &text[end..]));
    settle("verdict changed, not committed");
    fixture.git(&["commit", "-q", "-am", "verdict"], Some("2026-01-02T12:00:00Z"));
    let run = build_says_what_a_clean_build_says(&fixture, &output, &[], "committed");
    assert!(!replayed(&run), "a new commit: built, not replayed\n{}", run.stdout);

    // Another base URL: its own build, then the plain one again is not the base URL's.
    let base_url = ["--base-url", "https://example.org/anders/"];
    let run = build_says_what_a_clean_build_says(&fixture, &output, &base_url, "base URL");
    assert!(!replayed(&run), "{}", run.stdout);
    let run = build_says_what_a_clean_build_says(&fixture, &output, &[], "base URL dropped");
    assert!(!replayed(&run), "{}", run.stdout);

    // The output changed behind the record's back: a file added, one edited, one removed.
    settle("settled");
    type Tamper = fn(&Path);
    let tampering: [(&str, Tamper); 3] = [
        ("a file added to the output", |output| {
            std::fs::write(output.join("claims/stray.html"), "x").expect("write")
        }),
        ("a page of the output edited", |output| {
            std::fs::write(output.join("index.html"), "x").expect("write")
        }),
        ("a file of the output removed", |output| {
            std::fs::remove_file(output.join("claims.json")).expect("remove")
        }),
    ];
    for (what, tamper) in tampering {
        std::thread::sleep(std::time::Duration::from_millis(20));
        tamper(&output);
        let run = build_says_what_a_clean_build_says(&fixture, &output, &[], what);
        assert!(!replayed(&run), "{what}: built, not replayed\n{}", run.stdout);
        settle(what);
    }
}

#[test]
fn check_of_the_inputs_of_the_last_build_says_what_a_full_check_says() {
    const REPLAYED: &str = " (die Eingaben der letzten Erstellung, unverändert: deren Befund)";
    let fixture = generated();
    add_uncovered_sentence(&fixture);
    // Before any build: checked in full.
    let full = fixture.run(&["check"]);
    full.succeeds();
    assert!(
        full.stderr.contains("von keiner Behauptung erfasst"),
        "a coverage warning: {}",
        full.stderr
    );
    let full_quiet = fixture.run(&["check", "--quiet"]);
    let full_json = fixture.run(&["check", "--format", "json"]);
    let full_strict = fixture.run(&["check", "--strict"]);
    full_strict.fails();
    assert!(!full.stdout.contains(REPLAYED), "{}", full.stdout);

    fixture.build();
    let without_time = |stdout: &str| {
        let before = stdout.split(" s geprüft").next()?;
        before.rsplit_once(" in ").map(|(start, _)| start.to_owned())
    };
    // The same as a full check, but for the time and the note that it is the build's record.
    let same = |args: &[&str], full: &Run| {
        let mut run = fixture.run(args);
        assert_eq!(run.code, full.code, "{args:?}: exit status");
        let replayed = run.stdout.contains(REPLAYED);
        run.stdout = run.stdout.replace(REPLAYED, "");
        assert!(
            run.stderr == full.stderr,
            "{args:?}: stderr\n{}\n---\n{}",
            run.stderr,
            full.stderr
        );
        assert_eq!(
            without_time(&run.stdout),
            without_time(&full.stdout),
            "{args:?}: stdout"
        );
        assert_eq!(
            run.stdout
                .lines()
                .filter(|line| line.starts_with("Abdeckung"))
                .collect::<Vec<_>>(),
            full.stdout
                .lines()
                .filter(|line| line.starts_with("Abdeckung"))
                .collect::<Vec<_>>(),
            "{args:?}: coverage lines"
        );
        replayed
    };
    assert!(same(&["check"], &full), "the build's record answers check");
    same(&["check", "--quiet"], &full_quiet);
    same(&["check", "--format", "json"], &full_json);
    assert!(
        !same(&["check", "--strict"], &full_strict),
        "strict fails on the warnings"
    );

    // A failing link: the inputs are not the build's, so checked in full, and it fails.
    fixture.write(
        "content/pages/zz-links.md",
        "---\ntitle: \"Links\"\n---\nSee [the list](../nowhere/).\n",
    );
    let stderr = fixture.run(&["check"]).fails().to_owned();
    assert!(stderr.contains("broken link `../nowhere/`"), "{stderr}");
    assert!(
        stderr.contains("von keiner Behauptung erfasst"),
        "with the warnings: {stderr}"
    );
    let failed = fixture.run(&["build"]);
    assert!(
        failed.fails().contains("broken link `../nowhere/`"),
        "{}",
        failed.stderr
    );
    // The failed build recorded nothing: check still fails; with the link gone, the last good
    // build's record answers again.
    fixture.run(&["check"]).fails();
    std::fs::remove_file(fixture.path("content/pages/zz-links.md")).expect("delete");
    assert!(same(&["check"], &full), "answered from the record again");
}
