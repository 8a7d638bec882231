//! `claimtrack table`: load whole records, check, join into a confidence
//! table, render it.

use std::collections::HashSet;

use anyhow::{Result, bail};

use crate::check::Options;
use crate::check::report::Exit;
use crate::cli::TableArgs;
use crate::confidence::{self, Filter};
use crate::project::{Loaded, Location, Records, Scope};
use crate::render::{self, Paint};

pub(super) fn run(at: &Location, args: &TableArgs, paint: Paint) -> Result<Exit> {
    let loaded = Loaded::open(at, Records::Full, Scope::All)?;
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
    // An unknown tag is as much a mistake as an unknown document.
    let known: std::collections::BTreeSet<&str> = loaded
        .files
        .iter()
        .flat_map(|f| {
            f.claims
                .iter()
                .flat_map(|c| c.tags.iter().map(String::as_str))
        })
        .collect();
    if let Some(t) = args.tag.iter().find(|t| !known.contains(t.as_str())) {
        let tags: Vec<&str> = known.into_iter().collect();
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
    let report = loaded.check(&Options::default());
    let filter = Filter {
        levels: args.level.clone(),
        doc: args.doc.clone(),
        tags: args.tag.clone(),
        all: args.all,
    };
    let rows = confidence::rows(&loaded.files, &report, &filter);
    let grid = confidence::grid(args.by, &rows, &loaded.plan.facts);
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
