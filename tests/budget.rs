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
    let checked = pages_within_budget(&out);
    assert!(checked >= 90, "only {checked} pages found");
}

/// The local sites' pages too: their articles carry the box of local services.
#[test]
fn every_page_of_the_sample_local_sites_fits_in_one_round_trip() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("all");
    let status = Command::new(env!("CARGO_BIN_EXE_lotse"))
        .arg("--root")
        .arg(repo_root())
        .args(["build", "--all", "--output"])
        .arg(&out)
        .status()
        .unwrap();
    assert!(status.success());
    let mut sites = 0;
    for entry in std::fs::read_dir(&out).unwrap() {
        let site = entry.unwrap().path();
        if site.file_name().is_some_and(|n| n != "shared") {
            let checked = pages_within_budget(&site);
            assert!(checked >= 90, "{}: only {checked} pages", site.display());
            sites += 1;
        }
    }
    assert!(sites >= 2, "the sample has two local sites");
}

/// The sample site with a referral directory of ten services on every
/// topic, described in every language: the heaviest service box.
#[test]
fn article_pages_with_a_full_service_box_fit_too() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    for part in ["site.toml", "content", "i18n", "themes", "static"] {
        copy(&repo_root().join(part), &root.join(part));
    }
    let topics = "[counselling, family, health, housing, residence, rumours, work]";
    let codes = [
        "de", "en", "ar", "fa", "ps", "bg", "pl", "ro", "ru", "tr", "uk", "fr",
    ];
    let mut yaml = String::from("services:\n");
    for i in 0..10 {
        yaml.push_str(&format!(
            "  - id: service-{i}\n    name: \"Migrationsberatung für Erwachsene im Stadtteil {i}\"\n    kind: migration-counselling\n    topics: {topics}\n    address: \"Musterstraße {i}, 12345 Musterstadt\"\n    coordinates: [52.5{i}, 13.4{i}]\n    phone: \"030 23125 1{i:02}\"\n    email: \"beratung-{i}@musterstadt.example\"\n    web: \"https://beratung-{i}.musterstadt.example/\"\n    opening_hours: \"Mo-Th 09:00-12:00,13:00-16:00; Fr 09:00-12:00; Sa,Su off; PH off\"\n    languages: [de, ar, ru, uk, fa, tr]\n    wheelchair: limited\n    description:\n"
        ));
        for code in codes {
            yaml.push_str(&format!(
                "      {code}: \"Beratung {i} zu Aufenthalt, Arbeit, Wohnen und Sprachkursen; kostenlos und vertraulich, mit Termin oder in der offenen Sprechstunde ({code}).\"\n"
            ));
        }
    }
    std::fs::write(root.join("services.yaml"), yaml).unwrap();
    let out = dir.path().join("public");
    let status = Command::new(env!("CARGO_BIN_EXE_lotse"))
        .arg("--root")
        .arg(&root)
        .args(["build", "--output"])
        .arg(&out)
        .status()
        .unwrap();
    assert!(status.success());
    let checked = pages_within_budget(&out);
    assert!(checked >= 90, "only {checked} pages found");
}

fn copy(from: &std::path::Path, to: &std::path::Path) {
    if from.is_file() {
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(from, to).unwrap();
        return;
    }
    for entry in walkdir::WalkDir::new(from)
        .into_iter()
        .filter_map(Result::ok)
    {
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else if entry.file_type().is_file() {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Checks every HTML page of a built site against the budget; returns how many.
fn pages_within_budget(out: &std::path::Path) -> usize {
    let files = snapshot(out);
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
    println!(
        "largest of {checked} pages in {}: {} at {} bytes gzip (HTML + CSS)",
        out.display(),
        largest.1,
        largest.0
    );
    checked
}

/// The theme script's block between `// read-aloud:start` and `// read-aloud:end`.
fn read_aloud_block(script: &str) -> (String, String) {
    let start = script
        .find("  // read-aloud:start")
        .expect("lotse.js marks the read-aloud detector");
    let end = script[start..]
        .find("// read-aloud:end\n")
        .map(|at| start + at + "// read-aloud:end\n".len())
        .expect("the read-aloud block ends");
    let without = format!("{}{}", &script[..start], &script[end..]);
    (script[start..end].to_string(), without)
}

#[test]
fn the_read_aloud_detector_adds_at_most_300_bytes_gzip_to_the_theme_script() {
    let script =
        std::fs::read_to_string(repo_root().join("themes/default/static/lotse.js")).unwrap();
    let (block, without) = read_aloud_block(&script);
    assert!(block.contains("speechSynthesis"), "{block}");
    assert!(!without.contains("speechSynthesis"), "all of it is marked");
    let added = gzip_len(script.as_bytes()) - gzip_len(without.as_bytes());
    println!("read-aloud detector: {added} bytes gzip in lotse.js");
    assert!(
        added <= 300,
        "the detector adds {added} bytes gzip (at most 300)"
    );
}

#[test]
fn the_read_aloud_player_is_small() {
    let player = std::fs::read(repo_root().join("themes/default/static/speak.js")).unwrap();
    let size = gzip_len(&player);
    println!("read-aloud player: {size} bytes gzip");
    assert!(
        size <= 2560,
        "speak.js weighs {size} bytes gzip (at most 2.5 KB)"
    );
}
