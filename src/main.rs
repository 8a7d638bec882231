//! The claimtrack binary: parse arguments, run, exit with the contract's code.

use clap::Parser;

fn main() -> std::process::ExitCode {
    let cli = claimtrack::cli::Cli::parse();
    std::process::ExitCode::from(claimtrack::run(cli))
}
