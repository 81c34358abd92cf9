// lotse search: finds pages of the reader's language. The index and the
// language's stemmer (stem-<lang>.js) load only when the reader starts a
// search. Letter folding is a port of src/search/normalize.rs; the format is
// described in docs/search.md.
(function () {
  "use strict";
  const MAP = Object.create(null);
  [["أإآٱ", "ا"], ["ىیېۍئ", "ي"], ["كڪ", "ک"], ["ګ", "گ"], ["ةۀھ", "ه"], ["ؤ", "و"],
    ["ёѐ", "е"], ["ѝ", "и"], ["àáâãäåāăą", "a"], ["æ", "ae"], ["çćĉċč", "c"], ["ďđð", "d"],
    ["èéêëēĕėęě", "e"], ["ĝğġģ", "g"], ["ĥħ", "h"], ["ìíîïĩīĭį", "i"], ["ĳ", "ij"], ["ĵ", "j"],
    ["ķĸ", "k"], ["ĺļľŀł", "l"], ["ñńņňŉ", "n"], ["òóôõöøōŏő", "o"], ["œ", "oe"], ["ŕŗř", "r"],
    ["śŝşšș", "s"], ["ß", "ss"], ["ţťŧț", "t"], ["ùúûüũūŭůűų", "u"], ["ŵ", "w"], ["ýÿŷ", "y"],
    ["źżž", "z"], ["þ", "th"]].forEach((p) => { for (const c of p[0]) MAP[c] = p[1]; });
  const UML = { "ä": "ae", "ö": "oe", "ü": "ue" };
  const DROP = /[\u064B-\u065F\u0670\u0640\u200B-\u200F\u061C\u202A-\u202E\u2066-\u2069\u00AD\uFEFF\u0300-\u036F]/;
  const CYR = /[\u0400-\u04FF]/, APOS = /['\u2019\u02BC]/;
  const ART = ["وال", "بال", "کال", "فال", "لل", "ال"];
  const STEMS = "ar bg de en fa fr pl ps ro ru tr uk".split(" "), SNOW = "de ro tr".split(" "), JOIN = ["fa", "ps"];
  let SEP;
  try {
    SEP = new RegExp("[^\\p{Alphabetic}\\p{N}]+", "u");
  } catch (e) { // before ES2018: punctuation and spaces of the site's scripts
    SEP = /[\s!-/:-@[-`{-~\u00A0-\u00BF\u2000-\u206F\u060C\u061B\u061F\u066A-\u066D\u06D4]+/;
  }

  function fold(text, ae) {
    const cs = Array.from(text);
    let out = "";
    cs.forEach((c, i) => {
      if (APOS.test(c) && i && CYR.test(cs[i - 1]) && CYR.test(cs[i + 1] || "")) return;
      if (c == "\u0130" || c == "\u0131") { out += "i"; return; }
      for (const l of c.toLowerCase()) {
        const k = l.charCodeAt(0);
        if (DROP.test(l)) continue;
        out += k >= 0x660 && k <= 0x669 ? k - 0x660 : k >= 0x6F0 && k <= 0x6F9 ? k - 0x6F0
          : (ae && UML[l]) || MAP[l] || l;
      }
    });
    return out;
  }
  function strip(t) {
    for (const a of ART) if (t.startsWith(a) && Array.from(t).length - a.length >= 3) return t.slice(a.length);
    return t;
  }
  const split = (f) => f.split(SEP).filter(Boolean).map(strip);
  const normalize = (t) => fold(t);
  const tokens = (t) => split(fold(t));
  function indexTokens(t) {
    const out = tokens(t).concat(split(fold(t, 1)));
    if (t.includes("\u200C")) out.push(...tokens(t.split("\u200C").join(" ")));
    return [...new Set(out)];
  }

  const MORE = "0123456789ABCDEFGHIJKLMNOPQRSTUV", LAST = "WXYZabcdefghijklmnopqrstuvwxyz.-";
  function front(s) {
    let prev = "";
    return s ? s.split(" ").map((e) => (prev = prev.slice(0, e.charCodeAt(0) - 65) + e.slice(1))) : [];
  }
  function load(j) {
    const owner = [], groups = (j.groups || "").split(" "), stems = new Map();
    j.docs.forEach((r, d) => { for (let s = 0; s < (r.length - 2) / 2; s++) owner.push([d, s]); });
    front(j.stems).forEach((st, i) => stems.set(st, postings(groups[i])));
    return { docs: j.docs, max: j.max || 0, lang: j.lang, owner, terms: front(j.terms), post: j.post.split(" "), stems };
  }
  function postings(s) {
    const out = [];
    let acc = 0, last = -1;
    for (const ch of s) {
      const m = MORE.indexOf(ch), l = LAST.indexOf(ch);
      if (m >= 0) acc = acc * 32 + m;
      else if (l >= 0) { out.push(last += acc * 32 + l + 1); acc = 0; }
    }
    return out;
  }

  // Whether a and b are at most one edit apart (a letter added, dropped,
  // changed, or two neighbours swapped).
  function edit1(a, b) {
    const m = a.length, n = b.length;
    if (m - n > 1 || n - m > 1) return 0;
    let i = 0;
    while (i < m && a[i] == b[i]) i++;
    if (i >= m || i >= n) return 1;
    if (m == n) return a.slice(i + 1) == b.slice(i + 1) || (a[i] == b[i + 1] && a[i + 1] == b[i] && a.slice(i + 2) == b.slice(i + 2));
    return m > n ? a.slice(i + 1) == b.slice(i) : a.slice(i) == b.slice(i + 1);
  }
  // A typed word near a term; a term of max letters may be a cut word.
  function near(w, t, max) {
    if (!max || t.length < max) return edit1(w, t);
    for (let k = max - 1; k <= max + 1; k++) if (w.length >= k && edit1(w.slice(0, k), t)) return 1;
    return 0;
  }

  // Every word must match a term of the page: as typed (or a prefix of a
  // term), by its stem, or, from five letters on, with one typo. The title
  // counts most, then headings, then text. Returns [{title, url, heading}].
  const W = [1, 3, 6];
  const sum = (a) => a.reduce((x, y) => x + y, 0);
  function search(ix, query, limit) {
    const cutw = (c) => {
      const cs = Array.from(c);
      return ix.max && cs.length >= ix.max ? [cs.slice(0, ix.max).join(""), 1] : [c, 0];
    };
    let words = tokens(query), alts = split(fold(query, 1));
    // Persian and Pashto writers join or split words as they please: a word
    // that no term starts with is tried as two words that are both terms.
    if (JOIN.includes(ix.lang)) {
      const has = ix.has || (ix.has = new Set(ix.terms)), term = (x) => has.has(cutw(x)[0]);
      alts = words = words.flatMap((w) => {
        const c = cutw(w)[0];
        if (ix.terms.some((t) => t.startsWith(c))) return [w];
        for (let k = 2; k < w.length - 1; k++) if (term(w.slice(0, k)) && term(w.slice(k))) return [w.slice(0, k), w.slice(k)];
        return [w];
      });
    }
    const n = words.length, free = [], hits = new Map();
    // Snowball for de ro tr reads letters that folding removes: the words as
    // typed, lowercase, if they line up (src/search/stem.rs diacritic_stems).
    let raw = SNOW.includes(ix.lang) ? query.toLowerCase().split(SEP).filter(Boolean) : [];
    if (raw.length != n) raw = [];
    // Letters alone are not indexed: beside longer words they match every page.
    const alone = words.map((w) => w.length < 2 && words.some((x) => x.length > 1));
    words.forEach((w, i) => {
      if (alone[i]) { free[i] = 1; return; }
      const cands = new Set([w, alts[i]]);
      if (i == n - 1) for (const a of ART) if (w.startsWith(a) && w.length > a.length) { cands.add(w.slice(a.length)); break; }
      // A word is its own stem where the index has none (or no stemmer loaded).
      const cut = [...cands].map(cutw), st = ix.stem ? ix.stem(w) : w, c = cutw(st)[0];
      const typo = [w, st].filter((x) => x.length > 4), byStem = new Set(), byTypo = new Set();
      const group = (g, to) => { for (const k of g) to.add(k); };
      let d = raw[i] && ix.stem ? tokens(ix.stem(raw[i])) : [];
      d = d.length == 1 ? cutw(d[0])[0] : c;
      if (st.length > 1 && ix.stems) {
        group(ix.stems.get(c) || [], byStem);
        if (d != c) group(ix.stems.get(d) || [], byStem);
        if (st.length > 4) ix.stems.forEach((g, key) => { if (near(st, key, ix.max)) group(g, byTypo); });
      }
      ix.terms.forEach((t, k) => {
        let f = 0;
        for (const [c, whole] of cut) f = t == c ? 1 : !whole && f < 1 && t.startsWith(c) ? 0.5 : f;
        if (f < 0.8 && st.length > 1 && (t == c || t == d || byStem.has(k) || (c.length > 3 && t.startsWith(c)) || (d.length > 3 && t.startsWith(d)))) f = 0.8;
        if (!f && (byTypo.has(k) || typo.some((x) => near(x, t, ix.max)))) f = 0.3;
        if (!f) return;
        if (ix.post[k][0] == "!") free[i] = 1;
        for (const v of postings(ix.post[k])) {
          const [d, s] = ix.owner[(v / 3) | 0], field = v % 3, sc = W[field] * f;
          let h = hits.get(d);
          if (!h) hits.set(d, h = { best: Array(n).fill(0), title: [], sec: new Map() });
          h.best[i] = Math.max(h.best[i], sc);
          if (field == 2) h.title[i] = 1;
          else {
            let a = h.sec.get(s);
            if (!a) h.sec.set(s, a = Array(n).fill(0));
            a[i] = Math.max(a[i], sc);
          }
        }
      });
    });
    // Pages with every word; of three words or more, one may be missing.
    const res = [], need = n < 3 ? n : n - 1;
    hits.forEach((h, d) => {
      if (h.best.filter((b, i) => b || free[i]).length < need) return;
      // The section where the words weigh most. When they are all in the
      // title: the page, or the one section whose heading has them all.
      // A stop word counts as in the title if the page has it nowhere else;
      // a heading has a word as typed or by its stem.
      const whole = words.every((w, i) => h.title[i] || (free[i] && !h.best[i])), heads = [];
      let best = -1, top = 0;
      h.sec.forEach((a, s) => {
        const x = sum(a);
        if (a.every((v, i) => v >= 2.4 || (free[i] && !h.title[i]))) heads.push(s);
        if (x > top || (x == top && s < best)) { top = x; best = s; }
      });
      if (whole) best = heads.length == 1 ? heads[0] : -1;
      const row = ix.docs[d], id = best < 0 ? "" : row[2 + 2 * best];
      res.push({ d, score: sum(h.best) + h.sec.size / 10, title: row[0], url: row[1] + (id ? "#" + id : ""), heading: best < 0 ? "" : row[3 + 2 * best] });
    });
    return res.sort((a, b) => b.score - a.score || a.d - b.d).slice(0, limit || 10);
  }

  function init(form) {
    const doc = document, input = form.querySelector("input[name=q]"), box = form.querySelector(".results");
    if (!input || !box) return;
    const ds = form.dataset, lang = doc.documentElement.lang, el = (tag, cls, text) => {
      const e = doc.createElement(tag);
      if (cls) e.className = cls;
      if (text) e.textContent = text;
      return e;
    };
    let ix, loading, timer;
    // The stemmer of the page's language loads beside the index; without
    // it, words are still found as typed and with typos.
    const stem = STEMS.includes(lang) && ds.script ? new Promise((ok) => {
      const s = el("script");
      s.src = ds.script.replace(/search\.js/, "stem-" + lang + ".js");
      s.onload = s.onerror = ok;
      doc.head.appendChild(s);
    }) : 0;
    const get = () => loading || (loading = Promise.all([fetch(ds.index)
      .then((r) => { if (!r.ok) throw Error(r.status); return r.json(); }), stem])
      .then(([j]) => { ix = load(j); if (ix.lang == lang) ix.stem = window.lotseStem; return ix; }, (e) => { loading = null; throw e; }));
    function count(n) {
      let cat = "other";
      try { cat = new Intl.PluralRules(lang).select(n); } catch (e) { /* old browser */ }
      const t = ds["found" + cat[0].toUpperCase() + cat.slice(1)] || ds.foundOther || "{count}";
      return t.replace("{count}", n.toLocaleString(lang));
    }
    function show(focus) {
      const q = input.value.trim();
      clearTimeout(timer);
      if (!q) { box.textContent = ""; return; }
      get().then(() => {
        if (input.value.trim() != q) return;
        const r = search(ix, q, 10), ul = el("ul");
        box.textContent = "";
        box.appendChild(el("p", "status", r.length ? count(r.length) : ds.none || "0"));
        for (const x of r) {
          const a = el("a");
          a.href = x.url;
          a.appendChild(el("span", "title", x.title));
          if (x.heading) a.appendChild(el("span", "section", x.heading));
          ul.appendChild(el("li")).appendChild(a);
        }
        if (r.length) box.appendChild(ul);
        if (focus && r.length) ul.querySelector("a").focus();
      }, () => { box.textContent = ""; box.appendChild(el("p", "status", ds.error || "!")); });
    }
    form.hidden = false;
    doc.querySelectorAll(".search-fallback").forEach((e) => { e.hidden = true; });
    input.addEventListener("focus", () => { get().catch(() => {}); });
    // Once the index is there, results follow each keystroke at once.
    input.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(show, ix ? 0 : 150); });
    form.addEventListener("submit", (e) => { e.preventDefault(); show(1); });
    form.addEventListener("keydown", (e) => {
      const links = [...box.querySelectorAll("a")], i = links.indexOf(doc.activeElement);
      if (e.key == "Escape") { input.value = ""; box.textContent = ""; input.focus(); }
      if ((e.key != "ArrowDown" && e.key != "ArrowUp") || !links.length) return;
      e.preventDefault();
      const j = e.key == "ArrowDown" ? Math.min(i + 1, links.length - 1) : i - 1;
      (j < 0 ? input : links[j]).focus();
    });
    const q = new URLSearchParams(location.search).get("q");
    if (q) input.value = q;
    if (input.value) show();
    else if (doc.activeElement == input) get().catch(() => {});
  }

  if (typeof module == "object" && module.exports) {
    module.exports = { normalize, tokens, indexTokens, load, postings, search, edit1 };
  } else {
    document.querySelectorAll("form.search[data-index]").forEach(init);
  }
})();
