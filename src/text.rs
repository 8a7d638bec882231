//! Text positions: decoding documents, code-point offsets, and the one
//! line:column index used for documents and claims files alike.

use std::ops::Range;

/// Where each line of a text starts: 1-based line and column (in code points)
/// of any byte offset. Built once per text; shared by documents, claims files
/// and metadata files.
#[derive(Debug, Clone)]
pub(crate) struct LineIndex {
    /// Byte offset at which each line starts.
    starts: Vec<usize>,
}

impl LineIndex {
    pub(crate) fn new(bytes: &[u8]) -> LineIndex {
        let mut starts = Vec::with_capacity(bytes.len() / 64 + 1);
        starts.push(0);
        starts.extend(memchr::memchr_iter(b'\n', bytes).map(|i| i + 1));
        LineIndex { starts }
    }

    /// 1-based line of a byte offset.
    pub(crate) fn line(&self, byte: usize) -> usize {
        self.starts.partition_point(|&s| s <= byte)
    }

    /// 1-based line and column (in code points) of a byte offset of `text`,
    /// the text this index was built from.
    pub(crate) fn line_col(&self, text: &[u8], byte: usize) -> (usize, usize) {
        let byte = byte.min(text.len());
        let line = self.line(byte);
        let col = count_chars(&text[self.starts[line - 1]..byte]);
        (line, col + 1)
    }

    fn len(&self) -> usize {
        self.starts.len()
    }
}

/// Whether a character takes no room on screen and does not show: soft
/// hyphen, zero-width characters, direction marks and bidi controls. The one
/// list for blank-quote checks, copyable suggestions and safe output.
pub(crate) fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}'
            | '\u{061C}'
            | '\u{180E}'
            | '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'
            | '\u{2066}'..='\u{2069}'
            | '\u{FEFF}'
    )
}

/// Whether `c` is a bidirectional formatting control (marks, embeddings,
/// overrides, isolates): what reorders how a line is displayed.
pub(crate) fn is_bidi_control(c: char) -> bool {
    matches!(
        c,
        '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'
    )
}

/// 1-based line and column of a byte offset in a text indexed once for it.
pub(crate) fn line_col(text: &str, byte: usize) -> (usize, usize) {
    LineIndex::new(text.as_bytes()).line_col(text.as_bytes(), byte)
}

/// Bytes between two checkpoints of the code-point index.
const CHECKPOINT: usize = 1024;

/// A decoded document with indexes from code points to bytes and lines.
///
/// Offsets everywhere in claimtrack are Unicode code points (W3C Web Annotation
/// semantics). A leading byte order mark is not part of the text and is not
/// counted; `\r` is kept and counts as one code point.
///
/// The index is one pass over the text: for every 1 KiB block, the code points
/// and line breaks before it and where the line holding its first byte starts.
/// A position is then found from its block's checkpoint and at most one block
/// of counting, and the index costs 24 bytes per KiB of text.
#[derive(Debug)]
pub struct DocText {
    text: Utf8Text,
    /// For block `i` (bytes from `i * CHECKPOINT`), and one past the last.
    checkpoints: Vec<Checkpoint>,
    chars: usize,
}

/// A `&str` borrowed from the text's own bytes.
type Str<'a> = &'a str;

self_cell::self_cell!(
    /// A file's bytes and the text they hold, validated once as UTF-8 (by
    /// SIMD, several times faster than `String::from_utf8` on news text with
    /// curly quotes every few words) and never copied.
    struct Utf8Text {
        owner: Vec<u8>,
        #[covariant]
        dependent: Str,
    }
    impl {Debug}
);

/// What comes before a block of a document's text.
#[derive(Debug, Clone, Copy)]
struct Checkpoint {
    /// Code points before the block.
    chars: usize,
    /// Line breaks (`\n`) before the block.
    breaks: usize,
    /// Byte at which the line holding the block's first byte starts.
    line_start: usize,
}

