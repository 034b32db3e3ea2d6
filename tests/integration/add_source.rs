//! `dossier add-source` on real articles: saved English and German news pages (with header
//! menus, reading times, share buttons, cookie banners, teaser lists and footers) and copied
//! texts, from a file and from an HTTP server on loopback that the test starts; redirects,
//! network errors and pages that are not HTML. No test reaches the internet.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::time::{Duration, SystemTime};

use crate::fixture::{Fixture, Run, tree};

const EN_HTML: &str = include_str!("../fixtures/pages/en-news.html");
const DE_HTML: &str = include_str!("../fixtures/pages/de-news.html");
const EN_TEXT: &str = include_str!("../fixtures/pages/en-news.txt");
const DE_TEXT: &str = include_str!("../fixtures/pages/de-news.txt");

const EN_TITLE: &str = "North Korean troops come under fire in Kursk for the first time";
const DE_TITLE: &str = "Nordkoreanische Soldaten erstmals unter Beschuss";

/// An answer of the test server.
struct Answer {
    status: &'static str,
    headers: Vec<(&'static str, String)>,
    body: Vec<u8>,
}

fn answer(status: &'static str, content_type: &str, body: impl Into<Vec<u8>>) -> Answer {
    Answer {
        status,
        headers: vec![("Content-Type", content_type.to_owned())],
        body: body.into(),
    }
}

fn redirect(to: &str) -> Answer {
    Answer {
        status: "302 Found",
        headers: vec![("Location", to.to_owned())],
        body: Vec::new(),
    }
}

/// The pages the test server knows.
fn route(path: &str) -> Answer {
    match path {
        "/world/first-nk-troops-under-fire.html" => answer("200 OK", "text/html; charset=utf-8", EN_HTML),
        "/ausland/soldaten-unter-beschuss" => {
            // Served as Latin-1, as older German sites do.
            let html = DE_HTML.replace("utf-8", "iso-8859-1");
            let (bytes, _, unmappable) = encoding_rs::WINDOWS_1252.encode(&html);
            assert!(!unmappable);
            answer("200 OK", "text/html; charset=ISO-8859-1", bytes.into_owned())
        }
        "/short/en" => redirect("/world/first-nk-troops-under-fire.html"),
        "/to-file" => redirect("file:///etc/passwd"),
        "/to-ftp" => redirect("ftp://127.0.0.1/article.html"),
        "/loop" => redirect("/loop"),
        "/report.pdf" => answer("200 OK", "application/pdf", b"%PDF-1.7\n".to_vec()),
        "/gone" => answer("404 Not Found", "text/html", "<html><body>Not here</body></html>"),
        "/broken" => answer(
            "500 Internal Server Error",
            "text/html",
            "<html><body>Oops</body></html>",
        ),
        "/empty" => answer("200 OK", "text/html", "<html><body><nav>Home</nav></body></html>"),
        _ => answer("404 Not Found", "text/plain", "no such page"),
    }
}

/// Starts the test server on a free loopback port; it answers at most 200 requests, each on
/// its own connection, then stops.
fn serve() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind loopback");
    let port = listener.local_addr().expect("address").port();
    std::thread::spawn(move || {
        for stream in listener.incoming().take(200).flatten() {
            let _ = answer_one(stream);
        }
    });
    format!("http://127.0.0.1:{port}")
}

fn answer_one(mut stream: TcpStream) -> std::io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(5)))?;
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") && head.len() < 16 * 1024 {
        if stream.read(&mut byte)? == 0 {
            break;
        }
        head.push(byte[0]);
    }
    let head = String::from_utf8_lossy(&head);
    let path = head.split_whitespace().nth(1).unwrap_or("/");
    let reply = route(path);
    let mut out = format!(
        "HTTP/1.1 {}\r\nContent-Length: {}\r\nConnection: close\r\n",
        reply.status,
        reply.body.len()
    );
    for (name, value) in &reply.headers {
        out.push_str(&format!("{name}: {value}\r\n"));
    }
    out.push_str("\r\n");
    stream.write_all(out.as_bytes())?;
    stream.write_all(&reply.body)?;
    stream.flush()
}

