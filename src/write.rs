//! Write: put the rendered site into the output folder, all or nothing.
//!
//! The site is written into a staging folder beside the output (`.NAME.staging`), then the
//! two folders are exchanged in one atomic rename (`renameat2(RENAME_EXCHANGE)` on Linux; two
//! renames elsewhere). A failed or killed build never touches the output. The previous output
//! becomes the next build's staging folder, so nothing is ever deleted wholesale: the next
//! build rewrites only the files whose content differs (known from a manifest of content
//! hashes) and removes only files that no longer exist. That keeps slow deletions of large
//! trees off the build's path entirely.
//!
//! Folders the tool did not create are never replaced: an output folder must be empty, absent,
//! or carry the marker file [`MARKER`].

use std::collections::BTreeMap;
use std::hash::{Hash, Hasher};
use std::io::Write;
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;

/// Marker and manifest file inside every output folder the tool made.
pub const MARKER: &str = ".dossier-output";

const MARKER_HEADER: &str = "dossier output folder: generated, replaced on every build\n";

/// Why writing failed.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    /// The output folder exists, holds files, and was not made by dossier.
    #[error("output folder {0} exists and was not created by dossier; refusing to replace it")]
    NotOurs(PathBuf),
    /// The output folder would overwrite the dossier's own files.
    #[error("output folder {output} would contain or be inside the dossier's own files ({what})")]
    Overlaps {
        /// Output folder.
        output: PathBuf,
        /// What it collides with.
        what: String,
    },
    /// A page path is not a plain relative path.
    #[error("refusing to write {0}: not a plain relative path inside the output folder")]
    BadPath(String),
    /// An I/O error with the path it concerns.
    #[error("{path}: {source}")]
    Io {
        /// The path.
        path: PathBuf,
        /// The error.
        source: std::io::Error,
    },
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> WriteError + '_ {
    move |source| WriteError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// Checks that `output` can hold the site of the dossier at `root` without clobbering it:
/// not the root itself, not a parent of it, not inside one of its source folders.
pub fn check_output_location(root: &Path, output: &Path) -> Result<(), WriteError> {
    let root = absolute(root);
    let output = absolute(output);
    if root.starts_with(&output) {
        return Err(WriteError::Overlaps {
            output,
            what: "it is the dossier folder or one of its parents".into(),
        });
    }
    for dir in crate::load::WATCHED_DIRS {
        if output.starts_with(root.join(dir)) {
            return Err(WriteError::Overlaps {
                output,
                what: format!("it is inside {dir}/"),
            });
        }
    }
    Ok(())
}

/// An absolute, lexically normalised path (`..` resolved without touching the disk; symlinks
/// resolved where the path exists).
pub fn absolute(path: &Path) -> PathBuf {
    if let Ok(canonical) = path.canonicalize() {
        return canonical;
    }
    let joined = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(path)
    };
    let mut out = PathBuf::new();
    for component in joined.components() {
        match component {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    // Resolve symlinks in the existing part of the path.
    let mut existing = out.clone();
    let mut rest = Vec::new();
    while !existing.exists() {
        match (existing.file_name().map(|n| n.to_os_string()), existing.parent()) {
            (Some(name), Some(parent)) => {
                rest.push(name);
                existing = parent.to_path_buf();
            }
            _ => return out,
        }
    }
    let mut resolved = existing.canonicalize().unwrap_or(existing);
    for name in rest.into_iter().rev() {
        resolved.push(name);
    }
    resolved
}

/// A build's staging folder, being filled.
pub struct Staging {
    output: PathBuf,
    dir: PathBuf,
    previous: BTreeMap<String, u64>,
    /// The staging folder was created by this build, so it holds nothing stale.
    fresh: bool,
    written: Mutex<BTreeMap<String, u64>>,
    changed: Mutex<Vec<String>>,
}

/// What a finished write did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WriteReport {
    /// Files in the site.
    pub files: usize,
    /// Files whose content was (re)written.
    pub written: usize,
    /// Stale files removed from the reused folder.
    pub removed: usize,
}

