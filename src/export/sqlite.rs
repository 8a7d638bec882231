//! The SQLite export: documents, facts, claims, anchors with their verdicts now, evidence and history, in one database.

use std::collections::HashSet;
use std::path::Path;

use anyhow::Result;
use rusqlite::params;

use super::Snapshot;
use crate::check::status::Severity;
use crate::claim::AnchorKind;
use crate::fix::int;

const SCHEMA: &str = "
PRAGMA foreign_keys = ON;
CREATE TABLE documents (
    id TEXT PRIMARY KEY, path TEXT, title TEXT, outlet TEXT, author TEXT,
    url TEXT, published TEXT, retrieved TEXT, sha256 TEXT, present INTEGER NOT NULL
);
CREATE TABLE facts (
    id TEXT PRIMARY KEY, statement TEXT, verdict TEXT, rating_value REAL,
    best_rating REAL, worst_rating REAL, reviewed_by TEXT, review_url TEXT, review_date TEXT
);
CREATE TABLE claims (
    id TEXT PRIMARY KEY, file TEXT NOT NULL, line INTEGER NOT NULL, statement TEXT NOT NULL,
    level TEXT NOT NULL, attributed_to TEXT, doc TEXT NOT NULL REFERENCES documents(id),
    fact TEXT REFERENCES facts(id), status TEXT NOT NULL, superseded_by TEXT, tags TEXT,
    notes TEXT, logged_by TEXT, logged_at TEXT, reason TEXT
);
CREATE TABLE anchors (
    id INTEGER PRIMARY KEY, claim TEXT NOT NULL REFERENCES claims(id), kind TEXT NOT NULL,
    position INTEGER NOT NULL, doc TEXT NOT NULL REFERENCES documents(id), quote TEXT NOT NULL,
    recorded_start INTEGER, prefix TEXT, suffix TEXT, verdict TEXT NOT NULL,
    start INTEGER, \"end\" INTEGER, line INTEGER, \"column\" INTEGER,
    severity TEXT NOT NULL, broken INTEGER NOT NULL
);
CREATE TABLE evidence (
    anchor INTEGER PRIMARY KEY REFERENCES anchors(id), claim TEXT NOT NULL REFERENCES claims(id),
    note TEXT
);
CREATE TABLE history (
    claim TEXT NOT NULL REFERENCES claims(id), position INTEGER NOT NULL, at TEXT NOT NULL,
    by TEXT, action TEXT NOT NULL, field TEXT, \"from\" TEXT, \"to\" TEXT, note TEXT,
    PRIMARY KEY (claim, position)
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

impl Snapshot<'_> {
    /// Writes the database at `path`, which must not exist yet (the caller
    /// renames it into place), and checks its foreign keys.
    pub(crate) fn sqlite(&self, path: &Path) -> Result<()> {
        let loaded = self.loaded;
        let facts = &loaded.plan.facts.facts;
        let mut db = rusqlite::Connection::open(path)?;
        // A new file renamed into place only once whole: a crash leaves no
        // database to keep consistent, so no journal and no syncs mid-way.
        db.execute_batch("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;")?;
        db.execute_batch(SCHEMA)?;
        let tx = db.transaction()?;
        {
            let mut doc =
                tx.prepare("INSERT INTO documents VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, 1)")?;
            for (id, e) in &loaded.corpus.docs {
                let f = |k: &str| self.field(id, k).cloned();
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
            // A document claims name that is not in the corpus: a row with
            // only its id (`present` 0), so a claim keeps its document id
            // and every foreign key holds.
            let mut absent =
                tx.prepare("INSERT OR IGNORE INTO documents (id, present) VALUES (?1, 0)")?;
            for id in loaded
                .plan
                .files
                .iter()
                .flat_map(|f| {
                    f.claims().flat_map(move |c| {
                        std::iter::once(c.doc).chain(c.anchors.map(|a| f.anchor(a).doc))
                    })
                })
                .filter(|id| !loaded.corpus.docs.contains_key(*id))
            {
                absent.execute(params![id])?;
            }
            let mut fact =
                tx.prepare("INSERT INTO facts VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)")?;
            let mut known: HashSet<&str> = HashSet::new();
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
            for c in loaded
                .plan
                .files
                .iter()
                .flat_map(crate::check::plan::FilePlan::claims)
            {
                if let Some(id) = c.fact
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
            "INSERT INTO claims VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
        )?;
            let mut anchor = tx.prepare(
            "INSERT INTO anchors (claim, kind, position, doc, quote, recorded_start, prefix, suffix, verdict, start, \"end\", line, \"column\", severity, broken)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
        )?;
            let mut evidence = tx.prepare("INSERT INTO evidence VALUES (?1, ?2, ?3)")?;
            let mut history =
                tx.prepare("INSERT INTO history VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)")?;
            self.each_file(
                |file, verdicts| Ok((file, verdicts)),
                |(file, verdicts)| {
                    for c in &file.claims {
                        claim.execute(params![
                            c.id,
                            file.path,
                            int(c.line),
                            c.statement,
                            c.level.as_str(),
                            c.attributed_to,
                            c.doc,
                            c.fact,
                            c.status.as_str(),
                            c.superseded_by,
                            serde_json::to_string(&c.tags)?,
                            c.notes,
                            c.logged_by,
                            c.logged_at,
                            c.reason
                        ])?;
                        for (i, a) in c.anchors.iter().enumerate() {
                            let (status, found) = verdicts.get(&c.id, a.kind);
                            // As `check` counts it: a retired claim's findings are info.
                            let severity = match status.severity() {
                                Severity::Ok => Severity::Ok,
                                _ if c.status != crate::claim::ClaimStatus::Active => {
                                    Severity::Info
                                }
                                s => s,
                            };
                            let (kind, position) = match a.kind {
                                AnchorKind::Quote => ("quote", 0),
                                AnchorKind::Evidence(n) => ("evidence", int(n + 1)),
                            };
                            anchor.execute(params![
                                c.id,
                                kind,
                                position,
                                a.doc,
                                a.quote,
                                a.start.map(int),
                                a.prefix,
                                a.suffix,
                                status.as_str(),
                                found.as_ref().map(|f| int(f.start)),
                                found.as_ref().map(|f| int(f.end)),
                                found.as_ref().map(|f| int(f.line)),
                                found.as_ref().map(|f| int(f.column)),
                                match severity {
                                    Severity::Ok => "ok",
                                    Severity::Info => "info",
                                    Severity::Warning => "warning",
                                    Severity::Error => "error",
                                },
                                i64::from(severity == Severity::Error)
                            ])?;
                            if i > 0 {
                                evidence.execute(params![tx.last_insert_rowid(), c.id, a.note])?;
                            }
                        }
                        for (i, h) in c.history.iter().enumerate() {
                            history.execute(params![
                                c.id,
                                int(i + 1),
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
                    Ok(())
                },
            )?;
        }
        tx.commit()?;
        db.execute_batch("PRAGMA foreign_key_check;")?;
        Ok(())
    }
}
