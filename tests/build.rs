//! Builds fixture sites and checks the produced pages with an HTML parser.

mod support;

use support::{attrs, meta, texts, TestSite};

#[test]
fn writes_every_page_kind() {
    let site = TestSite::standard();
    let out = site.build_ok();
    for file in [
        "index.html",
        "404.html",
        "robots.txt",
        "sitemap.xml",
        "style.css",
        "de/index.html",
        "ar/index.html",
        "en/index.html",
        "de/health/index.html",
        "ar/health/index.html",
        "de/health/insurance/index.html",
        "ar/health/insurance/index.html",
        "de/work/index.html",
        "en/work/index.html",
        "de/work/wage/index.html",
        "en/work/wage/index.html",
        "de/atom.xml",
        "ar/atom.xml",
    ] {
        assert!(site.path("public").join(file).is_file(), "missing {file}");
    }
    // No page for translations that do not exist.
    assert!(!site.path("public/ar/work/wage").exists());
    assert!(!site.path("public/en/health/insurance").exists());
    assert!(!site.path("public/ar/work").exists());
    assert!(out.stdout.contains("built"), "{}", out.stdout);
    assert!(
        out.stdout.contains("de 5, ar 3, en 3"),
        "summary per language: {}",
        out.stdout
    );
}

#[test]
fn pages_declare_language_and_direction() {
    let site = TestSite::standard();
    site.build_ok();
    let ar = site.html("ar/health/insurance/index.html");
    assert_eq!(attrs(&ar, "html", "lang"), ["ar"]);
    assert_eq!(attrs(&ar, "html", "dir"), ["rtl"]);
    let de = site.html("de/health/insurance/index.html");
    assert_eq!(attrs(&de, "html", "dir"), ["ltr"]);
    assert_eq!(attrs(&de, "meta[charset]", "charset"), ["utf-8"]);
    assert!(attrs(&de, "meta[name=viewport]", "content")[0].contains("width=device-width"));
}

#[test]
fn head_has_canonical_hreflang_and_open_graph() {
    let site = TestSite::standard();
    site.build_ok();
    let doc = site.html("ar/health/insurance/index.html");
    assert_eq!(
        attrs(&doc, "link[rel=canonical]", "href"),
        ["https://example.org/ar/health/insurance/"]
    );
    let langs = attrs(&doc, "link[rel=alternate][hreflang]", "hreflang");
    assert_eq!(
        langs,
        ["de", "ar", "x-default"],
        "only existing translations"
    );
    let hrefs = attrs(&doc, "link[rel=alternate][hreflang]", "href");
    assert_eq!(hrefs[2], "https://example.org/de/health/insurance/");
    assert_eq!(meta(&doc, "og:title").as_deref(), Some("التأمين الصحي"));
    assert_eq!(
        meta(&doc, "og:description").as_deref(),
        Some("About التأمين الصحي.")
    );
    assert_eq!(
        meta(&doc, "description").as_deref(),
        Some("About التأمين الصحي.")
    );
    assert_eq!(
        meta(&doc, "og:url").as_deref(),
        Some("https://example.org/ar/health/insurance/")
    );
    assert_eq!(meta(&doc, "og:type").as_deref(), Some("article"));
    assert_eq!(meta(&doc, "og:site_name").as_deref(), Some("دليل"));
    assert_eq!(meta(&doc, "og:locale").as_deref(), Some("ar_AR"));
    assert_eq!(
        attrs(&doc, "meta[property='og:locale:alternate']", "content"),
        ["de_DE"]
    );
    assert_eq!(meta(&doc, "twitter:card").as_deref(), Some("summary"));
    assert_eq!(texts(&doc, "title")[0], "التأمين الصحي – دليل");
}

