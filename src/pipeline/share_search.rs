//! Search work that local sites share with the shared site: the shared
//! site keeps the tokens of each page of its search indexes, and a local
//! site that shows a page's body as the shared site does (it took the
//! shared page's Markdown rendering) takes them instead of reading the
//! body again. The indexes are the same bytes as built from the text.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, PoisonError, RwLock};

use crate::content::Page;
use crate::search::index::{build_mixed_index, build_recorded_index, MixedDoc, PreparedDoc};
use crate::search::{build_language_index, sections_from_html, SearchDoc};

use super::share::Share;

/// The shared site's prepared search tokens, kept for the local sites.
#[derive(Debug, Default)]
pub(super) struct SharedSearch {
    /// By language code, each page's prepared tokens by source file.
    languages: RwLock<HashMap<String, HashMap<PathBuf, Kept>>>,
    /// The pages whose Markdown rendering the local site being built took
    /// from the shared site.
    taken: Mutex<HashSet<PathBuf>>,
    /// How many documents of the local sites' indexes were taken prepared.
    reused: AtomicUsize,
}

/// One page's tokens and the file version they were made from.
#[derive(Debug)]
struct Kept {
    digest: u64,
    doc: PreparedDoc,
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

    /// Heap bytes of the kept tokens (without the shared vocabularies).
    pub(super) fn size(&self) -> usize {
        let languages = self
            .languages
            .read()
            .unwrap_or_else(PoisonError::into_inner);
        languages
            .values()
            .flat_map(|pages| pages.values())
            .map(|kept| kept.doc.size())
            .sum()
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
            let kept = sources
                .iter()
                .zip(prepared)
                .map(|(source, doc)| {
                    let kept = Kept {
                        digest: source.page.digest,
                        doc,
                    };
                    (source.page.source.clone(), kept)
                })
                .collect();
            markdown
                .search()
                .languages
                .write()
                .unwrap_or_else(PoisonError::into_inner)
                .insert(code.to_string(), kept);
            json
        }
        Share::Reuse(markdown) => {
            let store = markdown.search();
            let languages = store
                .languages
                .read()
                .unwrap_or_else(PoisonError::into_inner);
            let taken = store.taken.lock().unwrap_or_else(PoisonError::into_inner);
            let kept = languages.get(code);
            let prepared: Vec<Option<&PreparedDoc>> = sources
                .iter()
                .map(|source| {
                    let kept = kept?.get(&source.page.source)?;
                    let same = kept.digest == source.page.digest
                        && taken.contains(&source.page.source)
                        && kept.doc.title() == source.title
                        && kept.doc.url() == source.url;
                    same.then_some(&kept.doc)
                })
                .collect();
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
