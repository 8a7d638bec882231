//! The JSON report: `{"version": 1, "findings": [...], "summary": {...}}`.

use serde::Serialize;

use crate::report::{Finding, Report, Summary};

/// Version of the JSON schema; bumped only on incompatible changes.
pub const VERSION: u32 = 1;

#[derive(Serialize)]
struct Document<'a> {
    version: u32,
    findings: &'a [Finding],
    summary: Summary,
}

/// Writes the report as pretty JSON, streamed to `out`.
pub fn write(report: &Report, out: &mut impl std::io::Write) -> std::io::Result<()> {
    let doc = Document {
        version: VERSION,
        findings: &report.findings,
        summary: report.summary(),
    };
    serde_json::to_writer_pretty(&mut *out, &doc).map_err(std::io::Error::other)?;
    out.write_all(b"\n")
}
