// The service worker in headless Chromium on a tiny site: a visited page and
// the pages the page asked to save open with the network off, with the
// offline note; with the network on, the fresh page is shown.
//   node --test tests/search-js/offline.browser.test.mjs
// Skipped when /usr/bin/chromium or playwright-core is missing.
import test from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { createServer } from "node:http";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "../..");
const CHROMIUM = "/usr/bin/chromium";
let chromium = null;
try {
  ({ chromium } = await import("playwright-core"));
} catch (e) { /* skipped below */ }

let version = 1, build = "abc";
const page = (lang, title) => `<!doctype html><html lang=${lang} data-offline="Offline – gespeichert am {date}"><head><meta charset=utf-8><title>${title}</title></head><body><h1>${title} v${version}</h1>
<script>navigator.serviceWorker.register("/sw.js?v=${build}").then(() => navigator.serviceWorker.ready).then((r) => {
  r.active.postMessage({ type: "lotse-precache", urls: ["/${lang}/", "/${lang}/health/"] }); document.title += " ready"; });</script></body></html>`;
const site = {
  "/de/": () => page("de", "Start"),
  "/de/health/": () => page("de", "Gesundheit"),
  "/de/health/insurance/": () => page("de", "Krankenversicherung"),
  "/ar/": () => page("ar", "البداية"),
  "/sw.js": () => readFileSync(join(root, "themes/default/static/sw.js"), "utf8"),
};

test("visited and saved pages open offline, with the date they were saved", { skip: !chromium || !existsSync(CHROMIUM) }, async () => {
  const server = createServer((req, res) => {
    const path = new URL(req.url, "http://x").pathname;
    const body = site[path];
    if (!body) return res.writeHead(404).end();
    res.writeHead(200, { "content-type": path.endsWith(".js") ? "text/javascript" : "text/html; charset=utf-8" });
    res.end(body());
  });
  await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
  const base = `http://127.0.0.1:${server.address().port}`;
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox"] });
  try {
    const context = await browser.newContext();
    const tab = await context.newPage();
    await tab.goto(base + "/de/health/insurance/");
    await tab.waitForFunction(() => document.title.endsWith("ready"));
    // The worker saves the home and topic page and this page in the background.
    const cached = async () => tab.evaluate(async () => {
      const names = await caches.keys();
      const c = await caches.open(names[0]);
      return { names, urls: (await c.keys()).map((r) => new URL(r.url).pathname).sort() };
    });
    let state;
    for (let i = 0; i < 50; i++) {
      state = await cached();
      if (state.urls.length >= 3) break;
      await new Promise((ok) => setTimeout(ok, 100));
    }
    assert.deepEqual(state.names, ["lotse-abc"]);
    assert.deepEqual(state.urls, ["/de/", "/de/health/", "/de/health/insurance/"]);

    // Network on: always the fresh page.
    version = 2;
    await tab.goto(base + "/de/health/");
    assert.equal(await tab.textContent("h1"), "Gesundheit v2");
    assert.equal(await tab.$("p.offline"), null);

    // Network off: the saved copies, with the note.
    await context.setOffline(true);
    for (const [path, title] of [["/de/health/insurance/", "Krankenversicherung"], ["/de/", "Start"], ["/de/health/", "Gesundheit"]]) {
      await tab.goto(base + path);
      assert.match(await tab.textContent("h1"), new RegExp(title));
      assert.match(await tab.textContent("p.offline"), /^Offline – gespeichert am \d+\. \S+ \d{4}$/);
    }
    // Another language was never visited: not saved.
    await assert.rejects(tab.goto(base + "/ar/"));

    // A new build: the new worker takes over, keeps the saved pages, drops the old cache.
    await context.setOffline(false);
    build = "def";
    await tab.goto(base + "/de/health/");
    await tab.waitForFunction(() => document.title.endsWith("ready"));
    for (let i = 1; i <= 150; i++) {
      state = await cached();
      if (state.names.length == 1 && state.names[0] == "lotse-def") break;
      await new Promise((ok) => setTimeout(ok, 100));
      if (i % 30 == 0) await tab.reload(); // as a reader would, should the old worker be busy
    }
    assert.deepEqual(state.names, ["lotse-def"]);
    assert.deepEqual(state.urls, ["/de/", "/de/health/", "/de/health/insurance/"]);
  } finally {
    await browser.close();
    server.close();
  }
});
