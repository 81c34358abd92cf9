// lotse: Bulgarian light stemmer: the article, then inflection endings, a port of src/search/stem.rs.
(function (g) {
  function strip(w, list, min) {
    for (var i = 0; i < list.length; i++) {
      var e = list[i];
      if (w.slice(-e.length) == e && w.length - e.length >= (min || 3)) return w.slice(0, -e.length);
    }
    return w;
  }
  var A = "ите ият ата ото ето ята ът ят та то те я".split(" "), S = "ища ове еве ия ни на но ен а я о е и".split(" ");
  g.lotseStem = function (w) { return strip(strip(w, A), S); };
})(this);
