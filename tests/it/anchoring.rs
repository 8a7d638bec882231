//! Anchoring verdicts on the real seed articles (edited copies made here), the
//! peer annotation tool's own quote-matching cases, and property tests.

use claimtrack::anchor::{Doc, Pin, Selector, Span, Verdict};
use claimtrack::text::DocText;

const BELL: &str = include_str!("../../corpus/the-bell/mikhailov-crowdstrike.txt");
const SLATE: &str = include_str!("../../corpus/slate/cybercrime-treason-trial.txt");
const SPIES: &str = include_str!("../../corpus/spies-work-with-russia.txt");

fn anchor(text: &str, sel: Selector) -> Verdict {
    let t = DocText::new(text.to_string());
    Doc::new(&t).anchor(&sel)
}

fn char_offset(text: &str, needle: &str) -> usize {
    let b = text.find(needle).expect("needle in text");
    text[..b].chars().count()
}

/// start, prefix and suffix as `check --fix` would pin them.
fn pinned(text: &str, quote: &str) -> (usize, String, String) {
    let start = char_offset(text, quote);
    let end = start + quote.chars().count();
    let pin = Pin::at(&DocText::new(text.to_string()), Span { start, end });
    (pin.start, pin.prefix, pin.suffix)
}

/// A selector with the quote alone: no position, no context.
fn unpinned(quote: &str) -> Selector<'_> {
    Selector {
        quote,
        ..Selector::default()
    }
}

fn sel<'a>(quote: &'a str, p: &'a (usize, String, String)) -> Selector<'a> {
    Selector {
        quote,
        start: Some(p.0),
        prefix: Some(&p.1),
        suffix: Some(&p.2),
    }
}

#[test]
fn seeds_keep_their_traps() {
    assert!(!BELL.ends_with('\n'), "the Bell text has no final newline");
    assert_eq!(BELL.matches('\u{0410}').count(), 2, "two Cyrillic А");
    assert_eq!(SPIES.matches('\u{00A0}').count(), 1, "one no-break space");
    assert!(
        SPIES.starts_with("Can America's Spies"),
        "straight apostrophe in the title"
    );
    assert!(
        SPIES.contains("Trump\u{2019}s"),
        "curly apostrophes in the body"
    );
    assert!(SLATE.contains('\u{2014}') && SLATE.contains('\u{201C}'));
}

#[test]
fn intact_at_recorded_start_counts_code_points_not_bytes() {
    let q = "А tail was put on Mikhailov";
    let p = pinned(BELL, q);
    // Many multi-byte characters come before it: bytes and code points differ.
    assert_ne!(BELL.find(q).unwrap(), p.0);
    let end = p.0 + q.chars().count();
    assert_eq!(
        anchor(BELL, sel(q, &p)),
        Verdict::Intact(Span { start: p.0, end })
    );
}

#[test]
fn intact_without_start_when_the_quote_occurs_once() {
    let q = "they weren’t connected to Russian meddling in Ukraine.";
    let start = char_offset(BELL, q);
    let v = anchor(BELL, unpinned(q));
    // The quote ends exactly at the end of a file that has no final newline.
    assert_eq!(
        v,
        Verdict::Intact(Span {
            start,
            end: BELL.chars().count()
        })
    );
}

#[test]
fn moved_when_text_is_inserted_before_the_quote() {
    let q = "The Bell could not confirm this claim.";
    let p = pinned(BELL, q);
    let edited = format!("Editor’s note: this article was updated.\n\n{BELL}");
    let new = char_offset(&edited, q);
    assert_eq!(
        anchor(&edited, sel(q, &p)),
        Verdict::Moved(Span {
            start: new,
            end: new + 38
        })
    );
}

#[test]
fn moved_picks_the_occurrence_whose_context_matches_over_the_nearer_one() {
    // A copy of the sentence lands near the old position in a new context; the
    // original moves further away with its context intact.
    let q = "Mikhailov was involved in many cyber investigations.";
    let p = pinned(SPIES, q);
    let at = SPIES.find("The most famous among").unwrap();
    let mut edited = SPIES.to_string();
    edited.insert_str(at, "Editors add: Mikhailov was involved in many cyber investigations. More text here.\n\nAnd a long inserted paragraph that pushes everything further down the page.\n\n");
    let want = edited
        .find("FSB’s main unit involved in hunting down hackers. Mikhailov")
        .unwrap()
        + "FSB’s main unit involved in hunting down hackers. ".len();
    let want = edited[..want].chars().count();
    match anchor(&edited, sel(q, &p)) {
        Verdict::Moved(span) => assert_eq!(span.start, want),
        v => panic!("expected moved, got {v:?}"),
    }
}

