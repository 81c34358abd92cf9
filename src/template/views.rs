//! Typed, serializable views of pages: what templates can see.

use serde::Serialize;

use crate::config::Config;
use crate::content::{page_path, Content, Date, Page, PageKind, Source};
use crate::i18n::I18n;
use crate::markdown::{Rendered, TocEntry};

/// A language as templates see it.
#[derive(Debug, Clone, Serialize)]
pub struct LanguageView {
    /// BCP 47 code.
    pub code: String,
    /// Native name.
    pub name: String,
    /// `ltr` or `rtl`.
    pub dir: &'static str,
    /// Site title in this language.
    pub title: String,
    /// Root-relative URL of the language's home.
    pub href: String,
    /// Open Graph locale.
    pub og_locale: String,
}

/// A version of the current page in another (or the same) language.
#[derive(Debug, Clone, Serialize)]
pub struct Alternate {
    /// Language code.
    pub code: String,
    /// Native name of the language.
    pub name: String,
    /// Direction of the language.
    pub dir: &'static str,
    /// Root-relative URL.
    pub href: String,
    /// Absolute URL.
    pub url: String,
    /// True for the page being rendered.
    pub current: bool,
    /// Open Graph locale of the language.
    pub og_locale: String,
}

/// A link to an article or topic in a list.
#[derive(Debug, Clone, Serialize)]
pub struct Link {
    /// Title in the language it is shown in.
    pub title: String,
    /// Short description.
    pub description: String,
    /// Root-relative URL.
    pub href: String,
    /// Language of the linked version.
    pub lang: String,
    /// Its direction.
    pub dir: &'static str,
    /// Native name of its language.
    pub language_name: String,
    /// True when the link leads to another language than the page's.
    pub other_language: bool,
    /// For fact checks: the verdict (`false`, `misleading`, `true`, `unproven`).
    pub verdict: Option<&'static str>,
}

/// A topic with its articles, for home and topic pages.
#[derive(Debug, Clone, Serialize)]
pub struct TopicView {
    /// The topic as a link (title, description, href).
    pub link: Link,
    /// Articles that exist in the page's language.
    pub articles: Vec<Link>,
    /// Articles that exist only in other languages.
    pub elsewhere: Vec<Link>,
}

/// A link-preview image.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImageView {
    /// Absolute URL.
    pub url: String,
    /// Width in pixels.
    pub width: usize,
    /// Height in pixels.
    pub height: usize,
    /// What it shows, in the page's language.
    pub alt: String,
}

/// Plain share links of an article (they work without JavaScript).
#[derive(Debug, Clone, Serialize)]
pub struct ShareView {
    /// WhatsApp: title and address as the message.
    pub whatsapp: String,
    /// Telegram's share page.
    pub telegram: String,
    /// Facebook's share page.
    pub facebook: String,
    /// An e-mail with the title as subject.
    pub email: String,
}

impl ShareView {
    /// Share links for a page title and absolute URL.
    pub fn new(title: &str, url: &str) -> Self {
        let enc = percent_encoded;
        Self {
            whatsapp: format!("https://wa.me/?text={}", enc(&format!("{title} {url}"))),
            telegram: format!(
                "https://t.me/share/url?url={}&text={}",
                enc(url),
                enc(title)
            ),
            facebook: format!("https://www.facebook.com/sharer/sharer.php?u={}", enc(url)),
            email: format!("mailto:?subject={}&body={}", enc(title), enc(url)),
        }
    }
}

/// `text` percent-encoded for a URL component: everything but the
/// unreserved characters of RFC 3986.
pub fn percent_encoded(text: &str) -> String {
    use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
    const COMPONENT: &AsciiSet = &NON_ALPHANUMERIC
        .remove(b'-')
        .remove(b'.')
        .remove(b'_')
        .remove(b'~');
    utf8_percent_encode(text, COMPONENT).to_string()
}

/// What a language-neutral page needs to send readers on.
#[derive(Debug, Clone, Serialize)]
pub struct NeutralView {
    /// The page key (`health/insurance`).
    pub key: String,
    /// Codes of the languages the page exists in, as a JSON array.
    pub codes_json: String,
    /// Where to go when nothing else matches, as a JSON string.
    pub fallback_json: String,
    /// The site's base path, as a JSON string.
    pub base_json: String,
    /// The page key, as a JSON string.
    pub key_json: String,
}

/// A breadcrumb step.
#[derive(Debug, Clone, Serialize)]
pub struct Crumb {
    /// Text.
    pub title: String,
    /// Root-relative URL.
    pub href: String,
}

