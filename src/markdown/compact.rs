//! A rendered page body without the white space, end tags and quotes that
//! HTML does not need: what a minifier would take out of it, done in one
//! pass over the body as `markdown::render` writes it.
//!
//! The body is well-formed HTML (pulldown-cmark's output, or ammonia's when
//! it held raw HTML). Only these changes are made, each allowed by the HTML
//! standard wherever it is made:
//!
//! - a line break right after the start or end tag of a block element is
//!   dropped (outside `pre`, `textarea`, `script` and `style`);
//! - end tags that the standard lets a page leave out are left out where it
//!   does (`</p>` before a block or at the end of its parent, `</li>`,
//!   `</td>`, `</th>`, `</tr>`, `</thead>`, `</tbody>`, `</dt>`, `</dd>`);
//! - `<br />` becomes `<br>`; values without spaces, quotes, `=`, `<`,
//!   `>`, backticks and `&` lose their quotes (and come after the quoted
//!   ones, each group by name);
//! - in text, `&quot;` becomes `"` and each run of white space one space.

/// Elements whose start and end tags may be followed by a line break that
/// changes nothing: white space next to a block is not shown.
fn is_block(name: &str) -> bool {
    (closes_p(name) && name != "pre")
        || matches!(
            name,
            "dd" | "dt" | "li" | "summary" | "tbody" | "td" | "tfoot" | "th" | "thead" | "tr"
        )
}

/// Elements whose start makes a preceding `</p>` optional: the blocks of
/// flow content.
pub(crate) fn closes_p(name: &str) -> bool {
    matches!(
        name,
        "address"
            | "article"
            | "aside"
            | "blockquote"
            | "details"
            | "dialog"
            | "div"
            | "dl"
            | "fieldset"
            | "figcaption"
            | "figure"
            | "footer"
            | "form"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "header"
            | "hgroup"
            | "hr"
            | "main"
            | "menu"
            | "nav"
            | "ol"
            | "p"
            | "pre"
            | "search"
            | "section"
            | "table"
            | "ul"
    )
}

/// Elements without end tags.
fn is_void(name: &str) -> bool {
    matches!(
        name,
        "area"
            | "base"
            | "br"
            | "col"
            | "embed"
            | "hr"
            | "img"
            | "input"
            | "link"
            | "meta"
            | "source"
            | "track"
            | "wbr"
    )
}

/// A tag at the start of some HTML: whether it is an end tag, and its name.
fn tag_at(html: &str) -> Option<(bool, &str)> {
    let rest = html.strip_prefix('<')?;
    let (end, rest) = match rest.strip_prefix('/') {
        Some(rest) => (true, rest),
        None => (false, rest),
    };
    let len = rest
        .find(|c: char| !c.is_ascii_alphanumeric() && c != '-')
        .unwrap_or(rest.len());
    (len > 0).then(|| (end, &rest[..len]))
}

/// Whether the end tag of `name` may be left out when `next` follows it
/// (`next` is empty at the end of the body, which is the end of its parent).
fn end_tag_optional(name: &str, next: &str) -> bool {
    let following = tag_at(next);
    let parent_ends = next.is_empty()
        || following.is_some_and(|(end, n)| {
            end && !matches!(
                n,
                "a" | "audio" | "del" | "ins" | "map" | "noscript" | "video"
            )
        });
    let followed_by = |names: &[&str]| following.is_some_and(|(end, n)| !end && names.contains(&n));
    match name {
        "p" => parent_ends || following.is_some_and(|(end, n)| !end && closes_p(n)),
        "li" => {
            followed_by(&["li"])
                || following.is_some_and(|(end, n)| end && matches!(n, "ul" | "ol" | "menu"))
        }
        "dt" => followed_by(&["dt", "dd"]),
        "dd" => followed_by(&["dt", "dd"]) || following.is_some_and(|(end, n)| end && n == "dl"),
        "td" | "th" => {
            followed_by(&["td", "th"]) || following.is_some_and(|(end, n)| end && n == "tr")
        }
        "tr" => {
            followed_by(&["tr"])
                || following.is_some_and(|(end, n)| {
                    end && matches!(n, "tbody" | "thead" | "tfoot" | "table")
                })
        }
        "thead" => followed_by(&["tbody", "tfoot"]),
        "tbody" => {
            followed_by(&["tbody", "tfoot"])
                || following.is_some_and(|(end, n)| end && n == "table")
        }
        _ => false,
    }
}

/// Characters that need quotes around an attribute value.
fn needs_quotes(value: &str) -> bool {
    value.is_empty()
        || value.contains(|c: char| {
            matches!(
                c,
                ' ' | '\t' | '\n' | '\r' | '\x0C' | '"' | '\'' | '=' | '<' | '>' | '`' | '&'
            )
        })
}

