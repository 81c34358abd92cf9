//! Tera templates of the theme; typed views are the whole template API.

mod cycles;
pub mod views;

use std::collections::HashMap;
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

/// The compiled templates of the active theme.
pub struct Templates {
    tera: Tera,
    fingerprint: String,
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
        let mut files = Vec::new();
        let mut sources = Vec::new();
        for entry in walkdir::WalkDir::new(&dir).sort_by_file_name() {
            let entry = match entry {
                Ok(e) => e,
                Err(e) => {
                    problems.push(Diagnostic::error(
                        &rel_dir,
                        None,
                        format!("cannot read: {e}"),
                    ));
                    continue;
                }
            };
            let path = entry.path();
            if entry.file_type().is_file()
                && path.extension().is_some_and(|e| e == "html" || e == "xml")
            {
                let name = path
                    .strip_prefix(&dir)
                    .unwrap_or(path)
                    .to_string_lossy()
                    .replace('\\', "/");
                sources.extend(std::fs::read(path).unwrap_or_default());
                files.push((path.to_path_buf(), Some(name)));
            }
        }
        if let Err(e) = tera.add_template_files(files) {
            problems.push(parse_error(config, &dir, &rel_dir, &e));
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
        Ok(Self {
            tera,
            fingerprint: crate::pipeline::short_hash(&sources),
        })
    }

    /// A hash of the templates' sources.
    pub fn fingerprint(&self) -> &str {
        &self.fingerprint
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
fn parse_error(config: &Config, dir: &Path, rel_dir: &Path, error: &tera::Error) -> Diagnostic {
    let text = describe(error);
    let file = text
        .split_once("Failed to parse \"")
        .and_then(|(_, rest)| rest.split('"').next())
        .map(|p| {
            let p = Path::new(p);
            let p = p.strip_prefix(&config.root).unwrap_or(p);
            let p = p.strip_prefix(".").unwrap_or(p);
            p.to_path_buf()
        })
        .filter(|p| p.starts_with(rel_dir) || p.starts_with(dir))
        .unwrap_or_else(|| rel_dir.to_path_buf());
    let line = text
        .find("--> ")
        .and_then(|at| text[at + 4..].split(':').next()?.trim().parse().ok());
    let message = text
        .rsplit_once(" = ")
        .map(|(_, m)| m.to_string())
        .unwrap_or(text);
    Diagnostic::error(file, line, message)
}

/// The `t(key=..., lang=..., count=..., name=value...)` template function.
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
            if matches!(name.as_str(), "key" | "lang" | "count") {
                continue;
            }
            let text = match value {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            fills.push((name.as_str(), text));
        }
        self.i18n
            .translate(lang, key, count, &fills)
            .map(Value::String)
            .ok_or_else(|| {
                tera::Error::msg(format!(
                    "unknown UI string \"{key}\": add it to i18n/<lang>.yaml"
                ))
            })
    }

    fn is_safe(&self) -> bool {
        false
    }
}
