// A site made by `lotse init`, in a real browser: search and offline reading
// work out of the box (new sites once came without search.js and sw.js).
//
//   lotse init /tmp/new && lotse --root /tmp/new build
//   INIT_SITE=1 SITE_DIR=/tmp/new/public node --test tests/browser/init.test.mjs
//
// Without INIT_SITE the file runs only on a site that has the init article.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { builtSiteDir, serveAndLaunch, sitePrefix, visitThenGoOffline } from "./lib.mjs";

const SITE_DIR = builtSiteDir();
const ARTICLE = "de/start/emergency";
const isInitSite = existsSync(join(SITE_DIR, ARTICLE, "index.html"));
const required = !!process.env.INIT_SITE;
const skip = !required && !isInitSite && "not a site made by lotse init";

test("the site is the one lotse init makes", { skip }, () => {
  assert.ok(isInitSite, `${ARTICLE}/index.html in ${SITE_DIR}`);
  for (const file of ["search.js", "sw.js", "de/search.json"]) {
    assert.ok(existsSync(join(SITE_DIR, file)), `${file} is written`);
  }
});

const run = skip ? null : serveAndLaunch(SITE_DIR);
const prefix = skip ? "/" : sitePrefix(SITE_DIR);

test("searching the German home page finds the emergency article", { skip, timeout: 60000 }, async () => {
  const context = await run.browser.newContext({ viewport: { width: 360, height: 740 } });
  const page = await context.newPage();
  await page.goto(`${run.server.url}/de/`);
  assert.equal(await page.locator("form.search").isVisible(), true, "the search box shows");
  await page.fill("form.search input", "notruf");
  const first = page.locator("form.search .results a").first();
  await first.waitFor({ timeout: 10000 });
  const href = await first.getAttribute("href");
  assert.ok(href.startsWith(`${prefix}${ARTICLE}/`), `first result ${href}`);
  await context.close();
});

test("a visited article opens without network", { skip, timeout: 60000 }, async () => {
  const { context, online, offline, note } = await visitThenGoOffline(run.browser, `${run.server.url}/${ARTICLE}/`);
  assert.equal(offline, online);
  assert.ok(note && note.length > 5, `offline note: ${note}`);
  await context.setOffline(false);
  await context.close();
});
