use super::*;

const ARTICLE: &str = "---\ntitle: \"Notruf\"\ndescription: \"Die 112 & die 110.\"\nupdated: 2026-12-05\n---\n\nIm Notfall rufen Sie *sofort* die 112.\nDann warten Sie.\n\n## Die Nummern {#numbers}\n\n- 112: [Feuerwehr](fire.md#call \"Titel\")\n- 110: `Polizei`<br>\n\n```\ncode bleibt\n```\n\n> Ein Zitat\n> über zwei Zeilen.\n\n| A | B |\n|---|---|\n| x **y** | z |\n\n## Wer hilft\n\nText mit <https://example.org/> und Fußnote[^1].\n\n[^1]: Die Fußnote.\n";

fn ids(doc: &Document) -> Vec<&str> {
    doc.units.iter().map(|u| u.id.as_str()).collect()
}

#[test]
fn units_follow_sections_and_keep_markup_as_placeholders() {
    let doc = Document::parse(ARTICLE).unwrap();
    assert_eq!(
        ids(&doc),
        vec![
            "title",
            "description",
            "top/1",
            "#numbers",
            "#numbers/1",
            "#numbers/1/title1",
            "#numbers/2",
            "#numbers/3",
            "#numbers/4",
            "#numbers/5",
            "#numbers/6",
            "#numbers/7",
            "#wer-hilft",
            "#wer-hilft/1",
            "#wer-hilft/2",
        ]
    );
    let text = |id: &str| doc.unit(id).unwrap().text.clone();
    assert_eq!(text("description"), "Die 112 &amp; die 110.");
    assert_eq!(
        text("top/1"),
        "Im Notfall rufen Sie <g id=\"1\">sofort</g> die 112.\nDann warten Sie."
    );
    assert_eq!(text("#numbers"), "Die Nummern");
    assert_eq!(text("#numbers/1"), "112: <g id=\"1\">Feuerwehr</g>");
    assert_eq!(text("#numbers/2"), "110: <x id=\"1\"/><x id=\"2\"/>");
    assert_eq!(text("#numbers/3"), "Ein Zitat\nüber zwei Zeilen.");
    assert_eq!(doc.unit("#numbers/3").unwrap().kind, Kind::Quote);
    assert_eq!(text("#numbers/6"), "x <g id=\"1\">y</g>");
    assert_eq!(doc.unit("#numbers/6").unwrap().kind, Kind::TableCell);
    assert_eq!(
        text("#wer-hilft/1"),
        "Text mit <x id=\"1\"/> und Fußnote<x id=\"2\"/>."
    );
    assert_eq!(doc.unit("#numbers/1").unwrap().line, 12);
    assert_eq!(doc.unit("description").unwrap().limit, Some(160));
    assert_eq!(text("#numbers/1/title1"), "Titel");
    assert_eq!(doc.unit("#numbers/1/title1").unwrap().kind, Kind::LinkTitle);
}

