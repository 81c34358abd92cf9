//! Editor workflow: `check`, `status`, `new`, `init`, and what readers see
//! of translation freshness.

mod support;

use support::{attrs, texts, TestSite};

/// 2026-11-25 as a Unix timestamp, so review dates are judged reproducibly.
const TODAY: &str = "1795564800";

fn run_at(site: &TestSite, args: &[&str]) -> support::Outcome {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_lotse"))
        .args(args)
        .current_dir(site.dir.path())
        .env("SOURCE_DATE_EPOCH", TODAY)
        .output()
        .unwrap();
    support::Outcome {
        code: output.status.code(),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// A site with an up-to-date, a stale, a chained and a machine translation.
fn translations_site() -> TestSite {
    let site = TestSite::standard();
    for index in ["content/ar/_index.md", "content/ar/health/_index.md"] {
        let text = std::fs::read_to_string(site.path(index)).unwrap();
        site.write(
            index,
            &text.replacen(
                "updated: 2026-01-01",
                "updated: 2026-01-01\nsource_updated: 2026-01-01",
                1,
            ),
        );
    }
    // The original changed on 2026-06-01; Arabic was made from the 2026-03-01 version.
    site.write(
        "content/de/health/insurance.md",
        &support::article("Krankenversicherung", "2026-06-01", "Intro.\n\n## Kosten {#costs}\n\nText.\n\n## Wer zahlt? {#who}\n\nSiehe [Lohn](../work/wage.md#minimum).\n"),
    );
    let ar = std::fs::read_to_string(site.path("content/ar/health/insurance.md")).unwrap();
    site.write(
        "content/ar/health/insurance.md",
        &ar.replacen(
            "updated: 2026-03-01",
            "updated: 2026-03-01\nsource_updated: 2026-03-01",
            1,
        ),
    );
    // English wage: up to date with the German original.
    let en = std::fs::read_to_string(site.path("content/en/work/wage.md")).unwrap();
    site.write(
        "content/en/work/wage.md",
        &en.replacen(
            "updated: 2026-05-02",
            "updated: 2026-05-02\nsource_updated: 2026-05-01\nmachine_translated: true",
            1,
        ),
    );
    // Arabic wage translated from English: fine by itself.
    site.write(
        "content/ar/work/wage.md",
        "---\ntitle: \"الحد الأدنى للأجور\"\ndescription: \"عن الأجر.\"\nupdated: 2026-05-03\nreviewed: 2024-01-10\nsource_updated: 2026-05-02\ntranslated_from: en\n---\n## الحد الأدنى {#minimum}\n\nنص.\n",
    );
    site
}

#[test]
fn stale_translation_tells_its_readers_and_links_the_original() {
    let site = translations_site();
    run_at(&site, &["build"]);
    let ar = site.html("ar/health/insurance/index.html");
    let notice = texts(&ar, "article > p.notice");
    assert_eq!(notice.len(), 1, "{notice:?}");
    assert!(
        notice[0].starts_with("تم تغيير النص الأصلي") || notice[0].contains("Deutsch"),
        "{notice:?}"
    );
    assert_eq!(
        attrs(&ar, "article > p.notice a", "href"),
        ["/de/health/insurance/"]
    );
    assert_eq!(attrs(&ar, "article > p.notice a", "lang"), ["de"]);
    // Up-to-date translations have no notice.
    let en = site.html("en/work/wage/index.html");
    assert!(
        !texts(&en, "article > p.notice")
            .iter()
            .any(|n| n.contains("changed")),
        "{:?}",
        texts(&en, "p.notice")
    );
}

#[test]
fn machine_translations_and_old_reviews_are_shown_to_readers() {
    let site = translations_site();
    run_at(&site, &["build"]);
    let en = site.html("en/work/wage/index.html");
    assert!(texts(&en, "article > p.notice")
        .iter()
        .any(|n| n
            == "This translation was made by a machine and has not been checked by a person yet."));
    let ar = site.html("ar/work/wage/index.html");
    let notices = texts(&ar, "article > p.notice");
    assert!(
        notices.iter().any(|n| n.contains("2024")),
        "review notice with the date: {notices:?}"
    );
}

#[test]
fn staleness_passes_down_translation_chains() {
    let site = translations_site();
    // The English original of the Arabic wage text now changes: Arabic becomes stale too.
    let en = std::fs::read_to_string(site.path("content/en/work/wage.md")).unwrap();
    site.write(
        "content/en/work/wage.md",
        &en.replacen(
            "source_updated: 2026-05-01",
            "source_updated: 2026-04-01",
            1,
        ),
    );
    let out = run_at(&site, &["status", "--format", "json"]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let json: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    let row = json["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["key"] == "work/wage")
        .unwrap();
    let states: Vec<(String, String)> = row["states"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p[0].as_str().unwrap().to_string(),
                p[1].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        states,
        [
            ("de".into(), "original".into()),
            ("ar".into(), "stale".into()),
            ("en".into(), "stale".into())
        ]
    );
}

#[test]
fn status_reports_the_translation_matrix() {
    let site = translations_site();
    let out = run_at(&site, &["status", "--format", "csv"]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert_eq!(
        out.stdout,
        "article,de,ar,en\nhealth/insurance,original,stale,missing\nwork/wage,original,up-to-date,up-to-date+machine\n"
    );
    let json: serde_json::Value =
        serde_json::from_str(&run_at(&site, &["status", "--format", "json"]).stdout).unwrap();
    let ar = json["totals"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["lang"] == "ar")
        .unwrap();
    assert_eq!(ar["stale"], 1);
    assert_eq!(ar["up_to_date"], 1);
    assert_eq!(ar["current_percent"], 50);
    let en = json["totals"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["lang"] == "en")
        .unwrap();
    assert_eq!(en["missing"], 1);
    assert_eq!(en["machine_translated"], 1);
    let table = run_at(&site, &["status"]).stdout;
    assert!(table.contains("STALE"), "{table}");
    assert!(!table.contains('\x1b'), "no colors when not on a terminal");
}

#[test]
fn check_reports_every_kind_of_problem_as_json() {
    let site = translations_site();
    // A broken anchor (error), a too-long description (warning), an i18n key missing (warning).
    let long = "Lang. ".repeat(30);
    site.write(
        "content/de/health/emergency.md",
        &format!("---\ntitle: \"Notruf\"\ndescription: \"{long}\"\nupdated: 2026-01-01\n---\n[x](insurance.md#nowhere)\n"),
    );
    let en = std::fs::read_to_string(site.path("i18n/en.yaml")).unwrap();
    site.write("i18n/en.yaml", &en.replacen("home: ", "homepage: ", 1));
    let out = run_at(&site, &["check", "--format", "json"]);
    assert_eq!(out.code, Some(1), "errors exit 1");
    let json: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    let problems = json["problems"].as_array().unwrap();
    let has = |severity: &str, file: &str, text: &str| {
        problems.iter().any(|p| {
            p["severity"] == severity
                && p["file"].as_str() == Some(file)
                && p["message"].as_str().unwrap_or_default().contains(text)
        })
    };
    assert!(
        has(
            "error",
            "content/de/health/emergency.md",
            "missing section \"#nowhere\""
        ),
        "{problems:#?}"
    );
    assert!(has(
        "warning",
        "content/de/health/emergency.md",
        "link previews show about 160"
    ));
    assert!(has("warning", "i18n/en.yaml", "missing key \"home\""));
    assert_eq!(json["errors"], 1);
}

#[test]
fn check_reports_translation_work_and_review_dates() {
    let site = translations_site();
    let out = run_at(&site, &["check", "--format", "json"]);
    assert_eq!(out.code, Some(0), "warnings alone exit 0: {}", out.stdout);
    let json: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    let messages: Vec<String> = json["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            format!(
                "{} {}:{} {}",
                p["severity"].as_str().unwrap(),
                p["file"].as_str().unwrap_or(""),
                p["line"],
                p["message"].as_str().unwrap()
            )
        })
        .collect();
    let find = |needle: &str| messages.iter().any(|m| m.contains(needle));
    assert!(find("warning content/ar/health/insurance.md:5 stale translation: content/de/health/insurance.md has changed"), "{messages:#?}");
    assert!(find("warning content/ar/work/wage.md:5 facts last checked on 2024-01-10, more than 12 months ago"), "{messages:#?}");
    assert!(
        find("note content/en/work/wage.md:6 machine translation"),
        "{messages:#?}"
    );
    assert!(
        find("note content/de/health/insurance.md:null not translated into: en"),
        "{messages:#?}"
    );
    // --strict turns warnings into failure.
    assert_eq!(run_at(&site, &["check", "--strict"]).code, Some(1));
    let text = run_at(&site, &["check"]).stdout;
    assert!(
        text.contains("content/ar/health/insurance.md\n  5: warning: stale translation"),
        "{text}"
    );
    assert!(
        text.trim_end()
            .ends_with("0 error(s), 5 warning(s), 2 note(s)"),
        "{text}"
    );
}

#[test]
fn check_writes_nothing() {
    let site = TestSite::standard();
    let out = run_at(&site, &["check"]);
    assert_eq!(out.code, Some(0), "{}", out.stdout);
    assert!(!site.path("public").exists());
}

#[test]
fn new_article_then_translation_then_build() {
    let site = TestSite::standard();
    let out = run_at(&site, &["new", "family/child-benefit"]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert!(site.path("content/de/family/_index.md").is_file());
    let text = std::fs::read_to_string(site.path("content/de/family/child-benefit.md")).unwrap();
    assert!(text.contains("title: \"Child benefit\""), "{text}");
    assert!(text.contains("updated: 2026-11-25"), "{text}");
    // Add a heading without an explicit id to the original, then translate it.
    site.write(
        "content/de/family/child-benefit.md",
        &text.replace("Text.\n", "Text.\n\n## Wie viel?\n\nText.\n"),
    );
    let out = run_at(&site, &["new", "family/child-benefit", "--lang", "ar"]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let ar = std::fs::read_to_string(site.path("content/ar/family/child-benefit.md")).unwrap();
    assert!(ar.contains("source_updated: 2026-11-25"), "{ar}");
    assert!(ar.contains("## Wie viel? {#wie-viel}"), "{ar}");
    assert!(ar.contains("## First section {#first}"), "{ar}");
    // Refuses to overwrite.
    let again = run_at(&site, &["new", "family/child-benefit", "--lang", "ar"]);
    assert_eq!(again.code, Some(1));
    assert!(again.stderr.contains("already exists"), "{}", again.stderr);
    let build = run_at(&site, &["build"]);
    assert_eq!(build.code, Some(0), "{}", build.stderr);
    assert!(site
        .path("public/ar/family/child-benefit/index.html")
        .is_file());
}

/// The theme a new site gets is the default theme, file for file: it used
/// to lack the search and offline scripts.
#[test]
fn init_writes_every_file_of_the_default_theme() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("my-site");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_lotse"))
        .arg("init")
        .arg(&target)
        .output()
        .unwrap();
    assert!(out.status.success());
    let theme = support::snapshot(&support::repo_root().join("themes/default"));
    assert!(theme.len() > 10, "{theme:?}");
    assert_eq!(support::snapshot(&target.join("themes/default")), theme);
}

#[test]
fn init_creates_a_site_that_builds() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("my-site");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_lotse"))
        .arg("init")
        .arg(&target)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let build = std::process::Command::new(env!("CARGO_BIN_EXE_lotse"))
        .args(["build"])
        .current_dir(&target)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&build.stderr);
    assert!(build.status.success(), "{stderr}");
    assert!(
        stderr.trim().is_empty(),
        "a new site builds without warnings: {stderr}"
    );
    assert!(target
        .join("public/de/start/emergency/index.html")
        .is_file());
    assert!(target.join("public/en/index.html").is_file());
    // Search, offline reading and read aloud, from the theme's scripts.
    for script in ["search.js", "sw.js", "lotse.js", "speak.js"] {
        assert!(target.join("public").join(script).is_file(), "{script}");
    }
    assert!(target.join("public/de/search.json").is_file());
    // init refuses a folder that is not empty.
    let again = std::process::Command::new(env!("CARGO_BIN_EXE_lotse"))
        .arg("init")
        .arg(&target)
        .output()
        .unwrap();
    assert!(!again.status.success());
}

/// Every error `check` reports is in the `build` output too, from every
/// language: the build used to stop after the first language with errors.
#[test]
fn build_reports_every_error_of_the_site_like_check() {
    let site = TestSite::standard();
    let break_link = |path: &str, line: &str| {
        let text = std::fs::read_to_string(site.path(path)).unwrap();
        site.write(path, &format!("{text}\n{line}\n"));
    };
    break_link("content/de/health/insurance.md", "[x](javascript:alert(1))");
    break_link("content/ar/health/insurance.md", "[x](javascript:alert(2))");
    break_link("content/en/work/wage.md", "[x](../work/salary.md)");
    let en = std::fs::read_to_string(site.path("content/en/work/wage.md")).unwrap();
    site.write(
        "content/en/work/wage.md",
        &en.replacen(
            "updated: 2026-05-02",
            "updated: 2026-05-02\ntranslated_from: fr",
            1,
        ),
    );
    let build = run_at(&site, &["build"]);
    assert_eq!(build.code, Some(1), "{}", build.stderr);
    for expected in [
        "content/de/health/insurance.md:20: error: link to \"javascript:alert(1)\": script URLs are not allowed in content",
        "content/ar/health/insurance.md:20: error: link to \"javascript:alert(2)\": script URLs are not allowed in content",
        "content/en/work/wage.md:15: error: link to a missing page \"../work/salary.md\": there is no content/en/work/salary.md in any language",
        "content/en/work/wage.md:5: error: translated_from \"fr\" is not a language of this site",
    ] {
        assert!(build.stderr.contains(expected), "{expected}\n{}", build.stderr);
    }
    let check = run_at(&site, &["check", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&check.stdout).unwrap();
    let errors: Vec<String> = json["problems"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["severity"] == "error")
        .map(|p| {
            format!(
                "{}:{}: error: {}",
                p["file"].as_str().unwrap(),
                p["line"],
                p["message"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(errors.len(), 4, "{errors:#?}");
    for error in &errors {
        assert!(build.stderr.contains(error), "{error}\n{}", build.stderr);
    }
    assert!(
        build.stderr.contains("build failed: 4 error(s)"),
        "{}",
        build.stderr
    );
    assert!(!site.path("public").exists());
}

/// `status` reads front matter only: a broken template, broken UI strings
/// and a broken Markdown body do not stop it, and a file whose front matter
/// is broken is shown as such.
#[test]
fn status_works_on_a_broken_site() {
    let site = translations_site();
    site.write(
        "content/ar/health/insurance.md",
        "---\ntitle: [unclosed\n---\nText.\n",
    );
    let de = std::fs::read_to_string(site.path("content/de/work/wage.md")).unwrap();
    site.write(
        "content/de/work/wage.md",
        &format!("{de}\n[x](javascript:alert(1))\n"),
    );
    site.write("themes/default/templates/article.html", "{% if %}");
    site.write("i18n/en.yaml", "home: [unclosed\n");
    assert_eq!(run_at(&site, &["build"]).code, Some(1));

    let out = run_at(&site, &["status", "--format", "csv"]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert_eq!(
        out.stdout,
        "article,de,ar,en\nhealth/insurance,original,broken,missing\nwork/wage,original,up-to-date,up-to-date+machine\n"
    );
    let json: serde_json::Value =
        serde_json::from_str(&run_at(&site, &["status", "--format", "json"]).stdout).unwrap();
    let errors = json["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 1, "front matter errors only: {errors:#?}");
    assert_eq!(errors[0]["file"], "content/ar/health/insurance.md");
    let ar = json["totals"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["lang"] == "ar")
        .unwrap();
    assert_eq!(ar["broken"], 1);
    let table = run_at(&site, &["status"]).stdout;
    assert!(table.contains("  ERR"), "{table}");
    assert!(
        table.contains("1 error(s) in the site (lotse check lists every problem):\n  content/ar/health/insurance.md:2: "),
        "{table}"
    );
}

/// A file that does not even parse still gets its row.
#[test]
fn status_shows_an_unreadable_article() {
    let site = TestSite::standard();
    site.write("content/de/work/pay.md", "no front matter\n");
    let out = run_at(&site, &["status", "--format", "csv"]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert_eq!(
        out.stdout,
        "article,de,ar,en\nhealth/insurance,original,unknown,missing\nwork/wage,original,missing,unknown\nwork/pay,broken,missing,missing\n"
    );
}

#[test]
fn check_refuses_a_format_it_does_not_have() {
    let site = TestSite::standard();
    let out = run_at(&site, &["check", "--format", "csv"]);
    assert_eq!(out.code, Some(2));
    assert!(out.stdout.is_empty(), "{}", out.stdout);
    assert!(
        out.stderr.contains(
            "error: invalid value 'csv' for '--format <FORMAT>'\n  [possible values: text, json]"
        ),
        "{}",
        out.stderr
    );
}

/// A translation into a language without the topic's page creates it too,
/// so that `check` has nothing to warn about.
#[test]
fn new_translation_creates_the_topic_page_in_that_language() {
    let site = TestSite::standard();
    let out = run_at(&site, &["new", "work/wage", "--lang", "ar"]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert_eq!(
        out.stdout,
        "created ./content/ar/work/_index.md\ncreated ./content/ar/work/wage.md\n"
    );
    let topic = site.path("content/ar/work/_index.md");
    let article = site.path("content/ar/work/wage.md");
    let text = std::fs::read_to_string(&topic).unwrap();
    assert!(text.contains("title: \"Arbeit\""), "{text}");
    assert!(text.contains("source_updated: 2026-01-01"), "{text}");
    let check = run_at(&site, &["check"]);
    assert!(
        check
            .stdout
            .contains("topic \"work\" has articles in en but no _index.md"),
        "{}",
        check.stdout
    );
    assert!(
        !check.stdout.contains("articles in ar but no _index.md"),
        "{}",
        check.stdout
    );

    // Without a topic page to translate from, lotse says so.
    let out = run_at(&site, &["new", "work/wage", "--lang", "ar", "--from", "en"]);
    assert_eq!(out.code, Some(1), "the article exists now");
    std::fs::remove_file(&topic).unwrap();
    std::fs::remove_file(&article).unwrap();
    let out = run_at(&site, &["new", "work/wage", "--lang", "ar", "--from", "en"]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert_eq!(
        out.stderr,
        "note: the topic \"work\" has no _index.md in en to translate from: create content/ar/work/_index.md, or its title is taken from another language\n"
    );
    assert!(!topic.exists());
    assert!(article.is_file());
}

/// Inside `content/`, lotse says where the site folder is instead of
/// failing to read `site.toml`; it never builds that site by itself.
#[test]
fn outside_the_site_folder_lotse_points_to_it() {
    let site = TestSite::standard();
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_lotse"))
        .arg("build")
        .current_dir(site.path("content/de"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&output.stderr),
        format!(
            "error: site.toml: not found in this folder, but in {}: run lotse there, or give the site folder with --root ../..\n",
            site.dir.path().display()
        )
    );
    assert!(!site.path("public").exists());
}

/// Deleting an original leaves its translations orphaned, not originals.
#[test]
fn translations_of_a_deleted_original_are_orphans() {
    let site = translations_site();
    std::fs::remove_file(site.path("content/de/health/insurance.md")).unwrap();
    let check = run_at(&site, &["check"]);
    assert_eq!(check.code, Some(0), "{}", check.stdout);
    assert!(
        check.stdout.contains("  5: warning: orphaned translation: its original content/de/health/insurance.md does not exist (deleted or renamed?): restore the original, or remove source_updated if this text is now the original\n"),
        "{}",
        check.stdout
    );
    let status = run_at(&site, &["status", "--format", "csv"]);
    assert_eq!(status.code, Some(0), "{}", status.stderr);
    assert!(
        status
            .stdout
            .contains("\nhealth/insurance,missing,orphan,missing\n"),
        "{}",
        status.stdout
    );
    assert!(run_at(&site, &["status"]).stdout.contains(" ORPH"));
}

/// A translation made from a broken file is not called an orphan: its
/// original exists, only its freshness is unknown.
#[test]
fn status_does_not_orphan_the_translations_of_a_broken_file() {
    let site = translations_site();
    site.write("content/en/work/wage.md", "no front matter\n");
    let out = run_at(&site, &["status", "--format", "json"]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let json: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    let errors = json["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert_eq!(errors[0]["file"], "content/en/work/wage.md");
    let csv = run_at(&site, &["status", "--format", "csv"]).stdout;
    assert!(
        csv.contains("\nwork/wage,original,unknown,broken\n"),
        "{csv}"
    );
}

#[test]
fn a_speakers_check_ends_the_machine_translation_notice_and_is_counted() {
    let site = translations_site();
    let en = std::fs::read_to_string(site.path("content/en/work/wage.md")).unwrap();
    site.write(
        "content/en/work/wage.md",
        &en.replacen(
            "machine_translated: true",
            "machine_translated: true\nreviewed_by_speaker: 2026-11-20",
            1,
        ),
    );
    let out = run_at(&site, &["build"]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let page = site.html("en/work/wage/index.html");
    let notices = texts(&page, "article > p.notice");
    assert!(
        !notices.iter().any(|n| n.contains("machine")),
        "{notices:?}"
    );
    let csv = run_at(&site, &["status", "--format", "csv"]).stdout;
    assert!(
        csv.contains("work/wage,original,up-to-date,up-to-date+speaker 2026-11-20\n"),
        "{csv}"
    );
    let json: serde_json::Value =
        serde_json::from_str(&run_at(&site, &["status", "--format", "json"]).stdout).unwrap();
    let en = json["totals"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["lang"] == "en")
        .unwrap();
    assert_eq!(en["machine_translated"], 0);
    assert_eq!(en["speaker_checked"], 1);
    let table = run_at(&site, &["status"]).stdout;
    assert!(
        table
            .lines()
            .any(|l| l.starts_with("speaker") && l.ends_with('1')),
        "{table}"
    );
    let check = run_at(&site, &["check"]);
    assert!(
        !check
            .stderr
            .contains("content/en/work/wage.md:6: note: machine translation"),
        "{}",
        check.stderr
    );
}

#[test]
fn a_figure_that_changes_on_a_known_date_is_due_from_that_day() {
    let site = translations_site();
    let de = std::fs::read_to_string(site.path("content/de/work/wage.md")).unwrap();
    // TODAY is 2026-11-25: a change on 2027-01-01 lies ahead, one on 2026-11-25 is due.
    site.write(
        "content/de/work/wage.md",
        &de.replacen("reviewed: ", "changes_on: 2027-01-01\nreviewed: ", 1),
    );
    let ahead = run_at(&site, &["check"]);
    assert!(
        !format!("{}{}", ahead.stdout, ahead.stderr).contains("changes_on"),
        "{}",
        ahead.stdout
    );
    run_at(&site, &["build"]);
    for page in ["de/work/wage/index.html", "en/work/wage/index.html"] {
        let notices = texts(&site.html(page), "article > p.notice");
        assert!(
            !notices
                .iter()
                .any(|n| n.contains("2027") || n.contains("changed")),
            "{page}: {notices:?}"
        );
    }

    site.write(
        "content/de/work/wage.md",
        &de.replacen("reviewed: ", "changes_on: 2026-11-25\nreviewed: ", 1),
    );
    let due = run_at(&site, &["check", "--strict"]);
    assert_ne!(due.code, Some(0));
    let report = format!("{}{}", due.stdout, due.stderr);
    assert!(
        report.contains("content/de/work/wage.md\n  5: warning: a figure in this text changes on 2026-11-25 (changes_on)"),
        "{report}"
    );
    run_at(&site, &["build"]);
    let de_notices = texts(&site.html("de/work/wage/index.html"), "article > p.notice");
    assert!(
        de_notices.iter().any(|n| n.starts_with(
            "Beträge oder Fristen in diesem Text können sich am 25. November 2026 geändert haben."
        )),
        "{de_notices:?}"
    );
    // The English translation has no changes_on of its own: it takes the original's.
    let en_notices = texts(&site.html("en/work/wage/index.html"), "article > p.notice");
    assert!(
        en_notices
            .iter()
            .any(|n| n.starts_with("Amounts or deadlines in this text may have changed on")),
        "{en_notices:?}"
    );
}
