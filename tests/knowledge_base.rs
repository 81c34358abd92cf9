//! Fact checks, contact channels, standalone pages and articles that exist
//! only in some languages.

mod support;

use support::{attrs, texts, TestSite, SITE_TOML};

const CONTACT: &str = r#"
[contact]
example = true

[[contact.channels]]
kind = "whatsapp"
value = "+49 30 1234567"
languages = ["de", "ar"]
hours = "Mo–Fr 10–16"

[[contact.channels]]
kind = "email"
value = "team@example.org"
languages = ["de"]

[[contact.channels]]
kind = "office"
value = "Musterstraße 1, 12345 Musterstadt"
label = "Beratung Mitte"
languages = ["de", "ar"]
"#;

fn fact_check_site() -> TestSite {
    let site = TestSite::standard();
    site.write(
        "content/de/health/rumour.md",
        "---\ntitle: \"Anrufe vom BAMF?\"\ndescription: \"Betrug am Telefon.\"\nupdated: 2026-11-20\nclaim: \"Das BAMF ruft an: Zahlen Sie sofort.\"\nverdict: false\nclaim_seen: 2016-08-01\n---\n## Was stimmt {#check}\n\nDas ist Betrug.\n",
    );
    site.write(
        "content/ar/health/rumour.md",
        "---\ntitle: \"مكالمات من BAMF؟\"\ndescription: \"احتيال عبر الهاتف.\"\nupdated: 2026-11-20\nclaim: \"المكتب يتصل: ادفع فورًا.\"\nverdict: \"false\"\nclaim_seen: 2016-08-01\n---\n## ما الصحيح {#check}\n\nهذا احتيال.\n",
    );
    site
}

#[test]
fn fact_check_shows_claim_and_verdict_in_the_readers_language() {
    let site = fact_check_site();
    site.build_ok();
    let de = site.html("de/health/rumour/index.html");
    assert_eq!(
        texts(&de, ".claim blockquote p"),
        ["Das BAMF ruft an: Zahlen Sie sofort."]
    );
    assert_eq!(texts(&de, ".claim .verdict strong"), ["Falsch"]);
    assert_eq!(attrs(&de, ".claim", "class"), ["claim verdict-false"]);
    assert_eq!(attrs(&de, ".claim time", "datetime"), ["2016-08-01"]);
    assert_eq!(texts(&de, ".kicker"), ["Faktencheck"]);
    let ar = site.html("ar/health/rumour/index.html");
    assert_eq!(texts(&ar, ".claim .verdict strong"), ["زائف"]);
}

#[test]
fn fact_check_emits_claim_review_json_ld() {
    let site = fact_check_site();
    site.build_ok();
    let de = site.html("de/health/rumour/index.html");
    let json = texts(&de, "script[type='application/ld+json']");
    assert_eq!(json.len(), 1);
    let value: serde_json::Value = serde_json::from_str(&json[0]).expect("valid JSON");
    assert_eq!(value["@context"], "https://schema.org");
    assert_eq!(value["@type"], "ClaimReview");
    assert_eq!(value["url"], "https://example.org/de/health/rumour/");
    assert_eq!(
        value["claimReviewed"],
        "Das BAMF ruft an: Zahlen Sie sofort."
    );
    assert_eq!(value["inLanguage"], "de");
    assert_eq!(value["datePublished"], "2026-11-20");
    assert_eq!(value["itemReviewed"]["@type"], "Claim");
    assert_eq!(value["itemReviewed"]["datePublished"], "2016-08-01");
    assert_eq!(value["reviewRating"]["ratingValue"], 1);
    assert_eq!(value["reviewRating"]["alternateName"], "Falsch");
    assert_eq!(value["author"]["name"], "Wegweiser");
    // Plain articles have no JSON-LD.
    let plain = site.html("de/health/insurance/index.html");
    assert!(texts(&plain, "script[type='application/ld+json']").is_empty());
}

/// The ClaimReview JSON-LD of a built page.
fn claim_review(site: &TestSite, rel: &str) -> serde_json::Value {
    let json = texts(&site.html(rel), "script[type='application/ld+json']");
    assert_eq!(json.len(), 1, "{rel}");
    serde_json::from_str(&json[0]).expect("valid JSON")
}

