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
//!
//! Only regular files the build created are written, never through a link: the staging folder
//! is reused, so whatever sits in it (a symbolic link to a file elsewhere, a hard link to one,
//! a link in place of a folder) is replaced, not written into. Every file is written to a new
//! temporary file beside it and renamed over the old path (a rename replaces a link itself and
//! breaks a hard link); a folder on the way that is not a real folder is removed and made
//! again. A staging folder that is a link, belongs to another user or is writable by others is
//! refused. Files get ordinary permissions (0644, folders 0755, less what the umask removes),
//! whatever the input's were.
//!
//! Reusing a file needs more than its hash in the manifest: the file on disk must still be the
//! one the build wrote. A file is reused only when it is a regular file with one name (no hard
//! link) whose status-change time is not later than the manifest's, which the build writes last.
//! Any change to a file after that (a write, a `chmod`, a `touch -d` that sets its modification
//! time back, a replacement) sets its status-change time to the present, which no user can set
//! back. One `lstat` per file costs next to nothing, unlike hashing every file again, and the
//! manifest keeps only hashes, so it stays the same for the same site. A file tampered with in
//! the output is therefore rewritten by the next build that reuses its folder (the second build
//! after the change: the first stages into the other tree).

use std::collections::BTreeMap;
use std::hash::Hasher;
use std::io::Write;
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Mutex};

mod manifest;
mod output_dir;
mod previous;
mod stored;
mod streamed;

use manifest::MARKER_HEADER;
pub use manifest::Manifest;
pub use output_dir::{ApplyReport, OutputDir};
pub use previous::{PreviousOutput, cache_folder, prepare_cache_folder, trusted_cache_folder};
pub use stored::{StoredFile, StoredSite};
pub use streamed::StagedFile;

/// A site in memory, as the writers take it: output path (`claims/x/index.html`) → contents.
pub type SiteFiles = BTreeMap<String, Arc<[u8]>>;

/// Marker and manifest file inside every output folder the tool made.
pub const MARKER: &str = ".dossier-output";

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
    /// The staging folder is not safe to write into (a link, another user's, writable by others).
    #[error("the staging folder {path} {reason}; refusing to write into it")]
    UnsafeStaging {
        /// The staging folder.
        path: PathBuf,
        /// What is wrong with it.
        reason: String,
    },
    /// An I/O error with the path it concerns.
    #[error("{path}: {source}")]
    Io {
        /// The path.
        path: PathBuf,
        /// The error.
        source: std::io::Error,
    },
}

pub(crate) fn io(path: &Path) -> impl FnOnce(std::io::Error) -> WriteError + '_ {
    move |source| WriteError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// Checks that `output` can hold the site of the dossier at `root` without clobbering it:
/// not the root itself, not a parent of it, not inside one of the folders `protected` names
/// (relative to `root`: the dossier's source folders, which the caller knows).
pub fn check_output_location(root: &Path, output: &Path, protected: &[&str]) -> Result<(), WriteError> {
    let root = absolute(root);
    let output = absolute(output);
    if root.starts_with(&output) {
        return Err(WriteError::Overlaps {
            output,
            what: "it is the dossier folder or one of its parents".into(),
        });
    }
    for dir in protected {
        // Resolved: a `seeds/` that is a link to another folder must not take the output in.
        if output.starts_with(root.join(dir)) || output.starts_with(absolute(&root.join(dir))) {
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

/// How the names of [`replace_file`]'s temporary files begin.
pub(crate) const TEMPORARY_PREFIX: &str = ".dossier-tmp-";

/// The path `.NAME.SUFFIX` beside the output folder `output` (`NAME` is its name): where the
/// staging folder and the build cache live, never inside the output.
pub fn beside(output: &Path, suffix: &str) -> PathBuf {
    let output = absolute(output);
    let parent = output
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("/"));
    let name = output
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "site".into());
    parent.join(format!(".{name}.{suffix}"))
}

/// A file's status-change time in nanoseconds (changes on every write, `chmod`, rename and
/// `touch`; no user can set it back); the modification time where there is none.
fn changed_time(meta: &std::fs::Metadata) -> i128 {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        i128::from(meta.ctime()) * 1_000_000_000 + i128::from(meta.ctime_nsec())
    }
    #[cfg(not(unix))]
    {
        meta.modified()
            .ok()
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .map_or(i128::MAX, |d| d.as_nanos() as i128)
    }
}

