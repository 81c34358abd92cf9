// The stemmers of the browser (themes/default/static/stem-<lang>.js) give the
// stems of src/search/stem.rs for the words of tests/data/stems/<lang>.tsv.
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const { readFileSync, readdirSync } = require("node:fs");
const { join } = require("node:path");

const dir = join(__dirname, "../data/stems");
const static_ = join(__dirname, "../../themes/default/static");
const langs = readdirSync(dir).filter((f) => f.endsWith(".tsv")).map((f) => f.slice(0, -4));

test("every stemmed language has its cases", () => {
  assert.deepEqual(langs.sort(), "ar bg de en fa fr pl ps ro ru tr uk".split(" "));
});

for (const lang of langs) {
  test(`stem-${lang}.js agrees with stem.rs`, () => {
    const { lotseStem } = require(join(static_, `stem-${lang}.js`));
    const lines = readFileSync(join(dir, `${lang}.tsv`), "utf8").trim().split("\n");
    assert.ok(lines.length >= 200, `${lang}: ${lines.length} words`);
    const wrong = lines.map((l) => l.split("\t")).filter(([w, s]) => lotseStem(w) != s)
      .map(([w, s]) => `${w}: ${lotseStem(w)} (Rust: ${s})`);
    assert.deepEqual(wrong, [], lang);
  });
}
