//! Media from other hosts: an image, audio or video that a page loads from
//! another server makes every reader's phone contact that server. Only the
//! site's own host and the hosts listed in `allow_hosts` may serve media.
//! Also warns about `style=` attributes, which sanitizing removes.

use std::borrow::Cow;
use std::sync::{Arc, Mutex};

use pulldown_cmark::{Event, Tag};
use url::Url;

use crate::config::Config;
use crate::content::Page;
use crate::diagnostic::Diagnostic;

use super::Events;

/// Attributes that make a browser load a file by themselves, by element.
const MEDIA: &[(&str, &[&str])] = &[
    ("img", &["src", "srcset"]),
    ("audio", &["src"]),
    ("video", &["src", "poster"]),
    ("source", &["src", "srcset"]),
    ("track", &["src"]),
    ("input", &["src"]),
];

/// The hosts media may come from.
pub(super) struct Hosts<'a> {
    base: Option<Url>,
    allowed: &'a [String],
}

impl<'a> Hosts<'a> {
    /// The site's own host and the configured ones.
    pub(super) fn new(config: &'a Config) -> Self {
        Self {
            base: Url::parse(&config.base_url).ok(),
            allowed: &config.allow_hosts,
        }
    }

    /// The other host a URL loads from, if it is not allowed.
    fn foreign(&self, url: &str) -> Option<String> {
        let base = self.base.as_ref()?;
        let resolved = base.join(url).ok()?;
        let host = resolved.host_str()?.to_ascii_lowercase();
        let own = base
            .host_str()
            .is_some_and(|h| h.eq_ignore_ascii_case(&host));
        (!own && !self.allowed.contains(&host)).then_some(host)
    }
}

/// Reports Markdown images from other hosts.
pub(super) fn check_images(
    events: &Events<'_>,
    hosts: &Hosts<'_>,
    page: &Page,
    line: &dyn Fn(usize) -> usize,
    problems: &mut Vec<Diagnostic>,
) {
    for (event, range) in events {
        if let Event::Start(Tag::Image { dest_url, .. }) = event {
            if let Some(host) = hosts.foreign(dest_url) {
                problems.push(foreign(page, Some(line(range.start)), "image", &host));
            }
        }
    }
}

/// Reports media from other hosts and `style=` attributes in the page's
/// HTML (raw HTML and Markdown images alike), parsed as the sanitizer
/// parses it; lines are found by searching the Markdown source.
pub(super) fn check_html(
    html: &str,
    body: &str,
    hosts: &Hosts<'_>,
    page: &Page,
    line: &dyn Fn(usize) -> usize,
    problems: &mut Vec<Diagnostic>,
) {
    let found: Arc<Mutex<Vec<(String, String, String)>>> = Arc::default();
    let mut builder = ammonia::Builder::default();
    for (tag, attributes) in MEDIA {
        builder
            .add_tags([*tag])
            .add_tag_attributes(*tag, *attributes);
    }
    builder
        .add_generic_attributes(["style"])
        .url_relative(ammonia::UrlRelative::PassThrough)
        .attribute_filter({
            let found = found.clone();
            move |element, attribute, value| {
                found.lock().unwrap_or_else(|e| e.into_inner()).push((
                    element.to_string(),
                    attribute.to_string(),
                    value.to_string(),
                ));
                Some(Cow::Borrowed(value))
            }
        });
    let _ = builder.clean(html);
    let found = std::mem::take(&mut *found.lock().unwrap_or_else(|e| e.into_inner()));
    let lower = body.to_ascii_lowercase();
    let mut next_style = 0;
    for (element, attribute, value) in found {
        if attribute == "style" {
            let at = style_attribute(&lower, next_style);
            next_style = at.map_or(next_style, |i| i + 1);
            problems.push(Diagnostic::warning(
                &page.source,
                at.map(line),
                format!("the style attribute of <{element}> is removed: pages use the theme's look, so that they read well on every phone"),
            ));
            continue;
        }
        let is_media = MEDIA
            .iter()
            .any(|(tag, attrs)| *tag == element && attrs.contains(&attribute.as_str()));
        if !is_media {
            continue;
        }
        let urls: Vec<&str> = if attribute == "srcset" {
            value
                .split(|c: char| c == ',' || c.is_ascii_whitespace())
                .filter(|s| !s.is_empty())
                .collect()
        } else {
            vec![value.as_str()]
        };
        for url in urls {
            if let Some(host) = hosts.foreign(url) {
                let at = body.find(url).or_else(|| lower.find(&host));
                let what = match (element.as_str(), attribute.as_str()) {
                    ("video", "poster") => "video poster",
                    ("audio", _) => "audio",
                    ("video", _) => "video",
                    ("track", _) => "subtitle track",
                    ("source", _) => "media source",
                    _ => "image",
                };
                problems.push(foreign(page, at.map(line), what, &host));
            }
        }
    }
}

/// The offset of the next `style=` in the (lowercase) source from `from`.
fn style_attribute(lower: &str, from: usize) -> Option<usize> {
    lower[from..]
        .match_indices("style")
        .map(|(i, _)| from + i)
        .find(|&i| lower[i + 5..].trim_start().starts_with('='))
}

fn foreign(page: &Page, line: Option<usize>, what: &str, host: &str) -> Diagnostic {
    Diagnostic::error(
        &page.source,
        line,
        format!("{what} from another host ({host}): every reader's phone would contact {host}; put the file in static/, or add \"{host}\" to allow_hosts in site.toml"),
    )
}
