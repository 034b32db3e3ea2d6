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

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use super::constraints::as_of_window;
use super::independence::{ChainLink, chain_links};
use super::interval::{DateWindow, Interval};
use crate::diagnostic::{Diagnostic, Language};
use crate::load::schema::Relation;
use crate::model::{ClaimId, Dossier, MeasureId, SourceId, TopicId};

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
    find_kept(dossier, &mut SuggestionMemo::default())
}

/// [`find`], taking the suggestions of each set of comparable claims (one measure of one topic,
/// in one unit) from `memo` while everything they are made of is unchanged; `serve` keeps the
/// memo between rebuilds, so an edit compares again only the claims of the sets it touched.
pub fn find_kept(dossier: &Dossier, memo: &mut SuggestionMemo) -> Vec<Suggestion> {
    let mut out: Vec<Suggestion> = find_sets(dossier, memo)
        .iter()
        .flat_map(SetSuggestions::suggestions)
        .collect();
    out.sort_by_key(|s| (s.claim, s.relation != Relation::SameOrigin));
    out
}

/// The suggestions of one set of comparable claims (see [`find_sets`]).
#[derive(Debug)]
pub struct SetSuggestions {
    /// The set's fingerprint: a hash of everything the comparison read of its claims.
    pub key: u64,
    /// Its claims, in dossier order.
    pub members: Vec<ClaimId>,
    found: Arc<Vec<Found>>,
}

impl SetSuggestions {
    /// The set's suggestions, in set order.
    pub fn suggestions(&self) -> impl Iterator<Item = Suggestion> + '_ {
        self.found.iter().map(|found| Suggestion {
            claim: self.members[found.later as usize],
            other: self.members[found.earlier as usize],
            relation: found.relation,
            more: found.more,
        })
    }

    /// Whether the set has no suggestion.
    pub fn is_empty(&self) -> bool {
        self.found.is_empty()
    }
}

/// The suggestions of `dossier` set by set (in the order of topic, measure and unit), each
/// set's from `memo` while everything it is made of is unchanged (see [`find_kept`]).
pub fn find_sets(dossier: &Dossier, memo: &mut SuggestionMemo) -> Vec<SetSuggestions> {
    let mut buckets: BTreeMap<(TopicId, MeasureId, Option<&str>), Vec<ClaimId>> = BTreeMap::new();
    for (index, claim) in dossier.claims.iter().enumerate() {
        if let Some(q) = &claim.quantity {
            buckets
                .entry((claim.topic, q.measure, q.unit.as_deref()))
                .or_default()
                .push(ClaimId::new(index));
        }
    }
    buckets
        .into_values()
        .map(|members| {
            let compared: Vec<Compared> = members.iter().map(|&c| Compared::of(dossier, c)).collect();
            let key = fingerprint(dossier, &members, &compared);
            let found = memo.get_or_make(key, || bucket(&compared));
            SetSuggestions { key, members, found }
        })
        .collect()
}

/// What the comparison reads of one claim of a set.
struct Compared {
    interval: Interval,
    window: DateWindow,
    source: SourceId,
    group: ClaimId,
    chain: Vec<ChainLink>,
    /// The same-origin groups of the claims it links to: a link to any claim of a group settles
    /// the whole group.
    linked: Vec<ClaimId>,
}

impl Compared {
    fn of(dossier: &Dossier, c: ClaimId) -> Self {
        let claim = &dossier.claims[c];
        let mut linked: Vec<ClaimId> = claim
            .links
            .iter()
            .map(|l| dossier.claims[l.claim].origin_group)
            .collect();
        linked.sort_unstable();
        linked.dedup();
        Self {
            interval: Interval::of(claim.quantity.as_ref().expect("bucketed by quantity")),
            window: as_of_window(&dossier.sources, claim),
            source: claim.source,
            group: claim.origin_group,
            chain: chain_links(claim),
            linked,
        }
    }
}

/// A hash of everything [`bucket`] reads of the set `members`, naming claims, sources and
/// origins by id (so indices shifted by an edit elsewhere do not change it). The suggestions
/// depend only on which of these are equal, the intervals and the windows.
fn fingerprint(dossier: &Dossier, members: &[ClaimId], compared: &[Compared]) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::hash::DefaultHasher::new();
    let claim_id = |c: ClaimId| dossier.claims[c].id.as_str();
    members.len().hash(&mut hasher);
    for (&c, member) in members.iter().zip(compared) {
        claim_id(c).hash(&mut hasher);
        let Interval {
            low,
            low_open,
            high,
            high_open,
        } = member.interval;
        (low.to_bits(), low_open, high.to_bits(), high_open).hash(&mut hasher);
        (member.window.first, member.window.last).hash(&mut hasher);
        dossier.sources[member.source].id.hash(&mut hasher);
        claim_id(member.group).hash(&mut hasher);
        member.chain.len().hash(&mut hasher);
        for link in &member.chain {
            match *link {
                ChainLink::Named(origin) => (0u8, dossier.origins[origin].id.as_str()).hash(&mut hasher),
                ChainLink::Article(source) => (1u8, dossier.sources[source].id.as_str()).hash(&mut hasher),
            }
        }
        member.linked.len().hash(&mut hasher);
        for &group in &member.linked {
            claim_id(group).hash(&mut hasher);
        }
    }
    hasher.finish()
}

