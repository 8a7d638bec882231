//! Quotes in parts: elisions (`A ... B`, `A … B`, `A [...] B`, `A […] B`)
//! stand for parts that must occur in that order, each within the same
//! paragraph as the part before it or at most `REACH` code points after it;
//! an editor's brackets (`I told [Mikhailov] that`) stand for up to
//! `BRACKET_WORDS` words of the document, and `[sic]` for none. Each part is
//! anchored with the same ladder; the passage gets the worst part's verdict.

use std::ops::Range;

use super::{Doc, Selector, Span, Verdict, context};
use crate::text::DocText;

/// How far, in code points, a part may stand after the end of the one before
/// it when they are not in the same paragraph.
pub(crate) const REACH: usize = 2000;

/// The elision marks; `...` and `…` only with a space on each side, so an
/// ellipsis that ends a sentence inside a quote is not one.
const MARKS: [&str; 4] = [" ... ", " \u{2026} ", "[...]", "[\u{2026}]"];

/// Words of the document an editor's bracket may stand for.
pub(crate) const BRACKET_WORDS: usize = 5;

/// What stands between two parts of a quote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Gap {
    /// An elision: anything, in the same paragraph or within `REACH`.
    Elision,
    /// An editor's insertion or substitution: up to `BRACKET_WORDS` words.
    Bracket,
    /// `[sic]`: nothing; the words around it stand side by side.
    Sic,
}

/// A marker between two parts, as typed.
#[derive(Debug, Clone, PartialEq)]
pub struct Mark {
    pub gap: Gap,
    /// Where it is in the quote (bytes).
    pub range: Range<usize>,
    /// What the document has between the parts around it, if both stand.
    pub between: Option<Span>,
}

/// An elided quote's verdicts: the passage's, and each part's.
#[derive(Debug, Clone, PartialEq)]
pub struct Elided {
    /// The verdict of the whole passage, from the first part's start to the
    /// last part's end.
    pub verdict: Verdict,
    pub parts: Vec<Part>,
    /// The markers between the parts, one fewer than the parts.
    pub marks: Vec<Mark>,
}

impl Elided {
    /// The quote with each part replaced by the document's own characters
    /// for it, the elisions kept; `None` when a part was not found.
    pub fn as_in_document(&self, quote: &str, text: &DocText) -> Option<String> {
        let mut out = String::new();
        let mut from = 0;
        for p in &self.parts {
            let span = p.verdict.span()?;
            out.push_str(&quote[from..p.range.start]);
            out.push_str(text.slice_chars(span.start..span.end));
            from = p.range.end;
        }
        out.push_str(&quote[from..]);
        Some(out)
    }
}

/// One part of an elided quote.
#[derive(Debug, Clone, PartialEq)]
pub struct Part {
    /// Where the part is in the quote (bytes).
    pub range: Range<usize>,
    pub verdict: Verdict,
}

/// A quote cut at its markers: the parts (byte ranges, trimmed) and, between
/// each two, the marker.
#[derive(Debug, Clone)]
pub(crate) struct Split {
    pub(crate) parts: Vec<Range<usize>>,
    pub(crate) marks: Vec<(Gap, Range<usize>)>,
}

/// The parts of a quote with elisions, and with editor's brackets when
/// `brackets`; `None` when it has no such marker (or a part would be empty).
/// A bracket that opens or closes the quote stands for words outside the
/// passage and is left out of it.
pub(crate) fn split(quote: &str, brackets: bool) -> Option<Split> {
    let mut cuts: Vec<(Gap, Range<usize>)> = MARKS
        .iter()
        .flat_map(|m| {
            quote
                .match_indices(m)
                .map(|(i, m)| (Gap::Elision, i..i + m.len()))
        })
        .collect();
    if brackets {
        let mut from = 0;
        while let Some(open) = quote[from..].find('[').map(|i| from + i) {
            let Some(close) = quote[open..].find(']').map(|i| open + i) else {
                break;
            };
            let inner = &quote[open + 1..close];
            if !matches!(inner, "..." | "\u{2026}") && !inner.contains('[') {
                let gap = if inner.eq_ignore_ascii_case("sic") {
                    Gap::Sic
                } else {
                    Gap::Bracket
                };
                cuts.push((gap, open..close + 1));
            }
            from = close + 1;
        }
    }
    if cuts.is_empty() {
        return None;
    }
    cuts.sort_by_key(|c| c.1.start);
    let mut parts = Vec::new();
    let mut marks = Vec::new();
    let mut from = 0;
    for (gap, c) in cuts {
        if c.start < from {
            return None; // marks that overlap: not a clean split
        }
        let part = trimmed(quote, from..c.start);
        if part.is_empty() && gap != Gap::Elision && parts.is_empty() {
            from = c.end; // a bracket opens the quote
            continue;
        }
        parts.push(part);
        marks.push((gap, c.clone()));
        from = c.end;
    }
    let last = trimmed(quote, from..quote.len());
    if last.is_empty() && marks.last().is_some_and(|(g, _)| *g != Gap::Elision) {
        marks.pop(); // a bracket closes the quote
    } else {
        parts.push(last);
    }
    (!parts.is_empty() && parts.iter().all(|r| !r.is_empty()) && marks.len() + 1 == parts.len())
        .then_some(Split { parts, marks })
}

