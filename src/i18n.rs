//! UI strings from `i18n/<lang>.yaml`, with CLDR plural forms and localized
//! dates (ICU4X), falling back to the default language per key.

use std::collections::BTreeMap;
use std::path::Path;

use icu_calendar::Gregorian;
use icu_datetime::fieldsets::YMD;
use icu_datetime::FixedCalendarDateTimeFormatter;
use icu_locale::Locale;
use icu_plurals::{PluralCategory, PluralRuleType, PluralRules};
use serde::Deserialize;

use crate::config::Config;
use crate::content::Date;
use crate::diagnostic::{did_you_mean, Diagnostic, Diagnostics};

/// One UI string: plain, or one form per CLDR plural category.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(untagged)]
pub enum Message {
    /// A plain string with `{placeholders}`.
    Text(String),
    /// Forms keyed by `zero`, `one`, `two`, `few`, `many`, `other`.
    Plural(BTreeMap<String, String>),
}

const CATEGORIES: &[&str] = &["zero", "one", "two", "few", "many", "other"];

fn category_name(c: PluralCategory) -> &'static str {
    match c {
        PluralCategory::Zero => "zero",
        PluralCategory::One => "one",
        PluralCategory::Two => "two",
        PluralCategory::Few => "few",
        PluralCategory::Many => "many",
        PluralCategory::Other => "other",
    }
}

/// The strings and formatters of one language.
struct Catalog {
    messages: BTreeMap<String, Message>,
    plurals: PluralRules,
    dates: FixedCalendarDateTimeFormatter<Gregorian, YMD>,
}

/// UI strings of every language of the site.
pub struct I18n {
    catalogs: Vec<Catalog>,
    default: usize,
}

impl std::fmt::Debug for I18n {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("I18n")
            .field("languages", &self.catalogs.len())
            .finish()
    }
}

