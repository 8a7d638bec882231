//! Attribution cues, with no I/O: which words of a document attribute a passage to whom, and at what level.
//!
//! The rules are data (`rules/*.toml`, one file per language). A cue is found
//! in a sentence; its scope is read as a careful editor reads it: a reporting
//! tag covers its clause and sentence, not a background clause the reporter
//! adds; an anaphoric cue in the next sentence ("The Bell could not confirm
//! this claim") covers the sentence before; a colon lead-in covers what
//! follows; quoted speech is the speaker's. Precedence: could-not-confirm >
//! source-says > confirmed.

mod lang;
pub(crate) mod rules;
mod segment;

use std::ops::Range;

pub(crate) use lang::detect;
pub(crate) use rules::{Direction, Kind, Language, Reach, Rule};
pub(crate) use segment::{Paragraph, paragraphs};

use crate::claim::Level;

/// One cue found in a text: the rule, its words and its source's words
/// (byte ranges into the document).
#[derive(Debug, Clone)]
pub(crate) struct Cue {
    pub(crate) rule: &'static Rule,
    pub(crate) range: Range<usize>,
    pub(crate) source: Option<Range<usize>>,
}

/// Where a cue stands relative to the passage it governs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Scope {
    /// In the passage's own clause (or inside the quote itself).
    SameClause,
    /// In the same sentence, set off by punctuation.
    SameSentence,
    /// An earlier sentence ending with a colon.
    LeadIn,
    /// The next sentence, pointing back.
    NextSentence,
    /// The sentence before, whose quotation the passage continues.
    PreviousSentence,
    /// Elsewhere in the paragraph: the speaker of a quotation.
    Paragraph,
}

impl Scope {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Scope::SameClause => "same-clause",
            Scope::SameSentence => "same-sentence",
            Scope::LeadIn => "lead-in",
            Scope::NextSentence => "next-sentence",
            Scope::PreviousSentence => "previous-sentence",
            Scope::Paragraph => "paragraph",
        }
    }
}

/// A cue that governs a passage, and how.
#[derive(Debug, Clone)]
pub(crate) struct Applied {
    pub(crate) cue: Cue,
    pub(crate) scope: Scope,
}

/// What the text says of a passage's attribution.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Proposal {
    Level(Level),
    /// A headline, standfirst, caption, credit or page furniture.
    NotAClaim,
}

impl Proposal {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Proposal::Level(l) => l.as_str(),
            Proposal::NotAClaim => "not-a-claim",
        }
    }
}

/// The attribution of one passage: the level the cues imply, the cue that
/// decides it (none for a plain statement), and every other cue that applies.
#[derive(Debug, Clone)]
pub(crate) struct Assessment {
    pub(crate) proposal: Proposal,
    pub(crate) cue: Option<Applied>,
    pub(crate) others: Vec<Applied>,
    /// A denial or dispute by the party concerned applies.
    pub(crate) disputed: bool,
    pub(crate) language: &'static Language,
}

impl Assessment {
    /// Who the passage is attributed to, in the document's words.
    pub(crate) fn source<'t>(&self, text: &'t str) -> Option<&'t str> {
        let from = |a: &Applied| a.cue.source.clone().map(|r| &text[r]);
        self.cue
            .as_ref()
            .and_then(from)
            .or_else(|| self.others.iter().find_map(from))
    }

    /// One line on why: the rule, the cue words and the scope.
    pub(crate) fn explain(&self, text: &str) -> String {
        match (&self.cue, self.proposal) {
            (_, Proposal::NotAClaim) => {
                "a headline, caption, credit or page furniture, not a claim".into()
            }
            (None, _) => "no attribution cue governs it: the outlet states it".into(),
            (Some(a), _) => format!(
                "{} “{}” ({}, {})",
                a.cue.rule.id,
                &text[a.cue.range.clone()],
                a.cue.rule.kind.as_str(),
                a.scope.as_str()
            ),
        }
    }
}

