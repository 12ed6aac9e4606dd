//! The `relais` binary: everything happens in `relais::cli`.

/// mimalloc rather than glibc's malloc: an import spent 12 % of its time
/// in glibc's allocator (docs/performance.md, "The import's allocator").
/// Built without transparent huge pages (`no_thp`): with them every
/// command's peak grew by 8–10 MB.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    relais::cli::main()
}
