//! Tera's errors as diagnostics: the template's file, line and column, and what is wrong.
//!
//! Tera 2.4 gives most errors by structure, and they are read that way: syntax and rendering
//! errors are a [`tera::ReportError`] (template name, span, message), and the inheritance
//! problems are kinds of their own ([`tera::ErrorKind::MissingParent`], `CircularExtend`,
//! `CircularInclude`, `TemplateNotFound`). One group has no structure: the reference checks
//! that run once every template is parsed (an unknown filter, test, function, component or
//! included template, a block no parent defines) arrive as `ErrorKind::Msg` holding one
//! rendered report per problem, joined by blank lines. [`rendered_reports`] reads those, and
//! the golden tests below pin that text to the locked Tera version: an upgrade that changes
//! it fails them instead of silently losing the locations.

use std::collections::BTreeMap;

use crate::diagnostic::{Diagnostic, Position};
use crate::load::TEMPLATES_DIR;
use crate::render::engine::TemplateSource;

const HELP: &str = "fix the template; Tera 2 syntax: https://keats.github.io/tera/";

/// Every problem `error` reports, as diagnostics on the templates' files (at least one).
pub(super) fn diagnostics(error: &tera::Error, templates: &BTreeMap<String, TemplateSource>) -> Vec<Diagnostic> {
    let located = Located { templates };
    // The innermost Tera error says the most: rendering errors wrap the one that failed.
    let mut innermost: Option<&tera::Error> = None;
    let mut outer_messages = Vec::new();
    let mut current: Option<&(dyn std::error::Error + 'static)> = Some(error);
    while let Some(e) = current {
        match e.downcast_ref::<tera::Error>() {
            Some(tera_error) => innermost = Some(tera_error),
            None => outer_messages.push(e.to_string()),
        }
        current = e.source();
    }
    let Some(error) = innermost else {
        return vec![general(&outer_messages.join(": "))];
    };
    match error.kind() {
        tera::ErrorKind::SyntaxError(report) | tera::ErrorKind::RenderingError(report) => {
            let span = report.span();
            vec![located.at(
                report.filename(),
                Some(Position::new(span.start_line as u32, span.start_col as u32 + 1)),
                report.message(),
            )]
        }
        tera::ErrorKind::MissingParent { current, parent } => vec![
            located
                .at(
                    current,
                    None,
                    &format!("`{current}` extends `{parent}`, which is not a template"),
                )
                .with_help(format!("add {TEMPLATES_DIR}{parent} or fix the name in `extends`")),
        ],
        tera::ErrorKind::CircularExtend { tpl, inheritance_chain } => vec![located.at(
            tpl,
            None,
            &format!("`{tpl}` extends itself: {}", inheritance_chain.join(" → ")),
        )],
        tera::ErrorKind::CircularInclude { tpl, include_chain } => vec![located.at(
            tpl,
            None,
            &format!("`{tpl}` includes itself: {}", include_chain.join(" → ")),
        )],
        tera::ErrorKind::TemplateNotFound(name) => vec![
            general(&format!("template `{name}` does not exist"))
                .with_help("check the templates' names, `extends` and `include` statements"),
        ],
        tera::ErrorKind::Msg(text) => {
            let reports = rendered_reports(text);
            if reports.is_empty() {
                vec![general(text)]
            } else {
                reports
                    .into_iter()
                    .map(|r| located.at(&r.template, Some(Position::new(r.line, r.column)), &r.message))
                    .collect()
            }
        }
        other => vec![general(&other.to_string())],
    }
}

/// The first problem of `error` (see [`diagnostics`]): what rendering one page reports.
pub(super) fn template_diagnostic(error: &tera::Error, templates: &BTreeMap<String, TemplateSource>) -> Diagnostic {
    diagnostics(error, templates)
        .into_iter()
        .next()
        .unwrap_or_else(|| general(&error.to_string()))
}

/// Diagnostics on the file of a template: the dossier's own, or the built-in one it did not
/// override (named so the annotator knows which to copy and fix).
struct Located<'t> {
    templates: &'t BTreeMap<String, TemplateSource>,
}

impl Located<'_> {
    fn at(&self, name: &str, position: Option<Position>, message: &str) -> Diagnostic {
        let source = self.templates.get(name);
        let file = source
            .and_then(|s| s.file.clone())
            .unwrap_or_else(|| format!("{TEMPLATES_DIR}{name} (built-in)"));
        let mut diagnostic = Diagnostic::error(file, position, format!("template error: {message}")).with_help(HELP);
        if let Some(source) = source {
            diagnostic = diagnostic.with_source(&source.text);
        }
        diagnostic
    }
}

fn general(message: &str) -> Diagnostic {
    Diagnostic::error(
        TEMPLATES_DIR.trim_end_matches('/'),
        None,
        format!("template error: {message}"),
    )
    .with_help("check the templates' names, `extends` and `include` statements")
}

/// One report Tera rendered as text.
#[derive(Debug, PartialEq, Eq)]
struct RenderedReport {
    template: String,
    line: u32,
    column: u32,
    message: String,
}

