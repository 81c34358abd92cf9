//! `lotse new` and `lotse init`: start an article, a translation, or a
//! whole new site with the default theme built into lotse.

use std::path::{Path, PathBuf};

use crate::config::Config;
use crate::content::{self, front_matter, LoadOptions};
use crate::diagnostic::Diagnostics;
use crate::error::{Error, Result};
use crate::freshness;
use crate::markdown::{self, LinkResolver};

/// The default theme, every file of `themes/default/`, built into the binary
/// for `lotse init` (`build.rs` rebuilds lotse when a file is added there).
static THEME: include_dir::Dir<'static> =
    include_dir::include_dir!("$CARGO_MANIFEST_DIR/themes/default");

/// The UI strings of the languages a new site starts with.
const I18N_FILES: &[(&str, &str)] = &[
    ("i18n/de.yaml", include_str!("../i18n/de.yaml")),
    ("i18n/en.yaml", include_str!("../i18n/en.yaml")),
];

/// Every file of the default theme: its path under `themes/default/` and its bytes.
pub fn theme_files() -> Vec<(&'static Path, &'static [u8])> {
    fn walk(
        dir: &'static include_dir::Dir<'static>,
        out: &mut Vec<(&'static Path, &'static [u8])>,
    ) {
        for file in dir.files() {
            out.push((file.path(), file.contents()));
        }
        for sub in dir.dirs() {
            walk(sub, out);
        }
    }
    let mut out = Vec::new();
    walk(&THEME, &mut out);
    out.sort();
    out
}

fn refuse(path: &Path, message: &str) -> Error {
    Error::Output {
        path: path.to_path_buf(),
        message: message.to_string(),
    }
}

fn write_new(path: &Path, text: &str) -> Result<()> {
    write_new_bytes(path, text.as_bytes())
}

fn write_new_bytes(path: &Path, bytes: &[u8]) -> Result<()> {
    if path.exists() {
        return Err(refuse(
            path,
            "already exists: lotse does not overwrite files",
        ));
    }
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
    }
    std::fs::write(path, bytes).map_err(|e| Error::io(path, e))
}

/// A title from a file name: `minimum-wage` → `Minimum wage`.
fn title_from(name: &str) -> String {
    let words = name.replace('-', " ");
    let mut chars = words.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().collect::<String>() + chars.as_str())
        .unwrap_or_default()
}

fn yaml_string(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_else(|_| "\"\"".into())
}

/// Creates `content/<default>/<topic>/<article>.md` (and the topic's
/// `_index.md` if missing) with every front matter field filled in.
pub fn new_article(root: &Path, key: &str) -> Result<Vec<PathBuf>> {
    let config = Config::load(root).map_err(Error::Invalid)?;
    article_in(&config, &config.content_dir(), key, false)
}

/// Creates an article in the default language under `content_dir`, and its
/// topic's page there unless it exists there or, with `topic_elsewhere`,
/// in the shared content.
fn article_in(
    config: &Config,
    content_dir: &Path,
    key: &str,
    topic_elsewhere: bool,
) -> Result<Vec<PathBuf>> {
    let (topic, article) = split_key(key)?;
    let today = freshness::today();
    let lang = config.default_lang().code().to_string();
    let dir = content_dir.join(&lang).join(topic);
    let mut created = Vec::new();
    let topic_index = dir.join("_index.md");
    if !topic_index.exists() && !topic_elsewhere {
        let title = title_from(topic);
        write_new(
            &topic_index,
            &format!(
                "---\ntitle: {}\ndescription: {}\nupdated: {today}\nweight: 100\n---\n",
                yaml_string(&title),
                yaml_string(&title)
            ),
        )?;
        created.push(topic_index);
    }
    let path = dir.join(format!("{article}.md"));
    let title = title_from(article);
    let text = format!(
        "---\ntitle: {title}\ndescription: {title}\nupdated: {today}\nreviewed: {today}\nweight: 100\nsources:\n  - title: \"Official source\"\n    url: \"https://www.bamf.de/\"\n---\n\nOne or two sentences that answer the question.\n\n## First section {{#first}}\n\nText.\n",
        title = yaml_string(&title)
    );
    write_new(&path, &text)?;
    created.push(path);
    Ok(created)
}

/// What `lotse new --lang` made.
#[derive(Debug, Default)]
pub struct Translation {
    /// The files created: the article, and the topic's page if it was missing.
    pub created: Vec<PathBuf>,
    /// What the editor should know, e.g. that the topic page is still missing.
    pub notes: Vec<String>,
}

