//! `lotse status`: the translation matrix, every article against every
//! language, as a terminal table, JSON or CSV.

use serde::Serialize;

use crate::config::Config;
use crate::content::Content;
use crate::freshness::{self, Freshness, State};

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
    /// Translations without `source_updated`.
    pub unknown: usize,
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
}

/// Builds the matrix for all articles of the site.
pub fn matrix(config: &Config, content: &Content, fresh: &Freshness) -> Matrix {
    let languages: Vec<String> = config
        .languages
        .iter()
        .map(|l| l.code().to_string())
        .collect();
    let keys = freshness::article_keys(config, content);
    let mut totals: Vec<Totals> = languages
        .iter()
        .map(|l| Totals {
            lang: l.clone(),
            original: 0,
            up_to_date: 0,
            stale: 0,
            unknown: 0,
            missing: 0,
            machine_translated: 0,
            speaker_checked: 0,
            current_percent: 0,
        })
        .collect();
    let mut rows = Vec::new();
    for key in &keys {
        let mut states = Vec::new();
        let mut machine = Vec::new();
        let mut checked = Vec::new();
        for (lang, code) in languages.iter().enumerate() {
            let state = fresh.state(key, lang);
            let t = &mut totals[lang];
            match state {
                State::Original => t.original += 1,
                State::UpToDate => t.up_to_date += 1,
                State::Stale { .. } => t.stale += 1,
                State::Unknown => t.unknown += 1,
                State::Missing => t.missing += 1,
            }
            if let Some(front) = content.get(key, lang).map(|p| &p.front) {
                if let Some(date) = front.reviewed_by_speaker {
                    t.speaker_checked += 1;
                    checked.push((code.clone(), date.to_string()));
                } else if front.machine_translated {
                    t.machine_translated += 1;
                    machine.push(code.clone());
                }
            }
            states.push((code.clone(), state.name()));
        }
        rows.push(Row {
            key: key.clone(),
            states,
            machine_translated: machine,
            speaker_checked: checked,
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
    Matrix {
        languages,
        rows,
        totals,
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
            let cell = format!(
                " {:>5}",
                symbol(state, row.machine_translated.contains(code))
            );
            out.push_str(&paint(cell, state));
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
        ("machine", |t: &Totals| t.machine_translated),
        ("speaker", |t: &Totals| t.speaker_checked),
    ] {
        out.push_str(&format!("{label:key_width$}"));
        for t in &m.totals {
            out.push_str(&format!(" {:>5}", pick(t)));
        }
        out.push('\n');
    }
    out.push_str("\norig = original, ok = up to date, STALE = original changed since, MT = machine translation no speaker has checked, ? = no source_updated, - = missing; speaker = translations checked by a speaker (reviewed_by_speaker)\n");
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
        }
        out.push('\n');
    }
    out
}

/// The matrix as JSON.
pub fn to_json(m: &Matrix) -> String {
    serde_json::to_string_pretty(m).unwrap_or_default()
}
