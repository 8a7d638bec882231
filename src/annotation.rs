//! Web annotations in and out: Hypothesis exports and W3C Web Annotations read into one shape, anchors written as W3C JSON-LD.
//!
//! Only TextQuoteSelectors are read: a TextPositionSelector from a browser
//! counts UTF-16 units of the rendered page, a different text from the
//! document's. Written annotations carry both selectors, positions in code
//! points as the W3C model says.

use serde_json::{Map, Value, json};

/// The W3C Web Annotation context, and claimtrack's own terms beside it.
pub(crate) const CONTEXT: &str = "http://www.w3.org/ns/anno.jsonld";
pub(crate) const NS: &str = "https://claimtrack.dev/ns#";
/// `urn:claimtrack:claim:ID` and `urn:claimtrack:doc:ID` name what has no URL.
pub(crate) const CLAIM_URN: &str = "urn:claimtrack:claim:";
pub(crate) const DOC_URN: &str = "urn:claimtrack:doc:";

/// One annotation, as Hypothesis or a W3C tool gives it.
#[derive(Debug, Default, Clone, PartialEq)]
pub(crate) struct Annotation {
    /// Its own id (Hypothesis's, or the W3C `id`).
    pub(crate) id: Option<String>,
    /// The page or document annotated.
    pub(crate) uri: Option<String>,
    pub(crate) exact: Option<String>,
    pub(crate) prefix: Option<String>,
    pub(crate) suffix: Option<String>,
    /// The annotator's comment (Hypothesis `text`, a W3C `commenting` body).
    pub(crate) text: Option<String>,
    /// The claim in the annotator's words (a W3C `describing` body).
    pub(crate) statement: Option<String>,
    pub(crate) tags: Vec<String>,
    pub(crate) user: Option<String>,
    pub(crate) created: Option<String>,
    pub(crate) attributed_to: Option<String>,
    pub(crate) fact: Option<String>,
    /// The claim this annotation is evidence for (claimtrack's own term).
    pub(crate) evidence_of: Option<String>,
    /// The evidence quote's note.
    pub(crate) note: Option<String>,
}

impl Annotation {
    /// The claim id when the annotation was written by `export w3c`.
    pub(crate) fn claim_id(&self) -> Option<&str> {
        self.id
            .as_deref()?
            .strip_prefix(CLAIM_URN)?
            .split('#')
            .next()
    }
}

/// The annotations of an export: Hypothesis's `{export_date, annotations}`,
/// the API's array or `{rows}`, or W3C annotations (one, an array, an
/// `AnnotationPage` or an `AnnotationCollection` with its first page).
pub(crate) fn parse(json: &str) -> Result<Vec<Annotation>, String> {
    let v: Value = serde_json::from_str(json).map_err(|e| {
        format!(
            "not JSON: {} at line {} column {}",
            strip_position(&e.to_string()),
            e.line(),
            e.column()
        )
    })?;
    let items: Vec<&Value> = match &v {
        Value::Array(a) => a.iter().collect(),
        Value::Object(o) => {
            if let Some(Value::Array(a)) = o.get("annotations").or_else(|| o.get("rows")) {
                a.iter().collect()
            } else if let Some(Value::Array(a)) = o.get("items") {
                a.iter().collect()
            } else if let Some(Value::Array(a)) = o.get("first").and_then(|f| f.get("items")) {
                a.iter().collect()
            } else if o.contains_key("target") {
                vec![&v]
            } else {
                return Err(
                    "no annotations: expected a Hypothesis export ({\"annotations\": [...]}), an array of annotations, or W3C Web Annotations".into(),
                );
            }
        }
        _ => return Err("no annotations: the JSON is neither an object nor an array".into()),
    };
    items
        .into_iter()
        .enumerate()
        .map(|(i, a)| match a {
            Value::Object(o) => Ok(one(o)),
            _ => Err(format!("annotation {} is not a JSON object", i + 1)),
        })
        .collect()
}

