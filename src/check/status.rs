//! The status table: every finding status declared once, with its code, word,
//! severity, symbol, what it is about, what repairs it, meaning and advice.

use serde::Serialize;

/// How bad a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum Severity {
    Ok,
    /// A finding on a retracted or superseded claim: shown, never fails a run.
    Info,
    Warning,
    Error,
}

/// What a status is about: a quote that was anchored, or something that kept
/// it from being checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum About {
    /// An anchoring verdict on a quote.
    Quote,
    /// The document a claim names.
    Document,
    /// A claims or metadata file.
    Record,
    /// How the document attributes a quote that stands: its cues, its level,
    /// what its elisions and brackets stand for.
    Attribution,
}

/// What repairs a status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Repair {
    /// Nothing to repair.
    Nothing,
    /// `check --fix` repairs it (and so does `accept`).
    Fix,
    /// Only `accept`, after a person reads the source again.
    Accept,
    /// Only `accept --take-document-text`: the quote takes the document's words.
    AcceptDocumentText,
    /// A person edits the record: no command repairs it.
    Person,
}

/// Declares the status enum and every table lookup from one list, so a new
/// status is one entry and each `match` on it elsewhere is exhaustive.
macro_rules! statuses {
    ($(
        $(#[$attr:meta])*
        $name:ident {
            code: $code:literal,
            word: $word:literal,
            severity: $severity:ident,
            symbol: $symbol:literal,
            about: $about:ident,
            repair: $repair:ident,
            meaning: $meaning:literal,
            what_to_do: $todo:literal $(,)?
        }
    ),+ $(,)?) => {
        /// What was found for an anchor, or what kept it from being checked.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
        #[serde(rename_all = "kebab-case")]
        pub(crate) enum Status {
            $($(#[$attr])* $name),+
        }

        impl Status {
            /// Every status, in table order (as listed in docs, SARIF rules and summaries).
            pub(crate) const ALL: [Status; [$($word),+].len()] = [$(Status::$name),+];

            /// The stable finding code.
            pub(crate) fn code(self) -> &'static str {
                match self { $(Status::$name => $code),+ }
            }

            /// The status word, as in JSON `status` and the summary line.
            pub(crate) fn as_str(self) -> &'static str {
                match self { $(Status::$name => $word),+ }
            }

            /// How bad it is on an active claim.
            pub(crate) fn severity(self) -> Severity {
                match self { $(Status::$name => Severity::$severity),+ }
            }

            /// A symbol, so a status reads without colour.
            pub(crate) fn symbol(self) -> &'static str {
                match self { $(Status::$name => $symbol),+ }
            }

            /// What the status is about.
            pub(crate) fn about(self) -> About {
                match self { $(Status::$name => About::$about),+ }
            }

            /// What repairs it.
            pub(crate) fn repair(self) -> Repair {
                match self { $(Status::$name => Repair::$repair),+ }
            }

            /// One line of meaning, as listed in the reference.
            pub(crate) fn meaning(self) -> &'static str {
                match self { $(Status::$name => $meaning),+ }
            }

            /// What a person does about it (SARIF's `help`).
            pub(crate) fn what_to_do(self) -> &'static str {
                match self { $(Status::$name => $todo),+ }
            }
        }
    };
}

