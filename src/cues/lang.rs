//! Which language a document is written in, when its metadata does not say: by script, then by function words.

use super::rules::{self, Language};

/// The language of `text`: Japanese where kana are, Chinese for Han alone,
/// Russian for Cyrillic, else the Latin-script language whose function words
/// occur most (English when none do).
pub(crate) fn detect(text: &str) -> &'static Language {
    let sample: String = text.chars().take(20_000).collect();
    let (mut kana, mut han, mut cyrillic, mut letters) = (0usize, 0usize, 0usize, 0usize);
    for c in sample.chars().filter(|c| c.is_alphabetic()) {
        letters += 1;
        match c {
            '\u{3040}'..='\u{30ff}' => kana += 1,
            '\u{3400}'..='\u{4dbf}' | '\u{4e00}'..='\u{9fff}' | '\u{f900}'..='\u{faff}' => han += 1,
            '\u{0400}'..='\u{04ff}' => cyrillic += 1,
            _ => {}
        }
    }
    let by = |code: &str| rules::get(code).expect("built-in language");
    if letters > 0 && kana * 20 > letters {
        return by("ja");
    }
    if letters > 0 && han * 3 > letters {
        return by("zh");
    }
    if letters > 0 && cyrillic * 2 > letters {
        return by("ru");
    }
    let lower = sample.to_lowercase();
    let tokens: Vec<&str> = lower
        .split(|c: char| !c.is_alphabetic())
        .filter(|t| !t.is_empty())
        .collect();
    rules::all()
        .iter()
        .filter(|l| !l.stopwords.is_empty())
        .map(|l| {
            let hits = tokens
                .iter()
                .filter(|t| l.stopwords.iter().any(|w| w == *t))
                .count();
            (hits, l)
        })
        .max_by_key(|&(hits, l)| (hits, l.code == "en"))
        .map_or_else(|| by("en"), |(_, l)| l)
}
