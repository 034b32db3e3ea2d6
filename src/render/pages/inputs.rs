//! What the page builders read, hashed: the vocabulary in which each page kind's module states
//! its cache key (`key` beside `page` in [`claim`](super::claim), [`source`](super::source), …)
//! and in which [`exports`](crate::render::exports) states a claim's export key.
//!
//! [`EntityHashes`] hashes every entity once per run, whole (the model's entity and its shared
//! summary in [`Prepared`]); a page's key then lists which entities its builder reads. Entities
//! are hashed by id, not by index ([`IdNames`]: a reference to another entity hashes as that
//! entity's id), so a claim added or deleted at the start of the dossier, which shifts every
//! later index, changes the hashes of the entities it touches and no others. Entities
//! are hashed whole, so a builder that starts to show another field of them stays covered; a
//! builder that starts to read *other* entities must say so in its `key` (the random-edit tests
//! in `tests/serve.rs` compare the cached pipeline with clean `dossier build`s).

use std::collections::HashMap;

use rayon::prelude::*;

use super::value_hash::{hash_bytes, hash_value};
use crate::model::{ClaimId, Dossier, IdNames, OriginId, SourceId, TopicId, VerdictId};
use crate::render::Prepared;
use crate::render::summary::{OriginShown, SourceShown, TopicShown};

/// Hashes of every entity of a dossier as the page builders see it, computed once per run, so
/// that pages far from a change are kept without building their contexts (which, for 10,000
/// claims, would take longer than rendering the few pages that changed).
#[derive(Debug)]
pub struct EntityHashes {
    /// What every page sees: site and templates (given by the caller), configuration, Markdown
    /// pages, base URL and language.
    pub(super) global: u64,
    /// The number of each kind of entity (the overviews' pagination, the verdict pages).
    pub(super) counts: u64,
    /// What every claim's exports see of the dossier as a whole (configuration, base URL,
    /// language).
    pub(super) exports_global: u64,
    /// What every share image shows besides its claim: the configuration (the dossier's title,
    /// the verdict scale) and the language. Not the templates, Markdown pages or corrections
    /// log: an image is drawn without them, so editing them must not redraw every image.
    pub(crate) share_global: u64,
    pub(super) claims: Vec<u64>,
    pub(super) sources: Vec<u64>,
    pub(super) source_members: Vec<u64>,
    pub(super) topics: Vec<u64>,
    pub(super) topic_members: Vec<u64>,
    pub(super) origins: Vec<u64>,
    pub(super) origin_members: Vec<u64>,
    /// Per same-origin group (by its first claim): its sources, which every claim page of the
    /// group lists as appearances in its `ClaimReview`.
    pub(super) group_sources: HashMap<ClaimId, u64>,
    pub(super) all_sources: u64,
    pub(super) all_origins: u64,
    pub(super) all_topics: u64,
    pub(super) verdict_counts: u64,
    /// Per verdict: the hashes of its claims, in dossier order (the pages per verdict).
    pub(super) verdict_members: Vec<Vec<u64>>,
    /// Every claim, as one (the index lists findings and highlights among them).
    pub(super) all_claims: u64,
}

impl EntityHashes {
    /// `site_and_templates`: a hash of what every page sees besides the dossier (the site's
    /// context and the templates).
    pub fn new(dossier: &Dossier, prepared: &Prepared<'_>, site_and_templates: u64) -> Self {
        Self::remembering(dossier, prepared, site_and_templates, &mut TextHashes::default())
    }

