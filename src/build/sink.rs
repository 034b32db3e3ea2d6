//! Where the pipeline puts the files it makes: the staging folder of `dossier build`
//! ([`StagingSink`]), memory for `dossier serve` and the tests ([`MemorySink`]), or nowhere for
//! `dossier check` ([`NullSink`]). Files arrive from many threads at once, pages and the files
//! beside them interleaved, as soon as each is made.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use crate::render::exports::{Emit, EmitFile};
use crate::write::{
    PreviousOutput, SiteFiles, StagedFile, Staging, StoredFile, StoredSite, WriteError, WriteReport, content_hash,
};

/// A file a [`Sink`] takes piece by piece ([`Sink::create`]): what is written goes where the
/// sink keeps the file. Dropped unfinished, it is not taken.
pub trait SinkFile: std::io::Write + Send {
    /// Ends the file: the sink takes it. Its content hash ([`content_hash`] of every byte).
    fn finish(self: Box<Self>) -> Result<u64, WriteError>;
}

/// Takes the output files of one pipeline run.
pub trait Sink: Sync {
    /// Called once, after the dossier resolved without errors and before the first file.
    fn begin(&mut self) -> Result<(), WriteError> {
        Ok(())
    }

    /// Whether this sink drops every file (`dossier check`): the pipeline then only names the
    /// files beside the pages, never makes their bytes (pages are still rendered: rendering is
    /// what is checked).
    fn discards(&self) -> bool {
        false
    }

    /// Takes one file. Called from many threads.
    fn write(&self, path: &str, bytes: &[u8]) -> Result<(), WriteError>;

    /// Starts the file `path`, taken piece by piece (a large file never held whole by a sink
    /// that writes to disk). Called from many threads. By default the pieces are collected and
    /// given to [`Sink::write`].
    fn create(&self, path: &str) -> Result<Box<dyn SinkFile + '_>, WriteError> {
        Ok(Box::new(CollectedFile {
            sink: self,
            path: path.to_owned(),
            bytes: Vec::new(),
        }))
    }

    /// A folder where the files beside the pages may keep temporary files while they are made
    /// (a database built in a file), when the sink has one.
    fn scratch_dir(&self) -> Option<&Path> {
        None
    }

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

    /// Takes the file `path` unchanged from the site this sink continues (the serve engine's
    /// last good site), where it has content hash `hash`, without its bytes being made again.
    /// `false` when this sink continues no site or that site has another file there: the caller
    /// makes it anew.
    fn keep_unchanged(&self, _path: &str, _hash: u64) -> Result<bool, WriteError> {
        Ok(false)
    }

    /// The bytes of the file `path` of the site this sink continues, if its content hash there
    /// is `hash` (for reading back what [`Sink::keep_unchanged`] kept).
    fn read_previous(&self, _path: &str, _hash: u64) -> Option<Vec<u8>> {
        None
    }
}

/// A file for a sink that takes whole files: its pieces collected, then written.
struct CollectedFile<'s, S: ?Sized> {
    sink: &'s S,
    path: String,
    bytes: Vec<u8>,
}

impl<S: Sink + ?Sized> std::io::Write for CollectedFile<'_, S> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.bytes.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<S: Sink + ?Sized> SinkFile for CollectedFile<'_, S> {
    fn finish(self: Box<Self>) -> Result<u64, WriteError> {
        self.sink.write(&self.path, &self.bytes)?;
        Ok(content_hash(&self.bytes))
    }
}

impl SinkFile for StagedFile<'_> {
    fn finish(self: Box<Self>) -> Result<u64, WriteError> {
        StagedFile::finish(*self)
    }
}

/// Drops every file: `dossier check` makes the whole site and writes none of it.
#[derive(Debug, Default, Clone, Copy)]
pub struct NullSink;

impl Sink for NullSink {
    fn discards(&self) -> bool {
        true
    }

    fn write(&self, _path: &str, _bytes: &[u8]) -> Result<(), WriteError> {
        Ok(())
    }

    /// Kept on the build cache's word: a page whose key is the recorded one is the page the
    /// last build made, whether or not the output still holds it (nothing is written, and a
    /// kept page's links, when the link check needs them, are read from the output or else
    /// rendered). Looking at every file of the output would cost `check` a file-system lookup
    /// per page.
    fn keep(&self, _path: &str, _hash: u64, _previous: &PreviousOutput) -> Result<bool, WriteError> {
        Ok(true)
    }
}

/// Keeps the site: each file's content hash, and its bytes unless the previous site (which
/// this one continues) has the same file, in memory or in its output folder. So a rebuild holds
/// the bytes only of the files it changed, and comparing two sites compares hashes.
#[derive(Default)]
pub struct MemorySink {
    previous: Arc<StoredSite>,
    files: Mutex<StoredSite>,
    /// The paths given bytes ([`Sink::write`], [`Sink::write_shared`]), not kept unchanged:
    /// the only files that can differ from `previous` (see [`MemorySink::into_site_and_written`]).
    written: Mutex<Vec<String>>,
}

impl MemorySink {
    /// An empty sink.
    pub fn new() -> Self {
        Self::default()
    }

    /// An empty sink that takes the files of `previous` that are unchanged.
    pub fn after(previous: Arc<StoredSite>) -> Self {
        let files = Mutex::new(StoredSite::continuing(&previous));
        Self {
            previous,
            files,
            written: Mutex::default(),
        }
    }

    /// The files written, by path.
    pub fn into_site(self) -> StoredSite {
        self.files.into_inner().unwrap_or_else(|e| e.into_inner())
    }

