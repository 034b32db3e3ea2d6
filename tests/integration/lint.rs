//! The content lint of `dossier check`: figures against their quotes (read in the source's
//! language), whole counts, `derived` and `wording`, placeholders, language tags, as-of dates,
//! quotes in excluded parts or across line breaks, missing summaries. Each problem is shown with
//! file:line:column.

use crate::fixture::Fixture;

const FILE: &str = "content/sources/c.yaml";

/// The fixture plus a source `c` on `article`, in `language`, with `claims` (YAML list items).
fn with_source(article: &str, language: &str, claims: &str) -> (Fixture, String) {
    // The messages are checked in English (the fixture is German).
    let fixture = Fixture::english();
    let yaml = format!(
        "id: artikel-c\nfile: seeds/c.txt\ntitle: \"Dritter Artikel\"\noutlet: \"Drittblatt\"\npublished: 2024-11-18\nlanguage: {language}\nclaims:\n{claims}"
    );
    fixture.write("seeds/c.txt", article);
    fixture.write(FILE, &yaml);
    (fixture, yaml)
}

/// A claim on topic `nk-truppen`, measure `entsandt` (unit "Soldaten"), with `quantity` fields.
/// Its `as_of` is a year of its own (from its id, before the fixture's figures), so the figures of
/// one test, which differ, are not suggested as contradictions.
fn claim(id: &str, quote: &str, quantity: &str) -> String {
    let year = 1900
        + id.bytes()
            .fold(7u32, |h, b| h.wrapping_mul(31).wrapping_add(u32::from(b)))
            % 120;
    format!(
        "  - id: {id}\n    quote: \"{quote}\"\n    statement: \"Aussage.\"\n    topic: nk-truppen\n    quantity: {{ {quantity}, measure: entsandt }}\n    as_of: {year}\n    origin: article\n    verdict: belegt\n    note: \"Notiz.\"\n    conclusion: \"Schluss.\"\n"
    )
}

/// `file:line:column` of `needle` (its `column_offset`-th character on) in `text`.
fn at(text: &str, needle: &str, column_offset: usize) -> String {
    let offset = text.find(needle).unwrap_or_else(|| panic!("{needle:?} not in text"));
    let line = text[..offset].matches('\n').count() + 1;
    let column = text[..offset].rsplit('\n').next().unwrap_or("").chars().count() + 1 + column_offset;
    format!("{FILE}:{line}:{column}")
}

fn check(fixture: &Fixture, strict: bool) -> (i32, String) {
    let args: &[&str] = if strict { &["check", "--strict"] } else { &["check"] };
    let run = fixture.run(args);
    (run.code, run.stderr)
}

fn assert_has(stderr: &str, parts: &[&str]) {
    for part in parts {
        assert!(stderr.contains(part), "missing {part:?} in:\n{stderr}");
    }
}

#[test]
fn a_german_thousands_point_read_as_a_decimal_is_an_error_that_names_the_reading() {
    let article = "Täglich fallen 1.523 Mann, insgesamt 45.680 Mann.\n";
    let claims = claim("tagesschnitt", "Täglich fallen 1.523 Mann", "value: 1.523")
        + &claim("gesamt", "insgesamt 45.680 Mann", "value: 45680");
    let (fixture, yaml) = with_source(article, "de", &claims);
    let (code, stderr) = check(&fixture, false);
    assert_eq!(code, 1, "{stderr}");
    assert_has(
        &stderr,
        &[
            &at(&yaml, "value: 1.523", 7),
            "claim `tagesschnitt`: value 1.523 (a decimal) is not a number of its quote; the quote says 1.523 (= 1523)",
            "did you mean `value: 1523`?",
            "1 error(s)",
        ],
    );
    assert!(
        !stderr.contains("not a whole number"),
        "one error per figure:\n{stderr}"
    );
    // `build` and the engine behind `serve` report it alike.
    let build = fixture.run(&["build"]);
    assert_eq!(build.code, 1);
    assert_has(&build.stderr, &["value 1.523 (a decimal) is not a number of its quote"]);
    let mut engine =
        dossier::serve::incremental::Engine::new(fixture.root(), dossier::render::RenderOptions::default());
    let Err(served) = engine.rebuild() else {
        panic!("serve shows the error")
    };
    let served = served.render();
    assert_has(&served, &["value 1.523 (a decimal) is not a number of its quote"]);

    // The right reading passes, a transposed one does not.
    fixture.edit(FILE, "value: 1.523", "value: 1523");
    assert_eq!(check(&fixture, true).0, 0);
    fixture.edit(FILE, "value: 1523", "value: 1532");
    let (code, stderr) = check(&fixture, false);
    assert_eq!(code, 1);
    assert_has(
        &stderr,
        &["value 1532 is not a number of its quote; the quote says 1.523 (= 1523)"],
    );
}

