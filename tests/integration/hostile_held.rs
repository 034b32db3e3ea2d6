//! What held in the security review ("What held", 29 families), kept held: one test per family
//! that had none before, each the review's inputs through the real binary. The table of which
//! test covers which family is at the top of `hostile.rs`.

use std::path::Path;

use scraper::{Html, Selector};

use crate::fixture::{Fixture, Run, tree};

/// Runs `dossier ARGS` in `cwd`, killed after 60 s (see `Fixture::run_bounded`); never a panic
/// or an overflow.
fn run_in(fixture: &Fixture, cwd: &Path, args: &[&str]) -> Run {
    let run = fixture.run_bounded(args, cwd, &[]);
    assert!(
        !run.stderr.contains("panicked") && !run.stderr.contains("overflow"),
        "{args:?}: {}",
        run.stderr
    );
    run
}

fn run(fixture: &Fixture, args: &[&str]) -> Run {
    run_in(fixture, fixture.root(), args)
}

fn content_errors(run: &Run) -> &str {
    run.fails()
}

/// The review's payload (family 1), ending in U+2028.
const PAYLOAD: &str = "<script>alert(1)</script>\"><img src=x onerror=alert(1)></script><script>alert(1)</script>{{ 7*7 }}{% raw %}'><svg onload=alert(1)>]]><!--<![CDATA[&amp;\u{2028}";

/// `text` as a double-quoted YAML scalar.
fn yq(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\u{2028}' => out.push_str("\\u2028"),
            other => out.push(other),
        }
    }
    out.push('"');
    out
}

/// A URL scheme a browser would run or load inline, after the characters browsers strip
/// from a scheme (ASCII whitespace and controls) are removed.
fn is_script_url(value: &str) -> bool {
    let folded: String = value
        .chars()
        .filter(|c| !c.is_ascii_whitespace() && !c.is_control())
        .collect::<String>()
        .to_ascii_lowercase();
    ["javascript:", "vbscript:", "data:"]
        .iter()
        .any(|s| folded.starts_with(s))
}

/// Asserts that an HTML page holds no element, event attribute or script URL from content:
/// every `<script>` is a file of the site or JSON data without `<`, no `on…` attribute, no
/// script URL in any attribute, no `<img src=x>` (the charts' `<svg>` is the site's own).
fn assert_inert(path: &str, html: &str) {
    let document = Html::parse_document(html);
    let every = Selector::parse("*").unwrap();
    for element in document.select(&every) {
        let name = element.value().name();
        assert!(
            !(name == "img" && element.value().attr("src") == Some("x")),
            "{path}: injected <{name}>"
        );
        if name == "script" {
            let text: String = element.text().collect();
            match (element.value().attr("src"), element.value().attr("type")) {
                (Some(src), _) => {
                    assert!(text.trim().is_empty(), "{path}");
                    assert!(!src.starts_with("//") && !src.contains(':'), "{path}: {src}");
                    assert!(!src.contains("alert"), "{path}: {src}");
                }
                (None, Some("application/ld+json" | "application/json")) => {
                    assert!(
                        serde_json::from_str::<serde_json::Value>(&text).is_ok(),
                        "{path}: {text}"
                    );
                    assert!(!text.contains('<'), "{path}: `<` in JSON data: {text}");
                }
                _ => assert!(!text.contains("alert"), "{path}: script {text}"),
            }
        }
        for (attribute, value) in element.value().attrs() {
            assert!(!attribute.starts_with("on"), "{path}: {attribute} on <{name}>");
            assert!(!is_script_url(value), "{path}: {attribute}={value:?} on <{name}>");
        }
    }
}

