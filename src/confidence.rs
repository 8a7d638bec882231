//! Confidence tables as data: claims joined with a live check, filtered, and
//! grouped by claim, fact, document or source, with the confidence rule for
//! facts. Cells stay typed; `render::table` turns them into text.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use crate::check::finding::{Severity, Status};
use crate::check::report::Report;
use crate::claim::{AnchorKind, Claim, ClaimFile, Level};

/// What one row of a table stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum By {
    Claim,
    Fact,
    Doc,
    Source,
}

impl By {
    pub(crate) const ALL: [By; 4] = [By::Claim, By::Fact, By::Doc, By::Source];

    pub(crate) fn as_str(self) -> &'static str {
        match self {
            By::Claim => "claim",
            By::Fact => "fact",
            By::Doc => "doc",
            By::Source => "source",
        }
    }
}

/// One cell, typed: the renderer decides its words, colour and JSON type.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Cell {
    /// Nothing (JSON null).
    Empty,
    Text(String),
    /// An id: never broken.
    Id(String),
    /// Several ids.
    Ids(Vec<String>),
    /// A number (right-aligned; a JSON number).
    Count(usize),
    Level(Level),
    /// The levels seen among some claims.
    Levels(Vec<Level>),
    /// A claim's quote status and its evidence anchors that are not intact.
    Status {
        quote: Status,
        evidence: Vec<(usize, Status)>,
    },
    Confidence(Confidence),
    /// `n` things, e.g. "2 documents".
    Counted(usize, &'static str),
    /// The first cell of the totals row: "total: 3 claims".
    Total(usize, &'static str),
    /// "1 broken".
    Broken(usize),
    /// Facts per confidence: "1 confirmed, 2 single source".
    Tally(Vec<(Confidence, usize)>),
}

/// How a column's cells may be laid out on a terminal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// An id people pass to other commands: never broken, never cut.
    Id,
    /// A few fixed words (a level, a status): kept on one line.
    Word,
    /// A number, right-aligned.
    Number,
    /// A list of ids: may wrap between items, never inside one.
    List,
    /// Free text (a statement, a source): wraps at spaces and takes the
    /// spare width.
    Prose,
}

/// A column: its header, its machine key (the record's kebab-case name,
/// used by CSV and JSON), how its cells are laid out, and when it is left
/// out of a terminal too narrow for all of them (`drop` 0: never; else the
/// highest goes first).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Column {
    pub(crate) name: &'static str,
    pub(crate) key: &'static str,
    pub(crate) kind: Kind,
    pub(crate) drop: u8,
}

const fn column(name: &'static str, key: &'static str, kind: Kind) -> Column {
    Column {
        name,
        key,
        kind,
        drop: 0,
    }
}

/// A column that a narrow terminal may go without.
const fn optional(name: &'static str, key: &'static str, kind: Kind, drop: u8) -> Column {
    Column {
        name,
        key,
        kind,
        drop,
    }
}

/// A table of typed cells: a header, rows and a totals row.
#[derive(Debug, Clone)]
pub(crate) struct Grid {
    pub(crate) columns: Vec<Column>,
    pub(crate) rows: Vec<Vec<Cell>>,
    pub(crate) totals: Vec<Cell>,
}

/// How well a fact is sourced, best first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Confidence {
    Confirmed,
    Corroborated,
    SingleSource,
    Unconfirmed,
    /// Every claim about it has a broken quote.
    Unverified,
}

impl Confidence {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Confidence::Confirmed => "confirmed",
            Confidence::Corroborated => "corroborated",
            Confidence::SingleSource => "single source",
            Confidence::Unconfirmed => "unconfirmed",
            Confidence::Unverified => "unverified",
        }
    }
}

/// What the tables and the report's index read of a claim: a line's worth,
/// so a table of an archive does not hold the claims log.
#[derive(Debug, Clone)]
pub(crate) struct Brief {
    pub(crate) id: String,
    pub(crate) statement: String,
    pub(crate) level: Level,
    pub(crate) attributed_to: Option<String>,
    pub(crate) doc: String,
    pub(crate) fact: Option<String>,
    /// The document of each evidence quote, in order.
    pub(crate) evidence_docs: Vec<String>,
}

