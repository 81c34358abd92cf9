//! The only place that knows the order of the stages:
//! load the site, render the Markdown of every page, render the templates,
//! write the output.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::config::Config;
use crate::content::{self, page_path, Content, LoadOptions, PageKind};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::error::{Error, Result};
use crate::feeds;
use crate::i18n::I18n;
use crate::markdown::{self, links, LinkResolver, Rendered};
use crate::output::{self, OutputFile};
use crate::template::views::{PageView, ViewBuilder};
use crate::template::Templates;

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
}

impl BuildOptions {
    /// Options for the site in `root` with defaults.
    pub fn new(root: impl Into<PathBuf>) -> Self {
        Self {
            root: root.into(),
            output: None,
            drafts: false,
            minify: None,
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

/// A site rendered in memory, ready to be written.
#[derive(Debug)]
pub struct RenderedSite {
    /// The configuration used.
    pub config: Config,
    /// Every output file.
    pub files: Vec<OutputFile>,
    /// Pages per language code.
    pub pages_per_language: Vec<(String, usize)>,
    /// Warnings.
    pub warnings: Diagnostics,
    /// The loaded pages.
    pub content: Content,
    /// Freshness of translations.
    pub freshness: crate::freshness::Freshness,
}

/// Builds the site and writes it to the output folder atomically.
pub fn build(options: &BuildOptions) -> Result<BuildReport> {
    let start = Instant::now();
    let site = render_site(options)?;
    let out = options
        .output
        .clone()
        .unwrap_or_else(|| site.config.root.join("public"));
    let out = output::check_output_dir(&site.config, &out)?;
    output::write_atomically(&out, &site.files)?;
    Ok(BuildReport {
        pages_per_language: site.pages_per_language,
        files: site.files.len(),
        warnings: site.warnings,
        elapsed: start.elapsed(),
        output: out,
    })
}

/// Loads, renders and lays out the whole site without writing anything.
pub fn render_site(options: &BuildOptions) -> Result<RenderedSite> {
    let mut config = Config::load(&options.root).map_err(Error::Invalid)?;
    if let Some(minify) = options.minify {
        config.minify = minify;
    }
    let mut problems = Diagnostics::new();
    let i18n = collect(I18n::load(&config), &mut problems);
    let content = collect(
        content::load(
            &config,
            LoadOptions {
                drafts: options.drafts,
            },
        ),
        &mut problems,
    );
    let (Some(i18n), Some(content)) = (i18n, content) else {
        return Err(Error::Invalid(problems));
    };
    let i18n = Arc::new(i18n);

    let rendered = render_markdown(&config, &content, &i18n);
    for r in &rendered {
        problems.extend(r.problems.iter().cloned());
    }
    problems.extend(links::check_anchors(&content, &rendered));

    let templates = collect(
        Templates::load(&config, i18n.clone()).map(|t| (t, Diagnostics::new())),
        &mut problems,
    );
    let assets = collect(static_files(&config), &mut problems);
    let (Some(templates), Some(assets)) = (templates, assets) else {
        return Err(Error::Invalid(problems));
    };
    if problems.has_errors() {
        return Err(Error::Invalid(problems));
    }

    let versioned = |name: &str| {
        assets
            .iter()
            .find(|f| f.path == name)
            .map(|f| format!("{}?v={}", config.relative_url(name), short_hash(&f.bytes)))
    };
    let stylesheet = versioned("style.css").unwrap_or_else(|| config.relative_url("style.css"));
    let script = versioned("lotse.js");
    let images = preview_images(&config, &content, &assets, &mut problems);
    let (freshness, chain_problems) = crate::freshness::Freshness::compute(&config, &content);
    problems.extend(chain_problems);
    if problems.has_errors() {
        return Err(Error::Invalid(problems));
    }
    let views = ViewBuilder {
        config: &config,
        content: &content,
        rendered: &rendered,
        i18n: &i18n,
        stylesheet,
        script,
        images: &images,
        freshness: &freshness,
        today: crate::freshness::today(),
    };
    let (mut files, pages_per_language) = render_pages(&views, &templates, &mut problems);
    files.push(OutputFile::text("sitemap.xml", feeds::sitemap(&views)));
    files.push(OutputFile::text("robots.txt", feeds::robots(&config)));
    for lang in 0..config.languages.len() {
        let path = format!("{}/atom.xml", config.languages[lang].code());
        files.push(OutputFile::text(path, feeds::atom(&views, lang)));
    }
    files.extend(qr_codes(&config, &content));
    let (alias_pages, redirect_list) = redirects(&config, &content, &files, &mut problems);
    files.extend(alias_pages);
    files.push(OutputFile::text("_redirects", redirect_list));
    files.extend(assets);
    check_collisions(&files, &mut problems);
    if problems.has_errors() {
        return Err(Error::Invalid(problems));
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(RenderedSite {
        config,
        files,
        pages_per_language,
        warnings: problems,
        content,
        freshness,
    })
}

/// Keeps the value and moves its warnings (or errors) into `problems`.
fn collect<T>(
    result: std::result::Result<(T, Diagnostics), Diagnostics>,
    problems: &mut Diagnostics,
) -> Option<T>
where
    T: Sized,
{
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

/// Renders every page's Markdown in parallel: originals first, then the
/// translations, which keep their original's section ids.
fn render_markdown(config: &Config, content: &Content, i18n: &I18n) -> Vec<Rendered> {
    let note = |page_lang: usize, target: usize| {
        i18n.translate(
            page_lang,
            "link_other_language",
            None,
            &[("language", config.languages[target].name.clone())],
        )
        .unwrap_or_else(|| config.languages[target].name.clone())
    };
    let resolver = LinkResolver {
        config,
        content,
        other_language_note: &note,
    };
    let labels: Vec<String> = (0..config.languages.len())
        .map(|l| {
            i18n.translate(l, "section_link", None, &[])
                .unwrap_or_default()
        })
        .collect();
    let default = config.default_language;
    let original_of = |i: usize| -> Option<usize> {
        let page = &content.pages[i];
        let original = content.groups.get(&page.key)?[default]?;
        (original != i).then_some(original)
    };
    let render = |i: usize, original: Option<markdown::Original<'_>>| {
        let page = &content.pages[i];
        markdown::render_with(
            page,
            &markdown::RenderContext {
                dir: config.languages[page.lang].direction,
                resolver: &resolver,
                original,
                section_link_label: &labels[page.lang],
            },
        )
    };
    let (originals, translations): (Vec<usize>, Vec<usize>) =
        (0..content.pages.len()).partition(|&i| original_of(i).is_none());
    let mut rendered: Vec<Option<Rendered>> = vec![None; content.pages.len()];
    let first: Vec<(usize, Rendered)> = originals
        .par_iter()
        .map(|&i| (i, render(i, None)))
        .collect();
    for (i, r) in first {
        rendered[i] = Some(r);
    }
    let second: Vec<(usize, Rendered)> = translations
        .par_iter()
        .map(|&i| {
            let o = original_of(i).and_then(|o| rendered[o].as_ref().map(|r| (o, r)));
            let original = o.map(|(o, r)| markdown::Original {
                source: &content.pages[o].source,
                levels: &r.levels,
                ids: &r.ids,
            });
            (i, render(i, original))
        })
        .collect();
    for (i, r) in second {
        rendered[i] = Some(r);
    }
    rendered
        .into_iter()
        .map(Option::unwrap_or_default)
        .collect()
}

/// Renders every HTML page of every language with the templates.
fn render_pages(
    views: &ViewBuilder<'_>,
    templates: &Templates,
    problems: &mut Diagnostics,
) -> (Vec<OutputFile>, Vec<(String, usize)>) {
    let config = views.config;
    let mut jobs: Vec<(String, &'static str, usize, Option<String>)> = Vec::new();
    jobs.push((
        "index.html".into(),
        "root.html",
        config.default_language,
        None,
    ));
    jobs.push(("404.html".into(), "404.html", config.default_language, None));
    for (key, kind) in feeds::page_keys(config, views.content) {
        // Standalone pages exist in every language, from the default one if need be.
        let langs = if kind == PageKind::Page {
            (0..config.languages.len()).collect()
        } else {
            views.languages_of(&key)
        };
        for lang in langs {
            let path = format!(
                "{}index.html",
                page_path(config.languages[lang].code(), &key)
            );
            let template = match kind {
                PageKind::Home => "home.html",
                PageKind::Topic => "topic.html",
                PageKind::Article => "article.html",
                PageKind::Page => "page.html",
            };
            jobs.push((path, template, lang, Some(key.clone())));
        }
    }
    for (key, kind) in feeds::page_keys(config, views.content) {
        if matches!(kind, PageKind::Topic | PageKind::Article) {
            jobs.push((
                format!("{key}/index.html"),
                "neutral.html",
                config.default_language,
                Some(key),
            ));
        }
    }
    let results: Vec<std::result::Result<(OutputFile, Option<usize>), Diagnostic>> = jobs
        .par_iter()
        .map(|(path, template, lang, key)| {
            let view: Option<PageView> = match (*template, key) {
                ("root.html", _) => Some(views.root()),
                ("404.html", _) => Some(views.not_found()),
                ("home.html", _) => Some(views.home(*lang)),
                ("topic.html", Some(k)) => Some(views.topic_page(k, *lang)),
                ("page.html", Some(k)) => views.standalone(k, *lang),
                ("neutral.html", Some(k)) => views.neutral(k),
                (_, Some(k)) => views.article(k, *lang),
                _ => None,
            };
            let Some(view) = view else {
                return Err(Diagnostic::error(
                    path,
                    None,
                    "internal: no view for this page",
                ));
            };
            let html = templates.render(config, template, &view)?;
            let html = if config.minify {
                output::minify(&html)
            } else {
                html
            };
            let counted = key
                .as_ref()
                .filter(|_| *template != "neutral.html")
                .map(|_| *lang);
            Ok((OutputFile::text(path.clone(), html), counted))
        })
        .collect();
    let mut files = Vec::with_capacity(results.len());
    let mut counts = vec![0usize; config.languages.len()];
    for r in results {
        match r {
            Ok((file, lang)) => {
                if let Some(l) = lang {
                    counts[l] += 1;
                }
                files.push(file);
            }
            Err(d) => problems.push(d),
        }
    }
    let per_language = config
        .languages
        .iter()
        .zip(counts)
        .map(|(l, n)| (l.code().to_string(), n))
        .collect();
    (files, per_language)
}

/// Redirect pages for every `aliases` entry, and the same list in the
/// `_redirects` format of static hosts; collisions are errors.
fn redirects(
    config: &Config,
    content: &Content,
    files: &[OutputFile],
    problems: &mut Diagnostics,
) -> (Vec<OutputFile>, String) {
    let mut seen: std::collections::BTreeMap<String, &Path> = std::collections::BTreeMap::new();
    let mut out = Vec::new();
    let mut list = String::from("# Old addresses and where they moved (lotse aliases)\n");
    for page in &content.pages {
        let path = page.path_for(config.languages[page.lang].code());
        let target = config.absolute_url(&path);
        let line = page.key_line("aliases");
        for alias in &page.front.aliases {
            let Some(file) = alias_file(alias) else {
                problems.push(Diagnostic::error(
                    &page.source,
                    line,
                    format!("alias \"{alias}\" is not a site path such as /old/path/"),
                ));
                continue;
            };
            if let Some(other) = seen.get(&file) {
                problems.push(Diagnostic::error(
                    &page.source,
                    line,
                    format!("alias \"{alias}\" is also an alias of {}", other.display()),
                ));
                continue;
            }
            if let Some(existing) = files.iter().find(|f| f.path == file) {
                let owner = content
                    .pages
                    .iter()
                    .find(|p| {
                        format!("{}index.html", p.path_for(config.languages[p.lang].code()))
                            == existing.path
                    })
                    .map(|p| p.source.display().to_string())
                    .unwrap_or_else(|| existing.path.clone());
                problems.push(Diagnostic::error(
                    &page.source,
                    line,
                    format!("alias \"{alias}\" is the address of a page ({owner}): choose another alias"),
                ));
                continue;
            }
            seen.insert(file.clone(), &page.source);
            let from = config.relative_url(file.trim_end_matches("index.html"));
            list.push_str(&format!("{from} {} 301\n", config.relative_url(&path)));
            out.push(OutputFile::text(file, redirect_page(&target)));
        }
    }
    (out, list)
}

/// The output file of an alias, or `None` if it is not a clean site path.
fn alias_file(alias: &str) -> Option<String> {
    let trimmed = alias.trim().trim_start_matches('/');
    if trimmed.is_empty()
        || trimmed.contains("..")
        || trimmed.contains("://")
        || trimmed.contains(['?', '#', '\\'])
        || trimmed.chars().any(|c| c.is_whitespace() || c.is_control())
    {
        return None;
    }
    if trimmed.ends_with(".html") {
        Some(trimmed.to_string())
    } else {
        Some(format!("{}/index.html", trimmed.trim_end_matches('/')))
    }
}

/// A tiny page that sends readers and crawlers to the new address,
/// keeping the `#section` of the old link.
fn redirect_page(target: &str) -> String {
    let t = target.replace('&', "&amp;").replace('"', "&quot;");
    let js = serde_json::to_string(target)
        .unwrap_or_default()
        .replace('<', "\\u003c");
    format!(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{t}</title><meta name=\"robots\" content=\"noindex\"><link rel=\"canonical\" href=\"{t}\"><script>location.replace({js}+location.hash)</script><meta http-equiv=\"refresh\" content=\"0; url={t}\"></head><body><p><a href=\"{t}\">{t}</a></p></body></html>\n"
    )
}

/// A QR code of every article's address, next to the article.
fn qr_codes(config: &Config, content: &Content) -> Vec<OutputFile> {
    content
        .pages
        .par_iter()
        .filter(|p| p.kind == PageKind::Article)
        .filter_map(|p| {
            let path = p.path_for(config.languages[p.lang].code());
            let svg = crate::qr::svg(&config.absolute_url(&path))?;
            Some(OutputFile::text(format!("{path}qr.svg"), svg))
        })
        .collect()
}

/// Link-preview images: checked once, by path under `static/`.
fn preview_images(
    config: &Config,
    content: &Content,
    assets: &[OutputFile],
    problems: &mut Diagnostics,
) -> std::collections::BTreeMap<String, (String, usize, usize)> {
    /// Some messengers drop preview images larger than this.
    const MAX_BYTES: usize = 300 * 1024;
    let mut wanted: Vec<(String, PathBuf, Option<usize>)> = Vec::new();
    if let Some(image) = &config.image {
        wanted.push((
            image.clone(),
            PathBuf::from(crate::config::CONFIG_FILE),
            None,
        ));
    }
    for page in &content.pages {
        if let Some(image) = &page.front.image {
            wanted.push((image.clone(), page.source.clone(), page.key_line("image")));
        }
    }
    let mut images = std::collections::BTreeMap::new();
    for (image, source, line) in wanted {
        let path = image.trim_start_matches('/').to_string();
        if images.contains_key(&path) {
            continue;
        }
        let Some(file) = assets.iter().find(|f| f.path == path) else {
            problems.push(Diagnostic::error(
                &source,
                line,
                format!("preview image \"{image}\" not found: put it in static/ and give its path from there"),
            ));
            continue;
        };
        let size = match imagesize::blob_size(&file.bytes) {
            Ok(size) => size,
            Err(_) => {
                problems.push(Diagnostic::error(
                    &source,
                    line,
                    format!("preview image \"{image}\" is not a PNG, JPEG, GIF or WebP image"),
                ));
                continue;
            }
        };
        if file.bytes.len() > MAX_BYTES {
            problems.push(Diagnostic::warning(
                &source,
                line,
                format!(
                    "preview image \"{image}\" has {} KB; some messengers drop images over 300 KB",
                    file.bytes.len() / 1024
                ),
            ));
        }
        images.insert(
            path.clone(),
            (config.absolute_url(&path), size.width, size.height),
        );
    }
    images
}

/// The theme's and the site's static files.
fn static_files(
    config: &Config,
) -> std::result::Result<(Vec<OutputFile>, Diagnostics), Diagnostics> {
    let mut problems = Diagnostics::new();
    let mut files = Vec::new();
    for (dir, rel) in [
        (
            config.theme_dir().join("static"),
            Path::new("themes").join(&config.theme).join("static"),
        ),
        (config.static_dir(), PathBuf::from("static")),
    ] {
        if !dir.is_dir() {
            continue;
        }
        for entry in walkdir::WalkDir::new(&dir)
            .follow_links(true)
            .sort_by_file_name()
        {
            match entry {
                Ok(e) if e.file_type().is_file() => {
                    let path = e.path().strip_prefix(&dir).unwrap_or(e.path());
                    let name = path.to_string_lossy().replace('\\', "/");
                    match std::fs::read(e.path()) {
                        Ok(bytes) => files.push(OutputFile { path: name, bytes }),
                        Err(err) => problems.push(Diagnostic::error(
                            rel.join(path),
                            None,
                            format!("cannot read: {err}"),
                        )),
                    }
                }
                Ok(_) => {}
                Err(err) => {
                    problems.push(Diagnostic::error(&rel, None, format!("cannot read: {err}")))
                }
            }
        }
    }
    if problems.has_errors() {
        Err(problems)
    } else {
        Ok((files, problems))
    }
}

/// Two sources must never write the same output file.
fn check_collisions(files: &[OutputFile], problems: &mut Diagnostics) {
    let mut paths: Vec<&str> = files.iter().map(|f| f.path.as_str()).collect();
    paths.sort_unstable();
    for pair in paths.windows(2) {
        if pair[0] == pair[1] {
            problems.push(Diagnostic::error(
                pair[0],
                None,
                "two sources write this output file (a static file and a page?): rename one",
            ));
        }
    }
}

/// A short, stable content hash for cache busting (FNV-1a, 64 bit).
pub fn short_hash(bytes: &[u8]) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        hash ^= u64::from(*b);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{:08x}", hash >> 32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alias_paths_are_clean_site_paths() {
        assert_eq!(
            alias_file("/old/path/").as_deref(),
            Some("old/path/index.html")
        );
        assert_eq!(alias_file("old.html").as_deref(), Some("old.html"));
        assert_eq!(alias_file("/../etc/"), None);
        assert_eq!(alias_file("https://x.org/a"), None);
        assert_eq!(alias_file("/"), None);
    }

    #[test]
    fn hash_is_stable() {
        assert_eq!(short_hash(b"abc"), short_hash(b"abc"));
        assert_ne!(short_hash(b"abc"), short_hash(b"abd"));
        assert_eq!(short_hash(b"").len(), 8);
    }
}
