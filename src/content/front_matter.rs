//! Front matter: the YAML block between `---` lines at the top of a page.

use serde::{Deserialize, Deserializer, Serialize};

use crate::config::explain_serde;

/// Keys allowed in front matter.
pub const KEYS: &[&str] = &[
    "title",
    "description",
    "updated",
    "reviewed",
    "weight",
    "draft",
    "aliases",
    "sources",
    "source_updated",
    "shared_updated",
    "claim",
    "verdict",
    "claim_seen",
    "claim_appearance",
    "claim_author",
    "image",
    "image_alt",
    "translated_from",
    "machine_translated",
    "reviewed_by_speaker",
    "changes_on",
];

pub use crate::date::Date;

/// The verdict of a fact check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    /// The claim is false.
    False,
    /// The claim mixes true and false and leads to a wrong conclusion.
    Misleading,
    /// The claim is true.
    True,
    /// There is no evidence either way.
    Unproven,
}

impl Verdict {
    /// The allowed values, as written in front matter.
    pub const NAMES: &'static [&'static str] = &["false", "misleading", "true", "unproven"];

    /// The value as written in front matter.
    pub fn name(self) -> &'static str {
        match self {
            Verdict::False => "false",
            Verdict::Misleading => "misleading",
            Verdict::True => "true",
            Verdict::Unproven => "unproven",
        }
    }

    /// A schema.org rating from 1 (false) to 5 (true); none for "unproven",
    /// which has no place on that scale (a 3 would read as "half true").
    pub fn rating(self) -> Option<u8> {
        match self {
            Verdict::False => Some(1),
            Verdict::Misleading => Some(2),
            Verdict::True => Some(5),
            Verdict::Unproven => None,
        }
    }
}

impl<'de> Deserialize<'de> for Verdict {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        /// `verdict: false` is a YAML boolean; quoted or not, both are accepted.
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            Bool(bool),
            Text(String),
        }
        let text = match Raw::deserialize(d)? {
            Raw::Bool(b) => b.to_string(),
            Raw::Text(t) => t,
        };
        match text.trim().to_lowercase().as_str() {
            "false" => Ok(Verdict::False),
            "misleading" => Ok(Verdict::Misleading),
            "true" => Ok(Verdict::True),
            "unproven" => Ok(Verdict::Unproven),
            _ => Err(serde::de::Error::custom(format!(
                "invalid verdict \"{text}\": use one of {}",
                Verdict::NAMES.join(", ")
            ))),
        }
    }
}

/// Where a fact-checked claim appeared.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Appearance<'a> {
    /// A web address (always `https://`).
    Url(&'a str),
    /// A description such as "Telegram groups, November 2026".
    Description(&'a str),
}

impl<'a> Appearance<'a> {
    /// Reads `claim_appearance`: a web address or a description, or why it cannot be used.
    pub fn parse(text: &'a str) -> Result<Self, String> {
        let text = text.trim();
        let lower = text.to_lowercase();
        let address = lower.contains("://")
            || lower.starts_with("www.")
            || lower.starts_with("http:")
            || lower.starts_with("https:");
        if !address {
            return if text.is_empty() {
                Err("claim_appearance is empty: write where the claim appeared, e.g. \"Telegram groups, November 2026\", or its https:// address".into())
            } else {
                Ok(Appearance::Description(text))
            };
        }
        let host = text.strip_prefix("https://").unwrap_or_default();
        if host.is_empty() || host.starts_with('/') || text.contains(char::is_whitespace) {
            return Err(format!(
                "claim_appearance \"{text}\" is not a secure web address: write it starting with https://, or describe where the claim appeared (e.g. \"Telegram groups, November 2026\")"
            ));
        }
        Ok(Appearance::Url(text))
    }
}

/// A source listed at the end of an article.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// What the source is called.
    #[serde(deserialize_with = "text")]
    pub title: String,
    /// Where it is.
    #[serde(deserialize_with = "text")]
    pub url: String,
}

/// The title: a text, not `null`.
fn title<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    Option::<String>::deserialize(d)?.ok_or_else(|| {
        serde::de::Error::custom(
            "title has no text (null or ~ means nothing in YAML); write the title, in quotes if it is the word \"null\"",
        )
    })
}

