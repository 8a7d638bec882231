//! CLI scenarios as data: each folder under `tests/cmd/` is one case.
//!
//! `case.toml` says what the case pins (`about`), the project it starts from
//! (`base`: `empty`, `corpus` for the bundled corpus with no claims, or
//! `bundled` for the bundled corpus and claims), files laid over it from the
//! case's `project/` folder, `[[edit]]`s of those files, and the `[[run]]`s
//! of the binary in order, each with its exit `status`. Each run's stdout and
//! stderr must equal `NAME.stdout` and `NAME.stderr` beside it (the project
//! folder shown as `[ROOT]`); every file under `after/` must equal the
//! project's file after the runs, and every path in `unchanged` must be
//! byte-identical to what it was before them, and no path in `absent` may
//! exist after them.
//!
//! `SNAPSHOTS=overwrite cargo test --test cmd` writes the expected files from
//! what the binary prints now; review the diff before committing it.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use common::{Scratch, copy_dir};
use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    about: String,
    #[serde(default)]
    base: Base,
    #[serde(default)]
    edit: Vec<Edit>,
    run: Vec<Run>,
    #[serde(default)]
    unchanged: Vec<String>,
    /// Paths that must not exist after the runs.
    #[serde(default)]
    absent: Vec<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
enum Base {
    #[default]
    Empty,
    Corpus,
    Bundled,
}

/// One change to a file of the project before the runs.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Edit {
    file: String,
    /// Replace every occurrence of this text (which must be there)...
    replace: Option<String>,
    /// ...with this.
    with: Option<String>,
    /// Put this text before the file's contents.
    prepend: Option<String>,
    /// Put this text after the file's contents.
    append: Option<String>,
    /// Write the file with exactly these bytes (for invalid UTF-8).
    bytes: Option<Vec<u8>>,
    /// Make the file a symbolic link to this target.
    link: Option<String>,
    /// Make the file a named pipe (FIFO), or a folder, instead.
    special: Option<Special>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "kebab-case")]
