//! Views of the referral directory: the `Help in <place>` box of an article
//! and the directory page of a language, with its schema.org data.

use serde::Serialize;

use super::views::{Crumb, Link, PageView, ViewBuilder};
use crate::content::page_path;
use crate::directory::{HoursLine, OpeningHours, Service, WeekdayNames, Wheelchair, PAGE};

/// A phone number as a page shows it.
#[derive(Debug, Clone, Serialize)]
pub struct PhoneView {
    /// The `tel:` link.
    pub href: String,
    /// The number as dialled in Germany.
    pub text: String,
}

/// A language spoken at a service.
#[derive(Debug, Clone, Serialize)]
pub struct SpokenView {
    /// BCP 47 code.
    pub code: String,
    /// The language's own name where the site knows it, else the code.
    pub name: String,
    /// `ltr` or `rtl`.
    pub dir: &'static str,
}

/// One service as a page shows it.
#[derive(Debug, Clone, Serialize)]
pub struct ServiceView {
    /// Unique id (an anchor on the directory page).
    pub id: String,
    /// Proper name.
    pub name: String,
    /// The kind as written in `services.yaml`, `-` replaced by `_` (for UI string keys).
    pub kind: String,
    /// Postal address.
    pub address: Option<String>,
    /// Phone number.
    pub phone: Option<PhoneView>,
    /// E-mail address.
    pub email: Option<String>,
    /// Web address.
    pub web: Option<String>,
    /// Link to OpenStreetMap at the coordinates.
    pub map: Option<String>,
    /// Opening hours, one line per rule, in the page's language.
    pub hours: Vec<HoursLine>,
    /// True when open around the clock (`24/7`).
    pub always_open: bool,
    /// Languages spoken there.
    pub languages: Vec<SpokenView>,
    /// True when people there speak the page's language.
    pub speaks_reader: bool,
    /// `yes`, `limited` or `no`, when known.
    pub wheelchair: Option<&'static str>,
    /// The description in the page's language, else the default language's.
    pub description: String,
    /// Language code of the description.
    pub description_lang: String,
    /// Direction of the description's language.
    pub description_dir: &'static str,
    /// The native name of the description's language when it is not the page's.
    pub description_fallback: Option<String>,
}

/// The `Help in <place>` box of an article.
#[derive(Debug, Clone, Serialize)]
pub struct ServicesView {
    /// The place in the page's language, if the site names one.
    pub place: Option<String>,
    /// The services for the article, speakers of the page's language first.
    pub services: Vec<ServiceView>,
    /// True when the services are example data.
    pub example: bool,
    /// Root-relative URL of the language's directory page.
    pub all: String,
}

/// The services of one topic on the directory page.
#[derive(Debug, Clone, Serialize)]
pub struct ServiceGroup {
    /// The topic, titled in the page's language where it can be.
    pub topic: Link,
    /// Its services, speakers of the page's language first.
    pub services: Vec<ServiceView>,
}

/// The directory page of a language.
#[derive(Debug, Clone, Serialize)]
pub struct DirectoryView {
    /// The place in the page's language, if the site names one.
    pub place: Option<String>,
    /// The services grouped by topic.
    pub groups: Vec<ServiceGroup>,
    /// True when the services are example data.
    pub example: bool,
    /// schema.org data of the services as JSON, safe in a script element.
    pub json_ld: String,
}

