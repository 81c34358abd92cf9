// Read aloud in a real browser on the built site, with a stubbed speech
// engine: the button shows only with a voice for the page's language, the
// player reads the sections in order and skips what is not the article,
// the highlight follows, pause resumes at the start of the section (as on
// Android, where pause is cancel), stop ends; axe stays clean while reading.
//
//   SITE_DIR=public node --test tests/browser/speak.test.mjs
//
// SCREENSHOT_DIR  where the read-aloud screenshots go (default: a temp dir)
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdirSync, mkdtempSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { builtSiteDir, expectedDirection, serveAndLaunch } from "./lib.mjs";

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const SITE_DIR = builtSiteDir();
const SCREENSHOT_DIR = process.env.SCREENSHOT_DIR || mkdtempSync(join(tmpdir(), "lotse-shots-"));
const VIEWPORT = { width: 360, height: 740 };
const ARTICLE = "health/insurance";
const has = (lang, article = ARTICLE) => existsSync(join(SITE_DIR, lang, article, "index.html"));
// The phone has an Arabic, a Persian, a Russian and a Romanian voice (the
// latter written the way older Android versions write it), none for Pashto.
const VOICES = [
  { name: "Arabic (Saudi Arabia)", lang: "ar-SA" },
  { name: "فارسی", lang: "fa-IR" },
  { name: "Русский", lang: "ru-RU" },
  { name: "Română", lang: "ro_RO" },
  { name: "English (US)", lang: "en-US" },
];

/**
 * The stubbed engine, run in the page before its scripts. Voices arrive
 * late (after `voiceschanged`, as on Chrome). Every utterance is recorded
 * with the section highlighted while it is spoken; it ends by itself after
 * a moment, or, in manual mode, when the test calls `__speech.finish()`.
 */
function stub(voices) {
  let loaded = false, speaking = null;
  const queue = [];
  const fire = (u, type, extra) => {
    const e = Object.assign(new Event(type), extra);
    u.dispatchEvent(e);
    if (u["on" + type]) u["on" + type](e);
  };
  const speech = {
    spoken: [], cancels: 0, manual: false, announced: false,
    get speaking() { return speaking ? speaking.text : null; },
    finish() {
      const u = speaking;
      if (!u) return false;
      speaking = null;
      setTimeout(() => { fire(u, "end"); next(); }, 0);
      return true;
    },
  };
  function next() {
    if (speaking || !queue.length) return;
    const u = speaking = queue.shift();
    const current = document.querySelector("[aria-current=true]");
    speech.spoken.push({
      text: u.text, lang: u.lang, voice: u.voice ? u.voice.name : null,
      section: current ? current.id || current.tagName : null,
      highlighted: [...document.querySelectorAll(".speaking")].length,
    });
    setTimeout(() => {
      fire(u, "start");
      if (!speech.manual) setTimeout(() => { if (speaking === u) speech.finish(); }, 2);
    }, 0);
  }
  class Utterance extends EventTarget {
    constructor(text) { super(); Object.assign(this, { text, lang: "", voice: null, onend: null, onerror: null, onstart: null }); }
  }
  const synth = new EventTarget();
  Object.assign(synth, {
    pending: false, paused: false, onvoiceschanged: null,
    getVoices: () => (loaded ? voices.map((v) => ({ ...v, voiceURI: v.name, default: false, localService: true })) : []),
    speak(u) { queue.push(u); next(); },
    cancel() {
      speech.cancels++;
      const dropped = queue.splice(0);
      if (speaking) dropped.unshift(speaking);
      speaking = null;
      dropped.forEach((u, i) => setTimeout(() => fire(u, "error", { error: i ? "canceled" : "interrupted" }), 0));
    },
    pause() {}, resume() {},
  });
  Object.defineProperty(synth, "speaking", { get: () => !!speaking });
  Object.defineProperty(window, "speechSynthesis", { value: synth, configurable: true });
  Object.defineProperty(window, "SpeechSynthesisUtterance", { value: Utterance, configurable: true });
  window.__speech = speech;
  setTimeout(() => {
    loaded = true;
    const e = new Event("voiceschanged");
    synth.dispatchEvent(e);
    if (synth.onvoiceschanged) synth.onvoiceschanged(e);
    speech.announced = true;
  }, 100);
}