/// A document read for cues: its language, and its paragraphs read on
/// demand around each passage (a large archive is never segmented whole).
pub(crate) struct Reading<'t> {
    pub(crate) text: &'t str,
    /// The language given, if any; otherwise detected on first use.
    given: Option<&'static Language>,
    detected: std::sync::OnceLock<&'static Language>,
    /// Where the body starts (before it: headline, standfirst, captions).
    body: std::sync::OnceLock<usize>,
}

/// A sentence at least this long (in words) is body text, not a headline,
/// standfirst or caption: news ledes run 20 to 35 words, standfirsts and
/// captions mostly fewer.
const BODY_SENTENCE_WORDS: usize = 20;

/// Paragraphs read from the start when looking for the body: a document
/// whose first paragraphs are all short is taken to start with its body.
const FRONT_MATTER_PARAGRAPHS: usize = 12;

impl<'t> Reading<'t> {
    /// Reads `text` in `language` (a subtag with rules), or in the language
    /// it is detected to be in.
    pub(crate) fn new(text: &'t str, language: Option<&str>) -> Reading<'t> {
        Reading {
            text,
            given: language.and_then(rules::get),
            detected: std::sync::OnceLock::new(),
            body: std::sync::OnceLock::new(),
        }
    }

    /// The document's language: given, or detected once from its text.
    pub(crate) fn language(&self) -> &'static Language {
        self.given
            .unwrap_or_else(|| self.detected.get_or_init(|| detect(self.text)))
    }