/// Creates a translation of an article from its original: the text to
/// translate, the original's section ids written out, `source_updated` set.
/// The topic's `_index.md` in that language is created too, from the
/// original's, when it is missing.
pub fn new_translation(
    root: &Path,
    key: &str,
    lang: &str,
    from: Option<&str>,
) -> Result<Translation> {
    let config = Config::load(root).map_err(Error::Invalid)?;
    let (topic, _) = split_key(key)?;
    let key = key.trim_matches('/').trim_end_matches(".md");
    let target = config
        .language_index(lang)
        .ok_or_else(|| refuse(root, &format!("\"{lang}\" is not a language of this site")))?;
    let source_lang = match from {
        Some(code) => config
            .language_index(code)
            .ok_or_else(|| refuse(root, &format!("\"{code}\" is not a language of this site")))?,
        None => config.default_language,
    };
    if source_lang == target {
        return Err(refuse(
            root,
            "a translation needs another language than its original",
        ));
    }
    let (content, _) = content::load(
        &config,
        LoadOptions {
            drafts: true,
            bodies: true,
        },
    )
    .map_err(Error::Invalid)?;
    let original = content.get(key, source_lang).ok_or_else(|| {
        refuse(
            &config
                .content_dir()
                .join(config.languages[source_lang].code())
                .join(format!("{key}.md")),
            "the original does not exist",
        )
    })?;
    let mut made = Translation::default();
    let (path, text) = translation_of(&config, &content, original, target, from.is_some())?;
    // The topic page first: nothing is written when the article cannot be.
    if path.exists() {
        return Err(refuse(
            &path,
            "already exists: lotse does not overwrite files",
        ));
    }
    let topic_path = config
        .content_dir()
        .join(config.languages[target].code())
        .join(topic)
        .join("_index.md");
    if !topic_path.exists() {
        match content.get(topic, source_lang) {
            Some(topic_original) => {
                let (topic_path, topic_text) =
                    translation_of(&config, &content, topic_original, target, from.is_some())?;
                write_new(&topic_path, &topic_text)?;
                made.created.push(topic_path);
            }
            None => made.notes.push(format!(
                "the topic \"{topic}\" has no _index.md in {} to translate from: create {}, or its title is taken from another language",
                config.languages[source_lang].code(),
                relative(&config, &topic_path).display()
            )),
        }
    }
    write_new(&path, &text)?;
    made.created.push(path);
    Ok(made)
}

/// Starts a page of local site `site`: for a shared article's path, the
/// site's own version of it (a copy with its section ids written out and
/// `shared_updated`); else a new local article, or with `lang` the
/// translation of a local article.
pub fn new_local(root: &Path, site: &str, key: &str, lang: Option<&str>) -> Result<Translation> {
    let shared = Config::load(root).map_err(Error::Invalid)?;
    let config = shared.load_local(site).map_err(Error::Invalid)?;
    let Some(local) = config.local.clone() else {
        return Err(refuse(root, "not a local site"));
    };
    split_key(key)?;
    let key = key.trim_matches('/').trim_end_matches(".md");
    let target = match lang {
        Some(code) => config.language_index(code).ok_or_else(|| {
            refuse(
                &local.config_file(),
                &format!("\"{code}\" is not a language of this local site"),
            )
        })?,
        None => config.default_language,
    };
    let (content, _) = content::load(
        &config,
        LoadOptions {
            drafts: true,
            bodies: true,
        },
    )
    .map_err(Error::Invalid)?;
    let local_dir = config.root.join(&local.dir).join("content");
    let mut made = Translation::default();
    match content.get(key, target) {
        Some(page) if page.layer == content::Layer::Local => Err(refuse(
            &config.root.join(&page.source),
            "already exists: lotse does not overwrite files",
        )),
        Some(page) => {
            // The site's own version of a shared page.
            let (mut lines, body) =
                copy_of(&config, &content, page, &["shared_updated:", "aliases:"])?;
            if let Some(updated) = page.front.updated {
                lines.push(format!("shared_updated: {updated}"));
            }
            let text = format!("---\n{}\n---\n{body}", lines.join("\n"));
            let path = local_dir
                .join(config.languages[target].code())
                .join(format!("{key}.md"));
            front_matter::parse(&text).map_err(|e| refuse(&path, &e.message))?;
            write_new(&path, &text)?;
            made.created.push(path);
            made.notes.push(format!(
                "this is {}'s own version of {}: change what is local, keep the headings' {{#ids}}; `lotse status --site {}` shows when the shared article changes",
                local.id,
                page.source.display(),
                local.id
            ));
            Ok(made)
        }
        None if target == config.default_language => {
            // A new article in a shared topic keeps the shared topic page.
            let topic = key.split('/').next().unwrap_or_default();
            let shared_topic = content.get(topic, config.default_language).is_some();
            made.created = article_in(&config, &local_dir, key, shared_topic)?;
            Ok(made)
        }
        None => {
            let original = content.get(key, config.default_language).ok_or_else(|| {
                refuse(
                    &local_dir
                        .join(config.default_lang().code())
                        .join(format!("{key}.md")),
                    "the original does not exist",
                )
            })?;
            if original.layer == content::Layer::Shared {
                return Err(refuse(
                    &config.root.join(original.source_in(&config, target)),
                    &format!("the shared article has no version in this language yet: translate it for every site with `lotse new {key} --lang {}`, or start this site's own version in the default language first", config.languages[target].code()),
                ));
            }
            let (path, text) = translation_of(&config, &content, original, target, false)?;
            write_new(&path, &text)?;
            made.created.push(path);
            Ok(made)
        }
    }
}

