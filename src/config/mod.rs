//! `site.toml`: read as a serde mirror, then validated into a typed [`Config`].

pub mod contact;
pub mod local;

use std::path::{Path, PathBuf};

use serde::Deserialize;

pub use contact::{Channel, Contact};
pub use local::{check_site_id, site_ids, Local, SITES_DIR};

use crate::diagnostic::{did_you_mean, line_of, Diagnostic, Diagnostics};
use crate::input::{InputError, SiteRoot};
use crate::lang::{Direction, Lang};

/// Name of the configuration file at the site root.
pub const CONFIG_FILE: &str = "site.toml";

/// Keys allowed at the top of `site.toml`.
const TOP_KEYS: &[&str] = &[
    "base_url",
    "default_language",
    "theme",
    "minify",
    "languages",
    "contact",
    "image",
    "review_after",
    "offline",
    "allow_hosts",
    "publisher",
    "place",
];
/// The longest `publisher` name accepted, in characters.
const PUBLISHER_CHARS: usize = 80;

/// The `publisher` name, trimmed, or why it cannot be used.
fn check_publisher(name: &str) -> Result<String, String> {
    let name = name.trim();
    if name.is_empty() {
        return Err("publisher is empty: write the name of the team or organization behind the site, e.g. publisher = \"Lotse\"".into());
    }
    if let Some(problem) = crate::text::hidden_control(name) {
        return Err(format!("publisher {problem}"));
    }
    if name.contains(['\n', '\r']) {
        return Err("publisher must be one line: the name of the team or organization".into());
    }
    let chars = name.chars().count();
    if chars > PUBLISHER_CHARS {
        return Err(format!(
            "publisher has {chars} characters: write only the name of the team or organization (at most {PUBLISHER_CHARS})"
        ));
    }
    Ok(name.to_string())
}

/// Keys allowed in a `[languages.xx]` table.
const LANGUAGE_KEYS: &[&str] = &[
    "name",
    "title",
    "direction",
    "description",
    "image",
    "place",
];

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    base_url: String,
    default_language: String,
    #[serde(default)]
    theme: Option<String>,
    #[serde(default)]
    minify: Option<bool>,
    languages: toml::Table,
    #[serde(default)]
    contact: contact::RawContact,
    #[serde(default)]
    image: Option<String>,
    #[serde(default)]
    review_after: Option<u32>,
    #[serde(default)]
    offline: Option<bool>,
    #[serde(default)]
    allow_hosts: Vec<String>,
    #[serde(default)]
    publisher: Option<String>,
    #[serde(default)]
    place: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLanguage {
    name: String,
    title: String,
    #[serde(default)]
    direction: Option<String>,
    #[serde(default)]
    description: Option<String>,
    image: Option<String>,
    #[serde(default)]
    place: Option<String>,
}

/// One language of the site, in switcher order.
#[derive(Debug, Clone)]
pub struct Language {
    /// The validated code.
    pub lang: Lang,
    /// The language's own name ("Deutsch", "العربية").
    pub name: String,
    /// The site title in this language.
    pub title: String,
    /// Reading direction (from the language, or overridden).
    pub direction: Direction,
    /// Open Graph locale such as `de_DE`.
    pub og_locale: String,
    /// One or two sentences about the site in this language, for link previews.
    pub description: Option<String>,
    /// The language's link-preview image, a path under `static/`.
    pub image: Option<String>,
    /// Line of the `image` key in `site.toml`.
    pub image_line: Option<usize>,
    /// The place's name in this language, where it differs ("موسترشتات").
    pub place: Option<String>,
}

impl Language {
    /// The canonical language code.
    pub fn code(&self) -> &str {
        self.lang.code()
    }
}