#[test]
fn ambiguous_when_neither_context_nor_start_separates_and_it_says_how_to_single_out() {
    let q = "Mikhailov and Stoyanov";
    match anchor(SLATE, unpinned(q)) {
        Verdict::Ambiguous(c) => {
            assert!(c.len() >= 4);
            assert!(c.iter().all(|c| c.single_out.is_some()));
        }
        v => panic!("expected ambiguous, got {v:?}"),
    }
}

#[test]
fn duplicated_paragraph_with_same_context_falls_back_to_distance_to_start() {
    let para = "Two of Mikhailov’s acquaintances say he shared information";
    let p = pinned(BELL, para);
    let line_start = BELL.find(para).unwrap();
    let line_end = line_start + BELL[line_start..].find('\n').unwrap();
    let mut edited = BELL.to_string();
    edited.push_str("\n\n");
    edited.push_str(&BELL[line_start..line_end]);
    let end = p.0 + para.chars().count();
    assert_eq!(
        anchor(&edited, sel(para, &p)),
        Verdict::Intact(Span { start: p.0, end })
    );
}

#[test]
fn normalized_reports_the_cyrillic_a_by_name_and_position() {
    // The fact-checker typed a Latin A; the document has U+0410.
    let q = "As part of his job, Mikhailov had direct contact";
    match anchor(BELL, unpinned(q)) {
        Verdict::Normalized { span, differences } => {
            assert_eq!(span.start, char_offset(BELL, "Аs part of his job"));
            assert_eq!(differences.len(), 1);
            assert_eq!(differences[0].doc, "\u{0410}");
            assert_eq!(differences[0].quote, "A");
            assert_eq!(differences[0].at, span.start);
        }
        v => panic!("expected normalized, got {v:?}"),
    }
}

#[test]
fn normalized_folds_the_no_break_space_and_curly_apostrophes() {
    let q = "Moscow, Russia. (Spencer Platt / Getty)";
    match anchor(SPIES, unpinned(q)) {
        Verdict::Normalized { differences, .. } => {
            assert_eq!(differences.len(), 1);
            assert_eq!(differences[0].doc, "\u{00A0}");
        }
        v => panic!("expected normalized, got {v:?}"),
    }
    let q = "Trump's hoped-for cooperation is doomed if not.";
    match anchor(SPIES, unpinned(q)) {
        Verdict::Normalized { differences, .. } => assert_eq!(differences[0].doc, "\u{2019}"),
        v => panic!("expected normalized, got {v:?}"),
    }
}

#[test]
fn normalized_matches_reflowed_lines_and_dashes() {
    let q = "timing is certainly suspicious—the two men were arrested just one month";
    let p = pinned(SLATE, q);
    let edited = SLATE.replace(
        "certainly suspicious—the two",
        "certainly\r\nsuspicious\u{2013}the two",
    );
    match anchor(&edited, sel(q, &p)) {
        Verdict::Normalized { differences, .. } => assert!(!differences.is_empty()),
        v => panic!("expected normalized, got {v:?}"),
    }
}

#[test]
fn altered_reports_span_and_is_never_reanchored_silently() {
    let q = "was sentenced to 22 years in prison";
    let p = pinned(SLATE, q);
    let edited = SLATE.replace("sentenced to 22 years", "sentenced to 12 years");
    match anchor(&edited, sel(q, &p)) {
        Verdict::Altered { span, edits, .. } => {
            assert_eq!(span.start, p.0);
            assert_eq!(span.end, p.0 + q.chars().count());
            assert_eq!(edits, 1);
        }
        v => panic!("expected altered, got {v:?}"),
    }
}

#[test]
fn missing_when_a_short_sentence_is_deleted_and_not_reanchored_elsewhere() {
    let q = "The Bell could not confirm this claim.";
    let p = pinned(BELL, q);
    let edited = BELL.replace(" The Bell could not confirm this claim.", "");
    assert!(matches!(anchor(&edited, sel(q, &p)), Verdict::Missing(_)));
}

#[test]
fn an_exact_copy_elsewhere_does_not_win_over_the_original_edited_in_place() {
    let q = "Mikhailov and his group were detained";
    let p = pinned(BELL, q);
    // Edited in place, and an exact copy added in an unrelated paragraph.
    let edited = BELL
        .replace("Mikhailov and his group were detained", "Mikhailov and his team were detained")
        .replacen(
            "Many Russian hackers",
            "Readers asked when Mikhailov and his group were detained exactly. Many Russian hackers",
            1,
        );
    let original = char_offset(&edited, "Mikhailov and his team were detained");
    match anchor(&edited, sel(q, &p)) {
        Verdict::Altered { span, .. } => assert_eq!(span.start, original),
        v => panic!("expected altered at the original place, got {v:?}"),
    }
}

