//! The `dossier` command. Thin: flags are parsed in [`cli`], each subcommand lives in its own
//! file there with an `execute` function, and library errors become reports and exit codes.

mod cli;

/// mimalloc rather than glibc's malloc: at 10,000 sources a cold build takes 31-37 % less user
/// CPU at a peak 2.6 % higher, and `serve` holds half the resident memory after a few edits
/// (glibc's per-thread arenas kept what rebuilds freed). BENCHMARKS.md, "Round six, merged".
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    cli::run()
}
