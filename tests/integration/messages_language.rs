//! Issue "Authoring", item 6: terminal messages in the dossier's UI language. A `language: de`
//! dossier gets German messages, helps, labels and summaries; the same dossier with
//! `language: en` gets English ones; a `dossier.yaml` that cannot be read gives English.

use crate::fixture::{Fixture, SOURCE_A};

/// The fixture (German) or the same dossier with `language: en`.
fn dossier(language: &str) -> Fixture {
    let fixture = Fixture::new();
    fixture.edit("dossier.yaml", "language: de", &format!("language: {language}"));
    fixture
}

/// Applies `(file, from, to)` to the fixture.
fn break_file(fixture: &Fixture, (file, from, to): (&str, &str, &str)) {
    let original = fixture.read(file);
    assert!(original.contains(from), "{file} lacks {from:?}");
    fixture.write(file, &original.replacen(from, to, 1));
}

/// Several broken files at once: a tab, an unquoted colon, a missing field, a wrong type and a
/// reference to a topic that does not exist.
fn break_several(fixture: &Fixture) {
    let tab = SOURCE_A.replacen("id: artikel-a", "id: artikel-tab", 1).replacen(
        "    topic: nk-truppen\n",
        "\ttopic: nk-truppen\n",
        1,
    );
    fixture.write("content/sources/tab.yaml", &tab);
    let colon = SOURCE_A.replacen("id: artikel-a", "id: artikel-colon", 1).replacen(
        "title: \"Nordkorea schickt Soldaten\"",
        "title: Nordkorea: Soldaten",
        1,
    );
    fixture.write("content/sources/colon.yaml", &colon);
    break_file(
        fixture,
        (
            "content/topics.yaml",
            "  question: \"Wie groß ist Russlands Armee?\"\n",
            "",
        ),
    );
    break_file(
        fixture,
        ("content/sources/a.yaml", "value: 11000,", "value: \"elftausend\","),
    );
    break_file(
        fixture,
        (
            "content/sources/b.yaml",
            "    topic: nk-truppen\n",
            "    topic: nk-trupen\n",
        ),
    );
}

#[test]
fn a_german_dossier_gets_german_errors_helps_labels_and_summary() {
    let fixture = dossier("de");
    break_several(&fixture);
    let stderr = fixture.run(&["check"]).fails().to_owned();
    for expected in [
        // The tab.
        "Fehler: eine Einrückung enthält ein Tabulatorzeichen\n  --> content/sources/tab.yaml:",
        "= Hinweis: YAML rückt nur mit Leerzeichen ein: Ersetzen Sie den Tabulator durch Leerzeichen",
        // The unquoted colon.
        "Fehler: dieser Text enthält `: ` (Doppelpunkt und Leerzeichen), was YAML als Beginn eines weiteren Schlüssels liest\n  --> content/sources/colon.yaml:",
        "= Hinweis: Setzen Sie den ganzen Text in doppelte Anführungszeichen",
        // The missing field (its key as written).
        "Fehler: Feld `question` fehlt in Thema `ru-staerke`\n  --> content/topics.yaml:",
        "= Hinweis: Ergänzen Sie `question:` in Thema `ru-staerke`; die Feldreferenz im README nennt, was jedes Feld erwartet",
        // The wrong type.
        "Fehler: `elftausend` ist keine Zahl, bei `value` muss aber eine stehen\n  --> content/sources/a.yaml:",
        // The dangling reference, with the closest id.
        "Fehler: Behauptung `nk-100000-b`: unbekanntes Thema `nk-trupen`\n  --> content/sources/b.yaml:",
        // topics.yaml did not parse: no topic is known.
        "= Hinweis: Legen Sie das Thema in content/topics.yaml an",
        // The summary.
        "5 Fehler, 0 Warnung(en)",
        "Prüfung fehlgeschlagen.",
    ] {
        assert!(stderr.contains(expected), "{expected:?} in:\n{stderr}");
    }
    for english in ["error:", "= help:", "missing field", "define the", "error(s)"] {
        assert!(!stderr.contains(english), "{english:?} in:\n{stderr}");
    }
}

