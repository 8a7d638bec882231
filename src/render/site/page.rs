//! A document's page: its metadata, the quotes that need attention (with
//! their word diff and the place they were), the full text with every
//! quote marked, and a note for each quote beside it.

use std::collections::BTreeMap;

use maud::{Markup, PreEscaped, html};

use super::{ClaimRef, From, Site, text};
use crate::check::finding::{DiffOp, Finding, Severity, Status, What};
use crate::check::status::About;
use crate::claim::{AnchorKind, Level};
use crate::text::DocText;

/// What a document page shows.
pub(crate) struct Page<'a> {
    pub(crate) id: &'a str,
    /// Its path, as shown to people.
    pub(crate) display: &'a str,
    pub(crate) meta: &'a BTreeMap<String, String>,
    /// The text, or why it could not be read.
    pub(crate) text: Result<&'a DocText, String>,
    /// The findings of the anchors in it.
    pub(crate) findings: &'a [Finding],
}

/// One anchor on the page.
struct Quote<'f, 'a> {
    f: &'f Finding,
    claim: Option<ClaimRef<'a>>,
    kind: AnchorKind,
    /// Where it is marked, in code points; an empty range is a point.
    places: Vec<(usize, usize)>,
    /// Its number on the page, in reading order.
    n: usize,
}

impl Quote<'_, '_> {
    fn id(&self) -> &str {
        self.f.claim.as_deref().unwrap_or("")
    }

    fn level_class(&self) -> &'static str {
        self.claim.map_or("unknown", |c| c.claim.level.as_str())
    }

    fn classes(&self) -> String {
        let mut c = format!(
            "q lvl-{} st-{} {}",
            self.level_class(),
            self.f.status.as_str(),
            super::severity_class(self.f.severity())
        );
        if matches!(self.kind, AnchorKind::Evidence(_)) {
            c.push_str(" ev");
        }
        if self.f.retired {
            c.push_str(" retired");
        }
        c
    }

    /// The tooltip of its mark: claim, level, status, statement, source.
    fn title(&self, site: &Site) -> String {
        let mut t = match self.kind {
            AnchorKind::Quote => format!("{} · {}", self.n, self.id()),
            AnchorKind::Evidence(i) => format!("{} · evidence[{i}] of {}", self.n, self.id()),
        };
        if let Some(c) = self.claim {
            t.push_str(&format!(
                " · {} {}",
                super::level_symbol(c.claim.level),
                super::level_label(c.claim.level)
            ));
        }
        t.push_str(&format!(
            " · {} {}",
            self.f.status.symbol(),
            self.f.status.as_str()
        ));
        if let Some(c) = self.claim {
            t.push('\n');
            t.push_str(&c.claim.statement);
            if let Some(by) = &c.claim.attributed_to {
                t.push_str(&format!("\nattributed to {by}"));
            }
            if let Some(fact) = &c.claim.fact {
                t.push_str(&format!("\nfact: {fact}"));
                if let Some(v) = site.facts.get(fact).and_then(|f| f.verdict.as_deref()) {
                    t.push_str(&format!(" (verdict: {v})"));
                }
            }
            if let Some(r) = super::retired_label(c.claim) {
                t.push_str(&format!("\n{r}"));
            }
        }
        t
    }

    /// The note reference written after its mark.
    fn reference(&self) -> String {
        let mut s = String::new();
        s.push_str("<sup class=\"fn lvl-");
        s.push_str(self.level_class());
        s.push_str(" st-");
        s.push_str(self.f.status.as_str());
        s.push_str("\"><a href=\"#");
        text::escape_attr(&mut s, &super::note_id(self.id(), self.kind));
        s.push_str("\">");
        if let Some(c) = self.claim {
            s.push_str(super::level_symbol(c.claim.level));
        }
        s.push_str(&self.n.to_string());
        if self.f.status != Status::Intact {
            s.push_str(self.f.status.symbol());
        }
        s.push_str("</a></sup>");
        s
    }

    /// The quote as recorded.
    fn recorded_quote(&self) -> Option<&str> {
        let c = self.claim?;
        c.claim
            .anchors
            .iter()
            .find(|a| a.kind == self.kind)
            .map(|a| a.quote.as_str())
    }
}

/// Where a finding's quote is marked in today's text.
fn places(f: &Finding, text: &DocText, quote: Option<&str>) -> Vec<(usize, usize)> {
    if let Some(fd) = &f.found {
        return vec![(fd.start, fd.end)];
    }
    match &f.what {
        What::Ambiguous { occurrences, .. } => {
            let len = quote.map_or(0, |q| q.chars().count());
            occurrences
                .iter()
                .map(|o| (o.start, (o.start + len).min(text.char_len())))
                .collect()
        }
        // Gone: a point where it was recorded, if that is still in the text.
        What::Missing { .. } => f
            .recorded
            .filter(|r| r.start <= text.char_len())
            .map(|r| vec![(r.start, r.start)])
            .unwrap_or_default(),
        _ => Vec::new(),
    }
}

