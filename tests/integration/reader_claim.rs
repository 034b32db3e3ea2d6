//! The claim page from a reader's side (issue "Reader first"): verdict, conclusion and review
//! date at the top with the figures it is compared with; cross-references (`claim:ID`,
//! `source:ID`, `topic:ID`, `origin:ID`) in notes and pages; source labels and verdicts on the
//! source page's quotes; the verdict in titles and share metadata, one share image per claim
//! (deterministic, kept while its claim is unchanged) and a favicon; "Berichtet in" links to
//! the article. The Chromium check of the first viewport runs over the example dossier.

use std::path::Path;
use std::process::Command;

use dossier::build::{Caches, MemorySink, Pipeline, PipelineOptions};
use dossier::load::InputFiles;
use scraper::{Html, Selector};
use serde_json::Value;

use crate::fixture::{Fixture, tree};

/// `file:line:column` of the first `needle` in the fixture file `file`, plus `offset`
/// characters.
fn at(fixture: &Fixture, file: &str, needle: &str) -> String {
    let text = fixture.read(file);
    let offset = text.find(needle).unwrap_or_else(|| panic!("{needle} not in {file}"));
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let column = before[before.rfind('\n').map_or(0, |i| i + 1)..].chars().count() + 1;
    format!("{file}:{line}:{column}")
}

/// Width and height of a PNG, from its header.
fn png_size(bytes: &[u8]) -> (u32, u32) {
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n", "not a PNG");
    assert_eq!(&bytes[12..16], b"IHDR");
    let number = |range: std::ops::Range<usize>| u32::from_be_bytes(bytes[range].try_into().unwrap());
    (number(16..20), number(20..24))
}

fn meta(html: &Html, css: &str) -> String {
    let selector = Selector::parse(css).unwrap();
    let found: Vec<&str> = html
        .select(&selector)
        .filter_map(|e| e.value().attr("content"))
        .collect();
    assert_eq!(found.len(), 1, "one `{css}` expected, found {found:?}");
    found[0].to_owned()
}

#[test]
fn the_claim_page_leads_with_verdict_conclusion_review_date_and_the_compared_figures() {
    let fixture = Fixture::new();
    fixture.edit(
        "content/sources/a.yaml",
        "    related:\n      - claim: ru-nypost",
        "    note: \"Nur Putin nennt **1,6 Millionen**.\"\n    related:\n      - claim: ru-nypost",
    );
    fixture.build();
    let page = fixture.page("claims/ru-putin/index.html");
    // Document order of the parts under the title.
    let order = [
        "h1#claim-title",
        ".claim-header .verdict-line .verdict",
        ".claim-header .conclusion",
        ".claim-header .reviewed-line time",
        "section.compared",
        "section.quote-section",
        "section.note",
        "#details-title",
    ];
    let html = page.html.html();
    let positions: Vec<usize> = order
        .iter()
        .map(|css| {
            let selector = Selector::parse(css).unwrap();
            let element = page.html.select(&selector).next().unwrap_or_else(|| panic!("no {css}"));
            html.find(&element.html())
                .unwrap_or_else(|| panic!("{css} not found in the page"))
        })
        .collect();
    assert!(
        positions.windows(2).all(|w| w[0] < w[1]),
        "order {order:?} at {positions:?}"
    );
    assert_eq!(page.text(".claim-header .verdict-line .verdict"), "Unbelegt");
    assert_eq!(
        page.text(".claim-header .conclusion"),
        "Kurz gesagt: Nur Putin nennt die Zahl; die New York Post nennt eine andere."
    );
    assert_eq!(
        page.attrs(".claim-header .reviewed-line time", "datetime"),
        ["2024-11-25"]
    );
    // The box: this claim's figure, then the contradicting claim with figure, origin, verdict.
    let rows = page.texts(".compared-list li");
    assert_eq!(rows.len(), 2, "{rows:?}");
    assert!(rows[0].starts_with("diese Behauptung 1,6 Mio."), "{rows:?}");
    assert!(
        rows[1].contains("widerspricht")
            && rows[1].contains("etwa 500.000")
            && rows[1].contains("New York Post")
            && rows[1].ends_with("Falsch"),
        "{rows:?}"
    );
    assert_eq!(page.text("#compared-title"), "Die Angaben im Vergleich");
    // The compared claim, then the article it is in.
    assert_eq!(
        page.attrs(".compared-list a", "href"),
        ["../../claims/ru-nypost/", "../../sources/artikel-a/"]
    );
    // Details repeat nothing shown above: no figure, source or topic row, no related section.
    let details = page.texts(".facts dt");
    assert_eq!(details, ["Messgröße", "Stand", "Herkunft"], "{details:?}");
    assert!(page.texts("#related-title").is_empty());
}