/// The fact-check part of an article.
#[derive(Debug, Clone, Serialize)]
pub struct FactCheckView {
    /// The claim as it circulates.
    pub claim: String,
    /// `false`, `misleading`, `true` or `unproven`.
    pub verdict: &'static str,
    /// ISO date the claim was seen, if given.
    pub claim_seen: Option<Date>,
    /// The same, written in the page's language.
    pub claim_seen_local: Option<String>,
    /// schema.org `ClaimReview` as JSON, safe to put in a script element.
    pub json_ld: String,
}

/// A contact channel as shown on a page.
#[derive(Debug, Clone, Serialize)]
pub struct ChannelView {
    /// Kind of channel (`whatsapp`, `phone`, ...).
    pub kind: String,
    /// Optional name.
    pub label: Option<String>,
    /// Number, user name, address.
    pub text: String,
    /// Link target, if the channel has one.
    pub href: Option<String>,
    /// Hours, as written.
    pub hours: Option<String>,
    /// Languages spoken there.
    pub languages: Vec<LanguageView>,
}

/// The "write to us" block.
#[derive(Debug, Clone, Serialize)]
pub struct ContactView {
    /// Channels for the reader's language (or the default language's).
    pub channels: Vec<ChannelView>,
    /// True when no channel speaks the reader's language.
    pub fallback: bool,
    /// Native names of the languages the fallback channels speak.
    pub fallback_languages: String,
    /// True when the channels are example data.
    pub example: bool,
}

/// The article-specific part of a page.
#[derive(Debug, Clone, Serialize)]
pub struct ArticleView {
    /// Table of contents.
    pub toc: Vec<TocEntry>,
    /// ISO date of the last change.
    pub updated: Option<Date>,
    /// The same, written in the page's language.
    pub updated_local: Option<String>,
    /// ISO date of the last fact check.
    pub reviewed: Option<Date>,
    /// The same, written in the page's language.
    pub reviewed_local: Option<String>,
    /// Sources of the facts.
    pub sources: Vec<Source>,
    /// Present on fact checks.
    pub fact_check: Option<FactCheckView>,
    /// Root-relative URL of the page's QR code.
    pub qr: String,
    /// Plain share links.
    pub share: ShareView,
    /// For stale translations: the original that changed since.
    pub stale: Option<Link>,
    /// True for machine translations no speaker of the language has checked yet.
    pub machine_translated: bool,
    /// True when the facts are due for a new check (`review_after`).
    pub review_due: bool,
    /// The day a figure in the text changed (`changes_on`, reached), in the page's language.
    pub figures_changed: Option<String>,
}

/// Everything a template gets to render one page.
#[derive(Debug, Clone, Serialize)]
pub struct PageView {
    /// `root`, `home`, `topic`, `article` or `404`.
    pub kind: &'static str,
    /// The page's language.
    pub lang: LanguageView,
    /// All languages of the site in switcher order.
    pub languages: Vec<LanguageView>,
    /// Page title (without the site title).
    pub title: String,
    /// Meta description.
    pub description: String,
    /// Absolute canonical URL.
    pub url: String,
    /// Root-relative URL.
    pub href: String,
    /// Root-relative URL of the site root.
    pub base_path: String,
    /// Versions of this page that exist, including this one.
    pub alternates: Vec<Alternate>,
    /// Absolute URL for hreflang `x-default`.
    pub x_default: String,
    /// Rendered Markdown body.
    pub body: String,
    /// Breadcrumb trail (without the current page).
    pub breadcrumbs: Vec<Crumb>,
    /// Topics with articles (home) or the single topic (topic page).
    pub topics: Vec<TopicView>,
    /// Present on article pages.
    pub article: Option<ArticleView>,
    /// Root-relative URL of the language's feed.
    pub feed: String,
    /// Root-relative URL of the stylesheet (with a content hash).
    pub stylesheet: String,
    /// Root-relative URL of the theme's deferred script, if it has one.
    pub script: Option<String>,
    /// Standalone pages (about, imprint, privacy) for the footer.
    pub footer_pages: Vec<Link>,
    /// The language the body is written in, when it is not the page's
    /// (a standalone page shown from the default language); the link
    /// preview is in this language too.
    pub body_lang: Option<LanguageView>,
    /// The "write to us" block, on articles when the site has channels.
    pub contact: Option<ContactView>,
    /// The link-preview image.
    pub image: Option<ImageView>,
    /// Present on language-neutral pages.
    pub neutral: Option<NeutralView>,
    /// JSON string of the page's language code, for scripts.
    pub lang_json: String,
    /// Search: the index of the page's language and the script that reads it.
    pub search: Option<SearchView>,
    /// Root-relative URL of the read-aloud player (loaded on first use), if the theme has one.
    pub speak_script: Option<String>,
    /// Offline reading: the service worker and the pages it saves first.
    pub offline: Option<OfflineView>,
    /// The root chooser's heading in the site's languages (each text once).
    pub headings: Vec<Phrase>,
    /// On a local site: the place it is for.
    pub local: Option<LocalView>,
    /// The `Help in <place>` box, on articles that local services serve.
    pub services: Option<super::services::ServicesView>,
    /// Present on the directory page of local services.
    pub directory: Option<super::services::DirectoryView>,
    /// Parts made once per site and language and put in as HTML.
    pub blocks: Blocks,
}

