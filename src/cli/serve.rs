//! `dossier serve`: build, serve over HTTP, and with `--watch` rebuild on every save. The work
//! is in [`dossier::serve`]; this prints what it reports.

use std::collections::HashSet;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use clap::Args;

use super::{Failure, LinksArg, RootArg, print_diagnostics};
use dossier::diagnostic::Language;
use dossier::diagnostic::{Diagnostic, Diagnostics, Severity};
use dossier::say;
use dossier::serve::{Notice, ServeError, ServeOptions, run};

/// Flags of `dossier serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    #[command(flatten)]
    root: RootArg,
    #[command(flatten)]
    links: LinksArg,
    /// Watch content/, seeds/, templates/, static/ and dossier.yaml; rebuild and reload open pages on every save.
    #[arg(long)]
    watch: bool,
    /// Port to listen on (0 picks a free one).
    #[arg(long, default_value_t = 1111)]
    port: u16,
    /// Address to listen on.
    #[arg(long, value_name = "ADDRESS", default_value_t = IpAddr::V4(Ipv4Addr::LOCALHOST))]
    bind: IpAddr,
    /// Open the site in the browser.
    #[arg(long)]
    open: bool,
    /// Output folder, kept equal to the served site [default: ROOT/public].
    #[arg(long, value_name = "DIR")]
    output: Option<PathBuf>,
    /// Base URL the site will be hosted at (overrides dossier.yaml); the site is served under its path.
    #[arg(long, value_name = "URL")]
    base_url: Option<String>,
    /// A host name (or address) the preview answers to besides localhost and the --bind address, e.g. the machine's name on the network (repeatable).
    #[arg(long = "allow-host", value_name = "NAME")]
    allow_host: Vec<String>,
}

