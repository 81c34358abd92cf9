//! The checks of one service of `services.yaml`: every key's value is
//! read from the YAML and validated, each problem reported at its line.

use std::collections::BTreeMap;
use std::path::Path;

use serde_yaml::{Mapping, Value};

use super::locate::Layout;
use super::{key_text, Kind, OpeningHours, Phone, Service, Targets, Wheelchair};
use crate::diagnostic::{did_you_mean, Diagnostic, Diagnostics};
use crate::lang::Lang;

/// Keys allowed for a service.
pub(super) const KEYS: &[&str] = &[
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
pub(super) const HINTS: usize = 20;

/// The longest description of a service, in characters.
const DESCRIPTION_MAX: usize = 300;

/// The checks of one service, reporting to `problems`.
pub(super) struct Check<'a> {
    /// The file, as messages name it.
    pub(super) rel: &'a Path,
    /// Where the services and their keys are in the file.
    pub(super) layout: &'a Layout<'a>,
    /// The service's place in the list, from 0.
    pub(super) index: usize,
    /// Where problems go.
    pub(super) problems: &'a mut Diagnostics,
    /// The service's id once it is known to be valid, for messages.
    pub(super) id: Option<String>,
    /// How many more "did you mean" hints among topics and articles may be looked for.
    pub(super) hints: &'a mut usize,
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

    pub(super) fn service(&mut self, item: &Value, targets: &Targets) -> Option<Service> {
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
