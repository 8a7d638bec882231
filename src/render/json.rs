//! The JSON report: `{"version": 1, "findings": [...], "summary": {...}}`.

use serde::Serialize;

use crate::report::{Report, Summary};

/// Version of the JSON schema; bumped only on incompatible changes.
pub const VERSION: u32 = 1;

#[derive(Serialize)]
struct Document<'r, 'a> {
    version: u32,
    findings: Findings<'r, 'a>,
    summary: Summary,
}

/// The findings, built one at a time as they are written.
struct Findings<'r, 'a>(&'r Report<'a>);

impl Serialize for Findings<'_, '_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.findings())
    }
}

/// Writes the report as pretty JSON, streamed to `out`.
pub fn write(report: &Report, out: &mut impl std::io::Write) -> std::io::Result<()> {
    let doc = Document {
        version: VERSION,
        findings: Findings(report),
        summary: report.summary(),
    };
    serde_json::to_writer_pretty(&mut *out, &doc).map_err(std::io::Error::other)?;
    out.write_all(b"\n")
}