enum Special {
    Fifo,
    Folder,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Run {
    /// The name of the expected output files; `cmd` by default.
    #[serde(default = "default_name")]
    name: String,
    args: Vec<String>,
    stdin: Option<String>,
    status: i32,
    /// Run from this folder of the project, without `-C` (as a user in it would).
    cwd: Option<String>,
    /// The terminal's width (`$COLUMNS`); 100 when not given.
    columns: Option<usize>,
}

fn default_name() -> String {
    "cmd".into()
}

fn overwrite() -> bool {
    std::env::var("SNAPSHOTS").is_ok_and(|v| v == "overwrite")
}

/// Runs one case; returns what differed.
fn run_case(dir: &Path) -> Vec<String> {
    let name = dir.file_name().unwrap().to_string_lossy().into_owned();
    let spec = std::fs::read_to_string(dir.join("case.toml")).unwrap();
    let case: Case = toml::from_str(&spec).unwrap_or_else(|e| panic!("{name}/case.toml: {e}"));
    assert!(!case.about.is_empty(), "{name}: say what the case pins");
    let p = match case.base {
        Base::Empty => Scratch::empty(&name),
        Base::Corpus => Scratch::corpus_only(&name),
        Base::Bundled => Scratch::bundled(&name),
    };
    if dir.join("project").is_dir() {
        copy_dir(&dir.join("project"), &p.0);
    }
    for e in &case.edit {
        let path = p.path(&e.file);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).unwrap();
        }
        if let Some(target) = &e.link {
            std::os::unix::fs::symlink(target, &path).unwrap();
            continue;
        }
        match e.special {
            Some(Special::Fifo) => {
                let ok = std::process::Command::new("mkfifo")
                    .arg(&path)
                    .status()
                    .unwrap();
                assert!(ok.success(), "{name}: mkfifo {}", e.file);
                continue;
            }
            Some(Special::Folder) => {
                std::fs::create_dir_all(&path).unwrap();
                continue;
            }
            None => {}
        }
        if let Some(bytes) = &e.bytes {
            p.write(&e.file, bytes);
            continue;
        }
        let mut text = std::fs::read_to_string(&path).unwrap_or_default();
        if let (Some(old), Some(new)) = (&e.replace, &e.with) {
            assert!(
                text.contains(old.as_str()),
                "{name}: {old:?} is not in {}",
                e.file
            );
            text = text.replace(old.as_str(), new);
        }
        if let Some(pre) = &e.prepend {
            text.insert_str(0, pre);
        }
        if let Some(post) = &e.append {
            text.push_str(post);
        }
        p.write(&e.file, text);
    }
    let before: BTreeMap<&str, Vec<u8>> = case
        .unchanged
        .iter()
        .map(|f| (f.as_str(), std::fs::read(p.path(f)).unwrap_or_default()))
        .collect();
    let root = p.0.to_string_lossy().into_owned();
    let mut problems = Vec::new();
    for run in &case.run {
        let args: Vec<&str> = run.args.iter().map(String::as_str).collect();
        let out = match &run.cwd {
            Some(dir) => common::run_from(&p.path(dir), &args),
            None => common::run_at_width(
                &p.0,
                &args,
                run.stdin.as_deref(),
                run.columns.unwrap_or(100),
            ),
        };
        let label = format!("{name}/{}", run.name);
        if out.code != run.status {
            problems.push(format!(
                "{label}: exit {} where {} was expected\nstdout:\n{}\nstderr:\n{}",
                out.code, run.status, out.stdout, out.stderr
            ));
        }
        for (stream, actual) in [("stdout", &out.stdout), ("stderr", &out.stderr)] {
            let actual = actual.replace(&root, "[ROOT]");
            compare(
                &dir.join(format!("{}.{stream}", run.name)),
                &actual,
                &label,
                &mut problems,
            );
        }
    }
    for (file, old) in before {
        if std::fs::read(p.path(file)).unwrap_or_default() != old {
            problems.push(format!("{name}: {file} changed, and must not"));
        }
    }
    for file in &case.absent {
        if p.path(file).exists() {
            problems.push(format!("{name}: {file} is still there, and must not be"));
        }
    }
    let after = dir.join("after");
    if after.is_dir() {
        for expected in files_under(&after) {
            let rel = expected.strip_prefix(&after).unwrap();
            let actual = std::fs::read_to_string(p.0.join(rel)).unwrap_or_default();
            compare(
                &expected,
                &actual,
                &format!("{name}: {}", rel.display()),
                &mut problems,
            );
        }
    }
    problems
}

/// Compares with an expected file, or writes it under `SNAPSHOTS=overwrite`.
fn compare(expected: &Path, actual: &str, label: &str, problems: &mut Vec<String>) {
    if overwrite() {
        if actual.is_empty() && !expected.exists() {
            return;
        }
        std::fs::write(expected, actual).unwrap();
        return;
    }
    let want = std::fs::read_to_string(expected).unwrap_or_default();
    if want != actual {
        let diff = similar::TextDiff::from_lines(want.as_str(), actual)
            .unified_diff()
            .header("expected", "actual")
            .to_string();
        problems.push(format!(
            "{label} differs from {}:\n{diff}",
            expected.display()
        ));
    }
}

fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let path = e.unwrap().path();
        if path.is_dir() {
            out.extend(files_under(&path));
        } else {
            out.push(path);
        }
    }
    out.sort();
    out
}

#[test]
fn every_case_under_tests_cmd() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cmd");
    let mut cases: Vec<PathBuf> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.join("case.toml").is_file())
        .collect();
    cases.sort();
    assert!(cases.len() >= 20, "the cases are missing: {}", cases.len());
    let problems: Vec<String> = std::thread::scope(|s| {
        let handles: Vec<_> = cases
            .chunks(cases.len().div_ceil(4))
            .map(|chunk| {
                s.spawn(move || chunk.iter().flat_map(|c| run_case(c)).collect::<Vec<_>>())
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap())
            .collect()
    });
    assert!(
        problems.is_empty(),
        "{} of {} cases differ (SNAPSHOTS=overwrite rewrites the expected files):\n\n{}",
        problems.len(),
        cases.len(),
        problems.join("\n\n")
    );
}
