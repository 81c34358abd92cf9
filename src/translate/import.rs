//! `lotse translate import`: exchange files back into translations.
//!
//! Every file is read and checked first (its language, its page, every
//! unit's placeholders, the structure of the result); only when all are
//! good is anything written. A page whose units are not all translated is
//! skipped and listed, unless a partial import is asked for.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use super::exchange::{Catalog, ReadError};
use super::export::Site;
use super::segment::{self, Document};
use super::{po, xliff};
use crate::content::front_matter;
use crate::date::Date;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::error::{Error, Result};

/// The largest exchange file read, in bytes.
pub const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;

/// How to import.
#[derive(Debug, Clone, Default)]
pub struct ImportOptions {
    /// Write pages with untranslated units too (those keep their current text).
    pub partial: bool,
    /// The files must be in this language.
    pub lang: Option<String>,
    /// A speaker of the language checked the translation on this day.
    pub reviewed_by_speaker: Option<Date>,
    /// The day to record as `updated` when a translation's text changes.
    pub today: Option<Date>,
}

/// What an import did.
#[derive(Debug, Clone, Default)]
pub struct Imported {
    /// Pages written (new or changed).
    pub written: Vec<PathBuf>,
    /// Pages whose text came out as it was.
    pub unchanged: Vec<PathBuf>,
    /// Exchange files skipped, and why.
    pub skipped: Vec<(PathBuf, String)>,
    /// What the translator should fix although the import went through (a text too long for previews).
    pub warnings: Diagnostics,
}

/// Reads an exchange file in the format its name or first bytes say.
pub fn read_file(path: &Path) -> std::result::Result<Catalog, Diagnostic> {
    let meta = std::fs::metadata(path)
        .map_err(|e| Diagnostic::error(path, None, format!("cannot be read: {e}")))?;
    if !meta.is_file() {
        return Err(Diagnostic::error(path, None, "is not a file"));
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(Diagnostic::error(
            path,
            None,
            format!(
                "is larger than {} MB: split the export",
                MAX_FILE_BYTES >> 20
            ),
        ));
    }
    let bytes = std::fs::read(path)
        .map_err(|e| Diagnostic::error(path, None, format!("cannot be read: {e}")))?;
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or_default()
        .to_ascii_lowercase();
    let start = bytes
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(0);
    let looks_xml =
        bytes[start..].starts_with(b"<") || bytes[start..].starts_with(b"\xef\xbb\xbf<");
    let parsed: std::result::Result<Catalog, ReadError> = match ext.as_str() {
        "po" | "pot" => po::read(&bytes),
        "xlf" | "xliff" | "xml" => xliff::read(&bytes),
        _ if looks_xml => xliff::read(&bytes),
        _ => po::read(&bytes),
    };
    parsed.map_err(|e| Diagnostic::error(path, Some(e.line), e.message))
}

/// One checked page, ready to write.
#[derive(Debug, Clone)]
pub struct Ready {
    /// The translation's file.
    pub path: PathBuf,
    /// Its new text.
    pub text: String,
    /// False when the text is the file's current one.
    pub changed: bool,
    /// Warnings about the file's units.
    pub warnings: Diagnostics,
}

/// Imports exchange files into the site at `root`.
pub fn import(root: &Path, files: &[PathBuf], options: &ImportOptions) -> Result<Imported> {
    let site = Site::load(root)?;
    let mut problems = Diagnostics::new();
    let mut catalogs = Vec::new();
    for file in files {
        match read_file(file) {
            Ok(c) => catalogs.push((file.clone(), c)),
            Err(d) => problems.push(d),
        }
    }
    if problems.has_errors() {
        return Err(Error::Invalid(problems));
    }
    apply(&site, &catalogs, options)
}

/// Checks catalogs (each with the file it came from, for messages) and,
/// when every one is good, writes the pages they translate.
pub fn apply(
    site: &Site,
    catalogs: &[(PathBuf, Catalog)],
    options: &ImportOptions,
) -> Result<Imported> {
    let (ready, mut imported) = prepare(site, catalogs, options)?;
    for r in ready {
        imported.warnings.extend(r.warnings.sorted());
        if !r.changed {
            imported.unchanged.push(r.path);
            continue;
        }
        write_atomically(&r.path, &r.text)?;
        imported.written.push(r.path);
    }
    Ok(imported)
}

/// Checks catalogs and builds the pages' new texts, writing nothing; the
/// skipped files are in the second value.
pub fn prepare(
    site: &Site,
    catalogs: &[(PathBuf, Catalog)],
    options: &ImportOptions,
) -> Result<(Vec<Ready>, Imported)> {
    let mut problems = Diagnostics::new();
    let mut ready: Vec<Ready> = Vec::new();
    let mut imported = Imported::default();
    let mut targets_seen = HashSet::new();
    for (file, catalog) in catalogs {
        match check(site, file, catalog, options) {
            Ok(Outcome::Ready(r)) => {
                if !targets_seen.insert(r.path.clone()) {
                    problems.push(Diagnostic::error(
                        file,
                        None,
                        format!("{} is translated by another file of this import too: import one of them", r.path.display()),
                    ));
                    continue;
                }
                ready.push(r);
            }
            Ok(Outcome::Skipped(why)) => imported.skipped.push((file.clone(), why)),
            Err(ds) => problems.extend(ds.sorted()),
        }
    }
    if problems.has_errors() {
        return Err(Error::Invalid(problems));
    }
    Ok((ready, imported))
}