/// Parts of a page that many pages of a site share, rendered once from the
/// theme's `blocks/` templates and put into the page as HTML.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Blocks {
    /// The "write to us" block (`blocks/contact.html`), or empty.
    pub contact: String,
    /// The `Help in <place>` box (`blocks/services.html`), or empty.
    pub services: String,
    /// The note that a local site's data are examples (`blocks/notice.html`), or empty.
    pub notice: String,
    /// The standalone pages in the footer (`blocks/pages.html`), or empty.
    pub pages: String,
}

/// The local site a page belongs to.
#[derive(Debug, Clone, Serialize)]
pub struct LocalView {
    /// The place's name in the page's language.
    pub name: String,
    /// Whether the local data is example data, said on every page.
    pub example: bool,
}

/// A short text in a given language, such as one of the chooser's headings.
#[derive(Debug, Clone, Serialize)]
pub struct Phrase {
    /// Language code of the text.
    pub lang: String,
    /// Its direction.
    pub dir: &'static str,
    /// The text.
    pub text: String,
}

/// An old address (`aliases`) that sends readers on: the target page's
/// view, so that the redirect previews like the page it leads to.
#[derive(Debug, Clone, Serialize)]
pub struct AliasView {
    /// The page the alias leads to.
    #[serde(flatten)]
    pub target: PageView,
    /// The target's absolute URL as a JSON string, safe in a script element.
    pub target_json: String,
}

/// What the search form needs.
#[derive(Debug, Clone, Serialize)]
pub struct SearchView {
    /// Root-relative URL of the language's index.
    pub index: String,
    /// Root-relative URL of the search script (loaded on first use).
    pub script: String,
    /// The "N results" forms by plural category.
    pub found: Vec<(String, String)>,
}

/// What the offline service worker needs.
#[derive(Debug, Clone, Serialize)]
pub struct OfflineView {
    /// Root-relative URL of the worker, versioned by the build.
    pub worker: String,
    /// Space-separated URLs saved on the first visit: the language's home and topics.
    pub precache: String,
}

/// Builds page views from the loaded and rendered site.
pub struct ViewBuilder<'a> {
    /// Configuration.
    pub config: &'a Config,
    /// All pages.
    pub content: &'a Content,
    /// Rendered Markdown, by page index.
    pub rendered: &'a [Rendered],
    /// UI strings.
    pub i18n: &'a I18n,
    /// Root-relative stylesheet URL.
    pub stylesheet: String,
    /// Root-relative URL of the theme script (with a content hash), if any.
    pub script: Option<String>,
    /// Preview images by their path under `static/`: absolute URL, width, height.
    pub images: &'a std::collections::BTreeMap<String, (String, usize, usize)>,
    /// Freshness of translations.
    pub freshness: &'a crate::freshness::Freshness,
    /// The build date, for review notices.
    pub today: Date,
    /// Root-relative URL of the search script, if the theme has one.
    pub search_script: Option<String>,
    /// Root-relative URL of the read-aloud player, if the theme has one.
    pub speak_script: Option<String>,
    /// Root-relative URL of the offline worker with the build's version, if offline reading is on.
    pub worker: Option<String>,
    /// Topic keys in weight order (see [`Content::topics`]).
    pub topics: Vec<String>,
    /// Keys of standalone pages in weight order (see [`Content::standalone`]).
    pub standalone: Vec<String>,
    /// The site's referral directory, if it has one.
    pub directory: Option<&'a crate::directory::Directory>,
}

