//! The JSON report: `{"version": 1, "findings": [...], "summary": {...}}`,
//! streamed one finding at a time.

use std::io::{self, Write};

use serde::Serialize;

use super::{Options, describe};
use crate::check::finding::{DiffPart, Finding, Found, PartFound, Range, Severity, Status};
use crate::check::report::{Report, Summary};

/// Version of the JSON schema; bumped only on incompatible changes.
const VERSION: u32 = 1;

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
        s.collect_seq(self.0.findings().map(Each))
    }
}

/// A finding of the report (built on the fly, or borrowed), as written.
struct Each<'f>(std::borrow::Cow<'f, Finding>);

impl Serialize for Each<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        Json::of(&self.0).serialize(s)
    }
}

/// One finding as written, field by field (README: "JSON output").
#[derive(Serialize)]
pub(super) struct Json<'f> {
    claim: Option<&'f str>,
    anchor: Option<String>,
    file: &'f str,
    line: usize,
    column: usize,
    doc: Option<&'f str>,
    status: Status,
    severity: Severity,
    code: &'static str,
    recorded: Option<Range>,
    found: Option<&'f Found>,
    #[serde(skip_serializing_if = "Option::is_none")]
    similarity: Option<f64>,
    message: String,
    details: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    diff: Option<Vec<DiffPart>>,
    #[serde(skip_serializing_if = "<[PartFound]>::is_empty")]
    parts: &'f [PartFound],
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    fixed: bool,
}

impl Json<'_> {
    pub(super) fn of(f: &Finding) -> Json<'_> {
        Json {
            claim: f.claim.as_deref(),
            anchor: f.anchor.map(|a| a.to_string()),
            file: &f.file,
            line: f.line,
            column: f.column,
            doc: f.doc.as_deref(),
            status: f.status,
            severity: f.severity(),
            code: f.status.code(),
            recorded: f.recorded,
            found: f.found.as_ref(),
            similarity: describe::similarity(f),
            message: describe::message(f),
            details: describe::details(f),
            diff: describe::diff(f),
            parts: &f.parts,
            fixed: f.fixed,
        }
    }
}

/// Writes the report as pretty JSON, streamed to `out`.
pub(super) fn write(report: &Report, _: &Options, out: &mut dyn Write) -> io::Result<()> {
    let doc = Document {
        version: VERSION,
        findings: Findings(report),
        summary: report.summary(),
    };
    serde_json::to_writer_pretty(&mut *out, &doc).map_err(io::Error::other)?;
    out.write_all(b"\n")
}
