// Link previews as chat apps build them: a real Open Graph parser
// (open-graph-scraper, as link unfurlers use it) reads every kind of page of
// the sample site over HTTP on 127.0.0.1 and must find a title, description,
// image, image alt and locale in the language of the page.
//
//   SITE_DIR=public node --test tests/browser/previews.test.mjs
//
// The expectations come from the site's sources (site.toml, i18n/, content/
// in SITE_ROOT, default: this repository), so the file skips a built site that
// was not made from them.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import ogs from "open-graph-scraper";
import { builtSiteDir, discover, expectedDirection, serve, sitePrefix } from "./lib.mjs";

const SITE_DIR = builtSiteDir();
const SITE_ROOT = resolve(process.env.SITE_ROOT || fileURLToPath(new URL("../..", import.meta.url)));
const prefix = sitePrefix(SITE_DIR);

// ---------- the site's sources ----------

/** The keys of site.toml that matter here: top level and `[languages.*]` strings. */
function readSiteToml(file) {
  const top = {};
  const languages = {};
  const order = [];
  let section = top;
  let inOther = false;
  for (const raw of readFileSync(file, "utf8").split("\n")) {
    const line = raw.trim();
    if (!line || line.startsWith("#")) continue;
    const head = line.match(/^\[\[?\s*([^\]]+?)\s*\]\]?$/);
    if (head) {
      const lang = head[1].match(/^languages\.([A-Za-z0-9-]+)$/);
      inOther = !lang;
      if (lang) {
        section = languages[lang[1]] = {};
        order.push(lang[1]);
      }
      continue;
    }
    const kv = line.match(/^([A-Za-z_]+)\s*=\s*("(?:[^"\\]|\\.)*")\s*(#.*)?$/);
    if (kv && !inOther) section[kv[1]] = JSON.parse(kv[2]);
  }
  return { top, languages, order };
}

const config = existsSync(join(SITE_ROOT, "site.toml")) ? readSiteToml(join(SITE_ROOT, "site.toml")) : null;
const builtFromRoot = (() => {
  if (!config?.top.base_url) return false;
  const html = readFileSync(join(SITE_DIR, "index.html"), "utf8");
  const href = (html.match(/<link\b[^>]*rel=["']?canonical[^>]*>/i) || [""])[0].match(/href=["']?([^"'\s>]+)/);
  return !!href && href[1].startsWith(config.top.base_url.replace(/\/?$/, "/"));
})();
const skip = !builtFromRoot && `SITE_DIR was not built from ${SITE_ROOT}`;

const DEFAULT = config?.top.default_language ?? "de";

/** A front matter string value of a content file, or null. */
function frontMatter(file, key) {
  if (!existsSync(file)) return null;
  const text = readFileSync(file, "utf8");
  const fm = text.match(/^---\n([\s\S]*?)\n---/);
  const m = fm && fm[1].match(new RegExp(`^${key}:\\s*(.+)$`, "m"));
  if (!m) return null;
  const v = m[1].trim();
  return v.startsWith('"') ? JSON.parse(v) : v.replace(/^'(.*)'$/, "$1");
}

/** The source file of a page `lang/path` (an article, a topic, a home, a standalone page). */
function sourceOf(lang, path) {
  const base = join(SITE_ROOT, "content", lang, ...path);
  return [`${base}.md`, join(base, "_index.md")].find(existsSync) ?? null;
}

/** The string of an i18n key in a language. */
function i18n(lang, key) {
  const file = join(SITE_ROOT, "i18n", `${lang}.yaml`);
  if (!existsSync(file)) return null;
  const m = readFileSync(file, "utf8").match(new RegExp(`^${key}:\\s*(.+)$`, "m"));
  return m ? JSON.parse(m[1].trim().startsWith('"') ? m[1].trim() : JSON.stringify(m[1].trim())) : null;
}

/** The contract's preview image of a page in `lang` from `source`: its own, else the language's, else the site's. */
function expectedImage(lang, source) {
  const own = source && frontMatter(source, "image");
  const file = own || config.languages[lang]?.image || config.top.image;
  return { file, alt: (own && frontMatter(source, "image_alt")) || i18n(lang, "image_alt") };
}

