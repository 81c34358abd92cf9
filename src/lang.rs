//! Languages of a site: a validated BCP 47 code with its reading direction.

use std::fmt;

use serde::Serialize;
use unic_langid::LanguageIdentifier;

/// Reading direction of a language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    /// Left to right.
    Ltr,
    /// Right to left.
    Rtl,
}

impl Direction {
    /// The value of an HTML `dir` attribute.
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Ltr => "ltr",
            Direction::Rtl => "rtl",
        }
    }

    /// Parses `ltr` or `rtl`.
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "ltr" => Some(Direction::Ltr),
            "rtl" => Some(Direction::Rtl),
            _ => None,
        }
    }
}

impl fmt::Display for Direction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Languages written right to left unless a script subtag says otherwise.
const RTL_LANGUAGES: &[&str] = &[
    "ar", "arc", "ckb", "dv", "fa", "he", "ks", "ku-arab", "lrc", "mzn", "pnb", "ps", "sd", "syr",
    "ug", "ur", "yi",
];

/// Scripts written right to left.
const RTL_SCRIPTS: &[&str] = &["Adlm", "Arab", "Hebr", "Nkoo", "Rohg", "Syrc", "Thaa"];

/// Open Graph locales for languages given without a region, where the platforms'
/// lists differ from the likely region (`ar_AR`, not `ar_EG`) or a language has
/// several (`en_US`). Other languages get `language_REGION` from the likely subtags.
const OG_LOCALES: &[(&str, &str)] = &[
    ("de", "de_DE"),
    ("en", "en_US"),
    ("ar", "ar_AR"),
    ("fa", "fa_IR"),
    ("ps", "ps_AF"),
    ("bg", "bg_BG"),
    ("pl", "pl_PL"),
    ("ro", "ro_RO"),
    ("ru", "ru_RU"),
    ("tr", "tr_TR"),
    ("uk", "uk_UA"),
    ("fr", "fr_FR"),
    ("es", "es_ES"),
    ("pt", "pt_PT"),
    ("it", "it_IT"),
    ("nl", "nl_NL"),
    ("ku", "ku_TR"),
    ("ckb", "cb_IQ"),
    ("fil", "tl_PH"),
    ("tl", "tl_PH"),
    ("bn", "bn_IN"),
    ("sw", "sw_KE"),
    ("zh", "zh_CN"),
    ("sr", "sr_RS"),
    ("no", "nb_NO"),
    ("nb", "nb_NO"),
];

/// A validated language code with its canonical form and default direction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lang {
    id: LanguageIdentifier,
    code: String,
}

impl Lang {
    /// Parses and validates a BCP 47 language code.
    pub fn parse(code: &str) -> Result<Self, String> {
        let id: LanguageIdentifier = code
            .parse()
            .map_err(|e| format!("invalid language code \"{code}\": {e}"))?;
        let canonical = id.to_string();
        if canonical == "und" {
            return Err(format!(
                "invalid language code \"{code}\": use a BCP 47 code such as \"de\" or \"ar\""
            ));
        }
        Ok(Self {
            id,
            code: canonical,
        })
    }

    /// The canonical code, e.g. `de` or `pt-BR`.
    pub fn code(&self) -> &str {
        &self.code
    }

    /// The parsed identifier.
    pub fn id(&self) -> &LanguageIdentifier {
        &self.id
    }

    /// The direction the language is written in.
    pub fn direction(&self) -> Direction {
        if let Some(script) = self.id.script {
            return if RTL_SCRIPTS.contains(&script.as_str()) {
                Direction::Rtl
            } else {
                Direction::Ltr
            };
        }
        if RTL_LANGUAGES.contains(&self.id.language.as_str()) {
            Direction::Rtl
        } else {
            Direction::Ltr
        }
    }

    /// The Open Graph locale (`language_TERRITORY`) as Facebook knows it: `de_DE`, `ar_AR`, `ps_AF`.
    pub fn og_locale(&self) -> String {
        if self.id.region.is_none() && self.id.script.is_none() {
            let language = self.id.language.as_str();
            if let Some((_, locale)) = OG_LOCALES.iter().find(|(l, _)| *l == language) {
                return (*locale).to_string();
            }
        }
        let Ok(mut id) = icu_locale::LanguageIdentifier::try_from_str(&self.code) else {
            return self.code.replace('-', "_");
        };
        icu_locale::LocaleExpander::new_extended().maximize(&mut id);
        match id.region {
            Some(region) => format!("{}_{}", id.language, region),
            None => self.code.replace('-', "_"),
        }
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.code)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arabic_script_languages_are_rtl() {
        for code in ["ar", "fa", "ps", "ur", "he"] {
            assert_eq!(
                Lang::parse(code).unwrap().direction(),
                Direction::Rtl,
                "{code}"
            );
        }
    }

    #[test]
    fn latin_and_cyrillic_languages_are_ltr() {
        for code in ["de", "en", "bg", "pl", "ro", "ru", "tr", "uk", "fr"] {
            assert_eq!(
                Lang::parse(code).unwrap().direction(),
                Direction::Ltr,
                "{code}"
            );
        }
    }

    #[test]
    fn script_subtag_decides_direction() {
        assert_eq!(Lang::parse("az-Arab").unwrap().direction(), Direction::Rtl);
        assert_eq!(Lang::parse("ku-Latn").unwrap().direction(), Direction::Ltr);
    }

    #[test]
    fn invalid_codes_are_rejected() {
        assert!(Lang::parse("deutsch-xx-!").is_err());
        assert!(Lang::parse("").is_err());
    }

    #[test]
    fn open_graph_locales_have_a_territory() {
        let og = |c: &str| Lang::parse(c).unwrap().og_locale();
        assert_eq!(og("de"), "de_DE");
        assert_eq!(og("ar"), "ar_AR");
        assert_eq!(og("fa"), "fa_IR");
        assert_eq!(og("ps"), "ps_AF");
        assert_eq!(og("uk"), "uk_UA");
        assert_eq!(og("pt-BR"), "pt_BR");
    }

    #[test]
    fn open_graph_locales_are_in_facebooks_list() {
        let known: Vec<&str> = include_str!("../tests/data/facebook-locales.txt")
            .lines()
            .collect();
        for (code, _) in OG_LOCALES {
            let locale = Lang::parse(code).unwrap().og_locale();
            assert!(known.contains(&locale.as_str()), "{code}: {locale}");
        }
        // Without a table entry, the likely region fills in.
        assert_eq!(og_of("hr"), "hr_HR");
        assert_eq!(og_of("so"), "so_SO");
        assert_eq!(og_of("pt-BR"), "pt_BR");
    }

    fn og_of(code: &str) -> String {
        Lang::parse(code).unwrap().og_locale()
    }

    #[test]
    fn codes_are_canonical() {
        assert_eq!(Lang::parse("pt-br").unwrap().code(), "pt-BR");
    }
}