impl Staging {
    /// Prepares a staging folder for `output`. Reuses the previous build's tree when there is
    /// one; refuses an existing output folder that dossier did not create.
    pub fn begin(output: &Path) -> Result<Self, WriteError> {
        let output = absolute(output);
        let parent = output
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_else(|| PathBuf::from("/"));
        let name = output
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "site".into());
        std::fs::create_dir_all(&parent).map_err(io(&parent))?;
        if output.exists() && !is_ours_or_empty(&output) {
            return Err(WriteError::NotOurs(output));
        }
        let dir = parent.join(format!(".{name}.staging"));
        let fresh = !dir.exists();
        let previous = if dir.is_dir() && is_ours_or_empty(&dir) {
            // Read the manifest, then empty it: if this build dies half-way, the next one must
            // not trust hashes of files it may have overwritten.
            read_manifest(&dir.join(MARKER))
        } else {
            if dir.exists() {
                return Err(WriteError::NotOurs(dir));
            }
            std::fs::create_dir_all(&dir).map_err(io(&dir))?;
            BTreeMap::new()
        };
        // The marker stays, without hashes: a build killed from here on leaves a folder the
        // next build still recognises as its own staging folder.
        let marker = dir.join(MARKER);
        std::fs::write(&marker, MARKER_HEADER).map_err(io(&marker))?;
        Ok(Self {
            output,
            dir,
            previous,
            fresh,
            written: Mutex::new(BTreeMap::new()),
            changed: Mutex::new(Vec::new()),
        })
    }

    /// The staging folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Writes one file, unless the reused tree already holds exactly these bytes. Safe to call
    /// from many threads.
    pub fn write(&self, path: &str, bytes: &[u8]) -> Result<(), WriteError> {
        let target = safe_join(&self.dir, path)?;
        let hash = content_hash(bytes);
        let unchanged = self.previous.get(path) == Some(&hash) && target.is_file();
        if !unchanged {
            if let Some(parent) = target.parent() {
                std::fs::create_dir_all(parent).map_err(io(parent))?;
            }
            std::fs::write(&target, bytes).map_err(io(&target))?;
            self.changed
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .push(path.to_owned());
        }
        self.written
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(path.to_owned(), hash);
        Ok(())
    }

    /// Removes files the site no longer has, writes the manifest and swaps the staging folder
    /// in as the output. The previous output becomes the next staging folder.
    pub fn finish(self) -> Result<WriteReport, WriteError> {
        let written = self.written.into_inner().unwrap_or_else(|e| e.into_inner());
        let changed = self.changed.into_inner().unwrap_or_else(|e| e.into_inner()).len();
        // A folder made by this build holds only what it wrote: no need to walk it.
        let removed = if self.fresh {
            0
        } else {
            remove_stale(&self.dir, &written)?
        };
        let marker = self.dir.join(MARKER);
        let mut manifest = String::from(MARKER_HEADER);
        for (path, hash) in &written {
            manifest.push_str(&format!("{hash:016x} {path}\n"));
        }
        let mut file = std::fs::File::create(&marker).map_err(io(&marker))?;
        file.write_all(manifest.as_bytes()).map_err(io(&marker))?;
        file.sync_all().map_err(io(&marker))?;
        swap(&self.dir, &self.output)?;
        Ok(WriteReport {
            files: written.len(),
            written: changed,
            removed,
        })
    }
}

/// Exchanges `staging` and `output` atomically where the system allows it.
fn swap(staging: &Path, output: &Path) -> Result<(), WriteError> {
    if !output.exists() {
        std::fs::rename(staging, output).map_err(io(output))?;
        return Ok(());
    }
    #[cfg(target_os = "linux")]
    {
        use rustix::fs::{CWD, RenameFlags, renameat_with};
        if renameat_with(CWD, staging, CWD, output, RenameFlags::EXCHANGE).is_ok() {
            return Ok(());
        }
    }
    // Fallback: two renames (a crash between them leaves the old site at `.NAME.previous`).
    let aside = staging.with_extension("previous");
    std::fs::rename(output, &aside).map_err(io(output))?;
    std::fs::rename(staging, output).map_err(io(output))?;
    std::fs::rename(&aside, staging).map_err(io(staging))?;
    Ok(())
}

fn remove_stale(dir: &Path, keep: &BTreeMap<String, u64>) -> Result<usize, WriteError> {
    let mut removed = 0;
    // Folders that keep a file or a folder; the walk sees a folder after its contents, so every
    // other folder is empty by then and is removed (without trying every folder of the site).
    let mut kept_dirs: std::collections::HashSet<PathBuf> = std::collections::HashSet::new();
    for entry in walkdir::WalkDir::new(dir).min_depth(1).contents_first(true) {
        let entry = entry.map_err(|e| WriteError::Io {
            path: dir.to_path_buf(),
            source: e.into(),
        })?;
        let relative = entry.path().strip_prefix(dir).unwrap_or(entry.path());
        let key = relative
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        let keep_parent = if entry.file_type().is_dir() {
            // Fails (and is left alone) unless empty.
            kept_dirs.contains(entry.path()) || std::fs::remove_dir(entry.path()).is_err()
        } else if key != MARKER && !keep.contains_key(&key) {
            std::fs::remove_file(entry.path()).map_err(io(entry.path()))?;
            removed += 1;
            false
        } else {
            true
        };
        if keep_parent && let Some(parent) = entry.path().parent() {
            kept_dirs.insert(parent.to_path_buf());
        }
    }
    Ok(removed)
}

fn safe_join(dir: &Path, path: &str) -> Result<PathBuf, WriteError> {
    let bad = || WriteError::BadPath(path.to_owned());
    if path.is_empty() || path.contains('\\') || path.contains('\0') {
        return Err(bad());
    }
    let mut joined = dir.to_path_buf();
    for part in path.split('/') {
        if part.is_empty() || part == "." || part == ".." || part == MARKER {
            return Err(bad());
        }
        joined.push(part);
    }
    Ok(joined)
}

