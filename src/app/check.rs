//! `claimtrack check`: load packed, check every anchor, apply `--fix`, render.

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::Result;

use super::progress::Progress;
use crate::check::Options;
use crate::check::finding::Finding;
use crate::check::report::{Exit, Report};
use crate::cli::CheckArgs;
use crate::edit::{self, Kind};
use crate::fix::{self, Edit};
use crate::project::{self, ClaimsLock, Loaded, Location, Records, Scope};
use crate::render::{self, Format, Paint};

pub(super) fn run(at: &Location, args: &CheckArgs, paint: Paint) -> Result<Exit> {
    // Never in json or github output, never when piped.
    let bar = match args.format {
        Format::Human => Progress::for_terminal(),
        _ => None,
    };
    let update = |done: usize, total: usize| {
        if let Some(b) = &bar {
            b.update(done, total);
        }
    };
    let selection = match (&args.files, &args.changed_since) {
        (Some(paths), _) => Some(super::changes::from_files(&at.root, &at.base, paths)?),
        (None, Some(reference)) => Some(super::changes::since(&at.root, reference)?),
        (None, None) => None,
    };
    let opts = Options {
        only: selection.as_ref(),
        partition: args.partition,
        progress: bar
            .as_ref()
            .map(|_| &update as &(dyn Fn(usize, usize) + Sync)),
        fix: args.fix,
        accept: false,
        each_doc: None,
    };
    let finish = || {
        if let Some(b) = &bar {
            b.finish();
        }
    };
    let loaded = Loaded::open(at, Records::Packed, Scope::Named).inspect_err(|_| finish())?;
    let mut report = loaded.check(&opts);
    finish();
    if args.fix {
        for failure in apply_fixes(&loaded.project, &mut report)? {
            eprintln!("error: --fix: {failure}");
        }
    }
    let repo_prefix = match args.format {
        Format::Github | Format::Sarif | Format::Junit | Format::Gitlab => {
            super::changes::repo_prefix(&at.root)
        }
        Format::Human | Format::Json => String::new(),
    };
    let opts = render::Options {
        paint,
        verbose: args.verbose,
        width: render::width(),
        quiet: args.quiet,
        deny_warnings: args.deny.is_some(),
        repo_prefix: &repo_prefix,
        changed: selection.as_ref(),
    };
    render::to_stdout(|out| render::write(args.format, &report, &opts, out))?;
    if args.format == Format::Github
        && let Some(path) = std::env::var_os("GITHUB_STEP_SUMMARY").filter(|p| !p.is_empty())
    {
        let appended = project::append(Path::new(&path), &render::github_summary(&report));
        if let Err(e) = appended {
            eprintln!("warning: {e:#}");
        }
    }
    let exit = report.exit(args.deny.is_some());
    let s = report.summary();
    if exit == Exit::Findings && s.errors == 0 {
        eprintln!(
            "exit 1: --deny warnings treats the {} as failures",
            render::plural(s.warnings, "warning")
        );
    }
    Ok(exit)
}

/// Applies every fix in the report to its claims file, under the lock, and
/// marks the findings fixed. Returns a message for each file that could not
/// be fixed; the others are still fixed.
fn apply_fixes(project: &project::Project, report: &mut Report) -> Result<Vec<String>> {
    // Each file by the path it was read from: a name that is not UTF-8 is
    // shown lossily but written by its real name.
    let sources: std::collections::HashMap<String, std::path::PathBuf> = report
        .plan
        .files
        .iter()
        .map(|f| (f.path.clone(), f.disk.clone()))
        .collect();

    let mut by_file: BTreeMap<String, Vec<&mut Finding>> = BTreeMap::new();
    for f in report.full_findings_mut() {
        if f.fix.is_some() {
            by_file.entry(f.file.clone()).or_default().push(f);
        }
    }
    if by_file.is_empty() {
        return Ok(Vec::new());
    }
    let _lock = ClaimsLock::acquire(&project.claims_dir())?;
    let mut failures = Vec::new();
    for (file, findings) in by_file {
        let path = sources
            .get(&file)
            .filter(|p| !p.as_os_str().is_empty())
            .cloned()
            .unwrap_or_else(|| project.root.join(&file));
        let edits: Vec<Edit> = findings
            .iter()
            .filter_map(|f| {
                Some(Edit {
                    fix: f.fix.as_deref()?,
                    claim: f.claim.as_deref()?,
                    line: f.line,
                })
            })
            .collect();
        let outcome = edit::rewrite(&path, &file, Kind::Change, |src| {
            Ok(fix::apply(&file, src, &edits)?)
        })
        .and_then(|r| {
            if r.after != r.before {
                r.write(&project.root)?;
            }
            Ok(())
        });
        match outcome {
            Ok(()) => {
                for f in findings {
                    f.fixed = true;
                }
            }
            Err(e) => failures.push(e.to_string()),
        }
    }
    Ok(failures)
}
