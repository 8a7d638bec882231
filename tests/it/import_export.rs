//! In and out, as round trips on the seed articles: a web page built from each
//! seed imported back to its paragraphs, a Hypothesis export logged with its
//! misquote refused, W3C annotations re-imported to the same claims, SQLite
//! answering a join, and ClaimReview carrying Google's required fields.

use crate::common::Scratch;
use serde_json::Value;

const SEEDS: [(&str, &str); 3] = [
    (
        "the-bell/mikhailov-crowdstrike",
        "https://www.thebell.io/en/mikhailov-crowdstrike",
    ),
    (
        "slate/cybercrime-treason-trial",
        "https://slate.com/technology/2019/03/russia-treason-trial.html",
    ),
    (
        "spies-work-with-russia",
        "https://www.russiamatters.org/spies-work-with-russia",
    ),
];

fn stdout(o: &crate::common::Output) -> String {
    o.stdout.clone()
}

fn stderr(o: &crate::common::Output) -> String {
    o.stderr.clone()
}

/// HTML-escapes text, writing the no-break space and the curly quotes as
/// named entities, as publishing systems do.
fn escape(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\u{a0}' => out.push_str("&nbsp;"),
            '\u{201C}' => out.push_str("&ldquo;"),
            '\u{201D}' => out.push_str("&rdquo;"),
            '\u{2019}' => out.push_str("&#8217;"),
            c => out.push(c),
        }
    }
    out
}

/// A saved page for a seed: navigation, the headline, each paragraph a `<p>`
/// (its line breaks `<br>`), a related-links list and a footer around it.
fn page(seed: &str, url: &str) -> String {
    let mut paras = seed.split("\n\n");
    let title = paras.next().unwrap();
    let body: String = paras
        .map(|p| {
            let lines: Vec<String> = p.split('\n').map(escape).collect();
            format!("<p>{}</p>\n", lines.join("<br>\n"))
        })
        .collect();
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n\
         <title>{t} | Outlet</title>\n<link rel=\"canonical\" href=\"{url}\">\n\
         <meta property=\"og:site_name\" content=\"Outlet\">\n\
         <meta name=\"author\" content=\"A. Reporter\">\n\
         <meta property=\"article:published_time\" content=\"2019-03-05T10:00:00Z\">\n\
         <script>window.tracking = \"Subscribe now\";</script></head>\n<body>\n\
         <nav><ul><li><a href=\"/\">Home</a></li><li><a href=\"/world\">World</a></li></ul></nav>\n\
         <main><article>\n<h1>{t}</h1>\n{body}</article></main>\n\
         <footer><p>Subscribe to our newsletter. &copy; Outlet 2019</p>\
         <ul><li>Privacy</li><li>Terms</li></ul></footer>\n</body></html>\n",
        t = escape(title)
    )
}

#[test]
fn import_html_keeps_every_paragraph_of_each_seed_byte_for_byte() {
    let p = Scratch::empty("import-html");
    assert!(p.run(&["init"]).code == 0);
    let repo = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    for (id, url) in SEEDS {
        let seed = std::fs::read_to_string(repo.join(format!("corpus/{id}.txt"))).unwrap();
        let html = page(&seed, url);
        p.write("page.html", &html);
        let new_id = format!("imported/{id}");
        let out = p.run(&[
            "import",
            "html",
            "page.html",
            "--id",
            &new_id,
            "--retrieved",
            "2026-11-20",
        ]);
        assert!(out.code == 0, "{id}: {}", stderr(&out));
        let text = p.read(&format!("corpus/{new_id}.txt"));
        let got: Vec<&str> = text.trim_end().split("\n\n").collect();
        for para in seed.trim_end().split("\n\n") {
            assert!(
                got.contains(&para),
                "{id}: paragraph not kept byte for byte: {para:?}"
            );
        }
        // Nothing of the page around the article.
        for chrome in ["Home", "Privacy", "Subscribe", "tracking"] {
            assert!(
                !text.contains(chrome),
                "{id}: {chrome:?} leaked into the text"
            );
        }
        let meta = p.read(&format!("corpus/{new_id}.toml"));
        assert!(meta.contains(&format!("url = \"{url}\"")), "{meta}");
        assert!(meta.contains("retrieved = \"2026-11-20\""), "{meta}");
        assert!(meta.contains("outlet = \"Outlet\"") && meta.contains("author = \"A. Reporter\""));
        let sha: String = <sha2::Sha256 as sha2::Digest>::digest(text.as_bytes())
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert!(meta.contains(&format!("sha256 = \"{sha}\"")), "{meta}");
        assert!(meta.contains(&format!("source-html = \"corpus/{new_id}.html\"")));
        assert_eq!(
            p.read(&format!("corpus/{new_id}.html")),
            html,
            "the page is kept as saved"
        );
    }
    // The page beside the text is not a document: `check` counts three new ones only.
    let out = p.run(&["check"]);
    assert!(out.code == 0, "{}{}", stdout(&out), stderr(&out));
}

