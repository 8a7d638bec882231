//! The docs against the binary's output: the README's first screen gives the
//! two set-up commands, and the guide's example table is what `table` prints. (Codes, exit codes, folds, JSON fields
//! and the usage block are compared with the code in `src/readme.rs`.)

fn read(path: &str) -> String {
    std::fs::read_to_string(format!("{}/{path}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

#[test]
fn first_screen_gives_the_two_setup_commands() {
    let head: String = read("README.md")
        .lines()
        .take(20)
        .collect::<Vec<_>>()
        .join("\n");
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
    let r = read("docs/guide.md");
    let start = r.find("```text\n").expect("a text block") + "```text\n".len();
    let end = start + r[start..].find("```").unwrap();
    assert_eq!(
        &r[start..end],
        printed,
        "docs/guide.md's table is stale: paste the new output"
    );
}