/// Code points and line breaks in a block: byte counters over pieces of at
/// most 255 bytes, a loop the compiler turns into SIMD.
fn count_block(block: &[u8]) -> (usize, usize) {
    let (mut chars, mut breaks) = (0, 0);
    for piece in block.chunks(255) {
        let (mut c, mut b) = (0u8, 0u8);
        for &byte in piece {
            c += u8::from(byte.cast_signed() >= -0x40);
            b += u8::from(byte == b'\n');
        }
        chars += usize::from(c);
        breaks += usize::from(b);
    }
    (chars, breaks)
}

/// Why bytes could not be decoded as a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct DecodeError {
    /// Byte offset of the first invalid byte in the file (BOM included).
    pub(crate) byte: usize,
    /// 1-based line of that byte.
    pub(crate) line: usize,
}

/// Counts UTF-8 lead bytes, i.e. code points, in a byte slice: eight bytes at
/// a time, by counting continuation bytes (`10xxxxxx`) with a popcount.
pub(crate) fn count_chars(bytes: &[u8]) -> usize {
    const HI: u64 = 0x8080_8080_8080_8080;
    const NEXT: u64 = 0x4040_4040_4040_4040;
    let mut words = bytes.chunks_exact(8);
    let mut continuation = 0u32;
    for w in &mut words {
        let w = u64::from_le_bytes(w.try_into().unwrap_or([0; 8]));
        continuation += ((w & HI) & !((w & NEXT) << 1)).count_ones();
    }
    let tail = words
        .remainder()
        .iter()
        .filter(|&&b| b.cast_signed() < -0x40)
        .count();
    bytes.len() - continuation as usize - tail
}

impl Utf8Text {
    /// The bytes of a `String`, which are valid UTF-8: validating them again
    /// cannot fail.
    fn of_string(text: String) -> Utf8Text {
        Utf8Text::new(text.into_bytes(), |b| {
            simdutf8::basic::from_utf8(b).unwrap_or_default()
        })
    }
}

impl Clone for DocText {
    fn clone(&self) -> DocText {
        DocText {
            text: Utf8Text::of_string(self.as_str().to_string()),
            checkpoints: self.checkpoints.clone(),
            chars: self.chars,
        }
    }
}

impl DocText {
    /// Decodes a file's bytes: strips a UTF-8 BOM, rejects invalid UTF-8.
    pub(crate) fn decode(bytes: Vec<u8>) -> Result<DocText, DecodeError> {
        let bom = if bytes.starts_with(b"\xEF\xBB\xBF") {
            3
        } else {
            0
        };
        // The fast validator only says yes or no; std finds where it fails.
        let text = Utf8Text::try_new(bytes, |b| {
            simdutf8::basic::from_utf8(&b[bom..]).map_err(|_| {
                let raw = &b[bom..];
                let at = std::str::from_utf8(raw)
                    .err()
                    .map_or(raw.len(), |e| e.valid_up_to());
                DecodeError {
                    byte: at + bom,
                    line: LineIndex::new(&raw[..at]).len(),
                }
            })
        })?;
        Ok(DocText::index(text))
    }

    /// Indexes a string that is already the document text (no BOM).
    pub fn new(text: String) -> DocText {
        DocText::index(Utf8Text::of_string(text))
    }

    fn index(text: Utf8Text) -> DocText {
        let bytes = text.borrow_dependent().as_bytes();
        let mut checkpoints = Vec::with_capacity(bytes.len() / CHECKPOINT + 2);
        let mut at = Checkpoint {
            chars: 0,
            breaks: 0,
            line_start: 0,
        };
        for (i, block) in bytes.chunks(CHECKPOINT).enumerate() {
            checkpoints.push(at);
            let (chars, breaks) = count_block(block);
            at.chars += chars;
            at.breaks += breaks;
            if breaks > 0 {
                let last = memchr::memrchr(b'\n', block).unwrap_or(0);
                at.line_start = i * CHECKPOINT + last + 1;
            }
        }
        checkpoints.push(at);
        DocText {
            chars: at.chars,
            text,
            checkpoints,
        }
    }