    fn abbreviations(&self) -> Vec<&'static str> {
        self.language()
            .abbreviations
            .iter()
            .map(String::as_str)
            .collect()
    }

    /// A fingerprint of the text the cues of a passage are read from: its
    /// paragraph and the one before (for a colon lead-in). While it is the
    /// same, the passage's attribution reads as it did.
    pub(crate) fn window(&self, at: usize) -> Option<String> {
        self.window_print(at).map(|w| format!("{w:016x}"))
    }

    /// Whether the window around byte `at` is the recorded one (`window`'s
    /// hex), without spelling it out.
    pub(crate) fn window_is(&self, at: usize, recorded: &str) -> bool {
        u64::from_str_radix(recorded, 16)
            .ok()
            .is_some_and(|r| recorded.len() == 16 && self.window_print(at) == Some(r))
    }

    fn window_print(&self, at: usize) -> Option<u64> {
        let para = segment::paragraph_range(self.text, at)?;
        let from = para
            .start
            .checked_sub(1)
            .and_then(|b| segment::paragraph_range(self.text, b))
            .map_or(para.start, |p| p.start);
        Some(fingerprint(&self.text.as_bytes()[from..para.end]))
    }

    /// Every paragraph of the document, with its sentences.
    pub(crate) fn paragraphs(&self) -> Vec<Paragraph> {
        paragraphs(self.text, &self.abbreviations())
    }

    /// The paragraph holding byte `at` (the last one before it when `at`
    /// falls between paragraphs), with its sentences.
    fn paragraph_at(&self, at: usize) -> Option<Paragraph> {
        let range = segment::paragraph_range(self.text, at)?;
        Some(segment::paragraph(self.text, range, &self.abbreviations()))
    }

    /// The byte where the body starts: the first paragraph that reads as
    /// body text among the first few.
    fn body_start(&self) -> usize {
        *self.body.get_or_init(|| {
            let abbreviations = self.abbreviations();
            let mut at = 0;
            for _ in 0..FRONT_MATTER_PARAGRAPHS {
                let Some(range) = segment::next_paragraph(self.text, at) else {
                    return 0;
                };
                let p = segment::paragraph(self.text, range.clone(), &abbreviations);
                if is_body(self.text, &p, self.language()) {
                    return range.start;
                }
                at = range.end;
            }
            0
        })
    }

    /// Whether a sentence points back at the one before it ("This could
    /// not be verified").
    pub(crate) fn points_back(&self, sentence: Range<usize>) -> bool {
        self.language()
            .anaphora
            .as_ref()
            .is_some_and(|a| a.is_match(self.text[sentence].trim_start_matches(is_opener)))
    }

    /// The cues in one sentence, in order, overlaps resolved (the longer,
    /// then the stronger, wins).
    pub(crate) fn cues_in(&self, sentence: Range<usize>) -> Vec<Cue> {
        let s = &self.text[sentence.clone()];
        let mut found: Vec<Cue> = Vec::new();
        let lang = self.language();
        for hit in &lang.set.matches(s) {
            let (ri, pi) = lang.slots[hit];
            let rule = &lang.rules[ri];
            let re = &rule.patterns[pi];
            for caps in re.captures_iter(s) {
                let m = caps.get(0).expect("group 0 is the match");
                if m.as_str().trim().is_empty() {
                    continue;
                }
                let before = &s[..m.start()];
                if rule
                    .unless_before
                    .as_ref()
                    .is_some_and(|u| u.is_match(before))
                    || rule
                        .unless_after
                        .as_ref()
                        .is_some_and(|u| u.is_match(&s[m.end()..]))
                {
                    continue;
                }
                if rule.kind.negatable()
                    && self
                        .language()
                        .negation
                        .as_ref()
                        .is_some_and(|n| n.is_match(before))
                {
                    continue;
                }
                if let (Some(u), Some(g)) = (&rule.unless_source, caps.name("src"))
                    && u.is_match(g.as_str().trim_start())
                {
                    continue;
                }
                let range = sentence.start + m.start()..sentence.start + m.end();
                let source = match caps.name("src") {
                    Some(g) => Some(trim(
                        self.text,
                        sentence.start + g.start()..sentence.start + g.end(),
                    )),
                    None => self.source_of(rule.kind, sentence.clone(), range.clone()),
                };
                found.push(Cue {
                    rule,
                    range,
                    source: source.filter(|r| !r.is_empty()),
                });
            }
        }
        found.sort_by_key(|c| (c.range.start, std::cmp::Reverse(c.range.end)));
        let mut out: Vec<Cue> = Vec::new();
        for c in found {
            match out.last_mut() {
                Some(last) if c.range.start < last.range.end => {
                    let longer = c.range.len() > last.range.len();
                    if longer
                        || (c.range.len() == last.range.len() && c.rule.level > last.rule.level)
                    {
                        *last = c;
                    }
                }
                _ => out.push(c),
            }
        }
        out
    }

    /// Who a reporting or denial cue attributes to: its subject before the
    /// verb, or after it in an inverted tag ("…, said the minister").
    fn source_of(
        &self,
        kind: Kind,
        sentence: Range<usize>,
        cue: Range<usize>,
    ) -> Option<Range<usize>> {
        if !matches!(kind, Kind::Reporting | Kind::Denial) {
            return None;
        }
        let text = self.text;
        if let Some(subject) = &self.language().subject
            && let Some(g) = subject
                .captures(&text[sentence.start..cue.start])
                .and_then(|c| c.name("src"))
        {
            return Some(trim(
                text,
                sentence.start + g.start()..sentence.start + g.end(),
            ));
        }
        let before = &text[sentence.start..cue.start];
        let from = before.rfind(is_clause_break).map_or(sentence.start, |i| {
            sentence.start + i + before[i..].chars().next().map_or(1, char::len_utf8)
        });
        let subject = trim(text, from..cue.start);
        let words = text[subject.clone()].split_whitespace().count();
        if words > 0 && words <= 10 && !text[subject.clone()].chars().all(|c| !c.is_alphabetic()) {
            return Some(strip_conjunction(text, subject));
        }
        let after = &text[cue.end..sentence.end];
        let to = after
            .find(is_clause_break)
            .map_or(sentence.end, |i| cue.end + i);
        let object = trim(text, cue.end..to);
        let words = text[object.clone()].split_whitespace().count();
        (words > 0 && words <= 10).then_some(object)
    }

    /// Whether an attributing cue and the quote stand in clauses that do not
    /// reach each other within `sentence`: a semicolon between them, the cue
    /// inside a parenthesis or a pair of dashes the quote is outside of, or
    /// either of them inside a background clause ("C, which X said, …",
    /// "X, whose film …, was not there, reports say") that the other is not.
    fn apart(
        &self,
        sentence: Range<usize>,
        cue: &Range<usize>,
        quote: &Range<usize>,
        language: &Language,
    ) -> bool {
        let text = self.text;
        let (lo, hi) = if cue.end <= quote.start {
            (cue.end, quote.start)
        } else {
            (quote.end, cue.start)
        };
        let between = text.get(lo..hi).unwrap_or("");
        if between.contains([';', '；']) {
            return true;
        }
        if let Some(p) = parenthetical(text, sentence.clone(), cue)
            && (quote.end <= p.start || quote.start >= p.end)
        {
            return true;
        }
        let Some(background) = language.background.as_ref() else {
            return false;
        };
        // The clause (from the last break before it) that a span opens.
        let opens_background = |at: usize| {
            let head = &text[sentence.start..at];
            let from = head.rfind(is_clause_break).map_or(sentence.start, |i| {
                sentence.start + i + head[i..].chars().next().map_or(1, char::len_utf8)
            });
            let clause = text[from..].trim_start_matches(|c: char| !c.is_alphanumeric());
            background.is_match(clause)
        };
        if !between.contains(is_clause_break) {
            return false;
        }
        if cue.end <= quote.start {
            // "X, who said Y, did Z": the cue's clause is background.
            return opens_background(cue.start);
        }
        // The quote is a background clause before the cue, or a background
        // clause opens between them and the cue is no final tag.
        let final_tag = !text[cue.end..sentence.end].contains(is_clause_break);
        // "X, whose film …, was not there, reports say": the relative
        // clause is the reporter's own, even under a final tag.
        if opens_background(quote.start) {
            return true;
        }
        let mut at = quote.end;
        while let Some(i) = text[at..cue.start].find(is_clause_break) {
            let next = at + i + text[at + i..].chars().next().map_or(1, char::len_utf8);
            let rest = text[next..cue.start].trim_start_matches(|c: char| !c.is_alphanumeric());
            if background.is_match(rest) {
                // The cue inside that background clause governs only it;
                // after it, only a final tag reaches back over it.
                let closed = text[next..cue.start].contains(is_clause_break);
                return !closed || !final_tag;
            }
            at = next;
        }
        false
    }

    /// The index of the sentence of `para` holding byte `at`.
    fn sentence_at(para: &Paragraph, at: usize) -> usize {
        para.sentences
            .iter()
            .rposition(|s| s.start <= at)
            .unwrap_or(0)
    }

    /// The attribution of the passage at `quote` (a byte range).
    pub(crate) fn assess(&self, quote: Range<usize>) -> Assessment {
        let mut applied: Vec<Applied> = Vec::new();
        let language = self.language();
        let Some(para) = self
            .paragraph_at(quote.start)
            .filter(|p| !p.sentences.is_empty())
        else {
            return Assessment {
                proposal: Proposal::Level(Level::Confirmed),
                cue: None,
                others: Vec::new(),
                disputed: false,
                language,
            };
        };
        let para = &para;
        let first = Self::sentence_at(para, quote.start);
        let last = Self::sentence_at(para, quote.end.saturating_sub(1).max(quote.start)).max(first);
        let quoted = &self.text[quote.clone()];

        // Page furniture and front matter are not claims.
        let furniture = para.sentences[first..=last]
            .iter()
            .any(|s| is_furniture(language, &self.text[s.clone()]));
        if furniture || para.range.start < self.body_start() {
            return Assessment {
                proposal: Proposal::NotAClaim,
                cue: None,
                others: Vec::new(),
                disputed: false,
                language,
            };
        }

        // Cues inside quotation marks are the speaker's words, not the outlet's.
        let quotations = quotations(self.text, para);
        let own = |c: &Cue| {
            !quotations
                .iter()
                .any(|q| q.start <= c.range.start && c.range.end <= q.end)
        };

        // The quote's own sentences.
        for si in first..=last {
            let s = para.sentences[si].clone();
            for cue in self.cues_in(s.clone()).into_iter().filter(own) {
                let inside = cue.range.start >= quote.start && cue.range.end <= quote.end;
                let before = cue.range.end <= quote.start;
                let after = cue.range.start >= quote.end;
                // A cue that introduces its own clause ("X said that C2")
                // governs what follows it, not a passage before it.
                let introduces = language
                    .complement
                    .as_ref()
                    .is_some_and(|c| c.is_match(&self.text[cue.range.end..s.end]));
                if after && (cue.rule.direction == Direction::Forward || introduces) {
                    continue;
                }
                if cue.rule.reach == Reach::Clause {
                    let gap = if before {
                        &self.text[cue.range.end..quote.start]
                    } else if after {
                        &self.text[quote.end..cue.range.start]
                    } else {
                        ""
                    };
                    let opens_clause =
                        after && language.clause.as_ref().is_some_and(|c| c.is_match(gap));
                    if gap.contains(is_clause_break) || opens_clause {
                        continue;
                    }
                }
                if attributive(cue.rule.kind)
                    && !inside
                    && self.apart(s.clone(), &cue.range, &quote, language)
                {
                    continue;
                }
                let scope = if inside {
                    Scope::SameClause
                } else {
                    let gap = if cue.range.end <= quote.start {
                        &self.text[cue.range.end..quote.start]
                    } else if cue.range.start >= quote.end {
                        &self.text[quote.end..cue.range.start]
                    } else {
                        ""
                    };
                    // A background clause after the tag is the reporter's own.
                    if cue.range.end <= quote.start && attributive(cue.rule.kind) {
                        let bare = quoted.trim_start_matches(|c: char| !c.is_alphanumeric());
                        let opens_background = language.background.as_ref().is_some_and(|b| {
                            b.is_match(bare)
                                || gap
                                    .rsplit(is_clause_break)
                                    .next()
                                    .is_some_and(|tail| b.is_match(tail.trim_start()))
                        });
                        if opens_background && gap.contains(is_clause_break) {
                            continue;
                        }
                    }
                    if gap.contains(is_clause_break) {
                        Scope::SameSentence
                    } else {
                        Scope::SameClause
                    }
                };
                applied.push(Applied { cue, scope });
            }
        }

        // The next sentence, pointing back.
        if let Some(next) = para.sentences.get(last + 1)
            && self.points_back(next.clone())
        {
            for cue in self.cues_in(next.clone()).into_iter().filter(own) {
                if matches!(
                    cue.rule.kind,
                    Kind::Unverified | Kind::Documentary | Kind::Denial
                ) {
                    applied.push(Applied {
                        cue,
                        scope: Scope::NextSentence,
                    });
                }
            }
        }

        // A colon lead-in earlier in the paragraph, or ending the paragraph before.
        let lead_in = (0..first)
            .rev()
            .map(|si| para.sentences[si].clone())
            .find(|s| self.text[s.clone()].trim_end().ends_with([':', '：']))
            .or_else(|| {
                let prev = self.paragraph_at(para.range.start.checked_sub(1)?)?;
                let s = prev.sentences.last()?.clone();
                (first == 0 && self.text[s.clone()].trim_end().ends_with([':', '：'])).then_some(s)
            });
        if let Some(s) = lead_in {
            applied.extend(self.cues_in(s).into_iter().filter(own).map(|cue| Applied {
                cue,
                scope: Scope::LeadIn,
            }));
        }

        // Quoted speech is the speaker's.
        if let Some(q) = quotation_around(self.text, para, quote.clone()) {
            let speakers: Vec<Applied> = para
                .sentences
                .iter()
                .enumerate()
                .filter(|&(si, _)| si + 1 >= first && si <= last + 1)
                .flat_map(|(si, s)| {
                    let scope = if si < first {
                        Scope::PreviousSentence
                    } else if si > last {
                        Scope::Paragraph
                    } else {
                        Scope::SameSentence
                    };
                    self.cues_in(s.clone())
                        .into_iter()
                        .filter(|c| {
                            c.rule.kind == Kind::Reporting
                                && !(c.range.start >= q.start && c.range.end <= q.end)
                        })
                        .map(move |cue| Applied { cue, scope })
                })
                .collect();
            if !applied.iter().any(|a| attributive(a.cue.rule.kind)) {
                applied.extend(speakers);
            }
        }

        decide(applied, language)
    }
}

