//! `accept`, `set`, `retract` and `supersede`: under the claims lock, load,
//! find the claim, edit its file through `review` with a history entry, and
//! write it atomically (or print the change, with `--dry-run`).

use std::collections::BTreeMap;

use std::path::{Path, PathBuf};

use anyhow::{Result, anyhow};
use toml_edit::DocumentMut;

use super::provenance;
use crate::anchor::Selector;
use crate::check::Options;
use crate::check::finding::{Finding, Status};
use crate::check::report::Exit;
use crate::check::status::About;
use crate::claim::{Claim, ClaimFile, ClaimStatus};
use crate::cli::{
    AcceptArgs, EvidenceAddArgs, EvidenceRemoveArgs, RetractArgs, Review, SetArgs, SupersedeArgs,
};
use crate::edit::{self, Kind, Rewrite};
use crate::failure::{Failure, Outcome, Said};
use crate::fix::in_style_of;
use crate::project::{ClaimsLock, Loaded, Location, Records, Scope};
use crate::render::{self, Paint};
use crate::review::{self, Change, Stamp, claim_mut, record, text};

fn stamp(r: &Review, action: &'static str) -> Stamp {
    Stamp {
        at: provenance::now(),
        by: provenance::who(r.user.as_deref()),
        action,
        note: r.note.clone(),
    }
}

/// The lock, unless nothing will be written.
fn lock(at: &Location, dry_run: bool) -> Result<Option<ClaimsLock>> {
    if dry_run {
        return Ok(None);
    }
    Ok(Some(ClaimsLock::acquire(&at.root.join("claims"))?))
}

/// The path of a claims file as loaded.
fn path_of(loaded: &Loaded, file: &ClaimFile) -> PathBuf {
    if file.disk.as_os_str().is_empty() {
        loaded.project.root.join(&file.path)
    } else {
        file.disk.clone()
    }
}

/// The claims file's new text after `edit` of its TOML document, proven to
/// keep every claim and to parse as cleanly as before.
fn rewrite<'a>(
    path: &'a Path,
    file: &ClaimFile,
    edit: impl FnOnce(&mut DocumentMut) -> Result<(), Failure>,
) -> Result<Rewrite<'a>, Failure> {
    edit::rewrite(path, &file.path, Kind::Change, |src| {
        let mut doc: DocumentMut = src
            .parse()
            .map_err(|e| anyhow!("{} is no longer valid TOML: {e}", file.path))?;
        edit(&mut doc)?;
        Ok(in_style_of(src, &doc.to_string()))
    })
}

/// What changed (or would), one field a line, added to `out`.
fn say(out: &mut String, verb: &str, id: &str, file: &str, changes: &[Change], dry_run: bool) {
    let head = if dry_run {
        format!("dry run: {verb} `{id}` in {file}")
    } else {
        format!("{verb} `{id}` in {file}")
    };
    out.push_str(&format!("{}\n", render::safe(&head)));
    for c in changes {
        out.push_str(&format!("  {}\n", render::safe(&c.describe())));
    }
}

/// Prints `text` once everything is written; a closed pipe loses nothing.
fn print(text: &str) -> Result<()> {
    render::to_stdout(|o| o.write_all(text.as_bytes()))?;
    Ok(())
}

/// The claim, refusing an id that two claims share (which one is meant?).
fn one_claim<'a>(loaded: &'a Loaded, id: &str) -> Result<(&'a ClaimFile, &'a Claim), Failure> {
    let found = super::find_claim(&loaded.files, id)?;
    let uses: Vec<String> = loaded
        .files
        .iter()
        .flat_map(|f| {
            f.claims
                .iter()
                .filter(|c| c.id == id)
                .map(move |c| format!("{}:{}", f.path, c.line))
        })
        .collect();
    if uses.len() > 1 {
        return Err(Failure::refused(format!(
            "two claims have the id `{id}` ({}); give each its own id first",
            uses.join(", ")
        )));
    }
    Ok(found)
}

