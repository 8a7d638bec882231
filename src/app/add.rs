//! `claimtrack add`: looks a quote up with the same anchoring as `check`,
//! refuses anything that is not in the source, and appends the record to a
//! claims file atomically, under a lock, leaving every other byte as it was.

use std::collections::{BTreeMap, HashSet};
use std::io::Read;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use toml_edit::{ArrayOfTables, DocumentMut, Item, Table, value};

use crate::anchor::{Doc, Pin, Selector, Span, Verdict};
use crate::check::finding::word_diff;
use crate::check::report::Exit;
use crate::claim::{Level, parse_claims, valid_id};
use crate::cli::AddArgs;
use crate::corpus::{Corpus, close_names};
use crate::fix::one_line_string;
use crate::project::{
    CLAIMS_DIR, ClaimsLock, Loaded, Location, Project, Records, Scope, TextError, read_text,
    write_atomic,
};
use crate::render::{self, Paint, describe_chars, diff_line};
use crate::text::DocText;

/// Why a claim was not logged: printed to stderr, nothing written; exit 1,
/// or 2 when the command line itself names something that is not there.
#[derive(Debug)]
pub(super) struct Refusal {
    pub(super) message: String,
    pub(super) details: Vec<String>,
    usage: bool,
}

impl Refusal {
    pub(super) fn new(message: impl Into<String>) -> Refusal {
        Refusal {
            message: message.into(),
            details: Vec::new(),
            usage: false,
        }
    }
}

/// A quote located in its document, ready to record.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Located {
    pub(super) doc: String,
    pub(super) quote: String,
    pub(super) start: usize,
    pub(super) prefix: String,
    pub(super) suffix: String,
    /// What was recorded differently from what was typed.
    pub(super) notes: Vec<String>,
    /// An evidence quote's `note`.
    pub(super) note: Option<String>,
}

/// Occurrences of an ambiguous quote listed one by one.
const LISTED: usize = 20;

/// One line of context around a span, whitespace collapsed, the span in ⟦ ⟧.
fn context_line(text: &DocText, span: Span) -> String {
    let squash = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    let before = text.slice_chars(span.start.saturating_sub(30)..span.start);
    let inner = text.slice_chars(span.start..span.end);
    let after = text.slice_chars(span.end..span.end + 30);
    let inner: String = if inner.chars().count() > 60 {
        let head: String = inner.chars().take(28).collect();
        let tail: String = inner.chars().skip(inner.chars().count() - 28).collect();
        format!("{head}…{tail}")
    } else {
        inner.to_string()
    };
    format!(
        "…{} ⟦{}⟧ {}…",
        squash(before),
        squash(&inner),
        squash(after)
    )
}

/// Looks `quote` up in `text` exactly as `check` would with nothing pinned.
fn locate(
    doc_id: &str,
    text: &DocText,
    display: &str,
    quote: &str,
    occurrence: Option<usize>,
) -> Result<Located, Refusal> {
    locate_in_context(doc_id, text, display, quote, occurrence, None, None)
}

