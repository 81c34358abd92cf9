//! Links made for chats: section ids that agree across languages, section
//! anchors, share links, language-neutral pages, previews, redirects, QR codes.

mod support;

use support::{attrs, meta, texts, TestSite};

/// German original without explicit ids; Arabic and English follow it.
fn aligned_site() -> TestSite {
    let site = TestSite::standard();
    site.write(
        "content/de/health/doctor.md",
        &support::article(
            "Arzt",
            "2026-01-01",
            "## Kosten\n\nText\n\n## Wer zahlt?\n\n### Ausnahmen\n\nText\n",
        ),
    );
    site.write(
        "content/ar/health/doctor.md",
        &support::article(
            "الطبيب",
            "2026-01-01",
            "## التكاليف\n\nنص\n\n## من يدفع؟\n\n### استثناءات\n\nنص\n",
        ),
    );
    site.write(
        "content/en/health/doctor.md",
        &support::article(
            "Doctor",
            "2026-01-01",
            "## Costs\n\nText\n\n## Who pays?\n\n### Exceptions\n\nText\n",
        ),
    );
    site
}

#[test]
fn translations_take_the_section_ids_of_the_original() {
    let site = aligned_site();
    let out = site.build_ok();
    let ids = |path: &str| attrs(&site.html(path), ".body h2[id], .body h3[id]", "id");
    let de = ids("de/health/doctor/index.html");
    assert_eq!(de, ["kosten", "wer-zahlt", "ausnahmen"]);
    assert_eq!(ids("ar/health/doctor/index.html"), de);
    assert_eq!(ids("en/health/doctor/index.html"), de);
    assert!(
        !out.stderr.contains("doctor.md"),
        "no warning expected: {}",
        out.stderr
    );
}

#[test]
fn explicit_ids_in_a_translation_still_win() {
    let site = aligned_site();
    site.write(
        "content/en/health/doctor.md",
        &support::article(
            "Doctor",
            "2026-01-01",
            "## Costs {#costs}\n\nText\n\n## Who pays?\n\n### Exceptions\n\nText\n",
        ),
    );
    site.build_ok();
    let en = site.html("en/health/doctor/index.html");
    assert_eq!(
        attrs(&en, ".body h2[id], .body h3[id]", "id"),
        ["costs", "wer-zahlt", "ausnahmen"]
    );
}

#[test]
fn different_heading_structure_warns_and_falls_back_to_own_slugs() {
    let site = aligned_site();
    site.write(
        "content/en/health/doctor.md",
        &support::article(
            "Doctor",
            "2026-01-01",
            "## Costs\n\nText\n\n### Who pays?\n\n### Exceptions\n\nText\n",
        ),
    );
    let out = site.build_ok();
    assert!(
        out.stderr.contains("content/en/health/doctor.md:14: warning: the headings differ from the original content/de/health/doctor.md (heading 2 is ### here but ## in the original)"),
        "{}",
        out.stderr
    );
    let en = site.html("en/health/doctor/index.html");
    assert_eq!(
        attrs(&en, ".body h2[id], .body h3[id]", "id"),
        ["costs", "who-pays", "exceptions"]
    );
}

#[test]
fn every_section_has_a_visible_accessible_link() {
    let site = aligned_site();
    site.build_ok();
    let de = site.html("de/health/doctor/index.html");
    assert_eq!(
        attrs(&de, ".body h2 a.anchor, .body h3 a.anchor", "href"),
        ["#kosten", "#wer-zahlt", "#ausnahmen"]
    );
    assert_eq!(
        attrs(&de, ".body h2 a.anchor", "aria-label")[0],
        "Link zu diesem Abschnitt: Kosten"
    );
    assert_eq!(texts(&de, ".body h2 a.anchor")[0], "#");
    // The table of contents shows the heading text only.
    assert_eq!(texts(&de, ".toc a"), ["Kosten", "Wer zahlt?", "Ausnahmen"]);
}

