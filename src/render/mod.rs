//! Reports into bytes: one `Format` for `check` with one writer signature
//! (human, json, github), confidence tables, `show`'s page, and the words of
//! every finding (`describe`). Only renderers write results to stdout.

mod ci;
pub(crate) mod cues;
mod describe;
mod github;
mod human;
mod json;
pub(crate) mod logging;
pub(crate) mod show;
pub(crate) mod site;
pub(crate) mod table;

use std::io::{self, IsTerminal, Write};

use crate::check::finding::{DiffOp, DiffPart};
use crate::check::report::Report;
pub(crate) use describe::{
    describe_chars, details_but_context, diff, diff_label, message, plural, unreadable,
};

/// How `check` writes its report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub(crate) enum Format {
    /// For people: grouped by claims file, rustc style.
    #[default]
    Human,
    /// One JSON document with a finding for every anchor.
    Json,
    /// GitHub Actions workflow commands.
    Github,
    /// SARIF 2.1.0, for GitHub code scanning (upload-sarif).
    Sarif,
    /// JUnit XML, for GitLab's test reports and other CI test viewers.
    Junit,
    /// GitLab Code Quality JSON.
    Gitlab,
}

/// What a renderer may be asked besides the report.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Options<'a> {
    pub(crate) paint: Paint,
    /// Also list intact quotes and every detail (human).
    pub(crate) verbose: bool,
    /// Columns the human output fits (`width()`).
    pub(crate) width: usize,
    /// Human: only the findings that fail the run, and the summary line.
    pub(crate) quiet: bool,
    /// Warnings fail the run (`--deny warnings`).
    pub(crate) deny_warnings: bool,
    /// The project's folder from the repository's root (`news/`, or empty):
    /// CI formats give paths from the root, where GitHub and GitLab look.
    pub(crate) repo_prefix: &'a str,
    /// The files a `--files` or `--changed-since` run was asked about: a
    /// GitHub annotation goes where the change is (the claims file or the
    /// document), so it shows on the pull request's diff.
    pub(crate) changed: Option<&'a crate::check::Selection>,
}

/// The columns output for people fits: `$COLUMNS`, else the terminal's
/// width, else 120 (piped).
pub(crate) fn width() -> usize {
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse().ok())
        .filter(|&w: &usize| w >= 20)
        .or_else(|| {
            io::stdout()
                .is_terminal()
                .then(|| comfy_table::Table::new().width().map(usize::from))
                .flatten()
        })
        .unwrap_or(120)
}

/// Columns of display width: CJK characters take two; colour codes
/// (`ESC [ ... m`) take none.
pub(crate) fn cols(s: &str) -> usize {
    if !s.contains('\x1b') {
        return unicode_width::UnicodeWidthStr::width(s);
    }
    let mut n = 0;
    let mut rest = s;
    while let Some(i) = rest.find('\x1b') {
        n += unicode_width::UnicodeWidthStr::width(&rest[..i]);
        rest = &rest[i..];
        rest = match rest.find('m') {
            Some(m) if rest[1..m].starts_with('[') => &rest[m + 1..],
            _ => &rest[1..],
        };
    }
    n + unicode_width::UnicodeWidthStr::width(rest)
}

/// The words of `s` in lines of at most `first` columns, then `rest`. A
/// word wider than a line (a long path) is not split, nor is anything in
/// backticks (`start = 12`), so a suggestion can be copied whole.
pub(crate) fn wrap(s: &str, first: usize, rest: usize) -> Vec<String> {
    let mut words: Vec<&str> = Vec::new();
    let (mut from, mut code) = (0, false);
    for (i, c) in s.char_indices() {
        match c {
            '`' => code = !code,
            ' ' if !code => {
                words.push(&s[from..i]);
                from = i + 1;
            }
            _ => {}
        }
    }
    words.push(&s[from..]);
    // Each piece with whether a space comes before it: Chinese and Japanese
    // have no spaces, so a run wider than a line breaks between its
    // characters (never before closing punctuation).
    let pieces = words.into_iter().flat_map(|word| {
        let splittable = cols(word) > rest.min(first)
            && !word.starts_with('`')
            && !word.contains('\x1b')
            && word
                .chars()
                .any(|c| unicode_width::UnicodeWidthChar::width(c) == Some(2));
        let parts = if splittable {
            wide_pieces(word, rest.min(first).max(2))
        } else {
            vec![word]
        };
        parts.into_iter().enumerate().map(|(i, p)| (p, i == 0))
    });
    let mut lines: Vec<String> = vec![String::new()];
    let mut used = 0;
    for (word, spaced) in pieces {
        let room = if lines.len() == 1 { first } else { rest };
        let w = cols(word);
        let gap = usize::from(spaced);
        let line = lines.last_mut().expect("one line at least");
        if line.is_empty() {
            line.push_str(word);
            used = w;
        } else if used + gap + w <= room {
            if spaced {
                line.push(' ');
            }
            line.push_str(word);
            used += gap + w;
        } else {
            lines.push(word.to_string());
            used = w;
        }
    }
    lines
}

