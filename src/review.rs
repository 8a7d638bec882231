//! Changes people make to a claim after review (`accept`, `set`, `retract`,
//! `supersede`) as `toml_edit` edits that append `[[claim.history]]`
//! entries, keeping every untouched byte. No I/O: the caller reads, locks
//! and writes.

use anyhow::{Result, anyhow};
use toml_edit::{ArrayOfTables, Datetime, DocumentMut, Item, Table, Value};

use crate::check::finding::Fix;
use crate::claim::AnchorKind;
use crate::fix::{one_line_string, set_value};

/// Who, when, and which action: shared by the entries of one change.
#[derive(Debug, Clone)]
pub(crate) struct Stamp {
    pub(crate) at: Datetime,
    pub(crate) by: Option<String>,
    pub(crate) action: &'static str,
    pub(crate) note: Option<String>,
}

/// One field changed: its name (`level`, `evidence[0].start`), old and new value.
#[derive(Debug, Clone)]
pub(crate) struct Change {
    pub(crate) field: String,
    pub(crate) from: Option<Value>,
    pub(crate) to: Option<Value>,
}

impl Change {
    /// `field: old -> new`, for people.
    pub(crate) fn describe(&self) -> String {
        let show = |v: &Option<Value>| match v {
            None => "(none)".to_string(),
            Some(v) => v.clone().decorated("", "").to_string(),
        };
        format!("{}: {} -> {}", self.field, show(&self.from), show(&self.to))
    }
}

/// The `[[claim]]` table with this id.
pub(crate) fn claim_mut<'a>(doc: &'a mut DocumentMut, id: &str) -> Result<&'a mut Table> {
    doc.get_mut("claim")
        .and_then(Item::as_array_of_tables_mut)
        .and_then(|a| {
            a.iter_mut()
                .find(|t| t.get("id").and_then(Item::as_str) == Some(id))
        })
        .ok_or_else(|| anyhow!("claim `{id}` is no longer in its file"))
}

/// Sets (or, with `None`, removes) `key`, returning the change if the value
/// differs.
pub(crate) fn set(t: &mut Table, key: &str, field: &str, to: Option<Value>) -> Option<Change> {
    let from = t.get(key).and_then(Item::as_value).cloned();
    let same = match (&from, &to) {
        (None, None) => true,
        (Some(a), Some(b)) => value_eq(a, b),
        _ => false,
    };
    if same {
        return None;
    }
    match &to {
        Some(v) => set_value(t, key, v.clone()),
        None => {
            t.remove(key);
        }
    }
    Some(Change {
        field: field.to_string(),
        from: from.map(|v| v.decorated("", "")),
        to,
    })
}

fn value_eq(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::String(x), Value::String(y)) => x.value() == y.value(),
        (Value::Integer(x), Value::Integer(y)) => x.value() == y.value(),
        _ => a.clone().decorated("", "").to_string() == b.clone().decorated("", "").to_string(),
    }
}

/// A string value for a key.
#[expect(
    clippy::unnecessary_wraps,
    reason = "edits take `Option<Value>`: `None` removes the key"
)]
pub(crate) fn text(s: &str) -> Option<Value> {
    Some(one_line_string(s))
}

/// Applies a `check` fix (pin start, prefix, suffix; maybe the quote) to
/// the claim table `t`, returning what changed.
pub(crate) fn pin(t: &mut Table, claim_id: &str, fix: &Fix) -> Result<Vec<Change>> {
    let (t, field) = match fix.anchor {
        AnchorKind::Quote => (t, String::new()),
        AnchorKind::Evidence(i) => (
            t.get_mut("evidence")
                .and_then(Item::as_array_of_tables_mut)
                .and_then(|a| a.get_mut(i))
                .ok_or_else(|| anyhow!("evidence[{i}] of `{claim_id}` is no longer there"))?,
            format!("evidence[{i}]."),
        ),
    };
    let mut changes = Vec::new();
    if let Some(q) = &fix.quote {
        changes.extend(set(t, "quote", &format!("{field}quote"), text(q)));
    }
    changes.extend(set(
        t,
        "start",
        &format!("{field}start"),
        Some(Value::from(crate::fix::int(fix.start))),
    ));
    changes.extend(set(
        t,
        "prefix",
        &format!("{field}prefix"),
        text(&fix.prefix),
    ));
    changes.extend(set(
        t,
        "suffix",
        &format!("{field}suffix"),
        text(&fix.suffix),
    ));
    Ok(changes)
}