fn write_atomically(path: &Path, text: &str) -> Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    }
    let tmp = path.with_extension("lotse-import");
    std::fs::write(&tmp, text).map_err(|e| Error::io(&tmp, e))?;
    std::fs::rename(&tmp, path).map_err(|e| Error::io(path, e))
}

enum Outcome {
    Ready(Ready),
    Skipped(String),
}

/// Checks one catalog against the site and builds the page's new text.
fn check(
    site: &Site,
    file: &Path,
    catalog: &Catalog,
    options: &ImportOptions,
) -> std::result::Result<Outcome, Diagnostics> {
    let config = &site.config;
    let fail = |line: Option<usize>, message: String| {
        let mut d = Diagnostics::new();
        d.push(Diagnostic::error(file, line, message));
        d
    };
    let target = config.language_index(&catalog.target_lang).ok_or_else(|| {
        fail(
            None,
            format!(
                "the target language \"{}\" is not a language of this site",
                catalog.target_lang
            ),
        )
    })?;
    if let Some(lang) = &options.lang {
        if config.language_index(lang) != Some(target) {
            return Err(fail(
                None,
                format!("the file is a translation into \"{}\", not into \"{lang}\": wrong target language", catalog.target_lang),
            ));
        }
    }
    if catalog.original.starts_with("i18n/") {
        let ui = super::ui::prepare(site, file, catalog, target)?;
        if !ui.missing.is_empty() && !options.partial {
            return Ok(Outcome::Skipped(format!(
                "{} UI strings are not translated yet (first: {}); import with --partial to write it anyway",
                ui.missing.len(),
                ui.missing[0]
            )));
        }
        return Ok(Outcome::Ready(Ready {
            changed: ui.text != ui.before,
            path: ui.path,
            text: ui.text,
            warnings: Diagnostics::new(),
        }));
    }
    let original = Path::new(&catalog.original);
    let source = site
        .content
        .pages
        .iter()
        .find(|p| p.source == original)
        .ok_or_else(|| {
            fail(
                None,
                format!(
                    "the page it translates, {}, is unknown to this site (renamed or deleted?): export it again",
                    catalog.original
                ),
            )
        })?;
    if source.lang == target {
        return Err(fail(
            None,
            format!(
                "the target language \"{}\" is the original's own language: wrong target language",
                catalog.target_lang
            ),
        ));
    }
    let source_doc = site.document(source).map_err(diagnostics)?;
    let existing = site.content.get(&source.key, target);
    let existing_doc = match existing {
        Some(page) => Some(site.document(page).map_err(diagnostics)?),
        None => None,
    };
    let mut errors = Diagnostics::new();
    let mut targets: HashMap<String, String> = HashMap::new();
    let mut ids = HashSet::new();
    let mut machine = false;
    let mut covered = HashSet::new();
    for entry in &catalog.entries {
        let line = Some(entry.line);
        if !ids.insert(entry.id.as_str()) {
            errors.push(Diagnostic::error(
                file,
                line,
                format!("unit {}: it is in the file twice", entry.id),
            ));
            continue;
        }
        let Some(unit) = source_doc.unit(&entry.id) else {
            errors.push(Diagnostic::error(
                file,
                line,
                format!("unit {}: the original has no such unit (it changed since the export): export again", entry.id),
            ));
            continue;
        };
        if !entry.is_done() {
            continue;
        }
        if let Err(message) = unit.check(&entry.target) {
            errors.push(Diagnostic::error(
                file,
                line,
                format!("unit {}: {message}", entry.id),
            ));
            continue;
        }
        if let Some(limit) = unit.limit {
            let n = super::tags::plain(&entry.target).chars().count();
            if n > limit {
                errors.push(Diagnostic::warning(
                    file,
                    line,
                    format!(
                        "unit {}: {n} characters, more than the {limit} that link previews show",
                        entry.id
                    ),
                ));
            }
        }
        machine |= entry.machine;
        covered.insert(entry.id.clone());
        targets.insert(entry.id.clone(), entry.target.clone());
    }
    if errors.has_errors() {
        return Err(errors);
    }
    let warnings = errors;
    // The page is built on the existing translation when it has the
    // original's structure, else on the original.
    let same_shape = existing_doc
        .as_ref()
        .is_some_and(|d| d.shape() == source_doc.shape());
    let template = match (&existing_doc, same_shape) {
        (Some(d), true) => d.clone(),
        _ => source_doc.clone(),
    };
    let mut missing = Vec::new();
    for unit in &source_doc.units {
        // Only placeholders (an image on its own): written with the units in it.
        if targets.contains_key(&unit.id) || !unit.has_text() {
            continue;
        }
        let current = existing_doc.as_ref().and_then(|d| d.unit(&unit.id));
        if same_shape && current.is_some() {
            continue;
        }
        match current.and_then(|t| t.text_for(unit)) {
            Some(text) => {
                targets.insert(unit.id.clone(), text);
            }
            None => missing.push(unit.id.clone()),
        }
    }
    let complete = missing.is_empty();
    if covered.is_empty() && existing.is_none() {
        return Ok(Outcome::Skipped("no unit is translated yet".into()));
    }
    if !complete && !options.partial {
        return Ok(Outcome::Skipped(format!(
            "{} of {} units are not translated yet (first: {}); import with --partial to write it anyway",
            missing.len(),
            source_doc.units.len(),
            missing[0]
        )));
    }
    let filled = segment::fill(&template, &source_doc, &targets).map_err(|e| {
        fail(
            line_of(catalog, &e.id),
            format!("unit {}: {}", e.id, e.message),
        )
    })?;
    let path = config.root.join(source.source_in(config, target));
    let before = existing_doc.as_ref().map(|d| d.text.clone());
    let text_changed = before.as_deref() != Some(filled.as_str());
    let mut yaml =
        segment::yaml_of(&Document::parse(&filled).map_err(|e| fail(None, e.message))?).to_string();
    if !same_shape {
        for key in [
            "source_updated",
            "translated_from",
            "machine_translated",
            "reviewed_by_speaker",
            "aliases",
        ] {
            yaml = segment::set_key(&yaml, key, None);
        }
    }
    let keep_date = |key: &str| -> Option<String> {
        existing.and_then(|p| match key {
            "source_updated" => p.front.source_updated.map(|d| d.to_string()),
            _ => None,
        })
    };
    let source_updated = if complete {
        catalog
            .source_updated
            .clone()
            .or_else(|| source.front.updated.map(|d| d.to_string()))
    } else {
        keep_date("source_updated")
    };
    yaml = segment::set_key(&yaml, "source_updated", source_updated.as_deref());
    let from = (source.lang != config.default_language)
        .then(|| config.languages[source.lang].code().to_string());
    yaml = segment::set_key(&yaml, "translated_from", from.as_deref());
    let all_covered = source_doc
        .units
        .iter()
        .all(|u| covered.contains(&u.id) || !u.has_text());
    let was_machine = same_shape && existing.is_some_and(|p| p.front.machine_translated);
    let machine = machine || (was_machine && !all_covered);
    yaml = segment::set_key(&yaml, "machine_translated", machine.then_some("true"));
    let reviewed = options
        .reviewed_by_speaker
        .map(|d| d.to_string())
        .or_else(|| catalog.reviewed_by_speaker.clone());
    if let Some(d) = &reviewed {
        Date::parse(d).map_err(|e| fail(None, format!("the speaker's check date: {e}")))?;
        yaml = segment::set_key(&yaml, "reviewed_by_speaker", Some(d));
    } else if text_changed && same_shape {
        yaml = segment::set_key(&yaml, "reviewed_by_speaker", None);
    }
    let mut text = segment::with_yaml(&filled, &yaml);
    if existing.is_some() && before.as_deref() != Some(text.as_str()) {
        if let Some(today) = options.today {
            let y = segment::set_key(&yaml, "updated", Some(&today.to_string()));
            text = segment::with_yaml(&filled, &y);
        }
    }
    // The result must be a valid page with the original's structure.
    front_matter::parse(&text).map_err(|e| {
        fail(
            None,
            format!("the translated front matter is not valid: {}", e.message),
        )
    })?;
    let result = Document::parse(&text).map_err(|e| fail(None, e.message))?;
    if result.shape() != source_doc.shape() {
        let a = result.shape();
        let b = source_doc.shape();
        let at = a
            .iter()
            .zip(&b)
            .position(|(x, y)| x != y)
            .unwrap_or(a.len().min(b.len()));
        let id = b
            .get(at.saturating_sub(1))
            .or(b.get(at))
            .map(|(id, _)| id.to_string())
            .unwrap_or_default();
        return Err(fail(
            line_of(catalog, &id),
            format!(
                "unit {id}: the translation changes the article's structure (a blank line, or a line that starts with #, -, > or a number and a dot, makes a new block): write it as one block of text"
            ),
        ));
    }
    let changed = before.as_deref() != Some(text.as_str());
    Ok(Outcome::Ready(Ready {
        path,
        text,
        changed,
        warnings,
    }))
}

fn line_of(catalog: &Catalog, id: &str) -> Option<usize> {
    catalog.entries.iter().find(|e| e.id == id).map(|e| e.line)
}

fn diagnostics(e: Error) -> Diagnostics {
    match e {
        Error::Invalid(d) => d,
        other => {
            let mut d = Diagnostics::new();
            d.push(Diagnostic::error(Path::new("."), None, other.to_string()));
            d
        }
    }
}
