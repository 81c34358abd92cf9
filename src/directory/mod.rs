//! The referral directory: the local services of a site (counselling
//! offices, clinics, authorities) from a `services.yaml`, validated into a
//! typed [`Directory`] that article boxes and the directory pages show.
//!
//! The loader is handed the file and what it is checked against (the
//! site's topics and articles, its default language); it does not look for
//! the file itself, so that any site, shared or local, can have one.

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
use locate::Layout;

/// Name of the directory file at a site's root.
pub const FILE: &str = "services.yaml";

/// The folder of the directory pages under each language (`/de/services/`).
pub const PAGE: &str = "services";

/// Keys allowed for a service.
const KEYS: &[&str] = &[
    "id",
    "name",
    "kind",
    "topics",
    "articles",
    "address",
    "coordinates",
    "phone",
    "email",
    "web",
    "opening_hours",
    "languages",
    "wheelchair",
    "description",
];

/// Unknown topics and articles that get a "did you mean" hint, per file:
/// each hint compares the name with every topic or article of the site.
const HINTS: usize = 20;

/// The longest description of a service, in characters.
const DESCRIPTION_MAX: usize = 300;

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

/// The checks of one service, reporting to `problems`.
struct Check<'a> {
    rel: &'a Path,
    layout: &'a Layout<'a>,
    index: usize,
    problems: &'a mut Diagnostics,
    id: Option<String>,
    /// How many more "did you mean" hints among topics and articles may be looked for.
    hints: &'a mut usize,
}

