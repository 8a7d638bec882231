//! The JSON report: `{"version": 1, "findings": [...], "summary": {...}}`,
//! rendered in parallel and streamed a batch at a time.

use std::io::{self, Write};

use serde::Serialize;

use super::{Options, describe};
use crate::check::finding::{DiffPart, Finding, Found, PartFound, Range, Severity, Status};
use crate::check::report::Report;

/// Version of the JSON schema; bumped only on incompatible changes.
const VERSION: u32 = 1;

/// One finding as written, field by field (docs/reference.md: "JSON output").
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
    /// What changed in the quote's attribution (attribution findings only).
    #[serde(skip_serializing_if = "Option::is_none")]
    attribution: Option<serde_json::Value>,
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
            attribution: attribution(f),
        }
    }
}

/// The `attribution` object of an attribution finding.
fn attribution(f: &Finding) -> Option<serde_json::Value> {
    use crate::attribution::{Change, MarkKind};
    use crate::check::finding::What;
    let What::Attribution(c) = &f.what else {
        return None;
    };
    Some(match &**c {
        Change::Cue {
            index,
            recorded,
            now,
            rule,
            ..
        } => serde_json::json!({
            "change": "cue", "cue": index, "recorded": recorded, "now": now, "rule": rule,
        }),
        Change::Level {
            recorded,
            then,
            now,
            cue,
            explicit,
        } => serde_json::json!({
            "change": "level",
            "recorded": recorded.as_str(),
            "logged": then.as_str(),
            "now": now.as_str(),
            "cue": cue.as_ref().map(|(words, rule, kind)| serde_json::json!({
                "words": words, "rule": rule, "kind": kind.as_str(),
            })),
            "explicit": explicit,
        }),
        Change::Mark {
            kind,
            index,
            typed,
            recorded,
            now,
        } => serde_json::json!({
            "change": match kind { MarkKind::Elision => "elision", MarkKind::Bracket => "bracket" },
            "mark": index,
            "typed": typed,
            "recorded": recorded,
            "now": now,
        }),
    })
}

/// Findings rendered together by one worker; a batch of workers' chunks is
/// written before the next is rendered, so memory follows the batch.
const CHUNK: usize = if cfg!(test) { 3 } else { 512 };
const BATCH: usize = 8 * CHUNK;

/// Writes the report as pretty JSON, the same bytes as `serde_json`'s pretty
/// printer would write for the whole document, but with the findings rendered
/// in parallel, a batch at a time, and streamed to `out`.
pub(super) fn write(report: &Report, _: &Options, out: &mut dyn Write) -> io::Result<()> {
    use rayon::prelude::*;
    write!(out, "{{\n  \"version\": {VERSION},\n  \"findings\": [")?;
    let entries = &report.entries;
    for (b, batch) in entries.chunks(BATCH).enumerate() {
        let rendered: Vec<Vec<u8>> = batch
            .par_chunks(CHUNK)
            .enumerate()
            .map(|(c, chunk)| {
                let mut buf = Vec::with_capacity(chunk.len() * 700);
                let mut one = Vec::with_capacity(1024);
                for (i, e) in chunk.iter().enumerate() {
                    let first = b == 0 && c == 0 && i == 0;
                    buf.extend_from_slice(if first { b"\n    " } else { b",\n    " });
                    one.clear();
                    let f = e.finding(report.plan, report.corpus);
                    serde_json::to_writer_pretty(&mut one, &Json::of(&f))
                        .map_err(io::Error::other)?;
                    indented(&mut buf, &one, b"    ");
                }
                Ok(buf)
            })
            .collect::<io::Result<_>>()?;
        for r in rendered {
            out.write_all(&r)?;
        }
    }
    out.write_all(if entries.is_empty() { b"]" } else { b"\n  ]" })?;
    out.write_all(b",\n  \"summary\": ")?;
    let summary = serde_json::to_vec_pretty(&report.summary()).map_err(io::Error::other)?;
    let mut buf = Vec::with_capacity(summary.len() + 256);
    indented(&mut buf, &summary, b"  ");
    out.write_all(&buf)?;
    out.write_all(b"\n}\n")
}

/// Appends pretty JSON, every line after the first indented by `by` (a
/// string in JSON never holds a raw line break, so each `\n` is one).
fn indented(buf: &mut Vec<u8>, json: &[u8], by: &[u8]) {
    let mut from = 0;
    for nl in memchr::memchr_iter(b'\n', json) {
        buf.extend_from_slice(&json[from..=nl]);
        buf.extend_from_slice(by);
        from = nl + 1;
    }
    buf.extend_from_slice(&json[from..]);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::plan::Plan;
    use crate::check::{Memory, Options as CheckOptions, check};
    use crate::corpus::{Corpus, DocEntry};
    use crate::text::DocText;

    /// The whole document as `serde_json`'s pretty printer writes it: what
    /// the batched writer must reproduce byte for byte.
    #[derive(Serialize)]
    struct Whole<'r, 'a> {
        version: u32,
        findings: All<'r, 'a>,
        summary: crate::check::report::Summary,
    }

    struct All<'r, 'a>(&'r Report<'a>);

    impl Serialize for All<'_, '_> {
        fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            s.collect_seq(self.0.findings().map(Each))
        }
    }

    struct Each<'f>(std::borrow::Cow<'f, crate::check::finding::Finding>);

    impl Serialize for Each<'_> {
        fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            Json::of(&self.0).serialize(s)
        }
    }

    #[test]
    fn findings_written_in_parallel_batches_are_byte_for_byte_the_pretty_document() {
        // Under test a chunk is 3 findings and a batch 24: 200 findings,
        // intact and not, cross both boundaries; no claims at all writes `[]`.
        let mut corpus = Corpus::default();
        let mut mem = Memory::default();
        for i in 0..100 {
            let display = format!("corpus/d{i:03}.txt");
            corpus.docs.insert(
                format!("d{i:03}"),
                DocEntry {
                    display: display.clone(),
                    has_meta: false,
                    outside: None,
                    meta_outside: None,
                },
            );
            let text = format!("Line “{i}” — one.\nThe quote {i} here.");
            mem.docs.insert(display, Ok(DocText::new(text)));
        }
        let claims: String = (0..200)
            .map(|i| {
                let quote = if i % 2 == 0 { format!("quote {} here", i / 2) } else { "gone".into() };
                format!(
                    "[[claim]]\nid = \"c{i}\"\nstatement = \"s\"\nlevel = \"confirmed\"\ndoc = \"d{:03}\"\nquote = \"{quote}\"\n\n",
                    i / 2
                )
            })
            .collect();
        for claims in [claims, String::new()] {
            let plan = Plan::from_files(&[crate::claim::parse_claims("claims/c.toml", &claims)]);
            let report = check(&plan, &corpus, &mem, &CheckOptions::default());
            let opts = Options {
                paint: super::super::Paint { on: false },
                verbose: false,
                width: 80,
                quiet: false,
                deny_warnings: false,
                repo_prefix: "",
                changed: None,
            };
            let mut ours = Vec::new();
            write(&report, &opts, &mut ours).unwrap();
            let whole = Whole {
                version: VERSION,
                findings: All(&report),
                summary: report.summary(),
            };
            let expected = serde_json::to_string_pretty(&whole).unwrap() + "\n";
            assert_eq!(String::from_utf8(ours).unwrap(), expected);
        }
    }
}
