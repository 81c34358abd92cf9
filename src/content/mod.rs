//! Loads `content/<lang>/...` into pages and groups translations by path.

pub mod front_matter;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::config::Config;
use crate::diagnostic::{line_of, Diagnostic, Diagnostics};
use crate::input::Entry;
pub use front_matter::{Appearance, Date, FrontMatter, Source, Verdict};

/// Descriptions longer than this are cut off in link previews.
pub const PREVIEW_CHARS: usize = 160;

/// The longest fact-check claim (`claim`) without a warning, in characters.
pub const CLAIM_CHARS: usize = 75;

/// Largest page file accepted, in bytes.
pub const MAX_FILE_BYTES: u64 = 4 * 1024 * 1024;

/// What a page is, by where its file lives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum PageKind {
    /// `content/<lang>/_index.md`.
    Home,
    /// `content/<lang>/<topic>/_index.md`.
    Topic,
    /// `content/<lang>/<topic>/<article>.md`.
    Article,
    /// `content/<lang>/<page>.md`: a standalone page such as `about`.
    Page,
}

/// Where a page's file comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Layer {
    /// `content/`: the shared knowledge base.
    #[default]
    Shared,
    /// `sites/<id>/content/`: a local site's own page, or its replacement
    /// of a shared one.
    Local,
}

/// One Markdown file of one language.
#[derive(Debug, Clone)]
pub struct Page {
    /// Index of the page's language in the configuration.
    pub lang: usize,
    /// Home, topic or article.
    pub kind: PageKind,
    /// The language-independent path: `""`, `health` or `health/insurance`.
    pub key: String,
    /// The file, relative to the site root.
    pub source: PathBuf,
    /// Parsed front matter.
    pub front: FrontMatter,
    /// Markdown body (empty when loaded without bodies, see [`read_body`]).
    pub body: String,
    /// A hash of the file's path and bytes: changes whenever the file does.
    pub digest: u64,
    /// File line where the body starts.
    pub body_line: usize,
    /// File line of each top-level front matter key.
    pub key_lines: BTreeMap<String, usize>,
    /// File lines of the sources' `url:` entries, in order.
    pub url_lines: Vec<usize>,
    /// Shared or local.
    pub layer: Layer,
}

impl Page {
    /// The file line of a front matter key, if the page has it.
    pub fn key_line(&self, key: &str) -> Option<usize> {
        self.key_lines.get(key).copied()
    }

    /// The topic key of an article or topic page (`health`), empty for home.
    pub fn topic(&self) -> &str {
        self.key.split('/').next().unwrap_or_default()
    }

    /// The file of this page's version in language `lang`, which may not
    /// exist: `content/ar/health/insurance.md`.
    pub fn source_in(&self, config: &Config, lang: usize) -> PathBuf {
        let base = match (self.layer, &config.local) {
            (Layer::Local, Some(local)) => local.dir.join("content"),
            _ => PathBuf::from("content"),
        };
        let own = base.join(config.languages[self.lang].code());
        let rest = self.source.strip_prefix(&own).unwrap_or(&self.source);
        base.join(config.languages[lang].code()).join(rest)
    }

    /// The site path of this page for a language code: `de/health/insurance/`.
    pub fn path_for(&self, code: &str) -> String {
        page_path(code, &self.key)
    }
}

/// The site path of a page key in a language: `de/`, `de/health/`.
pub fn page_path(code: &str, key: &str) -> String {
    if key.is_empty() {
        format!("{code}/")
    } else {
        format!("{code}/{key}/")
    }
}

/// All pages of a site, with translations grouped by key.
#[derive(Debug, Clone, Default)]
pub struct Content {
    /// Every page, sorted by key and language.
    pub pages: Vec<Page>,
    /// For each key, the page index in each language (by language index).
    pub groups: BTreeMap<String, Vec<Option<usize>>>,
    /// The kind of page of each key.
    pub kinds: BTreeMap<String, PageKind>,
    /// In a local site: the shared pages that local pages replace.
    pub replaced: Vec<Replaced>,
    /// In a local site: the shared pages it hides (key and language).
    pub hidden: Vec<(String, usize)>,
}

