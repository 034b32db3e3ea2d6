//! Diagnostics: every problem the tool finds in a dossier, with the file, line and column it
//! comes from, what is wrong and how to fix it.
//!
//! Library code collects [`Diagnostic`]s into a [`Diagnostics`] list instead of stopping at the
//! first problem, so one run reports everything. [`Diagnostic::render`] gives the
//! compiler-style text shown in the terminal and in the browser overlay of `serve`.

mod language;
pub mod suggest;

use std::fmt;
use std::path::{Path, PathBuf};

pub use language::Language;
pub use suggest::{Named, closest_name, hint};

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
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize)]
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
    /// The offending line of the file for display with a marker, or, when the line is long, a
    /// window of at most [`LINE_WINDOW`] characters of it around the column with `…` where it
    /// is cut (a diagnostic never holds a line of megabytes). Tabs are spaces.
    pub line_text: Option<String>,
    /// Where the marker goes: the 0-based character index in `line_text` of the character at
    /// the position's column (past the end when the column is past the end of the line).
    pub marker: Option<u32>,
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
            marker: None,
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

    /// Attaches the offending line (or a window of it around the column), taken from the
    /// file's text. Costs a scan of the text up to the line; where many diagnostics point into
    /// one text, [`Diagnostic::with_source_at`] costs only the window.
    pub fn with_source(mut self, text: &str) -> Self {
        let Some(position) = self.position else {
            return self;
        };
        let Some(line) = text.lines().nth(position.line.saturating_sub(1) as usize) else {
            return self;
        };
        self.attach_line(line, position);
        self
    }

    /// Attaches the window of `line` (the position's line) around the position's column.
    fn attach_line(&mut self, line: &str, position: Position) {
        let line = line.trim_end_matches('\r');
        let column = position.column.saturating_sub(1) as usize;
        let (at, past_end) = match line.char_indices().nth(column) {
            Some((at, _)) => (at, 0),
            None => (line.len(), column - line.chars().count()),
        };
        let window = LineWindow::around(line, at);
        self.marker = Some(u32::try_from(window.marker + past_end).unwrap_or(u32::MAX));
        self.line_text = Some(window.text);
    }

    /// [`Diagnostic::with_source`] with the text's line starts found once for all its
    /// diagnostics: for texts that may hold many.
    pub fn with_source_lines(mut self, text: &str, lines: &LineStarts) -> Self {
        let Some(position) = self.position else {
            return self;
        };
        let starts = lines.of(text);
        let index = position.line.saturating_sub(1) as usize;
        let Some(&start) = starts.get(index) else {
            return self;
        };
        // As `str::lines`: no line after a final line break.
        if start == text.len() && (index > 0 || text.is_empty()) {
            return self;
        }
        let end = starts.get(index + 1).map_or(text.len(), |next| next - 1);
        self.attach_line(text.get(start..end).unwrap_or_default(), position);
        self
    }

    /// Attaches a window of the line around byte `offset` of `text`, the offset the position
    /// was computed from ([`Position::of_offset`] or [`Positions`]). Reads only the window's
    /// characters, however long the line.
    pub fn with_source_at(mut self, text: &str, offset: usize) -> Self {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let window = LineWindow::around(text, offset);
        self.marker = Some(u32::try_from(window.marker).unwrap_or(u32::MAX));
        self.line_text = Some(window.text);
        self
    }

    /// `file:line:column`, or just `file`.
    pub fn location(&self) -> String {
        match self.position {
            Some(position) => format!("{}:{}:{}", self.file, position.line, position.column),
            None => self.file.clone(),
        }
    }

    /// Compiler-style text: the message, the location, the offending line with a marker, the
    /// hint, with English labels (`error:`, `= help:`).
    pub fn render(&self) -> String {
        self.render_in(Language::En)
    }

    /// [`Diagnostic::render`] with the labels in `language` (`Fehler:`, `Warnung:`,
    /// `= Hinweis:`, as the overlay of `serve` writes them); the message and help are already
    /// in the language they were raised in.
    pub fn render_in(&self, language: Language) -> String {
        let label = match self.severity {
            Severity::Error => language.pick("error", "Fehler"),
            Severity::Warning => language.pick("warning", "Warnung"),
        };
        let help_label = language.pick("help", "Hinweis");
        let mut out = format!(
            "{label}: {}\n  --> {}\n",
            escape_controls(&self.message),
            escape_controls(&self.location())
        );
        if let (Some(position), Some(line), Some(marker)) = (self.position, &self.line_text, self.marker) {
            let number = position.line.to_string();
            let gutter = " ".repeat(number.len());
            let (shown, marker_column) = escape_line(line, marker as usize);
            let marker_pad = " ".repeat(marker_column);
            out.push_str(&format!("{gutter} |\n{number} | {shown}\n{gutter} | {marker_pad}^\n"));
        }
        if let Some(help) = &self.help {
            out.push_str(&format!("  = {help_label}: {}\n", escape_controls(help)));
        }
        out
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render())
    }
}

