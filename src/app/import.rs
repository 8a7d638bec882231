//! `claimtrack import html` and `import hypothesis`: documents and annotations brought in, nothing misquoted.

use anyhow::anyhow;

use crate::check::report::Exit;
use crate::check::{Options, Selection};
use crate::cli::ImportHtmlArgs;
use crate::failure::{Failure, Outcome};
use crate::html;
use crate::ingest::{self, Extracted};
use crate::project::{self, Loaded, Location, Project, Records, Scope};
use crate::render::{self, Paint};

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

/// Runs `import html`: exit 0 when written, 1 when refused (or, with
/// `--update`, when the new text breaks a quote).
pub(super) fn html(at: &Location, args: &ImportHtmlArgs, paint: Paint) -> Outcome {
    Project::open(at)?;
    if !valid_doc_id(&args.id) {
        return Err(anyhow!(
            "--id {:?}: a document id is one or more names separated by `/`, of letters, digits, `.`, `_` and `-`",
            args.id
        )
        .into());
    }
    if let Some(d) = &args.retrieved
        && d.parse::<toml_edit::Datetime>().is_err()
    {
        return Err(anyhow!("--retrieved {d:?}: give a date as YYYY-MM-DD").into());
    }
    let (bytes, shown) = project::input(&at.base, &args.file, "page")?;
    let page_html = html::decode(&bytes, &shown).map_err(Failure::refused)?;
    if let Some(at) = html::too_deep(&page_html, html::MAX_DEPTH) {
        let (line, col) = crate::text::line_col(&page_html, at);
        return Err(Failure::refused(format!(
            "{shown}:{line}:{col}: elements nest more than {} deep here; no article does: not imported",
            html::MAX_DEPTH
        )));
    }
    let page = html::extract(&page_html, args.url.as_deref())
        .map_err(|m| Failure::refused(format!("{shown}: {m}")))?;
    if page.text.trim().is_empty() {
        return Err(Failure::refused(format!(
            "{shown}: the article has no text"
        )));
    }
    let doc = Extracted {
        fields: vec![
            ("title", page.title),
            ("author", page.author),
            ("outlet", page.outlet),
            ("published", page.published),
            ("url", args.url.clone().or(page.url)),
        ],
        text: page.text,
        kind: "html",
        original: bytes,
    };
    import_document(
        at,
        &args.id,
        args.update,
        args.dry_run,
        args.retrieved.as_deref(),
        &doc,
        &shown,
        paint,
    )
}

/// Any importer's last step: the document's files planned and written (or
/// shown, with `--dry-run`), said, and with `--update` the claims that quote
/// it checked against the new text.
#[allow(clippy::too_many_arguments)]
fn import_document(
    at: &Location,
    id: &str,
    update: bool,
    dry_run: bool,
    retrieved: Option<&str>,
    doc: &Extracted,
    shown: &str,
    paint: Paint,
) -> Outcome {
    let retrieved = match retrieved {
        Some(d) => d.to_string(),
        None => super::provenance::now()
            .date
            .map(|d| d.to_string())
            .unwrap_or_default(),
    };
    let loaded = Loaded::open(at, Records::Full, Scope::All)?;
    let planned = ingest::plan(&loaded, id, update, retrieved, doc)?;
    drop(loaded);
    if dry_run {
        render::to_stdout(|out| {
            writeln!(out, "# {}", planned.meta.display())?;
            out.write_all(planned.meta_text.as_bytes())?;
            writeln!(out, "# {}", planned.text.display())?;
            out.write_all(doc.text.as_bytes())
        })?;
        eprintln!("dry run: nothing was written");
        return Ok(Exit::Ok);
    }
    let paragraphs = doc
        .text
        .split("\n\n")
        .filter(|p| !p.trim().is_empty())
        .count();
    if planned.existed && planned.same_text {
        // Nothing a claim reads has changed: say so, and leave the dates alone
        // when the page itself is the one kept.
        if planned.same_original {
            eprintln!(
                "{} {} already has this page's text ({}), and {} is this page: nothing was written",
                paint.green("unchanged:"),
                planned.text.display(),
                render::plural(paragraphs, "paragraph"),
                planned.original.display()
            );
            return Ok(Exit::Ok);
        }
        ingest::write(&at.root, &planned, doc)?;
        eprintln!(
            "{} {} and {}: the page differs but its article does not, so the text of {} is unchanged and no claim is affected",
            paint.green("updated"),
            planned.original.display(),
            planned.meta.display(),
            planned.text.display()
        );
        return Ok(Exit::Ok);
    }
    ingest::write(&at.root, &planned, doc)?;
    eprintln!(
        "{} {} ({}, {} characters) from {shown}; metadata in {}, the page kept as {}",
        paint.green(if planned.existed {
            "updated"
        } else {
            "imported"
        }),
        planned.text.display(),
        render::plural(paragraphs, "paragraph"),
        doc.text.chars().count(),
        planned.meta.display(),
        planned.original.display()
    );
    if !planned.existed {
        return Ok(Exit::Ok);
    }
    // What the new version broke, at once: the claims that quote it.
    let loaded = Loaded::open(at, Records::Packed, Scope::Named)?;
    let mut only = Selection::default();
    only.docs.insert(id.to_string());
    let report = loaded.check(&Options {
        only: Some(&only),
        ..Options::default()
    });
    let opts = render::Options {
        paint,
        verbose: false,
        width: render::width(),
        quiet: false,
        deny_warnings: false,
        repo_prefix: "",
        changed: None,
    };
    render::to_stdout(|out| render::write(render::Format::Human, &report, &opts, out))?;
    Ok(report.exit(false))
}