impl I18n {
    /// Loads `i18n/<lang>.yaml` for every language; returns warnings too.
    pub fn load(config: &Config) -> Result<(Self, Diagnostics), Diagnostics> {
        let mut problems = Diagnostics::new();
        let mut catalogs = Vec::new();
        for language in &config.languages {
            let rel = Path::new("i18n").join(format!("{}.yaml", language.code()));
            let path = config.root.join(&rel);
            let messages = match std::fs::read_to_string(&path) {
                Ok(text) => parse_messages(&text).unwrap_or_else(|(line, msg)| {
                    problems.push(Diagnostic::error(&rel, line, msg));
                    BTreeMap::new()
                }),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                    let d = if language.code() == config.default_lang().code() {
                        Diagnostic::error(
                            &rel,
                            None,
                            "the default language needs its UI strings file",
                        )
                    } else {
                        Diagnostic::warning(
                            &rel,
                            None,
                            format!(
                                "no UI strings for {}: the {} strings are used",
                                language.code(),
                                config.default_lang().code()
                            ),
                        )
                    };
                    problems.push(d);
                    BTreeMap::new()
                }
                Err(e) => {
                    problems.push(Diagnostic::error(&rel, None, format!("cannot read: {e}")));
                    BTreeMap::new()
                }
            };
            let locale: Locale = language.code().parse().unwrap_or(Locale::UNKNOWN);
            let plurals =
                PluralRules::try_new(locale.clone().into(), PluralRuleType::Cardinal.into())
                    .or_else(|_| {
                        PluralRules::try_new(
                            Locale::UNKNOWN.into(),
                            PluralRuleType::Cardinal.into(),
                        )
                    })
                    .map_err(|e| {
                        one(Diagnostic::error(
                            &rel,
                            None,
                            format!("no plural rules: {e}"),
                        ))
                    })?;
            let dates = FixedCalendarDateTimeFormatter::try_new(locale.into(), YMD::long())
                .or_else(|_| {
                    FixedCalendarDateTimeFormatter::try_new(Locale::UNKNOWN.into(), YMD::long())
                })
                .map_err(|e| {
                    one(Diagnostic::error(
                        &rel,
                        None,
                        format!("no date formats: {e}"),
                    ))
                })?;
            check_plurals(&rel, &messages, &plurals, &mut problems);
            catalogs.push(Catalog {
                messages,
                plurals,
                dates,
            });
        }
        let i18n = I18n {
            catalogs,
            default: config.default_language,
        };
        i18n.check_keys(config, &mut problems);
        if problems.has_errors() {
            return Err(problems);
        }
        Ok((i18n, problems))
    }

    /// Warns about keys missing in a language or unknown to the default one.
    fn check_keys(&self, config: &Config, problems: &mut Diagnostics) {
        let default = &self.catalogs[self.default].messages;
        for (i, catalog) in self.catalogs.iter().enumerate() {
            if i == self.default || catalog.messages.is_empty() {
                continue;
            }
            let rel = Path::new("i18n").join(format!("{}.yaml", config.languages[i].code()));
            for key in default.keys() {
                if !catalog.messages.contains_key(key) {
                    problems.push(Diagnostic::warning(
                        &rel,
                        None,
                        format!(
                            "missing key \"{key}\": the {} text is used",
                            config.default_lang().code()
                        ),
                    ));
                }
            }
            let known: Vec<&str> = default.keys().map(String::as_str).collect();
            for key in catalog.messages.keys() {
                if !default.contains_key(key) {
                    let hint = did_you_mean(key, &known)
                        .map(|k| format!(" (did you mean \"{k}\"?)"))
                        .unwrap_or_default();
                    problems.push(Diagnostic::warning(
                        &rel,
                        None,
                        format!("key \"{key}\" is not in the default language's file{hint}"),
                    ));
                }
            }
        }
    }

    /// The message for `key` in `lang`, falling back to the default language.
    fn message(&self, lang: usize, key: &str) -> Option<&Message> {
        self.catalogs
            .get(lang)
            .and_then(|c| c.messages.get(key))
            .or_else(|| self.catalogs[self.default].messages.get(key))
    }

    /// True when any language has `key`.
    pub fn has(&self, key: &str) -> bool {
        self.message(self.default, key).is_some()
    }

    /// Translates `key` for `lang`, choosing the plural form for `count` and
    /// filling `{name}` placeholders from `args`.
    pub fn translate(
        &self,
        lang: usize,
        key: &str,
        count: Option<u64>,
        args: &[(&str, String)],
    ) -> Option<String> {
        let message = self.message(lang, key)?;
        let template = match message {
            Message::Text(t) => t.clone(),
            Message::Plural(forms) => {
                let n = count.unwrap_or(0);
                let category = self.catalogs[lang].plurals.category_for(n);
                forms
                    .get(category_name(category))
                    .or_else(|| forms.get("other"))
                    .cloned()
                    .unwrap_or_default()
            }
        };
        let mut text = template;
        if let Some(n) = count {
            text = text.replace("{count}", &n.to_string());
        }
        for (name, value) in args {
            text = text.replace(&format!("{{{name}}}"), value);
        }
        Some(text)
    }

    /// The forms of a plural message for `lang` as (category, text), for
    /// scripts that choose the form themselves; a plain message gives `other`.
    pub fn plural_forms(&self, lang: usize, key: &str) -> Vec<(String, String)> {
        match self.message(lang, key) {
            Some(Message::Plural(forms)) => {
                forms.iter().map(|(k, v)| (k.clone(), v.clone())).collect()
            }
            Some(Message::Text(text)) => vec![("other".into(), text.clone())],
            None => Vec::new(),
        }
    }

    /// A date written the way the language writes it ("25. November 2026").
    pub fn format_date(&self, lang: usize, date: Date) -> String {
        let Ok(d) = icu_calendar::Date::try_new_gregorian(date.year, date.month, date.day) else {
            return date.to_string();
        };
        self.catalogs[lang].dates.format(&d).to_string()
    }
}

fn one(d: Diagnostic) -> Diagnostics {
    let mut all = Diagnostics::new();
    all.push(d);
    all
}

/// Parses a YAML file of messages; errors carry the line.
fn parse_messages(text: &str) -> Result<BTreeMap<String, Message>, (Option<usize>, String)> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Ok(BTreeMap::new());
    }
    crate::yaml::check_shape(text).map_err(|e| (Some(e.line), e.message))?;
    serde_yaml::from_str(text).map_err(|e| {
        let raw = e.to_string();
        let msg = raw.split(" at line ").next().unwrap_or(&raw).to_string();
        let msg = if msg.contains("did not match any variant") {
            "each key needs a string, or a map of plural forms (one:, other:, ...)".to_string()
        } else {
            msg
        };
        (e.location().map(|l| l.line()), msg)
    })
}

