//! The referral directory: the local services of a site (counselling
//! offices, clinics, authorities) from a `services.yaml`, validated into a
//! typed [`Directory`] that article boxes and the directory pages show.
//!
//! The loader is handed the file and what it is checked against (the
//! site's topics and articles, its default language); it does not look for
//! the file itself, so that any site, shared or local, can have one.

mod check;
mod hours;
mod locate;
mod phone;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use serde_yaml::{Mapping, Value};

pub use hours::{HoursLine, OpeningHours, WeekdayNames};
pub use phone::Phone;

use crate::diagnostic::{did_you_mean, Diagnostic, Diagnostics};
use crate::input::SiteRoot;
use crate::lang::Lang;
use check::{Check, HINTS};
use locate::Layout;

/// Name of the directory file at a site's root.
pub const FILE: &str = "services.yaml";

/// The folder of the directory pages under each language (`/de/services/`).
pub const PAGE: &str = "services";

/// What kind of place a service is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// General counselling.
    Counselling,
    /// Migration counselling for adults (MBE).
    MigrationCounselling,
    /// Youth migration services (JMD).
    YouthMigration,
    /// Health: clinics, doctors.
    Health,
    /// Legal aid.
    LegalAid,
    /// Authorities: offices of the town or state.
    Authority,
    /// Work: job centre, employment agency, counselling on work.
    Work,
    /// Housing.
    Housing,
    /// Education: schools, language courses.
    Education,
    /// Family: family and pregnancy counselling.
    Family,
    /// Anything else.
    Other,
}

impl Kind {
    /// The kinds as written in `services.yaml`.
    pub const NAMES: &'static [&'static str] = &[
        "counselling",
        "migration-counselling",
        "youth-migration",
        "health",
        "legal-aid",
        "authority",
        "work",
        "housing",
        "education",
        "family",
        "other",
    ];
    const ALL: [Kind; 11] = [
        Kind::Counselling,
        Kind::MigrationCounselling,
        Kind::YouthMigration,
        Kind::Health,
        Kind::LegalAid,
        Kind::Authority,
        Kind::Work,
        Kind::Housing,
        Kind::Education,
        Kind::Family,
        Kind::Other,
    ];

    /// The kind as written in `services.yaml`.
    pub fn name(self) -> &'static str {
        Self::NAMES[self as usize]
    }

    fn parse(text: &str) -> Option<Self> {
        Self::NAMES
            .iter()
            .position(|n| *n == text)
            .map(|i| Self::ALL[i])
    }

    /// The schema.org type of such a place.
    pub fn schema_type(self) -> &'static str {
        match self {
            Kind::Health => "MedicalClinic",
            Kind::Authority => "GovernmentOffice",
            Kind::LegalAid => "LegalService",
            Kind::Education => "EducationalOrganization",
            _ => "LocalBusiness",
        }
    }
}

/// Wheelchair access, with OpenStreetMap's values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Wheelchair {
    /// Fully accessible.
    Yes,
    /// Partly accessible.
    Limited,
    /// Not accessible.
    No,
}

/// One service of the directory.
#[derive(Debug, Clone, PartialEq)]
pub struct Service {
    /// Unique id in the file.
    pub id: String,
    /// Proper name, not translated.
    pub name: String,
    /// What kind of place it is.
    pub kind: Kind,
    /// Topic folders it serves.
    pub topics: Vec<String>,
    /// Articles (`topic/article`) it serves.
    pub articles: Vec<String>,
    /// Postal address, one line.
    pub address: Option<String>,
    /// Latitude and longitude.
    pub coordinates: Option<(f64, f64)>,
    /// Phone number.
    pub phone: Option<Phone>,
    /// E-mail address.
    pub email: Option<String>,
    /// Web address (`https://` or `http://`).
    pub web: Option<String>,
    /// Opening hours.
    pub opening_hours: Option<OpeningHours>,
    /// Languages spoken there.
    pub languages: Vec<Lang>,
    /// Wheelchair access, if known.
    pub wheelchair: Option<Wheelchair>,
    /// Short description per language code.
    pub description: BTreeMap<String, String>,
}

impl Service {
    /// True when the service serves the article `key` (`topic/article`).
    pub fn serves(&self, key: &str) -> bool {
        let topic = key.split('/').next().unwrap_or(key);
        self.articles.iter().any(|a| a == key) || self.topics.iter().any(|t| t == topic)
    }

    /// True when people there speak the language `code` (or a variant of it).
    pub fn speaks(&self, code: &str) -> bool {
        let wanted = code.split('-').next().unwrap_or(code);
        self.languages
            .iter()
            .any(|l| l.code() == code || l.id().language.as_str() == wanted)
    }
}

/// The services of a site, in file order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Directory {
    /// The services.
    pub services: Vec<Service>,
    /// True when the services are example data (every page says so); set by
    /// whoever loads the file, from the site's settings.
    pub example: bool,
}