/// Looks `quote` up as `check` would with only its context pinned (an
/// annotation's prefix and suffix, which single out one of several
/// occurrences); the context recorded is the document's own.
pub(super) fn locate_in_context(
    doc_id: &str,
    text: &DocText,
    display: &str,
    quote: &str,
    occurrence: Option<usize>,
    prefix: Option<&str>,
    suffix: Option<&str>,
) -> Result<Located, Refusal> {
    let doc = Doc::new(text);
    let verdict = doc.anchor(&Selector {
        quote,
        start: None,
        prefix: prefix.filter(|p| !p.is_empty()),
        suffix: suffix.filter(|s| !s.is_empty()),
    });
    // Context that no longer reads as recorded still placed the quote.
    let verdict = match verdict {
        Verdict::ContextChanged { span, .. } => Verdict::Intact(span),
        v => v,
    };
    // An elided quote (`A ... B`) is recorded as typed, each part in the
    // document's own characters, and pinned at the whole passage.
    let (verdict, elided) = match verdict {
        Verdict::Elided(e) => (e.verdict.clone(), Some(e)),
        v => (v, None),
    };
    let words = |span: Span| match &elided {
        Some(e) => e
            .as_in_document(quote, text)
            .unwrap_or_else(|| quote.to_string()),
        None => text.slice_chars(span.start..span.end).to_string(),
    };
    let pinned = |span: Span, notes: Vec<String>| {
        let doc_text = words(span);
        let mut notes = notes;
        if doc_text != quote && notes.is_empty() {
            notes.push(format!(
                "recorded the document's own characters: {doc_text:?}"
            ));
        }
        let pin = Pin::at(text, span);
        Located {
            doc: doc_id.to_string(),
            quote: doc_text,
            start: pin.start,
            prefix: pin.prefix,
            suffix: pin.suffix,
            notes,
            note: None,
        }
    };
    match verdict {
        Verdict::Intact(span) | Verdict::Moved(span) => match occurrence {
            Some(n) if n != 1 => Err(Refusal::new(format!(
                "--occurrence {n}: the quote occurs only once in {display}"
            ))),
            _ => Ok(pinned(span, Vec::new())),
        },
        Verdict::Normalized { span, differences } => {
            if let Some(n) = occurrence.filter(|&n| n != 1) {
                return Err(Refusal::new(format!(
                    "--occurrence {n}: the quote occurs only once in {display}"
                )));
            }
            let notes = differences
                .iter()
                .map(|d| {
                    let (l, c) = text.line_col(d.at);
                    format!(
                        "recorded {} where you typed {} (at {l}:{c})",
                        describe_chars(&d.doc),
                        describe_chars(&d.quote)
                    )
                })
                .collect();
            Ok(pinned(span, notes))
        }
        Verdict::Ambiguous(cands) => match occurrence {
            Some(n) if (1..=cands.len()).contains(&n) => Ok(pinned(cands[n - 1].span, Vec::new())),
            _ => {
                let mut r = Refusal::new(match occurrence {
                    Some(n) => format!(
                        "--occurrence {n}: the quote occurs {} times in {display}; pick 1 to {}",
                        cands.len(),
                        cands.len()
                    ),
                    None => format!(
                        "the quote occurs {} times in {display}; pick one with --occurrence N, or quote more words",
                        cands.len()
                    ),
                });
                for (i, c) in cands.iter().take(LISTED).enumerate() {
                    let (l, col) = text.line_col(c.span.start);
                    r.details.push(format!(
                        "{}. {display}:{l}:{col}  {}",
                        i + 1,
                        context_line(text, c.span)
                    ));
                }
                if cands.len() > LISTED {
                    r.details.push(format!(
                        "and {} more; --occurrence counts them in document order",
                        cands.len() - LISTED
                    ));
                }
                Err(r)
            }
        },
        Verdict::Altered { span, edits, .. } => Err(did_you_mean(
            text,
            display,
            quote,
            span,
            edits,
            &words(span),
        )),
        Verdict::Missing(_) if elided.is_none() => match doc.closest(quote) {
            Some(c) => Err(did_you_mean(
                text,
                display,
                quote,
                c.span,
                c.edits,
                text.slice_chars(c.span.start..c.span.end),
            )),
            None => Err(Refusal::new(format!(
                "the quote is not in {display}, not even approximately"
            ))),
        },
        // Unpinned, a quote has no recorded context that could have changed.
        Verdict::Missing(_) | Verdict::ContextChanged { .. } | Verdict::Elided(_) => {
            Err(Refusal::new(format!(
                "the quote is not in {display}, not even approximately"
            )))
        }
    }
}

/// A refusal that names the closest text, with a word diff against it.
fn did_you_mean(
    text: &DocText,
    display: &str,
    quote: &str,
    span: Span,
    edits: usize,
    found: &str,
) -> Refusal {
    let (l, c) = text.line_col(span.start);
    let mut r = Refusal::new(format!(
        "the quote is not in {display}: the closest text is {edits} edit{} away",
        if edits == 1 { "" } else { "s" }
    ));
    r.details
        .push(format!("did you mean ({display}:{l}:{c}): {found:?}"));
    let diff = diff_line(&word_diff(quote, found), Paint { on: false });
    r.details
        .push(format!("diff (you typed -> document): {diff}"));
    r
}

const STOPWORDS: &[&str] = &[
    "a", "an", "the", "of", "to", "in", "on", "and", "for", "with", "was", "were", "is", "are",
    "by", "at", "that", "his", "her", "its", "from", "as", "had", "has", "have", "be", "been",
];

