//! `check --changed-since REF` and `check --files`: only the claims a change
//! touched are checked, and their findings are exactly a full run's.

use std::collections::BTreeSet;
use std::process::Command;

use crate::common::Scratch;

fn git(p: &Scratch, args: &[&str]) {
    let out = Command::new("git")
        .arg("-C")
        .arg(&p.0)
        .args([
            "-c",
            "user.name=Test",
            "-c",
            "user.email=test@example.invalid",
        ])
        .args(args)
        .output()
        .expect("git is needed for this test");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Each finding as one comparable line (claim, anchor, status, message).
fn findings(out: &crate::common::Output) -> BTreeSet<String> {
    let v: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            format!(
                "{} {} {} {} {}",
                f["claim"], f["anchor"], f["status"], f["file"], f["message"]
            )
        })
        .collect()
}

/// The claims with a quote on the document `doc`, from a full JSON run.
fn on_doc(full: &crate::common::Output, doc: &str) -> BTreeSet<String> {
    let v: serde_json::Value = serde_json::from_str(&full.stdout).unwrap();
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["doc"] == doc)
        .map(|f| f["claim"].as_str().unwrap().to_string())
        .collect()
}

fn edited_repo(name: &str) -> Scratch {
    let p = Scratch::bundled(name);
    git(&p, &["init", "-q"]);
    git(&p, &["add", "-A"]);
    git(&p, &["commit", "-q", "-m", "claims"]);
    let doc = "corpus/the-bell/mikhailov-crowdstrike.txt";
    let text = p
        .read(doc)
        .replacen("passed on the information", "passed on some information", 1);
    p.write(doc, text);
    p
}

#[test]
fn changed_since_checks_the_claims_of_a_changed_document_exactly_as_a_full_run() {
    let p = edited_repo("changed-since");
    let full = p.run(&["check", "--format", "json"]);
    let affected = on_doc(&full, "the-bell/mikhailov-crowdstrike");
    assert!(!affected.is_empty());
    let expected: BTreeSet<String> = findings(&full)
        .into_iter()
        .filter(|f| affected.iter().any(|c| f.starts_with(&format!("\"{c}\" "))))
        .collect();
    let part = p.run(&["check", "--format", "json", "--changed-since", "HEAD"]);
    assert_eq!(part.code, full.code);
    assert_eq!(findings(&part), expected);
    // Committed on a branch, the change is found against the branch point too.
    git(&p, &["checkout", "-q", "-b", "edit"]);
    git(&p, &["commit", "-q", "-am", "edit the article"]);
    let part = p.run(&["check", "--format", "json", "--changed-since", "HEAD~1"]);
    assert_eq!(findings(&part), expected);
    // Nothing changed since HEAD now: nothing to check, exit 0.
    let none = p.run(&["check", "--format", "json", "--changed-since", "HEAD"]);
    assert_eq!(none.code, 0);
    assert!(findings(&none).is_empty());
}

#[test]
fn changed_since_refuses_an_unknown_ref_and_a_folder_outside_git() {
    let p = edited_repo("changed-since-bad");
    let out = p.run(&["check", "--changed-since", "no-such-branch"]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("no such commit"), "{}", out.stderr);
    let q = Scratch::bundled("changed-since-no-git");
    let out = q.run(&["check", "--changed-since", "HEAD"]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("git repository"), "{}", out.stderr);
}

#[test]
fn files_from_standard_input_select_like_changed_since() {
    let p = edited_repo("files-stdin");
    let full = p.run(&["check", "--format", "json"]);
    let since = p.run(&["check", "--format", "json", "--changed-since", "HEAD"]);
    let listed = p.run_stdin(
        &["check", "--format", "json", "--files", "-"],
        "corpus/the-bell/mikhailov-crowdstrike.txt\nREADME.md\n",
    );
    assert_eq!(findings(&listed), findings(&since));
    // A claims file given by name: its claims, and only those.
    let file = "claims/slate/cybercrime-treason-trial.toml";
    let one = p.run(&["check", "--format", "json", "--files", file]);
    let expected: BTreeSet<String> = findings(&full)
        .into_iter()
        .filter(|f| f.contains(&format!("\"{file}\"")))
        .collect();
    assert_eq!(findings(&one), expected);
    assert_eq!(one.code, 0);
}