/// A text that must be written: a plain `null` or `~` (which YAML reads as
/// "nothing") is refused instead of becoming the word "null".
fn text<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    Option::<String>::deserialize(d)?.ok_or_else(|| {
        serde::de::Error::custom(
            "needs a text, not null or ~ (which mean nothing in YAML); write the word in quotes if you mean it",
        )
    })
}

/// The typed front matter of a page.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FrontMatter {
    /// Page title.
    #[serde(deserialize_with = "title")]
    pub title: String,
    /// Short summary; the link-preview text.
    #[serde(default)]
    pub description: Option<String>,
    /// When the text last changed in substance.
    #[serde(default)]
    pub updated: Option<Date>,
    /// When the facts were last checked.
    #[serde(default)]
    pub reviewed: Option<Date>,
    /// Sort order (smaller first).
    #[serde(default)]
    pub weight: Option<i64>,
    /// Drafts are left out of builds.
    #[serde(default)]
    pub draft: bool,
    /// Old URLs of this page.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Sources of the facts.
    #[serde(default)]
    pub sources: Vec<Source>,
    /// For translations: the original's `updated` date when translated.
    #[serde(default)]
    pub source_updated: Option<Date>,
    /// For a local site's replacement of a shared article: the shared
    /// article's `updated` date when the replacement was made.
    #[serde(default)]
    pub shared_updated: Option<Date>,
    /// Fact checks: the claim as it circulates.
    #[serde(default)]
    pub claim: Option<String>,
    /// Fact checks: the verdict on the claim.
    #[serde(default)]
    pub verdict: Option<Verdict>,
    /// Fact checks: when the claim was seen circulating.
    #[serde(default)]
    pub claim_seen: Option<Date>,
    /// Fact checks: where the claim appeared, an https:// address or a description.
    #[serde(default)]
    pub claim_appearance: Option<String>,
    /// Fact checks: who spread the claim, if known.
    #[serde(default)]
    pub claim_author: Option<String>,
    /// Link-preview image: a path under `static/` such as `images/card.png`.
    #[serde(default)]
    pub image: Option<String>,
    /// What the preview image shows, for people who cannot see it.
    #[serde(default)]
    pub image_alt: Option<String>,
    /// For translations: the language of the text translated from
    /// (default: the site's default language).
    #[serde(default)]
    pub translated_from: Option<String>,
    /// True when the translation was made by machine.
    #[serde(default)]
    pub machine_translated: bool,
    /// When a person who speaks the language last checked the translation.
    #[serde(default)]
    pub reviewed_by_speaker: Option<Date>,
    /// The day on which a figure in the text is known to change.
    #[serde(default)]
    pub changes_on: Option<Date>,
}

/// A problem in the front matter, with the 1-based line in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FrontMatterError {
    /// Line in the whole file, where known.
    pub line: Option<usize>,
    /// What is wrong.
    pub message: String,
}

/// A page file split into its parts.
#[derive(Debug, Clone, PartialEq)]
pub struct Parsed {
    /// The parsed front matter.
    pub front: FrontMatter,
    /// The Markdown body, with LF line endings.
    pub body: String,
    /// The file line on which the body starts.
    pub body_line: usize,
    /// The file line of each top-level key.
    pub key_lines: std::collections::BTreeMap<String, usize>,
    /// The file lines of the `url:` entries, in order (for source errors).
    pub url_lines: Vec<usize>,
}

/// The text without a leading BOM, with LF line endings.
fn normalize(text: &str) -> std::borrow::Cow<'_, str> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n").into()
    } else {
        text.into()
    }
}

/// In the text after the opening `---` line: the length of the YAML and
/// where the body starts, after the closing `---` line.
fn closing(rest: &str) -> Option<(usize, usize)> {
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        let yaml_len = offset;
        offset += line.len();
        if line.trim_end() == "---" {
            return Some((yaml_len, offset));
        }
    }
    None
}

/// The body of a page's text as [`parse`] gives it, without parsing the
/// front matter; `None` if the text has no closed front matter.
pub fn body_of(text: &str) -> Option<String> {
    let text = normalize(text);
    let rest = text.strip_prefix("---\n")?;
    let (_, offset) = closing(rest)?;
    Some(rest[offset..].to_string())
}

