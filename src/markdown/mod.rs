//! Markdown to HTML with pulldown-cmark, as small passes over the event list:
//! heading ids and table of contents, internal links, raw HTML checks,
//! bidi isolation, then HTML output (sanitized when raw HTML was present).
//!
//! Every pass is linear in the events plus its output (lines are found in a
//! [`LineIndex`] built once per page); what cannot be is refused with an
//! error: reference links that repeat more target text than the page is
//! long, and raw HTML nested deeper than the sanitizer handles quickly.

pub mod bidi;
pub mod compact;
pub mod entities;
mod headings;
pub mod links;
mod media;

use std::ops::Range;
use std::path::Path;

use pulldown_cmark::{CowStr, Event, Options, Parser, Tag, TagEnd};
use serde::Serialize;

use crate::content::Page;
use crate::diagnostic::{Diagnostic, LineIndex};
use crate::lang::Direction;
use crate::work;
pub use links::{InternalLink, LinkResolver};

/// One entry of a page's table of contents.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TocEntry {
    /// 2 for `##`, 3 for `###`.
    pub level: u8,
    /// The heading's id.
    pub id: String,
    /// The heading as inline HTML (bidi-isolated, without links).
    pub html: String,
}

/// The result of rendering one page's Markdown.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    /// The body as HTML.
    pub html: String,
    /// `##` and `###` headings in order.
    pub toc: Vec<TocEntry>,
    /// Every heading id of the page.
    pub ids: Vec<String>,
    /// The level (1 to 6) of every heading, in the same order as `ids`.
    pub levels: Vec<u8>,
    /// Links to other pages, for checking their `#anchors` afterwards.
    pub links: Vec<InternalLink>,
    /// Problems found in this page.
    pub problems: Vec<Diagnostic>,
}

type Events<'a> = Vec<(Event<'a>, Range<usize>)>;

/// The pulldown-cmark extensions lotse enables (no smart quotes).
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// The headings of the original a translation follows.
#[derive(Debug, Clone, Copy)]
pub struct Original<'a> {
    /// The original's file, for messages.
    pub source: &'a Path,
    /// Its heading levels.
    pub levels: &'a [u8],
    /// Its heading ids.
    pub ids: &'a [String],
}

/// Everything besides the page that rendering needs.
pub struct RenderContext<'a> {
    /// The page's reading direction.
    pub dir: Direction,
    /// Resolves links to other pages.
    pub resolver: &'a LinkResolver<'a>,
    /// For translations: the original, whose section ids are kept.
    pub original: Option<Original<'a>>,
    /// Accessible label of the link next to each heading ("Link to this section").
    pub section_link_label: &'a str,
    /// Ids the theme's templates use (`main`, `toc-title`): no heading takes them.
    pub reserved_ids: &'a std::collections::BTreeSet<String>,
}

/// No reserved ids, for rendering outside a theme.
static NO_IDS: std::collections::BTreeSet<String> = std::collections::BTreeSet::new();

/// Renders a page's Markdown body in its reading direction.
pub fn render(page: &Page, dir: Direction, resolver: &LinkResolver<'_>) -> Rendered {
    render_with(
        page,
        &RenderContext {
            dir,
            resolver,
            original: None,
            section_link_label: "",
            reserved_ids: &NO_IDS,
        },
    )
}

/// Renders a page's Markdown body with the full context.
pub fn render_with(page: &Page, ctx: &RenderContext<'_>) -> Rendered {
    render_body(page, &page.body, ctx)
}

