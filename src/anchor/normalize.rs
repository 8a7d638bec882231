//! The declared typographic normalization, with a map back to original code points.
//!
//! Folded: curly quotes and apostrophes to ASCII, dashes to `-` (a run of
//! dashes, `--` included, is one dash, and the whitespace around a dash folds
//! into it), the ellipsis character to `...`, the Latin ligatures to their
//! letters, every run of whitespace (no-break and other Unicode spaces, line
//! breaks) to one space, soft hyphens and zero-width characters dropped, and
//! letters from another script that look like a Latin letter (Cyrillic `А` for
//! `A`) folded by Unicode's confusables skeleton. Latin letters, digits and
//! words are never folded: no case folding and no blanket compatibility
//! normalization.

use unicode_script::{Script, UnicodeScript};

/// What the normalization does with one code point.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fold {
    Keep,
    To(char),
    /// Several characters: the ellipsis, the ligatures.
    Str(&'static str),
    Space,
    Drop,
}

/// Classifies one code point.
pub fn fold(c: char) -> Fold {
    if c.is_ascii() {
        return if c.is_ascii_whitespace() {
            Fold::Space
        } else {
            Fold::Keep
        };
    }
    match c {
        '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' | '\u{02BC}' => {
            Fold::To('\'')
        }
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' => Fold::To('"'),
        // Guillemets, and the quote brackets of Chinese and Japanese text.
        '\u{00AB}' | '\u{00BB}' | '\u{300C}' | '\u{300D}' | '\u{300E}' | '\u{300F}'
        | '\u{301D}' | '\u{301E}' | '\u{301F}' => Fold::To('"'),
        '\u{2039}' | '\u{203A}' => Fold::To('\''),
        // The ideographic full stop and comma, and their half-width forms.
        '\u{3002}' | '\u{FF61}' => Fold::To('.'),
        '\u{3001}' | '\u{FF64}' => Fold::To(','),
        // Full-width ASCII punctuation (never letters or digits).
        '\u{FF01}'..='\u{FF5E}' => match char::from_u32(c as u32 - 0xFEE0) {
            Some(a) if a.is_ascii_punctuation() => Fold::To(a),
            _ => Fold::Keep,
        },
        '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{FE58}' | '\u{FE63}' => Fold::To('-'),
        '\u{2026}' => Fold::Str("..."),
        '\u{FB00}' => Fold::Str("ff"),
        '\u{FB01}' => Fold::Str("fi"),
        '\u{FB02}' => Fold::Str("fl"),
        '\u{FB03}' => Fold::Str("ffi"),
        '\u{FB04}' => Fold::Str("ffl"),
        '\u{FB05}' | '\u{FB06}' => Fold::Str("st"),
        '\u{00AD}' | '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}'
        | '\u{180E}' => Fold::Drop,
        // Direction marks and the bidi embedding and isolate controls.
        '\u{200E}'
        | '\u{200F}'
        | '\u{061C}'
        | '\u{202A}'..='\u{202E}'
        | '\u{2066}'..='\u{2069}' => Fold::Drop,
        c if c.is_whitespace() => Fold::Space,
        c => confusable(c).map_or(Fold::Keep, Fold::To),
    }
}

/// The Latin letter a letter from another script is confusable with, if any.
pub(crate) fn confusable(c: char) -> Option<char> {
    if !c.is_alphabetic()
        || matches!(
            c.script(),
            Script::Latin | Script::Common | Script::Inherited
        )
    {
        return None;
    }
    let mut buf = [0u8; 4];
    let mut skel = unicode_security::skeleton(c.encode_utf8(&mut buf));
    match (skel.next(), skel.next()) {
        (Some(l), None) if l.is_ascii_alphabetic() => Some(l),
        _ => None,
    }
}

/// One code point of a normalized text, stored as narrow as the text allows.
pub trait Unit: Copy + Eq + Send + Sync + 'static {
    fn code(self) -> u32;
    fn ch(self) -> char;
}

impl Unit for u8 {
    #[inline]
    fn code(self) -> u32 {
        u32::from(self)
    }
    #[inline]
    fn ch(self) -> char {
        char::from(self)
    }
}

impl Unit for u16 {
    #[inline]
    fn code(self) -> u32 {
        u32::from(self)
    }
    #[inline]
    fn ch(self) -> char {
        // Only code points are stored, never surrogates.
        char::from_u32(u32::from(self)).unwrap_or(char::REPLACEMENT_CHARACTER)
    }
}

