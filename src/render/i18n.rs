//! The UI strings in German and English: the labels the templates write (`site.t.KEY`), the
//! kinds of origins, the relations between claims, the qualifiers of figures and the month names.
//!
//! Keys are flat `snake_case`: `nav_*` for the navigation and overview pages, `chain_*` for the
//! roles in an origin chain, `n_*_one` / `n_*_other` for counted nouns; other keys name what
//! they label. Some strings hold a placeholder the template replaces: `{n}` (a number),
//! `{total}` (a count of pages), `{verdict}` (a verdict label), `{measure}` (a measure label),
//! `{best}` and `{worst}` (the ends of the rating scale).
//!
//! No lookup falls back to its key: Rust code names keys with `ui_key!` (checked at compile
//! time) and a test checks every `site.t.KEY` of the built-in templates.

use std::collections::BTreeMap;

use crate::load::schema::{OriginKind, Relation};
use crate::model::Language;

/// Every UI string: key, German, English.
const STRINGS: &[(&str, &str, &str)] = &[
    // Layout.
    ("skip_to_content", "Zum Inhalt springen", "Skip to content"),
    ("nav_label", "Hauptnavigation", "Main navigation"),
    ("nav_topics", "Themen", "Topics"),
    ("nav_sources", "Quellen", "Sources"),
    ("nav_origins", "Ursprünge", "Origins"),
    ("nav_claims", "Behauptungen", "Claims"),
    ("published_by", "Herausgegeben von", "Published by"),
    ("og_locale", "de_DE", "en_GB"),
    ("empty_list", "Hier gibt es noch keine Einträge.", "Nothing here yet."),
    ("no_claims", "Keine Behauptungen.", "No claims."),
    // Overviews of more than one page.
    ("pagination_label", "Seiten", "Pages"),
    ("pagination_status", "Seite {n} von {total}", "page {n} of {total}"),
    ("pagination_previous", "Vorherige Seite", "Previous page"),
    ("pagination_next", "Nächste Seite", "Next page"),
    // The 404 page.
    ("not_found_title", "Seite nicht gefunden", "Page not found"),
    (
        "not_found_text",
        "Unter dieser Adresse gibt es keine Seite. Vielleicht hilft die Startseite weiter.",
        "There is no page at this address. The home page may help.",
    ),
    ("back_home", "Zur Startseite", "Go to the home page"),
    // What things are called.
    ("source", "Quelle", "Source"),
    ("topic", "Thema", "Topic"),
    ("origin", "Ursprung", "Origin"),
    ("verdict", "Bewertung", "Verdict"),
    // Counted nouns.
    ("n_claims_one", "{n} Behauptung", "{n} claim"),
    ("n_claims_other", "{n} Behauptungen", "{n} claims"),
    ("n_sources_one", "{n} Quelle", "{n} source"),
    ("n_sources_other", "{n} Quellen", "{n} sources"),
    ("n_topics_one", "{n} Thema", "{n} topic"),
    ("n_topics_other", "{n} Themen", "{n} topics"),
    ("n_origins_one", "{n} Ursprung", "{n} origin"),
    ("n_origins_other", "{n} Ursprünge", "{n} origins"),
    ("n_articles_one", "{n} Artikel", "{n} article"),
    ("n_articles_other", "{n} Artikel", "{n} articles"),
    ("n_places_one", "{n} Stelle", "{n} passage"),
    ("n_places_other", "{n} Stellen", "{n} passages"),
    ("n_attributed", "{n} zugeschrieben", "{n} attributed"),
    ("n_relayed", "{n} weitergegeben", "{n} passed on"),
    // Index.
    ("overview", "Überblick", "Overview"),
    ("newest_sources", "Neueste Quellen", "Newest sources"),
    ("all_sources", "Alle {n} Quellen", "All {n} sources"),
    ("most_cited_origins", "Meistzitierte Ursprünge", "Most cited origins"),
    ("all_origins", "Alle {n} Ursprünge", "All {n} origins"),
    ("verdicts_caption", "Behauptungen je Bewertung", "Claims per verdict"),
    ("verdict_meaning_column", "Bedeutung", "Meaning"),
    // Origins.
    ("origin_article", "der Artikel selbst", "the article itself"),
    ("chain_origin", "Ursprung:", "Origin:"),
    ("chain_via", "über", "via"),
    ("chain_outlet", "veröffentlicht von", "published by"),
    (
        "chain_outlet_not_named",
        "veröffentlicht in einem nicht genannten Medium",
        "published by an outlet not named",
    ),
    ("origin_kind", "Art", "Kind"),
    (
        "claims_attributed",
        "Zugeschriebene Behauptungen",
        "Claims attributed to this origin",
    ),
    (
        "claims_relayed",
        "Weitergegebene Behauptungen",
        "Claims passed on by this origin",
    ),
    // Sources.
    ("outlet", "Medium", "Outlet"),
    ("outlet_not_named", "Medium nicht genannt", "outlet not named"),
    ("not_named", "nicht genannt", "not named"),
    ("published", "Erschienen", "Published"),
    ("author", "Verfasst von", "Author"),
    ("original", "Original", "Original"),
    ("original_link", "Originalartikel", "Original article"),
    ("archive", "Archiv", "Archive"),
    ("archive_link", "Archivierte Fassung", "Archived copy"),
    ("file", "Textdatei", "Text file"),
    (
        "article_text_link",
        "Artikeltext als Textdatei (UTF-8)",
        "Article text as a plain-text file (UTF-8)",
    ),
    ("sha256", "SHA-256-Prüfsumme", "SHA-256 checksum"),
    ("article_text", "Artikeltext", "Article text"),
    (
        "claims_in_source",
        "Geprüfte Behauptungen in diesem Artikel",
        "Claims checked in this article",
    ),
    // Data exports, feed and search.
    ("downloads", "Daten", "Data"),
    (
        "downloads_intro",
        "Alle Behauptungen als Daten, zur Weiterverwendung:",
        "Every claim as data, for re-use:",
    ),
    (
        "download_claims_csv",
        "Behauptungen als CSV (Tabelle)",
        "Claims as CSV (spreadsheet)",
    ),
    ("download_claims_json", "Behauptungen als JSON", "Claims as JSON"),
    (
        "download_annotations",
        "Zitate als W3C-Web-Annotationen (JSON-LD)",
        "Quotes as W3C Web Annotations (JSON-LD)",
    ),
    // The data release and corrections (issue 17).
    (
        "xlsx_cell_shortened",
        " [… gekürzt: Excel fasst höchstens 32.767 Zeichen je Zelle; der ganze Text steht in claims.csv]",
        " [… shortened: Excel holds at most 32,767 characters per cell; the whole text is in claims.csv]",
    ),
    (
        "download_claims_xlsx",
        "Behauptungen als Excel-Arbeitsmappe (XLSX)",
        "Claims as an Excel workbook (XLSX)",
    ),
    (
        "download_claims_csv_de",
        "Behauptungen als CSV für deutsches Excel (Semikolon, Dezimalkomma)",
        "Claims as CSV for German Excel (semicolons, decimal comma)",
    ),
    (
        "download_sqlite",
        "Alle Daten als SQLite-Datenbank (mit Volltextsuche)",
        "All data as an SQLite database (with full-text search)",
    ),
    (
        "download_datapackage",
        "Datenbeschreibung (Frictionless Data Package: jede Spalte, Einheit, Lizenz)",
        "Data dictionary (Frictionless Data Package: every column, unit, licence)",
    ),
    ("license", "Lizenz", "Licence"),
    ("corrections_title", "Korrekturen", "Corrections"),
    (
        "corrections_intro",
        "Jede Änderung an Bewertung, Zahl, Aussage oder Zitat einer Behauptung, die neueste zuerst, aus der Versionsgeschichte des Dossiers.",
        "Every change to a claim's verdict, figure, statement or quote, newest first, from the dossier's version history.",
    ),
    (
        "corrections_none",
        "Bisher wurde nichts korrigiert.",
        "Nothing has been corrected so far.",
    ),
    (
        "corrections_feed",
        "Korrekturen als Atom-Feed",
        "Corrections as an Atom feed",
    ),
    ("changed_on", "Geändert am", "Changed on"),
    ("correction_reason", "Grund", "Reason"),
    ("field_verdict", "Bewertung", "Verdict"),
    ("field_quantity", "Zahl", "Figure"),
    ("field_statement", "Aussage", "Statement"),
    ("field_quote", "Zitat", "Quote"),
    ("before_after_arrow", "→", "→"),
    (
        "download_feed",
        "Neue Behauptungen als Atom-Feed",
        "New claims as an Atom feed",
    ),
    (
        "download_topic_csv",
        "Die Behauptungen dieses Themas als CSV (Tabelle)",
        "This topic's claims as CSV (spreadsheet)",
    ),
    ("feed_title", "Behauptungen", "Claims"),
    ("search_label", "Suche", "Search"),
    (
        "search_placeholder",
        "Behauptungen, Quellen, Themen, Ursprünge",
        "Claims, sources, topics, origins",
    ),
    ("search_results_one", "{n} Treffer", "{n} result"),
    ("search_results_other", "{n} Treffer", "{n} results"),
    (
        "search_unavailable",
        "Die Suche ist hier nicht verfügbar; die Listen oben führen zu allem.",
        "Search is not available here; the lists above lead to everything.",
    ),
    ("search_kind_claim", "Behauptung", "Claim"),
    ("search_kind_source", "Quelle", "Source"),
    ("search_kind_topic", "Thema", "Topic"),
    ("search_kind_origin", "Ursprung", "Origin"),
    // Findings on the home page, pages per verdict, ways into the claims, origin scorecards,
    // search results (reader-index).
    ("findings", "Ergebnisse", "Findings"),
    ("highlights", "Im Blick", "Highlights"),
    ("all_verdict_claims", "Alle {n} ansehen", "See all {n}"),
    ("verdict_page_title", "Behauptungen: {verdict}", "Claims: {verdict}"),
    ("browse_claims", "Behauptungen finden", "Browse the claims"),
    ("browse_by_verdict", "Nach Bewertung", "By verdict"),
    ("browse_by_topic", "Nach Thema", "By topic"),
    ("browse_by_origin", "Nach Ursprung", "By origin"),
    ("all_claims", "Alle", "All"),
    ("scorecard", "Bilanz", "Scorecard"),
    (
        "scorecard_caption",
        "Bewertungen der zugeschriebenen Behauptungen",
        "Verdicts of the attributed claims",
    ),
    ("search_more", "Weitere Treffer anzeigen", "Show more results"),
    ("search_shown", "{n} angezeigt", "{n} shown"),
    // The verdict scale on the Methodology page.
    ("rating_scale", "Bewertungsskala", "Rating scale"),
    (
        "rating_scale_intro",
        "Jede Behauptung trägt maschinenlesbar ein schema.org-ClaimReview. Dessen Bewertung (ratingValue) ist die Zahl in dieser Tabelle: {best} ist die beste, {worst} die schlechteste. Eine Bewertung ohne Zahl steht nicht auf dieser Wahrheitsskala; ihr ClaimReview nennt nur die Bewertung, keine Zahl.",
        "Every claim carries a machine-readable schema.org ClaimReview. Its rating (ratingValue) is the number in this table: {best} is the best, {worst} the worst. A verdict without a number is not on this truth scale; its ClaimReview names the verdict only, with no number.",
    ),
    (
        "rating_scale_intro_unrated",
        "Jede Behauptung trägt maschinenlesbar ein schema.org-ClaimReview. Keine dieser Bewertungen steht auf einer Wahrheitsskala; die ClaimReviews nennen nur die Bewertung, keine Zahl.",
        "Every claim carries a machine-readable schema.org ClaimReview. None of these verdicts is on a truth scale; the ClaimReviews name the verdict only, with no number.",
    ),
    ("rating_none", "keine", "none"),
    ("rating_value", "ratingValue", "ratingValue"),
    (
        "rating_scale_caption",
        "Bewertungen und ihr ratingValue",
        "Verdicts and their ratingValue",
    ),
    // Claims.
    ("quote_in_context", "Das Zitat im Zusammenhang", "The quote in context"),
    (
        "show_in_article",
        "Absatz im Artikel ansehen",
        "See the paragraph in the article",
    ),
    (
        "show_in_original",
        "Im Originalartikel an dieser Stelle öffnen",
        "Open the original article at this passage",
    ),
    ("details", "Einzelheiten", "Details"),
    ("figure", "Zahl", "Figure"),
    ("measure", "Messgröße", "Measure"),
    ("as_of", "Stand", "As of"),
    // "Geprüft am 18. November 2024", "Geprüft im November 2024", "Geprüft 2024".
    ("reviewed_day", "Geprüft am", "Reviewed on"),
    ("reviewed_month", "Geprüft im", "Reviewed in"),
    ("reviewed_year", "Geprüft", "Reviewed in"),
    ("attribution", "Herkunft", "Attribution"),
    ("note", "Anmerkung", "Note"),
    ("verdict_meaning", "Was „{verdict}“ bedeutet", "What “{verdict}” means"),
    ("related_claims", "Verwandte Behauptungen", "Related claims"),
    // The box under a claim's verdict (reader-claim).
    ("conclusion", "Kurz gesagt", "In short"),
    ("figures_compared", "Die Angaben im Vergleich", "The figures compared"),
    ("this_claim", "diese Behauptung", "this claim"),
    (
        "share_image_alt",
        "{verdict}: {statement} – {site}",
        "{verdict}: {statement} – {site}",
    ),
    ("to_claim", "zur Behauptung", "to the claim"),
    (
        "more_on_topic",
        "Weitere Behauptungen zum Thema",
        "More claims on this topic",
    ),
    (
        "all_on_topic",
        "Alle {n} Behauptungen auf der Themenseite",
        "All {n} claims on the topic page",
    ),
    // Topics.
    ("measures", "Messgrößen", "Measures"),
    ("range", "Spanne", "Range"),
    ("range_value", "Wert", "Value"),
    ("range_readings", "Angaben", "Figures"),
    (
        "chart_legend_ceiling",
        "schraffiert, mit Strich am Ende: der Wert liegt irgendwo in diesem Bereich („bis zu“, „weniger als“ oder eine Spanne)",
        "hatched, with a bar at the end: the value lies somewhere in this part (“up to”, “less than” or a range)",
    ),
    (
        "chart_legend_floor",
        "Pfeil: „mehr als“ oder „mindestens“ – der Wert kann höher liegen",
        "arrow: “more than” or “at least” – the value may be higher",
    ),
    (
        "chart_legend_reading",
        "gestrichelt: keine berichtete Zahl, sondern unsere Lesart der Worte der Quelle",
        "dashed: not a reported figure but our reading of the source's words",
    ),
    (
        "chart_overview",
        "Alle Angaben auf einer Skala",
        "All figures on one scale",
    ),
    (
        "chart_summary",
        "Balkendiagramm, alle Balken auf einer gemeinsamen Skala von 0 bis {max} {unit}",
        "Bar chart, every bar on one scale from 0 to {max} {unit}",
    ),
    ("chart_sources", "Quellen:", "Sources:"),
    ("chart_tables", "Die Zahlen als Tabelle:", "The figures as a table:"),
    ("printed_from", "Diese Seite:", "This page:"),
    (
        "comparison_caption",
        "{measure}: die Zahlen im Vergleich",
        "{measure}: the figures compared",
    ),
    ("reported_in", "Berichtet in", "Reported in"),
    ("place", "Stelle {n}", "passage {n}"),
    ("not_stated", "nicht angegeben", "not stated"),
    (
        "claims_without_figure",
        "Behauptungen ohne Zahl",
        "Claims without a figure",
    ),
    // Provenance: independent origins, constraints between measures.
    (
        "n_independent_origins_one",
        "{n} unabhängiger Ursprung",
        "{n} independent origin",
    ),
    (
        "n_independent_origins_other",
        "{n} unabhängige Ursprünge",
        "{n} independent origins",
    ),
    ("independence", "Unabhängige Ursprünge", "Independent origins"),
    ("supported_by_origin", "gestützt von", "supported by"),
    (
        "violations_title",
        "Was nicht zugleich stimmen kann",
        "What cannot all be true",
    ),
    (
        "violations_intro",
        "Zahlen verschiedener Messgrößen mit überlappendem Stand, die eine Regel des Themas verletzen (Angaben mit „etwa“, „bis zu“, „mehr als“ als Spannen gelesen).",
        "Figures of different measures with overlapping as-of dates that break a rule of the topic (“about”, “up to”, “more than” read as ranges).",
    ),
    ("violation_but", "aber", "but"),
    ("violation_rule", "Regel", "Rule"),
    (
        "violation_acknowledged",
        "im Dossier als Widerspruch vermerkt",
        "marked as a contradiction in the dossier",
    ),
    (
        "violation_unacknowledged",
        "im Dossier noch nicht als Widerspruch vermerkt",
        "not yet marked as a contradiction in the dossier",
    ),
    ("violation_claims", "Betroffen", "Involved"),
    (
        "provenance_graph",
        "Woher die Angaben stammen",
        "Where the claims come from",
    ),
    (
        "provenance_graph_intro",
        "Von links nach rechts: Ursprung, Zwischenstationen, Artikel, Angabe. Mehrfach berichtete Angaben desselben Ursprungs sind ein Kästchen.",
        "Left to right: origin, intermediaries, article, claim. A claim repeated from one origin is one box.",
    ),
    ("provenance_graph_list", "Dasselbe als Liste", "The same as a list"),
    (
        "provenance_graph_too_big",
        "Zu viele Ursprünge und Artikel für eine lesbare Zeichnung: die Liste zeigt jede Herkunftskette.",
        "Too many origins and articles for a readable drawing: the list shows every chain of origin.",
    ),
    (
        "provenance_graph_back",
        "Gestrichelt, Pfeil nach links: Ursprünge, die sich gegenseitig als Quelle nennen",
        "Dashed, arrow pointing left: origins that name each other as their source",
    ),
    // Figures over time.
    ("timeline_heading", "Zeitverlauf: {measure}", "Over time: {measure}"),
    (
        "timeline_summary",
        "Zeitverlauf: der Stand auf der waagerechten Achse, die Zahl auf der senkrechten von 0 bis {max} {unit}; jeder Ursprung mit eigener Farbe und Form",
        "Timeline: the as-of date across, the figure up from 0 to {max} {unit}; each origin in its own colour and shape",
    ),
    (
        "timeline_legend_latest",
        "Ring: die neueste Angabe dieses Ursprungs",
        "ring: this origin's latest figure",
    ),
    ("timeline_latest", "neueste Angabe", "latest figure"),
    (
        "timeline_legend_span",
        "waagerechte Linie: Stand nur auf den Monat genau, die Zahl kann jeden Tag davon meinen",
        "horizontal line: as of a month only; the figure may refer to any day of it",
    ),
    (
        "timeline_legend_floor",
        "Pfeil nach oben: „mehr als“ oder „mindestens“ – der Wert kann höher liegen",
        "arrow up: “more than” or “at least” – the value may be higher",
    ),
    (
        "timeline_legend_reading",
        "gestrichelter Umriss: keine berichtete Zahl, sondern unsere Lesart der Worte der Quelle",
        "dashed outline: not a reported figure but our reading of the source's words",
    ),
    (
        "timeline_key",
        "Ursprünge und ihre Angaben",
        "Origins and their figures",
    ),
    (
        "timeline_undated",
        "Ohne Stand, daher nicht eingezeichnet",
        "Without an as-of date, so not drawn",
    ),
    ("by_as_of_title", "Die Zahlen nach Stand", "The figures by as-of date"),
    (
        "by_as_of_intro",
        "Die Zeilen der Tabellen oben, nach ihrem Stand geordnet (frühester zuerst, ohne Stand zuletzt); jede Messgröße für sich, denn verschiedene Messgrößen zählen Verschiedenes.",
        "The rows of the tables above, ordered by as-of date (earliest first, undated last); each measure on its own, since different measures count different things.",
    ),
    (
        "by_as_of_link",
        "Diese Zahlen nach Stand geordnet",
        "These figures ordered by as-of date",
    ),
    (
        "by_as_of_caption",
        "{measure}: nach Stand geordnet",
        "{measure}: by as-of date",
    ),
    ("by_as_of_back", "zur Tabelle", "to the table"),
    // `dossier serve`: the page and the overlay that show a failed build.
    ("serve_build_failed", "Website nicht erstellt", "Build failed"),
    (
        "serve_no_site_yet",
        "Das Dossier enthält Fehler, daher gibt es noch keine Website. Diese Seite lädt neu, sobald sie behoben sind.",
        "The dossier has errors, so there is no site to show yet. This page reloads when they are fixed.",
    ),
    (
        "serve_errors_one",
        "Website nicht erstellt: {n} Fehler",
        "Build failed: {n} error",
    ),
    (
        "serve_errors_other",
        "Website nicht erstellt: {n} Fehler",
        "Build failed: {n} errors",
    ),
    (
        "serve_last_good_build",
        "Die Seite zeigt den letzten fehlerfreien Stand. Sie lädt neu, sobald die Fehler behoben sind.",
        "The page shows the last good build. It reloads when the errors are fixed.",
    ),
    ("serve_severity_error", "Fehler", "error"),
    ("serve_severity_warning", "Warnung", "warning"),
    ("serve_help", "Hinweis", "help"),
    ("serve_close", "Schließen", "Close"),
    (
        "serve_not_shown",
        "{n} weitere Meldung(en) nicht gezeigt: `dossier check` listet alle.",
        "{n} more not shown: `dossier check` lists every one.",
    ),
];

