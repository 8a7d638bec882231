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

pub(super) fn write(report: &Report, _: &Options, out: &mut dyn Write) -> io::Result<()> {
    for f in report.findings() {
        let level = match f.effective() {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "notice",
            Severity::Ok => continue,
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
        writeln!(
            out,
            "::{level} file={},line={},col={},title={}::{}",
            escape_property(&f.file),
            f.line,
            f.column,
            escape_property(f.status.code()),
            escape_data(&msg)
        )?;
        // Also on the document's line, so a pull request that edits the
        // article shows the break on the article's own diff.
        if let (Some(doc), Some(fd)) = (f.doc_path.as_deref(), &f.found)
            && f.doc.is_some()
        {
            let (end_line, ()) = (fd.line + fd.text.matches('\n').count(), ());
            writeln!(
                out,
                "::{level} file={},line={},endLine={},col={},title={}::{}",
                escape_property(doc),
                fd.line,
                end_line,
                fd.column,
                escape_property(&format!("{} ({})", f.status.code(), f.file)),
                escape_data(&msg)
            )?;
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
    let mut listed = false;
    for f in report.findings() {
        let level = match f.effective() {
            Severity::Error => "error",
            Severity::Warning => "warning",
            _ => continue,
        };
        if !listed {
            out.push_str("\n| | claim | finding |\n| --- | --- | --- |\n");
            listed = true;
        }
        let mut what = md(&describe::message(&f));
        if let Some(d) = super::finding_diff(&f, super::Paint { on: false }) {
            what.push_str(&format!("<br>diff: <code>{}</code>", md(&d)));
        }
        out.push_str(&format!(
            "| {level} | `{}` {} | {what} |\n",
            md(f.claim.as_deref().unwrap_or(&f.file)),
            f.anchor.map(|a| a.to_string()).unwrap_or_default(),
        ));
    }
    out
}

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
