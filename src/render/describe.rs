//! Every sentence people read about a finding: its message and details,
//! character names, the excerpt window of the document's line, and plurals.

use crate::anchor::SingleOut;
use crate::check::finding::{DiffPart, Finding, Snippet, Unreadable, What, word_diff};

/// Code points of a document line shown on each side of a span.
const EXCERPT_CONTEXT: usize = 40;
/// Longest underline shown before the excerpt is cut.
const EXCERPT_MARK: usize = 120;
/// Ambiguous occurrences listed one by one before "and N more".
const OCCURRENCES_LISTED: usize = 10;

/// `1 anchor`, `2 anchors`.
pub(crate) fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

/// The finding's one-line message.
pub(crate) fn message(f: &Finding) -> String {
    let doc_path = f.doc_path.as_deref().unwrap_or("");
    let at = || match &f.found {
        Some(fd) => format!("{doc_path}:{}:{}", fd.line, fd.column),
        None => doc_path.to_string(),
    };
    match &f.what {
        What::Intact => format!("quote intact at {}", at()),
        What::Moved { from, was } => format!(
            "quote moved: recorded at {} (start = {from}), now at {} (start = {})",
            match was {
                Some((line, column)) => format!("{line}:{column}"),
                None => "a place past the end of today's text".into(),
            },
            at(),
            f.found.as_ref().map_or(0, |fd| fd.start)
        ),
        What::Normalized { folded } => format!(
            "quote matches only after normalization at {} ({} typographic difference{})",
            at(),
            folded.len(),
            if folded.len() == 1 { "" } else { "s" }
        ),
        What::Ambiguous { count, .. } => {
            format!("quote occurs {count} times and neither context nor `start` singles one out")
        }
        What::Altered { edits, similarity } => format!(
            "quote altered: the closest text, at {}, is {} away (similarity {similarity:.2})",
            at(),
            plural(*edits, "edit")
        ),
        What::ContextChanged { .. } => format!(
            "quote context changed at {}: the words around the quote in its paragraph are not the ones recorded",
            at()
        ),
        What::Missing { pinned: true, .. } => format!(
            "quote not found in {doc_path}: no passage where it was recorded, or where its recorded context stands, is within a third of its characters of it"
        ),
        What::Missing { pinned: false, .. } => {
            format!(
                "quote not found in {doc_path}: no passage is within a tenth of its characters of it, or the same words with one changed"
            )
        }
        What::DocMissing => {
            let id = f.doc.as_deref().unwrap_or("");
            format!("document `{id}` is not in the corpus: no corpus/{id}.txt or corpus/{id}.md")
        }
        What::DocUnreadable(why) => format!("{doc_path}: {}", unreadable(why)),
        What::DocConflict { first, second } => {
            format!("two files give one document id: {first} and {second}; rename one")
        }
        What::DuplicateId { file, line } => format!(
            "duplicate claim id `{}`: also used at {file}:{line}; give each claim its own id",
            f.claim.as_deref().unwrap_or("")
        ),
        What::Problem(message) => message.clone(),
        What::Attribution(change) => attribution_message(change, doc_path),
    }
}

/// The message of a change in a quote's attribution.
fn attribution_message(change: &crate::attribution::Change, doc_path: &str) -> String {
    use crate::attribution::{Change, MarkKind};
    match change {
        Change::Cue {
            recorded,
            now: Some(now),
            ..
        } => format!(
            "attribution changed in {doc_path}: the quote stands, but {recorded:?} recorded beside it now reads {now:?}"
        ),
        Change::Cue {
            recorded,
            now: None,
            ..
        } => format!(
            "attribution changed in {doc_path}: the quote stands, but {recorded:?} recorded beside it is no longer there"
        ),
        Change::Level {
            recorded,
            then,
            now,
            cue,
            explicit,
        } => {
            let why = cue.as_ref().map_or_else(
                || "no cue governs it now".to_string(),
                |(words, rule, _)| format!("{words:?} ({rule})"),
            );
            if *explicit {
                format!(
                    "level mismatch in {doc_path}: the document now says the claim could not be verified ({why}), and the claim is recorded as {recorded}"
                )
            } else {
                format!(
                    "level changed in {doc_path}: the cues around the quote now imply {now} ({why}), {then} when it was logged, and the claim is recorded as {recorded}"
                )
            }
        }
        Change::Mark {
            kind: MarkKind::Elision,
            typed,
            recorded,
            now,
            ..
        } => format!(
            "elision changed in {doc_path}: {typed:?} stood for {recorded:?} when logged, now for {}",
            now.as_deref()
                .map_or_else(|| "words not found".to_string(), |n| format!("{n:?}"))
        ),
        Change::Mark {
            kind: MarkKind::Bracket,
            typed,
            recorded,
            now,
            ..
        } => format!(
            "bracket changed in {doc_path}: {typed} stood for {recorded:?} when logged, now for {}",
            now.as_deref()
                .map_or_else(|| "words not found".to_string(), |n| format!("{n:?}"))
        ),
    }
}