/// The validated site configuration.
#[derive(Debug, Clone)]
pub struct Config {
    /// The site root folder (where `site.toml` is).
    pub root: PathBuf,
    /// The site folder as the only place input is read from.
    pub input: SiteRoot,
    /// Absolute base URL, always ending in `/`.
    pub base_url: String,
    /// The path part of the base URL, always starting and ending in `/`.
    pub base_path: String,
    /// Index into `languages` of the source language.
    pub default_language: usize,
    /// Theme folder name under `themes/`.
    pub theme: String,
    /// Whether HTML is minified.
    pub minify: bool,
    /// The languages in switcher order.
    pub languages: Vec<Language>,
    /// The team's contact channels.
    pub contact: Contact,
    /// Default link-preview image, a path under `static/`.
    pub image: Option<String>,
    /// Line of the top-level `image` key in `site.toml`.
    pub image_line: Option<usize>,
    /// Months after which reviewed facts count as due for a new check.
    pub review_after: u32,
    /// Whether pages register the offline service worker.
    pub offline: bool,
    /// Other hosts that content may load images, audio and video from (lowercase).
    pub allow_hosts: Vec<String>,
    /// The name of the team or organization behind the site, the same in every language.
    pub publisher: String,
    /// What a local site (`sites/<id>/`) sets; `None` for the shared site.
    pub local: Option<Local>,
    /// The place the site's referral directory serves ("Musterstadt"), if any.
    pub place: Option<String>,
}

impl Config {
    /// Reads and validates `site.toml` in `root`.
    pub fn load(root: &Path) -> Result<Self, Diagnostics> {
        let path = root.join(CONFIG_FILE);
        let text = SiteRoot::new(root).read_to_string(&path).map_err(|e| {
            let message = match &e {
                InputError::Io { source, .. } => {
                    format!("cannot read the site configuration: {source}")
                }
                other => other.to_string(),
            };
            let mut all = Diagnostics::new();
            all.push(Diagnostic::error(CONFIG_FILE, None, message));
            all
        })?;
        Self::parse(root, &text)
    }

