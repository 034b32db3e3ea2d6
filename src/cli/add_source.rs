//! `dossier add-source FILE`: copy an article's text into `seeds/` and write a source YAML stub
//! with what can be read from the text, for the annotator to confirm.

use std::path::PathBuf;

use clap::Args;

use super::{Failure, RootArg};
use dossier::load::{SEEDS_DIR, SOURCES_DIR};
use dossier::scaffold;

/// Flags of `dossier add-source`.
#[derive(Debug, Args)]
pub struct AddSourceArgs {
    /// The article's text file (UTF-8).
    #[arg(value_name = "FILE")]
    file: PathBuf,
    #[command(flatten)]
    root: RootArg,
    /// Id of the new source [default: from the file name].
    #[arg(long)]
    id: Option<String>,
}

/// Runs `dossier add-source`.
pub fn execute(args: &AddSourceArgs) -> Result<(), Failure> {
    let root = args.root.folder()?;
    let bytes =
        std::fs::read(&args.file).map_err(|e| Failure::Usage(format!("cannot read {}: {e}", args.file.display())))?;
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
    let seed_key = format!("{SEEDS_DIR}{name}");
    let seed_path = root.join(&seed_key);
    let yaml_path = root.join(format!("{SOURCES_DIR}{id}.yaml"));
    if yaml_path.exists() {
        return Err(Failure::Usage(format!(
            "{} already exists; choose another --id",
            yaml_path.display()
        )));
    }
    match std::fs::read(&seed_path) {
        Ok(existing) if existing == text.as_bytes() => {}
        Ok(_) => {
            return Err(Failure::Usage(format!(
                "{} already exists with other content; seeds are never overwritten — rename the file",
                seed_path.display()
            )));
        }
        Err(_) => write(&seed_path, text.as_bytes())?,
    }
    write(&yaml_path, scaffold::source_stub(&id, &seed_key, &text).as_bytes())?;
    println!("Copied the article to {seed_key} and wrote {SOURCES_DIR}{id}.yaml.");
    println!("Confirm the guessed title, date and excluded lines there, then add claims.");
    Ok(())
}

fn write(path: &std::path::Path, bytes: &[u8]) -> Result<(), Failure> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)
            .map_err(|e| Failure::Usage(format!("cannot create {}: {e}", parent.display())))?;
    }
    std::fs::write(path, bytes).map_err(|e| Failure::Usage(format!("cannot write {}: {e}", path.display())))
}
