//! Command-line definitions (clap derive) and nothing else: each command's
//! arguments, turned into the library's own option types where they differ.

use std::path::PathBuf;

use clap::builder::PossibleValue;
use clap::{Parser, Subcommand, ValueEnum};
use clap_complete::ArgValueCandidates;

use crate::check::Partition;
use crate::check::finding::Status;
use crate::claim::{ClaimStatus, Level};
use crate::confidence::By;
use crate::render::table::TableFormat;
use crate::render::{ColorChoice, Format};

/// Track factual claims and prove every quote still matches its source.
#[derive(Debug, Parser)]
#[command(name = "claimtrack", version, about, long_about = None)]
pub struct Cli {
    /// Run as if started in DIR (like git -C).
    #[arg(
        short = 'C',
        value_name = "DIR",
        global = true,
        help_heading = "Global options"
    )]
    pub(crate) dir: Option<PathBuf>,

    /// When to colour output.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, global = true, help_heading = "Global options")]
    pub(crate) color: ColorChoice,

    /// The largest document read, in bytes (K, M, G suffixes: 1024s; at most
    /// 4G less one byte); larger ones are a finding, never read.
    #[arg(
        long,
        value_name = "SIZE",
        default_value = "256M",
        global = true,
        help_heading = "Global options"
    )]
    pub(crate) max_doc_size: Size,

    /// Read links in corpus/ and claims/ that point outside the project
    /// (refused by default: a pull request could link to any file).
    #[arg(long, global = true, help_heading = "Global options")]
    pub(crate) follow_links_outside: bool,

    #[command(subcommand)]
    pub(crate) command: Command,
}

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Check that every quote still matches its document.
    #[command(after_long_help = verdict_codes())]
    Check(CheckArgs),
    /// Log a new claim; refuses a quote that is not in the document.
    Add(Box<AddArgs>),
    /// Create claims/ and corpus/ here with an example that passes `check`.
    Init,
    /// Show one claim: its quote in context, verdict, evidence, related claims.
    Show(ShowArgs),
    /// List the attribution cues of a document ("said", "according to",
    /// "could not confirm"...) with the level each implies and what it governs.
    Cues(CuesArgs),
    /// Print confidence tables by claim, fact, document or source.
    Table(TableArgs),
    /// After reading the source again: pin moved, normalized or
    /// context-changed quotes where they stand now, with a history entry.
    Accept(AcceptArgs),
    /// Change a claim's level, source, statement or fact, with a history entry.
    Set(SetArgs),
    /// Retract a claim: still checked and shown, its findings only `info`.
    Retract(RetractArgs),
    /// Mark a claim as replaced by another: still checked, findings only `info`.
    Supersede(SupersedeArgs),
    /// Add an evidence quote to a claim, or remove one that no longer
    /// stands, with a history entry.
    #[command(subcommand)]
    Evidence(EvidenceCommand),
    /// List claims, one line each, filtered.
    List(ListArgs),
    /// Bring documents and annotations in: a saved web page, a Hypothesis export.
    #[command(subcommand)]
    Import(ImportCommand),
    /// Write claims out: W3C Web Annotations, ClaimReview, SQLite.
    #[command(subcommand)]
    Export(ExportCommand),
    /// Write a static HTML report: an index, and each document with its
    /// quotes highlighted by level and status.
    Report(ReportArgs),
    /// Print a shell completion script (bash, zsh, fish, powershell, elvish).
    Completions(CompletionsArgs),
    /// Print the manual page, or write one page per command with --out-dir.
    Man(ManArgs),
}

#[derive(Debug, clap::Args)]
pub(crate) struct ReportArgs {
    /// The folder to write: index.html, style.css, filter.js, report.json
    /// and doc/ID.html for each document (default: report/ in the project).
    /// An existing folder is replaced only if it holds a claimtrack report.
    #[arg(short = 'o', long = "out", value_name = "DIR")]
    pub(crate) out: Option<PathBuf>,

    /// Write one self-contained HTML file instead (style inlined, no
    /// external fetches), to mail or attach.
    #[arg(long, value_name = "FILE", conflicts_with = "out")]
    pub(crate) single_file: Option<PathBuf>,

