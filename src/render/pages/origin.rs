//! An origin's page: who it is, its scorecard (the verdicts of the claims attributed to it,
//! like PolitiFact's), those claims grouped by verdict, and the claims it passed on.

use crate::model::{OriginId, VerdictId};
use crate::render::context::*;
use crate::render::summary::{first_words, verdict_view};
use crate::render::{PageType, Prepared, i18n};

use super::inputs::{EntityHashes, Key};

/// What origin `index`'s page reads (see [`page`]), added to `key`: the origin and the claims
/// it made and relayed.
pub(super) fn key(hashes: &EntityHashes, index: OriginId, key: &mut Key) {
    key.extend([Some(4), hashes.origin(index), hashes.origin_members(index)]);
}

/// The context of origin `index`'s page.
pub(super) fn page(prepared: &Prepared<'_>, index: OriginId, path: &str) -> OriginPage {
    let dossier = prepared.dossier;
    let origin = &dossier.origins[index];
    let mut by_verdict: Vec<Vec<ClaimSummary>> = vec![Vec::new(); dossier.config.verdicts.len()];
    for &c in &origin.claims {
        if let Some(group) = by_verdict.get_mut(dossier.claims[c].verdict.index()) {
            group.push(prepared.claim(c).clone());
        }
    }
    let counts: Vec<usize> = by_verdict.iter().map(Vec::len).collect();
    let tally = super::verdict::tally(
        prepared,
        &counts,
        |v| Some(format!("#verdict-{}", dossier.config.verdicts[v].id)),
        None,
    );
    let groups = by_verdict
        .into_iter()
        .enumerate()
        .filter(|(_, claims)| !claims.is_empty())
        .map(|(v, claims)| VerdictGroup {
            verdict: verdict_view(dossier, VerdictId::new(v)),
            claims,
        })
        .collect();
    OriginPage {
        tally,
        groups,
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
        claims: origin.claims.iter().map(|&c| prepared.claim(c).clone()).collect(),
        relayed: origin.relayed.iter().map(|&c| prepared.claim(c).clone()).collect(),
    }
}
