//! `claimtrack show ID`: load the claim's file, read its documents once,
//! check its anchors against them, and render the page.

use anyhow::Result;

use crate::check::finding::Severity;
use crate::check::plan::Plan;
use crate::check::report::Exit;
use crate::check::{self, Memory, Options};
use crate::claim::ClaimFile;
use crate::corpus::Corpus;
use crate::project::{Loaded, Location};
use crate::render::show::{DocHeader, Page};
use crate::render::{self, Paint, message};

/// Exits as `check` would for this claim's own anchors, and nothing else.
pub(super) fn run(at: &Location, id: &str, paint: Paint) -> Result<Exit> {
    // Only the claims files that hold the id are parsed.
    let loaded = Loaded::for_claims(at, &[id], &[])?;
    let files = &loaded.files;
    let (file, claim) = super::find_claim(files, id)?;
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
        disk: file.disk.clone(),
        claims: vec![claim.clone()],
        problems: Vec::new(),
    };
    let plan = Plan::from_files(std::slice::from_ref(&one));
    let report = check::check(&plan, &corpus, &memory, &Options::default());
    // The claim's own anchors; whether `superseded-by` names a claim is
    // answered against every claim, below.
    let findings: Vec<_> = report
        .findings()
        .filter(|f| f.anchor.is_some())
        .map(std::borrow::Cow::into_owned)
        .collect();
    // One finding per anchor, in order; what changed in the attribution apart.
    let (attribution, anchors): (Vec<_>, Vec<_>) = findings
        .iter()
        .cloned()
        .partition(|f| f.status.about() == crate::check::status::About::Attribution);
    // The claims that name the replacement or the fact, by the same scan.
    let needles: Vec<&str> = claim
        .superseded_by
        .iter()
        .chain(&claim.fact)
        .map(String::as_str)
        .collect();
    let others = if needles.is_empty() {
        Vec::new()
    } else {
        loaded.project.claims_files_holding(&needles)?
    };
    let replacement_missing = claim
        .superseded_by
        .as_ref()
        .is_some_and(|by| !others.iter().any(|f| f.claims.iter().any(|c| &c.id == by)));
    let texts = claim
        .anchors
        .iter()
        .filter_map(|a| {
            let e = corpus.docs.get(&a.doc)?;
            let text = memory.docs.get(&e.display)?.as_ref().ok()?;
            Some((a.doc.as_str(), text))
        })
        .collect();
    let document = loaded.corpus.docs.get(&claim.doc).map(|e| DocHeader {
        display: &e.display,
        metadata: loaded.project.metadata(e).fields,
    });
    let same_fact = claim.fact.as_ref().map_or(Vec::new(), |fact| {
        others
            .iter()
            .flat_map(|f| f.claims.iter().map(move |c| (f.path.as_str(), c)))
            .filter(|(_, c)| c.fact.as_ref() == Some(fact) && c.id != claim.id)
            .collect()
    });
    let page = Page {
        claim,
        path: &file.path,
        document,
        findings: &anchors,
        attribution: &attribution,
        texts,
        same_fact,
        replacement_missing,
    };
    let text = render::show::render(&page, paint);
    let text = render::no_workflow_commands(&text);
    render::to_stdout(|out| out.write_all(text.as_bytes()))?;
    let exit = Exit::of(
        findings
            .iter()
            .map(super::super::check::finding::Finding::effective),
        false,
    );
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