/// One claim's edit: find, change, record, write. Only the claims files
/// that hold `id` or an id of `also` are parsed, and only its documents and
/// `docs` are looked up (`Loaded::for_claims`).
fn edit_one(
    at: &Location,
    id: &str,
    (also, docs): (&[&str], &[&str]),
    review_args: &Review,
    action: &'static str,
    verb: &str,
    change: impl FnOnce(&Loaded, &Claim, &mut toml_edit::Table) -> Result<Vec<Change>, Failure>,
) -> Outcome {
    let _lock = lock(at, review_args.dry_run)?;
    let ids: Vec<&str> = std::iter::once(id).chain(also.iter().copied()).collect();
    let loaded = Loaded::for_claims(at, &ids, docs)?;
    let (file, claim) = one_claim(&loaded, id)?;
    let stamp = stamp(review_args, action);
    let mut changes = Vec::new();
    let path = path_of(&loaded, file);
    let rewritten = rewrite(&path, file, |doc| {
        let t = claim_mut(doc, id)?;
        changes = change(&loaded, claim, t)?;
        if changes.is_empty() {
            return Err(Failure::refused(format!("`{id}` already has these values")));
        }
        record(t, &stamp, &changes);
        Ok(())
    })?;
    let mut text = String::new();
    say(
        &mut text,
        verb,
        id,
        &file.path,
        &changes,
        review_args.dry_run,
    );
    if review_args.dry_run {
        text.push_str("nothing was written\n");
    } else if rewritten.after != rewritten.before {
        rewritten.write(&loaded.project.root)?;
    }
    print(&text)?;
    Ok(Exit::Ok)
}

pub(super) fn set(at: &Location, args: &SetArgs) -> Outcome {
    if args.level.is_none()
        && args.attributed_to.is_none()
        && args.statement.is_none()
        && args.fact.is_none()
    {
        return Err(anyhow!(
            "nothing to set: give --level, --attributed-to, --statement or --fact"
        )
        .into());
    }
    if args
        .statement
        .as_deref()
        .is_some_and(|s| s.trim().is_empty())
    {
        return Err(anyhow!("--statement cannot be empty: say the claim in your own words").into());
    }
    if let Some(f) = args.fact.as_deref()
        && !f.is_empty()
        && !crate::claim::valid_id(f)
    {
        return Err(
            anyhow!("--fact {f:?}: use lowercase letters, digits and `-`, as for ids").into(),
        );
    }
    let optional = |s: &Option<String>| match s.as_deref() {
        Some("") => Some(None),
        Some(v) => Some(text(v)),
        None => None,
    };
    edit_one(
        at,
        &args.id,
        (&[], &[]),
        &args.review,
        "set",
        "set",
        |loaded, _, t| {
            let mut changes = Vec::new();
            if let Some(l) = args.level {
                changes.extend(review::set(t, "level", "level", text(l.as_str())));
            }
            if let Some(v) = optional(&args.attributed_to) {
                changes.extend(review::set(t, "attributed-to", "attributed-to", v));
            }
            if let Some(s) = &args.statement {
                changes.extend(review::set(t, "statement", "statement", text(s)));
            }
            if let Some(v) = optional(&args.fact) {
                changes.extend(review::set(t, "fact", "fact", v));
            }
            // A new source or level: the attribution is read again where it stands.
            if args.attributed_to.is_some() || args.level.is_some() {
                changes.extend(rerecord(loaded, &args.id, t, false)?);
            }
            Ok(changes)
        },
    )
}

pub(super) fn retract(at: &Location, args: &RetractArgs) -> Outcome {
    if args.reason.trim().is_empty() {
        return Err(anyhow!("--reason cannot be empty: say why the claim is retracted").into());
    }
    edit_one(
        at,
        &args.id,
        (&[], &[]),
        &args.review,
        "retract",
        "retracted",
        |_, claim, t| {
            if claim.status == ClaimStatus::Retracted {
                return Err(Failure::refused(format!(
                    "`{}` is already retracted",
                    claim.id
                )));
            }
            let mut changes = Vec::new();
            changes.extend(review::set(t, "status", "status", text("retracted")));
            changes.extend(review::set(t, "superseded-by", "superseded-by", None));
            changes.extend(review::set(t, "reason", "reason", text(&args.reason)));
            Ok(changes)
        },
    )
}

