//! Anchoring, with no I/O: where a recorded quote stands in a document's text now,
//! as exactly one verdict (intact, moved, context-changed, normalized,
//! ambiguous, altered, missing).
//!
//! The search runs in three tiers and stops at the first that answers: exact
//! occurrences, occurrences after the declared normalization, then an
//! approximate (Myers) search on the normalized text. Context (`prefix`,
//! `suffix`) decides between candidates first, then distance to the recorded
//! `start`. A quote found whole whose recorded context no longer surrounds it
//! is `context-changed`, never silently `moved` or `intact`. An approximate
//! match counts only where the quote was: overlapping its recorded place, or
//! where its recorded context still stands; anywhere else it is only named as
//! the closest text, and the quote is `missing`. A quote recorded with neither
//! position nor context may match anywhere, but only nearly exactly.

pub mod context;
mod elide;
pub mod myers;
pub mod normalize;
pub(crate) mod words;

use std::sync::OnceLock;

use crate::text::DocText;
pub use context::{ContextChange, Side};
pub use elide::{Elided, Gap, Mark, Part};
use normalize::{Normalized, with_units};

/// Occurrences past which context is first compared exactly, character by
/// character, and only the best are compared approximately.
const APPROX_CONTEXT_POOL: usize = 512;
/// Occurrences of an ambiguous quote for which the shortest context that
/// singles each out is worked out (the report lists the first few).
const SINGLE_OUT_LISTED: usize = 10;
/// Most approximate candidates aligned and ranked for one quote.
const MAX_APPROX: usize = 32;
/// Most occurrences of a piece of context used to place a search window.
const MAX_CONTEXT_HITS: usize = 1024;
/// Code points searched on each side of a quote's recorded place beyond the
/// quote's own length: text inserted or deleted nearby moves it a little.
const NEAR_START: usize = 256;
/// Normalized code points from which a document's q-gram index pays off.
const INDEX_FROM: usize = 64 * 1024;
/// Searches of a whole document made by scanning before its index is built:
/// a document with one or two such quotes never pays for the index's memory.
const SCANS_BEFORE_INDEX: usize = 2;
/// Normalized code points of the recorded context used to place a window.
const CONTEXT_PIECE: usize = 16;

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

    /// Whether the quote was pinned at all: a position or some context.
    fn is_anchored(&self) -> bool {
        self.start.is_some() || self.has_context()
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

/// The closest text to a missing quote, elsewhere: a hint, never the anchor.
#[derive(Debug, Clone, PartialEq)]
pub struct Closest {
    pub span: Span,
    pub edits: usize,
}

/// The one verdict for an anchor.
#[derive(Debug, Clone, PartialEq)]
pub enum Verdict {
    /// The quote is at `start` (or, with no `start`, occurs once or context singles it out).
    Intact(Span),
    /// The exact quote, with its recorded context, is elsewhere than `start`.
    Moved(Span),
    /// The quote stands (exactly, or after folding the `differences`), but its
    /// recorded prefix or suffix no longer surrounds it within its paragraph.
    ContextChanged {
        span: Span,
        change: ContextChange,
        differences: Vec<Difference>,
    },
    /// Several exact occurrences that neither context nor `start` separates.
    Ambiguous(Vec<Candidate>),
    /// Matches only after the declared normalization; each folded difference.
    Normalized {
        span: Span,
        differences: Vec<Difference>,
    },
    /// Only an approximate match where the quote was, or where its context stands.
    Altered {
        span: Span,
        edits: usize,
        similarity: f64,
    },
    /// Nothing close enough where it may count; perhaps a closest text elsewhere.
    Missing(Option<Closest>),
    /// A quote with elisions (`A ... B`): the verdict of the passage, and each part's.
    Elided(Box<Elided>),
}

impl Verdict {
    /// The span the verdict places the quote at, if any.
    pub fn span(&self) -> Option<Span> {
        match self {
            Verdict::Intact(s) | Verdict::Moved(s) => Some(*s),
            Verdict::ContextChanged { span, .. }
            | Verdict::Normalized { span, .. }
            | Verdict::Altered { span, .. } => Some(*span),
            Verdict::Elided(e) => e.verdict.span(),
            Verdict::Ambiguous(_) | Verdict::Missing(_) => None,
        }
    }

    /// The worst rank of a verdict that finds the quote whole.
    const FOUND_WHOLE: u8 = 3;

    /// How bad a verdict is, for the worst of several (elided parts).
    fn rank(&self) -> u8 {
        match self {
            Verdict::Intact(_) => 0,
            Verdict::Moved(_) => 1,
            Verdict::Normalized { .. } => 2,
            Verdict::ContextChanged { .. } => 3,
            Verdict::Ambiguous(_) => 4,
            Verdict::Altered { .. } => 5,
            Verdict::Missing(_) => 6,
            Verdict::Elided(e) => e.verdict.rank(),
        }
    }
}

/// A document prepared for anchoring; the normalized text is built at most
/// once, and only if some quote needs it. Shared by the threads that anchor
/// the quotes of one document.
pub struct Doc<'a> {
    pub text: &'a DocText,
    normalized: OnceLock<Normalized>,
    /// The q-gram index of the normalized text, for large documents.
    index: OnceLock<myers::GramIndex>,
    /// Searches of the whole text so far (the index is built after a few).
    searches: std::sync::atomic::AtomicUsize,
}

