//! The corpus index, with no I/O: document ids to the files that hold them,
//! which of them have metadata, and ids that two files claim.

use std::collections::BTreeMap;

/// The extensions a document may have, in the order `x.txt` / `x.md` are named.
pub(crate) const DOC_EXTENSIONS: &[&str] = &["txt", "md"];

/// A corpus document.
#[derive(Debug, Clone)]
pub(crate) struct DocEntry {
    /// Path relative to the project root, as shown to people, e.g. `corpus/slate/x.txt`.
    pub(crate) display: String,
    /// Whether a metadata file (`x.toml`) lies beside it.
    pub(crate) has_meta: bool,
    /// Where it links to, when that is outside the project (it is not read).
    pub(crate) outside: Option<String>,
    /// Where its metadata file links to, when that is outside the project
    /// (it is not read).
    pub(crate) meta_outside: Option<String>,
}

impl DocEntry {
    /// The metadata file's path relative to the project root, if it has one.
    pub(crate) fn meta_display(&self) -> Option<String> {
        self.has_meta.then(|| {
            let stem = self
                .display
                .rsplit_once('.')
                .map_or(self.display.as_str(), |(a, _)| a);
            format!("{stem}.toml")
        })
    }
}

/// The corpus index: ids to files. Documents themselves are read on demand.
#[derive(Debug, Default)]
pub(crate) struct Corpus {
    pub(crate) docs: BTreeMap<String, DocEntry>,
    /// Ids that two files give (`x.txt` and `x.md`).
    pub(crate) conflicts: Vec<Conflict>,
    /// Folders that could not be listed, as shown, with why.
    pub(crate) unlisted: Vec<(String, String)>,
}

/// Two files that give one document id.
#[derive(Debug, Clone)]
pub(crate) struct Conflict {
    pub(crate) id: String,
    /// The two files, as shown to people.
    pub(crate) first: String,
    pub(crate) second: String,
}

impl Corpus {
    /// The conflict over `id`, if two files give it.
    pub(crate) fn conflict(&self, id: &str) -> Option<&Conflict> {
        self.conflicts.iter().find(|c| c.id == id)
    }

    /// How a document is shown: its path, or its id when it is not in the corpus.
    pub(crate) fn shown<'a>(&'a self, id: &'a str) -> &'a str {
        self.docs.get(id).map_or(id, |e| e.display.as_str())
    }
}

/// Up to five of `names` close to `wanted`, for "did you mean": one contains
/// the other, or they end in the same path segment.
pub(crate) fn close_names<'a>(
    wanted: &str,
    names: impl IntoIterator<Item = &'a str>,
) -> Vec<&'a str> {
    let last = |s: &str| s.rsplit('/').next().map(str::to_string);
    names
        .into_iter()
        .filter(|k| k.contains(wanted) || wanted.contains(k) || last(k) == last(wanted))
        .take(5)
        .collect()
}