impl Brief {
    pub(crate) fn of(c: &Claim) -> Brief {
        Brief {
            id: c.id.clone(),
            statement: c.statement.clone(),
            level: c.level,
            attributed_to: c.attributed_to.clone(),
            doc: c.doc.clone(),
            fact: c.fact.clone(),
            evidence_docs: c
                .anchors
                .iter()
                .filter(|a| a.kind != AnchorKind::Quote)
                .map(|a| a.doc.clone())
                .collect(),
        }
    }
}

/// A claim with its live check.
#[derive(Debug)]
pub(crate) struct Row {
    pub(crate) claim: Brief,
    pub(crate) quote: Status,
    /// Evidence anchors that are not intact, with their status.
    pub(crate) evidence_issues: Vec<(usize, Status)>,
}

impl Row {
    /// Whether the claim's own quote is broken (an error verdict).
    pub(crate) fn broken(&self) -> bool {
        self.quote.severity() == Severity::Error
    }
}

/// Which claims a table shows.
#[derive(Debug, Default)]
pub(crate) struct Filter {
    pub(crate) levels: Vec<Level>,
    pub(crate) doc: Option<String>,
    /// Claims with any of these tags (all claims when empty).
    pub(crate) tags: Vec<String>,
    /// Also retracted and superseded claims.
    pub(crate) all: bool,
}

impl Filter {
    /// Whether a table shows the claim (its level, document, tags, status).
    pub(crate) fn keeps(&self, c: &Claim) -> bool {
        (self.levels.is_empty() || self.levels.contains(&c.level))
            && self.doc.as_ref().is_none_or(|d| &c.doc == d)
            && (self.tags.is_empty() || self.tags.iter().any(|t| c.tags.contains(t)))
            && (self.all || c.status == crate::claim::ClaimStatus::Active)
    }
}

/// Joins claims with the report's statuses, keeping those the filter keeps.
pub(crate) fn rows(files: &[ClaimFile], report: &Report, filter: &Filter) -> Vec<Row> {
    let mut status: HashMap<(String, AnchorKind), Status> = HashMap::new();
    for f in report.findings() {
        if let (Some(c), Some(a)) = (&f.claim, f.anchor) {
            status.insert((c.clone(), a), f.status);
        }
    }
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    for file in files {
        for c in &file.claims {
            if !seen.insert(c.id.as_str()) || !filter.keeps(c) {
                continue; // a duplicate id is reported by check, and shown once
            }
            let get = |k: AnchorKind| status.get(&(c.id.clone(), k)).copied();
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
                claim: Brief::of(c),
                quote,
                evidence_issues,
            });
        }
    }
    out
}

