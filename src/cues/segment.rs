//! Paragraphs and sentences of a document's text, as byte ranges, in every script.

use std::ops::Range;

/// A paragraph and the sentences in it (byte ranges into the document).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Paragraph {
    pub(crate) range: Range<usize>,
    pub(crate) sentences: Vec<Range<usize>>,
}

/// The paragraphs of `text`: runs of lines between blank lines. Each line
/// break inside a paragraph also ends a sentence (captions, list items and
/// headings are lines of their own).
pub(crate) fn paragraphs(text: &str, abbreviations: &[&str]) -> Vec<Paragraph> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        let blank = line.trim().is_empty();
        match (blank, start) {
            (true, Some(s)) => {
                out.push(paragraph(text, s..at, abbreviations));
                start = None;
            }
            (false, None) => start = Some(at),
            _ => {}
        }
        at += line.len();
    }
    if let Some(s) = start {
        out.push(paragraph(text, s..text.len(), abbreviations));
    }
    out
}

/// The line of `text` holding byte `at`: its start and its end (before the
/// line break).
fn line_at(text: &str, at: usize) -> Range<usize> {
    let bytes = text.as_bytes();
    let start = memchr::memrchr(b'\n', &bytes[..at]).map_or(0, |i| i + 1);
    let end = memchr::memchr(b'\n', &bytes[at..]).map_or(text.len(), |i| at + i);
    start..end
}

fn blank(text: &str, line: &Range<usize>) -> bool {
    let bytes = &text.as_bytes()[line.clone()];
    // Most lines start with a letter: decided by their first byte.
    match bytes.iter().find(|b| !matches!(b, b' ' | b'\t' | b'\r')) {
        None => true,
        Some(b) if b.is_ascii() => false,
        Some(_) => text[line.clone()].trim().is_empty(),
    }
}

/// The byte range of the paragraph holding byte `at` (or, when `at` is in
/// the blank lines between two, of the one before), found by reading lines
/// outwards from it: the text around a passage, never the whole document.
pub(crate) fn paragraph_range(text: &str, at: usize) -> Option<Range<usize>> {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    let mut line = line_at(text, at);
    while blank(text, &line) {
        if line.start == 0 {
            return None;
        }
        line = line_at(text, line.start - 1);
    }
    let (mut start, mut end) = (line.start, line.end);
    while start > 0 {
        let prev = line_at(text, start - 1);
        if blank(text, &prev) {
            break;
        }
        start = prev.start;
    }
    while end < text.len() {
        let next = line_at(text, end + 1);
        if blank(text, &next) {
            break;
        }
        end = next.end;
    }
    Some(start..end)
}

/// The first paragraph starting at or after byte `from`.
pub(crate) fn next_paragraph(text: &str, from: usize) -> Option<Range<usize>> {
    // The first whole line at or after `from`.
    let mut at = if from == 0 || text[..from].ends_with('\n') {
        from
    } else {
        line_at(text, from).end + 1
    };
    while at < text.len() {
        let line = line_at(text, at);
        if !blank(text, &line) {
            return paragraph_range(text, line.start);
        }
        at = line.end + 1;
    }
    None
}

pub(crate) fn paragraph(text: &str, range: Range<usize>, abbreviations: &[&str]) -> Paragraph {
    let mut sentences = Vec::new();
    let mut at = range.start;
    for line in text[range.clone()].split_inclusive('\n') {
        let end = at + line.trim_end().len();
        let lead = line.len() - line.trim_start().len();
        if at + lead < end {
            sentences.extend(sentences_of(text, at + lead..end, abbreviations));
        }
        at += line.len();
    }
    let end = sentences.last().map_or(range.end, |s| s.end);
    Paragraph {
        range: range.start..end,
        sentences,
    }
}

/// Closing marks that may follow a sentence's final stop ("…," he said.” ).
fn is_closer(c: char) -> bool {
    matches!(
        c,
        '"' | '\'' | '”' | '’' | '»' | '«' | ')' | ']' | '」' | '』' | '）' | '】' | '〉' | '》'
    )
}

