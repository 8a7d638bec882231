//! Claims x documents -> findings: groups anchors by document, reads each
//! document once (only if some claim refers to it), anchors in parallel, and
//! turns verdicts into findings with positions, excerpts, diffs and fixes.

use std::collections::HashMap;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;

use crate::anchor::{Doc, Selector, Span, Verdict};
use crate::claim::Problem;
use crate::corpus::{Corpus, DocError};
use crate::plan::{AnchorView, Plan};
use crate::report::{DiffPart, Entry, Excerpt, Finding, Fix, Found, Range, Report, Spot, Status};
use crate::text::DocText;

/// Code points of context pinned on each side of a quote (W3C TextQuoteSelector).
pub const CONTEXT: usize = 32;
/// Code points of a document line shown on each side of a span.
const EXCERPT_CONTEXT: usize = 40;
/// Longest underline shown before the excerpt is cut.
const EXCERPT_MARK: usize = 120;

/// A deterministic share of the documents: `index` of `count`, 1-based.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Partition {
    pub index: u32,
    pub count: u32,
}

impl Partition {
    /// Whether a key (a document id, or a claims file for its own problems) is in this share.
    pub fn contains(&self, key: &str) -> bool {
        // FNV-1a: stable across runs, platforms and Rust versions.
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        for b in key.bytes() {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        (h % u64::from(self.count)) as u32 == self.index - 1
    }
}

impl std::str::FromStr for Partition {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let (k, n) = s.split_once('/').ok_or("expected K/N, e.g. 2/4")?;
        let index: u32 = k
            .trim()
            .parse()
            .map_err(|_| format!("K in K/N must be a number, got {k:?}"))?;
        let count: u32 = n
            .trim()
            .parse()
            .map_err(|_| format!("N in K/N must be a number, got {n:?}"))?;
        if count == 0 || index == 0 || index > count {
            return Err(format!("K/N needs 1 <= K <= N, got {s}"));
        }
        Ok(Partition { index, count })
    }
}

/// Reads what the check needs from disk (or from memory, in tests).
pub trait Source: Sync {
    fn document(&self, path: &Path) -> Result<DocText, DocError>;
    fn metadata(&self, path: &Path) -> Vec<Problem>;
}

/// Options of one check run.
#[derive(Default)]
pub struct Options<'a> {
    pub partition: Option<Partition>,
    /// Called after each document is done, with (done, total).
    pub progress: Option<&'a (dyn Fn(usize, usize) + Sync)>,
    /// Work out the `--fix` rewrite of each anchor (costs memory; off otherwise).
    pub fix: bool,
}

/// One anchor to check: its file and index in the plan.
#[derive(Clone, Copy)]
struct Work {
    file: u32,
    anchor: u32,
}