/// The UI strings of `lang`, by key.
pub fn strings(lang: Language) -> BTreeMap<&'static str, &'static str> {
    STRINGS
        .iter()
        .map(|&(key, de, en)| {
            let value = match lang {
                Language::De => de,
                Language::En => en,
            };
            (key, value)
        })
        .collect()
}

/// A key of the UI strings, checked when the program is compiled: `ui_key!` turns a name into a
/// key in a `const` block, so a misspelt or missing key in Rust code is a compile error rather
/// than a page that shows the key. (Keys the templates use, `site.t.KEY`, are checked by a test.)
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key(usize);

/// The key called `name`. Evaluated at compile time through `ui_key!`; an unknown name stops
/// the compilation (at run time, it panics: call it only through the macro).
pub const fn key(name: &str) -> Key {
    let mut i = 0;
    while i < STRINGS.len() {
        if const_eq(STRINGS[i].0, name) {
            return Key(i);
        }
        i += 1;
    }
    panic!("no UI string with this key in render::i18n::STRINGS")
}

const fn const_eq(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

/// The [`Key`] of a UI string, checked at compile time: `ui_key!("nav_claims")`.
macro_rules! ui_key {
    ($name:literal) => {
        const { $crate::render::i18n::key($name) }
    };
}
pub(crate) use ui_key;

impl Key {
    /// The key's name, as templates write it (`site.t.NAME`).
    pub fn name(self) -> &'static str {
        STRINGS[self.0].0
    }
}