/// `dossier add-source ARGS… --root FIXTURE`, killed after 60 s.
fn add_source(fixture: &Fixture, args: &[&str]) -> Run {
    let root = fixture.root().to_str().expect("utf-8 path").to_owned();
    let mut all = vec!["add-source"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--root", &root]);
    fixture.run_bounded(&all, fixture.root(), &[])
}

/// The source file `content/sources/ID.yaml` as data.
fn source(fixture: &Fixture, id: &str) -> serde_json::Value {
    let text = fixture.read(&format!("content/sources/{id}.yaml"));
    serde_saphyr::from_str(&text).unwrap_or_else(|e| panic!("{e}\n{text}"))
}

fn field<'a>(source: &'a serde_json::Value, key: &str) -> Option<&'a str> {
    source[key].as_str()
}

/// Every non-blank line the source's `exclude` entries cover, with the entry's reason.
fn excluded(fixture: &Fixture, source: &serde_json::Value) -> Vec<(String, String)> {
    let seed = fixture.read(field(source, "file").expect("file"));
    let lines: Vec<&str> = seed.lines().collect();
    let mut out = Vec::new();
    for entry in source["exclude"].as_array().expect("exclude list") {
        let range = entry["lines"].as_str().expect("lines");
        let (first, last) = range.split_once('-').unwrap_or((range, range));
        let (first, last): (usize, usize) = (first.parse().unwrap(), last.parse().unwrap());
        for line in &lines[first - 1..last] {
            if !line.trim().is_empty() {
                out.push((
                    line.trim().to_owned(),
                    entry["reason"].as_str().unwrap_or("").to_owned(),
                ));
            }
        }
    }
    out
}

fn sha256(bytes: &[u8]) -> String {
    dossier::ingest::sha256_hex(bytes)
}

/// Deletes every `# TODO confirm` comment: what the annotator does after checking the guesses.
fn confirm_all(fixture: &Fixture, id: &str) {
    let file = format!("content/sources/{id}.yaml");
    let confirmed: String = fixture
        .read(&file)
        .lines()
        .map(|line| line.split("  # TODO confirm").next().unwrap_or(line).to_owned() + "\n")
        .collect();
    fixture.write(&file, &confirmed);
}

#[test]
fn an_english_page_on_loopback_gives_title_date_language_outlet_and_clutter() {
    let fixture = Fixture::new();
    let base = serve();
    let url = format!("{base}/world/first-nk-troops-under-fire.html");
    let before = SystemTime::now() - Duration::from_secs(1);
    let run = add_source(&fixture, &[&url]);
    run.succeeds();
    let after = SystemTime::now();
    let id = "first-nk-troops-under-fire";
    let yaml = source(&fixture, id);
    assert_eq!(field(&yaml, "title"), Some(EN_TITLE));
    assert_eq!(field(&yaml, "published"), Some("2024-11-04"));
    assert_eq!(field(&yaml, "language"), Some("en"));
    assert_eq!(field(&yaml, "outlet"), Some("The Harbor Ledger"));
    assert_eq!(field(&yaml, "author"), Some("Jane Doe"));
    assert_eq!(field(&yaml, "url"), Some(url.as_str()));
    // The page as served, its hash and the article text's.
    assert_eq!(field(&yaml, "snapshot"), Some("seeds/first-nk-troops-under-fire.html"));
    assert_eq!(fixture.read("seeds/first-nk-troops-under-fire.html"), EN_HTML);
    assert_eq!(
        field(&yaml, "snapshot_sha256"),
        Some(sha256(EN_HTML.as_bytes()).as_str())
    );
    let text = fixture.read("seeds/first-nk-troops-under-fire.txt");
    assert_eq!(field(&yaml, "text_sha256"), Some(sha256(text.as_bytes()).as_str()));
    let fetched = humantime::parse_rfc3339(field(&yaml, "fetched_at").expect("fetched_at")).expect("RFC 3339");
    assert!(before <= fetched && fetched <= after, "the real time of the fetch");
    // The article: headline first, body kept, the page's menus, banner and footer gone.
    assert!(
        text.starts_with(&format!("{EN_TITLE}\n\nNorth Korean soldiers deployed")),
        "{text}"
    );
    assert!(
        text.contains("About 11,000 North Korean soldiers are now in the region"),
        "{text}"
    );
    for furniture in ["We use cookies", "Privacy Policy", "All rights reserved", "Politics"] {
        assert!(!text.contains(furniture), "{furniture} in {text}");
    }
    // What readability kept of the clutter is proposed for exclusion, nothing of the body.
    let excluded = excluded(&fixture, &yaml);
    let reasons: Vec<(&str, &str)> = excluded.iter().map(|(l, r)| (l.as_str(), r.as_str())).collect();
    assert_eq!(
        reasons,
        [
            ("Photo: Reuters/John Smith", "image credit"),
            ("Sign up for our daily newsletter", "newsletter prompt"),
            ("Read more", "teaser list of other articles"),
            (
                "Ukraine war latest: what we know on day 985",
                "teaser list of other articles"
            ),
            (
                "Analysis: Why Pyongyang is sending soldiers",
                "teaser list of other articles"
            ),
        ]
    );
    // The terminal says what was guessed and where from, and what to check.
    for said in [
        "from the page's site name (og:site_name)",
        "language   en  (detected in the text (English",
        "published  2024-11-04  (from the page's publication time",
        "Check each guess against the article",
    ] {
        assert!(run.stdout.contains(said), "{said}:\n{}", run.stdout);
    }
}

