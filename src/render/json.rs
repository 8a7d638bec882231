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

pub fn render(report: &Report) -> String {
    let doc = Document {
        version: VERSION,
        findings: &report.findings,
        summary: report.summary(),
    };
    let mut out =
        serde_json::to_string_pretty(&doc).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    out.push('\n');
    out
}
