//! The incremental engine behind `dossier serve`: the build [`Pipeline`] with its [`Caches`]
//! kept between runs, the input files in memory, and the last good site, compared with each
//! new one.
//!
//! API: [`Engine::new`] reads a dossier; [`Engine::reload_paths`] re-reads the paths a watcher
//! reported and says which input files really changed; [`Engine::rebuild`] brings the site up
//! to date and reports what it did ([`Rebuild`]: pages rendered, files changed and removed), or
//! returns every problem while the last good site ([`Engine::files`]) stays.
//!
//! A rebuild is one pipeline run into memory ([`MemorySink`]): with the caches it re-parses
//! only changed files, re-resolves only changed sources, re-renders only pages whose
//! neighbourhood or context changed, re-makes only changed claims' exports and re-checks only
//! the links a change can have broken (see `build::caches`). So a changed claim re-renders
//! the pages that show something of it, a changed template the pages that use it, a config
//! change everything; the site is what `dossier build` writes, byte for byte. `tests/serve.rs`
//! compares it with the files of the real `dossier build` after long random sequences of edits.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use super::release::{ReleaseFiles, ReleaseInput, ReleaseJob, ReleaseState};
use crate::build::{self, BuildError, Caches, CheckOptions, MemorySink, Pipeline, PipelineOptions, ServeRelease};
use crate::diagnostic::Diagnostics;
use crate::load::{FileContent, InputFiles};
use crate::model::Language;
use crate::render::RenderOptions;

pub use crate::build::template_closure_hashes;
/// A rendered site in memory: output path (`claims/x/index.html`) → contents.
pub use crate::write::SiteFiles;
/// The engine's site: every file's hash, its bytes in memory or in the output folder.
pub use crate::write::{StoredFile, StoredSite};

/// What one successful [`Engine::rebuild`] did.
#[derive(Debug, Clone)]
pub struct Rebuild {
    /// Wall time of the rebuild.
    pub duration: Duration,
    /// Pages in the site.
    pub pages: usize,
    /// Pages rendered this time, sorted (the others kept their bytes).
    pub rendered: Vec<String>,
    /// Output files that are new or whose bytes changed, sorted.
    pub changed: Vec<String>,
    /// How many of `changed` are pages (the rest are static files).
    pub changed_pages: usize,
    /// Output files that no longer exist, sorted.
    pub removed: Vec<String>,
    /// Files in the site.
    pub files: usize,
    /// Warnings (a rebuild with errors fails instead).
    pub diagnostics: Diagnostics,
    /// Claims in the dossier.
    pub claims: usize,
    /// Sources in the dossier.
    pub sources: usize,
    /// Wall time of each step, in order (the pipeline's stages, then `compare`), for
    /// benchmarks.
    pub phases: Vec<(&'static str, Duration)>,
    /// The export files this rebuild made with its pages although it left the data release for
    /// later ([`Engine::rebuild_pages`]), sorted: those a page links to that the site lacked
    /// (empty when every export file was left for later).
    pub early: Vec<String>,
}

impl Rebuild {
    /// True when the site's files are exactly as before.
    pub fn is_unchanged(&self) -> bool {
        self.changed.is_empty() && self.removed.is_empty()
    }

    /// This rebuild followed by its data release: one report of both steps.
    fn with_release(mut self, released: Released) -> Self {
        self.duration += released.duration;
        self.phases.push(("data release", released.duration));
        self.changed.extend(released.changed);
        self.changed.sort();
        self.changed.dedup();
        self.removed.extend(released.removed);
        self.removed.sort();
        self.removed.dedup();
        self.files = released.files;
        self
    }
}

/// What publishing a rebuild's data release ([`Engine::publish_release`]) changed.
#[derive(Debug, Clone)]
pub struct Released {
    /// Time the release took to make (on its own thread).
    pub duration: Duration,
    /// Release files that are new or whose bytes changed, sorted.
    pub changed: Vec<String>,
    /// Release files that no longer exist, sorted.
    pub removed: Vec<String>,
    /// Files in the site.
    pub files: usize,
}

/// The incremental engine: input files, the pipeline's caches and the last good site.
pub struct Engine {
    input: InputFiles,
    render_options: RenderOptions,
    caches: Caches,
    built: bool,
    files: Arc<StoredSite>,
    release: ReleaseState,
}

impl Engine {
    /// Reads the dossier at `root`. Nothing is built until [`Engine::rebuild`].
    pub fn new(root: &Path, render_options: RenderOptions) -> Self {
        Self::with_input(InputFiles::read(root), render_options)
    }

