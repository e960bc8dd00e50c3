//! The `cyberkg` command: everything it does is in the library ([`cyberkg::cli`]).

use std::process::ExitCode;

/// mimalloc: a server answering many small queries allocates and frees many small objects
/// on every request; it does so markedly faster than the system allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    cyberkg::cli::run()
}
