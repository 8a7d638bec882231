//! `claimtrack add`: looks a quote up with the same anchoring as `check`,
//! refuses anything that is not in the source, and appends the record to a
//! claims file atomically, under a lock, leaving every other byte as it was.

use std::collections::{BTreeMap, HashSet};
use std::io::Read;
use std::path::{Path, PathBuf};

use anyhow::Context;

use crate::check::report::Exit;
use crate::claim::valid_id;
use crate::cli::AddArgs;
use crate::edit;
use crate::failure::{Failure, Outcome};
use crate::locate::{Located, locate};
use crate::project::{CLAIMS_DIR, ClaimsLock, Loaded, Location, Project, Records, Scope};
use crate::record::{Record, slug};
use crate::render::{self, Paint, logging};
use crate::text::DocText;

/// `claims/<doc>.toml`, or `--file`, which must be a `.toml` file under `claims/`.
fn target_file(project: &Project, args: &AddArgs) -> Result<PathBuf, Failure> {
    let rel = match &args.file {
        Some(f) => f.clone(),
        None => Path::new(CLAIMS_DIR).join(format!("{}.toml", args.doc)),
    };
    project.claims_target(&rel).map_err(|why| {
        Failure::refused(format!(
            "--file {}: {why}; claims files are .toml files under claims/ that `check` reads",
            rel.display()
        ))
    })
}

/// The quote and the evidence quotes as typed; the one given as `-` is read
/// from standard input. Standard input that is not UTF-8 is a refusal, not
/// a failure to run; `-` twice is a usage error.
fn read_quotes(args: &AddArgs) -> Result<(String, Vec<String>), Failure> {
    let dashes = std::iter::once(&args.quote)
        .chain(&args.evidence)
        .filter(|q| q.as_str() == "-")
        .count();
    if dashes > 1 {
        return Err(anyhow::anyhow!(
            "standard input can give only one quote: use `-` for --quote or for one --evidence, not both"
        )
        .into());
    }
    if dashes == 0 {
        return Ok((args.quote.clone(), args.evidence.clone()));
    }
    let which = if args.quote == "-" {
        "quote"
    } else {
        "evidence quote"
    };
    let mut bytes = Vec::new();
    std::io::stdin()
        .read_to_end(&mut bytes)
        .with_context(|| format!("cannot read the {which} from standard input"))?;
    let s = String::from_utf8(bytes).map_err(|e| {
        Failure::refused(format!(
            "the {which} on standard input is not valid UTF-8 (invalid byte at byte offset {})",
            e.utf8_error().valid_up_to()
        ))
    })?;
    // One trailing line break is the shell's, not the quote's.
    let s = s
        .strip_suffix('\n')
        .map_or(s.as_str(), |s| s.strip_suffix('\r').unwrap_or(s))
        .to_string();
    let pick = |q: &String| if q == "-" { s.clone() } else { q.clone() };
    Ok((pick(&args.quote), args.evidence.iter().map(pick).collect()))
}

/// The arguments a person typed, refused before anything is looked up.
fn refuse_empty(args: &AddArgs, quote: &str) -> Result<(), Failure> {
    if args.statement.trim().is_empty() {
        return Err(Failure::refused(
            "the statement is empty: say the claim in your own words (--statement)",
        ));
    }
    if args.evidence_doc.is_some() && args.evidence.is_empty() {
        return Err(Failure::refused(
            "--evidence-doc names where --evidence quotes are, and no --evidence was given",
        ));
    }
    if quote.trim().is_empty() {
        return Err(Failure::refused("the quote is empty"));
    }
    Ok(())
}

/// The claim's id: `--id` if valid and free, else one slugged from the statement.
fn claim_id(loaded: &Loaded, args: &AddArgs) -> Result<String, Failure> {
    let files = &loaded.files;
    let taken: HashSet<String> = files
        .iter()
        .flat_map(|f| f.claims.iter().map(|c| c.id.clone()))
        .collect();
    match &args.id {
        Some(id) if !valid_id(id) => Err(Failure::refused(format!(
            "invalid id {id:?}: use lowercase letters, digits and `-`, starting with a letter or digit"
        ))),
        Some(id) if taken.contains(id) => {
            let (f, c) = files
                .iter()
                .find_map(|f| f.claims.iter().find(|c| &c.id == id).map(|c| (f, c)))
                .expect("taken id has a claim");
            Err(Failure::refused(format!(
                "id `{id}` is already used at {}:{}",
                f.path, c.line
            )))
        }
        Some(id) => Ok(id.clone()),
        None => Ok(slug(&args.statement, &args.doc, &taken)),
    }
}

