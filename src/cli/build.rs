//! `dossier build`: build the site.

use std::path::PathBuf;

use clap::Args;

use super::{Failure, LinksArg, RootArg, print_diagnostics, seconds};
use dossier::build::{BuildError, BuildOptions, build};
use dossier::say;
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
    let language = dossier::load::ui_language_in(&options.root, options.read);
    match build(&options) {
        Ok(report) => {
            print_diagnostics(&report.diagnostics, language);
            if let Some(note) = &report.history_note {
                eprintln!("{}: {note}", language.pick("note", "Hinweis"));
            }
            let count = |n: usize| language.count(n);
            let (pages, rendered, looked_at, files, changed, deleted) = (
                count(report.pages),
                count(report.rendered),
                count(report.looked_at),
                count(report.files),
                count(report.changed),
                count(report.deleted),
            );
            let (claims, sources, topics, origins) = (
                count(report.claims),
                count(report.sources),
                count(report.topics),
                count(report.origins),
            );
            let seconds = seconds(report.duration, language);
            let output = output.display();
            println!(
                "{}",
                say!(
                    language,
                    "Built {pages} pages ({rendered} rendered of {looked_at} looked at; {files} files, {changed} changed, {deleted} removed): {claims} claims, {sources} sources, {topics} topics, {origins} origins in {seconds} s -> {output}",
                    "{pages} Seiten erstellt ({rendered} gerendert von {looked_at} geprüften; {files} Dateien, {changed} geändert, {deleted} entfernt): {claims} Behauptungen, {sources} Quellen, {topics} Themen, {origins} Ursprünge in {seconds} s -> {output}"
                )
            );
            // One line, never a warning per sentence: `check` lists them.
            if report.coverage.total > 0 {
                println!("{}", report.coverage.line(language));
            }
            Ok(())
        }
        Err(BuildError::Content(diagnostics)) => {
            print_diagnostics(&diagnostics, language);
            let output = output.display();
            eprintln!(
                "{}",
                say!(
                    language,
                    "Build failed; the previous output in {output} is unchanged.",
                    "Website nicht erstellt; die bisherige Ausgabe in {output} bleibt unverändert."
                )
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