#[test]
fn strict_check_requires_a_conclusion_and_names_the_claim() {
    let fixture = Fixture::english();
    let file = "content/sources/a.yaml";
    fixture.edit(
        file,
        "    conclusion: \"Andere Berichte des Dossiers nennen dieselbe Zahl.\"\n",
        "",
    );
    let plain = fixture.run(&["check"]);
    plain.succeeds();
    assert!(
        plain.stderr.contains("claim `nk-11000` has no `conclusion`"),
        "{}",
        plain.stderr
    );
    let strict = fixture.run(&["check", "--strict"]);
    let stderr = strict.fails();
    assert!(stderr.contains(&at(&fixture, file, "nk-11000")), "{stderr}");
    assert!(stderr.contains("add `conclusion:`"), "{stderr}");
}

#[test]
fn cross_references_become_relative_links_on_every_kind_of_page() {
    let fixture = Fixture::new();
    fixture.edit(
        "content/sources/a.yaml",
        "note: \"Deckt sich mit *anderen* Berichten.\"",
        "note: \"Wie [Artikel B](source:artikel-b), [die Gegenangabe](claim:ru-nypost), [das Thema](topic:ru-staerke#measure-aktiv) und [Putin](origin:putin).\"",
    );
    fixture.edit(
        "content/pages/methodik.md",
        "# Wie wir prüfen",
        "# Wie wir prüfen\n\nSiehe [Artikel A](source:artikel-a) und [die Zahl](claim:nk-11000).",
    );
    fixture.build();
    let claim = fixture.page("claims/nk-11000/index.html");
    assert_eq!(
        claim.attrs(".note a", "href"),
        [
            "../../sources/artikel-b/",
            "../../claims/ru-nypost/",
            "../../topics/ru-staerke/#measure-aktiv",
            "../../origins/putin/"
        ]
    );
    let methodik = fixture.page("methodik/index.html");
    assert_eq!(
        methodik.attrs(".prose a[href*='artikel-a'], .prose a[href*='nk-11000']", "href"),
        ["../sources/artikel-a/", "../claims/nk-11000/"]
    );
}

#[test]
fn a_dangling_cross_reference_is_an_error_at_its_place_with_the_closest_id() {
    let fixture = Fixture::english();
    let file = "content/sources/a.yaml";
    fixture.edit(
        file,
        "note: \"Deckt sich mit *anderen* Berichten.\"",
        "note: \"Wie [B](source:artikel-b) und [C](source:artikel-c).\"",
    );
    fixture.edit(
        "content/pages/methodik.md",
        "# Wie wir prüfen",
        "# Wie wir prüfen\n\nSiehe [die Zahl](claim:nk-1100) und [leer](topic:).",
    );
    let stderr = fixture.run(&["build"]).fails().to_owned();
    assert!(
        stderr.contains(&format!(
            "error: the note of claim `nk-11000` links to source `artikel-c`, which does not exist\n  --> {}",
            at(&fixture, file, "source:artikel-c")
        )),
        "{stderr}"
    );
    assert!(stderr.contains("did you mean `artikel-a`?"), "{stderr}");
    let page = "content/pages/methodik.md";
    assert!(
        stderr.contains(&format!(
            "error: the page links to claim `nk-1100`, which does not exist\n  --> {}",
            at(&fixture, page, "claim:nk-1100")
        )),
        "{stderr}"
    );
    assert!(stderr.contains("did you mean `nk-11000`?"), "{stderr}");
    assert!(
        stderr.contains(&format!(
            "error: the page links to `topic:` without an id\n  --> {}",
            at(&fixture, page, "topic:)")
        )),
        "{stderr}"
    );
    assert!(!fixture.path("public").exists(), "a failed build writes nothing");
}

#[test]
fn a_source_label_is_shown_on_its_page_in_lists_and_in_claim_lists() {
    let fixture = Fixture::new();
    fixture.edit(
        "content/sources/a.yaml",
        "title: \"Nordkorea schickt Soldaten\"\n",
        "title: \"Nordkorea schickt Soldaten\"\nlabel: \"Artikel 001\"\n",
    );
    fixture.build();
    let source = fixture.page("sources/artikel-a/index.html");
    assert_eq!(source.text(".page-header .source-label"), "Artikel 001");
    assert!(
        !source.html.html().contains("seeds/"),
        "the page shows no internal file path"
    );
    let list = fixture.page("sources/index.html");
    assert!(
        list.texts(".source-list li")
            .iter()
            .any(|t| t.contains("Artikel 001 · Testblatt"))
    );
    let claims = fixture.page("claims/index.html");
    assert!(
        claims.texts(".claim-source a").iter().any(|t| t == "Artikel 001"),
        "{:?}",
        claims.texts(".claim-source")
    );
}