/// The byte ranges of the parts of a quote with elisions, trimmed; `None`
/// when it has none (or a part would be empty).
#[cfg(test)]
fn parts(quote: &str) -> Option<Vec<Range<usize>>> {
    split(quote, false).map(|s| s.parts)
}

fn trimmed(s: &str, r: Range<usize>) -> Range<usize> {
    let part = &s[r.clone()];
    let lead = part.len() - part.trim_start().len();
    let trail = part.len() - part.trim_end().len();
    r.start + lead..(r.end - trail).max(r.start + lead)
}

/// Anchors an elided quote, its parts given by `parts`.
pub(crate) fn anchor(doc: &Doc, sel: &Selector, split: &Split) -> Verdict {
    let ranges = &split.parts;
    let first = Selector {
        quote: &sel.quote[ranges[0].clone()],
        start: sel.start,
        prefix: sel.prefix,
        suffix: None,
    };
    let first_verdict = doc.anchor_whole(&first);
    // An ambiguous first part: the occurrences after which every other part
    // stands; one such is the passage.
    let starts: Vec<Verdict> = match &first_verdict {
        Verdict::Ambiguous(cands) => cands
            .iter()
            .map(|c| Verdict::Intact(c.span))
            .filter(|v| rest(doc, sel, split, v).iter().all(|p| p.span().is_some()))
            .collect(),
        v => vec![v.clone()],
    };
    let head = match starts.as_slice() {
        [one] => one.clone(),
        [] => first_verdict,
        _ => return first_verdict,
    };
    let mut parts = vec![Part {
        range: ranges[0].clone(),
        verdict: head.clone(),
    }];
    if head.span().is_some() {
        for (i, v) in rest(doc, sel, split, &head).into_iter().enumerate() {
            parts.push(Part {
                range: ranges[i + 1].clone(),
                verdict: v,
            });
        }
    } else {
        for r in &ranges[1..] {
            parts.push(Part {
                range: r.clone(),
                verdict: Verdict::Missing(None),
            });
        }
    }
    let verdict = passage(doc.text, sel, &parts);
    let marks = split
        .marks
        .iter()
        .enumerate()
        .map(|(i, (gap, range))| Mark {
            gap: *gap,
            range: range.clone(),
            between: match (parts[i].verdict.span(), parts[i + 1].verdict.span()) {
                (Some(a), Some(b)) if a.end <= b.start => Some(Span {
                    start: a.end,
                    end: b.start,
                }),
                _ => None,
            },
        })
        .collect();
    Verdict::Elided(Box::new(Elided {
        verdict,
        parts,
        marks,
    }))
}

