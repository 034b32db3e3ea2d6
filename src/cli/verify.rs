//! `dossier verify`: reports, per source, whether its article still hashes the same, and per
//! quote whether it is unchanged, moved, changed (with a word diff) or gone. The work is in
//! `dossier::verify`; this prints its report.

use std::path::PathBuf;

use clap::Args;

use super::{Failure, LinksArg, RootArg, print_diagnostics};
use dossier::history::short_commit;
use dossier::load::InputFiles;
use dossier::verify::{Earlier, QuoteStatus, Report, TextState, VerifyOptions, short, verify};

/// Flags of `dossier verify`.
#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// The dossier folder (holds dossier.yaml, content/, seeds/).
    #[arg(value_name = "DIR", default_value = ".")]
    root: PathBuf,
    /// A folder with fresh copies of the articles (named as in seeds/, or by the paths the
    /// sources give) to compare the dossier's articles with.
    #[arg(long, value_name = "DIR2")]
    against: Option<PathBuf>,
    #[command(flatten)]
    links: LinksArg,
}

/// Runs `dossier verify`: exit 1 when a quote changed or is gone.
pub fn execute(args: &VerifyArgs) -> Result<(), Failure> {
    let root = RootArg {
        root: args.root.clone(),
    }
    .folder()?;
    if let Some(against) = &args.against
        && !against.is_dir()
    {
        return Err(Failure::Usage(format!(
            "the folder `{}` given with --against does not exist",
            against.display()
        )));
    }
    let input = InputFiles::read_with(&root, args.links.read_options());
    let options = VerifyOptions {
        against: args.against.as_deref(),
        read: args.links.read_options(),
    };
    let report = verify(&input, &options);
    print_diagnostics(&report.problems, input.language());
    print_report(&report);
    if report.failed() || report.problems.has_errors() {
        return Err(Failure::Content);
    }
    Ok(())
}

/// One line per source and per quote, each starting with the place in the source YAML, then
/// the counts.
fn print_report(report: &Report) {
    let (mut unchanged, mut moved, mut present, mut changed, mut gone) = (0, 0, 0, 0, 0);
    for source in &report.sources {
        let at = format!(
            "{}:{}:{}",
            source.annotation_file, source.position.line, source.position.column
        );
        let text = match &source.text {
            TextState::Same { sha256, compared } => match compared {
                Earlier::Dossier(path) => format!("the copy {path} is the same text (SHA-256 {})", short(sha256)),
                _ => format!("text unchanged (SHA-256 {} as recorded)", short(sha256)),
            },
            TextState::Changed { before, now, compared } => {
                format!(
                    "text changed (SHA-256 {} before, {} now); {}",
                    short(before),
                    short(now),
                    compared_with(compared)
                )
            }
            TextState::Unrecorded { now, compared } => format!(
                "no SHA-256 recorded (add `text_sha256: {now}` to keep it); {}",
                compared_with(compared)
            ),
            TextState::NoCopy(looked_for) => {
                format!(
                    "no fresh copy to compare with (looked for {}): not verified",
                    looked_for.join(" and ")
                )
            }
            TextState::Unreadable => "not verified (see the error above)".to_owned(),
        };
        println!("{at}: {}: {text}", source.article);
        for quote in &source.quotes {
            let at = format!("{}:{}:{}", quote.file, quote.position.line, quote.position.column);
            let what = match &quote.status {
                QuoteStatus::Unchanged => {
                    unchanged += 1;
                    "unchanged".to_owned()
                }
                QuoteStatus::Moved { from, to } => {
                    moved += 1;
                    format!(
                        "moved (same words, article line {}, column {} → line {}, column {})",
                        from.line, from.column, to.line, to.column
                    )
                }
                QuoteStatus::Present { at } => {
                    present += 1;
                    format!(
                        "found (article line {}, column {}; no earlier text to compare its place)",
                        at.line, at.column
                    )
                }
                QuoteStatus::Changed { at, diff } => {
                    changed += 1;
                    format!("changed (article line {}, column {}): {diff}", at.line, at.column)
                }
                QuoteStatus::Gone => {
                    gone += 1;
                    "gone: nothing like it in the text".to_owned()
                }
            };
            println!("{at}: claim `{}`: {what}", quote.claim);
        }
    }
    let mut counts = vec![format!("{unchanged} unchanged"), format!("{moved} moved")];
    if present > 0 {
        counts.push(format!("{present} found"));
    }
    counts.push(format!("{changed} changed"));
    counts.push(format!("{gone} gone"));
    println!(
        "Verified {} quote(s) in {} source(s): {}",
        unchanged + moved + present + changed + gone,
        report.sources.len(),
        counts.join(", ")
    );
}

/// What the quotes were compared with, for the source's line.
fn compared_with(earlier: &Earlier) -> String {
    match earlier {
        Earlier::Recorded => "compared with the recorded text".to_owned(),
        Earlier::Dossier(path) => format!("the quotes re-anchored in {path}"),
        Earlier::Commit(commit) => format!("quotes compared with the version in commit {}", short_commit(commit)),
        Earlier::Unknown => {
            "no earlier version found: the quotes' words looked for, their places not compared".to_owned()
        }
    }
}
