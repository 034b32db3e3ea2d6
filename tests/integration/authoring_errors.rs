//! Issue "Authoring", items 1 and 2: every problem of a file in one run, each at its own line
//! and column, and parser messages in the annotator's words (never a library's).

use crate::fixture::{Fixture, SOURCE_A, SOURCE_B};

/// `(line, column)` of the `nth` (0-based) occurrence of `needle` in `text`, 1-based.
fn position_of(text: &str, needle: &str, nth: usize) -> (usize, usize) {
    let offset = text
        .match_indices(needle)
        .nth(nth)
        .unwrap_or_else(|| panic!("{needle:?} not in text"))
        .0;
    let line = text[..offset].matches('\n').count() + 1;
    let column = text[..offset].rsplit('\n').next().unwrap_or("").chars().count() + 1;
    (line, column)
}

fn check_stderr(fixture: &Fixture) -> String {
    fixture.run(&["check"]).fails().to_owned()
}

#[test]
fn four_missing_or_misspelt_fields_are_four_errors_in_one_run() {
    let fixture = Fixture::english();
    let broken = SOURCE_A
        .replacen(
            "    statement: \"Nordkorea hat Russland mit knapp 11.000 Soldaten unterstützt.\"\n",
            "",
            1,
        )
        .replacen("    topic: nk-truppen\n", "", 1)
        .replacen("    origin: article\n", "    orgin: article\n", 1)
        .replacen("    verdict: belegt\n", "    verdikt: belegt\n", 1);
    fixture.write("content/sources/a.yaml", &broken);
    let stderr = check_stderr(&fixture);
    let claim = position_of(&broken, "id: nk-11000", 0);
    for field in ["statement", "topic"] {
        assert!(
            stderr.contains(&format!(
                "error: missing field `{field}` in claim `nk-11000`\n  --> content/sources/a.yaml:{}:{}",
                claim.0, claim.1
            )),
            "{field}: {stderr}"
        );
    }
    for (wrong, right) in [("orgin", "origin"), ("verdikt", "verdict")] {
        let (line, column) = position_of(&broken, wrong, 0);
        assert!(
            stderr.contains(&format!(
                "error: unknown field `{wrong}` in claim `nk-11000`\n  --> content/sources/a.yaml:{line}:{column}"
            )),
            "{wrong}: {stderr}"
        );
        assert!(stderr.contains(&format!("did you mean `{right}`?")), "{stderr}");
    }
    assert!(stderr.contains("4 error(s)"), "exactly these four: {stderr}");
}

#[test]
fn a_misindented_key_points_at_itself() {
    let fixture = Fixture::english();
    // `as_of` indented under `quantity`: an unknown key of the quantity, at its own line.
    let broken = SOURCE_A.replacen(
        "    quantity: { value: 1600000, measure: aktiv }\n    as_of: 2024-11\n",
        "    quantity:\n      value: 1600000\n      measure: aktiv\n      as_of: 2024-11\n",
        1,
    );
    fixture.write("content/sources/a.yaml", &broken);
    let stderr = check_stderr(&fixture);
    let (line, column) = position_of(&broken, "as_of: 2024-11", 1);
    assert!(
        stderr.contains(&format!(
            "unknown field `as_of` in `quantity`\n  --> content/sources/a.yaml:{line}:{column}"
        )),
        "{stderr}"
    );
    assert!(stderr.contains("`as_of` belongs one level up"), "{stderr}");
    assert!(!stderr.contains("missing field"), "{stderr}");

    // A key indented one space too far: the error is at that key, not at a neighbour.
    let broken = SOURCE_A.replacen("    topic: nk-truppen\n", "     topic: nk-truppen\n", 1);
    fixture.write("content/sources/a.yaml", &broken);
    let stderr = check_stderr(&fixture);
    let (line, _) = position_of(&broken, "     topic: nk-truppen", 0);
    assert!(
        stderr.contains(&format!(
            "this line is not indented like its neighbours\n  --> content/sources/a.yaml:{line}:6"
        )),
        "{stderr}"
    );
}

#[test]
fn one_unparseable_file_causes_no_false_missing_claim_elsewhere() {
    let fixture = Fixture::english();
    // Source b holds `nk-100000-b`, which source a links to. Break b twice over: not even YAML,
    // then YAML of the wrong shape.
    for broken in [
        SOURCE_B.replacen(
            "title: \"Bloomberg: bis zu 100.000\"",
            "title: Bloomberg: bis zu 100.000",
            1,
        ),
        SOURCE_B.replacen("language: de\n", "", 1),
    ] {
        fixture.write("content/sources/b.yaml", &broken);
        let stderr = check_stderr(&fixture);
        assert!(stderr.contains("content/sources/b.yaml:"), "{stderr}");
        assert!(!stderr.contains("does not exist"), "{stderr}");
        assert!(!stderr.contains("content/sources/a.yaml"), "{stderr}");
    }
}