impl Unit for u32 {
    #[inline]
    fn code(self) -> u32 {
        self
    }
    #[inline]
    fn ch(self) -> char {
        char::from_u32(self).unwrap_or(char::REPLACEMENT_CHARACTER)
    }
}

impl Unit for char {
    #[inline]
    fn code(self) -> u32 {
        self as u32
    }
    #[inline]
    fn ch(self) -> char {
        self
    }
}

/// The code points of a normalized text, one byte each while they are all
/// below U+0100 (Latin-1: English and most Western text), two while they are
/// all in the Basic Multilingual Plane (Cyrillic, Arabic, CJK), else four.
#[derive(Debug, Clone)]
pub enum Units {
    Latin1(Vec<u8>),
    Bmp(Vec<u16>),
    Wide(Vec<u32>),
}

impl Default for Units {
    fn default() -> Units {
        Units::Latin1(Vec::new())
    }
}

/// Runs `$body` with `$t` bound to the units of `$units` as a slice of their
/// own width.
macro_rules! with_units {
    ($units:expr, $t:ident => $body:expr) => {
        match $units {
            $crate::anchor::normalize::Units::Latin1(v) => {
                let $t = &v[..];
                $body
            }
            $crate::anchor::normalize::Units::Bmp(v) => {
                let $t = &v[..];
                $body
            }
            $crate::anchor::normalize::Units::Wide(v) => {
                let $t = &v[..];
                $body
            }
        }
    };
}
pub(crate) use with_units;

impl Units {
    fn with_capacity(n: usize) -> Units {
        Units::Latin1(Vec::with_capacity(n))
    }

