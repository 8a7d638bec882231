//! `claimtrack show ID`: load whole records, read the claim's documents once,
//! check its anchors against them, and render the page.

use anyhow::{Result, bail};

use crate::check::finding::Severity;
use crate::check::plan::Plan;
use crate::check::report::Exit;
use crate::check::{self, Memory, Options};
use crate::claim::ClaimFile;
use crate::corpus::{Corpus, close_names};
use crate::project::{Loaded, Location, Records, Scope};
use crate::render::show::{Page, Source};
use crate::render::{self, Paint, message};

/// Exits as `check` would for this claim's own anchors, and nothing else.
pub(super) fn run(at: &Location, id: &str, paint: Paint) -> Result<Exit> {
    let loaded = Loaded::open(at, Records::Full, Scope::All)?;
    let files = &loaded.files;
    let Some((file, claim)) = files
        .iter()
        .find_map(|f| f.claims.iter().find(|c| c.id == id).map(|c| (f, c)))
    else {
        let close = close_names(
            id,
            files
                .iter()
                .flat_map(|f| f.claims.iter().map(|c| c.id.as_str())),
        );
        // It may be in a claims file that could not be read.
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
            bail!("no claim with id `{id}` in claims/{unread}");
        }
        bail!(
            "no claim with id `{id}` in claims/; did you mean: {}{unread}",
            close.join(", ")
        );
    };
    // Each document the claim names, read once: checked, then shown.
    let mut memory = Memory::default();
    let mut corpus = Corpus::default();
    for a in &claim.anchors {
        if let Some(e) = loaded.corpus.docs.get(&a.doc) {
            if !memory.docs.contains_key(&e.display) {
                memory
                    .docs
                    .insert(e.display.clone(), loaded.project.document(e));
            }
            corpus.docs.insert(a.doc.clone(), e.clone());
        }
    }
    // Only this claim's anchors: metadata and other files are `check`'s business.
    for e in corpus.docs.values_mut() {
        e.has_meta = false;
    }
    let one = ClaimFile {
        path: file.path.clone(),
        source: file.source.clone(),
        claims: vec![claim.clone()],
        problems: Vec::new(),
    };
    let plan = Plan::from_files(std::slice::from_ref(&one));
    let report = check::check(&plan, &corpus, &memory, &Options::default());
    let findings: Vec<_> = report.findings().map(|f| f.into_owned()).collect();
    let texts = claim
        .anchors
        .iter()
        .filter_map(|a| {
            let e = corpus.docs.get(&a.doc)?;
            let text = memory.docs.get(&e.display)?.as_ref().ok()?;
            Some((a.doc.as_str(), text))
        })
        .collect();
    let source = loaded.corpus.docs.get(&claim.doc).map(|e| Source {
        display: &e.display,
        metadata: loaded.project.metadata(e).fields,
    });
    let same_fact = claim.fact.as_ref().map_or(Vec::new(), |fact| {
        files
            .iter()
            .flat_map(|f| f.claims.iter().map(move |c| (f.path.as_str(), c)))
            .filter(|(_, c)| c.fact.as_ref() == Some(fact) && c.id != claim.id)
            .collect()
    });
    let page = Page {
        claim,
        path: &file.path,
        source,
        findings: &findings,
        texts,
        same_fact,
    };
    let text = render::show::render(&page, paint);
    render::to_stdout(|out| out.write_all(text.as_bytes()))?;
    let exit = Exit::of(findings.iter().map(|f| f.effective()), false);
    if exit != Exit::Ok
        && let Some(worst) = findings.iter().find(|f| f.severity() == Severity::Error)
    {
        let anchor = worst.anchor.map_or("claim".into(), |a| a.to_string());
        eprintln!(
            "exit 1: {anchor} of `{id}` is {} [{}]: {}",
            worst.status.as_str(),
            worst.status.code(),
            message(worst)
        );
    }
    Ok(exit)
}
