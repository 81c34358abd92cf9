//! `lotse check`: everything a build validates, without writing output, plus
//! the editor's to-do list: stale and missing translations, facts due for a
//! new check, and links in the built pages that lead nowhere.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use serde::Serialize;

use crate::content::page_path;
use crate::diagnostic::{Diagnostic, Diagnostics, Severity};
use crate::error::Error;
use crate::freshness::{self, State};
use crate::output::OutputFile;
use crate::pipeline::{self, BuildOptions, RenderedSite};

/// Runs every check on the site; never writes anything.
pub fn check(options: &BuildOptions) -> Diagnostics {
    match pipeline::render_site(options) {
        Ok(site) => {
            let mut all = site.warnings.clone();
            all.extend(translation_problems(&site));
            all.extend(broken_output_links(&site));
            all
        }
        Err(Error::Invalid(problems)) => problems,
        Err(other) => {
            let mut all = Diagnostics::new();
            all.push(Diagnostic {
                severity: Severity::Error,
                path: None,
                line: None,
                message: other.to_string(),
            });
            all
        }
    }
}

/// Stale, unchecked, machine-made and missing translations; facts due for review.
fn translation_problems(site: &RenderedSite) -> Vec<Diagnostic> {
    let config = &site.config;
    let content = &site.content;
    let today = freshness::today();
    let mut out = Vec::new();
    for (i, state) in freshness::replacements(content) {
        let page = &content.pages[i];
        let shared = content
            .replaced
            .iter()
            .find(|r| r.by == i)
            .map(|r| r.shared.source.display().to_string())
            .unwrap_or_default();
        if let freshness::Replacement::Stale {
            made_from,
            shared: now,
        } = state
        {
            out.push(Diagnostic::warning(
                &page.source,
                page.key_line("shared_updated"),
                format!(
                    "stale local version: the shared {shared} changed on {now}, after this site's version was made from it (shared_updated {made_from}): compare them, update this file, then set shared_updated: {now}"
                ),
            ));
        }
    }
    for page in &content.pages {
        let state = site.freshness.state(&page.key, page.lang);
        match state {
            State::Stale { original } => {
                let source = content
                    .get(&page.key, original)
                    .map(|p| p.source.display().to_string())
                    .unwrap_or_default();
                out.push(Diagnostic::warning(
                    &page.source,
                    page.key_line("source_updated"),
                    format!(
                        "stale translation: {source} has changed since this text was translated (source_updated {}): update the text, then source_updated",
                        page.front.source_updated.map(|d| d.to_string()).unwrap_or_default()
                    ),
                ));
            }
            // With translated_from, the build already reports it as an error.
            State::Orphan { original } if page.front.translated_from.is_none() => {
                out.push(Diagnostic::warning(
                    &page.source,
                    page.key_line("source_updated"),
                    format!(
                        "orphaned translation: its original {} does not exist (deleted or renamed?): restore the original, or remove source_updated if this text is now the original",
                        page.source_in(config, original).display()
                    ),
                ));
            }
            State::Unknown => {
                out.push(Diagnostic::warning(
                    &page.source,
                    Some(2),
                    "translation without source_updated: add the original's updated date it was translated from",
                ));
            }
            _ => {}
        }
        if let Some(date) = page.front.changes_on {
            if freshness::figures_changed(date, today) {
                out.push(Diagnostic::warning(
                    &page.source,
                    page.key_line("changes_on"),
                    format!(
                        "a figure in this text changes on {date} (changes_on), and readers are told it may be out of date: update the text, then set changes_on to the next known change or remove it"
                    ),
                ));
            }
        }
        if page.front.machine_translated && page.front.reviewed_by_speaker.is_none() {
            out.push(Diagnostic::note(
                &page.source,
                page.key_line("machine_translated"),
                "machine translation: no speaker of the language has checked it yet (add reviewed_by_speaker with the date of such a check)",
            ));
        }
        if let Some(reviewed) = page.front.reviewed {
            if freshness::review_due(reviewed, today, config.review_after) {
                out.push(Diagnostic::warning(
                    &page.source,
                    page.key_line("reviewed"),
                    format!(
                        "facts last checked on {reviewed}, more than {} months ago (review_after): check them and update reviewed",
                        config.review_after
                    ),
                ));
            }
        }
    }
    for key in freshness::article_keys(config, content) {
        let existing = content.languages_of(&key);
        let Some(&first) = existing.first() else {
            continue;
        };
        let source = &content.pages[content.groups[&key][first].unwrap_or_default()].source;
        let missing: Vec<&str> = (0..config.languages.len())
            .filter(|l| !existing.contains(l))
            .map(|l| config.languages[l].code())
            .collect();
        if !missing.is_empty() {
            out.push(Diagnostic::note(
                source,
                None,
                format!("not translated into: {}", missing.join(", ")),
            ));
        }
    }
    out
}