#[test]
fn quotes_are_read_in_their_language() {
    let article = "Some 1,523 men and 1.3 million shells, 700 000 troops, two brigades, a dozen generals.\n";
    let claims = claim("men", "Some 1,523 men", "value: 1523")
        + &claim("shells", "1.3 million shells", "value: 1300000")
        + &claim("troops", "700 000 troops", "min: 700000, max: 700000")
        + &claim("brigades", "two brigades", "value: 2")
        + &claim("generals", "a dozen generals", "value: 12");
    let (fixture, yaml) = with_source(article, "en", &claims);
    let (code, stderr) = check(&fixture, true);
    assert_eq!(code, 0, "{stderr}");

    // The same digits in a German source mean something else.
    fixture.write(FILE, &yaml.replace("language: en", "language: de"));
    let (code, stderr) = check(&fixture, false);
    assert_eq!(code, 1);
    assert_has(
        &stderr,
        &[
            &at(&yaml, "value: 1523", 7),
            "value 1523 is not a number of its quote; the quote says 1,523 (= 1.523)",
            "(read as `language: de` writes numbers: a dot groups thousands, a comma marks decimals)",
            &at(&yaml, "value: 1300000", 7),
            "value 1300000 is not a number of its quote; the quote says 1, 3 million (= 3000000)",
        ],
    );
}

#[test]
fn german_forms_match_their_figures() {
    let article = "Es sind knapp 11.000 Soldaten, fast 700\u{202f}000 Mann, 1,3 Millionen Schuss, 2,5 Mrd. Euro, 20 Prozent, zwölf Generäle, ein Dutzend Panzer und die 1000-Tage-Marke.\n";
    let claims = claim("a", "knapp 11.000 Soldaten", "value: 11000, qualifier: about")
        + &claim("b", "fast 700 000 Mann", "value: 700000")
        + &claim("c", "1,3 Millionen Schuss", "value: 1300000")
        + &claim("d", "2,5 Mrd. Euro", "value: 2.5, unit: \"Mrd. Euro\"")
        + &claim("e", "20 Prozent", "value: 20, unit: \"%\"")
        + &claim("f", "zwölf Generäle", "value: 12")
        + &claim("g", "ein Dutzend Panzer", "value: 12")
        + &claim("h", "die 1000-Tage-Marke", "value: 1000, unit: \"Tage\"");
    let (fixture, yaml) = with_source(article, "de", &claims);
    let (code, stderr) = check(&fixture, true);
    assert_eq!(code, 0, "{stderr}");
    // A figure off by one is caught among them.
    fixture.edit(FILE, "value: 11000", "value: 11001");
    let (code, stderr) = check(&fixture, false);
    assert_eq!(code, 1);
    assert_has(
        &stderr,
        &[
            &at(&yaml, "value: 11000", 7),
            "claim `a`: value 11001 is not a number of its quote; the quote says 11.000 (= 11000)",
            "did you mean `value: 11000`?",
        ],
    );
}

