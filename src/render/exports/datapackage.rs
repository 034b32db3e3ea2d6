//! `datapackage.json`: a Frictionless Data Package describing every CSV file of the
//! site (every column: type, unit where it has one, meaning), the other data files, and the
//! licence. `claims.de.csv`: the claims for spreadsheets set to German (and other locales whose
//! list separator is `;`).
//!
//! Why a second CSV rather than `sep=,`: Excel opens a CSV with the list separator of the
//! system's region, which is `;` in German, so the comma file lands in one column. A first
//! line `sep=,` makes Excel split at commas, but Excel then ignores the byte order mark and
//! reads the file as ANSI, so every umlaut breaks, and every other CSV reader sees a bogus
//! first row. `claims.de.csv` is what German Excel expects: `;` between cells, a decimal comma,
//! UTF-8 with a byte order mark. `claims.xlsx` is the file to recommend for any spreadsheet.

use serde_json::{Value, json};

use super::record::Cell;
use crate::render::Prepared;

/// Every column of the claim CSV files: name, Frictionless type, unit (empty: none), meaning.
pub const FIELDS: &[(&str, &str, &str, &str)] = &[
    ("id", "string", "", "Stable id of the claim (URL-safe)."),
    ("url", "string", "", "The claim's page on this site."),
    (
        "statement",
        "string",
        "",
        "What the quote asserts, in one sentence of the fact-checkers.",
    ),
    (
        "summary",
        "string",
        "",
        "A short summary of the claim, without the verdict.",
    ),
    (
        "quote",
        "string",
        "",
        "The quoted words of the article; `…` marks a gap.",
    ),
    (
        "quote_start",
        "integer",
        "Unicode code points",
        "Start of the quoted passage in the published article text (sources/ID/article.txt), counted from 0.",
    ),
    (
        "quote_end",
        "integer",
        "Unicode code points",
        "End (exclusive) of the quoted passage in the published article text.",
    ),
    (
        "verdict",
        "string",
        "",
        "Verdict id (see the verdict scale of the dossier).",
    ),
    ("verdict_label", "string", "", "Verdict as readers see it."),
    (
        "rating_value",
        "integer",
        "",
        "The verdict's place on the truth scale (higher = truer); empty for a verdict off the scale, such as 'cannot be checked'.",
    ),
    ("topic", "string", "", "Topic id."),
    ("topic_title", "string", "", "Topic title."),
    (
        "measure",
        "string",
        "",
        "Id of what the figure counts (a measure of the topic); empty without a figure.",
    ),
    ("measure_label", "string", "", "What the figure counts."),
    (
        "quantity_low",
        "number",
        "the `unit` column",
        "Lower end of the figure. With qualifier `up-to`, `less-than` or `just-under` it is the bound the source names, not a reported low value: do not sum it.",
    ),
    (
        "quantity_high",
        "number",
        "the `unit` column",
        "Upper end of the figure (equal to quantity_low unless the source gives a range).",
    ),
    (
        "quantity_qualifier",
        "string",
        "",
        "How the source qualifies the figure: exactly, about, just-under, up-to, more-than, at-least, less-than; empty when it gives none.",
    ),
    (
        "quantity_wording",
        "string",
        "",
        "The source's own words for a vague figure ('Tausende'); the numbers are then the dossier's reading of them.",
    ),
    ("unit", "string", "", "Unit of the figure (e.g. Soldaten, km², %)."),
    (
        "figure",
        "string",
        "",
        "The figure as the site writes it, with qualifier and unit.",
    ),
    (
        "as_of",
        "string",
        "",
        "The date the figure or claim refers to: YYYY-MM-DD, YYYY-MM or YYYY.",
    ),
    (
        "reviewed",
        "string",
        "",
        "When the claim was reviewed: YYYY-MM-DD, YYYY-MM or YYYY.",
    ),
    (
        "origin",
        "string",
        "",
        "Id of whom the article attributes the claim to; empty when the article itself is the origin.",
    ),
    (
        "origin_name",
        "string",
        "",
        "Name of the origin (the outlet when the article itself is the origin).",
    ),
    (
        "origin_kind",
        "string",
        "",
        "Kind of origin (government, military, media, …).",
    ),
    (
        "via",
        "string",
        "",
        "Intermediaries between origin and outlet, ids separated by ';', in order.",
    ),
    (
        "related",
        "string",
        "",
        "Related claims as relation:id, separated by ';'.",
    ),
    (
        "independent_origins",
        "integer",
        "",
        "Independent origins behind the claim: its own and those of claims that support it, origins that share a link of their chains counted once.",
    ),
    ("note", "string", "", "Why the verdict (Markdown)."),
    ("source", "string", "", "Id of the article the claim is quoted from."),
    ("source_title", "string", "", "Headline of the article."),
    (
        "source_outlet",
        "string",
        "",
        "Outlet that published the article; empty when it names none.",
    ),
    (
        "source_published",
        "string",
        "",
        "Publication date of the article: YYYY-MM-DD, YYYY-MM or YYYY.",
    ),
    ("source_language", "string", "", "Language of the article (BCP 47 tag)."),
    ("source_url", "string", "", "The article's original URL."),
    ("source_archive_url", "string", "", "An archived copy of the article."),
    (
        "source_sha256",
        "string",
        "",
        "SHA-256 (hex) of the published article text the offsets count in.",
    ),
    ("license", "string", "", "Licence of the data (SPDX id)."),
];

