//! Writing claims files: atomically (temporary file, then rename) and under
//! an exclusive lock on `claims/`, so concurrent writers all land.

use std::collections::HashMap;
use std::fs::{self, File};
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

/// Writes `contents` to `path` through a temporary file in the same folder and
/// a rename, so readers see the old file or the new one, never a mix; the
/// folder is synced after the rename. Callers hold the claims lock, so any
/// temporary file of this path left by a killed run is stale and removed.
/// A path that is a symbolic link is written through to its target.
pub(crate) fn write_atomic(root: &Path, path: &Path, contents: impl AsRef<[u8]>) -> Result<()> {
    let contents = contents.as_ref();
    let path = &inside_target(root, path)?;
    replaceable(path)?;
    let (dir, tmp) = temporary_beside(path)?;
    let result = (|| -> std::io::Result<()> {
        let mut f = File::create(&tmp)?;
        f.write_all(contents)?;
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

/// The file a write of `path` replaces: `path`, or the target of the link
/// it is, which must be inside the project.
fn inside_target(root: &Path, path: &Path) -> Result<PathBuf> {
    match fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() => {
            let target = fs::canonicalize(path)
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
            Ok(target)
        }
        _ => {
            // The folder it goes in, resolved, must be inside the project
            // too: a folder link on the way leads outside.
            let dir = path
                .parent()
                .filter(|d| !d.as_os_str().is_empty())
                .unwrap_or(Path::new("."));
            if let (Ok(real), Ok(r)) = (
                fs::canonicalize(dir),
                fs::canonicalize(if root.as_os_str().is_empty() {
                    Path::new(".")
                } else {
                    root
                }),
            ) && !real.starts_with(&r)
            {
                anyhow::bail!(
                    "{} is in {}, outside the project (a folder link on the way): not written",
                    path.display(),
                    real.display()
                );
            }
            Ok(path.to_path_buf())
        }
    }
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

/// Whether the run of process `pid` may still be going: this one, or one
/// that `/proc` lists (without `/proc` nothing tells, so it may).
fn alive(pid: &str) -> bool {
    pid == std::process::id().to_string()
        || !Path::new("/proc/self").exists()
        || Path::new("/proc").join(pid).exists()
}

/// What runs that are gone left in `dir` for `name`: `.NAME.PID` followed
/// by one of `suffixes`.
fn left_by_dead_runs(dir: &Path, name: &str, suffixes: &[&str]) -> Vec<PathBuf> {
    let Ok(entries) = fs::read_dir(dir) else {
        return Vec::new();
    };
    let head = format!(".{name}.");
    entries
        .flatten()
        .filter(|e| {
            let file = e.file_name();
            let pid = file
                .to_str()
                .and_then(|f| f.strip_prefix(&head))
                .and_then(|rest| suffixes.iter().find_map(|x| rest.strip_suffix(x)));
            pid.is_some_and(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()) && !alive(p))
        })
        .map(|e| e.path())
        .collect()
}

/// Removes the `.NAME.PID.tmp` files (and a database's journals) that
/// killed writes of `name` left behind.
fn remove_stale_temporaries(dir: &Path, name: &str) {
    for p in left_by_dead_runs(dir, name, &[".tmp", ".tmp-journal", ".tmp-wal", ".tmp-shm"]) {
        let _ = fs::remove_file(p);
    }
}

/// Puts back a `.NAME.PID.old` folder of a dead run as `target`.
fn restore_moved_aside(dir: &Path, name: &str, target: &Path) {
    if let Some(old) = left_by_dead_runs(dir, name, &[".old"]).first() {
        let _ = fs::rename(old, target);
    }
}

/// Removes `.NAME.PID.tmp` and `.NAME.PID.old` folders that a killed run
/// left behind; a folder of a run still going stays.
fn remove_stale_folders(dir: &Path, name: &str) {
    for p in left_by_dead_runs(dir, name, &[".tmp", ".old"]) {
        let _ = fs::remove_dir_all(p);
    }
}

/// An exclusive lock on the claims folder, held while a claims file is read,
/// changed and replaced.
pub(crate) struct ClaimsLock {
    _dir: File,
}

impl ClaimsLock {
    /// Takes the lock, then finishes any change of several files that a
    /// killed run left half done (see `write_all_atomic`).
    pub(crate) fn acquire(claims_dir: &Path) -> Result<ClaimsLock> {
        let dir = File::open(claims_dir)
            .with_context(|| format!("cannot open {}", claims_dir.display()))?;
        dir.lock()
            .with_context(|| format!("cannot lock {}", claims_dir.display()))?;
        finish_journal(claims_dir)?;
        Ok(ClaimsLock { _dir: dir })
    }
}

/// The journal of a change of several claims files, in `claims/`.
const JOURNAL: &str = ".claimtrack-commit";

/// Writes several claims files as one change: every new text goes to a
/// temporary file beside its target first; then a journal naming them is
/// put in `claims/`, the temporaries are renamed over their targets, and the
/// journal is removed. A run killed before the journal changes nothing; one
/// killed after it is finished by the next command that takes the claims
/// lock (the caller holds it): all the files change, or none.
pub(crate) fn write_all_atomic(
    root: &Path,
    claims_dir: &Path,
    files: &[(&Path, &[u8])],
) -> Result<()> {
    if let [(path, text)] = files {
        return write_atomic(root, path, text);
    }
    let mut staged: Vec<(PathBuf, PathBuf)> = Vec::new();
    let result = (|| -> Result<()> {
        for (path, text) in files {
            let path = &inside_target(root, path)?;
            replaceable(path)?;
            let (_, tmp) = temporary_beside(path)?;
            let mut f =
                File::create(&tmp).with_context(|| format!("cannot write {}", tmp.display()))?;
            staged.push((tmp.clone(), path.clone()));
            f.write_all(text)?;
            f.sync_all()?;
            if let Ok(meta) = fs::metadata(path) {
                fs::set_permissions(&tmp, meta.permissions())?;
            }
        }
        let mut journal = String::new();
        for (tmp, path) in &staged {
            let (Some(t), Some(p)) = (tmp.to_str(), path.to_str()) else {
                anyhow::bail!("{}: a path that is not UTF-8", path.display());
            };
            journal.push_str(&format!("{t}\t{p}\n"));
        }
        write_atomic(root, &claims_dir.join(JOURNAL), &journal)?;
        finish_journal(claims_dir)
    })();
    if result.is_err() && fs::symlink_metadata(claims_dir.join(JOURNAL)).is_err() {
        for (tmp, _) in &staged {
            let _ = fs::remove_file(tmp);
        }
    }
    result
}

/// Renames every temporary file the journal names over its target (those
/// already renamed are gone), syncs, and removes the journal.
fn finish_journal(claims_dir: &Path) -> Result<()> {
    let journal = claims_dir.join(JOURNAL);
    let Ok(text) = fs::read_to_string(&journal) else {
        return Ok(());
    };
    for line in text.lines() {
        let Some((tmp, path)) = line.split_once('\t') else {
            continue;
        };
        let (tmp, path) = (Path::new(tmp), Path::new(path));
        if fs::symlink_metadata(tmp).is_ok() {
            fs::rename(tmp, path)
                .with_context(|| format!("cannot finish writing {}", path.display()))?;
            if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                File::open(dir)?.sync_all()?;
            }
        }
    }
    fs::remove_file(&journal).with_context(|| format!("cannot remove {}", journal.display()))?;
    File::open(claims_dir)?.sync_all()?;
    Ok(())
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

/// Undoes a run that created `files` (and the folders they made), leaving
/// nothing half-made: each file is removed, then each folder if empty,
/// deepest first. What this run did not create is never touched.
pub(crate) fn undo_created(files: &[PathBuf], dirs: &[PathBuf]) {
    for f in files.iter().rev() {
        let _ = fs::remove_file(f);
    }
    for d in dirs.iter().rev() {
        let _ = fs::remove_dir(d);
    }
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
///
/// A file written with the very bytes the folder it replaces had at that
/// place is not written again: the old file is hard-linked into the new
/// folder. Which bytes the old folder holds is read from its manifest
/// (`MANIFEST`: a 128-bit XXH3 hash, size and modification time per file), never
/// trusted over the files: a file whose size or time differs from its line
/// (edited, replaced) is written anew.
pub(crate) struct StagedDir {
    target: PathBuf,
    staging: PathBuf,
    done: bool,
    /// The old folder's files as its manifest gives them, by path.
    old: HashMap<String, Kept>,
    /// This folder's manifest lines, and how many files were kept.
    new: std::sync::Mutex<(Vec<String>, usize)>,
    /// Folders created in the new folder.
    made: std::sync::Mutex<std::collections::HashSet<PathBuf>>,
}

/// The manifest of a staged folder: one line per file, `xxh3-128 size
/// mtime-ns key path` (the key a hash of what the file was made from, or
/// `-`), written last, so a run reads what the last run wrote.
pub(crate) const MANIFEST: &str = ".claimtrack-files";

/// A file of the old folder as its manifest line gives it.
struct Kept {
    hash: String,
    size: u64,
    mtime: i128,
    key: String,
}

/// A file's modification time in nanoseconds, as the manifest keeps it.
fn mtime_ns(m: &fs::Metadata) -> i128 {
    use std::os::unix::fs::MetadataExt;
    i128::from(m.mtime()) * 1_000_000_000 + i128::from(m.mtime_nsec())
}

/// The old folder's manifest, read; nothing when it is missing or unreadable.
fn read_manifest(dir: &Path) -> HashMap<String, Kept> {
    let Ok(bytes) = super::read::read_regular(&dir.join(MANIFEST), super::read::MAX_TEXT_SIZE)
    else {
        return HashMap::new();
    };
    let Ok(text) = String::from_utf8(bytes) else {
        return HashMap::new();
    };
    text.lines()
        .filter_map(|l| {
            let mut parts = l.splitn(5, ' ');
            let hash = parts.next()?.to_string();
            let size = parts.next()?.parse().ok()?;
            let mtime = parts.next()?.parse().ok()?;
            let key = parts.next()?.to_string();
            let path = parts.next()?.to_string();
            Some((
                path,
                Kept {
                    hash,
                    size,
                    mtime,
                    key,
                },
            ))
        })
        .collect()
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
        // A run killed between its two renames left the old folder aside
        // and none in place: put it back before anything else.
        if fs::symlink_metadata(target).is_err() {
            restore_moved_aside(parent, &name, target);
        }
        remove_stale_folders(parent, &name);
        let staging = parent.join(format!(".{name}.{}.tmp", std::process::id()));
        let _ = fs::remove_dir_all(&staging);
        fs::create_dir(&staging).with_context(|| format!("cannot create {}", staging.display()))?;
        Ok(StagedDir {
            old: read_manifest(target),
            target: target.to_path_buf(),
            staging,
            done: false,
            new: std::sync::Mutex::new((Vec::new(), 0)),
            made: std::sync::Mutex::new(std::collections::HashSet::new()),
        })
    }

    /// Writes a file at `rel` (with `/` separators) inside the new folder;
    /// when the old folder has these bytes there (by its manifest, checked
    /// against the file's size and time), links that file instead.
    pub(crate) fn write(&self, rel: &str, contents: &[u8]) -> Result<()> {
        self.write_as(rel, contents, "-")
    }

    /// Writes the file at `rel` that `make` makes, unless the old folder has
    /// one there made from the same inputs (`key`: a hash of everything
    /// `make` reads) and unchanged since (its size and time): that file is
    /// linked, and `make` is not run.
    pub(crate) fn write_keyed(
        &self,
        rel: &str,
        key: &str,
        make: impl FnOnce() -> Vec<u8>,
    ) -> Result<()> {
        let old = self.target.join(rel);
        if let Some(k) = self.old.get(rel).filter(|k| k.key == key && key != "-")
            && Self::intact(&old, k)
        {
            let path = self.staging.join(rel);
            if let Some(dir) = path.parent() {
                self.create_dir(dir)?;
            }
            if fs::hard_link(&old, &path).is_ok() {
                self.record(
                    format!("{} {} {} {key} {rel}", k.hash, k.size, k.mtime),
                    true,
                );
                return Ok(());
            }
        }
        self.write_as(rel, &make(), key)
    }

    /// Whether the old folder's file is as its manifest line says.
    fn intact(old: &Path, k: &Kept) -> bool {
        fs::symlink_metadata(old)
            .is_ok_and(|m| m.is_file() && m.len() == k.size && mtime_ns(&m) == k.mtime)
    }

    fn record(&self, line: String, kept: bool) {
        if let Ok(mut new) = self.new.lock() {
            new.0.push(line);
            new.1 += usize::from(kept);
        }
    }

    fn write_as(&self, rel: &str, contents: &[u8], key: &str) -> Result<()> {
        let path = self.staging.join(rel);
        if let Some(dir) = path.parent() {
            self.create_dir(dir)?;
        }
        // Not a hash against tampering: equal bytes, found fast (a report of
        // an archive is gigabytes).
        let hash = format!("{:032x}", xxhash_rust::xxh3::xxh3_128(contents));
        let old = self.target.join(rel);
        let unchanged = self.old.get(rel).is_some_and(|k| {
            k.hash == hash && k.size == contents.len() as u64 && Self::intact(&old, k)
        });
        let kept = unchanged && fs::hard_link(&old, &path).is_ok();
        let line = if kept {
            // The same file: its size and time are the old line's.
            let k = &self.old[rel];
            format!("{hash} {} {} {key} {rel}", k.size, k.mtime)
        } else {
            fs::write(&path, contents)
                .with_context(|| format!("cannot write {}", self.target.join(rel).display()))?;
            let m = fs::symlink_metadata(&path)
                .with_context(|| format!("cannot write {}", self.target.join(rel).display()))?;
            format!("{hash} {} {} {key} {rel}", m.len(), mtime_ns(&m))
        };
        self.record(line, kept);
        Ok(())
    }

    /// Creates a folder inside the new one, once (pages share folders).
    fn create_dir(&self, dir: &Path) -> Result<()> {
        let made = |d: &Path| self.made.lock().is_ok_and(|m| m.contains(d));
        if made(dir) {
            return Ok(());
        }
        fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
        if let Ok(mut m) = self.made.lock() {
            m.insert(dir.to_path_buf());
        }
        Ok(())
    }

    /// How many files were kept from the old folder (linked, not written).
    pub(crate) fn kept(&self) -> usize {
        self.new.lock().map_or(0, |n| n.1)
    }

    /// Puts the new folder in place of the old one, its manifest written last.
    pub(crate) fn commit(mut self) -> Result<()> {
        let mut lines = std::mem::take(
            &mut self
                .new
                .get_mut()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .0,
        );
        lines.sort_unstable_by(|a, b| a.splitn(5, ' ').nth(4).cmp(&b.splitn(5, ' ').nth(4)));
        let mut manifest = lines.join("\n");
        manifest.push('\n');
        fs::write(self.staging.join(MANIFEST), manifest)
            .with_context(|| format!("cannot write {}", self.target.join(MANIFEST).display()))?;
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

/// Where an output file really goes: `-`, or the path with a link followed
/// to what it points at (even when that does not exist yet).
fn output_target(path: &Path) -> Result<PathBuf> {
    if path.as_os_str() == "-" {
        return Ok(path.to_path_buf());
    }
    let mut at = path.to_path_buf();
    for _ in 0..40 {
        match fs::symlink_metadata(&at) {
            Ok(m) if m.file_type().is_symlink() => {
                let to = fs::read_link(&at)
                    .with_context(|| format!("cannot read the link {}", at.display()))?;
                at = match at.parent() {
                    Some(dir) if to.is_relative() => dir.join(to),
                    _ => to,
                };
            }
            _ => return Ok(at),
        }
    }
    anyhow::bail!("{} is a loop of links: not written", path.display())
}

/// The folder `p` is in, resolved, joined with its name: where a file that
/// may not exist yet really is.
fn resolved(p: &Path) -> PathBuf {
    let dir = p
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let dir = fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
    match p.file_name() {
        Some(name) => dir.join(name),
        None => dir,
    }
}

/// Writes a command's output file (`export … -o`, `export sqlite`, `report
/// --single-file`, man pages): `fill` writes it at the path it is given.
/// Every writer treats a target the same way:
/// - `-` is standard output;
/// - a link is followed to what it points at;
/// - a device, pipe or socket is written in place, never replaced;
/// - a folder is refused before anything is written;
/// - inside the project's `claims/` or `corpus/` it is refused (the claims
///   and documents are written only by the commands that own them);
/// - a regular file (or nothing) is replaced through a temporary file beside
///   it and a rename; no temporary survives a failure.
pub(crate) fn write_output(
    project: Option<&Path>,
    path: &Path,
    fill: impl FnOnce(&Path) -> Result<()>,
) -> Result<()> {
    use std::os::unix::fs::FileTypeExt;
    // What is there, links followed by the kernel (so /dev/stdout, whose
    // link is no path, is seen for what it is).
    let kind = fs::metadata(path).ok().map(|m| m.file_type());
    let in_place = path.as_os_str() == "-"
        || kind.is_some_and(|t| {
            t.is_char_device() || t.is_block_device() || t.is_fifo() || t.is_socket()
        });
    if kind.is_some_and(|t| t.is_dir()) {
        anyhow::bail!("{} is a folder: give a file name", path.display());
    }
    // The file a rename would replace: a link's target, not the link.
    let target = if in_place {
        path.to_path_buf()
    } else {
        match fs::canonicalize(path) {
            Ok(t) => t,
            Err(_) => output_target(path)?,
        }
    };
    if let Some(root) = project
        && !in_place
    {
        let real = resolved(&target);
        for dir in [super::CLAIMS_DIR, super::CORPUS_DIR] {
            let owned = fs::canonicalize(root.join(dir)).unwrap_or_else(|_| root.join(dir));
            if real.starts_with(&owned) {
                anyhow::bail!(
                    "{} is inside the project's {dir}/ folder: not written there (choose a path outside {dir}/)",
                    path.display()
                );
            }
        }
    }
    if !in_place {
        return replace_with(&target, fill);
    }
    // Built in a private temporary file, then copied into the device, pipe
    // or standard output as it is.
    let scratch = std::env::temp_dir();
    remove_stale_temporaries(&scratch, "claimtrack-out");
    let tmp = scratch.join(format!(".claimtrack-out.{}.tmp", std::process::id()));
    let _ = fs::remove_file(&tmp);
    let result = fill(&tmp).and_then(|()| {
        let mut from = File::open(&tmp)?;
        if target.as_os_str() == "-" {
            let mut out = std::io::stdout().lock();
            // A reader that stops early (`| head`) is no failure.
            match std::io::copy(&mut from, &mut out).and_then(|_| out.flush()) {
                Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => return Err(e.into()),
                _ => {}
            }
        } else {
            let mut to = fs::OpenOptions::new().write(true).open(&target)?;
            std::io::copy(&mut from, &mut to)?;
            to.flush()?;
        }
        Ok(())
    });
    let _ = fs::remove_file(&tmp);
    for extra in ["-journal", "-wal", "-shm"] {
        let _ = fs::remove_file(tmp.with_extension(format!("tmp{extra}")));
    }
    result.with_context(|| format!("cannot write {}", path.display()))
}

/// `write_output` of bytes already made.
/// `write_output` with a writer: `fill` writes the file as it goes.
pub(crate) fn write_output_with(
    project: Option<&Path>,
    path: &Path,
    fill: impl FnOnce(&mut dyn std::io::Write) -> Result<()>,
) -> Result<()> {
    write_output(project, path, |tmp| {
        let mut w = std::io::BufWriter::new(fs::File::create(tmp)?);
        fill(&mut w)?;
        std::io::Write::flush(&mut w)?;
        Ok(())
    })
}

pub(crate) fn write_output_bytes(project: Option<&Path>, path: &Path, bytes: &[u8]) -> Result<()> {
    write_output(project, path, |tmp| Ok(fs::write(tmp, bytes)?))
}

/// Has `fill` write a temporary file beside `path`, then renames it over
/// `path`: never a half-written file. Only a regular file (or nothing) is
/// replaced; the temporary file is removed when `fill` fails.
fn replace_with(path: &Path, fill: impl FnOnce(&Path) -> Result<()>) -> Result<()> {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let d =
            std::env::temp_dir().join(format!("claimtrack-write-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&d);
        fs::create_dir_all(d.join("claims")).unwrap();
        d
    }

    #[test]
    fn a_change_of_two_claims_files_killed_after_its_journal_is_finished_by_the_next_lock() {
        let root = scratch("journal");
        let claims = root.join("claims");
        let (a, b) = (claims.join("a.toml"), claims.join("b.toml"));
        fs::write(&a, "old a").unwrap();
        fs::write(&b, "old b").unwrap();
        // What a run leaves when killed between its two renames: `a` renamed,
        // `b`'s temporary still beside it, the journal naming both.
        let tb = claims.join(".b.toml.999999.tmp");
        fs::write(&a, "new a").unwrap();
        fs::write(&tb, "new b").unwrap();
        fs::write(
            claims.join(JOURNAL),
            format!(
                "{}\t{}\n{}\t{}\n",
                claims.join(".a.toml.999999.tmp").display(),
                a.display(),
                tb.display(),
                b.display()
            ),
        )
        .unwrap();
        drop(ClaimsLock::acquire(&claims).unwrap());
        assert_eq!(fs::read_to_string(&a).unwrap(), "new a");
        assert_eq!(fs::read_to_string(&b).unwrap(), "new b");
        assert!(!claims.join(JOURNAL).exists() && !tb.exists());
        fs::remove_dir_all(root).unwrap();
    }

    #[test]
    fn a_change_of_two_claims_files_writes_both_and_leaves_no_journal() {
        let root = scratch("both");
        let claims = root.join("claims");
        let (a, b) = (claims.join("a.toml"), claims.join("b.toml"));
        fs::write(&a, "old a").unwrap();
        write_all_atomic(&root, &claims, &[(&a, b"new a"), (&b, b"new b")]).unwrap();
        assert_eq!(fs::read_to_string(&a).unwrap(), "new a");
        assert_eq!(fs::read_to_string(&b).unwrap(), "new b");
        let left: Vec<_> = fs::read_dir(&claims)
            .unwrap()
            .flatten()
            .map(|e| e.file_name())
            .collect();
        assert_eq!(left.len(), 2, "{left:?}");
        fs::remove_dir_all(root).unwrap();
    }

    #[test]
    fn a_report_folder_moved_aside_by_a_killed_run_is_put_back() {
        let root = scratch("aside");
        let report = root.join("report");
        // PID 999999 is no live process: the run that moved it aside died.
        let aside = root.join(".report.999999.old");
        fs::create_dir(&aside).unwrap();
        fs::write(aside.join("index.html"), "old report").unwrap();
        let staged = StagedDir::begin(&report, |_| true).unwrap();
        assert_eq!(
            fs::read_to_string(report.join("index.html")).unwrap(),
            "old report"
        );
        drop(staged);
        fs::remove_dir_all(root).unwrap();
    }

    #[test]
    fn output_files_inside_claims_or_corpus_are_refused_and_folders_leave_no_temporary() {
        let root = scratch("outputs");
        fs::create_dir_all(root.join("corpus")).unwrap();
        let e = write_output(Some(&root), &root.join("claims/x.toml"), |t| {
            Ok(fs::write(t, "x")?)
        })
        .unwrap_err();
        assert!(
            e.to_string().contains("inside the project's claims/"),
            "{e}"
        );
        std::os::unix::fs::symlink(root.join("corpus/d.txt"), root.join("out.html")).unwrap();
        assert!(
            write_output(Some(&root), &root.join("out.html"), |t| Ok(fs::write(
                t, "x"
            )?))
            .is_err()
        );
        fs::create_dir(root.join("folder")).unwrap();
        assert!(
            write_output(Some(&root), &root.join("folder"), |t| Ok(fs::write(
                t, "x"
            )?))
            .is_err()
        );
        let left: Vec<_> = fs::read_dir(&root)
            .unwrap()
            .flatten()
            .map(|e| e.file_name())
            .collect();
        assert_eq!(left.len(), 4, "{left:?}");
        write_output(Some(&root), Path::new("/dev/null"), |t| {
            Ok(fs::write(t, "x")?)
        })
        .unwrap();
        assert!(std::os::unix::fs::FileTypeExt::is_char_device(
            &fs::metadata("/dev/null").unwrap().file_type()
        ));
        fs::remove_dir_all(root).unwrap();
    }

    #[test]
    fn undoing_a_half_made_init_removes_only_what_it_made() {
        let root = scratch("undo");
        let keep = root.join("claims/kept.toml");
        fs::write(&keep, "theirs").unwrap();
        let dirs = vec![root.join("corpus"), root.join("corpus/example")];
        fs::create_dir_all(&dirs[1]).unwrap();
        let made = vec![
            root.join("corpus/example/a.txt"),
            root.join("claims/example.toml"),
        ];
        for f in &made {
            fs::write(f, "ours").unwrap();
        }
        undo_created(&made, &dirs);
        assert!(!root.join("corpus").exists());
        assert!(!made[1].exists());
        assert_eq!(fs::read_to_string(&keep).unwrap(), "theirs");
        fs::remove_dir_all(root).unwrap();
    }
}
