//! YAML errors in the annotator's words, chosen by the error's kind (serde-saphyr's `Error`
//! variants, its parser's `ErrorKind`), never by parsing a library's English text.
//!
//! The only library text shown is none: every kind we know gets our own message and a hint
//! with the fix; a kind we do not know yet gets a neutral message. The golden tests at the end
//! pin the kinds the locked serde-saphyr version returns for each broken input.

use serde_saphyr::granit_parser::{ErrorKind, ScanError};

use crate::diagnostic::Language;
use crate::say;

/// What is wrong and how to fix it.
pub(super) struct Explained {
    pub(super) message: String,
    pub(super) help: Option<String>,
    /// A better column than the parser's (1-based), e.g. the start of a mis-indented key.
    pub(super) column: Option<u32>,
}

fn explained(message: impl Into<String>, help: impl Into<String>) -> Explained {
    Explained {
        message: message.into(),
        help: Some(help.into()),
        column: None,
    }
}

/// The first line of `text` at 1-based `line`, for hints that look at what was written.
fn line_of(text: &str, line: usize) -> &str {
    text.lines().nth(line.saturating_sub(1)).unwrap_or("")
}

/// A syntax error of the YAML parser, in `language`.
pub(super) fn scan_error(error: &ScanError, text: &str, language: Language) -> Explained {
    let line = line_of(text, error.marker().line());
    let tab = || {
        explained(
            say!(
                language,
                "a tab character is used for indentation",
                "eine Einrückung enthält ein Tabulatorzeichen"
            ),
            say!(
                language,
                "YAML indents with spaces only: replace the tab with spaces (two per level); many editors can show tabs",
                "YAML rückt nur mit Leerzeichen ein: Ersetzen Sie den Tabulator durch Leerzeichen (zwei je Ebene); viele Editoren können Tabulatoren anzeigen"
            ),
        )
    };
    match error.kind() {
        ErrorKind::TabInIndentation
        | ErrorKind::TabInBlockIndentation
        | ErrorKind::TabNotAllowed
        | ErrorKind::TabAtBlockScalarStart => tab(),
        ErrorKind::UnexpectedCharacter { character } if *character == '\t' => tab(),
        ErrorKind::SimpleKeyExpected
        | ErrorKind::InvalidSimpleKey
        | ErrorKind::ExpectedBlockMappingKey
        | ErrorKind::MappingValueNotAllowed
            if colon_in_value(line) =>
        {
            explained(
                say!(
                    language,
                    "this text contains `: ` (a colon and a space), which YAML reads as the start of another key",
                    "dieser Text enthält `: ` (Doppelpunkt und Leerzeichen), was YAML als Beginn eines weiteren Schlüssels liest"
                ),
                say!(
                    language,
                    "put the whole text in double quotes: `key: \"text: with a colon\"` (a `\"` inside becomes `\\\"`)",
                    "Setzen Sie den ganzen Text in doppelte Anführungszeichen: `key: \"Text: mit Doppelpunkt\"` (ein `\"` darin wird zu `\\\"`)"
                ),
            )
        }
        ErrorKind::InvalidIndentation
        | ErrorKind::MappingValueNotAllowed
        | ErrorKind::SimpleKeyExpected
        | ErrorKind::InvalidSimpleKey
        | ErrorKind::ExpectedBlockMappingKey
        | ErrorKind::ExpectedBlockSequenceEntry
        | ErrorKind::BlockSequenceEntryNotAllowed => {
            let indent = line.chars().take_while(|c| *c == ' ').count();
            Explained {
                column: u32::try_from(indent + 1).ok(),
                ..explained(
                    say!(
                        language,
                        "this line is not indented like its neighbours",
                        "diese Zeile ist anders eingerückt als ihre Nachbarn"
                    ),
                    say!(
                        language,
                        "keys of one entry start in the same column; a list item starts with `- ` and its keys line up after it. \
                         Compare this line's indentation with the line above",
                        "Die Schlüssel eines Eintrags beginnen in derselben Spalte; ein Listeneintrag beginnt mit `- `, und seine \
                         Schlüssel stehen bündig dahinter. Vergleichen Sie die Einrückung dieser Zeile mit der Zeile darüber"
                    ),
                )
            }
        }
        ErrorKind::UnclosedQuotedScalar => explained(
            say!(
                language,
                "a quoted text is not closed",
                "ein Text in Anführungszeichen wird nicht geschlossen"
            ),
            say!(
                language,
                "end the text with the same quotation mark it starts with; a `\"` inside a text in double quotes is written `\\\"`",
                "Schließen Sie den Text mit demselben Anführungszeichen, mit dem er beginnt; ein `\"` in einem Text in doppelten Anführungszeichen wird `\\\"` geschrieben"
            ),
        ),
        ErrorKind::InvalidTrailingDoubleQuotedScalar | ErrorKind::InvalidTrailingSingleQuotedScalar => explained(
            say!(
                language,
                "something follows a quoted text on the same line",
                "auf einen Text in Anführungszeichen folgt in derselben Zeile noch etwas"
            ),
            say!(
                language,
                "a text in quotes ends at its closing quotation mark: if one is missing on a line above, the text runs on \
                 to here; otherwise put the whole value in one pair of quotes (a `\"` inside becomes `\\\"`)",
                "ein Text in Anführungszeichen endet an seinem schließenden Anführungszeichen: Fehlt eines in einer Zeile darüber, \
                 läuft der Text bis hierher; sonst setzen Sie den ganzen Wert in ein Paar Anführungszeichen (ein `\"` darin wird zu `\\\"`)"
            ),
        ),
        ErrorKind::UnknownQuotedScalarEscape
        | ErrorKind::InvalidQuotedScalarHexEscape
        | ErrorKind::InvalidUnicodeEscape => explained(
            say!(
                language,
                "a backslash in a text in double quotes starts an unknown escape",
                "ein Backslash in einem Text in doppelten Anführungszeichen leitet eine unbekannte Escape-Sequenz ein"
            ),
            say!(
                language,
                "write `\\\\` for a backslash, or use single quotes, in which a backslash is plain text",
                "Schreiben Sie `\\\\` für einen Backslash, oder verwenden Sie einfache Anführungszeichen, in denen ein Backslash normaler Text ist"
            ),
        ),
        ErrorKind::UnclosedFlowCollection { open } | ErrorKind::MismatchedFlowCollectionEnd { open, .. } => {
            let close = if *open == '[' { ']' } else { '}' };
            explained(
                say!(
                    language,
                    "a `{open}` is not closed by `{close}`",
                    "eine `{open}` wird nicht mit `{close}` geschlossen"
                ),
                say!(
                    language,
                    "close it with `{close}`; a text with `,`, `[`, `]`, `{{` or `}}` inside brackets goes in double quotes",
                    "Schließen Sie sie mit `{close}`; ein Text mit `,`, `[`, `]`, `{{` oder `}}` innerhalb von Klammern gehört in doppelte Anführungszeichen"
                ),
            )
        }
        ErrorKind::ExpectedFlowMappingSeparator
        | ErrorKind::ExpectedFlowSequenceSeparator
        | ErrorKind::MisplacedFlowCollectionEnd => explained(
            say!(
                language,
                "the entries inside `{{ }}` or `[ ]` are not separated properly",
                "die Einträge in `{{ }}` oder `[ ]` sind nicht richtig getrennt"
            ),
            say!(
                language,
                "separate entries with `, `; put a text that contains a comma or a colon in double quotes",
                "Trennen Sie Einträge mit `, `; setzen Sie einen Text mit Komma oder Doppelpunkt in doppelte Anführungszeichen"
            ),
        ),
        ErrorKind::UnknownAnchor => explained(
            say!(language, "`*name` refers to nothing", "`*name` verweist auf nichts"),
            say!(
                language,
                "a `*` at the start of a value refers to a `&name` defined earlier; put a text starting with `*` in double quotes",
                "ein `*` am Anfang eines Werts verweist auf ein vorher definiertes `&name`; setzen Sie einen Text, der mit `*` beginnt, in doppelte Anführungszeichen"
            ),
        ),
        ErrorKind::UnexpectedCharacter { character } => explained(
            say!(
                language,
                "`{character}` cannot start a value here",
                "`{character}` kann hier keinen Wert einleiten"
            ),
            say!(
                language,
                "put the whole value in double quotes: `key: \"{character}…\"`",
                "Setzen Sie den ganzen Wert in doppelte Anführungszeichen: `key: \"{character}…\"`"
            ),
        ),
        ErrorKind::CommentNotSeparated => explained(
            say!(language, "a `#` directly after text", "ein `#` direkt nach Text"),
            say!(
                language,
                "a comment needs a space before its `#`; a `#` in a text needs double quotes",
                "vor dem `#` eines Kommentars steht ein Leerzeichen; ein Text mit `#` braucht doppelte Anführungszeichen"
            ),
        ),
        ErrorKind::UnexpectedEof
        | ErrorKind::UnexpectedEofBlockMapping
        | ErrorKind::UnexpectedEofBlockSequence
        | ErrorKind::UnexpectedEofFlowMapping
        | ErrorKind::UnexpectedEofFlowSequence
        | ErrorKind::UnexpectedEofImplicitFlowMapping => ends_mid_value(language),
        _ => explained(
            say!(
                language,
                "this line is not valid YAML",
                "diese Zeile ist kein gültiges YAML"
            ),
            say!(
                language,
                "check quotation marks, colons and indentation on this line and the one above; put a text with `: ` or `#` in double quotes",
                "Prüfen Sie Anführungszeichen, Doppelpunkte und Einrückung in dieser und der vorigen Zeile; setzen Sie einen Text mit `: ` oder `#` in doppelte Anführungszeichen"
            ),
        ),
    }
}