    /// [`EntityHashes::new`], taking the hash of each article text that `texts` remembers from
    /// an earlier run (the same text, not a copy of it) instead of hashing it again; `texts`
    /// then remembers this run's.
    pub fn remembering(
        dossier: &Dossier,
        prepared: &Prepared<'_>,
        site_and_templates: u64,
        texts: &mut TextHashes,
    ) -> Self {
        let names = IdNames::of(dossier);
        let text_hashes = texts.update(dossier);
        // A claim's summary is made from the claim and what it shows of its source, topic and
        // origin (see `render::summary`): hashed once per entity, not per claim, so that no
        // summary is made to be hashed.
        let source_shown: Vec<Option<u64>> = dossier
            .sources
            .par_iter()
            .map(|source| hash_value(&SourceShown::of(source)))
            .collect();
        let topic_shown: Vec<Option<u64>> = dossier.topics.iter().map(|t| hash_value(&TopicShown::of(t))).collect();
        let origin_shown: Vec<Option<u64>> = dossier
            .origins
            .iter()
            .map(|o| hash_value(&OriginShown::of(o)))
            .collect();
        let claims: Vec<u64> = (0..dossier.claims.len())
            .into_par_iter()
            .map(|c| {
                let claim = &dossier.claims[c];
                let shown = |hashes: &[Option<u64>], index: usize| hashes.get(index).copied().flatten();
                names.install(|| {
                    hash_all(&[
                        hash_value(claim),
                        shown(&source_shown, claim.source.index()),
                        shown(&topic_shown, claim.topic.index()),
                        claim.origin.map_or(Some(0), |o| shown(&origin_shown, o.index())),
                    ])
                })
            })
            .collect();
        let sources: Vec<u64> = (0..dossier.sources.len())
            .into_par_iter()
            .map(|s| {
                let text = text_hashes[s];
                names.install(|| {
                    hash_all(&[
                        hash_value(&dossier.sources[s]),
                        hash_value(&prepared.sources[s]),
                        Some(text),
                    ])
                })
            })
            .collect();
        let topics: Vec<u64> = names.install(|| {
            (0..dossier.topics.len())
                .map(|t| hash_all(&[hash_value(&dossier.topics[t]), hash_value(&prepared.topics[t])]))
                .collect()
        });
        let origins: Vec<u64> = names.install(|| {
            (0..dossier.origins.len())
                .map(|o| hash_all(&[hash_value(&dossier.origins[o]), hash_value(&prepared.origins[o])]))
                .collect()
        });
        let members = |list: &[ClaimId]| hash_all(&list.iter().map(|&c| Some(claims[c.index()])).collect::<Vec<_>>());
        let source_members = dossier.sources.iter().map(|s| members(&s.claims)).collect();
        let topic_members = dossier.topics.iter().map(|t| members(&t.claims)).collect();
        let origin_members = dossier
            .origins
            .iter()
            .map(|o| hash_all(&[Some(members(&o.claims)), Some(members(&o.relayed))]))
            .collect();
        let group_sources = prepared
            .origin_group_sources
            .iter()
            .map(|(&group, members)| {
                let parts: Vec<Option<u64>> = members.iter().map(|&s| sources.get(s.index()).copied()).collect();
                (group, hash_all(&parts))
            })
            .collect();
        // The corrections log: claim pages show their corrections, the corrections page and
        // feed all of them; it changes only with a commit, so it is part of what every page sees.
        let history = {
            let mut hasher = std::hash::DefaultHasher::new();
            std::hash::Hash::hash(&*prepared.history, &mut hasher);
            std::hash::Hasher::finish(&hasher)
        };
        // The configuration names claims (`highlights:`): by id.
        let config = names.install(|| hash_value(&dossier.config));
        let global = hash_all(&[
            Some(site_and_templates),
            Some(history),
            config,
            hash_value(&dossier.pages),
            hash_value(&prepared.base_url),
            hash_value(&prepared.lang),
        ]);
        let entity_counts = hash_all(&[
            Some(dossier.claims.len() as u64),
            Some(dossier.sources.len() as u64),
            Some(dossier.topics.len() as u64),
            Some(dossier.origins.len() as u64),
        ]);
        let exports_global = hash_all(&[
            Some(history),
            config,
            hash_value(&prepared.base_url),
            hash_value(&prepared.lang),
        ]);
        let share_global = hash_all(&[config, hash_value(&prepared.lang)]);
        let all_sources = hash_all(&sources.iter().copied().map(Some).collect::<Vec<_>>());
        let all_origins = hash_all(&origins.iter().copied().map(Some).collect::<Vec<_>>());
        let all_topics = hash_all(&topics.iter().copied().map(Some).collect::<Vec<_>>());
        let mut counts = vec![0u64; dossier.config.verdicts.len()];
        for claim in &dossier.claims {
            if let Some(count) = counts.get_mut(claim.verdict.index()) {
                *count += 1;
            }
        }
        let verdict_counts = hash_all(&counts.into_iter().map(Some).collect::<Vec<_>>());
        let mut verdict_members = vec![Vec::new(); dossier.config.verdicts.len()];
        for (claim, &hash) in dossier.claims.iter().zip(&claims) {
            if let Some(members) = verdict_members.get_mut(claim.verdict.index()) {
                members.push(hash);
            }
        }
        let all_claims = hash_all(&claims.iter().copied().map(Some).collect::<Vec<_>>());
        Self {
            verdict_members,
            all_claims,
            global,
            counts: entity_counts,
            exports_global,
            share_global,
            claims,
            sources,
            source_members,
            topics,
            topic_members,
            origins,
            origin_members,
            group_sources,
            all_sources,
            all_origins,
            all_topics,
            verdict_counts,
        }
    }

