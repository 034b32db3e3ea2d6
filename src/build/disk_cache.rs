//! The build cache: what `dossier build` keeps between processes, so that a build with
//! nothing or little changed renders only what changed. For every page of the last good build
//! it records the page's keys (its neighbourhood key and its fingerprint, the same keys the
//! serve engine's [`Caches`](super::Caches) use, from [`super::keys`]), the content hash of the
//! bytes it wrote, and hashes of the page's links and ids (for the link check); and the paths of
//! the other files, and for each group of them made together (the exports, the static files) the
//! key of its inputs and its files' content hashes. No page bytes: a kept page is taken from the output folder, and only while
//! the output still holds exactly those bytes ([`PreviousOutput::holds`]). Its second line is
//! the record of the whole build ([`super::last_build`]: a fingerprint of its inputs and what it
//! reported), which a build or `check` of the same inputs replays without reading the rest.
//!
//! The file (`pages`) lives in a folder beside the output folder (`.NAME.cache/`, like the
//! staging folder `.NAME.staging`): never inside the output, which is deployed; one per output
//! folder, so a build with other flags into another folder has its own; a folder, so a build
//! killed while writing it leaves no temporary file beside the output. Its first line names the format, the
//! program (version and binary), the flags the output depends on and a probe of the hash
//! function; its last line counts the lines and hashes the rest. A cache that does not match in
//! every one of them (another version, other flags, a truncated or edited file) is ignored: the
//! build then renders everything, as without a cache.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt::Write as _;
use std::hash::{Hash, Hasher};
use std::path::Path;

use crate::linkcheck::PageLinks;
use crate::write::{self, WriteError, content_hash, io, replace_file};

/// The format of the file; another number is another format.
const FORMAT: u32 = 4;

/// The file in the cache folder that holds the pages' record.
const PAGES_FILE: &str = "pages";

/// What the output depends on besides the dossier's files: a cache made under other flags is
/// not used.
#[derive(Debug, Clone, Default, Hash)]
pub struct CacheScope {
    /// `--base-url`, as given (normalised).
    pub base_url: Option<String>,
    /// Whether links out of the dossier folder are followed.
    pub follow_outside_links: bool,
}

/// What the build cache records of one page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct CachedPage {
    /// The page's neighbourhood key (see [`super::keys::Neighbourhoods`]), if it has one.
    pub(super) input_key: Option<u64>,
    /// Its fingerprint (context and templates), if it has one.
    pub(super) fingerprint: Option<u64>,
    /// The content hash of its bytes, as in the output's manifest.
    pub(super) content: u64,
    /// A hash of its links.
    pub(super) links: u64,
    /// A hash of its ids.
    pub(super) ids: u64,
}

impl CachedPage {
    /// A file without links (a share image), whose key covers all it shows: the key is its
    /// fingerprint too.
    pub(super) fn of_bytes(input_key: Option<u64>, bytes: &[u8]) -> Self {
        let none = PageLinks::default();
        Self {
            input_key,
            fingerprint: input_key,
            content: content_hash(bytes),
            links: hash_of(&none.links),
            ids: hash_of(&none.ids),
        }
    }

    /// The record of a page just rendered as `html` with `links`.
    pub(super) fn of(input_key: Option<u64>, fingerprint: Option<u64>, html: &str, links: &PageLinks) -> Self {
        Self {
            // A page without a fingerprint is rendered every time: no key either.
            input_key: fingerprint.and(input_key),
            fingerprint,
            content: content_hash(html.as_bytes()),
            links: hash_of(&links.links),
            ids: hash_of(&links.ids),
        }
    }
}

/// What the build cache records of a group of files beside the pages made together from the
/// same inputs (see `pipeline::SideGroup`): kept from the output while the key is unchanged.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct CachedGroup {
    /// The key of everything the group's files are made from.
    pub(super) key: u64,
    /// Each file's path and the content hash of its bytes.
    pub(super) files: Vec<(String, u64)>,
}

