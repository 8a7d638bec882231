//! A claim's attribution held against its document, with no I/O: what to record when a claim is logged, and what changed since.

use crate::anchor::{Doc, Elided, Gap, Selector, Span, Verdict};
use crate::claim::{Attribution, Level, RecordedCue};
use crate::cues::{Applied, Assessment, Kind, Proposal, Reading};
use crate::text::DocText;

/// The byte range of a code-point span.
fn bytes(text: &DocText, span: Span) -> std::ops::Range<usize> {
    text.byte_range(span.start..span.end)
        .unwrap_or(text.as_str().len()..text.as_str().len())
}

/// The code-point span of a byte range.
fn chars(text: &DocText, r: &std::ops::Range<usize>) -> Span {
    Span {
        start: text.char_of_byte(r.start),
        end: text.char_of_byte(r.end),
    }
}

/// The attribution of the passage at `span`, as the cues read it now.
pub(crate) fn assess(reading: &Reading, text: &DocText, span: Span) -> Assessment {
    reading.assess(bytes(text, span))
}

/// The level an assessment implies (a headline or caption implies the
/// outlet's own, `confirmed`).
pub(crate) fn implied(a: &Assessment) -> Level {
    match a.proposal {
        Proposal::Level(l) => l,
        Proposal::NotAClaim => Level::Confirmed,
    }
}

/// One applied cue, pinned as the record keeps it: the cue's words joined
/// with its source's when they stand together.
fn pin(text: &DocText, a: &Applied) -> RecordedCue {
    let mut r = a.cue.range.clone();
    if let Some(s) = &a.cue.source {
        // The source is part of the passage when it stands beside the cue.
        let gap = if s.start >= r.end {
            s.start - r.end
        } else {
            r.start.saturating_sub(s.end)
        };
        if gap <= 3 {
            r = r.start.min(s.start)..r.end.max(s.end);
        }
    }
    // Pinned by its words and `start` alone: the window fingerprint says
    // whether the text around it changed, and the claim's quote carries the
    // context; a cue record stays short.
    let span = chars(text, &r);
    RecordedCue {
        words: text.as_str()[r].to_string(),
        rule: Some(a.cue.rule.id.clone()),
        scope: Some(a.scope.as_str().to_string()),
        source: a.cue.source.clone().map(|s| text.as_str()[s].to_string()),
        start: Some(span.start),
        prefix: None,
        suffix: None,
        line: 0,
    }
}

/// What to record of a new claim's attribution: the level the cues imply,
/// the fingerprint of the text they were read from, and each cue that
/// applies, pinned.
pub(crate) fn record(reading: &Reading, text: &DocText, span: Span, a: &Assessment) -> Attribution {
    Attribution {
        level: implied(a),
        window: reading.window(bytes(text, span).start),
        cues: a
            .cue
            .iter()
            .chain(&a.others)
            .map(|c| pin(text, c))
            .collect(),
        line: 0,
    }
}

/// What each elision and editor's bracket of a quote stands for in the
/// document (`[sic]` stands for nothing and is not listed); `None` when the
/// quote has no such mark or a part of it is not found.
pub(crate) fn stands_for(text: &DocText, verdict: &Verdict) -> Option<Vec<String>> {
    let Verdict::Elided(e) = verdict else {
        return None;
    };
    marks(text, e)
}

fn marks(text: &DocText, e: &Elided) -> Option<Vec<String>> {
    let marks: Vec<_> = e.marks.iter().filter(|m| m.gap != Gap::Sic).collect();
    if marks.is_empty() {
        return None;
    }
    marks
        .iter()
        .map(|m| {
            m.between
                .map(|s| text.slice_chars(s.start..s.end).trim().to_string())
        })
        .collect()
}

/// A quote's attribution as the document gives it now, ready to record.
pub(crate) struct Read {
    pub(crate) assessment: Assessment,
    pub(crate) record: Attribution,
    pub(crate) stands_for: Option<Vec<String>>,
}

/// Reads the attribution of a quote as recorded (its words, `start`,
/// `prefix`, `suffix`), for `add`, the importers and `accept`; `None` when
/// the quote does not stand in the text.
pub(crate) fn read(text: &DocText, sel: &Selector) -> Option<Read> {
    let verdict = Doc::new(text).anchor(sel);
    let span = verdict.span()?;
    let reading = Reading::new(text.as_str(), None);
    let assessment = assess(&reading, text, span);
    let record = record(&reading, text, span, &assessment);
    Some(Read {
        stands_for: stands_for(text, &verdict),
        assessment,
        record,
    })
}

