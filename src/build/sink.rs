//! Where the pipeline puts the files it makes: the staging folder of `dossier build`
//! ([`StagingSink`]), memory for `dossier serve` and the tests ([`MemorySink`]), or nowhere for
//! `dossier check` ([`NullSink`]). Files arrive from many threads at once, pages and the files
//! beside them interleaved, as soon as each is made.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use crate::write::{PreviousOutput, SiteFiles, Staging, WriteError, WriteReport};

/// Takes the output files of one pipeline run.
pub trait Sink: Sync {
    /// Called once, after the dossier resolved without errors and before the first file.
    fn begin(&mut self) -> Result<(), WriteError> {
        Ok(())
    }

    /// Takes one file. Called from many threads.
    fn write(&self, path: &str, bytes: &[u8]) -> Result<(), WriteError>;

    /// Takes one file whose bytes a cache keeps too: a sink that keeps files may keep these
    /// bytes rather than a copy.
    fn write_shared(&self, path: &str, bytes: &Arc<[u8]>) -> Result<(), WriteError> {
        self.write(path, bytes)
    }

    /// Takes the file `path` unchanged from the previous build's output `previous`, where it
    /// has content hash `hash` (a build with a cache keeps pages it did not render again).
    /// `false` when `previous` no longer holds it: the caller makes it anew.
    fn keep(&self, path: &str, hash: u64, previous: &PreviousOutput) -> Result<bool, WriteError> {
        match previous.read_file(path, hash) {
            Some(bytes) => self.write(path, &bytes).map(|()| true),
            None => Ok(false),
        }
    }
}

/// Drops every file: `dossier check` makes the whole site and writes none of it.
#[derive(Debug, Default, Clone, Copy)]
pub struct NullSink;

impl Sink for NullSink {
    fn write(&self, _path: &str, _bytes: &[u8]) -> Result<(), WriteError> {
        Ok(())
    }

    fn keep(&self, path: &str, hash: u64, previous: &PreviousOutput) -> Result<bool, WriteError> {
        Ok(previous.holds(path, hash))
    }
}

/// Keeps the site in memory. A file whose bytes equal the previous site's keeps the previous
/// bytes (the same allocation), so comparing two sites is cheap.
#[derive(Default)]
pub struct MemorySink {
    previous: Arc<SiteFiles>,
    files: Mutex<SiteFiles>,
}

impl MemorySink {
    /// An empty sink.
    pub fn new() -> Self {
        Self::default()
    }

    /// An empty sink that shares bytes with `previous` where they are equal.
    pub fn after(previous: Arc<SiteFiles>) -> Self {
        Self {
            previous,
            files: Mutex::default(),
        }
    }

    /// The files written, by path.
    pub fn into_files(self) -> SiteFiles {
        self.files.into_inner().unwrap_or_else(|e| e.into_inner())
    }

    fn keep(&self, path: &str, bytes: Arc<[u8]>) {
        self.files
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(path.to_owned(), bytes);
    }
}

impl Sink for MemorySink {
    fn write(&self, path: &str, bytes: &[u8]) -> Result<(), WriteError> {
        let shared = match self.previous.get(path) {
            Some(old) if **old == *bytes => old.clone(),
            _ => Arc::from(bytes),
        };
        self.keep(path, shared);
        Ok(())
    }

    fn write_shared(&self, path: &str, bytes: &Arc<[u8]>) -> Result<(), WriteError> {
        self.keep(path, bytes.clone());
        Ok(())
    }
}

/// Streams files into the staging folder of an output folder ([`Staging`]); a failed run
/// leaves the output untouched, a successful one is swapped in by [`StagingSink::finish`].
pub struct StagingSink {
    output: PathBuf,
    staging: Option<Staging>,
}

impl StagingSink {
    /// A sink for the output folder `output`; nothing is touched before [`Sink::begin`].
    pub fn new(output: &Path) -> Self {
        Self {
            output: output.to_path_buf(),
            staging: None,
        }
    }

    /// Swaps the staging folder in as the output (see [`Staging::finish`]).
    pub fn finish(self) -> Result<WriteReport, WriteError> {
        match self.staging {
            Some(staging) => staging.finish(),
            None => Err(not_begun(&self.output)),
        }
    }
}

impl Sink for StagingSink {
    fn begin(&mut self) -> Result<(), WriteError> {
        self.staging = Some(Staging::begin(&self.output)?);
        Ok(())
    }

    fn write(&self, path: &str, bytes: &[u8]) -> Result<(), WriteError> {
        match &self.staging {
            Some(staging) => staging.write(path, bytes),
            None => Err(not_begun(&self.output)),
        }
    }

    fn keep(&self, path: &str, hash: u64, previous: &PreviousOutput) -> Result<bool, WriteError> {
        match &self.staging {
            Some(staging) => staging.keep(path, hash, previous),
            None => Err(not_begun(&self.output)),
        }
    }
}

fn not_begun(output: &Path) -> WriteError {
    WriteError::Io {
        path: output.to_path_buf(),
        source: std::io::Error::other("the staging folder was not prepared"),
    }
}
