//! Dynamic shell completion: claim, document and fact ids offered as the
//! shell asks (`COMPLETE=bash claimtrack -- claimtrack show <TAB>`).

use std::ffi::OsString;
use std::path::PathBuf;
use std::sync::OnceLock;

use clap::CommandFactory;
use clap_complete::CompletionCandidate;

use crate::cli::Cli;
use crate::project::{Location, Project};

/// The environment variable the registration scripts set when they ask.
pub(crate) const VAR: &str = "COMPLETE";

/// The `-C DIR` of the command line being completed, if it has one.
static DIR: OnceLock<Option<PathBuf>> = OnceLock::new();

/// When the shell is asking for completions, answers and exits; otherwise
/// returns at once and the command runs.
pub(crate) fn from_env() {
    if std::env::var_os(VAR).is_none_or(|v| v.is_empty() || v == "0") {
        return;
    }
    let words: Vec<OsString> = std::env::args_os()
        .skip_while(|a| a != "--")
        .skip(1)
        .collect();
    DIR.get_or_init(|| dir_in(&words));
    clap_complete::CompleteEnv::with_factory(Cli::command)
        .var(VAR)
        .complete();
}

/// The folder a command line runs in: the value of its `-C` (`-C DIR` or
/// `-CDIR`; the last one, as clap takes it), before any `--`.
fn dir_in(words: &[OsString]) -> Option<PathBuf> {
    let mut dir = None;
    let mut it = words.iter().skip(1);
    while let Some(w) = it.next() {
        if w == "--" {
            break;
        }
        if w == "-C" {
            dir = it.next().map(PathBuf::from);
        } else if let Some(rest) = w.to_str().and_then(|w| w.strip_prefix("-C")) {
            dir = Some(PathBuf::from(rest));
        }
    }
    dir
}

/// The project the completed command line would run on, if there is one.
fn project() -> Option<Project> {
    let root = match DIR.get().cloned().flatten() {
        Some(dir) => dir,
        None => crate::project::discover().unwrap_or_default(),
    };
    Project::open(&Location {
        base: root.clone(),
        root,
        max_doc: crate::project::MAX_DOC_SIZE,
        follow_links_outside: false,
    })
    .ok()
}

/// What `each` offers in the project at hand; nothing outside a project.
fn offered<T>(
    each: impl FnOnce(&Project) -> Vec<T>,
    candidate: impl Fn(T) -> CompletionCandidate,
) -> Vec<CompletionCandidate> {
    project()
        .map(|p| each(&p).into_iter().map(candidate).collect())
        .unwrap_or_default()
}

/// Every claim id, each with the start of its statement as its help.
pub(crate) fn claims() -> Vec<CompletionCandidate> {
    offered(Project::claim_heads, |(id, statement)| {
        CompletionCandidate::new(id).help(statement.map(|s| short(&s).into()))
    })
}

/// Every document id in `corpus/`.
pub(crate) fn documents() -> Vec<CompletionCandidate> {
    offered(Project::document_ids, CompletionCandidate::new)
}

/// Every fact id in `claims/facts.toml`, with its statement.
pub(crate) fn facts() -> Vec<CompletionCandidate> {
    offered(
        |p| crate::facts::load(p.facts_text()).facts,
        |f| CompletionCandidate::new(f.id).help(Some(short(&f.statement).into())),
    )
}

/// A statement cut to what fits beside an id in a completion menu.
fn short(s: &str) -> String {
    const MAX: usize = 60;
    let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
    match s.char_indices().nth(MAX) {
        Some(_) => {
            let i = s.char_indices().nth(MAX - 1).map_or(s.len(), |(i, _)| i);
            format!("{}…", s[..i].trim_end())
        }
        None => s,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_folder_of_the_completed_line_is_its_last_dash_c_before_dash_dash() {
        let words = |w: &[&str]| w.iter().map(OsString::from).collect::<Vec<_>>();
        assert_eq!(dir_in(&words(&["claimtrack", "show", ""])), None);
        assert_eq!(
            dir_in(&words(&["claimtrack", "-C", "news", "show", ""])),
            Some(PathBuf::from("news"))
        );
        assert_eq!(
            dir_in(&words(&["claimtrack", "-Ca", "-C", "b", "show"])),
            Some(PathBuf::from("b"))
        );
        assert_eq!(
            dir_in(&words(&["claimtrack", "show", "--", "-C", "x"])),
            None
        );
    }

    #[test]
    fn a_long_statement_is_cut_at_a_character_with_an_ellipsis() {
        assert_eq!(short("Short\n one."), "Short one.");
        let long = "Сергей Михайлов ".repeat(8);
        let cut = short(&long);
        assert!(cut.chars().count() <= 60, "{cut}");
        assert!(long.starts_with(cut.trim_end_matches('…')));
        assert!(cut.ends_with('…'));
    }
}
