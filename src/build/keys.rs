//! Cache keys of the pipeline's optional caches (see [`super::Caches`]): cheap keys of each
//! page's neighbourhood in the dossier ([`Neighbourhoods`]), of each claim's exports, and of the
//! templates a template can reach. A key must cover everything the value it guards is made
//! from; the random-edit tests in `tests/serve.rs` compare the cached pipeline with
//! `dossier build` after long sequences of edits.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::hash::{Hash, Hasher};
use std::io::Write;

use rayon::prelude::*;
use serde::Serialize;

use crate::load::{FileContent, InputFiles, TEMPLATES_DIR};
use crate::model::{ClaimId, Dossier};
use crate::render::{LIST_PAGE_SIZE, PageData, PageKind, PagePlan, Prepared, Section};

/// Cheap keys of each page's neighbourhood in the dossier, so that pages far from a change are
/// kept without building their contexts (which, for 10,000 claims, would take longer than
/// rendering the few pages that changed).
///
/// A page's key hashes everything its context can read, at the level of whole entities: for a
/// claim page, the claim (with its summary), its source and the source's claims, its topic and
/// the topic's claims, its origins and their claims, and the claims it links; plus what every
/// page sees (site, config, templates, counts). Entities are hashed whole, so a context that
/// starts to show another field of them stays covered; a context that starts to read *other*
/// entities must be matched here (the random-edit tests compare against clean builds). The
/// index and each page of an overview hash the summaries they list; Markdown pages and the 404
/// page have no key and always build their context (they are few and small).
pub(super) struct Neighbourhoods {
    global: u64,
    /// What every claim's exports see of the dossier as a whole (configuration, base URL).
    exports_global: u64,
    claims: Vec<u64>,
    sources: Vec<u64>,
    source_members: Vec<u64>,
    topics: Vec<u64>,
    topic_members: Vec<u64>,
    origins: Vec<u64>,
    origin_members: Vec<u64>,
    /// Per same-origin group (by its first claim): its sources, which every claim page of the
    /// group lists as appearances in its `ClaimReview`.
    group_sources: HashMap<ClaimId, u64>,
    all_sources: u64,
    all_origins: u64,
    all_topics: u64,
    verdict_counts: u64,
}

