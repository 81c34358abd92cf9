//! The repository's own knowledge base builds cleanly in all its languages.

mod support;

use std::process::Command;

use support::{attrs, repo_root, snapshot};

const LANGUAGES: [&str; 12] = [
    "de", "en", "ar", "fa", "ps", "bg", "pl", "ro", "ru", "tr", "uk", "fr",
];

#[test]
fn sample_site_builds_without_warnings() {
    let out_dir = tempfile::tempdir().unwrap();
    let out = out_dir.path().join("public");
    let result = Command::new(env!("CARGO_BIN_EXE_lotse"))
        .args(["--root"])
        .arg(repo_root())
        .args(["build", "--output"])
        .arg(&out)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert!(result.status.success(), "{stderr}");
    assert!(
        stderr.trim().is_empty(),
        "the sample site has warnings:\n{stderr}"
    );

    let files = snapshot(&out);
    let articles: Vec<_> = files
        .keys()
        .filter(|p| p.components().count() == 4 && p.ends_with("index.html"))
        .collect();
    for lang in LANGUAGES {
        let count = articles.iter().filter(|p| p.starts_with(lang)).count();
        assert!(count >= 4, "{lang} has {count} articles");
        let topics = files
            .keys()
            .filter(|p| {
                p.starts_with(lang) && p.components().count() == 3 && p.ends_with("index.html")
            })
            .count();
        assert!(topics >= 2, "{lang} has {topics} topics");
    }
    for path in &articles {
        let html = String::from_utf8(files[*path].clone()).unwrap();
        let doc = scraper::Html::parse_document(&html);
        let lang = path
            .components()
            .next()
            .unwrap()
            .as_os_str()
            .to_string_lossy()
            .into_owned();
        assert_eq!(attrs(&doc, "html", "lang"), [lang.as_str()]);
        let dir = if ["ar", "fa", "ps"].contains(&lang.as_str()) {
            "rtl"
        } else {
            "ltr"
        };
        assert_eq!(attrs(&doc, "html", "dir"), [dir], "{}", path.display());
        assert!(
            !attrs(&doc, ".sources a", "href").is_empty(),
            "{} has no sources",
            path.display()
        );
        assert_eq!(
            attrs(&doc, ".dates time", "datetime").len(),
            2,
            "{} lacks dates",
            path.display()
        );
    }
}

#[test]
fn translations_keep_the_original_heading_ids() {
    let content = repo_root().join("content");
    let ids = |path: &std::path::Path| -> Vec<String> {
        let text = std::fs::read_to_string(path).unwrap();
        text.lines()
            .filter(|l| l.starts_with('#'))
            .filter_map(|l| {
                l.rsplit_once("{#")
                    .map(|(_, id)| id.trim_end_matches('}').to_string())
            })
            .collect()
    };
    for entry in walkdir::WalkDir::new(content.join("de"))
        .into_iter()
        .filter_map(Result::ok)
    {
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "md") {
            continue;
        }
        let rel = path.strip_prefix(content.join("de")).unwrap();
        let original = ids(path);
        for lang in &LANGUAGES[1..] {
            let translation = content.join(lang).join(rel);
            if translation.exists() {
                assert_eq!(ids(&translation), original, "{}", translation.display());
            }
        }
    }
}

/// `lotse check --strict` passes on the sample, judged on a fixed day
/// (2026-12-05) so that the verdict does not change when a `changes_on`
/// or review date is reached.
#[test]
fn sample_site_passes_strict_check_on_a_fixed_day() {
    let result = Command::new(env!("CARGO_BIN_EXE_lotse"))
        .args(["--root"])
        .arg(repo_root())
        .args(["check", "--strict"])
        .env("SOURCE_DATE_EPOCH", "1796428800")
        .output()
        .unwrap();
    let report = format!(
        "{}{}",
        String::from_utf8_lossy(&result.stdout),
        String::from_utf8_lossy(&result.stderr)
    );
    assert!(result.status.success(), "{report}");
    assert!(report.contains("0 error(s), 0 warning(s)"), "{report}");
    // Every translation in the sample was made by machine and says so.
    assert!(report.contains("note: machine translation"), "{report}");
}

/// The sample's local sites (sites/) build without warnings, and `check --all`
/// finds no errors in any site, judged on the same fixed day.
#[test]
fn sample_local_sites_build_and_check_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    let result = Command::new(env!("CARGO_BIN_EXE_lotse"))
        .args(["--root"])
        .arg(repo_root())
        .args(["build", "--all", "--output"])
        .arg(dir.path())
        .env("SOURCE_DATE_EPOCH", "1796428800")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&result.stdout);
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert!(result.status.success(), "{stdout}{stderr}");
    assert!(stderr.trim().is_empty(), "warnings:\n{stderr}");
    for id in ["shared", "musterstadt", "beispielkreis"] {
        assert!(stdout.contains(&format!("== site {id}")), "{stdout}");
        assert!(dir.path().join(id).join("index.html").is_file(), "{id}");
    }
    let check = Command::new(env!("CARGO_BIN_EXE_lotse"))
        .args(["--root"])
        .arg(repo_root())
        .args(["check", "--all", "--format", "json"])
        .env("SOURCE_DATE_EPOCH", "1796428800")
        .output()
        .unwrap();
    let report: serde_json::Value = serde_json::from_slice(&check.stdout).expect("a JSON report");
    let sites = report["sites"].as_array().expect("one entry per site");
    assert_eq!(sites.len(), 3, "{report}");
    for site in sites {
        assert_eq!(site["errors"], 0, "{site}");
    }
    assert!(check.status.success());
}
