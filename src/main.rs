//! The `dossier` command. Thin: flags are parsed in [`cli`], each subcommand lives in its own
//! file there with an `execute` function, and library errors become reports and exit codes.

mod cli;

/// mimalloc rather than glibc's malloc: at 10,000 sources a cold build takes 31-37 % less user
/// CPU at a peak 2.6 % higher, and `serve` holds half the resident memory after a few edits
/// (glibc's per-thread arenas kept what rebuilds freed). BENCHMARKS.md, "Round six, merged".
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    // No transparent huge pages for this process. mimalloc asks for them on its 1 GiB arenas,
    // and each first touch of one then zeroes 2 MiB; what it purges (64 KiB at a time) splits
    // them again. At 10,000 sources `check` after one claim changed spent a third of its CPU
    // in the kernel zeroing such pages: 1.0-1.5 s of system time less without them, at the same
    // user time. BENCHMARKS.md, "r7-check". Where the kernel refuses, nothing changes.
    #[cfg(target_os = "linux")]
    let _ = rustix::thread::disable_transparent_huge_pages(true);
    cli::run()
}