    /// An engine over input files already in memory.
    pub fn with_input(input: InputFiles, render_options: RenderOptions) -> Self {
        Self {
            input,
            render_options,
            caches: Caches::new(),
            built: false,
            files: Arc::new(StoredSite::new()),
            release: ReleaseState::default(),
        }
    }

    /// The input files as the engine sees them.
    pub fn input(&self) -> &InputFiles {
        &self.input
    }

    /// The dossier folder.
    pub fn root(&self) -> &Path {
        &self.input.root
    }

    /// Re-reads `paths` from disk after the watcher reported them (files or folders, created,
    /// changed, renamed or deleted; paths outside the dossier's files and editor temp files are
    /// ignored). Returns the input keys whose content actually changed: empty when a save wrote
    /// the same bytes, or only temp files moved, in which case no rebuild is needed.
    pub fn reload_paths<P: AsRef<Path>>(&mut self, paths: &[P]) -> Vec<String> {
        let mut changed = BTreeSet::new();
        for path in paths {
            let path = path.as_ref();
            let Some(key) = self.input.key_for(path) else { continue };
            let before = self.entries_under(&key);
            self.input.reload_path(path);
            let after = self.entries_under(&key);
            changed.extend(
                before
                    .keys()
                    .chain(after.keys())
                    .filter(|k| before.get(*k) != after.get(*k))
                    .cloned(),
            );
        }
        for key in &changed {
            self.caches.input_changed(key);
        }
        changed.into_iter().collect()
    }

    /// Re-reads the whole dossier (after the watcher lost track, e.g. an event queue overflow).
    /// Returns the keys that changed.
    pub fn reload_all(&mut self) -> Vec<String> {
        let fresh = InputFiles::read_with(&self.input.root, self.input.options());
        let mut changed = BTreeSet::new();
        for (key, content) in &fresh.files {
            if self.input.files.get(key) != Some(content) {
                changed.insert(key.clone());
            }
        }
        for key in self.input.files.keys() {
            if !fresh.files.contains_key(key) {
                changed.insert(key.clone());
            }
        }
        if fresh.read_errors != self.input.read_errors {
            changed.extend(
                fresh
                    .read_errors
                    .iter()
                    .chain(&self.input.read_errors)
                    .map(|d| d.file.clone()),
            );
        }
        self.input = fresh;
        self.caches.input_replaced();
        changed.into_iter().collect()
    }

    /// Sets one input file's text in memory (tests and benchmarks; the server reads from disk).
    pub fn set_text(&mut self, key: &str, text: &str) {
        self.input.insert_text(key, text);
        self.caches.input_changed(key);
    }

    /// Removes one input file in memory (tests and benchmarks).
    pub fn remove_file(&mut self, key: &str) {
        self.input.files.remove(key);
        self.caches.input_changed(key);
    }

    /// The UI language `dossier.yaml` asks for, read on its own so that it is known even when
    /// the build fails (for the error page and overlay); `None` when the file or its
    /// `language:` cannot be read.
    pub fn ui_language(&self) -> Option<Language> {
        crate::load::stated_ui_language(self.input.text(crate::load::CONFIG_FILE)?)
    }

    /// The last good site; empty before the first successful rebuild. Files that the output
    /// folder holds (see [`Engine::stored_in`]) are read from it.
    pub fn files(&self) -> &Arc<StoredSite> {
        &self.files
    }

    /// Tells the engine that the output folder `folder` now holds every file of the last good
    /// site: their bytes are dropped from memory and read from the folder from now on, so the
    /// engine holds hashes for the whole site and bytes only for what later rebuilds change.
    pub fn stored_in(&mut self, folder: &Path) {
        self.files = Arc::new(self.files.stored_in(folder));
    }

    /// Whether a rebuild has succeeded yet.
    pub fn has_site(&self) -> bool {
        self.built
    }

    /// The absolute path the site is served under (`/`, or the path of the base URL), as of the
    /// last good build.
    pub fn base_path(&self) -> &str {
        self.caches.base_path()
    }

    /// Rebuilds the site from the current input, data release included (both steps of
    /// [`Engine::rebuild_pages`] and [`Engine::publish_release`] at once). On success the new
    /// site replaces the last good one; on failure the last good site stays and every problem
    /// is returned, exactly as `dossier build` reports them.
    pub fn rebuild(&mut self) -> Result<Rebuild, Diagnostics> {
        let report = self.rebuild_pages()?;
        match self.release_job() {
            Some(job) => match self.publish_release(job.run())? {
                Some(released) => Ok(report.with_release(released)),
                None => Ok(report),
            },
            None => Ok(report),
        }
    }