/// Whether `meta` (from `lstat`) is a regular file with one name only (no hard link elsewhere).
fn is_single_regular_file(meta: &std::fs::Metadata) -> bool {
    #[cfg(unix)]
    let single = {
        use std::os::unix::fs::MetadataExt;
        meta.nlink() == 1
    };
    #[cfg(not(unix))]
    let single = true;
    meta.file_type().is_file() && single
}

/// Whether the file at `target` is still the one a build wrote before its manifest, whose
/// status-change time is `manifest_time`: a regular file (not a link) with one name, unchanged
/// since. Strictly older: a file changed in the same clock tick as the manifest was written is
/// not trusted (a build waits a tick before its manifest, see [`wait_for_next_tick`]).
pub fn is_intact(target: &Path, manifest_time: i128) -> bool {
    std::fs::symlink_metadata(target)
        .is_ok_and(|meta| is_single_regular_file(&meta) && changed_time(&meta) < manifest_time)
}

/// Whether `target` is a regular file with one name (not a link, not hard-linked elsewhere).
pub fn is_plain_file(target: &Path) -> bool {
    std::fs::symlink_metadata(target).is_ok_and(|meta| is_single_regular_file(&meta))
}

/// A build's staging folder, being filled.
pub struct Staging {
    output: PathBuf,
    dir: PathBuf,
    previous: Manifest,
    /// The manifest of the output folder this build replaces: what the site changes is
    /// counted against it (only counted: nothing is skipped on its word).
    published: Manifest,
    /// The status-change time of the previous manifest: files changed later are not reused.
    manifest_time: i128,
    /// The staging folder was created by this build, so it holds nothing stale.
    fresh: bool,
    written: Mutex<Manifest>,
    changed: Mutex<Vec<String>>,
    /// Folders (relative paths) known to be real folders made or checked by this build.
    folders: Mutex<std::collections::HashSet<String>>,
}

