//! schema.org ClaimReview: one review per fact that has a rating, with where and by whom it was claimed.

use std::collections::HashMap;

use serde_json::{Value, json};

use super::Snapshot;
use crate::claim::Claim;
use crate::facts::{FACTS_FILE, Fact};
use crate::project::Metadata;

/// The reviews, and the facts left out for want of a rating.
pub(crate) struct Reviews {
    pub(crate) reviews: Vec<Value>,
    pub(crate) unrated: Vec<String>,
}

impl Snapshot<'_> {
    /// Refuses a facts file with problems: a review of a misread fact would mislead.
    pub(crate) fn claimreview(&self) -> anyhow::Result<Reviews> {
        let facts = &self.loaded.plan.facts;
        if let Some(p) = facts.problems.first() {
            anyhow::bail!(
                "{FACTS_FILE}:{}:{}: {}; fix the facts file first (`check` lists every problem)",
                p.line,
                p.column,
                p.message
            );
        }
        let mut reviews = Vec::new();
        let mut unrated = Vec::new();
        for f in &facts.facts {
            if f.verdict.is_none() {
                unrated.push(f.id.clone());
                continue;
            }
            let cs: Vec<&Claim> = self
                .claims()
                .filter(|c| c.fact.as_deref() == Some(f.id.as_str()))
                .collect();
            reviews.push(claim_review(f, &cs, &self.meta));
        }
        Ok(Reviews { reviews, unrated })
    }
}

/// One schema.org ClaimReview for a fact with a verdict.
fn claim_review(f: &Fact, claims: &[&Claim], meta: &HashMap<&str, Metadata>) -> Value {
    let mut rating = json!({
        "@type": "Rating",
        "alternateName": f.verdict.as_deref().unwrap_or_default(),
    });
    for (key, v) in [
        ("ratingValue", f.rating_value),
        ("bestRating", f.best_rating),
        ("worstRating", f.worst_rating),
    ] {
        if let Some(v) = v {
            // 5, not 5.0, for a whole number.
            rating[key] = if v.fract() == 0.0 && v.abs() < 1e15 {
                #[expect(
                    clippy::cast_possible_truncation,
                    reason = "a whole number below 1e15 is exact in i64"
                )]
                let whole = v as i64;
                json!(whole)
            } else {
                json!(v)
            };
        }
    }
    let mut appearance = Vec::new();
    let mut authors = Vec::new();
    for c in claims {
        let m = meta.get(c.doc.as_str());
        let field = |k: &str| m.and_then(|m| m.fields.get(k)).cloned();
        {
            // Where the claim appears: the document, by its url when it has one.
            let mut work = json!({"@type": "CreativeWork"});
            if let Some(url) = field("url") {
                work["url"] = json!(url);
            }
            if let Some(t) = field("title") {
                work["headline"] = json!(t);
            }
            if let Some(p) = field("published") {
                work["datePublished"] = json!(p);
            }
            if let Some(o) = field("outlet") {
                work["publisher"] = json!({"@type": "Organization", "name": o});
            }
            if !appearance.contains(&work) {
                appearance.push(work);
            }
        }
        // Who makes the claim: its attributed source, else the document's
        // author or outlet, which make it in their own voice.
        let who = match (&c.attributed_to, field("author"), field("outlet")) {
            (Some(by), _, _) => Some(json!({"@type": "Person", "name": by})),
            (None, Some(a), _) => Some(json!({"@type": "Person", "name": a})),
            (None, None, Some(o)) => Some(json!({"@type": "Organization", "name": o})),
            _ => None,
        };
        if let Some(who) = who
            && !authors.contains(&who)
        {
            authors.push(who);
        }
    }
    let mut item = json!({"@type": "Claim", "appearance": appearance});
    match authors.len() {
        0 => {}
        1 => item["author"] = authors.remove(0),
        _ => item["author"] = Value::Array(authors),
    }
    if let Some(first) = claims
        .iter()
        .filter_map(|c| {
            meta.get(c.doc.as_str())
                .and_then(|m| m.fields.get("published"))
        })
        .min()
    {
        item["datePublished"] = json!(first);
    }
    let mut review = json!({
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "claimReviewed": f.statement,
        "reviewRating": rating,
        "itemReviewed": item,
    });
    if let Some(by) = &f.reviewed_by {
        review["author"] = json!({"@type": "Organization", "name": by});
    }
    if let Some(d) = &f.review_date {
        review["datePublished"] = json!(d);
    }
    if let Some(u) = &f.review_url {
        review["url"] = json!(u);
    }
    review
}