/// Latin letters for a Cyrillic one (a plain Russian transliteration), so a
/// Russian statement gives a readable id.
fn latin(c: char) -> Option<&'static str> {
    const TABLE: [(char, &str); 33] = [
        ('а', "a"),
        ('б', "b"),
        ('в', "v"),
        ('г', "g"),
        ('д', "d"),
        ('е', "e"),
        ('ё', "yo"),
        ('ж', "zh"),
        ('з', "z"),
        ('и', "i"),
        ('й', "y"),
        ('к', "k"),
        ('л', "l"),
        ('м', "m"),
        ('н', "n"),
        ('о', "o"),
        ('п', "p"),
        ('р', "r"),
        ('с', "s"),
        ('т', "t"),
        ('у', "u"),
        ('ф', "f"),
        ('х', "kh"),
        ('ц', "ts"),
        ('ч', "ch"),
        ('ш', "sh"),
        ('щ', "shch"),
        ('ъ', ""),
        ('ы', "y"),
        ('ь', ""),
        ('э', "e"),
        ('ю', "yu"),
        ('я', "ya"),
    ];
    TABLE.iter().find(|(k, _)| *k == c).map(|(_, v)| *v)
}

/// A short readable id from a statement's key words, unique among `taken`;
/// with no Latin or Cyrillic word to use, the document's name and a number.
pub(super) fn slug(statement: &str, doc: &str, taken: &HashSet<String>) -> String {
    // "Kaspersky's" -> "kaspersky", "U.S." -> "us"; then split on anything else.
    let words: Vec<String> = statement
        .split_whitespace()
        .map(|t| {
            let t: String = t
                .to_lowercase()
                .chars()
                .map(|c| latin(c).map_or(c.to_string(), str::to_string))
                .collect();
            let t = t.trim_end_matches(|c: char| !c.is_alphanumeric());
            let t = t
                .strip_suffix("'s")
                .or_else(|| t.strip_suffix("’s"))
                .unwrap_or(t);
            t.replace(['.', '\'', '’'], "")
        })
        .flat_map(|t| {
            t.split(|c: char| !c.is_ascii_alphanumeric())
                .filter(|w| !w.is_empty())
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .filter(|w| !STOPWORDS.contains(&w.as_str()))
        .take(5)
        .collect();
    // A number last would read like the counter of a taken id ("...-square-3").
    let mut words = words;
    while words.len() > 1
        && words
            .last()
            .is_some_and(|w| w.bytes().all(|b| b.is_ascii_digit()))
    {
        words.pop();
    }
    let mut base = String::new();
    for w in words {
        if !base.is_empty() && base.len() + 1 + w.len() > 40 {
            break;
        }
        if !base.is_empty() {
            base.push('-');
        }
        base.push_str(&w);
    }
    if !base.bytes().any(|b| b.is_ascii_alphabetic()) {
        // No word to use: the document's name, then a number.
        let name: String = doc
            .rsplit('/')
            .next()
            .unwrap_or(doc)
            .to_lowercase()
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
            .collect();
        let name = name.trim_matches('-');
        base = if name.is_empty() {
            "claim".into()
        } else {
            name.to_string()
        };
        let mut n = 1;
        while taken.contains(&format!("{base}-{n}")) {
            n += 1;
        }
        return format!("{base}-{n}");
    }
    let mut id = base.clone();
    let mut n = 2;
    while taken.contains(&id) {
        id = format!("{base}-{n}");
        n += 1;
    }
    id
}

/// The new record, as TOML text of one `[[claim]]` table.
pub(super) struct Record<'a> {
    pub(super) id: &'a str,
    pub(super) statement: &'a str,
    pub(super) level: Level,
    pub(super) attributed_to: Option<&'a str>,
    pub(super) tags: &'a [String],
    pub(super) fact: Option<&'a str>,
    pub(super) notes: Option<&'a str>,
    pub(super) quote: &'a Located,
    pub(super) evidence: &'a [Located],
    pub(super) logged_by: Option<String>,
    pub(super) logged_at: Option<toml_edit::Datetime>,
    /// `[claim.extra]` strings (where an imported claim came from).
    pub(super) extra: &'a [(String, String)],
}

impl Record<'_> {
    pub(super) fn to_toml(&self) -> String {
        let mut t = Table::new();
        t["id"] = value(self.id);
        t["statement"] = value(self.statement);
        t["level"] = value(self.level.as_str());
        if let Some(by) = self.attributed_to {
            t["attributed-to"] = value(by);
        }
        t["doc"] = value(self.quote.doc.as_str());
        put_selector(&mut t, self.quote);
        if !self.tags.is_empty() {
            let mut arr = toml_edit::Array::new();
            for tag in self.tags {
                arr.push(tag.as_str());
            }
            t["tags"] = value(arr);
        }
        if let Some(f) = self.fact {
            t["fact"] = value(f);
        }
        if let Some(n) = self.notes {
            t["notes"] = value(n);
        }
        if let Some(who) = &self.logged_by {
            t["logged-by"] = Item::Value(one_line_string(who));
        }
        if let Some(at) = self.logged_at {
            t["logged-at"] = value(at);
        }
        if !self.evidence.is_empty() {
            let mut aot = ArrayOfTables::new();
            for e in self.evidence {
                let mut et = Table::new();
                put_selector(&mut et, e);
                if e.doc != self.quote.doc {
                    et["doc"] = value(e.doc.as_str());
                }
                if let Some(n) = &e.note {
                    et["note"] = Item::Value(one_line_string(n));
                }
                aot.push(et);
            }
            t["evidence"] = Item::ArrayOfTables(aot);
        }
        if !self.extra.is_empty() {
            let mut x = Table::new();
            for (k, v) in self.extra {
                x[k.as_str()] = Item::Value(one_line_string(v));
            }
            t["extra"] = Item::Table(x);
        }
        let mut claims = ArrayOfTables::new();
        claims.push(t);
        let mut doc = DocumentMut::new();
        doc["claim"] = Item::ArrayOfTables(claims);
        doc.to_string()
    }
}

