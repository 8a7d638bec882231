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

/// How deep elements may nest in a page that is imported: far beyond any
/// article (a few dozen), and shallow enough that the parser's recursion
/// and readability's walks stay bounded (100,000 nested `<b>` overflowed the
/// stack; 20,000 nested `<div>` took a minute).
pub(crate) const MAX_DEPTH: usize = 1000;

/// Elements that never have an end tag.
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr",
];

/// The deepest nesting of elements in `html`, read from its tags alone
/// (comments, declarations and the raw text of scripts and styles skipped),
/// and the byte where it first exceeds `limit`, if it does.
pub(crate) fn too_deep(html: &str, limit: usize) -> Option<usize> {
    let b = html.as_bytes();
    let mut depth = 0usize;
    let mut i = 0;
    while let Some(lt) = memchr::memchr(b'<', &b[i..]) {
        let at = i + lt;
        let rest = &html[at..];
        if rest.starts_with("<!--") {
            i = rest.find("-->").map_or(b.len(), |e| at + e + 3);
            continue;
        }
        // `<` and `>` are ASCII: both ends of the tag are character boundaries.
        let close = memchr::memchr(b'>', &b[at..]).map(|e| at + e);
        let end = close.map_or(b.len(), |c| c + 1);
        let tag = &html[at + 1..close.unwrap_or(b.len())];
        if let Some(name) = tag.strip_prefix('/') {
            let _ = name;
            depth = depth.saturating_sub(1);
        } else if tag.starts_with(|c: char| c.is_ascii_alphabetic()) {
            let name: String = tag
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
                .map(|c| c.to_ascii_lowercase())
                .collect();
            if !VOID.contains(&name.as_str()) && !tag.ends_with('/') {
                depth += 1;
                if depth > limit {
                    return Some(at);
                }
            }
            // Raw text: nothing inside is a tag.
            if matches!(name.as_str(), "script" | "style" | "textarea" | "title") {
                let close = format!("</{name}");
                let from = end.min(b.len());
                i = html[from..]
                    .to_ascii_lowercase()
                    .find(&close)
                    .map_or(b.len(), |e| from + e);
                continue;
            }
        }
        i = end;
    }
    None
}

/// The text of a saved page's bytes, decoded as the page says: its
/// byte-order mark, else the charset its `<meta>` declares (within the
/// first 1,024 bytes, as browsers look), else UTF-8.
pub(crate) fn decode(bytes: &[u8], shown: &str) -> Result<String, String> {
    if let Some((enc, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, bad) = enc.decode_without_bom_handling(&bytes[bom..]);
        if bad {
            return Err(format!(
                "{shown}: not valid {} after its byte-order mark",
                enc.name()
            ));
        }
        return Ok(text.into_owned());
    }
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(1024)]).to_ascii_lowercase();
    let declared = head.find("charset").and_then(|i| {
        let rest = head[i + 7..].trim_start().strip_prefix('=')?.trim_start();
        let rest = rest.trim_start_matches(['"', '\'']);
        let label: String = rest
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ':' | '.'))
            .collect();
        encoding_rs::Encoding::for_label(label.as_bytes())
    });
    // A page read as bytes cannot declare UTF-16 in ASCII: as browsers do,
    // such a declaration means UTF-8.
    let enc = match declared {
        Some(e) if e == encoding_rs::UTF_16LE || e == encoding_rs::UTF_16BE => encoding_rs::UTF_8,
        Some(e) => e,
        None => encoding_rs::UTF_8,
    };
    let (text, bad) = enc.decode_without_bom_handling(bytes);
    if !bad {
        return Ok(text.into_owned());
    }
    let nul = bytes.iter().take(4096).filter(|&&b| b == 0).count();
    if nul * 4 >= bytes.len().min(4096) {
        return Err(format!(
            "{shown} looks like UTF-16 without a byte-order mark: save it again as UTF-8 (or with a byte-order mark)"
        ));
    }
    let at = std::str::from_utf8(bytes)
        .err()
        .map_or(0, |e| e.valid_up_to());
    Err(match declared {
        Some(e) => format!(
            "{shown} declares {} but is not valid {} (at byte {at})",
            e.name(),
            e.name()
        ),
        None => format!(
            "{shown} is not valid UTF-8 (invalid byte at byte offset {at}) and declares no charset: add `<meta charset=\"…\">` naming its encoding, or convert it with iconv"
        ),
    })
}

