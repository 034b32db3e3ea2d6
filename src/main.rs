//! The `dossier` command. Thin: flags are parsed in [`cli`], each subcommand lives in its own
//! file there with an `execute` function, and library errors become reports and exit codes.

mod cli;

/// mimalloc rather than glibc's malloc: at 10,000 sources it takes 28-32 % less CPU for a cold
/// build (at about the same peak) and less than half the resident memory in `serve`, whose
/// rebuilds glibc's per-thread arenas kept (BENCHMARKS.md, "memory" and "Round six, merged").
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    cli::run()
}
