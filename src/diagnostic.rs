//! Diagnostics: every problem the tool finds in a dossier, with the file, line and column it
//! comes from, what is wrong and how to fix it.
//!
//! Library code collects [`Diagnostic`]s into a [`Diagnostics`] list instead of stopping at the
//! first problem, so one run reports everything. [`Diagnostic::render`] gives the
//! compiler-style text shown in the terminal and in the browser overlay of `serve`.

use std::fmt;
use std::path::{Path, PathBuf};

/// How bad a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth a look; the build still succeeds (unless `--strict`).
    Warning,
    /// The dossier cannot be built.
    Error,
}

/// A position in a file: 1-based line and column (in characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, serde::Serialize)]
pub struct Position {
    /// 1-based line.
    pub line: u32,
    /// 1-based column, counted in characters.
    pub column: u32,
}

impl Position {
    /// A position from 1-based line and column.
    pub fn new(line: u32, column: u32) -> Self {
        Self { line, column }
    }

    /// The position of byte offset `offset` in `text` (clamped to the text).
    pub fn of_offset(text: &str, offset: usize) -> Self {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let before = &text[..offset];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let column = before[line_start..].chars().count() + 1;
        Self {
            line: u32::try_from(line).unwrap_or(u32::MAX),
            column: u32::try_from(column).unwrap_or(u32::MAX),
        }
    }
}

impl From<&serde_saphyr::Location> for Position {
    fn from(location: &serde_saphyr::Location) -> Self {
        Self {
            line: u32::try_from(location.line()).unwrap_or(u32::MAX),
            column: u32::try_from(location.column()).unwrap_or(u32::MAX),
        }
    }
}

/// One problem found in a dossier.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// The file, relative to the dossier root, with `/` separators.
    pub file: String,
    /// Where in the file; `None` when the problem concerns the whole file.
    pub position: Option<Position>,
    /// What is wrong, in one sentence.
    pub message: String,
    /// How to fix it.
    pub help: Option<String>,
    /// The offending line of the file, for display with a marker under the column.
    pub line_text: Option<String>,
}

impl Diagnostic {
    /// An error in `file` at `position`.
    pub fn error(file: impl Into<String>, position: Option<Position>, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Error,
            file: file.into(),
            position,
            message: message.into(),
            help: None,
            line_text: None,
        }
    }

    /// A warning in `file` at `position`.
    pub fn warning(file: impl Into<String>, position: Option<Position>, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Warning,
            ..Self::error(file, position, message)
        }
    }

    /// Adds a hint on how to fix the problem.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Attaches the offending line, taken from the file's text.
    pub fn with_source(mut self, text: &str) -> Self {
        if let Some(position) = self.position {
            self.line_text = text
                .lines()
                .nth(position.line.saturating_sub(1) as usize)
                .map(|line| line.trim_end_matches('\r').to_owned());
        }
        self
    }

    /// `file:line:column`, or just `file`.
    pub fn location(&self) -> String {
        match self.position {
            Some(position) => format!("{}:{}:{}", self.file, position.line, position.column),
            None => self.file.clone(),
        }
    }

    /// Compiler-style text: the message, the location, the offending line with a marker, the hint.
    pub fn render(&self) -> String {
        let label = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let mut out = format!(
            "{label}: {}\n  --> {}\n",
            escape_controls(&self.message),
            escape_controls(&self.location())
        );
        if let (Some(position), Some(line)) = (self.position, &self.line_text) {
            let number = position.line.to_string();
            let gutter = " ".repeat(number.len());
            let (shown, marker_column) = clip_line(line, position.column.saturating_sub(1) as usize);
            let marker_pad = " ".repeat(marker_column);
            out.push_str(&format!("{gutter} |\n{number} | {shown}\n{gutter} | {marker_pad}^\n"));
        }
        if let Some(help) = &self.help {
            out.push_str(&format!("  = help: {}\n", escape_controls(help)));
        }
        out
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render())
    }
}

/// Characters of a source line shown around the marked column.
const LINE_WINDOW: usize = 100;

/// Text for a terminal: control characters (C0 but line break and tab, DEL, C1) and the
/// invisible bidirectional controls become `\u{1b}` and the like, so that text from an article
/// or a YAML value can never clear the screen, retitle the window, move the cursor, fake other
/// output or reorder what is shown.
pub fn escape_controls(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(needs_escape) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        push_shown(&mut out, c);
    }
    std::borrow::Cow::Owned(out)
}

