use std::path::PathBuf;

use super::*;
use crate::config::Config;
use crate::content::{Content, FrontMatter, Page, PageKind};

fn config() -> Config {
    Config::parse(
        std::path::Path::new("."),
        "base_url = \"https://x.org/kb/\"\ndefault_language = \"de\"\n[languages.de]\nname = \"Deutsch\"\ntitle = \"T\"\n[languages.ar]\nname = \"العربية\"\ntitle = \"T\"\n",
    )
    .unwrap()
}

fn page(lang: usize, key: &str, body: &str) -> Page {
    let code = ["de", "ar"][lang];
    Page {
        lang,
        kind: if key.contains('/') {
            PageKind::Article
        } else {
            PageKind::Topic
        },
        key: key.into(),
        source: PathBuf::from(format!("content/{code}/{key}.md")),
        front: FrontMatter {
            title: "T".into(),
            ..FrontMatter::default()
        },
        body: body.into(),
        digest: 0,
        body_line: 5,
        key_lines: Default::default(),
        url_lines: Vec::new(),
        layer: Default::default(),
    }
}

fn content(pages: Vec<Page>) -> Content {
    let mut c = Content {
        pages,
        ..Content::default()
    };
    for (i, p) in c.pages.iter().enumerate() {
        c.groups
            .entry(p.key.clone())
            .or_insert_with(|| vec![None; 2])[p.lang] = Some(i);
    }
    c
}

fn render_one(site: &Content, index: usize) -> Rendered {
    let config = config();
    let note = |_: usize, t: usize| format!("opens in {}", config.languages[t].name);
    let resolver = LinkResolver {
        config: &config,
        content: site,
        other_language_note: &note,
    };
    let p = &site.pages[index];
    render(p, config.languages[p.lang].direction, &resolver)
}

fn render_body(lang: usize, body: &str) -> Rendered {
    let site = content(vec![page(lang, "health/insurance", body)]);
    render_one(&site, 0)
}

#[test]
fn explicit_ids_win_and_slugs_are_unique_ascii() {
    let r = render_body(
        0,
        "## Kosten {#costs}\n\n## Wer zahlt?\n\n## Wer zahlt?\n\n### Ärzte & Praxen\n",
    );
    assert_eq!(r.ids, ["costs", "wer-zahlt", "wer-zahlt-2", "arzte-praxen"]);
    assert!(
        r.html.contains("<h2 id=\"costs\">Kosten</h2>"),
        "{}",
        r.html
    );
    assert_eq!(r.toc.len(), 4);
    assert_eq!(r.toc[3].level, 3);
}

#[test]
fn arabic_headings_get_short_ascii_ids() {
    let r = render_body(1, "## التأمين الصحي\n\n## التكاليف {#costs}\n");
    assert!(
        r.ids[0].is_ascii() && !r.ids[0].is_empty() && !r.ids[0].contains('%'),
        "{:?}",
        r.ids
    );
    assert_eq!(r.ids[1], "costs");
}

/// `## Main` once took the id `main` of the theme's skip-link target.
#[test]
fn headings_never_take_the_themes_ids() {
    let config = config();
    let site = content(vec![page(
        0,
        "health/insurance",
        "## Main\n\n## Inhalt {#toc-title}\n\n## Q\n",
    )]);
    let note = |_: usize, _: usize| String::new();
    let resolver = LinkResolver {
        config: &config,
        content: &site,
        other_language_note: &note,
    };
    let reserved: std::collections::BTreeSet<String> =
        ["main", "toc-title"].map(String::from).into();
    let r = render_with(
        &site.pages[0],
        &RenderContext {
            dir: config.languages[0].direction,
            resolver: &resolver,
            original: None,
            section_link_label: "",
            reserved_ids: &reserved,
        },
    );
    assert_eq!(r.ids, ["main-2", "toc-title", "q"]);
    assert_eq!(r.problems.len(), 1);
    assert_eq!(r.problems[0].line, Some(7));
    assert_eq!(
        r.problems[0].message,
        "heading id \"toc-title\" is taken by the theme, which uses it for a part of every page: choose another, e.g. {#toc-title-section}"
    );
}

#[test]
fn non_ascii_explicit_id_is_an_error_with_line() {
    let r = render_body(0, "Text\n\n## Kosten {#kösten}\n");
    assert_eq!(r.problems.len(), 1);
    assert_eq!(r.problems[0].line, Some(7));
    assert!(r.problems[0]
        .message
        .contains("must be short lowercase ASCII"));
}

#[test]
fn no_smart_quotes() {
    let r = render_body(0, "Er sagte \"Hallo\" und 'tschüss'.\n");
    assert!(
        r.html.contains("&quot;Hallo&quot;") || r.html.contains("\"Hallo\""),
        "{}",
        r.html
    );
    assert!(!r.html.contains('“') && !r.html.contains('‘'));
}