/// A 64-bit fingerprint of some bytes, eight at a time (little-endian words,
/// rotated, mixed and multiplied as FxHash does, then the length): stable
/// across runs, platforms and versions, as records keep it.
fn fingerprint(bytes: &[u8]) -> u64 {
    const K: u64 = 0x517c_c1b7_2722_0a95;
    let mut h: u64 = 0;
    let mut words = bytes.chunks_exact(8);
    for w in &mut words {
        let w = u64::from_le_bytes(w.try_into().expect("eight bytes"));
        h = (h.rotate_left(5) ^ w).wrapping_mul(K);
    }
    for &b in words.remainder() {
        h = (h.rotate_left(5) ^ u64::from(b)).wrapping_mul(K);
    }
    (h.rotate_left(5) ^ bytes.len() as u64).wrapping_mul(K)
}

/// Picks the deciding cue: the strongest level, then the nearest scope.
fn decide(mut applied: Vec<Applied>, language: &'static Language) -> Assessment {
    applied.sort_by_key(|a| {
        (
            std::cmp::Reverse(a.cue.rule.level),
            a.scope,
            a.cue.range.start,
        )
    });
    let disputed = applied.iter().any(|a| a.cue.rule.kind == Kind::Denial);
    let mut iter = applied.into_iter();
    let cue = iter.next();
    let proposal = Proposal::Level(cue.as_ref().map_or(Level::Confirmed, |a| a.cue.rule.level));
    Assessment {
        proposal,
        cue,
        others: iter.collect(),
        disputed,
        language,
    }
}