    pub fn len(&self) -> usize {
        with_units!(self, t => t.len())
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The code point at `i`.
    #[inline]
    pub fn get(&self, i: usize) -> char {
        with_units!(self, t => t[i].ch())
    }

    fn last(&self) -> Option<char> {
        with_units!(self, t => t.last().map(|u| u.ch()))
    }

    /// Widens the storage so that `c` fits, keeping room for as many units.
    fn fit(&mut self, c: char) {
        let c = c as u32;
        let room = self.capacity();
        match self {
            Units::Latin1(v) if c > 0xFFFF => *self = Units::Wide(widen(v, room)),
            Units::Latin1(v) if c > 0xFF => *self = Units::Bmp(widen(v, room)),
            Units::Bmp(v) if c > 0xFFFF => *self = Units::Wide(widen(v, room)),
            _ => {}
        }
    }

    fn capacity(&self) -> usize {
        match self {
            Units::Latin1(v) => v.capacity(),
            Units::Bmp(v) => v.capacity(),
            Units::Wide(v) => v.capacity(),
        }
    }

    /// Bytes per unit.
    fn width(&self) -> usize {
        match self {
            Units::Latin1(_) => 1,
            Units::Bmp(_) => 2,
            Units::Wide(_) => 4,
        }
    }

    fn push(&mut self, c: char) {
        self.fit(c);
        match self {
            Units::Latin1(v) => v.push(c as u8),
            Units::Bmp(v) => v.push(c as u16),
            Units::Wide(v) => v.push(c as u32),
        }
    }

    /// Pushes ASCII bytes, one code point each.
    fn push_ascii(&mut self, bytes: &[u8]) {
        match self {
            Units::Latin1(v) => v.extend_from_slice(bytes),
            Units::Bmp(v) => v.extend(bytes.iter().map(|&b| u16::from(b))),
            Units::Wide(v) => v.extend(bytes.iter().map(|&b| u32::from(b))),
        }
    }

    fn pop(&mut self) {
        match self {
            Units::Latin1(v) => _ = v.pop(),
            Units::Bmp(v) => _ = v.pop(),
            Units::Wide(v) => _ = v.pop(),
        }
    }

    fn remove_first(&mut self) {
        match self {
            Units::Latin1(v) => _ = v.remove(0),
            Units::Bmp(v) => _ = v.remove(0),
            Units::Wide(v) => _ = v.remove(0),
        }
    }

    /// `needle` in this storage's own encoding, native byte order; `None`
    /// when one of its code points cannot be stored here (so it occurs nowhere).
    fn encode(&self, needle: &str) -> Option<(Vec<u8>, usize)> {
        let mut out = Vec::with_capacity(needle.len() * 4);
        let width = self.width();
        for c in needle.chars() {
            let c = c as u32;
            match width {
                1 => out.push(u8::try_from(c).ok()?),
                2 => out.extend_from_slice(&u16::try_from(c).ok()?.to_ne_bytes()),
                _ => out.extend_from_slice(&c.to_ne_bytes()),
            }
        }
        Some((out, width))
    }

    fn bytes(&self) -> &[u8] {
        match self {
            Units::Latin1(v) => v,
            Units::Bmp(v) => bytemuck::cast_slice(v),
            Units::Wide(v) => bytemuck::cast_slice(v),
        }
    }
}

/// `v` in wider units, with room for `room` of them.
fn widen<A: Copy, B: From<A>>(v: &[A], room: usize) -> Vec<B> {
    let mut out = Vec::with_capacity(room.max(v.len()));
    out.extend(v.iter().map(|&u| B::from(u)));
    out
}

/// The original code-point range of each normalized code point, stored as
/// runs: within a run, each code point stands for the one original code point
/// after the previous one's, and only the last may stand for more (folded
/// whitespace, a dash that swallowed a space). Prose breaks a run every few
/// dozen code points, so the map costs a fraction of a byte per code point.
#[derive(Debug, Clone, Default)]
pub struct SpanMap {
    runs: Vec<Run>,
    len: u32,
}

#[derive(Debug, Clone, Copy)]
struct Run {
    /// The first normalized index of the run.
    norm: u32,
    /// The original start of its first code point.
    start: u32,
    /// The original end of its last code point.
    end: u32,
}

impl SpanMap {
    pub fn len(&self) -> usize {
        self.len as usize
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Normalized index one past the run's last.
    fn run_end(&self, r: usize) -> u32 {
        self.runs.get(r + 1).map_or(self.len, |n| n.norm)
    }

    /// Whether the run's last code point also stands for exactly one.
    fn regular(&self, r: usize) -> bool {
        let run = self.runs[r];
        run.end == run.start + (self.run_end(r) - run.norm)
    }

    /// Appends `n` code points standing for `start..start + n`, one each.
    fn push_run(&mut self, start: u32, n: u32) {
        if n == 0 {
            return;
        }
        match self.runs.len().checked_sub(1) {
            Some(r) if self.runs[r].end == start && self.regular(r) => self.runs[r].end += n,
            _ => self.runs.push(Run {
                norm: self.len,
                start,
                end: start + n,
            }),
        }
        self.len += n;
    }

    /// Appends one code point standing for `start..end`.
    fn push(&mut self, start: u32, end: u32) {
        if end == start + 1 {
            self.push_run(start, 1);
        } else {
            self.runs.push(Run {
                norm: self.len,
                start,
                end,
            });
            self.len += 1;
        }
    }

    /// The original range of normalized code point `i`.
    #[expect(
        clippy::cast_possible_truncation,
        reason = "documents are under 4 GiB (project::MAX_DOC_SIZE), so code-point offsets fit in u32"
    )]
    pub fn get(&self, i: usize) -> (u32, u32) {
        let r = self.runs.partition_point(|run| run.norm as usize <= i) - 1;
        let run = self.runs[r];
        let a = run.start + (i as u32 - run.norm);
        if i as u32 + 1 == self.run_end(r) {
            (a, run.end)
        } else {
            (a, a + 1)
        }
    }

    fn last(&self) -> Option<(u32, u32)> {
        self.len.checked_sub(1).map(|i| self.get(i as usize))
    }

    fn pop(&mut self) -> Option<(u32, u32)> {
        let last = self.last()?;
        let r = self.runs.len() - 1;
        let run = self.runs[r];
        if self.run_end(r) - run.norm == 1 {
            self.runs.pop();
        } else {
            self.runs[r].end = last.0;
        }
        self.len -= 1;
        Some(last)
    }

    /// Replaces the last code point's range.
    fn set_last(&mut self, start: u32, end: u32) {
        if self.pop().is_some() {
            self.push(start, end);
        }
    }

    fn remove_first(&mut self) {
        let spans: Vec<(u32, u32)> = (1..self.len()).map(|i| self.get(i)).collect();
        *self = SpanMap::default();
        for (a, b) in spans {
            self.push(a, b);
        }
    }