impl<'a> Doc<'a> {
    pub fn new(text: &'a DocText) -> Doc<'a> {
        Doc {
            text,
            normalized: OnceLock::new(),
            index: OnceLock::new(),
            searches: std::sync::atomic::AtomicUsize::new(0),
        }
    }

    /// The original span of normalized range `[ns, ne)`, without the
    /// whitespace at its edges that a quote mark or a dash folded into itself.
    fn original(&self, ns: usize, ne: usize) -> Span {
        let nd = self.normalized();
        let (mut s, mut e) = nd.original(ns, ne);
        let text = self.text;
        let white = |at: usize| {
            text.slice_chars(at..at + 1)
                .chars()
                .all(char::is_whitespace)
        };
        while s < e && white(s) {
            s += 1;
        }
        while e > s && white(e - 1) {
            e -= 1;
        }
        Span { start: s, end: e }
    }

    /// Every hit of `pattern` within `k` edits anywhere in the normalized
    /// text: through the q-gram index on a large document, shared by all its
    /// quotes, else by the pigeonhole scan.
    fn find_anywhere(&self, pattern: &myers::Pattern, k: usize) -> Vec<(usize, usize)> {
        let nd = self.normalized();
        // The index pays off only over several searches: the first few scan.
        let searches = self
            .searches
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        if nd.len() >= INDEX_FROM && searches >= SCANS_BEFORE_INDEX {
            let index = self
                .index
                .get_or_init(|| with_units!(&nd.units, t => myers::GramIndex::new(t)));
            with_units!(&nd.units, t => pattern.find_indexed(t, index, k))
        } else {
            with_units!(&nd.units, t => pattern.find(t, k))
        }
    }

    fn normalized(&self) -> &Normalized {
        self.normalized
            .get_or_init(|| Normalized::new(self.text.as_str(), false))
    }

    /// Anchors one selector in this document.
    ///
    /// A quote with elisions is anchored part by part. Square brackets are
    /// first read literally (`[1]`, `[2Fe-2S]`); only when the literal
    /// reading does not find the quote whole are they read as an editor's
    /// (`I told [Mikhailov] that`, `[sic]`), and that reading is kept when it
    /// does better.
    pub fn anchor(&self, sel: &Selector) -> Verdict {
        let literal = match elide::split(sel.quote, false) {
            Some(split) => elide::anchor(self, sel, &split),
            None => self.anchor_whole(sel),
        };
        if literal.rank() <= Verdict::FOUND_WHOLE || !sel.quote.contains('[') {
            return literal;
        }
        match elide::split(sel.quote, true) {
            Some(split) => {
                let editorial = elide::anchor(self, sel, &split);
                if editorial.rank() < literal.rank() {
                    editorial
                } else {
                    literal
                }
            }
            None => literal,
        }
    }

    /// Anchors a quote without elisions.
    fn anchor_whole(&self, sel: &Selector) -> Verdict {
        if sel.quote.is_empty() || self.text.char_len() == 0 {
            return Verdict::Missing(None);
        }
        let text = self.text.as_str();
        if let Some(start) = sel.start
            && let Some(b) = self.text.byte_of_char(start)
            && text[b..].starts_with(sel.quote)
        {
            let span = Span {
                start,
                end: start + sel.quote.chars().count(),
            };
            // Most quotes: the very characters recorded still surround them.
            let after = b + sel.quote.len();
            if sel.prefix.is_none_or(|p| text[..b].ends_with(p))
                && sel.suffix.is_none_or(|x| text[after..].starts_with(x))
            {
                return Verdict::Intact(span);
            }
            return self.placed(sel, span, Vec::new(), Verdict::Intact);
        }
        let exact = self.exact_occurrences(sel.quote);
        if !exact.is_empty() {
            return self.choose_exact(sel, &exact);
        }
        self.anchor_normalized(sel)
    }

    /// The verdict for a quote found whole at `span`: `found` (intact, moved or
    /// normalized) when its recorded context still surrounds it there, and
    /// `context-changed` when it does not.
    fn placed(
        &self,
        sel: &Selector,
        span: Span,
        differences: Vec<Difference>,
        found: impl FnOnce(Span) -> Verdict,
    ) -> Verdict {
        match context::change(self.text, sel.prefix, sel.suffix, span) {
            Some(change) => Verdict::ContextChanged {
                span,
                change,
                differences,
            },
            None => found(span),
        }
    }

    fn exact_occurrences(&self, quote: &str) -> Vec<Span> {
        let hay = self.text.as_str().as_bytes();
        let finder = memchr::memmem::Finder::new(quote.as_bytes());
        let qlen = quote.chars().count();
        let step = quote.chars().next().map_or(1, char::len_utf8);
        let mut out = Vec::new();
        let mut pos = 0;
        // Code points counted from one hit to the next: the whole scan reads
        // the text once, however many hits there are.
        let (mut counted_to, mut chars) = (0, 0);
        while let Some(i) = finder.find(&hay[pos..]) {
            chars += crate::text::count_chars(&hay[counted_to..pos + i]);
            counted_to = pos + i;
            out.push(Span {
                start: chars,
                end: chars + qlen,
            });
            pos += i + step;
        }
        out
    }

    fn choose_exact(&self, sel: &Selector, occ: &[Span]) -> Verdict {
        let choice = self.choose(sel, occ);
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
                && let Ok(alt) = self.approximate(sel, occ)
                && alt.edits * 5 <= alt.m
                && alt.context.is_some_and(|c| c >= 0.8 && c >= copy_ctx + 0.3)
            {
                return self.approx_verdict(sel, &alt);
            }
        }
        let moved = sel.start.is_some();
        self.placed(sel, span, Vec::new(), |s| {
            if moved {
                Verdict::Moved(s)
            } else {
                Verdict::Intact(s)
            }
        })
    }

