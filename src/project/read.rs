//! The one read path: every file the program reads is opened here, with the guards inside.
//!
//! A file is opened without blocking (`O_NONBLOCK`: opening a named pipe for
//! reading returns at once instead of waiting for a writer), then what was
//! opened is checked with `fstat` on the open handle, so no swap between a
//! check and the open can slip a pipe or a device in. Only regular files are
//! read, and never more than a cap.

use std::fs::{self, File};
use std::io::{self, Read};
use std::os::unix::fs::{FileTypeExt, OpenOptionsExt};
use std::path::Path;

use crate::check::finding::Unreadable;
use crate::claim::Problem;
use crate::text::{DocText, LineIndex};

use super::metadata::{Metadata, parse_metadata};

/// The largest document `--max-doc-size` may allow: 4 GiB less one byte, so
/// every byte offset, code-point offset and line number of a document (and of
/// any claims file, capped lower still) fits in a `u32`, which is how the
/// anchoring core and the check plan keep them.
pub(crate) const MAX_DOC_SIZE: u64 = u32::MAX as u64;

/// The largest claims, metadata or input file read.
pub(crate) const MAX_TEXT_SIZE: u64 = 256 * 1024 * 1024;

/// Why a text file could not be read.
#[derive(Debug)]
pub(crate) enum TextError {
    Io(io::Error),
    /// Not valid UTF-8: the first invalid byte and its 1-based line.
    Utf8 {
        byte: usize,
        line: usize,
    },
}

/// What a path is when it is not a regular file, in words.
fn kind_of(t: fs::FileType) -> &'static str {
    if t.is_dir() {
        "a folder"
    } else if t.is_fifo() {
        "a named pipe (FIFO)"
    } else if t.is_socket() {
        "a socket"
    } else if t.is_char_device() || t.is_block_device() {
        "a device"
    } else {
        "not a regular file"
    }
}

/// Opens `path` for reading without waiting on it, and returns the handle
/// only if it is a regular file, with its length.
fn open_regular(path: &Path) -> io::Result<(File, u64)> {
    let file = fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(path)?;
    let meta = file.metadata()?;
    if !meta.is_file() {
        return Err(io::Error::other(format!(
            "{}, not a regular file",
            kind_of(meta.file_type())
        )));
    }
    Ok((file, meta.len()))
}

