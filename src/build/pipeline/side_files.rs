//! The files beside the pages: data exports, search index, crawlers' files and static files,
//! in groups the build cache keeps whole while their inputs are unchanged; named only for a
//! sink that discards files (`check`); in two groups for the serve engine (the data release
//! possibly left for later).

use super::*;
use crate::build::sink::SinkEmit;
use crate::render::exports::Later;

/// A group of files beside the pages made together from the same inputs: kept as a whole by
/// the build cache while its key holds.
#[derive(Debug, Clone, Copy)]
pub(super) enum SideGroup {
    /// The data exports, the search index and the crawlers' files (`render::exports`).
    Exports,
    /// The static files (`render::static_files`).
    Static,
}

impl SideGroup {
    /// Its name in the build cache.
    pub(super) fn name(self) -> &'static str {
        match self {
            Self::Exports => "exports",
            Self::Static => "static",
        }
    }
}

/// The files beside the pages as made (or kept, or named) by [`Pipeline::side_files`].
pub(super) struct SideFiles {
    /// An export that failed, a static file that collides with another.
    pub(super) problems: Diagnostics,
    /// Every file's path (or the write that failed).
    pub(super) paths: Result<Vec<String>, WriteError>,
    /// What the build cache records of each group whose inputs had a key.
    pub(super) groups: BTreeMap<String, CachedGroup>,
    /// With the serve engine's caches: the data release.
    pub(super) release: Option<ServeRelease>,
}

impl Pipeline<'_> {
    /// The files beside the pages (data exports, feed, sitemap, search index, then static
    /// files), given to `sink`; their paths, and the problems of an export that failed or of a
    /// static file that collides with another (kept when a write fails). With the build cache
    /// a group whose key is the recorded one is kept from the last output; a sink that
    /// discards files (`check`) gets none of them made, only their paths.
    pub(super) fn side_files(
        &self,
        stage: &PageStage<'_>,
        plan: &[PagePlan],
        exports: Option<ServeExports<'_>>,
        sink: &dyn Sink,
    ) -> SideFiles {
        let prepared = stage.prepared;
        let disk = stage.disk.as_ref();
        let mut side = SideFiles {
            problems: Diagnostics::new(),
            paths: Ok(Vec::new()),
            groups: BTreeMap::new(),
            release: None,
        };
        // Each export file goes to the sink as soon as it is made (their bytes together are
        // several times the dossier's size: never held all at once).
        let exports = match exports {
            // The serve engine's: in two groups, the data release possibly left for later.
            Some(serve) => serve_exports(prepared, plan, serve, sink).map(|(paths, release)| {
                side.release = Some(release);
                (paths, None)
            }),
            None => side_group(
                (SideGroup::Exports, disk.and_then(|disk| disk.exports_key)),
                disk,
                sink,
                |emit| render::exports::write_files(prepared, plan, None, emit),
                || render::exports::paths(prepared),
            ),
        };
        let statics = side_group(
            (SideGroup::Static, disk.map(|disk| disk.static_key)),
            disk,
            sink,
            |emit| {
                let mut paths = Vec::new();
                for file in render::static_files(self.input) {
                    if let Err(error) = emit.file(&file.path, &file.bytes) {
                        return Ok(Err(error));
                    }
                    paths.push(file.path);
                }
                Ok(Ok(paths))
            },
            || {
                render::static_files(self.input)
                    .into_iter()
                    .map(|file| file.path)
                    .collect()
            },
        );
        let mut paths = Vec::new();
        for (group, done) in [(SideGroup::Exports, exports), (SideGroup::Static, statics)] {
            match done {
                Ok((group_paths, record)) => {
                    if let SideGroup::Static = group {
                        for problem in folder_collisions(&group_paths) {
                            side.problems.push(problem);
                        }
                    }
                    if let Some(record) = record {
                        side.groups.insert(group.name().to_owned(), record);
                    }
                    paths.extend(group_paths);
                }
                Err(Failure::Content(problem)) => side.problems.push(problem),
                Err(Failure::Output(error)) => {
                    side.paths = Err(error);
                    return side;
                }
            }
        }
        side.paths = Ok(paths);
        side
    }
}

