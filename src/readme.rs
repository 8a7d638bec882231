//! The reference (docs/reference.md) against the code, so it cannot drift:
//! the usage block against the command line, the finding codes and exit codes
//! against `Status` and `Exit`, the folds against the normalizer, and the JSON
//! field table against what the serializer writes.

use std::collections::BTreeSet;

use clap::CommandFactory;

use crate::anchor::normalize::{Fold, confusable, fold};
use crate::check::finding::{Finding, Fix, Found, Range, Severity, Status, What};
use crate::check::report::{Exit, Summary};
use crate::claim::AnchorKind;
use crate::cli::Cli;

const REFERENCE: &str = include_str!("../docs/reference.md");

/// The text of the section under `## {title}`, up to the next `## `.
fn section(title: &str) -> &'static str {
    let head = format!("\n## {title}\n");
    let start = REFERENCE
        .find(&head)
        .unwrap_or_else(|| panic!("no section {title}"))
        + head.len();
    let len = REFERENCE[start..]
        .find("\n## ")
        .unwrap_or(REFERENCE.len() - start);
    &REFERENCE[start..start + len]
}

/// The first fenced block of a section.
fn block(section: &str) -> &str {
    let start = section.find("```").expect("a fenced block");
    let start = start + section[start..].find('\n').unwrap() + 1;
    let end = start + section[start..].find("```").unwrap();
    &section[start..end]
}

/// The first cell of each row of the table under `header` in `text`.
fn first_cells<'a>(text: &'a str, header: &str) -> impl Iterator<Item = &'a str> {
    let table = &text[text
        .find(header)
        .unwrap_or_else(|| panic!("no table {header}"))..];
    table
        .lines()
        .skip(2)
        .take_while(|l| l.starts_with("| "))
        .map(|l| l[2..].split(" |").next().unwrap_or(""))
}

#[test]
fn every_finding_code_is_listed_with_its_severity_and_meaning() {
    let text = section("Verdicts, codes and exit codes");
    for st in Status::ALL {
        let sev = match st.severity() {
            Severity::Ok => "ok",
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        };
        let row = format!(
            "| {} | `{}` | {sev} | {} |",
            st.as_str(),
            st.code(),
            st.meaning()
        );
        assert!(
            text.contains(&row),
            "docs/reference.md lacks the row:\n{row}"
        );
    }
    let codes = &text[..text.find("| command |").unwrap_or(text.len())];
    let listed = codes.lines().filter(|l| l.contains("| `")).count();
    assert_eq!(
        listed,
        Status::ALL.len(),
        "a code listed that does not exist"
    );
}

#[test]
fn the_exit_code_table_has_one_row_per_command_and_a_column_per_exit() {
    let text = section("Verdicts, codes and exit codes");
    let header = "| command | 0 | 1 | 2 |";
    assert!(text.contains(header), "no table {header}");
    // A new variant must be added here, and so to the reference's header.
    let all = [Exit::Ok, Exit::Findings, Exit::Error].map(|e| match e {
        Exit::Ok | Exit::Findings | Exit::Error => e.code().to_string(),
    });
    assert_eq!(header, format!("| command | {} |", all.join(" | ")));
    let documented: BTreeSet<&str> = first_cells(text, header)
        .map(|c| c.trim_matches('`'))
        .collect();
    let commands: BTreeSet<String> = <crate::cli::Cli as clap::CommandFactory>::command()
        .get_subcommands()
        .map(|c| c.get_name().to_string())
        .filter(|n| n != "help")
        .collect();
    let commands: BTreeSet<&str> = commands.iter().map(String::as_str).collect();
    assert_eq!(documented, commands, "one row per command");
}

/// Every code point the reference names (`U+2019`, `U+2010 to U+2015`) in a text.
fn code_points(text: &str) -> BTreeSet<u32> {
    let words: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || ",;:()".contains(c))
        .filter(|w| !w.is_empty())
        .collect();
    let hex = |w: &str| {
        w.strip_prefix("U+")
            .and_then(|h| u32::from_str_radix(h, 16).ok())
    };
    let mut out = BTreeSet::new();
    for (i, w) in words.iter().enumerate() {
        let Some(a) = hex(w) else { continue };
        match (words.get(i + 1), words.get(i + 2).and_then(|w| hex(w))) {
            (Some(&"to"), Some(b)) => out.extend(a..=b),
            _ => {
                out.insert(a);
            }
        }
    }
    out
}

#[test]
fn the_list_of_folds_is_what_the_normalizer_folds() {
    let listed = code_points(section("What normalization folds"));
    for c in (0x80..=0xFFFF).filter_map(char::from_u32) {
        // Whitespace and look-alike letters are described as classes.
        let named = match fold(c) {
            Fold::To(_) => confusable(c).is_none(),
            Fold::Str(_) | Fold::Drop => true,
            Fold::Keep | Fold::Space => false,
        };
        assert_eq!(
            named,
            listed.contains(&(c as u32)),
            "U+{:04X}: the normalizer {} it but the reference {}",
            c as u32,
            if named { "folds" } else { "keeps" },
            if named {
                "does not list it"
            } else {
                "lists it"
            }
        );
    }
}