/// What a finished write did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WriteReport {
    /// Files in the site.
    pub files: usize,
    /// Files whose content was (re)written into the staging folder (which holds the build
    /// before the previous one: not a count of what changed on the site).
    pub written: usize,
    /// Stale files removed from the reused folder.
    pub removed: usize,
    /// Files new or different from the output folder this build replaced.
    pub changed: usize,
    /// Files the replaced output folder had and the site no longer has.
    pub deleted: usize,
    /// The hash of the manifest written ([`Manifest::hash`]): which files the output now
    /// holds, with which content.
    pub manifest: u64,
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
        let existing = std::fs::symlink_metadata(&dir).ok();
        let fresh = existing.is_none();
        let (previous, manifest_time) = match existing {
            Some(meta) => {
                check_staging(&dir, &meta)?;
                if !is_ours_or_empty(&dir) {
                    return Err(WriteError::NotOurs(dir));
                }
                // Read the manifest, then empty it: if this build dies half-way, the next one
                // must not trust hashes of files it may have overwritten.
                Manifest::read(&dir)
            }
            None => {
                create_folder(&dir).map_err(io(&dir))?;
                // The marker first, written in place (the folder is new and ours): were it
                // written by `replace_file`, a build killed between its temporary file and the
                // rename would leave a folder that is neither empty nor marked, and every later
                // build would refuse it as not its own.
                let marker = dir.join(MARKER);
                create_new(&marker)
                    .and_then(|mut file| file.write_all(MARKER_HEADER.as_bytes()))
                    .map_err(io(&marker))?;
                (Manifest::default(), i128::MIN)
            }
        };
        // The marker stays, without hashes: a build killed from here on leaves a folder the
        // next build still recognises as its own staging folder.
        Manifest::write_untrusting(&dir)?;
        let (published, _) = Manifest::read(&output);
        Ok(Self {
            output,
            dir,
            previous,
            published,
            manifest_time,
            fresh,
            written: Mutex::new(Manifest::default()),
            changed: Mutex::new(Vec::new()),
            folders: Mutex::new(std::collections::HashSet::new()),
        })
    }

    /// Writes one file, unless the reused tree already holds exactly these bytes. Safe to call
    /// from many threads.
    pub fn write(&self, path: &str, bytes: &[u8]) -> Result<(), WriteError> {
        let target = safe_join(&self.dir, path)?;
        let hash = content_hash(bytes);
        let unchanged = self.previous.get(path) == Some(hash) && is_intact(&target, self.manifest_time);
        if !unchanged {
            if let Some((folder, _)) = path.rsplit_once('/') {
                self.make_folders(folder)?;
            }
            self.put_file(&target, bytes).map_err(io(&target))?;
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

    /// Keeps the file `path` of the previous build, whose content hash is `hash`: unless the
    /// reused tree already holds it, its bytes are copied from `previous` (the output folder
    /// the cache that says so describes). `false` (nothing done) when neither holds it any
    /// more: the caller makes the file anew.
    pub fn keep(&self, path: &str, hash: u64, previous: &PreviousOutput) -> Result<bool, WriteError> {
        let target = safe_join(&self.dir, path)?;
        if self.previous.get(path) == Some(hash) && is_intact(&target, self.manifest_time) {
            self.written
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .insert(path.to_owned(), hash);
            return Ok(true);
        }
        match previous.read_file(path, hash) {
            Some(bytes) => self.write(path, &bytes).map(|()| true),
            None => Ok(false),
        }
    }

    /// Puts `bytes` at `target`: in a staging folder this build created, written as a new file
    /// in place (it holds nothing there yet; `create_new` never opens what is there, so a
    /// path that is somehow taken is replaced as below, and a build that dies half-way leaves
    /// a folder whose manifest trusts nothing); otherwise a temporary file renamed over it.
    fn put_file(&self, target: &Path, bytes: &[u8]) -> std::io::Result<()> {
        if self.fresh {
            match create_new(target) {
                Ok(mut file) => return file.write_all(bytes),
                Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => {}
                Err(error) => return Err(error),
            }
        }
        replace_file(target, bytes, false)
    }

    /// Makes sure every folder of the relative path `folder` is a real folder inside the
    /// staging folder: whatever else stands in its place (a link, a file) is removed first.
    fn make_folders(&self, folder: &str) -> Result<(), WriteError> {
        let mut relative = String::new();
        let mut path = self.dir.clone();
        for part in folder.split('/') {
            if !relative.is_empty() {
                relative.push('/');
            }
            relative.push_str(part);
            path.push(part);
            if self
                .folders
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .contains(&relative)
            {
                continue;
            }
            // A folder this build created holds only what it made: no need to look first.
            let made = match self.fresh {
                true => match create_folder(&path) {
                    Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => ensure_folder(&path),
                    other => other,
                },
                false => ensure_folder(&path),
            };
            made.map_err(io(&path))?;
            self.folders
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .insert(relative.clone());
        }
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
        wait_for_next_tick(&self.dir)?;
        written.write(&self.dir)?;
        swap(&self.dir, &self.output)?;
        let (site_changed, deleted) = written.differences(&self.published);
        Ok(WriteReport {
            files: written.len(),
            written: changed,
            removed,
            changed: site_changed,
            deleted,
            manifest: written.hash(),
        })
    }
}

/// Waits until the file system's clock has moved past every file written so far in `dir`, so
/// that each of them is strictly older than the manifest written next and a file changed right
/// after the build (in the same coarse clock tick) can never pass for one the build wrote.
pub(crate) fn wait_for_next_tick(dir: &Path) -> Result<(), WriteError> {
    let probe = dir.join(".dossier-tick");
    let stamp = |probe: &Path| -> Result<i128, WriteError> {
        std::fs::write(probe, b"").map_err(io(probe))?;
        let meta = std::fs::symlink_metadata(probe).map_err(io(probe))?;
        Ok(changed_time(&meta))
    };
    let first = stamp(&probe)?;
    for _ in 0..1000 {
        std::thread::sleep(std::time::Duration::from_millis(1));
        if stamp(&probe)? > first {
            break;
        }
    }
    std::fs::remove_file(&probe).map_err(io(&probe))
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

fn remove_stale(dir: &Path, keep: &Manifest) -> Result<usize, WriteError> {
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
        } else if key != MARKER && keep.get(&key).is_none() {
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

/// `dir/path` for a plain relative `path` (no `..`, `.`, empty part, backslash, NUL, absolute
/// path or marker file); the only way an output path becomes a file name.
pub fn safe_join(dir: &Path, path: &str) -> Result<PathBuf, WriteError> {
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

/// Refuses a staging folder that is not a real folder, belongs to another user or is
/// writable by others: whoever else can write into it could plant links between two builds.
fn check_staging(dir: &Path, meta: &std::fs::Metadata) -> Result<(), WriteError> {
    let unsafe_staging = |reason: &str| WriteError::UnsafeStaging {
        path: dir.to_path_buf(),
        reason: reason.to_owned(),
    };
    if meta.file_type().is_symlink() {
        return Err(unsafe_staging("is a symbolic link"));
    }
    if !meta.is_dir() {
        return Err(WriteError::NotOurs(dir.to_path_buf()));
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if meta.uid() != rustix::process::geteuid().as_raw() {
            return Err(unsafe_staging("belongs to another user"));
        }
        if meta.mode() & 0o002 != 0 {
            return Err(unsafe_staging("is writable by other users"));
        }
    }
    Ok(())
}

/// Makes `path` a real folder: a link or file in its place is removed first; an existing
/// folder is kept.
fn ensure_folder(path: &Path) -> std::io::Result<()> {
    match std::fs::symlink_metadata(path) {
        Ok(meta) if meta.is_dir() => return Ok(()),
        Ok(_) => std::fs::remove_file(path)?,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {}
        Err(error) => return Err(error),
    }
    match create_folder(path) {
        // Another thread made it meanwhile.
        Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => match std::fs::symlink_metadata(path) {
            Ok(meta) if meta.is_dir() => Ok(()),
            _ => Err(error),
        },
        other => other,
    }
}

/// Creates one folder with ordinary permissions (0755 less the umask).
fn create_folder(path: &Path) -> std::io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o755);
    }
    builder.create(path)
}

/// Replaces the file at `target` (whatever it is: a file, a link, a hard link, a folder) by a
/// new regular file holding `bytes`, with ordinary permissions (0644 less the umask): written
/// to a temporary file beside it, then renamed over it. `durable` syncs it to disk first.
pub fn replace_file(target: &Path, bytes: &[u8], durable: bool) -> std::io::Result<()> {
    replace_file_with(target, durable, |file| file.write_all(bytes))
}

/// [`replace_file`] with the bytes written by `fill` (through a buffer), so that a large file
/// is never held whole in memory.
pub fn replace_file_with(
    target: &Path,
    durable: bool,
    fill: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> std::io::Result<()> {
    use std::sync::atomic::{AtomicU64, Ordering};
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let name = format!(
        "{TEMPORARY_PREFIX}{}-{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    );
    let temporary = target.with_file_name(name);
    let written = create_new(&temporary).and_then(|mut file| {
        let mut buffered = std::io::BufWriter::new(&mut file);
        fill(&mut buffered)?;
        buffered.flush()?;
        drop(buffered);
        if durable {
            file.sync_all()?;
        }
        Ok(())
    });
    let renamed = written.and_then(|()| match std::fs::rename(&temporary, target) {
        // A folder where the file goes (a rename cannot replace it): remove it, try again.
        Err(_) if std::fs::symlink_metadata(target).is_ok_and(|meta| meta.is_dir()) => {
            std::fs::remove_dir_all(target)?;
            std::fs::rename(&temporary, target)
        }
        other => other,
    });
    if let Err(error) = renamed {
        let _ = std::fs::remove_file(&temporary);
        return Err(error);
    }
    Ok(())
}

/// Creates `path` as a new regular file with ordinary permissions (0644 less the umask).
/// `create_new` is O_EXCL: it never opens an existing file or follows a link.
pub(crate) fn create_new(path: &Path) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o644);
    }
    options.open(path)
}