#[test]
fn import_html_refuses_to_overwrite_and_update_checks_what_the_new_version_broke() {
    let p = Scratch::bundled("import-html-update");
    let (id, url) = SEEDS[0];
    let seed = p.read(&format!("corpus/{id}.txt"));
    p.write("page.html", page(&seed, url));
    let out = p.run(&["import", "html", "page.html", "--id", id]);
    assert_eq!(out.code, 1);
    assert!(stderr(&out).contains("already exists"), "{}", stderr(&out));
    assert_eq!(p.read(&format!("corpus/{id}.txt")), seed, "nothing written");
    // The outlet edits a quoted sentence: --update replaces the text and says so.
    let edited = seed.replacen("passed on the information", "passed on some information", 1);
    p.write("page.html", page(&edited, url));
    let out = p.run(&["import", "html", "page.html", "--id", id, "--update"]);
    assert_eq!(out.code, 1, "{}", stderr(&out));
    let report = stdout(&out);
    assert!(report.contains("error[quote-altered]"), "{report}");
    assert!(
        report.contains("mikhailov-passed-info-to-crowdstrike"),
        "{report}"
    );
    assert!(
        p.read(&format!("corpus/{id}.txt"))
            .contains("passed on some information")
    );
}

fn hypothesis(annotations: &[Value]) -> String {
    serde_json::json!({"export_date": "2026-11-20T10:00:00Z", "annotations": annotations})
        .to_string()
}

fn highlight(id: &str, uri: &str, exact: &str, prefix: &str, suffix: &str, tags: &[&str]) -> Value {
    serde_json::json!({
        "id": id, "created": "2026-11-19T09:30:00+00:00", "user": "acct:checker@hypothes.is",
        "uri": uri, "text": format!("note {id}"), "tags": tags,
        "target": [{"source": uri, "selector": [
            {"type": "TextPositionSelector", "start": 3, "end": 9},
            {"type": "TextQuoteSelector", "exact": exact, "prefix": prefix, "suffix": suffix}
        ]}]
    })
}