/// One UI string of `lang`.
pub fn text(lang: Language, key: Key) -> &'static str {
    let (_, de, en) = STRINGS[key.0];
    match lang {
        Language::De => de,
        Language::En => en,
    }
}

/// The kind of an origin as a label.
pub fn origin_kind(lang: Language, kind: OriginKind) -> &'static str {
    match (lang, kind) {
        (Language::De, OriginKind::Person) => "Person",
        (Language::De, OriginKind::Government) => "Regierung",
        (Language::De, OriginKind::Military) => "Militär",
        (Language::De, OriginKind::Intelligence) => "Geheimdienst",
        (Language::De, OriginKind::Media) => "Medium",
        (Language::De, OriginKind::ThinkTank) => "Denkfabrik",
        (Language::De, OriginKind::Organization) => "Organisation",
        (Language::De, OriginKind::Other) => "Sonstige",
        (Language::En, OriginKind::Person) => "Person",
        (Language::En, OriginKind::Government) => "Government",
        (Language::En, OriginKind::Military) => "Military",
        (Language::En, OriginKind::Intelligence) => "Intelligence service",
        (Language::En, OriginKind::Media) => "Media",
        (Language::En, OriginKind::ThinkTank) => "Think tank",
        (Language::En, OriginKind::Organization) => "Organisation",
        (Language::En, OriginKind::Other) => "Other",
    }
}

