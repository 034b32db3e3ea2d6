//! The `content/pages/*.md` phase: free Markdown pages, their slugs and front matter.

use super::{Resolver, position};
use crate::diagnostic::{Diagnostic, Position};
use crate::load::{PageFile, Parsed};
use crate::model::ids::{id_problem, is_url_safe_id, suggest_id, windows_reserved_name};
use crate::model::types::Page;
use crate::say;

/// Slugs that generated pages use.
pub const RESERVED_SLUGS: [&str; 8] = [
    "claims", "sources", "topics", "origins", "static", "index", "404", "assets",
];

impl Resolver<'_> {
    pub(super) fn pages(&mut self, files: &[Parsed<PageFile>]) -> Vec<Page> {
        let mut pages: Vec<Page> = Vec::new();
        let language = self.language;
        for file in files {
            let front = &file.value.front;
            let slug = match &front.slug {
                Some(slug) => {
                    if let Some((problem, help)) = id_problem(&slug.value, language) {
                        // Front matter starts on the file's second line.
                        let at = position(slug).map(|p| Position::new(p.line + 1, p.column));
                        let value = &slug.value;
                        let message = say!(
                            language,
                            "page slug `{value}` {problem}",
                            "der Seiten-Slug `{value}` {problem}"
                        );
                        self.diagnostics.push(
                            Diagnostic::error(&file.path, at, message)
                                .with_help(help)
                                .with_source_lines(&file.text, &file.lines),
                        );
                        continue;
                    }
                    slug.value.clone()
                }
                None => {
                    let stem = file
                        .path
                        .rsplit('/')
                        .next()
                        .unwrap_or("")
                        .trim_end_matches(".md")
                        .to_owned();
                    if let Some(device) = windows_reserved_name(&stem).filter(|_| is_url_safe_id(&stem)) {
                        self.diagnostics.push(
                            Diagnostic::error(
                                &file.path,
                                None,
                                say!(
                                    language,
                                    "page file name `{stem}` is the Windows device name {device}: the site could not be copied to, checked out or served from Windows",
                                    "der Dateiname `{stem}` der Seite ist der Windows-Gerätename {device}: Die Website ließe sich unter Windows nicht kopieren, auschecken oder ausliefern"
                                ),
                            )
                            .with_help(say!(
                                language,
                                "rename the file to `{stem}-1.md` or set `slug:` in its front matter",
                                "Benennen Sie die Datei in `{stem}-1.md` um, oder setzen Sie `slug:` in ihrem Front Matter"
                            )),
                        );
                        continue;
                    }
                    if !is_url_safe_id(&stem) {
                        self.diagnostics.push(
                            Diagnostic::error(
                                &file.path,
                                None,
                                say!(
                                    language,
                                    "page file name `{stem}` is not a URL-safe slug",
                                    "der Dateiname `{stem}` der Seite ist kein URL-tauglicher Slug"
                                ),
                            )
                            .with_help({
                                let suggested = suggest_id(&stem);
                                say!(
                                    language,
                                    "rename the file to `{suggested}.md` or set `slug:` in its front matter",
                                    "Benennen Sie die Datei in `{suggested}.md` um, oder setzen Sie `slug:` in ihrem Front Matter"
                                )
                            }),
                        );
                        continue;
                    }
                    stem
                }
            };
            let body_start = Some(Position::new(file.value.body_line, 1));
            self.markdown_urls(
                file,
                &file.value.body,
                body_start,
                language.pick("the page", "die Seite"),
            );
            if RESERVED_SLUGS.contains(&slug.as_str()) {
                // At the `slug:` value when there is one (front matter starts on line 2).
                let at = front
                    .slug
                    .as_ref()
                    .and_then(position)
                    .map(|p| Position::new(p.line + 1, p.column));
                let mut diagnostic = Diagnostic::error(
                    &file.path,
                    at,
                    say!(
                        language,
                        "page slug `{slug}` is reserved for generated pages",
                        "der Seiten-Slug `{slug}` ist für erzeugte Seiten reserviert"
                    ),
                )
                .with_help({
                    let reserved = RESERVED_SLUGS.join(", ");
                    say!(
                        language,
                        "choose another slug; reserved: {reserved}",
                        "Wählen Sie einen anderen Slug; reserviert sind: {reserved}"
                    )
                });
                if at.is_some() {
                    diagnostic = diagnostic.with_source(&file.text);
                }
                self.diagnostics.push(diagnostic);
                continue;
            }
            if let Some(other) = pages.iter().find(|p| p.slug == slug) {
                self.diagnostics.push(
                    Diagnostic::error(&file.path, None, {
                        let other = &other.file;
                        say!(
                            language,
                            "page slug `{slug}` is also used by {other}",
                            "den Seiten-Slug `{slug}` verwendet auch {other}"
                        )
                    })
                    .with_help(say!(
                        language,
                        "give each page its own slug",
                        "Geben Sie jeder Seite einen eigenen Slug"
                    )),
                );
                continue;
            }
            pages.push(Page {
                slug,
                title: front.title.clone(),
                nav: front.nav,
                description: front.description.clone(),
                body: file.value.body.clone(),
                verdict_scale: front.verdict_scale,
                file: file.path.clone(),
            });
        }
        pages.sort_by(|a, b| (a.nav.is_none(), a.nav, &a.slug).cmp(&(b.nav.is_none(), b.nav, &b.slug)));
        pages
    }
}