#[test]
fn empty_quote_and_empty_text_are_missing() {
    assert_eq!(anchor(BELL, Selector::default()), Verdict::Missing(None));
    assert_eq!(
        anchor(
            "",
            Selector {
                quote: "x",
                ..Selector::default()
            }
        ),
        Verdict::Missing(None)
    );
}

// ---------------------------------------------------------------------------
// The peer's quote-matching cases, read at test time.

#[test]
fn peer_vectors_give_the_expected_spans() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/peer-vectors/hypothesis-match-quote.json"
    );
    let data: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let cases = data["cases"].as_array().unwrap();
    assert!(cases.len() >= 10);
    for case in cases {
        let name = case["name"].as_str().unwrap();
        let text = case["text"].as_str().unwrap();
        let s = Selector {
            quote: case["quote"].as_str().unwrap(),
            start: case["hint_start"]
                .as_u64()
                .and_then(|n| usize::try_from(n).ok()),
            prefix: case["prefix"].as_str(),
            suffix: case["suffix"].as_str(),
        };
        let got = anchor(text, s);
        let expected = case["expected"].as_object().map(|e| Span {
            start: usize::try_from(e["start"].as_u64().unwrap()).unwrap(),
            end: usize::try_from(e["end"].as_u64().unwrap()).unwrap(),
        });
        let first_tie = case["disambiguation"].as_str() == Some("first");
        let tie_ok = case["tie_ok"].as_bool() == Some(true);
        let verdict = case["verdict"].as_str().unwrap();
        // The peer treats context as a fuzzy hint ("we had nout" for "we had
        // nothing"); claimtrack finds the same span, and says the recorded
        // context is not the text that surrounds it.
        let fuzzy_context = |span: Span| {
            let before: String = text.chars().take(span.start).collect();
            let after: String = text.chars().skip(span.end).collect();
            let norm = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
            !(case["prefix"]
                .as_str()
                .is_none_or(|p| norm(&before).ends_with(&norm(p)))
                && case["suffix"]
                    .as_str()
                    .is_none_or(|x| norm(&after).starts_with(&norm(x))))
        };
        let span = match (&got, verdict) {
            (Verdict::Missing(_), "missing") => None,
            (Verdict::Intact(s), "intact") | (Verdict::Moved(s), "moved") => Some(*s),
            (Verdict::ContextChanged { span, .. }, "intact") if fuzzy_context(*span) => Some(*span),
            (Verdict::Normalized { span, .. }, "normalized") => Some(*span),
            (Verdict::Altered { span, .. }, "altered") => Some(*span),
            (Verdict::Ambiguous(_), _) if first_tie => continue,
            _ => panic!("{name}: expected {verdict} {expected:?}, got {got:?}"),
        };
        if tie_ok {
            let (s, e) = (span.unwrap(), expected.unwrap());
            assert!(
                s.start.abs_diff(e.start) <= 3 && s.end.abs_diff(e.end) <= 3,
                "{name}: {s:?} vs {e:?}"
            );
        } else {
            assert_eq!(span, expected, "{name}");
        }
    }
}

// ---------------------------------------------------------------------------
// Properties, with a small deterministic generator.

// The crate's own deterministic generator (SplitMix64).
use synth::Rng;

/// A random quote span of 20..80 chars that occurs once in the text.
fn random_quote(rng: &mut Rng, chars: &[char]) -> (usize, usize) {
    loop {
        let len = 20 + rng.below(60);
        let start = rng.below(chars.len() - len);
        let q: String = chars[start..start + len].iter().collect();
        let text: String = chars.iter().collect();
        if text.matches(&q).count() == 1 && !q.trim().is_empty() {
            return (start, start + len);
        }
    }
}

const WORDS: &[&str] = &[
    "the",
    "FSB",
    "said",
    " ",
    "\n\n",
    "Mikhailov",
    "—",
    "a new sentence. ",
    "’",
    "x",
];