/// How a claim relates to another, read from the claim whose page shows it: `incoming` when
/// only the other claim declared the link ("is supported by"), `mutual` when both did. The
/// symmetric relations (`contradicts`, `same-origin`) read the same from both sides.
pub fn relation_label(lang: Language, relation: Relation, incoming: bool, mutual: bool) -> &'static str {
    match (lang, relation, incoming, mutual) {
        (Language::De, Relation::Contradicts, ..) => "widerspricht",
        (Language::De, Relation::Supports, _, true) => "stützt und wird gestützt von",
        (Language::De, Relation::Supports, false, false) => "stützt",
        (Language::De, Relation::Supports, true, false) => "wird gestützt von",
        (Language::De, Relation::SameOrigin, ..) => "derselbe Ursprung wie",
        (Language::De, Relation::Updates, _, true) => "aktualisiert und wird aktualisiert durch",
        (Language::De, Relation::Updates, false, false) => "aktualisiert",
        (Language::De, Relation::Updates, true, false) => "wird aktualisiert durch",
        (Language::En, Relation::Contradicts, ..) => "contradicts",
        (Language::En, Relation::Supports, _, true) => "supports and is supported by",
        (Language::En, Relation::Supports, false, false) => "supports",
        (Language::En, Relation::Supports, true, false) => "is supported by",
        (Language::En, Relation::SameOrigin, ..) => "same origin as",
        (Language::En, Relation::Updates, _, true) => "updates and is updated by",
        (Language::En, Relation::Updates, false, false) => "updates",
        (Language::En, Relation::Updates, true, false) => "is updated by",
    }
}

