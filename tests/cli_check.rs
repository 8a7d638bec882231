//! `claimtrack check` from the outside: exit codes, output formats, `--fix`,
//! and bad input that is reported while everything else is still checked.

mod common;

use common::{Scratch, char_offset};

const BELL_DOC: &str = "corpus/the-bell/mikhailov-crowdstrike.txt";
const BELL_CLAIMS: &str = "claims/the-bell/mikhailov-crowdstrike.toml";

fn json(out: &common::Output) -> serde_json::Value {
    serde_json::from_str(&out.stdout).unwrap_or_else(|e| panic!("not JSON ({e}): {}", out.stdout))
}

#[test]
fn bundled_claims_pass_with_deny_warnings() {
    let p = Scratch::bundled("bundled");
    let out = p.run(&["check", "--deny", "warnings"]);
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    assert!(
        out.stdout
            .trim_end()
            .lines()
            .last()
            .unwrap()
            .contains("0 errors, 0 warnings")
    );
}

#[test]
fn json_has_a_finding_for_every_anchor_with_the_documented_fields() {
    let p = Scratch::bundled("json");
    let out = p.run(&["check", "--format", "json"]);
    assert_eq!(out.code, 0);
    let v = json(&out);
    assert_eq!(v["version"], 1);
    let findings = v["findings"].as_array().unwrap();
    assert_eq!(
        findings.len() as u64,
        v["summary"]["anchors"].as_u64().unwrap()
    );
    for f in findings {
        for key in [
            "claim", "anchor", "file", "line", "doc", "status", "severity", "code", "recorded",
            "found", "message",
        ] {
            assert!(f.get(key).is_some(), "missing {key} in {f}");
        }
        assert_eq!(f["status"], "intact");
        let found = &f["found"];
        for key in ["start", "end", "line", "column", "text"] {
            assert!(found.get(key).is_some());
        }
        let r = &f["recorded"];
        assert_eq!(r["start"], found["start"]);
        assert_eq!(r["end"], found["end"]);
    }
    assert!(findings.iter().any(|f| f["anchor"] == "evidence[0]"));
}

#[test]
fn exit_codes_follow_the_contract() {
    // 1: an altered quote is an error.
    let p = Scratch::bundled("exit1");
    let doc = p
        .read(BELL_DOC)
        .replace("passed on the information", "passed on some information");
    p.write(BELL_DOC, doc);
    let out = p.run(&["check"]);
    assert_eq!(out.code, 1, "{}", out.stdout);
    assert!(out.stdout.contains("error[quote-altered]"));
    assert!(
        out.stdout.contains("[-the -]{+some +}") || out.stdout.contains("[-the-]"),
        "{}",
        out.stdout
    );

    // 0 with a warning, 1 under --deny warnings.
    let p = Scratch::bundled("exit0warn");
    let doc = p.read(BELL_DOC);
    p.write(BELL_DOC, format!("Update: a new paragraph.\n\n{doc}"));
    let out = p.run(&["check"]);
    assert_eq!(out.code, 0, "{}", out.stdout);
    assert!(out.stdout.contains("warning[quote-moved]"));
    assert_eq!(p.run(&["check", "--deny", "warnings"]).code, 1);

    // 2: the tool cannot run.
    let empty = Scratch::empty("exit2");
    let out = empty.run(&["check"]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("no `claims/` folder"), "{}", out.stderr);
    assert_eq!(p.run(&["check", "--format", "yaml"]).code, 2);
    assert_eq!(p.run(&["check", "--partition", "3/2"]).code, 2);
}

#[test]
fn github_format_prints_workflow_commands() {
    let p = Scratch::bundled("github");
    let doc = p
        .read(BELL_DOC)
        .replace("The Bell could not confirm this claim.", "");
    p.write(BELL_DOC, doc);
    let out = p.run(&["check", "--format", "github"]);
    assert_eq!(out.code, 1);
    let line = out
        .stdout
        .lines()
        .find(|l| l.starts_with("::error "))
        .expect("an ::error line");
    assert!(
        line.starts_with(&format!("::error file={BELL_CLAIMS},line=")),
        "{line}"
    );
    assert!(line.contains("title=quote-missing::"), "{line}");
    // Deleting the sentence moved the quotes after it: warnings, not errors.
    assert!(out.stdout.contains("title=quote-moved::"), "{}", out.stdout);
    assert!(
        out.stdout
            .lines()
            .all(|l| l.starts_with("::") || l.starts_with("claimtrack: "))
    );
}

