//! W3C Web Annotations (JSON-LD): one annotation per anchor, positioned only where the quote stands now.

use std::io::Write;

use anyhow::Result;

use super::Snapshot;
use crate::annotation::{self, Export};
use crate::check::finding::Severity;
use crate::claim::AnchorKind;

/// The page's IRI: one page holds every annotation of the project.
const PAGE_ID: &str = "urn:claimtrack:annotations";

impl Snapshot<'_> {
    /// Writes the `AnnotationPage` to `out` as it goes, one claims file at a
    /// time (the bytes `serde_json::to_string_pretty` gives the whole page),
    /// and returns `claim (anchor)` of each quote that does not stand in its
    /// document now.
    pub(crate) fn w3c(&self, out: &mut dyn Write) -> Result<Vec<String>> {
        let mut unplaced = Vec::new();
        let mut first = true;
        writeln!(out, "{{")?;
        writeln!(
            out,
            "  \"@context\": {},",
            serde_json::to_string(annotation::CONTEXT)?
        )?;
        writeln!(out, "  \"id\": {},", serde_json::to_string(PAGE_ID)?)?;
        write!(out, "  \"items\": [")?;
        self.each_file(
            |file, verdicts| {
                let mut unplaced = Vec::new();
                // Each item as the whole page's pretty printer nests it, four
                // spaces in, and a comma before all but the first.
                let mut items = String::new();
                for c in &file.claims {
                    for a in &c.anchors {
                        let field = |k: &str| self.field(&a.doc, k).map(String::as_str);
                        let (status, found) = verdicts.get(&c.id, a.kind);
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
                        if !items.is_empty() {
                            items.push(',');
                        }
                        items.push_str("\n    ");
                        items.push_str(&serde_json::to_string_pretty(&v)?.replace('\n', "\n    "));
                    }
                }
                Ok((items, unplaced))
            },
            |(items, mut these)| {
                if !items.is_empty() {
                    if !first {
                        out.write_all(b",")?;
                    }
                    out.write_all(items.as_bytes())?;
                    first = false;
                }
                unplaced.append(&mut these);
                Ok(())
            },
        )?;
        writeln!(out, "{}],", if first { "" } else { "\n  " })?;
        writeln!(out, "  \"type\": \"AnnotationPage\"")?;
        writeln!(out, "}}")?;
        Ok(unplaced)
    }
}
