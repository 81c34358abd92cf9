//! The referral directory: `services.yaml` at the site root becomes a
//! "Help in <place>" box on the articles it serves and a directory page per
//! language; every broken rule fails the build with the file and line.

mod support;

use support::{attrs, texts, TestSite};

const SERVICES: &str = r#"services:
  - id: beratung
    name: "Beratungsstelle Musterstadt"
    kind: counselling
    topics: [health]
    phone: "030 23125 101"
    opening_hours: "Mo-Th 09:00-12:00; Sa off; PH off"
    languages: [de]
    description:
      de: "Allgemeine Beratung, kostenlos."
  - id: klinik
    name: "Praxis am Markt"
    kind: health
    articles: [health/insurance]
    address: "Marktplatz 1, 12345 Musterstadt"
    coordinates: [52.52, 13.405]
    email: "praxis@musterstadt.example"
    languages: [de, ar]
    wheelchair: limited
    description:
      de: "Hausarztpraxis mit Dolmetscherinnen."
      ar: "عيادة طبيب عام مع مترجمات."
  - id: jobcenter
    name: "Jobcenter Musterstadt"
    kind: work
    topics: [work]
    web: "https://jobcenter.musterstadt.example/"
    opening_hours: "24/7"
    languages: [de, en]
    description:
      de: "Arbeitslosengeld II und Arbeitssuche."
"#;

fn site() -> TestSite {
    let site = TestSite::standard();
    let toml = support::SITE_TOML
        .replace(
            "default_language = \"de\"\n",
            "default_language = \"de\"\nplace = \"Musterstadt\"\n",
        )
        .replace(
            "title = \"دليل\"\n",
            "title = \"دليل\"\nplace = \"موسترشتات\"\n",
        );
    site.write("site.toml", &toml);
    site.write("services.yaml", SERVICES);
    site
}

#[test]
fn articles_show_their_services_speakers_of_the_reader_first() {
    let site = site();
    site.build_ok();
    let de = site.html("de/health/insurance/index.html");
    assert_eq!(
        texts(&de, ".services h2"),
        ["Hilfe in Musterstadt"],
        "the box is titled with the place"
    );
    // Both speak German: file order.
    assert_eq!(
        texts(&de, ".services .service h3"),
        ["Beratungsstelle Musterstadt", "Praxis am Markt"]
    );
    assert_eq!(attrs(&de, ".services .service.speaks", "class").len(), 2);
    assert_eq!(
        attrs(&de, ".services a[href^=\"tel:\"]", "href"),
        ["tel:+493023125101"]
    );
    assert_eq!(
        texts(&de, ".services a[href^=\"tel:\"] bdi[dir=ltr]"),
        ["030 23125101"]
    );
    assert_eq!(
        attrs(&de, ".services a[href^=\"mailto:\"]", "href"),
        ["mailto:praxis@musterstadt.example"]
    );
    assert_eq!(
        attrs(
            &de,
            ".services a[href^=\"https://www.openstreetmap.org/\"]",
            "href"
        ),
        ["https://www.openstreetmap.org/?mlat=52.52&mlon=13.405#map=18/52.52/13.405"]
    );
    let hours = texts(&de, ".services .hours").join("|");
    assert!(hours.contains("Mo–Do 09:00–12:00"), "{hours}");
    assert!(hours.contains("Sa geschlossen"), "{hours}");
    assert!(hours.contains("Feiertage geschlossen"), "{hours}");
    assert_eq!(
        attrs(&de, ".services a[href$=\"/de/services/\"]", "href").len(),
        1
    );

    // In Arabic the clinic speaks the reader's language: first, and marked.
    let ar = site.html("ar/health/insurance/index.html");
    assert_eq!(texts(&ar, ".services h2"), ["المساعدة في موسترشتات"]);
    assert_eq!(
        texts(&ar, ".services .service h3"),
        ["Praxis am Markt", "Beratungsstelle Musterstadt"]
    );
    let speaks = texts(&ar, ".services .service.speaks h3");
    assert_eq!(speaks, ["Praxis am Markt"]);
    assert_eq!(texts(&ar, ".services .service strong"), ["يتحدثون لغتك"]);
    assert!(texts(&ar, ".services .service")
        .join("")
        .contains("عيادة طبيب عام"));
    // The counselling office has no Arabic text: the German one, marked as such.
    assert_eq!(
        attrs(&ar, ".services .service p[lang=de]", "dir"),
        ["ltr"],
        "the German description keeps its language and direction"
    );
    assert_eq!(
        texts(&ar, ".services .note"),
        ["هذا الوصف متوفر فقط باللغة Deutsch."]
    );
    // Numbers, addresses and times stay left to right inside the Arabic text.
    assert_eq!(
        texts(&ar, ".services a[href^=\"tel:\"] bdi[dir=ltr]"),
        ["030 23125101"]
    );
    assert_eq!(
        texts(&ar, ".services a[href^=\"mailto:\"] bdi[dir=ltr]"),
        ["praxis@musterstadt.example"]
    );
    let times = texts(&ar, ".services .hours bdi[dir=ltr]");
    assert_eq!(times, ["09:00–12:00"]);
    let hours = texts(&ar, ".services .hours").join("|");
    assert!(hours.contains("الاثنين–الخميس"), "{hours}");

    // Another topic's article shows its own services only; one without any shows no box.
    let wage = site.html("de/work/wage/index.html");
    assert_eq!(
        texts(&wage, ".services .service h3"),
        ["Jobcenter Musterstadt"]
    );
    let en = site.html("en/work/wage/index.html");
    assert_eq!(texts(&en, ".services h2"), ["Help in Musterstadt"]);
    assert!(texts(&en, ".services .hours")
        .join("")
        .contains("open 24 hours"));
}

