//! Translation freshness: which translations are up to date, stale or
//! missing, following `translated_from` chains; and which facts are due
//! for a new check.

use std::collections::BTreeMap;

use crate::config::Config;
use crate::content::{Content, Date, PageKind};
use crate::diagnostic::Diagnostic;

/// The state of one page in one language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    /// Written in this language, not a translation.
    Original,
    /// A translation made from the current version of its original.
    UpToDate,
    /// The original (or one further up the chain) changed since.
    Stale {
        /// Language of the direct original, to link to.
        original: usize,
    },
    /// A translation without `source_updated`: its freshness is unknown.
    Unknown,
    /// A translation (it has `source_updated` or `translated_from`) whose
    /// original does not exist, deleted or renamed.
    Orphan {
        /// Language of the missing original.
        original: usize,
    },
    /// No version in this language.
    Missing,
}

impl State {
    /// A short name for reports (`up-to-date`, `stale`, ...).
    pub fn name(self) -> &'static str {
        match self {
            State::Original => "original",
            State::UpToDate => "up-to-date",
            State::Stale { .. } => "stale",
            State::Unknown => "unknown",
            State::Orphan { .. } => "orphan",
            State::Missing => "missing",
        }
    }
}

/// Freshness of every translation of the site.
#[derive(Debug, Clone, Default)]
pub struct Freshness {
    states: BTreeMap<(String, usize), State>,
}

impl Freshness {
    /// Computes the state of every page; problems with `translated_from`
    /// chains are returned as diagnostics.
    pub fn compute(config: &Config, content: &Content) -> (Self, Vec<Diagnostic>) {
        let mut fresh = Freshness::default();
        let mut problems = Vec::new();
        for page in &content.pages {
            let mut visiting = Vec::new();
            fresh.state_of(
                config,
                content,
                &page.key,
                page.lang,
                &mut visiting,
                &mut problems,
            );
        }
        (fresh, problems)
    }

    /// Computes again the states of `keys` in every language after only
    /// their pages changed (the others' states do not depend on them);
    /// returns the chain problems of those pages.
    pub fn update(
        &mut self,
        config: &Config,
        content: &Content,
        keys: &[String],
    ) -> Vec<Diagnostic> {
        self.states.retain(|(key, _), _| !keys.contains(key));
        let mut problems = Vec::new();
        for key in keys {
            for lang in 0..config.languages.len() {
                if content.get(key, lang).is_some() {
                    let mut visiting = Vec::new();
                    self.state_of(config, content, key, lang, &mut visiting, &mut problems);
                }
            }
        }
        problems
    }

    /// The state of `key` in `lang`.
    pub fn state(&self, key: &str, lang: usize) -> State {
        self.states
            .get(&(key.to_string(), lang))
            .copied()
            .unwrap_or(State::Missing)
    }

    fn state_of(
        &mut self,
        config: &Config,
        content: &Content,
        key: &str,
        lang: usize,
        visiting: &mut Vec<usize>,
        problems: &mut Vec<Diagnostic>,
    ) -> State {
        if let Some(state) = self.states.get(&(key.to_string(), lang)) {
            return *state;
        }
        let Some(page) = content.get(key, lang) else {
            return State::Missing;
        };
        let line = page.key_line("translated_from");
        let from = match &page.front.translated_from {
            Some(code) => match config.language_index(code) {
                Some(l) if l == lang => {
                    problems.push(Diagnostic::error(
                        &page.source,
                        line,
                        format!("translated_from \"{code}\" is this page's own language"),
                    ));
                    None
                }
                Some(l) => Some(l),
                None => {
                    problems.push(Diagnostic::error(
                        &page.source,
                        line,
                        format!("translated_from \"{code}\" is not a language of this site"),
                    ));
                    None
                }
            },
            None if lang == config.default_language => None,
            None => Some(config.default_language),
        };
        let state = match from {
            None => State::Original,
            Some(from) => match content.get(key, from) {
                None => {
                    let translation =
                        page.front.translated_from.is_some() || page.front.source_updated.is_some();
                    if page.front.translated_from.is_some() {
                        problems.push(Diagnostic::error(
                            &page.source,
                            line,
                            format!(
                                "translated_from \"{}\": there is no {} version of this page",
                                config.languages[from].code(),
                                config.languages[from].code()
                            ),
                        ));
                    }
                    if translation {
                        State::Orphan { original: from }
                    } else {
                        // Written without an original in the default language.
                        State::Original
                    }
                }
                Some(original) => {
                    if visiting.contains(&from) {
                        problems.push(Diagnostic::error(
                            &page.source,
                            line,
                            "translated_from forms a loop: some translation must come from an original",
                        ));
                        State::Unknown
                    } else {
                        visiting.push(lang);
                        let upstream =
                            self.state_of(config, content, key, from, visiting, problems);
                        visiting.pop();
                        match (page.front.source_updated, original.front.updated) {
                            (None, _) => State::Unknown,
                            (Some(seen), Some(current)) if seen < current => {
                                State::Stale { original: from }
                            }
                            _ if matches!(upstream, State::Stale { .. }) => {
                                State::Stale { original: from }
                            }
                            _ => State::UpToDate,
                        }
                    }
                }
            },
        };
        self.states.insert((key.to_string(), lang), state);
        state
    }
}

