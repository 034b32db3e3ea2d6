//! What every Markdown field is checked for (see [`crate::model::markdown`]): script and data
//! URLs are errors, code over the highlighting budget a warning.

use super::{Resolver, locate};
use crate::diagnostic::{Diagnostic, Position};
use crate::load::Parsed;
use crate::model::markdown;

impl Resolver<'_> {
    /// Script and data URLs in a Markdown field are errors (rendering would only drop them),
    /// located at the URL in the file when it is written there literally.
    pub(super) fn markdown_urls<F>(&mut self, file: &Parsed<F>, text: &str, fallback: Option<Position>, what: &str) {
        // An error each, each searched for in the file: a text of many such links is listed
        // in part and counted, so the report stays linear in the file's size.
        const LISTED: usize = 20;
        let urls = markdown::unsafe_urls(text);
        for url in urls.iter().take(LISTED) {
            self.unsafe_url(file, url, fallback, what);
        }
        if let Some(first) = urls.get(LISTED) {
            let more = urls.len() - LISTED;
            self.diagnostics.push(
                Diagnostic::error(
                    &file.path,
                    locate(&file.text, first).or(fallback),
                    format!(
                        "{what} has {more} more script or data URL{} from here on",
                        if more == 1 { "" } else { "s" }
                    ),
                )
                .with_help(format!(
                    "the first {LISTED} are listed one by one; link to an http(s) address or a relative path"
                ))
                .with_source(&file.text),
            );
        }
        self.unhighlighted_code(file, &markdown::unhighlighted_code_blocks(text), fallback, what);
    }

    /// One warning for the code blocks of a text over the highlighting budget (none if there
    /// are none), at the first one's first line of code when it is found in the file as
    /// written; the ones after it are counted (a warning each, with the search for each in the
    /// file, made a text of a million small blocks take hours).
    fn unhighlighted_code<F>(
        &mut self,
        file: &Parsed<F>,
        blocks: &[markdown::PlainCodeBlock],
        fallback: Option<Position>,
        what: &str,
    ) {
        use markdown::{HIGHLIGHT_MAX_BYTES, HIGHLIGHT_MAX_LINE_BYTES};
        let Some((block, after)) = blocks.split_first() else {
            return;
        };
        let more = after.len();
        let probe: String = block.first_line.chars().take(60).collect();
        let at = (!probe.trim().is_empty())
            .then(|| file.text.find(&probe))
            .flatten()
            .map(|offset| Position::of_offset(&file.text, offset))
            .or(fallback);
        let lang = if block.lang.is_empty() {
            String::new()
        } else {
            format!("`{}` ", block.lang)
        };
        let shown_lang: String = lang.chars().take(40).collect();
        self.diagnostics.push(
            Diagnostic::warning(
                &file.path,
                at,
                format!(
                    "{what}: the {shown_lang}code block on line {} of its text is shown as plain text, not coloured: it is over the size budget{}",
                    block.line,
                    match more {
                        0 => String::new(),
                        1 => "; so is the code block after it".to_owned(),
                        n => format!("; so are the {n} code blocks after it"),
                    }
                ),
            )
            .with_help(format!(
                "code is coloured up to {} KB per page, note or description, in lines of up to {HIGHLIGHT_MAX_LINE_BYTES} bytes; shorten the code or its lines, or leave it plain",
                HIGHLIGHT_MAX_BYTES / 1024
            ))
            .with_source_lines(&file.text, &file.lines),
        );
    }

    fn unsafe_url<F>(&mut self, file: &Parsed<F>, url: &str, fallback: Option<Position>, what: &str) {
        let shown: String = url.chars().take(60).collect();
        self.diagnostics.push(
            Diagnostic::error(
                &file.path,
                locate(&file.text, url).or(fallback),
                format!("{what} links to `{shown}`: script and data URLs are not allowed"),
            )
            .with_help("link to an http(s) address or a relative path")
            .with_source_lines(&file.text, &file.lines),
        );
    }
}
