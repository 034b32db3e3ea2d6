//! `dossier check` and `build` on broken fixtures: every problem reported at once, each with
//! file, line, column, what is wrong and a hint; exit code 1.

use crate::fixture::Fixture;

/// Runs `check`, asserts exit code 1, returns stderr.
fn check_fails(fixture: &Fixture) -> String {
    let run = fixture.run(&["check"]);
    assert_eq!(run.code, 1, "expected content errors:\n{}\n{}", run.stdout, run.stderr);
    run.stderr
}

/// The 1-based line and column of `needle` in `text`.
fn position_of(text: &str, needle: &str) -> (usize, usize) {
    let offset = text.find(needle).unwrap_or_else(|| panic!("{needle:?} not in text"));
    let line = text[..offset].matches('\n').count() + 1;
    let column = text[..offset].rsplit('\n').next().unwrap().chars().count() + 1;
    (line, column)
}

#[test]
fn the_good_fixture_checks_clean() {
    let fixture = Fixture::new();
    let run = fixture.run(&["check"]);
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    assert!(run.stdout.contains("Abdeckung artikel-a:"), "{}", run.stdout);
    assert!(!fixture.path("public").exists(), "check writes nothing");
}

#[test]
fn unknown_keys_are_errors_with_location() {
    let fixture = Fixture::english();
    fixture.edit(
        "content/sources/a.yaml",
        "    statement: \"Nordkorea hat",
        "    statment: \"Nordkorea hat",
    );
    let stderr = check_fails(&fixture);
    let (line, _) = position_of(&fixture.read("content/sources/a.yaml"), "statment");
    assert!(stderr.contains(&format!("content/sources/a.yaml:{line}:")), "{stderr}");
    assert!(stderr.contains("unknown field `statment`"), "{stderr}");
    assert!(stderr.contains("did you mean `statement`?"), "{stderr}");
}

#[test]
fn every_reference_problem_is_reported_at_once_with_locations_and_hints() {
    let fixture = Fixture::english();
    let source = crate::fixture::SOURCE_A
        .replace(
            "topic: ru-staerke\n    quantity: { value: 1600000",
            "topic: ru-starke\n    quantity: { value: 1600000",
        )
        .replace("origin: ny-post", "origin: nypost")
        .replace("verdict: falsch", "verdict: wahr")
        .replace("claim: nk-100000-b", "claim: nk-100000-c")
        .replace(
            "as_of: 2024-11\n    origin: article",
            "as_of: 2024-13\n    origin: article",
        )
        .replace("measure: entsandt", "measure: entsendet");
    fixture.write("content/sources/a.yaml", &source);
    let stderr = check_fails(&fixture);
    let expectations = [
        (
            "topic: ru-starke",
            "unknown topic `ru-starke`",
            "did you mean `ru-staerke`?",
        ),
        ("origin: nypost", "unknown origin `nypost`", "did you mean `ny-post`?"),
        (
            "verdict: wahr",
            "unknown verdict `wahr`",
            "verdicts are defined in the `verdicts` of dossier.yaml; known: belegt, falsch, unbelegt",
        ),
        (
            "claim: nk-100000-c",
            "related claim `nk-100000-c` does not exist",
            "did you mean `nk-100000-b`?",
        ),
        ("as_of: 2024-13", "invalid date: month 13 does not exist", "YYYY-MM-DD"),
        (
            "measure: entsendet",
            "has no measure `entsendet`",
            "did you mean `entsandt`?",
        ),
    ];
    for (needle, message, hint) in expectations {
        let (line, column) = position_of(&source, needle);
        let value_column = column + needle.find(": ").unwrap() + 2;
        let location = format!("content/sources/a.yaml:{line}:{value_column}");
        assert!(
            stderr.contains(&location),
            "missing location {location} for {message}:\n{stderr}"
        );
        assert!(stderr.contains(message), "missing {message:?}:\n{stderr}");
        assert!(stderr.contains(hint), "missing hint {hint:?}:\n{stderr}");
    }
    assert!(stderr.contains("6 error(s)"), "{stderr}");
    // The offending line is shown with a marker.
    assert!(
        stderr.contains("| ^") || stderr.contains("|     ^") || stderr.contains('^'),
        "{stderr}"
    );
}

