// Browser suite: every page of a built lotse site in headless Chromium at a
// 360×740 phone viewport. Run by .ci/web-gates; see docs/quality-gates.md.
//
//   SITE_DIR=public node --test tests/browser/
//
// SITE_DIR   the built site (required)
// SITE_URL   where it is served (default: served by this suite on 127.0.0.1)
// SCREENSHOT_DIR  where the per-language screenshots go (default: a temp dir)
// SCREENSHOT_ARTICLE  the article shot in every language (default health/emergency)
// PAGE_FILTER  only the pages whose path matches this regular expression
// PAGE_CONCURRENCY  pages checked at a time (default 2)
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdirSync, mkdtempSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { chromium } from "playwright-core";
import { CHROMIUM, CHROMIUM_ARGS, discover, expectedDirection, serve } from "./lib.mjs";

const require = createRequire(import.meta.url);
const SITE_DIR = process.env.SITE_DIR ? resolve(process.env.SITE_DIR) : null;
if (!SITE_DIR || !existsSync(join(SITE_DIR, "index.html"))) {
  throw new Error("set SITE_DIR to a built lotse site (a folder with index.html)");
}
const SCREENSHOT_DIR = process.env.SCREENSHOT_DIR || mkdtempSync(join(tmpdir(), "lotse-shots-"));
const SCREENSHOT_ARTICLE = process.env.SCREENSHOT_ARTICLE || "health/emergency";
const AXE_SOURCE = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const KNOWN = JSON.parse(readFileSync(new URL("./known-issues.json", import.meta.url), "utf8")).axe
  .map((k) => ({ ...k, re: new RegExp(k.html), seen: 0 }));
const VIEWPORT = { width: 360, height: 740 };

const { languages, pages, layoutArticles } = discover(SITE_DIR);
const articles = pages.filter((p) => p.kind === "article");
// The article shot in each language: SCREENSHOT_ARTICLE, or the language's first article.
const shotOf = new Map(languages.map((lang) => {
  const mine = articles.filter((a) => a.lang === lang);
  const pick = mine.find((a) => a.rel === `${lang}/${SCREENSHOT_ARTICLE}/index.html`) || mine[0];
  return [lang, pick && pick.rel];
}));

let browser, context, server, baseUrl;
// The site's base_url, from the root page's canonical link: lotse writes
// absolute links with it (canonical, hreflang, alias redirects).
const siteBase = (() => {
  const html = readFileSync(join(SITE_DIR, "index.html"), "utf8");
  for (const tag of html.match(/<link\b[^>]*>/gi) || []) {
    if (/\brel=["']?canonical\b/i.test(tag)) {
      const m = tag.match(/\bhref=(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))/i);
      if (m) return new URL(m[1] ?? m[2] ?? m[3]);
    }
  }
  return null;
})();
const PREFIX = siteBase ? siteBase.pathname.replace(/[^/]*$/, "") : "/";

// ---- checks that run inside the page -------------------------------------

/** Horizontal overflow, and the elements that stick out of the viewport. */
function overflowInPage() {
  const vw = window.innerWidth;
  // Only the end side can be scrolled to: the right in ltr, the left in rtl.
  const rtl = getComputedStyle(document.documentElement).direction === "rtl";
  const culprits = [];
  for (const el of document.body.querySelectorAll("*")) {
    const r = el.getBoundingClientRect();
    if (r.width > 0 && (rtl ? r.left < -0.5 : r.right > vw + 0.5)) {
      let inScroller = false;
      for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
        const ox = getComputedStyle(p).overflowX;
        if (ox === "auto" || ox === "scroll" || ox === "hidden" || ox === "clip") { inScroller = true; break; }
      }
      if (!inScroller) {
        const id = el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") + (el.className && typeof el.className === "string" ? "." + el.className.trim().replace(/\s+/g, ".") : "");
        culprits.push(`${id} [${Math.round(r.left)}..${Math.round(r.right)}] "${(el.textContent || "").trim().slice(0, 40)}"`);
      }
    }
  }
  return { scrollWidth: document.documentElement.scrollWidth, innerWidth: vw, culprits: culprits.slice(0, 8) };
}