#[test]
fn fix_round_trip_keeps_comments_and_blank_lines_and_then_checks_intact() {
    let p = Scratch::corpus_only("fix");
    let claims = "# Logged by hand.\n\n[[claim]]\nid = \"alperovich\"   # trailing comment\nstatement = \"Alperovich did not answer.\"\nlevel = \"confirmed\"\ndoc = \"the-bell/mikhailov-crowdstrike\"\nquote = \"But Crowdstrike founder Dmitry Alperovich didn't answer\"\n\n# second claim\n[[claim]]\nid = \"seleznev-sentence\"\nstatement = \"Seleznev is serving 27 years.\"\nlevel = \"confirmed\"\ndoc = \"the-bell/mikhailov-crowdstrike\"\nquote = \"now serving a 27-year sentence in the U.S.\"\nstart = 3\n";
    p.write("claims/c.toml", claims);
    let out = p.run(&["check"]);
    assert_eq!(out.code, 0, "{}", out.stdout);
    assert!(
        out.stdout.contains("warning[quote-normalized]"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains("U+2019 RIGHT SINGLE QUOTATION MARK"),
        "{}",
        out.stdout
    );
    assert!(out.stdout.contains("warning[quote-moved]"));

    let out = p.run(&["check", "--fix"]);
    assert_eq!(out.code, 0, "{}", out.stdout);
    let fixed = p.read("claims/c.toml");
    // Every original line is still there, byte for byte, but the two quote lines.
    for line in claims
        .lines()
        .filter(|l| !l.starts_with("quote") && !l.starts_with("start"))
    {
        assert!(
            fixed.lines().any(|f| f == line),
            "lost line {line:?} in\n{fixed}"
        );
    }
    assert!(
        fixed.starts_with(
            "# Logged by hand.\n\n[[claim]]\nid = \"alperovich\"   # trailing comment\n"
        )
    );
    assert!(fixed.contains("quote = \"But Crowdstrike founder Dmitry Alperovich didn’t answer\""));
    let doc = p.read(BELL_DOC);
    assert!(fixed.contains(&format!(
        "start = {}",
        char_offset(&doc, "now serving a 27-year")
    )));

    let out = p.run(&["check", "--deny", "warnings", "--format", "json"]);
    assert_eq!(out.code, 0, "{}", out.stdout);
    assert!(
        json(&out)["findings"]
            .as_array()
            .unwrap()
            .iter()
            .all(|f| f["status"] == "intact")
    );
    // A second --fix changes nothing.
    p.run(&["check", "--fix"]);
    assert_eq!(p.read("claims/c.toml"), fixed);
}

#[test]
fn fix_leaves_altered_missing_and_ambiguous_anchors_alone() {
    let p = Scratch::corpus_only("fixnot");
    let claims = "[[claim]]\nid = \"amb\"\nstatement = \"s\"\nlevel = \"confirmed\"\ndoc = \"slate/cybercrime-treason-trial\"\nquote = \"Mikhailov and Stoyanov\"\n\n[[claim]]\nid = \"alt\"\nstatement = \"s\"\nlevel = \"confirmed\"\ndoc = \"slate/cybercrime-treason-trial\"\nquote = \"was sentenced to 23 years in prison\"\n";
    p.write("claims/c.toml", claims);
    let out = p.run(&["check", "--fix"]);
    assert_eq!(out.code, 1);
    assert_eq!(p.read("claims/c.toml"), claims);
    assert!(out.stdout.contains("error[quote-ambiguous]"));
    assert!(out.stdout.contains("set `start = "), "{}", out.stdout);
    assert!(out.stdout.contains("error[quote-altered]"));
}

#[test]
fn broken_toml_is_reported_with_file_and_line_and_other_files_are_still_checked() {
    let p = Scratch::bundled("broken");
    p.write(
        "claims/aaa-broken.toml",
        "[[claim]]\nid = \"x\"\nstatement = \"unterminated\n",
    );
    p.write("claims/zzz-unknown-key.toml", "[[claim]]\nid = \"y\"\nstatement = \"s\"\nlevel = \"sure\"\ndoc = \"spies-work-with-russia\"\nquote = \"Trump\"\ncolour = \"red\"\n");
    let out = p.run(&["check", "--format", "json"]);
    assert_eq!(out.code, 1);
    let v = json(&out);
    let f = v["findings"].as_array().unwrap();
    let broken: Vec<_> = f
        .iter()
        .filter(|f| f["file"] == "claims/aaa-broken.toml")
        .collect();
    assert_eq!(broken.len(), 1);
    assert_eq!(broken[0]["code"], "invalid-claim");
    assert_eq!(broken[0]["line"], 3);
    let unknown: Vec<_> = f
        .iter()
        .filter(|f| f["file"] == "claims/zzz-unknown-key.toml")
        .collect();
    assert!(unknown.iter().any(|f| {
        f["message"]
            .as_str()
            .unwrap()
            .contains("unknown level \"sure\"")
    }));
    assert!(unknown.iter().any(|f| f["line"] == 7 && f["column"] == 1));
    assert!(
        f.iter().filter(|f| f["status"] == "intact").count() >= 14,
        "the bundled claims were still checked"
    );

    let human = p.run(&["check"]);
    assert!(
        human.stdout.contains("--> claims/aaa-broken.toml:3:"),
        "{}",
        human.stdout
    );
}

#[test]
fn a_missing_document_and_invalid_utf8_are_findings_not_crashes() {
    let p = Scratch::bundled("baddocs");
    p.write("corpus/latin1.txt", b"caf\xe9 society\n".as_slice());
    p.write(
        "claims/more.toml",
        "[[claim]]\nid = \"gone\"\nstatement = \"s\"\nlevel = \"confirmed\"\ndoc = \"no/such-doc\"\nquote = \"x\"\n\n[[claim]]\nid = \"latin\"\nstatement = \"s\"\nlevel = \"confirmed\"\ndoc = \"latin1\"\nquote = \"society\"\n",
    );
    let out = p.run(&["check", "--format", "json"]);
    assert_eq!(out.code, 1);
    let v = json(&out);
    let f = v["findings"].as_array().unwrap();
    let gone = f.iter().find(|f| f["claim"] == "gone").unwrap();
    assert_eq!(gone["code"], "doc-missing");
    assert_eq!(gone["file"], "claims/more.toml");
    assert_eq!(gone["line"], 6);
    let latin = f.iter().find(|f| f["claim"] == "latin").unwrap();
    assert_eq!(latin["code"], "doc-unreadable");
    assert!(
        latin["message"].as_str().unwrap().contains("byte offset 3"),
        "{latin}"
    );
    assert!(f.iter().filter(|f| f["status"] == "intact").count() >= 14);
}

#[test]
fn unknown_metadata_key_is_reported_with_its_line() {
    let p = Scratch::bundled("meta");
    p.write(
        "corpus/spies-work-with-russia.toml",
        "title = \"x\"\nwriter = \"y\"\n",
    );
    let out = p.run(&["check", "--format", "json"]);
    assert_eq!(out.code, 1);
    let v = json(&out);
    let m = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["code"] == "invalid-metadata")
        .unwrap()
        .clone();
    assert_eq!(m["file"], "corpus/spies-work-with-russia.toml");
    assert_eq!(m["line"], 2);
}

