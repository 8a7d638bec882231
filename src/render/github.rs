//! GitHub Actions workflow commands: one `::error` or `::warning` line per finding.

use std::io::{self, Write};

use super::{Options, describe, plural};
use crate::check::finding::Severity;
use crate::check::report::Report;

fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn properties_and_data_are_escaped() {
        assert_eq!(escape_property("a:b,c%"), "a%3Ab%2Cc%25");
        assert_eq!(escape_data("x\ny:z"), "x%0Ay:z");
    }
}
