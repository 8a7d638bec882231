//! A document brought into the corpus by any importer (HTML now): its
//! extracted text, metadata and original kept as `corpus/ID.txt`, `ID.toml`
//! and `ID.<kind>`, each file whole or not at all.

use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};
use toml_edit::{DocumentMut, value};

use crate::failure::Failure;
use crate::project::{self, CORPUS_DIR, Loaded, TextError};

/// What an importer extracted from one source file.
pub(crate) struct Extracted {
    /// The document's text, as `check` will read it.
    pub(crate) text: String,
    /// Metadata the source gives, in the order written (title, author,
    /// outlet, published, url); `None` drops a value an older version had.
    pub(crate) fields: Vec<(&'static str, Option<String>)>,
    /// The kind of the original (`html`), its extension and `source-<kind>` key.
    pub(crate) kind: &'static str,
    /// The original, kept beside the text byte for byte (its charset is
    /// its own).
    pub(crate) original: Vec<u8>,
}

/// Where a document goes and what its metadata becomes; nothing written yet.
pub(crate) struct Planned {
    pub(crate) text: PathBuf,
    pub(crate) meta: PathBuf,
    pub(crate) original: PathBuf,
    pub(crate) meta_text: String,
    /// Whether a document with this id was there (an update).
    pub(crate) existed: bool,
    /// With an update: whether the text there is the new text, byte for byte,
    /// and whether the page kept there is the new page.
    pub(crate) same_text: bool,
    pub(crate) same_original: bool,
}

/// Lower-case hex SHA-256 of a text's bytes.
pub(crate) fn sha256(text: &[u8]) -> String {
    Sha256::digest(text)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The files for document `id`: a new one, or with `update` the one there;
/// its metadata file is edited in place (other keys kept), `retrieved`,
/// `sha256` and `source-<kind>` set.
pub(crate) fn plan(
    loaded: &Loaded,
    id: &str,
    update: bool,
    retrieved: String,
    doc: &Extracted,
) -> Result<Planned, Failure> {
    let existing = loaded.corpus.docs.get(id);
    if let (Some(e), false) = (existing, update) {
        return Err(Failure::refused(format!(
            "document `{id}` already exists ({}); --update replaces its text and checks the claims that quote it",
            e.display
        )));
    }
    let text = existing.map_or_else(
        || PathBuf::from(CORPUS_DIR).join(format!("{id}.txt")),
        |e| PathBuf::from(&e.display),
    );
    let meta = text.with_extension("toml");
    let original = text.with_extension(doc.kind);
    let meta_path = loaded.project.root.join(&meta);
    let old = match project::read_text(&meta_path) {
        Ok(s) => s.unwrap_or_default(),
        Err(TextError::Io(e)) => {
            return Err(anyhow::Error::new(e)
                .context(format!("cannot read {}", meta.display()))
                .into());
        }
        Err(TextError::Utf8 { byte, .. }) => {
            return Err(Failure::refused(format!(
                "{} is not valid UTF-8 (invalid byte at byte offset {byte}); fix it first",
                meta.display()
            )));
        }
    };
    let mut table: DocumentMut = old.parse().map_err(|e: toml_edit::TomlError| {
        Failure::refused(format!(
            "{} is not valid TOML ({}); fix it first",
            meta.display(),
            e.message().trim()
        ))
    })?;
    let source_key = format!("source-{}", doc.kind);
    let fixed = [
        ("retrieved", Some(retrieved)),
        ("sha256", Some(sha256(doc.text.as_bytes()))),
        (source_key.as_str(), Some(slash(&original))),
    ];
    let given = doc.fields.iter().map(|(k, v)| (*k, v.clone()));
    for (key, v) in given.chain(fixed) {
        match v {
            Some(v) => table[key] = value(v),
            // A field the new version does not give is not kept from the old one.
            None => _ = table.remove(key),
        }
    }
    let root = &loaded.project.root;
    let same = |path: &Path, new: &[u8]| {
        existing.is_some()
            && project::read_regular(&root.join(path), project::MAX_DOC_SIZE)
                .is_ok_and(|old| old == new)
    };
    Ok(Planned {
        same_text: same(&text, doc.text.as_bytes()),
        same_original: same(&original, &doc.original),
        text,
        meta,
        original,
        meta_text: table.to_string(),
        existed: existing.is_some(),
    })
}

/// Writes the planned files (the original, the text and the metadata that
/// describes them) as one change, under the claims lock: all three land, or
/// none (see `project::write_all_atomic`).
pub(crate) fn write(root: &Path, planned: &Planned, doc: &Extracted) -> anyhow::Result<()> {
    let claims = root.join(project::CLAIMS_DIR);
    let _lock = project::ClaimsLock::acquire(&claims)?;
    let (original, text, meta) = (
        root.join(&planned.original),
        root.join(&planned.text),
        root.join(&planned.meta),
    );
    for p in [&original, &text, &meta] {
        if let Some(dir) = p.parent() {
            project::create_dir_all(dir)?;
        }
    }
    project::write_all_atomic(
        root,
        &claims,
        &[
            (original.as_path(), doc.original.as_slice()),
            (text.as_path(), doc.text.as_bytes()),
            (meta.as_path(), planned.meta_text.as_bytes()),
        ],
    )
}

/// A relative path with `/` separators, as metadata records it.
fn slash(p: &Path) -> String {
    p.components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}
