//! Local sites: `sites/<id>/` inherits the shared site, sets its own
//! address, languages and contacts, adds local articles, replaces or hides
//! shared ones; `build --all` writes every site into its own folder.

mod support;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use support::{attrs, texts, TestSite};

/// The standard test site plus two local sites: `nord` (German and Arabic,
/// a local article, its own version of the insurance article, the wage
/// article hidden) and `sued` (every language, nothing changed).
fn municipal_site() -> TestSite {
    let site = TestSite::standard();
    site.write(
        "sites/nord/site.toml",
        r#"name = "Nordstadt"
base_url = "https://nord.example.org/"
hide = ["work/wage"]
example = true

[languages.de]
title = "Wegweiser Nordstadt"

[languages.ar]
title = "دليل نوردشتات"
name = "نوردشتات"

[[contact.channels]]
kind = "phone"
label = "Integrationsbüro Nordstadt"
value = "030 23125 301"
languages = ["de", "ar"]
"#,
    );
    site.write(
        "sites/nord/content/de/local/_index.md",
        &support::index("Vor Ort", 5),
    );
    site.write(
        "sites/nord/content/de/local/welcome.md",
        &support::article(
            "Willkommen in Nordstadt",
            "2026-04-01",
            "## Die erste Woche {#first-week}\n\nGehen Sie zum [Arzt](../health/insurance.md#costs).\n",
        ),
    );
    // The site's own version of the insurance article: other words, no ids.
    site.write(
        "sites/nord/content/de/health/insurance.md",
        &support::article(
            "Krankenversicherung in Nordstadt",
            "2026-03-05",
            "Intro für Nordstadt.\n\n## Was es kostet\n\nIm Bürgerbüro Nordstadt.\n\n## Wer bezahlt?\n\nDie Kasse.\n",
        )
        .replace("updated: 2026-03-05\n", "updated: 2026-03-05\nshared_updated: 2026-03-01\n"),
    );
    site.write(
        "sites/sued/site.toml",
        "name = \"Südkreis\"\nbase_url = \"https://sued.example.org/\"\n",
    );
    site
}

