//! The output folder as the last build left it, read-only: which of its files are still exactly
//! what that build wrote (its manifest's hash, and unchanged on disk since the manifest, see
//! [`super::is_intact`]), and their bytes. A build with a cache keeps a page whose inputs are
//! unchanged only while the output still holds it, so a deleted, edited or half-written output
//! is never trusted.

use std::path::{Path, PathBuf};

use super::{
    Manifest, TEMPORARY_PREFIX, WriteError, absolute, beside, check_staging, content_hash, create_folder, io,
    is_intact, safe_join,
};

/// The folder of the build cache of the output folder `output`: `.NAME.cache` beside it, like
/// the staging folder `.NAME.staging` (never inside the output, which is deployed).
pub fn cache_folder(output: &Path) -> PathBuf {
    beside(output, "cache")
}

/// Whether `dir` is a folder this user may trust with a cache: a real folder (not a link), the
/// user's own, not writable by others. `Ok(false)`: it does not exist.
pub fn trusted_cache_folder(dir: &Path) -> Result<bool, WriteError> {
    let meta = match std::fs::symlink_metadata(dir) {
        Ok(meta) => meta,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(false),
        Err(error) => return Err(io(dir)(error)),
    };
    check_staging(dir, &meta).map_err(|error| {
        let reason = match error {
            WriteError::UnsafeStaging { reason, .. } => reason,
            _ => "is not a folder".to_owned(),
        };
        io(dir)(std::io::Error::other(format!("the cache folder {reason}")))
    })?;
    Ok(true)
}

/// Makes the cache folder `dir` if it is missing (refusing one that is not to be trusted, see
/// [`trusted_cache_folder`]) and removes the temporary files a process killed while writing
/// into it left.
pub fn prepare_cache_folder(dir: &Path) -> Result<(), WriteError> {
    if !trusted_cache_folder(dir)? {
        create_folder(dir).map_err(io(dir))?;
    }
    for entry in std::fs::read_dir(dir).map_err(io(dir))?.flatten() {
        if entry.file_name().to_string_lossy().starts_with(TEMPORARY_PREFIX) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
    Ok(())
}

/// An output folder made by an earlier build, and its manifest.
#[derive(Debug, Default)]
pub struct PreviousOutput {
    dir: PathBuf,
    manifest: Manifest,
    manifest_time: i128,
}

impl PreviousOutput {
    /// The output folder `output` as the last build left it (an empty one if it has no readable
    /// manifest: then it holds nothing this build may keep).
    pub fn read(output: &Path) -> Self {
        let dir = absolute(output);
        let (manifest, manifest_time) = Manifest::read(&dir);
        Self {
            dir,
            manifest,
            manifest_time,
        }
    }

    /// The folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Whether the folder holds the file `path` with content hash `hash`, exactly as the build
    /// that wrote the manifest left it.
    pub fn holds(&self, path: &str, hash: u64) -> bool {
        self.manifest.get(path) == Some(hash)
            && safe_join(&self.dir, path).is_ok_and(|target| is_intact(&target, self.manifest_time))
    }

    /// The bytes of `path`, if the folder still holds them with content hash `hash`.
    pub fn read_file(&self, path: &str, hash: u64) -> Option<Vec<u8>> {
        if !self.holds(path, hash) {
            return None;
        }
        let bytes = std::fs::read(safe_join(&self.dir, path).ok()?).ok()?;
        (content_hash(&bytes) == hash).then_some(bytes)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_cache_folder_is_made_cleaned_and_never_a_link() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join(".site.cache");
        assert!(!trusted_cache_folder(&dir).unwrap());
        prepare_cache_folder(&dir).unwrap();
        assert!(trusted_cache_folder(&dir).unwrap());
        std::fs::write(dir.join(format!("{TEMPORARY_PREFIX}1-2")), "left").unwrap();
        std::fs::write(dir.join("pages"), "kept").unwrap();
        prepare_cache_folder(&dir).unwrap();
        let names: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["pages"]);
        #[cfg(unix)]
        {
            let link = tmp.path().join(".other.cache");
            std::os::unix::fs::symlink(&dir, &link).unwrap();
            assert!(trusted_cache_folder(&link).is_err());
            assert!(prepare_cache_folder(&link).is_err());
        }
    }

    use super::*;
    use crate::write::Staging;

    #[test]
    fn only_files_unchanged_since_the_build_are_held() {
        let tmp = tempfile::tempdir().unwrap();
        let output = tmp.path().join("site");
        let staging = Staging::begin(&output).unwrap();
        staging.write("a.html", b"A").unwrap();
        staging.write("b.html", b"B").unwrap();
        staging.finish().unwrap();
        let previous = PreviousOutput::read(&output);
        assert!(previous.holds("a.html", content_hash(b"A")));
        assert!(!previous.holds("a.html", content_hash(b"B")), "another hash");
        assert!(!previous.holds("c.html", content_hash(b"A")), "not in the manifest");
        assert_eq!(
            previous.read_file("b.html", content_hash(b"B")).as_deref(),
            Some(&b"B"[..])
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
        std::fs::write(output.join("b.html"), b"B").unwrap();
        assert!(
            !previous.holds("b.html", content_hash(b"B")),
            "rewritten after the build"
        );
        assert_eq!(previous.read_file("b.html", content_hash(b"B")), None);
        assert!(!PreviousOutput::read(&tmp.path().join("none")).holds("a.html", content_hash(b"A")));
        assert_eq!(cache_folder(&output), absolute(tmp.path()).join(".site.cache"));
    }
}
