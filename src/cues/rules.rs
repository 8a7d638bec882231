//! The attribution rules as data: one TOML file per language, compiled into
//! the binary and into regular expressions on first use.

use std::sync::OnceLock;

use regex::{Regex, RegexBuilder, RegexSet};
use serde::Deserialize;

use crate::claim::Level;

/// The rule files, by language subtag (BCP 47), in the order languages are
/// told apart when a document does not say its own.
const FILES: &[(&str, &str)] = &[
    ("en", include_str!("rules/en.toml")),
    ("fr", include_str!("rules/fr.toml")),
    ("es", include_str!("rules/es.toml")),
    ("pt", include_str!("rules/pt.toml")),
    ("de", include_str!("rules/de.toml")),
    ("cs", include_str!("rules/cs.toml")),
    ("ru", include_str!("rules/ru.toml")),
    ("zh", include_str!("rules/zh.toml")),
    ("ja", include_str!("rules/ja.toml")),
];

/// How a cue governs the text around it, which decides its scope and where
/// its source words are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum Kind {
    /// The outlet says the claim is not verified ("could not confirm").
    Unverified,
    /// The outlet says it does not know, or speculates ("it is unclear whether").
    Speculation,
    /// Documents the outlet relies on back the claim ("court documents show").
    Documentary,
    /// "according to X": the source follows.
    According,
    /// Hearsay with no speaker ("reportedly", "rumours that").
    Hearsay,
    /// The party concerned denies it: source says, disputed.
    Denial,
    /// A reporting or cognition verb ("said", "believes"): its subject is the source.
    Reporting,
}

impl Kind {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Kind::Unverified => "unverified",
            Kind::Speculation => "speculation",
            Kind::Documentary => "documentary",
            Kind::According => "according-to",
            Kind::Hearsay => "hearsay",
            Kind::Denial => "denial",
            Kind::Reporting => "reporting",
        }
    }

    /// Whether a negation just before the cue cancels it ("did not say").
    pub(crate) fn negatable(self) -> bool {
        matches!(
            self,
            Kind::Reporting | Kind::According | Kind::Hearsay | Kind::Denial | Kind::Documentary
        )
    }
}

/// Which side of a cue it governs in its own sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum Direction {
    /// Before and after it ("X said C", "C, X said").
    #[default]
    Both,
    /// Only what follows it: a cue that introduces its own clause ("it is
    /// unclear whether C", "rumours that C").
    Forward,
}

