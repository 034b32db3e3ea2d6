//! `dossier check`: validate everything (content, templates, every internal link: the build
//! pipeline without writing), report every problem and the annotation coverage, write nothing.
//! `--format json` gives the same for scripts; `--quiet` only the errors.

use clap::{Args, ValueEnum};
use serde::Serialize;

use super::{Failure, LinksArg, RootArg, print_diagnostics, seconds};
use dossier::build::{
    CacheScope, CheckOptions, CoverageGap, RecordedCheck, check_recorded, check_site_with_cache, coverage,
    coverage_gaps,
};
use dossier::diagnostic::{Diagnostics, Language, Severity};
use dossier::load::InputFiles;
use dossier::say;

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
    /// `text` for people; `json` for scripts (every problem and every coverage gap, on stdout).
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// Print errors only: no warnings, no coverage, nothing when there are no errors.
    #[arg(long, short)]
    quiet: bool,
}

/// How `check` reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    /// Compiler-style messages on stderr, coverage and a summary on stdout.
    Text,
    /// One JSON document on stdout (see README, "check --format json").
    Json,
}

/// Runs `dossier check`.
pub fn execute(args: &CheckArgs) -> Result<(), Failure> {
    let root = args.root.folder()?;
    let started = std::time::Instant::now();
    let input = InputFiles::read_with(&root, args.links.read_options());
    let language = input.language();
    let json = args.format == Format::Json;
    let options = CheckOptions {
        // The JSON lists every gap on its own, not as (at most 50 per source) warnings.
        coverage: !json,
        strict: args.strict,
    };
    // The cache of the last `dossier build` into ROOT/public: pages unchanged since are not
    // rendered again.
    let scope = CacheScope {
        base_url: None,
        follow_outside_links: args.links.read_options().follow_outside_links,
    };
    let output = root.join("public");
    if !json && let Some(recorded) = check_recorded(&input, options, (&output, &scope)) {
        // The inputs of that build, exactly: what a full check says, from its record.
        if !args.quiet {
            report(&recorded, (started.elapsed(), true), language);
        }
        return Ok(());
    }
    let checked = check_site_with_cache(&input, options, (&output, &scope));
    if json {
        return print_json(checked.as_ref().map(|c| (&c.dossier, &c.diagnostics)), args.strict);
    }
    let checked = match checked {
        Ok(checked) => checked,
        Err(diagnostics) => {
            print_problems(&diagnostics, args.quiet, language);
            eprintln!("{}", language.pick("Check failed.", "Prüfung fehlgeschlagen."));
            return Err(Failure::Content);
        }
    };
    if args.quiet {
        return Ok(());
    }
    let dossier = &checked.dossier;
    let checked = RecordedCheck {
        diagnostics: checked.diagnostics,
        history_note: checked.history_note,
        counts: [
            dossier.claims.len(),
            dossier.sources.len(),
            dossier.topics.len(),
            dossier.origins.len(),
        ],
        coverage: coverage(dossier),
    };
    report(&checked, (started.elapsed(), false), language);
    Ok(())
}

/// The warnings, the note on the corrections log, coverage per source and the summary line of
/// a check without errors (`replayed`: answered from the record of the last build).
fn report(checked: &RecordedCheck, (elapsed, replayed): (std::time::Duration, bool), language: Language) {
    print_diagnostics(&checked.diagnostics, language);
    if let Some(note) = &checked.history_note {
        eprintln!("{}: {note}", language.pick("note", "Hinweis"));
    }
    let count = |n: usize| language.count(n);
    for source in &checked.coverage {
        let percent = if source.total == 0 {
            100.0
        } else {
            100.0 * source.covered as f64 / source.total as f64
        };
        let (id, covered, total) = (&source.source, count(source.covered), count(source.total));
        println!(
            "{}",
            say!(
                language,
                "coverage {id}: {covered}/{total} sentences with figures or quotations annotated ({percent:.0}%)",
                "Abdeckung {id}: {covered}/{total} Sätze mit Zahlen oder Zitaten annotiert ({percent:.0} %)"
            )
        );
    }
    let [claims, sources, topics, origins] = checked.counts.map(count);
    let (seconds, warnings) = (seconds(elapsed, language), count(checked.diagnostics.warning_count()));
    let unchanged = match replayed {
        true => language.pick(
            " (the inputs of the last build, unchanged: its findings)",
            " (die Eingaben der letzten Erstellung, unverändert: deren Befund)",
        ),
        false => "",
    };
    println!(
        "{}{unchanged}",
        say!(
            language,
            "Checked {claims} claims, {sources} sources, {topics} topics, {origins} origins in {seconds} s: no errors, {warnings} warning(s)",
            "{claims} Behauptungen, {sources} Quellen, {topics} Themen, {origins} Ursprünge in {seconds} s geprüft: keine Fehler, {warnings} Warnung(en)"
        )
    );
}

