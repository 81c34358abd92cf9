//! `lotse translate export`: the work a language needs, as exchange files.
//!
//! A missing page is exported whole with empty translations; a stale one
//! with only the units whose source changed since it was translated (the
//! source as it was then comes from git, see [`super::history`]), each with
//! its previous source text and the current translation as a draft; a page
//! named on the command line that is up to date is exported whole, filled
//! with its current translation.

use std::path::{Path, PathBuf};

use super::exchange::{Catalog, Entry};
use super::history::{self, SourceAt};
use super::segment::{Document, Kind, Unit};
use super::{po, tags, xliff};
use crate::config::Config;
use crate::content::{self, Content, LoadOptions, Page, PageKind};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::error::{Error, Result};
use crate::freshness::{Freshness, State};

/// The exchange file formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// gettext PO (Poedit, Weblate, OmegaT).
    Po,
    /// XLIFF 1.2 (OmegaT, memoQ, Trados, Crowdin).
    Xliff,
}

impl Format {
    /// The file extension.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Po => "po",
            Format::Xliff => "xlf",
        }
    }

    /// Writes a catalog in this format.
    pub fn write(self, catalog: &Catalog) -> String {
        match self {
            Format::Po => po::write(catalog),
            Format::Xliff => xliff::write(catalog),
        }
    }
}

/// What to export.
#[derive(Debug, Clone)]
pub struct ExportOptions {
    /// The language to translate into.
    pub lang: String,
    /// Translate from this language instead of the default one.
    pub from: Option<String>,
    /// Only pages missing in the language.
    pub missing: bool,
    /// Only stale translations.
    pub stale: bool,
    /// Pages or topics (`health`, `health/insurance`); all when empty.
    pub paths: Vec<String>,
    /// The file format.
    pub format: Format,
    /// The folder to write to (default: `translations/<lang>/` in the site).
    pub output: Option<PathBuf>,
}

/// One exported page.
#[derive(Debug, Clone)]
pub struct ExportedFile {
    /// The page's key (`health/insurance`).
    pub key: String,
    /// The exchange file written.
    pub path: PathBuf,
    /// Missing, stale or up-to-date.
    pub state: &'static str,
    /// Units to translate (empty or draft).
    pub units: usize,
    /// Words of their source texts.
    pub words: usize,
    /// Why the whole page was exported although only part changed.
    pub note: Option<String>,
}

/// The catalogs of one export, before they are written.
#[derive(Debug, Clone, Default)]
pub struct Plan {
    /// Each page's catalog and what the report says about it.
    pub files: Vec<(Catalog, ExportedFile)>,
}

/// The site, loaded once for export, import and word counts.
pub struct Site {
    /// The configuration.
    pub config: Config,
    /// Every page, with bodies.
    pub content: Content,
    /// The state of every translation.
    pub fresh: Freshness,
}

impl Site {
    /// Loads the site at `root` (drafts included).
    pub fn load(root: &Path) -> Result<Site> {
        let config = Config::load(root).map_err(Error::Invalid)?;
        let (content, _) = content::load(
            &config,
            LoadOptions {
                drafts: true,
                bodies: true,
            },
        )
        .map_err(Error::Invalid)?;
        let (fresh, _) = Freshness::compute(&config, &content);
        Ok(Site {
            config,
            content,
            fresh,
        })
    }

