// lotse: small enhancements; every page works without this script.
(function () {
  var d = document, html = d.documentElement;
  // Remember the reader's language for language-neutral links.
  if (html.getAttribute("data-kind") !== "root") {
    try { localStorage.setItem("lotse-lang", html.lang); } catch (e) {}
  }
  // Language links keep the #section the reader is looking at.
  d.addEventListener("click", function (e) {
    var a = e.target.closest && e.target.closest(".langs a, .translations a");
    if (a && location.hash) a.href = a.href.split("#")[0] + location.hash;
  });
  // Search: the form shows at once; its script and index load on first use.
  var form = d.querySelector("form.search[data-script]");
  if (form) {
    form.hidden = false;
    var fallback = d.querySelector(".search-fallback");
    if (fallback) fallback.hidden = true;
    var start = function () {
      form.removeEventListener("focusin", start);
      var s = d.createElement("script");
      s.src = form.getAttribute("data-script");
      s.onload = function () {
        var input = form.querySelector("input");
        input.dispatchEvent(new Event("focus"));
        if (input.value) input.dispatchEvent(new Event("input"));
      };
      d.head.appendChild(s);
    };
    form.addEventListener("focusin", start);
  }
  // Offline reading: a service worker keeps the pages the reader opened.
  var worker = html.getAttribute("data-sw");
  if (worker && "serviceWorker" in navigator) {
    navigator.serviceWorker.register(worker).then(function () {
      return navigator.serviceWorker.ready;
    }).then(function (reg) {
      var urls = (html.getAttribute("data-precache") || "").split(" ").filter(Boolean);
      if (reg.active) reg.active.postMessage({ type: "lotse-precache", urls: urls });
    }).catch(function () {});
  }
  // read-aloud:start (at most 300 bytes gzip: tests/budget.rs)
  // Read aloud, with a voice for the page's language (which may come late).
  var speak = d.querySelector(".speak"), ss = window.speechSynthesis, main = function (l) {
    return l.split(/[-_]/)[0].toLowerCase();
  };
  if (speak && ss) {
    var voices = function () {
      if (ss.getVoices().some(function (v) { return main(v.lang) == main(html.lang); })) speak.hidden = false;
    };
    voices();
    ss.addEventListener("voiceschanged", voices);
    var tap = speak.querySelector("button"), load = function () {
      tap.removeEventListener("click", load);
      var s = d.createElement("script");
      s.src = speak.getAttribute("data-script");
      s.onerror = function () { tap.addEventListener("click", load); };
      d.head.appendChild(s);
    };
    tap.addEventListener("click", load);
  }
  // read-aloud:end
  var share = d.querySelector(".share");
  if (!share) return;
  var url = share.getAttribute("data-url"), title = share.getAttribute("data-title");
  var copy = share.querySelector(".copy"), native = share.querySelector(".native");
  function done() { copy.textContent = copy.getAttribute("data-done"); }
  if (copy) {
    copy.hidden = false;
    copy.addEventListener("click", function () {
      var link = url + location.hash;
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(link).then(done, fallback);
      } else fallback();
      function fallback() {
        var t = d.createElement("textarea");
        t.value = link; t.setAttribute("readonly", ""); t.style.position = "fixed"; t.style.opacity = "0";
        d.body.appendChild(t); t.select();
        try { if (d.execCommand("copy")) done(); } catch (e) {}
        d.body.removeChild(t);
      }
    });
  }
  // Chat buttons share the section the reader is at (an address #, or a tapped heading #).
  var enc = function (s) {
    return encodeURIComponent(s).replace(/[!'()*]/g, function (c) { return "%" + c.charCodeAt(0).toString(16).toUpperCase(); });
  };
  var links = share.querySelectorAll("a[href]");
  function section() {
    for (var i = 0; i < links.length; i++) {
      var a = links[i], h = a.getAttribute("data-href") || a.getAttribute("href");
      a.setAttribute("data-href", h);
      a.href = h.split(enc(url)).join(enc(url + location.hash));
    }
  }
  section();
  window.addEventListener("hashchange", section);
  if (native && navigator.share) {
    native.hidden = false;
    native.addEventListener("click", function () {
      navigator.share({ title: title, url: url + location.hash }).catch(function () {});
    });
  }
})();
