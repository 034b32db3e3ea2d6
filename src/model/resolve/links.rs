//! Relations between claims: what each one means, which pairs cannot be right, and the links
//! every claim shows.
//!
//! A relation is declared on one claim, A, in its `related` list, and names another, B:
//!
//! - `A supports B`: A is evidence for B. Directed: B's page reads "is supported by A". Support
//!   needs two origins: between claims of one origin (the same `origin`; for `article`, the same
//!   article; or claims joined by `same-origin` links) it is an error that says to use
//!   `same-origin`, since one origin repeating itself is not support. Claims whose origin is
//!   `article` in two different articles are two origins. Declared on both claims, it is mutual
//!   support (two independent reports bearing each other out) and shown as one link.
//! - `A contradicts B`: the two cannot both be true. Symmetric.
//! - `A same-origin B`: both go back to one report of one origin; the topic table counts them
//!   once. Symmetric. The two claims' origin chains (`origin` plus `via`) must share an origin.
//! - `A updates B`: A is a newer figure for what B counts. Directed; declared on both claims it is
//!   an error.
//!
//! Also errors: a relation to the claim itself, to a claim that does not exist, and `supports`
//! together with `contradicts` on one pair (in any direction). A pair declared on both sides with
//! the same relation is one link, marked `mutual`.

use std::collections::{BTreeMap, HashMap, HashSet};

use serde_saphyr::Spanned;

use super::{Resolver, position};
use crate::diagnostic::hint;
use crate::load::Parsed;
use crate::load::schema::{self, Relation};
use crate::model::ids::{ClaimId, OriginId, SourceId};
use crate::model::types::{Claim, Link, Origin, Source};
use crate::model::union_find::UnionFind;

/// What [`Resolver::link_claims`] looks claims and origins up in.
pub(super) struct Lookup<'a> {
    /// Claim id → index.
    pub ids: &'a HashMap<String, ClaimId>,
    /// Per claim index: its file and its annotation.
    pub locations: &'a [(&'a Parsed<schema::SourceFile>, &'a schema::ClaimFile)],
    /// Ids of claims declared in any file, including those dropped for their own errors.
    pub declared: &'a HashSet<&'a str>,
    /// The origins.
    pub origins: &'a [Origin],
    /// The sources.
    pub sources: &'a [Source],
}

/// Who a claim goes back to: a named origin, or the article that names none.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum OriginKey {
    Named(OriginId),
    Article(SourceId),
}

/// One `related` entry that names an existing other claim.
struct Entry<'a> {
    from: ClaimId,
    to: ClaimId,
    relation: Relation,
    file: &'a Parsed<schema::SourceFile>,
    at: &'a Spanned<String>,
    /// False once an error was reported for it: it makes no link.
    valid: bool,
}

impl Entry<'_> {
    /// `FILE:LINE:COLUMN` of the entry, for messages about another entry.
    fn place(&self) -> String {
        match position(self.at) {
            Some(at) => format!("{}:{}:{}", self.file.path, at.line, at.column),
            None => self.file.path.clone(),
        }
    }
}