/// One suggestion within a set, by positions in it.
#[derive(Debug, Clone, Copy)]
pub struct Found {
    later: u32,
    earlier: u32,
    relation: Relation,
    more: usize,
}

/// The suggestions within one set of comparable claims, in set order.
fn bucket(members: &[Compared]) -> Vec<Found> {
    let mut out = Vec::new();
    let mut same: Vec<usize> = Vec::new();
    let mut contradicting: Vec<usize> = Vec::new();
    for (j, later) in members.iter().enumerate() {
        same.clear();
        contradicting.clear();
        for (i, earlier) in members[..j].iter().enumerate() {
            if earlier.group == later.group || later.linked.binary_search(&earlier.group).is_ok() {
                continue;
            }
            // One suggestion per other same-origin group: its first claim stands for it.
            let new_group = |found: &[usize]| found.iter().all(|&f| members[f].group != earlier.group);
            if earlier.interval.overlaps(&later.interval) {
                if earlier.source != later.source
                    && earlier.chain.iter().any(|link| later.chain.contains(link))
                    && new_group(&same)
                {
                    same.push(i);
                }
            } else if earlier.window.overlaps(&later.window) && new_group(&contradicting) {
                contradicting.push(i);
            }
        }
        for (found, relation) in [(&same, Relation::SameOrigin), (&contradicting, Relation::Contradicts)] {
            if let Some(&other) = found.first() {
                out.push(Found {
                    later: j as u32,
                    earlier: other as u32,
                    relation,
                    more: found.len() - 1,
                });
            }
        }
    }
    out
}

/// The suggestions of sets of comparable claims, by [`fingerprint`], kept between runs: what
/// a run did not use is dropped at its end ([`SuggestionMemo::finish_run`]).
#[derive(Debug, Default)]
pub struct SuggestionMemo {
    previous: HashMap<u64, Arc<Vec<Found>>>,
    current: HashMap<u64, Arc<Vec<Found>>>,
    /// The warnings of the sets the last run worded, by fingerprint.
    worded_previous: HashMap<u64, Arc<Worded>>,
    /// The warnings of the sets this run worded.
    worded_current: HashMap<u64, Arc<Worded>>,
}

/// The warnings of one set's suggestions (one per suggestion, in set order), with what they read
/// besides the set's fingerprint: the messages' language, the texts of `dossier.yaml`, the
/// topics and the origins (units, origin names), and each claim's file (its path and its text:
/// the claim's and its source's ids, its figure, where it stands, the lines shown).
#[derive(Debug)]
pub struct Worded {
    language: Language,
    references: Vec<Option<Arc<str>>>,
    files: Vec<(String, Arc<str>)>,
    /// The warnings, one per suggestion of the set, in set order.
    pub diagnostics: Vec<Diagnostic>,
}

impl Worded {
    /// The warnings `diagnostics`, worded in `language` from the reference texts `references`
    /// and the set's claims' files `files` (path and text, in set order).
    pub fn new<'a>(
        language: Language,
        references: &[Option<&Arc<str>>],
        files: impl Iterator<Item = (&'a str, &'a Arc<str>)>,
        diagnostics: Vec<Diagnostic>,
    ) -> Self {
        Self {
            language,
            references: references.iter().map(|text| text.cloned()).collect(),
            files: files.map(|(path, text)| (path.to_owned(), text.clone())).collect(),
            diagnostics,
        }
    }

    /// Whether these warnings were worded from exactly these texts.
    pub fn fits<'a>(
        &self,
        language: Language,
        references: &[Option<&Arc<str>>],
        mut files: impl ExactSizeIterator<Item = (&'a str, &'a Arc<str>)>,
    ) -> bool {
        let same = |a: &Arc<str>, b: &Arc<str>| Arc::ptr_eq(a, b) || a == b;
        self.language == language
            && self.references.len() == references.len()
            && self
                .references
                .iter()
                .zip(references)
                .all(|(kept, now)| match (kept, now) {
                    (Some(kept), Some(now)) => same(kept, now),
                    (None, None) => true,
                    _ => false,
                })
            && self.files.len() == files.len()
            && self
                .files
                .iter()
                .all(|(path, text)| files.next().is_some_and(|(p, t)| p == path && same(text, t)))
    }
}