/// Reads a regular file of at most `cap` bytes. A pipe, device, socket or
/// folder is refused once opened and before anything is read from it, and no
/// more than `cap + 1` bytes are ever read (a file that grows while read is
/// caught too).
pub(crate) fn read_regular(path: &Path, cap: u64) -> io::Result<Vec<u8>> {
    let (file, len) = open_regular(path)?;
    if len > cap {
        return Err(io::Error::other(format!(
            "{len} bytes, over the limit of {cap} bytes (--max-doc-size)"
        )));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(len).unwrap_or(0));
    file.take(cap + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > cap {
        return Err(io::Error::other(format!(
            "over the limit of {cap} bytes (--max-doc-size)"
        )));
    }
    Ok(bytes)
}

/// The first `n` bytes of a regular file (fewer when it is shorter); `None`
/// when it is missing or not a regular file.
pub(crate) fn read_head(path: &Path, n: usize) -> Option<Vec<u8>> {
    let (file, _) = open_regular(path).ok()?;
    let mut head = Vec::with_capacity(n);
    file.take(n as u64).read_to_end(&mut head).ok()?;
    Some(head)
}

/// Where `bytes` stop being UTF-8, as (byte offset, 1-based line).
fn utf8_error_at(bytes: &[u8], valid_up_to: usize) -> (usize, usize) {
    (
        valid_up_to,
        LineIndex::new(&bytes[..valid_up_to]).line(valid_up_to),
    )
}

/// Reads a UTF-8 text file; `None` when it does not exist.
pub(crate) fn read_text(path: &Path) -> Result<Option<String>, TextError> {
    let bytes = match read_regular(path, MAX_TEXT_SIZE) {
        Ok(b) => b,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(TextError::Io(e)),
    };
    String::from_utf8(bytes).map(Some).map_err(|e| {
        let (byte, line) = utf8_error_at(e.as_bytes(), e.utf8_error().valid_up_to());
        TextError::Utf8 { byte, line }
    })
}

/// Reads and decodes one document.
pub(crate) fn read_doc(path: &Path, cap: u64) -> Result<DocText, Unreadable> {
    let bytes = read_regular(path, cap).map_err(|e| Unreadable::Io(e.to_string()))?;
    DocText::decode(bytes).map_err(|e| Unreadable::Decode {
        byte: e.byte,
        line: e.line,
    })
}

/// Reads and validates a metadata file; problems carry line and column.
pub(crate) fn read_metadata(path: &Path) -> (Metadata, Vec<Problem>) {
    let text = read_regular(path, MAX_TEXT_SIZE).and_then(|b| {
        String::from_utf8(b).map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))
    });
    match text {
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

/// Reads an input file named on the command line (`import`): a regular file
/// of at most [`MAX_TEXT_SIZE`] bytes, anywhere.
fn read_input(path: &Path) -> io::Result<Vec<u8>> {
    read_regular(path, MAX_TEXT_SIZE)
}

/// Reads FILE (relative to `base`), or standard input for `-`, as bytes,
/// with the name to show for it.
pub(crate) fn input(base: &Path, file: &Path, what: &str) -> anyhow::Result<(Vec<u8>, String)> {
    use anyhow::Context;
    use std::io::Read;
    if file.as_os_str() == "-" {
        let mut bytes = Vec::new();
        std::io::stdin()
            .read_to_end(&mut bytes)
            .with_context(|| format!("cannot read the {what} from standard input"))?;
        return Ok((bytes, "standard input".into()));
    }
    let bytes =
        read_input(&base.join(file)).with_context(|| format!("cannot read {}", file.display()))?;
    Ok((bytes, file.display().to_string()))
}

/// An input's bytes as UTF-8 text without a byte order mark, or a message
/// saying where not.
pub(crate) fn input_text(bytes: Vec<u8>, shown: &str) -> Result<String, String> {
    let bytes = match bytes.strip_prefix(b"\xEF\xBB\xBF") {
        Some(rest) => rest.to_vec(),
        None => bytes,
    };
    String::from_utf8(bytes).map_err(|e| {
        format!(
            "{shown} is not valid UTF-8 (invalid byte at byte offset {}); convert it first, e.g. `iconv -f windows-1251 -t utf-8`",
            e.utf8_error().valid_up_to()
        )
    })
}

/// A path made absolute with every link resolved.
pub(crate) fn canonical(path: &Path) -> io::Result<std::path::PathBuf> {
    fs::canonicalize(if path.as_os_str().is_empty() {
        Path::new(".")
    } else {
        path
    })
}

/// Whether `path` itself (not what it points at) is a symbolic link.
pub(crate) fn is_link(path: &Path) -> bool {
    fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_named_pipe_is_refused_at_once_not_waited_on() {
        let dir = std::env::temp_dir().join(format!("claimtrack-fifo-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        let fifo = dir.join("pipe");
        let status = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .expect("mkfifo runs");
        assert!(status.success());
        let err = read_regular(&fifo, 10).unwrap_err();
        let _ = fs::remove_dir_all(&dir);
        assert_eq!(err.to_string(), "a named pipe (FIFO), not a regular file");
    }

    #[test]
    fn a_device_is_refused_before_a_byte_is_read() {
        let err = read_regular(Path::new("/dev/zero"), 10).unwrap_err();
        assert_eq!(err.to_string(), "a device, not a regular file");
        assert!(read_head(Path::new("/dev/zero"), 10).is_none());
    }
}
