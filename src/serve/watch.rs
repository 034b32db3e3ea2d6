//! Watching a dossier for changes: `dossier.yaml` and the folders `content/`, `seeds/`,
//! `templates/` and `static/`, never the output folder.
//!
//! Commits matter too: the corrections log is read from the git history. Of a repository at the
//! root, only two folders are watched, each without recursion: `.git` itself (for `HEAD`, which
//! a checkout changes, and `packed-refs`) and the folder of the branch `HEAD` names
//! (`.git/refs/heads`, where a commit moves the branch). Events for other files there (the
//! index, lock files) name no dossier file and rebuild nothing; [`DossierWatcher::is_git_head`]
//! tells the rebuild loop which ones mean the history may have moved. Objects, logs and the
//! rest of `.git` are never watched.
//!
//! The root itself is watched without recursion (it sees `dossier.yaml` and the four folders
//! come and go); each folder that exists is watched recursively, and followed when it is
//! created, deleted or replaced later. Events are collected into bursts ([`DEBOUNCE`]) and
//! reduced to the set of paths they name ([`paths_of`]); the engine re-reads those paths from
//! disk, so whatever sequence of writes, renames and deletions an editor makes, what counts is
//! the final state of each file. Editor temp files are ignored by the engine's key mapping
//! ([`crate::load::is_editor_temp`]).
//!
//! The debouncing never drops or merges an event: every change to a path is followed by an
//! event naming it, delivered after the change, so the engine's last read of every path comes
//! after its last change. (A debouncer that cancels a creation against a later deletion, as
//! `notify-debouncer-full` does, loses the deletion when the reader has already seen the file
//! come back: deleted, created again and deleted again within the debounce, the file stayed in
//! the served site.)

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender};
use std::time::{Duration, Instant};

use notify::event::ModifyKind;
use notify::{Event, EventKind, RecommendedWatcher, RecursiveMode, Watcher};

use crate::load::WATCHED_DIRS;

/// How long the dossier must be quiet (no event at all) before a burst of events is delivered.
/// Editors finish a save (write a temp file, rename it over the original, delete the backup)
/// well within this.
pub const DEBOUNCE: Duration = Duration::from_millis(30);

/// The longest a burst is held back while events keep coming, so that a long stream of changes
/// still rebuilds now and then.
pub const MAX_BURST: Duration = Duration::from_millis(250);

/// A file-system event and when it arrived.
#[derive(Debug, Clone)]
pub struct WatchEvent {
    /// What happened.
    pub event: Event,
    /// When the watcher received it.
    pub time: Instant,
}

/// A message to the rebuild loop.
#[derive(Debug)]
pub enum WatchMessage {
    /// A burst of events, in the order they arrived.
    Events(Vec<WatchEvent>),
    /// Errors the watcher reported.
    Errors(Vec<notify::Error>),
    /// The server is stopping.
    Stop,
    /// A rebuild's data release was made (sent by its job's thread, not by the watcher).
    Release(Box<super::release::ReleaseFiles>),
}

/// Why watching could not start.
#[derive(Debug, thiserror::Error)]
#[error("cannot watch {path}: {source}")]
pub struct WatchError {
    /// What was to be watched.
    pub path: PathBuf,
    /// Why not.
    pub source: notify::Error,
}

/// The watcher of one dossier folder.
pub struct DossierWatcher {
    watcher: RecommendedWatcher,
    root: PathBuf,
    /// The top-level folders watched recursively, by name.
    watched: BTreeMap<&'static str, PathBuf>,
    /// The git folders watched without recursion (`.git`, the current branch's folder).
    git_folders: BTreeSet<PathBuf>,
    /// The files whose change moves the history: `.git/HEAD`, `.git/packed-refs` and the
    /// current branch's ref file.
    git_heads: BTreeSet<PathBuf>,
}

