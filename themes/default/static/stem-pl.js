// lotse: Polish light stemmer: inflection endings, a port of src/search/stem.rs.
(function (g) {
  function strip(w, list, min) {
    for (var i = 0; i < list.length; i++) {
      var e = list[i];
      if (w.slice(-e.length) == e && w.length - e.length >= (min || 3)) return w.slice(0, -e.length);
    }
    return w;
  }
  var S = "owie ami ach ych ich ymi imi owi ego emu iej ow om em ie ia iu ej ym im a e i o u y".split(" ");
  g.lotseStem = function (w) { return strip(w, S); };
})(this);