fn needs_escape(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || matches!(c, '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

fn push_shown(out: &mut String, c: char) {
    if needs_escape(c) {
        out.push_str(&format!("\\u{{{:x}}}", u32::from(c)));
    } else {
        out.push(c);
    }
}

/// The part of `line` to show around character `column` (0-based), tabs as spaces, control
/// characters escaped ([`escape_controls`]), and the marker's column within it. Long lines are
/// cut to a window with `…` at the cuts.
fn clip_line(line: &str, column: usize) -> (String, usize) {
    let (shown, marker) = clip_raw_line(line, column);
    let mut out = String::with_capacity(shown.len());
    let mut marker_column = None;
    for (i, c) in shown.chars().enumerate() {
        if i == marker {
            marker_column = Some(out.chars().count());
        }
        push_shown(&mut out, c);
    }
    // A column past the end of the line: as far past the escaped line.
    let marker_column =
        marker_column.unwrap_or_else(|| out.chars().count() + marker.saturating_sub(shown.chars().count()));
    (out, marker_column)
}

/// [`clip_line`] before escaping.
fn clip_raw_line(line: &str, column: usize) -> (String, usize) {
    let chars: Vec<char> = line.chars().map(|c| if c == '\t' { ' ' } else { c }).collect();
    if chars.len() <= LINE_WINDOW {
        return (chars.into_iter().collect(), column);
    }
    let start = column
        .saturating_sub(LINE_WINDOW / 3)
        .min(chars.len().saturating_sub(LINE_WINDOW));
    let end = (start + LINE_WINDOW).min(chars.len());
    let mut shown = String::new();
    let mut marker = column - start;
    if start > 0 {
        shown.push('…');
        marker += 1;
    }
    shown.extend(&chars[start..end]);
    if end < chars.len() {
        shown.push('…');
    }
    (shown, marker)
}

/// All problems found in one run, in a stable order (file, then position).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Diagnostics {
    list: Vec<Diagnostic>,
}

impl Diagnostics {
    /// An empty list.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds one diagnostic.
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.list.push(diagnostic);
    }

    /// Adds all of `other`.
    pub fn extend(&mut self, other: Diagnostics) {
        self.list.extend(other.list);
    }

    /// True when there is at least one error.
    pub fn has_errors(&self) -> bool {
        self.list.iter().any(|d| d.severity == Severity::Error)
    }

    /// Number of errors.
    pub fn error_count(&self) -> usize {
        self.list.iter().filter(|d| d.severity == Severity::Error).count()
    }

    /// Number of warnings.
    pub fn warning_count(&self) -> usize {
        self.list.iter().filter(|d| d.severity == Severity::Warning).count()
    }

    /// True when there is nothing at all.
    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    /// The diagnostics, sorted by file and position, errors and warnings mixed.
    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.list.iter()
    }

    /// Turns every warning into an error (`--strict`).
    pub fn promote_warnings(&mut self) {
        for diagnostic in &mut self.list {
            diagnostic.severity = Severity::Error;
        }
    }

    /// Sorts by file, then position, then message, and drops exact duplicates.
    pub fn sort(&mut self) {
        self.list
            .sort_by(|a, b| (&a.file, a.position, &a.message).cmp(&(&b.file, b.position, &b.message)));
        self.list.dedup();
    }

    /// All diagnostics rendered, one block each.
    pub fn render(&self) -> String {
        self.list.iter().map(Diagnostic::render).collect::<Vec<_>>().join("\n")
    }
}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.list.into_iter()
    }
}