/// The page's content (without the HTML around it).
pub(crate) fn page(site: &Site, p: &Page) -> Markup {
    let from = From::Doc(p.id);
    // Attribution findings are about a quote already marked: they are listed
    // with the findings that need attention, never marked again.
    let about_attribution = |f: &Finding| f.status.about() == About::Attribution;
    let attribution: Vec<Quote> = p
        .findings
        .iter()
        .filter(|f| about_attribution(f))
        .filter_map(|f| {
            Some(Quote {
                f,
                claim: f.claim.as_deref().and_then(|c| site.claims.get(c)).copied(),
                kind: f.anchor?,
                places: Vec::new(),
                n: 0,
            })
        })
        .collect();
    let mut quotes: Vec<Quote> = p
        .findings
        .iter()
        .filter(|f| !about_attribution(f))
        .filter_map(|f| {
            let kind = f.anchor?;
            let claim = f.claim.as_deref().and_then(|c| site.claims.get(c)).copied();
            let mut q = Quote {
                f,
                claim,
                kind,
                places: Vec::new(),
                n: 0,
            };
            if let Ok(text) = p.text {
                q.places = places(f, text, q.recorded_quote());
            }
            Some(q)
        })
        .collect();
    quotes.sort_by_key(|q| (q.places.first().map_or(usize::MAX, |p| p.0), q.f.line));
    for (i, q) in quotes.iter_mut().enumerate() {
        q.n = i + 1;
    }
    let title = site.doc_title(p.id);
    let broken_title = format!("{}-broken", site.doc_anchor(p.id));
    let text_title = format!("{}-text", site.doc_anchor(p.id));
    // Broken quotes of claims that stand first, then warnings; findings on
    // retracted or superseded claims apart, marked, and never counted.
    let mut broken: Vec<&Quote> = Vec::new();
    let mut warned: Vec<&Quote> = Vec::new();
    let mut retired: Vec<&Quote> = Vec::new();
    for q in quotes.iter().chain(&attribution) {
        match q.f.status.severity() {
            Severity::Ok => {}
            _ if q.f.retired => retired.push(q),
            Severity::Warning => warned.push(q),
            _ => broken.push(q),
        }
    }
    let is_retired = |q: &Quote| {
        q.claim
            .is_some_and(|c| c.claim.status != crate::claim::ClaimStatus::Active)
    };
    let counts: Vec<(Level, usize)> = Level::ALL
        .into_iter()
        .map(|l| {
            let n = quotes
                .iter()
                .filter(|q| {
                    q.kind == AnchorKind::Quote
                        && !is_retired(q)
                        && q.claim.is_some_and(|c| c.claim.level == l)
                })
                .count();
            (l, n)
        })
        .filter(|(_, n)| *n > 0)
        .collect();
    let retired_claims = quotes
        .iter()
        .filter(|q| q.kind == AnchorKind::Quote && is_retired(q))
        .count();
    let body = match p.text {
        Ok(text) => {
            let mut spans = Vec::new();
            for q in &quotes {
                let attrs = {
                    let mut a = String::from(" class=\"");
                    text::escape_attr(&mut a, &q.classes());
                    if q.places.iter().all(|(s, e)| s == e) {
                        a.push_str(" point");
                    }
                    a.push_str("\" data-claim=\"");
                    text::escape_attr(&mut a, q.id());
                    if let Some(fact) = q.claim.and_then(|c| c.claim.fact.as_deref()) {
                        a.push_str("\" data-fact=\"");
                        text::escape_attr(&mut a, fact);
                    }
                    a.push_str("\" title=\"");
                    text::escape_attr(&mut a, &q.title(site));
                    a.push('"');
                    a
                };
                for (k, &(s, e)) in q.places.iter().enumerate() {
                    let start = text.byte_of_char(s).unwrap_or(text.as_str().len());
                    let end = text.byte_of_char(e).unwrap_or(text.as_str().len());
                    spans.push(text::Highlight {
                        start,
                        end,
                        attrs: attrs.clone(),
                        id: (k == 0).then(|| super::mark_id(q.id(), q.kind)),
                        after: if k + 1 == q.places.len() {
                            q.reference()
                        } else {
                            String::new()
                        },
                    });
                }
            }
            let mut out = String::with_capacity(text.as_str().len() * 11 / 10 + 1024);
            text::write(&mut out, text.as_str(), &spans, &site.line_prefix(p.id));
            PreEscaped(out)
        }
        Err(_) => PreEscaped(String::new()),
    };
    html! {
        nav.crumbs aria-label={ "Back from " (title) } { a href=(site.index_href(from, None)) { "← " (site.project) ": all documents" } } "\n"
        header.doc-head {
            h1 { (title) }
            dl.meta {
                @for key in ["outlet", "author", "published", "retrieved"] {
                    @if let Some(v) = p.meta.get(key) { dt { (key) } dd { (v) } "\n" }
                }
                @if let Some(url) = p.meta.get("url") {
                    dt { "url" }
                    dd {
                        @if super::is_web(url) { a href=(url) rel="noopener noreferrer" { (url) } }
                        @else { (url) }
                    }
                }
                dt { "file" } dd { code { (p.display) } }
                dt { "claims" }
                dd {
                    @if counts.is_empty() { "none standing" }
                    @for (i, (level, n)) in counts.iter().enumerate() {
                        @if i > 0 { ", " }
                        (n) " " (super::level_symbol(*level)) " " (super::level_label(*level))
                    }
                    @if retired_claims > 0 { "; " (retired_claims) " retracted or superseded" }
                }
            }
            (super::legend())
        }
        "\n"
        @if let Err(why) = &p.text {
            p.unreadable { "This document cannot be shown: " (why) }
        }
        @if !broken.is_empty() {
            // Ids unique in the one-file report, where every document's
            // page stands in the same file.
            section.attention aria-labelledby=(broken_title) {
                h2 id=(broken_title) { (Status::Missing.symbol()) " Broken quotes (" (broken.len()) ")" span.vh { " in " (title) } }
                ol {
                    @for q in &broken { (attention_item(site, p, q)) "\n" }
                }
            }
            "\n"
        }
        @if !warned.is_empty() {
            details.warnings open[broken.is_empty()] {
                summary { h2 { (Status::Moved.symbol()) " Quotes moved or changed around them (" (crate::render::plural(warned.len(), "warning")) ")" } }
                ol {
                    @for q in &warned { (attention_item(site, p, q)) "\n" }
                }
            }
            "\n"
        }
        @if !retired.is_empty() {
            details.retired-findings {
                summary { h2 { "On retracted or superseded claims (" (retired.len()) ", never failing a run)" } }
                ol {
                    @for q in &retired { (attention_item(site, p, q)) "\n" }
                }
            }
            "\n"
        }
        div.doc-body {
            @if p.text.is_ok() {
                article.text aria-labelledby=(text_title) {
                    h2.vh id=(text_title) { "Text of " (title) }
                    (body)
                }
                "\n"
            }
            aside.notes aria-label={ "Claims in " (title) } {
                h2 { "Quotes in this document (" (quotes.len()) ")" }
                @if quotes.is_empty() { p { "No claim quotes this document." } }
                ol {
                    @for q in &quotes { (note(site, from, q)) "\n" }
                }
            }
        }
    }
}

