//! Claims x document texts -> a report: groups anchors by document, has each
//! document read once through a `Documents`, anchors in parallel, and turns
//! verdicts into typed findings. Never touches the disk itself.

pub(crate) mod finding;
mod partition;
pub(crate) mod plan;
pub(crate) mod report;
pub(crate) mod status;

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;

use crate::anchor::{Doc, Pin, Selector, Verdict};
use crate::claim::Problem;
use crate::corpus::Corpus;
use crate::text::DocText;
use finding::{Finding, Fix, Found, Range, Status, Unreadable, What};
pub(crate) use partition::Partition;
use plan::{AnchorView, Plan};
use report::{Entry, Report, Spot};
use status::Repair;

/// Quotes of one document from which they are anchored in parallel.
const PARALLEL_QUOTES: usize = 16;

/// Where the check gets document texts and metadata problems: the disk, or
/// memory in tests. Documents are named by their path as shown to people.
pub(crate) trait Documents: Sync {
    fn document(&self, display: &str) -> Result<Cow<'_, DocText>, Unreadable>;
    /// The problems of the metadata file `display` of the document `text`
    /// (shown paths): its keys and values, and a `sha256` its text no longer has.
    fn metadata(&self, display: &str, text: &str) -> Vec<Problem>;
}

/// Documents and metadata problems held in memory: for tests, and for a
/// command that reads a few documents once and uses them twice (`show`).
#[derive(Debug, Default)]
pub(crate) struct Memory {
    /// Document texts (or why they cannot be read) by path as shown.
    pub(crate) docs: HashMap<String, Result<DocText, Unreadable>>,
    /// Metadata problems by metadata path as shown.
    pub(crate) metadata: HashMap<String, Vec<Problem>>,
}

impl Documents for Memory {
    fn document(&self, display: &str) -> Result<Cow<'_, DocText>, Unreadable> {
        match self.docs.get(display) {
            Some(Ok(t)) => Ok(Cow::Borrowed(t)),
            Some(Err(e)) => Err(e.clone()),
            None => Err(Unreadable::Io(
                "No such file or directory (os error 2)".into(),
            )),
        }
    }
    fn metadata(&self, display: &str, _text: &str) -> Vec<Problem> {
        self.metadata.get(display).cloned().unwrap_or_default()
    }
}

/// Options of one check run.
#[derive(Default)]
pub(crate) struct Options<'a> {
    pub(crate) partition: Option<Partition>,
    /// Called after each document is done, with (done, total).
    pub(crate) progress: Option<&'a (dyn Fn(usize, usize) + Sync)>,
    /// Work out the `--fix` rewrite of each anchor (costs memory; off otherwise).
    pub(crate) fix: bool,
    /// Also work out what `accept` would pin: context-changed quotes where
    /// they stand, and altered ones with the document's words.
    pub(crate) accept: bool,
    /// Check only the claims a change touched (`--files`, `--changed-since`).
    pub(crate) only: Option<&'a Selection>,
    /// Called once for each document the claims name, on the worker that
    /// checked it, while its text is still in memory: the text (`None` when
    /// it could not be read) and the entries of its anchors (`report`).
    pub(crate) each_doc: Option<&'a dyn DocVisitor>,
}

/// What sees each document once it is checked, on the worker that checked
/// it, while its text is still in memory (the report's pages).
pub(crate) trait DocVisitor: Sync {
    /// Document `id`, its text (`None` when it could not be read) and the
    /// entries of its anchors.
    fn visit(&self, id: &str, text: Option<&DocText>, entries: &[Entry]);
}

/// What a change touched: claims files (paths as shown) and documents (ids).
/// A claim is checked when its file is among `files` or one of its quotes
/// is in a document among `docs`; its findings are those of a full run.
#[derive(Debug, Default, Clone)]
pub(crate) struct Selection {
    pub(crate) files: std::collections::HashSet<String>,
    pub(crate) docs: std::collections::HashSet<String>,
}

/// One anchor to check: its file and index in the plan.
#[derive(Clone, Copy)]
struct Work {
    file: u32,
    anchor: u32,
}

