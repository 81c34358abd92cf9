//! Page weight budget: an article page's HTML plus the CSS it loads before
//! first render must fit in 14 KB gzip (one round trip on a slow connection).

mod support;

use std::io::Write;
use std::process::Command;

use support::{attrs, repo_root, snapshot};

const BUDGET: usize = 14 * 1024;

fn gzip_len(bytes: &[u8]) -> usize {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(bytes).unwrap();
    encoder.finish().unwrap().len()
}

#[test]
fn every_sample_page_fits_in_one_round_trip() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    let status = Command::new(env!("CARGO_BIN_EXE_lotse"))
        .arg("--root")
        .arg(repo_root())
        .args(["build", "--output"])
        .arg(&out)
        .status()
        .unwrap();
    assert!(status.success());
    let files = snapshot(&out);
    let mut largest = (0, String::new());
    let mut checked = 0;
    for (path, bytes) in &files {
        // Every HTML page: articles, topics, homes, language-neutral and redirect pages.
        if path.extension().is_none_or(|e| e != "html") {
            continue;
        }
        let doc = scraper::Html::parse_document(std::str::from_utf8(bytes).unwrap());
        let mut total = gzip_len(bytes);
        // Stylesheets and blocking scripts loaded before first render.
        let mut assets = attrs(&doc, "link[rel=stylesheet]", "href");
        assets.extend(attrs(
            &doc,
            "head script[src]:not([defer]):not([async])",
            "src",
        ));
        for href in assets {
            let rel = href
                .trim_start_matches('/')
                .split('?')
                .next()
                .unwrap()
                .to_string();
            let asset = files
                .get(std::path::Path::new(&rel))
                .unwrap_or_else(|| panic!("{} loads missing {href}", path.display()));
            total += gzip_len(asset);
        }
        checked += 1;
        if total > largest.0 {
            largest = (total, path.display().to_string());
        }
        assert!(
            total <= BUDGET,
            "{} weighs {total} bytes gzip (budget {BUDGET})",
            path.display()
        );
    }
    assert!(checked >= 90, "only {checked} pages found");
    println!(
        "largest of {checked} pages: {} at {} bytes gzip (HTML + CSS)",
        largest.1, largest.0
    );
}
