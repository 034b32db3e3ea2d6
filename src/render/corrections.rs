//! The corrections log as readers see it: "Geändert am …" on a claim page, the corrections
//! page (`corrections/index.html`, newest first), its Atom feed (`corrections.xml`) and the
//! `dateModified` of a claim's ClaimReview.
//!
//! Entries come from the git history ([`crate::history`]) and from the claims' explicit
//! `corrections:`; a correction dated the day of a change gives that change its reason, one
//! without such a change is an entry of its own.

use serde::Serialize;

use super::i18n::ui_key;
use super::{Prepared, entity_url, format, i18n, markdown};
use crate::history::{ChangedField, ClaimChange, RecordedFigure, short_commit};
use crate::load::schema::Qualifier;
use crate::model::{Claim, ClaimId, MeasureId, PartialDate, Quantity};

/// One field's value before and after.
#[derive(Debug, Clone, Serialize)]
pub struct FieldView {
    /// What the field is called for readers.
    pub label: String,
    /// Before.
    pub before: String,
    /// After.
    pub after: String,
}

/// One correction of a claim.
#[derive(Debug, Clone, Serialize)]
pub struct ChangeView {
    /// The day, as readers read dates.
    pub date: String,
    /// The day, ISO.
    pub date_iso: String,
    /// The commit (7 hex digits), when the entry comes from the history.
    pub commit: Option<String>,
    /// What changed.
    pub fields: Vec<FieldView>,
    /// Why, as HTML (from the claim's `corrections:`).
    pub reason_html: Option<String>,
    /// Why, as plain text (for the feed).
    pub reason_text: Option<String>,
}

/// A correction on the corrections page: which claim, and what changed.
#[derive(Debug, Clone, Serialize)]
pub struct CorrectionEntry {
    /// The claim page (root-relative).
    pub url: String,
    /// The claim's statement.
    pub statement: String,
    /// The change.
    pub change: ChangeView,
}

fn field_label(prepared: &Prepared<'_>, field: ChangedField) -> String {
    let key = match field {
        ChangedField::Verdict => ui_key!("field_verdict"),
        ChangedField::Figure => ui_key!("field_quantity"),
        ChangedField::Statement => ui_key!("field_statement"),
        ChangedField::Quote => ui_key!("field_quote"),
    };
    i18n::text(prepared.lang, key).to_owned()
}

/// A verdict id as its label (the id itself when the scale no longer has it).
fn verdict_label(prepared: &Prepared<'_>, id: &str) -> String {
    prepared
        .dossier
        .config
        .verdicts
        .iter()
        .find(|v| v.id == id)
        .map_or_else(|| id.to_owned(), |v| v.label.clone())
}

/// A figure a committed version held, written by the one figure formatter like every figure of
/// the site (`knapp 11.000 Soldaten`), its unit from the measure or topic when the claim gave
/// none, and the measure's label when `with_measure`. `None` when the version's qualifier is
/// none the site knows (the text as written is shown then).
fn recorded_figure(
    prepared: &Prepared<'_>,
    claim: &Claim,
    figure: &RecordedFigure,
    with_measure: bool,
) -> Option<String> {
    use serde::Deserialize as _;
    use serde::de::IntoDeserializer as _;
    let qualifier = match &figure.qualifier {
        Some(id) => {
            let id: serde::de::value::StrDeserializer<'_, serde::de::value::Error> = id.as_str().into_deserializer();
            Some(Qualifier::deserialize(id).ok()?)
        }
        None => None,
    };
    let (low, high, is_range) = match (figure.value, figure.min, figure.max) {
        (Some(value), _, _) => (value, value, false),
        (None, Some(low), Some(high)) => (low, high, true),
        (None, Some(only), None) | (None, None, Some(only)) => (only, only, false),
        (None, None, None) => return None,
    };
    let topic = &prepared.dossier.topics[claim.topic];
    let measure = figure
        .measure
        .as_deref()
        .and_then(|id| topic.measures.iter().find(|m| m.id == id));
    let (unit, unit_singular) = match (&figure.unit, measure.and_then(|m| m.unit.as_ref())) {
        (Some(unit), _) => (Some(unit.clone()), None),
        (None, Some(unit)) => (Some(unit.clone()), measure.and_then(|m| m.unit_singular.clone())),
        (None, None) => (topic.unit.clone(), topic.unit_singular.clone()),
    };
    let quantity = Quantity {
        low,
        high,
        is_range,
        qualifier,
        wording: figure.wording.clone(),
        unit,
        unit_singular,
        measure: MeasureId::new(0),
    };
    let text = format::figure(prepared.lang, &quantity);
    Some(match (with_measure, measure, &figure.measure) {
        (false, _, _) | (true, None, None) => text,
        (true, Some(measure), _) => format!("{text} ({})", measure.label),
        (true, None, Some(id)) => format!("{text} ({id})"),
    })
}

