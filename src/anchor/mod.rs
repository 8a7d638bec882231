//! Anchoring, with no I/O: where a recorded quote stands in a document's text now,
//! as exactly one verdict (intact, moved, normalized, ambiguous, altered, missing).
//!
//! The search runs in three tiers and stops at the first that answers: exact
//! occurrences, occurrences after the declared normalization, then an
//! approximate (Myers) search on the normalized text. Context (`prefix`,
//! `suffix`) decides between candidates first, then distance to the recorded
//! `start`; it also rejects weak approximate candidates, so a quote is never
//! re-anchored silently onto unrelated text.

pub mod myers;
pub mod normalize;

use std::cell::OnceCell;

use crate::text::DocText;
use normalize::Normalized;

/// Most exact occurrences considered for one quote.
const MAX_OCCURRENCES: usize = 10_000;
/// Most approximate candidates aligned and ranked for one quote.
const MAX_APPROX: usize = 32;

/// A recorded anchor: the W3C TextQuoteSelector plus an optional TextPositionSelector.
#[derive(Debug, Clone, Copy, Default)]
pub struct Selector<'a> {
    pub quote: &'a str,
    pub start: Option<usize>,
    pub prefix: Option<&'a str>,
    pub suffix: Option<&'a str>,
}

impl Selector<'_> {
    fn has_context(&self) -> bool {
        self.prefix.is_some_and(|p| !p.is_empty()) || self.suffix.is_some_and(|s| !s.is_empty())
    }
}

/// A range of code points, end exclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

/// One character difference folded by the normalization.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Difference {
    /// Code-point offset of the document's characters.
    pub at: usize,
    /// What the document has there.
    pub doc: String,
    /// What the quote has instead.
    pub quote: String,
}

/// The shortest context that no other occurrence shares.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SingleOut {
    /// The text just before the occurrence.
    Prefix(String),
    /// The text just after it.
    Suffix(String),
}

/// One of several equally good exact occurrences.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    pub span: Span,
    /// The shortest context that singles this occurrence out.
    pub single_out: Option<SingleOut>,
}

/// Code points of context pinned on each side of a quote (W3C TextQuoteSelector).
pub const CONTEXT: usize = 32;

/// What pins a quote to a span: its position and the context around it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pin {
    pub start: usize,
    pub prefix: String,
    pub suffix: String,
}

impl Pin {
    /// Pins `span` of `text` with `CONTEXT` code points on each side.
    pub fn at(text: &DocText, span: Span) -> Pin {
        Pin {
            start: span.start,
            prefix: text
                .slice_chars(span.start.saturating_sub(CONTEXT)..span.start)
                .to_string(),
            suffix: text.slice_chars(span.end..span.end + CONTEXT).to_string(),
        }
    }
}

/// The one verdict for an anchor.
#[derive(Debug, Clone, PartialEq)]
pub enum Verdict {
    /// The quote is at `start` (or, with no `start`, occurs once or context singles it out).
    Intact(Span),
    /// The exact quote is elsewhere than `start`.
    Moved(Span),
    /// Several exact occurrences that neither context nor `start` separates.
    Ambiguous(Vec<Candidate>),
    /// Matches only after the declared normalization; each folded difference.
    Normalized {
        span: Span,
        differences: Vec<Difference>,
    },
    /// Only an approximate match, within a third of the quote's length in edits.
    Altered {
        span: Span,
        edits: usize,
        similarity: f64,
    },
    /// Nothing close enough.
    Missing,
}

/// A document prepared for anchoring; the normalized text is built at most
/// once, and only if some quote needs it.
pub struct Doc<'a> {
    pub text: &'a DocText,
    normalized: OnceCell<Normalized>,
}