// ---------- languages, scripts and locales ----------

/** og:locale per language, as Facebook knows them. */
const LOCALES = {
  de: "de_DE", en: "en_US", ar: "ar_AR", fa: "fa_IR", ps: "ps_AF", bg: "bg_BG",
  pl: "pl_PL", ro: "ro_RO", ru: "ru_RU", tr: "tr_TR", uk: "uk_UA", fr: "fr_FR",
};
const FACEBOOK_LOCALES = join(SITE_ROOT, "tests", "data", "facebook-locales.txt");

const SCRIPT = {
  arabic: /[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF]/u,
  cyrillic: /[\u0400-\u04FF\u0500-\u052F]/u,
  latin: /[A-Za-z\u00C0-\u024F]/u,
};
const SCRIPT_OF = { ar: "arabic", fa: "arabic", ps: "arabic", bg: "cyrillic", ru: "cyrillic", uk: "cyrillic" };
const scriptOf = (lang) => SCRIPT_OF[lang.split("-")[0]] ?? "latin";

/** True when most letters of `text` (at least one) are in the script of `lang`. */
function inScriptOf(text, lang) {
  const letters = [...(text ?? "")].filter((c) => /\p{L}/u.test(c));
  const own = letters.filter((c) => SCRIPT[scriptOf(lang)].test(c));
  return letters.length > 0 && own.length / letters.length >= 0.6;
}

const FSI = "\u2068";
const PDI = "\u2069";
/** Bidi controls other than FSI/PDI: marks, embeddings, overrides, LRI/RLI, ALM. */
const OTHER_BIDI = /[\u200E\u200F\u061C\u202A-\u202E\u2066\u2067]/u;

/** Null when `value` has no bidi controls but balanced FSI…PDI pairs; else what is wrong. */
function bidiProblem(value) {
  if (OTHER_BIDI.test(value)) return `has bidi marks, embeddings or overrides: ${JSON.stringify(value)}`;
  let depth = 0;
  for (const c of value) {
    if (c === FSI) depth++;
    if (c === PDI && --depth < 0) return `has a PDI without FSI: ${JSON.stringify(value)}`;
  }
  return depth === 0 ? null : `has an FSI without PDI: ${JSON.stringify(value)}`;
}

const stripIsolates = (s) => s.replaceAll(FSI, "").replaceAll(PDI, "");
const length = (s) => [...stripIsolates(s)].length;

// ---------- the built site ----------