    /// The report's title (default: the project folder's name).
    #[arg(long)]
    pub(crate) title: Option<String>,
}

#[derive(Debug, Subcommand)]
pub(crate) enum ImportCommand {
    /// Extract the article of a saved web page into corpus/ID.txt, with its
    /// metadata and the page kept beside it as corpus/ID.html.
    Html(ImportHtmlArgs),
    /// Log the highlights of a Hypothesis export (or W3C Web Annotations) as
    /// claims, through the same look-up as `add`.
    Hypothesis(ImportHypothesisArgs),
}

#[derive(Debug, clap::Args)]
pub(crate) struct ImportHtmlArgs {
    /// The saved page (.html); `-` reads it from standard input.
    #[arg(value_name = "FILE")]
    pub(crate) file: PathBuf,

    /// The document id: writes corpus/ID.txt, corpus/ID.toml and corpus/ID.html.
    #[arg(long, value_name = "DOC_ID", add = ArgValueCandidates::new(crate::app::complete::documents))]
    pub(crate) id: String,

    /// Where the page was published (default: the page's own canonical URL).
    #[arg(long)]
    pub(crate) url: Option<String>,

    /// When the page was saved, YYYY-MM-DD (default: today).
    #[arg(long, value_name = "DATE")]
    pub(crate) retrieved: Option<String>,

    /// Replace an existing document, then check the claims that quote it.
    #[arg(long)]
    pub(crate) update: bool,

    /// Print the text and metadata without writing anything.
    #[arg(long)]
    pub(crate) dry_run: bool,
}

#[derive(Debug, clap::Args)]
pub(crate) struct ImportHypothesisArgs {
    /// The export (.json): Hypothesis's `{export_date, annotations}`, the
    /// API's array or search result, or W3C Web Annotations; `-` reads stdin.
    #[arg(value_name = "EXPORT")]
    pub(crate) file: PathBuf,

    /// The document every annotation is on (default: matched by its URL
    /// against the documents' `url` metadata).
    #[arg(long, value_name = "DOC_ID", add = ArgValueCandidates::new(crate::app::complete::documents))]
    pub(crate) doc: Option<String>,

    /// Take each claim's level from a tag `level:confirmed`,
    /// `level:source-says` or `level:could-not-confirm`.
    #[arg(long)]
    pub(crate) level_from_tags: bool,

    /// The level of annotations without a level tag.
    #[arg(long, value_enum)]
    pub(crate) level: Option<Level>,

    /// Who logs the claims when the annotation names no user (default:
    /// $CLAIMTRACK_USER, else git's user.name).
    #[arg(long, value_name = "NAME")]
    pub(crate) user: Option<String>,

    /// Print what would be imported without writing anything.
    #[arg(long)]
    pub(crate) dry_run: bool,
}

#[derive(Debug, Subcommand)]
pub(crate) enum ExportCommand {
    /// One W3C Web Annotation (JSON-LD) per quote: TextQuote and
    /// TextPosition selectors, in code points.
    W3c(ExportOut),
    /// One schema.org ClaimReview (JSON-LD) per fact with a verdict.
    Claimreview(ExportOut),
    /// An SQLite database of documents, claims, anchors, evidence, facts and
    /// history, for Datasette or any SQL client.
    Sqlite(ExportSqliteArgs),
}

#[derive(Debug, clap::Args)]
pub(crate) struct ExportOut {
    /// Write to FILE instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub(crate) output: Option<PathBuf>,
}

#[derive(Debug, clap::Args)]
pub(crate) struct ExportSqliteArgs {
    /// The database file to write (replaced if it exists).
    #[arg(value_name = "FILE")]
    pub(crate) file: PathBuf,
}

#[derive(Debug, clap::Args)]
pub(crate) struct CompletionsArgs {
    /// The shell.
    #[arg(value_enum)]
    pub(crate) shell: clap_complete::Shell,
}

#[derive(Debug, clap::Args)]
pub(crate) struct ManArgs {
    /// Write claimtrack.1 and claimtrack-COMMAND.1 into this folder.
    #[arg(long, value_name = "DIR")]
    pub(crate) out_dir: Option<PathBuf>,
}

