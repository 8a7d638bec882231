//! `claimtrack list`: one line per claim (id, level, verdict, statement),
//! filtered by level, document, fact, tag, status or words, as text or JSON.

use anyhow::{Result, bail};

use crate::check::finding::Status;
use crate::check::report::Exit;
use crate::claim::{Claim, ClaimFile, ClaimStatus};
use crate::cli::{ListArgs, ListFormat};
use crate::export::{Snapshot, Verdicts};
use crate::project::{Loaded, Location, Records, Scope};
use crate::render::{self, Paint, cols};

/// Text as `--grep` compares it: the normalizer's typography folded (curly
/// quotes, dashes, spaces), then lower case, accents and other combining
/// marks dropped, so `DEPUTES` finds `députés` and `Ре` finds `ре`.
pub(crate) fn searchable(s: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    use unicode_normalization::char::is_combining_mark;
    crate::anchor::normalize::normalize_str(s)
        .to_lowercase()
        .nfd()
        .filter(|&c| !is_combining_mark(c))
        .collect()
}

/// Whether the claim passes every filter given.
fn wanted(c: &Claim, args: &ListArgs, grep: Option<&str>) -> bool {
    (args.level.is_empty() || args.level.contains(&c.level))
        && args.doc.as_ref().is_none_or(|d| &c.doc == d)
        && args
            .fact
            .as_ref()
            .is_none_or(|f| c.fact.as_ref() == Some(f))
        && (args.tag.is_empty() || c.tags.iter().any(|t| args.tag.contains(t)))
        && (args.status.is_empty() || args.status.contains(&c.status))
        && grep.is_none_or(|g| {
            let hit = |s: &str| searchable(s).contains(g);
            hit(&c.statement)
                || c.attributed_to.as_deref().is_some_and(hit)
                || c.anchors
                    .iter()
                    .any(|a| hit(&a.quote) || a.note.as_deref().is_some_and(hit))
                || c.notes.as_deref().is_some_and(hit)
        })
}

pub(super) fn run(at: &Location, args: &ListArgs, paint: Paint) -> Result<Exit> {
    // Packed: the claims are read whole again a batch of files at a time, so
    // a listing of an archive holds one batch, not the log.
    let loaded = Loaded::open(at, Records::Packed, Scope::All)?;
    if let Some(doc) = &args.doc
        && !loaded.corpus.docs.contains_key(doc)
    {
        bail!("--doc {doc}: no such document in corpus/");
    }
    if let Some(fact) = &args.fact
        && !loaded
            .plan
            .files
            .iter()
            .any(|f| f.claims().any(|c| c.fact == Some(fact.as_str())))
    {
        bail!("--fact {fact}: no claim is about this fact");
    }
    // Tags are not packed: the files that hold the word are parsed.
    for t in &args.tag {
        let files = loaded.project.claims_files_holding(&[t.as_str()])?;
        if !files
            .iter()
            .flat_map(|f| &f.claims)
            .any(|c| c.tags.contains(t))
        {
            bail!("--tag {t}: no claim has this tag");
        }
    }
    for f in &loaded.plan.files {
        for p in &f.problems {
            eprintln!(
                "error: {}",
                render::safe(&format!(
                    "{}:{}:{}: {}",
                    f.path, p.line, p.column, p.message
                ))
            );
        }
    }
    let snap = Snapshot::of(&loaded);
    let grep = args.grep.as_deref().map(searchable);
    let mut broken = false;
    let each = |file: ClaimFile, verdicts: Verdicts| {
        Ok(file
            .claims
            .iter()
            .filter(|c| wanted(c, args, grep.as_deref()))
            .map(|c| {
                let s = verdicts.worst(c);
                let broken = c.status == ClaimStatus::Active
                    && s.severity() == crate::check::finding::Severity::Error;
                let out = match args.format {
                    ListFormat::Json => Shown::Json(json_row(&file.path, c, s)),
                    ListFormat::Text => Shown::Line(Line::of(c, s)),
                };
                (out, broken)
            })
            .collect::<Vec<_>>())
    };
    match args.format {
        ListFormat::Json => super::to_stdout_streamed(|out| {
            let mut first = true;
            snap.each_file(each, |rows| {
                for (row, b) in rows {
                    broken |= b;
                    if let Shown::Json(row) = row {
                        out.write_all(if first { b"[\n  " } else { b",\n  " })?;
                        out.write_all(row.as_bytes())?;
                        first = false;
                    }
                }
                Ok(())
            })?;
            out.write_all(if first { b"[]\n" } else { b"\n]\n" })?;
            Ok(())
        })?,
        ListFormat::Text => {
            let mut shown = Vec::new();
            snap.each_file(each, |rows| {
                for (row, b) in rows {
                    broken |= b;
                    if let Shown::Line(line) = row {
                        shown.push(line);
                    }
                }
                Ok(())
            })?;
            let text = lines(&shown, paint);
            render::to_stdout(|out| out.write_all(text.as_bytes()))?;
        }
    }
    let unread = loaded.plan.files.iter().any(|f| !f.problems.is_empty());
    Ok(if broken || unread {
        Exit::Findings
    } else {
        Exit::Ok
    })
}

