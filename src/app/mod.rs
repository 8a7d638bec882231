//! One file per command: load through `project`, call the logic, pick a
//! renderer, and say which exit the run ends with.

mod add;
mod check;
mod init;
mod progress;
mod show;
mod table;

use crate::check::report::Exit;
use crate::cli::{Cli, Command};
use crate::project::Location;
use crate::render::Paint;

/// Runs one command; every failure to run at all is reported here, once.
pub(crate) fn run(cli: Cli) -> Exit {
    let root = match &cli.dir {
        Some(dir) if !crate::project::is_dir(dir) => {
            eprintln!("error: -C {}: no such directory", dir.display());
            return Exit::Error;
        }
        Some(dir) => dir.clone(),
        // Like git: from any folder inside a project, its root.
        None if !matches!(cli.command, Command::Init) => {
            crate::project::discover().unwrap_or_default()
        }
        None => Default::default(),
    };
    let at = Location {
        root: root.clone(),
        max_doc: cli.max_doc_size.0,
        follow_links_outside: cli.follow_links_outside,
    };
    let paint = Paint {
        on: cli.color.for_stdout(),
    };
    let outcome = match &cli.command {
        Command::Check(args) => check::run(&at, args, paint),
        Command::Add(args) => add::run(&at, args, paint),
        Command::Init => init::run(&root),
        Command::Show(args) => show::run(&at, &args.id, paint),
        Command::Table(args) => table::run(&at, args, paint),
    };
    outcome.unwrap_or_else(|e| {
        eprintln!("error: {e:#}");
        Exit::Error
    })
}
