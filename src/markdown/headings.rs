//! Heading ids, the table of contents, and "link to this section" anchors.
//!
//! A translation keeps the section ids of its original, so that a deep link
//! such as `#costs` lands on the same section in every language.

use std::collections::{HashMap, HashSet};

use pulldown_cmark::{CowStr, Event, HeadingLevel, Tag, TagEnd};

use super::{bidi, Events, Original, Rendered, TocEntry};
use crate::content::Page;
use crate::diagnostic::Diagnostic;
use crate::slug;
use crate::work;

fn level_number(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// Gives every heading a unique ASCII id: an explicit `{#id}` wins; in a
/// translation, the id of the original's heading at the same position when
/// the heading structure matches; else a transliterated slug. An id the
/// theme uses (`reserved`) is an error when explicit; a slug that equals one
/// gets a number (`main-2`).
pub(super) fn assign_ids(
    events: &mut Events<'_>,
    page: &Page,
    original: Option<Original<'_>>,
    reserved: &std::collections::BTreeSet<String>,
    line: &dyn Fn(usize) -> usize,
    out: &mut Rendered,
) {
    let mut explicit = HashSet::new();
    let mut levels = Vec::new();
    let mut lines = Vec::new();
    for (event, range) in events.iter() {
        if let Event::Start(Tag::Heading {
            level,
            id,
            classes,
            attrs,
        }) = event
        {
            levels.push(level_number(*level));
            lines.push(line(range.start));
            for (key, _) in attrs {
                let message = if key.to_ascii_lowercase().starts_with("on") {
                    format!("raw HTML with an event handler ({key}=) is not allowed in content (it would run in readers' browsers): remove it")
                } else {
                    format!("heading attribute \"{key}\" is not allowed: only an id such as {{#costs}} is")
                };
                out.problems.push(Diagnostic::error(
                    &page.source,
                    Some(line(range.start)),
                    message,
                ));
            }
            if !classes.is_empty() {
                out.problems.push(Diagnostic::error(
                    &page.source,
                    Some(line(range.start)),
                    "heading classes (.name) are not allowed: only an id such as {#costs} is",
                ));
            }
            let Some(id) = id else { continue };
            if !slug::is_valid_id(id) {
                out.problems.push(Diagnostic::error(
                    &page.source,
                    Some(line(range.start)),
                    format!(
                        "heading id \"{id}\" must be short lowercase ASCII (letters, digits, dashes), e.g. {{#{}}}",
                        slug::slugify(id)
                    ),
                ));
            } else if reserved.contains(id.as_ref()) {
                out.problems.push(Diagnostic::error(
                    &page.source,
                    Some(line(range.start)),
                    format!(
                        "heading id \"{id}\" is taken by the theme, which uses it for a part of every page: choose another, e.g. {{#{id}-section}}"
                    ),
                ));
            } else if !explicit.insert(id.to_string()) {
                out.problems.push(Diagnostic::error(
                    &page.source,
                    Some(line(range.start)),
                    format!("heading id \"{id}\" is used twice in this page"),
                ));
            }
        }
    }
    let inherited = original.and_then(|o| inherit(o, &levels, &lines, page, out));

    let mut used: HashSet<String> = explicit.clone();
    used.extend(reserved.iter().cloned());
    // For each slug, the suffix to try next, so that many headings with the
    // same text do not each try every suffix taken before them.
    let mut next_suffix: HashMap<String, usize> = HashMap::new();
    let mut n = 0;
    let mut i = 0;
    while i < events.len() {
        if let Event::Start(Tag::Heading { id, .. }) = &events[i].0 {
            let chosen = match id {
                Some(id) => id.to_string(),
                None => {
                    let from_original = inherited
                        .and_then(|ids| ids.get(n))
                        .filter(|id| !used.contains(*id))
                        .cloned();
                    let base = from_original.unwrap_or_else(|| {
                        match slug::slugify(&heading_text(&events[i + 1..])) {
                            s if s.is_empty() => "section".to_string(),
                            s => s,
                        }
                    });
                    let mut candidate = base.clone();
                    let k = next_suffix.entry(base.clone()).or_insert(2);
                    while used.contains(&candidate) {
                        work::add(1);
                        candidate = format!("{base}-{k}");
                        *k += 1;
                    }
                    used.insert(candidate.clone());
                    candidate
                }
            };
            if let Event::Start(Tag::Heading {
                id, classes, attrs, ..
            }) = &mut events[i].0
            {
                *id = Some(CowStr::from(chosen.clone()));
                classes.clear();
                attrs.clear();
            }
            out.ids.push(chosen);
            n += 1;
        }
        i += 1;
    }
    out.levels = levels;
}

/// The original's ids when the heading levels match; otherwise a warning.
fn inherit<'o>(
    original: Original<'o>,
    levels: &[u8],
    lines: &[usize],
    page: &Page,
    out: &mut Rendered,
) -> Option<&'o [String]> {
    if original.levels == levels {
        return Some(original.ids);
    }
    let position = original
        .levels
        .iter()
        .zip(levels)
        .position(|(a, b)| a != b)
        .unwrap_or(original.levels.len().min(levels.len()));
    let hashes = |n: u8| "#".repeat(n as usize);
    let detail = match (original.levels.get(position), levels.get(position)) {
        (Some(o), Some(t)) => format!(
            "heading {} is {} here but {} in the original",
            position + 1,
            hashes(*t),
            hashes(*o)
        ),
        (Some(_), None) => format!(
            "this page has {} headings, the original {}",
            levels.len(),
            original.levels.len()
        ),
        _ => format!(
            "heading {} has no counterpart in the original ({} headings there)",
            position + 1,
            original.levels.len()
        ),
    };
    out.problems.push(Diagnostic::warning(
        &page.source,
        lines.get(position).copied(),
        format!(
            "the headings differ from the original {} ({detail}): this page uses its own section ids, so links to its sections differ between languages",
            original.source.display()
        ),
    ));
    None
}

