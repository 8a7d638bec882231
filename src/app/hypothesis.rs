//! `claimtrack import hypothesis`: each highlight logged through `add`'s look-up, or refused with why.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

use anyhow::Result;

use crate::annotation::{self, Annotation};
use crate::check::report::Exit;
use crate::claim::{Level, valid_id};
use crate::cli::ImportHypothesisArgs;
use crate::edit;
use crate::failure::Failure;
use crate::locate::{Located, locate_in_context};
use crate::project::{CLAIMS_DIR, ClaimsLock, Loaded, Location, Records, Scope};
use crate::record::{Record, slug};
use crate::render::{self, Paint};
use crate::text::DocText;

/// What became of one annotation.
enum Outcome {
    Imported { id: String, file: PathBuf },
    Evidence { claim: String },
    Duplicate(String),
    Refused(String),
}

/// A claim to write, and its evidence as it is found.
struct New {
    id: String,
    statement: String,
    level: Level,
    attributed_to: Option<String>,
    tags: Vec<String>,
    fact: Option<String>,
    notes: Option<String>,
    quote: Located,
    evidence: Vec<Located>,
    logged_by: Option<String>,
    logged_at: Option<toml_edit::Datetime>,
    extra: Vec<(String, String)>,
    /// The attribution as the document gives it, read where the quote stands.
    attribution: Option<crate::attribution::Read>,
    file: PathBuf,
}

/// A URL compared loosely: no fragment, no trailing slash, either scheme.
fn url_key(u: &str) -> String {
    let u = u.split('#').next().unwrap_or(u).trim();
    let u = u
        .strip_prefix("https://")
        .or_else(|| u.strip_prefix("http://"))
        .unwrap_or(u);
    u.trim_end_matches('/').to_lowercase()
}

/// The level a tag names (`level:source-says`), if any.
fn level_tag(tag: &str) -> Option<Level> {
    let name = tag.strip_prefix("level:")?.trim();
    <Level as clap::ValueEnum>::from_str(name, true).ok()
}