#[test]
fn a_hypothesis_export_of_the_seeds_is_logged_and_its_misquote_refused() {
    let p = Scratch::corpus_only("import-hypothesis");
    for (id, url) in SEEDS {
        let meta = p.read(&format!("corpus/{id}.toml"));
        p.write(
            &format!("corpus/{id}.toml"),
            format!("{meta}url = \"{url}\"\n"),
        );
    }
    let (bell, slate) = (SEEDS[0].1, SEEDS[1].1);
    let export = hypothesis(&[
        // Straight apostrophe where the page has a curly one.
        highlight(
            "h1",
            slate,
            "It's possible that they were tried for helping the United States",
            "",
            "",
            &["level:could-not-confirm", "trial"],
        ),
        // The Bell's Cyrillic А typed as a Latin A, the url with a trailing slash and a fragment.
        highlight(
            "h2",
            &format!("{bell}/#top"),
            "As part of his job, Mikhailov had direct contact with foreign intelligence agencies",
            "",
            "",
            &["level:source-says"],
        ),
        // A misquote: the article says late February.
        highlight(
            "h3",
            slate,
            "sentenced to prison in early March",
            "",
            "",
            &["level:confirmed"],
        ),
        // A page claimtrack does not have.
        highlight(
            "h4",
            "https://example.com/other",
            "anything at all",
            "",
            "",
            &["level:confirmed"],
        ),
        // No level tag.
        highlight(
            "h5",
            slate,
            "was sentenced to 22 years in prison",
            "",
            "",
            &[],
        ),
    ]);
    p.write("export.json", &export);
    let out = p.run(&["import", "hypothesis", "export.json", "--level-from-tags"]);
    assert_eq!(out.code, 1, "a refusal is exit 1");
    let lines = stdout(&out);
    let line = |n: &str| {
        lines
            .lines()
            .find(|l| l.contains(&format!("({n})")))
            .unwrap_or_else(|| panic!("no line for {n}: {lines}"))
            .to_string()
    };
    assert!(line("h1").starts_with("imported"), "{lines}");
    assert!(line("h2").starts_with("imported"), "{lines}");
    assert!(
        line("h3").starts_with("refused") && line("h3").contains("did you mean"),
        "{lines}"
    );
    assert!(line("h3").contains("late February"), "{lines}");
    assert!(line("h4").starts_with("refused") && line("h4").contains("no document has url"));
    assert!(line("h5").starts_with("refused") && line("h5").contains("no level"));
    // The document's own characters were recorded, and everything logged passes check.
    let slate_claims = p.read("claims/slate/cybercrime-treason-trial.toml");
    assert!(
        slate_claims.contains("quote = \"It\u{2019}s possible"),
        "{slate_claims}"
    );
    assert!(
        slate_claims.contains("level = \"could-not-confirm\"")
            && slate_claims.contains("tags = [\"trial\"]")
    );
    assert!(
        slate_claims.contains("notes = \"note h1\"")
            && slate_claims.contains("logged-by = \"checker@hypothes.is\"")
    );
    assert!(
        p.read("claims/the-bell/mikhailov-crowdstrike.toml")
            .contains("quote = \"\u{410}s part")
    );
    let check = p.run(&["check"]);
    assert!(check.code == 0, "{}", stdout(&check));
    // Importing again: duplicates, nothing written twice.
    let again = p.run(&["import", "hypothesis", "export.json", "--level-from-tags"]);
    assert!(
        stdout(&again).contains("duplicate annotation 1 (h1)"),
        "{}",
        stdout(&again)
    );
    assert_eq!(
        p.read("claims/slate/cybercrime-treason-trial.toml"),
        slate_claims
    );
    // With --level the untagged one goes in; --dry-run writes nothing.
    let dry = p.run(&[
        "import",
        "hypothesis",
        "export.json",
        "--level-from-tags",
        "--level",
        "confirmed",
        "--dry-run",
    ]);
    assert!(
        stdout(&dry).contains("was sentenced to 22 years"),
        "{}",
        stdout(&dry)
    );
    assert_eq!(
        p.read("claims/slate/cybercrime-treason-trial.toml"),
        slate_claims
    );
}

