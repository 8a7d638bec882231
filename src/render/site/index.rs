//! The report's index: the verdict counts, the facts with their confidence
//! and verdict (each linked to its claims), the documents with their
//! claims per level and broken quotes, and every finding that is not ok.

use maud::{Markup, html};

use super::{From, Site};
use crate::check::finding::{Finding, Severity, Status};
use crate::check::report::Summary;
use crate::claim::{AnchorKind, Level};
use crate::confidence::{Brief, Confidence};

/// A fact: its record (if the facts file has one) and its claims.
pub(crate) struct FactRow<'a> {
    pub(crate) id: &'a str,
    pub(crate) confidence: Option<Confidence>,
    /// Its claims with the status of each one's quote.
    pub(crate) claims: Vec<(&'a Brief, Status)>,
}

/// A document: its claims per level and how many of their quotes broke.
pub(crate) struct DocRow<'a> {
    pub(crate) id: &'a str,
    /// Its path; `None` when no file in the corpus has this id.
    pub(crate) display: Option<&'a str>,
    pub(crate) levels: [usize; 3],
    pub(crate) evidence: usize,
    pub(crate) broken: usize,
    /// Quotes of its standing claims with a warning (moved, context or
    /// attribution changed).
    pub(crate) warned: usize,
    /// Its retracted or superseded claims.
    pub(crate) retired: usize,
}

/// What the index shows.
pub(crate) struct Index<'a> {
    pub(crate) summary: &'a Summary,
    pub(crate) facts: Vec<FactRow<'a>>,
    pub(crate) docs: Vec<DocRow<'a>>,
    /// Every finding that is not ok, in report order.
    pub(crate) findings: Vec<&'a Finding>,
    /// Per status: findings on standing claims (and the project's files),
    /// and findings on retracted or superseded claims.
    pub(crate) by_status: Vec<(Status, usize, usize)>,
    /// Claims retracted or superseded.
    pub(crate) retired_claims: usize,
}

fn confidence_class(c: Confidence) -> String {
    format!("conf-{}", c.as_str().replace(' ', "-"))
}

