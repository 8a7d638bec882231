//! The human report, in the style of rustc: grouped by claims file, each
//! finding with its code, claim, locations, the document's line underlined,
//! a word diff for altered quotes, and a last line of counts per verdict.

use std::io::{self, Write};

use super::describe::{self, plural};
use super::{Options, Paint, cols, safe, wrap};
use crate::check::finding::{Finding, Severity, Status};
use crate::check::report::Report;
use crate::claim::AnchorKind;

/// Writes the report as it goes, one finding at a time; `verbose` also lists
/// intact anchors.
pub(super) fn write(report: &Report, opts: &Options, out: &mut dyn Write) -> io::Result<()> {
    let (paint, verbose) = (opts.paint, opts.verbose);
    let mut current: Option<String> = None;
    let mut buf = String::new();
    for f in report.findings_but_intact(!verbose) {
        if f.severity() == Severity::Ok && !verbose && !f.fixed {
            continue;
        }
        let fails = match f.effective() {
            Severity::Error => true,
            Severity::Warning => opts.deny_warnings,
            _ => false,
        };
        if opts.quiet && !fails {
            continue;
        }
        buf.clear();
        if current.as_deref() != Some(f.file.as_str()) {
            if current.is_some() {
                buf.push('\n');
            }
            buf.push_str(&paint.bold(&safe(&f.file)));
            buf.push('\n');
            current = Some(f.file.clone());
        }
        finding(&mut buf, &f, paint, verbose, opts.width);
        out.write_all(buf.as_bytes())?;
    }
    if current.is_some() {
        out.write_all(b"\n")?;
    }
    writeln!(out, "{}", summary_line(report, paint, opts.width))
}

fn finding(out: &mut String, f: &Finding, paint: Paint, verbose: bool, width: usize) {
    let label = match f.severity() {
        Severity::Error => paint.red(&format!("error[{}]", f.status.code())),
        Severity::Warning => paint.yellow(&format!("warning[{}]", f.status.code())),
        Severity::Info => paint.blue(&format!("info[{}]", f.status.code())),
        Severity::Ok => paint.green(&format!("ok[{}]", f.status.code())),
    };
    let who = match (&f.claim, f.anchor) {
        (Some(c), Some(a)) if a != AnchorKind::Quote => format!("`{}` {a}: ", safe(c)),
        (Some(c), _) => format!("`{}`: ", safe(c)),
        _ => String::new(),
    };
    // The message wraps at spaces to the width, under a two-space indent.
    let severity = match f.severity() {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "info",
        Severity::Ok => "ok",
    };
    let head = cols(&format!("{severity}[{}]: {who}", f.status.code()));
    let message = safe(&describe::message(f)).into_owned();
    for (i, piece) in wrap(
        &message,
        width.saturating_sub(head),
        width.saturating_sub(2),
    )
    .iter()
    .enumerate()
    {
        if i == 0 {
            out.push_str(&format!("{label}: {who}{}\n", paint.bold(piece)));
        } else {
            out.push_str(&format!("  {}\n", paint.bold(piece)));
        }
    }
    let gutter_w = f.snippet.as_ref().map_or(1, |s| s.line.to_string().len());
    // The line after its gutter (`12 | `) fits the width.
    let excerpt = f
        .snippet
        .as_deref()
        .map(|s| describe::excerpt(s, width.saturating_sub(gutter_w + 3)));
    let pad = " ".repeat(gutter_w);
    let bar = paint.blue("|");
    out.push_str(&format!(
        "{pad}{} {}:{}:{}\n",
        paint.blue("-->"),
        safe(&f.file),
        f.line,
        f.column
    ));
    if let Some(e) = &excerpt {
        out.push_str(&format!("{pad} {bar}\n"));
        out.push_str(&format!(
            "{} {bar} {}\n",
            paint.blue(&e.line.to_string()),
            e.text
        ));
        let marks = if f.severity() == Severity::Error {
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
    if let Some(diff) = describe::diff(f) {
        let line = super::diff_line(&diff, paint);
        let text = format!(
            "diff ({}): {}",
            describe::diff_label(f),
            line.replace('\n', "⏎")
        );
        let room = width.saturating_sub(gutter_w + 3);
        for (i, piece) in wrap(&text, room, room).iter().enumerate() {
            let mark = if i == 0 { paint.blue("=") } else { " ".into() };
            out.push_str(&format!("{pad} {mark} {piece}\n"));
        }
    }
    let details = describe::details(f);
    let shown = if verbose { details.len() } else { 6 };
    // Each note wraps under its own first word.
    let room = width.saturating_sub(gutter_w + 3);
    for d in details.iter().take(shown) {
        for (i, piece) in wrap(&safe(d), room, room).iter().enumerate() {
            let mark = if i == 0 { paint.blue("=") } else { " ".into() };
            out.push_str(&format!("{pad} {mark} {piece}\n"));
        }
    }
    if details.len() > shown {
        out.push_str(&format!(
            "{pad} {} and {} more (see --verbose or --format json)\n",
            paint.blue("="),
            details.len() - shown
        ));
    }
    if f.fixed {
        out.push_str(&format!(
            "{pad} {} {}\n",
            paint.blue("="),
            paint.green(describe::fixed_note(f))
        ));
    }
}

/// `42 quotes in 24 claims (3 files): 40 intact, 1 moved, 1 altered; 1 error, 1 warning`,
/// wrapped at spaces to `width`.
fn summary_line(report: &Report, paint: Paint, width: usize) -> String {
    let s = report.summary();
    let counts: Vec<String> = Status::ALL
        .iter()
        .filter_map(|st| s.by_status.get(st).map(|n| format!("{n} {}", st.as_str())))
        .collect();
    let line = format!(
        "{} in {} ({}): {}",
        plural(s.anchors, "quote"),
        plural(s.claims, "claim"),
        plural(s.files, "file"),
        if counts.is_empty() {
            "nothing to check".to_string()
        } else {
            counts.join(", ")
        }
    );
    let mut verdict = format!(
        "{}, {}",
        plural(s.errors, "error"),
        plural(s.warnings, "warning")
    );
    if s.info > 0 {
        verdict.push_str(&format!(
            ", {} info (retracted or superseded claims)",
            s.info
        ));
    }
    if s.fixed > 0 {
        verdict.push_str(&format!("; {} fixed", s.fixed));
    }
    let painted = if s.errors > 0 {
        paint.red(&verdict)
    } else if s.warnings > 0 {
        paint.yellow(&verdict)
    } else {
        paint.green(&verdict)
    };
    let mut lines = wrap(&line, width, width);
    let last = lines.last_mut().expect("one line at least");
    if cols(last) + 2 + cols(&verdict) <= width {
        last.push_str("; ");
        last.push_str(&painted);
    } else {
        last.push(';');
        lines.push(painted);
    }
    lines.join("\n")
}