#[test]
fn a_german_page_in_latin1_gives_the_dateline_not_a_date_of_the_body_and_checks_once_confirmed() {
    let fixture = Fixture::english();
    let base = serve();
    let run = add_source(&fixture, &[&format!("{base}/ausland/soldaten-unter-beschuss")]);
    run.succeeds();
    let id = "soldaten-unter-beschuss";
    let yaml = source(&fixture, id);
    assert_eq!(field(&yaml, "title"), Some(DE_TITLE));
    // The page has no date metadata; its dateline sits outside the article readability finds,
    // and the body names 3 October 2024.
    assert_eq!(field(&yaml, "published"), Some("2024-11-18"));
    assert!(
        run.stdout
            .contains("read from the page, below the headline: \"18. November 2024, 08:31 Uhr\""),
        "{}",
        run.stdout
    );
    assert_eq!(field(&yaml, "language"), Some("de"));
    assert_eq!(field(&yaml, "outlet"), Some("Rheinischer Bote"));
    let text = fixture.read(&format!("seeds/{id}.txt"));
    assert!(
        text.contains("rund 11.000 nordkoreanische Soldaten"),
        "decoded from Latin-1: {text}"
    );
    assert!(text.contains("Pjöngjang"), "{text}");
    let excluded = excluded(&fixture, &yaml);
    let lines: Vec<&str> = excluded.iter().map(|(l, _)| l.as_str()).collect();
    assert_eq!(
        lines,
        [
            "Foto: dpa",
            "Newsletter abonnieren",
            "Mehr zum Thema",
            "Krieg in der Ukraine: Die aktuelle Lage",
            "Analyse: Warum Pjöngjang Soldaten schickt"
        ]
    );
    // Every guess is an error until confirmed; then the new source checks.
    let check = fixture.run(&["check"]);
    let stderr = check.fails();
    for key in ["title", "outlet", "published", "language"] {
        assert!(
            stderr.contains(&format!("`{key}` is marked as not yet confirmed")),
            "{key}: {stderr}"
        );
    }
    confirm_all(&fixture, id);
    fixture.run(&["check"]).succeeds();
}

