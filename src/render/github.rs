//! GitHub Actions workflow commands: one `::error` or `::warning` line per finding.

use std::io::{self, Write};

use super::{Options, describe, plural};
use crate::check::finding::Severity;
use crate::check::report::Report;

/// Line breaks encoded as the runner decodes them; every other control
/// character (an escape sequence in a file name) shown as `\u{1b}`, never
/// sent to the log raw.
fn escape_data(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '%' => out.push_str("%25"),
            '\r' => out.push_str("%0D"),
            '\n' => out.push_str("%0A"),
            c if c.is_control() || crate::text::is_bidi_control(c) => {
                out.push_str(&format!("\\u{{{:x}}}", c as u32));
            }
            c => out.push(c),
        }
    }
    out
}

fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// How many annotations of one level GitHub shows for a step; the rest are
/// dropped without a word.
pub(crate) const SHOWN_PER_LEVEL: usize = 10;

/// One workflow command per finding, placed where a pull request's diff is:
/// on the document's line when the quote was found there (an edit of the
/// article is what moved or altered it), else on the claims file's line;
/// with `--changed-since` or `--files`, on the claims file when it changed
/// and the document did not. At most `SHOWN_PER_LEVEL` of each level: the
/// last one shown says how many more there are, and those are printed as
/// plain log lines.
pub(super) fn write(report: &Report, o: &Options, out: &mut dyn Write) -> io::Result<()> {
    let mut total = [0usize; 3];
    for f in report.findings() {
        if let Some((_, i)) = level(f.effective()) {
            total[i] += 1;
        }
    }
    let mut shown = [0usize; 3];
    for f in report.findings() {
        let Some((level, i)) = level(f.effective()) else {
            continue;
        };
        let who = f
            .claim
            .as_deref()
            .map_or(String::new(), |c| match f.anchor {
                Some(a) => format!("claim {c} ({a}): "),
                None => format!("claim {c}: "),
            });
        let mut msg = format!("{who}{}", describe::message(&f));
        if let Some(d) = super::finding_diff(&f, super::Paint { on: false }) {
            msg.push_str(&format!("\ndiff ({}): {d}", super::diff_label(&f)));
        }
        for d in describe::details(&f) {
            msg.push('\n');
            msg.push_str(&d);
        }
        let claims_place = format!("{}{}:{}", o.repo_prefix, f.file, f.line);
        shown[i] += 1;
        if shown[i] > SHOWN_PER_LEVEL {
            // GitHub would drop it: a log line instead.
            writeln!(out, "{level}: {claims_place}: {}", safe_line(&msg))?;
            continue;
        }
        let more = total[i] - shown[i];
        if shown[i] == SHOWN_PER_LEVEL && more > 0 {
            msg.push_str(&format!(
                "\n… and {}, not annotated (GitHub shows {SHOWN_PER_LEVEL} per step): the log of this step lists every one",
                plural(more, &format!("more {level}"))
            ));
        }
        // Where the change is: the document, unless the run was asked
        // about changed files and only the claims file is among them.
        let claims_changed_alone = o.changed.is_some_and(|sel| {
            sel.files.contains(&f.file) && !f.doc.as_ref().is_some_and(|d| sel.docs.contains(d))
        });
        let on_doc = match (f.doc_path.as_deref(), &f.found) {
            (Some(doc), Some(fd)) if f.doc.is_some() && !claims_changed_alone => Some((doc, fd)),
            _ => None,
        };
        match on_doc {
            Some((doc, fd)) => {
                let end_line = fd.line + fd.text.matches('\n').count();
                msg.push_str(&format!("\nclaimed in {claims_place}"));
                writeln!(
                    out,
                    "::{level} file={},line={},endLine={end_line},col={},title={}::{}",
                    escape_property(&format!("{}{doc}", o.repo_prefix)),
                    fd.line,
                    fd.column,
                    escape_property(f.status.code()),
                    escape_data(&msg)
                )?;
            }
            None => writeln!(
                out,
                "::{level} file={},line={},col={},title={}::{}",
                escape_property(&format!("{}{}", o.repo_prefix, f.file)),
                f.line,
                f.column,
                escape_property(f.status.code()),
                escape_data(&msg)
            )?,
        }
    }
    let s = report.summary();
    writeln!(
        out,
        "claimtrack: {} in {}, {}, {}",
        plural(s.anchors, "quote"),
        plural(s.claims, "claim"),
        plural(s.errors, "error"),
        plural(s.warnings, "warning")
    )
}