/// Punctuation a line must not start with (Japanese kinsoku, Chinese
/// line breaking): it stays with the character before it.
pub(crate) fn closing_punctuation(c: char) -> bool {
    "，。、．！？：；）」』】〕》〉’”・ー…,.!?:;)]}".contains(c)
}

/// A run of text with wide characters in pieces of at most `room` columns,
/// broken where a wide character meets another character, never before
/// closing punctuation (`，`, `。`, `」`...), as line breaking does in
/// Chinese and Japanese.
fn wide_pieces(word: &str, room: usize) -> Vec<&str> {
    use unicode_width::UnicodeWidthChar;
    let closing = closing_punctuation;
    let mut pieces = Vec::new();
    let (mut start, mut used, mut last_break) = (0, 0, None);
    let mut prev: Option<char> = None;
    for (i, c) in word.char_indices() {
        let w = c.width().unwrap_or(0);
        let breakable = prev.is_some_and(|p| p.width() == Some(2) || w == 2) && !closing(c);
        if breakable {
            last_break = Some(i);
        }
        if used + w > room
            && let Some(b) = last_break.filter(|&b| b > start)
        {
            pieces.push(&word[start..b]);
            used = cols(&word[b..i]);
            start = b;
            last_break = breakable.then_some(i).filter(|&x| x > start);
        }
        used += w;
        prev = Some(c);
    }
    pieces.push(&word[start..]);
    pieces
}

/// Writes a check report in `format`; the one signature every format has.
pub(crate) fn write(
    format: Format,
    report: &Report,
    opts: &Options,
    out: &mut dyn Write,
) -> io::Result<()> {
    match format {
        Format::Human => human::write(report, opts, out),
        Format::Json => json::write(report, opts, out),
        Format::Github => github::write(report, opts, out),
        Format::Sarif => ci::sarif(report, opts, out),
        Format::Junit => ci::junit(report, opts, out),
        Format::Gitlab => ci::gitlab(report, opts, out),
    }
}

/// `text` with no line that a CI runner would take for a workflow command:
/// a line whose first non-blank characters are `::` (a document's own line,
/// shown by `show`) gets its first colon escaped as `\u{3a}`.
pub(crate) fn no_workflow_commands(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.lines().any(|l| l.trim_start().starts_with("::")) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for line in text.split_inclusive('\n') {
        let body = line.trim_start();
        if body.starts_with("::") {
            out.push_str(&line[..line.len() - body.len()]);
            out.push_str("\\u{3a}");
            out.push_str(&body[1..]);
        } else {
            out.push_str(line);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// Text from documents, claims and file names made safe for a terminal:
/// control characters (an escape sequence that would retitle the window or
/// clear the screen, a carriage return that would overwrite the line) are
/// shown as `\u{1b}`-style escapes. Line breaks and tabs are kept.
pub(crate) fn safe(s: &str) -> std::borrow::Cow<'_, str> {
    let bad = |c: char| {
        c.is_control() && c != '\n' && c != '\t'
            || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
    };
    if !s.chars().any(bad) {
        return std::borrow::Cow::Borrowed(s);
    }
    std::borrow::Cow::Owned(
        s.chars()
            .map(|c| {
                if bad(c) {
                    format!("\\u{{{:x}}}", c as u32)
                } else {
                    c.to_string()
                }
            })
            .collect(),
    )
}

/// A whole page made safe for a terminal, keeping only colour codes
/// (`ESC [ digits ; m`) when `colour`: what claimtrack paints stays, every
/// other control character from the text is escaped.
pub(crate) fn safe_page(s: &str, colour: bool) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '\u{1b}' && colour && chars.get(i + 1) == Some(&'[') {
            let mut j = i + 2;
            while j < chars.len() && (chars[j].is_ascii_digit() || chars[j] == ';') {
                j += 1;
            }
            if chars.get(j) == Some(&'m') {
                out.extend(&chars[i..=j]);
                i = j + 1;
                continue;
            }
        }
        let mut buf = [0u8; 4];
        out.push_str(&safe(c.encode_utf8(&mut buf)));
        i += 1;
    }
    out
}