#[test]
fn property_edits_outside_the_quote_give_intact_or_moved_at_the_right_place_or_context_changed_when_they_touch_its_context()
 {
    let mut rng = Rng::new(0x2545_F491_4F6C_DD1D);
    for round in 0..300 {
        let src = [BELL, SLATE, SPIES][round % 3];
        let chars: Vec<char> = src.chars().collect();
        let (s, e) = random_quote(&mut rng, &chars);
        let quote: String = chars[s..e].iter().collect();
        let prefix: String = chars[s.saturating_sub(32)..s].iter().collect();
        let suffix: String = chars[e..(e + 32).min(chars.len())].iter().collect();
        let mut before: Vec<char> = chars[..s].to_vec();
        let mut after: Vec<char> = chars[e..].to_vec();
        // Whether an edit landed within the recorded prefix or suffix.
        let mut touched = false;
        for _ in 0..=rng.below(6) {
            let is_before = rng.below(2) == 0;
            let side = if is_before { &mut before } else { &mut after };
            let at = rng.below(side.len() + 1);
            let len = side.len();
            let insert = rng.below(2) == 0 || side.is_empty();
            let n = if insert {
                0
            } else {
                (1 + rng.below(40)).min(len - at.min(len))
            };
            // The edit [at, at + n) reaches the 32 code points next to the quote.
            touched |= if is_before {
                at + n + 32 >= len
            } else {
                at <= 32
            };
            if insert {
                let w = WORDS[rng.below(WORDS.len())];
                for (i, c) in w.chars().enumerate() {
                    side.insert(at + i, c);
                }
            } else {
                side.drain(at.min(len)..at.min(len) + n);
            }
        }
        let new_start = before.len();
        let edited: String = before
            .iter()
            .chain(quote.chars().collect::<Vec<_>>().iter())
            .chain(after.iter())
            .collect();
        if edited.matches(&quote).count() != 1 {
            continue; // an insertion recreated the quote: not this property
        }
        let got = anchor(
            &edited,
            Selector {
                quote: &quote,
                start: Some(s),
                prefix: Some(&prefix),
                suffix: Some(&suffix),
            },
        );
        let want = Span {
            start: new_start,
            end: new_start + quote.chars().count(),
        };
        match got {
            Verdict::Intact(span) | Verdict::Moved(span) => assert_eq!(span, want, "round {round}"),
            Verdict::ContextChanged { span, .. } if touched => {
                assert_eq!(span, want, "round {round}");
            }
            v => panic!(
                "round {round}: quote {quote:?}: expected intact or moved{}, got {v:?}",
                if touched { " or context-changed" } else { "" }
            ),
        }
    }
}

#[test]
fn property_a_letter_changed_inside_the_quote_is_never_intact_moved_or_normalized() {
    let mut rng = Rng::new(0x9E37_79B9_7F4A_7C15);
    for round in 0..300 {
        let src = [BELL, SLATE, SPIES][round % 3];
        let chars: Vec<char> = src.chars().collect();
        let (s, e) = random_quote(&mut rng, &chars);
        let letters: Vec<usize> = (s..e).filter(|&i| chars[i].is_ascii_alphabetic()).collect();
        if letters.is_empty() {
            continue;
        }
        let quote: String = chars[s..e].iter().collect();
        let prefix: String = chars[s.saturating_sub(32)..s].iter().collect();
        let suffix: String = chars[e..(e + 32).min(chars.len())].iter().collect();
        let at = letters[rng.below(letters.len())];
        let mut edited = chars.clone();
        let mut c = char::from(b'a' + u8::try_from(rng.below(26)).unwrap());
        if c == edited[at] {
            c = if c == 'z' {
                'a'
            } else {
                ((c as u8) + 1) as char
            };
        }
        edited[at] = c;
        let edited: String = edited.into_iter().collect();
        let got = anchor(
            &edited,
            Selector {
                quote: &quote,
                start: Some(s),
                prefix: Some(&prefix),
                suffix: Some(&suffix),
            },
        );
        assert!(
            matches!(
                got,
                Verdict::Altered { .. } | Verdict::Missing(_) | Verdict::Ambiguous(_)
            ),
            "round {round}: {quote:?} with {c:?} at {at}: got {got:?}"
        );
        if let Verdict::Altered { span, edits, .. } = got {
            assert_eq!(edits, 1, "round {round}: {quote:?} {span:?} s={s} at={at}");
            assert!(
                span.start <= at && at < span.end,
                "round {round}: span {span:?} misses {at}"
            );
        }
    }
}

// ---------------------------------------------------------------------------
// Attribution: the words around a quote are guarded too.

const PASSED: &str = "Mikhailov passed on the information to Crowdstrike through an intermediary.";

fn is_context_changed(v: &Verdict) -> bool {
    matches!(v, Verdict::ContextChanged { .. })
}

#[test]
fn a_changed_attribution_around_an_intact_quote_is_context_changed() {
    let p = pinned(BELL, PASSED);
    let edited = BELL.replace(
        "a source close to one of the defendants,",
        "a source close to the prosecutor,",
    );
    let v = anchor(&edited, sel(PASSED, &p));
    let Verdict::ContextChanged { change, .. } = &v else {
        panic!("{v:?}")
    };
    assert!(change.prefix.as_ref().unwrap().now.contains("prosecutor"));
    assert_eq!(change.suffix, None, "the suffix still stands");
}

#[test]
fn deleting_the_attribution_makes_the_quote_context_changed_not_moved() {
    let p = pinned(BELL, PASSED);
    let edited = BELL.replace(
        "But according to a source close to one of the defendants, ",
        "",
    );
    let v = anchor(&edited, sel(PASSED, &p));
    assert!(is_context_changed(&v), "{v:?}");
    assert_eq!(v.span().unwrap().start, char_offset(&edited, PASSED));
}