/// An attribute of a start tag: name, and quote and value.
type Attribute<'a> = (&'a str, Option<(char, &'a str)>);

/// Appends a start tag with values unquoted where they can be, the quoted
/// ones first, and no `/` before `>`; returns false, appending nothing,
/// when the tag is not in the simple form the body uses. `attributes` is
/// room to work in.
fn push_start_tag<'a>(
    out: &mut String,
    tag: &'a str,
    name: &str,
    attributes: &mut Vec<Attribute<'a>>,
) -> bool {
    let Some(inner) = tag.strip_prefix('<').and_then(|t| t.strip_suffix('>')) else {
        return false;
    };
    let self_closing = inner.ends_with('/');
    if self_closing && !is_void(name) {
        return false;
    }
    let inner = inner.strip_suffix('/').unwrap_or(inner).trim_end();
    attributes.clear();
    let mut rest = inner[name.len()..].trim_start();
    while !rest.is_empty() {
        let name_len = rest
            .find(|c: char| c.is_whitespace() || c == '=' || c == '"' || c == '\'')
            .unwrap_or(rest.len());
        if name_len == 0 {
            return false;
        }
        let attribute = &rest[..name_len];
        rest = &rest[name_len..];
        match rest.strip_prefix('=') {
            Some(value) => {
                let Some(quote) = value.chars().next().filter(|q| *q == '"' || *q == '\'') else {
                    return false;
                };
                let value = &value[1..];
                let Some(end) = value.find(quote) else {
                    return false;
                };
                attributes.push((attribute, Some((quote, &value[..end]))));
                rest = value[end + 1..].trim_start();
            }
            None => {
                attributes.push((attribute, None));
                rest = rest.trim_start();
            }
        }
    }
    // Quoted values first (a quote then ends the value without a space),
    // each group by name, which compresses better.
    attributes
        .sort_by_key(|(name, value)| (value.is_none_or(|(_, text)| !needs_quotes(text)), *name));
    out.push('<');
    out.push_str(name);
    for (attribute, value) in attributes.iter() {
        out.push(' ');
        out.push_str(attribute);
        if let Some((quote, text)) = value {
            out.push('=');
            if needs_quotes(text) {
                out.push(*quote);
                out.push_str(text);
                out.push(*quote);
            } else {
                out.push_str(text);
            }
        }
    }
    out.push('>');
    true
}

/// Appends text with `&quot;` as `"` and white space collapsed.
fn push_text(out: &mut String, text: &str) {
    let mut rest = text;
    while let Some(at) = rest.find([' ', '\t', '\n', '\r', '\x0C', '&']) {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        if let Some(after) = rest.strip_prefix("&quot;") {
            out.push('"');
            rest = after;
        } else if rest.starts_with('&') {
            out.push('&');
            rest = &rest[1..];
        } else {
            out.push(' ');
            rest = rest.trim_start_matches([' ', '\t', '\n', '\r', '\x0C']);
        }
    }
    out.push_str(rest);
}

