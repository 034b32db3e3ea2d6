//! `dossier init` and `dossier add-source`.

use crate::fixture::Fixture;

#[test]
fn init_creates_a_dossier_that_builds_with_the_built_in_templates() {
    let fixture = Fixture::empty();
    let dir = fixture.path("neu");
    let run = fixture.run(&["init", dir.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!dir.join("templates").exists(), "uses the built-in templates");
    let run = fixture.run(&["build", "--root", dir.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    assert!(dir.join("public/claims/deployed-11000/index.html").is_file());
    assert!(dir.join("public/methodology/index.html").is_file());
    // Every rule on: a new dossier is a correct example, review date included.
    let strict = fixture.run(&["check", "--strict", "--root", dir.to_str().unwrap()]);
    assert_eq!(strict.code, 0, "{}\n{}", strict.stdout, strict.stderr);
    assert!(strict.stdout.contains("0 warning(s)"), "{}", strict.stdout);
    // Never over an existing dossier.
    let again = fixture.run(&["init", dir.to_str().unwrap()]);
    assert_eq!(again.code, 2, "{}", again.stderr);
    assert!(again.stderr.contains("never overwrites"), "{}", again.stderr);
}

#[test]
fn add_source_copies_the_text_and_writes_a_stub_that_checks() {
    let fixture = Fixture::english();
    let article = fixture.path("incoming/bericht.txt");
    let text = "Neue Truppen an der Front\n18.11.2024 08:31\nPost image\nEs sind 7.000 Soldaten.\n\nYou May Also Like\nAnderes\n";
    fixture.write("incoming/bericht.txt", text);
    let root = fixture.root().to_str().unwrap().to_owned();
    let run = fixture.run(&["add-source", article.to_str().unwrap(), "--root", &root]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(fixture.read("seeds/bericht.txt"), text, "copied byte for byte");
    let stub = fixture.read("content/sources/bericht.yaml");
    assert!(stub.contains("title: \"Neue Truppen an der Front\""), "{stub}");
    assert!(stub.contains("published: 2024-11-18"), "{stub}");
    assert!(
        stub.contains("lines: \"2\"") && stub.contains("lines: \"3\"") && stub.contains("lines: \"6-7\""),
        "{stub}"
    );
    // The outlet it could not find is a placeholder that check refuses until it is filled in.
    let check = fixture.run(&["check"]);
    assert_eq!(check.code, 1, "{}", check.stderr);
    let line = stub
        .lines()
        .position(|l| l.starts_with("outlet:"))
        .expect("outlet line")
        + 1;
    assert!(
        check
            .stderr
            .contains(&format!("content/sources/bericht.yaml:{line}:10"))
            && check
                .stderr
                .contains("`outlet` still holds the placeholder \"TODO: outlet\""),
        "{}",
        check.stderr
    );
    fixture.edit("content/sources/bericht.yaml", "\"TODO: outlet\"", "\"Testblatt\"");
    // Each guess is marked until the annotator confirms it by deleting the mark.
    let check = fixture.run(&["check"]);
    assert!(
        check.fails().contains("`title` is marked as not yet confirmed"),
        "{}",
        check.stderr
    );
    let confirmed: String = fixture
        .read("content/sources/bericht.yaml")
        .lines()
        .map(|line| line.split("  # TODO confirm").next().unwrap_or(line).to_owned() + "\n")
        .collect();
    fixture.write("content/sources/bericht.yaml", &confirmed);
    let check = fixture.run(&["check"]);
    assert_eq!(check.code, 0, "{}", check.stderr);
    assert!(
        check.stderr.contains("Es sind 7.000 Soldaten."),
        "the unannotated figure is reported: {}",
        check.stderr
    );
    assert!(check.stdout.contains("coverage bericht: 0/1"), "{}", check.stdout);
    let strict = fixture.run(&["check", "--strict"]);
    assert_eq!(strict.code, 1, "--strict turns the coverage warning into an error");
    // A second add of a different text under the same name is refused; nothing overwritten.
    fixture.write("incoming/bericht.txt", "anders");
    let run = fixture.run(&[
        "add-source",
        article.to_str().unwrap(),
        "--root",
        &root,
        "--id",
        "bericht-2",
    ]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert_eq!(fixture.read("seeds/bericht.txt"), text);
}
