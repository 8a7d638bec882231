//! The CI report formats on a project with one finding of each status:
//! SARIF validates against the official 2.1.0 schema (shipped under
//! `tests/sarif/`), JUnit parses as XML with one test case per anchor,
//! GitLab Code Quality parses with one issue per finding that is not ok.

use crate::common::{Scratch, every_status};

fn json(out: &crate::common::Output) -> serde_json::Value {
    serde_json::from_str(&out.stdout).unwrap_or_else(|e| panic!("not JSON ({e}): {}", out.stdout))
}

#[test]
fn sarif_validates_against_the_sarif_2_1_0_schema_and_locates_every_result() {
    let p = every_status("sarif");
    let out = p.run(&["check", "--format", "sarif"]);
    assert_eq!(out.code, 1);
    let sarif = json(&out);
    let validator = sarif_validator();
    let errors: Vec<String> = validator
        .iter_errors(&sarif)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    // The validator does reject what the schema forbids.
    let mut bad = sarif.clone();
    bad["runs"][0]["results"][0]["level"] = "fatal".into();
    assert!(!validator.is_valid(&bad));
    let mut bad = sarif.clone();
    bad["runs"][0]["columnKind"] = "bytes".into();
    assert!(!validator.is_valid(&bad));

    let run = &sarif["runs"][0];
    assert_eq!(run["columnKind"], "unicodeCodePoints");
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    let report = json(&p.run(&["check", "--format", "json"]));
    let not_ok: Vec<&serde_json::Value> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["severity"] != "ok")
        .collect();
    let results = run["results"].as_array().unwrap();
    assert_eq!(
        results.len(),
        not_ok.len(),
        "one result per finding that is not ok"
    );
    for r in results {
        // GitHub rejects a whole upload when one result lacks a location.
        let region = &r["locations"][0]["physicalLocation"]["region"];
        assert!(region["startLine"].as_u64().unwrap() >= 1, "{r}");
        let rule = &rules[usize::try_from(r["ruleIndex"].as_u64().unwrap()).unwrap()];
        assert_eq!(rule["id"], r["ruleId"]);
        assert!(
            r["partialFingerprints"]["claimtrack/v1"]
                .as_str()
                .unwrap()
                .len()
                >= 16
        );
    }
    let codes: std::collections::BTreeSet<&str> = results
        .iter()
        .map(|r| r["ruleId"].as_str().unwrap())
        .collect();
    for code in [
        "quote-moved",
        "quote-altered",
        "quote-missing",
        "doc-unreadable",
        "invalid-claim",
    ] {
        assert!(codes.contains(code), "{code} not among {codes:?}");
    }
    // The document span is a related location with code-point columns.
    let altered = results
        .iter()
        .find(|r| r["ruleId"] == "quote-altered")
        .unwrap();
    let related = &altered["relatedLocations"][0]["physicalLocation"];
    assert!(
        related["artifactLocation"]["uri"]
            .as_str()
            .unwrap()
            .starts_with("corpus/")
    );
    assert!(related["region"]["endColumn"].as_u64() > related["region"]["startColumn"].as_u64());
}

/// The official SARIF 2.1.0 schema (`tests/sarif/`), formats (URIs) validated.
fn sarif_validator() -> jsonschema::Validator {
    let mut schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string("tests/sarif/sarif-schema-2.1.0.json").unwrap(),
    )
    .unwrap();
    // The official schema has one pattern that is not a valid regex (a stray
    // `]` in `run.language`, which claimtrack never writes); it is corrected
    // here so the schema compiles.
    assert!(correct_language_patterns(&mut schema) >= 1);
    jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .unwrap()
}

/// Replaces the schema's malformed `language` pattern wherever it stands;
/// returns how many were replaced.
fn correct_language_patterns(v: &mut serde_json::Value) -> usize {
    const BAD: &str = "^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$";
    match v {
        serde_json::Value::Object(m) => {
            let mut n = 0;
            if m.get("pattern").and_then(|p| p.as_str()) == Some(BAD) {
                m.insert("pattern".into(), "^[a-zA-Z]{2}(-[a-zA-Z]{2})?$".into());
                n += 1;
            }
            n + m.values_mut().map(correct_language_patterns).sum::<usize>()
        }
        serde_json::Value::Array(a) => a.iter_mut().map(correct_language_patterns).sum(),
        _ => 0,
    }
}

