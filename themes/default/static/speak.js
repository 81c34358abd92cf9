// lotse read aloud: reads the article section by section (the intro, then
// each h2 section) with the phone's own speech engine (Web Speech API).
// lotse.js loads it on the first tap of the button, once it has seen a voice
// for the page's language; it starts reading at once.
(function () {
  "use strict";
  const d = document, ss = speechSynthesis, box = d.querySelector(".speak");
  const play = box.querySelector(".play"), stop = box.querySelector(".stop"), READ = play.textContent;
  const article = box.closest("article"), lang = d.documentElement.lang;
  // Not read: the table of contents, dates, sources, heading # links, this player.
  const SKIP = ".toc, .dates, .sources, .anchor, .speak, [hidden], [aria-hidden=true], script, style, template";
  // Text within one of these is spoken as one utterance.
  const BLOCK = "p, li, dt, dd, th, td, caption, figcaption, pre, blockquote, h1, h2, h3, h4, h5, h6, div, section, article";
  const main = (l) => l.split(/[-_]/)[0].toLowerCase();

  // Long paragraphs are cut after a sentence (engines stop after a few thousand characters).
  function cut(t) {
    if (t.length < 300) return [t];
    const out = [];
    for (const s of t.replace(/([.!?؟۔])\s+/g, "$1\n").split("\n")) {
      const i = out.length - 1;
      if (i >= 0 && out[i].length + s.length < 300) out[i] += " " + s; else out.push(s);
    }
    return out;
  }
  function texts(els) {
    const out = [];
    let block = null;
    for (const el of els) {
      const walk = d.createTreeWalker(el, NodeFilter.SHOW_TEXT);
      for (let n; (n = walk.nextNode());) {
        if (n.parentElement.closest(SKIP)) continue;
        const b = n.parentElement.closest(BLOCK);
        if (b !== block || !out.length) out.push("");
        block = b;
        out[out.length - 1] += n.data;
      }
    }
    return out.map((t) => t.replace(/\s+/g, " ").trim()).filter(Boolean).flatMap(cut);
  }
  // The intro (title, claim, notices, text before the first h2), then one section per h2.
  const sections = [{ els: [] }];
  const add = (el) => {
    if (el.matches(SKIP)) return;
    if (el.tagName == "H2") sections.push({ els: [] });
    sections[sections.length - 1].els.push(el);
  };
  for (const el of article.children) {
    if (el.matches(".body")) for (const c of el.children) add(c);
    else add(el);
  }
  const list = sections.map((s) => ({ els: s.els, texts: texts(s.els) })).filter((s) => s.texts.length);

  // at: the section read or paused; run: counts utterances, so that the end of
  // a cancelled one is ignored; state: 0 stopped, 1 reading, 2 paused;
  // current: the utterance spoken, held so that Chrome cannot collect it
  // before its end event.
  let at = 0, run = 0, state = 0, current;
  // A voice on the phone first (Chrome's network voices stop after about 15
  // seconds), then the reader's default, then one of the page's region.
  function voice() {
    const score = (v) => (v.localService ? 4 : 0) + (v.default ? 2 : 0)
      + (v.lang.replace("_", "-").toLowerCase() == lang.toLowerCase() ? 1 : 0);
    return ss.getVoices().filter((v) => main(v.lang) == main(lang)).sort((a, b) => score(b) - score(a))[0];
  }
  function mark(i) {
    for (const el of article.querySelectorAll(".speaking")) {
      el.classList.remove("speaking");
      el.removeAttribute("aria-current");
    }
    if (i < 0) return;
    const els = list[i].els, head = els.find((el) => /^H[12]$/.test(el.tagName)) || els[0];
    els.forEach((el) => el.classList.add("speaking"));
    head.setAttribute("aria-current", "true");
    const still = matchMedia("(prefers-reduced-motion: reduce)").matches;
    els[0].scrollIntoView({ block: "start", behavior: still ? "auto" : "smooth" });
  }
  function say(i, k) {
    const mine = ++run;
    if (i >= list.length) return end();
    if (!k) mark(i);
    at = i;
    const u = current = new SpeechSynthesisUtterance(list[i].texts[k]);
    u.lang = lang;
    const v = voice();
    if (v) u.voice = v;
    u.onend = () => {
      if (mine == run) k + 1 < list[i].texts.length ? say(i, k + 1) : say(i + 1, 0);
    };
    u.onerror = (e) => {
      if (mine == run && e.error != "interrupted" && e.error != "canceled") end();
    };
    ss.speak(u);
  }
  function show() {
    play.textContent = state == 1 ? box.dataset.pause : state == 2 ? box.dataset.resume : READ;
    stop.hidden = !state;
    box.classList.toggle("on", !!state);
  }
  // Only when needed: some engines drop an utterance spoken right after cancel().
  function silence() {
    run++;
    current = null;
    if (ss.speaking || ss.pending) ss.cancel();
  }
  function end() {
    silence();
    state = at = 0;
    mark(-1);
    show();
  }
  // Android's engine treats pause as cancel: pausing stops, and resuming
  // starts the current section again.
  function toggle() {
    silence();
    if (state == 1) state = 2;
    else {
      state = 1;
      say(at, 0);
    }
    show();
  }
  play.addEventListener("click", toggle);
  stop.addEventListener("click", () => {
    end();
    play.focus();
  });
  addEventListener("pagehide", end);
  toggle();
})();
