//! Identifiers: the indices entities refer to each other by, and what an id written in a file
//! may be (URL-safe, never a Windows device name), since ids become paths of the site.

use std::cell::RefCell;
use std::sync::Arc;

use serde::{Serialize, Serializer};

use super::types::{Claim, Dossier, Measure, Origin, Page, Source, Topic, Verdict};

/// The ids of a dossier's claims, sources, topics and origins, by index. While installed on a
/// thread ([`IdNames::install`]), an index of those kinds serialises as the id of the entity it
/// points to rather than as the bare number: what cache keys hash, so that a claim added at the
/// start of the dossier (every later index shifted) leaves the hashes of unchanged entities
/// unchanged. Indices of verdicts, measures and pages stay numbers (their order is the order
/// the dossier declares them in, part of what a page shows).
#[derive(Debug, Default)]
pub struct IdNames {
    claims: Vec<Box<str>>,
    sources: Vec<Box<str>>,
    topics: Vec<Box<str>>,
    origins: Vec<Box<str>>,
}

thread_local! {
    /// The names installed on this thread, if any.
    static INSTALLED: RefCell<Option<Arc<IdNames>>> = const { RefCell::new(None) };
}

impl IdNames {
    /// The ids of `dossier`'s entities.
    pub fn of(dossier: &Dossier) -> Arc<Self> {
        let ids = |ids: &mut dyn Iterator<Item = &String>| ids.map(|id| Box::from(id.as_str())).collect();
        Arc::new(Self {
            claims: ids(&mut dossier.claims.iter().map(|c| &c.id)),
            sources: ids(&mut dossier.sources.iter().map(|s| &s.id)),
            topics: ids(&mut dossier.topics.iter().map(|t| &t.id)),
            origins: ids(&mut dossier.origins.iter().map(|o| &o.id)),
        })
    }

    /// Runs `f` with these names installed on the current thread (the ones installed before
    /// are restored afterwards, also when `f` panics). `f` must not hand work to other threads:
    /// they would serialise bare numbers.
    pub fn install<R>(self: &Arc<Self>, f: impl FnOnce() -> R) -> R {
        struct Restore(Option<Arc<IdNames>>);
        impl Drop for Restore {
            fn drop(&mut self) {
                let previous = self.0.take();
                INSTALLED.with(|cell| *cell.borrow_mut() = previous);
            }
        }
        let _restore = Restore(INSTALLED.with(|cell| cell.replace(Some(Arc::clone(self)))));
        f()
    }
}

/// The ids of one kind of entity, picked from [`IdNames`].
type PickNames = fn(&IdNames) -> &[Box<str>];

/// Serialises index `index` of the kind `names` picks: the entity's id while [`IdNames`] are
/// installed (and know it), else the number.
fn serialize_index<S: Serializer>(
    index: usize,
    names: Option<PickNames>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    let Some(names) = names else {
        return serializer.serialize_u64(index as u64);
    };
    INSTALLED.with(|cell| {
        let installed = cell.borrow();
        match installed.as_deref().and_then(|installed| names(installed).get(index)) {
            Some(id) => serializer.serialize_str(id),
            None => serializer.serialize_u64(index as u64),
        }
    })
}

