//! The words of logging a claim: why a quote cannot be logged, and what was
//! recorded differently from what was typed.

use super::{Paint, describe_chars, diff_line};
use crate::anchor::Span;
use crate::check::finding::word_diff;
use crate::failure::Said;
use crate::locate::{Note, Refusal};
use crate::text::DocText;

/// Occurrences of an ambiguous quote listed one by one.
const LISTED: usize = 20;

/// Why `typed` cannot be logged from `text` (shown as `display`).
pub(crate) fn refusal(r: &Refusal, text: &DocText, display: &str, typed: &str) -> Said {
    match r {
        Refusal::OccursOnce { occurrence } => Said::new(format!(
            "--occurrence {occurrence}: the quote occurs only once in {display}"
        )),
        Refusal::Ambiguous { occurrence, places } => {
            let n = places.len();
            let mut said = Said::new(match occurrence {
                Some(o) => format!(
                    "--occurrence {o}: the quote occurs {n} times in {display}; pick 1 to {n}"
                ),
                None => format!(
                    "the quote occurs {n} times in {display}; pick one with --occurrence N, or quote more words"
                ),
            });
            for (i, span) in places.iter().take(LISTED).enumerate() {
                let (l, col) = text.line_col(span.start);
                said.details.push(format!(
                    "{}. {display}:{l}:{col}  {}",
                    i + 1,
                    context_line(text, *span)
                ));
            }
            if n > LISTED {
                said.details.push(format!(
                    "and {} more; --occurrence counts them in document order",
                    n - LISTED
                ));
            }
            said
        }
        Refusal::Closest { span, edits, found } => {
            let (l, c) = text.line_col(span.start);
            let mut said = Said::new(format!(
                "the quote is not in {display}: the closest text is {edits} edit{} away",
                if *edits == 1 { "" } else { "s" }
            ));
            said.details
                .push(format!("did you mean ({display}:{l}:{c}): {found:?}"));
            let diff = diff_line(&word_diff(typed, found), Paint { on: false });
            said.details
                .push(format!("diff (you typed -> document): {diff}"));
            said
        }
        Refusal::NotFound => Said::new(format!(
            "the quote is not in {display}, not even approximately"
        )),
    }
}

/// What was recorded differently from what was typed, as a note line.
pub(crate) fn note(n: &Note) -> String {
    match n {
        Note::Folded {
            line,
            column,
            doc,
            typed,
        } => format!(
            "recorded {} where you typed {} (at {line}:{column})",
            describe_chars(doc),
            describe_chars(typed)
        ),
        Note::DocumentCharacters(text) => {
            format!("recorded the document's own characters: {text:?}")
        }
    }
}

/// One line of context around a span, whitespace collapsed, the span in ⟦ ⟧.
fn context_line(text: &DocText, span: Span) -> String {
    let squash = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    let before = text.slice_chars(span.start.saturating_sub(30)..span.start);
    let inner = text.slice_chars(span.start..span.end);
    let after = text.slice_chars(span.end..span.end + 30);
    let inner: String = if inner.chars().count() > 60 {
        let head: String = inner.chars().take(28).collect();
        let tail: String = inner.chars().skip(inner.chars().count() - 28).collect();
        format!("{head}…{tail}")
    } else {
        inner.to_string()
    };
    format!(
        "…{} ⟦{}⟧ {}…",
        squash(before),
        squash(&inner),
        squash(after)
    )
}

/// A document id the corpus does not have, with the ids close to it (or,
/// in a small corpus, every id).
pub(crate) fn unknown_doc(corpus: &crate::corpus::Corpus, id: &str) -> Said {
    let mut said = Said::new(format!(
        "no document `{id}` in corpus/ (looked for corpus/{id}.txt and corpus/{id}.md)"
    ));
    let close = crate::corpus::close_names(id, corpus.docs.keys().map(String::as_str));
    if !close.is_empty() {
        said.details
            .push(format!("did you mean: {}", close.join(", ")));
    } else if corpus.docs.len() <= 20 {
        said.details.push(format!(
            "documents: {}",
            corpus.docs.keys().cloned().collect::<Vec<_>>().join(", ")
        ));
    }
    said
}
