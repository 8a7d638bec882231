//! The quote look-up for a new claim: where a typed quote stands in its
//! document, exactly as `check` would anchor it, or a typed reason it cannot
//! be logged. No prose here: `render::logging` words both.

use crate::anchor::{Doc, Pin, Selector, Span, Verdict};
use crate::text::DocText;

/// A quote located in its document, ready to record.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Located {
    pub(crate) doc: String,
    /// The quote as recorded: the document's own characters.
    pub(crate) quote: String,
    pub(crate) start: usize,
    pub(crate) prefix: String,
    pub(crate) suffix: String,
    /// What was recorded differently from what was typed.
    pub(crate) notes: Vec<Note>,
    /// An evidence quote's `note`.
    pub(crate) note: Option<String>,
}

/// Something recorded differently from what was typed.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Note {
    /// The document has `doc` where the quote had `typed` (typography folded).
    Folded {
        line: usize,
        column: usize,
        doc: String,
        typed: String,
    },
    /// The document's own characters were recorded (an elided quote's parts).
    DocumentCharacters(String),
}

/// Why a quote cannot be logged.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Refusal {
    /// `--occurrence N` (N other than 1) for a quote that occurs once.
    OccursOnce { occurrence: usize },
    /// Several occurrences, and no `--occurrence` (or one out of range) picks one.
    Ambiguous {
        occurrence: Option<usize>,
        places: Vec<Span>,
    },
    /// Not in the document; the closest text is `edits` edits away.
    Closest {
        span: Span,
        edits: usize,
        found: String,
    },
    /// Not in the document, not even approximately.
    NotFound,
}

/// Looks `quote` up in `text` as `check` would with nothing pinned.
pub(crate) fn locate(
    doc_id: &str,
    text: &DocText,
    quote: &str,
    occurrence: Option<usize>,
) -> Result<Located, Refusal> {
    locate_in_context(doc_id, text, quote, occurrence, None, None)
}

/// Looks `quote` up as `check` would with only its context pinned (an
/// annotation's prefix and suffix, which single out one of several
/// occurrences); the context recorded is the document's own.
pub(crate) fn locate_in_context(
    doc_id: &str,
    text: &DocText,
    quote: &str,
    occurrence: Option<usize>,
    prefix: Option<&str>,
    suffix: Option<&str>,
) -> Result<Located, Refusal> {
    let doc = Doc::new(text);
    let verdict = doc.anchor(&Selector {
        quote,
        start: None,
        prefix: prefix.filter(|p| !p.is_empty()),
        suffix: suffix.filter(|s| !s.is_empty()),
    });
    // Context that no longer reads as recorded still placed the quote.
    let verdict = match verdict {
        Verdict::ContextChanged { span, .. } => Verdict::Intact(span),
        v => v,
    };
    // An elided quote (`A ... B`) is recorded as typed, each part in the
    // document's own characters, and pinned at the whole passage.
    let (verdict, elided) = match verdict {
        Verdict::Elided(e) => (e.verdict.clone(), Some(e)),
        v => (v, None),
    };
    let words = |span: Span| match &elided {
        Some(e) => e
            .as_in_document(quote, text)
            .unwrap_or_else(|| quote.to_string()),
        None => text.slice_chars(span.start..span.end).to_string(),
    };
    let pinned = |span: Span, mut notes: Vec<Note>| {
        let doc_text = words(span);
        if doc_text != quote && notes.is_empty() {
            notes.push(Note::DocumentCharacters(doc_text.clone()));
        }
        let pin = Pin::at(text, span);
        Located {
            doc: doc_id.to_string(),
            quote: doc_text,
            start: pin.start,
            prefix: pin.prefix,
            suffix: pin.suffix,
            notes,
            note: None,
        }
    };
    let once = |span: Span, notes: Vec<Note>| match occurrence {
        Some(n) if n != 1 => Err(Refusal::OccursOnce { occurrence: n }),
        _ => Ok(pinned(span, notes)),
    };
    match verdict {
        Verdict::Intact(span) | Verdict::Moved(span) => once(span, Vec::new()),
        Verdict::Normalized { span, differences } => {
            let notes = differences
                .into_iter()
                .map(|d| {
                    let (line, column) = text.line_col(d.at);
                    Note::Folded {
                        line,
                        column,
                        doc: d.doc,
                        typed: d.quote,
                    }
                })
                .collect();
            once(span, notes)
        }
        Verdict::Ambiguous(cands) => match occurrence {
            Some(n) if (1..=cands.len()).contains(&n) => Ok(pinned(cands[n - 1].span, Vec::new())),
            _ => Err(Refusal::Ambiguous {
                occurrence,
                places: cands.iter().map(|c| c.span).collect(),
            }),
        },
        Verdict::Altered { span, edits, .. } if elided.is_some() => Err(Refusal::Closest {
            span,
            edits,
            found: words(span),
        }),
        Verdict::Altered { span, edits, .. } => Err(closest(text, span, edits, quote)),
        Verdict::Missing(_) if elided.is_none() => Err(match doc.closest(quote) {
            Some(c) => closest(text, c.span, c.edits, quote),
            None => Refusal::NotFound,
        }),
        // Unpinned, a quote has no recorded context that could have changed.
        Verdict::Missing(_) | Verdict::ContextChanged { .. } | Verdict::Elided(_) => {
            Err(Refusal::NotFound)
        }
    }
}

/// "Did you mean" the text at `span`, widened to whole tokens, with the
/// edits from the typed quote to what is shown.
fn closest(text: &DocText, span: Span, edits: usize, quote: &str) -> Refusal {
    let wide = whole_tokens(text, span, quote);
    let found = text.slice_chars(wide.start..wide.end).to_string();
    let edits = if wide == span {
        edits
    } else {
        let q: Vec<char> = quote.chars().collect();
        let f: Vec<char> = found.chars().collect();
        crate::anchor::myers::levenshtein(&q, &f)
    };
    Refusal::Closest {
        span: wide,
        edits,
        found,
    }
}

/// `span` widened to whole tokens of the text, so that "did you mean" never
/// starts or ends inside a word (`]he birth lottery` becomes `[T]he birth
/// lottery`): out to the spaces around it (or, in Chinese and Japanese, to
/// the next character), less quotation marks and closing punctuation that
/// the typed quote does not have at that end.
fn whole_tokens(text: &DocText, span: Span, typed: &str) -> Span {
    use unicode_width::UnicodeWidthChar;
    const MARKS: &str = "\"'“”‘’«»„‚‹›「」『』";
    let at = |i: usize| text.slice_chars(i..i + 1).chars().next().unwrap_or(' ');
    let apart = |a: char, b: char| {
        a.is_whitespace() || b.is_whitespace() || a.width() == Some(2) || b.width() == Some(2)
    };
    let (mut start, mut end) = (span.start, span.end);
    while start > 0 && !apart(at(start - 1), at(start)) {
        start -= 1;
    }
    while end < text.char_len() && end > start && !apart(at(end - 1), at(end)) {
        end += 1;
    }
    while start < span.start && MARKS.contains(at(start)) && !typed.starts_with(at(start)) {
        start += 1;
    }
    while end > span.end
        && (MARKS.contains(at(end - 1)) || ".,;:!?)".contains(at(end - 1)))
        && !typed.ends_with(at(end - 1))
    {
        end -= 1;
    }
    Span { start, end }
}