/// Held families 1 and 2: the review's payload in every user field of the dossier (35
/// fields) and its article text is shown as text on every page, in valid JSON-LD without
/// `<`; the data files are valid JSON and well-formed XML with the payload as data; the
/// search script writes text only.
#[test]
fn held_1_2_the_reviews_payload_in_every_field_is_text_in_pages_and_data_files() {
    let p = yq(PAYLOAD);
    // The URL fields refuse the payload even after `https://` (see below): plain URLs here.
    let u = "\"https://example.com/a\"";
    let fixture = Fixture::empty();
    fixture.write(
        "dossier.yaml",
        &format!(
            "title: {p}\ndescription: {p}\nlanguage: de\nbase_url: \"https://example.org/dossier/\"\norganization:\n  name: {p}\n  url: {u}\nreviewed: 2024-11-25\nverdicts:\n  - id: belegt\n    label: {p}\n    explanation: {p}\n    rating: 2\n"
        ),
    );
    fixture.write(
        "content/topics.yaml",
        &format!(
            "- id: t\n  title: {p}\n  question: {p}\n  unit: {p}\n  description: {p}\n  measures:\n    - id: m\n      label: {p}\n      unit: {p}\n      description: {p}\n"
        ),
    );
    fixture.write(
        "content/origins.yaml",
        &format!("- id: o\n  name: {p}\n  kind: media\n  description: {p}\n"),
    );
    let first = format!("Erster Absatz {PAYLOAD} Ende.");
    let quote: String = format!("Erster Absatz {PAYLOAD}")
        .trim_end_matches('\u{2028}')
        .to_owned();
    fixture.write(
        "seeds/a.txt",
        &format!("Titelzeile\n\n{first}\n\n</textarea></title></style></script> Es waren 5 Soldaten.\n"),
    );
    fixture.write(
        "content/sources/a.yaml",
        &format!(
            "id: a\nfile: seeds/a.txt\ntitle: {p}\noutlet: {p}\nauthor: {p}\npublished: 2024-11-18\nurl: {u}\narchive_url: {u}\nlanguage: de\nexclude:\n  - lines: 1\n    reason: {p}\nunannotated:\n  - text: \"Es waren 5 Soldaten.\"\n    reason: {p}\nclaims:\n  - id: c\n    quote: {}\n    statement: {p}\n    summary: {p}\n    topic: t\n    quantity: {{ value: 1, unit: {p}, measure: m, derived: true }}\n    origin: o\n    verdict: belegt\n    note: {p}\n",
            yq(&quote)
        ),
    );
    fixture.write(
        "content/pages/seite.md",
        &format!("---\ntitle: {p}\ndescription: {p}\n---\n{PAYLOAD}\n\n</textarea></title></style></script>\n"),
    );
    run(&fixture, &["build"]).succeeds();
    // The article's language is a language tag, never text put into `lang="…"`.
    // The URL fields refuse it after an http(s) URL too (family 5 is the schemes).
    let checked = Fixture::english();
    checked.edit("content/sources/a.yaml", "language: de", &format!("language: {p}"));
    let url = yq(&format!("https://example.com/a?q={PAYLOAD}"));
    checked.edit(
        "content/sources/a.yaml",
        "url: \"https://example.com/a\"",
        &format!("url: {url}"),
    );
    checked.edit("dossier.yaml", "url: \"https://example.org/\"", &format!("url: {url}"));
    let stderr = content_errors(&run(&checked, &["check"])).to_owned();
    for located in [
        "content/sources/a.yaml:6:6",
        "content/sources/a.yaml:7:",
        "is not an http(s) URL",
    ] {
        assert!(stderr.contains(located), "{located}: {stderr}");
    }

    let public = fixture.path("public");
    let mut kinds = std::collections::BTreeMap::<String, usize>::new();
    for entry in walkdir::WalkDir::new(&public) {
        let entry = entry.unwrap();
        if !entry.file_type().is_file() {
            continue;
        }
        let path = entry
            .path()
            .strip_prefix(&public)
            .unwrap()
            .to_string_lossy()
            .into_owned();
        let extension = entry
            .path()
            .extension()
            .map_or(String::new(), |e| e.to_string_lossy().into_owned());
        *kinds.entry(extension.clone()).or_default() += 1;
        let bytes = std::fs::read(entry.path()).unwrap();
        let text = String::from_utf8_lossy(&bytes);
        assert!(
            !text.contains(" 49 ") && !text.contains(">49<"),
            "{path}: template evaluated"
        );
        match extension.as_str() {
            "html" => assert_inert(&path, &text),
            "json" | "jsonld" => {
                if let Err(error) = serde_json::from_str::<serde_json::Value>(&text) {
                    panic!("{path} is not JSON: {error}");
                }
            }
            "xml" => {
                let document =
                    roxmltree::Document::parse(&text).unwrap_or_else(|e| panic!("{path} is not well-formed: {e}"));
                for tag in ["script", "img", "svg"] {
                    assert!(!document.descendants().any(|n| n.has_tag_name(tag)), "{path}: <{tag}>");
                }
            }
            _ => {}
        }
    }
    assert!(kinds.get("html").is_some_and(|n| *n >= 10), "{kinds:?}");
    assert!(kinds.contains_key("xml") && kinds.contains_key("jsonld"), "{kinds:?}");

    // The payload arrives as text, whole.
    let claim = fixture.page("claims/c/index.html");
    assert_eq!(
        claim.text("h1"),
        crate::fixture::normalize(PAYLOAD),
        "statement as text"
    );
    let marks = fixture.page("sources/a/index.html").texts("mark");
    assert!(
        marks
            .iter()
            .any(|m| m.contains("<script>alert(1)</script>\"><img src=x")),
        "the quote is marked as text: {marks:?}"
    );
    let page = fixture.page("seite/index.html");
    assert!(page.text("h1").contains("<svg onload=alert(1)>"), "page title as text");
    let claims: serde_json::Value = serde_json::from_str(&fixture.read("public/claims.json")).unwrap();
    assert_eq!(
        claims[0]["statement"],
        PAYLOAD.trim_end(),
        "kept as data in claims.json"
    );

    // The search script puts results in with textContent and href only.
    let search = fixture.read("public/static/search.js");
    assert!(search.contains("textContent"), "search.js");
    for sink in [
        "innerHTML",
        "outerHTML",
        "insertAdjacentHTML",
        "document.write",
        "eval(",
    ] {
        assert!(!search.contains(sink), "search.js uses {sink}");
    }
    let robots = fixture.read("public/robots.txt");
    assert!(!robots.contains('<'), "{robots}");
}

