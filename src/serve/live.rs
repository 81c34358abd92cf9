//! The site as `serve` keeps it between edits: the rendered site, which
//! search indexes wait to be rebuilt, and whether the last update failed
//! half-way (then the next one is a full build).

use std::path::PathBuf;

use rayon::prelude::*;

use crate::error::Result;
use crate::output::OutputFile;
use crate::pipeline::{render_site, BuildOptions, RenderedSite, SearchRefresh, Update};

/// A rendered site and what `serve` keeps between its updates.
pub struct Live {
    /// The site as last rendered.
    pub site: RenderedSite,
    options: BuildOptions,
    /// Languages whose search index waits for [`Live::take_search_refresh`].
    stale_search: Vec<usize>,
    /// Per language, the generation of the search index in the site's files.
    search_generation: Vec<u64>,
    /// The last generation handed out.
    generation: u64,
    /// Set when an update failed half-way: the next update is a full one.
    dirty: bool,
}

impl Live {
    /// Renders the site in full.
    pub fn render(options: &BuildOptions) -> Result<Self> {
        Ok(Self::new(options.clone(), render_site(options)?))
    }

    /// Keeps a site rendered with `options`.
    pub fn new(options: BuildOptions, site: RenderedSite) -> Self {
        let mut live = Self {
            site,
            options,
            stale_search: Vec::new(),
            search_generation: Vec::new(),
            generation: 0,
            dirty: false,
        };
        live.fresh_search();
        live
    }

    /// Every search index is current: newer than any refresh handed out.
    fn fresh_search(&mut self) {
        self.generation += 1;
        self.search_generation = vec![self.generation; self.site.config.languages.len()];
    }

    /// Brings the site up to date after `changed` files changed on disk:
    /// only what an edit changed where possible, else in full. On error the
    /// pages stay as they were and the next update is a full one.
    pub fn update(&mut self, changed: &[PathBuf]) -> Result<Update> {
        let edit = if self.dirty {
            None
        } else {
            self.site.edit(changed)
        };
        match edit {
            Some(Ok(edit)) => {
                // Search indexes take longer than pages: they are brought up
                // to date after the pages are served.
                for lang in edit.search {
                    if !self.stale_search.contains(&lang) {
                        self.stale_search.push(lang);
                    }
                }
                Ok(Update::Incremental { files: edit.files })
            }
            Some(Err(e)) => {
                self.dirty = true;
                Err(e)
            }
            None => match render_site(&self.options) {
                Ok(site) => {
                    self.site = site;
                    self.stale_search.clear();
                    self.dirty = false;
                    self.fresh_search();
                    Ok(Update::Full)
                }
                Err(e) => {
                    self.dirty = true;
                    Err(e)
                }
            },
        }
    }

    /// The search indexes that updates left behind, detached from the site:
    /// build them with [`SearchRefresh::run`] without holding it, then hand
    /// them to [`Live::apply_search`].
    pub fn take_search_refresh(&mut self) -> Vec<SearchRefresh> {
        let mut langs = std::mem::take(&mut self.stale_search);
        langs.sort_unstable();
        langs
            .into_iter()
            .map(|lang| {
                self.generation += 1;
                self.site.search_refresh(lang, self.generation)
            })
            .collect()
    }

    /// Puts a rebuilt search index in place unless a newer one is there
    /// already; returns its path when it was put in place.
    pub fn apply_search(&mut self, refresh: &SearchRefresh, file: OutputFile) -> Option<String> {
        let current = self.search_generation.get_mut(refresh.lang())?;
        if *current >= refresh.generation() {
            return None;
        }
        *current = refresh.generation();
        let path = file.path.clone();
        self.site.put(file);
        Some(path)
    }

    /// Rebuilds the search indexes that updates left behind, here and now;
    /// returns the paths written.
    pub fn refresh_search(&mut self) -> Vec<String> {
        let refreshes = self.take_search_refresh();
        let files: Vec<OutputFile> = refreshes.par_iter().map(SearchRefresh::run).collect();
        refreshes
            .iter()
            .zip(files)
            .filter_map(|(refresh, file)| self.apply_search(refresh, file))
            .collect()
    }
}
