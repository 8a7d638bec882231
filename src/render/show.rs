//! `show`'s page: one claim with its quotes highlighted inside their
//! paragraphs, the verdict of each, its source, and the other claims about
//! its fact.

use std::collections::BTreeMap;

use super::Paint;
use crate::anchor::Span;
use crate::check::finding::{Finding, Severity};
use crate::claim::{Claim, ClaimStatus, Level};
use crate::text::DocText;

const WRAP: usize = 92;
const MAX_PARAGRAPH: usize = 900;

/// The paragraph (the non-blank lines) around a span, as code points; long
/// paragraphs are cut to a window around the span.
fn paragraph(text: &DocText, span: Span) -> Span {
    let blank = |l: usize| text.line_text(l).trim().is_empty();
    let mut first = text.line_col(span.start).0;
    while first > 1 && !blank(first - 1) {
        first -= 1;
    }
    let mut last = text.line_col(span.end.saturating_sub(1).max(span.start)).0;
    while last < text.line_count() && !blank(last + 1) {
        last += 1;
    }
    let mut s = text.char_of_byte(text.line_start_byte(first));
    let end_byte = text.line_start_byte(last) + text.line_text(last).len();
    let mut e = text.char_of_byte(end_byte);
    if e - s > MAX_PARAGRAPH {
        let room = MAX_PARAGRAPH.saturating_sub(span.end - span.start) / 2;
        s = s.max(span.start.saturating_sub(room));
        e = e.min(span.end + room);
    }
    Span { start: s, end: e }
}

/// Word-wraps the paragraph with the span highlighted (colour, or ⟦ ⟧).
/// Words are the document's own: a span that starts or ends inside a word
/// is marked inside it, and no space is added that the text does not have.
fn highlighted(text: &DocText, span: Span, paint: Paint) -> String {
    use unicode_width::UnicodeWidthChar;
    let para = paragraph(text, span);
    // Each word: its pieces, each marked (inside the span) or not, and
    // whether a space comes before it. Chinese and Japanese have no spaces:
    // each wide character is a word of its own that a line may end after,
    // save closing punctuation, which stays with the character before it.
    let mut words: Vec<(Vec<(String, bool)>, bool)> = Vec::new();
    let mut word: Vec<(String, bool)> = Vec::new();
    let (mut spaced, mut prev_wide) = (true, false);
    for (pos, ch) in (para.start..).zip(text.slice_chars(para.start..para.end).chars()) {
        if ch.is_whitespace() {
            if !word.is_empty() {
                words.push((std::mem::take(&mut word), spaced));
            }
            (spaced, prev_wide) = (true, false);
            continue;
        }
        let wide = ch.width() == Some(2);
        if (wide || prev_wide) && !word.is_empty() && !super::closing_punctuation(ch) {
            words.push((std::mem::take(&mut word), spaced));
            spaced = false;
        }
        prev_wide = wide;
        let mark = pos >= span.start && pos < span.end;
        match word.last_mut() {
            Some((piece, m)) if *m == mark => piece.push(ch),
            _ => word.push((ch.to_string(), mark)),
        }
    }
    if !word.is_empty() {
        words.push((word, spaced));
    }
    let cut_before = para.start > 0 && !text.slice_chars(para.start - 1..para.start).contains('\n');
    let cut_after = para.end < text.char_len()
        && !text
            .slice_chars(para.end..para.end + 1)
            .contains(['\n', '\r']);
    if cut_before {
        words.insert(0, (vec![("…".into(), false)], true));
    }
    if cut_after {
        words.push((vec![("…".into(), false)], true));
    }
    let first_marked = words.iter().position(|w| w.0.iter().any(|p| p.1));
    let last_marked = words.iter().rposition(|w| w.0.iter().any(|p| p.1));
    let mut out = String::new();
    let mut width = 0;
    for (i, (w, spaced)) in words.iter().enumerate() {
        let mut shown = String::new();
        let mut len = 0;
        let k_first = w.iter().position(|p| p.1);
        let k_last = w.iter().rposition(|p| p.1);
        for (k, (piece, mark)) in w.iter().enumerate() {
            len += unicode_width::UnicodeWidthStr::width(piece.as_str());
            if *mark && paint.on {
                shown.push_str(&paint.yellow(piece));
                continue;
            }
            if !paint.on && Some(i) == first_marked && Some(k) == k_first {
                shown.push('⟦');
                len += 1;
            }
            shown.push_str(piece);
            if !paint.on && Some(i) == last_marked && Some(k) == k_last {
                shown.push('⟧');
                len += 1;
            }
        }
        let gap = usize::from(*spaced);
        if width > 0 && width + gap + len > WRAP {
            out.push_str("\n  ");
            width = 0;
        } else if width > 0 {
            if *spaced {
                out.push(' ');
            }
            width += gap;
        } else {
            out.push_str("  ");
        }
        out.push_str(&shown);
        width += len;
    }
    out.push('\n');
    out
}

