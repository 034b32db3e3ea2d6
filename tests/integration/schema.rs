//! Issue "Authoring", item 3: the JSON Schemas of the content format, derived from the schema
//! types: they accept the example dossier and the fixtures, reject broken files, ship with
//! `init`, `dossier schema` and the build, and the README's field reference is their copy.

use std::path::Path;

use dossier::load::shape::{FileKind, Tree, field_reference};

use crate::fixture::{CONFIG, Fixture, ORIGINS, SOURCE_A, SOURCE_B, TOPICS};

fn validator(kind: FileKind) -> jsonschema::Validator {
    jsonschema::validator_for(&kind.json_schema()).expect("valid schema")
}

fn front_matter(page: &str) -> &str {
    page.strip_prefix("---\n")
        .and_then(|rest| rest.split("\n---").next())
        .unwrap_or("")
}

/// The problems the schema finds in `yaml`, as text.
fn problems(kind: FileKind, yaml: &str) -> Vec<String> {
    let tree = Tree::read(yaml).expect("valid YAML");
    validator(kind)
        .iter_errors(&tree.value)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect()
}

fn kind_of(path: &str) -> Option<FileKind> {
    match path {
        "dossier.yaml" => Some(FileKind::Config),
        "content/topics.yaml" => Some(FileKind::Topics),
        "content/origins.yaml" => Some(FileKind::Origins),
        p if p.starts_with("content/sources/") && p.ends_with(".yaml") => Some(FileKind::Source),
        p if p.starts_with("content/pages/") && p.ends_with(".md") => Some(FileKind::Page),
        _ => None,
    }
}

#[test]
fn the_example_dossier_and_the_fixtures_pass_the_schema() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut checked = 0;
    for entry in walkdir::WalkDir::new(root.join("content"))
        .into_iter()
        .chain(walkdir::WalkDir::new(root.join("dossier.yaml")))
    {
        let entry = entry.expect("readable");
        let relative = entry
            .path()
            .strip_prefix(root)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let Some(kind) = kind_of(&relative) else { continue };
        let text = std::fs::read_to_string(entry.path()).unwrap();
        let yaml = if kind == FileKind::Page {
            front_matter(&text).to_owned()
        } else {
            text
        };
        assert_eq!(problems(kind, &yaml), Vec::<String>::new(), "{relative}");
        checked += 1;
    }
    assert!(
        checked >= 8,
        "the example has its config, topics, origins, sources and pages: {checked}"
    );
    for (kind, text) in [
        (FileKind::Config, CONFIG),
        (FileKind::Topics, TOPICS),
        (FileKind::Origins, ORIGINS),
        (FileKind::Source, SOURCE_A),
        (FileKind::Source, SOURCE_B),
        (FileKind::Page, front_matter(crate::fixture::METHODIK)),
    ] {
        assert_eq!(problems(kind, text), Vec::<String>::new(), "{text}");
    }
}

#[test]
fn broken_fixtures_fail_the_schema() {
    let broken = [
        (
            FileKind::Source,
            SOURCE_A.replacen("    topic: nk-truppen\n", "", 1),
            "topic",
        ),
        (
            FileKind::Source,
            SOURCE_A.replacen("statement:", "statment:", 1),
            "statment",
        ),
        (
            FileKind::Source,
            SOURCE_A.replacen("value: 11000", "value: 11 000", 1),
            "11 000",
        ),
        (
            FileKind::Source,
            SOURCE_A.replacen("qualifier: up-to", "qualifier: bis-zu", 1),
            "bis-zu",
        ),
        (
            FileKind::Source,
            SOURCE_A.replacen("published: 2024-11-18", "published: 18.11.2024", 1),
            "18.11.2024",
        ),
        (
            FileKind::Source,
            SOURCE_A.replacen("    origin: bloomberg\n", "    origin: bloomberg\n    via: nyt\n", 1),
            "nyt",
        ),
        (
            FileKind::Origins,
            ORIGINS.replacen("kind: media", "kind: zeitung", 1),
            "zeitung",
        ),
        (
            FileKind::Config,
            CONFIG.replacen("language:", "langauge:", 1),
            "langauge",
        ),
        (FileKind::Topics, TOPICS.replacen("question:", "frage:", 1), "frage"),
        (FileKind::Page, "title: x\nnav: eins\n".to_owned(), "eins"),
    ];
    for (kind, text, what) in broken {
        let found = problems(kind, &text);
        assert!(!found.is_empty(), "{what}: the schema accepts a broken file");
    }
}

#[test]
fn the_readme_field_reference_is_current() {
    let readme = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let start = readme.find("<!-- field-reference:start -->\n").expect("start marker")
        + "<!-- field-reference:start -->\n".len();
    let end = readme.find("<!-- field-reference:end -->").expect("end marker");
    assert!(
        readme[start..end] == field_reference(),
        "README.md's field reference is out of date: replace it with the output of `dossier schema --markdown`"
    );
}

