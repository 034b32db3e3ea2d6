//! An output folder kept up to date in place (what `dossier serve` does with `--output`): the
//! first site is written like `dossier build` writes it ([`super::Staging`], swapped in
//! atomically); after that each update writes only the files that changed and removes only the
//! files that went away.
//!
//! The folder stays one that `dossier build` can reuse: its marker file keeps the [`Manifest`],
//! which a later build trusts to skip unchanged files. So the manifest is cut to its header
//! before any file is touched and written in full after: a process killed half-way leaves a
//! manifest that trusts nothing, never one that lies.
//!
//! Nothing outside the output folder is ever written or removed: paths are joined by
//! [`super::safe_join`], no symbolic link inside the folder is followed, and files are replaced
//! (a new file renamed over the old one), never written into, so a hard link cannot carry a
//! write out.

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::{Manifest, Staging, StoredSite, WriteError, WriteReport, absolute, is_plain_file, replace_file, safe_join};

/// An output folder, kept equal to a site in memory.
pub struct OutputDir {
    dir: PathBuf,
    manifest: Manifest,
}

/// What one update of the output folder did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ApplyReport {
    /// Files written.
    pub written: usize,
    /// Files removed.
    pub removed: usize,
}

impl OutputDir {
    /// Replaces everything in `output` by `files` as `dossier build` does (staging folder,
    /// atomic swap; a folder that dossier did not create is refused).
    pub fn replace_all(output: &Path, files: &StoredSite) -> Result<(Self, WriteReport), WriteError> {
        let staging = Staging::begin(output)?;
        let paths: Vec<&String> = files.paths().collect();
        paths.par_iter().try_for_each(|path| match files.read(path) {
            Some(bytes) => staging.write(path, &bytes),
            None => Err(vanished(output, path)),
        })?;
        let report = staging.finish()?;
        let manifest = files.iter().map(|(path, file)| (path.clone(), file.hash)).collect();
        Ok((
            Self {
                dir: absolute(output),
                manifest,
            },
            report,
        ))
    }

    /// Brings the folder to `files`, given the paths an update reported as changed and removed.
    pub fn apply(
        &mut self,
        files: &StoredSite,
        changed: &[String],
        removed: &[String],
    ) -> Result<ApplyReport, WriteError> {
        if changed.is_empty() && removed.is_empty() {
            return Ok(ApplyReport::default());
        }
        std::fs::create_dir_all(&self.dir).map_err(|source| WriteError::Io {
            path: self.dir.clone(),
            source,
        })?;
        Manifest::write_untrusting(&self.dir)?;
        let mut report = ApplyReport::default();
        for path in changed {
            let Some(hash) = files.get(path).map(|file| file.hash) else {
                continue;
            };
            let target = self.target(path)?;
            if self.manifest.get(path) == Some(hash) && is_plain_file(&target) {
                continue;
            }
            let bytes = files.read(path).ok_or_else(|| vanished(&self.dir, path))?;
            if let Some(parent) = target.parent() {
                std::fs::create_dir_all(parent).map_err(|source| WriteError::Io {
                    path: parent.to_path_buf(),
                    source,
                })?;
            }
            replace_file(&target, &bytes, false).map_err(|source| WriteError::Io {
                path: target.clone(),
                source,
            })?;
            self.manifest.insert(path.clone(), hash);
            report.written += 1;
        }
        for path in removed {
            if files.contains_key(path) {
                continue;
            }
            let target = self.target(path)?;
            self.manifest.remove(path);
            match std::fs::symlink_metadata(&target) {
                Ok(meta) if meta.is_file() => {
                    std::fs::remove_file(&target).map_err(|source| WriteError::Io {
                        path: target.clone(),
                        source,
                    })?;
                    report.removed += 1;
                    self.prune_empty_folders(&target);
                }
                _ => {}
            }
        }
        super::wait_for_next_tick(&self.dir)?;
        self.manifest.write(&self.dir)?;
        Ok(report)
    }

    /// The file for `path` inside the folder ([`safe_join`]), refusing any symbolic link on
    /// the way and anything but a folder before the last part.
    fn target(&self, path: &str) -> Result<PathBuf, WriteError> {
        let target = safe_join(&self.dir, path)?;
        let mut current = self.dir.clone();
        let parts: Vec<&str> = path.split('/').collect();
        for (i, part) in parts.iter().enumerate() {
            current.push(part);
            let is_last = i + 1 == parts.len();
            if let Ok(meta) = std::fs::symlink_metadata(&current)
                && (meta.file_type().is_symlink() || (!is_last && !meta.is_dir()))
            {
                return Err(WriteError::BadPath(path.to_owned()));
            }
        }
        Ok(target)
    }