/// Every page of a good build (with its keys), the other files' paths, and the groups of those
/// (by name) whose inputs had a key.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct BuildCache {
    /// The record of the whole build, one line of JSON (see [`super::last_build`]).
    pub(super) last_build: Option<String>,
    pub(super) pages: HashMap<String, CachedPage>,
    pub(super) others: BTreeSet<String>,
    pub(super) groups: BTreeMap<String, CachedGroup>,
}

impl BuildCache {
    /// Pages in the cache.
    pub fn pages(&self) -> usize {
        self.pages.len()
    }

    /// The cache in the cache folder `dir` (see [`write::cache_folder`]), if the folder is to
    /// be trusted and the cache whole and made by this program under `scope`.
    pub fn read_from(dir: &Path, scope: &CacheScope) -> Option<Self> {
        match write::trusted_cache_folder(dir) {
            Ok(true) => Self::read(&dir.join(PAGES_FILE), scope),
            _ => None,
        }
    }

    /// The record of the whole build ([`super::last_build`]) in the cache folder `dir`, if the
    /// folder is to be trusted and the cache whole and made by this program under `scope`: the
    /// cache is read and its check sum verified, the pages' lines are not parsed.
    pub(super) fn read_last_build(dir: &Path, scope: &CacheScope) -> Option<String> {
        if !matches!(write::trusted_cache_folder(dir), Ok(true)) {
            return None;
        }
        let file = dir.join(PAGES_FILE);
        if !std::fs::symlink_metadata(&file).ok()?.is_file() {
            return None;
        }
        let text = std::fs::read_to_string(&file).ok()?;
        let mut lines = verified_body(&text, scope)?;
        lines.next()?.strip_prefix("r ").map(str::to_owned)
    }

    /// Writes the cache into the cache folder `dir`, made if missing.
    pub fn write_into(&self, dir: &Path, scope: &CacheScope) -> Result<(), WriteError> {
        write::prepare_cache_folder(dir)?;
        self.write(&dir.join(PAGES_FILE), scope)
    }

    /// The cache in `file`, if it is one this program made under `scope`, whole; `None`
    /// otherwise (absent, another version or flags, truncated, edited, not a regular file).
    pub fn read(file: &Path, scope: &CacheScope) -> Option<Self> {
        let meta = std::fs::symlink_metadata(file).ok()?;
        if !meta.is_file() {
            return None;
        }
        let text = std::fs::read_to_string(file).ok()?;
        Self::parse(&text, scope)
    }

    /// Writes the cache to `file` (a new file renamed over the old one, never through a link).
    /// A site with a file whose path the format cannot hold (a line break) gets no cache: the
    /// old one is removed, so the next build renders everything.
    pub fn write(&self, file: &Path, scope: &CacheScope) -> Result<(), WriteError> {
        match self.to_text(scope) {
            Some(text) => replace_file(file, text.as_bytes(), false).map_err(io(file)),
            None => match std::fs::remove_file(file) {
                Err(error) if error.kind() != std::io::ErrorKind::NotFound => Err(io(file)(error)),
                _ => Ok(()),
            },
        }
    }

    fn to_text(&self, scope: &CacheScope) -> Option<String> {
        let unsafe_path = |path: &String| path.contains(['\n', '\r']);
        if self.last_build.as_ref().is_some_and(unsafe_path) {
            return None;
        }
        let unsafe_group = |(name, group): (&String, &CachedGroup)| {
            name.contains([' ', '\n', '\r']) || group.files.iter().any(|(path, _)| unsafe_path(path))
        };
        if self.pages.keys().any(unsafe_path)
            || self.others.iter().any(unsafe_path)
            || self.groups.iter().any(unsafe_group)
        {
            return None;
        }
        let mut text = header(scope);
        if let Some(record) = &self.last_build {
            let _ = writeln!(text, "r {record}");
        }
        let mut paths: Vec<&String> = self.pages.keys().collect();
        paths.sort();
        let optional = |value: Option<u64>| value.map_or_else(|| "-".to_owned(), |v| format!("{v:016x}"));
        for path in paths {
            let page = &self.pages[path];
            let _ = writeln!(
                text,
                "p {} {} {:016x} {:016x} {:016x} {path}",
                optional(page.input_key),
                optional(page.fingerprint),
                page.content,
                page.links,
                page.ids
            );
        }
        for path in &self.others {
            let _ = writeln!(text, "o {path}");
        }
        for (name, group) in &self.groups {
            let _ = writeln!(text, "g {:016x} {name}", group.key);
            for (path, content) in &group.files {
                let _ = writeln!(text, "f {content:016x} {path}");
            }
        }
        let lines = text.lines().count();
        let hash = content_hash(text.as_bytes());
        let _ = writeln!(text, "end {lines} {hash:016x}");
        Some(text)
    }

