//! Synthetic newsroom projects for benchmarks and tests: news-like prose with
//! real typography, pinned claims, and edits of the kinds real articles get,
//! with the verdict each edit calls for written beside them. Deterministic for
//! a given seed.

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

/// A TOML basic string on one line, as claimtrack itself writes them.
fn one_line_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// What to generate.
#[derive(Debug, Clone)]
pub struct Options {
    pub out: PathBuf,
    pub docs: usize,
    pub doc_kb: usize,
    pub claims: usize,
    pub edit_rate: f64,
    pub seed: u64,
}

/// What was generated.
#[derive(Debug, Default)]
pub struct Summary {
    pub docs: usize,
    pub bytes: u64,
    pub claims: usize,
    pub edited_docs: usize,
    /// Expected verdicts, counted.
    pub expected: std::collections::BTreeMap<&'static str, usize>,
}

/// SplitMix64: small, fast, and the same on every platform.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x9E37_79B9_7F4A_7C15)
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    pub fn below(&mut self, n: usize) -> usize {
        // The remainder is below n, so it fits back in usize.
        usize::try_from(self.next_u64() % n.max(1) as u64).unwrap_or(0)
    }
    pub fn chance(&mut self, p: f64) -> bool {
        ((self.next_u64() >> 11) as f64 / (1u64 << 53) as f64) < p
    }
    fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        xs[self.below(xs.len())]
    }
}

