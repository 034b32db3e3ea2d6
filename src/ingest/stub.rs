//! The YAML file `add-source` writes for a new source: the fields the annotator gave (flags),
//! then the guesses, each marked `# TODO confirm: …` with where it was read (so `check` lists
//! every one until it is confirmed), the page furniture as proposed `exclude` entries (a wrong
//! one shows up when a quote falls into it), and for a saved
//! or fetched page its snapshot, their SHA-256 and the time of the fetch.

use super::guess::{Evidence, Guessed, Guesses, clip};
use crate::load::shape::{FileKind, schema_comment};

/// What the annotator already knows about a new source (`add-source` flags): each wins over
/// the guess and is written without a mark.
#[derive(Debug, Clone, Default)]
pub struct KnownFields {
    /// The headline.
    pub title: Option<String>,
    /// The outlet.
    pub outlet: Option<String>,
    /// The publication date (`2024-11-18`, `2024-11` or `2024`).
    pub published: Option<String>,
    /// The original URL.
    pub url: Option<String>,
    /// The article's language tag.
    pub language: Option<String>,
}

/// Where the article text came from, when it was a page: the page kept as a snapshot.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Capture {
    /// The snapshot's path in the dossier, e.g. `seeds/ID.html`.
    pub snapshot: String,
    /// SHA-256 of the snapshot, lowercase hex.
    pub snapshot_sha256: String,
    /// SHA-256 of the article text file, lowercase hex.
    pub text_sha256: String,
    /// For a fetched page: its address and when it was fetched.
    pub fetched: Option<Fetch>,
}

/// A fetch of a page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fetch {
    /// The address the page came from (after redirects).
    pub url: String,
    /// The address given, when it redirected elsewhere.
    pub redirected_from: Option<String>,
    /// When the answer arrived: RFC 3339, UTC, to the second.
    pub at: String,
}

/// A new source file's parts.
#[derive(Debug, Clone, Copy)]
pub struct Draft<'a> {
    /// The source's id.
    pub id: &'a str,
    /// Its article text, e.g. `seeds/ID.txt`.
    pub seed_path: &'a str,
    /// What was read from the article.
    pub guesses: &'a Guesses,
    /// What the annotator gave.
    pub known: &'a KnownFields,
    /// The page it came from, if it did.
    pub capture: Option<&'a Capture>,
}

/// The YAML text of a new source file in `content/sources/`.
pub fn source_yaml(draft: &Draft<'_>) -> String {
    let Draft {
        id,
        seed_path,
        guesses,
        known,
        capture,
    } = *draft;
    let mut yaml = schema_comment(FileKind::Source, 2);
    yaml.push_str("# Written by `dossier add-source`. Check each guessed value against the article (its comment\n");
    yaml.push_str("# says where it was read), correct it and delete the comment; `dossier check` lists those left.\n");
    yaml.push_str(&format!("id: {id}\nfile: {seed_path}\n"));
    field(
        &mut yaml,
        "title",
        known.title.as_deref(),
        guesses.title.as_ref(),
        "\"TODO: headline\"  # not found: write the headline",
    );
    field(
        &mut yaml,
        "outlet",
        known.outlet.as_deref(),
        guesses.outlet.as_ref(),
        "\"TODO: outlet\"  # write the medium that published it",
    );
    if let Some(author) = &guesses.author {
        guessed(&mut yaml, "author", &yaml_string(&author.value), &author.from);
    }
    match (&known.published, &guesses.published) {
        (Some(date), _) => yaml.push_str(&format!("published: {}\n", yaml_string(date))),
        (None, Some(date)) => guessed(&mut yaml, "published", &date.value.iso(), &date.from),
        (None, None) => {
            yaml.push_str("published: TODO  # no date found: write 2024-11-18, 2024-11 or 2024\n");
        }
    }
    let fetched = capture.and_then(|c| c.fetched.as_ref());
    match (&known.url, fetched) {
        (Some(url), _) => yaml.push_str(&format!("url: {}\n", yaml_string(url))),
        (None, Some(fetch)) => {
            yaml.push_str(&format!("url: {}", yaml_string(&fetch.url)));
            if let Some(from) = &fetch.redirected_from {
                yaml.push_str(&format!("  # redirected from {}", clip(from)));
            }
            yaml.push('\n');
        }
        (None, None) => yaml.push_str("# url: \"https://...\"\n"),
    }
    yaml.push_str("# archive_url: \"https://web.archive.org/...\"\n");
    if let Some(capture) = capture {
        yaml.push_str(&format!(
            "snapshot: {}  # the page as it was read\nsnapshot_sha256: {}\ntext_sha256: {}  # of {seed_path} as add-source wrote it\n",
            yaml_string(&capture.snapshot),
            capture.snapshot_sha256,
            capture.text_sha256
        ));
        if let Some(fetch) = fetched {
            yaml.push_str(&format!(
                "fetched_at: {}  # when add-source fetched the page (UTC), not when it was published\n",
                yaml_string(&fetch.at)
            ));
        }
    }
    match (&known.language, &guesses.language) {
        (Some(language), _) => yaml.push_str(&format!("language: {}\n", yaml_string(language))),
        (None, Some(language)) => guessed(&mut yaml, "language", &language.value, &language.from),
        (None, None) => yaml
            .push_str("language: TODO  # the text is too short to tell its language: write its tag (de, en, fr, …)\n"),
    }
    if guesses.clutter.is_empty() {
        yaml.push_str("exclude: []\n");
    } else {
        yaml.push_str("exclude:  # proposed: page furniture, not article body; delete entries that are body\n");
        for part in &guesses.clutter {
            let lines = if part.first == part.last {
                part.first.to_string()
            } else {
                format!("{}-{}", part.first, part.last)
            };
            yaml.push_str(&format!(
                "  - lines: {}\n    reason: {}\n",
                yaml_string(&lines),
                yaml_string(part.kind.reason())
            ));
        }
    }
    yaml.push_str("claims: []\n");
    yaml
}