#[test]
fn switcher_lists_only_existing_translations_in_their_own_language() {
    let site = TestSite::standard();
    site.build_ok();
    let doc = site.html("de/work/wage/index.html");
    let langs = attrs(&doc, ".langs a", "lang");
    assert_eq!(langs, ["de", "en"]);
    assert_eq!(texts(&doc, ".langs a"), ["Deutsch", "English"]);
    let ar = site.html("ar/health/insurance/index.html");
    assert_eq!(attrs(&ar, ".langs a", "dir"), ["ltr", "rtl"]);
    assert_eq!(attrs(&ar, ".langs a[aria-current=page]", "lang"), ["ar"]);
}

#[test]
fn article_has_toc_dates_and_sources() {
    let site = TestSite::standard();
    site.build_ok();
    let doc = site.html("de/health/insurance/index.html");
    assert_eq!(attrs(&doc, ".toc a", "href"), ["#costs", "#who"]);
    assert_eq!(
        attrs(&doc, "h2[id]", "id"),
        [
            "toc-title",
            "costs",
            "who",
            "sources-title",
            "share-title",
            "translations-title"
        ]
    );
    let dates = texts(&doc, ".dates time");
    assert_eq!(dates, ["1. März 2026", "1. März 2026"]);
    assert_eq!(
        attrs(&doc, ".dates time", "datetime"),
        ["2026-03-01", "2026-03-01"]
    );
    assert_eq!(attrs(&doc, ".sources a", "href"), ["https://www.bamf.de/"]);
    let ar = site.html("ar/health/insurance/index.html");
    assert!(
        texts(&ar, ".dates time")[0].contains("مارس"),
        "{:?}",
        texts(&ar, ".dates time")
    );
}

#[test]
fn ltr_runs_in_rtl_text_are_isolated() {
    let site = TestSite::standard();
    site.build_ok();
    let doc = site.html("ar/health/insurance/index.html");
    let isolated = texts(&doc, ".body bdi[dir=ltr]");
    assert!(isolated.contains(&"116 117".to_string()), "{isolated:?}");
    assert!(
        isolated.contains(&"+49 211 1234567".to_string()),
        "{isolated:?}"
    );
    assert!(
        isolated.contains(&"Krankenkasse".to_string()),
        "{isolated:?}"
    );
}

#[test]
fn links_to_missing_translations_fall_back_and_are_marked() {
    let site = TestSite::standard();
    site.build_ok();
    let doc = site.html("ar/health/insurance/index.html");
    let hrefs = attrs(&doc, ".body a:not(.anchor)", "href");
    assert_eq!(hrefs, ["/de/work/wage/#minimum"]);
    assert_eq!(attrs(&doc, ".body small.xlang", "lang"), ["de"]);
    assert_eq!(texts(&doc, ".body small.xlang"), ["(Deutsch)"]);
    // The same link from German stays in German, unmarked.
    let de = site.html("de/health/insurance/index.html");
    assert_eq!(
        attrs(&de, ".body a:not(.anchor)", "href"),
        ["/de/work/wage/#minimum"]
    );
    assert!(texts(&de, ".body small.xlang").is_empty());
}

#[test]
fn topic_pages_show_what_exists_and_what_does_not() {
    let site = TestSite::standard();
    site.build_ok();
    // English has a work article but no work/_index.md: the title falls back.
    let en = site.html("en/work/index.html");
    assert_eq!(texts(&en, "h1"), ["Arbeit"]);
    assert_eq!(attrs(&en, ".cards a", "href"), ["/en/work/wage/"]);
    // Arabic health topic: the article exists; nothing is hidden.
    let ar = site.html("ar/health/index.html");
    assert_eq!(attrs(&ar, ".cards a", "href"), ["/ar/health/insurance/"]);
    // German health topic in English does not exist, so the home lists only work.
    let home = site.html("en/index.html");
    assert_eq!(attrs(&home, ".topic h3 a", "href"), ["/en/work/"]);
}