    /// Rebuilds the site from the current input as [`Engine::rebuild`] does, but leaves the
    /// export files (the data release, [`crate::render::exports::Release`], and the files
    /// joined from the claims' parts) for later when there is an earlier release: the new site
    /// keeps the earlier release's files until [`Engine::release_job`]'s files are published
    /// ([`Engine::publish_release`]). Joined files a page links to that the earlier release
    /// lacks are made at once ([`Rebuild::early`]). A job still under way for an earlier
    /// rebuild is cancelled. The first good rebuild makes everything.
    pub fn rebuild_pages(&mut self) -> Result<Rebuild, Diagnostics> {
        self.release.cancel_running();
        let started = Instant::now();
        let options = PipelineOptions {
            render: self.render_options.clone(),
            check: CheckOptions::default(),
        };
        let mut sink = MemorySink::after(self.files.clone());
        let carried = self.release.published.clone();
        let mut pipeline = Pipeline::new(&self.input, options);
        if let Some(carried) = &carried {
            pipeline = pipeline.deferring_release(carried);
        }
        let output = match pipeline.run(Some(&mut self.caches), &mut sink) {
            Ok(output) => output,
            Err(BuildError::Content(diagnostics)) => return Err(diagnostics),
            Err(BuildError::Output(error)) => return Err(build::output_problem(&error)),
        };
        let compare = Instant::now();
        let (mut files, written) = sink.into_site_and_written();
        // The earlier release's files stay until this rebuild's are made.
        let deferred = matches!(output.release, Some(ServeRelease::Deferred(_)));
        for path in carried.iter().flatten().filter(|_| deferred) {
            if let (false, Some(file)) = (files.contains_key(path), self.files.get(path)) {
                files.insert(path.clone(), file.clone());
            }
        }
        let (changed, removed) = site_changes(&self.files, &files, &written);
        let changed_pages = changed.iter().filter(|path| self.caches.is_page(path)).count();
        let early = match &output.release {
            Some(ServeRelease::Deferred(release)) => release.early.clone(),
            _ => Vec::new(),
        };
        let mut phases = output.phases;
        phases.push(("compare", compare.elapsed()));
        let report = Rebuild {
            duration: started.elapsed(),
            pages: output.pages,
            rendered: output.rendered,
            changed,
            changed_pages,
            removed,
            files: files.len(),
            diagnostics: output.diagnostics,
            claims: output.dossier.claims.len(),
            sources: output.dossier.sources.len(),
            phases,
            early,
        };
        let old = std::mem::replace(&mut self.files, Arc::new(files));
        // Freeing the last site and this run's dossier (tens of thousands of entries each) is
        // left to another thread: it is not on the way from a save to the reloaded page.
        let superseded = match output.release {
            Some(ServeRelease::Deferred(release)) => {
                let input = ReleaseInput::new(Arc::new(output.dossier), release, self.render_options.clone());
                (self.release.deferred(input), None)
            }
            Some(ServeRelease::Made(paths)) => (self.release.made(paths), Some(output.dossier)),
            None => (None, Some(output.dossier)),
        };
        rayon::spawn(move || drop((old, superseded)));
        self.built = true;
        Ok(report)
    }

    /// A job making the data release the site still waits for ([`Engine::rebuild_pages`]),
    /// to run on any thread; `None` when none is due or a job for it is under way.
    pub fn release_job(&mut self) -> Option<ReleaseJob> {
        self.release.job()
    }

    /// The paths of the data release files in the site, sorted (`None` before the first good
    /// rebuild).
    pub fn release_paths(&self) -> Option<&[String]> {
        self.release.published.as_deref()
    }

    /// Whether the site waits for its data release (a job for it is due or under way).
    pub fn release_pending(&self) -> bool {
        self.release.is_due() || self.release.is_running()
    }

