//! `lotse status`: the translation matrix, every article against every
//! language, as a terminal table, JSON or CSV.
//!
//! It reads `site.toml` and the pages' front matter only, nothing else, and
//! works on a site that does not build: a file with errors is shown as broken.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::config::Config;
use crate::content::{self, Content, LoadOptions};
use crate::diagnostic::Diagnostics;
use crate::error::{Error, Result};
use crate::freshness::{self, Freshness, State};

/// Reads the site in `root` and builds its matrix.
pub fn read(root: &Path) -> Result<Matrix> {
    read_site(root, None)
}

/// Reads the site in `root`, or its local site `site`, and builds its matrix.
pub fn read_site(root: &Path, site: Option<&str>) -> Result<Matrix> {
    let shared = Config::load(root).map_err(Error::Invalid)?;
    let config = match site {
        None => shared,
        Some(id) => shared.load_local(id).map_err(Error::Invalid)?,
    };
    let options = LoadOptions {
        drafts: false,
        bodies: false,
    };
    let loaded = content::load_leniently(&config, options);
    let (fresh, chain_problems) = Freshness::compute(&config, &loaded.content);
    let mut broken: Vec<(String, usize)> = loaded
        .unreadable
        .iter()
        .filter(|u| u.kind == content::PageKind::Article)
        .map(|u| (u.key.clone(), u.lang))
        .collect();
    let with_errors: BTreeSet<PathBuf> = loaded
        .problems
        .sorted()
        .into_iter()
        .filter(|d| d.is_error())
        .filter_map(|d| d.path)
        .collect();
    broken.extend(
        loaded
            .content
            .pages
            .iter()
            .filter(|p| p.kind == content::PageKind::Article && with_errors.contains(&p.source))
            .map(|p| (p.key.clone(), p.lang)),
    );
    // A translation of a file with errors is not told that its original is missing.
    let of_broken_original = |d: &crate::diagnostic::Diagnostic| {
        loaded.content.pages.iter().any(|p| {
            d.path.as_deref() == Some(p.source.as_path())
                && matches!(fresh.state(&p.key, p.lang),
                    State::Orphan { original } if broken.contains(&(p.key.clone(), original)))
        })
    };
    let chain_problems: Vec<_> = chain_problems
        .into_iter()
        .filter(|d| !of_broken_original(d))
        .collect();
    let mut problems = loaded.problems;
    problems.extend(chain_problems);
    Ok(matrix(
        &config,
        &loaded.content,
        &fresh,
        &Broken {
            files: broken,
            problems,
        },
    ))
}

/// The files with errors, for the matrix.
#[derive(Debug, Default)]
pub struct Broken {
    /// Article key and language of each article file with errors.
    pub files: Vec<(String, usize)>,
    /// Every problem found while reading the site.
    pub problems: Diagnostics,
}

/// One error of the site, in the report.
#[derive(Debug, Clone, Serialize)]
pub struct Problem {
    /// The file, if the error is about one.
    pub file: Option<String>,
    /// The line in that file.
    pub line: Option<usize>,
    /// What is wrong.
    pub message: String,
}

