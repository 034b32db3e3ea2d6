//! `dossier add-claim`: a claim stub appended to a source file by text edit, with the quote
//! checked, a fresh id, the figure read from the words and `TODO` where the annotator decides.

use std::path::Path;

use crate::fixture::Fixture;

/// The example dossier of the repository, copied into a temp folder.
pub fn example_copy() -> Fixture {
    let fixture = Fixture::empty();
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    fixture.write(
        "dossier.yaml",
        &std::fs::read_to_string(repo.join("dossier.yaml")).unwrap(),
    );
    for folder in ["content", "seeds"] {
        for entry in walkdir::WalkDir::new(repo.join(folder)) {
            let entry = entry.unwrap();
            if entry.file_type().is_file() {
                let relative = entry.path().strip_prefix(repo).unwrap().to_str().unwrap().to_owned();
                fixture.write(&relative, &std::fs::read_to_string(entry.path()).unwrap());
            }
        }
    }
    fixture
}

const SOURCE: &str = "content/sources/004-nato-rutte-verluste.yaml";

#[test]
fn add_claim_on_an_example_quote_passes_check_once_verdict_and_note_are_filled() {
    let fixture = example_copy();
    let before = fixture.read(SOURCE);
    let root = fixture.root().to_str().unwrap().to_owned();
    let quote = "und eine Gesamtzahl von bis zu 12.000 Soldaten im Einsatz geplant sei.";
    let run = fixture.run(&["add-claim", "nato-rutte-verluste", quote, "--root", &root]);
    run.succeeds();
    let after = fixture.read(SOURCE);
    // A text edit: the old file is kept byte for byte, the stub follows its last claim.
    assert!(after.starts_with(before.trim_end()), "the file's text is kept");
    let added = &after[before.trim_end().len()..];
    assert!(
        added.starts_with("\n\n  - id: gesamtzahl-bis-12000-soldaten-einsatz\n"),
        "a blank line like between the other claims, the list's indentation, an id from the words:\n{added}"
    );
    assert!(added.contains(&format!("    quote: \"{quote}\"\n")), "{added}");
    assert!(
        added.contains("quantity: { value: 12000, qualifier: up-to, measure: geplant }"),
        "the figure and its qualifier read from \"bis zu 12.000\": {added}"
    );
    assert!(added.contains("topic: nordkoreanische-truppen"), "{added}");
    assert!(run.stdout.contains("fill in: verdict, note"), "{}", run.stdout);
    assert!(
        added.contains("\n    # conclusion: \"…\"  # the verdict's reason in one sentence"),
        "the conclusion --strict requires is offered, commented out: {added}"
    );
    // check points at the two fields to fill, each at its line, once.
    let line_of = |start: &str| after.lines().position(|l| l.trim_start().starts_with(start)).unwrap() + 1;
    let (verdict_line, note_line) = (line_of("verdict: TODO"), line_of("note: \"TODO"));
    let check = fixture.run(&["check"]);
    let stderr = check.fails();
    // The example is German: so are its messages.
    assert_eq!(stderr.matches("Fehler:").count(), 2, "{stderr}");
    assert!(
        stderr.contains("`verdict` enthält noch den Platzhalter „TODO“"),
        "{stderr}"
    );
    assert!(stderr.contains("`note` enthält noch den Platzhalter"), "{stderr}");
    assert!(
        !stderr.contains("unbekannte Bewertung"),
        "one error per field: {stderr}"
    );
    assert!(stderr.contains(&format!("{SOURCE}:{verdict_line}:14")), "{stderr}");
    assert!(stderr.contains(&format!("{SOURCE}:{note_line}:12")), "{stderr}");
    // Filled by text edit, the claim passes.
    fixture.edit(SOURCE, "verdict: TODO", "verdict: unbelegt");
    fixture.edit(
        SOURCE,
        "\"TODO: why this verdict (Markdown)\"",
        "\"Nur der südkoreanische Geheimdienst nennt die Zahl.\"",
    );
    let check = fixture.run(&["check"]);
    check.succeeds();
    // --strict also wants the verdict's reason in one sentence: the stub's commented line.
    let strict = fixture.run(&["check", "--strict"]);
    assert!(strict.fails().contains("conclusion"), "{}", strict.stderr);
    fixture.edit(
        SOURCE,
        "# conclusion: \"…\"",
        "conclusion: \"Die Zahl stammt allein vom südkoreanischen Geheimdienst.\"",
    );
    fixture.run(&["check", "--strict"]).succeeds();
    // The id is now taken: the same words again get a fresh one.
    fixture
        .run(&["add-claim", "nato-rutte-verluste", quote, "--root", &root])
        .succeeds();
    assert!(
        fixture
            .read(SOURCE)
            .contains("- id: gesamtzahl-bis-12000-soldaten-einsatz-2\n"),
        "unique ids"
    );
}

