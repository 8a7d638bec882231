//! Findings as typed data: the status of an anchor or file, its stable code and
//! severity, where the quote stands now, what the renderers need to say why,
//! and how an anchoring verdict becomes one.

use serde::Serialize;

use crate::anchor::{Side, SingleOut, Span, Verdict};
use crate::claim::AnchorKind;
use crate::text::DocText;

/// Code points of a document line kept on each side of a span in a snippet.
const SNIPPET_CONTEXT: usize = 64;
/// Longest part of a span kept in a snippet.
const SNIPPET_MARK: usize = 160;

pub(crate) use super::status::{Severity, Status};

impl Status {
    /// The status of a verdict.
    pub(crate) fn of(v: &Verdict) -> Status {
        match v {
            Verdict::Intact(_) => Status::Intact,
            Verdict::Moved(_) => Status::Moved,
            Verdict::ContextChanged { .. } => Status::ContextChanged,
            Verdict::Normalized { .. } => Status::Normalized,
            Verdict::Ambiguous(_) => Status::Ambiguous,
            Verdict::Altered { .. } => Status::Altered,
            Verdict::Missing(_) => Status::Missing,
            Verdict::Elided(e) => Status::of(&e.verdict),
        }
    }
}

/// A code-point range as recorded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub(crate) struct Range {
    pub(crate) start: usize,
    pub(crate) end: usize,
}

/// Where the quote stands in the document now.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct Found {
    pub(crate) start: usize,
    pub(crate) end: usize,
    pub(crate) line: usize,
    pub(crate) column: usize,
    pub(crate) text: String,
}

/// What a piece of a word diff is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum DiffOp {
    Equal,
    /// In the quote, not in the document.
    Delete,
    /// In the document, not in the quote.
    Insert,
}

/// One piece of a word diff of quote (delete) against document (insert).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct DiffPart {
    pub(crate) op: DiffOp,
    pub(crate) text: String,
}

/// A word diff of `old` (delete) against `new` (insert), split at Unicode
/// word boundaries (UAX #29), equal runs merged.
pub(crate) fn word_diff(old: &str, new: &str) -> Vec<DiffPart> {
    let diff = similar::TextDiff::from_unicode_words(old, new);
    let mut parts: Vec<DiffPart> = Vec::new();
    for change in diff.iter_all_changes() {
        let op = match change.tag() {
            similar::ChangeTag::Equal => DiffOp::Equal,
            similar::ChangeTag::Delete => DiffOp::Delete,
            similar::ChangeTag::Insert => DiffOp::Insert,
        };
        match parts.last_mut() {
            Some(last) if last.op == op => last.text.push_str(change.value()),
            _ => parts.push(DiffPart {
                op,
                text: change.value().to_string(),
            }),
        }
    }
    parts
}

/// The document's line around a span: a window of the line, wide enough for
/// any renderer to cut its own view from.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct Snippet {
    /// 1-based line of the span's start.
    pub(crate) line: usize,
    /// The window of the line, as in the document.
    pub(crate) text: String,
    /// Column (0-based, code points) of the window's first char in the line.
    pub(crate) from: usize,
    /// Length of the whole line, in code points.
    pub(crate) line_len: usize,
    /// Column (0-based) of the span's start in the line.
    pub(crate) col: usize,
    /// Length of the span, in code points (it may run past the line).
    pub(crate) len: usize,
}

/// One character difference the normalization folded.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Folded {
    pub(crate) line: usize,
    pub(crate) column: usize,
    /// What the document has.
    pub(crate) doc: String,
    /// What the quote has instead.
    pub(crate) quote: String,
}

/// How many occurrences of an ambiguous quote a finding keeps (and the
/// report marks).
pub(crate) const OCCURRENCES_KEPT: usize = 500;

/// One of several occurrences of an ambiguous quote.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Occurrence {
    pub(crate) start: usize,
    pub(crate) line: usize,
    pub(crate) column: usize,
    pub(crate) single_out: Option<SingleOut>,
}

/// Why a document could not be read, as data.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Unreadable {
    /// The system's error.
    Io(String),
    /// Not valid UTF-8 at this byte offset (counting a BOM) and line.
    Decode { byte: usize, line: usize },
    /// A link to this file outside the project, not followed.
    Outside(String),
}