    /// The first normalized index whose original range starts at or after
    /// original code point `orig`.
    #[expect(
        clippy::cast_possible_truncation,
        reason = "documents are under 4 GiB (project::MAX_DOC_SIZE), so code-point offsets fit in u32"
    )]
    pub fn index_of(&self, orig: usize) -> usize {
        let orig = orig as u32;
        // The first run whose last code point starts at or after `orig`.
        let (mut lo, mut hi) = (0, self.runs.len());
        while lo < hi {
            let mid = usize::midpoint(lo, hi);
            let run = self.runs[mid];
            if run.start + (self.run_end(mid) - run.norm) - 1 < orig {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        let Some(run) = self.runs.get(lo) else {
            return self.len();
        };
        (run.norm + orig.saturating_sub(run.start)) as usize
    }

    /// Every code point's range, in order.
    pub fn iter(&self) -> impl Iterator<Item = (u32, u32)> + '_ {
        self.runs.iter().enumerate().flat_map(move |(r, run)| {
            let n = self.run_end(r) - run.norm;
            (0..n).map(move |d| {
                let a = run.start + d;
                (a, if d + 1 == n { run.end } else { a + 1 })
            })
        })
    }

    /// Bytes held, for measurements.
    pub fn heap_bytes(&self) -> usize {
        self.runs.capacity() * std::mem::size_of::<Run>()
    }
}

/// A normalized text and, for each of its code points, the original code-point
/// range it stands for.
#[derive(Debug, Default)]
pub struct Normalized {
    pub units: Units,
    pub spans: SpanMap,
}

