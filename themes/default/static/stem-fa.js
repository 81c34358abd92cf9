// lotse: Persian light stemmer: plural and ezafe suffixes, a port of src/search/stem.rs.
(function (g) {
  function strip(w, list, min) {
    for (var i = 0; i < list.length; i++) {
      var e = list[i];
      if (w.slice(-e.length) == e && w.length - e.length >= (min || 3)) return w.slice(0, -e.length);
    }
    return w;
  }
  var S = "هايي هاي ها يان ان ات يي اي ي".split(" ");
  g.lotseStem = function (w) { return strip(w, S); };
})(this);
