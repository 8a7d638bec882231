//! `check` through the in-memory source: claims text and document texts in,
//! typed findings out, with no disk.

use super::*;
use crate::claim::parse_claims;
use crate::corpus::DocEntry;

const BELL: &str = include_str!("../../corpus/the-bell/mikhailov-crowdstrike.txt");

/// A corpus of in-memory documents, `(id, text)`, each shown as `corpus/<id>.txt`.
fn memory(docs: &[(&str, &str)]) -> (Corpus, Memory) {
    let mut corpus = Corpus::default();
    let mut mem = Memory::default();
    for (id, text) in docs {
        let display = format!("corpus/{id}.txt");
        corpus.docs.insert(
            id.to_string(),
            DocEntry {
                display: display.clone(),
                has_meta: false,
                outside: None,
                meta_outside: None,
            },
        );
        mem.docs.insert(display, Ok(DocText::new(text.to_string())));
    }
    (corpus, mem)
}

fn claim(id: &str, doc: &str, quote: &str, extra: &str) -> String {
    format!(
        "[[claim]]\nid = \"{id}\"\nstatement = \"s\"\nlevel = \"confirmed\"\ndoc = \"{doc}\"\nquote = \"{quote}\"\n{extra}\n"
    )
}

fn run(claims: &str, corpus: &Corpus, mem: &Memory, fix: bool) -> Vec<Finding> {
    let plan = Plan::from_files(&[parse_claims("claims/c.toml", claims)]);
    let opts = Options {
        fix,
        ..Options::default()
    };
    let report = check(&plan, corpus, mem, &opts);
    report
        .findings()
        .map(std::borrow::Cow::into_owned)
        .collect()
}

#[test]
fn an_intact_quote_gives_an_intact_finding_with_where_it_stands() {
    let (corpus, mem) = memory(&[("bell", BELL)]);
    let q = "А tail was put on Mikhailov";
    let start = BELL[..BELL.find(q).unwrap()].chars().count();
    let f = run(
        &claim("a", "bell", q, &format!("start = {start}")),
        &corpus,
        &mem,
        false,
    );
    assert_eq!(f.len(), 1);
    assert_eq!(f[0].status, Status::Intact);
    assert_eq!(f[0].what, What::Intact);
    let found = f[0].found.as_ref().unwrap();
    assert_eq!((found.start, found.text.as_str()), (start, q));
    assert_eq!(f[0].doc_path.as_deref(), Some("corpus/bell.txt"));
    assert_eq!(f[0].line, 6, "the line of the `quote` key");
}

#[test]
fn a_moved_quote_says_where_it_was_recorded_and_carries_its_fix_only_when_asked() {
    let (corpus, mem) = memory(&[("d", "Update.\n\nThe minister resigned on Monday.")]);
    let claims = claim("a", "d", "The minister resigned", "start = 0");
    let f = &run(&claims, &corpus, &mem, false)[0];
    assert_eq!(f.status, Status::Moved);
    assert_eq!(
        f.what,
        What::Moved {
            from: 0,
            was: Some((1, 1))
        }
    );
    assert!(f.fix.is_none(), "no fix is worked out without --fix");
    let snippet = f.snippet.as_deref().unwrap();
    assert_eq!((snippet.line, snippet.col), (3, 0));
    let f = &run(&claims, &corpus, &mem, true)[0];
    let fix = f.fix.as_deref().unwrap();
    assert_eq!((fix.start, fix.prefix.as_str()), (9, "Update.\n\n"));
    assert_eq!(fix.suffix, " on Monday.");
}

#[test]
fn a_normalized_quote_lists_each_folded_character_with_its_position() {
    let (corpus, mem) = memory(&[("d", "He didn\u{2019}t answer.")]);
    let f = &run(&claim("a", "d", "didn't answer", ""), &corpus, &mem, true)[0];
    assert_eq!(f.status, Status::Normalized);
    let What::Normalized { folded } = &f.what else {
        panic!("{:?}", f.what)
    };
    assert_eq!(folded.len(), 1);
    assert_eq!((folded[0].line, folded[0].column), (1, 8));
    assert_eq!(
        (folded[0].doc.as_str(), folded[0].quote.as_str()),
        ("\u{2019}", "'")
    );
    let fix = f.fix.as_deref().unwrap();
    assert_eq!(fix.quote.as_deref(), Some("didn\u{2019}t answer"));
}

#[test]
fn an_ambiguous_quote_lists_every_occurrence_with_what_singles_it_out() {
    let (corpus, mem) = memory(&[("d", "a cat sat. a cat ran.")]);
    let f = &run(&claim("a", "d", "a cat", ""), &corpus, &mem, true)[0];
    assert_eq!(f.status, Status::Ambiguous);
    assert!(f.fix.is_none(), "--fix never picks an occurrence");
    let What::Ambiguous { occurrences, .. } = &f.what else {
        panic!("{:?}", f.what)
    };
    assert_eq!(occurrences.len(), 2);
    assert_eq!(occurrences[1].start, 11);
    assert!(occurrences.iter().all(|o| o.single_out.is_some()));
}