/// One claim listed: a JSON object, or the parts of a line.
enum Shown {
    Json(String),
    Line(Line),
}

/// What a line of the text listing shows of a claim; the statement kept no
/// longer than a terminal line (it is cut to fit once the columns are known).
struct Line {
    id: String,
    level: &'static str,
    verdict: Status,
    status: ClaimStatus,
    statement: String,
}

impl Line {
    fn of(c: &Claim, verdict: Status) -> Line {
        let statement = render::safe(&c.statement).replace(['\n', '\t'], " ");
        let width = render::width();
        let statement = if cols(&statement) > width {
            let mut cut = String::new();
            for ch in statement.chars() {
                if cols(&cut) > width {
                    break;
                }
                cut.push(ch);
            }
            cut
        } else {
            statement
        };
        Line {
            id: c.id.clone(),
            level: c.level.as_str(),
            verdict,
            status: c.status,
            statement,
        }
    }
}

/// `id  level  verdict  statement`, aligned; the statement cut with `…` to
/// fit the width, the id never.
fn lines(shown: &[Line], paint: Paint) -> String {
    let width = render::width();
    let id_w = shown.iter().map(|l| cols(&l.id)).max().unwrap_or(0);
    let level_w = shown.iter().map(|l| cols(l.level)).max().unwrap_or(0);
    let verdict_word = |l: &Line| match l.status {
        ClaimStatus::Active => l.verdict.as_str().to_string(),
        other => format!("{} ({})", l.verdict.as_str(), other.as_str()),
    };
    let verdict_w = shown
        .iter()
        .map(|l| cols(&verdict_word(l)))
        .max()
        .unwrap_or(0);
    let mut out = String::new();
    for l in shown {
        let v = verdict_word(l);
        let room = width.saturating_sub(id_w + level_w + verdict_w + 6);
        let statement = if cols(&l.statement) > room && room > 1 {
            let mut cut = String::new();
            for ch in l.statement.chars() {
                if cols(&cut) + 2 > room {
                    break;
                }
                cut.push(ch);
            }
            format!("{}…", cut.trim_end())
        } else {
            l.statement.clone()
        };
        let v_painted = match l.verdict.severity() {
            _ if l.status != ClaimStatus::Active => paint.blue(&v),
            crate::check::finding::Severity::Error => paint.red(&v),
            crate::check::finding::Severity::Warning => paint.yellow(&v),
            _ => paint.green(&v),
        };
        out.push_str(&format!(
            "{}{}  {:<level_w$}  {}{}  {}\n",
            render::safe(&l.id),
            " ".repeat(id_w - cols(&l.id)),
            l.level,
            v_painted,
            " ".repeat(verdict_w - cols(&v)),
            statement
        ));
    }
    out
}

/// One claim as an item of the JSON listing, pretty-printed as the array
/// nests it (two spaces in).
fn json_row(file: &str, c: &Claim, s: Status) -> String {
    let row = {
        {
            let extra: serde_json::Map<String, serde_json::Value> = c
                .extra
                .iter()
                .map(|(k, v)| (k.clone(), serde_json::Value::from(v.as_str())))
                .collect();
            let anchor = |a: &crate::claim::Anchor| {
                serde_json::json!({
                    "doc": a.doc,
                    "quote": a.quote,
                    "start": a.start,
                    "prefix": a.prefix,
                    "suffix": a.suffix,
                    "note": a.note,
                    "line": a.line,
                })
            };
            let quote = c.anchors.first();
            let evidence: Vec<serde_json::Value> = c.anchors.iter().skip(1).map(anchor).collect();
            let attribution = c.attribution.as_ref().map(|a| {
                serde_json::json!({
                    "level": a.level.as_str(),
                    "cues": a.cues.iter().map(|cue| serde_json::json!({
                        "words": cue.words,
                        "source": cue.source,
                        "rule": cue.rule,
                        "scope": cue.scope,
                    })).collect::<Vec<_>>(),
                })
            });
            serde_json::json!({
                "id": c.id,
                "level": c.level.as_str(),
                "verdict": s.as_str(),
                "status": c.status.as_str(),
                "statement": c.statement,
                "attributed-to": c.attributed_to,
                "doc": c.doc,
                "quote": quote.map(|a| a.quote.as_str()),
                "start": quote.and_then(|a| a.start),
                "prefix": quote.and_then(|a| a.prefix.as_deref()),
                "suffix": quote.and_then(|a| a.suffix.as_deref()),
                "fact": c.fact,
                "tags": c.tags,
                "notes": c.notes,
                "evidence": evidence,
                "attribution": attribution,
                "stands-for": c.stands_for,
                "file": file,
                "line": c.line,
                "superseded-by": c.superseded_by,
                "reason": c.reason,
                "logged-by": c.logged_by,
                "logged-at": c.logged_at,
                "history": c.history,
                "extra": extra,
            })
        }
    };
    serde_json::to_string_pretty(&row)
        .unwrap_or_default()
        .replace('\n', "\n  ")
}