/// Which kind of mark a `stands-for` entry is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum MarkKind {
    Elision,
    Bracket,
}

/// What changed in a claim's attribution since it was logged.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Change {
    /// A recorded cue no longer stands as recorded beside the quote.
    Cue {
        /// Which recorded cue (0-based).
        index: usize,
        recorded: String,
        /// The words there now (an altered cue), or the cue words the
        /// document has now around the quote.
        now: Option<String>,
        rule: Option<String>,
        /// Line of the cue's `words` in the claims file.
        line: usize,
    },
    /// The cues imply another level than when the claim was logged.
    Level {
        recorded: Level,
        then: Level,
        now: Level,
        /// The deciding cue's words, rule and kind, if any.
        cue: Option<(String, String, Kind)>,
        /// An explicit could-not-confirm cue against a claim recorded as
        /// confirmed or source-says.
        explicit: bool,
    },
    /// What an elision or bracket stands for is not what it was.
    Mark {
        kind: MarkKind,
        /// Which mark (0-based among the quote's elisions and brackets).
        index: usize,
        typed: String,
        recorded: String,
        now: Option<String>,
    },
}

/// The claim's attribution against the document now: `verdict` is its
/// quote's, `level` the level recorded on the claim.
pub(crate) fn changes(
    reading: &Reading,
    doc: &Doc,
    quote: &str,
    verdict: &Verdict,
    level: Level,
    attribution: Option<&Attribution>,
    stands_for: Option<&[String]>,
) -> Vec<Change> {
    let text = doc.text;
    let mut out = Vec::new();
    // A quote that does not stand is reported as such; its attribution is
    // read again once it does.
    let standing = match verdict {
        Verdict::Elided(e) => &e.verdict,
        v => v,
    };
    let span = match standing {
        Verdict::Intact(s) | Verdict::Moved(s) => *s,
        Verdict::ContextChanged { span, .. } | Verdict::Normalized { span, .. } => *span,
        Verdict::Altered { .. }
        | Verdict::Missing(_)
        | Verdict::Ambiguous(_)
        | Verdict::Elided(_) => {
            return out;
        }
    };
    if let Some(att) = attribution {
        // The text the cues are read from is as it was: they read the same,
        // so only the recorded cues are looked for (they may have moved).
        let at = text.byte_of_char(span.start).unwrap_or(text.as_str().len());
        let unchanged = att
            .window
            .as_deref()
            .is_some_and(|w| reading.window_is(at, w));
        let now = std::cell::OnceCell::new();
        let now = || now.get_or_init(|| assess(reading, text, span));
        // An unchanged window holds every recorded cue as it was.
        let cues = if unchanged { &[][..] } else { &att.cues[..] };
        for (index, c) in cues.iter().enumerate() {
            let v = doc.anchor(&Selector {
                quote: &c.words,
                start: c.start,
                prefix: c.prefix.as_deref(),
                suffix: c.suffix.as_deref(),
            });
            let stands = matches!(
                v,
                Verdict::Intact(_) | Verdict::Moved(_) | Verdict::ContextChanged { .. }
            ) && v.span().is_some_and(|s| near(text, s, span));
            if stands {
                continue;
            }
            let words_now = match &v {
                Verdict::Altered { span: s, .. } => {
                    Some(text.slice_chars(s.start..s.end).to_string())
                }
                _ => now()
                    .cue
                    .as_ref()
                    .map(|a| text.as_str()[a.cue.range.clone()].to_string()),
            };
            out.push(Change::Cue {
                index,
                recorded: c.words.clone(),
                now: words_now,
                rule: c.rule.clone(),
                line: c.line,
            });
        }
        let then = att.level;
        let now_level = if unchanged { then } else { implied(now()) };
        if now_level != then && now_level != level {
            let cue = now().cue.as_ref().map(|a| {
                (
                    text.as_str()[a.cue.range.clone()].to_string(),
                    a.cue.rule.id.clone(),
                    a.cue.rule.kind,
                )
            });
            let explicit = now_level == Level::CouldNotConfirm
                && level != Level::CouldNotConfirm
                && cue.as_ref().is_some_and(|(_, _, k)| *k == Kind::Unverified);
            out.push(Change::Level {
                recorded: level,
                then,
                now: now_level,
                cue,
                explicit,
            });
        }
    }
    if let (Some(recorded), Verdict::Elided(e)) = (stands_for, verdict) {
        let typed: Vec<_> = e.marks.iter().filter(|m| m.gap != Gap::Sic).collect();
        for (index, (m, was)) in typed.iter().zip(recorded).enumerate() {
            let now = m
                .between
                .map(|s| text.slice_chars(s.start..s.end).trim().to_string());
            if now.as_deref() != Some(was.as_str()) {
                out.push(Change::Mark {
                    kind: if m.gap == Gap::Elision {
                        MarkKind::Elision
                    } else {
                        MarkKind::Bracket
                    },
                    index,
                    typed: quote[m.range.clone()].trim().to_string(),
                    recorded: was.clone(),
                    now,
                });
            }
        }
    }
    out
}

