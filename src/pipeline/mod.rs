//! The only place that knows the order of the stages:
//! load the site, render the Markdown of every page, render the templates,
//! write the output.

mod blocks;
mod directory;
mod files;
mod neutral;
mod share;
mod share_search;
mod spill;

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::config::Config;
use crate::content::{self, page_path, Content, Date, LoadOptions, PageKind};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::error::{Error, Result};
use crate::feeds;
use crate::freshness::{self, Freshness};
use crate::i18n::I18n;
use crate::markdown::{self, links, LinkResolver, Rendered};
use crate::output::{self, OutputFile};
use crate::template::views::{PageView, ViewBuilder};
use crate::template::Templates;

pub use crate::hash::short_hash;
use share::Share;
pub use share::SharedMarkdown;

/// What to build and where.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// The site root (where `site.toml` is).
    pub root: PathBuf,
    /// The output folder; `public/` under the root by default.
    pub output: Option<PathBuf>,
    /// Include drafts.
    pub drafts: bool,
    /// Override the `minify` setting.
    pub minify: Option<bool>,
    /// The local site to build (`sites/<id>/`); the shared site when `None`.
    pub site: Option<String>,
}

impl BuildOptions {
    /// Options for the site in `root` with defaults.
    pub fn new(root: impl Into<PathBuf>) -> Self {
        Self {
            root: root.into(),
            output: None,
            drafts: false,
            minify: None,
            site: None,
        }
    }
}

/// What a build produced.
#[derive(Debug)]
pub struct BuildReport {
    /// Pages written per language code, in site order.
    pub pages_per_language: Vec<(String, usize)>,
    /// Number of files written.
    pub files: usize,
    /// Warnings (a successful build has no errors).
    pub warnings: Diagnostics,
    /// Wall time of the build.
    pub elapsed: Duration,
    /// Where the site was written.
    pub output: PathBuf,
}

/// A site rendered in memory: the output files and everything needed to
/// update them when a few sources change (see [`RenderedSite::edit`]).
pub struct RenderedSite {
    /// The configuration used.
    pub config: Config,
    /// Every output file, sorted by path.
    pub files: Vec<OutputFile>,
    /// Pages per language code.
    pub pages_per_language: Vec<(String, usize)>,
    /// Warnings.
    pub warnings: Diagnostics,
    /// The loaded pages.
    pub content: Content,
    /// Freshness of translations.
    pub freshness: Freshness,
    options: BuildOptions,
    i18n: Arc<I18n>,
    templates: Templates,
    rendered: Vec<Rendered>,
    images: BTreeMap<String, (String, usize, usize)>,
    stylesheet: String,
    script: Option<String>,
    search_script: Option<String>,
    speak_script: Option<String>,
    worker: Option<String>,
    theme_digest: String,
    assets_worker: Option<Vec<u8>>,
    today: Date,
    /// The referral directory, if the site has one.
    directory: Option<crate::directory::Directory>,
    /// Blocks rendered once for many pages.
    blocks: blocks::Blocks,
}

impl std::fmt::Debug for RenderedSite {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RenderedSite")
            .field("files", &self.files.len())
            .field("warnings", &self.warnings.warning_count())
            .finish()
    }
}

/// Builds the site and writes it to the output folder atomically.
///
/// Pages are written to a new folder as they are rendered, and only what
/// other pages need stays in memory; the new folder replaces the output
/// folder once everything succeeded.
pub fn build(options: &BuildOptions) -> Result<BuildReport> {
    let config = load_config(options)?;
    build_with(options, config, Share::Off)
}

/// Builds one site with its configuration, sharing Markdown as `share` says.
fn build_with(options: &BuildOptions, config: Config, share: Share<'_>) -> Result<BuildReport> {
    let start = Instant::now();
    let out = options.output.clone().unwrap_or_else(|| {
        default_output(&config.root, config.local.as_ref().map(|l| l.id.as_str()))
    });
    let out = output::check_output_dir(&config, &out)?;
    let staging = output::Staging::new(&out)?;
    // On error the staging folder is dropped, and removed, here.
    let site = render(options, config, Sink::Disk(&staging), share)?;
    staging.commit()?;
    Ok(BuildReport {
        pages_per_language: site.pages_per_language,
        files: site.files.len(),
        warnings: site.warnings,
        elapsed: start.elapsed(),
        output: out,
    })
}

/// The id under which `build --all` writes the shared site.
pub const SHARED_SITE_ID: &str = crate::config::local::SHARED_ID;

/// The folder that local sites are written to by default, one folder per site.
pub const SITES_OUTPUT: &str = "public-sites";

/// Where a site is written without `--output`: the shared site to
/// `public/`, a local site to `public-sites/<id>/`.
pub fn default_output(root: &std::path::Path, site: Option<&str>) -> PathBuf {
    match site {
        None => root.join("public"),
        Some(id) => root.join(SITES_OUTPUT).join(id),
    }
}

/// The site's configuration (the local site's, if the options name one),
/// with the options' overrides.
fn load_config(options: &BuildOptions) -> Result<Config> {
    let shared = Config::load(&options.root).map_err(Error::Invalid)?;
    let mut config = match &options.site {
        None => shared,
        Some(id) => shared.load_local(id).map_err(Error::Invalid)?,
    };
    if let Some(minify) = options.minify {
        config.minify = minify;
    }
    Ok(config)
}

/// One site's part of [`build_all`].
#[derive(Debug)]
pub struct SiteBuild {
    /// The site's id ([`SHARED_SITE_ID`] for the shared site).
    pub id: String,
    /// Its report, or why it failed (its previous output is untouched).
    pub result: Result<BuildReport>,
}

/// What [`build_all`] did.
#[derive(Debug)]
pub struct AllReport {
    /// Every site, the shared one first.
    pub sites: Vec<SiteBuild>,
    /// The Markdown files rendered, once per rendering, over all sites.
    pub markdown_renders: Vec<PathBuf>,
    /// How many local pages took the shared site's rendering.
    pub markdown_reused: usize,
    /// How many local pages were taken from the shared site's pages.
    pub pages_taken: usize,
    /// How many documents of local search indexes took the shared site's tokens.
    pub search_reused: usize,
    /// Bytes of the search tokens kept (in a temporary file) for the local sites.
    pub search_kept_bytes: usize,
}