/// Who makes a change: `--user`, else $CLAIMTRACK_USER, else `git config
/// user.name`, else nobody is recorded.
#[derive(Debug, clap::Args)]
pub(crate) struct Review {
    /// Who is making the change (default: $CLAIMTRACK_USER, else git's user.name).
    #[arg(long, value_name = "NAME")]
    pub(crate) user: Option<String>,

    /// Why, in a few words: kept in the history entry.
    #[arg(long, value_name = "TEXT")]
    pub(crate) note: Option<String>,

    /// Print the change without writing it.
    #[arg(long)]
    pub(crate) dry_run: bool,
}

#[derive(Debug, clap::Args)]
pub(crate) struct AcceptArgs {
    /// The claims to accept.
    #[arg(value_name = "ID", required_unless_present = "all_moved", add = ArgValueCandidates::new(crate::app::complete::claims))]
    pub(crate) ids: Vec<String>,

    /// Accept every claim whose only change is that its quotes moved.
    #[arg(long)]
    pub(crate) all_moved: bool,

    /// For an altered quote: take the document's words as the new quote.
    #[arg(long)]
    pub(crate) take_document_text: bool,

    /// Record the claim's attribution as the document gives it now (its
    /// cues, their level, what its elisions and brackets stand for), also
    /// for a claim logged before attributions were recorded.
    #[arg(long)]
    pub(crate) attribution: bool,

    #[command(flatten)]
    pub(crate) review: Review,
}

#[derive(Debug, clap::Args)]
pub(crate) struct SetArgs {
    #[arg(add = ArgValueCandidates::new(crate::app::complete::claims))]
    pub(crate) id: String,

    /// The new attribution level.
    #[arg(long, value_enum)]
    pub(crate) level: Option<Level>,

    /// Who the document says said it ("" removes it).
    #[arg(long, value_name = "WHO")]
    pub(crate) attributed_to: Option<String>,

    /// The claim in your own words.
    #[arg(long, value_name = "TEXT")]
    pub(crate) statement: Option<String>,

    /// The fact this claim is about ("" removes it).
    #[arg(long, value_name = "KEY", add = ArgValueCandidates::new(crate::app::complete::facts))]
    pub(crate) fact: Option<String>,

    #[command(flatten)]
    pub(crate) review: Review,
}

#[derive(Debug, clap::Args)]
pub(crate) struct RetractArgs {
    #[arg(add = ArgValueCandidates::new(crate::app::complete::claims))]
    pub(crate) id: String,

    /// Why the claim is retracted.
    #[arg(long, value_name = "TEXT")]
    pub(crate) reason: String,

    #[command(flatten)]
    pub(crate) review: Review,
}

#[derive(Debug, Subcommand)]
pub(crate) enum EvidenceCommand {
    /// Quote more words in support of a claim: looked up as `add` looks up a
    /// quote, refused unless they are in the document.
    Add(EvidenceAddArgs),
    /// Remove evidence N (as `check` and `show` number it: `evidence[0]`)
    /// from a claim; its quote is kept in the history entry.
    Remove(EvidenceRemoveArgs),
}

#[derive(Debug, clap::Args)]
pub(crate) struct EvidenceAddArgs {
    /// The claim.
    #[arg(add = ArgValueCandidates::new(crate::app::complete::claims))]
    pub(crate) id: String,

    /// The words, as the document has them (typed quotes are matched as `add` does).
    #[arg(long, value_name = "QUOTE")]
    pub(crate) quote: String,

    /// The document the words are in (default: the claim's own).
    #[arg(long, value_name = "DOC", add = ArgValueCandidates::new(crate::app::complete::documents))]
    pub(crate) doc: Option<String>,

    /// What the evidence shows, kept as its `note`.
    #[arg(long, value_name = "TEXT")]
    pub(crate) says: Option<String>,

    /// Which occurrence, when the words occur more than once.
    #[arg(long, value_name = "N")]
    pub(crate) occurrence: Option<usize>,

    #[command(flatten)]
    pub(crate) review: Review,
}

#[derive(Debug, clap::Args)]
pub(crate) struct EvidenceRemoveArgs {
    /// The claim.
    #[arg(add = ArgValueCandidates::new(crate::app::complete::claims))]
    pub(crate) id: String,

