//! Article pages that local sites take from the shared site. The shared site
//! renders each article page with stand-ins for what differs between sites
//! (its address, its titles, the offline list, the blocks) and then puts in
//! its own values, noting where they went; a local site whose view of the
//! page is the same but for those values takes the shared page and puts its
//! own values there, without rendering or minifying it again.
//!
//! A page is taken only when the local site's view of it, with the
//! stand-ins, is the shared site's (compared by a hash of the whole view and
//! body), and each site checks one page per language against a page
//! rendered in full before it takes any; a theme whose page templates read
//! `contact`, `services` or `local` themselves (rather than through
//! `blocks`) gets every page rendered in full.

use std::collections::HashMap;
use std::hash::BuildHasher;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{OnceLock, RwLock};

use aho_corasick::{AhoCorasick, MatchKind};
use serde_json::Value;

use super::blocks::{self, MARKS};
use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::output;
use crate::template::views::{percent_encoded, PageView};
use crate::template::Templates;

/// The templates of the pages shared this way: articles and the
/// language-neutral pages of articles and topics.
const TEMPLATES: [&str; 2] = ["article.html", "neutral.html"];

/// Languages a site can have for the stand-ins of its titles.
const MAX_LANGUAGES: usize = 64;

/// Stand-in for the site's address (`base_url`).
const BASE: &str = "https://\u{E000}/";

/// Characters of the stand-ins: text that holds one is never shared.
const STAND_IN_CHARS: std::ops::RangeInclusive<char> = '\u{E000}'..='\u{E00F}';

/// What a stand-in stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Slot {
    /// The site's address.
    Base,
    /// The site's address, percent-encoded (in share links).
    BaseEncoded,
    /// The site's title in a language.
    Title(usize),
    /// The offline list of the page's language.
    Precache,
    /// A block, by its place in [`MARKS`].
    Block(usize),
}

/// The stand-in of a title or offline list: with a space when the value has
/// one, so that the minifier quotes both alike.
fn stand_in(kind: char, lang: usize, spaced: bool) -> String {
    let space = if spaced { " " } else { "" };
    format!("\u{E001}{kind}{lang}{space}\u{E002}")
}

/// Every stand-in and what it stands for.
fn patterns() -> &'static (AhoCorasick, Vec<Slot>) {
    static PATTERNS: OnceLock<(AhoCorasick, Vec<Slot>)> = OnceLock::new();
    PATTERNS.get_or_init(|| {
        let mut texts = vec![BASE.to_string(), percent_encoded(BASE)];
        let mut slots = vec![Slot::Base, Slot::BaseEncoded];
        for lang in 0..MAX_LANGUAGES {
            for spaced in [false, true] {
                texts.push(stand_in('t', lang, spaced));
                slots.push(Slot::Title(lang));
                texts.push(stand_in('p', lang, spaced));
                slots.push(Slot::Precache);
            }
        }
        for (i, mark) in MARKS.iter().enumerate() {
            texts.push(mark.to_string());
            slots.push(Slot::Block(i));
        }
        let automaton = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .build(&texts)
            .expect("the stand-ins make an automaton");
        (automaton, slots)
    })
}

/// Whether the minifier treats `value` like its stand-in: no characters
/// that change escaping, single spaces inside only, and characters that an
/// unquoted attribute value cannot hold only beside a space (which makes
/// the minifier quote the value as it quotes a stand-in with a space).
fn plain(value: &str) -> bool {
    let spaced = value.contains(' ');
    !value.is_empty()
        && value.trim() == value
        && !value.contains("  ")
        && !value.chars().any(|c| {
            matches!(c, '"' | '&' | '<' | '>')
                || (matches!(c, '\'' | '=' | '`') && !spaced)
                || (c.is_whitespace() && c != ' ')
                || c.is_control()
                || STAND_IN_CHARS.contains(&c)
        })
}

