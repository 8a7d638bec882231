//! `claimtrack show ID`: one claim with its quotes inside their paragraphs,
//! the live verdict of each, its source, and the other claims about its fact.

use std::path::Path;

use anyhow::{Result, bail};

use crate::anchor::Span;
use crate::check::{self, Options};
use crate::claim::{Claim, ClaimFile};
use crate::corpus::{Project, read_doc, read_metadata};
use crate::render::Paint;
use crate::report::{Finding, Severity};
use crate::text::DocText;
use crate::{Disk, emit};

const WRAP: usize = 92;
const MAX_PARAGRAPH: usize = 900;

/// The paragraph (the non-blank lines) around a span, as code points; long
/// paragraphs are cut to a window around the span.
fn paragraph(text: &DocText, span: Span) -> Span {
    let blank = |l: usize| text.line_text(l).trim().is_empty();
    let mut first = text.line_col(span.start).0;
    while first > 1 && !blank(first - 1) {
        first -= 1;
    }
    let mut last = text.line_col(span.end.saturating_sub(1).max(span.start)).0;
    while last < text.line_count() && !blank(last + 1) {
        last += 1;
    }
    let mut s = text.char_of_byte(text.line_start_byte(first));
    let end_byte = text.line_start_byte(last) + text.line_text(last).len();
    let mut e = text.char_of_byte(end_byte);
    if e - s > MAX_PARAGRAPH {
        let room = MAX_PARAGRAPH.saturating_sub(span.end - span.start) / 2;
        s = s.max(span.start.saturating_sub(room));
        e = e.min(span.end + room);
    }
    Span { start: s, end: e }
}

/// Word-wraps the paragraph with the span highlighted (colour, or ⟦ ⟧).
fn highlighted(text: &DocText, span: Span, paint: Paint) -> String {
    let para = paragraph(text, span);
    fn squash(s: &str) -> Vec<&str> {
        s.split_whitespace().collect()
    }
    let before = squash(text.slice_chars(para.start..span.start));
    let inner = squash(text.slice_chars(span.start..span.end));
    let after = squash(text.slice_chars(span.end..para.end));
    let mut words: Vec<(String, bool)> = Vec::new();
    let cut_before = para.start > 0 && !text.slice_chars(para.start - 1..para.start).contains('\n');
    let cut_after = para.end < text.char_len()
        && !text
            .slice_chars(para.end..para.end + 1)
            .contains(['\n', '\r']);
    if cut_before {
        words.push(("…".into(), false));
    }
    words.extend(before.into_iter().map(|w| (w.to_string(), false)));
    let n = inner.len();
    for (i, w) in inner.into_iter().enumerate() {
        let mut w = w.to_string();
        if !paint.on {
            if i == 0 {
                w.insert(0, '⟦');
            }
            if i + 1 == n {
                w.push('⟧');
            }
        }
        words.push((w, true));
    }
    words.extend(after.into_iter().map(|w| (w.to_string(), false)));
    if cut_after {
        words.push(("…".into(), false));
    }
    let mut out = String::new();
    let mut width = 0;
    for (w, mark) in words {
        let len = w.chars().count();
        if width > 0 && width + 1 + len > WRAP {
            out.push_str("\n  ");
            width = 0;
        } else if width > 0 {
            out.push(' ');
            width += 1;
        } else {
            out.push_str("  ");
        }
        out.push_str(&if mark && paint.on {
            paint.yellow(&w)
        } else {
            w
        });
        width += len;
    }
    out.push('\n');
    out
}

fn anchor_section(
    out: &mut String,
    f: &Finding,
    text: Option<&DocText>,
    note: Option<&str>,
    paint: Paint,
) {
    let label = f.anchor.as_deref().unwrap_or("quote");
    let status = match f.severity {
        Severity::Ok => paint.green(f.status.as_str()),
        Severity::Warning => paint.yellow(f.status.as_str()),
        Severity::Error => paint.red(f.status.as_str()),
    };
    let at = f
        .found
        .as_ref()
        .map_or(String::new(), |fd| format!(" at {}:{}", fd.line, fd.column));
    out.push_str(&format!("\n{}: {status}{at}\n", paint.bold(label)));
    if f.severity != Severity::Ok {
        out.push_str(&format!("  {}\n", f.message));
        for d in &f.details {
            out.push_str(&format!("  = {d}\n"));
        }
    }
    if let Some(n) = note {
        out.push_str(&format!("  note: {n}\n"));
    }
    if let (Some(fd), Some(text)) = (&f.found, text) {
        out.push_str(&highlighted(
            text,
            Span {
                start: fd.start,
                end: fd.end,
            },
            paint,
        ));
    }
}