fn ends_mid_value(language: Language) -> Explained {
    explained(
        say!(
            language,
            "the file ends in the middle of a value",
            "die Datei endet mitten in einem Wert"
        ),
        say!(
            language,
            "close every quotation mark and bracket that is opened",
            "Schließen Sie jedes geöffnete Anführungszeichen und jede Klammer"
        ),
    )
}

/// Whether a line's value holds another `: ` (an unquoted colon inside a text).
fn colon_in_value(line: &str) -> bool {
    let trimmed = line.trim_start().trim_start_matches("- ");
    match trimmed.split_once(": ") {
        Some((_, value)) => {
            let value = value.trim_start();
            !value.starts_with(['"', '\'', '{', '[', '|', '>']) && (value.contains(": ") || value.ends_with(':'))
        }
        None => false,
    }
}

/// Whether serde-saphyr stopped for a budget (alias bombs, nesting): such a file is not read again.
pub(super) fn is_budget(error: &serde_saphyr::Error) -> bool {
    use serde_saphyr::Error as E;
    match error {
        E::WithSnippet { error, .. } | E::AliasError { error, .. } => is_budget(error),
        E::Budget { .. }
        | E::AliasReplayLimitExceeded { .. }
        | E::AliasExpansionLimitExceeded { .. }
        | E::AliasReplayStackDepthExceeded { .. }
        | E::AliasReplayCounterOverflow { .. } => true,
        E::ExternalMessage { source, .. } => matches!(
            source.as_ref(),
            serde_saphyr::ExternalMessageSource::Parser(scan) if matches!(scan.kind(), ErrorKind::RecursionLimitExceeded)
        ),
        _ => false,
    }
}