/// Builds the shared site and every local site, each into its own folder
/// `out/<id>/`, each swapped in on its own: a site that fails leaves its
/// previous output as it was and the others are still built.
pub fn build_all(options: &BuildOptions, out: &std::path::Path) -> Result<AllReport> {
    let shared = Config::load(&options.root).map_err(Error::Invalid)?;
    let ids = crate::config::site_ids(&options.root).map_err(Error::Invalid)?;
    let markdown = SharedMarkdown::new();
    let mut sites = Vec::new();
    let site_options = |id: &str| BuildOptions {
        output: Some(out.join(id)),
        site: None,
        ..options.clone()
    };
    let mut config = shared.clone();
    if let Some(minify) = options.minify {
        config.minify = minify;
    }
    let result = build_with(
        &site_options(SHARED_SITE_ID),
        config,
        Share::Keep(&markdown),
    );
    if let Ok(report) = &result {
        // Local sites take article pages from the shared site's output.
        markdown.articles.written_to(report.output.clone());
    }
    sites.push(SiteBuild {
        id: SHARED_SITE_ID.to_string(),
        result,
    });
    for id in ids {
        let result = shared
            .load_local(&id)
            .map_err(Error::Invalid)
            .and_then(|mut config| {
                if let Some(minify) = options.minify {
                    config.minify = minify;
                }
                markdown.search().start_site();
                build_with(&site_options(&id), config, Share::Reuse(&markdown))
            });
        sites.push(SiteBuild { id, result });
    }
    Ok(AllReport {
        sites,
        markdown_renders: markdown.renders(),
        markdown_reused: markdown.reused(),
        pages_taken: markdown.articles.taken(),
        search_reused: markdown.search().reused(),
        search_kept_bytes: markdown.search().size(),
    })
}

/// Where rendered files go.
#[derive(Debug, Clone, Copy)]
enum Sink<'a> {
    /// Kept in memory, in [`RenderedSite::files`].
    Memory,
    /// Written as they are made; only their paths are kept.
    Disk(&'a output::Staging),
    /// Not written, after an error: only their paths are kept, for the
    /// checks that compare paths.
    Discard,
}

impl Sink<'_> {
    /// Passes a file on: on disk, writes it and keeps its path only.
    fn take(self, mut file: OutputFile) -> OutputFile {
        match self {
            Sink::Memory => {}
            Sink::Disk(staging) => {
                staging.write(&file);
                file.bytes = Vec::new();
            }
            Sink::Discard => file.bytes = Vec::new(),
        }
        file
    }

    /// Writing to disk stops once the build `failed`; in memory, files are kept.
    fn unless(self, failed: bool) -> Self {
        match self {
            Sink::Disk(_) if failed => Sink::Discard,
            other => other,
        }
    }
}

/// Loads, renders and lays out the whole site without writing anything.
pub fn render_site(options: &BuildOptions) -> Result<RenderedSite> {
    render(options, load_config(options)?, Sink::Memory, Share::Off)
}

