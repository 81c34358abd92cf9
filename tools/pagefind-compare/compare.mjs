#!/usr/bin/env node
// Compares lotse's search (search.js + one language's search.json) with
// Pagefind on the same built site: bytes fetched until the first result is
// shown, and which page comes first, for a few queries per script typed with
// variant letters or without diacritics.
//
//   cd tools/pagefind-compare && npm install          # Pagefind (binary inside the npm package)
//   node compare.mjs [SITE] [--json FILE]
//
// SITE is a built lotse site (default: built now from the repository into a
// temporary folder). The site is copied; Pagefind indexes the copy; lotse's
// search uses the <lang>/search.json files of the build.
// Queries run in headless Chromium (/usr/bin/chromium, playwright-core from
// the repository's node_modules). A fetched file counts with its gzip size
// (Pagefind's own files are compressed already: they count as they are).
import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { dirname, extname, join, normalize, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, "../..");

// [language, query, expected page (path under /<lang>/)]: variant letters,
// missing diacritics, other keyboard layouts.
export const QUERIES = [
  ["ar", "تامين صحى", "health/insurance/"],
  ["ar", "الاطباء المناوبين", "health/emergency/"],
  ["ar", "الحد الادنى للاجور", "work/minimum-wage/"],
  ["fa", "بيمه درماني", "health/insurance/"],
  ["fa", "پزشك كشيك", "health/emergency/"],
  ["fa", "حداقل دستمزد", "work/minimum-wage/"],
  ["ps", "روغتيايي بيمه", "health/insurance/"],
  ["ps", "ډاكټرانو خدمت", "health/emergency/"],
  ["ps", "مزد", "work/minimum-wage/"],
  ["bg", "здравно осигуряване", "health/insurance/"],
  ["bg", "дежурна лекарска", "health/emergency/"],
  ["ru", "медицинская страховка", "health/insurance/"],
  ["ru", "дежурная врачебная", "health/emergency/"],
  ["uk", "медичне страхування", "health/insurance/"],
  ["uk", "мінімальна зарплата", "work/minimum-wage/"],
  ["ro", "asigurarea de sanatate", "health/insurance/"],
  ["ro", "numere de urgenta", "health/emergency/"],
  ["pl", "placa minimalna", "work/minimum-wage/"],
  ["pl", "dyzur lekarski", "health/emergency/"],
  ["tr", "saglik sigortasi", "health/insurance/"],
  ["tr", "asgari ucret", "work/minimum-wage/"],
  ["de", "aerztlicher Bereitschaftsdienst", "health/emergency/"],
  ["de", "Krankenversicherung", "health/insurance/"],
  ["fr", "numeros d'urgence", "health/emergency/"],
  ["fr", "salaire minimum", "work/minimum-wage/"],
];

const TYPES = {
  ".html": "text/html; charset=utf-8", ".js": "text/javascript", ".mjs": "text/javascript",
  ".css": "text/css", ".json": "application/json", ".wasm": "application/wasm", ".svg": "image/svg+xml",
};

function serve(dir) {
  const server = createServer((req, res) => {
    let path = normalize(decodeURIComponent(new URL(req.url, "http://x").pathname));
    if (path.endsWith("/")) path += "index.html";
    const file = join(dir, path);
    if (!file.startsWith(dir) || !existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { "content-type": TYPES[extname(file)] || "application/octet-stream" });
    res.end(readFileSync(file));
  });
  return new Promise((ok) => server.listen(0, "127.0.0.1", () => ok(server)));
}

/** Bytes a file costs on the wire: gzip size, or its size if that is smaller. */
function wireBytes(dir, url) {
  let path = decodeURIComponent(new URL(url).pathname);
  if (path.endsWith("/")) path += "index.html";
  const raw = readFileSync(join(dir, path));
  return Math.min(raw.length, gzipSync(raw, { level: 9 }).length);
}

function htmlFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    return e.isDirectory() ? htmlFiles(p) : e.name.endsWith(".html") ? [p] : [];
  });
}

async function buildSite() {
  const out = join(mkdtempSync(join(tmpdir(), "lotse-compare-")), "public");
  execFileSync("cargo", ["run", "--release", "--quiet", "--", "build", "--output", out], { cwd: repo, stdio: "inherit" });
  return out;
}

