// Tests of the pure parts of themes/default/static/sw.js: node --test tests/search-js/
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const sw = require("../../themes/default/static/sw.js");

test("the cache is named after the build hash in the script URL", () => {
  assert.equal(sw.cacheName("?v=1a2b3c4d"), "lotse-1a2b3c4d");
  assert.equal(sw.cacheName(""), "lotse-0");
});

test("attributes are read from minified and plain HTML", () => {
  assert.equal(sw.attr("<html data-kind=home dir=ltr lang=de><head>", "lang"), "de");
  assert.equal(sw.attr('<html lang="fa" dir="rtl">', "lang"), "fa");
  assert.equal(sw.attr("<link hreflang=en><html lang=ar>", "lang"), "ar");
  assert.equal(sw.attr(`<html data-offline='Offline, saved on {date}'>`, "data-offline"), "Offline, saved on {date}");
  assert.equal(sw.attr("<html>", "lang"), null);
});

const page = (attrs) => `<!doctype html><html ${attrs}><head><title>x</title></head><body><a class=skip href=#main>skip</a></body></html>`;

test("a saved page says offline and the date it was saved, in its language", () => {
  const de = sw.banner(page('lang=de data-offline="Offline – gespeichert am {date}"'), "2026-11-25T10:00:00.000Z");
  assert.match(de, /<body><p class="offline" role="status">Offline – gespeichert am 25\. November 2026<\/p><a class=skip/);
  const fa = sw.banner(page('lang=fa dir=rtl data-offline="آفلاین، ذخیره‌شده در {date}"'), "2026-11-25T10:00:00.000Z");
  assert.match(fa, /ذخیره‌شده در ۴ آذر ۱۴۰۵|ذخیره‌شده در .*۱۴۰۵/);
  // No text given: a neutral note; no <body> tag: at the start.
  assert.match(sw.banner("<p>x</p>", "2026-11-25T10:00:00.000Z"), /^<p class="offline" role="status">Offline: /);
  // Entities stay entities, no markup gets in.
  const tricky = sw.banner(page('lang=en data-offline="Saved &amp; offline {date}<script>"'), "bad date");
  const note = tricky.slice(tricky.indexOf("<body>"));
  assert.match(note, /^<body><p class="offline" role="status">Saved &amp; offline &lt;script><\/p>/);
  // An unknown language keeps the ISO date.
  assert.match(sw.banner(page("lang=x-bad-tag!"), "2026-11-25T10:00:00.000Z"), /Offline: (2026-11-25|.*2026)/);
});

test("only complete same-origin responses are kept, never the worker itself", () => {
  const res = (status, type, cc) => ({ status, type, headers: new Headers(cc ? { "cache-control": cc } : {}) });
  const o = "https://lotse.example.org";
  assert.ok(sw.keep(o + "/de/health/", res(200, "basic"), o));
  assert.ok(sw.keep(o + "/style.css?v=12", res(200, "basic"), o));
  assert.ok(!sw.keep("https://cdn.example.com/x.js", res(200, "basic"), o));
  assert.ok(!sw.keep(o + "/de/", res(206, "basic"), o));
  assert.ok(!sw.keep(o + "/de/", res(404, "basic"), o));
  assert.ok(!sw.keep(o + "/de/", res(200, "opaque"), o));
  assert.ok(!sw.keep(o + "/de/", res(200, "basic", "no-store"), o));
  assert.ok(!sw.keep(o + "/sw.js?v=1", res(200, "basic"), o));
});