/// Runs `dossier serve` until Ctrl-C.
pub fn execute(args: &ServeArgs) -> Result<(), Failure> {
    let root = args.root.folder()?;
    let base_url = match &args.base_url {
        Some(url) => Some(dossier::model::base_url::normalize(url).map_err(Failure::Usage)?),
        None => None,
    };
    let output = args.output.clone().unwrap_or_else(|| root.join("public"));
    let options = ServeOptions {
        root,
        output,
        base_url,
        address: SocketAddr::new(args.bind, args.port),
        watch: args.watch,
        read: args.links.read_options(),
        allowed_hosts: args.allow_host.clone(),
    };
    let open = args.open;
    // The UI language, read at each notice: editing `language:` while serving takes effect at
    // the next rebuild, as for the pages.
    let (root, read) = (options.root.clone(), options.read);
    let language = move || dossier::load::ui_language_in(&root, read);
    let shown = Mutex::new(ShownWarnings::default());
    let notifier = Arc::new(move |notice: Notice<'_>| match notice {
        Notice::Built {
            report,
            output,
            written,
        } => {
            let language = language();
            print_new_problems(&shown, &report.diagnostics, language);
            let count = |n: usize| language.count(n);
            let (pages, files, written) = (count(report.pages), count(report.files), count(written));
            let (claims, sources) = (count(report.claims), count(report.sources));
            let (milliseconds, output) = (report.duration.as_millis(), output.display());
            println!(
                "{}",
                say!(
                    language,
                    "Built {pages} pages ({files} files, {written} written): {claims} claims, {sources} sources in {milliseconds} ms -> {output}",
                    "{pages} Seiten erstellt ({files} Dateien, {written} geschrieben): {claims} Behauptungen, {sources} Quellen in {milliseconds} ms -> {output}"
                )
            );
        }
        Notice::Rebuilt { report } => {
            let language = language();
            print_new_problems(&shown, &report.diagnostics, language);
            println!("{}", rebuilt_line(report, language));
        }
        Notice::Released { report } => {
            let language = language();
            let milliseconds = report.duration.as_millis();
            let files = language.count(report.changed.len() + report.removed.len());
            println!(
                "{}",
                say!(
                    language,
                    "data release (SQLite, XLSX, CSV, search index) made in {milliseconds} ms: {files} file(s) changed",
                    "Datenpaket (SQLite, XLSX, CSV, Suchindex) in {milliseconds} ms erstellt: {files} Datei(en) geändert"
                )
            );
        }
        Notice::Failed { diagnostics, has_site } => {
            let language = language();
            print_new_problems(&shown, diagnostics, language);
            let errors = language.count(diagnostics.error_count());
            if has_site {
                eprintln!(
                    "{}",
                    say!(
                        language,
                        "build failed with {errors} error(s); still serving the last good build",
                        "Website nicht erstellt, {errors} Fehler; der letzte fehlerfreie Stand wird weiter ausgeliefert"
                    )
                );
            } else {
                eprintln!(
                    "{}",
                    say!(
                        language,
                        "build failed with {errors} error(s); the browser shows them until they are fixed",
                        "Website nicht erstellt, {errors} Fehler; der Browser zeigt sie, bis sie behoben sind"
                    )
                );
            }
        }
        Notice::Listening { url, watching } => {
            if watching {
                println!("Serving {url} (watching for changes; Ctrl-C to stop)");
            } else {
                println!("Serving {url} (Ctrl-C to stop)");
            }
            if open {
                open_browser(url);
            }
        }
        Notice::Warning(message) => eprintln!("warning: {message}"),
        Notice::Stopping => println!("Stopping."),
    });
    match run(options, notifier) {
        Ok(()) => Ok(()),
        Err(ServeError::Content(_)) => {
            let language = dossier::load::ui_language_in(&args.root.folder()?, args.links.read_options());
            eprintln!(
                "{}",
                language.pick(
                    "Nothing to serve; fix the errors, or use --watch to serve them until they are fixed.",
                    "Nichts auszuliefern; beheben Sie die Fehler, oder zeigen Sie sie mit --watch im Browser, bis sie behoben sind."
                )
            );
            Err(Failure::Content)
        }
        Err(ServeError::Bind { address, source }) if source.kind() == std::io::ErrorKind::AddrInUse => {
            Err(Failure::Usage(format!(
                "cannot listen on {address}: the port is in use\n  = help: choose another with --port, or --port 0 for any free port"
            )))
        }
        Err(error) => Err(Failure::Usage(error.to_string())),
    }
}

/// The warnings the terminal has shown since `serve` started: a rebuild prints only those it
/// has not (at 10,000 sources a dossier may carry tens of thousands of warnings, and one save
/// changes a few), with a line of counts that says how many are not repeated.
#[derive(Debug, Default)]
struct ShownWarnings {
    shown: HashSet<Diagnostic>,
    /// Whether anything was printed yet (the first build's problems are all new).
    started: bool,
}

impl ShownWarnings {
    /// Of `diagnostics`: every error, and the warnings not shown before (in their order), the
    /// number of warnings left out because they were, and whether the set of warnings differs
    /// from the last one reported. Records this report's warnings as shown.
    fn select(&mut self, diagnostics: &Diagnostics) -> (Diagnostics, usize, bool) {
        let mut new = Diagnostics::new();
        let mut repeated = 0;
        let mut now = HashSet::with_capacity(diagnostics.warning_count());
        for diagnostic in diagnostics.iter() {
            if diagnostic.severity == Severity::Error {
                new.push(diagnostic.clone());
            } else if self.shown.contains(diagnostic) {
                repeated += 1;
                now.insert(diagnostic.clone());
            } else if now.insert(diagnostic.clone()) {
                new.push(diagnostic.clone());
            } else {
                repeated += 1;
            }
        }
        let changed = !self.started || !new.is_empty() || now.len() != self.shown.len();
        self.shown = now;
        self.started = true;
        (new, repeated, changed)
    }
}