/// The verdicts of the parts after the first, each searched after the one
/// before it; a part not found stops the search.
fn rest(doc: &Doc, sel: &Selector, split: &Split, head: &Verdict) -> Vec<Verdict> {
    let text = doc.text;
    let mut out = Vec::new();
    let mut prev = head.span();
    for (r, (gap, _)) in split.parts[1..].iter().zip(&split.marks) {
        let Some(p) = prev else {
            out.push(Verdict::Missing(None));
            continue;
        };
        // Where the next part may start at the latest, and where the window ends.
        let quote_len = sel.quote[r.clone()].chars().count();
        let (latest, to) = match gap {
            Gap::Elision => (usize::MAX, paragraph_end(text, p.end).max(p.end + REACH)),
            Gap::Bracket | Gap::Sic => {
                let words = if *gap == Gap::Sic { 0 } else { BRACKET_WORDS };
                let latest = after_words(text, p.end, words);
                (latest, latest + quote_len + quote_len / 3 + 1)
            }
        };
        let to = to.min(text.char_len());
        let window = DocText::new(text.slice_chars(p.end..to).to_string());
        let quote = &sel.quote[r.clone()];
        let local = Doc::new(&window);
        let v = local.anchor_whole(&Selector {
            quote,
            start: Some(0),
            prefix: None,
            suffix: None,
        });
        let m = quote.chars().count();
        let shift = |s: Span| Span {
            start: s.start + p.end,
            end: s.end + p.end,
        };
        let v = match v {
            // Within the window the first occurrence is the part.
            Verdict::Intact(s) | Verdict::Moved(s) => Verdict::Intact(shift(s)),
            Verdict::Normalized { span, differences } => Verdict::Normalized {
                span: shift(span),
                differences: differences
                    .into_iter()
                    .map(|mut d| {
                        d.at += p.end;
                        d
                    })
                    .collect(),
            },
            Verdict::Altered {
                span,
                edits,
                similarity,
            } => Verdict::Altered {
                span: shift(span),
                edits,
                similarity,
            },
            // Nearly exact text further into the window is the part, edited.
            Verdict::Missing(Some(c)) if c.edits <= 1 + m / 10 => Verdict::Altered {
                span: shift(c.span),
                edits: c.edits,
                similarity: 1.0 - c.edits as f64 / m.max(1) as f64,
            },
            Verdict::Missing(_)
            | Verdict::Ambiguous(_)
            | Verdict::ContextChanged { .. }
            | Verdict::Elided(_) => Verdict::Missing(None),
        };
        // Past the words a bracket may stand for, it is not this part.
        let v = match v.span() {
            Some(s) if s.start > latest => Verdict::Missing(None),
            _ => v,
        };
        prev = v.span();
        out.push(v);
    }
    out
}

/// The code point after at most `n` words from `at` (and the spaces and
/// punctuation around them): the latest a part may start after a bracket.
fn after_words(text: &DocText, at: usize, n: usize) -> usize {
    let ahead: Vec<char> = text.slice_chars(at..at + 64 * (n + 1)).chars().collect();
    let mut i = 0;
    let mut words = 0;
    let skip_gaps = |i: &mut usize| {
        while *i < ahead.len() && !ahead[*i].is_alphanumeric() {
            *i += 1;
        }
    };
    skip_gaps(&mut i);
    while words < n && i < ahead.len() {
        i = super::words::end_of(&ahead, i + 1);
        words += 1;
        skip_gaps(&mut i);
    }
    at + i
}

/// The code point where the paragraph holding `at` ends (a blank line, or
/// the end of the text).
fn paragraph_end(text: &DocText, at: usize) -> usize {
    let after = text.slice_chars(at..text.char_len());
    let (part, _) = context::suffix_part(after);
    at + part.chars().count()
}