/// A quote that needs attention: what happened, the word diff, where it was.
fn attention_item(site: &Site, p: &Page, q: &Quote) -> Markup {
    let from = From::Doc(p.id);
    let f = q.f;
    let text = p.text.as_ref().ok();
    let line_of = |ch: usize| text.filter(|t| ch <= t.char_len()).map(|t| t.line_col(ch));
    let recorded = f.recorded.and_then(|r| line_of(r.start));
    let diff = super::super::diff(f);
    let details = super::super::details_but_context(f);
    // Context that changed: each side's word diff, styled like a quote's.
    let context: Vec<(&str, Vec<crate::check::finding::DiffPart>)> = match &f.what {
        What::ContextChanged { prefix, suffix, .. } => {
            [("Before the quote", prefix), ("After the quote", suffix)]
                .into_iter()
                .filter_map(|(label, side)| {
                    side.as_ref()
                        .map(|s| (label, crate::check::finding::word_diff(&s.recorded, &s.now)))
                })
                .collect()
        }
        _ => Vec::new(),
    };
    let closest = match &f.what {
        What::Missing {
            closest: Some(c), ..
        } => Some(c),
        _ => None,
    };
    html! {
        li class={ "finding " (super::severity_class(f.severity())) } {
            (super::status_badge(f.status)) " "
            a href={ "#" (super::note_id(q.id(), q.kind)) } { code { (q.id()) } }
            @if let AnchorKind::Evidence(i) = q.kind { " evidence[" (i) "]" }
            " " code.code { (f.status.code()) }
            @if f.retired { " " span.badge.retired { "retired: never fails a run" } }
            p { (super::prose(&crate::render::message(f))) }
            @if f.status.about() == About::Attribution {
                p.places {
                    "The quote is marked at "
                    a href={ "#" (super::mark_id(q.id(), q.kind)) } { "its place in the text" } "."
                }
            } @else if q.places.is_empty() {
                // No place in today's text: its mark is here, with the quote as recorded.
                p.gone-quote {
                    "Recorded quote: "
                    mark id=(super::mark_id(q.id(), q.kind)) class={ (q.classes()) " point" }
                        data-claim=(q.id()) title=(q.title(site)) {
                        (q.recorded_quote().unwrap_or(""))
                    }
                }
            }
            @if let Some(parts) = diff {
                p.diff {
                    "Word diff (recorded → document): "
                    @for part in parts { (diff_part(&part)) }
                }
            }
            @for (label, parts) in &context {
                p.diff {
                    (label) " (recorded → document): "
                    @for part in parts { (diff_part(part)) }
                }
            }
            @if !details.is_empty() {
                ul.details { @for d in &details { li { (super::prose(d)) } } }
            }
            p.places {
                @if let Some((line, col)) = recorded {
                    "Recorded at " a href=(site.line_href(from, p.id, line)) { (line) ":" (col) }
                    @if let Some(r) = f.recorded { " (start = " (r.start) ")" }
                    ". "
                }
                @if let Some(fd) = &f.found {
                    "Marked now at " a href={ "#" (super::mark_id(q.id(), q.kind)) } { (fd.line) ":" (fd.column) } ". "
                }
                @if let Some(c) = closest {
                    "Closest text, a hint only: " a href=(site.line_href(from, p.id, c.line)) { (c.line) ":" (c.column) }
                    " " q { (c.text) } " (" (crate::render::plural(c.edits, "edit")) ")."
                }
            }
        }
    }
}