const { languages, pages } = discover(SITE_DIR);
const file = (relPath) => join(SITE_DIR, relPath);
const html = (relPath) => readFileSync(file(relPath), "utf8");
const isRedirect = (p) => /<meta\b[^>]*http-equiv=["']?refresh/i.test(html(p.rel).slice(0, 3000));
const keyOf = (p) => p.rel.split("/").slice(1, -1);
const rtl = languages.find((l) => expectedDirection(l) === "rtl" && l !== DEFAULT);
const ltr = ["ro", ...languages].find((l) => languages.includes(l) && l !== DEFAULT && expectedDirection(l) === "ltr");
const isFactCheck = (p) => /"@type"\s*:\s*"ClaimReview"/.test(html(p.rel));

/** The articles (not fact checks) of `lang`, the emergency article first. */
function articlesIn(lang, { factCheck = false } = {}) {
  return pages
    .filter((p) => p.kind === "article" && p.lang === lang && isFactCheck(p) === factCheck)
    .sort((a, b) => (b.rel.includes("/emergency/") ? 1 : 0) - (a.rel.includes("/emergency/") ? 1 : 0));
}

/** An article key present in `langs` and as a language-neutral page. */
function sharedArticle(langs) {
  for (const a of articlesIn(langs[0])) {
    const key = keyOf(a).join("/");
    if (langs.every((l) => existsSync(file(`${l}/${key}/index.html`))) && existsSync(file(`${key}/index.html`))) return key;
  }
  return null;
}

const shared = sharedArticle([DEFAULT, ltr, rtl].filter(Boolean));
/** Alias pages: redirects written for old addresses. */
const aliases = pages.filter((p) => p.kind === "other" && isRedirect(p));
/** Standalone pages of a language shown from the default language's text. */
const fallbacks = pages.filter((p) => p.kind === "page" && p.lang && p.lang !== DEFAULT && !sourceOf(p.lang, keyOf(p)) && sourceOf(DEFAULT, keyOf(p)));
const fallback = fallbacks.find((p) => p.lang === rtl) ?? fallbacks[0];

// ---------- reading a preview ----------

let server = null;
if (!skip) {
  before(async () => { server = await serve(SITE_DIR, prefix); });
  after(async () => { await server?.close(); });
}

/** The attribute `name` of the first tag in `tagHtml`. */
function attr(tagHtml, name) {
  const m = tagHtml.match(new RegExp(`\\s${name}=(?:"([^"]*)"|'([^']*)'|([^\\s"'>]+))`, "i"));
  return m ? decode(m[1] ?? m[2] ?? m[3]) : null;
}
const decode = (s) => s.replace(/&(amp|lt|gt|quot|#39|#x27);/g, (_, e) => ({ amp: "&", lt: "<", gt: ">", quot: '"', "#39": "'", "#x27": "'" })[e]);

/** The content of every `<meta>` whose property or name is `key`, from raw HTML. */
function metas(source, key) {
  return [...source.matchAll(/<meta\b[^>]*>/gi)]
    .map((m) => m[0])
    .filter((t) => attr(t, "property") === key || attr(t, "name") === key)
    .map((t) => attr(t, "content"));
}

/**
 * The preview of the page at `path` as open-graph-scraper reads it over HTTP
 * (no fallbacks to other tags: what the page declares), with the page's raw
 * head for what the parser does not report.
 */
async function preview(path) {
  const url = `${server.url}${path}`;
  const { error, result } = await ogs({ url, onlyGetOpenGraphInfo: true, timeout: 10 });
  assert.equal(error, false, `open-graph-scraper read ${path}: ${JSON.stringify(result)}`);
  const source = await (await fetch(url)).text();
  const htmlTag = (source.match(/<html\b[^>]*>/i) || [""])[0];
  const canonical = (source.match(/<link\b[^>]*rel=["']?canonical[^>]*>/i) || [""])[0];
  const image = (result.ogImage ?? [])[0] ?? {};
  return {
    path,
    source,
    title: result.ogTitle,
    description: result.ogDescription,
    metaDescription: metas(source, "description")[0],
    locale: result.ogLocale,
    localeAlternates: metas(source, "og:locale:alternate"),
    siteName: result.ogSiteName,
    image: image.url,
    imageAlt: image.alt,
    images: result.ogImage ?? [],
    lang: attr(htmlTag, "lang"),
    dir: attr(htmlTag, "dir"),
    canonical: canonical ? attr(canonical, "href") : null,
    refresh: /<meta\b[^>]*http-equiv=["']?refresh/i.test(source),
    metaValues: [...source.matchAll(/<meta\b[^>]*>/gi)].map((m) => attr(m[0], "content")).filter((v) => v !== null),
  };
}

/** Checks the preview image: absolute, in the site, served, the one the contract picks, with its alt text. */
async function assertImage(p, expected, label) {
  assert.equal(p.images.length >= 1, true, `${label}: an og:image`);
  const url = new URL(p.image); // throws on a relative address
  assert.match(url.protocol, /^https?:$/, `${label}: og:image ${p.image} is an absolute web address`);
  assert.ok(url.pathname.startsWith(prefix), `${label}: og:image ${p.image} is under the site's base path ${prefix}`);
  const inSite = url.pathname.slice(prefix.length);
  assert.ok(existsSync(file(inSite)), `${label}: og:image ${inSite} exists in the built site`);
  const served = await fetch(`${server.url}/${inSite}`);
  assert.equal(served.status, 200, `${label}: og:image ${inSite} is served`);
  assert.match(served.headers.get("content-type") ?? "", /^image\//, `${label}: og:image ${inSite} is an image`);
  assert.equal(inSite, expected.file, `${label}: og:image is ${expected.file}`);
  assert.ok(p.imageAlt && p.imageAlt.trim().length > 0, `${label}: og:image:alt is set`);
  if (expected.alt) assert.equal(p.imageAlt, expected.alt, `${label}: og:image:alt in the page's language`);
}

/** Checks the meta values: no bidi controls other than balanced FSI…PDI. */
function assertBidi(p, label) {
  for (const v of p.metaValues) {
    const problem = bidiProblem(v);
    assert.equal(problem, null, `${label}: a meta value ${problem}`);
  }
}

/** The checks every page in `lang` with its own text must pass. */
async function assertPreviewIn(p, lang, source, label) {
  assert.ok(p.title, `${label}: og:title is set`);
  assert.ok(inScriptOf(p.title, lang), `${label}: og:title "${p.title}" is in the script of ${lang}`);
  assert.ok(p.description, `${label}: og:description is set`);
  assert.ok(inScriptOf(p.description, lang), `${label}: og:description "${p.description}" is in the script of ${lang}`);
  assert.equal(p.metaDescription, p.description, `${label}: meta description and og:description agree`);
  assert.equal(p.locale, LOCALES[lang], `${label}: og:locale for ${lang}`);
  assert.ok(!p.localeAlternates.includes(p.locale), `${label}: og:locale is not also an alternate`);
  assert.equal(p.lang, lang, `${label}: <html lang>`);
  assert.equal(p.dir, expectedDirection(lang), `${label}: <html dir>`);
  await assertImage(p, expectedImage(lang, source), label);
  assertBidi(p, label);
}

// ---------- the tests ----------

test("the site's languages have locales that Facebook knows", { skip }, () => {
  assert.ok(existsSync(FACEBOOK_LOCALES), `${FACEBOOK_LOCALES} lists Facebook's locales`);
  const known = new Set(readFileSync(FACEBOOK_LOCALES, "utf8").split("\n").map((l) => l.trim()).filter(Boolean));
  for (const lang of languages) {
    assert.ok(LOCALES[lang], `a locale for ${lang} in this test`);
    assert.ok(known.has(LOCALES[lang]), `${LOCALES[lang]} is a Facebook locale`);
  }
});

test("the language chooser / previews with descriptions in several languages", { skip }, async () => {
  const p = await preview("/");
  assert.ok(p.title && inScriptOf(p.title, DEFAULT), `/: og:title "${p.title}" in ${DEFAULT}`);
  assert.equal(p.locale, LOCALES[DEFAULT], "/: og:locale of the default language");
  assert.ok(p.metaDescription, "/: <meta name=description> is set");
  assert.ok(p.description, "/: og:description is set");
  assert.equal(p.metaDescription, p.description, "/: meta description and og:description agree");
  assert.ok(length(p.description) <= 160, `/: og:description has ${length(p.description)} characters, at most 160`);
  const described = config.order.filter((l) => config.languages[l].description);
  assert.ok(described.length >= 2, "site.toml gives a description for at least two languages");
  assert.ok(stripIsolates(p.description).startsWith(config.languages[DEFAULT].description),
    "/: og:description starts with the default language's description");
  const others = described.filter((l) => l !== DEFAULT && stripIsolates(p.description).includes(config.languages[l].description));
  assert.ok(others.length >= 1, `/: og:description has the description of another language: ${p.description}`);
  for (const l of others.filter((x) => expectedDirection(x) === "rtl")) {
    assert.ok(p.description.includes(FSI + config.languages[l].description + PDI), `/: the ${l} description is isolated`);
  }
  const h1 = (p.source.match(/<h1\b[^>]*>([\s\S]*?)<\/h1>/i) || ["", ""])[1];
  const headingLangs = new Set([...h1.matchAll(/\slang=["']?([A-Za-z-]+)/g)].map((m) => m[1]));
  assert.ok(headingLangs.size >= 2, `/: the chooser heading is in several languages: ${h1}`);
  await assertImage(p, expectedImage(DEFAULT, null), "/");
  assertBidi(p, "/");
});

for (const lang of [DEFAULT, rtl].filter(Boolean)) {
  test(`the home page /${lang}/ previews in ${lang}`, { skip }, async () => {
    const p = await preview(`/${lang}/`);
    await assertPreviewIn(p, lang, sourceOf(lang, []), `/${lang}/`);
  });

  const topic = pages.find((p) => p.kind === "topic" && p.lang === lang);
  test(`a topic page in ${lang} previews in ${lang}`, { skip: skip || (!topic && `no topic page in ${lang}`) }, async () => {
    const p = await preview(topic.url.slice(prefix.length - 1));
    await assertPreviewIn(p, lang, sourceOf(lang, keyOf(topic)), topic.url);
  });
}

for (const lang of [ltr, rtl].filter(Boolean)) {
  test(`an article in ${lang} (${expectedDirection(lang)}) previews in ${lang} with its language's image`, { skip: skip || (!shared && "no article shared by the languages") }, async () => {
    const path = `/${lang}/${shared}/`;
    const p = await preview(path);
    await assertPreviewIn(p, lang, sourceOf(lang, shared.split("/")), path);
    const original = await preview(`/${DEFAULT}/${shared}/`);
    assert.notEqual(p.title, original.title, `${path}: og:title is not the ${DEFAULT} one`);
    if (!frontMatter(sourceOf(lang, shared.split("/")), "image")) {
      const own = config.languages[lang]?.image;
      if (["de", "ar", "fa", "ps", "uk"].includes(lang)) {
        assert.ok(own, `site.toml gives ${lang} its own preview image`);
      }
      if (own && own !== config.languages[DEFAULT]?.image) {
        assert.notEqual(p.image, original.image, `${path}: not the ${DEFAULT} preview image`);
      }
    }
  });
}

for (const lang of [DEFAULT, rtl].filter(Boolean)) {
  const check = articlesIn(lang, { factCheck: true })[0];
  test(`a fact check in ${lang} previews in ${lang}`, { skip: skip || (!check && `no fact check in ${lang}`) }, async () => {
    const p = await preview(check.url.slice(prefix.length - 1));
    await assertPreviewIn(p, lang, sourceOf(lang, keyOf(check)), check.url);
    assert.deepEqual(metas(p.source, "og:type"), ["article"], `${check.url}: og:type article`);
  });
}

test("a language-neutral page previews in several languages, right-to-left ones included", { skip: skip || (!shared && "no language-neutral article") }, async () => {
  const path = `/${shared}/`;
  const p = await preview(path);
  const translations = {};
  for (const l of config.order.filter((x) => existsSync(file(`${x}/${shared}/index.html`)))) {
    const t = await preview(`/${l}/${shared}/`);
    translations[l] = { title: t.title, description: t.description };
  }
  // og:title: titles in several languages, the default language's first, in the site's order.
  const parts = p.title.split(" · ");
  assert.ok(parts.length >= 2, `${path}: og:title names the article in at least two languages: ${p.title}`);
  assert.equal(parts[0], translations[DEFAULT].title, `${path}: og:title starts with the ${DEFAULT} title`);
  if (parts.length > 2) assert.ok(length(p.title) <= 60, `${path}: og:title has ${length(p.title)} characters, at most 60`);
  let last = -1;
  for (const part of parts) {
    const plain = stripIsolates(part);
    const lang = config.order.find((l) => translations[l]?.title === plain);
    assert.ok(lang, `${path}: "${plain}" in og:title is the title of a translation`);
    const at = config.order.indexOf(lang);
    assert.ok(at > last, `${path}: og:title follows the site's language order`);
    last = at;
    if (expectedDirection(lang) === "rtl") assert.equal(part, FSI + plain + PDI, `${path}: the ${lang} title is isolated`);
  }
  // og:description: further languages, at most 160 characters, a right-to-left one among them.
  assert.ok(p.description, `${path}: og:description is set`);
  assert.equal(p.metaDescription, p.description, `${path}: meta description and og:description agree`);
  assert.ok(length(p.description) <= 160, `${path}: og:description has ${length(p.description)} characters, at most 160`);
  const plainDescription = stripIsolates(p.description);
  const names = config.order.map((l) => config.languages[l].name);
  assert.ok(names.filter((n) => plainDescription.includes(n)).length < 3, `${path}: og:description is not a list of language names: ${p.description}`);
  const rtlHere = Object.keys(translations).filter((l) => expectedDirection(l) === "rtl");
  if (rtlHere.length) {
    const named = rtlHere.filter((l) => plainDescription.includes(translations[l].title) || plainDescription.includes(translations[l].description));
    assert.ok(named.length >= 1, `${path}: og:description has the title or description in a right-to-left language: ${p.description}`);
    const all = [...named, ...parts.map(stripIsolates).map((t) => config.order.find((l) => translations[l]?.title === t))];
    assert.ok(all.some((l) => expectedDirection(l) === "rtl"), `${path}: the preview names the article in a right-to-left language`);
  }
  assert.ok([...plainDescription].some((c) => SCRIPT.arabic.test(c)) || !rtlHere.length, `${path}: right-to-left script in og:description`);
  // The default language's locale, the others as alternates.
  assert.equal(p.locale, LOCALES[DEFAULT], `${path}: og:locale of the default language`);
  const expectedAlternates = Object.keys(translations).filter((l) => l !== DEFAULT).map((l) => LOCALES[l]);
  assert.deepEqual([...p.localeAlternates].sort(), expectedAlternates.sort(), `${path}: og:locale:alternate for the other translations`);
  await assertImage(p, expectedImage(DEFAULT, sourceOf(DEFAULT, shared.split("/"))), path);
  assertBidi(p, path);
});

test("an alias page previews as the page it redirects to", { skip }, async () => {
  assert.ok(aliases.length > 0, "the sample site has an alias page (an `aliases` entry)");
  for (const alias of aliases) {
    const path = alias.url.slice(prefix.length - 1);
    const p = await preview(path);
    assert.ok(p.refresh, `${path}: the meta refresh stays`);
    const href = (p.source.match(/<a\b[^>]*href=["']?([^"'\s>]+)/i) || [])[1];
    assert.ok(href, `${path}: the link to the new address stays`);
    const targetPath = new URL(href, `https://x${prefix}`).pathname.slice(prefix.length - 1);
    const target = await preview(targetPath);
    assert.ok(target.title, `${path}: its target ${targetPath} has a preview`);
    for (const key of ["title", "description", "image", "imageAlt", "locale", "canonical", "lang", "dir"]) {
      assert.equal(p[key], target[key], `${path}: ${key} of the target ${targetPath}`);
    }
    assert.ok(p.dir, `${path}: <html dir> is set`);
    assertBidi(p, path);
  }
});

test("an untranslated standalone page previews in the language of its text", { skip: skip || (!fallback && "no standalone page shown from the default language") }, async () => {
  const path = fallback.url.slice(prefix.length - 1);
  const p = await preview(path);
  const original = await preview(`/${DEFAULT}/${keyOf(fallback).join("/")}/`);
  const home = await preview(`/${DEFAULT}/`);
  assert.equal(p.locale, LOCALES[DEFAULT], `${path}: og:locale of the text's language`);
  assert.ok(inScriptOf(p.title, DEFAULT), `${path}: og:title "${p.title}" in ${DEFAULT}`);
  assert.equal(p.title, original.title, `${path}: og:title of the ${DEFAULT} text`);
  assert.equal(p.description, original.description, `${path}: og:description of the ${DEFAULT} text`);
  assert.equal(p.siteName, home.siteName, `${path}: og:site_name in ${DEFAULT}`);
  assert.equal(p.lang, fallback.lang, `${path}: the page's interface stays in ${fallback.lang}`);
  const container = [...p.source.matchAll(/<(?:div|article|section)\b[^>]*>/gi)].map((m) => m[0])
    .find((t) => attr(t, "lang") === DEFAULT);
  assert.ok(container, `${path}: the text is marked lang=${DEFAULT}`);
  assert.equal(attr(container, "dir"), expectedDirection(DEFAULT), `${path}: the text is marked dir=${expectedDirection(DEFAULT)}`);
  // The contract names no language for the image here: that of the text, or the
  // reader's language, each with its own alt text.
  const ofText = expectedImage(DEFAULT, sourceOf(DEFAULT, keyOf(fallback)));
  const ofReader = expectedImage(fallback.lang, null);
  const inSite = p.image ? new URL(p.image).pathname.slice(prefix.length) : null;
  await assertImage(p, inSite === ofReader.file && ofReader.file !== ofText.file ? ofReader : ofText, path);
  assertBidi(p, path);
});
