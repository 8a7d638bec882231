//! The report of one run: every finding in claims-file order (intact anchors
//! kept packed), the summary counts and the exit-code contract.

use std::borrow::Cow;
use std::collections::BTreeMap;

use serde::Serialize;

use super::finding::{Finding, Severity, Status};
use super::plan::Plan;
use crate::corpus::Corpus;

/// The exit-code contract, decided here and only here.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// No finding of error severity (warnings allowed unless denied).
    Ok = 0,
    /// At least one finding of error severity (or a warning under `--deny warnings`).
    Findings = 1,
    /// The tool could not run: bad arguments, no `claims/` or `corpus/`.
    Error = 2,
}

impl Exit {
    /// The exit for findings of these severities.
    pub(crate) fn of(severities: impl Iterator<Item = Severity>, deny_warnings: bool) -> Exit {
        match severities.max().unwrap_or(Severity::Ok) {
            Severity::Error => Exit::Findings,
            Severity::Warning if deny_warnings => Exit::Findings,
            _ => Exit::Ok,
        }
    }

    pub fn code(self) -> u8 {
        self as u8
    }
}

impl From<Exit> for std::process::ExitCode {
    fn from(e: Exit) -> Self {
        std::process::ExitCode::from(e.code())
    }
}

/// Counts of the report, as in JSON `summary`.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub(crate) struct Summary {
    pub(crate) claims: usize,
    pub(crate) anchors: usize,
    pub(crate) files: usize,
    pub(crate) errors: usize,
    pub(crate) warnings: usize,
    /// Findings on retracted or superseded claims: shown, never failing.
    pub(crate) info: usize,
    pub(crate) fixed: usize,
    /// Findings per status, zeros omitted; written in JSON keyed by the
    /// status word, in alphabetical order of those words.
    #[serde(serialize_with = "by_status_word")]
    pub(crate) by_status: BTreeMap<Status, usize>,
}

fn by_status_word<S: serde::Serializer>(
    m: &BTreeMap<Status, usize>,
    s: S,
) -> Result<S::Ok, S::Error> {
    let words: BTreeMap<&str, usize> = m.iter().map(|(k, v)| (k.as_str(), *v)).collect();
    words.serialize(s)
}

/// Where an intact quote stands in its document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Spot {
    pub(crate) start: usize,
    pub(crate) end: usize,
    pub(crate) line: u32,
    pub(crate) column: u32,
}

/// One finding of a report, as kept in memory.
#[derive(Debug)]
pub(crate) enum Entry {
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

    /// The finding of this entry; an intact one is built from the plan.
    pub(crate) fn finding<'r>(&'r self, plan: &Plan, corpus: &Corpus) -> Cow<'r, Finding> {
        match self {
            Entry::Full { finding, .. } => Cow::Borrowed(&**finding),
            Entry::Intact {
                file,
                anchor,
                found,
            } => Cow::Owned(super::intact_finding(
                plan,
                corpus,
                *file as usize,
                *anchor as usize,
                *found,
            )),
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
pub(crate) struct Report<'a> {
    /// Claims files read for this run (those a selection touched, with one).
    pub(crate) files: usize,
    pub(crate) claims: usize,
    pub(crate) anchors: usize,
    pub(crate) entries: Vec<Entry>,
    pub(crate) plan: &'a Plan,
    pub(crate) corpus: &'a Corpus,
}

impl Report<'_> {
    /// Every finding in order; intact anchors are built on the fly.
    pub(crate) fn findings(&self) -> impl Iterator<Item = Cow<'_, Finding>> + '_ {
        self.findings_but_intact(false)
    }

    /// Every finding in order, without those of intact anchors when `skip_intact`.
    pub(crate) fn findings_but_intact(
        &self,
        skip_intact: bool,
    ) -> impl Iterator<Item = Cow<'_, Finding>> + '_ {
        let entries = self
            .entries
            .iter()
            .filter(move |e| !(skip_intact && e.status() == Status::Intact));
        entries.map(|e| e.finding(self.plan, self.corpus))
    }

    /// Findings kept whole (everything but plain intact anchors), for `--fix`.
    pub(crate) fn full_findings_mut(&mut self) -> impl Iterator<Item = &mut Finding> + '_ {
        self.entries.iter_mut().filter_map(|e| match e {
            Entry::Full { finding, .. } => Some(&mut **finding),
            Entry::Intact { .. } => None,
        })
    }

    pub(crate) fn summary(&self) -> Summary {
        let mut s = Summary {
            claims: self.claims,
            anchors: self.anchors,
            files: self.files,
            ..Summary::default()
        };
        for e in &self.entries {
            *s.by_status.entry(e.status()).or_default() += 1;
            match e.effective() {
                Severity::Error => s.errors += 1,
                Severity::Warning => s.warnings += 1,
                Severity::Info => s.info += 1,
                Severity::Ok => {}
            }
            s.fixed += usize::from(matches!(e, Entry::Full { finding, .. } if finding.fixed));
        }
        s
    }

    /// The exit: findings of error severity (or warnings, when denied).
    pub(crate) fn exit(&self, deny_warnings: bool) -> Exit {
        Exit::of(self.entries.iter().map(Entry::effective), deny_warnings)
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