/// One shared page as a local site takes it.
#[derive(Debug)]
struct Kept {
    /// Hash of the page's view with stand-ins, and its body.
    view: u64,
    /// Hash of the shared site's page as written.
    page: u64,
    /// Where the shared site's values are in its page: offset, length, slot.
    slots: Vec<(u32, u32, Slot)>,
}

/// The shared site's article pages, for the local sites.
#[derive(Debug, Default)]
pub(super) struct KeptPages {
    pages: RwLock<HashMap<String, Kept>>,
    /// The shared site's output folder, once it is written.
    root: OnceLock<PathBuf>,
    /// Off when the shared site's pages could not be made this way.
    off: AtomicBool,
    /// Pages local sites took.
    taken: AtomicUsize,
    /// The hashes' key, chosen at random for each build.
    state: foldhash::quality::RandomState,
}

impl KeptPages {
    /// Notes where the shared site was written: its pages can be taken now.
    pub(super) fn written_to(&self, root: PathBuf) {
        let _ = self.root.set(root);
    }

    /// How many pages local sites took from the shared site.
    pub(super) fn taken(&self) -> usize {
        self.taken.load(Ordering::Relaxed)
    }
}

/// How a site takes part.
#[derive(Debug, Clone, Copy)]
pub(super) enum Role<'a> {
    /// The shared site: keeps its pages.
    Keep(&'a KeptPages),
    /// A local site: takes the pages it can.
    Take(&'a KeptPages),
}

/// One site's article pages made with stand-ins.
pub(super) struct Pages<'a> {
    role: Role<'a>,
    base: String,
    base_encoded: String,
    titles: Vec<String>,
    codes: Vec<String>,
    /// The templates whose pages are made this way.
    templates: Vec<&'static str>,
    /// Off after a page made this way differed from the page rendered in full.
    off: AtomicBool,
}

/// A page's view with stand-ins, and its values.
struct Neutral {
    /// The view as JSON.
    text: String,
    hash: u64,
    precache: String,
}

/// A page's blocks, in the order of [`MARKS`].
type Made = [Option<std::sync::Arc<blocks::Block>>; 4];

impl<'a> Pages<'a> {
    /// The site's part, when its address, titles and theme allow it.
    pub(super) fn new(role: Role<'a>, config: &Config, templates: &Templates) -> Option<Self> {
        let plain_url = |url: &str| {
            url.chars()
                .all(|c| c.is_ascii_alphanumeric() || ":/._~-".contains(c))
        };
        let titles: Vec<String> = config.languages.iter().map(|l| l.title.clone()).collect();
        let usable = config.minify
            && plain_url(&config.base_url)
            && config.base_url.ends_with('/')
            && titles.len() <= MAX_LANGUAGES
            && titles.iter().all(|t| plain(t));
        let shown_by_blocks = |template: &&str| {
            templates.has(template)
                && !blocks::VARIABLES
                    .iter()
                    .any(|name| templates.reads(template, name))
        };
        let templates: Vec<&'static str> = TEMPLATES.into_iter().filter(shown_by_blocks).collect();
        (usable && !templates.is_empty()).then(|| Self {
            templates,
            role,
            base: config.base_url.clone(),
            base_encoded: percent_encoded(&config.base_url),
            titles,
            codes: config
                .languages
                .iter()
                .map(|l| l.code().to_string())
                .collect(),
            off: AtomicBool::new(false),
        })
    }

    /// The page `path` with `view`, made this way; `None` when it must be
    /// rendered in full.
    pub(super) fn page(
        &self,
        config: &Config,
        templates: &Templates,
        made: &blocks::Blocks,
        template: &str,
        path: &str,
        view: &mut PageView,
    ) -> Option<Result<Vec<u8>, Diagnostic>> {
        if !self.takes(template) {
            return None;
        }
        if self.off.load(Ordering::Relaxed) || self.kept().off.load(Ordering::Relaxed) {
            return None;
        }
        if let Role::Take(kept) = self.role {
            kept.root.get()?;
        }
        // The body is hashed and put in on its own.
        let body = std::mem::take(&mut view.body);
        let page = self.page_with(config, templates, made, template, path, view, &body);
        view.body = body;
        page
    }

