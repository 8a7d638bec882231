//! Writing claims files: atomically (temporary file, then rename) and under
//! an exclusive lock on `claims/`, so concurrent writers all land.

use std::fs::{self, File};
use std::io::Write;
use std::path::Path;

use anyhow::{Context, Result};

/// Writes `contents` to `path` through a temporary file in the same folder and
/// a rename, so readers see the old file or the new one, never a mix.
pub(crate) fn write_atomic(path: &Path, contents: &str) -> Result<()> {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| -> std::io::Result<()> {
        let mut f = File::create(&tmp)?;
        f.write_all(contents.as_bytes())?;
        f.sync_all()?;
        if let Ok(meta) = fs::metadata(path) {
            fs::set_permissions(&tmp, meta.permissions())?;
        }
        fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result.with_context(|| format!("cannot write {}", path.display()))
}

/// An exclusive lock on the claims folder, held while a claims file is read,
/// changed and replaced.
pub(crate) struct ClaimsLock {
    _dir: File,
}

impl ClaimsLock {
    pub(crate) fn acquire(claims_dir: &Path) -> Result<ClaimsLock> {
        let dir = File::open(claims_dir)
            .with_context(|| format!("cannot open {}", claims_dir.display()))?;
        dir.lock()
            .with_context(|| format!("cannot lock {}", claims_dir.display()))?;
        Ok(ClaimsLock { _dir: dir })
    }
}

/// Creates `path` with `contents` only if nothing is there (`init`).
pub(crate) fn create_new(path: &Path, contents: &str) -> Result<()> {
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    }
    let mut f = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .with_context(|| format!("cannot create {}", path.display()))?;
    f.write_all(contents.as_bytes())
        .with_context(|| format!("cannot write {}", path.display()))
}

/// Whether anything is at `path`.
pub(crate) fn exists(path: &Path) -> bool {
    path.exists()
}