/// Renders the site; files go to `sink`. The steps: load the site, render
/// the Markdown, prepare the theme's files, lay out the pages language by
/// language, then the files besides the pages.
fn render(
    options: &BuildOptions,
    config: Config,
    sink: Sink<'_>,
    share: Share<'_>,
) -> Result<RenderedSite> {
    let mut problems = Diagnostics::new();
    let loaded = load(options, config, sink, &mut problems)?;
    if let Share::Keep(shared) = share {
        shared.set_site(&loaded.config, &loaded.content);
    }
    // In memory every page is rendered now. On disk the originals are, and
    // each language's translations just before its pages are written, so
    // that only one language's bodies are held at a time.
    let stage = MarkdownStage::new(
        &loaded.config,
        &loaded.content,
        &loaded.i18n,
        &loaded.templates,
    )
    .sharing(share);
    let (rendered, later) = match sink {
        Sink::Memory => (stage.render_all(), Vec::new()),
        Sink::Disk(_) | Sink::Discard => stage.rereading().render_originals(),
    };
    for r in &rendered {
        problems.extend(r.problems.iter().cloned());
    }
    if let Sink::Memory = sink {
        problems.extend(links::check_anchors(&loaded.content, &rendered));
    }
    let Some(assets) = prepare_assets(&loaded, &mut problems) else {
        if !matches!(sink, Sink::Memory) {
            // Before giving up, the translations are checked too, as in memory.
            problems.extend(
                MarkdownStage::new(
                    &loaded.config,
                    &loaded.content,
                    &loaded.i18n,
                    &loaded.templates,
                )
                .rereading()
                .translation_problems(rendered, later),
            );
        }
        return Err(Error::Invalid(problems));
    };
    let (mut site, static_files) = RenderedSite::new(options, loaded, rendered, assets);
    let (mut files, counts) = write_pages(&mut site, later, sink, share, &mut problems)?;
    files.extend(besides_pages(
        &site,
        &files,
        static_files,
        sink,
        &mut problems,
    ));
    files::check_collisions(&files, &mut problems);
    if problems.has_errors() {
        return Err(Error::Invalid(problems));
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    site.pages_per_language = site
        .config
        .languages
        .iter()
        .zip(counts)
        .map(|(l, n)| (l.code().to_string(), n))
        .collect();
    site.files = files;
    site.warnings = problems;
    Ok(site)
}

/// A site's configuration with its UI strings, pages, templates and
/// referral directory.
struct Loaded {
    config: Config,
    i18n: Arc<I18n>,
    content: Content,
    templates: Templates,
    directory: Option<crate::directory::Directory>,
}

/// Loads the UI strings, the pages (front matter only when writing to
/// disk) and the theme's templates.
fn load(
    options: &BuildOptions,
    config: Config,
    sink: Sink<'_>,
    problems: &mut Diagnostics,
) -> Result<Loaded> {
    let i18n = collect(
        I18n::load_for_theme(&config, &crate::template::theme_arguments(&config)),
        problems,
    );
    let content = collect(
        content::load(
            &config,
            LoadOptions {
                drafts: options.drafts,
                // On disk, bodies are read again language by language.
                bodies: matches!(sink, Sink::Memory),
            },
        ),
        problems,
    );
    let (Some(i18n), Some(content)) = (i18n, content) else {
        return Err(Error::Invalid(std::mem::take(problems)));
    };
    // The referral directory (services.yaml), checked against the content.
    let directory = collect(directory::load(&config, &content), problems).flatten();
    let i18n = Arc::new(i18n);
    // The theme comes first: headings must not take the ids its templates use.
    let Some(templates) = collect(
        Templates::load(&config, i18n.clone()).map(|t| (t, Diagnostics::new())),
        problems,
    ) else {
        return Err(Error::Invalid(std::mem::take(problems)));
    };
    Ok(Loaded {
        config,
        i18n,
        content,
        templates,
        directory,
    })
}

/// The theme's and the site's static files, and what pages need of them.
struct Assets {
    /// The static files, to be written as they are (`sw.js` gets a version).
    files: Vec<OutputFile>,
    /// Preview images: path, URL, width and height.
    images: BTreeMap<String, (String, usize, usize)>,
    freshness: Freshness,
    stylesheet: String,
    script: Option<String>,
    search_script: Option<String>,
    speak_script: Option<String>,
    /// The service worker's URL, when offline reading is on.
    worker: Option<String>,
    /// A hash of the theme's files and templates.
    theme_digest: String,
}

/// Reads the static files and checks what the pages depend on (preview
/// images, translation chains, dates); `None` after any error.
fn prepare_assets(loaded: &Loaded, problems: &mut Diagnostics) -> Option<Assets> {
    let Loaded {
        config,
        content,
        templates,
        ..
    } = loaded;
    let assets = collect(files::static_files(config), problems);
    let images = match &assets {
        Some(assets) => files::preview_images(config, content, assets, problems),
        None => BTreeMap::new(),
    };
    let (freshness, chain_problems) = Freshness::compute(config, content);
    problems.extend(chain_problems);
    problems.extend(freshness::future_dates(content, freshness::today()));
    let assets = assets.filter(|_| !problems.has_errors())?;
    let versioned = |name: &str| {
        assets
            .iter()
            .find(|f| f.path == name)
            .map(|f| format!("{}?v={}", config.relative_url(name), short_hash(&f.bytes)))
    };
    // The stemmers load with the search script: its version covers them.
    let search_script = assets.iter().find(|f| f.path == "search.js").map(|script| {
        let mut digest = script.bytes.to_vec();
        for stemmer in assets.iter().filter(|f| f.path.starts_with("stem-")) {
            digest.extend(stemmer.path.as_bytes());
            digest.extend(&stemmer.bytes);
        }
        format!(
            "{}?v={}",
            config.relative_url("search.js"),
            short_hash(&digest)
        )
    });
    // The worker's version changes with every change of content or theme, so
    // that readers' saved pages are replaced after a new build. It is written
    // into sw.js itself: pages do not change when only the version does.
    let theme_digest = {
        let mut digest = Vec::new();
        for asset in &assets {
            digest.extend(asset.path.as_bytes());
            digest.extend(&asset.bytes);
        }
        digest.extend(templates.fingerprint().as_bytes());
        short_hash(&digest)
    };
    Some(Assets {
        stylesheet: versioned("style.css").unwrap_or_else(|| config.relative_url("style.css")),
        script: versioned("lotse.js"),
        search_script,
        speak_script: versioned("speak.js"),
        worker: (config.offline && assets.iter().any(|f| f.path == "sw.js"))
            .then(|| config.relative_url("sw.js")),
        theme_digest,
        images,
        freshness,
        files: assets,
    })
}

impl RenderedSite {
    /// The site before its pages are laid out, and the static files to write.
    fn new(
        options: &BuildOptions,
        loaded: Loaded,
        rendered: Vec<Rendered>,
        assets: Assets,
    ) -> (Self, Vec<OutputFile>) {
        let site = RenderedSite {
            config: loaded.config,
            files: Vec::new(),
            pages_per_language: Vec::new(),
            warnings: Diagnostics::new(),
            content: loaded.content,
            freshness: assets.freshness,
            options: options.clone(),
            i18n: loaded.i18n,
            templates: loaded.templates,
            rendered,
            images: assets.images,
            stylesheet: assets.stylesheet,
            script: assets.script,
            search_script: assets.search_script,
            speak_script: assets.speak_script,
            worker: assets.worker,
            theme_digest: assets.theme_digest,
            assets_worker: assets
                .files
                .iter()
                .find(|f| f.path == "sw.js")
                .map(|f| f.bytes.clone()),
            today: freshness::today(),
            directory: loaded.directory,
            blocks: blocks::Blocks::default(),
        };
        (site, assets.files)
    }
}

/// Lays out every page and search index; returns the files and the pages
/// per language. On disk, each language's translations are rendered just
/// before its pages, and its bodies dropped after them.
fn write_pages(
    site: &mut RenderedSite,
    mut later: Vec<Vec<usize>>,
    sink: Sink<'_>,
    share: Share<'_>,
    problems: &mut Diagnostics,
) -> Result<(Vec<OutputFile>, Vec<usize>)> {
    let all_jobs = jobs(&site.views());
    let mut counts = vec![0usize; site.config.languages.len()];
    for job in &all_jobs {
        if job.counted {
            counts[job.lang] += 1;
        }
    }
    let mut files = Vec::new();
    if let Sink::Memory = sink {
        let views = site.views();
        files = render_jobs(
            &views,
            &site.templates,
            &site.blocks,
            None,
            &all_jobs,
            sink,
            problems,
        );
        files.extend(search_files(&views));
        return Ok((files, counts));
    }
    let (shared, mut by_lang) = by_language(all_jobs, site.config.languages.len());
    // Article pages that local sites can take from the shared site.
    let role = match share {
        Share::Keep(markdown) => Some(neutral::Role::Keep(&markdown.articles)),
        Share::Reuse(markdown) => Some(neutral::Role::Take(&markdown.articles)),
        Share::Off => None,
    };
    let fast = role.and_then(|role| neutral::Pages::new(role, &site.config, &site.templates));
    // After an error, every language is still rendered for its
    // problems, as in memory; nothing more is written.
    let mut markdown_failed = false;
    for (lang, group) in later.iter_mut().enumerate() {
        let stage = MarkdownStage::new(&site.config, &site.content, &site.i18n, &site.templates)
            .rereading()
            .sharing(share);
        let fresh = stage.render_translations(&site.rendered, std::mem::take(group));
        for (i, r) in fresh {
            markdown_failed |= r.problems.iter().any(Diagnostic::is_error);
            problems.extend(r.problems.iter().cloned());
            site.rendered[i] = r;
        }
        // Pages are made from Markdown without errors only.
        if !markdown_failed {
            let sink = sink.unless(problems.has_errors());
            let views = site.views();
            let jobs = std::mem::take(&mut by_lang[lang]);
            // The index is one task: it runs beside the pages.
            let mut job_problems = Diagnostics::new();
            let (pages, index) = rayon::join(
                || {
                    render_jobs(
                        &views,
                        &site.templates,
                        &site.blocks,
                        fast.as_ref(),
                        &jobs,
                        sink,
                        &mut job_problems,
                    )
                },
                || {
                    let path = search_path(&site.config, lang);
                    if let Sink::Discard = sink {
                        return OutputFile::text(path, String::new());
                    }
                    let sources = search_sources(&views, lang);
                    let code = site.config.languages[lang].code();
                    let json = share_search::language_index(share, code, &sources);
                    sink.take(OutputFile::text(path, json))
                },
            );
            problems.extend(job_problems.sorted());
            files.extend(pages);
            files.push(index);
        }
        // Only standalone pages are shown in other languages too.
        for (page, rendered) in site.content.pages.iter().zip(&mut site.rendered) {
            if page.lang == lang && page.kind != PageKind::Page {
                rendered.html = String::new();
            }
        }
    }
    problems.extend(links::check_anchors(&site.content, &site.rendered));
    // As in memory, Markdown errors end the build before the shared pages.
    if markdown_failed {
        return Err(Error::Invalid(std::mem::take(problems)));
    }
    let views = site.views();
    files.extend(render_jobs(
        &views,
        &site.templates,
        &site.blocks,
        fast.as_ref(),
        &shared,
        sink.unless(problems.has_errors()),
        problems,
    ));
    Ok((files, counts))
}

/// The files besides the pages: feeds, QR codes, alias pages and the
/// redirect list, the static files and the service worker.
fn besides_pages(
    site: &RenderedSite,
    pages: &[OutputFile],
    static_files: Vec<OutputFile>,
    sink: Sink<'_>,
    problems: &mut Diagnostics,
) -> Vec<OutputFile> {
    let sink = sink.unless(problems.has_errors());
    let views = site.views();
    let mut files: Vec<OutputFile> = feed_files(&views)
        .into_iter()
        .map(|f| sink.take(f))
        .collect();
    files.extend(directory::pages(&views, &site.templates, sink, problems));
    files.extend(files::qr_codes(&site.config, &site.content, |f| {
        sink.take(f)
    }));
    let alias_page = |page: &content::Page| {
        let view = views.alias(page).ok_or_else(|| {
            Diagnostic::error(&page.source, None, "internal: no view for this page")
        })?;
        let html = site
            .templates
            .render(&site.config, crate::template::ALIAS, &view)?;
        Ok(if site.config.minify {
            output::minify(&html)
        } else {
            html
        })
    };
    let written: Vec<OutputFile> = pages
        .iter()
        .chain(&files)
        .map(|f| OutputFile {
            path: f.path.clone(),
            bytes: Vec::new(),
        })
        .collect();
    let (alias_pages, redirect_list) =
        files::redirects(&site.config, &site.content, &written, alias_page, problems);
    files.extend(alias_pages.into_iter().map(|f| sink.take(f)));
    files.push(sink.take(OutputFile::text("_redirects", redirect_list)));
    files.extend(
        static_files
            .into_iter()
            .filter(|f| f.path != "sw.js")
            .map(|f| sink.take(f)),
    );
    files.extend(site.worker_file().map(|f| sink.take(f)));
    files
}

/// What [`RenderedSite::edit`] rendered again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    /// Paths of the output files rendered again.
    pub files: Vec<String>,
    /// Languages whose search index is out of date now: their text or ids changed.
    pub search: Vec<usize>,
}