/// Checks every anchor of every claim; never fails: problems become findings.
#[expect(
    clippy::cast_possible_truncation,
    reason = "claims files, their anchors and lines number fewer than 2^32 (each file is at most project::MAX_TEXT_SIZE); documents are under 4 GiB (project::MAX_DOC_SIZE)"
)]
pub(crate) fn check<'a>(
    plan: &'a Plan,
    corpus: &'a Corpus,
    docs: &dyn Documents,
    opts: &Options,
) -> Report<'a> {
    let in_share = |key: &str| opts.partition.is_none_or(|p| p.contains(key));
    let mut report = Report {
        files: 0,
        claims: 0,
        anchors: 0,
        entries: Vec::new(),
        plan,
        corpus,
    };
    let mut findings: Vec<Finding> = Vec::new();
    // Where each claim id is first and second used: every use of an id used
    // twice is reported, naming another use, and every claim is still checked.
    let mut uses: HashMap<&str, [(usize, usize); 2]> = HashMap::new();
    for (fi, file) in plan.files.iter().enumerate() {
        for claim in file.claims() {
            let here = (fi, claim.line);
            uses.entry(claim.id)
                .and_modify(|u| {
                    if u[1] == u[0] {
                        u[1] = here;
                    }
                })
                .or_insert([here, here]);
        }
    }
    let facts_file = crate::facts::FACTS_FILE;
    if in_share(facts_file) && opts.only.is_none_or(|s| s.files.contains(facts_file)) {
        for p in &plan.facts.problems {
            findings.push(problem_finding(Status::InvalidClaim, facts_file, p));
        }
    }
    let mut work: Vec<(&str, Work)> = Vec::new();
    // With a selection, the documents of the selected claims (their metadata
    // and conflicts are reported too).
    let mut touched: std::collections::HashSet<&str> = std::collections::HashSet::new();
    for (fi, file) in plan.files.iter().enumerate() {
        let file_selected = opts.only.is_none_or(|s| s.files.contains(&file.path));
        let own = in_share(&file.path) && file_selected;
        let mut counted = own;
        if own {
            for p in &file.problems {
                findings.push(problem_finding(Status::InvalidClaim, &file.path, p));
            }
        }
        for claim in file.claims() {
            let selected = file_selected
                || opts.only.is_some_and(|s| {
                    claim
                        .anchors
                        .clone()
                        .any(|ai| s.docs.contains(file.anchor(ai).doc))
                });
            if !selected {
                continue;
            }
            let own = in_share(&file.path);
            counted |= own;
            let here = (fi, claim.line);
            if own && let Some(&(other_file, line)) = uses[claim.id].iter().find(|&&u| u != here) {
                let mut f = Finding::new(
                    Status::InvalidClaim,
                    What::DuplicateId {
                        file: plan.files[other_file].path.clone(),
                        line,
                    },
                    &file.path,
                    claim.line,
                );
                f.claim = Some(claim.id.to_string());
                findings.push(f);
            }
            // The facts file lists the facts with a statement or verdict, not
            // every fact: an id it lacks is a fact of its own, unless it is one
            // or two letters from one it has (a typo).
            if own
                && plan.facts.present
                && !plan.facts.unread
                && let Some(fact) = claim.fact
                && plan.facts.get(fact).is_none()
                && let Some(near) = plan.facts.facts.iter().find(|f| {
                    let (a, b): (Vec<char>, Vec<char>) =
                        (f.id.chars().collect(), fact.chars().collect());
                    a.len().min(b.len()) >= 4 && crate::anchor::myers::levenshtein(&a, &b) <= 2
                })
            {
                let mut f = Finding::new(
                    Status::InvalidClaim,
                    What::Problem(format!(
                        "`fact = \"{fact}\"`: {} has no [[fact]] with this id; did you mean `{}`?",
                        crate::facts::FACTS_FILE,
                        near.id
                    )),
                    &file.path,
                    claim.line,
                );
                f.claim = Some(claim.id.to_string());
                findings.push(f);
            }
            if own
                && let Some(by) = claim.superseded_by
                && !uses.contains_key(by)
            {
                let mut f = Finding::new(
                    Status::InvalidClaim,
                    What::Problem(format!(
                        "`superseded-by = \"{by}\"`: no claim has this id; name the claim that replaces this one"
                    )),
                    &file.path,
                    claim.line,
                );
                f.claim = Some(claim.id.to_string());
                findings.push(f);
            }
            for ai in claim.anchors.clone() {
                let doc = file.anchor(ai).doc;
                if opts.only.is_some() {
                    touched.insert(doc);
                }
                if in_share(doc) {
                    report.anchors += 1;
                    work.push((
                        doc,
                        Work {
                            file: fi as u32,
                            anchor: ai as u32,
                        },
                    ));
                }
            }
            if in_share(claim.doc) {
                report.claims += 1;
            }
        }
        report.files += usize::from(counted);
    }
    drop(uses);
    // Two files for one id: each claim on it gets the finding; an id no claim
    // names gets one of its own.
    let named: std::collections::HashSet<&str> = if corpus.conflicts.is_empty() {
        std::collections::HashSet::default()
    } else {
        work.iter().map(|(d, _)| *d).collect()
    };
    for c in &corpus.conflicts {
        let wanted = opts
            .only
            .is_none_or(|s| s.docs.contains(&c.id) || touched.contains(c.id.as_str()));
        if wanted && in_share(&c.id) && !named.contains(c.id.as_str()) {
            findings.push(Finding::new(
                Status::DocConflict,
                What::DocConflict {
                    first: c.first.clone(),
                    second: c.second.clone(),
                },
                &c.first,
                1,
            ));
        }
    }
    drop(named);
    // A corpus folder that cannot be listed: one finding, the rest is read.
    if opts.only.is_none() {
        for (folder, why) in corpus.unlisted.iter().filter(|(f, _)| in_share(f)) {
            findings.push(Finding::new(
                Status::DocUnreadable,
                What::DocUnreadable(Unreadable::Io(format!(
                    "cannot list this folder ({why}): the documents in it cannot be read"
                ))),
                folder,
                1,
            ));
        }
    }
    // Metadata of every document in the share.
    let meta: Vec<Finding> = corpus
        .docs
        .par_iter()
        .filter(|(id, _)| in_share(id))
        .filter(|(id, _)| {
            opts.only
                .is_none_or(|s| s.docs.contains(id.as_str()) || touched.contains(id.as_str()))
        })
        .flat_map_iter(|(id, entry)| {
            let shown = entry.meta_display();
            let problems = match (&shown, &entry.meta_outside) {
                (None, _) => Vec::new(),
                (Some(_), Some(target)) => vec![Problem {
                    line: 1,
                    column: 1,
                    claim: None,
                    message: crate::project::outside_message(target),
                }],
                (Some(m), None) => docs.metadata(m, &entry.display),
            };
            problems.into_iter().map(move |p| {
                let mut f =
                    problem_finding(Status::InvalidMetadata, shown.as_deref().unwrap_or(""), &p);
                f.doc = Some(id.clone());
                f
            })
        })
        .collect();
    findings.extend(meta);

    // Anchors grouped by document (stable: claims-file order within one).
    work.sort_by(|a, b| a.0.cmp(b.0));
    let groups: Vec<&[(&str, Work)]> = work.chunk_by(|a, b| a.0 == b.0).collect();
    let total = groups.len();
    let done = AtomicUsize::new(0);
    let mut entries: Vec<Entry> = groups
        .par_iter()
        .flat_map_iter(|group| {
            let (out, text) = check_doc(
                plan,
                corpus,
                docs,
                group[0].0,
                group,
                opts.fix || opts.accept,
                opts.accept,
            );
            if let Some(visitor) = opts.each_doc {
                visitor.visit(group[0].0, text.as_deref(), &out);
            }
            drop(text);
            let n = done.fetch_add(1, Ordering::Relaxed) + 1;
            if let Some(p) = opts.progress {
                p(n, total);
            }
            out
        })
        .collect();
    drop(groups);
    drop(work);
    entries.extend(findings.into_iter().map(|f| Entry::Full {
        order: 0,
        finding: Box::new(f),
    }));
    // One order for every run: by claims file, then line in it; a file's own
    // problems before its anchors on the same line.
    let order: HashMap<&str, u32> = plan
        .files
        .iter()
        .enumerate()
        .map(|(i, f)| (f.path.as_str(), i as u32))
        .collect();
    entries.sort_by_cached_key(|e| match e {
        Entry::Intact { file, anchor, .. } => {
            let line = plan.anchor(*file as usize, *anchor as usize).line;
            (*file, line as u32, 1, anchor + 1)
        }
        Entry::Full { order: o, finding } => {
            let fi = order
                .get(finding.file.as_str())
                .copied()
                .unwrap_or(u32::MAX);
            (fi, finding.line as u32, finding.column as u32, *o)
        }
    });
    entries.shrink_to_fit();
    report.entries = entries;
    report
}