impl DossierWatcher {
    /// Starts watching `root` (an absolute path); bursts of events go to `sender`.
    pub fn start(root: &Path, sender: Sender<WatchMessage>) -> Result<Self, WatchError> {
        let (raw_sender, raw_receiver) = std::sync::mpsc::channel();
        let watcher = notify::recommended_watcher(move |result: notify::Result<Event>| {
            // The burst thread is gone only when the server stops.
            let _ = raw_sender.send((result, Instant::now()));
        })
        .map_err(|source| WatchError {
            path: root.to_path_buf(),
            source,
        })?;
        // Ends when the watcher (and with it the raw sender) is dropped.
        std::thread::Builder::new()
            .name("dossier-watch".into())
            .spawn(move || forward_bursts(&raw_receiver, &sender, DEBOUNCE, MAX_BURST))
            .map_err(|error| WatchError {
                path: root.to_path_buf(),
                source: notify::Error::io(error),
            })?;
        let mut watcher = Self {
            watcher,
            root: root.to_path_buf(),
            watched: BTreeMap::new(),
            git_folders: BTreeSet::new(),
            git_heads: BTreeSet::new(),
        };
        watcher
            .watcher
            .watch(root, RecursiveMode::NonRecursive)
            .map_err(|source| WatchError {
                path: root.to_path_buf(),
                source,
            })?;
        watcher.follow_folders();
        watcher.follow_git();
        Ok(watcher)
    }

    /// Watches `.git` and the folder of the branch `HEAD` names (after a checkout, another
    /// one), without recursion; forgets folders no longer wanted. Only a repository whose
    /// `.git` is a folder at the root is followed, the one the corrections log reads.
    pub fn follow_git(&mut self) {
        let git = self.root.join(".git");
        let mut folders = BTreeSet::new();
        let mut heads = BTreeSet::new();
        if std::fs::symlink_metadata(&git).is_ok_and(|meta| meta.is_dir()) {
            folders.insert(git.clone());
            heads.insert(git.join("HEAD"));
            heads.insert(git.join("packed-refs"));
            if let Some(branch) = branch_ref(&git) {
                let file = git.join(&branch);
                if let Some(folder) = file.parent().filter(|folder| folder.is_dir()) {
                    folders.insert(folder.to_path_buf());
                }
                heads.insert(file);
            }
        }
        for gone in self.git_folders.difference(&folders) {
            let _ = self.watcher.unwatch(gone);
        }
        let mut watched = BTreeSet::new();
        for folder in folders {
            let ok =
                self.git_folders.contains(&folder) || self.watcher.watch(&folder, RecursiveMode::NonRecursive).is_ok();
            if ok {
                watched.insert(folder);
            }
        }
        self.git_folders = watched;
        self.git_heads = heads;
    }

    /// Whether a change of `path` may have moved the git history: it is `.git/HEAD`,
    /// `.git/packed-refs` or the current branch's ref file.
    pub fn is_git_head(&self, path: &Path) -> bool {
        self.git_heads.contains(path)
    }

    /// Watches top-level folders that appeared and forgets those that went away. Returns the
    /// folders newly watched: their contents must be re-read, since files may have been
    /// written into them before the watch began.
    pub fn follow_folders(&mut self) -> Vec<PathBuf> {
        let mut added = Vec::new();
        for name in WATCHED_DIRS {
            let path = self.root.join(name);
            let exists = path.is_dir();
            match (exists, self.watched.contains_key(name)) {
                (true, false) if self.watcher.watch(&path, RecursiveMode::Recursive).is_ok() => {
                    self.watched.insert(name, path.clone());
                    added.push(path);
                }
                (false, true) => {
                    let _ = self.watcher.unwatch(&path);
                    self.watched.remove(name);
                }
                _ => {}
            }
        }
        added
    }

    /// Re-watches a top-level folder that was replaced (deleted and created again, or renamed
    /// over), whose old watch is gone with the old folder.
    pub fn rewatch(&mut self, name: &'static str) {
        if let Some(path) = self.watched.remove(name) {
            let _ = self.watcher.unwatch(&path);
        }
        self.follow_folders();
    }

