//! `claimtrack export w3c | claimreview | sqlite`: claims, their current verdicts and facts, written for other tools.

use std::collections::HashMap;
use std::path::Path;

use anyhow::{Context, Result, bail};
use serde_json::{Value, json};

use crate::annotation::{self, DOC_URN, Export};
use crate::check::Options;
use crate::check::finding::{Found, Status};
use crate::check::report::Exit;
use crate::claim::{AnchorKind, Claim};
use crate::cli::{ExportCommand, ExportOut, ExportSqliteArgs};
use crate::facts::{self, Fact};
use crate::project::{self, Loaded, Location, Metadata, Records, Scope};
use crate::render;

pub(super) fn run(at: &Location, what: &ExportCommand) -> Result<Exit> {
    let loaded = Loaded::open(at, Records::Full, Scope::All)?;
    match what {
        ExportCommand::W3c(out) => w3c(at, &loaded, out),
        ExportCommand::Claimreview(out) => claimreview(at, &loaded, out),
        ExportCommand::Sqlite(args) => sqlite(at, &loaded, args),
    }
}

/// What `check` says of each anchor now: (claim, anchor) -> status and span.
type Verdicts = HashMap<(String, AnchorKind), (Status, Option<Found>)>;

fn verdicts(loaded: &Loaded) -> Verdicts {
    let report = loaded.check(&Options::default());
    report
        .findings()
        .filter_map(|f| Some(((f.claim.clone()?, f.anchor?), (f.status, f.found.clone()))))
        .collect()
}

fn claims(loaded: &Loaded) -> impl Iterator<Item = &Claim> {
    loaded.files.iter().flat_map(|f| &f.claims)
}

fn metadata_of(loaded: &Loaded) -> HashMap<&str, Metadata> {
    loaded
        .corpus
        .docs
        .iter()
        .map(|(id, e)| (id.as_str(), loaded.project.metadata(e)))
        .collect()
}

/// Writes `text` to `-o FILE` (atomically) or standard output.
fn emit(at: &Location, out: &ExportOut, text: &str) -> Result<()> {
    match &out.output {
        Some(p) => project::replace_file(&at.base.join(p), text.as_bytes()),
        None => Ok(render::to_stdout(|o| o.write_all(text.as_bytes()))?),
    }
}

fn w3c(at: &Location, loaded: &Loaded, out: &ExportOut) -> Result<Exit> {
    let verdicts = verdicts(loaded);
    let meta = metadata_of(loaded);
    let mut items = Vec::new();
    let mut unplaced = Vec::new();
    for c in claims(loaded) {
        for a in &c.anchors {
            let m = meta.get(a.doc.as_str());
            let field = |k: &str| m.and_then(|m| m.fields.get(k)).map(String::as_str);
            let (status, found) = verdicts
                .get(&(c.id.clone(), a.kind))
                .cloned()
                .unwrap_or((Status::Missing, None));
            // Only a quote that stands in the document has a position.
            let placed =
                found.filter(|_| status.severity() < crate::check::finding::Severity::Error);
            let (start, end) = match &placed {
                Some(f) => (f.start, f.end),
                None => {
                    unplaced.push(format!("{} ({})", c.id, a.kind));
                    (0, 0)
                }
            };
            let e = Export {
                claim: &c.id,
                evidence: match a.kind {
                    AnchorKind::Quote => None,
                    AnchorKind::Evidence(i) => Some(i + 1),
                },
                statement: &c.statement,
                level: c.level.as_str(),
                attributed_to: c.attributed_to.as_deref(),
                fact: c.fact.as_deref(),
                tags: &c.tags,
                notes: c.notes.as_deref(),
                note: a.note.as_deref(),
                logged_by: c.logged_by.as_deref(),
                logged_at: c.logged_at.as_deref(),
                source: field("url").map_or_else(|| format!("{DOC_URN}{}", a.doc), str::to_string),
                retrieved: field("retrieved"),
                quote: &a.quote,
                prefix: a.prefix.as_deref().unwrap_or(""),
                suffix: a.suffix.as_deref().unwrap_or(""),
                start,
                end,
            };
            let mut v = annotation::to_w3c(&e);
            if placed.is_none() {
                // The recorded quote, but no place: its position would be a guess.
                if let Some(sel) = v["target"]["selector"].as_array_mut() {
                    sel.retain(|s| s["type"] != "TextPositionSelector");
                }
            }
            items.push(v);
        }
    }
    let page = json!({
        "@context": annotation::CONTEXT,
        "type": "AnnotationPage",
        "items": items,
    });
    emit(at, out, &(serde_json::to_string_pretty(&page)? + "\n"))?;
    for u in &unplaced {
        eprintln!(
            "warning: {}: the quote does not stand in its document now (see `check`); exported without a position",
            render::safe(u)
        );
    }
    Ok(Exit::Ok)
}