/// Which kind of update a live site made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Update {
    /// Only the pages that show the changed sources were rendered again.
    Incremental {
        /// Paths of the output files rendered again.
        files: Vec<String>,
    },
    /// Everything was loaded and rendered again.
    Full,
}

impl RenderedSite {
    /// `sw.js` with this build's version written into it, if offline reading is on.
    fn worker_file(&self) -> Option<OutputFile> {
        self.worker.as_ref()?;
        let source = self.assets_worker.as_ref()?;
        let mut digest: Vec<u8> = self
            .content
            .pages
            .iter()
            .flat_map(|p| p.digest.to_le_bytes())
            .collect();
        digest.extend(self.theme_digest.as_bytes());
        let version = short_hash(&digest);
        let mut bytes = format!("self.LOTSE_BUILD = \"{version}\";\n").into_bytes();
        bytes.extend(source);
        Some(OutputFile {
            path: "sw.js".into(),
            bytes,
        })
    }

    /// The work of rebuilding language `lang`'s search index, detached from
    /// the site: run it with [`SearchRefresh::run`] without holding the site.
    pub fn search_refresh(&self, lang: usize, generation: u64) -> SearchRefresh {
        let views = self.views();
        SearchRefresh {
            lang,
            generation,
            path: search_path(&self.config, lang),
            code: self.config.languages[lang].code().to_string(),
            docs: search_sources(&views, lang)
                .into_iter()
                .map(|s| (s.title.to_string(), s.url, s.html.to_string()))
                .collect(),
        }
    }

    /// Adds or replaces one output file.
    pub fn put(&mut self, file: OutputFile) {
        match self
            .files
            .binary_search_by(|f| f.path.as_str().cmp(&file.path))
        {
            Ok(at) => self.files[at] = file,
            Err(at) => self.files.insert(at, file),
        }
    }

    /// The output file at `path`, if any.
    pub fn file(&self, path: &str) -> Option<&OutputFile> {
        self.files
            .binary_search_by(|f| f.path.as_str().cmp(path))
            .ok()
            .map(|at| &self.files[at])
    }

    /// The views of this site, for templates.
    fn views(&self) -> ViewBuilder<'_> {
        ViewBuilder {
            config: &self.config,
            content: &self.content,
            rendered: &self.rendered,
            i18n: &self.i18n,
            stylesheet: self.stylesheet.clone(),
            script: self.script.clone(),
            images: &self.images,
            freshness: &self.freshness,
            today: self.today,
            search_script: self.search_script.clone(),
            speak_script: self.speak_script.clone(),
            worker: self.worker.clone(),
            topics: self.content.topics(self.config.default_language),
            standalone: self.content.standalone(self.config.default_language),
            directory: self.directory.as_ref(),
        }
    }

    /// Renders again what an edit of existing Markdown files changed: those
    /// pages, their translations and the pages that list them. `None` when
    /// only a full build will do (a new or deleted file, a template,
    /// `site.toml`). After an error the site is left half updated: build it
    /// again in full.
    pub fn edit(&mut self, changed: &[PathBuf]) -> Option<Result<Edit>> {
        let root = self.config.root.canonicalize().ok()?;
        let mut targets = Vec::new();
        for path in changed {
            let rel = path.strip_prefix(&root).ok()?;
            let index = self.content.pages.iter().position(|p| p.source == rel);
            if !path.exists() {
                match index {
                    // A page was deleted.
                    Some(_) => return None,
                    // A temporary file that an editor renamed over a page.
                    None => continue,
                }
            }
            let index = index?;
            if !targets.contains(&index) {
                targets.push(index);
            }
        }
        let mut reloaded = Vec::new();
        for &index in &targets {
            let old = &self.content.pages[index];
            let options = LoadOptions {
                drafts: self.options.drafts,
                bodies: true,
            };
            let new = match content::reload(&self.config, old, options) {
                Ok(Some(page)) => page,
                // Now a draft: let a full build decide what disappears.
                Ok(None) => return None,
                Err(problems) => return Some(Err(Error::Invalid(problems))),
            };
            let front_changed = new.front != old.front;
            let structural = old.kind == PageKind::Page && front_changed
                || new.front.aliases != old.front.aliases
                // Alias pages carry the page's title, description and image.
                || front_changed && !new.front.aliases.is_empty()
                || new.front.image != old.front.image;
            if structural {
                return None;
            }
            reloaded.push((index, new, front_changed));
        }
        let any_front = reloaded.iter().any(|(_, _, f)| *f);
        let keys: Vec<String> = reloaded.iter().map(|(_, p, _)| p.key.clone()).collect();
        let sources: Vec<PathBuf> = reloaded.iter().map(|(_, p, _)| p.source.clone()).collect();
        for (index, page, _) in reloaded {
            self.content.pages[index] = page;
        }

        // Markdown: the changed pages, and all versions of their keys, since
        // translations take their section ids from the original.
        let affected: Vec<usize> = (0..self.content.pages.len())
            .filter(|&i| keys.contains(&self.content.pages[i].key))
            .collect();
        let stage = MarkdownStage::new(&self.config, &self.content, &self.i18n, &self.templates);
        let mut fresh: Vec<(usize, Rendered)> = Vec::new();
        let (originals, translations): (Vec<usize>, Vec<usize>) = affected
            .iter()
            .partition(|&&i| stage.original_of(i).is_none());
        for i in originals {
            fresh.push((i, stage.render(i, None, &self.content.pages[i].body)));
        }
        for i in translations {
            let original = stage.original_of(i).and_then(|o| {
                fresh
                    .iter()
                    .find(|(j, _)| *j == o)
                    .map(|(_, r)| r)
                    .or(self.rendered.get(o))
                    .map(|r| (o, r.clone()))
            });
            let rendered = stage.render(
                i,
                original.as_ref().map(|(o, r)| markdown::Original {
                    source: &self.content.pages[*o].source,
                    levels: &r.levels,
                    ids: &r.ids,
                }),
                &self.content.pages[i].body,
            );
            fresh.push((i, rendered));
        }
        // A search index changes where a page's text or its section ids do.
        let mut search_changed = Vec::new();
        for (i, r) in fresh {
            let edited = sources.contains(&self.content.pages[i].source);
            if edited || self.rendered[i].ids != r.ids {
                search_changed.push(self.content.pages[i].lang);
            }
            self.rendered[i] = r;
        }

        let mut problems = Diagnostics::new();
        for &i in &affected {
            problems.extend(self.rendered[i].problems.iter().cloned());
        }
        // The last state had no errors, and only the pages of `keys`
        // changed: links, chains and dates are checked where they can have.
        problems.extend(links::check_anchors_of(
            &self.content,
            &self.rendered,
            &keys,
        ));
        // After an error the site is marked dirty, so an update left half
        // done is never used.
        problems.extend(self.freshness.update(&self.config, &self.content, &keys));
        problems.extend(
            freshness::future_dates(&self.content, self.today)
                .into_iter()
                .filter(|d| d.path.as_ref().is_some_and(|p| sources.contains(p))),
        );
        if problems.has_errors() {
            return Some(Err(Error::Invalid(problems)));
        }

        let views = self.views();
        let wanted = |key: &str, template: &str| {
            keys.iter().any(|k| k == key)
                || any_front
                    && (template == "home.html"
                        || template == "topic.html"
                        || keys.iter().any(|k| k.split('/').next() == Some(key)))
        };
        let selected: Vec<Job> = jobs_where(&views, Some(&wanted));
        let mut render_problems = Diagnostics::new();
        let mut outputs = render_jobs(
            &views,
            &self.templates,
            &self.blocks,
            None,
            &selected,
            Sink::Memory,
            &mut render_problems,
        );
        if any_front {
            outputs.extend(feed_files(&views));
        }
        outputs.extend(self.worker_file());
        if render_problems.has_errors() {
            return Some(Err(Error::Invalid(render_problems)));
        }
        search_changed.sort_unstable();
        search_changed.dedup();
        let paths: Vec<String> = outputs.iter().map(|f| f.path.clone()).collect();
        for file in outputs {
            self.put(file);
        }
        let mut warnings = Diagnostics::new();
        warnings.extend(
            self.warnings
                .sorted()
                .into_iter()
                .filter(|d| d.path.as_ref().is_none_or(|p| !sources.contains(p))),
        );
        warnings.extend(problems.sorted());
        self.warnings = warnings;
        Some(Ok(Edit {
            files: paths,
            search: search_changed,
        }))
    }
}

