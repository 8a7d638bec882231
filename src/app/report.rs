//! `claimtrack report`: load whole records, check, and render each document's
//! page while its text is still in memory from the check; then the index and
//! `report.json`, written into a fresh folder swapped in at the end (or one
//! self-contained file).

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use anyhow::Result;
use rayon::prelude::*;

use crate::check::finding::{Finding, Severity};
use crate::check::report::{Entry, Exit};
use crate::check::{DocVisitor, Options};
use crate::claim::Level;
use crate::cli::ReportArgs;
use crate::confidence::{self, Filter};
use crate::project::{self, Loaded, Location, Records, Scope, StagedDir};
use crate::render::site::{self, ClaimRef, DocInfo, DocRow, FactRow, From, Index, Mode, Page};
use crate::render::{self, Format, Paint};
use crate::text::DocText;

/// Where the pages go.
enum Out {
    Folder(StagedDir, PathBuf),
    /// One file: the sections are gathered, by document number.
    Single(PathBuf, Mutex<Vec<(usize, String)>>),
}

/// Each document's page, rendered as the check finishes the document.
struct Pages<'a> {
    loaded: &'a Loaded,
    /// A hash of everything besides its own document that a page is made
    /// from (see `inputs`).
    inputs: String,
    site: &'a site::Site<'a>,
    metas: &'a HashMap<&'a str, BTreeMap<String, String>>,
    out: &'a Out,
    /// Pages that could not be written.
    failures: Mutex<Vec<String>>,
    /// Documents the check visited (the rest get their page afterwards).
    visited: Mutex<HashSet<String>>,
}

impl Pages<'_> {
    /// Renders and writes (or gathers) the page of document `id`.
    fn render(&self, id: &str, text: Result<&DocText, String>, findings: &[Finding]) {
        let Some(entry) = self.loaded.corpus.docs.get(id) else {
            return; // not in the corpus: the index lists it
        };
        let empty = BTreeMap::new();
        let site = self.site;
        let page = Page {
            id,
            display: &entry.display,
            meta: self.metas.get(id).unwrap_or(&empty),
            text,
            findings,
        };
        let title = format!("{} — {}", site.doc_title(id), site.project);
        let written = match self.out {
            Out::Folder(staged, _) => {
                // What this page is made from: the site's inputs and its own
                // (a page whose inputs are those of the last run is kept).
                let mut key = Hash::default();
                let _ = std::fmt::Write::write_fmt(
                    &mut key,
                    format_args!(
                        "{}\0{id}\0{}\0{:?}\0{:?}\0",
                        self.inputs, entry.display, page.meta, page.findings
                    ),
                );
                match &page.text {
                    Ok(t) => key.0.update(t.as_str().as_bytes()),
                    Err(why) => key.0.update(why.as_bytes()),
                }
                staged.write_keyed(&site::Site::doc_file(id), &key.hex(), || {
                    let body = site::page(site, &page);
                    site::layout(site, From::Doc(id), &title, body).into_bytes()
                })
            }
            Out::Single(_, sections) => {
                let body = site::page(site, &page);
                let n = site.docs.get(id).map_or(0, |d| d.number);
                let html = format!(
                    "<section class=\"page doc\" id=\"{}\">{}</section>\n",
                    site.doc_anchor(id),
                    body.into_string()
                );
                if let Ok(mut s) = sections.lock() {
                    s.push((n, html));
                }
                Ok(())
            }
        };
        if let Err(e) = written
            && let Ok(mut f) = self.failures.lock()
        {
            f.push(format!("{e:#}"));
        }
    }
}