/// Held family 4: the review's Markdown script-URL bypasses. Each is a located error, or
/// renders with no script URL, event attribute or element from the text.
#[test]
fn held_4_markdown_script_url_bypasses_never_reach_an_href_or_src() {
    let fixture = Fixture::new();
    let variants = [
        "[a](JaVaScRiPt:alert(1))",
        "[a](JAVASCRIPT:alert(1))",
        "<java\tscript:alert(1)>",
        "[a](java\tscript:alert(1))",
        "[a](&#106;avascript:alert(1))",
        "[a](&#x6A;avascript:alert(1))",
        "[a](javascript&colon;alert(1))",
        "<javascript:alert(1)>",
        "<VBSCRIPT:msgbox(1)>",
        "[a][r]\n\n[r]: javascript:alert(1)",
        "[a][r]\n\n[r]: <javascript:alert(1)> \"t\"",
        "![a](javascript:alert(1))",
        "[a](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        "![a](data:image/svg+xml,<svg onload=alert(1)>)",
        "[a](vbscript:msgbox(1))",
        "Text[^1]\n\n[^1]: [a](javascript:alert(1))",
        "| a |\n|---|\n| [b](javascript:alert(1)) |",
        "[a](java&#x0A;script:alert(1))",
        "[a](java&Tab;script:alert(1))",
        "[a](jav&#x09;ascript:alert(1))",
        "[a](java\u{2028}script:alert(1))",
        "[a](\u{ad}javascript:alert(1))",
        "[a](\u{0}javascript:alert(1))",
        "[a](\u{feff}javascript:alert(1))",
        "[a](%6Aavascript:alert(1))",
        "[a](java%0ascript:alert(1))",
        "[a](javascript://%0aalert(1))",
        "[a](  javascript:alert(1))",
        "[a](<javascript:alert(1)>)",
        "[a](javascript:alert(1) \"t\")",
        "[a](https://example.org/ \"' onmouseover='alert(1)\")",
        "[![i](https://example.org/i.png)](javascript:alert(1))",
        "<a href=javascript:alert(1)>x</a>",
        "<a href=\"&#106;avascript:alert(1)\">x</a>",
        "<img src=x onerror=alert(1)>",
        "<svg><script>alert(1)</script></svg>",
    ];
    let mut errors = 0;
    for variant in variants {
        fixture.write(
            "content/pages/x.md",
            &format!("---\ntitle: \"X\"\n---\nVorher.\n\n{variant}\n\nNachher.\n"),
        );
        let run = run(&fixture, &["build"]);
        match run.code {
            1 => {
                assert!(
                    run.stderr.contains("--> content/pages/x.md"),
                    "{variant:?}: {}",
                    run.stderr
                );
                errors += 1;
            }
            0 => {
                let html = fixture.read("public/x/index.html");
                assert_inert(&format!("{variant:?}"), &html);
            }
            other => panic!("{variant:?}: exit {other}: {}", run.stderr),
        }
    }
    assert!(errors >= 10, "only {errors} reported as errors");
}