async function main() {
  const args = process.argv.slice(2);
  const jsonAt = args.indexOf("--json");
  const jsonFile = jsonAt >= 0 ? args.splice(jsonAt, 2)[1] : null;
  const source = args[0] ? resolve(args[0]) : await buildSite();
  const site = join(mkdtempSync(join(tmpdir(), "lotse-compare-site-")), "site");
  cpSync(source, site, { recursive: true });
  const langs = readdirSync(site).filter((l) => existsSync(join(site, l, "index.html")) && /^[a-z]{2,3}(-[A-Za-z0-9]+)*$/.test(l));
  if (!langs.some((l) => existsSync(join(site, l, "search.json")))) {
    throw new Error(`${source} has no <lang>/search.json: build it with a lotse that writes search indexes`);
  }
  if (!existsSync(join(site, "search.js"))) cpSync(join(repo, "themes/default/static/search.js"), join(site, "search.js"));

  // Pagefind 1.6 indexes no page whose </head> is left out, as minified
  // HTML may do: put it back in the copy.
  let patched = 0;
  for (const file of htmlFiles(site)) {
    const html = readFileSync(file, "utf8");
    if (!html.includes("</head>") && html.includes("<body")) {
      writeFileSync(file, html.replace("<body", "</head><body"));
      patched++;
    }
  }
  if (patched) console.error(`added </head> to ${patched} pages for Pagefind`);

  const pagefind = await import("pagefind");
  const { index } = await pagefind.createIndex({});
  const added = await index.addDirectory({ path: site });
  await index.writeFiles({ outputPath: join(site, "pagefind") });
  await pagefind.close();

  const { chromium } = await import("playwright-core");
  const server = await serve(site);
  const base = `http://127.0.0.1:${server.address().port}`;
  const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox"] });
  const rows = [];
  try {
    for (const [lang, query, expected] of QUERIES) {
      if (!langs.includes(lang)) continue;
      rows.push({ lang, query, expected, lotse: await runLotse(browser, base, site, lang, query), pagefind: await runPagefind(browser, base, site, lang, query) });
    }
  } finally {
    await browser.close();
    server.close();
  }
  report(rows, added, site);
  if (jsonFile) writeFileSync(jsonFile, JSON.stringify(rows, null, 1));
}

async function withPage(browser, base, site, lang, fn) {
  const page = await browser.newPage();
  await page.goto(`${base}/${lang}/`);
  const fetched = [];
  page.on("requestfinished", (r) => fetched.push(r.url()));
  const result = await fn(page);
  await page.close();
  const files = [...new Set(fetched)];
  return { ...result, files: files.length, bytes: files.reduce((n, u) => n + wireBytes(site, u), 0) };
}

function runLotse(browser, base, site, lang, query) {
  return withPage(browser, base, site, lang, async (page) => {
    await page.evaluate((lang) => {
      document.body.insertAdjacentHTML("afterbegin",
        `<form class="search" role="search" data-index="/${lang}/search.json" data-script="/search.js" hidden><input type="search" name="q"><div class="results" aria-live="polite"></div></form>`);
    }, lang);
    await page.addScriptTag({ url: "/search.js" });
    await page.fill("form.search input[name=q]", query);
    await page.waitForSelector("form.search .results .status", { timeout: 10000 });
    return page.evaluate(() => {
      const links = [...document.querySelectorAll("form.search .results a")];
      return { count: links.length, first: links[0] ? new URL(links[0].href).pathname + new URL(links[0].href).hash : null };
    });
  });
}

function runPagefind(browser, base, site, lang, query) {
  return withPage(browser, base, site, lang, (page) => page.evaluate(async (query) => {
    const pf = await import("/pagefind/pagefind.js");
    const s = await pf.search(query);
    const first = s.results[0] ? await s.results[0].data() : null;
    let anchor = "";
    if (first && first.sub_results && first.sub_results[0]) anchor = first.sub_results[0].url;
    return { count: s.results.length, first: first ? new URL(anchor || first.url, location.href).pathname + new URL(anchor || first.url, location.href).hash : null };
  }, query));
}

function report(rows, added, site) {
  const kb = (n) => (n / 1024).toFixed(1);
  const hit = (r, e) => (r.first && r.first.split("#")[0].endsWith(e) ? "yes" : "no");
  console.log(`Pagefind indexed ${added.page_count} pages of ${site}\n`);
  console.log("| lang | query | expected | lotse first | lotse KB (files) | Pagefind first | Pagefind KB (files) |");
  console.log("|---|---|---|---|---|---|---|");
  for (const r of rows) {
    console.log(`| ${r.lang} | ${r.query} | ${r.expected} | ${hit(r.lotse, r.expected)} ${r.lotse.first || "–"} (${r.lotse.count}) | ${kb(r.lotse.bytes)} (${r.lotse.files}) | ${hit(r.pagefind, r.expected)} ${r.pagefind.first || "–"} (${r.pagefind.count}) | ${kb(r.pagefind.bytes)} (${r.pagefind.files}) |`);
  }
  const good = (k) => rows.filter((r) => hit(r[k], r.expected) == "yes").length;
  const avg = (k) => kb(rows.reduce((n, r) => n + r[k].bytes, 0) / rows.length);
  console.log(`\nexpected page first: lotse ${good("lotse")}/${rows.length}, Pagefind ${good("pagefind")}/${rows.length}`);
  console.log(`average KB until the first result: lotse ${avg("lotse")}, Pagefind ${avg("pagefind")}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
