//! Watching a dossier for changes: `dossier.yaml` and the folders `content/`, `seeds/`,
//! `templates/` and `static/`, never the output folder.
//!
//! The root itself is watched without recursion (it sees `dossier.yaml` and the four folders
//! come and go); each folder that exists is watched recursively, and followed when it is
//! created, deleted or replaced later. Events are debounced ([`notify_debouncer_full`]) and
//! reduced to the set of paths they name ([`paths_of`]); the engine re-reads those paths from
//! disk, so whatever sequence of writes, renames and deletions an editor makes, what counts is
//! the final state of each file. Editor temp files are ignored by the engine's key mapping
//! ([`crate::load::is_editor_temp`]).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::mpsc::Sender;
use std::time::Duration;

use notify_debouncer_full::notify::event::ModifyKind;
use notify_debouncer_full::notify::{EventKind, RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, DebouncedEvent, Debouncer, RecommendedCache, new_debouncer};

use crate::load::WATCHED_DIRS;

/// How long a path must be quiet before its events are delivered. Editors finish a save (write
/// a temp file, rename it over the original, delete the backup) well within this.
pub const DEBOUNCE: Duration = Duration::from_millis(30);

/// A message to the rebuild loop.
#[derive(Debug)]
pub enum WatchMessage {
    /// Debounced events (or watcher errors).
    Events(DebounceEventResult),
    /// The server is stopping.
    Stop,
}

/// Why watching could not start.
#[derive(Debug, thiserror::Error)]
#[error("cannot watch {path}: {source}")]
pub struct WatchError {
    /// What was to be watched.
    pub path: PathBuf,
    /// Why not.
    pub source: notify_debouncer_full::notify::Error,
}

/// The watcher of one dossier folder.
pub struct DossierWatcher {
    debouncer: Debouncer<RecommendedWatcher, RecommendedCache>,
    root: PathBuf,
    /// The top-level folders watched recursively, by name.
    watched: BTreeMap<&'static str, PathBuf>,
}

impl DossierWatcher {
    /// Starts watching `root` (an absolute path); events go to `sender`.
    pub fn start(root: &Path, sender: Sender<WatchMessage>) -> Result<Self, WatchError> {
        let handler = move |result: DebounceEventResult| {
            // The loop is gone only when the server stops.
            let _ = sender.send(WatchMessage::Events(result));
        };
        let debouncer = new_debouncer(DEBOUNCE, None, handler).map_err(|source| WatchError {
            path: root.to_path_buf(),
            source,
        })?;
        let mut watcher = Self {
            debouncer,
            root: root.to_path_buf(),
            watched: BTreeMap::new(),
        };
        watcher
            .debouncer
            .watch(root, RecursiveMode::NonRecursive)
            .map_err(|source| WatchError {
                path: root.to_path_buf(),
                source,
            })?;
        watcher.follow_folders();
        Ok(watcher)
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
                (true, false) if self.debouncer.watch(&path, RecursiveMode::Recursive).is_ok() => {
                    self.watched.insert(name, path.clone());
                    added.push(path);
                }
                (false, true) => {
                    let _ = self.debouncer.unwatch(&path);
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
            let _ = self.debouncer.unwatch(&path);
        }
        self.follow_folders();
    }

    /// The root.
    pub fn root(&self) -> &Path {
        &self.root
    }
}

/// The paths named by a batch of events, `Access` events left out, and whether the watcher
/// lost track (an overflowed event queue) so that everything must be re-read.
pub fn paths_of(events: &[DebouncedEvent]) -> (BTreeSet<PathBuf>, bool) {
    let mut paths = BTreeSet::new();
    let mut rescan = false;
    for event in events {
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
pub fn replaced_folders(root: &Path, events: &[DebouncedEvent]) -> BTreeSet<&'static str> {
    events
        .iter()
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
    use notify_debouncer_full::notify::event::{AccessKind, CreateKind, Event, RenameMode};
    use std::time::Instant;

    fn event(kind: EventKind, paths: &[&str]) -> DebouncedEvent {
        let event = paths
            .iter()
            .fold(Event::new(kind), |event, path| event.add_path(PathBuf::from(path)));
        DebouncedEvent::new(event, Instant::now())
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

    #[test]
    fn top_level_folders() {
        let root = Path::new("/d");
        assert_eq!(top_level_folder(root, Path::new("/d/content")), Some("content"));
        assert_eq!(top_level_folder(root, Path::new("/d/content/a.yaml")), None);
        assert_eq!(top_level_folder(root, Path::new("/d/public")), None);
        assert_eq!(top_level_folder(root, Path::new("/elsewhere/content")), None);
    }
}
