//! A document's text as HTML: paragraphs, an anchor at every line, and the
//! quotes drawn as nested `<mark>` elements (overlaps included), with every
//! character of the document escaped.

/// One highlighted stretch of the text, or a point where a quote was.
#[derive(Debug, Clone)]
pub(crate) struct Highlight {
    /// Byte range in the text; an empty range is a point.
    pub(crate) start: usize,
    pub(crate) end: usize,
    /// The element's attributes after its name, already escaped
    /// (e.g. ` class="q lvl-confirmed st-intact"`), without `id`.
    pub(crate) attrs: String,
    /// The `id` of its first fragment, if it has one.
    pub(crate) id: Option<String>,
    /// HTML written once, right after its last fragment (a note reference).
    pub(crate) after: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Kind {
    Close,
    Point,
    ParaEnd,
    ParaStart,
    Line,
    Open,
}

#[derive(Debug, Clone, Copy)]
struct Event {
    pos: usize,
    kind: Kind,
    /// Orders events of one kind at one place: outer marks open first and
    /// inner ones close first.
    order: usize,
    /// The span, line number or paragraph index.
    of: usize,
    /// Orders equal marks: the one opened last closes first, so N marks
    /// of one span nest once (N closes), not N²/2.
    tie: usize,
}

/// The text's lines as byte ranges without their line breaks; a final line
/// break does not start a line, an empty text has one empty line.
fn lines(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    for nl in memchr::memchr_iter(b'\n', text.as_bytes()) {
        out.push((start, nl));
        start = nl + 1;
    }
    if start < text.len() || out.is_empty() {
        out.push((start, text.len()));
    }
    out
}

/// Writes `text` as paragraphs (runs of lines that are not blank) with the
/// spans marked. Each line starts with an empty `<a>`, `id` of
/// `line_id_prefix` + `L` + its number (`class="b"` when blank); a span that crosses a paragraph or
/// another span's end is closed and opened again, so the HTML nests, and
/// only its first fragment carries its `id`. A point, or a span with no
/// text inside a paragraph, is written as an empty mark at the next
/// paragraph's start.
pub(crate) fn write(out: &mut String, text: &str, spans: &[Highlight], line_id_prefix: &str) {
    let lines = lines(text);
    let mut paras: Vec<(usize, usize)> = Vec::new();
    let mut open_para: Option<usize> = None;
    for &(s, e) in &lines {
        let blank = text[s..e].trim().is_empty();
        match (blank, open_para) {
            (false, None) => open_para = Some(s),
            (true, Some(p)) => {
                let prev_end = paras_end(&lines, s);
                paras.push((p, prev_end));
                open_para = None;
            }
            _ => {}
        }
    }
    if let Some(p) = open_para {
        paras.push((p, lines.last().map_or(text.len(), |l| l.1)));
    }

    let mut events = Vec::with_capacity(lines.len() + 2 * paras.len() + 2 * spans.len());
    for (n, &(s, _)) in lines.iter().enumerate() {
        events.push(Event {
            pos: s,
            kind: Kind::Line,
            order: 0,
            of: n + 1,
            tie: 0,
        });
    }
    for (i, &(s, e)) in paras.iter().enumerate() {
        events.push(Event {
            pos: s,
            kind: Kind::ParaStart,
            order: 0,
            of: i,
            tie: 0,
        });
        events.push(Event {
            pos: e,
            kind: Kind::ParaEnd,
            order: 0,
            of: i,
            tie: 0,
        });
    }
    for (i, sp) in spans.iter().enumerate() {
        let start = sp.start.min(text.len());
        let end = sp.end.clamp(start, text.len());
        if start == end {
            events.push(Event {
                pos: start,
                kind: Kind::Point,
                order: 0,
                of: i,
                tie: i,
            });
        } else {
            events.push(Event {
                pos: start,
                kind: Kind::Open,
                order: usize::MAX - end,
                of: i,
                tie: i,
            });
            events.push(Event {
                pos: end,
                kind: Kind::Close,
                order: usize::MAX - start,
                of: i,
                tie: usize::MAX - i,
            });
        }
    }
    events.sort_by_key(|e| (e.pos, e.kind, e.order, e.tie));

    let mut w = Writer {
        out,
        spans,
        stack: Vec::new(),
        opened: vec![false; spans.len()],
        done: vec![false; spans.len()],
    };
    // Spans that cover the place being written, in the order they open.
    let mut active: Vec<usize> = Vec::new();
    let mut deferred: Vec<usize> = Vec::new();
    let mut para: Option<usize> = None;
    let mut at = 0;
    for e in events {
        if para.is_some() && e.pos > at {
            escape_text(w.out, &text[at..e.pos]);
        }
        at = e.pos;
        match e.kind {
            Kind::Close => {
                let i = e.of;
                active.retain(|&a| a != i);
                if w.done[i] {
                    continue;
                }
                if para.is_some() {
                    w.close(i);
                } else if !w.opened[i] {
                    deferred.push(i);
                }
            }
            Kind::Point => {
                if para.is_some() {
                    w.point(e.of);
                } else {
                    deferred.push(e.of);
                }
            }
            Kind::ParaEnd => {
                let next = paras.get(e.of + 1).map_or(usize::MAX, |p| p.0);
                // Marks that end before the next paragraph end here for good.
                while let Some(top) = w.stack.pop() {
                    w.out.push_str("</mark>");
                    let end = spans[top].end.min(text.len());
                    if end <= next && !w.done[top] {
                        w.out.push_str(&spans[top].after);
                        w.done[top] = true;
                    }
                }
                active.retain(|&a| !w.done[a]);
                w.out.push_str("</p>\n");
                para = None;
            }
            Kind::ParaStart => {
                w.out.push_str("<p>");
                para = Some(e.of);
                for i in std::mem::take(&mut deferred) {
                    w.point(i);
                }
                for &i in &active {
                    w.open(i);
                }
            }
            Kind::Line => {
                // Short: one per line of every page. The style numbers them
                // with a CSS counter; a blank line's is not shown.
                w.out.push_str("<a id=\"");
                escape_attr(w.out, line_id_prefix);
                w.out.push('L');
                push_num(w.out, e.of);
                w.out.push_str(if para.is_none() {
                    "\" class=\"b\"></a>"
                } else {
                    "\"></a>"
                });
            }
            Kind::Open => {
                active.push(e.of);
                if para.is_some() {
                    w.open(e.of);
                }
            }
        }
    }
    if !deferred.is_empty() {
        w.out.push_str("<p class=\"after-end\">");
        for i in deferred {
            w.point(i);
        }
        w.out.push_str("</p>\n");
    }
}

/// The end of the line before the one starting at `start`.
fn paras_end(lines: &[(usize, usize)], start: usize) -> usize {
    let i = lines.partition_point(|l| l.0 < start);
    lines[i.saturating_sub(1)].1
}

struct Writer<'o, 's> {
    out: &'o mut String,
    spans: &'s [Highlight],
    /// The marks open now, outermost first.
    stack: Vec<usize>,
    /// Whether a span's first fragment (with its id) was written.
    opened: Vec<bool>,
    /// Whether a span's last fragment was written.
    done: Vec<bool>,
}

impl Writer<'_, '_> {
    fn tag(&mut self, i: usize) {
        self.out.push_str("<mark");
        if !self.opened[i]
            && let Some(id) = &self.spans[i].id
        {
            self.out.push_str(" id=\"");
            escape_attr(self.out, id);
            self.out.push('"');
        }
        self.out.push_str(&self.spans[i].attrs);
        self.out.push('>');
        self.opened[i] = true;
    }

