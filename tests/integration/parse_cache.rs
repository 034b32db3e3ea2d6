//! The parse cache (`.NAME.cache/parsed` beside the output): real `dossier build` and
//! `dossier check` processes. A build writes it; later builds and checks take unchanged source
//! files from it and give exactly what a fresh parse gives (output, problems, their lines and
//! columns); an edited file is parsed anew; a damaged or foreign cache is ignored.

use std::path::PathBuf;

use dossier::generate::{GenerateOptions, write_dossier};

use crate::fixture::{Fixture, tree};

const FIRST_SOURCE: &str = "content/sources/00000.yaml";
const SECOND_SOURCE: &str = "content/sources/00001.yaml";

/// A generated dossier of 8 sources, one of them with a warning located by a span (a text hash
/// that does not match its article).
fn generated() -> Fixture {
    let fixture = Fixture::empty();
    write_dossier(fixture.root(), &GenerateOptions { sources: 8, seed: 5 }).expect("generate");
    let text = fixture.read(SECOND_SOURCE);
    let text = text.replacen("\nlanguage: de\n", "\nlanguage: de\ntext_sha256: \"00\"\n", 1);
    fixture.write(SECOND_SOURCE, &text);
    fixture
}

/// The parse cache of a build into `ROOT/public`.
fn parse_cache(fixture: &Fixture) -> PathBuf {
    fixture.root().join(".public.cache").join("parsed")
}

/// `dossier check --format json`: every problem with its line and column, and the coverage.
fn check_json(fixture: &Fixture) -> (i32, String) {
    let run = fixture.run(&["check", "--format", "json"]);
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    (run.code, run.stdout)
}

/// `check --format json` without any parse cache (the cache file moved away and back).
fn check_json_fresh(fixture: &Fixture) -> (i32, String) {
    let file = parse_cache(fixture);
    let aside = fixture.root().join("parsed.aside");
    let had = std::fs::rename(&file, &aside).is_ok();
    let fresh = check_json(fixture);
    if had {
        std::fs::rename(&aside, &file).unwrap();
    }
    fresh
}

/// Builds into a fresh folder with `--no-cache` (no cache read): the reference output.
fn clean_build(fixture: &Fixture) -> (tempfile::TempDir, std::collections::BTreeMap<String, Vec<u8>>) {
    let clean = tempfile::tempdir().expect("temp dir");
    let output = clean.path().join("site");
    let output_arg = output.to_string_lossy().into_owned();
    fixture
        .run(&["build", "--no-cache", "--output", &output_arg])
        .succeeds();
    let files = tree(&output);
    (clean, files)
}

/// Asserts that the output in `ROOT/public` is byte for byte a clean build's.
fn assert_output_is_clean(fixture: &Fixture, what: &str) {
    let (_clean, clean) = clean_build(fixture);
    let built = tree(&fixture.root().join("public"));
    assert_eq!(
        built.keys().collect::<Vec<_>>(),
        clean.keys().collect::<Vec<_>>(),
        "{what}: other files"
    );
    for (path, bytes) in &built {
        assert!(clean[path] == *bytes, "{what}: {path} differs from a clean build");
    }
}

#[test]
fn builds_and_checks_with_the_parse_cache_equal_fresh_parses() {
    let fixture = generated();
    fixture.build();
    let file = parse_cache(&fixture);
    let written = std::fs::read(&file).expect("the build wrote the parse cache");
    assert!(written.starts_with(b"dossier parse cache\n"));

    // Unchanged files: the check with the cache reports exactly what a fresh parse does (the
    // span-located warning included), and writes nothing.
    let before = tree(fixture.root());
    let (code, cached) = check_json(&fixture);
    assert_eq!(code, 0, "{cached}");
    assert!(cached.contains("\"file\": \"content/sources/00001.yaml\""), "{cached}");
    assert_eq!(tree(fixture.root()), before, "check wrote something");
    assert_eq!((code, cached), check_json_fresh(&fixture));

    // A second build with the cache: the same site as a clean build, the same cache.
    fixture.build();
    assert_output_is_clean(&fixture, "unchanged");
    assert_eq!(
        std::fs::read(&file).unwrap(),
        written,
        "an unchanged dossier, the same cache"
    );
}