#[test]
fn a_count_with_a_fractional_value_is_an_error_unless_its_unit_allows_fractions() {
    let article = "Nordkorea schickte 1,5 Brigaden und 1,6 Millionen Mann.\n";
    let claims = claim("brigaden", "1,5 Brigaden", "value: 1.5")
        + &claim("mio", "1,6 Millionen Mann", "value: 1.6, unit: \"Mio. Soldaten\"");
    let (fixture, yaml) = with_source(article, "de", &claims);
    let (code, stderr) = check(&fixture, false);
    assert_eq!(code, 1);
    assert_has(
        &stderr,
        &[
            &at(&yaml, "value: 1.5", 7),
            "claim `brigaden`: value 1.5 is not a whole number, but it counts Soldaten",
            "a count is a whole number",
            "1 error(s)",
        ],
    );
}

#[test]
fn a_derived_figure_is_exempt_but_needs_its_note() {
    let article = "Erst kamen 11.000 Soldaten, dann weitere 3.000.\n";
    let claims = claim(
        "summe",
        "Erst kamen 11.000 Soldaten, dann weitere 3.000",
        "value: 14000, derived: true",
    );
    let (fixture, yaml) = with_source(article, "de", &claims);
    assert_eq!(check(&fixture, true).0, 0, "{}", check(&fixture, true).1);

    fixture.edit(FILE, "    note: \"Notiz.\"\n", "");
    let (code, stderr) = check(&fixture, false);
    assert_eq!(code, 1);
    assert_has(
        &stderr,
        &[
            &at(&yaml, "value: 14000", 7),
            "claim `summe`: the figure is `derived: true` but there is no note",
        ],
    );

    // Without `derived`, the sum is not in the quote.
    fixture.write(FILE, &yaml.replace(", derived: true", ""));
    let (code, stderr) = check(&fixture, false);
    assert_eq!(code, 1);
    assert_has(
        &stderr,
        &["value 14000 is not a number of its quote; the quote says 11.000 (= 11000), 3.000 (= 3000)"],
    );
}

#[test]
fn a_vague_figure_is_exempt_when_the_quote_has_its_wording() {
    let article = "Nordkorea hat bereits Tausende Soldaten entsandt.\n";
    let claims = claim(
        "tausende",
        "bereits Tausende Soldaten entsandt",
        "value: 2000, qualifier: at-least",
    );
    let (fixture, yaml) = with_source(article, "de", &claims);
    let (code, stderr) = check(&fixture, false);
    assert_eq!(code, 1);
    assert_has(
        &stderr,
        &[
            &at(&yaml, "value: 2000", 7),
            "value 2000 is not a number of its quote; the quote has no number, only the words \"Tausende\"",
            "add `wording: \"Tausende\"` to the quantity",
        ],
    );

    fixture.write(
        FILE,
        &yaml.replace("qualifier: at-least", "qualifier: at-least, wording: \"Tausende\""),
    );
    assert_eq!(check(&fixture, true).0, 0, "{}", check(&fixture, true).1);

    fixture.write(
        FILE,
        &yaml.replace("qualifier: at-least", "qualifier: at-least, wording: \"Zehntausende\""),
    );
    let (code, stderr) = check(&fixture, false);
    assert_eq!(code, 1);
    assert_has(&stderr, &["the wording \"Zehntausende\" is not in the quote"]);
}

#[test]
fn placeholders_left_by_add_source_are_errors() {
    let fixture = Fixture::english();
    let stub = "id: artikel-c\nfile: seeds/c.txt\ntitle: \"TODO: headline\"\noutlet: \"TODO: outlet\"\npublished: 2024  # TODO: no date found in the text\nlanguage: de\nclaims: []\n";
    fixture.write("seeds/c.txt", "Ein Text.\n");
    fixture.write(FILE, stub);
    let (code, stderr) = check(&fixture, true);
    assert_eq!(code, 1, "{stderr}");
    let (code, stderr_plain) = check(&fixture, false);
    assert_eq!(code, 1, "errors without --strict too:\n{stderr_plain}");
    assert_has(
        &stderr,
        &[
            &at(stub, "TODO: headline", 0),
            "`title` still holds the placeholder \"TODO: headline\"",
            &at(stub, "TODO: outlet", 0),
            "`outlet` still holds the placeholder \"TODO: outlet\"",
            &at(stub, "TODO: no date", 0),
            "`published` is marked as not yet confirmed: \"TODO: no date found in the text\"",
            "check `published` against the article, correct it, then delete the comment",
        ],
    );
}

