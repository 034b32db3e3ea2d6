//! What `check` and `build` say while annotating: coverage warnings that offer the
//! `add-claim` command, `check --format json` for scripts, `--quiet`, and `build`'s one-line
//! coverage summary.

use crate::fixture::Fixture;

/// The fixture with one more paragraph: two sentences with figures no claim covers, one with
/// a quotation in ASCII quotes, and abbreviations that end no sentence.
fn with_gaps() -> Fixture {
    // Its messages are checked in English (the fixture is German).
    let fixture = Fixture::english();
    let text = format!(
        "{}\nDie U.S. Army meldet 300 Tote, z. B. in Kursk. Er sagte \"wir siegen\" am Montag. Am 4. November kamen Dr. Kim und Nr. 5 an.\n",
        crate::fixture::ARTICLE
    );
    fixture.write("seeds/a.txt", &text);
    fixture
}

#[test]
fn coverage_warnings_offer_the_add_claim_command_that_annotates_them() {
    let fixture = with_gaps();
    let check = fixture.run(&["check"]);
    check.succeeds();
    assert!(
        check.stderr.contains(
            "annotate it with `dossier add-claim artikel-a 'Die U.S. Army meldet 300 Tote, z. B. in Kursk.'`"
        ),
        "the whole sentence, not cut at \"U.S.\" or \"z. B.\": {}",
        check.stderr
    );
    // The command the warning offers works as offered.
    let root = fixture.root().to_str().unwrap().to_owned();
    fixture
        .run(&[
            "add-claim",
            "artikel-a",
            "Die U.S. Army meldet 300 Tote, z. B. in Kursk.",
            "--root",
            &root,
        ])
        .succeeds();
    assert!(
        fixture
            .read("content/sources/a.yaml")
            .contains("quantity: { value: 300,")
    );
}

#[test]
fn check_format_json_lists_problems_and_every_coverage_gap() {
    let fixture = with_gaps();
    let run = fixture.run(&["check", "--format", "json"]);
    run.succeeds();
    let report: serde_json::Value = serde_json::from_str(&run.stdout).expect("stdout is one JSON document");
    assert_eq!(report["ok"], true);
    assert_eq!(report["errors"], 0);
    let coverage = report["coverage"].as_array().expect("coverage per source");
    let a = coverage.iter().find(|c| c["source"] == "artikel-a").expect("artikel-a");
    let gaps = a["gaps"].as_array().unwrap();
    let sentences: Vec<&str> = gaps.iter().map(|g| g["sentence"].as_str().unwrap()).collect();
    assert_eq!(
        sentences,
        [
            "Die U.S. Army meldet 300 Tote, z. B. in Kursk.",
            "Er sagte \"wir siegen\" am Montag.",
            "Am 4. November kamen Dr. Kim und Nr. 5 an."
        ],
        "three sentences (abbreviations and dates end none), the one in ASCII quotes counted"
    );
    assert_eq!(gaps[0]["file"], "seeds/a.txt");
    assert_eq!(
        (gaps[0]["line"].as_u64(), gaps[0]["column"].as_u64()),
        (Some(7), Some(1))
    );
    assert!(
        gaps[1]["command"]
            .as_str()
            .unwrap()
            .starts_with("dossier add-claim artikel-a '")
    );
    assert_eq!(a["total"].as_u64().unwrap(), a["covered"].as_u64().unwrap() + 3);
    // Problems carry file, line, column, severity, message and hint.
    fixture.edit("content/sources/a.yaml", "topic: ru-staerke", "topic: ru-stärke");
    let run = fixture.run(&["check", "--format", "json"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(report["ok"], false);
    assert!(report["coverage"].is_null());
    let problem = report["problems"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["severity"] == "error")
        .expect("an error");
    assert_eq!(problem["file"], "content/sources/a.yaml");
    assert!(problem["line"].as_u64().is_some() && problem["column"].as_u64().is_some());
    assert!(problem["message"].as_str().unwrap().contains("ru-stärke"), "{problem}");
    assert!(problem["hint"].is_string(), "{problem}");
    // --strict: gaps fail the check.
    fixture.edit("content/sources/a.yaml", "topic: ru-stärke", "topic: ru-staerke");
    let run = fixture.run(&["check", "--format", "json", "--strict"]);
    assert_eq!(run.code, 1);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(report["ok"], false);
}

#[test]
fn quiet_prints_errors_only() {
    let fixture = with_gaps();
    let run = fixture.run(&["check", "--quiet"]);
    run.succeeds();
    assert_eq!(
        (run.stdout.as_str(), run.stderr.as_str()),
        ("", ""),
        "warnings and coverage are not errors"
    );
    fixture.edit("content/sources/a.yaml", "verdict: falsch", "verdict: flasch");
    let run = fixture.run(&["check", "-q"]);
    let stderr = run.fails();
    assert!(stderr.contains("unknown verdict `flasch`"), "{stderr}");
    assert!(!stderr.contains("warning"), "{stderr}");
    assert!(run.stdout.is_empty(), "{}", run.stdout);
}

#[test]
fn build_prints_one_coverage_line_not_a_block_per_sentence() {
    let fixture = with_gaps();
    let run = fixture.build();
    assert!(
        run.stdout.contains(
            "Coverage: 5 of 8 sentences with a figure or quotation are annotated; 3 are not, in 1 source: run `dossier check` for details."
        ),
        "{}",
        run.stdout
    );
    assert!(!run.stderr.contains("not covered by any claim"), "{}", run.stderr);
}