fn strip_position(msg: &str) -> &str {
    msg.split(" at line ").next().unwrap_or(msg)
}

fn string(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::String(s) => Some(s.clone()),
        Value::Object(o) => string(o.get("name").or_else(|| o.get("id"))),
        _ => None,
    }
}

/// A value that may be one item or an array of them.
fn each(v: Option<&Value>) -> Vec<&Value> {
    match v {
        Some(Value::Array(a)) => a.iter().collect(),
        Some(x) => vec![x],
        None => Vec::new(),
    }
}

fn one(o: &Map<String, Value>) -> Annotation {
    let mut a = Annotation {
        id: string(o.get("id")),
        uri: string(o.get("uri")),
        created: string(o.get("created")),
        user: string(o.get("user"))
            .or_else(|| string(o.get("creator")))
            .map(|u| account(&u)),
        text: string(o.get("text")).filter(|t| !t.trim().is_empty()),
        ..Annotation::default()
    };
    for t in each(o.get("tags")) {
        if let Some(t) = t.as_str() {
            a.tags.push(t.to_string());
        }
    }
    let term = |k: &str| string(o.get(&format!("claimtrack:{k}")));
    a.attributed_to = term("attributedTo");
    a.fact = term("fact");
    a.evidence_of = term("evidenceOf");
    for target in each(o.get("target")) {
        let t = match target {
            Value::String(s) => {
                a.uri.get_or_insert_with(|| s.clone());
                continue;
            }
            Value::Object(t) => t,
            _ => continue,
        };
        if let Some(src) = string(t.get("source")) {
            a.uri.get_or_insert(src);
        }
        for sel in each(t.get("selector")) {
            if sel.get("type").and_then(Value::as_str) == Some("TextQuoteSelector") {
                a.exact = string(sel.get("exact"));
                a.prefix = string(sel.get("prefix"));
                a.suffix = string(sel.get("suffix"));
            }
        }
    }
    for body in each(o.get("body")) {
        let Some(b) = body.as_object() else { continue };
        let Some(value) = string(b.get("value")) else {
            continue;
        };
        match b.get("purpose").and_then(Value::as_str) {
            Some("tagging") => a.tags.push(value),
            Some("describing") => a.statement = Some(value),
            Some("commenting") | None => {
                if a.evidence_of.is_some() {
                    a.note = Some(value);
                } else {
                    a.text = Some(value);
                }
            }
            Some(_) => {}
        }
    }
    a
}

/// `acct:name@hypothes.is` reads `name@hypothes.is`.
fn account(user: &str) -> String {
    user.strip_prefix("acct:").unwrap_or(user).to_string()
}

/// One anchor to write.
pub(crate) struct Export<'a> {
    pub(crate) claim: &'a str,
    /// For evidence: its place among the claim's evidence (1-based).
    pub(crate) evidence: Option<usize>,
    pub(crate) statement: &'a str,
    pub(crate) level: &'a str,
    pub(crate) attributed_to: Option<&'a str>,
    pub(crate) fact: Option<&'a str>,
    pub(crate) tags: &'a [String],
    pub(crate) notes: Option<&'a str>,
    pub(crate) note: Option<&'a str>,
    pub(crate) logged_by: Option<&'a str>,
    pub(crate) logged_at: Option<&'a str>,
    /// The document's `url`, else its `urn:claimtrack:doc:` name.
    pub(crate) source: String,
    pub(crate) retrieved: Option<&'a str>,
    pub(crate) quote: &'a str,
    pub(crate) prefix: &'a str,
    pub(crate) suffix: &'a str,
    /// Code points.
    pub(crate) start: usize,
    pub(crate) end: usize,
}

