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
use crate::date::Date;
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
    /// The file line of each key.
    lines: BTreeMap<String, usize>,
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

/// What a theme fills into UI strings: per key its templates name, the
/// arguments they pass (`t(key="updated", date=...)`), and the placeholders
/// its scripts fill in any string.
#[derive(Debug, Clone, Default)]
pub struct ThemeArguments {
    /// Arguments per UI string key.
    pub filled: BTreeMap<String, std::collections::BTreeSet<String>>,
    /// Placeholders filled by scripts.
    pub scripted: std::collections::BTreeSet<String>,
}

impl I18n {
    /// Loads `i18n/<lang>.yaml` for every language; returns warnings too.
    pub fn load(config: &Config) -> Result<(Self, Diagnostics), Diagnostics> {
        Self::load_for_theme(config, &ThemeArguments::default())
    }

    /// Like [`I18n::load`], and checks the default language's placeholders
    /// against those the theme fills.
    pub fn load_for_theme(
        config: &Config,
        theme: &ThemeArguments,
    ) -> Result<(Self, Diagnostics), Diagnostics> {
        let mut problems = Diagnostics::new();
        let mut catalogs = Vec::new();
        for language in &config.languages {
            let rel = Path::new("i18n").join(format!("{}.yaml", language.code()));
            let path = config.root.join(&rel);
            let (messages, lines) = match config.input.read_to_string(&path) {
                Ok(text) => parse_messages(&text).unwrap_or_else(|errors| {
                    for (line, msg) in errors {
                        problems.push(Diagnostic::error(&rel, line, msg));
                    }
                    Default::default()
                }),
                Err(e) if e.is_not_found() => {
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
                    Default::default()
                }
                Err(e) => {
                    problems.push(e.diagnostic());
                    Default::default()
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
            check_plurals(&rel, &messages, &lines, &plurals, &mut problems);
            catalogs.push(Catalog {
                messages,
                lines,
                plurals,
                dates,
            });
        }
        let i18n = I18n {
            catalogs,
            default: config.default_language,
        };
        i18n.check_keys(config, &mut problems);
        let wrong_in_default = i18n.check_default_placeholders(config, theme);
        if wrong_in_default.is_empty() {
            i18n.check_placeholders(config, &mut problems);
        } else {
            // The translations are compared with the default language's texts,
            // which are wrong themselves.
            problems.extend(wrong_in_default);
        }
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

    /// Errors for placeholders in the default language's texts that the theme
    /// never fills.
    fn check_default_placeholders(
        &self,
        config: &Config,
        theme: &ThemeArguments,
    ) -> Vec<Diagnostic> {
        let (filled, scripted) = (&theme.filled, &theme.scripted);
        let mut problems = Vec::new();
        let catalog = &self.catalogs[self.default];
        let rel = Path::new("i18n").join(format!("{}.yaml", config.default_lang().code()));
        for (key, message) in &catalog.messages {
            let Some(arguments) = filled.get(key) else {
                continue;
            };
            let mut allowed: Vec<&str> = arguments.iter().map(String::as_str).collect();
            allowed.extend(scripted.iter().map(String::as_str));
            if matches!(message, Message::Plural(_)) {
                allowed.push("count");
            }
            for name in placeholders(message) {
                if allowed.contains(&name.as_str()) {
                    continue;
                }
                let known: Vec<&str> = arguments.iter().map(String::as_str).collect();
                problems.push(unknown_placeholder(
                    &rel,
                    catalog.lines.get(key).copied(),
                    key,
                    &name,
                    &allowed,
                    &known,
                    "the theme fills",
                ));
            }
        }
        problems
    }

    /// Errors for placeholders a translation uses that the default
    /// language's text of the same key does not fill (`{dat}` for `{date}`).
    fn check_placeholders(&self, config: &Config, problems: &mut Diagnostics) {
        let default = &self.catalogs[self.default].messages;
        for (i, catalog) in self.catalogs.iter().enumerate() {
            if i == self.default {
                continue;
            }
            let rel = Path::new("i18n").join(format!("{}.yaml", config.languages[i].code()));
            for (key, message) in &catalog.messages {
                let Some(original) = default.get(key) else {
                    continue;
                };
                let allowed = placeholders(original);
                for name in placeholders(message) {
                    if allowed.contains(&name) {
                        continue;
                    }
                    let known: Vec<&str> = allowed.iter().map(String::as_str).collect();
                    problems.push(unknown_placeholder(
                        &rel,
                        catalog.lines.get(key).copied(),
                        key,
                        &name,
                        &known,
                        &known,
                        "this text knows",
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

    /// The text of `key` for `lang`, with the plural form for `count`.
    fn template(&self, lang: usize, key: &str, count: Option<u64>) -> Option<&str> {
        Some(match self.message(lang, key)? {
            Message::Text(t) => t.as_str(),
            Message::Plural(forms) => {
                let category = self.catalogs[lang].plurals.category_for(count.unwrap_or(0));
                forms
                    .get(category_name(category))
                    .or_else(|| forms.get("other"))
                    .map_or("", String::as_str)
            }
        })
    }

    /// Translates `key` for `lang` as plain text, choosing the plural form
    /// for `count` and filling `{name}` placeholders from `args`; for
    /// callers that escape the text where they write it.
    pub fn translate(
        &self,
        lang: usize,
        key: &str,
        count: Option<u64>,
        args: &[(&str, String)],
    ) -> Option<String> {
        let template = self.template(lang, key, count)?;
        Some(fill(template, |name| {
            if name == "count" {
                if let Some(n) = count {
                    return Some(n.to_string());
                }
            }
            args.iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| v.clone())
        }))
    }

    /// Translates `key` for `lang` as HTML: the text and every value are
    /// escaped, so a UI string can never add markup to a page. With
    /// `datetime`, the `{date}` value becomes `<time datetime="...">`.
    pub fn translate_html(
        &self,
        lang: usize,
        key: &str,
        count: Option<u64>,
        args: &[(&str, String)],
        datetime: Option<&str>,
    ) -> Option<String> {
        let template = self.template(lang, key, count)?;
        let mut html = String::with_capacity(template.len() + 32);
        let mut rest = template;
        while let Some((before, name, after)) = next_placeholder(rest) {
            html.push_str(&tera::escape_html(before));
            let value = match name {
                "count" => count.map(|n| n.to_string()),
                _ => None,
            }
            .or_else(|| {
                args.iter()
                    .find(|(n, _)| *n == name)
                    .map(|(_, v)| v.clone())
            });
            match (value, datetime) {
                (Some(v), Some(iso)) if name == "date" => {
                    html.push_str("<time datetime=\"");
                    html.push_str(&tera::escape_html(iso));
                    html.push_str("\">");
                    html.push_str(&tera::escape_html(&v));
                    html.push_str("</time>");
                }
                (Some(v), _) => html.push_str(&tera::escape_html(&v)),
                (None, _) => html.push_str(&tera::escape_html(&format!("{{{name}}}"))),
            }
            rest = after;
        }
        html.push_str(&tera::escape_html(rest));
        Some(html)
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

/// The text before the next `{name}` placeholder, its name, and the rest.
fn next_placeholder(text: &str) -> Option<(&str, &str, &str)> {
    let mut from = 0;
    while let Some(open) = text[from..].find('{').map(|i| i + from) {
        let after = &text[open + 1..];
        if let Some(close) = after.find('}') {
            let name = &after[..close];
            if !name.is_empty()
                && name
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
            {
                return Some((&text[..open], name, &after[close + 1..]));
            }
        }
        from = open + 1;
    }
    None
}

/// `template` with every `{name}` for which `value` has a value filled in.
fn fill(template: &str, mut value: impl FnMut(&str) -> Option<String>) -> String {
    let mut text = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some((before, name, after)) = next_placeholder(rest) {
        text.push_str(before);
        match value(name) {
            Some(v) => text.push_str(&v),
            None => {
                text.push('{');
                text.push_str(name);
                text.push('}');
            }
        }
        rest = after;
    }
    text.push_str(rest);
    text
}

/// The placeholder names a message uses, in any of its forms; a plural
/// message always knows `{count}`.
fn placeholders(message: &Message) -> std::collections::BTreeSet<String> {
    let mut names = std::collections::BTreeSet::new();
    let mut add = |text: &str| {
        let mut rest = text;
        while let Some((_, name, after)) = next_placeholder(rest) {
            names.insert(name.to_string());
            rest = after;
        }
    };
    match message {
        Message::Text(t) => add(t),
        Message::Plural(forms) => {
            forms.values().for_each(|t| add(t));
            names.insert("count".into());
        }
    }
    names
}

/// The file line of each top-level key of a YAML text.
fn key_lines(text: &str) -> BTreeMap<String, usize> {
    let mut lines = BTreeMap::new();
    for (i, line) in text.lines().enumerate() {
        if line.starts_with([' ', '\t', '#', '-']) {
            continue;
        }
        if let Some((key, _)) = line.split_once(':') {
            let key = key.trim().trim_matches(['"', '\'']);
            lines.entry(key.to_string()).or_insert(i + 1);
        }
    }
    lines
}

/// The error for `{name}` in the text of `key`: a hint to the nearest of
/// `allowed`, else the list of `known` placeholders (`known_as` names them).
fn unknown_placeholder(
    file: &Path,
    line: Option<usize>,
    key: &str,
    name: &str,
    allowed: &[&str],
    known: &[&str],
    known_as: &str,
) -> Diagnostic {
    let hint = match did_you_mean(name, allowed) {
        Some(k) => format!(" (did you mean {{{k}}}?)"),
        None if known.is_empty() => " (this text takes no placeholders)".into(),
        None => format!(
            " ({known_as} {})",
            known
                .iter()
                .map(|k| format!("{{{k}}}"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    };
    Diagnostic::error(
        file,
        line,
        format!("\"{key}\": unknown placeholder {{{name}}}{hint}: it would be shown to readers as written"),
    )
}

/// Messages and the line of each key.
type Parsed = (BTreeMap<String, Message>, BTreeMap<String, usize>);

/// Parses a YAML file of messages; every error carries its line.
fn parse_messages(text: &str) -> Result<Parsed, Vec<(Option<usize>, String)>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Ok(Default::default());
    }
    crate::yaml::check_shape(text).map_err(|e| vec![(Some(e.line), e.message)])?;
    let raw: serde_yaml::Mapping = serde_yaml::from_str(text).map_err(|e| {
        let raw = e.to_string();
        let msg = raw.split(" at line ").next().unwrap_or(&raw).to_string();
        let mut line = e.location().map(|l| l.line());
        let msg = if msg.contains("invalid type") {
            "the file must hold one key per line with its text, such as home: \"Home\"".to_string()
        } else if let Some(key) = msg.strip_prefix("duplicate entry with key ") {
            let name = key.trim_matches('"');
            line = text
                .lines()
                .enumerate()
                .filter(|(_, l)| {
                    l.trim_start_matches(['"', '\''])
                        .strip_prefix(name)
                        .is_some_and(|r| r.trim_start_matches(['"', '\'']).starts_with(':'))
                })
                .nth(1)
                .map(|(i, _)| i + 1)
                .or(line);
            format!("the key {key} is written twice: keep one")
        } else {
            msg
        };
        vec![(line, msg)]
    })?;
    let lines = key_lines(text);
    let mut messages = BTreeMap::new();
    let mut errors = Vec::new();
    for (key, value) in raw {
        let key = match key {
            serde_yaml::Value::String(k) => k,
            other => serde_yaml::to_string(&other)
                .unwrap_or_default()
                .trim()
                .to_string(),
        };
        let line = lines.get(&key).copied();
        let message = match value {
            serde_yaml::Value::String(t) => Some(Message::Text(t)),
            serde_yaml::Value::Mapping(forms) => forms
                .into_iter()
                .map(|(k, v)| match (k, v) {
                    (serde_yaml::Value::String(k), serde_yaml::Value::String(v)) => Some((k, v)),
                    _ => None,
                })
                .collect::<Option<BTreeMap<_, _>>>()
                .map(Message::Plural),
            _ => None,
        };
        let Some(message) = message else {
            errors.push((
                line,
                format!("\"{key}\" needs a text in quotes, or plural forms (one:, other:, ...) each with a text in quotes"),
            ));
            continue;
        };
        let forms: Vec<&String> = match &message {
            Message::Text(t) => vec![t],
            Message::Plural(forms) => forms.values().collect(),
        };
        if let Some(problem) = forms.iter().find_map(|t| crate::text::hidden_control(t)) {
            errors.push((line, format!("\"{key}\" {problem}")));
        }
        messages.insert(key, message);
    }
    if errors.is_empty() {
        Ok((messages, lines))
    } else {
        Err(errors)
    }
}

/// Plural maps need `other` and only CLDR category names.
fn check_plurals(
    rel: &Path,
    messages: &BTreeMap<String, Message>,
    lines: &BTreeMap<String, usize>,
    rules: &PluralRules,
    problems: &mut Diagnostics,
) {
    for (key, message) in messages {
        let line = lines.get(key).copied();
        let Message::Plural(forms) = message else {
            continue;
        };
        for name in forms.keys() {
            if !CATEGORIES.contains(&name.as_str()) {
                problems.push(Diagnostic::error(
                    rel,
                    line,
                    format!("\"{key}\": \"{name}\" is not a plural category (use zero, one, two, few, many, other)"),
                ));
            }
        }
        if !forms.contains_key("other") {
            problems.push(Diagnostic::error(
                rel,
                line,
                format!("\"{key}\": the plural form \"other\" is required"),
            ));
        }
        for category in rules.categories() {
            let name = category_name(category);
            if !forms.contains_key(name) {
                problems.push(Diagnostic::warning(
                    rel,
                    line,
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
    fn html_translations_escape_text_and_values() {
        let de = "home: \"Start\"\nupdated: \"<script>x()</script> a<b & {date}\"\narticles:\n  one: \"{count} <i>\"\n  other: \"{count} <i>\"\n";
        let (_d, config) = site(&[("de.yaml", de)]);
        let (i18n, _) = I18n::load(&config).unwrap();
        let html = i18n
            .translate_html(
                0,
                "updated",
                None,
                &[("date", "1. <b>".into())],
                Some("2026-01-01\""),
            )
            .unwrap();
        assert_eq!(
            html,
            "&lt;script&gt;x()&lt;&#x2F;script&gt; a&lt;b &amp; <time datetime=\"2026-01-01&quot;\">1. &lt;b&gt;</time>"
        );
        assert_eq!(
            i18n.translate_html(0, "articles", Some(2), &[], None)
                .unwrap(),
            "2 &lt;i&gt;"
        );
        // Plain text for callers that escape it themselves; a value is not filled twice.
        assert_eq!(
            i18n.translate(0, "updated", None, &[("date", "{count}".into())])
                .unwrap(),
            "<script>x()</script> a<b & {count}"
        );
    }

    #[test]
    fn unknown_placeholder_is_an_error_with_line() {
        let ar =
            "home: \"x\"\n\nupdated: \"{dat}\"\narticles:\n  one: \"{count}\"\n  other: \"{n}\"\n";
        let (_d, config) = site(&[("de.yaml", DE), ("ar.yaml", ar)]);
        let err = I18n::load(&config).unwrap_err().to_string();
        assert!(
            err.contains("i18n/ar.yaml:3: error: \"updated\": unknown placeholder {dat} (did you mean {date}?): it would be shown to readers as written"),
            "{err}"
        );
        assert!(
            err.contains("i18n/ar.yaml:4: error: \"articles\": unknown placeholder {n} (this text knows {count})"),
            "{err}"
        );
    }

    #[test]
    fn wrong_types_and_hidden_controls_are_errors_at_their_line() {
        let bad = "home: \"x\"\nupdated: [a]\nhome_title: ~\nfeed: \"\\u202Ex\"\n";
        let (_d, config) = site(&[("de.yaml", bad)]);
        let err = I18n::load(&config).unwrap_err().to_string();
        assert!(
            err.contains("i18n/de.yaml:2: error: \"updated\" needs a text in quotes"),
            "{err}"
        );
        assert!(
            err.contains("i18n/de.yaml:3: error: \"home_title\" needs"),
            "{err}"
        );
        assert!(
            err.contains("i18n/de.yaml:4: error: \"feed\" contains an unpaired invisible direction control (U+202E"),
            "{err}"
        );
    }

    #[test]
    fn duplicate_key_is_named() {
        let (_d, config) = site(&[("de.yaml", "home: \"a\"\nfeed: \"b\"\nhome: \"c\"\n")]);
        let err = I18n::load(&config).unwrap_err().to_string();
        assert!(
            err.contains("i18n/de.yaml:3: error: the key \"home\" is written twice: keep one"),
            "{err}"
        );
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