/// Kinds that attribute the claim to someone (and so stop at a background clause).
fn attributive(kind: Kind) -> bool {
    matches!(
        kind,
        Kind::Reporting | Kind::According | Kind::Hearsay | Kind::Denial
    )
}

/// The parenthesis, or the pair of spaced dashes, inside `sentence` that
/// holds `inner`, if any.
fn parenthetical(text: &str, sentence: Range<usize>, inner: &Range<usize>) -> Option<Range<usize>> {
    let head = &text[sentence.start..inner.start];
    let tail = &text[inner.end..sentence.end];
    let dash = |c: char| matches!(c, '—' | '–');
    let open_paren = head.rfind('(').filter(|&i| !head[i..].contains(')'));
    if let Some(i) = open_paren
        && let Some(j) = tail.find(')')
    {
        return Some(sentence.start + i..inner.end + j + 1);
    }
    let i = head.rfind(dash)?;
    let j = tail.find(dash)?;
    // Spaced dashes only: "1996–2000" is a range, not an aside.
    let spaced = |at: usize| {
        text[..at].ends_with(char::is_whitespace)
            && text[at..].chars().nth(1).is_some_and(char::is_whitespace)
    };
    let (open, close) = (sentence.start + i, inner.end + j);
    (spaced(open) && spaced(close)).then(|| open..close + '—'.len_utf8())
}