/// What a finding is about, beyond its status: everything the renderers need
/// to say it in words.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum What {
    Intact,
    /// The exact quote stands elsewhere than `from` (the recorded start).
    Moved {
        from: usize,
        /// Line and column of the recorded start in today's text, if it is
        /// still inside it.
        was: Option<(usize, usize)>,
    },
    /// The recorded context around the quote changed: each side that did,
    /// recorded and now; and what the normalization folded, if it did.
    ContextChanged {
        prefix: Option<Side>,
        suffix: Option<Side>,
        folded: Vec<Folded>,
    },
    /// The quote matches after folding these differences (none: only
    /// whitespace at the quote's ends).
    Normalized {
        folded: Vec<Folded>,
    },
    Ambiguous {
        /// The first `OCCURRENCES_KEPT` occurrences, in text order.
        occurrences: Vec<Occurrence>,
        /// How many there are in all.
        count: usize,
    },
    Altered {
        edits: usize,
        similarity: f64,
    },
    /// Nothing counts as the quote. `pinned`: it had a position or context,
    /// so only its place and its context's were searched in full.
    Missing {
        pinned: bool,
        closest: Option<Box<Closest>>,
        /// Where the quote stood, found by its recorded context (or
        /// position), and what the paragraph there says now.
        was: Option<Box<Closest>>,
    },
    DocMissing,
    DocUnreadable(Unreadable),
    /// Two files give one document id.
    DocConflict {
        first: String,
        second: String,
    },
    /// A claim id also used at `file:line`.
    DuplicateId {
        file: String,
        line: usize,
    },
    /// A claims file or metadata file breaks the format, in the parser's words.
    Problem(String),
    /// The attribution of a quote that stands changed since it was logged.
    Attribution(Box<crate::attribution::Change>),
}

/// The closest text to a missing quote, elsewhere: a hint, never the anchor.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Closest {
    pub(crate) line: usize,
    pub(crate) column: usize,
    pub(crate) text: String,
    pub(crate) edits: usize,
}

/// One part of an elided quote (`A ... B`): its status and where it stands.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct PartFound {
    pub(crate) quote: String,
    pub(crate) status: Status,
    pub(crate) found: Option<Found>,
}

/// An editor's bracket of a quote (`[Mikhailov]`, `[sic]`) and what the
/// document has where it stands.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Bracket {
    pub(crate) typed: String,
    pub(crate) sic: bool,
    /// The document's words there (`None` when a part around it is missing).
    pub(crate) document: Option<String>,
}

/// What `--fix` would write into an anchor.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Fix {
    pub(crate) claim_index: usize,
    pub(crate) anchor: AnchorKind,
    pub(crate) start: usize,
    pub(crate) prefix: String,
    pub(crate) suffix: String,
    /// Replacement quote (the document's own characters), for normalized anchors.
    pub(crate) quote: Option<String>,
}

/// One finding: an anchor's verdict, or a problem with a file.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Finding {
    pub(crate) claim: Option<String>,
    pub(crate) anchor: Option<AnchorKind>,
    /// The claims or metadata file, relative to the project root.
    pub(crate) file: String,
    pub(crate) line: usize,
    pub(crate) column: usize,
    pub(crate) doc: Option<String>,
    /// The document's path as shown to people (its id when it is missing).
    pub(crate) doc_path: Option<String>,
    pub(crate) status: Status,
    pub(crate) recorded: Option<Range>,
    pub(crate) found: Option<Found>,
    pub(crate) what: What,
    /// The quote as recorded, for the diff of an altered quote.
    pub(crate) quote: Option<String>,
    pub(crate) snippet: Option<Box<Snippet>>,
    /// The parts of an elided quote; empty otherwise.
    pub(crate) parts: Vec<PartFound>,
    /// What the document has where each editor's bracket of the quote stands.
    pub(crate) brackets: Vec<Bracket>,
    pub(crate) fix: Option<Box<Fix>>,
    /// Set when `--fix` rewrote this anchor.
    pub(crate) fixed: bool,
    /// The claim is retracted or superseded: at most `info`.
    pub(crate) retired: bool,
}

