// lotse: Ukrainian light stemmer: inflection endings, a port of src/search/stem.rs.
(function (g) {
  function strip(w, list, min) {
    for (var i = 0; i < list.length; i++) {
      var e = list[i];
      if (w.slice(-e.length) == e && w.length - e.length >= (min || 3)) return w.slice(0, -e.length);
    }
    return w;
  }
  var S = "ового ьому ього ами ями ові еві ого ому ими іми ися ася ись ння нню ах ях ом ем ою ею ів їв ей их іх ий ій ої ую юю ая ти ть ся сь ні а я о е у ю и і ї ь й".split(" ");
  g.lotseStem = function (w) { return strip(w, S); };
})(this);
