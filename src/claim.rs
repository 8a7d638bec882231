//! Claim records as written in `claims/**/*.toml`: parsing with positions, and
//! validation into the model (every problem is reported with file:line:column).

use std::fmt;
use std::ops::Range;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::text::LineIndex;

/// How the document attributes a claim.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Level {
    Confirmed,
    SourceSays,
    CouldNotConfirm,
}

impl Level {
    pub(crate) const ALL: [Level; 3] =
        [Level::Confirmed, Level::SourceSays, Level::CouldNotConfirm];

    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Level::Confirmed => "confirmed",
            Level::SourceSays => "source-says",
            Level::CouldNotConfirm => "could-not-confirm",
        }
    }

    pub(crate) fn parse(s: &str) -> Option<Level> {
        Level::ALL.into_iter().find(|l| l.as_str() == s)
    }

    /// The valid levels, for messages.
    pub(crate) fn listed() -> String {
        Level::ALL.map(Level::as_str).join(", ")
    }
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Which quote of a claim an anchor is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum AnchorKind {
    Quote,
    Evidence(usize),
}

impl fmt::Display for AnchorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AnchorKind::Quote => f.write_str("quote"),
            AnchorKind::Evidence(i) => write!(f, "evidence[{i}]"),
        }
    }
}

/// A quoted span of a document: the claim's own quote or an evidence quote.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Anchor {
    pub(crate) kind: AnchorKind,
    pub(crate) doc: String,
    pub(crate) quote: String,
    pub(crate) start: Option<usize>,
    pub(crate) prefix: Option<String>,
    pub(crate) suffix: Option<String>,
    pub(crate) note: Option<String>,
    /// Line of the `quote` key in the claims file.
    pub(crate) line: usize,
}

/// Whether a claim still stands in the newsroom's eyes: retracted and
/// superseded claims are still checked, but their findings are only `info`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum ClaimStatus {
    #[default]
    Active,
    Retracted,
    Superseded,
}

impl ClaimStatus {
    pub(crate) const ALL: [ClaimStatus; 3] = [
        ClaimStatus::Active,
        ClaimStatus::Retracted,
        ClaimStatus::Superseded,
    ];

    pub(crate) fn as_str(self) -> &'static str {
        match self {
            ClaimStatus::Active => "active",
            ClaimStatus::Retracted => "retracted",
            ClaimStatus::Superseded => "superseded",
        }
    }

    pub(crate) fn parse(s: &str) -> Option<ClaimStatus> {
        ClaimStatus::ALL.into_iter().find(|c| c.as_str() == s)
    }
}

/// One `[[claim.history]]` entry: who changed what, when.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub(crate) struct HistoryEntry {
    /// RFC 3339, UTC.
    pub(crate) at: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) by: Option<String>,
    pub(crate) action: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) field: Option<String>,
    /// The old and new values as written in TOML (strings unquoted).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) from: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) to: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) note: Option<String>,
}

/// An attribution cue as the document had it when the claim was logged,
/// pinned like a quote (`[[claim.attribution.cue]]`).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct RecordedCue {
    /// The cue and its source's words, as in the document.
    pub(crate) words: String,
    /// The rule that found it (`en.reporting-verb`).
    pub(crate) rule: Option<String>,
    /// Where it stood relative to the quote (`same-sentence`).
    pub(crate) scope: Option<String>,
    /// Who the document attributed the claim to, in its words.
    pub(crate) source: Option<String>,
    pub(crate) start: Option<usize>,
    pub(crate) prefix: Option<String>,
    pub(crate) suffix: Option<String>,
    /// Line of the `words` key in the claims file.
    pub(crate) line: usize,
}

/// What the document said of a claim's attribution when it was logged
/// (`[claim.attribution]`): the level its cues implied, and the cues.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Attribution {
    /// The level the document's cues implied (not necessarily `level`: a
    /// person may have decided otherwise, with reason).
    pub(crate) level: Level,
    /// A fingerprint of the text the cues were read from (the quote's
    /// paragraph and the one before): while it is the same, `check` knows
    /// the cues read as they did without reading them again.
    pub(crate) window: Option<String>,
    pub(crate) cues: Vec<RecordedCue>,
    /// Line of the `[claim.attribution]` header.
    pub(crate) line: usize,
}

/// One `[[claim]]` record, validated.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Claim {
    pub(crate) id: String,
    pub(crate) statement: String,
    pub(crate) level: Level,
    pub(crate) attributed_to: Option<String>,
    pub(crate) doc: String,
    pub(crate) tags: Vec<String>,
    pub(crate) fact: Option<String>,
    pub(crate) notes: Option<String>,
    /// Who logged the claim, and when (RFC 3339, UTC).
    pub(crate) logged_by: Option<String>,
    pub(crate) logged_at: Option<String>,
    pub(crate) status: ClaimStatus,
    pub(crate) superseded_by: Option<String>,
    pub(crate) reason: Option<String>,
    /// Every change made by `accept`, `set`, `retract` and `supersede`, oldest first.
    pub(crate) history: Vec<HistoryEntry>,
    /// The newsroom's own string fields (`[claim.extra]`), in file order.
    pub(crate) extra: Vec<(String, String)>,
    /// Line of the `[[claim]]` header.
    pub(crate) line: usize,
    /// Position among the file's `[[claim]]` tables.
    pub(crate) index: usize,
    /// The claim's quote first, then its evidence in order.
    pub(crate) anchors: Vec<Anchor>,
    /// The attribution as the document gave it when logged, if recorded.
    pub(crate) attribution: Option<Attribution>,
    /// What each elision and editor's bracket of the quote stood for in the
    /// document when logged (`stands-for`), in order; `None` when not recorded.
    pub(crate) stands_for: Option<Vec<String>>,
    /// Line of the `stands-for` key.
    pub(crate) stands_for_line: usize,
}

/// A record that could not be read: it becomes an `invalid-claim` finding.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Problem {
    pub(crate) line: usize,
    pub(crate) column: usize,
    pub(crate) claim: Option<String>,
    pub(crate) message: String,
}

/// A parsed claims file.
#[derive(Debug, Default)]
pub(crate) struct ClaimFile {
    /// Path as shown to people, relative to the project root.
    pub(crate) path: String,
    /// Where the file is on disk (its name may not be UTF-8); empty in memory.
    pub(crate) disk: std::path::PathBuf,
    pub(crate) claims: Vec<Claim>,
    pub(crate) problems: Vec<Problem>,
}