impl Finding {
    /// A finding with only the required parts; callers fill in the rest.
    pub(crate) fn new(status: Status, what: What, file: &str, line: usize) -> Finding {
        Finding {
            claim: None,
            anchor: None,
            file: file.to_string(),
            line,
            column: 1,
            doc: None,
            doc_path: None,
            status,
            recorded: None,
            found: None,
            what,
            quote: None,
            snippet: None,
            parts: Vec::new(),
            brackets: Vec::new(),
            fix: None,
            fixed: false,
            retired: false,
        }
    }

    pub(crate) fn severity(&self) -> Severity {
        match self.status.severity() {
            Severity::Ok => Severity::Ok,
            _ if self.retired => Severity::Info,
            s => s,
        }
    }

    /// The severity that counts for the exit code (a fixed anchor counts as ok).
    pub(crate) fn effective(&self) -> Severity {
        if self.fixed {
            Severity::Ok
        } else {
            self.severity()
        }
    }
}

/// Where a missing quote stood: after its recorded prefix, or before its
/// recorded suffix, where either stands once in the text now (its last or
/// first 32 characters), else at its recorded position; with the paragraph
/// there as it reads now (at most 240 characters around the place, `edits`
/// unused).
fn where_it_was(
    text: &DocText,
    start: Option<usize>,
    (prefix, suffix): (Option<&str>, Option<&str>),
) -> Option<Closest> {
    const PIECE: usize = 32;
    const AROUND: usize = 120;
    let s = text.as_str();
    let once = |needle: &str| -> Option<usize> {
        let needle = needle.trim();
        if needle.chars().count() < 8 {
            return None;
        }
        let mut hits = s.match_indices(needle);
        let first = hits.next()?;
        hits.next().is_none().then_some(first.0)
    };
    let tail = |p: &str| {
        let n = p.chars().count();
        p.chars().skip(n.saturating_sub(PIECE)).collect::<String>()
    };
    let head = |p: &str| p.chars().take(PIECE).collect::<String>();
    let byte = prefix
        .and_then(|p| {
            let t = tail(p);
            once(&t).map(|b| b + t.trim().len())
        })
        .or_else(|| suffix.and_then(|x| once(&head(x))))
        .or_else(|| start.and_then(|c| text.byte_of_char(c.min(text.char_len()))))?;
    let at = text.char_of_byte(byte);
    // The paragraph: between blank lines.
    let para_start = s[..byte].rfind("\n\n").map_or(0, |b| b + 2);
    let para_end = s[byte..].find("\n\n").map_or(s.len(), |b| byte + b);
    let (ps, pe) = (text.char_of_byte(para_start), text.char_of_byte(para_end));
    let (from, to) = (ps.max(at.saturating_sub(AROUND)), pe.min(at + AROUND));
    let mut shown = String::new();
    if from > ps {
        shown.push('…');
    }
    shown.push_str(text.slice_chars(from..to).trim());
    if to < pe {
        shown.push('…');
    }
    let (line, column) = text.line_col(at);
    Some(Closest {
        line,
        column,
        text: shown,
        edits: 0,
    })
}

fn found(text: &DocText, span: Span) -> Found {
    let (line, column) = text.line_col(span.start);
    Found {
        start: span.start,
        end: span.end,
        line,
        column,
        text: text.slice_chars(span.start..span.end).to_string(),
    }
}