#[test]
fn a_fingerprint_does_not_change_when_the_claims_file_gains_lines() {
    let p = every_status("sarif-fingerprint");
    let prints = |p: &Scratch| -> std::collections::BTreeSet<String> {
        json(&p.run(&["check", "--format", "sarif"]))["runs"][0]["results"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                r["partialFingerprints"]["claimtrack/v1"]
                    .as_str()
                    .unwrap()
                    .to_string()
            })
            .collect()
    };
    let before = prints(&p);
    let file = "claims/the-bell/mikhailov-crowdstrike.toml";
    let text = p.read(file);
    p.write(file, format!("# a comment\n# and another\n\n{text}"));
    assert_eq!(prints(&p), before);
}

#[test]
fn junit_parses_with_a_test_case_per_anchor_and_failures_for_errors() {
    let p = every_status("junit");
    let out = p.run(&["check", "--format", "junit"]);
    assert_eq!(out.code, 1);
    let doc =
        roxmltree::Document::parse(&out.stdout).unwrap_or_else(|e| panic!("{e}\n{}", out.stdout));
    let report = json(&p.run(&["check", "--format", "json"]));
    let findings = report["findings"].as_array().unwrap();
    let cases: Vec<roxmltree::Node> = doc
        .descendants()
        .filter(|n| n.has_tag_name("testcase"))
        .collect();
    assert_eq!(
        cases.len(),
        findings.len(),
        "one test case per finding, intact ones included"
    );
    let failures = doc
        .descendants()
        .filter(|n| n.has_tag_name("failure"))
        .count();
    let errors = findings.iter().filter(|f| f["severity"] == "error").count();
    assert_eq!(failures, errors);
    assert_eq!(
        doc.descendants()
            .filter(|n| n.has_tag_name("skipped"))
            .count(),
        0
    );
    let suites: Vec<roxmltree::Node> = doc
        .descendants()
        .filter(|n| n.has_tag_name("testsuite"))
        .collect();
    for s in &suites {
        let file = s.attribute("name").unwrap();
        assert_eq!(s.attribute("file"), Some(file));
        let mut names = std::collections::HashSet::new();
        for c in s.children().filter(|n| n.has_tag_name("testcase")) {
            assert_eq!(c.attribute("classname"), Some(file));
            let name = c.attribute("name").unwrap();
            assert!(names.insert(name), "{name} twice in {file}");
        }
    }
    // Valid against Jenkins' junit-10.xsd (what Jenkins, GitLab and Azure
    // read), checked by xmllint as a CI server's parser would.
    assert_eq!(xsd_errors(&out.stdout), Vec::<String>::new());
    assert!(!xsd_errors(&out.stdout.replace("<testcase ", "<testcase line=\"1\" ")).is_empty());
    let altered = cases
        .iter()
        .find(|c| c.attribute("name") == Some("mikhailov-passed-info-to-crowdstrike quote"))
        .unwrap();
    let failure = altered
        .children()
        .find(|n| n.has_tag_name("failure"))
        .unwrap();
    assert!(
        failure.text().unwrap().contains("[-the-]{+some+}"),
        "{:?}",
        failure.text()
    );
}

/// What xmllint says is wrong in `xml` against `tests/validators/junit-10.xsd`
/// (`.ci/run` installs xmllint, from libxml2-utils, when missing).
fn xsd_errors(xml: &str) -> Vec<String> {
    let dir = std::env::temp_dir().join(format!("claimtrack-xsd-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join(format!(
        "{:x}.xml",
        xml.len() * 31 + xml.matches('<').count()
    ));
    std::fs::write(&file, xml).unwrap();
    let out = std::process::Command::new("xmllint")
        .args(["--noout", "--schema", "tests/validators/junit-10.xsd"])
        .arg(&file)
        .output()
        .expect("xmllint (Debian: libxml2-utils) is needed for this test");
    String::from_utf8_lossy(&out.stderr)
        .lines()
        .filter(|l| !l.ends_with(" validates"))
        .map(str::to_string)
        .collect()
}