#[test]
fn share_block_has_plain_links_and_script_buttons() {
    let site = aligned_site();
    site.build_ok();
    let doc = site.html("de/health/doctor/index.html");
    let links = attrs(&doc, ".share a", "href");
    assert_eq!(
        links,
        [
            "https://wa.me/?text=Arzt%20https%3A%2F%2Fexample.org%2Fde%2Fhealth%2Fdoctor%2F",
            "https://t.me/share/url?url=https%3A%2F%2Fexample.org%2Fde%2Fhealth%2Fdoctor%2F&text=Arzt",
            "https://www.facebook.com/sharer/sharer.php?u=https%3A%2F%2Fexample.org%2Fde%2Fhealth%2Fdoctor%2F",
            "mailto:?subject=Arzt&body=https%3A%2F%2Fexample.org%2Fde%2Fhealth%2Fdoctor%2F",
        ]
    );
    // Copy and native share need JavaScript: hidden until the script shows them.
    assert_eq!(
        attrs(&doc, ".share button[hidden]", "class"),
        ["copy", "native"]
    );
    assert_eq!(texts(&doc, ".share button.copy"), ["Link kopieren"]);
    let script = attrs(&doc, "script[src]", "src");
    assert_eq!(script.len(), 1);
    assert!(script[0].starts_with("/lotse.js?v="));
    assert!(
        attrs(&doc, "script[src]", "defer").len() == 1,
        "the script must not block rendering"
    );
    // No third-party script anywhere.
    assert!(!site
        .read("de/health/doctor/index.html")
        .contains("<script src=\"http"));
}

#[test]
fn neutral_pages_list_exactly_the_available_languages() {
    let site = TestSite::standard();
    site.build_ok();
    let doc = site.html("health/insurance/index.html");
    assert_eq!(attrs(&doc, ".choose li", "lang"), ["de", "ar"]);
    assert_eq!(attrs(&doc, ".choose li", "dir"), ["ltr", "rtl"]);
    assert_eq!(
        attrs(&doc, ".choose a", "href"),
        ["/de/health/insurance/", "/ar/health/insurance/"]
    );
    assert_eq!(
        meta(&doc, "og:title").as_deref(),
        Some("Krankenversicherung · \u{2068}التأمين الصحي\u{2069}")
    );
    // No further language: the descriptions of both.
    assert_eq!(
        meta(&doc, "og:description").as_deref(),
        Some("About Krankenversicherung. · \u{2068}About التأمين الصحي.\u{2069}")
    );
    assert_eq!(
        meta(&doc, "og:url").as_deref(),
        Some("https://example.org/health/insurance/")
    );
    assert_eq!(meta(&doc, "robots").as_deref(), Some("noindex"));
    let script = texts(&doc, "head script").join("");
    // The minifier may change the quotes; the list of codes stays.
    let codes: String = script
        .split("=[")
        .nth(1)
        .and_then(|r| r.split(']').next())
        .unwrap_or_default()
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == ',')
        .collect();
    assert_eq!(codes, "de,ar", "{script}");
    assert!(script.contains("lotse-lang"));
    assert!(script.contains("/health/insurance/"), "{script}");
    assert!(script.contains("navigator.languages"));
    assert!(script.contains("location.hash"));
    // A topic has a neutral page too; English has only the work topic.
    let work = site.html("work/index.html");
    assert_eq!(attrs(&work, ".choose li", "lang"), ["de", "en"]);
    let wage = site.html("work/wage/index.html");
    assert_eq!(attrs(&wage, ".choose li", "lang"), ["de", "en"]);
}

/// True when a meta value holds no direction control but balanced FSI … PDI pairs.
fn only_balanced_isolates(value: &str) -> bool {
    let mut depth = 0i32;
    value.chars().all(|c| {
        match c {
            '\u{2068}' => depth += 1,
            '\u{2069}' => depth -= 1,
            '\u{061C}'
            | '\u{200E}'
            | '\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2066}'
            | '\u{2067}' => return false,
            _ => {}
        }
        (0..=1).contains(&depth)
    }) && depth == 0
}

