//! The project on disk: finding claims files and corpus documents, reading
//! them, and validating document metadata. The only module that reads files.

use std::collections::{BTreeMap, HashMap};
use std::ffi::OsString;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use rayon::prelude::*;

use crate::claim::{ClaimFile, Problem, line_col, parse_claims};
use crate::plan::{FilePlan, Plan};
use crate::text::{DecodeError, DocText};

pub const CLAIMS_DIR: &str = "claims";
pub const CORPUS_DIR: &str = "corpus";
const DOC_EXTENSIONS: &[&str] = &["txt", "md"];
const META_KEYS: &[&str] = &["title", "outlet", "author", "url", "published", "retrieved"];

/// A project root with `claims/` and `corpus/`.
#[derive(Debug, Clone)]
pub struct Project {
    pub root: PathBuf,
}

/// A corpus document found on disk.
#[derive(Debug, Clone)]
pub struct DocEntry {
    /// Path relative to the project root, as shown to people, e.g. `corpus/slate/x.txt`.
    pub display: String,
    /// Whether a metadata file (`x.toml`) lies beside it.
    pub has_meta: bool,
}

/// The corpus index: ids to files. Documents themselves are read on demand.
#[derive(Debug, Default)]
pub struct Corpus {
    /// The project root the paths are relative to.
    pub root: PathBuf,
    pub docs: BTreeMap<String, DocEntry>,
    /// Two files that claim one id (`x.txt` and `x.md`).
    pub conflicts: Vec<(String, String)>,
}

impl Corpus {
    /// Where a document is on disk.
    pub fn path(&self, entry: &DocEntry) -> PathBuf {
        self.root.join(&entry.display)
    }

    /// Where its metadata file is, if it has one.
    pub fn meta_path(&self, entry: &DocEntry) -> Option<PathBuf> {
        entry
            .has_meta
            .then(|| self.path(entry).with_extension("toml"))
    }
}

/// Why a document could not be read.
#[derive(Debug)]
pub enum DocError {
    Io(io::Error),
    Decode(DecodeError),
}

impl std::fmt::Display for DocError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DocError::Io(e) => write!(f, "cannot read: {e}"),
            DocError::Decode(e) => e.fmt(f),
        }
    }
}

/// Document metadata (`corpus/<id>.toml`).
#[derive(Debug, Default, Clone)]
pub struct Metadata {
    pub fields: BTreeMap<String, String>,
}

/// Path relative to the root with `/` separators, for display.
pub fn display_path(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// Visits every folder below `dir` (itself included), in path order, with the
/// sorted names of its files; hidden entries are skipped. Only one folder's
/// listing is held at a time.
fn walk(dir: &Path, visit: &mut impl FnMut(&Path, &[OsString])) -> io::Result<()> {
    let mut files = Vec::new();
    let mut dirs = Vec::new();
    for e in fs::read_dir(dir)? {
        let e = e?;
        let name = e.file_name();
        if name.as_encoded_bytes().starts_with(b".") {
            continue;
        }
        if e.file_type()?.is_dir() {
            dirs.push(name);
        } else {
            files.push(name);
        }
    }
    files.sort_unstable();
    dirs.sort_unstable();
    visit(dir, &files);
    drop(files);
    for d in dirs {
        walk(&dir.join(d), visit)?;
    }
    Ok(())
}

impl Project {
    /// Opens a project root; it must hold `claims/` and `corpus/`.
    pub fn open(root: &Path) -> Result<Project> {
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
        Ok(Project {
            root: root.to_path_buf(),
        })
    }

    pub fn claims_dir(&self) -> PathBuf {
        self.root.join(CLAIMS_DIR)
    }

    pub fn display(&self, path: &Path) -> String {
        display_path(&self.root, path)
    }

    /// Every `claims/**/*.toml`, parsed. A file that cannot be read becomes a
    /// problem in its `ClaimFile`; the others are still read.
    pub fn load_claims(&self) -> Result<Vec<ClaimFile>> {
        self.load_each(|f| f)
    }

    /// Every claims file, parsed and packed at once: the full records of one
    /// file at a time are alive, so memory follows the plan, not the log.
    pub fn load_plan(&self) -> Result<Plan> {
        Ok(Plan {
            files: self.load_each(|f| FilePlan::pack(&f))?,
        })
    }

    fn load_each<T: Send>(&self, then: impl Fn(ClaimFile) -> T + Sync) -> Result<Vec<T>> {
        let mut paths = Vec::new();
        walk(&self.claims_dir(), &mut |dir, names| {
            paths.extend(
                names
                    .iter()
                    .map(|n| dir.join(n))
                    .filter(|p| p.extension().is_some_and(|e| e == "toml")),
            );
        })
        .context("cannot list claims/")?;
        // In path order, as a whole-tree listing sorts them.
        paths.sort();
        // Read and parsed in parallel, kept in path order.
        let files = paths
            .par_iter()
            .map(|path| {
                let display = self.display(path);
                match fs::read(path) {
                    Ok(bytes) => match String::from_utf8(bytes) {
                        Ok(src) => parse_claims(&display, &src),
                        Err(e) => {
                            let at = e.utf8_error().valid_up_to();
                            let line =
                                1 + e.as_bytes()[..at].iter().filter(|&&b| b == b'\n').count();
                            problem_file(
                                display,
                                line,
                                format!("not valid UTF-8: invalid byte at byte offset {at}"),
                            )
                        }
                    },
                    Err(e) => problem_file(display, 1, format!("cannot read: {e}")),
                }
            })
            .map(&then)
            .collect();
        Ok(files)
    }

    /// Indexes `corpus/`: every `.txt` and `.md` file by id.
    pub fn scan_corpus(&self) -> Result<Corpus> {
        self.scan_corpus_for(|_| true)
    }

    /// Indexes the documents `wanted` names, and every document with a metadata
    /// file (to be validated), so the index follows the claims, not the corpus.
    pub fn scan_corpus_for(&self, wanted: impl Fn(&str) -> bool) -> Result<Corpus> {
        let dir = self.root.join(CORPUS_DIR);
        let mut corpus = Corpus {
            root: self.root.clone(),
            ..Corpus::default()
        };
        walk(&dir, &mut |folder, names| {
            // Stems this folder has given, for `x.txt` beside `x.md`.
            let mut seen: HashMap<&str, String> = HashMap::new();
            let mut names: Vec<String> = names
                .iter()
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
                if let Some(prev) = seen.get(stem) {
                    corpus.conflicts.push((prev.clone(), display));
                    continue;
                }
                seen.insert(stem, display.clone());
                let id = display_path(&dir, &path.with_extension(""));
                let has_meta = names.binary_search(&format!("{stem}.toml")).is_ok();
                if has_meta || wanted(&id) {
                    corpus.docs.insert(id, DocEntry { display, has_meta });
                }
            }
        })
        .context("cannot list corpus/")?;
        Ok(corpus)
    }
}

