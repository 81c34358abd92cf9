//! The floor: the least work any static site generator does for a site.
//!
//! `floor SITE OUT` reads every `SITE/content/**.md` in parallel, cuts the
//! front matter, renders the body with pulldown-cmark (lotse's extensions),
//! wraps it in a minimal HTML document, minifies it with minify-html (lotse's
//! settings) and writes `OUT/<lang>/<path>/index.html`. It does not use the
//! lotse library; lotse-bench times it beside lotse and Hugo.
//!
//! Run alone: `cargo bench --bench floor -- SITE OUT`.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use pulldown_cmark::{html, Options, Parser};
use rayon::prelude::*;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> Result<()> {
    // `cargo bench` adds `--bench`: only the words without a dash count.
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with('-'))
        .collect();
    let [site, out] = args.as_slice() else {
        bail!("usage: floor SITE OUT");
    };
    let content = Path::new(site).join("content");
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(&content) {
        let entry = entry.with_context(|| format!("cannot read {}", content.display()))?;
        if entry.file_type().is_file() && entry.path().extension().is_some_and(|e| e == "md") {
            files.push(entry.into_path());
        }
    }
    let out = Path::new(out);
    files.par_iter().try_for_each(|file| {
        page(&content, file, out).with_context(|| file.display().to_string())
    })?;
    println!("{} pages", files.len());
    Ok(())
}

/// Renders one Markdown file into `out`.
fn page(content: &Path, file: &Path, out: &Path) -> Result<()> {
    let text = fs::read_to_string(file)?;
    let (front, body) = split_front_matter(&text);
    let rel = file.strip_prefix(content)?;
    let lang = rel.iter().next().and_then(|c| c.to_str()).unwrap_or("");
    let title = front
        .lines()
        .find_map(|l| l.strip_prefix("title:"))
        .map_or("", |t| t.trim().trim_matches('"'));
    let mut doc = format!(
        "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n</head>\n<body>\n",
        escape(title)
    );
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES;
    html::push_html(&mut doc, Parser::new_ext(body, options));
    doc.push_str("</body>\n</html>\n");
    let mut cfg = minify_html::Cfg::new();
    cfg.minify_css = true;
    cfg.minify_js = true;
    cfg.keep_html_and_head_opening_tags = true;
    let bytes = minify_html::minify(doc.as_bytes(), &cfg);
    let dir: PathBuf = if rel.file_name().is_some_and(|n| n == "_index.md") {
        out.join(rel.parent().unwrap_or(Path::new("")))
    } else {
        out.join(rel.with_extension(""))
    };
    fs::create_dir_all(&dir)?;
    fs::write(dir.join("index.html"), bytes)?;
    Ok(())
}

/// The front matter between the `---` lines and the body after it.
fn split_front_matter(text: &str) -> (&str, &str) {
    let Some(rest) = text.strip_prefix("---\n") else {
        return ("", text);
    };
    match rest.find("\n---") {
        Some(end) => {
            let after = &rest[end + 4..];
            (&rest[..end], after.split_once('\n').map_or("", |(_, b)| b))
        }
        None => ("", text),
    }
}

/// The title as HTML text.
fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}
