//! `claimtrack export w3c | claimreview | sqlite`: claims, their current verdicts and facts, written for other tools.

use anyhow::Result;

use crate::check::report::Exit;
use crate::cli::{ExportCommand, ExportOut};
use crate::export::Snapshot;
use crate::facts::FACTS_FILE;
use crate::project::{self, Loaded, Location, Records, Scope};
use crate::render;

pub(super) fn run(at: &Location, what: &ExportCommand) -> Result<Exit> {
    // Packed: the claims are read whole again a batch of files at a time.
    let loaded = Loaded::open(at, Records::Packed, Scope::All)?;
    let snap = Snapshot::of(&loaded);
    match what {
        ExportCommand::W3c(out) => {
            let mut unplaced = Vec::new();
            stream(at, &loaded, out, |w| {
                unplaced = snap.w3c(w)?;
                Ok(())
            })?;
            for u in &unplaced {
                eprintln!(
                    "warning: {}: the quote does not stand in its document now (see `check`); exported without a position",
                    render::safe(u)
                );
            }
        }
        ExportCommand::Claimreview(out) => {
            let r = snap.claimreview()?;
            emit(
                at,
                &loaded,
                out,
                &(serde_json::to_string_pretty(&r.reviews)? + "\n"),
            )?;
            if !loaded.plan.facts.present {
                eprintln!(
                    "note: no {FACTS_FILE}: ClaimReview is written for facts with a verdict, so nothing was exported; add a [[fact]] with `statement` and `verdict` there for each fact your claims name"
                );
            } else if r.reviews.is_empty() && r.unrated.is_empty() {
                eprintln!("note: {FACTS_FILE} has no fact with a verdict: nothing was exported");
            }
            for (id, claims) in &r.unbacked {
                let why = if *claims == 0 {
                    "no claim names it".to_string()
                } else {
                    format!(
                        "every quote behind it is broken ({}; see `check`)",
                        render::plural(*claims, "claim")
                    )
                };
                eprintln!(
                    "warning: fact `{}` exported with its verdict, but {why}: the review is not backed by a standing quote",
                    render::safe(id)
                );
            }
            for id in &r.unrated {
                eprintln!(
                    "skipped fact `{}`: no verdict yet (add `verdict` in {FACTS_FILE})",
                    render::safe(id),
                );
            }
        }
        ExportCommand::Sqlite(args) => {
            let path = at.output(&args.file);
            // Built beside the target and renamed over it: never a half-written database.
            project::write_output(Some(&loaded.project.root), &path, |tmp| snap.sqlite(tmp))?;
            eprintln!(
                "wrote {} ({}, {}, {})",
                args.file.display(),
                render::plural(snap.claim_count(), "claim"),
                render::plural(loaded.corpus.docs.len(), "document"),
                render::plural(snap.fact_count(), "fact")
            );
        }
    }
    Ok(Exit::Ok)
}

/// Has `fill` write to `-o FILE` (see `project::write_output`: a temporary
/// file renamed into place) or to standard output, as it goes.
fn stream(
    at: &Location,
    loaded: &Loaded,
    out: &ExportOut,
    fill: impl FnOnce(&mut dyn std::io::Write) -> Result<()>,
) -> Result<()> {
    match &out.output {
        Some(p) => project::write_output_with(Some(&loaded.project.root), &at.output(p), fill),
        None => super::to_stdout_streamed(fill),
    }
}

/// Writes `text` to `-o FILE` (see `project::write_output`) or standard output.
fn emit(at: &Location, loaded: &Loaded, out: &ExportOut, text: &str) -> Result<()> {
    match &out.output {
        Some(p) => {
            project::write_output_bytes(Some(&loaded.project.root), &at.output(p), text.as_bytes())
        }
        None => Ok(render::to_stdout(|o| o.write_all(text.as_bytes()))?),
    }
}