/// Renders `body` as the Markdown body of `page` (for a body kept apart from its page).
pub fn render_body(page: &Page, body: &str, ctx: &RenderContext<'_>) -> Rendered {
    let lines = LineIndex::new(body);
    let line = |offset: usize| page.body_line + lines.line(offset) - 1;
    let mut out = Rendered::default();
    let mut events: Events<'_> = Parser::new_ext(body, options())
        .into_offset_iter()
        .collect();
    work::add(events.len() as u64);
    if let Some(problem) = overlong_references(&events, body.len(), page, &line) {
        out.problems.push(problem);
        return out;
    }

    headings::assign_ids(
        &mut events,
        page,
        ctx.original,
        ctx.reserved_ids,
        &line,
        &mut out,
    );
    let has_raw_html = check_raw_html(&events, page, &line, &mut out.problems);
    neutralize_script_urls(&mut events);
    let hosts = media::Hosts::new(ctx.resolver.config);
    if !has_raw_html {
        media::check_images(&events, &hosts, page, &line, &mut out.problems);
    }
    ctx.resolver.rewrite(&mut events, page, &line, &mut out);
    autolink(&mut events);
    isolate(&mut events, ctx.dir);
    wrap_tables(&mut events);
    task_markers(&mut events);
    out.toc = headings::toc(&events, &out.ids);
    if has_raw_html {
        for entry in &mut out.toc {
            entry.html = sanitize(&entry.html);
        }
    }
    if !ctx.section_link_label.is_empty() {
        headings::add_section_links(&mut events, ctx.section_link_label);
    }

    let mut html = String::with_capacity(body.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events.into_iter().map(|(e, _)| e));
    if has_raw_html && nesting_depth(&html) > MAX_HTML_DEPTH {
        // The sanitizer's HTML parser slows down with the square of the depth.
        out.problems.push(Diagnostic::error(
            &page.source,
            None,
            format!("the HTML and Markdown of this page are nested more than {MAX_HTML_DEPTH} elements deep: write them flatter"),
        ));
        out.toc.clear();
        return out;
    }
    out.html = if has_raw_html {
        media::check_html(&html, body, &hosts, page, &line, &mut out.problems);
        sanitize(&html)
    } else {
        html
    };
    out
}

/// The deepest nesting of elements sanitized pages may have.
const MAX_HTML_DEPTH: usize = 256;

/// The deepest nesting of elements in an HTML text, counting start tags
/// (other than void and self-closing ones) against end tags.
fn nesting_depth(html: &str) -> usize {
    const VOID: &[&str] = &[
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr",
    ];
    work::add(html.len() as u64);
    let bytes = html.as_bytes();
    let (mut depth, mut deepest) = (0usize, 0usize);
    for (i, _) in html.match_indices('<') {
        let rest = &bytes[i + 1..];
        let closing = rest.first() == Some(&b'/');
        let name: &[u8] = &rest[usize::from(closing)..];
        let len = name
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric())
            .count();
        if len == 0 || !name[0].is_ascii_alphabetic() {
            continue;
        }
        let tag = std::str::from_utf8(&name[..len])
            .unwrap_or_default()
            .to_ascii_lowercase();
        if closing {
            depth = depth.saturating_sub(1);
        } else if !VOID.contains(&tag.as_str()) {
            let end = name[len..].iter().position(|&b| b == b'>');
            if !end.is_some_and(|e| e > 0 && name[len + e - 1] == b'/') {
                depth += 1;
                deepest = deepest.max(depth);
            }
        }
    }
    deepest
}

/// Reports raw HTML that could run code; returns whether any raw HTML exists.
fn check_raw_html(
    events: &Events<'_>,
    page: &Page,
    line: &dyn Fn(usize) -> usize,
    problems: &mut Vec<Diagnostic>,
) -> bool {
    let mut any = false;
    for (event, range) in events {
        let html = match event {
            Event::Html(h) | Event::InlineHtml(h) => h,
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => {
                if is_script_url(dest_url) {
                    // Sanitized as well, although the build fails anyway.
                    any = true;
                    problems.push(Diagnostic::error(
                        &page.source,
                        Some(line(range.start)),
                        format!("link to \"{dest_url}\": script URLs are not allowed in content"),
                    ));
                }
                continue;
            }
            _ => continue,
        };
        any = true;
        if let Some(what) = dangerous_html(&decode_entities(html)) {
            problems.push(Diagnostic::error(
                &page.source,
                Some(line(range.start)),
                format!("raw HTML with {what} is not allowed in content (it would run in readers' browsers): remove it"),
            ));
        }
    }
    any
}

/// The text with character references decoded and the tabs and line breaks
/// that browsers drop from URLs dropped, so that no reference or break
/// hides a word from a check (`jav&#x61;script:`, `javascript&colon;`).
fn decode_entities(html: &str) -> String {
    entities::decode(html)
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect()
}