    /// Validates the text of `site.toml`.
    pub fn parse(root: &Path, text: &str) -> Result<Self, Diagnostics> {
        let mut problems = Diagnostics::new();
        let raw: RawConfig = toml::from_str(text).map_err(|e| {
            let line = e.span().map(|s| line_of(text, s.start));
            let mut all = Diagnostics::new();
            all.push(Diagnostic::error(
                CONFIG_FILE,
                line,
                explain_serde(e.message(), TOP_KEYS),
            ));
            all
        })?;

        let (base_url, base_path) = match normalize_base_url(&raw.base_url) {
            Ok(v) => v,
            Err(msg) => {
                problems.push(Diagnostic::error(
                    CONFIG_FILE,
                    key_line(text, "base_url"),
                    msg,
                ));
                (String::new(), "/".into())
            }
        };

        let mut languages = Vec::new();
        for (code, value) in &raw.languages {
            let line = table_line(text, code);
            let lang = match Lang::parse(code) {
                Ok(l) => l,
                Err(msg) => {
                    problems.push(Diagnostic::error(CONFIG_FILE, line, msg));
                    continue;
                }
            };
            if lang.code() != code {
                problems.push(Diagnostic::error(
                    CONFIG_FILE,
                    line,
                    format!(
                        "language code \"{code}\" is not in canonical form (write \"{}\")",
                        lang.code()
                    ),
                ));
                continue;
            }
            let raw_lang: RawLanguage = match value.clone().try_into() {
                Ok(l) => l,
                Err(e) => {
                    let e: toml::de::Error = e;
                    let key_line = e
                        .message()
                        .strip_prefix("unknown field `")
                        .and_then(|r| r.split('`').next())
                        .and_then(|key| key_line_after(text, line, key));
                    problems.push(Diagnostic::error(
                        CONFIG_FILE,
                        key_line.or(line),
                        format!(
                            "[languages.{code}]: {}",
                            explain_serde(e.message(), LANGUAGE_KEYS)
                        ),
                    ));
                    continue;
                }
            };
            let direction = match raw_lang.direction.as_deref() {
                None => lang.direction(),
                Some(d) => match Direction::parse(d) {
                    Some(d) => d,
                    None => {
                        problems.push(Diagnostic::error(
                            CONFIG_FILE,
                            line,
                            format!(
                                "[languages.{code}]: direction \"{d}\" must be \"ltr\" or \"rtl\""
                            ),
                        ));
                        continue;
                    }
                },
            };
            let description = match raw_lang.description.as_deref().map(str::trim) {
                None => None,
                Some(d) => match description_problem(d) {
                    Some(problem) => {
                        problems.push(Diagnostic::error(
                            CONFIG_FILE,
                            key_line_after(text, line, "description").or(line),
                            format!("[languages.{code}]: the description {problem}"),
                        ));
                        continue;
                    }
                    None => Some(d.to_string()),
                },
            };
            let image_line = key_line_after(text, line, "image").or(line);
            if let Some(image) = &raw_lang.image {
                if let Err(msg) = check_image_path(image) {
                    problems.push(Diagnostic::error(
                        CONFIG_FILE,
                        image_line,
                        format!("[languages.{code}]: {msg}"),
                    ));
                }
            }
            let place = raw_lang.place.as_deref().map(str::trim).map(String::from);
            if let Some(problem) = place.as_deref().and_then(place_problem) {
                problems.push(Diagnostic::error(
                    CONFIG_FILE,
                    key_line_after(text, line, "place").or(line),
                    format!("[languages.{code}]: place {problem}"),
                ));
            }
            languages.push(Language {
                place,
                description,
                og_locale: lang.og_locale(),
                lang,
                name: raw_lang.name,
                title: raw_lang.title,
                direction,
                image: raw_lang.image,
                image_line,
            });
        }
        if raw.languages.is_empty() {
            problems.push(Diagnostic::error(
                CONFIG_FILE,
                None,
                "no languages: add a [languages.de] table (or another code) with name and title",
            ));
        }

        let default_language = languages
            .iter()
            .position(|l| l.code() == raw.default_language);
        if default_language.is_none() && !problems.has_errors() {
            let known: Vec<&str> = languages.iter().map(|l| l.code()).collect();
            problems.push(Diagnostic::error(
                CONFIG_FILE,
                key_line(text, "default_language"),
                format!(
                    "default_language \"{}\" has no [languages.{}] table (languages: {})",
                    raw.default_language,
                    raw.default_language,
                    known.join(", ")
                ),
            ));
        }

        let theme = raw.theme.unwrap_or_else(|| "default".into());
        if theme.is_empty()
            || !theme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        {
            problems.push(Diagnostic::error(
                CONFIG_FILE,
                key_line(text, "theme"),
                format!("theme \"{theme}\" must be a folder name under themes/"),
            ));
        }

        let image_line = key_line(text, "image");
        if let Some(image) = &raw.image {
            if let Err(msg) = check_image_path(image) {
                problems.push(Diagnostic::error(CONFIG_FILE, image_line, msg));
            }
        }

        let contact = read_contact(&raw.contact, &languages, text, &mut problems);
        let mut allow_hosts = Vec::new();
        for host in &raw.allow_hosts {
            match check_host(host) {
                Ok(h) => allow_hosts.push(h),
                Err(msg) => problems.push(Diagnostic::error(
                    CONFIG_FILE,
                    key_line(text, "allow_hosts"),
                    msg,
                )),
            }
        }
        let publisher = match raw.publisher.as_deref().map(check_publisher) {
            Some(Ok(name)) => name,
            Some(Err(msg)) => {
                problems.push(Diagnostic::error(
                    CONFIG_FILE,
                    key_line(text, "publisher"),
                    msg,
                ));
                String::new()
            }
            None => default_language
                .map(|i| languages[i].title.clone())
                .unwrap_or_default(),
        };
        let place = raw.place.as_deref().map(str::trim).map(String::from);
        if let Some(problem) = place.as_deref().and_then(place_problem) {
            problems.push(Diagnostic::error(
                CONFIG_FILE,
                key_line(text, "place"),
                format!("place {problem}"),
            ));
        }
        if problems.has_errors() {
            return Err(problems);
        }
        Ok(Config {
            place,
            root: root.to_path_buf(),
            input: SiteRoot::new(root),
            base_url,
            base_path,
            default_language: default_language.unwrap_or(0),
            theme,
            minify: raw.minify.unwrap_or(true),
            languages,
            contact,
            image: raw.image,
            image_line,
            review_after: raw.review_after.unwrap_or(12),
            offline: raw.offline.unwrap_or(true),
            allow_hosts,
            publisher,
            local: None,
        })
    }