/// A word diff in one line: deletions and insertions in colour, or marked
/// `[-old-]{+new+}` without it.
/// The Markdown job summary for GitHub Actions.
pub(crate) fn github_summary(report: &Report) -> String {
    github::step_summary(report)
}

/// An altered quote's word diff (quote -> document) on one line, if it has one.
pub(crate) fn finding_diff(f: &crate::check::finding::Finding, paint: Paint) -> Option<String> {
    describe::diff(f).map(|d| diff_line(&d, paint).replace('\n', "⏎"))
}

pub(crate) fn diff_line(diff: &[DiffPart], paint: Paint) -> String {
    let mut line = String::new();
    for part in diff {
        let text = safe(&part.text);
        match part.op {
            DiffOp::Delete => line.push_str(&paint.deleted(&text)),
            DiffOp::Insert => line.push_str(&paint.inserted(&text)),
            DiffOp::Equal => line.push_str(&text),
        }
    }
    line
}

/// Runs `write` on buffered standard output. A closed pipe (`| head`) is not
/// an error: the reader has seen what it wanted.
pub(crate) fn to_stdout(write: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> io::Result<()> {
    let mut out = io::BufWriter::new(io::stdout().lock());
    match write(&mut out).and_then(|()| out.flush()) {
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        other => other,
    }
}

/// Whether to colour output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub(crate) enum ColorChoice {
    /// Colour on a terminal, unless NO_COLOR is set.
    #[default]
    Auto,
    Always,
    Never,
}

impl ColorChoice {
    /// Resolves `auto` for standard output.
    pub(crate) fn for_stdout(self) -> bool {
        match self {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                    && std::io::stdout().is_terminal()
            }
        }
    }
}

/// ANSI styling that is a no-op without colour.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Paint {
    pub(crate) on: bool,
}

impl Paint {
    fn wrap(self, code: &str, s: &str) -> String {
        if self.on {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    }
    pub(crate) fn red(self, s: &str) -> String {
        self.wrap("1;31", s)
    }
    pub(crate) fn yellow(self, s: &str) -> String {
        self.wrap("1;33", s)
    }
    pub(crate) fn green(self, s: &str) -> String {
        self.wrap("1;32", s)
    }
    pub(crate) fn blue(self, s: &str) -> String {
        self.wrap("1;34", s)
    }
    pub(crate) fn bold(self, s: &str) -> String {
        self.wrap("1", s)
    }
    pub(crate) fn deleted(self, s: &str) -> String {
        if self.on {
            self.wrap("31;9", s)
        } else {
            format!("[-{s}-]")
        }
    }
    pub(crate) fn inserted(self, s: &str) -> String {
        if self.on {
            self.wrap("32;4", s)
        } else {
            format!("{{+{s}+}}")
        }
    }
}

/// A finding as the JSON report writes it (for the reference's field table).
#[cfg(test)]
pub(crate) fn json_value(f: &crate::check::finding::Finding) -> serde_json::Value {
    serde_json::to_value(json::Json::of(f)).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_line_shown_can_be_taken_for_a_github_workflow_command() {
        let shown =
            no_workflow_commands("quote:\n  ::error file=x::pwned\n::warning::y\nplain :: text\n");
        assert_eq!(
            shown,
            "quote:\n  \\u{3a}:error file=x::pwned\n\\u{3a}:warning::y\nplain :: text\n"
        );
        assert!(matches!(
            no_workflow_commands("a\nb"),
            std::borrow::Cow::Borrowed(_)
        ));
    }

    #[test]
    fn chinese_and_japanese_wrap_between_characters_within_the_width() {
        let zh = "国家统计局新闻发言人表示，随着一系列稳增长政策措施落地见效，工业生产持续恢复，但外部环境依然复杂严峻，国内需求仍显不足。";
        let ja = "statement: 政府は１２日、新型コロナウイルス対策の基本的対処方針を改定し、ワクチン接種の証明書を活用する方針を示した。";
        for (text, width) in [(zh, 40), (zh, 23), (ja, 30)] {
            let lines = wrap(text, width, width);
            assert!(lines.len() > 1, "{lines:?}");
            for l in &lines {
                assert!(cols(l) <= width, "{width}: {l:?} is {} wide", cols(l));
                assert!(!l.starts_with(['，', '。', '、']), "{l:?}");
            }
            // Nothing lost, nothing added but the breaks.
            assert_eq!(lines.concat().replace(' ', ""), text.replace(' ', ""));
        }
        // Latin text still breaks only at spaces, and a path is never split.
        assert_eq!(
            wrap("see corpus/a-very-long/path.txt now", 10, 10),
            ["see", "corpus/a-very-long/path.txt", "now"]
        );
    }
}
