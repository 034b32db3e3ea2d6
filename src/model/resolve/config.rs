//! The `dossier.yaml` phase: UI language, base URL, organisation, the verdict scale; after the
//! claims, the `highlights:` (claim ids).

use std::collections::{HashMap, HashSet};

use super::{Resolver, locate, position};
use crate::diagnostic::{Diagnostic, closest_name};
use crate::load::Parsed;
use crate::load::schema;
use crate::model::ClaimId;
use crate::model::base_url;
use crate::model::types::{Config, Language, License, Verdict};

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
                let first = raw
                    .verdicts
                    .iter()
                    .find(|v| v.id.value == verdict.id.value)
                    .map(|v| &v.id)
                    .unwrap_or(&verdict.id);
                let message = format!(
                    "duplicate verdict id `{}`: first used at {}",
                    verdict.id.value,
                    super::place(&file.path, first)
                );
                self.error(file, &verdict.id, message, "every step of the scale needs its own id");
                continue;
            }
            let rating = self.rating(file, verdict);
            verdicts.push(Verdict {
                id: verdict.id.value.clone(),
                label: verdict.label.clone(),
                explanation: verdict.explanation.clone(),
                rating,
                finding: verdict.finding,
                required_origins: verdict.requires.as_ref().map(|r| r.independent_origins.value),
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
            // Claims are resolved later; see `highlights`.
            highlights: Vec::new(),
            license: raw.license.as_ref().map(|license| License {
                id: license.id.clone(),
                title: license.title.clone().unwrap_or_else(|| license.id.clone()),
                url: license.url.clone(),
            }),
        }
    }

    /// The `highlights:` of `dossier.yaml` as claims: each id must name a claim, once.
    pub(super) fn highlights(
        &mut self,
        file: &Parsed<schema::ConfigFile>,
        ids: &HashMap<String, ClaimId>,
        declared: &HashSet<&str>,
    ) -> Vec<ClaimId> {
        let mut highlights: Vec<ClaimId> = Vec::new();
        for id in &file.value.highlights {
            match ids.get(id.value.as_str()) {
                Some(&claim) if highlights.contains(&claim) => {
                    let message = format!("claim `{}` is listed twice under `highlights:`", id.value);
                    self.error(file, id, message, "remove the second entry");
                }
                Some(&claim) => highlights.push(claim),
                // Declared but dropped for its own errors, which are reported there.
                None if declared.contains(id.value.as_str()) => {}
                None => {
                    let known: Vec<&str> = ids.keys().map(String::as_str).collect();
                    let help = match closest_name(&id.value, &known) {
                        Some(name) => format!("did you mean `{name}`? `highlights:` lists claim ids"),
                        None => "`highlights:` lists ids of claims annotated in content/sources/; \
                                 check the spelling or remove the entry"
                            .to_owned(),
                    };
                    self.error(
                        file,
                        id,
                        format!("highlighted claim `{}` does not exist", id.value),
                        help,
                    );
                }
            }
        }
        highlights
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