/// Characters of a source line shown around the marked column (and stored in a diagnostic),
/// not counting the `…` marks of the cuts.
pub const LINE_WINDOW: usize = 100;

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

/// `line` with control characters escaped ([`escape_controls`]), and where character
/// `marker` (0-based) is in the escaped text.
fn escape_line(line: &str, marker: usize) -> (String, usize) {
    let mut out = String::with_capacity(line.len());
    let mut marker_column = None;
    let mut count = 0;
    for (i, c) in line.chars().enumerate() {
        if i == marker {
            marker_column = Some(out.chars().count());
        }
        push_shown(&mut out, c);
        count = i + 1;
    }
    // A marker past the end of the line: as far past the escaped line.
    let marker_column = marker_column.unwrap_or_else(|| out.chars().count() + marker.saturating_sub(count));
    (out, marker_column)
}

/// At most [`LINE_WINDOW`] characters of a line around a marked character, with `…` where the
/// line is cut, and the marker's character index in it.
struct LineWindow {
    text: String,
    marker: usize,
}

impl LineWindow {
    /// The window of the line of `text` that holds byte `at` (a char boundary; the line's end
    /// for a marker at the end). Reads at most [`LINE_WINDOW`] + 1 characters on either side of
    /// `at`: the line's start and end are found only within reach. At most a third of the
    /// window lies before the marker, unless the line ends sooner after it.
    fn around(text: &str, at: usize) -> Self {
        let tab_as_space = |c: char| if c == '\t' { ' ' } else { c };
        // Before the marker, nearest first; `true` when the line goes on beyond what was read.
        let mut before: Vec<char> = text[..at]
            .chars()
            .rev()
            .take_while(|&c| c != '\n')
            .take(LINE_WINDOW + 1)
            .map(tab_as_space)
            .collect();
        let mut cut_before = before.len() > LINE_WINDOW;
        before.truncate(LINE_WINDOW);
        before.reverse();
        let mut after: Vec<char> = text[at..]
            .chars()
            .take_while(|&c| c != '\n')
            .take(LINE_WINDOW + 1)
            .map(tab_as_space)
            .collect();
        let mut cut_after = after.len() > LINE_WINDOW;
        after.truncate(LINE_WINDOW);
        if !cut_after && after.last() == Some(&'\r') {
            after.pop();
        }

        let keep_before = if !cut_after && after.len() < LINE_WINDOW - LINE_WINDOW / 3 {
            before.len().min(LINE_WINDOW - after.len())
        } else {
            before.len().min(LINE_WINDOW / 3)
        };
        let keep_after = after.len().min(LINE_WINDOW - keep_before);
        cut_before |= keep_before < before.len();
        cut_after |= keep_after < after.len();

        let mut shown = String::new();
        if cut_before {
            shown.push('…');
        }
        shown.extend(&before[before.len() - keep_before..]);
        let marker = shown.chars().count();
        shown.extend(&after[..keep_after]);
        if cut_after {
            shown.push('…');
        }
        Self { text: shown, marker }
    }
}

