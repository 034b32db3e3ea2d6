//! The `dossier` command. Thin: flags are parsed in [`cli`], each subcommand lives in its own
//! file there with an `execute` function, and library errors become reports and exit codes.

mod cli;

fn main() -> std::process::ExitCode {
    cli::run()
}