    /// Which evidence: 0 for `evidence[0]`.
    #[arg(value_name = "N")]
    pub(crate) index: usize,

    #[command(flatten)]
    pub(crate) review: Review,
}

#[derive(Debug, clap::Args)]
pub(crate) struct SupersedeArgs {
    /// The claim replaced.
    #[arg(add = ArgValueCandidates::new(crate::app::complete::claims))]
    pub(crate) old: String,
    /// The claim that replaces it.
    #[arg(add = ArgValueCandidates::new(crate::app::complete::claims))]
    pub(crate) new: String,

    /// Why.
    #[arg(long, value_name = "TEXT")]
    pub(crate) reason: Option<String>,

    #[command(flatten)]
    pub(crate) review: Review,
}

/// How `list` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub(crate) enum ListFormat {
    #[default]
    Text,
    Json,
}

#[derive(Debug, clap::Args)]
pub(crate) struct ListArgs {
    /// Only claims at this level (repeatable).
    #[arg(long, value_enum)]
    pub(crate) level: Vec<Level>,

    /// Only claims from this document.
    #[arg(long, value_name = "ID", add = ArgValueCandidates::new(crate::app::complete::documents))]
    pub(crate) doc: Option<String>,

    /// Only claims about this fact.
    #[arg(long, value_name = "KEY", add = ArgValueCandidates::new(crate::app::complete::facts))]
    pub(crate) fact: Option<String>,

    /// Only claims with this tag (repeatable: any of them).
    #[arg(long, value_name = "T")]
    pub(crate) tag: Vec<String>,

    /// Only claims with this status (repeatable).
    #[arg(long, value_enum)]
    pub(crate) status: Vec<ClaimStatus>,

    /// Only claims whose statement, source, quotes or notes contain TEXT (any
    /// case, accents and curly quotes folded).
    #[arg(long, value_name = "TEXT")]
    pub(crate) grep: Option<String>,

    #[arg(long, value_enum, default_value_t = ListFormat::Text)]
    pub(crate) format: ListFormat,
}

impl ValueEnum for ClaimStatus {
    fn value_variants<'a>() -> &'a [Self] {
        &ClaimStatus::ALL
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        Some(PossibleValue::new(self.as_str()))
    }
}

/// Every finding code with its severity and meaning, for `check --help`.
fn verdict_codes() -> String {
    let mut out = String::from("Finding codes:\n");
    for s in Status::ALL {
        out.push_str(&format!(
            "  {:<17} {:<8} {}\n",
            s.code(),
            format!("{:?}", s.severity()).to_lowercase(),
            s.meaning()
        ));
    }
    out.push_str("\nExit status: 0 no error, 1 findings of error severity (or warnings under --deny warnings), 2 could not run.");
    out
}

/// A size in bytes, written `1048576`, `512K`, `256M` or `1G`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Size(pub(crate) u64);

impl std::str::FromStr for Size {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim();
        let (digits, unit) = match t.char_indices().find(|(_, c)| !c.is_ascii_digit()) {
            Some((i, _)) => t.split_at(i),
            None => (t, ""),
        };
        let shift = match unit.to_ascii_uppercase().as_str() {
            "" | "B" => 0,
            "K" | "KB" | "KIB" => 10,
            "M" | "MB" | "MIB" => 20,
            "G" | "GB" | "GIB" => 30,
            _ => return Err(format!("expected a size such as 256M, got {s:?}")),
        };
        let n: u64 = digits
            .parse()
            .map_err(|_| format!("expected a size such as 256M, got {s:?}"))?;
        n.checked_mul(1 << shift)
            .filter(|&b| b > 0 && b <= crate::project::MAX_DOC_SIZE)
            .map(Size)
            .ok_or_else(|| {
                format!(
                    "size out of range: {s:?} (from 1 byte to {} bytes, 4G less one)",
                    crate::project::MAX_DOC_SIZE
                )
            })
    }
}

/// The levels as values of `--level`, with what each means.
impl ValueEnum for Level {
    fn value_variants<'a>() -> &'a [Self] {
        &Level::ALL
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        Some(PossibleValue::new(self.as_str()).help(match self {
            Level::Confirmed => {
                "The document states it on its own authority or reports independent confirmation"
            }
            Level::SourceSays => "The document attributes it to a source without confirming it",
            Level::CouldNotConfirm => {
                "The document says it could not confirm it, or reports it as unverified"
            }
        }))
    }
}