const CLAIM_KEYS: &[&str] = &[
    "id",
    "statement",
    "level",
    "attributed-to",
    "doc",
    "quote",
    "start",
    "prefix",
    "suffix",
    "tags",
    "fact",
    "notes",
    "evidence",
    "logged-by",
    "logged-at",
    "status",
    "superseded-by",
    "reason",
    "history",
    "extra",
    "attribution",
    "stands-for",
];
const ATTRIBUTION_KEYS: &[&str] = &["level", "window", "cue"];
const CUE_KEYS: &[&str] = &[
    "words", "rule", "scope", "source", "start", "prefix", "suffix",
];
const HISTORY_KEYS: &[&str] = &[
    "at", "by", "action", "field", "from", "to", "note", "changes",
];
/// The keys of one change in a history entry's `changes` list.
const CHANGE_KEYS: &[&str] = &["field", "from", "to"];
/// The longest `prefix` or `suffix` accepted, in code points.
const MAX_CONTEXT: usize = 256;

const EVIDENCE_KEYS: &[&str] = &["quote", "doc", "start", "prefix", "suffix", "note"];

/// Whether `id` is a valid claim id: `[a-z0-9][a-z0-9-]*`.
pub(crate) fn valid_id(id: &str) -> bool {
    let mut chars = id.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// A parsed TOML value with its byte range in the text being read.
type Item<'i> = Spanned<DeValue<'i>>;
type Table<'i> = DeTable<'i>;

struct Reader<'s> {
    src: &'s str,
    lines: LineIndex,
    /// Where the text being read starts in `src` (one table of a large file).
    base: usize,
    /// The text being read.
    chunk: &'s str,
    problems: Vec<Problem>,
}

