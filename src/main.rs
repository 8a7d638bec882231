//! The claimtrack binary: parse arguments, run, exit with the contract's code.

use clap::Parser;

fn main() -> std::process::ExitCode {
    claimtrack::complete_from_env();
    claimtrack::run(claimtrack::Cli::parse()).into()
}