fn is_ours_or_empty(dir: &Path) -> bool {
    if std::fs::symlink_metadata(dir.join(MARKER)).is_ok_and(|meta| meta.is_file()) {
        return true;
    }
    match std::fs::read_dir(dir) {
        Ok(mut entries) => entries.next().is_none(),
        Err(_) => false,
    }
}

/// A content hash for change detection (not cryptographic), stable for one build of the tool:
/// [`ContentHasher`] over `bytes`.
pub fn content_hash(bytes: &[u8]) -> u64 {
    let mut hasher = ContentHasher::default();
    hasher.update(bytes);
    hasher.finish()
}

/// [`content_hash`] of bytes that arrive piece by piece (a file written as a stream): the same
/// hash however the bytes are cut, the length hashed last, once it is known.
#[derive(Default)]
pub struct ContentHasher {
    hasher: std::hash::DefaultHasher,
    len: u64,
}

impl ContentHasher {
    /// Adds the next bytes.
    pub fn update(&mut self, bytes: &[u8]) {
        // SipHash (`DefaultHasher`) takes a byte stream: cuts between `write`s do not matter
        // (a test holds it to that).
        self.hasher.write(bytes);
        self.len += bytes.len() as u64;
    }

    /// The hash of every byte added.
    pub fn finish(mut self) -> u64 {
        self.hasher.write_u64(self.len);
        self.hasher.finish()
    }
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
    fn a_file_replaced_piece_by_piece_holds_every_piece_and_a_failed_fill_leaves_the_old_file() {
        let dir = tempfile::tempdir().expect("temp dir");
        let target = dir.path().join("parsed");
        std::fs::write(&target, b"old").expect("written");
        replace_file_with(&target, false, |out| {
            out.write_all(b"first ")?;
            out.write_all(&[b'x'; 100_000])?;
            out.write_all(b" last")
        })
        .expect("replaced");
        let mut expected = b"first ".to_vec();
        expected.extend_from_slice(&[b'x'; 100_000]);
        expected.extend_from_slice(b" last");
        assert_eq!(std::fs::read(&target).expect("read"), expected);
        let failed = replace_file_with(&target, false, |out| {
            out.write_all(b"half")?;
            Err(std::io::Error::other("the source ran dry"))
        });
        assert!(failed.is_err());
        assert_eq!(std::fs::read(&target).expect("read"), expected, "the old file stays");
        let left: Vec<_> = std::fs::read_dir(dir.path()).expect("listed").collect();
        assert_eq!(left.len(), 1, "no temporary file is left behind");
    }