/// Why a document cannot be read, in words.
pub(crate) fn unreadable(why: &Unreadable) -> String {
    match why {
        Unreadable::Io(e) => format!("cannot read: {e}"),
        Unreadable::Decode { byte, line } => {
            format!(
                "not valid UTF-8: invalid byte at byte offset {byte} (line {line}); save the document as UTF-8"
            )
        }
        Unreadable::Outside(target) => format!(
            "a link to {target}, outside the project: not read (--follow-links-outside reads it)"
        ),
    }
}

/// The finding's details: what to decide or do, one line each.
pub(crate) fn details(f: &Finding) -> Vec<String> {
    let mut out = context_details(f);
    out.extend(details_but_context(f));
    out
}

/// Each side of a changed context as a one-line word diff (`prefix (recorded
/// -> now): ...`), for plain text; the report styles the same diffs itself.
fn context_details(f: &Finding) -> Vec<String> {
    let What::ContextChanged { prefix, suffix, .. } = &f.what else {
        return Vec::new();
    };
    [("prefix", prefix), ("suffix", suffix)]
        .into_iter()
        .filter_map(|(side, s)| {
            s.as_ref().map(|s| {
                format!(
                    "{side} (recorded -> now): {}",
                    context_diff(&s.recorded, &s.now)
                )
            })
        })
        .collect()
}

/// The details but the context diffs.
pub(crate) fn details_but_context(f: &Finding) -> Vec<String> {
    let mut out = what_details(f);
    out.extend(brackets(f));
    for (i, p) in f.parts.iter().enumerate() {
        out.push(match &p.found {
            Some(fd) => format!(
                "part {} {:?}: {} at {}:{}",
                i + 1,
                p.quote,
                p.status.as_str(),
                fd.line,
                fd.column
            ),
            None => format!("part {} {:?}: {}", i + 1, p.quote, p.status.as_str()),
        });
    }
    out
}

/// What the document has where each editor's bracket of the quote stands.
pub(crate) fn brackets(f: &Finding) -> Vec<String> {
    f.brackets
        .iter()
        .map(|b| match (&b.document, b.sic) {
            (_, true) => format!("{} marks an error kept as published", b.typed),
            (Some(d), false) if d.is_empty() => {
                format!("{} stands for nothing in the document", b.typed)
            }
            (Some(d), false) => format!("{} stands for {d:?} in the document", b.typed),
            (None, false) => format!("{} stands between parts not found", b.typed),
        })
        .collect()
}

/// A word diff of recorded context against what stands there now, marked.
fn context_diff(recorded: &str, now: &str) -> String {
    let parts = word_diff(recorded, now);
    super::diff_line(&parts, super::Paint { on: false }).replace('\n', "⏎")
}

