//! The report's index: the verdict counts, the facts with their confidence
//! and verdict (each linked to its claims), the documents with their
//! claims per level and broken quotes, and every finding that is not ok.

use maud::{Markup, html};

use super::{From, Site};
use crate::check::finding::{Finding, Severity, Status};
use crate::check::report::Summary;
use crate::claim::{AnchorKind, Claim, Level};
use crate::confidence::Confidence;

/// A fact: its record (if the facts file has one) and its claims.
pub(crate) struct FactRow<'a> {
    pub(crate) id: &'a str,
    pub(crate) confidence: Option<Confidence>,
    /// Its claims with the status of each one's quote.
    pub(crate) claims: Vec<(&'a Claim, Status)>,
}

/// A document: its claims per level and how many of their quotes broke.
pub(crate) struct DocRow<'a> {
    pub(crate) id: &'a str,
    /// Its path; `None` when no file in the corpus has this id.
    pub(crate) display: Option<&'a str>,
    pub(crate) levels: [usize; 3],
    pub(crate) evidence: usize,
    pub(crate) broken: usize,
}

/// What the index shows.
pub(crate) struct Index<'a> {
    pub(crate) summary: &'a Summary,
    pub(crate) facts: Vec<FactRow<'a>>,
    pub(crate) docs: Vec<DocRow<'a>>,
    /// Every finding that is not ok, in report order.
    pub(crate) findings: Vec<&'a Finding>,
}

fn confidence_class(c: Confidence) -> String {
    format!("conf-{}", c.as_str().replace(' ', "-"))
}

/// The index's content (without the HTML around it).
pub(crate) fn index(site: &Site, ix: &Index) -> Markup {
    let from = From::Index;
    let s = ix.summary;
    let mut statuses: Vec<(Status, usize)> = s.by_status.iter().map(|(k, v)| (*k, *v)).collect();
    statuses.sort_by_key(|(k, _)| (std::cmp::Reverse(k.severity()), *k));
    html! {
        header.index-head {
            h1 { (site.project) ": claims and their sources" }
            p.generated {
                "Report of " (site.generated) ", by claimtrack " (env!("CARGO_PKG_VERSION")) ". "
                @if site.mode == super::Mode::Folder { "The check as JSON: " a href="report.json" { "report.json" } "." }
            }
            (super::legend())
        }
        "\n"
        section #summary aria-labelledby="summary-title" {
            h2 #summary-title { "Verdicts" }
            p.totals {
                (crate::render::plural(s.claims, "claim")) ", "
                (crate::render::plural(s.anchors, "quote")) " (with evidence), "
                (crate::render::plural(ix.docs.len(), "document")) ": "
                strong class=(if s.errors > 0 { "sev-error" } else { "sev-ok" }) { (crate::render::plural(s.errors, "error")) } ", "
                strong class=(if s.warnings > 0 { "sev-warning" } else { "sev-ok" }) { (crate::render::plural(s.warnings, "warning")) }
                @if s.info > 0 { ", " (s.info) " on retired claims" }
                "."
            }
            table.counts {
                thead { tr { th { "status" } th.num { "quotes" } th { "meaning" } } }
                tbody {
                    @for (status, n) in &statuses {
                        tr { td { (super::status_badge(*status)) } td.num { (n) } td { (super::prose(status.meaning())) } } "\n"
                    }
                }
            }
        }
        "\n"
        section #facts aria-labelledby="facts-title" {
            h2 #facts-title { "Facts" }
            @if ix.facts.is_empty() { p { "No claim names a fact." } }
            @else {
                table.facts {
                    thead { tr {
                        th { "fact" } th { "statement" } th { "confidence" }
                        @if site.facts.present { th { "verdict" } }
                        th { "claims" } th.num { "broken" }
                    } }
                    tbody {
                        @for f in &ix.facts { (fact_row(site, from, f)) "\n" }
                    }
                }
            }
        }
        "\n"
        section #documents aria-labelledby="documents-title" {
            h2 #documents-title { "Documents" }
            table.docs {
                thead { tr {
                    th { "document" } th { "title" }
                    @for l in Level::ALL { th.num { (super::level_symbol(l)) " " (super::level_label(l)) } }
                    th.num { "evidence" } th.num { "broken" }
                } }
                tbody {
                    @for d in &ix.docs {
                        tr class=(if d.broken > 0 { "sev-error" } else { "" }) {
                            td {
                                @if site.docs.contains_key(d.id) { a href=(site.doc_href(from, d.id, None)) { code { (d.id) } } }
                                @else { code { (d.id) } }
                            }
                            td {
                                @match d.display {
                                    Some(_) => { (site.docs.get(d.id).and_then(|x| x.title.as_deref()).unwrap_or("")) }
                                    None => { (super::status_badge(Status::DocMissing)) " not in the corpus" }
                                }
                            }
                            @for n in d.levels { td.num { (n) } }
                            td.num { (d.evidence) }
                            td.num { @if d.broken > 0 { strong { (Status::Missing.symbol()) " " (d.broken) } } @else { "0" } }
                        }
                        "\n"
                    }
                }
            }
        }
        "\n"
        section #findings aria-labelledby="findings-title" {
            h2 #findings-title { "Findings that are not ok (" (ix.findings.len()) ")" }
            @if ix.findings.is_empty() { p { "Every quote is intact." } }
            ol.findings {
                @for f in &ix.findings { (finding_item(site, from, f)) "\n" }
            }
        }
    }
}