pub(super) fn run(
    at: &Location,
    args: &ImportHypothesisArgs,
    paint: Paint,
) -> Result<Exit, Failure> {
    let root = at.root.as_path();
    crate::project::Project::open(at)?;
    if !args.level_from_tags && args.level.is_none() {
        return Err(anyhow::anyhow!(
            "say where each claim's level comes from: --level-from-tags (tags `level:confirmed`, `level:source-says`, `level:could-not-confirm`), --level LEVEL, or both"
        )
        .into());
    }
    let (bytes, shown) = crate::project::input(&at.base, &args.file, "export")?;
    let json = crate::project::input_text(bytes, &shown).map_err(|m| anyhow::anyhow!(m))?;
    let annotations = annotation::parse(&json).map_err(|m| anyhow::anyhow!("{shown}: {m}"))?;
    let _lock = if args.dry_run {
        None
    } else {
        Some(ClaimsLock::acquire(&root.join(CLAIMS_DIR))?)
    };
    let loaded = Loaded::open(at, Records::Full, Scope::All)?;
    let (project, corpus, files) = (&loaded.project, &loaded.corpus, &loaded.files);
    if let Some(d) = &args.doc
        && !corpus.docs.contains_key(d)
    {
        return Err(Failure::Usage(
            render::logging::unknown_doc(corpus, d).within(&format!("--doc {d}")),
        ));
    }
    // Documents by their `url`, and by their own urn.
    let mut by_url: HashMap<String, String> = HashMap::new();
    for (id, entry) in &corpus.docs {
        if let Some(u) = project.metadata(entry).fields.get("url") {
            by_url.entry(url_key(u)).or_insert_with(|| id.clone());
        }
    }
    let mut taken: HashSet<String> = files
        .iter()
        .flat_map(|f| f.claims.iter().map(|c| c.id.clone()))
        .collect();
    // (doc, start, quote) of every claim's own quote: a second import is a duplicate.
    let mut seen: HashMap<(String, usize, String), String> = HashMap::new();
    for c in files.iter().flat_map(|f| &f.claims) {
        for a in &c.anchors {
            if let Some(s) = a.start {
                seen.insert((a.doc.clone(), s, a.quote.clone()), c.id.clone());
            }
        }
    }
    let mut texts: BTreeMap<String, DocText> = BTreeMap::new();
    let mut news: Vec<New> = Vec::new();
    let mut outcomes: Vec<(String, Outcome)> = Vec::new();
    let who = super::provenance::who(args.user.as_deref());
    // Claims first, then evidence: an evidence annotation joins its claim.
    let mut order: Vec<(usize, &Annotation)> = annotations.iter().enumerate().collect();
    order.sort_by_key(|(i, a)| (a.evidence_of.is_some(), *i));
    for (i, a) in order {
        let name = match &a.id {
            Some(id) => format!("annotation {} ({})", i + 1, id),
            None => format!("annotation {}", i + 1),
        };
        let outcome = one(
            a,
            args,
            &by_url,
            &loaded,
            &mut texts,
            &mut taken,
            &mut seen,
            &mut news,
            who.as_deref(),
        );
        outcomes.push((name, outcome));
    }
    outcomes.sort_by_key(|(name, _)| {
        name.split_whitespace()
            .nth(1)
            .and_then(|n| n.parse::<usize>().ok())
    });
    // One atomic write per claims file.
    let mut by_file: BTreeMap<PathBuf, Vec<&New>> = BTreeMap::new();
    for n in &news {
        by_file.entry(n.file.clone()).or_default().push(n);
    }
    let mut failed = Vec::new();
    let mut unwritten: Vec<PathBuf> = Vec::new();
    for (path, claims) in &by_file {
        let shown_path = project.display(path);
        let records: Vec<String> = claims
            .iter()
            .map(|n| {
                Record {
                    id: &n.id,
                    statement: &n.statement,
                    level: n.level,
                    attributed_to: n.attributed_to.as_deref(),
                    tags: &n.tags,
                    fact: n.fact.as_deref(),
                    notes: n.notes.as_deref(),
                    quote: &n.quote,
                    evidence: &n.evidence,
                    logged_by: n.logged_by.clone(),
                    logged_at: n.logged_at,
                    extra: &n.extra,
                    attribution: n.attribution.as_ref().map(|a| &a.record),
                    stands_for: n.attribution.as_ref().and_then(|a| a.stands_for.as_deref()),
                }
                .to_toml()
            })
            .collect();
        if args.dry_run {
            render::to_stdout(|out| {
                writeln!(out, "# {shown_path}")?;
                for r in &records {
                    out.write_all(r.as_bytes())?;
                    writeln!(out)?;
                }
                Ok(())
            })?;
            continue;
        }
        if let Err(f) = edit::append(project.root.as_path(), path, &shown_path, &records) {
            unwritten.push(path.clone());
            failed.push(f.to_string());
        }
    }
    let (mut imported, mut refused, mut dup, mut evid) = (0, 0, 0, 0);
    for (name, o) in &outcomes {
        let line = match o {
            Outcome::Imported { id, file } if unwritten.contains(file) => {
                refused += 1;
                format!(
                    "{}  {name}: claim `{id}` was not written: {} could not be written (below)",
                    paint.red("not imported"),
                    project.display(file)
                )
            }
            Outcome::Imported { id, file } => {
                imported += 1;
                format!(
                    "{}  {name}: claim `{id}` in {}",
                    paint.green("imported"),
                    project.display(file)
                )
            }
            Outcome::Evidence { claim } => {
                evid += 1;
                format!(
                    "{}  {name}: evidence of claim `{claim}`",
                    paint.green("imported")
                )
            }
            Outcome::Duplicate(of) => {
                dup += 1;
                format!("duplicate {name}: the same quote as claim `{of}`")
            }
            Outcome::Refused(why) => {
                refused += 1;
                format!("{}   {name}: {why}", paint.red("refused"))
            }
        };
        println!("{}", render::safe(&line));
    }
    for f in &failed {
        eprintln!("error: {}", render::safe(f));
    }
    let total = annotations.len();
    eprintln!(
        "{total} annotation{}: {imported} imported, {evid} evidence, {dup} duplicate, {refused} refused{}",
        if total == 1 { "" } else { "s" },
        if args.dry_run {
            "; dry run: nothing was written"
        } else if failed.is_empty() {
            ""
        } else {
            "; some files were not written"
        }
    );
    Ok(if refused > 0 || !failed.is_empty() {
        Exit::Findings
    } else {
        Exit::Ok
    })
}

