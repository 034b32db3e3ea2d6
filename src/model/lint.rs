//! Content lint: checks that the annotation says no more than its article, beyond references
//! and anchors (which [`super::resolve`] checks).
//!
//! - **Figures against quotes.** Every `value`, `min` and `max` of a quantity must be a number
//!   its quote writes, read in the source's `language` ([`super::numbers`]): German `1.523` is
//!   1523, so `value: 1.523` is an error that says so. Exempt: a figure marked `derived: true`
//!   (computed; its note must say how) and a figure with a `wording` that the quote contains
//!   (the value is the dossier's reading of vague words).
//! - **Counts are whole numbers.** A figure counts things unless its unit (the claim's, else its
//!   measure's, else its topic's) says otherwise ([`unit_allows_fractions`]); a count with a
//!   fractional part is an error.
//! - **Placeholders.** `TODO` anywhere in a source file (what `add-source` could not find).
//! - **Languages.** A source's `language` must be a BCP 47 tag in the IANA registry
//!   (`language-tags` crate), since it becomes the pages' `lang` attribute.
//! - **Dates.** `as_of` after the article's `published` date is a warning.
//! - **Summaries.** A statement longer than [`SUMMARY_LIMIT`] characters without a `summary`
//!   is a warning (an error with `--strict`): lists and ClaimReview would show it cut.
//! - **Conclusions.** A claim without a `conclusion` (the one sentence under its verdict) is a
//!   warning (an error with `--strict`): its page would show the verdict without its reason.
//! - **Recorded hashes.** An article whose text no longer has its source's `text_sha256:` is a
//!   warning at that field: the text changed since it was annotated (`dossier verify` tells
//!   which quotes moved).
//! - **Quotes not found** in the body because they lie in an excluded part, or cross a line
//!   break in a file read one paragraph per line, get their own message ([`unfound_quote`]).

use std::ops::Range;

use crate::anchor::{self, AnchorError, FoldedText, QuoteQuery};
use crate::diagnostic::{Diagnostic, Diagnostics, Language, Position, Positions};
use crate::load::Parsed;
use crate::load::schema::{ClaimFile, ExcludeFile, ParagraphMode, SourceFile};
use crate::say;

use super::numbers::{self, NumberStyle, WrittenNumber};
use super::resolve::position;
use super::text_scans::TextScans;
use super::{Claim, Source};

/// The length of ClaimReview's `claimReviewed` and of list entries, in characters.
pub const SUMMARY_LIMIT: usize = 75;

/// Lints one source file on its own: placeholders and its language tag.
pub(super) fn source_file(file: &Parsed<SourceFile>, diagnostics: &mut Diagnostics, language: Language) {
    placeholders(file, diagnostics, language);
    language_tag(file, diagnostics, language);
}

/// SHA-256 of a text, lowercase hex: what `add-source` records as `text_sha256:`, what the
/// source page shows of its article and what the exports record.
pub fn sha256_hex(text: &str) -> String {
    use sha2::Digest as _;
    sha2::Sha256::digest(text.as_bytes())
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

/// The article `seed` (its `text`) against the `text_sha256:` its source recorded: a warning at
/// that field when they differ, since quotes and their context may have moved.
pub(super) fn recorded_hash(
    file: &Parsed<SourceFile>,
    seed: &str,
    text: &str,
    diagnostics: &mut Diagnostics,
    language: Language,
) {
    let Some(recorded) = &file.value.text_sha256 else {
        return;
    };
    let now = sha256_hex(text);
    let wanted = recorded.value.trim().to_ascii_lowercase();
    if wanted == now {
        return;
    }
    let short = |hash: &str| hash.chars().take(12).collect::<String>();
    let (was, is) = (short(&wanted), short(&now));
    diagnostics.push(
        Diagnostic::warning(
            &file.path,
            position(recorded),
            say!(
                language,
                "the article `{seed}` changed since it was recorded: text_sha256 says {was}…, the file now hashes {is}…",
                "der Artikel `{seed}` hat sich seit der Erfassung geändert: text_sha256 nennt {was}…, die Datei hat jetzt den Hash {is}…"
            ),
        )
        .with_help(say!(
            language,
            "run `dossier verify` to see which quotes moved or changed; once the annotations fit the new text, write `text_sha256: {now}`",
            "`dossier verify` zeigt, welche Zitate sich verschoben oder geändert haben; wenn die Annotationen zum neuen Text passen, schreiben Sie `text_sha256: {now}`"
        ))
        .with_source_lines(&file.text, &file.lines),
    );
}

/// Where [`claim`]'s problems go, in which language, and the quotes' numbers as read before.
pub(super) struct Lint<'a> {
    pub diagnostics: &'a mut Diagnostics,
    pub language: Language,
    pub scans: &'a mut TextScans,
}

