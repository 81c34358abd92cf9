//! Tera templates of the theme; typed views are the whole template API.

mod cycles;
pub mod services;
pub mod views;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;
use std::sync::Arc;

use serde::Serialize;
use tera::{Tera, Value};

use crate::config::Config;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::i18n::I18n;

/// Templates every theme must have.
pub const REQUIRED: &[&str] = &[
    "root.html",
    "home.html",
    "topic.html",
    "article.html",
    "404.html",
];

/// The template of the redirect pages of old addresses (`aliases`).
pub const ALIAS: &str = "alias.html";

/// The alias page used when the theme has no `alias.html`.
const BUILT_IN_ALIAS: &str = include_str!("alias.html");

/// The compiled templates of the active theme.
pub struct Templates {
    tera: Tera,
    fingerprint: String,
    /// For each template, the ids it and the templates it uses write.
    ids: BTreeMap<String, BTreeSet<String>>,
    /// For each template, the variables that it and the templates it uses
    /// read at the top level (`contact` in `contact.channels`).
    reads: BTreeMap<String, BTreeSet<String>>,
}

impl Templates {
    /// Compiles every template of the theme once.
    pub fn load(config: &Config, i18n: Arc<I18n>) -> Result<Self, Diagnostics> {
        let dir = config.theme_dir().join("templates");
        let rel_dir = Path::new("themes").join(&config.theme).join("templates");
        let mut problems = Diagnostics::new();
        if !dir.is_dir() {
            problems.push(Diagnostic::error(
                &rel_dir,
                None,
                format!("theme \"{}\" has no templates folder", config.theme),
            ));
            return Err(problems);
        }
        let mut tera = Tera::default();
        let mut templates = Vec::new();
        let mut sources = Vec::new();
        let mut texts = BTreeMap::new();
        for entry in config.input.walk(&dir, |_| false) {
            let entry = match entry {
                Ok(e) => e,
                Err(e) => {
                    problems.push(e.diagnostic());
                    continue;
                }
            };
            let path = &entry.path;
            if entry.is_dir() || !path.extension().is_some_and(|e| e == "html" || e == "xml") {
                continue;
            }
            let name = path
                .strip_prefix(&dir)
                .unwrap_or(path)
                .to_string_lossy()
                .replace('\\', "/");
            let text = entry.read().map_err(|e| e.diagnostic()).and_then(|bytes| {
                String::from_utf8(bytes).map_err(|_| {
                    Diagnostic::error(
                        rel_dir.join(&name),
                        None,
                        "the file is not valid UTF-8: save it with UTF-8 encoding",
                    )
                })
            });
            match text {
                Ok(text) => {
                    sources.extend(text.as_bytes());
                    texts.insert(name.clone(), text.clone());
                    templates.push((name, text));
                }
                Err(d) => problems.push(d),
            }
        }
        if problems.has_errors() {
            return Err(problems);
        }
        if !templates.iter().any(|(name, _)| name == ALIAS) {
            templates.push((ALIAS.to_string(), BUILT_IN_ALIAS.to_string()));
        }
        if let Err(e) = tera.add_raw_templates(templates) {
            problems.push(parse_error(&rel_dir, &e));
            return Err(problems);
        }
        for name in REQUIRED {
            if !tera.get_template_names().any(|n| n == *name) {
                problems.push(Diagnostic::error(
                    rel_dir.join(name),
                    None,
                    "missing template: every theme needs root.html, home.html, topic.html, article.html, page.html, neutral.html and 404.html",
                ));
            }
        }
        if let Some((file, names)) = cycles::find_cycle(&tera) {
            let how = if names.len() <= 2 {
                String::new()
            } else {
                format!(" (through {})", names[1..names.len() - 1].join(", "))
            };
            problems.push(Diagnostic::error(
                rel_dir.join(file),
                None,
                format!(
                    "macro `{}` calls itself{how}: a macro must not call itself, directly or through other macros, as it would never end",
                    names[0]
                ),
            ));
        }
        if let Some(files) = cycles::find_include_cycle(&tera) {
            let how = if files.len() <= 2 {
                String::new()
            } else {
                format!(" (through {})", files[1..files.len() - 1].join(", "))
            };
            problems.push(Diagnostic::error(
                rel_dir.join(&files[0]),
                None,
                format!("this template includes itself{how}: it would never end"),
            ));
        }
        if problems.has_errors() {
            return Err(problems);
        }
        let codes: HashMap<String, usize> = config
            .languages
            .iter()
            .enumerate()
            .map(|(i, l)| (l.code().to_string(), i))
            .collect();
        tera.register_function("t", Translate { i18n, codes });
        let ids = texts
            .keys()
            .map(|name| (name.clone(), ids_of(name, &texts)))
            .collect();
        let reads = texts
            .keys()
            .map(|name| (name.clone(), reads_of(name, &texts)))
            .collect();
        Ok(Self {
            tera,
            fingerprint: crate::hash::short_hash(&sources),
            ids,
            reads,
        })
    }

