//! Appending one entry to the `claims:` list of a source file by editing its text, so every
//! comment, blank line and way of writing of the file stays as the annotator left it (a YAML
//! library would re-serialise the whole file).

/// Why the entry could not be appended.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InsertError {
    /// `claims:` is written as a flow list (`claims: [ {...} ]`) with entries in it.
    #[error(
        "`claims:` on line {line} is written on one line (`[...]`); add-claim appends only to a list written one `- ` entry per line"
    )]
    FlowList {
        /// 1-based line of `claims:`.
        line: usize,
    },
}

/// `yaml` with `entry` appended to its top-level `claims:` list, and the 1-based line the
/// entry starts on. `entry` is one list entry written at indentation 0: its first line starts
/// with `- `, the others with two spaces. The entry takes the indentation of the list's
/// entries, follows its last entry (after any block text of it, before comments and blank
/// lines that end the list), and is set off by a blank line when the entries are.
pub fn append_claim(yaml: &str, entry: &str) -> Result<(String, usize), InsertError> {
    let lines: Vec<&str> = yaml.split_inclusive('\n').collect();
    let Some(claims_line) = lines.iter().position(|line| is_top_level_key(line, "claims")) else {
        // No list yet: a new one at the end.
        let mut out = yaml.to_owned();
        if !out.is_empty() && !out.ends_with('\n') {
            out.push('\n');
        }
        let line = out.lines().count() + 2;
        out.push_str("claims:\n");
        out.push_str(&indent(entry, 2));
        return Ok((out, line));
    };
    let after_key = value_after_key(lines[claims_line]);
    if after_key == "[]" {
        // An empty flow list becomes a block list.
        let comment = comment_of(lines[claims_line]);
        let mut out: String = lines[..claims_line].concat();
        out.push_str("claims:");
        if let Some(comment) = comment {
            out.push_str("  ");
            out.push_str(comment);
        }
        out.push('\n');
        out.push_str(&indent(entry, 2));
        out.push_str(&lines[claims_line + 1..].concat());
        return Ok((out, claims_line + 2));
    }
    if !after_key.is_empty() {
        return Err(InsertError::FlowList { line: claims_line + 1 });
    }
    // The list's lines: up to the next top-level key or document marker.
    let mut last_content = claims_line;
    let mut item_indent: Option<usize> = None;
    let mut blank_between = false;
    let mut previous_blank = false;
    for (index, line) in lines.iter().enumerate().skip(claims_line + 1) {
        let content = line.trim_end_matches(['\n', '\r']);
        let trimmed = content.trim_start();
        if trimmed.is_empty() {
            previous_blank = true;
            continue;
        }
        let indentation = content.len() - trimmed.len();
        if trimmed.starts_with('#') {
            continue;
        }
        let is_item = trimmed == "-" || trimmed.starts_with("- ");
        if indentation == 0 && !is_item {
            break;
        }
        if is_item && item_indent.is_none_or(|i| i == indentation) {
            if item_indent.is_some() && previous_blank {
                blank_between = true;
            }
            item_indent = Some(indentation);
        }
        previous_blank = false;
        last_content = index;
    }
    let item_indent = item_indent.unwrap_or(2);
    let mut out: String = lines[..=last_content].concat();
    if !out.ends_with('\n') {
        out.push('\n');
    }
    let mut line = last_content + 2;
    if blank_between {
        out.push('\n');
        line += 1;
    }
    out.push_str(&indent(entry, item_indent));
    out.push_str(&lines[last_content + 1..].concat());
    Ok((out, line))
}

/// Whether `line` is the top-level key `key` (at column 0, followed by `:`).
fn is_top_level_key(line: &str, key: &str) -> bool {
    line.strip_prefix(key)
        .is_some_and(|rest| rest.trim_start_matches([' ', '\t']).starts_with(':'))
}

/// What follows `key:` on its line, without a comment and surrounding space.
fn value_after_key(line: &str) -> &str {
    let after = line.split_once(':').map_or("", |(_, rest)| rest).trim_end();
    let without_comment = match comment_of(line) {
        Some(comment) => after.strip_suffix(comment.trim_end()).unwrap_or(after),
        None => after,
    };
    let value = without_comment.trim();
    value.strip_suffix('#').unwrap_or(value).trim()
}

/// The comment at the end of a key line (` # …`), if any.
fn comment_of(line: &str) -> Option<&str> {
    let line = line.trim_end_matches(['\n', '\r']);
    line.match_indices(" #").next().map(|(at, _)| line[at + 1..].trim_end())
}

/// `entry` with every line indented by `by` spaces.
fn indent(entry: &str, by: usize) -> String {
    let pad = " ".repeat(by);
    let mut out = String::new();
    for line in entry.lines() {
        if !line.is_empty() {
            out.push_str(&pad);
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const ENTRY: &str = "- id: neu\n  quote: \"x\"\n";

    #[test]
    fn appends_after_the_last_entry_keeping_comments_and_blank_lines() {
        let yaml = "id: a\nclaims:\n  - id: eins\n    note: |\n      Text\n      mehr\n\n  - id: zwei\n    note: |\n      Ende\n\n# Kommentar zum nächsten Schlüssel\nunannotated: []\n";
        let (out, line) = append_claim(yaml, ENTRY).unwrap();
        assert_eq!(
            out,
            "id: a\nclaims:\n  - id: eins\n    note: |\n      Text\n      mehr\n\n  - id: zwei\n    note: |\n      Ende\n\n  - id: neu\n    quote: \"x\"\n\n# Kommentar zum nächsten Schlüssel\nunannotated: []\n"
        );
        assert_eq!(out.lines().nth(line - 1), Some("  - id: neu"));
    }

    #[test]
    fn entries_at_column_zero_and_a_missing_final_line_break() {
        let yaml = "claims:\n- id: eins\n  quote: \"y\"";
        let (out, line) = append_claim(yaml, ENTRY).unwrap();
        assert_eq!(out, "claims:\n- id: eins\n  quote: \"y\"\n- id: neu\n  quote: \"x\"\n");
        assert_eq!(line, 4);
    }

    #[test]
    fn empty_and_missing_lists() {
        let (out, line) = append_claim("id: a\nclaims: []  # noch nichts\nx: 1\n", ENTRY).unwrap();
        assert_eq!(
            out,
            "id: a\nclaims:  # noch nichts\n  - id: neu\n    quote: \"x\"\nx: 1\n"
        );
        assert_eq!(line, 3);
        let (out, line) = append_claim("id: a", ENTRY).unwrap();
        assert_eq!(out, "id: a\nclaims:\n  - id: neu\n    quote: \"x\"\n");
        assert_eq!(line, 3);
        assert_eq!(
            append_claim("claims: [{ id: a }]\n", ENTRY),
            Err(InsertError::FlowList { line: 1 })
        );
    }
}