const FIRST: &[&str] = &[
    "Sergei", "Anna", "Pavel", "Maria", "Dmitry", "Elena", "Ruslan", "Olga", "Igor", "Natalia",
    "James", "Sarah", "Michael", "Laura", "David", "Grace", "Viktor", "Irina", "Thomas", "Emma",
    "Alexei", "Yulia", "Brian", "Inga",
];
const LAST: &[&str] = &[
    "Mikhailov",
    "Stoyanov",
    "Petrova",
    "Vrublevsky",
    "Krebs",
    "Lebedeva",
    "Orlov",
    "Sokolova",
    "Volkov",
    "Morozova",
    "Harris",
    "Bennett",
    "Novak",
    "Kowalski",
    "Fischer",
    "Dubois",
    "Romanov",
    "Ivanova",
    "Kuznetsov",
    "Popova",
    "Fedorov",
    "Smirnova",
    "Grant",
    "Whitaker",
    "Lindqvist",
    "Okafor",
    "Tanaka",
    "Moreau",
    "Castillo",
    "Brennan",
];
const ORGS: &[&str] = &[
    "the FSB",
    "the FBI",
    "Kaspersky Lab",
    "the city council",
    "the Interior Ministry",
    "Crowdstrike",
    "the prosecutor’s office",
    "the central bank",
    "the State Duma",
    "the European Commission",
    "the defense ministry",
    "a regional court",
    "the election commission",
    "the port authority",
];
const PLACES: &[&str] = &[
    "Moscow",
    "Washington",
    "Boston",
    "Kyiv",
    "Berlin",
    "Sochi",
    "Geneva",
    "Tallinn",
    "Warsaw",
    "Riga",
    "the North Caucasus",
    "St. Petersburg",
    "Vienna",
    "Helsinki",
];
const VERBS: &[&str] = &[
    "confirmed",
    "denied",
    "announced",
    "reported",
    "disclosed",
    "questioned",
    "investigated",
    "approved",
    "rejected",
    "postponed",
    "criticized",
    "defended",
    "reviewed",
    "challenged",
];
const NOUNS: &[&str] = &[
    "the contract",
    "the investigation",
    "the proposal",
    "the sanctions",
    "the budget",
    "the merger",
    "the verdict",
    "the report",
    "the agreement",
    "the audit",
    "the appointment",
    "the deal",
    "the inquiry",
    "the ruling",
];
const ADVERBS: &[&str] = &[
    "quietly",
    "publicly",
    "abruptly",
    "repeatedly",
    "formally",
    "belatedly",
    "reluctantly",
];
const MONTHS: &[&str] = &[
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
/// Misspellings the generator plants and an edit may fix: (wrong, right).
const TYPOS: &[(&str, &str)] = &[("teh", "the")];
const SWAPS: &[&str] = &[
    "officials",
    "lawyers",
    "analysts",
    "diplomats",
    "reporters",
    "investigators",
];

fn person(r: &mut Rng) -> String {
    format!("{} {}", r.pick(FIRST), r.pick(LAST))
}

/// One sentence of news prose, with unique-ish details (names, numbers, dates).
fn sentence(r: &mut Rng) -> String {
    let n = r.below(900) + 10;
    let day = r.below(28) + 1;
    let month = r.pick(MONTHS);
    let year = 1990 + r.below(35);
    let mut s = match r.below(9) {
        0 => format!(
            "{} {} {} {} on {month} {day}, {year}, according to {} people familiar with the matter.",
            capital(r.pick(ORGS)),
            r.pick(ADVERBS),
            r.pick(VERBS),
            r.pick(NOUNS),
            r.below(6) + 2
        ),
        1 => format!(
            "“We have {} {} and we will not comment further,” said {}, a spokesperson for {}.",
            r.pick(VERBS),
            r.pick(NOUNS),
            person(r),
            r.pick(ORGS)
        ),
        2 => format!(
            "{} was sentenced to {} years in prison in {}\u{2014}a term that {} called excessive.",
            person(r),
            r.below(25) + 2,
            r.pick(PLACES),
            person(r)
        ),
        3 => format!(
            "The case involved about {n}\u{00A0}million rubles, which {} said had been moved through {} accounts in {}.",
            r.pick(ORGS),
            r.below(40) + 3,
            r.pick(PLACES)
        ),
        4 => format!(
            "In {month} {year}, {} met {} in {} to discuss {} and the {} that followed it.",
            person(r),
            person(r),
            r.pick(PLACES),
            r.pick(NOUNS),
            r.pick(NOUNS).trim_start_matches("the ")
        ),
        5 => format!(
            "{}’s lawyers argued that {} had {} {} before the hearing on {month} {day}.",
            r.pick(LAST),
            r.pick(ORGS),
            r.pick(ADVERBS),
            r.pick(VERBS)
        ),
        6 => format!(
            "Neither {} nor {} could confirm the figure of {n} {} cited by {}.",
            r.pick(ORGS),
            r.pick(ORGS),
            r.pick(SWAPS),
            person(r)
        ),
        7 => format!(
            "Officials in {} said {} detainees had been questioned since {month}, {} of them in {}.",
            r.pick(PLACES),
            n,
            r.below(n) + 1,
            r.pick(PLACES)
        ),
        _ => format!(
            "{} {} {} after a {}-page filing by {} in {}.",
            capital(r.pick(ORGS)),
            r.pick(VERBS),
            r.pick(NOUNS),
            n,
            person(r),
            r.pick(PLACES)
        ),
    };
    if r.chance(0.03) {
        s = s.replacen(" the ", " teh ", 1); // a typo an edit may fix later
    }
    s
}

fn capital(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// A document of about `bytes` bytes: a headline, then paragraphs.
fn document(r: &mut Rng, bytes: usize) -> String {
    let mut s = format!(
        "{} {} {}\n\n",
        capital(r.pick(ORGS)),
        r.pick(VERBS),
        r.pick(NOUNS)
    );
    while s.len() < bytes {
        let sentences = 2 + r.below(5);
        for i in 0..sentences {
            if i > 0 {
                s.push(' ');
            }
            s.push_str(&sentence(r));
        }
        s.push_str("\n\n");
    }
    s.truncate(s.trim_end().len());
    s.push('\n');
    s
}

/// How an edit touched a claim's quoted span.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Touch {
    Clean,
    Typography,
    Words,
}

#[derive(Debug, Clone)]
struct Track {
    start: usize,
    end: usize,
    touch: Touch,
    /// Its paragraph was duplicated: its words stand twice.
    copied: bool,
}

/// A document as chars, with the claims' spans kept in step with every edit.
struct Editing {
    chars: Vec<char>,
    tracks: Vec<Track>,
}

impl Editing {
    /// Replaces `[at, at + len)` with `with`; spans after it shift, spans it
    /// touches are marked with `touch`.
    fn splice(&mut self, at: usize, len: usize, with: &[char], touch: Touch) {
        // Spans after the splice shift by `with.len() - len`, which may be negative.
        let shift = |x: usize| x + with.len() - len;
        for t in &mut self.tracks {
            if t.end <= at {
                continue;
            }
            if t.start >= at + len {
                t.start = shift(t.start);
                t.end = shift(t.end);
            } else {
                t.touch = t.touch.max(touch);
                t.end = shift(t.end);
            }
        }
        self.chars.splice(at..at + len, with.iter().copied());
    }

    fn overlaps(&self, a: usize, b: usize) -> bool {
        self.tracks.iter().any(|t| t.start < b && a < t.end)
    }

    /// Paragraphs as `[start, end)` without their trailing blank line.
    fn paragraphs(&self) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        let mut start = 0;
        let c = &self.chars;
        let mut i = 0;
        while i + 1 < c.len() {
            if c[i] == '\n' && c[i + 1] == '\n' {
                out.push((start, i));
                start = i + 2;
                i += 2;
            } else {
                i += 1;
            }
        }
        if start < c.len() {
            out.push((start, c.len()));
        }
        out.into_iter().skip(1).filter(|(a, b)| b > a).collect() // not the headline
    }

    /// Sentences as `[start, end)` including their trailing space.
    fn sentences(&self) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        for (ps, pe) in self.paragraphs() {
            let mut s = ps;
            for i in ps..pe {
                if self.chars[i] == '.' && (i + 1 == pe || self.chars[i + 1] == ' ') {
                    let e = (i + 2).min(pe);
                    out.push((s, e));
                    s = e;
                }
            }
        }
        out
    }

    fn edit(&mut self, r: &mut Rng) {
        let paras = self.paragraphs();
        if paras.len() < 2 {
            return;
        }
        match r.below(7) {
            // A typo fixed.
            0 => {
                let text: String = self.chars.iter().collect();
                for (wrong, right) in TYPOS {
                    // A fix that straddles a quote's edge would only move the
                    // quote's text by a character: fix typos inside or outside.
                    let n = wrong.chars().count();
                    let clean = |at: usize| {
                        self.tracks.iter().all(|t| {
                            at + n <= t.start || at >= t.end || (at >= t.start && at + n <= t.end)
                        })
                    };
                    let found = text
                        .match_indices(wrong)
                        .map(|(b, _)| text[..b].chars().count())
                        .find(|&at| clean(at));
                    if let Some(at) = found {
                        let with: Vec<char> = right.chars().collect();
                        self.splice(at, n, &with, Touch::Words);
                        return;
                    }
                }
                self.edit_insert_sentence(r, &paras);
            }
            // A sentence inserted.
            1 => self.edit_insert_sentence(r, &paras),
            // A sentence deleted (one that no claim quotes).
            2 => {
                let free: Vec<(usize, usize)> = self
                    .sentences()
                    .into_iter()
                    .filter(|&(a, b)| !self.overlaps(a, b))
                    .collect();
                if !free.is_empty() {
                    let (a, b) = free[r.below(free.len())];
                    self.splice(a, b - a, &[], Touch::Words);
                }
            }
            // A paragraph moved, or duplicated right after itself.
            3 | 4 => {
                let (ps, pe) = paras[r.below(paras.len())];
                let block: Vec<char> = self.chars[ps..pe]
                    .iter()
                    .copied()
                    .chain(['\n', '\n'])
                    .collect();
                if r.below(2) == 0 {
                    for t in &mut self.tracks {
                        t.copied |= t.start >= ps && t.end <= pe;
                    }
                    self.insert_paragraph(pe + 2, block);
                } else {
                    let moving: Vec<usize> = (0..self.tracks.len())
                        .filter(|&i| self.tracks[i].start >= ps && self.tracks[i].end <= pe)
                        .collect();
                    let rel: Vec<(usize, usize)> = moving
                        .iter()
                        .map(|&i| (self.tracks[i].start - ps, self.tracks[i].end - ps))
                        .collect();
                    // Take the paragraph out (its own spans are set aside first).
                    let saved: Vec<Track> =
                        moving.iter().map(|&i| self.tracks[i].clone()).collect();
                    for &i in &moving {
                        self.tracks[i].start = usize::MAX / 4;
                        self.tracks[i].end = usize::MAX / 4;
                    }
                    self.splice(
                        ps,
                        block.len().min(self.chars.len() - ps),
                        &[],
                        Touch::Clean,
                    );
                    let paras = self.paragraphs();
                    let (_, target_end) = paras[r.below(paras.len())];
                    let (at, shift) = self.insert_paragraph(target_end + 2, block);
                    for ((&i, (s, e)), old) in moving.iter().zip(rel).zip(saved) {
                        self.tracks[i] = Track {
                            start: at + shift + s,
                            end: at + shift + e,
                            ..old
                        };
                    }
                }
            }
            // Lines re-wrapped at about 70 columns.
            5 => {
                let (ps, pe) = paras[r.below(paras.len())];
                let mut col = 0;
                for i in ps..pe {
                    col += 1;
                    if col > 70 && self.chars[i] == ' ' {
                        self.splice(i, 1, &['\n'], Touch::Typography);
                        col = 0;
                    }
                }
            }
            // Quotes straightened in a paragraph, or a word changed inside a quoted span.
            _ => {
                if r.below(2) == 0 {
                    let (ps, pe) = paras[r.below(paras.len())];
                    for i in ps..pe {
                        let straight = match self.chars[i] {
                            '\u{2018}' | '\u{2019}' => '\'',
                            '\u{201C}' | '\u{201D}' => '"',
                            _ => continue,
                        };
                        self.splice(i, 1, &[straight], Touch::Typography);
                    }
                } else {
                    // One word in one quote: two could take it past a third in edits.
                    let clean: Vec<&Track> = self
                        .tracks
                        .iter()
                        .filter(|t| t.touch == Touch::Clean)
                        .collect();
                    if clean.is_empty() {
                        return;
                    }
                    let t = clean[r.below(clean.len())].clone();
                    let text: String = self.chars[t.start..t.end].iter().collect();
                    let words: Vec<(usize, &str)> = text
                        .split(' ')
                        .scan(0, |pos, w| {
                            let at = *pos;
                            *pos += w.chars().count() + 1;
                            Some((at, w))
                        })
                        .collect();
                    // Whole words only: the first and last may be cut by the quote's edges.
                    let n = words.len();
                    let words: Vec<(usize, &str)> = words
                        .into_iter()
                        .enumerate()
                        .filter(|&(i, (_, w))| {
                            i > 0 && i + 1 < n && w.len() >= 4 && w.chars().all(char::is_alphabetic)
                        })
                        .map(|(_, x)| x)
                        .collect();
                    if let Some(&(at, w)) = words.get(r.below(words.len().max(1))) {
                        let new = SWAPS
                            .iter()
                            .find(|s| **s != w)
                            .copied()
                            .unwrap_or("sources");
                        let with: Vec<char> = new.chars().collect();
                        self.splice(t.start + at, w.chars().count(), &with, Touch::Words);
                    }
                }
            }
        }
    }

    /// Inserts a paragraph block ("text\n\n") at `at`, or at the very end
    /// (then as "\n\ntext"); returns where it went and where its text starts.
    fn insert_paragraph(&mut self, at: usize, mut block: Vec<char>) -> (usize, usize) {
        let at = at.min(self.chars.len());
        let mut shift = 0;
        if at == self.chars.len() {
            block.rotate_right(2);
            shift = 2;
        }
        self.splice(at, 0, &block, Touch::Clean);
        (at, shift)
    }

    fn edit_insert_sentence(&mut self, r: &mut Rng, paras: &[(usize, usize)]) {
        let (ps, _) = paras[r.below(paras.len())];
        let s: Vec<char> = (sentence(r) + " ").chars().collect();
        self.splice(ps, 0, &s, Touch::Clean);
    }
}