    /// The files written, by path, and the paths given bytes (sorted, each once): every other
    /// file of the site was kept unchanged from the previous site ([`Sink::keep_unchanged`]).
    pub fn into_site_and_written(self) -> (StoredSite, Vec<String>) {
        let mut written = self.written.into_inner().unwrap_or_else(|e| e.into_inner());
        written.sort_unstable();
        written.dedup();
        (self.files.into_inner().unwrap_or_else(|e| e.into_inner()), written)
    }

    /// The files written, by path, with their bytes.
    pub fn into_files(self) -> SiteFiles {
        self.into_site().to_files()
    }

    fn keep(&self, path: &str, file: StoredFile) {
        self.files
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(path.to_owned(), file);
    }

    /// [`MemorySink::keep`] for a file given its bytes, which is recorded as written.
    fn keep_written(&self, path: &str, file: StoredFile) {
        self.keep(path, file);
        self.written
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(path.to_owned());
    }

    /// The previous site's file at `path` if its content hash is `hash`.
    fn previous_with(&self, path: &str, hash: u64) -> Option<&StoredFile> {
        self.previous.get(path).filter(|old| old.hash == hash)
    }
}

impl Sink for MemorySink {
    fn write(&self, path: &str, bytes: &[u8]) -> Result<(), WriteError> {
        let hash = content_hash(bytes);
        let file = match self.previous_with(path, hash) {
            Some(old) => old.clone(),
            None => StoredFile {
                hash,
                bytes: Some(Arc::from(bytes)),
            },
        };
        self.keep_written(path, file);
        Ok(())
    }

    fn write_shared(&self, path: &str, bytes: &Arc<[u8]>) -> Result<(), WriteError> {
        let file = StoredFile::in_memory(bytes.clone());
        let file = self.previous_with(path, file.hash).cloned().unwrap_or(file);
        self.keep_written(path, file);
        Ok(())
    }

    fn keep_unchanged(&self, path: &str, hash: u64) -> Result<bool, WriteError> {
        match self.previous_with(path, hash) {
            Some(old) => {
                self.keep(path, old.clone());
                Ok(true)
            }
            None => Ok(false),
        }
    }

    fn read_previous(&self, path: &str, hash: u64) -> Option<Vec<u8>> {
        self.previous_with(path, hash)?;
        self.previous.read(path).map(|bytes| bytes.to_vec())
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

    fn create(&self, path: &str) -> Result<Box<dyn SinkFile + '_>, WriteError> {
        match &self.staging {
            Some(staging) => Ok(Box::new(staging.create(path)?)),
            None => Err(not_begun(&self.output)),
        }
    }

    /// The staging folder: its temporary files never reach the output (they are removed when
    /// done, or by the next build's removal of stale files).
    fn scratch_dir(&self) -> Option<&Path> {
        self.staging.as_ref().map(Staging::dir)
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

/// The files beside the pages, given to a [`Sink`] as [`crate::render::exports`] makes them
/// (the large ones piece by piece, [`Sink::create`]), each one's content hash recorded for the
/// build cache.
pub(crate) struct SinkEmit<'s> {
    sink: &'s dyn Sink,
    hashes: Mutex<Vec<(String, u64)>>,
}

impl<'s> SinkEmit<'s> {
    pub(crate) fn new(sink: &'s dyn Sink) -> Self {
        Self {
            sink,
            hashes: Mutex::new(Vec::new()),
        }
    }

    /// Each file taken and its content hash, sorted by path.
    pub(crate) fn into_hashes(self) -> Vec<(String, u64)> {
        let mut hashes = self.hashes.into_inner().unwrap_or_else(|e| e.into_inner());
        hashes.sort();
        hashes
    }

    fn taken(&self, path: &str, hash: u64) {
        self.hashes
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push((path.to_owned(), hash));
    }
}

impl Emit<WriteError> for SinkEmit<'_> {
    fn file(&self, path: &str, bytes: &[u8]) -> Result<(), WriteError> {
        self.sink.write(path, bytes)?;
        self.taken(path, content_hash(bytes));
        Ok(())
    }

    fn create(&self, path: &str) -> Result<Box<dyn EmitFile<WriteError> + '_>, WriteError> {
        Ok(Box::new(EmittedFile {
            emit: self,
            path: path.to_owned(),
            file: self.sink.create(path)?,
            failed: None,
        }))
    }

    fn scratch_dir(&self) -> Option<&Path> {
        self.sink.scratch_dir()
    }
}

/// A file of a [`SinkEmit`] being written; keeps the first failed write.
struct EmittedFile<'e, 's> {
    emit: &'e SinkEmit<'s>,
    path: String,
    file: Box<dyn SinkFile + 'e>,
    failed: Option<WriteError>,
}

impl std::io::Write for EmittedFile<'_, '_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.file.write(buf).inspect_err(|e| self.failed(e))
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.file.flush().inspect_err(|e| self.failed(e))
    }
}

impl EmittedFile<'_, '_> {
    fn failed(&mut self, error: &std::io::Error) {
        self.failed.get_or_insert_with(|| WriteError::Io {
            path: PathBuf::from(&self.path),
            source: std::io::Error::new(error.kind(), error.to_string()),
        });
    }
}

impl EmitFile<WriteError> for EmittedFile<'_, '_> {
    fn finish(self: Box<Self>, complete: bool) -> Result<(), WriteError> {
        if let Some(error) = self.failed {
            return Err(error);
        }
        if complete {
            let hash = self.file.finish()?;
            self.emit.taken(&self.path, hash);
        }
        Ok(())
    }
}