    /// A hash of the templates' sources.
    pub fn fingerprint(&self) -> &str {
        &self.fingerprint
    }

    /// The element ids that template `name`, its parents and the templates
    /// it includes write literally (`id="main"`), and those of the blocks
    /// put into pages (`blocks/`): headings of a page shown with it must
    /// not take them.
    pub fn reserved_ids(&self, name: &str) -> BTreeSet<String> {
        let mut ids = self.ids.get(name).cloned().unwrap_or_default();
        for (block, block_ids) in self.ids.range("blocks/".to_string()..) {
            if !block.starts_with("blocks/") {
                break;
            }
            ids.extend(block_ids.iter().cloned());
        }
        ids
    }

    /// Whether template `name`, its parents or a template it includes or
    /// imports reads the variable `variable` itself.
    pub fn reads(&self, name: &str, variable: &str) -> bool {
        self.reads.get(name).is_none_or(|r| r.contains(variable))
    }

    /// Whether the theme has the template `name`.
    pub fn has(&self, name: &str) -> bool {
        self.ids.contains_key(name)
    }

    /// Renders one template with a view into UTF-8 bytes; errors name the template.
    pub fn render(
        &self,
        config: &Config,
        name: &str,
        view: &impl Serialize,
    ) -> Result<Vec<u8>, Diagnostic> {
        let error =
            |e: tera::Error| Diagnostic::error(template_path(config, name), None, describe(&e));
        let context = tera::Context::from_serialize(view).map_err(error)?;
        let mut out = Vec::with_capacity(16 * 1024);
        self.tera
            .render_to(name, &context, &mut out)
            .map_err(error)?;
        Ok(out)
    }
}

/// The texts of template `name` and of every template it extends,
/// includes or imports, followed to the end.
fn texts_used<'t>(name: &str, texts: &'t BTreeMap<String, String>) -> Vec<&'t str> {
    let mut found = Vec::new();
    let mut seen = BTreeSet::new();
    let mut queue = vec![name.to_string()];
    while let Some(next) = queue.pop() {
        if !seen.insert(next.clone()) {
            continue;
        }
        let Some(text) = texts.get(&next) else {
            continue;
        };
        queue.extend(used_templates(text));
        found.push(text.as_str());
    }
    found
}