#[test]
fn an_english_dossier_keeps_english_messages() {
    let fixture = dossier("en");
    break_several(&fixture);
    let stderr = fixture.run(&["check"]).fails().to_owned();
    for expected in [
        "error: a tab character is used for indentation\n  --> content/sources/tab.yaml:",
        "= help: YAML indents with spaces only",
        "error: this text contains `: ` (a colon and a space), which YAML reads as the start of another key",
        "error: missing field `question` in topic `ru-staerke`\n  --> content/topics.yaml:",
        "error: `elftausend` is not a number, but `value` must be one",
        "error: claim `nk-100000-b`: unknown topic `nk-trupen`",
        "= help: define the topic in content/topics.yaml",
        "5 error(s), 0 warning(s)",
        "Check failed.",
    ] {
        assert!(stderr.contains(expected), "{expected:?} in:\n{stderr}");
    }
    for german in ["Fehler", "Hinweis", "Legen Sie"] {
        assert!(!stderr.contains(german), "{german:?} in:\n{stderr}");
    }
}

#[test]
fn warnings_coverage_and_build_lines_are_german_with_german_figures() {
    let fixture = dossier("de");
    // A lint warning (no conclusion) and an uncovered sentence (the claim that covered it goes).
    break_file(
        &fixture,
        (
            "content/sources/a.yaml",
            "    conclusion: \"Andere Berichte des Dossiers nennen dieselbe Zahl.\"\n",
            "",
        ),
    );
    let run = fixture.run(&["check"]);
    run.succeeds();
    assert!(
        run.stderr.contains(
            "Warnung: Behauptung `nk-11000` hat keine `conclusion`, ihre Seite zeigt die Bewertung also ohne Begründung"
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("= Hinweis: Ergänzen Sie `conclusion:`"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("0 Fehler, 1 Warnung(en)"), "{}", run.stderr);
    assert!(run.stdout.contains("Abdeckung artikel-a: "), "{}", run.stdout);
    assert!(
        run.stdout.contains("geprüft: keine Fehler, 1 Warnung(en)"),
        "{}",
        run.stdout
    );

    // Coverage: a sentence with a figure and no claim, in German quotation marks.
    let fixture = dossier("de");
    fixture.write(
        "seeds/b.txt",
        "Nordkorea erwägt, bis zu 100.000 Soldaten zu entsenden, schreibt Bloomberg.\n\nDie Armee hat 1.242 Panzer.\n",
    );
    let run = fixture.run(&["check"]);
    run.succeeds();
    assert!(
        run.stderr.contains(
            "Warnung: Satz mit Zahl oder Zitat ist von keiner Behauptung erfasst: „Die Armee hat 1.242 Panzer.“\n  --> seeds/b.txt:3:1"
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("= Hinweis: Annotieren Sie ihn mit `dossier add-claim"),
        "{}",
        run.stderr
    );
    let run = fixture.run(&["build"]);
    run.succeeds();
    assert!(run.stdout.contains(" Seiten erstellt ("), "{}", run.stdout);
    assert!(
        run.stdout.contains(
            "Sätzen mit Zahl oder Zitat sind annotiert; 1 nicht, in 1 Quelle: Einzelheiten zeigt `dossier check`."
        ),
        "{}",
        run.stdout
    );
}

#[test]
fn a_suggested_link_writes_its_figures_with_the_german_figure_formatter() {
    let fixture = dossier("de");
    // Claim b of another article, same measure and origin, without its `same-origin` link.
    break_file(
        &fixture,
        (
            "content/sources/a.yaml",
            "    related:\n      - claim: nk-100000-b\n        relation: same-origin\n",
            "",
        ),
    );
    let run = fixture.run(&["check"]);
    run.succeeds();
    assert!(
        run.stderr.contains(
            "Warnung: Behauptung `nk-100000-b` (bis zu 100.000 Soldaten, Bloomberg) wiederholt wahrscheinlich `nk-100000-a` (bis zu 100.000 Soldaten, Bloomberg) aus einem anderen Artikel"
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("= Hinweis: gehen beide auf eine Meldung zurück (die Thementabelle zählt sie dann einmal)"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_dossier_yaml_that_cannot_be_read_gives_english_messages() {
    let fixture = dossier("de");
    break_file(
        &fixture,
        ("dossier.yaml", "language: de\n", "language: de\n\tbroken: x\n"),
    );
    let stderr = fixture.run(&["check"]).fails().to_owned();
    assert!(
        stderr.contains("error: ") && stderr.contains("\n  --> dossier.yaml:"),
        "{stderr}"
    );
    assert!(stderr.contains("error(s)"), "{stderr}");
    assert!(!stderr.contains("Fehler"), "{stderr}");
}

/// Broken inputs reaching many message sites: the parser, the shape check, the resolver (ids,
/// references, relations, quotes, dates, URLs, constraints), the lint, coverage, pages.
const CORPUS: &[(&str, &str, &str)] = &[
    (
        "content/sources/a.yaml",
        "    topic: nk-truppen\n",
        "\ttopic: nk-truppen\n",
    ),
    (
        "content/sources/a.yaml",
        "title: \"Nordkorea schickt Soldaten\"",
        "title: Nordkorea: Soldaten",
    ),
    (
        "content/sources/a.yaml",
        "    topic: ru-staerke\n    quantity: { value: 500000",
        "    id: zweite\n    topic: ru-staerke\n    quantity: { value: 500000",
    ),
    ("content/sources/a.yaml", "value: 11000,", "value: 11 000,"),
    ("content/sources/a.yaml", "value: 1600000,", "value: \"1,600,000\","),
    (
        "content/sources/a.yaml",
        "    origin: bloomberg\n",
        "    origin: bloomberg\n    via: ny-post\n",
    ),
    ("content/sources/a.yaml", "qualifier: up-to", "qualifier: bis-zu"),
    ("content/sources/a.yaml", "published: 2024-11-18", "published: [2024]"),
    (
        "content/sources/a.yaml",
        "exclude:\n  - lines: 1",
        "exclude:\n  lines: 1",
    ),
    ("content/sources/a.yaml", "outlet: \"Testblatt\"", "outlet: \"Testblatt"),
    ("content/sources/a.yaml", "claims:\n", "claims: x\n"),
    (
        "content/sources/a.yaml",
        "    topic: nk-truppen\n",
        "    topc: nk-truppen\n",
    ),
    (
        "content/sources/a.yaml",
        "    topic: nk-truppen\n",
        "    topic: nk-trupen\n",
    ),
    (
        "content/sources/a.yaml",
        "    origin: article\n",
        "    origin: nirgends\n",
    ),
    (
        "content/sources/a.yaml",
        "    verdict: belegt\n",
        "    verdict: beleg\n",
    ),
    (
        "content/sources/a.yaml",
        "      - claim: nk-100000-b\n",
        "      - claim: nk-999\n",
    ),
    (
        "content/sources/a.yaml",
        "    as_of: 2024-11\n    origin: article",
        "    as_of: 2026-01\n    origin: article",
    ),
    ("content/sources/a.yaml", "measure: entsandt }", "measure: sent }"),
    ("content/sources/a.yaml", "value: 11000,", "value: 12000,"),
    ("content/sources/a.yaml", "value: 11000,", "value: 11.5,"),
    (
        "content/sources/a.yaml",
        "mit knapp 11.000 Soldaten unterstützt",
        "mit 12.000 Soldaten unterstützt",
    ),
    (
        "content/sources/a.yaml",
        "published: 2024-11-18",
        "published: 2024-13-01",
    ),
    (
        "content/sources/a.yaml",
        "url: \"https://example.com/a\"",
        "url: \"example.com/a\"",
    ),
    (
        "content/sources/a.yaml",
        "outlet: \"Testblatt\"",
        "outlet: \"TODO: outlet\"",
    ),
    (
        "content/sources/a.yaml",
        "language: de\nexclude",
        "language: Deutsch\nexclude",
    ),
    ("content/sources/a.yaml", "file: seeds/a.txt", "file: seeds/fehlt.txt"),
    ("content/sources/a.yaml", "id: ru-nypost", "id: nk-11000"),
    ("content/sources/a.yaml", "  - lines: 1", "  - lines: 99"),
    (
        "content/sources/a.yaml",
        "        relation: contradicts\n",
        "        relation: contradicts\n      - claim: ru-putin\n        relation: supports\n",
    ),
    (
        "content/sources/a.yaml",
        "    conclusion: \"Andere Berichte des Dossiers nennen dieselbe Zahl.\"\n",
        "",
    ),
    (
        "content/sources/a.yaml",
        "    related:\n      - claim: nk-100000-b\n        relation: same-origin\n",
        "",
    ),
    ("content/topics.yaml", "- id:", "- idd:"),
    (
        "content/topics.yaml",
        "  question: \"Wie groß ist Russlands Armee?\"\n",
        "",
    ),
    ("content/topics.yaml", "    - id: geplant\n", "    - id: entsandt\n"),
    (
        "content/topics.yaml",
        "  unit: \"Soldaten\"\n  description",
        "  unit: \"Soldaten\"\n  constraints: [\"entsandt <= gepl\"]\n  description",
    ),
    ("content/origins.yaml", "kind: media", "kind: zeitung"),
    ("content/origins.yaml", "- id: ny-post", "- id: article"),
    ("content/pages/methodik.md", "nav: 1", "nav: eins"),
    ("content/pages/methodik.md", "---\ntitle", "title"),
    ("dossier.yaml", "    rating: 2\n", "    rating: gut\n"),
    (
        "dossier.yaml",
        "  url: \"https://example.org/\"",
        "  url: \"example.org\"",
    ),
];

/// Every problem of `check --format json` on the fixture broken by `edit`, in `language`: file,
/// line, column, severity, and message and help.
fn problems(language: &str, edit: (&str, &str, &str)) -> Vec<(String, String, String)> {
    let fixture = dossier(language);
    break_file(&fixture, edit);
    let run = fixture.run(&["check", "--format", "json"]);
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON on stdout");
    report["problems"]
        .as_array()
        .expect("a list of problems")
        .iter()
        .map(|p| {
            let place = format!("{} {} {} {}", p["file"], p["line"], p["column"], p["severity"]);
            let text = |key: &str| p[key].as_str().unwrap_or_default().to_owned();
            (place, text("message"), text("hint"))
        })
        .collect()
}

#[test]
fn no_message_of_a_german_dossier_is_its_english_counterpart() {
    let mut compared = 0;
    for &edit in CORPUS {
        let german = problems("de", edit);
        let english = problems("en", edit);
        assert!(!english.is_empty(), "{edit:?} should be a problem");
        // The machine-readable fields do not depend on the language.
        let places = |list: &[(String, String, String)]| list.iter().map(|p| p.0.clone()).collect::<Vec<_>>();
        let (mut de_places, mut en_places) = (places(&german), places(&english));
        de_places.sort();
        en_places.sort();
        assert_eq!(de_places, en_places, "{edit:?}");
        for (place, message, help) in &english {
            // A forgotten site is the same text in both languages.
            let same_message = german.iter().any(|g| &g.0 == place && &g.1 == message);
            assert!(!same_message, "{edit:?}: untranslated message at {place}: {message}");
            if !help.is_empty() {
                let same_help = german.iter().any(|g| &g.0 == place && &g.2 == help);
                assert!(!same_help, "{edit:?}: untranslated help at {place}: {help}");
            }
            compared += 1;
        }
    }
    assert!(compared >= CORPUS.len(), "{compared} messages compared");
}
