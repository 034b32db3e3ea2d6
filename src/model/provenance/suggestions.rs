//! Links the annotation probably misses, for `check` to suggest (never to add by itself):
//!
//! - a probable `same-origin`: two claims of one measure in different articles whose figures
//!   agree within their qualifiers and whose origin chains share a link;
//! - a probable `contradicts`: two claims of one measure whose as-of dates may mean a common day
//!   and whose figures cannot both be right (their intervals do not overlap).
//!
//! Only claims of different same-origin groups with no link between their groups are compared, in the
//! same unit. Each claim gets at most one suggestion of each kind (the earliest other claim, and
//! how many more there are), so a large dossier is told, not flooded.

use std::collections::{BTreeMap, HashSet};

use super::constraints::as_of_window;
use super::independence::chains_share_a_link;
use super::interval::Interval;
use crate::diagnostic::Language;
use crate::load::schema::Relation;
use crate::model::{ClaimId, Dossier, MeasureId, TopicId};

/// Words of a probable `same-origin` warning's message, per language.
const SAME_ORIGIN_WORDS: [&str; 2] = ["probably repeats", "wiederholt wahrscheinlich"];
/// Words of a probable `contradicts` warning's message, per language.
const CONTRADICTS_WORDS: [&str; 2] = ["but cannot both be right", "können aber nicht beide stimmen"];

/// The words of a probable `same-origin` warning in `language`.
pub fn same_origin_words(language: Language) -> &'static str {
    language.pick(SAME_ORIGIN_WORDS[0], SAME_ORIGIN_WORDS[1])
}

/// The words of a probable `contradicts` warning in `language`.
pub fn contradicts_words(language: Language) -> &'static str {
    language.pick(CONTRADICTS_WORDS[0], CONTRADICTS_WORDS[1])
}

/// Whether a diagnostic's message, in either language, is a suggested link (for tools and tests
/// that tell them from other warnings, e.g. on generated dossiers, whose figures are random).
pub fn is_suggestion(message: &str) -> bool {
    SAME_ORIGIN_WORDS
        .iter()
        .chain(&CONTRADICTS_WORDS)
        .any(|words| message.contains(words))
}

/// One suggested link, to be declared on `claim`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suggestion {
    /// The claim the link belongs on (the later one in dossier order).
    pub claim: ClaimId,
    /// The claim to link to.
    pub other: ClaimId,
    /// `SameOrigin` or `Contradicts`.
    pub relation: Relation,
    /// How many more claims would get the same suggestion besides `other`.
    pub more: usize,
}

/// Every suggestion of `dossier`, by claim, same-origin before contradicts.
pub fn find(dossier: &Dossier) -> Vec<Suggestion> {
    let mut buckets: BTreeMap<(TopicId, MeasureId, Option<&str>), Vec<ClaimId>> = BTreeMap::new();
    for (index, claim) in dossier.claims.iter().enumerate() {
        if let Some(q) = &claim.quantity {
            buckets
                .entry((claim.topic, q.measure, q.unit.as_deref()))
                .or_default()
                .push(ClaimId::new(index));
        }
    }
    let mut out = Vec::new();
    for members in buckets.values() {
        let intervals: Vec<Interval> = members
            .iter()
            .map(|&c| Interval::of(dossier.claims[c].quantity.as_ref().expect("bucketed by quantity")))
            .collect();
        let windows: Vec<_> = members
            .iter()
            .map(|&c| as_of_window(&dossier.sources, &dossier.claims[c]))
            .collect();
        for (j, &b) in members.iter().enumerate() {
            let later = &dossier.claims[b];
            // A link to any claim of a same-origin group settles the whole group.
            let linked: HashSet<ClaimId> = later
                .links
                .iter()
                .map(|l| dossier.claims[l.claim].origin_group)
                .collect();
            let mut same: Vec<ClaimId> = Vec::new();
            let mut contradicting: Vec<ClaimId> = Vec::new();
            for (i, &a) in members[..j].iter().enumerate() {
                let earlier = &dossier.claims[a];
                if earlier.origin_group == later.origin_group || linked.contains(&earlier.origin_group) {
                    continue;
                }
                // One suggestion per other same-origin group: its first claim stands for it.
                let new_group = |found: &[ClaimId]| {
                    found
                        .iter()
                        .all(|&f| dossier.claims[f].origin_group != earlier.origin_group)
                };
                if intervals[i].overlaps(&intervals[j]) {
                    if earlier.source != later.source && chains_share_a_link(earlier, later) && new_group(&same) {
                        same.push(a);
                    }
                } else if windows[i].overlaps(&windows[j]) && new_group(&contradicting) {
                    contradicting.push(a);
                }
            }
            for (found, relation) in [(same, Relation::SameOrigin), (contradicting, Relation::Contradicts)] {
                if let Some(&other) = found.first() {
                    out.push(Suggestion {
                        claim: b,
                        other,
                        relation,
                        more: found.len() - 1,
                    });
                }
            }
        }
    }
    out.sort_by_key(|s| (s.claim, s.relation != Relation::SameOrigin));
    out
}