/// Prints the problems of a build the terminal has not shown yet (see [`ShownWarnings`]) and,
/// when the problems changed, a line of counts.
fn print_new_problems(shown: &Mutex<ShownWarnings>, diagnostics: &Diagnostics, language: Language) {
    let Ok(mut shown) = shown.lock() else {
        print_diagnostics(diagnostics, language);
        return;
    };
    let (new, repeated, changed) = shown.select(diagnostics);
    if !changed || diagnostics.is_empty() {
        return;
    }
    if !new.is_empty() {
        eprintln!("{}", new.render_in(language));
    }
    let counts = diagnostics.summary(language);
    if repeated == 0 {
        eprintln!("{counts}");
    } else {
        let repeated = language.count(repeated);
        eprintln!(
            "{}",
            say!(
                language,
                "{counts} ({repeated} warning(s) shown before are not repeated; `dossier check` lists every one)",
                "{counts} ({repeated} bereits gezeigte Warnung(en) nicht wiederholt; `dossier check` listet alle)"
            )
        );
    }
}

/// Opens `url` with the desktop's opener. When there is no desktop, no opener, or the opener
/// fails (as `xdg-open` does without a browser), it says so and how to open the page by hand.
fn open_browser(url: &str) {
    let opener = if cfg!(target_os = "macos") { "open" } else { "xdg-open" };
    let by_hand = format!("open {url} in your browser yourself (copy the address)");
    // No check for DISPLAY here: without a desktop `xdg-open` still tries `$BROWSER` (a text
    // browser, say) and fails with a status when nothing opens, which is reported below.
    let spawned = std::process::Command::new(opener)
        .arg(url)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
    match spawned {
        Ok(mut child) => {
            // Wait for it on a thread: a browser may take a while, and serving goes on.
            std::thread::spawn(move || match child.wait() {
                Ok(status) if status.success() => {}
                Ok(status) => {
                    eprintln!("warning: --open could not open a browser: `{opener}` failed ({status}); {by_hand}")
                }
                Err(error) => eprintln!("warning: --open could not open a browser: {error}; {by_hand}"),
            });
        }
        Err(error) => eprintln!("warning: --open could not open a browser: cannot run `{opener}` ({error}); {by_hand}"),
    }
}

/// The terminal line of a rebuild in `language`: how long it took and what changed.
fn rebuilt_line(report: &dossier::serve::incremental::Rebuild, language: Language) -> String {
    let milliseconds = report.duration.as_millis();
    let count = |n: usize| language.count(n);
    let (rendered, pages) = (count(report.rendered.len()), count(report.pages));
    if report.is_unchanged() {
        return say!(
            language,
            "rebuilt in {milliseconds} ms: nothing changed ({rendered} of {pages} pages rendered)",
            "in {milliseconds} ms neu erstellt: nichts geändert ({rendered} von {pages} Seiten gerendert)"
        );
    }
    let changed = count(report.changed_pages);
    let mut line = match (language, report.changed_pages) {
        (Language::En, 1) => format!("rebuilt in {milliseconds} ms: 1 page changed ({rendered} of {pages} rendered)"),
        (Language::En, _) => {
            format!("rebuilt in {milliseconds} ms: {changed} pages changed ({rendered} of {pages} rendered)")
        }
        (Language::De, 1) => {
            format!("in {milliseconds} ms neu erstellt: 1 Seite geändert ({rendered} von {pages} gerendert)")
        }
        (Language::De, _) => {
            format!("in {milliseconds} ms neu erstellt: {changed} Seiten geändert ({rendered} von {pages} gerendert)")
        }
    };
    let changed_others = report.changed.len() - report.changed_pages;
    if changed_others > 0 {
        let others = count(changed_others);
        line.push_str(&match (language, changed_others) {
            (Language::En, 1) => ", 1 other file".to_owned(),
            (Language::En, _) => format!(", {others} other files"),
            (Language::De, 1) => ", 1 weitere Datei".to_owned(),
            (Language::De, _) => format!(", {others} weitere Dateien"),
        });
    }
    if !report.removed.is_empty() {
        let removed = count(report.removed.len());
        line.push_str(&say!(language, ", {removed} removed", ", {removed} entfernt"));
    }
    line
}