/// True when facts checked on `reviewed` are due for a new check on `today`.
pub fn review_due(reviewed: Date, today: Date, months: u32) -> bool {
    let elapsed = (today.year - reviewed.year) * 12 + i32::from(today.month)
        - i32::from(reviewed.month)
        - i32::from(today.day < reviewed.day);
    elapsed >= i32::try_from(months).unwrap_or(i32::MAX)
}

/// True when a figure that changes on `changes_on` has changed by `today`.
pub fn figures_changed(changes_on: Date, today: Date) -> bool {
    changes_on <= today
}

/// Warnings for dates that describe the past but lie after `today`:
/// `updated`, `reviewed`, `claim_seen` and `reviewed_by_speaker` (usually a
/// typo in the year). `changes_on` is meant to lie ahead and is not checked.
pub fn future_dates(content: &Content, today: Date) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for page in &content.pages {
        let front = &page.front;
        for (key, date, meaning) in [
            ("updated", front.updated, "the date of the last change"),
            (
                "reviewed",
                front.reviewed,
                "the date the facts were checked",
            ),
            (
                "claim_seen",
                front.claim_seen,
                "the date the claim was seen",
            ),
            (
                "reviewed_by_speaker",
                front.reviewed_by_speaker,
                "the date a speaker checked the translation",
            ),
        ] {
            let Some(date) = date.filter(|d| *d > today) else {
                continue;
            };
            out.push(Diagnostic::warning(
                &page.source,
                page.key_line(key),
                format!("{key} {date} lies after today ({today}): write {meaning}"),
            ));
        }
    }
    out
}

/// Today's date: from `SOURCE_DATE_EPOCH` when set (reproducible builds),
/// else from the system clock (UTC).
pub fn today() -> Date {
    let seconds = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| i64::try_from(d.as_secs()).unwrap_or(0))
                .unwrap_or(0)
        });
    civil_from_days(seconds.div_euclid(86_400))
}

/// The calendar date of a day count since 1970-01-01 (proleptic Gregorian).
fn civil_from_days(days: i64) -> Date {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    Date {
        year: i32::try_from(year).unwrap_or(1970),
        month: u8::try_from(month).unwrap_or(1),
        day: u8::try_from(day).unwrap_or(1),
    }
}

/// How a local site's own version of a shared page stands against it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Replacement {
    /// Made from the shared page as it is now.
    Current,
    /// The shared page changed after the local version was made from it.
    Stale {
        /// The shared page's `updated` the local version records.
        made_from: Date,
        /// The shared page's `updated` now.
        shared: Date,
    },
    /// The local version does not say which version it was made from.
    Unknown,
}

impl Replacement {
    /// The state's name in reports.
    pub fn name(self) -> &'static str {
        match self {
            Replacement::Current => "replaced",
            Replacement::Stale { .. } => "replaced-stale",
            Replacement::Unknown => "replaced-unknown",
        }
    }
}

/// Every local version of a shared page in `content`: its page index and state.
pub fn replacements(content: &Content) -> Vec<(usize, Replacement)> {
    content
        .replaced
        .iter()
        .map(|r| {
            let local = &content.pages[r.by];
            let state = match (local.front.shared_updated, r.shared.front.updated) {
                (Some(made_from), Some(shared)) if shared > made_from => {
                    Replacement::Stale { made_from, shared }
                }
                (Some(_), _) => Replacement::Current,
                (None, _) => Replacement::Unknown,
            };
            (r.by, state)
        })
        .collect()
}

/// Article keys in order, for reports.
pub fn article_keys(config: &Config, content: &Content) -> Vec<String> {
    content
        .topics(config.default_language)
        .iter()
        .flat_map(|t| content.articles_of(t, config.default_language))
        .filter(|k| content.kinds.get(k) == Some(&PageKind::Article))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> Date {
        Date::parse(text).unwrap()
    }

    #[test]
    fn review_is_due_after_the_given_months() {
        assert!(!review_due(d("2025-11-25"), d("2026-11-24"), 12));
        assert!(review_due(d("2025-11-25"), d("2026-11-25"), 12));
        assert!(review_due(d("2025-01-31"), d("2026-02-01"), 12));
        assert!(review_due(d("2026-05-01"), d("2026-11-01"), 6));
    }

    #[test]
    fn days_become_dates() {
        assert_eq!(civil_from_days(0), d("1970-01-01"));
        assert_eq!(civil_from_days(20_417), d("2025-11-25"));
        assert_eq!(civil_from_days(11_016), d("2000-02-29"));
    }
}