    /// The root.
    pub fn root(&self) -> &Path {
        &self.root
    }
}

/// The ref `HEAD` names (`refs/heads/main`), if it names one inside `refs/`.
fn branch_ref(git: &Path) -> Option<PathBuf> {
    let head = std::fs::read_to_string(git.join("HEAD")).ok()?;
    let name = head.strip_prefix("ref:")?.trim();
    let path = Path::new(name);
    let plain = path
        .components()
        .all(|component| matches!(component, std::path::Component::Normal(_)));
    (plain && name.starts_with("refs/")).then(|| path.to_path_buf())
}

/// Receives raw events and sends them on in bursts: a burst ends when no event came for
/// `quiet`, or when its first event is `longest` old. Every event is sent, none merged or
/// dropped. Returns when `raw` is closed (after sending what it holds) or `sender` is.
pub fn forward_bursts(
    raw: &Receiver<(notify::Result<Event>, Instant)>,
    sender: &Sender<WatchMessage>,
    quiet: Duration,
    longest: Duration,
) {
    while let Ok(first) = raw.recv() {
        let started = Instant::now();
        let mut events = Vec::new();
        let mut errors = Vec::new();
        let mut take = |(result, time): (notify::Result<Event>, Instant)| match result {
            Ok(event) => events.push(WatchEvent { event, time }),
            Err(error) => errors.push(error),
        };
        take(first);
        let mut closed = false;
        loop {
            let now = Instant::now();
            let until = (now + quiet).min(started + longest);
            match raw.recv_timeout(until.saturating_duration_since(now)) {
                Ok(next) => take(next),
                Err(RecvTimeoutError::Timeout) => break,
                Err(RecvTimeoutError::Disconnected) => {
                    closed = true;
                    break;
                }
            }
        }
        if !errors.is_empty() && sender.send(WatchMessage::Errors(errors)).is_err() {
            return;
        }
        if !events.is_empty() && sender.send(WatchMessage::Events(events)).is_err() {
            return;
        }
        if closed {
            return;
        }
    }
}

/// The paths named by a burst of events, `Access` events left out, and whether the watcher
/// lost track (an overflowed event queue) so that everything must be re-read.
pub fn paths_of(events: &[WatchEvent]) -> (BTreeSet<PathBuf>, bool) {
    let mut paths = BTreeSet::new();
    let mut rescan = false;
    for WatchEvent { event, .. } in events {
        if event.need_rescan() {
            rescan = true;
        }
        if matches!(event.kind, EventKind::Access(_)) {
            continue;
        }
        paths.extend(event.paths.iter().cloned());
    }
    (paths, rescan)
}

/// The top-level folders that were created, deleted or renamed in `events`: their recursive
/// watches must be renewed.
pub fn replaced_folders(root: &Path, events: &[WatchEvent]) -> BTreeSet<&'static str> {
    events
        .iter()
        .map(|e| &e.event)
        .filter(|event| {
            matches!(
                event.kind,
                EventKind::Create(_) | EventKind::Remove(_) | EventKind::Modify(ModifyKind::Name(_))
            )
        })
        .flat_map(|event| event.paths.iter())
        .filter_map(|path| top_level_folder(root, path))
        .collect()
}