impl Normalized {
    /// Normalizes `s`; `trim` drops leading and trailing whitespace (for quotes).
    #[expect(
        clippy::cast_possible_truncation,
        reason = "documents are under 4 GiB (project::MAX_DOC_SIZE), so code-point offsets fit in u32"
    )]
    pub fn new(s: &str, trim: bool) -> Normalized {
        let mut out = Normalized {
            // One unit per code point of `s` is the usual size.
            units: Units::with_capacity(crate::text::count_chars(s.as_bytes()) + 16),
            spans: SpanMap::default(),
        };
        let mut in_space = false;
        // The last character pushed is a mark that swallows whitespace (a
        // dash, a double quote mark, a single guillemet): spaces after it
        // fold into it, and a space before the next one folds into that.
        let mut after_mark = false;
        let bytes = s.as_bytes();
        let (mut b, mut i) = (0usize, 0u32);
        // Plain: ASCII that is neither whitespace nor a mark.
        let plain_byte = |x: u8| x.is_ascii() && !x.is_ascii_whitespace() && x != b'"' && x != b'-';
        while b < bytes.len() {
            // Fast path: a run of plain ASCII with single spaces between
            // plain characters is kept as is.
            let plain = |j: usize| bytes.get(j).is_some_and(|&x| plain_byte(x));
            let mut run = 0;
            while b + run < bytes.len() {
                let x = bytes[b + run];
                let ok = if x == b' ' {
                    (if run == 0 {
                        !in_space && !after_mark
                    } else {
                        plain(b + run - 1)
                    }) && plain(b + run + 1)
                } else {
                    plain_byte(x)
                };
                if !ok {
                    break;
                }
                run += 1;
            }
            if run > 0 {
                let n = run as u32;
                out.units.push_ascii(&bytes[b..b + run]);
                out.spans.push_run(i, n);
                in_space = bytes[b + run - 1] == b' ';
                after_mark = false;
                (b, i) = (b + run, i + n);
                continue;
            }
            let c = s[b..].chars().next().expect("b is on a char boundary");
            b += c.len_utf8();
            match fold(c) {
                Fold::Drop => {}
                Fold::Space => {
                    if in_space || after_mark {
                        if let Some((a, _)) = out.spans.last() {
                            out.spans.set_last(a, i + 1);
                        }
                    } else {
                        out.push(' ', i);
                        in_space = true;
                    }
                }
                f => {
                    let folded = match f {
                        Fold::To(t) => t,
                        _ => c,
                    };
                    let mark =
                        folded == '"' || folded == '-' || matches!(c, '\u{2039}' | '\u{203A}');
                    if mark && folded == '-' && out.units.last() == Some('-') && after_mark {
                        // A run of dashes is one dash.
                        if let Some((a, _)) = out.spans.last() {
                            out.spans.set_last(a, i + 1);
                        }
                    } else {
                        let mut from = i;
                        if mark && in_space {
                            // The space before a mark folds into it.
                            out.units.pop();
                            if let Some((a, _)) = out.spans.pop() {
                                from = a;
                            }
                        }
                        match f {
                            Fold::Str(letters) => {
                                for l in letters.chars() {
                                    out.push(l, i);
                                }
                            }
                            _ => out.push(folded, i),
                        }
                        if let Some((a, e)) = out.spans.last()
                            && from < a
                        {
                            out.spans.set_last(from, e);
                        }
                    }
                    in_space = false;
                    after_mark = mark;
                }
            }
            i += 1;
        }
        if trim {
            while out.units.last() == Some(' ') {
                out.units.pop();
                out.spans.pop();
            }
            if !out.is_empty() && out.units.get(0) == ' ' {
                out.units.remove_first();
                out.spans.remove_first();
            }
        }
        out
    }

    fn push(&mut self, c: char, orig: u32) {
        self.units.push(c);
        self.spans.push(orig, orig + 1);
    }

    pub fn len(&self) -> usize {
        self.spans.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The code point at normalized index `i`.
    pub fn char_at(&self, i: usize) -> char {
        self.units.get(i)
    }

    /// The code points of `range`, decoded.
    pub fn chars(&self, range: std::ops::Range<usize>) -> Vec<char> {
        with_units!(&self.units, t => t[range].iter().map(|u| u.ch()).collect())
    }

    /// All code points, decoded (for quotes and other short texts).
    pub fn to_chars(&self) -> Vec<char> {
        self.chars(0..self.len())
    }

    /// The normalized text as a string.
    pub fn text(&self) -> String {
        with_units!(&self.units, t => t.iter().map(|u| u.ch()).collect())
    }

    /// Original code-point range of normalized range `[start, end)`.
    pub fn original(&self, start: usize, end: usize) -> (usize, usize) {
        let s = self.spans.get(start).0 as usize;
        let e = self.spans.get(end - 1).1 as usize;
        (s, e)
    }

    /// The first normalized index whose original range starts at or after
    /// original code point `orig`.
    pub fn index_of(&self, orig: usize) -> usize {
        self.spans.index_of(orig)
    }

    /// Normalized char indexes where `needle` starts in the text, the first
    /// `cap` of them (overlapping occurrences included).
    pub fn find_all(&self, needle: &str, cap: usize) -> Vec<usize> {
        let Some((needle, width)) = self.units.encode(needle) else {
            return Vec::new();
        };
        let hay = self.units.bytes();
        let finder = memchr::memmem::Finder::new(&needle);
        let (mut out, mut pos) = (Vec::new(), 0);
        while out.len() < cap
            && let Some(i) = finder.find(&hay[pos..])
        {
            let at = pos + i;
            if at % width == 0 {
                out.push(at / width);
                pos = at + width;
            } else {
                // Straddles two units: look again from the next unit.
                pos = at.next_multiple_of(width);
            }
        }
        out
    }

    /// Bytes held beyond the text itself, for measurements.
    pub fn heap_bytes(&self) -> usize {
        self.units.capacity() * self.units.width() + self.spans.heap_bytes()
    }
}