impl DocVisitor for Pages<'_> {
    fn visit(&self, id: &str, text: Option<&DocText>, entries: &[Entry]) {
        if let Ok(mut v) = self.visited.lock() {
            v.insert(id.to_string());
        }
        let (plan, corpus) = (&self.loaded.plan, &self.loaded.corpus);
        let findings: Vec<Finding> = entries
            .iter()
            .map(|e| e.finding(plan, corpus).into_owned())
            .collect();
        let text = text.ok_or_else(|| {
            findings
                .first()
                .map_or_else(|| "it cannot be read".into(), render::message)
        });
        self.render(id, text, &findings);
    }
}

/// A hash written to as text (`write!`), without building the text.
#[derive(Default)]
struct Hash(xxhash_rust::xxh3::Xxh3);

impl std::fmt::Write for Hash {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        self.0.update(s.as_bytes());
        Ok(())
    }
}

impl Hash {
    fn hex(&self) -> String {
        format!("{:032x}", self.0.digest128())
    }
}

/// A hash of everything a document page is made from besides its own
/// document, text and findings: this build, the report's title, every claim
/// as parsed (a page shows the claims its quotes belong to), every
/// document's number and title (links and ids), and the facts. The pages do
/// not show the date of the report.
fn inputs(loaded: &Loaded, site: &site::Site) -> String {
    use std::fmt::Write;
    let mut h = Hash::default();
    let _ = write!(
        h,
        "{}\0{}\0{:?}\0{:?}\0{:?}",
        env!("CARGO_PKG_VERSION"),
        site.project,
        loaded.files,
        site.docs,
        loaded.plan.facts
    );
    h.hex()
}

/// Whether a folder holds a report this command wrote (so it may be replaced).
fn is_report(dir: &Path) -> bool {
    let Some(head) = project::read_head(&dir.join("index.html"), 1024) else {
        return false;
    };
    String::from_utf8_lossy(&head).contains("<meta name=\"generator\" content=\"claimtrack")
}

