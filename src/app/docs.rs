//! `claimtrack completions SHELL` and `claimtrack man`: generated from the
//! clap definitions, so they never drift from the binary.

use std::path::Path;

use anyhow::{Context, Result};
use clap::CommandFactory;

use crate::check::report::Exit;
use crate::cli::Cli;
use crate::project;
use crate::render;

/// The shell's registration script: a completion function that asks this
/// binary (`COMPLETE=SHELL claimtrack -- WORDS`) for each completion, so
/// claim, document and fact ids of the project at hand are offered along
/// with the commands and options, which stay those of the binary run.
pub(super) fn completions(shell: clap_complete::Shell) -> Result<Exit> {
    let name = shell.to_string();
    let shells = clap_complete::env::Shells::builtins();
    let registration = shells
        .completer(&name)
        .with_context(|| format!("no dynamic completion for {name}"))?;
    // The binary as it was started: a bare name is found on PATH by the
    // shell; a path is made absolute so the script works from any folder.
    let started = std::env::args_os()
        .next()
        .unwrap_or_else(|| "claimtrack".into());
    let started = Path::new(&started);
    let completer = if started.components().count() > 1 {
        std::env::current_dir()
            .unwrap_or_default()
            .join(started)
            .components()
            .collect()
    } else {
        started.to_path_buf()
    };
    let mut out = Vec::new();
    registration.write_registration(
        super::complete::VAR,
        "claimtrack",
        "claimtrack",
        &completer.to_string_lossy(),
        &mut out,
    )?;
    render::to_stdout(|o| o.write_all(&out))?;
    Ok(Exit::Ok)
}

/// The page of `cmd` as roff, its synopsis written with each option's value
/// (`[-C DIR] [--color WHEN]`), where clap_mangen would leave the value out.
fn page(cmd: clap::Command, invocation: &str) -> Result<Vec<u8>> {
    let usage = synopsis(&cmd, invocation);
    let mut out = Vec::new();
    let title = cmd.get_name().to_string();
    clap_mangen::Man::new(cmd.override_usage(usage))
        .title(title)
        .date(MAN_DATE)
        .source(format!("claimtrack {}", env!("CARGO_PKG_VERSION")))
        .manual("claimtrack manual")
        .render(&mut out)
        .context("cannot render the manual page")?;
    Ok(tidy(&out))
}

/// The date the pages carry in their `.TH` line: this version's date, as
/// mandoc and groff read it (set with the version when it is released).
const MAN_DATE: &str = "2026-12-08";

/// clap_mangen writes an empty line between two `.br` (or before one) ahead
/// of a list of possible values, which mandoc skips with a warning: one
/// `.sp` says it.
fn tidy(roff: &[u8]) -> Vec<u8> {
    String::from_utf8_lossy(roff)
        .replace("\n.br\n\n.br\n", "\n.sp\n")
        .replace("\n\n.br\n", "\n.sp\n")
        .into_bytes()
}

/// `claimtrack show [-C DIR] ... <ID>`: every shown option and argument.
fn synopsis(cmd: &clap::Command, invocation: &str) -> String {
    let mut parts = vec![invocation.to_string()];
    for arg in cmd.get_arguments().filter(|a| !a.is_hide_set()) {
        let value = || {
            arg.get_value_names()
                .map_or_else(|| arg.get_id().as_str().to_uppercase(), |v| v.join(" "))
        };
        let takes_value = arg.get_action().takes_values();
        let text = if arg.is_positional() {
            let many = matches!(arg.get_num_args(), Some(r) if r.max_values() > 1);
            let dots = if many { "..." } else { "" };
            if arg.is_required_set() {
                format!("<{}>{dots}", value())
            } else {
                format!("[{}]{dots}", value())
            }
        } else {
            let flag = match (arg.get_short(), arg.get_long()) {
                (_, Some(long)) => format!("--{long}"),
                (Some(short), None) => format!("-{short}"),
                (None, None) => continue,
            };
            let flag = if takes_value {
                format!("{flag} {}", value())
            } else {
                flag
            };
            if arg.is_required_set() {
                flag
            } else {
                format!("[{flag}]")
            }
        };
        parts.push(text);
    }
    if cmd.has_subcommands() {
        parts.push("<COMMAND>".to_string());
    }
    parts.join(" ")
}

/// Every command below `cmd`, depth first, each named as on its page
/// (`claimtrack-import-html`).
/// (file, command named as on its page, how it is invoked)
type Page = (String, clap::Command, String);

fn pages_below(cmd: &clap::Command, prefix: (&str, &str), pages: &mut Vec<Page>) {
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        let name = format!("{}-{}", prefix.0, sub.get_name());
        let invocation = format!("{} {}", prefix.1, sub.get_name());
        // Named as it is run (`claimtrack import html`), in a file named as
        // `man` finds it (`claimtrack-import-html.1`, its title).
        pages.push((
            format!("{name}.1"),
            sub.clone()
                .name(name.clone())
                .display_name(invocation.clone()),
            invocation.clone(),
        ));
        pages_below(sub, (&name, &invocation), pages);
    }
}

pub(super) fn man(out_dir: Option<&Path>) -> Result<Exit> {
    let cmd = Cli::command();
    let Some(dir) = out_dir else {
        let text = page(cmd, "claimtrack")?;
        render::to_stdout(|o| o.write_all(&text))?;
        return Ok(Exit::Ok);
    };
    project::create_dir_all(dir)?;
    let mut pages = vec![(
        "claimtrack.1".to_string(),
        cmd.clone(),
        "claimtrack".to_string(),
    )];
    pages_below(&cmd, ("claimtrack", "claimtrack"), &mut pages);
    let mut written = String::new();
    for (file, c, invocation) in pages {
        let path = dir.join(&file);
        let text = page(c, &invocation)?;
        project::write_output_bytes(None, &path, &text)?;
        written.push_str(&format!("{}\n", path.display()));
    }
    render::to_stdout(|o| o.write_all(written.as_bytes()))?;
    Ok(Exit::Ok)
}