/// A path relative to `root`, with `/` separators, for messages.
pub fn display_path(root: &Path, path: &Path) -> String {
    let relative: PathBuf = path
        .strip_prefix(root)
        .map(Path::to_path_buf)
        .unwrap_or_else(|_| path.to_path_buf());
    relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

/// The longest name (in characters) [`closest_name`] compares: the edit distance takes time
/// proportional to the product of two names' lengths, and ids have no length limit.
const SUGGESTED_MAX_CHARS: usize = 200;

/// The known name closest to `wrong` by edit distance, if it is close enough to be a typo.
/// Names longer than [`SUGGESTED_MAX_CHARS`] are never suggested.
pub fn closest_name<'a>(wrong: &str, known: &[&'a str]) -> Option<&'a str> {
    let wrong_chars = wrong.chars().count();
    if wrong_chars > SUGGESTED_MAX_CHARS {
        return None;
    }
    let mut sorted: Vec<&'a str> = known.to_vec();
    sorted.sort_unstable();
    sorted
        .into_iter()
        .filter_map(|name| {
            let chars = name.chars().count();
            let allowed = (chars / 3).max(2);
            // The distance is at least the difference in length.
            (chars <= SUGGESTED_MAX_CHARS && chars.abs_diff(wrong_chars) <= allowed)
                .then(|| (edit_distance(wrong, name), name))
                .filter(|&(distance, _)| distance <= allowed)
        })
        .min_by_key(|&(distance, _)| distance)
        .map(|(_, name)| name)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut previous = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let substitution = previous + usize::from(ca != cb);
            previous = row[j + 1];
            row[j + 1] = substitution.min(row[j] + 1).min(row[j + 1] + 1);
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typo_suggestions_skip_names_too_long_to_compare() {
        assert_eq!(closest_name("russlnd", &["russland", "ukraine"]), Some("russland"));
        assert_eq!(closest_name("r", &["russland"]), None);
        // Two ids of 20,000 letters one apart: comparing them takes 400 million steps.
        let long = "a".repeat(20_000);
        let typo = format!("{}b", &long[1..]);
        assert_eq!(closest_name(&typo, &[long.as_str()]), None);
        let fits = "a".repeat(SUGGESTED_MAX_CHARS);
        let fits_typo = format!("{}b", &fits[1..]);
        assert_eq!(closest_name(&fits_typo, &[fits.as_str()]), Some(fits.as_str()));
    }

    #[test]
    fn renders_location_line_marker_and_help() {
        let text = "a: 1\nquote: \"falsch\"\n";
        let diagnostic = Diagnostic::error("content/x.yaml", Some(Position::new(2, 8)), "quote not found")
            .with_source(text)
            .with_help("copy the exact words");
        assert_eq!(
            diagnostic.render(),
            "error: quote not found\n  --> content/x.yaml:2:8\n  |\n2 | quote: \"falsch\"\n  |        ^\n  = help: copy the exact words\n"
        );
    }

    #[test]
    fn long_lines_are_clipped_around_the_marker() {
        let line = format!("{}ZIEL{}", "x".repeat(300), "y".repeat(300));
        let diagnostic = Diagnostic::warning("seeds/a.txt", Some(Position::new(1, 301)), "m").with_source(&line);
        let rendered = diagnostic.render();
        let shown = rendered.lines().nth(3).unwrap();
        let marker = rendered.lines().nth(4).unwrap();
        assert!(shown.chars().count() < 120, "{shown}");
        let shown_column = shown.chars().position(|c| c == 'Z').unwrap();
        assert_eq!(marker.chars().position(|c| c == '^').unwrap(), shown_column);
    }

    #[test]
    fn control_characters_are_shown_escaped() {
        let line = "title: \"x\u{1b}]0;PWNED\u{7}\u{1b}[2J FAKE\"";
        let diagnostic = Diagnostic::error(
            "content/\u{1b}[31m.yaml",
            Some(Position::new(1, 25)),
            "unknown topic `x\u{1b}]0;PWNED\u{7}\u{9b}2J\u{202e}`",
        )
        .with_source(line)
        .with_help("a\u{1b}[2Jb\nnext line\twith tab");
        let rendered = diagnostic.render();
        assert!(
            !rendered
                .chars()
                .any(|c| c.is_control() && c != '\n' && c != '\t' || c == '\u{202e}'),
            "{rendered:?}"
        );
        assert!(
            rendered.contains("unknown topic `x\\u{1b}]0;PWNED\\u{7}\\u{9b}2J\\u{202e}`"),
            "{rendered}"
        );
        assert!(rendered.contains("content/\\u{1b}[31m.yaml:1:25"), "{rendered}");
        assert!(
            rendered.contains("help: a\\u{1b}[2Jb\nnext line\twith tab"),
            "{rendered}"
        );
        // The marker still points at the character of column 25 (the `F` of FAKE).
        let shown = rendered.lines().nth(3).unwrap();
        let marker = rendered.lines().nth(4).unwrap();
        let at = marker.chars().position(|c| c == '^').unwrap();
        assert_eq!(shown.chars().nth(at), Some('F'), "{shown}\n{marker}");
    }

    #[test]
    fn offsets_become_line_and_character_column() {
        let text = "äb\ncä";
        assert_eq!(Position::of_offset(text, text.find('c').unwrap()), Position::new(2, 1));
        assert_eq!(Position::of_offset(text, text.len()), Position::new(2, 3));
        assert_eq!(
            Position::of_offset(text, 1),
            Position::new(1, 1),
            "inside a character: clamped back"
        );
    }
}