/// Normalizes a short string to its folded characters only.
pub fn normalize_str(s: &str) -> String {
    Normalized::new(s, false).text()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The normalization one code point at a time, as the module documents it.
    fn reference(s: &str) -> (Vec<char>, Vec<(u32, u32)>) {
        let (mut chars, mut spans) = (Vec::new(), Vec::<(u32, u32)>::new());
        let mut in_space = false;
        for (i, c) in s.chars().enumerate() {
            let i = u32::try_from(i).expect("a test text is short");
            let f = fold(c);
            if f == Fold::Space && in_space {
                spans.last_mut().unwrap().1 = i + 1;
                continue;
            }
            if f != Fold::Drop {
                in_space = f == Fold::Space;
            }
            let out: &[char] = match f {
                Fold::Drop => &[],
                Fold::Space => &[' '],
                Fold::Keep => &[c],
                Fold::To(t) => &[t],
                Fold::Str(l) => &l.chars().collect::<Vec<_>>(),
            };
            let out = out.to_vec();
            for o in out {
                chars.push(o);
                spans.push((i, i + 1));
            }
        }
        // A dash or a double quote mark swallows a neighbouring space, and a
        // dash a neighbouring dash, until nothing changes.
        loop {
            let at = (1..chars.len()).find(|&j| {
                matches!(
                    (chars[j - 1], chars[j]),
                    (' ' | '-', '-') | ('-' | '"', ' ') | (' ', '"')
                )
            });
            let Some(j) = at else { break };
            let merged = (spans[j - 1].0, spans[j].1);
            let mark = if chars[j - 1] == ' ' {
                chars[j]
            } else {
                chars[j - 1]
            };
            chars.splice(j - 1..=j, [mark]);
            spans.splice(j - 1..=j, [merged]);
        }
        (chars, spans)
    }

    #[test]
    fn the_ascii_fast_path_agrees_with_one_code_point_at_a_time() {
        let pieces = [
            "Mikhailov",
            " ",
            "\n",
            "\r\n",
            "\u{a0}",
            "’",
            "“",
            "\"",
            "—",
            "…",
            "\u{ad}",
            "\u{200b}",
            "А",
            "ж",
            "é",
            "\t",
            "\u{b}",
            "2016",
            ".",
            "  ",
            "-",
            "--",
            " -- ",
            "\u{FB01}",
            "\u{FB03}",
            "\u{AB}",
            "\u{BB}",
            "\u{202F}",
            "\u{300C}",
            "\u{FF0C}",
            "\u{200F}",
        ];
        let mut rng = synth::Rng::new(7);
        for _ in 0..500 {
            let s: String = (0..rng.below(40))
                .map(|_| pieces[rng.below(pieces.len())])
                .collect();
            let n = Normalized::new(&s, false);
            let (chars, spans) = reference(&s);
            assert_eq!(n.to_chars(), chars, "{s:?}");
            assert_eq!(spans_of(&n), spans, "{s:?}");
            assert_eq!(n.text(), chars.iter().collect::<String>(), "{s:?}");
            // The run map answers random access as the plain list would.
            for (i, &sp) in spans.iter().enumerate() {
                assert_eq!(n.spans.get(i), sp, "{s:?} at {i}");
            }
            let len = s.chars().count();
            for orig in 0..=len + 1 {
                let want = spans.partition_point(|sp| (sp.0 as usize) < orig);
                assert_eq!(n.index_of(orig), want, "{s:?} index_of({orig})");
            }
        }
    }

    fn spans_of(n: &Normalized) -> Vec<(u32, u32)> {
        n.spans.iter().collect()
    }

    #[test]
    fn storage_is_one_byte_per_code_point_for_latin_text_and_two_for_cyrillic() {
        const BELL: &str = include_str!("../../corpus/the-bell/mikhailov-crowdstrike.txt");
        const SLATE: &str = include_str!("../../corpus/slate/cybercrime-treason-trial.txt");
        // The Bell's traps (a Cyrillic `А`, curly quotes) fold to Latin-1.
        let en = Normalized::new(BELL, false);
        assert!(matches!(en.units, Units::Latin1(_)));
        assert!(matches!(
            Normalized::new(SLATE, false).units,
            Units::Latin1(_)
        ));
        let russian =
            "Издание \u{AB}Медуза\u{BB} не смогло подтвердить эту информацию. ".repeat(40);
        let ru = Normalized::new(&russian, false);
        assert!(matches!(ru.units, Units::Bmp(_)));
        let wide = Normalized::new("caf\u{e9} \u{1F600} \u{416}", false);
        assert!(matches!(wide.units, Units::Wide(_)));
        assert_eq!(wide.text(), "caf\u{e9} \u{1F600} \u{416}");
        // The map back costs a small fraction of the text: a byte or two per
        // code point in all, where a list of ranges cost eight more.
        for n in [&en, &ru] {
            let extra = (n.spans.runs.len() * std::mem::size_of::<Run>()) as f64 / n.len() as f64;
            assert!(extra < 1.0, "{extra:.2} bytes per code point for the spans");
        }
    }

    #[test]
    fn find_all_counts_code_points_in_every_width_and_never_matches_across_units() {
        // U+0100 next to U+0001 shares bytes with U+0101 in two-byte units.
        for text in [
            "a\u{100}\u{1}b \u{101}",
            "ж ab ж ab",
            "\u{1F600}ab\u{1F600}ab",
            "abab",
        ] {
            let n = Normalized::new(text, false);
            let chars = n.to_chars();
            for needle in ["ab", "\u{101}", "\u{1}\u{1}", "ж a", "\u{1F600}a", "b"] {
                let nc: Vec<char> = needle.chars().collect();
                let want: Vec<usize> = (0..chars.len())
                    .filter(|&i| chars[i..].starts_with(&nc))
                    .collect();
                assert_eq!(
                    n.find_all(needle, usize::MAX),
                    want,
                    "{text:?} / {needle:?}"
                );
            }
        }
    }

    #[test]
    fn folds_typography_and_maps_back() {
        let n = Normalized::new(
            "It\u{2019}s \u{201C}a\u{201D} \u{2014}\u{00A0}x\r\n\r\ny",
            false,
        );
        assert_eq!(n.text(), "It's\"a\"-x y");
        // the space that stands for "\r\n\r\n" covers all four code points
        let sp = n.to_chars().iter().rposition(|&c| c == ' ').unwrap();
        assert_eq!(n.spans.get(sp), (12, 16));
    }

    #[test]
    fn a_typed_double_hyphen_or_a_spaced_dash_reads_as_one_dash() {
        for s in [
            "word--word",
            "word -- word",
            "word \u{2014} word",
            "word\u{2014}word",
            "word - word",
        ] {
            assert_eq!(normalize_str(s), "word-word", "{s:?}");
        }
        let n = Normalized::new("a -- b", false);
        assert_eq!(
            spans_of(&n),
            [(0, 1), (1, 5), (5, 6)],
            "the dash stands for ` -- `"
        );
    }

    #[test]
    fn guillemets_and_cjk_quote_brackets_read_as_straight_quotes_without_inner_spaces() {
        assert_eq!(
            normalize_str("Il a dit \u{AB}\u{202F}non\u{A0}\u{BB} hier."),
            normalize_str("Il a dit \"non\" hier.")
        );
        assert_eq!(
            normalize_str("Он сказал: \u{AB}Мы не подтверждаем\u{BB}."),
            normalize_str("Он сказал: \"Мы не подтверждаем\".")
        );
        assert_eq!(
            normalize_str("sagte \u{BB}Nein\u{AB} und"),
            normalize_str("sagte \"Nein\" und")
        );
        assert_eq!(normalize_str("\u{2039} oui \u{203A}"), "'oui'");
        assert_eq!(normalize_str("\u{300C}自由\u{300D}\u{3002}"), "\"自由\".");
        assert_eq!(
            normalize_str("a\u{FF0C}b\u{FF1F}\u{FF08}c\u{FF09}"),
            "a,b?(c)"
        );
        assert_eq!(
            fold('\u{FF21}'),
            Fold::Keep,
            "a full-width letter is a letter"
        );
        assert_eq!(
            fold('\u{FF11}'),
            Fold::Keep,
            "a full-width digit is a digit"
        );
        assert_eq!(
            fold('\u{060C}'),
            Fold::Keep,
            "the Arabic comma is its script's own"
        );
        assert_eq!(
            normalize_str("\u{200F}123\u{200E} \u{2067}x\u{2069}"),
            "123 x"
        );
    }

    #[test]
    fn latin_ligatures_fold_to_their_letters() {
        assert_eq!(
            normalize_str("\u{FB01}nance \u{FB02}ow e\u{FB00}ect o\u{FB03}ce"),
            "finance flow effect office"
        );
        let n = Normalized::new("\u{FB01}x", false);
        assert_eq!(spans_of(&n), [(0, 1), (0, 1), (1, 2)]);
    }

    #[test]
    fn cyrillic_a_folds_to_latin_a_but_latin_letters_and_digits_stay() {
        assert_eq!(fold('\u{0410}'), Fold::To('A'));
        assert_eq!(fold('\u{043E}'), Fold::To('o'));
        assert_eq!(fold('l'), Fold::Keep);
        assert_eq!(fold('0'), Fold::Keep);
        assert_eq!(fold('é'), Fold::Keep);
        assert_eq!(fold('ж'), Fold::Keep);
    }

    #[test]
    fn soft_hyphen_and_zero_width_are_dropped() {
        let n = Normalized::new("co\u{00AD}op\u{200B}erate", false);
        assert_eq!(n.text(), "cooperate");
        assert_eq!(n.original(0, n.len()), (0, 11));
    }

    #[test]
    fn quotes_are_trimmed() {
        assert_eq!(Normalized::new("  a b \n", true).text(), "a b");
    }
}
