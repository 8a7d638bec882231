//! Command-line definitions (clap derive) and nothing else.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

use crate::check::Partition;
use crate::render::ColorChoice;

/// Track factual claims and prove every quote still matches its source.
#[derive(Debug, Parser)]
#[command(name = "claimtrack", version, about, long_about = None)]
pub struct Cli {
    /// Run as if started in DIR (like git -C).
    #[arg(short = 'C', value_name = "DIR", global = true)]
    pub dir: Option<PathBuf>,

    /// When to colour output.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, global = true)]
    pub color: ColorChoice,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check that every quote still matches its document.
    Check(CheckArgs),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CheckFormat {
    /// For people: grouped by claims file, rustc style.
    Human,
    /// One JSON document with a finding for every anchor.
    Json,
    /// GitHub Actions workflow commands.
    Github,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Deny {
    /// Treat warnings (moved, normalized) as errors.
    Warnings,
}

#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = CheckFormat::Human)]
    pub format: CheckFormat,

    /// Pin start, prefix and suffix of intact and moved anchors, and copy the
    /// document's characters into normalized quotes.
    #[arg(long)]
    pub fix: bool,

    /// Fail (exit 1) on warnings too.
    #[arg(long, value_enum, value_name = "WHAT")]
    pub deny: Option<Deny>,

    /// Also list intact anchors and every detail.
    #[arg(long, short)]
    pub verbose: bool,

    /// Check only share K of N of the documents (for CI matrices).
    #[arg(long, value_name = "K/N")]
    pub partition: Option<Partition>,
}