    /// Removes the folders above `removed_file` that became empty, up to the output folder.
    fn prune_empty_folders(&self, removed_file: &Path) {
        let mut current = removed_file.parent();
        while let Some(folder) = current {
            if folder == self.dir || !folder.starts_with(&self.dir) {
                break;
            }
            // Fails, and stops, unless the folder is empty.
            if std::fs::remove_dir(folder).is_err() {
                break;
            }
            current = folder.parent();
        }
    }
}

/// A file of the site that neither memory nor the output folder holds any more.
fn vanished(output: &Path, path: &str) -> WriteError {
    WriteError::Io {
        path: output.join(path),
        source: std::io::Error::new(
            std::io::ErrorKind::NotFound,
            "the file was removed from the output folder while the preview ran",
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::write::MARKER;
    use std::collections::BTreeMap;
    use std::sync::Arc;

    fn site(entries: &[(&str, &str)]) -> StoredSite {
        let files: crate::write::SiteFiles = entries
            .iter()
            .map(|(path, text)| ((*path).to_owned(), Arc::from(text.as_bytes())))
            .collect();
        files.into()
    }

    fn tree(dir: &Path) -> BTreeMap<String, String> {
        walkdir::WalkDir::new(dir)
            .into_iter()
            .flatten()
            .filter(|entry| entry.file_type().is_file())
            .map(|entry| {
                let key = entry
                    .path()
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                (key, std::fs::read_to_string(entry.path()).unwrap())
            })
            .filter(|(key, _)| key != MARKER)
            .collect()
    }

    #[test]
    fn updates_in_place_and_stays_reusable_by_build() {
        let tmp = tempfile::tempdir().unwrap();
        let output = tmp.path().join("public");
        let first = site(&[
            ("index.html", "one"),
            ("claims/a/index.html", "a"),
            ("claims/b/index.html", "b"),
        ]);
        let (mut mirror, _) = OutputDir::replace_all(&output, &first).unwrap();
        let kept = output.join("claims/b/index.html");
        let kept_modified = std::fs::metadata(&kept).unwrap().modified().unwrap();

        let second = site(&[
            ("index.html", "two"),
            ("claims/b/index.html", "b"),
            ("sources/x/index.html", "x"),
        ]);
        let report = mirror
            .apply(
                &second,
                &["index.html".into(), "sources/x/index.html".into()],
                &["claims/a/index.html".into()],
            )
            .unwrap();
        assert_eq!(report, ApplyReport { written: 2, removed: 1 });
        assert_eq!(
            tree(&output),
            second
                .to_files()
                .iter()
                .map(|(k, v)| (k.clone(), String::from_utf8(v.to_vec()).unwrap()))
                .collect()
        );
        assert!(!output.join("claims/a").exists(), "emptied folder removed");
        assert_eq!(
            std::fs::metadata(&kept).unwrap().modified().unwrap(),
            kept_modified,
            "unchanged file not rewritten"
        );

        // Two builds later the served tree is the staging tree that `build` reuses by its
        // manifest: the result must still be exact.
        let third = site(&[("index.html", "three"), ("claims/b/index.html", "b2")]);
        for _ in 0..2 {
            let staging = Staging::begin(&output).unwrap();
            for (path, bytes) in &third.to_files() {
                staging.write(path, bytes).unwrap();
            }
            staging.finish().unwrap();
            assert_eq!(
                tree(&output),
                third
                    .to_files()
                    .iter()
                    .map(|(k, v)| (k.clone(), String::from_utf8(v.to_vec()).unwrap()))
                    .collect()
            );
        }
    }

    #[cfg(unix)]
    #[test]
    fn never_writes_through_a_symbolic_link() {
        let tmp = tempfile::tempdir().unwrap();
        let outside = tmp.path().join("outside");
        std::fs::create_dir_all(&outside).unwrap();
        let output = tmp.path().join("public");
        let (mut mirror, _) = OutputDir::replace_all(&output, &site(&[("index.html", "one")])).unwrap();
        std::os::unix::fs::symlink(&outside, output.join("claims")).unwrap();
        let next = site(&[("index.html", "one"), ("claims/a/index.html", "a")]);
        assert!(matches!(
            mirror.apply(&next, &["claims/a/index.html".into()], &[]),
            Err(WriteError::BadPath(_))
        ));
        assert_eq!(std::fs::read_dir(&outside).unwrap().count(), 0);
    }
}