    /// The language index of `code`, or an error naming it.
    pub fn lang(&self, code: &str) -> Result<usize> {
        self.config.language_index(code).ok_or_else(|| {
            invalid(
                &self.config.root,
                None,
                format!(
                    "\"{code}\" is not a language of this site (site.toml has {})",
                    self.config
                        .languages
                        .iter()
                        .map(|l| l.code())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            )
        })
    }

    /// The page's text as a document.
    pub fn document(&self, page: &Page) -> Result<Document> {
        let path = self.config.root.join(&page.source);
        let text = self
            .config
            .input
            .read_to_string(&path)
            .map_err(|e| Error::Invalid(one(e.diagnostic())))?;
        Document::parse(&text).map_err(|e| invalid(&page.source, e.line, e.message))
    }
}

fn one(d: Diagnostic) -> Diagnostics {
    let mut all = Diagnostics::new();
    all.push(d);
    all
}

/// A problem with a file, as the command's error.
pub fn invalid(path: &Path, line: Option<usize>, message: impl Into<String>) -> Error {
    Error::Invalid(one(Diagnostic::error(path, line, message)))
}

/// The exchange file's name for a page: `health/insurance`, `health/_index`, `_index`, `about`.
pub fn file_stem(page: &Page) -> String {
    match page.kind {
        PageKind::Home => "_index".into(),
        PageKind::Topic => format!("{}/_index", page.key),
        PageKind::Article | PageKind::Page => page.key.clone(),
    }
}

/// What the translator is told about a unit.
fn notes_of(unit: &Unit) -> Vec<String> {
    let mut notes = Vec::new();
    let kind = unit.kind.name();
    match (&unit.section, &unit.heading, unit.kind) {
        (_, _, Kind::Front(_)) => notes.push(format!("{kind} (front matter)")),
        (Some(id), _, Kind::Heading) => {
            notes.push(format!("heading of the section #{id}: keep it short"))
        }
        (Some(id), Some(h), _) => notes.push(format!("{kind} in the section #{id} \"{h}\"")),
        _ => notes.push(format!("{kind} at the start of the page")),
    }
    if let Some(n) = unit.limit {
        notes.push(format!(
            "at most {n} characters: link previews in chats cut longer text"
        ));
    }
    notes
}

/// Decides and builds the catalogs of an export, without writing.
pub fn plan(site: &Site, root: &Path, options: &ExportOptions) -> Result<Plan> {
    let config = &site.config;
    let target = site.lang(&options.lang)?;
    let source_lang = match &options.from {
        Some(code) => site.lang(code)?,
        None => config.default_language,
    };
    if source_lang == target {
        return Err(invalid(
            root,
            None,
            "a translation needs another language than its original: choose --lang or --from again",
        ));
    }
    let wanted: Vec<String> = options
        .paths
        .iter()
        .map(|p| {
            p.trim_matches('/')
                .trim_end_matches(".md")
                .trim_end_matches("/_index")
                .to_string()
        })
        .collect();
    for w in &wanted {
        let known =
            site.content.pages.iter().any(|p| {
                p.lang == source_lang && (p.key == *w || p.key.starts_with(&format!("{w}/")))
            });
        if !known {
            return Err(invalid(
                root,
                None,
                format!(
                    "\"{w}\" is no page or topic in {}: give a path such as health or health/insurance",
                    config.languages[source_lang].code()
                ),
            ));
        }
    }
    let named = |key: &str| {
        wanted
            .iter()
            .any(|w| key == w || key.starts_with(&format!("{w}/")))
    };
    let output = options.output.clone().unwrap_or_else(|| {
        root.join("translations")
            .join(config.languages[target].code())
    });
    let mut plan = Plan::default();
    let mut sources: Vec<&Page> = site
        .content
        .pages
        .iter()
        .filter(|p| p.lang == source_lang)
        .filter(|p| wanted.is_empty() || named(&p.key))
        .collect();
    sources.sort_by(|a, b| a.key.cmp(&b.key));
    let both = !options.missing && !options.stale;
    for source in sources {
        let translation = site.content.get(&source.key, target);
        let state = site.fresh.state(&source.key, target);
        let kind = match (state, translation) {
            (State::Missing, _) | (_, None) => "missing",
            (State::Stale { .. }, Some(_)) => "stale",
            (State::Unknown, Some(_)) => "stale",
            (State::Original, _) => continue,
            _ => "up-to-date",
        };
        let include = match kind {
            "missing" => options.missing || both,
            "stale" => options.stale || both,
            _ => both && !wanted.is_empty(),
        };
        if !include {
            continue;
        }
        // A translation made from another language than the one asked for
        // is exported as missing, from the asked language.
        let from_here = translation.is_some_and(|t| {
            t.front
                .translated_from
                .as_deref()
                .map_or(source_lang == config.default_language, |c| {
                    config.language_index(c) == Some(source_lang)
                })
        });
        let doc = site.document(source)?;
        let current = match translation {
            Some(t) if from_here => Some((t, site.document(t)?)),
            _ => None,
        };
        let (entries, note) = entries_for(root, source, &doc, current.as_ref(), kind);
        let file = ExportedFile {
            key: source.key.clone(),
            path: output.join(format!(
                "{}.{}",
                file_stem(source),
                options.format.extension()
            )),
            state: kind,
            units: entries.iter().filter(|e| !e.is_done()).count(),
            words: entries
                .iter()
                .filter(|e| !e.is_done())
                .map(|e| tags::words(&e.source))
                .sum(),
            note: note.clone(),
        };
        let catalog = Catalog {
            source_lang: config.languages[source_lang].code().to_string(),
            target_lang: config.languages[target].code().to_string(),
            original: source.source.to_string_lossy().replace('\\', "/"),
            source_updated: source.front.updated.map(|d| d.to_string()),
            reviewed_by_speaker: None,
            notes: note.into_iter().collect(),
            entries,
        };
        plan.files.push((catalog, file));
    }
    Ok(plan)
}

/// The entries of one page, and why it is exported whole if only part changed.
fn entries_for(
    root: &Path,
    source: &Page,
    doc: &Document,
    current: Option<&(&Page, Document)>,
    kind: &str,
) -> (Vec<Entry>, Option<String>) {
    let base = |unit: &Unit| Entry {
        id: unit.id.clone(),
        source: unit.text.clone(),
        notes: notes_of(unit),
        reference: Some(format!(
            "{}:{}",
            source.source.to_string_lossy().replace('\\', "/"),
            unit.line
        )),
        limit: unit.limit,
        ..Entry::default()
    };
    let Some((page, translated)) = current else {
        return (
            doc.units
                .iter()
                .filter(|u| u.has_text())
                .map(base)
                .collect(),
            None,
        );
    };
    let machine = page.front.machine_translated;
    let prefilled = |unit: &Unit| {
        let mut e = base(unit);
        if let Some(t) = translated.unit(&unit.id).and_then(|t| t.text_for(unit)) {
            e.target = t;
            e.machine = machine;
        }
        e
    };
    if kind == "up-to-date" {
        return (
            doc.units
                .iter()
                .filter(|u| u.has_text())
                .map(prefilled)
                .collect(),
            None,
        );
    }
    let old = match page.front.source_updated {
        Some(date) => match history::source_at(
            &std::path::absolute(root).unwrap_or_else(|_| root.to_path_buf()),
            &source.source,
            date,
        ) {
            SourceAt::Found { text, .. } => Document::parse(&text).map_err(|e| e.message),
            SourceAt::NoHistory(why) => Err(why),
            SourceAt::NotFound => Err(format!(
                "no commit of {} has updated: {date}, the date the translation names in source_updated",
                source.source.display()
            )),
        },
        None => Err("the translation has no source_updated, so the source it was made from is unknown".into()),
    };
    match old {
        Ok(old) => {
            let mut entries = Vec::new();
            for unit in doc.units.iter().filter(|u| u.has_text()) {
                let before = old.unit(&unit.id);
                let has_translation = translated.unit(&unit.id).is_some();
                if before.is_some_and(|b| b.text == unit.text) && has_translation {
                    continue;
                }
                let mut e = prefilled(unit);
                if !e.target.is_empty() {
                    e.fuzzy = true;
                }
                e.previous = before.map(|b| b.text.clone());
                entries.push(e);
            }
            (entries, None)
        }
        Err(why) => {
            let entries = doc
                .units
                .iter()
                .filter(|u| u.has_text())
                .map(|u| {
                    let mut e = prefilled(u);
                    e.fuzzy = !e.target.is_empty();
                    e
                })
                .collect();
            (
                entries,
                Some(format!(
                    "The whole page is exported, with the current translation as a draft: which parts changed is unknown ({why})."
                )),
            )
        }
    }
}

/// Writes the planned files; returns what was written.
pub fn write(plan: &Plan, format: Format) -> Result<Vec<ExportedFile>> {
    let mut done = Vec::new();
    for (catalog, file) in &plan.files {
        if let Some(dir) = file.path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        }
        std::fs::write(&file.path, format.write(catalog)).map_err(|e| Error::io(&file.path, e))?;
        done.push(file.clone());
    }
    Ok(done)
}