    fn open(&mut self, i: usize) {
        self.tag(i);
        self.stack.push(i);
    }

    /// Closes span `i` for good: the marks inside it close first and open
    /// again after it.
    fn close(&mut self, i: usize) {
        let Some(k) = self.stack.iter().position(|&s| s == i) else {
            return;
        };
        let inner: Vec<usize> = self.stack.drain(k + 1..).collect();
        for _ in 0..=inner.len() {
            self.out.push_str("</mark>");
        }
        self.stack.pop();
        self.out.push_str(&self.spans[i].after);
        self.done[i] = true;
        for s in inner {
            self.open(s);
        }
    }

    fn point(&mut self, i: usize) {
        if self.done[i] {
            return;
        }
        self.tag(i);
        self.out.push_str("</mark>");
        self.out.push_str(&self.spans[i].after);
        self.done[i] = true;
    }
}

fn push_num(out: &mut String, n: usize) {
    use std::fmt::Write;
    let _ = write!(out, "{n}");
}

/// Whether a byte is a control character HTML does not allow in text.
fn is_control(b: u8) -> bool {
    (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | b'\x0c')) || b == 0x7f
}

/// Whether HTML forbids a character in a document: C0 controls other than
/// ASCII whitespace, DEL, the C1 controls and the noncharacters.
pub(crate) fn is_forbidden(c: char) -> bool {
    let u = u32::from(c);
    (u < 0x20 && !matches!(c, '\t' | '\n' | '\r' | '\x0c'))
        || (0x7f..=0x9f).contains(&u)
        || (0xfdd0..=0xfdef).contains(&u)
        || (u & 0xfffe) == 0xfffe
}

