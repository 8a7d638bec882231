//! The project on disk, and the only module that touches it: finding the
//! project, walking `claims/` and `corpus/`, reading documents and metadata,
//! and writing claims files atomically under a lock.

#![allow(clippy::disallowed_methods)] // The one module that touches the disk.

mod metadata;
mod read;
mod write;

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::ffi::OsString;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use rayon::prelude::*;

use crate::check::Documents;
use crate::check::finding::Unreadable;
use crate::check::plan::{FilePlan, Plan};
use crate::claim::{ClaimFile, Problem, parse_claims};
use crate::corpus::{Conflict, Corpus, DOC_EXTENSIONS, DocEntry};
use crate::text::DocText;
pub(crate) use metadata::Metadata;
pub(crate) use read::{
    MAX_DOC_SIZE, TextError, canonical, input, input_text, read_head, read_regular, read_text,
};
use read::{read_doc, read_metadata};
pub(crate) use write::{
    ClaimsLock, StagedDir, append, create_dir_all, create_new, discover, exists, is_dir,
    undo_created, write_all_atomic, write_atomic, write_output, write_output_bytes,
    write_output_with,
};

pub(crate) const CLAIMS_DIR: &str = "claims";
pub(crate) const CORPUS_DIR: &str = "corpus";

/// A project root with `claims/` and `corpus/`.
#[derive(Debug, Clone)]
pub(crate) struct Project {
    pub(crate) root: PathBuf,
    /// The largest document read, in bytes.
    pub(crate) max_doc: u64,
    /// Whether links that point outside the project are read.
    pub(crate) follow_links_outside: bool,
}

/// Where the project is, and the limits it is read with (from the command line).
#[derive(Debug, Clone)]
pub(crate) struct Location {
    pub(crate) root: PathBuf,
    /// The largest document read, in bytes.
    pub(crate) max_doc: u64,
    /// Whether links in `corpus/` and `claims/` that point outside the
    /// project are read.
    pub(crate) follow_links_outside: bool,
    /// Where relative paths on the command line start: `-C DIR`, else the
    /// current directory (as git does).
    pub(crate) base: PathBuf,
}

impl Location {
    /// An output path from the command line: `-` (standard output) as it
    /// is, any other relative to `base`.
    pub(crate) fn output(&self, p: &Path) -> PathBuf {
        if p.as_os_str() == "-" {
            p.to_path_buf()
        } else {
            self.base.join(p)
        }
    }
}

/// How much of the claims a command keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Records {
    /// Only what checking needs, packed (`check`: memory follows the plan).
    Packed,
    /// Every record whole, and the plan made from them (`table`, `show`, `add`).
    Full,
}

/// Which documents the corpus index keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Scope {
    /// Those some claim names, and those with metadata (to validate it).
    Named,
    /// Every document.
    All,
}

/// A project loaded: claims parsed (and packed), corpus indexed. Documents are
/// read only when they are checked.
pub(crate) struct Loaded {
    pub(crate) project: Project,
    /// The parsed files; empty when loaded `Records::Packed`.
    pub(crate) files: Vec<ClaimFile>,
    pub(crate) plan: Plan,
    pub(crate) corpus: Corpus,
}

impl Loaded {
    /// The one loader every command uses.
    pub(crate) fn open(at: &Location, records: Records, scope: Scope) -> Result<Loaded> {
        let project = Project::open(at)?;
        let (files, plan) = match records {
            // Packed as soon as parsed: one file's full records alive at a time.
            Records::Packed => (
                Vec::new(),
                Plan {
                    files: project.load_packed()?,
                    facts: crate::facts::Facts::default(),
                },
            ),
            Records::Full => {
                let files = project.load_each(|f| f)?;
                let plan = Plan::from_files(&files);
                (files, plan)
            }
        };
        let mut plan = plan;
        plan.facts = crate::facts::load(project.facts_text());
        let corpus = match scope {
            Scope::All => project.scan_corpus(|_| true)?,
            Scope::Named => {
                let named: HashSet<&str> = plan.doc_ids().collect();
                project.scan_corpus(|id| named.contains(id))?
            }
        };
        Ok(Loaded {
            project,
            files,
            plan,
            corpus,
        })
    }

