//! Writing claims files: atomically (temporary file, then rename) and under
//! an exclusive lock on `claims/`, so concurrent writers all land.

use std::fs::{self, File};
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

/// Writes `contents` to `path` through a temporary file in the same folder and
/// a rename, so readers see the old file or the new one, never a mix; the
/// folder is synced after the rename. Callers hold the claims lock, so any
/// temporary file of this path left by a killed run is stale and removed.
/// A path that is a symbolic link is written through to its target.
pub(crate) fn write_atomic(root: &Path, path: &Path, contents: &str) -> Result<()> {
    let target;
    let path = match fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() => {
            target = fs::canonicalize(path)
                .with_context(|| format!("cannot resolve the link {}", path.display()))?;
            let inside = fs::canonicalize(if root.as_os_str().is_empty() {
                Path::new(".")
            } else {
                root
            })
            .is_ok_and(|r| target.starts_with(r));
            if !inside {
                anyhow::bail!(
                    "{} is a link to {}, outside the project: not written",
                    path.display(),
                    target.display()
                );
            }
            target.as_path()
        }
        _ => path,
    };
    replaceable(path)?;
    let (dir, tmp) = temporary_beside(path)?;
    let result = (|| -> std::io::Result<()> {
        let mut f = File::create(&tmp)?;
        f.write_all(contents.as_bytes())?;
        f.sync_all()?;
        if let Ok(meta) = fs::metadata(path) {
            fs::set_permissions(&tmp, meta.permissions())?;
        }
        fs::rename(&tmp, path)?;
        // The rename itself reaches the disk only with its folder.
        File::open(dir)?.sync_all()
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result.with_context(|| format!("cannot write {}", path.display()))
}

/// The folder of `path` (created if missing) and this process's temporary
/// file for it there, `.NAME.PID.tmp`, after removing any a killed run left.
fn temporary_beside(path: &Path) -> Result<(&Path, PathBuf)> {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    remove_stale_temporaries(dir, &name);
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    Ok((dir, tmp))
}

/// Removes `.NAME.PID.tmp` files that a killed write of `name` left behind.
fn remove_stale_temporaries(dir: &Path, name: &str) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    let head = format!(".{name}.");
    for e in entries.flatten() {
        let file = e.file_name();
        let Some(file) = file.to_str() else { continue };
        let stale = file
            .strip_prefix(&head)
            .and_then(|rest| rest.strip_suffix(".tmp"))
            .is_some_and(|pid| !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit()));
        if stale {
            let _ = fs::remove_file(e.path());
        }
    }
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

/// Whether `path` is a folder.
pub(crate) fn is_dir(path: &Path) -> bool {
    path.is_dir()
}

/// The nearest folder, from the current one up, that holds both `claims/`
/// and `corpus/`: the project root, as git finds its repository. `None`
/// when there is none (or it is the current folder itself).
pub(crate) fn discover() -> Option<std::path::PathBuf> {
    let here = std::env::current_dir().ok()?;
    let root = here
        .ancestors()
        .find(|d| d.join(super::CLAIMS_DIR).is_dir() && d.join(super::CORPUS_DIR).is_dir())?;
    (root != here).then(|| root.to_path_buf())
}

/// A folder written in full beside its final place (`.NAME.PID.tmp`), then
/// swapped in with renames: readers see the old folder or the new one, and
/// a run that fails or is killed leaves the old one as it was.
pub(crate) struct StagedDir {
    target: PathBuf,
    staging: PathBuf,
    done: bool,
}

impl StagedDir {
    /// Starts a folder that will replace `target`. An existing `target` is
    /// replaced only if `replaceable` says so (or it is empty).
    pub(crate) fn begin(target: &Path, replaceable: impl Fn(&Path) -> bool) -> Result<StagedDir> {
        match fs::symlink_metadata(target) {
            Ok(m) if m.is_dir() => {
                let empty = fs::read_dir(target).is_ok_and(|mut d| d.next().is_none());
                if !empty && !replaceable(target) {
                    anyhow::bail!(
                        "{} exists and was not written by this command; choose another folder or remove it",
                        target.display()
                    );
                }
            }
            Ok(_) => anyhow::bail!("{} exists and is not a folder", target.display()),
            Err(_) => {}
        }
        let parent = target
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        fs::create_dir_all(parent)
            .with_context(|| format!("cannot create {}", parent.display()))?;
        let name = target
            .file_name()
            .map_or_else(|| "report".into(), |n| n.to_string_lossy().into_owned());
        remove_stale_folders(parent, &name);
        let staging = parent.join(format!(".{name}.{}.tmp", std::process::id()));
        let _ = fs::remove_dir_all(&staging);
        fs::create_dir(&staging).with_context(|| format!("cannot create {}", staging.display()))?;
        Ok(StagedDir {
            target: target.to_path_buf(),
            staging,
            done: false,
        })
    }

