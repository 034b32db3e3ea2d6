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
    let (cached, clean) = (tree(output), tree(&clean_output));
    assert_eq!(
        cached.keys().collect::<Vec<_>>(),
        clean.keys().collect::<Vec<_>>(),
        "{what}: other files"
    );
    for (path, bytes) in &cached {
        assert!(clean[path] == *bytes, "{what}: {path} differs from a clean build");
    }
    counts
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