/// Empties the target of script links (already reported as errors), so
/// that no rendering ever carries one.
fn neutralize_script_urls(events: &mut Events<'_>) {
    for (event, _) in events.iter_mut() {
        if let Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) = event {
            if is_script_url(dest_url) {
                *dest_url = CowStr::Borrowed("");
            }
        }
    }
}

/// True for `javascript:` and similar URLs.
fn is_script_url(url: &str) -> bool {
    let compact: String = url
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect::<String>()
        .to_ascii_lowercase();
    compact.starts_with("javascript:")
        || compact.starts_with("vbscript:")
        || compact.starts_with("data:text/html")
}

/// Names the dangerous part of a raw HTML fragment, if any.
fn dangerous_html(html: &str) -> Option<String> {
    let lower = html.to_ascii_lowercase();
    for tag in [
        "script", "iframe", "object", "embed", "style", "form", "base", "meta", "link",
    ] {
        if lower.contains(&format!("<{tag}")) {
            return Some(format!("<{tag}>"));
        }
    }
    let bytes = lower.as_bytes();
    for (i, w) in lower.match_indices("on") {
        let before_ok = i > 0
            && (bytes[i - 1].is_ascii_whitespace()
                || bytes[i - 1] == b'/'
                || bytes[i - 1] == b'"'
                || bytes[i - 1] == b'\'');
        let rest = &lower[i + w.len()..];
        let name_len = rest.bytes().take_while(u8::is_ascii_alphabetic).count();
        if before_ok && name_len > 0 && rest[name_len..].trim_start().starts_with('=') {
            return Some(format!("an event handler (on{}=)", &rest[..name_len]));
        }
    }
    if lower.contains("javascript:") || lower.contains("vbscript:") {
        return Some("a script URL (javascript:)".into());
    }
    None
}

/// Wraps runs of the other reading direction in `<bdi>` (not in code or image text).
fn isolate(events: &mut Events<'_>, dir: Direction) {
    let mut in_code = 0usize;
    let mut in_image = 0usize;
    for (event, _) in events.iter_mut() {
        match event {
            Event::Start(Tag::CodeBlock(_)) => in_code += 1,
            Event::End(TagEnd::CodeBlock) => in_code = in_code.saturating_sub(1),
            Event::Start(Tag::Image { .. }) => in_image += 1,
            Event::End(TagEnd::Image) => in_image = in_image.saturating_sub(1),
            Event::Text(text) if in_code == 0 && in_image == 0 => {
                if let Some(html) = bidi::isolate_html(text, dir) {
                    *event = Event::InlineHtml(CowStr::from(html));
                }
            }
            _ => {}
        }
    }
}

/// Turns bare `https://...` and `www....` addresses in text into links.
fn autolink(events: &mut Events<'_>) {
    merge_texts(events);
    let mut depth = 0usize;
    let mut out: Events<'_> = Vec::with_capacity(events.len());
    for (event, range) in events.drain(..) {
        match &event {
            Event::Start(Tag::Link { .. } | Tag::Image { .. } | Tag::CodeBlock(_)) => depth += 1,
            Event::End(TagEnd::Link | TagEnd::Image | TagEnd::CodeBlock) => {
                depth = depth.saturating_sub(1)
            }
            Event::Text(text) if depth == 0 => {
                let urls = find_urls(text);
                if !urls.is_empty() {
                    let mut pos = 0;
                    for (start, end) in urls {
                        if start > pos {
                            out.push((
                                Event::Text(CowStr::from(text[pos..start].to_string())),
                                range.clone(),
                            ));
                        }
                        let shown = &text[start..end];
                        let dest = if shown.starts_with("www.") {
                            format!("https://{shown}")
                        } else {
                            shown.to_string()
                        };
                        out.push((
                            Event::Start(Tag::Link {
                                link_type: pulldown_cmark::LinkType::Autolink,
                                dest_url: CowStr::from(dest),
                                title: CowStr::Borrowed(""),
                                id: CowStr::Borrowed(""),
                            }),
                            range.clone(),
                        ));
                        out.push((Event::Text(CowStr::from(shown.to_string())), range.clone()));
                        out.push((Event::End(TagEnd::Link), range.clone()));
                        pos = end;
                    }
                    if pos < text.len() {
                        out.push((
                            Event::Text(CowStr::from(text[pos..].to_string())),
                            range.clone(),
                        ));
                    }
                    continue;
                }
            }
            _ => {}
        }
        out.push((event, range));
    }
    *events = out;
}

