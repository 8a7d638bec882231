//! The words of logging a claim: why a quote cannot be logged, and what was
//! recorded differently from what was typed.

use super::{Paint, describe_chars, diff_line};
use crate::anchor::Span;
use crate::check::finding::word_diff;
use crate::claim::Level;
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

/// One line of context around a span, each run of whitespace one space, the
/// span in ⟦ ⟧ with no space added: a span inside a word shows as one.
fn context_line(text: &DocText, span: Span) -> String {
    let squash = |s: &str| {
        let mut out = String::with_capacity(s.len());
        for c in s.chars() {
            if !c.is_whitespace() {
                out.push(c);
            } else if !out.ends_with(' ') {
                out.push(' ');
            }
        }
        out
    };
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
        "…{}⟦{}⟧{}…",
        squash(before).trim_start(),
        squash(&inner),
        squash(after).trim_end()
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

/// The attribution the document's cues propose for a quote, in lines for
/// people: the level, the source, the cue and the rule that found it.
pub(crate) fn proposal(a: &crate::cues::Assessment, text: &DocText) -> Vec<String> {
    let s = text.as_str();
    let mut out = vec![format!(
        "the document's cues propose `{}`{}: {}",
        a.proposal.as_str(),
        a.source(s)
            .map(|src| format!(", attributed to {src:?}"))
            .unwrap_or_default(),
        a.explain(s)
    )];
    if let Some(c) = &a.cue {
        let (l, col) = text.line_col(text.char_of_byte(c.cue.range.start));
        out.push(format!("cue at {l}:{col}: {:?}", &s[c.cue.range.clone()]));
    }
    for o in &a.others {
        let (l, col) = text.line_col(text.char_of_byte(o.cue.range.start));
        out.push(format!(
            "also at {l}:{col}: {:?} ({}, {})",
            &s[o.cue.range.clone()],
            o.cue.rule.id,
            o.scope.as_str()
        ));
    }
    if a.disputed {
        out.push("the party concerned denies or disputes it".into());
    }
    out
}

/// The proposal as JSON, for `add --format json`.
pub(crate) fn proposal_json(a: &crate::cues::Assessment, text: &DocText) -> serde_json::Value {
    let s = text.as_str();
    let cue = |c: &crate::cues::Applied| {
        let (line, column) = text.line_col(text.char_of_byte(c.cue.range.start));
        serde_json::json!({
            "words": &s[c.cue.range.clone()],
            "rule": c.cue.rule.id,
            "kind": c.cue.rule.kind.as_str(),
            "scope": c.scope.as_str(),
            "source": c.cue.source.clone().map(|r| &s[r]),
            "start": text.char_of_byte(c.cue.range.start),
            "line": line,
            "column": column,
        })
    };
    serde_json::json!({
        "level": a.proposal.as_str(),
        "source": a.source(s),
        "language": a.language.code,
        "disputed": a.disputed,
        "cue": a.cue.as_ref().map(cue),
        "others": a.others.iter().map(cue).collect::<Vec<_>>(),
        "explanation": a.explain(s),
    })
}

/// Why a level given with `--level` is refused: the document says
/// explicitly that the claim could not be verified.
pub(crate) fn refused_level(given: Level, a: &crate::cues::Assessment, text: &DocText) -> Said {
    let mut said = Said::new(format!(
        "--level {given}: the document says explicitly that this could not be verified; log it as could-not-confirm (or source-says with its source), or pass --force if the cue does not cover this claim"
    ));
    said.details = proposal(a, text);
    said
}
