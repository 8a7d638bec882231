//! CLI scenarios as data: each folder under `tests/cmd/` is one case.
//!
//! `case.toml` says what the case pins (`about`), the project it starts from
//! (`base`: `empty`, `corpus` for the bundled corpus with no claims, or
//! `bundled` for the bundled corpus and claims), files laid over it from the
//! case's `project/` folder, `[[edit]]`s of those files, and the `[[run]]`s
//! of the binary in order, each with its exit `status` (and `[[run.edit]]`s
//! made just before it, as a person editing between two commands). Each run's stdout and
//! stderr must equal `NAME.stdout` and `NAME.stderr` beside it (the project
//! folder shown as `[ROOT]`); every file under `after/` must equal the
//! project's file after the runs, and every path in `unchanged` must be
//! byte-identical to what it was before them, and no path in `absent` may
//! exist after them.
//!
//! `SNAPSHOTS=overwrite cargo test --test it cmd::` writes the expected files from
//! what the binary prints now; review the diff before committing it.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::common::{Scratch, copy_dir};
use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    about: String,
    #[serde(default)]
    base: Base,
    #[serde(default)]
    edit: Vec<Edit>,
    run: Vec<Run>,
    #[serde(default)]
    unchanged: Vec<String>,
    /// Paths that must not exist after the runs.
    #[serde(default)]
    absent: Vec<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
enum Base {
    #[default]
    Empty,
    Corpus,
    Bundled,
}

/// One change to a file of the project before the runs.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Edit {
    file: String,
    /// Replace every occurrence of this text (which must be there)...
    replace: Option<String>,
    /// ...with this.
    with: Option<String>,
    /// Put this text before the file's contents.
    prepend: Option<String>,
    /// Put this text after the file's contents.
    append: Option<String>,
    /// Write the file with exactly these bytes (for invalid UTF-8).
    bytes: Option<Vec<u8>>,
    /// Make the file a symbolic link to this target.
    link: Option<String>,
    /// Make the file a named pipe (FIFO), or a folder, instead.
    special: Option<Special>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "kebab-case")]
enum Special {
    Fifo,
    Folder,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Run {
    /// The name of the expected output files; `cmd` by default.
    #[serde(default = "default_name")]
    name: String,
    args: Vec<String>,
    stdin: Option<String>,
    status: i32,
    /// Run from this folder of the project, without `-C` (as a user in it would).
    cwd: Option<String>,
    /// The terminal's width (`$COLUMNS`); 100 when not given.
    columns: Option<usize>,
    /// Changes made to the project's files just before this run (a person
    /// editing between two commands).
    #[serde(default)]
    edit: Vec<Edit>,
    /// Environment variables of this run (needs `cwd`: `COMPLETE` and the
    /// words a shell asks completions for name no `-C`).
    #[serde(default)]
    env: BTreeMap<String, String>,
}

fn default_name() -> String {
    "cmd".into()
}

fn overwrite() -> bool {
    std::env::var("SNAPSHOTS").is_ok_and(|v| v == "overwrite")
}

/// Makes each change of `edits` to the project's files.
fn apply_edits(name: &str, p: &Scratch, edits: &[Edit]) {
    for e in edits {
        let path = p.path(&e.file);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).unwrap();
        }
        if e.link.is_some() || e.special.is_some() {
            // A link or special file takes the place of whatever is there.
            let _ = std::fs::remove_file(&path);
            let _ = std::fs::remove_dir_all(&path);
        }
        if let Some(target) = &e.link {
            std::os::unix::fs::symlink(target, &path).unwrap();
            continue;
        }
        match e.special {
            Some(Special::Fifo) => {
                let ok = std::process::Command::new("mkfifo")
                    .arg(&path)
                    .status()
                    .unwrap();
                assert!(ok.success(), "{name}: mkfifo {}", e.file);
                continue;
            }
            Some(Special::Folder) => {
                std::fs::create_dir_all(&path).unwrap();
                continue;
            }
            None => {}
        }
        if let Some(bytes) = &e.bytes {
            p.write(&e.file, bytes);
            continue;
        }
        let mut text = std::fs::read_to_string(&path).unwrap_or_default();
        if let (Some(old), Some(new)) = (&e.replace, &e.with) {
            assert!(
                text.contains(old.as_str()),
                "{name}: {old:?} is not in {}",
                e.file
            );
            text = text.replace(old.as_str(), new);
        }
        if let Some(pre) = &e.prepend {
            text.insert_str(0, pre);
        }
        if let Some(post) = &e.append {
            text.push_str(post);
        }
        p.write(&e.file, text);
    }
}