/// Joins neighbouring text events (pulldown-cmark splits text at `_`, `*`, ...),
/// each run copied once.
fn merge_texts(events: &mut Events<'_>) {
    fn finish(out: &mut Events<'_>, joined: &mut Option<String>) {
        if let (Some(text), Some((Event::Text(prev), _))) = (joined.take(), out.last_mut()) {
            *prev = CowStr::from(text);
        }
    }
    let mut out: Events<'_> = Vec::with_capacity(events.len());
    let mut joined: Option<String> = None;
    for (event, range) in events.drain(..) {
        if let (Event::Text(next), Some((Event::Text(prev), prev_range))) = (&event, out.last_mut())
        {
            let text = joined.get_or_insert_with(|| {
                work::add(prev.len() as u64);
                prev.to_string()
            });
            work::add(next.len() as u64);
            text.push_str(next);
            prev_range.end = range.end;
            continue;
        }
        finish(&mut out, &mut joined);
        out.push((event, range));
    }
    finish(&mut out, &mut joined);
    *events = out;
}

/// Byte ranges of bare web addresses in a text, without trailing punctuation.
fn find_urls(text: &str) -> Vec<(usize, usize)> {
    const PREFIXES: [&str; 3] = ["https://", "http://", "www."];
    let mut found = Vec::new();
    // The next occurrence of each prefix at or after `from`, searched again
    // only once `from` has passed it, so that the text is scanned once.
    let mut next = PREFIXES.map(|prefix| text.find(prefix));
    work::add(text.len() as u64);
    let mut from = 0;
    while from < text.len() {
        for (slot, prefix) in next.iter_mut().zip(PREFIXES) {
            if slot.is_some_and(|at| at < from) {
                *slot = text[from..].find(prefix).map(|at| from + at);
                work::add(slot.map_or(text.len(), |at| at + prefix.len()) as u64 - from as u64);
            }
        }
        let Some(start) = next.iter().flatten().copied().min() else {
            break;
        };
        let boundary = text[..start]
            .chars()
            .next_back()
            .is_none_or(|c| !c.is_alphanumeric() && c != '/' && c != '@' && c != '.');
        let mut end = start
            + text[start..]
                .find(|c: char| {
                    c.is_whitespace() || matches!(c, '<' | '>' | '"' | '«' | '»' | '“' | '”' | '„')
                })
                .unwrap_or(text.len() - start);
        work::add((end - start) as u64);
        let mut open = text[start..end].matches('(').count();
        let mut close = text[start..end].matches(')').count();
        while end > start {
            let last = text[..end].chars().next_back().unwrap_or(' ');
            let unbalanced = last == ')' && open < close;
            if matches!(
                last,
                '.' | ',' | ';' | ':' | '!' | '?' | '\'' | '،' | '؛' | '؟'
            ) || unbalanced
            {
                end -= last.len_utf8();
                match last {
                    '(' => open -= 1,
                    ')' => close -= 1,
                    _ => {}
                }
            } else {
                break;
            }
        }
        let scheme_only = matches!(&text[start..end], "https://" | "http://" | "www.");
        if boundary && !scheme_only && text[start..end].contains('.') {
            found.push((start, end));
        }
        from = end.max(start + 1);
        while !text.is_char_boundary(from) {
            from += 1;
        }
    }
    found
}

/// Shows task-list markers as ☑ and ☐: read out by screen readers in the
/// reader's own language, unlike an unlabeled disabled checkbox.
fn task_markers(events: &mut Events<'_>) {
    for (event, _) in events.iter_mut() {
        if let Event::TaskListMarker(done) = event {
            let symbol = if *done { "☑" } else { "☐" };
            *event = Event::InlineHtml(CowStr::from(format!(
                "<span class=\"task\">{symbol}</span> "
            )));
        }
    }
}