#[test]
fn each_language_has_a_directory_page_grouped_by_topic() {
    let site = site();
    site.build_ok();
    let de = site.html("de/services/index.html");
    assert_eq!(texts(&de, "h1"), ["Hilfsangebote in Musterstadt"]);
    assert_eq!(texts(&de, "article.directory h2"), ["Gesundheit", "Arbeit"]);
    assert_eq!(
        texts(&de, "article.directory section:first-of-type .service h3"),
        ["Beratungsstelle Musterstadt", "Praxis am Markt"]
    );
    // Topic names in the reader's language where the topic has a page in it.
    let ar = site.html("ar/services/index.html");
    assert_eq!(texts(&ar, "article.directory h2")[0], "الصحة");
    assert_eq!(
        texts(&ar, "article.directory section:first-of-type .service h3"),
        ["Praxis am Markt", "Beratungsstelle Musterstadt"]
    );
    let en = site.html("en/services/index.html");
    assert_eq!(texts(&en, "h1"), ["Services in Musterstadt"]);
    // schema.org data of every service, on the directory page only.
    let ld = texts(&de, "script[type=\"application/ld+json\"]");
    let data: serde_json::Value = serde_json::from_str(&ld[0]).expect("JSON-LD");
    let graph = data["@graph"].as_array().expect("graph");
    assert_eq!(graph.len(), 3);
    assert_eq!(graph[0]["@type"], "LocalBusiness");
    assert_eq!(graph[0]["telephone"], "+493023125101");
    assert_eq!(graph[0]["openingHours"][0], "Mo-Th 09:00-12:00");
    assert_eq!(graph[1]["@type"], "MedicalClinic");
    let article = site.html("de/health/insurance/index.html");
    assert!(texts(&article, "script[type=\"application/ld+json\"]").is_empty());
    let sitemap = site.read("sitemap.xml");
    for code in ["de", "ar", "en"] {
        assert!(
            sitemap.contains(&format!("<loc>https://example.org/{code}/services/</loc>")),
            "{code}"
        );
    }
}

#[test]
fn a_site_without_services_yaml_has_no_box_and_no_directory_page() {
    let site = TestSite::standard();
    site.build_ok();
    let de = site.html("de/health/insurance/index.html");
    assert!(texts(&de, ".services").is_empty());
    assert!(!site.path("public/de/services").exists());
    assert!(!site.read("sitemap.xml").contains("/services/"));
}

/// Builds with `from` replaced by `to` in `services.yaml`: the build fails,
/// names the file and line with the message, and leaves `public/` as it was.
fn fails_at(site: &TestSite, from: &str, to: &str, line: usize, says: &str) {
    assert!(SERVICES.contains(from), "{from}");
    site.write("services.yaml", &SERVICES.replacen(from, to, 1));
    let before = site.snapshot("public");
    let out = site.run(&["build"]);
    assert_ne!(out.code, Some(0), "{to}: built");
    let head = format!("services.yaml:{line}: error: ");
    let found = out
        .stderr
        .lines()
        .any(|l| l.starts_with(&head) && l.contains(says));
    assert!(found, "{to}: wanted {head}…{says} in\n{}", out.stderr);
    assert_eq!(site.snapshot("public"), before, "{to}: public/ changed");
}