impl Finding {
    /// Fills in what a verdict is about, where the quote stands now, and the
    /// document's line around it; `start` and `quote` as recorded.
    /// `pinned`: the quote was recorded with a position or context.
    pub(crate) fn fill(
        &mut self,
        v: &Verdict,
        start: Option<usize>,
        quote: &str,
        text: &DocText,
        context: (Option<&str>, Option<&str>),
    ) {
        let pinned = start.is_some()
            || context.0.is_some_and(|p| !p.is_empty())
            || context.1.is_some_and(|s| !s.is_empty());
        let f = self;
        let folded = |differences: &[crate::anchor::Difference]| -> Vec<Folded> {
            differences
                .iter()
                .map(|d| {
                    let (line, column) = text.line_col(d.at);
                    Folded {
                        line,
                        column,
                        doc: d.doc.clone(),
                        quote: d.quote.clone(),
                    }
                })
                .collect()
        };
        match v {
            Verdict::Intact(span) => f.found = Some(found(text, *span)),
            Verdict::Moved(span) => {
                f.found = Some(found(text, *span));
                let from = start.unwrap_or(0);
                f.what = What::Moved {
                    from,
                    was: (from <= text.char_len()).then(|| text.line_col(from)),
                };
                f.snippet = Some(Box::new(snippet(text, *span)));
            }
            Verdict::ContextChanged {
                span,
                change,
                differences,
            } => {
                f.found = Some(found(text, *span));
                f.what = What::ContextChanged {
                    prefix: change.prefix.clone(),
                    suffix: change.suffix.clone(),
                    folded: folded(differences),
                };
                f.snippet = Some(Box::new(snippet(text, *span)));
            }
            Verdict::Normalized { span, differences } => {
                f.found = Some(found(text, *span));
                f.what = What::Normalized {
                    folded: folded(differences),
                };
                f.snippet = Some(Box::new(snippet(text, *span)));
            }
            Verdict::Ambiguous(cands) => {
                // Kept with line and column: the first few hundred; a quote
                // found millions of times is counted, not listed.
                let occurrences = cands
                    .iter()
                    .take(OCCURRENCES_KEPT)
                    .map(|c| {
                        let (line, column) = text.line_col(c.span.start);
                        Occurrence {
                            start: c.span.start,
                            line,
                            column,
                            single_out: c.single_out.clone(),
                        }
                    })
                    .collect();
                f.what = What::Ambiguous {
                    occurrences,
                    count: cands.len(),
                };
                if let Some(c) = cands.first() {
                    f.snippet = Some(Box::new(snippet(text, c.span)));
                }
            }
            Verdict::Altered {
                span,
                edits,
                similarity,
            } => {
                f.found = Some(found(text, *span));
                f.what = What::Altered {
                    edits: *edits,
                    similarity: *similarity,
                };
                f.quote = Some(quote.to_string());
                f.snippet = Some(Box::new(snippet(text, *span)));
            }
            Verdict::Missing(closest) => {
                f.what = What::Missing {
                    pinned,
                    was: where_it_was(text, start, context).map(Box::new),
                    closest: closest.as_ref().map(|c| {
                        let (line, column) = text.line_col(c.span.start);
                        Box::new(Closest {
                            line,
                            column,
                            text: text.slice_chars(c.span.start..c.span.end).to_string(),
                            edits: c.edits,
                        })
                    }),
                };
            }
            Verdict::Elided(e) => {
                f.fill(&e.verdict, start, quote, text, context);
                // The document's words for the quote: each part's text in
                // place of the part, the elisions kept, so a diff shows edits.
                if let Some(fd) = f.found.as_mut()
                    && let Some(words) = e.as_in_document(quote, text)
                {
                    fd.text = words;
                }
                f.brackets = e
                    .marks
                    .iter()
                    .filter(|m| m.gap != crate::anchor::Gap::Elision)
                    .map(|m| Bracket {
                        typed: quote[m.range.clone()].to_string(),
                        sic: m.gap == crate::anchor::Gap::Sic,
                        document: m
                            .between
                            .map(|s| text.slice_chars(s.start..s.end).trim().to_string()),
                    })
                    .collect();
                f.parts = e
                    .parts
                    .iter()
                    .map(|p| PartFound {
                        quote: quote[p.range.clone()].to_string(),
                        status: Status::of(&p.verdict),
                        found: p.verdict.span().map(|s| found(text, s)),
                    })
                    .collect();
            }
        }
    }
}

/// The document's line around a span, cut to a window for long lines.
fn snippet(text: &DocText, span: Span) -> Snippet {
    let (line, col) = text.line_col(span.start);
    let col = col - 1;
    let full = text.line_text(line);
    let line_len = full.chars().count();
    let len = span.end - span.start;
    let from = col.saturating_sub(SNIPPET_CONTEXT);
    let to = ((col + len).min(line_len).min(col + SNIPPET_MARK) + SNIPPET_CONTEXT).min(line_len);
    Snippet {
        line,
        text: full.chars().skip(from).take(to - from).collect(),
        from,
        line_len,
        col,
        len,
    }
}