fn claimreview(at: &Location, loaded: &Loaded, out: &ExportOut) -> Result<Exit> {
    let facts = &loaded.plan.facts;
    if let Some(p) = facts.problems.first() {
        bail!(
            "{}:{}:{}: {}; fix the facts file first (`check` lists every problem)",
            facts::FACTS_FILE,
            p.line,
            p.column,
            p.message
        );
    }
    let meta = metadata_of(loaded);
    let mut reviews = Vec::new();
    let mut skipped = Vec::new();
    for f in &facts.facts {
        if f.verdict.is_none() {
            skipped.push(f.id.clone());
            continue;
        }
        let cs: Vec<&Claim> = claims(loaded)
            .filter(|c| c.fact.as_deref() == Some(f.id.as_str()))
            .collect();
        reviews.push(claim_review(f, &cs, &meta));
    }
    let text = serde_json::to_string_pretty(&Value::Array(reviews))? + "\n";
    emit(at, out, &text)?;
    for id in &skipped {
        eprintln!(
            "skipped fact `{}`: no verdict yet (add `verdict` in {})",
            render::safe(id),
            facts::FACTS_FILE
        );
    }
    Ok(Exit::Ok)
}

/// One schema.org ClaimReview for a fact with a verdict.
pub(crate) fn claim_review(f: &Fact, claims: &[&Claim], meta: &HashMap<&str, Metadata>) -> Value {
    let mut rating = json!({
        "@type": "Rating",
        "alternateName": f.verdict.as_deref().unwrap_or_default(),
    });
    for (key, v) in [
        ("ratingValue", f.rating_value),
        ("bestRating", f.best_rating),
        ("worstRating", f.worst_rating),
    ] {
        if let Some(v) = v {
            // 5, not 5.0, for a whole number.
            rating[key] = if v.fract() == 0.0 && v.abs() < 1e15 {
                json!(v as i64)
            } else {
                json!(v)
            };
        }
    }
    let mut appearance = Vec::new();
    let mut authors = Vec::new();
    for c in claims {
        let m = meta.get(c.doc.as_str());
        let field = |k: &str| m.and_then(|m| m.fields.get(k)).cloned();
        {
            // Where the claim appears: the document, by its url when it has one.
            let mut work = json!({"@type": "CreativeWork"});
            if let Some(url) = field("url") {
                work["url"] = json!(url);
            }
            if let Some(t) = field("title") {
                work["headline"] = json!(t);
            }
            if let Some(p) = field("published") {
                work["datePublished"] = json!(p);
            }
            if let Some(o) = field("outlet") {
                work["publisher"] = json!({"@type": "Organization", "name": o});
            }
            if !appearance.contains(&work) {
                appearance.push(work);
            }
        }
        // Who makes the claim: its attributed source, else the document's
        // author or outlet, which make it in their own voice.
        let who = match (&c.attributed_to, field("author"), field("outlet")) {
            (Some(by), _, _) => Some(json!({"@type": "Person", "name": by})),
            (None, Some(a), _) => Some(json!({"@type": "Person", "name": a})),
            (None, None, Some(o)) => Some(json!({"@type": "Organization", "name": o})),
            _ => None,
        };
        if let Some(who) = who
            && !authors.contains(&who)
        {
            authors.push(who);
        }
    }
    let mut item = json!({"@type": "Claim", "appearance": appearance});
    match authors.len() {
        0 => {}
        1 => item["author"] = authors.remove(0),
        _ => item["author"] = Value::Array(authors),
    }
    if let Some(first) = claims
        .iter()
        .filter_map(|c| {
            meta.get(c.doc.as_str())
                .and_then(|m| m.fields.get("published"))
        })
        .min()
    {
        item["datePublished"] = json!(first);
    }
    let mut review = json!({
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "claimReviewed": f.statement,
        "reviewRating": rating,
        "itemReviewed": item,
    });
    if let Some(by) = &f.reviewed_by {
        review["author"] = json!({"@type": "Organization", "name": by});
    }
    if let Some(d) = &f.review_date {
        review["datePublished"] = json!(d);
    }
    if let Some(u) = &f.review_url {
        review["url"] = json!(u);
    }
    review
}

