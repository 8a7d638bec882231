//! Fixes -> `toml_edit` edits of a claims file's text: pins anchors (`check
//! --fix`) keeping comments, order and every untouched line byte-identical.
//! No I/O: the caller reads and writes the file.

use anyhow::{Context, Result, anyhow};
use toml_edit::{DocumentMut, Item, Table, Value};

use crate::check::finding::Fix;
use crate::claim::AnchorKind;

/// A TOML basic string on one line: line breaks and other controls escaped,
/// so a pinned prefix that ends a paragraph does not become a multi-line string.
pub(crate) fn one_line_string(s: &str) -> Value {
    escaped(s, false).parse().unwrap_or_else(|_| Value::from(s))
}

/// `s` as the text of a TOML basic string on one line: quotes, backslashes,
/// line breaks and controls escaped, and, when `invisible`, also whitespace
/// other than the plain space and characters that do not show (so text
/// copied from a terminal is the text meant).
pub(crate) fn escaped(s: &str, invisible: bool) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            // Bidirectional controls always: raw, they make the line display
            // reversed in editors and diffs ("Trojan Source").
            c if c.is_control()
                || crate::text::is_bidi_control(c)
                || (invisible
                    && c != ' '
                    && (c.is_whitespace() || crate::text::is_invisible(c))) =>
            {
                out.push_str(&format!("\\u{:04X}", c as u32));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Sets `key` to `value`, keeping the old value's comments and spacing.
/// A position or count as a TOML integer (i64). Offsets are below 4 GiB
/// (project::MAX_DOC_SIZE), so the saturation is never reached.
pub(crate) fn int(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

pub(crate) fn set_value(t: &mut Table, key: &str, value: impl Into<Value>) {
    let mut value = value.into();
    if let Some(Item::Value(old)) = t.get(key) {
        *value.decor_mut() = old.decor().clone();
    }
    t[key] = Item::Value(value);
}

fn apply_one(doc: &mut DocumentMut, fix: &Fix, claim_id: &str) -> Result<()> {
    let claims = doc
        .get_mut("claim")
        .and_then(Item::as_array_of_tables_mut)
        .ok_or_else(|| anyhow!("no [[claim]] tables any more"))?;
    let t = claims
        .get_mut(fix.claim_index)
        .ok_or_else(|| anyhow!("claim `{claim_id}` is no longer there"))?;
    if t.get("id").and_then(Item::as_str) != Some(claim_id) {
        return Err(anyhow!(
            "claim `{claim_id}` moved in the file since it was read"
        ));
    }
    let t = match fix.anchor {
        AnchorKind::Quote => t,
        AnchorKind::Evidence(i) => t
            .get_mut("evidence")
            .and_then(Item::as_array_of_tables_mut)
            .and_then(|a| a.get_mut(i))
            .ok_or_else(|| anyhow!("evidence[{i}] of `{claim_id}` is no longer there"))?,
    };
    if let Some(q) = &fix.quote {
        set_value(t, "quote", one_line_string(q));
    }
    set_value(t, "start", int(fix.start));
    set_value(t, "prefix", one_line_string(&fix.prefix));
    set_value(t, "suffix", one_line_string(&fix.suffix));
    Ok(())
}

/// One fix for a claims file: the fix, its claim's id, and the line of the
/// anchor (for messages).
pub(crate) struct Edit<'a> {
    pub(crate) fix: &'a Fix,
    pub(crate) claim: &'a str,
    pub(crate) line: usize,
}

/// Applies edits to the text of claims file `file`. Fails, changing nothing,
/// when the file no longer parses or a claim is no longer where it was read.
pub(crate) fn apply(file: &str, src: &str, edits: &[Edit]) -> Result<String> {
    let mut doc: DocumentMut = src
        .parse()
        .with_context(|| format!("{file} is no longer valid TOML"))?;
    for e in edits {
        apply_one(&mut doc, e.fix, e.claim).with_context(|| format!("{file}:{}", e.line))?;
    }
    Ok(in_style_of(src, &doc.to_string()))
}

/// Whether every line of `text` ends in CRLF (and at least one does).
pub(crate) fn crlf_only(text: &str) -> bool {
    let b = text.as_bytes();
    let mut any = false;
    for i in memchr::memchr_iter(b'\n', b) {
        if i == 0 || b[i - 1] != b'\r' {
            return false;
        }
        any = true;
    }
    any
}

/// `text` written with the line endings of `src`: each line `text` kept
/// from `src` (matched by a line diff) keeps its own ending, so line breaks
/// inside multi-line strings and a lone CRLF line stay as they were and no
/// value changes; new lines get CRLF only in a file whose every line ends
/// in CRLF. No final line break is added to a file that had none.
pub(crate) fn in_style_of(src: &str, text: &str) -> String {
    let lines = |t: &str| -> Vec<(String, &'static str)> {
        t.split_inclusive('\n')
            .map(|l| {
                if let Some(l) = l.strip_suffix("\r\n") {
                    (l.to_string(), "\r\n")
                } else if let Some(l) = l.strip_suffix('\n') {
                    (l.to_string(), "\n")
                } else {
                    (l.to_string(), "")
                }
            })
            .collect()
    };
    let (old, new) = (lines(src), lines(text));
    let old_words: Vec<&str> = old.iter().map(|(l, _)| l.as_str()).collect();
    let new_words: Vec<&str> = new.iter().map(|(l, _)| l.as_str()).collect();
    let fresh = if crlf_only(src) { "\r\n" } else { "\n" };
    let mut endings: Vec<&str> = new
        .iter()
        .map(|(_, e)| if e.is_empty() { "" } else { fresh })
        .collect();
    for op in similar::capture_diff_slices(similar::Algorithm::Myers, &old_words, &new_words) {
        if let similar::DiffOp::Equal {
            old_index,
            new_index,
            len,
        } = op
        {
            for k in 0..len {
                if !new[new_index + k].1.is_empty() && !old[old_index + k].1.is_empty() {
                    endings[new_index + k] = old[old_index + k].1;
                }
            }
        }
    }
    let mut out = String::with_capacity(text.len() + text.len() / 32);
    for ((l, _), e) in new.iter().zip(endings) {
        out.push_str(l);
        out.push_str(e);
    }
    if !src.is_empty() && !src.ends_with('\n') {
        while out.ends_with('\n') {
            out.pop();
            if out.ends_with('\r') {
                out.pop();
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rewrite_keeps_crlf_lines_and_a_missing_final_line_break() {
        let src = "[[claim]]\r\nid = \"a\"\r\nquote = \"q\"";
        assert_eq!(
            in_style_of(src, "[[claim]]\nid = \"a\"\nquote = \"q\"\nstart = 3\n"),
            "[[claim]]\r\nid = \"a\"\r\nquote = \"q\"\r\nstart = 3"
        );
        assert_eq!(in_style_of("a\n", "a\nb\n"), "a\nb\n");
    }

    #[test]
    fn a_fix_in_a_file_with_one_crlf_line_keeps_each_line_ending_and_every_value() {
        // One CRLF line among LF lines, and a multi-line quote with LF
        // breaks inside: rewriting `start` must change nothing else.
        let src = "[[claim]]\r\nid = \"a\"\nquote = \"\"\"\nline one\nline two\"\"\"\nstart = 1\n";
        let fix = Fix {
            claim_index: 0,
            anchor: AnchorKind::Quote,
            quote: None,
            start: 7,
            prefix: "p".into(),
            suffix: "s".into(),
        };
        let out = apply(
            "c.toml",
            src,
            &[Edit {
                fix: &fix,
                claim: "a",
                line: 1,
            }],
        )
        .unwrap();
        assert!(
            out.starts_with("[[claim]]\r\nid = \"a\"\nquote = \"\"\"\nline one\nline two\"\"\"\n"),
            "{out:?}"
        );
        let before: toml::Table = toml::from_str(src).unwrap();
        let after: toml::Table = toml::from_str(&out).unwrap();
        assert_eq!(before["claim"][0]["quote"], after["claim"][0]["quote"]);
        assert_eq!(after["claim"][0]["start"].as_integer(), Some(7));
    }

    #[test]
    fn one_line_strings_escape_line_breaks_and_round_trip() {
        for s in ["said.\n\n", "a \"b\" \\ c\r\n\td", "\u{7f}x", "’ —"] {
            let v = one_line_string(s);
            assert!(!v.to_string().contains('\n'), "{v}");
            assert_eq!(v.as_str(), Some(s));
        }
    }
}
