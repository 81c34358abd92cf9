// lotse: Arabic light stemmer after Larkey's light10, a port of src/search/stem.rs.
(function (g) {
  var P = ["وال", "بال", "کال", "فال", "لل", "ال"], S = ["ها", "ان", "ات", "ون", "ين", "يه", "ه", "ي"];
  g.lotseStem = function (w) {
    var i, a;
    if (w[0] == "و" && w.length > 3) w = w.slice(1);
    for (i = 0; i < P.length; i++) {
      a = P[i];
      if (w.slice(0, a.length) == a && w.length - a.length > 1) { w = w.slice(a.length); break; }
    }
    for (i = 0; i < S.length; i++) {
      a = S[i];
      if (w.slice(-a.length) == a && w.length - a.length > 1) w = w.slice(0, -a.length);
    }
    return w;
  };
})(this);
