//! Tera's errors as diagnostics: the template file, line and column, and Tera's message.

use std::collections::BTreeMap;

use crate::diagnostic::{Diagnostic, Position};
use crate::load::TEMPLATES_DIR;
use crate::render::engine::TemplateSource;

pub(super) fn template_diagnostic(error: &tera::Error, templates: &BTreeMap<String, TemplateSource>) -> Diagnostic {
    // Walk to the innermost error that carries a template location.
    let mut current: Option<&(dyn std::error::Error + 'static)> = Some(error);
    let mut located: Option<&tera::ReportError> = None;
    let mut messages = Vec::new();
    while let Some(e) = current {
        if let Some(tera_error) = e.downcast_ref::<tera::Error>() {
            match tera_error.kind() {
                tera::ErrorKind::SyntaxError(report) | tera::ErrorKind::RenderingError(report) => {
                    located = Some(report);
                    messages.push(report.message().to_owned());
                }
                other => messages.push(other.to_string()),
            }
        } else {
            messages.push(e.to_string());
        }
        current = e.source();
    }
    let message = messages.last().cloned().unwrap_or_else(|| error.to_string());
    match located {
        Some(report) => {
            let name = report.filename().to_owned();
            let source = templates.get(&name);
            let file = source
                .and_then(|s| s.file.clone())
                .unwrap_or_else(|| format!("{TEMPLATES_DIR}{name} (built-in)"));
            let span = report.span();
            let position = Position::new(span.start_line as u32, span.start_col as u32 + 1);
            let mut diagnostic =
                Diagnostic::error(file, Some(position), format!("template error: {}", report.message()))
                    .with_help("fix the template; Tera 2 syntax: https://keats.github.io/tera/");
            if let Some(source) = source {
                diagnostic = diagnostic.with_source(&source.text);
            }
            diagnostic
        }
        None => match parse_report(&message) {
            // Some load errors arrive as a rendered report: "error: MSG\n --> NAME:LINE:COL\n...".
            Some((name, line, column, text)) => {
                let source = templates.get(&name);
                let file = source
                    .and_then(|s| s.file.clone())
                    .unwrap_or_else(|| format!("{TEMPLATES_DIR}{name} (built-in)"));
                let mut diagnostic = Diagnostic::error(
                    file,
                    Some(Position::new(line, column)),
                    format!("template error: {text}"),
                )
                .with_help("fix the template; Tera 2 syntax: https://keats.github.io/tera/");
                if let Some(source) = source {
                    diagnostic = diagnostic.with_source(&source.text);
                }
                diagnostic
            }
            None => Diagnostic::error(
                TEMPLATES_DIR.trim_end_matches('/'),
                None,
                format!("template error: {message}"),
            )
            .with_help("check the templates' names, `extends` and `include` statements"),
        },
    }
}

/// Reads `error: MSG` and ` --> NAME:LINE:COL` out of a report Tera rendered as text.
fn parse_report(report: &str) -> Option<(String, u32, u32, String)> {
    let mut lines = report.lines();
    let text = lines.next()?.trim().trim_start_matches("error: ").to_owned();
    let location = lines.find_map(|line| line.trim().strip_prefix("--> "))?;
    let mut parts = location.rsplitn(3, ':');
    let column = parts.next()?.trim().parse().ok()?;
    let line = parts.next()?.trim().parse().ok()?;
    let name = parts.next()?.trim().to_owned();
    Some((name, line, column, text))
}
