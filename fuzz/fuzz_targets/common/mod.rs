//! Shared by the fuzz targets: a small valid dossier in memory and helpers to split one fuzz
//! input into several text fields.

#![allow(dead_code)]

use dossier::load::InputFiles;

/// Separates the fields of one fuzz input (a control character no example text contains).
pub const FIELD_SEPARATOR: char = '\u{1}';

/// The config of the in-memory dossier.
pub const CONFIG: &str = "title: \"Fuzz\"\nlanguage: de\nbase_url: \"https://example.org/d/\"\nverdicts:\n  - id: belegt\n    label: \"Belegt\"\n    explanation: \"Gedeckt.\"\n  - id: falsch\n    label: \"Falsch\"\n    explanation: \"Widerlegt.\"\n";

/// Topics of the in-memory dossier.
pub const TOPICS: &str = "- id: nk-truppen\n  title: \"Truppen\"\n  question: \"Wie viele?\"\n  unit: \"Soldaten\"\n  measures:\n    - id: entsandt\n      label: \"Entsandt\"\n    - id: geplant\n      label: \"Geplant\"\n";

/// Origins of the in-memory dossier.
pub const ORIGINS: &str = "- id: bloomberg\n  name: \"Bloomberg\"\n  kind: media\n";

/// The article of the in-memory dossier.
pub const ARTICLE: &str = "Titelzeile\n\nDer Machthaber hat seinen „Freund“ bereits mit knapp 11.000 Soldaten unterstützt. Bloomberg berichtet, dass Nordkorea bis zu 100.000\u{a0}Soldaten entsenden könnte.\n";

/// A valid source of the in-memory dossier (seeds/a.txt).
pub const SOURCE: &str = "id: artikel-a\nfile: seeds/a.txt\ntitle: \"Titel\"\noutlet: \"Blatt\"\npublished: 2024-11-18\nlanguage: de\nclaims:\n  - id: nk-11000\n    quote: \"mit knapp 11.000 Soldaten\"\n    statement: \"Nordkorea hat 11.000 Soldaten geschickt.\"\n    topic: nk-truppen\n    quantity: { value: 11000, qualifier: about, measure: entsandt }\n    origin: article\n    verdict: belegt\n    note: \"*Gedeckt*.\"\n";

/// A page of the in-memory dossier.
pub const PAGE: &str = "---\ntitle: \"Methodik\"\nnav: 1\n---\n# Wie wir prüfen\n\n| a | b |\n|---|---|\n| 1 | 2 |\n";

/// The valid dossier: config, topics, origins, one source, its article, one page.
pub fn dossier() -> InputFiles {
    let mut input = InputFiles::new("fuzz-dossier");
    input.insert_text("dossier.yaml", CONFIG);
    input.insert_text("content/topics.yaml", TOPICS);
    input.insert_text("content/origins.yaml", ORIGINS);
    input.insert_text("content/sources/a.yaml", SOURCE);
    input.insert_text("content/pages/methodik.md", PAGE);
    input.insert_text("seeds/a.txt", ARTICLE);
    input
}

/// The input as text (invalid UTF-8 replaced) split into exactly `N` fields; missing fields
/// are empty.
pub fn fields<const N: usize>(data: &[u8]) -> [String; N] {
    let text = String::from_utf8_lossy(data);
    let mut out: [String; N] = std::array::from_fn(|_| String::new());
    for (slot, part) in out.iter_mut().zip(text.splitn(N, FIELD_SEPARATOR)) {
        part.clone_into(slot);
    }
    out
}
