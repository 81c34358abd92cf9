//! A mixed build, some documents prepared by another index, gives the bytes
//! of the plain build over the same documents as text.

use super::prepared::Reader;
use super::*;

/// A small seeded generator (xorshift), for varied but repeatable documents.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'w>(&mut self, words: &[&'w str]) -> &'w str {
        words[self.below(words.len())]
    }
}

/// Words of each language, with inflected forms, umlauts, the Persian
/// zero-width non-joiner, diacritics and one-letter words.
fn vocabulary(lang: &str) -> Vec<&'static str> {
    match lang {
        "de" => vec![
            "Krankenversicherung",
            "Krankenversicherungen",
            "Versicherung",
            "versichert",
            "Ärztin",
            "Ärzte",
            "Arzt",
            "München",
            "Kündigung",
            "kündigen",
            "gekündigt",
            "Wohnungen",
            "Wohnung",
            "wohnt",
            "Miete",
            "Mieten",
            "Mietvertrag",
            "Straße",
            "Strassen",
            "Größe",
            "über",
            "Übersetzung",
            "übersetzen",
            "Jobcenter",
            "Bürgeramt",
            "Anträge",
            "Antrag",
            "beantragen",
            "die",
            "der",
            "und",
            "in",
            "a",
            "116",
            "117",
            "Kinder",
            "Kindergeld",
            "Schule",
            "Schulen",
            "Lehrerinnen",
            "Häuser",
            "Haus",
        ],
        "ar" => vec![
            "التأمين",
            "تأمين",
            "الصحي",
            "صحي",
            "المحكمة",
            "محكمة",
            "المحاكم",
            "والمحكمة",
            "ألمانيا",
            "الطبيب",
            "طبيب",
            "الأطباء",
            "مؤمَّنًا",
            "شركة",
            "خاصة",
            "في",
            "و",
            "العمل",
            "عمل",
            "يعمل",
            "الإقامة",
            "إقامة",
            "المدرسة",
            "مدارس",
            "الأطفال",
        ],
        "fa" => vec![
            "بیمه",
            "بیمه\u{200c}ها",
            "درمانی",
            "پزشک",
            "پزشکان",
            "می\u{200c}خوانید",
            "خواندن",
            "کتاب\u{200c}ها",
            "کتاب",
            "آلمان",
            "کار",
            "کارها",
            "خانه",
            "خانه\u{200c}ها",
            "مدرسه",
            "در",
            "و",
            "اقامت",
            "دادگاه",
        ],
        "tr" => vec![
            "kızlar",
            "kizlar",
            "kız",
            "ağaçlar",
            "agaclar",
            "şehirler",
            "çocuklar",
            "ışık",
            "sığınma",
            "siginma",
            "başvuru",
            "ev",
            "evler",
            "ve",
            "bir",
        ],
        "ru" => vec![
            "страхование",
            "страхования",
            "страховка",
            "здоровье",
            "здоровья",
            "здоров'я",
            "врач",
            "врачи",
            "врачей",
            "Германии",
            "Германия",
            "работа",
            "работы",
            "работать",
            "квартира",
            "квартиры",
            "ёлка",
            "елка",
            "и",
            "в",
            "школа",
            "школы",
            "дети",
        ],
        _ => vec![
            "insurance",
            "insured",
            "doctor",
            "doctors",
            "Germany",
            "work",
            "working",
            "worked",
            "flat",
            "flats",
            "rent",
            "renting",
            "school",
            "schools",
            "children",
            "café",
            "the",
            "a",
            "and",
            "in",
        ],
    }
}

/// Some words, with separators and sometimes nothing at all.
fn text(rng: &mut Rng, words: &[&str], most: usize) -> String {
    let n = rng.below(most + 1);
    let mut out = String::new();
    for i in 0..n {
        if i > 0 {
            out.push_str([" ", ", ", ". ", " - ", " (", "/"][rng.below(6)]);
        }
        out.push_str(rng.pick(words));
    }
    out
}

fn document(rng: &mut Rng, words: &[&str], n: usize) -> SearchDoc {
    let sections = (0..rng.below(5))
        .map(|s| SearchSection {
            id: if s == 0 {
                String::new()
            } else {
                format!("s{s}")
            },
            heading: if s == 0 {
                String::new()
            } else {
                text(rng, words, 3)
            },
            text: text(rng, words, 30),
        })
        .collect();
    SearchDoc {
        title: text(rng, words, 4),
        url: format!("/x/{n}/"),
        sections,
    }
}

