//! `claimtrack add`: looks a quote up with the same anchoring as `check`,
//! refuses anything that is not in the source, and appends the record to a
//! claims file atomically, under a lock, leaving every other byte as it was.

use std::collections::{BTreeMap, HashSet};
use std::io::Read;
use std::path::{Path, PathBuf};

use anyhow::Context;

use crate::anchor::Selector;
use crate::attribution;
use crate::check::report::Exit;
use crate::claim::{Level, valid_id};
use crate::cli::{AddArgs, AddFormat, LevelChoice};
use crate::cues::{Assessment, Kind, Proposal};
use crate::edit;
use crate::failure::{Failure, Outcome};
use crate::locate::{Located, locate};
use crate::project::{CLAIMS_DIR, ClaimsLock, Loaded, Location, Project};
use crate::record::{Record, slug, slug_stem};
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

/// The claim's id: `--id` if valid and free, else one slugged from the
/// statement. Only the claims files that hold the id, or the stem of every
/// id the statement can give, are parsed: the rest cannot hold a clash.
fn claim_id(project: &Project, args: &AddArgs) -> Result<String, Failure> {
    let needle = match &args.id {
        Some(id) if !valid_id(id) => String::new(),
        Some(id) => id.clone(),
        None => slug_stem(&args.statement, &args.doc),
    };
    let files = &project.claims_files_holding(&[needle.as_str()])?;
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
) -> Result<(Located, Vec<Located>, DocText), Failure> {
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
    let text = texts
        .remove(args.doc.as_str())
        .expect("the claim's document was read");
    Ok((located, evidence, text))
}

/// How the document attributes the located quote now, and what each of its
/// elisions and brackets stands for.
fn read_attribution(text: &DocText, located: &Located) -> Result<attribution::Read, Failure> {
    attribution::read(
        text,
        &Selector {
            quote: &located.quote,
            start: Some(located.start),
            prefix: Some(&located.prefix),
            suffix: Some(&located.suffix),
        },
    )
    .ok_or_else(|| {
        anyhow::anyhow!("the quote just located does not stand in {}", located.doc).into()
    })
}

/// Asks on the terminal whether to log the proposed level; `None` when the
/// person declines.
fn ask(proposed: Level) -> Result<Option<Level>, Failure> {
    use std::io::Write;
    eprint!("log it as `{proposed}`? [Y/n, or a level] ");
    std::io::stderr().flush().ok();
    let mut line = String::new();
    std::io::stdin()
        .read_line(&mut line)
        .context("cannot read the answer from the terminal")?;
    match line.trim() {
        "" | "y" | "Y" | "yes" => Ok(Some(proposed)),
        "n" | "N" | "no" => Ok(None),
        other => Level::parse(other).map(Some).ok_or_else(|| {
            Failure::refused(format!(
                "`{other}` is not a level ({}); nothing was written",
                Level::listed()
            ))
        }),
    }
}