/// The index's content (without the HTML around it).
pub(crate) fn index(site: &Site, ix: &Index) -> Markup {
    let from = From::Index;
    let s = ix.summary;
    let mut statuses = ix.by_status.clone();
    statuses.sort_by_key(|(k, _, _)| (std::cmp::Reverse(k.severity()), *k));
    let any_retired = statuses.iter().any(|(_, _, r)| *r > 0);
    // Active claims' errors first, then their warnings; retired ones apart.
    let broken: Vec<&Finding> = ix
        .findings
        .iter()
        .copied()
        .filter(|f| !f.retired && f.severity() == Severity::Error)
        .collect();
    let warned: Vec<&Finding> = ix
        .findings
        .iter()
        .copied()
        .filter(|f| !f.retired && f.severity() == Severity::Warning)
        .collect();
    let retired: Vec<&Finding> = ix.findings.iter().copied().filter(|f| f.retired).collect();
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
                (crate::render::plural(s.claims, "claim"))
                @if ix.retired_claims > 0 { " (" (ix.retired_claims) " retracted or superseded)" }
                ", " (crate::render::plural(s.anchors, "quote")) " (with evidence), "
                (crate::render::plural(ix.docs.len(), "document")) ": "
                strong class=(if s.errors > 0 { "sev-error" } else { "sev-ok" }) {
                    a href="#broken" { (crate::render::plural(s.errors, "error")) }
                } ", "
                strong class=(if s.warnings > 0 { "sev-warning" } else { "sev-ok" }) {
                    @if warned.is_empty() { (crate::render::plural(s.warnings, "warning")) }
                    @else { a href="#warnings" { (crate::render::plural(s.warnings, "warning")) } }
                }
                @if s.info > 0 {
                    ", "
                    @if retired.is_empty() { (s.info) " on retired claims" }
                    @else { a href="#retired" { (s.info) " on retired claims" } }
                    " (never failing a run)"
                }
                "."
            }
            table.counts {
                thead { tr {
                    th { "status" } th.num { "findings" }
                    @if any_retired { th.num { "on retired claims" } }
                    th { "meaning" }
                } }
                tbody {
                    @for (status, n, r) in &statuses {
                        tr {
                            td { (super::status_badge(*status)) } td.num { (n) }
                            @if any_retired { td.num { (r) } }
                            td { (super::prose(status.meaning())) }
                        } "\n"
                    }
                }
            }
        }
        "\n"
        section #broken aria-labelledby="broken-list-title" {
            h2 #broken-list-title { (Status::Missing.symbol()) " Broken quotes and errors (" (broken.len()) ")" }
            @if broken.is_empty() { p { "Nothing fails: every quote of a standing claim is where it was recorded." } }
            @else {
                ol.broken-list {
                    @for f in &broken { (finding_detail(site, from, f)) "\n" }
                }
            }
        }
        "\n"
        @if !warned.is_empty() {
            section #warnings aria-labelledby="warnings-title" {
                h2 #warnings-title { (Status::Moved.symbol()) " Warnings (" (warned.len()) ")" }
                ol.findings {
                    @for f in &warned { (finding_item(site, from, f)) "\n" }
                }
            }
            "\n"
        }
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
                    th.num { "evidence" } th.num { "broken" } th.num { "warnings" }
                    @if ix.retired_claims > 0 { th.num { "retired" } }
                } }
                tbody {
                    @for d in &ix.docs {
                        tr class=(if d.broken > 0 { "sev-error" } else if d.warned > 0 { "sev-warning" } else { "" }) {
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
                            td.num { @if d.warned > 0 { strong { (Status::Moved.symbol()) " " (d.warned) } } @else { "0" } }
                            @if ix.retired_claims > 0 { td.num { (d.retired) } }
                        }
                        "\n"
                    }
                }
            }
        }
        "\n"
        @if !retired.is_empty() {
            section #retired aria-labelledby="retired-title" {
                h2 #retired-title { "On retracted or superseded claims (" (retired.len()) ")" }
                p { "These claims were retired by the desk: they are still checked, and what changed is kept here, but it never fails a run." }
                ol.findings.retired-findings {
                    @for f in &retired { (finding_item(site, from, f)) "\n" }
                }
            }
        }
    }
}

/// A broken quote as an editor reads it: the claim's statement and level,
/// what happened, the word diff, and where.
fn finding_detail(site: &Site, from: From, f: &Finding) -> Markup {
    let claim = f
        .claim
        .as_deref()
        .and_then(|c| site.claims.get(c))
        .map(|c| c.claim);
    let diff = crate::render::diff(f);
    html! {
        li class={ "finding " (super::severity_class(f.severity())) } {
            (finding_item_head(site, from, f))
            @if let Some(c) = claim {
                " " (super::level_badge(c.level))
                p.statement { (c.statement) @if let Some(by) = &c.attributed_to { " — attributed to " (by) } }
            }
            p.msg { (super::prose(&crate::render::message(f))) }
            @if let Some(parts) = diff {
                p.diff {
                    "Word diff (" (crate::render::diff_label(f).replace("->", "→")) "): "
                    @for part in &parts { (super::page::diff_part(part)) }
                }
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

/// A finding's badge, code, place and claim link.
fn finding_item_head(site: &Site, from: From, f: &Finding) -> Markup {
    let href = match (&f.claim, f.anchor) {
        (Some(c), Some(k)) => site.anchor_href(from, c, k),
        _ => None,
    };
    html! {
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
        @if f.retired { span.badge.retired { "retired" } " " }
    }
}

fn finding_item(site: &Site, from: From, f: &Finding) -> Markup {
    html! {
        li class={ "finding " (super::severity_class(f.severity())) } {
            (finding_item_head(site, from, f))
            span.msg { (super::prose(&crate::render::message(f))) }
        }
    }
}