/// Writes a project under `opts.out`: `corpus/`, `claims/`, and `expected.tsv`
/// (claim id, expected verdict) for the edits made.
pub fn generate(opts: &Options) -> Result<Summary> {
    let out = &opts.out;
    std::fs::create_dir_all(out.join("claims"))
        .with_context(|| format!("cannot create {}", out.display()))?;
    std::fs::create_dir_all(out.join("corpus"))?;
    let mut r = Rng::new(opts.seed);
    let mut summary = Summary::default();
    let mut expected = std::io::BufWriter::new(std::fs::File::create(out.join("expected.tsv"))?);
    let per_doc = opts.claims / opts.docs.max(1);
    let extra = opts.claims % opts.docs.max(1);
    let mut claims_file = String::new();
    let mut claim_no = 0usize;
    for d in 0..opts.docs {
        let id = format!("d{:03}/n{d:06}", d / 1000);
        let text = document(&mut r, opts.doc_kb * 1024);
        let chars: Vec<char> = text.chars().collect();
        let want = per_doc + usize::from(d < extra);
        let mut ed = Editing {
            chars: chars.clone(),
            tracks: Vec::new(),
        };
        let sentences = ed.sentences();
        let mut tries = 0;
        while ed.tracks.len() < want && tries < want * 20 && !sentences.is_empty() {
            tries += 1;
            let (ss, se) = sentences[r.below(sentences.len())];
            let len = se - ss;
            if len < 45 {
                continue;
            }
            let qlen = 40 + r.below((len - 40).min(100));
            let start = ss + r.below(len - qlen + 1);
            let end = start + qlen;
            if ed.overlaps(start, end)
                || chars[start].is_whitespace()
                || chars[end - 1].is_whitespace()
            {
                continue;
            }
            let quote: String = chars[start..end].iter().collect();
            if text.matches(&quote).count() != 1 {
                continue;
            }
            ed.tracks.push(Track {
                start,
                end,
                touch: Touch::Clean,
                copied: false,
            });
        }
        let edited = r.chance(opts.edit_rate);
        let original_tracks = ed.tracks.clone();
        if edited {
            summary.edited_docs += 1;
            for _ in 0..=r.below(3) {
                ed.edit(&mut r);
            }
        }
        let final_text: String = ed.chars.iter().collect();
        let dir = out.join("corpus").join(&id[..4]);
        if d % 1000 == 0 {
            std::fs::create_dir_all(&dir)?;
        }
        std::fs::write(out.join("corpus").join(format!("{id}.txt")), &final_text)?;
        summary.bytes += final_text.len() as u64;
        for (t0, t) in original_tracks.iter().zip(&ed.tracks) {
            let quote: String = chars[t0.start..t0.end].iter().collect();
            let prefix: String = chars[t0.start.saturating_sub(32)..t0.start]
                .iter()
                .collect();
            let suffix: String = chars[t0.end..(t0.end + 32).min(chars.len())]
                .iter()
                .collect();
            let level = ["confirmed", "source-says", "could-not-confirm"][r.below(3)];
            let cid = format!("c{claim_no:07}");
            claim_no += 1;
            let _ = write!(
                claims_file,
                "[[claim]]\nid = \"{cid}\"\nstatement = \"Synthetic claim {claim_no} about {id}.\"\nlevel = \"{level}\"\ndoc = \"{id}\"\nquote = {}\nstart = {}\nprefix = {}\nsuffix = {}\n\n",
                one_line_string(&quote),
                t0.start,
                one_line_string(&prefix),
                one_line_string(&suffix),
            );
            // A quote whose paragraph was duplicated stands twice: which copy
            // it is found at depends on the edits around each and on their
            // context, so any verdict that finds it is right, but not missing.
            let at_start = final_text
                .chars()
                .skip(t0.start)
                .take(quote.chars().count())
                .eq(quote.chars());
            // The words around a quote found whole changed within its
            // paragraph: its attribution may have, whatever else held.
            let final_chars: Vec<char> = final_text.chars().collect();
            let context_changed = t.touch != Touch::Words
                && context(&chars, t0.start, t0.end) != context(&final_chars, t.start, t.end);
            let verdict = match t.touch {
                _ if t.copied => "intact|moved|context-changed|normalized|altered|ambiguous",
                _ if context_changed => "context-changed",
                _ if at_start => "intact",
                Touch::Clean => "moved",
                Touch::Words => "altered",
                Touch::Typography => "normalized",
            };
            *summary.expected.entry(verdict).or_default() += 1;
            writeln!(expected, "{cid}\t{verdict}")?;
            summary.claims += 1;
        }
        if (d + 1) % 100 == 0 || d + 1 == opts.docs {
            if !claims_file.is_empty() {
                let name = format!("claims/c{:05}.toml", d / 100);
                std::fs::write(out.join(name), &claims_file)?;
            }
            claims_file.clear();
        }
        summary.docs += 1;
    }
    expected.flush()?;
    Ok(summary)
}

