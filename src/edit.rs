//! Every edit of a claims file (add, import, accept, set, retract, supersede,
//! `check --fix`): read it, change its text, prove the result parses as
//! cleanly as before and holds the claims it should, then write it atomically.

use std::path::Path;

use anyhow::anyhow;

use crate::claim::parse_claims;
use crate::failure::Failure;
use crate::project::{self, TextError};

/// What an edit does to a file's claims.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// Appends this many records; the file may not exist yet, and must parse
    /// cleanly before (a broken file is refused, never appended to).
    Append(usize),
    /// Changes records in place: the file exists, keeps every claim, and gains
    /// no problem.
    Change,
}

/// An edit proven safe, not yet written.
#[derive(Debug)]
pub(crate) struct Rewrite<'a> {
    pub(crate) path: &'a Path,
    pub(crate) before: String,
    pub(crate) after: String,
}

/// The claims file at `path` (named `shown` to people) after `edit`, proven
/// safe for its kind; nothing is written.
pub(crate) fn rewrite<'a>(
    path: &'a Path,
    shown: &str,
    kind: Kind,
    edit: impl FnOnce(&str) -> Result<String, Failure>,
) -> Result<Rewrite<'a>, Failure> {
    let before = match (project::read_text(path), kind) {
        (Ok(Some(s)), _) => s,
        (Ok(None), Kind::Append(_)) => String::new(),
        (Ok(None), Kind::Change) => return Err(anyhow!("cannot read {shown}: it is gone").into()),
        (Err(TextError::Utf8 { .. }), Kind::Append(_)) => {
            return Err(Failure::refused(format!(
                "{shown} is not valid UTF-8; fix it first"
            )));
        }
        (Err(TextError::Utf8 { .. }), Kind::Change) => {
            return Err(anyhow!("{shown} is no longer valid UTF-8").into());
        }
        (Err(TextError::Io(e)), Kind::Append(_)) => {
            return Err(anyhow::Error::new(e)
                .context(format!("cannot read {shown}"))
                .into());
        }
        (Err(TextError::Io(e)), Kind::Change) => {
            return Err(anyhow!("cannot read {shown}: {e}").into());
        }
    };
    let old = parse_claims(shown, &before);
    if let (Kind::Append(_), Some(p)) = (kind, old.problems.first()) {
        return Err(Failure::refused(format!(
            "{shown}:{}:{}: {}; fix that file first",
            p.line, p.column, p.message
        )));
    }
    let after = edit(&before)?;
    let new = parse_claims(shown, &after);
    match kind {
        Kind::Append(n) => {
            if !new.problems.is_empty() || new.claims.len() != old.claims.len() + n {
                return Err(Failure::refused(format!(
                    "appending to {shown} would not give a valid claims file"
                )));
            }
        }
        Kind::Change => {
            if new.problems.len() > old.problems.len() {
                let p = &new.problems[0];
                return Err(anyhow!(
                    "the change would make {shown} invalid ({}:{}: {}); nothing was written",
                    p.line,
                    p.column,
                    p.message
                )
                .into());
            }
            if new.claims.len() != old.claims.len() {
                return Err(anyhow!(
                    "the change would leave {shown} with {} claims instead of {}; nothing was written",
                    new.claims.len(),
                    old.claims.len()
                )
                .into());
            }
        }
    }
    Ok(Rewrite {
        path,
        before,
        after,
    })
}

impl Rewrite<'_> {
    /// Writes the new text atomically (its folder made first), inside `root`.
    pub(crate) fn write(&self, root: &Path) -> anyhow::Result<()> {
        if let Some(dir) = self.path.parent() {
            project::create_dir_all(dir)?;
        }
        project::write_atomic(root, self.path, &self.after)
    }
}

/// Appends claim records to a claims file in one atomic write, after proving
/// the result parses and holds every claim it held plus the new ones.
pub(crate) fn append(
    root: &Path,
    path: &Path,
    shown: &str,
    records: &[String],
) -> Result<(), Failure> {
    let r = rewrite(path, shown, Kind::Append(records.len()), |text| {
        Ok(records
            .iter()
            .fold(text.to_string(), |text, r| appended(&text, r)))
    })?;
    r.write(root)?;
    Ok(())
}

/// Appends `record` to the file's current text, in the file's line endings;
/// the old bytes stay as they were.
fn appended(existing: &str, record: &str) -> String {
    let eol = if crate::fix::crlf_only(existing) {
        "\r\n"
    } else {
        "\n"
    };
    let mut out = existing.to_string();
    if !out.is_empty() {
        if !out.ends_with('\n') {
            out.push_str(eol);
        }
        out.push_str(eol);
    }
    out.push_str(&record.replace('\n', eol));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn appending_to_a_crlf_file_writes_crlf_lines() {
        let new = appended("[[claim]]\r\nid = \"a\"", "[[claim]]\nid = \"b\"\n");
        assert_eq!(
            new,
            "[[claim]]\r\nid = \"a\"\r\n\r\n[[claim]]\r\nid = \"b\"\r\n"
        );
    }

    #[test]
    fn appending_keeps_every_byte_of_the_file() {
        let old = "# c\n[[claim]]\nid = \"a\"   # x";
        let new = appended(old, "[[claim]]\nid = \"b\"\n");
        assert!(new.starts_with(old));
        assert_eq!(
            new,
            "# c\n[[claim]]\nid = \"a\"   # x\n\n[[claim]]\nid = \"b\"\n"
        );
    }
}
