//! Reports for CI systems: SARIF 2.1.0 (GitHub code scanning), JUnit XML
//! (GitLab and most test viewers) and GitLab Code Quality JSON.

use std::io::{self, Write};

use serde_json::{Value, json};

use super::{Options, describe};
use crate::check::finding::{Finding, Severity, Status};
use crate::check::report::Report;

/// A stable 64-bit FNV-1a hash, written as hex: a fingerprint that keeps
/// its value across runs, platforms and Rust versions.
fn fingerprint(parts: &[&str]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for p in parts {
        for b in p.bytes().chain([0xff]) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    format!("{h:016x}")
}

/// What identifies a finding across runs: claim, anchor and code, never a
/// line number (an alert keeps its identity when lines move).
fn identity(f: &Finding) -> String {
    let anchor = f.anchor.map(|a| a.to_string()).unwrap_or_default();
    let who = f.claim.as_deref().unwrap_or(&f.file);
    fingerprint(&[who, &anchor, f.status.code()])
}

/// Fingerprints made unique in report order: the second finding with the
/// same identity (a claim id used twice) gets `-2`, and so on.
#[derive(Default)]
struct Prints(std::collections::HashMap<String, usize>);

impl Prints {
    fn of(&mut self, f: &Finding) -> String {
        let id = identity(f);
        let n = self.0.entry(id.clone()).or_default();
        *n += 1;
        if *n == 1 { id } else { format!("{id}-{n}") }
    }
}

/// The finding's message with its word diff and its notes, one per line.
pub(crate) fn full_message(f: &Finding) -> String {
    let mut m = describe::message(f);
    if let Some(d) = super::finding_diff(f, super::Paint { on: false }) {
        m.push_str(&format!("\ndiff ({}): {d}", super::diff_label(f)));
    }
    for d in describe::details(f) {
        m.push('\n');
        m.push_str(&d);
    }
    m
}

/// Line and column just past `text`, starting at (`line`, `column`).
fn end_of(line: usize, column: usize, text: &str) -> (usize, usize) {
    match text.rfind('\n') {
        Some(i) => (
            line + text.matches('\n').count(),
            text[i + 1..].chars().count() + 1,
        ),
        None => (line, column + text.chars().count()),
    }
}

const INFORMATION_URI: &str = match option_env!("CARGO_PKG_REPOSITORY") {
    Some(r) if !r.is_empty() => r,
    _ => "https://docs.rs/claimtrack",
};

/// SARIF 2.1.0: one rule per finding code, one result per finding that is
/// not ok, located in the claims file, with the document span related.
pub(super) fn sarif(report: &Report, o: &Options, out: &mut dyn Write) -> io::Result<()> {
    let rules: Vec<Value> = Status::ALL
        .iter()
        .map(|s| {
            json!({
                "id": s.code(),
                "name": s.as_str(),
                "shortDescription": { "text": format!("quote {}", s.as_str()) },
                "fullDescription": { "text": s.meaning() },
                "help": { "text": format!("{} What to do: {}", s.meaning(), s.what_to_do()) },
                "defaultConfiguration": { "level": level(s.severity()).unwrap_or("note") },
            })
        })
        .collect();
    let mut results = Vec::new();
    let mut prints = Prints::default();
    for f in report.findings() {
        let Some(lvl) = level(f.effective()) else {
            continue;
        };
        let rule_index = Status::ALL.iter().position(|s| *s == f.status).unwrap_or(0);
        let mut result = json!({
            "ruleId": f.status.code(),
            "ruleIndex": rule_index,
            "level": lvl,
            "message": { "text": full_message(&f) },
            "locations": [{
                "physicalLocation": {
                    "artifactLocation": { "uri": uri(&format!("{}{}", o.repo_prefix, f.file)) },
                    "region": {
                        "startLine": f.line.max(1),
                        "startColumn": f.column.max(1),
                        "endLine": f.line.max(1),
                        "endColumn": f.column.max(1) + 1,
                    }
                }
            }],
            "partialFingerprints": { "claimtrack/v1": prints.of(&f) },
        });
        // A missing document has no file to point at (its path is its id).
        if let Some(doc) = f
            .doc_path
            .as_deref()
            .filter(|_| f.doc.is_some() && f.status != Status::DocMissing)
        {
            let mut physical =
                json!({ "artifactLocation": { "uri": uri(&format!("{}{doc}", o.repo_prefix)) } });
            if let Some(fd) = &f.found {
                let (end_line, end_column) = end_of(fd.line, fd.column, &fd.text);
                physical["region"] = json!({
                    "startLine": fd.line,
                    "startColumn": fd.column,
                    "endLine": end_line,
                    "endColumn": end_column,
                });
            }
            result["relatedLocations"] = json!([{
                "id": 0,
                "physicalLocation": physical,
                "message": { "text": "the quoted passage in the document" },
            }]);
        }
        results.push(result);
    }
    let doc = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "claimtrack",
                "semanticVersion": env!("CARGO_PKG_VERSION"),
                "informationUri": INFORMATION_URI,
                "rules": rules,
            }},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }]
    });
    serde_json::to_writer_pretty(&mut *out, &doc)?;
    writeln!(out)
}

/// A path as a relative URI reference: each segment percent-encoded.
fn uri(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                out.push(b as char);
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

fn level(s: Severity) -> Option<&'static str> {
    match s {
        Severity::Error => Some("error"),
        Severity::Warning => Some("warning"),
        Severity::Info => Some("note"),
        Severity::Ok => None,
    }
}

