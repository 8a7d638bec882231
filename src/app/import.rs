//! `claimtrack import html` and `import hypothesis`: documents and annotations brought in, nothing misquoted.

use std::io::Read;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use sha2::{Digest, Sha256};
use toml_edit::{DocumentMut, value};

use crate::check::report::Exit;
use crate::check::{self, Options, Selection};
use crate::cli::ImportHtmlArgs;
use crate::html;
use crate::project::{self, CORPUS_DIR, Loaded, Location, Project, Records, Scope, write_atomic};
use crate::render::{self, Paint};

/// Reads FILE, or standard input for `-`, as bytes.
pub(super) fn read_input(at: &Location, file: &Path, what: &str) -> Result<(Vec<u8>, String)> {
    if file.as_os_str() == "-" {
        let mut bytes = Vec::new();
        std::io::stdin()
            .read_to_end(&mut bytes)
            .with_context(|| format!("cannot read the {what} from standard input"))?;
        return Ok((bytes, "standard input".into()));
    }
    let path = at.base.join(file);
    let bytes =
        project::read_input(&path).with_context(|| format!("cannot read {}", file.display()))?;
    Ok((bytes, file.display().to_string()))
}

/// Bytes as UTF-8 text without a byte order mark, or a message saying where not.
pub(super) fn utf8(bytes: Vec<u8>, shown: &str) -> Result<String, String> {
    let bytes = match bytes.strip_prefix(b"\xEF\xBB\xBF") {
        Some(rest) => rest.to_vec(),
        None => bytes,
    };
    String::from_utf8(bytes).map_err(|e| {
        format!(
            "{shown} is not valid UTF-8 (invalid byte at byte offset {}); convert it first, e.g. `iconv -f windows-1251 -t utf-8`",
            e.utf8_error().valid_up_to()
        )
    })
}

/// A document id: `/`-separated names of letters, digits, `.`, `_` and `-`.
pub(super) fn valid_doc_id(id: &str) -> bool {
    !id.is_empty()
        && id.split('/').all(|part| {
            !part.is_empty()
                && part != "."
                && part != ".."
                && !part.starts_with('.')
                && part
                    .chars()
                    .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.'))
        })
}

fn refuse(message: &str) -> Result<Exit> {
    eprintln!("error: {}", render::safe(message));
    eprintln!("nothing was written");
    Ok(Exit::Findings)
}