    /// A project loaded for a command about a few claims (`show`, `accept`,
    /// `set`…): only the claims files that hold one of `ids` are parsed
    /// (`Project::claims_files_holding`), the plan has only those claims, and
    /// the corpus index only their documents and `docs`. When an id or one
    /// of `docs` is not found that way, the whole project is loaded, so what
    /// is said about it (did you mean, unreadable files) is what a full load
    /// says. Nothing is cached: every run reads the files as they are now.
    pub(crate) fn for_claims(at: &Location, ids: &[&str], docs: &[&str]) -> Result<Loaded> {
        let project = Project::open(at)?;
        let files = if ids.is_empty() {
            Vec::new()
        } else {
            project.claims_files_holding(ids)?
        };
        let has = |id: &str| files.iter().any(|f| f.claims.iter().any(|c| c.id == id));
        if !ids.iter().all(|id| has(id)) {
            return Loaded::open(at, Records::Full, Scope::All);
        }
        let asked: Vec<ClaimFile> = files
            .iter()
            .map(|f| ClaimFile {
                claims: f
                    .claims
                    .iter()
                    .filter(|c| ids.contains(&c.id.as_str()))
                    .cloned()
                    .collect(),
                path: f.path.clone(),
                disk: f.disk.clone(),
                problems: Vec::new(),
            })
            .collect();
        let mut plan = Plan::from_files(&asked);
        plan.facts = crate::facts::load(project.facts_text());
        let named: HashSet<&str> = plan.doc_ids().chain(docs.iter().copied()).collect();
        let corpus = project.scan_corpus_for(&named)?;
        if !docs.iter().all(|d| corpus.docs.contains_key(*d)) {
            return Loaded::open(at, Records::Full, Scope::All);
        }
        Ok(Loaded {
            project,
            files,
            plan,
            corpus,
        })
    }

    /// Reads documents and metadata from this project's disk.
    /// Every anchor of the loaded claims checked against the corpus on disk.
    pub(crate) fn check(&self, opts: &crate::check::Options) -> crate::check::report::Report<'_> {
        crate::check::check(&self.plan, &self.corpus, &self.disk(), opts)
    }

    pub(crate) fn disk(&self) -> Disk<'_> {
        Disk {
            root: &self.project.root,
            max_doc: self.project.max_doc,
        }
    }
}

/// Reads documents and metadata from disk, by their paths as shown.
pub(crate) struct Disk<'a> {
    root: &'a Path,
    max_doc: u64,
}

impl Documents for Disk<'_> {
    fn document(&self, display: &str) -> Result<Cow<'_, DocText>, Unreadable> {
        read_doc(&self.root.join(display), self.max_doc).map(Cow::Owned)
    }
    fn metadata(&self, display: &str, text: &str) -> Vec<Problem> {
        let (meta, mut problems) = read_metadata(&self.root.join(display));
        // The text an importer wrote, edited since: no longer as published.
        if let Some(recorded) = meta.fields.get("sha256")
            && let Ok(bytes) = read::read_regular(&self.root.join(text), self.max_doc)
        {
            let now = crate::ingest::sha256(&bytes);
            if !recorded.eq_ignore_ascii_case(&now) {
                problems.push(Problem {
                    line: meta.lines.get("sha256").copied().unwrap_or(1),
                    column: 1,
                    claim: None,
                    message: format!(
                        "`sha256` is not the hash of {text} (now {now}): the text was changed after it was imported, so it is no longer the page's words; `claimtrack import html PAGE --id ID --update` extracts it again from the page kept beside it, and a deliberate edit records the new hash"
                    ),
                });
            }
        }
        problems
    }
}

