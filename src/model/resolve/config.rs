//! The `dossier.yaml` phase: UI language, base URL, organisation, the verdict scale.

use super::{Resolver, locate, position};
use crate::diagnostic::Diagnostic;
use crate::load::Parsed;
use crate::load::schema;
use crate::model::base_url;
use crate::model::types::{Config, Language, Verdict};

impl Resolver<'_> {
    pub(super) fn config(&mut self, file: &Parsed<schema::ConfigFile>) -> Config {
        let raw = &file.value;
        let language = match raw.language.value.as_str() {
            "de" => Language::De,
            "en" => Language::En,
            other => {
                self.error(
                    file,
                    &raw.language,
                    format!("UI language `{other}` is not supported"),
                    "use `de` (German) or `en` (English)",
                );
                Language::En
            }
        };
        let base_url = raw
            .base_url
            .as_ref()
            .and_then(|url| match base_url::normalize(&url.value) {
                Ok(url) => Some(url),
                Err(problem) => {
                    self.error(
                        file,
                        url,
                        problem,
                        "write a full URL like `https://example.org/dossier/`",
                    );
                    None
                }
            });
        self.markdown_urls(file, &raw.description, None, "the dossier's description");
        if let Some(url) = &raw.organization.url {
            let value = url.trim();
            let http = value.starts_with("https://") || value.starts_with("http://");
            if !http || value.len() <= 8 || value.contains(char::is_whitespace) {
                self.diagnostics.push(
                    Diagnostic::error(
                        &file.path,
                        locate(&file.text, url),
                        format!("organization URL `{value}` is not an http(s) URL"),
                    )
                    .with_help("write the full address, starting with https://")
                    .with_source_lines(&file.text, &file.lines),
                );
            }
        }
        let mut verdicts: Vec<Verdict> = Vec::new();
        for verdict in &raw.verdicts {
            if !self.check_id(file, &verdict.id, "verdict") {
                continue;
            }
            let what = format!("the explanation of verdict `{}`", verdict.id.value);
            self.markdown_urls(file, &verdict.explanation, position(&verdict.id), &what);
            if verdicts.iter().any(|v| v.id == verdict.id.value) {
                let message = format!("duplicate verdict id `{}`", verdict.id.value);
                self.error(file, &verdict.id, message, "every step of the scale needs its own id");
                continue;
            }
            let rating = self.rating(file, verdict);
            verdicts.push(Verdict {
                id: verdict.id.value.clone(),
                label: verdict.label.clone(),
                explanation: verdict.explanation.clone(),
                rating,
            });
        }
        if verdicts.is_empty() {
            self.diagnostics.push(
                Diagnostic::error(&file.path, None, "the verdict scale is empty")
                    .with_help("list at least one verdict under `verdicts:` with id, label and explanation"),
            );
        }
        let reviewed = raw.reviewed.as_ref().and_then(|date| self.date(file, date));
        Config {
            reviewed,
            share_images: raw.share_images.unwrap_or(true),
            title: raw.title.clone(),
            description: raw.description.clone(),
            language,
            base_url,
            organization_name: raw.organization.name.clone(),
            organization_url: raw.organization.url.clone(),
            verdicts,
        }
    }

    /// A verdict's `rating`: a whole number, or `None` for `none`. A missing or malformed one is
    /// an error (reported here; the verdict is kept so claims using it are still checked).
    fn rating(&mut self, file: &Parsed<schema::ConfigFile>, verdict: &schema::VerdictFile) -> Option<i64> {
        const HELP: &str = "write `rating: 3` (a whole number; higher means truer, the best verdict has the highest) \
                            or `rating: none` for a verdict that says nothing about truth, e.g. \"cannot be checked\"";
        let Some(rating) = &verdict.rating else {
            let message = format!("verdict `{}` has no `rating`", verdict.id.value);
            self.error(file, &verdict.id, message, HELP);
            return None;
        };
        let text = rating.value.0.trim();
        if text == "none" {
            return None;
        }
        match text.parse::<i64>() {
            Ok(number) => Some(number),
            Err(_) => {
                let message = format!(
                    "verdict `{}`: rating `{text}` is neither a whole number nor `none`",
                    verdict.id.value
                );
                self.error(file, rating, message, HELP);
                None
            }
        }
    }
}
