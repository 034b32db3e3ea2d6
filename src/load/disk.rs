//! The disk access of [`super::InputFiles`]: which paths may be read, and how.
//!
//! A dossier may be a stranger's (a contributor's pull request built in CI), and Git keeps
//! symbolic links, so reading is confined:
//! - A symbolic link whose target lies outside the dossier root is not followed: it is an error
//!   located at the link, unless [`ReadOptions::follow_outside_links`] allows it. Links that
//!   stay inside the root are read like what they point to.
//! - Nothing under `/proc`, `/sys` or `/dev` is ever read, opt-in or not (`/proc/self/environ`
//!   holds the build's secrets).
//! - Only regular files are read: a FIFO, a device or a socket is an error and is never opened
//!   (a FIFO blocks, `/dev/zero` never ends). Files are opened non-blocking and checked again
//!   once open, and read with a bound, so a file swapped between the check and the open is
//!   refused too.
//! - Folders are walked without following links; a link to a folder inside the root is walked
//!   as that folder, and a link back to a folder already on the way is a loop error.

use std::io::Read;
use std::path::{Path, PathBuf};

use super::MAX_FILE_BYTES;
use crate::diagnostic::Language;
use crate::say;

/// How a dossier's folder is read.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ReadOptions {
    /// Follow symbolic links whose target lies outside the dossier root (`/proc`, `/sys` and
    /// `/dev` are still never read). Off by default, and must stay off for dossiers one did
    /// not write (CI builds of pull requests).
    pub follow_outside_links: bool,
}

/// Folders never read, wherever a link points.
const SYSTEM_FOLDERS: [&str; 3] = ["/proc", "/sys", "/dev"];

/// Most paths one walk visits: beyond it, links probably repeat folders many times over.
pub const MAX_WALKED_PATHS: usize = 1_000_000;

/// The dossier root as resolved on disk, and what may be read from it.
#[derive(Debug, Clone, Default)]
pub(super) struct Confinement {
    /// The root as given (paths to read are below it).
    given: PathBuf,
    /// The root with every link resolved (the root as given when it cannot be resolved).
    root: PathBuf,
    options: ReadOptions,
}

/// Why a path is not read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// A link (or a folder on the way) leads outside the dossier root, to this target.
    Outside(PathBuf),
    /// It leads into `/proc`, `/sys` or `/dev`.
    System(PathBuf),
    /// Not a regular file or folder: what it is ("a FIFO", "a device", "a socket").
    NotRegular(&'static str),
    /// A link to a folder that the link is inside of (or one that led there): reading it
    /// would never end.
    Loop(PathBuf),
}

impl Refusal {
    /// The message and the help of a diagnostic about it, in `language`.
    pub fn describe(&self, language: Language) -> (String, String) {
        let remove_link = || language.pick("remove the link", "Entfernen Sie den Link").to_owned();
        match self {
            Refusal::Outside(target) => {
                let target = target.display();
                (
                    say!(
                        language,
                        "symbolic link to {target}, outside the dossier folder: not read",
                        "symbolischer Link auf {target}, außerhalb des Dossier-Ordners: nicht gelesen"
                    ),
                    say!(
                        language,
                        "copy what it points to into the dossier instead of linking to it, or remove the link; \
                         `--follow-outside-links` reads such links, but never use it for a dossier you did not write (e.g. in CI)",
                        "Kopieren Sie das Ziel in das Dossier, statt darauf zu verlinken, oder entfernen Sie den Link; \
                         `--follow-outside-links` liest solche Links, aber nutzen Sie es nie für ein Dossier, das Sie nicht selbst geschrieben haben (z. B. in CI)"
                    ),
                )
            }
            Refusal::System(target) => {
                let target = target.display();
                (
                    say!(
                        language,
                        "symbolic link to {target}: files under /proc, /sys and /dev are never read",
                        "symbolischer Link auf {target}: Dateien unter /proc, /sys und /dev werden nie gelesen"
                    ),
                    remove_link(),
                )
            }
            Refusal::Loop(target) => {
                let target = target.display();
                (
                    say!(
                        language,
                        "symbolic link loop: this link leads back to {target}, a folder already being read",
                        "Link-Schleife: Dieser Link führt zurück zu {target}, einem Ordner, der schon gelesen wird"
                    ),
                    remove_link(),
                )
            }
            Refusal::NotRegular(what) => {
                let what = special_file_name(what, language);
                (
                    say!(
                        language,
                        "this is {what}, not a regular file: not read",
                        "dies ist {what}, keine normale Datei: nicht gelesen"
                    ),
                    say!(
                        language,
                        "remove it, or replace it with a regular file",
                        "Entfernen Sie es, oder ersetzen Sie es durch eine normale Datei"
                    ),
                )
            }
        }
    }
}