    pub fn as_str(&self) -> &str {
        self.text.borrow_dependent()
    }

    /// Length in code points.
    pub(crate) fn char_len(&self) -> usize {
        self.chars
    }

    /// Code-point offset of a byte offset that lies on a char boundary.
    pub(crate) fn char_of_byte(&self, byte: usize) -> usize {
        let block = byte / CHECKPOINT;
        let from = block * CHECKPOINT;
        self.checkpoints[block].chars + count_chars(&self.as_str().as_bytes()[from..byte])
    }

    /// Byte offset of a code-point offset; `None` past the end.
    pub(crate) fn byte_of_char(&self, ch: usize) -> Option<usize> {
        if ch > self.chars {
            return None;
        }
        if ch == self.chars {
            return Some(self.as_str().len());
        }
        // Last checkpoint at or before `ch`, then whole words while they fit.
        let block = self.checkpoints.partition_point(|c| c.chars <= ch) - 1;
        let mut seen = self.checkpoints[block].chars;
        let bytes = self.as_str().as_bytes();
        let mut i = block * CHECKPOINT;
        while i + 8 <= bytes.len() {
            let n = count_chars(&bytes[i..i + 8]);
            if seen + n > ch {
                break;
            }
            seen += n;
            i += 8;
        }
        // A checkpoint can fall inside a multi-byte char: skip continuation bytes.
        while i < bytes.len() && bytes[i].cast_signed() < -0x40 {
            i += 1;
        }
        while i < bytes.len() {
            if bytes[i].cast_signed() >= -0x40 {
                if seen == ch {
                    return Some(i);
                }
                seen += 1;
            }
            i += 1;
        }
        Some(bytes.len())
    }

    /// Byte range of a code-point range.
    pub(crate) fn byte_range(&self, chars: Range<usize>) -> Option<Range<usize>> {
        let start = self.byte_of_char(chars.start)?;
        let len: usize = self.as_str()[start..]
            .chars()
            .take(chars.end - chars.start)
            .map(char::len_utf8)
            .sum();
        Some(start..start + len)
    }

    /// Text of a code-point range (clamped to the document).
    pub(crate) fn slice_chars(&self, chars: Range<usize>) -> &str {
        let end = chars.end.min(self.chars);
        let start = chars.start.min(end);
        match self.byte_range(start..end) {
            Some(r) => &self.as_str()[r],
            None => "",
        }
    }

    /// 1-based line and column (in code points) of a byte offset.
    pub(crate) fn line_col_of_byte(&self, byte: usize) -> (usize, usize) {
        let byte = byte.min(self.as_str().len());
        let block = byte / CHECKPOINT;
        let from = block * CHECKPOINT;
        let before = &self.as_str().as_bytes()[from..byte];
        let at = self.checkpoints[block];
        let line = at.breaks + memchr::memchr_iter(b'\n', before).count() + 1;
        let col = match memchr::memrchr(b'\n', before) {
            Some(nl) => count_chars(&before[nl + 1..]),
            None => self.char_of_byte(byte) - self.char_of_byte(at.line_start),
        };
        (line, col + 1)
    }

    /// 1-based line and column of a code-point offset.
    pub(crate) fn line_col(&self, ch: usize) -> (usize, usize) {
        let byte = self.byte_of_char(ch).unwrap_or(self.as_str().len());
        self.line_col_of_byte(byte)
    }

    /// Line breaks in the whole text.
    fn breaks(&self) -> usize {
        self.checkpoints.last().map_or(0, |c| c.breaks)
    }