    /// The default (source) language.
    pub fn default_lang(&self) -> &Language {
        &self.languages[self.default_language]
    }

    /// Index of a language by its code.
    pub fn language_index(&self, code: &str) -> Option<usize> {
        self.languages.iter().position(|l| l.code() == code)
    }

    /// The `content/` folder.
    pub fn content_dir(&self) -> PathBuf {
        self.root.join("content")
    }

    /// The `i18n/` folder.
    pub fn i18n_dir(&self) -> PathBuf {
        self.root.join("i18n")
    }

    /// The active theme's folder.
    pub fn theme_dir(&self) -> PathBuf {
        self.root.join("themes").join(&self.theme)
    }

    /// The site's own `static/` folder, copied to the output root.
    pub fn static_dir(&self) -> PathBuf {
        self.root.join("static")
    }

    /// Absolute URL of a site path such as `de/health/`.
    pub fn absolute_url(&self, path: &str) -> String {
        format!("{}{}", self.base_url, path.trim_start_matches('/'))
    }

    /// Root-relative URL of a site path such as `de/health/`.
    pub fn relative_url(&self, path: &str) -> String {
        format!("{}{}", self.base_path, path.trim_start_matches('/'))
    }
}

/// Validates the contact channels.
fn read_contact(
    raw: &contact::RawContact,
    languages: &[Language],
    text: &str,
    problems: &mut Diagnostics,
) -> Contact {
    let mut channels = Vec::new();
    let headers: Vec<usize> = text
        .lines()
        .enumerate()
        .filter(|(_, l)| l.trim() == "[[contact.channels]]")
        .map(|(i, _)| i + 1)
        .collect();
    for (i, channel) in raw.channels.iter().enumerate() {
        let line = headers.get(i).copied();
        let mut report = |msg: String| {
            problems.push(Diagnostic::error(
                CONFIG_FILE,
                line,
                format!("contact channel {}: {msg}", i + 1),
            ));
        };
        let href = match contact::link(&channel.kind, &channel.value, raw.example) {
            Ok(h) => h,
            Err(msg) => {
                report(msg);
                continue;
            }
        };
        let mut spoken = Vec::new();
        for code in &channel.languages {
            match languages.iter().position(|l| l.code() == code) {
                Some(i) => spoken.push(i),
                None => report(format!(
                    "language \"{code}\" is not declared in [languages]"
                )),
            }
        }
        if channel.languages.is_empty() {
            report("list the languages spoken there, e.g. languages = [\"de\", \"ar\"]".into());
        }
        channels.push(Channel {
            kind: channel.kind.clone(),
            text: channel.value.trim().to_string(),
            href,
            label: channel.label.clone(),
            hours: channel.hours.clone(),
            languages: spoken,
        });
    }
    Contact {
        example: raw.example,
        channels,
    }
}

/// Why the name of a place cannot be used, if it cannot.
fn place_problem(name: &str) -> Option<String> {
    if name.is_empty() {
        return Some("is empty: write the name of the town or district, or remove the key".into());
    }
    if let Some(problem) = crate::text::hidden_control(name) {
        return Some(problem);
    }
    (name.contains('\n') || name.chars().count() > PUBLISHER_CHARS)
        .then(|| format!("must be one line of at most {PUBLISHER_CHARS} characters: the name of the town or district"))
}

/// Longest description of a language, in characters (what link previews show).
const DESCRIPTION_MAX: usize = 160;

/// Why a language's description cannot be used, if it cannot.
fn description_problem(text: &str) -> Option<String> {
    if text.is_empty() {
        return Some("is empty: write a sentence about the site, or remove the key".into());
    }
    if let Some(problem) = crate::text::hidden_control(text) {
        return Some(problem);
    }
    let length = text.chars().count();
    if length > DESCRIPTION_MAX {
        return Some(format!(
            "has {length} characters; link previews show about {DESCRIPTION_MAX}: shorten it"
        ));
    }
    None
}

