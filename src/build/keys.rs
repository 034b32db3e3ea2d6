//! Cache keys of the pipeline's optional caches (see [`super::Caches`]): each page's
//! neighbourhood in the dossier and each claim's exports ([`Neighbourhoods`], which asks the
//! keys that live beside the page builders in `render::pages`), each page's fingerprint, and the
//! templates a template can reach. A key must cover everything the value it guards is made
//! from; the random-edit tests in `tests/serve.rs` compare the cached pipeline with
//! `dossier build` after long sequences of edits.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::hash::{Hash, Hasher};

use crate::load::{FileContent, InputFiles, STATIC_DIR, TEMPLATES_DIR};
use crate::model::{ClaimId, Dossier};
use crate::render::exports::ClaimExport;
use crate::render::{self, EntityHashes, PageData, PagePlan, Prepared};

pub(super) use crate::render::hash_value;

/// Cheap keys of each page's neighbourhood in the dossier, so that pages far from a change are
/// kept without building their contexts, and of each claim's exports.
///
/// The keys themselves live beside what they guard: each page kind's `key` beside its builder
/// in `render/pages/<kind>.rs` (picked by [`render::page_key`]), the exports' key beside them
/// ([`ClaimExport::key`]); both in the terms of [`EntityHashes`], the dossier's entities hashed
/// once per run. This only holds the hashes and asks.
pub(super) struct Neighbourhoods {
    hashes: EntityHashes,
}

impl Neighbourhoods {
    /// `site_and_templates`: a hash of the site's context and the templates, which every page
    /// sees.
    pub(super) fn new(dossier: &Dossier, prepared: &Prepared<'_>, site_and_templates: u64) -> Self {
        Self {
            hashes: EntityHashes::new(dossier, prepared, site_and_templates),
        }
    }

    /// [`Neighbourhoods::new`] with the article texts' hashes that `texts` remembers from the
    /// last run (the serve engine's: see [`render::TextHashes`]).
    pub(super) fn remembering(
        dossier: &Dossier,
        prepared: &Prepared<'_>,
        site_and_templates: u64,
        texts: &mut render::TextHashes,
    ) -> Self {
        Self {
            hashes: EntityHashes::remembering(dossier, prepared, site_and_templates, texts),
        }
    }

    /// The key of what claim `c`'s exports show; `None` when a part could not be hashed (the
    /// claim's exports are then made anew).
    pub(super) fn claim_export_key(&self, dossier: &Dossier, c: ClaimId) -> Option<u64> {
        ClaimExport::key(&self.hashes, dossier, c)
    }

    /// The key of what every export file is made from ([`render::exports::files_key`]).
    pub(super) fn exports_key(&self, dossier: &Dossier, pages: &[PagePlan]) -> Option<u64> {
        render::exports::files_key(&self.hashes, dossier, pages)
    }

    /// The key of a page's neighbourhood; `None` for Markdown pages and the 404 page (and when
    /// a part cannot be hashed): their contexts are always built.
    pub(super) fn page_key(&self, dossier: &Dossier, page: &PagePlan) -> Option<u64> {
        render::page_key(&self.hashes, dossier, page)
    }
}

/// A page's fingerprint, or `None` when its context cannot be serialised (it is then rendered,
/// and the renderer reports the problem).
pub(super) fn page_fingerprint(site_hash: u64, template_hash: Option<u64>, data: &PageData) -> Option<u64> {
    let context_hash = hash_value(data)?;
    let mut hasher = std::hash::DefaultHasher::new();
    (site_hash, template_hash, context_hash).hash(&mut hasher);
    // Never collide with the marker of pages that have no fingerprint.
    Some(hasher.finish().max(1))
}

/// The hash of every file under `templates/`, as stored (text or bytes).
pub(super) fn templates_key(input: &InputFiles) -> u64 {
    folder_key(input, TEMPLATES_DIR)
}

/// The hash of every file under `static/`, as stored: with the program (which the build cache
/// is kept for) all the static files are made from.
pub(super) fn static_files_key(input: &InputFiles) -> u64 {
    folder_key(input, STATIC_DIR)
}

/// The hash of every input file under `folder` (names and contents, text or bytes).
fn folder_key(input: &InputFiles, folder: &str) -> u64 {
    let mut hasher = std::hash::DefaultHasher::new();
    for (key, content) in input.files.range(folder.to_owned()..) {
        if !key.starts_with(folder) {
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
