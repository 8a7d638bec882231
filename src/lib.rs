//! claimtrack: claims tied to exact quotes of source documents, checked.
//!
//! The data flows one way. `cli` turns arguments into options and `app` runs
//! one command: `project` (the only module that touches the disk) finds the
//! project and loads `claim` records and the `corpus` index; `check` packs the
//! claims, has each document read once through a `Documents`, and asks `anchor`
//! (no I/O) where each quote stands now, which gives a report of typed
//! findings; `fix` turns findings into edits of claims files; `confidence`
//! joins claims with findings into tables; and `render` turns a report or a
//! table into bytes, writing every sentence people read.
//!
//! The public API is what the binary and the benchmarks need: `run` with the
//! `Cli`, the `Exit` contract, and the anchoring core (`anchor`, `text`).

pub mod anchor;
mod annotation;
mod app;
mod attribution;
mod check;
mod claim;
pub mod cli;
mod confidence;
mod corpus;
mod cues;
mod edit;
mod export;
mod facts;
mod failure;
mod fix;
mod html;
mod ingest;
#[doc(hidden)]
pub mod invariants;
mod locate;
mod project;
#[cfg(test)]
mod readme;
mod record;
mod render;
mod review;
pub mod text;

pub use check::report::Exit;
pub use cli::Cli;

/// When the shell asks for completions (`COMPLETE=SHELL`), answers and
/// exits; otherwise returns and the command runs.
pub fn complete_from_env() {
    app::complete::from_env();
}

/// Runs one command and says how the process exits.
pub fn run(cli: Cli) -> Exit {
    app::run(cli)
}