#[test]
fn an_edited_file_is_parsed_anew() {
    let fixture = generated();
    fixture.build();
    let original = fixture.read(FIRST_SOURCE);

    // Every line moves down two, and the first claim's verdict is one the dossier lacks: a
    // stale parse would report nothing, or the old line.
    let verdict_at = original.find("\n    verdict: ").expect("a verdict") + 1;
    let verdict_line = original[..verdict_at].lines().count() + 1 + 2;
    let broken = original.replacen("\n    verdict: ", "\n    verdict: keine-solche-", 1);
    fixture.write(FIRST_SOURCE, &format!("# bearbeitet\n# zweimal\n{broken}"));
    let (code, cached) = check_json(&fixture);
    assert_eq!(code, 1, "{cached}");
    let located = format!("\"file\": \"{FIRST_SOURCE}\",\n      \"line\": {verdict_line},");
    assert!(cached.contains(&located), "no error at line {verdict_line}:\n{cached}");
    assert_eq!((code, cached), check_json_fresh(&fixture));

    // A valid edit that moves every line: the build shows it, as a clean build does.
    let statement_at = original.find("\n    statement: ").expect("a statement") + "\n    statement: ".len();
    let mut edited = format!("# bearbeitet\n{original}");
    edited.insert_str(statement_at + "# bearbeitet\n".len() + 1, "Neu geprüft: ");
    fixture.write(FIRST_SOURCE, &edited);
    fixture.build();
    assert_output_is_clean(&fixture, "edited");
    let site = tree(&fixture.root().join("public"));
    assert!(
        site.values()
            .any(|bytes| String::from_utf8_lossy(bytes).contains("Neu geprüft: ")),
        "the edit is in the site"
    );
    let (code, cached) = check_json(&fixture);
    assert_eq!((code, cached), check_json_fresh(&fixture));
}

#[test]
fn a_damaged_or_foreign_parse_cache_is_ignored() {
    let fixture = generated();
    fixture.build();
    let file = parse_cache(&fixture);
    let good = std::fs::read(&file).unwrap();
    let reference = check_json_fresh(&fixture);
    let version = format!(" {} ", env!("CARGO_PKG_VERSION"));
    let at = good
        .windows(version.len())
        .position(|w| w == version.as_bytes())
        .expect("version");
    let mut foreign = good.clone();
    foreign[at + 1..at + version.len() - 1].copy_from_slice(&b"9.9.9.9.9.9.9"[..version.len() - 2]);
    let mut flipped = good.clone();
    for byte in flipped.iter_mut().rev().take(200).step_by(7) {
        *byte ^= 0x55;
    }
    let damages: [(&str, Vec<u8>); 4] = [
        ("garbage", b"\x00\xffnot a cache at all".to_vec()),
        ("truncated", good[..good.len() / 2].to_vec()),
        ("another version", foreign),
        ("damaged entries", flipped),
    ];
    for (what, bytes) in damages {
        std::fs::write(&file, &bytes).unwrap();
        assert_eq!(check_json(&fixture), reference, "check with a cache {what}");
        // Without the build cache's record, the build of the same inputs runs (with it, the
        // build would replay the last one and write nothing, this cache included).
        std::fs::remove_file(fixture.path(".public.cache/pages")).unwrap();
        fixture.build();
        assert_output_is_clean(&fixture, what);
        assert_eq!(
            std::fs::read(&file).unwrap(),
            good,
            "{what}: the build writes a good cache"
        );
    }
    // A folder where the file belongs: ignored; the build still succeeds.
    std::fs::remove_file(&file).unwrap();
    std::fs::create_dir(&file).unwrap();
    assert_eq!(check_json(&fixture), reference, "check with a folder for a cache");
    fixture.build();
    assert_output_is_clean(&fixture, "a folder");
}
