//! The corrections log: what changed in each claim over the dossier's git history.
//!
//! [`git::read`] walks the commits of the repository whose top folder is the dossier root and
//! compares, commit by commit, the claims of `content/sources/*.yaml` with those of the
//! parent: a changed verdict, figure, statement or quote is a [`FieldChange`]. Claims added or
//! removed are not corrections. The result ([`History`]) is plain data, ordered newest first,
//! the same for the same commits: the render stage shows it (claim pages, the corrections page
//! and feed, `dateModified`, the data release), [`missing_reasons`] checks that every changed
//! verdict has a `corrections:` entry saying why.

pub mod git;

use std::collections::BTreeMap;

use crate::diagnostic::{Diagnostic, Language};
use crate::model::{Dossier, PartialDate};
use crate::say;

/// A field of a claim whose change the log records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ChangedField {
    /// The verdict id.
    Verdict,
    /// The figure (value or range, qualifier, unit, measure).
    Figure,
    /// Our statement of the claim.
    Statement,
    /// The quoted words.
    Quote,
}

impl ChangedField {
    /// The field's name in the content files (`verdict`, `quantity`, `statement`, `quote`).
    pub fn key(self) -> &'static str {
        match self {
            Self::Verdict => "verdict",
            Self::Figure => "quantity",
            Self::Statement => "statement",
            Self::Quote => "quote",
        }
    }
}

/// One field's value before and after a commit.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize)]
pub struct FieldChange {
    /// Which field.
    pub field: ChangedField,
    /// Its value before (as written in the content file; a figure as `value unit`).
    pub before: String,
    /// Its value after.
    pub after: String,
    /// For a figure: the quantity before and after as the content file held it (absent on the
    /// side without one), for the one figure formatter.
    pub figures: Option<(Option<RecordedFigure>, Option<RecordedFigure>)>,
}

/// A claim's `quantity:` as a committed version held it, read leniently (every field
/// optional): what the one figure formatter needs to write it like every other figure.
#[derive(Debug, Clone, Default, PartialEq, serde::Deserialize, serde::Serialize)]
pub struct RecordedFigure {
    /// `value:`.
    pub value: Option<f64>,
    /// `min:`.
    pub min: Option<f64>,
    /// `max:`.
    pub max: Option<f64>,
    /// `qualifier:` as written (`up-to`).
    pub qualifier: Option<String>,
    /// `wording:` (the source's words for a vague quantity).
    pub wording: Option<String>,
    /// `unit:`.
    pub unit: Option<String>,
    /// `measure:` (the measure's id).
    pub measure: Option<String>,
}

impl Eq for RecordedFigure {}

impl std::hash::Hash for RecordedFigure {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        [self.value, self.min, self.max]
            .map(|n| n.map(f64::to_bits))
            .hash(state);
        (&self.qualifier, &self.wording, &self.unit, &self.measure).hash(state);
    }
}

/// The changes one commit made to one claim.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize)]
pub struct ClaimChange {
    /// The claim's id.
    pub claim: String,
    /// The commit's id (hex).
    pub commit: String,
    /// When it was committed, in seconds since 1970 (UTC).
    pub time: i64,
    /// The first line of its message.
    pub message: String,
    /// What changed, in the order of [`ChangedField`].
    pub fields: Vec<FieldChange>,
}

impl ClaimChange {
    /// The commit's day (UTC).
    pub fn date(&self) -> PartialDate {
        let (year, month, day) = civil_from_days(self.time.div_euclid(86_400));
        PartialDate {
            year,
            month: Some(month),
            day: Some(day),
        }
    }

    /// The commit's time as an RFC 3339 timestamp (UTC).
    pub fn timestamp(&self) -> String {
        let seconds = self.time.rem_euclid(86_400);
        format!(
            "{}T{:02}:{:02}:{:02}Z",
            self.date().iso(),
            seconds / 3600,
            seconds / 60 % 60,
            seconds % 60
        )
    }

    /// Whether the verdict changed.
    pub fn changes_verdict(&self) -> bool {
        self.fields.iter().any(|f| f.field == ChangedField::Verdict)
    }
}

