//! CLI properties that span several runs, which a single case under
//! `tests/cmd/` cannot state: partitions add up to the full run, and adds
//! started at once all land.

use crate::common::Scratch;

const BELL: &str = "the-bell/mikhailov-crowdstrike";
const BELL_DOC: &str = "corpus/the-bell/mikhailov-crowdstrike.txt";
const FILE: &str = "claims/the-bell/mikhailov-crowdstrike.toml";

fn json(out: &crate::common::Output) -> serde_json::Value {
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
            crate::common::spawn(
                &p.0,
                &[
                    "add",
                    "--doc",
                    BELL,
                    "--level",
                    "confirmed",
                    "--statement",
                    "Same statement.",
                    "--quote",
                    q,
                ],
            )
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
    let p = Scratch::corpus_only("add-stdin-bytes");
    let mut child = crate::common::spawn(
        &p.0,
        &[
            "add",
            "--doc",
            BELL,
            "--level",
            "confirmed",
            "--statement",
            "s",
            "--quote",
            "-",
        ],
    );
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
    assert_eq!(out.code, 2, "an unknown --doc is a usage error");
    assert!(!out.stderr.contains('\u{1b}'), "{}", out.stderr);
    assert!(out.stderr.contains("\\u{1b}"), "{}", out.stderr);
}

/// Every file under `claims/`, by path relative to it, with its bytes.
fn claims_files(p: &Scratch) -> std::collections::BTreeMap<String, Vec<u8>> {
    fn walk(
        dir: &std::path::Path,
        base: &std::path::Path,
        out: &mut std::collections::BTreeMap<String, Vec<u8>>,
    ) {
        for e in std::fs::read_dir(dir).unwrap() {
            let path = e.unwrap().path();
            if path.is_dir() {
                walk(&path, base, out);
            } else {
                let rel = path
                    .strip_prefix(base)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned();
                out.insert(rel, std::fs::read(&path).unwrap());
            }
        }
    }
    let mut out = std::collections::BTreeMap::new();
    walk(&p.path("claims"), &p.path("claims"), &mut out);
    out
}

#[test]
fn a_write_killed_at_any_moment_leaves_the_old_file_or_the_new_one_and_nothing_check_or_git_sees() {
    let mut rng = synth::Rng::new(0xC4A5_11ED);
    let commands: [&[&str]; 2] = [
        &[
            "add",
            "--doc",
            BELL,
            "--level",
            "confirmed",
            "--statement",
            "Killed.",
            "--id",
            "killed",
            "--quote",
            "Eight months later",
        ],
        &["check", "--fix"],
    ];
    for (round, args) in (0..30).map(|r| (r, commands[r % 2])) {
        let p = Scratch::bundled(&format!("crash-{round}"));
        // As `init` leaves a project: git ignores the temporaries of a killed write.
        p.write("claims/.gitignore", ".*.tmp\n");
        let doc = p.read(BELL_DOC);
        p.write(BELL_DOC, format!("An update.\n\n{doc}")); // something for --fix to do
        let before = claims_files(&p);
        // What a run that is not killed writes.
        let done = Scratch::bundled(&format!("crash-done-{round}"));
        done.write("claims/.gitignore", ".*.tmp\n");
        done.write(BELL_DOC, format!("An update.\n\n{doc}"));
        done.run(args);
        let after = claims_files(&done);
        let mut child = crate::common::spawn(&p.0, args);
        std::thread::sleep(std::time::Duration::from_micros(rng.below(15_000) as u64));
        let _ = child.kill();
        let _ = child.wait();
        for (name, bytes) in claims_files(&p) {
            if name.rsplit('/').next().is_some_and(|n| {
                n.starts_with('.')
                    && std::path::Path::new(n)
                        .extension()
                        .is_some_and(|ext| ext.eq_ignore_ascii_case("tmp"))
            }) {
                // Left by the kill: hidden from check, and ignored by git.
                assert!(
                    p.read("claims/.gitignore").contains(".*.tmp"),
                    "round {round}"
                );
                continue;
            }
            assert!(
                before.get(&name) == Some(&bytes) || after.get(&name) == Some(&bytes),
                "round {round}: {name} is neither the old file nor the new one"
            );
        }
        assert_ne!(
            p.run(&["check"]).code,
            2,
            "round {round}: the project still loads"
        );
    }
}

#[test]
fn text_tables_fit_every_width_from_60_columns_and_never_break_an_id() {
    let p = Scratch::bundled("table-widths-all");
    for by in ["claim", "fact", "doc", "source"] {
        let rows = json(&crate::common::run_in(
            &p.0,
            &["table", "--by", by, "--format", "json"],
            None,
        ));
        let key = match by {
            "doc" => "document",
            other => other,
        };
        let ids: Vec<String> = rows["rows"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r[key].as_str().unwrap().to_string())
            .collect();
        assert!(!ids.is_empty());
        for width in [40, 60, 72, 80, 100, 120, 150, 200] {
            let out = crate::common::run_at_width(&p.0, &["table", "--by", by], None, width);
            assert_eq!(out.code, 0, "{}", out.stderr);
            if width >= 60 {
                for line in out.stdout.lines() {
                    assert!(
                        line.chars().count() <= width,
                        "--by {by} at {width} columns: a line of {}:\n{line}",
                        line.chars().count()
                    );
                }
            }
            // Ids are what people pass to `show`: each one whole on a line.
            if by != "source" {
                for id in &ids {
                    assert!(
                        out.stdout.lines().any(|l| l.contains(id.as_str())),
                        "--by {by} at {width} columns: {id} is not whole on one line:\n{}",
                        out.stdout
                    );
                }
            }
            // Headers are never broken either: each is whole on one line
            // (in a table's header row or as a field name in a block).
            for header in ["level", "confidence", "could-not-confirm", "claims"] {
                if rows["rows"][0].get(header).is_some() {
                    assert!(
                        out.stdout.contains(header),
                        "--by {by} at {width}: header {header} broken"
                    );
                }
            }
        }
    }
}
