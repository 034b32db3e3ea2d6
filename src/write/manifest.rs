//! The manifest in an output folder's marker file ([`super::MARKER`]): a header line, then one
//! `HASH PATH` line per file of the site. `dossier build` trusts it to skip unchanged files and
//! `dossier serve` keeps it up to date; this module is the only one that knows its format.

use std::collections::BTreeMap;
use std::hash::{Hash, Hasher};
use std::path::Path;

use super::{MARKER, WriteError, changed_time, io, replace_file};

/// The first line of every marker file.
pub(crate) const MARKER_HEADER: &str = "dossier output folder: generated, replaced on every build\n";

/// The content hash of every file of a site, by output path.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Manifest {
    files: BTreeMap<String, u64>,
}

impl Manifest {
    /// The manifest of `dir`'s marker file (a regular file, never a link) and the file's
    /// status-change time (files changed after it are not trusted). Anything unreadable gives
    /// an empty manifest that trusts nothing.
    pub fn read(dir: &Path) -> (Self, i128) {
        let untrusted = (Self::default(), i128::MIN);
        let path = dir.join(MARKER);
        let Ok(meta) = std::fs::symlink_metadata(&path) else {
            return untrusted;
        };
        if !meta.is_file() {
            return untrusted;
        }
        let Ok(text) = std::fs::read_to_string(&path) else {
            return untrusted;
        };
        let files = text
            .lines()
            .skip(1)
            .filter_map(|line| {
                let (hash, path) = line.split_once(' ')?;
                Some((path.to_owned(), u64::from_str_radix(hash, 16).ok()?))
            })
            .collect();
        (Self { files }, changed_time(&meta))
    }

    /// Writes the marker file of `dir` with every hash (replaced and synced, so it is the
    /// newest file of the folder).
    pub fn write(&self, dir: &Path) -> Result<(), WriteError> {
        let mut text = String::from(MARKER_HEADER);
        for (path, hash) in &self.files {
            text.push_str(&format!("{hash:016x} {path}\n"));
        }
        write_marker(dir, &text)
    }

    /// Writes the marker file of `dir` with the header alone: a manifest that trusts nothing,
    /// written before files are touched so that a process killed half-way never leaves a
    /// manifest that lies.
    pub fn write_untrusting(dir: &Path) -> Result<(), WriteError> {
        write_marker(dir, MARKER_HEADER)
    }

    /// The hash of the file at `path`.
    pub fn get(&self, path: &str) -> Option<u64> {
        self.files.get(path).copied()
    }

    /// Files of `self` that `before` does not have with the same hash (new or changed), and
    /// files of `before` that `self` no longer has.
    pub fn differences(&self, before: &Manifest) -> (usize, usize) {
        let changed = self
            .files
            .iter()
            .filter(|(path, hash)| before.files.get(*path) != Some(hash))
            .count();
        let removed = before
            .files
            .keys()
            .filter(|path| !self.files.contains_key(*path))
            .count();
        (changed, removed)
    }

    /// Records the hash of the file at `path`.
    pub fn insert(&mut self, path: String, hash: u64) {
        self.files.insert(path, hash);
    }

    /// Forgets the file at `path`.
    pub fn remove(&mut self, path: &str) {
        self.files.remove(path);
    }

    /// Every file's path, in order.
    pub fn paths(&self) -> impl Iterator<Item = &str> {
        self.files.keys().map(String::as_str)
    }

    /// A hash of every path and content hash: equal for the same site (see
    /// [`super::content_hash`]: stable for one build of the tool).
    pub fn hash(&self) -> u64 {
        let mut hasher = std::hash::DefaultHasher::new();
        self.files.hash(&mut hasher);
        hasher.finish()
    }

    /// Number of files.
    pub fn len(&self) -> usize {
        self.files.len()
    }

    /// Whether there are no files.
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }
}

impl FromIterator<(String, u64)> for Manifest {
    fn from_iter<I: IntoIterator<Item = (String, u64)>>(iter: I) -> Self {
        Self {
            files: iter.into_iter().collect(),
        }
    }
}

fn write_marker(dir: &Path, text: &str) -> Result<(), WriteError> {
    let marker = dir.join(MARKER);
    replace_file(&marker, text.as_bytes(), true).map_err(io(&marker))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_manifest_reads_back_as_written_and_a_bare_header_trusts_nothing() {
        let tmp = tempfile::tempdir().unwrap();
        let manifest: Manifest = [
            ("index.html".to_owned(), 7),
            ("claims/a b/index.html".to_owned(), u64::MAX),
        ]
        .into_iter()
        .collect();
        manifest.write(tmp.path()).unwrap();
        assert_eq!(Manifest::read(tmp.path()).0, manifest);
        Manifest::write_untrusting(tmp.path()).unwrap();
        assert!(Manifest::read(tmp.path()).0.is_empty());
        let text = std::fs::read_to_string(tmp.path().join(MARKER)).unwrap();
        assert_eq!(text, MARKER_HEADER);
    }
}