/// The Table Schema of the claim CSV files; `decimal_comma` for `claims.de.csv`.
fn table_schema(decimal_comma: bool) -> Value {
    let fields: Vec<Value> = FIELDS
        .iter()
        .map(|&(name, kind, unit, meaning)| {
            let mut field = json!({ "name": name, "type": kind, "description": meaning });
            if !unit.is_empty() {
                field["unit"] = json!(unit);
            }
            if kind == "number" && decimal_comma {
                field["decimalChar"] = json!(",");
            }
            if name == "id" {
                field["constraints"] = json!({ "required": true, "unique": true });
            }
            field
        })
        .collect();
    json!({ "fields": fields, "primaryKey": "id", "missingValues": [""] })
}

/// A CSV resource of claims.
fn csv_resource(name: &str, path: &str, title: String, german: bool) -> Value {
    let mut dialect =
        json!({ "delimiter": ",", "lineTerminator": "\r\n", "quoteChar": "\"", "doubleQuote": true, "header": true });
    if german {
        dialect["delimiter"] = json!(";");
    }
    json!({
        "name": name,
        "path": path,
        "title": title,
        "profile": "tabular-data-resource",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8-sig",
        "dialect": dialect,
        "schema": table_schema(german),
    })
}

/// `datapackage.json`.
pub fn descriptor(prepared: &Prepared<'_>) -> Vec<u8> {
    let dossier = prepared.dossier;
    let config = &dossier.config;
    let mut resources = vec![
        csv_resource("claims", "claims.csv", format!("{}: claims", config.title), false),
        csv_resource(
            "claims-de",
            "claims.de.csv",
            format!(
                "{}: claims (for German spreadsheets: ';' and decimal comma)",
                config.title
            ),
            true,
        ),
    ];
    for topic in &dossier.topics {
        resources.push(csv_resource(
            &format!("topic-{}", topic.id.to_lowercase()),
            &format!("topics/{}/claims.csv", topic.id),
            format!("{}: claims", topic.title),
            false,
        ));
    }
    resources.push(json!({
        "name": "claims-xlsx",
        "path": "claims.xlsx",
        "title": format!("{}: claims as a spreadsheet (sheet Claims), figures as numbers", config.title),
        "profile": "tabular-data-resource",
        "format": "xlsx",
        "mediatype": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "dialect": { "sheet": "Claims" },
        "schema": table_schema(false),
    }));
    for (name, path, format, mediatype, title) in [
        (
            "claims-json",
            "claims.json",
            "json",
            "application/json",
            "The claims as a JSON array (the columns of claims.csv)",
        ),
        (
            "database",
            "dossier.sqlite",
            "sqlite",
            "application/vnd.sqlite3",
            "Claims, sources, topics, measures, origins, relations and corrections as an SQLite database with full-text search",
        ),
        (
            "annotations",
            "annotations.jsonld",
            "jsonld",
            "application/ld+json",
            "Every quote as a W3C Web Annotation",
        ),
    ] {
        resources.push(json!({
            "name": name,
            "path": path,
            "title": title,
            "profile": "data-resource",
            "format": format,
            "mediatype": mediatype,
        }));
    }
    let mut package = json!({
        "profile": "data-package",
        "name": package_name(&config.title),
        "title": config.title,
        "description": crate::render::markdown::to_text(&config.description),
        "language": prepared.site.lang,
        "publisher": config.organization_name,
        "resources": resources,
    });
    if let Some(base) = &prepared.base_url {
        package["homepage"] = json!(base);
        package["id"] = json!(format!("{base}datapackage.json"));
    }
    if let Some(license) = &config.license {
        let mut entry = json!({ "name": license.id, "title": license.title });
        if let Some(url) = &license.url {
            entry["path"] = json!(url);
        }
        package["licenses"] = json!([entry]);
    }
    let mut text = serde_json::to_string_pretty(&package).unwrap_or_default();
    text.push('\n');
    text.into_bytes()
}

/// A package name as Frictionless wants it: lowercase letters, digits, `-`, `_`, `.`.
fn package_name(title: &str) -> String {
    let mut name = String::new();
    for c in title.chars().flat_map(char::to_lowercase) {
        let c = match c {
            'ä' => 'a',
            'ö' => 'o',
            'ü' => 'u',
            'ß' => 's',
            c => c,
        };
        if c.is_ascii_alphanumeric() {
            name.push(c);
        } else if !name.ends_with('-') {
            name.push('-');
        }
    }
    let name = name.trim_matches('-');
    if name.is_empty() {
        "dossier".to_owned()
    } else {
        name.to_owned()
    }
}

/// `claims.de.csv`, row by row into `out`: `;` between cells, decimal comma in the number
/// columns, CRLF, UTF-8 with a byte order mark; cells a spreadsheet could run as formulas
/// neutralised.
pub fn write_german_csv(records: &super::ClaimRecords<'_>, out: &mut dyn std::io::Write) -> Result<(), csv::Error> {
    out.write_all(super::BOM.as_bytes())?;
    let mut writer = csv::WriterBuilder::new()
        .delimiter(b';')
        .terminator(csv::Terminator::CRLF)
        .from_writer(out);
    writer.write_record(FIELDS.iter().map(|f| f.0))?;
    records.each(|record| {
        for (cell, &(_, kind, _, _)) in record.cells().into_iter().zip(FIELDS) {
            match cell {
                Cell::Number(n) if kind == "number" => writer.write_field(n.to_string().replace('.', ","))?,
                Cell::Number(n) => writer.write_field(n.to_string())?,
                Cell::Text(text) => writer.write_field(super::neutralise_formula(text).as_bytes())?,
                Cell::Empty => writer.write_field("")?,
            }
        }
        writer.write_record(None::<&[u8]>)
    })?;
    writer.flush()?;
    Ok(())
}