/// Text for XML: markup escaped, and characters XML 1.0 forbids replaced.
fn xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || matches!(c, '\u{FFFE}' | '\u{FFFF}') => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// JUnit XML as Jenkins' `junit-10.xsd` defines it (what Jenkins, GitLab and
/// Azure read): a test suite per claims file (its path from the repository's
/// root in `file`), a test case per anchor (and per problem with a file),
/// named uniquely in its suite, errors as failures with the place, message
/// and word diff, warnings and info in `system-out`.
pub(super) fn junit(report: &Report, o: &Options, out: &mut dyn Write) -> io::Result<()> {
    let mut suites: Vec<(String, Vec<Finding>)> = Vec::new();
    for f in report.findings() {
        match suites.iter_mut().find(|(file, _)| *file == f.file) {
            Some((_, fs)) => fs.push(f.into_owned()),
            None => suites.push((f.file.clone(), vec![f.into_owned()])),
        }
    }
    let failures = |fs: &[Finding]| {
        fs.iter()
            .filter(|f| f.effective() == Severity::Error)
            .count()
    };
    let total: usize = suites.iter().map(|(_, fs)| fs.len()).sum();
    let failed: usize = suites.iter().map(|(_, fs)| failures(fs)).sum();
    writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(
        out,
        r#"<testsuites name="claimtrack" tests="{total}" failures="{failed}" errors="0">"#
    )?;
    for (file, fs) in &suites {
        let path = format!("{}{file}", o.repo_prefix);
        writeln!(
            out,
            r#"  <testsuite name="{}" tests="{}" failures="{}" errors="0" skipped="0" file="{}">"#,
            xml(file),
            fs.len(),
            failures(fs),
            xml(&path)
        )?;
        let mut names = std::collections::HashSet::new();
        for f in fs {
            let base = match (&f.claim, f.anchor) {
                (Some(c), Some(a)) => format!("{c} {a}"),
                (Some(c), None) => c.clone(),
                (None, _) => format!("{}:{}", f.file, f.line),
            };
            // A name once per suite: CI servers key a test's history by it.
            let mut name = base.clone();
            if names.contains(&name) {
                name = format!("{base} (line {})", f.line);
            }
            let mut k = 2;
            while names.contains(&name) {
                name = format!("{base} (line {}, {k})", f.line);
                k += 1;
            }
            names.insert(name.clone());
            write!(
                out,
                r#"    <testcase classname="{}" name="{}""#,
                xml(file),
                xml(&name),
            )?;
            let body = format!("{path}:{}: {}", f.line, full_message(f));
            match f.effective() {
                Severity::Ok => writeln!(out, "/>")?,
                Severity::Error => {
                    writeln!(out, ">")?;
                    writeln!(
                        out,
                        r#"      <failure type="{}" message="{}">{}</failure>"#,
                        f.status.code(),
                        xml(&describe::message(f)),
                        xml(&body)
                    )?;
                    writeln!(out, "    </testcase>")?;
                }
                Severity::Warning | Severity::Info => {
                    writeln!(out, ">")?;
                    writeln!(
                        out,
                        "      <system-out>{}[{}]: {}</system-out>",
                        if f.effective() == Severity::Warning {
                            "warning"
                        } else {
                            "info"
                        },
                        f.status.code(),
                        xml(&body)
                    )?;
                    writeln!(out, "    </testcase>")?;
                }
            }
        }
        writeln!(out, "  </testsuite>")?;
    }
    writeln!(out, "</testsuites>")
}

/// GitLab Code Quality: one issue per finding that is not ok.
pub(super) fn gitlab(report: &Report, o: &Options, out: &mut dyn Write) -> io::Result<()> {
    let mut prints = Prints::default();
    let issues: Vec<Value> = report
        .findings()
        .filter_map(|f| {
            let severity = match f.effective() {
                Severity::Error => "major",
                Severity::Warning => "minor",
                Severity::Info => "info",
                Severity::Ok => return None,
            };
            let who = match (&f.claim, f.anchor) {
                (Some(c), Some(a)) => format!("claim {c} ({a}): "),
                (Some(c), None) => format!("claim {c}: "),
                _ => String::new(),
            };
            Some(json!({
                "description": format!(
                    "{who}{}{}",
                    describe::message(&f),
                    super::finding_diff(&f, super::Paint { on: false })
                        .map(|d| format!(" — diff ({}): {d}", super::diff_label(&f)))
                        .unwrap_or_default()
                ),
                "check_name": f.status.code(),
                "fingerprint": prints.of(&f),
                "severity": severity,
                "location": {
                    "path": format!("{}{}", o.repo_prefix, f.file),
                    "lines": { "begin": f.line.max(1) },
                },
            }))
        })
        .collect();
    serde_json::to_writer_pretty(&mut *out, &issues)?;
    writeln!(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprints_are_stable_and_tell_parts_apart() {
        assert_eq!(fingerprint(&["a", "b"]), fingerprint(&["a", "b"]));
        assert_ne!(fingerprint(&["ab", ""]), fingerprint(&["a", "b"]));
        assert_eq!(fingerprint(&[]), "cbf29ce484222325");
    }

    #[test]
    fn xml_text_escapes_markup_and_replaces_forbidden_controls() {
        assert_eq!(
            xml("<a href=\"x\">&'\u{1b}</a>"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&apos;\u{FFFD}&lt;/a&gt;"
        );
    }

    #[test]
    fn a_span_over_lines_ends_on_its_last_line() {
        assert_eq!(end_of(3, 5, "ab"), (3, 7));
        assert_eq!(end_of(3, 5, "ab\ncde"), (4, 4));
    }
}
