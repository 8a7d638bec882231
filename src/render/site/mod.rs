//! `report`'s static site as HTML: what every page shares (the links
//! between pages, labels and symbols for levels and statuses, the layout),
//! the index and one page per document. Templates are maud macros, checked
//! when the crate compiles; every text from the corpus and the claims goes
//! through their escaping or `text`'s.

mod index;
mod page;
pub(crate) mod text;

use std::collections::{BTreeMap, HashMap};

use maud::{DOCTYPE, Markup, PreEscaped, html};

use crate::check::finding::{Severity, Status};
use crate::check::status::About;
use crate::claim::{AnchorKind, Claim, ClaimStatus, Level};
use crate::facts::Facts;
pub(crate) use index::{DocRow, FactRow, Index, index};
pub(crate) use page::{Page, page};

/// The report's style sheet: a file beside the pages, or inlined.
pub(crate) const STYLE: &str = include_str!("style.css");
/// Filtering by level, status and fact (a file beside the pages, or
/// inlined); the pages work without it.
pub(crate) const SCRIPT: &str = include_str!("filter.js");

/// How the pages link to each other.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mode {
    /// `index.html`, `style.css` and `doc/<id>.html`.
    Folder,
    /// One file: every page a section of it, the style inlined.
    Single,
}

/// A claim as the pages need it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ClaimRef<'a> {
    pub(crate) claim: &'a Claim,
}

/// What every page may look up: the claims by id, the documents that have
/// a page, the facts, and how pages link.
pub(crate) struct Site<'a> {
    pub(crate) mode: Mode,
    /// The project's name (its folder), for titles.
    pub(crate) project: String,
    /// When the report was made, as people read it.
    pub(crate) generated: String,
    pub(crate) claims: HashMap<&'a str, ClaimRef<'a>>,
    /// Documents with a page, by id: their number (for ids in one file)
    /// and title.
    pub(crate) docs: BTreeMap<&'a str, DocInfo>,
    pub(crate) facts: &'a Facts,
}

/// A document with a page.
#[derive(Debug, Clone)]
pub(crate) struct DocInfo {
    pub(crate) number: usize,
    pub(crate) title: Option<String>,
}

/// Which page a link is written on.
#[derive(Debug, Clone, Copy)]
pub(crate) enum From<'a> {
    Index,
    Doc(&'a str),
}

impl Site<'_> {
    /// The path of a document's page from the report's folder.
    pub(crate) fn doc_file(id: &str) -> String {
        format!("doc/{id}.html")
    }

    /// `../` as many times as `from` is deep in the folder.
    fn up(&self, from: From) -> String {
        match (self.mode, from) {
            (Mode::Folder, From::Doc(id)) => "../".repeat(1 + id.matches('/').count()),
            _ => String::new(),
        }
    }

    /// A link to a document's page, or to a place in it (`frag` without `#`).
    pub(crate) fn doc_href(&self, from: From, doc: &str, frag: Option<&str>) -> String {
        match self.mode {
            Mode::Folder => {
                let same = matches!(from, From::Doc(d) if d == doc);
                let mut href = if same {
                    String::new()
                } else {
                    format!("{}{}", self.up(from), encode_path(&Site::doc_file(doc)))
                };
                if let Some(f) = frag {
                    href.push('#');
                    href.push_str(&encode_fragment(f));
                }
                href
            }
            Mode::Single => match frag {
                Some(f) => format!("#{}", encode_fragment(f)),
                None => format!("#{}", self.doc_anchor(doc)),
            },
        }
    }

    /// The id of a document's section (one file) or page top.
    pub(crate) fn doc_anchor(&self, doc: &str) -> String {
        format!("doc-{}", self.docs.get(doc).map_or(0, |d| d.number))
    }

    /// What a document page's line anchors start with: nothing on a page of
    /// its own, the document's number in one file.
    pub(crate) fn line_prefix(&self, doc: &str) -> String {
        match self.mode {
            Mode::Folder => String::new(),
            Mode::Single => format!("d{}-", self.docs.get(doc).map_or(0, |d| d.number)),
        }
    }

    /// A link to a line of a document.
    pub(crate) fn line_href(&self, from: From, doc: &str, line: usize) -> String {
        let id = format!("{}L{line}", self.line_prefix(doc));
        self.doc_href(from, doc, Some(&id))
    }

    /// A link to an anchor's mark, on its document's page; `None` when the
    /// claim or its document has no page.
    pub(crate) fn anchor_href(&self, from: From, claim: &str, kind: AnchorKind) -> Option<String> {
        let c = self.claims.get(claim)?;
        let a = c.claim.anchors.iter().find(|a| a.kind == kind)?;
        self.docs.contains_key(a.doc.as_str()).then(|| {
            let id = mark_id(claim, kind);
            self.doc_href(from, &a.doc, Some(&id))
        })
    }

    /// A link to the index, or to a place on it.
    pub(crate) fn index_href(&self, from: From, frag: Option<&str>) -> String {
        match (self.mode, frag) {
            (Mode::Folder, Some(f)) => {
                format!("{}index.html#{}", self.up(from), encode_fragment(f))
            }
            (Mode::Folder, None) => format!("{}index.html", self.up(from)),
            (Mode::Single, Some(f)) => format!("#{}", encode_fragment(f)),
            (Mode::Single, None) => "#index".into(),
        }
    }

    /// A document's title, or its id.
    pub(crate) fn doc_title<'s>(&'s self, doc: &'s str) -> &'s str {
        self.docs
            .get(doc)
            .and_then(|d| d.title.as_deref())
            .unwrap_or(doc)
    }
}