/// The path and text of the translation of `original` into `target`.
fn translation_of(
    config: &Config,
    content: &content::Content,
    original: &content::Page,
    target: usize,
    name_the_original: bool,
) -> Result<(PathBuf, String)> {
    let source_lang = original.lang;
    let path = config.root.join(original.source_in(config, target));
    let (mut lines, body) = copy_of(
        config,
        content,
        original,
        &[
            "source_updated:",
            "translated_from:",
            "machine_translated:",
            "reviewed_by_speaker:",
            "aliases:",
        ],
    )?;
    if let Some(updated) = original.front.updated {
        lines.push(format!("source_updated: {updated}"));
    }
    if name_the_original {
        lines.push(format!(
            "translated_from: {}",
            config.languages[source_lang].code()
        ));
    }
    let text = format!("---\n{}\n---\n{body}", lines.join("\n"));
    front_matter::parse(&text).map_err(|e| refuse(&path, &e.message))?;
    Ok((path, text))
}

/// The front matter lines of `page` without those starting with one of
/// `dropped`, and its body with every heading's id written out.
fn copy_of(
    config: &Config,
    content: &content::Content,
    page: &content::Page,
    dropped: &[&str],
) -> Result<(Vec<String>, String)> {
    let note = |_: usize, _: usize| String::new();
    let resolver = LinkResolver {
        config,
        content,
        other_language_note: &note,
    };
    let rendered = markdown::render(page, config.languages[page.lang].direction, &resolver);
    let body = with_explicit_ids(&page.body, &rendered.ids);
    let source_text = config
        .input
        .read_to_string(&config.root.join(&page.source))
        .map_err(|e| {
            let mut problems = Diagnostics::new();
            problems.push(e.diagnostic());
            Error::Invalid(problems)
        })?;
    let front = source_text
        .trim_start_matches('\u{feff}')
        .strip_prefix("---\n")
        .and_then(|rest| rest.split_once("\n---\n").map(|(f, _)| f))
        .unwrap_or_default();
    let lines = front
        .lines()
        .filter(|l| !dropped.iter().any(|d| l.starts_with(d)))
        .map(String::from)
        .collect();
    Ok((lines, body))
}

/// A path inside the site, relative to its root, for messages.
fn relative(config: &Config, path: &Path) -> PathBuf {
    path.strip_prefix(&config.root)
        .unwrap_or(path)
        .to_path_buf()
}

/// Writes `{#id}` after every heading that has no explicit id yet.
fn with_explicit_ids(body: &str, ids: &[String]) -> String {
    let mut out = String::with_capacity(body.len() + ids.len() * 12);
    let mut n = 0;
    let mut in_fence = false;
    for line in body.split_inclusive('\n') {
        let trimmed = line.trim_start();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            in_fence = !in_fence;
        }
        let is_heading = !in_fence
            && trimmed.starts_with('#')
            && trimmed.trim_start_matches('#').starts_with(' ');
        if is_heading {
            let text = line.trim_end_matches(['\n', '\r']);
            if !text.trim_end().ends_with('}') || !text.contains("{#") {
                if let Some(id) = ids.get(n) {
                    out.push_str(&format!("{} {{#{id}}}\n", text.trim_end()));
                    n += 1;
                    continue;
                }
            }
            n += 1;
        }
        out.push_str(line);
    }
    out
}