fn put_selector(t: &mut Table, l: &Located) {
    t["quote"] = value(one_line_string(&l.quote));
    t["start"] = value(l.start as i64);
    t["prefix"] = value(one_line_string(&l.prefix));
    t["suffix"] = value(one_line_string(&l.suffix));
}

/// `claims/<doc>.toml`, or `--file`, which must be a `.toml` file under `claims/`.
fn target_file(project: &Project, args: &AddArgs) -> Result<PathBuf, Refusal> {
    let rel = match &args.file {
        Some(f) => f.clone(),
        None => Path::new(CLAIMS_DIR).join(format!("{}.toml", args.doc)),
    };
    project.claims_target(&rel).map_err(|why| {
        Refusal::new(format!(
            "--file {}: {why}; claims files are .toml files under claims/ that `check` reads",
            rel.display()
        ))
    })
}

/// Appends `record` to the file's current text, in the file's line endings;
/// the old bytes stay as they were.
fn appended(existing: &str, record: &str) -> String {
    let eol = if existing.contains("\r\n") {
        "\r\n"
    } else {
        "\n"
    };
    let mut out = existing.to_string();
    if !out.is_empty() {
        if !out.ends_with('\n') {
            out.push_str(eol);
        }
        out.push_str(eol);
    }
    out.push_str(&record.replace('\n', eol));
    out
}

