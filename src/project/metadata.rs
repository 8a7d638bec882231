//! Document metadata (`corpus/<id>.toml`): the keys, parsed and validated from
//! text, with line and column on every problem.

use std::collections::BTreeMap;

use crate::claim::Problem;
use crate::text::line_col;

/// Document metadata, by key.
#[derive(Debug, Default, Clone)]
pub(crate) struct Metadata {
    pub(crate) fields: BTreeMap<String, String>,
    /// The line each key is on.
    pub(crate) lines: BTreeMap<String, usize>,
}

/// A value as written: a string, or a TOML date.
#[derive(Debug, serde::Deserialize)]
#[serde(untagged)]
enum MetaValue {
    Text(String),
    Date(toml::value::Datetime),
}

/// The metadata keys, written once: the struct serde validates against
/// (`deny_unknown_fields`), the list messages and docs/guide.md give, and the
/// fields read out of it.
macro_rules! metadata_keys {
    ($($key:ident = $name:literal),+) => {
        #[derive(Debug, serde::Deserialize)]
        #[serde(deny_unknown_fields)]
        struct RawMetadata {
            $(#[serde(rename = $name)] $key: Option<MetaValue>,)+
        }

        /// The keys a metadata file may have.
        pub(crate) const META_KEYS: &[&str] = &[$($name),+];

        impl RawMetadata {
            fn into_fields(self) -> Vec<(&'static str, Option<MetaValue>)> {
                vec![$(($name, self.$key)),+]
            }
        }
    };
}

// `sha256` (of the text) and `source-html` (the page kept beside it) are
// written by `import html`.
metadata_keys!(
    title = "title",
    outlet = "outlet",
    author = "author",
    url = "url",
    published = "published",
    retrieved = "retrieved",
    sha256 = "sha256",
    source_html = "source-html"
);

/// Validates metadata text; a problem carries line and column.
pub(crate) fn parse_metadata(src: &str) -> (Metadata, Vec<Problem>) {
    match toml::from_str::<RawMetadata>(src) {
        Ok(raw) => {
            let mut meta = Metadata::default();
            for (key, value) in raw.into_fields() {
                if let Some(v) = value {
                    let text = match v {
                        MetaValue::Text(s) => s,
                        MetaValue::Date(d) => d.to_string(),
                    };
                    meta.fields.insert(key.to_string(), text);
                }
            }
            for (i, line) in src.lines().enumerate() {
                let key = line
                    .split('=')
                    .next()
                    .unwrap_or("")
                    .trim()
                    .trim_matches('"');
                if meta.fields.contains_key(key) {
                    meta.lines.entry(key.to_string()).or_insert(i + 1);
                }
            }
            (meta, Vec::new())
        }
        Err(e) => {
            let (line, column) = line_col(src, e.span().map_or(0, |s| s.start));
            let message = e.message().trim().replace('\n', " ");
            // serde lists the expected keys itself; only say what they are for.
            let message = match message.split_once(", expected") {
                Some((head, _)) if head.starts_with("unknown field") => format!(
                    "{head} in document metadata; the keys are {}",
                    META_KEYS.join(", ")
                ),
                _ => message,
            };
            (
                Metadata::default(),
                vec![Problem {
                    line,
                    column,
                    claim: None,
                    message,
                }],
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn metadata_rejects_unknown_keys_with_line() {
        let (m, p) = parse_metadata("title = \"T\"\n\nauthr = \"x\"\n");
        assert!(m.fields.is_empty());
        assert_eq!(p.len(), 1);
        assert_eq!((p[0].line, p[0].column), (3, 1));
        assert!(
            p[0].message.contains("unknown field `authr`"),
            "{}",
            p[0].message
        );
    }

    #[test]
    fn metadata_accepts_strings_and_dates() {
        let (m, p) = parse_metadata("title = \"T\"\npublished = 2017-03-03\n");
        assert!(p.is_empty(), "{p:?}");
        assert_eq!(m.fields["title"], "T");
        assert_eq!(m.fields["published"], "2017-03-03");
    }

    #[test]
    fn every_key_is_read_out() {
        let src: String = META_KEYS
            .iter()
            .map(|k| format!("{k} = \"v-{k}\"\n"))
            .collect();
        let (m, p) = parse_metadata(&src);
        assert!(p.is_empty(), "{p:?}");
        assert_eq!(m.fields.len(), META_KEYS.len());
        for k in META_KEYS {
            assert_eq!(m.fields[*k], format!("v-{k}"));
        }
    }
}