fn split_key(key: &str) -> Result<(&str, &str)> {
    let key = key.trim_matches('/').trim_end_matches(".md");
    let bad = || {
        refuse(
            Path::new(key),
            "give the article as <topic>/<article>, e.g. health/insurance",
        )
    };
    let (topic, article) = key.split_once('/').ok_or_else(bad)?;
    if article.contains('/') {
        return Err(bad());
    }
    for name in [topic, article] {
        content::check_name(name).map_err(|message| refuse(Path::new(key), &message))?;
    }
    Ok((topic, article))
}

/// Creates a new, buildable site in `dir`: `site.toml` with German and
/// English, their UI strings, the default theme, and one article.
pub fn init(dir: &Path) -> Result<Vec<PathBuf>> {
    if dir.exists()
        && std::fs::read_dir(dir)
            .map_err(|e| Error::io(dir, e))?
            .next()
            .is_some()
    {
        return Err(refuse(
            dir,
            "the folder is not empty: lotse init needs a new or empty folder",
        ));
    }
    let today = freshness::today();
    let mut created = Vec::new();
    let mut put_bytes = |rel: &Path, bytes: &[u8]| -> Result<()> {
        let path = dir.join(rel);
        write_new_bytes(&path, bytes)?;
        created.push(path);
        Ok(())
    };
    for (rel, bytes) in theme_files() {
        put_bytes(&Path::new("themes/default").join(rel), bytes)?;
    }
    for (rel, text) in I18N_FILES {
        put_bytes(Path::new(rel), text.as_bytes())?;
    }
    let mut put = |rel: &str, text: String| put_bytes(Path::new(rel), text.as_bytes());
    put(
        "site.toml",
        "base_url = \"https://example.org/\"\ndefault_language = \"de\"\ntheme = \"default\"\n\n[languages.de]\nname = \"Deutsch\"\ntitle = \"Wegweiser\"\n\n[languages.en]\nname = \"English\"\ntitle = \"Guide\"\n".to_string(),
    )?;
    put("content/de/_index.md", format!("---\ntitle: \"Willkommen\"\ndescription: \"Kurze, geprüfte Antworten.\"\nupdated: {today}\n---\n\nKurze, geprüfte Antworten für Menschen, die neu hier sind.\n"))?;
    put("content/en/_index.md", format!("---\ntitle: \"Welcome\"\ndescription: \"Short, checked answers.\"\nupdated: {today}\nsource_updated: {today}\n---\n\nShort, checked answers for people who are new here.\n"))?;
    put("content/de/start/_index.md", format!("---\ntitle: \"Erste Schritte\"\ndescription: \"Das Wichtigste zuerst.\"\nupdated: {today}\nweight: 10\n---\n"))?;
    put(
        "content/de/start/emergency.md",
        format!("---\ntitle: \"Notruf\"\ndescription: \"Feuerwehr und Rettungsdienst: 112. Polizei: 110.\"\nupdated: {today}\nreviewed: {today}\nsources:\n  - title: \"Techniker Krankenkasse: Welche Notrufnummer wählen?\"\n    url: \"https://www.tk.de/techniker/magazin/lifestyle/welche-notrufnummer-waehlen-2068972\"\n---\n\nIm Notfall rufen Sie die 112.\n\n## Die Nummern {{#numbers}}\n\n- 112: Feuerwehr und Rettungsdienst\n- 110: Polizei\n"),
    )?;
    Ok(created)
}

/// The problems of a freshly made site, for tests and `init`'s own check.
pub fn verify(dir: &Path) -> std::result::Result<(), Diagnostics> {
    let options = crate::pipeline::BuildOptions::new(dir);
    match crate::pipeline::render_site(&options) {
        Ok(_) => Ok(()),
        Err(Error::Invalid(d)) => Err(d),
        Err(e) => {
            let mut d = Diagnostics::new();
            d.push(crate::diagnostic::Diagnostic::error(
                dir,
                None,
                e.to_string(),
            ));
            Err(d)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn explicit_ids_are_written_out() {
        let body = "Intro\n\n## Kosten\n\nx\n\n```\n# not a heading\n```\n\n## Wer {#who}\n";
        let out = with_explicit_ids(body, &["kosten".into(), "who".into()]);
        assert_eq!(
            out,
            "Intro\n\n## Kosten {#kosten}\n\nx\n\n```\n# not a heading\n```\n\n## Wer {#who}\n"
        );
    }

    #[test]
    fn titles_come_from_names() {
        assert_eq!(title_from("minimum-wage"), "Minimum wage");
    }

    #[test]
    fn keys_are_topic_and_article() {
        assert!(split_key("health/insurance").is_ok());
        assert!(split_key("insurance").is_err());
        assert!(split_key("Health/x").is_err());
    }
}