/// The quote and the evidence quotes as typed; the one given as `-` is read
/// from standard input. Standard input that is not UTF-8 is a refusal, not
/// a failure to run; `-` twice is a usage error.
fn read_quotes(args: &AddArgs) -> Result<Result<(String, Vec<String>), Refusal>> {
    let dashes = std::iter::once(&args.quote)
        .chain(&args.evidence)
        .filter(|q| q.as_str() == "-")
        .count();
    if dashes > 1 {
        bail!(
            "standard input can give only one quote: use `-` for --quote or for one --evidence, not both"
        );
    }
    if dashes == 0 {
        return Ok(Ok((args.quote.clone(), args.evidence.clone())));
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
    let s = match String::from_utf8(bytes) {
        Ok(s) => s,
        Err(e) => {
            return Ok(Err(Refusal::new(format!(
                "the {which} on standard input is not valid UTF-8 (invalid byte at byte offset {})",
                e.utf8_error().valid_up_to()
            ))));
        }
    };
    // One trailing line break is the shell's, not the quote's.
    let s = s
        .strip_suffix('\n')
        .map(|s| s.strip_suffix('\r').unwrap_or(s))
        .unwrap_or(&s)
        .to_string();
    let pick = |q: &String| if q == "-" { s.clone() } else { q.clone() };
    Ok(Ok((
        pick(&args.quote),
        args.evidence.iter().map(pick).collect(),
    )))
}

fn refuse(r: Refusal) -> Result<Exit> {
    // What the user typed or the document holds, with controls escaped.
    eprintln!("error: {}", render::safe(&r.message));
    for d in r.details {
        eprintln!("  {}", render::safe(&d));
    }
    eprintln!("nothing was written");
    Ok(if r.usage { Exit::Error } else { Exit::Findings })
}

/// Runs `add`: exit 0 when logged (or shown with --dry-run), 1 when refused.
pub(super) fn run(at: &Location, args: &AddArgs, paint: Paint) -> Result<Exit> {
    let root = at.root.as_path();
    Project::open(at)?;
    let (quote, evidence_quotes) = match read_quotes(args)? {
        Ok(q) => q,
        Err(r) => return refuse(r),
    };
    if args.statement.trim().is_empty() {
        return refuse(Refusal::new(
            "the statement is empty: say the claim in your own words (--statement)",
        ));
    }
    if args.evidence_doc.is_some() && args.evidence.is_empty() {
        return refuse(Refusal::new(
            "--evidence-doc names where --evidence quotes are, and no --evidence was given",
        ));
    }
    if quote.trim().is_empty() {
        return refuse(Refusal::new("the quote is empty"));
    }
    // The lock covers reading ids, choosing one and writing, so concurrent adds all land.
    let _lock = if args.dry_run {
        None
    } else {
        Some(ClaimsLock::acquire(&Path::new(root).join(CLAIMS_DIR))?)
    };
    let loaded = Loaded::open(at, Records::Full, Scope::All)?;
    let (project, corpus, files) = (&loaded.project, &loaded.corpus, &loaded.files);
    let mut texts: BTreeMap<String, DocText> = BTreeMap::new();
    let mut load = |id: &str| -> Result<(), Refusal> {
        if texts.contains_key(id) {
            return Ok(());
        }
        let entry = corpus.docs.get(id).ok_or_else(|| unknown_doc(corpus, id))?;
        let t = project
            .document(entry)
            .map_err(|e| Refusal::new(format!("{}: {}", entry.display, render::unreadable(&e))))?;
        texts.insert(id.to_string(), t);
        Ok(())
    };
    let ev_doc = args
        .evidence_doc
        .clone()
        .unwrap_or_else(|| args.doc.clone());
    if let Err(r) = load(&args.doc) {
        return refuse(r);
    }
    if !args.evidence.is_empty()
        && let Err(r) = load(&ev_doc)
    {
        return refuse(r);
    }
    let display = |id: &str| corpus.docs[id].display.clone();
    let located = match locate(
        &args.doc,
        &texts[&args.doc],
        &display(&args.doc),
        &quote,
        args.occurrence.map(|n| n as usize),
    ) {
        Ok(l) => l,
        Err(r) => return refuse(r),
    };
    let mut evidence = Vec::new();
    for (i, e) in evidence_quotes.iter().enumerate() {
        if e.trim().is_empty() {
            return refuse(Refusal::new(format!("evidence {} is empty", i + 1)));
        }
        match locate(&ev_doc, &texts[&ev_doc], &display(&ev_doc), e, None) {
            Ok(l) => evidence.push(l),
            Err(mut r) => {
                r.message = format!("evidence {} ({e:?}): {}", i + 1, r.message);
                return refuse(r);
            }
        }
    }
    let path = match target_file(project, args) {
        Ok(p) => p,
        Err(r) => return refuse(r),
    };
    let taken: HashSet<String> = files
        .iter()
        .flat_map(|f| f.claims.iter().map(|c| c.id.clone()))
        .collect();
    let id = match &args.id {
        Some(id) if !valid_id(id) => {
            return refuse(Refusal::new(format!(
                "invalid id {id:?}: use lowercase letters, digits and `-`, starting with a letter or digit"
            )));
        }
        Some(id) if taken.contains(id) => {
            let (f, c) = files
                .iter()
                .find_map(|f| f.claims.iter().find(|c| &c.id == id).map(|c| (f, c)))
                .expect("taken id has a claim");
            return refuse(Refusal::new(format!(
                "id `{id}` is already used at {}:{}",
                f.path, c.line
            )));
        }
        Some(id) => id.clone(),
        None => slug(&args.statement, &args.doc, &taken),
    };
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
    let notes: Vec<&String> = located
        .notes
        .iter()
        .chain(evidence.iter().flat_map(|e| &e.notes))
        .chain(short.as_ref())
        .collect();
    if args.dry_run {
        render::to_stdout(|out| out.write_all(record.as_bytes()))?;
        for n in notes {
            eprintln!("note: {}", render::safe(n));
        }
        eprintln!("dry run: would append claim `{id}` to {shown}; nothing was written");
        return Ok(Exit::Ok);
    }
    match append_records(&project.root, &path, &shown, std::slice::from_ref(&record)) {
        Ok(Ok(())) => {}
        Ok(Err(why)) => return refuse(Refusal::new(why)),
        Err(e) => return Err(e),
    }
    render::to_stdout(|out| out.write_all(record.as_bytes()))?;
    for n in notes {
        eprintln!("note: {}", render::safe(n));
    }
    eprintln!("{} claim `{id}` to {shown}", paint.green("added"));
    Ok(Exit::Ok)
}

/// Appends claim records to a claims file in one atomic write, after proving
/// the result parses and holds every claim it held plus the new ones. The
/// inner error is a refusal (the file is broken, or would be), nothing written.
pub(super) fn append_records(
    root: &Path,
    path: &Path,
    shown: &str,
    records: &[String],
) -> Result<Result<(), String>> {
    let existing = match read_text(path) {
        Ok(s) => s.unwrap_or_default(),
        Err(TextError::Utf8 { .. }) => {
            return Ok(Err(format!("{shown} is not valid UTF-8; fix it first")));
        }
        Err(TextError::Io(e)) => return Err(e).with_context(|| format!("cannot read {shown}")),
    };
    // Never write a file that would no longer parse, or lose a claim.
    let before = parse_claims(shown, &existing);
    if let Some(p) = before.problems.first() {
        return Ok(Err(format!(
            "{shown}:{}:{}: {}; fix that file first",
            p.line, p.column, p.message
        )));
    }
    let new = records.iter().fold(existing, |text, r| appended(&text, r));
    let after = parse_claims(shown, &new);
    if !after.problems.is_empty() || after.claims.len() != before.claims.len() + records.len() {
        return Ok(Err(format!(
            "appending to {shown} would not give a valid claims file"
        )));
    }
    if let Some(dir) = path.parent() {
        crate::project::create_dir_all(dir)?;
    }
    write_atomic(root, path, &new)?;
    Ok(Ok(()))
}

fn unknown_doc(corpus: &Corpus, id: &str) -> Refusal {
    let mut r = Refusal::new(format!(
        "no document `{id}` in corpus/ (looked for corpus/{id}.txt and corpus/{id}.md)"
    ));
    r.usage = true;
    let close = close_names(id, corpus.docs.keys().map(String::as_str));
    if !close.is_empty() {
        r.details
            .push(format!("did you mean: {}", close.join(", ")));
    } else if corpus.docs.len() <= 20 {
        r.details.push(format!(
            "documents: {}",
            corpus.docs.keys().cloned().collect::<Vec<_>>().join(", ")
        ));
    }
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_short_readable_and_unique() {
        let mut taken = HashSet::new();
        let s = slug(
            "Mikhailov was sentenced to 22 years in prison.",
            "d",
            &taken,
        );
        assert_eq!(s, "mikhailov-sentenced-22-years-prison");
        taken.insert(s.clone());
        assert_eq!(
            slug(
                "Mikhailov was sentenced to 22 years in prison!",
                "d",
                &taken
            ),
            format!("{s}-2")
        );
        assert_eq!(slug("Путин сказал", "d", &HashSet::new()), "putin-skazal");
        assert_eq!(
            slug("习近平讲话", "news/2026-11-21-speech", &HashSet::new()),
            "2026-11-21-speech-1"
        );
        assert_eq!(
            slug("Photo shows Red Square on 3 March", "d", &HashSet::new()),
            "photo-shows-red-square"
        );
        assert_eq!(
            slug("Kaspersky's U.S. team", "d", &HashSet::new()),
            "kaspersky-us-team"
        );
    }

    #[test]
    fn appending_to_a_crlf_file_writes_crlf_lines() {
        let new = appended("[[claim]]\r\nid = \"a\"", "[[claim]]\nid = \"b\"\n");
        assert_eq!(
            new,
            "[[claim]]\r\nid = \"a\"\r\n\r\n[[claim]]\r\nid = \"b\"\r\n"
        );
    }

    #[test]
    fn appending_keeps_every_byte_of_the_file() {
        let old = "# c\n[[claim]]\nid = \"a\"   # x";
        let new = appended(old, "[[claim]]\nid = \"b\"\n");
        assert!(new.starts_with(old));
        assert_eq!(
            new,
            "# c\n[[claim]]\nid = \"a\"   # x\n\n[[claim]]\nid = \"b\"\n"
        );
    }
}
