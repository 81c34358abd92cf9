// Runs the relevance test set (tests/data/relevance/<lang>.tsv) through
// search.js against a built site's indexes and prints, per language, how many
// queries find their page (and section) first and in the top 3:
//   node tests/search-js/relevance.js SITE_DIR
// The last line is `RESULT {"de":{"queries":n,"first":n,"top3":n},...}` for
// tests/relevance.rs, which checks the targets.
"use strict";
const { readFileSync, readdirSync, existsSync } = require("node:fs");
const { join } = require("node:path");
const js = require("../../themes/default/static/search.js");

const data = join(__dirname, "../data/relevance");
const theme = join(__dirname, "../../themes/default/static");

/// The lines of a language's test set: [{query, page, section, kind}].
function cases(lang) {
  return readFileSync(join(data, `${lang}.tsv`), "utf8").split("\n")
    .filter((l) => l.trim() && !l.startsWith("#"))
    .map((l) => {
      const [query, target, kind] = l.split("\t");
      const [page, section] = target.split("#");
      return { query, page, section: section || "", kind: kind || "" };
    });
}

/// The rank (1-based) of the first result that is the expected page (and
/// section), or 0.
function rank(lang, c, urls) {
  const i = urls.findIndex((u) => {
    const [path, id] = u.split("#");
    return path.endsWith(`/${lang}/${c.page}`) && (!c.section || id == c.section);
  });
  return i + 1;
}

/// Loads a language's index, with its stemmer when the theme has one.
function index(site, lang) {
  const ix = js.load(JSON.parse(readFileSync(join(site, lang, "search.json"), "utf8")));
  const stem = join(theme, `stem-${lang}.js`);
  if (ix.lang == lang && existsSync(stem)) ix.stem = require(stem).lotseStem;
  return ix;
}

function main() {
  const site = process.argv[2];
  if (!site) throw Error("usage: node relevance.js SITE_DIR");
  const langs = readdirSync(data).filter((f) => f.endsWith(".tsv")).map((f) => f.slice(0, -4)).sort();
  const result = {};
  const rows = ["| language | queries | first | top 3 |", "|---|---|---|---|"];
  const misses = [];
  for (const lang of langs) {
    const ix = index(site, lang);
    const r = { queries: 0, first: 0, top3: 0 };
    for (const c of cases(lang)) {
      const urls = js.search(ix, c.query, 10).map((x) => x.url);
      const at = rank(lang, c, urls);
      r.queries++;
      if (at == 1) r.first++;
      if (at >= 1 && at <= 3) r.top3++;
      if (at != 1) misses.push(`${lang}: ${c.query} (${c.kind}) → ${c.page}${c.section ? "#" + c.section : ""}: ${at ? "rank " + at : "not in the top 10"}; first: ${urls[0] || "nothing"}`);
    }
    result[lang] = r;
    rows.push(`| ${lang} | ${r.queries} | ${r.first} | ${r.top3} |`);
  }
  console.log(rows.join("\n"));
  if (misses.length) console.log("\nNot first:\n" + misses.join("\n"));
  console.log("RESULT " + JSON.stringify(result));
}

if (require.main === module) main();
module.exports = { cases, rank };