pub(super) fn supersede(at: &Location, args: &SupersedeArgs) -> Outcome {
    if args.old == args.new {
        return Err(anyhow!("a claim cannot supersede itself").into());
    }
    edit_one(
        at,
        &args.old,
        (&[args.new.as_str()], &[]),
        &args.review,
        "supersede",
        "superseded",
        |loaded, claim, t| {
            let (_, new) = super::find_claim(&loaded.files, &args.new)?;
            if new.status != ClaimStatus::Active {
                return Err(Failure::refused(format!(
                    "`{}` is {} itself: supersede with a claim that stands",
                    new.id,
                    new.status.as_str()
                )));
            }
            if claim.superseded_by.as_deref() == Some(args.new.as_str()) {
                return Err(Failure::refused(format!(
                    "`{}` is already superseded by `{}`",
                    claim.id, args.new
                )));
            }
            let mut changes = Vec::new();
            changes.extend(review::set(t, "status", "status", text("superseded")));
            changes.extend(review::set(
                t,
                "superseded-by",
                "superseded-by",
                text(&args.new),
            ));
            if let Some(r) = &args.reason {
                changes.extend(review::set(t, "reason", "reason", text(r)));
            }
            Ok(changes)
        },
    )
}

/// What a person may accept for one anchor, or why not.
fn acceptable(f: &Finding, take_document_text: bool) -> Result<bool, String> {
    let which = match f.anchor {
        Some(a) => a.to_string(),
        None => "the claim".into(),
    };
    match f.status {
        Status::Intact => Ok(false),
        Status::Moved | Status::Normalized | Status::ContextChanged => Ok(true),
        // A person read the source again: the attribution is recorded anew.
        Status::AttributionChanged
        | Status::LevelMismatch
        | Status::LevelChanged
        | Status::ElisionChanged
        | Status::BracketChanged => Ok(true),
        Status::Altered if take_document_text => Ok(true),
        Status::Altered => Err(format!(
            "its {which} is altered: the document now says something else; read it, then run again with --take-document-text to quote the document's words{}",
            render::finding_diff(f, Paint { on: false })
                .map(|d| format!(" (diff, quote -> document: {d})"))
                .unwrap_or_default()
        )),
        Status::Missing => {
            let id = f.claim.as_deref().unwrap_or("ID");
            Err(match f.anchor {
                Some(crate::claim::AnchorKind::Evidence(n)) => format!(
                    "its {which} is missing from the document: `claimtrack evidence remove {id} {n}` takes it off the claim (its words kept in the history), and `claimtrack evidence add {id} --quote TEXT` quotes what the document says now"
                ),
                _ => format!(
                    "its {which} is missing from the document: nothing to accept; log the words the document has now with `claimtrack add`, then `claimtrack supersede {id} NEW-ID`, or `claimtrack retract {id}`"
                ),
            })
        }
        Status::Ambiguous => Err(format!(
            "its {which} is ambiguous: set `start`, `prefix` or `suffix` as `check` suggests"
        )),
        Status::DocMissing
        | Status::DocUnreadable
        | Status::DocConflict
        | Status::DocOutsideProject
        | Status::InvalidClaim
        | Status::InvalidMetadata => Err(format!(
            "its {which} cannot be checked ({}): {}",
            f.status.as_str(),
            render::message(f)
        )),
    }
}