fn what_details(f: &Finding) -> Vec<String> {
    match &f.what {
        What::ContextChanged { folded, .. } => {
            let mut out = Vec::new();
            for d in folded {
                out.push(format!(
                    "the document has {} at {}:{} where the quote has {}",
                    describe_chars(&d.doc),
                    d.line,
                    d.column,
                    describe_chars(&d.quote)
                ));
            }
            if !f.retired {
                out.push(format!(
                    "decide whether the attribution still holds; if it does, `claimtrack accept {}` pins the quote where it stands (`--fix` leaves it to a person)",
                    f.claim.as_deref().unwrap_or("ID")
                ));
            }
            out
        }
        What::Missing { closest, was, .. } => {
            let mut out = Vec::new();
            if let Some(w) = was {
                out.push(format!(
                    "where it stood ({}:{}:{}), the paragraph now reads: {:?}",
                    f.doc_path.as_deref().unwrap_or(""),
                    w.line,
                    w.column,
                    w.text
                ));
            }
            if let Some(c) = closest {
                out.push(format!(
                    "closest text elsewhere, in a different context ({}): {:?} at {}:{}",
                    plural(c.edits, "edit"),
                    c.text,
                    c.line,
                    c.column
                ));
            }
            let id = f.claim.as_deref().unwrap_or("ID");
            if let Some(crate::claim::AnchorKind::Evidence(n)) = f.anchor
                && !f.retired
            {
                out.push(format!(
                    "if the source no longer says it, `claimtrack evidence remove {id} {n}` takes this evidence off the claim, its words kept in the history"
                ));
            } else if closest.is_none() && !f.retired {
                out.push(format!(
                    "if the source no longer says it, `claimtrack retract {id} --reason TEXT` keeps the claim and its history"
                ));
            }
            out
        }
        What::Moved { .. } if f.fixed => Vec::new(),
        What::Moved { .. } => vec!["`claimtrack check --fix` pins the new position".into()],
        What::Normalized { folded } => {
            let mut out: Vec<String> = folded
                .iter()
                .map(|d| {
                    format!(
                        "the document has {} at {}:{} where the quote has {}",
                        describe_chars(&d.doc),
                        d.line,
                        d.column,
                        describe_chars(&d.quote)
                    )
                })
                .collect();
            if folded.is_empty() {
                out.push("the quote has extra whitespace at its start or end".into());
            }
            if !f.fixed {
                out.push(
                    "`claimtrack check --fix` copies the document's own characters into `quote`"
                        .into(),
                );
            }
            out
        }
        What::Ambiguous { occurrences, count } => {
            let doc_path = f.doc_path.as_deref().unwrap_or("");
            let mut out: Vec<String> = occurrences
                .iter()
                .take(OCCURRENCES_LISTED)
                .map(|o| {
                    let how = o.single_out.as_ref().map_or(String::new(), |s| {
                        format!(": set `start = {}` or `{}`", o.start, single_out(s))
                    });
                    format!("occurrence at {doc_path}:{}:{}{how}", o.line, o.column)
                })
                .collect();
            if *count > OCCURRENCES_LISTED.min(occurrences.len()) {
                out.push(format!(
                    "and {} more occurrences",
                    count - OCCURRENCES_LISTED.min(occurrences.len())
                ));
            }
            out
        }
        // A retracted or superseded claim needs no decision.
        What::Altered { .. } if f.retired => Vec::new(),
        What::Altered { .. } => vec![format!(
            "not re-anchored: decide whether the claim still stands; if it does, `claimtrack accept {} --take-document-text` quotes the document's words",
            f.claim.as_deref().unwrap_or("ID")
        )],
        What::Attribution(change) => {
            let id = f.claim.as_deref().unwrap_or("ID");
            let mut out = Vec::new();
            if let crate::attribution::Change::Level {
                cue: Some((_, rule, kind)),
                ..
            } = &**change
            {
                out.push(format!(
                    "cue rule {rule} ({}); `claimtrack cues {}` lists every cue of the document",
                    kind.as_str(),
                    f.doc.as_deref().unwrap_or("DOC")
                ));
            }
            if !f.retired {
                out.push(format!(
                    "`--fix` never clears this: read the source again; if the claim still holds as recorded, `claimtrack accept {id}` records the attribution as it reads now"
                ));
            }
            out
        }
        _ => Vec::new(),
    }
}

/// What a finding's word diff sets against the document: the quote, or the
/// attribution words recorded when the claim was logged.
pub(crate) fn diff_label(f: &Finding) -> &'static str {
    match f.what {
        What::Attribution(_) => "recorded -> document",
        _ => "quote -> document",
    }
}

/// The word diff of an altered quote against the document's text.
pub(crate) fn diff(f: &Finding) -> Option<Vec<DiffPart>> {
    use crate::attribution::Change;
    match (&f.what, &f.quote, &f.found) {
        (What::Altered { .. }, Some(q), Some(fd)) => Some(word_diff(q, &fd.text)),
        (What::Attribution(c), _, _) => match &**c {
            Change::Cue { recorded, now, .. } | Change::Mark { recorded, now, .. } => {
                Some(word_diff(recorded, now.as_deref().unwrap_or("")))
            }
            Change::Level { .. } => None,
        },
        _ => None,
    }
}

/// The similarity of an altered quote, rounded for JSON.
pub(crate) fn similarity(f: &Finding) -> Option<f64> {
    match f.what {
        What::Altered { similarity, .. } => Some((similarity * 1000.0).round() / 1000.0),
        _ => None,
    }
}