/// Checks every anchor of every claim; never fails: problems become findings.
pub fn check<'a>(
    plan: &'a Plan,
    corpus: &'a Corpus,
    source: &dyn Source,
    opts: &Options,
) -> Report<'a> {
    let in_share = |key: &str| opts.partition.is_none_or(|p| p.contains(key));
    let mut report = Report {
        claims: 0,
        anchors: 0,
        entries: Vec::new(),
        plan,
        corpus,
    };
    let mut findings: Vec<Finding> = Vec::new();
    // Problems in the files themselves, and duplicate ids across files.
    let mut first_seen: HashMap<&str, (u32, u32)> = HashMap::new();
    let mut work: Vec<(&str, Work)> = Vec::new();
    for (fi, file) in plan.files.iter().enumerate() {
        let own = in_share(&file.path);
        if own {
            for p in &file.problems {
                findings.push(problem_finding(Status::InvalidClaim, &file.path, p));
            }
        }
        for claim in file.claims() {
            if let Some(&(first_file, line)) = first_seen.get(claim.id) {
                if own {
                    let mut f = Finding::new(
                        Status::InvalidClaim,
                        &file.path,
                        claim.line,
                        format!(
                            "duplicate claim id `{}`: first used at {}:{line}",
                            claim.id, plan.files[first_file as usize].path
                        ),
                    );
                    f.claim = Some(claim.id.to_string());
                    findings.push(f);
                }
                continue;
            }
            first_seen.insert(claim.id, (fi as u32, claim.line as u32));
            for ai in claim.anchors.clone() {
                let doc = file.anchor(ai).doc;
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
    }
    drop(first_seen);
    for (a, b) in &corpus.conflicts {
        if in_share(a) {
            findings.push(Finding::new(
                Status::DocUnreadable,
                a,
                1,
                format!("two files give one document id: {a} and {b}; rename one"),
            ));
        }
    }
    // Metadata of every document in the share.
    let meta: Vec<Finding> = corpus
        .docs
        .par_iter()
        .filter(|(id, _)| in_share(id))
        .flat_map_iter(|(id, entry)| {
            let problems = match corpus.meta_path(entry) {
                Some(m) => source.metadata(&m),
                None => Vec::new(),
            };
            problems.into_iter().map(move |p| {
                let shown = format!(
                    "{}.toml",
                    entry
                        .display
                        .rsplit_once('.')
                        .map_or(entry.display.as_str(), |(a, _)| a)
                );
                let mut f = problem_finding(Status::InvalidMetadata, &shown, &p);
                f.doc = Some(id.to_string());
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
            let out = check_doc(plan, corpus, source, group[0].0, group, opts.fix);
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
    let mut f = Finding::new(status, file, p.line, p.message.clone());
    f.column = p.column;
    f.claim = p.claim.clone();
    f
}

/// The finding of an anchor, with what every status shares.
fn anchor_finding(path: &str, a: &AnchorView, status: Status, message: String) -> Finding {
    let mut f = Finding::new(status, path, a.line, message);
    f.claim = Some(a.claim_id.to_string());
    f.anchor = Some(a.kind.to_string());
    f.doc = Some(a.doc.to_string());
    f.recorded = recorded(a);
    f
}

/// The finding of an intact anchor kept packed in a report.
pub(crate) fn intact_finding(
    plan: &Plan,
    corpus: &Corpus,
    file: usize,
    anchor: usize,
    spot: Spot,
) -> Finding {
    let a = plan.anchor(file, anchor);
    let shown = corpus.docs.get(a.doc).map_or(a.doc, |e| e.display.as_str());
    let mut f = anchor_finding(
        &plan.files[file].path,
        &a,
        Status::Intact,
        format!("quote intact at {shown}:{}:{}", spot.line, spot.column),
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

fn check_doc(
    plan: &Plan,
    corpus: &Corpus,
    source: &dyn Source,
    doc_id: &str,
    work: &[(&str, Work)],
    want_fix: bool,
) -> Vec<Entry> {
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
    let every = |status: Status, message: String| -> Vec<Entry> {
        work.iter()
            .map(|(_, w)| {
                let (path, a) = view(w);
                full(w, anchor_finding(path, &a, status, message.clone()))
            })
            .collect()
    };
    let Some(entry) = corpus.docs.get(doc_id) else {
        return every(
            Status::DocMissing,
            format!(
                "document `{doc_id}` is not in the corpus: no corpus/{doc_id}.txt or corpus/{doc_id}.md"
            ),
        );
    };
    let text = match source.document(&corpus.path(entry)) {
        Ok(t) => t,
        Err(e) => return every(Status::DocUnreadable, format!("{}: {e}", entry.display)),
    };
    let doc = Doc::new(&text);
    work.iter()
        .map(|(_, w)| {
            let (path, a) = view(w);
            let sel = Selector {
                quote: a.quote,
                start: a.start,
                prefix: a.prefix,
                suffix: a.suffix,
            };
            let verdict = doc.anchor(&sel);
            let fix = match &verdict {
                Verdict::Intact(span) if want_fix => pin(&text, *span, &a, None),
                _ => None,
            };
            // Most anchors: intact, the document's text is the quote, nothing to fix.
            if let Verdict::Intact(span) = verdict
                && fix.is_none()
                && text.slice_chars(span.start..span.end) == a.quote
            {
                let (line, column) = text.line_col(span.start);
                return Entry::Intact {
                    file: w.file,
                    anchor: w.anchor,
                    found: Spot {
                        start: span.start,
                        end: span.end,
                        line: line as u32,
                        column: column as u32,
                    },
                };
            }
            let mut f = anchor_finding(path, &a, status_of(&verdict), String::new());
            describe(&mut f, &verdict, &a, &text, &entry.display, want_fix);
            full(w, f)
        })
        .collect()
}

fn recorded(a: &AnchorView) -> Option<Range> {
    a.start.map(|s| Range {
        start: s,
        end: s + a.quote.chars().count(),
    })
}

fn status_of(v: &Verdict) -> Status {
    match v {
        Verdict::Intact(_) => Status::Intact,
        Verdict::Moved(_) => Status::Moved,
        Verdict::Normalized { .. } => Status::Normalized,
        Verdict::Ambiguous(_) => Status::Ambiguous,
        Verdict::Altered { .. } => Status::Altered,
        Verdict::Missing => Status::Missing,
    }
}

fn found(text: &DocText, span: Span) -> Found {
    let (line, column) = text.line_col(span.start);
    Found {
        start: span.start,
        end: span.end,
        line,
        column,
        text: text.slice_chars(span.start..span.end).to_string(),
    }
}

/// Fills message, found, details, excerpt, diff and fix from a verdict.
fn describe(
    f: &mut Finding,
    v: &Verdict,
    a: &AnchorView,
    text: &DocText,
    doc_path: &str,
    want_fix: bool,
) {
    let at = |span: Span| {
        let (l, c) = text.line_col(span.start);
        format!("{doc_path}:{l}:{c}")
    };
    match v {
        Verdict::Intact(span) => {
            f.found = Some(found(text, *span));
            f.message = format!("quote intact at {}", at(*span));
            if want_fix {
                f.fix = pin(text, *span, a, None).map(Box::new);
            }
        }
        Verdict::Moved(span) => {
            f.found = Some(found(text, *span));
            let from = a.start.unwrap_or(0);
            f.message = format!(
                "quote moved: recorded at offset {from}, now at {} (offset {})",
                at(*span),
                span.start
            );
            f.excerpt = Some(Box::new(excerpt(text, *span)));
            if want_fix {
                f.fix = pin(text, *span, a, None).map(Box::new);
            }
            f.details
                .push("`claimtrack check --fix` pins the new position".into());
        }
        Verdict::Normalized { span, differences } => {
            f.found = Some(found(text, *span));
            let n = differences.len();
            f.message = format!(
                "quote matches only after normalization at {} ({n} typographic difference{})",
                at(*span),
                if n == 1 { "" } else { "s" }
            );
            for d in differences {
                let (l, c) = text.line_col(d.at);
                f.details.push(format!(
                    "the document has {} at {l}:{c} where the quote has {}",
                    describe_chars(&d.doc),
                    describe_chars(&d.quote)
                ));
            }
            if differences.is_empty() {
                f.details
                    .push("the quote has extra whitespace at its start or end".into());
            }
            f.excerpt = Some(Box::new(excerpt(text, *span)));
            let doc_text = text.slice_chars(span.start..span.end).to_string();
            if want_fix {
                f.fix = pin(text, *span, a, Some(doc_text)).map(Box::new);
            }
            f.details.push(
                "`claimtrack check --fix` copies the document's own characters into `quote`".into(),
            );
        }
        Verdict::Ambiguous(cands) => {
            f.message = format!(
                "quote occurs {} times and neither context nor `start` singles one out",
                cands.len()
            );
            for c in cands.iter().take(10) {
                let (l, col) = text.line_col(c.span.start);
                let how = c.single_out.as_deref().map_or(String::new(), |s| {
                    format!(": set `start = {}` or `{s}`", c.span.start)
                });
                f.details
                    .push(format!("occurrence at {doc_path}:{l}:{col}{how}"));
            }
            if cands.len() > 10 {
                f.details
                    .push(format!("and {} more occurrences", cands.len() - 10));
            }
            if let Some(c) = cands.first() {
                f.excerpt = Some(Box::new(excerpt(text, c.span)));
            }
        }
        Verdict::Altered {
            span,
            edits,
            similarity,
        } => {
            let fd = found(text, *span);
            f.similarity = Some((similarity * 1000.0).round() / 1000.0);
            f.message = format!(
                "quote altered: the closest text, at {}, is {edits} edit{} away (similarity {:.2})",
                at(*span),
                if *edits == 1 { "" } else { "s" },
                similarity
            );
            f.diff = Some(word_diff(a.quote, &fd.text));
            f.excerpt = Some(Box::new(excerpt(text, *span)));
            f.found = Some(fd);
            f.details.push(
                "not re-anchored: decide whether the claim still stands, then fix `quote` by hand"
                    .into(),
            );
        }
        Verdict::Missing => {
            f.message = format!(
                "quote not found in {doc_path}: nothing within a third of its length in edits"
            );
        }
    }
}

/// The fix that pins an anchor at `span`, if it changes anything.
fn pin(text: &DocText, span: Span, a: &AnchorView, quote: Option<String>) -> Option<Fix> {
    let prefix = text
        .slice_chars(span.start.saturating_sub(CONTEXT)..span.start)
        .to_string();
    let suffix = text.slice_chars(span.end..span.end + CONTEXT).to_string();
    let unchanged = a.start == Some(span.start)
        && a.prefix == Some(prefix.as_str())
        && a.suffix == Some(suffix.as_str())
        && quote.as_deref().is_none_or(|q| q == a.quote);
    (!unchanged).then_some(Fix {
        claim_index: a.claim_index,
        anchor: a.kind,
        start: span.start,
        prefix,
        suffix,
        quote,
    })
}

/// The document line around a span, cut to a window for long lines.
pub fn excerpt(text: &DocText, span: Span) -> Excerpt {
    let (line, col) = text.line_col(span.start);
    let full: Vec<char> = text.line_text(line).chars().collect();
    let c0 = col - 1;
    let span_len = span.end - span.start;
    let mark_end = (c0 + span_len).min(full.len()).max(c0);
    let shown_end = mark_end.min(c0 + EXCERPT_MARK);
    let from = c0.saturating_sub(EXCERPT_CONTEXT);
    let to = (shown_end + EXCERPT_CONTEXT).min(full.len());
    let mut out = String::new();
    let mut mark_start = c0 - from;
    if from > 0 {
        out.push('…');
        mark_start += 1;
    }
    out.extend(
        full[from..to]
            .iter()
            .map(|&c| if c == '\t' { ' ' } else { c }),
    );
    if to < full.len() {
        out.push('…');
    }
    Excerpt {
        line,
        text: out,
        mark_start,
        mark_len: (shown_end - c0).max(1),
    }
}

/// A word diff of the quote (delete) against the document's text (insert).
pub fn word_diff(quote: &str, doc: &str) -> Vec<DiffPart> {
    let diff = similar::TextDiff::from_words(quote, doc);
    let mut parts: Vec<DiffPart> = Vec::new();
    for change in diff.iter_all_changes() {
        let op = match change.tag() {
            similar::ChangeTag::Equal => "equal",
            similar::ChangeTag::Delete => "delete",
            similar::ChangeTag::Insert => "insert",
        };
        let value = change.value();
        match parts.last_mut() {
            Some(last) if last.op == op => last.text.push_str(value),
            _ => parts.push(DiffPart {
                op,
                text: value.to_string(),
            }),
        }
    }
    parts
}

/// `U+0410 CYRILLIC CAPITAL LETTER A` for each char; "nothing" for none.
pub fn describe_chars(s: &str) -> String {
    if s.is_empty() {
        return "nothing".into();
    }
    let names: Vec<String> = s.chars().map(char_name).collect();
    if names.len() > 4 {
        format!("{} characters ({} …)", names.len(), names[..3].join(" + "))
    } else {
        names.join(" + ")
    }
}

/// `U+2019 RIGHT SINGLE QUOTATION MARK`.
pub fn char_name(c: char) -> String {
    let name = match c {
        '\n' => Some("LINE FEED".to_string()),
        '\r' => Some("CARRIAGE RETURN".to_string()),
        '\t' => Some("CHARACTER TABULATION".to_string()),
        _ => unicode_names2::name(c).map(|n| n.to_string()),
    };
    match name {
        Some(n) => format!("U+{:04X} {n}", c as u32),
        None => format!("U+{:04X}", c as u32),
    }
}