pub(super) fn run(at: &Location, args: &ReportArgs, _paint: Paint) -> Result<Exit> {
    let loaded = Loaded::open(at, Records::Full, Scope::All)?;
    let out = match &args.single_file {
        Some(file) => Out::Single(at.output(file), Mutex::new(Vec::new())),
        None => {
            let dir = match &args.out {
                Some(d) => at.base.join(d),
                None => loaded.project.root.join("report"),
            };
            Out::Folder(StagedDir::begin(&dir, is_report)?, dir)
        }
    };
    let mode = match out {
        Out::Folder(..) => Mode::Folder,
        Out::Single(..) => Mode::Single,
    };
    let project_name = args.title.clone().unwrap_or_else(|| {
        let root = &loaded.project.root;
        let root = if root.as_os_str().is_empty() {
            Path::new(".")
        } else {
            root
        };
        project::canonical(root)
            .ok()
            .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
            .unwrap_or_else(|| "claimtrack".into())
    });

    // Every claim by id (the first, when an id is used twice: check says so).
    let mut claims: HashMap<&str, ClaimRef> = HashMap::new();
    for f in &loaded.files {
        for c in &f.claims {
            claims.entry(c.id.as_str()).or_insert(ClaimRef { claim: c });
        }
    }
    // Every document has a page; its metadata is read once, here.
    let metas: Vec<(&str, BTreeMap<String, String>)> = loaded
        .corpus
        .docs
        .par_iter()
        .map(|(id, e)| (id.as_str(), loaded.project.metadata(e).fields))
        .collect();
    let metas: HashMap<&str, BTreeMap<String, String>> = metas.into_iter().collect();
    let docs: BTreeMap<&str, DocInfo> = loaded
        .corpus
        .docs
        .keys()
        .enumerate()
        .map(|(i, id)| {
            let title = metas.get(id.as_str()).and_then(|m| m.get("title")).cloned();
            (
                id.as_str(),
                DocInfo {
                    number: i + 1,
                    title,
                },
            )
        })
        .collect();
    let site = site::Site {
        mode,
        project: project_name,
        generated: generated(),
        claims,
        docs,
        facts: &loaded.plan.facts,
    };

    let pages = Pages {
        inputs: inputs(&loaded, &site),
        loaded: &loaded,
        site: &site,
        metas: &metas,
        out: &out,
        failures: Mutex::new(Vec::new()),
        visited: Mutex::new(HashSet::new()),
    };
    let opts = Options {
        each_doc: Some(&pages),
        ..Options::default()
    };
    let report = loaded.check(&opts);
    // Documents no claim quotes still get a page.
    let visited = std::mem::take(
        &mut *pages
            .visited
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner),
    );
    loaded
        .corpus
        .docs
        .par_iter()
        .filter(|(id, _)| !visited.contains(id.as_str()))
        .for_each(|(id, e)| match loaded.project.document(e) {
            Ok(text) => pages.render(id, Ok(&text), &[]),
            Err(why) => pages.render(id, Err(render::unreadable(&why)), &[]),
        });

    let summary = report.summary();
    let not_ok: Vec<Cow<Finding>> = report
        .findings_but_intact(true)
        .filter(|f| f.severity() != Severity::Ok)
        .collect();
    // Per status, standing and retired apart: intact anchors count as standing
    // unless their claim is retired.
    let mut by_status: BTreeMap<crate::check::finding::Status, (usize, usize)> = BTreeMap::new();
    for f in report.findings() {
        let e = by_status.entry(f.status).or_default();
        if f.retired {
            e.1 += 1;
        } else {
            e.0 += 1;
        }
    }
    let rows = confidence::rows(&loaded.files, &report, &Filter::default());
    let mut docs = doc_rows(&rows, &loaded.corpus);
    let mut warned: HashMap<&str, usize> = HashMap::new();
    for f in &not_ok {
        if !f.retired
            && f.severity() == Severity::Warning
            && let Some(d) = f.doc.as_deref()
        {
            *warned.entry(d).or_default() += 1;
        }
    }
    let mut retired_claims = 0;
    let mut retired_by_doc: HashMap<&str, usize> = HashMap::new();
    for c in loaded.files.iter().flat_map(|f| &f.claims) {
        if c.status != crate::claim::ClaimStatus::Active {
            retired_claims += 1;
            *retired_by_doc.entry(c.doc.as_str()).or_default() += 1;
        }
    }
    for d in &mut docs {
        d.warned = warned.get(d.id).copied().unwrap_or(0);
        d.retired = retired_by_doc.get(d.id).copied().unwrap_or(0);
    }
    let index = Index {
        summary: &summary,
        facts: fact_rows(&rows, &loaded.plan.facts),
        docs,
        findings: not_ok.iter().map(|f| &**f).collect(),
        by_status: by_status.into_iter().map(|(s, (n, r))| (s, n, r)).collect(),
        retired_claims,
    };
    let body = site::index(&site, &index);
    let title = format!("{}: claims report", site.project);
    let mut json = Vec::new();
    let json_opts = render::Options {
        paint: Paint { on: false },
        verbose: false,
        width: 80,
        quiet: false,
        deny_warnings: false,
        repo_prefix: "",
        changed: None,
    };
    render::write(Format::Json, &report, &json_opts, &mut json)?;
    let failures = pages.failures.into_inner().unwrap_or_default();
    if let Some(first) = failures.first() {
        anyhow::bail!(
            "{first}{}; nothing was replaced",
            if failures.len() > 1 {
                format!(" (and {} more)", failures.len() - 1)
            } else {
                String::new()
            }
        );
    }
    let pages = site.docs.len();
    let mut kept = 0;
    let shown = match out {
        Out::Folder(staged, dir) => {
            kept = staged.kept();
            staged.write(
                "index.html",
                site::layout(&site, From::Index, &title, body).as_bytes(),
            )?;
            staged.write("style.css", site::STYLE.as_bytes())?;
            staged.write("filter.js", site::SCRIPT.as_bytes())?;
            staged.write("report.json", &json)?;
            staged.commit()?;
            dir.join("index.html")
        }
        Out::Single(file, sections) => {
            let mut sections = sections.into_inner().unwrap_or_default();
            sections.sort_by_key(|(n, _)| *n);
            let mut all = Vec::with_capacity(sections.len() + 1);
            all.push(format!(
                "<section class=\"page\" id=\"index\">{}</section>\n",
                body.into_string()
            ));
            all.extend(sections.into_iter().map(|(_, s)| s));
            let page = site::single(&title, &all);
            project::write_output_bytes(Some(&loaded.project.root), &file, page.as_bytes())?;
            file
        }
    };
    let shown = shown.strip_prefix(&at.base).unwrap_or(&shown);
    // A page the last run wrote with the same bytes is kept, not written.
    let wrote = format!(
        "Wrote the report to {} ({}{})",
        shown.display(),
        render::plural(pages, "document page"),
        if kept > 0 {
            format!(", {kept} unchanged")
        } else {
            String::new()
        }
    );
    // The page itself is on standard output: the word goes to standard error.
    if shown.as_os_str() == "-" {
        eprintln!("{wrote}");
    } else {
        println!("{wrote}");
    }
    let exit = report.exit(false);
    if exit != Exit::Ok {
        eprintln!(
            "exit 1: {} of error severity, listed in the report",
            render::plural(summary.errors, "finding")
        );
    }
    Ok(exit)
}