fn is_clause_break(c: char) -> bool {
    matches!(
        c,
        ',' | ';' | ':' | '—' | '–' | '(' | ')' | '，' | '；' | '：' | '、'
    )
}

fn is_opener(c: char) -> bool {
    matches!(
        c,
        '"' | '\'' | '“' | '‘' | '«' | '„' | '「' | '『' | '(' | '[' | ' '
    )
}

/// A range with the white space at both ends left out.
fn trim(text: &str, r: Range<usize>) -> Range<usize> {
    let s = &text[r.clone()];
    let lead = s.len() - s.trim_start().len();
    let start = r.start + lead;
    start..start + s.trim().len()
}

/// The subject without a leading conjunction or adverb ("But", "And", "However").
fn strip_conjunction(text: &str, r: Range<usize>) -> Range<usize> {
    let s = &text[r.clone()];
    for w in [
        "But ", "And ", "However ", "Yet ", "So ", "Also ", "Mais ", "Pero ", "Mas ", "Aber ",
        "Но ", "А ", "И ", "Ale ",
    ] {
        if let Some(rest) = s.strip_prefix(w) {
            return r.end - rest.len()..r.end;
        }
    }
    r
}

/// The quotation (inside quotation marks, more than three words) holding
/// the passage, if any; scare quotes are not speech.
fn quotation_around(text: &str, para: &Paragraph, quote: Range<usize>) -> Option<Range<usize>> {
    quotations(text, para)
        .into_iter()
        .find(|q| q.start <= quote.start && quote.end <= q.end && words(&text[q.clone()]) > 3)
}

