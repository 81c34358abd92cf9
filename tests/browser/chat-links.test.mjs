// Links made for chats, in a real browser: a deep link lands on its section,
// a language-neutral link sends a reader to her language at the same
// section, and the language switcher keeps the section.
//
//   SITE_DIR=public node --test tests/browser/chat-links.test.mjs
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { builtSiteDir, discover, expectedDirection, serveAndLaunch, sitePrefix } from "./lib.mjs";

const SITE_DIR = builtSiteDir();
const { pages } = discover(SITE_DIR);
const articles = pages.filter((p) => p.kind === "article");
const keyOf = (p) => p.rel.split("/").slice(1, -1).join("/");

/** The section ids of an article page, in order. */
function sectionIds(rel) {
  const html = readFileSync(join(SITE_DIR, rel), "utf8");
  const body = html.slice(html.indexOf("class=body") >= 0 ? html.indexOf("class=body") : 0);
  const theme = new Set(["toc-title", "sources-title", "share-title", "contact-title", "translations-title"]);
  return [...body.matchAll(/<h2 id=["']?([a-z0-9_-]+)/g)].map((m) => m[1]).filter((id) => !theme.has(id));
}

/** An article key present in all of `langs`, with a neutral page, and a late section. */
function pick(langs) {
  for (const a of articles.filter((x) => x.lang === langs[0])) {
    const key = keyOf(a);
    if (!langs.every((l) => existsSync(join(SITE_DIR, l, key, "index.html")))) continue;
    if (!existsSync(join(SITE_DIR, key, "index.html"))) continue;
    const ids = sectionIds(a.rel);
    if (ids.length >= 3) return { key, id: ids[ids.length - 1] };
  }
  return null;
}

const prefix = sitePrefix(SITE_DIR);

const run = serveAndLaunch(SITE_DIR);

async function phone(locale = "de-DE") {
  const context = await run.browser.newContext({ viewport: { width: 360, height: 740 }, locale });
  return { context, page: await context.newPage() };
}

const rtl = [...new Set(articles.map((a) => a.lang))].find((l) => expectedDirection(l) === "rtl");

test("a deep link scrolls its section into view in a right-to-left article", { skip: !rtl && "the site has no right-to-left language" }, async () => {
  const target = pick([rtl]);
  assert.ok(target, `no ${rtl} article with three sections`);
  const { context, page } = await phone();
  await page.goto(`${run.server.url}/${rtl}/${target.key}/#${target.id}`);
  const place = await page.evaluate((id) => {
    const h = document.getElementById(id);
    const r = h.getBoundingClientRect();
    return { top: r.top, height: innerHeight, scrollY, dir: getComputedStyle(document.documentElement).direction };
  }, target.id);
  assert.equal(place.dir, "rtl");
  assert.ok(place.scrollY > 0, "the page scrolled");
  assert.ok(place.top >= 0 && place.top < place.height / 2, `heading #${target.id} at ${place.top}px`);
  await context.close();
});

const withPersian = pick(["fa", "de"]);

test("a language-neutral link opened with a Persian browser lands on the Persian page at the same section", { skip: !withPersian && "no article in Persian and German" }, async () => {
  const { context, page } = await phone("fa-IR");
  await page.goto(`${run.server.url}/${withPersian.key}/#${withPersian.id}`);
  await page.waitForURL((url) => url.pathname.startsWith(`${prefix}fa/`));
  const url = new URL(page.url());
  assert.equal(url.pathname, `${prefix}fa/${withPersian.key}/`);
  assert.equal(url.hash, `#${withPersian.id}`);
  await context.close();
});

test("the language a reader chose before wins over the browser's language", { skip: !withPersian && "no article in Persian and German" }, async () => {
  const { context, page } = await phone("fa-IR");
  await page.goto(`${run.server.url}/de/`);
  await page.waitForLoadState("load");
  await page.goto(`${run.server.url}/${withPersian.key}/`);
  await page.waitForURL((url) => url.pathname.startsWith(`${prefix}de/`));
  assert.equal(new URL(page.url()).pathname, `${prefix}de/${withPersian.key}/`);
  await context.close();
});

test("a language-neutral page lists the languages without JavaScript", { skip: !withPersian && "no article in Persian and German" }, async () => {
  const context = await run.browser.newContext({ viewport: { width: 360, height: 740 }, javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(`${run.server.url}/${withPersian.key}/`);
  const langs = await page.$$eval(".choose li", (items) => items.map((li) => [li.lang, getComputedStyle(li).direction]));
  assert.ok(langs.some(([l, d]) => l === "fa" && d === "rtl"), JSON.stringify(langs));
  assert.ok(langs.some(([l, d]) => l === "de" && d === "ltr"), JSON.stringify(langs));
  await context.close();
});

const both = rtl && pick(["de", rtl]);

test("the language switcher keeps the section", { skip: !both && "no article in German and a right-to-left language" }, async () => {
  const { context, page } = await phone();
  await page.goto(`${run.server.url}/de/${both.key}/#${both.id}`);
  await page.click(".langs summary");
  await page.click(`.langs a[hreflang="${rtl}"]`);
  await page.waitForURL((url) => url.pathname === `${prefix}${rtl}/${both.key}/`);
  assert.equal(new URL(page.url()).hash, `#${both.id}`);
  const visible = await page.evaluate((id) => {
    const r = document.getElementById(id).getBoundingClientRect();
    return r.top >= 0 && r.top < innerHeight;
  }, both.id);
  assert.ok(visible, "the same section is in view after switching");
  await context.close();
});

const emergency = existsSync(join(SITE_DIR, "ar", "health", "emergency", "index.html"))
  ? sectionIds("ar/health/emergency/index.html")
  : [];

/** The share buttons' hrefs that lack the encoded address of `#id`. */
async function sharesWithout(page, id) {
  return page.$$eval(".share a[href]", (links, id) => {
    const url = document.querySelector(".share").getAttribute("data-url") + "#" + id;
    const enc = encodeURIComponent(url).replace(/[!'()*]/g, (c) => "%" + c.charCodeAt(0).toString(16).toUpperCase());
    return links.length === 4 ? links.map((a) => a.href).filter((h) => !h.includes(enc)) : [`${links.length} share links`];
  }, id);
}

test("every share button carries the section of the address", { skip: !emergency.includes("police") && "no #police section in ar/health/emergency" }, async () => {
  const { context, page } = await phone("ar");
  await page.goto(`${run.server.url}/ar/health/emergency/#police`);
  await page.waitForLoadState("load");
  assert.deepEqual(await sharesWithout(page, "police"), []);
  // A new address fragment (the reader follows a table-of-contents link) moves the buttons along.
  const other = emergency.find((id) => id !== "police");
  await page.evaluate((id) => { location.hash = id; }, other);
  await page.waitForFunction((id) => document.querySelector(".share a").href.includes(encodeURIComponent("#" + id)), other);
  assert.deepEqual(await sharesWithout(page, other), []);
  await context.close();
});

test("tapping a heading's # link makes every share button carry that section", { skip: emergency.length < 2 && "no sections in ar/health/emergency" }, async () => {
  const context = await run.browser.newContext({ viewport: { width: 360, height: 740 }, locale: "ar", hasTouch: true, isMobile: true });
  const page = await context.newPage();
  await page.goto(`${run.server.url}/ar/health/emergency/`);
  await page.waitForLoadState("load");
  const id = emergency[emergency.length - 1];
  assert.ok(!(await page.$eval(".share a", (a) => a.href)).includes("%23"), "no section before a tap");
  await page.tap(`#${id} a.anchor`);
  await page.waitForFunction((id) => location.hash === "#" + id, id);
  assert.deepEqual(await sharesWithout(page, id), []);
  await context.close();
});