#[test]
fn an_altered_quote_keeps_the_recorded_words_for_its_diff_and_is_never_fixed() {
    let doc = "Mikhailov passed on some information to Crowdstrike through an intermediary.";
    let (corpus, mem) = memory(&[("d", doc)]);
    let quote = "Mikhailov passed on the information to Crowdstrike through an intermediary.";
    let f = &run(&claim("a", "d", quote, "start = 0"), &corpus, &mem, true)[0];
    assert_eq!(f.status, Status::Altered);
    assert!(
        matches!(f.what, What::Altered { edits: 3, .. }),
        "{:?}",
        f.what
    );
    assert_eq!(f.quote.as_deref(), Some(quote));
    assert_eq!(f.found.as_ref().unwrap().text, doc);
    assert!(f.fix.is_none());
}

#[test]
fn a_missing_document_and_an_unreadable_one_are_findings_for_each_anchor() {
    let (corpus, mut mem) = memory(&[("bad", "")]);
    mem.docs.insert(
        "corpus/bad.txt".into(),
        Err(Unreadable::Decode { byte: 3, line: 1 }),
    );
    let claims = claim("a", "gone", "x", "") + &claim("b", "bad", "y", "");
    let f = run(&claims, &corpus, &mem, false);
    assert_eq!(f[0].status, Status::DocMissing);
    assert_eq!(f[0].doc_path.as_deref(), Some("gone"));
    assert_eq!(f[1].status, Status::DocUnreadable);
    assert_eq!(
        f[1].what,
        What::DocUnreadable(Unreadable::Decode { byte: 3, line: 1 })
    );
}

#[test]
fn a_duplicate_id_is_an_error_on_every_use_and_every_claim_is_still_checked() {
    let (corpus, mem) = memory(&[("d", "one two")]);
    let claims = claim("a", "d", "one", "") + &claim("a", "d", "two", "");
    let f = run(&claims, &corpus, &mem, false);
    let dups: Vec<(&What, usize)> = f
        .iter()
        .filter(|f| f.status == Status::InvalidClaim)
        .map(|f| (&f.what, f.line))
        .collect();
    let other = |line| What::DuplicateId {
        file: "claims/c.toml".into(),
        line,
    };
    assert_eq!(
        dups,
        [(&other(8), 1), (&other(1), 8)],
        "each use names the other"
    );
    let checked = f.iter().filter(|f| f.status == Status::Intact).count();
    assert_eq!(checked, 2, "both claims are still checked");
}

#[test]
fn metadata_problems_and_doc_conflicts_are_reported_once_each() {
    let (mut corpus, mut mem) = memory(&[("d", "text")]);
    corpus.docs.get_mut("d").unwrap().has_meta = true;
    mem.metadata.insert(
        "corpus/d.toml".into(),
        vec![Problem {
            line: 2,
            column: 1,
            claim: None,
            message: "unknown field `writer`".into(),
        }],
    );
    corpus.conflicts.push(crate::corpus::Conflict {
        id: "x".into(),
        first: "corpus/x.md".into(),
        second: "corpus/x.txt".into(),
    });
    let f = run("", &corpus, &mem, false);
    let statuses: Vec<Status> = f.iter().map(|f| f.status).collect();
    assert_eq!(statuses, [Status::DocConflict, Status::InvalidMetadata]);
    assert_eq!((f[1].file.as_str(), f[1].line), ("corpus/d.toml", 2));
    assert_eq!(f[1].doc.as_deref(), Some("d"));
}

#[test]
fn findings_come_in_claims_file_order_whatever_order_documents_are_checked_in() {
    let docs: Vec<(String, String)> = (0..20)
        .map(|i| (format!("d{i:02}"), format!("quote number {i} here")))
        .collect();
    let refs: Vec<(&str, &str)> = docs.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
    let (corpus, mem) = memory(&refs);
    let claims: String = (0..20)
        .rev()
        .map(|i| {
            claim(
                &format!("c{i}"),
                &format!("d{i:02}"),
                &format!("number {i}"),
                "",
            )
        })
        .collect();
    let f = run(&claims, &corpus, &mem, false);
    let lines: Vec<usize> = f.iter().map(|f| f.line).collect();
    assert!(lines.windows(2).all(|w| w[0] < w[1]), "{lines:?}");
}

#[test]
fn a_partition_checks_only_its_share_of_documents() {
    let (corpus, mem) = memory(&[("a", "x y"), ("b", "x y"), ("c", "x y"), ("d", "x y")]);
    let claims: String = ["a", "b", "c", "d"]
        .iter()
        .map(|d| claim(&format!("id-{d}"), d, "x", ""))
        .collect();
    let plan = Plan::from_files(&[parse_claims("claims/c.toml", &claims)]);
    let mut total = 0;
    for index in 1..=3 {
        let opts = Options {
            partition: Some(Partition { index, count: 3 }),
            ..Options::default()
        };
        total += check(&plan, &corpus, &mem, &opts).findings().count();
    }
    assert_eq!(total, 4);
}
