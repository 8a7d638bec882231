//! Fact records (`claims/facts.toml`): the fact-checker's verdict on a fact, which the attribution level of a claim is not.

use anyhow::Result;
use toml_edit::{Item, Table, Value};

use crate::claim::{Problem, valid_id};
use crate::text::line_col;

/// Where fact records are kept, relative to the project root.
pub(crate) const FACTS_FILE: &str = "claims/facts.toml";

/// One `[[fact]]`.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Fact {
    pub(crate) id: String,
    pub(crate) statement: String,
    /// A rating name ("False", "Unproven", "Mostly true").
    pub(crate) verdict: Option<String>,
    pub(crate) rating_value: Option<f64>,
    pub(crate) best_rating: Option<f64>,
    pub(crate) worst_rating: Option<f64>,
    /// The organisation that reviewed it.
    pub(crate) reviewed_by: Option<String>,
    pub(crate) review_url: Option<String>,
    pub(crate) review_date: Option<String>,
    pub(crate) line: usize,
}

/// The facts file, read: its records and what is wrong in it.
#[derive(Debug, Clone, Default)]
pub(crate) struct Facts {
    /// Whether the file exists: only then must a claim's `fact` name a record.
    pub(crate) present: bool,
    /// Whether the file is there but could not be read: its ids are unknown,
    /// so the `fact` of a claim is not checked against them.
    pub(crate) unread: bool,
    pub(crate) facts: Vec<Fact>,
    pub(crate) problems: Vec<Problem>,
}

impl Facts {
    pub(crate) fn get(&self, id: &str) -> Option<&Fact> {
        self.facts.iter().find(|f| f.id == id)
    }
}

const KEYS: &[&str] = &[
    "id",
    "statement",
    "verdict",
    "rating-value",
    "best-rating",
    "worst-rating",
    "reviewed-by",
    "review-url",
    "review-date",
];

/// The fact records from the text of `claims/facts.toml` as the project
/// read it: none when there is no such file, a problem when it could not be read.
pub(crate) fn load(text: Option<Result<String, String>>) -> Facts {
    match text {
        None => Facts::default(),
        Some(Ok(src)) => parse(&src),
        Some(Err(message)) => Facts {
            present: true,
            unread: true,
            facts: Vec::new(),
            problems: vec![problem(1, 1, message)],
        },
    }
}

fn problem(line: usize, column: usize, message: String) -> Problem {
    Problem {
        line,
        column,
        claim: None,
        message,
    }
}

/// Validates the text of a facts file; every problem has its line and column.
pub(crate) fn parse(src: &str) -> Facts {
    let mut out = Facts {
        present: true,
        ..Facts::default()
    };
    let at = |span: Option<std::ops::Range<usize>>| line_col(src, span.map_or(0, |s| s.start));
    let doc = match toml_edit::Document::parse(src.to_string()) {
        Ok(d) => d,
        Err(e) => {
            let (l, c) = at(e.span());
            out.problems
                .push(problem(l, c, e.message().trim().replace('\n', " ")));
            return out;
        }
    };
    for (key, item) in doc.iter() {
        if key != "fact" {
            let (l, c) = at(doc.key(key).and_then(toml_edit::Key::span));
            out.problems.push(problem(
                l,
                c,
                format!("unknown key `{key}` in the facts file; it holds only [[fact]] tables"),
            ));
            continue;
        }
        let Some(tables) = item.as_array_of_tables() else {
            out.problems.push(problem(
                1,
                1,
                "`fact` must be an array of tables: [[fact]]".into(),
            ));
            continue;
        };
        for t in tables {
            if let Some(f) = one(t, &at, &mut out.problems) {
                if let Some(prev) = out.facts.iter().find(|p| p.id == f.id) {
                    out.problems.push(problem(
                        f.line,
                        1,
                        format!("duplicate fact id `{}` (first at line {})", f.id, prev.line),
                    ));
                    continue;
                }
                out.facts.push(f);
            }
        }
    }
    out
}

