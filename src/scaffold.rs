//! Scaffolding: the files of a new dossier (`dossier init`) and the YAML stub for a new
//! article (`dossier add-source`), with what can be read from the article's text: a title
//! line, a date line, and lines that look like page furniture rather than article body.

use crate::model::{PartialDate, suggest_id};

/// Files of a new, buildable dossier: path relative to its root, and content.
pub fn new_dossier_files(title: &str) -> Vec<(&'static str, String)> {
    use crate::load::shape::{FileKind, schema_comment, schema_files};
    let mut files = dossier_files(title);
    // Editors with the YAML language server complete keys and flag errors from `schema/`.
    for (path, content) in &mut files {
        let kind = match *path {
            "dossier.yaml" => FileKind::Config,
            "content/topics.yaml" => FileKind::Topics,
            "content/origins.yaml" => FileKind::Origins,
            p if p.starts_with("content/sources/") => FileKind::Source,
            _ => continue,
        };
        content.insert_str(0, &schema_comment(kind, path.matches('/').count()));
    }
    for (name, schema) in schema_files() {
        files.push((schema_path(name), schema));
    }
    files
}

/// `schema/NAME` for the schema files `init` writes.
fn schema_path(name: &'static str) -> &'static str {
    match name {
        "dossier.schema.json" => "schema/dossier.schema.json",
        "source.schema.json" => "schema/source.schema.json",
        "topics.schema.json" => "schema/topics.schema.json",
        "origins.schema.json" => "schema/origins.schema.json",
        _ => "schema/page.schema.json",
    }
}

fn dossier_files(title: &str) -> Vec<(&'static str, String)> {
    let config = format!(
        r#"# The dossier as a whole. See README.md for every field.
title: "{title}"
description: "What this dossier checks, for whom, and why."
language: en            # UI language: en or de
base_url: "https://example.org/dossier/"
organization:
  name: "Example Newsroom"
  url: "https://example.org/"
verdicts:               # best first; rating: a whole number (higher = truer) or none
  - id: correct
    label: "Correct"
    explanation: "The dossier's sources and arithmetic support the claim."
    rating: 2
  - id: unproven
    label: "Unproven"
    explanation: "Nothing in the dossier confirms or refutes the claim."
    rating: none        # not on the truth scale: says nothing about whether it is true
  - id: false
    label: "False"
    explanation: "The dossier's sources or arithmetic contradict the claim."
    rating: 1
"#,
        title = title.replace('"', "'")
    );
    vec![
        ("dossier.yaml", config),
        (
            "content/topics.yaml",
            r#"- id: troop-numbers
  title: "Troop numbers"
  question: "How many soldiers are deployed?"
  unit: "soldiers"
  description: "Figures for deployed troops, grouped by what they count."
  measures:
    - id: deployed
      label: "Deployed"
      description: "Soldiers reported as already deployed."
"#
            .to_owned(),
        ),
        (
            "content/origins.yaml",
            r#"- id: ministry
  name: "Ministry of Defence"
  kind: government
  description: "The ministry's press office."
"#
            .to_owned(),
        ),
        (
            "content/sources/example.yaml",
            r#"id: example-article
file: seeds/example.txt
title: "Ministry reports 11,000 soldiers deployed"
outlet: "Example Times"
published: 2024-11-18
reviewed: 2024-11-19    # when its claims were checked (a claim may carry its own)
language: en
exclude:
  - lines: 1
    reason: "Date line"
claims:
  - id: deployed-11000
    quote: "about 11,000 soldiers have been deployed"
    statement: "About 11,000 soldiers have been deployed, according to the ministry."
    topic: troop-numbers
    quantity: { value: 11000, qualifier: about, measure: deployed }
    as_of: 2024-11-18
    origin: ministry
    verdict: unproven
    note: "Only the ministry gives this figure; no other source in the dossier confirms it."
    conclusion: "Only the ministry gives this figure; nothing in the dossier confirms or contradicts it."
"#
            .to_owned(),
        ),
        (
            "seeds/example.txt",
            "18 November 2024\n\nThe Ministry of Defence said on Monday that about 11,000 soldiers have been deployed to the region.\n".to_owned(),
        ),
        (
            "content/pages/methodology.md",
            r#"---
title: "Methodology"
nav: 1
description: "How claims are selected and rated."
---
# Methodology

Every sentence with a figure or a quotation is a claim. Each claim is rated on the verdict scale
set in `dossier.yaml`, with a note explaining the verdict.

## How claims relate

A link between two claims is read from the claim that declares it:

- "A **supports** B": A is evidence for B; B's page says it "is supported by" A. Support needs a
  second origin: one origin repeating itself, or one article repeating itself, is not support.
- "A **contradicts** B": the two cannot both be true. It reads the same from both sides.
- "**Same origin** as": both claims repeat one report of one origin. They count as one origin:
  a comparison table shows them as one row, with the number of articles and passages that
  repeat it ("1 origin, 2 articles, 3 passages").
- "A **updates** B": A is a newer figure for what B counts; B "is updated by" A.
"#
            .to_owned(),
        ),
    ]
}

/// Lines that are page furniture, not article body: the line itself and why.
const FURNITURE: [(&str, &str); 9] = [
    ("post image", "image placeholder"),
    ("you may also like", "related-articles teaser"),
    ("das könnte sie auch interessieren", "related-articles teaser"),
    ("weitere artikel", "related-articles teaser"),
    ("mehr zum thema", "related-articles teaser"),
    ("read more", "related-articles teaser"),
    ("advertisement", "advertisement"),
    ("anzeige", "advertisement"),
    ("|", "layout residue"),
];

/// What `add-source` read from an article's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArticleGuess {
    /// A likely headline.
    pub title: Option<String>,
    /// A likely publication date, and the 1-based line it was on.
    pub published: Option<(PartialDate, usize)>,
    /// 1-based line ranges (inclusive) that look like furniture, with a reason.
    pub furniture: Vec<(usize, usize, String)>,
}