/// Exports the work `options` asks for.
pub fn export(root: &Path, options: &ExportOptions) -> Result<Vec<ExportedFile>> {
    let site = Site::load(root)?;
    let plan = plan(&site, root, options)?;
    write(&plan, options.format)
}

/// Writes the UI strings of `i18n/<source>.yaml` with their translations
/// from `i18n/<lang>.yaml`, plural forms in the language's gettext order.
pub fn write_ui(site: &Site, root: &Path, options: &ExportOptions) -> Result<ExportedFile> {
    use crate::i18n::Message;
    use std::collections::BTreeMap;
    let config = &site.config;
    let target = site.lang(&options.lang)?;
    let source = match &options.from {
        Some(code) => site.lang(code)?,
        None => config.default_language,
    };
    let read = |lang: usize| -> Result<BTreeMap<String, Message>> {
        let rel = PathBuf::from("i18n").join(format!("{}.yaml", config.languages[lang].code()));
        let path = root.join(&rel);
        if !path.exists() {
            return Ok(BTreeMap::new());
        }
        let text = config
            .input
            .read_to_string(&path)
            .map_err(|e| Error::Invalid(one(e.diagnostic())))?;
        serde_yaml::from_str(&text).map_err(|e| invalid(&rel, None, e.to_string()))
    };
    let (src, tgt) = (read(source)?, read(target)?);
    let target_code = config.languages[target].code();
    let forms = super::plural::of(target_code);
    let mut entries = Vec::new();
    let note = "UI string of the theme: keep {placeholders} in braces unchanged".to_string();
    for (n, (key, message)) in src.iter().enumerate() {
        let mut e = Entry {
            id: key.clone(),
            notes: vec![note.clone()],
            reference: Some(format!(
                "i18n/{}.yaml:{}",
                config.languages[source].code(),
                n + 1
            )),
            ..Entry::default()
        };
        match (message, tgt.get(key)) {
            (Message::Text(s), t) => {
                e.source = tags::escape(s);
                if let Some(Message::Text(t)) = t {
                    e.target = tags::escape(t);
                }
                entries.push(e);
            }
            (Message::Plural(s), t) => {
                let one = s.get("one").or(s.get("other")).cloned().unwrap_or_default();
                let other = s.get("other").cloned().unwrap_or_default();
                let targets = match t {
                    Some(Message::Plural(t)) => super::plural::to_gettext(t, target_code),
                    _ => vec![String::new(); forms.categories.len()],
                };
                match options.format {
                    Format::Po => {
                        e.source = tags::escape(&one);
                        e.target = targets.first().map(|t| tags::escape(t)).unwrap_or_default();
                        e.plural = Some(super::exchange::Plural {
                            source_plural: tags::escape(&other),
                            targets: targets.iter().map(|t| tags::escape(t)).collect(),
                        });
                        e.notes.push(format!(
                            "plural forms, in this order: {}",
                            forms.categories.join(", ")
                        ));
                        entries.push(e);
                    }
                    Format::Xliff => {
                        for (category, t) in forms.categories.iter().zip(&targets) {
                            let s = s.get(*category).unwrap_or(&other);
                            entries.push(Entry {
                                id: format!("{key}[{category}]"),
                                source: tags::escape(s),
                                target: tags::escape(t),
                                notes: vec![
                                    note.clone(),
                                    format!("the {category} plural form (CLDR)"),
                                ],
                                reference: Some(format!(
                                    "i18n/{}.yaml:{key}[{category}]",
                                    config.languages[source].code()
                                )),
                                ..Entry::default()
                            });
                        }
                    }
                }
            }
        }
    }
    let output = options
        .output
        .clone()
        .unwrap_or_else(|| root.join("translations").join(target_code));
    let catalog = Catalog {
        source_lang: config.languages[source].code().to_string(),
        target_lang: target_code.to_string(),
        original: format!("i18n/{}.yaml", config.languages[source].code()),
        entries,
        ..Catalog::default()
    };
    let file = ExportedFile {
        key: "ui".into(),
        path: output.join(format!("ui.{}", options.format.extension())),
        state: "ui",
        units: catalog.entries.iter().filter(|e| !e.is_done()).count(),
        words: catalog
            .entries
            .iter()
            .filter(|e| !e.is_done())
            .map(|e| tags::words(&e.source))
            .sum(),
        note: None,
    };
    std::fs::create_dir_all(&output).map_err(|e| Error::io(&output, e))?;
    std::fs::write(&file.path, options.format.write(&catalog))
        .map_err(|e| Error::io(&file.path, e))?;
    Ok(file)
}

