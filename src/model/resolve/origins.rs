//! The `content/origins.yaml` phase: the people and organisations claims go back to.

use crate::say;
use std::collections::HashMap;

use super::Resolver;
use crate::load::Parsed;
use crate::load::schema;
use crate::model::ids::OriginId;
use crate::model::types::{ARTICLE_ORIGIN, Origin};

/// The origins as resolved, with the table claims look their `origin` and `via` up in.
#[derive(Debug, Default)]
pub(super) struct OriginTable {
    /// Origins, in the order of `origins.yaml`.
    pub origins: Vec<Origin>,
    /// Origin id → index.
    pub ids: HashMap<String, OriginId>,
}

impl Resolver<'_> {
    /// Resolves the origins: ids checked (`article` is reserved) and unique.
    pub(super) fn origins(&mut self, file: Option<&Parsed<Vec<schema::OriginFile>>>) -> OriginTable {
        let mut origins = Vec::new();
        let mut ids = HashMap::new();
        let Some(file) = file else {
            return OriginTable::default();
        };
        let language = self.language;
        for origin in &file.value {
            if !self.check_id(file, &origin.id, language.pick("origin", "Ursprung")) {
                continue;
            }
            if origin.id.value == ARTICLE_ORIGIN {
                self.error(
                    file,
                    &origin.id,
                    say!(
                        language,
                        "origin id `article` is reserved",
                        "die Ursprungs-Kennung `article` ist reserviert"
                    ),
                    say!(
                        language,
                        "`origin: article` means the article names no origin; choose another id",
                        "`origin: article` heißt, dass der Artikel keinen Ursprung nennt; wählen Sie eine andere Kennung"
                    ),
                );
                continue;
            }
            if ids.contains_key(&origin.id.value) {
                let first = file
                    .value
                    .iter()
                    .find(|o| o.id.value == origin.id.value)
                    .map(|o| &o.id)
                    .unwrap_or(&origin.id);
                let (id, first) = (&origin.id.value, super::place(&file.path, first));
                let message = say!(
                    language,
                    "duplicate origin id `{id}`: first used at {first}",
                    "doppelte Ursprungs-Kennung `{id}`: zuerst verwendet in {first}"
                );
                let help = say!(
                    language,
                    "give every origin its own id",
                    "Geben Sie jedem Ursprung eine eigene Kennung"
                );
                self.error(file, &origin.id, message, help);
                continue;
            }
            ids.insert(origin.id.value.clone(), OriginId::new(origins.len()));
            origins.push(Origin {
                id: origin.id.value.clone(),
                name: origin.name.clone(),
                kind: origin.kind,
                description: origin.description.clone(),
                unnamed: origin.unnamed,
                claims: Vec::new(),
                relayed: Vec::new(),
            });
        }
        OriginTable { origins, ids }
    }
}