#[test]
fn documents_no_claim_names_still_get_metadata_and_id_checks() {
    // The corpus index keeps only documents claims name; metadata and
    // `x.txt` beside `x.md` are still checked for every document.
    let p = Scratch::bundled("unnamed");
    p.write("corpus/archive/2019/old.txt", "Nobody quotes this.\n");
    p.write(
        "corpus/archive/2019/old.toml",
        "title = \"Old\"\nauthr = \"x\"\n",
    );
    p.write("corpus/archive/twice.txt", "one\n");
    p.write("corpus/archive/twice.md", "two\n");
    let out = p.run(&["check", "--format", "json"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    let v = json(&out);
    let f = v["findings"].as_array().unwrap();
    let meta = f.iter().find(|f| f["code"] == "invalid-metadata").unwrap();
    assert_eq!(meta["file"], "corpus/archive/2019/old.toml");
    assert_eq!(meta["doc"], "archive/2019/old");
    assert_eq!(
        (meta["line"].as_u64(), meta["column"].as_u64()),
        (Some(2), Some(1))
    );
    let twice = f.iter().find(|f| f["code"] == "doc-unreadable").unwrap();
    assert!(
        twice["message"]
            .as_str()
            .unwrap()
            .contains("corpus/archive/twice.md and corpus/archive/twice.txt"),
        "{twice}"
    );
    // Every bundled anchor is still intact.
    let intact = f.iter().filter(|f| f["status"] == "intact").count();
    assert_eq!(intact as u64, v["summary"]["anchors"].as_u64().unwrap());
}

#[test]
fn no_colour_when_piped_and_colour_when_forced_unless_no_color() {
    let p = Scratch::bundled("colour");
    let doc = p.read(BELL_DOC);
    p.write(BELL_DOC, format!("x\n\n{doc}"));
    assert!(!p.run(&["check"]).stdout.contains('\x1b'));
    assert!(
        p.run(&["--color", "always", "check"])
            .stdout
            .contains('\x1b')
    );
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