/// A claim's attribution in one line, for the history: the level the cues
/// imply and their words.
fn attribution_summary(t: &toml_edit::Table) -> Option<String> {
    let at = t.get("attribution")?.as_table()?;
    let level = at.get("level")?.as_str()?;
    let cues: Vec<String> = at
        .get("cue")
        .and_then(toml_edit::Item::as_array_of_tables)
        .map(|a| {
            a.iter()
                .filter_map(|c| c.get("words")?.as_str().map(|w| format!("{w:?}")))
                .collect()
        })
        .unwrap_or_default();
    let marks = t
        .get("stands-for")
        .and_then(toml_edit::Item::as_array)
        .map(|a| {
            let words: Vec<String> = a
                .iter()
                .filter_map(|v| v.as_str().map(|s| format!("{s:?}")))
                .collect();
            format!("; stands for {}", words.join(", "))
        })
        .unwrap_or_default();
    Some(if cues.is_empty() {
        format!("{level} (no cue){marks}")
    } else {
        format!("{level}: {}{marks}", cues.join(", "))
    })
}

/// Records the attribution of claim `id` (its table `t`, already pinned) as
/// the document gives it now; refused when its quote does not stand.
/// With `strict` false, a quote that does not stand leaves the recorded
/// attribution as it is.
fn rerecord(
    loaded: &Loaded,
    id: &str,
    t: &mut toml_edit::Table,
    strict: bool,
) -> Result<Vec<Change>, Failure> {
    let get = |k: &str| {
        t.get(k)
            .and_then(toml_edit::Item::as_str)
            .map(str::to_string)
    };
    let (Some(doc_id), Some(quote)) = (get("doc"), get("quote")) else {
        return Err(anyhow!("claim `{id}` has no `doc` or `quote`").into());
    };
    let start = t
        .get("start")
        .and_then(toml_edit::Item::as_integer)
        .and_then(|n| usize::try_from(n).ok());
    let (prefix, suffix) = (get("prefix"), get("suffix"));
    let text = super::document(loaded, &doc_id)?;
    let sel = Selector {
        quote: &quote,
        start,
        prefix: prefix.as_deref(),
        suffix: suffix.as_deref(),
    };
    let Some(read) = crate::attribution::read(&text, &sel) else {
        if !strict {
            return Ok(Vec::new());
        }
        return Err(Failure::refused(format!(
            "`{id}`: its quote does not stand in {doc_id}, so its attribution cannot be read; quote the words the document has now first"
        )));
    };
    // Recording the reading does not make a contradiction go away: say so.
    let explicit = read.assessment.cue.as_ref().is_some_and(|c| {
        c.cue.rule.kind == crate::cues::Kind::Unverified
            && c.cue.rule.level == crate::claim::Level::CouldNotConfirm
    });
    if explicit && get("level").as_deref() == Some("confirmed") {
        eprintln!(
            "note: `{id}` stays confirmed, but {doc_id} says explicitly that it could not be verified ({}); `claimtrack set {id} --level could-not-confirm` if the cue covers it",
            read.assessment.explain(text.as_str())
        );
    }
    let (recorded, stands_for) = (read.record, read.stands_for);
    let before = attribution_summary(t);
    crate::record::put_attribution(t, Some(&recorded), stands_for.as_deref());
    let after = attribution_summary(t);
    if before == after {
        return Ok(Vec::new());
    }
    Ok(vec![Change {
        field: "attribution".into(),
        from: before.map(toml_edit::Value::from),
        to: after.map(toml_edit::Value::from),
    }])
}