    /// Whether pages of `template` are made this way.
    pub(super) fn takes(&self, template: &str) -> bool {
        self.templates.contains(&template)
    }

    /// [`Pages::page`] with the view's body apart.
    #[allow(clippy::too_many_arguments)]
    fn page_with(
        &self,
        config: &Config,
        templates: &Templates,
        made: &blocks::Blocks,
        template: &str,
        path: &str,
        view: &PageView,
        body: &str,
    ) -> Option<Result<Vec<u8>, Diagnostic>> {
        let neutral = self.neutral(view, body)?;
        match self.role {
            Role::Keep(kept) => {
                let blocks = match made.made(config, templates, view) {
                    Ok(b) => b,
                    Err(d) => return Some(Err(d)),
                };
                let page = match render(config, templates, template, &neutral, body) {
                    Ok(p) => p,
                    Err(d) => return Some(Err(d)),
                };
                let (html, slots) = self.fill_in(&page, &neutral.precache, &blocks)?;
                let page_hash = kept.state.hash_one(&html);
                kept.pages
                    .write()
                    .unwrap_or_else(std::sync::PoisonError::into_inner)
                    .insert(
                        path.to_string(),
                        Kept {
                            view: neutral.hash,
                            page: page_hash,
                            slots,
                        },
                    );
                Some(Ok(html))
            }
            Role::Take(kept) => {
                let root = kept.root.get()?;
                let pages = kept
                    .pages
                    .read()
                    .unwrap_or_else(std::sync::PoisonError::into_inner);
                let page = pages.get(path).filter(|k| k.view == neutral.hash)?;
                // The shared site's page as written, unless it changed since.
                let shared = std::fs::read(root.join(path)).ok()?;
                if kept.state.hash_one(&shared) != page.page {
                    return None;
                }
                let blocks = match made.made(config, templates, view) {
                    Ok(b) => b,
                    Err(d) => return Some(Err(d)),
                };
                let mut out = Vec::with_capacity(shared.len() + 4096);
                let mut from = 0usize;
                for &(at, len, slot) in &page.slots {
                    let (at, len) = (at as usize, len as usize);
                    out.extend_from_slice(shared.get(from..at)?);
                    let value = self.value(slot, &neutral.precache, &blocks)?;
                    out.extend_from_slice(value.as_bytes());
                    from = at + len;
                }
                out.extend_from_slice(shared.get(from..)?);
                kept.taken.fetch_add(1, Ordering::Relaxed);
                Some(Ok(out))
            }
        }
    }

    /// Makes the page `path` this way and in full and compares them; on a
    /// difference, pages are rendered in full from then on (on the shared
    /// site, for the local sites too). Returns the page.
    pub(super) fn check(
        &self,
        config: &Config,
        templates: &Templates,
        made: &blocks::Blocks,
        template: &str,
        path: &str,
        view: &mut PageView,
    ) -> Option<Result<Vec<u8>, Diagnostic>> {
        let fast = self.page(config, templates, made, template, path, view)?;
        let full = super::page_html(config, templates, made, template, view.clone());
        match (fast, full) {
            (Ok(fast), Ok(full)) if fast == full => Some(Ok(full)),
            (_, full) => {
                self.off.store(true, Ordering::Relaxed);
                if let Role::Keep(kept) = self.role {
                    kept.off.store(true, Ordering::Relaxed);
                }
                Some(full)
            }
        }
    }

