//! Letter folding for search, the same for the index and for the query.
//!
//! `themes/default/static/search.js` ports these rules exactly; the cases in
//! `tests/search-js/cases.json` run through both implementations.
//!
//! Rules, applied one character at a time:
//!
//! - removed: Arabic harakat (U+064B–U+065F, U+0670), tatweel (U+0640),
//!   zero-width (non-)joiners (U+200C, U+200D), direction marks and isolates,
//!   soft hyphens and combining accents (U+0300–U+036F);
//! - `İ` and `ı` become `i`, everything else is lowercased (Unicode);
//! - Latin letters lose their diacritics (`ș ş → s`, `ł → l`, `ä → a`, `ß → ss`);
//! - Arabic script: `أ إ آ ٱ → ا`; `ى ی ې ۍ ئ → ي`; `ك ڪ → ک`; `ګ → گ`;
//!   `ة ۀ ھ → ه`; `ؤ → و`; Persian and Arabic-Indic digits become ASCII digits;
//! - Cyrillic: `ё → е`, `ѐ → е`, `ѝ → и` (`й`, `ґ`, `ї`, `є` stay);
//! - an apostrophe between two Cyrillic letters is removed (`здоров'я`).
//!
//! A token is a run of letters and digits of the folded text. A token of
//! Arabic script loses the article `ال` (also `وال بال کال فال لل`) when at
//! least three letters remain, so that `تأمين` finds `التأمين`.
//!
//! The index adds spellings a reader may type instead ([`index_tokens`]):
//! `ä ö ü` as `ae oe ue` (`München` is indexed as `munchen` and `muenchen`),
//! and the parts of Persian compounds written with a zero-width non-joiner
//! (`می‌خوانید` as `میخوانید`, `می` and `خوانید`).

/// Zero-width non-joiner, which joins Persian compounds without a space.
const ZWNJ: char = '\u{200C}';

/// Folds `text` for search: case, diacritics and letter variants (see the
/// module docs). Separators and punctuation are kept.
pub fn normalize(text: &str) -> String {
    fold(text, false)
}

/// The search tokens of `text`: the runs of letters and digits of
/// [`normalize`]d text, with the Arabic article removed.
pub fn tokens(text: &str) -> Vec<String> {
    split(&fold(text, false))
}

/// The tokens an index holds for `text`: [`tokens`], then the `ae oe ue`
/// spellings of words with `ä ö ü`, then the parts of words joined with a
/// zero-width non-joiner; each token once, in this order.
pub fn index_tokens(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    each_index_token(text, |t| {
        if seen.insert(t.to_string()) {
            out.push(t.to_string());
        }
    });
    out
}

/// Calls `f` with every token of [`index_tokens`], repeated ones included.
pub(crate) fn each_index_token(text: &str, mut f: impl FnMut(&str)) {
    let mut folded = String::with_capacity(text.len());
    fold_into(text, false, &mut folded);
    each_token(&folded, &mut f);
    // The `ae oe ue` spellings differ only where the text has an umlaut.
    if text.contains(['ä', 'ö', 'ü', 'Ä', 'Ö', 'Ü']) {
        folded.clear();
        fold_into(text, true, &mut folded);
        each_token(&folded, &mut f);
    }
    if text.contains(ZWNJ) {
        folded.clear();
        fold_into(&text.replace(ZWNJ, " "), false, &mut folded);
        each_token(&folded, &mut f);
    }
}

/// Folds `text`; with `umlaut_ae`, `ä ö ü` become `ae oe ue` instead of `a o u`.
fn fold(text: &str, umlaut_ae: bool) -> String {
    let mut out = String::with_capacity(text.len());
    fold_into(text, umlaut_ae, &mut out);
    out
}

