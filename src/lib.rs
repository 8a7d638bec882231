//! claimtrack: claims tied to exact quotes of source documents, checked.
//!
//! The data flows one way: `corpus` loads claims files and documents,
//! `claim` validates records, `plan` packs what checking needs of them,
//! `anchor` locates each quote in its document's text (no I/O), `check` turns
//! verdicts into a `report` of findings, `fix` rewrites claims files, and
//! `render` turns a report into bytes.

pub mod add;
pub mod anchor;
pub mod check;
pub mod claim;
pub mod cli;
pub mod corpus;
pub mod fix;
pub mod init;
pub mod plan;
pub mod progress;
pub mod render;
pub mod report;
pub mod show;
pub mod synth;
pub mod table;
pub mod text;

use std::io::Write;
use std::path::Path;

use anyhow::Result;

use check::Source;
use claim::Problem;
use cli::{CheckArgs, CheckFormat, Cli, Command, TableArgs};
use corpus::{DocError, Project};
use render::Paint;
use text::DocText;

/// Exit code: no error (warnings allowed unless `--deny warnings`).
pub const EXIT_OK: u8 = 0;
/// Exit code: at least one finding of error severity.
pub const EXIT_FINDINGS: u8 = 1;
/// Exit code: the tool could not run (bad arguments, no claims/ or corpus/).
pub const EXIT_ERROR: u8 = 2;

/// Runs one command and returns the process exit code.
pub fn run(cli: Cli) -> u8 {
    let root = cli.dir.clone().unwrap_or_default();
    let outcome = match &cli.command {
        Command::Check(args) => run_check(&root, args, &cli),
        Command::Add(args) => add::run(&root, args, paint(&cli)),
        Command::Init => init::run(&root),
        Command::Show(args) => show::run(&root, &args.id, paint(&cli)),
        Command::Table(args) => run_table(&root, args, &cli),
    };
    match outcome {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            EXIT_ERROR
        }
    }
}

/// Writes to standard output; a closed pipe (`| head`) is not an error.
pub fn emit(s: &str) -> Result<()> {
    let mut out = std::io::stdout().lock();
    match out.write_all(s.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => Ok(other?),
    }
}

/// Reads documents and metadata from disk.
pub(crate) struct Disk;

impl Source for Disk {
    fn document(&self, path: &Path) -> Result<DocText, DocError> {
        corpus::read_doc(path)
    }
    fn metadata(&self, path: &Path) -> Vec<Problem> {
        corpus::read_metadata(path).1
    }
}

/// A project loaded for checking: its claims packed, its corpus indexed.
pub struct Loaded {
    pub project: Project,
    pub plan: plan::Plan,
    pub corpus: corpus::Corpus,
}

impl Loaded {
    /// Loads the project: claims files parsed and packed, corpus indexed (documents
    /// are read only while they are checked).
    pub fn open(root: &Path) -> Result<Loaded> {
        let project = Project::open(root)?;
        let plan = project.load_plan()?;
        // Only documents some claim names are indexed (and those with metadata).
        let named: std::collections::HashSet<&str> = plan.doc_ids().collect();
        let corpus = project.scan_corpus_for(|id| named.contains(id))?;
        drop(named);
        Ok(Loaded {
            project,
            plan,
            corpus,
        })
    }

    /// The report every command builds on.
    pub fn check(&self, opts: &check::Options) -> report::Report<'_> {
        check::check(&self.plan, &self.corpus, &Disk, opts)
    }
}

fn run_check(root: &Path, args: &CheckArgs, cli: &Cli) -> Result<u8> {
    // Never in json or github output, never when piped.
    let bar = match args.format {
        CheckFormat::Human => progress::Progress::for_terminal(),
        _ => None,
    };
    let update = |done: usize, total: usize| {
        if let Some(b) = &bar {
            b.update(done, total);
        }
    };
    let opts = check::Options {
        partition: args.partition,
        progress: bar
            .as_ref()
            .map(|_| &update as &(dyn Fn(usize, usize) + Sync)),
        fix: args.fix,
    };
    let finish = || {
        if let Some(b) = &bar {
            b.finish();
        }
    };
    let loaded = Loaded::open(root).inspect_err(|_| finish())?;
    let mut report = loaded.check(&opts);
    finish();
    if args.fix {
        for failure in fix::apply(&loaded.project.root, &mut report)? {
            eprintln!("error: --fix: {failure}");
        }
    }
    match args.format {
        CheckFormat::Human => emit(&render::human::render(
            &report,
            Paint {
                on: cli.color.for_stdout(),
            },
            args.verbose,
        ))?,
        // Streamed: a report of every anchor is never held as one string.
        CheckFormat::Json => {
            let mut out = std::io::BufWriter::new(std::io::stdout().lock());
            match render::json::write(&report, &mut out).and_then(|()| out.flush()) {
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {}
                other => other?,
            }
        }
        CheckFormat::Github => emit(&render::github::render(&report))?,
    }
    Ok(report.exit_code(args.deny.is_some()))
}

fn paint(cli: &Cli) -> Paint {
    Paint {
        on: cli.color.for_stdout(),
    }
}

fn run_table(root: &Path, args: &TableArgs, cli: &Cli) -> Result<u8> {
    let project = Project::open(root)?;
    let files = project.load_claims()?;
    let corpus = project.scan_corpus()?;
    let plan = plan::Plan::from_files(&files);
    let report = check::check(&plan, &corpus, &Disk, &check::Options::default());
    let filter = table::Filter {
        levels: args.level.iter().map(|&l| l.into()).collect(),
        doc: args.doc.clone(),
        tag: args.tag.clone(),
    };
    if let Some(doc) = &filter.doc
        && !corpus.docs.contains_key(doc)
    {
        anyhow::bail!("--doc {doc}: no such document in corpus/");
    }
    let rows = table::rows(&files, &report, &filter);
    let grid = table::grid(args.by, &rows);
    emit(&render::table::render(
        &grid,
        args.format,
        cli.color.for_stdout(),
    ))?;
    // The exit code follows check: errors among the shown claims, or in the files.
    let shown: std::collections::HashSet<&str> = rows.iter().map(|r| r.claim.id.as_str()).collect();
    let severities = report
        .findings()
        .filter(|f| f.claim.as_deref().is_none_or(|c| shown.contains(c)) || f.anchor.is_none())
        .map(|f| f.effective());
    Ok(report::exit_code(severities, false))
}