statuses! {
    Intact {
        code: "quote-intact",
        word: "intact",
        severity: Ok,
        symbol: "✓",
        about: Quote,
        repair: Nothing,
        meaning: "the quote is at its recorded `start` (or, unpinned, occurs once or its context singles it out)",
        what_to_do: "nothing.",
    },
    Moved {
        code: "quote-moved",
        word: "moved",
        severity: Warning,
        symbol: "↪",
        about: Quote,
        repair: Fix,
        meaning: "the exact quote, with its recorded context, is elsewhere in the document; `--fix` pins the new place",
        what_to_do: "run `claimtrack check --fix`, or `claimtrack accept ID`.",
    },
    ContextChanged {
        code: "quote-context-changed",
        word: "context-changed",
        severity: Warning,
        symbol: "⚠",
        about: Quote,
        repair: Accept,
        meaning: "the quote stands, but the recorded `prefix` or `suffix` around it changed within its paragraph, so its attribution may have; `--fix` leaves it for a person",
        what_to_do: "read the passage again; if the attribution still holds, `claimtrack accept ID` pins it.",
    },
    Normalized {
        code: "quote-normalized",
        word: "normalized",
        severity: Warning,
        symbol: "≈",
        about: Quote,
        repair: Fix,
        meaning: "the quote matches only after folding typography (quotes, dashes, spaces, invisible characters, look-alike letters); `--fix` copies the document's characters",
        what_to_do: "run `claimtrack check --fix` to copy the document's characters into the quote.",
    },
    Ambiguous {
        code: "quote-ambiguous",
        word: "ambiguous",
        severity: Error,
        symbol: "⁇",
        about: Quote,
        repair: Person,
        meaning: "the quote occurs several times and neither context nor `start` singles one out",
        what_to_do: "set `start`, `prefix` or `suffix` as the finding suggests.",
    },
    Altered {
        code: "quote-altered",
        word: "altered",
        severity: Error,
        symbol: "✎",
        about: Quote,
        repair: AcceptDocumentText,
        meaning: "the words changed: an approximate match (within a third of the quote's length in edits) stands where the quote was, or where its recorded context still stands",
        what_to_do: "decide whether the claim still stands; `claimtrack accept ID --take-document-text` quotes the new words.",
    },
    Missing {
        code: "quote-missing",
        word: "missing",
        severity: Error,
        symbol: "✗",
        about: Quote,
        repair: Person,
        meaning: "nothing close to the quote where it may count; the closest text elsewhere is named as a hint, never as the anchor",
        what_to_do: "quote the words the document has now, or `claimtrack retract ID --reason TEXT`.",
    },
    AttributionChanged {
        code: "attribution-changed",
        word: "attribution-changed",
        severity: Warning,
        symbol: "⚑",
        about: Attribution,
        repair: Accept,
        meaning: "the quote stands, but an attribution cue recorded beside it (the speaker, the reporting verb, a hedge) no longer reads as recorded; the finding gives the word diff",
        what_to_do: "read the passage again; if the claim's level and source still hold, `claimtrack accept ID` records the attribution as it reads now.",
    },
    LevelMismatch {
        code: "level-mismatch",
        word: "level-mismatch",
        severity: Error,
        symbol: "⊘",
        about: Attribution,
        repair: Accept,
        meaning: "the document now says explicitly that the claim could not be verified, and the claim is recorded as `confirmed` or `source-says`",
        what_to_do: "set the level the document now gives (`claimtrack set ID --level could-not-confirm`), or `claimtrack accept ID` after reading the source if the cue does not cover the claim.",
    },
    LevelChanged {
        code: "level-changed",
        word: "level-changed",
        severity: Warning,
        symbol: "⊘",
        about: Attribution,
        repair: Accept,
        meaning: "the attribution cues around the quote now imply another level than when the claim was logged, and than the one recorded",
        what_to_do: "read the passage again; `claimtrack set ID --level LEVEL` or `claimtrack accept ID`.",
    },
    ElisionChanged {
        code: "elision-changed",
        word: "elision-changed",
        severity: Warning,
        symbol: "…",
        about: Attribution,
        repair: Accept,
        meaning: "the words the document has under an elision (`...`) of the quote are not the ones recorded when it was logged",
        what_to_do: "read the passage again: the elided words may change what the quote says; `claimtrack accept ID` records them as they are now.",
    },
    BracketChanged {
        code: "bracket-changed",
        word: "bracket-changed",
        severity: Warning,
        symbol: "[]",
        about: Attribution,
        repair: Accept,
        meaning: "an editor's bracket of the quote (`[Lula]`) now stands for other words of the document than when it was logged",
        what_to_do: "check that the bracket still says what the document says there; `claimtrack accept ID` records the words as they are now.",
    },
    DocMissing {
        code: "doc-missing",
        word: "doc-missing",
        severity: Error,
        symbol: "✗",
        about: Document,
        repair: Person,
        meaning: "the claim names a document that is not in `corpus/`",
        what_to_do: "add the document to `corpus/` or fix the claim's `doc`.",
    },
    DocUnreadable {
        code: "doc-unreadable",
        word: "doc-unreadable",
        severity: Error,
        symbol: "✗",
        about: Document,
        repair: Person,
        meaning: "the document cannot be read or is not valid UTF-8",
        what_to_do: "save the document as UTF-8 (and under the size limit).",
    },
    DocConflict {
        code: "doc-conflict",
        word: "doc-conflict",
        severity: Error,
        symbol: "✗",
        about: Document,
        repair: Person,
        meaning: "two files give the claim's document id (`x.txt` and `x.md`); neither is checked until one is renamed",
        what_to_do: "rename or remove one of the two files.",
    },
    DocOutsideProject {
        code: "doc-outside-project",
        word: "doc-outside-project",
        severity: Error,
        symbol: "✗",
        about: Document,
        repair: Person,
        meaning: "the document is a link to a file outside the project, which is not read unless `--follow-links-outside` is given",
        what_to_do: "copy the document into `corpus/`, or pass `--follow-links-outside` if you trust the link.",
    },
    InvalidClaim {
        code: "invalid-claim",
        word: "invalid-claim",
        severity: Error,
        symbol: "✗",
        about: Record,
        repair: Person,
        meaning: "a claims file is not valid TOML or a record breaks the format",
        what_to_do: "fix the record at the line given.",
    },
    InvalidMetadata {
        code: "invalid-metadata",
        word: "invalid-metadata",
        severity: Error,
        symbol: "✗",
        about: Record,
        repair: Person,
        meaning: "a document's metadata file has an unknown key or a bad value",
        what_to_do: "fix the metadata file at the line given.",
    },
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_status_has_a_distinct_code_and_word() {
        let mut codes: Vec<_> = Status::ALL.iter().map(|s| s.code()).collect();
        let mut words: Vec<_> = Status::ALL.iter().map(|s| s.as_str()).collect();
        codes.sort_unstable();
        codes.dedup();
        words.sort_unstable();
        words.dedup();
        assert_eq!(codes.len(), Status::ALL.len());
        assert_eq!(words.len(), Status::ALL.len());
    }

    #[test]
    fn the_json_word_is_the_serde_name() {
        for s in Status::ALL {
            assert_eq!(
                serde_json::to_value(s).unwrap(),
                serde_json::Value::String(s.as_str().into())
            );
        }
    }

    #[test]
    fn only_quote_and_attribution_statuses_can_be_ok_or_warnings_or_repaired_by_a_command() {
        for s in Status::ALL {
            if !matches!(s.about(), About::Quote | About::Attribution) {
                assert_eq!(s.severity(), Severity::Error, "{s:?}");
                assert_eq!(s.repair(), Repair::Person, "{s:?}");
            }
        }
    }
}