/// [`fold`], appending to `out`.
fn fold_into(text: &str, umlaut_ae: bool, out: &mut String) {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        // A run of ASCII other than the apostrophe is only lowercased.
        let start = i;
        while i < bytes.len() && bytes[i].is_ascii() && bytes[i] != b'\'' {
            i += 1;
        }
        if i > start {
            let from = out.len();
            out.push_str(&text[start..i]);
            if let Some(pushed) = out.get_mut(from..) {
                pushed.make_ascii_lowercase();
            }
        }
        let Some(c) = text[i..].chars().next() else {
            break;
        };
        let before = text[..i].chars().next_back();
        i += c.len_utf8();
        if is_apostrophe(c)
            && before.is_some_and(is_cyrillic)
            && text[i..].chars().next().is_some_and(is_cyrillic)
        {
            continue;
        }
        match c {
            '\u{0130}' | '\u{0131}' => out.push('i'),
            _ => match table().lower.get(c as usize) {
                Some(&l) if l != '\0' => fold_char(l, umlaut_ae, out),
                _ => {
                    for l in c.to_lowercase() {
                        fold_char(l, umlaut_ae, out);
                    }
                }
            },
        }
    }
}

/// Lowercase forms and letter-or-digit flags of U+0000 to U+07FF (Latin,
/// Greek, Cyrillic, Arabic script), taken once from the standard library,
/// whose lookups are slow outside ASCII; other characters are looked up there.
struct Table {
    /// The lowercase form, or `'\0'` where it is not one character.
    lower: Vec<char>,
    /// Whether the character is a letter or a digit.
    alnum: Vec<bool>,
}

fn table() -> &'static Table {
    static TABLE: std::sync::OnceLock<Table> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        let chars = (0..0x800u32).map(|u| char::from_u32(u).unwrap_or('\0'));
        Table {
            lower: chars
                .clone()
                .map(|c| {
                    let mut lower = c.to_lowercase();
                    match (lower.next(), lower.next()) {
                        (Some(l), None) => l,
                        _ => '\0',
                    }
                })
                .collect(),
            alnum: chars.map(char::is_alphanumeric).collect(),
        }
    })
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '\u{2019}' | '\u{02BC}')
}

fn is_cyrillic(c: char) -> bool {
    ('\u{0400}'..='\u{04FF}').contains(&c)
}

/// Appends the folded form of one lowercase character.
fn fold_char(c: char, umlaut_ae: bool, out: &mut String) {
    let s: &str = match c {
        // Removed: harakat, superscript alef, tatweel, zero-width and
        // direction controls, soft hyphen, combining accents.
        '\u{064B}'..='\u{065F}'
        | '\u{0670}'
        | '\u{0640}'
        | '\u{200B}'..='\u{200F}'
        | '\u{061C}'
        | '\u{202A}'..='\u{202E}'
        | '\u{2066}'..='\u{2069}'
        | '\u{00AD}'
        | '\u{FEFF}'
        | '\u{0300}'..='\u{036F}' => "",
        // Arabic script.
        'أ' | 'إ' | 'آ' | 'ٱ' => "ا",
        'ى' | 'ی' | 'ې' | 'ۍ' | 'ئ' => "ي",
        'ك' | 'ڪ' => "ک",
        'ګ' => "گ",
        'ة' | 'ۀ' | 'ھ' => "ه",
        'ؤ' => "و",
        '\u{0660}'..='\u{0669}' => {
            out.push(char::from(b'0' + (c as u32 - 0x0660) as u8));
            return;
        }
        '\u{06F0}'..='\u{06F9}' => {
            out.push(char::from(b'0' + (c as u32 - 0x06F0) as u8));
            return;
        }
        // Cyrillic.
        'ё' | 'ѐ' => "е",
        'ѝ' => "и",
        // Latin.
        'ä' if umlaut_ae => "ae",
        'ö' if umlaut_ae => "oe",
        'ü' if umlaut_ae => "ue",
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => "a",
        'æ' => "ae",
        'ç' | 'ć' | 'ĉ' | 'ċ' | 'č' => "c",
        'ď' | 'đ' | 'ð' => "d",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ĕ' | 'ė' | 'ę' | 'ě' => "e",
        'ĝ' | 'ğ' | 'ġ' | 'ģ' => "g",
        'ĥ' | 'ħ' => "h",
        'ì' | 'í' | 'î' | 'ï' | 'ĩ' | 'ī' | 'ĭ' | 'į' => "i",
        'ĳ' => "ij",
        'ĵ' => "j",
        'ķ' | 'ĸ' => "k",
        'ĺ' | 'ļ' | 'ľ' | 'ŀ' | 'ł' => "l",
        'ñ' | 'ń' | 'ņ' | 'ň' | 'ŉ' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ŏ' | 'ő' => "o",
        'œ' => "oe",
        'ŕ' | 'ŗ' | 'ř' => "r",
        'ś' | 'ŝ' | 'ş' | 'š' | 'ș' => "s",
        'ß' => "ss",
        'ţ' | 'ť' | 'ŧ' | 'ț' => "t",
        'ù' | 'ú' | 'û' | 'ü' | 'ũ' | 'ū' | 'ŭ' | 'ů' | 'ű' | 'ų' => "u",
        'ŵ' => "w",
        'ý' | 'ÿ' | 'ŷ' => "y",
        'ź' | 'ż' | 'ž' => "z",
        'þ' => "th",
        _ => {
            out.push(c);
            return;
        }
    };
    out.push_str(s);
}

