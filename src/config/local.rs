//! Local sites: `sites/<id>/site.toml`, a municipality's site made from the
//! shared one, with its own address, languages, contacts and local content.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::{
    check_image_path, contact, description_problem, explain_serde, key_line, key_line_after,
    normalize_base_url, read_contact, table_line, Config, CONFIG_FILE,
};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::input::{InputError, SiteRoot};

/// The folder that holds the local sites, one folder per site.
pub const SITES_DIR: &str = "sites";

/// The id under which `build --all` writes the shared site; no local site may take it.
pub const SHARED_ID: &str = "shared";

/// Keys allowed at the top of a local `site.toml`.
const LOCAL_KEYS: &[&str] = &[
    "name",
    "base_url",
    "languages",
    "image",
    "hide",
    "example",
    "contact",
];

/// Keys allowed in a local `[languages.xx]` table.
const LOCAL_LANGUAGE_KEYS: &[&str] = &["title", "description", "name", "image"];

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLocal {
    name: String,
    #[serde(default)]
    base_url: Option<String>,
    #[serde(default)]
    languages: Option<toml::Table>,
    #[serde(default)]
    image: Option<String>,
    #[serde(default)]
    hide: Vec<String>,
    #[serde(default)]
    example: bool,
    #[serde(default)]
    contact: Option<contact::RawContact>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawLocalLanguage {
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    image: Option<String>,
}

/// What a local site adds to the shared configuration.
#[derive(Debug, Clone)]
pub struct Local {
    /// The site's id: its folder name under `sites/`.
    pub id: String,
    /// The place's name (`Musterstadt`), as the local `site.toml` writes it.
    pub name: String,
    /// The place's name per language of the local site (index as in
    /// [`Config::languages`]), where the site gives one.
    pub names: Vec<Option<String>>,
    /// Shared articles (`topic/article`) or topics (`topic`) the site does
    /// not show, with the line of `hide` in its `site.toml`.
    pub hide: Vec<(String, Option<usize>)>,
    /// Whether the local data is example data (said on every page).
    pub example: bool,
    /// The site's folder, relative to the root: `sites/<id>`.
    pub dir: PathBuf,
    /// The languages of the shared site that this site leaves out (codes).
    pub left_out: Vec<String>,
    /// The shared site's base URL, where the pages this site hides are.
    pub shared_base_url: String,
}

impl Local {
    /// The place's name in language `lang`, else its own name.
    pub fn name_in(&self, lang: usize) -> &str {
        self.names
            .get(lang)
            .and_then(|n| n.as_deref())
            .unwrap_or(&self.name)
    }

    /// Whether the site hides the shared page `key` (an article or a topic).
    pub fn hides(&self, key: &str) -> bool {
        self.hide.iter().any(|(h, _)| {
            key == h
                || key
                    .strip_prefix(h.as_str())
                    .is_some_and(|r| r.starts_with('/'))
        })
    }

    /// The local `site.toml`, relative to the root.
    pub fn config_file(&self) -> PathBuf {
        self.dir.join(CONFIG_FILE)
    }
}

/// Whether `id` can name a local site (a folder under `sites/`).
pub fn check_site_id(id: &str) -> Result<(), String> {
    let ok = !id.is_empty()
        && id.len() <= 64
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !id.starts_with('-');
    if id == SHARED_ID {
        return Err(format!(
            "site id \"{id}\" is taken: `build --all` writes the shared site into OUTPUT/{id}/; rename the folder"
        ));
    }
    if ok {
        Ok(())
    } else {
        Err(format!(
            "site id \"{id}\" must be lowercase ASCII letters, digits and '-' (it is the folder name under sites/ and a part of output paths)"
        ))
    }
}

/// The ids of the local sites under `root/sites/`, sorted; folders without
/// a `site.toml` are an error.
pub fn site_ids(root: &Path) -> Result<Vec<String>, Diagnostics> {
    let dir = root.join(SITES_DIR);
    let mut problems = Diagnostics::new();
    let mut ids = Vec::new();
    if !dir.is_dir() {
        return Ok(ids);
    }
    let input = SiteRoot::new(root);
    let listing = match std::fs::read_dir(&dir) {
        Ok(listing) => listing,
        Err(e) => {
            problems.push(Diagnostic::error(
                SITES_DIR,
                None,
                format!("cannot read the sites/ folder: {e}"),
            ));
            return Err(problems);
        }
    };
    let mut paths: Vec<PathBuf> = listing.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for path in paths {
        if path.file_name().is_some_and(|n| {
            n.as_encoded_bytes().starts_with(b".") || crate::input::is_editor_file(n)
        }) {
            continue;
        }
        let entry = match input.entry(&path) {
            Ok(e) => e,
            Err(e) => {
                problems.push(e.diagnostic());
                continue;
            }
        };
        let name = entry
            .path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let rel = Path::new(SITES_DIR).join(&name);
        if !entry.is_dir() {
            if name != "README.md" {
                problems.push(Diagnostic::error(
                    &rel,
                    None,
                    "only folders of local sites belong in sites/ (sites/<id>/site.toml)",
                ));
            }
            continue;
        }
        if let Err(msg) = check_site_id(&name) {
            problems.push(Diagnostic::error(&rel, None, msg));
            continue;
        }
        if !entry.path.join(CONFIG_FILE).is_file() {
            problems.push(Diagnostic::error(
                rel.join(CONFIG_FILE),
                None,
                "a local site needs its site.toml (with at least name = \"…\")",
            ));
            continue;
        }
        ids.push(name);
    }
    if problems.has_errors() {
        return Err(problems);
    }
    ids.sort();
    Ok(ids)
}

impl Config {
    /// The configuration of local site `id`: the shared one with the
    /// settings of `sites/<id>/site.toml`.
    pub fn load_local(&self, id: &str) -> Result<Config, Diagnostics> {
        let dir = Path::new(SITES_DIR).join(id);
        let file = dir.join(CONFIG_FILE);
        let mut problems = Diagnostics::new();
        if let Err(msg) = check_site_id(id) {
            problems.push(Diagnostic::error(&dir, None, msg));
            return Err(problems);
        }
        if !self.root.join(&dir).is_dir() {
            let known = site_ids(&self.root).unwrap_or_default();
            let hint = match known.is_empty() {
                true => "there are no local sites (sites/<id>/site.toml)".to_string(),
                false => format!("the local sites are: {}", known.join(", ")),
            };
            problems.push(Diagnostic::error(
                &dir,
                None,
                format!("there is no local site \"{id}\": {hint}"),
            ));
            return Err(problems);
        }
        let text = self
            .input
            .read_to_string(&self.root.join(&file))
            .map_err(|e| {
                let message = match &e {
                    InputError::Io { source, .. } => {
                        format!("cannot read the local site's configuration: {source}")
                    }
                    other => other.to_string(),
                };
                let mut all = Diagnostics::new();
                all.push(Diagnostic::error(&file, None, message));
                all
            })?;
        self.with_local(id, &text)
    }

    /// Applies the text of local site `id`'s `site.toml` to a copy of this
    /// (shared) configuration.
    pub fn with_local(&self, id: &str, text: &str) -> Result<Config, Diagnostics> {
        let dir = Path::new(SITES_DIR).join(id);
        let file = dir.join(CONFIG_FILE);
        let mut problems = Diagnostics::new();
        let mut error = |line: Option<usize>, message: String| {
            problems.push(Diagnostic::error(&file, line, message));
        };
        let raw: RawLocal = match toml::from_str(text) {
            Ok(raw) => raw,
            Err(e) => {
                let line = e.span().map(|s| crate::diagnostic::line_of(text, s.start));
                error(line, explain_serde(e.message(), LOCAL_KEYS));
                return Err(problems);
            }
        };
        let mut config = self.clone();
        let name = raw.name.trim().to_string();
        if name.is_empty() || name.contains(['\n', '\r']) {
            error(
                key_line(text, "name"),
                "name must be the place's name on one line, e.g. name = \"Musterstadt\"".into(),
            );
        }
        if let Some(problem) = crate::text::hidden_control(&name) {
            error(key_line(text, "name"), format!("name {problem}"));
        }
        match &raw.base_url {
            Some(url) => match normalize_base_url(url) {
                Ok((base_url, _)) if base_url == self.base_url => error(
                    key_line(text, "base_url"),
                    format!("base_url is the shared site's address ({base_url}): a local site needs an address of its own"),
                ),
                Ok((base_url, base_path)) => {
                    config.base_url = base_url;
                    config.base_path = base_path;
                }
                Err(msg) => error(key_line(text, "base_url"), msg),
            },
            None => error(
                None,
                "a local site needs its own address: add base_url = \"https://…/\" (each site's pages name their own address for link previews and search engines)".into(),
            ),
        }
        if let Some(image) = &raw.image {
            match check_image_path(image) {
                Ok(()) => {
                    config.image = Some(image.clone());
                    config.image_line = key_line(text, "image");
                }
                Err(msg) => error(key_line(text, "image"), msg),
            }
        }

        // The languages: those with a table, in the shared order.
        let mut names = Vec::new();
        let mut left_out = Vec::new();
        if let Some(tables) = &raw.languages {
            for code in tables.keys() {
                if self.language_index(code).is_none() {
                    let known: Vec<&str> = self.languages.iter().map(|l| l.code()).collect();
                    error(
                        table_line(text, code),
                        format!(
                            "language \"{code}\" is not a language of the shared site (site.toml has: {})",
                            known.join(", ")
                        ),
                    );
                }
            }
            let default = self.default_lang().code().to_string();
            if !tables.contains_key(&default) {
                error(
                    None,
                    format!(
                        "a local site shows every article in its source language: add a [languages.{default}] table"
                    ),
                );
            }
            let mut kept = Vec::new();
            for language in &self.languages {
                let code = language.code();
                let Some(value) = tables.get(code) else {
                    left_out.push(code.to_string());
                    continue;
                };
                let line = table_line(text, code);
                let raw_lang: RawLocalLanguage = match value.clone().try_into() {
                    Ok(l) => l,
                    Err(e) => {
                        let e: toml::de::Error = e;
                        let key = e
                            .message()
                            .strip_prefix("unknown field `")
                            .and_then(|r| r.split('`').next())
                            .and_then(|key| key_line_after(text, line, key));
                        error(
                            key.or(line),
                            format!(
                                "[languages.{code}]: {}",
                                explain_serde(e.message(), LOCAL_LANGUAGE_KEYS)
                            ),
                        );
                        continue;
                    }
                };
                let mut language = language.clone();
                if let Some(title) = raw_lang.title {
                    language.title = title;
                }
                if let Some(d) = raw_lang.description.as_deref().map(str::trim) {
                    match description_problem(d) {
                        Some(problem) => error(
                            key_line_after(text, line, "description").or(line),
                            format!("[languages.{code}]: the description {problem}"),
                        ),
                        None => language.description = Some(d.to_string()),
                    }
                }
                if let Some(image) = raw_lang.image {
                    let image_line = key_line_after(text, line, "image").or(line);
                    match check_image_path(&image) {
                        Ok(()) => {
                            language.image = Some(image);
                            language.image_line = image_line;
                        }
                        Err(msg) => error(image_line, format!("[languages.{code}]: {msg}")),
                    }
                }
                let name = raw_lang.name.map(|n| n.trim().to_string());
                if let Some(problem) = name.as_deref().and_then(super::place_problem) {
                    error(
                        key_line_after(text, line, "name").or(line),
                        format!("[languages.{code}]: name {problem}"),
                    );
                }
                if name.is_some() {
                    language.place = name.clone();
                }
                names.push(name);
                kept.push(language);
            }
            config.default_language = kept.iter().position(|l| l.code() == default).unwrap_or(0);
            config.languages = kept;
        } else {
            names = vec![None; self.languages.len()];
        }
        // A site-wide image of the shared site names a shared file with
        // shared text: a local image replaces it where the site sets one.

        let hide_line = key_line(text, "hide");
        let mut hide = Vec::new();
        for entry in &raw.hide {
            let key = entry.trim().trim_matches('/').to_string();
            let valid = !key.is_empty()
                && key.split('/').count() <= 2
                && key
                    .split('/')
                    .all(|p| check_site_id(p).is_ok() && !p.ends_with('-'));
            if !valid {
                error(
                    hide_line,
                    format!(
                        "hide: \"{entry}\" must name a shared topic (\"family\") or article (\"family/child-benefit\")"
                    ),
                );
                continue;
            }
            hide.push((key, hide_line));
        }

        if let Some(raw_contact) = &raw.contact {
            let mut contact_problems = Diagnostics::new();
            config.contact =
                read_contact(raw_contact, &config.languages, text, &mut contact_problems);
            for mut d in contact_problems.sorted() {
                d.path = Some(file.clone());
                problems.push(d);
            }
        } else {
            // The shared channels, with the languages re-counted for this site.
            let kept: Vec<Option<usize>> = self
                .languages
                .iter()
                .map(|l| config.language_index(l.code()))
                .collect();
            for channel in &mut config.contact.channels {
                channel.languages = channel
                    .languages
                    .iter()
                    .filter_map(|&i| kept.get(i).copied().flatten())
                    .collect();
            }
        }
        if problems.has_errors() {
            return Err(problems);
        }
        config.place = Some(name.clone());
        config.local = Some(Local {
            id: id.to_string(),
            name,
            names,
            hide,
            example: raw.example,
            dir,
            left_out,
            shared_base_url: self.base_url.clone(),
        });
        Ok(config)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shared() -> Config {
        let text = r#"
base_url = "https://shared.example/"
default_language = "de"
[languages.de]
name = "Deutsch"
title = "Lotse"
[languages.ar]
name = "العربية"
title = "لوتسه"
[languages.ro]
name = "Română"
title = "Lotse RO"
[[contact.channels]]
kind = "email"
value = "team@shared.example"
languages = ["de", "ro"]
"#;
        match Config::parse(Path::new("/site"), text) {
            Ok(c) => c,
            Err(e) => panic!("{:?}", e.sorted()),
        }
    }

    #[test]
    fn a_local_site_keeps_the_shared_order_and_its_own_languages() {
        let text = r#"
name = "Musterstadt"
base_url = "https://musterstadt.example/"
hide = ["family", "health/emergency"]
example = true
[languages.ro]
title = "Lotse Musterstadt"
[languages.de]
title = "Lotse Musterstadt"
name = "Musterstadt"
"#;
        let local = shared().with_local("musterstadt", text).expect("valid");
        let codes: Vec<&str> = local.languages.iter().map(|l| l.code()).collect();
        assert_eq!(codes, ["de", "ro"]);
        assert_eq!(local.default_language, 0);
        assert_eq!(local.base_url, "https://musterstadt.example/");
        assert_eq!(local.languages[1].title, "Lotse Musterstadt");
        // The shared contact's languages are counted in the local order.
        assert_eq!(local.contact.channels[0].languages, vec![0, 1]);
        let info = local.local.expect("local");
        assert!(info.hides("family/child-benefit"));
        assert!(info.hides("health/emergency"));
        assert!(!info.hides("health"));
        assert!(!info.hides("familyx"));
        assert_eq!(info.left_out, ["ar"]);
        assert_eq!(info.name_in(0), "Musterstadt");
    }

    #[test]
    fn mistakes_name_the_local_file_and_line() {
        let cases = [
            ("name = \"X\"\nbase = \"y\"\n", 2, "unknown key \"base\""),
            ("name = \"X\"\n", 0, "needs its own address"),
            (
                "name = \"X\"\nbase_url = \"https://x.example/\"\n[languages.de]\nname = \"A\\u202EB\"\n",
                4,
                "[languages.de]: name",
            ),
            (
                "name = \"X\"\nbase_url = \"https://x.example/\"\n[languages.ar]\ntitle = \"t\"\n",
                0,
                "add a [languages.de] table",
            ),
            (
                "name = \"X\"\nbase_url = \"https://x.example/\"\n[languages.de]\n[languages.tr]\n",
                4,
                "not a language of the shared site",
            ),
            (
                "name = \"X\"\nbase_url = \"https://x.example/\"\nhide = [\"../etc\"]\n",
                3,
                "must name a shared topic",
            ),
            (
                "name = \"X\"\nbase_url = \"https://x.example/\"\n[languages.de]\ntitel = \"t\"\n",
                4,
                "[languages.de]",
            ),
        ];
        for (text, line, wanted) in cases {
            let problems = shared().with_local("m", text).expect_err(text).sorted();
            let d = &problems[0];
            assert_eq!(
                d.path.as_deref(),
                Some(Path::new("sites/m/site.toml")),
                "{text}"
            );
            assert!(d.message.contains(wanted), "{text}: {}", d.message);
            if line > 0 {
                assert_eq!(d.line, Some(line), "{text}: {}", d.message);
            }
        }
    }

    #[test]
    fn site_ids_are_plain_folder_names() {
        assert!(check_site_id("musterstadt").is_ok());
        assert!(check_site_id("kreis-2").is_ok());
        for bad in ["", "Muster", "a b", "..", "-x", "a/b", "shared"] {
            assert!(check_site_id(bad).is_err(), "{bad}");
        }
    }
}