impl Reader<'_> {
    /// Whether a value was written as a `[table]` or `[[table]]` header: its
    /// range is then the header's, which only spaces precede on its line (a
    /// value written inline follows its `key =`).
    fn is_header(&self, item: &Item<'_>) -> bool {
        let before = &self.chunk.as_bytes()[..item.span().start.min(self.chunk.len())];
        before
            .iter()
            .rev()
            .take_while(|&&b| b != b'\n')
            .all(|&b| b == b' ' || b == b'\t')
    }

    /// `[[name]]` tables, each with its header's range; `None` for any
    /// other value.
    fn tables<'t, 'i>(&self, item: &'t Item<'i>) -> Option<Vec<(&'t Table<'i>, Range<usize>)>> {
        match item.get_ref() {
            DeValue::Array(a) if self.is_header(item) => a
                .iter()
                .map(|t| t.get_ref().as_table().map(|table| (table, t.span())))
                .collect(),
            _ => None,
        }
    }

    /// What a value is, in words, as messages name it.
    fn type_name(&self, item: &Item<'_>) -> &'static str {
        match item.get_ref() {
            DeValue::String(_) => "string",
            DeValue::Integer(_) => "integer",
            DeValue::Float(_) => "float",
            DeValue::Boolean(_) => "boolean",
            DeValue::Datetime(_) => "datetime",
            DeValue::Array(_) if self.is_header(item) => "an array of tables",
            DeValue::Array(_) => "array",
            DeValue::Table(_) if self.raw(item).starts_with('{') => "inline table",
            DeValue::Table(_) => "a table",
        }
    }

    /// A value's text as written.
    fn raw(&self, item: &Item<'_>) -> &str {
        self.chunk.get(item.span()).unwrap_or("")
    }

    /// Line and column of a byte offset in the text being read.
    fn line_col(&self, byte: usize) -> (usize, usize) {
        self.lines.line_col(self.src.as_bytes(), self.base + byte)
    }

    fn at(&mut self, span: Option<Range<usize>>, claim: Option<&str>, message: String) {
        let (line, column) = self.line_col(span.map_or(0, |s| s.start));
        self.problems.push(Problem {
            line,
            column,
            claim: claim.map(str::to_string),
            message,
        });
    }

    fn unknown_keys(&mut self, table: &Table, allowed: &[&str], what: &str, claim: Option<&str>) {
        for (key, _) in table {
            if !allowed.contains(&key.get_ref().as_ref()) {
                let span = Some(key.span());
                let key = key.get_ref();
                self.at(
                    span,
                    claim,
                    format!(
                        "unknown key `{key}` in {what}; expected one of: {}",
                        allowed.join(", ")
                    ),
                );
            }
        }
    }

    fn string(&mut self, t: &Table, key: &str, claim: Option<&str>) -> Result<Option<String>, ()> {
        match t.get(key) {
            None => Ok(None),
            Some(item) => match item.get_ref().as_str() {
                Some(s) => Ok(Some(s.to_string())),
                None => {
                    let found = self.type_name(item);
                    self.at(
                        Some(item.span()),
                        claim,
                        format!("`{key}` must be a string, found {found}"),
                    );
                    Err(())
                }
            },
        }
    }

    fn required(
        &mut self,
        t: &Table,
        key: &str,
        claim: Option<&str>,
        header: Option<Range<usize>>,
    ) -> Result<String, ()> {
        match self.string(t, key, claim)? {
            Some(s) => Ok(s),
            None => {
                self.at(header, claim, format!("missing required key `{key}`"));
                Err(())
            }
        }
    }

    fn offset(&mut self, t: &Table, key: &str, claim: Option<&str>) -> Result<Option<usize>, ()> {
        match t.get(key) {
            None => Ok(None),
            Some(item) => {
                let n = item
                    .get_ref()
                    .as_integer()
                    .map(|n| i64::from_str_radix(n.as_str(), n.radix()));
                let offset = match n {
                    Some(Ok(n)) => usize::try_from(n).ok(),
                    _ => None,
                };
                match offset {
                    Some(n) => Ok(Some(n)),
                    None => {
                        let found = self.type_name(item);
                        self.at(
                        Some(item.span()),
                        claim,
                        match n {
                            Some(Ok(n)) => format!("`{key}` must be a code-point offset, 0 or more, not {n}"),
                            Some(Err(_)) => format!("`{key}` must be a code-point offset, not {}", self.raw(item)),
                            None => format!("`{key}` must be a code-point offset (a whole number), found {found}"),
                        },
                    );
                        Err(())
                    }
                }
            }
        }
    }

    /// A TOML date-time with its offset (`2026-11-21T10:00:00Z`), as RFC 3339.
    fn datetime(
        &mut self,
        t: &Table,
        key: &str,
        claim: Option<&str>,
    ) -> Result<Option<String>, ()> {
        match t.get(key) {
            None => Ok(None),
            Some(item) => match item.get_ref().as_datetime() {
                Some(d) if d.date.is_some() && d.time.is_some() && d.offset.is_some() => {
                    Ok(Some(d.to_string()))
                }
                _ => {
                    let found = self.type_name(item);
                    self.at(
                        Some(item.span()),
                        claim,
                        format!(
                            "`{key}` must be a date and time with its offset, like 2026-11-21T09:30:00Z (no quotes), found {found}"
                        ),
                    );
                    Err(())
                }
            },
        }
    }

    /// The `[[claim.history]]` entries.
    fn history(&mut self, t: &Table, claim: Option<&str>) -> Result<Vec<HistoryEntry>, ()> {
        let Some(item) = t.get("history") else {
            return Ok(Vec::new());
        };
        let Some(a) = self.tables(item) else {
            self.at(
                Some(item.span()),
                claim,
                "`history` must be written as [[claim.history]] tables".into(),
            );
            return Err(());
        };
        let mut out = Vec::new();
        let mut ok = true;
        for (h, span) in a {
            let span = Some(span);
            self.unknown_keys(h, HISTORY_KEYS, "[[claim.history]]", claim);
            let at = match self.datetime(h, "at", claim) {
                Ok(Some(at)) => Ok(at),
                Ok(None) => {
                    self.at(
                        span.clone(),
                        claim,
                        "missing required key `at` in [[claim.history]]".into(),
                    );
                    Err(())
                }
                Err(()) => Err(()),
            };
            let action = self.required(h, "action", claim, span);
            let by = self.string(h, "by", claim);
            let field = self.string(h, "field", claim);
            let note = self.string(h, "note", claim);
            // One entry may list its changes: `changes = [{ field, from, to }, ...]`.
            let mut changes: Vec<(Option<String>, Option<String>, Option<String>)> = Vec::new();
            if let Some(list) = h.get("changes") {
                let tables: Option<Vec<&Table>> = list
                    .get_ref()
                    .as_array()
                    .and_then(|a| a.iter().map(|v| v.get_ref().as_table()).collect());
                match tables {
                    Some(tables) => {
                        for t in tables {
                            self.unknown_keys(t, CHANGE_KEYS, "a history change", claim);
                            match self.string(t, "field", claim) {
                                Ok(f) => changes.push((
                                    f,
                                    self.value_text(t, "from"),
                                    self.value_text(t, "to"),
                                )),
                                Err(()) => ok = false,
                            }
                        }
                    }
                    None => {
                        self.at(
                            Some(list.span()),
                            claim,
                            "`changes` must be a list of { field, from, to } tables".into(),
                        );
                        ok = false;
                    }
                }
            }
            match (at, action, by, field, note) {
                (Ok(at), Ok(action), Ok(by), Ok(field), Ok(note)) => {
                    if changes.is_empty() || field.is_some() {
                        changes.insert(
                            0,
                            (field, self.value_text(h, "from"), self.value_text(h, "to")),
                        );
                    }
                    for (field, from, to) in changes {
                        out.push(HistoryEntry {
                            at: at.clone(),
                            by: by.clone(),
                            action: action.clone(),
                            field,
                            from,
                            to,
                            note: note.clone(),
                        });
                    }
                }
                _ => ok = false,
            }
        }
        if ok { Ok(out) } else { Err(()) }
    }

    /// A history value as written in TOML, strings unquoted; a `[table]` is
    /// no value.
    fn value_text(&self, t: &Table, key: &str) -> Option<String> {
        t.get(key)
            .filter(|v| !self.is_header(v))
            .map(|v| match v.get_ref().as_str() {
                Some(s) => s.to_string(),
                None => self.raw(v).to_string(),
            })
    }

    /// `[claim.extra]`: a table of strings.
    fn extra(&mut self, t: &Table, claim: Option<&str>) -> Result<Vec<(String, String)>, ()> {
        let Some(item) = t.get("extra") else {
            return Ok(Vec::new());
        };
        let Some(table) = item.get_ref().as_table() else {
            self.at(
                Some(item.span()),
                claim,
                "`extra` must be a table of strings ([claim.extra])".into(),
            );
            return Err(());
        };
        let mut out = Vec::new();
        for (k, v) in table {
            let k = k.get_ref();
            match v.get_ref().as_str() {
                Some(s) => out.push((k.to_string(), s.to_string())),
                None => {
                    let found = self.type_name(v);
                    self.at(
                        Some(v.span()),
                        claim,
                        format!("`extra.{k}` must be a string, found {found}"),
                    );
                    return Err(());
                }
            }
        }
        Ok(out)
    }

    /// `[claim.attribution]` and its `[[claim.attribution.cue]]` tables.
    fn attribution(&mut self, t: &Table, claim: Option<&str>) -> Result<Option<Attribution>, ()> {
        let Some(item) = t.get("attribution") else {
            return Ok(None);
        };
        let Some(table) = item.get_ref().as_table() else {
            let found = self.type_name(item);
            self.at(
                Some(item.span()),
                claim,
                format!("`attribution` must be a table ([claim.attribution]), found {found}"),
            );
            return Err(());
        };
        self.unknown_keys(table, ATTRIBUTION_KEYS, "[claim.attribution]", claim);
        let header = Some(item.span());
        let s = self.required(table, "level", claim, header)?;
        let Some(level) = Level::parse(&s) else {
            let span = table.get("level").map(Spanned::span);
            self.at(
                span,
                claim,
                format!(
                    "unknown level {s:?} in [claim.attribution]; expected one of: {}",
                    Level::listed()
                ),
            );
            return Err(());
        };
        let window = self.string(table, "window", claim)?;
        let mut cues = Vec::new();
        if let Some(ci) = table.get("cue") {
            let Some(tables) = self.tables(ci) else {
                self.at(
                    Some(ci.span()),
                    claim,
                    "`cue` must be written as [[claim.attribution.cue]] tables".into(),
                );
                return Err(());
            };
            for (ct, span) in tables {
                self.unknown_keys(ct, CUE_KEYS, "[[claim.attribution.cue]]", claim);
                let words = self.required(ct, "words", claim, Some(span.clone()));
                let rule = self.string(ct, "rule", claim);
                let scope = self.string(ct, "scope", claim);
                let source = self.string(ct, "source", claim);
                let start = self.offset(ct, "start", claim);
                let prefix = self.string(ct, "prefix", claim);
                let suffix = self.string(ct, "suffix", claim);
                let wspan = ct.get("words").map(Spanned::span);
                let line = self.line_col(wspan.unwrap_or(span).start).0;
                cues.push(RecordedCue {
                    words: words?,
                    rule: rule?,
                    scope: scope?,
                    source: source?,
                    start: start?,
                    prefix: prefix?,
                    suffix: suffix?,
                    line,
                });
            }
        }
        let line = self.line_col(item.span().start).0;
        Ok(Some(Attribution {
            level,
            window,
            cues,
            line,
        }))
    }

    /// `stands-for`: an array of strings.
    fn stands_for(&mut self, t: &Table, claim: Option<&str>) -> Result<Option<Vec<String>>, ()> {
        let Some(item) = t.get("stands-for") else {
            return Ok(None);
        };
        match item.get_ref().as_array() {
            Some(arr) if arr.iter().all(|v| v.get_ref().is_str()) => Ok(Some(
                arr.iter()
                    .filter_map(|v| v.get_ref().as_str().map(str::to_string))
                    .collect(),
            )),
            _ => {
                self.at(
                    Some(item.span()),
                    claim,
                    "`stands-for` must be an array of strings".into(),
                );
                Err(())
            }
        }
    }

    /// Reads the selector keys shared by a claim and its evidence.
    fn anchor(
        &mut self,
        t: &Table,
        kind: AnchorKind,
        default_doc: Option<&str>,
        claim: Option<&str>,
        header: Option<Range<usize>>,
    ) -> Result<Anchor, ()> {
        let quote = self.required(t, "quote", claim, header.clone());
        let doc = match default_doc {
            Some(d) => self
                .string(t, "doc", claim)
                .map(|o| o.unwrap_or_else(|| d.to_string())),
            None => self.required(t, "doc", claim, header.clone()),
        };
        let start = self.offset(t, "start", claim);
        let prefix = self.string(t, "prefix", claim);
        let suffix = self.string(t, "suffix", claim);
        let note = if kind == AnchorKind::Quote {
            Ok(None)
        } else {
            self.string(t, "note", claim)
        };
        let (quote, doc, start, prefix, suffix, note) =
            (quote?, doc?, start?, prefix?, suffix?, note?);
        for (key, value) in [("prefix", &prefix), ("suffix", &suffix)] {
            if value
                .as_ref()
                .is_some_and(|v| v.chars().count() > MAX_CONTEXT)
            {
                let span = t.get(key).map(Spanned::span);
                self.at(
                    span,
                    claim,
                    format!("`{key}` of {kind} is longer than {MAX_CONTEXT} code points; `check --fix` pins 32"),
                );
                return Err(());
            }
        }
        let qspan = t.get("quote").map(Spanned::span);
        // Blank, or only invisible characters: nothing a document could match.
        let visible = quote
            .chars()
            .any(|c| !c.is_whitespace() && !crate::text::is_invisible(c));
        if !visible {
            self.at(
                qspan.clone(),
                claim,
                match kind {
                    AnchorKind::Quote => {
                        "`quote` is empty, or only spaces or invisible characters".to_string()
                    }
                    AnchorKind::Evidence(_) => format!(
                        "`quote` of {kind} is empty, or only spaces or invisible characters"
                    ),
                },
            );
            return Err(());
        }
        let line = self.line_col(qspan.or(header).map_or(0, |s| s.start)).0;
        Ok(Anchor {
            kind,
            doc,
            quote,
            start,
            prefix,
            suffix,
            note,
            line,
        })
    }

    fn claim(&mut self, t: &Table, header: Range<usize>, index: usize) -> Option<Claim> {
        let header = Some(header);
        let before = self.problems.len();
        let id = self.string(t, "id", None).ok().flatten();
        let cid = id.as_deref();
        self.unknown_keys(t, CLAIM_KEYS, "[[claim]]", cid);
        match &id {
            None if t.get("id").is_none() => {
                self.at(header.clone(), None, "missing required key `id`".into());
            }
            Some(id) if !valid_id(id) => {
                let span = t.get("id").map(Spanned::span);
                self.at(span, cid, format!("invalid id {id:?}: use lowercase letters, digits and `-`, starting with a letter or digit"));
            }
            _ => {}
        }
        let statement = self.required(t, "statement", cid, header.clone());
        let level = match self.required(t, "level", cid, header.clone()) {
            Ok(s) => match Level::parse(&s) {
                Some(l) => Ok(l),
                None => {
                    let span = t.get("level").map(Spanned::span);
                    self.at(
                        span,
                        cid,
                        format!("unknown level {s:?}; expected one of: {}", Level::listed()),
                    );
                    Err(())
                }
            },
            Err(()) => Err(()),
        };
        let attributed_to = self.string(t, "attributed-to", cid);
        let fact = self.string(t, "fact", cid);
        let notes = self.string(t, "notes", cid);
        let tags = match t.get("tags") {
            None => Ok(Vec::new()),
            Some(item) => match item.get_ref().as_array() {
                Some(arr) if arr.iter().all(|v| v.get_ref().is_str()) => Ok(arr
                    .iter()
                    .filter_map(|v| v.get_ref().as_str().map(str::to_string))
                    .collect()),
                _ => {
                    self.at(
                        Some(item.span()),
                        cid,
                        "`tags` must be an array of strings".into(),
                    );
                    Err(())
                }
            },
        };
        let logged_by = self.string(t, "logged-by", cid);
        let logged_at = self.datetime(t, "logged-at", cid);
        let reason = self.string(t, "reason", cid);
        let superseded_by = self.string(t, "superseded-by", cid);
        let status = match self.string(t, "status", cid) {
            Ok(None) => Ok(ClaimStatus::Active),
            Ok(Some(s)) => {
                match ClaimStatus::parse(&s) {
                    Some(st) => Ok(st),
                    None => {
                        let span = t.get("status").map(Spanned::span);
                        self.at(
                        span,
                        cid,
                        format!("unknown status {s:?}; expected one of: active, retracted, superseded"),
                    );
                        Err(())
                    }
                }
            }
            Err(()) => Err(()),
        };
        match (&status, &superseded_by) {
            (Ok(ClaimStatus::Superseded), Ok(None)) => {
                let span = t.get("status").map(Spanned::span);
                self.at(
                    span,
                    cid,
                    "`status = \"superseded\"` needs `superseded-by`, the id of the claim that replaces it".into(),
                );
            }
            (Ok(st), Ok(Some(_))) if *st != ClaimStatus::Superseded => {
                let span = t.get("superseded-by").map(Spanned::span);
                self.at(
                    span,
                    cid,
                    "`superseded-by` is only for a claim with `status = \"superseded\"`".into(),
                );
            }
            (_, Ok(Some(by))) if !valid_id(by) || Some(by.as_str()) == cid => {
                let span = t.get("superseded-by").map(Spanned::span);
                self.at(
                    span,
                    cid,
                    format!("`superseded-by` must be the id of another claim, not {by:?}"),
                );
            }
            _ => {}
        }
        let history = self.history(t, cid);
        let extra = self.extra(t, cid);
        let attribution = self.attribution(t, cid);
        let stands_for = self.stands_for(t, cid);
        let stands_for_line = t
            .get("stands-for")
            .map_or(0, |i| self.line_col(i.span().start).0);
        let quote = self.anchor(t, AnchorKind::Quote, None, cid, header.clone());
        let mut anchors = Vec::new();
        let doc = quote.as_ref().map(|a| a.doc.clone()).ok();
        if let Ok(q) = &quote {
            anchors.push(q.clone());
        }
        if let Some(item) = t.get("evidence") {
            let tables = match self.tables(item) {
                Some(tables) => tables,
                None => {
                    self.at(
                        Some(item.span()),
                        cid,
                        "`evidence` must be written as [[claim.evidence]] tables".into(),
                    );
                    Vec::new()
                }
            };
            for (i, (et, span)) in tables.into_iter().enumerate() {
                self.unknown_keys(et, EVIDENCE_KEYS, "[[claim.evidence]]", cid);
                if let Ok(a) = self.anchor(
                    et,
                    AnchorKind::Evidence(i),
                    doc.as_deref().or(Some("")),
                    cid,
                    Some(span),
                ) {
                    anchors.push(a);
                }
            }
        }
        if self.problems.len() > before {
            return None;
        }
        let line = self.line_col(header.map_or(0, |s| s.start)).0;
        Some(Claim {
            id: id?,
            statement: statement.ok()?,
            level: level.ok()?,
            attributed_to: attributed_to.ok()?,
            doc: doc?,
            tags: tags.ok()?,
            fact: fact.ok()?,
            notes: notes.ok()?,
            logged_by: logged_by.ok()?,
            logged_at: logged_at.ok()?,
            status: status.ok()?,
            superseded_by: superseded_by.ok()?,
            reason: reason.ok()?,
            history: history.ok()?,
            extra: extra.ok()?,
            line,
            index,
            anchors,
            attribution: attribution.ok()?,
            stands_for: stands_for.ok()?,
            stands_for_line,
        })
    }
}

