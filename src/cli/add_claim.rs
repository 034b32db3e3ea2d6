//! `dossier add-claim SOURCE "exact words"`: append a claim stub to a source file (the work is
//! `dossier::authoring::add_claim`; this writes the file and reports).
//!
//! The file is replaced, never written into: the new text goes to a new file beside it, which
//! is renamed over it only if the file still holds what was read (an editor saving in between
//! is not overwritten), and never through a symbolic link.

use std::io::Write;
use std::path::Path;

use clap::Args;

use super::{Failure, LinksArg, RootArg};
use dossier::authoring::{self, AddClaimError, ClaimRequest};
use dossier::load::InputFiles;

/// Flags of `dossier add-claim`.
#[derive(Debug, Args)]
pub struct AddClaimArgs {
    /// The source: its id, or its file (content/sources/NAME.yaml).
    #[arg(value_name = "SOURCE")]
    source: String,
    /// The exact words of the article the claim is about (`…` marks a gap within a paragraph).
    #[arg(value_name = "WORDS")]
    words: String,
    /// Text right before the words, when they occur more than once.
    #[arg(long)]
    prefix: Option<String>,
    /// Text right after the words, when they occur more than once.
    #[arg(long)]
    suffix: Option<String>,
    #[command(flatten)]
    root: RootArg,
    #[command(flatten)]
    links: LinksArg,
}

/// Runs `dossier add-claim`.
pub fn execute(args: &AddClaimArgs) -> Result<(), Failure> {
    let root = args.root.folder()?;
    let input = InputFiles::read_with(&root, args.links.read_options());
    let request = ClaimRequest {
        source: &args.source,
        quote: &args.words,
        prefix: args.prefix.as_deref(),
        suffix: args.suffix.as_deref(),
    };
    let added = match authoring::add_claim(&input, &request) {
        Ok(added) => added,
        Err(error) => return Err(report(&error, &args.source)),
    };
    replace_file(&root, &added.file, &added.original, &added.text)?;
    let stub = &added.stub;
    println!("Added claim `{}` to {}:{}.", stub.id, added.file, added.line);
    println!("  fill in: {}", stub.to_fill().join(", "));
    println!("  confirm: {}", stub.to_confirm().join(", "));
    println!("`dossier check` points at every field still marked TODO.");
    Ok(())
}

/// The error on stderr; a quote not in the article is a content problem (exit 1), the rest
/// usage errors (exit 2).
fn report(error: &AddClaimError, source: &str) -> Failure {
    match error {
        AddClaimError::NotFound { closest, .. } => {
            eprintln!("error: {error}");
            match closest {
                Some((_, passage)) => eprintln!(
                    "  = help: copy the exact words from the article; to take the closest passage:\n    {}",
                    authoring::add_claim_command(source, passage)
                ),
                None => eprintln!(
                    "  = help: copy the exact words from the article's body (excluded lines do not count); use `…` for a gap within one paragraph"
                ),
            }
            eprintln!("Nothing was changed.");
            Failure::Content
        }
        other => Failure::Usage(other.to_string()),
    }
}

/// Replaces `relative` (below `root`) by `text` if it still holds `original`.
fn replace_file(root: &Path, relative: &str, original: &str, text: &str) -> Result<(), Failure> {
    let path = root.join(relative);
    let cannot = |e: &dyn std::fmt::Display| Failure::Usage(format!("cannot write {}: {e}", path.display()));
    let meta = std::fs::symlink_metadata(&path).map_err(|e| cannot(&e))?;
    if meta.file_type().is_symlink() {
        return Err(Failure::Usage(format!(
            "{} is a symbolic link; add-claim never writes through links: add the claim by hand",
            path.display()
        )));
    }
    // The reader drops a byte-order mark; it is kept.
    const BOM: &[u8] = "\u{feff}".as_bytes();
    let bom = std::fs::read(&path).is_ok_and(|now| now.starts_with(BOM));
    let folder = path.parent().unwrap_or(root);
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temporary = folder.join(format!(".{name}.add-claim.tmp"));
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&temporary)
        .map_err(|e| cannot(&e))?;
    let written = file
        .write_all(if bom { BOM } else { b"" })
        .and_then(|()| file.write_all(text.as_bytes()))
        .and_then(|()| file.sync_all())
        .and_then(|()| std::fs::set_permissions(&temporary, meta.permissions()));
    let unchanged = std::fs::read(&path).is_ok_and(|now| now.strip_prefix(BOM).unwrap_or(&now) == original.as_bytes());
    let outcome = match (written, unchanged) {
        (Err(e), _) => Err(cannot(&e)),
        (Ok(()), false) => Err(Failure::Usage(format!(
            "{} changed while the claim was being added; nothing was written: run the command again",
            path.display()
        ))),
        (Ok(()), true) => std::fs::rename(&temporary, &path).map_err(|e| cannot(&e)),
    };
    if outcome.is_err() {
        let _ = std::fs::remove_file(&temporary);
    }
    outcome
}