fn sqlite(at: &Location, loaded: &Loaded, args: &ExportSqliteArgs) -> Result<Exit> {
    let path = at.base.join(&args.file);
    let facts = &loaded.plan.facts;
    let verdicts = verdicts(loaded);
    let meta = metadata_of(loaded);
    // Built beside the target and renamed over it: never a half-written database.
    project::replace_with(&path, |tmp| {
        write_sqlite(tmp, loaded, &facts.facts, &verdicts, &meta)
    })
    .with_context(|| format!("cannot write {}", args.file.display()))?;
    let n = claims(loaded).count();
    eprintln!(
        "wrote {} ({n} claims, {} documents, {} facts)",
        args.file.display(),
        loaded.corpus.docs.len(),
        facts.facts.len()
    );
    Ok(Exit::Ok)
}

const SCHEMA: &str = "
PRAGMA foreign_keys = ON;
CREATE TABLE documents (
    id TEXT PRIMARY KEY, path TEXT NOT NULL, title TEXT, outlet TEXT, author TEXT,
    url TEXT, published TEXT, retrieved TEXT, sha256 TEXT
);
CREATE TABLE facts (
    id TEXT PRIMARY KEY, statement TEXT, verdict TEXT, rating_value REAL,
    best_rating REAL, worst_rating REAL, reviewed_by TEXT, review_url TEXT, review_date TEXT
);
CREATE TABLE claims (
    id TEXT PRIMARY KEY, file TEXT NOT NULL, line INTEGER NOT NULL, statement TEXT NOT NULL,
    level TEXT NOT NULL, attributed_to TEXT, doc TEXT REFERENCES documents(id),
    fact TEXT REFERENCES facts(id), status TEXT NOT NULL, superseded_by TEXT, tags TEXT,
    notes TEXT, logged_by TEXT, logged_at TEXT
);
CREATE TABLE anchors (
    id INTEGER PRIMARY KEY, claim TEXT NOT NULL REFERENCES claims(id), kind TEXT NOT NULL,
    position INTEGER NOT NULL, doc TEXT REFERENCES documents(id), quote TEXT NOT NULL,
    recorded_start INTEGER, prefix TEXT, suffix TEXT, verdict TEXT NOT NULL,
    start INTEGER, \"end\" INTEGER, line INTEGER, \"column\" INTEGER
);
CREATE TABLE evidence (
    anchor INTEGER PRIMARY KEY REFERENCES anchors(id), claim TEXT NOT NULL REFERENCES claims(id),
    note TEXT
);
CREATE TABLE history (
    claim TEXT NOT NULL REFERENCES claims(id), position INTEGER NOT NULL, at TEXT NOT NULL,
    by TEXT, action TEXT NOT NULL, field TEXT, \"from\" TEXT, \"to\" TEXT, note TEXT
);
CREATE INDEX claims_doc ON claims(doc);
CREATE INDEX claims_fact ON claims(fact);
CREATE INDEX claims_level ON claims(level);
CREATE INDEX anchors_claim ON anchors(claim);
CREATE INDEX anchors_doc ON anchors(doc);
CREATE INDEX anchors_verdict ON anchors(verdict);
CREATE INDEX evidence_claim ON evidence(claim);
CREATE INDEX history_claim ON history(claim);
";

