//! What stops a command: refused (exit 1, nothing written), a usage error or a
//! failure to run (exit 2), each printed once, at the top, by `app::run`.

use std::fmt;

use crate::check::report::Exit;

/// Why a command stopped short of its work.
#[derive(Debug)]
pub(crate) enum Failure {
    /// The input was read and refused (a misquote, a broken claims file, an
    /// edit that would break one), for one reason or several: exit 1, and
    /// nothing was written.
    Refused(Vec<Said>),
    /// The command line names something that is not there: exit 2, nothing written.
    Usage(Said),
    /// The tool could not run (an unreadable folder, a failed write): exit 2.
    Failed(anyhow::Error),
}

/// A refusal's words: one message, then detail lines under it.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(crate) struct Said {
    pub(crate) message: String,
    pub(crate) details: Vec<String>,
}

impl Said {
    pub(crate) fn new(message: impl Into<String>) -> Said {
        Said {
            message: message.into(),
            details: Vec::new(),
        }
    }

    /// The same words with `prefix: ` before the message.
    pub(crate) fn within(mut self, prefix: &str) -> Said {
        self.message = format!("{prefix}: {}", self.message);
        self
    }

    /// Message and details on one line, `; ` between them.
    pub(crate) fn one_line(&self) -> String {
        std::iter::once(self.message.as_str())
            .chain(self.details.iter().map(String::as_str))
            .collect::<Vec<_>>()
            .join("; ")
    }
}

impl Failure {
    /// Refused, with a message and no details.
    pub(crate) fn refused(message: impl Into<String>) -> Failure {
        Failure::Refused(vec![Said::new(message)])
    }

    /// Refused, for this reason.
    pub(crate) fn refusal(said: Said) -> Failure {
        Failure::Refused(vec![said])
    }

    /// The exit the process ends with.
    pub(crate) fn exit(&self) -> Exit {
        match self {
            Failure::Refused(_) => Exit::Findings,
            Failure::Usage(_) | Failure::Failed(_) => Exit::Error,
        }
    }

    /// Writes the failure to standard error, with controls in what the user
    /// typed or a document holds escaped.
    pub(crate) fn report(&self) {
        let said = match self {
            Failure::Refused(all) => all.as_slice(),
            Failure::Usage(said) => std::slice::from_ref(said),
            Failure::Failed(e) => {
                // File names, ids and keys in the message came from the disk.
                eprintln!("error: {}", crate::render::safe(&format!("{e:#}")));
                return;
            }
        };
        for s in said {
            eprintln!("error: {}", crate::render::safe(&s.message));
            for d in &s.details {
                eprintln!("  {}", crate::render::safe(d));
            }
        }
        eprintln!("nothing was written");
    }
}

impl From<anyhow::Error> for Failure {
    fn from(e: anyhow::Error) -> Failure {
        Failure::Failed(e)
    }
}

impl From<std::io::Error> for Failure {
    fn from(e: std::io::Error) -> Failure {
        Failure::Failed(e.into())
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Failure::Refused(all) => {
                let lines: Vec<String> = all.iter().map(Said::one_line).collect();
                f.write_str(&lines.join("; "))
            }
            Failure::Usage(said) => f.write_str(&said.one_line()),
            Failure::Failed(e) => write!(f, "{e:#}"),
        }
    }
}

/// A command's outcome: an exit for the work done, or why it stopped.
pub(crate) type Outcome = Result<Exit, Failure>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refused_exits_1_and_usage_and_failures_exit_2() {
        assert_eq!(Failure::refused("no").exit().code(), 1);
        assert_eq!(Failure::Usage(Said::new("no")).exit().code(), 2);
        assert_eq!(Failure::from(anyhow::anyhow!("no")).exit().code(), 2);
    }

    #[test]
    fn one_line_joins_the_details() {
        let mut s = Said::new("the quote is not in x").within("evidence 1");
        s.details.push("did you mean: y".into());
        assert_eq!(
            s.one_line(),
            "evidence 1: the quote is not in x; did you mean: y"
        );
    }
}