/// One W3C Web Annotation for an anchor.
pub(crate) fn to_w3c(e: &Export) -> Value {
    let id = match e.evidence {
        Some(n) => format!("{CLAIM_URN}{}#evidence-{n}", e.claim),
        None => format!("{CLAIM_URN}{}", e.claim),
    };
    let mut body = Vec::new();
    let textual = |value: &str, purpose: &str| json!({"type": "TextualBody", "value": value, "purpose": purpose, "format": "text/plain"});
    match e.evidence {
        None => {
            body.push(textual(e.statement, "describing"));
            body.push(textual(&format!("level:{}", e.level), "tagging"));
            for t in e.tags {
                body.push(textual(t, "tagging"));
            }
            if let Some(n) = e.notes {
                body.push(textual(n, "commenting"));
            }
        }
        Some(_) => {
            if let Some(n) = e.note {
                body.push(textual(n, "commenting"));
            }
        }
    }
    let mut target = json!({
        "source": e.source,
        "selector": [
            {"type": "TextQuoteSelector", "exact": e.quote, "prefix": e.prefix, "suffix": e.suffix},
            {"type": "TextPositionSelector", "start": e.start, "end": e.end},
        ],
    });
    if let Some(r) = e.retrieved {
        target["state"] = json!({"type": "TimeState", "sourceDate": date_time(r)});
    }
    // Evidence with no note says what it is evidence of: the claim itself
    // (an empty list of bodies is not a body, and fails the model's MUSTs).
    let body = if body.is_empty() {
        json!(format!("{CLAIM_URN}{}", e.claim))
    } else {
        json!(body)
    };
    let mut a = json!({
        "@context": [CONTEXT, {"claimtrack": NS}],
        "id": id,
        "type": "Annotation",
        "motivation": if e.evidence.is_some() { "highlighting" } else { "assessing" },
        "body": body,
        "target": target,
    });
    let o = a.as_object_mut().expect("an object");
    if let Some(who) = e.logged_by {
        o.insert("creator".into(), json!({"type": "Person", "name": who}));
    }
    if let Some(at) = e.logged_at {
        o.insert("created".into(), json!(at));
    }
    if let Some(by) = e.attributed_to {
        o.insert("claimtrack:attributedTo".into(), json!(by));
    }
    if let Some(f) = e.fact {
        o.insert("claimtrack:fact".into(), json!(f));
    }
    if e.evidence.is_some() {
        o.insert(
            "claimtrack:evidenceOf".into(),
            json!(format!("{CLAIM_URN}{}", e.claim)),
        );
    }
    a
}