/// Where each line of a text starts, found on first use (one pass), for
/// [`Diagnostic::with_source_lines`]: a file with thousands of diagnostics costs one scan of
/// its text, not one per diagnostic. Belongs to one text.
#[derive(Debug, Clone, Default)]
pub struct LineStarts(std::sync::OnceLock<Vec<usize>>);

impl LineStarts {
    /// Not yet computed.
    pub fn new() -> Self {
        Self::default()
    }

    /// The byte offsets at which the lines of `text` start (the first is 0).
    fn of(&self, text: &str) -> &[usize] {
        self.0.get_or_init(|| {
            std::iter::once(0)
                .chain(text.match_indices('\n').map(|(i, _)| i + 1))
                .collect()
        })
    }
}

/// Line and column of many byte offsets of one text, in one pass: each call continues from
/// the previous offset, so offsets in ascending order cost one scan of the text in all (a
/// smaller offset starts over from the beginning).
pub struct Positions<'a> {
    text: &'a str,
    /// Byte offset reached, a char boundary.
    offset: usize,
    /// Its line (1-based) and column (0-based characters from the line start).
    line: usize,
    column: usize,
}

impl<'a> Positions<'a> {
    /// Positions in `text`, starting at its beginning.
    pub fn new(text: &'a str) -> Self {
        Self {
            text,
            offset: 0,
            line: 1,
            column: 0,
        }
    }

