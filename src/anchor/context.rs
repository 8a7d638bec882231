//! The recorded context against the text around a quote now, within the
//! quote's paragraph: what decides `context-changed`.
//!
//! Compared after normalization, so a re-wrap, a straightened apostrophe or a
//! no-break space is not a change, while any change of words is. The part of a
//! stored prefix before a blank line (or of a suffix after one) belongs to
//! another paragraph and is not compared: paragraphs that swap places do not
//! change a quote's context, a sentence pasted into another paragraph does.

use super::Span;
use super::normalize::normalize_str;
use crate::text::DocText;

/// Code points read beyond the recorded part, to see where the paragraph ends.
const SLACK: usize = 40;

/// One side of the context: what was recorded, and what stands there now
/// (both only the part inside the paragraph).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Side {
    pub recorded: String,
    pub now: String,
}

/// The sides whose recorded context no longer surrounds the quote.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ContextChange {
    pub prefix: Option<Side>,
    pub suffix: Option<Side>,
}

/// Byte range of each blank line in `s`: a line break, optional spaces, tabs
/// or carriage returns, and another line break.
fn blank_lines(s: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let b = s.as_bytes();
    memchr::memchr_iter(b'\n', b).filter_map(move |i| {
        let mut j = i + 1;
        while j < b.len() && matches!(b[j], b' ' | b'\t' | b'\r') {
            j += 1;
        }
        (j < b.len() && b[j] == b'\n').then_some((i, j + 1))
    })
}

/// The part of a prefix inside the quote's paragraph, and whether the
/// paragraph starts within it.
pub(crate) fn prefix_part(prefix: &str) -> (&str, bool) {
    match blank_lines(prefix).last() {
        Some((_, end)) => (&prefix[end..], true),
        None => (prefix, false),
    }
}

/// The part of a suffix inside the quote's paragraph, and whether the
/// paragraph ends within it.
pub(crate) fn suffix_part(suffix: &str) -> (&str, bool) {
    match blank_lines(suffix).next() {
        Some((start, _)) => (&suffix[..start], true),
        None => (suffix, false),
    }
}

/// How the recorded prefix and suffix compare with the text around `span`;
/// `None` when every recorded side still surrounds it (or none was recorded).
pub(crate) fn change(
    text: &DocText,
    prefix: Option<&str>,
    suffix: Option<&str>,
    span: Span,
) -> Option<ContextChange> {
    // Most quotes: the very characters recorded still surround them.
    let raw = text.as_str();
    if let (Some(b0), Some(b1)) = (text.byte_of_char(span.start), text.byte_of_char(span.end))
        && prefix.is_none_or(|p| raw[..b0].ends_with(p))
        && suffix.is_none_or(|s| raw[b1..].starts_with(s))
    {
        return None;
    }
    let mut out = ContextChange::default();
    if let Some(prefix) = prefix.filter(|p| !p.is_empty()) {
        let (part, starts_paragraph) = prefix_part(prefix);
        let len = part.chars().count();
        let from = span.start.saturating_sub(len + SLACK);
        let before = text.slice_chars(from..span.start);
        let (now, at_edge) = match blank_lines(before).last() {
            Some((_, end)) => (&before[end..], true),
            None => (before, from == 0),
        };
        let (want, have) = (normalize_str(part), normalize_str(now));
        let (want, have) = (want.trim(), have.trim());
        let holds = if starts_paragraph {
            at_edge && have == want
        } else {
            have.ends_with(want)
        };
        if !holds {
            let shown: String = if starts_paragraph {
                now.to_string()
            } else {
                let n = now.chars().count();
                now.chars().skip(n.saturating_sub(len)).collect()
            };
            out.prefix = Some(Side {
                recorded: part.to_string(),
                now: shown,
            });
        }
    }
    if let Some(suffix) = suffix.filter(|s| !s.is_empty()) {
        let (part, ends_paragraph) = suffix_part(suffix);
        let len = part.chars().count();
        let to = span.end + len + SLACK;
        let after = text.slice_chars(span.end..to);
        let (now, at_edge) = match blank_lines(after).next() {
            Some((start, _)) => (&after[..start], true),
            None => (after, to >= text.char_len()),
        };
        let (want, have) = (normalize_str(part), normalize_str(now));
        let (want, have) = (want.trim(), have.trim());
        let holds = if ends_paragraph {
            at_edge && have == want
        } else {
            have.starts_with(want)
        };
        if !holds {
            let shown: String = if ends_paragraph {
                now.to_string()
            } else {
                now.chars().take(len).collect()
            };
            out.suffix = Some(Side {
                recorded: part.to_string(),
                now: shown,
            });
        }
    }
    (out.prefix.is_some() || out.suffix.is_some()).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(doc: &str, quote: &str, prefix: &str, suffix: &str) -> Option<ContextChange> {
        let text = DocText::new(doc.to_string());
        let start = doc[..doc.find(quote).unwrap()].chars().count();
        let span = Span {
            start,
            end: start + quote.chars().count(),
        };
        change(&text, Some(prefix), Some(suffix), span)
    }

    #[test]
    fn the_same_words_rewrapped_or_retyped_are_no_change() {
        let doc = "But according to a source\nclose to one of the defendants,\u{a0}Mikhailov passed it on. The Bell\u{2019}s view.";
        assert_eq!(
            check(
                doc,
                "Mikhailov passed it on.",
                "a source close to one of the defendants, ",
                " The Bell's view."
            ),
            None
        );
    }

    #[test]
    fn a_changed_word_in_the_prefix_is_a_change_with_both_texts() {
        let doc = "according to a source close to the prosecutor, Mikhailov passed it on.";
        let c = check(
            doc,
            "Mikhailov passed it on.",
            "source close to one of the defendants, ",
            "",
        )
        .unwrap();
        let side = c.prefix.unwrap();
        assert_eq!(side.recorded, "source close to one of the defendants, ");
        assert!(
            side.now.ends_with("close to the prosecutor, "),
            "{}",
            side.now
        );
        assert_eq!(c.suffix, None);
    }

    #[test]
    fn context_in_another_paragraph_is_not_compared() {
        // The recorded prefix reached back into the previous paragraph; that
        // paragraph is now another one, the quote's own paragraph is unchanged.
        let doc = "A different paragraph now.\n\nMikhailov passed it on.\n\nNext.";
        assert_eq!(
            check(
                doc,
                "Mikhailov passed it on.",
                "old paragraph.\n\n",
                "\n\nOld next."
            ),
            None
        );
    }

    #[test]
    fn a_quote_that_started_a_paragraph_and_now_follows_other_words_changed() {
        let doc = "Summary: Mikhailov passed it on.";
        let c = check(doc, "Mikhailov passed it on.", "Intro.\n\n", "").unwrap();
        assert_eq!(c.prefix.unwrap().now, "Summary: ");
    }

    #[test]
    fn at_the_end_of_the_text_a_shorter_suffix_still_holds() {
        let doc = "He said: it is done.";
        assert_eq!(check(doc, "it is done", "He said: ", "."), None);
    }
}
