//! The invariants fuzzing holds claimtrack to, on arbitrary input: claims
//! parsing never panics and places every problem inside the file; anchoring
//! gives spans inside the document, intact and moved spans that are the quote
//! itself, ambiguity among at least two places; normalization maps every
//! character back inside the original text. Run by the fuzz targets in
//! `fuzz/` and, on stable, by a property test.

use crate::anchor::{Doc, Selector, Verdict, normalize::Normalized};
use crate::text::DocText;

/// Claims parsing: no panic, problems on lines of the file, claims with quotes.
pub fn claims_parse(src: &str) {
    let file = crate::claim::parse_claims("claims/fuzz.toml", src);
    let lines = src.lines().count().max(1) + 1;
    for p in &file.problems {
        assert!(
            p.line >= 1 && p.line <= lines,
            "problem on line {} of {lines}",
            p.line
        );
        assert!(p.column >= 1);
    }
    for c in &file.claims {
        assert!(!c.anchors.is_empty(), "a claim without its quote");
    }
}

/// Anchoring `sel` in `text`: every span in bounds; intact and moved spans
/// hold exactly the quote; ambiguity has at least two candidates.
pub fn anchoring(text: &str, sel: &Selector) {
    let doc_text = DocText::new(text.to_string());
    let n = doc_text.char_len();
    let verdict = Doc::new(&doc_text).anchor(sel);
    check_verdict(&doc_text, n, sel.quote, &verdict);
}

fn check_verdict(text: &DocText, n: usize, quote: &str, v: &Verdict) {
    if let Some(s) = v.span() {
        assert!(s.start <= s.end && s.end <= n, "{s:?} out of 0..{n}");
    }
    match v {
        Verdict::Intact(s) | Verdict::Moved(s) => {
            assert_eq!(
                text.slice_chars(s.start..s.end),
                quote,
                "the span is not the quote"
            );
        }
        Verdict::Ambiguous(c) => {
            assert!(c.len() >= 2, "ambiguous among {}", c.len());
            for cand in c {
                assert_eq!(text.slice_chars(cand.span.start..cand.span.end), quote);
            }
        }
        Verdict::Elided(e) => {
            check_verdict(text, n, quote, &e.verdict);
            for p in &e.parts {
                if let Some(s) = p.verdict.span() {
                    assert!(s.end <= n);
                }
            }
        }
        // The span check above is all these promise.
        Verdict::ContextChanged { .. }
        | Verdict::Normalized { .. }
        | Verdict::Altered { .. }
        | Verdict::Missing(_) => {}
    }
    // Offsets round-trip between code points and bytes.
    if let Some(s) = v.span() {
        let b = text.byte_of_char(s.start).expect("start in bounds");
        assert_eq!(text.char_of_byte(b), s.start);
    }
}

/// Normalization: every character maps back inside the text, in order.
pub fn normalization(s: &str) {
    let n = Normalized::new(s, false);
    let len = u32::try_from(s.chars().count())
        .expect("documents are under 4 GiB (project::MAX_DOC_SIZE)");
    assert_eq!(n.units.len(), n.spans.len());
    assert_eq!(n.text().chars().count(), n.len());
    let mut last = 0;
    for (i, (a, b)) in n.spans.iter().enumerate() {
        assert!(a < b && b <= len, "({a}, {b}) out of 0..{len}");
        assert!(a >= last, "spans out of order");
        // The run map answers each index as its walk does, both ways.
        assert_eq!(n.spans.get(i), (a, b), "span {i}");
        assert!(n.index_of(a as usize) <= i, "index_of({a}) past {i}");
        last = a;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use synth::Rng;

    const SEEDS: [&str; 3] = [
        include_str!("../corpus/the-bell/mikhailov-crowdstrike.txt"),
        include_str!("../corpus/slate/cybercrime-treason-trial.txt"),
        include_str!("../corpus/spies-work-with-russia.txt"),
    ];
    const BITS: [&str; 14] = [
        " ", "\n\n", "«", "»", "—", "--", "...", "[sic]", "[x]", "\u{200F}", "ﬁ", "А", "\r\n",
        "\u{1b}",
    ];

    /// A mutated piece of a seed article: cut, with bits inserted and deleted.
    fn mutated(rng: &mut Rng) -> String {
        let src: Vec<char> = SEEDS[rng.below(3)].chars().collect();
        let a = rng.below(src.len());
        let b = (a + 1 + rng.below(600)).min(src.len());
        let mut t: Vec<char> = src[a..b].to_vec();
        for _ in 0..rng.below(6) {
            let at = rng.below(t.len() + 1);
            if rng.chance(0.5) {
                t.splice(at..at, BITS[rng.below(BITS.len())].chars());
            } else if at < t.len() {
                t.drain(at..(at + 1 + rng.below(20)).min(t.len()));
            }
        }
        t.into_iter().collect()
    }

    #[test]
    fn anchoring_and_normalization_hold_their_invariants_on_mutated_seed_text() {
        let mut rng = Rng::new(0x1A7A_5EED);
        for _ in 0..3000 {
            let text = mutated(&mut rng);
            let chars: Vec<char> = text.chars().collect();
            let quote: String = if chars.is_empty() || rng.chance(0.2) {
                mutated(&mut rng).chars().take(1 + rng.below(80)).collect()
            } else {
                let a = rng.below(chars.len());
                let b = (a + 1 + rng.below(80)).min(chars.len());
                chars[a..b].iter().collect()
            };
            let prefix = mutated(&mut rng)
                .chars()
                .take(rng.below(40))
                .collect::<String>();
            let suffix = mutated(&mut rng)
                .chars()
                .take(rng.below(40))
                .collect::<String>();
            let sel = Selector {
                quote: &quote,
                start: rng.chance(0.5).then(|| rng.below(chars.len() + 5)),
                prefix: rng.chance(0.5).then_some(prefix.as_str()),
                suffix: rng.chance(0.5).then_some(suffix.as_str()),
            };
            anchoring(&text, &sel);
            normalization(&text);
        }
    }

    #[test]
    fn claims_parsing_holds_its_invariants_on_mutated_claims_files() {
        let good = include_str!("../claims/the-bell/mikhailov-crowdstrike.toml");
        let mut rng = Rng::new(0xC1A1_5EED);
        let bits = [
            "[[claim]]",
            "\"",
            "=",
            "\n",
            "[",
            "]",
            "'''",
            "\\u",
            "quote",
            "\u{0}",
            "é",
        ];
        for _ in 0..2000 {
            let mut t: Vec<char> = good.chars().collect();
            for _ in 0..=rng.below(5) {
                let at = rng.below(t.len() + 1);
                if rng.chance(0.5) {
                    t.splice(at..at, bits[rng.below(bits.len())].chars());
                } else if at < t.len() {
                    t.drain(at..(at + 1 + rng.below(30)).min(t.len()));
                }
            }
            claims_parse(&t.into_iter().collect::<String>());
        }
    }
}