/// Parses and validates one claims file's text. Never fails: every problem
/// becomes a `Problem`, and every valid claim is kept.
pub(crate) fn parse_claims(path: &str, src: &str) -> ClaimFile {
    let mut file = ClaimFile {
        path: path.to_string(),
        ..ClaimFile::default()
    };
    file.problems = parse_claims_each(src, |c| file.claims.push(c));
    file
}

/// Claims files from this size on are parsed one `[[claim]]` table at a time.
const CHUNKED_FROM: usize = 1 << 20;

/// Parses a claims file's text, handing each valid claim to `each` as it is
/// read; returns the problems. A large file is read one `[[claim]]` table at
/// a time, so memory follows one table, not the whole document tree.
pub(crate) fn parse_claims_each(src: &str, each: impl FnMut(Claim)) -> Vec<Problem> {
    read_claims(src, src.len() >= CHUNKED_FROM, each)
}

/// `parse_claims_each`, one `[[claim]]` table at a time or the whole text.
fn read_claims(src: &str, chunked: bool, mut each: impl FnMut(Claim)) -> Vec<Problem> {
    let mut r = Reader {
        src,
        lines: LineIndex::new(src.as_bytes()),
        base: 0,
        chunk: src,
        problems: Vec::new(),
    };
    let chunks = if chunked {
        tables(src)
    } else {
        std::iter::once(0..src.len()).collect()
    };
    let mut index = 0;
    for chunk in chunks {
        r.base = chunk.start;
        r.chunk = &src[chunk];
        let root = match DeTable::parse(r.chunk) {
            Ok(d) => d.into_inner(),
            Err(e) => {
                let (span, msg) = invalid_toml(r.chunk, &e);
                let hint = if r.chunk.lines().any(|l| l.trim() == "[claim]") {
                    "; each claim is a `[[claim]]` table (double brackets), not `[claim]`"
                } else {
                    ""
                };
                r.at(span, None, format!("not valid TOML: {msg}{hint}"));
                continue;
            }
        };
        r.unknown_keys(
            &root,
            &["claim"],
            "a claims file (only [[claim]] tables belong here)",
            None,
        );
        let Some(item) = root.get("claim") else {
            continue;
        };
        match r.tables(item) {
            Some(tables) => {
                for (t, header) in tables {
                    if let Some(c) = r.claim(t, header, index) {
                        each(c);
                    }
                    index += 1;
                }
            }
            None => r.at(
                Some(item.span()),
                None,
                "`claim` must be written as [[claim]] tables (double brackets)".into(),
            ),
        }
    }
    r.problems
}

