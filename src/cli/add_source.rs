//! `dossier add-source FILE`: copy an article's text into `seeds/` and write a source YAML stub
//! with what can be read from the text, for the annotator to confirm.
//!
//! It only ever creates new files inside the dossier: each file is created with `create_new`
//! (`O_EXCL`, which fails on any existing name, a dangling symbolic link included, instead of
//! following it), and every folder on the way is checked to be a real folder or a link that
//! stays inside the dossier. The input is read only if it is a regular file of at most
//! [`dossier::load::MAX_FILE_BYTES`], the limit of every input file (a bigger seed could not be built).

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::Args;

use super::{Failure, RootArg};
use dossier::load::{InputFiles, SEEDS_DIR, SOURCES_DIR};
use dossier::scaffold;

/// Flags of `dossier add-source`.
#[derive(Debug, Args)]
pub struct AddSourceArgs {
    /// The article's text file: UTF-8, a regular file of at most 64 MiB (67108864 bytes), the
    /// limit of every input file, since a build would not read a bigger seed.
    #[arg(value_name = "FILE")]
    file: PathBuf,
    #[command(flatten)]
    root: RootArg,
    /// Id of the new source [default: from the file name].
    #[arg(long)]
    id: Option<String>,
    /// The headline (instead of the guess from the text).
    #[arg(long)]
    title: Option<String>,
    /// The outlet that published it.
    #[arg(long)]
    outlet: Option<String>,
    /// Publication date: 2024-11-18, 2024-11 or 2024 (instead of the guess).
    #[arg(long)]
    published: Option<String>,
    /// The original URL.
    #[arg(long)]
    url: Option<String>,
    /// The article's language tag, e.g. de or en.
    #[arg(long)]
    language: Option<String>,
}

/// Runs `dossier add-source`.
pub fn execute(args: &AddSourceArgs) -> Result<(), Failure> {
    let root = args.root.folder()?;
    let bytes = dossier::load::read_regular_file(&args.file)
        .map_err(|e| Failure::Usage(format!("cannot read {}: {e}", args.file.display())))?;
    let text = String::from_utf8(bytes)
        .map_err(|_| Failure::Usage(format!("{} is not UTF-8 text; convert it first", args.file.display())))?;
    let name = args
        .file
        .file_name()
        .and_then(|n| n.to_str())
        .filter(|n| !n.starts_with('.'))
        .ok_or_else(|| Failure::Usage(format!("{} has no usable file name", args.file.display())))?
        .to_owned();
    let stem = name.rsplit_once('.').map_or(name.as_str(), |(stem, _)| stem);
    let id = args.id.clone().unwrap_or_else(|| scaffold::source_id(stem));
    if !dossier::model::is_url_safe_id(&id) {
        return Err(Failure::Usage(format!(
            "source id `{id}` is not URL-safe; pass --id with a-z, 0-9 and hyphens"
        )));
    }
    if let Some(device) = dossier::model::windows_reserved_name(&id) {
        return Err(Failure::Usage(format!(
            "source id `{id}` is the Windows device name {device}: the site could not be copied to Windows; pass another --id"
        )));
    }
    let seed_key = format!("{SEEDS_DIR}{name}");
    if let Some(existing) = same_text_in_seeds(&root, &text) {
        let source = source_of_seed(&root, &existing);
        let (named, sourced) = (existing.as_str(), source.as_deref());
        if sourced.is_some_and(|s| s != id) || named != seed_key {
            return Err(Failure::Usage(match sourced {
                Some(source) => format!(
                    "this text is already in the dossier as {named}, the article of source `{source}` ({SOURCES_DIR}{source}.yaml); annotate it there"
                ),
                None => {
                    format!("this text is already in the dossier as {named}; add that file's source instead of a copy")
                }
            }));
        }
    }
    let yaml_key = format!("{SOURCES_DIR}{id}.yaml");
    if std::fs::symlink_metadata(root.join(&yaml_key)).is_ok() {
        return Err(Failure::Usage(format!(
            "{} already exists; choose another --id",
            root.join(&yaml_key).display()
        )));
    }
    let seed_path = root.join(&seed_key);
    // Folders leading out of the dossier are refused before anything is looked at in them.
    folder_inside(&root, &seed_key, false)?;
    folder_inside(&root, &yaml_key, false)?;
    match std::fs::symlink_metadata(&seed_path) {
        Err(_) => create_new_inside(&root, &seed_key, text.as_bytes())?,
        Ok(meta) if meta.file_type().is_symlink() => {
            return Err(Failure::Usage(format!(
                "{} is a symbolic link; add-source never writes through links — remove it, or rename the file",
                seed_path.display()
            )));
        }
        Ok(_) => {
            // Read like every file of the dossier (never through a link out of it).
            let mut input = InputFiles::new(&root);
            input.reload_path(&seed_path);
            if let Some(problem) = input.read_errors.first() {
                return Err(Failure::Usage(format!("{}: {}", seed_path.display(), problem.message)));
            }
            let same = match input.files.get(&seed_key) {
                Some(dossier::load::FileContent::Text(existing)) => **existing == *text,
                _ => false,
            };
            if !same {
                return Err(Failure::Usage(format!(
                    "{} already exists with other content; seeds are never overwritten — rename the file",
                    seed_path.display()
                )));
            }
        }
    }
    create_new_inside(
        &root,
        &yaml_key,
        scaffold::source_stub_with(
            &id,
            &seed_key,
            &text,
            &scaffold::KnownFields {
                title: args.title.clone(),
                outlet: args.outlet.clone(),
                published: args.published.clone(),
                url: args.url.clone(),
                language: args.language.clone(),
            },
        )
        .as_bytes(),
    )?;
    println!("Copied the article to {seed_key} and wrote {yaml_key}.");
    println!("Confirm the guessed title, date and excluded lines there, then add claims.");
    Ok(())
}

