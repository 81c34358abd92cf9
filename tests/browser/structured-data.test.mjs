// Every fact check of a built site carries a ClaimReview that fact-check
// aggregators can read: the npm structured-data-testing-tool, offline, with
// its Google preset (the required fields of Google's former ClaimReview rich
// result) and the fields reviewers of fact checks use, warnings counted as
// failures. The number of fact checks is held against the sample's content/.
//
//   SITE_DIR=public node --test tests/browser/structured-data.test.mjs
// Env: CONTENT_DIR (default: content, the sample's) to count the fact checks in.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import sdtt from "structured-data-testing-tool";
import presets from "structured-data-testing-tool/presets.js";
import { builtSiteDir, discover } from "./lib.mjs";

const SITE_DIR = builtSiteDir();
const CONTENT_DIR = process.env.CONTENT_DIR || "content";
const { pages } = discover(SITE_DIR);
const factChecks = pages
  .filter((p) => p.kind === "article")
  .map((p) => ({ ...p, html: readFileSync(p.file, "utf8") }))
  .filter((p) => /class=["']?claim verdict-/.test(p.html));

/** Fact-check files (front matter with `claim:`, not drafts) under a content folder. */
function countFactChecks(dir) {
  let n = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) n += countFactChecks(p);
    else if (e.name.endsWith(".md") && e.name !== "_index.md") {
      const front = readFileSync(p, "utf8").split(/^---\s*$/m)[1] || "";
      if (/^claim:/m.test(front) && !/^draft:\s*true/m.test(front)) n += 1;
    }
  }
  return n;
}

const schema = "ClaimReview";
/** What reviewers of fact checks read beyond Google's required fields. */
const FactCheckFields = {
  name: "Fact-check fields",
  description: "ClaimReview fields that fact-check aggregators read",
  schema,
  tests: [
    { test: `${schema}[*]."@context"`, expect: "https://schema.org" },
    { test: `${schema}[*].reviewRating."@type"`, expect: "Rating" },
    { test: `${schema}[*].reviewRating.alternateName` },
    { test: `${schema}[*].author."@type"`, expect: "Organization" },
    { test: `${schema}[*].author.name` },
    { test: `${schema}[*].itemReviewed."@type"`, expect: "Claim" },
    { test: `${schema}[*].itemReviewed.datePublished` },
    { test: `${schema}[*].itemReviewed.appearance` },
    { test: `${schema}[*].itemReviewed.firstAppearance` },
  ],
};

/** The ClaimReview objects of a page. */
function claimReviews(html) {
  return [...html.matchAll(/<script type=["']?application\/ld\+json["']?>([^<]*)<\/script>/g)]
    .map((m) => JSON.parse(m[1]))
    .filter((d) => d["@type"] === schema);
}

test("the sample's fact checks are all built, each with one ClaimReview", () => {
  assert.ok(factChecks.length > 0, "no fact-check page found");
  if (existsSync(CONTENT_DIR)) {
    assert.equal(factChecks.length, countFactChecks(CONTENT_DIR), `fact checks in ${CONTENT_DIR}/ vs built pages`);
  }
  for (const p of factChecks) assert.equal(claimReviews(p.html).length, 1, p.rel);
});

for (const page of factChecks) {
  test(`ClaimReview passes the Google preset: ${page.rel}`, async () => {
    let result;
    try {
      result = await sdtt.structuredDataTest(page.html, {
        presets: [presets.Google, FactCheckFields],
        schemas: [`jsonld:${schema}`],
      });
    } catch (err) {
      if (err.type !== "VALIDATION_FAILED") throw err;
      result = err.res;
    }
    const describe = (t) => `${t.test}${t.expect !== undefined ? ` (expected ${t.expect})` : ""}`;
    assert.deepEqual(result.failed.map(describe), [], "failed tests");
    assert.deepEqual(result.warnings.map(describe), [], "warnings");
    // The tool names each test with the index of the schema it ran on.
    const ran = (field) => result.passed.some((t) => t.test === `${schema}[0].${field}`);
    for (const field of ["claimReviewed", "reviewRating", "url", "author", "datePublished", "itemReviewed"]) {
      assert.ok(ran(field), `the Google preset did not pass ${field}`);
    }
    assert.ok(ran("itemReviewed.appearance"), "the fact-check fields did not run");
  });
}

test("ClaimReview: one publisher, short claims, numbers only on the scale", () => {
  const publishers = new Set();
  for (const p of factChecks) {
    const [review] = claimReviews(p.html);
    publishers.add(review.author.name);
    assert.ok([...review.claimReviewed].length <= 75, `${p.rel}: claimReviewed is longer than 75 characters`);
    assert.ok(new URL(review.url).pathname.endsWith(p.url), `${p.rel}: url ${review.url}`);
    const r = review.reviewRating;
    const numbers = ["ratingValue", "bestRating", "worstRating"].filter((k) => k in r);
    assert.ok(numbers.length === 0 || numbers.length === 3, `${p.rel}: rating ${JSON.stringify(r)}`);
    for (const key of ["appearance", "firstAppearance"]) {
      const work = review.itemReviewed[key];
      assert.equal(work["@type"], "CreativeWork", `${p.rel}: ${key}`);
      assert.ok(work.url?.startsWith("https://") || work.name?.trim(), `${p.rel}: ${key} has no url or name`);
    }
  }
  assert.equal(publishers.size, 1, `one publisher name in every language, found ${[...publishers].join(", ")}`);
});
