//! Links between pages: `../health/insurance.md#costs` becomes the URL of the
//! same language's version, or of the default language's, marked as such.

use std::collections::{HashMap, HashSet};
use std::path::{Component, Path};

use pulldown_cmark::{CowStr, Event, LinkType, Tag, TagEnd};

use super::{Events, Rendered};
use crate::config::Config;
use crate::content::{page_path, Content, Page};
use crate::diagnostic::Diagnostic;

/// A link from one page to another, kept to check its `#anchor` later.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InternalLink {
    /// Key of the target page.
    pub key: String,
    /// Language index of the target page.
    pub lang: usize,
    /// The `#fragment` without `#`, if any.
    pub fragment: Option<String>,
    /// Line of the link in the source file.
    pub line: usize,
}

/// Where a Markdown file link leads.
enum Target {
    /// A page of this site: its key and language.
    Page(String, usize),
    /// A page that this local site hides: its URL on the shared site.
    Shared(String),
}

/// Resolves Markdown file links for all pages of a site.
pub struct LinkResolver<'a> {
    /// The site configuration.
    pub config: &'a Config,
    /// All pages.
    pub content: &'a Content,
    /// For a page language and a target language, the note shown on a link
    /// that leads to another language ("Opens the page in Deutsch").
    pub other_language_note: &'a (dyn Fn(usize, usize) -> String + Sync),
}

