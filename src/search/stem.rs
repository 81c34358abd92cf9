//! Stemming of folded tokens, per language, the same for the index and for
//! the query.
//!
//! `themes/default/static/stem-<lang>.js` does the same in the browser; the
//! cases in `tests/data/stems/<lang>.tsv` (words of the sample site and their
//! stems) run through both.
//!
//! - German, English, French, Romanian, Russian, Turkish: the Snowball
//!   stemmers of the `rust-stemmers` crate (pinned), run on the folded token.
//! - Arabic: a light stemmer after Larkey's light10: the prefix `و`, the
//!   article and its combinations, then each suffix of a fixed list once.
//! - Persian: plural and ezafe suffixes (`ها های هایی ان ات ی ای`).
//! - Pashto: a joined `د` and the plural and case endings (`ونه ګانې انو ...`).
//! - Ukrainian, Bulgarian, Polish: the longest of a list of inflection
//!   endings (Bulgarian also the article first).
//!
//! Every rule leaves a stem of at least two letters (three for the light
//! stemmers of Persian, Ukrainian, Bulgarian and Polish).

use rust_stemmers::{Algorithm, Stemmer};

/// The stem of a folded token in the language `lang` (a code such as `de`),
/// or `None` when the language has no stemmer or the stem is the token.
pub fn stem(lang: &str, token: &str) -> Option<String> {
    let stemmed: String = match lang {
        "ar" => arabic(token).to_string(),
        "fa" => persian(token).to_string(),
        "ps" => pashto(token).to_string(),
        "uk" => strip_longest(token, UKRAINIAN, 3).to_string(),
        "bg" => bulgarian(token).to_string(),
        "pl" => strip_longest(token, POLISH, 3).to_string(),
        _ => {
            let algorithm = snowball(lang)?;
            Stemmer::create(algorithm).stem(token).into_owned()
        }
    };
    (stemmed != token && stemmed.chars().nth(1).is_some()).then_some(stemmed)
}

/// The Snowball stemmers of Turkish, Romanian and German read letters that
/// folding removes (`ı ğ ş`, `ă ș ț`, `ä ö ü`): for them, the folded stems of
/// the lowercase runs of letters and digits of `word` before folding, one
/// per token of its folded form. `None` for other languages (French and
/// Russian are left out: the browser's newer Snowball treats `ë` and `ё`
/// otherwise), or when a stem does not fold to exactly one token.
pub fn diacritic_stems(lang: &str, word: &str) -> Option<Vec<String>> {
    if !DIACRITIC_STEMS.contains(&lang) {
        return None;
    }
    let stemmer = Stemmer::create(snowball(lang)?);
    let lower = word.to_lowercase();
    lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|run| !run.is_empty())
        .map(|run| {
            let mut folded = super::tokens(&stemmer.stem(run));
            match (folded.pop(), folded.is_empty()) {
                (Some(stem), true) => Some(stem),
                _ => None,
            }
        })
        .collect()
}

/// The languages of [`diacritic_stems`].
pub const DIACRITIC_STEMS: [&str; 3] = ["de", "ro", "tr"];

/// Whether `lang` has a stemmer.
pub fn has_stemmer(lang: &str) -> bool {
    matches!(lang, "ar" | "fa" | "ps" | "uk" | "bg" | "pl") || snowball(lang).is_some()
}

fn snowball(lang: &str) -> Option<Algorithm> {
    Some(match lang {
        "de" => Algorithm::German,
        "en" => Algorithm::English,
        "fr" => Algorithm::French,
        "ro" => Algorithm::Romanian,
        "ru" => Algorithm::Russian,
        "tr" => Algorithm::Turkish,
        _ => return None,
    })
}

fn len(s: &str) -> usize {
    s.chars().count()
}

/// `word` without `suffix` when at least `min` letters remain.
fn without_suffix<'a>(word: &'a str, suffix: &str, min: usize) -> Option<&'a str> {
    word.strip_suffix(suffix).filter(|rest| len(rest) >= min)
}

/// `word` without the first (longest) ending of `endings` that leaves `min`
/// letters; `endings` are sorted longest first.
fn strip_longest<'a>(word: &'a str, endings: &[&str], min: usize) -> &'a str {
    endings
        .iter()
        .find_map(|e| without_suffix(word, e, min))
        .unwrap_or(word)
}

/// Arabic prefixes of light10, folded (`ك` is folded to `ک`), longest first.
const ARABIC_PREFIXES: [&str; 6] = ["وال", "بال", "کال", "فال", "لل", "ال"];
/// Arabic suffixes of light10 in their order, folded (`ة` is folded to `ه`).
const ARABIC_SUFFIXES: [&str; 8] = ["ها", "ان", "ات", "ون", "ين", "يه", "ه", "ي"];

/// Light stemming of an Arabic token after light10.
fn arabic(token: &str) -> &str {
    let mut word = token;
    if let Some(rest) = word.strip_prefix('و').filter(|r| len(r) >= 3) {
        word = rest;
    }
    if let Some(rest) = ARABIC_PREFIXES
        .iter()
        .find_map(|p| word.strip_prefix(p).filter(|r| len(r) >= 2))
    {
        word = rest;
    }
    for suffix in ARABIC_SUFFIXES {
        if let Some(rest) = without_suffix(word, suffix, 2) {
            word = rest;
        }
    }
    word
}

/// Persian plural, ezafe and adjective suffixes, longest first (folded:
/// `ی` is `ي`, a zero-width non-joiner is gone).
const PERSIAN_SUFFIXES: [&str; 9] = ["هايي", "هاي", "ها", "يان", "ان", "ات", "يي", "اي", "ي"];