/// The id and statement of each `[[claim]]` of a claims file, read without
/// parsing the file: the claim tables as `tables` finds them, and in each
/// only the lines before its first sub-table that start with `id =` or
/// `statement =`, each parsed alone (so escapes and comments read as TOML
/// reads them). For completions, where a wrong guess costs nothing and a
/// full parse of a newsroom's archive would cost a second per keystroke; a
/// claim whose id is not a one-line string is left out.
pub(crate) fn heads(src: &str) -> Vec<(String, Option<String>)> {
    let value = |line: &str, key: &str| -> Option<String> {
        let rest = line.strip_prefix(key)?.trim_start();
        rest.starts_with('=').then_some(())?;
        match toml::from_str::<toml::Table>(line).ok()?.remove(key)? {
            toml::Value::String(s) => Some(s),
            _ => None,
        }
    };
    let mut out = Vec::new();
    for range in tables(src) {
        let Some(table) = src[range].strip_prefix("[[claim]]") else {
            continue;
        };
        let (mut id, mut statement) = (None, None);
        for line in table.lines().skip(1).map(str::trim) {
            if line.starts_with('[') {
                break;
            }
            id = id.or_else(|| value(line, "id"));
            statement = statement.or_else(|| value(line, "statement"));
        }
        out.extend(id.map(|id| (id, statement)));
    }
    out
}

