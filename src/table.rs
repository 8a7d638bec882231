//! Confidence tables: claims joined with a live check, filtered and grouped by
//! claim, fact, document or source, with the confidence rule for facts.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use crate::claim::{AnchorKind, Claim, ClaimFile, Level};
use crate::cli::TableBy;
use crate::report::{Report, Severity, Status};

/// What a column holds, for colouring and for JSON types.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Text,
    Number,
    Level,
    Status,
    Confidence,
}

/// A rendered-format-independent table.
#[derive(Debug, Clone, PartialEq)]
pub struct Grid {
    pub headers: Vec<&'static str>,
    pub kinds: Vec<Kind>,
    pub rows: Vec<Vec<String>>,
    pub totals: Vec<String>,
}

/// How well a fact is sourced, best first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Confidence {
    Confirmed,
    Corroborated,
    SingleSource,
    Unconfirmed,
    /// Every claim about it has a broken quote.
    Unverified,
}

impl Confidence {
    pub fn as_str(self) -> &'static str {
        match self {
            Confidence::Confirmed => "confirmed",
            Confidence::Corroborated => "corroborated",
            Confidence::SingleSource => "single source",
            Confidence::Unconfirmed => "unconfirmed",
            Confidence::Unverified => "unverified",
        }
    }
}

/// A claim with its live check.
#[derive(Debug)]
pub struct Row<'a> {
    pub claim: &'a Claim,
    pub quote: Status,
    /// Evidence anchors that are not intact, with their status.
    pub evidence_issues: Vec<(usize, Status)>,
}

impl Row<'_> {
    /// Whether the claim's own quote is broken (an error verdict).
    pub fn broken(&self) -> bool {
        self.quote.severity() == Severity::Error
    }

    fn status_text(&self) -> String {
        let mut s = self.quote.as_str().to_string();
        for (i, st) in &self.evidence_issues {
            s.push_str(&format!("; evidence[{i}] {}", st.as_str()));
        }
        s
    }
}

/// Which claims a table shows.
#[derive(Debug, Default)]
pub struct Filter {
    pub levels: Vec<Level>,
    pub doc: Option<String>,
    pub tag: Option<String>,
}

impl Filter {
    fn keeps(&self, c: &Claim) -> bool {
        (self.levels.is_empty() || self.levels.contains(&c.level))
            && self.doc.as_ref().is_none_or(|d| &c.doc == d)
            && self.tag.as_ref().is_none_or(|t| c.tags.contains(t))
    }
}

/// Joins claims with the report's statuses, keeping those the filter keeps.
pub fn rows<'a>(files: &'a [ClaimFile], report: &Report, filter: &Filter) -> Vec<Row<'a>> {
    let mut status: HashMap<(String, String), Status> = HashMap::new();
    for f in report.findings() {
        if let (Some(c), Some(a)) = (&f.claim, &f.anchor) {
            status.insert((c.clone(), a.clone()), f.status);
        }
    }
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    for file in files {
        for c in &file.claims {
            if !seen.insert(c.id.as_str()) || !filter.keeps(c) {
                continue; // a duplicate id is reported by check, and shown once
            }
            let get = |k: AnchorKind| status.get(&(c.id.clone(), k.to_string())).copied();
            let quote = get(AnchorKind::Quote).unwrap_or(Status::Missing);
            let evidence_issues = c
                .anchors
                .iter()
                .filter_map(|a| match a.kind {
                    AnchorKind::Evidence(i) => {
                        get(a.kind).filter(|s| *s != Status::Intact).map(|s| (i, s))
                    }
                    AnchorKind::Quote => None,
                })
                .collect();
            out.push(Row {
                claim: c,
                quote,
                evidence_issues,
            });
        }
    }
    out
}

/// The confidence of a group of claims about one fact (README: "Confidence").
pub fn confidence(rows: &[&Row]) -> Confidence {
    let sound: Vec<&&Row> = rows.iter().filter(|r| !r.broken()).collect();
    if sound.is_empty() {
        return Confidence::Unverified;
    }
    if sound.iter().any(|r| r.claim.level == Level::Confirmed) {
        return Confidence::Confirmed;
    }
    if sound
        .iter()
        .all(|r| r.claim.level == Level::CouldNotConfirm)
    {
        return Confidence::Unconfirmed;
    }
    let sources: BTreeSet<(&str, &str)> = sound
        .iter()
        .filter(|r| r.claim.level == Level::SourceSays)
        .map(|r| {
            (
                r.claim.doc.as_str(),
                r.claim.attributed_to.as_deref().unwrap_or(""),
            )
        })
        .collect();
    if sources.len() >= 2 {
        Confidence::Corroborated
    } else {
        Confidence::SingleSource
    }
}

/// How many documents the rows' claims come from.
fn doc_count(rows: &[&Row]) -> usize {
    rows.iter()
        .map(|r| r.claim.doc.as_str())
        .collect::<BTreeSet<_>>()
        .len()
}

fn levels_seen(rows: &[&Row]) -> String {
    let set: BTreeSet<Level> = rows.iter().map(|r| r.claim.level).collect();
    set.into_iter()
        .map(Level::as_str)
        .collect::<Vec<_>>()
        .join(", ")
}

fn count(rows: &[&Row], level: Level) -> usize {
    rows.iter().filter(|r| r.claim.level == level).count()
}

