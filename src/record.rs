//! The claim record writer: a new `[[claim]]` table as TOML text, and a
//! short readable id slugged from its statement.

use std::collections::HashSet;

use toml_edit::{ArrayOfTables, DocumentMut, Item, Table, value};

use crate::claim::{Attribution, Level};
use crate::fix::one_line_string;
use crate::locate::Located;

/// The new record, as TOML text of one `[[claim]]` table.
pub(crate) struct Record<'a> {
    pub(crate) id: &'a str,
    pub(crate) statement: &'a str,
    pub(crate) level: Level,
    pub(crate) attributed_to: Option<&'a str>,
    pub(crate) tags: &'a [String],
    pub(crate) fact: Option<&'a str>,
    pub(crate) notes: Option<&'a str>,
    pub(crate) quote: &'a Located,
    pub(crate) evidence: &'a [Located],
    pub(crate) logged_by: Option<String>,
    pub(crate) logged_at: Option<toml_edit::Datetime>,
    /// `[claim.extra]` strings (where an imported claim came from).
    pub(crate) extra: &'a [(String, String)],
    /// The attribution as the document gives it now.
    pub(crate) attribution: Option<&'a Attribution>,
    /// What each elision and bracket of the quote stands for.
    pub(crate) stands_for: Option<&'a [String]>,
}

impl Record<'_> {
    pub(crate) fn to_toml(&self) -> String {
        let mut t = Table::new();
        t["id"] = value(one_line_string(self.id));
        t["statement"] = value(one_line_string(self.statement));
        t["level"] = value(self.level.as_str());
        if let Some(by) = self.attributed_to {
            t["attributed-to"] = value(one_line_string(by));
        }
        t["doc"] = value(one_line_string(&self.quote.doc));
        put_selector(&mut t, self.quote);
        if !self.tags.is_empty() {
            let mut arr = toml_edit::Array::new();
            for tag in self.tags {
                arr.push(one_line_string(tag));
            }
            t["tags"] = value(arr);
        }
        if let Some(f) = self.fact {
            t["fact"] = value(one_line_string(f));
        }
        if let Some(n) = self.notes {
            t["notes"] = value(one_line_string(n));
        }
        if let Some(who) = &self.logged_by {
            t["logged-by"] = Item::Value(one_line_string(who));
        }
        if let Some(at) = self.logged_at {
            t["logged-at"] = value(at);
        }
        if !self.evidence.is_empty() {
            let mut aot = ArrayOfTables::new();
            for e in self.evidence {
                let mut et = Table::new();
                put_selector(&mut et, e);
                if e.doc != self.quote.doc {
                    et["doc"] = value(one_line_string(&e.doc));
                }
                if let Some(n) = &e.note {
                    et["note"] = Item::Value(one_line_string(n));
                }
                aot.push(et);
            }
            t["evidence"] = Item::ArrayOfTables(aot);
        }
        put_attribution(&mut t, self.attribution, self.stands_for);
        if !self.extra.is_empty() {
            let mut x = Table::new();
            for (k, v) in self.extra {
                x[k.as_str()] = Item::Value(one_line_string(v));
            }
            t["extra"] = Item::Table(x);
        }
        let mut claims = ArrayOfTables::new();
        claims.push(t);
        let mut doc = DocumentMut::new();
        doc["claim"] = Item::ArrayOfTables(claims);
        doc.to_string()
    }
}

/// Writes `stands-for` and `[claim.attribution]` (its cues as
/// `[[claim.attribution.cue]]`) into a claim's table, replacing any there.
pub(crate) fn put_attribution(
    t: &mut Table,
    attribution: Option<&Attribution>,
    stands_for: Option<&[String]>,
) {
    match stands_for {
        Some(sf) => {
            let mut arr = toml_edit::Array::new();
            for s in sf {
                arr.push(one_line_string(s));
            }
            t["stands-for"] = value(arr);
        }
        None => {
            t.remove("stands-for");
        }
    }
    let Some(att) = attribution else {
        t.remove("attribution");
        return;
    };
    let mut at = Table::new();
    at["level"] = value(att.level.as_str());
    if let Some(w) = &att.window {
        at["window"] = value(w.as_str());
    }
    if !att.cues.is_empty() {
        let mut aot = ArrayOfTables::new();
        for c in &att.cues {
            let mut ct = Table::new();
            ct["words"] = Item::Value(one_line_string(&c.words));
            if let Some(source) = &c.source {
                ct["source"] = Item::Value(one_line_string(source));
            }
            if let Some(rule) = &c.rule {
                ct["rule"] = value(rule.as_str());
            }
            if let Some(scope) = &c.scope {
                ct["scope"] = value(scope.as_str());
            }
            if let Some(start) = c.start {
                ct["start"] = value(crate::fix::int(start));
            }
            if let Some(p) = &c.prefix {
                ct["prefix"] = Item::Value(one_line_string(p));
            }
            if let Some(s) = &c.suffix {
                ct["suffix"] = Item::Value(one_line_string(s));
            }
            aot.push(ct);
        }
        at["cue"] = Item::ArrayOfTables(aot);
    }
    t["attribution"] = Item::Table(at);
}

pub(crate) fn put_selector(t: &mut Table, l: &Located) {
    t["quote"] = value(one_line_string(&l.quote));
    t["start"] = value(crate::fix::int(l.start));
    t["prefix"] = value(one_line_string(&l.prefix));
    t["suffix"] = value(one_line_string(&l.suffix));
}