/// Held family 9: the review's ids outside `[a-z0-9-]` or over 100 characters are refused.
#[test]
fn held_9_ids_outside_the_url_safe_alphabet_are_refused() {
    let fixture = Fixture::english();
    let long = "a".repeat(300);
    let cyrillic = "nk-11000-\u{0430}"; // a Cyrillic a
    for (file, from, to) in [
        ("content/sources/a.yaml", "id: nk-11000", "id: \"%2e%2e\"".to_owned()),
        (
            "content/sources/a.yaml",
            "id: nk-100000-a",
            format!("id: \"{cyrillic}\""),
        ),
        ("content/sources/a.yaml", "id: ru-putin", format!("id: {long}")),
        ("content/sources/a.yaml", "id: ru-nypost", "id: CON".to_owned()),
        ("content/sources/b.yaml", "id: nk-100000-b", "id: A".to_owned()),
        ("content/topics.yaml", "id: ru-staerke", "id: a.b".to_owned()),
        ("content/origins.yaml", "id: putin", "id: a_b".to_owned()),
        ("content/origins.yaml", "id: ny-post", "id: \"-a\"".to_owned()),
    ] {
        fixture.edit(file, from, &to);
    }
    let stderr = content_errors(&run(&fixture, &["check"])).to_owned();
    for expected in [
        "claim id `%2e%2e` is not URL-safe".to_owned(),
        format!("claim id `{cyrillic}` is not URL-safe"),
        format!("claim id `{long}` is not URL-safe"),
        "claim id `CON` is not URL-safe".to_owned(),
        "claim id `A` is not URL-safe".to_owned(),
        "topic id `a.b` is not URL-safe".to_owned(),
        "origin id `a_b` is not URL-safe".to_owned(),
        "origin id `-a` is not URL-safe".to_owned(),
    ] {
        assert!(stderr.contains(&expected), "{expected}: {stderr}");
    }
    assert!(!fixture.path("public").exists());
}

/// Held family 10: slugs of generated sections are reserved; `static/index.html` stays under
/// `static/`.
#[test]
fn held_10_generated_sections_are_reserved_slugs_and_static_stays_under_static() {
    for slug in ["claims", "sources", "topics", "origins", "static", "index", "404"] {
        let fixture = Fixture::english();
        fixture.write(
            "content/pages/p.md",
            &format!("---\ntitle: \"P\"\nslug: \"{slug}\"\n---\nText\n"),
        );
        let stderr = content_errors(&run(&fixture, &["check"])).to_owned();
        assert!(
            stderr.contains(&format!("page slug `{slug}` is reserved for generated pages")),
            "{slug}: {stderr}"
        );
        assert!(stderr.contains("content/pages/p.md:3:"), "{slug}: {stderr}");
    }
    let fixture = Fixture::english();
    fixture.write("content/pages/claims.md", "---\ntitle: \"P\"\n---\nText\n");
    let stderr = content_errors(&run(&fixture, &["check"])).to_owned();
    assert!(stderr.contains("`claims` is reserved"), "file name as slug: {stderr}");

    let fixture = Fixture::english();
    fixture.write("static/index.html", "<p>not the index</p>");
    run(&fixture, &["build"]).succeeds();
    assert_eq!(fixture.read("public/static/index.html"), "<p>not the index</p>");
    assert_eq!(
        fixture.page("index.html").text("h1"),
        "Test-Dossier",
        "the site's index"
    );
}

/// Held family 11: the review's `file:` values for a seed are refused or resolved inside
/// `seeds/`; nothing outside `seeds/` is read.
#[test]
fn held_11_seed_file_values_never_reach_outside_seeds() {
    let fixture = Fixture::english();
    for file in [
        "file:seeds/b.txt",
        "seeds/..",
        "%2e%2e/dossier.yaml",
        "seeds/%2e%2e/dossier.yaml",
        "seeds/\u{2025}/dossier.yaml",
        "seeds\u{2215}..\u{2215}dossier.yaml",
        "seeds/b.txt\\u0000",
        "SEEDS/b.txt",
        "~/x",
        "dossier.yaml",
        "seeds/sub/../../dossier.yaml",
        "/proc/self/environ",
        "/etc/passwd",
    ] {
        fixture.edit(
            "content/sources/b.yaml",
            "file: seeds/b.txt",
            &format!("file: \"{file}\""),
        );
        let stderr = content_errors(&run(&fixture, &["check"])).to_owned();
        assert!(stderr.contains("content/sources/b.yaml:2:7"), "{file}: {stderr}");
        assert!(
            stderr.contains("is not inside seeds/") || stderr.contains("does not exist"),
            "{file}: {stderr}"
        );
        assert!(!stderr.contains("organization"), "{file}: dossier.yaml read: {stderr}");
        fixture.edit(
            "content/sources/b.yaml",
            &format!("file: \"{file}\""),
            "file: seeds/b.txt",
        );
    }
    // `./` and doubled slashes resolve inside seeds/.
    fixture.edit(
        "content/sources/b.yaml",
        "file: seeds/b.txt",
        "file: \"./seeds//b.txt\"",
    );
    run(&fixture, &["check"]).succeeds();
}