/// Splits a page's text into front matter and body and parses the front matter.
///
/// A leading BOM and CRLF line endings are accepted.
pub fn parse(text: &str) -> Result<Parsed, FrontMatterError> {
    let text = normalize(text);
    let text = text.as_ref();
    let err = |line, message: String| FrontMatterError {
        line: Some(line),
        message,
    };
    if text.trim().is_empty() {
        return Err(err(
            1,
            "the file is empty: a page starts with front matter between --- lines, with at least a title".into(),
        ));
    }
    let rest = text
        .strip_prefix("---\n")
        .ok_or_else(|| err(1, "missing front matter: the file must start with a --- line, then YAML keys such as title:, then a closing --- line".into()))?;
    let (yaml_len, offset) = closing(rest).ok_or_else(|| {
        err(
            1,
            "front matter is not closed: add a line with --- after the last key".into(),
        )
    })?;
    let yaml = &rest[..yaml_len];
    let body = &rest[offset..];
    let yaml_lines = yaml.matches('\n').count();
    let body_line = 1 + 1 + yaml_lines + 1;

    if yaml.trim().is_empty() {
        return Err(err(2, "front matter is empty: add at least title:".into()));
    }
    crate::yaml::check_shape(yaml).map_err(|e| err(e.line + 1, e.message))?;
    let front: FrontMatter = serde_yaml::from_str(yaml).map_err(|e| {
        // Line 1 of the YAML is line 2 of the file. serde_yaml names the key
        // of a bad value ("weight: invalid type"); its line is the precise one.
        let raw = e.to_string();
        let key_line = raw
            .split_once(": ")
            .map(|(path, _)| path.split(['[', '.']).next().unwrap_or(path))
            .and_then(|key| find_key_line(yaml, key));
        // Errors from value parsers (dates) carry no position; they quote the value.
        // Prefer a line where the value follows a key, as in `updated: 2026-02-30`.
        let value_line = raw
            .split('"')
            .nth(1)
            .filter(|v| !v.is_empty())
            .and_then(|v| {
                let after_key = |l: &&str| {
                    l.split_once(':')
                        .is_some_and(|(_, rest)| rest.trim().trim_matches(['"', '\'']) == v)
                };
                yaml.lines()
                    .position(|l| after_key(&l))
                    .or_else(|| yaml.lines().position(|l| l.contains(v)))
            })
            .map(|i| i + 2);
        // A key written twice: the line of its second occurrence.
        let duplicate_line = raw
            .strip_prefix("duplicate field `")
            .and_then(|r| r.split('`').next())
            .and_then(|key| {
                yaml.lines()
                    .enumerate()
                    .filter(|(_, l)| l.strip_prefix(key).is_some_and(|r| r.starts_with(':')))
                    .nth(1)
                    .map(|(i, _)| i + 2)
            });
        // Messages written here start with their key ("title has no text").
        let own_key_line = KEYS
            .iter()
            .find(|k| raw.starts_with(&format!("{k} ")))
            .and_then(|k| find_key_line(yaml, k));
        let located = e.location().filter(|l| l.index() > 0).map(|l| l.line() + 1);
        FrontMatterError {
            line: duplicate_line
                .or(key_line)
                .or(own_key_line)
                .or(located)
                .or(value_line)
                .or(Some(2)),
            message: explain_yaml(&e),
        }
    })?;
    match (&front.claim, &front.verdict) {
        (Some(_), None) => {
            return Err(err(
                find_key_line(yaml, "claim").unwrap_or(2),
                format!(
                    "a fact check needs a verdict next to its claim (verdict: one of {})",
                    Verdict::NAMES.join(", ")
                ),
            ))
        }
        (None, Some(_)) => {
            return Err(err(
                find_key_line(yaml, "verdict").unwrap_or(2),
                "a verdict needs the claim it judges (claim: \"...\")".into(),
            ))
        }
        _ => {}
    }
    for (key, value) in [
        ("claim_appearance", &front.claim_appearance),
        ("claim_author", &front.claim_author),
    ] {
        if value.is_some() && front.claim.is_none() {
            return Err(err(
                find_key_line(yaml, key).unwrap_or(2),
                format!("{key} belongs to a fact check: add the claim it is about (claim: \"...\") and a verdict"),
            ));
        }
    }
    if let Some(Err(message)) = front.claim_appearance.as_deref().map(Appearance::parse) {
        return Err(err(
            find_key_line(yaml, "claim_appearance").unwrap_or(2),
            message,
        ));
    }
    if front
        .claim_author
        .as_deref()
        .is_some_and(|a| a.trim().is_empty())
    {
        return Err(err(
            find_key_line(yaml, "claim_author").unwrap_or(2),
            "claim_author is empty: name who spread the claim, or leave the key out".into(),
        ));
    }
    if front.title.trim().is_empty() {
        return Err(err(
            find_key_line(yaml, "title").unwrap_or(2),
            "title is empty".into(),
        ));
    }
    if let Some((key, problem)) = hidden_control(&front) {
        return Err(err(
            find_key_line(yaml, key).unwrap_or(2),
            format!("{key} {problem}"),
        ));
    }
    let key_lines = yaml
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.starts_with([' ', '\t', '-', '#']))
        .filter_map(|(i, l)| {
            l.split_once(':')
                .map(|(k, _)| (k.trim().to_string(), i + 2))
        })
        .collect();
    let url_lines = yaml
        .lines()
        .enumerate()
        .filter(|(_, l)| {
            let t = l.trim_start().trim_start_matches('-').trim_start();
            t.starts_with("url:")
        })
        .map(|(i, _)| i + 2)
        .collect();
    Ok(Parsed {
        front,
        body: body.to_string(),
        body_line,
        key_lines,
        url_lines,
    })
}