/// A deserialisation error (after the file's shape was checked: what is left is mostly
/// duplicates, bombs and scalars that did not convert), in `language`.
pub(super) fn deserialize_error(error: &serde_saphyr::Error, text: &str, language: Language) -> Explained {
    use serde_saphyr::Error as E;
    match error {
        E::WithSnippet { error, .. } => deserialize_error(error, text, language),
        E::AliasError { error, .. } => deserialize_error(error, text, language),
        E::ExternalMessage { source, .. } => match source.as_ref() {
            serde_saphyr::ExternalMessageSource::Parser(scan) => scan_error(scan, text, language),
            _ => neutral(language),
        },
        E::DuplicateMappingKey { key, .. } => {
            let name = key
                .as_deref()
                .unwrap_or_else(|| language.pick("this key", "dieser Schlüssel"));
            explained(
                say!(
                    language,
                    "duplicate key `{name}`: it appears twice in one entry",
                    "doppelter Schlüssel `{name}`: er steht zweimal in einem Eintrag"
                ),
                say!(
                    language,
                    "each key may appear once per entry. If this starts a new entry of a list, begin it with `- ` \
                     (`- id: …`); otherwise remove one of the two",
                    "Jeder Schlüssel darf je Eintrag nur einmal stehen. Beginnt hier ein neuer Eintrag einer Liste, \
                     leiten Sie ihn mit `- ` ein (`- id: …`); sonst entfernen Sie einen der beiden"
                ),
            )
        }
        E::SerdeMissingField { field, .. } => explained(
            say!(language, "missing field `{field}`", "Feld `{field}` fehlt"),
            say!(
                language,
                "add `{field}:`; the README's field reference lists what every field takes",
                "Ergänzen Sie `{field}:`; die Feldreferenz im README nennt, was jedes Feld erwartet"
            ),
        ),
        E::SerdeUnknownField { field, expected, .. } => {
            let near = crate::diagnostic::closest_name(field, expected);
            explained(
                say!(language, "unknown field `{field}`", "unbekanntes Feld `{field}`"),
                match near {
                    Some(near) => say!(
                        language,
                        "did you mean `{near}`? Keys are never ignored, so a typo cannot vanish silently",
                        "Meinten Sie `{near}`? Schlüssel werden nie übergangen, damit kein Tippfehler unbemerkt bleibt"
                    ),
                    None => {
                        let allowed = expected.join(", ");
                        say!(
                            language,
                            "remove it or fix its spelling; allowed here: {allowed}",
                            "Entfernen Sie es oder korrigieren Sie die Schreibweise; erlaubt sind hier: {allowed}"
                        )
                    }
                },
            )
        }
        E::SerdeUnknownVariant { variant, expected, .. } => {
            let allowed = expected.iter().map(|e| format!("`{e}`")).collect::<Vec<_>>().join(", ");
            explained(
                say!(
                    language,
                    "`{variant}` is not allowed here",
                    "`{variant}` ist hier nicht erlaubt"
                ),
                say!(
                    language,
                    "use one of {allowed}",
                    "Verwenden Sie einen dieser Werte: {allowed}"
                ),
            )
        }
        E::InvalidScalar { .. }
        | E::SerdeInvalidType { .. }
        | E::SerdeInvalidValue { .. }
        | E::QuotingRequired { .. } => explained(
            say!(
                language,
                "this value has the wrong form",
                "dieser Wert hat die falsche Form"
            ),
            say!(
                language,
                "numbers are written with digits only (`617000`, `1.5`), dates as `2024-11-18`, texts in double quotes when they hold `: ` or `#`",
                "Zahlen werden nur mit Ziffern geschrieben (`617000`, `1.5`), Daten als `2024-11-18`, Texte mit `: ` oder `#` in doppelten Anführungszeichen"
            ),
        ),
        E::NullIntoString { .. } => explained(
            say!(language, "this key has no value", "dieser Schlüssel hat keinen Wert"),
            say!(
                language,
                "write the text after the colon, or remove the line",
                "Schreiben Sie den Text hinter den Doppelpunkt, oder entfernen Sie die Zeile"
            ),
        ),
        E::Budget { .. }
        | E::AliasReplayLimitExceeded { .. }
        | E::AliasExpansionLimitExceeded { .. }
        | E::AliasReplayStackDepthExceeded { .. }
        | E::AliasReplayCounterOverflow { .. } => explained(
            say!(
                language,
                "this file exceeds the reading budget: it nests or repeats too much to be read",
                "diese Datei sprengt das Lesebudget: Sie ist zu tief verschachtelt oder wiederholt zu viel, um gelesen zu werden"
            ),
            say!(
                language,
                "a dossier file needs no `&`/`*` references and little nesting: write the values out",
                "eine Dossier-Datei braucht keine `&`/`*`-Verweise und wenig Verschachtelung: Schreiben Sie die Werte aus"
            ),
        ),
        E::MultipleDocuments { .. } => explained(
            say!(
                language,
                "this file holds more than one document (a second `---`)",
                "diese Datei enthält mehr als ein Dokument (ein zweites `---`)"
            ),
            say!(
                language,
                "remove the `---` line; one file holds one source, or one list",
                "Entfernen Sie die Zeile `---`; eine Datei enthält eine Quelle oder eine Liste"
            ),
        ),
        E::Eof { .. } => ends_mid_value(language),
        E::MergeKeyNotAllowed { .. } | E::MergeValueNotMapOrSeqOfMaps { .. } => explained(
            say!(
                language,
                "`<<` merge keys cannot be used here",
                "`<<`-Merge-Schlüssel sind hier nicht möglich"
            ),
            say!(
                language,
                "write the keys out in each entry",
                "Schreiben Sie die Schlüssel in jedem Eintrag aus"
            ),
        ),
        _ => neutral(language),
    }
}