#[test]
fn neutral_pages_preview_in_several_languages() {
    let site = TestSite::standard();
    let long = "Health insurance: who pays the doctor and the hospital";
    site.write(
        "content/en/health/insurance.md",
        &support::article(
            long,
            "2026-03-01",
            "Intro.\n\n## Costs {#costs}\n\nText\n\n## Who pays? {#who}\n\nText\n",
        ),
    );
    // A mark and an embedding in the Arabic title do not reach the preview.
    site.write(
        "content/ar/health/insurance.md",
        "---\ntitle: \"\u{200F}التأمين \u{202B}الصحي\u{202C}\"\ndescription: \"عن التأمين الصحي.\"\nupdated: 2026-03-01\n---\nنص\n",
    );
    site.build_ok();
    let doc = site.html("health/insurance/index.html");
    // Default language first, then site order, as many as fit in 60 characters.
    assert_eq!(
        meta(&doc, "og:title").as_deref(),
        Some("Krankenversicherung · \u{2068}التأمين الصحي\u{2069}")
    );
    assert_eq!(
        meta(&doc, "og:description").as_deref(),
        Some(format!("About {long}.").as_str())
    );
    assert_eq!(meta(&doc, "og:locale").as_deref(), Some("de_DE"));
    assert_eq!(
        attrs(&doc, "meta[property=\"og:locale:alternate\"]", "content"),
        ["ar_AR", "en_US"]
    );
    for value in attrs(&doc, "meta[content]", "content")
        .into_iter()
        .chain(texts(&doc, "title"))
    {
        assert!(only_balanced_isolates(&value), "{value:?}");
    }
    // Titles that all fit are all shown; the description then has the right-to-left one.
    site.write(
        "content/en/health/insurance.md",
        &support::article(
            "Health insurance",
            "2026-03-01",
            "Intro.\n\n## Costs {#costs}\n\nText\n\n## Who pays? {#who}\n\nText\n",
        ),
    );
    site.build_ok();
    let doc = site.html("health/insurance/index.html");
    assert_eq!(
        meta(&doc, "og:title").as_deref(),
        Some("Krankenversicherung · \u{2068}التأمين الصحي\u{2069} · Health insurance")
    );
    let description = meta(&doc, "og:description").unwrap_or_default();
    assert!(
        description.contains("\u{2068}عن التأمين الصحي.\u{2069}"),
        "{description:?}"
    );
    assert!(description.chars().count() <= 160, "{description:?}");
}

#[test]
fn a_topic_named_like_a_language_is_an_error() {
    let site = TestSite::standard();
    site.write("content/de/ar/_index.md", &support::index("Arabisch", 1));
    let out = site.run(&["build"]);
    assert_eq!(out.code, Some(1));
    assert!(
        out.stderr
            .contains("content/de/ar/_index.md: error: \"ar\" is a language code"),
        "{}",
        out.stderr
    );
}

#[test]
fn every_page_has_complete_preview_meta_with_absolute_urls() {
    let site = TestSite::standard();
    site.write("static/card.png", &String::from_utf8_lossy(&png(1200, 630)));
    site.write_bytes("static/card.png", &png(1200, 630));
    site.write(
        "site.toml",
        &format!("image = \"card.png\"\n{}", support::SITE_TOML),
    );
    site.build_ok();
    let files = site.snapshot("public");
    let mut checked = 0;
    for (path, bytes) in &files {
        let name = path.to_string_lossy();
        if !name.ends_with("index.html") || name.contains("notruf") {
            continue;
        }
        let doc = scraper::Html::parse_document(std::str::from_utf8(bytes).unwrap());
        for key in [
            "og:title",
            "og:url",
            "og:type",
            "og:site_name",
            "og:locale",
            "og:image",
            "og:image:alt",
            "twitter:card",
        ] {
            let value = meta(&doc, key).unwrap_or_else(|| panic!("{name} lacks {key}"));
            assert!(!value.is_empty(), "{name}: empty {key}");
        }
        assert!(
            meta(&doc, "og:url")
                .unwrap()
                .starts_with("https://example.org/"),
            "{name}"
        );
        assert_eq!(
            meta(&doc, "og:image").as_deref(),
            Some("https://example.org/card.png"),
            "{name}"
        );
        assert_eq!(meta(&doc, "og:image:width").as_deref(), Some("1200"));
        assert_eq!(meta(&doc, "og:image:height").as_deref(), Some("630"));
        assert_eq!(
            meta(&doc, "twitter:card").as_deref(),
            Some("summary_large_image")
        );
        for href in attrs(
            &doc,
            "link[rel=canonical], link[rel=alternate][hreflang]",
            "href",
        ) {
            assert!(href.starts_with("https://example.org/"), "{name}: {href}");
        }
        checked += 1;
    }
    assert!(checked >= 12, "{checked}");
    let ar = site.html("ar/health/insurance/index.html");
    let alt = meta(&ar, "og:image:alt").unwrap();
    assert!(alt.contains("دليل"), "the Arabic UI string: {alt}");
}

