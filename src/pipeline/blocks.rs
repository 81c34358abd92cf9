//! Blocks that many pages of a site share (the contact block, a box of local
//! services): each distinct block is rendered from the theme's `blocks/`
//! templates and minified once per build, then put into every page that
//! shows it.

use std::sync::{Arc, RwLock};

use rustc_hash::FxHashMap;
use serde::Serialize;

use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::output;
use crate::template::views::{LanguageView, PageView};
use crate::template::Templates;

/// The template of the contact block.
pub(super) const CONTACT: &str = "blocks/contact.html";
/// The template of the services box.
pub(super) const SERVICES: &str = "blocks/services.html";
/// The template of the note on a local site's example data.
pub(super) const NOTICE: &str = "blocks/notice.html";
/// The template of the list of standalone pages.
pub(super) const PAGES: &str = "blocks/pages.html";

/// Marks that stand in for the blocks while the page around them is
/// minified: block elements, as the blocks are, already in minified form.
const CONTACT_MARK: &str = "<div data-lotse-block=contact></div>";
const SERVICES_MARK: &str = "<div data-lotse-block=services></div>";
const NOTICE_MARK: &str = "<div data-lotse-block=notice></div>";
const PAGES_MARK: &str = "<div data-lotse-block=pages></div>";

/// The blocks' marks.
pub(super) const MARKS: [&str; 4] = [CONTACT_MARK, SERVICES_MARK, NOTICE_MARK, PAGES_MARK];

/// The view's variables that pages show through blocks only.
pub(super) const VARIABLES: [&str; 4] = ["contact", "services", "local", "footer_pages"];

/// What [`Blocks::fill`] puts into the view.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Fill {
    /// Each block's HTML.
    Html,
    /// A mark for each block that is not empty.
    Marks,
}

/// One block, as rendered and minified.
#[derive(Debug)]
pub(super) struct Block {
    raw: String,
    minified: String,
}

impl Block {
    /// The block's minified HTML.
    pub(super) fn minified(&self) -> &str {
        &self.minified
    }
}

/// A block to put in for its mark after minifying.
pub(super) struct Placed {
    /// The mark in the minified page.
    pub(super) mark: &'static str,
    block: Arc<Block>,
}

impl Placed {
    /// The block's minified HTML.
    pub(super) fn html(&self) -> &str {
        &self.block.minified
    }
}

/// A block's template and its data as JSON.
type BlockKey = (&'static str, Vec<u8>);

/// The blocks of one site's build, by template and content.
#[derive(Debug, Default)]
pub(super) struct Blocks {
    made: RwLock<FxHashMap<BlockKey, Arc<Block>>>,
}

#[derive(Serialize)]
struct ContactContext<'a> {
    lang: &'a LanguageView,
    contact: &'a crate::template::views::ContactView,
}

#[derive(Serialize)]
struct ServicesContext<'a> {
    lang: &'a LanguageView,
    services: &'a crate::template::services::ServicesView,
}

#[derive(Serialize)]
struct PagesContext<'a> {
    lang: &'a LanguageView,
    footer_pages: &'a [crate::template::views::Link],
}

#[derive(Serialize)]
struct NoticeContext<'a> {
    lang: &'a LanguageView,
    local: &'a crate::template::views::LocalView,
}

impl Blocks {
    /// Sets the view's blocks as `fill` says; returns the blocks to put in
    /// for their marks, in the order of [`MARKS`] (only those marked).
    /// Without the theme's block template a block stays empty.
    pub(super) fn fill(
        &self,
        config: &Config,
        templates: &Templates,
        view: &mut PageView,
        fill: Fill,
    ) -> Result<Vec<Placed>, Diagnostic> {
        let made = self.made(config, templates, view)?;
        let mut placed = Vec::new();
        let [contact, services, notice, pages] = made;
        let mut put = |block: Option<Arc<Block>>, mark: &'static str| -> String {
            match (fill, block) {
                (_, None) => String::new(),
                (Fill::Html, Some(block)) => block.raw.clone(),
                // An empty block leaves the page as without it.
                (Fill::Marks, Some(block)) if block.raw.trim().is_empty() => String::new(),
                (Fill::Marks, Some(block)) => {
                    placed.push(Placed { mark, block });
                    mark.to_string()
                }
            }
        };
        view.blocks.contact = put(contact, CONTACT_MARK);
        view.blocks.services = put(services, SERVICES_MARK);
        view.blocks.notice = put(notice, NOTICE_MARK);
        view.blocks.pages = put(pages, PAGES_MARK);
        Ok(placed)
    }

    /// The blocks of the view, in the order of [`MARKS`].
    pub(super) fn made(
        &self,
        config: &Config,
        templates: &Templates,
        view: &PageView,
    ) -> Result<[Option<Arc<Block>>; 4], Diagnostic> {
        let mut made: [Option<Arc<Block>>; 4] = [None, None, None, None];
        if let (Some(contact), true) = (&view.contact, templates.has(CONTACT)) {
            let context = ContactContext {
                lang: &view.lang,
                contact,
            };
            made[0] = Some(self.get(config, templates, CONTACT, &context)?);
        }
        if let (Some(services), true) = (&view.services, templates.has(SERVICES)) {
            let context = ServicesContext {
                lang: &view.lang,
                services,
            };
            made[1] = Some(self.get(config, templates, SERVICES, &context)?);
        }
        if let (Some(local), true) = (&view.local, templates.has(NOTICE)) {
            let context = NoticeContext {
                lang: &view.lang,
                local,
            };
            made[2] = Some(self.get(config, templates, NOTICE, &context)?);
        }
        if !view.footer_pages.is_empty() && templates.has(PAGES) {
            let context = PagesContext {
                lang: &view.lang,
                footer_pages: &view.footer_pages,
            };
            made[3] = Some(self.get(config, templates, PAGES, &context)?);
        }
        Ok(made)
    }

    /// The block of `template` for `context`, rendered once.
    fn get(
        &self,
        config: &Config,
        templates: &Templates,
        template: &'static str,
        context: &impl Serialize,
    ) -> Result<Arc<Block>, Diagnostic> {
        let json = serde_json::to_vec(context)
            .map_err(|e| Diagnostic::error(template, None, format!("internal: block data: {e}")))?;
        let key = (template, json);
        if let Some(block) = read(&self.made).get(&key) {
            return Ok(block.clone());
        }
        let raw = templates.render(config, template, context)?;
        let minified = if config.minify {
            String::from_utf8(output::minify(&raw)).unwrap_or_default()
        } else {
            String::new()
        };
        let block = Arc::new(Block {
            raw: String::from_utf8(raw).unwrap_or_default(),
            minified,
        });
        self.made
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .insert(key, block.clone());
        Ok(block)
    }
}

/// The value behind a read lock, also after a panic elsewhere.
fn read<T>(lock: &RwLock<T>) -> std::sync::RwLockReadGuard<'_, T> {
    lock.read()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}