fn fact_row(site: &Site, from: From, f: &FactRow) -> Markup {
    let record = site.facts.get(f.id);
    let broken = f
        .claims
        .iter()
        .filter(|(_, s)| s.severity() == Severity::Error)
        .count();
    html! {
        tr #{ "fact-" (f.id) } {
            td { code { (f.id) } }
            td { (record.map_or("", |r| r.statement.as_str())) }
            td {
                @match f.confidence {
                    Some(c) => span class={ "badge " (confidence_class(c)) } { (c.as_str()) },
                    None => span.badge { "no claims" },
                }
            }
            @if site.facts.present {
                td {
                    @if let Some(v) = record.and_then(|r| r.verdict.as_deref()) {
                        @match record.and_then(|r| r.review_url.as_deref()).filter(|u| super::is_web(u)) {
                            Some(url) => a href=(url) rel="noopener noreferrer" { strong { (v) } },
                            None => strong { (v) },
                        }
                    }
                }
            }
            td {
                ul.claims {
                    @for (c, status) in &f.claims {
                        li {
                            @match site.anchor_href(from, &c.id, AnchorKind::Quote) {
                                Some(href) => a href=(href) title=(c.statement) { code { (c.id) } },
                                None => code { (c.id) },
                            }
                            " " (super::level_badge(c.level)) " "
                            @if *status != Status::Intact { (super::status_badge(*status)) }
                        }
                    }
                }
            }
            td.num { (broken) }
        }
    }
}

fn finding_item(site: &Site, from: From, f: &Finding) -> Markup {
    let href = match (&f.claim, f.anchor) {
        (Some(c), Some(k)) => site.anchor_href(from, c, k),
        _ => None,
    };
    html! {
        li class={ "finding " (super::severity_class(f.severity())) } {
            (super::status_badge(f.status)) " "
            code.code { (f.status.code()) } " "
            code { (f.file) ":" (f.line) ":" (f.column) } " "
            @if let Some(c) = &f.claim {
                @match &href {
                    Some(h) => a href=(h) { code { (c) } },
                    None => code { (c) },
                }
                @if let Some(AnchorKind::Evidence(i)) = f.anchor { " evidence[" (i) "]" }
                " "
            }
            span.msg { (super::prose(&crate::render::message(f))) }
        }
    }
}
