//! `cues`'s listing: every attribution cue of a document, with its level, rule, source and what it governs.

use crate::cues::{Cue, Direction, Kind, Reach, Reading};
use crate::text::DocText;

/// What a cue governs, in words.
fn governs(cue: &Cue, points_back: bool) -> &'static str {
    match (cue.rule.kind, cue.rule.direction, cue.rule.reach) {
        (Kind::Unverified | Kind::Documentary | Kind::Denial, _, _) if points_back => {
            "its sentence, and the sentence before it, which it points back at"
        }
        (_, _, Reach::Clause) => "its own clause",
        (_, Direction::Forward, _) => "what follows it in its sentence",
        (Kind::Reporting, _, _) => {
            "the clause it introduces or tags, and quoted speech of its speaker"
        }
        _ => "its sentence",
    }
}

/// Each cue with the sentence it stands in and whether that sentence
/// points back at the one before.
fn listing(reading: &Reading) -> Vec<(Cue, std::ops::Range<usize>, bool)> {
    let mut out = Vec::new();
    for p in &reading.paragraphs() {
        for (i, s) in p.sentences.iter().enumerate() {
            let points_back = i > 0 && reading.points_back(s.clone());
            for cue in reading.cues_in(s.clone()) {
                out.push((cue, s.clone(), points_back));
            }
        }
    }
    out
}

/// Lines for people.
pub(crate) fn human(reading: &Reading, text: &DocText, shown: &str) -> String {
    let cues = listing(reading);
    let s = text.as_str();
    let mut out = format!(
        "{shown}: {} in {} ({})\n",
        super::plural(cues.len(), "attribution cue"),
        reading.language().name,
        reading.language().code
    );
    for (cue, sentence, back) in &cues {
        let (line, col) = text.line_col(text.char_of_byte(cue.range.start));
        out.push_str(&format!(
            "{line}:{col}  {}  {:?}  ({}, {})\n",
            cue.rule.level,
            super::safe(&s[cue.range.clone()]),
            cue.rule.id,
            cue.rule.kind.as_str()
        ));
        if let Some(src) = &cue.source {
            out.push_str(&format!("    source: {:?}\n", super::safe(&s[src.clone()])));
        }
        if cue.rule.note.is_some() {
            out.push_str("    the party concerned denies or disputes it\n");
        }
        out.push_str(&format!("    governs: {}\n", governs(cue, *back)));
        let sent: String = s[sentence.clone()].chars().take(160).collect();
        let more = if s[sentence.clone()].chars().count() > 160 {
            "…"
        } else {
            ""
        };
        out.push_str(&format!("    in: {}{more}\n", super::safe(&sent)));
    }
    out
}

/// One JSON document for scripts.
pub(crate) fn json(reading: &Reading, text: &DocText, doc: &str) -> String {
    let s = text.as_str();
    let cues: Vec<serde_json::Value> = listing(reading)
        .iter()
        .map(|(cue, sentence, back)| {
            let start = text.char_of_byte(cue.range.start);
            let (line, column) = text.line_col(start);
            serde_json::json!({
                "words": &s[cue.range.clone()],
                "start": start,
                "end": text.char_of_byte(cue.range.end),
                "line": line,
                "column": column,
                "level": cue.rule.level.as_str(),
                "rule": cue.rule.id,
                "kind": cue.rule.kind.as_str(),
                "source": cue.source.clone().map(|r| &s[r]),
                "disputed": cue.rule.note.is_some(),
                "points_back": back,
                "governs": governs(cue, *back),
                "sentence": &s[sentence.clone()],
            })
        })
        .collect();
    let v = serde_json::json!({
        "doc": doc,
        "language": reading.language().code,
        "cues": cues,
    });
    serde_json::to_string_pretty(&v).unwrap_or_default() + "\n"
}
