//! What `check` needs of the claims, packed: per claims file, every id, doc id
//! and quote in one string, so a log of 100k claims costs a few tens of MB.

use std::ops::Range;

use rayon::prelude::*;

use crate::claim::{AnchorKind, ClaimFile, Problem};

/// A packed string: a range of a file's `text`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Str {
    at: u32,
    len: u32,
}

const NONE: Str = Str {
    at: u32::MAX,
    len: 0,
};

/// One claim, packed.
#[derive(Debug)]
struct PackedClaim {
    id: Str,
    doc: Str,
    /// Retracted or superseded: findings are at most `info`.
    retired: bool,
    superseded_by: Str,
    fact: Str,
    line: u32,
    index: u32,
    anchors: Range<u32>,
    /// What `check` holds of the claim's attribution; most claims have none.
    held: Option<Box<Held>>,
}

/// A claim's attribution as recorded, which `check` holds against the
/// document: the level, the cues and what its marks stood for.
#[derive(Debug, Clone)]
pub(crate) struct Held {
    pub(crate) level: crate::claim::Level,
    pub(crate) attribution: Option<crate::claim::Attribution>,
    pub(crate) stands_for: Option<Vec<String>>,
    pub(crate) stands_for_line: usize,
}

/// One anchor, packed.
#[derive(Debug)]
struct PackedAnchor {
    claim: u32,
    /// 0 for the claim's quote, i + 1 for `evidence[i]`.
    kind: u32,
    line: u32,
    doc: Str,
    quote: Str,
    prefix: Str,
    suffix: Str,
    start: Option<u64>,
}

/// One claims file, packed.
#[derive(Debug, Default)]
pub(crate) struct FilePlan {
    /// Path as shown to people, relative to the project root.
    pub(crate) path: String,
    /// Where the file is on disk (its name may not be UTF-8).
    pub(crate) disk: std::path::PathBuf,
    pub(crate) problems: Vec<Problem>,
    text: String,
    claims: Vec<PackedClaim>,
    anchors: Vec<PackedAnchor>,
}

/// A claim as `check` sees it.
#[derive(Debug, Clone)]
pub(crate) struct ClaimView<'a> {
    pub(crate) id: &'a str,
    pub(crate) doc: &'a str,
    /// Line of the `[[claim]]` header.
    pub(crate) line: usize,
    /// Indexes of its anchors in the file (the quote first).
    pub(crate) anchors: Range<usize>,
    pub(crate) superseded_by: Option<&'a str>,
    pub(crate) fact: Option<&'a str>,
}

/// An anchor as `check` sees it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct AnchorView<'a> {
    pub(crate) claim_id: &'a str,
    pub(crate) claim_index: usize,
    pub(crate) kind: AnchorKind,
    pub(crate) doc: &'a str,
    pub(crate) quote: &'a str,
    pub(crate) start: Option<usize>,
    pub(crate) prefix: Option<&'a str>,
    pub(crate) suffix: Option<&'a str>,
    /// Line of the `quote` key in the claims file.
    pub(crate) line: usize,
    /// Its claim is retracted or superseded.
    pub(crate) retired: bool,
    /// The claim's attribution to hold, on its quote's anchor only.
    pub(crate) held: Option<&'a Held>,
}

impl FilePlan {
    /// Packs a parsed file; fields `check` does not read (statement, level, tags,
    /// notes) are left behind.
    pub(crate) fn pack(file: &ClaimFile) -> FilePlan {
        let mut plan = FilePlan {
            path: file.path.clone(),
            disk: file.disk.clone(),
            problems: file.problems.clone(),
            ..FilePlan::default()
        };
        let size: usize = file
            .claims
            .iter()
            .map(|c| {
                c.id.len()
                    + c.doc.len()
                    + c.anchors
                        .iter()
                        .map(|a| {
                            a.doc.len()
                                + a.quote.len()
                                + a.prefix.as_ref().map_or(0, String::len)
                                + a.suffix.as_ref().map_or(0, String::len)
                        })
                        .sum::<usize>()
            })
            .sum();
        plan.text.reserve_exact(size);
        plan.claims.reserve_exact(file.claims.len());
        plan.anchors
            .reserve_exact(file.claims.iter().map(|c| c.anchors.len()).sum());
        for c in &file.claims {
            plan.push_claim(c);
        }
        plan
    }

    /// Packs a claims file's text as it is parsed, one claim at a time, so
    /// the full records of a large file are never all alive at once.
    pub(crate) fn parse(path: String, disk: std::path::PathBuf, src: &str) -> FilePlan {
        let mut plan = FilePlan {
            path,
            disk,
            ..FilePlan::default()
        };
        plan.problems = crate::claim::parse_claims_each(src, |c| plan.push_claim(&c));
        plan.text.shrink_to_fit();
        plan.claims.shrink_to_fit();
        plan.anchors.shrink_to_fit();
        plan
    }