#[test]
fn topic_page_lists_articles_only_in_other_languages() {
    let site = TestSite::standard();
    site.write("content/ar/work/_index.md", &support::index("العمل", 20));
    site.build_ok();
    let ar = site.html("ar/work/index.html");
    assert_eq!(attrs(&ar, "li[lang] a", "href"), ["/de/work/wage/"]);
    assert_eq!(attrs(&ar, "li[lang]", "lang"), ["de"]);
    assert_eq!(texts(&ar, "h2.elsewhere").len(), 1);
}

#[test]
fn root_page_chooses_a_language_with_native_names() {
    let site = TestSite::standard();
    site.build_ok();
    let doc = site.html("index.html");
    assert_eq!(attrs(&doc, ".choose li", "lang"), ["de", "ar", "en"]);
    assert_eq!(attrs(&doc, ".choose li", "dir"), ["ltr", "rtl", "ltr"]);
    assert_eq!(attrs(&doc, ".choose a", "href"), ["/de/", "/ar/", "/en/"]);
    assert_eq!(
        attrs(&doc, "link[hreflang=x-default]", "href"),
        ["https://example.org/"]
    );
}

#[test]
fn sitemap_lists_translations_as_alternates() {
    let site = TestSite::standard();
    site.build_ok();
    let xml = site.read("sitemap.xml");
    assert!(xml.contains("xmlns:xhtml=\"http://www.w3.org/1999/xhtml\""));
    let entry_start = xml
        .find("<loc>https://example.org/ar/health/insurance/</loc>")
        .expect("ar entry");
    let entry = &xml[entry_start..xml[entry_start..].find("</url>").unwrap() + entry_start];
    assert!(
        entry.contains("hreflang=\"de\" href=\"https://example.org/de/health/insurance/\""),
        "{entry}"
    );
    assert!(entry.contains("hreflang=\"ar\""));
    assert!(
        !entry.contains("hreflang=\"en\""),
        "no English version exists: {entry}"
    );
    assert!(entry.contains("hreflang=\"x-default\""));
    assert!(entry.contains("<lastmod>2026-03-01</lastmod>"));
    assert!(!xml.contains("https://example.org/en/health/insurance/"));
    assert!(site
        .read("robots.txt")
        .contains("Sitemap: https://example.org/sitemap.xml"));
}

#[test]
fn atom_feed_is_newest_first() {
    let site = TestSite::standard();
    site.write(
        "content/de/health/emergency.md",
        &support::article("Notruf", "2026-04-01", "Text.\n"),
    );
    site.build_ok();
    let feed = site.read("de/atom.xml");
    let order: Vec<usize> = [
        "de/work/wage/",
        "de/health/emergency/",
        "de/health/insurance/",
    ]
    .iter()
    .map(|u| {
        feed.find(&format!("<id>https://example.org/{u}</id>"))
            .expect(u)
    })
    .collect();
    assert!(order[0] < order[1] && order[1] < order[2], "{feed}");
    assert!(feed.contains("<updated>2026-05-01T00:00:00Z</updated>"));
    assert!(feed.contains("xml:lang=\"de\""));
}

#[test]
fn two_builds_are_byte_identical() {
    let site = TestSite::standard();
    assert_eq!(site.run(&["build", "--output", "one"]).code, Some(0));
    assert_eq!(site.run(&["build", "--output", "two"]).code, Some(0));
    let one = site.snapshot("one");
    let two = site.snapshot("two");
    assert!(one.len() > 10);
    assert_eq!(one, two);
}

#[test]
fn html_is_minified_unless_disabled() {
    let site = TestSite::standard();
    site.build_ok();
    let min = site.read("de/health/insurance/index.html");
    assert!(
        !min.contains("\n<"),
        "minified output has no line breaks between tags"
    );
    assert_eq!(
        site.run(&["build", "--no-minify", "-o", "raw"]).code,
        Some(0)
    );
    let raw = std::fs::read_to_string(site.path("raw/de/health/insurance/index.html")).unwrap();
    assert!(raw.len() > min.len());
}