/// The plain text of a heading, from the events after its start.
fn heading_text(events: &[(Event<'_>, std::ops::Range<usize>)]) -> String {
    let mut text = String::new();
    for (event, _) in events {
        match event {
            Event::End(TagEnd::Heading(_)) => break,
            Event::Text(t) | Event::Code(t) => text.push_str(t),
            Event::InlineHtml(h) => text.push_str(&strip_tags(h)),
            _ => {}
        }
    }
    text
}

/// Text of an HTML fragment without its tags.
fn strip_tags(html: &str) -> String {
    let mut text = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            _ if !in_tag => text.push(c),
            _ => {}
        }
    }
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&amp;", "&")
}

/// Collects the `##` and `###` headings with their inline HTML.
pub(super) fn toc(events: &Events<'_>, ids: &[String]) -> Vec<TocEntry> {
    let mut entries = Vec::new();
    let mut heading = 0;
    let mut i = 0;
    while i < events.len() {
        if let Event::Start(Tag::Heading { level, .. }) = &events[i].0 {
            let level = *level;
            let mut inner = Vec::new();
            i += 1;
            while i < events.len() && !matches!(events[i].0, Event::End(TagEnd::Heading(_))) {
                match &events[i].0 {
                    Event::Start(Tag::Link { .. }) | Event::End(TagEnd::Link) => {}
                    e => inner.push(e.clone()),
                }
                i += 1;
            }
            if matches!(level, HeadingLevel::H2 | HeadingLevel::H3) {
                let mut html = String::new();
                pulldown_cmark::html::push_html(&mut html, inner.into_iter());
                entries.push(TocEntry {
                    level: level_number(level),
                    id: ids.get(heading).cloned().unwrap_or_default(),
                    html,
                });
            }
            heading += 1;
        }
        i += 1;
    }
    entries
}

/// Adds a visible `#` link to every `##` and `###` heading.
pub(super) fn add_section_links(events: &mut Events<'_>, label: &str) {
    let mut out: Events<'_> = Vec::with_capacity(events.len() + events.len() / 8);
    // The id of the open `##`/`###` heading and where its text starts in `out`.
    let mut current: Option<(String, usize)> = None;
    for (event, range) in events.drain(..) {
        match &event {
            Event::Start(Tag::Heading {
                level: HeadingLevel::H2 | HeadingLevel::H3,
                id: Some(id),
                ..
            }) => {
                current = Some((id.to_string(), out.len() + 1));
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((id, start)) = current.take() {
                    let text = heading_text(&out[start..]);
                    let mut aria = String::new();
                    bidi::escape_into(&mut aria, &format!("{label}: {text}"));
                    let html =
                        format!(" <a class=\"anchor\" href=\"#{id}\" aria-label=\"{aria}\">#</a>");
                    out.push((Event::InlineHtml(CowStr::from(html)), range.clone()));
                }
            }
            _ => {}
        }
        out.push((event, range));
    }
    work::add(out.len() as u64);
    *events = out;
}