/// `key: value`: the annotator's if given, else the guess marked for confirmation, else the
/// placeholder.
fn field(yaml: &mut String, key: &str, known: Option<&str>, guess: Option<&Guessed<String>>, placeholder: &str) {
    match (known, guess) {
        (Some(value), _) => yaml.push_str(&format!("{key}: {}\n", yaml_string(value))),
        (None, Some(guess)) => guessed(yaml, key, &yaml_string(&guess.value), &guess.from),
        (None, None) => yaml.push_str(&format!("{key}: {placeholder}\n")),
    }
}

fn guessed(yaml: &mut String, key: &str, value: &str, from: &Evidence) {
    yaml.push_str(&format!(
        "{key}: {value}  # TODO confirm: {}\n",
        comment_text(&from.to_string())
    ));
}

/// Text safe in a YAML comment: one line.
fn comment_text(text: &str) -> String {
    text.chars().map(|c| if c.is_control() { ' ' } else { c }).collect()
}

/// A YAML double-quoted string (JSON's escaping is YAML's).
pub(crate) fn yaml_string(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_else(|_| "\"\"".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::guess::guess;
    use crate::load::schema::SourceFile;

    fn parse(yaml: &str) -> SourceFile {
        crate::load::parse_yaml(yaml).unwrap_or_else(|e| panic!("{e:?}\n{yaml}"))
    }

    #[test]
    fn flags_win_and_guesses_are_marked() {
        let guesses = guess(
            "A headline for once\n18.11.2024\n\nShare\n\nDer Minister sagte am Montag, dass inzwischen deutlich mehr Soldaten in der Region seien als bisher angenommen.\n",
            None,
        );
        let known = KnownFields {
            title: Some("Given \"title\"".into()),
            published: Some("2024-11-19".into()),
            ..KnownFields::default()
        };
        let draft = Draft {
            id: "a",
            seed_path: "seeds/a.txt",
            guesses: &guesses,
            known: &known,
            capture: None,
        };
        let yaml = source_yaml(&draft);
        let parsed = parse(&yaml);
        assert_eq!(parsed.title, "Given \"title\"");
        assert_eq!(parsed.published.value.0, "2024-11-19");
        assert!(yaml.contains("title: \"Given \\\"title\\\"\"\n"), "{yaml}");
        assert!(
            yaml.contains("language: de  # TODO confirm: detected in the text (German"),
            "{yaml}"
        );
        let reasons: Vec<_> = parsed
            .exclude
            .iter()
            .map(|e| e.reason.clone().unwrap_or_default())
            .collect();
        assert_eq!(reasons, ["date line", "share buttons"]);
    }

    #[test]
    fn a_capture_is_recorded() {
        let guesses = Guesses::default();
        let capture = Capture {
            snapshot: "seeds/a.html".into(),
            snapshot_sha256: "ab".repeat(32),
            text_sha256: "cd".repeat(32),
            fetched: Some(Fetch {
                url: "https://example.com/b".into(),
                redirected_from: Some("http://example.com/a".into()),
                at: "2026-12-01T18:00:00Z".into(),
            }),
        };
        let yaml = source_yaml(&Draft {
            id: "a",
            seed_path: "seeds/a.txt",
            guesses: &guesses,
            known: &KnownFields::default(),
            capture: Some(&capture),
        });
        let parsed = parse(&yaml);
        assert_eq!(parsed.url.map(|u| u.value).as_deref(), Some("https://example.com/b"));
        assert_eq!(parsed.fetched_at.as_deref(), Some("2026-12-01T18:00:00Z"));
        assert_eq!(parsed.snapshot.map(|s| s.value).as_deref(), Some("seeds/a.html"));
        assert_eq!(
            parsed.text_sha256.as_ref().map(|s| s.value.as_str()),
            Some("cd".repeat(32).as_str())
        );
        assert!(yaml.contains("language: TODO"), "{yaml}");
    }
}