    /// The shared site's pages.
    fn kept(&self) -> &'a KeptPages {
        match self.role {
            Role::Keep(kept) | Role::Take(kept) => kept,
        }
    }

    /// This site's value of a slot.
    fn value<'v>(&'v self, slot: Slot, precache: &'v str, blocks: &'v Made) -> Option<&'v str> {
        match slot {
            Slot::Base => Some(&self.base),
            Slot::BaseEncoded => Some(&self.base_encoded),
            Slot::Title(lang) => self.titles.get(lang).map(String::as_str),
            Slot::Precache => Some(precache),
            Slot::Block(i) => Some(blocks.get(i)?.as_ref().map_or("", |b| b.minified())),
        }
    }

    /// The page with this site's values for the stand-ins, and where they went.
    #[allow(clippy::type_complexity)]
    fn fill_in(
        &self,
        page: &[u8],
        precache: &str,
        blocks: &Made,
    ) -> Option<(Vec<u8>, Vec<(u32, u32, Slot)>)> {
        // A stand-in the minifier escaped would be left in the page.
        if memchr::memmem::find(page, b"\\ue0").is_some()
            || memchr::memmem::find(page, b"\\uE0").is_some()
        {
            return None;
        }
        let (automaton, kinds) = patterns();
        let mut out = Vec::with_capacity(page.len() + 4096);
        let mut slots = Vec::new();
        let mut from = 0;
        for found in automaton.find_iter(page) {
            out.extend_from_slice(&page[from..found.start()]);
            let slot = kinds[found.pattern().as_usize()];
            let value = self.value(slot, precache, blocks)?;
            slots.push((
                u32::try_from(out.len()).ok()?,
                u32::try_from(value.len()).ok()?,
                slot,
            ));
            out.extend_from_slice(value.as_bytes());
            from = found.end();
        }
        out.extend_from_slice(&page[from..]);
        // Every stand-in went; none is left in another form.
        if stand_in_chars(&out) > 0 {
            return None;
        }
        Some((out, slots))
    }

    /// The view with stand-ins for this site's values, the blocks marked.
    fn neutral(&self, view: &PageView, body: &str) -> Option<Neutral> {
        if stand_in_chars(body.as_bytes()) > 0 || body.contains("data-lotse-block") {
            return None;
        }
        let mut neutral = view.clone();
        // Shown through blocks only (see `Pages::new`).
        neutral.contact = None;
        neutral.services = None;
        neutral.local = None;
        neutral.footer_pages = Vec::new();
        if !body.is_empty() {
            neutral.body = String::from_utf8_lossy(super::BODY_MARK).into_owned();
        }
        neutral.blocks = crate::template::views::Blocks {
            contact: MARKS[0].to_string(),
            services: MARKS[1].to_string(),
            notice: MARKS[2].to_string(),
            pages: MARKS[3].to_string(),
        };
        // The site's titles, by the language they belong to.
        let mut stand_ins = 0;
        let mut title = |language: &mut crate::template::views::LanguageView| -> Option<()> {
            let i = self.codes.iter().position(|c| *c == language.code)?;
            if language.title != self.titles[i] {
                return None;
            }
            language.title = stand_in('t', i, language.title.contains(' '));
            stand_ins += 1;
            Some(())
        };
        title(&mut neutral.lang)?;
        if let Some(body_lang) = &mut neutral.body_lang {
            title(body_lang)?;
        }
        for language in &mut neutral.languages {
            title(language)?;
        }
        let mut precache = String::new();
        if let Some(offline) = &mut neutral.offline {
            if !offline.precache.is_empty() {
                if !plain(&offline.precache) {
                    return None;
                }
                let lang = self.codes.iter().position(|c| *c == view.lang.code)?;
                let spaced = offline.precache.contains(' ');
                precache = std::mem::replace(&mut offline.precache, stand_in('p', lang, spaced));
                stand_ins += 1;
            }
        }
        let text = serde_json::to_string(&neutral).ok()?;
        // Text of the page itself that looks like a stand-in or a mark would
        // be taken for one.
        let encoded_base = percent_encoded(BASE);
        let marks = memchr::memmem::find_iter(text.as_bytes(), b"data-lotse-block").count();
        if marks != MARKS.len() || text.contains(&encoded_base) || body.contains(&encoded_base) {
            return None;
        }
        // The site's address, wherever it is.
        let bases = memchr::memmem::find_iter(text.as_bytes(), self.base.as_bytes()).count();
        let text = text
            .replace(&self.base, BASE)
            .replace(&self.base_encoded, &encoded_base);
        // Only the stand-ins hold their characters: two for each title and
        // list, one for each address.
        if stand_in_chars(text.as_bytes()) != 2 * stand_ins + bases {
            return None;
        }
        let state = &self.kept().state;
        let hash = state.hash_one((&text, body));
        Some(Neutral {
            text,
            hash,
            precache,
        })
    }
}

