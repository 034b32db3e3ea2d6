//! Small findings of the new user's review: duplicate ids name both places, the schema and
//! the loader agree that a verdict's `rating` is required, `serve --open` says when it cannot
//! open a browser.

use crate::fixture::Fixture;

#[test]
fn a_duplicate_claim_id_names_both_places_even_in_one_file() {
    let fixture = Fixture::english();
    // The second claim of a.yaml takes the first one's id.
    fixture.edit("content/sources/a.yaml", "  - id: nk-100000-a\n", "  - id: nk-11000\n");
    let stderr = fixture.run(&["check"]).fails().to_owned();
    let yaml = fixture.read("content/sources/a.yaml");
    let lines: Vec<usize> = yaml
        .lines()
        .enumerate()
        .filter(|(_, l)| l.trim() == "- id: nk-11000")
        .map(|(i, _)| i + 1)
        .collect();
    assert_eq!(lines.len(), 2);
    assert!(
        stderr.contains(&format!(
            "duplicate claim id `nk-11000`: first used at content/sources/a.yaml:{}:9",
            lines[0]
        )) && stderr.contains(&format!("--> content/sources/a.yaml:{}:9", lines[1])),
        "{stderr}"
    );
    // Topics and origins too.
    fixture.edit(
        "content/sources/a.yaml",
        "  - id: nk-11000\n    quote: \"dass",
        "  - id: nk-100000-a\n    quote: \"dass",
    );
    fixture.edit("content/origins.yaml", "- id: ny-post", "- id: putin");
    let stderr = fixture.run(&["check"]).fails().to_owned();
    assert!(
        stderr.contains("duplicate origin id `putin`: first used at content/origins.yaml:5:7"),
        "{stderr}"
    );
}

#[test]
fn schema_and_loader_agree_that_a_verdict_needs_a_rating() {
    let fixture = Fixture::english();
    let run = fixture.run(&["schema", "--file", "dossier"]);
    run.succeeds();
    let schema: serde_json::Value = serde_json::from_str(&run.stdout).expect("a JSON schema");
    let required = schema
        .pointer("/$defs/VerdictFile/required")
        .and_then(|r| r.as_array())
        .expect("VerdictFile lists its required keys");
    assert!(required.iter().any(|k| k == "rating"), "{required:?}");
    // And the loader refuses a verdict without one.
    fixture.edit("dossier.yaml", "    rating: 2\n", "");
    assert!(
        fixture
            .run(&["check"])
            .fails()
            .contains("verdict `belegt` has no `rating`")
    );
}

#[cfg(unix)]
#[test]
fn serve_open_says_when_no_browser_can_be_opened_and_how_to_open_the_page() {
    use std::io::{BufRead, BufReader};
    use std::os::unix::fs::PermissionsExt;
    use std::process::{Command, Stdio};
    use std::time::{Duration, Instant};

    let fixture = Fixture::new();
    // An opener that fails as `xdg-open` does without a desktop.
    let bin = fixture.path("bin");
    std::fs::create_dir_all(&bin).unwrap();
    for name in ["xdg-open", "open"] {
        let path = bin.join(name);
        std::fs::write(&path, "#!/bin/sh\necho 'no method available for opening' >&2\nexit 3\n").unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mut child = Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args(["serve", "--open", "--port", &port.to_string(), "--root"])
        .arg(fixture.root())
        .arg("--output")
        .arg(fixture.path("out"))
        .env("PATH", &bin)
        .env("DISPLAY", ":0")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let (sender, receiver) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            let _ = sender.send(line);
        }
    });
    let started = Instant::now();
    let mut seen = Vec::new();
    let found = loop {
        match receiver.recv_timeout(Duration::from_millis(200)) {
            Ok(line) => {
                let done = line.contains("could not open a browser");
                seen.push(line);
                if done {
                    break true;
                }
            }
            Err(_) if started.elapsed() > Duration::from_secs(30) => break false,
            Err(_) => {}
        }
    };
    let _ = child.kill();
    let _ = child.wait();
    let text = seen.join("\n");
    assert!(found, "no message about the browser:\n{text}");
    assert!(
        text.contains(&format!("open http://127.0.0.1:{port}/dossier/ in your browser")),
        "says which address to open by hand:\n{text}"
    );
}

#[test]
fn init_language_de_makes_a_german_dossier_with_a_gitignore() {
    let fixture = Fixture::empty();
    let dir = fixture.path("neu");
    let run = fixture.run(&["init", dir.to_str().unwrap(), "--language", "de"]);
    run.succeeds();
    assert!(
        run.stdout.contains("Neues Dossier in"),
        "next steps in the dossier's language: {}",
        run.stdout
    );
    assert!(run.stdout.contains("dossier add-claim"), "{}", run.stdout);
    let config = std::fs::read_to_string(dir.join("dossier.yaml")).unwrap();
    assert!(
        config.contains("language: de") && config.contains("label: \"Belegt\""),
        "{config}"
    );
    assert!(dir.join("content/pages/methodik.md").is_file());
    let ignore = std::fs::read_to_string(dir.join(".gitignore")).unwrap();
    assert!(ignore.lines().any(|l| l == "/public/") && ignore.lines().any(|l| l == "/.public.staging/"));
    // Every rule on: the German sample is a correct dossier.
    fixture
        .run(&["check", "--strict", "--root", dir.to_str().unwrap()])
        .succeeds();
    fixture.run(&["build", "--root", dir.to_str().unwrap()]).succeeds();
    let page = |path: &str| std::fs::read_to_string(dir.join("public").join(path)).unwrap();
    let claim = page("claims/entsandt-11000/index.html");
    assert!(claim.contains("lang=\"de\""), "German UI");
    assert!(
        claim.contains("Unbelegt") && claim.contains("rund 11.000 Soldaten"),
        "German verdict and sample"
    );
    let methodik = page("methodik/index.html");
    assert!(
        methodik.contains("Wie Behauptungen zusammenhängen"),
        "German Methodology"
    );
    // The English dossier gets one too.
    let en = fixture.path("en");
    fixture.run(&["init", en.to_str().unwrap()]).succeeds();
    assert!(en.join(".gitignore").is_file());
    assert!(
        std::fs::read_to_string(en.join("dossier.yaml"))
            .unwrap()
            .contains("language: en")
    );
}