/// The id of an anchor's mark: `claim-ID` for a claim's quote,
/// `evidence-N-of-ID` for its evidence (N from 0, as `evidence[N]`).
pub(crate) fn mark_id(claim: &str, kind: AnchorKind) -> String {
    match kind {
        AnchorKind::Quote => format!("claim-{claim}"),
        AnchorKind::Evidence(i) => format!("evidence-{i}-of-{claim}"),
    }
}

/// The id of an anchor's note beside the text.
pub(crate) fn note_id(claim: &str, kind: AnchorKind) -> String {
    format!("about-{}", mark_id(claim, kind))
}

/// Percent-encodes a path for an `href`: bytes outside the unreserved set
/// and `/` (spaces, `#`, `?`, `%`, non-ASCII) are escaped.
pub(crate) fn encode_path(p: &str) -> String {
    encode(p, |b| b == b'/')
}

/// Percent-encodes a fragment; ids of lines, claims and facts are ASCII,
/// so this only matters for document numbers' neighbours and fact ids.
pub(crate) fn encode_fragment(f: &str) -> String {
    encode(f, |b| b == b':')
}

fn encode(s: &str, keep: impl Fn(u8) -> bool) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') || keep(b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Whether a URL from a metadata or facts file may be a link: only web
/// addresses (never `javascript:` or `data:`).
pub(crate) fn is_web(url: &str) -> bool {
    let lower = url.trim_start().to_ascii_lowercase();
    lower.starts_with("https://") || lower.starts_with("http://")
}

/// Prose written for the terminal, where `code` is in backticks: the
/// backticked words become `<code>`, everything escaped.
pub(crate) fn prose(s: &str) -> Markup {
    html! {
        @for (i, part) in s.split('`').enumerate() {
            @if i % 2 == 1 { code { (part) } } @else { (part) }
        }
    }
}

/// A level's symbol: the ladder from filled (confirmed) to empty.
pub(crate) fn level_symbol(l: Level) -> &'static str {
    match l {
        Level::Confirmed => "●",
        Level::SourceSays => "◐",
        Level::CouldNotConfirm => "○",
    }
}

/// A level in words.
pub(crate) fn level_label(l: Level) -> &'static str {
    match l {
        Level::Confirmed => "confirmed",
        Level::SourceSays => "source says",
        Level::CouldNotConfirm => "could not confirm",
    }
}

