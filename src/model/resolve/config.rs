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
use crate::say;

impl Resolver<'_> {
    pub(super) fn config(&mut self, file: &Parsed<schema::ConfigFile>) -> Config {
        let raw = &file.value;
        // Messages are in the language `dossier.yaml` asks for, English when it is none.
        let say_in = self.language;
        let language = match Language::from_tag(&raw.language.value) {
            Some(language) => language,
            None => {
                let other = &raw.language.value;
                self.error(
                    file,
                    &raw.language,
                    say!(
                        say_in,
                        "UI language `{other}` is not supported",
                        "die Oberflächensprache `{other}` wird nicht unterstützt"
                    ),
                    say!(
                        say_in,
                        "use `de` (German) or `en` (English)",
                        "Verwenden Sie `de` (Deutsch) oder `en` (Englisch)"
                    ),
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
                        say!(
                            say_in,
                            "write a full URL like `https://example.org/dossier/`",
                            "Schreiben Sie eine vollständige URL wie `https://example.org/dossier/`"
                        ),
                    );
                    None
                }
            });
        self.markdown_urls(
            file,
            &raw.description,
            None,
            say_in.pick("the dossier's description", "die Beschreibung des Dossiers"),
        );
        if let Some(url) = &raw.organization.url {
            let value = url.trim();
            let http = value.starts_with("https://") || value.starts_with("http://");
            if !http || value.len() <= 8 || value.contains(char::is_whitespace) {
                self.diagnostics.push(
                    Diagnostic::error(
                        &file.path,
                        locate(&file.text, url),
                        say!(
                            say_in,
                            "organization URL `{value}` is not an http(s) URL",
                            "die URL der Organisation `{value}` ist keine http(s)-URL"
                        ),
                    )
                    .with_help(say!(
                        say_in,
                        "write the full address, starting with https://",
                        "Schreiben Sie die vollständige Adresse, beginnend mit https://"
                    ))
                    .with_source_lines(&file.text, &file.lines),
                );
            }
        }
        let mut verdicts: Vec<Verdict> = Vec::new();
        for verdict in &raw.verdicts {
            if !self.check_id(file, &verdict.id, say_in.pick("verdict", "Bewertung")) {
                continue;
            }
            let id = &verdict.id.value;
            let what = say!(
                say_in,
                "the explanation of verdict `{id}`",
                "die Erklärung der Bewertung `{id}`"
            );
            self.markdown_urls(file, &verdict.explanation, position(&verdict.id), &what);
            if verdicts.iter().any(|v| v.id == verdict.id.value) {
                let first = raw
                    .verdicts
                    .iter()
                    .find(|v| v.id.value == verdict.id.value)
                    .map(|v| &v.id)
                    .unwrap_or(&verdict.id);
                let first = super::place(&file.path, first);
                let message = say!(
                    say_in,
                    "duplicate verdict id `{id}`: first used at {first}",
                    "doppelte Bewertungs-Kennung `{id}`: zuerst verwendet in {first}"
                );
                let help = say!(
                    say_in,
                    "every step of the scale needs its own id",
                    "Jede Stufe der Skala braucht ihre eigene Kennung"
                );
                self.error(file, &verdict.id, message, help);
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
                Diagnostic::error(
                    &file.path,
                    None,
                    say!(say_in, "the verdict scale is empty", "die Bewertungsskala ist leer"),
                )
                .with_help(say!(
                    say_in,
                    "list at least one verdict under `verdicts:` with id, label and explanation",
                    "Führen Sie unter `verdicts:` mindestens eine Bewertung mit id, label und explanation auf"
                )),
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
        ids: &HashMap<&str, ClaimId>,
        declared: &HashSet<&str>,
    ) -> Vec<ClaimId> {
        let mut highlights: Vec<ClaimId> = Vec::new();
        let language = self.language;
        for id in &file.value.highlights {
            let value = &id.value;
            match ids.get(id.value.as_str()) {
                Some(&claim) if highlights.contains(&claim) => {
                    let message = say!(
                        language,
                        "claim `{value}` is listed twice under `highlights:`",
                        "Behauptung `{value}` steht zweimal unter `highlights:`"
                    );
                    let help = say!(language, "remove the second entry", "Entfernen Sie den zweiten Eintrag");
                    self.error(file, id, message, help);
                }
                Some(&claim) => highlights.push(claim),
                // Declared but dropped for its own errors, which are reported there.
                None if declared.contains(id.value.as_str()) => {}
                None => {
                    let known: Vec<&str> = ids.keys().copied().collect();
                    let help = match closest_name(&id.value, &known) {
                        Some(name) => say!(
                            language,
                            "did you mean `{name}`? `highlights:` lists claim ids",
                            "Meinten Sie `{name}`? Unter `highlights:` stehen Kennungen von Behauptungen"
                        ),
                        None => say!(
                            language,
                            "`highlights:` lists ids of claims annotated in content/sources/; \
                             check the spelling or remove the entry",
                            "unter `highlights:` stehen Kennungen von Behauptungen aus content/sources/; \
                             prüfen Sie die Schreibweise, oder entfernen Sie den Eintrag"
                        ),
                    };
                    self.error(
                        file,
                        id,
                        say!(
                            language,
                            "highlighted claim `{value}` does not exist",
                            "die hervorgehobene Behauptung `{value}` gibt es nicht"
                        ),
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
        let language = self.language;
        let help = || {
            say!(
                language,
                "write `rating: 3` (a whole number; higher means truer, the best verdict has the highest) \
                 or `rating: none` for a verdict that says nothing about truth, e.g. \"cannot be checked\"",
                "Schreiben Sie `rating: 3` (eine ganze Zahl; höher heißt zutreffender, die beste Bewertung hat die höchste) \
                 oder `rating: none` für eine Bewertung, die nichts über Wahrheit sagt, z. B. „nicht überprüfbar“"
            )
        };
        let id = &verdict.id.value;
        let Some(rating) = &verdict.rating else {
            let message = say!(
                language,
                "verdict `{id}` has no `rating`",
                "Bewertung `{id}` hat kein `rating`"
            );
            self.error(file, &verdict.id, message, help());
            return None;
        };
        let text = rating.value.0.trim();
        if text == "none" {
            return None;
        }
        match text.parse::<i64>() {
            Ok(number) => Some(number),
            Err(_) => {
                let message = say!(
                    language,
                    "verdict `{id}`: rating `{text}` is neither a whole number nor `none`",
                    "Bewertung `{id}`: `rating` `{text}` ist weder eine ganze Zahl noch `none`"
                );
                self.error(file, rating, message, help());
                None
            }
        }
    }
}