fn write_sqlite(
    path: &Path,
    loaded: &Loaded,
    facts: &[Fact],
    verdicts: &Verdicts,
    meta: &HashMap<&str, Metadata>,
) -> Result<()> {
    use rusqlite::params;
    let mut db = rusqlite::Connection::open(path)?;
    db.execute_batch(SCHEMA)?;
    let tx = db.transaction()?;
    {
        let mut doc =
            tx.prepare("INSERT INTO documents VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)")?;
        for (id, e) in &loaded.corpus.docs {
            let m = meta.get(id.as_str());
            let f = |k: &str| m.and_then(|m| m.fields.get(k)).cloned();
            doc.execute(params![
                id,
                e.display,
                f("title"),
                f("outlet"),
                f("author"),
                f("url"),
                f("published"),
                f("retrieved"),
                f("sha256")
            ])?;
        }
        let mut fact =
            tx.prepare("INSERT INTO facts VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)")?;
        let mut known: std::collections::HashSet<&str> = std::collections::HashSet::new();
        for f in facts {
            known.insert(&f.id);
            fact.execute(params![
                f.id,
                f.statement,
                f.verdict,
                f.rating_value,
                f.best_rating,
                f.worst_rating,
                f.reviewed_by,
                f.review_url,
                f.review_date
            ])?;
        }
        // A fact named only on claims still gets its row, so the key holds.
        for c in claims(loaded) {
            if let Some(id) = c.fact.as_deref()
                && known.insert(id)
            {
                fact.execute(params![
                    id,
                    None::<String>,
                    None::<String>,
                    None::<f64>,
                    None::<f64>,
                    None::<f64>,
                    None::<String>,
                    None::<String>,
                    None::<String>
                ])?;
            }
        }
        let mut claim = tx.prepare(
            "INSERT INTO claims VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
        )?;
        let mut anchor = tx.prepare(
            "INSERT INTO anchors (claim, kind, position, doc, quote, recorded_start, prefix, suffix, verdict, start, \"end\", line, \"column\")
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
        )?;
        let mut evidence = tx.prepare("INSERT INTO evidence VALUES (?1, ?2, ?3)")?;
        let mut history =
            tx.prepare("INSERT INTO history VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)")?;
        for file in &loaded.files {
            for c in &file.claims {
                let doc = loaded.corpus.docs.contains_key(&c.doc).then_some(&c.doc);
                claim.execute(params![
                    c.id,
                    file.path,
                    c.line as i64,
                    c.statement,
                    c.level.as_str(),
                    c.attributed_to,
                    doc,
                    c.fact,
                    c.status.as_str(),
                    c.superseded_by,
                    serde_json::to_string(&c.tags)?,
                    c.notes,
                    c.logged_by,
                    c.logged_at
                ])?;
                for (i, a) in c.anchors.iter().enumerate() {
                    let (status, found) = verdicts
                        .get(&(c.id.clone(), a.kind))
                        .cloned()
                        .unwrap_or((Status::Missing, None));
                    let doc = loaded.corpus.docs.contains_key(&a.doc).then_some(&a.doc);
                    let (kind, position) = match a.kind {
                        AnchorKind::Quote => ("quote", 0),
                        AnchorKind::Evidence(n) => ("evidence", n as i64 + 1),
                    };
                    anchor.execute(params![
                        c.id,
                        kind,
                        position,
                        doc,
                        a.quote,
                        a.start.map(|s| s as i64),
                        a.prefix,
                        a.suffix,
                        status.as_str(),
                        found.as_ref().map(|f| f.start as i64),
                        found.as_ref().map(|f| f.end as i64),
                        found.as_ref().map(|f| f.line as i64),
                        found.as_ref().map(|f| f.column as i64)
                    ])?;
                    if i > 0 {
                        evidence.execute(params![tx.last_insert_rowid(), c.id, a.note])?;
                    }
                }
                for (i, h) in c.history.iter().enumerate() {
                    history.execute(params![
                        c.id,
                        i as i64 + 1,
                        h.at,
                        h.by,
                        h.action,
                        h.field,
                        h.from,
                        h.to,
                        h.note
                    ])?;
                }
            }
        }
    }
    tx.commit()?;
    db.execute_batch("PRAGMA foreign_key_check;")?;
    Ok(())
}