/// The confidence of a group of claims about one fact (docs/guide.md: "Confidence tables").
pub(crate) fn confidence(rows: &[&Row]) -> Confidence {
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

fn levels_seen(rows: &[&Row]) -> Cell {
    let set: BTreeSet<Level> = rows.iter().map(|r| r.claim.level).collect();
    Cell::Levels(set.into_iter().collect())
}

fn count(rows: &[&Row], level: Level) -> Cell {
    Cell::Count(rows.iter().filter(|r| r.claim.level == level).count())
}

fn broken(rows: &[&Row]) -> usize {
    rows.iter().filter(|r| r.broken()).count()
}

/// Builds the grid for one grouping.
/// The table of `rows` grouped `by`; `facts` gives each fact its verdict
/// (the column is there only when the project keeps fact records).
pub(crate) fn grid(by: By, rows: &[Row], facts: &crate::facts::Facts) -> Grid {
    let all: Vec<&Row> = rows.iter().collect();
    match by {
        By::Claim => Grid {
            columns: vec![
                column("claim", "claim", Kind::Id),
                column("level", "level", Kind::Word),
                optional("attributed to", "attributed-to", Kind::Prose, 1),
                optional("document", "document", Kind::Id, 2),
                column("quote", "quote", Kind::Word),
                optional("evidence", "evidence", Kind::Number, 3),
                column("statement", "statement", Kind::Prose),
            ],
            rows: rows
                .iter()
                .map(|r| {
                    let c = &r.claim;
                    vec![
                        Cell::Id(c.id.clone()),
                        Cell::Level(c.level),
                        c.attributed_to.clone().map_or(Cell::Empty, Cell::Text),
                        Cell::Id(c.doc.clone()),
                        Cell::Status {
                            quote: r.quote,
                            evidence: r.evidence_issues.clone(),
                        },
                        Cell::Count(c.evidence_docs.len()),
                        Cell::Text(c.statement.clone()),
                    ]
                })
                .collect(),
            totals: vec![
                Cell::Total(rows.len(), "claim"),
                levels_seen(&all),
                Cell::Empty,
                Cell::Counted(doc_count(&all), "document"),
                Cell::Broken(broken(&all)),
                Cell::Count(rows.iter().map(|r| r.claim.evidence_docs.len()).sum()),
                Cell::Empty,
            ],
        },
        By::Fact => {
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
                    Cell::Id(fact.clone()),
                    Cell::Ids(docs.into_iter().map(str::to_string).collect()),
                    Cell::Count(g.len()),
                    levels_seen(g),
                    Cell::Confidence(conf),
                    Cell::Count(broken(g)),
                ]);
            }
            let mut grid = Grid {
                columns: vec![
                    column("fact", "fact", Kind::Id),
                    optional("documents", "documents", Kind::List, 1),
                    column("claims", "claims", Kind::Number),
                    optional("levels", "levels", Kind::List, 2),
                    column("confidence", "confidence", Kind::Word),
                    column("broken", "broken", Kind::Number),
                ],
                rows: out,
                totals: vec![
                    Cell::Total(groups.len(), "fact"),
                    Cell::Counted(doc_count(&all), "document"),
                    Cell::Count(rows.len()),
                    levels_seen(&all),
                    Cell::Tally(by_conf.into_iter().collect()),
                    Cell::Count(broken(&all)),
                ],
            };
            if facts.present {
                // The fact-checker's verdict, beside how well the fact is sourced.
                grid.columns.push(column("verdict", "verdict", Kind::Word));
                for (row, fact) in grid.rows.iter_mut().zip(groups.keys()) {
                    row.push(
                        facts
                            .get(fact)
                            .and_then(|f| f.verdict.clone())
                            .map_or(Cell::Empty, Cell::Text),
                    );
                }
                let rated = facts.facts.iter().filter(|f| f.verdict.is_some()).count();
                grid.totals.push(Cell::Counted(rated, "verdict"));
            }
            grid
        }
        By::Doc | By::Source => {
            let mut groups: BTreeMap<String, Vec<&Row>> = BTreeMap::new();
            for r in rows {
                let key = match by {
                    By::Doc => r.claim.doc.clone(),
                    _ => r
                        .claim
                        .attributed_to
                        .clone()
                        .unwrap_or_else(|| "(the document itself)".into()),
                };
                groups.entry(key).or_default().push(r);
            }
            let last = |g: &[&Row]| match by {
                By::Doc => Cell::Count(broken(g)),
                _ => Cell::Count(doc_count(g)),
            };
            let mut out = Vec::new();
            for (key, g) in &groups {
                out.push(vec![
                    match by {
                        By::Doc => Cell::Id(key.clone()),
                        _ => Cell::Text(key.clone()),
                    },
                    count(g, Level::Confirmed),
                    count(g, Level::SourceSays),
                    count(g, Level::CouldNotConfirm),
                    Cell::Count(g.len()),
                    last(g),
                ]);
            }
            let (first, first_kind, tail, noun) = match by {
                By::Doc => ("document", Kind::Id, "broken", "document"),
                _ => ("source", Kind::Prose, "documents", "source"),
            };
            Grid {
                columns: vec![
                    column(first, first, first_kind),
                    column("confirmed", "confirmed", Kind::Number),
                    column("source-says", "source-says", Kind::Number),
                    column("could-not-confirm", "could-not-confirm", Kind::Number),
                    column("claims", "claims", Kind::Number),
                    match by {
                        By::Doc => column(tail, tail, Kind::Number),
                        _ => optional(tail, tail, Kind::Number, 1),
                    },
                ],
                rows: out,
                totals: vec![
                    Cell::Total(groups.len(), noun),
                    count(&all, Level::Confirmed),
                    count(&all, Level::SourceSays),
                    count(&all, Level::CouldNotConfirm),
                    Cell::Count(rows.len()),
                    last(&all),
                ],
            }
        }
    }
}