fn neutral(language: Language) -> Explained {
    explained(
        say!(
            language,
            "this value cannot be read",
            "dieser Wert kann nicht gelesen werden"
        ),
        say!(
            language,
            "check quotation marks, colons and indentation here; the README's field reference lists what every field takes",
            "Prüfen Sie hier Anführungszeichen, Doppelpunkte und Einrückung; die Feldreferenz im README nennt, was jedes Feld erwartet"
        ),
    )
}

#[cfg(test)]
mod tests {
    //! Golden tests: the kind the locked serde-saphyr returns for each broken input, and our
    //! message for it. A new serde-saphyr that changes a kind fails here first.
    use super::*;

    fn first_error(text: &str) -> serde_saphyr::Error {
        serde_saphyr::from_str::<serde_json::Value>(text).expect_err("broken input")
    }

    fn message(text: &str) -> String {
        deserialize_error(&first_error(text), text, Language::En).message
    }

    #[test]
    fn tab_indentation() {
        assert_eq!(message("a:\n\tb: 1\n"), "a tab character is used for indentation");
    }

    #[test]
    fn unquoted_colon() {
        assert!(message("title: Putin: mehr Soldaten\n").contains("`: `"));
    }

    #[test]
    fn duplicate_key_from_a_missing_dash() {
        let text = "claims:\n  - id: a\n    quote: x\n    id: b\n";
        let error = first_error(text);
        let inner = match &error {
            serde_saphyr::Error::WithSnippet { error, .. } => error.as_ref(),
            other => other,
        };
        assert!(
            matches!(inner, serde_saphyr::Error::DuplicateMappingKey { .. }),
            "{inner:?}"
        );
        assert!(message(text).contains("duplicate key `id`"));
    }

    #[test]
    fn misindented_key_points_at_itself() {
        let text = "claims:\n  - id: a\n    topic: b\n     statement: x\n";
        let explained = deserialize_error(&first_error(text), text, Language::En);
        assert_eq!(explained.message, "this line is not indented like its neighbours");
        assert_eq!(explained.column, Some(6));
    }

    #[test]
    fn unclosed_quote() {
        assert_eq!(message("title: \"abc\nx: 1\n"), "a quoted text is not closed");
    }

    #[test]
    fn german_messages_for_a_tab_and_an_unquoted_colon() {
        let german = |text: &str| deserialize_error(&first_error(text), text, Language::De);
        let tab = german("a:\n\tb: 1\n");
        assert_eq!(tab.message, "eine Einrückung enthält ein Tabulatorzeichen");
        assert!(tab.help.expect("a help").contains("Leerzeichen"));
        let colon = german("title: Putin: mehr Soldaten\n");
        assert!(colon.message.contains("Doppelpunkt"), "{}", colon.message);
    }
}