/// The 32 code points on each side of `[start, end)`, each cut at a blank
/// line (the paragraph's edge), whitespace runs as one space and curly quotes
/// straight: what the recorded context must still read for the quote's
/// attribution to stand.
fn context(chars: &[char], start: usize, end: usize) -> (String, String) {
    let fold = |cs: &[char]| -> String {
        let mut out = String::new();
        for &c in cs {
            let c = match c {
                '\u{2018}' | '\u{2019}' => '\'',
                '\u{201C}' | '\u{201D}' => '"',
                c if c.is_whitespace() => ' ',
                c => c,
            };
            if !(c == ' ' && out.ends_with(' ')) {
                out.push(c);
            }
        }
        out.trim().to_string()
    };
    let before = &chars[start.saturating_sub(32)..start];
    let before = match before.windows(2).rposition(|w| w == ['\n', '\n']) {
        Some(i) => &before[i..],
        None => before,
    };
    let after = &chars[end..(end + 32).min(chars.len())];
    let after = match after.windows(2).position(|w| w == ['\n', '\n']) {
        Some(i) => &after[..i + 2],
        None => after,
    };
    (fold(before), fold(after))
}

/// Reads `expected.tsv` back: claim id to the verdict, or verdicts separated
/// by `|` where either is right.
pub fn read_expected(out: &Path) -> Result<std::collections::HashMap<String, String>> {
    let text = std::fs::read_to_string(out.join("expected.tsv"))?;
    Ok(text
        .lines()
        .filter_map(|l| l.split_once('\t'))
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect())
}
