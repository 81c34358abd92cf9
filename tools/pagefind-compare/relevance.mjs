#!/usr/bin/env node
// The relevance test set (tests/data/relevance/<lang>.tsv) through lotse and
// through Pagefind on the same built site: per language, how many queries
// find their page (and section) first and in the top 3. Prints the table of
// docs/search.md.
//
//   cd tools/pagefind-compare && npm install
//   node relevance.mjs SITE          # SITE: a site built by lotse
//
// lotse runs search.js with the language's stemmer in node, as
// tests/search-js/relevance.js does. Pagefind indexes a copy of the site (with
// `</head>` put back, see compare.mjs) and is queried through its own
// JavaScript in headless Chromium, on the language's home page so that it
// picks that language's index; a result is a page and its sub-result with the
// most matches (the section it would link to).
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { dirname, extname, join, normalize, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, "../..");
const require = createRequire(import.meta.url);
const relevance = require(join(repo, "tests/search-js/relevance.js"));
const js = require(join(repo, "themes/default/static/search.js"));

const TYPES = { ".html": "text/html; charset=utf-8", ".js": "text/javascript", ".css": "text/css", ".json": "application/json", ".wasm": "application/wasm" };

function serve(dir) {
  const server = createServer((req, res) => {
    let path = normalize(decodeURIComponent(new URL(req.url, "http://x").pathname));
    if (path.endsWith("/")) path += "index.html";
    const file = join(dir, path);
    if (!file.startsWith(dir) || !existsSync(file)) return void res.writeHead(404).end();
    res.writeHead(200, { "content-type": TYPES[extname(file)] || "application/octet-stream" });
    res.end(readFileSync(file));
  });
  return new Promise((ok) => server.listen(0, "127.0.0.1", () => ok(server)));
}

function htmlFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    return e.isDirectory() ? htmlFiles(p) : e.name.endsWith(".html") ? [p] : [];
  });
}

function lotseUrls(site, lang, query) {
  const ix = js.load(JSON.parse(readFileSync(join(site, lang, "search.json"), "utf8")));
  const stem = join(repo, "themes/default/static", `stem-${lang}.js`);
  if (ix.lang == lang && existsSync(stem)) ix.stem = require(stem).lotseStem;
  return js.search(ix, query, 10).map((r) => r.url);
}

async function main() {
  const source = resolve(process.argv[2] || "");
  if (!existsSync(join(source, "index.html"))) throw new Error("usage: node relevance.mjs SITE (a built lotse site)");
  const site = join(mkdtempSync(join(tmpdir(), "lotse-relevance-")), "site");
  cpSync(source, site, { recursive: true });
  for (const file of htmlFiles(site)) {
    const html = readFileSync(file, "utf8");
    if (!html.includes("</head>") && html.includes("<body")) writeFileSync(file, html.replace("<body", "</head><body"));
  }
  const pagefind = await import("pagefind");
  const { index } = await pagefind.createIndex({});
  await index.addDirectory({ path: site });
  await index.writeFiles({ outputPath: join(site, "pagefind") });
  await pagefind.close();

  const { chromium } = require(join(repo, "node_modules/playwright-core"));
  const server = await serve(site);
  const base = `http://127.0.0.1:${server.address().port}`;
  const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox"] });
  const langs = readdirSync(join(repo, "tests/data/relevance")).filter((f) => f.endsWith(".tsv")).map((f) => f.slice(0, -4)).sort();
  const rows = ["| language | queries | lotse first | lotse top 3 | Pagefind first | Pagefind top 3 |", "|---|---|---|---|---|---|"];
  const misses = [];
  const total = { q: 0, lf: 0, l3: 0, pf: 0, p3: 0 };
  try {
    for (const lang of langs) {
      const page = await browser.newPage();
      await page.goto(`${base}/${lang}/`);
      const r = { q: 0, lf: 0, l3: 0, pf: 0, p3: 0 };
      for (const c of relevance.cases(lang)) {
        const lotse = relevance.rank(lang, c, lotseUrls(site, lang, c.query));
        const urls = await page.evaluate(async ([query, lang]) => {
          const pf = await import("/pagefind/pagefind.js");
          const s = await pf.search(query);
          const out = [];
          for (const x of s.results.slice(0, 10)) {
            const d = await x.data();
            // The section with the most matches (the first of equals).
            let sub = d.url, most = 0;
            for (const r of d.sub_results || []) if ((r.locations || []).length > most) { most = r.locations.length; sub = r.url; }
            const u = new URL(sub, location.href);
            // Pages of the default language are also served without its prefix.
            out.push((u.pathname.startsWith(`/${lang}/`) ? u.pathname : `/${lang}${u.pathname}`) + u.hash);
          }
          return out;
        }, [c.query, lang]);
        const pf = relevance.rank(lang, c, urls);
        r.q++;
        r.lf += lotse == 1; r.l3 += lotse >= 1 && lotse <= 3;
        r.pf += pf == 1; r.p3 += pf >= 1 && pf <= 3;
        if (pf != 1) misses.push(`${lang}: ${c.query} (${c.kind}): Pagefind ${pf ? "rank " + pf : "not in the top 10"}, first ${urls[0] || "nothing"}`);
      }
      await page.close();
      for (const k in total) total[k] += r[k];
      rows.push(`| ${lang} | ${r.q} | ${r.lf} | ${r.l3} | ${r.pf} | ${r.p3} |`);
    }
  } finally {
    await browser.close();
    server.close();
  }
  rows.push(`| all | ${total.q} | ${total.lf} | ${total.l3} | ${total.pf} | ${total.p3} |`);
  console.log(rows.join("\n"));
  console.log("\nPagefind, not first:\n" + misses.join("\n"));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