/// One group of side files (`group`: which, and the key of its inputs when known), given to
/// `sink`: with the build cache (`disk`) and the key recorded there, kept from the last output
/// while it holds every file of the group; named by `name` alone when `sink` discards files;
/// else made by `make`. Its paths, and what the build cache records of it (when it has a key).
pub(super) fn side_group(
    (group, key): (SideGroup, Option<u64>),
    disk: Option<&DiskMemo<'_>>,
    sink: &dyn Sink,
    make: impl FnOnce(&dyn Emit<WriteError>) -> Result<Result<Vec<String>, WriteError>, Diagnostic>,
    name: impl FnOnce() -> Vec<String>,
) -> Result<(Vec<String>, Option<CachedGroup>), Failure> {
    let recorded = disk.zip(key).and_then(|(disk, key)| {
        let recorded = disk.run.previous?.groups.get(group.name())?;
        (recorded.key == key).then_some((disk.run.output, recorded))
    });
    if let Some((output, recorded)) = recorded {
        let paths = || recorded.files.iter().map(|(path, _)| path.clone()).collect();
        if sink.discards() {
            // Made from the same inputs as recorded: the same files.
            return Ok((paths(), Some(recorded.clone())));
        }
        if recorded
            .files
            .iter()
            .all(|(path, content)| output.holds(path, *content))
        {
            let mut kept = true;
            for (path, content) in &recorded.files {
                kept = sink.keep(path, *content, output).map_err(Failure::Output)?;
                if !kept {
                    break;
                }
            }
            if kept {
                return Ok((paths(), Some(recorded.clone())));
            }
        }
    }
    if sink.discards() {
        return Ok((name(), None));
    }
    // Each file goes to the sink as `make` makes it (large ones piece by piece); only its
    // content hash is kept.
    let emit = SinkEmit::new(sink);
    let paths = make(&emit).map_err(Failure::Content)?.map_err(Failure::Output)?;
    let record = key.map(|key| CachedGroup {
        key,
        files: emit.into_hashes(),
    });
    Ok((paths, record))
}

/// The serve engine's export files, given to `sink`: all of them, or, when the earlier run's
/// are `carried`, none (they are made later from the claims' parts), or only those joined from
/// the parts when a page could link to one of them that `carried` lacks (see
/// [`Pipeline::deferring_release`]). Their paths and the release.
pub(super) fn serve_exports(
    prepared: &Prepared<'_>,
    plan: &[PagePlan],
    ServeExports { cache, keys, carried }: ServeExports<'_>,
    sink: &dyn Sink,
) -> Result<(Vec<String>, ServeRelease), Failure> {
    let later = match carried {
        None => Later::Nothing,
        Some(carried) => {
            let carried: std::collections::HashSet<&str> = carried.iter().map(String::as_str).collect();
            let names = render::exports::paths_but_search(prepared);
            if names.iter().all(|path| carried.contains(path.as_str())) {
                Later::Everything
            } else {
                Later::DataRelease
            }
        }
    };
    let made = render::exports::files_for_serve(prepared, plan, (keys, cache), later).map_err(Failure::Content)?;
    let mut files = made.joined;
    let mut early: Vec<String> = files.iter().map(|file| file.path.clone()).collect();
    early.sort();
    let release = match made.release {
        Release::Made(made) => {
            files.extend(made);
            ServeRelease::Made(files.iter().map(|file| file.path.clone()).collect())
        }
        Release::Deferred(parts) => ServeRelease::Deferred(DeferredRelease {
            parts,
            history: None,
            pages: Vec::new(),
            early,
        }),
    };
    let mut paths = Vec::with_capacity(files.len());
    for file in files {
        sink.write(&file.path, &file.bytes).map_err(Failure::Output)?;
        paths.push(file.path);
    }
    Ok((paths, release))
}

/// A file of `static/` inside a folder whose name is a file the build makes (e.g.
/// `static/highlight.css/x.css`): the writer would replace one by the other, so one of them
/// would be missing from the site without a word.
pub(super) fn folder_collisions(files: &[String]) -> Vec<Diagnostic> {
    let paths: std::collections::BTreeSet<&str> = files.iter().map(String::as_str).collect();
    let mut problems = Vec::new();
    for path in &paths {
        let folder = path
            .match_indices('/')
            .map(|(at, _)| &path[..at])
            .find(|folder| paths.contains(folder));
        if let Some(folder) = folder {
            problems.push(
                Diagnostic::error(
                    *path,
                    None,
                    format!("`{folder}` is a file of the site, so it cannot also be a folder holding this file"),
                )
                .with_help(format!("rename the folder `{folder}/` in the dossier")),
            );
        }
    }
    problems
}