/// The names that template `name` and every template it extends, includes
/// or imports read at the top level of an expression: identifiers in tags,
/// outside strings, not after a `.`.
fn reads_of(name: &str, texts: &BTreeMap<String, String>) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    for text in texts_used(name, texts) {
        for tag in tags(text) {
            let mut chars = tag.char_indices().peekable();
            let mut previous = ' ';
            while let Some((at, c)) = chars.next() {
                if c == '"' || c == '\'' || c == '`' {
                    // Skip the string.
                    for (_, d) in chars.by_ref() {
                        if d == c {
                            break;
                        }
                    }
                    previous = c;
                    continue;
                }
                if c.is_alphabetic() || c == '_' {
                    let mut end = at + c.len_utf8();
                    while let Some(&(i, d)) = chars.peek() {
                        if d.is_alphanumeric() || d == '_' {
                            end = i + d.len_utf8();
                            chars.next();
                        } else {
                            break;
                        }
                    }
                    if previous != '.' {
                        names.insert(tag[at..end].to_string());
                    }
                    previous = 'a';
                    continue;
                }
                if !c.is_whitespace() {
                    previous = c;
                }
            }
        }
    }
    names
}

/// The insides of a template's `{{ }}` and `{% %}` tags.
fn tags(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = text;
    std::iter::from_fn(move || loop {
        let start = rest.find('{')?;
        let after = &rest[start + 1..];
        let close = match after.chars().next() {
            Some('{') => "}}",
            Some('%') => "%}",
            _ => {
                rest = after;
                continue;
            }
        };
        let inner = &after[1..];
        let end = inner.find(close).unwrap_or(inner.len());
        rest = &inner[end..];
        return Some(&inner[..end]);
    })
}

/// The literal ids of template `name` and of every template it extends,
/// includes or imports, followed to the end.
fn ids_of(name: &str, texts: &BTreeMap<String, String>) -> BTreeSet<String> {
    texts_used(name, texts)
        .into_iter()
        .flat_map(literal_ids)
        .collect()
}

/// The templates named in `{% extends %}`, `{% include %}` and `{% import %}` tags.
fn used_templates(text: &str) -> Vec<String> {
    let mut names = Vec::new();
    for tag in text.split("{%").skip(1) {
        let tag = tag.split("%}").next().unwrap_or_default();
        let tag = tag.trim_start_matches('-').trim_start();
        let Some(rest) = ["extends", "include", "import"]
            .iter()
            .find_map(|word| tag.strip_prefix(word))
        else {
            continue;
        };
        let rest = rest.trim_start();
        let Some(quote) = rest.chars().next().filter(|c| matches!(c, '"' | '\'')) else {
            continue;
        };
        if let Some(name) = rest[1..].split(quote).next() {
            names.push(name.to_string());
        }
    }
    names
}

/// Every `id="..."` (or `id='...'`) written literally in template text;
/// ids built from template expressions are left out.
fn literal_ids(text: &str) -> BTreeSet<String> {
    let mut ids = BTreeSet::new();
    let bytes = text.as_bytes();
    let mut from = 0;
    while let Some(at) = text[from..].find("id=").map(|i| i + from) {
        from = at + 3;
        let attribute_start = at == 0 || bytes[at - 1].is_ascii_whitespace();
        let Some(&quote) = bytes.get(at + 3) else {
            break;
        };
        if !attribute_start || (quote != b'"' && quote != b'\'') {
            continue;
        }
        let rest = &text[at + 4..];
        if let Some(end) = rest.find(quote as char) {
            let id = &rest[..end];
            if !id.is_empty() && !id.contains(['{', '}', '<', '>']) {
                ids.insert(id.to_string());
            }
        }
    }
    ids
}

fn template_path(config: &Config, name: &str) -> std::path::PathBuf {
    Path::new("themes")
        .join(&config.theme)
        .join("templates")
        .join(name)
}

/// All causes of a Tera error on one line.
fn describe(error: &tera::Error) -> String {
    let mut parts = vec![error.to_string()];
    let mut source = std::error::Error::source(error);
    while let Some(s) = source {
        parts.push(s.to_string());
        source = s.source();
    }
    parts
        .iter()
        .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect::<Vec<_>>()
        .join(": ")
}