/// How far a cue reaches in its own sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum Reach {
    /// The whole sentence.
    #[default]
    Sentence,
    /// Only its clause, up to the nearest comma, semicolon or dash ("If he
    /// did in fact…, C": the conditional ends at the comma).
    Clause,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    language: String,
    name: String,
    /// Read without the rules by `stopwords()`; here so that a file with a
    /// misspelt key is still refused.
    #[serde(default)]
    #[allow(dead_code)]
    stopwords: Vec<String>,
    #[serde(default)]
    abbreviations: Vec<String>,
    negation: Option<String>,
    anaphora: Option<String>,
    complement: Option<String>,
    subject: Option<String>,
    background: Option<String>,
    #[serde(default)]
    clause: Option<String>,
    furniture: Option<String>,
    /// Sets of characters that spell the same word (simplified and
    /// traditional Chinese): a pattern written with one matches each.
    #[serde(default)]
    variants: Vec<String>,
    rule: Vec<RuleFile>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleFile {
    id: String,
    kind: Kind,
    level: String,
    #[serde(default)]
    note: Option<String>,
    #[serde(default)]
    case_sensitive: bool,
    #[serde(default)]
    direction: Direction,
    #[serde(default)]
    reach: Reach,
    patterns: Vec<String>,
    #[serde(default)]
    unless_before: Option<Unless>,
    #[serde(default)]
    unless_after: Option<Unless>,
    #[serde(default)]
    unless_source: Option<Unless>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Unless {
    pattern: String,
}

/// One rule, compiled.
#[derive(Debug)]
pub(crate) struct Rule {
    /// `LANG.ID`, as shown to people (`en.reporting-verb`).
    pub(crate) id: String,
    pub(crate) kind: Kind,
    pub(crate) level: Level,
    /// `disputed` for denials.
    pub(crate) note: Option<String>,
    pub(crate) direction: Direction,
    pub(crate) reach: Reach,
    pub(crate) patterns: Vec<LazyRegex>,
    /// Text just before a match that makes it no cue (a passive, a noun).
    pub(crate) unless_before: Option<LazyRegex>,
    /// Text just after a match that makes it no cue ("称为", "added the").
    pub(crate) unless_after: Option<LazyRegex>,
    /// A captured source that is no source ("selon les cas": depending on).
    pub(crate) unless_source: Option<LazyRegex>,
}

/// One language's rules, compiled.
#[derive(Debug)]
pub(crate) struct Language {
    pub(crate) code: String,
    pub(crate) name: String,
    pub(crate) abbreviations: Vec<String>,
    pub(crate) negation: Option<LazyRegex>,
    pub(crate) anaphora: Option<LazyRegex>,
    /// Just after a cue: the start of the clause it introduces ("… that").
    pub(crate) complement: Option<LazyRegex>,
    /// The subject at the start of a sentence, where the reporting verb
    /// comes last (Japanese "X氏は…と述べた"); group `src`.
    pub(crate) subject: Option<LazyRegex>,
    pub(crate) background: Option<LazyRegex>,
    /// Words that open a subordinate clause anywhere ("que", "which"): a
    /// cue of clause reach after the quote does not cross one.
    pub(crate) clause: Option<LazyRegex>,
    pub(crate) furniture: Option<LazyRegex>,
    pub(crate) rules: Vec<Rule>,
    /// Every pattern of every rule, in one set: which of them match a
    /// sentence is found in one pass, and only those are run for captures.
    pub(crate) set: RegexSet,
    /// For each pattern of `set`: its rule and its index in the rule.
    pub(crate) slots: Vec<(usize, usize)>,
}

/// A rule's regular expression, compiled the first time it is used: most
/// rules never match a given passage (the set says which do), so a command
/// reading one passage compiles a few of them, not hundreds.
#[derive(Debug)]
pub(crate) struct LazyRegex {
    pattern: String,
    case_sensitive: bool,
    what: String,
    re: OnceLock<Regex>,
}

impl std::ops::Deref for LazyRegex {
    type Target = Regex;

    fn deref(&self) -> &Regex {
        self.re.get_or_init(|| {
            RegexBuilder::new(&self.pattern)
                .case_insensitive(!self.case_sensitive)
                .build()
                .unwrap_or_else(|e| {
                    panic!("the built-in cue rule {} does not compile: {e}", self.what)
                })
        })
    }
}

fn compile(pattern: &str, case_sensitive: bool, what: &str) -> LazyRegex {
    LazyRegex {
        pattern: pattern.to_string(),
        case_sensitive,
        what: what.to_string(),
        re: OnceLock::new(),
    }
}

/// `pattern` with each character of a `variants` set replaced by the
/// class of the whole set.
fn spell_variants(pattern: &str, variants: &[String]) -> String {
    if variants.is_empty() {
        return pattern.to_string();
    }
    let mut out = String::with_capacity(pattern.len());
    for c in pattern.chars() {
        match variants.iter().find(|v| v.contains(c)) {
            Some(set) => {
                out.push('[');
                out.push_str(set);
                out.push(']');
            }
            None => out.push(c),
        }
    }
    out
}

fn language(code: &str, src: &str) -> Language {
    let mut file: File = toml::from_str(src)
        .unwrap_or_else(|e| panic!("the built-in cue rules rules/{code}.toml do not parse: {e}"));
    assert_eq!(
        file.language, code,
        "rules/{code}.toml names another language"
    );
    let variants = std::mem::take(&mut file.variants);
    for r in &mut file.rule {
        for p in &mut r.patterns {
            *p = spell_variants(p, &variants);
        }
        for u in [
            &mut r.unless_before,
            &mut r.unless_after,
            &mut r.unless_source,
        ]
        .into_iter()
        .flatten()
        {
            u.pattern = spell_variants(&u.pattern, &variants);
        }
    }
    for p in [&mut file.anaphora, &mut file.negation, &mut file.furniture]
        .into_iter()
        .flatten()
    {
        *p = spell_variants(p, &variants);
    }
    let opt = |p: &Option<String>, what: &str| p.as_deref().map(|p| compile(p, false, what));
    let mut sources = Vec::new();
    let mut slots = Vec::new();
    for (ri, r) in file.rule.iter().enumerate() {
        for (pi, p) in r.patterns.iter().enumerate() {
            let flag = if r.case_sensitive { "-i" } else { "i" };
            sources.push(format!("(?{flag}:{p})"));
            slots.push((ri, pi));
        }
    }
    let set = RegexSet::new(&sources)
        .unwrap_or_else(|e| panic!("the built-in cue rules {code} do not compile as a set: {e}"));
    Language {
        set,
        slots,
        negation: opt(&file.negation, &format!("{code}.negation")),
        anaphora: opt(&file.anaphora, &format!("{code}.anaphora")),
        complement: opt(&file.complement, &format!("{code}.complement")),
        subject: opt(&file.subject, &format!("{code}.subject")),
        background: opt(&file.background, &format!("{code}.background")),
        clause: opt(&file.clause, &format!("{code}.clause")),
        furniture: opt(&file.furniture, &format!("{code}.furniture")),
        rules: file
            .rule
            .into_iter()
            .map(|r| {
                let id = format!("{code}.{}", r.id);
                Rule {
                    patterns: r
                        .patterns
                        .iter()
                        .map(|p| compile(p, r.case_sensitive, &id))
                        .collect(),
                    unless_before: r
                        .unless_before
                        .map(|u| compile(&u.pattern, false, &format!("{id}.unless_before"))),
                    unless_after: r
                        .unless_after
                        .map(|u| compile(&u.pattern, false, &format!("{id}.unless_after"))),
                    unless_source: r
                        .unless_source
                        .map(|u| compile(&u.pattern, false, &format!("{id}.unless_source"))),
                    kind: r.kind,
                    level: Level::parse(&r.level)
                        .unwrap_or_else(|| panic!("{id}: no level `{}`", r.level)),
                    note: r.note,
                    direction: r.direction,
                    reach: r.reach,
                    id,
                }
            })
            .collect(),
        code: file.language,
        name: file.name,
        abbreviations: file.abbreviations,
    }
}

/// Each language's rules, compiled on first use: a command about one claim
/// pays for its document's language only (compiling all nine took a quarter
/// of a second).
static LANGUAGES: [OnceLock<Language>; FILES.len()] = [const { OnceLock::new() }; FILES.len()];

/// The rules of the `i`th language of `FILES`, compiled once.
pub(crate) fn nth(i: usize) -> &'static Language {
    LANGUAGES[i].get_or_init(|| language(FILES[i].0, FILES[i].1))
}

