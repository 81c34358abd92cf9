//! The theme's UI strings (`i18n/<lang>.yaml`) read back from an exchange
//! file: each key's line (or plural block) is replaced, the rest of the
//! file (comments, order) kept; `{placeholders}` must stay as in the source.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use super::exchange::Catalog;
use super::export::Site;
use super::segment::{set_key, yaml_string};
use super::{plural, tags};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::i18n::Message;

/// The new text of `i18n/<lang>.yaml`, its path, and whether every string is translated.
pub struct UiFile {
    /// The file to write.
    pub path: PathBuf,
    /// Its new text.
    pub text: String,
    /// Its text before (empty when new).
    pub before: String,
    /// Keys without a finished translation.
    pub missing: Vec<String>,
}

fn read_messages(site: &Site, rel: &Path) -> Result<(String, BTreeMap<String, Message>), String> {
    let path = site.config.root.join(rel);
    if !path.exists() {
        return Ok((String::new(), BTreeMap::new()));
    }
    let text = site
        .config
        .input
        .read_to_string(&path)
        .map_err(|e| e.to_string())?;
    let messages = serde_yaml::from_str(&text).map_err(|e| format!("{}: {e}", rel.display()))?;
    Ok((text, messages))
}

/// The `{names}` in a UI string.
fn placeholders(text: &str) -> BTreeSet<&str> {
    let mut names = BTreeSet::new();
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}') else {
            break;
        };
        names.insert(&rest[open..open + close + 1]);
        rest = &rest[open + close + 1..];
    }
    names
}

/// Checks a UI catalog and builds the language's new UI strings file.
pub fn prepare(
    site: &Site,
    file: &Path,
    catalog: &Catalog,
    target: usize,
) -> Result<UiFile, Diagnostics> {
    let config = &site.config;
    let mut problems = Diagnostics::new();
    let fail = |line: Option<usize>, message: String| {
        let mut d = Diagnostics::new();
        d.push(Diagnostic::error(file, line, message));
        d
    };
    let source_rel = PathBuf::from(&catalog.original);
    let (_, source) = read_messages(site, &source_rel).map_err(|e| fail(None, e))?;
    if source.is_empty() {
        return Err(fail(
            None,
            format!(
                "the UI strings it translates, {}, are unknown to this site",
                catalog.original
            ),
        ));
    }
    let code = config.languages[target].code();
    let rel = PathBuf::from("i18n").join(format!("{code}.yaml"));
    let (before, current) = read_messages(site, &rel).map_err(|e| fail(None, e))?;
    let forms = plural::of(code);
    let mut yaml = if before.is_empty() {
        format!("# UI strings of the default theme ({code}).\n")
    } else {
        before.clone()
    };
    let mut missing = Vec::new();
    let by_id: BTreeMap<&str, &super::exchange::Entry> =
        catalog.entries.iter().map(|e| (e.id.as_str(), e)).collect();
    // A plural form may leave the number out ("one article"); no form may
    // bring a placeholder of its own.
    let mut check = |entry: &super::exchange::Entry, text: &str, wanted: &str, all: bool| -> bool {
        let plain = tags::plain(text);
        let (have, want) = (placeholders(&plain), placeholders(wanted));
        let fits = if all {
            have == want
        } else {
            have.is_subset(&want)
        };
        if !fits {
            problems.push(Diagnostic::error(
                file,
                Some(entry.line),
                format!(
                    "unit {}: the placeholders in braces must be those of the source ({}), unchanged",
                    entry.id,
                    placeholders(wanted).into_iter().collect::<Vec<_>>().join(" ")
                ),
            ));
            return false;
        }
        true
    };
    for (key, message) in &source {
        match message {
            Message::Text(s) => match by_id.get(key.as_str()) {
                Some(e) if e.is_done() => {
                    if check(e, &e.target, s, true) {
                        yaml = set_key(&yaml, key, Some(&yaml_string(&tags::plain(&e.target))));
                    }
                }
                _ => missing.push(key.clone()),
            },
            Message::Plural(s) => {
                let other = s.get("other").map(String::as_str).unwrap_or_default();
                // PO: one entry with a form per gettext index; XLIFF: one unit per category.
                let texts: Option<Vec<(String, &super::exchange::Entry)>> =
                    match by_id.get(key.as_str()) {
                        Some(e) if e.is_done() => e
                            .plural
                            .as_ref()
                            .map(|p| p.targets.iter().map(|t| (t.clone(), *e)).collect()),
                        Some(_) => None,
                        None => forms
                            .categories
                            .iter()
                            .map(|c| {
                                by_id
                                    .get(format!("{key}[{c}]").as_str())
                                    .filter(|e| e.is_done())
                                    .map(|e| (e.target.clone(), *e))
                            })
                            .collect(),
                    };
                let Some(texts) = texts.filter(|t| t.len() == forms.categories.len()) else {
                    missing.push(key.clone());
                    continue;
                };
                let mut block = String::new();
                let mut ok = true;
                let mut written = BTreeSet::new();
                for (category, (text, entry)) in forms.categories.iter().zip(&texts) {
                    ok &= check(entry, text, other, false);
                    block.push_str(&format!(
                        "\n  {category}: {}",
                        yaml_string(&tags::plain(text))
                    ));
                    written.insert(*category);
                }
                // CLDR's "other" (fractions) where gettext has no form of its own.
                if !written.contains("other") {
                    let kept = match current.get(key) {
                        Some(Message::Plural(c)) => c.get("other").cloned(),
                        _ => None,
                    };
                    let last = texts
                        .last()
                        .map(|(t, _)| tags::plain(t))
                        .unwrap_or_default();
                    block.push_str(&format!(
                        "\n  other: {}",
                        yaml_string(&kept.unwrap_or(last))
                    ));
                }
                if ok {
                    yaml = set_key(&yaml, key, Some(&block));
                }
            }
        }
    }
    if problems.has_errors() {
        return Err(problems);
    }
    if let Err(e) = serde_yaml::from_str::<BTreeMap<String, Message>>(&yaml) {
        return Err(fail(
            None,
            format!("the UI strings would not be valid YAML: {e}"),
        ));
    }
    Ok(UiFile {
        path: config.root.join(rel),
        text: yaml,
        before,
        missing,
    })
}