/// Internal links in the built pages (templates included) whose page or
/// `#section` does not exist.
fn broken_output_links(site: &RenderedSite) -> Vec<Diagnostic> {
    let base = site.config.base_path.as_str();
    let files: BTreeMap<&str, &OutputFile> =
        site.files.iter().map(|f| (f.path.as_str(), f)).collect();
    let mut ids_cache: BTreeMap<&str, BTreeSet<String>> = BTreeMap::new();
    let mut out = Vec::new();
    for file in site.files.iter().filter(|f| f.path.ends_with(".html")) {
        let html = String::from_utf8_lossy(&file.bytes);
        for target in attribute_values(&html, &["href", "src"]) {
            let (path, fragment) = match target.split_once('#') {
                Some((p, f)) => (p, Some(f)),
                None => (target.as_str(), None),
            };
            let path = path.split('?').next().unwrap_or_default();
            let resolved = if path.is_empty() {
                Some(file.path.clone())
            } else {
                path.strip_prefix(base).map(|rest| {
                    if rest.is_empty() || rest.ends_with('/') {
                        format!("{rest}index.html")
                    } else {
                        rest.to_string()
                    }
                })
            };
            let Some(resolved) = resolved else { continue };
            let Some(target_file) = files.get(resolved.as_str()) else {
                out.push(Diagnostic::error(
                    output_source(site, &file.path),
                    None,
                    format!(
                        "link to {target} in the built page /{}: no such page",
                        file.path
                    ),
                ));
                continue;
            };
            if let Some(fragment) = fragment.filter(|f| !f.is_empty()) {
                let ids = ids_cache
                    .entry(target_file.path.as_str())
                    .or_insert_with(|| {
                        attribute_values(&String::from_utf8_lossy(&target_file.bytes), &["id"])
                            .into_iter()
                            .collect()
                    });
                if !ids.contains(fragment) {
                    out.push(Diagnostic::error(
                        output_source(site, &file.path),
                        None,
                        format!(
                            "link to {target} in the built page /{}: no section #{fragment} there",
                            file.path
                        ),
                    ));
                }
            }
        }
    }
    out
}

/// The source file of a built page, for messages (the template when unknown).
fn output_source(site: &RenderedSite, output: &str) -> PathBuf {
    site.content
        .pages
        .iter()
        .find(|p| {
            format!(
                "{}index.html",
                page_path(site.config.languages[p.lang].code(), &p.key)
            ) == output
        })
        .map(|p| p.source.clone())
        .unwrap_or_else(|| PathBuf::from(format!("themes/{}/templates", site.config.theme)))
}

/// Values of the given attributes in an HTML text (quoted or unquoted).
fn attribute_values(html: &str, names: &[&str]) -> Vec<String> {
    let mut values = Vec::new();
    let bytes = html.as_bytes();
    for name in names {
        let needle = format!("{name}=");
        let mut from = 0;
        while let Some(found) = html[from..].find(&needle) {
            let at = from + found;
            from = at + needle.len();
            let before = at.checked_sub(1).map(|i| bytes[i]);
            if !before.is_some_and(|b| b.is_ascii_whitespace()) {
                continue;
            }
            let rest = &html[from..];
            let value = match rest.chars().next() {
                Some(q @ ('"' | '\'')) => rest[1..].split(q).next().unwrap_or_default(),
                _ => rest
                    .split(|c: char| c.is_ascii_whitespace() || c == '>')
                    .next()
                    .unwrap_or_default(),
            };
            values.push(crate::markdown::entities::decode(value).into_owned());
        }
    }
    values
}

/// One problem in the machine-readable report.
#[derive(Debug, Serialize)]
struct JsonProblem<'a> {
    severity: &'a str,
    file: Option<String>,
    line: Option<usize>,
    message: &'a str,
}

/// The report as JSON: a summary and every problem.
pub fn to_json(problems: &Diagnostics) -> String {
    serde_json::to_string_pretty(&json_value(problems)).unwrap_or_default()
}

/// The reports of several sites as JSON: one entry per site, by id.
pub fn sites_to_json(sites: &[(String, Diagnostics)]) -> String {
    let list: Vec<serde_json::Value> = sites
        .iter()
        .map(|(id, problems)| {
            let mut value = json_value(problems);
            if let Some(map) = value.as_object_mut() {
                map.insert("site".into(), serde_json::Value::String(id.clone()));
            }
            value
        })
        .collect();
    serde_json::to_string_pretty(&serde_json::json!({ "sites": list })).unwrap_or_default()
}

/// One site's report as a JSON value.
fn json_value(problems: &Diagnostics) -> serde_json::Value {
    let items: Vec<Diagnostic> = problems.sorted();
    let list: Vec<JsonProblem<'_>> = items
        .iter()
        .map(|d| JsonProblem {
            severity: d.severity_name(),
            file: d.path.as_ref().map(|p| p.display().to_string()),
            line: d.line,
            message: &d.message,
        })
        .collect();
    let value = serde_json::json!({
        "errors": problems.error_count(),
        "warnings": problems.warning_count(),
        "notes": problems.note_count(),
        "problems": list,
    });
    value
}

/// The report for people: problems grouped by file, then a summary line.
pub fn to_text(problems: &Diagnostics) -> String {
    let mut out = String::new();
    let mut current: Option<Option<PathBuf>> = None;
    for d in problems.sorted() {
        if current.as_ref() != Some(&d.path) {
            if current.is_some() {
                out.push('\n');
            }
            out.push_str(
                &d.path
                    .as_ref()
                    .map_or_else(|| "(site)".to_string(), |p| p.display().to_string()),
            );
            out.push('\n');
            current = Some(d.path.clone());
        }
        let line = d.line.map(|l| format!("{l}: ")).unwrap_or_default();
        out.push_str(&format!("  {line}{}: {}\n", d.severity_name(), d.message));
    }
    if !problems.is_empty() {
        out.push('\n');
    }
    out.push_str(&format!(
        "{} error(s), {} warning(s), {} note(s)\n",
        problems.error_count(),
        problems.warning_count(),
        problems.note_count()
    ));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_quoted_and_unquoted_attributes() {
        let html = "<a href=/de/x/#a class=y><img src=\"/i.png\"><p id=top data-x=1 id=\"b\">";
        assert_eq!(
            attribute_values(html, &["href", "src"]),
            ["/de/x/#a", "/i.png"]
        );
        assert_eq!(attribute_values(html, &["id"]), ["top", "b"]);
    }
}