    fn parse(text: &str, scope: &CacheScope) -> Option<Self> {
        let body_lines = verified_body(text, scope)?;
        let mut cache = Self::default();
        // The group the `f` lines that follow a `g` line belong to.
        let mut group: Option<&mut CachedGroup> = None;
        for line in body_lines {
            if let Some(record) = line.strip_prefix("r ") {
                cache.last_build = Some(record.to_owned());
                continue;
            }
            if let Some(path) = line.strip_prefix("o ") {
                cache.others.insert(path.to_owned());
                continue;
            }
            if let Some(rest) = line.strip_prefix("g ") {
                let (key, name) = rest.split_once(' ')?;
                let entry = cache.groups.entry(name.to_owned()).or_default();
                entry.key = hex(key)?;
                group = Some(entry);
                continue;
            }
            if let Some(rest) = line.strip_prefix("f ") {
                let (content, path) = rest.split_once(' ')?;
                group.as_mut()?.files.push((path.to_owned(), hex(content)?));
                continue;
            }
            let mut fields = line.strip_prefix("p ")?.splitn(6, ' ');
            let mut next = || fields.next();
            let optional = |field: &str| if field == "-" { Some(None) } else { hex(field).map(Some) };
            let page = CachedPage {
                input_key: optional(next()?)?,
                fingerprint: optional(next()?)?,
                content: hex(next()?)?,
                links: hex(next()?)?,
                ids: hex(next()?)?,
            };
            cache.pages.insert(next()?.to_owned(), page);
        }
        Some(cache)
    }
}

/// The lines of the cache `text` after the first, if it is whole (its last line counts the lines
/// and hashes the rest) and its first line is this program's under `scope`.
fn verified_body<'t>(text: &'t str, scope: &CacheScope) -> Option<std::str::Lines<'t>> {
    let body_end = text.trim_end_matches('\n').rfind('\n')? + 1;
    let (body, trailer) = text.split_at(body_end);
    let mut trailer = trailer.strip_suffix('\n')?.split(' ');
    let (Some("end"), Some(lines), Some(hash), None) = (trailer.next(), trailer.next(), trailer.next(), trailer.next())
    else {
        return None;
    };
    if lines.parse::<usize>().ok()? != body.lines().count() || hex(hash)? != content_hash(body.as_bytes()) {
        return None;
    }
    let mut body_lines = body.lines();
    if format!("{}\n", body_lines.next()?) != header(scope) {
        return None;
    }
    Some(body_lines)
}

/// The first line: format, program, flags, and a probe of the hash functions (the keys are
/// only comparable if they hash as they did).
fn header(scope: &CacheScope) -> String {
    format!(
        "dossier build cache {FORMAT} {} {:016x} {:016x} {:016x} {:016x}\n",
        env!("CARGO_PKG_VERSION"),
        program_identity(),
        hash_of(scope),
        hash_of(&"dossier build cache probe"),
        crate::render::hash_value(&"dossier build cache probe").unwrap_or(0),
    )
}

/// The running program's size and modification time: a program built anew (rendering code
/// changed, same version number) does not trust its predecessor's keys.
fn program_identity() -> u64 {
    let meta = std::env::current_exe().and_then(std::fs::metadata);
    let identity = meta.map(|meta| (meta.len(), meta.modified().ok())).ok();
    hash_of(&identity)
}

pub(super) fn hash_of<T: Hash + ?Sized>(value: &T) -> u64 {
    let mut hasher = std::hash::DefaultHasher::new();
    value.hash(&mut hasher);
    hasher.finish()
}