fn problem_file(path: String, line: usize, message: String) -> ClaimFile {
    ClaimFile {
        path,
        claims: Vec::new(),
        problems: vec![Problem {
            line,
            column: 1,
            claim: None,
            message,
        }],
    }
}

/// Reads and decodes one document.
pub fn read_doc(path: &Path) -> Result<DocText, DocError> {
    let bytes = fs::read(path).map_err(DocError::Io)?;
    DocText::decode(bytes).map_err(DocError::Decode)
}

/// Reads and validates a metadata file; problems carry line and column.
pub fn read_metadata(path: &Path) -> (Metadata, Vec<Problem>) {
    match fs::read_to_string(path) {
        Ok(src) => parse_metadata(&src),
        Err(e) => (
            Metadata::default(),
            vec![Problem {
                line: 1,
                column: 1,
                claim: None,
                message: format!("cannot read: {e}"),
            }],
        ),
    }
}

/// Metadata as written: only the known keys, each a string (dates may be TOML dates).
#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMetadata {
    title: Option<MetaValue>,
    outlet: Option<MetaValue>,
    author: Option<MetaValue>,
    url: Option<MetaValue>,
    published: Option<MetaValue>,
    retrieved: Option<MetaValue>,
}

#[derive(Debug, serde::Deserialize)]
#[serde(untagged)]
enum MetaValue {
    Text(String),
    Date(toml::value::Datetime),
}

/// Validates metadata text; a problem carries line and column.
pub fn parse_metadata(src: &str) -> (Metadata, Vec<Problem>) {
    match toml::from_str::<RawMetadata>(src) {
        Ok(raw) => {
            let mut meta = Metadata::default();
            let fields = [
                ("title", raw.title),
                ("outlet", raw.outlet),
                ("author", raw.author),
                ("url", raw.url),
                ("published", raw.published),
                ("retrieved", raw.retrieved),
            ];
            for (key, value) in fields {
                if let Some(v) = value {
                    let text = match v {
                        MetaValue::Text(s) => s,
                        MetaValue::Date(d) => d.to_string(),
                    };
                    meta.fields.insert(key.to_string(), text);
                }
            }
            (meta, Vec::new())
        }
        Err(e) => {
            let (line, column) = line_col(src, e.span().map_or(0, |s| s.start));
            let message = e.message().trim().replace('\n', " ");
            let message = if message.starts_with("unknown field") {
                format!(
                    "{message} (document metadata keys: {})",
                    META_KEYS.join(", ")
                )
            } else {
                message
            };
            (
                Metadata::default(),
                vec![Problem {
                    line,
                    column,
                    claim: None,
                    message,
                }],
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn metadata_rejects_unknown_keys_with_line() {
        let (m, p) = parse_metadata("title = \"T\"\n\nauthr = \"x\"\n");
        assert!(m.fields.is_empty());
        assert_eq!(p.len(), 1);
        assert_eq!((p[0].line, p[0].column), (3, 1));
        assert!(
            p[0].message.contains("unknown field `authr`"),
            "{}",
            p[0].message
        );
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
        let project = Project::open(&root).unwrap();
        let corpus = project.scan_corpus_for(|id| id == "a").unwrap();
        let full = project.scan_corpus().unwrap();
        let _ = fs::remove_dir_all(&root);
        let ids: Vec<&str> = corpus.docs.keys().map(String::as_str).collect();
        assert_eq!(ids, ["a", "sub/c"]);
        assert_eq!(full.docs.len(), 3);
        let c = &corpus.docs["sub/c"];
        assert_eq!(c.display, "corpus/sub/c.md");
        assert_eq!(corpus.meta_path(c), Some(root.join("corpus/sub/c.toml")));
        assert_eq!(corpus.meta_path(&corpus.docs["a"]), None);
    }

    #[test]
    fn metadata_accepts_strings_and_dates() {
        let (m, p) = parse_metadata("title = \"T\"\npublished = 2017-03-03\n");
        assert!(p.is_empty(), "{p:?}");
        assert_eq!(m.fields["title"], "T");
        assert_eq!(m.fields["published"], "2017-03-03");
    }
}