/// The groupings as values of `--by`.
impl ValueEnum for By {
    fn value_variants<'a>() -> &'a [Self] {
        &By::ALL
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        Some(PossibleValue::new(self.as_str()))
    }
}

#[derive(Debug, clap::Args)]
pub(crate) struct AddArgs {
    /// The corpus document id.
    #[arg(long, add = ArgValueCandidates::new(crate::app::complete::documents))]
    pub(crate) doc: String,

    /// Who logs the claim (default: $CLAIMTRACK_USER, else git's user.name).
    #[arg(long, value_name = "NAME", alias = "user")]
    pub(crate) logged_by: Option<String>,

    /// The exact words in the document; `-` reads them from standard input.
    #[arg(long)]
    pub(crate) quote: String,

    /// How the document attributes the claim: confirmed, source-says,
    /// could-not-confirm, or auto for the level the document's attribution
    /// cues propose. Without it, the proposal is shown and asked for on a
    /// terminal (and taken with --dry-run).
    #[arg(long, value_name = "LEVEL", value_parser = level_choice())]
    pub(crate) level: Option<LevelChoice>,

    /// Log the level given even against an explicit could-not-confirm cue.
    #[arg(long)]
    pub(crate) force: bool,

    /// The claim in your own words.
    #[arg(long)]
    pub(crate) statement: String,

    /// Who the document says the source is (`attributed-to`).
    #[arg(long, value_name = "WHO")]
    pub(crate) by: Option<String>,

    /// The claim id; made from the statement when omitted.
    #[arg(long)]
    pub(crate) id: Option<String>,

    /// A tag (repeatable).
    #[arg(long = "tag", value_name = "T")]
    pub(crate) tags: Vec<String>,

    /// Groups claims about one fact across documents.
    #[arg(long, value_name = "KEY", add = ArgValueCandidates::new(crate::app::complete::facts))]
    pub(crate) fact: Option<String>,

    /// Free-text notes.
    #[arg(long)]
    pub(crate) notes: Option<String>,

    /// An evidence quote that backs the level (repeatable; `-` reads one from
    /// standard input).
    #[arg(long = "evidence", value_name = "TEXT")]
    pub(crate) evidence: Vec<String>,

    /// The document of the evidence quotes (default: the claim's).
    #[arg(long, value_name = "ID", add = ArgValueCandidates::new(crate::app::complete::documents))]
    pub(crate) evidence_doc: Option<String>,

    /// The claims file to append to (default: claims/<doc id>.toml).
    #[arg(long, value_name = "PATH")]
    pub(crate) file: Option<PathBuf>,

    /// Which occurrence to record when the quote occurs several times (1-based).
    #[arg(long, value_name = "N", value_parser = occurrence)]
    pub(crate) occurrence: Option<usize>,

    /// Print the record without writing it.
    #[arg(long)]
    pub(crate) dry_run: bool,

    /// How to print the record: TOML for people, or JSON with the proposal,
    /// its cue and its explanation (for scripts).
    #[arg(long, value_enum, default_value_t = AddFormat::Human)]
    pub(crate) format: AddFormat,
}

/// `add --level`: a level, or `auto` for the one the cues propose.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum LevelChoice {
    Auto,
    Given(Level),
}

/// `auto` or a level, with the values listed in errors and completions.
fn level_choice() -> impl clap::builder::TypedValueParser<Value = LevelChoice> {
    use clap::builder::TypedValueParser as _;
    clap::builder::PossibleValuesParser::new([
        "auto",
        "confirmed",
        "source-says",
        "could-not-confirm",
    ])
    .map(|s| Level::parse(&s).map_or(LevelChoice::Auto, LevelChoice::Given))
}

/// How `add` and `cues` print: for people, or JSON for scripts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum AddFormat {
    /// For people (`add`: the TOML record on stdout, notes on stderr).
    Human,
    /// One JSON document (`add`: the record, the claim's fields and the proposal).
    Json,
}