/// The attribution recorded when the claim was logged, and what changed.
fn attribution_section(out: &mut String, claim: &Claim, changes: &[Finding], paint: Paint) {
    let Some(att) = &claim.attribution else {
        return;
    };
    out.push_str(&format!(
        "\n{}: the cues implied {} when logged\n",
        paint.bold("attribution"),
        att.level
    ));
    for c in &att.cues {
        out.push_str(&format!(
            "  cue {:?}{}{}\n",
            c.words,
            c.rule
                .as_deref()
                .map(|r| format!(" ({r}"))
                .unwrap_or_default(),
            c.scope.as_deref().map_or_else(
                || if c.rule.is_some() {
                    ")".into()
                } else {
                    String::new()
                },
                |s| format!(", {s})")
            )
        ));
    }
    for f in changes {
        let status = match f.severity() {
            Severity::Error => paint.red(f.status.as_str()),
            Severity::Info => paint.blue(f.status.as_str()),
            _ => paint.yellow(f.status.as_str()),
        };
        out.push_str(&format!("  {status}: {}\n", super::message(f)));
        if let Some(d) = super::finding_diff(f, paint) {
            out.push_str(&format!("  = diff ({}): {d}\n", super::diff_label(f)));
        }
        for d in super::describe::details(f) {
            out.push_str(&format!("  = {d}\n"));
        }
    }
}

fn anchor_section(
    out: &mut String,
    f: &Finding,
    quote: &str,
    text: Option<&DocText>,
    note: Option<&str>,
    paint: Paint,
) {
    let label = f.anchor.map_or("quote".into(), |a| a.to_string());
    let status = match f.severity() {
        Severity::Ok => paint.green(f.status.as_str()),
        Severity::Warning => paint.yellow(f.status.as_str()),
        Severity::Info => paint.blue(f.status.as_str()),
        Severity::Error => paint.red(f.status.as_str()),
    };
    let at = f
        .found
        .as_ref()
        .map_or(String::new(), |fd| format!(" at {}:{}", fd.line, fd.column));
    out.push_str(&format!("\n{}: {status}{at}\n", paint.bold(&label)));
    if f.severity() == Severity::Ok {
        for d in super::describe::brackets(f) {
            out.push_str(&format!("  = {d}\n"));
        }
    } else {
        out.push_str(&format!("  {}\n", super::message(f)));
        for d in super::describe::details(f) {
            out.push_str(&format!("  = {d}\n"));
        }
    }
    if let Some(n) = note {
        out.push_str(&format!("  note: {n}\n"));
    }
    if let Some(d) = super::finding_diff(f, paint) {
        out.push_str(&format!("  diff ({}): {d}\n", super::diff_label(f)));
    }
    if f.found.is_none() {
        out.push_str(&format!(
            "  recorded quote: {}\n",
            crate::fix::escaped(quote, false)
        ));
    }
    if let (Some(fd), Some(text)) = (&f.found, text) {
        out.push_str(&highlighted(
            text,
            Span {
                start: fd.start,
                end: fd.end,
            },
            paint,
        ));
    }
}

/// What the page shows of a claim besides its record.
pub(crate) struct Page<'a> {
    pub(crate) claim: &'a Claim,
    /// The claims file and line it is recorded at.
    pub(crate) path: &'a str,
    /// `title, outlet, …` of its document, its URL, and its file.
    pub(crate) document: Option<DocHeader<'a>>,
    /// Each anchor's finding, in order (the quote first).
    pub(crate) findings: &'a [Finding],
    /// What changed in the claim's attribution since it was logged.
    pub(crate) attribution: &'a [Finding],
    /// The texts of the documents its anchors name, by id.
    pub(crate) texts: BTreeMap<&'a str, &'a DocText>,
    /// The other claims about its fact, with the file each is in.
    pub(crate) same_fact: Vec<(&'a str, &'a Claim)>,
    /// Its `superseded-by` names no claim.
    pub(crate) replacement_missing: bool,
}

/// The claim's document as shown.
pub(crate) struct DocHeader<'a> {
    pub(crate) display: &'a str,
    pub(crate) metadata: BTreeMap<String, String>,
}

/// The whole page, made safe for a terminal.
pub(crate) fn render(page: &Page, paint: Paint) -> String {
    // Only our own colour codes are escape sequences; everything the page
    // quotes from documents and claims is shown with its controls escaped.
    super::safe_page(&page_text(page, paint), paint.on)
}

