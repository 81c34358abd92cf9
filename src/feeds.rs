//! Machine-readable files: `sitemap.xml` with hreflang alternates, one Atom
//! feed per language, and `robots.txt`.

use crate::config::Config;
use crate::content::{page_path, Content, Date, PageKind};
use crate::template::views::ViewBuilder;

/// Escapes text for XML.
fn xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            _ => out.push(c),
        }
    }
    out
}

fn timestamp(date: Date) -> String {
    format!("{date}T00:00:00Z")
}

/// Every generated page key with its kind, in a stable order.
pub fn page_keys(config: &Config, content: &Content) -> Vec<(String, PageKind)> {
    let mut keys = vec![(String::new(), PageKind::Home)];
    for topic in content.topics(config.default_language) {
        keys.push((topic.clone(), PageKind::Topic));
        for article in content.articles_of(&topic, config.default_language) {
            keys.push((article, PageKind::Article));
        }
    }
    for page in content.standalone(config.default_language) {
        keys.push((page, PageKind::Page));
    }
    keys
}

/// `sitemap.xml`: every page with its translations as `xhtml:link` alternates.
pub fn sitemap(views: &ViewBuilder<'_>) -> String {
    let config = views.config;
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n",
    );
    for (key, _) in page_keys(config, views.content) {
        let langs = views.languages_of(&key);
        for &lang in &langs {
            let code = config.languages[lang].code();
            out.push_str("<url><loc>");
            out.push_str(&xml(&config.absolute_url(&page_path(code, &key))));
            out.push_str("</loc>");
            if let Some(updated) = views.content.get(&key, lang).and_then(|p| p.front.updated) {
                out.push_str(&format!("<lastmod>{updated}</lastmod>"));
            }
            for &alt in &langs {
                let alt_code = config.languages[alt].code();
                out.push_str(&format!(
                    "<xhtml:link rel=\"alternate\" hreflang=\"{alt_code}\" href=\"{}\"/>",
                    xml(&config.absolute_url(&page_path(alt_code, &key)))
                ));
            }
            let x_default = if key.is_empty() {
                config.absolute_url("")
            } else if langs.contains(&config.default_language) {
                config.absolute_url(&page_path(config.default_lang().code(), &key))
            } else {
                config.absolute_url(&page_path(config.languages[langs[0]].code(), &key))
            };
            out.push_str(&format!(
                "<xhtml:link rel=\"alternate\" hreflang=\"x-default\" href=\"{}\"/>",
                xml(&x_default)
            ));
            out.push_str("</url>\n");
        }
    }
    if views.directory.is_some() {
        directory_urls(config, &mut out);
    }
    out.push_str("</urlset>\n");
    out
}

/// The directory page of every language, each with its alternates.
fn directory_urls(config: &crate::config::Config, out: &mut String) {
    let url = |code: &str| xml(&config.absolute_url(&page_path(code, crate::directory::PAGE)));
    for language in &config.languages {
        out.push_str(&format!("<url><loc>{}</loc>", url(language.code())));
        for alt in &config.languages {
            out.push_str(&format!(
                "<xhtml:link rel=\"alternate\" hreflang=\"{}\" href=\"{}\"/>",
                alt.code(),
                url(alt.code())
            ));
        }
        out.push_str(&format!(
            "<xhtml:link rel=\"alternate\" hreflang=\"x-default\" href=\"{}\"/></url>\n",
            url(config.default_lang().code())
        ));
    }
}

/// `/<lang>/atom.xml`: the language's articles, newest `updated` first.
pub fn atom(views: &ViewBuilder<'_>, lang: usize) -> String {
    let config = views.config;
    let language = &config.languages[lang];
    let mut articles = views.articles_in(lang);
    articles.sort_by(|a, b| (b.front.updated, &a.key).cmp(&(a.front.updated, &b.key)));
    let newest = articles
        .iter()
        .filter_map(|p| p.front.updated)
        .max()
        .map(timestamp)
        .unwrap_or_else(|| "1970-01-01T00:00:00Z".into());
    let home = config.absolute_url(&page_path(language.code(), ""));
    let feed = config.absolute_url(&format!("{}/atom.xml", language.code()));
    let mut out = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{code}\">\n<title>{title}</title>\n<id>{feed}</id>\n<link rel=\"self\" type=\"application/atom+xml\" href=\"{feed}\"/>\n<link rel=\"alternate\" type=\"text/html\" hreflang=\"{code}\" href=\"{home}\"/>\n<updated>{newest}</updated>\n<generator>lotse</generator>\n",
        code = language.code(),
        title = xml(&language.title),
        feed = xml(&feed),
        home = xml(&home),
    );
    for page in articles {
        let url = config.absolute_url(&page_path(language.code(), &page.key));
        let updated = page
            .front
            .updated
            .map(timestamp)
            .unwrap_or_else(|| newest.clone());
        out.push_str(&format!(
            "<entry><title>{title}</title><id>{url}</id><link rel=\"alternate\" type=\"text/html\" href=\"{url}\"/><updated>{updated}</updated><summary>{summary}</summary><author><name>{site}</name></author></entry>\n",
            title = xml(&page.front.title),
            url = xml(&url),
            summary = xml(page.front.description.as_deref().unwrap_or_default()),
            site = xml(&language.title),
        ));
    }
    out.push_str("</feed>\n");
    out
}

/// `robots.txt` pointing at the sitemap.
pub fn robots(config: &Config) -> String {
    format!(
        "User-agent: *\nAllow: /\n\nSitemap: {}\n",
        config.absolute_url("sitemap.xml")
    )
}