/// The year, month and day of a day count since 1970-01-01 (proleptic Gregorian calendar;
/// H. Hinnant's `civil_from_days`).
fn civil_from_days(days: i64) -> (i32, u8, u8) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097);
    let year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let mp = (5 * day_of_year + 2) / 153;
    let day = (day_of_year - (153 * mp + 2) / 5 + 1) as u8;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year as i32, month, day)
}

/// Every correction found in the history, newest first (then by claim id).
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct History {
    /// The changes, newest commit first; within a commit by claim id.
    pub changes: Vec<ClaimChange>,
}

impl History {
    /// The changes of each claim, newest first, by claim id.
    pub fn by_claim(&self) -> BTreeMap<&str, Vec<&ClaimChange>> {
        let mut by_claim: BTreeMap<&str, Vec<&ClaimChange>> = BTreeMap::new();
        for change in &self.changes {
            by_claim.entry(change.claim.as_str()).or_default().push(change);
        }
        by_claim
    }
}

/// Why no history was read; said once by the commands.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NoHistory {
    /// The root has no `.git`.
    #[error("no git history found (the dossier folder is not the top folder of a git repository): no corrections log")]
    NotARepository,
    /// A shallow clone lacks the older commits.
    #[error(
        "no git history found (the repository is a shallow clone): no corrections log; fetch the full history with `git fetch --unshallow`"
    )]
    Shallow,
    /// The repository could not be read.
    #[error("no git history found (the repository could not be read: {0}): no corrections log")]
    Unreadable(String),
}

impl NoHistory {
    /// The note in `language` (the English one is its `Display`).
    pub fn describe(&self, language: Language) -> String {
        match (language, self) {
            (Language::En, _) => self.to_string(),
            (Language::De, NoHistory::NotARepository) => "keine Git-Historie gefunden (der Dossier-Ordner ist nicht der oberste Ordner eines Git-Repositorys): kein Korrekturprotokoll".to_owned(),
            (Language::De, NoHistory::Shallow) => "keine Git-Historie gefunden (das Repository ist ein flacher Klon): kein Korrekturprotokoll; holen Sie die ganze Historie mit `git fetch --unshallow`".to_owned(),
            (Language::De, NoHistory::Unreadable(error)) => format!(
                "keine Git-Historie gefunden (das Repository konnte nicht gelesen werden: {error}): kein Korrekturprotokoll"
            ),
        }
    }
}

/// A warning for each claim whose verdict changed in the history after its last
/// `corrections:` entry: a changed verdict needs a published reason (`check --strict` and
/// `build --strict` make these errors).
pub fn missing_reasons(dossier: &Dossier, history: &History) -> Vec<Diagnostic> {
    let by_claim = history.by_claim();
    let language = dossier.config.language;
    let mut problems = Vec::new();
    for claim in &dossier.claims {
        let Some(changes) = by_claim.get(claim.id.as_str()) else {
            continue;
        };
        let Some(latest) = changes.iter().find(|c| c.changes_verdict()) else {
            continue;
        };
        let changed_on = latest.date();
        let explained = claim
            .corrections
            .iter()
            .any(|correction| correction.date.last_day() >= changed_on.last_day());
        if explained {
            continue;
        }
        let file = dossier.sources[claim.source].annotation_file.clone();
        let verdict = latest
            .fields
            .iter()
            .find(|f| f.field == ChangedField::Verdict)
            .map(|f| format!("`{}` → `{}`", f.before, f.after))
            .unwrap_or_default();
        let (id, date, commit) = (&claim.id, changed_on.iso(), short_commit(&latest.commit));
        problems.push(
            Diagnostic::warning(
                file,
                None,
                say!(
                    language,
                    "the verdict of claim `{id}` changed on {date} ({verdict}, commit {commit}) but no correction says why",
                    "die Bewertung der Behauptung `{id}` hat sich am {date} geändert ({verdict}, Commit {commit}), aber keine Korrektur nennt den Grund"
                ),
            )
            .with_help(say!(
                language,
                "add to claim `{id}`: `corrections: [{{date: {date}, reason: \"…\"}}]` with the reason readers should see",
                "Ergänzen Sie bei Behauptung `{id}`: `corrections: [{{date: {date}, reason: \"…\"}}]` mit dem Grund, den die Leser sehen sollen"
            )),
        );
    }
    problems
}

