//! `export w3c` against the W3C Web Annotation test suite's own JSON schemas
//! (`tests/w3c-annotation-model/`, from w3c/web-annotation-tests, under the
//! W3C test suite licence): every MUST assertion of `annotationMusts.test`
//! on each annotation, and of `pageMusts.test` on the page, on the bundled
//! project, on one with every status and on one with odd file names.

use std::path::Path;

use serde_json::Value;

use crate::common::Scratch;

const SUITE: &str = "tests/w3c-annotation-model";
/// Where the suite's schemas resolve their relative ids (`id.json`).
const BASE: &str = "https://w3c.github.io/web-annotation-tests/";

fn read_json(path: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap())
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The suite's definitions (`id.json`, `bodyTarget.json`, ...), by the ids
/// the assertions name them with.
fn registry() -> jsonschema::Registry<'static> {
    let mut pairs = Vec::new();
    for entry in std::fs::read_dir(Path::new(SUITE).join("definitions")).unwrap() {
        let path = entry.unwrap().path();
        let schema = read_json(&path);
        let id = schema["id"].as_str().unwrap().to_string();
        pairs.push((
            format!("{BASE}{id}"),
            jsonschema::Resource::from_contents(schema),
        ));
    }
    jsonschema::Registry::new()
        .draft(jsonschema::Draft::Draft4)
        .extend(pairs)
        .unwrap()
        .prepare()
        .unwrap()
}

/// The MUST assertions a `.test` file lists, each compiled.
fn musts(
    registry: &jsonschema::Registry<'static>,
    test: &str,
) -> Vec<(String, jsonschema::Validator)> {
    let test = read_json(&Path::new(SUITE).join(test));
    test["assertions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            let name = a.as_str().unwrap();
            let schema = read_json(&Path::new(SUITE).join(name));
            assert_eq!(schema["expectedResult"], "valid", "{name}");
            let validator = jsonschema::options()
                .with_draft(jsonschema::Draft::Draft4)
                .with_registry(registry)
                .with_base_uri(BASE)
                .should_validate_formats(true)
                .build(&schema)
                .unwrap_or_else(|e| panic!("{name}: {e}"));
            (name.to_string(), validator)
        })
        .collect()
}

/// Every MUST the export fails: `assertion: annotation id`.
fn failures(page: &Value) -> Vec<String> {
    let registry = registry();
    let mut out = Vec::new();
    for (name, v) in musts(&registry, "collections/pages/pageMusts.test") {
        if !v.is_valid(page) {
            out.push(format!("{name}: the page"));
        }
    }
    let annotation_musts = musts(&registry, "annotations/annotationMusts.test");
    for a in page["items"].as_array().unwrap() {
        for (name, v) in &annotation_musts {
            if !v.is_valid(a) {
                out.push(format!("{name}: {}", a["id"]));
            }
        }
    }
    out
}

fn export(p: &Scratch) -> Value {
    let out = p.run(&["export", "w3c"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    serde_json::from_str(&out.stdout).unwrap()
}

#[test]
fn the_suites_musts_reject_what_the_model_forbids() {
    // The assertions do fail: a page without an id, an annotation with an
    // empty body list, a source that is not a URI, a date-only sourceDate.
    let p = Scratch::bundled("w3c-negative");
    let page = export(&p);
    assert!(page["items"].as_array().unwrap().len() >= 40);
    let mut bad = page.clone();
    bad.as_object_mut().unwrap().remove("id");
    bad["items"][0]["body"] = serde_json::json!([]);
    bad["items"][1]["target"]["source"] = "urn:claimtrack:doc:a b".into();
    bad["items"][2]["target"]["state"] =
        serde_json::json!({"type": "TimeState", "sourceDate": "2026-11-20"});
    let f = failures(&bad);
    assert!(f.iter().any(|f| f.ends_with(": the page")), "{f:#?}");
    assert!(
        f.iter()
            .any(|f| f.contains(&page["items"][0]["id"].to_string())),
        "{f:#?}"
    );
    assert!(
        f.iter()
            .any(|f| f.contains(&page["items"][1]["id"].to_string())),
        "{f:#?}"
    );
    assert!(
        f.iter()
            .any(|f| f.contains(&page["items"][2]["id"].to_string())),
        "{f:#?}"
    );
}

#[test]
fn export_w3c_meets_every_must_of_the_w3c_suite_on_the_bundled_project() {
    let p = Scratch::bundled("w3c-bundled");
    assert_eq!(failures(&export(&p)), Vec::<String>::new());
}

#[test]
fn export_w3c_meets_every_must_with_every_status_and_odd_file_names() {
    let p = crate::common::every_status("w3c-every-status");
    // A document whose id has a space, `%`, `:` and an emoji, CRLF line ends,
    // and a date-only `retrieved`.
    let odd = "desk one/50% off: café 🎉";
    p.write(
        &format!("corpus/{odd}.txt"),
        "First line.\r\nThe mayor said the bridge will cost 12 million.\r\n",
    );
    p.write(
        &format!("corpus/{odd}.toml"),
        "title = \"Odd\"\nretrieved = 2026-11-20\n",
    );
    p.write(
        "claims/odd.toml",
        format!(
            "[[claim]]\nid = \"odd-bridge\"\nstatement = \"The bridge costs 12 million.\"\nlevel = \"source-says\"\nattributed-to = \"the mayor\"\ndoc = \"{odd}\"\nquote = \"the bridge will cost 12 million\"\n\n[[claim.evidence]]\nquote = \"The mayor said\"\n"
        ),
    );
    let page = export(&p);
    let sources: Vec<&str> = page["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|a| a["target"]["source"].as_str())
        .collect();
    assert!(
        sources.contains(&"urn:claimtrack:doc:desk%20one/50%25%20off:%20caf%C3%A9%20%F0%9F%8E%89"),
        "{sources:?}"
    );
    let item = |id: &str| {
        page["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["id"] == id)
            .unwrap_or_else(|| panic!("no {id}"))
            .clone()
    };
    // A date-only `retrieved` is an xsd:dateTime; evidence without a note
    // names its claim as its body.
    let odd_item = item("urn:claimtrack:claim:odd-bridge");
    assert_eq!(
        odd_item["target"]["state"]["sourceDate"],
        "2026-11-20T00:00:00Z"
    );
    assert_eq!(
        item("urn:claimtrack:claim:odd-bridge#evidence-1")["body"],
        "urn:claimtrack:claim:odd-bridge"
    );
    // A normalized quote: both selectors select the document's characters
    // (its curly apostrophe, where the claim typed a straight one).
    let norm = item("urn:claimtrack:claim:norm");
    let exact = norm["target"]["selector"][0]["exact"].as_str().unwrap();
    let position = &norm["target"]["selector"][1];
    assert!(exact.contains('\u{2019}'), "{exact}");
    assert_eq!(
        position["end"].as_u64().unwrap() - position["start"].as_u64().unwrap(),
        exact.chars().count() as u64
    );
    assert_eq!(failures(&page), Vec::<String>::new());
}