/// What [`kind`] calls a special file, in `language`.
fn special_file_name(what: &'static str, language: Language) -> &'static str {
    match (language, what) {
        (Language::En, _) => what,
        (Language::De, FIFO) => "eine FIFO (Named Pipe)",
        (Language::De, DEVICE) => "eine Gerätedatei",
        (Language::De, SOCKET) => "ein Socket",
        (Language::De, _) => "eine Spezialdatei",
    }
}

/// A problem of a walk of folders, with the path it concerns.
#[derive(Debug)]
pub(super) enum WalkProblem {
    /// More than [`MAX_WALKED_PATHS`] below this folder.
    TooMany(PathBuf),
    /// A folder that cannot be read, with the system's error.
    Unreadable(PathBuf, String),
    /// A path not read.
    Refused(PathBuf, Refusal),
}

impl WalkProblem {
    /// The path it concerns.
    pub(super) fn path(&self) -> &Path {
        match self {
            WalkProblem::TooMany(path) | WalkProblem::Unreadable(path, _) | WalkProblem::Refused(path, _) => path,
        }
    }

    /// The message and the help of a diagnostic about it, in `language`.
    pub(super) fn describe(&self, language: Language) -> (String, String) {
        match self {
            WalkProblem::TooMany(_) => {
                let most = language.count(MAX_WALKED_PATHS);
                (
                    say!(
                        language,
                        "more than {most} files and folders below this folder: the rest is not read",
                        "mehr als {most} Dateien und Ordner unter diesem Ordner: Der Rest wird nicht gelesen"
                    ),
                    say!(
                        language,
                        "a dossier holds far fewer files; look for symbolic links that repeat a folder many times",
                        "ein Dossier hat weit weniger Dateien; suchen Sie nach symbolischen Links, die einen Ordner vielfach wiederholen"
                    ),
                )
            }
            WalkProblem::Unreadable(_, error) => (
                say!(
                    language,
                    "cannot read this folder: {error}",
                    "dieser Ordner kann nicht gelesen werden: {error}"
                ),
                say!(
                    language,
                    "check the folder's permissions",
                    "Prüfen Sie die Zugriffsrechte des Ordners"
                ),
            ),
            WalkProblem::Refused(_, refusal) => refusal.describe(language),
        }
    }
}

impl Confinement {
    pub(super) fn new(root: &Path, options: ReadOptions) -> Self {
        Self {
            given: root.to_path_buf(),
            root: root.canonicalize().unwrap_or_else(|_| root.to_path_buf()),
            options,
        }
    }

    pub(super) fn options(&self) -> ReadOptions {
        self.options
    }

    /// Whether a path that resolves to `resolved` may be read.
    fn admits(&self, resolved: &Path) -> Result<(), Refusal> {
        if resolved.starts_with(&self.root) {
            return Ok(());
        }
        if SYSTEM_FOLDERS.iter().any(|system| resolved.starts_with(system)) {
            return Err(Refusal::System(resolved.to_path_buf()));
        }
        if self.options.follow_outside_links {
            Ok(())
        } else {
            Err(Refusal::Outside(resolved.to_path_buf()))
        }
    }

    /// The resolved folders a walk has gone through to reach `folder` (a path below the
    /// root as given): the root and every folder on the way, resolved. A link to any of them,
    /// or to a folder above one, is a loop.
    fn folders_on_the_way(&self, folder: &Path) -> Vec<PathBuf> {
        let mut chain = vec![self.root.clone()];
        let Ok(relative) = folder.strip_prefix(&self.given) else {
            return chain;
        };
        let mut path = self.given.clone();
        for part in relative.components() {
            path.push(part);
            if let Ok(real) = path.canonicalize() {
                chain.push(real);
            }
        }
        chain
    }

    /// Whether a folder on the way from the root to `path` (not `path` itself) is a link that
    /// a walk does not follow: out of the root, dangling, or a loop.
    fn behind_refused_link(&self, path: &Path) -> bool {
        let Ok(relative) = path.strip_prefix(&self.given) else {
            return false;
        };
        let parts: Vec<_> = relative.components().collect();
        let mut prefix = self.given.clone();
        for part in &parts[..parts.len().saturating_sub(1)] {
            prefix.push(part);
            if !std::fs::symlink_metadata(&prefix).is_ok_and(|meta| meta.file_type().is_symlink()) {
                continue;
            }
            let refused = match self.resolve(&prefix) {
                Ok(Some(resolved)) => check_loop(&prefix, &resolved, self).is_err(),
                _ => true,
            };
            if refused {
                return true;
            }
        }
        false
    }

    /// Resolves `path` (every link on the way) and checks the result: `Ok(None)` when there
    /// is nothing there (a dangling link).
    fn resolve(&self, path: &Path) -> Result<Option<PathBuf>, Refusal> {
        match path.canonicalize() {
            Ok(resolved) => self.admits(&resolved).map(|()| Some(resolved)),
            Err(_) => Ok(None),
        }
    }
}

/// What is at a path on disk.
pub(super) enum FileRead {
    /// A file's bytes.
    Bytes(Vec<u8>),
    /// A file over [`MAX_FILE_BYTES`], not read.
    TooLarge(u64),
    /// A file that could not be read.
    Failed(std::io::Error),
    /// A path that is not read (see [`Refusal`]).
    Refused(Refusal),
    /// A folder (a link to one inside the root included).
    Folder,
    /// Nothing (or a dangling link).
    Gone,
}

impl FileRead {
    /// What is at `path`. A link on `path` itself is always resolved and checked; the folders
    /// on the way only with `check_folders` (a walk has checked them already).
    pub(super) fn of(path: &Path, confinement: &Confinement, check_folders: bool) -> Self {
        let Ok(own) = std::fs::symlink_metadata(path) else {
            return FileRead::Gone;
        };
        if check_folders && confinement.behind_refused_link(path) {
            // Not part of the dossier as a walk reads it; the link's own error says why.
            return FileRead::Gone;
        }
        // What is read: the path as checked, links resolved (a link swapped after the check
        // changes nothing).
        let mut checked = path.to_path_buf();
        if own.file_type().is_symlink() || check_folders {
            match confinement.resolve(path) {
                Ok(Some(resolved)) => {
                    if let Err(refusal) = check_loop(path, &resolved, confinement) {
                        return FileRead::Refused(refusal);
                    }
                    checked = resolved;
                }
                Ok(None) => return FileRead::Gone,
                Err(refusal) => return FileRead::Refused(refusal),
            }
        }
        match std::fs::metadata(&checked) {
            Ok(meta) if meta.is_dir() => FileRead::Folder,
            Ok(meta) if meta.is_file() => match read_regular(&checked) {
                Ok(bytes) => FileRead::Bytes(bytes),
                Err(ReadFailure::TooLarge(len)) => FileRead::TooLarge(len),
                Err(ReadFailure::Refused(refusal)) => FileRead::Refused(refusal),
                Err(ReadFailure::Io(error)) => FileRead::Failed(error),
            },
            Ok(meta) => FileRead::Refused(Refusal::NotRegular(kind(&meta))),
            Err(_) => FileRead::Gone,
        }
    }
}

/// A link at `path` to the folder `resolved` is a loop when that folder is one the walk to
/// `path` went through, or above one.
fn check_loop(path: &Path, resolved: &Path, confinement: &Confinement) -> Result<(), Refusal> {
    let is_link = std::fs::symlink_metadata(path).is_ok_and(|meta| meta.file_type().is_symlink());
    if !is_link || !resolved.is_dir() {
        return Ok(());
    }
    let parent = path.parent().unwrap_or(path);
    if confinement
        .folders_on_the_way(parent)
        .iter()
        .any(|walked| walked.starts_with(resolved))
    {
        return Err(Refusal::Loop(resolved.to_path_buf()));
    }
    Ok(())
}

/// Why [`read_regular`] read nothing.
#[derive(Debug)]
pub enum ReadFailure {
    /// Over [`MAX_FILE_BYTES`] (the size found).
    TooLarge(u64),
    /// Not a regular file, or under `/proc`, `/sys` or `/dev`.
    Refused(Refusal),
    /// The system's error.
    Io(std::io::Error),
}

impl std::fmt::Display for ReadFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReadFailure::TooLarge(len) => write!(
                f,
                "the file is too large ({len} bytes; input files are limited to {MAX_FILE_BYTES} bytes)"
            ),
            ReadFailure::Refused(refusal) => f.write_str(&refusal.describe(Language::En).0),
            ReadFailure::Io(error) => write!(f, "{error}"),
        }
    }
}