/// Keeps the value and moves its warnings (or errors) into `problems`.
fn collect<T>(
    result: std::result::Result<(T, Diagnostics), Diagnostics>,
    problems: &mut Diagnostics,
) -> Option<T> {
    match result {
        Ok((value, warnings)) => {
            problems.extend(warnings.sorted());
            Some(value)
        }
        Err(errors) => {
            problems.extend(errors.sorted());
            None
        }
    }
}

/// The template that shows a kind of page.
fn template_of(kind: PageKind) -> &'static str {
    match kind {
        PageKind::Home => "home.html",
        PageKind::Topic => "topic.html",
        PageKind::Article => "article.html",
        PageKind::Page => "page.html",
    }
}

/// Renders page bodies: originals first, then translations, which keep
/// their original's section ids.
struct MarkdownStage<'a> {
    config: &'a Config,
    content: &'a Content,
    /// For each kind of page, the ids its template uses, which headings must not take.
    reserved_ids: BTreeMap<PageKind, BTreeSet<String>>,
    labels: Vec<String>,
    notes: Vec<Vec<String>>,
    /// The pages were loaded without bodies: read each again to render it.
    reread: bool,
    /// Renderings kept for local sites, or taken from the shared site.
    share: Share<'a>,
}

impl<'a> MarkdownStage<'a> {
    fn new(config: &'a Config, content: &'a Content, i18n: &I18n, templates: &Templates) -> Self {
        let reserved_ids = [
            PageKind::Home,
            PageKind::Topic,
            PageKind::Article,
            PageKind::Page,
        ]
        .into_iter()
        .map(|kind| (kind, templates.reserved_ids(template_of(kind))))
        .collect();
        let n = config.languages.len();
        let labels = (0..n)
            .map(|l| {
                i18n.translate(l, "section_link", None, &[])
                    .unwrap_or_default()
            })
            .collect();
        let notes = (0..n)
            .map(|page_lang| {
                (0..n)
                    .map(|target| {
                        let name = config.languages[target].name.clone();
                        i18n.translate(
                            page_lang,
                            "link_other_language",
                            None,
                            &[("language", name.clone())],
                        )
                        .unwrap_or(name)
                    })
                    .collect()
            })
            .collect();
        Self {
            config,
            content,
            reserved_ids,
            labels,
            notes,
            reread: false,
            share: Share::Off,
        }
    }

    /// The same stage, keeping or reusing renderings as `share` says.
    fn sharing(self, share: Share<'a>) -> Self {
        Self { share, ..self }
    }

    /// The same stage for pages loaded without bodies.
    fn rereading(self) -> Self {
        Self {
            reread: true,
            ..self
        }
    }

    /// The page index of the default-language original of page `i`, if any.
    fn original_of(&self, i: usize) -> Option<usize> {
        let page = &self.content.pages[i];
        let original = self.content.groups.get(&page.key)?[self.config.default_language]?;
        (original != i).then_some(original)
    }

    fn render(&self, i: usize, original: Option<markdown::Original<'_>>, body: &str) -> Rendered {
        let note = |page_lang: usize, target: usize| self.notes[page_lang][target].clone();
        let resolver = LinkResolver {
            config: self.config,
            content: self.content,
            other_language_note: &note,
        };
        let page = &self.content.pages[i];
        markdown::render_body(
            page,
            body,
            &markdown::RenderContext {
                dir: self.config.languages[page.lang].direction,
                resolver: &resolver,
                original,
                section_link_label: &self.labels[page.lang],
                reserved_ids: &self.reserved_ids[&page.kind],
            },
        )
    }

    /// Every page, in parallel.
    fn render_all(&self) -> Vec<Rendered> {
        let (mut rendered, later) = self.render_originals();
        let translations = later.into_iter().flatten().collect();
        for (i, r) in self.render_translations(&rendered, translations) {
            rendered[i] = r;
        }
        rendered
    }

