//! Output files besides the pages: redirects for aliases, QR codes, preview
//! images, static files, and the checks that no two sources collide.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::config::Config;
use crate::content::{Content, Page, PageKind};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::output::OutputFile;

/// Redirect pages for every `aliases` entry, made by `page_of` from the
/// page they lead to, and the same list in the `_redirects` format of static
/// hosts; collisions are errors.
pub(super) fn redirects(
    config: &Config,
    content: &Content,
    files: &[OutputFile],
    page_of: impl Fn(&Page) -> Result<Vec<u8>, Diagnostic>,
    problems: &mut Diagnostics,
) -> (Vec<OutputFile>, String) {
    let mut seen: BTreeMap<String, &Path> = BTreeMap::new();
    let mut out = Vec::new();
    let mut list = String::from("# Old addresses and where they moved (lotse aliases)\n");
    for page in &content.pages {
        let path = page.path_for(config.languages[page.lang].code());
        let line = page.key_line("aliases");
        // Made once per page, for the first of its aliases.
        let mut html: Option<Vec<u8>> = None;
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
            // An alias folder where a file is written (`/sitemap.xml/`), or the reverse.
            let clash = files.iter().find(|f| {
                f.path == file
                    || file.starts_with(&format!("{}/", f.path))
                    || f.path.starts_with(&format!(
                        "{}/",
                        file.trim_end_matches("index.html").trim_end_matches('/')
                    )) && !file.ends_with("index.html")
            });
            if let Some(existing) = clash {
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
            let bytes = match &html {
                Some(bytes) => bytes.clone(),
                None => match page_of(page) {
                    Ok(bytes) => html.insert(bytes).clone(),
                    Err(problem) => {
                        problems.push(problem);
                        continue;
                    }
                },
            };
            out.push(OutputFile { path: file, bytes });
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

/// A QR code of every article's address, next to the article.
pub(super) fn qr_codes(
    config: &Config,
    content: &Content,
    sink: impl Fn(OutputFile) -> OutputFile + Sync,
) -> Vec<OutputFile> {
    content
        .pages
        .par_iter()
        .filter(|p| p.kind == PageKind::Article)
        .filter_map(|p| {
            let path = p.path_for(config.languages[p.lang].code());
            let svg = crate::qr::svg(&config.absolute_url(&path))?;
            Some(sink(OutputFile::text(format!("{path}qr.svg"), svg)))
        })
        .collect()
}

/// Link-preview images: checked once, by path under `static/`.
pub(super) fn preview_images(
    config: &Config,
    content: &Content,
    assets: &[OutputFile],
    problems: &mut Diagnostics,
) -> BTreeMap<String, (String, usize, usize)> {
    let site_toml = || PathBuf::from(crate::config::CONFIG_FILE);
    let mut wanted: Vec<(String, PathBuf, Option<usize>)> = Vec::new();
    if let Some(image) = &config.image {
        wanted.push((image.clone(), site_toml(), config.image_line));
    }
    for language in &config.languages {
        if let Some(image) = &language.image {
            wanted.push((image.clone(), site_toml(), language.image_line));
        }
    }
    for page in &content.pages {
        if let Some(image) = &page.front.image {
            wanted.push((image.clone(), page.source.clone(), page.key_line("image")));
        }
    }
    let mut images = BTreeMap::new();
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
        for message in image_advice(&image, file.bytes.len(), size.width, size.height) {
            problems.push(Diagnostic::warning(&source, line, message));
        }
        images.insert(
            path.clone(),
            (config.absolute_url(&path), size.width, size.height),
        );
    }
    images
}

/// What chats do not show well about a preview image of `bytes` bytes and
/// `width`×`height` pixels: one sentence per problem.
fn image_advice(image: &str, bytes: usize, width: usize, height: usize) -> Vec<String> {
    /// Some messengers drop preview images larger than this.
    const MAX_BYTES: usize = 300 * 1024;
    /// The shape of a large link preview (1200×630), width over height.
    const SHAPE: f64 = 1.91;
    /// How far the shape may be off before chats crop the image.
    const SHAPE_TOLERANCE: f64 = 0.05;
    /// Below this size chats show a small square thumbnail instead.
    const MIN: (usize, usize) = (600, 315);
    let mut advice = Vec::new();
    if bytes > MAX_BYTES {
        advice.push(format!(
            "preview image \"{image}\" has {} KB; some messengers drop images over 300 KB",
            bytes / 1024
        ));
    }
    if width < MIN.0 || height < MIN.1 {
        advice.push(format!(
            "preview image \"{image}\" is {width}×{height} pixels; chats show images under 600×315 as a small thumbnail (make it 1200×630)"
        ));
    }
    let shape = width as f64 / height.max(1) as f64;
    if (shape / SHAPE - 1.0).abs() > SHAPE_TOLERANCE {
        advice.push(format!(
            "preview image \"{image}\" is {width}×{height} pixels; chats crop images that are not 1.91 times as wide as high (make it 1200×630)"
        ));
    }
    advice
}

/// The theme's and the site's static files; a local site's own
/// `sites/<id>/static/` files replace shared ones of the same name.
pub(super) fn static_files(
    config: &Config,
) -> std::result::Result<(Vec<OutputFile>, Diagnostics), Diagnostics> {
    let mut problems = Diagnostics::new();
    let mut files: Vec<OutputFile> = Vec::new();
    let mut dirs = vec![config.theme_dir().join("static"), config.static_dir()];
    if let Some(local) = &config.local {
        dirs.push(config.root.join(&local.dir).join("static"));
    }
    let shared = dirs.len().min(2);
    for (layer, dir) in dirs.into_iter().enumerate() {
        for entry in config.input.walk(&dir, |_| false) {
            let read = entry.and_then(|e| {
                if e.is_dir() {
                    return Ok(None);
                }
                let path = e.path.strip_prefix(&dir).unwrap_or(&e.path);
                let name = path.to_string_lossy().replace('\\', "/");
                e.read().map(|bytes| Some(OutputFile { path: name, bytes }))
            });
            match read {
                Ok(Some(file)) => {
                    if layer >= shared {
                        files.retain(|f| f.path != file.path);
                    }
                    files.push(file)
                }
                Ok(None) => {}
                Err(e) => problems.push(e.diagnostic()),
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
pub(super) fn check_collisions(files: &[OutputFile], problems: &mut Diagnostics) {
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
    fn preview_images_of_chat_shape_and_size_pass() {
        assert!(image_advice("a.png", 100 * 1024, 1200, 630).is_empty());
        assert!(image_advice("a.png", 1000, 600, 315).is_empty());
        // 5 % either way is still fine.
        assert!(image_advice("a.png", 1000, 1254, 630).is_empty());
        assert!(image_advice("a.png", 1000, 1150, 630).is_empty());
    }

    #[test]
    fn preview_images_of_other_shape_size_or_weight_are_named() {
        let square = image_advice("sq.png", 1000, 800, 800);
        assert_eq!(square.len(), 1);
        assert!(
            square[0].contains("800×800 pixels; chats crop"),
            "{square:?}"
        );
        let small = image_advice("s.png", 1000, 300, 157);
        assert_eq!(small.len(), 1, "{small:?}");
        assert!(small[0].contains("small thumbnail"), "{small:?}");
        let heavy = image_advice("h.png", 301 * 1024, 1200, 630);
        assert_eq!(
            heavy,
            ["preview image \"h.png\" has 301 KB; some messengers drop images over 300 KB"]
        );
        assert_eq!(image_advice("x.png", 1000, 1270, 630).len(), 1);
        assert_eq!(image_advice("x.png", 1000, 0, 0).len(), 2);
    }
}
