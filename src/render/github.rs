//! GitHub Actions workflow commands: one `::error` or `::warning` line per finding.

use crate::report::{Report, Severity};

fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

pub fn render(report: &Report) -> String {
    let mut out = String::new();
    for f in report.findings() {
        let level = match f.effective() {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Ok => continue,
        };
        let who = f
            .claim
            .as_deref()
            .map_or(String::new(), |c| match &f.anchor {
                Some(a) => format!("claim {c} ({a}): "),
                None => format!("claim {c}: "),
            });
        let mut msg = format!("{who}{}", f.message);
        for d in &f.details {
            msg.push('\n');
            msg.push_str(d);
        }
        out.push_str(&format!(
            "::{level} file={},line={},col={},title={}::{}\n",
            escape_property(&f.file),
            f.line,
            f.column,
            escape_property(f.code),
            escape_data(&msg)
        ));
    }
    let s = report.summary();
    out.push_str(&format!(
        "claimtrack: {} anchors in {} claims, {} errors, {} warnings\n",
        s.anchors, s.claims, s.errors, s.warnings
    ));
    out
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
