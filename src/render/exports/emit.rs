//! Where the export files go as they are made ([`Emit`]): a file made whole, or a file written
//! piece by piece ([`EmitFile`]), so that the large tables of a large dossier (`claims.json`,
//! the CSVs, the annotations, the workbook and the database) never exist whole in memory when
//! the files go to disk. [`Emitter`] gives files to an `Emit` from many threads and keeps the
//! first failed write.

use std::io::Write;
use std::path::Path;

use crate::diagnostic::Diagnostic;

/// Takes the export files, each as soon as it is made, from many threads. `E`: why a file
/// could not be taken (a failed write). A plain closure `Fn(&str, &[u8]) -> Result<(), E>` is
/// one: its streamed files are collected into bytes first.
pub trait Emit<E>: Sync {
    /// Takes one file, `bytes` whole.
    fn file(&self, path: &str, bytes: &[u8]) -> Result<(), E>;

    /// Starts the file `path`, to be written piece by piece and ended by [`EmitFile::finish`].
    fn create(&self, path: &str) -> Result<Box<dyn EmitFile<E> + '_>, E>;

    /// A folder where the exports may keep temporary files while they are made (the database
    /// is built in a file there, the workbook's rows wait there), when there is one; else they
    /// go to the system's temporary folder.
    fn scratch_dir(&self) -> Option<&Path> {
        None
    }
}

/// A file being written for an [`Emit`]. A write that fails keeps its reason, which
/// [`EmitFile::finish`] returns.
pub trait EmitFile<E>: Write + Send {
    /// Ends the file: taken when `complete`, dropped otherwise. The error of a write that
    /// failed, if one did.
    fn finish(self: Box<Self>, complete: bool) -> Result<(), E>;
}

impl<E, F> Emit<E> for F
where
    F: Fn(&str, &[u8]) -> Result<(), E> + Sync,
{
    fn file(&self, path: &str, bytes: &[u8]) -> Result<(), E> {
        self(path, bytes)
    }

    fn create(&self, path: &str) -> Result<Box<dyn EmitFile<E> + '_>, E> {
        Ok(Box::new(Collected {
            emit: self,
            path: path.to_owned(),
            bytes: Vec::new(),
        }))
    }
}

/// A streamed file collected into bytes, for an [`Emit`] that takes whole files only.
struct Collected<'a, F> {
    emit: &'a F,
    path: String,
    bytes: Vec<u8>,
}

impl<F: Sync> Write for Collected<'_, F> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.bytes.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<E, F> EmitFile<E> for Collected<'_, F>
where
    F: Fn(&str, &[u8]) -> Result<(), E> + Sync,
{
    fn finish(self: Box<Self>, complete: bool) -> Result<(), E> {
        if complete {
            (self.emit)(&self.path, &self.bytes)
        } else {
            Ok(())
        }
    }
}

/// Gives files to an [`Emit`] from many threads, keeping their paths and its first error; no
/// file is started after that error.
pub(super) struct Emitter<'e, E> {
    emit: &'e dyn Emit<E>,
    paths: std::sync::Mutex<(Vec<String>, Option<E>)>,
}

impl<'e, E> Emitter<'e, E> {
    pub(super) fn new(emit: &'e dyn Emit<E>) -> Self {
        Self {
            emit,
            paths: std::sync::Mutex::new((Vec::new(), None)),
        }
    }

    /// See [`Emit::scratch_dir`].
    pub(super) fn scratch_dir(&self) -> Option<&Path> {
        self.emit.scratch_dir()
    }

    fn failed(&self) -> bool {
        self.paths.lock().unwrap_or_else(|e| e.into_inner()).1.is_some()
    }

    fn done(&self, path: &str, result: Result<(), E>) {
        let mut state = self.paths.lock().unwrap_or_else(|e| e.into_inner());
        match result {
            Ok(()) => state.0.push(path.to_owned()),
            Err(error) => {
                state.1.get_or_insert(error);
            }
        }
    }

    /// Emits one file, unless an earlier one failed.
    pub(super) fn file(&self, path: &str, bytes: &[u8]) {
        if self.failed() {
            return;
        }
        let result = self.emit.file(path, bytes);
        self.done(path, result);
    }

    /// Emits the file `path` as `write` writes it, unless an earlier file failed. The problem
    /// `write` returns when it could not make the file (the file is then dropped), unless a
    /// write into the file failed: that failure is kept like any other.
    pub(super) fn stream(
        &self,
        path: &str,
        write: impl FnOnce(&mut (dyn Write + Send)) -> Result<(), Diagnostic>,
    ) -> Result<(), Diagnostic> {
        if self.failed() {
            return Ok(());
        }
        let mut file = match self.emit.create(path) {
            Ok(file) => file,
            Err(error) => {
                self.done(path, Err(error));
                return Ok(());
            }
        };
        match write(&mut *file) {
            Ok(()) => {
                let result = file.finish(true);
                self.done(path, result);
                Ok(())
            }
            Err(problem) => match file.finish(false) {
                Err(error) => {
                    self.done(path, Err(error));
                    Ok(())
                }
                Ok(()) => Err(problem),
            },
        }
    }

    /// The paths emitted, sorted, or the first failure.
    pub(super) fn finish(self) -> Result<Vec<String>, E> {
        let (mut paths, error) = self.paths.into_inner().unwrap_or_else(|e| e.into_inner());
        if let Some(error) = error {
            return Err(error);
        }
        paths.sort();
        Ok(paths)
    }
}

/// A problem of an export file that could not be written: `file` and why.
pub(super) fn cannot_write(file: &str, reason: &dyn std::fmt::Display) -> Diagnostic {
    Diagnostic::error(file, None, format!("cannot write {file}: {reason}"))
}
