//! Word boundaries by Unicode text segmentation (UAX #29), so spans and
//! suggestions end on real words in every script: between the words of
//! Russian or Arabic text, and around each ideograph of Chinese or Japanese
//! text, which puts no spaces between words.

use unicode_segmentation::UnicodeSegmentation;

/// Code points read on each side of a position to find the word around it.
pub(crate) const REACH: usize = 64;

/// The boundaries (char indexes, `from`-based) of the words in `chars[from..to]`.
fn bounds(chars: &[char], from: usize, to: usize) -> Vec<usize> {
    let text: String = chars[from..to].iter().collect();
    let mut out = Vec::new();
    let mut at = from;
    for piece in text.split_word_bounds() {
        out.push(at);
        at += piece.chars().count();
    }
    out.push(at);
    out
}

/// The word boundaries within `REACH` of `at`.
fn near(chars: &[char], at: usize) -> Vec<usize> {
    bounds(
        chars,
        at.saturating_sub(REACH),
        (at + REACH).min(chars.len()),
    )
}

/// Whether a word boundary falls at `at` in `chars`.
pub(crate) fn is_boundary(chars: &[char], at: usize) -> bool {
    at == 0 || at >= chars.len() || near(chars, at).contains(&at)
}

/// The start of the word that holds `chars[at]` (or `at`, on a boundary).
pub(crate) fn start_of(chars: &[char], at: usize) -> usize {
    if is_boundary(chars, at) {
        return at;
    }
    near(chars, at)
        .into_iter()
        .rfind(|&b| b <= at)
        .unwrap_or(at)
}

/// The end of the word that holds `chars[at - 1]` (or `at`, on a boundary).
pub(crate) fn end_of(chars: &[char], at: usize) -> usize {
    if is_boundary(chars, at) {
        return at;
    }
    near(chars, at).into_iter().find(|&b| b >= at).unwrap_or(at)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chars(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    #[test]
    fn words_of_latin_and_cyrillic_text_end_at_spaces_and_punctuation() {
        let c = chars("Все люди рождаются свободными.");
        assert_eq!(start_of(&c, 10), 9, "inside «рождаются»");
        assert_eq!(end_of(&c, 10), 18);
        assert!(is_boundary(&c, 8) && is_boundary(&c, 29));
        let c = chars("the U.S. elections");
        assert_eq!(
            end_of(&c, 6),
            7,
            "U.S is one word, the last full stop is not"
        );
    }

    #[test]
    fn each_ideograph_is_a_word_where_no_spaces_separate_them() {
        let c = chars("人人生而自由，在尊严和权利上一律平等。");
        for at in 0..c.len() {
            assert!(is_boundary(&c, at), "{at}");
        }
    }

    #[test]
    fn arabic_words_end_at_spaces() {
        let c = chars("يولد جميع الناس أحرارًا");
        assert_eq!(start_of(&c, 7), 5);
        assert_eq!(end_of(&c, 7), 9);
    }
}
