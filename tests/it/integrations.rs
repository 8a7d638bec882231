//! The CI integrations as they are used: GitHub annotations on the
//! document's own lines and the job summary, the pre-commit hook's `entry`
//! run the way pre-commit runs it, and the GitHub Action's shell steps run
//! against a scratch project.

use std::path::Path;
use std::process::Command;

use crate::common::Scratch;

const DOC: &str = "corpus/the-bell/mikhailov-crowdstrike.txt";

/// The bundled project with one quote altered and the others moved.
fn broken(name: &str) -> Scratch {
    let p = Scratch::bundled(name);
    let text = p
        .read(DOC)
        .replacen("passed on the information", "passed on some information", 1);
    p.write(DOC, format!("Update: a new paragraph.\n\n{text}"));
    p
}

/// `check --format github` in `p`, as a GitHub Actions step runs it.
fn check_github(p: &Scratch, summary: &Path) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_claimtrack"))
        .arg("-C")
        .arg(&p.0)
        .args(["check", "--format", "github"])
        .env("GITHUB_STEP_SUMMARY", summary)
        .output()
        .unwrap()
}

#[test]
fn github_annotations_land_once_on_the_documents_line_where_the_quote_is_and_the_job_summary_is_appended()
 {
    let p = broken("github-doc-lines");
    let summary = p.0.join("summary.md");
    std::fs::write(&summary, "earlier step\n").unwrap();
    let out = check_github(&p, &summary);
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let on_doc: Vec<&str> = stdout
        .lines()
        .filter(|l| l.starts_with(&format!("::error file={DOC},")))
        .collect();
    assert_eq!(on_doc.len(), 1, "{stdout}");
    assert!(on_doc[0].contains(",line=5,"), "{}", on_doc[0]);
    // Once per finding: GitHub shows ten per level, so no second annotation
    // of the same break on the claims file; the message says where it is claimed.
    assert!(on_doc[0].contains("claimed in claims/"), "{}", on_doc[0]);
    assert_eq!(
        stdout.lines().filter(|l| l.starts_with("::error")).count(),
        1,
        "{stdout}"
    );
    assert!(
        stdout
            .lines()
            .any(|l| l.starts_with(&format!("::warning file={DOC},")))
    );
    let md = std::fs::read_to_string(&summary).unwrap();
    assert!(md.starts_with("earlier step\n## claimtrack\n"), "{md}");
    assert!(md.contains("| altered | 1 |"), "{md}");
    // Markdown's brackets escaped: the diff reads as text, never as a link.
    assert!(md.contains("\\[-the-\\]{+some+}"), "{md}");
    // Asked about a changed claims file alone (as a pull request that edits
    // only the claims would be, through --changed-since or --files), the
    // annotation goes on the claims file, where that diff is.
    let claims = "claims/the-bell/mikhailov-crowdstrike.toml";
    for (given, on) in [(claims, claims), (DOC, DOC)] {
        let out = p.run(&["check", "--format", "github", "--files", given]);
        let error = out
            .stdout
            .lines()
            .find(|l| l.starts_with("::error") && l.contains("title=quote-altered"))
            .unwrap_or_else(|| panic!("{}", out.stdout));
        assert!(
            error.starts_with(&format!("::error file={on},")),
            "{given}: {error}"
        );
    }
}

#[test]
fn github_shows_ten_annotations_per_level_says_how_many_more_and_keeps_the_summary_under_1_mib() {
    // 12,000 quotes on documents that are gone: GitHub shows 10 error
    // annotations per step and drops a step summary over 1 MiB whole.
    let p = Scratch::corpus_only("github-limits");
    let claims: String = (0..12_000)
        .map(|i| {
            format!(
                "[[claim]]\nid = \"c{i}\"\nstatement = \"Claim {i}.\"\nlevel = \"confirmed\"\ndoc = \"gone/doc-{}\"\nquote = \"words of document {i}\"\n\n",
                i % 50
            )
        })
        .collect();
    p.write("claims/many.toml", claims);
    let summary = p.0.join("summary.md");
    let out = check_github(&p, &summary);
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let annotations: Vec<&str> = stdout.lines().filter(|l| l.starts_with("::")).collect();
    assert_eq!(annotations.len(), 10, "{}", &stdout[..2000]);
    assert!(
        annotations[9].contains("… and 11990 more errors, not annotated"),
        "{}",
        annotations[9]
    );
    // The rest are in the log, one plain line each, never a command.
    let plain = stdout
        .lines()
        .filter(|l| l.starts_with("error: claims/many.toml:"))
        .count();
    assert_eq!(plain, 11_990);
    let md = std::fs::read_to_string(&summary).unwrap();
    assert!(md.len() < 1 << 20, "{} bytes", md.len());
    let listed = md.lines().filter(|l| l.starts_with("| error |")).count();
    assert!(listed > 1000, "{listed}");
    assert!(
        md.contains(&format!("{} more findings not listed", 12_000 - listed)),
        "{}",
        &md[md.len() - 400..]
    );
}

