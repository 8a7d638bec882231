//! `claimtrack list`: one line per claim (id, level, verdict, statement),
//! filtered by level, document, fact, tag, status or words, as text or JSON.

use std::collections::{BTreeSet, HashMap};

use anyhow::{Result, bail};

use crate::check::Options;
use crate::check::finding::Status;
use crate::check::report::Exit;
use crate::claim::{Claim, ClaimStatus};
use crate::cli::{ListArgs, ListFormat};
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
    let loaded = Loaded::open(at, Records::Full, Scope::All)?;
    let claims: Vec<(&str, &Claim)> = loaded
        .files
        .iter()
        .flat_map(|f| f.claims.iter().map(move |c| (f.path.as_str(), c)))
        .collect();
    if let Some(doc) = &args.doc
        && !loaded.corpus.docs.contains_key(doc)
    {
        bail!("--doc {doc}: no such document in corpus/");
    }
    let known = |f: &dyn Fn(&Claim) -> Vec<&str>| -> BTreeSet<String> {
        claims
            .iter()
            .flat_map(|(_, c)| f(c))
            .map(str::to_string)
            .collect()
    };
    if let Some(fact) = &args.fact
        && !known(&|c| c.fact.as_deref().into_iter().collect()).contains(fact)
    {
        bail!("--fact {fact}: no claim is about this fact");
    }
    let tags = known(&|c| c.tags.iter().map(String::as_str).collect());
    if let Some(t) = args.tag.iter().find(|t| !tags.contains(*t)) {
        bail!("--tag {t}: no claim has this tag");
    }
    for f in &loaded.files {
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
    let report = loaded.check(&Options::default());
    // Each claim's verdict: the worst of its quotes'.
    let mut verdict: HashMap<String, Status> = HashMap::new();
    for f in report.findings() {
        if let (Some(c), Some(_)) = (&f.claim, f.anchor) {
            let e = verdict.entry(c.clone()).or_insert(Status::Intact);
            if (f.status.severity(), f.status) > (e.severity(), *e) {
                *e = f.status;
            }
        }
    }
    let grep = args.grep.as_deref().map(searchable);
    let shown: Vec<(&str, &Claim, Status)> = claims
        .iter()
        .filter(|(_, c)| wanted(c, args, grep.as_deref()))
        .map(|(p, c)| {
            (
                *p,
                *c,
                verdict.get(&c.id).copied().unwrap_or(Status::Intact),
            )
        })
        .collect();
    let text = match args.format {
        ListFormat::Json => json(&shown),
        ListFormat::Text => lines(&shown, paint),
    };
    render::to_stdout(|out| out.write_all(text.as_bytes()))?;
    let broken = shown.iter().any(|(_, c, s)| {
        c.status == ClaimStatus::Active && s.severity() == crate::check::finding::Severity::Error
    });
    let unread = loaded.files.iter().any(|f| !f.problems.is_empty());
    Ok(if broken || unread {
        Exit::Findings
    } else {
        Exit::Ok
    })
}

/// `id  level  verdict  statement`, aligned; the statement cut with `…` to
/// fit the width, the id never.
fn lines(shown: &[(&str, &Claim, Status)], paint: Paint) -> String {
    let width = render::width();
    let id_w = shown.iter().map(|(_, c, _)| cols(&c.id)).max().unwrap_or(0);
    let level_w = shown
        .iter()
        .map(|(_, c, _)| cols(c.level.as_str()))
        .max()
        .unwrap_or(0);
    let verdict_word = |c: &Claim, s: Status| match c.status {
        ClaimStatus::Active => s.as_str().to_string(),
        other => format!("{} ({})", s.as_str(), other.as_str()),
    };
    let verdict_w = shown
        .iter()
        .map(|(_, c, s)| cols(&verdict_word(c, *s)))
        .max()
        .unwrap_or(0);
    let mut out = String::new();
    for (_, c, s) in shown {
        let v = verdict_word(c, *s);
        let room = width.saturating_sub(id_w + level_w + verdict_w + 6);
        let statement = render::safe(&c.statement).replace(['\n', '\t'], " ");
        let statement = if cols(&statement) > room && room > 1 {
            let mut cut = String::new();
            for ch in statement.chars() {
                if cols(&cut) + 2 > room {
                    break;
                }
                cut.push(ch);
            }
            format!("{}…", cut.trim_end())
        } else {
            statement
        };
        let v_painted = match s.severity() {
            _ if c.status != ClaimStatus::Active => paint.blue(&v),
            crate::check::finding::Severity::Error => paint.red(&v),
            crate::check::finding::Severity::Warning => paint.yellow(&v),
            _ => paint.green(&v),
        };
        out.push_str(&format!(
            "{}{}  {:<level_w$}  {}{}  {}\n",
            render::safe(&c.id),
            " ".repeat(id_w - cols(&c.id)),
            c.level.as_str(),
            v_painted,
            " ".repeat(verdict_w - cols(&v)),
            statement
        ));
    }
    out
}

fn json(shown: &[(&str, &Claim, Status)]) -> String {
    let rows: Vec<serde_json::Value> = shown
        .iter()
        .map(|(file, c, s)| {
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
        })
        .collect();
    let mut out = serde_json::to_string_pretty(&rows).unwrap_or_default();
    out.push('\n');
    out
}
