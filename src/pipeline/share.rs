//! Markdown that local sites share with the shared site: each shared page is
//! rendered once per language, and a local site takes that rendering where
//! it would render the page the same (same address prefix, same link
//! targets, same original).

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock, RwLock};

use crate::config::Config;
use crate::content::{Content, Layer};
use crate::markdown::Rendered;

use super::share_search::SharedSearch;
use super::spill::{Place, Spill};

/// The shared site's rendered Markdown, kept for the local sites.
#[derive(Debug, Default)]
pub struct SharedMarkdown {
    /// What the shared site links against, set when it is rendered.
    site: OnceLock<SharedSite>,
    /// Each shared page's rendering, by source file.
    pages: RwLock<HashMap<PathBuf, Kept>>,
    /// Every Markdown rendering of every site, by source file, in order.
    renders: Mutex<Vec<PathBuf>>,
    /// How many pages took a kept rendering.
    reused: AtomicUsize,
    /// The shared site's article pages, for the local sites to take.
    pub(super) articles: super::neutral::KeptPages,
    /// The search tokens of the shared pages, which go with their renderings.
    search: SharedSearch,
    /// The file of the kept bodies.
    spill: Spill,
}

/// One kept rendering and the file version it was made from; the body is
/// kept compressed (LZ4) and in a temporary file, since every shared page's
/// is kept at once.
#[derive(Debug)]
struct Kept {
    digest: u64,
    /// The rendering without its body.
    rendered: Rendered,
    /// The body, compressed.
    html: Body,
}

/// Where a kept body is.
#[derive(Debug)]
enum Body {
    /// In memory, when no temporary file could be made or written.
    Memory(Vec<u8>),
    /// In the temporary file.
    File(Place),
}

/// The parts of the shared site that a rendering depends on.
#[derive(Debug)]
struct SharedSite {
    base_path: String,
    default_code: String,
    /// Language codes by index.
    codes: Vec<String>,
    /// For each key, the codes of the languages it exists in, in site order.
    languages: BTreeMap<String, Vec<String>>,
}

/// How a build takes part in sharing Markdown.
#[derive(Debug, Clone, Copy, Default)]
pub(super) enum Share<'a> {
    /// Not at all.
    #[default]
    Off,
    /// The shared site: keeps its renderings.
    Keep(&'a SharedMarkdown),
    /// A local site: takes the renderings it can.
    Reuse(&'a SharedMarkdown),
}

impl SharedMarkdown {
    /// An empty store.
    pub fn new() -> Self {
        Self::default()
    }

    /// The source files rendered, once per rendering, over all sites.
    pub fn renders(&self) -> Vec<PathBuf> {
        lock(&self.renders).clone()
    }

    /// How many pages took the shared site's rendering.
    pub fn reused(&self) -> usize {
        self.reused.load(Ordering::Relaxed)
    }

    /// The search tokens kept with the renderings.
    pub(super) fn search(&self) -> &SharedSearch {
        &self.search
    }

    /// Notes the shared site's configuration and pages.
    pub(super) fn set_site(&self, config: &Config, content: &Content) {
        let codes: Vec<String> = config
            .languages
            .iter()
            .map(|l| l.code().to_string())
            .collect();
        let languages = content
            .groups
            .iter()
            .map(|(key, group)| {
                let langs = group
                    .iter()
                    .enumerate()
                    .filter(|(_, p)| p.is_some())
                    .map(|(l, _)| codes[l].clone())
                    .collect();
                (key.clone(), langs)
            })
            .collect();
        // The shared site is rendered once per store.
        let _ = self.site.set(SharedSite {
            base_path: config.base_path.clone(),
            default_code: config.default_lang().code().to_string(),
            codes,
            languages,
        });
    }

    /// Records that a page's Markdown was rendered.
    pub(super) fn count(&self, source: &std::path::Path) {
        lock(&self.renders).push(source.to_path_buf());
    }

    /// Keeps the shared site's rendering of page `i`.
    pub(super) fn keep(&self, content: &Content, i: usize, rendered: &Rendered) {
        let page = &content.pages[i];
        let compressed = lz4_flex::compress_prepend_size(rendered.html.as_bytes());
        let html = match self.spill.put(&compressed) {
            Some(place) => Body::File(place),
            None => Body::Memory(compressed),
        };
        let rendered = Rendered {
            html: String::new(),
            toc: rendered.toc.clone(),
            ids: rendered.ids.clone(),
            levels: rendered.levels.clone(),
            links: rendered.links.clone(),
            problems: rendered.problems.clone(),
        };
        self.pages
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .insert(
                page.source.clone(),
                Kept {
                    digest: page.digest,
                    rendered,
                    html,
                },
            );
    }

    /// The shared site's rendering of a local site's page `i`, when the
    /// local site would render it the same.
    pub(super) fn reuse(
        &self,
        config: &Config,
        content: &Content,
        i: usize,
        original: Option<usize>,
    ) -> Option<Rendered> {
        let page = &content.pages[i];
        if page.layer != Layer::Shared {
            return None;
        }
        // Section ids come from the original: it must be the shared one.
        if original.is_some_and(|o| content.pages[o].layer != Layer::Shared) {
            return None;
        }
        let site = self.site.get()?;
        if site.base_path != config.base_path {
            return None;
        }
        let pages = self
            .pages
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let kept = pages.get(&page.source)?;
        if kept.digest != page.digest {
            return None;
        }
        let page_code = config.languages[page.lang].code();
        let default_code = config.default_lang().code();
        if default_code != site.default_code {
            return None;
        }
        let local_has = |key: &str, code: &str| {
            config
                .language_index(code)
                .is_some_and(|l| content.get(key, l).is_some())
        };
        let shared_has = |key: &str, code: &str| {
            site.languages
                .get(key)
                .is_some_and(|codes| codes.iter().any(|c| c == code))
        };
        let mut links = kept.rendered.links.clone();
        for link in &mut links {
            let code = site.codes.get(link.lang)?;
            // The same target, found the same way.
            let same = local_has(&link.key, code)
                && local_has(&link.key, page_code) == shared_has(&link.key, page_code)
                && local_has(&link.key, default_code) == shared_has(&link.key, default_code)
                && (code == page_code
                    || code == default_code
                    || content
                        .languages_of(&link.key)
                        .first()
                        .is_some_and(|&l| config.languages[l].code() == code));
            if !same {
                return None;
            }
            link.lang = config.language_index(code)?;
        }
        let compressed = match &kept.html {
            Body::Memory(bytes) => bytes.clone(),
            Body::File(place) => self.spill.get(*place)?,
        };
        let html = lz4_flex::decompress_size_prepended(&compressed).ok()?;
        let mut rendered = Rendered {
            html: String::from_utf8(html).ok()?,
            ..kept.rendered.clone()
        };
        rendered.links = links;
        self.reused.fetch_add(1, Ordering::Relaxed);
        self.search.took(&page.source);
        Some(rendered)
    }
}

/// The value behind a lock, also after a panic elsewhere.
fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}