    /// The pages without an original, in parallel; the other pages are
    /// handed back by language, for [`MarkdownStage::render_translations`].
    fn render_originals(&self) -> (Vec<Rendered>, Vec<Vec<usize>>) {
        let mut originals = Vec::new();
        let mut later: Vec<Vec<usize>> = vec![Vec::new(); self.config.languages.len()];
        for i in 0..self.content.pages.len() {
            match self.original_of(i) {
                None => originals.push(i),
                Some(_) => later[self.content.pages[i].lang].push(i),
            }
        }
        let mut rendered: Vec<Rendered> = vec![Rendered::default(); self.content.pages.len()];
        let first: Vec<(usize, Rendered)> = originals
            .into_par_iter()
            .map(|i| (i, self.render_page(i, None)))
            .collect();
        for (i, r) in first {
            rendered[i] = r;
        }
        (rendered, later)
    }

    /// The problems of the translations still to render (handed back by
    /// [`MarkdownStage::render_originals`]) and of every page's section links.
    fn translation_problems(
        &self,
        mut rendered: Vec<Rendered>,
        later: Vec<Vec<usize>>,
    ) -> Vec<Diagnostic> {
        let mut problems = Vec::new();
        for pages in later {
            for (i, mut r) in self.render_translations(&rendered, pages) {
                problems.append(&mut r.problems);
                r.html = String::new();
                rendered[i] = r;
            }
        }
        problems.extend(links::check_anchors(self.content, &rendered));
        problems
    }

    /// Translations, in parallel, with the section ids of their rendered originals.
    fn render_translations(
        &self,
        rendered: &[Rendered],
        pages: Vec<usize>,
    ) -> Vec<(usize, Rendered)> {
        pages
            .into_par_iter()
            .map(|i| {
                let original = self.original_of(i).map(|o| markdown::Original {
                    source: &self.content.pages[o].source,
                    levels: &rendered[o].levels,
                    ids: &rendered[o].ids,
                });
                (i, self.render_page(i, original))
            })
            .collect()
    }

    /// Renders page `i` with its loaded body, or with the body read again;
    /// a local site takes the shared site's rendering where it can.
    fn render_page(&self, i: usize, original: Option<markdown::Original<'_>>) -> Rendered {
        if let Share::Reuse(shared) = self.share {
            if let Some(r) = shared.reuse(self.config, self.content, i, self.original_of(i)) {
                return r;
            }
        }
        let page = &self.content.pages[i];
        // A local site's version of a shared page keeps its section ids.
        let replaced = match original {
            Some(_) => None,
            None => self.replaced_original(i),
        };
        let original = original.or(replaced.as_ref().map(|(source, r)| markdown::Original {
            source,
            levels: &r.levels,
            ids: &r.ids,
        }));
        let rendered = match self.body_of(page) {
            Ok(body) => self.render(i, original, &body),
            Err(problem) => Rendered {
                problems: vec![problem],
                ..Rendered::default()
            },
        };
        match self.share {
            Share::Off => {}
            Share::Keep(shared) => {
                shared.count(&page.source);
                shared.keep(self.content, i, &rendered);
            }
            Share::Reuse(shared) => shared.count(&page.source),
        }
        rendered
    }

    /// The Markdown of a page: loaded, or read again.
    fn body_of<'p>(
        &self,
        page: &'p content::Page,
    ) -> std::result::Result<std::borrow::Cow<'p, str>, Diagnostic> {
        if !self.reread {
            return Ok(std::borrow::Cow::Borrowed(&page.body));
        }
        content::read_body(self.config, page).map(std::borrow::Cow::Owned)
    }

    /// For a local site's version of a shared page in the default language:
    /// the shared page's headings, whose ids it keeps.
    fn replaced_original(&self, i: usize) -> Option<(PathBuf, Rendered)> {
        let replaced = self.content.replaced.iter().find(|r| r.by == i)?;
        let shared = &replaced.shared;
        if shared.lang != self.config.default_language {
            return None;
        }
        let body = if shared.body.is_empty() {
            content::read_body(self.config, shared).ok()?
        } else {
            shared.body.clone()
        };
        let note = |page_lang: usize, target: usize| self.notes[page_lang][target].clone();
        let resolver = LinkResolver {
            config: self.config,
            content: self.content,
            other_language_note: &note,
        };
        let rendered = markdown::render_body(
            shared,
            &body,
            &markdown::RenderContext {
                dir: self.config.languages[shared.lang].direction,
                resolver: &resolver,
                original: None,
                section_link_label: &self.labels[shared.lang],
                reserved_ids: &self.reserved_ids[&shared.kind],
            },
        );
        Some((shared.source.clone(), rendered))
    }
}

/// One HTML page to render.
struct Job {
    path: String,
    template: &'static str,
    lang: usize,
    key: Option<String>,
    /// Counted in the per-language summary.
    counted: bool,
}

/// Every HTML page of the site.
fn jobs(views: &ViewBuilder<'_>) -> Vec<Job> {
    jobs_where(views, None)
}

/// Chooses pages by key and template.
type KeepPage<'a> = &'a dyn Fn(&str, &str) -> bool;

/// The HTML pages of the site; with `keep`, only the pages of a key for
/// which `keep(key, template)` holds (and neither the root nor 404).
fn jobs_where(views: &ViewBuilder<'_>, keep: Option<KeepPage<'_>>) -> Vec<Job> {
    let config = views.config;
    let job = |path: String, template, lang, key: Option<String>, counted| Job {
        path,
        template,
        lang,
        key,
        counted,
    };
    let mut jobs = Vec::new();
    if keep.is_none() {
        jobs = vec![
            job(
                "index.html".into(),
                "root.html",
                config.default_language,
                None,
                false,
            ),
            job(
                "404.html".into(),
                "404.html",
                config.default_language,
                None,
                false,
            ),
        ];
    }
    let kept = |key: &str, template: &str| keep.is_none_or(|keep| keep(key, template));
    let keys = match keep {
        // In the site's order.
        None => feeds::page_keys(config, views.content),
        // The same keys in any order, without sorting every topic's articles.
        Some(_) => {
            let mut keys = vec![(String::new(), PageKind::Home)];
            keys.extend(views.topics.iter().map(|t| (t.clone(), PageKind::Topic)));
            keys.extend(
                views
                    .content
                    .kinds
                    .iter()
                    .filter(|(key, kind)| {
                        matches!(kind, PageKind::Article | PageKind::Page)
                            && (kept(key, template_of(**kind)) || kept(key, "neutral.html"))
                    })
                    .map(|(key, kind)| (key.clone(), *kind)),
            );
            keys
        }
    };
    for (key, kind) in &keys {
        let template = template_of(*kind);
        if !kept(key, template) {
            continue;
        }
        // Standalone pages exist in every language, from the default one if need be.
        let langs = if *kind == PageKind::Page {
            (0..config.languages.len()).collect()
        } else {
            views.languages_of(key)
        };
        for lang in langs {
            let path = format!(
                "{}index.html",
                page_path(config.languages[lang].code(), key)
            );
            jobs.push(job(path, template, lang, Some(key.clone()), true));
        }
    }
    for (key, kind) in keys {
        if matches!(kind, PageKind::Topic | PageKind::Article) && kept(&key, "neutral.html") {
            jobs.push(job(
                format!("{key}/index.html"),
                "neutral.html",
                config.default_language,
                Some(key),
                false,
            ));
        }
    }
    jobs
}