/// Path relative to the root with `/` separators, for display.
fn display_path(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// One folder's entries, sorted: files (links included, to whatever they
/// point at), folders (not links), and which of the files are links.
#[derive(Default)]
struct Listing {
    files: Vec<OsString>,
    dirs: Vec<OsString>,
    links: Vec<OsString>,
    /// Why the folder could not be listed (its contents then unknown).
    unlisted: Option<String>,
}

impl Listing {
    fn is_link(&self, name: &std::ffi::OsStr) -> bool {
        self.links
            .binary_search_by(|l| l.as_os_str().cmp(name))
            .is_ok()
    }
}

/// Lists every folder below `dir` (itself included), with the sorted names
/// of its files and of its folders, hidden entries skipped, and maps each
/// listing with `visit`. Sibling folders are listed in parallel; the results
/// come back in path order (a folder before the folders inside it).
///
/// Only `dir` itself must be listable: a folder below it that cannot be
/// listed is visited with `unlisted` set (and nothing in it), so the caller
/// turns it into a finding and the rest of the tree is still read.
fn walk<T: Send>(dir: &Path, visit: &(impl Fn(&Path, &Listing) -> T + Sync)) -> io::Result<Vec<T>> {
    walk_with(dir, &list, visit, true)
}

/// One folder's listing, hidden entries skipped, names sorted.
fn list(dir: &Path) -> io::Result<Listing> {
    let mut l = Listing::default();
    for e in fs::read_dir(dir)? {
        let e = e?;
        let name = e.file_name();
        if name.as_encoded_bytes().starts_with(b".") {
            continue;
        }
        let t = e.file_type()?;
        if t.is_symlink() {
            l.links.push(name.clone());
        }
        if t.is_dir() {
            l.dirs.push(name);
        } else {
            l.files.push(name);
        }
    }
    l.files.sort_unstable();
    l.dirs.sort_unstable();
    l.links.sort_unstable();
    Ok(l)
}

fn walk_with<T: Send>(
    dir: &Path,
    lister: &(impl Fn(&Path) -> io::Result<Listing> + Sync),
    visit: &(impl Fn(&Path, &Listing) -> T + Sync),
    top: bool,
) -> io::Result<Vec<T>> {
    let l = match lister(dir) {
        Ok(l) => l,
        Err(e) if !top => Listing {
            unlisted: Some(e.to_string()),
            ..Listing::default()
        },
        Err(e) => return Err(e),
    };
    let here = visit(dir, &l);
    let below = l
        .dirs
        .par_iter()
        .map(|d| walk_with(&dir.join(d), lister, visit, false))
        .collect::<io::Result<Vec<_>>>()?;
    let mut out = Vec::with_capacity(1 + below.iter().map(Vec::len).sum::<usize>());
    out.push(here);
    out.extend(below.into_iter().flatten());
    Ok(out)
}

impl Project {
    /// Opens a project root; it must hold `claims/` and `corpus/`, and,
    /// unless links outside are followed, neither may lead outside the root
    /// (everything under it would be read, and `--fix`, `set` and `accept`
    /// would write there).
    pub(crate) fn open(at: &Location) -> Result<Project> {
        let root = at.root.as_path();
        for dir in [CLAIMS_DIR, CORPUS_DIR] {
            let p = root.join(dir);
            if !p.is_dir() {
                bail!(
                    "no `{dir}/` folder in {}: run claimtrack in a project folder (or pass -C DIR), or create one with `claimtrack init`",
                    if root.as_os_str().is_empty() {
                        Path::new(".")
                    } else {
                        root
                    }
                    .display()
                );
            }
        }
        let project = Project {
            root: root.to_path_buf(),
            max_doc: at.max_doc,
            follow_links_outside: at.follow_links_outside,
        };
        for dir in [CLAIMS_DIR, CORPUS_DIR] {
            if let Some(target) = project.outside(&root.join(dir)) {
                bail!(
                    "{dir}/ leads to {target}, outside the project: not read, and nothing is written there (--follow-links-outside reads it)"
                );
            }
        }
        Ok(project)
    }

    pub(crate) fn claims_dir(&self) -> PathBuf {
        self.root.join(CLAIMS_DIR)
    }

    /// Where a claims file named by `rel` (relative to the project) lives, if
    /// it is one `check` reads: a `.toml` file under `claims/`, no part of its
    /// path hidden (`.x`) or `..`, and no folder on the way a link (`check`
    /// does not follow folder links, and nothing is written outside the
    /// project). The one rule `add` shares with the walk `check` makes.
    pub(crate) fn claims_target(&self, rel: &Path) -> Result<PathBuf, String> {
        use std::path::Component;
        if rel.is_absolute() {
            return Err("an absolute path".into());
        }
        let parts: Vec<&std::ffi::OsStr> = rel
            .components()
            .filter(|c| !matches!(c, Component::CurDir))
            .map(|c| match c {
                Component::Normal(n) => Ok(n),
                _ => Err("a path that leaves its folder (`..`)".to_string()),
            })
            .collect::<Result<_, _>>()?;
        if parts.first().is_none_or(|p| *p != CLAIMS_DIR) || parts.len() < 2 {
            return Err("not under claims/".into());
        }
        if parts.iter().any(|p| p.as_encoded_bytes().starts_with(b".")) {
            return Err("a hidden name, which `check` skips".into());
        }
        let path: PathBuf = parts.iter().collect();
        if path.extension().is_none_or(|e| e != "toml") {
            return Err("not a .toml file".into());
        }
        let mut at = self.root.clone();
        for p in &parts[..parts.len() - 1] {
            at.push(p);
            if fs::symlink_metadata(&at).is_ok_and(|m| m.file_type().is_symlink()) {
                return Err(format!(
                    "{} is a link to a folder, which `check` does not follow",
                    self.display(&at)
                ));
            }
        }
        Ok(self.root.join(path))
    }

    /// A path as shown to people: relative to the root, with `/`.
    pub(crate) fn display(&self, path: &Path) -> String {
        display_path(&self.root, path)
    }

    /// Every claims file, each packed as it is parsed (see `FilePlan::parse`).
    fn load_packed(&self) -> Result<Vec<FilePlan>> {
        let paths = self.claims_paths()?;
        Ok(paths
            .par_iter()
            .map(
                |(path, link, why)| match self.read_claims_file(path, *link, why.as_deref()) {
                    Ok(src) => FilePlan::parse(self.display(path), path.clone(), &src),
                    Err(file) => FilePlan::pack(&file),
                },
            )
            .collect())
    }

    /// Every `claims/**/*.toml`, parsed, then handed to `then`, in parallel
    /// and kept in path order. A file that cannot be read becomes a problem
    /// in its `ClaimFile`; the others are still read.
    fn load_each<T: Send>(&self, then: impl Fn(ClaimFile) -> T + Sync) -> Result<Vec<T>> {
        let paths = self.claims_paths()?;
        let files = paths
            .par_iter()
            .map(
                |(path, link, why)| match self.read_claims_file(path, *link, why.as_deref()) {
                    Ok(src) => {
                        let mut file = parse_claims(&self.display(path), &src);
                        file.disk.clone_from(path);
                        file
                    }
                    Err(file) => file,
                },
            )
            .map(&then)
            .collect();
        Ok(files)
    }

    /// The claims files whose text holds one of `needles`, parsed, in path
    /// order: a byte scan of every file (memchr), then a parse of the few
    /// that hold one, so a command about one claim does not pay for parsing
    /// the whole log. A file with a `\\u` or `\\U` escape, which could spell
    /// a needle, is parsed too. Files that cannot be read are left out (a
    /// full load reports them).
    pub(crate) fn claims_files_holding(&self, needles: &[&str]) -> Result<Vec<ClaimFile>> {
        use memchr::memmem::Finder;
        let finders: Vec<Finder<'_>> = needles
            .iter()
            .filter(|n| !n.is_empty())
            .map(|n| Finder::new(n.as_bytes()))
            .chain([Finder::new(b"\\u"), Finder::new(b"\\U")])
            .collect();
        let paths = self.claims_paths()?;
        Ok(paths
            .par_iter()
            .filter(|(_, _, why)| why.is_none())
            .filter(|(path, link, _)| !*link || self.outside(path).is_none())
            .filter_map(|(path, _, _)| {
                // Bytes first: only a file that holds a needle is validated and parsed.
                let bytes = read_regular(path, read::MAX_TEXT_SIZE).ok()?;
                if !finders.iter().any(|f| f.find(&bytes).is_some()) {
                    return None;
                }
                let src = String::from_utf8(bytes).ok()?;
                let mut file = parse_claims(&self.display(path), &src);
                file.disk.clone_from(path);
                Some(file)
            })
            .collect())
    }

    /// A claims file the plan packed, read and parsed whole again (for a
    /// command that streams the log, a batch of files at a time). A file
    /// that no longer holds the claims it held when packed is an error.
    pub(crate) fn reparse(&self, packed: &FilePlan) -> Result<ClaimFile> {
        let link = read::is_link(&packed.disk);
        let file = match self.read_claims_file(&packed.disk, link, None) {
            Ok(src) => {
                let mut file = parse_claims(&packed.path, &src);
                file.disk.clone_from(&packed.disk);
                file
            }
            Err(file) if packed.claims().next().is_none() => return Ok(file),
            Err(_) => bail!("{} could not be read again: run once more", packed.path),
        };
        let same = file.claims.len() == packed.claims().count()
            && file
                .claims
                .iter()
                .zip(packed.claims())
                .all(|(c, p)| c.id == p.id);
        if !same {
            bail!("{} changed while it was read: run once more", packed.path);
        }
        Ok(file)
    }

    /// The id and statement of every claim, in path order, by a scan of the
    /// claims files rather than a parse (`claim::heads`): for completions,
    /// fast on an archive. Files that cannot be read or listed are left out.
    pub(crate) fn claim_heads(&self) -> Vec<(String, Option<String>)> {
        let paths = self.claims_paths().unwrap_or_default();
        paths
            .par_iter()
            .filter(|(_, _, why)| why.is_none())
            .map(|(path, link, _)| {
                self.read_claims_file(path, *link, None)
                    .map(|src| crate::claim::heads(&src))
                    .unwrap_or_default()
            })
            .flatten()
            .collect()
    }

    /// The id of every document in `corpus/`, sorted.
    pub(crate) fn document_ids(&self) -> Vec<String> {
        self.scan_corpus(|_| true)
            .map(|c| c.docs.into_keys().collect())
            .unwrap_or_default()
    }

    /// Every `claims/**/*.toml` in path order, each with whether it is a
    /// link; a folder that cannot be listed comes with why instead.
    fn claims_paths(&self) -> Result<Vec<(PathBuf, bool, Option<String>)>> {
        let facts = self.root.join(crate::facts::FACTS_FILE);
        let mut paths: Vec<(PathBuf, bool, Option<String>)> =
            walk(&self.claims_dir(), &|dir, l| {
                if let Some(why) = &l.unlisted {
                    return vec![(dir.to_path_buf(), false, Some(why.clone()))];
                }
                l.files
                    .iter()
                    .filter(|n| Path::new(n).extension().is_some_and(|e| e == "toml"))
                    .map(|n| (dir.join(n), l.is_link(n), None))
                    // The fact records are not claims.
                    .filter(|(p, _, _)| *p != facts)
                    .collect::<Vec<_>>()
            })
            .context("cannot list claims/")?
            .into_iter()
            .flatten()
            .collect();
        // In path order, as a whole-tree listing sorts them.
        paths.sort_unstable();
        Ok(paths)
    }

    /// A claims file's text, or the file as a problem when it cannot be read.
    fn read_claims_file(
        &self,
        path: &Path,
        link: bool,
        unlisted: Option<&str>,
    ) -> Result<String, ClaimFile> {
        let display = self.display(path);
        let problem = |line, message| {
            let mut file = problem_file(display.clone(), line, message);
            file.disk = path.to_path_buf();
            file
        };
        if let Some(why) = unlisted {
            return Err(problem(
                1,
                format!("cannot list this folder ({why}): the claims files in it are not checked"),
            ));
        }
        if link && let Some(target) = self.outside(path) {
            return Err(problem(1, outside_message(&target)));
        }
        match read_text(path) {
            Ok(Some(src)) => Ok(src),
            Ok(None) => Err(problem(1, "cannot read: not found".into())),
            Err(TextError::Io(e)) => Err(problem(1, format!("cannot read: {e}"))),
            Err(TextError::Utf8 { byte, line }) => Err(problem(
                line,
                format!("not valid UTF-8: invalid byte at byte offset {byte}"),
            )),
        }
    }

    /// Indexes the documents `wanted` names, and every document with a metadata
    /// file (to be validated), so the index follows the claims, not the corpus.
    fn scan_corpus(&self, wanted: impl Fn(&str) -> bool + Sync) -> Result<Corpus> {
        let dir = self.root.join(CORPUS_DIR);
        let folders = walk(&dir, &|folder, l| {
            self.index_folder(&dir, folder, l, &wanted)
        })
        .context("cannot list corpus/")?;
        let mut corpus = Corpus::default();
        for (docs, conflicts, unlisted) in folders {
            corpus.docs.extend(docs);
            corpus.conflicts.extend(conflicts);
            corpus.unlisted.extend(unlisted);
        }
        Ok(corpus)
    }

    /// The index entries of the documents `ids` name, found by listing only
    /// the folders they would be in: the same entries a scan of the whole
    /// corpus gives them (a link, a conflict, a metadata file beside), in the
    /// time of a few folders, for the commands about one claim. A folder the
    /// walk would not enter (hidden, a link) holds none of them; when a folder
    /// cannot be listed, the whole corpus is scanned, which says why.
    fn scan_corpus_for(&self, ids: &HashSet<&str>) -> Result<Corpus> {
        let dir = self.root.join(CORPUS_DIR);
        let folders: std::collections::BTreeSet<&str> = ids
            .iter()
            .map(|id| id.rsplit_once('/').map_or("", |(f, _)| f))
            .collect();
        let mut corpus = Corpus::default();
        for rel in folders {
            let mut folder = dir.clone();
            let walked = rel.is_empty()
                || rel.split('/').all(|c| {
                    folder.push(c);
                    !c.is_empty()
                        && !c.starts_with('.')
                        && fs::symlink_metadata(&folder).is_ok_and(|m| m.is_dir())
                });
            if !walked {
                continue;
            }
            let Ok(l) = list(&folder) else {
                return self.scan_corpus(|id| ids.contains(id));
            };
            let (docs, conflicts, _) = self.index_folder(&dir, &folder, &l, &|id| ids.contains(id));
            // Only those asked for: a metadata file's document is `check`'s business.
            corpus
                .docs
                .extend(docs.into_iter().filter(|(id, _)| ids.contains(id.as_str())));
            corpus.conflicts.extend(conflicts);
        }
        Ok(corpus)
    }

    /// One folder of `corpus/` indexed: its documents `wanted` names or that
    /// have metadata, the ids two files give, and why it could not be listed.
    #[allow(clippy::type_complexity)]
    fn index_folder(
        &self,
        dir: &Path,
        folder: &Path,
        l: &Listing,
        wanted: &(impl Fn(&str) -> bool + Sync),
    ) -> (
        Vec<(String, DocEntry)>,
        Vec<Conflict>,
        Option<(String, String)>,
    ) {
        let unlisted = l
            .unlisted
            .as_ref()
            .map(|why| (self.display(folder), why.clone()));
        let mut docs = Vec::new();
        let mut conflicts = Vec::new();
        // Stems this folder has given, for `x.txt` beside `x.md`.
        let mut seen: HashMap<&str, String> = HashMap::new();
        // A folder named like a document is listed too: reading it is a
        // finding ("a folder, not a regular file"), not a missing document.
        let mut names: Vec<String> = l
            .files
            .iter()
            .chain(&l.dirs)
            .map(|n| n.to_string_lossy().into_owned())
            .collect();
        // Sorted again: a name that is not UTF-8 may sort differently once lossy.
        names.sort_unstable();

        for name in &names {
            let Some((stem, ext)) = name.rsplit_once('.') else {
                continue;
            };
            if stem.is_empty() || !DOC_EXTENSIONS.contains(&ext) {
                continue;
            }
            let path = folder.join(name);
            let display = self.display(&path);
            let id = display_path(dir, &path.with_extension(""));
            if let Some(prev) = seen.get(stem) {
                conflicts.push(Conflict {
                    id,
                    first: prev.clone(),
                    second: display,
                });
                continue;
            }
            seen.insert(stem, display.clone());
            let has_meta = names.binary_search(&format!("{stem}.toml")).is_ok();
            if has_meta || wanted(&id) {
                let outside_link = |name: &str| {
                    if l.is_link(std::ffi::OsStr::new(name)) {
                        self.outside(&folder.join(name))
                    } else {
                        None
                    }
                };
                let outside = outside_link(name);
                let meta_outside = has_meta
                    .then(|| outside_link(&format!("{stem}.toml")))
                    .flatten();
                docs.push((
                    id,
                    DocEntry {
                        display,
                        has_meta,
                        outside,
                        meta_outside,
                    },
                ));
            }
        }
        (docs, conflicts, unlisted)
    }

    /// Where a path leads, when that is outside the project and links
    /// outside are not followed.
    fn outside(&self, path: &Path) -> Option<String> {
        if self.follow_links_outside {
            return None;
        }
        let target = read::canonical(path).ok()?;
        let root = read::canonical(&self.root).ok()?;
        (!target.starts_with(root)).then(|| target.display().to_string())
    }

    /// The text of `claims/facts.toml`: `None` when there is none, a problem
    /// (at line 1) when it cannot be read, is not UTF-8, or leads outside.
    pub(crate) fn facts_text(&self) -> Option<Result<String, String>> {
        let path = self.root.join(crate::facts::FACTS_FILE);
        if read::is_link(&path)
            && let Some(target) = self.outside(&path)
        {
            return Some(Err(outside_message(&target)));
        }
        match read_text(&path) {
            Ok(None) => None,
            Ok(Some(src)) => Some(Ok(src)),
            Err(TextError::Io(e)) => Some(Err(format!("cannot read: {e}"))),
            Err(TextError::Utf8 { byte, .. }) => Some(Err(format!(
                "not valid UTF-8: invalid byte at byte offset {byte}"
            ))),
        }
    }

    /// A document's text, for a command that needs it outside a check.
    pub(crate) fn document(&self, entry: &DocEntry) -> Result<DocText, Unreadable> {
        if let Some(target) = &entry.outside {
            return Err(Unreadable::Outside(target.clone()));
        }
        read_doc(&self.root.join(&entry.display), self.max_doc)
    }

    /// A document's metadata; problems are ignored (`check` reports them).
    pub(crate) fn metadata(&self, entry: &DocEntry) -> Metadata {
        if entry.meta_outside.is_some() {
            return Metadata::default();
        }
        entry
            .meta_display()
            .map(|m| read_metadata(&self.root.join(m)).0)
            .unwrap_or_default()
    }
}

/// Why a file linked outside the project was not read.
pub(crate) fn outside_message(target: &str) -> String {
    format!("a link to {target}, outside the project: not read (--follow-links-outside reads it)")
}

fn problem_file(path: String, line: usize, message: String) -> ClaimFile {
    ClaimFile {
        path,
        disk: PathBuf::new(),
        claims: Vec::new(),
        problems: vec![Problem {
            line,
            column: 1,
            claim: None,
            message,
        }],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Where a test project at `root` is opened from.
    fn location(root: &Path) -> Location {
        Location {
            root: root.to_path_buf(),
            max_doc: u64::MAX,
            follow_links_outside: false,
            base: root.to_path_buf(),
        }
    }

    #[test]
    fn a_folder_that_cannot_be_listed_is_visited_with_why_and_the_rest_is_read() {
        // Root lists every folder, so the failure is injected: the lister
        // refuses one subfolder, as a permission or a vanished folder would.
        let root = std::env::temp_dir().join(format!("claimtrack-walk-{}", std::process::id()));
        let _ = fs::remove_dir_all(&root);
        fs::create_dir_all(root.join("a")).unwrap();
        fs::create_dir_all(root.join("b")).unwrap();
        fs::write(root.join("b/x.toml"), "").unwrap();
        let lister = |d: &Path| {
            if d.ends_with("a") {
                Err(io::Error::new(io::ErrorKind::PermissionDenied, "denied"))
            } else {
                list(d)
            }
        };
        let seen = walk_with(
            &root,
            &lister,
            &|d: &Path, l: &Listing| (d.to_path_buf(), l.unlisted.clone(), l.files.len()),
            true,
        )
        .unwrap();
        assert_eq!(seen.len(), 3);
        assert_eq!(seen[1], (root.join("a"), Some("denied".into()), 0));
        assert_eq!(seen[2], (root.join("b"), None, 1));
        // The top folder itself must be listable.
        assert!(walk_with(&root.join("none"), &list, &|_, _| (), true).is_err());
        fs::remove_dir_all(root).unwrap();
    }

    #[test]
    fn the_index_for_a_check_keeps_named_documents_and_those_with_metadata() {
        let root = std::env::temp_dir().join(format!("claimtrack-index-{}", std::process::id()));
        let _ = fs::remove_dir_all(&root);
        for (rel, body) in [
            ("claims/.keep", ""),
            ("corpus/a.txt", "named"),
            ("corpus/b.txt", "not named"),
            ("corpus/sub/c.md", "has metadata"),
            ("corpus/sub/c.toml", "title = \"C\""),
        ] {
            let path = root.join(rel);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(path, body).unwrap();
        }
        let project = Project::open(&location(&root)).unwrap();
        let corpus = project.scan_corpus(|id| id == "a").unwrap();
        let full = project.scan_corpus(|_| true).unwrap();
        let _ = fs::remove_dir_all(&root);
        let ids: Vec<&str> = corpus.docs.keys().map(String::as_str).collect();
        assert_eq!(ids, ["a", "sub/c"]);
        assert_eq!(full.docs.len(), 3);
        let c = &corpus.docs["sub/c"];
        assert_eq!(c.display, "corpus/sub/c.md");
        assert_eq!(c.meta_display().as_deref(), Some("corpus/sub/c.toml"));
        assert_eq!(corpus.docs["a"].meta_display(), None);
    }

    #[test]
    fn the_index_of_a_few_documents_equals_the_whole_scan_of_them_and_the_scan_finds_every_claims_file_holding_an_id()
     {
        let root = std::env::temp_dir().join(format!("claimtrack-few-{}", std::process::id()));
        let _ = fs::remove_dir_all(&root);
        for (rel, body) in [
            (
                "claims/one.toml",
                "[[claim]]\nid = \"x-1\"\nstatement = \"S\"\nlevel = \"confirmed\"\ndoc = \"a\"\nquote = \"q\"\n",
            ),
            (
                "claims/sub/two.toml",
                "[[claim]]\nid = \"x-2\"\nstatement = \"S\"\nlevel = \"confirmed\"\ndoc = \"a\"\nquote = \"q\"\n",
            ),
            // The id spelt with an escape: no byte of it matches, the escape does.
            (
                "claims/three.toml",
                "[[claim]]\nid = \"\\u0078-3\"\nstatement = \"S\"\nlevel = \"confirmed\"\ndoc = \"a\"\nquote = \"q\"\n",
            ),
            ("corpus/a.txt", "top"),
            ("corpus/f/x.txt", "a conflict"),
            ("corpus/f/x.md", "a conflict"),
            ("corpus/f/y.txt", "with metadata"),
            ("corpus/f/y.toml", "title = \"Y\""),
            ("corpus/f/g/deep.md", "two folders down"),
            ("corpus/.hidden/z.txt", "never walked"),
            (
                "corpus/f/folder.txt/inside.txt",
                "a folder named like a document",
            ),
        ] {
            let path = root.join(rel);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(path, body).unwrap();
        }
        #[cfg(unix)]
        std::os::unix::fs::symlink(root.join("corpus/f"), root.join("corpus/link")).unwrap();
        let project = Project::open(&location(&root)).unwrap();
        let ids: HashSet<&str> = [
            "a",
            "f/x",
            "f/y",
            "f/g/deep",
            ".hidden/z",
            "link/y",
            "f/folder",
            "none",
            "f/none",
            "../corpus/a",
            "f//y",
            "",
        ]
        .into_iter()
        .collect();
        let few = project.scan_corpus_for(&ids).unwrap();
        let all = project.scan_corpus(|id| ids.contains(id)).unwrap();
        let holding: Vec<String> = project
            .claims_files_holding(&["x-2"])
            .unwrap()
            .into_iter()
            .map(|f| f.path)
            .collect();
        let _ = fs::remove_dir_all(&root);
        let entries = |c: &Corpus| -> Vec<String> {
            c.docs
                .iter()
                .filter(|(id, _)| ids.contains(id.as_str()))
                .map(|(id, e)| format!("{id} {} {} {:?}", e.display, e.has_meta, e.outside))
                .collect()
        };
        assert_eq!(entries(&few), entries(&all));
        assert_eq!(
            entries(&few),
            [
                "a corpus/a.txt false None",
                "f/folder corpus/f/folder.txt false None",
                "f/g/deep corpus/f/g/deep.md false None",
                "f/x corpus/f/x.md false None",
                "f/y corpus/f/y.txt true None",
            ]
        );
        let conflicts = |c: &Corpus| -> Vec<String> {
            c.conflicts
                .iter()
                .map(|c| format!("{} {} {}", c.id, c.first, c.second))
                .collect()
        };
        assert_eq!(conflicts(&few), ["f/x corpus/f/x.md corpus/f/x.txt"]);
        assert!(conflicts(&all).contains(&conflicts(&few)[0]));
        assert_eq!(holding, ["claims/sub/two.toml", "claims/three.toml"]);
    }
}
