// Helpers for the browser suite: find the pages of a built lotse site, serve
// the folder on 127.0.0.1, and start Debian's Chromium through playwright-core.
import { createServer } from "node:http";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { createReadStream } from "node:fs";
import { extname, join, normalize, relative, resolve, sep } from "node:path";
import { after, before } from "node:test";
import { chromium } from "playwright-core";

/** Languages written right to left (BCP 47 primary subtags), as lotse decides. */
const RTL = new Set(["ar", "arc", "ckb", "dv", "fa", "he", "iw", "ks", "ku-arab", "ps", "sd", "ug", "ur", "yi"]);

export function expectedDirection(lang) {
  const l = lang.toLowerCase();
  if (/-(arab|hebr|thaa|syrc|nkoo|adlm|rohg)\b/.test(l)) return "rtl";
  return RTL.has(l.split("-")[0]) ? "rtl" : "ltr";
}

function htmlAttrs(file) {
  const head = readFileSync(file, "utf8").slice(0, 3000);
  const tag = (head.match(/<html\b[^>]*>/i) || [""])[0];
  const attr = (name) => {
    const m = tag.match(new RegExp(`\\s${name}=(?:"([^"]*)"|'([^']*)'|([^\\s"'>]+))`, "i"));
    return m ? (m[1] ?? m[2] ?? m[3]) : null;
  };
  return {
    lang: attr("lang"),
    kind: attr("data-kind"),
    redirect: /<meta\b[^>]*http-equiv=["']?refresh/i.test(head),
  };
}

function subdirs(dir) {
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && !e.name.startsWith("."))
    .map((e) => e.name)
    .sort();
}

function allHtml(dir) {
  const out = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...allHtml(p));
    else if (e.name.endsWith(".html")) out.push(p);
  }
  return out;
}

/**
 * The pages of a built site. A top-level folder is a language when its
 * index.html is a home page (`<html data-kind=home lang=...>` with the folder's
 * name). A page's kind is its `data-kind` (root, home, topic, article, 404);
 * pages without one (alias redirects, language-neutral pages) are "other".
 * `layoutArticles` are the `<lang>/<topic>/<article>/index.html` files that are
 * not redirects: every one of them must be an article page.
 */
export function discover(siteDir) {
  const languages = subdirs(siteDir).filter((name) => {
    const home = join(siteDir, name, "index.html");
    return existsSync(home) && htmlAttrs(home).lang === name;
  });
  const pages = [];
  const layoutArticles = [];
  for (const file of allHtml(siteDir).sort()) {
    const rel = relative(siteDir, file).split(sep).join("/");
    const url = "/" + rel.replace(/(^|\/)index\.html$/, "$1");
    const parts = rel.split("/");
    const lang = languages.includes(parts[0]) ? parts[0] : null;
    const a = htmlAttrs(file);
    if (lang && parts.length === 4 && parts[3] === "index.html" && !a.redirect) layoutArticles.push(rel);
    pages.push({ kind: a.kind || "other", lang, htmlLang: a.lang, file, rel, url });
  }
  return { languages, pages, layoutArticles };
}

const TYPES = {
  ".html": "text/html; charset=utf-8", ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8", ".svg": "image/svg+xml", ".png": "image/png",
  ".xml": "application/xml; charset=utf-8", ".txt": "text/plain; charset=utf-8",
  ".json": "application/json", ".webmanifest": "application/manifest+json",
};

/**
 * A static file server for `dir` on 127.0.0.1 and a free port, under the URL
 * path `prefix` (the path of the site's base_url, "/" or "/kb/").
 * Resolves to { url, close }; url has no trailing slash.
 */
export function serve(dir, prefix = "/") {
  const root = normalize(dir);
  const server = createServer((req, res) => {
    let path;
    try { path = decodeURIComponent(new URL(req.url, "http://x").pathname); } catch { res.writeHead(400).end(); return; }
    if (!path.startsWith(prefix)) { res.writeHead(404).end(); return; }
    let file = normalize(join(root, path.slice(prefix.length - 1)));
    if (file !== root && !file.startsWith(root + sep)) { res.writeHead(403).end(); return; }
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, "index.html");
    if (!existsSync(file)) {
      res.writeHead(404, { "content-type": TYPES[".html"] });
      const nf = join(root, "404.html");
      res.end(existsSync(nf) ? readFileSync(nf) : "not found");
      return;
    }
    res.writeHead(200, { "content-type": TYPES[extname(file)] || "application/octet-stream" });
    createReadStream(file).pipe(res);
  });
  return new Promise((resolve, reject) => {
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      resolve({ url: `http://127.0.0.1:${port}${prefix.replace(/\/$/, "")}`, close: () => new Promise((r) => server.close(r)) });
    });
  });
}

export const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";
export const CHROMIUM_ARGS = [
  "--no-sandbox", "--disable-gpu", "--disable-background-networking",
  "--disable-component-update", "--no-first-run", "--disable-sync",
];

/** The URL path of a built site's base_url ("/" or "/kb/"), from its root page's canonical link. */
export function sitePrefix(siteDir) {
  const html = readFileSync(join(siteDir, "index.html"), "utf8");
  const m = html.match(/<link\b[^>]*rel=["']?canonical[^>]*>/i) || [""];
  const href = (m[0].match(/href=["']?([^"'\s>]+)/) || [])[1];
  return href ? new URL(href).pathname : "/";
}

/** The built site that SITE_DIR names; throws with what to set when there is none. */
export function builtSiteDir() {
  const dir = process.env.SITE_DIR ? resolve(process.env.SITE_DIR) : null;
  if (!dir || !existsSync(join(dir, "index.html"))) {
    throw new Error("set SITE_DIR to a built lotse site (a folder with index.html)");
  }
  return dir;
}

/**
 * Serves the site and starts Chromium before the tests of a file, and stops
 * both after them. Returns { browser, server }, filled in once started.
 */
export function serveAndLaunch(siteDir) {
  const run = { browser: null, server: null };
  before(async () => {
    run.server = await serve(siteDir, sitePrefix(siteDir));
    run.browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  });
  after(async () => {
    await run.browser?.close();
    await run.server?.close();
  });
  return run;
}

/**
 * Opens `url` in a new phone-sized context until the service worker controls
 * it, then reloads it offline. Returns the context (still offline), the page,
 * the heading seen online, and the heading and offline note seen offline.
 */
export async function visitThenGoOffline(browser, url) {
  const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
  const page = await context.newPage();
  await page.goto(url);
  await page.evaluate(() => navigator.serviceWorker.ready);
  // Once the worker controls the page, this visit is stored.
  await page.reload();
  await page.waitForFunction(() => !!navigator.serviceWorker.controller);
  await page.reload();
  const online = await page.locator("h1").textContent();
  await context.setOffline(true);
  await page.reload();
  const offline = await page.locator("h1").textContent();
  const note = await page.locator("p.offline").textContent();
  return { context, page, online, offline, note };
}

