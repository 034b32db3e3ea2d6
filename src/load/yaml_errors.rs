//! YAML errors in the annotator's words, chosen by the error's kind (serde-saphyr's `Error`
//! variants, its parser's `ErrorKind`), never by parsing a library's English text.
//!
//! The only library text shown is none: every kind we know gets our own message and a hint
//! with the fix; a kind we do not know yet gets a neutral message. The golden tests at the end
//! pin the kinds the locked serde-saphyr version returns for each broken input.

use serde_saphyr::granit_parser::{ErrorKind, ScanError};

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

/// A syntax error of the YAML parser.
pub(super) fn scan_error(error: &ScanError, text: &str) -> Explained {
    let line = line_of(text, error.marker().line());
    match error.kind() {
        ErrorKind::TabInIndentation
        | ErrorKind::TabInBlockIndentation
        | ErrorKind::TabNotAllowed
        | ErrorKind::TabAtBlockScalarStart => explained(
            "a tab character is used for indentation",
            "YAML indents with spaces only: replace the tab with spaces (two per level); many editors can show tabs",
        ),
        ErrorKind::UnexpectedCharacter { character } if *character == '\t' => explained(
            "a tab character is used for indentation",
            "YAML indents with spaces only: replace the tab with spaces (two per level)",
        ),
        ErrorKind::SimpleKeyExpected
        | ErrorKind::InvalidSimpleKey
        | ErrorKind::ExpectedBlockMappingKey
        | ErrorKind::MappingValueNotAllowed
            if colon_in_value(line) =>
        {
            explained(
                "this text contains `: ` (a colon and a space), which YAML reads as the start of another key",
                "put the whole text in double quotes: `key: \"text: with a colon\"` (a `\"` inside becomes `\\\"`)",
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
                    "this line is not indented like its neighbours",
                    "keys of one entry start in the same column; a list item starts with `- ` and its keys line up after it. \
                     Compare this line's indentation with the line above",
                )
            }
        }
        ErrorKind::UnclosedQuotedScalar => explained(
            "a quoted text is not closed",
            "end the text with the same quotation mark it starts with; a `\"` inside a text in double quotes is written `\\\"`",
        ),
        ErrorKind::InvalidTrailingDoubleQuotedScalar | ErrorKind::InvalidTrailingSingleQuotedScalar => explained(
            "something follows a quoted text on the same line",
            "a text in quotes ends at its closing quotation mark: if one is missing on a line above, the text runs on \
             to here; otherwise put the whole value in one pair of quotes (a `\"` inside becomes `\\\"`)",
        ),
        ErrorKind::UnknownQuotedScalarEscape
        | ErrorKind::InvalidQuotedScalarHexEscape
        | ErrorKind::InvalidUnicodeEscape => explained(
            "a backslash in a text in double quotes starts an unknown escape",
            "write `\\\\` for a backslash, or use single quotes, in which a backslash is plain text",
        ),
        ErrorKind::UnclosedFlowCollection { open } | ErrorKind::MismatchedFlowCollectionEnd { open, .. } => {
            let close = if *open == '[' { ']' } else { '}' };
            explained(
                format!("a `{open}` is not closed by `{close}`"),
                format!(
                    "close it with `{close}`; a text with `,`, `[`, `]`, `{{` or `}}` inside brackets goes in double quotes"
                ),
            )
        }
        ErrorKind::ExpectedFlowMappingSeparator
        | ErrorKind::ExpectedFlowSequenceSeparator
        | ErrorKind::MisplacedFlowCollectionEnd => explained(
            "the entries inside `{ }` or `[ ]` are not separated properly",
            "separate entries with `, `; put a text that contains a comma or a colon in double quotes",
        ),
        ErrorKind::UnknownAnchor => explained(
            "`*name` refers to nothing",
            "a `*` at the start of a value refers to a `&name` defined earlier; put a text starting with `*` in double quotes",
        ),
        ErrorKind::UnexpectedCharacter { character } => explained(
            format!("`{character}` cannot start a value here"),
            format!("put the whole value in double quotes: `key: \"{character}…\"`"),
        ),
        ErrorKind::CommentNotSeparated => explained(
            "a `#` directly after text",
            "a comment needs a space before its `#`; a `#` in a text needs double quotes",
        ),
        ErrorKind::UnexpectedEof
        | ErrorKind::UnexpectedEofBlockMapping
        | ErrorKind::UnexpectedEofBlockSequence
        | ErrorKind::UnexpectedEofFlowMapping
        | ErrorKind::UnexpectedEofFlowSequence
        | ErrorKind::UnexpectedEofImplicitFlowMapping => explained(
            "the file ends in the middle of a value",
            "close every quotation mark and bracket that is opened",
        ),
        _ => explained(
            "this line is not valid YAML",
            "check quotation marks, colons and indentation on this line and the one above; put a text with `: ` or `#` in double quotes",
        ),
    }
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
/// duplicates, bombs and scalars that did not convert).
pub(super) fn deserialize_error(error: &serde_saphyr::Error, text: &str) -> Explained {
    use serde_saphyr::Error as E;
    match error {
        E::WithSnippet { error, .. } => deserialize_error(error, text),
        E::AliasError { error, .. } => deserialize_error(error, text),
        E::ExternalMessage { source, .. } => match source.as_ref() {
            serde_saphyr::ExternalMessageSource::Parser(scan) => scan_error(scan, text),
            _ => neutral(),
        },
        E::DuplicateMappingKey { key, .. } => {
            let name = key.as_deref().unwrap_or("this key");
            explained(
                format!("duplicate key `{name}`: it appears twice in one entry"),
                "each key may appear once per entry. If this starts a new entry of a list, begin it with `- ` \
                 (`- id: …`); otherwise remove one of the two",
            )
        }
        E::SerdeMissingField { field, .. } => explained(
            format!("missing field `{field}`"),
            format!("add `{field}:`; the README's field reference lists what every field takes"),
        ),
        E::SerdeUnknownField { field, expected, .. } => {
            let near = crate::diagnostic::closest_name(field, expected);
            explained(
                format!("unknown field `{field}`"),
                match near {
                    Some(near) => {
                        format!("did you mean `{near}`? Keys are never ignored, so a typo cannot vanish silently")
                    }
                    None => format!("remove it or fix its spelling; allowed here: {}", expected.join(", ")),
                },
            )
        }
        E::SerdeUnknownVariant { variant, expected, .. } => explained(
            format!("`{variant}` is not allowed here"),
            format!(
                "use one of {}",
                expected.iter().map(|e| format!("`{e}`")).collect::<Vec<_>>().join(", ")
            ),
        ),
        E::InvalidScalar { .. }
        | E::SerdeInvalidType { .. }
        | E::SerdeInvalidValue { .. }
        | E::QuotingRequired { .. } => explained(
            "this value has the wrong form",
            "numbers are written with digits only (`617000`, `1.5`), dates as `2024-11-18`, texts in double quotes when they hold `: ` or `#`",
        ),
        E::NullIntoString { .. } => explained(
            "this key has no value",
            "write the text after the colon, or remove the line",
        ),
        E::Budget { .. }
        | E::AliasReplayLimitExceeded { .. }
        | E::AliasExpansionLimitExceeded { .. }
        | E::AliasReplayStackDepthExceeded { .. }
        | E::AliasReplayCounterOverflow { .. } => explained(
            "this file exceeds the reading budget: it nests or repeats too much to be read",
            "a dossier file needs no `&`/`*` references and little nesting: write the values out",
        ),
        E::MultipleDocuments { .. } => explained(
            "this file holds more than one document (a second `---`)",
            "remove the `---` line; one file holds one source, or one list",
        ),
        E::Eof { .. } => explained(
            "the file ends in the middle of a value",
            "close every quotation mark and bracket that is opened",
        ),
        E::MergeKeyNotAllowed { .. } | E::MergeValueNotMapOrSeqOfMaps { .. } => explained(
            "`<<` merge keys cannot be used here",
            "write the keys out in each entry",
        ),
        _ => neutral(),
    }
}

fn neutral() -> Explained {
    explained(
        "this value cannot be read",
        "check quotation marks, colons and indentation here; the README's field reference lists what every field takes",
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
        deserialize_error(&first_error(text), text).message
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
        let explained = deserialize_error(&first_error(text), text);
        assert_eq!(explained.message, "this line is not indented like its neighbours");
        assert_eq!(explained.column, Some(6));
    }

    #[test]
    fn unclosed_quote() {
        assert_eq!(message("title: \"abc\nx: 1\n"), "a quoted text is not closed");
    }
}