/// The body without what HTML does not need (see the module docs).
pub fn compact(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    // Inside these elements everything is kept as it is.
    let mut verbatim: Option<&str> = None;
    let mut attributes = Vec::new();
    while !rest.is_empty() {
        let lt = rest.find('<').unwrap_or(rest.len());
        let text = &rest[..lt];
        if verbatim.is_some() {
            out.push_str(text);
        } else {
            push_text(&mut out, text);
        }
        rest = &rest[lt..];
        if rest.is_empty() {
            break;
        }
        if rest.starts_with("<!--") {
            let end = rest.find("-->").map_or(rest.len(), |e| e + 3);
            out.push_str(&rest[..end]);
            rest = &rest[end..];
            continue;
        }
        let Some(gt) = rest.find('>') else {
            out.push_str(rest);
            break;
        };
        let tag = &rest[..=gt];
        rest = &rest[gt + 1..];
        let Some((end, name)) = tag_at(tag) else {
            out.push_str(tag);
            continue;
        };
        if let Some(open) = verbatim {
            out.push_str(tag);
            if end && name == open {
                verbatim = None;
                if name == "pre" {
                    rest = rest.strip_prefix('\n').unwrap_or(rest);
                }
            }
            continue;
        }
        if !end && matches!(name, "pre" | "textarea" | "script" | "style") {
            verbatim = Some(name);
        }
        if is_block(name) {
            rest = rest.strip_prefix('\n').unwrap_or(rest);
        }
        if end {
            if !end_tag_optional(name, rest) {
                out.push_str(tag);
            }
        } else {
            if !push_start_tag(&mut out, tag, name, &mut attributes) {
                out.push_str(tag);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_lose_line_breaks_and_optional_end_tags() {
        assert_eq!(
            compact("<h2 id=\"costs\">Kosten</h2>\n<p>Eins</p>\n<ul>\n<li>a</li>\n<li>b</li>\n</ul>\n<p>Zwei</p>\n"),
            "<h2 id=costs>Kosten</h2><p>Eins<ul><li>a<li>b</ul><p>Zwei"
        );
    }

    #[test]
    fn end_tags_stay_where_they_are_needed() {
        // Before inline content, and at the end of an `a`.
        assert_eq!(compact("<p>a</p>x"), "<p>a</p>x");
        assert_eq!(
            compact("<a href=\"#x\"><p>a</p></a>"),
            "<a href=#x><p>a</p></a>"
        );
        assert_eq!(compact("<li>a</li><p>b</p>"), "<li>a</li><p>b");
    }

    #[test]
    fn tables_keep_only_the_end_tags_they_need() {
        let html = "<table>\n<thead>\n<tr>\n<th>A</th>\n<th>B</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n<td>1</td>\n<td>2</td>\n</tr>\n</tbody>\n</table>\n";
        assert_eq!(
            compact(html),
            "<table><thead><tr><th>A<th>B<tbody><tr><td>1<td>2</table>"
        );
    }

    #[test]
    fn custom_elements_keep_their_names() {
        assert_eq!(
            compact("<lotse-note class=\"a\">x</lotse-note>"),
            "<lotse-note class=a>x</lotse-note>"
        );
    }

    #[test]
    fn preformatted_text_is_kept() {
        let html = "<pre><code class=\"language-sh\">a\n\n&quot;b&quot;\n</code></pre>\n<p>x</p>";
        assert_eq!(
            compact(html),
            "<pre><code class=\"language-sh\">a\n\n&quot;b&quot;\n</code></pre><p>x"
        );
    }

    #[test]
    fn attributes_keep_quotes_where_they_need_them() {
        assert_eq!(
            compact("<a href=\"https://x.org/?a=1&amp;b=2\" title=\"Zwei Wörter\">t</a><br /><img src=\"a.png\" alt=\"\" />"),
            "<a href=\"https://x.org/?a=1&amp;b=2\" title=\"Zwei Wörter\">t</a><br><img alt=\"\" src=a.png>"
        );
        assert_eq!(
            compact("<bdi dir=\"ltr\">116 117</bdi>"),
            "<bdi dir=ltr>116 117</bdi>"
        );
    }

    #[test]
    fn quotes_in_text_are_written_as_they_are() {
        assert_eq!(
            compact("<p>&quot;Jobcenter&quot; &amp; &lt;Amt&gt;</p>"),
            "<p>\"Jobcenter\" &amp; &lt;Amt&gt;"
        );
        assert_eq!(
            compact("<p title=\"&quot;x&quot;\">y</p>"),
            "<p title=\"&quot;x&quot;\">y"
        );
    }

    /// Element names and attributes of a fragment as a browser parses it,
    /// and its text nodes that are not only white space (which next to a
    /// block is not shown), with white space collapsed.
    fn parsed(html: &str) -> (Vec<String>, Vec<String>) {
        let fragment = scraper::Html::parse_fragment(&format!("<div>{html}</div>"));
        let mut elements = Vec::new();
        let mut text = Vec::new();
        for node in fragment.tree.root().descendants() {
            match node.value() {
                scraper::Node::Element(e) => {
                    let mut attrs: Vec<String> =
                        e.attrs().map(|(k, v)| format!("{k}={v}")).collect();
                    attrs.sort();
                    elements.push(format!("{} {}", e.name(), attrs.join(" ")));
                }
                scraper::Node::Text(t) if !t.trim().is_empty() => {
                    let mut collapsed = String::new();
                    for (i, part) in t.split(char::is_whitespace).enumerate() {
                        if i > 0 && !collapsed.ends_with(' ') {
                            collapsed.push(' ');
                        }
                        collapsed.push_str(part);
                    }
                    text.push(collapsed);
                }
                _ => {}
            }
        }
        (elements, text)
    }

    #[test]
    fn rendered_markdown_parses_the_same_as_before() {
        let markdown = "Intro with **bold** and *em*\nsoft break, \"quotes\" & <b>raw</b>.\n\n\
            ## Kosten {#costs}\n\n- eins\n- zwei [Link](https://x.org/?a=1&b=2 \"Titel\")\n  - tief\n\n\
            1. first\n\n   second paragraph\n2. next\n\n> quote\n>\n> more\n\n\
            | A | B |\n|:--|--:|\n| 1 | 2 |\n\n```sh\nline \"one\"\n\nline two\n```\n\n\
            ---\n\nLast line  \nafter break ![Bild](a.png)\n";
        let mut html = String::new();
        let parser = pulldown_cmark::Parser::new_ext(markdown, super::super::options());
        pulldown_cmark::html::push_html(&mut html, parser);
        assert_eq!(parsed(&compact(&html)), parsed(&html), "{}", compact(&html));
        assert!(compact(&html).len() < html.len() * 9 / 10);
    }
}
