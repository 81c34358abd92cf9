//! Writes a built site: minifies HTML, then swaps the new folder in
//! atomically so that a failed build never leaves a broken output.

use std::path::{Path, PathBuf};

use rayon::prelude::*;

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

/// Minifies an HTML document.
pub fn minify(html: &str) -> String {
    let mut cfg = minify_html::Cfg::new();
    cfg.minify_css = true;
    cfg.minify_js = true;
    cfg.keep_html_and_head_opening_tags = true;
    let bytes = minify_html::minify(html.as_bytes(), &cfg);
    String::from_utf8(bytes).unwrap_or_else(|_| html.to_string())
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

/// Writes all files into a new folder next to `out`, then swaps it in.
pub fn write_atomically(out: &Path, files: &[OutputFile]) -> Result<()> {
    let parent = out.parent().unwrap_or(Path::new("."));
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "public".into());
    std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
    let pid = std::process::id();
    let staging = parent.join(format!(".{name}.lotse-new-{pid}"));
    let retired = parent.join(format!(".{name}.lotse-old-{pid}"));
    for stale in [&staging, &retired] {
        if stale.exists() {
            std::fs::remove_dir_all(stale).map_err(|e| Error::io(stale, e))?;
        }
    }
    if let Err(e) = write_all(&staging, files) {
        let _ = std::fs::remove_dir_all(&staging);
        return Err(e);
    }
    if out.exists() {
        std::fs::rename(out, &retired).map_err(|e| {
            let _ = std::fs::remove_dir_all(&staging);
            Error::io(out, e)
        })?;
    }
    if let Err(e) = std::fs::rename(&staging, out) {
        // Put the previous output back.
        if retired.exists() {
            let _ = std::fs::rename(&retired, out);
        }
        let _ = std::fs::remove_dir_all(&staging);
        return Err(Error::io(out, e));
    }
    if retired.exists() {
        std::fs::remove_dir_all(&retired).map_err(|e| Error::io(&retired, e))?;
    }
    Ok(())
}

fn write_all(dir: &Path, files: &[OutputFile]) -> Result<()> {
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    std::fs::write(dir.join(MARKER), MARKER_TEXT).map_err(|e| Error::io(dir.join(MARKER), e))?;
    let mut dirs: Vec<PathBuf> = files
        .iter()
        .filter_map(|f| Path::new(&f.path).parent().map(|p| dir.join(p)))
        .collect();
    dirs.sort();
    dirs.dedup();
    for d in &dirs {
        std::fs::create_dir_all(d).map_err(|e| Error::io(d, e))?;
    }
    files.par_iter().try_for_each(|f| {
        let path = dir.join(&f.path);
        std::fs::write(&path, &f.bytes).map_err(|e| Error::io(&path, e))
    })
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
    fn minify_keeps_html_attributes() {
        let html = minify("<!DOCTYPE html><html lang=\"ar\" dir=\"rtl\"><head><title>x</title></head><body><p>a   b</p></body></html>");
        assert!(
            html.contains("lang=ar") || html.contains("lang=\"ar\""),
            "{html}"
        );
        assert!(html.contains("a b"), "{html}");
    }
}
