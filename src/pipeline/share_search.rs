//! Search work that local sites share with the shared site: the shared
//! site keeps the tokens of each page of its search indexes, and a local
//! site that shows a page's body as the shared site does (it took the
//! shared page's Markdown rendering) takes them instead of reading the
//! body again. The indexes are the same bytes as built from the text.
//!
//! The tokens are kept in a temporary file, one block per language, read
//! back while a local site builds that language's index: held in memory,
//! the 12 × 1,000 pages' took about 38 MB, and `build --all` has to stay
//! under twice the memory of the shared site's build.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, PoisonError, RwLock};

use crate::content::Page;
use crate::search::index::{
    build_mixed_index, build_recorded_index, pack_prepared, unpack_prepared, MixedDoc, PreparedDoc,
};
use crate::search::{build_language_index, sections_from_html, SearchDoc};

use super::share::Share;
use super::spill::{Place, Spill};

/// The shared site's prepared search tokens, kept for the local sites.
#[derive(Debug, Default)]
pub(super) struct SharedSearch {
    /// The file the tokens are kept in.
    file: Spill,
    /// By language code, where its block is and its pages.
    languages: RwLock<HashMap<String, Kept>>,
    /// The pages whose Markdown rendering the local site being built took
    /// from the shared site.
    taken: Mutex<HashSet<PathBuf>>,
    /// How many documents of the local sites' indexes were taken prepared.
    reused: AtomicUsize,
}

/// Each page's file version and place in its language's block, by source file.
type Places = HashMap<PathBuf, (u64, usize)>;

/// One language's kept tokens.
#[derive(Debug)]
struct Kept {
    /// Where its block is in the file.
    block: Place,
    /// Each page's file version and place in the block, by source file.
    pages: Places,
}

/// One document of a language's index.
pub(super) struct Source<'a> {
    /// The title of the article.
    pub(super) title: &'a str,
    /// Its address.
    pub(super) url: String,
    /// The page whose rendered body is indexed, and that body.
    pub(super) page: &'a Page,
    pub(super) html: &'a str,
}

impl SharedSearch {
    /// How many documents of local sites' indexes were taken prepared.
    pub(super) fn reused(&self) -> usize {
        self.reused.load(Ordering::Relaxed)
    }

    /// Forgets the pages taken by the previous local site.
    pub(super) fn start_site(&self) {
        self.taken
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clear();
    }

    /// Notes that the local site being built took the shared rendering of `source`.
    pub(super) fn took(&self, source: &Path) {
        self.taken
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(source.to_path_buf());
    }

    /// Bytes of the kept tokens of all languages.
    pub(super) fn size(&self) -> usize {
        let languages = self
            .languages
            .read()
            .unwrap_or_else(PoisonError::into_inner);
        languages.values().map(|kept| kept.block.len()).sum()
    }

    /// Keeps a language's prepared documents; nothing when the file fails.
    fn keep(&self, code: &str, pages: Places, docs: &[PreparedDoc]) {
        let Some(block) = self.file.put(&pack_prepared(docs)) else {
            return;
        };
        let kept = Kept { block, pages };
        self.languages
            .write()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(code.to_string(), kept);
    }

    /// A language's prepared documents, read back, and its pages.
    fn read(&self, code: &str) -> Option<(Vec<PreparedDoc>, Places)> {
        let languages = self
            .languages
            .read()
            .unwrap_or_else(PoisonError::into_inner);
        let kept = languages.get(code)?;
        let block = self.file.get(kept.block)?;
        Some((unpack_prepared(&block)?, kept.pages.clone()))
    }
}

/// The JSON search index of language `code` over `sources`: on the shared
/// site also keeping each page's tokens, on a local site taking them where
/// the page's body, title and address are the shared site's.
pub(super) fn language_index(share: Share<'_>, code: &str, sources: &[Source<'_>]) -> String {
    let as_text = |source: &Source<'_>| SearchDoc {
        title: source.title.to_string(),
        url: source.url.clone(),
        sections: sections_from_html(source.html),
    };
    match share {
        Share::Off => {
            let docs: Vec<SearchDoc> = sources.iter().map(as_text).collect();
            build_language_index(code, &docs)
        }
        Share::Keep(markdown) => {
            let docs: Vec<SearchDoc> = sources.iter().map(as_text).collect();
            let (json, prepared) = build_recorded_index(code, &docs);
            let pages = sources
                .iter()
                .enumerate()
                .map(|(i, source)| (source.page.source.clone(), (source.page.digest, i)))
                .collect();
            markdown.search().keep(code, pages, &prepared);
            json
        }
        Share::Reuse(markdown) => {
            let store = markdown.search();
            let (kept, pages) = store.read(code).unwrap_or_default();
            let taken = store.taken.lock().unwrap_or_else(PoisonError::into_inner);
            let prepared: Vec<Option<&PreparedDoc>> = sources
                .iter()
                .map(|source| {
                    let &(digest, i) = pages.get(&source.page.source)?;
                    let doc = kept.get(i)?;
                    let same = digest == source.page.digest
                        && taken.contains(&source.page.source)
                        && doc.title() == source.title
                        && doc.url() == source.url;
                    same.then_some(doc)
                })
                .collect();
            drop(taken);
            let texts: Vec<Option<SearchDoc>> = sources
                .iter()
                .zip(&prepared)
                .map(|(source, p)| p.is_none().then(|| as_text(source)))
                .collect();
            let docs: Vec<MixedDoc<'_>> = prepared
                .iter()
                .zip(&texts)
                .filter_map(|pair| match pair {
                    (Some(doc), _) => Some(MixedDoc::Prepared(doc)),
                    (None, Some(doc)) => Some(MixedDoc::Text(doc)),
                    (None, None) => None,
                })
                .collect();
            let reused = prepared.iter().flatten().count();
            store.reused.fetch_add(reused, Ordering::Relaxed);
            build_mixed_index(code, &docs)
        }
    }
}
