//! The output folder as the last build left it, read-only: which of its files are still exactly
//! what that build wrote (its manifest's hash, and unchanged on disk since the manifest, see
//! [`super::is_intact`]), and their bytes. A build with a cache keeps a page whose inputs are
//! unchanged only while the output still holds it, so a deleted, edited or half-written output
//! is never trusted.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use super::{
    MARKER, Manifest, TEMPORARY_PREFIX, WriteError, absolute, beside, check_staging, content_hash, create_folder, io,
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

    /// The hash of its manifest ([`Manifest::hash`]): which files the build that wrote it
    /// left there, with which content.
    pub fn manifest_hash(&self) -> u64 {
        self.manifest.hash()
    }

    /// Whether the folder holds exactly the site its manifest describes, as the build that wrote
    /// the manifest left it: every file intact (see [`PreviousOutput::holds`]), no folder of the
    /// site changed since (nothing added, removed or renamed in it: its status-change time is
    /// older than the manifest's), and nothing at the top but the site's files and folders and
    /// the marker. One `lstat` per file and folder (in parallel) and one listing of the top
    /// folder; the files' bytes are not read. `false` for a folder without a trusted manifest.
    pub fn is_whole(&self) -> bool {
        use rayon::prelude::*;
        if self.manifest.is_empty() {
            return false;
        }
        let paths: Vec<&str> = self.manifest.paths().collect();
        let mut folders: HashSet<&str> = HashSet::new();
        let mut top: HashSet<&str> = HashSet::from([MARKER]);
        for path in &paths {
            top.insert(path.split('/').next().unwrap_or(path));
            let mut end = path.len();
            while let Some(slash) = path[..end].rfind('/') {
                if !folders.insert(&path[..slash]) {
                    break;
                }
                end = slash;
            }
        }
        let folders: Vec<&str> = folders.into_iter().collect();
        let manifest_time = self.manifest_time;
        // Every path looked up below the open folder (a few components each, not the whole
        // path from the root of the file system again).
        let Ok(root) = std::fs::File::open(&self.dir) else {
            return false;
        };
        let status = |path: &str| {
            safe_join(&self.dir, path)
                .ok()
                .and_then(|_| status_below(&root, &self.dir, path))
        };
        let folder_intact = |folder: &&str| status(folder).is_some_and(|s| s.folder && s.changed < manifest_time);
        let file_intact = |path: &&str| status(path).is_some_and(|s| s.single_file && s.changed < manifest_time);
        let top_intact = || match std::fs::read_dir(&self.dir) {
            Ok(entries) => entries
                .into_iter()
                .all(|entry| entry.is_ok_and(|entry| entry.file_name().to_str().is_some_and(|n| top.contains(n)))),
            Err(_) => false,
        };
        top_intact() && folders.par_iter().all(folder_intact) && paths.par_iter().all(file_intact)
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

/// What [`PreviousOutput::is_whole`] needs to know of one entry of the output folder.
struct Status {
    /// A real folder (not a link to one).
    folder: bool,
    /// A regular file with one name.
    single_file: bool,
    /// Its status-change time in nanoseconds.
    changed: i128,
}

/// The status of `path` (relative, checked by [`safe_join`]) in the folder `dir`, opened as
/// `root`; the last component not followed if it is a link.
#[cfg(unix)]
fn status_below(root: &std::fs::File, _dir: &Path, path: &str) -> Option<Status> {
    use rustix::fs::{AtFlags, FileType, statat};
    let stat = statat(root, path, AtFlags::SYMLINK_NOFOLLOW).ok()?;
    let kind = FileType::from_raw_mode(stat.st_mode);
    Some(Status {
        folder: kind == FileType::Directory,
        single_file: kind == FileType::RegularFile && stat.st_nlink == 1,
        changed: i128::from(stat.st_ctime) * 1_000_000_000 + i128::from(stat.st_ctime_nsec),
    })
}

/// The status of `path` (relative, checked by [`safe_join`]) in the folder `dir`.
#[cfg(not(unix))]
fn status_below(_root: &std::fs::File, dir: &Path, path: &str) -> Option<Status> {
    let target = safe_join(dir, path).ok()?;
    let meta = std::fs::symlink_metadata(&target).ok()?;
    Some(Status {
        folder: meta.file_type().is_dir(),
        single_file: super::is_plain_file(&target),
        changed: super::changed_time(&meta),
    })
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
        assert!(!PreviousOutput::read(&tmp.path().join("none")).is_whole());
        assert_eq!(cache_folder(&output), absolute(tmp.path()).join(".site.cache"));
    }

    #[test]
    fn an_output_is_whole_only_while_nothing_in_it_changed() {
        let tmp = tempfile::tempdir().unwrap();
        let output = tmp.path().join("site");
        let build = || {
            let staging = Staging::begin(&output).unwrap();
            staging.write("index.html", b"I").unwrap();
            staging.write("claims/a/index.html", b"A").unwrap();
            staging.write("claims/b/index.html", b"B").unwrap();
            let report = staging.finish().unwrap();
            assert_eq!(report.manifest, PreviousOutput::read(&output).manifest_hash());
            // Later changes must get a later status-change time than the manifest's.
            std::thread::sleep(std::time::Duration::from_millis(20));
        };
        build();
        assert!(PreviousOutput::read(&output).is_whole(), "as built");
        type Change = fn(&Path);
        let changes: [(&str, Change); 7] = [
            ("a file rewritten", |out| {
                std::fs::write(out.join("claims/a/index.html"), b"A").unwrap()
            }),
            ("a file removed", |out| {
                std::fs::remove_file(out.join("claims/b/index.html")).unwrap()
            }),
            ("a file added to a folder", |out| {
                std::fs::write(out.join("claims/a/x.html"), b"X").unwrap()
            }),
            ("a file added at the top", |out| {
                std::fs::write(out.join("x.html"), b"X").unwrap()
            }),
            ("a folder added at the top", |out| {
                std::fs::create_dir(out.join("x")).unwrap()
            }),
            ("a folder added inside", |out| {
                std::fs::create_dir(out.join("claims/c")).unwrap()
            }),
            ("a file's mode changed", |out| {
                let file = out.join("index.html");
                let permissions = std::fs::metadata(&file).unwrap().permissions();
                std::fs::set_permissions(&file, permissions).unwrap();
                #[cfg(unix)]
                {
                    use std::os::unix::fs::PermissionsExt;
                    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o600)).unwrap();
                }
            }),
        ];
        for (what, change) in changes {
            // Two builds: the second swaps the first one's tree (changed) back out.
            build();
            build();
            assert!(PreviousOutput::read(&output).is_whole(), "rebuilt before: {what}");
            change(&output);
            assert!(!PreviousOutput::read(&output).is_whole(), "{what}");
        }
    }
}
