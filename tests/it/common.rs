//! Shared helpers for the CLI tests: scratch projects and running the binary.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};

static COUNTER: AtomicUsize = AtomicUsize::new(0);

/// A scratch folder, removed on drop.
pub struct Scratch(pub PathBuf);

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

impl Scratch {
    pub fn empty(name: &str) -> Scratch {
        let n = COUNTER.fetch_add(1, Ordering::SeqCst);
        let dir =
            std::env::temp_dir().join(format!("claimtrack-test-{}-{name}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        Scratch(dir)
    }

    /// A copy of the repository's bundled corpus and claims.
    pub fn bundled(name: &str) -> Scratch {
        let s = Scratch::empty(name);
        let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
        copy_dir(&repo.join("corpus"), &s.0.join("corpus"));
        copy_dir(&repo.join("claims"), &s.0.join("claims"));
        s
    }

    /// A project with the bundled corpus and no claims.
    pub fn corpus_only(name: &str) -> Scratch {
        let s = Scratch::empty(name);
        let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
        copy_dir(&repo.join("corpus"), &s.0.join("corpus"));
        std::fs::create_dir_all(s.0.join("claims")).unwrap();
        s
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.0.join(rel)
    }

    pub fn write(&self, rel: &str, contents: impl AsRef<[u8]>) {
        let p = self.path(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, contents).unwrap();
    }

    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.path(rel)).unwrap()
    }

    /// Runs `claimtrack -C <scratch> ARGS`.
    pub fn run(&self, args: &[&str]) -> Output {
        run_in(&self.0, args, None)
    }

    pub fn run_stdin(&self, args: &[&str], stdin: &str) -> Output {
        run_in(&self.0, args, Some(stdin))
    }
}

pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let dest = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &dest);
        } else {
            std::fs::copy(e.path(), dest).unwrap();
        }
    }
}

/// The clock and the person every test run sees: 2026-11-21T00:00:00Z.
pub const EPOCH: &str = "1795219200";
pub const USER: &str = "Test Checker";

pub struct Output {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

pub fn run_in(dir: &Path, args: &[&str], stdin: Option<&str>) -> Output {
    run_at_width(dir, args, stdin, 100)
}

/// `run_in` with `$COLUMNS` set to `columns`.
pub fn run_at_width(dir: &Path, args: &[&str], stdin: Option<&str>, columns: usize) -> Output {
    use std::io::Write;
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_claimtrack"));
    cmd.arg("-C").arg(dir).args(args);
    cmd.env_remove("NO_COLOR")
        .env("SOURCE_DATE_EPOCH", EPOCH)
        .env("CLAIMTRACK_USER", USER)
        .env("COLUMNS", columns.to_string());
    cmd.stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().unwrap();
    {
        let mut pipe = child.stdin.take().unwrap();
        // A command that refuses before reading its input closes the pipe.
        if let Some(s) = stdin
            && let Err(e) = pipe.write_all(s.as_bytes())
        {
            assert_eq!(e.kind(), std::io::ErrorKind::BrokenPipe, "{e}");
        }
    }
    let out = child.wait_with_output().unwrap();
    Output {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// Starts `claimtrack -C DIR ARGS` without waiting: standard input, output
/// and error piped, for tests that run several at once or kill one.
pub fn spawn(dir: &Path, args: &[&str]) -> std::process::Child {
    Command::new(env!("CARGO_BIN_EXE_claimtrack"))
        .env("SOURCE_DATE_EPOCH", EPOCH)
        .env("CLAIMTRACK_USER", USER)
        .arg("-C")
        .arg(dir)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

/// Runs `claimtrack ARGS` from `dir`, without `-C`.
pub fn run_from(dir: &Path, args: &[&str]) -> Output {
    run_from_with(dir, args, &[])
}

/// `run_from` with more environment variables (a shell asking for
/// completions sets `COMPLETE`).
pub fn run_from_with(dir: &Path, args: &[&str], vars: &[(&str, &str)]) -> Output {
    let out = Command::new(env!("CARGO_BIN_EXE_claimtrack"))
        .current_dir(dir)
        .args(args)
        .envs(vars.iter().copied())
        .env_remove("NO_COLOR")
        .env("SOURCE_DATE_EPOCH", EPOCH)
        .env("CLAIMTRACK_USER", USER)
        .env("COLUMNS", "100")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    Output {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// Code-point offset of `needle` in `text`.
pub fn char_offset(text: &str, needle: &str) -> usize {
    text[..text.find(needle).expect("needle")].chars().count()
}

/// The bundled project with the `check-every-status` case's files and edits:
/// one finding of each status (a document edited, one not UTF-8).
pub fn every_status(name: &str) -> Scratch {
    let p = Scratch::bundled(name);
    copy_dir(Path::new("tests/cmd/check-every-status/project"), &p.0);
    let doc = "corpus/the-bell/mikhailov-crowdstrike.txt";
    let text = p
        .read(doc)
        .replace("passed on the information", "passed on some information");
    p.write(doc, format!("Update: a new paragraph.\n\n{text}"));
    p.write("corpus/latin1.txt", b"caf\xe9 society\n");
    p
}