/// Lower-case hex SHA-256 of a text.
pub(crate) fn sha256(text: &str) -> String {
    Sha256::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Runs `import html`: exit 0 when written, 1 when refused (or, with
/// `--update`, when the new text breaks a quote).
pub(super) fn html(at: &Location, args: &ImportHtmlArgs, paint: Paint) -> Result<Exit> {
    let root = at.root.as_path();
    Project::open(at)?;
    if !valid_doc_id(&args.id) {
        bail!(
            "--id {:?}: a document id is one or more names separated by `/`, of letters, digits, `.`, `_` and `-`",
            args.id
        );
    }
    if let Some(d) = &args.retrieved
        && d.parse::<toml_edit::Datetime>().is_err()
    {
        bail!("--retrieved {d:?}: give a date as YYYY-MM-DD");
    }
    let (bytes, shown) = read_input(at, &args.file, "page")?;
    let page_html = match utf8(bytes, &shown) {
        Ok(s) => s,
        Err(m) => return refuse(&m),
    };
    let url = args.url.as_deref();
    let page = match html::extract(&page_html, url) {
        Ok(p) => p,
        Err(m) => return refuse(&format!("{shown}: {m}")),
    };
    if page.text.trim().is_empty() {
        return refuse(&format!("{shown}: the article has no text"));
    }
    let loaded = Loaded::open(at, Records::Full, Scope::All)?;
    let existing = loaded.corpus.docs.get(&args.id).cloned();
    let existing = existing.as_ref();
    if existing.is_some() && !args.update {
        return refuse(&format!(
            "document `{}` already exists ({}); --update replaces its text and checks the claims that quote it",
            args.id,
            existing.map_or("", |e| e.display.as_str())
        ));
    }
    let rel_text = existing.map_or_else(
        || PathBuf::from(CORPUS_DIR).join(format!("{}.txt", args.id)),
        |e| PathBuf::from(&e.display),
    );
    let rel_meta = rel_text.with_extension("toml");
    let rel_html = rel_text.with_extension("html");
    let meta_path = root.join(&rel_meta);
    let old_meta = match project::read_text(&meta_path) {
        Ok(s) => s.unwrap_or_default(),
        Err(project::TextError::Io(e)) => {
            return Err(e).with_context(|| format!("cannot read {}", rel_meta.display()));
        }
        Err(project::TextError::Utf8 { byte, .. }) => {
            return refuse(&format!(
                "{} is not valid UTF-8 (invalid byte at byte offset {byte}); fix it first",
                rel_meta.display()
            ));
        }
    };
    let mut meta: DocumentMut = match old_meta.parse() {
        Ok(d) => d,
        Err(e) => {
            return refuse(&format!(
                "{} is not valid TOML ({}); fix it first",
                rel_meta.display(),
                e.message().trim()
            ));
        }
    };
    let retrieved = match &args.retrieved {
        Some(d) => d.clone(),
        None => super::provenance::now()
            .date
            .map(|d| d.to_string())
            .unwrap_or_default(),
    };
    let url = args.url.clone().or_else(|| page.url.clone());
    let fields: [(&str, Option<String>); 8] = [
        ("title", page.title.clone()),
        ("author", page.author.clone()),
        ("outlet", page.outlet.clone()),
        ("published", page.published.clone()),
        ("url", url),
        ("retrieved", Some(retrieved)),
        ("sha256", Some(sha256(&page.text))),
        ("source-html", Some(slash(&rel_html))),
    ];
    for (key, v) in fields {
        match v {
            Some(v) => meta[key] = value(v),
            // A field the new page does not give is not kept from the old one.
            None => _ = meta.remove(key),
        }
    }
    let meta_text = meta.to_string();
    if args.dry_run {
        render::to_stdout(|out| {
            writeln!(out, "# {}", rel_meta.display())?;
            out.write_all(meta_text.as_bytes())?;
            writeln!(out, "# {}", rel_text.display())?;
            out.write_all(page.text.as_bytes())
        })?;
        eprintln!("dry run: nothing was written");
        return Ok(Exit::Ok);
    }
    // Each file whole or not at all: the page first, the text, then what describes them.
    write_atomic(root, &root.join(&rel_html), &page_html)?;
    write_atomic(root, &root.join(&rel_text), &page.text)?;
    write_atomic(root, &meta_path, &meta_text)?;
    let paragraphs = page
        .text
        .split("\n\n")
        .filter(|p| !p.trim().is_empty())
        .count();
    eprintln!(
        "{} {} ({paragraphs} paragraphs, {} characters) from {shown}; metadata in {}, the page kept as {}",
        paint.green(if existing.is_some() {
            "updated"
        } else {
            "imported"
        }),
        rel_text.display(),
        page.text.chars().count(),
        rel_meta.display(),
        rel_html.display()
    );
    drop(loaded);
    if !args.update || existing.is_none() {
        return Ok(Exit::Ok);
    }
    // What the new version broke, at once: the claims that quote it.
    let loaded = Loaded::open(at, Records::Packed, Scope::Named)?;
    let mut only = Selection::default();
    only.docs.insert(args.id.clone());
    let report = check::check(
        &loaded.plan,
        &loaded.corpus,
        &loaded.disk(),
        &Options {
            only: Some(&only),
            ..Options::default()
        },
    );
    let opts = render::Options {
        paint,
        verbose: false,
        width: render::width(),
        quiet: false,
        deny_warnings: false,
    };
    render::to_stdout(|out| render::write(render::Format::Human, &report, &opts, out))?;
    Ok(report.exit(false))
}

/// A relative path with `/` separators, as metadata records it.
fn slash(p: &Path) -> String {
    p.components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}
