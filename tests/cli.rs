//! CLI properties that span several runs, which a single case under
//! `tests/cmd/` cannot state: partitions add up to the full run, and adds
//! started at once all land.

mod common;

use common::Scratch;

const BELL: &str = "the-bell/mikhailov-crowdstrike";
const BELL_DOC: &str = "corpus/the-bell/mikhailov-crowdstrike.txt";
const FILE: &str = "claims/the-bell/mikhailov-crowdstrike.toml";

fn json(out: &common::Output) -> serde_json::Value {
    serde_json::from_str(&out.stdout).unwrap_or_else(|e| panic!("not JSON ({e}): {}", out.stdout))
}

/// A scratch project with the bundled corpus and one existing claims file.
fn project(name: &str) -> Scratch {
    let p = Scratch::corpus_only(name);
    p.write(FILE, "# Existing claims: this comment and spacing must survive.\n\n[[claim]]\nid = \"existing\"\nstatement = \"s\"\nlevel = \"confirmed\"\ndoc = \"the-bell/mikhailov-crowdstrike\"\nquote = \"The Bell could not confirm this claim.\"   # kept");
    p
}

#[test]
fn partitions_together_give_exactly_the_full_run() {
    let p = Scratch::bundled("partition");
    let doc = p.read(BELL_DOC).replace("passed on the", "passed the");
    p.write(BELL_DOC, doc);
    p.write("claims/bad.toml", "not toml [");
    let full = json(&p.run(&["check", "--format", "json"]));
    let mut parts = Vec::new();
    for k in 1..=3 {
        let v = json(&p.run(&[
            "check",
            "--format",
            "json",
            "--partition",
            &format!("{k}/3"),
        ]));
        parts.extend(v["findings"].as_array().unwrap().clone());
    }
    let key = |f: &serde_json::Value| f.to_string();
    let mut a: Vec<String> = full["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(key)
        .collect();
    let mut b: Vec<String> = parts.iter().map(key).collect();
    a.sort();
    b.sort();
    assert_eq!(a, b);
}

#[test]
fn two_adds_started_at_once_both_land() {
    let p = project("add-concurrent");
    let quotes = [
        "Eight months later",
        "a second attack on the DNC took place in March",
        "This time, they weren’t connected",
        "Many Russian hackers follow an unspoken rule",
    ];
    let children: Vec<_> = quotes
        .iter()
        .map(|q| {
            std::process::Command::new(env!("CARGO_BIN_EXE_claimtrack"))
                .arg("-C")
                .arg(&p.0)
                .args([
                    "add",
                    "--doc",
                    BELL,
                    "--level",
                    "confirmed",
                    "--statement",
                    "Same statement.",
                    "--quote",
                    q,
                ])
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for c in children {
        let out = c.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let file = p.read(FILE);
    for q in quotes {
        assert!(file.contains(q), "{q} was lost");
    }
    // Unique ids were chosen under the lock.
    for id in [
        "same-statement",
        "same-statement-2",
        "same-statement-3",
        "same-statement-4",
    ] {
        assert!(
            file.contains(&format!("id = \"{id}\"")),
            "{id} missing in\n{file}"
        );
    }
    assert_eq!(p.run(&["check", "--deny", "warnings"]).code, 0);
}

#[test]
fn fix_rewrites_a_claims_file_whose_name_is_not_utf8_by_its_real_name() {
    use std::os::unix::ffi::OsStrExt;
    let p = Scratch::corpus_only("non-utf8-name");
    let name = std::ffi::OsStr::from_bytes(b"caf\xe9.toml");
    let path = p.path("claims").join(name);
    std::fs::write(
        &path,
        "[[claim]]\nid = \"a\"\nstatement = \"s\"\nlevel = \"confirmed\"\ndoc = \"the-bell/mikhailov-crowdstrike\"\nquote = \"Eight months later\"\nstart = 1\n",
    )
    .unwrap();
    let out = p.run(&["check", "--fix"]);
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    assert!(!out.stderr.contains("cannot read"), "{}", out.stderr);
    let fixed = std::fs::read_to_string(&path).unwrap();
    assert!(fixed.contains("prefix = "), "{fixed}");
    assert_eq!(p.run(&["check", "--deny", "warnings"]).code, 0);
}

#[test]
fn add_refuses_a_quote_on_standard_input_that_is_not_utf8_and_escapes_what_it_echoes() {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let p = Scratch::corpus_only("add-stdin-bytes");
    let mut child = Command::new(env!("CARGO_BIN_EXE_claimtrack"))
        .arg("-C")
        .arg(&p.0)
        .args([
            "add",
            "--doc",
            BELL,
            "--level",
            "confirmed",
            "--statement",
            "s",
            "--quote",
            "-",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(b"caf\xe9").unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "a refusal, not a failure to run"
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("not valid UTF-8"), "{err}");
    let out = p.run(&[
        "add",
        "--doc",
        "no-such\u{1b}[2J",
        "--level",
        "confirmed",
        "--statement",
        "s",
        "--quote",
        "x",
    ]);
    assert_eq!(out.code, 1);
    assert!(!out.stderr.contains('\u{1b}'), "{}", out.stderr);
    assert!(out.stderr.contains("\\u{1b}"), "{}", out.stderr);
}
