//! Scaffolding: the files of a new dossier (`dossier init`) and the YAML stub for a new
//! article (`dossier add-source`), with what can be read from the article's text: a title
//! line, a date line, and lines that look like page furniture rather than article body.

use crate::model::{Language, suggest_id};

/// The output folder, the build's staging folder and its cache beside it: made by `build`, not content.
const GITIGNORE: &str =
    "# Made by `dossier build` and `dossier serve`: not content.\n/public/\n/.public.staging/\n/.public.cache/\n";

/// Files of a new, buildable dossier in English: path relative to its root, and content.
pub fn new_dossier_files(title: &str) -> Vec<(&'static str, String)> {
    new_dossier_files_in(title, Language::En)
}

/// The title `init` gives a new dossier in `language` when none is given.
pub fn default_title(language: Language) -> &'static str {
    match language {
        Language::De => "Mein Faktencheck-Dossier",
        Language::En => "My fact-check dossier",
    }
}

/// Files of a new, buildable dossier whose UI, sample content, verdict scale and Methodology
/// page are in `language`, with a `.gitignore` for the output: path relative to its root, and
/// content.
pub fn new_dossier_files_in(title: &str, language: Language) -> Vec<(&'static str, String)> {
    use crate::load::shape::{FileKind, schema_comment, schema_files};
    let mut files = match language {
        Language::De => german_dossier_files(title),
        Language::En => dossier_files(title),
    };
    files.push((".gitignore", GITIGNORE.to_owned()));
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

fn german_dossier_files(title: &str) -> Vec<(&'static str, String)> {
    let config = format!(
        r#"# Das Dossier als Ganzes. README.md beschreibt jedes Feld.
title: "{title}"
description: "Was dieses Dossier prüft, für wen und warum."
language: de            # Sprache der Seiten: de oder en
base_url: "https://example.org/dossier/"
organization:
  name: "Beispielredaktion"
  url: "https://example.org/"
verdicts:               # das beste zuerst; rating: ganze Zahl (höher = wahrer) oder none
  - id: belegt
    label: "Belegt"
    explanation: "Die Quellen des Dossiers und die Rechnung stützen die Behauptung."
    rating: 2
  - id: unbelegt
    label: "Unbelegt"
    explanation: "Nichts im Dossier bestätigt oder widerlegt die Behauptung."
    rating: none        # nicht auf der Wahrheitsskala: sagt nichts darüber, ob sie stimmt
  - id: falsch
    label: "Falsch"
    explanation: "Die Quellen des Dossiers oder die Rechnung widerlegen die Behauptung."
    rating: 1
"#,
        title = title.replace('"', "'")
    );
    vec![
        ("dossier.yaml", config),
        (
            "content/topics.yaml",
            r#"- id: truppenstaerke
  title: "Truppenstärke"
  question: "Wie viele Soldaten sind im Einsatz?"
  unit: "Soldaten"
  description: "Zahlen zu eingesetzten Truppen, nach dem geordnet, was sie zählen."
  measures:
    - id: entsandt
      label: "Entsandt"
      description: "Soldaten, die als bereits entsandt gemeldet werden."
"#
            .to_owned(),
        ),
        (
            "content/origins.yaml",
            r#"- id: ministerium
  name: "Verteidigungsministerium"
  kind: government
  description: "Die Pressestelle des Ministeriums."
"#
            .to_owned(),
        ),
        (
            "content/sources/beispiel.yaml",
            r#"id: beispiel-artikel
file: seeds/beispiel.txt
title: "Ministerium meldet 11.000 entsandte Soldaten"
outlet: "Beispielzeitung"
published: 2024-11-18
reviewed: 2024-11-19    # wann die Behauptungen geprüft wurden (eine Behauptung kann ein eigenes Datum haben)
language: de
exclude:
  - lines: 1
    reason: "Datumszeile"
claims:
  - id: entsandt-11000
    quote: "rund 11.000 Soldaten in die Region entsandt"
    statement: "Rund 11.000 Soldaten wurden laut Ministerium in die Region entsandt."
    topic: truppenstaerke
    quantity: { value: 11000, qualifier: about, measure: entsandt }
    as_of: 2024-11-18
    origin: ministerium
    verdict: unbelegt
    note: "Nur das Ministerium nennt diese Zahl; keine andere Quelle des Dossiers bestätigt sie."
    conclusion: "Nur das Ministerium nennt diese Zahl; nichts im Dossier bestätigt oder widerlegt sie."
"#
            .to_owned(),
        ),
        (
            "seeds/beispiel.txt",
            "18. November 2024\n\nDas Verteidigungsministerium teilte am Montag mit, es habe rund 11.000 Soldaten in die Region entsandt.\n".to_owned(),
        ),
        (
            "content/pages/methodik.md",
            r#"---
title: "Methodik"
nav: 1
description: "Wie Behauptungen ausgewählt und bewertet werden."
verdict_scale: true
---
# Methodik

Jeder Satz mit einer Zahl oder einem Zitat ist eine Behauptung. Jede Behauptung wird auf der
Bewertungsskala aus `dossier.yaml` eingeordnet, mit einer Notiz, die die Bewertung begründet.

## Wie Behauptungen zusammenhängen

Eine Verbindung zwischen zwei Behauptungen wird von der Behauptung aus gelesen, die sie angibt:

- „A **stützt** B“: A ist ein Beleg für B; auf der Seite von B steht „wird gestützt von“ A.
  Stützen braucht einen zweiten Ursprung: Ein Ursprung, der sich wiederholt, oder ein Artikel,
  der sich wiederholt, stützt nichts.
- „A **widerspricht** B“: Beide können nicht zugleich stimmen. Das gilt in beide Richtungen.
- „**Derselbe Ursprung** wie“: Beide Behauptungen geben denselben Bericht desselben Ursprungs
  wieder. Sie zählen als ein Ursprung: Eine Vergleichstabelle zeigt sie als eine Zeile, mit der
  Zahl der Artikel und Stellen, die ihn wiederholen („1 Ursprung, 2 Artikel, 3 Stellen“).
- „A **aktualisiert** B“: A ist eine neuere Zahl für das, was B zählt; B „wird aktualisiert
  durch“ A.
"#
            .to_owned(),
        ),
    ]
}

pub use crate::ingest::KnownFields;
pub use crate::ingest::date::find_date;

/// The YAML stub for a new source whose text is at `seed_path` (e.g. `seeds/a.txt`).
pub fn source_stub(id: &str, seed_path: &str, text: &str) -> String {
    source_stub_with(id, seed_path, text, &KnownFields::default())
}

/// [`source_stub`] with fields the annotator gave (see `crate::ingest` for the guessing).
pub fn source_stub_with(id: &str, seed_path: &str, text: &str, known: &KnownFields) -> String {
    let guesses = crate::ingest::guess(text, None);
    crate::ingest::source_yaml(&crate::ingest::Draft {
        id,
        seed_path,
        guesses: &guesses,
        known,
        capture: None,
    })
}

/// An id for a new source from the seed file's name.
pub fn source_id(file_stem: &str) -> String {
    suggest_id(file_stem)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_stub_is_valid_yaml_of_the_source_format() {
        let stub = source_stub(
            "artikel",
            "seeds/artikel.txt",
            "Titel des Artikels\n18.11.2024 08:31\nText.\n",
        );
        let parsed: crate::load::schema::SourceFile = crate::load::parse_yaml(&stub).expect("stub parses");
        assert_eq!(parsed.title, "Titel des Artikels");
        assert_eq!(parsed.published.value.0, "2024-11-18");
        assert_eq!(parsed.exclude.len(), 1);
    }
}