#[test]
fn quotes_on_the_source_page_carry_their_verdict_as_text_and_tone() {
    let fixture = Fixture::new();
    fixture.build();
    let source = fixture.page("sources/artikel-a/index.html");
    let badges = source.texts(".article-text .quote-verdict");
    assert_eq!(badges, ["Belegt", "Unbelegt", "Unbelegt", "Falsch"]);
    let tones = source.attrs(".article-text mark.quote", "data-tone");
    assert_eq!(tones.len(), 4, "{tones:?}");
    assert_eq!(tones[0], "0");
    assert_eq!(tones[3], "4");
    // The badge follows its quote's mark.
    let html = source.html.html();
    let mark = html.find("id=\"q-ru-nypost\"").unwrap();
    let badge = html.find(">Falsch</span>").unwrap();
    assert!(badge > mark);
}

#[test]
fn titles_and_share_metadata_lead_with_the_verdict_and_point_at_the_share_image() {
    let fixture = Fixture::new();
    fixture.build();
    let page = fixture.page("claims/ru-nypost/index.html");
    let title = page.text("head > title");
    assert!(
        title.starts_with("Falsch: Russland hatte etwa 500.000 aktive Soldaten"),
        "{title}"
    );
    assert!(meta(&page.html, "meta[property='og:title']").starts_with("Falsch: "));
    let description = meta(&page.html, "meta[property='og:description']");
    assert!(
        // Verdict, then the figure (so shortening never loses it), then the conclusion.
        description
            .starts_with("Falsch: etwa 500.000 Soldaten – Die Zahl widerspricht den übrigen Angaben des Dossiers."),
        "{description}"
    );
    assert!(meta(&page.html, "meta[name='description']").starts_with("Falsch: "));
    assert_eq!(meta(&page.html, "meta[name='twitter:card']"), "summary_large_image");
    assert_eq!(
        meta(&page.html, "meta[property='og:image']"),
        "https://example.org/dossier/claims/ru-nypost/share.png"
    );
    assert_eq!(meta(&page.html, "meta[property='og:image:width']"), "1200");
    assert_eq!(meta(&page.html, "meta[property='og:image:height']"), "630");
    let alt = meta(&page.html, "meta[property='og:image:alt']");
    assert!(
        alt.starts_with("Falsch: Russland hatte") && alt.ends_with("Test-Dossier"),
        "{alt}"
    );
    let png = std::fs::read(fixture.path("public/claims/ru-nypost/share.png")).unwrap();
    assert_eq!(png_size(&png), (1200, 630));
    // Other pages: a plain card; every page: the favicon, in SVG and PNG.
    let index = fixture.page("index.html");
    assert_eq!(meta(&index.html, "meta[name='twitter:card']"), "summary");
    assert!(index.attrs("meta[property='og:image']", "content").is_empty());
    assert_eq!(
        index.attrs("link[rel='icon']", "href"),
        ["static/favicon.svg", "static/favicon.png"]
    );
    assert_eq!(
        png_size(&std::fs::read(fixture.path("public/static/favicon.png")).unwrap()),
        (32, 32)
    );
    assert!(fixture.read("public/static/favicon.svg").starts_with("<svg"));
}

#[test]
fn without_a_base_url_there_are_no_share_images() {
    let fixture = Fixture::new();
    fixture.edit("dossier.yaml", "base_url: \"https://example.org/dossier/\"\n", "");
    let run = fixture.build();
    assert!(run.stdout.contains(" Seiten erstellt ("), "{}", run.stdout);
    assert!(!fixture.path("public/claims/ru-nypost/share.png").exists());
    let page = fixture.page("claims/ru-nypost/index.html");
    assert!(page.attrs("meta[property='og:image']", "content").is_empty());
}

#[test]
fn share_images_can_be_turned_off() {
    let fixture = Fixture::new();
    fixture.edit(
        "dossier.yaml",
        "reviewed: 2024-11-25\n",
        "reviewed: 2024-11-25\nshare_images: false\n",
    );
    fixture.build();
    assert!(!fixture.path("public/claims/ru-nypost/share.png").exists());
    let page = fixture.page("claims/ru-nypost/index.html");
    assert!(page.attrs("meta[property='og:image']", "content").is_empty());
    assert_eq!(meta(&page.html, "meta[name='twitter:card']"), "summary");
}

