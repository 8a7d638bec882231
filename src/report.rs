//! Findings and the report: one finding per anchor (intact ones included) and
//! per problem, with stable codes, severities and the exit-code contract.

use std::borrow::Cow;

use serde::Serialize;

use crate::claim::AnchorKind;
use crate::corpus::Corpus;
use crate::plan::Plan;

/// What was found for an anchor, or what kept it from being checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    Intact,
    Moved,
    Normalized,
    Ambiguous,
    Altered,
    Missing,
    DocMissing,
    DocUnreadable,
    InvalidClaim,
    InvalidMetadata,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Severity {
    Ok,
    Warning,
    Error,
}

impl Status {
    pub const ALL: [Status; 10] = [
        Status::Intact,
        Status::Moved,
        Status::Normalized,
        Status::Ambiguous,
        Status::Altered,
        Status::Missing,
        Status::DocMissing,
        Status::DocUnreadable,
        Status::InvalidClaim,
        Status::InvalidMetadata,
    ];

    /// The stable finding code.
    pub fn code(self) -> &'static str {
        match self {
            Status::Intact => "quote-intact",
            Status::Moved => "quote-moved",
            Status::Normalized => "quote-normalized",
            Status::Ambiguous => "quote-ambiguous",
            Status::Altered => "quote-altered",
            Status::Missing => "quote-missing",
            Status::DocMissing => "doc-missing",
            Status::DocUnreadable => "doc-unreadable",
            Status::InvalidClaim => "invalid-claim",
            Status::InvalidMetadata => "invalid-metadata",
        }
    }

    /// The status word, as in JSON `status` and the summary line.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Intact => "intact",
            Status::Moved => "moved",
            Status::Normalized => "normalized",
            Status::Ambiguous => "ambiguous",
            Status::Altered => "altered",
            Status::Missing => "missing",
            Status::DocMissing => "doc-missing",
            Status::DocUnreadable => "doc-unreadable",
            Status::InvalidClaim => "invalid-claim",
            Status::InvalidMetadata => "invalid-metadata",
        }
    }

    pub fn severity(self) -> Severity {
        match self {
            Status::Intact => Severity::Ok,
            Status::Moved | Status::Normalized => Severity::Warning,
            _ => Severity::Error,
        }
    }

    /// One line of meaning, as listed in the README.
    pub fn meaning(self) -> &'static str {
        match self {
            Status::Intact => {
                "the quote is at its recorded `start` (or, unpinned, occurs once or its context singles it out)"
            }
            Status::Moved => {
                "the exact quote is elsewhere in the document; `--fix` pins the new place"
            }
            Status::Normalized => {
                "the quote matches only after folding typography (quotes, dashes, spaces, invisible characters, look-alike letters); `--fix` copies the document's characters"
            }
            Status::Ambiguous => {
                "the quote occurs several times and neither context nor `start` singles one out"
            }
            Status::Altered => {
                "the words changed: only an approximate match (within a third of the quote's length in edits) was found"
            }
            Status::Missing => "nothing in the document is close to the quote",
            Status::DocMissing => "the claim names a document that is not in `corpus/`",
            Status::DocUnreadable => "the document cannot be read or is not valid UTF-8",
            Status::InvalidClaim => "a claims file is not valid TOML or a record breaks the format",
            Status::InvalidMetadata => {
                "a document's metadata file has an unknown key or a bad value"
            }
        }
    }
}

/// A code-point range as recorded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Range {
    pub start: usize,
    pub end: usize,
}

/// Where the quote stands in the document now.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Found {
    pub start: usize,
    pub end: usize,
    pub line: usize,
    pub column: usize,
    pub text: String,
}

/// One piece of a word diff of quote (delete) against document (insert).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DiffPart {
    pub op: &'static str,
    pub text: String,
}

/// The document's line around a span, for people.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Excerpt {
    pub line: usize,
    /// Visible text (already cut to a window, with `…` where cut).
    pub text: String,
    /// Underline start and length, in chars of `text`.
    pub mark_start: usize,
    pub mark_len: usize,
}

/// What `--fix` would write into an anchor.
#[derive(Debug, Clone, PartialEq)]
pub struct Fix {
    pub claim_index: usize,
    pub anchor: AnchorKind,
    pub start: usize,
    pub prefix: String,
    pub suffix: String,
    /// Replacement quote (the document's own characters), for normalized anchors.
    pub quote: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    pub claim: Option<String>,
    pub anchor: Option<String>,
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub doc: Option<String>,
    pub status: Status,
    pub severity: Severity,
    pub code: &'static str,
    pub recorded: Option<Range>,
    pub found: Option<Found>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub similarity: Option<f64>,
    pub message: String,
    pub details: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub diff: Option<Vec<DiffPart>>,
    #[serde(skip)]
    pub excerpt: Option<Box<Excerpt>>,
    #[serde(skip)]
    pub fix: Option<Box<Fix>>,
    /// Set when `--fix` rewrote this anchor.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub fixed: bool,
}