/// What `--fix` did to a fixed finding.
pub(crate) fn fixed_note(f: &Finding) -> &'static str {
    if f.fix.as_ref().is_some_and(|x| x.quote.is_some()) {
        "fixed: copied the document's characters into `quote` and pinned `start`, `prefix`, `suffix`"
    } else {
        "fixed: pinned `start`, `prefix`, `suffix`"
    }
}

/// The context that singles an occurrence out, as the TOML line to write.
pub(crate) fn single_out(s: &SingleOut) -> String {
    match s {
        SingleOut::Prefix(p) => format!("prefix = {}", toml_quote(p)),
        SingleOut::Suffix(x) => format!("suffix = {}", toml_quote(x)),
    }
}

/// A string as a TOML basic string.
/// A string as a TOML basic string on one line that can be copied into a
/// claims file as it is: line breaks and other controls, and spaces and
/// marks that do not show (a no-break space, a zero-width space), escaped.
fn toml_quote(s: &str) -> String {
    crate::fix::escaped(s, true)
}

/// The document's line as people see it: a window of at most
/// `EXCERPT_CONTEXT` columns on each side of the span, `…` where cut, tabs as
/// spaces; and the underline's start and length in columns of that text (a
/// Chinese or Japanese character is two columns wide, a combining mark none).
pub(crate) struct Excerpt {
    pub(crate) line: usize,
    pub(crate) text: String,
    pub(crate) mark_start: usize,
    pub(crate) mark_len: usize,
}

/// `room` is the columns the line may take: the span's underline and the
/// words around it are cut to fit, so the underline stays under its text.
pub(crate) fn excerpt(s: &Snippet, room: usize) -> Excerpt {
    use unicode_width::UnicodeWidthChar;
    // Each char of the window as shown, with its width: a tab is a space, any
    // other control character a replacement mark.
    let chars: Vec<(char, usize)> = s
        .text
        .chars()
        .map(|c| match c {
            '\t' => ' ',
            c if c.is_control() => '\u{FFFD}',
            c => c,
        })
        .map(|c| (c, c.width().unwrap_or(0)))
        .collect();
    let width = |r: std::ops::Range<usize>| chars[r].iter().map(|&(_, w)| w).sum::<usize>();
    // Indices into the window.
    let c0 = s.col.saturating_sub(s.from).min(chars.len());
    let mark_end = (s.col + s.len)
        .min(s.line_len)
        .saturating_sub(s.from)
        .clamp(c0, chars.len());
    // At most the room less two `…` and a little context on each side.
    let mark_cap = EXCERPT_MARK.min(room.saturating_sub(2 + 2 * 8).max(10));
    let mut shown_end = c0;
    while shown_end < mark_end && width(c0..shown_end + 1) <= mark_cap {
        shown_end += 1;
    }
    let context = EXCERPT_CONTEXT.min(room.saturating_sub(2 + width(c0..shown_end)) / 2);
    let mut from = c0;
    while from > 0 && width(from - 1..c0) <= context {
        from -= 1;
    }
    let mut to = shown_end;
    while to < chars.len() && width(shown_end..to + 1) <= context {
        to += 1;
    }
    let mut text = String::new();
    let mut mark_start = width(from..c0);
    if from + s.from > 0 {
        text.push('…');
        mark_start += 1;
    }
    text.extend(chars[from..to].iter().map(|&(c, _)| c));
    if to + s.from < s.line_len {
        text.push('…');
    }
    Excerpt {
        line: s.line,
        text,
        mark_start,
        mark_len: width(c0..shown_end).max(1),
    }
}

/// `U+0410 CYRILLIC CAPITAL LETTER A` for each char; "nothing" for none.
pub(crate) fn describe_chars(s: &str) -> String {
    if s.is_empty() {
        return "nothing".into();
    }
    let names: Vec<String> = s.chars().map(char_name).collect();
    if names.len() > 4 {
        format!("{} characters ({} …)", names.len(), names[..3].join(" + "))
    } else {
        names.join(" + ")
    }
}