/// The top-level watched folder a path is, if it is one (`ROOT/content` → `content`).
pub fn top_level_folder(root: &Path, path: &Path) -> Option<&'static str> {
    let relative = path.strip_prefix(root).ok()?;
    let mut components = relative.components();
    let first = components.next()?;
    if components.next().is_some() {
        return None;
    }
    WATCHED_DIRS.into_iter().find(|name| first.as_os_str() == *name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use notify::event::{AccessKind, CreateKind, RemoveKind, RenameMode};

    fn event(kind: EventKind, paths: &[&str]) -> WatchEvent {
        let event = paths
            .iter()
            .fold(Event::new(kind), |event, path| event.add_path(PathBuf::from(path)));
        WatchEvent {
            event,
            time: Instant::now(),
        }
    }

    #[test]
    fn access_events_are_dropped_and_renames_name_both_ends() {
        let events = [
            event(EventKind::Access(AccessKind::Any), &["/d/content/a.yaml"]),
            event(
                EventKind::Modify(ModifyKind::Name(RenameMode::Both)),
                &["/d/content/.a.yaml.swp", "/d/content/a.yaml"],
            ),
            event(EventKind::Create(CreateKind::File), &["/d/seeds/x.txt"]),
        ];
        let (paths, rescan) = paths_of(&events);
        assert!(!rescan);
        let paths: Vec<&str> = paths.iter().map(|p| p.to_str().unwrap()).collect();
        assert_eq!(paths, ["/d/content/.a.yaml.swp", "/d/content/a.yaml", "/d/seeds/x.txt"]);
    }

    /// Creations and deletions of one path are all delivered, in order: nothing cancels out.
    #[test]
    fn bursts_keep_every_event_in_order() {
        let (raw_sender, raw) = std::sync::mpsc::channel();
        let (sender, bursts) = std::sync::mpsc::channel();
        let forwarder = std::thread::spawn(move || {
            forward_bursts(&raw, &sender, Duration::from_millis(30), Duration::from_secs(10))
        });
        let kinds = [
            EventKind::Remove(RemoveKind::File),
            EventKind::Create(CreateKind::File),
            EventKind::Remove(RemoveKind::File),
        ];
        for kind in kinds {
            raw_sender
                .send((Ok(event(kind, &["/d/content/pages/a.md"]).event), Instant::now()))
                .unwrap();
        }
        let Ok(WatchMessage::Events(burst)) = bursts.recv_timeout(Duration::from_secs(5)) else {
            panic!("no burst");
        };
        let delivered: Vec<EventKind> = burst.iter().map(|e| e.event.kind).collect();
        assert_eq!(delivered, kinds);
        drop(raw_sender);
        forwarder.join().unwrap();
    }

    /// A steady stream of events is cut into bursts no longer than the limit, and what is
    /// pending when the watcher goes away is still delivered.
    #[test]
    fn a_steady_stream_is_delivered_in_bounded_bursts() {
        let (raw_sender, raw) = std::sync::mpsc::channel();
        let (sender, bursts) = std::sync::mpsc::channel();
        let forwarder = std::thread::spawn(move || {
            forward_bursts(&raw, &sender, Duration::from_millis(50), Duration::from_millis(100))
        });
        let started = Instant::now();
        let mut sent = 0;
        while started.elapsed() < Duration::from_millis(450) {
            let kind = EventKind::Modify(ModifyKind::Any);
            raw_sender
                .send((Ok(event(kind, &["/d/content/topics.yaml"]).event), Instant::now()))
                .unwrap();
            sent += 1;
            std::thread::sleep(Duration::from_millis(5));
        }
        drop(raw_sender);
        forwarder.join().unwrap();
        let sizes: Vec<usize> = bursts
            .try_iter()
            .map(|message| match message {
                WatchMessage::Events(events) => events.len(),
                other => panic!("{other:?}"),
            })
            .collect();
        assert!(sizes.len() >= 3, "{sizes:?}");
        assert_eq!(sizes.iter().sum::<usize>(), sent);
    }

    #[test]
    fn top_level_folders() {
        let root = Path::new("/d");
        assert_eq!(top_level_folder(root, Path::new("/d/content")), Some("content"));
        assert_eq!(top_level_folder(root, Path::new("/d/content/a.yaml")), None);
        assert_eq!(top_level_folder(root, Path::new("/d/public")), None);
        assert_eq!(top_level_folder(root, Path::new("/elsewhere/content")), None);
    }
}
