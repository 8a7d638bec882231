//! The claimtrack binary: parse arguments, run, exit with the contract's code.

use clap::Parser;

fn main() -> std::process::ExitCode {
    claimtrack::run(claimtrack::Cli::parse()).into()
}
