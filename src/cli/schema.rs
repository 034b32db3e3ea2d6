//! `dossier schema [DIR]`: the JSON Schemas of the content format, for editors.

use std::path::PathBuf;

use clap::{Args, ValueEnum};

use super::Failure;
use dossier::load::shape::{self, FileKind};

/// Flags of `dossier schema`.
#[derive(Debug, Args)]
pub struct SchemaArgs {
    /// Folder to write every schema into (created if absent); without it, one schema is printed.
    #[arg(value_name = "DIR")]
    dir: Option<PathBuf>,
    /// Which schema to print when no folder is given.
    #[arg(long, value_enum, default_value = "source")]
    file: Which,
    /// Print the README's field reference (Markdown) instead.
    #[arg(long)]
    markdown: bool,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum Which {
    Dossier,
    Source,
    Topics,
    Origins,
    Page,
}

/// Runs `dossier schema`.
pub fn execute(args: &SchemaArgs) -> Result<(), Failure> {
    if args.markdown {
        print!("{}", shape::field_reference());
        return Ok(());
    }
    let files = shape::schema_files();
    let Some(dir) = &args.dir else {
        let kind = match args.file {
            Which::Dossier => FileKind::Config,
            Which::Source => FileKind::Source,
            Which::Topics => FileKind::Topics,
            Which::Origins => FileKind::Origins,
            Which::Page => FileKind::Page,
        };
        let name = kind.schema_file();
        let text = files
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, t)| t.as_str())
            .unwrap_or_default();
        print!("{text}");
        return Ok(());
    };
    std::fs::create_dir_all(dir).map_err(|e| Failure::Usage(format!("cannot create {}: {e}", dir.display())))?;
    for (name, text) in &files {
        let target = dir.join(name);
        std::fs::write(&target, text).map_err(|e| Failure::Usage(format!("cannot write {}: {e}", target.display())))?;
    }
    println!(
        "Wrote {} schemas to {}; editors with the YAML language server use them through the `# yaml-language-server: $schema=` line of each file.",
        files.len(),
        dir.display()
    );
    Ok(())
}