/// One row of the matrix.
#[derive(Debug, Clone, Serialize)]
pub struct Row {
    /// The article key (`health/insurance`).
    pub key: String,
    /// State per language code, in site order.
    pub states: Vec<(String, &'static str)>,
    /// Languages whose text is a machine translation no speaker has checked yet.
    pub machine_translated: Vec<String>,
    /// Languages whose translation a speaker checked, with the date (`reviewed_by_speaker`).
    pub speaker_checked: Vec<(String, String)>,
    /// In a local site: the languages whose page is the site's own, with
    /// `local` (a local page), `replaced`, `replaced-stale` or `replaced-unknown`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub local: Vec<(String, &'static str)>,
}

/// Totals of one language.
#[derive(Debug, Clone, Serialize)]
pub struct Totals {
    /// Language code.
    pub lang: String,
    /// Originals written in this language.
    pub original: usize,
    /// Translations up to date.
    pub up_to_date: usize,
    /// Translations whose original changed since.
    pub stale: usize,
    /// Translations without `source_updated`, or whose original has errors.
    pub unknown: usize,
    /// Translations whose original does not exist.
    pub orphan: usize,
    /// Files with errors.
    pub broken: usize,
    /// Articles with no version in this language.
    pub missing: usize,
    /// Machine translations not yet checked by a speaker of the language.
    pub machine_translated: usize,
    /// Translations a speaker of the language has checked.
    pub speaker_checked: usize,
    /// Share of articles available and current in this language, in percent.
    pub current_percent: u32,
}

/// The whole matrix.
#[derive(Debug, Clone, Serialize)]
pub struct Matrix {
    /// Language codes in site order.
    pub languages: Vec<String>,
    /// One row per article.
    pub rows: Vec<Row>,
    /// Totals per language.
    pub totals: Vec<Totals>,
    /// The errors of the site (the files shown as broken among them).
    pub errors: Vec<Problem>,
}

/// Builds the matrix for all articles of the site.
pub fn matrix(config: &Config, content: &Content, fresh: &Freshness, broken: &Broken) -> Matrix {
    let languages: Vec<String> = config
        .languages
        .iter()
        .map(|l| l.code().to_string())
        .collect();
    let mut keys = freshness::article_keys(config, content);
    for (key, _) in &broken.files {
        if keys.contains(key) {
            continue;
        }
        // Beside the other articles of its topic.
        let topic = key.split('/').next().unwrap_or_default();
        let at = keys
            .iter()
            .rposition(|k| k.split('/').next() == Some(topic))
            .map_or(keys.len(), |i| i + 1);
        keys.insert(at, key.clone());
    }
    let is_broken =
        |key: &str, lang: usize| broken.files.iter().any(|(k, l)| k == key && *l == lang);
    let mut totals: Vec<Totals> = languages
        .iter()
        .map(|l| Totals {
            lang: l.clone(),
            original: 0,
            up_to_date: 0,
            stale: 0,
            unknown: 0,
            orphan: 0,
            broken: 0,
            missing: 0,
            machine_translated: 0,
            speaker_checked: 0,
            current_percent: 0,
        })
        .collect();
    let replacements = freshness::replacements(content);
    let mut rows = Vec::new();
    for key in &keys {
        let mut states = Vec::new();
        let mut machine = Vec::new();
        let mut checked = Vec::new();
        let mut local = Vec::new();
        for (lang, code) in languages.iter().enumerate() {
            let Some(page) = content.get(key, lang) else {
                continue;
            };
            if page.layer != content::Layer::Local {
                continue;
            }
            let index = content.groups.get(key).and_then(|g| g[lang]);
            let state = replacements
                .iter()
                .find(|(i, _)| Some(*i) == index)
                .map_or("local", |(_, r)| r.name());
            local.push((code.clone(), state));
        }
        for (lang, code) in languages.iter().enumerate() {
            let t = &mut totals[lang];
            let name = match fresh.state(key, lang) {
                _ if is_broken(key, lang) => {
                    t.broken += 1;
                    "broken"
                }
                State::Original => {
                    t.original += 1;
                    "original"
                }
                State::UpToDate => {
                    t.up_to_date += 1;
                    "up-to-date"
                }
                State::Stale { .. } => {
                    t.stale += 1;
                    "stale"
                }
                // The original exists, but could not be read.
                State::Orphan { original } if is_broken(key, original) => {
                    t.unknown += 1;
                    "unknown"
                }
                State::Orphan { .. } => {
                    t.orphan += 1;
                    "orphan"
                }
                State::Unknown => {
                    t.unknown += 1;
                    "unknown"
                }
                State::Missing => {
                    t.missing += 1;
                    "missing"
                }
            };
            if let Some(front) = content.get(key, lang).map(|p| &p.front) {
                if let Some(date) = front.reviewed_by_speaker {
                    t.speaker_checked += 1;
                    checked.push((code.clone(), date.to_string()));
                } else if front.machine_translated {
                    t.machine_translated += 1;
                    machine.push(code.clone());
                }
            }
            states.push((code.clone(), name));
        }
        rows.push(Row {
            key: key.clone(),
            states,
            machine_translated: machine,
            speaker_checked: checked,
            local,
        });
    }
    for t in &mut totals {
        let current = t.original + t.up_to_date;
        t.current_percent = if keys.is_empty() {
            100
        } else {
            u32::try_from(current * 100 / keys.len()).unwrap_or(100)
        };
    }
    let errors = broken
        .problems
        .sorted()
        .into_iter()
        .filter(|d| d.is_error())
        .map(|d| Problem {
            file: d.path.map(|p| p.display().to_string()),
            line: d.line,
            message: d.message,
        })
        .collect();
    Matrix {
        languages,
        rows,
        totals,
        errors,
    }
}

/// One cell as shown in the terminal.
fn symbol(state: &str, machine: bool) -> &'static str {
    match (state, machine) {
        ("original", _) => "orig",
        ("up-to-date", true) => "MT",
        ("up-to-date", false) => "ok",
        ("stale", _) => "STALE",
        ("unknown", _) => "?",
        ("orphan", _) => "ORPH",
        ("broken", _) => "ERR",
        _ => "-",
    }
}