/// Where and why a text is not valid TOML. Claims are read with the `toml`
/// crate's light parser; a text it rejects is parsed again by `toml_edit`,
/// whose messages name what was expected, with the same grammar underneath.
fn invalid_toml(text: &str, light: &toml::de::Error) -> (Option<Range<usize>>, String) {
    match text.parse::<toml_edit::Document<String>>() {
        Err(e) => (e.span(), e.message().trim().replace('\n', " ")),
        Ok(_) => (light.span(), light.message().trim().replace('\n', " ")),
    }
}

/// The `[[claim]]` tables of a claims file's text, as byte ranges that cover
/// it (the first from the start of the text). A table starts at a line that
/// begins with `[[claim]]` outside any string or comment, as TOML reads it:
/// basic and literal strings on one line or several, escapes in basic ones
/// (`\"""` does not end a multi-line string), comments to the end of their
/// line. Reading the ranges one by one gives the claims the whole text gives.
fn tables(src: &str) -> Vec<Range<usize>> {
    #[derive(Clone, Copy, PartialEq)]
    enum In {
        Code,
        Basic,
        Literal,
        MultiBasic,
        MultiLiteral,
        Comment,
    }
    let b = src.as_bytes();
    let mut starts = vec![0];
    let mut state = In::Code;
    let mut line_start = true;
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if line_start && state == In::Code && i > 0 && src[i..].starts_with("[[claim]]") {
            starts.push(i);
        }
        line_start = false;
        let run = |q: u8| b[i..].iter().take_while(|&&x| x == q).count();
        match state {
            In::Code => match c {
                b'#' => state = In::Comment,
                b'"' if run(b'"') >= 3 => {
                    state = In::MultiBasic;
                    i += 3;
                    continue;
                }
                b'\'' if run(b'\'') >= 3 => {
                    state = In::MultiLiteral;
                    i += 3;
                    continue;
                }
                b'"' => state = In::Basic,
                b'\'' => state = In::Literal,
                _ => {}
            },
            In::Basic => match c {
                b'\\' => i += 1,
                b'"' | b'\n' => state = In::Code,
                _ => {}
            },
            In::Literal => {
                if matches!(c, b'\'' | b'\n') {
                    state = In::Code;
                }
            }
            In::MultiBasic => match c {
                b'\\' => i += 1,
                // Up to two quotes of the content may stand before the three
                // that close it.
                b'"' if run(b'"') >= 3 => {
                    i += run(b'"').min(5);
                    state = In::Code;
                    continue;
                }
                _ => {}
            },
            In::MultiLiteral => {
                if c == b'\'' && run(b'\'') >= 3 {
                    i += run(b'\'').min(5);
                    state = In::Code;
                    continue;
                }
            }
            In::Comment => {
                if c == b'\n' {
                    state = In::Code;
                }
            }
        }
        if c == b'\n' {
            line_start = true;
        }
        i += 1;
    }
    starts
        .iter()
        .zip(starts.iter().skip(1).chain([&src.len()]))
        .map(|(&a, &b)| a..b)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Claims as read, for comparing two readings.
    fn reading(src: &str, chunked: bool) -> (Vec<(String, String, String)>, usize) {
        let mut claims = Vec::new();
        let problems = read_claims(src, chunked, |c| {
            claims.push((
                c.id.clone(),
                c.statement.clone(),
                c.anchors
                    .first()
                    .map(|a| a.quote.clone())
                    .unwrap_or_default(),
            ));
        });
        (claims, problems.len())
    }

    #[test]
    fn heads_give_each_claims_id_and_statement_as_toml_reads_them_without_a_full_parse() {
        let src = concat!(
            "# claims of one article\n",
            "[[claim]] # the first\n",
            "id = \"bridge-cost\" # a comment\n",
            "statement = \"The bridge cost \\\"12 million\\\".\"\n",
            "quote = \"\"\"\n[[claim]]\nid = \"phantom\"\n\"\"\"\n",
            "[claim.attribution]\nid = \"not-a-claim\"\n",
            "[[claim]]\n",
            "statement = 'Second, id after it.'\n",
            "  id='second'\n",
            "[[claim]]\n",
            "identifier = \"no-id-here\"\n",
            "[[claim.evidence]]\nid = \"evidence-is-not-a-claim\"\n",
        );
        assert_eq!(
            heads(src),
            [
                (
                    "bridge-cost".to_string(),
                    Some("The bridge cost \"12 million\".".to_string())
                ),
                (
                    "second".to_string(),
                    Some("Second, id after it.".to_string())
                ),
            ]
        );
        // The same ids the full parse gives, on the bundled claims.
        let bundled = include_str!("../claims/spies-work-with-russia.toml");
        let parsed: Vec<String> = parse_claims("x", bundled)
            .claims
            .into_iter()
            .map(|c| c.id)
            .collect();
        let scanned: Vec<String> = heads(bundled).into_iter().map(|(id, _)| id).collect();
        assert_eq!(scanned, parsed);
    }

    #[test]
    fn reading_a_large_file_table_by_table_never_changes_what_it_means() {
        // Property: for claims files built from pieces that fool a line
        // heuristic (an escaped \""" inside a multi-line string, """ inside
        // a literal string or a comment, ''' inside basic strings, a line
        // starting with [[claim]] inside a string), the table-by-table
        // reading gives exactly the claims and problems of the whole text.
        const VALUES: &[&str] = &[
            r#""plain""#,
            "\"\"\"\nline one\n[[claim]]\nid = \\\"phantom\\\"\n\"\"\"",
            "\"\"\"ends with an escaped \\\"\"\"\ninside\n[[claim]]\nstill inside\"\"\"",
            "'''\n[[claim]]\nid = \"phantom\"\n'''",
            r#"'a literal with """ in it'"#,
            r#""a basic with ''' in it""#,
            r#""""two quotes before the end"""""#,
            "'''one quote before the end''''",
        ];
        const EXTRAS: &[&str] = &[
            "",
            "# a comment with \"\"\" in it\n",
            "# a comment with ''' in it\n",
            "prefix = \"a\"\n",
            "start = 7\n",
        ];
        let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = |n: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            usize::try_from(seed % n as u64).unwrap()
        };
        let mut phantoms = 0;
        for case in 0..400 {
            let mut src = String::new();
            for k in 0..(2 + next(5)) {
                // Comments only between tables: a key there would belong to
                // the table before (twice, an invalid file).
                src.push_str(EXTRAS[next(3)]);
                src.push_str(&format!(
                    "[[claim]]\nid = \"c{case}-{k}\"\nstatement = {}\nlevel = \"confirmed\"\ndoc = \"d\"\nquote = {}\n{}\n",
                    VALUES[next(VALUES.len())],
                    VALUES[next(VALUES.len())],
                    EXTRAS[next(EXTRAS.len())],
                ));
            }
            phantoms += usize::from(src.contains("\\\"\"\"\ninside\n[[claim]]"));
            let whole = reading(&src, false);
            assert_eq!(whole.1, 0, "case {case} is a valid claims file:\n{src}");
            assert_eq!(reading(&src, true), whole, "case {case}:\n{src}");
        }
        assert!(
            phantoms > 50,
            "the escaped-quote trap was built {phantoms} times"
        );
    }

    const GOOD: &str = r#"# a comment