/// The history of the dossier at `root` for the pipeline: the corrections log (`None` when
/// there is none, with the note to say so once) and, in `diagnostics`, a warning for each
/// changed verdict that no correction explains (`--strict` makes warnings errors). With a
/// `cache` (the serve engine's), the log is read again only when `HEAD` moved.
pub fn for_build(
    root: &std::path::Path,
    dossier: &Dossier,
    cache: Option<&mut HistoryCache>,
    diagnostics: &mut crate::diagnostic::Diagnostics,
) -> (Option<std::sync::Arc<History>>, Option<String>) {
    let read = match cache {
        Some(cache) => cache.read(root),
        None => git::read(root).map(std::sync::Arc::new),
    };
    match read {
        Ok(history) => {
            for problem in missing_reasons(dossier, &history) {
                diagnostics.push(problem);
            }
            (Some(history), None)
        }
        Err(none) => (None, Some(none.describe(dossier.config.language))),
    }
}

/// The corrections log kept between rebuilds (`dossier serve`), with what it was read from
/// ([`git::head_key`]: the commit at `HEAD` and whether the clone is shallow). The log depends
/// on nothing else (not on the working tree), so it is read again only when that changes.
#[derive(Debug, Default)]
pub struct HistoryCache {
    kept: Option<(String, Result<std::sync::Arc<History>, NoHistory>)>,
}

impl HistoryCache {
    /// The log of the repository at `root`: the kept one while `HEAD` is where it was.
    pub fn read(&mut self, root: &std::path::Path) -> Result<std::sync::Arc<History>, NoHistory> {
        let Some(key) = git::head_key(root) else {
            // No repository or no commit: nothing to keep, and nothing costly to read.
            self.kept = None;
            return git::read(root).map(std::sync::Arc::new);
        };
        if let Some((kept_key, kept)) = &self.kept
            && *kept_key == key
        {
            return kept.clone();
        }
        let read = git::read(root).map(std::sync::Arc::new);
        self.kept = Some((key, read.clone()));
        read
    }
}

/// The first 7 hex digits of a commit id, as git shows it.
pub fn short_commit(commit: &str) -> &str {
    commit.get(..7).unwrap_or(commit)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_become_calendar_dates() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(19_723), (2024, 1, 1));
        assert_eq!(civil_from_days(19_782), (2024, 2, 29));
        assert_eq!(civil_from_days(-1), (1969, 12, 31));
        let change = ClaimChange {
            claim: "c".into(),
            commit: "abcdef0123".into(),
            time: 1_732_000_000,
            message: String::new(),
            fields: Vec::new(),
        };
        assert_eq!(change.timestamp(), "2024-11-19T07:06:40Z");
    }

    #[test]
    fn the_cache_reads_the_log_again_only_when_head_moves() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let git = |args: &[&str]| {
            let status = std::process::Command::new("git")
                .args([
                    "-c",
                    "user.name=T",
                    "-c",
                    "user.email=t@example.org",
                    "-c",
                    "commit.gpgsign=false",
                ])
                .args(args)
                .current_dir(root)
                .status()
                .expect("git runs");
            assert!(status.success(), "git {args:?}");
        };
        let write = |verdict: &str| {
            std::fs::create_dir_all(root.join("content/sources")).unwrap();
            let yaml = format!("id: a\nclaims:\n  - id: c\n    verdict: {verdict}\n");
            std::fs::write(root.join("content/sources/a.yaml"), yaml).unwrap();
        };
        write("belegt");
        git(&["init", "-q", "-b", "main"]);
        git(&["add", "-A"]);
        git(&["commit", "-q", "-m", "one"]);
        let mut cache = HistoryCache::default();
        let first = cache.read(root).unwrap();
        assert!(first.changes.is_empty());
        // A change in the working tree is no commit: the kept log stands.
        write("falsch");
        assert!(std::sync::Arc::ptr_eq(&first, &cache.read(root).unwrap()));
        git(&["commit", "-q", "-am", "two"]);
        let after = cache.read(root).unwrap();
        assert_eq!(after.changes.len(), 1, "{after:?}");
        assert!(after.changes[0].changes_verdict());
        assert!(std::sync::Arc::ptr_eq(&after, &cache.read(root).unwrap()));
    }
}