/// Lints a resolved claim against its annotation and its source.
/// `at` is where the claim was written: its file and its annotation.
pub(super) fn claim(at: (&Parsed<SourceFile>, &ClaimFile), claim: &Claim, source: &Source, out: Lint<'_>) {
    let Lint {
        diagnostics,
        language,
        scans,
    } = out;
    let (file, raw) = at;
    figures(at, claim, diagnostics, language, scans);
    let id = &claim.id;
    if let (Some(as_of), Some(at)) = (&claim.as_of, &raw.as_of)
        && as_of.first_day() > source.published.last_day()
        && source.published.year != 0
    {
        let published = &source.published;
        diagnostics.push(
            Diagnostic::warning(
                &file.path,
                position(at),
                say!(
                    language,
                    "claim `{id}`: as_of {as_of} is after the article's date ({published}), so the article cannot report it",
                    "Behauptung `{id}`: as_of {as_of} liegt nach dem Datum des Artikels ({published}), der Artikel kann es also nicht melden"
                ),
            )
            .with_help(say!(
                language,
                "`as_of` is the date the figure refers to; check both dates (a typo in the year?) and correct the wrong one",
                "`as_of` ist das Datum, auf das sich die Zahl bezieht; prüfen Sie beide Daten (ein Tippfehler in der Jahreszahl?), und korrigieren Sie das falsche"
            ))
            .with_source_lines(&file.text, &file.lines),
        );
    }
    if claim.conclusion.is_none() {
        diagnostics.push(
            Diagnostic::warning(
                &file.path,
                position(&raw.id),
                say!(
                    language,
                    "claim `{id}` has no `conclusion`, so its page shows the verdict without its reason",
                    "Behauptung `{id}` hat keine `conclusion`, ihre Seite zeigt die Bewertung also ohne Begründung"
                ),
            )
            .with_help(say!(
                language,
                "add `conclusion:` with the verdict's reason in one sentence, saying no more than the note and the sources support",
                "Ergänzen Sie `conclusion:` mit der Begründung der Bewertung in einem Satz, der nicht mehr sagt, als die Notiz und die Quellen hergeben"
            ))
            .with_source_lines(&file.text, &file.lines),
        );
    }
    let statement = claim.statement.trim_end_matches('.');
    let length = statement.chars().count();
    if raw.summary.is_none() && length > SUMMARY_LIMIT {
        let summary = &claim.summary;
        diagnostics.push(
            Diagnostic::warning(
                &file.path,
                position(&raw.id),
                say!(
                    language,
                    "claim `{id}`: the statement has {length} characters and no `summary`, so lists, feeds and ClaimReview show it cut to \"{summary}\"",
                    "Behauptung `{id}`: die Aussage hat {length} Zeichen und keine `summary`, Listen, Feeds und ClaimReview zeigen sie daher gekürzt auf „{summary}“"
                ),
            )
            .with_help(say!(
                language,
                "add `summary:` with what is claimed in at most {SUMMARY_LIMIT} characters, keeping the figure and its qualifier",
                "Ergänzen Sie `summary:` mit dem Behaupteten in höchstens {SUMMARY_LIMIT} Zeichen, mit der Zahl und ihrer Einordnung (z. B. „bis zu“)"
            ))
            .with_source_lines(&file.text, &file.lines),
        );
    }
}