impl Check<'_> {
    /// The known name closest to `wrong`, while the file's budget of hints lasts.
    fn closest<'k>(&mut self, wrong: &str, known: &[&'k str]) -> Option<&'k str> {
        *self.hints = self.hints.checked_sub(1)?;
        did_you_mean(wrong, known)
    }

    fn error(&mut self, key: &str, message: String) {
        let line = self.layout.key(self.index, key);
        self.error_at(line, message);
    }

    fn error_at(&mut self, line: Option<usize>, message: String) {
        let who = match &self.id {
            Some(id) => format!("service \"{id}\""),
            None => format!("service {}", self.index + 1),
        };
        self.problems.push(Diagnostic::error(
            self.rel,
            line,
            format!("{who}: {message}"),
        ));
    }

    /// A one-line text value, if present and usable.
    fn text(&mut self, map: &Mapping, key: &str) -> Option<String> {
        let text = match map.get(key)? {
            Value::String(s) => s.trim().to_string(),
            Value::Number(n) if key == "phone" => {
                self.error(
                    key,
                    format!("write the phone number in quotes, like phone: \"{n}\" (without them, a leading 0 and + are lost)"),
                );
                return None;
            }
            Value::Null => String::new(),
            _ => {
                self.error(key, format!("{key} must be a text"));
                return None;
            }
        };
        if text.is_empty() {
            self.error(key, format!("{key} is empty: write it, or remove the key"));
            return None;
        }
        if let Some(problem) = crate::text::hidden_control(&text) {
            self.error(key, format!("{key} {problem}"));
            return None;
        }
        if text.contains('\n') {
            self.error(key, format!("{key} must be one line"));
            return None;
        }
        Some(text)
    }

    /// A list of texts (`[a, b]`), if present.
    fn list(&mut self, map: &Mapping, key: &str) -> Vec<String> {
        match map.get(key) {
            None => Vec::new(),
            Some(Value::Sequence(items)) => {
                let mut out = Vec::new();
                for item in items {
                    match item {
                        Value::String(s) => out.push(s.trim().to_string()),
                        _ => self.error(key, format!("{key} must be a list of names, like [a, b]")),
                    }
                }
                out
            }
            Some(_) => {
                self.error(key, format!("{key} must be a list, like [a, b]"));
                Vec::new()
            }
        }
    }

    fn service(&mut self, item: &Value, targets: &Targets) -> Option<Service> {
        let Value::Mapping(map) = item else {
            self.error_at(
                self.layout.item(self.index),
                "must be a list of keys (id:, name:, kind:, ...)".into(),
            );
            return None;
        };
        let errors_before = self.problems.error_count();
        let id = self.text(map, "id");
        match &id {
            Some(id) if valid_id(id) => self.id = Some(id.clone()),
            Some(id) => self.error(
                "id",
                format!("id \"{id}\" may only have lowercase letters a-z, digits and -"),
            ),
            None if !map.contains_key("id") => self.error_at(
                self.layout.item(self.index),
                "missing required key \"id\"".into(),
            ),
            None => {}
        }
        for key in map.keys() {
            let name = key_text(key);
            if KEYS.contains(&name.as_str()) {
                continue;
            }
            let hint = match did_you_mean(&name, KEYS) {
                Some(k) => format!(" (did you mean \"{k}\"?)"),
                None => format!(" (allowed: {})", KEYS.join(", ")),
            };
            self.error(&name, format!("unknown key \"{name}\"{hint}"));
        }
        for key in ["name", "kind", "description"] {
            if !map.contains_key(key) {
                let line = self.layout.item(self.index);
                self.error_at(line, format!("missing required key \"{key}\""));
            }
        }
        let name = self.text(map, "name");
        let kind = self.text(map, "kind").and_then(|k| {
            let kind = Kind::parse(&k);
            if kind.is_none() {
                let hint = did_you_mean(&k, Kind::NAMES)
                    .map(|n| format!("did you mean \"{n}\"? Kinds: "))
                    .unwrap_or_else(|| "use one of ".into());
                self.error(
                    "kind",
                    format!("unknown kind \"{k}\" ({hint}{})", Kind::NAMES.join(", ")),
                );
            }
            kind
        });
        let topics = self.topics(map, targets);
        let articles = self.articles(map, targets);
        if topics.is_empty() && articles.is_empty() {
            self.error_at(
                self.layout.item(self.index),
                "name the topics or articles it helps with: topics: [health] or articles: [health/insurance]".into(),
            );
        }
        let address = self.text(map, "address");
        let coordinates = self.coordinates(map);
        let phone = self
            .text(map, "phone")
            .and_then(|p| match Phone::parse(&p) {
                Ok(p) => Some(p),
                Err(e) => {
                    self.error("phone", e);
                    None
                }
            });
        let email = self.text(map, "email").and_then(|e| {
            let ok = valid_email(&e);
            if !ok {
                self.error(
                    "email",
                    format!("email \"{e}\" is not an e-mail address like name@example.org"),
                );
            }
            ok.then_some(e)
        });
        let web = self.text(map, "web").and_then(|w| match check_web(&w) {
            Ok(()) => Some(w),
            Err(e) => {
                self.error("web", e);
                None
            }
        });
        if !["phone", "email", "web", "address"]
            .iter()
            .any(|k| map.contains_key(*k))
        {
            self.error_at(
                self.layout.item(self.index),
                "say how to reach it: give at least one of phone, email, web or address".into(),
            );
        }
        let opening_hours =
            self.text(map, "opening_hours")
                .and_then(|h| match OpeningHours::parse(&h) {
                    Ok(h) => Some(h),
                    Err(e) => {
                        self.error("opening_hours", format!("opening_hours {e}"));
                        None
                    }
                });
        let languages = self.languages(map);
        let wheelchair = self.wheelchair(map);
        let description = self.description(map, &targets.default_language);
        if self.problems.error_count() > errors_before {
            return None;
        }
        Some(Service {
            id: id?,
            name: name?,
            kind: kind?,
            topics,
            articles,
            address,
            coordinates,
            phone,
            email,
            web,
            opening_hours,
            languages,
            wheelchair,
            description,
        })
    }

    fn topics(&mut self, map: &Mapping, targets: &Targets) -> Vec<String> {
        let topics = self.list(map, "topics");
        for topic in &topics {
            if !targets.topics.contains(topic) {
                let known: Vec<&str> = targets.topics.iter().map(String::as_str).collect();
                let hint = self
                    .closest(topic, &known)
                    .map(|k| format!(" (did you mean \"{k}\"?)"))
                    .unwrap_or_else(|| format!(" (topics: {})", known.join(", ")));
                self.error("topics", format!("topic \"{topic}\" does not exist{hint}"));
            }
        }
        topics
    }

    fn articles(&mut self, map: &Mapping, targets: &Targets) -> Vec<String> {
        let articles = self.list(map, "articles");
        for article in &articles {
            if !targets.articles.contains(article) {
                let known: Vec<&str> = targets.articles.iter().map(String::as_str).collect();
                let hint = self
                    .closest(article, &known)
                    .map(|k| format!(" (did you mean \"{k}\"?)"))
                    .unwrap_or_else(|| {
                        " (write it as topic/article, like health/insurance)".into()
                    });
                self.error(
                    "articles",
                    format!("article \"{article}\" does not exist{hint}"),
                );
            }
        }
        articles
    }

    fn coordinates(&mut self, map: &Mapping) -> Option<(f64, f64)> {
        let value = map.get("coordinates")?;
        let pair = match value {
            Value::Sequence(s) if s.len() == 2 => s[0].as_f64().zip(s[1].as_f64()),
            _ => None,
        };
        match pair {
            Some((lat, lon))
                if (-90.0..=90.0).contains(&lat) && (-180.0..=180.0).contains(&lon) =>
            {
                Some((lat, lon))
            }
            _ => {
                self.error(
                    "coordinates",
                    "coordinates must be [latitude, longitude] in degrees, like [52.52000, 13.40500]".into(),
                );
                None
            }
        }
    }

    fn languages(&mut self, map: &Mapping) -> Vec<Lang> {
        let mut out = Vec::new();
        for code in self.list(map, "languages") {
            match Lang::parse(&code) {
                Ok(lang) if lang.code() == code => out.push(lang),
                Ok(lang) => self.error(
                    "languages",
                    format!(
                        "language code \"{code}\" is not in canonical form (write \"{}\")",
                        lang.code()
                    ),
                ),
                Err(e) => self.error(
                    "languages",
                    format!("{e} (BCP 47 codes such as de, ar, ckb)"),
                ),
            }
        }
        out
    }

    fn wheelchair(&mut self, map: &Mapping) -> Option<Wheelchair> {
        let value = map.get("wheelchair")?;
        match value {
            Value::String(s) if s == "yes" => Some(Wheelchair::Yes),
            Value::String(s) if s == "limited" => Some(Wheelchair::Limited),
            Value::String(s) if s == "no" => Some(Wheelchair::No),
            Value::Bool(true) => Some(Wheelchair::Yes),
            Value::Bool(false) => Some(Wheelchair::No),
            _ => {
                self.error("wheelchair", "wheelchair must be yes, limited or no".into());
                None
            }
        }
    }

    fn description(&mut self, map: &Mapping, default: &str) -> BTreeMap<String, String> {
        let mut out = BTreeMap::new();
        let before = self.problems.error_count();
        let Some(value) = map.get("description") else {
            return out;
        };
        let Value::Mapping(texts) = value else {
            self.error(
                "description",
                format!("description must list a text per language, like\n  description:\n    {default}: \"...\""),
            );
            return out;
        };
        for (code, text) in texts {
            let code = key_text(code);
            let line = self.layout.sub_key(self.index, "description", &code);
            match Lang::parse(&code) {
                Ok(lang) if lang.code() == code => {}
                Ok(lang) => {
                    self.error_at(line, format!("description: language code \"{code}\" is not in canonical form (write \"{}\")", lang.code()));
                    continue;
                }
                Err(e) => {
                    self.error_at(line, format!("description: {e}"));
                    continue;
                }
            }
            let Some(text) = text.as_str().map(str::trim) else {
                self.error_at(line, format!("description {code} must be a text"));
                continue;
            };
            let problem = if text.is_empty() {
                Some("is empty".to_string())
            } else if let Some(p) = crate::text::hidden_control(text) {
                Some(p)
            } else {
                let n = text.chars().count();
                (n > DESCRIPTION_MAX)
                    .then(|| format!("has {n} characters: shorten it to at most {DESCRIPTION_MAX}"))
            };
            match problem {
                Some(p) => self.error_at(line, format!("description {code} {p}")),
                None => {
                    out.insert(code, text.to_string());
                }
            }
        }
        if !out.contains_key(default) && self.problems.error_count() == before {
            self.error(
                "description",
                format!("description needs a text in the site's default language ({default}): add\n    {default}: \"...\""),
            );
        }
        out
    }
}

/// True for an id of lowercase ASCII letters, digits and `-`.
fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && !id.starts_with('-')
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// True for an address of the form `name@host.tld`.
fn valid_email(email: &str) -> bool {
    let Some((local, domain)) = email.split_once('@') else {
        return false;
    };
    let label = |l: &str| {
        !l.is_empty()
            && !l.starts_with('-')
            && !l.ends_with('-')
            && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
    };
    !local.is_empty()
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..")
        && local
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-/=?^_`{|}~.".contains(&b))
        && domain.contains('.')
        && domain.split('.').all(label)
}

/// Checks a web address: `https://` or `http://` with a host.
fn check_web(web: &str) -> Result<(), String> {
    let bad = || {
        format!(
            "web \"{web}\" is not a web address: write it in full, like https://www.example.org/"
        )
    };
    let url = url::Url::parse(web).map_err(|_| bad())?;
    if !matches!(url.scheme(), "https" | "http") {
        return Err(format!(
            "web \"{web}\" must start with https:// (or http://)"
        ));
    }
    match url.host_str() {
        Some(host)
            if host.contains('.') && url.username().is_empty() && url.password().is_none() =>
        {
            Ok(())
        }
        _ => Err(bad()),
    }
}

#[cfg(test)]
mod tests;