#[test]
fn claim_review_names_where_the_claim_appeared_and_who_spread_it() {
    let site = TestSite::standard();
    site.write("site.toml", &format!("publisher = \"Lotse\"\n{SITE_TOML}"));
    site.write(
        "content/de/health/rumour.md",
        "---\ntitle: \"Anrufe vom BAMF?\"\ndescription: \"Betrug.\"\nupdated: 2026-11-20\nclaim: \"Das BAMF ruft an.\"\nverdict: false\nclaim_seen: 2016-08-01\nclaim_appearance: \"https://example.net/post/1\"\nclaim_author: \"Kanal Wahrheit 24\"\n---\nText\n",
    );
    site.write(
        "content/ar/health/rumour.md",
        "---\ntitle: \"مكالمات؟\"\ndescription: \"احتيال.\"\nupdated: 2026-11-20\nclaim: \"المكتب يتصل.\"\nverdict: false\nclaim_appearance: \"مجموعات تيليغرام، نوفمبر 2026\"\n---\nنص\n",
    );
    site.build_ok();
    let de = claim_review(&site, "de/health/rumour/index.html");
    let url = serde_json::json!({ "@type": "CreativeWork", "url": "https://example.net/post/1" });
    assert_eq!(de["itemReviewed"]["appearance"], url);
    assert_eq!(de["itemReviewed"]["firstAppearance"], url);
    assert_eq!(
        de["itemReviewed"]["author"],
        serde_json::json!({ "@type": "Organization", "name": "Kanal Wahrheit 24" })
    );
    assert_eq!(de["itemReviewed"]["datePublished"], "2016-08-01");
    let ar = claim_review(&site, "ar/health/rumour/index.html");
    let named =
        serde_json::json!({ "@type": "CreativeWork", "name": "مجموعات تيليغرام، نوفمبر 2026" });
    assert_eq!(ar["itemReviewed"]["appearance"], named);
    assert_eq!(ar["itemReviewed"]["firstAppearance"], named);
    assert!(ar["itemReviewed"].get("author").is_none(), "{ar}");
    assert!(ar["itemReviewed"].get("datePublished").is_none(), "{ar}");
    // One publisher name in every language, not the language's site title.
    for review in [&de, &ar] {
        assert_eq!(
            review["author"],
            serde_json::json!({ "@type": "Organization", "name": "Lotse", "url": "https://example.org/" })
        );
    }
}

#[test]
fn unproven_has_no_number_on_the_rating_scale() {
    let site = TestSite::standard();
    site.write(
        "content/de/health/rumour.md",
        "---\ntitle: \"X\"\ndescription: \"x\"\nupdated: 2026-11-20\nclaim: \"Y\"\nverdict: unproven\n---\nText\n",
    );
    site.write(
        "content/de/health/other.md",
        "---\ntitle: \"X\"\ndescription: \"x\"\nupdated: 2026-11-20\nclaim: \"Z\"\nverdict: misleading\n---\nText\n",
    );
    site.build_ok();
    let unproven = claim_review(&site, "de/health/rumour/index.html");
    assert_eq!(
        unproven["reviewRating"],
        serde_json::json!({ "@type": "Rating", "alternateName": "Nicht belegt" })
    );
    let misleading = claim_review(&site, "de/health/other/index.html");
    assert_eq!(misleading["reviewRating"]["ratingValue"], 2);
    assert_eq!(misleading["reviewRating"]["bestRating"], 5);
    assert_eq!(misleading["reviewRating"]["worstRating"], 1);
}

#[test]
fn a_long_claim_is_a_warning_with_file_and_line() {
    let site = TestSite::standard();
    let long = "Wer jetzt einen Antrag stellt, bekommt sofort und ohne Prüfung eine Wohnung.";
    assert_eq!(long.chars().count(), 76);
    site.write(
        "content/de/health/rumour.md",
        &format!("---\ntitle: \"X\"\ndescription: \"x\"\nupdated: 2026-11-20\nclaim: \"{long}\"\nverdict: false\n---\nText\n"),
    );
    site.write(
        "content/de/health/short.md",
        &format!("---\ntitle: \"X\"\ndescription: \"x\"\nupdated: 2026-11-20\nclaim: \"{}\"\nverdict: false\n---\nText\n", &long[..long.len() - 1]),
    );
    let out = site.build_ok();
    assert!(
        out.stderr
            .contains("content/de/health/rumour.md:5: warning: the claim has 76 characters"),
        "{}",
        out.stderr
    );
    assert!(!out.stderr.contains("short.md"), "{}", out.stderr);
    // The claim is kept as written; only the editor is told.
    let review = claim_review(&site, "de/health/rumour/index.html");
    assert_eq!(review["claimReviewed"], long);
}