/// Extracts the article of `html`. `url` is where the page was published,
/// for readability's link handling. Fails when no article can be found.
pub(crate) fn extract(html: &str, url: Option<&str>) -> Result<Page, String> {
    let page = Document::from(html);
    if !readable(&page) {
        return Err(NO_ARTICLE.into());
    }
    let mut reader = dom_smoothie::Readability::new(html, url, None)
        .map_err(|e| format!("cannot read the page: {e}"))?;
    let article = reader
        .parse()
        .map_err(|e| format!("no article found in the page: {e}"))?;
    let body = serialize(&Document::from(article.content.as_ref()).root());
    let title = headline(&page, article.title.as_str());
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

const NO_ARTICLE: &str = "no article found in the page (no run of paragraphs long enough to read: a menu, a cookie or log-in wall, an error page); save the page once the article shows, or put its text in corpus/ by hand";

/// Whether the page has an article to read: as Firefox decides whether to
/// offer Reader View (readability's `isProbablyReaderable`: paragraphs of
/// more than 140 characters, enough of them); or a short article the page
/// marks as one (140 characters of paragraphs inside `<article>`, `<main>`
/// or schema.org's `articleBody`); or three paragraphs that end as sentences
/// end and fill 300 columns (Chinese and Japanese say in one character, two
/// columns wide, what takes two or three in other scripts, so their articles
/// have paragraphs too short in characters for readability's test).
fn readable(page: &Document) -> bool {
    if dom_smoothie::is_probably_readable(page, None, None) {
        return true;
    }
    let marked: usize = page
        .select(r#"article p, main p, [itemprop="articleBody"] p"#)
        .iter()
        .map(|p| p.text().trim().chars().count())
        .sum();
    if marked >= 140 {
        return true;
    }
    let sentences: Vec<usize> = page
        .select("p")
        .iter()
        .map(|p| p.text().trim().to_string())
        .filter(|t| {
            t.trim_end_matches(['"', '\'', '”', '’', '»', '」', '』', ')', '）'])
                .ends_with(['.', '!', '?', '。', '！', '？', '…'])
        })
        .map(|t| unicode_width::UnicodeWidthStr::width(t.as_str()))
        .collect();
    sentences.len() >= 3 && sentences.iter().sum::<usize>() >= 300
}

/// The article's headline: the page's `<h1>` (or `og:title`) that the title
/// readability found contains, as published, rather than that title, which
/// often carries the site's name (`… | Site`, `…_科技_腾讯网`).
fn headline(page: &Document, found: &str) -> Option<String> {
    let found = clean(Some(found));
    let titles: Vec<String> = [
        found.clone(),
        clean(page.select("title").text().as_ref().into()),
    ]
    .into_iter()
    .flatten()
    .collect();
    let h1s = page.select("h1");
    let candidates = h1s.iter().map(|h| h.text().to_string()).chain(
        page.select(r#"meta[property="og:title"]"#)
            .attr("content")
            .map(|s| s.to_string()),
    );
    for c in candidates {
        let Some(c) = clean(Some(&c)) else { continue };
        let folded = fold_spaces(&c);
        if titles.iter().any(|t| fold_spaces(t).contains(&folded)) {
            return Some(c);
        }
    }
    found
}

/// Every run of whitespace as one space: to compare a title readability
/// rewrote with the page's own.
fn fold_spaces(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The page's own address: `<link rel="canonical">`, else `og:url`.
fn canonical(html: &str) -> Option<String> {
    let doc = Document::from(html);
    let link = doc.select(r#"link[rel="canonical"]"#).attr("href");
    let og = || doc.select(r#"meta[property="og:url"]"#).attr("content");
    clean(link.or_else(og).as_deref())
}

/// A value with the whitespace a browser collapses (ASCII spaces, tabs, line
/// breaks) collapsed; every other character, U+3000 and no-break spaces
/// among them, kept as published.
fn clean(s: Option<&str>) -> Option<String> {
    let s = s?
        .split(|c: char| c.is_ascii_whitespace())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
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

#[cfg(test)]
mod depth_tests {
    use super::*;

    #[test]
    fn nesting_is_measured_on_any_text_without_panicking() {
        // A tag left open at the end of a page, after a multi-byte character
        // (found by fuzz/blackbox.py).
        assert_eq!(too_deep("<`Ț", 5), None);
        assert_eq!(too_deep("<p>é<b", 1), Some(5));
        let deep = format!("{}x", "<b>".repeat(1001));
        assert_eq!(too_deep(&deep, MAX_DEPTH), Some(3000));
        // Void elements do not nest; a script's `<b` is no tag.
        assert_eq!(
            too_deep("<div><br><img src=x><script>a<b</script></div>", 2),
            None
        );
    }
}