pub use crate::model::figure::qualifier_label;

/// The name of `month` (1 = January); empty outside 1–12.
pub fn month_name(lang: Language, month: u8) -> &'static str {
    let names = match lang {
        Language::De => &crate::model::date::GERMAN_MONTHS,
        Language::En => &crate::model::date::ENGLISH_MONTHS,
    };
    usize::from(month)
        .checked_sub(1)
        .and_then(|i| names.get(i))
        .copied()
        .unwrap_or("")
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use crate::load::schema::Qualifier;

    use super::*;

    const LANGUAGES: [Language; 2] = [Language::De, Language::En];

    #[test]
    fn both_languages_have_the_same_keys_and_no_empty_value() {
        let de = strings(Language::De);
        let en = strings(Language::En);
        assert_eq!(de.keys().collect::<Vec<_>>(), en.keys().collect::<Vec<_>>());
        for table in [&de, &en] {
            for (key, value) in table {
                assert!(!value.trim().is_empty(), "`{key}` is empty");
            }
        }
    }

    #[test]
    fn keys_are_unique_and_snake_case() {
        let mut seen = BTreeSet::new();
        for (key, _, _) in STRINGS {
            assert!(seen.insert(*key), "`{key}` appears twice");
            assert!(
                key.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_'),
                "`{key}` is not snake_case"
            );
        }
    }

    /// Every `{…}` placeholder of a string.
    fn placeholders(text: &str) -> BTreeSet<&str> {
        text.match_indices('{')
            .filter_map(|(at, _)| text[at..].find('}').map(|end| &text[at..=at + end]))
            .collect()
    }

    #[test]
    fn placeholders_match_between_languages() {
        for (key, de, en) in STRINGS {
            assert_eq!(placeholders(de), placeholders(en), "`{key}`: placeholders differ");
        }
        assert_eq!(
            placeholders("Seite {n} von {total}"),
            BTreeSet::from(["{n}", "{total}"])
        );
    }

    /// The keys a template text reads (`site.t.KEY`) that are not UI strings.
    fn unknown_template_keys(template: &str) -> Vec<&str> {
        template
            .match_indices("site.t.")
            .map(|(at, prefix)| {
                let rest = &template[at + prefix.len()..];
                let end = rest
                    .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                    .unwrap_or(rest.len());
                &rest[..end]
            })
            .filter(|key| !STRINGS.iter().any(|(k, ..)| k == key))
            .collect()
    }

    /// Every key a built-in template reads is a UI string (which has a value in both
    /// languages: `both_languages_have_the_same_keys_and_no_empty_value`): a missing or misspelt
    /// key fails here (Rust code names its keys with `ui_key!`, checked when it compiles).
    #[test]
    fn every_key_the_templates_read_exists() {
        let mut read = 0;
        for (name, text) in crate::render::embedded::TEMPLATES {
            assert_eq!(unknown_template_keys(text), Vec::<&str>::new(), "{name}");
            read += text.matches("site.t.").count();
        }
        assert!(read > 50, "the templates read their strings from `site.t`: {read}");
    }

    #[test]
    fn a_misspelt_template_key_is_found() {
        assert_eq!(
            unknown_template_keys("{{ site.t.nav_claimz }} {{ site.t.nav_claims }}{{site.t.n_x|upper}}"),
            ["nav_claimz", "n_x"]
        );
    }

    #[test]
    #[should_panic(expected = "no UI string with this key")]
    fn an_unknown_key_is_refused() {
        // `ui_key!` evaluates this in a `const` block: there, the panic is a compile error.
        let _ = key("nav_claimz");
    }

    #[test]
    fn keys_name_their_strings() {
        let claims = ui_key!("nav_claims");
        assert_eq!(claims.name(), "nav_claims");
        assert_eq!(text(Language::De, claims), "Behauptungen");
        assert_eq!(text(Language::En, claims), "Claims");
        assert_eq!(key("nav_claims"), claims);
    }

    /// The keys `text` uses: template reads (`site.t.KEY`) and Rust names (`ui_key!("KEY")`).
    fn used_keys(text: &str) -> BTreeSet<&str> {
        let mut used = BTreeSet::new();
        for prefix in ["site.t.", "ui_key!(\""] {
            for (at, _) in text.match_indices(prefix) {
                let rest = &text[at + prefix.len()..];
                let end = rest
                    .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                    .unwrap_or(rest.len());
                used.insert(&rest[..end]);
            }
        }
        used
    }

    /// No string is dead: each is read by a template or named with `ui_key!` in the code (a
    /// key merely written as a string, as in a test's list, does not count).
    #[test]
    fn every_string_is_used() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut texts: Vec<String> = crate::render::embedded::TEMPLATES
            .iter()
            .map(|(_, t)| (*t).to_owned())
            .collect();
        for entry in walkdir::WalkDir::new(root.join("src")) {
            let entry = entry.expect("src is readable");
            if entry.path().extension().is_some_and(|e| e == "rs") && !entry.path().ends_with("i18n.rs") {
                texts.push(std::fs::read_to_string(entry.path()).expect("source is UTF-8"));
            }
        }
        let used: BTreeSet<&str> = texts.iter().flat_map(|text| used_keys(text)).collect();
        let unused: Vec<&str> = STRINGS
            .iter()
            .map(|(key, ..)| *key)
            .filter(|key| !used.contains(key))
            .collect();
        assert_eq!(unused, Vec::<&str>::new(), "strings nothing uses");
        assert_eq!(
            used_keys("{{ site.t.nav_claims }} \"nav_topics\" ui_key!(\"nav_sources\")"),
            BTreeSet::from(["nav_claims", "nav_sources"])
        );
    }

    #[test]
    fn german_uses_proper_typography() {
        let de = strings(Language::De);
        assert_eq!(de["nav_origins"], "Ursprünge");
        assert_eq!(de["verdict_meaning"], "Was „{verdict}“ bedeutet");
        assert!(
            de.values().all(|v| !v.contains('"')),
            "German strings use „…“, not straight quotes"
        );
    }

    #[test]
    fn origin_kinds_are_labelled() {
        let kinds = [
            OriginKind::Person,
            OriginKind::Government,
            OriginKind::Military,
            OriginKind::Intelligence,
            OriginKind::Media,
            OriginKind::ThinkTank,
            OriginKind::Organization,
            OriginKind::Other,
        ];
        for lang in LANGUAGES {
            let labels: BTreeSet<&str> = kinds.iter().map(|&k| origin_kind(lang, k)).collect();
            assert_eq!(labels.len(), kinds.len(), "labels are distinct");
        }
        assert_eq!(origin_kind(Language::De, OriginKind::ThinkTank), "Denkfabrik");
        assert_eq!(origin_kind(Language::En, OriginKind::ThinkTank), "Think tank");
    }

    #[test]
    fn relations_read_both_ways() {
        use Language::{De, En};
        use Relation::{Contradicts, SameOrigin, Supports, Updates};
        assert_eq!(relation_label(De, Supports, false, false), "stützt");
        assert_eq!(relation_label(De, Supports, true, false), "wird gestützt von");
        assert_eq!(
            relation_label(De, Supports, false, true),
            "stützt und wird gestützt von"
        );
        assert_eq!(relation_label(En, Supports, true, false), "is supported by");
        assert_eq!(relation_label(De, Updates, false, false), "aktualisiert");
        assert_eq!(relation_label(De, Updates, true, false), "wird aktualisiert durch");
        assert_eq!(relation_label(En, Updates, true, false), "is updated by");
        for incoming in [false, true] {
            assert_eq!(relation_label(De, Contradicts, incoming, false), "widerspricht");
            assert_eq!(relation_label(De, SameOrigin, incoming, false), "derselbe Ursprung wie");
            assert_eq!(relation_label(En, Contradicts, incoming, false), "contradicts");
            assert_eq!(relation_label(En, SameOrigin, incoming, false), "same origin as");
        }
        for lang in LANGUAGES {
            for relation in [Contradicts, Supports, SameOrigin, Updates] {
                for (incoming, mutual) in [(false, false), (true, false), (false, true)] {
                    assert!(!relation_label(lang, relation, incoming, mutual).is_empty());
                }
            }
        }
    }

    #[test]
    fn qualifiers() {
        assert_eq!(qualifier_label(Language::De, Qualifier::Exactly), "genau");
        assert_eq!(qualifier_label(Language::En, Qualifier::Exactly), "exactly");
        assert_eq!(qualifier_label(Language::De, Qualifier::JustUnder), "knapp");
        assert_eq!(qualifier_label(Language::En, Qualifier::JustUnder), "just under");
        assert_eq!(qualifier_label(Language::De, Qualifier::About), "etwa");
        assert_eq!(qualifier_label(Language::De, Qualifier::UpTo), "bis zu");
        assert_eq!(qualifier_label(Language::De, Qualifier::MoreThan), "mehr als");
        assert_eq!(qualifier_label(Language::De, Qualifier::AtLeast), "mindestens");
        assert_eq!(qualifier_label(Language::De, Qualifier::LessThan), "weniger als");
        assert_eq!(qualifier_label(Language::En, Qualifier::UpTo), "up to");
    }

    #[test]
    fn months() {
        assert_eq!(month_name(Language::De, 3), "März");
        assert_eq!(month_name(Language::De, 12), "Dezember");
        assert_eq!(month_name(Language::En, 1), "January");
        assert_eq!(month_name(Language::En, 0), "");
        assert_eq!(month_name(Language::En, 13), "");
    }
}
