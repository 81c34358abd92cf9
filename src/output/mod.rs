//! Writes a built site: minifies HTML, then swaps the new folder in so
//! that a failed, interrupted or killed build never leaves a broken output
//! (what exactly is guaranteed is said at [`Staging`]'s module).

mod platform;
mod staging;

use std::path::{Path, PathBuf};

pub use staging::{abandon, write_atomically, Staging};

use crate::config::Config;
use crate::error::{Error, Result};

/// A file in the marker's name marks folders that lotse created.
pub const MARKER: &str = ".lotse-output";
const MARKER_TEXT: &str = "This folder is written by lotse and replaced on every build.\n";

/// One file of the built site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    /// Path relative to the output folder, with `/` separators.
    pub path: String,
    /// Contents.
    pub bytes: Vec<u8>,
}

impl OutputFile {
    /// A file from text.
    pub fn text(path: impl Into<String>, text: String) -> Self {
        Self {
            path: path.into(),
            bytes: text.into_bytes(),
        }
    }
}

/// Minifies an HTML document (UTF-8 bytes in, UTF-8 bytes out).
pub fn minify(html: &[u8]) -> Vec<u8> {
    let mut cfg = minify_html::Cfg::new();
    cfg.minify_css = true;
    cfg.minify_js = true;
    cfg.keep_html_and_head_opening_tags = true;
    minify_html::minify(html, &cfg)
}

/// Refuses output folders that would destroy something lotse did not make.
pub fn check_output_dir(config: &Config, out: &Path) -> Result<PathBuf> {
    let refuse = |message: &str| Error::Output {
        path: out.to_path_buf(),
        message: message.to_string(),
    };
    let root = config
        .root
        .canonicalize()
        .map_err(|e| Error::io(&config.root, e))?;
    let out_abs = absolute(out)?;
    if root.starts_with(&out_abs) {
        return Err(refuse(
            "the output folder would contain the site itself: choose a folder such as public/",
        ));
    }
    for (dir, what) in [
        ("content", "content/"),
        ("themes", "themes/"),
        ("i18n", "i18n/"),
        ("static", "static/"),
        ("sites", "sites/"),
        (".git", ".git/"),
    ] {
        let protected = root.join(dir);
        if out_abs.starts_with(&protected) {
            return Err(refuse(&format!(
                "the output folder must not be inside {what}: it is replaced on every build"
            )));
        }
    }
    if out_abs.exists() {
        if !out_abs.is_dir() {
            return Err(refuse("exists and is not a folder"));
        }
        let mut entries = std::fs::read_dir(&out_abs).map_err(|e| Error::io(&out_abs, e))?;
        let empty = entries.next().is_none();
        if !empty && !out_abs.join(MARKER).is_file() {
            return Err(refuse(&format!(
                "the folder is not empty and was not made by lotse (no {MARKER} file): lotse will not replace it"
            )));
        }
    }
    Ok(out_abs)
}

/// An absolute, normalized path, also for folders that do not exist yet.
fn absolute(path: &Path) -> Result<PathBuf> {
    let path = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir()
            .map_err(|e| Error::io(path, e))?
            .join(path)
    };
    // Canonicalize the longest existing ancestor, then append the rest.
    let mut existing = path.clone();
    let mut rest = Vec::new();
    while !existing.exists() {
        match (existing.file_name(), existing.parent()) {
            (Some(name), Some(parent)) => {
                rest.push(name.to_os_string());
                existing = parent.to_path_buf();
            }
            _ => break,
        }
    }
    let mut result = existing
        .canonicalize()
        .map_err(|e| Error::io(&existing, e))?;
    for name in rest.into_iter().rev() {
        if name == ".." {
            result.pop();
        } else if name != "." {
            result.push(name);
        }
    }
    Ok(result)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(root: &Path) -> Config {
        Config::parse(
            root,
            "base_url = \"https://x.org/\"\ndefault_language = \"de\"\n[languages.de]\nname = \"Deutsch\"\ntitle = \"T\"\n",
        )
        .unwrap()
    }

    #[test]
    fn refuses_site_root_content_and_foreign_folders() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("content/de")).unwrap();
        std::fs::create_dir_all(root.join("mine")).unwrap();
        std::fs::write(root.join("mine/keep.txt"), "x").unwrap();
        let c = config(root);
        assert!(check_output_dir(&c, root).is_err());
        assert!(check_output_dir(&c, &root.join("content")).is_err());
        assert!(check_output_dir(&c, &root.join("content/de/out")).is_err());
        assert!(check_output_dir(&c, root.parent().unwrap()).is_err());
        let e = check_output_dir(&c, &root.join("mine"))
            .unwrap_err()
            .to_string();
        assert!(e.contains("not made by lotse"), "{e}");
        assert!(check_output_dir(&c, &root.join("public")).is_ok());
    }

    #[test]
    fn swap_replaces_old_output_and_leaves_no_temp() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write_atomically(&out, &[OutputFile::text("a/index.html", "one".into())]).unwrap();
        write_atomically(&out, &[OutputFile::text("b.html", "two".into())]).unwrap();
        assert!(!out.join("a/index.html").exists());
        assert_eq!(std::fs::read_to_string(out.join("b.html")).unwrap(), "two");
        assert!(out.join(MARKER).is_file());
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names.len(), 1, "{names:?}");
    }

    #[test]
    fn unfinished_or_failed_staging_leaves_the_old_output() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write_atomically(&out, &[OutputFile::text("old.html", "old".into())]).unwrap();
        let only_public = || {
            let names: Vec<_> = std::fs::read_dir(dir.path())
                .unwrap()
                .map(|e| e.unwrap().file_name())
                .collect();
            assert_eq!(names, ["public"]);
            assert_eq!(
                std::fs::read_to_string(out.join("old.html")).unwrap(),
                "old"
            );
        };
        // Dropped before commit, as when rendering fails half-way.
        let staging = Staging::new(&out).unwrap();
        staging.write(&OutputFile::text("a/b/new.html", "new".into()));
        drop(staging);
        only_public();
        // A write that fails (a folder where a file already is) fails the commit.
        let staging = Staging::new(&out).unwrap();
        staging.write(&OutputFile::text("x", "file".into()));
        staging.write(&OutputFile::text("x/y.html", "under a file".into()));
        let error = staging.commit().unwrap_err().to_string();
        assert!(error.contains("x"), "{error}");
        only_public();
    }

    #[test]
    fn minify_keeps_html_attributes() {
        let html = minify(b"<!DOCTYPE html><html lang=\"ar\" dir=\"rtl\"><head><title>x</title></head><body><p>a   b</p></body></html>");
        let html = String::from_utf8(html).unwrap();
        assert!(
            html.contains("lang=ar") || html.contains("lang=\"ar\""),
            "{html}"
        );
        assert!(html.contains("a b"), "{html}");
    }
}