/// Checks the base URL and splits off its path.
fn normalize_base_url(url: &str) -> Result<(String, String), String> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .ok_or_else(|| format!("base_url \"{url}\" must start with https:// (or http://)"))?;
    let (host, path) = rest.split_once('/').unwrap_or((rest, ""));
    if host.is_empty() || host.contains(char::is_whitespace) {
        return Err(format!("base_url \"{url}\" has no host name"));
    }
    if url.contains(['?', '#']) {
        return Err(format!(
            "base_url \"{url}\" must not have a query or fragment"
        ));
    }
    let path = path.trim_matches('/');
    let base_path = if path.is_empty() {
        "/".to_string()
    } else {
        format!("/{path}/")
    };
    let scheme = if url.starts_with("https://") {
        "https"
    } else {
        "http"
    };
    Ok((format!("{scheme}://{host}{base_path}"), base_path))
}

/// Checks that a preview image is given as a file path under `static/`.
fn check_image_path(image: &str) -> Result<(), String> {
    let path = image.trim_start_matches('/');
    let clean = !path.is_empty()
        && !path.contains("://")
        && !path.contains(['\\', '?', '#'])
        && !path.chars().any(|c| c.is_control() || c.is_whitespace())
        && path
            .split('/')
            .all(|part| !part.is_empty() && part != "." && part != "..");
    if clean {
        Ok(())
    } else {
        Err(format!(
            "image \"{image}\" must be the path of a file in static/, such as \"og/de.png\""
        ))
    }
}

/// Checks one entry of `allow_hosts`: a host name only, returned in lowercase.
fn check_host(host: &str) -> Result<String, String> {
    let lower = host.trim().to_ascii_lowercase();
    let label_ok = |l: &str| {
        !l.is_empty()
            && l.len() <= 63
            && !l.starts_with('-')
            && !l.ends_with('-')
            && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
    };
    if lower.len() <= 253 && lower.contains('.') && lower.split('.').all(label_ok) {
        return Ok(lower);
    }
    let hint = host
        .split_once("://")
        .map_or(host, |(_, rest)| rest)
        .split(['/', ':'])
        .next()
        .filter(|h| !h.is_empty() && *h != host && check_host(h).is_ok())
        .unwrap_or("www.bamf.de");
    Err(format!(
        "allow_hosts: \"{host}\" is not a host name: write the name alone, without https://, path or port, like \"{hint}\""
    ))
}

/// Rewrites a serde "unknown field" message into one with a hint.
pub fn explain_serde(message: &str, known: &[&str]) -> String {
    if let Some(rest) = message.strip_prefix("unknown field `") {
        let name = rest.split('`').next().unwrap_or_default();
        let hint = match did_you_mean(name, known) {
            Some(k) => format!(" (did you mean \"{k}\"?)"),
            None => format!(" (allowed: {})", known.join(", ")),
        };
        return format!("unknown key \"{name}\"{hint}");
    }
    if let Some(rest) = message.strip_prefix("missing field `") {
        let name = rest.split('`').next().unwrap_or_default();
        return format!("missing required key \"{name}\"");
    }
    message.trim().to_string()
}

/// Line of a top-level `key = ...` in a TOML text.
fn key_line(text: &str, key: &str) -> Option<usize> {
    text.lines()
        .position(|l| {
            l.trim_start()
                .strip_prefix(key)
                .is_some_and(|r| r.trim_start().starts_with('='))
        })
        .map(|i| i + 1)
}

/// Line of `key = ...` in the table that starts at `header` (1-based).
fn key_line_after(text: &str, header: Option<usize>, key: &str) -> Option<usize> {
    let start = header?;
    text.lines()
        .enumerate()
        .skip(start)
        .take_while(|(_, l)| !l.trim_start().starts_with('['))
        .find(|(_, l)| {
            l.trim_start()
                .strip_prefix(key)
                .is_some_and(|r| r.trim_start().starts_with('='))
        })
        .map(|(i, _)| i + 1)
}