#[test]
fn claim_appearance_must_be_a_secure_address_or_a_description() {
    let site = TestSite::standard();
    site.write(
        "content/de/health/rumour.md",
        "---\ntitle: \"X\"\ndescription: \"x\"\nupdated: 2026-11-20\nclaim: \"Y\"\nverdict: false\nclaim_appearance: \"ftp://example.net/x\"\n---\nText\n",
    );
    let out = site.run(&["build"]);
    assert_eq!(out.code, Some(1));
    assert!(
        out.stderr.contains("content/de/health/rumour.md:7: error: claim_appearance \"ftp://example.net/x\" is not a secure web address"),
        "{}",
        out.stderr
    );
    site.write(
        "content/de/health/rumour.md",
        "---\ntitle: \"X\"\ndescription: \"x\"\nupdated: 2026-11-20\nclaim_author: \"Someone\"\n---\nText\n",
    );
    let out = site.run(&["build"]);
    assert_eq!(out.code, Some(1));
    assert!(
        out.stderr
            .contains("content/de/health/rumour.md:5: error: claim_author belongs to a fact check"),
        "{}",
        out.stderr
    );
}

#[test]
fn json_ld_cannot_break_out_of_its_script() {
    let site = TestSite::standard();
    site.write(
        "content/de/health/rumour.md",
        "---\ntitle: \"X\"\ndescription: \"x\"\nupdated: 2026-11-20\nclaim: \"</script><script>alert(1)</script>\"\nverdict: misleading\n---\nText\n",
    );
    site.build_ok();
    let html = site.read("de/health/rumour/index.html");
    assert_eq!(
        html.matches("<script type=application/ld+json>").count(),
        1,
        "{html}"
    );
    assert_eq!(
        html.matches("<script").count(),
        2,
        "JSON-LD and the theme script only: {html}"
    );
    assert!(html.contains("\\u003c/script\\u003e"));
}

#[test]
fn topic_pages_list_fact_checks_as_such() {
    let site = fact_check_site();
    site.build_ok();
    let topic = site.html("de/health/index.html");
    assert_eq!(texts(&topic, ".cards .badge"), ["Faktencheck: Falsch"]);
    let home = site.html("de/index.html");
    assert_eq!(texts(&home, ".topic .badge"), ["Falsch"]);
}

#[test]
fn bad_verdict_is_an_error_with_file_and_line() {
    let site = TestSite::standard();
    site.write(
        "content/de/health/rumour.md",
        "---\ntitle: \"X\"\ndescription: \"x\"\nupdated: 2026-11-20\nclaim: \"Y\"\nverdict: fake-news\n---\nText\n",
    );
    let out = site.run(&["build"]);
    assert_eq!(out.code, Some(1));
    assert!(
        out.stderr.contains("content/de/health/rumour.md:6: error: invalid verdict \"fake-news\": use one of false, misleading, true, unproven"),
        "{}",
        out.stderr
    );
}

#[test]
fn contact_channels_follow_the_readers_language() {
    let site = TestSite::standard();
    site.write("site.toml", &format!("{}{CONTACT}", support::SITE_TOML));
    site.build_ok();
    let ar = site.html("ar/health/insurance/index.html");
    assert_eq!(
        attrs(&ar, ".contact li a", "href"),
        ["https://wa.me/49301234567"]
    );
    assert_eq!(
        texts(&ar, ".contact li .text"),
        ["Musterstraße 1, 12345 Musterstadt"]
    );
    assert_eq!(
        texts(&ar, ".contact .notice").len(),
        1,
        "example data is marked"
    );
    let de = site.html("de/health/insurance/index.html");
    assert_eq!(
        attrs(&de, ".contact li a", "href"),
        ["https://wa.me/49301234567", "mailto:team@example.org"]
    );
    assert_eq!(
        attrs(&de, ".contact .spoken span", "lang"),
        ["de", "ar", "de", "de", "ar"]
    );
}

