//! A saved web page to a document: the article found by readability, written as text by our own serializer.
//!
//! The serializer keeps every character of the text nodes as published (curly
//! quotes, no-break spaces, U+202F, soft hyphens); only the whitespace a
//! browser collapses (runs of ASCII spaces, tabs and line breaks outside
//! `<pre>`) is collapsed. Block elements give a blank line, `<br>` a line break.

use dom_query::{Document, NodeRef};

/// What a page gives: the article text and what it says about itself.
#[derive(Debug, Default, Clone, PartialEq)]
pub(crate) struct Page {
    pub(crate) text: String,
    pub(crate) title: Option<String>,
    pub(crate) author: Option<String>,
    pub(crate) outlet: Option<String>,
    pub(crate) published: Option<String>,
    pub(crate) url: Option<String>,
}

/// Elements that stand on their own lines, apart from the text around them.
const BLOCKS: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "caption",
    "dd",
    "details",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "li",
    "main",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "ul",
];

/// Elements whose content is never text a reader sees.
const HIDDEN: &[&str] = &[
    "script", "style", "noscript", "template", "head", "svg", "math", "iframe", "object", "canvas",
    "button", "select", "textarea",
];

/// Extracts the article of `html`. `url` is where the page was published,
/// for readability's link handling. Fails when no article can be found.
pub(crate) fn extract(html: &str, url: Option<&str>) -> Result<Page, String> {
    let mut reader = dom_smoothie::Readability::new(html, url, None)
        .map_err(|e| format!("cannot read the page: {e}"))?;
    let article = reader
        .parse()
        .map_err(|e| format!("no article found in the page: {e}"))?;
    let body = serialize(&Document::from(article.content.as_ref()).root());
    let title = clean(Some(article.title.as_str()));
    // The headline opens the text, as in every document of the corpus.
    let text = match &title {
        Some(t) if !body.starts_with(t.as_str()) => format!("{t}\n\n{body}"),
        _ => body,
    };
    Ok(Page {
        text,
        title,
        author: clean(article.byline.as_deref()),
        outlet: clean(article.site_name.as_deref()),
        published: clean(article.published_time.as_deref()),
        url: clean(article.url.as_deref()).or_else(|| canonical(html)),
    })
}

/// The page's own address: `<link rel="canonical">`, else `og:url`.
fn canonical(html: &str) -> Option<String> {
    let doc = Document::from(html);
    let link = doc.select(r#"link[rel="canonical"]"#).attr("href");
    let og = || doc.select(r#"meta[property="og:url"]"#).attr("content");
    clean(link.or_else(og).as_deref())
}

fn clean(s: Option<&str>) -> Option<String> {
    let s = s?.split_whitespace().collect::<Vec<_>>().join(" ");
    (!s.is_empty()).then_some(s)
}

/// The text of the tree under `root`: paragraphs apart by a blank line, each
/// `<br>` a line break, every other character as the text nodes hold it.
pub(crate) fn serialize(root: &NodeRef) -> String {
    let mut w = Writer::default();
    w.node(root, false);
    let mut out = w.out;
    while out.ends_with([' ', '\n']) {
        out.pop();
    }
    out.push('\n');
    out
}

#[derive(Default)]
struct Writer {
    out: String,
    /// A collapsible space is owed before the next visible character.
    space: bool,
    /// Line breaks owed before the next visible character (1: `<br>`, 2: a block).
    breaks: usize,
}

impl Writer {
    fn node(&mut self, node: &NodeRef, pre: bool) {
        if node.is_text() {
            self.text(&node.text(), pre);
            return;
        }
        if !node.is_element() {
            // The document itself and fragments: their children; comments: nothing.
            if !node.is_comment() {
                for child in node.children_it(false) {
                    self.node(&child, pre);
                }
            }
            return;
        }
        let name = node
            .node_name()
            .map(|n| n.to_ascii_lowercase())
            .unwrap_or_default();
        if HIDDEN.contains(&name.as_str()) {
            return;
        }
        if name == "br" {
            if !self.out.is_empty() {
                self.out.push('\n');
            }
            self.space = false;
            return;
        }
        let block = BLOCKS.contains(&name.as_str());
        if block {
            self.block_edge();
        }
        let pre = pre || name == "pre";
        for child in node.children_it(false) {
            self.node(&child, pre);
        }
        if block {
            self.block_edge();
        }
    }

    fn block_edge(&mut self) {
        self.breaks = 2;
        self.space = false;
    }

    fn text(&mut self, s: &str, pre: bool) {
        for c in s.chars() {
            let collapsible = !pre && matches!(c, ' ' | '\t' | '\n' | '\r' | '\u{c}');
            if collapsible {
                self.space = true;
                continue;
            }
            if pre && c == '\r' {
                continue;
            }
            if !self.out.is_empty() {
                let have = self.out.chars().rev().take_while(|&c| c == '\n').count();
                if self.breaks > have {
                    for _ in have..self.breaks {
                        self.out.push('\n');
                    }
                } else if self.space && have == 0 {
                    self.out.push(' ');
                }
            }
            self.breaks = 0;
            self.space = false;
            self.out.push(c);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text_of(html: &str) -> String {
        serialize(&Document::from(html).root())
    }

    #[test]
    fn blocks_are_paragraphs_and_br_is_a_line_break() {
        assert_eq!(
            text_of(
                "<div><h1>Title</h1><p>One\n  two</p><p>a<br>b</p><ul><li>x</li><li>y</li></ul></div>"
            ),
            "Title\n\nOne two\n\na\nb\n\nx\n\ny\n"
        );
    }

    #[test]
    fn every_character_of_the_text_nodes_is_kept() {
        // Entities decode to the characters they name; nothing is folded.
        let t = text_of(
            "<p>&ldquo;It&rsquo;s&nbsp;true&rdquo;&#x202F;&mdash; co&shy;op &amp; &lt;b&gt; \u{410}s</p>",
        );
        assert_eq!(
            t,
            "\u{201C}It\u{2019}s\u{a0}true\u{201D}\u{202F}\u{2014} co\u{ad}op & <b> \u{410}s\n"
        );
    }

    #[test]
    fn scripts_styles_and_comments_are_not_text() {
        assert_eq!(
            text_of("<p>a<script>x()</script><!-- c --><style>p{}</style> b</p>"),
            "a b\n"
        );
    }

    #[test]
    fn pre_keeps_its_whitespace_and_two_brs_make_a_blank_line() {
        assert_eq!(text_of("<pre>a  b\n c</pre>"), "a  b\n c\n");
        assert_eq!(text_of("<p>a<br><br>b</p>"), "a\n\nb\n");
    }
}
