//! A fixture site builder for integration tests: inline files in a temporary
//! folder, built with the real `lotse` binary or the library.

#![allow(dead_code, unreachable_pub)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use scraper::{Html, Selector};

/// The repository root (the sample site).
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A small site with German, Arabic and English, the repo's theme and UI strings.
pub struct TestSite {
    pub dir: tempfile::TempDir,
}

pub const SITE_TOML: &str = r#"base_url = "https://example.org/"
default_language = "de"

[languages.de]
name = "Deutsch"
title = "Wegweiser"

[languages.ar]
name = "العربية"
title = "دليل"

[languages.en]
name = "English"
title = "Guide"
"#;

/// An article file with the required front matter.
pub fn article(title: &str, updated: &str, body: &str) -> String {
    format!(
        "---\ntitle: \"{title}\"\ndescription: \"About {title}.\"\nupdated: {updated}\nreviewed: {updated}\nsources:\n  - title: \"BAMF\"\n    url: \"https://www.bamf.de/\"\n---\n{body}"
    )
}

/// An index (home or topic) file.
pub fn index(title: &str, weight: i64) -> String {
    format!("---\ntitle: \"{title}\"\ndescription: \"{title} overview\"\nupdated: 2026-01-01\nweight: {weight}\n---\nIntro of {title}.\n")
}

impl TestSite {
    /// An empty site with `site.toml`, the default theme and the repo's i18n files.
    pub fn new() -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let site = Self { dir };
        site.write("site.toml", SITE_TOML);
        copy_dir(
            &repo_root().join("themes/default"),
            &site.path("themes/default"),
        );
        for code in ["de", "ar", "en"] {
            let name = format!("i18n/{code}.yaml");
            let text = std::fs::read_to_string(repo_root().join(&name)).expect("i18n file");
            site.write(&name, &text);
        }
        site
    }

    /// A site with two topics, a full Arabic translation of one article, and
    /// an article that exists only in German.
    pub fn standard() -> Self {
        let site = Self::new();
        site.write("content/de/_index.md", &index("Willkommen", 0));
        site.write("content/ar/_index.md", &index("مرحبا", 0));
        site.write("content/en/_index.md", &index("Welcome", 0));
        site.write("content/de/health/_index.md", &index("Gesundheit", 10));
        site.write("content/ar/health/_index.md", &index("الصحة", 10));
        site.write("content/de/work/_index.md", &index("Arbeit", 20));
        site.write(
            "content/de/health/insurance.md",
            &article(
                "Krankenversicherung",
                "2026-03-01",
                "Intro.\n\n## Kosten {#costs}\n\nRufen Sie 116 117 an.\n\n## Wer zahlt? {#who}\n\nSiehe [Lohn](../work/wage.md#minimum).\n",
            ),
        );
        site.write(
            "content/ar/health/insurance.md",
            &article(
                "التأمين الصحي",
                "2026-03-01",
                "مقدمة.\n\n## التكاليف {#costs}\n\nاتصل بالرقم 116 117 أو +49 211 1234567 (Krankenkasse).\n\n## من يدفع؟ {#who}\n\nاقرأ [الأجر](../work/wage.md#minimum).\n",
            ),
        );
        site.write(
            "content/de/work/wage.md",
            &article(
                "Mindestlohn",
                "2026-05-01",
                "## Mindestlohn {#minimum}\n\n13,90 Euro ab 2026.\n",
            ),
        );
        site.write(
            "content/en/work/wage.md",
            &article(
                "Minimum wage",
                "2026-05-02",
                "## Minimum wage {#minimum}\n\n13.90 euros from 2026.\n",
            ),
        );
        site
    }

    /// A path inside the site.
    pub fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    /// Writes a file, creating folders.
    pub fn write(&self, rel: &str, text: &str) {
        self.write_bytes(rel, text.as_bytes());
    }

    /// Writes raw bytes, creating folders.
    pub fn write_bytes(&self, rel: &str, bytes: &[u8]) {
        let path = self.path(rel);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, bytes).expect("write");
    }

    /// Runs the `lotse` binary with arguments in the site folder.
    pub fn run(&self, args: &[&str]) -> Outcome {
        self.run_with_env(args, &[])
    }

    /// Runs the `lotse` binary with arguments and environment variables.
    pub fn run_with_env(&self, args: &[&str], env: &[(&str, &str)]) -> Outcome {
        let output = Command::new(env!("CARGO_BIN_EXE_lotse"))
            .args(args)
            .envs(env.iter().copied())
            .current_dir(self.dir.path())
            .output()
            .expect("run lotse");
        Outcome {
            code: output.status.code(),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }

    /// Builds into `public/` and panics on failure.
    pub fn build_ok(&self) -> Outcome {
        let out = self.run(&["build"]);
        assert_eq!(out.code, Some(0), "build failed:\n{}", out.stderr);
        out
    }

    /// Reads an output file of `public/`.
    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.path("public").join(rel))
            .unwrap_or_else(|e| panic!("public/{rel}: {e}"))
    }

    /// Parses an output HTML file of `public/`.
    pub fn html(&self, rel: &str) -> Html {
        Html::parse_document(&self.read(rel))
    }

    /// Every file of a folder with its bytes.
    pub fn snapshot(&self, rel: &str) -> BTreeMap<PathBuf, Vec<u8>> {
        snapshot(&self.path(rel))
    }
}

/// Result of running the binary.
#[derive(Debug)]
pub struct Outcome {
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

/// Every file below a folder with its bytes.
pub fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).expect("inside").to_path_buf();
            (rel, std::fs::read(e.path()).expect("read"))
        })
        .collect()
}

fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from)
        .into_iter()
        .filter_map(Result::ok)
    {
        let rel = entry.path().strip_prefix(from).expect("inside");
        let target = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).expect("mkdir");
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

/// All values of an attribute over the elements a CSS selector matches.
pub fn attrs(doc: &Html, selector: &str, attr: &str) -> Vec<String> {
    let sel = Selector::parse(selector).expect("selector");
    doc.select(&sel)
        .filter_map(|e| e.value().attr(attr).map(String::from))
        .collect()
}

/// The text of every element a CSS selector matches.
pub fn texts(doc: &Html, selector: &str) -> Vec<String> {
    let sel = Selector::parse(selector).expect("selector");
    doc.select(&sel)
        .map(|e| e.text().collect::<String>())
        .collect()
}

/// The `content` of `<meta property=...>` or `<meta name=...>`.
pub fn meta(doc: &Html, key: &str) -> Option<String> {
    attrs(doc, &format!("meta[property=\"{key}\"]"), "content")
        .into_iter()
        .next()
        .or_else(|| {
            attrs(doc, &format!("meta[name=\"{key}\"]"), "content")
                .into_iter()
                .next()
        })
}