#[test]
fn alt_texts_and_link_titles_are_units_of_their_own() {
    let text = "---\ntitle: A\n---\nSee ![Ein \\[Foto\\]](img/a.png \"Bild 'eins'\") and [here](b.md 'Ti\\'tel').\n\n![Nur ein Bild](c.png)\n";
    let doc = Document::parse(text).unwrap();
    let ids: Vec<&str> = doc.units.iter().map(|u| u.id.as_str()).collect();
    assert_eq!(
        ids,
        vec![
            "title",
            "top/1",
            "top/1/alt1",
            "top/1/title1",
            "top/1/title2",
            "top/2",
            "top/2/alt1"
        ]
    );
    let unit = |id: &str| doc.unit(id).unwrap();
    assert_eq!(
        unit("top/1").text,
        "See <x id=\"1\"/> and <g id=\"2\">here</g>."
    );
    assert_eq!(unit("top/1/alt1").text, "Ein [Foto]");
    assert_eq!(unit("top/1/title1").text, "Bild 'eins'");
    assert_eq!(unit("top/1/title2").text, "Ti'tel");
    assert!(!unit("top/2").has_text());
    let targets: HashMap<String, String> = [
        ("top/1/alt1", "A [photo]"),
        ("top/1/title1", "Picture \"one\""),
        ("top/2/alt1", "Just a picture"),
        ("top/1", "Look at <x id=\"1\"/> and <g id=\"2\">there</g>."),
    ]
    .into_iter()
    .map(|(a, b)| (a.to_string(), b.to_string()))
    .collect();
    let out = fill(&doc, &doc, &targets).unwrap();
    assert!(
        out.ends_with("Look at ![A \\[photo\\]](img/a.png \"Picture \\\"one\\\"\") and [there](b.md 'Ti\\'tel').\n\n![Just a picture](c.png)\n"),
        "{out}"
    );
    let again = Document::parse(&out).unwrap();
    assert_eq!(again.unit("top/1/alt1").unwrap().text, "A [photo]");
    assert_eq!(again.unit("top/1/title1").unwrap().text, "Picture \"one\"");
    // Only the alt text translated: the unit around it is written as it was.
    let only_alt: HashMap<String, String> = [("top/2/alt1".to_string(), "Bild".to_string())]
        .into_iter()
        .collect();
    assert!(fill(&doc, &doc, &only_alt)
        .unwrap()
        .ends_with("![Bild](c.png)\n"));
}

#[test]
fn filling_every_unit_with_its_own_text_changes_nothing() {
    let doc = Document::parse(ARTICLE).unwrap();
    let targets = doc
        .units
        .iter()
        .map(|u| (u.id.clone(), u.text.clone()))
        .collect();
    assert_eq!(fill(&doc, &doc, &targets).unwrap(), ARTICLE);
}

#[test]
fn translations_keep_link_targets_ids_and_code() {
    let doc = Document::parse(ARTICLE).unwrap();
    let targets: HashMap<String, String> = [
        ("title", "Emergency call"),
        ("#numbers", "The numbers"),
        ("#numbers/1", "112: <g id=\"1\">Fire brigade</g>"),
        ("#numbers/3", "A quote\nover two lines."),
        (
            "top/1",
            "In an emergency call <g id=\"1\">at once</g>\n112.",
        ),
    ]
    .into_iter()
    .map(|(a, b)| (a.to_string(), b.to_string()))
    .collect();
    let out = fill(&doc, &doc, &targets).unwrap();
    assert!(out.contains("title: \"Emergency call\"\n"), "{out}");
    assert!(out.contains("## The numbers {#numbers}\n"), "{out}");
    assert!(
        out.contains("- 112: [Fire brigade](fire.md#call \"Titel\")\n"),
        "{out}"
    );
    assert!(out.contains("> A quote\n> over two lines.\n"), "{out}");
    assert!(
        out.contains("\nIn an emergency call *at once*\n112.\n"),
        "{out}"
    );
    assert!(out.contains("```\ncode bleibt\n```"), "{out}");
    let again = Document::parse(&out).unwrap();
    assert_eq!(ids(&again), ids(&doc));
}

#[test]
fn broken_placeholders_are_refused() {
    let doc = Document::parse(ARTICLE).unwrap();
    let unit = doc.unit("#numbers/2").unwrap();
    assert!(unit
        .check("110: <x id=\"2\"/>")
        .unwrap_err()
        .contains("<x id=\"1\"/> of the source is missing"));
    assert!(unit
        .check("<x id=\"1\"/><x id=\"1\"/><x id=\"2\"/>")
        .unwrap_err()
        .contains("twice"));
    assert!(unit
        .check("<x id=\"1\"/><x id=\"3\"/><x id=\"2\"/>")
        .unwrap_err()
        .contains("not in the source"));
    assert!(unit
        .check("<g id=\"1\">a</g><x id=\"2\"/>")
        .unwrap_err()
        .contains("not in the source"));
    let link = doc.unit("#numbers/1").unwrap();
    assert!(link
        .check("<g id=\"1\">x")
        .unwrap_err()
        .contains("not closed"));
    assert!(link.check("<g id=\"1\">x</g>").is_ok());
}

