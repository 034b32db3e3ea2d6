//! `dossier check`: validate everything (content, templates, every internal link: the build
//! pipeline without writing), report every problem and the annotation coverage, write nothing.

use clap::Args;

use super::{Failure, LinksArg, RootArg, print_diagnostics};
use dossier::build::{CheckOptions, check_site, coverage};
use dossier::load::InputFiles;

/// Flags of `dossier check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    root: RootArg,
    #[command(flatten)]
    links: LinksArg,
    /// Treat warnings (such as unannotated sentences) as errors.
    #[arg(long)]
    strict: bool,
}

/// Runs `dossier check`.
pub fn execute(args: &CheckArgs) -> Result<(), Failure> {
    let root = args.root.folder()?;
    let started = std::time::Instant::now();
    let input = InputFiles::read_with(&root, args.links.read_options());
    let options = CheckOptions {
        coverage: true,
        strict: args.strict,
    };
    let checked = match check_site(&input, options) {
        Ok(checked) => checked,
        Err(diagnostics) => {
            print_diagnostics(&diagnostics);
            eprintln!("Check failed.");
            return Err(Failure::Content);
        }
    };
    print_diagnostics(&checked.diagnostics);
    if let Some(note) = &checked.history_note {
        eprintln!("note: {note}");
    }
    let dossier = checked.dossier;
    for source in coverage(&dossier) {
        let percent = if source.total == 0 {
            100.0
        } else {
            100.0 * source.covered as f64 / source.total as f64
        };
        println!(
            "coverage {}: {}/{} sentences with figures or quotations annotated ({percent:.0}%)",
            source.source, source.covered, source.total
        );
    }
    println!(
        "Checked {} claims, {} sources, {} topics, {} origins in {:.2} s: no errors, {} warning(s)",
        dossier.claims.len(),
        dossier.sources.len(),
        dossier.topics.len(),
        dossier.origins.len(),
        started.elapsed().as_secs_f64(),
        checked.diagnostics.warning_count()
    );
    Ok(())
}