fn read(dir: &Path, rel: &str) -> String {
    std::fs::read_to_string(dir.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

fn html(dir: &Path, rel: &str) -> scraper::Html {
    scraper::Html::parse_document(&read(dir, rel))
}

#[test]
fn build_all_writes_every_site_into_its_own_folder() {
    let site = municipal_site();
    let out = site.run(&["build", "--all", "--output", "all"]);
    assert_eq!(out.code, Some(0), "{}\n{}", out.stdout, out.stderr);
    let all = site.path("all");
    for id in ["shared", "nord", "sued"] {
        assert!(all.join(id).join("index.html").is_file(), "{id}");
    }
    // The shared site is the same as a plain build.
    site.build_ok();
    assert_eq!(
        support::snapshot(&all.join("shared")),
        site.snapshot("public")
    );

    let nord = all.join("nord");
    // Its languages only, its own title and address.
    assert!(nord.join("ar/health/insurance/index.html").is_file());
    assert!(
        !nord.join("en").exists(),
        "English is not a language of nord"
    );
    let home = html(&nord, "de/index.html");
    assert_eq!(
        support::meta(&home, "og:site_name").as_deref(),
        Some("Wegweiser Nordstadt")
    );
    assert_eq!(
        attrs(&home, "link[rel=canonical]", "href"),
        ["https://nord.example.org/de/"]
    );
    // The local article, and the replaced one with the shared section ids.
    let welcome = read(&nord, "de/local/welcome/index.html");
    assert!(welcome.contains("Die erste Woche"));
    let insurance = html(&nord, "de/health/insurance/index.html");
    assert!(texts(&insurance, "h1")[0].contains("Nordstadt"));
    assert_eq!(
        attrs(&insurance, ".body h2[id]", "id"),
        ["costs", "who"],
        "a local version keeps the shared article's section ids"
    );
    // The Arabic article is the shared one, still linking to the hidden
    // wage article: on the shared site, by its absolute address.
    let ar = read(&nord, "ar/health/insurance/index.html");
    assert!(
        ar.contains("https://example.org/ar/work/wage/#minimum")
            || ar.contains("https://example.org/de/work/wage/#minimum"),
        "{ar}"
    );
    assert!(!nord.join("de/work/wage").exists(), "hidden");
    // Example data is said on every page of the site, in its language.
    assert!(read(&nord, "de/index.html").contains("Beispielseite: Nordstadt gibt es nicht"));
    assert!(read(&nord, "ar/health/insurance/index.html").contains("نوردشتات"));
    assert!(!read(&all.join("shared"), "de/index.html").contains("Beispielseite"));
    // Its own contact channel, not the shared ones.
    assert!(read(&nord, "de/local/welcome/index.html").contains("tel:03023125301"));
    // The other site has everything of the shared one at its own address.
    let sued = all.join("sued");
    assert!(sued.join("en/work/wage/index.html").is_file());
    let wage = html(&sued, "en/work/wage/index.html");
    assert_eq!(
        attrs(&wage, "link[rel=canonical]", "href"),
        ["https://sued.example.org/en/work/wage/"]
    );
}

#[test]
fn shared_markdown_is_rendered_once_per_language_for_all_sites() {
    let site = municipal_site();
    let options = lotse::pipeline::BuildOptions::new(site.dir.path());
    let report = lotse::pipeline::build_all(&options, &site.path("all")).expect("build");
    for s in &report.sites {
        assert!(s.result.is_ok(), "{}: {:?}", s.id, s.result);
    }
    let mut counts: BTreeMap<PathBuf, usize> = BTreeMap::new();
    for source in &report.markdown_renders {
        *counts.entry(source.clone()).or_default() += 1;
    }
    // Every shared page once: its rendering is taken by both local sites,
    // except where a local site renders it differently (its own version of
    // the original, a link to a page it hides).
    let shared_pages = [
        "content/de/_index.md",
        "content/ar/_index.md",
        "content/en/_index.md",
        "content/de/health/_index.md",
        "content/ar/health/_index.md",
        "content/de/work/_index.md",
        "content/de/health/insurance.md",
        "content/en/work/wage.md",
        "content/de/work/wage.md",
    ];
    for page in shared_pages {
        assert_eq!(counts.get(Path::new(page)), Some(&1), "{page}: {counts:?}");
    }
    // The Arabic insurance article links to the wage article that nord
    // hides, and its original is nord's own: rendered for nord again.
    assert_eq!(
        counts.get(Path::new("content/ar/health/insurance.md")),
        Some(&2)
    );
    for page in [
        "sites/nord/content/de/health/insurance.md",
        "sites/nord/content/de/local/welcome.md",
        "sites/nord/content/de/local/_index.md",
    ] {
        assert_eq!(counts.get(Path::new(page)), Some(&1), "{page}");
    }
    assert!(
        report.markdown_reused >= 2 * 8 - 3,
        "{}",
        report.markdown_reused
    );
}

#[test]
fn a_broken_local_site_fails_alone_and_keeps_its_previous_output() {
    let site = municipal_site();
    let ok = site.run(&["build", "--all", "--output", "all"]);
    assert_eq!(ok.code, Some(0), "{}", ok.stderr);
    let before = support::snapshot(&site.path("all/nord"));
    site.write(
        "sites/nord/content/de/local/broken.md",
        "---\ntitle: [unclosed\n---\n",
    );
    site.write(
        "content/de/health/insurance.md",
        &support::article(
            "Krankenversicherung neu",
            "2026-03-01",
            "## Kosten {#costs}\n\nNeu.\n\n## Wer {#who}\n\nX\n",
        ),
    );
    let out = site.run(&["build", "--all", "--output", "all"]);
    assert_eq!(out.code, Some(1), "{}", out.stdout);
    assert!(
        out.stderr
            .contains("sites/nord/content/de/local/broken.md:2"),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("nord"), "{}", out.stderr);
    assert_eq!(support::snapshot(&site.path("all/nord")), before);
    // The other sites were built with the change.
    assert!(read(&site.path("all/sued"), "de/health/insurance/index.html").contains("Neu."));
    assert!(read(&site.path("all/shared"), "de/health/insurance/index.html").contains("Neu."));
}

#[test]
fn build_site_writes_one_local_site() {
    let site = municipal_site();
    let out = site.run(&["build", "--site", "nord"]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let dir = site.path("public-sites/nord");
    assert!(dir.join("de/local/welcome/index.html").is_file());
    assert!(!site.path("public").exists());
    let unknown = site.run(&["build", "--site", "west"]);
    assert_eq!(unknown.code, Some(1));
    assert!(
        unknown.stderr.contains("no local site \"west\"") && unknown.stderr.contains("nord, sued"),
        "{}",
        unknown.stderr
    );
}

#[test]
fn mistakes_in_local_sites_name_the_file_and_line() {
    let cases: [(&str, &str, &str, &str); 6] = [
        (
            "sites/nord/content/de/health/insurance.md",
            "---\ntitle: \"K\"\ndescription: \"D\"\nupdated: 2026-03-05\n---\nText\n",
            "sites/nord/content/de/health/insurance.md:2",
            "shared_updated: 2026-03-01",
        ),
        (
            "sites/nord/content/de/health/dentist.md",
            "---\ntitle: \"K\"\ndescription: \"D\"\nupdated: 2026-03-05\nshared_updated: 2026-03-01\n---\nText\n",
            "sites/nord/content/de/health/dentist.md:5",
            "no shared article content/de/health/dentist.md",
        ),
        (
            "sites/nord/site.toml",
            "name = \"N\"\nbase_url = \"https://n.example/\"\nhide = [\"health/dentist\"]\n",
            "sites/nord/site.toml:3",
            "is no shared topic or article",
        ),
        (
            "sites/nord/site.toml",
            "name = \"N\"\ncolour = \"red\"\n",
            "sites/nord/site.toml:2",
            "colour",
        ),
        (
            "sites/nord/site.toml",
            "name = \"N\"\n",
            "sites/nord/site.toml",
            "base_url",
        ),
        (
            "sites/nord/site.toml",
            "name = \"N\"\nbase_url = \"https://n.example/\"\n[languages.ar]\ntitle = \"x\"\n",
            "sites/nord/site.toml",
            "add a [languages.de] table",
        ),
    ];
    for (file, text, place, message) in cases {
        let site = municipal_site();
        site.write(file, text);
        let out = site.run(&["build", "--site", "nord"]);
        assert_eq!(out.code, Some(1), "{file}");
        assert!(out.stderr.contains(place), "{file}: {}", out.stderr);
        assert!(out.stderr.contains(message), "{file}: {}", out.stderr);
        // The shared site is not affected.
        site.build_ok();
    }
}

#[test]
fn a_local_version_goes_stale_when_the_shared_article_changes() {
    let site = municipal_site();
    let check = site.run(&["check", "--site", "nord"]);
    assert!(
        !check.stdout.contains("stale local version"),
        "{}",
        check.stdout
    );
    site.write(
        "content/de/health/insurance.md",
        &support::article(
            "Krankenversicherung",
            "2026-06-01",
            "## Kosten {#costs}\n\nNeu.\n\n## Wer zahlt? {#who}\n\nX\n",
        ),
    );
    let check = site.run(&["check", "--all"]);
    assert!(check.stdout.contains("== site nord"), "{}", check.stdout);
    assert!(
        check.stdout.contains("stale local version")
            && check
                .stdout
                .contains("sites/nord/content/de/health/insurance.md"),
        "{}",
        check.stdout
    );
    let status = site.run(&["status", "--site", "nord", "--format", "csv"]);
    assert_eq!(status.code, Some(0), "{}", status.stderr);
    let row = status
        .stdout
        .lines()
        .find(|l| l.starts_with("health/insurance,"))
        .expect("row");
    assert!(row.contains("+replaced-stale"), "{row}");
    let local = status
        .stdout
        .lines()
        .find(|l| l.starts_with("local/welcome,"))
        .expect("local row");
    assert!(local.contains("+local"), "{local}");
    let table = site.run(&["status", "--site", "nord"]);
    assert!(table.stdout.contains("R!"), "{}", table.stdout);
}

#[test]
fn new_site_starts_a_local_version_or_a_local_article() {
    let site = municipal_site();
    let out = site.run(&["new", "--site", "sued", "work/wage"]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let text =
        std::fs::read_to_string(site.path("sites/sued/content/de/work/wage.md")).expect("copy");
    assert!(text.contains("shared_updated: 2026-05-01"), "{text}");
    assert!(text.contains("{#minimum}"), "{text}");
    let out = site.run(&["new", "--site", "sued", "local/bus"]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert!(site.path("sites/sued/content/de/local/bus.md").is_file());
    assert!(site.path("sites/sued/content/de/local/_index.md").is_file());
    // A local article in a shared topic keeps the shared topic page.
    let out = site.run(&["new", "--site", "sued", "health/dentist"]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert!(site
        .path("sites/sued/content/de/health/dentist.md")
        .is_file());
    assert!(!site.path("sites/sued/content/de/health/_index.md").exists());
    let again = site.run(&["new", "--site", "sued", "work/wage"]);
    assert_eq!(again.code, Some(1));
    assert!(again.stderr.contains("already exists"), "{}", again.stderr);
    let built = site.run(&["build", "--site", "sued"]);
    assert_eq!(built.code, Some(0), "{}", built.stderr);
}

#[test]
fn output_inside_sites_is_refused() {
    let site = municipal_site();
    let out = site.run(&["build", "--output", "sites/nord/public"]);
    assert_eq!(out.code, Some(1));
    assert!(out.stderr.contains("sites/"), "{}", out.stderr);
}

/// `sued` with contact channels, example data and a services box.
fn sued_with_blocks(site: &TestSite) {
    site.write(
        "sites/sued/site.toml",
        r#"name = "Südkreis"
base_url = "https://sued.example.org/"
example = true

[[contact.channels]]
kind = "phone"
label = "Integrationsbüro Südkreis"
value = "030 23125 302"
languages = ["de", "en"]
"#,
    );
    site.write(
        "sites/sued/services.yaml",
        r#"services:
  - id: beratung
    name: "Beratungsstelle Südkreis"
    kind: counselling
    topics: [health]
    phone: "030 23125 101"
    opening_hours: "Mo-Th 09:00-12:00"
    languages: [de, ar]
    description:
      de: "Allgemeine Beratung, kostenlos."
"#,
    );
}

/// Every file of `dir` but the service worker, whose version differs
/// between builds of different sets of sites.
fn pages_of(site: &TestSite, dir: &str) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut files = site.snapshot(dir);
    files.remove(Path::new("sw.js"));
    files
}

#[test]
fn local_sites_take_the_shared_pages_and_write_what_they_would_render() {
    let site = municipal_site();
    sued_with_blocks(&site);
    let all = site.run(&["build", "--all", "--output", "all"]);
    assert_eq!(all.code, Some(0), "{}", all.stderr);
    // Pages were taken: sued shows every shared page, with its own
    // address, titles and blocks put in.
    let taken: usize = all
        .stdout
        .lines()
        .find_map(|l| l.strip_prefix("Pages: ")?.split(' ').next()?.parse().ok())
        .unwrap_or_else(|| panic!("{}", all.stdout));
    assert!(taken >= 5, "{}", all.stdout);
    // Each site's output is what building it alone writes.
    for (id, args) in [
        ("shared", vec!["build", "--output", "alone/shared"]),
        (
            "nord",
            vec!["build", "--site", "nord", "--output", "alone/nord"],
        ),
        (
            "sued",
            vec!["build", "--site", "sued", "--output", "alone/sued"],
        ),
    ] {
        let alone = site.run(&args);
        assert_eq!(alone.code, Some(0), "{}", alone.stderr);
        let (a, b) = (
            pages_of(&site, &format!("all/{id}")),
            pages_of(&site, &format!("alone/{id}")),
        );
        assert_eq!(
            a.keys().collect::<Vec<_>>(),
            b.keys().collect::<Vec<_>>(),
            "{id}"
        );
        for (path, bytes) in &a {
            assert!(bytes == &b[path], "{id}/{} differs", path.display());
        }
    }
    // A taken page has the local site's own parts.
    let page = read(&site.path("all/sued"), "de/health/insurance/index.html");
    assert!(
        page.contains("https://sued.example.org/de/health/insurance/"),
        "{page}"
    );
    assert!(!page.contains("https://example.org/"), "{page}");
    assert!(
        page.contains("Beratungsstelle Südkreis") && page.contains("Integrationsbüro Südkreis")
    );
    assert!(page.contains("https%3A%2F%2Fsued.example.org%2Fde%2Fhealth%2Finsurance%2F"));
}

#[test]
fn a_theme_that_works_on_the_address_gets_its_pages_rendered_in_full() {
    // The address's length and its upper case differ with a stand-in in
    // it: the length makes the checked page differ from the full one (no
    // page is taken then), the upper case leaves a stand-in unreplaced
    // (that page is rendered in full).
    for (shown, none_taken) in [
        ("{{ url | length }}", true),
        ("{{ lang.title | upper }}", false),
    ] {
        let site = municipal_site();
        sued_with_blocks(&site);
        let theme = site.path("themes/default/templates/article.html");
        let text = std::fs::read_to_string(&theme).unwrap();
        let text = text.replacen(
            "</article>",
            &format!("<p class=\"x\">{shown}</p></article>"),
            1,
        );
        std::fs::write(&theme, text).unwrap();
        let all = site.run(&["build", "--all", "--output", "all"]);
        assert_eq!(all.code, Some(0), "{}", all.stderr);
        assert_eq!(
            all.stdout.contains("Pages: 0 taken"),
            none_taken,
            "{}",
            all.stdout
        );
        let alone = site.run(&["build", "--site", "sued", "--output", "alone"]);
        assert_eq!(alone.code, Some(0), "{}", alone.stderr);
        assert!(
            pages_of(&site, "all/sued") == pages_of(&site, "alone"),
            "{shown}"
        );
        let page = read(&site.path("all/sued"), "de/health/insurance/index.html");
        let url = "https://sued.example.org/de/health/insurance/";
        if none_taken {
            assert!(page.contains(&format!(">{}<", url.len())), "{page}");
        } else {
            assert!(
                page.contains(">WEGWEISER<") || page.contains("class=x>"),
                "{page}"
            );
        }
    }
}

/// Every language's `search.json` of each site under `dir`, by path.
fn search_files(dir: &Path) -> BTreeMap<String, String> {
    let mut files = BTreeMap::new();
    for entry in std::fs::read_dir(dir).expect("output folder") {
        let path = entry.expect("entry").path().join("search.json");
        if path.is_file() {
            let rel = path
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            files.insert(rel, std::fs::read_to_string(&path).unwrap());
        }
    }
    files
}

#[test]
fn local_search_indexes_from_build_all_equal_single_builds() {
    let site = municipal_site();
    // Enough articles in German and Arabic for stop terms.
    for i in 0..12 {
        site.write(
            &format!("content/de/health/a{i}.md"),
            &support::article(
                &format!("Ärztin und Praxis {i}"),
                "2026-02-01",
                &format!("Die Ärztin in München hilft {i}.\n\n## Kosten {{#k}}\n\nDie Krankenkasse zahlt die Kündigung der Wohnungen.\n"),
            ),
        );
        site.write(
            &format!("content/ar/health/a{i}.md"),
            &support::article(
                &format!("الطبيب والتأمين {i}"),
                "2026-02-01",
                &format!("الطبيب في ألمانيا {i}.\n\n## التكاليف {{#k}}\n\nشركة التأمين الصحي تدفع للأطباء.\n"),
            ),
        );
    }
    // nord also hides one of them, has its own version of another in
    // Arabic and a local article in Arabic.
    let toml = std::fs::read_to_string(site.path("sites/nord/site.toml")).unwrap();
    site.write(
        "sites/nord/site.toml",
        &toml.replace(
            "hide = [\"work/wage\"]",
            "hide = [\"work/wage\", \"health/a2\"]",
        ),
    );
    site.write(
        "sites/nord/content/ar/health/a1.md",
        &support::article(
            "الطبيب في نوردشتات",
            "2026-03-05",
            "مقدمة محلية.\n\n## التكاليف\n\nمكتب المواطنين في نوردشتات.\n",
        )
        .replace(
            "updated: 2026-03-05\n",
            "updated: 2026-03-05\nshared_updated: 2026-02-01\n",
        ),
    );
    site.write(
        "sites/nord/content/ar/local/_index.md",
        &support::index("محلي", 5),
    );
    site.write(
        "sites/nord/content/ar/local/welcome.md",
        &support::article(
            "أهلا في نوردشتات",
            "2026-04-01",
            "## الأسبوع الأول {#first-week}\n\nمرحبا بكم.\n",
        ),
    );

    let options = lotse::pipeline::BuildOptions::new(site.dir.path());
    let report = lotse::pipeline::build_all(&options, &site.path("all")).expect("build");
    for s in &report.sites {
        assert!(s.result.is_ok(), "{}: {:?}", s.id, s.result);
    }
    for id in ["nord", "sued"] {
        let out = site.run(&["build", "--site", id, "--output", &format!("one-{id}")]);
        assert_eq!(out.code, Some(0), "{}", out.stderr);
        let all = search_files(&site.path(&format!("all/{id}")));
        let one = search_files(&site.path(&format!("one-{id}")));
        assert!(all.len() >= 2, "{id}: {all:?}");
        assert_eq!(
            all.keys().collect::<Vec<_>>(),
            one.keys().collect::<Vec<_>>(),
            "{id}"
        );
        for (path, json) in &all {
            assert!(
                json == &one[path],
                "{id}/{path} differs from a build of the site alone"
            );
        }
    }
    let nord = search_files(&site.path("all/nord"));
    let (de, ar) = (&nord["de/search.json"], &nord["ar/search.json"]);
    assert!(
        de.contains("Nordstadt") && !de.contains("/de/health/a2/"),
        "{de}"
    );
    assert!(
        ar.contains("/ar/local/welcome/") && ar.contains("الطبيب في نوردشتات"),
        "{ar}"
    );
    assert!(ar.contains("\"!") || ar.contains(" !"), "stop terms: {ar}");
    // The shared articles the local sites show as the shared site does
    // took its tokens: nord's 11 German and 10 Arabic ones (not the hidden
    // or replaced ones, nor the Arabic insurance article, whose original
    // nord replaced), and all 28 of sued's.
    assert_eq!(
        report.search_reused,
        (11 + 10) + (14 + 13 + 1),
        "{report:?}"
    );
}

#[test]
fn without_a_temporary_folder_build_all_keeps_what_it_shares_in_memory_and_writes_the_same() {
    let site = municipal_site();
    sued_with_blocks(&site);
    let missing = site.path("no-such-folder");
    let missing = missing.to_string_lossy();
    let all = site.run_with_env(
        &["build", "--all", "--output", "all"],
        &[("TMPDIR", &missing)],
    );
    assert_eq!(all.code, Some(0), "{}", all.stderr);
    // The Markdown is still taken (its bodies stay in memory) and so are
    // the pages; the search tokens are not kept, so every local index is
    // made from the text.
    assert!(all.stdout.contains("Search: 0 documents"), "{}", all.stdout);
    assert!(!all.stdout.contains("Pages: 0 taken"), "{}", all.stdout);
    assert!(
        !all.stdout.contains(", 0 taken from the shared site"),
        "{}",
        all.stdout
    );
    for id in ["nord", "sued"] {
        let out = format!("alone/{id}");
        let alone = site.run(&["build", "--site", id, "--output", &out]);
        assert_eq!(alone.code, Some(0), "{}", alone.stderr);
        assert!(
            pages_of(&site, &format!("all/{id}")) == pages_of(&site, &out),
            "{id}"
        );
    }
}

#[test]
fn text_that_looks_like_a_stand_in_keeps_its_page_from_being_taken() {
    let site = municipal_site();
    sued_with_blocks(&site);
    // The address stand-in percent-encoded (in the text, in a source), and
    // a block's mark, as text.
    let encoded = "https%3A%2F%2F%EE%80%80%2F";
    site.write(
        "content/de/health/encoded.md",
        &support::article(
            "Seltsame Zeichen",
            "2026-03-01",
            &format!("Siehe {encoded}.\n"),
        ),
    );
    site.write(
        "content/de/health/source.md",
        &support::article("Seltsame Quelle", "2026-03-01", "Text.\n").replace(
            "https://www.bamf.de/",
            &format!("https://example.net/?u={encoded}"),
        ),
    );
    site.write(
        "content/de/health/mark.md",
        &support::article(
            "Seltsames Zeichen",
            "2026-03-01",
            "Siehe `<div data-lotse-block=contact></div>`.\n",
        ),
    );
    let all = site.run(&["build", "--all", "--output", "all"]);
    assert_eq!(all.code, Some(0), "{}", all.stderr);
    assert!(!all.stdout.contains("Pages: 0 taken"), "{}", all.stdout);
    for id in ["shared", "sued"] {
        let page = |name: &str| {
            read(
                &site.path(&format!("all/{id}")),
                &format!("de/health/{name}/index.html"),
            )
        };
        assert!(
            page("encoded").contains(encoded),
            "{id}: {}",
            page("encoded")
        );
        assert!(page("source").contains(encoded), "{id}: {}", page("source"));
        assert!(
            page("mark").contains("data-lotse-block=contact"),
            "{id}: {}",
            page("mark")
        );
    }
    let alone = site.run(&["build", "--site", "sued", "--output", "alone"]);
    assert_eq!(alone.code, Some(0), "{}", alone.stderr);
    assert!(pages_of(&site, "all/sued") == pages_of(&site, "alone"));
}
