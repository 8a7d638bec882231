//! `claimtrack init`: a new project with one example document and one example
//! claim that passes `check`. It never overwrites anything.

use std::path::{Path, PathBuf};

use anyhow::Result;

use crate::check::report::Exit;
use crate::project::{CLAIMS_DIR, CORPUS_DIR, create_new};

const EXAMPLE_DOC: &str = "example/city-bridge.txt";
const EXAMPLE_META: &str = "example/city-bridge.toml";
/// Where `add --doc example/city-bridge` appends: the claims of a document
/// go to `claims/<doc id>.toml` unless `--file` says otherwise.
const EXAMPLE_CLAIMS: &str = "example/city-bridge.toml";

const DOC_TEXT: &str = "Bridge to close for repairs\n\nThe city\u{2019}s main bridge will close for six weeks from 1 June, the council confirmed on Monday.\n\nA council engineer said the repairs would cost \u{201C}about \u{00A3}4 million\u{201D}. The Example Gazette could not confirm that figure.\n";

const META_TEXT: &str = "# An invented article that shows the format; replace it with your sources.\ntitle = \"Bridge to close for repairs\"\noutlet = \"The Example Gazette\"\n";

/// `claims/.gitignore`: the temporary files of a killed write.
const GITIGNORE: &str = "# Temporary files of a claims file being rewritten (left only if the write was killed).\n.*.tmp\n";

/// The example claim; `start` is the code-point offset of its quote.
fn claims_text() -> String {
    let quote = "will close for six weeks from 1 June";
    let start = DOC_TEXT[..DOC_TEXT.find(quote).unwrap_or(0)]
        .chars()
        .count();
    format!(
        "# One [[claim]] table per claim. See docs/reference.md for every key.\n\
         # `claimtrack add` appends claims here; `claimtrack check` proves the quotes.\n\
         \n\
         [[claim]]\n\
         id = \"bridge-closes-six-weeks\"\n\
         statement = \"The main bridge closes for six weeks from 1 June.\"\n\
         level = \"confirmed\"\n\
         attributed-to = \"the city council\"\n\
         doc = \"example/city-bridge\"\n\
         quote = \"{quote}\"\n\
         start = {start}\n\
         fact = \"bridge-closure\"\n\
         \n\
         [[claim.evidence]]\n\
         quote = \"the council confirmed on Monday\"\n"
    )
}

/// The project's `.gitignore`: the report `claimtrack report` writes by default.
const ROOT_GITIGNORE: &str =
    "# Written by `claimtrack report`; CI can publish it, git need not keep it.\nreport/\n";

/// Creates the project; refuses (exit 1, nothing written) in a folder that
/// already has `claims/` or `corpus/`.
pub(super) fn run(root: &Path) -> Result<Exit> {
    let files = [
        (
            root.join(CORPUS_DIR).join(EXAMPLE_DOC),
            DOC_TEXT.to_string(),
        ),
        (
            root.join(CORPUS_DIR).join(EXAMPLE_META),
            META_TEXT.to_string(),
        ),
        (root.join(CLAIMS_DIR).join(EXAMPLE_CLAIMS), claims_text()),
    ];
    // A folder that already has claims/ or corpus/ is a project (or half of
    // one): its corpus must not get the invented example article.
    let present: Vec<&str> = [CLAIMS_DIR, CORPUS_DIR]
        .into_iter()
        .filter(|d| crate::project::exists(&root.join(d)))
        .collect();
    if !present.is_empty() {
        eprintln!(
            "error: {} already here; init starts a new project in a folder without claims/ and corpus/, and nothing was written",
            present
                .iter()
                .map(|d| format!("{d}/"))
                .collect::<Vec<_>>()
                .join(" and ")
        );
        return Ok(Exit::Findings);
    }
    // A write killed half-way leaves `.NAME.PID.tmp` beside a claims file
    // until the next write removes it: `check` skips it, and so does git.
    let ignore = root.join(CLAIMS_DIR).join(".gitignore");
    let mut all: Vec<(PathBuf, String)> = files.to_vec();
    all.push((ignore, GITIGNORE.to_string()));
    // The report folder stays out of git; a .gitignore already here is the
    // user's, never touched (they are told what to add).
    let root_ignore = root.join(".gitignore");
    let had_ignore = crate::project::exists(&root_ignore);
    if !had_ignore {
        all.push((root_ignore.clone(), ROOT_GITIGNORE.to_string()));
    }
    // All or nothing: a failure half-way (a full disk, a file that appeared
    // meanwhile, which is never overwritten) removes what this run made.
    let mut made_dirs: Vec<PathBuf> = Vec::new();
    for (path, _) in &all {
        let mut missing: Vec<PathBuf> = path
            .ancestors()
            .skip(1)
            .take_while(|d| !d.as_os_str().is_empty() && !crate::project::exists(d))
            .map(Path::to_path_buf)
            .collect();
        missing.reverse();
        for d in missing {
            if !made_dirs.contains(&d) {
                made_dirs.push(d);
            }
        }
    }
    let mut made: Vec<PathBuf> = Vec::new();
    for (path, text) in &all {
        if let Err(e) = create_new(path, text) {
            crate::project::undo_created(&made, &made_dirs);
            return Err(e.context("init made nothing: what it had made is removed"));
        }
        made.push(path.clone());
    }
    let here = if root.as_os_str().is_empty() {
        String::new()
    } else {
        format!(" -C {}", root.display())
    };
    // The guide is what the command is for: standard output.
    let mut out = format!(
        "created claims/{EXAMPLE_CLAIMS}, corpus/{EXAMPLE_DOC} and corpus/{EXAMPLE_META}{}\n\n",
        if had_ignore {
            ""
        } else {
            ", and .gitignore (report/)"
        }
    );
    if had_ignore {
        out.push_str("note: .gitignore was already here and is left as it is; add `report/` to it to keep reports out of git\n\n");
    }
    out.push_str(&format!(
        "next:\n\
         \x20 claimtrack{here} check                  prove every quote still matches its document\n\
         \x20 put source texts in corpus/ (UTF-8 .txt or .md), then log claims from them:\n\
         \x20 claimtrack{here} add --doc example/city-bridge --level could-not-confirm \\\n\
         \x20     --quote 'the repairs would cost \"about £4 million\"' --by 'a council engineer' \\\n\
         \x20     --evidence 'could not confirm that figure' \\\n\
         \x20     --statement 'The repairs will cost about £4 million.'\n\
         \x20 claimtrack{here} table --by fact        see how well each fact is sourced\n"
    ));
    crate::render::to_stdout(|o| o.write_all(out.as_bytes()))?;
    Ok(Exit::Ok)
}