const run = serveAndLaunch(SITE_DIR);

/** A phone-sized page of `lang`'s article with the stubbed engine, or without JavaScript. */
async function open(lang, { js = true, colorScheme = "light", serviceWorkers = "allow", voices = VOICES, article = ARTICLE } = {}) {
  const context = await run.browser.newContext({ viewport: VIEWPORT, javaScriptEnabled: js, colorScheme, serviceWorkers });
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  if (js) {
    const cdp = await context.newCDPSession(page);
    await cdp.send("Page.enable");
    await cdp.send("Page.addScriptToEvaluateOnNewDocument", { source: `(${stub})(${JSON.stringify(voices)})` });
  }
  await page.goto(`${run.server.url}/${lang}/${article}/`);
  if (js) await page.waitForFunction(() => window.__speech.announced);
  return { context, page, errors };
}

/** State of the player: labels, visibility, the highlighted section. */
const player = (page) => page.evaluate(() => {
  const box = document.querySelector(".speak");
  const current = document.querySelector("[aria-current=true]");
  return {
    shown: !!box && !box.hidden && box.getBoundingClientRect().height > 0,
    play: box && box.querySelector(".play").textContent,
    stopShown: !!box && !box.querySelector(".stop").hidden,
    labels: box && { pause: box.dataset.pause, resume: box.dataset.resume },
    section: current ? current.id || current.tagName : null,
    highlighted: document.querySelectorAll(".speaking").length,
    speaking: window.__speech && window.__speech.speaking,
  };
});

/**
 * What should be read, worked out here on its own: the article without the
 * table of contents, dates, sources, the player and heading # links, cut
 * at every h2 of the text. Whitespace is dropped: the texts are compared
 * character for character.
 */
const expectedSections = (page) => page.evaluate(() => {
  const text = (el) => {
    const c = el.cloneNode(true);
    c.querySelectorAll(".anchor").forEach((a) => a.remove());
    return c.textContent.replace(/\s+/g, "");
  };
  const out = [{ section: "H1", text: "" }];
  for (const el of document.querySelector("article").children) {
    if (el.matches(".toc, .dates, .sources, .speak, script")) continue;
    for (const part of el.matches(".body") ? el.children : [el]) {
      if (part.tagName === "H2") out.push({ section: part.id, text: "" });
      out[out.length - 1].text += text(part);
    }
  }
  return out;
});

/** The texts of what is never read: the TOC, share block, sources and contact boxes. */
const skippedTitles = (page) => page.evaluate(() =>
  ["#toc-title", "#share-title", "#sources-title", "#contact-title"]
    .map((s) => document.querySelector(s)).filter(Boolean).map((h) => h.textContent.trim()));