/// An index type for one kind of entity: a `usize` that indexes only a slice or `Vec` of that
/// entity, so a claim's index can never look up a source. Serialised as the bare number (or,
/// for the kinds with ids in [`IdNames`], as the id while those are installed).
macro_rules! index_type {
    ($(#[$doc:meta])* $name:ident => $entity:ty, named $field:ident) => {
        index_type!(@type $(#[$doc])* $name => $entity);

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                fn names(names: &IdNames) -> &[Box<str>] {
                    &names.$field
                }
                serialize_index(self.0, Some(names), serializer)
            }
        }
    };
    ($(#[$doc:meta])* $name:ident => $entity:ty) => {
        index_type!(@type $(#[$doc])* $name => $entity);

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serialize_index(self.0, None, serializer)
            }
        }
    };
    (@type $(#[$doc:meta])* $name:ident => $entity:ty) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
        pub struct $name(usize);

        impl $name {
            /// The id of the entity at `index`.
            pub const fn new(index: usize) -> Self {
                Self(index)
            }

            /// The position of the entity in its list.
            pub const fn index(self) -> usize {
                self.0
            }
        }

        impl std::ops::Index<$name> for [$entity] {
            type Output = $entity;
            fn index(&self, id: $name) -> &$entity {
                &self[id.0]
            }
        }

        impl std::ops::IndexMut<$name> for [$entity] {
            fn index_mut(&mut self, id: $name) -> &mut $entity {
                &mut self[id.0]
            }
        }

        impl std::ops::Index<$name> for Vec<$entity> {
            type Output = $entity;
            fn index(&self, id: $name) -> &$entity {
                &self[id.0]
            }
        }

        impl std::ops::IndexMut<$name> for Vec<$entity> {
            fn index_mut(&mut self, id: $name) -> &mut $entity {
                &mut self[id.0]
            }
        }
    };
}

index_type!(
    /// Index of a source in [`super::Dossier::sources`].
    SourceId => Source, named sources
);
index_type!(
    /// Index of a claim in [`super::Dossier::claims`].
    ClaimId => Claim, named claims
);
index_type!(
    /// Index of a topic in [`super::Dossier::topics`].
    TopicId => Topic, named topics
);
index_type!(
    /// Index of an origin in [`super::Dossier::origins`].
    OriginId => Origin, named origins
);
index_type!(
    /// Index of a verdict in [`super::Config::verdicts`] (0 = best).
    VerdictId => Verdict
);
index_type!(
    /// Index of a measure in its topic's [`super::Topic::measures`].
    MeasureId => Measure
);
index_type!(
    /// Index of a Markdown page in [`super::Dossier::pages`].
    PageId => Page
);

/// Whether `id` is URL-safe: lower-case ASCII letters, digits and single inner hyphens.
pub fn is_url_safe_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 100
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !id.starts_with('-')
        && !id.ends_with('-')
        && !id.contains("--")
}

/// The Windows device name `name` stands for (`CON`, `PRN`, `AUX`, `NUL`, `COM1`–`COM9`,
/// `LPT1`–`LPT9`, in any case, with or without an extension), if any. A file or folder of that
/// name cannot be created, checked out or served on Windows or an SMB share, so such ids are
/// refused although Linux accepts them.
pub fn windows_reserved_name(name: &str) -> Option<String> {
    let stem = name.split('.').next().unwrap_or(name).trim_end_matches(' ');
    let upper = stem.to_ascii_uppercase();
    let reserved = matches!(upper.as_str(), "CON" | "PRN" | "AUX" | "NUL")
        || ((upper.starts_with("COM") || upper.starts_with("LPT")) && matches!(&upper.as_bytes()[3..], [b'1'..=b'9']));
    reserved.then_some(upper)
}

/// The problem with `id` as a path segment of the site, as (message tail, help): not URL-safe,
/// or a Windows device name.
pub(super) fn id_problem(id: &str) -> Option<(String, String)> {
    if !is_url_safe_id(id) {
        return Some((
            "is not URL-safe".to_owned(),
            format!(
                "use lower-case letters a-z, digits and single hyphens, e.g. `{}`",
                suggest_id(id)
            ),
        ));
    }
    windows_reserved_name(id).map(|device| {
        (
            format!("is the Windows device name {device}: the site could not be copied to, checked out or served from Windows"),
            format!("choose another, e.g. `{id}-1`"),
        )
    })
}

/// A URL-safe version of `id`, for hints.
pub fn suggest_id(id: &str) -> String {
    let mut out = String::new();
    for c in id.to_lowercase().chars() {
        let mapped = match c {
            'ä' => "ae".to_owned(),
            'ö' => "oe".to_owned(),
            'ü' => "ue".to_owned(),
            'ß' => "ss".to_owned(),
            c if c.is_ascii_alphanumeric() => c.to_string(),
            _ => "-".to_owned(),
        };
        out.push_str(&mapped);
    }
    let parts: Vec<&str> = out.split('-').filter(|p| !p.is_empty()).collect();
    let joined = parts.join("-");
    if joined.is_empty() { "my-id".to_owned() } else { joined }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_safe_ids() {
        assert!(is_url_safe_id("nk-troops-11000"));
        for bad in ["", "Nk", "a b", "../x", "a--b", "-a", "a-", "ä", "a/b", "a\0b"] {
            assert!(!is_url_safe_id(bad), "{bad:?} must be rejected");
        }
    }

    #[test]
    fn indices_serialise_as_ids_only_while_names_are_installed() {
        let names = Arc::new(IdNames {
            claims: vec!["first".into(), "second".into()],
            ..IdNames::default()
        });
        let json = |value: &(ClaimId, ClaimId, SourceId, VerdictId)| serde_json::to_string(value).expect("json");
        let value = (ClaimId::new(1), ClaimId::new(7), SourceId::new(0), VerdictId::new(1));
        assert_eq!(json(&value), "[1,7,0,1]");
        assert_eq!(names.install(|| json(&value)), r#"["second",7,0,1]"#);
        assert_eq!(json(&value), "[1,7,0,1]", "uninstalled afterwards");
        let inner = Arc::new(IdNames::default());
        names.install(|| {
            assert_eq!(inner.install(|| json(&value)), "[1,7,0,1]");
            assert_eq!(json(&value), r#"["second",7,0,1]"#, "the outer names restored");
        });
    }

    #[test]
    fn suggestions() {
        assert_eq!(suggest_id("Nordkorea Truppen!"), "nordkorea-truppen");
    }
}