/// The CSS class of a severity.
pub(crate) fn severity_class(s: Severity) -> &'static str {
    match s {
        Severity::Ok => "sev-ok",
        Severity::Info => "sev-info",
        Severity::Warning => "sev-warning",
        Severity::Error => "sev-error",
    }
}

/// A level badge: symbol and words.
pub(crate) fn level_badge(l: Level) -> Markup {
    html! {
        span class={ "badge lvl-" (l.as_str()) } { (level_symbol(l)) " " (level_label(l)) }
    }
}

/// A status badge: symbol and status word.
pub(crate) fn status_badge(s: Status) -> Markup {
    html! {
        span class={ "badge st-" (s.as_str()) " " (severity_class(s.severity())) } title=(s.meaning().replace('`', "")) {
            (s.symbol()) " " (s.as_str())
        }
    }
}

/// A claim's standing when it is not active: "retracted", "superseded".
pub(crate) fn retired_label(c: &Claim) -> Option<&'static str> {
    match c.status {
        ClaimStatus::Active => None,
        s => Some(s.as_str()),
    }
}

/// The legend of symbols, for the top of every page.
pub(crate) fn legend() -> Markup {
    html! {
        details.legend {
            summary { "Legend" }
            p {
                "Levels, also drawn as the underline (solid, dashed, dotted): "
                @for l in Level::ALL { (level_badge(l)) " " }
            }
            "\n"
            p {
                "Quote statuses: "
                @for s in Status::ALL.into_iter().filter(|s| s.about() == About::Quote) {
                    span class={ "badge st-" (s.as_str()) " " (severity_class(s.severity())) } {
                        (s.symbol()) " " (s.as_str())
                    }
                    " "
                }
                "Broken quotes also have a wavy outline; a quote that is gone shows as "
                mark.q.point.legend-point { "✗" } " where it was."
            }
            p {
                "Attribution statuses (listed with the quotes that need attention): "
                @for s in Status::ALL.into_iter().filter(|s| s.about() == About::Attribution) {
                    span class={ "badge st-" (s.as_str()) " " (severity_class(s.severity())) } {
                        (s.symbol()) " " (s.as_str())
                    }
                    " "
                }
            }
        }
    }
}

/// A whole HTML page around `body` (Folder mode).
#[expect(
    clippy::needless_pass_by_value,
    reason = "every caller builds the body for this page alone"
)]
pub(crate) fn layout(site: &Site, from: From, title: &str, body: Markup) -> String {
    let style = format!("{}style.css", site.up(from));
    let page = html! {
        (DOCTYPE)
        html lang="en" {
            head {
                "\n" meta charset="utf-8";
                "\n" meta name="viewport" content="width=device-width, initial-scale=1";
                "\n" meta name="generator" content={ "claimtrack " (env!("CARGO_PKG_VERSION")) };
                "\n" title { (title) }
                "\n" link rel="stylesheet" href=(style);
                "\n"
            }
            "\n"
            body {
                "\n"
                main { (body) }
                "\n"
                script src=(format!("{}filter.js", site.up(from))) {}
                "\n"
            }
            "\n"
        }
    }
    .into_string();
    text::without_forbidden(page)
}

/// One file: the style inlined, the index first, then every document.
pub(crate) fn single(title: &str, sections: &[String]) -> String {
    let head = html! {
        meta charset="utf-8";
        meta name="viewport" content="width=device-width, initial-scale=1";
        meta name="generator" content={ "claimtrack " (env!("CARGO_PKG_VERSION")) };
        title { (title) }
        style { (PreEscaped(STYLE)) }
    };
    let mut out = String::with_capacity(sections.iter().map(String::len).sum::<usize>() + 16384);
    out.push_str("<!DOCTYPE html><html lang=\"en\"><head>");
    out.push_str(&head.into_string());
    out.push_str("</head>\n<body class=\"single\">\n<main>\n");
    for s in sections {
        out.push_str(s);
    }
    out.push_str("</main>\n");
    out.push_str(&html! { script { (PreEscaped(SCRIPT)) } }.into_string());
    out.push_str("\n</body>\n</html>\n");
    text::without_forbidden(out)
}