/// A shared page that a local site replaces with its own version.
#[derive(Debug, Clone)]
pub struct Replaced {
    /// The shared page (front matter only).
    pub shared: Page,
    /// The index of the local page that replaces it, in [`Content::pages`].
    pub by: usize,
}

impl Content {
    /// The page of `key` in language `lang`, if it exists.
    pub fn get(&self, key: &str, lang: usize) -> Option<&Page> {
        let index = (*self.groups.get(key)?.get(lang)?)?;
        self.pages.get(index)
    }

    /// The languages (indexes) in which `key` exists.
    pub fn languages_of(&self, key: &str) -> Vec<usize> {
        self.groups
            .get(key)
            .map(|g| {
                g.iter()
                    .enumerate()
                    .filter_map(|(i, p)| p.map(|_| i))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Topic keys in weight order (by the default language's weight, then key).
    pub fn topics(&self, default_lang: usize) -> Vec<String> {
        let mut topics: Vec<String> = self
            .kinds
            .iter()
            .filter(|(_, kind)| matches!(kind, PageKind::Topic | PageKind::Article))
            .map(|(k, _)| k.split('/').next().unwrap_or_default().to_string())
            .collect();
        topics.dedup();
        let weight = |t: &str| self.group_weight(t, default_lang);
        topics.sort_by(|a, b| (weight(a), a).cmp(&(weight(b), b)));
        topics
    }

    /// Article keys of a topic in weight order.
    pub fn articles_of(&self, topic: &str, default_lang: usize) -> Vec<String> {
        let prefix = format!("{topic}/");
        let mut keys: Vec<String> = self
            .groups
            .keys()
            .filter(|k| k.starts_with(&prefix))
            .cloned()
            .collect();
        keys.sort_by(|a, b| {
            (self.group_weight(a, default_lang), a).cmp(&(self.group_weight(b, default_lang), b))
        });
        keys
    }

    /// Keys of standalone pages (`about`, `imprint`) in weight order.
    pub fn standalone(&self, default_lang: usize) -> Vec<String> {
        let mut keys: Vec<String> = self
            .kinds
            .iter()
            .filter(|(_, kind)| **kind == PageKind::Page)
            .map(|(k, _)| k.clone())
            .collect();
        keys.sort_by(|a, b| {
            (self.group_weight(a, default_lang), a).cmp(&(self.group_weight(b, default_lang), b))
        });
        keys
    }

    /// The weight of a key: the default language's, else the first translation's.
    fn group_weight(&self, key: &str, default_lang: usize) -> i64 {
        let from = |lang| self.get(key, lang).and_then(|p| p.front.weight);
        from(default_lang)
            .or_else(|| {
                self.languages_of(key)
                    .into_iter()
                    .find_map(|l| self.get(key, l).and_then(|p| p.front.weight))
            })
            .unwrap_or(i64::MAX)
    }
}

/// Options for loading content.
#[derive(Debug, Clone, Copy, Default)]
pub struct LoadOptions {
    /// Include pages marked `draft: true`.
    pub drafts: bool,
    /// Keep each page's Markdown body; without, [`read_body`] reads it again
    /// when it is needed, so that a build does not hold every body at once.
    pub bodies: bool,
}

/// A file found under `content/` before it is read.
struct Found {
    layer: Layer,
    lang: usize,
    kind: PageKind,
    key: String,
    /// The file, checked by the site's input rules.
    entry: Entry,
}

/// Finds, reads and parses every page under `content/`.
pub fn load(config: &Config, options: LoadOptions) -> Result<(Content, Diagnostics), Diagnostics> {
    let loaded = load_leniently(config, options);
    if loaded.problems.has_errors() {
        Err(loaded.problems)
    } else {
        Ok((loaded.content, loaded.problems))
    }
}

/// A page file that could not be read or whose front matter is broken.
#[derive(Debug, Clone)]
pub struct Unreadable {
    /// Index of the file's language in the configuration.
    pub lang: usize,
    /// What the file would be, by where it lives.
    pub kind: PageKind,
    /// Its language-independent key.
    pub key: String,
    /// The file, relative to the site root.
    pub source: PathBuf,
}

/// Every page that could be read, even when other files have errors.
#[derive(Debug, Clone, Default)]
pub struct Loaded {
    /// The pages that could be read.
    pub content: Content,
    /// The problems of every file.
    pub problems: Diagnostics,
    /// The page files that could not be read at all.
    pub unreadable: Vec<Unreadable>,
}

/// Like [`load`], but keeps the pages that could be read when others have
/// errors: for reports on a site that does not build.
pub fn load_leniently(config: &Config, options: LoadOptions) -> Loaded {
    let mut problems = Diagnostics::new();
    let found = discover(config, &mut problems);
    let results: Vec<(Unreadable, Result<Option<Page>, Diagnostic>)> = found
        .into_par_iter()
        .map(|f| {
            let about = Unreadable {
                lang: f.lang,
                kind: f.kind,
                key: f.key.clone(),
                source: relative(config, &f.entry.path),
            };
            (about, read_page(config, f, options))
        })
        .collect();
    let mut pages = Vec::new();
    let mut unreadable = Vec::new();
    for (about, r) in results {
        match r {
            Ok(Some(p)) => pages.push(p),
            Ok(None) => {}
            Err(d) => {
                problems.push(d);
                unreadable.push(about);
            }
        }
    }
    let (mut pages, replaced_pages, hidden) = overlay(config, pages, &mut problems);
    pages.sort_by(|a, b| (&a.key, a.lang).cmp(&(&b.key, b.lang)));
    let replaced = replaced_pages
        .into_iter()
        .filter_map(|shared| {
            let by = pages
                .iter()
                .position(|p| p.key == shared.key && p.lang == shared.lang)?;
            Some(Replaced { shared, by })
        })
        .collect();

    let mut groups: BTreeMap<String, Vec<Option<usize>>> = BTreeMap::new();
    let mut kinds: BTreeMap<String, PageKind> = BTreeMap::new();
    for (i, p) in pages.iter().enumerate() {
        groups
            .entry(p.key.clone())
            .or_insert_with(|| vec![None; config.languages.len()])[p.lang] = Some(i);
        let kind = *kinds.entry(p.key.clone()).or_insert(p.kind);
        if kind != p.kind {
            problems.push(Diagnostic::error(
                &p.source,
                None,
                format!(
                    "this page and the topic \"{}\" have the same address /{}/: rename the page",
                    p.key,
                    page_path(config.languages[p.lang].code(), &p.key).trim_end_matches('/')
                ),
            ));
        }
    }
    for p in &pages {
        check_required(p, &mut problems);
        let first = p.key.split('/').next().unwrap_or_default();
        if !first.is_empty() && config.language_index(first).is_some() {
            problems.push(Diagnostic::error(
                &p.source,
                None,
                format!("\"{first}\" is a language code: a topic or page with this name would take the address of the language's home /{first}/"),
            ));
        }
    }
    let content = Content {
        pages,
        groups,
        kinds,
        replaced,
        hidden,
    };
    check_topics(config, &content, &mut problems);
    Loaded {
        content,
        problems,
        unreadable,
    }
}

/// Reads one page again after its file changed; `None` if it became a draft.
pub fn reload(
    config: &Config,
    page: &Page,
    options: LoadOptions,
) -> Result<Option<Page>, Diagnostics> {
    let mut problems = Diagnostics::new();
    let entry = match config.input.entry(&config.root.join(&page.source)) {
        Ok(entry) => entry,
        Err(e) => {
            problems.push(e.diagnostic());
            return Err(problems);
        }
    };
    let found = Found {
        layer: page.layer,
        lang: page.lang,
        kind: page.kind,
        key: page.key.clone(),
        entry,
    };
    match read_page(config, found, options) {
        Ok(Some(page)) => {
            check_required(&page, &mut problems);
            if problems.has_errors() {
                Err(problems)
            } else {
                Ok(Some(page))
            }
        }
        Ok(None) => Ok(None),
        Err(d) => {
            problems.push(d);
            Err(problems)
        }
    }
}

/// Required keys that depend on the kind of page.
fn check_required(page: &Page, problems: &mut Diagnostics) {
    if page.front.updated.is_none() {
        problems.push(Diagnostic::error(
            &page.source,
            Some(2),
            "missing required key \"updated\" (the date of the last change, e.g. updated: 2026-11-25)",
        ));
    }
    if let Some(description) = &page.front.description {
        let chars = description.chars().count();
        if chars > PREVIEW_CHARS {
            problems.push(Diagnostic::warning(
                &page.source,
                page.key_line("description"),
                format!(
                    "the description has {chars} characters; link previews show about {PREVIEW_CHARS}: shorten it"
                ),
            ));
        }
    }
    if let Some(claim) = &page.front.claim {
        let chars = claim.trim().chars().count();
        if chars > CLAIM_CHARS {
            problems.push(Diagnostic::warning(
                &page.source,
                page.key_line("claim"),
                format!(
                    "the claim has {chars} characters; fact-check tools show about {CLAIM_CHARS}: shorten it to the rumour's core"
                ),
            ));
        }
    }
    for (i, source) in page.front.sources.iter().enumerate() {
        let url = source.url.trim();
        let web = (url.starts_with("https://") || url.starts_with("http://"))
            && !url.contains(char::is_whitespace);
        if !web {
            problems.push(Diagnostic::error(
                &page.source,
                page.url_lines.get(i).copied().or(page.key_line("sources")),
                format!(
                    "source \"{}\": the url \"{url}\" must be a web address starting with https://",
                    source.title
                ),
            ));
        }
    }
    if page.front.image.is_some() && page.front.image_alt.is_none() {
        problems.push(Diagnostic::warning(
            &page.source,
            page.key_line("image"),
            "the preview image has no image_alt: describe what it shows",
        ));
    }
    if page.kind == PageKind::Article
        && page
            .front
            .description
            .as_deref()
            .is_none_or(|d| d.trim().is_empty())
    {
        problems.push(Diagnostic::error(
            &page.source,
            Some(2),
            "missing required key \"description\" (one or two sentences; it is the link-preview text)",
        ));
    }
}

/// Topics need an `_index.md` in the default language; a language with
/// articles but no topic page gets a warning.
fn check_topics(config: &Config, content: &Content, problems: &mut Diagnostics) {
    for topic in content.topics(config.default_language) {
        for (lang, language) in config.languages.iter().enumerate() {
            let has_articles = content
                .articles_of(&topic, config.default_language)
                .iter()
                .any(|a| content.get(a, lang).is_some());
            if has_articles && content.get(&topic, lang).is_none() {
                let dir = Path::new("content").join(language.code()).join(&topic);
                problems.push(Diagnostic::warning(
                    dir.join("_index.md"),
                    None,
                    format!(
                        "topic \"{topic}\" has articles in {} but no _index.md: its title is taken from another language",
                        language.code()
                    ),
                ));
            }
        }
    }
}

/// Walks `content/` (and a local site's `sites/<id>/content/`) and checks
/// the folder layout and names.
fn discover(config: &Config, problems: &mut Diagnostics) -> Vec<Found> {
    let content_dir = config.content_dir();
    if !content_dir.is_dir() {
        problems.push(Diagnostic::error(
            "content",
            None,
            "there is no content/ folder: create content/<lang>/_index.md",
        ));
        return Vec::new();
    }
    let mut found = discover_in(config, &content_dir, Layer::Shared, problems);
    if let Some(local) = &config.local {
        let dir = config.root.join(&local.dir).join("content");
        found.extend(discover_in(config, &dir, Layer::Local, problems));
    }
    found
}

/// The pages in one content folder.
fn discover_in(
    config: &Config,
    content_dir: &Path,
    layer: Layer,
    problems: &mut Diagnostics,
) -> Vec<Found> {
    let mut found = Vec::new();
    // Shared languages that a local site leaves out are not read.
    let left_out: &[String] = match (&config.local, layer) {
        (Some(local), Layer::Shared) => &local.left_out,
        _ => &[],
    };
    let hidden = |name: &std::ffi::OsStr| name.as_encoded_bytes().starts_with(b".");
    for entry in config.input.walk(content_dir, hidden) {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                problems.push(e.diagnostic());
                continue;
            }
        };
        let rel = relative(config, &entry.path);
        let parts: Vec<String> = entry
            .path
            .strip_prefix(content_dir)
            .unwrap_or(&entry.path)
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        if parts.first().is_some_and(|code| left_out.contains(code)) {
            continue;
        }
        match classify(config, &parts, entry.is_dir()) {
            Ok(Some((lang, kind, key))) => found.push(Found {
                layer,
                lang,
                kind,
                key,
                entry,
            }),
            Ok(None) => {}
            Err(message) => problems.push(Diagnostic::error(rel, None, message)),
        }
    }
    found
}

/// In a local site: leaves out the shared pages it hides, and lets its own
/// pages replace the shared ones with the same address.
fn overlay(
    config: &Config,
    pages: Vec<Page>,
    problems: &mut Diagnostics,
) -> (Vec<Page>, Vec<Page>, Vec<(String, usize)>) {
    let Some(local) = &config.local else {
        for page in &pages {
            if page.front.shared_updated.is_some() {
                problems.push(Diagnostic::error(
                    &page.source,
                    page.key_line("shared_updated"),
                    "shared_updated belongs to a local site's version of a shared article (sites/<id>/content/…); remove it here",
                ));
            }
        }
        return (pages, Vec::new(), Vec::new());
    };
    let (locals, shared): (Vec<Page>, Vec<Page>) =
        pages.into_iter().partition(|p| p.layer == Layer::Local);
    let mut used = vec![false; local.hide.len()];
    let mut hidden = Vec::new();
    let mut kept: Vec<Page> = Vec::with_capacity(shared.len() + locals.len());
    for page in shared {
        match local.hide.iter().position(|(h, _)| {
            page.key == *h
                || page
                    .key
                    .strip_prefix(h.as_str())
                    .is_some_and(|r| r.starts_with('/'))
        }) {
            Some(i) => {
                used[i] = true;
                hidden.push((page.key, page.lang));
            }
            None => kept.push(page),
        }
    }
    for ((entry, line), used) in local.hide.iter().zip(&used) {
        if !used {
            problems.push(Diagnostic::error(
                local.config_file(),
                *line,
                format!(
                    "hide: \"{entry}\" is no shared topic or article (content/{}/{entry}…)",
                    config.default_lang().code()
                ),
            ));
        }
    }
    let shared_keys: std::collections::BTreeSet<&str> =
        kept.iter().map(|p| p.key.as_str()).collect();
    let shared_keys: std::collections::BTreeSet<String> =
        shared_keys.into_iter().map(String::from).collect();
    let mut replaced = Vec::new();
    for page in locals {
        let twin = kept
            .iter()
            .position(|p| p.key == page.key && p.lang == page.lang);
        if local.hides(&page.key) && !page.key.is_empty() {
            problems.push(Diagnostic::error(
                &page.source,
                None,
                format!(
                    "\"{}\" is hidden in {}: a hidden page cannot have a local version (remove it from hide, or remove this file)",
                    page.key,
                    local.config_file().display()
                ),
            ));
            continue;
        }
        match twin {
            Some(i) => {
                if page.front.shared_updated.is_none() {
                    let date = kept[i]
                        .front
                        .updated
                        .map(|d| d.to_string())
                        .unwrap_or_else(|| "YYYY-MM-DD".into());
                    problems.push(Diagnostic::error(
                        &page.source,
                        Some(2),
                        format!(
                            "this file replaces the shared {} for this site: say which version of it you started from with shared_updated: {date} (its updated date)",
                            kept[i].source.display()
                        ),
                    ));
                }
                replaced.push(kept.swap_remove(i));
            }
            None => {
                if page.front.shared_updated.is_some() && !shared_keys.contains(&page.key) {
                    problems.push(Diagnostic::error(
                        &page.source,
                        page.key_line("shared_updated"),
                        format!(
                            "shared_updated: there is no shared article content/{}/{}.md for this file to replace (check the path, or remove shared_updated for a local article)",
                            config.languages[page.lang].code(),
                            page.key
                        ),
                    ));
                }
            }
        }
        kept.push(page);
    }
    (kept, replaced, hidden)
}

/// Decides what a path under `content/` is, or why it is not allowed.
fn classify(
    config: &Config,
    parts: &[String],
    is_dir: bool,
) -> Result<Option<(usize, PageKind, String)>, String> {
    let lang_name = &parts[0];
    let Some(lang) = config.language_index(lang_name) else {
        if parts.len() == 1 && !is_dir {
            return Err(
                "only language folders belong directly in content/ (e.g. content/de/)".into(),
            );
        }
        if parts.len() > 1 {
            // Already reported for the folder itself.
            return Ok(None);
        }
        let declared: Vec<&str> = config.languages.iter().map(|l| l.code()).collect();
        return Err(format!(
            "language folder \"{lang_name}\" is not declared in site.toml (add a [languages.{lang_name}] table, or use one of: {})",
            declared.join(", ")
        ));
    };
    if parts.len() == 1 {
        return if is_dir {
            Ok(None)
        } else {
            Err("only language folders belong directly in content/".into())
        };
    }
    let last = &parts[parts.len() - 1];
    if is_dir {
        if parts.len() > 2 {
            return Err("folders inside a topic are not supported: articles live directly in content/<lang>/<topic>/".into());
        }
        check_name(last)?;
        return Ok(None);
    }
    let Some(stem) = last.strip_suffix(".md") else {
        return Err(
            "only Markdown files (.md) belong in content/; put images and downloads in static/"
                .into(),
        );
    };
    match (parts.len(), stem) {
        (2, "_index") => Ok(Some((lang, PageKind::Home, String::new()))),
        (2, _) => {
            check_name(stem)?;
            Ok(Some((lang, PageKind::Page, stem.to_string())))
        }
        (3, "_index") => Ok(Some((lang, PageKind::Topic, parts[1].clone()))),
        (3, _) => {
            check_name(stem)?;
            Ok(Some((
                lang,
                PageKind::Article,
                format!("{}/{stem}", parts[1]),
            )))
        }
        _ => Ok(None),
    }
}

/// File and folder names become URLs: lowercase ASCII letters, digits, dashes.
pub fn check_name(name: &str) -> Result<(), String> {
    let ok = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !name.starts_with('-')
        && !name.ends_with('-');
    if ok {
        return Ok(());
    }
    let suggestion = crate::slug::slugify(name);
    let hint = if suggestion.is_empty() {
        String::new()
    } else {
        format!(" (rename it to \"{suggestion}\")")
    };
    Err(format!(
        "the name \"{name}\" is not allowed in a URL: use lowercase ASCII letters, digits and dashes{hint}"
    ))
}

/// Reads one file and parses its front matter.
fn read_page(
    config: &Config,
    found: Found,
    options: LoadOptions,
) -> Result<Option<Page>, Diagnostic> {
    let rel = relative(config, &found.entry.path);
    let size = found.entry.len();
    if size > MAX_FILE_BYTES {
        return Err(Diagnostic::error(
            &rel,
            None,
            format!(
                "the file is too large ({} MB; the limit is {} MB): split it into several articles",
                size / (1024 * 1024),
                MAX_FILE_BYTES / (1024 * 1024)
            ),
        ));
    }
    let bytes = found.entry.read().map_err(|e| e.diagnostic())?;
    let text = String::from_utf8(bytes).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        let line = line_of(&String::from_utf8_lossy(&e.as_bytes()[..valid]), valid);
        Diagnostic::error(
            &rel,
            Some(line),
            "the file is not valid UTF-8: save it with UTF-8 encoding",
        )
    })?;
    if let Some(at) = text.find('\0') {
        return Err(Diagnostic::error(
            &rel,
            Some(line_of(&text, at)),
            "the file contains a NUL character (an invisible control character): remove it",
        ));
    }
    let parsed =
        front_matter::parse(&text).map_err(|e| Diagnostic::error(&rel, e.line, e.message))?;
    if parsed.front.draft && !options.drafts {
        return Ok(None);
    }
    let digest = digest(&rel, &text);
    Ok(Some(Page {
        lang: found.lang,
        kind: found.kind,
        key: found.key,
        source: rel,
        front: parsed.front,
        body: if options.bodies {
            parsed.body
        } else {
            String::new()
        },
        digest,
        body_line: parsed.body_line,
        key_lines: parsed.key_lines,
        url_lines: parsed.url_lines,
        layer: found.layer,
    }))
}