/// The first text of the front matter with a NUL or an unpaired direction
/// control, as (key, problem).
fn hidden_control(front: &FrontMatter) -> Option<(&'static str, String)> {
    let single = [
        ("title", Some(&front.title)),
        ("description", front.description.as_ref()),
        ("claim", front.claim.as_ref()),
        ("claim_appearance", front.claim_appearance.as_ref()),
        ("claim_author", front.claim_author.as_ref()),
        ("image", front.image.as_ref()),
        ("image_alt", front.image_alt.as_ref()),
        ("translated_from", front.translated_from.as_ref()),
    ];
    let aliases = front.aliases.iter().map(|a| ("aliases", Some(a)));
    let sources = front
        .sources
        .iter()
        .flat_map(|s| [("sources", Some(&s.title)), ("sources", Some(&s.url))]);
    single
        .into_iter()
        .chain(aliases)
        .chain(sources)
        .find_map(|(key, text)| Some((key, crate::text::hidden_control(text?)?)))
}

/// The file line of a top-level key in the YAML block, if present.
pub fn find_key_line(yaml: &str, key: &str) -> Option<usize> {
    yaml.lines()
        .position(|l| l.strip_prefix(key).is_some_and(|r| r.starts_with(':')))
        .map(|i| i + 2)
}

/// A readable message for a YAML or type error.
fn explain_yaml(e: &serde_yaml::Error) -> String {
    let raw = e.to_string();
    // serde_yaml appends " at line X column Y"; the line is reported separately.
    let message = match raw.find(" at line ") {
        Some(i) => &raw[..i],
        None => raw.as_str(),
    };
    // A bad value is reported as "key: problem"; the key is shown as such.
    let (key, message) = match message.split_once(": ") {
        Some((k, m)) if KEYS.iter().any(|known| k.starts_with(known)) => (Some(k), m),
        _ => (None, message),
    };
    let entry = key.and_then(source_entry);
    if let Some(name) = message
        .strip_prefix("duplicate field `")
        .and_then(|r| r.split('`').next())
    {
        return match entry {
            Some(n) => format!("sources: entry {n} has the key \"{name}\" twice: keep one"),
            None => format!("duplicate key \"{name}\": it is written twice; keep one"),
        };
    }
    if let (Some(n), Some(name)) = (entry, message.strip_prefix("missing field `")) {
        let name = name.split('`').next().unwrap_or_default();
        return format!("sources: each entry needs a title and a url; entry {n} has no {name}");
    }
    if let (Some(n), true) = (entry, message.starts_with("needs a text, not null")) {
        return format!("sources: entry {n} has a title or url without text (null or ~ mean nothing in YAML); write it, in quotes if you mean the word");
    }
    if let Some(explained) = key.and_then(|k| explain_type(k, message)) {
        return explained;
    }
    let message = explain_serde(message, KEYS);
    let message = match key {
        Some(k) => format!("{k}: {message}"),
        None => message,
    };
    if message.contains("missing required key \"title\"") {
        return "missing required key \"title\" (every page needs a title)".into();
    }
    message
}