/// The workflow command of a severity, and its place among the three
/// levels GitHub counts apart against its limit.
fn level(s: Severity) -> Option<(&'static str, usize)> {
    match s {
        Severity::Error => Some(("error", 0)),
        Severity::Warning => Some(("warning", 1)),
        Severity::Info => Some(("notice", 2)),
        Severity::Ok => None,
    }
}

/// A message as one plain log line (it starts with its level, so the runner
/// never reads it as a command): lines joined, control characters shown.
fn safe_line(s: &str) -> String {
    s.lines()
        .map(|l| escape_data(l).replace("%25", "%"))
        .collect::<Vec<_>>()
        .join(" — ")
}

/// A Markdown job summary (for `$GITHUB_STEP_SUMMARY`): counts per
/// verdict, then each finding that fails or warns, with its word diff.
pub(crate) fn step_summary(report: &Report) -> String {
    let md = super::table::md_cell;
    let s = report.summary();
    let mut out = String::from("## claimtrack\n\n");
    out.push_str(&format!(
        "{} in {}: {}, {}\n\n| verdict | quotes |\n| --- | ---: |\n",
        plural(s.anchors, "quote"),
        plural(s.claims, "claim"),
        plural(s.errors, "error"),
        plural(s.warnings, "warning")
    ));
    for (status, n) in &s.by_status {
        out.push_str(&format!("| {} | {n} |\n", status.as_str()));
    }
    let total = report
        .findings()
        .filter(|f| matches!(f.effective(), Severity::Error | Severity::Warning))
        .count();
    let mut listed = 0;
    for f in report.findings() {
        let level = match f.effective() {
            Severity::Error => "error",
            Severity::Warning => "warning",
            _ => continue,
        };
        let mut what = md(&describe::message(&f));
        if let Some(d) = super::finding_diff(&f, super::Paint { on: false }) {
            what.push_str(&format!("<br>diff: <code>{}</code>", md(&d)));
        }
        let row = format!(
            "| {level} | `{}` {} | {what} |\n",
            md(f.claim.as_deref().unwrap_or(&f.file)),
            f.anchor.map(|a| a.to_string()).unwrap_or_default(),
        );
        // GitHub drops a summary over 1 MiB whole: stop listing in time.
        if out.len() + row.len() > SUMMARY_ROOM {
            break;
        }
        if listed == 0 {
            out.push_str("\n| | claim | finding |\n| --- | --- | --- |\n");
        }
        out.push_str(&row);
        listed += 1;
    }
    if listed < total {
        out.push_str(&format!(
            "\n{} not listed: GitHub keeps a step summary under 1 MiB. The log of this step, or `claimtrack check` run locally, lists every one.\n",
            plural(total - listed, "more finding")
        ));
    }
    out
}

/// The bytes a step summary may fill before its closing line: GitHub's
/// limit is 1 MiB per step, and a summary over it is dropped whole.
const SUMMARY_ROOM: usize = (1 << 20) - 4096;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_statement_with_percent_newline_and_a_command_stays_one_annotation() {
        let data = escape_data("50% of\r\n::error::injected");
        assert_eq!(data, "50%25 of%0D%0A::error::injected");
        assert!(!data.contains('\n') && !data.contains('\r'));
    }

    #[test]
    fn properties_and_data_are_escaped() {
        assert_eq!(escape_property("a:b,c%"), "a%3Ab%2Cc%25");
        assert_eq!(
            escape_property("evil\u{1b}[31m.toml"),
            "evil\\u{1b}[31m.toml"
        );
        assert_eq!(escape_data("x\ny:z"), "x%0Ay:z");
    }
}
