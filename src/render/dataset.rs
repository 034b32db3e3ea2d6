//! The schema.org `Dataset` of the index page: the data release (CSV, JSON, XLSX, SQLite,
//! Frictionless package, Web Annotations) with its licence and publisher, for data portals and
//! dataset search.

use serde_json::{Value, json};

use super::Prepared;

/// The downloads: path, encoding format, what it is.
const DISTRIBUTIONS: &[(&str, &str, &str)] = &[
    ("claims.csv", "text/csv", "claims.csv"),
    ("claims.de.csv", "text/csv", "claims.de.csv"),
    ("claims.json", "application/json", "claims.json"),
    (
        "claims.xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "claims.xlsx",
    ),
    ("dossier.sqlite", "application/vnd.sqlite3", "dossier.sqlite"),
    (
        "datapackage.json",
        "application/vnd.datapackage+json",
        "datapackage.json",
    ),
    ("annotations.jsonld", "application/ld+json", "annotations.jsonld"),
];

/// The `Dataset` as JSON-LD, escaped for a `<script>` element. URLs are absolute with a base
/// URL, else relative to the index page.
pub fn json_ld_html(prepared: &Prepared<'_>) -> String {
    super::escape::json_in_script(&dataset(prepared))
}

fn dataset(prepared: &Prepared<'_>) -> Value {
    let config = &prepared.dossier.config;
    let base = prepared.base_url.clone().unwrap_or_default();
    let distribution: Vec<Value> = DISTRIBUTIONS
        .iter()
        .map(|&(path, format, name)| {
            json!({
                "@type": "DataDownload",
                "name": name,
                "encodingFormat": format,
                "contentUrl": format!("{base}{path}"),
            })
        })
        .collect();
    let mut publisher = json!({ "@type": "Organization", "name": config.organization_name });
    if let Some(url) = &config.organization_url {
        publisher["url"] = json!(url);
    }
    let mut value = json!({
        "@context": "https://schema.org",
        "@type": "Dataset",
        "name": config.title,
        "description": prepared.site.description_text,
        "inLanguage": prepared.site.lang,
        "publisher": publisher,
        "creator": publisher,
        "isAccessibleForFree": true,
        "distribution": distribution,
    });
    if !base.is_empty() {
        value["url"] = json!(base);
    }
    if let Some(license) = &config.license {
        value["license"] = json!(license.url.clone().unwrap_or_else(|| license.id.clone()));
    }
    if let Some(reviewed) = &config.reviewed {
        value["dateModified"] = json!(reviewed.iso());
    }
    if let Some(latest) = prepared.history.changes.first() {
        value["dateModified"] = json!(latest.date().iso());
    }
    value
}