#[allow(clippy::too_many_arguments)]
fn one(
    a: &Annotation,
    args: &ImportHypothesisArgs,
    by_url: &HashMap<String, String>,
    loaded: &Loaded,
    texts: &mut BTreeMap<String, DocText>,
    taken: &mut HashSet<String>,
    seen: &mut HashMap<(String, usize, String), String>,
    news: &mut Vec<New>,
    who: Option<&str>,
) -> Outcome {
    let refused = |why: String| Outcome::Refused(why);
    let doc = match (&args.doc, &a.uri) {
        (Some(d), _) => d.clone(),
        (None, Some(u)) => match annotation::doc_of_urn(u) {
            Some(id) if loaded.corpus.docs.contains_key(&id) => id,
            _ => match by_url.get(&url_key(u)) {
                Some(id) => id.clone(),
                None => {
                    return refused(format!(
                        "no document has url {u:?}; add `url` to its metadata (corpus/ID.toml) or give --doc"
                    ));
                }
            },
        },
        (None, None) => return refused("the annotation names no page (uri); give --doc".into()),
    };
    let Some(exact) = a.exact.as_deref().filter(|e| !e.trim().is_empty()) else {
        return refused("no quote: a page note, not a highlight (no TextQuoteSelector)".into());
    };
    if !texts.contains_key(&doc) {
        match super::document(loaded, &doc) {
            Ok(t) => {
                texts.insert(doc.clone(), t);
            }
            Err(f) => return refused(f.to_string()),
        }
    }
    let text = &texts[&doc];
    let located = match locate_in_context(
        &doc,
        text,
        exact,
        None,
        a.prefix.as_deref(),
        a.suffix.as_deref(),
    ) {
        Ok(l) => l,
        Err(r) => {
            let display = &loaded.corpus.docs[&doc].display;
            return refused(render::logging::refusal(&r, text, display, exact).one_line());
        }
    };
    // Evidence joins the claim it was written for.
    if let Some(of) = &a.evidence_of {
        let claim = annotation::claim_of(of);
        let Some(n) = news.iter_mut().find(|n| n.id == claim) else {
            return refused(format!(
                "evidence of claim `{claim}`, which this import did not create"
            ));
        };
        let mut l = located;
        l.note.clone_from(&a.note);
        n.evidence.push(l);
        return Outcome::Evidence {
            claim: claim.to_string(),
        };
    }
    let key = (doc.clone(), located.start, located.quote.clone());
    if let Some(of) = seen.get(&key) {
        return Outcome::Duplicate(of.clone());
    }
    let mut tags = Vec::new();
    let mut level = None;
    for t in &a.tags {
        match level_tag(t) {
            Some(l) if args.level_from_tags => level = level.or(Some(l)),
            _ => tags.push(t.clone()),
        }
    }
    let Some(level) = level.or(args.level) else {
        return refused(
            "no level: tag it `level:confirmed`, `level:source-says` or `level:could-not-confirm`, or give --level".into(),
        );
    };
    let statement = a
        .statement
        .clone()
        .unwrap_or_else(|| exact.split_whitespace().collect::<Vec<_>>().join(" "));
    let id = match a.claim_id() {
        Some(id) if valid_id(id) && !taken.contains(id) => id.to_string(),
        _ => slug(&statement, &doc, taken),
    };
    // claimtrack's own export carries a claim's provenance exactly, absent
    // included; any other annotation was logged by its user, when it was made.
    let ours = a.claim_id().is_some();
    // When it was made: as the annotation says, to the second and with its
    // offset; never replaced by the import's time when it says something else.
    let logged_at = match a.created.as_deref() {
        Some(c) => match c.parse::<toml_edit::Datetime>() {
            Ok(d) if d.date.is_some() && d.time.is_some() && d.offset.is_some() => Some(d),
            _ => {
                return refused(format!(
                    "`created` is {c:?}, not a date and time with its offset (as Hypothesis writes them, like 2026-11-19T09:30:00+00:00)"
                ));
            }
        },
        None => (!ours).then(super::provenance::now),
    };
    let mut extra = Vec::new();
    if let Some(aid) = &a.id
        && a.claim_id().is_none()
    {
        extra.push(("annotation".to_string(), aid.clone()));
    }
    let file = Path::new(&loaded.project.root)
        .join(CLAIMS_DIR)
        .join(format!("{doc}.toml"));
    taken.insert(id.clone());
    seen.insert(key, id.clone());
    let attribution = crate::attribution::read(
        text,
        &crate::anchor::Selector {
            quote: &located.quote,
            start: Some(located.start),
            prefix: Some(&located.prefix),
            suffix: Some(&located.suffix),
        },
    );
    news.push(New {
        id: id.clone(),
        statement,
        level,
        attributed_to: a.attributed_to.clone(),
        tags,
        fact: a.fact.clone(),
        notes: a.text.clone(),
        quote: located,
        evidence: Vec::new(),
        logged_by: a
            .user
            .clone()
            .or_else(|| (!ours).then(|| who.map(str::to_string)).flatten()),
        logged_at,
        extra,
        attribution,
        file: file.clone(),
    });
    Outcome::Imported { id, file }
}