impl Directory {
    /// The services an article shows: those speaking `lang` first, then the
    /// others, each group in file order.
    pub fn for_article(&self, key: &str, lang: &str) -> Vec<&Service> {
        let mut found: Vec<&Service> = self.services.iter().filter(|s| s.serves(key)).collect();
        found.sort_by_key(|s| !s.speaks(lang));
        found
    }

    /// The topics that services name (directly or through an article), in
    /// the order of `topics`, each with its services (speaking `lang` first).
    pub fn by_topic<'a>(
        &'a self,
        topics: &[String],
        lang: &str,
    ) -> Vec<(String, Vec<&'a Service>)> {
        topics
            .iter()
            .filter_map(|topic| {
                let mut found: Vec<&Service> = self
                    .services
                    .iter()
                    .filter(|s| {
                        s.topics.contains(topic)
                            || s.articles
                                .iter()
                                .any(|a| a.split('/').next() == Some(topic.as_str()))
                    })
                    .collect();
                found.sort_by_key(|s| !s.speaks(lang));
                (!found.is_empty()).then(|| (topic.clone(), found))
            })
            .collect()
    }
}

/// What services may point to: the site's topic folders and articles.
#[derive(Debug, Clone, Default)]
pub struct Targets {
    /// Topic folder names (`health`).
    pub topics: BTreeSet<String>,
    /// Article keys (`health/insurance`).
    pub articles: BTreeSet<String>,
    /// The site's default language code: every service describes itself in it.
    pub default_language: String,
}

/// Reads and validates the directory file at `path`, shown as `rel` in messages.
pub fn load(
    input: &SiteRoot,
    path: &Path,
    rel: &Path,
    targets: &Targets,
) -> Result<Directory, Diagnostics> {
    let text = input.read_to_string(path).map_err(|e| {
        let mut all = Diagnostics::new();
        all.push(Diagnostic::error(rel, None, e.to_string()));
        all
    })?;
    parse(&text, rel, targets)
}

/// Validates the text of a directory file; `rel` names it in messages.
pub fn parse(text: &str, rel: &Path, targets: &Targets) -> Result<Directory, Diagnostics> {
    let mut problems = Diagnostics::new();
    let fail = |line: Option<usize>, message: String| {
        let mut all = Diagnostics::new();
        all.push(Diagnostic::error(rel, line, message));
        all
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    crate::yaml::check_shape(text).map_err(|e| fail(Some(e.line), e.message))?;
    let value: Value = serde_yaml::from_str(text).map_err(|e| {
        let line = e.location().map(|l| l.line());
        let message = e.to_string();
        let message = message
            .find(" at line ")
            .map_or(message.as_str(), |at| &message[..at]);
        fail(
            line,
            format!("the file is not valid YAML ({message}): check the indentation and quotes"),
        )
    })?;
    let layout = Layout::new(text);
    let top = match value {
        Value::Mapping(m) => m,
        Value::Null => Mapping::new(),
        _ => {
            return Err(fail(
                Some(1),
                "the file must start with \"services:\" followed by a list of services".into(),
            ))
        }
    };
    for key in top.keys() {
        if key.as_str() != Some("services") {
            let name = key_text(key);
            let line = text
                .lines()
                .position(|l| l.starts_with(&name))
                .map(|i| i + 1);
            let hint = match did_you_mean(&name, &["services"]) {
                Some(k) => format!(" (did you mean \"{k}\"?)"),
                None => " (the file has one key, \"services\")".into(),
            };
            problems.push(Diagnostic::error(
                rel,
                line,
                format!("unknown key \"{name}\"{hint}"),
            ));
        }
    }
    let items = match top.get("services") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Sequence(items)) => items.clone(),
        Some(_) => {
            problems.push(Diagnostic::error(
                rel,
                layout.services_line(),
                "\"services\" must be a list: start each service with \"- id: ...\"",
            ));
            Vec::new()
        }
    };
    let mut services = Vec::new();
    let mut ids: BTreeMap<String, usize> = BTreeMap::new();
    let mut hints = HINTS;
    for (index, item) in items.iter().enumerate() {
        let mut check = Check {
            rel,
            layout: &layout,
            index,
            problems: &mut problems,
            id: None,
            hints: &mut hints,
        };
        let Some(service) = check.service(item, targets) else {
            continue;
        };
        let line = layout.key(index, "id");
        if let Some(first) = ids.get(&service.id) {
            problems.push(Diagnostic::error(
                rel,
                line,
                format!(
                    "service id \"{}\" is used twice (first on line {first}): give every service its own id",
                    service.id
                ),
            ));
            continue;
        }
        ids.insert(service.id.clone(), line.unwrap_or(0));
        services.push(service);
    }
    if problems.has_errors() {
        return Err(problems);
    }
    Ok(Directory {
        services,
        example: false,
    })
}

/// A key as text, for messages.
fn key_text(key: &Value) -> String {
    match key {
        Value::String(s) => s.clone(),
        other => serde_yaml::to_string(other)
            .unwrap_or_default()
            .trim()
            .to_string(),
    }
}

#[cfg(test)]
mod tests;
