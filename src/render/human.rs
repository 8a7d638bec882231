//! The human report, in the style of rustc: grouped by claims file, each
//! finding with its code, claim, locations, the document's line underlined,
//! a word diff for altered quotes, and a last line of counts per verdict.

use super::Paint;
use crate::report::{Finding, Report, Severity, Status};

/// Renders the report; `verbose` also lists intact anchors.
pub fn render(report: &Report, paint: Paint, verbose: bool) -> String {
    let mut out = String::new();
    let mut current: Option<String> = None;
    for f in report.findings_but_intact(!verbose) {
        if f.severity == Severity::Ok && !verbose && !f.fixed {
            continue;
        }
        if current.as_deref() != Some(f.file.as_str()) {
            if current.is_some() {
                out.push('\n');
            }
            out.push_str(&paint.bold(&f.file));
            out.push('\n');
            current = Some(f.file.clone());
        }
        finding(&mut out, &f, paint, verbose);
    }
    if current.is_some() {
        out.push('\n');
    }
    out.push_str(&summary_line(report, paint));
    out.push('\n');
    out
}

fn finding(out: &mut String, f: &Finding, paint: Paint, verbose: bool) {
    let label = match f.severity {
        Severity::Error => paint.red(&format!("error[{}]", f.code)),
        Severity::Warning => paint.yellow(&format!("warning[{}]", f.code)),
        Severity::Ok => paint.green(&format!("ok[{}]", f.code)),
    };
    let who = match (&f.claim, &f.anchor) {
        (Some(c), Some(a)) if a != "quote" => format!("`{c}` {a}: "),
        (Some(c), _) => format!("`{c}`: "),
        _ => String::new(),
    };
    out.push_str(&format!("{label}: {who}{}\n", paint.bold(&f.message)));
    let gutter_w = f.excerpt.as_ref().map_or(1, |e| e.line.to_string().len());
    let pad = " ".repeat(gutter_w);
    let bar = paint.blue("|");
    out.push_str(&format!(
        "{pad}{} {}:{}:{}\n",
        paint.blue("-->"),
        f.file,
        f.line,
        f.column
    ));
    if f.severity == Severity::Ok && !f.fixed && !verbose {
        return;
    }
    if let Some(e) = &f.excerpt {
        out.push_str(&format!("{pad} {bar}\n"));
        out.push_str(&format!(
            "{} {bar} {}\n",
            paint.blue(&e.line.to_string()),
            e.text
        ));
        let marks = if f.severity == Severity::Error {
            paint.red(&"^".repeat(e.mark_len))
        } else {
            paint.yellow(&"^".repeat(e.mark_len))
        };
        out.push_str(&format!(
            "{pad} {bar} {}{}\n",
            " ".repeat(e.mark_start),
            marks
        ));
    }
    if let Some(diff) = &f.diff {
        let mut line = String::new();
        for part in diff {
            match part.op {
                "delete" => line.push_str(&paint.deleted(&part.text)),
                "insert" => line.push_str(&paint.inserted(&part.text)),
                _ => line.push_str(&part.text),
            }
        }
        out.push_str(&format!(
            "{pad} {} diff (quote -> document): {}\n",
            paint.blue("="),
            line.replace('\n', "⏎")
        ));
    }
    let shown = if verbose { f.details.len() } else { 6 };
    for d in f.details.iter().take(shown) {
        out.push_str(&format!("{pad} {} {d}\n", paint.blue("=")));
    }
    if f.details.len() > shown {
        out.push_str(&format!(
            "{pad} {} and {} more (see --verbose or --format json)\n",
            paint.blue("="),
            f.details.len() - shown
        ));
    }
    if f.fixed {
        let what = if f.fix.as_ref().is_some_and(|x| x.quote.is_some()) {
            "fixed: copied the document's characters into `quote` and pinned `start`, `prefix`, `suffix`"
        } else {
            "fixed: pinned `start`, `prefix`, `suffix`"
        };
        out.push_str(&format!(
            "{pad} {} {}\n",
            paint.blue("="),
            paint.green(what)
        ));
    }
}

/// `42 anchors in 24 claims (3 files): 40 intact, 1 moved, 1 altered; 1 error, 1 warning`
pub fn summary_line(report: &Report, paint: Paint) -> String {
    let s = report.summary();
    let counts: Vec<String> = Status::ALL
        .iter()
        .filter_map(|st| {
            s.by_status
                .get(st.as_str())
                .map(|n| format!("{n} {}", st.as_str()))
        })
        .collect();
    let plural = |n: usize, w: &str| format!("{n} {w}{}", if n == 1 { "" } else { "s" });
    let mut line = format!(
        "{} in {} ({}): {}",
        plural(s.anchors, "anchor"),
        plural(s.claims, "claim"),
        plural(s.files, "file"),
        if counts.is_empty() {
            "nothing to check".to_string()
        } else {
            counts.join(", ")
        }
    );
    let verdict = format!(
        "{}, {}",
        plural(s.errors, "error"),
        plural(s.warnings, "warning")
    );
    let verdict = if s.errors > 0 {
        paint.red(&verdict)
    } else if s.warnings > 0 {
        paint.yellow(&verdict)
    } else {
        paint.green(&verdict)
    };
    line.push_str("; ");
    line.push_str(&verdict);
    if s.fixed > 0 {
        line.push_str(&format!("; {} fixed", s.fixed));
    }
    line
}