/// `value`/`min`/`max` against the numbers of the quote; counts are whole.
fn figures(
    at: (&Parsed<SourceFile>, &ClaimFile),
    claim: &Claim,
    diagnostics: &mut Diagnostics,
    language: Language,
    scans: &mut TextScans,
) {
    let (file, raw) = at;
    let id = &claim.id;
    let (Some(quantity), Some(resolved)) = (&raw.quantity, &claim.quantity) else {
        return;
    };
    let figures: Vec<(&str, &serde_saphyr::Spanned<f64>)> = [
        ("value", &quantity.value),
        ("min", &quantity.min),
        ("max", &quantity.max),
    ]
    .into_iter()
    .filter_map(|(name, n)| n.as_ref().map(|n| (name, n)))
    .collect();
    let Some(&(_, first)) = figures.first() else {
        return;
    };
    let error = |at: &serde_saphyr::Spanned<f64>, message: String, help: String| {
        Diagnostic::error(&file.path, position(at), message)
            .with_help(help)
            .with_source_lines(&file.text, &file.lines)
    };
    let style = NumberStyle::for_language(&file.value.language.value);
    let mut reported: Vec<&str> = Vec::new();
    if quantity.derived {
        if claim.note.as_deref().is_none_or(|n| n.trim().is_empty()) {
            diagnostics.push(error(
                first,
                say!(
                    language,
                    "claim `{id}`: the figure is `derived: true` but there is no note",
                    "Behauptung `{id}`: die Zahl ist `derived: true`, aber es gibt keine Notiz"
                ),
                say!(
                    language,
                    "say in `note:` how the figure is computed from the quote",
                    "Erklären Sie in `note:`, wie die Zahl aus dem Zitat berechnet wird"
                ),
            ));
        }
    } else if let Some(wording) = &quantity.wording {
        let folded = |s: &str| anchor::fold(s).to_lowercase();
        if !folded(&raw.quote.value).contains(&folded(&wording.value)) {
            diagnostics.push(
                Diagnostic::error(
                    &file.path,
                    position(wording),
                    {
                        let words = &wording.value;
                        say!(
                            language,
                            "claim `{id}`: the wording \"{words}\" is not in the quote",
                            "Behauptung `{id}`: die Formulierung „{words}“ steht nicht im Zitat"
                        )
                    },
                )
                .with_help(say!(
                    language,
                    "`wording` holds the source's own words for a vague figure: copy them from the quote, or quote the words that contain them",
                    "`wording` enthält die eigenen Worte der Quelle für eine vage Zahl: Kopieren Sie sie aus dem Zitat, oder zitieren Sie die Worte, die sie enthalten"
                ))
                .with_source_lines(&file.text, &file.lines),
            );
            reported.push("wording");
        }
    } else {
        let found = scans.numbers(&raw.quote.value, style);
        // What the quote says instead, for the message: only read when a figure is missing.
        let mut instead: Option<(Vec<WrittenNumber>, Vec<&str>)> = None;
        for &(name, figure) in &figures {
            if found.iter().any(|n| n.matches(figure.value)) {
                continue;
            }
            let (listed, vague) = instead.get_or_insert_with(|| {
                (
                    found.iter().filter(|n| !n.article).cloned().collect(),
                    numbers::vague_words(&raw.quote.value, style),
                )
            });
            let said = QuoteNumbers {
                found: listed,
                vague,
                language: &file.value.language.value,
            };
            let (message, help) = figure_not_in_quote(&claim.id, name, figure.value, &said, language);
            diagnostics.push(error(figure, message, help));
            reported.push(name);
        }
    }
    if unit_allows_fractions(resolved.unit.as_deref()) {
        return;
    }
    for &(name, figure) in &figures {
        if figure.value.fract() == 0.0 || reported.contains(&name) || !figure.value.is_finite() {
            continue;
        }
        let counted = match &resolved.unit {
            Some(unit) => say!(language, "it counts {unit}", "sie zählt {unit}"),
            None => say!(
                language,
                "it has no unit, so it counts things",
                "sie hat keine Einheit, zählt also Dinge"
            ),
        };
        let thousands = figure.value * 1000.0;
        let (value, times_thousand) = (numbers::plain(figure.value), numbers::plain(thousands));
        let grouped = if thousands.fract() == 0.0 && style.groups_with_point() {
            say!(
                language,
                "if the article writes {value} with a dot grouping thousands, write `{name}: {times_thousand}`; ",
                "schreibt der Artikel {value} mit einem Tausenderpunkt, schreiben Sie `{name}: {times_thousand}`; "
            )
        } else {
            String::new()
        };
        diagnostics.push(error(
            figure,
            say!(
                language,
                "claim `{id}`: {name} {value} is not a whole number, but {counted}",
                "Behauptung `{id}`: {name} {value} ist keine ganze Zahl, aber {counted}"
            ),
            say!(
                language,
                "{grouped}a count is a whole number; if the figure is not a count, give the quantity a unit that says what it is, e.g. `unit: \"%\"`, `unit: \"Mio. Soldaten\"` or `unit: \"km²\"`",
                "{grouped}eine Anzahl ist eine ganze Zahl; ist die Zahl keine Anzahl, geben Sie der Menge eine Einheit, die sagt, was sie ist, z. B. `unit: \"%\"`, `unit: \"Mio. Soldaten\"` oder `unit: \"km²\"`"
            ),
        ));
    }
}

