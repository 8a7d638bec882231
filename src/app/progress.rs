//! A progress bar on standard error for long runs on a terminal: shown only
//! after about a second, redrawn at most ten times a second, erased at the end.

use std::io::{IsTerminal, Write};
use std::sync::Mutex;
use std::time::{Duration, Instant};

const DELAY: Duration = Duration::from_secs(1);
const EVERY: Duration = Duration::from_millis(100);
const WIDTH: usize = 30;

pub(super) struct Progress {
    started: Instant,
    last: Mutex<Option<Instant>>,
}

impl Progress {
    /// A bar, if standard output and standard error are both a terminal.
    pub(super) fn for_terminal() -> Option<Progress> {
        (std::io::stdout().is_terminal() && std::io::stderr().is_terminal()).then(|| Progress {
            started: Instant::now(),
            last: Mutex::new(None),
        })
    }

    /// Records that `done` of `total` documents are checked.
    pub(super) fn update(&self, done: usize, total: usize) {
        let now = Instant::now();
        if now.duration_since(self.started) < DELAY {
            return;
        }
        let Ok(mut last) = self.last.lock() else {
            return;
        };
        if last.is_some_and(|l| now.duration_since(l) < EVERY) && done < total {
            return;
        }
        *last = Some(now);
        let filled = (done * WIDTH)
            .checked_div(total)
            .unwrap_or(WIDTH)
            .min(WIDTH);
        let mut err = std::io::stderr().lock();
        let _ = write!(
            err,
            "\r\x1b[2K  checking documents [{}{}] {done}/{total}",
            "=".repeat(filled),
            " ".repeat(WIDTH - filled)
        );
        let _ = err.flush();
    }

    /// Erases the bar if it was drawn.
    pub(super) fn finish(&self) {
        if self.last.lock().is_ok_and(|l| l.is_some()) {
            let mut err = std::io::stderr().lock();
            let _ = write!(err, "\r\x1b[2K");
            let _ = err.flush();
        }
    }
}