impl Finding {
    /// A finding with only the required parts; callers fill in the rest.
    pub fn new(status: Status, file: &str, line: usize, message: String) -> Finding {
        Finding {
            claim: None,
            anchor: None,
            file: file.to_string(),
            line,
            column: 1,
            doc: None,
            status,
            severity: status.severity(),
            code: status.code(),
            recorded: None,
            found: None,
            similarity: None,
            message,
            details: Vec::new(),
            diff: None,
            excerpt: None,
            fix: None,
            fixed: false,
        }
    }

    /// The severity that counts for the exit code (a fixed anchor counts as ok).
    pub fn effective(&self) -> Severity {
        if self.fixed {
            Severity::Ok
        } else {
            self.severity
        }
    }
}

/// Counts of the report, as in JSON `summary`.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Summary {
    pub claims: usize,
    pub anchors: usize,
    pub files: usize,
    pub errors: usize,
    pub warnings: usize,
    pub fixed: usize,
    /// Findings per status, in the fixed order of `Status::ALL`, zeros omitted.
    pub by_status: std::collections::BTreeMap<&'static str, usize>,
}

/// Where an intact quote stands in its document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Spot {
    pub start: usize,
    pub end: usize,
    pub line: u32,
    pub column: u32,
}

/// One finding of a report, as kept in memory.
#[derive(Debug)]
pub enum Entry {
    /// An intact anchor with nothing to fix, kept packed (most anchors are
    /// intact): its finding is built from the plan when it is rendered.
    Intact { file: u32, anchor: u32, found: Spot },
    /// Any other finding; `order` is 1 + the anchor's index in its claims
    /// file, or 0 for a finding about the file itself.
    Full { order: u32, finding: Box<Finding> },
}

impl Entry {
    fn status(&self) -> Status {
        match self {
            Entry::Intact { .. } => Status::Intact,
            Entry::Full { finding, .. } => finding.status,
        }
    }

    fn effective(&self) -> Severity {
        match self {
            Entry::Intact { .. } => Severity::Ok,
            Entry::Full { finding, .. } => finding.effective(),
        }
    }
}

/// Everything one run found, in claims-file order; borrows the packed claims
/// and the corpus index it was checked against.
#[derive(Debug)]
pub struct Report<'a> {
    pub claims: usize,
    pub anchors: usize,
    pub(crate) entries: Vec<Entry>,
    pub(crate) plan: &'a Plan,
    pub(crate) corpus: &'a Corpus,
}

impl<'a> Report<'a> {
    /// Every finding in order; intact anchors are built on the fly.
    pub fn findings(&self) -> impl Iterator<Item = Cow<'_, Finding>> + '_ {
        self.findings_but_intact(false)
    }

    /// Every finding in order, without those of intact anchors when `skip_intact`.
    pub fn findings_but_intact(
        &self,
        skip_intact: bool,
    ) -> impl Iterator<Item = Cow<'_, Finding>> + '_ {
        let entries = self
            .entries
            .iter()
            .filter(move |e| !(skip_intact && e.status() == Status::Intact));
        entries.map(|e| match e {
            Entry::Full { finding, .. } => Cow::Borrowed(&**finding),
            Entry::Intact {
                file,
                anchor,
                found,
            } => Cow::Owned(crate::check::intact_finding(
                self.plan,
                self.corpus,
                *file as usize,
                *anchor as usize,
                *found,
            )),
        })
    }

    /// Findings kept whole (everything but plain intact anchors), for `--fix`.
    pub fn full_findings_mut(&mut self) -> impl Iterator<Item = &mut Finding> + '_ {
        self.entries.iter_mut().filter_map(|e| match e {
            Entry::Full { finding, .. } => Some(&mut **finding),
            Entry::Intact { .. } => None,
        })
    }

    pub fn summary(&self) -> Summary {
        let mut s = Summary {
            claims: self.claims,
            anchors: self.anchors,
            files: self.plan.files.len(),
            ..Summary::default()
        };
        for e in &self.entries {
            *s.by_status.entry(e.status().as_str()).or_default() += 1;
            match e.effective() {
                Severity::Error => s.errors += 1,
                Severity::Warning => s.warnings += 1,
                Severity::Ok => {}
            }
            s.fixed += usize::from(matches!(e, Entry::Full { finding, .. } if finding.fixed));
        }
        s
    }

    /// The exit code: 0 clean, 1 an error (or a warning under `--deny warnings`).
    pub fn exit_code(&self, deny_warnings: bool) -> u8 {
        exit_code(self.entries.iter().map(Entry::effective), deny_warnings)
    }
}

/// The exit code for findings of these severities.
pub fn exit_code(severities: impl Iterator<Item = Severity>, deny_warnings: bool) -> u8 {
    match severities.max().unwrap_or(Severity::Ok) {
        Severity::Error => 1,
        Severity::Warning if deny_warnings => 1,
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_intact_anchor_is_kept_in_a_small_entry() {
        // 100k intact anchors must cost a few MB, not the size of a finding each.
        assert!(
            std::mem::size_of::<Entry>() <= 40,
            "{}",
            std::mem::size_of::<Entry>()
        );
        assert!(std::mem::size_of::<Finding>() > 4 * std::mem::size_of::<Entry>());
    }
}
