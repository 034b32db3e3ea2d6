//! The `content/origins.yaml` phase: the people and organisations claims go back to.

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
        for origin in &file.value {
            if !self.check_id(file, &origin.id, "origin") {
                continue;
            }
            if origin.id.value == ARTICLE_ORIGIN {
                self.error(
                    file,
                    &origin.id,
                    "origin id `article` is reserved",
                    "`origin: article` means the article names no origin; choose another id",
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
                let message = format!(
                    "duplicate origin id `{}`: first used at {}",
                    origin.id.value,
                    super::place(&file.path, first)
                );
                self.error(file, &origin.id, message, "give every origin its own id");
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