// A fact check too: its claim and verdict are read with the title.
const READ = [["ar"], ["fa"], ["ru"], ["ro"], ["ar", "rumours/bamf-calls"]];
for (const [lang, article = ARTICLE] of READ) {
  test(`${lang}/${article}: with a voice for the language the button shows, and the article is read section by section`, { skip: !has(lang, article) && "not in this site", timeout: 60000 }, async () => {
    const { context, page, errors } = await open(lang, { article });
    const before = await player(page);
    assert.equal(before.shown, true, "the read-aloud button shows once the voices are known");
    assert.equal(before.stopShown, false, "no stop button before reading");
    const titles = await skippedTitles(page);
    assert.equal(titles.length, 4, `the article has a TOC, share block, sources and contact box: ${titles}`);
    const expected = await expectedSections(page);
    assert.ok(expected.length >= 4, `the article has sections: ${expected.map((s) => s.section)}`);

    await page.click(".speak .play");
    // The player reads to the end and stops by itself.
    await page.waitForFunction(() => window.__speech.spoken.length && !window.__speech.speaking
      && document.querySelector(".speak .stop").hidden, null, { timeout: 30000 });
    const spoken = await page.evaluate(() => window.__speech.spoken);
    const voice = VOICES.find((v) => v.lang.startsWith(lang)).name;
    for (const u of spoken) {
      assert.equal(u.lang, lang, `utterance in the page's language: ${u.text}`);
      assert.equal(u.voice, voice, "with the matching voice");
      assert.ok(u.highlighted > 0, `a section is highlighted while "${u.text}" is read`);
      assert.ok(!/#$/.test(u.text), `no heading # link read: "${u.text}"`);
      for (const t of titles) assert.ok(!u.text.includes(t), `"${t}" is not read: "${u.text}"`);
    }
    // Sections in order, each highlighted while it is read, each read whole.
    const got = [];
    for (const u of spoken) {
      if (!got.length || got[got.length - 1].section !== u.section) got.push({ section: u.section, text: "" });
      got[got.length - 1].text += u.text.replace(/\s+/g, "");
    }
    assert.deepEqual(got.map((s) => s.section), expected.map((s) => s.section), "sections in order, the highlight moving with them");
    for (let i = 0; i < got.length; i++) assert.equal(got[i].text, expected[i].text, `text of section ${got[i].section}`);
    const claim = await page.evaluate(() => document.querySelector(".claim blockquote")?.textContent.replace(/\s+/g, ""));
    if (claim) assert.ok(got[0].text.includes(claim), "a fact check's claim is read with its title");
    const after = await player(page);
    assert.equal(after.highlighted, 0, "no highlight once finished");
    assert.equal(after.section, null);
    assert.deepEqual(errors, []);
    await context.close();
  });
}

test("ar: pause cancels and resume reads the current section again from its start; stop ends", { skip: !has("ar") && "not in this site", timeout: 60000 }, async () => {
  const { context, page, errors } = await open("ar");
  const labels = (await player(page)).labels;
  const read = (await player(page)).play;
  assert.match(labels.pause + labels.resume + read, /^[\u0600-\u06FF\s\u064B-\u065F]+$/, "Arabic labels");
  await page.evaluate(() => { window.__speech.manual = true; });
  await page.click(".speak .play");
  const spoken = () => page.evaluate(() => window.__speech.spoken);
  // Read on until the second unit of the first h2 section is being spoken.
  const sections = await expectedSections(page);
  const target = sections[1].section;
  for (let n = 0; n < 200; n++) {
    await page.waitForFunction(() => window.__speech.speaking !== null);
    const s = await spoken();
    if (s.filter((u) => u.section === target).length === 2) break;
    await page.evaluate(() => window.__speech.finish());
  }
  const heard = await spoken();
  assert.equal(heard.filter((u) => u.section === target).length, 2, `reached section ${target}`);
  const head = heard.find((u) => u.section === target).text;
  let state = await player(page);
  assert.equal(state.play, labels.pause);
  assert.equal(state.stopShown, true);
  assert.equal(state.section, target, "the section being read is current");
  assert.ok(state.highlighted > 0);

  const cancels = await page.evaluate(() => window.__speech.cancels);
  await page.click(".speak .play");
  state = await player(page);
  assert.equal(state.play, labels.resume, "paused");
  assert.equal(state.speaking, null, "the engine is silent");
  assert.ok(await page.evaluate(() => window.__speech.cancels) > cancels, "pause cancels (Android has no real pause)");
  assert.equal(state.section, target, "the section stays highlighted while paused");
  await page.waitForTimeout(100);
  assert.equal((await spoken()).length, heard.length, "nothing more is read while paused");

  // The reading view with the player open is clean for axe, in light and dark.
  for (const colorScheme of ["light", "dark"]) {
    await page.emulateMedia({ colorScheme });
    const violations = await axe(page);
    assert.deepEqual(violations, [], `axe while paused (${colorScheme})`);
  }
  await page.emulateMedia({ colorScheme: "light" });

  await page.click(".speak .play");
  await page.waitForFunction((n) => window.__speech.spoken.length > n, heard.length);
  const resumed = (await spoken())[heard.length];
  assert.equal(resumed.section, target, "resume stays in the section");
  assert.equal(resumed.text, head, "and starts it again from its heading");
  state = await player(page);
  assert.equal(state.play, labels.pause);
  for (const colorScheme of ["light", "dark"]) {
    await page.emulateMedia({ colorScheme });
    assert.deepEqual(await axe(page), [], `axe while reading (${colorScheme})`);
  }
  await page.emulateMedia({ colorScheme: "light" });

  await page.click(".speak .stop");
  state = await player(page);
  assert.equal(state.play, read, "stopped: the button reads aloud again");
  assert.equal(state.stopShown, false);
  assert.equal(state.speaking, null);
  assert.equal(state.highlighted, 0);
  assert.equal(state.section, null);
  assert.equal(await page.evaluate(() => document.activeElement.className), "play", "focus stays on the player");
  const count = (await spoken()).length;
  await page.waitForTimeout(100);
  assert.equal((await spoken()).length, count, "nothing more is read after stop");
  // Reading again starts at the beginning.
  await page.click(".speak .play");
  await page.waitForFunction((n) => window.__speech.spoken.length > n, count);
  assert.equal((await spoken())[count].section, "H1");
  assert.deepEqual(errors, []);
  await context.close();
});

test("the highlight is visible in both directions and both colour schemes", { skip: !(has("ar") && has("ro")) && "not in this site", timeout: 60000 }, async () => {
  for (const lang of ["ar", "ro"]) {
    for (const colorScheme of ["light", "dark"]) {
      const { context, page } = await open(lang, { colorScheme });
      await page.evaluate(() => { window.__speech.manual = true; });
      await page.click(".speak .play");
      await page.waitForFunction(() => window.__speech.speaking !== null);
      const look = await page.evaluate(() => {
        const el = document.querySelector(".speaking");
        const s = getComputedStyle(el), r = el.getBoundingClientRect();
        return { bg: s.backgroundColor, page: getComputedStyle(document.body).backgroundColor, shadow: s.boxShadow, dir: getComputedStyle(el).direction, top: r.top, bottom: r.bottom };
      });
      assert.notEqual(look.bg, look.page, `${lang} ${colorScheme}: highlighted background`);
      assert.notEqual(look.shadow, "none");
      assert.equal(look.dir, expectedDirection(lang), `${lang} ${colorScheme}`);
      assert.ok(look.bottom > 0 && look.top < VIEWPORT.height, `${lang}: the section read is in view`);
      // Text and links keep their contrast on the highlight (axe-core does
      // not rate the Arabic pages' text in this Chromium: measured here too).
      const low = await page.evaluate(contrastOnHighlight);
      assert.deepEqual(low, [], `${lang} ${colorScheme}: contrast on the highlight`);
      assert.deepEqual(await axe(page), [], `${lang} ${colorScheme}: axe while reading`);
      await context.close();
    }
  }
});

test("no button without a voice for the page's language, nor without JavaScript", { skip: !(has("ps") && has("fa") && has("ar")) && "not in this site", timeout: 60000 }, async () => {
  const ps = await open("ps");
  assert.equal((await player(ps.page)).shown, false, "Pashto: no voice, no button");
  assert.deepEqual(ps.errors, []);
  await ps.context.close();
  // A phone with voices for Arabic and English, but not for Persian.
  const fa = await open("fa", { voices: VOICES.filter((v) => !v.lang.startsWith("fa")) });
  assert.equal((await player(fa.page)).shown, false, "Persian: no voice, no button");
  await fa.context.close();
  const nojs = await open("ar", { js: false });
  assert.equal(await nojs.page.locator(".speak").isVisible(), false, "without JavaScript nothing shows");
  assert.equal(await nojs.page.locator(".speak button").first().isVisible(), false);
  await nojs.context.close();
  // With a voice, the page loads no player until the button is tapped.
  const ar = await open("ar");
  const loaded = [];
  ar.page.on("request", (r) => loaded.push(new URL(r.url()).pathname));
  await ar.page.reload();
  await ar.page.waitForFunction(() => window.__speech.announced);
  await ar.page.waitForLoadState("networkidle");
  assert.ok(!loaded.some((p) => p.endsWith("/speak.js")), loaded.join(" "));
  assert.equal((await player(ar.page)).shown, true);
  await ar.page.click(".speak .play");
  await ar.page.waitForFunction(() => window.__speech.spoken.length > 0);
  assert.ok(loaded.some((p) => p.endsWith("/speak.js")), "the player loads on the first tap");
  await ar.context.close();
});

test("a tap without network can be repeated once the player is reachable", { skip: !has("ar") && "not in this site", timeout: 60000 }, async () => {
  // Without the offline worker, which would fetch the player itself.
  const { context, page, errors } = await open("ar", { serviceWorkers: "block" });
  let refused = 0;
  await page.route(/\/speak\.js(\?|$)/, (route) => (refused++ ? route.continue() : route.abort()));
  await page.click(".speak .play");
  await page.waitForFunction(() => [...document.scripts].some((s) => /speak\.js/.test(s.src)));
  await page.waitForTimeout(200);
  assert.equal(refused, 1, `the first load failed (${refused})`);
  assert.equal(await page.evaluate(() => window.__speech.spoken.length), 0);
  await page.click(".speak .play");
  await page.waitForFunction(() => window.__speech.spoken.length > 0);
  assert.equal(refused, 2, "the second tap loads the player");
  assert.deepEqual(errors, []);
  await context.close();
});

test("screenshots: an Arabic article with the button, and while reading", { skip: !has("ar") && "not in this site", timeout: 60000 }, async () => {
  const { context, page } = await open("ar");
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOT_DIR, "speak-ar.png") });
  await page.evaluate(() => { window.__speech.manual = true; });
  await page.click(".speak .play");
  await page.waitForFunction(() => window.__speech.speaking !== null);
  for (let n = 0; n < 200; n++) {
    const at = await page.evaluate(() => document.querySelector("[aria-current=true]").tagName);
    if (at === "H2") break;
    await page.evaluate(() => window.__speech.finish());
    await page.waitForFunction(() => window.__speech.speaking !== null);
  }
  await page.evaluate(() => window.__speech.finish());
  await page.waitForFunction(() => window.__speech.speaking !== null);
  await page.waitForTimeout(600); // the smooth scroll to the section
  await page.screenshot({ path: join(SCREENSHOT_DIR, "speak-ar-reading.png") });
  console.log(`read-aloud screenshots in ${SCREENSHOT_DIR}`);
  await context.close();
});