/// The quote and its evidence, each located in its document.
fn locate_all(
    loaded: &Loaded,
    args: &AddArgs,
    quote: &str,
    evidence_quotes: &[String],
) -> Result<(Located, Vec<Located>), Failure> {
    let ev_doc = args.evidence_doc.as_deref().unwrap_or(&args.doc);
    let mut texts: BTreeMap<&str, DocText> = BTreeMap::new();
    let mut wanted = vec![args.doc.as_str()];
    if !evidence_quotes.is_empty() {
        wanted.push(ev_doc);
    }
    for id in wanted {
        if !texts.contains_key(id) {
            texts.insert(id, super::document(loaded, id)?);
        }
    }
    let display = |id: &str| loaded.corpus.docs[id].display.clone();
    let text = &texts[args.doc.as_str()];
    let located = locate(&args.doc, text, quote, args.occurrence)
        .map_err(|r| Failure::refusal(logging::refusal(&r, text, &display(&args.doc), quote)))?;
    let mut evidence = Vec::new();
    for (i, e) in evidence_quotes.iter().enumerate() {
        if e.trim().is_empty() {
            return Err(Failure::refused(format!("evidence {} is empty", i + 1)));
        }
        let text = &texts[ev_doc];
        let l = locate(ev_doc, text, e, None).map_err(|r| {
            Failure::refusal(
                logging::refusal(&r, text, &display(ev_doc), e)
                    .within(&format!("evidence {} ({e:?})", i + 1)),
            )
        })?;
        evidence.push(l);
    }
    Ok((located, evidence))
}

/// Runs `add`: exit 0 when logged (or shown with --dry-run), 1 when refused.
pub(super) fn run(at: &Location, args: &AddArgs, paint: Paint) -> Outcome {
    Project::open(at)?;
    let (quote, evidence_quotes) = read_quotes(args)?;
    refuse_empty(args, &quote)?;
    // The lock covers reading ids, choosing one and writing, so concurrent adds all land.
    let _lock = if args.dry_run {
        None
    } else {
        Some(ClaimsLock::acquire(&at.root.join(CLAIMS_DIR))?)
    };
    let loaded = Loaded::open(at, Records::Full, Scope::All)?;
    let (located, evidence) = locate_all(&loaded, args, &quote, &evidence_quotes)?;
    let project = &loaded.project;
    let path = target_file(project, args)?;
    let id = claim_id(&loaded, args)?;
    let record = Record {
        id: &id,
        statement: &args.statement,
        level: args.level,
        attributed_to: args.by.as_deref(),
        tags: &args.tags,
        fact: args.fact.as_deref(),
        notes: args.notes.as_deref(),
        quote: &located,
        evidence: &evidence,
        logged_by: super::provenance::who(args.logged_by.as_deref()),
        logged_at: Some(super::provenance::now()),
        extra: &[],
    }
    .to_toml();
    let shown = project.display(&path);
    let short = (quote.split_whitespace().count() < 2).then(|| {
        "a one-word quote pins little: the same word may stand elsewhere after an edit; quote the words around it".to_string()
    });
    let notes: Vec<String> = located
        .notes
        .iter()
        .chain(evidence.iter().flat_map(|e| &e.notes))
        .map(logging::note)
        .chain(short)
        .collect();
    if !args.dry_run {
        edit::append(&project.root, &path, &shown, std::slice::from_ref(&record))?;
    }
    render::to_stdout(|out| out.write_all(record.as_bytes()))?;
    for n in notes {
        eprintln!("note: {}", render::safe(&n));
    }
    if args.dry_run {
        eprintln!("dry run: would append claim `{id}` to {shown}; nothing was written");
    } else {
        eprintln!("{} claim `{id}` to {shown}", paint.green("added"));
    }
    Ok(Exit::Ok)
}