/// Reads a title, a date and furniture lines from an article's text.
pub fn guess(text: &str) -> ArticleGuess {
    let lines: Vec<&str> = text.lines().collect();
    let mut published = None;
    let mut furniture: Vec<(usize, usize, String)> = Vec::new();
    for (index, line) in lines.iter().enumerate() {
        let trimmed = line.trim().trim_start_matches(['•', '·', '-', '*']).trim();
        if trimmed.is_empty() {
            continue;
        }
        let lowered = trimmed.to_lowercase();
        if let Some((_, reason)) = FURNITURE
            .iter()
            .find(|(marker, _)| lowered == *marker || lowered.trim_end_matches(':') == *marker)
        {
            // Teasers run to the end of the file.
            let to_end = reason.contains("teaser");
            let last = if to_end { lines.len() } else { index + 1 };
            furniture.push((index + 1, last, (*reason).to_owned()));
            if to_end {
                break;
            }
            continue;
        }
        if trimmed.chars().count() <= 40
            && let Some(date) = find_date(trimmed)
        {
            published.get_or_insert((date, index + 1));
            furniture.push((index + 1, index + 1, "date line".to_owned()));
        }
    }
    let in_furniture = |n: usize| furniture.iter().any(|(a, b, _)| (*a..=*b).contains(&n));
    let title = lines
        .iter()
        .enumerate()
        .map(|(i, l)| (i + 1, l.trim()))
        .find(|(n, l)| !l.is_empty() && !in_furniture(*n) && l.chars().count() <= 160 && !l.ends_with('.'))
        .map(|(_, l)| l.to_owned());
    ArticleGuess {
        title,
        published,
        furniture,
    }
}

/// Finds a date in a short line: `18.11.2024`, `2024-11-18`, `2024-11`, `04 November 2024`,
/// `26. November, 2024`, `November 2024`.
pub fn find_date(line: &str) -> Option<PartialDate> {
    const MONTHS: [(&str, u8); 24] = [
        ("januar", 1),
        ("january", 1),
        ("februar", 2),
        ("february", 2),
        ("märz", 3),
        ("march", 3),
        ("april", 4),
        ("mai", 5),
        ("may", 5),
        ("juni", 6),
        ("june", 6),
        ("juli", 7),
        ("july", 7),
        ("august", 8),
        ("september", 9),
        ("oktober", 10),
        ("october", 10),
        ("november", 11),
        ("dezember", 12),
        ("december", 12),
        ("jan", 1),
        ("feb", 2),
        ("okt", 10),
        ("dez", 12),
    ];
    let words: Vec<String> = line
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .map(|w| w.trim_end_matches('.').to_lowercase())
        .collect();
    for word in &words {
        // 18.11.2024
        let parts: Vec<&str> = word.split('.').collect();
        if let [d, m, y] = parts.as_slice()
            && y.len() == 4
            && let Ok(date) = PartialDate::parse(&format!("{y}-{:0>2}-{:0>2}", m, d))
        {
            return Some(date);
        }
        // 2024-11-18 or 2024-11
        if word.len() >= 7
            && word.as_bytes()[4] == b'-'
            && let Ok(date) = PartialDate::parse(word)
        {
            return Some(date);
        }
    }
    for (i, word) in words.iter().enumerate() {
        let Some(&(_, month)) = MONTHS.iter().find(|(name, _)| name == word) else {
            continue;
        };
        let year = words
            .get(i + 1)
            .filter(|y| y.len() == 4 && y.bytes().all(|b| b.is_ascii_digit()))?;
        let day = i
            .checked_sub(1)
            .and_then(|d| words.get(d))
            .filter(|d| d.len() <= 2 && d.bytes().all(|b| b.is_ascii_digit()));
        let text = match day {
            Some(day) => format!("{year}-{month:02}-{day:0>2}"),
            None => format!("{year}-{month:02}"),
        };
        return PartialDate::parse(&text).ok();
    }
    None
}