#[test]
fn a_summary_that_repeats_a_deleted_attributed_sentence_is_not_where_the_claim_moves() {
    let p = pinned(BELL, PASSED);
    let sentence = format!("But according to a source close to one of the defendants, {PASSED} ");
    let edited = BELL.replace(&sentence, "") + &format!("\n\nIn short: {PASSED}");
    let v = anchor(&edited, sel(PASSED, &p));
    assert!(is_context_changed(&v), "{v:?}");
}

#[test]
fn a_rewrapped_or_retyped_context_is_no_change() {
    let p = pinned(BELL, PASSED);
    let edited = BELL
        .replace("a source close to one", "a source\nclose to one")
        .replace("The Bell could not", "The Bell could\u{a0}not");
    assert!(matches!(
        anchor(&edited, sel(PASSED, &p)),
        Verdict::Intact(_)
    ));
}

#[test]
fn a_deleted_passage_is_missing_with_the_closest_text_elsewhere_as_a_hint_never_altered() {
    let q = "they were involved in helping the United States investigate Russian interference in the 2016 U.S. elections";
    let p = pinned(SLATE, q);
    let edited = SLATE.replace(", leading to considerable speculation about whether they were involved in helping the United States investigate Russian interference in the 2016 U.S. elections", "");
    let v = anchor(&edited, sel(q, &p));
    assert!(matches!(v, Verdict::Missing(_)), "{v:?}");
}

#[test]
fn an_inserted_word_gives_the_whole_edited_quote_not_a_shorter_piece() {
    let q = "The Russia-U.S. relationship on cybercrime fighting was already strained.";
    let p = pinned(SLATE, q);
    let edited = SLATE.replace("was already strained", "was already badly strained");
    let v = anchor(&edited, sel(q, &p));
    let Verdict::Altered { span, edits, .. } = v else {
        panic!("{v:?}")
    };
    let chars: Vec<char> = edited.chars().collect();
    let found: String = chars[span.start..span.end].iter().collect();
    assert_eq!(
        found,
        "The Russia-U.S. relationship on cybercrime fighting was already badly strained."
    );
    assert_eq!(edits, 6);
}

#[test]
fn altered_spans_start_and_end_on_word_boundaries() {
    let mut rng = Rng::new(0xB0DA_11E5);
    let mut altered = 0;
    for round in 0..200 {
        let src = [BELL, SLATE, SPIES][round % 3];
        let chars: Vec<char> = src.chars().collect();
        let (mut s, mut e) = random_quote(&mut rng, &chars);
        let word = |c: char| c.is_alphanumeric();
        // Out to whole words: a quote that starts and ends on word boundaries.
        while s > 0 && word(chars[s - 1]) && word(chars[s]) {
            s -= 1;
        }
        while e < chars.len() && word(chars[e - 1]) && word(chars[e]) {
            e += 1;
        }
        let quote: String = chars[s..e].iter().collect();
        let p = pinned(src, &quote);
        let letters: Vec<usize> = (s..e).filter(|&i| chars[i].is_ascii_alphabetic()).collect();
        if letters.is_empty() {
            continue;
        }
        let mut edited = chars.clone();
        let at = letters[rng.below(letters.len())];
        edited[at] = if edited[at] == 'q' { 'z' } else { 'q' };
        let edited: Vec<char> = edited;
        let text: String = edited.iter().collect();
        if let Verdict::Altered { span, .. } = anchor(&text, sel(&quote, &p)) {
            altered += 1;
            let cut_start =
                span.start > 0 && word(edited[span.start - 1]) && word(edited[span.start]);
            let cut_end =
                span.end < edited.len() && word(edited[span.end - 1]) && word(edited[span.end]);
            assert!(
                !cut_start && !cut_end,
                "round {round}: {quote:?} -> {span:?}"
            );
        }
    }
    assert!(
        altered > 100,
        "only {altered} altered verdicts were exercised"
    );
}

#[test]
fn a_double_hyphen_for_an_em_dash_and_pdf_ligatures_are_typography() {
    let q = "the timing is certainly suspicious—the two men were arrested";
    let edited = SLATE.replace("suspicious—the", "suspicious -- the");
    let v = anchor(&edited, unpinned(q));
    assert!(matches!(v, Verdict::Normalized { .. }), "{v:?}");
    let q = "Mikhailov had direct contact with representatives of foreign intelligence";
    if BELL.contains(q) {
        let edited = BELL.replace("foreign intelligence", "foreign intelli\u{FB01}ence");
        let v = anchor(&edited, unpinned(q));
        assert!(matches!(v, Verdict::Normalized { .. }), "{v:?}");
    }
    let edited = BELL.replace("confirm", "con\u{FB01}rm");
    let v = anchor(&edited, unpinned("The Bell could not confirm this claim."));
    assert!(matches!(v, Verdict::Normalized { .. }), "{v:?}");
}