/// Splits jobs into those of no one language (the root, 404 and the
/// language-neutral pages) and each language's own pages.
fn by_language(jobs: Vec<Job>, languages: usize) -> (Vec<Job>, Vec<Vec<Job>>) {
    let mut shared = Vec::new();
    let mut by_lang: Vec<Vec<Job>> = (0..languages).map(|_| Vec::new()).collect();
    for job in jobs {
        if job.counted {
            by_lang[job.lang].push(job);
        } else {
            shared.push(job);
        }
    }
    (shared, by_lang)
}

/// Renders pages in parallel; problems go to `problems`.
fn render_jobs(
    views: &ViewBuilder<'_>,
    templates: &Templates,
    made: &blocks::Blocks,
    pages: Option<&neutral::Pages<'_>>,
    jobs: &[Job],
    sink: Sink<'_>,
    problems: &mut Diagnostics,
) -> Vec<OutputFile> {
    let config = views.config;
    let view_of = |job: &Job| -> Option<PageView> {
        match (job.template, &job.key) {
            ("root.html", _) => Some(views.root()),
            ("404.html", _) => Some(views.not_found()),
            ("home.html", _) => Some(views.home(job.lang)),
            ("topic.html", Some(k)) => Some(views.topic_page(k, job.lang)),
            ("page.html", Some(k)) => views.standalone(k, job.lang),
            ("neutral.html", Some(k)) => views.neutral(k),
            (_, Some(k)) => views.article(k, job.lang),
            _ => None,
        }
    };
    // Before pages are made with stand-ins, one of each template is made
    // both ways and compared (see `neutral`).
    let mut checked = BTreeMap::new();
    if let Some(pages) = pages {
        let mut tried = BTreeMap::<&str, usize>::new();
        for (i, job) in jobs.iter().enumerate() {
            let template = job.template;
            if !pages.takes(template) || checked.values().any(|(t, _)| *t == template) {
                continue;
            }
            let tries = tried.entry(template).or_default();
            *tries += 1;
            if *tries > 50 {
                continue;
            }
            let Some(mut view) = view_of(job) else {
                continue;
            };
            if let Some(result) =
                pages.check(config, templates, made, template, &job.path, &mut view)
            {
                checked.insert(i, (template, result));
            }
        }
    }
    // Only templates with a page compared are made this way.
    let verified: BTreeSet<&str> = checked.values().map(|(t, _)| *t).collect();
    let checked = std::sync::Mutex::new(checked);
    let results: Vec<std::result::Result<OutputFile, Diagnostic>> = jobs
        .par_iter()
        .enumerate()
        .map(|(i, job)| {
            let done = if pages.is_some() {
                checked
                    .lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner)
                    .remove(&i)
            } else {
                None
            };
            if let Some((_, html)) = done {
                return Ok(sink.take(OutputFile {
                    path: job.path.clone(),
                    bytes: html?,
                }));
            }
            let Some(mut view) = view_of(job) else {
                return Err(Diagnostic::error(
                    &job.path,
                    None,
                    "internal: no view for this page",
                ));
            };
            let fast = pages
                .filter(|_| verified.contains(job.template))
                .and_then(|p| p.page(config, templates, made, job.template, &job.path, &mut view));
            let html = match fast {
                Some(html) => html?,
                None => page_html(config, templates, made, job.template, view)?,
            };
            Ok(sink.take(OutputFile {
                path: job.path.clone(),
                bytes: html,
            }))
        })
        .collect();
    let mut files = Vec::with_capacity(results.len());
    for r in results {
        match r {
            Ok(file) => files.push(file),
            Err(d) => problems.push(d),
        }
    }
    files
}

/// Stands in for a page's body while the page around it is minified: an
/// element that minifying keeps, and that escaping would change.
const BODY_MARK: &[u8] = b"<lotse-body></lotse-body>";

/// A page's HTML. Minified, the page around the body goes through the
/// minifier and the body, whose form the Markdown stage knows, is put in
/// compacted (see [`markdown::compact`]), and so are the site's blocks,
/// minified once (see [`blocks`]): the same result for a fraction of the
/// time. A theme that does not show each of them once, as HTML, gets the
/// whole page minified.
fn page_html(
    config: &Config,
    templates: &Templates,
    made: &blocks::Blocks,
    template: &str,
    view: PageView,
) -> std::result::Result<Vec<u8>, Diagnostic> {
    spliced_page(config, templates, made, template, view).map(|(html, _)| html)
}

/// [`page_html`], and whether the parts went in at their marks.
fn spliced_page(
    config: &Config,
    templates: &Templates,
    made: &blocks::Blocks,
    template: &str,
    mut view: PageView,
) -> std::result::Result<(Vec<u8>, bool), Diagnostic> {
    if !config.minify {
        made.fill(config, templates, &mut view, blocks::Fill::Html)?;
        return Ok((templates.render(config, template, &view)?, false));
    }
    let placed = made.fill(config, templates, &mut view, blocks::Fill::Marks)?;
    let mut parts: Vec<(&[u8], std::borrow::Cow<'_, str>)> = placed
        .iter()
        .map(|p| (p.mark.as_bytes(), std::borrow::Cow::Borrowed(p.html())))
        .collect();
    let mut body = String::new();
    if !view.body.is_empty() {
        let mark = String::from_utf8_lossy(BODY_MARK).into_owned();
        body = std::mem::replace(&mut view.body, mark);
        parts.push((BODY_MARK, markdown::compact::compact(&body).into()));
    }
    if !parts.is_empty() {
        let page = output::minify(&templates.render(config, template, &view)?);
        if let Some(html) = splice(&page, &parts) {
            return Ok((html, true));
        }
        if !body.is_empty() {
            view.body = body;
        }
        made.fill(config, templates, &mut view, blocks::Fill::Html)?;
    }
    let html = output::minify(&templates.render(config, template, &view)?);
    Ok((html, false))
}

/// The page with each part in place of its mark; `None` unless every mark
/// is there exactly once.
fn splice(page: &[u8], parts: &[(&[u8], std::borrow::Cow<'_, str>)]) -> Option<Vec<u8>> {
    let mut places = Vec::with_capacity(parts.len());
    for (mark, text) in parts {
        let mut found = memchr::memmem::find_iter(page, mark);
        let at = found.next()?;
        if found.next().is_some() {
            return None;
        }
        places.push((at, mark.len(), text.as_bytes()));
    }
    places.sort_unstable_by_key(|p| p.0);
    let extra: usize = places.iter().map(|p| p.2.len()).sum();
    let mut out = Vec::with_capacity(page.len() + extra);
    let mut from = 0;
    for (at, len, text) in places {
        if at < from {
            return None;
        }
        out.extend_from_slice(&page[from..at]);
        out.extend_from_slice(text);
        from = at + len;
    }
    out.extend_from_slice(&page[from..]);
    Some(out)
}

/// A search index to build again, with copies of what it is made from.
#[derive(Debug)]
pub struct SearchRefresh {
    lang: usize,
    generation: u64,
    path: String,
    /// The language's code, which chooses the stemmer.
    code: String,
    /// Title, address and rendered body of each article.
    docs: Vec<(String, String, String)>,
}

impl SearchRefresh {
    /// The language whose index this builds.
    pub fn lang(&self) -> usize {
        self.lang
    }

    /// The generation it was handed out with: a newer one replaces it.
    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// Builds the index file.
    pub fn run(&self) -> OutputFile {
        let docs = self
            .docs
            .iter()
            .map(|(title, url, html)| (title.as_str(), url.clone(), html.as_str()));
        search_index(self.path.clone(), &self.code, docs)
    }
}

/// Where the search index of a language is written.
fn search_path(config: &Config, lang: usize) -> String {
    format!("{}/search.json", config.languages[lang].code())
}

/// Title, address, page and rendered body of each article of a language's search index.
fn search_sources<'a>(views: &ViewBuilder<'a>, lang: usize) -> Vec<share_search::Source<'a>> {
    let config = views.config;
    let code = config.languages[lang].code();
    let content = views.content;
    let rendered = views.rendered;
    content
        .pages
        .iter()
        .filter(|p| p.lang == lang && p.kind == PageKind::Article)
        .filter_map(|page| {
            let index = content.groups.get(&page.key)?[lang]?;
            Some(share_search::Source {
                title: page.front.title.as_str(),
                url: config.relative_url(&page_path(code, &page.key)),
                page: &content.pages[index],
                html: rendered[index].html.as_str(),
            })
        })
        .collect()
}

/// The search index file made from its articles, section by section.
fn search_index<'a>(
    path: String,
    lang: &str,
    sources: impl Iterator<Item = (&'a str, String, &'a str)>,
) -> OutputFile {
    let docs: Vec<crate::search::SearchDoc> = sources
        .map(|(title, url, html)| crate::search::SearchDoc {
            title: title.to_string(),
            url,
            sections: crate::search::sections_from_html(html),
        })
        .collect();
    OutputFile::text(path, crate::search::build_language_index(lang, &docs))
}