/// The level to log: given, proposed by the cues (`auto`, `--dry-run`, or
/// confirmed at a prompt), or refused. Returns it with what to say.
fn decide(
    args: &AddArgs,
    a: &Assessment,
    text: &DocText,
    can_ask: bool,
) -> Result<(Level, Vec<String>), Failure> {
    let proposed = match a.proposal {
        Proposal::Level(l) => Some(l),
        Proposal::NotAClaim => None,
    };
    let mut said = Vec::new();
    let given = match args.level {
        Some(LevelChoice::Given(l)) => l,
        Some(LevelChoice::Auto) => proposed.ok_or_else(|| {
            let mut s = crate::failure::Said::new(
                "--level auto: the quote reads as a headline, caption, credit or page furniture, not a claim; give --level to log it anyway",
            );
            s.details = logging::proposal(a, text);
            Failure::refusal(s)
        })?,
        None if args.dry_run || !can_ask => {
            if !args.dry_run {
                let mut s = crate::failure::Said::new(
                    "no --level: pass --level auto to log the level the document's cues propose, or --level LEVEL",
                );
                s.details = logging::proposal(a, text);
                return Err(Failure::refusal(s));
            }
            proposed.unwrap_or(Level::Confirmed)
        }
        None => {
            for line in logging::proposal(a, text) {
                eprintln!("{}", render::safe(&line));
            }
            ask(proposed.unwrap_or(Level::Confirmed))?
                .ok_or_else(|| Failure::refused("not logged; nothing was written"))?
        }
    };
    let explicit = a.cue.as_ref().is_some_and(|c| {
        c.cue.rule.kind == Kind::Unverified && c.cue.rule.level == Level::CouldNotConfirm
    });
    if explicit && given == Level::Confirmed {
        if !args.force {
            return Err(Failure::refusal(logging::refused_level(given, a, text)));
        }
        said.push(format!(
            "--force: logged as {given} against an explicit could-not-confirm cue"
        ));
    } else if matches!(args.level, Some(LevelChoice::Given(_)))
        && proposed.is_some_and(|p| p != given)
    {
        let mut lines = logging::proposal(a, text);
        lines[0] = format!("logged as {given}, but {}", lines[0]);
        said.extend(lines);
    } else if proposed.is_none() {
        said.push("the quote reads as a headline, caption, credit or page furniture".into());
    }
    Ok((given, said))
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
    // Only the documents: which claims exist is asked of the files that
    // could hold the new id (`claim_id`).
    let docs: Vec<&str> = std::iter::once(args.doc.as_str())
        .chain(args.evidence_doc.as_deref())
        .collect();
    let loaded = Loaded::for_claims(at, &[], &docs)?;
    let (located, evidence, text) = locate_all(&loaded, args, &quote, &evidence_quotes)?;
    let project = &loaded.project;
    let path = target_file(project, args)?;
    let id = claim_id(project, args)?;
    let attribution::Read {
        assessment,
        record: recorded,
        stands_for,
    } = read_attribution(&text, &located)?;
    let can_ask = quote != "-"
        && !evidence_quotes.iter().any(|e| e == "-")
        && std::io::IsTerminal::is_terminal(&std::io::stdin())
        && std::io::IsTerminal::is_terminal(&std::io::stderr());
    let (level, level_notes) = decide(args, &assessment, &text, can_ask)?;
    // A claim the document attributes, logged without --by, takes the
    // source the cues name.
    let by = args.by.clone().or_else(|| {
        (level != Level::Confirmed)
            .then(|| assessment.source(text.as_str()).map(str::to_string))
            .flatten()
    });
    let record = Record {
        id: &id,
        statement: &args.statement,
        level,
        attributed_to: by.as_deref(),
        tags: &args.tags,
        fact: args.fact.as_deref(),
        notes: args.notes.as_deref(),
        quote: &located,
        evidence: &evidence,
        logged_by: super::provenance::who(args.logged_by.as_deref()),
        logged_at: Some(super::provenance::now()),
        extra: &[],
        attribution: Some(&recorded),
        stands_for: stands_for.as_deref(),
    }
    .to_toml();
    let shown = project.display(&path);
    // Chinese and Japanese write no spaces between words: six characters or
    // more of them are several words.
    let wide = quote
        .chars()
        .filter(|&c| unicode_width::UnicodeWidthChar::width(c) == Some(2))
        .count();
    let short = (quote.split_whitespace().count() < 2 && wide < 6).then(|| {
        "a one-word quote pins little: the same word may stand elsewhere after an edit; quote the words around it".to_string()
    });
    let notes: Vec<String> = located
        .notes
        .iter()
        .chain(evidence.iter().flat_map(|e| &e.notes))
        .map(logging::note)
        .chain(short)
        .chain(level_notes)
        .chain(
            (level == Level::SourceSays && by.is_none())
                .then(|| "source-says with no source: the document names none near the quote; --by records who".to_string()),
        )
        .chain(
            (args.by.is_none() && by.is_some())
                .then(|| format!(
                    "attributed to {:?}, the source the document names beside the quote; --by records another",
                    by.as_deref().unwrap_or("")
                )),
        )
        .chain(
            // A quote is the words of one passage: a paragraph break inside
            // it is more often two quotes typed as one.
            located.quote.contains("\n\n").then(|| {
                "the quote runs across a paragraph break: a claim usually rests on one passage; quote each part as evidence if it takes both".to_string()
            }),
        )
        .collect();
    if !args.dry_run {
        edit::append(&project.root, &path, &shown, std::slice::from_ref(&record))?;
    }
    if args.format == AddFormat::Json {
        let v = serde_json::json!({
            "id": id,
            "file": shown,
            "written": !args.dry_run,
            "level": level.as_str(),
            "attributed-to": by,
            "record": record,
            "proposal": logging::proposal_json(&assessment, &text),
            "notes": notes,
        });
        let json = serde_json::to_string_pretty(&v).context("cannot write JSON")? + "\n";
        render::to_stdout(|out| out.write_all(json.as_bytes()))?;
        return Ok(Exit::Ok);
    }
    render::to_stdout(|out| out.write_all(record.as_bytes()))?;
    for n in notes {
        eprintln!("note: {}", render::safe(&n));
    }
    // A file name typed or found on disk may hold controls: shown escaped.
    let shown = render::safe(&shown);
    if args.dry_run {
        eprintln!("dry run: would append claim `{id}` to {shown}; nothing was written");
    } else {
        eprintln!("{} claim `{id}` to {shown}", paint.green("added"));
    }
    Ok(Exit::Ok)
}