impl LinkResolver<'_> {
    /// Rewrites links to `.md` files in place and records them.
    pub(super) fn rewrite(
        &self,
        events: &mut Events<'_>,
        page: &Page,
        line: &dyn Fn(usize) -> usize,
        out: &mut Rendered,
    ) {
        // Language notes to insert before the event at an index, in order.
        let mut notes: Vec<(usize, (Event<'static>, std::ops::Range<usize>))> = Vec::new();
        let mut i = 0;
        while i < events.len() {
            let (url, link_line) = match &events[i] {
                (
                    Event::Start(Tag::Link {
                        link_type,
                        dest_url,
                        ..
                    }),
                    range,
                ) if !matches!(link_type, LinkType::Email) => {
                    (dest_url.to_string(), line(range.start))
                }
                _ => {
                    i += 1;
                    continue;
                }
            };
            if let Some(fragment) = url.strip_prefix('#') {
                out.links.push(InternalLink {
                    key: page.key.clone(),
                    lang: page.lang,
                    fragment: Some(fragment.to_string()),
                    line: link_line,
                });
                i += 1;
                continue;
            }
            let (path, fragment) = match url.split_once('#') {
                Some((p, f)) => (p, Some(f.to_string())),
                None => (url.as_str(), None),
            };
            if !path.ends_with(".md") || path.contains("://") || path.starts_with('/') {
                i += 1;
                continue;
            }
            match self.resolve(page, path) {
                Err(message) => {
                    out.problems
                        .push(Diagnostic::error(&page.source, Some(link_line), message));
                }
                Ok(Target::Shared(mut href)) => {
                    out.problems.push(Diagnostic::warning(
                        &page.source,
                        Some(link_line),
                        format!("link \"{path}\": this site hides that page, so the link leads to the shared site ({href})"),
                    ));
                    if let Some(f) = &fragment {
                        href.push('#');
                        href.push_str(f);
                    }
                    if let (Event::Start(Tag::Link { dest_url, .. }), _) = &mut events[i] {
                        *dest_url = CowStr::from(href);
                    }
                }
                Ok(Target::Page(key, lang)) => {
                    let code = self.config.languages[lang].code();
                    let mut href = self.config.relative_url(&page_path(code, &key));
                    if let Some(f) = &fragment {
                        href.push('#');
                        href.push_str(f);
                    }
                    if let (Event::Start(Tag::Link { dest_url, .. }), _) = &mut events[i] {
                        *dest_url = CowStr::from(href);
                    }
                    if lang != page.lang {
                        notes.extend(self.mark_other_language(events, i, page.lang, lang));
                    }
                    out.links.push(InternalLink {
                        key,
                        lang,
                        fragment,
                        line: link_line,
                    });
                }
            }
            i += 1;
        }
        if !notes.is_empty() {
            let mut notes = notes.into_iter().peekable();
            let mut out: Events<'_> = Vec::with_capacity(events.len() + notes.len());
            for (index, entry) in events.drain(..).enumerate() {
                while let Some((_, note)) = notes.next_if(|(at, _)| *at == index) {
                    out.push(note);
                }
                out.push(entry);
            }
            crate::work::add(out.len() as u64);
            *events = out;
        }
    }

    /// Adds a title to the link at `start`; returns the visible language
    /// note to insert before the link's end, with that end's index.
    fn mark_other_language(
        &self,
        events: &mut Events<'_>,
        start: usize,
        page_lang: usize,
        lang: usize,
    ) -> Option<(usize, (Event<'static>, std::ops::Range<usize>))> {
        let language = &self.config.languages[lang];
        let range = events[start].1.clone();
        let note = (self.other_language_note)(page_lang, lang);
        let end = start
            + events[start..]
                .iter()
                .position(|(e, _)| matches!(e, Event::End(TagEnd::Link)))?;
        let mut label = String::new();
        super::bidi::escape_into(&mut label, &language.name);
        let mut title = String::new();
        super::bidi::escape_into(&mut title, &note);
        let html = format!(
            " <small class=\"xlang\" lang=\"{code}\" dir=\"{dir}\" title=\"{title}\">({label})</small>",
            code = language.code(),
            dir = language.direction,
        );
        if let (Event::Start(Tag::Link { title: t, .. }), _) = &mut events[start] {
            if t.is_empty() {
                *t = CowStr::from(note);
            }
        }
        Some((end, (Event::InlineHtml(CowStr::from(html)), range)))
    }

    /// Finds the page a relative `.md` path points to.
    fn resolve(&self, page: &Page, path: &str) -> Result<Target, String> {
        let lang_code = self.config.languages[page.lang].code();
        let source_dir = match page.kind {
            crate::content::PageKind::Home | crate::content::PageKind::Page => String::new(),
            _ => page.topic().to_string(),
        };
        let decoded = crate::url::decode_lossy(path);
        let mut parts: Vec<String> = vec![lang_code.to_string()];
        parts.extend(
            source_dir
                .split('/')
                .filter(|s| !s.is_empty())
                .map(String::from),
        );
        for component in Path::new(&decoded).components() {
            match component {
                Component::ParentDir => {
                    if parts.pop().is_none() {
                        return Err(format!("link \"{path}\" points outside content/"));
                    }
                }
                Component::Normal(p) => parts.push(p.to_string_lossy().into_owned()),
                Component::CurDir => {}
                _ => {
                    return Err(format!(
                        "link \"{path}\" must be a relative path to a .md file"
                    ))
                }
            }
        }
        let missing = || {
            format!(
                "link to a missing page \"{path}\": there is no content/{} in any language",
                parts.join("/")
            )
        };
        let Some(lang) = parts.first().and_then(|c| self.config.language_index(c)) else {
            return Err(missing());
        };
        let file = parts.last().cloned().unwrap_or_default();
        let stem = file.trim_end_matches(".md");
        let mut key_parts: Vec<&str> = parts[1..parts.len() - 1]
            .iter()
            .map(String::as_str)
            .collect();
        if stem != "_index" {
            key_parts.push(stem);
        }
        let key = key_parts.join("/");
        if self.content.get(&key, lang).is_some() {
            return Ok(Target::Page(key, lang));
        }
        let default = self.config.default_language;
        if lang == page.lang && self.content.get(&key, default).is_some() {
            return Ok(Target::Page(key, default));
        }
        if lang == page.lang {
            if let Some(other) = self.content.languages_of(&key).first() {
                return Ok(Target::Page(key, *other));
            }
        }
        // A page that a local site hides is still on the shared site.
        if let Some(local) = &self.config.local {
            let hidden = |l: usize| {
                self.content
                    .hidden
                    .iter()
                    .any(|(k, hl)| *k == key && *hl == l)
            };
            let shown = [lang, default].into_iter().find(|&l| hidden(l));
            if let Some(l) = shown {
                let code = self.config.languages[l].code();
                return Ok(Target::Shared(format!(
                    "{}{}",
                    local.shared_base_url,
                    page_path(code, &key)
                )));
            }
        }
        Err(missing())
    }
}

/// How many section ids a message about a missing section lists at most.
const LISTED_IDS: usize = 20;

/// Checks that every `#anchor` of every internal link exists in its target.
pub fn check_anchors(content: &Content, rendered: &[Rendered]) -> Vec<Diagnostic> {
    anchors_where(content, rendered, |_, _| true)
}

/// [`check_anchors`] for the links that can have changed when only the
/// pages of `keys` (in every language) were rendered again: those from
/// these pages and those to them. The rest of the site's links were checked
/// before and neither their pages nor their targets changed.
pub fn check_anchors_of(
    content: &Content,
    rendered: &[Rendered],
    keys: &[String],
) -> Vec<Diagnostic> {
    let touched = |key: &str| keys.iter().any(|k| k == key);
    anchors_where(content, rendered, |from, to| touched(from) || touched(to))
}

/// Checks the section links for which `wanted(from key, to key)` holds.
fn anchors_where(
    content: &Content,
    rendered: &[Rendered],
    wanted: impl Fn(&str, &str) -> bool,
) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    // The ids of each linked page as a set, built on first use.
    let mut id_sets: HashMap<usize, HashSet<&str>> = HashMap::new();
    for (page, r) in content.pages.iter().zip(rendered) {
        for link in &r.links {
            let Some(fragment) = &link.fragment else {
                continue;
            };
            if fragment.is_empty() || !wanted(&page.key, &link.key) {
                continue;
            }
            let Some(index) = content.groups.get(&link.key).and_then(|g| g[link.lang]) else {
                continue;
            };
            let ids = &rendered[index].ids;
            let set = id_sets
                .entry(index)
                .or_insert_with(|| ids.iter().map(String::as_str).collect());
            crate::work::add(1);
            if !set.contains(fragment.as_str()) {
                let target = &content.pages[index].source;
                let mut known = if ids.is_empty() {
                    "none".to_string()
                } else {
                    ids[..ids.len().min(LISTED_IDS)].join(", ")
                };
                if ids.len() > LISTED_IDS {
                    known.push_str(&format!(" and {} more", ids.len() - LISTED_IDS));
                }
                problems.push(Diagnostic::error(
                    &page.source,
                    Some(link.line),
                    format!(
                        "link to a missing section \"#{fragment}\" in {} (its sections: {known})",
                        target.display()
                    ),
                ));
            }
        }
    }
    problems
}