/**
 * Left-to-right runs in the article body of a right-to-left page: phone numbers
 * with spaces and web addresses must sit inside an inline element whose
 * computed unicode-bidi is isolate and direction ltr (lotse's <bdi dir=ltr>,
 * code), or in a block that is left to right as a whole (pre). Note that the
 * HTML user-agent style sheet gives every block (p, li, td) unicode-bidi:
 * isolate too: that makes it a paragraph of its own, it does not isolate the
 * number inside it.
 */
function bidiInPage() {
  const body = document.querySelector(".body");
  if (!body) return { missingBody: true };
  const PHONE = /\d{3} \d{3}/;
  const URL_RE = /(?:https?:\/\/|www\.)[^\s<>"]+/;
  const ISOLATING = new Set(["isolate", "isolate-override", "plaintext"]);
  const isolatingAncestor = (node) => {
    for (let el = node.parentElement; el && el !== body; el = el.parentElement) {
      const cs = getComputedStyle(el);
      if (cs.direction !== "ltr") continue;
      const inline = cs.display.startsWith("inline") || cs.display === "contents";
      if (!inline || ISOLATING.has(cs.unicodeBidi)) return el;
    }
    return null;
  };
  const unisolated = [];
  const isolated = new Set();
  const walker = document.createTreeWalker(body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const t = n.nodeValue;
    const hit = t.match(PHONE) || t.match(URL_RE);
    if (!hit) continue;
    const iso = isolatingAncestor(n);
    if (iso) isolated.add(iso);
    else unisolated.push(`"${hit[0]}" in <${n.parentElement.tagName.toLowerCase()}>: …${t.slice(Math.max(0, hit.index - 30), hit.index + hit[0].length + 30)}…`);
  }
  // Inside each isolated run, the digit groups of a phone number must read
  // left to right on screen: "116 117", never "117 116".
  const misordered = [];
  for (const el of isolated) {
    const textNode = [...el.childNodes].find((c) => c.nodeType === Node.TEXT_NODE && PHONE.test(c.nodeValue));
    if (!textNode) continue;
    const m = textNode.nodeValue.match(/(\d+) (\d+)/);
    const rectOf = (start, len) => { const r = document.createRange(); r.setStart(textNode, start); r.setEnd(textNode, start + len); return r.getBoundingClientRect(); };
    const a = rectOf(m.index, m[1].length), b = rectOf(m.index + m[1].length + 1, m[2].length);
    if (Math.abs(a.top - b.top) < 2 && !(a.left < b.left)) misordered.push(`"${m[0]}" shows as "${m[2]} ${m[1]}"`);
  }
  const text = body.textContent;
  return {
    misordered,
    hasLtrRuns: PHONE.test(text) || URL_RE.test(text),
    isolatedCount: isolated.size,
    isolatedSamples: [...isolated].slice(0, 3).map((e) => `<${e.tagName.toLowerCase()}${e.getAttribute("dir") ? " dir=" + e.getAttribute("dir") : ""}>${e.textContent}`),
    unisolated,
  };
}

// ---- helpers on the Node side ----------------------------------------------

function formatViolations(violations) {
  return violations.map((v) => {
    const nodes = v.nodes.slice(0, 5).map((n) => `      ${n.target.join(" ")}\n        ${(n.failureSummary || "").replace(/\n/g, "\n        ")}`).join("\n");
    return `  [${v.impact}] ${v.id}: ${v.help} (${v.nodes.length} element(s))\n    ${v.helpUrl}\n${nodes}`;
  }).join("\n");
}

/** axe-core's serious and critical violations, less the known issues (which are printed). */
async function runAxe(page, options) {
  if (!(await page.evaluate(() => !!window.axe))) await page.addScriptTag({ content: AXE_SOURCE });
  const result = await page.evaluate((opts) => window.axe.run(document, opts), options);
  const out = [];
  for (const v of result.violations) {
    if (v.impact !== "serious" && v.impact !== "critical") continue;
    const nodes = v.nodes.filter((n) => {
      const k = KNOWN.find((k) => k.rule === v.id && k.re.test(n.html));
      if (k) { k.seen++; console.log(`known issue, not failing: ${page.url().replace(baseUrl, "")} ${v.id} ${n.html} (${k.why})`); }
      return !k;
    });
    if (nodes.length) out.push({ ...v, nodes });
  }
  return out;
}

const idCache = new Map();
function idsOf(file) {
  if (!idCache.has(file)) {
    const html = readFileSync(file, "utf8");
    const ids = new Set();
    for (const m of html.matchAll(/\s(?:id|name)=(?:"([^"]*)"|'([^']*)'|([^\s"'>=`]+))/g)) ids.add(m[1] ?? m[2] ?? m[3]);
    idCache.set(file, ids);
  }
  return idCache.get(file);
}

/** The file a site path maps to, or null. */
function fileFor(path) {
  let p;
  try { p = decodeURIComponent(path); } catch { return null; }
  const f = join(SITE_DIR, p);
  if (!f.startsWith(SITE_DIR)) return null;
  if (p.endsWith("/")) return existsSync(join(f, "index.html")) ? join(f, "index.html") : null;
  return existsSync(f) ? f : null;
}

/** The site path ("/de/health/") of a served or public URL of this site, or null. */
function sitePath(href) {
  let u;
  try { u = new URL(href); } catch { return null; }
  const served = new URL(baseUrl + "/");
  if (u.origin === served.origin && u.pathname.startsWith(served.pathname)) return u.pathname.slice(served.pathname.length - 1);
  if (siteBase && u.origin === siteBase.origin && u.pathname.startsWith(PREFIX)) return u.pathname.slice(PREFIX.length - 1);
  return null;
}

/** Broken links: same-site <a href> and <link href> whose file or #id is missing. */
function brokenLinks(page, hrefs) {
  const broken = [];
  for (const href of hrefs) {
    let u;
    try { u = new URL(href); } catch { broken.push(`${href} (not a valid URL)`); continue; }
    const path = sitePath(href);
    if (path === null) continue;
    const hash = u.hash;
    const file = fileFor(path);
    if (!file) { broken.push(`${href} (no file for ${path})`); continue; }
    if (hash && hash.length > 1 && file.endsWith(".html")) {
      const id = decodeURIComponent(hash.slice(1));
      if (!idsOf(file).has(id)) broken.push(`${href} (no id "${id}" in ${path})`);
    }
  }
  return broken;
}

// Browser tabs are reused (one per concurrent test): opening a tab costs more
// than loading a page.
const idleTabs = [];

async function newTab() {
  const tab = { page: await context.newPage(), url: null, strip: false, problems: [] };
  const { page } = tab;
  page.on("pageerror", (e) => tab.problems.push(`script error: ${e.message}`));
  page.on("console", (m) => { if (m.type() === "error") tab.problems.push(`console error: ${m.text()}`); });
  page.on("requestfailed", (r) => { if (r.url().startsWith(baseUrl)) tab.problems.push(`request failed: ${r.url()} ${r.failure()?.errorText}`); });
  page.on("response", (r) => { if (r.status() >= 400 && r.url() !== baseUrl + tab.url) tab.problems.push(`HTTP ${r.status()}: ${r.url()}`); });
  await page.route("**/*", async (route) => {
    const u = route.request().url();
    if (tab.strip && u === baseUrl + tab.url) {
      const resp = await route.fetch();
      const body = (await resp.text())
        .replace(/<script\b(?![^>]*\bsrc=)[^>]*>[\s\S]*?<\/script>/gi, "")
        .replace(/<meta\b[^>]*http-equiv=["']?refresh[^>]*>/gi, "");
      return route.fulfill({ response: resp, body });
    }
    // A redirect to the site's public address (alias pages) goes to the local copy.
    if (siteBase && u.startsWith(siteBase.origin + PREFIX) && route.request().isNavigationRequest()) {
      const local = baseUrl + "/" + u.slice((siteBase.origin + PREFIX).length);
      return route.fulfill({ status: 302, headers: { location: local } });
    }
    if (u.startsWith(baseUrl) || u.startsWith("data:")) return route.continue();
    tab.problems.push(`off-site request blocked: ${u}`);
    return route.abort();
  });
  return tab;
}

/**
 * Loads a page of the site in a tab, collecting script errors, failed requests
 * and off-site requests in tab.problems. With stripInlineScripts, the page's
 * own inline <script>s and meta refresh are removed first (to check what a
 * redirecting page shows without its redirect).
 */
async function open(url, { stripInlineScripts = false } = {}) {
  const tab = idleTabs.pop() || (await newTab());
  await tab.page.goto("about:blank");
  await tab.page.emulateMedia({ colorScheme: "light" });
  tab.url = url;
  tab.strip = stripInlineScripts;
  tab.problems = [];
  const resp = await tab.page.goto(baseUrl + url, { waitUntil: "load" });
  tab.status = resp ? resp.status() : 0;
  return tab;
}

/** The checks every page gets: direction, overflow, axe, links, no errors. */
async function commonChecks(p, { page, problems }, expectedDir) {
  const dir = await page.evaluate(() => ({
    computed: getComputedStyle(document.documentElement).direction,
    attr: document.documentElement.getAttribute("dir"),
    lang: document.documentElement.getAttribute("lang"),
  }));
  assert.ok(dir.lang, `${p.url}: <html> has no lang`);
  assert.equal(dir.computed, expectedDir, `${p.url}: computed direction of <html> is ${dir.computed} (dir=${dir.attr}), expected ${expectedDir}`);

  const ov = await page.evaluate(overflowInPage);
  assert.ok(ov.scrollWidth <= ov.innerWidth,
    `${p.url}: horizontal overflow, scrollWidth ${ov.scrollWidth} > innerWidth ${ov.innerWidth}\n  ${ov.culprits.join("\n  ")}`);
  // The same with every <details> (the language menu) open.
  await page.evaluate(() => document.querySelectorAll("details").forEach((d) => { d.open = true; }));
  const ovOpen = await page.evaluate(overflowInPage);
  assert.ok(ovOpen.scrollWidth <= ovOpen.innerWidth,
    `${p.url}: horizontal overflow with the language menu open, scrollWidth ${ovOpen.scrollWidth} > ${ovOpen.innerWidth}\n  ${ovOpen.culprits.join("\n  ")}`);
  await page.evaluate(() => document.querySelectorAll("details").forEach((d) => { d.open = false; }));

  const violations = await runAxe(page);
  assert.equal(violations.length, 0, `${p.url}: axe-core found serious/critical violations:\n${formatViolations(violations)}`);
  // Dark colour scheme (the theme has one): contrast again.
  await page.emulateMedia({ colorScheme: "dark" });
  const dark = await runAxe(page, { runOnly: ["color-contrast"] });
  await page.emulateMedia({ colorScheme: "light" });
  assert.equal(dark.length, 0, `${p.url}: axe-core, dark colour scheme:\n${formatViolations(dark)}`);

  const hrefs = await page.evaluate(() => [
    ...[...document.querySelectorAll("a[href]")].map((a) => a.href),
    ...[...document.querySelectorAll("link[href]")].filter((l) => !/\b(canonical|alternate)\b/.test(l.rel) || l.type).map((l) => l.href),
    ...[...document.querySelectorAll("img[src]")].map((i) => i.src),
  ]);
  const broken = brokenLinks(page, hrefs);
  assert.deepEqual(broken, [], `${p.url}: broken links:\n  ${broken.join("\n  ")}`);
  assert.deepEqual(problems, [], `${p.url}: errors while loading:\n  ${problems.join("\n  ")}`);
}

/** Everything the suite checks on one page. */
async function checkPage(p) {
  let tab = await open(p.url);
  let ok = false;
  try {
    const { page } = tab;
    assert.equal(tab.status, 200, `${p.url}: HTTP ${tab.status}`);
    if (p.kind === "article" && shotOf.get(p.lang) === p.rel) {
      mkdirSync(SCREENSHOT_DIR, { recursive: true });
      await page.screenshot({ path: join(SCREENSHOT_DIR, `${p.lang}.png`) });
    }
    let expectedDir;
    if (p.kind === "home" || p.kind === "topic" || p.kind === "article") expectedDir = expectedDirection(p.lang);
    else {
      // Root chooser, 404, alias redirects, language-neutral pages: the direction
      // of their own lang. A page that sends the reader on (script or meta
      // refresh) must land on a page that exists; its own content is then
      // checked without the redirect.
      await page.waitForLoadState("load");
      const landed = page.url().split("#")[0];
      if (landed !== baseUrl + p.url) {
        const path = sitePath(landed);
        assert.ok(path && fileFor(path), `${p.url}: redirects to ${decodeURI(page.url())}, which does not exist`);
        const real = tab.problems.filter((x) => !/ERR_ABORTED/.test(x));
        assert.deepEqual(real, [], `${p.url}: errors while redirecting:\n  ${real.join("\n  ")}`);
        idleTabs.push(tab);
        tab = await open(p.url, { stripInlineScripts: true });
      }
      expectedDir = expectedDirection(p.htmlLang || "und");
    }
    await commonChecks(p, tab, expectedDir);

    if (p.kind === "article" && expectedDirection(p.lang) === "rtl") {
      const b = await tab.page.evaluate(bidiInPage);
      assert.ok(!b.missingBody, `${p.url}: no .body element`);
      assert.deepEqual(b.unisolated, [],
        `${p.url}: left-to-right runs (phone numbers, web addresses) not isolated in the right-to-left text:\n  ${b.unisolated.join("\n  ")}`);
      assert.deepEqual(b.misordered, [], `${p.url}: phone numbers shown in the wrong order:\n  ${b.misordered.join("\n  ")}`);
      if (b.hasLtrRuns) {
        assert.ok(b.isolatedCount > 0, `${p.url}: has phone numbers or web addresses but no isolating element around them`);
      }
    }
    ok = true;
  } finally {
    // A tab that saw a failure is not reused.
    if (ok) idleTabs.push(tab);
    else await tab.page.close();
  }
}

// ---- the suite ---------------------------------------------------------------

describe(`lotse site in Chromium at ${VIEWPORT.width}×${VIEWPORT.height} (${SITE_DIR})`, () => {
  before(async () => {
    if (process.env.SITE_URL) baseUrl = process.env.SITE_URL.replace(/\/+$/, "");
    else { server = await serve(SITE_DIR, PREFIX); baseUrl = server.url; }
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
    context = await browser.newContext({ viewport: VIEWPORT, deviceScaleFactor: 1, bypassCSP: true, serviceWorkers: "block" });
  });
  after(async () => {
    for (const k of KNOWN) if (!k.seen) console.log(`known issue "${k.rule}" ${k.html} was not seen on this site`);
    await browser?.close();
    await server?.close();
  });

  test("the site has languages, and articles in every language", () => {
    assert.ok(languages.length > 0, "no language folders found");
    const notArticles = layoutArticles.filter((rel) => !pages.some((p) => p.rel === rel && p.kind === "article"));
    assert.deepEqual(notArticles, [], "<lang>/<topic>/<article>/index.html pages without <html data-kind=article>");
    for (const lang of languages) {
      assert.ok(articles.some((a) => a.lang === lang), `no article pages in ${lang}`);
    }
  });

  // Two pages at a time (the machine has two cores); PAGE_CONCURRENCY=1 for one.
  describe("pages", { concurrency: Number(process.env.PAGE_CONCURRENCY || 2) }, () => {
    const only = process.env.PAGE_FILTER ? new RegExp(process.env.PAGE_FILTER) : null;
    for (const p of pages.filter((x) => !only || only.test(x.url))) test(`${p.kind} ${p.url}`, { timeout: 60_000 }, () => checkPage(p));
  });

  test("one screenshot per language", { skip: !!process.env.PAGE_FILTER && "PAGE_FILTER is set" }, () => {
    const missing = languages.filter((l) => !existsSync(join(SCREENSHOT_DIR, `${l}.png`)));
    assert.deepEqual(missing, [], `screenshots missing for ${missing.join(", ")}`);
    console.log(`screenshots (${[...shotOf.values()].join(", ")}) in ${SCREENSHOT_DIR}`);
  });
});