/// The Arabic article and the prefixes that carry it, longest first.
const ARTICLES: [&str; 6] = ["وال", "بال", "کال", "فال", "لل", "ال"];

/// Removes the Arabic article from a folded token when at least three
/// letters remain.
fn strip_article(token: &str) -> &str {
    // Each prefix starts with an Arabic letter, encoded from the lead byte 0xD8.
    if token.as_bytes().first().is_none_or(|&b| b < 0xD8) {
        return token;
    }
    for a in ARTICLES {
        if let Some(rest) = token.strip_prefix(a) {
            if rest.chars().count() >= 3 {
                return rest;
            }
        }
    }
    token
}

/// Splits folded text into tokens.
fn split(folded: &str) -> Vec<String> {
    let mut out = Vec::new();
    each_token(folded, |t| out.push(t.to_string()));
    out
}

/// Calls `f` with each token of folded text.
fn each_token(folded: &str, mut f: impl FnMut(&str)) {
    let table = table();
    let separator = |c: char| match table.alnum.get(c as usize) {
        Some(&alnum) => !alnum,
        None => !c.is_alphanumeric(),
    };
    for token in folded.split(separator).filter(|t| !t.is_empty()) {
        f(strip_article(token));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(s: &str) -> String {
        normalize(s)
    }

    #[test]
    fn arabic_harakat_and_tatweel_are_removed() {
        // مُؤَمَّن "insured" with harakat, as in the sample article.
        assert_eq!(n("مؤمَّنًا"), n("مؤمنا"));
        assert_eq!(n("مُسْتَشْفَى"), "مستشفي");
        // Tatweel stretches a word in titles: صـحـي = صحي.
        assert_eq!(n("صـــحـي"), "صحي");
        // Superscript alef (U+0670) in هٰذا.
        assert_eq!(n("هٰذا"), "هذا");
    }

    #[test]
    fn arabic_alef_forms_are_unified() {
        assert_eq!(n("ألمانيا"), "المانيا");
        assert_eq!(n("إقامة"), "اقامه");
        assert_eq!(n("آخر"), "اخر");
        assert_eq!(n("ٱلله"), n("الله"));
        assert_eq!(tokens("التأمين"), tokens("التامين"));
    }

    #[test]
    fn yeh_kaf_and_teh_marbuta_are_unified() {
        // Arabic keyboard (ي ك ى) against Persian text (ی ک).
        assert_eq!(n("پزشكي"), n("پزشکی"));
        assert_eq!(n("كار"), n("کار"));
        assert_eq!(n("مستشفى"), n("مستشفي"));
        // Hamza on yeh and on waw.
        assert_eq!(n("مسئول"), "مسيول");
        assert_eq!(n("مسؤول"), "مسوول");
        // Teh marbuta and heh: مجانية / مجانيه.
        assert_eq!(n("مجانية"), n("مجانيه"));
        // Persian heh with hamza (ۀ) in خانۀ = خانه.
        assert_eq!(n("خانۀ"), "خانه");
    }

    #[test]
    fn pashto_letters_fold_with_their_persian_and_arabic_twins() {
        // ګټه "benefit": Pashto gaf ګ and Persian gaf گ.
        assert_eq!(n("ګټه"), n("گټه"));
        // Pashto ې (e) and ۍ (ey) fold to yeh: مرستې, ځوانۍ.
        assert_eq!(n("مرستې"), "مرستي");
        assert_eq!(n("ځوانۍ"), "ځواني");
        // Pashto letters without a twin stay: ټ ډ ړ ږ ښ ځ څ ڼ.
        assert_eq!(n("څوک ښځه ډاکټر"), "څوک ښځه ډاکټر");
        // ګ is not ک: "g" and "k" remain different letters.
        assert_ne!(n("ګټه"), n("کټه"));
    }

    #[test]
    fn persian_found_with_arabic_keyboard() {
        // بیمه درمانی "health insurance" typed as بيمه درماني.
        assert_eq!(tokens("بيمه درماني"), tokens("بیمه درمانی"));
        assert_eq!(tokens("كمك"), tokens("کمک"));
        assert_eq!(tokens("پزشك كشيك"), tokens("پزشک کشیک"));
    }

    #[test]
    fn digits_become_ascii() {
        assert_eq!(n("۱۱۶ ۱۱۷"), "116 117");
        assert_eq!(n("١١٢"), "112");
        assert_eq!(tokens("تماس با ۱۱۲"), vec!["تماس", "با", "112"]);
    }

    #[test]
    fn zwnj_compounds_match_with_and_without_it() {
        assert_eq!(n("می\u{200C}خوانید"), "ميخوانيد");
        assert_eq!(tokens("می\u{200C}خوانید"), tokens("میخوانید"));
        let index = index_tokens("شماره\u{200C}های مهم");
        for t in ["شمارههاي", "مهم", "شماره", "هاي"] {
            assert!(index.contains(&t.to_string()), "{t} in {index:?}");
        }
        // Without a ZWNJ nothing is split.
        assert_eq!(index_tokens("بیمه"), vec!["بيمه"]);
    }

    #[test]
    fn arabic_article_is_removed_from_tokens() {
        // The fast path of strip_article relies on this.
        assert!(ARTICLES.iter().all(|a| a.as_bytes()[0] >= 0xD8));
        assert_eq!(tokens("التأمين الصحي"), vec!["تامين", "صحي"]);
        assert_eq!(tokens("بالرقم"), vec!["رقم"]);
        assert_eq!(tokens("للتأمين"), vec!["تامين"]);
        assert_eq!(tokens("والمستشفى"), vec!["مستشفي"]);
        // Too short to be article + word: الآن "now", الله.
        assert_eq!(tokens("الآن"), vec!["الان"]);
        assert_eq!(tokens("الله"), vec!["الله"]);
    }

    #[test]
    fn cyrillic() {
        // Russian: ё = е.
        assert_eq!(n("Всё ещё"), "все еще");
        assert_eq!(n("Ёлка"), n("елка"));
        // Ukrainian: й, ї, є, ґ stay; the apostrophe inside a word goes.
        assert_eq!(n("Ґанок її Європа й"), "ґанок її європа й");
        assert_eq!(tokens("здоров'я"), vec!["здоровя"]);
        assert_eq!(tokens("сім’я"), tokens("сімʼя"));
        assert_ne!(n("й"), n("и"));
        // Bulgarian: ѝ (her) folds to и, the letters stay Cyrillic.
        assert_eq!(n("Здравно осигуряване ѝ"), "здравно осигуряване и");
        assert_eq!(tokens("ЗДРАВНО"), vec!["здравно"]);
    }

    #[test]
    fn polish_and_romanian_diacritics() {
        assert_eq!(
            n("Ubezpieczenie zdrowotne, płaca, łódź"),
            "ubezpieczenie zdrowotne, placa, lodz"
        );
        assert_eq!(n("ąćęłńóśźż ĄĆĘŁŃÓŚŹŻ"), "acelnoszz acelnoszz");
        // Romanian with comma below (ș ț) and with cedilla (ş ţ).
        assert_eq!(n("asigurare de sănătate"), "asigurare de sanatate");
        assert_eq!(n("Ședința"), n("Şedinţa"));
        assert_eq!(n("țară ţară"), "tara tara");
        assert_eq!(n("î â"), "i a");
    }

    #[test]
    fn turkish_dotted_and_dotless_i() {
        assert_eq!(n("İstanbul"), "istanbul");
        assert_eq!(n("Iğdır"), "igdir");
        assert_eq!(n("sağlık sigortası"), "saglik sigortasi");
        assert_eq!(n("ÇALIŞMA İZNİ"), "calisma izni");
        assert_eq!(tokens("Asgari ücret"), vec!["asgari", "ucret"]);
    }

    #[test]
    fn german_umlauts_and_sharp_s() {
        assert_eq!(
            n("Krankenversicherung für Ärztinnen"),
            "krankenversicherung fur arztinnen"
        );
        assert_eq!(n("Straße STRAẞE"), "strasse strasse");
        assert_eq!(
            n("ärztlicher Bereitschaftsdienst"),
            "arztlicher bereitschaftsdienst"
        );
        let index = index_tokens("München Größe");
        assert_eq!(index, vec!["munchen", "grosse", "muenchen", "groesse"]);
        // Decomposed umlauts (u + U+0308) fold too.
        assert_eq!(n("Mu\u{0308}nchen"), "munchen");
    }

    #[test]
    fn french() {
        assert_eq!(
            n("Assurance maladie : où et quand ?"),
            "assurance maladie : ou et quand ?"
        );
        assert_eq!(
            n("Sécurité sociale, hôpital, garçon, Noël, cœur"),
            "securite sociale, hopital, garcon, noel, coeur"
        );
        assert_eq!(
            tokens("l'assurance d’urgence"),
            vec!["l", "assurance", "d", "urgence"]
        );
    }

    #[test]
    fn tokens_split_on_punctuation_and_marks() {
        assert_eq!(
            tokens("112، 110 یا 116 117؟"),
            vec!["112", "110", "يا", "116", "117"]
        );
        assert_eq!(tokens("(Krankenkasse)."), vec!["krankenkasse"]);
        assert_eq!(tokens("  "), Vec::<String>::new());
        // Direction marks and isolates inside a word do not split it.
        assert_eq!(tokens("ab\u{200F}c"), vec!["abc"]);
    }

    #[derive(serde::Deserialize)]
    struct Case {
        input: String,
        normalize: String,
        tokens: Vec<String>,
        index: Vec<String>,
    }

    /// The cases the JavaScript port must agree on (tests/search-js/).
    #[test]
    fn shared_cases() {
        let cases: Vec<Case> =
            serde_json::from_str(include_str!("../../tests/search-js/cases.json")).unwrap();
        assert!(cases.len() > 40);
        for c in cases {
            assert_eq!(normalize(&c.input), c.normalize, "normalize({:?})", c.input);
            assert_eq!(tokens(&c.input), c.tokens, "tokens({:?})", c.input);
            assert_eq!(
                index_tokens(&c.input),
                c.index,
                "index_tokens({:?})",
                c.input
            );
        }
    }
}

/// `tests/search-js/cases.json` holds this implementation's output for every
/// input of `tests/search-js/inputs.txt` (one a line, `\uXXXX` escapes
/// allowed), for the JavaScript port to match. After changing the rules or
/// the inputs, rewrite it with `LOTSE_BLESS=1 cargo test --lib shared_cases_file`
/// and review the diff.
#[cfg(test)]
#[test]
fn shared_cases_file_is_current() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/search-js");
    let inputs = std::fs::read_to_string(dir.join("inputs.txt")).unwrap();
    let mut out = String::from("[\n");
    for (i, line) in inputs.lines().filter(|l| !l.is_empty()).enumerate() {
        let mut input = String::new();
        let mut rest = line;
        while let Some(p) = rest.find("\\u") {
            input.push_str(&rest[..p]);
            let code = u32::from_str_radix(&rest[p + 2..p + 6], 16).unwrap();
            input.push(char::from_u32(code).unwrap());
            rest = &rest[p + 6..];
        }
        input.push_str(rest);
        if i > 0 {
            out.push_str(",\n");
        }
        out.push_str(
            &serde_json::json!({
                "input": input,
                "normalize": normalize(&input),
                "tokens": tokens(&input),
                "index": index_tokens(&input),
            })
            .to_string(),
        );
    }
    out.push_str("\n]\n");
    let path = dir.join("cases.json");
    if std::env::var_os("LOTSE_BLESS").is_some() {
        std::fs::write(&path, out).unwrap();
    } else {
        let current = std::fs::read_to_string(&path).unwrap();
        assert!(
            current == out,
            "tests/search-js/cases.json is out of date: run LOTSE_BLESS=1 cargo test --lib shared_cases_file"
        );
    }
}