/// For `sources[2]` (and `sources[2].url`): the entry's number counted from 1.
fn source_entry(key: &str) -> Option<usize> {
    let index = key.strip_prefix("sources[")?.split(']').next()?;
    index.parse::<usize>().ok().map(|i| i + 1)
}

/// "invalid type: string "heavy", expected i64" as a sentence about the key:
/// `weight: needs a whole number such as 10, not the text "heavy"`.
fn explain_type(key: &str, message: &str) -> Option<String> {
    let rest = message
        .strip_prefix("invalid type: ")
        .or_else(|| message.strip_prefix("invalid value: "))?;
    let (found, expected) = rest.rsplit_once(", expected ")?;
    let found = describe_value(found);
    if let Some(n) = source_entry(key).filter(|_| !key.contains('.')) {
        return Some(format!(
            "sources: each entry needs a title and a url; entry {n} is {found}"
        ));
    }
    if let (Some(n), Some((_, field))) = (source_entry(key), key.split_once('.')) {
        return Some(format!(
            "sources: the {field} of entry {n} needs a text, not {found} (check quotes and indentation)"
        ));
    }
    let top = key.split(['[', '.']).next().unwrap_or(key);
    let wanted = match top {
        "weight" => "a whole number such as 10",
        "draft" | "machine_translated" => "true or false",
        "aliases" if key.contains('[') => "an old address such as /old-name/",
        "aliases" => "a list of old addresses such as [/old-name/]",
        "sources" => "a list of entries, each with a title and a url",
        _ if expected.contains("string") => "a text",
        _ if expected.contains("i64") || expected.contains("integer") => "a whole number",
        _ if expected.contains("bool") => "true or false",
        _ if expected.contains("sequence") => "a list",
        _ => expected,
    };
    let hint = if found.starts_with("the number") || found.starts_with("an empty") {
        ""
    } else {
        " (check quotes and indentation)"
    };
    Some(format!("{key}: needs {wanted}, not {found}{hint}"))
}