/// Every span inside quotation marks in a paragraph, marks included.
fn quotations(text: &str, para: &Paragraph) -> Vec<Range<usize>> {
    let p = &text[para.range.clone()];
    let mut out = Vec::new();
    let mut open: Option<(usize, char)> = None;
    for (i, c) in p.char_indices() {
        let at = para.range.start + i;
        // TeX-style marks in plain text: ``…'' (two characters each).
        let pair = |m: &str| p[i..].starts_with(m);
        match open {
            None if matches!(c, '“' | '«' | '„' | '「' | '『')
                || (c == '"' && opens(p, i))
                || pair("``") =>
            {
                open = Some((at, c));
            }
            Some((start, o)) if closes(o, c) => {
                out.push(start..at + c.len_utf8());
                open = None;
            }
            Some((start, '`' | '"')) if pair("''") => {
                out.push(start..at + 2);
                open = None;
            }
            _ => {}
        }
    }
    out
}

fn opens(p: &str, i: usize) -> bool {
    p[..i]
        .chars()
        .next_back()
        .is_none_or(|c| c.is_whitespace() || matches!(c, '(' | '['))
}

fn closes(open: char, c: char) -> bool {
    matches!(
        (open, c),
        ('“', '”') | ('«', '»') | ('„', '“' | '”') | ('「', '」') | ('『', '』') | ('"', '"')
    )
}

fn is_cjk(c: char) -> bool {
    matches!(c, '\u{3040}'..='\u{30ff}' | '\u{3400}'..='\u{4dbf}' | '\u{4e00}'..='\u{9fff}' | '\u{f900}'..='\u{faff}')
}

/// Whether a sentence is a caption, credit or other page furniture.
fn is_furniture(language: &Language, s: &str) -> bool {
    language
        .furniture
        .as_ref()
        .is_some_and(|f| f.is_match(s) || f.is_match(s.trim_start_matches(is_opener)))
}

/// Words in a text, CJK counted as two characters a word.
fn words(s: &str) -> usize {
    s.split_whitespace().count() + s.chars().filter(|c| is_cjk(*c)).count() / 2
}

/// Whether a paragraph reads as body text: a line of two sentences or more
/// (none of them furniture), or one long sentence.
fn is_body(text: &str, p: &Paragraph, language: &Language) -> bool {
    let furniture = |s: &str| is_furniture(language, s);
    let sentences: Vec<&str> = p.sentences.iter().map(|s| &text[s.clone()]).collect();
    if sentences
        .iter()
        .any(|s| words(s) >= BODY_SENTENCE_WORDS && !furniture(s))
    {
        return true;
    }
    // Two sentences or more on one line.
    let mut line_sentences = 0;
    let mut prev_end = p.range.start;
    for (s, r) in sentences.iter().zip(&p.sentences) {
        if text[prev_end..r.start].contains('\n') {
            line_sentences = 0;
        }
        if !furniture(s) {
            line_sentences += 1;
        }
        if line_sentences >= 2 {
            return true;
        }
        prev_end = r.end;
    }
    false
}

#[cfg(test)]
mod tests;