    /// Puts a release job's files into the site, replacing the earlier release's: what changed,
    /// or `None` when the job was cancelled or a newer rebuild superseded it (its files are
    /// not the site's any more). An error when the files could not be made (then the earlier
    /// release stays).
    pub fn publish_release(&mut self, done: ReleaseFiles) -> Result<Option<Released>, Diagnostics> {
        let Some((made, duration)) = self.release.take(done) else {
            return Ok(None);
        };
        let made = made.map_err(|problem| {
            let mut diagnostics = Diagnostics::new();
            diagnostics.push(problem);
            diagnostics
        })?;
        let mut site = (*self.files).clone();
        let new_paths: BTreeSet<&str> = made.iter().map(|file| file.path.as_str()).collect();
        let mut removed: Vec<String> = Vec::new();
        for path in self.release.published.iter().flatten() {
            if !new_paths.contains(path.as_str()) && site.remove(path).is_some() {
                removed.push(path.clone());
            }
        }
        let mut paths = Vec::with_capacity(made.len());
        let mut changed = Vec::new();
        for file in made {
            let stored = StoredFile::in_memory(Arc::from(file.bytes));
            paths.push(file.path.clone());
            if site.get(&file.path).is_none_or(|old| old.hash != stored.hash) {
                changed.push(file.path.clone());
                site.insert(file.path, stored);
            }
        }
        paths.sort();
        changed.sort();
        removed.sort();
        self.release.published = Some(paths);
        let files = site.len();
        let old = std::mem::replace(&mut self.files, Arc::new(site));
        rayon::spawn(move || drop(old));
        Ok(Some(Released {
            duration,
            changed,
            removed,
            files,
        }))
    }

    /// The input entries at `key` and below it (a folder), with the read errors for them.
    fn entries_under(&self, key: &str) -> BTreeMap<String, Entry> {
        let prefix = format!("{key}/");
        let mut entries: BTreeMap<String, Entry> = BTreeMap::new();
        if let Some(content) = self.input.files.get(key) {
            entries.insert(key.to_owned(), Entry::File(content.clone()));
        }
        // Keys below the folder sort together, right from `key/`.
        for (k, content) in self.input.files.range(prefix.clone()..) {
            if !k.starts_with(&prefix) {
                break;
            }
            entries.insert(k.clone(), Entry::File(content.clone()));
        }
        for error in &self.input.read_errors {
            if error.file == key || error.file.starts_with(&prefix) {
                entries.insert(error.file.clone(), Entry::Unreadable(error.message.clone()));
            }
        }
        entries
    }
}

/// What changed from the site `old` to `new`, given the paths the sink was given bytes for
/// (`written`, sorted): every other file of `new` was kept from `old` as it was. The files new
/// or changed, and those gone (both sorted). Costs what was written, not what the site holds,
/// unless a file went away.
fn site_changes(old: &StoredSite, new: &StoredSite, written: &[String]) -> (Vec<String>, Vec<String>) {
    let mut added = 0;
    let mut changed = Vec::new();
    for path in written {
        let Some(file) = new.get(path) else { continue };
        match old.get(path) {
            None => {
                added += 1;
                changed.push(path.clone());
            }
            Some(before) if before.hash != file.hash => changed.push(path.clone()),
            Some(_) => {}
        }
    }
    // Every path of `new` but the added ones is one of `old`'s: as many as `old` holds means
    // none went away.
    let removed = if new.len() - added == old.len() {
        Vec::new()
    } else {
        old.paths().filter(|path| !new.contains_key(path)).cloned().collect()
    };
    (changed, removed)
}

/// What an input key holds, for telling whether a reload changed anything.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Entry {
    File(FileContent),
    Unreadable(String),
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::{StoredFile, StoredSite, site_changes};

    fn site(files: &[(&str, &str)]) -> StoredSite {
        let mut site = StoredSite::new();
        for (path, text) in files {
            site.insert((*path).to_owned(), StoredFile::in_memory(Arc::from(text.as_bytes())));
        }
        site
    }

    /// Only the written paths are compared: a written file with its old bytes is unchanged, a
    /// new one added, one with other bytes changed; a file not carried over is removed.
    #[test]
    fn site_changes_are_the_written_files_that_differ_and_the_files_gone() {
        let old = site(&[("a", "1"), ("b", "2"), ("c", "3")]);
        let new = site(&[("a", "1"), ("b", "two"), ("c", "3"), ("d", "4")]);
        let written = ["a".to_owned(), "b".to_owned(), "d".to_owned()];
        assert_eq!(
            site_changes(&old, &new, &written),
            (vec!["b".to_owned(), "d".to_owned()], vec![])
        );
        let without_c = site(&[("a", "1"), ("b", "two"), ("d", "4")]);
        assert_eq!(
            site_changes(&old, &without_c, &written),
            (vec!["b".to_owned(), "d".to_owned()], vec!["c".to_owned()])
        );
        let nothing_written = site(&[("a", "1"), ("b", "2")]);
        assert_eq!(
            site_changes(&old, &nothing_written, &[]),
            (vec![], vec!["c".to_owned()])
        );
    }
}