/// Whether a cue at `cue` still stands beside the quote at `quote`: within
/// the same stretch of text (the paragraph around it, or a sentence away).
fn near(text: &DocText, cue: Span, quote: Span) -> bool {
    const REACH: usize = 600;
    cue.end + REACH >= quote.start && quote.end + REACH >= cue.start && {
        let (a, b) = if cue.start < quote.start {
            (cue.end.min(quote.start), quote.start)
        } else {
            (quote.end.min(cue.start), cue.start)
        };
        !text.slice_chars(a..b).contains("\n\n")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::anchor::Doc;

    fn logged(text: &str, quote: &str) -> (DocText, Attribution, Span) {
        let t = DocText::new(text.to_string());
        let start = text[..text.find(quote).unwrap()].chars().count();
        let span = Span {
            start,
            end: start + quote.chars().count(),
        };
        let reading = Reading::new(t.as_str(), None);
        let a = assess(&reading, &t, span);
        let rec = record(&reading, &t, span, &a);
        (t, rec, span)
    }

    fn after(text: &str, quote: &str, level: Level, rec: &Attribution) -> Vec<Change> {
        let t = DocText::new(text.to_string());
        let doc = Doc::new(&t);
        let reading = Reading::new(t.as_str(), None);
        let v = doc.anchor(&Selector {
            quote,
            start: None,
            prefix: None,
            suffix: None,
        });
        changes(&reading, &doc, quote, &v, level, Some(rec), None)
    }

    const BELL: &str = "The Bell doesn’t know whether Mikhailov could have helped. But according to a source close to one of the defendants, Mikhailov passed on the information to Crowdstrike through an intermediary. The Bell could not confirm this claim.\n";
    const QUOTE: &str =
        "Mikhailov passed on the information to Crowdstrike through an intermediary";

    #[test]
    fn an_unchanged_document_changes_nothing_whatever_level_a_person_chose() {
        let (_, rec, _) = logged(BELL, QUOTE);
        assert_eq!(rec.level, Level::CouldNotConfirm);
        for level in Level::ALL {
            assert_eq!(after(BELL, QUOTE, level, &rec), []);
        }
    }

    #[test]
    fn a_replaced_source_is_an_attribution_change_with_both_wordings() {
        let (_, rec, _) = logged(BELL, QUOTE);
        let edited = BELL.replace("one of the defendants", "one of the prosecutors");
        let ch = after(&edited, QUOTE, Level::CouldNotConfirm, &rec);
        assert!(
            ch.iter()
                .any(|c| matches!(c, Change::Cue { recorded, now: Some(now), .. }
                if recorded.contains("defendants") && now.contains("prosecutors"))),
            "{ch:?}"
        );
    }

    #[test]
    fn a_could_not_confirm_sentence_added_after_a_confirmed_claim_is_an_explicit_level_mismatch() {
        let text = "Mikhailov passed on the information to Crowdstrike through an intermediary. He was arrested in December.\n";
        let (_, rec, _) = logged(text, QUOTE);
        assert_eq!(rec.level, Level::Confirmed);
        assert!(rec.cues.is_empty());
        let edited = text.replace(
            "intermediary. He",
            "intermediary. This could not be independently verified. He",
        );
        let ch = after(&edited, QUOTE, Level::Confirmed, &rec);
        assert!(
            matches!(
                ch.as_slice(),
                [Change::Level {
                    now: Level::CouldNotConfirm,
                    explicit: true,
                    ..
                }]
            ),
            "{ch:?}"
        );
    }
}
