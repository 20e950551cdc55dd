//! The `diplograph` command: parse arguments, run, report errors.

use std::process::ExitCode;

use clap::Parser;

#[allow(
    clippy::print_stdout,
    clippy::print_stderr,
    reason = "the command line is the only place that prints"
)]
mod cli;

fn main() -> ExitCode {
    let args = cli::Cli::parse();
    match cli::run(args) {
        Ok(code) => code,
        Err(err) => cli::report(&err),
    }
}
