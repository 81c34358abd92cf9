//! The translators' workflow: exchange files exported and imported, the
//! lossless round trip over the sample, errors that write nothing.

mod support;

use std::path::PathBuf;

use lotse::freshness::State;
use lotse::translate::export::{self, ExportOptions, Format, Site};
use lotse::translate::import::{self, ImportOptions};
use lotse::translate::{po, xliff};
use support::{repo_root, TestSite};

fn options(lang: &str, paths: &[&str], format: Format) -> ExportOptions {
    ExportOptions {
        lang: lang.into(),
        from: None,
        missing: false,
        stale: false,
        paths: paths.iter().map(|p| p.to_string()).collect(),
        format,
        output: Some(PathBuf::from("/nonexistent")),
    }
}

/// Every up-to-date translation of the sample, in every language and both
/// formats, exported filled with its current text and imported unchanged,
/// comes back byte for byte (nothing is written: the import is prepared).
#[test]
fn round_trip_of_every_up_to_date_translation_is_lossless() {
    let root = repo_root();
    let site = Site::load(&root).unwrap();
    let default = site.config.default_language;
    let mut checked = 0;
    for format in [Format::Po, Format::Xliff] {
        for lang in 0..site.config.languages.len() {
            if lang == default {
                continue;
            }
            let code = site.config.languages[lang].code().to_string();
            let keys: Vec<String> = site
                .content
                .pages
                .iter()
                .filter(|p| p.lang == lang && p.front.translated_from.is_none())
                .filter(|p| site.fresh.state(&p.key, lang) == State::UpToDate)
                .map(|p| p.key.clone())
                .collect();
            for key in keys {
                let plan = export::plan(&site, &root, &options(&code, &[&key], format)).unwrap();
                let (catalog, file) = plan
                    .files
                    .iter()
                    .find(|(_, f)| f.key == key)
                    .unwrap_or_else(|| panic!("{code} {key}: not exported"));
                assert_eq!(file.units, 0, "{code} {key}: not every unit was filled");
                let text = format.write(catalog);
                let back = match format {
                    Format::Po => po::read(text.as_bytes()),
                    Format::Xliff => xliff::read(text.as_bytes()),
                }
                .unwrap();
                let (ready, skipped) = import::prepare(
                    &site,
                    &[(PathBuf::from("x"), back)],
                    &ImportOptions::default(),
                )
                .unwrap_or_else(|e| panic!("{code} {key} ({format:?}): {e}"));
                assert!(
                    skipped.skipped.is_empty(),
                    "{code} {key}: {:?}",
                    skipped.skipped
                );
                let page = site.content.get(&key, lang).unwrap();
                let current = std::fs::read_to_string(root.join(&page.source)).unwrap();
                assert_eq!(ready.len(), 1);
                assert_eq!(ready[0].text, current, "{code} {key} ({format:?})");
                assert!(!ready[0].changed);
                checked += 1;
            }
        }
    }
    assert!(checked > 200, "only {checked} translations checked");
}

fn run(site: &TestSite, args: &[&str]) -> support::Outcome {
    site.run(args)
}

fn export_po(site: &TestSite, args: &[&str]) -> String {
    let mut all = vec!["translate", "export", "--lang", "ar", "-o", "out"];
    all.extend_from_slice(args);
    let out = run(site, &all);
    assert_eq!(out.code, Some(0), "{}{}", out.stdout, out.stderr);
    out.stdout
}

/// A missing article exported, translated and imported: the new
/// translation has the original's structure, section ids and link targets,
/// and records the original's date.
#[test]
fn a_missing_article_is_exported_translated_and_imported() {
    let site = TestSite::standard();
    let stdout = export_po(&site, &["--missing"]);
    assert!(stdout.contains("out/work/wage.po (missing"), "{stdout}");
    let po = read(&site, "out/work/wage.po");
    assert!(
        po.contains("msgctxt \"#minimum\"\nmsgid \"Mindestlohn\"\nmsgstr \"\""),
        "{po}"
    );
    let filled = fill(&po, "title", "الأجر");
    let filled = fill(&filled, "description", "عن الحد الأدنى.");
    let filled = fill(&filled, "#minimum", "الحد الأدنى للأجور");
    let filled = fill(&filled, "#minimum/1", "13.90 يورو من 2026.");
    site.write("out/work/wage.po", &filled);
    let out = run(
        site_ref(&site),
        &["translate", "import", "out/work/wage.po"],
    );
    assert_eq!(out.code, Some(0), "{}{}", out.stdout, out.stderr);
    let page = read(&site, "content/ar/work/wage.md");
    assert!(
        page.starts_with(
            "---\ntitle: \"الأجر\"\ndescription: \"عن الحد الأدنى.\"\nupdated: 2026-05-01\n"
        ),
        "{page}"
    );
    assert!(page.contains("source_updated: 2026-05-01\n"), "{page}");
    assert!(
        page.contains("## الحد الأدنى للأجور {#minimum}\n\n13.90 يورو من 2026.\n"),
        "{page}"
    );
    assert!(!page.contains("machine_translated"), "{page}");
    assert_eq!(run(&site, &["check"]).code, Some(0));
}