/// The sentences of one line, trimmed.
fn sentences_of(text: &str, line: Range<usize>, abbreviations: &[&str]) -> Vec<Range<usize>> {
    let s = &text[line.clone()];
    let mut out = Vec::new();
    let mut start = 0;
    let chars: Vec<(usize, char)> = s.char_indices().collect();
    let mut i = 0;
    // Stops inside parentheses and CJK quotation brackets do not end a
    // sentence ("2月14日午後(現地。日本時間15日早朝)").
    let mut depth = 0usize;
    while i < chars.len() {
        let (b, c) = chars[i];
        match c {
            '(' | '（' | '「' | '『' | '[' | '【' => depth += 1,
            ')' | '）' | '」' | '』' | ']' | '】' => depth = depth.saturating_sub(1),
            _ => {}
        }
        let cjk_stop = matches!(c, '。' | '！' | '？' | '．');
        let stop = cjk_stop || matches!(c, '.' | '!' | '?' | '…');
        if !stop || (depth > 0 && cjk_stop) {
            i += 1;
            continue;
        }
        // Take the run of stops and closers after it.
        let mut j = i + 1;
        while j < chars.len()
            && (matches!(chars[j].1, '.' | '!' | '?' | '…') || is_closer(chars[j].1))
        {
            j += 1;
        }
        let end = chars.get(j).map_or(s.len(), |&(b, _)| b);
        let boundary = if cjk_stop {
            true
        } else {
            // A space, then something that can start a sentence.
            let next = chars.get(j).map(|&(_, c)| c);
            let after = chars.get(j + 1).map(|&(_, c)| c);
            match (next, after) {
                (None, _) => true,
                (Some(n), Some(a)) if n.is_whitespace() => {
                    (a.is_uppercase() || a.is_numeric() || is_opener(a) || !a.is_alphabetic())
                        && !(c == '.' && abbreviation(&s[start..b], abbreviations))
                }
                _ => false,
            }
        };
        if boundary {
            push_trimmed(&mut out, line.start, s, start..end);
            start = end;
        }
        i = j;
    }
    push_trimmed(&mut out, line.start, s, start..s.len());
    out
}

fn is_opener(c: char) -> bool {
    matches!(
        c,
        '"' | '\'' | '“' | '‘' | '«' | '„' | '(' | '[' | '—' | '–' | '-' | '¿' | '¡'
    )
}

/// Whether the word before a full stop is an abbreviation or an initial
/// ("U.S.", "Mr.", "J."), so the stop does not end the sentence.
fn abbreviation(before: &str, abbreviations: &[&str]) -> bool {
    let word = before
        .rsplit(|c: char| c.is_whitespace() || is_opener(c))
        .next()
        .unwrap_or("");
    let bare = word.trim_end_matches('.');
    let mut letters = bare.chars().filter(|c| c.is_alphabetic());
    // A single letter, or letters with dots between ("U.S", "e.g").
    if bare.chars().count() == 1 && letters.next().is_some_and(char::is_uppercase) {
        return true;
    }
    if bare.contains('.') && bare.split('.').all(|p| p.chars().count() <= 2) {
        return true;
    }
    abbreviations
        .iter()
        .any(|a| a.trim_end_matches('.').eq_ignore_ascii_case(bare))
}

fn push_trimmed(out: &mut Vec<Range<usize>>, base: usize, s: &str, r: Range<usize>) {
    let piece = &s[r.clone()];
    let lead = piece.len() - piece.trim_start().len();
    let trimmed = piece.trim();
    if !trimmed.is_empty() {
        let start = base + r.start + lead;
        out.push(start..start + trimmed.len());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts<'a>(text: &'a str, p: &Paragraph) -> Vec<&'a str> {
        p.sentences.iter().map(|r| &text[r.clone()]).collect()
    }

    #[test]
    fn sentences_end_at_stops_not_at_abbreviations_or_initials() {
        let t = "The U.S. and Mr. Smith met. He said: “No.” Then J. Doe left!\nA caption line";
        let p = paragraphs(t, &["Mr."]);
        assert_eq!(p.len(), 1);
        assert_eq!(
            texts(t, &p[0]),
            [
                "The U.S. and Mr. Smith met.",
                "He said: “No.”",
                "Then J. Doe left!",
                "A caption line"
            ]
        );
    }

    #[test]
    fn blank_lines_part_paragraphs_and_cjk_stops_end_sentences_without_spaces() {
        let t = "第一句。第二句！\n\n\nПервое предложение. Второе.";
        let p = paragraphs(t, &[]);
        assert_eq!(p.len(), 2);
        assert_eq!(texts(t, &p[0]), ["第一句。", "第二句！"]);
        assert_eq!(texts(t, &p[1]), ["Первое предложение.", "Второе."]);
    }

    #[test]
    fn the_paragraph_around_a_byte_is_the_one_a_whole_reading_finds() {
        let t = "Title\n\n  \nFirst line.\nSecond line. More.\n\n\r\nLast, no break";
        let whole = paragraphs(t, &[]);
        for at in 0..=t.len() {
            if !t.is_char_boundary(at) {
                continue;
            }
            let Some(r) = paragraph_range(t, at) else {
                assert!(t[..at].trim().is_empty(), "{at}");
                continue;
            };
            let p = paragraph(t, r, &[]);
            let expected = whole
                .iter()
                .rev()
                .find(|w| w.range.start <= at)
                .unwrap_or(&whole[0]);
            assert_eq!(&p, expected, "at {at}");
        }
        assert_eq!(
            next_paragraph(t, 5).map(|r| &t[r]),
            Some("First line.\nSecond line. More.")
        );
    }

    #[test]
    fn a_text_without_a_final_line_break_or_stop_keeps_its_last_sentence() {
        let t = "One. Two";
        let p = paragraphs(t, &[]);
        assert_eq!(texts(t, &p[0]), ["One.", "Two"]);
        assert_eq!(p[0].range, 0..t.len());
    }
}