    /// Writes a file at `rel` (with `/` separators) inside the new folder.
    pub(crate) fn write(&self, rel: &str, contents: &[u8]) -> Result<()> {
        let path = self.staging.join(rel);
        if let Some(dir) = path.parent() {
            fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
        }
        fs::write(&path, contents)
            .with_context(|| format!("cannot write {}", self.target.join(rel).display()))
    }

    /// Puts the new folder in place of the old one.
    pub(crate) fn commit(mut self) -> Result<()> {
        let old = self.staging.with_extension("old");
        let had_old = fs::symlink_metadata(&self.target).is_ok();
        if had_old {
            fs::rename(&self.target, &old)
                .with_context(|| format!("cannot move {} aside", self.target.display()))?;
        }
        if let Err(e) = fs::rename(&self.staging, &self.target) {
            if had_old {
                let _ = fs::rename(&old, &self.target);
            }
            return Err(e).with_context(|| format!("cannot write {}", self.target.display()));
        }
        self.done = true;
        if had_old {
            let _ = fs::remove_dir_all(&old);
        }
        Ok(())
    }
}

impl Drop for StagedDir {
    fn drop(&mut self) {
        if !self.done {
            let _ = fs::remove_dir_all(&self.staging);
        }
    }
}

/// Removes `.NAME.PID.tmp` and `.NAME.PID.old` folders that a killed run
/// left behind; a folder of a run still going (its process is alive) stays.
fn remove_stale_folders(dir: &Path, name: &str) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    let head = format!(".{name}.");
    let proc = Path::new("/proc/self").exists();
    for e in entries.flatten() {
        let file = e.file_name();
        let Some(file) = file.to_str() else { continue };
        let pid = file
            .strip_prefix(&head)
            .and_then(|rest| {
                rest.strip_suffix(".tmp")
                    .or_else(|| rest.strip_suffix(".old"))
            })
            .filter(|pid| !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit()));
        let Some(pid) = pid else { continue };
        // Without /proc nothing tells a dead run from a live one: keep it.
        let stale = proc && !Path::new("/proc").join(pid).exists();
        if stale {
            let _ = fs::remove_dir_all(e.path());
        }
    }
}

/// Refuses a target that is anything but a regular file (or nothing yet):
/// a rename over a link, a pipe or a device would replace it, not write it.
fn replaceable(path: &Path) -> Result<()> {
    use std::os::unix::fs::FileTypeExt;
    let Ok(m) = fs::symlink_metadata(path) else {
        return Ok(());
    };
    let t = m.file_type();
    let kind = if t.is_file() {
        return Ok(());
    } else if t.is_symlink() {
        "a link"
    } else if t.is_dir() {
        "a folder"
    } else if t.is_fifo() {
        "a named pipe (FIFO)"
    } else if t.is_char_device() || t.is_block_device() {
        "a device"
    } else {
        "not a regular file"
    };
    anyhow::bail!(
        "{} is {kind}, not a regular file: not replaced",
        path.display()
    )
}

/// Writes a file through a temporary file beside it and a rename; only a
/// regular file (or nothing) is replaced.
pub(crate) fn replace_file(path: &Path, contents: &[u8]) -> Result<()> {
    replace_with(path, |tmp| Ok(fs::write(tmp, contents)?))
}

/// Has `fill` write a temporary file beside `path`, then renames it over
/// `path`: never a half-written file. Only a regular file (or nothing) is
/// replaced; the temporary file is removed when `fill` fails.
pub(crate) fn replace_with(path: &Path, fill: impl FnOnce(&Path) -> Result<()>) -> Result<()> {
    replaceable(path)?;
    let (_, tmp) = temporary_beside(path)?;
    let _ = fs::remove_file(&tmp);
    let result = fill(&tmp).and_then(|()| Ok(fs::rename(&tmp, path)?));
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result.with_context(|| format!("cannot write {}", path.display()))
}

/// Appends `text` to a file named by the environment (a CI job summary):
/// created when missing, refused when it is anything but a regular file.
pub(crate) fn append(path: &Path, text: &str) -> Result<()> {
    replaceable(path)?;
    fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
        .and_then(|mut f| f.write_all(text.as_bytes()))
        .with_context(|| format!("cannot append to {}", path.display()))
}

/// Creates a folder and the folders above it.
pub(crate) fn create_dir_all(dir: &Path) -> Result<()> {
    fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))
}
