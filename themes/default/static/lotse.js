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
  if (native && navigator.share) {
    native.hidden = false;
    native.addEventListener("click", function () {
      navigator.share({ title: title, url: url + location.hash }).catch(function () {});
    });
  }
})();