fn is_ours_or_empty(dir: &Path) -> bool {
    if dir.join(MARKER).is_file() {
        return true;
    }
    match std::fs::read_dir(dir) {
        Ok(mut entries) => entries.next().is_none(),
        Err(_) => false,
    }
}

fn read_manifest(path: &Path) -> BTreeMap<String, u64> {
    let Ok(text) = std::fs::read_to_string(path) else {
        return BTreeMap::new();
    };
    text.lines()
        .skip(1)
        .filter_map(|line| {
            let (hash, path) = line.split_once(' ')?;
            Some((path.to_owned(), u64::from_str_radix(hash, 16).ok()?))
        })
        .collect()
}

/// A content hash for change detection (not cryptographic), stable for one build of the tool.
pub fn content_hash(bytes: &[u8]) -> u64 {
    let mut hasher = std::hash::DefaultHasher::new();
    bytes.len().hash(&mut hasher);
    bytes.hash(&mut hasher);
    hasher.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_cannot_leave_the_output() {
        let dir = Path::new("/tmp/out");
        for bad in [
            "../x",
            "a/../../x",
            "/etc/passwd",
            "",
            "a//b",
            "a\\b",
            ".dossier-output",
            "a\0b",
        ] {
            assert!(safe_join(dir, bad).is_err(), "{bad:?}");
        }
        assert_eq!(
            safe_join(dir, "claims/a/index.html").unwrap(),
            Path::new("/tmp/out/claims/a/index.html")
        );
    }

    #[test]
    fn output_must_not_contain_the_dossier() {
        let root = Path::new("/srv/dossier");
        assert!(check_output_location(root, Path::new("/srv/dossier")).is_err());
        assert!(check_output_location(root, Path::new("/srv")).is_err());
        assert!(check_output_location(root, Path::new("/srv/dossier/content/out")).is_err());
        assert!(check_output_location(root, Path::new("/srv/dossier/public")).is_ok());
        assert!(check_output_location(root, Path::new("/srv/dossier/public/../..")).is_err());
    }

    #[test]
    fn builds_swap_and_reuse_the_previous_tree() {
        let tmp = tempfile::tempdir().unwrap();
        let output = tmp.path().join("public");
        let first = Staging::begin(&output).unwrap();
        first.write("index.html", b"one").unwrap();
        first.write("claims/a/index.html", b"a").unwrap();
        let report = first.finish().unwrap();
        assert_eq!(
            report,
            WriteReport {
                files: 2,
                written: 2,
                removed: 0
            }
        );
        assert_eq!(std::fs::read(output.join("index.html")).unwrap(), b"one");

        let second = Staging::begin(&output).unwrap();
        second.write("index.html", b"two").unwrap();
        let report = second.finish().unwrap();
        assert_eq!(report.files, 1);
        assert!(!output.join("claims/a/index.html").exists(), "stale page removed");
        assert!(!output.join("claims").exists(), "empty folder removed");
        assert_eq!(std::fs::read(output.join("index.html")).unwrap(), b"two");

        // Third build reuses the first tree: unchanged files are not rewritten.
        let third = Staging::begin(&output).unwrap();
        third.write("index.html", b"two").unwrap();
        third.write("claims/a/index.html", b"a").unwrap();
        let report = third.finish().unwrap();
        assert_eq!(
            report.written, 1,
            "only the page that differs from the reused tree is written"
        );
        assert_eq!(std::fs::read(output.join("claims/a/index.html")).unwrap(), b"a");
    }

    #[test]
    fn a_build_that_dies_after_writing_leaves_a_reusable_staging_folder() {
        let tmp = tempfile::tempdir().unwrap();
        let output = tmp.path().join("public");
        let first = Staging::begin(&output).unwrap();
        first.write("index.html", b"one").unwrap();
        first.finish().unwrap();
        // Killed half-way: files written into the reused tree, never finished.
        let dying = Staging::begin(&output).unwrap();
        dying.write("index.html", b"half").unwrap();
        dying.write("claims/a/index.html", b"half").unwrap();
        drop(dying);
        assert_eq!(std::fs::read(output.join("index.html")).unwrap(), b"one");
        let next = Staging::begin(&output).expect("the half-written staging folder is still ours");
        assert!(next.previous.is_empty(), "no hashes trusted after a dead build");
        next.write("index.html", b"two").unwrap();
        next.finish().unwrap();
        assert_eq!(std::fs::read(output.join("index.html")).unwrap(), b"two");
        assert!(!output.join("claims").exists(), "the dead build's extra files are gone");
    }

    #[test]
    fn foreign_folders_are_never_replaced() {
        let tmp = tempfile::tempdir().unwrap();
        let output = tmp.path().join("docs");
        std::fs::create_dir_all(&output).unwrap();
        std::fs::write(output.join("thesis.txt"), "precious").unwrap();
        assert!(matches!(Staging::begin(&output), Err(WriteError::NotOurs(_))));
        assert_eq!(std::fs::read_to_string(output.join("thesis.txt")).unwrap(), "precious");
    }
}
