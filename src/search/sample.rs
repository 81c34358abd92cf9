//! Budgets measured on the repository's sample content: the index of every
//! language, `search.js`, `sw.js` and each `stem-<lang>.js`, gzip-compressed.
//! `cargo test --lib search::sample -- --nocapture` prints the table
//! that `docs/search.md` quotes.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::{build_index, build_language_index, sections_from_html, SearchDoc};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub(super) fn gzip(bytes: &[u8]) -> usize {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    enc.write_all(bytes).unwrap();
    enc.finish().unwrap().len()
}

/// Title and Markdown body of a content file.
fn split_front_matter(source: &str) -> (String, String) {
    let source = source.trim_start_matches('\u{FEFF}').replace("\r\n", "\n");
    let rest = source.strip_prefix("---\n").unwrap_or(&source);
    let (front, body) = rest.split_once("\n---\n").unwrap_or(("", rest));
    let yaml: serde_yaml::Value = serde_yaml::from_str(front).unwrap_or_default();
    let title = yaml["title"].as_str().unwrap_or_default().to_string();
    (title, body.to_string())
}

/// The search documents of one language of a site's `content/` folder:
/// every page, rendered with pulldown-cmark (heading ids as written).
pub(super) fn language_docs(content: &Path, lang: &str) -> (Vec<SearchDoc>, usize) {
    let dir = content.join(lang);
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(&dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(|e| e.ok())
        .map(|e| e.into_path())
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .collect();
    files.sort();
    let mut words = 0;
    let docs = files
        .iter()
        .map(|file| {
            let rel = file
                .strip_prefix(&dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            let path = rel.trim_end_matches(".md").trim_end_matches("_index");
            let url = format!("/{lang}/{}", path.trim_end_matches('/'));
            let url = if url.ends_with('/') {
                url
            } else {
                format!("{url}/")
            };
            let (title, body) = split_front_matter(&std::fs::read_to_string(file).unwrap());
            words += body.split_whitespace().count();
            let mut html = String::new();
            pulldown_cmark::html::push_html(
                &mut html,
                pulldown_cmark::Parser::new_ext(&body, crate::markdown::options()),
            );
            SearchDoc {
                title,
                url,
                sections: sections_from_html(&html),
            }
        })
        .collect();
    (docs, words)
}

#[test]
fn sample_site_budgets() {
    let content = root().join("content");
    let mut langs: Vec<String> = std::fs::read_dir(&content)
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    langs.sort();
    assert!(langs.len() >= 12, "{langs:?}");
    println!("| language | pages | words | sections | terms | index bytes | gzip |");
    println!("|---|---|---|---|---|---|---|");
    for lang in &langs {
        let (docs, words) = language_docs(&content, lang);
        let index = build_language_index(lang, &docs);
        let terms = super::index::decode(&index).unwrap().len();
        let sections: usize = docs.iter().map(|d| d.sections.len()).sum();
        let gz = gzip(index.as_bytes());
        let v: serde_json::Value = serde_json::from_str(&index).unwrap();
        let parts: Vec<usize> = ["docs", "terms", "post"]
            .iter()
            .map(|k| gzip(v[k].to_string().as_bytes()))
            .collect();
        let postings: usize = super::index::decode(&index)
            .unwrap()
            .iter()
            .map(|(_, _, h)| h.len())
            .sum();
        println!("{lang}: docs/terms/post gzip {parts:?}, postings {postings}");
        println!(
            "| {lang} | {} | {words} | {sections} | {terms} | {} | {gz} |",
            docs.len(),
            index.len()
        );
        // 60 KB per 100 articles; the sample has a handful per language.
        assert!(
            gz < 60 * 1024 * docs.len().max(10) / 100,
            "{lang}: {gz} bytes gzip"
        );
        let back: Vec<SearchDoc> = docs
            .iter()
            .filter(|d| !d.sections.is_empty())
            .cloned()
            .collect();
        assert_eq!(back.len(), docs.len(), "{lang}: every page has text");
    }
    let stemmers = STEMMED.map(|lang| format!("stem-{lang}.js"));
    let files = [("search.js", 6 * 1024), ("sw.js", 3 * 1024)]
        .into_iter()
        .chain(stemmers.iter().map(|f| (f.as_str(), 4 * 1024)));
    for (file, budget) in files {
        let path = root().join("themes/default/static").join(file);
        let bytes = std::fs::read(&path).unwrap();
        let gz = gzip(&bytes);
        println!("{file}: {} bytes, {gz} gzip (budget {budget})", bytes.len());
        assert!(gz <= budget, "{file}: {gz} bytes gzip, budget {budget}");
    }
}

fn doc(title: &str, url: &str, sections: &[(&str, &str, &str)]) -> SearchDoc {
    SearchDoc {
        title: title.into(),
        url: url.into(),
        sections: sections
            .iter()
            .map(|(id, heading, text)| super::SearchSection {
                id: (*id).into(),
                heading: (*heading).into(),
                text: (*text).into(),
            })
            .collect(),
    }
}

/// Pages in several scripts, for the JavaScript tests of `search.js`
/// (`tests/search-js/fixture.json`).
fn fixture_docs() -> Vec<SearchDoc> {
    vec![
        doc(
            "Krankenversicherung in Deutschland",
            "/de/health/insurance/",
            &[
                (
                    "",
                    "",
                    "Wer in Deutschland wohnt, braucht eine Krankenversicherung.",
                ),
                (
                    "costs",
                    "Kosten",
                    "Die Beiträge richten sich nach dem Einkommen. Eine Ärztin in München berät.",
                ),
                (
                    "emergency",
                    "Im Notfall",
                    "Den ärztlichen Bereitschaftsdienst erreichen Sie unter 116 117.",
                ),
            ],
        ),
        doc(
            "التأمين الصحي في ألمانيا",
            "/ar/health/insurance/",
            &[
                ("", "", "كل شخص يسكن في ألمانيا يجب أن يكون لديه تأمين صحي."),
                (
                    "types",
                    "تأمين عام أو خاص",
                    "في هذه الحالة تكون مؤمَّنًا لدى شركة تأمين صحي، مثلًا لدى AOK.",
                ),
                (
                    "emergency",
                    "في حالة الطوارئ",
                    "إذا كانت الحياة في خطر، اتصل فورًا بالرقم ١١٢. المكالمة مجانية.",
                ),
            ],
        ),
        doc(
            "بیمه درمانی در آلمان",
            "/fa/health/insurance/",
            &[
                (
                    "",
                    "",
                    "هر کسی که در آلمان زندگی می‌کند، باید بیمه درمانی داشته باشد.",
                ),
                (
                    "numbers",
                    "مهم‌ترین شماره‌ها",
                    "خدمات پزشک کشیک: ۱۱۶ ۱۱۷. اینجا می‌خوانید چه وقت تماس بگیرید.",
                ),
            ],
        ),
        doc(
            "کار",
            "/ps/work/",
            &[
                (
                    "",
                    "",
                    "څوک چې په جرمني کې کار کوي، حقونه لري. د بېلګې په توګه د لږ تر لږه مزد حق.",
                ),
                (
                    "help",
                    "مرسته",
                    "که ستاسو کارفرما پیسې نه درکوي، له کومه ځایه مرسته ترلاسه کولای شئ.",
                ),
            ],
        ),
        doc(
            "Здравно осигуряване в Германия",
            "/bg/health/insurance/",
            &[
                (
                    "",
                    "",
                    "Всеки, който живее в Германия, трябва да има здравна осигуровка.",
                ),
                (
                    "emergency",
                    "При спешност",
                    "Обадете се на 112. Обаждането е безплатно.",
                ),
            ],
        ),
        doc(
            "Asigurarea de sănătate în Germania",
            "/ro/health/insurance/",
            &[
                (
                    "",
                    "",
                    "Oricine locuiește în Germania trebuie să aibă asigurare de sănătate.",
                ),
                (
                    "costs",
                    "Costuri",
                    "Contribuția depinde de venit. Ședința de consiliere este gratuită.",
                ),
            ],
        ),
        doc(
            "Медицинское страхование",
            "/ru/health/insurance/",
            &[
                ("", "", "Всё, что нужно знать о страховании."),
                ("doctor", "Врач", "Дежурный врач: 116 117."),
            ],
        ),
        doc(
            "Stadtplan",
            "/de/city/",
            &[("", "", "Beratung in Muenchen und Koeln.")],
        ),
    ]
}

fn fixture_json() -> String {
    let index = build_index(&fixture_docs());
    let decoded = super::index::decode(&index).unwrap();
    let mut out = serde_json::to_string(&serde_json::json!({
        "index": index,
        "decoded": decoded,
    }))
    .unwrap();
    out.push('\n');
    out
}

/// `tests/search-js/fixture.json` is this code's index of [`fixture_docs`];
/// `LOTSE_BLESS=1 cargo test --lib js_fixture` rewrites it.
#[test]
fn js_fixture_is_current() {
    let path = root().join("tests/search-js/fixture.json");
    if std::env::var_os("LOTSE_BLESS").is_some() {
        std::fs::write(&path, fixture_json()).unwrap();
        return;
    }
    let current = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        current == fixture_json(),
        "{} is out of date: LOTSE_BLESS=1 cargo test --lib js_fixture",
        path.display()
    );
}

/// The languages of the sample site that have a stemmer.
const STEMMED: [&str; 12] = [
    "ar", "bg", "de", "en", "fa", "fr", "pl", "ps", "ro", "ru", "tr", "uk",
];

/// At least 200 words of a language's sample pages and their stems, one
/// `word<TAB>stem` line each: the distinct folded tokens of three letters
/// or more, in the order the sorted files first use them; for the languages
/// of `diacritic_stems` then up to 100 lowercase words as written.
fn stem_cases(lang: &str) -> String {
    let mut out = folded_stem_cases(lang);
    if !super::stem::DIACRITIC_STEMS.contains(&lang) {
        return out;
    }
    let (docs, _) = language_docs(&root().join("content"), lang);
    let mut seen = std::collections::HashSet::new();
    let words = docs
        .iter()
        .flat_map(|d| d.sections.iter().map(|s| s.text.to_lowercase()))
        .collect::<Vec<_>>();
    let mut count = 0;
    for text in &words {
        for word in text.split(|c: char| !c.is_alphanumeric()) {
            let folded = super::tokens(word);
            if count >= 100
                || word.chars().count() < 3
                || folded.len() != 1
                || folded[0] == word
                || !seen.insert(word.to_string())
            {
                continue;
            }
            let stem = super::stem::stem(lang, word).unwrap_or_else(|| word.to_string());
            out.push_str(&format!("{word}\t{stem}\n"));
            count += 1;
        }
    }
    out
}

fn folded_stem_cases(lang: &str) -> String {
    let (docs, _) = language_docs(&root().join("content"), lang);
    let mut seen = std::collections::HashSet::new();
    let mut out = String::new();
    let mut count = 0;
    for doc in &docs {
        let texts = std::iter::once(doc.title.as_str()).chain(
            doc.sections
                .iter()
                .flat_map(|s| [s.heading.as_str(), s.text.as_str()]),
        );
        for text in texts {
            for token in super::tokens(text) {
                if count >= 300
                    || token.chars().count() < 3
                    || token.chars().all(|c| c.is_ascii_digit())
                    || !seen.insert(token.clone())
                {
                    continue;
                }
                let stem = super::stem::stem(lang, &token).unwrap_or_else(|| token.clone());
                out.push_str(&format!("{token}\t{stem}\n"));
                count += 1;
            }
        }
    }
    out
}

/// `tests/data/stems/<lang>.tsv` hold words of the sample's text with
/// this code's stems, which `tests/search-js/stem.test.js` checks against
/// `stem-<lang>.js`; `LOTSE_BLESS=1 cargo test --lib stem_cases` writes
/// them anew from the current text. The words stay when the text changes.
#[test]
fn stem_cases_are_current() {
    let dir = root().join("tests/data/stems");
    for lang in STEMMED {
        let path = dir.join(format!("{lang}.tsv"));
        if std::env::var_os("LOTSE_BLESS").is_some() {
            std::fs::create_dir_all(&dir).unwrap();
            std::fs::write(&path, stem_cases(lang)).unwrap();
            continue;
        }
        let current = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(current.lines().count() >= 200, "{lang}: too few words");
        for line in current.lines() {
            let (word, stem) = line.split_once('\t').unwrap_or((line, ""));
            let now = super::stem::stem(lang, word).unwrap_or_else(|| word.to_string());
            assert_eq!(
                now,
                stem,
                "{}: {word} stems differently now: LOTSE_BLESS=1 cargo test --lib stem_cases",
                path.display()
            );
        }
    }
}