/// A local list of documents made from `shared`: some dropped, some given
/// as other text, new ones added with words the shared ones do not have;
/// the rest prepared.
fn local<'a>(
    rng: &mut Rng,
    shared: &'a [SearchDoc],
    prepared: &'a [PreparedDoc],
    added: &'a [SearchDoc],
) -> Vec<MixedDoc<'a>> {
    let mut out = Vec::new();
    let mut added = added.iter();
    for (doc, prepared) in shared.iter().zip(prepared) {
        match rng.below(10) {
            0 | 1 => {}
            2 => out.push(MixedDoc::Text(doc)),
            3 => out.extend(added.next().map(MixedDoc::Text)),
            _ => out.push(MixedDoc::Prepared(prepared)),
        }
    }
    out.extend(added.map(MixedDoc::Text));
    out
}

fn as_text<'a>(
    docs: &[MixedDoc<'a>],
    prepared: &[(&'a PreparedDoc, &'a SearchDoc)],
) -> Vec<SearchDoc> {
    docs.iter()
        .map(|d| match d {
            MixedDoc::Text(doc) => (*doc).clone(),
            MixedDoc::Prepared(p) => prepared
                .iter()
                .find(|(q, _)| std::ptr::eq(*q, *p))
                .map(|(_, doc)| (*doc).clone())
                .expect("a prepared document of the shared list"),
        })
        .collect()
}

fn stems_of(index: &str) -> Vec<String> {
    let v: serde_json::Value = serde_json::from_str(index).unwrap();
    v["stems"]
        .as_str()
        .map(|s| s.split(' ').map(str::to_string).collect())
        .unwrap_or_default()
}

#[test]
fn mixed_builds_equal_plain_builds_byte_for_byte() {
    let mut groups_lost = 0;
    let mut stop_terms = 0;
    for lang in ["de", "ar", "fa", "ru", "tr", "en", "xx"] {
        let words = vocabulary(lang);
        let fresh: Vec<&str> = vec![
            "Neuwort",
            "новое",
            "جديد",
            "تازه",
            "Überraschung",
            "kündigungsfrist",
        ];
        for seed in 1..=12u64 {
            let mut rng = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15));
            let n = 5 + rng.below(30);
            let shared: Vec<SearchDoc> = (0..n).map(|i| document(&mut rng, &words, i)).collect();
            let (json, prepared) = build_recorded_index(lang, &shared);
            assert_eq!(
                json,
                build_language_index(lang, &shared),
                "{lang} {seed}: recording"
            );
            let mut more = words.clone();
            more.extend(&fresh);
            let added: Vec<SearchDoc> = (0..1 + rng.below(4))
                .map(|i| document(&mut rng, &more, 1000 + i))
                .collect();
            let mixed = local(&mut rng, &shared, &prepared, &added);
            let pairs: Vec<(&PreparedDoc, &SearchDoc)> = prepared.iter().zip(&shared).collect();
            let texts = as_text(&mixed, &pairs);
            let plain = build_language_index(lang, &texts);
            assert_eq!(build_mixed_index(lang, &mixed), plain, "{lang} {seed}");
            // All prepared, and all as text.
            let all: Vec<MixedDoc<'_>> = prepared.iter().map(MixedDoc::Prepared).collect();
            assert_eq!(
                build_mixed_index(lang, &all),
                json,
                "{lang} {seed}: all prepared"
            );
            let all: Vec<MixedDoc<'_>> = shared.iter().map(MixedDoc::Text).collect();
            assert_eq!(
                build_mixed_index(lang, &all),
                json,
                "{lang} {seed}: all text"
            );
            if stems_of(&json)
                .iter()
                .any(|s| !stems_of(&plain).contains(s))
                && !texts.is_empty()
            {
                groups_lost += 1;
            }
            stop_terms += usize::from(plain.contains("\"!") || plain.contains(" !"));
        }
    }
    // The cases that make a difference came up.
    assert!(groups_lost > 5, "{groups_lost} builds lost a stem group");
    assert!(stop_terms > 5, "{stop_terms} builds with stop terms");
}

#[test]
fn a_group_found_only_in_a_dropped_document_is_left_out() {
    let doc = |title: &str, n: usize| SearchDoc {
        title: title.into(),
        url: format!("/tr/{n}/"),
        sections: vec![],
    };
    // Both spellings give the term `kizlar`; only `kızlar` is stemmed to
    // `kız`, which puts the term in the group of `kiz`.
    let shared = vec![doc("kizlar", 0), doc("kızlar", 1), doc("ev", 2)];
    let (json, prepared) = build_recorded_index("tr", &shared);
    assert_eq!(stems_of(&json), ["Akiz"], "{json}");
    let mixed = [
        MixedDoc::Prepared(&prepared[0]),
        MixedDoc::Prepared(&prepared[2]),
    ];
    let plain = build_language_index("tr", &[shared[0].clone(), shared[2].clone()]);
    assert_eq!(build_mixed_index("tr", &mixed), plain);
    assert!(stems_of(&plain).is_empty(), "{plain}");
}

