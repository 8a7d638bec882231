//! W3C Web Annotations (JSON-LD): one annotation per anchor, positioned only where the quote stands now.

use serde_json::{Value, json};

use super::Snapshot;
use crate::annotation::{self, Export};
use crate::check::finding::Severity;
use crate::claim::AnchorKind;

/// The page's IRI: one page holds every annotation of the project.
const PAGE_ID: &str = "urn:claimtrack:annotations";

/// An `AnnotationPage`, and the anchors exported without a position.
pub(crate) struct Annotations {
    pub(crate) page: Value,
    /// `claim (anchor)` of each quote that does not stand in its document now.
    pub(crate) unplaced: Vec<String>,
}

impl Snapshot<'_> {
    pub(crate) fn w3c(&self) -> Annotations {
        let mut items = Vec::new();
        let mut unplaced = Vec::new();
        for c in self.claims() {
            for a in &c.anchors {
                let field = |k: &str| self.field(&a.doc, k).map(String::as_str);
                let (status, found) = self.verdict(&c.id, a.kind);
                // Only a quote that stands in the document has a position.
                let placed = found.filter(|_| status.severity() < Severity::Error);
                let (start, end) = match &placed {
                    Some(f) => (f.start, f.end),
                    None => {
                        unplaced.push(format!("{} ({})", c.id, a.kind));
                        (0, 0)
                    }
                };
                let e = Export {
                    claim: &c.id,
                    evidence: match a.kind {
                        AnchorKind::Quote => None,
                        AnchorKind::Evidence(i) => Some(i + 1),
                    },
                    statement: &c.statement,
                    level: c.level.as_str(),
                    attributed_to: c.attributed_to.as_deref(),
                    fact: c.fact.as_deref(),
                    tags: &c.tags,
                    notes: c.notes.as_deref(),
                    note: a.note.as_deref(),
                    logged_by: c.logged_by.as_deref(),
                    logged_at: c.logged_at.as_deref(),
                    source: field("url")
                        .map_or_else(|| annotation::doc_urn(&a.doc), str::to_string),
                    retrieved: field("retrieved"),
                    // What the position selects: the document's own
                    // characters where a normalized quote differs from them.
                    quote: placed.as_ref().map_or(&a.quote, |f| &f.text),
                    prefix: a.prefix.as_deref().unwrap_or(""),
                    suffix: a.suffix.as_deref().unwrap_or(""),
                    start,
                    end,
                };
                let mut v = annotation::to_w3c(&e);
                if placed.is_none() {
                    // The recorded quote, but no place: its position would be a guess.
                    if let Some(sel) = v["target"]["selector"].as_array_mut() {
                        sel.retain(|s| s["type"] != "TextPositionSelector");
                    }
                }
                items.push(v);
            }
        }
        let page = json!({
            "@context": annotation::CONTEXT,
            "id": PAGE_ID,
            "type": "AnnotationPage",
            "items": items,
        });
        Annotations { page, unplaced }
    }
}
