//! Output files besides the pages: redirects for aliases, QR codes, preview
//! images, static files, and the checks that no two sources collide.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::config::Config;
use crate::content::{Content, PageKind};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::output::OutputFile;

/// Redirect pages for every `aliases` entry, and the same list in the
/// `_redirects` format of static hosts; collisions are errors.
pub(super) fn redirects(
    config: &Config,
    content: &Content,
    files: &[OutputFile],
    problems: &mut Diagnostics,
) -> (Vec<OutputFile>, String) {
    let mut seen: BTreeMap<String, &Path> = BTreeMap::new();
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
            out.push(OutputFile::text(
                file,
                redirect_page(&target, config.languages[page.lang].code()),
            ));
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
fn redirect_page(target: &str, lang: &str) -> String {
    let t = target.replace('&', "&amp;").replace('"', "&quot;");
    let js = serde_json::to_string(target)
        .unwrap_or_default()
        .replace('<', "\\u003c");
    format!(
        "<!DOCTYPE html><html lang=\"{lang}\"><head><meta charset=\"utf-8\"><title>{t}</title><meta name=\"robots\" content=\"noindex\"><link rel=\"canonical\" href=\"{t}\"><script>location.replace({js}+location.hash)</script><meta http-equiv=\"refresh\" content=\"0; url={t}\"></head><body><p><a href=\"{t}\">{t}</a></p></body></html>\n"
    )
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
pub(super) fn static_files(
    config: &Config,
) -> std::result::Result<(Vec<OutputFile>, Diagnostics), Diagnostics> {
    let mut problems = Diagnostics::new();
    let mut files = Vec::new();
    for dir in [config.theme_dir().join("static"), config.static_dir()] {
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
                Ok(Some(file)) => files.push(file),
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
