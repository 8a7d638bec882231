//! Claims, their verdicts now and their facts, in the shapes other tools read: W3C Web Annotations, schema.org ClaimReview, SQLite.

mod claimreview;
mod sqlite;
mod w3c;

use std::collections::HashMap;

use crate::check::Options;
use crate::check::finding::{Found, Status};
use crate::claim::{AnchorKind, Claim};
use crate::project::{Loaded, Metadata};

/// What an export reads: the loaded project, what `check` says of each anchor
/// now, and each document's metadata.
pub(crate) struct Snapshot<'a> {
    loaded: &'a Loaded,
    verdicts: HashMap<(String, AnchorKind), (Status, Option<Found>)>,
    meta: HashMap<&'a str, Metadata>,
}

impl<'a> Snapshot<'a> {
    /// Checks every anchor once and reads every document's metadata.
    pub(crate) fn of(loaded: &'a Loaded) -> Self {
        let report = loaded.check(&Options::default());
        let verdicts = report
            .findings()
            .filter_map(|f| Some(((f.claim.clone()?, f.anchor?), (f.status, f.found.clone()))))
            .collect();
        let meta = loaded
            .corpus
            .docs
            .iter()
            .map(|(id, e)| (id.as_str(), loaded.project.metadata(e)))
            .collect();
        Snapshot {
            loaded,
            verdicts,
            meta,
        }
    }

    fn claims(&self) -> impl Iterator<Item = &'a Claim> + use<'a> {
        self.loaded.files.iter().flat_map(|f| &f.claims)
    }

    /// The verdict and place of one anchor now (missing when `check` said nothing of it).
    fn verdict(&self, claim: &str, kind: AnchorKind) -> (Status, Option<Found>) {
        self.verdicts
            .get(&(claim.to_string(), kind))
            .cloned()
            .unwrap_or((Status::Missing, None))
    }

    /// One metadata field of a document.
    fn field(&self, doc: &str, key: &str) -> Option<&String> {
        self.meta.get(doc).and_then(|m| m.fields.get(key))
    }

    /// How many claims there are, for the summary line.
    pub(crate) fn claim_count(&self) -> usize {
        self.claims().count()
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
        ids.extend(self.claims().filter_map(|c| c.fact.as_deref()));
        ids.len()
    }
}