/// Reads the Markdown body of a page loaded without bodies.
pub fn read_body(config: &Config, page: &Page) -> Result<String, Diagnostic> {
    let changed = || {
        Diagnostic::error(
            &page.source,
            None,
            "the file changed while the site was built: build again",
        )
    };
    let text = config
        .input
        .read_to_string(&config.root.join(&page.source))
        .map_err(|e| e.diagnostic())?;
    if digest(&page.source, &text) != page.digest {
        return Err(changed());
    }
    front_matter::body_of(&text).ok_or_else(changed)
}

/// A hash of a page file's path and text.
fn digest(source: &Path, text: &str) -> u64 {
    use std::hash::Hasher;
    let mut hasher = rustc_hash::FxHasher::default();
    hasher.write(source.as_os_str().as_encoded_bytes());
    hasher.write(text.as_bytes());
    hasher.finish()
}

/// A path relative to the site root, for messages.
fn relative(config: &Config, path: &Path) -> PathBuf {
    path.strip_prefix(&config.root)
        .unwrap_or(path)
        .to_path_buf()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_must_be_url_safe() {
        assert!(check_name("health-insurance").is_ok());
        assert!(check_name("Health").is_err());
        let e = check_name("Krankenversicherung für alle").unwrap_err();
        assert!(e.contains("krankenversicherung-fur-alle"), "{e}");
        let e = check_name("تأمين").unwrap_err();
        assert!(e.contains("rename it to"), "{e}");
        assert!(check_name("-x").is_err());
    }

    #[test]
    fn bodies_are_read_again_unless_the_file_changed() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let config = Config::parse(
            root,
            "base_url = \"https://x.org/\"\ndefault_language = \"de\"\n[languages.de]\nname = \"Deutsch\"\ntitle = \"T\"\n",
        )
        .unwrap();
        std::fs::create_dir_all(root.join("content/de/work")).unwrap();
        let front = |title: &str| format!("title: {title}\nupdated: 2026-11-01\n");
        for (path, title) in [("_index.md", "Start"), ("work/_index.md", "Arbeit")] {
            let text = format!("---\n{}---\n", front(title));
            std::fs::write(root.join("content/de").join(path), text).unwrap();
        }
        let file = root.join("content/de/work/wage.md");
        let text = format!("---\n{}description: D\n---\nZwölf Euro\n", front("Lohn"));
        std::fs::write(&file, text.replace('\n', "\r\n")).unwrap();
        let options = LoadOptions {
            drafts: false,
            bodies: false,
        };
        let (content, _) = load(&config, options).unwrap();
        let page = content.pages.iter().find(|p| p.key == "work/wage").unwrap();
        assert_eq!(page.body, "");
        assert_eq!(read_body(&config, page).unwrap(), "Zwölf Euro\n");

        std::fs::write(&file, text.replace("Zwölf", "Dreizehn")).unwrap();
        let error = read_body(&config, page).unwrap_err();
        assert_eq!(
            error.path.as_deref(),
            Some(Path::new("content/de/work/wage.md"))
        );
        assert!(
            error.message.contains("changed while the site was built"),
            "{}",
            error.message
        );
    }

    #[test]
    fn page_paths_end_in_slash() {
        assert_eq!(page_path("de", ""), "de/");
        assert_eq!(page_path("ar", "health/insurance"), "ar/health/insurance/");
    }
}