/// Runs one case; returns what differed.
fn run_case(dir: &Path) -> Vec<String> {
    let name = dir.file_name().unwrap().to_string_lossy().into_owned();
    let spec = std::fs::read_to_string(dir.join("case.toml")).unwrap();
    let case: Case = toml::from_str(&spec).unwrap_or_else(|e| panic!("{name}/case.toml: {e}"));
    assert!(!case.about.is_empty(), "{name}: say what the case pins");
    let p = match case.base {
        Base::Empty => Scratch::empty(&name),
        Base::Corpus => Scratch::corpus_only(&name),
        Base::Bundled => Scratch::bundled(&name),
    };
    if dir.join("project").is_dir() {
        copy_dir(&dir.join("project"), &p.0);
    }
    apply_edits(&name, &p, &case.edit);
    let before: BTreeMap<&str, Vec<u8>> = case
        .unchanged
        .iter()
        .map(|f| {
            let bytes = std::fs::read(p.path(f)).unwrap_or_else(|e| {
                panic!("{name}: `unchanged` names {f}, which cannot be read: {e}")
            });
            (f.as_str(), bytes)
        })
        .collect();
    let root = p.0.to_string_lossy().into_owned();
    let mut problems = Vec::new();
    for run in &case.run {
        apply_edits(&name, &p, &run.edit);
        let args: Vec<&str> = run.args.iter().map(String::as_str).collect();
        assert!(
            run.env.is_empty() || run.cwd.is_some(),
            "{name}: a run with `env` runs from a folder: give `cwd`"
        );
        let vars: Vec<(&str, &str)> = run
            .env
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        let out = match &run.cwd {
            Some(dir) => crate::common::run_from_with(&p.path(dir), &args, &vars),
            None => crate::common::run_at_width(
                &p.0,
                &args,
                run.stdin.as_deref(),
                run.columns.unwrap_or(100),
            ),
        };
        let label = format!("{name}/{}", run.name);
        if out.code != run.status {
            problems.push(format!(
                "{label}: exit {} where {} was expected\nstdout:\n{}\nstderr:\n{}",
                out.code, run.status, out.stdout, out.stderr
            ));
        }
        for (stream, actual) in [("stdout", &out.stdout), ("stderr", &out.stderr)] {
            let actual = actual.replace(&root, "[ROOT]");
            compare(
                &dir.join(format!("{}.{stream}", run.name)),
                &actual,
                &label,
                &mut problems,
            );
        }
    }
    for (file, old) in before {
        match std::fs::read(p.path(file)) {
            Ok(now) if now == old => {}
            Ok(_) => problems.push(format!("{name}: {file} changed, and must not")),
            Err(e) => problems.push(format!("{name}: {file} is gone ({e}), and must not be")),
        }
    }
    for file in &case.absent {
        if p.path(file).exists() {
            problems.push(format!("{name}: {file} is still there, and must not be"));
        }
    }
    let after = dir.join("after");
    if after.is_dir() {
        for expected in files_under(&after) {
            let rel = expected.strip_prefix(&after).unwrap();
            let actual = std::fs::read_to_string(p.0.join(rel)).unwrap_or_default();
            compare(
                &expected,
                &actual,
                &format!("{name}: {}", rel.display()),
                &mut problems,
            );
        }
    }
    problems
}

/// Compares with an expected file, or writes it under `SNAPSHOTS=overwrite`.
fn compare(expected: &Path, actual: &str, label: &str, problems: &mut Vec<String>) {
    if overwrite() {
        if actual.is_empty() && !expected.exists() {
            return;
        }
        std::fs::write(expected, actual).unwrap();
        return;
    }
    let want = std::fs::read_to_string(expected).unwrap_or_default();
    if want != actual {
        let diff = similar::TextDiff::from_lines(want.as_str(), actual)
            .unified_diff()
            .header("expected", "actual")
            .to_string();
        problems.push(format!(
            "{label} differs from {}:\n{diff}",
            expected.display()
        ));
    }
}

fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let path = e.unwrap().path();
        if path.is_dir() {
            out.extend(files_under(&path));
        } else {
            out.push(path);
        }
    }
    out.sort();
    out
}

/// Runs the case in `tests/cmd/NAME/` and fails with what differed.
fn case(name: &str) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/cmd")
        .join(name);
    let problems = run_case(&dir);
    assert!(
        problems.is_empty(),
        "{name} differs (SNAPSHOTS=overwrite rewrites the expected files):\n\n{}",
        problems.join("\n\n")
    );
}

/// One `#[test]` per case, named after its folder, so `cargo test --test it
/// cmd::check_every_status` runs one and the harness reports each by name.
macro_rules! cases {
    ($($test:ident => $dir:literal,)*) => {
        $(
            #[test]
            fn $test() {
                case($dir);
            }
        )*
        /// The folders the macro lists.
        const LISTED: &[&str] = &[$($dir),*];
    };
}