#[test]
fn extensions_are_enabled() {
    let r = render_body(
        0,
        "| a | b |\n|---|---|\n| 1 | 2 |\n\n~~alt~~\n\n- [x] done\n\nText[^1]\n\n[^1]: Fußnote\n",
    );
    assert!(r.html.contains("<table>"), "{}", r.html);
    assert!(
        r.html
            .contains("<div class=\"table\" tabindex=\"0\"><table>"),
        "{}",
        r.html
    );
    assert!(r.html.contains("<del>alt</del>"));
    assert!(
        r.html
            .contains("<li><span class=\"task\">☑</span> done</li>"),
        "{}",
        r.html
    );
    assert!(!r.html.contains("<input"), "no unlabeled checkboxes");
    assert!(r.html.contains("Fußnote"));
}

#[test]
fn phone_numbers_and_german_terms_are_isolated_in_rtl() {
    let r = render_body(
        1,
        "اتصل بالرقم 116 117 أو +49 211 1234567 (Krankenkasse).\n\n```\n116 117\n```\n",
    );
    assert!(
        r.html.contains("<bdi dir=\"ltr\">116 117</bdi>"),
        "{}",
        r.html
    );
    assert!(r.html.contains("<bdi dir=\"ltr\">+49 211 1234567</bdi>"));
    assert!(r.html.contains("(<bdi dir=\"ltr\">Krankenkasse</bdi>)"));
    assert!(
        r.html.contains("<code>116 117\n</code>"),
        "code stays untouched: {}",
        r.html
    );
}

#[test]
fn ltr_pages_leave_numbers_alone() {
    let r = render_body(0, "Rufen Sie 116 117 an.\n");
    assert!(!r.html.contains("<bdi"), "{}", r.html);
}

#[test]
fn links_to_markdown_files_become_page_urls() {
    let site = content(vec![
        page(
            0,
            "health/insurance",
            "[Lohn](../work/wage.md#min) und [Notruf](emergency.md)\n",
        ),
        page(0, "health/emergency", "x\n"),
        page(0, "work/wage", "## Min {#min}\n"),
        page(1, "health/insurance", "[الأجر](../work/wage.md#min)\n"),
    ]);
    let r = render_one(&site, 0);
    assert!(r.problems.is_empty(), "{:?}", r.problems);
    assert!(
        r.html.contains("href=\"/kb/de/work/wage/#min\""),
        "{}",
        r.html
    );
    assert!(r.html.contains("href=\"/kb/de/health/emergency/\""));
    assert_eq!(r.links[0].key, "work/wage");
    assert_eq!(r.links[0].fragment.as_deref(), Some("min"));

    // The Arabic page links to the German version, marked with its language.
    let r = render_one(&site, 3);
    assert!(
        r.html.contains("href=\"/kb/de/work/wage/#min\""),
        "{}",
        r.html
    );
    assert!(
        r.html
            .contains("lang=\"de\" dir=\"ltr\" title=\"opens in Deutsch\">(Deutsch)</small>"),
        "{}",
        r.html
    );
    assert_eq!(r.links[0].lang, 0);
}

#[test]
fn link_to_missing_file_is_an_error_with_line() {
    let r = render_body(0, "Intro\n\nSiehe [x](../work/nothing.md).\n");
    assert_eq!(r.problems.len(), 1);
    assert_eq!(r.problems[0].line, Some(7));
    assert!(
        r.problems[0]
            .message
            .contains("link to a missing page \"../work/nothing.md\""),
        "{}",
        r.problems[0].message
    );
}

#[test]
fn missing_anchor_is_reported_after_rendering() {
    let site = content(vec![
        page(0, "health/insurance", "[x](../work/wage.md#kosten)\n"),
        page(0, "work/wage", "## Min {#min}\n"),
    ]);
    let rendered = vec![render_one(&site, 0), render_one(&site, 1)];
    let problems = links::check_anchors(&site, &rendered);
    assert_eq!(problems.len(), 1);
    assert!(
        problems[0].message.contains("missing section \"#kosten\""),
        "{}",
        problems[0].message
    );
    assert!(problems[0].message.contains("its sections: min"));
}

#[test]
fn script_html_is_an_error_and_never_reaches_output() {
    let r = render_body(0, "Text\n\n<script>alert(1)</script>\n\n<img src=x onerror=\"alert(1)\">\n\n[a](javascript:alert(1))\n");
    let messages: Vec<_> = r
        .problems
        .iter()
        .map(|p| (p.line, p.message.clone()))
        .collect();
    assert_eq!(messages.len(), 3, "{messages:?}");
    assert_eq!(messages[0].0, Some(7));
    assert!(messages[0].1.contains("<script>"));
    assert!(messages[1].1.contains("onerror="));
    assert!(messages[2].1.contains("javascript:"));
    assert!(!r.html.contains("<script"), "{}", r.html);
    assert!(!r.html.contains("onerror"), "{}", r.html);
    assert!(!r.html.contains("javascript:"), "{}", r.html);
}