/// Line of a `[languages.code]` header in a TOML text.
fn table_line(text: &str, code: &str) -> Option<usize> {
    let header = format!("[languages.{code}]");
    let quoted = format!("[languages.\"{code}\"]");
    text.lines()
        .position(|l| {
            let t = l.trim();
            t == header || t == quoted
        })
        .map(|i| i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"
base_url = "https://example.org/kb"
default_language = "de"

[languages.de]
name = "Deutsch"
title = "Wegweiser"

[languages.ar]
name = "العربية"
title = "دليل"

[languages.en]
name = "English"
title = "Guide"
direction = "ltr"
"#;

    fn parse(text: &str) -> Result<Config, Diagnostics> {
        Config::parse(Path::new("."), text)
    }

    #[test]
    fn reads_languages_in_file_order_with_directions() {
        let c = parse(GOOD).unwrap();
        let codes: Vec<_> = c.languages.iter().map(|l| l.code()).collect();
        assert_eq!(codes, ["de", "ar", "en"]);
        assert_eq!(c.languages[1].direction, Direction::Rtl);
        assert_eq!(c.base_url, "https://example.org/kb/");
        assert_eq!(c.base_path, "/kb/");
        assert_eq!(c.theme, "default");
        assert!(c.minify);
        assert_eq!(c.absolute_url("/de/"), "https://example.org/kb/de/");
    }

    #[test]
    fn unknown_top_key_has_hint_and_line() {
        let text = GOOD.replace("default_language", "default_langauge");
        let err = parse(&text).unwrap_err().sorted();
        assert_eq!(err[0].line, Some(3));
        assert!(
            err[0]
                .message
                .contains("unknown key \"default_langauge\" (did you mean \"default_language\"?)"),
            "{}",
            err[0].message
        );
    }

    #[test]
    fn unknown_language_key_has_hint() {
        let text = GOOD.replace("title = \"Guide\"", "titel = \"Guide\"");
        let err = parse(&text).unwrap_err().sorted();
        assert!(
            err[0].message.contains("did you mean \"title\""),
            "{}",
            err[0].message
        );
        assert_eq!(err[0].line, Some(15));
    }

    #[test]
    fn invalid_language_code_is_an_error() {
        let text = GOOD.replace("[languages.ar]", "[languages.\"arabic!\"]");
        let err = parse(&text).unwrap_err().sorted();
        assert!(
            err[0].message.contains("invalid language code"),
            "{}",
            err[0].message
        );
        assert_eq!(err[0].line, Some(9));
    }

    #[test]
    fn default_language_must_be_declared() {
        let text = GOOD.replace("default_language = \"de\"", "default_language = \"fr\"");
        let err = parse(&text).unwrap_err().sorted();
        assert!(err[0].message.contains("default_language \"fr\""));
    }

    #[test]
    fn base_url_must_be_http() {
        let text = GOOD.replace("https://example.org/kb", "example.org");
        let err = parse(&text).unwrap_err().sorted();
        assert_eq!(err[0].line, Some(2));
    }

    #[test]
    fn allow_hosts_are_host_names() {
        let text = format!("allow_hosts = [\"WWW.Bamf.de\", \"cdn.example.org\"]\n{GOOD}");
        let c = parse(&text).unwrap();
        assert_eq!(c.allow_hosts, ["www.bamf.de", "cdn.example.org"]);
        for bad in [
            "https://www.bamf.de/",
            "www.bamf.de:443",
            "*.bamf.de",
            "localhost",
            "",
        ] {
            let text = format!("allow_hosts = [\"{bad}\"]\n{GOOD}");
            let err = parse(&text).unwrap_err().sorted();
            assert_eq!(err.len(), 1, "{bad}: {err:?}");
            assert_eq!(err[0].line, Some(1));
            assert!(err[0].message.contains("is not a host name"), "{err:?}");
        }
        let text = format!("allow_hosts = [\"https://cdn.example.org:8080/x\"]\n{GOOD}");
        let err = parse(&text).unwrap_err().sorted();
        assert!(
            err[0].message.ends_with("like \"cdn.example.org\""),
            "{err:?}"
        );
    }

    #[test]
    fn contact_channels_are_validated() {
        let text = format!(
            "{GOOD}\n[contact]\nexample = true\n\n[[contact.channels]]\nkind = \"whatsapp\"\nvalue = \"+49 30 23125 000\"\nlanguages = [\"de\", \"ar\"]\n\n[[contact.channels]]\nkind = \"email\"\nvalue = \"no-address\"\nlanguages = [\"xx\"]\n"
        );
        let err = parse(&text).unwrap_err().sorted();
        assert_eq!(err.len(), 1, "{err:?}");
        assert_eq!(err[0].line, Some(26));
        assert!(err[0]
            .message
            .contains("contact channel 2: \"no-address\" is not an e-mail address"));
        let good = text
            .replace("no-address", "kim@example.org")
            .replace("[\"xx\"]", "[\"en\"]");
        let c = parse(&good).unwrap();
        assert!(c.contact.example);
        assert_eq!(
            c.contact.channels[0].href.as_deref(),
            Some("https://wa.me/493023125000")
        );
        assert_eq!(c.contact.channels[0].languages, [0, 1]);
    }

    #[test]
    fn language_descriptions_are_read_and_checked() {
        let text = GOOD.replace(
            "title = \"دليل\"",
            "title = \"دليل\"\ndescription = \" دليل للقادمين الجدد. \"",
        );
        let c = parse(&text).unwrap();
        assert_eq!(
            c.languages[1].description.as_deref(),
            Some("دليل للقادمين الجدد.")
        );
        assert_eq!(c.languages[0].description, None);
        let long = "x".repeat(161);
        for (bad, expected) in [
            ("   ", "the description is empty"),
            ("a\u{202E}b", "U+202E"),
            (long.as_str(), "has 161 characters"),
        ] {
            let text = GOOD.replace(
                "title = \"دليل\"",
                &format!("title = \"دليل\"\ndescription = \"{bad}\""),
            );
            let err = parse(&text).unwrap_err().sorted();
            assert_eq!(err.len(), 1, "{err:?}");
            assert_eq!(err[0].line, Some(12), "{err:?}");
            assert!(
                err[0].message.starts_with("[languages.ar]: ") && err[0].message.contains(expected),
                "{err:?}"
            );
        }
    }

    #[test]
    fn language_images_are_paths_under_static_with_their_line() {
        let text = GOOD.replace(
            "title = \"دليل\"\n",
            "title = \"دليل\"\nimage = \"og/ar.png\"\n",
        );
        let c = parse(&format!("image = \"og.png\"\n{text}")).unwrap();
        assert_eq!(c.image.as_deref(), Some("og.png"));
        assert_eq!(c.image_line, Some(1));
        assert_eq!(c.languages[1].image.as_deref(), Some("og/ar.png"));
        assert_eq!(c.languages[1].image_line, Some(13));
        assert_eq!(c.languages[0].image, None);
        for bad in [
            "../secret.png",
            "https://cdn.example.org/a.png",
            "og//a.png",
            "",
        ] {
            let text = GOOD.replace(
                "title = \"دليل\"\n",
                &format!("title = \"دليل\"\nimage = \"{bad}\"\n"),
            );
            let err = parse(&text).unwrap_err().sorted();
            assert_eq!(err.len(), 1, "{bad}: {err:?}");
            assert_eq!(err[0].line, Some(12), "{bad}");
            assert!(
                err[0].message.starts_with("[languages.ar]: image \""),
                "{err:?}"
            );
        }
    }

    #[test]
    fn place_is_read_per_site_and_per_language() {
        let text = GOOD.replace(
            "title = \"دليل\"\n",
            "title = \"دليل\"\nplace = \"موسترشتات\"\n",
        );
        let c = parse(&format!("place = \"Musterstadt\"\n{text}")).unwrap();
        assert_eq!(c.place.as_deref(), Some("Musterstadt"));
        assert_eq!(c.languages[1].place.as_deref(), Some("موسترشتات"));
        assert_eq!(c.languages[0].place, None);
        assert_eq!(parse(GOOD).unwrap().place, None);
        let err = parse(&format!("place = \" \"\n{GOOD}"))
            .unwrap_err()
            .sorted();
        assert_eq!(err[0].line, Some(1));
        assert!(err[0].message.starts_with("place is empty"), "{err:?}");
    }

    #[test]
    fn direction_override_is_validated() {
        let text = GOOD.replace("direction = \"ltr\"", "direction = \"up\"");
        assert!(parse(&text).is_err());
    }
}
