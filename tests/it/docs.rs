//! Completions and manual pages are generated from the binary's own
//! definitions; these tests run them through the real consumers: bash, zsh,
//! fish, groff and mandoc (which `.ci/run` installs when missing).

use std::process::Command;

fn claimtrack(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_claimtrack"))
        .args(args)
        .output()
        .unwrap()
}

/// The completion script for `shell`, written to a file of its own.
fn script(shell: &str) -> std::path::PathBuf {
    let out = claimtrack(&["completions", shell]);
    assert!(out.status.success(), "{shell}");
    let dir = std::env::temp_dir().join(format!("claimtrack-completions-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let script = dir.join(format!("claimtrack.{shell}"));
    std::fs::write(&script, &out.stdout).unwrap();
    script
}

/// What `shell` offers for the last word of `line` (run in `cwd`), through
/// its own completion machinery and the script `claimtrack completions` printed.
fn offered(shell: &str, cwd: &std::path::Path, line: &[&str]) -> Vec<String> {
    let script = script(shell);
    let words = line
        .iter()
        .map(|w| format!("'{w}'"))
        .collect::<Vec<_>>()
        .join(" ");
    let (program, args): (&str, Vec<String>) = match shell {
        // Bash: the completion function called as `complete -F` calls it.
        "bash" => (
            "bash",
            vec![
                "--norc".into(),
                "--noprofile".into(),
                "-c".into(),
                format!(
                    "set -e; source {}; COMP_WORDS=({words}); COMP_CWORD=$((${{#COMP_WORDS[@]}}-1)); \
             COMP_LINE=\"${{COMP_WORDS[*]}}\"; COMP_POINT=${{#COMP_LINE}}; \
             _clap_complete_claimtrack claimtrack \"${{COMP_WORDS[-1]}}\" \"${{COMP_WORDS[-2]}}\"; \
             printf '%s\\n' \"${{COMPREPLY[@]}}\"",
                    script.display()
                ),
            ],
        ),
        // Zsh: the completer with `words` and `CURRENT` as the completion
        // system sets them; `_describe` prints what it would offer.
        "zsh" => (
            "zsh",
            vec![
                "-f".into(),
                "-c".into(),
                format!(
                    "compdef() {{ }}; _describe() {{ print -l -- \"${{(@P)3%%:*}}\" }}; source {}; \
             words=({words}); CURRENT=${{#words}}; _clap_dynamic_completer_claimtrack",
                    script.display()
                ),
            ],
        ),
        // Fish: its own `complete -C`, which runs the registered completions.
        "fish" => (
            "fish",
            vec![
                "--no-config".into(),
                "-c".into(),
                format!(
                    "source {}; complete -C \"{}\"",
                    script.display(),
                    line.join(" ")
                ),
            ],
        ),
        _ => unreachable!(),
    };
    let out = Command::new(program)
        .args(&args)
        .current_dir(cwd)
        .output()
        .unwrap_or_else(|e| panic!("{program} is needed for this test: {e}"));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success() && err.is_empty(),
        "{shell} failed: {err}"
    );
    String::from_utf8_lossy(&out.stdout)
        .lines()
        // Fish gives `value<TAB>description`.
        .map(|l| l.split('\t').next().unwrap_or_default().to_string())
        .filter(|l| !l.is_empty())
        .collect()
}

#[test]
fn bash_zsh_and_fish_complete_commands_and_the_projects_claim_document_and_fact_ids() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let project = root.to_str().unwrap();
    let elsewhere = std::env::temp_dir();
    for shell in ["bash", "zsh", "fish"] {
        // Commands, from the binary's own definitions.
        let got = offered(shell, &elsewhere, &["claimtrack", "ac"]);
        assert_eq!(got, ["accept"], "{shell}");
        // Claim ids of the project named by -C, with the typed prefix.
        let got = offered(
            shell,
            &elsewhere,
            &["claimtrack", "-C", project, "show", "mikhailov-sen"],
        );
        assert_eq!(got, ["mikhailov-sentenced-22-years"], "{shell}");
        // Document ids, from a folder inside the project (found as git finds
        // its repository).
        let got = offered(
            shell,
            &root.join("claims"),
            &["claimtrack", "add", "--doc", "s"],
        );
        assert_eq!(
            got,
            ["slate/cybercrime-treason-trial", "spies-work-with-russia"],
            "{shell}"
        );
        // Fact ids of claims/facts.toml.
        let got = offered(
            shell,
            root,
            &["claimtrack", "set", "dnc-hack", "--fact", "dnc"],
        );
        assert_eq!(got, ["dnc-hack"], "{shell}");
        // Outside any project: no ids, and no error printed into the prompt.
        let got = offered(shell, &elsewhere, &["claimtrack", "show", "mik"]);
        assert!(got.is_empty(), "{shell}: {got:?}");
    }
    for shell in ["powershell", "elvish"] {
        assert!(!std::fs::read(script(shell)).unwrap().is_empty(), "{shell}");
    }
    assert_eq!(claimtrack(&["completions", "tcsh"]).status.code(), Some(2));
}

#[test]
fn every_manual_page_renders_with_groff_and_passes_mandoc_lint_without_a_warning() {
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
    // Named as it is run, titled as `man` finds it.
    assert!(
        html.contains("\n.SH NAME\nclaimtrack import html \\- "),
        "{html}"
    );
    assert!(html.contains("\n.TH claimtrack-import-html 1 "), "{html}");
    for page in &written {
        let groff = Command::new("groff")
            .args(["-man", "-Tutf8", "-ww", "-z", page])
            .output()
            .expect("groff is needed: .ci/run installs groff-base");
        let err = String::from_utf8_lossy(&groff.stderr);
        assert!(groff.status.success() && err.is_empty(), "{page}: {err}");
        // mandoc's linter, at warning level (its style notes, such as a
        // lower-case title as every git-style page has, are left aside).
        let lint = Command::new("mandoc")
            .args(["-T", "lint", "-W", "warning", page])
            .output()
            .expect("mandoc is needed: .ci/run installs it");
        let said = format!(
            "{}{}",
            String::from_utf8_lossy(&lint.stdout),
            String::from_utf8_lossy(&lint.stderr)
        );
        assert!(lint.status.success() && said.is_empty(), "{page}: {said}");
    }
    // The title line carries a date, the version and the manual's name.
    assert!(
        top.lines().any(|l| l.starts_with(".TH claimtrack 1 20")
            && l.contains(&format!("\"claimtrack {}\"", env!("CARGO_PKG_VERSION")))),
        "{}",
        &top[..200]
    );
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
