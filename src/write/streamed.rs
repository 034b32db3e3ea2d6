//! A file of the staging folder written piece by piece ([`StagedFile`]), for files too large to
//! be held whole (the exports of a large dossier): the bytes go to a temporary file beside the
//! target as they come, hashed on the way, and the file is renamed into place when it is
//! finished, exactly as [`Staging::write`] would have written the same bytes. A file dropped
//! unfinished leaves nothing behind.

use std::io::{BufWriter, Write};
use std::path::PathBuf;

use super::{ContentHasher, Staging, TEMPORARY_PREFIX, WriteError, create_new, io, is_intact, safe_join};

/// A file being written into the staging folder (see the module). Finish it with
/// [`StagedFile::finish`]; dropped before that, it is removed.
pub struct StagedFile<'s> {
    staging: &'s Staging,
    path: String,
    target: PathBuf,
    temporary: PathBuf,
    file: Option<BufWriter<std::fs::File>>,
    hasher: ContentHasher,
}

impl Staging {
    /// Starts the file `path` (a plain relative path, as for [`Staging::write`]), to be written
    /// piece by piece.
    pub fn create(&self, path: &str) -> Result<StagedFile<'_>, WriteError> {
        let target = safe_join(&self.dir, path)?;
        if let Some((folder, _)) = path.rsplit_once('/') {
            self.make_folders(folder)?;
        }
        let temporary = self.scratch_path();
        let file = create_new(&temporary).map_err(io(&temporary))?;
        Ok(StagedFile {
            staging: self,
            path: path.to_owned(),
            target,
            temporary,
            file: Some(BufWriter::with_capacity(1 << 16, file)),
            hasher: ContentHasher::default(),
        })
    }

    /// A new path for a temporary file of this build inside the staging folder: its name is
    /// never an output path, and a build killed before removing it leaves it to the next
    /// build's removal of stale files.
    pub fn scratch_path(&self) -> PathBuf {
        use std::sync::atomic::{AtomicU64, Ordering};
        static COUNTER: AtomicU64 = AtomicU64::new(0);
        self.dir.join(format!(
            "{TEMPORARY_PREFIX}{}-stream-{}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed)
        ))
    }

    /// The staging folder itself, where temporary files of this build may be made (see
    /// [`Staging::scratch_path`]).
    pub fn dir(&self) -> &std::path::Path {
        &self.dir
    }
}

impl StagedFile<'_> {
    /// Puts the file in place (unless the reused staging tree holds exactly these bytes
    /// already) and records it in the manifest; its content hash, [`super::content_hash`] of
    /// every byte written.
    pub fn finish(mut self) -> Result<u64, WriteError> {
        let file = self.file.take().ok_or_else(|| WriteError::Io {
            path: self.temporary.clone(),
            source: std::io::Error::other("the file was already finished"),
        })?;
        let file = file.into_inner().map_err(|e| WriteError::Io {
            path: self.temporary.clone(),
            source: e.into_error(),
        })?;
        drop(file);
        let hash = std::mem::take(&mut self.hasher).finish();
        let staging = self.staging;
        let unchanged =
            staging.previous.get(&self.path) == Some(hash) && is_intact(&self.target, staging.manifest_time);
        if unchanged {
            std::fs::remove_file(&self.temporary).map_err(io(&self.temporary))?;
        } else {
            let renamed = match std::fs::rename(&self.temporary, &self.target) {
                // A folder where the file goes (a rename cannot replace it): remove it, retry.
                Err(_) if std::fs::symlink_metadata(&self.target).is_ok_and(|meta| meta.is_dir()) => {
                    std::fs::remove_dir_all(&self.target).and_then(|()| std::fs::rename(&self.temporary, &self.target))
                }
                other => other,
            };
            renamed.map_err(io(&self.target))?;
            staging
                .changed
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .push(self.path.clone());
        }
        staging
            .written
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(self.path.clone(), hash);
        Ok(hash)
    }
}

impl Write for StagedFile<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let file = self
            .file
            .as_mut()
            .ok_or_else(|| std::io::Error::other("the file was already finished"))?;
        let written = file.write(buf)?;
        self.hasher.update(&buf[..written]);
        Ok(written)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        match &mut self.file {
            Some(file) => file.flush(),
            None => Ok(()),
        }
    }
}