    /// What every claim's exports see of the dossier as a whole.
    pub(crate) fn exports_global(&self) -> u64 {
        self.exports_global
    }

    /// The hash of claim `c` (the claim and its summary).
    pub(crate) fn claim(&self, c: ClaimId) -> Option<u64> {
        self.claims.get(c.index()).copied()
    }

    /// The hash of source `s` (the source, its summary and its text).
    pub(crate) fn source(&self, s: SourceId) -> Option<u64> {
        self.sources.get(s.index()).copied()
    }

    /// The hashes of source `s`'s claims, as one.
    pub(super) fn source_members(&self, s: SourceId) -> Option<u64> {
        self.source_members.get(s.index()).copied()
    }

    /// The hash of topic `t` (the topic and its summary).
    pub(crate) fn topic(&self, t: TopicId) -> Option<u64> {
        self.topics.get(t.index()).copied()
    }

    /// The hashes of topic `t`'s claims, as one.
    pub(super) fn topic_members(&self, t: TopicId) -> Option<u64> {
        self.topic_members.get(t.index()).copied()
    }

    /// The hash of origin `o` (the origin and its summary).
    pub(crate) fn origin(&self, o: OriginId) -> Option<u64> {
        self.origins.get(o.index()).copied()
    }

    /// The hashes of the claims of verdict `v`, in dossier order (empty for an unknown one).
    pub(super) fn verdict_members(&self, v: VerdictId) -> &[u64] {
        self.verdict_members.get(v.index()).map_or(&[], Vec::as_slice)
    }

    /// The hashes of the claims origin `o` made and relayed, as one.
    pub(super) fn origin_members(&self, o: OriginId) -> Option<u64> {
        self.origin_members.get(o.index()).copied()
    }
}

/// The hash of each article text, remembered with the text itself (an `Arc` of it is held, so
/// an article whose `Arc` is the remembered one is the same text, byte for byte): an edit that
/// leaves a source's article alone does not hash its text again (136 MB for 10,000 sources).
#[derive(Debug, Default)]
pub struct TextHashes {
    by_source: HashMap<String, (std::sync::Arc<str>, u64)>,
}

impl TextHashes {
    /// The hash of every source's text, in dossier order: remembered for a text that is the
    /// same `Arc` as last time, else computed. Remembers exactly these texts afterwards.
    fn update(&mut self, dossier: &Dossier) -> Vec<u64> {
        let hashes: Vec<u64> = dossier
            .sources
            .par_iter()
            .map(|source| match self.by_source.get(&source.id) {
                Some((text, hash)) if std::sync::Arc::ptr_eq(text, &source.text) => *hash,
                _ => hash_bytes(source.text.as_bytes()),
            })
            .collect();
        self.by_source = dossier
            .sources
            .iter()
            .zip(&hashes)
            .map(|(source, &hash)| (source.id.clone(), (source.text.clone(), hash)))
            .collect();
        hashes
    }

    /// How many texts are remembered.
    pub fn len(&self) -> usize {
        self.by_source.len()
    }

    /// Whether no text is remembered.
    pub fn is_empty(&self) -> bool {
        self.by_source.is_empty()
    }
}

/// The parts of one cache key, gathered by a page kind's `key` (or the claim exports' key) in
/// the order its builder reads them. A part that could not be hashed (`None`) makes the whole
/// key `None`: the value is then made anew.
#[derive(Debug)]
pub(crate) struct Key {
    /// The parts so far, each as [`hash_all`] writes it.
    bytes: Vec<u8>,
    /// Whether every part could be hashed.
    complete: bool,
}

impl Key {
    /// A key starting with `parts`.
    pub(crate) fn new(parts: impl IntoIterator<Item = Option<u64>>) -> Self {
        let mut key = Self {
            bytes: Vec::with_capacity(8 * 9),
            complete: true,
        };
        key.extend(parts);
        key
    }