/// Whether the UTF-8 text may hold a C1 control (`C2 80`..`C2 9F`) or a
/// noncharacter (`EF B7 90`..`EF B7 AF`, or ending `BF BE`/`BF BF`): a quick
/// look that may say yes wrongly, never no wrongly.
fn may_hold_forbidden(bytes: &[u8]) -> bool {
    memchr::memchr3_iter(0xC2, 0xB7, 0xBF, bytes).any(|i| {
        let next = bytes.get(i + 1).copied().unwrap_or(0);
        match bytes[i] {
            0xC2 => (0x80..=0x9f).contains(&next),
            0xB7 => i > 0 && bytes[i - 1] == 0xEF && (0x90..=0xaf).contains(&next),
            _ => matches!(next, 0xBE | 0xBF),
        }
    })
}

/// Escapes text for an element's content: `&`, `<` and `>`, and characters
/// HTML forbids shown as a symbol (a C0 control as its Control Pictures
/// sign, U+2400 block; others as U+FFFD) with the code point in a tooltip.
pub(crate) fn escape_text(out: &mut String, s: &str) {
    let bytes = s.as_bytes();
    // Documents almost never hold control characters: one pass without
    // early exit (which vectorizes) decides whether memchr alone will do.
    let controls = bytes.iter().fold(false, |acc, &b| acc | is_control(b));
    if !controls && !may_hold_forbidden(bytes) {
        let mut from = 0;
        for i in memchr::memchr3_iter(b'&', b'<', b'>', bytes) {
            out.push_str(&s[from..i]);
            out.push_str(match bytes[i] {
                b'&' => "&amp;",
                b'<' => "&lt;",
                _ => "&gt;",
            });
            from = i + 1;
        }
        out.push_str(&s[from..]);
        return;
    }
    let mut from = 0;
    for (i, c) in s.char_indices() {
        if !(matches!(c, '&' | '<' | '>') || is_forbidden(c)) {
            continue;
        }
        out.push_str(&s[from..i]);
        from = i + c.len_utf8();
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            _ => {
                let u = u32::from(c);
                let picture = match u {
                    0x7f => '\u{2421}',
                    0..0x20 => char::from_u32(0x2400 + u).unwrap_or('\u{fffd}'),
                    _ => '\u{fffd}',
                };
                out.push_str(&format!(
                    "<span class=\"ctl\" title=\"U+{u:04X}\">{picture}</span>"
                ));
            }
        }
    }
    out.push_str(&s[from..]);
}

/// The finished page with every character HTML forbids that reached it
/// outside a document's text (a statement, a file name, a diff) replaced by
/// U+FFFD, so no validator or browser meets one.
pub(crate) fn without_forbidden(html: String) -> String {
    let bytes = html.as_bytes();
    let controls = bytes.iter().fold(false, |acc, &b| acc | is_control(b));
    if !controls && !may_hold_forbidden(bytes) {
        return html;
    }
    html.chars()
        .map(|c| if is_forbidden(c) { '\u{fffd}' } else { c })
        .collect()
}