/// The words a language needs translated: in missing pages and in the
/// changed parts of stale ones.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Words {
    /// The language code.
    pub lang: String,
    /// Pages missing in the language.
    pub missing_pages: usize,
    /// Words of the missing pages.
    pub missing_words: usize,
    /// Stale translations.
    pub stale_pages: usize,
    /// Words of their changed or new units (the whole page without history).
    pub stale_words: usize,
}

/// The words to translate per language (every language but the default).
pub fn words(site: &Site, root: &Path) -> Result<Vec<Words>> {
    let mut all = Vec::new();
    for (index, lang) in site.config.languages.iter().enumerate() {
        if index == site.config.default_language {
            continue;
        }
        let options = ExportOptions {
            lang: lang.code().to_string(),
            from: None,
            missing: true,
            stale: true,
            paths: Vec::new(),
            format: Format::Po,
            output: Some(PathBuf::new()),
        };
        let mut w = Words {
            lang: lang.code().to_string(),
            ..Words::default()
        };
        for (_, file) in plan(site, root, &options)?.files {
            if file.state == "missing" {
                w.missing_pages += 1;
                w.missing_words += file.words;
            } else {
                w.stale_pages += 1;
                w.stale_words += file.words;
            }
        }
        all.push(w);
    }
    Ok(all)
}