impl<'a> Doc<'a> {
    pub fn new(text: &'a DocText) -> Doc<'a> {
        Doc {
            text,
            normalized: OnceCell::new(),
        }
    }

    fn normalized(&self) -> &Normalized {
        self.normalized
            .get_or_init(|| Normalized::new(self.text.as_str(), false))
    }

    /// Anchors one selector in this document.
    pub fn anchor(&self, sel: &Selector) -> Verdict {
        if sel.quote.is_empty() || self.text.char_len() == 0 {
            return Verdict::Missing;
        }
        let text = self.text.as_str();
        if let Some(start) = sel.start
            && let Some(b) = self.text.byte_of_char(start)
            && text[b..].starts_with(sel.quote)
        {
            let end = start + sel.quote.chars().count();
            return Verdict::Intact(Span { start, end });
        }
        let exact = self.exact_occurrences(sel.quote);
        if !exact.is_empty() {
            return self.choose_exact(sel, exact);
        }
        self.anchor_normalized(sel)
    }

    fn exact_occurrences(&self, quote: &str) -> Vec<Span> {
        let hay = self.text.as_str().as_bytes();
        let finder = memchr::memmem::Finder::new(quote.as_bytes());
        let qlen = quote.chars().count();
        let step = quote.chars().next().map_or(1, char::len_utf8);
        let mut out = Vec::new();
        let mut pos = 0;
        while let Some(i) = finder.find(&hay[pos..]) {
            let start = self.text.char_of_byte(pos + i);
            out.push(Span {
                start,
                end: start + qlen,
            });
            if out.len() >= MAX_OCCURRENCES {
                break;
            }
            pos += i + step;
        }
        out
    }

    fn choose_exact(&self, sel: &Selector, occ: Vec<Span>) -> Verdict {
        let choice = self.choose(sel, &occ);
        let span = match choice {
            Choice::One(span) => span,
            Choice::Tie(spans) => return Verdict::Ambiguous(self.single_out(&spans)),
        };
        // The trap: an exact copy elsewhere must not win over the original
        // edited in place. When the copy's surroundings do not match the
        // recorded context, look for an edited quote whose surroundings do.
        if sel.has_context() {
            let copy_ctx = self.context_score(sel, span).unwrap_or(1.0);
            // The edited original must be lightly edited (a fifth of the quote
            // at most) and clearly better placed, or the exact copy stands.
            if copy_ctx < 0.7
                && let Some(alt) = self.approximate(sel, &occ)
                && alt.edits * 5 <= alt.m
                && alt.context.is_some_and(|c| c >= 0.8 && c >= copy_ctx + 0.3)
            {
                return self.approx_verdict(sel, &alt);
            }
        }
        match sel.start {
            Some(_) => Verdict::Moved(span),
            None => Verdict::Intact(span),
        }
    }

    fn anchor_normalized(&self, sel: &Selector) -> Verdict {
        let nq = Normalized::new(sel.quote, true);
        if nq.is_empty() {
            return Verdict::Missing;
        }
        let nd = self.normalized();
        let finder = memchr::memmem::Finder::new(nq.text.as_bytes());
        let mut occ = Vec::new();
        let mut starts = Vec::new();
        let mut pos = 0;
        let hay = nd.text.as_bytes();
        while let Some(i) = finder.find(&hay[pos..]) {
            let ns = nd.char_of_byte(pos + i);
            let (s, e) = nd.original(ns, ns + nq.len());
            occ.push(Span { start: s, end: e });
            starts.push(ns);
            if occ.len() >= MAX_OCCURRENCES {
                break;
            }
            pos += i + 1;
            while pos < hay.len() && (hay[pos] as i8) < -0x40 {
                pos += 1;
            }
        }
        if occ.is_empty() {
            return match self.approximate(sel, &[]) {
                Some(alt) => self.approx_verdict(sel, &alt),
                None => Verdict::Missing,
            };
        }
        match self.choose(sel, &occ) {
            Choice::One(span) => {
                let ns = starts[occ.iter().position(|s| *s == span).unwrap_or(0)];
                Verdict::Normalized {
                    span,
                    differences: self.differences(nd, ns, &nq, sel.quote),
                }
            }
            Choice::Tie(spans) => Verdict::Ambiguous(self.single_out(&spans)),
        }
    }

    /// Picks among occurrences: context first, then distance to `start`.
    fn choose(&self, sel: &Selector, occ: &[Span]) -> Choice {
        if occ.len() == 1 {
            return Choice::One(occ[0]);
        }
        let mut pool: Vec<Span> = occ.to_vec();
        if sel.has_context() {
            let scores: Vec<f64> = pool
                .iter()
                .map(|&s| self.context_score(sel, s).unwrap_or(0.0))
                .collect();
            let best = scores.iter().copied().fold(f64::MIN, f64::max);
            pool = pool
                .into_iter()
                .zip(&scores)
                .filter(|&(_, &sc)| sc >= best - 1e-9)
                .map(|(s, _)| s)
                .collect();
            if pool.len() == 1 {
                return Choice::One(pool[0]);
            }
        }
        if let Some(start) = sel.start {
            let best = pool
                .iter()
                .map(|s| s.start.abs_diff(start))
                .min()
                .unwrap_or(0);
            pool.retain(|s| s.start.abs_diff(start) == best);
            if pool.len() == 1 {
                return Choice::One(pool[0]);
            }
        }
        Choice::Tie(pool)
    }

    /// Similarity (0..=1) of the recorded prefix and suffix to the text around
    /// `span`; `None` when no context was recorded.
    fn context_score(&self, sel: &Selector, span: Span) -> Option<f64> {
        let mut total = 0.0;
        let mut parts = 0;
        if let Some(prefix) = sel.prefix.filter(|p| !p.is_empty()) {
            let want: Vec<char> = normalize::normalize_str(prefix).chars().collect();
            let from = span.start.saturating_sub(want.len() + 8);
            let have: Vec<char> = normalize::normalize_str(self.text.slice_chars(from..span.start))
                .chars()
                .rev()
                .collect();
            let want_rev: Vec<char> = want.iter().rev().copied().collect();
            total += myers::similarity_anchored(&want_rev, &have);
            parts += 1;
        }
        if let Some(suffix) = sel.suffix.filter(|s| !s.is_empty()) {
            let want: Vec<char> = normalize::normalize_str(suffix).chars().collect();
            let have: Vec<char> = normalize::normalize_str(
                self.text.slice_chars(span.end..span.end + want.len() + 8),
            )
            .chars()
            .collect();
            total += myers::similarity_anchored(&want, &have);
            parts += 1;
        }
        (parts > 0).then(|| total / parts as f64)
    }

    /// The best approximate candidate that passes the acceptance rule,
    /// skipping candidates that overlap `exclude`.
    fn approximate(&self, sel: &Selector, exclude: &[Span]) -> Option<Approx> {
        let nq = Normalized::new(sel.quote, true);
        let m = nq.len();
        if m == 0 {
            return None;
        }
        let nd = self.normalized();
        let k = m / 3;
        // Most edited quotes are lightly edited: a tight bound first keeps the
        // bit-parallel scan to one or two blocks; the full third only if needed.
        let pattern = myers::Pattern::new(&nq.chars);
        // A quick pass with a bound so tight that the pigeonhole filter skips
        // almost all of the text. Its best candidate is final when its rank
        // (at least edits / m) proves no candidate beyond the bound could beat it.
        let quick = m / 40;
        if quick > 0 && quick < m / 10 {
            let hits = pattern.find(&nd.chars, quick);
            if let Some((found, rank)) = self.best_candidate(sel, &nq, hits, exclude)
                && rank * m as f64 <= quick as f64 + 1e-9
            {
                return Some(found);
            }
        }
        let tiers: &[usize] = if m / 10 < k { &[m / 10, k] } else { &[k] };
        for &bound in tiers {
            let hits = pattern.find(&nd.chars, bound);
            if let Some((found, _)) = self.best_candidate(sel, &nq, hits, exclude) {
                return Some(found);
            }
        }
        None
    }

    /// Aligns, checks and ranks the scan's hits; the best acceptable candidate.
    fn best_candidate(
        &self,
        sel: &Selector,
        nq: &Normalized,
        hits: Vec<(usize, usize)>,
        exclude: &[Span],
    ) -> Option<(Approx, f64)> {
        let nd = self.normalized();
        let m = nq.len();
        let k = m / 3;
        // Consecutive end positions belong to one match: keep each run's best.
        let mut runs: Vec<(usize, usize)> = Vec::new();
        for (end, edits) in hits {
            match runs.last_mut() {
                Some(last) if end <= last.0 + 1 + k => {
                    if edits < last.1 {
                        *last = (end, edits);
                    }
                }
                _ => runs.push((end, edits)),
            }
        }
        runs.sort_by_key(|&(end, edits)| (edits, end));
        runs.truncate(MAX_APPROX);
        let mut best: Option<(f64, usize, Approx)> = None;
        for (end, _) in runs {
            let from = end.saturating_sub(m + k);
            let to = (end + k).min(nd.len());
            let (s, e, edits) = myers::align(&nq.chars, &nd.chars[from..to], end - from);
            let (mut ns, mut ne) = (from + s, from + e);
            let (ss, se) = snap_to_words(nd, ns, ne, nq);
            let mut edits = edits;
            if (ss, se) != (ns, ne) {
                // Whole words only when that costs no extra edit.
                let snapped = myers::levenshtein(&nq.chars, &nd.chars[ss..se]);
                if snapped <= edits {
                    (ns, ne, edits) = (ss, se, snapped);
                }
            }
            if ns >= ne {
                continue;
            }
            let (os, oe) = nd.original(ns, ne);
            let span = Span { start: os, end: oe };
            if exclude.iter().any(|x| x.start < oe && os < x.end) {
                continue;
            }
            let context = self.context_score(sel, span);
            if !accept(m, edits, context) {
                continue;
            }
            let rank = edits as f64 / m as f64 + context.map_or(0.0, |c| (1.0 - c) * 0.5);
            let hint = sel.start.map_or(0, |st| st.abs_diff(os));
            let cand = Approx {
                span,
                norm_start: ns,
                edits,
                m,
                context,
            };
            let better = match &best {
                None => true,
                Some((r, h, b)) => {
                    rank < r - 1e-9
                        || ((rank - r).abs() <= 1e-9
                            && (hint < *h || (hint == *h && os < b.span.start)))
                }
            };
            if better {
                best = Some((rank, hint, cand));
            }
        }
        best.map(|(rank, _, a)| (a, rank))
    }

    /// The verdict for an approximate candidate: one with no edits on the
    /// normalized text differs only in typography, so it is `normalized`.
    fn approx_verdict(&self, sel: &Selector, alt: &Approx) -> Verdict {
        if alt.edits == 0 {
            let nq = Normalized::new(sel.quote, true);
            return Verdict::Normalized {
                span: alt.span,
                differences: self.differences(self.normalized(), alt.norm_start, &nq, sel.quote),
            };
        }
        alt.verdict()
    }

    /// For each tied occurrence, the shortest prefix or suffix that no other shares.
    fn single_out(&self, spans: &[Span]) -> Vec<Candidate> {
        let n = self.text.char_len();
        spans
            .iter()
            .map(|&span| {
                let mut found = None;
                for len in 1..=64 {
                    if len <= span.start {
                        let p = self.text.slice_chars(span.start - len..span.start);
                        let unique = spans.iter().all(|o| {
                            *o == span
                                || o.start < len
                                || self.text.slice_chars(o.start - len..o.start) != p
                        });
                        if unique {
                            found = Some(SingleOut::Prefix(p.to_string()));
                            break;
                        }
                    }
                    if span.end + len <= n {
                        let s = self.text.slice_chars(span.end..span.end + len);
                        let unique = spans.iter().all(|o| {
                            *o == span
                                || o.end + len > n
                                || self.text.slice_chars(o.end..o.end + len) != s
                        });
                        if unique {
                            found = Some(SingleOut::Suffix(s.to_string()));
                            break;
                        }
                    }
                }
                Candidate {
                    span,
                    single_out: found,
                }
            })
            .collect()
    }

    /// The differences the normalization folded between the document's span
    /// (from normalized index `ns`) and the quote, one per normalized character
    /// whose original characters differ (dropped characters travel with the
    /// character before them).
    fn differences(
        &self,
        nd: &Normalized,
        ns: usize,
        nq: &Normalized,
        quote: &str,
    ) -> Vec<Difference> {
        let qchars: Vec<char> = quote.chars().collect();
        let n = nq.len();
        let seg = |spans: &[(u32, u32)], i: usize| {
            let a = spans[i].0 as usize;
            let b = if i + 1 < spans.len() {
                spans[i + 1].0 as usize
            } else {
                spans[i].1 as usize
            };
            (a, b.max(a))
        };
        let mut out = Vec::new();
        for i in 0..n {
            let (d0, mut d1) = seg(&nd.spans, ns + i);
            let (q0, mut q1) = seg(&nq.spans, i);
            if i + 1 == n {
                d1 = nd.spans[ns + i].1 as usize;
                q1 = nq.spans[i].1 as usize;
            }
            let doc = self.text.slice_chars(d0..d1);
            let q: String = qchars[q0..q1].iter().collect();
            if doc != q {
                out.push(Difference {
                    at: d0,
                    doc: doc.to_string(),
                    quote: q,
                });
            }
        }
        out
    }
}

enum Choice {
    One(Span),
    Tie(Vec<Span>),
}

struct Approx {
    span: Span,
    /// Start in the normalized text.
    norm_start: usize,
    edits: usize,
    m: usize,
    context: Option<f64>,
}

impl Approx {
    fn verdict(&self) -> Verdict {
        Verdict::Altered {
            span: self.span,
            edits: self.edits,
            similarity: 1.0 - self.edits as f64 / self.m as f64,
        }
    }
}

/// Whether an approximate candidate is close enough to report as the quote,
/// edited. Within a third of the quote's length in edits; surroundings that
/// match nothing recorded reject a candidate that is more than lightly edited,
/// and very short quotes without context must be nearly exact.
fn accept(m: usize, edits: usize, context: Option<f64>) -> bool {
    if edits > m / 3 {
        return false;
    }
    match context {
        Some(c) => c >= 0.5 || edits * 10 <= m,
        None => m >= 20 || edits <= 1 + m / 10,
    }
}

/// Widens an approximate span that starts or ends inside a word to the whole
/// word, when the quote itself starts or ends with a word character, so the
/// span reported is the edited image of the quote, not a shorter piece of it.
fn snap_to_words(nd: &Normalized, mut s: usize, mut e: usize, nq: &Normalized) -> (usize, usize) {
    let word = |c: char| c.is_alphanumeric();
    if nq.chars.first().is_some_and(|&c| word(c)) {
        while s > 0 && s < nd.len() && word(nd.chars[s - 1]) && word(nd.chars[s]) {
            s -= 1;
        }
    }
    if nq.chars.last().is_some_and(|&c| word(c)) {
        while e > 0 && e < nd.len() && word(nd.chars[e]) && word(nd.chars[e - 1]) {
            e += 1;
        }
    }
    (s, e)
}