fn page_text(page: &Page, paint: Paint) -> String {
    let claim = page.claim;
    let mut out = String::new();
    header(&mut out, claim, page.path, page.document.as_ref(), paint);
    if page.replacement_missing {
        out.push_str(&format!(
            "  {}\n",
            paint.red("its superseded-by names no claim: `check` reports it as invalid-claim")
        ));
    }
    for (a, f) in claim.anchors.iter().zip(page.findings) {
        let text = page.texts.get(a.doc.as_str()).copied();
        anchor_section(&mut out, f, &a.quote, text, a.note.as_deref(), paint);
    }
    attribution_section(&mut out, claim, page.attribution, paint);
    if !claim.history.is_empty() {
        out.push_str(&format!("\n{}\n", paint.bold("history")));
        // One line per change: when, the action and who, its note; then
        // each field it changed, strings quoted so a space at an end shows.
        let mut last: Option<(&str, &str, Option<&str>, Option<&str>)> = None;
        for h in &claim.history {
            let head = (
                h.at.as_str(),
                h.action.as_str(),
                h.by.as_deref(),
                h.note.as_deref(),
            );
            if last != Some(head) {
                let mut line = format!("  {}  {}", h.at, h.action);
                if let Some(by) = &h.by {
                    line.push_str(&format!(" by {by}"));
                }
                if let Some(n) = &h.note {
                    line.push_str(&format!(" ({n})"));
                }
                out.push_str(&line);
                out.push('\n');
                last = Some(head);
            }
            if let Some(field) = &h.field {
                out.push_str(&format!(
                    "    {field}: {} -> {}\n",
                    history_value(h.from.as_deref()),
                    history_value(h.to.as_deref())
                ));
            }
        }
    }
    if let Some(fact) = &claim.fact {
        let others = &page.same_fact;
        out.push_str(&format!("\n{} `{fact}`: ", paint.bold("same fact")));
        if others.is_empty() {
            out.push_str("no other claims\n");
        } else {
            out.push_str(&format!(
                "{} other claim{}\n",
                others.len(),
                if others.len() == 1 { "" } else { "s" }
            ));
            for (path, c) in others {
                out.push_str(&format!(
                    "  {}  [{}]  {}  {}:{}\n    {}\n",
                    c.id, c.level, c.doc, path, c.line, c.statement
                ));
            }
        }
    }
    out
}

fn header(out: &mut String, c: &Claim, path: &str, document: Option<&DocHeader>, paint: Paint) {
    let level = match c.level {
        Level::Confirmed => paint.green(c.level.as_str()),
        Level::SourceSays => paint.yellow(c.level.as_str()),
        Level::CouldNotConfirm => paint.red(c.level.as_str()),
    };
    out.push_str(&format!(
        "{} {}  [{level}]\n",
        paint.bold("claim"),
        paint.bold(&c.id)
    ));
    out.push_str(&format!("  statement      {}\n", c.statement));
    out.push_str(&format!(
        "  attributed to  {}\n",
        c.attributed_to
            .as_deref()
            .unwrap_or("(the document itself)")
    ));
    let mut doc = c.doc.clone();
    if let Some(s) = document {
        let meta = &s.metadata;
        // Each value once: an outlet that signs as its own author (`BBC News`)
        // is not named twice.
        let mut about: Vec<&str> = Vec::new();
        for v in ["title", "outlet", "author", "published"]
            .iter()
            .filter_map(|k| meta.get(*k).map(String::as_str))
        {
            if !about.contains(&v) {
                about.push(v);
            }
        }
        if !about.is_empty() {
            doc.push_str(&format!(" — {}", about.join(", ")));
        }
        if let Some(url) = meta.get("url") {
            doc.push_str(&format!(" <{url}>"));
        }
        doc.push_str(&format!(" ({})", s.display));
    }
    out.push_str(&format!("  document       {doc}\n"));
    out.push_str(&format!("  recorded in    {path}:{}\n", c.line));
    if let Some(f) = &c.fact {
        out.push_str(&format!("  fact           {f}\n"));
    }
    if !c.tags.is_empty() {
        out.push_str(&format!("  tags           {}\n", c.tags.join(", ")));
    }
    if let Some(n) = &c.notes {
        out.push_str(&format!("  notes          {n}\n"));
    }
    if c.status != ClaimStatus::Active {
        let mut st = c.status.as_str().to_string();
        if let Some(by) = &c.superseded_by {
            st.push_str(&format!(" by {by}"));
        }
        if let Some(r) = &c.reason {
            st.push_str(&format!(": {r}"));
        }
        out.push_str(&format!("  status         {}\n", paint.bold(&st)));
    }
    match (&c.logged_by, &c.logged_at) {
        (Some(by), Some(at)) => out.push_str(&format!("  logged         by {by}, {at}\n")),
        (Some(by), None) => out.push_str(&format!("  logged         by {by}\n")),
        (None, Some(at)) => out.push_str(&format!("  logged         {at}\n")),
        (None, None) => {}
    }
    for (k, v) in &c.extra {
        out.push_str(&format!("  {k:<14} {v}\n"));
    }
}

/// A history value as people read it: a number, date or `true` as written,
/// any other text quoted (so `"said, "` shows its trailing space).
fn history_value(v: Option<&str>) -> String {
    match v {
        None => "(none)".into(),
        Some(v)
            if v.parse::<f64>().is_ok()
                || matches!(v, "true" | "false")
                || v.parse::<toml::value::Datetime>().is_ok() =>
        {
            v.to_string()
        }
        Some(v) => serde_json::to_string(v).unwrap_or_else(|_| v.to_string()),
    }
}