/// Escapes text for a double-quoted attribute value.
pub(crate) fn escape_attr(out: &mut String, s: &str) {
    let mut from = 0;
    for (i, b) in s.bytes().enumerate() {
        let rep = match b {
            b'&' => "&amp;",
            b'"' => "&quot;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            _ => continue,
        };
        out.push_str(&s[from..i]);
        out.push_str(rep);
        from = i + 1;
    }
    out.push_str(&s[from..]);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn span(text: &str, quote: &str, name: &str) -> Highlight {
        let start = text.find(quote).unwrap();
        Highlight {
            start,
            end: start + quote.len(),
            attrs: format!(" class=\"{name}\""),
            id: Some(name.to_string()),
            after: format!("<sup>{name}</sup>"),
        }
    }

    fn render(text: &str, spans: &[Highlight]) -> String {
        let mut out = String::new();
        write(&mut out, text, spans, "");
        // Line anchors are pinned in their own test.
        let re = regex::Regex::new(r#"<a id="L\d+"( class="b")?></a>"#).unwrap();
        re.replace_all(&out, "").into_owned()
    }

    #[test]
    fn many_claims_on_one_span_nest_once_each_so_the_page_grows_linearly() {
        // 4,000 claims quoting the same words once made N²/2 marks (a 1 GB
        // page); the mark opened last now closes first.
        let text = "The minister said the budget would rise.";
        let spans: Vec<Highlight> = (0..2000)
            .map(|i| span(text, "the budget would rise", &format!("c{i}")))
            .collect();
        let out = render(text, &spans);
        assert_eq!(out.matches("<mark").count(), 2000);
        assert_eq!(out.matches("</mark>").count(), 2000);
        // Each note reference right after its own mark, innermost first.
        assert!(out.contains("</mark><sup>c1999</sup></mark><sup>c1998</sup>"));
    }

    #[test]
    fn paragraphs_are_runs_of_lines_that_are_not_blank() {
        let text = "Title\n\nOne line\nand the next.\n \nLast, no final newline";
        assert_eq!(
            render(text, &[]),
            "<p>Title</p>\n<p>One line\nand the next.</p>\n<p>Last, no final newline</p>\n"
        );
    }

    #[test]
    fn every_line_has_an_anchor_and_blank_lines_are_marked_blank() {
        let mut out = String::new();
        write(&mut out, "a\n\nb\n", &[], "d1-");
        assert_eq!(
            out,
            "<p><a id=\"d1-L1\"></a>a</p>\n<a id=\"d1-L2\" class=\"b\"></a><p><a id=\"d1-L3\"></a>b</p>\n"
        );
    }

    #[test]
    fn overlapping_quotes_nest_and_the_inner_one_reopens_without_its_id() {
        let text = "alpha beta gamma delta";
        let a = span(text, "alpha beta gamma", "a");
        let b = span(text, "beta gamma delta", "b");
        assert_eq!(
            render(text, &[a, b]),
            "<p><mark id=\"a\" class=\"a\">alpha <mark id=\"b\" class=\"b\">beta gamma</mark></mark>\
             <sup>a</sup><mark class=\"b\"> delta</mark><sup>b</sup></p>\n"
        );
    }

    #[test]
    fn a_quote_inside_another_nests_and_shared_ends_close_inner_first() {
        let text = "one two three";
        let outer = span(text, "one two three", "o");
        let inner = span(text, "two three", "i");
        assert_eq!(
            render(text, &[inner, outer]),
            "<p><mark id=\"o\" class=\"o\">one <mark id=\"i\" class=\"i\">two three</mark>\
             <sup>i</sup></mark><sup>o</sup></p>\n"
        );
    }

    #[test]
    fn a_quote_across_paragraphs_is_cut_at_the_break_and_its_note_follows_its_end() {
        let text = "first para ends\n\nsecond starts here";
        let q = span(text, "ends\n\nsecond", "q");
        assert_eq!(
            render(text, &[q]),
            "<p>first para <mark id=\"q\" class=\"q\">ends</mark></p>\n\
             <p><mark class=\"q\">second</mark><sup>q</sup> starts here</p>\n"
        );
    }

    #[test]
    fn a_point_is_an_empty_mark_and_one_in_a_blank_line_goes_to_the_next_paragraph() {
        let text = "a b\n\nc";
        let here = Highlight {
            start: 2,
            end: 2,
            attrs: String::new(),
            id: Some("p1".into()),
            after: String::new(),
        };
        let gap = Highlight {
            start: 4,
            end: 4,
            id: Some("p2".into()),
            ..here.clone()
        };
        assert_eq!(
            render(text, &[here, gap]),
            "<p>a <mark id=\"p1\"></mark>b</p>\n<p><mark id=\"p2\"></mark>c</p>\n"
        );
    }

    #[test]
    fn document_text_is_escaped_even_a_closing_mark_and_control_characters() {
        let text = "a </mark><script>x & y</script>\u{1b}";
        let out = render(text, &[span(text, "</mark>", "m")]);
        assert_eq!(
            out,
            "<p>a <mark id=\"m\" class=\"m\">&lt;/mark&gt;</mark><sup>m</sup>&lt;script&gt;x &amp; y\
             &lt;/script&gt;<span class=\"ctl\" title=\"U+001B\">\u{241b}</span></p>\n"
        );
    }

    #[test]
    fn text_without_control_characters_takes_the_fast_path_and_escapes_the_same() {
        let mut fast = String::new();
        escape_text(&mut fast, "a < b && c > d “q”");
        assert_eq!(fast, "a &lt; b &amp;&amp; c &gt; d “q”");
        let mut slow = String::new();
        escape_text(&mut slow, "a < b && c > d “q”\u{7f}");
        assert_eq!(
            slow,
            "a &lt; b &amp;&amp; c &gt; d “q”<span class=\"ctl\" title=\"U+007F\">\u{2421}</span>"
        );
    }

    #[test]
    fn offsets_past_the_end_are_clamped_and_an_empty_text_still_shows_its_points() {
        let p = Highlight {
            start: 10,
            end: 10,
            attrs: String::new(),
            id: Some("gone".into()),
            after: String::new(),
        };
        assert_eq!(
            render("", std::slice::from_ref(&p)),
            "<p class=\"after-end\"><mark id=\"gone\"></mark></p>\n"
        );
        assert_eq!(render("ab", &[p]), "<p>ab<mark id=\"gone\"></mark></p>\n");
    }
}

#[cfg(test)]
mod random {
    use super::*;

    /// Checks that tags nest, returning the text between them.
    fn strip_checked(html: &str) -> String {
        let mut stack: Vec<String> = Vec::new();
        let mut text = String::new();
        let mut rest = html;
        while let Some(lt) = rest.find('<') {
            text.push_str(&rest[..lt]);
            let gt = rest[lt..].find('>').expect("a tag ends") + lt;
            let tag = &rest[lt + 1..gt];
            if let Some(name) = tag.strip_prefix('/') {
                assert_eq!(stack.pop().as_deref(), Some(name), "in {html}");
            } else {
                stack.push(tag.split(' ').next().unwrap_or("").to_string());
            }
            rest = &rest[gt + 1..];
        }
        text.push_str(rest);
        assert!(stack.is_empty(), "unclosed {stack:?} in {html}");
        text.replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&amp;", "&")
    }

    #[test]
    fn any_spans_on_any_text_give_nested_tags_the_whole_text_and_each_id_once() {
        let alphabet = ['a', 'б', ' ', '\n', '<', '&', '’', '\u{a0}'];
        let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = |n: usize| {
            seed = seed
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (seed >> 33) as usize % n.max(1)
        };
        for _ in 0..500 {
            let len = next(40);
            let text: String = (0..len).map(|_| alphabet[next(alphabet.len())]).collect();
            let bounds: Vec<usize> = text
                .char_indices()
                .map(|(i, _)| i)
                .chain([text.len()])
                .collect();
            let spans: Vec<Highlight> = (0..next(6))
                .map(|k| {
                    let a = bounds[next(bounds.len())];
                    let b = bounds[next(bounds.len())];
                    Highlight {
                        start: a.min(b),
                        end: a.max(b),
                        attrs: String::new(),
                        id: Some(format!("s{k}")),
                        after: format!("<sup>{k}</sup>"),
                    }
                })
                .collect();
            let mut out = String::new();
            write(&mut out, &text, &spans, "");
            let shown: String = strip_checked(&out)
                .chars()
                .filter(|c| !c.is_ascii_digit() && !c.is_whitespace())
                .collect();
            let want: String = text.chars().filter(|c| !c.is_whitespace()).collect();
            assert_eq!(shown, want, "text {text:?} spans {spans:?}: {out}");
            for k in 0..spans.len() {
                assert_eq!(out.matches(&format!("id=\"s{k}\"")).count(), 1, "{out}");
                assert_eq!(out.matches(&format!("<sup>{k}</sup>")).count(), 1, "{out}");
            }
        }
    }
}