fn problem_finding(status: Status, file: &str, p: &Problem) -> Finding {
    let mut f = Finding::new(status, What::Problem(p.message.clone()), file, p.line);
    f.column = p.column;
    f.claim.clone_from(&p.claim);
    f
}

/// The finding of an anchor, with what every status shares.
fn anchor_finding(
    path: &str,
    a: &AnchorView,
    doc_path: &str,
    status: Status,
    what: What,
) -> Finding {
    let mut f = Finding::new(status, what, path, a.line);
    f.retired = a.retired;
    f.claim = Some(a.claim_id.to_string());
    f.anchor = Some(a.kind);
    f.doc = Some(a.doc.to_string());
    f.doc_path = Some(doc_path.to_string());
    f.recorded = a.start.map(|s| Range {
        start: s,
        end: s + a.quote.chars().count(),
    });
    f
}

/// The finding of a change in a quote's attribution: on the line of the
/// recorded cue, `[claim.attribution]` or `stands-for` it is about, with the
/// recorded and current words for the diff.
fn attribution_finding(
    path: &str,
    a: &AnchorView,
    held: &plan::Held,
    doc_path: &str,
    change: crate::attribution::Change,
) -> Finding {
    use crate::attribution::{Change, MarkKind};
    let att_line = held.attribution.as_ref().map_or(a.line, |x| x.line);
    let (status, line) = match &change {
        Change::Cue { line, .. } => (Status::AttributionChanged, *line),
        Change::Level { explicit: true, .. } => (Status::LevelMismatch, att_line),
        Change::Level {
            explicit: false, ..
        } => (Status::LevelChanged, att_line),
        Change::Mark { kind, .. } => (
            match kind {
                MarkKind::Elision => Status::ElisionChanged,
                MarkKind::Bracket => Status::BracketChanged,
            },
            held.stands_for_line,
        ),
    };
    let mut f = anchor_finding(
        path,
        a,
        doc_path,
        status,
        What::Attribution(Box::new(change)),
    );
    if line > 0 {
        f.line = line;
    }
    f
}

