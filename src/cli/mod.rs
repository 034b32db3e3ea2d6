//! Command-line flags (clap) and the dispatch to one module per subcommand.
//!
//! Exit codes: 0 success, 1 the dossier's content has errors or the work failed for a reason
//! outside the command line (a page that could not be fetched), 2 usage errors (bad flags,
//! missing folders, an output folder that cannot be used).

mod add_claim;
mod add_source;
mod build;
mod check;
mod init;
mod schema;
mod serve;
mod verify;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

use dossier::diagnostic::{Diagnostics, Language};

/// Static-site generator for fact-check dossiers: articles plus YAML annotations in, a
/// cross-linked site of claims, sources, topics and origins out.
#[derive(Debug, Parser)]
#[command(name = "dossier", version, about, propagate_version = true)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Build the site into the output folder (replaced atomically; a failed build changes nothing).
    Build(build::BuildArgs),
    /// Validate everything and report every problem; write nothing.
    Check(check::CheckArgs),
    /// Create a new dossier (config, a sample source with a claim, a topic, an origin, a page).
    Init(init::InitArgs),
    /// Copy an article's text into seeds/ and write a source YAML stub to fill in.
    AddSource(add_source::AddSourceArgs),
    /// Append a claim stub for the exact words of an article to its source's claims.
    AddClaim(add_claim::AddClaimArgs),
    /// Build and serve the site; with --watch, rebuild on every save and reload open pages.
    Serve(serve::ServeArgs),
    /// Check that every quote is still in its article: report per source whether its text
    /// still hashes the same and per quote whether it is unchanged, moved, changed or gone.
    Verify(verify::VerifyArgs),
    /// Write the JSON Schemas of the content format (for editor completion and checks).
    Schema(schema::SchemaArgs),
}

/// The dossier folder.
#[derive(Debug, Clone, Args)]
pub struct RootArg {
    /// The dossier folder (holds dossier.yaml, content/, seeds/).
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub root: PathBuf,
}

impl RootArg {
    /// The root, checked to be a folder.
    /// A folder without `dossier.yaml` is not a dossier: a usage error (exit 2), like a folder
    /// that does not exist, so `build` never claims to keep a previous output there.
    pub fn folder(&self) -> Result<PathBuf, Failure> {
        if !self.root.is_dir() {
            return Err(Failure::Usage(format!(
                "the dossier folder `{}` does not exist",
                self.root.display()
            )));
        }
        if std::fs::symlink_metadata(self.root.join(dossier::load::CONFIG_FILE)).is_err() {
            return Err(Failure::Usage(format!(
                "`{}` is not a dossier (it has no dossier.yaml): run the command in the dossier's folder, pass --root DIR, or create one with `dossier init DIR`",
                self.root.display()
            )));
        }
        Ok(self.root.clone())
    }
}

/// Whether symbolic links may lead out of the dossier folder.
#[derive(Debug, Clone, Copy, Args)]
pub struct LinksArg {
    /// Also read symbolic links whose target lies outside the dossier folder (never /proc, /sys
    /// or /dev). Off by default: keep it off for dossiers you did not write, e.g. in CI.
    #[arg(long)]
    pub follow_outside_links: bool,
}

impl LinksArg {
    /// The read options these flags ask for.
    pub fn read_options(self) -> dossier::load::ReadOptions {
        dossier::load::ReadOptions {
            follow_outside_links: self.follow_outside_links,
        }
    }
}

/// How a command failed.
pub enum Failure {
    /// Content errors (exit 1), already printed.
    Content,
    /// A usage error (exit 2) with its message.
    Usage(String),
    /// The command was right but its work failed (the network, a server): exit 1 with the
    /// message.
    Failed(String),
}

/// Parses the command line, runs the command and maps the outcome to an exit code.
pub fn run() -> ExitCode {
    let cli = Cli::parse();
    let outcome = match cli.command {
        Command::Build(args) => build::execute(&args),
        Command::Check(args) => check::execute(&args),
        Command::Init(args) => init::execute(&args),
        Command::AddSource(args) => add_source::execute(&args),
        Command::AddClaim(args) => add_claim::execute(&args),
        Command::Serve(args) => serve::execute(&args),
        Command::Schema(args) => schema::execute(&args),
        Command::Verify(args) => verify::execute(&args),
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Content) => ExitCode::from(1),
        Err(Failure::Usage(message)) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
        Err(Failure::Failed(message)) => {
            eprintln!("error: {message}");
            ExitCode::from(1)
        }
    }
}

/// Prints diagnostics to stderr, then a count line, in the dossier's UI `language`.
pub fn print_diagnostics(diagnostics: &Diagnostics, language: Language) {
    if diagnostics.is_empty() {
        return;
    }
    eprintln!("{}", diagnostics.render_in(language));
    eprintln!("{}", diagnostics.summary(language));
}

/// A duration in seconds with two decimals and the language's decimal mark (`1.25` / `1,25`).
pub fn seconds(duration: std::time::Duration, language: Language) -> String {
    let text = format!("{:.2}", duration.as_secs_f64());
    match language {
        Language::En => text,
        Language::De => text.replace('.', ","),
    }
}