#[test]
fn every_rule_fails_the_build_with_file_and_line() {
    let site = site();
    site.build_ok();
    for (from, to, line, says) in [
        (
            "    wheelchair: limited",
            "    wheelchiar: limited",
            19,
            "unknown key \"wheelchiar\" (did you mean \"wheelchair\"?)",
        ),
        (
            "  - id: jobcenter",
            "  - id: klinik",
            23,
            "service id \"klinik\" is used twice (first on line 11)",
        ),
        (
            "kind: health",
            "kind: clinic",
            13,
            "unknown kind \"clinic\"",
        ),
        (
            "topics: [work]",
            "topics: [jobs]",
            26,
            "topic \"jobs\" does not exist",
        ),
        (
            "articles: [health/insurance]",
            "articles: [health/insurence]",
            14,
            "article \"health/insurence\" does not exist (did you mean \"health/insurance\"?)",
        ),
        (
            "\"Mo-Th 09:00-12:00; Sa off; PH off\"",
            "\"Mo-Th 9-12\"",
            7,
            "opening_hours \"9-12\" is not a time range",
        ),
        (
            "\"030 23125 101\"",
            "\"030 2\"",
            6,
            "phone \"030 2\" is not a valid phone number",
        ),
        (
            "\"praxis@musterstadt.example\"",
            "\"praxis at musterstadt\"",
            17,
            "is not an e-mail address",
        ),
        (
            "\"https://jobcenter.musterstadt.example/\"",
            "\"javascript:alert(1)\"",
            27,
            "must start with https://",
        ),
        (
            "[52.52, 13.405]",
            "[13.405]",
            16,
            "coordinates must be [latitude, longitude]",
        ),
        (
            "languages: [de, en]",
            "languages: [de, english!]",
            29,
            "invalid language code \"english!\"",
        ),
        (
            "      de: \"Arbeitslosengeld",
            "      en: \"Arbeitslosengeld",
            30,
            "needs a text in the site's default language (de)",
        ),
        (
            "wheelchair: limited",
            "wheelchair: sometimes",
            19,
            "wheelchair must be yes, limited or no",
        ),
    ] {
        fails_at(&site, from, to, line, says);
    }
}

#[test]
fn a_topic_folder_named_services_is_refused_beside_a_directory() {
    let site = site();
    site.write(
        "content/de/services/_index.md",
        &support::index("Dienste", 30),
    );
    let out = site.run(&["build"]);
    assert_ne!(out.code, Some(0));
    assert!(
        out.stderr
            .contains("content/de/services: error: a topic folder cannot be named \"services\""),
        "{}",
        out.stderr
    );
}

/// `serve` keeps a rendered site up to date: an edit of `services.yaml`
/// renders everything again, and an article edit keeps its box.
#[test]
fn edits_of_services_yaml_reach_the_served_pages() {
    use lotse::pipeline::{BuildOptions, Update};
    use lotse::serve::Live;
    let site = site();
    let mut state = Live::render(&BuildOptions::new(site.dir.path())).expect("full build");
    let page = |state: &Live| {
        let file = state
            .site
            .file("de/work/wage/index.html")
            .expect("the article is rendered");
        String::from_utf8(file.bytes.clone()).expect("UTF-8")
    };
    assert!(page(&state).contains("Jobcenter Musterstadt"));
    site.write(
        "services.yaml",
        &SERVICES.replace("Jobcenter Musterstadt", "Agentur für Arbeit Musterstadt"),
    );
    let path = site.path("services.yaml").canonicalize().expect("path");
    assert_eq!(state.update(&[path]).expect("update"), Update::Full);
    assert!(page(&state).contains("Agentur für Arbeit Musterstadt"));
    let article = site.path("content/de/work/wage.md");
    let text = std::fs::read_to_string(&article).expect("article");
    site.write(
        "content/de/work/wage.md",
        &text.replace("13,90 Euro", "14,60 Euro"),
    );
    let update = state
        .update(&[article.canonicalize().expect("path")])
        .expect("update");
    assert!(matches!(update, Update::Incremental { .. }), "{update:?}");
    let html = page(&state);
    assert!(html.contains("14,60 Euro") && html.contains("Agentur für Arbeit Musterstadt"));
}
