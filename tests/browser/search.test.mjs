// Search in the reader's own script, and pages that stay readable offline,
// in a real browser on the built site.
//
//   SITE_DIR=public node --test tests/browser/search.test.mjs
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { builtSiteDir, serveAndLaunch, sitePrefix, visitThenGoOffline } from "./lib.mjs";

const SITE_DIR = builtSiteDir();
const prefix = sitePrefix(SITE_DIR);

// Queries typed the way readers type: other letter forms, no diacritics,
// an Arabic keyboard for Persian and Pashto, a word cut short.
const CASES = [
  { lang: "ar", query: "اعانه الاطفال", expect: "family/child-benefit", why: "alef without hamza, ه for ة" },
  { lang: "ar", query: "التامين الصحي", expect: "health/insurance", why: "أ typed as ا" },
  { lang: "fa", query: "كمكهزينه فرزند", expect: "family/child-benefit", why: "Arabic ك and ي, no ZWNJ" },
  { lang: "fa", query: "بيمه درماني", expect: "health/insurance", why: "Arabic ي for ی" },
  { lang: "ps", query: "ماشومانو پيسي", expect: "family/child-benefit", why: "ي for ې" },
  { lang: "ps", query: "روغتيايي بيمه", expect: "health/insurance", why: "Arabic ي for ی" },
  { lang: "bg", query: "здравн", expect: "health/insurance", why: "prefix while typing" },
  { lang: "bg", query: "ДЕТСКИ НАДБАВКИ", expect: "family/child-benefit", why: "capitals" },
  { lang: "ro", query: "asigurarea de sanatate", expect: "health/insurance", why: "no diacritics" },
  { lang: "ro", query: "alocatia pentru copii", expect: "family/child-benefit", why: "ț typed as t" },
  // Inflected and joined forms (stems) and typos.
  { lang: "ar", query: "والتأمين الصحي", expect: "health/insurance", why: "joined و, stem" },
  { lang: "ar", query: "الاطباء المناوبون", expect: "health/emergency", why: "suffix ون for ين, stem" },
  { lang: "ar", query: "التامبن الصحي", expect: "health/insurance", why: "typo" },
  { lang: "fa", query: "پزشکان کشیک", expect: "health/emergency", why: "plural ان, stem" },
  { lang: "fa", query: "دستمذد", expect: "work/minimum-wage", why: "typo" },
  { lang: "ps", query: "دماشومانو پیسې", expect: "family/child-benefit", why: "joined د, stem" },
  { lang: "ps", query: "روغتیاي بیمه", expect: "health/insurance", why: "letter missing" },
  { lang: "ru", query: "медицинской страховки", expect: "health/insurance", why: "inflected, Snowball stem" },
  { lang: "ru", query: "медецинская страховка", expect: "health/insurance", why: "typo" },
  { lang: "de", query: "Kinderzuschlags", expect: "family/child-benefit", why: "inflected, Snowball stem" },
  { lang: "de", query: "kidnergeld", expect: "family/child-benefit", why: "typo" },
];

const present = (c) => existsSync(join(SITE_DIR, c.lang, c.expect, "index.html")) && existsSync(join(SITE_DIR, c.lang, "search.json"));

const run = serveAndLaunch(SITE_DIR);

for (const c of CASES) {
  test(`${c.lang}: "${c.query}" finds ${c.expect} (${c.why})`, { skip: !present(c) && "not in this site" }, async (t) => {
    const context = await run.browser.newContext({ viewport: { width: 360, height: 740 } });
    const page = await context.newPage();
    await page.goto(`${run.server.url}/${c.lang}/`);
    // The time from the last keystroke to the results, once the index is there.
    await page.evaluate(() => {
      window.lotseTimes = { input: 0, shown: [] };
      document.addEventListener("input", () => { window.lotseTimes.input = performance.now(); }, true);
      new MutationObserver(() => window.lotseTimes.shown.push(performance.now()))
        .observe(document.querySelector("form.search .results"), { childList: true });
    });
    await page.fill("form.search input", c.query.slice(0, -1));
    await page.locator("form.search .results .status").waitFor({ timeout: 10000 });
    await page.keyboard.type(c.query.slice(-1));
    const first = page.locator("form.search .results a").first();
    await page.waitForFunction(() => window.lotseTimes.shown.some((t) => t > window.lotseTimes.input));
    await first.waitFor({ timeout: 10000 });
    const href = await first.getAttribute("href");
    const ms = await page.evaluate(() => window.lotseTimes.shown.find((t) => t > window.lotseTimes.input) - window.lotseTimes.input);
    t.diagnostic(`results ${ms.toFixed(1)} ms after the last keystroke`);
    assert.ok(href.startsWith(`${prefix}${c.lang}/${c.expect}/`), `first result ${href}`);
    await context.close();
  });
}

test("the stemmer of the page's language loads with the search, not before", async () => {
  const context = await run.browser.newContext({ viewport: { width: 360, height: 740 } });
  const page = await context.newPage();
  const fetched = [];
  page.on("request", (r) => fetched.push(new URL(r.url()).pathname));
  await page.goto(`${run.server.url}/ps/`);
  await page.waitForLoadState("networkidle");
  assert.ok(!fetched.some((p) => p.includes("stem-")), fetched.join(" "));
  await page.fill("form.search input", "دماشومانو");
  await page.locator("form.search .results a").first().waitFor({ timeout: 10000 });
  assert.deepEqual(fetched.filter((p) => p.includes("stem-")), [`${prefix}stem-ps.js`]);
  await context.close();
});

test("a plain page view loads neither the search script nor an index", async () => {
  const context = await run.browser.newContext({ viewport: { width: 360, height: 740 } });
  const page = await context.newPage();
  const fetched = [];
  page.on("request", (r) => fetched.push(new URL(r.url()).pathname));
  await page.goto(`${run.server.url}/de/`);
  await page.waitForLoadState("networkidle");
  assert.ok(!fetched.some((p) => p.endsWith("search.js") || p.endsWith("search.json") || p.includes("stem-")), fetched.join(" "));
  assert.equal(await page.locator("form.search").isVisible(), true, "the search box shows with JavaScript");
  await context.close();
});

test("without JavaScript the search box is a link to the topics", async () => {
  const context = await run.browser.newContext({ viewport: { width: 360, height: 740 }, javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(`${run.server.url}/de/`);
  assert.equal(await page.locator("form.search").isVisible(), false);
  const link = page.locator(".search-fallback");
  assert.equal(await link.isVisible(), true);
  assert.equal(await link.getAttribute("href"), `${prefix}de/#topics`);
  await context.close();
});

const offlineArticle = ["de/health/emergency", "de/health/insurance"].find((p) => existsSync(join(SITE_DIR, p, "index.html")));

test("a visited page opens without network, saying when it was saved", { skip: !offlineArticle && "no article to visit" }, async () => {
  const { context, page, online, offline, note } = await visitThenGoOffline(run.browser, `${run.server.url}/${offlineArticle}/`);
  assert.equal(offline, online);
  assert.ok(note && note.length > 5, `offline note: ${note}`);
  // The language's home page was saved too, without being visited.
  await page.goto(`${run.server.url}/de/`);
  assert.ok(await page.locator("h1").count(), "home page opens offline");
  await context.setOffline(false);
  await context.close();
});