/// The search index of every language.
fn search_files(views: &ViewBuilder<'_>) -> Vec<OutputFile> {
    (0..views.config.languages.len())
        .into_par_iter()
        .map(|lang| {
            let sources = search_sources(views, lang);
            let code = views.config.languages[lang].code();
            let json = share_search::language_index(Share::Off, code, &sources);
            OutputFile::text(search_path(views.config, lang), json)
        })
        .collect()
}

/// The sitemap, `robots.txt` and one Atom feed per language.
fn feed_files(views: &ViewBuilder<'_>) -> Vec<OutputFile> {
    let config = views.config;
    let mut files = vec![
        OutputFile::text("sitemap.xml", feeds::sitemap(views)),
        OutputFile::text("robots.txt", feeds::robots(config)),
    ];
    for lang in 0..config.languages.len() {
        let path = format!("{}/atom.xml", config.languages[lang].code());
        files.push(OutputFile::text(path, feeds::atom(views, lang)));
    }
    files
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every page of the sample site and its local sites: the body put in
    /// compacted and the blocks put in minified give the same bytes as
    /// minifying the whole page.
    #[test]
    fn compacted_bodies_give_the_minified_pages() {
        let (mut compared, mut with_blocks, mut blocks_only) = (0, 0, 0);
        for site_id in [None, Some("musterstadt"), Some("beispielkreis")] {
            let options = BuildOptions {
                site: site_id.map(str::to_string),
                ..BuildOptions::new(env!("CARGO_MANIFEST_DIR"))
            };
            let site = render_site(&options).unwrap();
            assert!(site.config.minify);
            let views = site.views();
            for job in jobs(&views) {
                let view = match (job.template, &job.key) {
                    ("article.html", Some(k)) => views.article(k, job.lang),
                    ("page.html", Some(k)) => views.standalone(k, job.lang),
                    ("topic.html", Some(k)) => Some(views.topic_page(k, job.lang)),
                    ("neutral.html", Some(k)) => views.neutral(k),
                    ("home.html", _) => Some(views.home(job.lang)),
                    ("root.html", _) => Some(views.root()),
                    ("404.html", _) => Some(views.not_found()),
                    _ => None,
                };
                let Some(mut view) = view else { continue };
                let (fast, spliced) = spliced_page(
                    &site.config,
                    &site.templates,
                    &site.blocks,
                    job.template,
                    view.clone(),
                )
                .unwrap();
                if !view.body.is_empty() {
                    assert!(spliced, "{} of {site_id:?} was minified whole", job.path);
                } else if spliced {
                    // Blocks only (the footer's pages).
                    blocks_only += 1;
                }
                let blocks = site
                    .blocks
                    .fill(&site.config, &site.templates, &mut view, blocks::Fill::Html)
                    .unwrap();
                assert!(blocks.is_empty());
                if !view.blocks.services.is_empty() && !view.blocks.contact.is_empty() {
                    with_blocks += 1;
                }
                let whole = site
                    .templates
                    .render(&site.config, job.template, &view)
                    .unwrap();
                let expected = output::minify(&whole);
                assert!(fast == expected, "{} of {site_id:?} differs", job.path);
                compared += 1;
            }
        }
        assert!(compared > 800, "{compared} pages");
        assert!(
            blocks_only >= 3,
            "{blocks_only} pages without a body spliced"
        );
        assert!(with_blocks > 20, "{with_blocks} pages with both blocks");
    }

    #[test]
    fn the_body_goes_where_its_mark_is_once() {
        let mark = String::from_utf8_lossy(BODY_MARK);
        let body = |text: &'static str| vec![(BODY_MARK, std::borrow::Cow::Borrowed(text))];
        let page = format!("<div class=body>{mark}</div>");
        assert_eq!(
            splice(page.as_bytes(), &body("<p>x")).as_deref(),
            Some(&b"<div class=body><p>x</div>"[..])
        );
        // Shown twice, escaped, or not at all: the whole page is minified.
        assert_eq!(
            splice(format!("{mark}{mark}").as_bytes(), &body("<p>x")),
            None
        );
        assert_eq!(
            splice(b"&lt;lotse-body&gt;&lt;/lotse-body&gt;", &body("<p>x")),
            None
        );
        assert_eq!(splice(b"<div></div>", &body("<p>x")), None);
        // Several parts go in at their marks, in the page's order.
        let parts = vec![
            (&b"<b-2>"[..], std::borrow::Cow::Borrowed("two")),
            (&b"<b-1>"[..], std::borrow::Cow::Borrowed("one")),
        ];
        assert_eq!(
            splice(b"a<b-1>b<b-2>c", &parts).as_deref(),
            Some(&b"aonebtwoc"[..])
        );
        assert_eq!(splice(b"a<b-1>b", &parts), None);
    }
}