#[test]
fn a_translations_markup_is_matched_to_the_originals_placeholders() {
    let original = Document::parse(ARTICLE).unwrap();
    let translated = ARTICLE.replace("110: `Polizei`<br>", "110: <br>`Polizei`");
    let translated = Document::parse(&translated).unwrap();
    let unit = translated.unit("#numbers/2").unwrap();
    assert_eq!(unit.text, "110: <x id=\"1\"/><x id=\"2\"/>");
    assert_eq!(
        unit.text_for(original.unit("#numbers/2").unwrap())
            .as_deref(),
        Some("110: <x id=\"2\"/><x id=\"1\"/>")
    );
    let changed = ARTICLE.replace(
        "[Feuerwehr](fire.md#call \"Titel\")",
        "[Feuerwehr](other.md)",
    );
    let changed = Document::parse(&changed).unwrap();
    assert_eq!(
        changed
            .unit("#numbers/1")
            .unwrap()
            .text_for(original.unit("#numbers/1").unwrap()),
        None
    );
}

#[test]
fn keys_are_set_replaced_and_removed() {
    let yaml = "title: A\naliases:\n  - /x/\nupdated: 2026-01-01\n";
    assert_eq!(set_key(yaml, "updated", Some("2026-01-01")), yaml);
    assert_eq!(
        set_key(yaml, "aliases", None),
        "title: A\nupdated: 2026-01-01\n"
    );
    assert_eq!(
        set_key(yaml, "title", Some("\"B\"")),
        "title: \"B\"\naliases:\n  - /x/\nupdated: 2026-01-01\n"
    );
    assert_eq!(
        set_key(yaml, "machine_translated", Some("true")),
        format!("{yaml}machine_translated: true\n")
    );
}

/// Every page of the sample knowledge base, cut into units and filled with
/// its own texts, comes back byte for byte.
#[test]
fn every_sample_page_survives_cutting_and_filling() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
    let mut pages = 0;
    for entry in walkdir::WalkDir::new(&root) {
        let path = entry.unwrap().into_path();
        if path.extension().is_none_or(|e| e != "md") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        let doc = Document::parse(&text).unwrap();
        let targets = doc
            .units
            .iter()
            .map(|u| (u.id.clone(), u.text.clone()))
            .collect();
        assert_eq!(
            fill(&doc, &doc, &targets).unwrap(),
            text,
            "{}",
            path.display()
        );
        pages += 1;
    }
    assert!(pages > 200, "{pages}");
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]

        /// Any body, cut into units and filled with its own texts, comes back byte for byte.
        #[test]
        fn cutting_and_filling_is_lossless(body in "([a-zäöü *_`\\[\\]()!#>|\\-:.\"'\\\\<>&{}0-9\n]|\n\n|## |- |> |\\| |    |1\\. |```\n|~~|\\[\\^1\\]|\\]\\(|<br>|https://x\\.y|!\\[|  \n|\\{#a\\}){0,80}") {
            let text = format!("---\ntitle: T\n---\n{body}");
            let doc = Document::parse(&text).unwrap();
            let targets = doc
                .units
                .iter()
                .map(|u| (u.id.clone(), u.text.clone()))
                .collect();
            prop_assert_eq!(fill(&doc, &doc, &targets).unwrap(), text);
        }

        /// Readers of exchange files never panic, whatever the bytes.
        #[test]
        fn readers_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..400), text in "(msgctxt |msgid |msgstr |\"|\\\\|#[.,:|] |<g id=\"1\">|</g>|<x id=\"2\"/>|&amp;|\n|[a-z ])*") {
            let _ = crate::translate::po::read(&bytes);
            let _ = crate::translate::xliff::read(&bytes);
            let _ = crate::translate::po::read(text.as_bytes());
            let _ = crate::translate::xliff::read(text.as_bytes());
            let _ = crate::translate::tags::parse(&text);
        }
    }
}
