//! What a change touched, for `check --files` and `check --changed-since`:
//! paths from the command line, standard input or git, mapped to claims
//! files and document ids of the project.

use std::io::Read;
use std::path::{Component, Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result, bail};

use crate::check::Selection;
use crate::project;

/// `a/./b/../c` -> `a/c`, without touching the disk (a deleted file counts).
fn lexical(p: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// Absolute (relative paths start at `base`), resolved through links where
/// the path exists.
fn absolute_from(base: &Path, p: &Path) -> PathBuf {
    let abs = if p.is_absolute() {
        p.to_path_buf()
    } else if base.is_absolute() {
        base.join(p)
    } else {
        std::env::current_dir()
            .unwrap_or_default()
            .join(base)
            .join(p)
    };
    let abs = lexical(&abs);
    // The folder may exist when the file is gone: resolve what exists.
    match (abs.parent(), abs.file_name()) {
        (Some(dir), Some(name)) => project::canonical(dir)
            .map(|d| d.join(name))
            .unwrap_or(abs.clone()),
        _ => abs,
    }
}

/// The project's root, absolute and resolved.
fn resolved(root: &Path) -> PathBuf {
    let r = if root.as_os_str().is_empty() {
        Path::new(".")
    } else {
        root
    };
    project::canonical(r).unwrap_or_else(|_| absolute_from(Path::new(""), r))
}

/// Adds one path to the selection when it is a claims file or a corpus file
/// of the project at `root`; anything else is not claimtrack's.
fn add(sel: &mut Selection, root: &Path, base: &Path, path: &Path) {
    let Ok(rel) = absolute_from(base, path)
        .strip_prefix(root)
        .map(Path::to_path_buf)
    else {
        return;
    };
    let rel = rel.to_string_lossy().replace('\\', "/");
    if rel.starts_with("claims/")
        && std::path::Path::new(&rel)
            .extension()
            .is_some_and(|ext| ext.eq_ignore_ascii_case("toml"))
    {
        sel.files.insert(rel);
    } else if let Some(doc) = rel.strip_prefix("corpus/") {
        for ext in [".txt", ".md", ".toml"] {
            if let Some(id) = doc.strip_suffix(ext) {
                sel.docs.insert(id.to_string());
            }
        }
    }
}

/// The selection from `--files`: the paths given, or with `-`, one per line
/// (or NUL-separated) on standard input.
pub(super) fn from_files(root: &Path, base: &Path, paths: &[PathBuf]) -> Result<Selection> {
    let root = resolved(root);
    let mut sel = Selection::default();
    for p in paths {
        if p.as_os_str() == "-" {
            let mut input = Vec::new();
            std::io::stdin()
                .read_to_end(&mut input)
                .context("cannot read the list of files from standard input")?;
            let text = String::from_utf8_lossy(&input);
            let sep = if text.contains('\0') { '\0' } else { '\n' };
            for line in text.split(sep) {
                let line = line.trim_end_matches('\r');
                if !line.is_empty() {
                    add(&mut sel, &root, base, Path::new(line));
                }
            }
        } else {
            add(&mut sel, &root, base, p);
        }
    }
    Ok(sel)
}

/// The project's folder from the root of the git repository it is in, with
/// a trailing `/` (`news/`): empty at the root, outside git, or without git.
/// GitHub and GitLab read the paths of annotations and reports from the
/// repository's root, whatever folder the check ran in.
pub(super) fn repo_prefix(root: &Path) -> String {
    match git(&resolved(root), &["rev-parse", "--show-prefix"]) {
        Ok(o) if o.status.success() => String::from_utf8_lossy(&o.stdout)
            .trim_end_matches(['\n', '\r'])
            .to_string(),
        _ => String::new(),
    }
}

fn git(root: &Path, args: &[&str]) -> Result<std::process::Output> {
    Command::new("git")
        .arg("-C")
        .arg(root)
        .args(args)
        .output()
        .context("cannot run git (is it installed?)")
}

/// The selection from `--changed-since REF`: files changed between REF and
/// HEAD (`git diff REF...HEAD`), in the index and working tree, and new
/// files git does not ignore.
pub(super) fn since(root: &Path, reference: &str) -> Result<Selection> {
    let root = resolved(root);
    let root = root.as_path();
    let top = git(root, &["rev-parse", "--show-toplevel"])?;
    if !top.status.success() {
        bail!(
            "--changed-since needs a git repository, and {} is not in one",
            root.display()
        );
    }
    let top = PathBuf::from(String::from_utf8_lossy(&top.stdout).trim_end());
    let top = project::canonical(&top).unwrap_or(top);
    let commit = format!("{reference}^{{commit}}");
    let known = git(root, &["rev-parse", "--verify", "--quiet", &commit])?;
    if !known.status.success() {
        bail!("--changed-since {reference}: no such commit, branch or tag in this repository");
    }
    let range = format!("{reference}...HEAD");
    let mut names = Vec::new();
    for args in [
        vec!["diff", "--name-only", "-z", "--no-renames", range.as_str()],
        vec!["diff", "--name-only", "-z", "--no-renames", "HEAD"],
        vec![
            "ls-files",
            "--others",
            "--exclude-standard",
            "-z",
            "--full-name",
        ],
    ] {
        let out = git(&top, &args)?;
        if !out.status.success() {
            bail!(
                "git {} failed: {}",
                args.join(" "),
                String::from_utf8_lossy(&out.stderr).trim()
            );
        }
        names.extend(
            out.stdout
                .split(|b| *b == 0)
                .filter(|n| !n.is_empty())
                .map(|n| top.join(String::from_utf8_lossy(n).as_ref())),
        );
    }
    let mut sel = Selection::default();
    for n in names {
        add(&mut sel, root, Path::new(""), &n);
    }
    Ok(sel)
}