#[test]
fn an_elided_quote_is_anchored_part_by_part_in_order() {
    let q = "Mikhailov passed on the information to Crowdstrike ... The Bell could not confirm this claim.";
    let v = anchor(BELL, unpinned(q));
    let Verdict::Elided(e) = &v else {
        panic!("{v:?}")
    };
    let start = char_offset(BELL, "Mikhailov passed on the information");
    let end = char_offset(BELL, "The Bell could not confirm this claim.") + 38;
    assert_eq!(e.verdict, Verdict::Intact(Span { start, end }));
    assert_eq!(e.parts.len(), 2);
    // Out of order, the parts are not the quote.
    let q = "The Bell could not confirm this claim. [...] Mikhailov passed on the information";
    let v = anchor(BELL, unpinned(q));
    assert!(v.span().is_none(), "{v:?}");
    // A part edited: the passage is altered, and only that part is.
    let edited = BELL.replace("could not confirm", "could not verify");
    let q = "Mikhailov passed on the information to Crowdstrike … The Bell could not confirm this claim.";
    let Verdict::Elided(e) = anchor(&edited, unpinned(q)) else {
        panic!()
    };
    assert!(
        matches!(e.verdict, Verdict::Altered { .. }),
        "{:?}",
        e.verdict
    );
    assert!(matches!(e.parts[0].verdict, Verdict::Intact(_)));
    assert!(matches!(e.parts[1].verdict, Verdict::Altered { .. }));
}

#[test]
fn property_a_changed_word_in_the_recorded_context_is_always_context_changed() {
    let mut rng = Rng::new(0xC0_17E7);
    let mut tried = 0;
    for round in 0..400 {
        let Sample {
            chars,
            s,
            e,
            quote,
            p,
        } = sample(&mut rng, round);
        // Whole words inside the part of the context within the paragraph.
        let before = s.saturating_sub(32);
        let para_start = (before..s)
            .rev()
            .find(|&i| i > 0 && chars[i] == '\n' && chars[i - 1] == '\n')
            .map_or(before, |i| i + 1);
        let after = (e + 32).min(chars.len());
        let para_end = (e..after)
            .find(|&i| i + 1 < chars.len() && chars[i] == '\n' && chars[i + 1] == '\n')
            .unwrap_or(after);
        let mut words = Vec::new();
        for (lo, hi) in [(para_start, s), (e, para_end)] {
            let mut i = lo;
            while i < hi {
                if chars[i].is_alphabetic() && (i == 0 || !chars[i - 1].is_alphanumeric()) && i > lo
                {
                    let mut j = i;
                    while j < hi && chars[j].is_alphabetic() {
                        j += 1;
                    }
                    if j < hi && !chars[j].is_alphanumeric() {
                        words.push((i, j));
                    }
                    i = j;
                } else {
                    i += 1;
                }
            }
        }
        if words.is_empty() {
            continue;
        }
        let (a, b) = words[rng.below(words.len())];
        let old: String = chars[a..b].iter().collect();
        let new = if old == "prosecutor" {
            "lawyer"
        } else {
            "prosecutor"
        };
        let edited: String = chars[..a]
            .iter()
            .chain(new.chars().collect::<Vec<_>>().iter())
            .chain(chars[b..].iter())
            .collect();
        if edited.matches(&quote).count() != 1 {
            continue;
        }
        tried += 1;
        let v = anchor(&edited, sel(&quote, &p));
        assert!(
            is_context_changed(&v),
            "round {round}: {quote:?} with {old:?} -> {new:?}: {v:?}"
        );
    }
    assert!(tried > 200, "{tried}");
}

#[test]
fn property_rewrapping_and_quote_mark_swaps_in_the_context_never_change_it() {
    let mut rng = Rng::new(0x5EA_5EED);
    for round in 0..300 {
        let Sample {
            chars,
            s,
            e,
            quote,
            p,
        } = sample(&mut rng, round);
        let mut edited = chars.clone();
        let lo = s.saturating_sub(32);
        let hi = (e + 32).min(chars.len());
        for i in (lo..s).chain(e..hi) {
            let c = edited[i];
            let next_nl = edited.get(i + 1) == Some(&'\n') || (i > 0 && edited[i - 1] == '\n');
            edited[i] = match c {
                ' ' if !next_nl && rng.below(3) == 0 => '\n',
                '\u{2019}' => '\'',
                '\'' => '\u{2019}',
                '\u{201C}' | '\u{201D}' => '"',
                c => c,
            };
        }
        let text: String = edited.iter().collect();
        let v = anchor(&text, sel(&quote, &p));
        assert!(
            matches!(v, Verdict::Intact(_)),
            "round {round}: {quote:?}: {v:?}"
        );
    }
}