/// A field's value before and after as readers read it: a verdict by its label, a figure by the
/// one formatter (with its measure when the measure changed), the rest as written.
fn field_view(prepared: &Prepared<'_>, claim: &Claim, change: &crate::history::FieldChange) -> FieldView {
    let (before, after) = match (change.field, &change.figures) {
        (ChangedField::Verdict, _) => (
            verdict_label(prepared, &change.before),
            verdict_label(prepared, &change.after),
        ),
        (ChangedField::Figure, Some((old, new))) => {
            let measure_changed = old.as_ref().map(|f| &f.measure) != new.as_ref().map(|f| &f.measure);
            let shown = |figure: &Option<RecordedFigure>, written: &str| {
                figure
                    .as_ref()
                    .and_then(|figure| recorded_figure(prepared, claim, figure, measure_changed))
                    .unwrap_or_else(|| written.to_owned())
            };
            (shown(old, &change.before), shown(new, &change.after))
        }
        _ => (change.before.clone(), change.after.clone()),
    };
    FieldView {
        label: field_label(prepared, change.field),
        before,
        after,
    }
}

fn change_view(
    prepared: &Prepared<'_>,
    claim: &Claim,
    change: &ClaimChange,
    reason: Option<&str>,
    root: &str,
) -> ChangeView {
    let date = change.date();
    ChangeView {
        date: format::date(prepared.lang, &date),
        date_iso: date.iso(),
        commit: Some(short_commit(&change.commit).to_owned()),
        fields: change.fields.iter().map(|f| field_view(prepared, claim, f)).collect(),
        reason_html: reason.map(|reason| markdown::to_html_at(reason, root)),
        reason_text: reason.map(markdown::to_text),
    }
}

/// Every correction of a claim, newest first: the history's changes (with the reason of a
/// correction of the same day) and the explicit corrections no change matches. `root` is the
/// way back to the site root from the page that shows them (for cross-references in reasons).
pub fn claim_changes(prepared: &Prepared<'_>, index: ClaimId, root: &str) -> Vec<ChangeView> {
    let claim = &prepared.dossier.claims[index];
    let mut used = vec![false; claim.corrections.len()];
    let mut dated: Vec<(PartialDate, ChangeView)> = Vec::new();
    for change in prepared.history.changes.iter().filter(|c| c.claim == claim.id) {
        let day = change.date();
        let reason = claim
            .corrections
            .iter()
            .enumerate()
            .find(|(n, c)| !used[*n] && c.date == day)
            .map(|(n, c)| {
                used[n] = true;
                c.reason.as_str()
            });
        dated.push((day, change_view(prepared, claim, change, reason, root)));
    }
    for (correction, _) in claim.corrections.iter().zip(&used).filter(|(_, used)| !**used) {
        dated.push((
            correction.date,
            ChangeView {
                date: format::date(prepared.lang, &correction.date),
                date_iso: correction.date.iso(),
                commit: None,
                fields: Vec::new(),
                reason_html: Some(markdown::to_html_at(&correction.reason, root)),
                reason_text: Some(markdown::to_text(&correction.reason)),
            },
        ));
    }
    // Newest first; the history is already newest first and the sort is stable.
    dated.sort_by_key(|entry| std::cmp::Reverse(entry.0.last_day()));
    dated.into_iter().map(|(_, view)| view).collect()
}

