//! The `content/pages/*.md` phase: free Markdown pages, their slugs and front matter.

use super::{Resolver, position};
use crate::diagnostic::{Diagnostic, Position};
use crate::load::{PageFile, Parsed};
use crate::model::ids::{id_problem, is_url_safe_id, suggest_id, windows_reserved_name};
use crate::model::types::Page;

/// Slugs that generated pages use.
pub const RESERVED_SLUGS: [&str; 8] = [
    "claims", "sources", "topics", "origins", "static", "index", "404", "assets",
];

impl Resolver<'_> {
    pub(super) fn pages(&mut self, files: &[Parsed<PageFile>]) -> Vec<Page> {
        let mut pages: Vec<Page> = Vec::new();
        for file in files {
            let front = &file.value.front;
            let slug = match &front.slug {
                Some(slug) => {
                    if let Some((problem, help)) = id_problem(&slug.value) {
                        // Front matter starts on the file's second line.
                        let at = position(slug).map(|p| Position::new(p.line + 1, p.column));
                        self.diagnostics.push(
                            Diagnostic::error(&file.path, at, format!("page slug `{}` {problem}", slug.value))
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
                                format!("page file name `{stem}` is the Windows device name {device}: the site could not be copied to, checked out or served from Windows"),
                            )
                            .with_help(format!("rename the file to `{stem}-1.md` or set `slug:` in its front matter")),
                        );
                        continue;
                    }
                    if !is_url_safe_id(&stem) {
                        self.diagnostics.push(
                            Diagnostic::error(
                                &file.path,
                                None,
                                format!("page file name `{stem}` is not a URL-safe slug"),
                            )
                            .with_help(format!(
                                "rename the file to `{}.md` or set `slug:` in its front matter",
                                suggest_id(&stem)
                            )),
                        );
                        continue;
                    }
                    stem
                }
            };
            let body_start = Some(Position::new(file.value.body_line, 1));
            self.markdown_urls(file, &file.value.body, body_start, "the page");
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
                    format!("page slug `{slug}` is reserved for generated pages"),
                )
                .with_help(format!("choose another slug; reserved: {}", RESERVED_SLUGS.join(", ")));
                if at.is_some() {
                    diagnostic = diagnostic.with_source(&file.text);
                }
                self.diagnostics.push(diagnostic);
                continue;
            }
            if let Some(other) = pages.iter().find(|p| p.slug == slug) {
                self.diagnostics.push(
                    Diagnostic::error(
                        &file.path,
                        None,
                        format!("page slug `{slug}` is also used by {}", other.file),
                    )
                    .with_help("give each page its own slug"),
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
