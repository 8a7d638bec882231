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
    /// Log a new claim; refuses a quote that is not in the document.
    Add(Box<AddArgs>),
    /// Create claims/ and corpus/ here with an example that passes `check`.
    Init,
    /// Show one claim: its quote in context, verdict, evidence, related claims.
    Show(ShowArgs),
    /// Print confidence tables by claim, fact, document or source.
    Table(TableArgs),
}

/// A claim's attribution level.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LevelArg {
    /// The document states it on its own authority or reports independent confirmation.
    Confirmed,
    /// The document attributes it to a source without confirming it.
    SourceSays,
    /// The document says it could not confirm it, or reports it as unverified.
    CouldNotConfirm,
}

impl From<LevelArg> for crate::claim::Level {
    fn from(l: LevelArg) -> Self {
        match l {
            LevelArg::Confirmed => crate::claim::Level::Confirmed,
            LevelArg::SourceSays => crate::claim::Level::SourceSays,
            LevelArg::CouldNotConfirm => crate::claim::Level::CouldNotConfirm,
        }
    }
}

#[derive(Debug, clap::Args)]
pub struct AddArgs {
    /// The corpus document id.
    #[arg(long)]
    pub doc: String,

    /// The exact words in the document; `-` reads them from standard input.
    #[arg(long)]
    pub quote: String,

    /// How the document attributes the claim.
    #[arg(long, value_enum)]
    pub level: LevelArg,

    /// The claim in your own words.
    #[arg(long)]
    pub statement: String,

    /// Who the document says the source is (`attributed-to`).
    #[arg(long, value_name = "WHO")]
    pub by: Option<String>,

    /// The claim id; made from the statement when omitted.
    #[arg(long)]
    pub id: Option<String>,

    /// A tag (repeatable).
    #[arg(long = "tag", value_name = "T")]
    pub tags: Vec<String>,

    /// Groups claims about one fact across documents.
    #[arg(long, value_name = "KEY")]
    pub fact: Option<String>,

    /// Free-text notes.
    #[arg(long)]
    pub notes: Option<String>,

    /// An evidence quote that backs the level (repeatable).
    #[arg(long = "evidence", value_name = "TEXT")]
    pub evidence: Vec<String>,

    /// The document of the evidence quotes (default: the claim's).
    #[arg(long, value_name = "ID")]
    pub evidence_doc: Option<String>,

    /// The claims file to append to (default: claims/<doc id>.toml).
    #[arg(long, value_name = "PATH")]
    pub file: Option<PathBuf>,

    /// Which occurrence to record when the quote occurs several times (1-based).
    #[arg(long, value_name = "N")]
    pub occurrence: Option<usize>,

    /// Print the record without writing it.
    #[arg(long)]
    pub dry_run: bool,
}

#[derive(Debug, clap::Args)]
pub struct ShowArgs {
    /// The claim id.
    pub id: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TableBy {
    Claim,
    Fact,
    Doc,
    Source,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TableFormat {
    /// An aligned table for the terminal.
    Text,
    /// A Markdown table for a pull request or a CMS.
    Markdown,
    Csv,
    Json,
}

#[derive(Debug, clap::Args)]
pub struct TableArgs {
    /// One row per claim, fact, document or source.
    #[arg(long, value_enum, default_value_t = TableBy::Claim)]
    pub by: TableBy,

    /// Only claims at this level (repeatable).
    #[arg(long, value_enum)]
    pub level: Vec<LevelArg>,

    /// Only claims from this document.
    #[arg(long, value_name = "ID")]
    pub doc: Option<String>,

    /// Only claims with this tag.
    #[arg(long, value_name = "T")]
    pub tag: Option<String>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = TableFormat::Text)]
    pub format: TableFormat,
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
