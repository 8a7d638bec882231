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

/// A normalized text and, for each of its code points, the original code-point
/// range it stands for.
#[derive(Debug, Default)]
pub struct Normalized {
    pub text: String,
    pub chars: Vec<char>,
    /// `spans[i]` is the original range of normalized char `i`.
    pub spans: Vec<(u32, u32)>,
}

impl Normalized {
    /// Normalizes `s`; `trim` drops leading and trailing whitespace (for quotes).
    pub fn new(s: &str, trim: bool) -> Normalized {
        let mut out = Normalized {
            text: String::with_capacity(s.len()),
            chars: Vec::with_capacity(s.len()),
            spans: Vec::with_capacity(s.len()),
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
                out.text.push_str(&s[b..b + run]);
                out.chars
                    .extend(bytes[b..b + run].iter().map(|&x| char::from(x)));
                out.spans.extend((i..i + n).map(|j| (j, j + 1)));
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
                        if let Some(last) = out.spans.last_mut() {
                            last.1 = i + 1;
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
                    if mark && folded == '-' && out.chars.last() == Some(&'-') && after_mark {
                        // A run of dashes is one dash.
                        if let Some(last) = out.spans.last_mut() {
                            last.1 = i + 1;
                        }
                    } else {
                        let mut from = i;
                        if mark && in_space {
                            // The space before a mark folds into it.
                            out.chars.pop();
                            out.text.pop();
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
                        if let Some(last) = out.spans.last_mut() {
                            last.0 = last.0.min(from);
                        }
                    }
                    in_space = false;
                    after_mark = mark;
                }
            }
            i += 1;
        }
        if trim {
            while out.chars.last() == Some(&' ') {
                out.chars.pop();
                out.spans.pop();
                out.text.pop();
            }
            if out.chars.first() == Some(&' ') {
                out.chars.remove(0);
                out.spans.remove(0);
                out.text.remove(0);
            }
        }
        out
    }

    fn push(&mut self, c: char, orig: u32) {
        self.text.push(c);
        self.chars.push(c);
        self.spans.push((orig, orig + 1));
    }

    pub fn len(&self) -> usize {
        self.chars.len()
    }

    pub fn is_empty(&self) -> bool {
        self.chars.is_empty()
    }

    /// Original code-point range of normalized range `[start, end)`.
    pub fn original(&self, start: usize, end: usize) -> (usize, usize) {
        let s = self.spans[start].0 as usize;
        let e = self.spans[end - 1].1 as usize;
        (s, e)
    }

    /// The first normalized index whose original range starts at or after
    /// original code point `orig`.
    pub fn index_of(&self, orig: usize) -> usize {
        self.spans.partition_point(|s| (s.0 as usize) < orig)
    }

    /// Normalized char indexes where `needle` starts in the text, the first
    /// `cap` of them (overlapping occurrences included).
    pub fn find_all(&self, needle: &str, cap: usize) -> Vec<usize> {
        let hay = self.text.as_bytes();
        let finder = memchr::memmem::Finder::new(needle.as_bytes());
        let (mut out, mut pos, mut seen_byte, mut seen_char) = (Vec::new(), 0, 0, 0);
        while out.len() < cap
            && let Some(i) = finder.find(&hay[pos..])
        {
            let at = pos + i;
            seen_char += crate::text::count_chars(&hay[seen_byte..at]);
            seen_byte = at;
            out.push(seen_char);
            pos = at + 1;
            while pos < hay.len() && (hay[pos] as i8) < -0x40 {
                pos += 1;
            }
        }
        out
    }
}

/// Normalizes a short string to its folded characters only.
pub fn normalize_str(s: &str) -> String {
    Normalized::new(s, false).text
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The normalization one code point at a time, as the module documents it.
    fn reference(s: &str) -> (Vec<char>, Vec<(u32, u32)>) {
        let (mut chars, mut spans) = (Vec::new(), Vec::<(u32, u32)>::new());
        let mut in_space = false;
        for (i, c) in s.chars().enumerate() {
            let i = i as u32;
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
                    (' ', '-') | ('-', ' ') | ('-', '-') | (' ', '"') | ('"', ' ')
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
            assert_eq!(n.chars, chars, "{s:?}");
            assert_eq!(n.spans, spans, "{s:?}");
            assert_eq!(n.text, chars.iter().collect::<String>(), "{s:?}");
        }
    }

    #[test]
    fn folds_typography_and_maps_back() {
        let n = Normalized::new(
            "It\u{2019}s \u{201C}a\u{201D} \u{2014}\u{00A0}x\r\n\r\ny",
            false,
        );
        assert_eq!(n.text, "It's\"a\"-x y");
        // the space that stands for "\r\n\r\n" covers all four code points
        let sp = n.chars.iter().rposition(|&c| c == ' ').unwrap();
        assert_eq!(n.spans[sp], (12, 16));
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
            n.spans,
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
        assert_eq!(n.spans, [(0, 1), (0, 1), (1, 2)]);
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
        assert_eq!(n.text, "cooperate");
        assert_eq!(n.original(0, n.len()), (0, 11));
    }

    #[test]
    fn quotes_are_trimmed() {
        assert_eq!(Normalized::new("  a b \n", true).text, "a b");
    }
}
