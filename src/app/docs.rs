//! `claimtrack completions SHELL` and `claimtrack man`: generated from the
//! clap definitions, so they never drift from the binary.

use std::path::Path;

use anyhow::{Context, Result};
use clap::CommandFactory;

use crate::check::report::Exit;
use crate::cli::Cli;
use crate::project;
use crate::render;

pub(super) fn completions(shell: clap_complete::Shell) -> Result<Exit> {
    let mut cmd = Cli::command();
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut cmd, "claimtrack", &mut out);
    render::to_stdout(|o| o.write_all(&out))?;
    Ok(Exit::Ok)
}

/// The page of `cmd` as roff.
fn page(cmd: clap::Command) -> Result<Vec<u8>> {
    let mut out = Vec::new();
    clap_mangen::Man::new(cmd)
        .render(&mut out)
        .context("cannot render the manual page")?;
    Ok(out)
}

pub(super) fn man(out_dir: Option<&Path>) -> Result<Exit> {
    let cmd = Cli::command();
    let Some(dir) = out_dir else {
        let text = page(cmd)?;
        render::to_stdout(|o| o.write_all(&text))?;
        return Ok(Exit::Ok);
    };
    project::create_dir_all(dir)?;
    let mut pages = vec![("claimtrack.1".to_string(), cmd.clone())];
    for sub in cmd.get_subcommands() {
        let name = format!("claimtrack-{}", sub.get_name());
        let sub = sub.clone().name(name.clone());
        pages.push((format!("{name}.1"), sub));
    }
    let mut written = String::new();
    for (file, c) in pages {
        let path = dir.join(&file);
        let text = page(c)?;
        project::write_output_bytes(None, &path, &text)?;
        written.push_str(&format!("{}\n", path.display()));
    }
    render::to_stdout(|o| o.write_all(written.as_bytes()))?;
    Ok(Exit::Ok)
}