    /// Byte offset at which a 1-based line starts (the text's end for a
    /// line past the last).
    pub(crate) fn line_start_byte(&self, line: usize) -> usize {
        // Line `line` starts after the `line - 1`-th line break.
        let k = line.saturating_sub(1);
        if k == 0 {
            return 0;
        }
        if k > self.breaks() {
            return self.as_str().len();
        }
        let block = self.checkpoints.partition_point(|c| c.breaks < k) - 1;
        let from = block * CHECKPOINT;
        let nth = k - self.checkpoints[block].breaks;
        memchr::memchr_iter(b'\n', &self.as_str().as_bytes()[from..])
            .nth(nth - 1)
            .map_or(self.as_str().len(), |i| from + i + 1)
    }

    /// The text of a 1-based line, without its line break.
    pub(crate) fn line_text(&self, line: usize) -> &str {
        let start = self.line_start_byte(line);
        let end = if line <= self.breaks() {
            self.line_start_byte(line + 1) - 1
        } else {
            self.as_str().len()
        };
        let s = &self.as_str()[start..end.max(start)];
        s.strip_suffix('\r').unwrap_or(s)
    }

    /// Number of lines (a final line break does not start a new line).
    pub(crate) fn line_count(&self) -> usize {
        let n = self.breaks() + 1;
        if n > 1 && self.as_str().ends_with('\n') {
            n - 1
        } else {
            n
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_are_code_points_not_bytes() {
        let d = DocText::new("Аs “it” — x".to_string());
        assert_eq!(d.char_len(), 11);
        assert_eq!(d.byte_of_char(1), Some(2)); // after Cyrillic А (2 bytes)
        assert_eq!(d.char_of_byte(2), 1);
        assert_eq!(d.slice_chars(3..7), "“it”");
    }

    #[test]
    fn one_line_index_gives_code_point_columns_for_any_text() {
        let src = "a = \"ж\"\nбb = 1\r\nc";
        assert_eq!(line_col(src, 0), (1, 1));
        assert_eq!(line_col(src, src.find("\"\n").unwrap()), (1, 7));
        assert_eq!(line_col(src, src.find('b').unwrap()), (2, 2));
        assert_eq!(line_col(src, src.len()), (3, 2));
        assert_eq!(line_col(src, 10_000), (3, 2), "clamped to the end");
    }

    #[test]
    fn bom_is_not_counted_and_crlf_counts() {
        let d = DocText::decode(b"\xEF\xBB\xBFab\r\ncd".to_vec()).unwrap();
        assert_eq!(d.as_str(), "ab\r\ncd");
        assert_eq!(d.char_len(), 6);
        assert_eq!(d.line_col(4), (2, 1));
        assert_eq!(d.line_col(2), (1, 3)); // the \r is column 3 of line 1
        assert_eq!(d.line_text(1), "ab");
    }

    #[test]
    fn invalid_utf8_names_the_byte_offset_counting_the_bom() {
        let err = DocText::decode(b"\xEF\xBB\xBFok\nbad \xFF here".to_vec()).unwrap_err();
        assert_eq!(err, DecodeError { byte: 10, line: 2 });
    }

    #[test]
    fn decoding_accepts_and_rejects_exactly_what_std_does_wherever_the_bad_bytes_fall() {
        // Overlong forms, surrogates, code points past U+10FFFF, stray and
        // missing continuation bytes, a sequence cut off at the end.
        let bad: [&[u8]; 9] = [
            b"\xC0\xAF",
            b"\xE0\x80\xAF",
            b"\xED\xA0\x80",
            b"\xF4\x90\x80\x80",
            b"\x80",
            b"\xE2\x80",
            b"\xF0\x9F\x98",
            b"\xFF",
            b"\xE2\x80\x9Cx\x9D",
        ];
        let good = "Аs “it” — x\u{a0}😀\n".as_bytes();
        // Every position around the 16-, 32- and 64-byte lanes a SIMD
        // validator works in, with valid multi-byte text before and after.
        for pad in 0..70 {
            let mut prefix = good.repeat(pad / good.len() + 1);
            prefix.truncate(pad);
            let prefix = match std::str::from_utf8(&prefix) {
                Ok(_) => prefix,
                Err(e) => prefix[..e.valid_up_to()].to_vec(),
            };
            for b in bad {
                for tail in [&b""[..], good] {
                    let bytes = [&prefix[..], b, tail].concat();
                    let want = std::str::from_utf8(&bytes).unwrap_err().valid_up_to();
                    let err = DocText::decode(bytes.clone()).unwrap_err();
                    assert_eq!(err.byte, want, "{bytes:?}");
                    assert_eq!(
                        err.line,
                        1 + memchr::memchr_iter(b'\n', &bytes[..want]).count()
                    );
                }
            }
            let text = [&prefix[..], good].concat();
            let d = DocText::decode(text.clone()).unwrap();
            assert_eq!(d.as_str().as_bytes(), &text[..]);
            assert_eq!(d.clone().as_str(), d.as_str());
        }
    }

    #[test]
    fn char_and_byte_offsets_agree_with_a_naive_count_on_mixed_text() {
        let text: String = (0..3000)
            .map(|i| ['a', 'ж', '“', ' ', '\n', '😀', 'é'][(i * 7 + i / 3) % 7])
            .collect();
        let d = DocText::new(text.clone());
        for (ch, (byte, _)) in text.char_indices().enumerate() {
            assert_eq!(d.byte_of_char(ch), Some(byte), "char {ch}");
            assert_eq!(d.char_of_byte(byte), ch);
        }
        assert_eq!(d.char_len(), text.chars().count());
        assert_eq!(count_chars(text.as_bytes()), text.chars().count());
    }

    #[test]
    fn checkpoints_survive_multibyte_chars_across_blocks() {
        let text: String = "ж".repeat(5000) + "end";
        let d = DocText::new(text);
        assert_eq!(d.char_len(), 5003);
        for ch in [0, 2047, 2048, 2049, 4999, 5000, 5003] {
            let b = d.byte_of_char(ch).unwrap();
            assert_eq!(d.char_of_byte(b), ch);
        }
        assert_eq!(d.slice_chars(5000..5003), "end");
    }

    /// Line, column, line text and line count by the naive definition.
    fn naive(text: &str) -> (Vec<(usize, usize)>, Vec<&str>) {
        let mut at = Vec::new();
        let (mut line, mut col) = (1, 1);
        for c in text.chars() {
            at.push((line, col));
            if c == '\n' {
                line += 1;
                col = 1;
            } else {
                col += 1;
            }
        }
        at.push((line, col));
        let lines = text
            .split_terminator('\n')
            .map(|l| l.strip_suffix('\r').unwrap_or(l))
            .collect();
        (at, lines)
    }

    #[test]
    fn lines_and_columns_from_block_checkpoints_agree_with_a_naive_count() {
        let long_line = "ж“x” ".repeat(700); // one line over several blocks
        let mixed: String = (0..5000)
            .map(|i| ['a', 'ж', '“', ' ', '\n', '😀', '\r', 'é'][(i * 7 + i / 3) % 8])
            .collect();
        let texts = [
            String::new(),
            "\n".into(),
            "no final newline".into(),
            "a\r\nb\r\n".into(),
            format!("{long_line}\nshort\n{long_line}"),
            format!("\n\n{long_line}\n"),
            mixed,
        ];
        for text in texts {
            let d = DocText::new(text.clone());
            let (at, lines) = naive(&text);
            for (ch, want) in at.iter().enumerate() {
                assert_eq!(d.line_col(ch), *want, "char {ch} of {text:?}");
            }
            let count = lines.len().max(1);
            assert_eq!(d.line_count(), count, "{text:?}");
            for (i, l) in lines.iter().enumerate() {
                assert_eq!(d.line_text(i + 1), *l, "line {} of {text:?}", i + 1);
                let start = d.line_start_byte(i + 1);
                assert!(text[start..].starts_with(l), "line {} of {text:?}", i + 1);
            }
        }
    }
}