/// A random quote that occurs once in a seed article, pinned as `add` pins it.
struct Sample {
    chars: Vec<char>,
    s: usize,
    e: usize,
    quote: String,
    p: (usize, String, String),
}

fn sample(rng: &mut Rng, round: usize) -> Sample {
    let src = [BELL, SLATE, SPIES][round % 3];
    let chars: Vec<char> = src.chars().collect();
    let (s, e) = random_quote(rng, &chars);
    let quote: String = chars[s..e].iter().collect();
    let p = pinned(src, &quote);
    Sample {
        chars,
        s,
        e,
        quote,
        p,
    }
}

/// How much of a recorded side stands next to a span, 0..=1 (whitespace folded).
fn side_similarity(recorded: &str, now: &str) -> f64 {
    let fold = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    let (a, b): (Vec<char>, Vec<char>) = (
        fold(recorded).chars().collect(),
        fold(now).chars().collect(),
    );
    if a.is_empty() {
        return 1.0;
    }
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, &x) in a.iter().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, &y) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(x != y))
                .min(prev[j + 1] + 1)
                .min(cur[j] + 1);
        }
        prev = cur;
    }
    1.0 - prev[b.len()] as f64 / a.len() as f64
}

#[test]
fn property_deleting_a_passage_that_holds_the_quote_never_reanchors_it_onto_other_context() {
    let mut rng = Rng::new(0x00DE_1E7E);
    for round in 0..300 {
        let Sample {
            chars,
            s,
            e,
            quote,
            p,
        } = sample(&mut rng, round);
        let a = s.saturating_sub(rng.below(300));
        let b = (e + rng.below(300)).min(chars.len());
        let edited: Vec<char> = chars[..a]
            .iter()
            .chain(chars[b..].iter())
            .copied()
            .collect();
        let text: String = edited.iter().collect();
        let v = anchor(&text, sel(&quote, &p));
        if let Verdict::Altered { span, .. } | Verdict::Moved(span) = v {
            let before: String = edited[span.start.saturating_sub(p.1.chars().count())..span.start]
                .iter()
                .collect();
            let after: String = edited
                [span.end..(span.end + p.2.chars().count()).min(edited.len())]
                .iter()
                .collect();
            let (sp, ss) = (
                side_similarity(&p.1, &before),
                side_similarity(&p.2, &after),
            );
            assert!(
                sp.max(ss) >= 0.7,
                "round {round}: {quote:?} re-anchored at {span:?} where the context reads {before:?} / {after:?} ({sp:.2}, {ss:.2})"
            );
        }
    }
}

// ---------------------------------------------------------------------------
// An editor's brackets: `[text]` stands for up to five words, `[sic]` for none.

fn elided(v: Verdict) -> Box<claimtrack::anchor::Elided> {
    match v {
        Verdict::Elided(e) => e,
        v => panic!("{v:?}"),
    }
}

#[test]
fn a_bracket_substitutes_up_to_five_words_of_the_document() {
    let q = "a source close to [Mikhailov or Stoyanov], Mikhailov passed on the information";
    let e = elided(anchor(BELL, unpinned(q)));
    let start = char_offset(BELL, "a source close to one of the defendants");
    assert!(
        matches!(e.verdict, Verdict::Intact(s) if s.start == start),
        "{:?}",
        e.verdict
    );
    let between = e.marks[0].between.unwrap();
    let words: String = BELL
        .chars()
        .skip(between.start)
        .take(between.end - between.start)
        .collect();
    assert_eq!(words.trim(), "one of the defendants");
}

#[test]
fn a_bracket_may_insert_words_the_document_does_not_have() {
    let q = "Mikhailov passed on the information [about the hackers] to Crowdstrike";
    let e = elided(anchor(BELL, unpinned(q)));
    assert!(matches!(e.verdict, Verdict::Intact(_)), "{:?}", e.verdict);
    let b = e.marks[0].between.unwrap();
    assert_eq!(
        BELL.chars()
            .skip(b.start)
            .take(b.end - b.start)
            .collect::<String>()
            .trim(),
        ""
    );
}

#[test]
fn a_bracket_stands_for_five_words_at_most() {
    let q = "The Bell doesn’t know [whether he] could have helped Alperovich";
    let e = elided(anchor(BELL, unpinned(q)));
    assert!(matches!(e.verdict, Verdict::Intact(_)), "{:?}", e.verdict);
    // Six words stand between "know" and "reach": too many for a bracket.
    let q = "The Bell doesn’t know [it] reach that conclusion";
    assert!(anchor(BELL, unpinned(q)).span().is_none());
}