    fn anchor_normalized(&self, sel: &Selector) -> Verdict {
        let nq = Normalized::new(sel.quote, true);
        if nq.is_empty() {
            return Verdict::Missing(None);
        }
        let nd = self.normalized();
        let starts = nd.find_all(&nq.text(), usize::MAX);
        let occ: Vec<Span> = starts
            .iter()
            .map(|&ns| self.original(ns, ns + nq.len()))
            .collect();
        if occ.is_empty() {
            return match self.approximate(sel, &[]) {
                Ok(alt) => self.approx_verdict(sel, &alt),
                Err(closest) => Verdict::Missing(closest),
            };
        }
        match self.choose(sel, &occ) {
            Choice::One(span) => {
                let ns = starts[occ.iter().position(|s| *s == span).unwrap_or(0)];
                let differences = self.differences(nd, ns, &nq, sel.quote);
                self.placed(sel, span, differences.clone(), |span| Verdict::Normalized {
                    span,
                    differences,
                })
            }
            Choice::Tie(spans) => Verdict::Ambiguous(self.single_out(&spans)),
        }
    }

    /// Picks among occurrences: context first, then distance to `start`.
    /// Every occurrence counts, however many there are: past a few hundred,
    /// the recorded context is first matched character by character, and only
    /// the occurrences that match it longest are compared approximately.
    fn choose(&self, sel: &Selector, occ: &[Span]) -> Choice {
        if occ.len() == 1 {
            return Choice::One(occ[0]);
        }
        let mut pool: Vec<Span> = occ.to_vec();
        if sel.has_context() {
            if pool.len() > APPROX_CONTEXT_POOL {
                let scores: Vec<usize> = pool.iter().map(|&s| self.exact_context(sel, s)).collect();
                let best = scores.iter().copied().max().unwrap_or(0);
                pool = pool
                    .into_iter()
                    .zip(&scores)
                    .filter(|&(_, &sc)| sc == best)
                    .map(|(s, _)| s)
                    .collect();
            }
            if pool.len() <= APPROX_CONTEXT_POOL {
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
            }
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

    /// How many characters of the recorded prefix (backwards from the quote)
    /// and suffix (forwards) stand exactly around `span`.
    fn exact_context(&self, sel: &Selector, span: Span) -> usize {
        let mut n = 0;
        if let Some(p) = sel.prefix {
            let len = p.chars().count();
            let before = self
                .text
                .slice_chars(span.start.saturating_sub(len)..span.start);
            n += p
                .chars()
                .rev()
                .zip(before.chars().rev())
                .take_while(|(a, b)| a == b)
                .count();
        }
        if let Some(x) = sel.suffix {
            let len = x.chars().count();
            let after = self.text.slice_chars(span.end..span.end + len);
            n += x
                .chars()
                .zip(after.chars())
                .take_while(|(a, b)| a == b)
                .count();
        }
        n
    }

    /// Similarity (0..=1) of the recorded prefix and of the recorded suffix to
    /// the text around `span`; `None` for a side with nothing recorded.
    fn context_sides(&self, sel: &Selector, span: Span) -> (Option<f64>, Option<f64>) {
        let before = sel.prefix.filter(|p| !p.is_empty()).map(|prefix| {
            let want: Vec<char> = normalize::normalize_str(prefix).chars().collect();
            let from = span.start.saturating_sub(want.len() + 8);
            let have: Vec<char> = normalize::normalize_str(self.text.slice_chars(from..span.start))
                .chars()
                .rev()
                .collect();
            let want_rev: Vec<char> = want.iter().rev().copied().collect();
            myers::similarity_anchored(&want_rev, &have)
        });
        let after = sel.suffix.filter(|s| !s.is_empty()).map(|suffix| {
            let want: Vec<char> = normalize::normalize_str(suffix).chars().collect();
            let have: Vec<char> = normalize::normalize_str(
                self.text.slice_chars(span.end..span.end + want.len() + 8),
            )
            .chars()
            .collect();
            myers::similarity_anchored(&want, &have)
        });
        (before, after)
    }

    /// Similarity (0..=1) of the recorded prefix and suffix to the text around
    /// `span`, averaged; `None` when no context was recorded.
    fn context_score(&self, sel: &Selector, span: Span) -> Option<f64> {
        match self.context_sides(sel, span) {
            (Some(a), Some(b)) => Some(f64::midpoint(a, b)),
            (a, b) => a.or(b),
        }
    }

    /// Search windows (normalized indexes) where an edited quote may count:
    /// around its recorded place, and where pieces of its recorded context
    /// stand (just before the prefix's end, just after the suffix's start).
    fn windows(&self, sel: &Selector, m: usize, k: usize, near_start: bool) -> Vec<(usize, usize)> {
        let nd = self.normalized();
        let mut out = Vec::new();
        if near_start {
            if let Some(start) = sel.start {
                let qlen = sel.quote.chars().count();
                let a = nd.index_of(start.saturating_sub(qlen + k + NEAR_START));
                let b = nd.index_of(start + 2 * qlen + k + NEAR_START);
                out.push((a, b));
            }
            return merge(out, nd.len());
        }
        let mut near = |piece: &str, before: bool| {
            let piece: Vec<char> = piece.chars().collect();
            if piece.len() < 4 {
                return;
            }
            let piece: String = if before {
                piece[piece.len().saturating_sub(CONTEXT_PIECE)..]
                    .iter()
                    .collect()
            } else {
                piece[..piece.len().min(CONTEXT_PIECE)].iter().collect()
            };
            let hits = nd.find_all(&piece, MAX_CONTEXT_HITS + 1);
            if hits.len() > MAX_CONTEXT_HITS {
                return;
            }
            let n = piece.chars().count();
            for h in hits {
                out.push(if before {
                    (h + n - k.min(h + n), h + n + m + k)
                } else {
                    (h.saturating_sub(m + k), h + k)
                });
            }
        };
        if let Some(p) = sel.prefix {
            let (part, _) = context::prefix_part(p);
            near(normalize::normalize_str(part).trim_end(), true);
        }
        if let Some(s) = sel.suffix {
            let (part, _) = context::suffix_part(s);
            near(normalize::normalize_str(part).trim_start(), false);
        }
        merge(out, nd.len())
    }

    /// The best approximate candidate that counts, skipping candidates that
    /// overlap `exclude`; otherwise the closest text elsewhere, as a hint.
    ///
    /// A pinned quote (a position or context) is searched, within a third of
    /// its length in edits, only around its recorded place and where its
    /// context stands; elsewhere only nearly exact text is looked for, and it
    /// counts only if the recorded context surrounds it. A quote pinned by
    /// nothing may match anywhere, nearly exactly.
    fn approximate(&self, sel: &Selector, exclude: &[Span]) -> Result<Approx, Option<Closest>> {
        let nq = Normalized::new(sel.quote, true);
        let m = nq.len();
        if m == 0 {
            return Err(None);
        }
        let nd = self.normalized();
        let k = m / 3;
        let pattern = myers::Pattern::new(&nq.to_chars());
        if sel.is_anchored() {
            // Around the recorded place first, then where the context stands.
            for near_start in [true, false] {
                let hits = search_windows(nd, &pattern, self.windows(sel, m, k, near_start), k);
                let cands = self.candidates(sel, &nq, hits, exclude);
                if let Some(c) = cands.into_iter().find(|c| c.counts) {
                    return Ok(c);
                }
            }
        }
        // Elsewhere: nearly exact text only, where the pigeonhole filter is strong.
        let near = (1 + m / 10).min(k);
        let cands = self.candidates(sel, &nq, self.find_anywhere(&pattern, near), exclude);
        if let Some(c) = cands.iter().find(|c| c.counts) {
            return Ok(c.clone());
        }
        if !sel.is_anchored()
            && let Some(c) = self.one_word_changed(sel, &nq, &pattern, exclude)
        {
            return Ok(c);
        }
        Err(cands
            .into_iter()
            .min_by_key(|c| (c.edits, c.span.start))
            .map(|c| Closest {
                span: c.span,
                edits: c.edits,
            }))
    }

    /// A quote pinned by nothing, standing in one place with one word of it
    /// replaced (or a word put in): every other word as recorded, in order,
    /// around it. Whichever half of the quote holds the changed word, the
    /// other half stands exactly, so only around exact hits of a half is the
    /// whole quote aligned, within a third of its length in edits. It counts
    /// only for a quote of five words or more, at exactly one place: a
    /// deleted passage, or one that several places come close to, stays
    /// missing.
    fn one_word_changed(
        &self,
        sel: &Selector,
        nq: &Normalized,
        pattern: &myers::Pattern,
        exclude: &[Span],
    ) -> Option<Approx> {
        const HALF_HITS: usize = 16;
        let qchars = nq.to_chars();
        let quote: String = qchars.iter().collect();
        let words: Vec<&str> = quote.split_whitespace().collect();
        let n = words.len();
        if n < 5 {
            return None;
        }
        let (m, k) = (qchars.len(), qchars.len() / 3);
        let nd = self.normalized();
        let h = n / 2;
        let left = words[..h].join(" ");
        let right = words[h..].join(" ");
        let right_at = quote
            .rfind(&right)
            .map_or(0, |b| quote[..b].chars().count());
        // Exact hits of each half, through the document's q-gram index once it
        // has one (a document with many quotes): no scan of the whole text
        // for every quote that is gone.
        let exact = |half: &str| -> Option<Vec<usize>> {
            let chars: Vec<char> = half.chars().collect();
            let hits = self.find_anywhere(&myers::Pattern::new(&chars), 0);
            (hits.len() <= HALF_HITS).then(|| {
                hits.into_iter()
                    .map(|(end, _)| end.saturating_sub(chars.len()))
                    .collect()
            })
        };
        let left_hits = exact(&left)?;
        let right_hits = exact(&right)?;
        let windows = left_hits
            .into_iter()
            .chain(right_hits.into_iter().map(|r| r.saturating_sub(right_at)))
            .map(|start| (start.saturating_sub(k), (start + m + k).min(nd.len())));
        let hits = search_windows(nd, pattern, merge(windows.collect(), nd.len()), k);
        let text = self.text;
        let found: Vec<Approx> = self
            .candidates(sel, nq, hits, exclude)
            .into_iter()
            .filter(|c| {
                let doc = normalize::normalize_str(text.slice_chars(c.span.start..c.span.end));
                one_word_apart(&words, &doc.split_whitespace().collect::<Vec<_>>())
            })
            .collect();
        match found.as_slice() {
            [one] => Some(Approx {
                counts: true,
                ..one.clone()
            }),
            _ => None,
        }
    }

    /// The closest text to a quote anywhere, within a third of its length in
    /// edits: a suggestion for a quote that is typed, never an anchor.
    pub fn closest(&self, quote: &str) -> Option<Closest> {
        let nq = Normalized::new(quote, true);
        let m = nq.len();
        if m == 0 {
            return None;
        }
        let pattern = myers::Pattern::new(&nq.to_chars());
        let hits = with_units!(&self.normalized().units, t => pattern.find(t, m / 3));
        let sel = Selector {
            quote,
            ..Selector::default()
        };
        self.candidates(&sel, &nq, hits, &[])
            .into_iter()
            .min_by_key(|c| (c.edits, c.span.start))
            .map(|c| Closest {
                span: c.span,
                edits: c.edits,
            })
    }

    /// Aligns the scan's hits into candidates, best first, each marked with
    /// whether it counts as the quote (acceptance and placement rules).
    fn candidates(
        &self,
        sel: &Selector,
        nq: &Normalized,
        hits: Vec<(usize, usize)>,
        exclude: &[Span],
    ) -> Vec<Approx> {
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
        let edges = Edges::of(sel, nq);
        let qlen = sel.quote.chars().count();
        let qchars = nq.to_chars();
        let mut out: Vec<(f64, usize, Approx)> = Vec::new();
        for (end, _) in runs {
            let from = end.saturating_sub(m + k);
            let to = (end + k).min(nd.len());
            let (s, e, _) = myers::align(&qchars, &nd.chars(from..to), end - from);
            let (ns, ne) = edges.settle(nd, from + s, from + e, k);
            if ns >= ne {
                continue;
            }
            let edits = myers::levenshtein(&qchars, &nd.chars(ns..ne));
            let span = self.original(ns, ne);
            let (os, oe) = (span.start, span.end);
            if exclude.iter().any(|x| x.start < oe && os < x.end)
                || out.iter().any(|(_, _, c)| c.span == span)
            {
                continue;
            }
            let (before, after) = self.context_sides(sel, span);
            let context = match (before, after) {
                (Some(a), Some(b)) => Some(f64::midpoint(a, b)),
                (a, b) => a.or(b),
            };
            let counts = if sel.is_anchored() {
                let overlaps = sel.start.is_some_and(|st| os < st + qlen.max(1) && st < oe);
                let supported = before.into_iter().chain(after).any(|c| c >= 0.8);
                accept(m, edits, context)
                    && ((overlaps && context.is_none_or(|c| c >= 0.5)) || supported)
            } else {
                edits <= 1 + m / 10
            };
            let rank = edits as f64 / m as f64 + context.map_or(0.0, |c| (1.0 - c) * 0.5);
            let hint = sel.start.map_or(0, |st| st.abs_diff(os));
            out.push((
                rank,
                hint,
                Approx {
                    span,
                    norm_start: ns,
                    edits,
                    m,
                    context,
                    counts,
                },
            ));
        }
        out.sort_by(|a, b| {
            a.0.total_cmp(&b.0)
                .then(a.1.cmp(&b.1))
                .then(a.2.span.start.cmp(&b.2.span.start))
        });
        out.into_iter().map(|(_, _, a)| a).collect()
    }

    /// The verdict for an approximate candidate: one with no edits on the
    /// normalized text differs only in typography, so it is `normalized`.
    fn approx_verdict(&self, sel: &Selector, alt: &Approx) -> Verdict {
        if alt.edits == 0 {
            let nq = Normalized::new(sel.quote, true);
            let differences = self.differences(self.normalized(), alt.norm_start, &nq, sel.quote);
            return self.placed(sel, alt.span, differences.clone(), |span| {
                Verdict::Normalized { span, differences }
            });
        }
        alt.verdict()
    }

    /// Every tied occurrence, the first few with the shortest prefix or
    /// suffix that no other occurrence shares. Only the listed occurrences'
    /// contexts are compared with the others (as bytes: equal bytes before
    /// two places are equal characters), and a listed one stops at the first
    /// occurrence that shares its context: on repetitive text ("a a a …",
    /// millions of times) each length is settled by its neighbours, so the
    /// work grows with the number of occurrences, never with its square.
    fn single_out(&self, spans: &[Span]) -> Vec<Candidate> {
        let text = self.text.as_str();
        let hay = text.as_bytes();
        let listed = spans.len().min(SINGLE_OUT_LISTED);
        // Byte offsets of every span: starts and ends each ascend (spans are
        // in text order), so two cursors walk the text once.
        let cursor = || {
            let (mut at_char, mut at_byte) = (0usize, 0usize);
            move |ch: usize| -> usize {
                if ch < at_char {
                    (at_char, at_byte) = (0, 0);
                }
                match text[at_byte..].char_indices().nth(ch - at_char) {
                    Some((b, _)) => {
                        (at_char, at_byte) = (ch, at_byte + b);
                        at_byte
                    }
                    None => text.len(),
                }
            }
        };
        let (mut start_of, mut end_of) = (cursor(), cursor());
        let bytes: Vec<(usize, usize)> = spans
            .iter()
            .map(|s| (start_of(s.start), end_of(s.end)))
            .collect();
        let n = self.text.char_len();
        let mut found: Vec<Option<SingleOut>> = vec![None; listed];
        for (i, span) in spans.iter().take(listed).enumerate() {
            let (b, e) = bytes[i];
            for len in 1..=64usize {
                let before = (len <= span.start).then(|| {
                    let from = text[..b]
                        .char_indices()
                        .rev()
                        .nth(len - 1)
                        .map_or(0, |(x, _)| x);
                    &text[from..b]
                });
                let after = (span.end + len <= n).then(|| {
                    let to = text[e..]
                        .char_indices()
                        .nth(len)
                        .map_or(text.len(), |(x, _)| e + x);
                    &text[e..to]
                });
                let unique = |ctx: &str, side_before: bool| {
                    let ctx = ctx.as_bytes();
                    !bytes.iter().enumerate().any(|(j, &(bj, ej))| {
                        j != i
                            && if side_before {
                                hay[..bj].ends_with(ctx)
                            } else {
                                hay[ej..].starts_with(ctx)
                            }
                    })
                };
                if let Some(p) = before.filter(|p| unique(p, true)) {
                    found[i] = Some(SingleOut::Prefix(p.to_string()));
                    break;
                }
                if let Some(x) = after.filter(|x| unique(x, false)) {
                    found[i] = Some(SingleOut::Suffix(x.to_string()));
                    break;
                }
                if before.is_none() && after.is_none() {
                    break;
                }
            }
        }
        spans
            .iter()
            .enumerate()
            .map(|(i, &span)| Candidate {
                span,
                single_out: found.get(i).cloned().flatten(),
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
        let span = self.original(ns, ns + n);
        let seg = |spans: &normalize::SpanMap, i: usize| {
            let a = spans.get(i).0 as usize;
            let b = if i + 1 < spans.len() {
                spans.get(i + 1).0 as usize
            } else {
                spans.get(i).1 as usize
            };
            (a, b.max(a))
        };
        let mut out = Vec::new();
        for i in 0..n {
            let (d0, mut d1) = seg(&nd.spans, ns + i);
            let (q0, mut q1) = seg(&nq.spans, i);
            if i + 1 == n {
                d1 = nd.spans.get(ns + i).1 as usize;
                q1 = nq.spans.get(i).1 as usize;
            }
            // Whitespace folded into a mark at the edge is not the quote's.
            let (d0, d1) = (d0.max(span.start), d1.min(span.end).max(d0.max(span.start)));
            let doc: Vec<char> = self.text.slice_chars(d0..d1).chars().collect();
            let q = &qchars[q0..q1];
            // Only what differs: a space both sides have, which a quote
            // mark or a dash folded into itself, is not a difference.
            let head = doc.iter().zip(q).take_while(|(a, b)| a == b).count();
            let tail = doc[head..]
                .iter()
                .rev()
                .zip(q[head..].iter().rev())
                .take_while(|(a, b)| a == b)
                .count();
            if doc != q {
                out.push(Difference {
                    at: d0 + head,
                    doc: doc[head..doc.len() - tail].iter().collect(),
                    quote: q[head..q.len() - tail].iter().collect(),
                });
            }
        }
        out
    }
}

/// Windows clipped to `len`, sorted, overlapping ones merged.
fn merge(mut windows: Vec<(usize, usize)>, len: usize) -> Vec<(usize, usize)> {
    windows = windows
        .into_iter()
        .map(|(a, b)| (a.min(len), b.min(len)))
        .filter(|(a, b)| a < b)
        .collect();
    windows.sort_unstable();
    let mut merged: Vec<(usize, usize)> = Vec::new();
    for (a, b) in windows {
        match merged.last_mut() {
            Some(last) if a <= last.1 => last.1 = last.1.max(b),
            _ => merged.push((a, b)),
        }
    }
    merged
}

enum Choice {
    One(Span),
    Tie(Vec<Span>),
}

/// The ends (and edits) of approximate matches of `pattern` within `k` edits
/// in each window of the normalized text, in order, each end once.
fn search_windows(
    nd: &Normalized,
    pattern: &myers::Pattern,
    windows: Vec<(usize, usize)>,
    k: usize,
) -> Vec<(usize, usize)> {
    let mut hits = Vec::new();
    for (a, b) in windows {
        hits.extend(
            pattern
                .search(nd.chars(a..b), k)
                .into_iter()
                .map(|(end, edits)| (a + end, edits)),
        );
    }
    hits.sort_unstable();
    hits.dedup_by_key(|h| h.0);
    hits
}

/// Whether `doc`'s words are `quote`'s with one word replaced by one or two
/// others, or one or two put in: the words before and after stand as they were.
fn one_word_apart(quote: &[&str], doc: &[&str]) -> bool {
    let same_start = quote.iter().zip(doc).take_while(|(a, b)| a == b).count();
    let rest = quote.len().min(doc.len()) - same_start;
    let same_end = quote
        .iter()
        .rev()
        .zip(doc.iter().rev())
        .take(rest)
        .take_while(|(a, b)| a == b)
        .count();
    let gone = quote.len() - same_start - same_end;
    let put = doc.len() - same_start - same_end;
    // An editor's bracket (`[sic]`, `[he]`) is not a word the source changed.
    let editorial = quote[same_start..quote.len() - same_end]
        .iter()
        .any(|w| w.contains(['[', ']']));
    gone <= 1 && put <= 2 && gone + put >= 1 && !editorial
}

#[derive(Debug, Clone)]
struct Approx {
    span: Span,
    /// Start in the normalized text.
    norm_start: usize,
    edits: usize,
    m: usize,
    context: Option<f64>,
    /// Whether it counts as the quote, or is only the closest text.
    counts: bool,
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

/// Where an approximate span may begin and end: its edges settle on the
/// recorded context and on word boundaries, so the span reported is the
/// edited image of the whole quote, never a shorter piece of it or a cut word.
struct Edges {
    /// The end of the recorded prefix (normalized), to find just before the span.
    prefix: Vec<char>,
    /// The start of the recorded suffix (normalized), to find just after it.
    suffix: Vec<char>,
    /// The quote starts with a word character, and not in the middle of a word.
    word_start: bool,
    /// The quote ends with a word character, and not in the middle of a word.
    word_end: bool,
}

impl Edges {
    fn of(sel: &Selector, nq: &Normalized) -> Edges {
        let prefix = sel.prefix.map_or("", |p| context::prefix_part(p).0);
        let suffix = sel.suffix.map_or("", |s| context::suffix_part(s).0);
        let prefix: Vec<char> = normalize::normalize_str(prefix).chars().collect();
        let suffix: Vec<char> = normalize::normalize_str(suffix).chars().collect();
        // Recorded, the quote and its context meet at a word boundary, unless
        // the quote itself starts or ends inside a word.
        let joined: Vec<char> = prefix
            .iter()
            .chain(&nq.to_chars())
            .chain(&suffix)
            .copied()
            .collect();
        let (a, b) = (prefix.len(), prefix.len() + nq.len());
        Edges {
            word_start: words::is_boundary(&joined, a),
            word_end: words::is_boundary(&joined, b),
            prefix: prefix[prefix.len().saturating_sub(CONTEXT_PIECE / 2)..].to_vec(),
            suffix: suffix[..suffix.len().min(CONTEXT_PIECE / 2)].to_vec(),
        }
    }

    /// Moves `[s, e)` to where the recorded context begins and ends within `k`
    /// of it, then out to whole words.
    fn settle(&self, nd: &Normalized, s: usize, e: usize, k: usize) -> (usize, usize) {
        // Only the text around the span is read: the context within `k` and
        // the words at either end (`words` reads that far on each side).
        let reach = k + CONTEXT_PIECE + words::REACH + 1;
        let from = s.saturating_sub(reach);
        let c = nd.chars(from..(e + reach).min(nd.len()));
        let (s, e) = self.settle_in(&c, s - from, e - from, k);
        (from + s, from + e)
    }

    fn settle_in(&self, c: &[char], mut s: usize, mut e: usize, k: usize) -> (usize, usize) {
        let p = self.prefix.len();
        if p >= 4 {
            let lo = s.saturating_sub(k).max(p);
            if let Some(at) = (lo..=(s + k).min(c.len()))
                .filter(|&at| c[at - p..at] == self.prefix[..])
                .min_by_key(|&at| at.abs_diff(s))
                && at < e
            {
                s = at;
                while s < e && c[s] == ' ' {
                    s += 1;
                }
            }
        }
        let q = self.suffix.len();
        if q >= 4 {
            let hi = (e + k).min(c.len().saturating_sub(q));
            if let Some(at) = (e.saturating_sub(k)..=hi)
                .filter(|&at| at + q <= c.len() && c[at..at + q] == self.suffix[..])
                .min_by_key(|&at| at.abs_diff(e))
                && at > s
            {
                e = at;
                while e > s && c[e - 1] == ' ' {
                    e -= 1;
                }
            }
        }
        if self.word_start && s < e {
            s = words::start_of(c, s);
        }
        if self.word_end && s < e {
            e = words::end_of(c, e);
        }
        (s, e)
    }
}
