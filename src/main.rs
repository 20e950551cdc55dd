//! The `diplograph` command: parse arguments, run, report errors.

use std::process::ExitCode;

use clap::Parser;

mod cli;

/// mimalloc instead of the system allocator: extraction and graph building allocate many small
/// strings and vectors; measured 12% faster extraction (`bench/extract_throughput.sh`).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let args = cli::Cli::parse();
    match cli::run(args) {
        Ok(code) => code,
        Err(err) => cli::report(&err),
    }
}
