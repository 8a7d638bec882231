//! schema.org ClaimReview: one review per fact that has a rating, with where and by whom it was claimed.

use std::collections::HashMap;

use serde_json::{Value, json};

use super::Snapshot;
use crate::claim::Claim;
use crate::facts::{FACTS_FILE, Fact};
use crate::project::Metadata;

/// The reviews, the facts left out for want of a rating, and the facts
/// reviewed though no quote behind them stands now.
pub(crate) struct Reviews {
    pub(crate) reviews: Vec<Value>,
    pub(crate) unrated: Vec<String>,
    /// `(fact, claims behind it)`: every quote of its claims is broken (or
    /// it has no claim at all): a review its own evidence no longer backs.
    pub(crate) unbacked: Vec<(String, usize)>,
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
        let mut unbacked = Vec::new();
        // The claims behind each fact with a verdict, and whether each one's
        // quote stands: gathered in one pass over the claims files.
        let mut behind: HashMap<&str, Vec<(Claim, bool)>> = facts
            .facts
            .iter()
            .filter(|f| f.verdict.is_some())
            .map(|f| (f.id.as_str(), Vec::new()))
            .collect();
        let rated: std::collections::HashSet<&str> = behind.keys().copied().collect();
        self.each_file(
            |file, verdicts| {
                Ok(file
                    .claims
                    .into_iter()
                    .filter(|c| c.fact.as_deref().is_some_and(|f| rated.contains(f)))
                    .map(|c| {
                        let (status, _) = verdicts.get(&c.id, crate::claim::AnchorKind::Quote);
                        (
                            c,
                            status.severity() < crate::check::finding::Severity::Error,
                        )
                    })
                    .collect::<Vec<_>>())
            },
            |claims| {
                for (c, standing) in claims {
                    if let Some(list) = c.fact.as_deref().and_then(|f| behind.get_mut(f)) {
                        list.push((c, standing));
                    }
                }
                Ok(())
            },
        )?;
        for f in &facts.facts {
            if f.verdict.is_none() {
                unrated.push(f.id.clone());
                continue;
            }
            let list = behind.get(f.id.as_str()).map_or(&[][..], Vec::as_slice);
            let cs: Vec<&Claim> = list.iter().map(|(c, _)| c).collect();
            let standing = list.iter().filter(|(_, s)| *s).count();
            if standing == 0 {
                unbacked.push((f.id.clone(), cs.len()));
            }
            reviews.push(claim_review(f, &cs, &self.meta));
        }
        Ok(Reviews {
            reviews,
            unrated,
            unbacked,
        })
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
        // Where the claim appears: the document, by its url (a document
        // without one is no appearance a reader could follow).
        if let Some(url) = field("url") {
            let mut work = json!({"@type": "CreativeWork", "url": url});
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
            (Some(by), _, _) => agent(by),
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
    let mut item = json!({"@type": "Claim"});
    if !appearance.is_empty() {
        item["appearance"] = json!(appearance);
    }
    // Sources that are neither a person nor an organization ("reports in
    // pro-Kremlin media") are said in words, never typed as an agent.
    let described: Vec<&str> = claims
        .iter()
        .filter_map(|c| c.attributed_to.as_deref())
        .filter(|by| agent(by).is_none())
        .collect();
    if !described.is_empty() {
        let mut said = Vec::new();
        for d in described {
            if !said.contains(&d) {
                said.push(d);
            }
        }
        item["description"] = json!(format!("attributed to {}", said.join("; ")));
    }
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

/// Words that make a source an organization.
const ORGANIZATION_WORDS: &[&str] = &[
    "agency",
    "association",
    "bank",
    "bureau",
    "center",
    "centre",
    "club",
    "commission",
    "committee",
    "company",
    "corp",
    "corporation",
    "council",
    "court",
    "department",
    "foundation",
    "government",
    "group",
    "inc",
    "institute",
    "lab",
    "laboratory",
    "league",
    "ltd",
    "media",
    "ministry",
    "newspaper",
    "office",
    "parliament",
    "party",
    "police",
    "service",
    "society",
    "union",
    "university",
];

/// A source as a schema.org agent: an `Organization` when its words say so
/// (a word such as "Ministry", or an acronym such as "FSB"), a `Person` when
/// it reads as a name (up to five words, each capitalized, particles such as
/// "de" or "van" aside), and none for a description ("reports in pro-Kremlin
/// media", "the official version"), which is no agent to type.
fn agent(by: &str) -> Option<Value> {
    let words: Vec<&str> = by.split_whitespace().collect();
    let capital = |w: &str| w.chars().next().is_some_and(char::is_uppercase);
    let acronym = |w: &str| {
        let letters: Vec<char> = w.chars().filter(|c| c.is_alphabetic()).collect();
        letters.len() >= 2 && letters.iter().all(|c| c.is_uppercase())
    };
    let org_word = |w: &str| {
        let w = w
            .trim_matches(|c: char| !c.is_alphanumeric())
            .to_lowercase();
        ORGANIZATION_WORDS.contains(&w.as_str())
    };
    let particle = |w: &str| {
        [
            "de", "da", "del", "der", "di", "du", "la", "le", "van", "von", "bin", "al", "ibn",
        ]
        .contains(&w)
    };
    if words.is_empty() || !capital(words[0]) {
        return None;
    }
    let connector = |w: &str| ["of", "the", "and", "for", "on", "&"].contains(&w);
    let org_named = words
        .iter()
        .all(|w| capital(w) || particle(w) || connector(w));
    if org_named && words.iter().any(|w| org_word(w) || acronym(w)) {
        return Some(json!({"@type": "Organization", "name": by}));
    }
    let named = words.iter().all(|w| capital(w) || particle(w));
    (named && words.len() <= 5).then(|| json!({"@type": "Person", "name": by}))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_source_is_a_person_an_organization_or_no_agent_at_all() {
        let kind = |by: &str| agent(by).map(|v| v["@type"].as_str().unwrap().to_string());
        assert_eq!(kind("Ruslan Stoyanov").as_deref(), Some("Person"));
        assert_eq!(kind("Ursula von der Leyen").as_deref(), Some("Person"));
        assert_eq!(kind("Сергей Михайлов").as_deref(), Some("Person"));
        assert_eq!(kind("FSB").as_deref(), Some("Organization"));
        assert_eq!(kind("Kaspersky Lab").as_deref(), Some("Organization"));
        assert_eq!(
            kind("Russian Ministry of Defence").as_deref(),
            Some("Organization")
        );
        assert_eq!(kind("reports in pro-Kremlin media"), None);
        assert_eq!(kind("the official version"), None);
        assert_eq!(kind("a source close to one of the defendants"), None);
    }
}
