//! Format-preserving, atomic rewrites of claims files: `check --fix` pins
//! anchors, and `add` appends records. Comments, order and every untouched
//! line stay byte-identical; a file is replaced by rename, never half-written.

use std::collections::BTreeMap;
use std::fs::{self, File};
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, anyhow};
use toml_edit::{DocumentMut, Item, Table, Value};

use crate::claim::AnchorKind;
use crate::report::{Finding, Fix, Report};

/// Writes `contents` to `path` through a temporary file in the same folder and
/// a rename, so readers see the old file or the new one, never a mix.
pub fn write_atomic(path: &Path, contents: &str) -> Result<()> {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| -> std::io::Result<()> {
        let mut f = File::create(&tmp)?;
        f.write_all(contents.as_bytes())?;
        f.sync_all()?;
        if let Ok(meta) = fs::metadata(path) {
            fs::set_permissions(&tmp, meta.permissions())?;
        }
        fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result.with_context(|| format!("cannot write {}", path.display()))
}

/// An exclusive lock on the claims folder, held while a claims file is read,
/// changed and replaced, so that concurrent writers all land.
pub struct ClaimsLock {
    _dir: File,
}

impl ClaimsLock {
    pub fn acquire(claims_dir: &Path) -> Result<ClaimsLock> {
        let dir = File::open(claims_dir)
            .with_context(|| format!("cannot open {}", claims_dir.display()))?;
        dir.lock()
            .with_context(|| format!("cannot lock {}", claims_dir.display()))?;
        Ok(ClaimsLock { _dir: dir })
    }
}

/// A TOML basic string on one line: line breaks and other controls escaped,
/// so a pinned prefix that ends a paragraph does not become a multi-line string.
pub fn one_line_string(s: &str) -> Value {
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
    out.parse().unwrap_or_else(|_| Value::from(s))
}

/// Sets `key` to `value`, keeping the old value's comments and spacing.
pub fn set_value(t: &mut Table, key: &str, value: impl Into<Value>) {
    let mut value = value.into();
    if let Some(Item::Value(old)) = t.get(key) {
        *value.decor_mut() = old.decor().clone();
    }
    t[key] = Item::Value(value);
}

fn apply_one(doc: &mut DocumentMut, fix: &Fix, claim_id: &str) -> Result<()> {
    let claims = doc
        .get_mut("claim")
        .and_then(Item::as_array_of_tables_mut)
        .ok_or_else(|| anyhow!("no [[claim]] tables any more"))?;
    let t = claims
        .get_mut(fix.claim_index)
        .ok_or_else(|| anyhow!("claim `{claim_id}` is no longer there"))?;
    if t.get("id").and_then(Item::as_str) != Some(claim_id) {
        return Err(anyhow!(
            "claim `{claim_id}` moved in the file since it was read"
        ));
    }
    let t = match fix.anchor {
        AnchorKind::Quote => t,
        AnchorKind::Evidence(i) => t
            .get_mut("evidence")
            .and_then(Item::as_array_of_tables_mut)
            .and_then(|a| a.get_mut(i))
            .ok_or_else(|| anyhow!("evidence[{i}] of `{claim_id}` is no longer there"))?,
    };
    if let Some(q) = &fix.quote {
        set_value(t, "quote", one_line_string(q));
    }
    set_value(t, "start", fix.start as i64);
    set_value(t, "prefix", one_line_string(&fix.prefix));
    set_value(t, "suffix", one_line_string(&fix.suffix));
    Ok(())
}

/// Applies every fix in the report to its claims file; marks findings fixed.
/// Returns a message for each file that could not be fixed.
pub fn apply(root: &Path, report: &mut Report) -> Result<Vec<String>> {
    let mut by_file: BTreeMap<String, Vec<&mut Finding>> = BTreeMap::new();
    for f in report.full_findings_mut() {
        if f.fix.is_some() {
            by_file.entry(f.file.clone()).or_default().push(f);
        }
    }
    if by_file.is_empty() {
        return Ok(Vec::new());
    }
    let _lock = ClaimsLock::acquire(&root.join(crate::corpus::CLAIMS_DIR))?;
    let mut failures = Vec::new();
    for (file, findings) in by_file {
        let path: PathBuf = root.join(&file);
        let outcome = (|| -> Result<()> {
            let src = fs::read_to_string(&path).with_context(|| format!("cannot read {file}"))?;
            let mut doc: DocumentMut = src
                .parse()
                .with_context(|| format!("{file} is no longer valid TOML"))?;
            for f in &findings {
                let (Some(fix), Some(id)) = (&f.fix, &f.claim) else {
                    continue;
                };
                apply_one(&mut doc, fix, id).with_context(|| format!("{file}:{}", f.line))?;
            }
            let out = doc.to_string();
            if out != src {
                write_atomic(&path, &out)?;
            }
            Ok(())
        })();
        match outcome {
            Ok(()) => {
                for f in findings {
                    f.fixed = true;
                }
            }
            Err(e) => failures.push(format!("{e:#}")),
        }
    }
    Ok(failures)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_line_strings_escape_line_breaks_and_round_trip() {
        for s in ["said.\n\n", "a \"b\" \\ c\r\n\td", "\u{7f}x", "’ —"] {
            let v = one_line_string(s);
            assert!(!v.to_string().contains('\n'), "{v}");
            assert_eq!(v.as_str(), Some(s));
        }
    }
}