#[test]
fn sic_stands_for_nothing() {
    let q = "The Bell could not confirm [sic] this claim.";
    let e = elided(anchor(BELL, unpinned(q)));
    assert!(matches!(e.verdict, Verdict::Intact(_)), "{:?}", e.verdict);
    assert_eq!(e.marks[0].gap, claimtrack::anchor::Gap::Sic);
    // Not in place of words: `[sic]` does not skip any.
    let q = "The Bell could not [sic] this claim.";
    assert!(anchor(BELL, unpinned(q)).span().is_none());
}

#[test]
fn a_literal_bracket_in_the_document_matches_itself_first() {
    let doc = BELL.replace("to Crowdstrike through", "to Crowdstrike[1] through");
    let q = "passed on the information to Crowdstrike[1] through an intermediary";
    assert!(matches!(anchor(&doc, unpinned(q)), Verdict::Intact(_)));
    // And read as an editor's where the document has no bracket.
    let q = "passed on the information to Crowdstrike [1] through an intermediary";
    let e = elided(anchor(BELL, unpinned(q)));
    assert!(matches!(e.verdict, Verdict::Intact(_)), "{:?}", e.verdict);
}

// ---------------------------------------------------------------------------
// However often a quote occurs, every occurrence counts.

#[test]
fn a_quote_pinned_among_twenty_thousand_identical_lines_stays_at_its_own() {
    let text: String = (1..=20_000)
        .map(|i| format!("Item {i}: the same words\n"))
        .collect();
    let q = "the same words";
    let start = char_offset(&text, "Item 15000: ") + "Item 15000: ".len();
    let chars: Vec<char> = text.chars().collect();
    let prefix: String = chars[start - 32..start].iter().collect();
    let suffix: String = chars[start + q.len()..start + q.len() + 32]
        .iter()
        .collect();
    let want = Span {
        start,
        end: start + q.len(),
    };
    let pinned = Selector {
        quote: q,
        start: Some(start),
        prefix: Some(&prefix),
        suffix: Some(&suffix),
    };
    assert_eq!(anchor(&text, pinned), Verdict::Intact(want));
    // Moved by a line inserted at the top, it is found at its own item still.
    let moved = format!("A new first line.\n{text}");
    let v = anchor(&moved, pinned);
    assert_eq!(
        v,
        Verdict::Moved(Span {
            start: start + 18,
            end: want.end + 18
        })
    );
    // Unpinned, it is ambiguous among all of them, not among the first ten thousand.
    let Verdict::Ambiguous(c) = anchor(&text, unpinned(q)) else {
        panic!()
    };
    assert_eq!(c.len(), 20_000);
    assert!(c[..10].iter().all(|c| c.single_out.is_some()));
}

#[test]
fn an_unpinned_quote_with_one_word_replaced_is_altered_where_it_stands() {
    // One long word replaced by another in a Spanish and a German sentence,
    // and in the seed: more than a tenth of the characters change, yet every
    // other word stands where it was.
    for (text, quote, old, new) in [
        (
            "El Tribunal Supremo anuló ayer la sentencia por considerar que vulneraba derechos fundamentales del acusado, según fuentes judiciales.",
            "anuló ayer la sentencia por considerar que vulneraba derechos fundamentales del acusado",
            "fundamentales",
            "constitucionales",
        ),
        (
            "Die Regierung hat die umstrittene Verordnung am Montag endgültig zurückgezogen, teilte ein Sprecher mit.",
            "Die Regierung hat die umstrittene Verordnung am Montag endgültig zurückgezogen",
            "endgültig",
            "überraschend",
        ),
        (
            BELL,
            "Mikhailov and his group were detained",
            "detained",
            "questioned",
        ),
    ] {
        let edited = text.replacen(old, new, 1);
        let v = anchor(&edited, unpinned(quote));
        let Verdict::Altered { span, .. } = v else {
            panic!("{quote}: {v:?}")
        };
        let found: String = edited
            .chars()
            .skip(span.start)
            .take(span.end - span.start)
            .collect();
        assert_eq!(found, quote.replacen(old, new, 1));
    }
}

#[test]
fn an_unpinned_quote_is_not_moved_onto_other_words_by_the_one_word_rule() {
    // Deleted: the passage is gone, and the sentence that shares half its
    // words is not where it went.
    let q = "Mikhailov and his group were detained";
    let edited = BELL.replace("Mikhailov and his group were detained", "");
    assert!(
        edited.contains("Mikhailov and his group"),
        "the seed repeats the first half"
    );
    assert!(matches!(anchor(&edited, unpinned(q)), Verdict::Missing(_)));
    // Two places one word apart: neither is chosen.
    let doc = "Earlier the minister said the plan would go ahead. Later the minister said the plan would go nowhere.";
    let q = "the minister said the plan would go backwards";
    let v = anchor(doc, unpinned(q));
    assert!(v.span().is_none(), "{v:?}");
    // A short quote (four words) is never matched by one word of it.
    let q = "his group were questioned";
    assert!(anchor(BELL, unpinned(q)).span().is_none());
}