/// Runs `show`: exit as `check` would for this claim's quotes.
pub fn run(root: &Path, id: &str, paint: Paint) -> Result<u8> {
    let project = Project::open(root)?;
    let files = project.load_claims()?;
    let corpus = project.scan_corpus()?;
    let Some((file, claim)) = files
        .iter()
        .find_map(|f| f.claims.iter().find(|c| c.id == id).map(|c| (f, c)))
    else {
        let close: Vec<&str> = files
            .iter()
            .flat_map(|f| f.claims.iter().map(|c| c.id.as_str()))
            .filter(|c| c.contains(id) || id.contains(c))
            .take(5)
            .collect();
        if close.is_empty() {
            bail!("no claim with id `{id}` in claims/");
        }
        bail!(
            "no claim with id `{id}` in claims/; did you mean: {}",
            close.join(", ")
        );
    };
    let one = ClaimFile {
        path: file.path.clone(),
        claims: vec![claim.clone()],
        problems: Vec::new(),
    };
    let plan = crate::plan::Plan::from_files(std::slice::from_ref(&one));
    let report = check::check(&plan, &corpus, &Disk, &Options::default());
    let mut out = String::new();
    header(&mut out, claim, &file.path, &corpus, paint);
    let mut texts = std::collections::BTreeMap::new();
    for a in &claim.anchors {
        if !texts.contains_key(&a.doc)
            && let Some(e) = corpus.docs.get(&a.doc)
        {
            texts.insert(a.doc.clone(), read_doc(&corpus.path(e)).ok());
        }
    }
    for (a, f) in claim.anchors.iter().zip(report.findings()) {
        let text = texts.get(&a.doc).and_then(|t| t.as_ref());
        anchor_section(&mut out, &f, text, a.note.as_deref(), paint);
    }
    if let Some(fact) = &claim.fact {
        let others: Vec<(&ClaimFile, &Claim)> = files
            .iter()
            .flat_map(|f| f.claims.iter().map(move |c| (f, c)))
            .filter(|(_, c)| c.fact.as_deref() == Some(fact) && c.id != claim.id)
            .collect();
        out.push_str(&format!("\n{} `{fact}`: ", paint.bold("same fact")));
        if others.is_empty() {
            out.push_str("no other claims\n");
        } else {
            out.push_str(&format!(
                "{} other claim{}\n",
                others.len(),
                if others.len() == 1 { "" } else { "s" }
            ));
            for (f, c) in others {
                out.push_str(&format!(
                    "  {}  [{}]  {}  {}:{}\n    {}\n",
                    c.id, c.level, c.doc, f.path, c.line, c.statement
                ));
            }
        }
    }
    emit(&out)?;
    Ok(report.exit_code(false))
}

fn header(out: &mut String, c: &Claim, path: &str, corpus: &crate::corpus::Corpus, paint: Paint) {
    let level = match c.level {
        crate::claim::Level::Confirmed => paint.green(c.level.as_str()),
        crate::claim::Level::SourceSays => paint.yellow(c.level.as_str()),
        crate::claim::Level::CouldNotConfirm => paint.red(c.level.as_str()),
    };
    out.push_str(&format!(
        "{} {}  [{level}]\n",
        paint.bold("claim"),
        paint.bold(&c.id)
    ));
    out.push_str(&format!("  statement      {}\n", c.statement));
    out.push_str(&format!(
        "  attributed to  {}\n",
        c.attributed_to
            .as_deref()
            .unwrap_or("(the document itself)")
    ));
    let mut doc = c.doc.clone();
    if let Some(e) = corpus.docs.get(&c.doc) {
        if let Some(m) = corpus.meta_path(e) {
            let meta = read_metadata(&m).0.fields;
            let about: Vec<&str> = ["title", "outlet", "author", "published"]
                .iter()
                .filter_map(|k| meta.get(*k).map(String::as_str))
                .collect();
            if !about.is_empty() {
                doc.push_str(&format!(" — {}", about.join(", ")));
            }
            if let Some(url) = meta.get("url") {
                doc.push_str(&format!(" <{url}>"));
            }
        }
        doc.push_str(&format!(" ({})", e.display));
    }
    out.push_str(&format!("  document       {doc}\n"));
    out.push_str(&format!("  recorded in    {path}:{}\n", c.line));
    if let Some(f) = &c.fact {
        out.push_str(&format!("  fact           {f}\n"));
    }
    if !c.tags.is_empty() {
        out.push_str(&format!("  tags           {}\n", c.tags.join(", ")));
    }
    if let Some(n) = &c.notes {
        out.push_str(&format!("  notes          {n}\n"));
    }
}