#[test]
fn a_source_file_of_the_wrong_shape_gives_its_own_error_and_none_elsewhere() {
    // Each source file of the example in turn gets a field no source has. Before, the file's
    // source was unknown to the rest: every page and note linking `source:ID` to it got an
    // error ("aber das gibt es nicht"), and a claim whose second origin is in that file broke
    // its verdict's rule of two independent origins.
    let fixture = crate::authoring::example_copy();
    let sources: Vec<String> = std::fs::read_dir(fixture.path("content/sources"))
        .unwrap()
        .map(|entry| format!("content/sources/{}", entry.unwrap().file_name().to_string_lossy()))
        .collect();
    assert_eq!(sources.len(), 5);
    for source in &sources {
        let text = fixture.read(source);
        fixture.write(source, &text.replacen("\nclaims:\n", "\nbewertung: 1\nclaims:\n", 1));
        let stderr = check_stderr(&fixture);
        let errors: Vec<&str> = stderr.lines().filter(|line| line.starts_with("Fehler:")).collect();
        assert_eq!(
            errors,
            ["Fehler: unbekanntes Feld `bewertung` in der Quelle"],
            "{source}:\n{stderr}"
        );
        for location in stderr.lines().filter(|line| line.trim_start().starts_with("--> ")) {
            assert!(location.contains(source.as_str()), "{source}: {location}\n{stderr}");
        }
        fixture.write(source, &text);
    }
}

/// Broken inputs an annotator makes, each with a word its message or help must contain.
const CORPUS: &[(&str, &str, &str, &str)] = &[
    // (file, from, to, expected word)
    (
        "content/sources/a.yaml",
        "    topic: nk-truppen\n",
        "\ttopic: nk-truppen\n",
        "tab",
    ),
    (
        "content/sources/a.yaml",
        "title: \"Nordkorea schickt Soldaten\"",
        "title: Nordkorea: Soldaten",
        "double quotes",
    ),
    (
        "content/sources/a.yaml",
        "    topic: ru-staerke\n    quantity: { value: 500000",
        "    id: zweite\n    topic: ru-staerke\n    quantity: { value: 500000",
        "`- `",
    ),
    ("content/sources/a.yaml", "value: 11000,", "value: 11 000,", "`11000`"),
    (
        "content/sources/a.yaml",
        "value: 1600000,",
        "value: \"1,600,000\",",
        "`1600000`",
    ),
    (
        "content/sources/a.yaml",
        "    origin: bloomberg\n",
        "    origin: bloomberg\n    via: ny-post\n",
        "list",
    ),
    (
        "content/sources/a.yaml",
        "qualifier: up-to",
        "qualifier: bis-zu",
        "`up-to`",
    ),
    (
        "content/sources/a.yaml",
        "published: 2024-11-18",
        "published: [2024]",
        "2024-11-18",
    ),
    (
        "content/sources/a.yaml",
        "exclude:\n  - lines: 1",
        "exclude:\n  lines: 1",
        "list",
    ),
    (
        "content/sources/a.yaml",
        "    verdict: belegt\n",
        "    verdict: belegt\n    verdict: falsch\n",
        "twice",
    ),
    (
        "content/sources/a.yaml",
        "outlet: \"Testblatt\"",
        "outlet: \"Testblatt",
        "missing on a line above",
    ),
    ("content/sources/a.yaml", "claims:\n", "claims: x\n", "list"),
    ("dossier.yaml", "language:", "langauge:", "did you mean `language`?"),
    ("content/topics.yaml", "- id:", "- idd:", "`id`"),
    ("content/origins.yaml", "kind: media", "kind: zeitung", "`media`"),
    ("content/pages/methodik.md", "nav: 1", "nav: eins", "number"),
];

#[test]
fn broken_files_get_plain_messages_without_library_internals() {
    let fixture = Fixture::english();
    let forbidden = [
        "serde",
        "saphyr",
        "Options",
        "DuplicateKeyPolicy",
        "f64",
        "i64",
        "u64",
        "usize",
        "String",
        "Vec<",
        "Option<",
        "Spanned",
        "struct ",
        "variant",
        "invalid type",
        "ScanError",
        "Marker",
    ];
    for (file, from, to, expected) in CORPUS {
        let original = fixture.read(file);
        assert!(original.contains(from), "{file} lacks {from:?}");
        fixture.write(file, &original.replacen(from, to, 1));
        let stderr = check_stderr(&fixture);
        fixture.write(file, &original);
        assert!(
            stderr.contains(&format!("{file}:")),
            "{to:?} is located in {file}: {stderr}"
        );
        assert!(stderr.contains(expected), "{to:?} should say {expected:?}: {stderr}");
        for word in forbidden {
            assert!(!stderr.contains(word), "{to:?}: message mentions {word:?}: {stderr}");
        }
    }
}