/// Appends one `[[claim.history]]` entry for the change: who, when, the
/// action and note once, then each field changed on a line of its own
/// (`changes = [{ field = "start", from = 495, to = 456 }, ...]`), so a pull
/// request's diff shows a change in a few lines.
pub(crate) fn record(t: &mut Table, stamp: &Stamp, changes: &[Change]) {
    if !t.contains_key("history") {
        t.insert("history", Item::ArrayOfTables(ArrayOfTables::new()));
    }
    let Some(history) = t.get_mut("history").and_then(Item::as_array_of_tables_mut) else {
        return;
    };
    let mut e = Table::new();
    e.insert("at", toml_edit::value(stamp.at));
    if let Some(by) = &stamp.by {
        e.insert("by", Item::Value(one_line_string(by)));
    }
    e.insert("action", toml_edit::value(stamp.action));
    if let Some(n) = &stamp.note {
        e.insert("note", Item::Value(one_line_string(n)));
    }
    if !changes.is_empty() {
        let mut list = toml_edit::Array::new();
        for c in changes {
            let mut one = toml_edit::InlineTable::new();
            one.insert("field", c.field.as_str().into());
            if let Some(v) = &c.from {
                // Written again as a basic string: a hand-written value
                // keeps no raw control or bidi character in the history.
                let v = match v {
                    Value::String(s) => one_line_string(s.value()),
                    v => v.clone(),
                };
                one.insert("from", v);
            }
            if let Some(v) = &c.to {
                one.insert("to", v.clone());
            }
            one.fmt();
            list.push(Value::InlineTable(one).decorated("\n    ", ""));
        }
        list.set_trailing_comma(true);
        list.set_trailing("\n");
        e.insert("changes", toml_edit::value(list));
    }
    history.push(e);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stamp() -> Stamp {
        Stamp {
            at: "2026-11-21T10:00:00Z".parse().unwrap(),
            by: Some("Ana".into()),
            action: "set",
            note: None,
        }
    }

    #[test]
    fn a_change_appends_history_after_the_claims_evidence_and_keeps_every_other_byte() {
        let src = "# log\n[[claim]]\nid = \"a\"  # keep\nlevel = \"source-says\"\nstatement = \"s\"\ndoc = \"d\"\nquote = \"q\"\n\n[[claim.evidence]]\nquote = \"e\"\n\n[[claim]]\nid = \"b\"\nlevel = \"confirmed\"\nstatement = \"s\"\ndoc = \"d\"\nquote = \"q\"\n";
        let mut doc: DocumentMut = src.parse().unwrap();
        let t = claim_mut(&mut doc, "a").unwrap();
        let c = set(t, "level", "level", text("confirmed")).unwrap();
        assert_eq!(c.describe(), "level: \"source-says\" -> \"confirmed\"");
        record(t, &stamp(), &[c]);
        let out = doc.to_string();
        assert!(
            out.starts_with(
                "# log\n[[claim]]\nid = \"a\"  # keep\nlevel = \"confirmed\"\nstatement"
            ),
            "{out}"
        );
        assert!(out.ends_with("[[claim]]\nid = \"b\"\nlevel = \"confirmed\"\nstatement = \"s\"\ndoc = \"d\"\nquote = \"q\"\n"), "{out}");
        let reparsed = crate::claim::parse_claims("x.toml", &out);
        assert!(
            reparsed.problems.is_empty(),
            "{:?}\n{out}",
            reparsed.problems
        );
        let a = &reparsed.claims[0];
        assert_eq!(a.history.len(), 1);
        assert_eq!(a.history[0].from.as_deref(), Some("source-says"));
        assert_eq!(a.history[0].to.as_deref(), Some("confirmed"));
        assert_eq!(a.anchors.len(), 2, "the evidence stays the claim's");
        assert_eq!(reparsed.claims[1].id, "b");
        assert!(reparsed.claims[1].history.is_empty());
    }

    #[test]
    fn setting_the_same_value_is_no_change() {
        let mut doc: DocumentMut = "[[claim]]\nid = \"a\"\nlevel = \"confirmed\"\n"
            .parse()
            .unwrap();
        let t = claim_mut(&mut doc, "a").unwrap();
        assert!(set(t, "level", "level", text("confirmed")).is_none());
        assert!(claim_mut(&mut doc, "zz").is_err());
    }
}