/// Held family 12: the review's output folders are refused with exit 2 and nothing deleted.
#[test]
fn held_12_output_folders_that_would_clobber_something_are_refused() {
    let fixture = Fixture::new();
    let root = fixture.root().to_string_lossy().into_owned();
    for dir in ["static", "templates"] {
        std::fs::create_dir_all(fixture.path(dir)).unwrap();
    }
    fixture.write("static/keep.css", "p {}");
    let home = tempfile::tempdir().unwrap();
    std::fs::write(home.path().join(".bashrc"), "export PATH=/usr/bin\n").unwrap();
    let links = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink("/", links.path().join("root")).unwrap();
    std::os::unix::fs::symlink(fixture.path("content"), links.path().join("content")).unwrap();
    let before = tree(fixture.root());
    let outputs = [
        "/proc/self/cwd".to_owned(),
        format!("{root}/public/.."),
        format!("{root}/seeds/out"),
        format!("{root}/templates/out"),
        format!("{root}/static/out"),
        format!("{root}/content/sources/out"),
        format!("{root}/dossier.yaml"),
        "/dev/null".to_owned(),
        home.path().to_string_lossy().into_owned(),
        links.path().join("root").to_string_lossy().into_owned(),
        links.path().join("content").to_string_lossy().into_owned(),
    ];
    for output in &outputs {
        let run = run(&fixture, &["build", "--output", output]);
        let stderr = run.usage_error();
        assert!(stderr.contains("output"), "{output}: {stderr}");
        assert_eq!(tree(fixture.root()), before, "{output}: the dossier changed");
        assert_eq!(
            std::fs::read_to_string(home.path().join(".bashrc")).unwrap(),
            "export PATH=/usr/bin\n",
            "{output}"
        );
    }
    assert_eq!(
        std::fs::read_dir(home.path()).unwrap().count(),
        1,
        "nothing beside .bashrc"
    );
}

/// Held family 14: `serve --output` applies the same folder checks as `build`.
#[test]
fn held_14_serve_output_applies_the_folder_checks() {
    let fixture = Fixture::new();
    let root = fixture.root().to_string_lossy().into_owned();
    let parent = fixture.root().parent().unwrap().to_string_lossy().into_owned();
    fixture.write("docs/thesis.txt", "precious");
    let before = tree(fixture.root());
    for output in [
        root.clone(),
        parent,
        format!("{root}/content/out"),
        format!("{root}/docs"),
    ] {
        let run = run(
            &fixture,
            &["serve", "--root", &root, "--port", "0", "--output", &output],
        );
        run.usage_error();
        assert_eq!(tree(fixture.root()), before, "{output}");
    }
}

/// Held family 19: YAML bombs and nesting in front matter, `dossier.yaml` and `origins.yaml`,
/// and duplicate keys are located errors; tags and merge keys give no crash and no surprise.
#[test]
fn held_19_yaml_bombs_nesting_duplicates_tags_and_merges_are_handled() {
    let mut bomb = String::from(
        "---\na0: &a0 [\"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\"]\n",
    );
    for level in 1..10 {
        let list = vec![format!("*a{}", level - 1); 9].join(", ");
        bomb.push_str(&format!("a{level}: &a{level} [{list}]\n"));
    }
    bomb.push_str("title: \"x\"\n---\nText\n");
    let deep = |depth: usize| format!("{}{}", "[".repeat(depth), "]".repeat(depth));
    let cases: Vec<(&str, String, String)> = vec![
        ("content/pages/bomb.md", bomb, "content/pages/bomb.md:".into()),
        (
            "content/pages/deep.md",
            format!("---\ntitle: {}\n---\nText\n", deep(20_000)),
            "content/pages/deep.md:".into(),
        ),
        (
            "dossier.yaml",
            crate::fixture::CONFIG.replace("\"Ein *kleines* Dossier.\"", &deep(10_000)),
            "dossier.yaml:".into(),
        ),
        (
            "dossier.yaml",
            crate::fixture::CONFIG.replace("\"Ein *kleines* Dossier.\"", &deep(100_000)),
            "dossier.yaml:".into(),
        ),
        ("content/origins.yaml", deep(100_000), "content/origins.yaml:".into()),
        (
            "content/origins.yaml",
            format!(
                "{}- id: zweit\n  name: \"A\"\n  name: \"B\"\n  kind: media\n",
                crate::fixture::ORIGINS
            ),
            "content/origins.yaml:14:".into(),
        ),
    ];
    for (file, text, located) in cases {
        let fixture = Fixture::english();
        fixture.write(file, &text);
        let stderr = content_errors(&run(&fixture, &["check"])).to_owned();
        assert!(stderr.contains(&located), "{file}: {located}: {stderr}");
        if located.ends_with(":14:") {
            assert!(stderr.contains("duplicate"), "{stderr}");
        }
    }
    // Tags: a custom or a language tag is no object constructor; merge keys merge at most.
    for tag in ["!!python/object/apply:os.system", "!evil", "!!binary", "!!str"] {
        let fixture = Fixture::english();
        fixture.edit(
            "dossier.yaml",
            "title: \"Test-Dossier\"",
            &format!("title: {tag} \"touch pwned\""),
        );
        let run = run(&fixture, &["build"]);
        match run.code {
            0 => assert_eq!(fixture.page("index.html").text("h1"), "touch pwned", "{tag}"),
            1 => assert!(run.stderr.contains("dossier.yaml:1:"), "{tag}: {}", run.stderr),
            other => panic!("{tag}: exit {other}: {}", run.stderr),
        }
        assert!(!fixture.path("pwned").exists());
    }
    let fixture = Fixture::english();
    fixture.write(
        "content/origins.yaml",
        "- &base\n  id: bloomberg\n  name: \"Bloomberg\"\n  kind: media\n- <<: *base\n  id: putin\n- id: ny-post\n  name: \"New York Post\"\n  kind: media\n",
    );
    let run = run(&fixture, &["check"]);
    assert!(matches!(run.code, 0 | 1), "{}", run.stderr);
    if run.code == 1 {
        assert!(run.stderr.contains("content/origins.yaml:"), "{}", run.stderr);
    }
}

