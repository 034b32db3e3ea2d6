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
use crate::diagnostic::{Named, hint};
use crate::load::Parsed;
use crate::load::schema::{self, Relation};
use crate::model::ids::{ClaimId, OriginId, SourceId};
use crate::model::types::{Claim, Link, Origin, Source};
use crate::model::union_find::UnionFind;
use crate::say;

/// What [`Resolver::link_claims`] looks claims and origins up in.
pub(super) struct Lookup<'a> {
    /// Claim id → index.
    pub ids: &'a HashMap<&'a str, ClaimId>,
    /// Per claim index: its file and its annotation.
    pub locations: &'a [(&'a Parsed<schema::SourceFile>, &'a schema::ClaimFile)],
    /// Ids of claims declared in a file but not in `ids` (dropped for their own errors).
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
        let language = self.language;
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
                None => {
                    let source = &lookup.sources[claim.source].id;
                    say!(
                        language,
                        "the article itself (source `{source}`)",
                        "den Artikel selbst (Quelle `{source}`)"
                    )
                }
            };
            for &via in &claim.via {
                let name = &lookup.origins[via].name;
                text.push_str(&say!(language, " via {name}", " über {name}"));
            }
            text
        };

        // Every entry that names another existing claim, once per claim, relation and target.
        let mut entries: Vec<Entry<'_>> = Vec::new();
        let mut seen: HashSet<(ClaimId, ClaimId, Relation)> = HashSet::new();
        for (index, (file, claim)) in lookup.locations.iter().enumerate() {
            let index = ClaimId::new(index);
            for related in &claim.related {
                let Some(&other) = lookup.ids.get(related.claim.value.as_str()) else {
                    if lookup.declared.contains(related.claim.value.as_str()) {
                        continue;
                    }
                    let known: Vec<&str> = lookup.ids.keys().copied().filter(|id| *id != claim.id.value).collect();
                    let (id, wrong) = (&claim.id.value, &related.claim.value);
                    let place = language.pick("any source file", "einer beliebigen Quelldatei");
                    let help = hint(language, Named::Claim, wrong, &known, place);
                    let message = say!(
                        language,
                        "claim `{id}`: related claim `{wrong}` does not exist",
                        "Behauptung `{id}`: die verknüpfte Behauptung `{wrong}` gibt es nicht"
                    );
                    self.error(*file, &related.claim, message, help);
                    continue;
                };
                if other == index {
                    let id = &claim.id.value;
                    let message = say!(
                        language,
                        "claim `{id}` is related to itself",
                        "Behauptung `{id}` ist mit sich selbst verknüpft"
                    );
                    let help = say!(
                        language,
                        "name another claim's id in `claim:`",
                        "Nennen Sie in `claim:` die Kennung einer anderen Behauptung"
                    );
                    self.error(*file, &related.claim, message, help);
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
            let (a, b) = (&claims[entry.from].id, &claims[entry.to].id);
            let (a_origin, b_origin) = (describe(entry.from), describe(entry.to));
            let message = say!(
                language,
                "claim `{a}` is marked `same-origin` with `{b}`, but they share no origin: `{a}` goes back to {a_origin}, `{b}` to {b_origin}",
                "Behauptung `{a}` ist als `same-origin` mit `{b}` markiert, aber sie haben keinen gemeinsamen Ursprung: `{a}` geht auf {a_origin} zurück, `{b}` auf {b_origin}"
            );
            let help = say!(
                language,
                "`same-origin` means both repeat one report of one origin: if so, correct the `origin` or `via` that is wrong; if two origins say the same thing, write `supports` on the claim that is the evidence",
                "`same-origin` heißt, dass beide eine Meldung eines Ursprungs wiederholen: Trifft das zu, korrigieren Sie das falsche `origin` oder `via`; sagen zwei Ursprünge dasselbe, schreiben Sie `supports` an die Behauptung, die der Beleg ist"
            );
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
                let origin = describe(entry.from);
                say!(
                    language,
                    "both go back to one origin, {origin}",
                    "beide gehen auf einen Ursprung zurück, {origin}"
                )
            } else {
                language
                    .pick(
                        "`same-origin` links make them one origin",
                        "`same-origin`-Verknüpfungen machen sie zu einem Ursprung",
                    )
                    .to_owned()
            };
            let (a, b) = (&claims[entry.from].id, &claims[entry.to].id);
            let message = say!(
                language,
                "claim `{a}` supports `{b}`, but {why}: one origin repeating itself is not support",
                "Behauptung `{a}` stützt `{b}`, aber {why}: Ein Ursprung, der sich wiederholt, ist keine Stütze"
            );
            let help = say!(
                language,
                "write `relation: same-origin` instead; `supports` is for evidence from another origin",
                "Schreiben Sie stattdessen `relation: same-origin`; `supports` steht für Belege eines anderen Ursprungs"
            );
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
                        say!(
                            language,
                            "claim `{a}` both supports and contradicts `{b}`",
                            "Behauptung `{a}` stützt `{b}` und widerspricht ihr zugleich"
                        )
                    } else {
                        let there = contradicting.place();
                        say!(
                            language,
                            "claim `{a}` supports `{b}`, but `{b}` contradicts `{a}` ({there})",
                            "Behauptung `{a}` stützt `{b}`, aber `{b}` widerspricht `{a}` ({there})"
                        )
                    };
                    let help = say!(
                        language,
                        "`{a}` supports `{b}` means `{a}` is evidence for `{b}`, which it cannot be if they contradict each other: keep the relation that holds and delete the other",
                        "„`{a}` stützt `{b}`“ heißt, `{a}` ist ein Beleg für `{b}`, und das kann es nicht sein, wenn beide sich widersprechen: Behalten Sie die zutreffende Beziehung, und löschen Sie die andere"
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
                let there = entries[first].place();
                let message = say!(
                    language,
                    "claims `{a}` and `{b}` each update the other (the other at {there})",
                    "die Behauptungen `{a}` und `{b}` aktualisieren sich gegenseitig (die andere in {there})"
                );
                let help = say!(
                    language,
                    "`A updates B` means A is the newer figure for what B counts: keep it only on the newer claim",
                    "„A updates B“ heißt, A ist die neuere Zahl für das, was B zählt: Behalten Sie es nur an der neueren Behauptung"
                );
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