/// What a quote says in numbers, read in its source's language.
struct QuoteNumbers<'a> {
    /// The numbers it writes (not counting articles such as "ein").
    found: &'a [WrittenNumber],
    /// Vague quantity words ("Tausende").
    vague: &'a [&'a str],
    /// The source's `language`.
    language: &'a str,
}

/// Message and help for the figure `name` (`value`, `min` or `max`) of `claim` that matches no
/// number of its quote.
fn figure_not_in_quote(
    claim: &str,
    name: &str,
    figure: f64,
    said: &QuoteNumbers<'_>,
    say_in: Language,
) -> (String, String) {
    let QuoteNumbers { found, vague, language } = *said;
    let style = NumberStyle::for_language(language);
    let decimal = if figure.fract() != 0.0 {
        say_in.pick(" (a decimal)", " (eine Dezimalzahl)")
    } else {
        ""
    };
    let shown = numbers::plain(figure);
    const LISTED: usize = 8;
    let says = match (found, vague) {
        ([], []) => say_in
            .pick("the quote has no number", "das Zitat enthält keine Zahl")
            .to_owned(),
        ([], [word, ..]) => say!(
            say_in,
            "the quote has no number, only the words \"{word}\"",
            "das Zitat enthält keine Zahl, nur die Worte „{word}“"
        ),
        (_, _) => {
            let mut list: Vec<String> = found.iter().take(LISTED).map(WrittenNumber::describe).collect();
            if found.len() > LISTED {
                let more = say_in.count(found.len() - LISTED);
                list.push(say!(say_in, "and {more} more", "und {more} weitere"));
            }
            let list = list.join(", ");
            say!(say_in, "the quote says {list}", "das Zitat nennt {list}")
        }
    };
    let message = say!(
        say_in,
        "claim `{claim}`: {name} {shown}{decimal} is not a number of its quote; {says}",
        "Behauptung `{claim}`: {name} {shown}{decimal} ist keine Zahl seines Zitats; {says}"
    );
    let digits = |v: f64| -> String {
        numbers::plain(v)
            .chars()
            .filter(char::is_ascii_digit)
            .collect::<String>()
            .trim_start_matches('0')
            .trim_end_matches('0')
            .to_owned()
    };
    let same_digits = found.iter().find(|n| digits(n.value) == digits(figure));
    let mut distinct: Vec<f64> = found.iter().map(|n| n.value).collect();
    distinct.dedup_by(|a, b| numbers::same(*a, *b));
    let suggestion = same_digits.map(|n| n.value).or(match distinct.as_slice() {
        [only] => Some(*only),
        _ => None,
    });
    let mut help = String::new();
    if let [word, ..] = vague {
        return (
            message,
            say!(
                say_in,
                "the quote gives the figure only in words: add `wording: \"{word}\"` to the quantity, so {name} is shown as the dossier's reading of them",
                "das Zitat nennt die Zahl nur in Worten: Ergänzen Sie `wording: \"{word}\"` bei der Menge, dann erscheint {name} als die Lesart des Dossiers"
            ),
        );
    }
    if let Some(suggested) = suggestion {
        let suggested_text = numbers::plain(suggested);
        help.push_str(&say!(
            say_in,
            "did you mean `{name}: {suggested_text}`? ",
            "Meinten Sie `{name}: {suggested_text}`? "
        ));
        if same_digits.is_some() && (figure.fract() == 0.0) != (suggested.fract() == 0.0) {
            let rule = style.describe(say_in);
            help.push_str(&say!(
                say_in,
                "(read as `language: {language}` writes numbers: {rule}) ",
                "(gelesen, wie `language: {language}` Zahlen schreibt: {rule}) "
            ));
        }
    }
    help.push_str(say_in.pick(
        "write the figure as the quote gives it; if it is computed from the quote (a sum, a difference, a conversion), add `derived: true` to the quantity and say how in the note",
        "Schreiben Sie die Zahl so, wie das Zitat sie nennt; ist sie aus dem Zitat berechnet (eine Summe, eine Differenz, eine Umrechnung), ergänzen Sie `derived: true` bei der Menge und erklären Sie die Rechnung in der Notiz",
    ));
    (message, help)
}

