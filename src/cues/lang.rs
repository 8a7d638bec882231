//! Which language a document is written in, when its metadata does not say: by script, then by function words.

use super::rules::{self, Language};

/// The language of `text`: Japanese where kana are, Chinese for Han alone,
/// Russian for Cyrillic, else the Latin-script language whose function words
/// occur most (English when none do).
pub(crate) fn detect(text: &str) -> &'static Language {
    // The first few thousand bytes tell the language of an article.
    let mut end = text.len().min(SAMPLE);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let sample = &text[..end];
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
    let words = stopwords();
    let count = rules::codes().count();
    let mut hits = vec![0usize; count];
    for token in sample
        .split(|c: char| !c.is_alphabetic())
        .filter(|t| !t.is_empty() && t.len() <= 12)
    {
        let lower = token.to_lowercase();
        if let Some(langs) = words.get(lower.as_str()) {
            for &l in langs {
                hits[l] += 1;
            }
        }
    }
    // The most function words wins; English on a tie or when none occur.
    let en = rules::codes().position(|c| c == "en").unwrap_or(0);
    let best = (0..count).max_by_key(|&i| (hits[i], i == en)).unwrap_or(en);
    rules::nth(best)
}

/// Bytes of a document's start read to tell its language.
const SAMPLE: usize = 4 * 1024;

/// Each function word, with the languages that have it.
fn stopwords() -> &'static std::collections::HashMap<String, Vec<usize>> {
    static WORDS: std::sync::OnceLock<std::collections::HashMap<String, Vec<usize>>> =
        std::sync::OnceLock::new();
    WORDS.get_or_init(|| {
        let mut m: std::collections::HashMap<String, Vec<usize>> = std::collections::HashMap::new();
        for (i, words) in rules::stopwords().enumerate() {
            for w in &words {
                m.entry(w.to_lowercase()).or_default().push(i);
            }
        }
        m
    })
}