fn persian(token: &str) -> &str {
    strip_longest(token, &PERSIAN_SUFFIXES, 3)
}

/// Pashto plural and case endings, longest first (folded: `ې ۍ ی` are `ي`,
/// `ګ` is `گ`).
const PASHTO_SUFFIXES: [&str; 12] = [
    "گانو", "گاني", "گان", "ونو", "ونه", "انو", "اني", "ان", "و", "ي", "ه", "ا",
];

/// A joined `د` is removed when three letters remain; then one ending.
fn pashto(token: &str) -> &str {
    let word = token
        .strip_prefix('د')
        .filter(|r| len(r) >= 3)
        .unwrap_or(token);
    strip_longest(word, &PASHTO_SUFFIXES, 2)
}

/// Ukrainian noun, adjective and verb endings, longest first.
const UKRAINIAN: &[&str] = &[
    "ового",
    "ьому",
    "ього",
    "ами",
    "ями",
    "ові",
    "еві",
    "ого",
    "ому",
    "ими",
    "іми",
    "ися",
    "ася",
    "ись",
    "ння",
    "нню",
    "ах",
    "ях",
    "ом",
    "ем",
    "ою",
    "ею",
    "ів",
    "їв",
    "ей",
    "их",
    "іх",
    "ий",
    "ій",
    "ої",
    "ую",
    "юю",
    "ая",
    "ти",
    "ть",
    "ся",
    "сь",
    "ні",
    "а",
    "я",
    "о",
    "е",
    "у",
    "ю",
    "и",
    "і",
    "ї",
    "ь",
    "й",
];

/// Bulgarian definite articles, longest first.
const BULGARIAN_ARTICLES: &[&str] = &[
    "ите", "ият", "ата", "ото", "ето", "ята", "ът", "ят", "та", "то", "те", "я",
];
/// Bulgarian noun and adjective endings, longest first.
const BULGARIAN: &[&str] = &[
    "ища", "ове", "еве", "ия", "ни", "на", "но", "ен", "а", "я", "о", "е", "и",
];

fn bulgarian(token: &str) -> &str {
    let word = strip_longest(token, BULGARIAN_ARTICLES, 3);
    strip_longest(word, BULGARIAN, 3)
}

/// Polish endings (folded: no diacritics), longest first.
const POLISH: &[&str] = &[
    "owie", "ami", "ach", "ych", "ich", "ymi", "imi", "owi", "ego", "emu", "iej", "ow", "om", "em",
    "ie", "ia", "iu", "ej", "ym", "im", "a", "e", "i", "o", "u", "y",
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::tokens;

    fn st(lang: &str, word: &str) -> String {
        let token = tokens(word).pop().unwrap();
        stem(lang, &token).unwrap_or(token)
    }

    #[test]
    fn arabic_prefixes_and_suffixes() {
        assert_eq!(st("ar", "والمحكمة"), "محکم");
        assert_eq!(st("ar", "بالعمل"), "عمل");
        assert_eq!(st("ar", "للأطفال"), "اطفال");
        assert_eq!(st("ar", "مجانية"), st("ar", "مجاني"));
        assert_eq!(st("ar", "المؤجرين"), st("ar", "المؤجر"));
        // A bare ب ل ك ف stays: too many words begin with them.
        assert_eq!(st("ar", "بلد"), "بلد");
        // Short words keep two letters.
        assert_eq!(st("ar", "ان"), "ان");
    }

    #[test]
    fn persian_plurals_and_zwnj() {
        assert_eq!(st("fa", "بیمه‌های"), "بيمه");
        assert_eq!(st("fa", "بیمههای"), "بيمه");
        assert_eq!(st("fa", "پزشکان"), "پزشک");
        assert_eq!(st("fa", "درمانی"), "درمان");
    }

    #[test]
    fn pashto_joined_de_and_plurals() {
        assert_eq!(st("ps", "دماشومانو"), "ماشوم");
        assert_eq!(st("ps", "ماشومان"), "ماشوم");
        assert_eq!(st("ps", "قراردادونه"), "قرارداد");
        assert_eq!(st("ps", "بیمې"), st("ps", "بیمه"));
        // د with fewer than three letters after it stays.
        assert_eq!(st("ps", "دده"), "دد");
    }

    #[test]
    fn snowball_and_light_stemmers() {
        assert_eq!(st("de", "Versicherungen"), st("de", "Versicherung"));
        assert_eq!(st("ru", "страховки"), st("ru", "страховка"));
        assert_eq!(st("uk", "страхування"), st("uk", "страхуванню"));
        assert_eq!(st("bg", "детските"), st("bg", "детска"));
        assert_eq!(st("pl", "ubezpieczeniu"), st("pl", "ubezpieczenie"));
        assert_eq!(stem("xx", "word"), None);
        assert!(has_stemmer("tr") && !has_stemmer("xx"));
    }

    #[test]
    fn snowball_reads_the_diacritics_before_folding() {
        // Folded, "paraları" keeps its suffix; with its dotless ı it loses it.
        assert_eq!(st("tr", "paraları"), "paralari");
        assert_eq!(
            diacritic_stems("tr", "Paraları"),
            Some(vec!["para".to_string()])
        );
        assert_eq!(
            diacritic_stems("tr", "parasını"),
            Some(vec!["para".to_string()])
        );
        assert_eq!(diacritic_stems("ar", "مجانية"), None);
    }
}