#[test]
fn init_add_source_schema_and_build_ship_the_schemas() {
    let fixture = Fixture::empty();
    let dir = fixture.path("new");
    fixture.run(&["init", dir.to_str().unwrap()]).succeeds();
    for (file, schema) in [
        ("dossier.yaml", "schema/dossier.schema.json"),
        ("content/topics.yaml", "../schema/topics.schema.json"),
        ("content/origins.yaml", "../schema/origins.schema.json"),
        ("content/sources/example.yaml", "../../schema/source.schema.json"),
    ] {
        let text = std::fs::read_to_string(dir.join(file)).unwrap();
        let first = text.lines().next().unwrap();
        assert_eq!(first, format!("# yaml-language-server: $schema={schema}"), "{file}");
        let target = dir.join(file).parent().unwrap().join(schema);
        let written: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&target).unwrap()).unwrap();
        assert!(
            written.get("properties").is_some() || written.get("items").is_some(),
            "{file}"
        );
    }
    std::fs::write(dir.join("article.txt"), "Headline\n\nSome text with 12 soldiers.\n").unwrap();
    fixture
        .run(&[
            "add-source",
            dir.join("article.txt").to_str().unwrap(),
            "--root",
            dir.to_str().unwrap(),
        ])
        .succeeds();
    let stub = std::fs::read_to_string(dir.join("content/sources/article.yaml")).unwrap();
    assert!(
        stub.starts_with("# yaml-language-server: $schema=../../schema/source.schema.json\n"),
        "{stub}"
    );

    let out = fixture.path("schemas");
    fixture.run(&["schema", out.to_str().unwrap()]).succeeds();
    let names: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 5, "{names:?}");

    let built = Fixture::new();
    built.build();
    let shipped: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(built.path("public/schema/source.schema.json")).unwrap())
            .unwrap();
    assert_eq!(
        shipped,
        serde_json::from_str::<serde_json::Value>(&dossier::load::shape::schema_files()[1].1).unwrap()
    );
}

#[test]
fn add_source_refuses_outside_a_dossier_and_a_text_already_in_it() {
    let fixture = Fixture::empty();
    let article = fixture.path("article.txt");
    std::fs::write(&article, "Headline\n\nSome text with 12 soldiers.\n").unwrap();
    let outside = fixture.path("not-a-dossier");
    std::fs::create_dir(&outside).unwrap();
    let run = fixture.run(&[
        "add-source",
        article.to_str().unwrap(),
        "--root",
        outside.to_str().unwrap(),
    ]);
    assert!(run.usage_error().contains("no dossier.yaml"), "{}", run.stderr);
    assert!(
        !outside.join("seeds").exists() && !outside.join("content").exists(),
        "nothing created"
    );

    let dossier = Fixture::new();
    let root = dossier.root().to_str().unwrap().to_owned();
    let copy = fixture.path("same-text-again.txt");
    std::fs::write(&copy, crate::fixture::ARTICLE).unwrap();
    let run = fixture.run(&["add-source", copy.to_str().unwrap(), "--root", &root, "--id", "neu"]);
    let stderr = run.usage_error();
    assert!(stderr.contains("already in the dossier as seeds/a.txt"), "{stderr}");
    assert!(stderr.contains("source `artikel-a`"), "{stderr}");
    assert!(!dossier.path("content/sources/neu.yaml").exists());
}

#[test]
fn add_source_flags_win_over_guesses_and_the_stub_checks() {
    let dossier = Fixture::new();
    let root = dossier.root().to_str().unwrap().to_owned();
    let article = dossier.path("english.txt");
    std::fs::write(
        &article,
        "Edit post\n\nNorth Korean troops came under fire, officials said.\n",
    )
    .unwrap();
    let run = dossier.run(&[
        "add-source",
        article.to_str().unwrap(),
        "--root",
        &root,
        "--title",
        "First North Korean troops under fire",
        "--outlet",
        "Kyiv Independent",
        "--published",
        "2024-11-04",
        "--url",
        "https://example.org/nk",
        "--language",
        "en",
    ]);
    run.succeeds();
    let stub = dossier.read("content/sources/english.yaml");
    for line in [
        "title: \"First North Korean troops under fire\"\n",
        "outlet: \"Kyiv Independent\"\n",
        "published: \"2024-11-04\"\n",
        "url: \"https://example.org/nk\"\n",
        "language: \"en\"\n",
    ] {
        assert!(stub.contains(line), "{line}: {stub}");
    }
    assert!(!stub.contains("TODO"), "{stub}");
    dossier.run(&["check"]).succeeds();
}