#[test]
fn export_w3c_reimported_with_import_hypothesis_gives_the_same_claims() {
    let p = Scratch::bundled("w3c-roundtrip");
    let out = p.run(&["export", "w3c", "-o", "annotations.json"]);
    assert!(out.code == 0, "{}", stderr(&out));
    let json: Value = serde_json::from_str(&p.read("annotations.json")).unwrap();
    let items = json["items"].as_array().unwrap();
    // One annotation per anchor, each with both selectors in code points.
    let anchors = p.read_all_claims().matches("quote = ").count();
    assert_eq!(items.len(), anchors);
    let bell = items
        .iter()
        .find(|a| a["id"] == "urn:claimtrack:claim:mikhailov-contact-foreign-agencies")
        .unwrap();
    assert_eq!(bell["@context"][0], "http://www.w3.org/ns/anno.jsonld");
    let sel = &bell["target"]["selector"];
    assert_eq!(sel[0]["type"], "TextQuoteSelector");
    assert_eq!(sel[1]["type"], "TextPositionSelector");
    assert_eq!(
        sel[1]["start"], 611,
        "code points, not UTF-16 units or bytes"
    );
    assert_eq!(
        bell["target"]["source"],
        "urn:claimtrack:doc:the-bell/mikhailov-crowdstrike"
    );

    let q = Scratch::corpus_only("w3c-roundtrip-back");
    std::fs::copy(p.path("annotations.json"), q.path("annotations.json")).unwrap();
    let out = q.run(&[
        "import",
        "hypothesis",
        "annotations.json",
        "--level-from-tags",
    ]);
    assert!(out.code == 0, "{}{}", stdout(&out), stderr(&out));
    // The same claims, each where it was in its file (lines may differ).
    let list = |s: &Scratch| {
        let mut v: Value =
            serde_json::from_str(&stdout(&s.run(&["list", "--format", "json"]))).unwrap();
        for c in v.as_array_mut().unwrap() {
            let c = c.as_object_mut().unwrap();
            c.remove("line");
            // A review trail is the claims file's own, not an annotation's,
            // and an import reads the attribution anew.
            c.remove("history");
            c.remove("attribution");
            for e in c["evidence"].as_array_mut().unwrap() {
                e.as_object_mut().unwrap().remove("line");
            }
        }
        v
    };
    assert_eq!(list(&q), list(&p), "the same claims");
    let again = q.run(&["export", "w3c"]);
    assert_eq!(
        serde_json::from_str::<Value>(&again.stdout).unwrap(),
        json,
        "exported again, the same annotations"
    );
}

trait ReadAll {
    fn read_all_claims(&self) -> String;
}

impl ReadAll for Scratch {
    fn read_all_claims(&self) -> String {
        [
            "claims/slate/cybercrime-treason-trial.toml",
            "claims/the-bell/mikhailov-crowdstrike.toml",
            "claims/spies-work-with-russia.toml",
        ]
        .iter()
        .map(|f| self.read(f))
        .collect()
    }
}

#[test]
fn export_sqlite_keeps_the_document_id_of_a_claim_whose_document_is_missing() {
    let p = Scratch::bundled("sqlite-missing-doc");
    p.write(
        "claims/ghost.toml",
        "[[claim]]\nid = \"ghost\"\nstatement = \"S.\"\nlevel = \"confirmed\"\ndoc = \"gone/away\"\nquote = \"words\"\n",
    );
    let out = p.run(&["export", "sqlite", "claims.db"]);
    assert!(out.code == 0, "{}", stderr(&out));
    let db = rusqlite::Connection::open(p.path("claims.db")).unwrap();
    let one = |sql: &str| db.query_row(sql, [], |r| r.get::<_, String>(0)).unwrap();
    assert_eq!(
        one("SELECT doc FROM claims WHERE id = 'ghost'"),
        "gone/away"
    );
    assert_eq!(
        one("SELECT doc FROM anchors WHERE claim = 'ghost'"),
        "gone/away"
    );
    assert_eq!(
        one(
            "SELECT present || ',' || coalesce(path, 'none') FROM documents WHERE id = 'gone/away'"
        ),
        "0,none"
    );
    assert_eq!(
        one("SELECT group_concat(present) FROM documents WHERE id != 'gone/away'"),
        "1,1,1"
    );
}

