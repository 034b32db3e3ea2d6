//! The independent origins behind each claim.
//!
//! Evidence for a claim: the claims of its same-origin group (one origin, repeated) and every
//! claim that `supports` one of them (declared `A supports B` on A, or on both). Two pieces of
//! evidence are one origin when they are in one same-origin group or their chains share a link:
//! the same `origin` (for `origin: article`, the same article) or the same intermediary (`via`).
//! What is left after merging are the independent origins; a claim of a group gets the group's.

use std::collections::HashMap;

use serde::Serialize;

use crate::load::schema::Relation;
use crate::model::union_find::UnionFind;
use crate::model::{Claim, ClaimId, OriginId, SourceId};

/// One independent origin behind a claim: the claims that go back to it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IndependentOrigin {
    /// Its claims, in dossier order.
    pub claims: Vec<ClaimId>,
    /// True for the claim's own origin (its same-origin group is among these claims); false for
    /// an origin that only supports it.
    pub own: bool,
}

/// A link of an origin chain.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ChainLink {
    /// A named origin or intermediary.
    Named(OriginId),
    /// The article itself, for a claim whose article names no origin.
    Article(SourceId),
}

/// The links of `claim`'s chain: its origin (or its article) and its intermediaries.
pub fn chain_links(claim: &Claim) -> Vec<ChainLink> {
    let mut links = vec![match claim.origin {
        Some(origin) => ChainLink::Named(origin),
        None => ChainLink::Article(claim.source),
    }];
    links.extend(claim.via.iter().map(|&v| ChainLink::Named(v)));
    links
}

/// Whether two claims' chains share a link.
pub fn chains_share_a_link(a: &Claim, b: &Claim) -> bool {
    let b_links = chain_links(b);
    chain_links(a).iter().any(|link| b_links.contains(link))
}

/// The claims that are evidence for `claim` by a `supports` link (declared by the other claim,
/// or by both).
fn supporters(claim: &Claim) -> impl Iterator<Item = ClaimId> + '_ {
    claim
        .links
        .iter()
        .filter(|link| link.relation == Relation::Supports && (link.incoming || link.mutual))
        .map(|link| link.claim)
}

/// Fills every claim's [`Claim::independent_origins`] (links and same-origin groups must be set).
pub fn compute(claims: &mut [Claim]) {
    // Each group's claims side by side, in dossier order.
    let mut order: Vec<ClaimId> = (0..claims.len()).map(ClaimId::new).collect();
    order.sort_unstable_by_key(|&c| (claims[c].origin_group, c));
    let mut start = 0;
    while start < order.len() {
        let group = claims[order[start]].origin_group;
        let end = start + order[start..].partition_point(|&c| claims[c].origin_group == group);
        let members = &order[start..end];
        let origins = if members.iter().any(|&m| supporters(&claims[m]).next().is_some()) {
            origins_of(claims, group, members)
        } else {
            // No support: the group is its one origin (what `origins_of` finds, without its maps).
            vec![IndependentOrigin {
                claims: members.to_vec(),
                own: true,
            }]
        };
        for &member in members {
            claims[member].independent_origins = origins.clone();
        }
        start = end;
    }
}

/// The independent origins behind the same-origin group `group` with claims `members`.
fn origins_of(claims: &[Claim], group: ClaimId, members: &[ClaimId]) -> Vec<IndependentOrigin> {
    let mut evidence: Vec<ClaimId> = members.to_vec();
    for &member in members {
        evidence.extend(supporters(&claims[member]));
    }
    evidence.sort_unstable();
    evidence.dedup();
    // Union-find over positions in `evidence` (claim ids stand in for positions).
    let mut sets = UnionFind::new(evidence.len());
    let mut first_with: HashMap<ChainLink, usize> = HashMap::new();
    let mut first_in_group: HashMap<ClaimId, usize> = HashMap::new();
    for (position, &c) in evidence.iter().enumerate() {
        let claim = &claims[c];
        let mut keys: Vec<usize> = Vec::new();
        keys.push(*first_in_group.entry(claim.origin_group).or_insert(position));
        for link in chain_links(claim) {
            keys.push(*first_with.entry(link).or_insert(position));
        }
        for key in keys {
            sets.union(ClaimId::new(key), ClaimId::new(position));
        }
    }
    let mut origins: Vec<IndependentOrigin> = Vec::new();
    let mut origin_of_root: HashMap<usize, usize> = HashMap::new();
    for (position, &c) in evidence.iter().enumerate() {
        let root = sets.find(ClaimId::new(position)).index();
        let own = claims[c].origin_group == group;
        match origin_of_root.get(&root) {
            Some(&o) => {
                origins[o].claims.push(c);
                origins[o].own |= own;
            }
            None => {
                origin_of_root.insert(root, origins.len());
                origins.push(IndependentOrigin { claims: vec![c], own });
            }
        }
    }
    // The claim's own origin first, then the supporting ones in dossier order.
    origins.sort_by_key(|o| (!o.own, o.claims[0]));
    origins
}
