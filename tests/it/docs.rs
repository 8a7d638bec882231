//! Completions and manual pages are generated from the binary's own
//! definitions; these tests run them through the real consumers: bash and
//! groff (which `.ci/run` installs when missing).

use std::process::Command;

fn claimtrack(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_claimtrack"))
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn bash_sources_the_completion_script_and_completes_the_commands() {
    let out = claimtrack(&["completions", "bash"]);
    assert!(out.status.success());
    let dir = std::env::temp_dir().join(format!("claimtrack-completions-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let script = dir.join("claimtrack.bash");
    std::fs::write(&script, &out.stdout).unwrap();
    // Source it, then ask the completion function what follows `claimtrack ac`.
    let probe = format!(
        "set -e; source {}; COMP_WORDS=(claimtrack ac); COMP_CWORD=1; COMP_LINE='claimtrack ac'; COMP_POINT=13; _claimtrack claimtrack ac claimtrack; printf '%s\\n' \"${{COMPREPLY[@]}}\"",
        script.display()
    );
    let bash = Command::new("bash")
        .args(["--norc", "--noprofile", "-c", &probe])
        .output()
        .expect("bash is needed for this test");
    let err = String::from_utf8_lossy(&bash.stderr);
    assert!(bash.status.success(), "bash failed: {err}");
    assert!(err.is_empty(), "bash printed errors: {err}");
    let replies = String::from_utf8_lossy(&bash.stdout);
    assert!(replies.lines().any(|l| l == "accept"), "{replies}");
    for shell in ["zsh", "fish", "powershell", "elvish"] {
        let out = claimtrack(&["completions", shell]);
        assert!(out.status.success() && !out.stdout.is_empty(), "{shell}");
    }
    assert_eq!(claimtrack(&["completions", "tcsh"]).status.code(), Some(2));
}

#[test]
fn every_manual_page_renders_with_groff_without_a_warning() {
    let dir = std::env::temp_dir().join(format!("claimtrack-man-{}", std::process::id()));
    let out = claimtrack(&["man", "--out-dir", dir.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let written: Vec<String> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(str::to_string)
        .collect();
    assert!(written.len() >= 10, "one page per command: {written:?}");
    assert!(written.iter().any(|p| p.ends_with("claimtrack-accept.1")));
    // Nested commands have pages too: the options of `import html` and the
    // exports are in no other page.
    for nested in [
        "claimtrack-import-html.1",
        "claimtrack-import-hypothesis.1",
        "claimtrack-export-w3c.1",
        "claimtrack-export-claimreview.1",
        "claimtrack-export-sqlite.1",
    ] {
        assert!(written.iter().any(|p| p.ends_with(nested)), "{nested}");
    }
    let html = std::fs::read_to_string(dir.join("claimtrack-import-html.1")).unwrap();
    assert!(html.contains("\\-\\-update"), "{html}");
    // The synopsis names each option's value (clap_mangen alone prints `[-C ]`)
    // and how the command is invoked.
    let top = std::fs::read_to_string(dir.join("claimtrack.1")).unwrap();
    assert!(top.contains("[\\-C DIR]"), "{top}");
    assert!(!top.contains("\\-C \\fR]"), "{top}");
    assert!(
        html.contains("claimtrack import html <FILE> \\-\\-id DOC_ID"),
        "{html}"
    );
    for page in &written {
        let groff = Command::new("groff")
            .args(["-man", "-Tutf8", "-ww", "-z", page])
            .output()
            .expect("groff is needed: .ci/run installs groff-base");
        let err = String::from_utf8_lossy(&groff.stderr);
        assert!(groff.status.success() && err.is_empty(), "{page}: {err}");
    }
    // Without --out-dir, the main page goes to standard output.
    let main = claimtrack(&["man"]);
    assert!(String::from_utf8_lossy(&main.stdout).starts_with(".ie \\n(.g .ds Aq"));
}

#[test]
fn quiet_prints_only_what_fails_the_run_and_the_summary() {
    let p = crate::common::Scratch::bundled("quiet");
    let doc = "corpus/the-bell/mikhailov-crowdstrike.txt";
    let text = p.read(doc);
    p.write(
        doc,
        format!("Update: a new paragraph.\n\n{text}").replacen(
            "passed on the information",
            "passed on some information",
            1,
        ),
    );
    let out = p.run(&["check", "--quiet"]);
    assert_eq!(out.code, 1);
    assert!(
        out.stdout.contains("error[quote-altered]"),
        "{}",
        out.stdout
    );
    assert!(!out.stdout.contains("warning["), "{}", out.stdout);
    assert!(
        out.stdout.trim_end().ends_with("warnings"),
        "{}",
        out.stdout
    );
    // Under --deny warnings, warnings fail the run, so they are printed.
    let out = p.run(&["check", "--quiet", "--deny", "warnings"]);
    assert!(
        out.stdout.contains("warning[quote-moved]"),
        "{}",
        out.stdout
    );
}