/// Whether a figure in `unit` may have a fractional part: a percentage or share, a scale
/// (`Mio. Soldaten`), a rate (`pro Tag`, `per day`, `/km²`), money, or a length, area, weight,
/// volume or time. Anything else (and no unit) counts things, which come whole.
pub fn unit_allows_fractions(unit: Option<&str>) -> bool {
    const SYMBOLS: &[char] = &['%', '‰', '/', '€', '$', '£', '¥', '₽', '₴', '°', '²', '³'];
    const WORDS: &[&str] = &[
        // shares and rates
        "prozent",
        "prozentpunkte",
        "prozentpunkt",
        "percent",
        "percentage",
        "points",
        "anteil",
        "share",
        "quote",
        "rate",
        "faktor",
        "factor",
        "mal",
        "times",
        "pro",
        "per",
        "je",
        "durchschnitt",
        "average",
        "schnitt",
        // scales
        "tsd",
        "tausend",
        "mio",
        "million",
        "millionen",
        "mrd",
        "milliarde",
        "milliarden",
        "bio",
        "billion",
        "billionen",
        "thousand",
        "thousands",
        "millions",
        "billions",
        "mn",
        "bn",
        // money
        "euro",
        "eur",
        "dollar",
        "usd",
        "rubel",
        "rubles",
        "roubles",
        "rub",
        "hrywnja",
        "hryvnia",
        "uah",
        "pfund",
        "pound",
        "pounds",
        "gbp",
        "franken",
        "chf",
        "yuan",
        // length, area, volume, weight
        "km",
        "m",
        "cm",
        "mm",
        "kilometer",
        "kilometre",
        "kilometres",
        "kilometers",
        "meter",
        "metre",
        "metres",
        "meters",
        "meile",
        "meilen",
        "mile",
        "miles",
        "hektar",
        "ha",
        "hectare",
        "hectares",
        "quadratkilometer",
        "quadratmeter",
        "square",
        "kg",
        "t",
        "tonnen",
        "tonne",
        "tonnes",
        "tons",
        "ton",
        "liter",
        "litre",
        "litres",
        "liters",
        "l",
        "barrel",
        "grad",
        "degrees",
        // time
        "jahr",
        "jahre",
        "jahren",
        "year",
        "years",
        "monat",
        "monate",
        "monaten",
        "month",
        "months",
        "woche",
        "wochen",
        "week",
        "weeks",
        "tag",
        "tage",
        "tagen",
        "day",
        "days",
        "stunde",
        "stunden",
        "hour",
        "hours",
        "minute",
        "minuten",
        "minutes",
    ];
    let Some(unit) = unit else { return false };
    if unit.contains(SYMBOLS) {
        return true;
    }
    unit.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .any(|w| WORDS.contains(&w.to_lowercase().as_str()))
}

/// The most placeholders reported one by one per file; the rest are counted in one more error.
/// Each error copies its line, so a file of a million `TODO`s must not make a million.
const PLACEHOLDERS_LISTED: usize = 20;