#[test]
fn saved_pages_from_a_file_give_the_same_guesses_without_a_fetch() {
    let fixture = Fixture::new();
    for (name, html, title, date, language) in [
        ("en-news", EN_HTML, EN_TITLE, "2024-11-04", "en"),
        ("de-news", DE_HTML, DE_TITLE, "2024-11-18", "de"),
    ] {
        fixture.write(&format!("incoming/{name}.html"), html);
        let path = fixture.path(&format!("incoming/{name}.html"));
        add_source(&fixture, &[path.to_str().unwrap()]).succeeds();
        let yaml = source(&fixture, name);
        assert_eq!(field(&yaml, "title"), Some(title));
        assert_eq!(field(&yaml, "published"), Some(date));
        assert_eq!(field(&yaml, "language"), Some(language));
        assert_eq!(
            fixture.read(&format!("seeds/{name}.html")),
            html,
            "the snapshot is the file"
        );
        assert_eq!(field(&yaml, "snapshot_sha256"), Some(sha256(html.as_bytes()).as_str()));
        assert_eq!(field(&yaml, "fetched_at"), None, "nothing was fetched");
        assert_eq!(
            field(&yaml, "url"),
            None,
            "a file has no address: the annotator adds it"
        );
        assert!(!excluded(&fixture, &yaml).is_empty());
    }
}

/// Review bug 5: a copied English article got the title "Edit post", no date from "November
/// 4, 2024 8:36 AM", language `de` and no English furniture excluded.
#[test]
fn a_copied_english_text_is_read_as_english() {
    let fixture = Fixture::new();
    fixture.write("incoming/kyiv-first-nk-under-fire.txt", EN_TEXT);
    let path = fixture.path("incoming/kyiv-first-nk-under-fire.txt");
    let run = add_source(&fixture, &[path.to_str().unwrap()]);
    run.succeeds();
    assert_eq!(
        fixture.read("seeds/kyiv-first-nk-under-fire.txt"),
        EN_TEXT,
        "copied byte for byte"
    );
    let yaml = source(&fixture, "kyiv-first-nk-under-fire");
    assert_eq!(
        field(&yaml, "title"),
        Some("First North Korean troops come under fire in Kursk")
    );
    assert_eq!(
        field(&yaml, "published"),
        Some("2024-11-04"),
        "not October 3 from the body"
    );
    assert_eq!(field(&yaml, "language"), Some("en"));
    assert_eq!(field(&yaml, "author"), Some("Jane Doe"));
    assert!(
        run.stdout
            .contains("read from line 6: \"By Jane Doe • November 4, 2024 8:36 AM\""),
        "{}",
        run.stdout
    );
    let reasons: Vec<(String, String)> = excluded(&fixture, &yaml);
    let expected = [
        ("Edit post", "edit link"),
        ("Home > World > Europe", "menu or breadcrumb"),
        ("By Jane Doe • November 4, 2024 8:36 AM", "byline"),
        ("2 min read", "reading-time note"),
        ("Share", "share buttons"),
        ("Photo: Reuters/John Smith", "image credit"),
        (
            "We use cookies to improve your experience on our site. Accept all",
            "cookie notice",
        ),
        ("Read more", "teaser list of other articles"),
        (
            "Ukraine war latest: what we know on day 985",
            "teaser list of other articles",
        ),
        (
            "Analysis: Why Pyongyang is sending soldiers",
            "teaser list of other articles",
        ),
    ];
    let got: Vec<(&str, &str)> = reasons.iter().map(|(l, r)| (l.as_str(), r.as_str())).collect();
    assert_eq!(got, expected);
}

#[test]
fn a_copied_german_text_gets_its_dateline_and_furniture() {
    let fixture = Fixture::new();
    fixture.write("incoming/beschuss.txt", DE_TEXT);
    add_source(&fixture, &[fixture.path("incoming/beschuss.txt").to_str().unwrap()]).succeeds();
    let yaml = source(&fixture, "beschuss");
    assert_eq!(field(&yaml, "title"), Some(DE_TITLE), "not the breadcrumb above it");
    assert_eq!(field(&yaml, "published"), Some("2024-11-18"));
    assert_eq!(field(&yaml, "language"), Some("de"));
    let reasons: Vec<String> = excluded(&fixture, &yaml).into_iter().map(|(_, r)| r).collect();
    assert_eq!(
        reasons,
        [
            "menu or breadcrumb",
            "date line",
            "reading-time note",
            "share buttons",
            "image credit",
            "newsletter prompt",
            "teaser list of other articles",
            "teaser list of other articles",
            "teaser list of other articles"
        ]
    );
}

