//! `add`, `init`, `show` and `table` from the outside: every flag, every
//! refusal (message, exit code, claims file unchanged byte for byte),
//! concurrent adds, and snapshots of every table.

mod common;

use std::path::Path;

use common::{Scratch, char_offset};

const BELL: &str = "the-bell/mikhailov-crowdstrike";
const SLATE: &str = "slate/cybercrime-treason-trial";
const FILE: &str = "claims/the-bell/mikhailov-crowdstrike.toml";

fn add(p: &Scratch, extra: &[&str]) -> common::Output {
    let mut args = vec![
        "add",
        "--level",
        "source-says",
        "--statement",
        "A statement.",
    ];
    args.extend_from_slice(extra);
    p.run(&args)
}

/// A scratch project with the bundled corpus and one existing claims file.
fn project(name: &str) -> Scratch {
    let p = Scratch::corpus_only(name);
    p.write(FILE, "# Existing claims: this comment and spacing must survive.\n\n[[claim]]\nid = \"existing\"\nstatement = \"s\"\nlevel = \"confirmed\"\ndoc = \"the-bell/mikhailov-crowdstrike\"\nquote = \"The Bell could not confirm this claim.\"   # kept");
    p
}

fn assert_refused(p: &Scratch, out: &common::Output, before: &str, says: &str) {
    assert_eq!(
        out.code, 1,
        "stdout: {}\nstderr: {}",
        out.stdout, out.stderr
    );
    assert!(
        out.stderr.contains(says),
        "expected {says:?} in:\n{}",
        out.stderr
    );
    assert!(out.stderr.contains("nothing was written"));
    assert_eq!(p.read(FILE), before, "the claims file changed");
}