cases! {
    add_altered_or_missing => "add-altered-or-missing",
    add_ambiguous => "add-ambiguous",
    add_attribution => "add-attribution",
    add_brackets => "add-brackets",
    add_broken_file => "add-broken-file",
    add_claims_target => "add-claims-target",
    add_dry_run => "add-dry-run",
    add_elided => "add-elided",
    add_literal_bracket => "add-literal-bracket",
    add_normalized => "add-normalized",
    add_notes_source_and_paragraphs => "add-notes-source-and-paragraphs",
    add_refusals => "add-refusals",
    add_statement_and_ids => "add-statement-and-ids",
    add_stdin => "add-stdin",
    add_suggestions_whole_words => "add-suggestions-whole-words",
    add_unique => "add-unique",
    check_attribution => "check-attribution",
    check_bad_docs => "check-bad-docs",
    check_broken_toml => "check-broken-toml",
    check_bundled_deny_warnings => "check-bundled-deny-warnings",
    check_bundled_verbose => "check-bundled-verbose",
    check_colour => "check-colour",
    check_context_changed => "check-context-changed",
    check_deleted_passage => "check-deleted-passage",
    check_doc_conflict => "check-doc-conflict",
    check_every_status => "check-every-status",
    check_exit_altered => "check-exit-altered",
    check_exit_moved_warning => "check-exit-moved-warning",
    check_exit_no_project => "check-exit-no-project",
    check_files_count => "check-files-count",
    check_fix_leaves_people_decisions => "check-fix-leaves-people-decisions",
    check_fix_round_trip => "check-fix-round-trip",
    check_github => "check-github",
    check_json_bundled => "check-json-bundled",
    check_metadata_unknown_key => "check-metadata-unknown-key",
    check_special_files => "check-special-files",
    check_summary_repeats_deleted_sentence => "check-summary-repeats-deleted-sentence",
    check_unnamed_docs => "check-unnamed-docs",
    check_unpinned_one_word => "check-unpinned-one-word",
    check_usage_errors => "check-usage-errors",
    cjk_terminal => "cjk-terminal",
    claims_file_bom => "claims-file-bom",
    completions_ids => "completions-ids",
    crlf_claims_file => "crlf-claims-file",
    evidence_missing_and_command => "evidence-missing-and-command",
    exit_codes => "exit-codes",
    export_claimreview => "export-claimreview",
    export_claimreview_no_facts_file => "export-claimreview-no-facts-file",
    export_output_targets => "export-output-targets",
    help_global_options => "help-global-options",
    hostile_corpus_outside => "hostile-corpus-outside",
    hostile_facts_and_metadata => "hostile-facts-and-metadata",
    hostile_facts_links => "hostile-facts-links",
    hostile_project_folders_outside => "hostile-project-folders-outside",
    import_html_article_and_headline => "import-html-article-and-headline",
    import_html_hostile_pages => "import-html-hostile-pages",
    import_hypothesis => "import-hypothesis",
    import_hypothesis_dates => "import-hypothesis-dates",
    init_busy_folder => "init-busy-folder",
    init_empty => "init-empty",
    init_never_overwrites => "init-never-overwrites",
    init_other_files => "init-other-files",
    languages => "languages",
    links_outside_project => "links-outside-project",
    list_json_and_grep => "list-json-and-grep",
    messages => "messages",
    project_discovery => "project-discovery",
    report_broken => "report-broken",
    report_bundled => "report-bundled",
    report_rerun => "report-rerun",
    review_history_compact => "review-history-compact",
    review_show_and_list => "review-show-and-list",
    show_altered => "show-altered",
    show_claim => "show-claim",
    show_ignores_other_files => "show-ignores-other-files",
    stale_temporary_files => "stale-temporary-files",
    table_and_show_with_broken_files => "table-and-show-with-broken-files",
    table_filters => "table-filters",
    table_formats => "table-formats",
    table_widths => "table-widths",
    terminal_safety => "terminal-safety",
    terminal_safety_names => "terminal-safety-names",
    writers_keep_line_endings_and_escape_bidi => "writers-keep-line-endings-and-escape-bidi",
}

#[test]
fn every_folder_under_tests_cmd_is_a_listed_case() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cmd");
    let mut found: Vec<String> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.join("case.toml").is_file())
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    found.sort();
    let listed: Vec<String> = LISTED.iter().map(|s| (*s).to_string()).collect();
    assert_eq!(
        found, listed,
        "every folder with a case.toml is listed in `cases!` (and nothing else)"
    );
}