[[claim]]
id = "tail"
statement = "Russian intelligence put a tail on Mikhailov around April."
level = "confirmed"
doc = "the-bell/mikhailov-crowdstrike"
quote = "tail was put on Mikhailov"
start = 12

[[claim.evidence]]
quote = "confirmed that claim."
note = "a second source"
"#;

    #[test]
    fn a_valid_claim_with_evidence_inherits_the_doc() {
        let f = parse_claims("claims/x.toml", GOOD);
        assert!(f.problems.is_empty(), "{:?}", f.problems);
        let c = &f.claims[0];
        assert_eq!(c.line, 2);
        assert_eq!(c.anchors.len(), 2);
        assert_eq!(c.anchors[1].doc, "the-bell/mikhailov-crowdstrike");
        assert_eq!(c.anchors[1].kind, AnchorKind::Evidence(0));
        assert_eq!(c.anchors[1].line, 11);
        assert_eq!(c.anchors[0].start, Some(12));
    }

    #[test]
    fn unknown_key_names_line_and_column() {
        let src = GOOD.replace("start = 12", "  strat = 12");
        let f = parse_claims("c.toml", &src);
        assert!(f.claims.is_empty());
        assert_eq!(f.problems.len(), 1);
        assert_eq!((f.problems[0].line, f.problems[0].column), (8, 3));
        assert!(f.problems[0].message.contains("unknown key `strat`"));
    }

    #[test]
    fn unknown_level_lists_the_valid_ones() {
        let f = parse_claims("c.toml", &GOOD.replace("\"confirmed\"", "\"confirm\""));
        assert!(
            f.problems[0]
                .message
                .contains("confirmed, source-says, could-not-confirm")
        );
        assert_eq!(f.problems[0].line, 5);
    }

    #[test]
    fn one_bad_claim_keeps_the_others() {
        let src = format!(
            "{GOOD}\n[[claim]]\nid = \"x\"\nstatement = \"s\"\nlevel = \"confirmed\"\ndoc = \"d\"\nquote = \"\"\n"
        );
        let f = parse_claims("c.toml", &src);
        assert_eq!(f.claims.len(), 1);
        assert_eq!(f.problems.len(), 1);
        assert!(f.problems[0].message.contains("empty"));
    }

    #[test]
    fn a_blank_or_invisible_quote_and_an_overlong_context_are_invalid() {
        for q in ["   ", "\u{200B}\u{200E}", "\u{00AD}"] {
            let src = GOOD.replace("tail was put on Mikhailov", q);
            let f = parse_claims("c.toml", &src);
            assert!(f.claims.is_empty(), "{q:?}");
            assert!(
                f.problems[0].message.contains("invisible"),
                "{:?}",
                f.problems
            );
        }
        let long = "x".repeat(300);
        let f = parse_claims(
            "c.toml",
            &GOOD.replace("start = 12", &format!("start = 12\nprefix = \"{long}\"")),
        );
        assert!(
            f.problems[0].message.contains("longer than 256"),
            "{:?}",
            f.problems
        );
    }

    #[test]
    fn a_large_file_is_read_table_by_table_with_the_same_claims_and_positions() {
        let one = GOOD.replace("# a comment\n", "");
        let mut big = String::from("# many claims\n");
        let mut n = 0;
        while big.len() < CHUNKED_FROM + 10_000 {
            big.push_str(&one.replace("\"tail\"", &format!("\"tail-{n}\"")));
            big.push('\n');
            n += 1;
        }
        big.push_str("[[claim]]\nid = \"bad\"\nstatement = \"s\"\nlevel = \"maybe\"\ndoc = \"d\"\nquote = \"\"\"\n[[claim]]\nnot a header\"\"\"\n");
        let f = parse_claims("c.toml", &big);
        assert_eq!(f.claims.len(), n);
        assert_eq!(f.claims[n - 1].id, format!("tail-{}", n - 1));
        assert_eq!(f.claims[n - 1].index, n - 1);
        let lines_per = one.lines().count() + 1;
        assert_eq!(
            f.claims[1].line,
            2 + lines_per,
            "lines count from the file's start"
        );
        assert_eq!(f.problems.len(), 1, "{:?}", f.problems);
        assert!(f.problems[0].message.contains("unknown level"));
        let (whole_line, _) = crate::text::line_col(&big, big.find("level = \"maybe\"").unwrap());
        assert_eq!(f.problems[0].line, whole_line);
    }

    #[test]
    fn broken_toml_is_a_problem_with_a_line() {
        let f = parse_claims("c.toml", "[[claim]]\nid = \"a\nlevel = 1\n");
        assert_eq!(f.problems.len(), 1);
        assert_eq!(f.problems[0].line, 2);
        assert!(f.problems[0].message.starts_with("not valid TOML"));
    }

    #[test]
    fn wrong_types_and_missing_keys_are_reported() {
        let f = parse_claims(
            "c.toml",
            "[[claim]]\nid = \"a\"\nstatement = 3\nlevel = \"confirmed\"\ndoc = \"d\"\n",
        );
        let msgs: Vec<_> = f.problems.iter().map(|p| p.message.as_str()).collect();
        assert!(
            msgs.iter()
                .any(|m| m.contains("`statement` must be a string")),
            "{msgs:?}"
        );
        assert!(
            msgs.iter()
                .any(|m| m.contains("missing required key `quote`")),
            "{msgs:?}"
        );
    }
}