/// The claim's last correction day (ISO), for `dateModified`.
pub fn date_modified(prepared: &Prepared<'_>, index: ClaimId) -> Option<String> {
    claim_changes(prepared, index, "").first().map(|c| c.date_iso.clone())
}

/// Every correction of every claim, newest first (then by claim id), for a page whose way back to
/// the site root is `root`.
pub fn all(prepared: &Prepared<'_>, root: &str) -> Vec<CorrectionEntry> {
    let dossier = prepared.dossier;
    let mut entries: Vec<CorrectionEntry> = Vec::new();
    for (index, claim) in dossier.claims.iter().enumerate() {
        if claim.corrections.is_empty() && !prepared.history.changes.iter().any(|c| c.claim == claim.id) {
            continue;
        }
        for change in claim_changes(prepared, ClaimId::new(index), root) {
            entries.push(CorrectionEntry {
                url: entity_url("claims", &claim.id),
                statement: claim.statement.clone(),
                change,
            });
        }
    }
    entries.sort_by(|a, b| {
        b.change
            .date_iso
            .cmp(&a.change.date_iso)
            .then_with(|| a.url.cmp(&b.url))
    });
    entries
}

/// `corrections.xml`: the corrections as an Atom feed, newest first (needs the base URL).
pub fn feed(prepared: &Prepared<'_>, base: &str) -> String {
    use super::escape::xml as e;
    let entries = all(prepared, "");
    let title = format!(
        "{}: {}",
        prepared.dossier.config.title,
        i18n::text(prepared.lang, ui_key!("corrections_title"))
    );
    let updated = entries.first().map_or_else(
        || "1970-01-01T00:00:00Z".to_owned(),
        |c| format!("{}T00:00:00Z", c.change.date_iso),
    );
    let mut xml = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{lang}\">\n\
         <id>{base}corrections/</id>\n<title>{title}</title>\n<updated>{updated}</updated>\n\
         <author><name>{org}</name></author>\n\
         <link rel=\"self\" type=\"application/atom+xml\" href=\"{base}corrections.xml\"/>\n\
         <link rel=\"alternate\" type=\"text/html\" href=\"{base}corrections/\"/>\n",
        lang = e(&prepared.site.lang),
        base = e(base),
        title = e(&title),
        org = e(&prepared.dossier.config.organization_name),
    );
    for entry in &entries {
        let change = &entry.change;
        let url = format!("{base}{}", entry.url);
        let id = format!(
            "{url}#correction-{}-{}",
            change.date_iso,
            change.commit.as_deref().unwrap_or("reason")
        );
        let what: Vec<String> = change
            .fields
            .iter()
            .map(|f| format!("{}: {} → {}", f.label, f.before, f.after))
            .collect();
        let reason = change.reason_text.as_deref().unwrap_or_default().trim().to_owned();
        let summary = [what.join("; "), reason]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(" – ");
        xml.push_str(&format!(
            "<entry>\n<id>{id}</id>\n<title>{title}</title>\n<link rel=\"alternate\" type=\"text/html\" href=\"{url}\"/>\n\
             <updated>{date}T00:00:00Z</updated>\n<summary>{summary}</summary>\n</entry>\n",
            id = e(&id),
            title = e(&entry.statement),
            url = e(&url),
            date = e(&change.date_iso),
            summary = e(&summary),
        ));
    }
    xml.push_str("</feed>\n");
    xml
}