/// The finding of an intact anchor kept packed in a report.
fn intact_finding(plan: &Plan, corpus: &Corpus, file: usize, anchor: usize, spot: Spot) -> Finding {
    let a = plan.anchor(file, anchor);
    let mut f = anchor_finding(
        &plan.files[file].path,
        &a,
        corpus.shown(a.doc),
        Status::Intact,
        What::Intact,
    );
    f.found = Some(Found {
        start: spot.start,
        end: spot.end,
        line: spot.line as usize,
        column: spot.column as usize,
        text: a.quote.to_string(),
    });
    f
}

#[expect(
    clippy::cast_possible_truncation,
    reason = "claims files, their anchors and lines number fewer than 2^32 (each file is at most project::MAX_TEXT_SIZE); documents are under 4 GiB (project::MAX_DOC_SIZE)"
)]
fn check_doc<'a>(
    plan: &Plan,
    corpus: &Corpus,
    docs: &'a dyn Documents,
    doc_id: &str,
    work: &[(&str, Work)],
    want_fix: bool,
    accept: bool,
) -> (Vec<Entry>, Option<Cow<'a, DocText>>) {
    let view = |w: &Work| {
        (
            plan.files[w.file as usize].path.as_str(),
            plan.anchor(w.file as usize, w.anchor as usize),
        )
    };
    let full = |w: &Work, f: Finding| Entry::Full {
        order: w.anchor + 1,
        finding: Box::new(f),
    };
    // A document that cannot be read gives every anchor in it the same finding.
    let every = |status: Status, what: What| {
        let entries = work
            .iter()
            .map(|(_, w)| {
                let (path, a) = view(w);
                let f = anchor_finding(path, &a, corpus.shown(doc_id), status, what.clone());
                full(w, f)
            })
            .collect();
        (entries, None)
    };
    if let Some(c) = corpus.conflict(doc_id) {
        return every(
            Status::DocConflict,
            What::DocConflict {
                first: c.first.clone(),
                second: c.second.clone(),
            },
        );
    }
    let Some(entry) = corpus.docs.get(doc_id) else {
        return every(Status::DocMissing, What::DocMissing);
    };
    if let Some(target) = &entry.outside {
        return every(
            Status::DocOutsideProject,
            What::DocUnreadable(Unreadable::Outside(target.clone())),
        );
    }
    let text = match docs.document(&entry.display) {
        Ok(t) => t,
        Err(e) => return every(Status::DocUnreadable, What::DocUnreadable(e)),
    };
    let doc = Doc::new(&text);
    // The document is read for attribution cues only when a claim holds one.
    let reading = std::sync::OnceLock::new();
    let one = |(_, w): &(&str, Work)| -> (Entry, Vec<Entry>) {
        let (path, a) = view(w);
        let verdict = doc.anchor(&Selector {
            quote: a.quote,
            start: a.start,
            prefix: a.prefix,
            suffix: a.suffix,
        });
        let fix = if want_fix {
            fix_for(&text, &verdict, &a, accept)
        } else {
            None
        };
        let held = a.held.map_or_else(Vec::new, |h| {
            let reading = reading.get_or_init(|| crate::cues::Reading::new(text.as_str(), None));
            crate::attribution::changes(
                reading,
                &doc,
                a.quote,
                &verdict,
                h.level,
                h.attribution.as_ref(),
                h.stands_for.as_deref(),
            )
            .into_iter()
            .map(|change| full(w, attribution_finding(path, &a, h, &entry.display, change)))
            .collect()
        });
        // Most anchors: intact, the document's text is the quote, nothing to fix.
        if let Verdict::Intact(span) = verdict
            && fix.is_none()
            && text.slice_chars(span.start..span.end) == a.quote
        {
            let (line, column) = text.line_col(span.start);
            let intact = Entry::Intact {
                file: w.file,
                anchor: w.anchor,
                found: Spot {
                    start: span.start,
                    end: span.end,
                    line: line as u32,
                    column: column as u32,
                },
            };
            return (intact, held);
        }
        let mut f = anchor_finding(path, &a, &entry.display, Status::of(&verdict), What::Intact);
        f.fill(&verdict, a.start, a.quote, &text, (a.prefix, a.suffix));
        f.fix = fix.map(Box::new);
        (full(w, f), held)
    };
    // The quotes of a document with many claims are anchored in parallel too,
    // so one large document does not hold one worker alone.
    let entries = if work.len() >= PARALLEL_QUOTES {
        work.par_iter()
            .map(one)
            .flat_map_iter(|(e, held)| std::iter::once(e).chain(held))
            .collect()
    } else {
        work.iter()
            .map(one)
            .flat_map(|(e, held)| std::iter::once(e).chain(held))
            .collect()
    };
    drop(doc);
    (entries, Some(text))
}