    #[test]
    fn output_must_not_contain_the_dossier() {
        let root = Path::new("/srv/dossier");
        assert!(check_output_location(root, Path::new("/srv/dossier"), &["content", "seeds"]).is_err());
        assert!(check_output_location(root, Path::new("/srv"), &["content", "seeds"]).is_err());
        assert!(check_output_location(root, Path::new("/srv/dossier/content/out"), &["content", "seeds"]).is_err());
        assert!(check_output_location(root, Path::new("/srv/dossier/public"), &["content", "seeds"]).is_ok());
        assert!(check_output_location(root, Path::new("/srv/dossier/public/../.."), &["content", "seeds"]).is_err());
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
                removed: 0,
                changed: 2,
                deleted: 0,
                manifest: report.manifest,
            }
        );
        assert_eq!(std::fs::read(output.join("index.html")).unwrap(), b"one");

        let second = Staging::begin(&output).unwrap();
        second.write("index.html", b"two").unwrap();
        let report = second.finish().unwrap();
        assert_eq!(report.files, 1);
        assert_eq!(
            (report.changed, report.deleted),
            (1, 1),
            "against the output it replaced"
        );
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
        // The reused tree was the first build's, but the site is compared with the second's:
        // the page that came back is the one change (before, the count said what was rewritten
        // in the reused tree, and a file deleted and restored in turn read "0 changed").
        assert_eq!((report.changed, report.deleted), (1, 0));
        assert_eq!(std::fs::read(output.join("claims/a/index.html")).unwrap(), b"a");
        let fourth = Staging::begin(&output).unwrap();
        fourth.write("index.html", b"two").unwrap();
        let report = fourth.finish().unwrap();
        assert_eq!(report.written, 0, "the reused (second) tree holds exactly this");
        assert_eq!((report.changed, report.deleted), (0, 1), "the page went away again");
    }

    /// A staging folder the build created gets its files written in place, and a path taken
    /// meanwhile (the same file twice, a file where a folder is) is still replaced whole.
    #[test]
    fn a_fresh_staging_folder_is_written_in_place_and_a_taken_path_replaced() {
        let tmp = tempfile::tempdir().unwrap();
        let output = tmp.path().join("public");
        let staging = Staging::begin(&output).unwrap();
        assert!(staging.fresh);
        staging.write("claims/a/index.html", b"first").unwrap();
        staging.write("claims/a/index.html", b"second").unwrap();
        staging.write("claims/b/index.html", b"b").unwrap();
        staging.write("claims/b", b"a file where a folder was").unwrap();
        let dir = staging.dir.clone();
        let names = |folder: &Path| -> Vec<String> {
            let mut names: Vec<String> = std::fs::read_dir(folder)
                .unwrap()
                .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
                .collect();
            names.sort();
            names
        };
        assert_eq!(names(&dir.join("claims")), ["a", "b"], "no temporary file left");
        assert_eq!(names(&dir.join("claims/a")), ["index.html"]);
        let report = staging.finish().unwrap();
        assert_eq!(report.files, 3);
        assert_eq!(std::fs::read(output.join("claims/a/index.html")).unwrap(), b"second");
        assert_eq!(
            std::fs::read(output.join("claims/b")).unwrap(),
            b"a file where a folder was"
        );
        assert!(is_plain_file(&output.join("claims/a/index.html")));
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