#[test]
fn flags_win_over_every_guess_of_a_fetched_page() {
    let fixture = Fixture::new();
    let base = serve();
    let run = add_source(
        &fixture,
        &[
            &format!("{base}/world/first-nk-troops-under-fire.html"),
            "--id",
            "nk",
            "--title",
            "Given title",
            "--outlet",
            "Given outlet",
            "--published",
            "2024-11-05",
            "--url",
            "https://example.org/original",
            "--language",
            "en-GB",
        ],
    );
    run.succeeds();
    let yaml = source(&fixture, "nk");
    assert_eq!(field(&yaml, "title"), Some("Given title"));
    assert_eq!(field(&yaml, "outlet"), Some("Given outlet"));
    assert_eq!(field(&yaml, "published"), Some("2024-11-05"));
    assert_eq!(field(&yaml, "url"), Some("https://example.org/original"));
    assert_eq!(field(&yaml, "language"), Some("en-GB"));
    let text = fixture.read("content/sources/nk.yaml");
    for key in ["title", "outlet", "published", "url", "language"] {
        let line = text.lines().find(|l| l.starts_with(&format!("{key}:"))).expect(key);
        assert!(!line.contains('#'), "a given value carries no mark: {line}");
    }
    assert!(run.stdout.contains("title      as given"), "{}", run.stdout);
}

#[test]
fn redirects_are_followed_on_the_web_only() {
    let fixture = Fixture::new();
    let base = serve();
    let run = add_source(&fixture, &[&format!("{base}/short/en"), "--id", "short"]);
    run.succeeds();
    let yaml = source(&fixture, "short");
    assert_eq!(
        field(&yaml, "url"),
        Some(format!("{base}/world/first-nk-troops-under-fire.html").as_str()),
        "the page's own address"
    );
    assert!(
        fixture
            .read("content/sources/short.yaml")
            .contains(&format!("# redirected from {base}/short/en"))
    );
    let before = tree(fixture.root());
    for (path, said) in [
        (
            "/to-file",
            "redirects to `file:///etc/passwd`, which is not an http:// or https:// address",
        ),
        ("/to-ftp", "redirects to `ftp://127.0.0.1/article.html`"),
        ("/loop", "redirected more than 5 times"),
    ] {
        // The server's redirects, not the command line, are wrong: exit 1.
        let run = add_source(&fixture, &[&format!("{base}{path}"), "--id", "other"]);
        let stderr = run.fails();
        assert!(stderr.contains(said), "{path}: {stderr}");
    }
    assert_eq!(tree(fixture.root()), before, "nothing written");
}