#[test]
fn add_records_a_unique_quote_with_start_prefix_and_suffix_pinned() {
    let p = project("add-unique");
    let before = p.read(FILE);
    let out = add(
        &p,
        &[
            "--doc",
            BELL,
            "--quote",
            "Mikhailov passed on the information to Crowdstrike",
            "--by",
            "a source close to one of the defendants",
            "--tag",
            "dnc",
            "--tag",
            "crowdstrike",
            "--fact",
            "mikhailov-crowdstrike-link",
            "--notes",
            "a note",
            "--evidence",
            "The Bell could not confirm this claim.",
            "--id",
            "passed-info",
        ],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    let after = p.read(FILE);
    assert!(after.starts_with(&before), "the existing bytes are kept");
    let doc = p.read("corpus/the-bell/mikhailov-crowdstrike.txt");
    let start = char_offset(&doc, "Mikhailov passed on the information");
    for want in [
        "id = \"passed-info\"".to_string(),
        format!("start = {start}"),
        "prefix = \"close to one of the defendants, \"".to_string(),
        "suffix = \" through an intermediary. The Be\"".to_string(),
        "attributed-to = \"a source close to one of the defendants\"".to_string(),
        "tags = [\"dnc\", \"crowdstrike\"]".to_string(),
        "fact = \"mikhailov-crowdstrike-link\"".to_string(),
        "notes = \"a note\"".to_string(),
        "[[claim.evidence]]".to_string(),
    ] {
        assert!(after.contains(&want), "missing {want:?} in\n{after}");
        assert!(out.stdout.contains(&want), "the record is printed");
    }
    assert!(out.stderr.contains("added claim `passed-info`"));
    assert_eq!(p.run(&["check", "--deny", "warnings"]).code, 0);
}

#[test]
fn add_dry_run_prints_the_record_and_writes_nothing() {
    let p = project("add-dry");
    let before = p.read(FILE);
    let out = add(
        &p,
        &["--doc", BELL, "--quote", "Eight months later", "--dry-run"],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stdout.contains("quote = \"Eight months later\""));
    assert!(out.stderr.contains("dry run"));
    assert_eq!(p.read(FILE), before);
}

#[test]
fn add_refuses_a_quote_that_occurs_several_times_unless_an_occurrence_is_picked() {
    let p = project("add-ambiguous");
    let before = p.read(FILE);
    let out = add(&p, &["--doc", BELL, "--quote", "Mikhailov and his group"]);
    assert_refused(&p, &out, &before, "occurs 2 times");
    assert!(
        out.stderr
            .contains("1. corpus/the-bell/mikhailov-crowdstrike.txt:13:"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr
            .contains("2. corpus/the-bell/mikhailov-crowdstrike.txt:15:"),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("⟦Mikhailov and his group⟧"));

    let out = add(
        &p,
        &[
            "--doc",
            BELL,
            "--quote",
            "Mikhailov and his group",
            "--occurrence",
            "3",
        ],
    );
    assert_refused(&p, &out, &before, "pick 1 to 2");

    let out = add(
        &p,
        &[
            "--doc",
            BELL,
            "--quote",
            "Mikhailov and his group",
            "--occurrence",
            "2",
            "--id",
            "second",
        ],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    let doc = p.read("corpus/the-bell/mikhailov-crowdstrike.txt");
    let second = char_offset(&doc, "Mikhailov and his group were detained");
    assert!(p.read(FILE).contains(&format!("start = {second}")));
    assert_eq!(
        p.run(&["check", "--deny", "warnings"]).code,
        0,
        "the chosen occurrence is pinned by context"
    );
}

#[test]
fn add_records_the_documents_own_characters_and_says_which() {
    let p = project("add-normalized");
    let out = add(
        &p,
        &[
            "--doc",
            BELL,
            "--quote",
            "As part of his job, Mikhailov didn't",
            "--dry-run",
        ],
    );
    // "didn't" is not in that sentence: approximate, refused.
    assert_eq!(out.code, 1);
    let out = add(
        &p,
        &[
            "--doc",
            BELL,
            "--quote",
            "As part of his job, Mikhailov had direct contact",
        ],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stderr.contains("recorded U+0410 CYRILLIC CAPITAL LETTER A where you typed U+0041 LATIN CAPITAL LETTER A"), "{}", out.stderr);
    assert!(p.read(FILE).contains("quote = \"\u{0410}s part of his job"));
    let out = add(
        &p,
        &[
            "--doc",
            BELL,
            "--quote",
            "Alperovich didn't answer the Bell's question",
        ],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stderr.contains(
            "recorded U+2019 RIGHT SINGLE QUOTATION MARK where you typed U+0027 APOSTROPHE"
        )
    );
    assert_eq!(p.run(&["check", "--deny", "warnings"]).code, 0);
}

#[test]
fn add_refuses_an_altered_or_missing_quote_with_did_you_mean() {
    let p = project("add-altered");
    let before = p.read(FILE);
    let out = add(
        &p,
        &[
            "--doc",
            BELL,
            "--quote",
            "Mikhailov passed the information to Crowdstrike",
        ],
    );
    assert_refused(
        &p,
        &out,
        &before,
        "is not in corpus/the-bell/mikhailov-crowdstrike.txt",
    );
    assert!(out.stderr.contains("did you mean"), "{}", out.stderr);
    assert!(
        out.stderr
            .contains("\"Mikhailov passed on the information to Crowdstrike\""),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("{+on +}"), "{}", out.stderr);

    let out = add(
        &p,
        &[
            "--doc",
            BELL,
            "--quote",
            "Putin ordered the operation personally",
        ],
    );
    assert_refused(&p, &out, &before, "not even approximately");
}

#[test]
fn add_refuses_bad_ids_docs_files_and_evidence() {
    let p = project("add-refusals");
    let before = p.read(FILE);
    let q = ["--doc", BELL, "--quote", "Eight months later"];
    let out = add(&p, &[&q[..], &["--id", "existing"]].concat());
    assert_refused(
        &p,
        &out,
        &before,
        &format!("id `existing` is already used at {FILE}:3"),
    );
    let out = add(&p, &[&q[..], &["--id", "Bad_Id"]].concat());
    assert_refused(&p, &out, &before, "invalid id \"Bad_Id\"");
    let out = add(&p, &["--doc", "the-bell/no-such", "--quote", "x"]);
    assert_refused(
        &p,
        &out,
        &before,
        "no document `the-bell/no-such` in corpus/",
    );
    let out = add(
        &p,
        &[&q[..], &["--evidence", "The Bell confirmed everything."]].concat(),
    );
    assert_refused(&p, &out, &before, "evidence 1");
    let out = add(
        &p,
        &[
            &q[..],
            &["--evidence", "Vrublevsky", "--evidence-doc", "nope"],
        ]
        .concat(),
    );
    assert_refused(&p, &out, &before, "no document `nope`");
    let out = add(&p, &[&q[..], &["--file", "notes/x.toml"]].concat());
    assert_refused(
        &p,
        &out,
        &before,
        "claims files are .toml files under claims/",
    );
    let out = add(&p, &["--doc", BELL, "--quote", "  "]);
    assert_refused(&p, &out, &before, "the quote is empty");
    let out = add(&p, &[&q[..], &["--occurrence", "2"]].concat());
    assert_refused(&p, &out, &before, "occurs only once");
    // Usage errors are exit 2, like every command.
    let out = p.run(&[
        "add",
        "--doc",
        BELL,
        "--quote",
        "x",
        "--level",
        "probably",
        "--statement",
        "s",
    ]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr
            .contains("confirmed, source-says, could-not-confirm"),
        "{}",
        out.stderr
    );
    assert_eq!(p.read(FILE), before);
}

#[test]
fn add_refuses_to_append_to_a_broken_claims_file() {
    let p = project("add-broken");
    p.write(FILE, "[[claim]\nbroken");
    let out = add(&p, &["--doc", BELL, "--quote", "Eight months later"]);
    assert_refused(&p, &out, "[[claim]\nbroken", "fix that file first");
}

#[test]
fn add_reads_the_quote_from_stdin_and_evidence_from_another_document() {
    let p = project("add-stdin");
    let out = p.run_stdin(
        &[
            "add",
            "--doc",
            SLATE,
            "--level",
            "source-says",
            "--statement",
            "Krebs on the grudge.",
            "--quote",
            "-",
            "--evidence",
            "Mikhailov and Stoyanov had been arrested in early December",
            "--evidence-doc",
            "spies-work-with-russia",
            "--file",
            "claims/krebs.toml",
        ],
        "“a long-running grudge held by Pavel Vrublevsky.”\n",
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    let written = p.read("claims/krebs.toml");
    assert!(
        written.contains("quote = \"“a long-running grudge held by Pavel Vrublevsky.”\""),
        "{written}"
    );
    assert!(written.contains("doc = \"spies-work-with-russia\""));
    assert!(written.contains("id = \"krebs-grudge\""));
    assert_eq!(p.run(&["check", "--deny", "warnings"]).code, 0);
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
fn init_creates_a_passing_project_and_never_overwrites() {
    let empty = Scratch::empty("init-empty");
    let out = empty.run(&["init"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stderr.contains("next:"));
    assert!(empty.path("claims/example.toml").is_file());
    assert!(empty.path("corpus/example/city-bridge.txt").is_file());
    let check = empty.run(&["check", "--deny", "warnings", "--format", "json"]);
    assert_eq!(check.code, 0, "{}", check.stdout);
    assert!(check.stdout.contains("\"anchors\": 2"));

    // Again: refused, nothing changed.
    let before = empty.read("claims/example.toml");
    empty.write("claims/example.toml", "# mine\n");
    let out = empty.run(&["init"]);
    assert_eq!(out.code, 1);
    assert!(out.stderr.contains("never overwrites"));
    assert_eq!(empty.read("claims/example.toml"), "# mine\n");
    assert_ne!(before, "# mine\n");

    // A folder with other things in it is fine.
    let busy = Scratch::empty("init-busy");
    busy.write("README.md", "my notes\n");
    busy.write("claims/old.toml", "");
    assert_eq!(busy.run(&["init"]).code, 0);
    assert_eq!(busy.read("README.md"), "my notes\n");
    assert_eq!(busy.read("claims/old.toml"), "");
}

#[test]
fn show_prints_the_claim_its_quotes_in_context_and_the_same_fact() {
    let p = Scratch::bundled("show");
    let out = p.run(&["show", "mikhailov-passed-info-to-crowdstrike"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    for want in [
        "[could-not-confirm]",
        "attributed to  a source close to one of the defendants",
        "the-bell/mikhailov-crowdstrike — The Bell",
        "quote: intact at 3:151",
        "⟦Mikhailov passed on the",
        "evidence[0]: intact",
        "⟦The Bell could not confirm this claim.⟧",
        "same fact `mikhailov-crowdstrike-link`",
    ] {
        assert!(
            out.stdout.contains(want),
            "missing {want:?} in\n{}",
            out.stdout
        );
    }
    let out = p.run(&["show", "mikhailov-sentenced-22-years"]);
    assert!(
        out.stdout.contains("stoyanov-sentenced-14-years"),
        "{}",
        out.stdout
    );

    let doc = p
        .read("corpus/the-bell/mikhailov-crowdstrike.txt")
        .replace("passed on the", "passed the");
    p.write("corpus/the-bell/mikhailov-crowdstrike.txt", doc);
    let out = p.run(&["show", "mikhailov-passed-info-to-crowdstrike"]);
    assert_eq!(out.code, 1);
    assert!(out.stdout.contains("quote: altered"), "{}", out.stdout);

    let out = p.run(&["show", "no-such-claim"]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("no claim with id `no-such-claim`"));
}

// ---------------------------------------------------------------------------
// Tables: snapshots of every grouping in every format, on a fixed fixture.

const FIXTURE: &str = r#"[[claim]]
id = "sentence-22"
statement = "Mikhailov got 22 years."
level = "confirmed"
doc = "slate/cybercrime-treason-trial"
quote = "was sentenced to 22 years in prison"
fact = "sentences"
tags = ["court"]

[[claim]]
id = "treason-lawyer"
statement = "Tried for treason on behalf of the U.S."
level = "source-says"
attributed-to = "a defense lawyer"
doc = "slate/cybercrime-treason-trial"
quote = "tried for committing treason against Russia on behalf of the United States"
fact = "treason"

[[claim]]
id = "treason-official"
statement = "Officially, passing information to the Americans."
level = "source-says"
attributed-to = "the official version"
doc = "spies-work-with-russia"
quote = "they had been passing information to the Americans"
fact = "treason"

[[claim]]
id = "crowdstrike-link"
statement = "Mikhailov passed information to Crowdstrike."
level = "could-not-confirm"
attributed-to = "a source close to one of the defendants"
doc = "the-bell/mikhailov-crowdstrike"
quote = "Mikhailov passed on the information to Crowdstrike"
tags = ["court"]

[[claim.evidence]]
quote = "The Bell could not confirm this claim."

[[claim]]
id = "tail"
statement = "A tail was put on Mikhailov."
level = "source-says"
attributed-to = "a source close to them"
doc = "the-bell/mikhailov-crowdstrike"
quote = "tail was put on Mikhailov and his group"
fact = "surveillance"

[[claim]]
id = "broken"
statement = "A quote that is not in the text."
level = "confirmed"
doc = "spies-work-with-russia"
quote = "Mikhailov was arrested in early March"
fact = "arrests"
"#;

fn snapshot(name: &str, actual: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/snapshots")
        .join(name);
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path)
        .unwrap_or_else(|_| panic!("no snapshot {name}; run with UPDATE_SNAPSHOTS=1 to create it"));
    assert_eq!(
        actual, expected,
        "snapshot {name} differs (UPDATE_SNAPSHOTS=1 rewrites it)"
    );
}

#[test]
fn table_snapshots_in_every_grouping_and_format() {
    let p = Scratch::corpus_only("table");
    p.write("claims/fixture.toml", FIXTURE);
    for by in ["claim", "fact", "doc", "source"] {
        for (format, ext) in [
            ("text", "txt"),
            ("markdown", "md"),
            ("csv", "csv"),
            ("json", "json"),
        ] {
            let out = p.run(&["table", "--by", by, "--format", format]);
            assert_eq!(
                out.code, 1,
                "a broken quote: exit 1 like check ({by} {format})"
            );
            snapshot(&format!("table-by-{by}.{ext}"), &out.stdout);
        }
    }
}

#[test]
fn table_confidence_rule_and_filters() {
    let p = Scratch::corpus_only("table-rule");
    p.write("claims/fixture.toml", FIXTURE);
    let out = p.run(&["table", "--by", "fact", "--format", "csv"]);
    let row = |key: &str| {
        out.stdout
            .lines()
            .find(|l| l.starts_with(key))
            .unwrap()
            .to_string()
    };
    assert!(row("sentences,").contains(",confirmed,"));
    assert!(
        row("treason,").contains(",corroborated,"),
        "two documents, two sources"
    );
    assert!(row("surveillance,").contains(",single source,"));
    assert!(row("(crowdstrike-link)").contains(",unconfirmed,"));
    assert!(
        row("arrests,").contains(",unverified,"),
        "its only quote is broken"
    );

    let out = p.run(&["table", "--level", "source-says", "--format", "csv"]);
    assert_eq!(out.code, 0, "the broken claim is filtered out");
    assert_eq!(
        out.stdout.lines().count(),
        5,
        "header, 3 claims, totals:\n{}",
        out.stdout
    );
    let out = p.run(&[
        "table",
        "--doc",
        "the-bell/mikhailov-crowdstrike",
        "--format",
        "csv",
    ]);
    assert_eq!(out.stdout.lines().count(), 4);
    let out = p.run(&[
        "table",
        "--tag",
        "court",
        "--level",
        "confirmed",
        "--level",
        "could-not-confirm",
        "--format",
        "csv",
    ]);
    assert_eq!(out.stdout.lines().count(), 4, "{}", out.stdout);
    assert_eq!(p.run(&["table", "--doc", "nope"]).code, 2);
    assert!(
        !p.run(&["table"]).stdout.contains('\x1b'),
        "no colour when piped"
    );
}