impl ViewBuilder<'_> {
    /// A language view.
    pub fn language(&self, lang: usize) -> LanguageView {
        let l = &self.config.languages[lang];
        LanguageView {
            code: l.code().to_string(),
            name: l.name.clone(),
            dir: l.direction.as_str(),
            title: l.title.clone(),
            href: self.config.relative_url(&page_path(l.code(), "")),
            og_locale: l.og_locale.clone(),
        }
    }

    /// True when a page for `key` is generated in `lang`.
    pub fn exists(&self, key: &str, lang: usize) -> bool {
        if key.is_empty() || self.content.get(key, lang).is_some() {
            return true;
        }
        // A topic page exists wherever one of its articles does.
        !key.contains('/')
            && self
                .content
                .articles_of(key, self.config.default_language)
                .iter()
                .any(|a| self.content.get(a, lang).is_some())
    }

    /// The languages in which a page for `key` is generated.
    pub fn languages_of(&self, key: &str) -> Vec<usize> {
        (0..self.config.languages.len())
            .filter(|&l| self.exists(key, l))
            .collect()
    }

    /// The title of `key` in `lang`, or from another language with that language.
    fn title_of(&self, key: &str, lang: usize) -> (String, usize) {
        if let Some(p) = self.content.get(key, lang) {
            return (p.front.title.clone(), lang);
        }
        let fallback = std::iter::once(self.config.default_language)
            .chain(self.content.languages_of(key))
            .find(|&l| self.content.get(key, l).is_some());
        match fallback.and_then(|l| self.content.get(key, l).map(|p| (p, l))) {
            Some((p, l)) => (p.front.title.clone(), l),
            None => (key.to_string(), lang),
        }
    }

    /// A link to `key` as shown on a page in `page_lang`.
    pub(super) fn link(&self, key: &str, page_lang: usize) -> Link {
        let target = if self.content.get(key, page_lang).is_some() || (key.is_empty()) {
            page_lang
        } else {
            std::iter::once(self.config.default_language)
                .chain(self.content.languages_of(key))
                .find(|&l| self.content.get(key, l).is_some())
                .unwrap_or(page_lang)
        };
        let (title, title_lang) = self.title_of(key, target);
        let description = self
            .content
            .get(key, title_lang)
            .and_then(|p| p.front.description.clone())
            .unwrap_or_default();
        let language = &self.config.languages[title_lang];
        let href_lang = if self.exists(key, page_lang) {
            page_lang
        } else {
            target
        };
        Link {
            title,
            description,
            href: self
                .config
                .relative_url(&page_path(self.config.languages[href_lang].code(), key)),
            lang: language.code().to_string(),
            dir: language.direction.as_str(),
            language_name: language.name.clone(),
            other_language: title_lang != page_lang,
            verdict: self
                .content
                .get(key, title_lang)
                .and_then(|p| p.front.verdict)
                .map(|v| v.name()),
        }
    }

    /// A topic with its articles split by availability in `lang`.
    fn topic(&self, topic: &str, lang: usize) -> TopicView {
        let mut articles = Vec::new();
        let mut elsewhere = Vec::new();
        for key in self
            .content
            .articles_of(topic, self.config.default_language)
        {
            let link = self.link(&key, lang);
            if self.content.get(&key, lang).is_some() {
                articles.push(link);
            } else {
                elsewhere.push(link);
            }
        }
        TopicView {
            link: self.link(topic, lang),
            articles,
            elsewhere,
        }
    }

    fn alternates(&self, key: &str, lang: usize) -> (Vec<Alternate>, String) {
        let alternates: Vec<Alternate> = self
            .languages_of(key)
            .into_iter()
            .map(|l| {
                let language = &self.config.languages[l];
                let path = page_path(language.code(), key);
                Alternate {
                    code: language.code().to_string(),
                    name: language.name.clone(),
                    dir: language.direction.as_str(),
                    href: self.config.relative_url(&path),
                    url: self.config.absolute_url(&path),
                    current: l == lang,
                    og_locale: language.og_locale.clone(),
                }
            })
            .collect();
        let x_default = if key.is_empty() {
            self.config.absolute_url("")
        } else {
            let default_code = self.config.default_lang().code();
            alternates
                .iter()
                .find(|a| a.code == default_code)
                .or(alternates.first())
                .map(|a| a.url.clone())
                .unwrap_or_default()
        };
        (alternates, x_default)
    }

    pub(super) fn base(&self, kind: &'static str, key: &str, lang: usize) -> PageView {
        let language = &self.config.languages[lang];
        let path = page_path(language.code(), key);
        let (alternates, x_default) = self.alternates(key, lang);
        PageView {
            kind,
            lang: self.language(lang),
            languages: (0..self.config.languages.len())
                .map(|l| self.language(l))
                .collect(),
            title: String::new(),
            description: String::new(),
            url: self.config.absolute_url(&path),
            href: self.config.relative_url(&path),
            base_path: self.config.base_path.clone(),
            alternates,
            x_default,
            body: String::new(),
            breadcrumbs: Vec::new(),
            topics: Vec::new(),
            article: None,
            feed: self
                .config
                .relative_url(&format!("{}/atom.xml", language.code())),
            stylesheet: self.stylesheet.clone(),
            script: self.script.clone(),
            footer_pages: self
                .standalone
                .iter()
                .map(|k| {
                    let mut link = self.link(k, lang);
                    link.href = self.config.relative_url(&page_path(language.code(), k));
                    link
                })
                .collect(),
            body_lang: None,
            contact: None,
            image: self.image(None, lang),
            neutral: None,
            lang_json: serde_json::to_string(language.code()).unwrap_or_default(),
            local: self.config.local.as_ref().map(|local| LocalView {
                name: local.name_in(lang).to_string(),
                example: local.example,
            }),
            search: self.search_script.as_ref().map(|script| SearchView {
                index: self
                    .config
                    .relative_url(&format!("{}/search.json", language.code())),
                script: script.clone(),
                found: self.i18n.plural_forms(lang, "search_found"),
            }),
            speak_script: self.speak_script.clone(),
            offline: self.worker.as_ref().map(|worker| OfflineView {
                worker: worker.clone(),
                precache: std::iter::once(
                    self.config.relative_url(&page_path(language.code(), "")),
                )
                .chain(
                    self.topics
                        .iter()
                        .filter(|t| self.exists(t, lang))
                        .map(|t| self.config.relative_url(&page_path(language.code(), t))),
                )
                .collect::<Vec<_>>()
                .join(" "),
            }),
            headings: Vec::new(),
            services: None,
            blocks: Blocks::default(),
            directory: None,
        }
    }

    /// The preview image of a page in `lang`: the page's own (never another
    /// language's), else the language's, else the site's.
    fn image(&self, page: Option<&Page>, lang: usize) -> Option<ImageView> {
        let own = page.and_then(|p| {
            p.front
                .image
                .as_ref()
                .map(|i| (i, p.front.image_alt.clone()))
        });
        let (path, alt) = match own {
            Some((path, alt)) => (path, alt),
            None => (
                self.config.languages[lang]
                    .image
                    .as_ref()
                    .or(self.config.image.as_ref())?,
                None,
            ),
        };
        let (url, width, height) = self.images.get(path.trim_start_matches('/'))?.clone();
        let alt = alt
            .or_else(|| self.i18n.translate(lang, "image_alt", None, &[]))
            .unwrap_or_default();
        Some(ImageView {
            url,
            width,
            height,
            alt,
        })
    }

    /// The language-neutral page of a topic or article.
    pub fn neutral(&self, key: &str) -> Option<PageView> {
        let langs = self.languages_of(key);
        let first = *langs.first()?;
        let target = if langs.contains(&self.config.default_language) {
            self.config.default_language
        } else {
            first
        };
        let mut view = self.base("neutral", key, target);
        let (title, description) = self.neutral_preview(key, target, &langs);
        view.title = title;
        view.description = description;
        view.url = self.config.absolute_url(&format!("{key}/"));
        view.href = self.config.relative_url(&format!("{key}/"));
        view.breadcrumbs.clear();
        for alternate in &mut view.alternates {
            alternate.current = false;
        }
        if let Some(page) = self.content.get(key, target) {
            view.image = self.image(Some(page), target);
        }
        let codes: Vec<&str> = langs
            .iter()
            .map(|&l| self.config.languages[l].code())
            .collect();
        view.neutral = Some(NeutralView {
            key: key.to_string(),
            codes_json: serde_json::to_string(&codes).unwrap_or_default(),
            fallback_json: serde_json::to_string(self.config.languages[target].code())
                .unwrap_or_default(),
            base_json: serde_json::to_string(&self.config.base_path).unwrap_or_default(),
            key_json: serde_json::to_string(&format!("/{key}/")).unwrap_or_default(),
        });
        Some(view)
    }

    /// Title and description of a neutral page: the titles in several languages
    /// (`first`, then site order), and the descriptions or titles in further ones,
    /// with at least one right-to-left language when the page has one.
    fn neutral_preview(&self, key: &str, first: usize, langs: &[usize]) -> (String, String) {
        use crate::text::{meta_join, meta_len, meta_part, meta_pick, META_SEPARATOR};
        let rtl = |l: usize| self.config.languages[l].direction == crate::lang::Direction::Rtl;
        let pages: Vec<(usize, &Page)> = std::iter::once(first)
            .chain(langs.iter().copied().filter(|&l| l != first))
            .filter_map(|l| Some((l, self.content.get(key, l)?)))
            .collect();
        // Each title once (a name can be the same in several languages).
        let mut titles: Vec<(usize, String)> = Vec::new();
        for &(l, page) in &pages {
            let title = meta_part(&page.front.title, rtl(l));
            if !titles.iter().any(|(_, t)| *t == title) {
                titles.push((l, title));
            }
        }
        let texts: Vec<String> = titles.iter().map(|(_, t)| t.clone()).collect();
        let shown: Vec<usize> = meta_pick(&texts, 60, 2)
            .into_iter()
            .map(|i| titles[i].0)
            .collect();
        let title = meta_join(&texts, 60, 2);
        // Further languages, a right-to-left one first when the title has none.
        let mut further: Vec<(usize, &Page)> = pages
            .iter()
            .copied()
            .filter(|(l, _)| !shown.contains(l))
            .collect();
        if further.is_empty() {
            further = pages.clone();
        }
        if !shown.iter().any(|&l| rtl(l)) {
            further.sort_by_key(|&(l, _)| !rtl(l));
        }
        let mut parts: Vec<String> = Vec::new();
        let mut len = 0;
        for (l, page) in further {
            let candidates = page.front.description.iter().chain([&page.front.title]);
            for text in candidates {
                let part = meta_part(text, rtl(l));
                let added = meta_len(&part)
                    + if parts.is_empty() {
                        0
                    } else {
                        META_SEPARATOR.chars().count()
                    };
                if !part.is_empty() && len + added <= 160 {
                    len += added;
                    parts.push(part);
                    break;
                }
            }
        }
        (title, parts.join(META_SEPARATOR))
    }

    /// The home page of a language.
    pub fn home(&self, lang: usize) -> PageView {
        let mut view = self.base("home", "", lang);
        let language = &self.config.languages[lang];
        match self.content.get("", lang) {
            Some(page) => {
                view.title = page.front.title.clone();
                view.description = page.front.description.clone().unwrap_or_default();
                view.body = self.body_of("", lang);
                view.image = self.image(Some(page), lang);
            }
            None => view.title = language.title.clone(),
        }
        if view.description.is_empty() {
            view.description = language.description.clone().unwrap_or_default();
        }
        view.topics = self
            .content
            .topics(self.config.default_language)
            .iter()
            .filter(|t| self.exists(t, lang))
            .map(|t| self.topic(t, lang))
            .collect();
        view
    }

    /// A topic page.
    pub fn topic_page(&self, topic: &str, lang: usize) -> PageView {
        let mut view = self.base("topic", topic, lang);
        let (title, _) = self.title_of(topic, lang);
        view.title = title;
        if let Some(page) = self.content.get(topic, lang) {
            view.description = page.front.description.clone().unwrap_or_default();
            view.body = self.body_of(topic, lang);
            view.image = self.image(Some(page), lang);
        }
        view.breadcrumbs = vec![self.home_crumb(lang)];
        view.topics = vec![self.topic(topic, lang)];
        view
    }

    /// An article page.
    pub fn article(&self, key: &str, lang: usize) -> Option<PageView> {
        let page = self.content.get(key, lang)?;
        let mut view = self.base("article", key, lang);
        view.title = page.front.title.clone();
        view.description = page.front.description.clone().unwrap_or_default();
        view.body = self.body_of(key, lang);
        let topic = page.topic();
        let topic_link = self.link(topic, lang);
        view.breadcrumbs = vec![
            self.home_crumb(lang),
            Crumb {
                title: topic_link.title,
                href: topic_link.href,
            },
        ];
        let index = self.content.groups[key][lang]?;
        let local = |d: Option<Date>| d.map(|d| self.i18n.format_date(lang, d));
        view.article = Some(ArticleView {
            toc: self.rendered[index].toc.clone(),
            updated: page.front.updated,
            updated_local: local(page.front.updated),
            reviewed: page.front.reviewed,
            reviewed_local: local(page.front.reviewed),
            sources: page.front.sources.clone(),
            fact_check: self.fact_check(page, &view.url),
            qr: format!("{}qr.svg", view.href),
            share: ShareView::new(&view.title, &view.url),
            stale: match self.freshness.state(key, lang) {
                crate::freshness::State::Stale { original } => {
                    let mut link = self.link(key, original);
                    link.href = self
                        .config
                        .relative_url(&page_path(self.config.languages[original].code(), key));
                    link.other_language = true;
                    Some(link)
                }
                _ => None,
            },
            machine_translated: page.front.machine_translated
                && page.front.reviewed_by_speaker.is_none(),
            review_due: page.front.reviewed.is_some_and(|r| {
                crate::freshness::review_due(r, self.today, self.config.review_after)
            }),
            figures_changed: local(
                self.changes_on(key, lang)
                    .filter(|&d| crate::freshness::figures_changed(d, self.today)),
            ),
        });
        view.image = self.image(Some(page), lang);
        view.contact = self.contact(lang);
        view.services = self.services_box(key, lang);
        Some(view)
    }

    /// The day a figure of an article changes: its own `changes_on`, else its original's.
    fn changes_on(&self, key: &str, lang: usize) -> Option<Date> {
        let own = self.content.get(key, lang)?.front.changes_on;
        own.or_else(|| {
            self.content
                .get(key, self.config.default_language)?
                .front
                .changes_on
        })
    }

    /// The fact-check block and its schema.org `ClaimReview`.
    fn fact_check(&self, page: &Page, url: &str) -> Option<FactCheckView> {
        let (claim, verdict) = (page.front.claim.clone()?, page.front.verdict?);
        let language = &self.config.languages[page.lang];
        let verdict_text = self
            .i18n
            .translate(page.lang, &format!("verdict_{}", verdict.name()), None, &[])
            .unwrap_or_else(|| verdict.name().to_string());
        let mut item = serde_json::json!({ "@type": "Claim" });
        if let Some(seen) = page.front.claim_seen {
            item["datePublished"] = serde_json::Value::String(seen.to_string());
        }
        if let Some(Ok(appearance)) = page
            .front
            .claim_appearance
            .as_deref()
            .map(crate::content::Appearance::parse)
        {
            let work = match appearance {
                crate::content::Appearance::Url(url) => {
                    serde_json::json!({ "@type": "CreativeWork", "url": url })
                }
                crate::content::Appearance::Description(name) => {
                    serde_json::json!({ "@type": "CreativeWork", "name": name })
                }
            };
            item["appearance"] = work.clone();
            item["firstAppearance"] = work;
        }
        if let Some(author) = page.front.claim_author.as_deref().map(str::trim) {
            item["author"] = serde_json::json!({ "@type": "Organization", "name": author });
        }
        let rating = match verdict.rating() {
            Some(value) => serde_json::json!({
                "@type": "Rating",
                "ratingValue": value,
                "bestRating": 5,
                "worstRating": 1,
                "alternateName": verdict_text,
            }),
            None => serde_json::json!({ "@type": "Rating", "alternateName": verdict_text }),
        };
        let mut review = serde_json::json!({
            "@context": "https://schema.org",
            "@type": "ClaimReview",
            "url": url,
            "inLanguage": language.code(),
            "headline": page.front.title,
            "claimReviewed": claim.trim(),
            "itemReviewed": item,
            "author": {
                "@type": "Organization",
                "name": self.config.publisher,
                "url": self.config.base_url,
            },
            "reviewRating": rating,
        });
        if let Some(updated) = page.front.updated {
            review["datePublished"] = serde_json::Value::String(updated.to_string());
        }
        let json_ld = serde_json::to_string(&review)
            .unwrap_or_default()
            .replace('<', "\\u003c")
            .replace('>', "\\u003e")
            .replace('&', "\\u0026");
        Some(FactCheckView {
            claim,
            verdict: verdict.name(),
            claim_seen: page.front.claim_seen,
            claim_seen_local: page
                .front
                .claim_seen
                .map(|d| self.i18n.format_date(page.lang, d)),
            json_ld,
        })
    }

    /// The contact channels for a language, if the site has any.
    fn contact(&self, lang: usize) -> Option<ContactView> {
        let contact = &self.config.contact;
        if contact.channels.is_empty() {
            return None;
        }
        let (channels, fallback) = contact.for_language(lang, self.config.default_language);
        let mut spoken: Vec<usize> = channels
            .iter()
            .flat_map(|c| c.languages.iter().copied())
            .collect();
        spoken.sort_unstable();
        spoken.dedup();
        Some(ContactView {
            channels: channels
                .into_iter()
                .map(|c| ChannelView {
                    kind: c.kind.clone(),
                    label: c.label.clone(),
                    text: c.text.clone(),
                    href: c.href.clone(),
                    hours: c.hours.clone(),
                    languages: c.languages.iter().map(|&l| self.language(l)).collect(),
                })
                .collect(),
            fallback,
            fallback_languages: if fallback {
                self.config.default_lang().name.clone()
            } else {
                String::new()
            },
            example: contact.example,
        })
    }

    /// A standalone page, in its own language or else in the default one.
    pub fn standalone(&self, key: &str, lang: usize) -> Option<PageView> {
        let source_lang = if self.content.get(key, lang).is_some() {
            lang
        } else {
            std::iter::once(self.config.default_language)
                .chain(self.content.languages_of(key))
                .find(|&l| self.content.get(key, l).is_some())?
        };
        let page = self.content.get(key, source_lang)?;
        let mut view = self.base("page", key, lang);
        view.title = page.front.title.clone();
        view.description = page.front.description.clone().unwrap_or_default();
        view.body = self.body_of(key, source_lang);
        view.image = self.image(Some(page), source_lang);
        view.breadcrumbs = vec![self.home_crumb(lang)];
        if source_lang != lang {
            // The preview speaks the language of the text: its image and
            // alt text too (the template takes locale and site name from
            // `body_lang`).
            view.body_lang = Some(self.language(source_lang));
            // The original is the page to index; this copy only helps readers.
            let original = page_path(self.config.languages[source_lang].code(), key);
            view.url = self.config.absolute_url(&original);
        }
        Some(view)
    }

    /// The redirect page of an alias of `page`: the target's view.
    pub fn alias(&self, page: &Page) -> Option<AliasView> {
        let (key, lang) = (page.key.as_str(), page.lang);
        let target = match page.kind {
            PageKind::Home => Some(self.home(lang)),
            PageKind::Topic => Some(self.topic_page(key, lang)),
            PageKind::Article => self.article(key, lang),
            PageKind::Page => self.standalone(key, lang),
        }?;
        let target_json = serde_json::to_string(&target.url)
            .unwrap_or_default()
            .replace('<', "\\u003c");
        Some(AliasView {
            target,
            target_json,
        })
    }

    /// The language chooser at the site root.
    pub fn root(&self) -> PageView {
        let mut view = self.base("root", "", self.config.default_language);
        view.url = self.config.absolute_url("");
        view.href = self.config.base_path.clone();
        view.title = self.config.default_lang().title.clone();
        let rtl = |l: usize| self.config.languages[l].direction == crate::lang::Direction::Rtl;
        let mut order: Vec<usize> = std::iter::once(self.config.default_language)
            .chain((0..self.config.languages.len()).filter(|&l| l != self.config.default_language))
            .collect();
        // Each language's description (else its site title): the default language
        // first, then a right-to-left one if the site has one, then the others.
        let headings_order = order.clone();
        if !rtl(order[0]) {
            if let Some(i) = order.iter().position(|&l| rtl(l)) {
                let l = order.remove(i);
                order.insert(1, l);
            }
        }
        let parts: Vec<String> = order
            .iter()
            .map(|&l| {
                let language = &self.config.languages[l];
                crate::text::meta_part(
                    language.description.as_deref().unwrap_or(&language.title),
                    rtl(l),
                )
            })
            .collect();
        view.description = crate::text::meta_join(&parts, 160, 1);
        for &l in &headings_order {
            let Some(text) = self.i18n.translate(l, "choose_language", None, &[]) else {
                continue;
            };
            if !view.headings.iter().any(|h| h.text == text) {
                let language = &self.config.languages[l];
                view.headings.push(Phrase {
                    lang: language.code().to_string(),
                    dir: language.direction.as_str(),
                    text,
                });
            }
        }
        view
    }

    /// The not-found page, in the default language.
    pub fn not_found(&self) -> PageView {
        let mut view = self.base("404", "", self.config.default_language);
        view.url = self.config.absolute_url("404.html");
        view.href = self.config.relative_url("404.html");
        view.alternates.clear();
        view.title = self
            .i18n
            .translate(self.config.default_language, "not_found_title", None, &[])
            .unwrap_or_else(|| "404".into());
        view
    }

    fn home_crumb(&self, lang: usize) -> Crumb {
        let language = &self.config.languages[lang];
        Crumb {
            title: self
                .i18n
                .translate(lang, "home", None, &[])
                .unwrap_or_else(|| language.title.clone()),
            href: self.config.relative_url(&page_path(language.code(), "")),
        }
    }

    fn body_of(&self, key: &str, lang: usize) -> String {
        self.content
            .groups
            .get(key)
            .and_then(|g| g[lang])
            .map(|i| self.rendered[i].html.clone())
            .unwrap_or_default()
    }

    /// Article keys that exist in `lang`, for feeds.
    pub fn articles_in(&self, lang: usize) -> Vec<&crate::content::Page> {
        self.content
            .pages
            .iter()
            .filter(|p| p.lang == lang && p.kind == PageKind::Article)
            .collect()
    }
}