#[derive(Debug, clap::Args)]
pub(crate) struct CuesArgs {
    /// The corpus document id.
    #[arg(add = ArgValueCandidates::new(crate::app::complete::documents))]
    pub(crate) doc: String,

    /// The document's language (en, fr, es, pt, de, cs, ru, zh, ja); detected
    /// from its text when omitted.
    #[arg(long, value_name = "CODE")]
    pub(crate) lang: Option<String>,

    /// Lines for people, or one JSON document for scripts.
    #[arg(long, value_enum, default_value_t = AddFormat::Human)]
    pub(crate) format: AddFormat,
}

#[derive(Debug, clap::Args)]
pub(crate) struct ShowArgs {
    /// The claim id.
    #[arg(add = ArgValueCandidates::new(crate::app::complete::claims))]
    pub(crate) id: String,
}

/// `--occurrence N`: counted from 1, as people count.
fn occurrence(s: &str) -> Result<usize, String> {
    match s.parse::<usize>() {
        Ok(0) => Err("occurrences are counted from 1 (the first is 1)".into()),
        Ok(n) => Ok(n),
        Err(_) => Err(format!("`{s}` is not a whole number from 1")),
    }
}

#[derive(Debug, clap::Args)]
pub(crate) struct TableArgs {
    /// One row per claim, fact, document or source.
    #[arg(long, value_enum, default_value_t = By::Claim)]
    pub(crate) by: By,

    /// Also count retracted and superseded claims.
    #[arg(long)]
    pub(crate) all: bool,

    /// Only claims at this level (repeatable).
    #[arg(long, value_enum)]
    pub(crate) level: Vec<Level>,

    /// Only claims from this document.
    #[arg(long, value_name = "ID", add = ArgValueCandidates::new(crate::app::complete::documents))]
    pub(crate) doc: Option<String>,

    /// Only claims with this tag (repeatable: any of them).
    #[arg(long, value_name = "T")]
    pub(crate) tag: Vec<String>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = TableFormat::Text)]
    pub(crate) format: TableFormat,

    /// CSV: end with a totals row (text, Markdown and JSON always have one).
    #[arg(long)]
    pub(crate) totals: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum Deny {
    /// Treat warnings (moved, normalized) as errors.
    Warnings,
}

#[derive(Debug, clap::Args)]
pub(crate) struct CheckArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub(crate) format: Format,

    /// Pin start, prefix and suffix of intact and moved quotes, and copy the
    /// document's characters into normalized quotes.
    #[arg(long)]
    pub(crate) fix: bool,

    /// Fail (exit 1) on warnings too.
    #[arg(long, value_enum, value_name = "WHAT")]
    pub(crate) deny: Option<Deny>,

    /// Also list intact quotes and every detail.
    #[arg(long, short, conflicts_with = "quiet")]
    pub(crate) verbose: bool,

    /// Print only the findings that fail the run, and the summary line.
    #[arg(long, short)]
    pub(crate) quiet: bool,

    /// Check only the claims in these files and the claims on these
    /// documents (claims/ and corpus/ paths; `-` reads them from standard input).
    #[arg(long, value_name = "PATH", num_args = 1.., conflicts_with = "changed_since")]
    pub(crate) files: Option<Vec<PathBuf>>,

    /// Check only the claims a change since REF touched: changed claims
    /// files, and every claim on a changed document (git).
    #[arg(long, value_name = "REF")]
    pub(crate) changed_since: Option<String>,

    /// Check only share K of N of the documents (for CI matrices).
    #[arg(long, value_name = "K/N")]
    pub(crate) partition: Option<Partition>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_command_line_definition_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn sizes_take_binary_suffixes() {
        assert_eq!("256M".parse(), Ok(Size(256 << 20)));
        assert_eq!("1g".parse(), Ok(Size(1 << 30)));
        assert_eq!("512".parse(), Ok(Size(512)));
        assert!("0".parse::<Size>().is_err());
        // Offsets are kept as u32 code points: no document may reach 4 GiB.
        assert_eq!("4294967295".parse(), Ok(Size(u64::from(u32::MAX))));
        assert!("4G".parse::<Size>().is_err());
        assert!("4294967296".parse::<Size>().is_err());
        assert!("12X".parse::<Size>().is_err());
    }
}
