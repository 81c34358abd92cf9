//! Plain-text sections from a rendered page body, for the search index.

use std::borrow::Cow;

use super::index::SearchSection;
use crate::markdown::entities::decode as decode_entities;

/// Elements whose start or end separates words.
fn is_block(name: &str) -> bool {
    crate::markdown::compact::closes_p(name)
        || matches!(
            name,
            "br" | "caption" | "dd" | "dt" | "img" | "li" | "summary" | "td" | "th" | "tr"
        )
}

/// Splits the HTML of a page body (as `markdown::render` writes it) into
/// sections at every `<h2>` and `<h3>` that has an `id`. The text before the
/// first such heading becomes a first section with empty id and heading
/// (left out when it is empty). Section links (`<a class="anchor">`),
/// `<script>`, `<style>` and `<template>` contents are skipped; character
/// references are decoded; white space is collapsed.
pub fn sections_from_html(html: &str) -> Vec<SearchSection> {
    let mut sections = vec![SearchSection::default()];
    let mut in_heading: Option<String> = None;
    let mut skip_until: Option<&'static str> = None;
    let mut rest = html;
    while !rest.is_empty() {
        let Some(lt) = rest.find('<') else {
            push_text(&mut sections, in_heading.is_some(), skip_until, rest);
            break;
        };
        push_text(&mut sections, in_heading.is_some(), skip_until, &rest[..lt]);
        rest = &rest[lt..];
        let Some(gt) = rest.find('>') else {
            break;
        };
        let tag = &rest[1..gt];
        rest = &rest[gt + 1..];
        if tag.starts_with('!') || tag.starts_with('?') {
            continue;
        }
        let closing = tag.starts_with('/');
        let body = tag.trim_start_matches('/');
        let name_end = body
            .find(|c: char| c.is_whitespace() || c == '/')
            .unwrap_or(body.len());
        let name = &body[..name_end];
        let name: Cow<'_, str> = if name.bytes().any(|b| b.is_ascii_uppercase()) {
            name.to_ascii_lowercase().into()
        } else {
            name.into()
        };
        let attrs = &body[name_end..];
        if let Some(end) = skip_until {
            if closing && name == end {
                skip_until = None;
            }
            continue;
        }
        match (closing, name.as_ref()) {
            (false, "a")
                if attr(attrs, "class").is_some_and(|c| c.split(' ').any(|c| c == "anchor")) =>
            {
                skip_until = Some("a");
            }
            (false, "script") => skip_until = Some("script"),
            (false, "style") => skip_until = Some("style"),
            (false, "template") => skip_until = Some("template"),
            (false, "h2" | "h3") if in_heading.is_none() => {
                if let Some(id) = attr(attrs, "id").filter(|id| !id.is_empty()) {
                    sections.push(SearchSection {
                        id: decode_entities(&id).into_owned(),
                        ..SearchSection::default()
                    });
                    in_heading = Some(name.to_string());
                } else {
                    separate(&mut sections, false);
                }
            }
            (true, n) if in_heading.as_deref() == Some(n) => in_heading = None,
            (_, n) if is_block(n) => separate(&mut sections, in_heading.is_some()),
            _ => {}
        }
    }
    for s in &mut sections {
        trim_end_space(&mut s.text);
        trim_end_space(&mut s.heading);
    }
    if sections[0].text.is_empty() {
        sections.remove(0);
    }
    sections
}

fn push_text(sections: &mut [SearchSection], heading: bool, skip: Option<&str>, raw: &str) {
    if skip.is_some() || raw.is_empty() {
        return;
    }
    let last = sections.last_mut().expect("at least one section");
    let text = decode_entities(raw);
    let out = if heading {
        &mut last.heading
    } else {
        &mut last.text
    };
    // White space collapses to one space, and none at the start.
    if text.starts_with(char::is_whitespace) {
        space(out);
    }
    for (i, word) in text.split_whitespace().enumerate() {
        if i > 0 {
            space(out);
        }
        out.push_str(word);
    }
    if text.ends_with(char::is_whitespace) {
        space(out);
    }
}

/// Appends a space, unless `out` is empty or ends in one.
fn space(out: &mut String) {
    if !out.is_empty() && !out.ends_with(' ') {
        out.push(' ');
    }
}

fn trim_end_space(out: &mut String) {
    if out.ends_with(' ') {
        out.pop();
    }
}

fn separate(sections: &mut [SearchSection], heading: bool) {
    let last = sections.last_mut().expect("at least one section");
    space(if heading {
        &mut last.heading
    } else {
        &mut last.text
    });
}

/// The value of attribute `name` in a tag's attribute text.
fn attr(attrs: &str, name: &str) -> Option<String> {
    let mut rest = attrs;
    while let Some(i) = rest.find(name) {
        let before_ok = rest[..i].ends_with(|c: char| c.is_whitespace());
        let after = rest[i + name.len()..].trim_start();
        if before_ok {
            if let Some(value) = after.strip_prefix('=') {
                let value = value.trim_start();
                return Some(match value.chars().next() {
                    Some(q @ ('"' | '\'')) => value[1..].split(q).next().unwrap_or("").to_string(),
                    _ => value
                        .split(|c: char| c.is_whitespace() || c == '>')
                        .next()
                        .unwrap_or("")
                        .to_string(),
                });
            }
        }
        rest = &rest[i + name.len()..];
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_at_headings_with_ids() {
        let html = "<p>Wer hier wohnt, braucht eine <strong>Kranken</strong>versicherung.</p>\n\
            <h2 id=\"costs\">Kosten &amp; Beitr&#228;ge <a class=\"anchor\" href=\"#costs\" aria-label=\"Link: Kosten\">#</a></h2>\n\
            <ul><li>14,6 %</li><li>Zusatz&shy;beitrag</li></ul>\n\
            <h3 id=\"x\">Mehr</h3><p>A<br>B</p><h4>Klein</h4><p>Text</p>";
        let s = sections_from_html(html);
        assert_eq!(s.len(), 3);
        assert_eq!(s[0].id, "");
        assert_eq!(
            s[0].text,
            "Wer hier wohnt, braucht eine Krankenversicherung."
        );
        assert_eq!(s[1].id, "costs");
        assert_eq!(s[1].heading, "Kosten & Beiträge");
        assert_eq!(s[1].text, "14,6 % Zusatz\u{00AD}beitrag");
        assert_eq!(s[2].heading, "Mehr");
        assert_eq!(s[2].text, "A B Klein Text");
    }

    #[test]
    fn bidi_isolates_and_rtl_text_stay_text() {
        let html = "<h2 id=\"numbers\">مهم‌ترین شماره‌ها</h2><p>تماس با <bdi dir=\"ltr\">116 117</bdi> (<bdi dir=\"ltr\">Polizei</bdi>)</p>";
        let s = sections_from_html(html);
        assert_eq!(
            s.len(),
            1,
            "no intro when there is no text before the heading"
        );
        assert_eq!(s[0].heading, "مهم‌ترین شماره‌ها");
        assert_eq!(s[0].text, "تماس با 116 117 (Polizei)");
    }

    #[test]
    fn attribute_values() {
        assert_eq!(
            attr(" class=\"a anchor\" id='x'", "id").as_deref(),
            Some("x")
        );
        assert_eq!(attr(" data-id=\"y\" id=z", "id").as_deref(), Some("z"));
        assert_eq!(attr(" href=\"#\"", "id"), None);
    }
}