#[test]
fn article_image_overrides_the_site_image() {
    let site = TestSite::standard();
    site.write_bytes("static/card.png", &png(1200, 630));
    site.write_bytes("static/images/doctor.png", &png(800, 400));
    site.write(
        "site.toml",
        &format!("image = \"card.png\"\n{}", support::SITE_TOML),
    );
    site.write(
        "content/de/health/emergency.md",
        "---\ntitle: \"Notruf\"\ndescription: \"x\"\nupdated: 2026-01-01\nimage: \"images/doctor.png\"\nimage_alt: \"Eine Ärztin am Telefon\"\n---\nText\n",
    );
    site.build_ok();
    let doc = site.html("de/health/emergency/index.html");
    assert_eq!(
        meta(&doc, "og:image").as_deref(),
        Some("https://example.org/images/doctor.png")
    );
    assert_eq!(meta(&doc, "og:image:width").as_deref(), Some("800"));
    assert_eq!(
        meta(&doc, "og:image:alt").as_deref(),
        Some("Eine Ärztin am Telefon")
    );
}

#[test]
fn preview_problems_are_reported() {
    let site = TestSite::standard();
    let mut big = png(1200, 630);
    big.extend(std::iter::repeat_n(0u8, 310 * 1024));
    site.write_bytes("static/card.png", &big);
    site.write(
        "site.toml",
        &format!("image = \"card.png\"\n{}", support::SITE_TOML),
    );
    let long = "Sehr lange Beschreibung. ".repeat(8);
    site.write(
        "content/de/health/emergency.md",
        &format!(
            "---\ntitle: \"Notruf\"\ndescription: \"{long}\"\nupdated: 2026-01-01\n---\nText\n"
        ),
    );
    let out = site.build_ok();
    assert!(out.stderr.contains("site.toml:1: warning: preview image \"card.png\" has 310 KB; some messengers drop images over 300 KB"), "{}", out.stderr);
    assert!(out.stderr.contains("content/de/health/emergency.md:3: warning: the description has 200 characters; link previews show about 160"), "{}", out.stderr);

    site.write(
        "site.toml",
        &format!("image = \"missing.png\"\n{}", support::SITE_TOML),
    );
    let out = site.run(&["build"]);
    assert_eq!(out.code, Some(1));
    assert!(
        out.stderr
            .contains("site.toml:1: error: preview image \"missing.png\" not found"),
        "{}",
        out.stderr
    );
}

#[test]
fn aliases_keep_the_fragment_and_are_listed_for_static_hosts() {
    let site = TestSite::standard();
    site.write(
        "content/de/health/emergency.md",
        "---\ntitle: \"Notruf\"\ndescription: \"x\"\nupdated: 2026-01-01\naliases: [\"/de/notruf/\", \"/alt/notruf.html\"]\n---\nText\n",
    );
    site.build_ok();
    let doc = site.html("de/notruf/index.html");
    let script = texts(&doc, "script").join("");
    assert_eq!(
        script,
        "location.replace(\"https://example.org/de/health/emergency/\"+location.hash)"
    );
    assert!(site.path("public/alt/notruf.html").is_file());
    let list = site.read("_redirects");
    assert!(
        list.contains("/de/notruf/ /de/health/emergency/ 301\n"),
        "{list}"
    );
    assert!(
        list.contains("/alt/notruf.html /de/health/emergency/ 301\n"),
        "{list}"
    );
}

