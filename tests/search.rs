//! The search index a build writes: one per language, with folded tokens
//! that point to the page and section they come from.

mod support;

use lotse::search::{index::decode, tokens};
use support::TestSite;

/// (url, section ids) of every page in an index.
fn pages(json: &str) -> Vec<(String, Vec<String>)> {
    let value: serde_json::Value = serde_json::from_str(json).unwrap();
    value["docs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|row| {
            let row: Vec<String> = row
                .as_array()
                .unwrap()
                .iter()
                .map(|v| v.as_str().unwrap_or_default().to_string())
                .collect();
            let ids = row[2..].chunks(2).map(|c| c[0].clone()).collect();
            (row[1].clone(), ids)
        })
        .collect()
}

#[test]
fn each_language_gets_an_index_of_its_own_articles() {
    let site = TestSite::standard();
    site.build_ok();
    let ar = site.read("ar/search.json");
    let urls: Vec<String> = pages(&ar).into_iter().map(|(u, _)| u).collect();
    assert_eq!(urls, ["/ar/health/insurance/"]);
    let de: Vec<String> = pages(&site.read("de/search.json"))
        .into_iter()
        .map(|(u, _)| u)
        .collect();
    assert_eq!(de.len(), 2, "{de:?}");
    assert!(site.path("public/en/search.json").is_file());
}

#[test]
fn folded_tokens_point_to_their_section() {
    let site = TestSite::standard();
    site.build_ok();
    let ar = site.read("ar/search.json");
    let docs = pages(&ar);
    let (doc, section) = docs
        .iter()
        .enumerate()
        .find_map(|(d, (_, ids))| ids.iter().position(|id| id == "costs").map(|s| (d, s)))
        .expect("the costs section is indexed");
    let terms = decode(&ar).expect("index decodes");
    // "التكاليف" typed without the article and with a variant letter form.
    let wanted = tokens("تكاليف");
    assert_eq!(wanted.len(), 1);
    let term = terms
        .iter()
        .find(|(token, _, _)| {
            wanted[0].starts_with(token.as_str()) || token.starts_with(&wanted[0])
        })
        .unwrap_or_else(|| panic!("no term for {wanted:?}"));
    assert!(
        term.2.iter().any(|(d, s, _)| *d == doc && *s == section),
        "{term:?} does not point to section {section} of page {doc}"
    );
    // Phone numbers are found as typed.
    assert!(
        terms.iter().any(|(token, _, _)| token == "116"),
        "digits are indexed"
    );
}
