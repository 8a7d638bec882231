//! The README against the binary's output: the first screen's two set-up
//! commands, and the example table. (Codes, exit codes, folds, JSON fields
//! and the usage block are compared with the code in `src/readme.rs`.)

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
fn the_table_by_fact_shown_is_what_the_bundled_claims_print() {
    let p = crate::common::Scratch::bundled("readme-table");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_claimtrack"))
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
