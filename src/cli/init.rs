//! `dossier init DIR`: create a new, buildable dossier that uses the built-in templates.

use std::path::PathBuf;

use clap::Args;

use super::Failure;
use dossier::scaffold;

/// Flags of `dossier init`.
#[derive(Debug, Args)]
pub struct InitArgs {
    /// Folder for the new dossier (created if absent; must be empty if present).
    #[arg(value_name = "DIR")]
    dir: PathBuf,
    /// Title of the new dossier.
    #[arg(long, default_value = "My fact-check dossier")]
    title: String,
}

/// Runs `dossier init`.
pub fn execute(args: &InitArgs) -> Result<(), Failure> {
    let dir = &args.dir;
    if dir.exists() {
        let empty = std::fs::read_dir(dir)
            .map(|mut entries| entries.next().is_none())
            .unwrap_or(false);
        if !dir.is_dir() || !empty {
            return Err(Failure::Usage(format!(
                "`{}` exists and is not an empty folder; `init` never overwrites anything",
                dir.display()
            )));
        }
    }
    for (path, content) in scaffold::new_dossier_files(&args.title) {
        let target = dir.join(path);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| Failure::Usage(format!("cannot create {}: {e}", parent.display())))?;
        }
        std::fs::write(&target, content)
            .map_err(|e| Failure::Usage(format!("cannot write {}: {e}", target.display())))?;
    }
    println!("Created a new dossier in {}.", dir.display());
    println!(
        "Next: `dossier serve --watch --root {}` to preview it while you edit.",
        dir.display()
    );
    Ok(())
}