/// A UI string of the repository's `i18n/<code>.yaml`, as the test sites use.
fn repo_i18n(code: &str, key: &str) -> String {
    let path = support::repo_root().join(format!("i18n/{code}.yaml"));
    let text = std::fs::read_to_string(path).unwrap();
    let strings: std::collections::BTreeMap<String, serde_yaml::Value> =
        serde_yaml::from_str(&text).unwrap();
    strings[key].as_str().unwrap().to_string()
}

/// The standard site with a site image, an Arabic image and a German
/// article image of its own.
fn site_with_language_images() -> TestSite {
    let site = TestSite::standard();
    site.write_bytes("static/card.png", &png(1200, 630));
    site.write_bytes("static/og/ar.png", &png(1200, 630));
    site.write_bytes("static/images/doctor.png", &png(1200, 628));
    site.write(
        "site.toml",
        &format!(
            "image = \"card.png\"\n{}",
            support::SITE_TOML.replace(
                "title = \"دليل\"\n",
                "title = \"دليل\"\nimage = \"og/ar.png\"\n"
            )
        ),
    );
    site.write(
        "content/de/health/insurance.md",
        &support::article(
            "Krankenversicherung",
            "2026-03-01",
            "Intro.\n\n## Kosten {#costs}\n\nText.\n\n## Wer zahlt? {#who}\n\nText.\n",
        )
        .replace(
            "updated: 2026-03-01\n",
            "updated: 2026-03-01\nimage: \"images/doctor.png\"\nimage_alt: \"Eine Ärztin mit der Aufschrift „Versichert?“\"\n",
        ),
    );
    site
}

#[test]
fn each_language_gets_its_own_preview_image_and_never_the_originals() {
    let site = site_with_language_images();
    let out = site.build_ok();
    assert!(!out.stderr.contains("preview image"), "{}", out.stderr);
    let image = |path: &str| {
        let doc = site.html(path);
        (
            meta(&doc, "og:image").unwrap_or_default(),
            meta(&doc, "og:image:alt").unwrap_or_default(),
        )
    };
    // The original has its own image with German text.
    assert_eq!(
        image("de/health/insurance/index.html"),
        (
            "https://example.org/images/doctor.png".to_string(),
            "Eine Ärztin mit der Aufschrift „Versichert?“".to_string()
        )
    );
    // Its Arabic translation has none: the Arabic site image, not the original's.
    let (url, alt) = image("ar/health/insurance/index.html");
    assert_eq!(url, "https://example.org/og/ar.png");
    let ar_alt = repo_i18n("ar", "image_alt");
    assert_eq!(alt, ar_alt);
    for path in ["ar/index.html", "ar/health/index.html"] {
        assert_eq!(image(path).0, "https://example.org/og/ar.png", "{path}");
    }
    // Languages without an image of their own get the site's.
    assert_eq!(
        image("de/work/wage/index.html").0,
        "https://example.org/card.png"
    );
    let (url, alt) = image("en/work/wage/index.html");
    assert_eq!(url, "https://example.org/card.png");
    assert_eq!(alt, repo_i18n("en", "image_alt"));
}

#[test]
fn preview_images_of_the_wrong_shape_or_size_are_warned_about_with_their_line() {
    let site = site_with_language_images();
    site.write_bytes("static/og/ar.png", &png(800, 800));
    site.write_bytes("static/images/doctor.png", &png(300, 157));
    let out = site.build_ok();
    // site.toml: the `image` key of [languages.ar] is on line 12.
    assert!(out.stderr.contains("site.toml:12: warning: preview image \"og/ar.png\" is 800×800 pixels; chats crop images that are not 1.91 times as wide as high (make it 1200×630)"), "{}", out.stderr);
    assert!(out.stderr.contains("content/de/health/insurance.md:5: warning: preview image \"images/doctor.png\" is 300×157 pixels; chats show images under 600×315 as a small thumbnail (make it 1200×630)"), "{}", out.stderr);
    // The card of the right shape and size earns no warning.
    assert!(!out.stderr.contains("\"card.png\""), "{}", out.stderr);
}