pub(super) fn accept(at: &Location, args: &AcceptArgs) -> Outcome {
    let dry_run = args.review.dry_run;
    let _lock = lock(at, dry_run)?;
    // `--all-moved` looks at every claim; named claims need only their files.
    let loaded = if args.all_moved {
        Loaded::open(at, Records::Full, Scope::All)?
    } else {
        let ids: Vec<&str> = args.ids.iter().map(String::as_str).collect();
        Loaded::for_claims(at, &ids, &[])?
    };
    for id in &args.ids {
        one_claim(&loaded, id)?;
    }
    let opts = Options {
        accept: true,
        ..Options::default()
    };
    let report = loaded.check(&opts);
    let mut by_claim: BTreeMap<String, Vec<Finding>> = BTreeMap::new();
    for f in report.findings() {
        if let Some(c) = &f.claim {
            by_claim.entry(c.clone()).or_default().push(f.into_owned());
        }
    }
    let mut ids: Vec<String> = args.ids.clone();
    if args.all_moved {
        for (id, fs) in &by_claim {
            let moved = fs.iter().any(|f| f.status == Status::Moved);
            let only = fs
                .iter()
                .all(|f| matches!(f.status, Status::Moved | Status::Intact));
            if moved && only && !ids.contains(id) {
                ids.push(id.clone());
            }
        }
        if ids.is_empty() {
            print("no claim has only moved quotes: nothing to accept\n")?;
            return Ok(Exit::Ok);
        }
    }
    // Every claim must be acceptable, or nothing is written.
    let mut refusals = Vec::new();
    let mut plan: BTreeMap<String, Vec<(String, Vec<Finding>)>> = BTreeMap::new();
    for id in &ids {
        let findings = by_claim.remove(id).unwrap_or_default();
        let mut take = Vec::new();
        for f in &findings {
            match acceptable(f, args.take_document_text) {
                Ok(true) => take.push(f.clone()),
                Ok(false) => {}
                Err(why) => refusals.push(format!("`{id}`: {why}")),
            }
        }
        if take.is_empty()
            && !args.attribution
            && !refusals.iter().any(|r| r.starts_with(&format!("`{id}`:")))
        {
            refusals.push(format!(
                "`{id}`: nothing to accept: every quote is intact where it is recorded"
            ));
        }
        if let Some(file) = findings.first().map(|f| f.file.clone()) {
            plan.entry(file).or_default().push((id.clone(), take));
        }
    }
    if !refusals.is_empty() {
        return Err(Failure::Refused(
            refusals.into_iter().map(Said::new).collect(),
        ));
    }
    let stamp = stamp(&args.review, "accept");
    // Paths first: each rewrite borrows its own until it is written.
    let paths: BTreeMap<&str, PathBuf> = loaded
        .files
        .iter()
        .map(|f| (f.path.as_str(), path_of(&loaded, f)))
        .collect();
    let mut writes = Vec::new();
    let mut text = String::new();
    for (path, claims) in &plan {
        let Some(file) = loaded.files.iter().find(|f| &f.path == path) else {
            return Err(anyhow!("{path} is no longer among the claims files").into());
        };
        let mut said = Vec::new();
        let rewritten = rewrite(&paths[path.as_str()], file, |doc| {
            for (id, findings) in claims {
                let t = claim_mut(doc, id)?;
                let mut changes = Vec::new();
                for f in findings {
                    if let Some(fix) = &f.fix {
                        changes.extend(review::pin(t, id, fix)?);
                    }
                }
                // The attribution is recorded anew once a person has read
                // the source again: after a change in it, or when asked.
                if args.attribution
                    || findings
                        .iter()
                        .any(|f| f.status.about() == About::Attribution)
                {
                    changes.extend(rerecord(&loaded, id, t, true)?);
                }
                let what: Vec<String> = findings
                    .iter()
                    .map(|f| {
                        format!(
                            "{} {}",
                            f.anchor.map_or("quote".into(), |a| a.to_string()),
                            f.status.as_str()
                        )
                    })
                    .collect();
                let what = if what.is_empty() {
                    vec!["attribution".to_string()]
                } else {
                    what
                };
                if !changes.is_empty() {
                    record(t, &stamp, &changes);
                }
                said.push((id.clone(), what, changes, findings.clone()));
            }
            Ok(())
        })?;
        for (id, what, changes, findings) in &said {
            say(
                &mut text,
                &format!("accept ({})", what.join(", ")),
                id,
                &file.path,
                changes,
                dry_run,
            );
            for f in findings {
                if let Some(d) = render::finding_diff(f, Paint { on: false }) {
                    text.push_str(&format!("  diff ({}): {d}\n", render::diff_label(f)));
                }
            }
        }
        writes.push(rewritten);
    }
    if dry_run {
        text.push_str("nothing was written\n");
        print(&text)?;
        return Ok(Exit::Ok);
    }
    // Every changed file at once: all of them change, or none.
    let changed: Vec<(&Path, &[u8])> = writes
        .iter()
        .filter(|w| w.after != w.before)
        .map(|w| (w.path, w.after.as_bytes()))
        .collect();
    crate::project::write_all_atomic(
        &loaded.project.root,
        &loaded.project.root.join(crate::project::CLAIMS_DIR),
        &changed,
    )?;
    print(&text)?;
    Ok(Exit::Ok)
}