/// A template syntax error as `file:line: message`.
fn parse_error(rel_dir: &Path, error: &tera::Error) -> Diagnostic {
    let text = describe(error);
    let file = text
        .split_once("Failed to parse '")
        .and_then(|(_, rest)| rest.split('\'').next())
        .map_or_else(|| rel_dir.to_path_buf(), |name| rel_dir.join(name));
    let line = text
        .find("--> ")
        .and_then(|at| text[at + 4..].split(':').next()?.trim().parse().ok());
    let message = text
        .rsplit_once(" = ")
        .map(|(_, m)| m.to_string())
        .unwrap_or(text);
    Diagnostic::error(file, line, message)
}

/// The `t(key=..., lang=..., count=..., datetime=..., name=value...)`
/// template function: escaped HTML; `datetime` marks up `{date}` as `<time>`.
struct Translate {
    i18n: Arc<I18n>,
    codes: HashMap<String, usize>,
}

impl tera::Function for Translate {
    fn call(&self, args: &HashMap<String, Value>) -> tera::Result<Value> {
        let key = args
            .get("key")
            .and_then(Value::as_str)
            .ok_or_else(|| tera::Error::msg("t() needs key=\"...\""))?;
        let code = args
            .get("lang")
            .and_then(Value::as_str)
            .ok_or_else(|| tera::Error::msg(format!("t(key=\"{key}\") needs lang=...")))?;
        let lang = *self
            .codes
            .get(code)
            .ok_or_else(|| tera::Error::msg(format!("t(): unknown language \"{code}\"")))?;
        let count = args.get("count").and_then(Value::as_u64);
        let mut fills: Vec<(&str, String)> = Vec::new();
        for (name, value) in args {
            if matches!(name.as_str(), "key" | "lang" | "count" | "datetime") {
                continue;
            }
            let text = match value {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            fills.push((name.as_str(), text));
        }
        let datetime = args.get("datetime").and_then(Value::as_str);
        self.i18n
            .translate_html(lang, key, count, &fills, datetime)
            .map(Value::String)
            .ok_or_else(|| {
                tera::Error::msg(format!(
                    "unknown UI string \"{key}\": add it to i18n/<lang>.yaml"
                ))
            })
    }

    /// The text comes escaped from [`I18n::translate_html`].
    fn is_safe(&self) -> bool {
        true
    }
}

/// What the theme's templates and scripts fill into UI strings, read from
/// their sources before the UI strings are loaded; files that cannot be read
/// are left to [`Templates::load`] to report.
pub fn theme_arguments(config: &Config) -> crate::i18n::ThemeArguments {
    let theme = config.theme_dir();
    let read = |dir: &Path, ext: &str| -> Vec<String> {
        config
            .input
            .walk(dir, |_| false)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| !e.is_dir() && e.path.extension().is_some_and(|x| x == ext))
            .filter_map(|e| e.read().ok())
            .map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
            .collect()
    };
    let templates = read(&theme.join("templates"), "html");
    let scripts = read(&theme.join("static"), "js");
    crate::i18n::ThemeArguments {
        filled: ui_string_arguments(templates.iter().map(String::as_str)),
        scripted: scripts
            .iter()
            .flat_map(|s| script_placeholders(s))
            .collect(),
    }
}

/// The `{name}` placeholders a script fills in UI strings.
fn script_placeholders(script: &str) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    for (start, _) in script.match_indices('{') {
        let rest = &script[start + 1..];
        let Some(end) = rest.find('}') else { continue };
        let name = &rest[..end];
        if !name.is_empty()
            && name.len() <= 32
            && name.chars().all(|c| c.is_ascii_lowercase() || c == '_')
        {
            names.insert(name.to_string());
        }
    }
    names
}