/// Reads a regular file of at most [`MAX_FILE_BYTES`]: never a FIFO, device or socket (checked
/// before opening, and again on the open file), never anything under `/proc`, `/sys` or `/dev`.
/// For files outside a dossier (`add-source`'s input); a dossier's own files are read by
/// [`super::InputFiles`].
pub fn read_regular_file(path: &Path) -> Result<Vec<u8>, ReadFailure> {
    let resolved = path.canonicalize().map_err(ReadFailure::Io)?;
    if SYSTEM_FOLDERS.iter().any(|system| resolved.starts_with(system)) {
        return Err(ReadFailure::Refused(Refusal::System(resolved)));
    }
    let meta = std::fs::metadata(&resolved).map_err(ReadFailure::Io)?;
    if !meta.is_file() {
        return Err(ReadFailure::Refused(Refusal::NotRegular(kind(&meta))));
    }
    read_regular(&resolved)
}

/// Opens `path` without blocking, checks that the open file is a regular file of at most
/// [`MAX_FILE_BYTES`], and reads it (never more than the limit, whatever the size said).
fn read_regular(path: &Path) -> Result<Vec<u8>, ReadFailure> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        // Opening a FIFO for reading would wait for a writer; non-blocking, it returns at once
        // and the check below refuses it.
        let flags = rustix::fs::OFlags::NONBLOCK | rustix::fs::OFlags::NOCTTY;
        options.custom_flags(flags.bits() as i32);
    }
    let file = options.open(path).map_err(ReadFailure::Io)?;
    let meta = file.metadata().map_err(ReadFailure::Io)?;
    if !meta.is_file() {
        return Err(ReadFailure::Refused(Refusal::NotRegular(kind(&meta))));
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(ReadFailure::TooLarge(meta.len()));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(ReadFailure::Io)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(ReadFailure::TooLarge(bytes.len() as u64));
    }
    Ok(bytes)
}