#[cfg(test)]
mod shapes {
    use super::*;

    const HEAD: &str =
        "id = \"a\"\nstatement = \"s\"\nlevel = \"confirmed\"\ndoc = \"d\"\nquote = \"q\"\n";

    /// Every problem of a claims file as `line:column message`.
    fn problems(src: &str) -> Vec<String> {
        parse_claims("c.toml", src)
            .problems
            .iter()
            .map(|p| format!("{}:{} {}", p.line, p.column, p.message))
            .collect()
    }

    #[test]
    fn tables_written_inline_or_single_bracketed_are_told_from_double_bracketed_ones() {
        assert_eq!(
            problems(&format!(
                "claim = [{{ {} }}]\n",
                HEAD.trim().replace('\n', ", ")
            )),
            ["1:9 `claim` must be written as [[claim]] tables (double brackets)"]
        );
        assert_eq!(
            problems(&format!("[claim]\n{HEAD}")),
            ["1:1 `claim` must be written as [[claim]] tables (double brackets)"]
        );
        assert_eq!(
            problems(&format!(
                "[[claim]]\n{HEAD}evidence = [{{ quote = \"e\" }}]\n"
            )),
            ["7:12 `evidence` must be written as [[claim.evidence]] tables"]
        );
        assert_eq!(
            problems(&format!(
                "[[claim]]\n{HEAD}[claim.evidence]\nquote = \"e\"\n"
            )),
            ["7:1 `evidence` must be written as [[claim.evidence]] tables"]
        );
        assert_eq!(
            problems(&format!("[[claim]]\n{HEAD}history = [[1]]\n")),
            ["7:11 `history` must be written as [[claim.history]] tables"]
        );
        // Nested inline arrays start with `[[` too: still not tables.
        assert_eq!(
            problems(&format!(
                "[[claim]]\n{HEAD}evidence = [[{{ quote = \"e\" }}]]\n"
            )),
            ["7:12 `evidence` must be written as [[claim.evidence]] tables"]
        );
    }

    #[test]
    fn a_value_of_the_wrong_type_is_named_as_written() {
        for (value, found) in [
            ("{ a = \"x\" }", "inline table"),
            ("[\"x\"]", "array"),
            ("3", "integer"),
            ("3.5", "float"),
            ("true", "boolean"),
            ("2026-11-21T10:00:00Z", "datetime"),
        ] {
            let src = format!("[[claim]]\n{}", HEAD.replace("\"s\"", value));
            assert_eq!(
                problems(&src),
                [format!("3:13 `statement` must be a string, found {found}")]
            );
        }
        let src = format!("[[claim]]\n{HEAD}[claim.notes]\nx = \"y\"\n");
        assert_eq!(
            problems(&src),
            ["7:1 `notes` must be a string, found a table"]
        );
        let src = format!("[[claim]]\n{HEAD}[[claim.notes]]\nx = \"y\"\n");
        assert_eq!(
            problems(&src),
            ["7:1 `notes` must be a string, found an array of tables"]
        );
    }

    #[test]
    fn offsets_in_any_radix_and_out_of_range_are_read_or_refused() {
        let f = parse_claims("c.toml", &format!("[[claim]]\n{HEAD}start = 0x1_0\n"));
        assert_eq!(f.claims[0].anchors[0].start, Some(16));
        assert_eq!(
            problems(&format!("[[claim]]\n{HEAD}start = -1\n")),
            ["7:9 `start` must be a code-point offset, 0 or more, not -1"]
        );
        assert_eq!(
            problems(&format!("[[claim]]\n{HEAD}start = \"12\"\n")),
            ["7:9 `start` must be a code-point offset (a whole number), found string"]
        );
    }

    #[test]
    fn extra_keys_keep_file_order_and_history_values_their_toml_text() {
        let src = format!(
            "[[claim]]\n{HEAD}[claim.extra]\nzeta = \"1\"\nalpha = \"2\"\n\
             [[claim.history]]\nat = 2026-11-21T10:00:00Z\naction = \"set\"\nfield = \"start\"\nfrom = 3\nto = \"x\"\n"
        );
        let f = parse_claims("c.toml", &src);
        assert!(f.problems.is_empty(), "{:?}", f.problems);
        let c = &f.claims[0];
        assert_eq!(
            c.extra,
            [("zeta".into(), "1".into()), ("alpha".into(), "2".into())]
        );
        assert_eq!(c.history[0].from.as_deref(), Some("3"));
        assert_eq!(c.history[0].to.as_deref(), Some("x"));
        assert_eq!(c.history[0].at, "2026-11-21T10:00:00Z");
    }

    #[test]
    fn unknown_keys_are_reported_in_file_order_at_their_key() {
        let src = format!("[[claim]]\nzz = 1\n{HEAD}aa = 2\n");
        let p = problems(&src);
        assert_eq!(p.len(), 2, "{p:?}");
        assert!(p[0].starts_with("2:1 unknown key `zz`"), "{p:?}");
        assert!(p[1].starts_with("8:1 unknown key `aa`"), "{p:?}");
    }
}