/// Puts tables in a scrollable box so that wide tables never widen the page.
fn wrap_tables(events: &mut Events<'_>) {
    if !events
        .iter()
        .any(|(e, _)| matches!(e, Event::Start(Tag::Table(_))))
    {
        return;
    }
    let mut out: Events<'_> = Vec::with_capacity(events.len() + 8);
    for (event, range) in events.drain(..) {
        match event {
            Event::Start(Tag::Table(_)) => {
                out.push((
                    Event::Html(CowStr::Borrowed("<div class=\"table\" tabindex=\"0\">")),
                    range.clone(),
                ));
                out.push((event, range));
            }
            Event::End(TagEnd::Table) => {
                out.push((event, range.clone()));
                out.push((Event::Html(CowStr::Borrowed("</div>")), range));
            }
            _ => out.push((event, range)),
        }
    }
    work::add(out.len() as u64);
    *events = out;
}

/// The fewest bytes of link targets that reference links may repeat in one
/// page; a longer page may repeat as many bytes as it has. This is the limit
/// of pulldown-cmark, which quietly leaves further references unresolved
/// (its output would otherwise grow with uses times target length).
const REFERENCE_BUDGET: usize = 100_000;

/// Refuses a page whose reference links (`[text][name]`) repeat so much
/// target text that pulldown-cmark stopped resolving them.
fn overlong_references(
    events: &Events<'_>,
    body_len: usize,
    page: &Page,
    line: &dyn Fn(usize) -> usize,
) -> Option<Diagnostic> {
    use pulldown_cmark::LinkType;
    let budget = REFERENCE_BUDGET.max(body_len);
    let mut expanded = 0usize;
    for (event, range) in events {
        if let Event::Start(
            Tag::Link {
                link_type,
                dest_url,
                title,
                ..
            }
            | Tag::Image {
                link_type,
                dest_url,
                title,
                ..
            },
        ) = event
        {
            if matches!(
                link_type,
                LinkType::Reference
                    | LinkType::ReferenceUnknown
                    | LinkType::Collapsed
                    | LinkType::CollapsedUnknown
                    | LinkType::Shortcut
                    | LinkType::ShortcutUnknown
            ) {
                expanded += dest_url.len() + title.len();
                if expanded >= budget {
                    return Some(Diagnostic::error(
                        &page.source,
                        Some(line(range.start)),
                        format!(
                            "the reference links of this page repeat more link addresses and titles ({} KB) than the page is long: use fewer references to long addresses",
                            budget >> 10
                        ),
                    ));
                }
            }
        }
    }
    None
}

/// Removes anything that could run code from HTML built with raw HTML parts.
pub fn sanitize(html: &str) -> String {
    let mut builder = ammonia::Builder::default();
    builder
        .add_tags(["bdi"])
        .add_generic_attributes(["id", "dir", "lang", "class", "title"])
        .add_tag_attributes("div", ["tabindex"])
        .add_tag_attributes("a", ["hreflang", "aria-label"])
        .link_rel(None);
    builder.clean(html).to_string()
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod entity_tests {
    use super::*;

    #[test]
    fn hidden_script_words_are_found() {
        assert_eq!(decode_entities("jav&#x61;script&colon;x"), "javascript:x");
        assert_eq!(decode_entities("java&#115;cript:"), "javascript:");
        assert_eq!(decode_entities("a &amp;colon; b"), "a &colon; b");
        assert_eq!(decode_entities("java\tscript:"), "javascript:");
        assert!(
            dangerous_html(&decode_entities("<a href=\"jav&#x61;script:alert(1)\">")).is_some()
        );
    }

    #[test]
    fn nesting_depth_counts_open_elements() {
        assert_eq!(nesting_depth("<p>a <b>b</b> <br> <img src=x/></p>"), 2);
        assert_eq!(nesting_depth(&"<div>".repeat(300)), 300);
        assert_eq!(nesting_depth("a < b </p> <div/> <x-y>"), 1);
    }
}