/// What a non-regular file is, in the annotator's words.
/// What [`kind`] calls a FIFO, a device and a socket.
const FIFO: &str = "a FIFO (named pipe)";
const DEVICE: &str = "a device";
const SOCKET: &str = "a socket";

fn kind(meta: &std::fs::Metadata) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let file_type = meta.file_type();
        if file_type.is_fifo() {
            return FIFO;
        }
        if file_type.is_char_device() || file_type.is_block_device() {
            return DEVICE;
        }
        if file_type.is_socket() {
            return SOCKET;
        }
    }
    let _ = meta;
    "a special file"
}

/// What a walk of folders found.
#[derive(Debug, Default)]
pub(super) struct Walk {
    /// Every path below the folders that is not a folder (files, links to files, special
    /// files, refused links), in walk order; [`FileRead::of`] decides what each is.
    pub(super) paths: Vec<PathBuf>,
    /// Problems of the walk itself: links to folders outside the root, loops, unreadable
    /// folders, each with the path it concerns.
    pub(super) problems: Vec<WalkProblem>,
}

/// Walks `dir` (a folder, or a link to one, already checked) without following links, except
/// links to folders inside the root, walked in turn. Entries are sorted by name.
pub(super) fn walk(dir: &Path, confinement: &Confinement) -> Walk {
    let mut found = Walk::default();
    // Folders still to walk: the path as reached (links unresolved, for the keys), and the
    // resolved folders that led there (to recognise a link back to one of them).
    let start_chain = confinement.folders_on_the_way(dir);
    let mut pending: Vec<(PathBuf, Vec<PathBuf>)> = vec![(dir.to_path_buf(), start_chain)];
    let mut visited = 0usize;
    while let Some((folder, chain)) = pending.pop() {
        let mut links_to_folders = Vec::new();
        for entry in walkdir::WalkDir::new(&folder)
            .min_depth(1)
            .follow_links(false)
            .sort_by_file_name()
        {
            visited += 1;
            if visited > MAX_WALKED_PATHS {
                found.problems.push(WalkProblem::TooMany(dir.to_path_buf()));
                return found;
            }
            let entry = match entry {
                Ok(entry) => entry,
                Err(error) => {
                    let path = error.path().unwrap_or(&folder).to_path_buf();
                    let error = error.io_error().map_or_else(|| error.to_string(), ToString::to_string);
                    found.problems.push(WalkProblem::Unreadable(path, error));
                    continue;
                }
            };
            if entry.file_type().is_dir() {
                continue;
            }
            if !entry.file_type().is_symlink() {
                found.paths.push(entry.into_path());
                continue;
            }
            // A link: to a folder inside the root, walk it (unless it leads back); anything
            // else is read (or refused) as a file.
            match confinement.resolve(entry.path()) {
                Ok(Some(target)) if target.is_dir() => {
                    // The folders on the way: those that led to this folder, and this folder
                    // (the walk went through all folders between it and the last of those).
                    let real_parent = entry.path().parent().and_then(|p| p.canonicalize().ok());
                    let loops = real_parent.as_ref().is_some_and(|parent| parent.starts_with(&target))
                        || chain.iter().any(|walked| walked.starts_with(&target));
                    if loops {
                        found
                            .problems
                            .push(WalkProblem::Refused(entry.into_path(), Refusal::Loop(target)));
                    } else {
                        let mut next_chain = chain.clone();
                        next_chain.extend(real_parent);
                        next_chain.push(target);
                        links_to_folders.push((entry.into_path(), next_chain));
                    }
                }
                Ok(_) => found.paths.push(entry.into_path()),
                Err(refusal) => found.problems.push(WalkProblem::Refused(entry.into_path(), refusal)),
            }
        }
        // Walk linked folders in name order (the stack takes the last first).
        pending.extend(links_to_folders.into_iter().rev());
    }
    found
}