#[test]
fn drafts_are_left_out_unless_asked_for() {
    let site = TestSite::standard();
    site.write(
        "content/de/health/draft.md",
        "---\ntitle: \"Entwurf\"\ndescription: \"x\"\nupdated: 2026-01-01\ndraft: true\n---\nText\n",
    );
    site.build_ok();
    assert!(!site.path("public/de/health/draft").exists());
    assert_eq!(site.run(&["build", "--drafts"]).code, Some(0));
    assert!(site.path("public/de/health/draft/index.html").exists());
}

#[test]
fn aliases_redirect_to_the_page() {
    let site = TestSite::standard();
    site.write(
        "content/de/health/emergency.md",
        "---\ntitle: \"Notruf\"\ndescription: \"x\"\nupdated: 2026-01-01\naliases: [\"/de/notruf/\"]\n---\nText\n",
    );
    site.build_ok();
    let doc = site.html("de/notruf/index.html");
    assert_eq!(
        attrs(&doc, "link[rel=canonical]", "href"),
        ["https://example.org/de/health/emergency/"]
    );
    assert_eq!(attrs(&doc, "meta[name=robots]", "content"), ["noindex"]);
    assert!(attrs(&doc, "meta[http-equiv=refresh]", "content")[0]
        .ends_with("url=https://example.org/de/health/emergency/"));
}

#[test]
fn base_url_with_a_path_prefixes_every_link() {
    let site = TestSite::standard();
    site.write(
        "site.toml",
        &support::SITE_TOML.replace("https://example.org/", "https://example.org/kb/"),
    );
    site.build_ok();
    let doc = site.html("ar/health/insurance/index.html");
    assert_eq!(
        attrs(&doc, ".body a:not(.anchor)", "href"),
        ["/kb/de/work/wage/#minimum"]
    );
    assert_eq!(
        attrs(&doc, "link[rel=canonical]", "href"),
        ["https://example.org/kb/ar/health/insurance/"]
    );
    assert!(attrs(&doc, "link[rel=stylesheet]", "href")[0].starts_with("/kb/style.css?v="));
}

#[test]
fn bom_and_crlf_files_build() {
    let site = TestSite::standard();
    site.write(
        "content/de/health/emergency.md",
        "\u{feff}---\r\ntitle: \"Notruf\"\r\ndescription: \"x\"\r\nupdated: 2026-01-01\r\n---\r\n## Zahlen {#numbers}\r\n\r\n112\r\n",
    );
    site.build_ok();
    let doc = site.html("de/health/emergency/index.html");
    assert_eq!(texts(&doc, "h1"), ["Notruf"]);
    assert_eq!(attrs(&doc, ".body h2", "id"), ["numbers"]);
}

/// UI strings once reached pages unescaped: `<script>` in `updated:` ran in
/// readers' browsers and a plain `<` broke the markup.
#[test]
fn markup_in_ui_strings_is_shown_as_text() {
    let site = TestSite::standard();
    let de = site.path("i18n/de.yaml");
    let text = std::fs::read_to_string(&de).unwrap().replace(
        "updated: \"Aktualisiert am {date}\"",
        "updated: \"<script>alert(1)</script> am {date} a<b\"",
    );
    site.write("i18n/de.yaml", &text);
    site.build_ok();
    let html = site.read("de/health/insurance/index.html");
    assert!(!html.contains("<script>alert"), "{html}");
    let doc = site.html("de/health/insurance/index.html");
    let dates = texts(&doc, ".dates span");
    assert!(
        dates
            .iter()
            .any(|t| t.starts_with("<script>alert(1)</script> am ") && t.ends_with(" a<b")),
        "{dates:?}"
    );
    assert_eq!(
        attrs(&doc, ".dates time", "datetime"),
        ["2026-03-01", "2026-03-01"]
    );
}