    /// The position of byte offset `offset` (clamped to the text, moved back to a character
    /// boundary), as [`Position::of_offset`] gives it.
    pub fn of_offset(&mut self, offset: usize) -> Position {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        if offset < self.offset {
            *self = Self::new(self.text);
        }
        let between = &self.text[self.offset..offset];
        match between.rfind('\n') {
            Some(last) => {
                self.line += between.bytes().filter(|&b| b == b'\n').count();
                self.column = between[last + 1..].chars().count();
            }
            None => self.column += between.chars().count(),
        }
        self.offset = offset;
        Position {
            line: u32::try_from(self.line).unwrap_or(u32::MAX),
            column: u32::try_from(self.column + 1).unwrap_or(u32::MAX),
        }
    }
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
        self.render_in(Language::En)
    }

    /// All diagnostics rendered with the labels in `language`, one block each.
    pub fn render_in(&self, language: Language) -> String {
        self.list
            .iter()
            .map(|d| d.render_in(language))
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// The summary line: `2 error(s), 1 warning(s)` / `2 Fehler, 1 Warnung(en)`.
    pub fn summary(&self, language: Language) -> String {
        let (errors, warnings) = (language.count(self.error_count()), language.count(self.warning_count()));
        crate::say!(
            language,
            "{errors} error(s), {warnings} warning(s)",
            "{errors} Fehler, {warnings} Warnung(en)"
        )
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

#[cfg(test)]
mod tests {
    use super::*;

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

    /// The character the rendered marker points at, and the rendered code line.
    fn marked(diagnostic: &Diagnostic) -> (Option<char>, String) {
        let rendered = diagnostic.render();
        let shown = rendered.lines().nth(3).unwrap().to_owned();
        let marker = rendered.lines().nth(4).unwrap();
        let at = marker.chars().position(|c| c == '^').unwrap();
        (shown.chars().nth(at), shown)
    }

    #[test]
    fn a_diagnostic_of_a_megabyte_line_holds_a_window_and_marks_the_right_character() {
        // One line of 1 MB of multibyte text (2 and 3 bytes per character) with one `§` far in.
        let half = "äöü€ ".repeat(50_000);
        let text = format!("erste Zeile\n{half}§{half}\nletzte Zeile\n");
        let offset = text.find('§').unwrap();
        let position = Position::of_offset(&text, offset);
        assert_eq!(position, Position::new(2, 250_001));
        for diagnostic in [
            Diagnostic::warning("seeds/a.txt", Some(position), "m").with_source(&text),
            Diagnostic::warning("seeds/a.txt", Some(position), "m").with_source_at(&text, offset),
        ] {
            let line_text = diagnostic.line_text.as_deref().unwrap();
            assert!(line_text.chars().count() <= LINE_WINDOW + 2, "{line_text}");
            assert!(line_text.starts_with('…') && line_text.ends_with('…'), "{line_text}");
            let marker = diagnostic.marker.unwrap() as usize;
            assert_eq!(line_text.chars().nth(marker), Some('§'), "{line_text}");
            // A third of the window before the marker, the rest after it.
            assert_eq!(marker, 1 + LINE_WINDOW / 3, "{line_text}");
            let (at, shown) = marked(&diagnostic);
            assert_eq!(at, Some('§'), "{shown}");
            assert!(diagnostic.render().len() < 1000, "{}", diagnostic.render());
            assert!(diagnostic.render().contains("--> seeds/a.txt:2:250001"));
        }
    }

    #[test]
    fn windows_near_a_line_end_fill_up_from_before_and_never_cross_lines() {
        let line = format!("{}ENDE", "ä".repeat(300));
        let text = format!("davor\r\n{line}\r\ndanach");
        let offset = text.find("ENDE").unwrap() + 3;
        let position = Position::of_offset(&text, offset);
        for diagnostic in [
            Diagnostic::error("a", Some(position), "m").with_source(&text),
            Diagnostic::error("a", Some(position), "m").with_source_at(&text, offset),
        ] {
            let line_text = diagnostic.line_text.clone().unwrap();
            assert_eq!(line_text, format!("…{}ENDE", "ä".repeat(LINE_WINDOW - 4)));
            assert_eq!(marked(&diagnostic).0, Some('E'));
        }
        // A short line is whole, without marks; a column past its end stays past it.
        let diagnostic = Diagnostic::error("a", Some(Position::new(1, 9)), "m").with_source("davor\r\nx");
        assert_eq!(diagnostic.line_text.as_deref(), Some("davor"));
        assert_eq!(diagnostic.marker, Some(8));
        assert!(
            diagnostic.render().contains("1 | davor\n  |         ^\n"),
            "{}",
            diagnostic.render()
        );
        // At the end of the text, tabs as spaces.
        let text = "\tab";
        let diagnostic = Diagnostic::error("a", Some(Position::of_offset(text, 3)), "m").with_source_at(text, 3);
        assert_eq!(diagnostic.line_text.as_deref(), Some(" ab"));
        assert_eq!(diagnostic.marker, Some(3));
    }

    #[test]
    fn line_starts_found_once_give_the_lines_a_scan_gives() {
        for text in ["", "a", "a\n", "äb\r\ncd\n\n€x\ny", "\n\n"] {
            let lines = LineStarts::new();
            for line in 1..=6 {
                for column in 1..=5 {
                    let position = Some(Position::new(line, column));
                    let scanned = Diagnostic::error("a", position, "m").with_source(text);
                    let indexed = Diagnostic::error("a", position, "m").with_source_lines(text, &lines);
                    assert_eq!(indexed, scanned, "{text:?} {line}:{column}");
                }
            }
        }
    }

    #[test]
    fn positions_in_one_pass_equal_positions_from_the_start() {
        let text = "äb\ncä\n\nxyz€\nend";
        let offsets: Vec<usize> = (0..=text.len() + 2).collect();
        let mut positions = Positions::new(text);
        for &offset in &offsets {
            assert_eq!(
                positions.of_offset(offset),
                Position::of_offset(text, offset),
                "{offset}"
            );
        }
        // Going back starts over.
        assert_eq!(positions.of_offset(4), Position::of_offset(text, 4));
        assert_eq!(positions.of_offset(1), Position::new(1, 1));
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