/// Every language's rules, compiled once.
#[cfg(test)]
pub(crate) fn all() -> Vec<&'static Language> {
    (0..FILES.len()).map(nth).collect()
}

/// The rules of one language, by its subtag.
pub(crate) fn get(code: &str) -> Option<&'static Language> {
    FILES.iter().position(|(c, _)| *c == code).map(nth)
}

/// Each language's function words, in the order of `FILES`, read from the
/// rule files without compiling their rules.
pub(crate) fn stopwords() -> impl Iterator<Item = Vec<String>> {
    #[derive(Deserialize)]
    struct Words {
        #[serde(default)]
        stopwords: Vec<String>,
    }
    FILES.iter().map(|(code, src)| {
        toml::from_str::<Words>(src)
            .unwrap_or_else(|e| {
                panic!("the built-in cue rules rules/{code}.toml do not parse: {e}")
            })
            .stopwords
    })
}

/// The language subtags with rules.
pub(crate) fn codes() -> impl Iterator<Item = &'static str> {
    FILES.iter().map(|(c, _)| *c)
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_built_in_rule_file_parses_and_compiles() {
        let all = super::all();
        assert_eq!(all.len(), super::FILES.len());
        for (l, words) in all.iter().zip(super::stopwords()) {
            assert!(!l.rules.is_empty(), "{} has no rules", l.code);
            // Compiled on first use: every one compiled here (a bad one panics).
            let language = [
                &l.negation,
                &l.anaphora,
                &l.complement,
                &l.subject,
                &l.background,
                &l.clause,
                &l.furniture,
            ];
            for r in &l.rules {
                let unless = [&r.unless_before, &r.unless_after, &r.unless_source];
                let all = r
                    .patterns
                    .iter()
                    .chain(unless.into_iter().chain(language).flatten());
                for re in all {
                    assert!(!re.as_str().is_empty());
                }
            }
            assert!(!words.is_empty() || matches!(l.code.as_str(), "zh" | "ja" | "ru"));
        }
    }
}