const STOPWORDS: &[&str] = &[
    "a", "an", "the", "of", "to", "in", "on", "and", "for", "with", "was", "were", "is", "are",
    "by", "at", "that", "his", "her", "its", "from", "as", "had", "has", "have", "be", "been",
];

/// Latin letters for a Cyrillic one (a plain Russian transliteration), so a
/// Russian statement gives a readable id.
fn latin(c: char) -> Option<&'static str> {
    const TABLE: [(char, &str); 33] = [
        ('а', "a"),
        ('б', "b"),
        ('в', "v"),
        ('г', "g"),
        ('д', "d"),
        ('е', "e"),
        ('ё', "yo"),
        ('ж', "zh"),
        ('з', "z"),
        ('и', "i"),
        ('й', "y"),
        ('к', "k"),
        ('л', "l"),
        ('м', "m"),
        ('н', "n"),
        ('о', "o"),
        ('п', "p"),
        ('р', "r"),
        ('с', "s"),
        ('т', "t"),
        ('у', "u"),
        ('ф', "f"),
        ('х', "kh"),
        ('ц', "ts"),
        ('ч', "ch"),
        ('ш', "sh"),
        ('щ', "shch"),
        ('ъ', ""),
        ('ы', "y"),
        ('ь', ""),
        ('э', "e"),
        ('ю', "yu"),
        ('я', "ya"),
    ];
    TABLE.iter().find(|(k, _)| *k == c).map(|(_, v)| *v)
}

/// A short readable id from a statement's key words, unique among `taken`;
/// with no Latin or Cyrillic word to use, the document's name and a number.
pub(crate) fn slug(statement: &str, doc: &str, taken: &HashSet<String>) -> String {
    let (base, numbered) = slug_parts(statement, doc);
    if numbered {
        let mut n = 1;
        while taken.contains(&format!("{base}-{n}")) {
            n += 1;
        }
        return format!("{base}-{n}");
    }
    let mut id = base.clone();
    let mut n = 2;
    while taken.contains(&id) {
        id = format!("{base}-{n}");
        n += 1;
    }
    id
}

fn slug_parts(statement: &str, doc: &str) -> (String, bool) {
    // "Kaspersky's" -> "kaspersky", "U.S." -> "us"; then split on anything else.
    let words: Vec<String> = statement
        .split_whitespace()
        .map(|t| {
            let t: String = t
                .to_lowercase()
                .chars()
                .map(|c| latin(c).map_or(c.to_string(), str::to_string))
                .collect();
            let t = t.trim_end_matches(|c: char| !c.is_alphanumeric());
            let t = t
                .strip_suffix("'s")
                .or_else(|| t.strip_suffix("’s"))
                .unwrap_or(t);
            t.replace(['.', '\'', '’'], "")
        })
        .flat_map(|t| {
            t.split(|c: char| !c.is_ascii_alphanumeric())
                .filter(|w| !w.is_empty())
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .filter(|w| !STOPWORDS.contains(&w.as_str()))
        .take(5)
        .collect();
    // A number last would read like the counter of a taken id ("...-square-3").
    let mut words = words;
    while words.len() > 1
        && words
            .last()
            .is_some_and(|w| w.bytes().all(|b| b.is_ascii_digit()))
    {
        words.pop();
    }
    let mut base = String::new();
    for w in words {
        if !base.is_empty() && base.len() + 1 + w.len() > 40 {
            break;
        }
        if !base.is_empty() {
            base.push('-');
        }
        base.push_str(&w);
    }
    if !base.bytes().any(|b| b.is_ascii_alphabetic()) {
        // No word to use: the document's name, then a number.
        let name: String = doc
            .rsplit('/')
            .next()
            .unwrap_or(doc)
            .to_lowercase()
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
            .collect();
        let name = name.trim_matches('-');
        let base = if name.is_empty() {
            "claim".into()
        } else {
            name.to_string()
        };
        return (base, true);
    }
    (base, false)
}

/// What every id `slug` gives for this statement starts with, whatever is
/// taken: a scan for it finds every claim whose id `slug` must avoid.
pub(crate) fn slug_stem(statement: &str, doc: &str) -> String {
    slug_parts(statement, doc).0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_short_readable_and_unique() {
        let mut taken = HashSet::new();
        let s = slug(
            "Mikhailov was sentenced to 22 years in prison.",
            "d",
            &taken,
        );
        assert_eq!(s, "mikhailov-sentenced-22-years-prison");
        taken.insert(s.clone());
        assert_eq!(
            slug(
                "Mikhailov was sentenced to 22 years in prison!",
                "d",
                &taken
            ),
            format!("{s}-2")
        );
        assert_eq!(slug("Путин сказал", "d", &HashSet::new()), "putin-skazal");
        assert_eq!(
            slug("习近平讲话", "news/2026-11-21-speech", &HashSet::new()),
            "2026-11-21-speech-1"
        );
        assert_eq!(
            slug("Photo shows Red Square on 3 March", "d", &HashSet::new()),
            "photo-shows-red-square"
        );
        assert_eq!(
            slug("Kaspersky's U.S. team", "d", &HashSet::new()),
            "kaspersky-us-team"
        );
    }
}
