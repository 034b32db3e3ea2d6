//! `dossier check` is `build` without writing: it renders every page in memory and checks every
//! internal link, so whatever fails a build fails the check, with the same located messages.

use crate::fixture::{Fixture, tree};

/// `check` and `build` on the same broken dossier: both exit 1 with the same problems, and
/// `check` writes nothing at all.
fn check_fails_like_build(fixture: &Fixture) -> String {
    let before = tree(fixture.root());
    let check = fixture.run(&["check"]).fails().to_owned();
    assert_eq!(tree(fixture.root()), before, "check writes nothing");
    let build = fixture.run(&["build"]).fails().to_owned();
    let problems = |stderr: &str| {
        stderr
            .lines()
            .filter(|line| line.starts_with("error:") || line.starts_with("  --> "))
            .map(str::to_owned)
            .collect::<Vec<_>>()
    };
    assert_eq!(problems(&check), problems(&build), "check:\n{check}\nbuild:\n{build}");
    check
}

#[test]
fn check_fails_on_a_template_override_that_does_not_compile() {
    let fixture = Fixture::english();
    fixture.run(&["check"]).succeeds();
    fixture.write(
        "templates/claim.html",
        "{% extends \"base.html\" %}\n{% block content %}{% if %}{% endblock %}",
    );
    let stderr = check_fails_like_build(&fixture);
    assert!(stderr.contains("error: template error"), "{stderr}");
    assert!(
        stderr.contains("  --> templates/claim.html:2:"),
        "file:line:column: {stderr}"
    );
    assert!(stderr.contains("Check failed."), "{stderr}");
}

#[test]
fn check_fails_on_a_template_override_that_fails_while_rendering() {
    let fixture = Fixture::new();
    fixture.write(
        "templates/claim.html",
        "{% extends \"base.html\" %}\n{% block content %}\n{{ claim.no_such_field }}{% endblock %}",
    );
    let stderr = check_fails_like_build(&fixture);
    assert!(
        stderr.contains("  --> templates/claim.html:3:"),
        "file:line:column: {stderr}"
    );
    assert!(stderr.contains("(rendering claims/"), "names the page: {stderr}");
}

#[test]
fn check_fails_on_a_broken_link_in_a_markdown_page() {
    let fixture = Fixture::new();
    fixture.write(
        "content/pages/links.md",
        "---\ntitle: \"Links\"\n---\nFirst line.\n\nSee [a claim that is not there](../claims/no-such-claim/).\n",
    );
    let stderr = check_fails_like_build(&fixture);
    assert!(stderr.contains("../claims/no-such-claim/"), "{stderr}");
    assert!(
        stderr.contains("  --> content/pages/links.md:6:"),
        "file:line:column: {stderr}"
    );
}

#[test]
fn check_passes_and_writes_nothing_on_a_sound_dossier() {
    let fixture = Fixture::new();
    fixture.write(
        "content/pages/links.md",
        "---\ntitle: \"Links\"\n---\nSee [the method](../methodik/).\n",
    );
    let before = tree(fixture.root());
    let run = fixture.run(&["check"]);
    run.succeeds();
    assert!(run.stdout.contains("Abdeckung "), "{}", run.stdout);
    assert_eq!(tree(fixture.root()), before);
}

/// A claim whose statement is long without a `summary`: a content warning.
fn with_a_content_warning(fixture: &Fixture) {
    fixture.edit(
        "content/sources/a.yaml",
        "statement: \"Nordkorea hat Russland mit knapp 11.000 Soldaten unterstützt.\"",
        "statement: \"Nordkorea hat Russland nach Angaben des Artikels im Krieg gegen die Ukraine mit knapp 11.000 Soldaten unterstützt.\"",
    );
}

const WARNING: &str = "warning: claim `nk-11000`: the statement has";

#[test]
fn a_failed_render_or_link_check_keeps_the_content_warnings() {
    let fixture = Fixture::english();
    with_a_content_warning(&fixture);
    let run = fixture.run(&["check"]);
    run.succeeds();
    assert!(run.stderr.contains(WARNING), "{}", run.stderr);
    // Templates that do not compile, a template that fails while rendering, a broken link: each
    // failure is reported with the warnings found before it.
    fixture.write(
        "templates/claim.html",
        "{% extends \"base.html\" %}\n{% block content %}{% if %}{% endblock %}",
    );
    let stderr = check_fails_like_build(&fixture);
    assert!(stderr.contains("error: template error"), "{stderr}");
    assert!(stderr.contains(WARNING), "{stderr}");
    fixture.write(
        "templates/claim.html",
        "{% extends \"base.html\" %}\n{% block content %}\n{{ claim.no_such_field }}{% endblock %}",
    );
    let stderr = check_fails_like_build(&fixture);
    assert!(stderr.contains("  --> templates/claim.html:3:"), "{stderr}");
    assert!(stderr.contains(WARNING), "{stderr}");
    std::fs::remove_file(fixture.path("templates/claim.html")).unwrap();
    fixture.write(
        "content/pages/links.md",
        "---\ntitle: \"Links\"\n---\nSee [a claim that is not there](../claims/no-such-claim/).\n",
    );
    let stderr = check_fails_like_build(&fixture);
    assert!(stderr.contains("../claims/no-such-claim/"), "{stderr}");
    assert!(stderr.contains(WARNING), "{stderr}");
}

#[test]
fn a_page_that_fails_is_reported_with_the_side_files_problems() {
    let fixture = Fixture::new();
    fixture.write(
        "templates/claim.html",
        "{% extends \"base.html\" %}\n{% block content %}\n{{ claim.no_such_field }}{% endblock %}",
    );
    fixture.write("static/highlight.css/x.css", "p {}");
    let stderr = check_fails_like_build(&fixture);
    assert!(stderr.contains("  --> templates/claim.html:3:"), "{stderr}");
    assert!(
        stderr.contains("`static/highlight.css` is a file of the site"),
        "{stderr}"
    );
}

#[test]
fn a_broken_template_fails_before_the_output_is_touched() {
    let fixture = Fixture::english();
    fixture.write(
        "templates/claim.html",
        "{% extends \"base.html\" %}\n{% block content %}{% if %}{% endblock %}",
    );
    // An output folder that is not an earlier build's: the template error is what is wrong.
    fixture.write("elsewhere/notes.txt", "mine");
    let foreign = fixture.path("elsewhere");
    let run = fixture.run(&["build", "--output", foreign.to_str().unwrap()]);
    let stderr = run.fails();
    assert!(stderr.contains("error: template error"), "{stderr}");
    assert!(stderr.contains("  --> templates/claim.html:2:"), "{stderr}");
    // A new output folder: not even its parent folder is made.
    let new = fixture.path("new/site");
    let stderr = fixture
        .run(&["build", "--output", new.to_str().unwrap()])
        .fails()
        .to_owned();
    assert!(stderr.contains("error: template error"), "{stderr}");
    assert!(!fixture.path("new").exists(), "{stderr}");
}
