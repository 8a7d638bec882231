//! Quotes with elisions: `A ... B`, `A … B`, `A [...] B` or `A […] B` stands
//! for parts that must occur in that order, each within the same paragraph as
//! the part before it or at most `REACH` code points after it. Each part is
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

/// An elided quote's verdicts: the passage's, and each part's.
#[derive(Debug, Clone, PartialEq)]
pub struct Elided {
    /// The verdict of the whole passage, from the first part's start to the
    /// last part's end.
    pub verdict: Verdict,
    pub parts: Vec<Part>,
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

/// The byte ranges of the parts of a quote with elisions, trimmed; `None`
/// when it has none (or a part would be empty).
pub(crate) fn parts(quote: &str) -> Option<Vec<Range<usize>>> {
    let mut cuts: Vec<Range<usize>> = MARKS
        .iter()
        .flat_map(|m| quote.match_indices(m).map(|(i, m)| i..i + m.len()))
        .collect();
    if cuts.is_empty() {
        return None;
    }
    cuts.sort_by_key(|c| c.start);
    let mut out = Vec::new();
    let mut from = 0;
    for c in cuts {
        if c.start < from {
            return None; // marks that overlap: not a clean elision
        }
        out.push(trimmed(quote, from..c.start));
        from = c.end;
    }
    out.push(trimmed(quote, from..quote.len()));
    out.iter().all(|r| !r.is_empty()).then_some(out)
}

fn trimmed(s: &str, r: Range<usize>) -> Range<usize> {
    let part = &s[r.clone()];
    let lead = part.len() - part.trim_start().len();
    let trail = part.len() - part.trim_end().len();
    r.start + lead..(r.end - trail).max(r.start + lead)
}

/// Anchors an elided quote, its parts given by `parts`.
pub(crate) fn anchor(doc: &Doc, sel: &Selector, ranges: &[Range<usize>]) -> Verdict {
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
            .filter(|v| rest(doc, sel, ranges, v).iter().all(|p| p.span().is_some()))
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
        for (i, v) in rest(doc, sel, ranges, &head).into_iter().enumerate() {
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
    Verdict::Elided(Box::new(Elided { verdict, parts }))
}

/// The verdicts of the parts after the first, each searched after the one
/// before it; a part not found stops the search.
fn rest(doc: &Doc, sel: &Selector, ranges: &[Range<usize>], head: &Verdict) -> Vec<Verdict> {
    let text = doc.text;
    let mut out = Vec::new();
    let mut prev = head.span();
    for r in &ranges[1..] {
        let Some(p) = prev else {
            out.push(Verdict::Missing(None));
            continue;
        };
        let to = paragraph_end(text, p.end).max(p.end + REACH);
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
            _ => Verdict::Missing(None),
        };
        prev = v.span();
        out.push(v);
    }
    out
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
            _ => Verdict::Missing(None),
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
            _ => Vec::new(),
        })
        .collect::<Vec<_>>();
    let suffix_change = context::change(text, None, sel.suffix, spans[spans.len() - 1]);
    let mut change = match &parts[0].verdict {
        Verdict::ContextChanged { change, .. } => change.clone(),
        _ => context::ContextChange::default(),
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
                    _ => (e, m + len),
                }
            });
            Verdict::Altered {
                span,
                edits,
                similarity: 1.0 - edits as f64 / m.max(1) as f64,
            }
        }
        _ if changed => Verdict::ContextChanged {
            span,
            change,
            differences,
        },
        Verdict::Normalized { .. } => Verdict::Normalized { span, differences },
        Verdict::Moved(_) => Verdict::Moved(span),
        _ => Verdict::Intact(span),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn elisions_split_a_quote_into_trimmed_parts() {
        let q = "A tail was put on Mikhailov ... eight months later [...] arrested";
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