/// Sets the msgstr of the unit `id` in a PO file.
fn fill(po: &str, id: &str, text: &str) -> String {
    let start = po
        .find(&format!("msgctxt \"{id}\"\n"))
        .unwrap_or_else(|| panic!("{id}"));
    let at = start + po[start..].find("msgstr \"\"").unwrap();
    format!(
        "{}msgstr \"{text}\"{}",
        &po[..at],
        &po[at + "msgstr \"\"".len()..]
    )
}

/// The standard site with its Arabic insurance article up to date.
fn up_to_date_site() -> TestSite {
    let site = TestSite::standard();
    let ar = read(&site, "content/ar/health/insurance.md");
    site.write(
        "content/ar/health/insurance.md",
        &ar.replacen(
            "updated: 2026-03-01\n",
            "updated: 2026-03-01\nsource_updated: 2026-03-01\n",
            1,
        ),
    );
    site
}

fn site_ref(site: &TestSite) -> &TestSite {
    site
}

fn read(site: &TestSite, rel: &str) -> String {
    std::fs::read_to_string(site.path(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// Broken placeholders, an unknown page and a wrong language are errors
/// that name the file, the unit and the line; nothing is written, not even
/// the good files of the same import.
#[test]
fn bad_files_are_refused_and_nothing_is_written() {
    let site = up_to_date_site();
    export_po(&site, &["health/insurance"]);
    let po = read(&site, "out/health/insurance.po");
    assert!(
        po.contains(
            "msgid \"Siehe <g id=\\\"1\\\">Lohn</g>.\"\nmsgstr \"اقرأ <g id=\\\"1\\\">الأجر</g>.\""
        ),
        "{po}"
    );
    let broken = po.replace(
        "msgstr \"اقرأ <g id=\\\"1\\\">الأجر</g>.\"",
        "msgstr \"اقرأ الأجر.\"",
    );
    let first_line = broken[..broken.find("msgctxt \"#who/1\"").unwrap()]
        .rfind("\n\n")
        .map(|at| broken[..at + 2].lines().count() + 1)
        .unwrap();
    site.write("out/bad.po", &broken);
    site.write("out/good.po", &po.replace("مقدمة.", "مقدمة جديدة."));
    site.write("out/wrong.po", &po.replace("Language: ar", "Language: fr"));
    site.write(
        "out/unknown.po",
        &po.replace(
            "content/de/health/insurance.md",
            "content/de/health/gone.md",
        ),
    );
    let (head, tail) = po.split_at(po.find("اقرأ").unwrap());
    site.write_bytes(
        "out/latin1.po",
        &[head.as_bytes(), b"\xe4", tail.as_bytes()].concat(),
    );
    let before = support::snapshot(&site.path("content"));
    for (file, expected) in [
        ("out/bad.po", format!("out/bad.po:{first_line}: error: unit #who/1: the placeholder <g id=\"1\">…</g> of the source is missing")),
        ("out/wrong.po", "the target language \"fr\" is not a language of this site".to_string()),
        ("out/unknown.po", "content/de/health/gone.md, is unknown to this site".to_string()),
        ("out/latin1.po", "is not UTF-8 text".to_string()),
    ] {
        let out = run(&site, &["translate", "import", "out/good.po", file]);
        assert_ne!(out.code, Some(0), "{file}");
        assert!(out.stderr.contains(&expected), "{file}: {}", out.stderr);
        assert_eq!(support::snapshot(&site.path("content")), before, "{file}");
    }
    let out = run(
        &site,
        &["translate", "import", "--lang", "en", "out/good.po"],
    );
    assert!(
        out.stderr.contains("wrong target language"),
        "{}",
        out.stderr
    );
    let out = run(&site, &["translate", "import", "out/good.po"]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert!(read(&site, "content/ar/health/insurance.md").contains("مقدمة جديدة."));
}

/// Units marked as machine translations mark the article; a reviewed
/// import records the speaker's check.
#[test]
fn machine_units_mark_the_article_and_reviews_are_recorded() {
    let site = up_to_date_site();
    export_po(&site, &["health/insurance"]);
    let po = read(&site, "out/health/insurance.po");
    let marked = po.replacen(
        "#: content/de/health/insurance.md:2",
        "#. machine-translated\n#: content/de/health/insurance.md:2",
        1,
    );
    site.write("out/mt.po", &marked);
    let out = run(&site, &["translate", "import", "out/mt.po"]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let page = read(&site, "content/ar/health/insurance.md");
    assert!(page.contains("machine_translated: true\n"), "{page}");
    let out = run(
        &site,
        &[
            "translate",
            "import",
            "--reviewed-by-speaker",
            "2026-12-01",
            "out/health/insurance.po",
        ],
    );
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let page = read(&site, "content/ar/health/insurance.md");
    assert!(page.contains("reviewed_by_speaker: 2026-12-01\n"), "{page}");
    assert!(!page.contains("machine_translated"), "{page}");
}

fn git(site: &TestSite, args: &[&str]) {
    let out = std::process::Command::new("git")
        .args([
            "-c",
            "user.name=T",
            "-c",
            "user.email=t@example.org",
            "-c",
            "commit.gpgsign=false",
        ])
        .args(args)
        .current_dir(site.dir.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A stale translation exports only the units whose source changed since
/// it was made (the old source from git), each with its previous text and
/// the current translation as a fuzzy draft; without history, the whole
/// page, and the export says so.
#[test]
fn a_stale_translation_exports_only_what_changed() {
    let site = up_to_date_site();
    let has_git = std::process::Command::new("git")
        .arg("--version")
        .output()
        .is_ok();
    if has_git {
        git(&site, &["init", "-q"]);
        git(&site, &["add", "-A"]);
        git(&site, &["commit", "-q", "-m", "first"]);
    }
    let de = read(&site, "content/de/health/insurance.md")
        .replace(
            "updated: 2026-03-01\nreviewed: 2026-03-01",
            "updated: 2026-06-01\nreviewed: 2026-06-01",
        )
        .replace("Rufen Sie 116 117 an.", "Rufen Sie 116 117 oder 112 an.")
        .replace("Intro.\n", "Intro.\n\nNeuer Absatz.\n");
    site.write("content/de/health/insurance.md", &de);
    if has_git {
        git(&site, &["commit", "-q", "-a", "-m", "second"]);
        let stdout = export_po(&site, &["--stale"]);
        assert!(
            stdout.contains("out/health/insurance.po (stale, 2 units, 9 words"),
            "{stdout}"
        );
        let po = read(&site, "out/health/insurance.po");
        assert!(
            po.contains("#, fuzzy\n#| msgctxt \"#costs/1\"\n#| msgid \"Rufen Sie 116 117 an.\"\nmsgctxt \"#costs/1\"\nmsgid \"Rufen Sie 116 117 oder 112 an.\"\nmsgstr \"اتصل بالرقم 116 117 أو +49 211 1234567 (Krankenkasse).\""),
            "{po}"
        );
        assert!(
            po.contains("msgctxt \"top/2\"\nmsgid \"Neuer Absatz.\"\nmsgstr \"\""),
            "{po}"
        );
        assert!(!po.contains("msgctxt \"#who/1\""), "{po}");
        // Translating the two units brings the translation up to date, the rest kept.
        let done = fill(&po.replace("#, fuzzy\n", ""), "top/2", "فقرة جديدة.");
        let done = done.replace(
            "msgstr \"اتصل بالرقم 116 117 أو +49 211 1234567 (Krankenkasse).\"",
            "msgstr \"اتصل بالرقم 116 117 أو 112.\"",
        );
        site.write("out/health/insurance.po", &done);
        let out = run(&site, &["translate", "import", "out/health/insurance.po"]);
        assert_eq!(out.code, Some(0), "{}", out.stderr);
        let ar = read(&site, "content/ar/health/insurance.md");
        assert!(ar.contains("source_updated: 2026-06-01\n"), "{ar}");
        assert!(
            ar.contains(
                "مقدمة.\n\nفقرة جديدة.\n\n## التكاليف {#costs}\n\nاتصل بالرقم 116 117 أو 112.\n"
            ),
            "{ar}"
        );
        assert!(ar.contains("اقرأ [الأجر](../work/wage.md#minimum)."), "{ar}");
        // Arabic still lacks the work topic and its article, and has two
        // pages without source_updated (exported whole, as drafts).
        let status = run(&site, &["status", "--words", "--format", "json"]);
        let rows: serde_json::Value = serde_json::from_str(&status.stdout).unwrap();
        let ar = rows
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["lang"] == "ar")
            .unwrap();
        assert_eq!(
            (
                &ar["missing_pages"],
                &ar["missing_words"],
                &ar["stale_pages"],
                &ar["stale_words"]
            ),
            (&2.into(), &14.into(), &2.into(), &12.into()),
            "{ar}"
        );
    }
    // Without history (the site is no checkout), the whole page, said so.
    std::fs::remove_dir_all(site.path(".git")).ok();
    let ar = read(&site, "content/ar/health/insurance.md")
        .replace("source_updated: 2026-06-01", "source_updated: 2026-03-01");
    site.write("content/ar/health/insurance.md", &ar);
    let out = run(
        &site,
        &[
            "translate",
            "export",
            "--lang",
            "ar",
            "--stale",
            "-o",
            "whole",
        ],
    );
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert!(
        out.stderr
            .contains("note: health/insurance: The whole page is exported"),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("not a git checkout"), "{}", out.stderr);
    let po = read(&site, "whole/health/insurance.po");
    assert!(po.contains("# The whole page is exported"), "{po}");
    assert_eq!(po.matches("#, fuzzy").count(), 8, "{po}");
}

fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(from).unwrap();
        let dest = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
        } else {
            std::fs::copy(entry.path(), &dest).unwrap();
        }
    }
}

/// The sample's French page for EU workers was made by exporting it,
/// translating the PO file (by machine, marked so) and importing it: the
/// committed exchange file, imported into the sample without that page,
/// gives the committed page byte for byte.
#[test]
fn the_samples_exchange_file_reproduces_its_translation() {
    let dir = tempfile::tempdir().unwrap();
    let root = repo_root();
    for part in ["content", "i18n", "themes", "static"] {
        copy_dir(&root.join(part), &dir.path().join(part));
    }
    std::fs::copy(root.join("site.toml"), dir.path().join("site.toml")).unwrap();
    let page = "content/fr/work/eu-workers.md";
    std::fs::remove_file(dir.path().join(page)).unwrap();
    let po = root.join("translations/fr/work/eu-workers.po");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_lotse"))
        .arg("--root")
        .arg(dir.path())
        .args(["translate", "import"])
        .arg(&po)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let made = std::fs::read(dir.path().join(page)).unwrap();
    assert_eq!(made, std::fs::read(root.join(page)).unwrap());
    assert!(String::from_utf8(made)
        .unwrap()
        .contains("machine_translated: true\n"));
}

/// `--from` exports from another translation; the import names it in
/// `translated_from`. UI strings come with the language's plural forms.
#[test]
fn chains_and_ui_strings() {
    let site = TestSite::standard();
    let stdout = export_po(&site, &["--from", "en", "--ui", "work/wage"]);
    assert!(stdout.contains("out/work/wage.po (missing"), "{stdout}");
    let po = read(&site, "out/work/wage.po");
    assert!(
        po.contains("\"X-Lotse-Original: content/en/work/wage.md\\n\""),
        "{po}"
    );
    let po = fill(&po, "title", "الحد الأدنى للأجور");
    let po = fill(&po, "description", "عن الحد الأدنى.");
    let po = fill(&po, "#minimum", "الحد الأدنى");
    let po = fill(&po, "#minimum/1", "13.90 يورو.");
    site.write("out/work/wage.po", &po);
    let out = run(&site, &["translate", "import", "out/work/wage.po"]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let page = read(&site, "content/ar/work/wage.md");
    assert!(page.contains("translated_from: en\n"), "{page}");
    assert!(page.contains("source_updated: 2026-05-02\n"), "{page}");
    let ui = read(&site, "out/ui.po");
    assert!(ui.contains("\"Plural-Forms: nplurals=6;"), "{ui}");
    let plural = &ui[ui.find("msgctxt \"article_count\"").unwrap()..];
    assert!(
        plural.contains("msgid_plural \"{count} articles\""),
        "{plural}"
    );
    for i in 0..6 {
        assert!(plural.contains(&format!("msgstr[{i}] ")), "{plural}");
    }
    assert!(!plural.contains("msgstr[6]"), "{plural}");
}

/// An image's alt text and a link's title are units of their own; an image
/// alone in its paragraph is no unit to translate (only its alt text is).
#[test]
fn alt_texts_and_link_titles_travel_as_units() {
    let site = TestSite::standard();
    site.write(
        "content/de/work/wage.md",
        &support::article(
            "Mindestlohn",
            "2026-05-01",
            "![Ein Lohnzettel](/images/pay.png)\n\nSiehe [Versicherung](../health/insurance.md \"Kosten und Beiträge\").\n",
        ),
    );
    export_po(&site, &["work/wage"]);
    let po = read(&site, "out/work/wage.po");
    assert!(!po.contains("msgctxt \"top/1\""), "{po}");
    assert!(
        po.contains("msgctxt \"top/1/alt1\"\nmsgid \"Ein Lohnzettel\""),
        "{po}"
    );
    assert!(
        po.contains("msgctxt \"top/2/title1\"\nmsgid \"Kosten und Beiträge\""),
        "{po}"
    );
    let po = fill(&po, "title", "الأجر");
    let po = fill(&po, "description", "عن الأجر.");
    let po = fill(&po, "top/1/alt1", "قسيمة راتب");
    let po = fill(&po, "top/2", "انظر <g id=\\\"1\\\">التأمين</g>.");
    let po = fill(&po, "top/2/title1", "التكاليف \\\"والاشتراكات\\\"");
    site.write("out/work/wage.po", &po);
    let out = run(&site, &["translate", "import", "out/work/wage.po"]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let page = read(&site, "content/ar/work/wage.md");
    assert!(
        page.ends_with("---\n![قسيمة راتب](/images/pay.png)\n\nانظر [التأمين](../health/insurance.md \"التكاليف \\\"والاشتراكات\\\"\").\n"),
        "{page}"
    );
}

/// The UI strings of every language, exported filled and imported
/// unchanged, give the same `i18n/<lang>.yaml` byte for byte (plural forms
/// through gettext's order and back); a changed placeholder is refused.
#[test]
fn ui_strings_round_trip_and_keep_their_placeholders() {
    let root = repo_root();
    let site = Site::load(&root).unwrap();
    let dir = tempfile::tempdir().unwrap();
    for format in [Format::Po, Format::Xliff] {
        for (i, lang) in site.config.languages.iter().enumerate() {
            if i == site.config.default_language {
                continue;
            }
            let mut opts = options(lang.code(), &[], format);
            opts.output = Some(dir.path().join(lang.code()));
            let file = export::write_ui(&site, &root, &opts).unwrap();
            assert_eq!(file.units, 0, "{}: UI strings not all filled", lang.code());
            let catalog = import::read_file(&file.path).unwrap();
            let (ready, skipped) = import::prepare(
                &site,
                &[(file.path.clone(), catalog)],
                &ImportOptions::default(),
            )
            .unwrap_or_else(|e| panic!("{} {format:?}: {e}", lang.code()));
            assert!(skipped.skipped.is_empty(), "{:?}", skipped.skipped);
            let current =
                std::fs::read_to_string(root.join(format!("i18n/{}.yaml", lang.code()))).unwrap();
            assert_eq!(ready[0].text, current, "{} {format:?}", lang.code());
            assert!(!ready[0].changed);
        }
    }
    let mut opts = options("ar", &[], Format::Po);
    opts.output = Some(dir.path().join("bad"));
    let file = export::write_ui(&site, &root, &opts).unwrap();
    let text = std::fs::read_to_string(&file.path).unwrap();
    let start = text.find("msgctxt \"updated\"").unwrap();
    let msgstr = start + text[start..].find("msgstr").unwrap();
    let at = msgstr + text[msgstr..].find("{date}").unwrap();
    let broken = format!("{}{{datum}}{}", &text[..at], &text[at + "{date}".len()..]);
    std::fs::write(&file.path, broken).unwrap();
    let catalog = import::read_file(&file.path).unwrap();
    let e = import::prepare(
        &site,
        &[(file.path.clone(), catalog)],
        &ImportOptions::default(),
    )
    .unwrap_err()
    .to_string();
    assert!(
        e.contains("unit updated: the placeholders in braces"),
        "{e}"
    );
    assert!(e.contains("ui.po:"), "{e}");
}
