//! An origin's page: who it is, the claims attributed to it and those it passed on.

use crate::model::OriginId;
use crate::render::context::*;
use crate::render::summary::first_words;
use crate::render::{PageType, Prepared, i18n};

use super::inputs::{EntityHashes, Key};

/// What origin `index`'s page reads (see [`page`]), added to `key`: the origin and the claims
/// it made and relayed.
pub(super) fn key(hashes: &EntityHashes, index: OriginId, key: &mut Key) {
    key.extend([Some(4), hashes.origin(index), hashes.origin_members(index)]);
}

/// The context of origin `index`'s page.
pub(super) fn page(prepared: &Prepared<'_>, index: OriginId, path: &str) -> OriginPage {
    let origin = &prepared.dossier.origins[index];
    OriginPage {
        page: prepared.meta(
            path,
            PageAbout {
                kind: PageType::Origin,
                section: "origins",
                title: origin.name.clone(),
                description: first_words(&origin.description),
            },
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