/// Held family 20: a 1 MB quote that matches a 1 MB paragraph anchors, and one that matches
/// nothing is a located error with a bounded report.
#[test]
fn held_20_megabyte_quotes_anchor_or_are_a_located_not_found() {
    let words = [
        "lorem",
        "ipsum",
        "dolor",
        "sit",
        "amet",
        "consectetur",
        "adipiscing",
        "elit",
    ];
    let mut paragraph = String::new();
    let mut i = 0usize;
    while paragraph.len() < 1 << 20 {
        paragraph.push_str(words[(i * 7 + i / 8) % words.len()]);
        paragraph.push(' ');
        i += 1;
    }
    let paragraph = paragraph.trim_end().to_owned();
    let fixture = Fixture::new();
    fixture.write("seeds/big.txt", &format!("Titel\n\n{paragraph} Schluss.\n"));
    let missing = paragraph.replace("elit", "tile");
    fixture.write(
        "content/sources/big.yaml",
        &format!(
            "id: gross\nfile: seeds/big.txt\ntitle: \"Groß\"\noutlet: \"O\"\npublished: 2024-11-18\nlanguage: de\nclaims:\n  - id: passt\n    quote: \"{paragraph}\"\n    statement: \"S\"\n    topic: nk-truppen\n    origin: article\n    verdict: belegt\n"
        ),
    );
    run(&fixture, &["check"]).succeeds();
    fixture.write(
        "content/sources/big.yaml",
        &format!(
            "id: gross\nfile: seeds/big.txt\ntitle: \"Groß\"\noutlet: \"O\"\npublished: 2024-11-18\nlanguage: de\nclaims:\n  - id: fehlt\n    quote: \"{missing}\"\n    statement: \"S\"\n    topic: nk-truppen\n    origin: article\n    verdict: belegt\n"
        ),
    );
    let stderr = content_errors(&run(&fixture, &["check"])).to_owned();
    assert!(
        stderr.contains("content/sources/big.yaml:9:"),
        "{}",
        &stderr[..stderr.len().min(2000)]
    );
    assert!(
        stderr.len() < 64 * 1024,
        "the report is bounded: {} bytes",
        stderr.len()
    );
}

/// Held family 21: 100,000 claims in one file are a located budget error, not an hour of
/// work or a crash.
#[test]
fn held_21_a_hundred_thousand_claims_in_one_file_are_a_located_budget_error() {
    let fixture = Fixture::new();
    let mut yaml = String::from(
        "id: viele\nfile: seeds/b.txt\ntitle: \"Viele\"\noutlet: \"O\"\npublished: 2024-11\nlanguage: de\nclaims:\n",
    );
    for i in 0..100_000 {
        yaml.push_str(&format!(
            "  - id: c{i}\n    quote: \"Soldaten\"\n    statement: \"S\"\n    topic: nk-truppen\n    origin: article\n    verdict: belegt\n"
        ));
    }
    fixture.write("content/sources/viele.yaml", &yaml);
    let stderr = content_errors(&run(&fixture, &["check"])).to_owned();
    assert!(
        stderr.contains("content/sources/viele.yaml:"),
        "{}",
        &stderr[..stderr.len().min(2000)]
    );
    assert!(
        stderr.to_lowercase().contains("budget"),
        "{}",
        &stderr[..stderr.len().min(2000)]
    );
    assert!(stderr.lines().count() < 100, "one error, not one per claim");
}

