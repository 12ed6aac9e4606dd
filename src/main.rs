//! The `relais` binary: everything happens in `relais::cli`.

/// mimalloc rather than glibc's malloc: an import spent 12 % of its time
/// in glibc's allocator (docs/performance.md, session 31).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    relais::cli::main()
}