impl Drop for StagedFile<'_> {
    fn drop(&mut self) {
        // Unfinished (or its rename failed): nothing of it stays.
        if self.file.take().is_some() || std::fs::symlink_metadata(&self.temporary).is_ok() {
            let _ = std::fs::remove_file(&self.temporary);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Manifest, content_hash};
    use super::*;

    /// Every file of `dir` (relative path → bytes), the marker and manifest left out.
    fn files_in(dir: &std::path::Path) -> Vec<(String, Vec<u8>)> {
        let mut files: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(dir)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                let relative = e.path().strip_prefix(dir).unwrap().to_string_lossy().into_owned();
                (relative, std::fs::read(e.path()).unwrap())
            })
            .filter(|(path, _)| path != super::super::MARKER)
            .collect();
        files.sort();
        files
    }

    #[test]
    fn the_content_hash_of_bytes_in_pieces_is_that_of_the_whole() {
        let bytes: Vec<u8> = (0..5000u32).map(|i| (i * 7 % 251) as u8).collect();
        let whole = content_hash(&bytes);
        for cuts in [
            vec![],
            vec![0],
            vec![1],
            vec![7, 8, 9],
            vec![63, 64, 65, 1000],
            vec![4999],
        ] {
            let mut hasher = ContentHasher::default();
            let mut at = 0;
            for cut in cuts {
                hasher.update(&bytes[at..cut]);
                at = cut;
            }
            hasher.update(&bytes[at..]);
            assert_eq!(hasher.finish(), whole);
        }
        assert_ne!(content_hash(b"ab"), content_hash(b"abc"));
        assert_ne!(content_hash(b""), content_hash(b"\0"), "the length counts");
    }

    #[test]
    fn a_streamed_file_lands_as_a_whole_write_would_and_unchanged_ones_are_not_rewritten() {
        let tmp = tempfile::tempdir().unwrap();
        let (streamed, whole) = (tmp.path().join("streamed"), tmp.path().join("whole"));
        let text = "x".repeat(200_000);
        let mut hashes = Vec::new();
        for (output, stream) in [(&streamed, true), (&whole, false)] {
            let staging = Staging::begin(output).unwrap();
            if stream {
                let mut file = staging.create("data/claims.json").unwrap();
                for piece in text.as_bytes().chunks(999) {
                    file.write_all(piece).unwrap();
                }
                hashes.push(file.finish().unwrap());
            } else {
                staging.write("data/claims.json", text.as_bytes()).unwrap();
            }
            staging.finish().unwrap();
        }
        assert_eq!(hashes, [content_hash(text.as_bytes())]);
        assert_eq!(files_in(&streamed), files_in(&whole));
        assert_eq!(Manifest::read(&streamed).0, Manifest::read(&whole).0);
        // A build reuses the tree of the build before the last (the second build has none): the
        // same bytes streamed again are not put in place again (nothing counted as written),
        // other bytes are.
        for (bytes, written) in [(text.as_bytes(), 1), (text.as_bytes(), 0), (&b"other"[..], 1)] {
            let staging = Staging::begin(&streamed).unwrap();
            let mut file = staging.create("data/claims.json").unwrap();
            file.write_all(bytes).unwrap();
            file.finish().unwrap();
            assert_eq!(staging.finish().unwrap().written, written);
            assert_eq!(std::fs::read(streamed.join("data/claims.json")).unwrap(), bytes);
        }
    }

    #[test]
    fn a_streamed_file_dropped_unfinished_leaves_nothing_and_is_not_in_the_site() {
        let tmp = tempfile::tempdir().unwrap();
        let output = tmp.path().join("public");
        let staging = Staging::begin(&output).unwrap();
        staging.write("index.html", b"page").unwrap();
        let mut file = staging.create("claims.json").unwrap();
        file.write_all(b"[half").unwrap();
        drop(file);
        let report = staging.finish().unwrap();
        assert_eq!(report.files, 1);
        assert_eq!(files_in(&output), [("index.html".to_owned(), b"page".to_vec())]);
    }
}
