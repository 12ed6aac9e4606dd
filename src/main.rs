//! The `relais` binary: everything happens in `relais::cli`.

fn main() -> std::process::ExitCode {
    relais::cli::main()
}