/// The YAML stub for a new source whose text is at `seed_path` (e.g. `seeds/a.txt`).
pub fn source_stub(id: &str, seed_path: &str, text: &str) -> String {
    source_stub_with(id, seed_path, text, &KnownFields::default())
}

/// What the annotator already knows about a new source (`add-source` flags): each wins over
/// the guess from the text and is written without a "confirm" note.
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

/// [`source_stub`] with fields the annotator gave.
pub fn source_stub_with(id: &str, seed_path: &str, text: &str, known: &KnownFields) -> String {
    let guessed = guess(text);
    let mut yaml = crate::load::shape::schema_comment(crate::load::shape::FileKind::Source, 2);
    yaml.push_str("# Written by `dossier add-source`: confirm every guessed field, then add claims.\n");
    yaml.push_str(&format!("id: {id}\nfile: {seed_path}\n"));
    match (&known.title, &guessed.title) {
        (Some(title), _) => yaml.push_str(&format!("title: {}\n", yaml_string(title))),
        (None, Some(title)) => yaml.push_str(&format!(
            "title: {}  # guessed from the text: confirm\n",
            yaml_string(title)
        )),
        (None, None) => yaml.push_str("title: \"TODO: headline\"\n"),
    }
    match &known.outlet {
        Some(outlet) => yaml.push_str(&format!("outlet: {}\n", yaml_string(outlet))),
        None => yaml.push_str("outlet: \"TODO: outlet\"\n"),
    }
    match (&known.published, &guessed.published) {
        (Some(date), _) => yaml.push_str(&format!("published: {}\n", yaml_string(date))),
        (None, Some((date, line))) => yaml.push_str(&format!("published: {date}  # read from line {line}: confirm\n")),
        (None, None) => {
            yaml.push_str("published: TODO  # no date found in the text: write 2024-11-18, 2024-11 or 2024\n")
        }
    }
    match &known.url {
        Some(url) => yaml.push_str(&format!("url: {}\n", yaml_string(url))),
        None => yaml.push_str("# url: \"https://...\"\n"),
    }
    yaml.push_str("# archive_url: \"https://web.archive.org/...\"\n");
    match &known.language {
        Some(language) => yaml.push_str(&format!("language: {}\n", yaml_string(language))),
        None => yaml.push_str("language: de  # confirm\n"),
    }
    if guessed.furniture.is_empty() {
        yaml.push_str("exclude: []\n");
    } else {
        yaml.push_str("exclude:  # lines that look like page furniture, not article body: confirm\n");
        for (first, last, reason) in &guessed.furniture {
            let lines = if first == last {
                first.to_string()
            } else {
                format!("{first}-{last}")
            };
            yaml.push_str(&format!(
                "  - lines: {}\n    reason: {}\n",
                yaml_string(&lines),
                yaml_string(reason)
            ));
        }
    }
    yaml.push_str("claims: []\n");
    yaml
}

/// An id for a new source from the seed file's name.
pub fn source_id(file_stem: &str) -> String {
    suggest_id(file_stem)
}

fn yaml_string(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_else(|_| "\"\"".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_the_seed_formats() {
        let date = |s: &str| find_date(s).map(|d| d.iso());
        assert_eq!(date("18.11.2024 08:31").as_deref(), Some("2024-11-18"));
        assert_eq!(date("  • 04 November 2024").as_deref(), Some("2024-11-04"));
        assert_eq!(date("26. November, 2024").as_deref(), Some("2024-11-26"));
        assert_eq!(date("date 2024-11").as_deref(), Some("2024-11"));
        assert_eq!(date("Im November 2024 geschah").as_deref(), Some("2024-11"));
        assert_eq!(date("Keine Zahl hier"), None);
        assert_eq!(date("31.02.2024"), None, "impossible dates are not guessed");
    }

    #[test]
    fn guesses_title_date_and_furniture() {
        let text = "Nordkoreanische Truppen in der Ukraine\n\n  • WorldScope\n  • |\n  • 04 November 2024\nPost image\n\nDer Text beginnt hier.\n\nYou May Also Like\nAnderer Artikel\n";
        let guessed = guess(text);
        assert_eq!(guessed.title.as_deref(), Some("Nordkoreanische Truppen in der Ukraine"));
        assert_eq!(
            guessed.published.map(|(d, l)| (d.iso(), l)),
            Some(("2024-11-04".to_owned(), 5))
        );
        let lines: Vec<(usize, usize)> = guessed.furniture.iter().map(|(a, b, _)| (*a, *b)).collect();
        assert_eq!(lines, [(4, 4), (5, 5), (6, 6), (10, 11)]);
    }

    #[test]
    fn the_stub_is_valid_yaml_of_the_source_format() {
        let stub = source_stub("artikel", "seeds/artikel.txt", "Titel\n18.11.2024 08:31\nText.\n");
        let parsed: crate::load::schema::SourceFile = crate::load::parse_yaml(&stub).expect("stub parses");
        assert_eq!(parsed.title, "Titel");
        assert_eq!(parsed.published.value.0, "2024-11-18");
        assert_eq!(parsed.exclude.len(), 1);
    }
}