/// What `--fix` writes for a verdict: intact and moved quotes are pinned where
/// they stand, normalized ones also take the document's characters; the rest
/// need a person. With `accept` (a person has read the source again),
/// context-changed quotes are pinned too, and altered ones take the
/// document's words. `None` when the anchor is already pinned as it would be.
fn fix_for(text: &DocText, v: &Verdict, a: &AnchorView, accept: bool) -> Option<Fix> {
    // The status table says which command may repair what.
    let allowed = match Status::of(v).repair() {
        // An intact quote is only pinned where it stands.
        Repair::Nothing | Repair::Fix => true,
        Repair::Accept | Repair::AcceptDocumentText => accept,
        Repair::Person => false,
    };
    if !allowed {
        return None;
    }
    let (span, quote) = match v {
        Verdict::Intact(span) | Verdict::Moved(span) => (*span, None),
        Verdict::Normalized { span, .. } => (
            *span,
            Some(text.slice_chars(span.start..span.end).to_string()),
        ),
        Verdict::Elided(e) => match &e.verdict {
            Verdict::Intact(span) | Verdict::Moved(span) => (*span, None),
            Verdict::Normalized { span, .. } => (*span, Some(e.as_in_document(a.quote, text)?)),
            // An elided quote's parts are pinned only when each stands as recorded.
            Verdict::ContextChanged { .. }
            | Verdict::Ambiguous(_)
            | Verdict::Altered { .. }
            | Verdict::Missing(_)
            | Verdict::Elided(_) => return None,
        },
        Verdict::ContextChanged {
            span, differences, ..
        } if accept => (
            *span,
            (!differences.is_empty()).then(|| text.slice_chars(span.start..span.end).to_string()),
        ),
        Verdict::Altered { span, .. } if accept => (
            *span,
            Some(text.slice_chars(span.start..span.end).to_string()),
        ),
        // Context-changed and altered quotes wait for `accept`; ambiguous and
        // missing ones need a person.
        Verdict::ContextChanged { .. }
        | Verdict::Altered { .. }
        | Verdict::Ambiguous(_)
        | Verdict::Missing(_) => return None,
    };
    let pin = Pin::at(text, span);
    let unchanged = a.start == Some(pin.start)
        && a.prefix == Some(pin.prefix.as_str())
        && a.suffix == Some(pin.suffix.as_str())
        && quote.as_deref().is_none_or(|q| q == a.quote);
    (!unchanged).then_some(Fix {
        claim_index: a.claim_index,
        anchor: a.kind,
        start: pin.start,
        prefix: pin.prefix,
        suffix: pin.suffix,
        quote,
    })
}

#[cfg(test)]
mod tests;