/// A value as serde names it (`string "x"`, `integer `3``) in an editor's words.
fn describe_value(found: &str) -> String {
    let quoted = |s: &str| s.trim_matches('`').to_string();
    if let Some(text) = found.strip_prefix("string ") {
        return format!("the text {text}");
    }
    if let Some(n) = found.strip_prefix("integer ") {
        let n = n.split(" as ").next().unwrap_or(n);
        let large = found.contains(" as u128") || found.contains(" as i128");
        return format!(
            "the number {}{}",
            quoted(n),
            if large { " (far too large)" } else { "" }
        );
    }
    if let Some(n) = found.strip_prefix("floating point ") {
        return format!("the number {}", quoted(n));
    }
    if let Some(b) = found.strip_prefix("boolean ") {
        return quoted(b);
    }
    match found {
        "sequence" => "a list".into(),
        "map" => "a group of keys".into(),
        "unit value" => "an empty value".into(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(yaml: &str) -> String {
        format!("---\n{yaml}---\nBody\n")
    }

    #[test]
    fn parses_all_keys() {
        let text = page(
            "title: Titel\ndescription: Kurz\nupdated: 2026-11-25\nreviewed: 2026-11-20\nweight: 3\ndraft: false\naliases: [/old/]\nsources:\n  - title: BAMF\n    url: https://www.bamf.de/\nsource_updated: 2026-11-01\n",
        );
        let p = parse(&text).unwrap();
        assert_eq!(p.front.title, "Titel");
        assert_eq!(
            p.front.updated,
            Some(Date {
                year: 2026,
                month: 11,
                day: 25
            })
        );
        assert_eq!(p.front.weight, Some(3));
        assert_eq!(p.front.sources[0].url, "https://www.bamf.de/");
        assert_eq!(p.body, "Body\n");
        assert_eq!(p.body_line, 14);
    }

    #[test]
    fn unknown_key_names_line_and_suggests() {
        let e = parse(&page("title: A\ntitel: B\n")).unwrap_err();
        assert_eq!(e.line, Some(3));
        assert_eq!(e.message, "unknown key \"titel\" (did you mean \"title\"?)");
    }

    #[test]
    fn bad_date_names_line() {
        let e = parse(&page("title: A\nupdated: 2026-13-01\n")).unwrap_err();
        assert_eq!(e.line, Some(3));
        assert!(
            e.message.contains("invalid date \"2026-13-01\""),
            "{}",
            e.message
        );
        let e = parse(&page("title: A\nupdated: 2026-02-30\n")).unwrap_err();
        assert!(e.message.contains("no such day"), "{}", e.message);
    }

    #[test]
    fn wrong_type_names_line() {
        let e = parse(&page("title: A\nweight: heavy\n")).unwrap_err();
        assert_eq!(e.line, Some(3));
        assert_eq!(
            e.message,
            "weight: needs a whole number such as 10, not the text \"heavy\" (check quotes and indentation)"
        );
        let e = parse(&page("title: A\nweight: 99999999999999999999\n")).unwrap_err();
        assert_eq!(e.line, Some(3));
        assert_eq!(
            e.message,
            "weight: needs a whole number such as 10, not the number 99999999999999999999 (far too large)"
        );
    }

    #[test]
    fn sources_errors_speak_of_entries() {
        let e = parse(&page("title: A\nsources: [a]\n")).unwrap_err();
        assert_eq!(e.line, Some(3));
        assert_eq!(
            e.message,
            "sources: each entry needs a title and a url; entry 1 is the text \"a\""
        );
        let e = parse(&page("title: A\nsources:\n  - title: x\n")).unwrap_err();
        assert_eq!(
            e.message,
            "sources: each entry needs a title and a url; entry 1 has no url"
        );
    }

    #[test]
    fn null_title_is_an_error() {
        for null in ["null", "~", "Null"] {
            let e = parse(&page(&format!("description: x\ntitle: {null}\n"))).unwrap_err();
            assert_eq!(e.line, Some(3), "{null}");
            assert!(e.message.starts_with("title has no text"), "{}", e.message);
        }
        assert_eq!(
            parse(&page("title: \"null\"\n")).unwrap().front.title,
            "null"
        );
    }

    #[test]
    fn hidden_controls_in_texts_are_errors() {
        let e = parse(&page("title: A\ndescription: \"x\\u202Ey\"\n")).unwrap_err();
        assert_eq!(e.line, Some(3));
        assert!(
            e.message.starts_with("description contains an unpaired"),
            "{}",
            e.message
        );
        let e = parse(&page("title: \"A\\0B\"\n")).unwrap_err();
        assert_eq!(e.line, Some(2));
        assert!(
            e.message.starts_with("title contains a NUL"),
            "{}",
            e.message
        );
        let ok = parse(&page("title: \"\\u2067عربي\\u2069 A\"\n")).unwrap();
        assert!(ok.front.title.contains('\u{2069}'));
    }

    #[test]
    fn years_outside_2000_to_2100_are_errors() {
        let e = parse(&page("title: A\nupdated: 9999-12-31\n")).unwrap_err();
        assert_eq!(e.line, Some(3));
        assert_eq!(
            e.message,
            "invalid date \"9999-12-31\": the year must lie between 2000 and 2100"
        );
        assert!(parse(&page("title: A\nupdated: 2100-12-31\n")).is_ok());
        assert!(parse(&page("title: A\nupdated: 1999-12-31\n")).is_err());
    }

    #[test]
    fn missing_title_is_an_error() {
        let e = parse(&page("description: x\n")).unwrap_err();
        assert!(
            e.message.contains("missing required key \"title\""),
            "{}",
            e.message
        );
    }

    #[test]
    fn claim_appearance_is_a_secure_address_or_a_description() {
        assert_eq!(
            Appearance::parse(" https://example.net/p/1 "),
            Ok(Appearance::Url("https://example.net/p/1"))
        );
        assert_eq!(
            Appearance::parse("Telegram groups, November 2026"),
            Ok(Appearance::Description("Telegram groups, November 2026"))
        );
        for bad in [
            "http://example.net/p",
            "HTTP://example.net",
            "www.example.net",
            "https://",
            "https:///path",
            "https://example.net/a b",
            "t.me://x",
            " ",
        ] {
            assert!(Appearance::parse(bad).is_err(), "{bad}");
        }
        let e = parse(&page(
            "title: A\nclaim: \"R\"\nverdict: false\nclaim_appearance: \"http://x.org\"\n",
        ))
        .unwrap_err();
        assert_eq!(e.line, Some(5));
        assert!(e.message.contains("https://"), "{}", e.message);
    }

    #[test]
    fn unproven_has_no_rating_number() {
        assert_eq!(Verdict::Unproven.rating(), None);
        assert_eq!(Verdict::False.rating(), Some(1));
        assert_eq!(Verdict::Misleading.rating(), Some(2));
        assert_eq!(Verdict::True.rating(), Some(5));
    }

    #[test]
    fn fact_check_keys_are_parsed() {
        let p = parse(&page(
            "title: A\nclaim: \"Rumour\"\nverdict: false\nclaim_seen: 2026-10-01\n",
        ))
        .unwrap();
        assert_eq!(p.front.verdict, Some(Verdict::False));
        assert_eq!(p.front.claim.as_deref(), Some("Rumour"));
        let p = parse(&page("title: A\nclaim: \"R\"\nverdict: \"Misleading\"\n")).unwrap();
        assert_eq!(p.front.verdict, Some(Verdict::Misleading));
    }

    #[test]
    fn bad_verdict_names_line_and_values() {
        let e = parse(&page("title: A\nclaim: \"R\"\nverdict: fake\n")).unwrap_err();
        assert_eq!(e.line, Some(4));
        assert!(
            e.message
                .contains("invalid verdict \"fake\": use one of false, misleading, true, unproven"),
            "{}",
            e.message
        );
        let e = parse(&page("title: A\nclaim: \"R\"\n")).unwrap_err();
        assert_eq!(e.line, Some(3));
        assert!(e.message.contains("needs a verdict"), "{}", e.message);
    }

    #[test]
    fn bom_and_crlf_are_accepted() {
        let text = "\u{feff}---\r\ntitle: A\r\n---\r\nLine one\r\nLine two\r\n";
        let p = parse(text).unwrap();
        assert_eq!(p.front.title, "A");
        assert_eq!(p.body, "Line one\nLine two\n");
        assert_eq!(body_of(text).as_deref(), Some(p.body.as_str()));
        assert_eq!(p.body_line, 4);
    }

    #[test]
    fn empty_and_unclosed_files_are_errors() {
        assert!(parse("").unwrap_err().message.contains("empty"));
        assert!(parse("---\ntitle: A\n")
            .unwrap_err()
            .message
            .contains("not closed"));
        assert!(parse("# Hello\n")
            .unwrap_err()
            .message
            .contains("missing front matter"));
    }

    #[test]
    fn invalid_yaml_names_line() {
        let e = parse(&page("title: A\ndescription: [unclosed\n")).unwrap_err();
        assert!(e.line.unwrap() >= 3, "{e:?}");
    }

    /// The bomb sits in a known key (`aliases`), so that an unknown key or a
    /// wrong type cannot be what refuses it: the message must name the aliases.
    #[test]
    fn alias_bomb_is_refused() {
        let mut yaml = String::from("title: A\naliases:\n  - &a [\"/x/\",\"/x/\",\"/x/\",\"/x/\",\"/x/\",\"/x/\",\"/x/\",\"/x/\",\"/x/\"]\n");
        for pair in ["a", "b", "c", "d", "e", "f", "g", "h"].windows(2) {
            let refs = vec![format!("*{}", pair[0]); 9].join(",");
            yaml.push_str(&format!("  - &{} [{refs}]\n", pair[1]));
        }
        let e = parse(&page(&yaml)).unwrap_err();
        assert_eq!(e.line, Some(4), "{e:?}");
        assert!(
            e.message
                .starts_with("anchors and aliases (&name, *name) are not allowed"),
            "{e:?}"
        );
    }

    /// Even one harmless alias of a valid value is refused, by the shape check.
    #[test]
    fn aliases_of_valid_values_are_refused() {
        let e = parse(&page("title: &t A\ndescription: *t\n")).unwrap_err();
        assert_eq!(e.line, Some(2), "{e:?}");
        assert!(e.message.contains("anchors and aliases"), "{e:?}");
    }

    #[test]
    fn deep_nesting_is_refused_before_the_yaml_parser() {
        let yaml = format!("title: A\ndescription: {}\n", "[".repeat(100_000));
        let e = parse(&page(&yaml)).unwrap_err();
        assert_eq!(e.line, Some(3), "{e:?}");
        assert!(e.message.contains("nested more than 64 levels"), "{e:?}");
    }
}