/// Checks that a folder to walk (`root/static`, or a folder the watcher names) may be read:
/// `Ok(true)` to walk it, `Ok(false)` when it is absent or not a folder.
pub(super) fn check_folder(path: &Path, confinement: &Confinement) -> Result<bool, Refusal> {
    let Some(resolved) = confinement.resolve(path)? else {
        return Ok(false);
    };
    check_loop(path, &resolved, confinement)?;
    Ok(resolved.is_dir())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outside_and_system_targets_are_refused_inside_ones_admitted() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("d");
        std::fs::create_dir_all(root.join("static")).unwrap();
        std::fs::write(root.join("inside.txt"), "x").unwrap();
        let strict = Confinement::new(&root, ReadOptions::default());
        let open = Confinement::new(
            &root,
            ReadOptions {
                follow_outside_links: true,
            },
        );
        assert!(strict.admits(&strict.root.join("inside.txt")).is_ok());
        assert!(matches!(
            strict.admits(Path::new("/etc/passwd")),
            Err(Refusal::Outside(_))
        ));
        assert!(open.admits(Path::new("/etc/passwd")).is_ok());
        for system in ["/proc/self/environ", "/sys/kernel", "/dev/null"] {
            assert!(
                matches!(open.admits(Path::new(system)), Err(Refusal::System(_))),
                "{system}"
            );
        }
        // A sibling whose name starts like the root is outside.
        assert!(matches!(
            strict.admits(&tmp.path().canonicalize().unwrap().join("d-other/x")),
            Err(Refusal::Outside(_))
        ));
    }

    #[cfg(unix)]
    #[test]
    fn a_fifo_is_refused_without_blocking() {
        let tmp = tempfile::tempdir().unwrap();
        let fifo = tmp.path().join("p");
        rustix::fs::mkfifoat(rustix::fs::CWD, &fifo, rustix::fs::Mode::from_raw_mode(0o644)).unwrap();
        assert!(matches!(
            read_regular(&fifo),
            Err(ReadFailure::Refused(Refusal::NotRegular(_)))
        ));
        assert!(matches!(
            read_regular_file(&fifo),
            Err(ReadFailure::Refused(Refusal::NotRegular(_)))
        ));
        assert!(matches!(
            read_regular_file(Path::new("/dev/zero")),
            Err(ReadFailure::Refused(Refusal::System(_)))
        ));
    }
}
