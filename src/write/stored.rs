//! A site that lives partly in memory and partly in an output folder on disk: what `dossier
//! serve` keeps. Every file is known by its path and content hash; only files not yet written to
//! the output folder keep their bytes in memory, the others are read from the folder when asked
//! for. So the server holds hashes for the whole site and bytes only for what a rebuild changed.
//!
//! Files in the folder are replaced by renaming a finished file over the old one
//! ([`super::replace_file`]), so a reader gets either the old or the new bytes, never a
//! half-written file.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::{SiteFiles, content_hash, is_plain_file, safe_join};

/// One file of a [`StoredSite`].
#[derive(Debug, Clone)]
pub struct StoredFile {
    /// [`content_hash`] of its bytes.
    pub hash: u64,
    /// Its bytes, while they are not (known to be) in the output folder.
    pub bytes: Option<Arc<[u8]>>,
}

impl StoredFile {
    /// A file held in memory.
    pub fn in_memory(bytes: Arc<[u8]>) -> Self {
        Self {
            hash: content_hash(&bytes),
            bytes: Some(bytes),
        }
    }
}

/// A site by output path: each file's hash, with its bytes in memory or in `folder`.
#[derive(Debug, Clone, Default)]
pub struct StoredSite {
    folder: Option<Arc<PathBuf>>,
    files: BTreeMap<String, StoredFile>,
}

impl StoredSite {
    /// An empty site.
    pub fn new() -> Self {
        Self::default()
    }

    /// An empty site whose files not in memory are in `folder` (that of `previous`).
    pub fn continuing(previous: &StoredSite) -> Self {
        Self {
            folder: previous.folder.clone(),
            files: BTreeMap::new(),
        }
    }

    /// The file at `path`.
    pub fn get(&self, path: &str) -> Option<&StoredFile> {
        self.files.get(path)
    }

    /// Whether the site has a file at `path`.
    pub fn contains_key(&self, path: &str) -> bool {
        self.files.contains_key(path)
    }

    /// Sets the file at `path`.
    pub fn insert(&mut self, path: String, file: StoredFile) {
        self.files.insert(path, file);
    }

    /// Takes the file at `path` out of the site.
    pub fn remove(&mut self, path: &str) -> Option<StoredFile> {
        self.files.remove(path)
    }

    /// Every path with its file, sorted.
    pub fn iter(&self) -> impl Iterator<Item = (&String, &StoredFile)> {
        self.files.iter()
    }

    /// Every path, sorted.
    pub fn paths(&self) -> impl Iterator<Item = &String> {
        self.files.keys()
    }

    /// Files in the site.
    pub fn len(&self) -> usize {
        self.files.len()
    }

    /// Whether the site has no file.
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// Files whose bytes are held in memory.
    pub fn in_memory(&self) -> usize {
        self.files.values().filter(|file| file.bytes.is_some()).count()
    }

    /// The bytes of the file at `path`, from memory or from the output folder; `None` when the
    /// site has no such file, or the folder no longer holds it as a plain file.
    pub fn read(&self, path: &str) -> Option<Arc<[u8]>> {
        let file = self.files.get(path)?;
        if let Some(bytes) = &file.bytes {
            return Some(bytes.clone());
        }
        let target = safe_join(self.folder.as_deref()?, path).ok()?;
        if !is_plain_file(&target) {
            return None;
        }
        std::fs::read(&target).ok().map(Arc::from)
    }

    /// The same site after every file of it was written to `folder`: no bytes in memory.
    pub fn stored_in(&self, folder: &Path) -> Self {
        Self {
            folder: Some(Arc::new(folder.to_path_buf())),
            files: self
                .files
                .iter()
                .map(|(path, file)| {
                    let file = StoredFile {
                        hash: file.hash,
                        bytes: None,
                    };
                    (path.clone(), file)
                })
                .collect(),
        }
    }

    /// Every file with its bytes (read from the folder where they are not in memory); a file
    /// that cannot be read is left out.
    pub fn to_files(&self) -> SiteFiles {
        self.files
            .keys()
            .filter_map(|path| Some((path.clone(), self.read(path)?)))
            .collect()
    }
}

impl From<SiteFiles> for StoredSite {
    fn from(files: SiteFiles) -> Self {
        Self {
            folder: None,
            files: files
                .into_iter()
                .map(|(path, bytes)| (path, StoredFile::in_memory(bytes)))
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_written_to_the_folder_are_read_from_it_and_others_from_memory() {
        let tmp = tempfile::tempdir().unwrap();
        let site = StoredSite::from(SiteFiles::from([
            ("index.html".to_owned(), Arc::from(&b"one"[..])),
            ("claims/a/index.html".to_owned(), Arc::from(&b"a"[..])),
        ]));
        assert_eq!(site.in_memory(), 2);
        std::fs::create_dir_all(tmp.path().join("claims/a")).unwrap();
        std::fs::write(tmp.path().join("index.html"), "one").unwrap();
        std::fs::write(tmp.path().join("claims/a/index.html"), "a").unwrap();
        let stored = site.stored_in(tmp.path());
        assert_eq!(stored.in_memory(), 0);
        assert_eq!(stored.get("index.html").unwrap().hash, content_hash(b"one"));
        assert_eq!(&*stored.read("claims/a/index.html").unwrap(), b"a");
        assert_eq!(stored.to_files(), site.to_files());
        // A new site after it: changed files in memory, the rest still from the folder.
        let mut next = StoredSite::continuing(&stored);
        next.insert("index.html".into(), StoredFile::in_memory(Arc::from(&b"two"[..])));
        next.insert(
            "claims/a/index.html".into(),
            stored.get("claims/a/index.html").unwrap().clone(),
        );
        assert_eq!(&*next.read("index.html").unwrap(), b"two");
        assert_eq!(&*next.read("claims/a/index.html").unwrap(), b"a");
        assert!(next.read("missing.html").is_none());
        // A file gone from the folder is not invented.
        std::fs::remove_file(tmp.path().join("claims/a/index.html")).unwrap();
        assert!(next.read("claims/a/index.html").is_none());
    }

    #[cfg(unix)]
    #[test]
    fn a_link_put_in_the_folder_is_not_followed() {
        let tmp = tempfile::tempdir().unwrap();
        let outside = tmp.path().join("secret");
        std::fs::write(&outside, "secret").unwrap();
        let folder = tmp.path().join("public");
        std::fs::create_dir_all(&folder).unwrap();
        std::os::unix::fs::symlink(&outside, folder.join("index.html")).unwrap();
        let site = StoredSite::from(SiteFiles::from([("index.html".to_owned(), Arc::from(&b"x"[..]))]));
        assert!(site.stored_in(&folder).read("index.html").is_none());
    }
}