/// Held family 22: the review's pathological Markdown inputs build, with their text escaped.
#[test]
fn held_22_pathological_markdown_builds_with_its_text_escaped() {
    let n = 100_000;
    let mut refs = String::new();
    for i in 0..50_000 {
        refs.push_str(&format!("[r{i}]: https://example.org/{i}\n"));
    }
    let mut footnotes = String::new();
    for i in 0..5_000 {
        footnotes.push_str(&format!("[^f{i}]: see[^f{}]\n\n", i + 1));
    }
    let inputs = [
        "[".repeat(n),
        format!("{}{}", "[".repeat(n), "]".repeat(n)),
        "[a](".repeat(25_000),
        "*a **b ".repeat(20_000),
        "_".repeat(n),
        "`".repeat(n),
        "<".repeat(n),
        "<a".repeat(n),
        "> ".repeat(20_000) + "x",
        (0..5_000).map(|i| format!("{}- x\n", "  ".repeat(i))).collect(),
        format!(
            "|{}\n|{}\n|{}\n",
            "a|".repeat(20_000),
            "-|".repeat(20_000),
            "b|".repeat(20_000)
        ),
        format!("x[^f0]\n\n{footnotes}"),
        refs,
        "&amp;&#x1F600;&#99999999;&nbsp;".repeat(20_000),
        "<div><span>".repeat(20_000),
        format!("[x]({}https://example.org{})", "(".repeat(10_000), ")".repeat(10_000)),
        format!("```\n{}\n```\n", "\\".repeat(n)),
    ];
    let fixture = Fixture::new();
    for (i, input) in inputs.iter().enumerate() {
        fixture.write(
            &format!("content/pages/p{i}.md"),
            &format!("---\ntitle: \"P{i}\"\n---\n{input}\n"),
        );
    }
    run(&fixture, &["build"]).succeeds();
    for (i, _) in inputs.iter().enumerate() {
        let html = fixture.read(&format!("public/p{i}/index.html"));
        assert_inert(&format!("p{i}"), &html);
    }
    assert!(
        fixture.page("p7/index.html").texts("main").concat().contains("<a<a<a"),
        "`<a` shown as text"
    );
}

/// Held family 23: code blocks in common languages with pathological lines build, each
/// highlighted or escaped plain text (the bash case is F5, in the benchmarks).
#[test]
fn held_23_code_blocks_in_many_languages_build_escaped() {
    let nasty = ["\"\\".repeat(1_000), "/*".repeat(1_000), "<\"'`${(".repeat(300)];
    let mut page = String::from("---\ntitle: \"Code\"\n---\n");
    for lang in [
        "rust", "python", "js", "html", "css", "c", "cpp", "java", "go", "ruby", "php", "sql", "yaml", "json", "xml",
        "markdown", "perl", "lua", "haskell",
    ] {
        for input in &nasty {
            page.push_str(&format!("```{lang}\n{input}\n```\n\n"));
        }
    }
    let fixture = Fixture::new();
    fixture.write("content/pages/code.md", &page);
    run(&fixture, &["build"]).succeeds();
    let html = fixture.read("public/code/index.html");
    assert_inert("code", &html);
    let document = Html::parse_document(&html);
    let blocks = document.select(&Selector::parse("pre.code").unwrap()).count();
    assert_eq!(blocks, 19 * 3, "every block rendered");
}