#[test]
fn alias_pages_preview_like_their_target_in_its_language_and_direction() {
    let site = site_with_language_images();
    let ar = std::fs::read_to_string(site.path("content/ar/health/insurance.md"))
        .unwrap()
        .replace(
            "updated: 2026-03-01\n",
            "updated: 2026-03-01\naliases: [\"/ar/old-insurance/\"]\n",
        );
    site.write("content/ar/health/insurance.md", &ar);
    site.build_ok();
    let target = site.html("ar/health/insurance/index.html");
    let check = |site: &TestSite| {
        let doc = site.html("ar/old-insurance/index.html");
        assert_eq!(attrs(&doc, "html", "lang"), ["ar"]);
        assert_eq!(attrs(&doc, "html", "dir"), ["rtl"]);
        assert_eq!(
            attrs(&doc, "link[rel=canonical]", "href"),
            ["https://example.org/ar/health/insurance/"]
        );
        for key in [
            "og:title",
            "og:description",
            "og:image",
            "og:image:alt",
            "og:locale",
            "og:url",
        ] {
            assert!(meta(&doc, key).is_some(), "alias lacks {key}");
            assert_eq!(meta(&doc, key), meta(&target, key), "{key}");
        }
        assert_eq!(meta(&doc, "og:title").as_deref(), Some("التأمين الصحي"));
        assert_eq!(
            meta(&doc, "og:image").as_deref(),
            Some("https://example.org/og/ar.png")
        );
        assert!(attrs(&doc, "meta[http-equiv=refresh]", "content")[0]
            .ends_with("url=https://example.org/ar/health/insurance/"));
        assert_eq!(
            texts(&doc, "script").join(""),
            "location.replace(\"https://example.org/ar/health/insurance/\"+location.hash)"
        );
        assert_eq!(
            attrs(&doc, "body a", "href"),
            ["https://example.org/ar/health/insurance/"]
        );
    };
    check(&site);
    // A theme without alias.html gets the built-in page, with the same meta.
    std::fs::remove_file(site.path("themes/default/templates/alias.html")).unwrap();
    site.build_ok();
    check(&site);
}

#[test]
fn standalone_page_from_the_default_language_previews_in_that_language() {
    let site = site_with_language_images();
    site.write(
        "content/de/imprint.md",
        "---\ntitle: \"Impressum\"\ndescription: \"Wer diese Seiten macht.\"\nupdated: 2026-01-01\n---\nMusterstraße 1\n",
    );
    site.build_ok();
    let de = site.html("de/imprint/index.html");
    let doc = site.html("ar/imprint/index.html");
    // The text and its preview are German ...
    assert_eq!(meta(&doc, "og:title").as_deref(), Some("Impressum"));
    assert_eq!(
        meta(&doc, "og:description").as_deref(),
        Some("Wer diese Seiten macht.")
    );
    assert_eq!(meta(&doc, "og:site_name").as_deref(), Some("Wegweiser"));
    assert!(meta(&de, "og:locale").is_some());
    assert_eq!(meta(&doc, "og:locale"), meta(&de, "og:locale"));
    assert_eq!(
        meta(&doc, "og:image").as_deref(),
        Some("https://example.org/card.png")
    );
    assert_eq!(
        meta(&doc, "og:image:alt"),
        Some(repo_i18n("de", "image_alt"))
    );
    assert_eq!(
        attrs(&doc, "meta[property='og:locale:alternate']", "content")
            .iter()
            .filter(|l| Some(l.as_str()) == meta(&de, "og:locale").as_deref())
            .count(),
        0,
        "the locale of the text is not also an alternate"
    );
    // ... and marked so; the page around it stays Arabic.
    assert_eq!(attrs(&doc, "html", "lang"), ["ar"]);
    assert_eq!(attrs(&doc, "html", "dir"), ["rtl"]);
    assert_eq!(texts(&doc, "main [lang=de][dir=ltr] h1"), ["Impressum"]);
    assert_eq!(texts(&doc, "main [lang=de][dir=ltr] p"), ["Musterstraße 1"]);
}

#[test]
fn qr_code_decodes_to_the_article_url() {
    let site = TestSite::standard();
    site.build_ok();
    let svg = site.read("ar/health/insurance/qr.svg");
    let doc = site.html("ar/health/insurance/index.html");
    assert_eq!(
        attrs(&doc, ".print-qr img", "src"),
        ["/ar/health/insurance/qr.svg"]
    );
    assert_eq!(decode_qr(&svg), "https://example.org/ar/health/insurance/");
}