#[test]
fn a_language_that_is_not_a_bcp47_tag_is_an_error() {
    let (fixture, yaml) = with_source("Ein Text.\n", "Deutsch", "  []\n");
    let (code, stderr) = check(&fixture, false);
    assert_eq!(code, 1);
    assert_has(
        &stderr,
        &[
            &at(&yaml, "Deutsch", 0),
            "language `Deutsch` is not a BCP 47 language tag",
            "write `language: de`",
        ],
    );
    fixture.write(FILE, &yaml.replace("language: Deutsch", "language: de_AT"));
    assert_has(&check(&fixture, false).1, &["write `language: de-AT`"]);
    fixture.write(FILE, &yaml.replace("language: Deutsch", "language: de-AT"));
    assert_eq!(check(&fixture, true).0, 0);
}

#[test]
fn as_of_after_the_article_date_is_a_warning() {
    let article = "Es kamen 11.000 Soldaten.\n";
    // The helper's own `as_of` (a year of its own) replaced by one after the article's date.
    let claims: String = claim("spaet", "Es kamen 11.000 Soldaten", "value: 11000")
        .lines()
        .map(|line| {
            if line.starts_with("    as_of: ") {
                "    as_of: 2025-03".to_owned()
            } else {
                line.to_owned()
            }
        })
        .map(|line| line + "\n")
        .collect();
    let (fixture, yaml) = with_source(article, "de", &claims);
    let (code, stderr) = check(&fixture, false);
    assert_eq!(code, 0, "a warning only:\n{stderr}");
    assert_has(
        &stderr,
        &[
            &at(&yaml, "2025-03", 0),
            "warning: claim `spaet`: as_of 2025-03 is after the article's date (2024-11-18)",
        ],
    );
    assert_eq!(check(&fixture, true).0, 1, "an error with --strict");
    // The same month is not after.
    fixture.edit(FILE, "as_of: 2025-03", "as_of: 2024-11");
    assert_eq!(check(&fixture, true).0, 0);
}

#[test]
fn a_quote_in_an_excluded_part_says_so() {
    let fixture = Fixture::english();
    let yaml = crate::fixture::SOURCE_A.replace(
        "claims:\n",
        "claims:\n  - id: titel\n    quote: \"Titelzeile des Artikels\"\n    statement: \"Titel.\"\n    topic: nk-truppen\n    origin: article\n    verdict: belegt\n",
    );
    fixture.write("content/sources/a.yaml", &yaml);
    let (code, stderr) = check(&fixture, false);
    assert_eq!(code, 1);
    let quote_at = {
        let offset = yaml.find("quote: \"Titelzeile").expect("quote") + "quote: ".len();
        let line = yaml[..offset].matches('\n').count() + 1;
        format!("content/sources/a.yaml:{line}:12")
    };
    assert_has(
        &stderr,
        &[
            &quote_at,
            "claim `titel`: quote is in a part of the article that is excluded from its body (seeds/a.txt:1:1)",
            "the `exclude` entry at content/sources/a.yaml:9:12 cuts out lines 1 (\"Titelzeile\")",
        ],
    );
    assert!(!stderr.contains("not found"), "{stderr}");
}

#[test]
fn a_quote_across_a_line_break_in_lines_mode_suggests_blank_lines() {
    let article = "Nordkorea hat nach Angaben des Geheimdienstes\nbereits 11.000 Soldaten entsandt.\n";
    let claims = claim(
        "umbruch",
        "nach Angaben des Geheimdienstes bereits 11.000 Soldaten",
        "value: 11000",
    );
    let (fixture, yaml) = with_source(article, "de", &claims);
    let yaml = yaml.replace("language: de\n", "language: de\nparagraphs: lines\n");
    fixture.write(FILE, &yaml);
    let (code, stderr) = check(&fixture, false);
    assert_eq!(code, 1);
    assert_has(
        &stderr,
        &[
            &at(&yaml, "\"nach Angaben", 0),
            "claim `umbruch`: quote crosses a line break (seeds/c.txt:1:46), and with `paragraphs: lines` every line is a paragraph",
            "set `paragraphs: blank-lines` on this source",
        ],
    );
    fixture.write(FILE, &yaml.replace("paragraphs: lines", "paragraphs: blank-lines"));
    assert_eq!(check(&fixture, true).0, 0);
}