/// The arguments that template sources pass to `t()` for each literal key,
/// without `key`, `lang` and `datetime` (which are not placeholders).
fn ui_string_arguments<'a>(
    sources: impl Iterator<Item = &'a str>,
) -> BTreeMap<String, BTreeSet<String>> {
    let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for source in sources {
        let mut rest = source;
        while let Some(start) = rest.find("t(key=\"") {
            rest = &rest[start + 7..];
            let Some(end) = rest.find('"') else { break };
            let key = &rest[..end];
            let after = &rest[end + 1..];
            // A key built at render time (`"verdict_" ~ x`) is not known here.
            if after.trim_start().starts_with('~') {
                continue;
            }
            let call = &after[..after.find(')').unwrap_or(after.len())];
            let names = out.entry(key.to_string()).or_default();
            for part in call.split(',') {
                let Some((name, _)) = part.split_once('=') else {
                    continue;
                };
                let name = name.trim();
                let is_name =
                    !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
                if is_name && !matches!(name, "key" | "lang" | "datetime") {
                    names.insert(name.to_string());
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {

    #[test]
    fn variables_read_are_found_outside_strings_and_after_no_dot() {
        let mut texts = BTreeMap::new();
        texts.insert(
            "page.html".to_string(),
            r#"{% extends "base.html" %}{% import "services.html" as sv %}
{% if contact %}{{ blocks.contact | safe }}{% endif %}{{ t(key="local_example") }}"#
                .to_string(),
        );
        texts.insert(
            "base.html".to_string(),
            "{{ lang.title }} {%- if x.local %}".to_string(),
        );
        let reads = reads_of("page.html", &texts);
        for name in ["contact", "blocks", "t", "lang", "x"] {
            assert!(reads.contains(name), "{name}: {reads:?}");
        }
        for name in ["services", "local", "title"] {
            assert!(!reads.contains(name), "{name}: {reads:?}");
        }
    }

    #[test]
    fn arguments_of_ui_strings_are_read_from_template_calls() {
        let found = super::ui_string_arguments(
            [
                r#"{{ t(key="updated", lang=lang.code, date=a.b, datetime=a.c) }}"#,
                r#"{{ t(key="verdict_" ~ x, lang=l) }} {{ t(key="home", lang=l) }}"#,
                r#"{{ t(key="articles", lang=l, count=n | length) }}"#,
            ]
            .into_iter(),
        );
        let names = |k: &str| found[k].iter().cloned().collect::<Vec<_>>();
        assert_eq!(names("updated"), ["date"]);
        assert_eq!(names("articles"), ["count"]);
        assert!(names("home").is_empty());
        assert!(!found.keys().any(|k| k.starts_with("verdict")));
    }

    use super::*;

    #[test]
    fn literal_ids_are_collected_and_built_ones_left_out() {
        let ids = literal_ids(
            "<main id=\"main\"><h2 id='toc-title'>x</h2><a data-id=\"no\"></a><p id=\"{{ e.id }}\"></p>\n<input id=\"q\">",
        );
        let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
        assert_eq!(ids, ["main", "q", "toc-title"]);
    }

    #[test]
    fn ids_follow_extends_include_and_import() {
        let texts: BTreeMap<String, String> = [
            (
                "base.html",
                "<main id=\"main\">{% include \"part.html\" %}{% block c %}{% endblock %}",
            ),
            ("part.html", "<input id=\"q\">"),
            (
                "macros.html",
                "{% macro x() %}<b id=\"m\"></b>{% endmacro %}",
            ),
            (
                "home.html",
                "{% extends \"base.html\" %}{%- import 'macros.html' as m %}<ul id=\"topics\">",
            ),
            (
                "article.html",
                "{% extends \"base.html\" %}<h2 id=\"toc-title\">",
            ),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        let names = |ids: BTreeSet<String>| ids.into_iter().collect::<Vec<_>>();
        assert_eq!(
            names(ids_of("home.html", &texts)),
            ["m", "main", "q", "topics"]
        );
        assert_eq!(
            names(ids_of("article.html", &texts)),
            ["main", "q", "toc-title"]
        );
    }
}
