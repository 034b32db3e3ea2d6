//! The corrections log from git history: a repository built by the test with three commits (a
//! verdict change, a figure change, a typo fix in the note, which is no correction).

use super::fixture::Fixture;

fn commit(fixture: &Fixture, message: &str, date: &str) {
    fixture.git(&["add", "-A"], Some(date));
    fixture.git(&["commit", "-q", "-m", message], Some(date));
}

fn repository() -> Fixture {
    let fixture = Fixture::new();
    fixture.git(&["init", "-q", "-b", "main"], Some("2024-11-20T10:00:00Z"));
    std::fs::write(fixture.path(".gitignore"), "public/\n").unwrap();
    commit(&fixture, "Erste Fassung", "2024-11-20T10:00:00Z");
    fixture.edit(
        "content/sources/a.yaml",
        "origin: ny-post\n    verdict: falsch",
        "origin: ny-post\n    verdict: unbelegt",
    );
    commit(&fixture, "ru-nypost: nicht widerlegt", "2024-11-22T09:30:00Z");
    fixture.edit(
        "content/sources/a.yaml",
        "{ value: 11000, qualifier: about",
        "{ value: 11000, qualifier: just-under",
    );
    commit(&fixture, "nk-11000: Zahl", "2024-11-23T08:00:00Z");
    fixture.edit(
        "content/sources/a.yaml",
        "Deckt sich mit *anderen* Berichten.",
        "Deckt sich mit *anderen* Berichten",
    );
    commit(&fixture, "Tippfehler", "2024-11-24T08:00:00Z");
    fixture
}

#[test]
fn three_commits_give_the_right_corrections_pages_feed_and_date_modified() {
    let fixture = repository();
    // The verdict change has no `corrections:` entry: `check --strict` demands one.
    let strict = fixture.run(&["check", "--strict"]);
    let stderr = strict.fails();
    assert!(
        stderr.contains("die Bewertung der Behauptung `ru-nypost` hat sich am 2024-11-22 geändert"),
        "{stderr}"
    );
    fixture.edit(
        "content/sources/a.yaml",
        "origin: ny-post\n    verdict: unbelegt",
        "origin: ny-post\n    verdict: unbelegt\n    corrections:\n      - date: 2024-11-22\n        reason: \"Die Zahl stammt aus einer Schätzung, nicht widerlegt.\"",
    );
    commit(&fixture, "ru-nypost: Begründung", "2024-11-25T08:00:00Z");
    fixture.run(&["check", "--strict"]).succeeds();
    let run = fixture.build();
    assert!(!run.stderr.contains("keine Git-Historie"), "{}", run.stderr);

    // The claim pages.
    let nypost = fixture.page("claims/ru-nypost/index.html");
    let changes = nypost.text("section.corrections");
    assert!(changes.contains("Geändert am"), "{changes}");
    assert!(changes.contains("Bewertung: Falsch → Unbelegt"), "{changes}");
    assert!(changes.contains("Schätzung"), "{changes}");
    let figure = fixture.page("claims/nk-11000/index.html");
    let changes = figure.text("section.corrections");
    assert!(
        // The figures as the one formatter writes them everywhere, not as the YAML held them.
        changes.contains("Zahl: etwa 11.000 Soldaten → knapp 11.000 Soldaten"),
        "{changes}"
    );
    assert!(!changes.contains("Bewertung"), "{changes}");
    // The typo fix in a note is no correction, and untouched claims have none.
    assert!(
        fixture
            .page("claims/ru-putin/index.html")
            .texts("section.corrections")
            .is_empty()
    );
    // One entry, not numbered: it begins with its date ("1. 1. Dezember" otherwise).
    assert_eq!(figure.texts("ul.changes > li").len(), 1);

    // ClaimReview's dateModified.
    let review = |page: &super::fixture::Page| -> serde_json::Value {
        serde_json::from_str(&page.text("script[type='application/ld+json']")).unwrap()
    };
    assert_eq!(review(&nypost)["dateModified"], "2024-11-22");
    assert_eq!(review(&figure)["dateModified"], "2024-11-23");
    assert!(
        review(&fixture.page("claims/ru-putin/index.html"))
            .get("dateModified")
            .is_none()
    );

    // The corrections page, newest first, and its feed.
    let page = fixture.page("corrections/index.html");
    let entries = page.texts("li.correction");
    assert_eq!(entries.len(), 2, "{entries:?}");
    assert!(
        entries[0].contains("2024") && entries[0].contains("→ knapp 11.000 Soldaten"),
        "{entries:?}"
    );
    assert!(entries[1].contains("Unbelegt"), "{entries:?}");
    let feed = fixture.read("public/corrections.xml");
    let doc = roxmltree::Document::parse(&feed).unwrap();
    let updated: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("entry"))
        .filter_map(|e| e.children().find(|c| c.has_tag_name("updated")).and_then(|u| u.text()))
        .collect();
    assert_eq!(updated, ["2024-11-23T00:00:00Z", "2024-11-22T00:00:00Z"]);

    // SQLite carries them too.
    let db = rusqlite::Connection::open(fixture.path("public/dossier.sqlite")).unwrap();
    let count: i64 = db
        .query_row(
            "SELECT count(*) FROM corrections WHERE claim = 'ru-nypost' AND field = 'verdict'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(count, 1);

    // Deterministic: a second build gives the same pages.
    let first = super::fixture::tree(&fixture.path("public"));
    std::fs::remove_dir_all(fixture.path("public")).unwrap();
    fixture.build();
    assert!(first == super::fixture::tree(&fixture.path("public")));
}