fn one(
    t: &Table,
    at: &impl Fn(Option<std::ops::Range<usize>>) -> (usize, usize),
    problems: &mut Vec<Problem>,
) -> Option<Fact> {
    let (line, _) = at(t.span());
    let mut bad = false;
    let mut report = |item: &Item, message: String| {
        let (l, c) = at(item.span().or_else(|| t.span()));
        problems.push(problem(l, c, message));
    };
    for (k, item) in t {
        if !KEYS.contains(&k) {
            report(
                item,
                format!(
                    "unknown key `{k}` in [[fact]]; the keys are {}",
                    KEYS.join(", ")
                ),
            );
            bad = true;
        }
    }
    let mut text = |k: &str, required: bool| -> Option<String> {
        match t.get(k) {
            None if required => {
                problems.push(problem(line, 1, format!("[[fact]] has no `{k}`")));
                bad = true;
                None
            }
            None => None,
            Some(item) => match item.as_value() {
                Some(Value::String(s)) if !s.value().trim().is_empty() => Some(s.value().clone()),
                Some(Value::Datetime(d)) if k == "review-date" => Some(d.value().to_string()),
                _ => {
                    let (l, c) = at(item.span());
                    problems.push(problem(l, c, format!("`{k}` must be a non-empty string")));
                    bad = true;
                    None
                }
            },
        }
    };
    let id = text("id", true);
    let statement = text("statement", true);
    let verdict = text("verdict", false);
    let reviewed_by = text("reviewed-by", false);
    let review_url = text("review-url", false);
    let review_date = text("review-date", false);
    let mut number = |k: &str| -> Option<f64> {
        let item = t.get(k)?;
        match item.as_value() {
            Some(Value::Integer(i)) => Some(*i.value() as f64),
            Some(Value::Float(f)) => Some(*f.value()),
            _ => {
                let (l, c) = at(item.span());
                problems.push(problem(l, c, format!("`{k}` must be a number")));
                bad = true;
                None
            }
        }
    };
    let rating_value = number("rating-value");
    let best_rating = number("best-rating");
    let worst_rating = number("worst-rating");
    if let Some(id) = &id
        && !valid_id(id)
    {
        problems.push(problem(
            line,
            1,
            format!("invalid fact id {id:?}: use lowercase letters, digits and `-`"),
        ));
        bad = true;
    }
    if let (Some(v), Some(lo), Some(hi)) = (rating_value, worst_rating, best_rating)
        && !(lo.min(hi)..=lo.max(hi)).contains(&v)
    {
        problems.push(problem(
            line,
            1,
            format!("`rating-value = {v}` is outside worst-rating {lo} .. best-rating {hi}"),
        ));
        bad = true;
    }
    if bad {
        return None;
    }
    Some(Fact {
        id: id?,
        statement: statement?,
        verdict,
        rating_value,
        best_rating,
        worst_rating,
        reviewed_by,
        review_url,
        review_date,
        line,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn facts_parse_with_verdicts_and_ratings() {
        let f = parse(
            "[[fact]]\nid = \"a\"\nstatement = \"S\"\nverdict = \"Unproven\"\nrating-value = 2\nbest-rating = 5\nworst-rating = 1\nreview-date = 2026-11-01\n\n[[fact]]\nid = \"b\"\nstatement = \"T\"\n",
        );
        assert!(f.problems.is_empty(), "{:?}", f.problems);
        assert_eq!(f.facts.len(), 2);
        assert_eq!(f.facts[0].verdict.as_deref(), Some("Unproven"));
        assert_eq!(f.facts[0].rating_value, Some(2.0));
        assert_eq!(f.facts[0].review_date.as_deref(), Some("2026-11-01"));
        assert_eq!(f.facts[1].verdict, None);
    }

    #[test]
    fn problems_name_line_and_column() {
        let f = parse(
            "[[fact]]\nid = \"a\"\nstatement = \"S\"\nverdit = \"x\"\n\n[[fact]]\nid = \"a\"\nstatement = \"T\"\nrating-value = \"high\"\n",
        );
        let lines: Vec<(usize, &str)> = f
            .problems
            .iter()
            .map(|p| (p.line, p.message.as_str()))
            .collect();
        assert!(
            lines
                .iter()
                .any(|(l, m)| *l == 4 && m.contains("unknown key `verdit`")),
            "{lines:?}"
        );
        assert!(
            lines
                .iter()
                .any(|(l, m)| *l == 9 && m.contains("must be a number")),
            "{lines:?}"
        );
    }
}
