//! An origin's page: who it is, the claims attributed to it and those it passed on.

use crate::render::context::*;
use crate::render::summary::first_words;
use crate::render::{PageType, Prepared, i18n};

/// The context of origin `index`'s page.
pub(super) fn page(prepared: &Prepared<'_>, index: crate::model::OriginId, path: &str) -> OriginPage {
    let origin = &prepared.dossier.origins[index];
    OriginPage {
        page: prepared.meta(
            PageType::Origin,
            "origins",
            path,
            origin.name.clone(),
            first_words(&origin.description),
        ),
        kind: i18n::origin_kind(prepared.lang, origin.kind).to_owned(),
        description: origin.description.clone(),
        claims: origin
            .claims
            .iter()
            .map(|&c| prepared.claims[c.index()].clone())
            .collect(),
        relayed: origin
            .relayed
            .iter()
            .map(|&c| prepared.claims[c.index()].clone())
            .collect(),
    }
}