/// Creates the new file `relative` (a `/`-separated path) inside `root`: folders on the way
/// are created or must be real folders or links that stay inside the root; the file must not
/// exist in any form (a dangling link included).
fn create_new_inside(root: &Path, relative: &str, bytes: &[u8]) -> Result<(), Failure> {
    let folder = folder_inside(root, relative, true)?;
    let name = relative.rsplit_once('/').map_or(relative, |(_, name)| name);
    let path = folder.join(name);
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::AlreadyExists => Failure::Usage(format!(
                "{} already exists (as a file or a symbolic link); add-source never overwrites anything",
                path.display()
            )),
            _ => Failure::Usage(format!("cannot write {}: {e}", path.display())),
        })?;
    file.write_all(bytes)
        .map_err(|e| Failure::Usage(format!("cannot write {}: {e}", path.display())))
}

/// The folder of the file `relative` inside `root`, checked: every folder on the way is a real
/// folder or a link that stays inside the root; missing ones are created with `create` (and
/// are no problem without).
fn folder_inside(root: &Path, relative: &str, create: bool) -> Result<PathBuf, Failure> {
    let real_root = root
        .canonicalize()
        .map_err(|e| Failure::Usage(format!("cannot read {}: {e}", root.display())))?;
    let folders = relative.rsplit_once('/').map_or("", |(folders, _)| folders);
    let mut folder = root.to_path_buf();
    for part in folders.split('/').filter(|part| !part.is_empty()) {
        folder.push(part);
        match std::fs::symlink_metadata(&folder) {
            Ok(meta) if meta.is_dir() => {}
            Ok(meta) if meta.file_type().is_symlink() => {
                let inside = folder
                    .canonicalize()
                    .is_ok_and(|target| target.starts_with(&real_root) && target.is_dir());
                if !inside {
                    return Err(Failure::Usage(format!(
                        "{} is a symbolic link that leads out of the dossier folder; add-source writes only inside it — replace the link with a folder",
                        folder.display()
                    )));
                }
            }
            Ok(_) => {
                return Err(Failure::Usage(format!(
                    "{} is not a folder; move it away",
                    folder.display()
                )));
            }
            Err(_) if !create => break,
            Err(_) => std::fs::create_dir(&folder)
                .map_err(|e| Failure::Usage(format!("cannot create {}: {e}", folder.display())))?,
        }
    }
    Ok(folder)
}

/// The seed (`seeds/NAME`) whose text is `text`, if one is.
fn same_text_in_seeds(root: &Path, text: &str) -> Option<String> {
    let entries = std::fs::read_dir(root.join(SEEDS_DIR)).ok()?;
    for entry in entries.flatten() {
        let Ok(meta) = entry.metadata() else { continue };
        if !meta.is_file() || meta.len() != text.len() as u64 {
            continue;
        }
        if std::fs::read(entry.path()).is_ok_and(|bytes| bytes == text.as_bytes()) {
            return Some(format!("{SEEDS_DIR}{}", entry.file_name().to_string_lossy()));
        }
    }
    None
}

/// The id of the source whose `file:` is `seed_key`, if one is (read line by line: a source
/// file with errors still names its article).
fn source_of_seed(root: &Path, seed_key: &str) -> Option<String> {
    let entries = std::fs::read_dir(root.join(SOURCES_DIR)).ok()?;
    for entry in entries.flatten() {
        let Ok(text) = std::fs::read_to_string(entry.path()) else {
            continue;
        };
        let names_seed = text.lines().any(|line| {
            line.strip_prefix("file:")
                .is_some_and(|value| value.trim().trim_matches(['"', '\'']) == seed_key)
        });
        if names_seed {
            let id = text.lines().find_map(|line| line.strip_prefix("id:"))?;
            return Some(id.trim().trim_matches(['"', '\'']).to_owned());
        }
    }
    None
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_help_states_the_size_limit() {
        assert_eq!(
            dossier::load::MAX_FILE_BYTES,
            64 * 1024 * 1024,
            "update the --help text of FILE"
        );
    }
}