fn plural(n: usize, w: &str) -> String {
    format!("{n} {w}{}", if n == 1 { "" } else { "s" })
}

/// Builds the grid for one grouping.
pub fn grid(by: TableBy, rows: &[Row]) -> Grid {
    let all: Vec<&Row> = rows.iter().collect();
    let broken_total = all.iter().filter(|r| r.broken()).count();
    match by {
        TableBy::Claim => Grid {
            headers: vec![
                "claim",
                "level",
                "attributed to",
                "document",
                "quote",
                "evidence",
                "statement",
            ],
            kinds: vec![
                Kind::Text,
                Kind::Level,
                Kind::Text,
                Kind::Text,
                Kind::Status,
                Kind::Number,
                Kind::Text,
            ],
            rows: rows
                .iter()
                .map(|r| {
                    let c = r.claim;
                    vec![
                        c.id.clone(),
                        c.level.as_str().to_string(),
                        c.attributed_to.clone().unwrap_or_default(),
                        c.doc.clone(),
                        r.status_text(),
                        (c.anchors.len() - 1).to_string(),
                        c.statement.clone(),
                    ]
                })
                .collect(),
            totals: vec![
                format!("total: {}", plural(rows.len(), "claim")),
                levels_seen(&all),
                String::new(),
                plural(doc_count(&all), "document"),
                format!("{broken_total} broken"),
                rows.iter()
                    .map(|r| r.claim.anchors.len() - 1)
                    .sum::<usize>()
                    .to_string(),
                String::new(),
            ],
        },
        TableBy::Fact => {
            let mut groups: BTreeMap<String, Vec<&Row>> = BTreeMap::new();
            for r in rows {
                let key = r
                    .claim
                    .fact
                    .clone()
                    .unwrap_or_else(|| format!("({})", r.claim.id));
                groups.entry(key).or_default().push(r);
            }
            let mut out = Vec::new();
            let mut by_conf: BTreeMap<Confidence, usize> = BTreeMap::new();
            for (fact, g) in &groups {
                let docs: BTreeSet<&str> = g.iter().map(|r| r.claim.doc.as_str()).collect();
                let conf = confidence(g);
                *by_conf.entry(conf).or_default() += 1;
                out.push(vec![
                    fact.clone(),
                    docs.into_iter().collect::<Vec<_>>().join(", "),
                    g.len().to_string(),
                    levels_seen(g),
                    conf.as_str().to_string(),
                    g.iter().filter(|r| r.broken()).count().to_string(),
                ]);
            }
            Grid {
                headers: vec![
                    "fact",
                    "documents",
                    "claims",
                    "levels",
                    "confidence",
                    "broken",
                ],
                kinds: vec![
                    Kind::Text,
                    Kind::Text,
                    Kind::Number,
                    Kind::Text,
                    Kind::Confidence,
                    Kind::Number,
                ],
                rows: out,
                totals: vec![
                    format!("total: {}", plural(groups.len(), "fact")),
                    plural(doc_count(&all), "document"),
                    rows.len().to_string(),
                    levels_seen(&all),
                    by_conf
                        .iter()
                        .map(|(c, n)| format!("{n} {}", c.as_str()))
                        .collect::<Vec<_>>()
                        .join(", "),
                    broken_total.to_string(),
                ],
            }
        }
        TableBy::Doc | TableBy::Source => {
            let mut groups: BTreeMap<String, Vec<&Row>> = BTreeMap::new();
            for r in rows {
                let key = match by {
                    TableBy::Doc => r.claim.doc.clone(),
                    _ => r
                        .claim
                        .attributed_to
                        .clone()
                        .unwrap_or_else(|| "(the document itself)".into()),
                };
                groups.entry(key).or_default().push(r);
            }
            let last = |g: &[&Row]| match by {
                TableBy::Doc => g.iter().filter(|r| r.broken()).count().to_string(),
                _ => doc_count(g).to_string(),
            };
            let mut out = Vec::new();
            for (key, g) in &groups {
                out.push(vec![
                    key.clone(),
                    count(g, Level::Confirmed).to_string(),
                    count(g, Level::SourceSays).to_string(),
                    count(g, Level::CouldNotConfirm).to_string(),
                    g.len().to_string(),
                    last(g),
                ]);
            }
            let (first, tail) = match by {
                TableBy::Doc => ("document", "broken"),
                _ => ("source", "documents"),
            };
            Grid {
                headers: vec![
                    first,
                    "confirmed",
                    "source-says",
                    "could-not-confirm",
                    "claims",
                    tail,
                ],
                kinds: vec![
                    Kind::Text,
                    Kind::Number,
                    Kind::Number,
                    Kind::Number,
                    Kind::Number,
                    Kind::Number,
                ],
                rows: out,
                totals: vec![
                    format!(
                        "total: {}",
                        plural(
                            groups.len(),
                            if by == TableBy::Doc {
                                "document"
                            } else {
                                "source"
                            }
                        )
                    ),
                    count(&all, Level::Confirmed).to_string(),
                    count(&all, Level::SourceSays).to_string(),
                    count(&all, Level::CouldNotConfirm).to_string(),
                    rows.len().to_string(),
                    last(&all),
                ],
            }
        }
    }
}