/// A fetch that fails (nothing answers, an error status, a page that is no article) is not a
/// usage error: exit 1, with the address and the cause. An address add-source cannot fetch at
/// all is one (exit 2). Nothing is written either way.
#[test]
fn network_errors_and_other_files_are_clean_errors() {
    let fixture = Fixture::new();
    let base = serve();
    // A port nothing listens on.
    let closed = {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let before = tree(fixture.root());
    let refused = format!("http://127.0.0.1:{closed}/a");
    for (address, said) in [
        (
            format!("{base}/report.pdf"),
            "is not a web page but application/pdf".to_owned(),
        ),
        (format!("{base}/gone"), "answered 404 (page not found".to_owned()),
        (format!("{base}/broken"), "answered 500 (server error".to_owned()),
        (format!("{base}/empty"), "no article text found in the page".to_owned()),
        (
            refused.clone(),
            format!("could not connect to {refused}: nothing answers there (connection refused)"),
        ),
    ] {
        let run = add_source(&fixture, &[&address, "--id", "x"]);
        let stderr = run.fails();
        assert!(stderr.contains(&said), "{address}: {stderr}");
        assert!(stderr.contains(&address), "names the address: {stderr}");
        assert_eq!(stderr.lines().count(), 1, "one plain line: {stderr}");
    }
    for (address, said) in [
        (
            "file:///etc/passwd".to_owned(),
            "add-source fetches only http:// and https:// addresses".to_owned(),
        ),
        (
            "ftp://127.0.0.1/a.html".to_owned(),
            "only http:// and https://".to_owned(),
        ),
        ("https://".to_owned(), "is not a web address".to_owned()),
    ] {
        let run = add_source(&fixture, &[&address, "--id", "x"]);
        let stderr = run.usage_error();
        assert!(stderr.contains(&said), "{address}: {stderr}");
    }
    assert_eq!(tree(fixture.root()), before, "nothing written");
}

/// A text already in the dossier is refused under a new id even when its source lies in a
/// folder below content/sources/ and names its article with a comment after the path.
#[test]
fn an_article_whose_source_is_in_a_subfolder_is_not_added_again() {
    let fixture = Fixture::new();
    let source = fixture.read("content/sources/a.yaml");
    std::fs::remove_file(fixture.path("content/sources/a.yaml")).unwrap();
    fixture.write(
        "content/sources/2024/a.yaml",
        &source.replacen("file: seeds/a.txt", "file: seeds/a.txt # the copy from the web", 1),
    );
    fixture.run(&["check"]).succeeds();
    let elsewhere = tempfile::tempdir().unwrap();
    let copy = elsewhere.path().join("a.txt");
    std::fs::write(&copy, crate::fixture::ARTICLE).unwrap();
    let before = tree(fixture.root());
    let run = add_source(&fixture, &[copy.to_str().unwrap(), "--id", "neu"]);
    let stderr = run.usage_error();
    assert!(
        stderr.contains("already in the dossier as seeds/a.txt, the article of source `artikel-a`"),
        "{stderr}"
    );
    assert_eq!(tree(fixture.root()), before, "nothing written");
}

#[test]
fn the_snapshot_is_written_only_inside_the_dossier_and_never_over_anything() {
    let fixture = Fixture::new();
    let base = serve();
    let url = format!("{base}/world/first-nk-troops-under-fire.html");
    // A link planted where the snapshot goes is never written through; the text written
    // before it is taken back.
    let outside = tempfile::tempdir().unwrap();
    let target = outside.path().join("planted.html");
    std::os::unix::fs::symlink(&target, fixture.path("seeds/nk.html")).unwrap();
    let stderr = add_source(&fixture, &[&url, "--id", "nk"]).usage_error().to_owned();
    assert!(stderr.contains("symbolic link"), "{stderr}");
    assert!(!target.exists(), "nothing written outside the dossier");
    assert!(
        !fixture.path("seeds/nk.txt").exists(),
        "the text written before is removed again"
    );
    assert!(!fixture.path("content/sources/nk.yaml").exists());
    std::fs::remove_file(fixture.path("seeds/nk.html")).unwrap();
    // An existing snapshot with other content is never replaced.
    fixture.write("seeds/nk.html", "<html>another page</html>");
    add_source(&fixture, &[&url, "--id", "nk"]).usage_error();
    assert_eq!(fixture.read("seeds/nk.html"), "<html>another page</html>");
    assert!(!fixture.path("seeds/nk.txt").exists());
    // Ids that are paths are refused before anything is fetched or written.
    let before = tree(fixture.root());
    for id in ["../../evil", "/tmp/evil", "a/b"] {
        add_source(&fixture, &[&url, "--id", id]).usage_error();
    }
    assert_eq!(tree(fixture.root()), before);
    // The same page twice is refused, naming the source that has it.
    add_source(&fixture, &[&url, "--id", "first"]).succeeds();
    let stderr = add_source(&fixture, &[&url, "--id", "second"]).usage_error().to_owned();
    assert!(
        stderr.contains("already in the dossier as seeds/first.txt, the article of source `first`"),
        "{stderr}"
    );
}
