//! `dossier verify`: an article edited so that one quote is unchanged, one moved, one changed
//! and one gone; an untouched dossier; fresh copies with `--against`; usage errors.

use sha2::Digest as _;

use super::fixture::{ARTICLE, Fixture, SECOND_ARTICLE};

fn sha256(text: &str) -> String {
    sha2::Sha256::digest(text.as_bytes())
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

/// The fixture with the articles' hashes recorded.
fn recorded() -> Fixture {
    let fixture = Fixture::new();
    for (source, article) in [("a", ARTICLE), ("b", SECOND_ARTICLE)] {
        let path = format!("content/sources/{source}.yaml");
        fixture.edit(
            &path,
            "language: de\n",
            &format!("language: de\ntext_sha256: {}\n", sha256(article)),
        );
    }
    fixture
}

/// The article of source a, edited: `nk-11000` before every edit (unchanged), "bis zu" dropped
/// from `nk-100000-a` (changed), `ru-putin` after that edit (moved), the New York Post sentence
/// replaced (`ru-nypost` gone).
fn edited_article() -> String {
    let edited = ARTICLE
        .replace("dass Nordkorea bis zu 100.000", "dass Nordkorea 100.000")
        .replace(
            "Laut der „New York Post“ hatte Russland etwa 500.000 aktive Soldaten.",
            "Weitere Zahlen nennt der Bericht nicht.",
        );
    assert_ne!(edited, ARTICLE);
    edited
}

/// `file:LINE:COLUMN` of the value of the line of `file` that starts with `line_start`
/// (after indentation).
fn place(fixture: &Fixture, file: &str, line_start: &str) -> String {
    let text = fixture.read(file);
    let (index, line) = text
        .lines()
        .enumerate()
        .find(|(_, line)| line.trim_start().starts_with(line_start))
        .unwrap_or_else(|| panic!("{file} has no line starting with {line_start}"));
    let column = line.find(": ").expect("a key") + 3;
    format!("{file}:{}:{column}", index + 1)
}

/// The line of the report about one claim.
fn line_of<'a>(stdout: &'a str, claim: &str) -> &'a str {
    let needle = format!("claim `{claim}`: ");
    stdout
        .lines()
        .find(|line| line.contains(&needle))
        .unwrap_or_else(|| panic!("no line for {claim}:\n{stdout}"))
}

fn assert_four_outcomes(fixture: &Fixture, stdout: &str) {
    let a = "content/sources/a.yaml";
    let quote = |claim_quote: &str| place(fixture, a, &format!("quote: \"{claim_quote}"));
    assert_eq!(
        line_of(stdout, "nk-11000"),
        format!("{}: claim `nk-11000`: unchanged", quote("mit knapp"))
    );
    let moved = line_of(stdout, "ru-putin");
    assert!(moved.starts_with(&format!("{}: ", quote("laut Putin"))), "{moved}");
    assert!(
        moved.contains(": moved (same words, article line 5, column "),
        "{moved}"
    );
    let changed = line_of(stdout, "nk-100000-a");
    assert!(
        changed.starts_with(&format!("{}: ", quote("dass Nordkorea"))),
        "{changed}"
    );
    assert!(
        changed.ends_with(": dass Nordkorea [-bis zu-] 100.000 Soldaten entsenden könnte"),
        "{changed}"
    );
    assert_eq!(
        line_of(stdout, "ru-nypost"),
        format!(
            "{}: claim `ru-nypost`: gone: nothing like it in the text",
            quote("hatte Russland")
        )
    );
}

#[test]
fn an_edited_article_reports_unchanged_moved_changed_and_gone_quotes() {
    let fixture = recorded();
    fixture.git(&["init", "-q", "-b", "main"], None);
    fixture.git(&["add", "-A"], None);
    fixture.git(&["commit", "-q", "-m", "Erste Fassung"], None);
    fixture.write("seeds/a.txt", &edited_article());
    let run = fixture.run(&["verify", fixture.root().to_str().unwrap()]);
    run.fails();
    assert_four_outcomes(&fixture, &run.stdout);
    let source_line = format!(
        "{}: seeds/a.txt: text changed (SHA-256 {} before, {} now); quotes compared with the version in commit ",
        place(&fixture, "content/sources/a.yaml", "file:"),
        &sha256(ARTICLE)[..12],
        &sha256(&edited_article())[..12]
    );
    assert!(run.stdout.contains(&source_line), "{}", run.stdout);
    assert!(
        run.stdout.contains(": seeds/b.txt: text unchanged (SHA-256 "),
        "{}",
        run.stdout
    );
    assert!(line_of(&run.stdout, "nk-100000-b").ends_with(": unchanged"));
    assert!(
        run.stdout
            .contains("Verified 5 quote(s) in 2 source(s): 2 unchanged, 1 moved, 1 changed, 1 gone"),
        "{}",
        run.stdout
    );
}