#[test]
fn contact_falls_back_to_the_default_language_and_says_so() {
    let site = TestSite::standard();
    site.write("site.toml", &format!("{}{CONTACT}", support::SITE_TOML));
    site.build_ok();
    let en = site.html("en/work/wage/index.html");
    let intro = texts(&en, ".contact > p");
    assert!(
        intro
            .iter()
            .any(|p| p == "No contact in your language yet. These contacts speak Deutsch:"),
        "{intro:?}"
    );
    assert_eq!(attrs(&en, ".contact li a", "href").len(), 2);
}

#[test]
fn invalid_contact_channel_is_an_error() {
    let site = TestSite::standard();
    site.write(
        "site.toml",
        &format!(
            "{}{}",
            support::SITE_TOML,
            CONTACT.replace("+49 30 1234567", "0301234567")
        ),
    );
    let out = site.run(&["build"]);
    assert_eq!(out.code, Some(1));
    assert!(out.stderr.contains("site.toml:19: error: contact channel 1: \"0301234567\" must be a phone number in international form"), "{}", out.stderr);
}

#[test]
fn standalone_pages_exist_in_every_language_with_fallback() {
    let site = TestSite::standard();
    site.write("content/de/about.md", "---\ntitle: \"Über uns\"\ndescription: \"Wer wir sind\"\nupdated: 2026-11-25\nweight: 1\n---\nWir sind ein Team.\n");
    site.write(
        "content/ar/about.md",
        "---\ntitle: \"من نحن\"\ndescription: \"من نحن\"\nupdated: 2026-11-25\n---\nنحن فريق.\n",
    );
    site.write(
        "content/de/imprint.md",
        "---\ntitle: \"Impressum\"\nupdated: 2026-11-25\nweight: 2\n---\nAnbieter: Musterstadt.\n",
    );
    site.build_ok();
    let ar = site.html("ar/about/index.html");
    assert_eq!(texts(&ar, "h1"), ["من نحن"]);
    assert!(texts(&ar, ".notice").is_empty());
    // No English "about": the German text is shown, marked with its language.
    let en = site.html("en/about/index.html");
    assert_eq!(attrs(&en, "article > div[lang]", "lang"), ["de"]);
    assert_eq!(
        texts(&en, ".notice"),
        ["This page is not available in your language yet. Here is the Deutsch version."]
    );
    assert_eq!(
        attrs(&en, "link[rel=canonical]", "href"),
        ["https://example.org/de/about/"]
    );
    // Every page links the standalone pages in its footer, in weight order.
    let page = site.html("ar/health/insurance/index.html");
    assert_eq!(
        attrs(&page, "footer .pages a", "href"),
        ["/ar/about/", "/ar/imprint/"]
    );
    assert_eq!(texts(&page, "footer .pages a"), ["من نحن", "Impressum"]);
    assert_eq!(attrs(&page, "footer .pages a[lang]", "lang"), ["de"]);
    // The sitemap lists only the versions that exist.
    let sitemap = site.read("sitemap.xml");
    assert!(sitemap.contains("<loc>https://example.org/ar/about/</loc>"));
    assert!(!sitemap.contains("<loc>https://example.org/en/about/</loc>"));
}

#[test]
fn a_page_and_a_topic_cannot_share_an_address() {
    let site = TestSite::standard();
    site.write(
        "content/de/health.md",
        "---\ntitle: \"X\"\nupdated: 2026-11-25\n---\nx\n",
    );
    let out = site.run(&["build"]);
    assert_eq!(out.code, Some(1));
    assert!(
        out.stderr.contains("have the same address /de/health/"),
        "{}",
        out.stderr
    );
}

#[test]
fn articles_in_some_languages_are_listed_exactly_where_they_exist() {
    let site = TestSite::standard();
    // work/wage exists in de and en only.
    site.build_ok();
    let en = site.html("en/work/wage/index.html");
    assert_eq!(
        attrs(&en, "link[rel=alternate][hreflang]", "hreflang"),
        ["de", "en", "x-default"]
    );
    assert_eq!(attrs(&en, ".langs a", "lang"), ["de", "en"]);
    assert_eq!(attrs(&en, ".translations a", "lang"), ["de"]);
    let sitemap = site.read("sitemap.xml");
    assert!(sitemap.contains("<loc>https://example.org/en/work/wage/</loc>"));
    assert!(!sitemap.contains("https://example.org/ar/work/wage/"));
    // The Arabic home lists only the health topic; Arabic has no work article.
    let ar = site.html("ar/index.html");
    assert_eq!(attrs(&ar, ".topic h3 a", "href"), ["/ar/health/"]);
}
