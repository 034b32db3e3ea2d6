//! `dossier.sqlite`: the whole dossier as one SQLite database, for Datasette and any SQL tool.
//!
//! Tables: `sources`, `topics`, `measures`, `origins`, `verdicts`, `claims`, `claim_via`,
//! `relations`, `corrections`, `metadata`, with foreign keys; `claims_fts` (FTS5, external
//! content) searches statements, summaries and quotes. The database is built in a temporary
//! file (its pages never all in memory), vacuumed into another and copied out: the same dossier
//! gives the same bytes (SQLite's header keeps no time; a test compares builds in the scratch
//! folder and in the system's temporary folder).

use std::io::Write;
use std::path::Path;

use rusqlite::{Connection, params};

use super::ClaimRecords;
use crate::render::Prepared;

/// Why the database could not be made.
pub type DatabaseError = Box<dyn std::error::Error + Send + Sync>;

const SCHEMA: &str = "
CREATE TABLE metadata (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE sources (
  id TEXT PRIMARY KEY, title TEXT NOT NULL, outlet TEXT, author TEXT, published TEXT NOT NULL,
  language TEXT NOT NULL, url TEXT, archive_url TEXT, snapshot TEXT, sha256 TEXT NOT NULL
);
CREATE TABLE topics (id TEXT PRIMARY KEY, title TEXT NOT NULL, question TEXT, unit TEXT, description TEXT);
CREATE TABLE measures (
  topic TEXT NOT NULL REFERENCES topics(id), id TEXT NOT NULL, label TEXT NOT NULL, unit TEXT,
  description TEXT, PRIMARY KEY (topic, id)
);
CREATE TABLE origins (id TEXT PRIMARY KEY, name TEXT NOT NULL, kind TEXT NOT NULL, description TEXT);
CREATE TABLE verdicts (
  id TEXT PRIMARY KEY, label TEXT NOT NULL, rating INTEGER, position INTEGER NOT NULL, explanation TEXT
);
CREATE TABLE claims (
  id TEXT PRIMARY KEY, url TEXT NOT NULL, statement TEXT NOT NULL, summary TEXT NOT NULL,
  quote TEXT NOT NULL, quote_start INTEGER NOT NULL, quote_end INTEGER NOT NULL,
  verdict TEXT NOT NULL REFERENCES verdicts(id), topic TEXT NOT NULL REFERENCES topics(id),
  measure TEXT, quantity_low NUMERIC, quantity_high NUMERIC, quantity_qualifier TEXT,
  quantity_wording TEXT, unit TEXT, figure TEXT, as_of TEXT, reviewed TEXT,
  origin TEXT REFERENCES origins(id), source TEXT NOT NULL REFERENCES sources(id), note TEXT,
  license TEXT,
  FOREIGN KEY (topic, measure) REFERENCES measures(topic, id)
);
CREATE INDEX claims_topic ON claims(topic);
CREATE INDEX claims_origin ON claims(origin);
CREATE INDEX claims_source ON claims(source);
CREATE TABLE claim_via (
  claim TEXT NOT NULL REFERENCES claims(id), position INTEGER NOT NULL,
  origin TEXT NOT NULL REFERENCES origins(id), PRIMARY KEY (claim, position)
);
CREATE TABLE relations (
  claim TEXT NOT NULL REFERENCES claims(id), relation TEXT NOT NULL,
  other TEXT NOT NULL REFERENCES claims(id), PRIMARY KEY (claim, relation, other)
);
CREATE TABLE corrections (
  claim TEXT NOT NULL REFERENCES claims(id), date TEXT NOT NULL, time TEXT, commit_id TEXT,
  field TEXT, before TEXT, after TEXT, reason TEXT
);
CREATE VIRTUAL TABLE claims_fts USING fts5(
  statement, summary, quote, content='claims', content_rowid='rowid'
);
";

/// The database written to `out`, built in a temporary file of `scratch` (or, without one, of
/// the system's temporary folder), removed after. Always in a file: a database serialised from
/// memory has other header fields (no change counter, no SQLite version) than one written to
/// disk, and every build and serve rebuild must give the same bytes.
pub fn write_database(
    prepared: &Prepared<'_>,
    records: &ClaimRecords<'_>,
    scratch: Option<&Path>,
    out: &mut dyn Write,
) -> Result<(), DatabaseError> {
    let scratch = scratch.map_or_else(std::env::temp_dir, Path::to_path_buf);
    let prefix = super::SCRATCH_PREFIX;
    let built = tempfile::Builder::new().prefix(prefix).tempfile_in(&scratch)?;
    let vacuumed = tempfile::Builder::new().prefix(prefix).tempfile_in(&scratch)?;
    {
        let mut db = Connection::open(built.path())?;
        // A scratch file: nothing to roll back to, nothing to keep safe from a crash, no other
        // connection to share it with. Foreign keys are not enforced while it is filled (on by
        // default in the bundled SQLite; the rows come from a resolved dossier, each check was
        // a lookup per row and key, and no setting of the connection is stored in the file):
        // the tests check them with `foreign_key_check`.
        db.execute_batch(
            "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA locking_mode = EXCLUSIVE;
             PRAGMA foreign_keys = OFF;",
        )?;
        fill(prepared, records, &mut db)?;
        // Into a file of its own, which SQLite takes while empty (a plain VACUUM would copy
        // the database through a temporary one in the system's temporary folder or in memory).
        db.execute("VACUUM INTO ?1", [vacuumed.path().to_string_lossy()])?;
    }
    drop(built);
    std::io::copy(&mut std::fs::File::open(vacuumed.path())?, out)?;
    Ok(())
}

/// The tables, filled.
fn fill(prepared: &Prepared<'_>, records: &ClaimRecords<'_>, db: &mut Connection) -> rusqlite::Result<()> {
    let dossier = prepared.dossier;
    db.execute_batch(SCHEMA)?;
    let tx = db.transaction()?;
    {
        let mut meta = tx.prepare("INSERT INTO metadata VALUES (?1, ?2)")?;
        let config = &dossier.config;
        meta.execute(params!["title", config.title])?;
        meta.execute(params!["publisher", config.organization_name])?;
        meta.execute(params!["language", prepared.site.lang])?;
        if let Some(license) = &config.license {
            meta.execute(params!["license", license.id])?;
            meta.execute(params!["license_title", license.title])?;
            meta.execute(params!["license_url", license.url])?;
        }
        let hashes = records.source_hashes(dossier);
        let mut sources = tx.prepare("INSERT INTO sources VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)")?;
        for source in &dossier.sources {
            let sha = hashes
                .get(source.id.as_str())
                .map_or_else(|| super::sha256_hex(&source.text), Clone::clone);
            sources.execute(params![
                source.id,
                source.title,
                source.outlet,
                source.author,
                source.published.iso(),
                source.language,
                source.url,
                source.archive_url,
                source.snapshot,
                sha,
            ])?;
        }
        let mut topics = tx.prepare("INSERT INTO topics VALUES (?1, ?2, ?3, ?4, ?5)")?;
        let mut measures = tx.prepare("INSERT INTO measures VALUES (?1, ?2, ?3, ?4, ?5)")?;
        for topic in &dossier.topics {
            topics.execute(params![
                topic.id,
                topic.title,
                topic.question,
                topic.unit,
                topic.description
            ])?;
            for measure in &topic.measures {
                measures.execute(params![
                    topic.id,
                    measure.id,
                    measure.label,
                    measure.unit,
                    measure.description
                ])?;
            }
        }
        let mut origins = tx.prepare("INSERT INTO origins VALUES (?1, ?2, ?3, ?4)")?;
        for (origin, record) in dossier.origins.iter().zip(origin_kinds(dossier)) {
            origins.execute(params![origin.id, origin.name, record, origin.description])?;
        }
        let mut verdicts = tx.prepare("INSERT INTO verdicts VALUES (?1, ?2, ?3, ?4, ?5)")?;
        for (position, verdict) in dossier.config.verdicts.iter().enumerate() {
            verdicts.execute(params![
                verdict.id,
                verdict.label,
                verdict.rating,
                position as i64 + 1,
                verdict.explanation
            ])?;
        }
        let mut claims = tx.prepare(
            "INSERT INTO claims VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22)",
        )?;
        let mut via = tx.prepare("INSERT INTO claim_via VALUES (?1, ?2, ?3)")?;
        let mut relations = tx.prepare("INSERT OR IGNORE INTO relations VALUES (?1, ?2, ?3)")?;
        let number = |amount: Option<super::amount::Amount>| -> Option<rusqlite::types::Value> {
            amount.map(|a| match a.whole() {
                Some(whole) => rusqlite::types::Value::Integer(whole),
                None => rusqlite::types::Value::Real(a.0),
            })
        };
        records.each(|record| {
            claims.execute(params![
                record.id,
                record.url,
                record.statement,
                record.summary,
                record.quote,
                record.quote_start as i64,
                record.quote_end as i64,
                record.verdict,
                record.topic,
                record.measure,
                number(record.quantity_low),
                number(record.quantity_high),
                record.quantity_qualifier,
                record.quantity_wording,
                record.unit,
                record.figure,
                record.as_of,
                record.reviewed,
                record.origin,
                record.source,
                record.note,
                record.license,
            ])?;
            for (position, origin) in record.via.split(';').filter(|v| !v.is_empty()).enumerate() {
                via.execute(params![record.id, position as i64 + 1, origin])?;
            }
            for related in record.related.split(';').filter(|r| !r.is_empty()) {
                if let Some((relation, other)) = related.split_once(':') {
                    relations.execute(params![record.id, relation, other])?;
                }
            }
            Ok::<(), rusqlite::Error>(())
        })?;
        let mut corrections = tx.prepare("INSERT INTO corrections VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)")?;
        let claim_ids: std::collections::HashSet<&str> = dossier.claims.iter().map(|c| c.id.as_str()).collect();
        for change in &prepared.history.changes {
            if !claim_ids.contains(change.claim.as_str()) {
                continue;
            }
            for field in &change.fields {
                corrections.execute(params![
                    change.claim,
                    change.date().iso(),
                    change.timestamp(),
                    change.commit,
                    field.field.key(),
                    field.before,
                    field.after,
                    Option::<String>::None,
                ])?;
            }
        }
        for claim in &dossier.claims {
            for correction in &claim.corrections {
                corrections.execute(params![
                    claim.id,
                    correction.date.iso(),
                    Option::<String>::None,
                    Option::<String>::None,
                    Option::<String>::None,
                    Option::<String>::None,
                    Option::<String>::None,
                    correction.reason,
                ])?;
            }
        }
        tx.execute("INSERT INTO claims_fts(claims_fts) VALUES ('rebuild')", [])?;
    }
    tx.commit()
}

/// Each origin's kind as its content id (`government`, …).
fn origin_kinds(dossier: &crate::model::Dossier) -> Vec<String> {
    dossier
        .origins
        .iter()
        .map(|o| {
            serde_json::to_value(o.kind)
                .ok()
                .and_then(|v| v.as_str().map(str::to_owned))
                .unwrap_or_default()
        })
        .collect()
}