/** Texts in the highlighted section whose contrast with the highlight is below 4.5:1. */
function contrastOnHighlight() {
  const rgb = (c) => c.match(/[\d.]+/g).slice(0, 3).map(Number);
  const lum = (c) => {
    const [r, g, b] = rgb(c).map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const low = [];
  for (const section of document.querySelectorAll(".speaking")) {
    const bg = getComputedStyle(section).backgroundColor;
    for (const el of [section, ...section.querySelectorAll("*")]) {
      if (![...el.childNodes].some((n) => n.nodeType === 3 && n.data.trim())) continue;
      const own = getComputedStyle(el);
      if (own.backgroundColor !== "rgba(0, 0, 0, 0)" && el !== section) continue;
      const [a, b] = [lum(own.color), lum(bg)].sort((x, y) => y - x);
      const ratio = (a + 0.05) / (b + 0.05);
      if (ratio < 4.5) low.push(`${el.tagName} ${own.color} on ${bg}: ${ratio.toFixed(2)}`);
    }
  }
  return low;
}

/** axe-core's serious and critical violations (rule and element). */
async function axe(page) {
  if (!(await page.evaluate(() => !!window.axe))) await page.addScriptTag({ content: AXE_SOURCE });
  const result = await page.evaluate(() => window.axe.run(document));
  return result.violations.filter((v) => v.impact === "serious" || v.impact === "critical")
    .flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.html}`));
}
