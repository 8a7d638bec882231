//! `claimtrack report`: escaping, the single file, the folder it may
//! replace, and the pages as a real browser sees them (headless chromium).

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::common::Scratch;
use regex::Regex;

/// A project whose claim and document hold HTML that must stay text.
fn hostile() -> Scratch {
    let s = Scratch::empty("report-hostile");
    s.write(
        "corpus/page.txt",
        "Headline\n\nThe minister said </mark><b>no</b> & left. <script>alert(1)</script>\n",
    );
    s.write(
        "corpus/page.toml",
        "title = \"A <i>title</i>\"\nurl = \"javascript:alert(1)\"\n",
    );
    s.write(
        "claims/page.toml",
        r#"[[claim]]
id = "minister-said-no"
statement = "The minister said no. <script>alert(\"statement\")</script>"
level = "confirmed"
attributed-to = "<img src=x onerror=alert(2)>"
doc = "page"
quote = "said </mark><b>no</b> & left."
"#,
    );
    s
}

fn read(p: &Path) -> String {
    std::fs::read_to_string(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

#[test]
fn a_statement_holding_script_and_a_document_holding_a_closing_mark_render_as_text() {
    let s = hostile();
    let out = s.run(&["report"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let page = read(&s.path("report/doc/page.html"));
    let index = read(&s.path("report/index.html"));
    for html in [&page, &index] {
        assert!(!html.contains("<script>alert"), "{html}");
        assert!(!html.contains("<b>no"), "{html}");
        assert!(!html.contains("<img"), "{html}");
        assert!(!html.contains("<i>title"), "{html}");
        assert!(
            !html.contains("href=\"javascript:"),
            "a javascript: url is never a link"
        );
    }
    // The document's text, escaped inside its mark.
    assert!(
        page.contains("&lt;/mark&gt;&lt;b&gt;no&lt;/b&gt; &amp; left.</mark>"),
        "{page}"
    );
    assert!(
        page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "{page}"
    );
    // The statement, in the note and in the mark's tooltip.
    assert!(
        page.contains(
            "The minister said no. &lt;script&gt;alert(&quot;statement&quot;)&lt;/script&gt;"
        ),
        "{page}"
    );
    assert!(page.contains("Attributed to &lt;img src=x onerror=alert(2)&gt;"));
    assert_eq!(
        page.matches("<mark").count(),
        page.matches("</mark>").count(),
        "every mark the report opens, it closes; the document's </mark> is text"
    );
}

#[test]
fn the_single_file_inlines_the_style_fetches_nothing_and_holds_every_page() {
    let s = Scratch::bundled("report-single");
    let out = s.run(&["report", "--single-file", "out/claims.html"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(
        out.stdout,
        "Wrote the report to out/claims.html (3 document pages)\n"
    );
    assert!(!s.path("report").exists(), "no folder is written");
    let html = read(&s.path("out/claims.html"));
    assert!(html.contains("<style>") && html.contains("mark.q"));
    let fetch = Regex::new(r#"<link|<img|<iframe|\bsrc="|@import|url\("#).unwrap();
    assert!(
        !fetch.is_match(&html),
        "fetches {:?}",
        fetch.find(&html).map(|m| m.as_str())
    );
    // Links stay inside the file.
    let href = Regex::new(r#"href="([^"]*)""#).unwrap();
    for h in href.captures_iter(&html) {
        let h = &h[1];
        assert!(
            h.starts_with('#') || h.starts_with("https://") || h.starts_with("http://"),
            "{h}"
        );
        if let Some(id) = h.strip_prefix('#') {
            assert!(html.contains(&format!("id=\"{id}\"")), "no target for {h}");
        }
    }
    for (id, _, _) in bundled_anchors(&s.0) {
        assert!(html.contains(&format!("id=\"{id}\"")), "{id}");
    }
}

#[test]
fn a_folder_that_is_not_a_report_is_never_replaced_and_a_report_is_replaced_whole() {
    let s = Scratch::bundled("report-folder");
    let before = read(&s.path("claims/spies-work-with-russia.toml"));
    let out = s.run(&["report", "-o", "claims"]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr
            .contains("claims exists and was not written by this command"),
        "{}",
        out.stderr
    );
    assert_eq!(read(&s.path("claims/spies-work-with-russia.toml")), before);

    assert_eq!(s.run(&["report"]).code, 0);
    // A page of a document that is gone does not outlive the next run.
    s.write("report/doc/gone.html", "old");
    std::fs::remove_file(s.path("corpus/spies-work-with-russia.txt")).unwrap();
    std::fs::remove_file(s.path("corpus/spies-work-with-russia.toml")).unwrap();
    let out = s.run(&["report"]);
    assert_eq!(out.code, 1, "its claims' document is missing");
    assert!(!s.path("report/doc/gone.html").exists());
    assert!(!s.path("report/doc/spies-work-with-russia.html").exists());
    let index = read(&s.path("report/index.html"));
    assert!(index.contains("not in the corpus"), "{index}");
    let leftovers: Vec<_> = std::fs::read_dir(&s.0)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".report"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

/// Every file of a report folder with its bytes, the manifest apart.
fn folder(dir: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    let mut out = std::collections::BTreeMap::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                todo.push(p);
            } else {
                let rel = p.strip_prefix(dir).unwrap().to_string_lossy().into_owned();
                out.insert(rel, std::fs::read(&p).unwrap());
            }
        }
    }
    out.remove(".claimtrack-files");
    out
}

/// The inode of a file: a page kept by a re-run is the same file.
fn inode(p: &Path) -> u64 {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata(p).unwrap().ino()
}

#[test]
fn a_rerun_writes_only_the_pages_that_changed_removes_those_of_documents_gone_and_equals_a_full_run()
 {
    let s = every_status_and_odd_names("report-incremental");
    let env = [("SOURCE_DATE_EPOCH", "1800000000")];
    let run = |args: &[&str]| crate::common::run_from_with(&s.0, args, &env);
    run(&["report", "-o", "out"]);
    let pages: Vec<PathBuf> = folder(&s.path("out"))
        .into_keys()
        .filter(|p| p.starts_with("doc/"))
        .map(|p| s.path(&format!("out/{p}")))
        .collect();
    assert!(pages.len() >= 3, "{pages:?}");
    let before: Vec<u64> = pages.iter().map(|p| inode(p)).collect();

    // Nothing changed: every page is kept, none written.
    let out = run(&["report", "-o", "out"]);
    assert!(
        out.stdout.contains(&format!("{} unchanged", pages.len())),
        "{}",
        out.stdout
    );
    assert_eq!(pages.iter().map(|p| inode(p)).collect::<Vec<_>>(), before);

    // One document edited: its page written, the rest kept; a page edited by
    // hand since is not trusted to be the report's, and written again.
    let edited = s.path("corpus/slate/cybercrime-treason-trial.txt");
    let text = std::fs::read_to_string(&edited).unwrap();
    std::fs::write(&edited, format!("{text}\nA sentence added at the end.\n")).unwrap();
    let tampered = pages
        .iter()
        .find(|p| p.ends_with("spies-work-with-russia.html"))
        .unwrap()
        .clone();
    std::fs::write(&tampered, "edited by hand").unwrap();
    run(&["report", "-o", "out"]);
    for (p, ino) in pages.iter().zip(&before) {
        let changed = p.ends_with("cybercrime-treason-trial.html") || *p == tampered;
        assert_eq!(inode(p) == *ino, !changed, "{}", p.display());
    }
    run(&["report", "-o", "fresh"]);
    assert_eq!(folder(&s.path("out")), folder(&s.path("fresh")));

    // A claim reworded: the pages that show it change, as a full run has them.
    let claims = s.path("claims/spies-work-with-russia.toml");
    let text = std::fs::read_to_string(&claims).unwrap();
    let reworded = text.replacen("statement = \"", "statement = \"Reworded: ", 1);
    assert_ne!(text, reworded);
    std::fs::write(&claims, reworded).unwrap();
    run(&["report", "-o", "out"]);
    run(&["report", "-o", "fresh1"]);
    assert_eq!(folder(&s.path("out")), folder(&s.path("fresh1")));
    assert!(
        folder(&s.path("out"))
            .values()
            .any(|page| String::from_utf8_lossy(page).contains("Reworded: "))
    );

    // A document removed: its page is gone (the numbers of the documents
    // after it change, so their pages are written anew), as a full run has it.
    std::fs::remove_file(s.path("corpus/desk one/50% off: café 🎉.txt")).unwrap();
    run(&["report", "-o", "out"]);
    run(&["report", "-o", "fresh2"]);
    assert_eq!(folder(&s.path("out")), folder(&s.path("fresh2")));
    assert!(!folder(&s.path("out")).keys().any(|p| p.contains("50% off")));
    let manifest = std::fs::read_to_string(s.path("out/.claimtrack-files")).unwrap();
    assert!(
        manifest.lines().all(|l| l.splitn(5, ' ').count() == 5),
        "{manifest}"
    );
    assert!(!manifest.contains("50% off"), "{manifest}");
}

/// Every anchor of the bundled claims: (mark id, level, document id).
fn bundled_anchors(root: &Path) -> Vec<(String, String, String)> {
    let mut out = Vec::new();
    let mut files = vec![root.join("claims")];
    while let Some(p) = files.pop() {
        if p.is_dir() {
            files.extend(std::fs::read_dir(&p).unwrap().map(|e| e.unwrap().path()));
            continue;
        }
        if p.file_name().is_some_and(|n| n == "facts.toml") {
            continue;
        }
        let v: toml::Value = toml::from_str(&read(&p)).unwrap();
        for c in v["claim"].as_array().unwrap() {
            let id = c["id"].as_str().unwrap();
            let level = c["level"].as_str().unwrap();
            let doc = c["doc"].as_str().unwrap();
            out.push((format!("claim-{id}"), level.to_string(), doc.to_string()));
            for (i, e) in c
                .get("evidence")
                .and_then(|e| e.as_array())
                .into_iter()
                .flatten()
                .enumerate()
            {
                out.push((
                    format!("evidence-{i}-of-{id}"),
                    level.to_string(),
                    e.get("doc")
                        .and_then(|d| d.as_str())
                        .unwrap_or(doc)
                        .to_string(),
                ));
            }
        }
    }
    out.sort();
    out
}

/// The status of every anchor in `report.json`, by mark id.
fn statuses(report: &Path) -> std::collections::HashMap<String, String> {
    let v: serde_json::Value = serde_json::from_str(&read(report)).unwrap();
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| {
            let claim = f["claim"].as_str()?;
            let anchor = f["anchor"].as_str()?;
            let id = match anchor.strip_prefix("evidence[") {
                Some(i) => format!("evidence-{}-of-{claim}", i.trim_end_matches(']')),
                None => format!("claim-{claim}"),
            };
            Some((id, f["status"].as_str()?.to_string()))
        })
        .collect()
}

/// Debian's `chromium`, or another Chromium on the path.
fn chromium() -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    ["chromium", "chromium-browser", "google-chrome", "chrome"]
        .iter()
        .flat_map(|name| std::env::split_paths(&path).map(move |d| d.join(name)))
        .find(|p| p.is_file())
}

/// Runs headless chromium on a page; its output (the DOM, with `--dump-dom`).
fn headless(browser: &Path, profile: &Path, args: &[&str], page: &Path) -> String {
    let out = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--no-first-run",
            "--hide-scrollbars",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(args)
        .arg(format!("file://{}", page.display()))
        .output()
        .expect("chromium runs");
    assert!(
        out.status.success(),
        "chromium failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn in_a_real_browser_every_bundled_claim_has_its_mark_with_its_level_and_status() {
    // A system tool a test needs is installed, never skipped: `.ci/run`
    // installs it, and without it the test fails saying how to get it.
    let browser = chromium().expect(
        "no chromium on PATH: install Debian's (`apt-get install -y chromium`), as `.ci/run` does",
    );
    let s = Scratch::bundled("report-browser");
    let out = s.run(&["report"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let root = std::fs::canonicalize(&s.0).unwrap();
    let profile = root.join("chromium-profile");
    let statuses = statuses(&root.join("report/report.json"));
    let anchors = bundled_anchors(&root);
    assert!(anchors.len() > 40, "{}", anchors.len());

    let mark = Regex::new(r"<mark ([^>]*)>").unwrap();
    let attr = Regex::new(r#"([a-z-]+)="([^"]*)""#).unwrap();
    let mut docs: Vec<&str> = anchors.iter().map(|a| a.2.as_str()).collect();
    docs.dedup();
    docs.sort_unstable();
    docs.dedup();
    let mut seen = 0;
    for doc in docs {
        let page = root.join(format!("report/doc/{doc}.html"));
        let dom = headless(&browser, &profile, &["--dump-dom"], &page);
        // The script ran: the filter bar is in the DOM the browser built.
        assert!(dom.contains("class=\"filters\""), "{doc}: no filter bar");
        let marks: std::collections::HashMap<String, String> = mark
            .captures_iter(&dom)
            .filter_map(|m| {
                let attrs: std::collections::HashMap<&str, &str> = attr
                    .captures_iter(m.get(1).unwrap().as_str())
                    .map(|a| (a.get(1).unwrap().as_str(), a.get(2).unwrap().as_str()))
                    .collect();
                Some((
                    attrs.get("id")?.to_string(),
                    attrs.get("class")?.to_string(),
                ))
            })
            .collect();
        for (id, level, _) in anchors.iter().filter(|a| a.2 == doc) {
            let class = marks
                .get(id)
                .unwrap_or_else(|| panic!("{doc}: no <mark id=\"{id}\"> in the browser's DOM"));
            let classes: Vec<&str> = class.split(' ').collect();
            let status = &statuses[id];
            assert!(
                classes.contains(&format!("lvl-{level}").as_str()),
                "{id}: {class}"
            );
            assert!(
                classes.contains(&format!("st-{status}").as_str()),
                "{id}: {class}"
            );
            seen += 1;
        }
    }
    assert_eq!(seen, anchors.len());

    // A screenshot of a document page: a real image, not a blank one.
    let shot = root.join("bell.png");
    headless(
        &browser,
        &profile,
        &[
            &format!("--screenshot={}", shot.display()),
            "--window-size=1280,1600",
        ],
        &root.join("report/doc/the-bell/mikhailov-crowdstrike.html"),
    );
    let png = std::fs::read(&shot).expect("the screenshot is written");
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
    let width = u32::from_be_bytes(png[16..20].try_into().unwrap());
    let height = u32::from_be_bytes(png[20..24].try_into().unwrap());
    assert_eq!((width, height), (1280, 1600));
    // A blank page compresses to a few kilobytes; text and marks do not.
    assert!(png.len() > 60_000, "{} bytes", png.len());
}

/// The part of the DOM from the element with `id` to the end of its section.
fn section<'a>(dom: &'a str, id: &str) -> &'a str {
    let start = dom
        .find(&format!("id=\"{id}\""))
        .unwrap_or_else(|| panic!("no #{id} in the DOM"));
    let rest = &dom[start..];
    let end = rest.find("</section>").unwrap_or(rest.len());
    &rest[..end]
}

#[test]
fn in_a_real_browser_the_index_shows_broken_quotes_of_standing_claims_first_and_retired_ones_apart()
{
    let browser = chromium().expect(
        "no chromium on PATH: install Debian's (`apt-get install -y chromium`), as `.ci/run` does",
    );
    let s = Scratch::bundled("report-retired");
    // One retracted and one superseded claim, each with a broken quote; two
    // standing claims altered; a document with only a context warning.
    for args in [
        &[
            "retract",
            "tail-on-mikhailov",
            "--reason",
            "source withdrew",
            "--user",
            "Desk",
        ][..],
        &[
            "supersede",
            "fsb-fbi-seleznev",
            "crowdstrike-founder-dmitry-alperovich",
            "--user",
            "Desk",
        ],
    ] {
        assert_eq!(s.run(args).code, 0);
    }
    let bell = "corpus/the-bell/mikhailov-crowdstrike.txt";
    s.write(
        bell,
        s.read(bell)
            .replace(
                "Mikhailov and his group were detained",
                "Mikhailov and his team were detained",
            )
            .replace(
                "by Russian intelligence around April",
                "by Russian intelligence around May",
            )
            .replace(
                "the case against Roman Seleznev",
                "the case against Roman Seleznyov",
            ),
    );
    let slate = "corpus/slate/cybercrime-treason-trial.txt";
    s.write(
        slate,
        s.read(slate)
            .replace("Both men have maintained", "Both men had maintained"),
    );
    let spies = "corpus/spies-work-with-russia.txt";
    let text = s.read(spies);
    let para_end = text.find("\n\n").expect("a paragraph break");
    s.write(
        spies,
        format!("{} Update: edited.{}", &text[..para_end], &text[para_end..]),
    );
    let out = s.run(&["report"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    let root = std::fs::canonicalize(&s.0).unwrap();
    let profile = root.join("chromium-profile");
    let dom = headless(
        &browser,
        &profile,
        &["--dump-dom"],
        &root.join("report/index.html"),
    );

    // Broken quotes of standing claims come before the facts and documents,
    // each with its statement, level badge and word diff.
    let broken_at = dom.find("id=\"broken\"").expect("a broken-quotes section");
    assert!(broken_at < dom.find("id=\"facts\"").unwrap());
    let broken = section(&dom, "broken");
    let items = broken.matches("<li class=\"finding").count();
    assert_eq!(items, 2, "{broken}");
    for (id, statement) in [
        (
            "mikhailov-group-detained-eight-months",
            "Mikhailov and his group were detained eight months after the second DNC attack.",
        ),
        (
            "mikhailov-stoyanov-maintained-their",
            "Mikhailov and Stoyanov have maintained their innocence throughout the trial.",
        ),
    ] {
        assert!(broken.contains(id), "{id}");
        assert!(broken.contains(statement), "{statement}");
    }
    assert!(
        broken.contains("<del") && broken.contains("<ins"),
        "styled diff"
    );
    assert!(
        broken.contains("badge lvl-confirmed") || broken.contains("lvl-confirmed"),
        "level"
    );
    // Retired claims: never among the broken, apart and marked.
    for id in ["tail-on-mikhailov", "fsb-fbi-seleznev"] {
        assert!(!broken.contains(id), "{id} is retired");
    }
    let retired = section(&dom, "retired");
    for id in ["tail-on-mikhailov", "fsb-fbi-seleznev"] {
        assert!(retired.contains(id), "{id} is listed apart");
    }
    assert!(retired.contains("retired"), "marked");
    // Counts agree: the headline's errors are the broken list, and the
    // status table counts standing and retired claims apart.
    let totals = section(&dom, "summary");
    assert!(totals.contains("2 errors"), "{totals}");
    let altered_row = Regex::new(r"quote-altered|altered</span>\s*</td>\s*<td class=.num.>(\d+)</td>\s*<td class=.num.>(\d+)</td>").unwrap();
    let caps = altered_row
        .captures_iter(totals)
        .find(|c| c.get(1).is_some())
        .expect("an altered row with two counts");
    assert_eq!((&caps[1], &caps[2]), ("2", "2"), "2 standing, 2 retired");
    // A document with only a warning is marked as one, not as clean.
    let docs = section(&dom, "documents");
    let row =
        Regex::new(r#"<tr class="sev-warning">\s*<td><a href="doc/spies-work-with-russia.html""#)
            .unwrap();
    assert!(row.is_match(docs), "{docs}");

    // The document page: its broken-quotes box holds no retired claim, and
    // its header counts standing claims, the retired ones apart.
    let page = headless(
        &browser,
        &profile,
        &["--dump-dom"],
        &root.join("report/doc/the-bell/mikhailov-crowdstrike.html"),
    );
    let broken_id = Regex::new(r#"id="(doc-\d+-broken)""#)
        .unwrap()
        .captures(&page)
        .expect("a broken-quotes box")[1]
        .to_string();
    let attention = section(&page, &broken_id);
    assert!(attention.contains("mikhailov-group-detained-eight-months"));
    assert!(!attention.contains("fsb-fbi-seleznev") && !attention.contains("tail-on-mikhailov"));
    assert!(
        page.contains("retracted or superseded"),
        "header and retired box"
    );
}

/// The bundled project with one finding of each status, a document holding
/// control characters and noncharacters, and odd file names (a space, `%`,
/// `:`, an emoji, CRLF line ends): what the validators below run on.
fn every_status_and_odd_names(name: &str) -> Scratch {
    let s = crate::common::every_status(name);
    let doc = "corpus/the-bell/mikhailov-crowdstrike.txt";
    let text = s.read(doc);
    s.write(
        doc,
        format!("Update: an escape \u{1b}[31m, a C1 control \u{85} and a noncharacter \u{fdd0}.\n\n{text}"),
    );
    let odd = "desk one/50% off: café 🎉";
    s.write(
        &format!("corpus/{odd}.txt"),
        "First line.\r\nThe mayor said the bridge will cost 12 million.\r\n",
    );
    s.write(
        "claims/odd.toml",
        format!(
            "[[claim]]\nid = \"odd-bridge\"\nstatement = \"The bridge costs 12 million \u{7}.\"\nlevel = \"source-says\"\nattributed-to = \"the mayor\"\ndoc = \"{odd}\"\nquote = \"the bridge will cost 12 million\"\n"
        ),
    );
    s
}

/// The report folder's pages and the single file, written for `s`.
fn every_page(s: &Scratch) -> Vec<PathBuf> {
    let out = s.run(&["report"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    let out = s.run(&["report", "--single-file", "single.html"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    let root = std::fs::canonicalize(&s.0).unwrap();
    let mut pages = vec![root.join("single.html"), root.join("report/index.html")];
    let mut dirs = vec![root.join("report/doc")];
    while let Some(d) = dirs.pop() {
        for e in std::fs::read_dir(d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                dirs.push(p);
            } else if p.extension().is_some_and(|x| x == "html") {
                pages.push(p);
            }
        }
    }
    assert!(pages.len() >= 7, "{pages:?}");
    pages
}

/// Where `.ci/run` installs the npm packages of the validators.
fn validator_file(rel: &str) -> PathBuf {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("target/validators/node_modules")
        .join(rel);
    assert!(
        p.is_file(),
        "{} is missing: `.ci/run` installs it (npm install --prefix target/validators vnu-jar axe-core)",
        p.display()
    );
    p
}

#[test]
fn the_nu_html_checker_finds_no_error_in_any_report_page_or_the_single_file() {
    let s = every_status_and_odd_names("report-vnu");
    let pages = every_page(&s);
    // What the Nu Html Checker says of some pages: its errors, one a line.
    let vnu = |pages: &[PathBuf]| {
        let out = Command::new("java")
            .arg("-jar")
            .arg(validator_file("vnu-jar/build/dist/vnu.jar"))
            .args(["--errors-only", "--format", "gnu"])
            .args(pages)
            .output()
            .expect("java (Debian: default-jre-headless) is needed for this test");
        let said = String::from_utf8_lossy(&out.stderr).trim().to_string();
        assert_eq!(out.status.success(), said.is_empty(), "{said}");
        said
    };
    assert_eq!(vnu(&pages), "");
    // The checker does report what it should: a duplicate id, a noncharacter.
    let bad = s.0.join("bad.html");
    std::fs::write(
        &bad,
        "<!DOCTYPE html><html lang=\"en\"><head><title>x</title></head><body><p id=\"a\"></p><p id=\"a\">\u{fdd0}</p></body></html>",
    )
    .unwrap();
    let said = vnu(&[bad]);
    assert!(
        said.contains("Duplicate ID") && said.contains("Forbidden code point"),
        "{said}"
    );
    // The characters HTML forbids are shown, named, in the document's text.
    let page = std::fs::read_to_string(s.0.join("report/doc/the-bell/mikhailov-crowdstrike.html"))
        .unwrap();
    for code in ["U+001B", "U+0085", "U+FDD0"] {
        assert!(page.contains(&format!("title=\"{code}\"")), "{code}");
    }
}

/// axe-core run in the page by headless chromium: its violations of WCAG
/// 2.0/2.1 A and AA and of axe's best practices, as `id (nodes)`.
fn axe_violations(browser: &Path, profile: &Path, page: &Path) -> Vec<String> {
    let axe = validator_file("axe-core/axe.min.js");
    let html = std::fs::read_to_string(page).unwrap();
    let probe = format!(
        "<script>{}</script><script>axe.run(document, {{runOnly: {{type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}}}}).then(r => {{ const p = document.createElement('pre'); p.id = 'axe-result'; p.textContent = JSON.stringify(r.violations.map(v => v.id + ' (' + v.nodes.map(n => n.target.join(' ')).slice(0, 3).join(', ') + ')')); document.body.appendChild(p); }}, e => {{ const p = document.createElement('pre'); p.id = 'axe-result'; p.textContent = JSON.stringify(['axe failed: ' + e]); document.body.appendChild(p); }});</script></body>",
        std::fs::read_to_string(axe).unwrap()
    );
    // Beside the page, so its links and style resolve as they do.
    let probed = page.with_extension("axe.html");
    std::fs::write(&probed, html.replacen("</body>", &probe, 1)).unwrap();
    let dom = headless(
        browser,
        profile,
        &["--virtual-time-budget=20000", "--dump-dom"],
        &probed,
    );
    std::fs::remove_file(&probed).unwrap();
    let start = dom
        .find("<pre id=\"axe-result\">")
        .unwrap_or_else(|| panic!("axe gave no result on {}", page.display()))
        + "<pre id=\"axe-result\">".len();
    let end = start + dom[start..].find("</pre>").unwrap();
    let json = dom[start..end]
        .replace("&quot;", "\"")
        .replace("&gt;", ">")
        .replace("&lt;", "<")
        .replace("&amp;", "&");
    serde_json::from_str(&json).unwrap_or_else(|e| panic!("{e}: {json}"))
}

#[test]
fn in_a_real_browser_axe_finds_no_accessibility_violation_on_any_page_or_the_single_file() {
    let browser = chromium().expect(
        "no chromium on PATH: install Debian's (`apt-get install -y chromium`), as `.ci/run` does",
    );
    let s = every_status_and_odd_names("report-axe");
    let root = std::fs::canonicalize(&s.0).unwrap();
    let profile = root.join("chromium-profile");
    let mut all = Vec::new();
    for page in every_page(&s) {
        for v in axe_violations(&browser, &profile, &page) {
            all.push(format!("{}: {v}", page.display()));
        }
    }
    assert_eq!(all, Vec::<String>::new());
    // axe does report what it should: a page without a main landmark.
    let bare = root.join("bare.html");
    std::fs::write(
        &bare,
        "<!DOCTYPE html><html lang=\"en\"><head><title>x</title></head><body><h1>x</h1><p>text</p></body></html>",
    )
    .unwrap();
    let found = axe_violations(&browser, &profile, &bare);
    assert!(
        found.iter().any(|v| v.starts_with("landmark-one-main")),
        "{found:?}"
    );
}