/// `evidence add`: the words located as `add` locates a quote, recorded as
/// the claim's next `[[claim.evidence]]`.
pub(super) fn evidence_add(at: &Location, args: &EvidenceAddArgs) -> Outcome {
    if args.quote.trim().is_empty() {
        return Err(anyhow!("--quote cannot be empty").into());
    }
    let docs: Vec<&str> = args.doc.iter().map(String::as_str).collect();
    edit_one(
        at,
        &args.id,
        (&[], &docs),
        &args.review,
        "evidence",
        "added evidence to",
        |loaded, claim, t| {
            let doc = args.doc.as_deref().unwrap_or(&claim.doc);
            let doc_text = super::document(loaded, doc)?;
            let display = &loaded.corpus.docs[doc].display;
            let mut located = crate::locate::locate(doc, &doc_text, &args.quote, args.occurrence)
                .map_err(|r| {
                Failure::refusal(crate::render::logging::refusal(
                    &r,
                    &doc_text,
                    display,
                    &args.quote,
                ))
            })?;
            located.note.clone_from(&args.says);
            let mut et = toml_edit::Table::new();
            crate::record::put_selector(&mut et, &located);
            if doc != claim.doc {
                et["doc"] = toml_edit::value(crate::fix::one_line_string(doc));
            }
            if let Some(n) = &located.note {
                et["note"] = toml_edit::Item::Value(crate::fix::one_line_string(n));
            }
            if t.get("evidence").is_none() {
                t["evidence"] = toml_edit::Item::ArrayOfTables(toml_edit::ArrayOfTables::new());
            }
            let list = t
                .get_mut("evidence")
                .and_then(toml_edit::Item::as_array_of_tables_mut)
                .ok_or_else(|| anyhow!("`evidence` of `{}` is not a list of tables", args.id))?;
            list.push(et);
            Ok(vec![Change {
                field: format!("evidence[{}]", list.len() - 1),
                from: None,
                to: text(&located.quote),
            }])
        },
    )
}

/// `evidence remove`: one evidence quote taken off a claim, its words kept in
/// the history entry.
pub(super) fn evidence_remove(at: &Location, args: &EvidenceRemoveArgs) -> Outcome {
    let n = args.index;
    edit_one(
        at,
        &args.id,
        (&[], &[]),
        &args.review,
        "evidence",
        "removed evidence from",
        |_, _, t| {
            let list = t
                .get_mut("evidence")
                .and_then(toml_edit::Item::as_array_of_tables_mut);
            let count = list.as_ref().map_or(0, |l| l.len());
            let Some(list) = list.filter(|_| n < count) else {
                return Err(Failure::refused(format!(
                    "`{}` has no evidence[{n}]: it has {}",
                    args.id,
                    match count {
                        0 => "no evidence".to_string(),
                        1 => "only evidence[0]".to_string(),
                        c => format!("evidence[0] to evidence[{}]", c - 1),
                    }
                )));
            };
            let quote = list
                .get(n)
                .and_then(|e| e.get("quote"))
                .and_then(toml_edit::Item::as_value)
                .cloned();
            list.remove(n);
            if list.is_empty() {
                t.remove("evidence");
            }
            Ok(vec![Change {
                field: format!("evidence[{n}]"),
                from: quote,
                to: None,
            }])
        },
    )
}