#[test]
fn a_long_statement_without_summary_is_a_warning_and_an_error_when_strict() {
    let article = "Es kamen 11.000 Soldaten.\n";
    let long =
        "Nordkorea hat nach Angaben des Artikels bereits 11.000 Soldaten nach Russland entsandt, die dort kämpfen.";
    let claims = claim("lang", "Es kamen 11.000 Soldaten", "value: 11000").replace("Aussage.", long);
    let (fixture, yaml) = with_source(article, "de", &claims);
    let (code, stderr) = check(&fixture, false);
    assert_eq!(code, 0, "{stderr}");
    assert_has(
        &stderr,
        &[
            &at(&yaml, "lang\n", 0),
            "warning: claim `lang`: the statement has 104 characters and no `summary`",
            "add `summary:`",
        ],
    );
    let (code, stderr) = check(&fixture, true);
    assert_eq!(code, 1);
    assert_has(&stderr, &["error: claim `lang`: the statement has 104 characters"]);
}

#[test]
fn a_file_of_many_placeholders_lists_the_first_twenty_and_counts_the_rest() {
    // Each error copies its line: a file of a million `TODO`s made a million copies of it.
    let fixture = Fixture::english();
    let stub = format!(
        "id: artikel-c\nfile: seeds/c.txt\ntitle: \"Titel\"\noutlet: \"Blatt\"\npublished: 2024  #{}\nlanguage: de\nclaims: []\n",
        " TODO".repeat(25)
    );
    fixture.write("seeds/c.txt", "Ein Text.\n");
    fixture.write(FILE, &stub);
    let (code, stderr) = check(&fixture, false);
    assert_eq!(code, 1, "{stderr}");
    assert_eq!(stderr.matches("is marked as not yet confirmed").count(), 20, "{stderr}");
    let twenty_first = stub.match_indices("TODO").nth(20).map(|(i, _)| i).unwrap_or(0);
    let column = stub[..twenty_first].rsplit('\n').next().unwrap_or("").chars().count() + 1;
    assert_has(
        &stderr,
        &[
            &format!("{FILE}:5:{column}"),
            "5 more placeholders \"TODO\" in this file from here on",
        ],
    );
}

/// An article whose text no longer has its source's recorded `text_sha256:` gets a warning at
/// that field (not an error: the build goes on) that points to `dossier verify`.
#[test]
fn an_article_changed_since_its_hash_was_recorded_is_a_warning_at_the_hash() {
    let fixture = Fixture::english();
    let hash = dossier::ingest::sha256_hex(crate::fixture::ARTICLE.as_bytes());
    fixture.edit(
        "content/sources/a.yaml",
        "file: seeds/a.txt\n",
        &format!("file: seeds/a.txt\ntext_sha256: {hash}  # of seeds/a.txt as add-source wrote it\n"),
    );
    let clean = fixture.run(&["check"]);
    clean.succeeds();
    assert!(
        !clean.stderr.contains("changed since it was recorded"),
        "{}",
        clean.stderr
    );

    fixture.write(
        "seeds/a.txt",
        &format!("{}Ein angehängter Satz ohne Zahl.\n", crate::fixture::ARTICLE),
    );
    let changed = fixture.run(&["check"]);
    changed.succeeds();
    assert!(
        changed
            .stderr
            .contains("the article `seeds/a.txt` changed since it was recorded: text_sha256 says"),
        "{}",
        changed.stderr
    );
    assert!(
        changed.stderr.contains("content/sources/a.yaml:3:14"),
        "{}",
        changed.stderr
    );
    assert!(changed.stderr.contains("dossier verify"), "{}", changed.stderr);
    fixture.build();
}
