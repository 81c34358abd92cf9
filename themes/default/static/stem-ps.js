// lotse: Pashto light stemmer: a joined د, plural and case endings, a port of src/search/stem.rs.
(function (g) {
  function strip(w, list, min) {
    for (var i = 0; i < list.length; i++) {
      var e = list[i];
      if (w.slice(-e.length) == e && w.length - e.length >= (min || 3)) return w.slice(0, -e.length);
    }
    return w;
  }
  var S = "گانو گاني گان ونو ونه انو اني ان و ي ه ا".split(" ");
  g.lotseStem = function (w) { return strip(w[0] == "د" && w.length > 3 ? w.slice(1) : w, S, 2); };
})(this);