/// Plural maps need `other` and only CLDR category names.
fn check_plurals(
    rel: &Path,
    messages: &BTreeMap<String, Message>,
    rules: &PluralRules,
    problems: &mut Diagnostics,
) {
    for (key, message) in messages {
        let Message::Plural(forms) = message else {
            continue;
        };
        for name in forms.keys() {
            if !CATEGORIES.contains(&name.as_str()) {
                problems.push(Diagnostic::error(
                    rel,
                    None,
                    format!("\"{key}\": \"{name}\" is not a plural category (use zero, one, two, few, many, other)"),
                ));
            }
        }
        if !forms.contains_key("other") {
            problems.push(Diagnostic::error(
                rel,
                None,
                format!("\"{key}\": the plural form \"other\" is required"),
            ));
        }
        for category in rules.categories() {
            let name = category_name(category);
            if !forms.contains_key(name) {
                problems.push(Diagnostic::warning(
                    rel,
                    None,
                    format!("\"{key}\": no \"{name}\" form for this language (\"other\" is used)"),
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(files: &[(&str, &str)]) -> (tempfile::TempDir, Config) {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("i18n")).unwrap();
        for (name, text) in files {
            std::fs::write(dir.path().join("i18n").join(name), text).unwrap();
        }
        let config = Config::parse(
            dir.path(),
            "base_url = \"https://x.org/\"\ndefault_language = \"de\"\n[languages.de]\nname = \"Deutsch\"\ntitle = \"T\"\n[languages.ar]\nname = \"العربية\"\ntitle = \"T\"\n[languages.pl]\nname = \"Polski\"\ntitle = \"T\"\n",
        )
        .unwrap();
        (dir, config)
    }

    const DE: &str = "home: \"Start\"\nupdated: \"Aktualisiert am {date}\"\narticles:\n  one: \"{count} Artikel\"\n  other: \"{count} Artikel\"\n";

    #[test]
    fn plural_forms_follow_cldr() {
        let pl = "home: \"Start\"\nupdated: \"x {date}\"\narticles:\n  one: \"{count} artykuł\"\n  few: \"{count} artykuły\"\n  many: \"{count} artykułów\"\n  other: \"{count} artykułu\"\n";
        let ar = "home: \"الرئيسية\"\nupdated: \"{date}\"\narticles:\n  zero: \"لا مقالات\"\n  one: \"مقال واحد\"\n  two: \"مقالان\"\n  few: \"{count} مقالات\"\n  many: \"{count} مقالًا\"\n  other: \"{count} مقال\"\n";
        let (_d, config) = site(&[("de.yaml", DE), ("pl.yaml", pl), ("ar.yaml", ar)]);
        let (i18n, warnings) = I18n::load(&config).unwrap();
        assert!(warnings.is_empty(), "{warnings}");
        assert_eq!(
            i18n.translate(2, "articles", Some(1), &[]).unwrap(),
            "1 artykuł"
        );
        assert_eq!(
            i18n.translate(2, "articles", Some(3), &[]).unwrap(),
            "3 artykuły"
        );
        assert_eq!(
            i18n.translate(2, "articles", Some(5), &[]).unwrap(),
            "5 artykułów"
        );
        assert_eq!(
            i18n.translate(2, "articles", Some(22), &[]).unwrap(),
            "22 artykuły"
        );
        assert_eq!(
            i18n.translate(1, "articles", Some(0), &[]).unwrap(),
            "لا مقالات"
        );
        assert_eq!(
            i18n.translate(1, "articles", Some(2), &[]).unwrap(),
            "مقالان"
        );
        assert_eq!(
            i18n.translate(1, "articles", Some(11), &[]).unwrap(),
            "11 مقالًا"
        );
    }

    #[test]
    fn missing_keys_fall_back_with_a_warning() {
        let (_d, config) = site(&[("de.yaml", DE), ("ar.yaml", "home: \"الرئيسية\"\n")]);
        let (i18n, warnings) = I18n::load(&config).unwrap();
        assert_eq!(i18n.translate(1, "home", None, &[]).unwrap(), "الرئيسية");
        assert_eq!(
            i18n.translate(1, "updated", None, &[("date", "x".into())])
                .unwrap(),
            "Aktualisiert am x"
        );
        let text = warnings.to_string();
        assert!(
            text.contains("i18n/ar.yaml: warning: missing key \"updated\""),
            "{text}"
        );
        assert!(
            text.contains("i18n/pl.yaml: warning: no UI strings for pl"),
            "{text}"
        );
    }

    #[test]
    fn dates_are_localized() {
        let (_d, config) = site(&[("de.yaml", DE)]);
        let (i18n, _) = I18n::load(&config).unwrap();
        let date = Date::parse("2026-11-25").unwrap();
        assert_eq!(i18n.format_date(0, date), "25. November 2026");
        assert!(i18n.format_date(1, date).contains("نوفمبر"));
        assert_eq!(i18n.format_date(2, date), "25 listopada 2026");
    }

    #[test]
    fn bad_plural_category_is_an_error() {
        let bad = "home: \"x\"\narticles:\n  single: \"x\"\n";
        let (_d, config) = site(&[("de.yaml", bad)]);
        let err = I18n::load(&config).unwrap_err().to_string();
        assert!(err.contains("\"single\" is not a plural category"), "{err}");
        assert!(err.contains("\"other\" is required"), "{err}");
    }
}