/// `TODO` anywhere in the file: a field `add-source` could not fill, or a value it guessed.
fn placeholders(file: &Parsed<SourceFile>, diagnostics: &mut Diagnostics, language: Language) {
    const MARK: &str = "TODO";
    let text: &str = &file.text;
    let mut line_start = 0;
    let mut unlisted: Option<(usize, usize)> = None;
    let mut listed = 0;
    // Placeholders are found in text order: their positions cost one pass over the text.
    let mut positions = Positions::new(text);
    for line in text.split_inclusive('\n') {
        let mut from = 0;
        let mut comment: Option<Option<usize>> = None;
        while let Some(found) = line[from..].find(MARK) {
            let at = from + found;
            from = at + MARK.len();
            let before = line[..at].chars().next_back();
            let after = line[from..].chars().next();
            if before.is_some_and(char::is_alphanumeric) || after.is_some_and(char::is_alphanumeric) {
                continue;
            }
            if listed == PLACEHOLDERS_LISTED {
                unlisted.get_or_insert((line_start + at, 0)).1 += 1;
                continue;
            }
            listed += 1;
            let in_comment = comment
                .get_or_insert_with(|| comment_start(line))
                .is_some_and(|c| c < at);
            // A placeholder value ends where a comment after it starts.
            let end = match *comment.get_or_insert_with(|| comment_start(line)) {
                Some(c) if c > at => c,
                _ => line.len(),
            };
            let placeholder: String = line[at..end]
                .trim_end()
                .trim_end_matches(['"', '\''])
                .chars()
                .take(60)
                .collect();
            let content = line.trim_start().trim_start_matches("- ");
            let key = content
                .split_once(':')
                .map(|(key, _)| key.trim())
                .filter(|key| !key.is_empty() && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'));
            let (message, help) = match (key, in_comment) {
                (Some(key), true) => (
                    say!(
                        language,
                        "`{key}` is marked as not yet confirmed: \"{placeholder}\"",
                        "`{key}` ist als noch nicht bestätigt markiert: „{placeholder}“"
                    ),
                    say!(
                        language,
                        "check `{key}` against the article, correct it, then delete the comment",
                        "Prüfen Sie `{key}` am Artikel, korrigieren Sie es, und löschen Sie dann den Kommentar"
                    ),
                ),
                (Some(key), false) => {
                    let words = key.replace('_', " ");
                    (
                        say!(
                            language,
                            "`{key}` still holds the placeholder \"{placeholder}\"",
                            "`{key}` enthält noch den Platzhalter „{placeholder}“"
                        ),
                        say!(
                            language,
                            "write the real {words} (add-source and add-claim mark with TODO what they could not fill)",
                            "Tragen Sie den echten Wert für `{key}` ein (add-source und add-claim markieren mit TODO, was sie nicht füllen konnten)"
                        ),
                    )
                }
                (None, _) => (
                    say!(
                        language,
                        "placeholder \"{placeholder}\" left in the file",
                        "Platzhalter „{placeholder}“ steht noch in der Datei"
                    ),
                    say!(
                        language,
                        "replace it with what the article says, or delete it",
                        "Ersetzen Sie ihn durch das, was der Artikel sagt, oder löschen Sie ihn"
                    ),
                ),
            };
            diagnostics.push(
                Diagnostic::error(&file.path, Some(positions.of_offset(line_start + at)), message)
                    .with_help(help)
                    .with_source_at(text, line_start + at),
            );
        }
        line_start += line.len();
    }
    if let Some((first, count)) = unlisted {
        diagnostics.push(
            Diagnostic::error(
                &file.path,
                Some(positions.of_offset(first)),
                match (language, count) {
                    (Language::En, 1) => format!("1 more placeholder \"{MARK}\" in this file from here on"),
                    (Language::En, _) => format!("{count} more placeholders \"{MARK}\" in this file from here on"),
                    (Language::De, 1) => format!("1 weiterer Platzhalter „{MARK}“ in dieser Datei ab hier"),
                    (Language::De, _) => format!("{count} weitere Platzhalter „{MARK}“ in dieser Datei ab hier"),
                },
            )
            .with_help(say!(
                language,
                "the first {PLACEHOLDERS_LISTED} are listed one by one; replace each with what the article says, or delete it",
                "die ersten {PLACEHOLDERS_LISTED} werden einzeln aufgeführt; ersetzen Sie jeden durch das, was der Artikel sagt, oder löschen Sie ihn"
            ))
            .with_source_at(text, first),
        );
    }
}

/// Where a YAML comment starts in `line` (a `#` at the start or after a space, outside quotes).
fn comment_start(line: &str) -> Option<usize> {
    let mut quote: Option<char> = None;
    let mut previous = ' ';
    for (i, c) in line.char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') if previous.is_whitespace() || previous == ':' || previous == '-' => quote = Some(c),
            (None, '#') if previous.is_whitespace() => return Some(i),
            _ => {}
        }
        previous = c;
    }
    None
}