/// How many of the stand-ins' characters (U+E000 to U+E00F, EE 80 80 to
/// EE 80 8F in UTF-8) `bytes` holds.
fn stand_in_chars(bytes: &[u8]) -> usize {
    memchr::memmem::find_iter(bytes, b"\xEE\x80")
        .filter(|&at| bytes.get(at + 2).is_some_and(|b| (0x80..=0x8F).contains(b)))
        .count()
}

/// The page of a view with stand-ins: rendered, minified, the body put in.
fn render(
    config: &Config,
    templates: &Templates,
    template: &str,
    neutral: &Neutral,
    body: &str,
) -> Result<Vec<u8>, Diagnostic> {
    let value: Value = serde_json::from_str(&neutral.text)
        .map_err(|e| Diagnostic::error(template, None, format!("internal: {e}")))?;
    let page = output::minify(&templates.render(config, template, &value)?);
    if body.is_empty() {
        return Ok(page);
    }
    let body = crate::markdown::compact::compact(body);
    let parts = [(super::BODY_MARK, std::borrow::Cow::Borrowed(body.as_str()))];
    super::splice(&page, &parts).ok_or_else(|| {
        Diagnostic::error(
            template,
            None,
            "internal: the body's mark is not there once",
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_the_minifier_quotes_like_their_stand_ins_are_plain() {
        for value in [
            "Lotse",
            "Lotse Musterstadt",
            "Almanya'ya yeni gelenler",
            "a = b",
        ] {
            assert!(plain(value), "{value}");
        }
        for value in [
            "", " Lotse", "Lotse ", "a  b", "a\"b c", "a&b c", "a<b c", "it's", "a=b", "a\tb",
        ] {
            assert!(!plain(value), "{value:?}");
        }
        assert!(!plain(&stand_in('t', 3, true)));
    }

    #[test]
    fn stand_in_characters_are_counted_in_bytes() {
        assert_eq!(stand_in_chars(stand_in('t', 1, false).as_bytes()), 2);
        assert_eq!(stand_in_chars(BASE.as_bytes()), 1);
        // U+E010 and other characters are not stand-ins.
        assert_eq!(stand_in_chars("\u{E010}ä€x".as_bytes()), 0);
        assert_eq!(stand_in_chars(percent_encoded(BASE).as_bytes()), 0);
    }

    #[test]
    fn every_stand_in_is_found_with_its_slot() {
        let (automaton, slots) = patterns();
        let text = format!(
            "{}a{}b{}c{}d{}",
            stand_in('t', 10, true),
            stand_in('t', 1, false),
            BASE,
            percent_encoded(BASE),
            MARKS[2]
        );
        let found: Vec<Slot> = automaton
            .find_iter(&text)
            .map(|m| slots[m.pattern().as_usize()])
            .collect();
        assert_eq!(
            found,
            [
                Slot::Title(10),
                Slot::Title(1),
                Slot::Base,
                Slot::BaseEncoded,
                Slot::Block(2)
            ]
        );
    }
}
