//! The data release made after the pages: `serve` publishes a rebuild's pages (and tells open
//! pages to reload) first, and makes every file beside them that is made from the claims' export
//! parts as a second step: the files built from every claim's record at once (`dossier.sqlite`,
//! `claims.xlsx`, `claims.de.csv`, `datapackage.json`, the search index:
//! [`crate::render::exports::Release`]) and the files joined from the parts (`claims.json`, the
//! claim CSVs, `annotations.jsonld`, feeds, sitemap, article texts), so a save reaches the
//! browser without waiting for them. (When a page links to a joined file the site does not hold
//! yet, those are made with the pages too: see `build::Pipeline::deferring_release`.)
//!
//! Until the second step is published the site keeps the previous complete release (never a
//! half-made one). Each rebuild's release is one [`ReleaseJob`], made on another thread from what
//! the rebuild resolved; a newer rebuild cancels the job under way, and a job's files are taken
//! only while its rebuild is still the engine's latest ([`ReleaseState`]), so stale release files
//! are never published over newer ones.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use crate::build::DeferredRelease;
use crate::diagnostic::Diagnostic;
use crate::model::Dossier;
use crate::render::{OutputFile, Prepared, RenderOptions};

/// What one rebuild's data release is made from.
#[derive(Clone)]
pub(super) struct ReleaseInput {
    dossier: Arc<Dossier>,
    release: Arc<DeferredRelease>,
    render: RenderOptions,
}

impl ReleaseInput {
    pub(super) fn new(dossier: Arc<Dossier>, release: DeferredRelease, render: RenderOptions) -> Self {
        Self {
            dossier,
            release: Arc::new(release),
            render,
        }
    }
}

/// Makes one rebuild's data release ([`ReleaseJob::run`], on any thread); its result goes back
/// to [`super::incremental::Engine::publish_release`].
pub struct ReleaseJob {
    serial: u64,
    input: ReleaseInput,
    cancelled: Arc<AtomicBool>,
}

impl std::fmt::Debug for ReleaseJob {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ReleaseJob")
            .field("serial", &self.serial)
            .finish_non_exhaustive()
    }
}

/// The files a [`ReleaseJob`] made (or nothing, when it was cancelled).
#[derive(Debug)]
pub struct ReleaseFiles {
    serial: u64,
    made: Option<Result<Vec<OutputFile>, Diagnostic>>,
    duration: Duration,
}

impl ReleaseFiles {
    /// Whether the job was cancelled before it was done.
    pub fn was_cancelled(&self) -> bool {
        self.made.is_none()
    }
}

impl ReleaseJob {
    /// Makes the files: the same a full build of the rebuild's dossier makes; nothing when a
    /// newer rebuild cancelled the job meanwhile.
    pub fn run(self) -> ReleaseFiles {
        let started = Instant::now();
        let cancelled = || self.cancelled.load(Ordering::Relaxed);
        let made = (!cancelled())
            .then(|| {
                let input = &self.input;
                let prepared = Prepared::new(&input.dossier, &input.render).with_history(input.release.history.clone());
                let release = &input.release;
                crate::render::exports::release_files_from(&prepared, &release.pages, &release.parts, &cancelled)
            })
            .flatten();
        ReleaseFiles {
            serial: self.serial,
            made,
            duration: started.elapsed(),
        }
    }
}

/// The engine's side of the data release: which files of its site are the release, what the
/// release still due is made from, and the job making it.
#[derive(Default)]
pub(super) struct ReleaseState {
    /// The paths of the release files in the engine's site (`None` before any release).
    pub(super) published: Option<Vec<String>>,
    /// What the release of the engine's site is made from, while it is not yet published.
    due: Option<ReleaseInput>,
    /// The job under way: its serial number and its cancel flag.
    running: Option<(u64, Arc<AtomicBool>)>,
    /// The serial number of the last job.
    serial: u64,
}

impl ReleaseState {
    /// A newer rebuild starts: the job under way is cancelled (its result will be ignored).
    pub(super) fn cancel_running(&mut self) {
        if let Some((_, cancelled)) = self.running.take() {
            cancelled.store(true, Ordering::Relaxed);
        }
    }

    /// The rebuild that just succeeded made its release with the pages (at `paths`).
    pub(super) fn made(&mut self, mut paths: Vec<String>) -> Option<ReleaseInput> {
        paths.sort();
        self.published = Some(paths);
        self.due.take()
    }

    /// The rebuild that just succeeded left its release for later; returns the earlier release
    /// input that is now superseded (to be freed off the way to the page).
    pub(super) fn deferred(&mut self, input: ReleaseInput) -> Option<ReleaseInput> {
        self.due.replace(input)
    }

    /// Whether the engine's site still waits for its release.
    pub(super) fn is_due(&self) -> bool {
        self.due.is_some()
    }

    /// Whether a job is under way.
    pub(super) fn is_running(&self) -> bool {
        self.running.is_some()
    }

    /// A job for the release due, unless none is due or one is under way.
    pub(super) fn job(&mut self) -> Option<ReleaseJob> {
        if self.running.is_some() {
            return None;
        }
        let input = self.due.clone()?;
        self.serial += 1;
        let cancelled = Arc::new(AtomicBool::new(false));
        self.running = Some((self.serial, cancelled.clone()));
        Some(ReleaseJob {
            serial: self.serial,
            input,
            cancelled,
        })
    }

    /// Takes a job's result: the files, when the job is the one under way for the release due
    /// and was not cancelled (then nothing is due any more); `None` otherwise (superseded,
    /// cancelled: a later job makes it).
    pub(super) fn take(&mut self, done: ReleaseFiles) -> Option<(Result<Vec<OutputFile>, Diagnostic>, Duration)> {
        if self.running.as_ref().map(|(serial, _)| *serial) != Some(done.serial) {
            return None;
        }
        self.running = None;
        let made = done.made?;
        // Dropping the release input (the rebuild's dossier) is left to another thread.
        let input = self.due.take();
        rayon::spawn(move || drop(input));
        Some((made, done.duration))
    }
}