#[test]
fn an_untouched_dossier_verifies() {
    let fixture = recorded();
    let run = fixture.run(&["verify", fixture.root().to_str().unwrap()]);
    run.succeeds();
    assert!(
        run.stdout
            .contains("Verified 5 quote(s) in 2 source(s): 5 unchanged, 0 moved, 0 changed, 0 gone"),
        "{}",
        run.stdout
    );
    assert_eq!(
        run.stdout.matches("text unchanged (SHA-256").count(),
        2,
        "{}",
        run.stdout
    );
}

#[test]
fn without_a_recorded_hash_or_history_the_words_are_looked_for() {
    let fixture = Fixture::new();
    let run = fixture.run(&["verify", fixture.root().to_str().unwrap()]);
    run.succeeds();
    assert!(
        run.stdout.contains(&format!(
            "no SHA-256 recorded (add `text_sha256: {}` to keep it)",
            sha256(ARTICLE)
        )),
        "{}",
        run.stdout
    );
    // Edited in place with nothing to compare with: the changed and the gone quote still fail.
    fixture.write("seeds/a.txt", &edited_article());
    let run = fixture.run(&["verify", fixture.root().to_str().unwrap()]);
    run.fails();
    assert!(
        line_of(&run.stdout, "nk-11000").contains(": found (article line 3, column "),
        "{}",
        run.stdout
    );
    assert!(line_of(&run.stdout, "ru-nypost").ends_with(": gone: nothing like it in the text"));
}

#[test]
fn against_fresh_copies_reports_what_changed_and_what_is_missing() {
    let fixture = Fixture::new();
    let fresh = tempfile::tempdir().unwrap();
    // Same file name as in seeds/, directly in the folder; no copy of b.txt.
    std::fs::write(fresh.path().join("a.txt"), edited_article()).unwrap();
    let run = fixture.run(&[
        "verify",
        fixture.root().to_str().unwrap(),
        "--against",
        fresh.path().to_str().unwrap(),
    ]);
    run.fails();
    assert_four_outcomes(&fixture, &run.stdout);
    let copy = fresh.path().join("a.txt");
    assert!(
        run.stdout
            .contains(&format!("the quotes re-anchored in {}", copy.display())),
        "{}",
        run.stdout
    );
    let missing = format!(
        "seeds/b.txt: no fresh copy to compare with (looked for {} and {}): not verified",
        fresh.path().join("seeds/b.txt").display(),
        fresh.path().join("b.txt").display()
    );
    assert!(run.stdout.contains(&missing), "{}", run.stdout);

    // Fresh copies under seeds/ that say the same: exit 0.
    std::fs::create_dir(fresh.path().join("seeds")).unwrap();
    std::fs::write(fresh.path().join("seeds/a.txt"), ARTICLE).unwrap();
    std::fs::write(fresh.path().join("seeds/b.txt"), SECOND_ARTICLE).unwrap();
    let run = fixture.run(&[
        "verify",
        fixture.root().to_str().unwrap(),
        "--against",
        fresh.path().to_str().unwrap(),
    ]);
    run.succeeds();
    assert!(
        run.stdout.contains("5 unchanged, 0 moved, 0 changed, 0 gone"),
        "{}",
        run.stdout
    );
}

#[cfg(unix)]
#[test]
fn against_never_follows_a_link_out_of_its_folder() {
    let fixture = Fixture::english();
    let fresh = tempfile::tempdir().unwrap();
    let secret = tempfile::tempdir().unwrap();
    std::fs::write(secret.path().join("a.txt"), edited_article()).unwrap();
    std::os::unix::fs::symlink(secret.path().join("a.txt"), fresh.path().join("a.txt")).unwrap();
    let run = fixture.run(&[
        "verify",
        fixture.root().to_str().unwrap(),
        "--against",
        fresh.path().to_str().unwrap(),
    ]);
    let stderr = run.fails();
    assert!(stderr.contains("outside the dossier folder: not read"), "{stderr}");
    assert!(!run.stdout.contains("changed ("), "{}", run.stdout);
}

#[test]
fn verify_usage_errors_exit_2() {
    let fixture = Fixture::new();
    let missing = fixture.path("nirgends");
    fixture
        .run(&[
            "verify",
            fixture.root().to_str().unwrap(),
            "--against",
            missing.to_str().unwrap(),
        ])
        .usage_error();
    fixture.run(&["verify", missing.to_str().unwrap()]).usage_error();
}
