// Tests of themes/default/static/search.js with node's test runner:
//   node --test tests/search-js/
// The cases and the index come from the Rust implementation (src/search/).
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const { readFileSync } = require("node:fs");
const { join } = require("node:path");
const js = require("../../themes/default/static/search.js");

const here = (f) => join(__dirname, f);
const cases = JSON.parse(readFileSync(here("cases.json"), "utf8"));
const fixture = JSON.parse(readFileSync(here("fixture.json"), "utf8"));
const ix = js.load(JSON.parse(fixture.index));

test("normalize, tokens and index tokens agree with normalize.rs", () => {
  assert.ok(cases.length > 40);
  for (const c of cases) {
    assert.equal(js.normalize(c.input), c.normalize, `normalize(${c.input})`);
    assert.deepEqual(js.tokens(c.input), c.tokens, `tokens(${c.input})`);
    assert.deepEqual(js.indexTokens(c.input), c.index, `indexTokens(${c.input})`);
  }
});

test("the index decodes as index.rs wrote it", () => {
  assert.deepEqual(ix.terms, fixture.decoded.map((t) => t[0]));
  fixture.decoded.forEach(([term, stop, hits], k) => {
    assert.equal(ix.post[k][0] == "!", stop, term);
    const got = js.postings(ix.post[k]).map((v) => [...ix.owner[Math.floor(v / 3)], v % 3]);
    assert.deepEqual(got, hits, term);
  });
});

const first = (q) => js.search(ix, q, 10)[0];

test("variant letters and missing diacritics find the page and its section", () => {
  const expect = [
    // Arabic: without hamza, alef maksura for yeh, without the article.
    ["تامين صحى", "/ar/health/insurance/"],
    // In the title, and in one heading only: that section.
    ["التأمين", "/ar/health/insurance/#types"],
    ["مجانيه", "/ar/health/insurance/#emergency"],
    ["112 مكالمه", "/ar/health/insurance/#emergency"],
    // Persian typed on an Arabic keyboard (ي ك), with and without ZWNJ.
    ["بيمه درماني", "/fa/health/insurance/"],
    ["پزشك كشيك", "/fa/health/insurance/#numbers"],
    ["ميخوانيد", "/fa/health/insurance/#numbers"],
    ["خوانيد", "/fa/health/insurance/#numbers"],
    ["۱۱۶ کشیک", "/fa/health/insurance/#numbers"],
    // Pashto ګ typed as گ, ې as ي.
    ["بيلگي", "/ps/work/"],
    ["کارفرما", "/ps/work/#help"],
    // Bulgarian, Romanian without diacritics, Russian ё.
    ["здравно осигуряване", "/bg/health/insurance/"],
    ["спешност", "/bg/health/insurance/#emergency"],
    ["asigurare sanatate", "/ro/health/insurance/"],
    ["sedinta", "/ro/health/insurance/#costs"],
    ["ședința", "/ro/health/insurance/#costs"],
    ["все страхование", "/ru/health/insurance/"],
    ["врач", "/ru/health/insurance/#doctor"],
    // German umlauts either way, cut inflections.
    ["Muenchen", "/de/health/insurance/#costs"],
    ["Ärztlichen", "/de/health/insurance/#emergency"],
    ["Köln", "/de/city/"],
    ["Krankenversicherungen", "/de/health/insurance/"],
  ];
  for (const [q, url] of expect) {
    const r = first(q);
    assert.ok(r, `no result for ${q}`);
    assert.equal(r.url, url, q);
  }
});

test("results carry the title and the heading of the matching section", () => {
  const r = first("Beiträge");
  assert.equal(r.title, "Krankenversicherung in Deutschland");
  assert.equal(r.heading, "Kosten");
  assert.equal(r.url, "/de/health/insurance/#costs");
});

test("the last word matches as a prefix while typing", () => {
  assert.equal(first("Bereitsch").url, "/de/health/insurance/#emergency");
  assert.equal(first("مهم").url, "/fa/health/insurance/#numbers");
  // The article is typed before enough letters follow it.
  assert.equal(first("التا").url, "/ar/health/insurance/");
  assert.equal(first("خدما").url, "/fa/health/insurance/#numbers");
});

test("title beats heading beats text; every word must match", () => {
  const r = js.search(ix, "116", 10).map((x) => x.url);
  assert.equal(r.length, 3);
  assert.deepEqual(js.search(ix, "Kosten Muenchen", 10).map((x) => x.url), ["/de/health/insurance/#costs"]);
  assert.deepEqual(js.search(ix, "Kosten Moskau", 10), []);
  assert.deepEqual(js.search(ix, "", 10), []);
  assert.deepEqual(js.search(ix, " ,; ", 10), []);
  // In the title of one page and the text of another: the title first.
  const b = js.search(ix, "Krankenversicherung", 10);
  assert.equal(b[0].url, "/de/health/insurance/");
});

test("one edit apart: a letter added, dropped, changed or two swapped", () => {
  for (const [a, b] of [["kosten", "kosten"], ["kosten", "kostn"], ["kosten", "kostten"], ["kosten", "kosxen"], ["kosten", "kostne"], ["کشیک", "کشک"]]) {
    assert.ok(js.edit1(a, b), `${a} ${b}`);
  }
  for (const [a, b] of [["kosten", "kost"], ["kosten", "okstne"], ["kosten", "kasxen"]]) assert.ok(!js.edit1(a, b), `${a} ${b}`);
});

test("a typo finds the page from five letters on, below exact matches", () => {
  assert.equal(first("Kostne").url, "/de/health/insurance/#costs");
  assert.equal(first("Notfsll").url, "/de/health/insurance/#emergency");
  // Six letters, one changed: found; four letters: no typos.
  assert.equal(first("Kisten").url, "/de/health/insurance/#costs");
  assert.deepEqual(js.search(ix, "Kist Beratung", 10), []);
});

test("as typed, then by stem", () => {
  // Page A has "kosten", page B "gekostet", whose stem "kost" is not its start.
  const small = js.load({ v: 2, max: 7, lang: "xx", docs: [["A", "/a/", "", ""], ["B", "/b/", "", ""]],
    terms: "Agekoste Akosten", post: "Z W", stems: "Akost", groups: "W" });
  assert.deepEqual([...small.stems], [["kost", [0]]]);
  small.stem = (w) => w.replace(/^ge/, "").slice(0, 4);
  assert.deepEqual(js.search(small, "kosten", 10).map((r) => r.url), ["/a/", "/b/"]);
  // B as typed; A starts with the stem.
  assert.deepEqual(js.search(small, "gekostet", 10).map((r) => r.url), ["/b/", "/a/"]);
  delete small.stem;
  assert.deepEqual(js.search(small, "kosten", 10).map((r) => r.url), ["/a/"]);
});

test("Persian and Pashto words typed joined find the words written apart", () => {
  const index = (lang) => js.load({ v: 2, max: 7, lang, docs: [["P", "/p/", "", ""]], terms: "Aپزشک Aکشيک", post: "W W" });
  assert.deepEqual(js.search(index("fa"), "پزشککشیک", 10).map((r) => r.url), ["/p/"]);
  assert.deepEqual(js.search(index("ps"), "پزشککشیک", 10).map((r) => r.url), ["/p/"]);
  // Other languages do not split words.
  assert.deepEqual(js.search(index("ar"), "پزشککشیک", 10), []);
});