fn hex(field: &str) -> Option<u64> {
    (field.len() == 16)
        .then(|| u64::from_str_radix(field, 16).ok())
        .flatten()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> BuildCache {
        let mut cache = BuildCache {
            last_build: Some("{\"inputs\":\"ab\"}".into()),
            ..BuildCache::default()
        };
        let links = PageLinks {
            links: crate::linkcheck::Strings::from(["../x/"]),
            ids: crate::linkcheck::Strings::from(["top"]),
        };
        cache.pages.insert(
            "claims/a/index.html".into(),
            CachedPage::of(Some(1), Some(2), "<p>a</p>", &links),
        );
        cache
            .pages
            .insert("about/index.html".into(), CachedPage::of(None, Some(3), "b", &links));
        cache
            .pages
            .insert("404.html".into(), CachedPage::of(Some(4), None, "c", &links));
        cache.others.insert("claims.csv".into());
        cache.others.insert("static/a b.css".into());
        cache.groups.insert(
            "exports".into(),
            CachedGroup {
                key: 7,
                files: vec![("claims.csv".into(), 8)],
            },
        );
        cache.groups.insert(
            "static".into(),
            CachedGroup {
                key: 9,
                files: vec![("static/a b.css".into(), 10)],
            },
        );
        cache
    }

    #[test]
    fn a_cache_reads_back_as_written_under_the_same_scope_only() {
        let tmp = tempfile::tempdir().unwrap();
        let file = tmp.path().join(".public.cache");
        let scope = CacheScope::default();
        let cache = sample();
        cache.write(&file, &scope).unwrap();
        let read = BuildCache::read(&file, &scope).expect("read back");
        assert_eq!(read, cache);
        let dir = tmp.path().join(".public.cache");
        std::fs::remove_file(&file).unwrap();
        cache.write_into(&dir, &scope).unwrap();
        assert_eq!(BuildCache::read_last_build(&dir, &scope), cache.last_build);
        assert_eq!(read.pages["404.html"].input_key, None, "no key without a fingerprint");
        let other = CacheScope {
            base_url: Some("https://example.org/x/".into()),
            ..CacheScope::default()
        };
        assert_eq!(BuildCache::read(&file, &other), None, "other flags");
    }

    #[test]
    fn a_damaged_or_foreign_cache_is_ignored() {
        let scope = CacheScope::default();
        let text = sample().to_text(&scope).unwrap();
        assert!(BuildCache::parse(&text, &scope).is_some());
        for cut in [0, 1, 10, text.len() / 2, text.len() - 1] {
            assert_eq!(BuildCache::parse(&text[..cut], &scope), None, "truncated at {cut}");
        }
        let edited = text.replacen("claims/a/", "claims/b/", 1);
        assert_eq!(BuildCache::parse(&edited, &scope), None, "edited");
        let older = text.replacen(&format!(" {} ", env!("CARGO_PKG_VERSION")), " 0.0.1 ", 1);
        assert_ne!(older, text);
        assert_eq!(BuildCache::parse(&older, &scope), None, "another version");
        assert_eq!(BuildCache::parse("\u{0}\u{ff}garbage\n\n", &scope), None);
        let tmp = tempfile::tempdir().unwrap();
        assert_eq!(BuildCache::read(tmp.path(), &scope), None, "a folder");
    }

    #[test]
    fn a_path_with_a_line_break_leaves_no_cache() {
        let tmp = tempfile::tempdir().unwrap();
        let file = tmp.path().join(".public.cache");
        let scope = CacheScope::default();
        sample().write(&file, &scope).unwrap();
        let mut cache = sample();
        cache.others.insert("static/a\nb".into());
        cache.write(&file, &scope).unwrap();
        assert!(!file.exists());
        let mut cache = sample();
        cache
            .groups
            .get_mut("static")
            .unwrap()
            .files
            .push(("static/a\rb".into(), 1));
        cache.write(&file, &scope).unwrap();
        assert!(!file.exists(), "in a group too");
    }
}