    /// Packs one claim: what `check` reads of it.
    #[expect(
        clippy::cast_possible_truncation,
        reason = "a claims file is at most project::MAX_TEXT_SIZE (256 MiB): its lines, claims, anchors and evidence number fewer than 2^32"
    )]
    fn push_claim(&mut self, c: &crate::claim::Claim) {
        let id = self.push(&c.id);
        let doc = self.push(&c.doc);
        let first = self.anchors.len() as u32;
        for a in &c.anchors {
            let packed = PackedAnchor {
                claim: self.claims.len() as u32,
                kind: match a.kind {
                    AnchorKind::Quote => 0,
                    AnchorKind::Evidence(i) => i as u32 + 1,
                },
                line: a.line as u32,
                doc: self.push(&a.doc),
                quote: self.push(&a.quote),
                prefix: a.prefix.as_deref().map_or(NONE, |s| self.push(s)),
                suffix: a.suffix.as_deref().map_or(NONE, |s| self.push(s)),
                start: a.start.map(|s| s as u64),
            };
            self.anchors.push(packed);
        }
        let superseded_by = c.superseded_by.as_deref().map_or(NONE, |s| self.push(s));
        let held = (c.attribution.is_some() || c.stands_for.is_some()).then(|| {
            Box::new(Held {
                level: c.level,
                attribution: c.attribution.clone(),
                stands_for: c.stands_for.clone(),
                stands_for_line: c.stands_for_line,
            })
        });
        let fact = c.fact.as_deref().map_or(NONE, |s| self.push(s));
        self.claims.push(PackedClaim {
            id,
            doc,
            retired: c.status != crate::claim::ClaimStatus::Active,
            superseded_by,
            fact,
            line: c.line as u32,
            index: c.index as u32,
            anchors: first..self.anchors.len() as u32,
            held,
        });
    }

    #[expect(
        clippy::cast_possible_truncation,
        reason = "one file's strings, at most project::MAX_TEXT_SIZE (256 MiB) in all"
    )]
    fn push(&mut self, s: &str) -> Str {
        let at = self.text.len() as u32;
        self.text.push_str(s);
        Str {
            at,
            len: s.len() as u32,
        }
    }

    fn get(&self, s: Str) -> Option<&str> {
        (s != NONE).then(|| &self.text[s.at as usize..(s.at + s.len) as usize])
    }

    fn str(&self, s: Str) -> &str {
        self.get(s).unwrap_or_default()
    }

    pub(crate) fn claim(&self, i: usize) -> ClaimView<'_> {
        let c = &self.claims[i];
        ClaimView {
            id: self.str(c.id),
            doc: self.str(c.doc),
            line: c.line as usize,
            anchors: c.anchors.start as usize..c.anchors.end as usize,
            superseded_by: self.get(c.superseded_by),
            fact: self.get(c.fact),
        }
    }

    pub(crate) fn claims(&self) -> impl Iterator<Item = ClaimView<'_>> {
        (0..self.claims.len()).map(|i| self.claim(i))
    }

    pub(crate) fn anchor(&self, i: usize) -> AnchorView<'_> {
        let a = &self.anchors[i];
        let c = &self.claims[a.claim as usize];
        AnchorView {
            claim_id: self.str(c.id),
            claim_index: c.index as usize,
            kind: match a.kind {
                0 => AnchorKind::Quote,
                k => AnchorKind::Evidence(k as usize - 1),
            },
            doc: self.str(a.doc),
            quote: self.str(a.quote),
            start: a.start.and_then(|s| usize::try_from(s).ok()),
            prefix: self.get(a.prefix),
            suffix: self.get(a.suffix),
            line: a.line as usize,
            retired: c.retired,
            held: if a.kind == 0 { c.held.as_deref() } else { None },
        }
    }
}

/// Every claims file of a run, packed, in path order.
#[derive(Debug, Default)]
pub(crate) struct Plan {
    pub(crate) files: Vec<FilePlan>,
    /// `claims/facts.toml`, read.
    pub(crate) facts: crate::facts::Facts,
}

impl Plan {
    /// Packs parsed files (kept by the caller, e.g. for `table`).
    pub(crate) fn from_files(files: &[ClaimFile]) -> Plan {
        Plan {
            files: files.par_iter().map(FilePlan::pack).collect(),
            facts: crate::facts::Facts::default(),
        }
    }

    pub(crate) fn anchor(&self, file: usize, anchor: usize) -> AnchorView<'_> {
        self.files[file].anchor(anchor)
    }

    /// The document id of every anchor (with repeats).
    pub(crate) fn doc_ids(&self) -> impl Iterator<Item = &str> + '_ {
        self.files
            .iter()
            .flat_map(|f| f.anchors.iter().map(move |a| f.str(a.doc)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::claim::parse_claims;

    #[test]
    fn packing_keeps_every_field_check_reads() {
        let src = "[[claim]]\nid = \"a\"\nstatement = \"S\"\nlevel = \"confirmed\"\n\
                   doc = \"d\"\nquote = \"q’ 1\"\nstart = 5\nprefix = \"p\"\n\n\
                   [[claim.evidence]]\ndoc = \"e\"\nquote = \"second\"\n";
        let file = parse_claims("claims/x.toml", src);
        assert!(file.problems.is_empty(), "{:?}", file.problems);
        let plan = FilePlan::pack(&file);
        assert_eq!(plan.path, "claims/x.toml");
        let c = plan.claim(0);
        assert_eq!((c.id, c.doc, c.line, c.anchors), ("a", "d", 1, 0..2));
        let q = plan.anchor(0);
        assert_eq!(q.kind, AnchorKind::Quote);
        assert_eq!((q.doc, q.quote, q.start, q.line), ("d", "q’ 1", Some(5), 6));
        assert_eq!((q.prefix, q.suffix), (Some("p"), None));
        let e = plan.anchor(1);
        assert_eq!(e.kind, AnchorKind::Evidence(0));
        assert_eq!(
            (e.doc, e.quote, e.start, e.claim_id),
            ("e", "second", None, "a")
        );
        assert_eq!((e.prefix, e.suffix), (None, None));
    }
}
