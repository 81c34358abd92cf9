//! The referral directory in a build: loaded once the content is (its
//! services name topics and articles), shown in article boxes through the
//! views, and one directory page per language.

use std::path::Path;

use crate::config::Config;
use crate::content::{page_path, Content, PageKind};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::directory::{self, Directory, Targets};
use crate::output::OutputFile;
use crate::template::views::ViewBuilder;
use crate::template::Templates;

use super::Sink;

/// The template of the directory pages.
const TEMPLATE: &str = "directory.html";

/// The site's `services.yaml`, validated against its content; none when the site has no such file.
pub(super) fn load(
    config: &Config,
    content: &Content,
) -> Result<(Option<Directory>, Diagnostics), Diagnostics> {
    // A local site's directory is in its own folder.
    let rel = match &config.local {
        Some(local) => local.dir.join(directory::FILE),
        None => Path::new(directory::FILE).to_path_buf(),
    };
    let path = config.root.join(&rel);
    if std::fs::symlink_metadata(&path).is_err() {
        return Ok((None, Diagnostics::new()));
    }
    let mut problems = Diagnostics::new();
    let default_language = config.default_lang().code().to_string();
    let targets = Targets {
        topics: content
            .topics(config.default_language)
            .into_iter()
            .collect(),
        articles: content
            .kinds
            .iter()
            .filter(|(_, kind)| **kind == PageKind::Article)
            .map(|(key, _)| key.clone())
            .collect(),
        default_language,
    };
    if targets.topics.contains(directory::PAGE) {
        let folder = Path::new("content")
            .join(&targets.default_language)
            .join(directory::PAGE);
        problems.push(Diagnostic::error(
            folder,
            None,
            format!(
                "a topic folder cannot be named \"{}\" while the site has a {}: its address is the directory page's; rename the folder",
                directory::PAGE,
                directory::FILE
            ),
        ));
    }
    let mut found = directory::load(&config.input, &path, &rel, &targets)?;
    found.example =
        config.contact.example || config.local.as_ref().is_some_and(|local| local.example);
    if problems.has_errors() {
        return Err(problems);
    }
    Ok((Some(found), problems))
}

/// The directory page of every language (none without a directory).
pub(super) fn pages(
    views: &ViewBuilder<'_>,
    templates: &Templates,
    sink: Sink<'_>,
    problems: &mut Diagnostics,
) -> Vec<OutputFile> {
    let config = views.config;
    let mut files = Vec::new();
    for lang in 0..config.languages.len() {
        let Some(view) = views.directory_page(lang) else {
            return files;
        };
        let path = format!(
            "{}index.html",
            page_path(config.languages[lang].code(), directory::PAGE)
        );
        match super::page_html(
            config,
            templates,
            &super::blocks::Blocks::default(),
            TEMPLATE,
            view,
        ) {
            Ok(bytes) => files.push(sink.take(OutputFile { path, bytes })),
            Err(d) => problems.push(d),
        }
    }
    files
}