#[test]
fn export_sqlite_answers_a_join_of_claims_and_documents() {
    let p = Scratch::bundled("sqlite");
    let out = p.run(&["export", "sqlite", "claims.db"]);
    assert!(out.code == 0, "{}", stderr(&out));
    let db = rusqlite::Connection::open(p.path("claims.db")).unwrap();
    let rows: Vec<(String, Option<String>, String)> = db
        .prepare(
            "SELECT claims.id, documents.outlet, anchors.verdict FROM claims
             JOIN documents ON documents.id = claims.doc
             JOIN anchors ON anchors.claim = claims.id AND anchors.kind = 'quote'
             WHERE claims.level = 'could-not-confirm' ORDER BY claims.id",
        )
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert!(
        rows.iter().any(
            |(id, outlet, verdict)| id == "mikhailov-passed-info-to-crowdstrike"
                && outlet.as_deref() == Some("The Bell")
                && verdict == "intact"
        ),
        "{rows:?}"
    );
    let count = |sql: &str| db.query_row(sql, [], |r| r.get::<_, i64>(0)).unwrap();
    assert_eq!(count("SELECT count(*) FROM claims"), 46);
    // History rows are keyed: a second row at the same position is refused.
    let first: (String, i64) = db
        .query_row("SELECT claim, position FROM history LIMIT 1", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap();
    assert!(
        db.execute(
            "INSERT INTO history (claim, position, at, action) VALUES (?1, ?2, 'x', 'x')",
            rusqlite::params![first.0, first.1],
        )
        .is_err()
    );
    assert_eq!(
        count("SELECT count(*) FROM anchors WHERE verdict != 'intact'"),
        0
    );
    assert_eq!(
        count("SELECT count(*) FROM evidence"),
        count("SELECT count(*) FROM anchors WHERE kind = 'evidence'")
    );
    assert_eq!(
        count("SELECT count(*) FROM facts WHERE verdict IS NOT NULL"),
        4
    );
    // The foreign keys hold.
    assert_eq!(count("SELECT count(*) FROM pragma_foreign_key_check"), 0);
    // What it says it wrote is what it holds.
    let facts = count("SELECT count(*) FROM facts");
    assert!(
        stderr(&out).contains(&format!("{facts} facts)")),
        "{}",
        stderr(&out)
    );

    // A retired claim's broken quote is `info`, a standing one's `error`
    // and broken; the reason a claim was retired is kept.
    let bell = "corpus/the-bell/mikhailov-crowdstrike.txt";
    p.write(
        bell,
        p.read(bell)
            .replace(
                "Mikhailov and his group were detained",
                "Mikhailov and his team were detained",
            )
            .replace("around April", "around May"),
    );
    let r = p.run(&[
        "retract",
        "tail-on-mikhailov",
        "--reason",
        "source withdrew",
        "--user",
        "Desk",
    ]);
    assert_eq!(r.code, 0, "{}", stderr(&r));
    let out = p.run(&["export", "sqlite", "again.db"]);
    assert!(out.code == 0, "{}", stderr(&out));
    let db = rusqlite::Connection::open(p.path("again.db")).unwrap();
    let row = |claim: &str| -> (String, String, i64, Option<String>) {
        db.query_row(
            "SELECT anchors.verdict, anchors.severity, anchors.broken, claims.reason
             FROM anchors JOIN claims ON claims.id = anchors.claim
             WHERE anchors.claim = ?1 AND anchors.kind = 'quote'",
            [claim],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .unwrap()
    };
    assert_eq!(
        row("mikhailov-group-detained-eight-months"),
        ("altered".into(), "error".into(), 1, None)
    );
    assert_eq!(
        row("tail-on-mikhailov"),
        (
            "altered".into(),
            "info".into(),
            0,
            Some("source withdrew".into())
        )
    );
}

#[test]
fn claimreview_carries_every_field_google_requires_and_skips_facts_without_a_verdict() {
    let p = Scratch::bundled("claimreview");
    // One document with a url: an appearance is a page a reader can follow.
    let meta = "corpus/slate/cybercrime-treason-trial.toml";
    p.write(
        meta,
        format!(
            "{}url = \"https://slate.example/cybercrime\"\n",
            p.read(meta)
        ),
    );
    let out = p.run(&["export", "claimreview"]);
    assert!(out.code == 0, "{}", stderr(&out));
    let reviews: Vec<Value> = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(reviews.len(), 4, "the bundled facts with a verdict");
    // Google's ClaimReview structured data: required claimReviewed,
    // reviewRating (with alternateName) and url; recommended author,
    // datePublished and itemReviewed (a Claim, with its appearance and author).
    for r in &reviews {
        assert_eq!(r["@context"], "https://schema.org");
        assert_eq!(r["@type"], "ClaimReview");
        for field in ["claimReviewed", "url", "datePublished"] {
            assert!(
                r[field].as_str().is_some_and(|s| !s.is_empty()),
                "{field} in {r}"
            );
        }
        assert!(r["reviewRating"]["alternateName"].as_str().is_some(), "{r}");
        assert_eq!(r["reviewRating"]["@type"], "Rating");
        assert!(r["author"]["name"].as_str().is_some(), "{r}");
        assert_eq!(r["itemReviewed"]["@type"], "Claim");
        // Every appearance has its url; a document without one is none.
        for a in r["itemReviewed"]["appearance"]
            .as_array()
            .into_iter()
            .flatten()
        {
            assert!(
                a["url"].as_str().is_some_and(|u| u.starts_with("https://")),
                "{r}"
            );
        }
        assert!(
            r["itemReviewed"]["author"].is_object()
                || r["itemReviewed"]["author"].is_array()
                || r["itemReviewed"]["description"].is_string(),
            "{r}"
        );
    }
    assert!(
        reviews.iter().any(
            |r| r["itemReviewed"]["appearance"][0]["url"] == "https://slate.example/cybercrime"
        )
    );
    let link = reviews
        .iter()
        .find(|r| {
            r["url"]
                .as_str()
                .unwrap()
                .ends_with("mikhailov-crowdstrike-link")
        })
        .unwrap();
    assert_eq!(link["reviewRating"]["alternateName"], "Unproven");
    // A free-text source is no Person: it is said in words.
    assert!(link["itemReviewed"]["author"].is_null(), "{link}");
    assert_eq!(
        link["itemReviewed"]["description"],
        "attributed to a source close to one of the defendants"
    );
    assert!(
        stderr(&out).contains("skipped fact `dnc-hack`: no verdict yet"),
        "{}",
        stderr(&out)
    );
    assert!(!stderr(&out).contains("warning"), "{}", stderr(&out));
    // A fact whose every quote is broken is still reviewed, but said so.
    let doc = "corpus/the-bell/mikhailov-crowdstrike.txt";
    p.write(
        doc,
        p.read(doc)
            .replace("passed on the information", "passed on some information"),
    );
    let out = p.run(&["export", "claimreview"]);
    assert_eq!(out.code, 0);
    assert!(
        stderr(&out).contains(
            "warning: fact `mikhailov-crowdstrike-link` exported with its verdict, but every quote behind it is broken (1 claim; see `check`)"
        ),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_fact_id_one_letter_from_one_in_the_facts_file_is_a_finding_and_a_new_fact_is_not() {
    let p = Scratch::bundled("unknown-fact");
    let f = "claims/spies-work-with-russia.toml";
    let claims = p.read(f);
    // A typo of a fact the facts file has: a finding with the id meant.
    p.write(
        f,
        claims.replacen("fact = \"dnc-hack\"", "fact = \"dnc-hak\"", 1),
    );
    let out = p.run(&["check", "--format", "json"]);
    assert_eq!(out.code, 1);
    assert!(
        stdout(&out).contains("`fact = \\\"dnc-hak\\\"`: claims/facts.toml has no [[fact]] with this id; did you mean `dnc-hack`?"),
        "{}",
        stdout(&out)
    );
    // A fact of its own, which the facts file need not list (it lists the
    // facts with a statement or verdict): no finding.
    p.write(
        f,
        claims.replacen("fact = \"dnc-hack\"", "fact = \"gru-indictment-2018\"", 1),
    );
    let out = p.run(&["check"]);
    assert_eq!(out.code, 0, "{}", stdout(&out));
}
