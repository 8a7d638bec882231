//! The review loop a newsroom runs on a seed article: log claims with
//! `add`, edit the article, read `check`, `accept` after review, and keep
//! every change in the record's history; `retract`, `supersede` and `set`
//! rewrite only what they must and refuse cleanly.

use crate::common::Scratch;

const DOC: &str = "slate/cybercrime-treason-trial";
const TEXT: &str = "corpus/slate/cybercrime-treason-trial.txt";
const FILE: &str = "claims/review.toml";

fn json(out: &crate::common::Output) -> serde_json::Value {
    serde_json::from_str(&out.stdout).unwrap_or_else(|e| panic!("not JSON ({e}): {}", out.stdout))
}

fn add(p: &Scratch, id: &str, level: &str, quote: &str, extra: &[&str]) {
    let mut args = vec![
        "add",
        "--doc",
        DOC,
        "--level",
        level,
        "--id",
        id,
        "--statement",
        "s",
        "--quote",
        quote,
        "--file",
        FILE,
    ];
    args.extend_from_slice(extra);
    let out = p.run(&args);
    assert_eq!(out.code, 0, "add {id}: {}", out.stderr);
}

/// The status of each claim's quote, from `check --format json`.
fn statuses(p: &Scratch) -> std::collections::BTreeMap<String, String> {
    let out = p.run(&["check", "--format", "json"]);
    json(&out)["findings"]
        .as_array()
        .unwrap()
        .iter()
        // The quote's own verdict, not what its attribution says.
        .filter(|f| f["anchor"] == "quote" && f.get("attribution").is_none())
        .map(|f| {
            (
                f["claim"].as_str().unwrap().to_string(),
                f["status"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// Four claims on the Slate article, logged with `add`.
fn logged(name: &str) -> Scratch {
    let p = Scratch::corpus_only(name);
    p.write(
        FILE,
        "# Review desk: this comment must survive every rewrite.\n",
    );
    add(
        &p,
        "lawyer-told-cnn",
        "source-says",
        "the two men were being tried for committing treason against Russia on behalf of the United States",
        &["--by", "one of the defense lawyers"],
    );
    add(
        &p,
        "stoyanov-14-years",
        "confirmed",
        "Ruslan Stoyanov, who worked at controversial Russian cybersecurity firm Kaspersky Lab, received a sentence of 14 years",
        &[],
    );
    add(
        &p,
        "prosecution-grudge",
        "source-says",
        "Mikhailov and Stoyanov’s prosecution",
        &[],
    );
    add(
        &p,
        "kept-secret",
        "confirmed",
        "The details of the case were kept so secret that only a few facts are absolutely certain",
        &[],
    );
    p
}

/// The article as edited: the attribution changed, two paragraphs swapped
/// (a quote moves), an apostrophe straightened, a word in a quote changed.
fn edit_article(p: &Scratch) {
    let text = p.read(TEXT);
    let paras: Vec<&str> = text.split("\n\n").collect();
    let two = paras
        .iter()
        .position(|s| s.starts_with("Two Russian"))
        .unwrap();
    let what = paras
        .iter()
        .position(|s| s.starts_with("What we do know"))
        .unwrap();
    let mut swapped: Vec<&str> = paras.clone();
    swapped.swap(two, what);
    let edited = swapped
        .join("\n\n")
        .replacen(
            "one of the defense lawyers revealed to CNN",
            "a court official revealed to CNN",
            1,
        )
        .replacen("Stoyanov’s prosecution", "Stoyanov's prosecution", 1)
        .replacen("were kept so secret", "were kept so quiet", 1);
    assert_ne!(edited, text);
    p.write(TEXT, edited);
}

#[test]
fn the_review_loop_on_a_seed_article_ends_green_with_every_change_in_the_history() {
    let p = logged("review-loop");
    let logged = p.read(FILE);
    assert!(logged.contains("logged-by = \"Test Checker\""), "{logged}");
    assert!(
        logged.contains("logged-at = 2026-11-21T00:00:00Z"),
        "{logged}"
    );
    assert_eq!(p.run(&["check", "--deny", "warnings"]).code, 0);

    edit_article(&p);
    let seen = statuses(&p);
    assert_eq!(seen["lawyer-told-cnn"], "context-changed");
    assert_eq!(seen["stoyanov-14-years"], "moved");
    assert_eq!(seen["prosecution-grudge"], "normalized");
    assert_eq!(seen["kept-secret"], "altered");

    // An altered quote needs the explicit flag, and nothing is written without it.
    let before = p.read(FILE);
    let out = p.run(&["accept", "kept-secret"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(
        out.stderr.contains("--take-document-text"),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("[-secret-]{+quiet+}"), "{}", out.stderr);
    assert_eq!(p.read(FILE), before);

    // --dry-run shows the change and writes nothing.
    let out = p.run(&["accept", "lawyer-told-cnn", "--dry-run"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stdout.contains("prefix:"), "{}", out.stdout);
    assert_eq!(p.read(FILE), before);

    let out = p.run(&[
        "accept",
        "lawyer-told-cnn",
        "stoyanov-14-years",
        "prosecution-grudge",
        "--note",
        "re-read after the update",
    ]);
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    let out = p.run(&["accept", "kept-secret", "--take-document-text"]);
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    let out = p.run(&["check", "--deny", "warnings"]);
    assert_eq!(out.code, 0, "{}", out.stdout);

    // The history holds every change, with the old and the new value.
    let after = p.read(FILE);
    assert!(after.starts_with("# Review desk: this comment must survive every rewrite.\n"));
    let doc: toml::Table = toml::from_str(&after).unwrap();
    let claims = doc["claim"].as_array().unwrap();
    let history = |id: &str| -> Vec<(String, String, String)> {
        let c = claims
            .iter()
            .find(|c| c["id"].as_str() == Some(id))
            .unwrap();
        c.get("history")
            .and_then(|h| h.as_array())
            .unwrap_or_else(|| panic!("{id} has no history"))
            .iter()
            .flat_map(|h| {
                assert_eq!(h["action"].as_str(), Some("accept"));
                assert_eq!(h["by"].as_str(), Some("Test Checker"));
                assert_eq!(h["at"].to_string(), "2026-11-21T00:00:00Z");
                let show = |v: &toml::Value| match v.as_str() {
                    Some(s) => s.to_string(),
                    None => v.to_string(),
                };
                // One entry per accept, each field it changed on a line.
                h["changes"]
                    .as_array()
                    .expect("the fields changed, listed")
                    .iter()
                    .map(|c| {
                        (
                            c["field"].as_str().unwrap().to_string(),
                            show(&c["from"]),
                            show(&c["to"]),
                        )
                    })
                    .collect::<Vec<_>>()
            })
            .collect()
    };
    let lawyer = history("lawyer-told-cnn");
    assert!(
        lawyer.iter().any(|(f, from, to)| f == "prefix"
            && from.contains("lawyers revealed")
            && to.contains("official revealed")),
        "{lawyer:?}"
    );
    let moved = history("stoyanov-14-years");
    assert_eq!(moved.len(), 1, "{moved:?}");
    assert_eq!(moved[0].0, "start");
    let straightened = history("prosecution-grudge");
    assert!(
        straightened
            .iter()
            .any(|(f, from, to)| f == "quote" && from.contains('’') && to.contains('\'')),
        "{straightened:?}"
    );
    let reworded = history("kept-secret");
    assert!(
        reworded.iter().any(|(f, from, to)| f == "quote"
            && from.contains("so secret")
            && to.contains("so quiet")),
        "{reworded:?}"
    );
    let note = claims[0]["history"][0]["note"].as_str();
    assert_eq!(note, Some("re-read after the update"));

    // Nothing left to accept is a refusal, not a silent success.
    let out = p.run(&["accept", "stoyanov-14-years"]);
    assert_eq!(out.code, 1);
    assert!(out.stderr.contains("nothing to accept"), "{}", out.stderr);
    // `show` lists the history, newest last.
    let out = p.run(&["show", "kept-secret"]);
    assert!(out.stdout.contains("history"), "{}", out.stdout);
    assert!(
        out.stdout.contains("logged         by Test Checker"),
        "{}",
        out.stdout
    );
}

#[test]
fn a_retracted_claim_whose_quote_is_then_deleted_is_info_and_out_of_the_table() {
    let p = logged("review-retract");
    let out = p.run(&[
        "retract",
        "kept-secret",
        "--reason",
        "the court record disagrees",
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let text = p.read(TEXT).replacen(
        "The details of the case were kept so secret that only a few facts are absolutely certain",
        "Little is known",
        1,
    );
    p.write(TEXT, text);
    let out = p.run(&["check", "--format", "json"]);
    assert_eq!(
        out.code, 0,
        "a retracted claim never fails a run: {}",
        out.stdout
    );
    assert_eq!(p.run(&["check"]).code, 0);
    let report = json(&out);
    let f = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["claim"] == "kept-secret")
        .unwrap()
        .clone();
    assert_eq!(f["status"], "missing");
    assert_eq!(f["severity"], "info");
    assert_eq!(report["summary"]["info"], 1);
    let ids = |args: &[&str]| -> Vec<String> {
        json(&p.run(args))["rows"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["claim"].as_str().unwrap().to_string())
            .collect()
    };
    let table = ids(&["table", "--format", "json"]);
    assert!(!table.contains(&"kept-secret".to_string()), "{table:?}");
    let all = ids(&["table", "--format", "json", "--all"]);
    assert!(all.contains(&"kept-secret".to_string()), "{all:?}");
    let listed = p.run(&["list", "--status", "retracted"]);
    assert!(
        listed.stdout.starts_with("kept-secret"),
        "{}",
        listed.stdout
    );
    assert!(
        listed.stdout.contains("missing (retracted)"),
        "{}",
        listed.stdout
    );
    // Retracting twice is refused.
    assert_eq!(
        p.run(&["retract", "kept-secret", "--reason", "again"]).code,
        1
    );
}

#[test]
fn rewrites_touch_only_their_claim_and_fail_cleanly_on_bad_ids_and_levels() {
    let p = logged("review-refusals");
    let before = p.read(FILE);
    for (args, code) in [
        (vec!["set", "no-such-claim", "--level", "confirmed"], 2),
        (vec!["set", "stoyanov-14-years", "--level", "probably"], 2),
        (vec!["set", "stoyanov-14-years"], 2),
        (vec!["set", "stoyanov-14-years", "--level", "confirmed"], 1),
        (vec!["supersede", "stoyanov-14-years", "no-such-claim"], 2),
        (
            vec!["supersede", "stoyanov-14-years", "stoyanov-14-years"],
            2,
        ),
        (vec!["retract", "no-such-claim", "--reason", "r"], 2),
        (vec!["accept", "no-such-claim"], 2),
    ] {
        let out = p.run(&args);
        assert_eq!(out.code, code, "{args:?}: {}", out.stderr);
        assert!(
            out.stderr.starts_with("error: "),
            "{args:?}: {}",
            out.stderr
        );
        assert_eq!(p.read(FILE), before, "{args:?} wrote");
    }
    let out = p.run(&[
        "set",
        "stoyanov-14-years",
        "--level",
        "source-says",
        "--attributed-to",
        "Slate",
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let after = p.read(FILE);
    // Every byte before the claim's level line, and every other claim, is untouched.
    let cut = before.find("level = \"confirmed\"").unwrap();
    assert_eq!(&after[..cut], &before[..cut]);
    let next = before
        .find("[[claim]]\nid = \"prosecution-grudge\"")
        .unwrap();
    assert!(
        after.contains(&before[next..]),
        "the later claims changed:\n{after}"
    );
    assert!(after.contains("[[claim.history]]"));
    let out = p.run(&[
        "supersede",
        "lawyer-told-cnn",
        "stoyanov-14-years",
        "--reason",
        "better source",
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let out = p.run(&["list", "--format", "json", "--status", "superseded"]);
    let rows = json(&out);
    assert_eq!(rows[0]["superseded-by"], "stoyanov-14-years");
    // A hand-edited superseded-by that names no claim is an error in check.
    let text = p.read(FILE).replace(
        "superseded-by = \"stoyanov-14-years\"",
        "superseded-by = \"gone-claim\"",
    );
    p.write(FILE, text);
    let out = p.run(&["check"]);
    assert_eq!(out.code, 1);
    assert!(
        out.stdout.contains("no claim has this id"),
        "{}",
        out.stdout
    );
}