/// The reports in a message of Tera 2.4's reference checks: blocks of
/// `error: MESSAGE\n --> NAME:LINE:COLUMN\n  |\nN | source line\n  | ^^^`, joined by blank lines.
/// A block that does not have this shape is left out (the caller then shows the whole text).
fn rendered_reports(text: &str) -> Vec<RenderedReport> {
    text.split("\n\n")
        .filter_map(|block| {
            let mut lines = block.lines();
            let message = lines.next()?.trim().strip_prefix("error: ")?.to_owned();
            let location = lines.next()?.trim().strip_prefix("--> ")?;
            let mut parts = location.rsplitn(3, ':');
            let column = parts.next()?.parse().ok()?;
            let line = parts.next()?.parse().ok()?;
            let template = parts.next()?.to_owned();
            Some(RenderedReport {
                template,
                line,
                column,
                message,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The dossier's `templates/` overriding the named templates, on top of one built-in base.
    fn sources(templates: &[(&str, &str)]) -> BTreeMap<String, TemplateSource> {
        templates
            .iter()
            .map(|(name, text)| {
                (
                    (*name).to_owned(),
                    TemplateSource {
                        text: (*text).to_owned(),
                        file: (*name != "base.html").then(|| format!("{TEMPLATES_DIR}{name}")),
                    },
                )
            })
            .collect()
    }

    /// The diagnostics of loading `templates` into Tera, as `file:line:column message`.
    fn load(templates: &[(&str, &str)]) -> Vec<String> {
        let mut tera = tera::Tera::new();
        let error = tera
            .add_raw_templates(templates.iter().copied())
            .expect_err("the templates are broken");
        shown(&diagnostics(&error, &sources(templates)))
    }

    fn shown(diagnostics: &[Diagnostic]) -> Vec<String> {
        diagnostics
            .iter()
            .map(|d| match d.position {
                Some(p) => format!("{}:{}:{} {}", d.file, p.line, p.column, d.message),
                None => format!("{} {}", d.file, d.message),
            })
            .collect()
    }

    #[test]
    fn a_syntax_error_is_located_by_structure() {
        assert_eq!(
            load(&[("claim.html", "<p>\n{% if %}</p>")]),
            [
                "templates/claim.html:2:7 template error: Found `%}` but expected one of: integer, float, string, bool, ident, `-`, `not`, `<`, `{`, `[` or `(`"
            ]
        );
    }

    /// Golden: Tera 2.4 reports reference problems as text only; every one is found, each at
    /// its place, so the annotator gets them all at once.
    #[test]
    fn unknown_filters_components_and_blocks_are_all_located() {
        let shown = load(&[
            ("base.html", "{% block main %}{% endblock main %}"),
            (
                "claim.html",
                "{% extends \"base.html\" %}{% block main %}\n{{ 1 | nope }}{% endblock main %}{% block side %}{% endblock side %}",
            ),
            ("topic.html", "\n\n  {{ 2 | nada }}"),
        ]);
        assert_eq!(
            shown,
            [
                "templates/claim.html:2:8 template error: Unknown filter `nope`",
                "templates/claim.html:2:43 template error: Block `side` is not defined in any parent template",
                "templates/topic.html:3:10 template error: Unknown filter `nada`",
            ]
        );
    }

    #[test]
    fn inheritance_problems_are_read_from_their_kinds() {
        assert_eq!(
            load(&[("claim.html", "{% extends \"nothere.html\" %}")]),
            ["templates/claim.html template error: `claim.html` extends `nothere.html`, which is not a template"]
        );
        let circular = load(&[
            ("a.html", "{% extends \"b.html\" %}"),
            ("b.html", "{% extends \"a.html\" %}"),
        ]);
        assert_eq!(circular.len(), 1, "{circular:?}");
        assert!(
            circular[0].starts_with("templates/a.html template error: `a.html` extends itself: "),
            "{circular:?}"
        );
    }

    #[test]
    fn a_rendering_error_is_located_in_the_built_in_template_it_happened_in() {
        let templates = [("base.html", "<title>\n  {{ page.nope }}</title>")];
        let mut tera = tera::Tera::new();
        tera.add_raw_templates(templates).expect("valid");
        let error = tera
            .render("base.html", &tera::Context::new())
            .expect_err("undefined variable");
        let shown = shown(&[template_diagnostic(&error, &sources(&templates))]);
        assert_eq!(shown.len(), 1);
        assert!(
            shown[0].starts_with("templates/base.html (built-in):2:6 template error: "),
            "{shown:?}"
        );
    }

    /// Golden: the exact text Tera 2.4 renders for a reference problem.
    #[test]
    fn the_rendered_report_format_of_the_locked_tera() {
        let mut tera = tera::Tera::new();
        let error = tera
            .add_raw_template("x.html", "ab\n  {{ 1 | nope }}")
            .expect_err("unknown filter");
        let tera::ErrorKind::Msg(text) = error.kind() else {
            panic!("Tera now gives reference errors by structure: read them so ({error:?})");
        };
        assert_eq!(
            text,
            "error: Unknown filter `nope`\n --> x.html:2:10\n  |\n2 |   {{ 1 | nope }}\n  |          ^^^^"
        );
        assert_eq!(
            rendered_reports(text),
            [RenderedReport {
                template: "x.html".into(),
                line: 2,
                column: 10,
                message: "Unknown filter `nope`".into(),
            }]
        );
        assert_eq!(rendered_reports("something else\n\nerror: x"), []);
    }
}