/// A source's `language` must be a registered BCP 47 tag.
fn language_tag(file: &Parsed<SourceFile>, diagnostics: &mut Diagnostics, language: Language) {
    let tag = &file.value.language;
    let value = tag.value.trim();
    if language_tags::LanguageTag::parse(value).is_ok_and(|t| t.is_valid()) {
        return;
    }
    let named = match value.to_lowercase().as_str() {
        "deutsch" | "german" | "ger" | "deu" => Some("de"),
        "englisch" | "english" | "eng" => Some("en"),
        "französisch" | "franzoesisch" | "french" | "français" | "francais" | "fra" | "fre" => Some("fr"),
        "russisch" | "russian" | "русский" | "rus" => Some("ru"),
        "ukrainisch" | "ukrainian" | "українська" | "ukr" => Some("uk"),
        "spanisch" | "spanish" | "español" | "espanol" | "spa" => Some("es"),
        "italienisch" | "italian" | "italiano" | "ita" => Some("it"),
        "polnisch" | "polish" | "polski" | "pol" => Some("pl"),
        "koreanisch" | "korean" | "kor" => Some("ko"),
        _ => None,
    };
    let underscored = value.replace('_', "-");
    let help = match named {
        Some(code) => say!(language, "write `language: {code}`", "Schreiben Sie `language: {code}`"),
        None if underscored != value && language_tags::LanguageTag::parse(&underscored).is_ok_and(|t| t.is_valid()) => {
            say!(
                language,
                "write `language: {underscored}` (a hyphen, not an underscore)",
                "Schreiben Sie `language: {underscored}` (mit Bindestrich, nicht Unterstrich)"
            )
        }
        None => say!(
            language,
            "write the article's language as a BCP 47 tag such as `de`, `en`, `de-AT` or `en-GB`",
            "Geben Sie die Sprache des Artikels als BCP-47-Tag an, etwa `de`, `en`, `de-AT` oder `en-GB`"
        ),
    };
    diagnostics.push(
        Diagnostic::error(
            &file.path,
            position(tag),
            say!(
                language,
                "language `{value}` is not a BCP 47 language tag",
                "die Sprache `{value}` ist kein BCP-47-Sprachtag"
            ),
        )
        .with_help(say!(
            language,
            "{help}; it becomes the pages' `lang` attribute and decides how numbers are read",
            "{help}; daraus wird das `lang`-Attribut der Seiten, und davon hängt ab, wie Zahlen gelesen werden"
        ))
        .with_source_lines(&file.text, &file.lines),
    );
}

/// A part of the article cut out by an `exclude` entry: its bytes and the entry.
pub(super) struct Excluded<'a> {
    /// Byte range of the article text.
    pub bytes: Range<usize>,
    /// The entry that cuts it.
    pub entry: &'a ExcludeFile,
}

/// The article of a source as quotes are searched in it: the annotation file, the text (folded
/// for the search), the parts its `exclude` entries cut out and its path under `seeds/`.
pub(super) struct Article<'f, 'a> {
    /// The source's annotation file.
    pub file: &'f Parsed<SourceFile>,
    /// The article's text.
    pub text: &'a str,
    /// The text folded for the quote search.
    pub folded: &'a FoldedText,
    /// The parts cut out by `exclude` entries.
    pub excluded: &'a [Excluded<'f>],
    /// The article's path (`seeds/…`), for messages.
    pub seed: &'a str,
}