impl SuggestionMemo {
    fn get_or_make(&mut self, key: u64, make: impl FnOnce() -> Vec<Found>) -> Arc<Vec<Found>> {
        if let Some(found) = self.current.get(&key) {
            return found.clone();
        }
        let found = self.previous.remove(&key).unwrap_or_else(|| Arc::new(make()));
        self.current.insert(key, found.clone());
        found
    }

    /// The warnings of the set with fingerprint `key`: the last run's while they `fit` (see
    /// [`Worded::fits`]), else those `make` gives; kept for the next run.
    pub fn worded(&mut self, key: u64, fits: impl Fn(&Worded) -> bool, make: impl FnOnce() -> Worded) -> Arc<Worded> {
        if let Some(worded) = self.worded_current.get(&key).filter(|w| fits(w)) {
            return worded.clone();
        }
        let worded = match self.worded_previous.remove(&key) {
            Some(kept) if fits(&kept) => kept,
            _ => Arc::new(make()),
        };
        self.worded_current.insert(key, worded.clone());
        worded
    }

    /// Ends a run: what it did not use is forgotten.
    pub fn finish_run(&mut self) {
        self.previous = std::mem::take(&mut self.current);
        self.worded_previous = std::mem::take(&mut self.worded_current);
    }

    /// How many sets are remembered (tests).
    pub fn len(&self) -> usize {
        self.previous.len() + self.current.len()
    }

    /// How many sets' warnings are remembered (tests).
    pub fn worded_len(&self) -> usize {
        self.worded_previous.len() + self.worded_current.len()
    }

    /// Whether nothing is remembered.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Diagnostics;
    use crate::model::{Link, PartialDate};

    fn generated() -> Dossier {
        let (input, _) = crate::generate::input_files(
            std::path::Path::new("/nonexistent"),
            &crate::generate::GenerateOptions { sources: 12, seed: 3 },
        );
        let mut diagnostics = Diagnostics::new();
        let parsed = crate::load::parse(&input, &mut diagnostics);
        crate::model::resolve(&parsed, &input, &mut diagnostics).expect("a dossier")
    }

    /// The memo gives what a fresh search gives after each change to what the comparison reads
    /// (a link, a figure, a date, an origin, a same-origin group); a set's suggestions kept past
    /// such a change would differ.
    #[test]
    fn remembered_suggestions_follow_every_change_to_the_claims_compared() {
        let dossier = generated();
        let mut memo = SuggestionMemo::default();
        let first = find(&dossier);
        assert!(
            first.len() > 5,
            "the generated dossier has suggestions: {}",
            first.len()
        );
        assert_eq!(find_kept(&dossier, &mut memo), first);
        memo.finish_run();
        assert_eq!(find_kept(&dossier, &mut memo), first, "kept");
        memo.finish_run();

        let same = first
            .iter()
            .find(|s| s.relation == Relation::SameOrigin)
            .expect("a same-origin suggestion")
            .clone();
        let contradicts = first
            .iter()
            .find(|s| s.relation == Relation::Contradicts)
            .expect("a contradicts suggestion")
            .clone();
        type Change = Box<dyn Fn(&mut Dossier)>;
        let (b, a, c) = (same.claim, same.other, contradicts.claim);
        let changes: Vec<(&str, Change)> = vec![
            (
                "a link that settles the pair",
                Box::new(move |d: &mut Dossier| {
                    d.claims[b].links.push(Link {
                        relation: Relation::Supports,
                        claim: a,
                        incoming: false,
                        mutual: false,
                    })
                }),
            ),
            (
                "a figure below all others",
                Box::new(move |d: &mut Dossier| {
                    let q = d.claims[b].quantity.as_mut().expect("a figure");
                    (q.low, q.high) = (-5.0, -5.0);
                }),
            ),
            (
                "an as-of date long before",
                Box::new(move |d: &mut Dossier| {
                    d.claims[c].as_of = Some(PartialDate {
                        year: 1901,
                        month: None,
                        day: None,
                    })
                }),
            ),
            (
                "the article as origin",
                Box::new(move |d: &mut Dossier| {
                    d.claims[a].origin = None;
                    d.claims[a].via.clear();
                }),
            ),
            (
                "a claim of another same-origin group",
                Box::new(move |d: &mut Dossier| d.claims[a].origin_group = b),
            ),
        ];
        // Each change on its own, the memo carried from the one before.
        for (what, change) in changes {
            let mut changed = dossier.clone();
            change(&mut changed);
            let fresh = find(&changed);
            assert_ne!(fresh, first, "{what}: the change shows");
            assert_eq!(find_kept(&changed, &mut memo), fresh, "{what}");
            memo.finish_run();
        }
        assert_eq!(find_kept(&dossier, &mut memo), first, "back");
    }
}
