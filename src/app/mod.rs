//! One file per command: load through `project`, call the logic, pick a
//! renderer, and say which exit the run ends with.

mod add;
mod changes;
mod check;
pub(crate) mod complete;
mod cues;
mod docs;
mod export;
mod hypothesis;
mod import;
mod init;
mod list;
mod progress;
mod provenance;
mod report;
mod review;
mod show;
mod table;

use crate::check::report::Exit;
use crate::cli::{Cli, Command, EvidenceCommand, ImportCommand};
use crate::failure::{Failure, Outcome};
use crate::project::Location;
use crate::render::Paint;

/// Runs one command; every failure to run at all is reported here, once.
#[expect(
    clippy::needless_pass_by_value,
    reason = "main hands the parsed command line over whole"
)]
pub(crate) fn run(cli: Cli) -> Exit {
    let root = match &cli.dir {
        Some(dir) if !crate::project::is_dir(dir) => {
            eprintln!(
                "error: -C {}: no such directory",
                crate::render::safe(&dir.display().to_string())
            );
            return Exit::Error;
        }
        Some(dir) => dir.clone(),
        // Like git: from any folder inside a project, its root.
        None if !matches!(
            cli.command,
            Command::Init | Command::Completions(_) | Command::Man(_)
        ) =>
        {
            crate::project::discover().unwrap_or_default()
        }
        None => std::path::PathBuf::default(),
    };
    let base = match &cli.dir {
        Some(dir) => dir.clone(),
        None => std::env::current_dir().unwrap_or_default(),
    };
    let at = Location {
        base,
        root: root.clone(),
        max_doc: cli.max_doc_size.0,
        follow_links_outside: cli.follow_links_outside,
    };
    let paint = Paint {
        on: cli.color.for_stdout(),
    };
    let outcome = match &cli.command {
        Command::Check(args) => done(check::run(&at, args, paint)),
        Command::Add(args) => done(add::run(&at, args, paint)),
        Command::Init => done(init::run(&root)),
        Command::Show(args) => done(show::run(&at, &args.id, paint)),
        Command::Cues(args) => done(cues::run(&at, args)),
        Command::Table(args) => done(table::run(&at, args, paint)),
        Command::Accept(args) => done(review::accept(&at, args)),
        Command::Set(args) => done(review::set(&at, args)),
        Command::Retract(args) => done(review::retract(&at, args)),
        Command::Supersede(args) => done(review::supersede(&at, args)),
        Command::Evidence(EvidenceCommand::Add(args)) => done(review::evidence_add(&at, args)),
        Command::Evidence(EvidenceCommand::Remove(args)) => {
            done(review::evidence_remove(&at, args))
        }
        Command::List(args) => done(list::run(&at, args, paint)),
        Command::Import(ImportCommand::Html(args)) => done(import::html(&at, args, paint)),
        Command::Import(ImportCommand::Hypothesis(args)) => done(hypothesis::run(&at, args, paint)),
        Command::Export(what) => done(export::run(&at, what)),
        Command::Report(args) => done(report::run(&at, args, paint)),
        Command::Completions(args) => done(docs::completions(args.shell)),
        Command::Man(args) => done(docs::man(args.out_dir.as_deref())),
    };
    outcome.unwrap_or_else(|f| {
        f.report();
        f.exit()
    })
}

/// A command's result as an `Outcome`, whichever error type it stops with.
/// Has `fill` write to standard output as it goes: a closed pipe ends it
/// quietly (as `render::to_stdout`), any other failure is returned.
fn to_stdout_streamed(
    fill: impl FnOnce(&mut dyn std::io::Write) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    let mut failed = None;
    let written = crate::render::to_stdout(|o| {
        fill(o).map_err(|e| match e.downcast::<std::io::Error>() {
            Ok(io) => io,
            Err(other) => {
                failed = Some(other);
                std::io::Error::other("stopped")
            }
        })
    });
    match (failed, written) {
        (Some(e), _) => Err(e),
        (None, r) => Ok(r?),
    }
}

fn done<E: Into<Failure>>(r: Result<Exit, E>) -> Outcome {
    r.map_err(Into::into)
}

/// The claim with this id, or an error (exit 2) that names close ids and
/// any claims file that could not be read (it may be in one of them).
fn find_claim<'a>(
    files: &'a [crate::claim::ClaimFile],
    id: &str,
) -> anyhow::Result<(&'a crate::claim::ClaimFile, &'a crate::claim::Claim)> {
    if let Some(found) = files
        .iter()
        .find_map(|f| f.claims.iter().find(|c| c.id == id).map(|c| (f, c)))
    {
        return Ok(found);
    }
    let close = crate::corpus::close_names(
        id,
        files
            .iter()
            .flat_map(|f| f.claims.iter().map(|c| c.id.as_str())),
    );
    let unread: Vec<String> = files
        .iter()
        .filter_map(|f| {
            f.problems
                .first()
                .map(|p| format!("{}:{}:{}: {}", f.path, p.line, p.column, p.message))
        })
        .collect();
    let unread = if unread.is_empty() {
        String::new()
    } else {
        format!(
            "; these claims files could not be read, so it may be in one of them: {}",
            unread.join("; ")
        )
    };
    if close.is_empty() {
        anyhow::bail!("no claim with id `{id}` in claims/{unread}");
    }
    anyhow::bail!(
        "no claim with id `{id}` in claims/; did you mean: {}{unread}",
        close.join(", ")
    )
}

/// The text of the document `id`, which a command names: not in the corpus
/// is a usage error (with the ids close to it), unreadable a refusal.
fn document(loaded: &crate::project::Loaded, id: &str) -> Result<crate::text::DocText, Failure> {
    let entry =
        loaded.corpus.docs.get(id).ok_or_else(|| {
            Failure::Usage(crate::render::logging::unknown_doc(&loaded.corpus, id))
        })?;
    loaded.project.document(entry).map_err(|e| {
        Failure::refused(format!(
            "{}: {}",
            entry.display,
            crate::render::unreadable(&e)
        ))
    })
}
