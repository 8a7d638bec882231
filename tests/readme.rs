//! The README cannot drift from the binary: codes, exit codes, the example table.

mod common;

use claimtrack::report::Status;

fn readme() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap()
}

#[test]
fn first_screen_gives_the_two_setup_commands() {
    let head: String = readme().lines().take(20).collect::<Vec<_>>().join("\n");
    assert!(head.contains("cargo run --release -- check"));
    assert!(head.contains("cargo test"));
}

#[test]
fn every_finding_code_is_listed_with_its_severity_and_meaning() {
    let r = readme();
    for st in Status::ALL {
        let sev = match st.severity() {
            claimtrack::report::Severity::Ok => "ok",
            claimtrack::report::Severity::Warning => "warning",
            claimtrack::report::Severity::Error => "error",
        };
        let row = format!(
            "| {} | `{}` | {sev} | {} |",
            st.as_str(),
            st.code(),
            st.meaning()
        );
        assert!(r.contains(&row), "README lacks the row:\n{row}");
    }
}

#[test]
fn exit_codes_are_documented() {
    let r = readme();
    for (code, text) in [
        (claimtrack::EXIT_OK, "| 0 |"),
        (claimtrack::EXIT_FINDINGS, "| 1 |"),
        (claimtrack::EXIT_ERROR, "| 2 |"),
    ] {
        assert!(r.contains(text), "exit code {code} is not in the README");
    }
}

#[test]
fn the_table_by_fact_shown_is_what_the_bundled_claims_print() {
    let p = common::Scratch::bundled("readme-table");
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_claimtrack"));
    let out = cmd
        .arg("-C")
        .arg(&p.0)
        .args(["table", "--by", "fact"])
        .env("COLUMNS", "120")
        .output()
        .unwrap();
    let printed = String::from_utf8(out.stdout).unwrap();
    let r = readme();
    let start = r.find("```text\n").expect("a text block") + "```text\n".len();
    let end = start + r[start..].find("```").unwrap();
    assert_eq!(
        &r[start..end],
        printed,
        "README's table is stale: paste the new output"
    );
}