/// Rasterizes lotse's QR SVG (one path of lines one module thick) and decodes it.
fn decode_qr(svg: &str) -> String {
    let size: usize = svg
        .split("viewBox=\"0 0 ")
        .nth(1)
        .and_then(|r| r.split(' ').next())
        .and_then(|n| n.parse().ok())
        .expect("view box");
    let path = svg
        .split(" d=\"")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .expect("path");
    let scale = 6;
    // Each row: `M{x} {y}.5h{length}`, then `m{gap} 0h{length}` per further line.
    let mut dark = vec![false; size * size];
    let mut numbers = Vec::new();
    let mut command = ' ';
    let (mut x, mut y) = (0usize, 0usize);
    let spaced: String = path
        .chars()
        .flat_map(|c| match c {
            'M' | 'm' | 'h' => vec![' ', c, ' '],
            _ => vec![c],
        })
        .collect();
    for token in spaced.split_whitespace() {
        match token {
            "M" | "m" | "h" => {
                command = token.chars().next().unwrap();
                numbers.clear();
            }
            n => {
                numbers.push(n.parse::<f64>().unwrap() as usize);
                match (command, numbers.as_slice()) {
                    ('M', [a, b]) => (x, y) = (*a, *b),
                    ('m', [dx, _]) => x += dx,
                    ('h', [length]) => {
                        dark[y * size + x..y * size + x + length].fill(true);
                        x += length;
                    }
                    _ => {}
                }
            }
        }
    }
    let pixels = size * scale;
    let mut image = rqrr::PreparedImage::prepare_from_greyscale(pixels, pixels, |x, y| {
        if dark[(y / scale) * size + x / scale] {
            0
        } else {
            255
        }
    });
    let grids = image.detect_grids();
    assert_eq!(grids.len(), 1, "one QR code");
    grids[0].decode().expect("decodes").1
}

/// A minimal valid PNG header of a given size (enough for size probing).
fn png(width: u32, height: u32) -> Vec<u8> {
    let mut bytes = vec![
        0x89, b'P', b'N', b'G', 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, b'I', b'H', b'D', b'R',
    ];
    bytes.extend(width.to_be_bytes());
    bytes.extend(height.to_be_bytes());
    bytes.extend([8, 6, 0, 0, 0, 0, 0, 0, 0]);
    bytes
}

#[test]
fn the_sample_site_has_a_light_chat_shaped_image_for_every_language() {
    let root = support::repo_root();
    let config = lotse::config::Config::load(&root).expect("sample site.toml");
    assert_eq!(
        config.image.as_deref(),
        Some("og.png"),
        "the fallback stays"
    );
    for language in &config.languages {
        let code = language.code();
        let image = language
            .image
            .as_deref()
            .unwrap_or_else(|| panic!("[languages.{code}] has no image"));
        assert_eq!(image, format!("og/{code}.png"));
        let bytes = std::fs::read(root.join("static").join(image)).unwrap();
        assert!(bytes.len() < 300 * 1024, "{image}: {} bytes", bytes.len());
        let size = imagesize::blob_size(&bytes).unwrap();
        assert_eq!((size.width, size.height), (1200, 630), "{image}");
    }
    assert_eq!(config.languages.len(), 12);
}

#[test]
fn every_sample_language_has_a_facebook_locale() {
    let list =
        std::fs::read_to_string(support::repo_root().join("tests/data/facebook-locales.txt"))
            .expect("the list of Facebook locales");
    let known: Vec<&str> = list.lines().map(str::trim).collect();
    let config = lotse::config::Config::load(&support::repo_root()).expect("the sample site.toml");
    assert_eq!(config.languages.len(), 12);
    for language in &config.languages {
        assert!(
            known.contains(&language.og_locale.as_str()),
            "{}: {} is not a Facebook locale",
            language.code(),
            language.og_locale
        );
    }
    let arabic = config.language_index("ar").map(|i| &config.languages[i]);
    assert_eq!(arabic.map(|l| l.og_locale.as_str()), Some("ar_AR"));
}