impl Resolver<'_> {
    /// Resolves every claim's `related` entries, reports the ones that cannot be right, and gives
    /// each claim its links (outgoing first) and its same-origin group.
    pub(super) fn link_claims(&mut self, claims: &mut [Claim], lookup: Lookup<'_>) {
        let primary = |c: ClaimId| match claims[c].origin {
            Some(origin) => OriginKey::Named(origin),
            None => OriginKey::Article(claims[c].source),
        };
        let chain = |c: ClaimId| {
            let mut keys = vec![primary(c)];
            keys.extend(claims[c].via.iter().map(|&v| OriginKey::Named(v)));
            keys
        };
        let describe = |c: ClaimId| {
            let claim = &claims[c];
            let mut text = match claim.origin {
                Some(origin) => lookup.origins[origin].name.clone(),
                None => format!("the article itself (source `{}`)", lookup.sources[claim.source].id),
            };
            for &via in &claim.via {
                text.push_str(&format!(" via {}", lookup.origins[via].name));
            }
            text
        };

        // Every entry that names another existing claim, once per claim, relation and target.
        let mut entries: Vec<Entry<'_>> = Vec::new();
        let mut seen: HashSet<(ClaimId, ClaimId, Relation)> = HashSet::new();
        for (index, (file, claim)) in lookup.locations.iter().enumerate() {
            let index = ClaimId::new(index);
            for related in &claim.related {
                let Some(&other) = lookup.ids.get(&related.claim.value) else {
                    if lookup.declared.contains(related.claim.value.as_str()) {
                        continue;
                    }
                    let known: Vec<&str> = lookup
                        .ids
                        .keys()
                        .map(String::as_str)
                        .filter(|id| *id != claim.id.value)
                        .collect();
                    let help = hint("claim", &related.claim.value, &known, "any source file");
                    let message = format!(
                        "claim `{}`: related claim `{}` does not exist",
                        claim.id.value, related.claim.value
                    );
                    self.error(*file, &related.claim, message, help);
                    continue;
                };
                if other == index {
                    let message = format!("claim `{}` is related to itself", claim.id.value);
                    self.error(*file, &related.claim, message, "name another claim's id in `claim:`");
                    continue;
                }
                if seen.insert((index, other, related.relation)) {
                    entries.push(Entry {
                        from: index,
                        to: other,
                        relation: related.relation,
                        file,
                        at: &related.claim,
                        valid: true,
                    });
                }
            }
        }

        // `same-origin`: the two origin chains must share an origin.
        let mut groups = UnionFind::new(claims.len());
        for entry in entries.iter_mut().filter(|e| e.relation == Relation::SameOrigin) {
            let (a, b) = (chain(entry.from), chain(entry.to));
            if a.iter().any(|key| b.contains(key)) {
                groups.union(entry.from, entry.to);
                continue;
            }
            let message = format!(
                "claim `{}` is marked `same-origin` with `{}`, but they share no origin: `{}` goes back to {}, `{}` to {}",
                claims[entry.from].id,
                claims[entry.to].id,
                claims[entry.from].id,
                describe(entry.from),
                claims[entry.to].id,
                describe(entry.to),
            );
            let help = "`same-origin` means both repeat one report of one origin: if so, correct the `origin` or `via` that is wrong; if two origins say the same thing, write `supports` on the claim that is the evidence";
            self.error(entry.file, entry.at, message, help);
            entry.valid = false;
        }

        // `supports`: evidence needs a second origin.
        for entry in entries.iter_mut().filter(|e| e.relation == Relation::Supports) {
            let same_origin = primary(entry.from) == primary(entry.to);
            if !same_origin && groups.find(entry.from) != groups.find(entry.to) {
                continue;
            }
            let why = if same_origin {
                format!("both go back to one origin, {}", describe(entry.from))
            } else {
                "`same-origin` links make them one origin".to_owned()
            };
            let message = format!(
                "claim `{}` supports `{}`, but {why}: one origin repeating itself is not support",
                claims[entry.from].id, claims[entry.to].id
            );
            let help = "write `relation: same-origin` instead; `supports` is for evidence from another origin";
            self.error(entry.file, entry.at, message, help);
            entry.valid = false;
        }

        // Pairs: `supports` with `contradicts`, and `updates` both ways, cannot both hold.
        let mut pairs: BTreeMap<(ClaimId, ClaimId), Vec<usize>> = BTreeMap::new();
        for (i, entry) in entries.iter().enumerate() {
            let key = (entry.from.min(entry.to), entry.from.max(entry.to));
            pairs.entry(key).or_default().push(i);
        }
        for members in pairs.values() {
            let find = |relation: Relation| members.iter().copied().find(|&i| entries[i].relation == relation);
            if let (Some(_), Some(c)) = (find(Relation::Supports), find(Relation::Contradicts)) {
                for &i in members {
                    let entry = &entries[i];
                    if entry.relation != Relation::Supports || !entry.valid {
                        continue;
                    }
                    let contradicting = &entries[c];
                    let (a, b) = (&claims[entry.from].id, &claims[entry.to].id);
                    let message = if contradicting.from == entry.from {
                        format!("claim `{a}` both supports and contradicts `{b}`")
                    } else {
                        format!(
                            "claim `{a}` supports `{b}`, but `{b}` contradicts `{a}` ({})",
                            contradicting.place()
                        )
                    };
                    let help = format!(
                        "`{a}` supports `{b}` means `{a}` is evidence for `{b}`, which it cannot be if they contradict each other: keep the relation that holds and delete the other"
                    );
                    self.error(entry.file, entry.at, message, help);
                    entries[i].valid = false;
                }
            }
            let updates: Vec<usize> = members
                .iter()
                .copied()
                .filter(|&i| entries[i].relation == Relation::Updates)
                .collect();
            if let [first, second, ..] = updates[..] {
                let entry = &entries[second];
                let (a, b) = (&claims[entry.from].id, &claims[entry.to].id);
                let message = format!(
                    "claims `{a}` and `{b}` each update the other (the other at {})",
                    entries[first].place()
                );
                let help =
                    "`A updates B` means A is the newer figure for what B counts: keep it only on the newer claim";
                self.error(entry.file, entry.at, message, help);
                entries[second].valid = false;
            }
        }

        // Links: one per other claim and relation, whichever side declared it.
        let mut sides: Vec<BTreeMap<(ClaimId, Relation), (bool, bool)>> = vec![BTreeMap::new(); claims.len()];
        for entry in entries.iter().filter(|e| e.valid) {
            sides[entry.from.index()]
                .entry((entry.to, entry.relation))
                .or_default()
                .0 = true;
            sides[entry.to.index()]
                .entry((entry.from, entry.relation))
                .or_default()
                .1 = true;
        }
        for (index, claim) in claims.iter_mut().enumerate() {
            let mut links: Vec<Link> = sides[index]
                .iter()
                .map(|(&(other, relation), &(declared_here, declared_there))| Link {
                    relation,
                    claim: other,
                    incoming: !declared_here,
                    mutual: declared_here && declared_there,
                })
                .collect();
            links.sort_by_key(|l| (l.incoming, l.relation, l.claim));
            claim.links = links;
            claim.origin_group = groups.find(ClaimId::new(index));
        }
    }
}