impl Neighbourhoods {
    pub(super) fn new(dossier: &Dossier, prepared: &Prepared<'_>, site_and_templates: u64) -> Self {
        let claims: Vec<u64> = (0..dossier.claims.len())
            .into_par_iter()
            .map(|c| hash_all(&[hash_json(&dossier.claims[c]), hash_json(&prepared.claims[c])]))
            .collect();
        let sources: Vec<u64> = (0..dossier.sources.len())
            .into_par_iter()
            .map(|s| {
                let text = hash_bytes(dossier.sources[s].text.as_bytes());
                hash_all(&[
                    hash_json(&dossier.sources[s]),
                    hash_json(&prepared.sources[s]),
                    Some(text),
                ])
            })
            .collect();
        let topics: Vec<u64> = (0..dossier.topics.len())
            .map(|t| hash_all(&[hash_json(&dossier.topics[t]), hash_json(&prepared.topics[t])]))
            .collect();
        let origins: Vec<u64> = (0..dossier.origins.len())
            .map(|o| hash_all(&[hash_json(&dossier.origins[o]), hash_json(&prepared.origins[o])]))
            .collect();
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
        let global = hash_all(&[
            Some(site_and_templates),
            hash_json(&dossier.config),
            hash_json(&dossier.pages),
            hash_json(&prepared.base_url),
            hash_json(&prepared.lang),
            Some(dossier.claims.len() as u64),
            Some(dossier.sources.len() as u64),
            Some(dossier.topics.len() as u64),
            Some(dossier.origins.len() as u64),
        ]);
        let exports_global = hash_all(&[
            hash_json(&dossier.config),
            hash_json(&prepared.base_url),
            hash_json(&prepared.lang),
        ]);
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
        Self {
            global,
            exports_global,
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

    /// The key of what a claim's exports show (`render::exports::ClaimExport`): the claim, its
    /// source, topic, origins and the claims it links, the configuration and the base URL.
    /// `None` when a part could not be hashed: the claim's exports are then made anew.
    pub(super) fn claim_export_key(&self, dossier: &Dossier, c: ClaimId) -> Option<u64> {
        let claim = &dossier.claims[c];
        let mut parts = vec![
            Some(self.exports_global),
            self.claims.get(c.index()).copied(),
            self.sources.get(claim.source.index()).copied(),
            self.topics.get(claim.topic.index()).copied(),
        ];
        parts.extend(
            claim
                .origin
                .iter()
                .chain(&claim.via)
                .map(|o| self.origins.get(o.index()).copied()),
        );
        parts.extend(
            claim
                .links
                .iter()
                .map(|link| self.claims.get(link.claim.index()).copied()),
        );
        parts.iter().all(Option::is_some).then(|| hash_all(&parts))
    }

    /// The key of a page's neighbourhood: for entity pages, the index and the pages of the
    /// overviews; `None` for the others (and when a part cannot be hashed).
    pub(super) fn page_key(&self, dossier: &Dossier, page: &PagePlan) -> Option<u64> {
        let mut parts: Vec<Option<u64>> = vec![Some(self.global), Some(hash_bytes(page.path.as_bytes()))];
        match page.kind {
            PageKind::Claim(c) => {
                let claim = dossier.claims.get(c.index())?;
                parts.extend([Some(1), self.claims.get(c.index()).copied()]);
                parts.extend([
                    self.sources.get(claim.source.index()).copied(),
                    self.source_members.get(claim.source.index()).copied(),
                ]);
                parts.extend([
                    self.topics.get(claim.topic.index()).copied(),
                    self.topic_members.get(claim.topic.index()).copied(),
                ]);
                for origin in claim.origin.iter().chain(&claim.via) {
                    parts.extend([
                        self.origins.get(origin.index()).copied(),
                        self.origin_members.get(origin.index()).copied(),
                    ]);
                }
                parts.extend(
                    claim
                        .links
                        .iter()
                        .map(|link| self.claims.get(link.claim.index()).copied()),
                );
                parts.push(self.group_sources.get(&claim.origin_group).copied());
            }
            PageKind::Source(s) => {
                let source = dossier.sources.get(s.index())?;
                parts.extend([
                    Some(2),
                    self.sources.get(s.index()).copied(),
                    self.source_members.get(s.index()).copied(),
                ]);
                for &c in &source.claims {
                    let claim = dossier.claims.get(c.index())?;
                    parts.push(self.topics.get(claim.topic.index()).copied());
                    parts.extend(
                        claim
                            .origin
                            .iter()
                            .chain(&claim.via)
                            .map(|o| self.origins.get(o.index()).copied()),
                    );
                }
            }
            PageKind::Topic(t) => {
                parts.extend([
                    Some(3),
                    self.topics.get(t.index()).copied(),
                    self.topic_members.get(t.index()).copied(),
                ]);
                parts.extend([Some(self.all_sources), Some(self.all_origins)]);
            }
            PageKind::Origin(o) => {
                parts.extend([
                    Some(4),
                    self.origins.get(o.index()).copied(),
                    self.origin_members.get(o.index()).copied(),
                ]);
            }
            PageKind::List(section, number) => {
                let hashes = match section {
                    Section::Claims => &self.claims,
                    Section::Sources => &self.sources,
                    Section::Topics => &self.topics,
                    Section::Origins => &self.origins,
                };
                let start = (number * LIST_PAGE_SIZE).min(hashes.len());
                let end = (start + LIST_PAGE_SIZE).min(hashes.len());
                parts.extend([Some(5), Some(number as u64)]);
                parts.extend(hashes[start..end].iter().copied().map(Some));
            }
            PageKind::Index => parts.extend([
                Some(6),
                Some(self.all_sources),
                Some(self.all_origins),
                Some(self.all_topics),
                Some(self.verdict_counts),
            ]),
            PageKind::Markdown(_) | PageKind::NotFound => return None,
        }
        // A part that could not be hashed makes the page build its context.
        parts.iter().all(Option::is_some).then(|| hash_all(&parts))
    }
}

/// One hash of several (a missing one counts as a distinct value).
fn hash_all(parts: &[Option<u64>]) -> u64 {
    let mut hasher = std::hash::DefaultHasher::new();
    parts.hash(&mut hasher);
    hasher.finish()
}

fn hash_bytes(bytes: &[u8]) -> u64 {
    let mut hasher = std::hash::DefaultHasher::new();
    hasher.write(bytes);
    hasher.finish()
}

/// A page's fingerprint, or `None` when its context cannot be serialised (it is then rendered,
/// and the renderer reports the problem).
pub(super) fn page_fingerprint(site_hash: u64, template_hash: Option<u64>, data: &PageData) -> Option<u64> {
    let context_hash = hash_json(data)?;
    let mut hasher = std::hash::DefaultHasher::new();
    (site_hash, template_hash, context_hash).hash(&mut hasher);
    // Never collide with the marker of pages that have no fingerprint.
    Some(hasher.finish().max(1))
}

/// A hasher fed through `io::Write`, so values are hashed as they are serialised.
struct HashWriter(std::hash::DefaultHasher);

impl Write for HashWriter {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.write(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The hash of `value`'s JSON form.
pub(super) fn hash_json<T: Serialize>(value: &T) -> Option<u64> {
    let mut writer = std::io::BufWriter::with_capacity(16 * 1024, HashWriter(std::hash::DefaultHasher::new()));
    serde_json::to_writer(&mut writer, value).ok()?;
    let writer = writer.into_inner().ok()?;
    Some(writer.0.finish())
}

/// The hash of every file under `templates/`, as stored (text or bytes).
pub(super) fn templates_key(input: &InputFiles) -> u64 {
    let mut hasher = std::hash::DefaultHasher::new();
    for (key, content) in input.files.range(TEMPLATES_DIR.to_owned()..) {
        if !key.starts_with(TEMPLATES_DIR) {
            break;
        }
        key.hash(&mut hasher);
        match content {
            FileContent::Text(text) => (0u8, text.as_bytes()).hash(&mut hasher),
            FileContent::Bytes(bytes) => (1u8, &bytes[..]).hash(&mut hasher),
        }
    }
    hasher.finish()
}

/// For each template, a hash of its text and the texts of every template it can reach.
///
/// Tera resolves `extends` and `include` by literal name, and components by name from whichever
/// template defines them; so a template reaches another if its text contains the other's name,
/// or the name of a component the other defines. That over-approximates (a name in a comment
/// counts too), which only ever re-renders a page more than needed.
pub fn template_closure_hashes(texts: &BTreeMap<String, &str>) -> HashMap<String, u64> {
    let names: Vec<&String> = texts.keys().collect();
    let components: Vec<Vec<String>> = names.iter().map(|name| defined_components(texts[*name])).collect();
    let direct: Vec<Vec<usize>> = names
        .iter()
        .map(|name| {
            let text = texts[*name];
            (0..names.len())
                .filter(|&other| {
                    names[other] != *name
                        && (text.contains(names[other].as_str())
                            || components[other].iter().any(|c| contains_word(text, c)))
                })
                .collect()
        })
        .collect();
    let mut hashes = HashMap::with_capacity(names.len());
    for (start, name) in names.iter().enumerate() {
        let mut reached = BTreeSet::from([start]);
        let mut stack = vec![start];
        while let Some(current) = stack.pop() {
            for &next in &direct[current] {
                if reached.insert(next) {
                    stack.push(next);
                }
            }
        }
        let mut hasher = std::hash::DefaultHasher::new();
        for index in reached {
            (names[index], texts[names[index]]).hash(&mut hasher);
        }
        hashes.insert((*name).clone(), hasher.finish());
    }
    hashes
}

/// Names of the components a template defines: `{% component NAME(...) %}`.
fn defined_components(text: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("{%") {
        rest = &rest[start + 2..];
        let tag = rest.trim_start_matches(['-', '+', '~']).trim_start();
        if let Some(after) = tag.strip_prefix("component")
            && after.starts_with(char::is_whitespace)
        {
            let name: String = after
                .trim_start()
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == '.')
                .collect();
            if !name.is_empty() {
                names.push(name);
            }
        }
    }
    names
}

/// Whether `word` occurs in `text` not as part of a longer identifier.
fn contains_word(text: &str, word: &str) -> bool {
    let is_ident = |c: char| c.is_alphanumeric() || c == '_';
    text.match_indices(word).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + word.len()..].chars().next();
        !before.is_some_and(is_ident) && !after.is_some_and(is_ident)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn component_definitions_are_found() {
        let text = "{% component badge(verdict) %}x{% endcomponent %}\n{%- component claim_list(claims) -%}{% endcomponent %}{% if component %}";
        assert_eq!(defined_components(text), ["badge", "claim_list"]);
    }

    #[test]
    fn words_are_whole() {
        assert!(contains_word("{{<badge verdict=v />}}", "badge"));
        assert!(!contains_word("{{ badges }}", "badge"));
        assert!(!contains_word("{{ my_badge }}", "badge"));
    }

    #[test]
    fn a_template_hash_covers_what_it_reaches_and_nothing_else() {
        let base = "<html>{% block body %}{% endblock %}</html>";
        let components = "{% component badge(v) %}<b>{{ v }}</b>{% endcomponent %}";
        let claim = "{% extends \"base.html\" %}{% block body %}{{<badge v=1 />}}{% endblock %}";
        let list = "{% extends \"base.html\" %}{% block body %}list{% endblock %}";
        let texts =
            |base: &'static str, components: &'static str, claim: &'static str| -> BTreeMap<String, &'static str> {
                BTreeMap::from([
                    ("base.html".to_owned(), base),
                    ("components.html".to_owned(), components),
                    ("claim.html".to_owned(), claim),
                    ("list.html".to_owned(), list),
                ])
            };
        let before = template_closure_hashes(&texts(base, components, claim));
        let component_changed = template_closure_hashes(&texts(
            base,
            "{% component badge(v) %}<i>{{ v }}</i>{% endcomponent %}",
            claim,
        ));
        assert_ne!(
            before["claim.html"], component_changed["claim.html"],
            "claim.html uses the component"
        );
        assert_eq!(
            before["list.html"], component_changed["list.html"],
            "list.html does not"
        );
        let base_changed = template_closure_hashes(&texts(
            "<html lang=x>{% block body %}{% endblock %}</html>",
            components,
            claim,
        ));
        assert_ne!(before["list.html"], base_changed["list.html"]);
        assert_ne!(before["claim.html"], base_changed["claim.html"]);
        assert_eq!(before["components.html"], base_changed["components.html"]);
    }
}