/// Every problem, or with `quiet` the errors only.
fn print_problems(diagnostics: &Diagnostics, quiet: bool, language: Language) {
    if !quiet {
        print_diagnostics(diagnostics, language);
        return;
    }
    let mut errors = Diagnostics::new();
    for diagnostic in diagnostics.iter().filter(|d| d.severity == Severity::Error) {
        errors.push(diagnostic.clone());
    }
    eprintln!("{}", errors.render_in(language));
    let count = language.count(errors.error_count());
    eprintln!("{}", say!(language, "{count} error(s)", "{count} Fehler"));
}

/// `check --format json`: what scripts read.
#[derive(Serialize)]
struct JsonReport<'a> {
    /// No errors (with `--strict`: no warnings and no gaps either).
    ok: bool,
    errors: usize,
    warnings: usize,
    /// Every problem but coverage gaps.
    problems: Vec<JsonProblem<'a>>,
    /// Per source, when the content has no errors (else `null`).
    coverage: Option<Vec<JsonCoverage>>,
}

#[derive(Serialize)]
struct JsonProblem<'a> {
    file: &'a str,
    line: Option<u32>,
    column: Option<u32>,
    severity: Severity,
    message: &'a str,
    hint: Option<&'a str>,
}

#[derive(Serialize)]
struct JsonCoverage {
    source: String,
    covered: usize,
    total: usize,
    gaps: Vec<CoverageGap>,
}

/// Prints the JSON report on stdout; fails (exit 1) as the text report would.
fn print_json(
    checked: Result<(&dossier::model::Dossier, &Diagnostics), &Diagnostics>,
    strict: bool,
) -> Result<(), Failure> {
    let (diagnostics, dossier) = match checked {
        Ok((dossier, diagnostics)) => (diagnostics, Some(dossier)),
        Err(diagnostics) => (diagnostics, None),
    };
    let coverage = dossier.map(|dossier| {
        coverage_gaps(dossier)
            .into_iter()
            .map(|(counts, gaps)| JsonCoverage {
                source: counts.source,
                covered: counts.covered,
                total: counts.total,
                gaps,
            })
            .collect::<Vec<_>>()
    });
    let gaps: usize = coverage.iter().flatten().map(|c| c.gaps.len()).sum();
    let failed = diagnostics.has_errors() || (strict && gaps > 0);
    let ok = !failed;
    let report = JsonReport {
        ok,
        errors: diagnostics.error_count(),
        warnings: diagnostics.warning_count(),
        problems: diagnostics
            .iter()
            .map(|d| JsonProblem {
                file: &d.file,
                line: d.position.map(|p| p.line),
                column: d.position.map(|p| p.column),
                severity: d.severity,
                message: &d.message,
                hint: d.help.as_deref(),
            })
            .collect(),
        coverage,
    };
    match serde_json::to_string_pretty(&report) {
        Ok(text) => println!("{text}"),
        Err(error) => return Err(Failure::Usage(format!("cannot write the JSON report: {error}"))),
    }
    if ok { Ok(()) } else { Err(Failure::Content) }
}