#[test]
fn quote_not_found_names_the_closest_passage() {
    let fixture = Fixture::english();
    fixture.edit(
        "content/sources/a.yaml",
        "mit knapp 11.000 Soldaten unterstützt",
        "mit knapp 12.000 Soldaten unterstützt",
    );
    let stderr = check_fails(&fixture);
    assert!(
        stderr.contains("claim `nk-11000`: quote not found in seeds/a.txt"),
        "{stderr}"
    );
    assert!(stderr.contains("closest passage (seeds/a.txt:3:"), "{stderr}");
    assert!(stderr.contains("11.000 Soldaten unterstützt"), "{stderr}");
}

#[test]
fn ambiguous_quotes_list_the_places_unless_a_prefix_picks_one() {
    let fixture = Fixture::english();
    fixture.edit(
        "content/sources/a.yaml",
        "quote: \"hatte Russland etwa 500.000 aktive Soldaten\"",
        "quote: \"Soldaten\"",
    );
    let stderr = check_fails(&fixture);
    assert!(
        stderr.contains("claim `ru-nypost`: quote occurs 3 times in seeds/a.txt"),
        "{stderr}"
    );
    assert!(
        !stderr.contains("related claim `ru-nypost` does not exist"),
        "no follow-up errors for a claim that has its own: {stderr}"
    );
    assert!(stderr.contains("seeds/a.txt:3:"), "{stderr}");
    fixture.edit(
        "content/sources/a.yaml",
        "quote: \"Soldaten\"",
        "quote: \"Soldaten\"\n    prefix: \"etwa 500.000 aktive\"",
    );
    // The prefix picks one place; what is left is that the quote lacks the claim's figure.
    let stderr = check_fails(&fixture);
    assert!(!stderr.contains("occurs"), "{stderr}");
    assert!(
        stderr.contains("claim `ru-nypost`: value 500000 is not a number of its quote")
            && stderr.contains("1 error(s)"),
        "{stderr}"
    );
}

#[test]
fn ids_must_be_unique_and_url_safe() {
    let fixture = Fixture::english();
    fixture.edit("content/sources/b.yaml", "id: nk-100000-b", "id: nk-11000");
    fixture.edit("content/sources/a.yaml", "id: ru-putin", "id: ../ru putin");
    fixture.edit("content/sources/a.yaml", "claim: ru-nypost", "claim: ru-nypost");
    let stderr = check_fails(&fixture);
    assert!(stderr.contains("duplicate claim id `nk-11000`"), "{stderr}");
    assert!(stderr.contains("claim id `../ru putin` is not URL-safe"), "{stderr}");
    assert!(stderr.contains("e.g. `ru-putin`"), "{stderr}");
}

#[test]
fn missing_seed_files_and_paths_outside_seeds() {
    let fixture = Fixture::english();
    fixture.edit("content/sources/a.yaml", "file: seeds/a.txt", "file: seeds/aa.txt");
    fixture.edit("content/sources/b.yaml", "file: seeds/b.txt", "file: ../../etc/passwd");
    let stderr = check_fails(&fixture);
    assert!(
        stderr.contains("article file `seeds/aa.txt` does not exist"),
        "{stderr}"
    );
    assert!(stderr.contains("did you mean `seeds/a.txt`?"), "{stderr}");
    assert!(
        stderr.contains("article file `../../etc/passwd` is not inside seeds/"),
        "{stderr}"
    );
    assert!(stderr.contains("content/sources/b.yaml:2:7"), "{stderr}");
}

#[test]
fn yaml_syntax_errors_and_invalid_utf8_are_located() {
    let fixture = Fixture::english();
    fixture.write("content/topics.yaml", "- id: a\n  title: [unclosed\n");
    std::fs::write(fixture.path("content/origins.yaml"), b"- id: \xff\xfe\n").unwrap();
    let stderr = check_fails(&fixture);
    assert!(stderr.contains("content/topics.yaml:"), "{stderr}");
    assert!(stderr.contains("content/origins.yaml"), "{stderr}");
    assert!(stderr.contains("is not UTF-8 text"), "{stderr}");
}

#[test]
fn a_folder_without_dossier_yaml_or_a_missing_folder_is_a_usage_error() {
    let fixture = Fixture::empty();
    // `serve` and `add-source` take the folder through the same check (`RootArg::folder`).
    for command in ["check", "build"] {
        let run = fixture.run(&[command]);
        let stderr = run.usage_error();
        assert!(stderr.contains("no dossier.yaml"), "{command}: {stderr}");
        assert!(stderr.contains("dossier init"), "{command}: {stderr}");
        assert!(!stderr.contains("previous output"), "{command}: {stderr}");
    }
    assert!(!fixture.path("public").exists(), "nothing written");
    let run = fixture.run(&["check", "--root", "/no/such/folder"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    let run = fixture.run(&["build", "--no-such-flag"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
}