/// `U+2019 RIGHT SINGLE QUOTATION MARK`.
fn char_name(c: char) -> String {
    let name = match c {
        '\n' => Some("LINE FEED".to_string()),
        '\r' => Some("CARRIAGE RETURN".to_string()),
        '\t' => Some("CHARACTER TABULATION".to_string()),
        _ => unicode_names2::name(c).map(|n| n.to_string()),
    };
    match name {
        Some(n) => format!("U+{:04X} {n}", c as u32),
        None => format!("U+{:04X}", c as u32),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_suggested_context_can_be_copied_into_a_claims_file_as_printed() {
        assert_eq!(toml_quote("said.\n\nThe"), "\"said.\\n\\nThe\"");
        assert_eq!(toml_quote("a\u{A0}b \"c\""), "\"a\\u00A0b \\\"c\\\"\"");
        let v: toml::Value =
            toml::from_str(&format!("x = {}", toml_quote("a\u{A0}\n\u{200B}\"\\"))).unwrap();
        assert_eq!(v["x"].as_str(), Some("a\u{A0}\n\u{200B}\"\\"));
    }

    #[test]
    fn the_excerpt_fits_the_room_with_the_span_underlined() {
        let line: String = "x".repeat(300) + &"Q".repeat(150) + &"y".repeat(300);
        let s = Snippet {
            line: 1,
            text: line.chars().skip(236).take(364).collect(),
            from: 236,
            line_len: 750,
            col: 300,
            len: 150,
        };
        for room in [60, 76, 96, 200] {
            let e = excerpt(&s, room);
            assert!(
                e.text.chars().count() <= room,
                "{room}: {}",
                e.text.chars().count()
            );
            let marked: String = e.text.chars().skip(e.mark_start).take(e.mark_len).collect();
            assert!(marked.chars().all(|c| c == 'Q'), "{room}: {marked}");
        }
    }

    /// The text under the underline, found by display columns.
    fn under_marks(e: &Excerpt) -> String {
        use unicode_width::UnicodeWidthChar;
        let mut col = 0;
        let mut out = String::new();
        for c in e.text.chars() {
            let w = c.width().unwrap_or(0);
            if col >= e.mark_start && col + w <= e.mark_start + e.mark_len {
                out.push(c);
            }
            col += w;
        }
        out
    }

    #[test]
    fn a_chinese_or_japanese_span_is_underlined_by_display_columns_within_the_room() {
        use unicode_width::UnicodeWidthStr;
        // Two columns a character: the underline of a span at character 79 of
        // a Chinese line starts at column 158 of the line, not 79.
        for (before, span, after) in [
            (
                "据新华社报道，国家统计局周三公布的数据显示，今年前三季度全国规模以上工业增加值同比增长百分之四点五，增速比上半年加快零点三个百分点，",
                "国家统计局新闻发言人表示工业生产持续恢复",
                "，但外部环境依然复杂严峻，国内需求仍显不足。",
            ),
            (
                "政府は１２日、新型コロナウイルス対策の基本的対処方針を改定し、",
                "ワクチン接種の証明書を活用する方針を示した",
                "。松野官房長官が記者会見で明らかにした。",
            ),
        ] {
            let line = format!("{before}{span}{after}");
            let s = Snippet {
                line: 3,
                text: line.clone(),
                from: 0,
                line_len: line.chars().count(),
                col: before.chars().count(),
                len: span.chars().count(),
            };
            for room in [76, 116] {
                let e = excerpt(&s, room);
                assert!(e.text.width() <= room, "{room}: {} wide", e.text.width());
                let marked = under_marks(&e);
                assert!(span.starts_with(&marked), "{room}: {marked}");
                assert!(marked.chars().count() >= 10, "{room}: {marked}");
                assert_eq!(e.mark_len, marked.width(), "{room}");
            }
        }
    }

    #[test]
    fn characters_are_named_with_their_code_points() {
        assert_eq!(describe_chars("А"), "U+0410 CYRILLIC CAPITAL LETTER A");
        assert_eq!(
            describe_chars("\u{a0}\n"),
            "U+00A0 NO-BREAK SPACE + U+000A LINE FEED"
        );
        assert_eq!(describe_chars(""), "nothing");
        assert!(describe_chars("abcde").starts_with("5 characters (U+0061"));
    }

    #[test]
    fn a_long_line_is_cut_to_a_window_with_the_span_underlined() {
        let line: String = "x".repeat(100) + "QUOTE" + &"y".repeat(100);
        let s = Snippet {
            line: 7,
            text: line.chars().skip(36).collect(),
            from: 36,
            line_len: 205,
            col: 100,
            len: 5,
        };
        let e = excerpt(&s, 200);
        assert_eq!(e.line, 7);
        assert_eq!(
            e.text,
            format!("…{}QUOTE{}…", "x".repeat(40), "y".repeat(40))
        );
        assert_eq!((e.mark_start, e.mark_len), (41, 5));
        let shown: String = e.text.chars().skip(e.mark_start).take(e.mark_len).collect();
        assert_eq!(shown, "QUOTE");
    }
}