#[test]
fn the_language_chooser_previews_in_several_languages() {
    let site = TestSite::standard();
    let toml = support::SITE_TOML
        .replace(
            "title = \"Wegweiser\"",
            "title = \"Wegweiser\"\ndescription = \"Einfache Antworten für Neue in Deutschland.\"",
        )
        .replace(
            "title = \"دليل\"",
            "title = \"دليل\"\ndescription = \"إجابات بسيطة للقادمين الجدد إلى ألمانيا.\"",
        );
    site.write("site.toml", &toml);
    site.build_ok();
    let doc = site.html("index.html");
    // Default language first, then the right-to-left one; English has no description: its title.
    let expected = "Einfache Antworten für Neue in Deutschland. · \u{2068}إجابات بسيطة للقادمين الجدد إلى ألمانيا.\u{2069} · Guide";
    assert_eq!(attrs(&doc, "meta[name=description]", "content"), [expected]);
    assert_eq!(meta(&doc, "og:description").as_deref(), Some(expected));
    assert!(only_balanced_isolates(expected));
    assert_eq!(attrs(&doc, "h1 span", "lang"), ["de", "ar", "en"]);
    assert_eq!(attrs(&doc, "h1 span", "dir"), ["ltr", "rtl", "ltr"]);
    assert_eq!(
        texts(&doc, "h1 span"),
        ["Sprache wählen", "اختر اللغة", "Choose language"]
    );
    // A home page without a description of its own uses its language's.
    std::fs::remove_file(site.path("content/ar/_index.md")).expect("remove");
    site.build_ok();
    assert_eq!(
        meta(&site.html("ar/index.html"), "description").as_deref(),
        Some("إجابات بسيطة للقادمين الجدد إلى ألمانيا.")
    );
    // A description that is too long is an error at its line.
    let long = "Sehr lange Beschreibung. ".repeat(7);
    site.write(
        "site.toml",
        &toml.replace("Einfache Antworten für Neue in Deutschland.", long.trim()),
    );
    let out = site.run(&["build"]);
    assert_eq!(out.code, Some(1));
    assert!(
        out.stderr.contains("site.toml:7: error: [languages.de]: the description has 174 characters; link previews show about 160: shorten it"),
        "{}",
        out.stderr
    );
}

#[test]
fn a_neutral_preview_names_a_right_to_left_language_when_its_title_has_none() {
    let site = TestSite::standard();
    site.write(
        "site.toml",
        "base_url = \"https://example.org/\"\ndefault_language = \"de\"\n\n[languages.de]\nname = \"Deutsch\"\ntitle = \"Wegweiser\"\n\n[languages.en]\nname = \"English\"\ntitle = \"Guide\"\n\n[languages.fr]\nname = \"Français\"\ntitle = \"Guide\"\n\n[languages.ar]\nname = \"العربية\"\ntitle = \"دليل\"\n",
    );
    let fr = std::fs::read_to_string(support::repo_root().join("i18n/fr.yaml")).expect("fr.yaml");
    site.write("i18n/fr.yaml", &fr);
    let body = "Intro.\n\n## Kosten {#costs}\n\nText\n\n## Wer zahlt? {#who}\n\nText\n";
    site.write(
        "content/en/health/insurance.md",
        &support::article("Health insurance", "2026-03-01", body),
    );
    site.write(
        "content/fr/health/insurance.md",
        &support::article(
            "Assurance maladie en Allemagne : qui paie ?",
            "2026-03-01",
            body,
        ),
    );
    site.write(
        "content/ar/health/insurance.md",
        &support::article("التأمين الصحي في ألمانيا: من يدفع؟", "2026-03-01", body),
    );
    site.build_ok();
    let doc = site.html("health/insurance/index.html");
    assert_eq!(
        meta(&doc, "og:title").as_deref(),
        Some("Krankenversicherung · Health insurance")
    );
    assert_eq!(
        meta(&doc, "og:description").as_deref(),
        Some("\u{2068}About التأمين الصحي في ألمانيا: من يدفع؟.\u{2069} · About Assurance maladie en Allemagne : qui paie ?.")
    );
}