/// The passage's verdict: the worst part's, spanning from the first part's
/// start to the last's end, with the recorded suffix checked after the last.
fn passage(text: &DocText, sel: &Selector, parts: &[Part]) -> Verdict {
    let worst = parts
        .iter()
        .map(|p| &p.verdict)
        .max_by_key(|v| v.rank())
        .cloned()
        .unwrap_or(Verdict::Missing(None));
    let spans: Vec<Span> = parts.iter().filter_map(|p| p.verdict.span()).collect();
    if spans.len() < parts.len() {
        return match worst {
            Verdict::Ambiguous(_) => worst,
            Verdict::Intact(_)
            | Verdict::Moved(_)
            | Verdict::ContextChanged { .. }
            | Verdict::Normalized { .. }
            | Verdict::Altered { .. }
            | Verdict::Missing(_)
            | Verdict::Elided(_) => Verdict::Missing(None),
        };
    }
    let span = Span {
        start: spans[0].start,
        end: spans[spans.len() - 1].end,
    };
    let differences = parts
        .iter()
        .flat_map(|p| match &p.verdict {
            Verdict::Normalized { differences, .. }
            | Verdict::ContextChanged { differences, .. } => differences.clone(),
            Verdict::Intact(_)
            | Verdict::Moved(_)
            | Verdict::Ambiguous(_)
            | Verdict::Altered { .. }
            | Verdict::Missing(_)
            | Verdict::Elided(_) => Vec::new(),
        })
        .collect::<Vec<_>>();
    let suffix_change = context::change(text, None, sel.suffix, spans[spans.len() - 1]);
    let mut change = match &parts[0].verdict {
        Verdict::ContextChanged { change, .. } => change.clone(),
        Verdict::Intact(_)
        | Verdict::Moved(_)
        | Verdict::Normalized { .. }
        | Verdict::Ambiguous(_)
        | Verdict::Altered { .. }
        | Verdict::Missing(_)
        | Verdict::Elided(_) => context::ContextChange::default(),
    };
    if let Some(c) = suffix_change {
        change.suffix = c.suffix;
    }
    let changed = change.prefix.is_some() || change.suffix.is_some();
    match worst {
        Verdict::Altered { .. } => {
            let (edits, m) = parts.iter().fold((0, 0), |(e, m), p| {
                let len = p.range.len();
                match p.verdict {
                    Verdict::Altered { edits, .. } => (e + edits, m + len),
                    Verdict::Intact(_)
                    | Verdict::Moved(_)
                    | Verdict::ContextChanged { .. }
                    | Verdict::Normalized { .. }
                    | Verdict::Ambiguous(_)
                    | Verdict::Missing(_)
                    | Verdict::Elided(_) => (e, m + len),
                }
            });
            Verdict::Altered {
                span,
                edits,
                similarity: 1.0 - edits as f64 / m.max(1) as f64,
            }
        }
        // Every part has a span here, so the worst is one that stands.
        Verdict::Intact(_)
        | Verdict::Moved(_)
        | Verdict::ContextChanged { .. }
        | Verdict::Normalized { .. }
        | Verdict::Ambiguous(_)
        | Verdict::Missing(_)
        | Verdict::Elided(_)
            if changed =>
        {
            Verdict::ContextChanged {
                span,
                change,
                differences,
            }
        }
        Verdict::Normalized { .. } => Verdict::Normalized { span, differences },
        Verdict::Moved(_) => Verdict::Moved(span),
        Verdict::Intact(_)
        | Verdict::ContextChanged { .. }
        | Verdict::Ambiguous(_)
        | Verdict::Missing(_)
        | Verdict::Elided(_) => Verdict::Intact(span),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn brackets_split_a_quote_and_sic_is_its_own_gap() {
        let q = "I told [Mikhailov] that we would not sign [sic] it";
        let s = split(q, true).unwrap();
        let parts: Vec<&str> = s.parts.iter().map(|r| &q[r.clone()]).collect();
        assert_eq!(parts, ["I told", "that we would not sign", "it"]);
        let gaps: Vec<Gap> = s.marks.iter().map(|m| m.0).collect();
        assert_eq!(gaps, [Gap::Bracket, Gap::Sic]);
        assert!(
            split(q, false).is_none(),
            "brackets are read only when asked"
        );
        let q = "[He] told the court [...] it was over";
        let s = split(q, true).unwrap();
        let parts: Vec<&str> = s.parts.iter().map(|r| &q[r.clone()]).collect();
        assert_eq!(
            parts,
            ["told the court", "it was over"],
            "an opening bracket is left out"
        );
    }

    #[test]
    fn elisions_split_a_quote_into_trimmed_parts() {
        let q = "A tail was put on Mikhailov ... eight months later [...] arrested";
        assert_eq!(parts(q).unwrap().len(), 3);
        let parts: Vec<&str> = parts(q).unwrap().into_iter().map(|r| &q[r]).collect();
        assert_eq!(
            parts,
            [
                "A tail was put on Mikhailov",
                "eight months later",
                "arrested"
            ]
        );
        assert_eq!(parts_of("a … b [\u{2026}] c"), ["a", "b", "c"]);
    }

    fn parts_of(q: &str) -> Vec<&str> {
        parts(q).unwrap().into_iter().map(|r| &q[r]).collect()
    }

    #[test]
    fn an_ellipsis_that_is_not_spaced_is_part_of_the_words() {
        assert_eq!(parts("He said... nothing"), None);
        assert_eq!(
            parts("the U.S. ..."),
            None,
            "a trailing ellipsis is not an elision"
        );
        assert_eq!(parts(" ... b"), None, "an empty part");
    }
}