#[test]
fn every_ci_format_gives_paths_from_the_repository_root_and_validates_for_a_project_below_it_with_odd_names()
 {
    // The repository's root holds the project one folder down, as the
    // action's `working-directory` input runs it; GitHub and GitLab read
    // paths from the root.
    let repo = Scratch::empty("repo-root");
    let project = repo.0.join("desk one");
    std::fs::create_dir_all(&project).unwrap();
    let p = every_status("below-root");
    // Odd names too: a space, `%`, `:`, an emoji, CRLF line ends.
    let odd = "desk two/50% off: café 🎉";
    p.write(
        &format!("corpus/{odd}.txt"),
        "First line.\r\nThe mayor said the bridge will cost 12 million.\r\n",
    );
    p.write(
        &format!("claims/{odd}.toml"),
        format!(
            "[[claim]]\nid = \"odd-bridge\"\nstatement = \"S.\"\nlevel = \"source-says\"\nattributed-to = \"the mayor\"\ndoc = \"{odd}\"\nquote = \"the bridge will cost 13 million\"\n"
        ),
    );
    crate::common::copy_dir(&p.0, &project);
    let git = |args: &[&str]| {
        let out = std::process::Command::new("git")
            .arg("-C")
            .arg(&repo.0)
            .args(args)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    git(&["init", "-q"]);
    let run = |format: &str| crate::common::run_in(&project, &["check", "--format", format], None);
    let exists = |path: &str, what: &str| {
        assert!(
            repo.0.join(path).is_file(),
            "{what}: {path} is not a file from the repository's root"
        );
    };
    let sarif = json(&run("sarif"));
    let schema_errors: Vec<String> = sarif_validator()
        .iter_errors(&sarif)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(schema_errors.is_empty(), "{schema_errors:#?}");
    let mut n = 0;
    for r in sarif["runs"][0]["results"].as_array().unwrap() {
        for loc in r["locations"]
            .as_array()
            .unwrap()
            .iter()
            .chain(r["relatedLocations"].as_array().into_iter().flatten())
        {
            let uri = loc["physicalLocation"]["artifactLocation"]["uri"]
                .as_str()
                .unwrap();
            let path = decode(uri);
            assert!(path.starts_with("desk one/"), "{uri}");
            exists(&path, "sarif");
            n += 1;
        }
    }
    assert!(n >= 5, "{n} locations");
    let gitlab = json(&run("gitlab"));
    for i in gitlab.as_array().unwrap() {
        exists(i["location"]["path"].as_str().unwrap(), "gitlab");
    }
    let junit = run("junit").stdout;
    assert_eq!(xsd_errors(&junit), Vec::<String>::new());
    assert!(
        junit.contains("desk one/claims/desk two/50% off: café 🎉.toml"),
        "{junit}"
    );
    let doc = roxmltree::Document::parse(&junit).unwrap();
    for s in doc.descendants().filter(|n| n.has_tag_name("testsuite")) {
        exists(s.attribute("file").unwrap(), "junit");
    }
    let github = run("github").stdout;
    let files: Vec<&str> = github
        .lines()
        .filter_map(|l| {
            l.strip_prefix("::")?
                .split_once(" file=")?
                .1
                .split(',')
                .next()
        })
        .collect();
    assert!(!files.is_empty(), "{github}");
    for f in files {
        exists(&decode(f), "github");
    }
    // Outside git, paths stay relative to the project.
    let outside = json(&crate::common::run_in(
        &p.0,
        &["check", "--format", "gitlab"],
        None,
    ));
    assert!(
        outside[0]["location"]["path"]
            .as_str()
            .unwrap()
            .starts_with("claims/")
    );
}

/// A percent-encoded path (a SARIF URI, a GitHub property) as the file's name.
fn decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%'
            && let Some(v) = s
                .get(i + 1..i + 3)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
        {
            out.push(v);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8(out).unwrap()
}

#[test]
fn gitlab_code_quality_has_one_issue_per_finding_that_is_not_ok() {
    let p = every_status("gitlab");
    let issues = json(&p.run(&["check", "--format", "gitlab"]));
    let report = json(&p.run(&["check", "--format", "json"]));
    let not_ok = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["severity"] != "ok")
        .count();
    let issues = issues.as_array().unwrap();
    assert_eq!(issues.len(), not_ok);
    let mut prints = std::collections::BTreeSet::new();
    for i in issues {
        for key in ["description", "check_name", "fingerprint", "severity"] {
            assert!(i[key].is_string(), "{key} in {i}");
        }
        assert!(
            ["info", "minor", "major", "critical", "blocker"]
                .contains(&i["severity"].as_str().unwrap())
        );
        assert!(i["location"]["path"].is_string());
        assert!(i["location"]["lines"]["begin"].as_u64().unwrap() >= 1);
        prints.insert(i["fingerprint"].as_str().unwrap().to_string());
    }
    assert_eq!(prints.len(), issues.len(), "fingerprints are unique");
}