#[test]
fn share_images_are_the_same_bytes_every_build_and_kept_while_their_claim_is_unchanged() {
    let fixture = Fixture::new();
    let first = fixture.path("first");
    let second = fixture.path("second");
    for output in [&first, &second] {
        fixture.run(&["build", "--output", output.to_str().unwrap()]).succeeds();
    }
    let images = |dir: &Path| -> Vec<(String, Vec<u8>)> {
        tree(dir)
            .into_iter()
            .filter(|(path, _)| path.ends_with("share.png"))
            .collect()
    };
    let (a, b) = (images(&first), images(&second));
    assert_eq!(a.len(), 5, "one per claim");
    assert!(a == b, "two builds give the same bytes");

    // The pipeline with caches (as `serve` runs it): an edit to another claim's note keeps an
    // image; an edit to the claim's statement draws it again.
    // Each run continues the previous run's site, as the serve engine's do (its caches keep
    // hashes; the bytes of a kept file come from the previous site).
    let mut caches = Caches::new();
    let mut site = std::sync::Arc::new(dossier::write::StoredSite::default());
    let mut run = |caches: &mut Caches| {
        let input = InputFiles::read(fixture.root());
        caches.input_replaced();
        let mut sink = MemorySink::after(site.clone());
        let rendered = Pipeline::new(&input, PipelineOptions::default())
            .run(Some(caches), &mut sink)
            .expect("the fixture builds")
            .rendered;
        site = std::sync::Arc::new(sink.into_site());
        rendered
    };
    let all = run(&mut caches);
    assert!(all.contains(&"claims/nk-11000/share.png".to_owned()), "{all:?}");
    fixture.edit(
        "content/sources/a.yaml",
        "note: \"Deckt sich mit *anderen* Berichten.\"",
        "note: \"Deckt sich mit *weiteren* Berichten.\"",
    );
    let after_note = run(&mut caches);
    assert!(
        after_note.contains(&"claims/nk-11000/index.html".to_owned()),
        "{after_note:?}"
    );
    let images: Vec<&String> = after_note.iter().filter(|p| p.ends_with("share.png")).collect();
    assert!(images.is_empty(), "no image shows the note: {images:?}");
    fixture.edit(
        "content/sources/a.yaml",
        "statement: \"Russland hatte etwa 500.000 aktive Soldaten.\"",
        "statement: \"Russland hatte laut New York Post etwa 500.000 aktive Soldaten.\"",
    );
    let after_statement = run(&mut caches);
    let images: Vec<&String> = after_statement.iter().filter(|p| p.ends_with("share.png")).collect();
    assert_eq!(images, ["claims/ru-nypost/share.png"]);
}

#[test]
fn reported_in_links_the_article_at_the_quote_and_the_claim_separately() {
    let fixture = Fixture::new();
    fixture.build();
    let topic = fixture.page("topics/nk-truppen/index.html");
    let reports = topic.attrs(".reports > li > a[lang], .reports > li > a:first-child", "href");
    assert!(
        reports.contains(&"../../sources/artikel-a/#q-nk-11000".to_owned()),
        "{reports:?}"
    );
    let to_claim = topic.attrs(".reports a.to-claim", "href");
    assert!(to_claim.contains(&"../../claims/nk-11000/".to_owned()), "{to_claim:?}");
    // The article link lands on the quote's mark.
    let source = fixture.page("sources/artikel-a/index.html");
    assert_eq!(source.attrs("mark#q-nk-11000", "id").len(), 1);
}

// In a browser --------------------------------------------------------------------------------

fn runs(program: &str, arg: &str) -> bool {
    Command::new(program)
        .arg(arg)
        .output()
        .is_ok_and(|o| o.status.success())
}

#[test]
fn every_claim_page_of_the_example_shows_verdict_conclusion_and_review_date_in_the_first_viewport() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = root.join("tests/browser");
    let ready = dir.join("node_modules/playwright-core").is_dir()
        && Path::new("/usr/bin/chromium").is_file()
        && runs("node", "--version");
    if !ready {
        assert!(
            std::env::var_os("CI").is_none(),
            "playwright-core (tests/browser) with node and /usr/bin/chromium is missing, and CI is set"
        );
        eprintln!("SKIPPED: playwright-core or Chromium is missing (run `npm ci` in tests/browser)");
        return;
    }
    let out = tempfile::tempdir().unwrap();
    let output = out.path().join("public");
    let build = Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args(["build", "--root"])
        .arg(root)
        .arg("--output")
        .arg(&output)
        .output()
        .expect("run dossier");
    assert!(build.status.success(), "{}", String::from_utf8_lossy(&build.stderr));
    let run = Command::new("node")
        .arg(dir.join("claim_layout.mjs"))
        .arg(&output)
        .current_dir(&dir)
        .output()
        .expect("run node");
    let stdout = String::from_utf8_lossy(&run.stdout);
    let report: Value = serde_json::from_str(&stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}):\n{stdout}\n{}", String::from_utf8_lossy(&run.stderr)));
    let claims = std::fs::read_dir(output.join("claims"))
        .unwrap()
        .filter(|e| e.as_ref().unwrap().path().join("index.html").is_file())
        .count();
    assert_eq!(
        report["checked"],
        claims * 4,
        "every claim page at 390 and 1280 px, light and dark"
    );
    assert_eq!(report["failures"], Value::Array(Vec::new()), "{report:#}");
}
