//! `dossier build`: build the site.

use std::path::PathBuf;

use clap::Args;

use super::{Failure, LinksArg, RootArg, print_diagnostics};
use dossier::build::{BuildError, BuildOptions, build};
use dossier::write::WriteError;

/// Flags of `dossier build`.
#[derive(Debug, Args)]
pub struct BuildArgs {
    #[command(flatten)]
    root: RootArg,
    #[command(flatten)]
    links: LinksArg,
    /// Output folder [default: ROOT/public].
    #[arg(long, value_name = "DIR")]
    output: Option<PathBuf>,
    /// Base URL the site will be hosted at, e.g. https://example.org/dossier/ (overrides dossier.yaml).
    #[arg(long, value_name = "URL")]
    base_url: Option<String>,
    /// Treat warnings as errors.
    #[arg(long)]
    strict: bool,
    /// Render every page, even those the build cache (`.NAME.cache` beside the output folder)
    /// records as unchanged; the cache is written anew.
    #[arg(long)]
    no_cache: bool,
}

/// Runs `dossier build`.
pub fn execute(args: &BuildArgs) -> Result<(), Failure> {
    let root = args.root.folder()?;
    let base_url = match &args.base_url {
        Some(url) => Some(dossier::model::base_url::normalize(url).map_err(Failure::Usage)?),
        None => None,
    };
    let output = args.output.clone().unwrap_or_else(|| root.join("public"));
    let options = BuildOptions {
        root,
        output: output.clone(),
        base_url,
        strict: args.strict,
        read: args.links.read_options(),
        use_cache: !args.no_cache,
    };
    match build(&options) {
        Ok(report) => {
            print_diagnostics(&report.diagnostics);
            if let Some(note) = &report.history_note {
                eprintln!("note: {note}");
            }
            println!(
                "Built {} pages ({} rendered of {} looked at; {} files, {} changed): {} claims, {} sources, {} topics, {} origins in {:.2} s -> {}",
                report.pages,
                report.rendered,
                report.looked_at,
                report.files,
                report.written,
                report.claims,
                report.sources,
                report.topics,
                report.origins,
                report.duration.as_secs_f64(),
                output.display()
            );
            // One line, never a warning per sentence: `check` lists them.
            if report.coverage.total > 0 {
                println!("{}", report.coverage.line());
            }
            Ok(())
        }
        Err(BuildError::Content(diagnostics)) => {
            print_diagnostics(&diagnostics);
            eprintln!(
                "Build failed; the previous output in {} is unchanged.",
                output.display()
            );
            Err(Failure::Content)
        }
        Err(BuildError::Output(error)) => Err(Failure::Usage(describe(&error))),
    }
}

fn describe(error: &WriteError) -> String {
    match error {
        WriteError::NotOurs(path) => format!(
            "{error}\n  = help: choose an empty or new folder with --output, or delete {} yourself if it is really meant to be replaced",
            path.display()
        ),
        WriteError::Overlaps { .. } => format!(
            "{error}\n  = help: choose an output folder outside content/, seeds/, templates/ and static/, e.g. ROOT/public"
        ),
        WriteError::UnsafeStaging { path, .. } => format!(
            "{error}\n  = help: another user could plant links in it; delete {} yourself (it only holds an earlier build's copy), or choose another --output",
            path.display()
        ),
        other => format!("cannot write the output: {other}"),
    }
}