/// The report's date, as people read it (UTC; `$SOURCE_DATE_EPOCH` if set).
fn generated() -> String {
    let now = super::provenance::now().to_string();
    // 2026-11-21T23:40:00Z -> 2026-11-21 23:40 UTC
    match (now.get(..10), now.get(11..16)) {
        (Some(d), Some(t)) => format!("{d} {t} UTC"),
        _ => now,
    }
}

/// Facts with their claims, and those the facts file names that no claim does.
fn fact_rows<'a>(rows: &'a [confidence::Row], facts: &'a crate::facts::Facts) -> Vec<FactRow<'a>> {
    let mut groups: BTreeMap<&str, Vec<&confidence::Row>> = BTreeMap::new();
    for r in rows {
        if let Some(f) = &r.claim.fact {
            groups.entry(f.as_str()).or_default().push(r);
        }
    }
    for f in &facts.facts {
        groups.entry(f.id.as_str()).or_default();
    }
    groups
        .into_iter()
        .map(|(id, g)| FactRow {
            id,
            confidence: (!g.is_empty()).then(|| confidence::confidence(&g)),
            claims: g.iter().map(|r| (&r.claim, r.quote)).collect(),
        })
        .collect()
}

/// Every document: those in the corpus, and those claims name that are not.
fn doc_rows<'a>(rows: &'a [confidence::Row], corpus: &'a crate::corpus::Corpus) -> Vec<DocRow<'a>> {
    let mut out: BTreeMap<&str, DocRow> = corpus
        .docs
        .iter()
        .map(|(id, e)| {
            (
                id.as_str(),
                DocRow {
                    id,
                    display: Some(&e.display),
                    levels: [0; 3],
                    evidence: 0,
                    broken: 0,
                    warned: 0,
                    retired: 0,
                },
            )
        })
        .collect();
    for r in rows {
        let c = &r.claim;
        let row = out.entry(c.doc.as_str()).or_insert_with(|| DocRow {
            id: &c.doc,
            display: None,
            levels: [0; 3],
            evidence: 0,
            broken: 0,
            warned: 0,
            retired: 0,
        });
        let l = Level::ALL.iter().position(|l| *l == c.level).unwrap_or(0);
        row.levels[l] += 1;
        row.broken += usize::from(r.broken());
        for d in &c.evidence_docs {
            if let Some(row) = out.get_mut(d.as_str()) {
                row.evidence += 1;
            }
        }
    }
    out.into_values().collect()
}
