//! The export files for `serve`: made in two groups from the claims' parts the engine keeps,
//! the data release possibly left until after the pages are served.

use super::*;

/// The parts of every claim's exports, made or kept by [`files_for_serve`] for the export files
/// made after the pages ([`release_files_from`]).
#[derive(Debug, Clone, Default)]
pub struct ClaimParts(Vec<Arc<ClaimExport>>);

/// What [`files_for_serve`] made: the export files joined from the claims' parts, and the data
/// release (the files made from every record at once) or what it is made from.
#[derive(Debug)]
pub struct ServeExports {
    /// The export files made now but the data release's (none when [`Later::Everything`]).
    pub joined: Vec<OutputFile>,
    /// The data release.
    pub release: Release,
}

/// The data release of a build: `dossier.sqlite`, `claims.xlsx`, `claims.de.csv`,
/// `datapackage.json` and the search index, the files made from every claim's record at once.
#[derive(Debug)]
pub enum Release {
    /// Made with the other files.
    Made(Vec<OutputFile>),
    /// Left to be made later from these parts ([`release_files_from`]).
    Deferred(ClaimParts),
}

/// Which export files [`files_for_serve`] leaves to [`release_files_from`], to be made after the
/// pages are served.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Later {
    /// None: every export file is made now.
    Nothing,
    /// The data release; the files joined from the claims' parts are made now.
    DataRelease,
    /// Every export file.
    Everything,
}

/// [`files_cached`] in two groups for `serve`: the files joined from the claims' parts, and the
/// data release; `later` says which are left to [`release_files_from`] (which makes every export
/// file), so that the pages can be served before them. With [`Later::Nothing`] both groups
/// together are [`files`]'s output.
pub fn files_for_serve(
    prepared: &Prepared<'_>,
    pages: &[PagePlan],
    (keys, cache): (&[Option<u64>], &mut ExportCache),
    later: Later,
) -> Result<ServeExports, Diagnostic> {
    let exports = claim_exports(prepared, Some((cache, keys)));
    match later {
        Later::Everything => Ok(ServeExports {
            joined: Vec::new(),
            release: Release::Deferred(ClaimParts(exports)),
        }),
        Later::DataRelease => Ok(ServeExports {
            joined: collected(|out| joined_files(prepared, pages, &exports, out))?,
            release: Release::Deferred(ClaimParts(exports)),
        }),
        Later::Nothing => {
            let (joined, release) = rayon::join(
                || collected(|out| joined_files(prepared, pages, &exports, out)),
                || collected(|out| release_files_of(prepared, &exports, out)),
            );
            Ok(ServeExports {
                joined: joined?,
                release: Release::Made(release?),
            })
        }
    }
}

/// Every export file made from `parts` (see [`files_for_serve`]): the same files [`files`]
/// makes of the same dossier and `pages`. `None` when `cancelled` says so before it is done (a
/// newer build supersedes this one).
pub fn release_files_from(
    prepared: &Prepared<'_>,
    pages: &[PagePlan],
    parts: &ClaimParts,
    cancelled: &(dyn Fn() -> bool + Sync),
) -> Option<Result<Vec<OutputFile>, Diagnostic>> {
    if cancelled() {
        return None;
    }
    let records: Vec<&ClaimRecord> = parts.0.iter().map(|e| &e.record).collect();
    let records = ClaimRecords::kept(&records);
    let (search, (release, joined)) = rayon::join(
        || {
            (!cancelled()).then(|| {
                collected(|out| {
                    search_files(prepared, &parts.0, out);
                    Ok(())
                })
            })
        },
        || {
            rayon::join(
                || (!cancelled()).then(|| collected(|out| release_files(prepared, &records, out))),
                || (!cancelled()).then(|| collected(|out| joined_files(prepared, pages, &parts.0, out))),
            )
        },
    );
    let (search, release, joined) = (search?, release?, joined?);
    if cancelled() {
        return None;
    }
    Some(release.and_then(|mut files| {
        files.extend(search?);
        files.extend(joined?);
        files.sort_by(|a, b| a.path.cmp(&b.path));
        Ok(files)
    }))
}

/// The files `make` emits, collected and sorted by path.
pub(super) fn collected(
    make: impl FnOnce(&Emitter<'_, std::convert::Infallible>) -> Result<(), Diagnostic>,
) -> Result<Vec<OutputFile>, Diagnostic> {
    collect_files(|emit| {
        let emitter = Emitter::new(emit);
        make(&emitter)?;
        Ok(emitter.finish())
    })
}