/// One run of a word diff: kept, deleted (recorded only) or inserted (the
/// document's now). Whitespace alone that changed shows as a visible mark.
pub(crate) fn diff_part(part: &crate::check::finding::DiffPart) -> Markup {
    let shown = if part.op != DiffOp::Equal && part.text.trim().is_empty() {
        part.text.replace('\n', "⏎").replace(' ', "␣")
    } else {
        part.text.clone()
    };
    html! {
        @match part.op {
            DiffOp::Equal => span { (shown) },
            DiffOp::Delete => del title="recorded" { (shown) },
            DiffOp::Insert => ins title="in the document now" { (shown) },
        }
    }
}

/// The note beside the text for one quote: the claim it stands for.
fn note(site: &Site, from: From, q: &Quote) -> Markup {
    let claim = q.claim.map(|c| c.claim);
    html! {
        li id=(super::note_id(q.id(), q.kind)) class={ "note " (super::severity_class(q.f.severity())) } value=(q.n) {
            p.note-head {
                a href={ "#" (super::mark_id(q.id(), q.kind)) } title="its place in the text" { code { (q.id()) } }
                @if let AnchorKind::Evidence(i) = q.kind { " evidence[" (i) "]" }
                " "
                @if let Some(c) = claim { (super::level_badge(c.level)) " " }
                (super::status_badge(q.f.status))
                @if let Some(c) = claim { @if let Some(r) = super::retired_label(c) { " " span.badge.retired { (r) } } }
            }
            @if let Some(c) = claim {
                p.statement { (c.statement) }
                @if let Some(by) = &c.attributed_to { p.by { "Attributed to " (by) } }
                @if let Some(fact) = &c.fact {
                    p.fact {
                        "Fact " a href=(site.index_href(from, Some(&format!("fact-{fact}")))) { code { (fact) } }
                        @if let Some(v) = site.facts.get(fact).and_then(|f| f.verdict.as_deref()) {
                            ", verdict " strong.verdict { (v) }
                        }
                    }
                }
                @match q.kind {
                    AnchorKind::Evidence(_) => {
                        p.ev-of { "Evidence for "
                            @match site.anchor_href(from, q.id(), AnchorKind::Quote) {
                                Some(href) => a href=(href) { "the claim's quote" },
                                None => "the claim's quote (its document has no page)",
                            }
                            @if c.doc != q.f.doc.as_deref().unwrap_or("") { " in " (site.doc_title(&c.doc)) }
                        }
                    }
                    AnchorKind::Quote => {
                        @let evidence: Vec<AnchorKind> = c.anchors.iter().map(|a| a.kind).filter(|k| *k != AnchorKind::Quote).collect();
                        @if !evidence.is_empty() {
                            p.evidence { "Evidence: "
                                @for k in evidence {
                                    @if let AnchorKind::Evidence(i) = k {
                                        @match site.anchor_href(from, q.id(), k) {
                                            Some(href) => a href=(href) { "[" (i) "]" },
                                            None => span { "[" (i) "] (no page)" },
                                        }
                                        " "
                                    }
                                }
                            }
                        }
                    }
                }
            }
            p.where { code { (q.f.file) ":" (q.f.line) } }
        }
    }
}
