//! Claims, their verdicts now and their facts, in the shapes other tools read: W3C Web Annotations, schema.org ClaimReview, SQLite.

mod claimreview;
mod sqlite;
mod w3c;

use std::collections::HashMap;

use anyhow::Result;
use rayon::prelude::*;

use crate::check::Options;
use crate::check::finding::{Found, Status};
use crate::check::report::{Entry, Report};
use crate::claim::{AnchorKind, ClaimFile};
use crate::project::{Loaded, Metadata};

/// Claims files parsed whole at a time, in parallel: what an export holds of
/// the claims log besides the packed plan.
const BATCH: usize = 16;

/// What an export reads: the project loaded packed, what `check` says of each
/// anchor now, and each document's metadata. The claims are read whole again
/// a batch of files at a time (`each_file`), so an export of an archive holds
/// one batch of records, not the whole log.
pub(crate) struct Snapshot<'a> {
    loaded: &'a Loaded,
    report: Report<'a>,
    /// The indexes of the report's entries about each claims file's anchors,
    /// by the file's index in the plan.
    by_file: Vec<Vec<u32>>,
    meta: HashMap<&'a str, Metadata>,
}

/// What `check` says of the anchors of one claims file now.
pub(crate) struct Verdicts(HashMap<(String, AnchorKind), (Status, Option<Found>)>);

impl Verdicts {
    /// A claim's verdict: the worst of its anchors' (intact when it has none).
    pub(crate) fn worst(&self, c: &crate::claim::Claim) -> Status {
        c.anchors
            .iter()
            .map(|a| self.get(&c.id, a.kind).0)
            .max_by_key(|s| (s.severity(), *s))
            .unwrap_or(Status::Intact)
    }

    /// The status of one anchor now, when `check` said something of it.
    pub(crate) fn status(&self, claim: &str, kind: AnchorKind) -> Option<Status> {
        self.0.get(&(claim.to_string(), kind)).map(|(s, _)| *s)
    }

    /// The verdict and place of one anchor now (missing when `check` said nothing of it).
    fn get(&self, claim: &str, kind: AnchorKind) -> (Status, Option<Found>) {
        self.0
            .get(&(claim.to_string(), kind))
            .cloned()
            .unwrap_or((Status::Missing, None))
    }
}

impl<'a> Snapshot<'a> {
    /// Checks every anchor once and reads the metadata of every document
    /// that has some. `loaded` is packed (`Records::Packed`).
    #[expect(
        clippy::cast_possible_truncation,
        reason = "a report holds fewer than 2^32 entries (one per anchor)"
    )]
    pub(crate) fn of(loaded: &'a Loaded) -> Self {
        let report = loaded.check(&Options::default());
        let index: HashMap<&str, usize> = loaded
            .plan
            .files
            .iter()
            .enumerate()
            .map(|(i, f)| (f.path.as_str(), i))
            .collect();
        let mut by_file = vec![Vec::new(); loaded.plan.files.len()];
        for (i, e) in report.entries.iter().enumerate() {
            let file = match e {
                Entry::Intact { file, .. } => Some(*file as usize),
                Entry::Full { finding, .. } => finding
                    .claim
                    .as_ref()
                    .and(finding.anchor)
                    .and_then(|_| index.get(finding.file.as_str()).copied()),
            };
            if let Some(f) = file {
                by_file[f].push(i as u32);
            }
        }
        let meta = loaded
            .corpus
            .docs
            .iter()
            .filter(|(_, e)| e.has_meta)
            .map(|(id, e)| (id.as_str(), loaded.project.metadata(e)))
            .collect();
        Snapshot {
            loaded,
            report,
            by_file,
            meta,
        }
    }

    /// Every claims file in path order, parsed whole, with what `check` said
    /// of its anchors, handed to `map` (on both cores, `BATCH` files at a
    /// time) and what it makes to `consume`, in path order. A file changed
    /// since the check is an error (its verdicts would belong to other claims).
    pub(crate) fn each_file<T: Send>(
        &self,
        map: impl Fn(ClaimFile, Verdicts) -> Result<T> + Sync,
        mut consume: impl FnMut(T) -> Result<()>,
    ) -> Result<()> {
        let plan = &self.loaded.plan;
        let all: Vec<usize> = (0..plan.files.len()).collect();
        let make = |fi: usize| {
            let packed = &plan.files[fi];
            let file = self.loaded.project.reparse(packed)?;
            let verdicts = self.by_file[fi]
                .iter()
                .filter_map(|&i| {
                    let f = self.report.entries[i as usize].finding(plan, &self.loaded.corpus);
                    Some(((f.claim.clone()?, f.anchor?), (f.status, f.found.clone())))
                })
                .collect();
            map(file, Verdicts(verdicts))
        };
        // The next batch is made while this one is consumed (a database
        // insert, a write): two batches in memory at most.
        std::thread::scope(|scope| {
            let (send, receive) = std::sync::mpsc::sync_channel::<Vec<Result<T>>>(1);
            scope.spawn(move || {
                for batch in all.chunks(BATCH) {
                    let made = batch.par_iter().map(|&fi| make(fi)).collect();
                    if send.send(made).is_err() {
                        return;
                    }
                }
            });
            for made in receive {
                for m in made {
                    consume(m?)?;
                }
            }
            Ok(())
        })
    }

    /// What `check` said of every anchor and file.
    pub(crate) fn report(&self) -> &Report<'a> {
        &self.report
    }

    /// One metadata field of a document.
    fn field(&self, doc: &str, key: &str) -> Option<&String> {
        self.meta.get(doc).and_then(|m| m.fields.get(key))
    }

    /// How many claims there are, for the summary line.
    pub(crate) fn claim_count(&self) -> usize {
        self.loaded
            .plan
            .files
            .iter()
            .map(|f| f.claims().count())
            .sum()
    }

    /// The facts the export holds: those of the facts file and those only
    /// claims name.
    pub(crate) fn fact_count(&self) -> usize {
        let mut ids: std::collections::HashSet<&str> = self
            .loaded
            .plan
            .facts
            .facts
            .iter()
            .map(|f| f.id.as_str())
            .collect();
        ids.extend(
            self.loaded
                .plan
                .files
                .iter()
                .flat_map(|f| f.claims().filter_map(|c| c.fact)),
        );
        ids.len()
    }
}