#[test]
fn empty_and_prepared_documents_keep_their_labels() {
    let docs = vec![
        SearchDoc {
            title: String::new(),
            url: "/de/a/".into(),
            sections: vec![],
        },
        SearchDoc {
            title: "Größe".into(),
            url: "/de/b/".into(),
            sections: vec![
                SearchSection {
                    id: String::new(),
                    heading: String::new(),
                    text: String::new(),
                },
                SearchSection {
                    id: "kosten".into(),
                    heading: "Was es kostet".into(),
                    text: "Nichts.".into(),
                },
            ],
        },
    ];
    let (json, prepared) = build_recorded_index("de", &docs);
    assert_eq!(prepared[1].title(), "Größe");
    assert_eq!(prepared[1].url(), "/de/b/");
    let reversed = [
        MixedDoc::Prepared(&prepared[1]),
        MixedDoc::Prepared(&prepared[0]),
    ];
    let plain = build_language_index("de", &[docs[1].clone(), docs[0].clone()]);
    assert_eq!(build_mixed_index("de", &reversed), plain);
    assert_ne!(plain, json);
    assert_eq!(
        build_mixed_index("de", &[]),
        build_language_index("de", &[])
    );
}

#[test]
fn varints_read_back() {
    let mut bytes = Vec::new();
    let numbers = [0, 1, 127, 128, 300, 16_383, 16_384, u32::MAX];
    for n in numbers {
        push_varint(&mut bytes, n);
    }
    let mut reader = Reader::new(&bytes);
    for n in numbers {
        assert_eq!(reader.next(), n);
    }
    assert_eq!(reader.next(), 0, "past the end");
}

mod property {
    use super::*;
    use proptest::prelude::*;

    fn doc_strategy() -> impl Strategy<Value = SearchDoc> {
        let word = "(kızlar|kizlar|Ärzte|arzt|kündigen|Kündigung|страхования|страховка|التأمين|تأمين|بیمه\u{200c}ها|x|[a-zäöü]{1,9})";
        let text = proptest::collection::vec(word, 0..8).prop_map(|w| w.join(" "));
        (
            text.clone(),
            proptest::collection::vec((text.clone(), text), 0..4),
        )
            .prop_map(|(title, sections)| SearchDoc {
                title,
                url: "/u/".into(),
                sections: sections
                    .into_iter()
                    .enumerate()
                    .map(|(i, (heading, text))| SearchSection {
                        id: format!("h{i}"),
                        heading,
                        text,
                    })
                    .collect(),
            })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]
        #[test]
        fn any_choice_of_prepared_documents_gives_the_plain_index(
            shared in proptest::collection::vec(doc_strategy(), 0..14),
            added in proptest::collection::vec(doc_strategy(), 0..3),
            keep in proptest::collection::vec(0u8..4, 14),
            lang in "(de|ru|ar|fa|tr|en)",
        ) {
            let (_, prepared) = build_recorded_index(&lang, &shared);
            let mut mixed = Vec::new();
            let mut texts = Vec::new();
            for (i, (doc, p)) in shared.iter().zip(&prepared).enumerate() {
                match keep[i] {
                    0 => {}
                    1 => {
                        mixed.push(MixedDoc::Text(doc));
                        texts.push(doc.clone());
                    }
                    _ => {
                        mixed.push(MixedDoc::Prepared(p));
                        texts.push(doc.clone());
                    }
                }
                if i == 1 {
                    mixed.extend(added.iter().map(MixedDoc::Text));
                    texts.extend(added.iter().cloned());
                }
            }
            prop_assert_eq!(build_mixed_index(&lang, &mixed), build_language_index(&lang, &texts));
        }
    }
}

#[test]
fn packed_documents_read_back_give_the_same_index() {
    let words = vocabulary("fa");
    let mut rng = Rng(7);
    let shared: Vec<SearchDoc> = (0..20).map(|i| document(&mut rng, &words, i)).collect();
    let (json, prepared) = build_recorded_index("fa", &shared);
    let block = pack_prepared(&prepared);
    let back = unpack_prepared(&block).expect("a packed block");
    assert_eq!(back.len(), prepared.len());
    let docs: Vec<MixedDoc<'_>> = back.iter().map(MixedDoc::Prepared).collect();
    assert_eq!(build_mixed_index("fa", &docs), json);
    assert_eq!(back[3].title(), shared[3].title);
    assert!(unpack_prepared(&pack_prepared(&[])).unwrap().is_empty());
    assert!(unpack_prepared(&block[..block.len() / 2]).is_none());
}