impl ViewBuilder<'_> {
    /// The place's name in `lang`.
    fn place(&self, lang: usize) -> Option<String> {
        self.config.languages[lang]
            .place
            .clone()
            .or_else(|| self.config.place.clone())
    }

    /// Root-relative URL of the directory page of `lang`.
    pub fn directory_href(&self, lang: usize) -> String {
        self.config
            .relative_url(&page_path(self.config.languages[lang].code(), PAGE))
    }

    /// A service as shown on a page in `lang`.
    fn service(&self, service: &Service, lang: usize, names: &WeekdayNames) -> ServiceView {
        let config = self.config;
        let code = config.languages[lang].code();
        let default = config.default_lang();
        let (description_lang, description) = match service.description.get(code) {
            Some(text) => (lang, text.clone()),
            None => (
                config.default_language,
                service
                    .description
                    .get(default.code())
                    .cloned()
                    .unwrap_or_default(),
            ),
        };
        let described_in = &config.languages[description_lang];
        ServiceView {
            id: service.id.clone(),
            name: service.name.clone(),
            kind: service.kind.name().replace('-', "_"),
            address: service.address.clone(),
            phone: service.phone.as_ref().map(|p| PhoneView {
                href: format!("tel:{}", p.e164),
                text: p.display.clone(),
            }),
            email: service.email.clone(),
            web: service.web.clone(),
            map: service.coordinates.map(|(lat, lon)| {
                format!("https://www.openstreetmap.org/?mlat={lat}&mlon={lon}#map=18/{lat}/{lon}")
            }),
            hours: service
                .opening_hours
                .as_ref()
                .map(|h| h.lines(names))
                .unwrap_or_default(),
            always_open: matches!(service.opening_hours, Some(OpeningHours::Always)),
            languages: service
                .languages
                .iter()
                .map(|l| {
                    let known = config
                        .languages
                        .iter()
                        .find(|s| s.code() == l.code())
                        .or_else(|| {
                            config
                                .languages
                                .iter()
                                .find(|s| s.lang.id().language == l.id().language)
                        });
                    SpokenView {
                        code: l.code().to_string(),
                        name: known.map_or_else(|| l.code().to_string(), |k| k.name.clone()),
                        dir: l.direction().as_str(),
                    }
                })
                .collect(),
            speaks_reader: service.speaks(code),
            wheelchair: service.wheelchair.map(|w| match w {
                Wheelchair::Yes => "yes",
                Wheelchair::Limited => "limited",
                Wheelchair::No => "no",
            }),
            description,
            description_lang: described_in.code().to_string(),
            description_dir: described_in.direction.as_str(),
            description_fallback: (description_lang != lang).then(|| described_in.name.clone()),
        }
    }

    /// The `Help in <place>` box of the article `key` in `lang`, when services serve it.
    pub fn services_box(&self, key: &str, lang: usize) -> Option<ServicesView> {
        let directory = self.directory?;
        let code = self.config.languages[lang].code();
        let found = directory.for_article(key, code);
        if found.is_empty() {
            return None;
        }
        let names = WeekdayNames::new(code);
        Some(ServicesView {
            place: self.place(lang),
            services: found
                .into_iter()
                .map(|s| self.service(s, lang, &names))
                .collect(),
            example: directory.example,
            all: self.directory_href(lang),
        })
    }

    /// The directory page of `lang`: every service, grouped by topic.
    pub fn directory_page(&self, lang: usize) -> Option<PageView> {
        let directory = self.directory?;
        let config = self.config;
        let code = config.languages[lang].code();
        let names = WeekdayNames::new(code);
        let mut view = self.base("directory", "", lang);
        let place = self.place(lang);
        let title_key = if place.is_some() {
            "services_page_title"
        } else {
            "services_page_title_plain"
        };
        view.title = self
            .i18n
            .translate(
                lang,
                title_key,
                None,
                &[("place", place.clone().unwrap_or_default())],
            )
            .unwrap_or_default();
        let path = page_path(code, PAGE);
        view.url = config.absolute_url(&path);
        view.href = config.relative_url(&path);
        view.alternates = view
            .languages
            .iter()
            .zip(&config.languages)
            .map(|(l, language)| {
                let path = page_path(language.code(), PAGE);
                super::views::Alternate {
                    code: l.code.clone(),
                    name: l.name.clone(),
                    dir: l.dir,
                    href: config.relative_url(&path),
                    url: config.absolute_url(&path),
                    current: l.code == code,
                    og_locale: l.og_locale.clone(),
                }
            })
            .collect();
        view.x_default = config.absolute_url(&page_path(config.default_lang().code(), PAGE));
        view.breadcrumbs = vec![Crumb {
            title: self
                .i18n
                .translate(lang, "home", None, &[])
                .unwrap_or_else(|| config.languages[lang].title.clone()),
            href: config.relative_url(&page_path(code, "")),
        }];
        let groups: Vec<ServiceGroup> = directory
            .by_topic(&self.topics, code)
            .into_iter()
            .map(|(topic, services)| ServiceGroup {
                topic: self.link(&topic, lang),
                services: services
                    .into_iter()
                    .map(|s| self.service(s, lang, &names))
                    .collect(),
            })
            .collect();
        view.directory = Some(DirectoryView {
            place,
            groups,
            example: directory.example,
            json_ld: json_ld(directory.services.iter(), code),
        });
        Some(view)
    }
}

/// schema.org data of the services: their names, phones, addresses and hours.
fn json_ld<'a>(services: impl Iterator<Item = &'a Service>, code: &str) -> String {
    let graph: Vec<serde_json::Value> = services
        .map(|s| {
            let mut item = serde_json::json!({
                "@type": s.kind.schema_type(),
                "name": s.name,
            });
            if let Some(text) = s.description.get(code) {
                item["description"] = text.clone().into();
            }
            if let Some(p) = &s.phone {
                item["telephone"] = p.e164.clone().into();
            }
            if let Some(e) = &s.email {
                item["email"] = e.clone().into();
            }
            if let Some(w) = &s.web {
                item["url"] = w.clone().into();
            }
            if let Some(a) = &s.address {
                item["address"] = a.clone().into();
            }
            if let Some((lat, lon)) = s.coordinates {
                item["geo"] =
                    serde_json::json!({ "@type": "GeoCoordinates", "latitude": lat, "longitude": lon });
            }
            if let Some(h) = &s.opening_hours {
                item["openingHours"] = h.osm().into();
            }
            if !s.languages.is_empty() {
                item["availableLanguage"] = s
                    .languages
                    .iter()
                    .map(|l| l.code().to_string())
                    .collect::<Vec<_>>()
                    .into();
            }
            item
        })
        .collect();
    let data = serde_json::json!({ "@context": "https://schema.org", "@graph": graph });
    // `<` never appears raw, so the text cannot close its script element.
    data.to_string().replace('<', "\\u003c")
}