#[test]
fn harmless_raw_html_is_kept_after_sanitizing() {
    let r = render_body(0, "<details><summary>Mehr</summary>Text</details>\n");
    assert!(r.problems.is_empty(), "{:?}", r.problems);
    assert!(
        r.html.contains("<details><summary>Mehr</summary>"),
        "{}",
        r.html
    );
}

#[test]
fn sanitizer_keeps_lotse_markup() {
    let html = sanitize(
        "<h2 id=\"a\">x</h2><p><bdi dir=\"ltr\">1 2</bdi><a href=\"/x/\" hreflang=\"de\">y</a></p>",
    );
    assert!(html.contains("id=\"a\""));
    assert!(html.contains("<bdi dir=\"ltr\">"));
    assert!(html.contains("hreflang=\"de\""));
}

#[test]
fn bare_addresses_become_links() {
    let r = render_body(0, "Siehe https://www.bamf.de/DE/Themen. Oder www.migrationsberatung.org, (https://x.org/a_(b)) und `https://code.example`.\n");
    assert!(
        r.html.contains(
            "<a href=\"https://www.bamf.de/DE/Themen\">https://www.bamf.de/DE/Themen</a>."
        ),
        "{}",
        r.html
    );
    assert!(
        r.html.contains(
            "<a href=\"https://www.migrationsberatung.org\">www.migrationsberatung.org</a>,"
        ),
        "{}",
        r.html
    );
    assert!(
        r.html
            .contains("<a href=\"https://x.org/a_(b)\">https://x.org/a_(b)</a>)"),
        "{}",
        r.html
    );
    assert!(
        r.html.contains("<code>https://code.example</code>"),
        "{}",
        r.html
    );
}

#[test]
fn addresses_in_links_are_not_linked_twice() {
    let r = render_body(0, "[https://a.org](https://a.org) und <https://b.org>\n");
    assert_eq!(r.html.matches("<a ").count(), 2, "{}", r.html);
}

#[test]
fn bare_addresses_in_arabic_are_linked_and_isolated() {
    let r = render_body(1, "الموقع: https://www.migrationsberatung.org، مجاني.\n");
    assert!(
        r.html.contains("<a href=\"https://www.migrationsberatung.org\"><bdi dir=\"ltr\">https://www.migrationsberatung.org</bdi></a>،"),
        "{}",
        r.html
    );
}

/// The messages about media from other hosts, by line.
fn foreign_media(body: &str) -> Vec<(Option<usize>, String)> {
    render_body(0, body)
        .problems
        .into_iter()
        .filter(|p| p.is_error() && p.message.contains("from another host"))
        .map(|p| (p.line, p.message))
        .collect()
}

#[test]
fn media_from_other_hosts_are_errors() {
    for body in [
        "![x](https://tracker.example/x.gif)",
        "<img src=\"https://tracker.example/x.gif\">",
        "<img src=\"//tracker.example/x.gif\">",
        "<img src=\"https:\\\\tracker.example/x.gif\">",
        "<img src=\"HTTPS://Tracker.Example/x.gif\">",
        "<img src=\"https&#58;//tracker.example/x.gif\">",
        "<IMG\nSRC=https://tracker.example/x.gif>",
        "<img src=a.png srcset=\"a.png 1x,https://tracker.example/b.png 2x\">",
        "<picture><source srcset=\"https://tracker.example/a.webp\"><img src=a.png></picture>",
        "<video src=\"https://tracker.example/v.mp4\"></video>",
        "<audio><source src=\"https://tracker.example/a.mp3\"></audio>",
    ] {
        let found = foreign_media(body);
        assert_eq!(found.len(), 1, "{body}: {found:?}");
        assert!(
            found[0].1.contains("(tracker.example)"),
            "{body}: {found:?}"
        );
        let line = 5 + body[..body.find("racker").unwrap()].matches('\n').count();
        assert_eq!(found[0].0, Some(line), "{body}");
    }
}

#[test]
fn media_from_the_site_itself_are_fine() {
    for body in [
        "![x](/kb/x.png)",
        "![x](x.png)",
        "![x](https://x.org/kb/x.png)",
        "<img src=\"data:image/png;base64,AAAA\" srcset=\"/kb/a.png 2x\">",
        "<p>Text with https://tracker.example/ as a link, not media.</p>",
        "[link](https://tracker.example/)",
    ] {
        assert_eq!(foreign_media(body), [], "{body}");
    }
}

#[test]
fn removed_style_attributes_are_warned_about() {
    let r = render_body(0, "Text.\n\n<p style=\"color:red\">Rot</p>\n");
    let warnings: Vec<_> = r
        .problems
        .iter()
        .filter(|p| !p.is_error() && p.message.contains("style attribute"))
        .collect();
    assert_eq!(warnings.len(), 1, "{:?}", r.problems);
    assert_eq!(warnings[0].line, Some(7));
    assert!(!r.html.contains("color:red"), "{}", r.html);
}