/// Why a quote not found in the article's body is still in the article, if it is: it lies in
/// an excluded part, or it runs across paragraphs (in a file read one paragraph per line, a line
/// break is a paragraph break). Returns the message and help, or `None` when the quote is not
/// in the article at all.
pub(super) fn unfound_quote(
    article: &Article<'_, '_>,
    query: &QuoteQuery<'_>,
    what: &str,
    language: Language,
) -> Option<(String, String)> {
    let Article {
        file,
        text,
        folded,
        excluded,
        seed,
    } = *article;
    let spans = match anchor::anchor(folded, &[], query) {
        Ok(found) => vec![found.span()],
        Err(AnchorError::Ambiguous { candidates }) => candidates,
        Err(_) => return None,
    };
    let place = |offset: usize| {
        let at = Position::of_offset(text, offset);
        format!("{seed}:{}:{}", at.line, at.column)
    };
    for span in &spans {
        let Some(cut) = excluded
            .iter()
            .find(|e| e.bytes.start < span.end && span.start < e.bytes.end)
        else {
            continue;
        };
        let entry = match (&cut.entry.lines, &cut.entry.text) {
            (Some(lines), _) => {
                let lines_text = &lines.value.0;
                (
                    position(lines),
                    say!(language, "lines {lines_text}", "die Zeilen {lines_text}"),
                )
            }
            (None, Some(passage)) => {
                let passage_text = &passage.value;
                (
                    position(passage),
                    say!(
                        language,
                        "the passage \"{passage_text}\"",
                        "die Passage „{passage_text}“"
                    ),
                )
            }
            (None, None) => (None, language.pick("an entry", "einen Eintrag").to_owned()),
        };
        let (at, which) = entry;
        let at = at.map_or(String::new(), |p| {
            let (path, line, column) = (&file.path, p.line, p.column);
            say!(language, " at {path}:{line}:{column}", " in {path}:{line}:{column}")
        });
        let reason = cut
            .entry
            .reason
            .as_deref()
            .map_or(String::new(), |r| say!(language, " (\"{r}\")", " („{r}“)"));
        let where_ = place(span.start);
        return Some((
            say!(
                language,
                "{what} is in a part of the article that is excluded from its body ({where_})",
                "{what} steht in einem Teil des Artikels, der vom Text ausgeschlossen ist ({where_})"
            ),
            say!(
                language,
                "the `exclude` entry{at} cuts out {which}{reason}; quote the article's body, or narrow that entry if this passage is body text",
                "der `exclude`-Eintrag{at} schneidet {which}{reason} heraus; zitieren Sie den Text des Artikels, oder fassen Sie den Eintrag enger, wenn diese Passage zum Text gehört"
            ),
        ));
    }
    let span = spans.first()?;
    let quoted = &text[span.clone()];
    let line_break = quoted.find('\n')?;
    let mode = super::article::effective_mode(text, file.value.paragraphs);
    if mode == ParagraphMode::Lines {
        let why = if file.value.paragraphs == ParagraphMode::Auto {
            language.pick(
                "`paragraphs: auto` reads this file as one paragraph per line, because it has long lines",
                "`paragraphs: auto` liest diese Datei als einen Absatz je Zeile, weil sie lange Zeilen hat",
            )
        } else {
            language.pick(
                "with `paragraphs: lines` every line is a paragraph",
                "mit `paragraphs: lines` ist jede Zeile ein Absatz",
            )
        };
        let where_ = place(span.start + line_break);
        Some((
            say!(
                language,
                "{what} crosses a line break ({where_}), and {why}",
                "{what} geht über einen Zeilenumbruch ({where_}), und {why}"
            ),
            say!(
                language,
                "a quote must lie within one paragraph: if the article's paragraphs are separated by blank lines, set `paragraphs: blank-lines` on this source; otherwise quote the words of one line",
                "ein Zitat muss in einem Absatz liegen: Sind die Absätze des Artikels durch Leerzeilen getrennt, setzen Sie `paragraphs: blank-lines` bei dieser Quelle; sonst zitieren Sie die Worte einer Zeile"
            ),
        ))
    } else {
        let (from, to) = (place(span.start), place(span.end));
        Some((
            say!(
                language,
                "{what} runs across two paragraphs ({from} to {to})",
                "{what} reicht über zwei Absätze ({from} bis {to})"
            ),
            say!(
                language,
                "a quote must lie within one paragraph: quote the words of one paragraph, or annotate each part as its own claim",
                "ein Zitat muss in einem Absatz liegen: Zitieren Sie die Worte eines Absatzes, oder annotieren Sie jeden Teil als eigene Behauptung"
            ),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn units_that_allow_fractions() {
        for unit in [
            "%",
            "Prozent",
            "Mio. Soldaten",
            "km²",
            "Jahre",
            "Tage",
            "Soldaten pro Tag",
            "Mrd. Euro",
        ] {
            assert!(unit_allows_fractions(Some(unit)), "{unit}");
        }
        for unit in [None, Some("Soldaten"), Some("Raketen"), Some("Schuss"), Some("troops")] {
            assert!(!unit_allows_fractions(unit), "{unit:?}");
        }
    }

    #[test]
    fn comments_start_outside_quotes() {
        assert_eq!(comment_start("published: 2024  # TODO: no date"), Some(17));
        assert_eq!(comment_start("title: \"Nr. #1 # TODO\""), None);
        assert_eq!(comment_start("outlet: \"TODO: outlet\""), None);
    }
}