/// Held family 24: NaN and infinities are located errors; huge, tiny and negative values
/// build or are located errors, never a crash.
#[test]
fn held_24_quantities_reject_nan_and_infinity_and_survive_extremes() {
    for value in [".nan", ".inf", "-.inf"] {
        let fixture = Fixture::new();
        fixture.edit(
            "content/sources/a.yaml",
            "quantity: { value: 500000,",
            &format!("quantity: {{ value: {value},"),
        );
        let stderr = content_errors(&run(&fixture, &["check"])).to_owned();
        assert!(stderr.contains("content/sources/a.yaml:"), "{value}: {stderr}");
    }
    for value in ["1e308", "-500000", "1e-300", "1e23", "0"] {
        let fixture = Fixture::new();
        fixture.edit(
            "content/sources/a.yaml",
            "quantity: { value: 500000,",
            &format!("note: \"Umgerechnet.\"\n    quantity: {{ derived: true, value: {value},"),
        );
        let run = run(&fixture, &["build"]);
        if run.code == 1 {
            // A count that is not a whole number (1e-300) is a located error.
            assert!(
                run.stderr.contains("content/sources/a.yaml:50:39"),
                "{value}: {}",
                run.stderr
            );
            continue;
        }
        run.succeeds();
        let page = fixture.page("claims/ru-nypost/index.html");
        assert!(!page.texts("main").concat().contains("NaN"), "{value}");
        let topic = fixture.page("topics/ru-staerke/index.html");
        assert_inert(&format!("topic with {value}"), &topic.html.html());
    }
}

/// Held family 25: `add-source` refuses ids that are paths or not URL-safe, and writes a
/// hostile first line into the stub as a YAML string that reads back as the same text.
#[test]
fn held_25_add_source_refuses_path_ids_and_quotes_a_hostile_title() {
    let fixture = Fixture::new();
    let root = fixture.root().to_string_lossy().into_owned();
    let title = "Er sagte: \"Nein\" \\ # {{ 7*7 }} \u{1b}[2J 'x': [a, b]";
    fixture.write("incoming/bericht.txt", &format!("{title}\n\nEs sind 7.000 Soldaten.\n"));
    let article = fixture.path("incoming/bericht.txt").to_string_lossy().into_owned();
    for id in ["../../x", "/etc/x", "A"] {
        let run = run(&fixture, &["add-source", &article, "--root", &root, "--id", id]);
        run.usage_error();
    }
    assert!(!fixture.path("x").exists() && !Path::new("/etc/x.yaml").exists());
    assert!(!fixture.path("seeds/bericht.txt").exists(), "nothing copied");
    run(&fixture, &["add-source", &article, "--root", &root]).succeeds();
    let stub: serde_json::Value =
        serde_saphyr::from_str(&fixture.read("content/sources/bericht.yaml")).expect("the stub is YAML");
    assert_eq!(stub["title"].as_str(), Some(title), "the line, as text");
}

/// Held family 26: `init` into a folder holding a dangling link is refused; the link's
/// target is not created.
#[test]
fn held_26_init_refuses_a_folder_holding_a_dangling_link() {
    let fixture = Fixture::empty();
    let outside = tempfile::tempdir().unwrap();
    let target = outside.path().join("created");
    std::fs::create_dir(fixture.path("neu")).unwrap();
    std::os::unix::fs::symlink(&target, fixture.path("neu/dossier.yaml")).unwrap();
    let dir = fixture.path("neu").to_string_lossy().into_owned();
    run(&fixture, &["init", &dir]).usage_error();
    assert!(!target.exists(), "nothing written through the link");
    assert_eq!(std::fs::read_dir(fixture.path("neu")).unwrap().count(), 1);
}

/// Held family 27: a folder in `static/` where the build writes a generated file is a clean
/// error, without a crash.
#[test]
fn held_27_a_static_folder_colliding_with_a_generated_file_is_a_clean_error() {
    let fixture = Fixture::new();
    fixture.write("static/highlight.css/x.css", "p {}");
    let run = run(&fixture, &["build"]);
    assert!(matches!(run.code, 1 | 2), "{}\n{}", run.stdout, run.stderr);
    assert!(run.stderr.contains("highlight.css"), "{}", run.stderr);
    assert!(!fixture.path("public").exists());
}

/// Held family 28, as changed by F1: a link in `content/` to a YAML file outside the dossier
/// is refused with its location, and read only with `--follow-outside-links`.
#[test]
fn held_28_a_link_in_content_to_an_outside_yaml_is_read_only_with_the_opt_in() {
    let fixture = Fixture::new();
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("b.yaml"), fixture.read("content/sources/b.yaml")).unwrap();
    std::fs::remove_file(fixture.path("content/sources/b.yaml")).unwrap();
    std::os::unix::fs::symlink(outside.path().join("b.yaml"), fixture.path("content/sources/b.yaml")).unwrap();
    let stderr = content_errors(&run(&fixture, &["build"])).to_owned();
    assert!(stderr.contains("--> content/sources/b.yaml\n"), "{stderr}");
    assert!(stderr.contains("outside the dossier folder"), "{stderr}");
    run(&fixture, &["build", "--follow-outside-links"]).succeeds();
    assert!(fixture.path("public/claims/nk-100000-b/index.html").is_file());
}