    /// Adds a part.
    pub(crate) fn push(&mut self, part: Option<u64>) {
        self.complete &= part.is_some();
        write_part(&mut self.bytes, part);
    }

    /// Adds parts.
    pub(crate) fn extend(&mut self, parts: impl IntoIterator<Item = Option<u64>>) {
        for part in parts {
            self.push(part);
        }
    }

    /// The key, or `None` when a part could not be hashed.
    pub(crate) fn finish(self) -> Option<u64> {
        self.complete.then(|| hash_bytes(&self.bytes))
    }
}

/// One hash of several (a missing one counts as a distinct value).
fn hash_all(parts: &[Option<u64>]) -> u64 {
    let mut bytes = Vec::with_capacity(parts.len() * 9);
    for &part in parts {
        write_part(&mut bytes, part);
    }
    hash_bytes(&bytes)
}

/// Writes one part of a hash of several: a tag, then the hash if there is one.
fn write_part(bytes: &mut Vec<u8>, part: Option<u64>) {
    match part {
        Some(hash) => {
            bytes.push(1);
            bytes.extend_from_slice(&hash.to_le_bytes());
        }
        None => bytes.push(0),
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::EntityHashes;
    use crate::build::{CheckOptions, check};
    use crate::generate::{GenerateOptions, input_files};
    use crate::load::InputFiles;
    use crate::model::Dossier;
    use crate::render::{Prepared, RenderOptions};

    const FIRST_SOURCE: &str = "content/sources/00000.yaml";

    fn hashes_by_id(input: &InputFiles) -> (Dossier, HashMap<String, u64>, HashMap<String, u64>) {
        let dossier = check(input, CheckOptions::default()).dossier.expect("valid");
        let prepared = Prepared::new(&dossier, &RenderOptions::default());
        let hashes = EntityHashes::new(&dossier, &prepared, 0);
        let claims = dossier
            .claims
            .iter()
            .map(|c| c.id.clone())
            .zip(hashes.claims.clone())
            .collect();
        let sources = dossier
            .sources
            .iter()
            .map(|s| s.id.clone())
            .zip(hashes.sources.clone())
            .collect();
        drop(prepared);
        (dossier, claims, sources)
    }

    /// A remembered text hash is the hash of that very text: a source whose article changed (a
    /// new text) is hashed again, the others are taken as remembered, and the hashes equal
    /// those of a run that remembers nothing.
    #[test]
    fn remembered_text_hashes_are_those_of_the_same_texts_and_changed_texts_are_hashed_again() {
        use super::TextHashes;
        let (mut input, _) = input_files(
            std::path::Path::new("/nonexistent"),
            &GenerateOptions { sources: 4, seed: 3 },
        );
        let mut texts = TextHashes::default();
        let fresh_and_remembered = |input: &InputFiles, texts: &mut TextHashes| {
            let dossier = check(input, CheckOptions::default()).dossier.expect("valid");
            let prepared = Prepared::new(&dossier, &RenderOptions::default());
            let fresh = EntityHashes::new(&dossier, &prepared, 0).sources;
            let remembered = EntityHashes::remembering(&dossier, &prepared, 0, texts).sources;
            (fresh, remembered)
        };
        let (fresh, remembered) = fresh_and_remembered(&input, &mut texts);
        assert_eq!(fresh, remembered);
        assert_eq!(texts.len(), 4);
        // Taken from memory, not hashed again, while the text is the same: a wrong remembered
        // hash shows through (the texts of an unchanged input are the same `Arc`s).
        let dossier = check(&input, CheckOptions::default()).dossier.expect("valid");
        let first = dossier.sources[0].id.clone();
        texts.by_source.get_mut(&first).expect("remembered").1 ^= 1;
        let taken = texts.update(&dossier);
        assert_eq!(taken[0], fresh_hash_of(&dossier, 0) ^ 1, "remembered, not hashed again");
        texts.by_source.get_mut(&first).expect("remembered").1 ^= 1;
        let seed = input
            .files
            .keys()
            .find(|key| key.starts_with("seeds/"))
            .expect("an article")
            .clone();
        let article = input.text(&seed).expect("text").to_string();
        input.insert_text(&seed, &format!("{article}\n\nEin neuer Absatz.\n"));
        let (fresh_after, remembered_after) = fresh_and_remembered(&input, &mut texts);
        assert_eq!(fresh_after, remembered_after, "the changed text is hashed again");
        assert_ne!(fresh_after, fresh, "a source's hash follows its article");
        assert_eq!(
            fresh_after.iter().zip(&fresh).filter(|(a, b)| a != b).count(),
            1,
            "only the source of the changed article"
        );
    }

    /// A claim's hash covers its summary, which shows its source's title and date, its
    /// topic's title and its origin's name: changing any of them changes the hashes of that
    /// entity's claims (pages listing them are made again), and of no other claim.
    #[test]
    fn a_claims_hash_follows_what_its_summary_shows_of_other_entities() {
        let (input, _) = input_files(
            std::path::Path::new("/nonexistent"),
            &GenerateOptions { sources: 6, seed: 3 },
        );
        let claim_hashes = |dossier: &Dossier| {
            let prepared = Prepared::new(dossier, &RenderOptions::default());
            EntityHashes::new(dossier, &prepared, 0).claims
        };
        let dossier = check(&input, CheckOptions::default()).dossier.expect("valid");
        let before = claim_hashes(&dossier);
        let claim = dossier
            .claims
            .iter()
            .find(|c| c.origin.is_some())
            .expect("a claim with an origin");
        let (source, topic, origin) = (claim.source, claim.topic, claim.origin.expect("an origin"));
        type Edit = Box<dyn Fn(&mut Dossier)>;
        type Touched = Box<dyn Fn(&crate::model::Claim) -> bool>;
        let edits: [(&str, Edit, Touched); 4] = [
            (
                "source title",
                Box::new(move |d| d.sources[source.index()].title.push('!')),
                Box::new(move |c| c.source == source),
            ),
            (
                "source date",
                Box::new(move |d| {
                    d.sources[source.index()].published = crate::model::PartialDate::parse("1999").expect("a year")
                }),
                Box::new(move |c| c.source == source),
            ),
            (
                "topic title",
                Box::new(move |d| d.topics[topic.index()].title.push('!')),
                Box::new(move |c| c.topic == topic),
            ),
            (
                "origin name",
                Box::new(move |d| d.origins[origin.index()].name.push('!')),
                Box::new(move |c| c.origin == Some(origin)),
            ),
        ];
        for (what, edit, touched) in edits {
            let mut changed = dossier.clone();
            edit(&mut changed);
            let after = claim_hashes(&changed);
            for (c, claim) in dossier.claims.iter().enumerate() {
                assert_eq!(before[c] != after[c], touched(claim), "{what}: claim {}", claim.id);
            }
        }
    }

    fn fresh_hash_of(dossier: &Dossier, source: usize) -> u64 {
        super::hash_bytes(dossier.sources[source].text.as_bytes())
    }

    /// A claim added before every other one shifts every claim's index: the hashes of the
    /// entities it does not touch stay as they were (they name each other by id).
    #[test]
    fn a_claim_added_at_the_start_leaves_the_other_entities_hashes() {
        let (mut input, _) = input_files(
            std::path::Path::new("/nonexistent"),
            &GenerateOptions { sources: 12, seed: 3 },
        );
        let (_, claims_before, sources_before) = hashes_by_id(&input);
        let text = input.text(FIRST_SOURCE).expect("first source").to_string();
        let start = text.find("claims:\n").expect("claims") + "claims:\n".len();
        let next = text[start + 4..].find("\n  - id: ").expect("a second claim") + start + 4 + 1;
        let first = &text[start..next];
        let id = first["  - id: ".len()..].split('\n').next().expect("id");
        let added = first.replacen(&format!("- id: {id}\n"), "- id: aaa-added-first\n", 1);
        input.insert_text(FIRST_SOURCE, &format!("{}{added}{}", &text[..start], &text[start..]));
        let (dossier, claims_after, sources_after) = hashes_by_id(&input);
        assert_eq!(dossier.claims[0].id, "aaa-added-first", "it comes first");
        let changed: Vec<&String> = claims_before
            .iter()
            .filter(|(id, hash)| claims_after.get(*id) != Some(hash))
            .map(|(id, _)| id)
            .collect();
        assert!(
            changed.len() <= claims_before.len() / 10,
            "{} of {} claims changed: {changed:?}",
            changed.len(),
            claims_before.len()
        );
        for (id, hash) in &sources_before {
            if id != &dossier.sources[dossier.claims[0].source].id {
                assert_eq!(sources_after.get(id), Some(hash), "source {id}");
            }
        }
    }
}
