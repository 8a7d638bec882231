//! `claimtrack table`: check the packed claims, read them again a batch of
//! files at a time into brief rows, join into a confidence table, render it.

use std::collections::HashSet;

use anyhow::{Result, bail};

use crate::check::finding::Status;
use crate::check::report::Exit;
use crate::claim::AnchorKind;
use crate::cli::TableArgs;
use crate::confidence::{self, Brief, Filter, Row};
use crate::export::Snapshot;
use crate::project::{Loaded, Location, Records, Scope};
use crate::render::{self, Paint};

pub(super) fn run(at: &Location, args: &TableArgs, paint: Paint) -> Result<Exit> {
    // Packed: the claims are read whole again a batch of files at a time, and
    // a row keeps only what the tables read (`confidence::Brief`).
    let loaded = Loaded::open(at, Records::Packed, Scope::All)?;
    if let Some(doc) = &args.doc
        && !loaded.corpus.docs.contains_key(doc)
    {
        let close = crate::corpus::close_names(doc, loaded.corpus.docs.keys().map(String::as_str));
        bail!(
            "--doc {doc}: no such document in corpus/ (looked for corpus/{doc}.txt and corpus/{doc}.md){}",
            if !close.is_empty() {
                format!("; did you mean: {}", close.join(", "))
            } else if loaded.corpus.docs.len() <= 20 {
                let all: Vec<&str> = loaded.corpus.docs.keys().map(String::as_str).collect();
                format!("; the documents are {}", all.join(", "))
            } else {
                String::new()
            }
        );
    }
    // An unknown tag is as much a mistake as an unknown document. Tags are
    // not packed: the files that hold the word are parsed, and only when it
    // is no claim's tag are all of them read, to list the tags there are.
    for t in &args.tag {
        let files = loaded.project.claims_files_holding(&[t.as_str()])?;
        if files
            .iter()
            .flat_map(|f| &f.claims)
            .any(|c| c.tags.contains(t))
        {
            continue;
        }
        let mut known = std::collections::BTreeSet::new();
        for f in &loaded.plan.files {
            for c in loaded.project.reparse(f)?.claims {
                known.extend(c.tags);
            }
        }
        let tags: Vec<String> = known.into_iter().collect();
        bail!(
            "--tag {t}: no claim has this tag{}",
            if tags.is_empty() {
                String::new()
            } else {
                format!("; the tags are {}", tags.join(", "))
            }
        );
    }
    // A claims file that cannot be read is not silently left out of the table.
    let broken: Vec<String> = loaded
        .plan
        .files
        .iter()
        .flat_map(|f| {
            f.problems
                .iter()
                .map(move |p| format!("{}:{}:{}: {}", f.path, p.line, p.column, p.message))
        })
        .collect();
    for b in &broken {
        eprintln!("error: {}", render::safe(b));
    }
    let filter = Filter {
        levels: args.level.clone(),
        doc: args.doc.clone(),
        tags: args.tag.clone(),
        all: args.all,
    };
    let snap = Snapshot::of(&loaded);
    // Each claim id once (a duplicate is reported by check, and shown once):
    // the first claim with it, if the filter keeps that one.
    let mut seen: HashSet<String> = HashSet::new();
    let mut rows: Vec<Row> = Vec::new();
    snap.each_file(
        |file, verdicts| {
            Ok(file
                .claims
                .into_iter()
                .map(|c| {
                    if !filter.keeps(&c) {
                        return (c.id, None);
                    }
                    let quote = verdicts
                        .status(&c.id, AnchorKind::Quote)
                        .unwrap_or(Status::Missing);
                    let evidence: Vec<(usize, Status)> = c
                        .anchors
                        .iter()
                        .filter_map(|a| match a.kind {
                            AnchorKind::Evidence(i) => verdicts
                                .status(&c.id, a.kind)
                                .filter(|s| *s != Status::Intact)
                                .map(|s| (i, s)),
                            AnchorKind::Quote => None,
                        })
                        .collect();
                    (
                        c.id.clone(),
                        Some(Row {
                            claim: Brief::of(&c),
                            quote,
                            evidence_issues: evidence,
                        }),
                    )
                })
                .collect::<Vec<_>>())
        },
        |claims| {
            for (id, row) in claims {
                if seen.insert(id)
                    && let Some(row) = row
                {
                    rows.push(row);
                }
            }
            Ok(())
        },
    )?;
    drop(seen);
    let grid = confidence::grid(args.by, &rows, &loaded.plan.facts);
    let report = snap.report();
    let text = render::table::render(&grid, args.format, paint.on, args.totals);
    render::to_stdout(|out| out.write_all(text.as_bytes()))?;
    // The exit follows check: errors among the shown claims, or in the files.
    let shown: HashSet<&str> = rows.iter().map(|r| r.claim.id.as_str()).collect();
    let severities = report
        .findings()
        .filter(|f| f.claim.as_deref().is_none_or(|c| shown.contains(c)) || f.anchor.is_none())
        .map(|f| f.effective());
    Ok(Exit::of(severities, false))
}