#[test]
fn the_json_field_table_is_what_the_serializer_writes() {
    let text = section("JSON output");
    let documented: BTreeSet<String> = first_cells(text, "| field | type | meaning |")
        .flat_map(|cell| cell.split(", "))
        .map(|f| f.trim_matches('`').to_string())
        .collect();
    // A finding with every optional field present.
    let mut f = Finding::new(
        Status::Altered,
        What::Altered {
            edits: 1,
            similarity: 0.9,
        },
        "claims/c.toml",
        3,
    );
    f.claim = Some("c".into());
    f.anchor = Some(AnchorKind::Quote);
    f.doc = Some("d".into());
    f.recorded = Some(Range { start: 0, end: 5 });
    f.found = Some(Found {
        start: 0,
        end: 5,
        line: 1,
        column: 1,
        text: "quote".into(),
    });
    f.quote = Some("quota".into());
    f.fix = Some(Box::new(Fix {
        claim_index: 0,
        anchor: AnchorKind::Quote,
        start: 0,
        prefix: String::new(),
        suffix: String::new(),
        quote: None,
    }));
    f.parts = vec![crate::check::finding::PartFound {
        quote: "quo".into(),
        status: Status::Intact,
        found: None,
    }];
    f.fixed = true;
    let written = crate::render::json_value(&f);
    let mut keys: BTreeSet<String> = written.as_object().unwrap().keys().cloned().collect();
    // An attribution finding adds the object of what changed.
    let mut a = f.clone();
    a.what = What::Attribution(Box::new(crate::attribution::Change::Mark {
        kind: crate::attribution::MarkKind::Bracket,
        index: 0,
        typed: "[x]".into(),
        recorded: "y".into(),
        now: None,
    }));
    keys.extend(
        crate::render::json_value(&a)
            .as_object()
            .unwrap()
            .keys()
            .cloned(),
    );
    assert_eq!(keys, documented);
    for key in written["found"].as_object().unwrap().keys() {
        assert!(text.contains(key.as_str()), "found.{key} undocumented");
    }
    let summary = serde_json::to_value(Summary::default()).unwrap();
    let prose = &text[text
        .find("`summary` counts")
        .expect("the summary paragraph")..];
    for key in summary.as_object().unwrap().keys() {
        assert!(
            prose.contains(&format!("`{key}`")),
            "summary.{key} undocumented"
        );
    }
}

#[test]
fn the_usage_block_lists_every_command_and_option_of_the_binary() {
    let usage = block(section("Commands"));
    let cli = Cli::command();
    // Global options, on the first line.
    let first = usage.lines().next().unwrap();
    for arg in cli.get_arguments() {
        let flag = match (arg.get_short(), arg.get_long()) {
            (_, Some(l)) => format!("--{l}"),
            (Some(s), None) => format!("-{s}"),
            _ => continue,
        };
        if flag == "--help" || flag == "--version" {
            continue;
        }
        assert!(first.contains(&flag), "{flag} is not in the usage block");
    }
    // Each command with its options; a command's text runs to the next command.
    let names: Vec<&str> = cli
        .get_subcommands()
        .map(clap::Command::get_name)
        .filter(|n| *n != "help")
        .collect();
    let starts: Vec<(usize, &str)> = names
        .iter()
        .map(|n| {
            let at = usage
                .find(&format!("\n  {n} "))
                .or_else(|| usage.find(&format!("\n  {n}\n")))
                .unwrap_or_else(|| panic!("command {n} is not in the usage block"));
            (at, *n)
        })
        .collect();
    for (at, name) in &starts {
        let end = starts
            .iter()
            .map(|(a, _)| *a)
            .filter(|a| a > at)
            .min()
            .unwrap_or(usage.len());
        let text = &usage[*at..end];
        let cmd = cli.find_subcommand(name).unwrap();
        let mut known = BTreeSet::new();
        // A command with subcommands (`import html`, `export w3c`): each of theirs too.
        let args: Vec<&clap::Arg> = cmd
            .get_arguments()
            .chain(cmd.get_subcommands().flat_map(clap::Command::get_arguments))
            .filter(|a| !a.is_global_set())
            .collect();
        for sub in cmd.get_subcommands().filter(|s| s.get_name() != "help") {
            assert!(
                text.contains(&format!("{name} {}", sub.get_name())),
                "{name} {} is not in the usage block",
                sub.get_name()
            );
        }
        for arg in args {
            let Some(long) = arg.get_long() else {
                let value = arg.get_value_names().map(|v| v[0].to_string());
                if let Some(v) = value {
                    assert!(text.contains(&v), "{name} {v} is not in the usage block");
                }
                continue;
            };
            if long == "help" {
                continue;
            }
            known.insert(format!("--{long}"));
            assert!(
                text.contains(&format!("--{long}")),
                "{name} --{long} is not in the usage block"
            );
            let values: Vec<String> = arg
                .get_possible_values()
                .iter()
                .map(|v| v.get_name().to_string())
                .collect();
            if values.len() > 1 && text.contains(&format!("--{long} {}|", values[0])) {
                assert!(
                    text.contains(&format!("--{long} {}", values.join("|"))),
                    "{name} --{long} takes {}",
                    values.join("|")
                );
            }
        }
        for word in text.split(|c: char| c.is_whitespace() || "[]".contains(c)) {
            if word.starts_with("--") {
                assert!(known.contains(word), "{name} has no option {word}");
            }
        }
    }
}