#[test]
fn add_claim_proposes_the_closest_passage_and_changes_nothing_when_the_words_are_not_there() {
    let fixture = example_copy();
    let before = crate::fixture::tree(fixture.root());
    let root = fixture.root().to_str().unwrap().to_owned();
    let run = fixture.run(&[
        "add-claim",
        "nato-rutte-verluste",
        "bis zu 12.000 Soldaten im Einsatz geplnt",
        "--root",
        &root,
    ]);
    let stderr = run.fails();
    assert!(
        stderr.contains("not in the body of seeds/004_08cca51948fe13df.txt")
            && stderr.contains("closest passage (seeds/004_08cca51948fe13df.txt:18:")
            && stderr.contains("dossier add-claim nato-rutte-verluste 'bis zu 12.000 Soldaten im Einsatz geplant'"),
        "{stderr}"
    );
    assert_eq!(crate::fixture::tree(fixture.root()), before, "nothing written");
    // An unknown source is a usage error with the closest id.
    let run = fixture.run(&["add-claim", "nato-rutte-verlust", "x", "--root", &root]);
    assert!(
        run.usage_error().contains("did you mean `nato-rutte-verluste`?"),
        "{}",
        run.stderr
    );
    // Words found twice need --prefix or --suffix.
    let run = fixture.run(&["add-claim", "nato-rutte-verluste", "Nordkorea", "--root", &root]);
    assert!(run.usage_error().contains("--prefix or --suffix"), "{}", run.stderr);
    assert_eq!(crate::fixture::tree(fixture.root()), before, "nothing written");
}

#[test]
fn add_claim_into_an_empty_list_keeps_its_comment_and_reads_an_english_figure() {
    let fixture = Fixture::empty();
    let dir = fixture.path("neu");
    fixture.run(&["init", dir.to_str().unwrap()]).succeeds();
    let root = dir.to_str().unwrap();
    std::fs::write(
        dir.join("seeds/report.txt"),
        "Report\n\nOfficials said more than 1,523 soldiers had crossed the border. Nothing else was said.\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("content/sources/report.yaml"),
        "# a comment that stays\nid: report\nfile: seeds/report.txt\ntitle: \"Report\"\npublished: 2024-11-04\nlanguage: en\nclaims: []   # none yet\n",
    )
    .unwrap();
    let run = fixture.run(&[
        "add-claim",
        "content/sources/report.yaml",
        "more than 1,523 soldiers had crossed the border",
        "--root",
        root,
    ]);
    run.succeeds();
    let yaml = std::fs::read_to_string(dir.join("content/sources/report.yaml")).unwrap();
    assert!(yaml.starts_with("# a comment that stays\n"), "{yaml}");
    assert!(
        yaml.contains("claims:  # none yet\n  - id: more-than-1523-soldiers-crossed\n"),
        "{yaml}"
    );
    assert!(
        yaml.contains("quantity: { value: 1523, qualifier: more-than, measure: deployed }"),
        "{yaml}"
    );
    assert!(yaml.contains("topic: troop-numbers  # "), "{yaml}");
}