#[test]
fn outside_git_the_build_works_and_says_once_that_no_history_was_found() {
    let fixture = Fixture::new();
    let run = fixture.build();
    assert_eq!(
        run.stderr.matches("keine Git-Historie gefunden").count(),
        1,
        "{}",
        run.stderr
    );
    assert!(
        fixture
            .page("corrections/index.html")
            .text("main")
            .contains("Bisher wurde nichts korrigiert")
    );
}

/// The corrections page lists its entries without numbers: each begins with a date
/// ("1. Dezember 2026"), and an ordered list would write "1. 1. Dezember 2026".
#[test]
fn the_corrections_list_is_not_numbered_before_its_dates() {
    let fixture = repository();
    fixture.build();
    let page = fixture.page("corrections/index.html");
    assert!(
        page.texts("ol.corrections-list, ol > li.correction").is_empty(),
        "no ordered list"
    );
    let entries = page.texts("ul.corrections-list > li.correction");
    assert_eq!(entries.len(), 2, "{entries:?}");
    for entry in &entries {
        let first = super::fixture::normalize(entry);
        assert!(
            first.split_whitespace().next().is_some_and(|day| day.ends_with('.')),
            "each entry begins with its date: {first}"
        );
    }
}

/// A correction's reason is Markdown like a note: a cross-reference in it links the claim from
/// the claim page and from the corrections page (each relative to its own folder), and one that
/// names nothing is an error at its place.
#[test]
fn a_cross_reference_in_a_correction_reason_links_from_both_pages_and_a_dangling_one_is_an_error() {
    let fixture = Fixture::new();
    fixture.edit(
        "content/sources/a.yaml",
        "verdict: falsch\n",
        "verdict: falsch\n    corrections:\n      - date: 2024-11-22\n        reason: \"Siehe [die Gegenangabe](claim:ru-putin).\"\n",
    );
    fixture.build();
    let claim = fixture.page("claims/ru-nypost/index.html");
    assert!(
        claim.attrs("a", "href").contains(&"../../claims/ru-putin/".to_owned()),
        "{:?}",
        claim.attrs("a", "href")
    );
    let corrections = fixture.page("corrections/index.html");
    assert!(
        corrections
            .attrs("li.correction a", "href")
            .contains(&"../claims/ru-putin/".to_owned()),
        "{:?}",
        corrections.attrs("li.correction a", "href")
    );

    fixture.edit("content/sources/a.yaml", "(claim:ru-putin)", "(claim:ru-putn)");
    let run = fixture.run(&["check"]);
    let stderr = run.fails();
    let text = fixture.read("content/sources/a.yaml");
    let line = text
        .lines()
        .position(|l| l.contains("claim:ru-putn"))
        .expect("the reason")
        + 1;
    assert!(stderr.contains(&format!("content/sources/a.yaml:{line}:")), "{stderr}");
    assert!(stderr.contains("ru-putn"), "{stderr}");
}