/// `key: value` of a top-level key in the hook's YAML (one hook).
fn yaml_value<'a>(yaml: &'a str, key: &str) -> &'a str {
    yaml.lines()
        .find_map(|l| {
            l.trim_start_matches("- ")
                .trim()
                .strip_prefix(&format!("{key}: "))
        })
        .unwrap_or_else(|| panic!("no {key} in the hook"))
}

/// A PATH with the built binary first, as an installed `claimtrack`.
fn path_with_binary() -> std::ffi::OsString {
    let bin = Path::new(env!("CARGO_BIN_EXE_claimtrack"))
        .parent()
        .unwrap()
        .to_path_buf();
    let mut paths = vec![bin];
    paths.extend(std::env::split_paths(
        &std::env::var_os("PATH").unwrap_or_default(),
    ));
    std::env::join_paths(paths).unwrap()
}

#[test]
fn the_pre_commit_hook_entry_checks_the_staged_files_it_is_given() {
    let hook = std::fs::read_to_string(".pre-commit-hooks.yaml").unwrap();
    assert_eq!(yaml_value(&hook, "language"), "rust");
    let entry = yaml_value(&hook, "entry");
    let pattern = regex::Regex::new(yaml_value(&hook, "files")).unwrap();
    let p = broken("pre-commit");
    // pre-commit passes the changed files that match `files`, as arguments.
    let changed = [
        DOC,
        "README.md",
        "claims/slate/cybercrime-treason-trial.toml",
    ];
    let passed: Vec<&str> = changed
        .iter()
        .copied()
        .filter(|f| pattern.is_match(f))
        .collect();
    assert_eq!(passed.len(), 2);
    let run = |files: &[&str]| {
        Command::new("sh")
            .arg("-c")
            .arg(format!("{entry} \"$@\""))
            .arg("hook")
            .args(files)
            .current_dir(&p.0)
            .env("PATH", path_with_binary())
            .output()
            .unwrap()
    };
    let out = run(&passed);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("quote-altered"), "{stdout}");
    // Only the Slate claims file: its claims are intact, the commit passes.
    let out = run(&["claims/slate/cybercrime-treason-trial.toml"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}

/// The `run: |` scripts of the action's steps, by step name.
fn action_steps(yaml: &str) -> Vec<(String, String)> {
    let mut steps = Vec::new();
    let mut name = String::new();
    let mut lines = yaml.lines().peekable();
    while let Some(line) = lines.next() {
        let t = line.trim();
        if let Some(n) = t.strip_prefix("- name: ") {
            name = n.to_string();
        }
        if t == "run: |" {
            let indent = line.len() - line.trim_start().len();
            let mut script = String::new();
            while let Some(next) = lines.peek() {
                let ni = next.len() - next.trim_start().len();
                if !next.trim().is_empty() && ni <= indent {
                    break;
                }
                script.push_str(next.get(indent + 2..).unwrap_or(""));
                script.push('\n');
                lines.next();
            }
            steps.push((name.clone(), script));
        }
    }
    steps
}

#[test]
fn the_actions_steps_install_only_when_needed_and_check_with_annotations_and_sarif() {
    let yaml = std::fs::read_to_string("action.yml").unwrap();
    assert!(yaml.contains("using: composite"));
    let steps = action_steps(&yaml);
    let script = |name: &str| {
        steps
            .iter()
            .find(|(n, _)| n == name)
            .unwrap_or_else(|| panic!("no step {name}"))
            .1
            .clone()
    };
    let bash = |script: &str, dir: &Path, env: &[(&str, &str)]| {
        let mut c = Command::new("bash");
        c.args(["-e", "-c", script])
            .current_dir(dir)
            .env("PATH", path_with_binary());
        for (k, v) in env {
            c.env(k, v);
        }
        c.output().unwrap()
    };
    // The installed binary is this version: the install step does nothing.
    let here = std::env::current_dir().unwrap();
    let out = bash(
        &script("Install claimtrack"),
        &here,
        &[("ACTION_PATH", here.to_str().unwrap())],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.stdout.is_empty() && out.stderr.is_empty(),
        "it installed"
    );

    let p = broken("action");
    let sarif = p.0.join("claimtrack.sarif");
    let out = bash(
        &script("Check"),
        &p.0,
        &[
            ("ARGS", "--changed-since HEAD"),
            ("SARIF", sarif.to_str().unwrap()),
        ],
    );
    // Not a git repository: the arguments reach claimtrack, which says so.
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("git repository"));
    let out = bash(
        &script("Check"),
        &p.0,
        &[("ARGS", ""), ("SARIF", sarif.to_str().unwrap())],
    );
    assert_eq!(
        out.status.code(),
        Some(1),
        "the step fails on a broken quote"
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("::error file="), "{stdout}");
    let report: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&sarif).unwrap()).unwrap();
    assert_eq!(report["version"], "2.1.0");
    // The bundled project, unbroken: the step passes.
    let q = Scratch::bundled("action-green");
    let out = bash(&script("Check"), &q.0, &[("ARGS", ""), ("SARIF", "")]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}
