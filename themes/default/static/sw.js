// lotse offline: network first, the cache only when the network fails.
// Registered as /sw.js; lotse writes the build version (LOTSE_BUILD) as its first line. Contract in docs/search.md.
"use strict";
const PREFIX = "lotse-", SAVED = "x-lotse-saved", MAX_URLS = 60;

const cacheName = (search) => PREFIX + (new URLSearchParams(search).get("v") || "0");

function attr(html, name) {
  const m = new RegExp("\\s" + name + "=(?:\"([^\"]*)\"|'([^']*)'|([^\\s>]+))", "i").exec(html);
  return m ? m[1] || m[2] || m[3] || "" : null;
}

// The page saved on `saved` (ISO date) with a note at the top of <body>.
function banner(html, saved) {
  const lang = attr(html, "lang") || undefined;
  const when = new Date(saved);
  let date = isNaN(when) ? "" : saved.slice(0, 10);
  try {
    if (date) date = when.toLocaleDateString(lang, { year: "numeric", month: "long", day: "numeric" });
  } catch (e) { /* unknown language: keep YYYY-MM-DD */ }
  const text = (attr(html, "data-offline") || "Offline: {date}").replace("{date}", date.replace(/[&<]/g, (c) => (c == "&" ? "&amp;" : "&lt;")));
  const note = '<p class="offline" role="status">' + text.replace(/</g, "&lt;") + "</p>";
  const m = /<body[^>]*>/i.exec(html), at = m ? m.index + m[0].length : 0;
  return html.slice(0, at) + note + html.slice(at);
}

const isHtml = (res) => /text\/html/.test(res.headers.get("content-type") || "");

// Whether a response to a GET of `url` may be kept (same origin, complete, not the worker).
function keep(url, res, origin) {
  const u = new URL(url);
  return u.origin == origin && res.status == 200 && res.type == "basic" &&
    !/no-store/.test(res.headers.get("cache-control") || "") && !/\/sw\.js$/.test(u.pathname);
}

if (typeof module == "object" && module.exports) {
  module.exports = { cacheName, attr, banner, keep, SAVED };
} else {
  // lotse writes the build's version as the first line of this file.
  const CACHE = self.LOTSE_BUILD ? PREFIX + self.LOTSE_BUILD : cacheName(self.location.search);
  const origin = self.location.origin;
  const open = () => caches.open(CACHE);
  const stamp = (res) => res.blob().then((body) => {
    const headers = new Headers(res.headers);
    headers.set(SAVED, new Date().toISOString());
    return new Response(body, { status: res.status, statusText: res.statusText, headers });
  });
  const store = (req, res) => stamp(res).then((copy) => open().then((c) => c.put(req, copy)));

  self.addEventListener("install", (e) => e.waitUntil(self.skipWaiting()));
  // A new build: keep the pages the reader saved, drop everything else of older builds.
  const carry = (name) => caches.open(name).then((old) => old.keys().then((reqs) => Promise.all(reqs.map((r) =>
    old.match(r).then((res) => res && isHtml(res) && open().then((c) => c.match(r).then((has) => has || c.put(r, res))))))));
  self.addEventListener("activate", (e) => e.waitUntil(caches.keys()
    .then((keys) => Promise.all(keys.filter((k) => k.startsWith(PREFIX) && k != CACHE)
      .map((k) => carry(k).then(() => caches.delete(k)))))
    .then(() => self.clients.claim())));

  self.addEventListener("fetch", (e) => {
    const req = e.request;
    if (req.method != "GET" || new URL(req.url).origin != origin) return;
    e.respondWith(fetch(req).then((res) => {
      if (keep(req.url, res, origin)) e.waitUntil(store(req, res.clone()).catch(() => {}));
      return res;
    }, (err) => open().then((c) => c.match(req, { ignoreSearch: true })).then((hit) => {
      if (!hit) throw err;
      if (!isHtml(hit)) return hit;
      return hit.text().then((html) => new Response(banner(html, hit.headers.get(SAVED) || ""), {
        status: 200, headers: { "content-type": hit.headers.get("content-type") },
      }));
    })));
  });

  // {type: "lotse-precache", urls: [...]} from a page: save these pages of the
  // reader's language and the page itself, unless saved already.
  self.addEventListener("message", (e) => {
    const m = e.data;
    if (!m || m.type != "lotse-precache" || !Array.isArray(m.urls)) return;
    const urls = m.urls.slice(0, MAX_URLS).concat(e.source && e.source.url ? [e.source.url] : []);
    e.waitUntil(open().then((c) => Promise.all(urls.map((u) => {
      const url = new URL(u, self.location.href);
      url.hash = "";
      if (url.origin != origin) return null;
      return c.match(url.href).then((has) => has || fetch(url.href)
        .then((res) => keep(url.href, res, origin) && store(url.href, res))).catch(() => {});
    }))));
  });
}