/// `urn:claimtrack:doc:ID`, the id percent-encoded where a URI may not
/// hold it as it is (a space, `%`, `#`, `?`, non-ASCII: UTF-8 bytes), so the
/// target's source is a valid IRI and survives RDF conversion.
pub(crate) fn doc_urn(id: &str) -> String {
    let mut out = String::from(DOC_URN);
    for b in id.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=:@/".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The document id a `urn:claimtrack:doc:` name stands for, decoded.
pub(crate) fn doc_of_urn(urn: &str) -> Option<String> {
    let encoded = urn.strip_prefix(DOC_URN)?.as_bytes();
    let mut bytes = Vec::with_capacity(encoded.len());
    let mut i = 0;
    while i < encoded.len() {
        let hex = encoded
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (encoded[i], hex) {
            (b'%', Some(b)) => {
                bytes.push(b);
                i += 3;
            }
            (b, _) => {
                bytes.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(bytes).ok()
}

/// A `retrieved` date as the `xsd:dateTime` a `TimeState`'s `sourceDate`
/// must be: a bare date is its midnight in UTC.
fn date_time(retrieved: &str) -> String {
    let r = retrieved.trim();
    if r.len() == 10 && !r.contains('T') {
        format!("{r}T00:00:00Z")
    } else {
        r.replacen(' ', "T", 1)
    }
}

/// The claim id a `claimtrack:evidenceOf` value names.
pub(crate) fn claim_of(urn: &str) -> &str {
    urn.strip_prefix(CLAIM_URN).unwrap_or(urn)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_document_urn_is_percent_encoded_and_decodes_to_the_same_id() {
        let id = "desk one/50% off: café 🎉#1?";
        let urn = doc_urn(id);
        assert_eq!(
            urn,
            "urn:claimtrack:doc:desk%20one/50%25%20off:%20caf%C3%A9%20%F0%9F%8E%89%231%3F"
        );
        assert_eq!(doc_of_urn(&urn).as_deref(), Some(id));
        assert_eq!(
            doc_of_urn("urn:claimtrack:doc:plain/id").as_deref(),
            Some("plain/id")
        );
        assert_eq!(doc_of_urn("https://example.org/a"), None);
        assert_eq!(date_time("2026-11-20"), "2026-11-20T00:00:00Z");
        assert_eq!(date_time("2026-11-20T08:15:00Z"), "2026-11-20T08:15:00Z");
    }

    #[test]
    fn a_hypothesis_export_gives_quote_context_text_tags_and_user() {
        let json = r#"{"export_date": "2026-11-01T10:00:00Z", "annotations": [{
            "id": "Xyz123", "created": "2026-10-30T09:00:00.123456+00:00",
            "user": "acct:checker@hypothes.is", "uri": "https://example.org/a",
            "text": "Check this.", "tags": ["level:confirmed", "trial"],
            "target": [{"source": "https://example.org/a", "selector": [
                {"type": "RangeSelector", "startContainer": "/p[1]"},
                {"type": "TextPositionSelector", "start": 10, "end": 20},
                {"type": "TextQuoteSelector", "exact": "the words", "prefix": "before ", "suffix": " after"}
            ]}]}]}"#;
        let a = &parse(json).unwrap()[0];
        assert_eq!(a.exact.as_deref(), Some("the words"));
        assert_eq!(a.prefix.as_deref(), Some("before "));
        assert_eq!(a.user.as_deref(), Some("checker@hypothes.is"));
        assert_eq!(a.tags, ["level:confirmed", "trial"]);
        assert_eq!(a.text.as_deref(), Some("Check this."));
        assert_eq!(a.uri.as_deref(), Some("https://example.org/a"));
    }

    #[test]
    fn w3c_annotations_read_back_what_was_written() {
        let tags = vec!["trial".to_string()];
        let e = Export {
            claim: "c1",
            evidence: None,
            statement: "S",
            level: "confirmed",
            attributed_to: Some("a court"),
            fact: Some("f"),
            tags: &tags,
            notes: Some("n"),
            note: None,
            logged_by: Some("Ann"),
            logged_at: Some("2026-01-02T03:04:05Z"),
            source: "https://example.org/a".into(),
            retrieved: Some("2026-01-01"),
            quote: "q",
            prefix: "p",
            suffix: "s",
            start: 3,
            end: 4,
        };
        let page = json!({"type": "AnnotationPage", "items": [to_w3c(&e)]});
        let a = &parse(&page.to_string()).unwrap()[0];
        assert_eq!(a.claim_id(), Some("c1"));
        assert_eq!(a.statement.as_deref(), Some("S"));
        assert_eq!(a.tags, ["level:confirmed", "trial"]);
        assert_eq!(a.text.as_deref(), Some("n"));
        assert_eq!(a.user.as_deref(), Some("Ann"));
        assert_eq!(a.attributed_to.as_deref(), Some("a court"));
        assert_eq!(a.fact.as_deref(), Some("f"));
        assert_eq!(
            (a.exact.as_deref(), a.suffix.as_deref()),
            (Some("q"), Some("s"))
        );
    }

    #[test]
    fn json_that_holds_no_annotations_is_an_error_with_its_place() {
        assert!(parse("{\"a\": 1}").unwrap_err().contains("no annotations"));
        assert!(parse("[1,").unwrap_err().contains("line 1"));
    }
}