/// The matrix as a terminal table; ANSI colors when `color` is true.
pub fn to_table(m: &Matrix, color: bool) -> String {
    let paint = |text: String, state: &str| -> String {
        if !color {
            return text;
        }
        let code = match state {
            "stale" => "33",
            "missing" => "2",
            "unknown" => "35",
            "orphan" | "broken" => "31",
            "up-to-date" | "original" => "32",
            _ => "0",
        };
        format!("\x1b[{code}m{text}\x1b[0m")
    };
    let key_width = m.rows.iter().map(|r| r.key.len()).max().unwrap_or(7).max(7);
    let mut out = format!("{:key_width$}", "article");
    for l in &m.languages {
        out.push_str(&format!(" {l:>5}"));
    }
    out.push('\n');
    for row in &m.rows {
        out.push_str(&format!("{:key_width$}", row.key));
        for (code, state) in &row.states {
            let mark = match row.local.iter().find(|(c, _)| c == code).map(|(_, s)| *s) {
                Some("local") => "L",
                Some("replaced") => "R",
                Some("replaced-stale") => "R!",
                Some(_) => "R?",
                None => "",
            };
            let cell = format!(
                " {:>5}",
                format!(
                    "{}{mark}",
                    symbol(state, row.machine_translated.contains(code))
                )
            );
            let shown = if mark == "R!" { "stale" } else { state };
            out.push_str(&paint(cell, shown));
        }
        out.push('\n');
    }
    out.push_str(&format!("{:key_width$}", "current"));
    for t in &m.totals {
        out.push_str(&format!(" {:>4}%", t.current_percent));
    }
    out.push('\n');
    for (label, pick) in [
        ("stale", (|t: &Totals| t.stale) as fn(&Totals) -> usize),
        ("missing", |t: &Totals| t.missing),
        ("orphan", |t: &Totals| t.orphan),
        ("broken", |t: &Totals| t.broken),
        ("machine", |t: &Totals| t.machine_translated),
        ("speaker", |t: &Totals| t.speaker_checked),
    ] {
        out.push_str(&format!("{label:key_width$}"));
        for t in &m.totals {
            out.push_str(&format!(" {:>5}", pick(t)));
        }
        out.push('\n');
    }
    out.push_str("\norig = original, ok = up to date, STALE = original changed since, MT = machine translation no speaker has checked, ? = no source_updated or the original has errors, ORPH = the original does not exist, ERR = the file has errors, - = missing; speaker = translations checked by a speaker (reviewed_by_speaker)\n");
    if m.rows.iter().any(|r| !r.local.is_empty()) {
        out.push_str("L = a page of this local site only, R = the site's own version of a shared page, R! = the shared page changed since (compare and update shared_updated), R? = without shared_updated\n");
    }
    if !m.errors.is_empty() {
        out.push_str(&format!(
            "\n{} error(s) in the site (lotse check lists every problem):\n",
            m.errors.len()
        ));
        for e in &m.errors {
            let place = match (&e.file, e.line) {
                (Some(file), Some(line)) => format!("{file}:{line}: "),
                (Some(file), None) => format!("{file}: "),
                _ => String::new(),
            };
            out.push_str(&format!("  {place}{}\n", e.message));
        }
    }
    out
}

/// The matrix as CSV: one row per article, one column per language.
pub fn to_csv(m: &Matrix) -> String {
    let mut out = String::from("article");
    for l in &m.languages {
        out.push(',');
        out.push_str(l);
    }
    out.push('\n');
    for row in &m.rows {
        out.push_str(&row.key);
        for (code, state) in &row.states {
            out.push(',');
            out.push_str(state);
            if row.machine_translated.contains(code) {
                out.push_str("+machine");
            }
            if let Some((_, date)) = row.speaker_checked.iter().find(|(c, _)| c == code) {
                out.push_str("+speaker ");
                out.push_str(date);
            }
            if let Some((_, local)) = row.local.iter().find(|(c, _)| c == code) {
                out.push('+');
                out.push_str(local);
            }
        }
        out.push('\n');
    }
    out
}

/// The matrix as JSON.
pub fn to_json(m: &Matrix) -> String {
    serde_json::to_string_pretty(m).unwrap_or_default()
}
